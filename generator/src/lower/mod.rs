//! Stage 3: lower resolved requests into the IR: operation and parameter names, typed parameters,
//! path templates, and the saved examples grouped by status.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::ir::{Api, AuthScheme, CredentialKinds, Operation, ParamLocation, ParamType, Parameter, PathPart, RequestBody};
use crate::names::{is_reserved_type, pascal_ident, snake_ident, Scope};
use crate::resolve::{Resolved, ResolvedRequest};
use bodies::lower_body;
use naming::{operation_names, CLIENT_METHODS};
use params::{is_marked_required, keyed_params, lower_segment, placeholder_param_type, single_variable, strip_required, KeyEntry};
use responses::lower_responses;

mod bodies;
mod folders;
mod naming;
mod params;
mod responses;
#[cfg(test)]
mod tests;

pub use naming::{operation_place, rename_operations};

/// Field and method names of the generated request builders that parameters must not take.
const BUILDER_MEMBERS: &[&str] =
    &["client", "send", "send_with_response", "send_blocking", "send_with_response_blocking", "stream", "new", "into_future", "clone", "fmt"];

/// Lowers a resolved collection to the IR (types are filled in later by inference).
pub fn lower(resolved: &Resolved<'_>, diagnostics: &mut Diagnostics) -> Api {
    lower_with(resolved, &BTreeMap::new(), diagnostics)
}

/// [`lower`], where an operation keeps the name `previous` gives its place ([`operation_place`],
/// from the crate's [`crate::settings::names_file`] file) while that name is free.
pub fn lower_with(resolved: &Resolved<'_>, previous: &BTreeMap<String, String>, diagnostics: &mut Diagnostics) -> Api {
    // Each request's origin, its variables substituted by resolve.
    let texts: Vec<&String> = resolved.requests.iter().map(|r| &r.origin.main).collect();
    let origins: Vec<Option<String>> = texts.iter().map(|origin| origin_url(origin)).collect();
    let base_url = most_common(origins.iter().flatten());
    let base_url_template = if base_url.is_some() { None } else { most_common(texts.iter().copied().filter(|o| origin_template(o).is_some())).and_then(|o| origin_template(&o)) };
    let environments = resolved
        .environments
        .iter()
        .enumerate()
        .filter_map(|(i, (name, _))| {
            let origins: Vec<String> = resolved.requests.iter().filter_map(|r| origin_url(r.origin.environments.get(i)?)).collect();
            Some((name.clone(), most_common(origins.iter())?))
        })
        .collect();
    for ((request, origin), text) in resolved.requests.iter().zip(&origins).zip(&texts) {
        if let Some(scheme) = other_scheme(text) {
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
    let oauth2 = if credentials.oauth2 { resolved.requests.iter().find_map(|r| oauth2_flow(&r.oauth2)) } else { None };
    let unresolved = unresolved_report(resolved, &operations, &texts, base_url_template.as_ref(), &client_settings);
    let json_paths: Vec<&str> = resolved.requests.iter().map(|r| r.json_path.as_str()).collect();
    let client_methods: Vec<&str> = CLIENT_METHODS.iter().copied().chain(operations.iter().map(|op| op.name.as_str())).collect();
    let (folders, owners) = folders::folders(&operations, &json_paths, &client_methods);
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

/// The base URL an origin stands for, its `{{variables}}` already replaced by their values: an
/// absolute HTTP(S) URL without any unknown variable left.
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

/// Lowers one request; its `name` and `builder_name` are left empty for [`lower`] to set.
fn lower_operation(request: &ResolvedRequest<'_>, variables: &BTreeMap<String, String>, diagnostics: &mut Diagnostics) -> Operation {
    let mut scope = Scope::with_reserved(BUILDER_MEMBERS.iter().copied());
    let mut params: Vec<Parameter> = Vec::new();
    let mut path = Vec::new();
    let mut previous: Option<&str> = None;
    for segment in &request.path {
        path.push(lower_segment(segment, previous, request, &mut params, &mut scope, diagnostics));
        previous = Some(segment.written.as_str());
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
        Some(body) => lower_body(body, content_type_header, request.examples, variables, &mut scope, &request.json_path, diagnostics),
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
                ty: match (dynamic.as_deref(), crate::json::placeholder::recognise(value.trim())) {
                    (Some(dynamic), _) => crate::environment::dynamic_type(dynamic),
                    (None, Some(placeholder)) if !header.disabled => placeholder_param_type(placeholder),
                    (None, _) => ParamType::String,
                },
                required: !header.disabled && dynamic.is_none() && header.description.as_deref().is_some_and(is_marked_required),
                repeated: false,
                description: header.description.as_deref().map(strip_required),
                example: Some(value.clone()).filter(|v| !v.contains("{{") && (!is_placeholder(v) || crate::json::placeholder::is_placeholder(v))),
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
        renamed_from: None,
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
    origins: &[&String],
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
        for segment in &request.path {
            for name in open_variables(&segment.substituted) {
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

/// The flow an `oauth2` auth block describes, when it names a token URL (`params` with their
/// variables resolved, [`ResolvedRequest::oauth2`]; one left open, or a secret, leaves the block
/// out). Only the endpoint, the grant, the scope and where client credentials go are read: never
/// an id, secret or token.
fn oauth2_flow(params: &BTreeMap<String, String>) -> Option<crate::ir::OAuth2Flow> {
    let value = |key: &str| params.get(key).cloned().filter(|v| !v.is_empty() && !v.contains("{{"));
    let token_url = value("accessTokenUrl").filter(|url| url.starts_with("https://") || url.starts_with("http://"))?;
    Some(crate::ir::OAuth2Flow {
        token_url,
        grant: value("grant_type").unwrap_or_else(|| "authorization_code".to_owned()),
        scope: value("scope"),
        client_auth_body: value("client_authentication").as_deref() == Some("body"),
    })
}
