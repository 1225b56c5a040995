//! Stage 3: lower resolved requests into the IR: operation and parameter names, typed parameters,
//! path templates, and the saved examples grouped by status.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::Diagnostics;
use crate::infer::shape::Shape;
use crate::ir::{
    Api, AuthScheme, CredentialKinds, Example, ExampleRequest, Operation, ParamLocation, ParamType, Parameter, PathPart, RequestBody,
    Response,
};
use crate::names::{is_keyword, is_reserved_type, pascal_ident, snake_ident, Scope};
use crate::parse::lenient::StringOr;
use crate::parse::model::Request;
use crate::resolve::{parse_url, url_parts, Resolved, ResolvedRequest, UrlParts};

/// Method names of the generated `Client` that operations must not take.
const CLIENT_METHODS: &[&str] = &["builder", "base_url", "http_client", "with_retry", "without_retry", "new", "clone", "fmt"];
/// Field and method names of the generated request builders that parameters must not take.
const BUILDER_MEMBERS: &[&str] =
    &["client", "send", "send_with_response", "send_blocking", "send_with_response_blocking", "stream", "new", "into_future", "clone", "fmt"];

/// Lowers a resolved collection to the IR (types are filled in later by inference).
pub fn lower(resolved: &Resolved<'_>, diagnostics: &mut Diagnostics) -> Api {
    lower_with(resolved, &BTreeMap::new(), diagnostics)
}

/// [`lower`], where an operation keeps the name `previous` gives its place ([`operation_place`],
/// from the crate's [`crate::lock`] file) while that name is free.
pub fn lower_with(resolved: &Resolved<'_>, previous: &BTreeMap<String, String>, diagnostics: &mut Diagnostics) -> Api {
    let written: Vec<String> = resolved.requests.iter().map(|r| substitute(&r.url.origin, &resolved.variables)).collect();
    let origins: Vec<Option<String>> = written.iter().map(|origin| origin_url(origin)).collect();
    let base_url = most_common(origins.iter().flatten());
    let base_url_template = if base_url.is_some() { None } else { most_common(written.iter().filter(|o| origin_template(o).is_some())).and_then(|o| origin_template(&o)) };
    let environments = resolved
        .environments
        .iter()
        .filter_map(|(name, variables)| {
            let origins: Vec<String> = resolved.requests.iter().filter_map(|r| origin_url(&substitute(&r.url.origin, variables))).collect();
            Some((name.clone(), most_common(origins.iter())?))
        })
        .collect();
    for ((request, origin), written) in resolved.requests.iter().zip(&origins).zip(&written) {
        if let Some(scheme) = other_scheme(written) {
            diagnostics.warn(
                &request.json_path,
                &format!("this request's URL is `{scheme}://`, which an HTTP client does not send; its path is taken relative to the base URL"),
            );
        }
        if origin.is_some() && *origin != base_url {
            diagnostics.warn(
                &request.json_path,
                &format!(
                    "this request goes to {}, not to the client's base URL; its path is taken relative to the base URL",
                    origin.as_deref().unwrap_or_default()
                ),
            );
        }
    }
    let mut operations: Vec<Operation> = resolved.requests.iter().map(|request| lower_operation(request, &resolved.variables, diagnostics)).collect();
    let client_settings = client_settings(&operations, base_url_template.as_ref());
    // Named once lowered: a name from the path ([`rest_name`]) reads the parameters lowering found.
    let names = operation_names(&operations, previous);
    let operation_names: BTreeMap<String, String> = operations.iter().zip(&names).map(|(op, name)| (operation_place(op), name.clone())).collect();
    let mut builder_scope = Scope::default();
    for (op, name) in operations.iter_mut().zip(names) {
        let base = pascal_ident(&name, "Request");
        let base = if is_reserved_type(&base) { format!("{base}Request") } else { base };
        op.builder_name = builder_scope.claim(&base, true);
        op.name = name;
    }
    let mut credentials = CredentialKinds::default();
    for op in &operations {
        match &op.auth {
            AuthScheme::BearerHeader { .. } | AuthScheme::TokenQuery => credentials.token = true,
            AuthScheme::Basic => credentials.basic = true,
            AuthScheme::ApiKeyHeader { .. } | AuthScheme::ApiKeyQuery { .. } => credentials.api_key = true,
            AuthScheme::None | AuthScheme::Unsupported { .. } => {}
        }
    }
    credentials.oauth2 = credentials.token && resolved.requests.iter().any(|r| r.auth_kind.as_deref() == Some("oauth2"));
    let oauth2 = if credentials.oauth2 { resolved.requests.iter().find_map(|r| oauth2_flow(&r.oauth2, &resolved.variables)) } else { None };
    let unresolved = unresolved_report(resolved, &operations, &written, base_url_template.as_ref(), &client_settings);
    let json_paths: Vec<&str> = resolved.requests.iter().map(|r| r.json_path.as_str()).collect();
    let client_methods: Vec<&str> = CLIENT_METHODS.iter().copied().chain(operations.iter().map(|op| op.name.as_str())).collect();
    let (folders, owners) = crate::folders::folders(&operations, &json_paths, &client_methods);
    for (op, owner) in operations.iter_mut().zip(owners) {
        op.folder = owner;
    }
    Api {
        title: resolved.title.clone(),
        description: resolved.description.clone(),
        base_url,
        base_url_template,
        client_settings,
        unresolved,
        environments,
        credentials,
        oauth2,
        paging: Vec::new(),
        operations,
        folders,
        types: Vec::new(),
        type_names: Default::default(),
        operation_names,
    }
}

/// The base URL an origin stands for, once its `{{variables}}` are [`substitute`]d: an absolute
/// HTTP(S) URL without any unknown variable left.
fn origin_url(origin: &str) -> Option<String> {
    let trimmed = origin.trim().trim_end_matches('/');
    let (scheme, rest) = trimmed.split_once("://")?;
    let absolute = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    // The scheme and host are case-insensitive (RFC 3986): `HTTPS://API.Example.com` is
    // `https://api.example.com`. The path keeps its case.
    let (authority, path) = rest.find('/').map_or((rest, ""), |slash| rest.split_at(slash));
    let (user, host) = authority.rsplit_once('@').map_or(("", authority), |(user, host)| (&authority[..=user.len()], host));
    (absolute && !trimmed.contains("{{")).then(|| format!("{}://{user}{}{path}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

/// Builder methods a base URL variable's setter cannot be named.
const CLIENT_BUILDER_METHODS: &[&str] =
    &["base_url", "http_client", "timeout", "connect_timeout", "retry", "hook", "on_request", "on_response", "build", "bearer_token", "basic_auth", "api_key", "token_provider", "oauth2", "clone", "fmt", "default"];

/// The template an origin is when variables no one set are left in it: an absolute HTTP(S) URL once
/// each `{{name}}` (a plain name, not a dynamic `$name`) stands for a host label.
fn origin_template(origin: &str) -> Option<crate::ir::BaseUrlTemplate> {
    let trimmed = origin.trim().trim_end_matches('/');
    if !trimmed.contains("{{") {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let mut filled = String::new();
    let mut rest = trimmed;
    while let Some(start) = rest.find("{{") {
        let end = rest[start..].find("}}")? + start;
        let name = rest[start + 2..end].trim();
        let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !plain {
            return None;
        }
        filled.push_str(&rest[..start]);
        filled.push('x');
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
        rest = &rest[end + 2..];
    }
    filled.push_str(rest);
    origin_url(&filled)?;
    // Scheme and host in lowercase, as `origin_url` writes them; the variables as written.
    let (scheme, after) = trimmed.split_once("://")?;
    let template = format!("{}://{after}", scheme.to_ascii_lowercase());
    let mut scope = Scope::with_reserved(CLIENT_BUILDER_METHODS.iter().copied());
    let variables = names.into_iter().map(|name| {
        let setter = scope.claim(&snake_ident(&name, "variable"), false);
        (name, setter)
    }).collect();
    Some(crate::ir::BaseUrlTemplate { template, variables })
}

/// The scheme of an origin that names one other than `http` or `https` (`ftp`, `ws`, `file`).
fn other_scheme(origin: &str) -> Option<&str> {
    let (scheme, _) = origin.trim().split_once("://")?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (is_scheme && !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https")).then_some(scheme)
}

/// The most bytes [`substitute`] grows a text by, and the variables grow the path of one request
/// by: variables that hold themselves several times (`a = "{{a}}{{a}}"`) would otherwise double a
/// text on every pass, and a long variable used in many segments multiply it (no server takes a
/// URL this long anyway).
const MAX_SUBSTITUTED_GROWTH: usize = 8 * 1024;

/// Replaces known `{{variables}}` (repeatedly, as Postman does, up to 19 passes). A variable whose
/// value would grow the text by more than 8 KiB in all stays as written.
pub fn substitute(text: &str, variables: &BTreeMap<String, String>) -> String {
    substitute_within(text, variables, MAX_SUBSTITUTED_GROWTH)
}

/// [`substitute`], growing the text by at most `max_growth` bytes.
fn substitute_within(text: &str, variables: &BTreeMap<String, String>, max_growth: usize) -> String {
    let limit = text.len() + max_growth;
    let mut current = text.to_owned();
    for _ in 0..19 {
        let mut out = String::with_capacity(current.len());
        let mut rest = current.as_str();
        let mut changed = false;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start + 2..].find("}}") else { break };
            let name = &rest[start + 2..start + 2 + len];
            out.push_str(&rest[..start]);
            // What is left of this pass's text is still to be copied: it counts against the limit.
            let room = limit.saturating_sub(out.len() + rest.len() - start - len - 4);
            match variables.get(name.trim()) {
                Some(value) if !name.contains(['{', '}']) && value.len() <= room => {
                    out.push_str(value);
                    changed = true;
                }
                _ => out.push_str(&rest[start..start + 2 + len + 2]),
            }
            rest = &rest[start + 2 + len + 2..];
        }
        out.push_str(rest);
        current = out;
        if !changed {
            break;
        }
    }
    current
}

fn most_common<'a>(values: impl Iterator<Item = &'a String>) -> Option<String> {
    let mut counts: Vec<(&String, usize)> = Vec::new();
    for value in values {
        match counts.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value, 1)),
        }
    }
    // The most frequent; ties go to the first seen.
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v.clone())
}

/// Operation names: the item name in `snake_case` without articles. A name several items share is
/// qualified: when the items are named by their path (`/reading/:readingID`, as collections made
/// from OpenAPI are), by their method and path ([`rest_name`]); otherwise by their folder. Names
/// still shared are numbered in collection order. An operation whose place has a name in `previous`
/// (the crate's names file) keeps it first, while it is free.
fn operation_names(operations: &[Operation], previous: &BTreeMap<String, String>) -> Vec<String> {
    let base: Vec<String> = operations.iter().map(|op| operation_base_name(&op.title)).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &base {
        *counts.entry(name).or_default() += 1;
    }
    let mut scope = Scope::with_reserved(CLIENT_METHODS.iter().copied());
    let wanted: Vec<String> = operations
        .iter()
        .zip(&base)
        .map(|(op, name)| match (counts[name.as_str()] > 1, op.folders.last()) {
            (false, _) => name.clone(),
            (true, _) if named_by_path(&op.title) => rest_name(op),
            (true, Some(folder)) => format!("{}_{name}", snake_ident(folder, "folder")),
            (true, None) => name.clone(),
        })
        .collect();
    // The names of an earlier generation first, where free (the file is input: only a snake_case
    // identifier that no client method has is taken from it), then the others in order.
    let mut names: Vec<Option<String>> = vec![None; operations.len()];
    for (op, slot) in operations.iter().zip(&mut names) {
        let kept = previous.get(&operation_place(op)).filter(|name| snake_ident(name, "") == **name && !is_keyword(name) && scope.is_free(name));
        if let Some(name) = kept {
            *slot = Some(scope.claim(name, false));
        }
    }
    names.into_iter().zip(&wanted).map(|(kept, name)| kept.unwrap_or_else(|| scope.claim(name, false))).collect()
}

/// Where an operation is, independent of the items around it: its method, path and the folders
/// and item name it is under (`GET /users/{userId} Users/Get a user`). The crate's names file keys
/// operation names by it.
pub fn operation_place(op: &Operation) -> String {
    let wire = |index: &usize| op.params.get(*index).map_or("", |p| p.wire_name.as_str());
    let mut path = String::new();
    for part in &op.path {
        path.push('/');
        match part {
            PathPart::Literal(text) => path.push_str(text),
            PathPart::Param(index) => path.push_str(&format!("{{{}}}", wire(index))),
            PathPart::Template(pieces) => {
                for (text, param) in pieces {
                    path.push_str(text);
                    if let Some(index) = param {
                        path.push_str(&format!("{{{}}}", wire(index)));
                    }
                }
            }
        }
    }
    let mut title = op.folders.join("/");
    if !title.is_empty() {
        title.push('/');
    }
    title.push_str(&op.title);
    format!("{} {} {title}", op.method, if path.is_empty() { "/" } else { &path })
}

/// Whether an item's name is its URL or path (`/reading/:id`, `http://localhost:3000/questions`,
/// `{{baseUrl}}/users`) rather than words.
fn named_by_path(name: &str) -> bool {
    let name = name.trim_start().to_ascii_lowercase();
    name.starts_with('/') || name.starts_with("http://") || name.starts_with("https://") || (name.starts_with("{{") && name.contains('/') && !name.contains(' '))
}

/// The name of an item named by its URL or path: the path's segments without the origin, the
/// query, API roots (`api`, `v1`) and the `:` of parameters (`/api/DrinksOrder/GetAllOrders` →
/// `drinks_order_get_all_orders`, `http://localhost:3000/questions` → `questions`).
fn path_title_name(title: &str) -> String {
    let path = parse_url(title).path;
    let words: Vec<&str> = path.iter().map(|s| s.trim_start_matches(':')).filter(|s| !s.is_empty() && !is_api_root(s)).collect();
    snake_ident(&words.join(" "), "request")
}

/// A name from the method and the lowered path: the method, the path's fixed segments, and `by` the
/// last segment's parameter when the path ends in one (`GET /reading/:readingID` →
/// `get_reading_by_reading_id`, `GET /reading` → `get_reading`, `POST /users/:id/repos` →
/// `post_users_repos`).
fn rest_name(op: &Operation) -> String {
    let param = |part: &PathPart| match part {
        PathPart::Literal(_) => None,
        PathPart::Param(index) => Some(*index),
        PathPart::Template(pieces) => pieces.iter().find_map(|(_, param)| *param),
    };
    let mut words: Vec<String> = vec![op.method.clone()];
    for part in &op.path {
        if let PathPart::Literal(text) = part {
            let text = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
            if !is_api_root(&text) {
                words.push(text.into_owned());
            }
        }
    }
    if let Some(index) = op.path.last().and_then(param) {
        words.push("by".to_owned());
        words.push(op.params[index].name.clone());
    }
    snake_ident(&words.join(" "), "request")
}

fn operation_base_name(title: &str) -> String {
    if named_by_path(title) {
        return path_title_name(title);
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    let kept: Vec<&str> = words.iter().copied().filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the")).collect();
    let text = if kept.is_empty() { words.join(" ") } else { kept.join(" ") };
    snake_ident(&text, "request")
}

/// Lowers one request; its `name` and `builder_name` are left empty for [`lower`] to set.
fn lower_operation(request: &ResolvedRequest<'_>, variables: &BTreeMap<String, String>, diagnostics: &mut Diagnostics) -> Operation {
    let mut scope = Scope::with_reserved(BUILDER_MEMBERS.iter().copied());
    let mut params: Vec<Parameter> = Vec::new();
    let mut path = Vec::new();
    let mut previous: Option<&str> = None;
    // What the variables may still add to this request's path, all segments together.
    let mut growth = MAX_SUBSTITUTED_GROWTH;
    for segment in &request.url.path {
        path.push(lower_segment(segment, previous, request, (variables, &mut growth), &mut params, &mut scope, diagnostics));
        previous = Some(segment.as_str());
    }
    // A trailing empty segment (`/users/`) is kept; empty segments elsewhere are dropped.
    let last = path.len().saturating_sub(1);
    let path: Vec<PathPart> = path
        .into_iter()
        .enumerate()
        .filter(|(i, p)| !matches!(p, PathPart::Literal(t) if t.is_empty()) || *i == last && *i > 0)
        .map(|(_, p)| p)
        .collect();
    let content_type_header = request
        .headers
        .iter()
        .find(|h| !h.disabled && h.key.as_deref().is_some_and(|k| k.trim().eq_ignore_ascii_case("content-type")))
        .and_then(|h| h.value.as_deref())
        .filter(|v| !v.contains("{{") && !v.trim().is_empty())
        .map(str::trim);
    let (body, body_params) = match request.body {
        Some(body) => crate::bodies::lower_body(body, content_type_header, request.examples, variables, &mut scope, &request.json_path, diagnostics),
        None => (None, Vec::new()),
    };
    let body_arg = match body {
        Some(RequestBody::Json { .. } | RequestBody::Text { .. } | RequestBody::Binary { .. }) => Some(scope.claim("body", false)),
        Some(RequestBody::Graphql { .. }) => Some(scope.claim("variables", false)),
        _ => None,
    };
    params.extend(body_params);
    let query: Vec<KeyEntry<'_>> = request
        .url
        .query
        .iter()
        .map(|q| KeyEntry { key: q.key.as_deref(), value: q.value.as_deref(), disabled: q.disabled, description: q.description.as_deref(), file: false })
        .collect();
    let mut query_params = keyed_params(&query, ParamLocation::Query, "param", &mut scope);
    for param in query_params.iter_mut().filter(|p| !p.repeated) {
        let value = request.url.query.iter().find(|q| !q.disabled && q.key.as_deref() == Some(param.wire_name.as_str())).and_then(|q| q.value.as_deref());
        if let Some(name) = value.and_then(|v| dynamic_variable(v, &request.json_path, diagnostics)) {
            param.ty = crate::environment::dynamic_type(&name);
            param.required = false;
            param.dynamic = Some(name);
        }
    }
    params.extend(query_params);
    let mut fixed_headers = Vec::new();
    for header in &request.headers {
        let Some(key) = header.key.as_deref().map(str::trim).filter(|k| !k.is_empty()) else { continue };
        let value = header.value.clone().unwrap_or_default();
        if key.eq_ignore_ascii_case("authorization") && !matches!(request.auth, AuthScheme::None) {
            continue;
        }
        if key.eq_ignore_ascii_case("content-type") && body.is_some() {
            // The body sets its own content type.
            continue;
        }
        // `{{var}}` and `<placeholder>` values are for the caller to fill in; `{{$guid}}` and the other
        // dynamic variables the client fills per request. A credential written as a literal
        // (`X-Api-Key: AKIA…`) is the caller's too: it is never written into the crate.
        let literal_secret = !value.contains("{{") && !value.trim().is_empty() && crate::environment::is_credential_name(key);
        let value = if literal_secret { String::new() } else { value };
        let placeholder = value.contains("{{") || is_placeholder(&value) || literal_secret;
        if header.disabled || placeholder {
            if params.iter().any(|p| p.location == ParamLocation::Header && p.wire_name.eq_ignore_ascii_case(key)) {
                continue;
            }
            let dynamic = if header.disabled { None } else { dynamic_variable(&value, &request.json_path, diagnostics) };
            params.push(Parameter {
                name: scope.claim(&snake_ident(key, "header"), false),
                wire_name: key.to_owned(),
                location: ParamLocation::Header,
                ty: match (dynamic.as_deref(), crate::placeholder::recognise(value.trim())) {
                    (Some(dynamic), _) => crate::environment::dynamic_type(dynamic),
                    (None, Some(placeholder)) if !header.disabled => placeholder_param_type(placeholder),
                    (None, _) => ParamType::String,
                },
                required: !header.disabled && dynamic.is_none() && header.description.as_deref().is_some_and(is_marked_required),
                repeated: false,
                description: header.description.as_deref().map(strip_required),
                example: Some(value.clone()).filter(|v| !v.contains("{{") && (!is_placeholder(v) || crate::placeholder::is_placeholder(v))),
                variable: if header.disabled || dynamic.is_some() { None } else { single_variable(&value) },
                dynamic,
            });
        } else if valid_header(key, &value) {
            fixed_headers.push((key.to_owned(), value));
        } else {
            diagnostics.warn(&request.json_path, &format!("header `{key}` has a name or value HTTP does not allow; it is not sent"));
        }
    }
    let responses = lower_responses(request, variables, diagnostics);
    let json_responses = responses.iter().flat_map(|r| &r.examples).any(|e| e.json);
    let has_accept = fixed_headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept"))
        || params.iter().any(|p| p.location == ParamLocation::Header && p.wire_name.eq_ignore_ascii_case("accept"));
    if json_responses && !has_accept {
        fixed_headers.push(("Accept".to_owned(), "application/json".to_owned()));
    }
    Operation {
        name: String::new(),
        builder_name: String::new(),
        body_arg,
        title: request.name.clone(),
        folders: request.folders.clone(),
        description: request.description.clone(),
        method: request.method.clone(),
        path,
        params,
        fixed_headers,
        body,
        auth: request.auth.clone(),
        responses,
        success_type: None,
        folder: None,
    }
}

/// `<string>`, `<token>`: a value openapi-to-postman leaves for the caller.
fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.len() > 2 && v.starts_with('<') && v.ends_with('>') && !v[1..v.len() - 1].contains(['<', '>'])
}

fn valid_header(key: &str, value: &str) -> bool {
    key.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
        && value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80)
}

/// An entry of a query or of a form body, as the collection gives it.
pub(crate) struct KeyEntry<'a> {
    pub key: Option<&'a str>,
    pub value: Option<&'a str>,
    pub disabled: bool,
    pub description: Option<&'a str>,
    /// A file part of a multipart body.
    pub file: bool,
}

/// The parameters of the entries of a query or a form: one per key, in the order the keys first
/// appear (entries without a key are skipped).
///
/// A key that two or more enabled entries share, or that ends in `[]`, is `repeated`: sent once per
/// value, its type the one that fits every enabled value. A key given twice where only one entry is
/// enabled is one parameter (the disabled entries are other values to try, as Postman users keep
/// them). A key is required when an enabled entry's description starts with `(Required)`, unless it
/// is repeated. File parts are never repeated.
pub(crate) fn keyed_params(entries: &[KeyEntry<'_>], location: ParamLocation, fallback: &str, scope: &mut Scope) -> Vec<Parameter> {
    let mut keys: Vec<(&str, Vec<&KeyEntry<'_>>)> = Vec::new();
    // Where each key is in `keys` (a hostile query may hold many thousands).
    let mut index: HashMap<&str, usize> = HashMap::new();
    for entry in entries {
        let Some(key) = entry.key.filter(|k| !k.is_empty()) else { continue };
        match index.get(key) {
            Some(&i) => keys[i].1.push(entry),
            None => {
                index.insert(key, keys.len());
                keys.push((key, vec![entry]));
            }
        }
    }
    keys.into_iter()
        .map(|(key, same)| {
            let first = same[0];
            let enabled: Vec<&KeyEntry<'_>> = same.iter().copied().filter(|e| !e.disabled).collect();
            let repeated = !first.file && (enabled.len() > 1 || key.ends_with("[]"));
            let ty = if first.file {
                ParamType::File
            } else if repeated && !enabled.is_empty() {
                enabled.iter().map(|e| param_type(e.value)).reduce(widen).unwrap_or(ParamType::String)
            } else {
                param_type(first.value)
            };
            let ty = if ty == ParamType::String && location == ParamLocation::Query && counts_pages(key) && same.iter().all(|e| e.value.is_none_or(is_no_value)) {
                ParamType::Integer
            } else {
                ty
            };
            let description = same.iter().find_map(|e| e.description.filter(|d| !d.trim().is_empty()));
            let example = if first.file {
                None
            } else if repeated && enabled.len() > 1 {
                let values: Vec<&str> = enabled.iter().filter_map(|e| e.value).filter(|v| !v.is_empty()).collect();
                Some(values.join(", ")).filter(|v| !v.is_empty())
            } else {
                first.value.map(str::to_owned)
            };
            // A credential's value (`api_key=AKIA…`) is never written into the crate, not even in docs.
            let example = example.filter(|_| !crate::environment::is_credential_name(key));
            Parameter {
                name: scope.claim(&snake_ident(key, fallback), false),
                wire_name: key.to_owned(),
                location,
                ty,
                required: !repeated && enabled.iter().any(|e| e.description.is_some_and(is_marked_required)),
                repeated,
                description: description.map(strip_required),
                example,
                dynamic: None,
                variable: (location == ParamLocation::Query && !repeated && !first.disabled).then(|| first.value.and_then(single_variable)).flatten(),
            }
        })
        .collect()
}

/// The collection variable a value is, when it is exactly one plain `{{name}}` (not a dynamic
/// `{{$name}}`).
fn single_variable(value: &str) -> Option<String> {
    let name = value.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let plain = !name.is_empty() && !name.starts_with('$') && !name.contains(['{', '}']);
    plain.then(|| name.to_owned())
}

/// The `{{names}}` left in `text` (plain ones, not dynamic `$names`).
fn open_variables(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else { break };
        let name = rest[start + 2..start + 2 + len].trim();
        if !name.is_empty() && !name.starts_with('$') && !name.contains(['{', '}']) && !names.contains(&name) {
            names.push(name);
        }
        rest = &rest[start + 2 + len + 2..];
    }
    names
}

/// What [`crate::ir::Api::unresolved`] says: for each variable nothing resolved, where it is used
/// (base URL, path, header, query, body; the first operations by name) and what it became.
fn unresolved_report(
    resolved: &Resolved<'_>,
    operations: &[Operation],
    origins: &[String],
    template: Option<&crate::ir::BaseUrlTemplate>,
    settings: &[crate::ir::ClientSetting],
) -> Vec<String> {
    /// At most this many operations are named per variable.
    const NAMED: usize = 3;
    #[derive(Default)]
    struct Uses<'a> {
        places: Vec<String>,
        operations: Vec<&'a str>,
        in_path: bool,
        in_origin: bool,
        in_header_or_query: bool,
    }
    #[derive(Clone, Copy)]
    enum Where {
        Origin,
        Path,
        HeaderOrQuery,
        Body,
    }
    fn note<'a>(uses: &mut BTreeMap<String, Uses<'a>>, order: &mut Vec<String>, name: &str, place: String, op: &'a str, at: Where) {
        if !uses.contains_key(name) {
            order.push(name.to_owned());
        }
        let entry = uses.entry(name.to_owned()).or_default();
        if !entry.places.contains(&place) {
            entry.places.push(place);
        }
        if !entry.operations.contains(&op) {
            entry.operations.push(op);
        }
        match at {
            Where::Origin => entry.in_origin = true,
            Where::Path => entry.in_path = true,
            Where::HeaderOrQuery => entry.in_header_or_query = true,
            Where::Body => {}
        }
    }
    let mut order: Vec<String> = Vec::new();
    let mut uses: BTreeMap<String, Uses<'_>> = BTreeMap::new();
    for ((request, op), origin) in resolved.requests.iter().zip(operations).zip(origins) {
        let op = op.name.as_str();
        for name in open_variables(origin) {
            note(&mut uses, &mut order, name, "the base URL".to_owned(), op, Where::Origin);
        }
        for segment in &request.url.path {
            for name in open_variables(&substitute(segment, &resolved.variables)) {
                note(&mut uses, &mut order, name, "a path".to_owned(), op, Where::Path);
            }
        }
        for header in request.headers.iter().filter(|h| !h.disabled) {
            for name in open_variables(header.value.as_deref().unwrap_or_default()) {
                note(&mut uses, &mut order, name, format!("header {}", header.key.as_deref().unwrap_or_default()), op, Where::HeaderOrQuery);
            }
        }
        for query in request.url.query.iter().filter(|q| !q.disabled) {
            for name in open_variables(query.value.as_deref().unwrap_or_default()) {
                note(&mut uses, &mut order, name, format!("query {}", query.key.as_deref().unwrap_or_default()), op, Where::HeaderOrQuery);
            }
        }
        for name in request.body.and_then(|b| b.raw.as_deref()).map(open_variables).unwrap_or_default() {
            note(&mut uses, &mut order, name, "a body".to_owned(), op, Where::Body);
        }
    }
    order
        .iter()
        .filter_map(|name| {
            let entry = uses.get(name)?;
            let why = resolved.secrets.get(name.as_str()).copied().or_else(|| crate::environment::is_credential_name(name).then_some("its name names a credential"));
            let secret = why.map(|why| format!(" (a secret: {why})")).unwrap_or_default();
            let became = if let Some((_, setter)) = template.and_then(|t| t.variables.iter().find(|(v, _)| v == name)) {
                format!("the base URL setting `ClientBuilder::{setter}`")
            } else if entry.in_origin {
                "no default base URL: set it with `ClientBuilder::base_url`".to_owned()
            } else if let Some(setting) = settings.iter().find(|s| s.variable == *name) {
                format!("the client setting `ClientBuilder::{}`", setting.setter)
            } else if entry.in_path {
                "an argument of the operations".to_owned()
            } else if entry.in_header_or_query {
                "a setter of their request builders".to_owned()
            } else {
                "text kept as written in the body examples".to_owned()
            };
            let mut operations = entry.operations.iter().take(NAMED).copied().collect::<Vec<_>>().join(", ");
            if entry.operations.len() > NAMED {
                operations.push_str(&format!(" and {} more", entry.operations.len() - NAMED));
            }
            Some(format!("{{{{{}}}}}{secret}: {} of {operations} → {became}", name.escape_debug(), entry.places.join(", ")))
        })
        .collect()
}

/// The client-level settings: each variable that the optional headers or query parameters of two
/// or more operations send ([`Parameter::takes_client_setting`]), in order of first use; never a
/// credential (the client's credential methods carry those). Its setter is named after the
/// variable, never shadowing a builder method or a base URL setter.
fn client_settings(operations: &[Operation], template: Option<&crate::ir::BaseUrlTemplate>) -> Vec<crate::ir::ClientSetting> {
    let mut settings: Vec<crate::ir::ClientSetting> = Vec::new();
    for op in operations {
        let mut seen_here: Vec<&str> = Vec::new();
        for param in op.params.iter().filter(|p| p.takes_client_setting()) {
            let Some(variable) = param.variable.as_ref().filter(|v| !crate::environment::is_credential_name(v) && !crate::environment::is_credential_name(&param.wire_name)) else { continue };
            let setting = match settings.iter_mut().position(|s| s.variable == *variable) {
                Some(i) => &mut settings[i],
                None => {
                    settings.push(crate::ir::ClientSetting { variable: variable.clone(), setter: String::new(), headers: Vec::new(), query: Vec::new(), operations: 0 });
                    settings.last_mut().expect("just pushed")
                }
            };
            if param.location == ParamLocation::Header {
                if !setting.headers.iter().any(|h| h.eq_ignore_ascii_case(&param.wire_name)) {
                    setting.headers.push(param.wire_name.clone());
                }
            } else if !setting.query.contains(&param.wire_name) {
                setting.query.push(param.wire_name.clone());
            }
            if !seen_here.contains(&variable.as_str()) {
                setting.operations += 1;
                seen_here.push(variable);
            }
        }
    }
    settings.retain(|s| s.operations >= 2);
    let mut scope = Scope::with_reserved(CLIENT_BUILDER_METHODS.iter().copied().chain(template.iter().flat_map(|t| t.variables.iter().map(|(_, setter)| setter.as_str()))));
    for setting in &mut settings {
        setting.setter = scope.claim(&snake_ident(&setting.variable, "setting"), false);
    }
    settings
}

/// The dynamic variable a value is, when it is exactly one (`{{$guid}}` → `guid`). One the client
/// cannot make (`{{$randomFirstName}}`) is a warning at `json_path`, and the value stays the
/// caller's to set.
fn dynamic_variable(value: &str, json_path: &str, diagnostics: &mut Diagnostics) -> Option<String> {
    let name = value.trim().strip_prefix("{{$")?.strip_suffix("}}")?.trim();
    if name.is_empty() || name.contains(['{', '}']) {
        return None;
    }
    if crate::environment::DYNAMIC_VARIABLES.iter().any(|(known, _)| *known == name) {
        return Some(name.to_owned());
    }
    diagnostics.warn(json_path, &format!("the dynamic variable `{{{{${}}}}}` is not one the client generates; it is a parameter for the caller to set", name.escape_debug()));
    None
}

/// Whether a query key names a page number, a page size or an item offset: `page_number`,
/// `pageSize`, `per_page`, `limit`, `offset`, `page`, …
fn counts_pages(key: &str) -> bool {
    let words = snake_ident(key, "").replace('_', "");
    matches!(words.as_str(), "page" | "pagenumber" | "pagenum" | "pageno" | "pageindex" | "pagesize" | "perpage" | "limit" | "offset" | "pagelimit" | "pageoffset" | "maxresults" | "skip" | "top")
}

/// Whether an example value says nothing about its type: empty, a `{{variable}}`, an OpenAPI-style
/// `<placeholder>`, or words with spaces (`ut amet`, the filler Postman's OpenAPI import writes),
/// which no API takes as a page number or a cursor.
fn is_no_value(value: &str) -> bool {
    let value = value.trim();
    value.is_empty() || (value.starts_with("{{") && value.ends_with("}}")) || (value.starts_with('<') && value.ends_with('>')) || value.contains(' ')
}

/// The type that fits values of both types: a number when both are, else a string.
fn widen(a: ParamType, b: ParamType) -> ParamType {
    match (a, b) {
        _ if a == b => a,
        (ParamType::Integer | ParamType::Float, ParamType::Integer | ParamType::Float) => ParamType::Float,
        _ => ParamType::String,
    }
}

fn is_marked_required(description: &str) -> bool {
    description.trim_start().starts_with("(Required)")
}

fn strip_required(description: &str) -> String {
    description.trim_start().strip_prefix("(Required)").map_or(description, str::trim_start).to_owned()
}

/// One path segment: `:name` (with an optional suffix such as `.json`), `{{variable}}` pieces, an id
/// written into the URL (see [`literal_id_name`]; `previous` is the segment before, as written), or
/// text.
fn lower_segment(
    segment: &str,
    previous: Option<&str>,
    request: &ResolvedRequest<'_>,
    (variables, growth): (&BTreeMap<String, String>, &mut usize),
    params: &mut Vec<Parameter>,
    scope: &mut Scope,
    diagnostics: &mut Diagnostics,
) -> PathPart {
    let mut add_param = |wire: &str, params: &mut Vec<Parameter>| -> usize {
        if let Some(i) = params.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == wire) {
            return i;
        }
        let variable = request.url.variables.iter().find(|v| v.name() == Some(wire));
        let example = variable.map(|v| v.text()).filter(|t| !t.is_empty() && t != "null");
        let description = variable.and_then(|v| v.description.as_deref()).map(strip_required);
        params.push(path_param(scope.claim(&snake_ident(wire, "id"), false), wire.to_owned(), description, example));
        params.len() - 1
    };
    if let Some(rest) = segment.strip_prefix(':').filter(|r| !r.is_empty()) {
        let end = rest.find(['.', ':']).unwrap_or(rest.len());
        if end > 0 {
            let index = add_param(&rest[..end], params);
            if end < rest.len() {
                if rest[end..].starts_with(':') {
                    diagnostics.warn(
                        &request.json_path,
                        &format!("path segment `{segment}`: only `{}` is a parameter; the rest is sent as text", &rest[..end]),
                    );
                }
                return PathPart::Template(vec![(String::new(), Some(index)), (encode_literal(&rest[end..]), None)]);
            }
            return PathPart::Param(index);
        }
    }
    let substituted = substitute_within(segment, variables, *growth);
    *growth = growth.saturating_sub(substituted.len().saturating_sub(segment.len()));
    if !substituted.contains("{{") {
        // Only text written into the URL (`segment`, not `substituted`): a collection variable is a
        // constant the author chose.
        if let Some(name) = previous.and_then(|p| literal_id_name(p, segment)) {
            // Not merged with another parameter: `/users/1/friends/2` has two.
            let name = scope.claim(&name, false);
            let description = format!("The collection's URL has {} here, taken as a parameter.", crate::docs::code(&substituted));
            params.push(path_param(name.clone(), name, Some(description), Some(substituted)));
            return PathPart::Param(params.len() - 1);
        }
        return PathPart::Literal(encode_literal(&substituted));
    }
    // `{{x}}` pieces that are not collection variables become parameters.
    let mut pieces = Vec::new();
    let mut rest = substituted.as_str();
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else { break };
        let name = rest[start + 2..start + 2 + len].trim().to_owned();
        let index = add_param(&name, params);
        pieces.push((encode_literal(&rest[..start]), Some(index)));
        rest = &rest[start + 2 + len + 2..];
    }
    pieces.push((encode_literal(rest), None));
    if let [(prefix, Some(index)), (suffix, None)] = pieces.as_slice() {
        if prefix.is_empty() && suffix.is_empty() {
            return PathPart::Param(*index);
        }
    }
    PathPart::Template(pieces)
}

/// A path parameter: a required string.
fn path_param(name: String, wire_name: String, description: Option<String>, example: Option<String>) -> Parameter {
    // A path variable whose value is a type placeholder (`:userId` = `<integer>`) is of that type.
    let ty = example.as_deref().map(str::trim).and_then(crate::placeholder::recognise).map_or(ParamType::String, placeholder_param_type);
    Parameter { name, wire_name, location: ParamLocation::Path, ty, required: true, repeated: false, description, example, dynamic: None, variable: None }
}

/// The parameter name for an id written into a URL (`/merchants/5` → `merchant_id`): a segment
/// of digits, a UUID or a 24-digit hex object id, after a segment that names what it identifies (a
/// word with a letter, such as `merchants` or `deck`; not a version like `v1` or `2.0`, nor `api` or
/// `rest`, so `/rest/api/2/search` keeps its `2`). `None` for any other segment.
fn literal_id_name(previous: &str, segment: &str) -> Option<String> {
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b.to_ascii_lowercase()));
    let digits = !segment.is_empty() && segment.len() <= 20 && segment.bytes().all(|b| b.is_ascii_digit());
    let uuid = segment.len() == 36
        && segment.split('-').map(str::len).eq([8, 4, 4, 4, 12])
        && segment.split('-').all(hex);
    let object_id = segment.len() == 24 && hex(segment) && segment.bytes().any(|b| b.is_ascii_digit()) && segment.bytes().all(|b| !b.is_ascii_uppercase());
    if !(digits || uuid || object_id) {
        return None;
    }
    let word = previous.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) && previous.bytes().any(|b| b.is_ascii_alphabetic());
    if !word || is_api_root(previous) {
        return None;
    }
    Some(format!("{}_id", crate::names::singular(&snake_ident(previous, "item"))))
}

/// A path segment that says which API or version, not which resource: `v1`, `v2.1`, `api`, `rest`.
fn is_api_root(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let version = lower.strip_prefix('v').is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    version || matches!(lower.as_str(), "api" | "apis" | "rest" | "version" | "versions")
}

/// Percent-encodes a fixed path text, keeping existing `%XX` escapes and sub-delimiters Postman
/// sends as they are.
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%' && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) || escape {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The type of a parameter whose example value is a type placeholder (`limit=<integer>` is an
/// integer parameter).
fn placeholder_param_type(placeholder: crate::placeholder::Placeholder) -> ParamType {
    use crate::placeholder::Placeholder;
    match placeholder {
        Placeholder::Integer => ParamType::Integer,
        Placeholder::Number => ParamType::Float,
        Placeholder::Boolean => ParamType::Boolean,
        _ => ParamType::String,
    }
}

/// The type of a parameter from its example value.
pub(crate) fn param_type(example: Option<&str>) -> ParamType {
    let Some(value) = example.map(str::trim).filter(|v| !v.is_empty() && !v.contains("{{")) else {
        return ParamType::String;
    };
    if let Some(placeholder) = crate::placeholder::recognise(value) {
        return placeholder_param_type(placeholder);
    }
    let digits = value.strip_prefix('-').unwrap_or(value);
    if value == "true" || value == "false" {
        ParamType::Boolean
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (digits == "0" || !digits.starts_with('0')) && value.parse::<i64>().is_ok() {
        ParamType::Integer
    } else if value.contains('.') && value.parse::<f64>().is_ok_and(f64::is_finite) && !digits.starts_with('.') && !digits.ends_with('.') {
        ParamType::Float
    } else {
        ParamType::String
    }
}

/// Groups the examples by status and reads what their names say.
fn lower_responses(request: &ResolvedRequest<'_>, variables: &BTreeMap<String, String>, diagnostics: &mut Diagnostics) -> Vec<Response> {
    let mut by_status: BTreeMap<(bool, u16), Response> = BTreeMap::new();
    for (index, example) in request.examples.iter().enumerate() {
        let status = example
            .code
            .as_deref()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|c| (100..=599).contains(c))
            .or_else(|| example.status.as_deref().and_then(status_from_reason));
        let name = example.name.clone().unwrap_or_default();
        let content_type = example
            .header
            .iter()
            .find(|h| h.key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("content-type")))
            .and_then(|h| h.value.clone());
        let body = example.body.clone().unwrap_or_default();
        let looks_json = content_type.as_deref().is_some_and(|c| c.contains("json"))
            || example.preview_language.as_deref() == Some("json")
            || body.trim_start().starts_with(['{', '[']);
        let (shape, clean_json) = if looks_json && !body.trim().is_empty() {
            match crate::infer::shape::Shape::from_almost_json(&body, variables) {
                Ok((shape, clean)) => redact_example(shape, clean, &body),
                Err(error) => {
                    diagnostics.warn(
                        &format!("{}.response[{index}].body", request.json_path),
                        &format!("the example body is not valid JSON ({error}); it is kept as text and not used for types"),
                    );
                    (None, None)
                }
            }
        } else {
            (None, None)
        };
        let key = (status.is_none(), status.unwrap_or(0));
        let entry = by_status.entry(key).or_insert_with(|| Response {
            status,
            reason: example.status.clone().filter(|s| !s.trim().is_empty()),
            summary: Vec::new(),
            error_codes: Vec::new(),
            examples: Vec::new(),
            body_type: None,
        });
        let (summary, codes) = read_example_name(&name);
        for line in summary {
            if !entry.summary.contains(&line) {
                entry.summary.push(line);
            }
        }
        for code in codes {
            if !entry.error_codes.contains(&code) {
                entry.error_codes.push(code);
            }
        }
        let headers = example
            .header
            .iter()
            .filter(|h| !h.disabled)
            .filter_map(|h| Some((h.key.clone().filter(|k| !k.trim().is_empty())?, h.value.clone().unwrap_or_default())))
            .collect();
        let request = example.original_request.as_ref().map(example_request);
        let realised = shape.as_ref().and_then(|_| crate::placeholder::realise_text(clean_json.as_deref().unwrap_or(&body)));
        entry.examples.push(Example { name, content_type, body, json: shape.is_some(), clean_json, realised, shape, headers, request, captured: None });
    }
    by_status.into_values().collect()
}

/// An example body's shape and strict text with its literal credentials redacted
/// ([`crate::redact`]): read again, as redacted text, only when the shape has a key that names a
/// credential.
fn redact_example(shape: Shape, clean: Option<String>, body: &str) -> (Option<Shape>, Option<String>) {
    if !crate::redact::has_credential_key(&shape) {
        return (Some(shape), clean);
    }
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(clean.as_deref().unwrap_or(body)) else { return (Some(shape), clean) };
    if !crate::redact::redact(&mut value) {
        return (Some(shape), clean);
    }
    let text = value.to_string();
    let shape = Shape::from_json_text(&text).unwrap_or_else(|_| Shape::of(&value));
    (Some(shape), Some(text))
}

/// The flow an `oauth2` auth block describes, when it names a token URL (with its variables
/// resolved; one left open, or a secret, leaves the block out). Only the endpoint, the grant, the
/// scope and where client credentials go are read: never an id, secret or token.
fn oauth2_flow(params: &BTreeMap<String, String>, variables: &BTreeMap<String, String>) -> Option<crate::ir::OAuth2Flow> {
    let value = |key: &str| params.get(key).map(|v| substitute(v.trim(), variables)).filter(|v| !v.is_empty() && !v.contains("{{"));
    let token_url = value("accessTokenUrl").filter(|url| url.starts_with("https://") || url.starts_with("http://"))?;
    Some(crate::ir::OAuth2Flow {
        token_url,
        grant: value("grant_type").unwrap_or_else(|| "authorization_code".to_owned()),
        scope: value("scope"),
        client_auth_body: value("client_authentication").as_deref() == Some("body"),
    })
}

/// The saved `originalRequest` of an example, as written.
fn example_request(original: &StringOr<Request>) -> ExampleRequest {
    let (request, url) = match original {
        StringOr::Str(url) => (None, parse_url(url)),
        StringOr::Obj(request) => {
            let url = match &request.url {
                Some(StringOr::Obj(url)) => url_parts(url),
                Some(StringOr::Str(text)) => parse_url(text),
                None => UrlParts::default(),
            };
            (Some(request), url)
        }
    };
    let pairs = |items: Vec<(Option<&String>, Option<&String>, bool)>| -> Vec<(String, String)> {
        items
            .into_iter()
            .filter(|(_, _, disabled)| !disabled)
            .filter_map(|(key, value, _)| Some((key.filter(|k| !k.is_empty())?.clone(), value.cloned().unwrap_or_default())))
            .collect()
    };
    ExampleRequest {
        method: request.and_then(|r| r.method.as_deref()).map(|m| m.trim().to_ascii_uppercase()).filter(|m| !m.is_empty()),
        path: url.path,
        query: pairs(url.query.iter().map(|q| (q.key.as_ref(), q.value.as_ref(), q.disabled)).collect()),
        headers: pairs(request.map(|r| r.header.iter().map(|h| (h.key.as_ref(), h.value.as_ref(), h.disabled)).collect()).unwrap_or_default()),
        body: request.and_then(|r| r.body.as_ref()).filter(|b| !b.disabled && b.mode.as_deref().is_none_or(|m| m == "raw")).and_then(|b| b.raw.clone()).filter(|raw| !raw.is_empty()),
    }
}

/// Splits an example name such as ``**HTTP Status Code:** `404` **Not Found**<br>\n**Error Code:**
/// `1001`<br>\nUser does not exist.`` into summary lines and `(code, text)` error codes.
fn read_example_name(name: &str) -> (Vec<String>, Vec<(String, String)>) {
    let text = name.replace("<br/>", "\n").replace("<br>", "\n").replace("</br>", "\n");
    let mut summary = Vec::new();
    let mut codes: Vec<(String, String)> = Vec::new();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
    while let Some(line) = lines.next() {
        let plain = crate::docs::plain_text(line);
        if plain.starts_with("HTTP Status Code:") {
            continue;
        }
        if let Some(code) = plain.strip_prefix("Error Code:") {
            let code = code.trim().to_owned();
            let mut description = Vec::new();
            while let Some(next) = lines.peek() {
                let next_plain = crate::docs::plain_text(next);
                if next_plain.starts_with("Error Code:") || next_plain.starts_with("HTTP Status Code:") {
                    break;
                }
                description.push(next_plain);
                lines.next();
            }
            codes.push((code, description.join(" ")));
            continue;
        }
        if !plain.is_empty() {
            summary.push(plain);
        }
    }
    (summary, codes)
}

/// The status code of a reason phrase, for examples without `code`.
fn status_from_reason(reason: &str) -> Option<u16> {
    const TABLE: &[(u16, &str)] = &[
        (200, "ok"), (201, "created"), (202, "accepted"), (204, "no content"), (301, "moved permanently"), (302, "found"),
        (304, "not modified"), (400, "bad request"), (401, "unauthorized"), (403, "forbidden"), (404, "not found"),
        (405, "method not allowed"), (409, "conflict"), (410, "gone"), (415, "unsupported media type"),
        (422, "unprocessable entity"), (429, "too many requests"), (500, "internal server error"),
        (502, "bad gateway"), (503, "service unavailable"), (504, "gateway timeout"),
    ];
    let reason = reason.trim().to_ascii_lowercase();
    TABLE.iter().find(|(_, r)| *r == reason).map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_take_the_placeholder_type() {
        use crate::placeholder::Placeholder;
        assert_eq!(placeholder_param_type(Placeholder::Integer), ParamType::Integer);
        assert_eq!(placeholder_param_type(Placeholder::Number), ParamType::Float);
        assert_eq!(placeholder_param_type(Placeholder::Boolean), ParamType::Boolean);
        assert_eq!(placeholder_param_type(Placeholder::DateTime), ParamType::String);
    }

    #[test]
    fn ids_written_into_urls() {
        let id = |previous: &str, segment: &str| literal_id_name(previous, segment);
        assert_eq!(id("merchants", "5").as_deref(), Some("merchant_id"));
        assert_eq!(id("deck", "4e31d3f7-7f0b-4261-88b1-a2fa4d2c123f").as_deref(), Some("deck_id"));
        assert_eq!(id("user-profiles", "507f1f77bcf86cd799439011").as_deref(), Some("user_profile_id"));
        assert_eq!(id("status", "200").as_deref(), Some("status_id"));
        // Versions and API roots keep their numbers.
        for previous in ["v1", "V2", "v1.2", "api", "API", "rest", "versions", "2", ":id", "{{x}}", "a b"] {
            assert_eq!(id(previous, "2"), None, "{previous}");
        }
        // Only digits, UUIDs and object ids.
        for segment in ["U123", "12a", "", "-5", "1.5", "123456789012345678901", "4E31D3F7-7F0B-4261-88B1-A2FA4D2C123", "deadbeefdeadbeefdeadbeef", "507F1F77BCF86CD799439011"] {
            assert_eq!(id("users", segment), None, "{segment}");
        }
        assert_eq!(id("users", "4E31D3F7-7F0B-4261-88B1-A2FA4D2C123F").as_deref(), Some("user_id"), "UUIDs in capitals");
    }

    /// Keys given twice or more by enabled entries, or ending in `[]`, are repeated; a key repeated
    /// only by disabled entries, and a file part, is one value. Types widen over the enabled
    /// values, a repeated key is never required, and its example lists the values.
    #[test]
    fn repeated_keys_are_lists() {
        let entry = |key: &'static str, value: &'static str, disabled: bool| KeyEntry {
            key: Some(key),
            value: Some(value),
            disabled,
            description: Some("(Required) an id").filter(|_| key == "id"),
            file: false,
        };
        let entries = [
            entry("id", "1", false),
            entry("status", "open", false),
            entry("id", "2", false),
            entry("status", "closed", true),
            entry("tag[]", "red", false),
            entry("size", "1", false),
            entry("size", "2.5", false),
            entry("mixed", "1", false),
            entry("mixed", "x", false),
            entry("off", "1", true),
            entry("off", "2", true),
            KeyEntry { key: None, value: Some("no key"), disabled: false, description: None, file: false },
            KeyEntry { key: Some("photo"), value: None, disabled: false, description: None, file: true },
            KeyEntry { key: Some("photo"), value: None, disabled: false, description: None, file: true },
        ];
        let params = keyed_params(&entries, ParamLocation::Query, "param", &mut Scope::default());
        type Summary<'a> = (&'a str, &'a str, ParamType, bool, bool, Option<&'a str>);
        let summary: Vec<Summary<'_>> =
            params.iter().map(|p| (p.name.as_str(), p.wire_name.as_str(), p.ty, p.repeated, p.required, p.example.as_deref())).collect();
        assert_eq!(
            summary,
            [
                ("id", "id", ParamType::Integer, true, false, Some("1, 2")),
                ("status", "status", ParamType::String, false, false, Some("open")),
                ("tag", "tag[]", ParamType::String, true, false, Some("red")),
                ("size", "size", ParamType::Float, true, false, Some("1, 2.5")),
                ("mixed", "mixed", ParamType::String, true, false, Some("1, x")),
                ("off", "off", ParamType::Integer, false, false, Some("1")),
                ("photo", "photo", ParamType::File, false, false, None),
            ]
        );
        assert_eq!(params[0].description.as_deref(), Some("an id"), "the marker is stripped");
        // Given once, the marked key is required.
        let once = keyed_params(&entries[..2], ParamLocation::Query, "param", &mut Scope::default());
        assert!(once[0].required && !once[0].repeated);
    }

    #[test]
    fn items_named_by_their_path() {
        assert_eq!(operation_base_name("/api/DrinksOrder/GetAllOrders"), "drinks_order_get_all_orders");
        assert_eq!(operation_base_name("http://localhost:3000/questions?page=2"), "questions");
        assert_eq!(operation_base_name("{{baseUrl}}/v1/users/:userId"), "users_user_id");
        assert_eq!(operation_base_name("/pdf/edit/delete-text (multiple replacements)"), "pdf_edit_delete_text_multiple_replacements");
        assert_eq!(operation_base_name("https://example.com"), "request");
        assert_eq!(operation_base_name("/"), "request");
        // Words with a slash are not paths.
        assert_eq!(operation_base_name("Create / update a user"), "create_update_user");
    }

    #[test]
    fn operation_names_drop_articles() {
        assert_eq!(operation_base_name("Get a user"), "get_user");
        assert_eq!(operation_base_name("List the users"), "list_users");
        assert_eq!(operation_base_name("A"), "a");
    }

    #[test]
    fn parameter_types() {
        assert_eq!(param_type(Some("100")), ParamType::Integer);
        assert_eq!(param_type(Some("true")), ParamType::Boolean);
        assert_eq!(param_type(Some("1.5")), ParamType::Float);
        assert_eq!(param_type(Some("0000")), ParamType::String);
        assert_eq!(param_type(Some("{{n}}")), ParamType::String);
        assert_eq!(param_type(Some("99999999999999999999")), ParamType::String);
        assert_eq!(param_type(None), ParamType::String);
        // Page numbers, sizes and offsets are integers whatever filler their example holds; a
        // real value keeps its type (a `page` cursor stays a string).
        let query = |key: &'static str, value: &'static str| {
            let entry = KeyEntry { key: Some(key), value: Some(value), disabled: false, description: None, file: false };
            keyed_params(&[entry], ParamLocation::Query, "q", &mut Scope::default())[0].ty
        };
        assert_eq!(query("page_number", "ut amet"), ParamType::Integer);
        assert_eq!(query("pageSize", "{{size}}"), ParamType::Integer);
        assert_eq!(query("per_page", ""), ParamType::Integer);
        assert_eq!(query("limit", "<integer>"), ParamType::Integer);
        assert_eq!(query("page", "eyJwYWdlIjoyfQ"), ParamType::String);
        assert_eq!(query("next_page_token", "ut amet"), ParamType::String);
        assert_eq!(query("status", "ut amet"), ParamType::String);
        // Type placeholders are the type they name, wherever a key has one.
        assert_eq!(query("count", "<integer>"), ParamType::Integer);
        assert_eq!(query("count", "<LONG>"), ParamType::Integer);
        assert_eq!(query("ratio", "<double>"), ParamType::Float);
        assert_eq!(query("active", "<boolean>"), ParamType::Boolean);
        assert_eq!(query("since", "<dateTime>"), ParamType::String);
        assert_eq!(query("key", "<token>"), ParamType::String);
        let form = |value: &'static str| {
            let entry = KeyEntry { key: Some("f"), value: Some(value), disabled: false, description: None, file: false };
            keyed_params(&[entry], ParamLocation::Form, "f", &mut Scope::default())[0].ty
        };
        assert_eq!(form("<integer>"), ParamType::Integer);
        assert_eq!(form("<boolean>"), ParamType::Boolean);
        assert_eq!(path_param("id".into(), "id".into(), None, Some("<int64>".into())).ty, ParamType::Integer);
        assert_eq!(path_param("id".into(), "id".into(), None, Some("<uuid>".into())).ty, ParamType::String);
        assert_eq!(path_param("id".into(), "id".into(), None, Some("42".into())).ty, ParamType::String);
    }

    #[test]
    fn example_names_give_summaries_and_error_codes() {
        let (summary, codes) = read_example_name("**HTTP Status Code:** `404` **Not Found**<br>\n**Error Code:** `1001`<br>\nUser does not exist: $userId.<br>");
        assert!(summary.is_empty(), "{summary:?}");
        assert_eq!(codes, [("1001".to_owned(), "User does not exist: $userId.".to_owned())]);
        let (summary, _) = read_example_name("**HTTP Status Code:** `200` **OK**<br>\nUser object returned.");
        assert_eq!(summary, ["User object returned."]);
    }

    #[test]
    fn variables_substitute_repeatedly() {
        let vars: BTreeMap<String, String> = [("a".to_owned(), "{{b}}/x".to_owned()), ("b".to_owned(), "https://h".to_owned())].into();
        assert_eq!(substitute("{{a}}/y{{c}}", &vars), "https://h/x/y{{c}}");
        // Variables that hold themselves several times stop growing the text at the limit.
        let laughs: BTreeMap<String, String> = [("a".to_owned(), "{{a}}{{a}}x".to_owned()), ("b".to_owned(), "{{b}} ".repeat(13))].into();
        for text in ["{{a}}", "{{b}}:{{a}}/{{b}}"] {
            let out = substitute(text, &laughs);
            assert!(out.len() <= text.len() + MAX_SUBSTITUTED_GROWTH && out.len() > MAX_SUBSTITUTED_GROWTH / 2, "{}", out.len());
        }
        assert_eq!(origin_url(&substitute("{{a}}", &vars)).as_deref(), Some("https://h/x"));
        assert_eq!(origin_url(&substitute("{{c}}", &vars)), None);
        assert_eq!(origin_url(&substitute("HTTPS://API.Example.com:8443/V1/", &vars)).as_deref(), Some("https://api.example.com:8443/V1"), "scheme and host in lowercase, the path as written");
        assert_eq!(origin_url(&substitute("Http://Me:PassWord@Host", &vars)).as_deref(), Some("http://Me:PassWord@host"), "credentials as written");
        assert_eq!((origin_url(&substitute("ftp://h/x", &vars)), origin_url(&substitute("/x", &vars))), (None, None));
        let template = origin_template("HTTPS://{{region}}.api.example.com/{{ version }}").expect("a template");
        assert_eq!(template.template, "https://{{region}}.api.example.com/{{ version }}");
        assert_eq!(template.variables, [("region".to_owned(), "region".to_owned()), ("version".to_owned(), "version".to_owned())]);
        let clash = origin_template("https://{{timeout}}.example.com").expect("a template");
        assert_eq!(clash.variables, [("timeout".to_owned(), "timeout_2".to_owned())], "setters never shadow the builder's methods");
        assert_eq!(origin_template("{{baseUrl}}"), None, "a whole variable is the base URL itself");
        assert_eq!(origin_template("https://{{$guid}}.example.com"), None);
        assert_eq!(origin_template("https://api.example.com"), None);
        assert_eq!((other_scheme("ftp://h"), other_scheme(" WSS://h"), other_scheme("HTTP://h"), other_scheme("{{a}}/x"), other_scheme("a b://h")), (Some("ftp"), Some("WSS"), None, None, None));
    }

    #[test]
    fn literals_are_encoded_once() {
        assert_eq!(encode_literal("a b%20c"), "a%20b%20c");
        assert_eq!(encode_literal("users"), "users");
    }
}
