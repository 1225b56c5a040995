//! Stage 2: resolve what Postman resolves at run time: collection variables, auth inherited from
//! folders and the collection, and URLs (object parts preferred, `raw` and strings parsed by
//! Postman's rules).
//!
//! Variables are substituted here and nowhere else in the pipeline: each request carries its origin
//! and path segments as written and substituted ([`ResolvedRequest::origin`],
//! [`ResolvedRequest::path`]) and its `oauth2` attributes substituted, which `lower` reads as they
//! are.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostics;
use crate::environment::{self, Variables};
use crate::ir::AuthScheme;
use crate::parse::lenient::{split_outside_variables, StringOr};
use crate::parse::model::{Auth, Body, Collection, Entry, Header, QueryParam, Request, Response, Url, Variable};

/// A collection with every request resolved, in collection order.
#[derive(Debug)]
pub struct Resolved<'a> {
    /// `info.name`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The variables requests are resolved with, by name: globals, enabled collection variables,
    /// the first environment and `--var` values, in Postman's order; secrets left out.
    pub variables: BTreeMap<String, String>,
    /// Every environment given, by name, with the variables it resolves to (the first is the one
    /// [`Resolved::variables`] holds).
    pub environments: Vec<(String, BTreeMap<String, String>)>,
    /// The variables whose values are kept out of the crate, with why (see [`crate::tooling::environment`]).
    pub secrets: BTreeMap<String, &'static str>,
    /// Every request item.
    pub requests: Vec<ResolvedRequest<'a>>,
}

/// A request item with its effective URL parts and auth.
#[derive(Debug)]
pub struct ResolvedRequest<'a> {
    /// The item name.
    pub name: String,
    /// The JSON path of the item, e.g. `item[2].item[0]`.
    pub json_path: String,
    /// Enclosing folder names, outermost first.
    pub folders: Vec<String>,
    /// The description of the item (or of its request).
    pub description: Option<String>,
    /// The method, upper case.
    pub method: String,
    /// The URL, as written.
    pub url: UrlParts,
    /// The URL's origin ([`UrlParts::origin`]) with the variables substituted.
    pub origin: ResolvedOrigin,
    /// The URL's path segments ([`UrlParts::path`]), each as written and substituted.
    pub path: Vec<PathSegment>,
    /// Headers as written.
    pub headers: Vec<Header>,
    /// The body, if any survives pruning.
    pub body: Option<&'a Body>,
    /// The effective auth.
    pub auth: AuthScheme,
    /// The Postman type of the effective auth (`oauth2`, `bearer`, …), if any.
    pub auth_kind: Option<String>,
    /// The attributes of an effective `oauth2` auth that say where and how credentials go
    /// (`accessTokenUrl`, `grant_type`, `scope`, `client_authentication`, …), trimmed, then with
    /// [`Resolved::variables`] substituted; never the credentials themselves. Empty for other auth
    /// types.
    pub oauth2: BTreeMap<String, String>,
    /// The attributes of the effective auth as written (`token`, `username`, `key`, `value`, …),
    /// variables unresolved: what `capture` fills with credentials to send. Never emitted.
    pub auth_params: BTreeMap<String, String>,
    /// The saved examples.
    pub examples: &'a [Response],
}

/// A URL split the way Postman splits it.
#[derive(Debug, Clone, Default)]
pub struct UrlParts {
    /// The scheme and host (with port), e.g. `https://api.example.com`, or the text of a host that is
    /// one variable, e.g. `{{baseUrl}}`.
    pub origin: String,
    /// Path segments.
    pub path: Vec<String>,
    /// Query parameters, in order, disabled ones included.
    pub query: Vec<QueryParam>,
    /// Path variables (`url.variable`).
    pub variables: Vec<Variable>,
}

/// The origin of a request's URL with the variables substituted.
#[derive(Debug, Clone, Default)]
pub struct ResolvedOrigin {
    /// With [`Resolved::variables`].
    pub main: String,
    /// With each environment's variables, in the order of [`Resolved::environments`].
    pub environments: Vec<String>,
}

/// One path segment of a request's URL.
#[derive(Debug, Clone, Default)]
pub struct PathSegment {
    /// As written: an id written into the URL is told from text a variable gave by it.
    pub written: String,
    /// With [`Resolved::variables`] substituted, the variables growing the path of the request by
    /// at most 8 KiB, all segments together (a guard against variables that hold themselves). A
    /// path variable (`:id`, `:id.json`, see [`path_variable`]) is as written and uses none of it.
    pub substituted: String,
}

/// The name of the path variable a segment is (`:id` → `id`, `:id.json` → `id` with `.json`
/// after it): a `:` and a name, up to the first `.` or `:`. `None` for any other segment.
pub fn path_variable(segment: &str) -> Option<(&str, &str)> {
    let rest = segment.strip_prefix(':').filter(|r| !r.is_empty())?;
    let end = rest.find(['.', ':']).unwrap_or(rest.len());
    (end > 0).then(|| rest.split_at(end))
}

/// Resolves a parsed collection with its own variables only.
pub fn resolve<'a>(collection: &'a Collection, diagnostics: &mut Diagnostics) -> Resolved<'a> {
    resolve_with(collection, &Variables::default(), diagnostics)
}

/// Resolves a parsed collection with globals, environments and `--var` values beside its own.
pub fn resolve_with<'a>(collection: &'a Collection, given: &Variables, diagnostics: &mut Diagnostics) -> Resolved<'a> {
    let info = collection.info.as_ref();
    let mut own = BTreeMap::new();
    for variable in collection.variable.iter().filter(|v| !v.disabled) {
        if let Some(name) = variable.name() {
            own.insert(name.to_owned(), variable.text());
        }
    }
    let auth_variables = auth_variables(collection);
    let layered = environment::layer(given, given.environments.first(), &own, &auth_variables);
    let environments = given.environments.iter().map(|env| (env.name.clone(), environment::layer(given, Some(env), &own, &auth_variables).values)).collect();
    // A secret that had a value somewhere: say that it was kept out, and where the client takes it.
    let mut secrets = layered.secrets.clone();
    for env in &given.environments {
        secrets.extend(environment::layer(given, Some(env), &own, &auth_variables).secrets);
    }
    let had_value = |name: &str| {
        own.get(name).is_some_and(|v| !v.is_empty())
            || given.globals.iter().chain(&given.environments).flat_map(|e| &e.values).any(|v| v.key == name && !v.value.is_empty())
            || given.overrides.iter().any(|(k, v)| k == name && !v.is_empty())
    };
    for (name, why) in &secrets {
        if had_value(name) {
            diagnostics.warn("", &format!("the variable `{}` is a secret ({why}): its value is not written into the crate; the client takes the credential at run time", name.escape_debug()));
        }
    }
    let mut resolved = Resolved {
        title: info.and_then(|i| i.name.clone()).filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "API".to_owned()),
        description: info.and_then(|i| i.description.clone()),
        variables: layered.values,
        environments,
        secrets,
        requests: Vec::new(),
    };
    let mut walker = Walker {
        diagnostics,
        variables: &resolved.variables,
        environments: &resolved.environments,
        folders: Vec::new(),
        auth: vec![collection.auth.as_ref()],
    };
    walker.walk(&collection.item, "item", &mut resolved.requests);
    resolved
}

/// The auth attributes that say where and how credentials go, not what they are: a variable in
/// them (`{{baseUrl}}/oauth/token`) is no secret.
const NOT_SECRET: &[&str] = &[
    "accessTokenUrl", "authUrl", "refreshTokenUrl", "redirect_uri", "callBackUrl", "tokenName", "grant_type", "scope",
    "client_authentication", "addTokenTo", "headerPrefix", "tokenType", "in", "key", "audience", "resource",
    "challengeAlgorithm", "useBrowser",
];

/// The `{{variables}}` any auth block of the collection uses (collection, folders, requests, and the
/// requests of saved examples).
fn auth_variables(collection: &Collection) -> BTreeSet<String> {
    fn strings(value: &serde_json::Value, out: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::String(text) => {
                let mut rest = text.as_str();
                while let Some(start) = rest.find("{{") {
                    let Some(len) = rest[start + 2..].find("}}") else { break };
                    out.insert(rest[start + 2..start + 2 + len].trim().to_owned());
                    rest = &rest[start + 2 + len + 2..];
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| strings(item, out)),
            serde_json::Value::Object(map) => map.values().for_each(|item| strings(item, out)),
            _ => {}
        }
    }
    fn auth(block: Option<&Auth>, out: &mut BTreeSet<String>) {
        for member in block.iter().flat_map(|a| a.members.values()) {
            match member {
                // v2.1: `[{"key": "accessTokenUrl", "value": …}, …]`.
                serde_json::Value::Array(items) => {
                    for item in items {
                        if item.get("key").and_then(serde_json::Value::as_str).is_some_and(|key| NOT_SECRET.contains(&key)) {
                            continue;
                        }
                        strings(item, out);
                    }
                }
                // v2.0: `{"accessTokenUrl": …, …}`.
                serde_json::Value::Object(map) => map.iter().filter(|(key, _)| !NOT_SECRET.contains(&key.as_str())).for_each(|(_, value)| strings(value, out)),
                other => strings(other, out),
            }
        }
    }
    fn walk(entries: &[Entry], out: &mut BTreeSet<String>) {
        for entry in entries {
            auth(entry.auth.as_ref(), out);
            if let Some(StringOr::Obj(request)) = &entry.request {
                auth(request.auth.as_ref(), out);
            }
            for response in &entry.response {
                if let Some(StringOr::Obj(request)) = &response.original_request {
                    auth(request.auth.as_ref(), out);
                }
            }
            if let Some(children) = &entry.item {
                walk(children, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    auth(collection.auth.as_ref(), &mut out);
    walk(&collection.item, &mut out);
    out
}

struct Walker<'d, 'a> {
    diagnostics: &'d mut Diagnostics,
    /// [`Resolved::variables`].
    variables: &'d BTreeMap<String, String>,
    /// [`Resolved::environments`].
    environments: &'d [(String, BTreeMap<String, String>)],
    folders: Vec<String>,
    auth: Vec<Option<&'a Auth>>,
}

impl<'a> Walker<'_, 'a> {
    fn walk(&mut self, entries: &'a [Entry], path: &str, out: &mut Vec<ResolvedRequest<'a>>) {
        for (index, entry) in entries.iter().enumerate() {
            let json_path = format!("{path}[{index}]");
            if let Some(children) = &entry.item {
                self.folders.push(entry.name.clone().unwrap_or_default());
                self.auth.push(entry.auth.as_ref());
                self.walk(children, &format!("{json_path}.item"), out);
                self.auth.pop();
                self.folders.pop();
            } else {
                out.push(self.request(entry, json_path));
            }
        }
    }

    fn request(&mut self, entry: &'a Entry, json_path: String) -> ResolvedRequest<'a> {
        let name = entry.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "request".to_owned());
        let (request, url_text): (Option<&Request>, Option<&str>) = match &entry.request {
            Some(StringOr::Str(url)) => (None, Some(url)),
            Some(StringOr::Obj(request)) => (Some(request), None),
            None => {
                self.diagnostics.warn(&json_path, "the item has no `request`; it is generated as `GET /`");
                (None, None)
            }
        };
        let method = request
            .and_then(|r| r.method.as_deref())
            .map(|m| m.trim().to_ascii_uppercase())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "GET".to_owned());
        let url = match (request.and_then(|r| r.url.as_ref()), url_text) {
            (Some(StringOr::Obj(url)), _) => url_parts(url),
            (Some(StringOr::Str(text)), _) => parse_url(text),
            (None, Some(text)) => parse_url(text),
            (None, None) => UrlParts::default(),
        };
        let auth_here = request.and_then(|r| r.auth.as_ref());
        let (auth, auth_kind, auth_params) = self.effective_auth(auth_here, &json_path);
        let oauth2 = if auth_kind.as_deref() == Some("oauth2") {
            auth_params.iter().filter(|(key, _)| NOT_SECRET.contains(&key.as_str())).map(|(key, value)| (key.clone(), substitute(value.trim(), self.variables))).collect()
        } else {
            BTreeMap::new()
        };
        let origin = ResolvedOrigin {
            main: substitute(&url.origin, self.variables),
            environments: self.environments.iter().map(|(_, variables)| substitute(&url.origin, variables)).collect(),
        };
        let path = substitute_path(&url.path, self.variables);
        let body = request.and_then(|r| r.body.as_ref()).filter(|body| keep_body(&method, body, entry));
        ResolvedRequest {
            name,
            json_path,
            folders: self.folders.clone(),
            description: entry.description.clone().or_else(|| request.and_then(|r| r.description.clone())),
            method,
            url,
            origin,
            path,
            headers: request.map(|r| r.header.clone()).unwrap_or_default(),
            body,
            auth,
            auth_kind,
            oauth2,
            auth_params,
            examples: &entry.response,
        }
    }

    /// The nearest auth with a `type`, from the request up through the folders to the collection:
    /// its scheme, its Postman type and its attributes.
    fn effective_auth(&mut self, own: Option<&Auth>, json_path: &str) -> (AuthScheme, Option<String>, BTreeMap<String, String>) {
        let levels = std::iter::once(own).chain(self.auth.iter().rev().copied());
        for auth in levels.flatten() {
            let Some(kind) = auth.kind.as_deref().map(str::trim).filter(|k| !k.is_empty() && *k != "inherit") else {
                continue;
            };
            return (auth_scheme(kind, auth, json_path, self.diagnostics), Some(kind.to_owned()), auth_params(auth, kind));
        }
        (AuthScheme::None, None, BTreeMap::new())
    }
}

/// The attributes of the active auth member, from either shape (v2.1 list or v2.0 map).
fn auth_params(auth: &Auth, kind: &str) -> BTreeMap<String, String> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    match auth.members.get(kind) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|item| Some((item.get("key")?.as_str()?.to_owned(), item.get("value").map(text).unwrap_or_default())))
            .collect(),
        Some(serde_json::Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), text(v))).collect(),
        _ => BTreeMap::new(),
    }
}

fn auth_scheme(kind: &str, auth: &Auth, json_path: &str, diagnostics: &mut Diagnostics) -> AuthScheme {
    let params = auth_params(auth, kind);
    let get = |key: &str| params.get(key).map(|s| s.trim()).filter(|s| !s.is_empty());
    match kind {
        "noauth" => AuthScheme::None,
        "bearer" => AuthScheme::BearerHeader { prefix: "Bearer".to_owned() },
        "oauth2" => match get("addTokenTo") {
            Some("queryParams") => AuthScheme::TokenQuery,
            _ => AuthScheme::BearerHeader { prefix: get("headerPrefix").unwrap_or("Bearer").to_owned() },
        },
        "basic" => AuthScheme::Basic,
        "apikey" => {
            let name = get("key").unwrap_or("X-API-Key").to_owned();
            match get("in") {
                Some("query") => AuthScheme::ApiKeyQuery { name },
                _ => AuthScheme::ApiKeyHeader { name },
            }
        }
        other => {
            diagnostics.warn(
                json_path,
                &format!("auth type `{other}` is not supported: the client sends no credentials for it; add them with your own `reqwest::Client` default headers"),
            );
            AuthScheme::Unsupported { kind: other.to_owned() }
        }
    }
}

/// Postman's body rules: no mode, disabled, or empty means no body; GET-like bodies are pruned.
fn keep_body(method: &str, body: &Body, entry: &Entry) -> bool {
    if body.disabled {
        return false;
    }
    let has_content = match body.mode.as_deref() {
        None => false,
        Some("urlencoded") => body.urlencoded.iter().any(|p| !p.disabled),
        Some("formdata") => body.formdata.iter().any(|p| !p.disabled),
        Some("graphql") => body.graphql.is_some(),
        Some(_) => body.raw.as_deref().is_some_and(|r| !r.is_empty()),
    };
    let pruned = matches!(method, "GET" | "COPY" | "HEAD" | "PURGE" | "UNLOCK")
        && !entry
            .protocol_profile_behavior
            .as_ref()
            .and_then(|p| p.get("disableBodyPruning"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
    has_content && !pruned
}

/// The parts of an object URL; `raw` only when neither `host` nor `path` is given.
pub fn url_parts(url: &Url) -> UrlParts {
    if url.host.is_none() && url.path.is_none() {
        let mut parts = parse_url(url.raw.as_deref().unwrap_or(""));
        if !url.query.is_empty() {
            parts.query.clone_from(&url.query);
        }
        parts.variables.clone_from(&url.variable);
        return parts;
    }
    let host = url.host.clone().unwrap_or_default();
    let origin = if host.len() == 1 && is_single_variable(&host[0]) {
        host[0].clone()
    } else if host.is_empty() {
        String::new()
    } else {
        let protocol = url.protocol.as_deref().unwrap_or("https").trim_end_matches("://");
        let port = url.port.as_deref().map(|p| format!(":{p}")).unwrap_or_default();
        format!("{protocol}://{}{port}", host.join("."))
    };
    UrlParts { origin, path: url.path.clone().unwrap_or_default(), query: url.query.clone(), variables: url.variable.clone() }
}

/// Is `text` exactly one `{{variable}}`?
pub fn is_single_variable(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("{{") && t.ends_with("}}") && t.matches("{{").count() == 1 && t.len() > 4
}

/// Parses a URL string by Postman's rules (`postman-url-encoder/parser`).
pub fn parse_url(text: &str) -> UrlParts {
    // Mask `{{…}}` so that reserved characters inside variables are ignored.
    let mut masked = String::with_capacity(text.len());
    let mut vars = Vec::new();
    let mut rest = text.trim_start();
    while let Some(start) = rest.find("{{") {
        match rest[start + 2..].find("}}") {
            Some(len) if !rest[start + 2..start + 2 + len].contains(['{', '}']) => {
                masked.push_str(&rest[..start]);
                masked.push_str(&format!("\u{0}{}\u{0}", vars.len()));
                vars.push(rest[start..start + 2 + len + 2].to_owned());
                rest = &rest[start + 2 + len + 2..];
            }
            _ => {
                masked.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    masked.push_str(rest);
    let unmask = |s: &str| -> String {
        let mut out = String::new();
        let mut parts = s.split('\u{0}');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        let mut is_var = true;
        for part in parts {
            if is_var {
                out.push_str(part.parse::<usize>().ok().and_then(|i| vars.get(i)).map_or(part, String::as_str));
            } else {
                out.push_str(part);
            }
            is_var = !is_var;
        }
        out
    };
    let mut s = masked.as_str();
    if let Some(i) = s.find('#') {
        s = &s[..i];
    }
    let mut query = Vec::new();
    if let Some(i) = s.find('?') {
        let q = &s[i + 1..];
        let pieces: Vec<&str> = q.split('&').collect();
        for (n, piece) in pieces.iter().enumerate() {
            if piece.is_empty() && n + 1 == pieces.len() {
                continue;
            }
            let (key, value) = match piece.split_once('=') {
                Some((k, v)) => (Some(unmask(k)), Some(unmask(v))),
                None if piece.is_empty() => (None, None),
                None => (Some(unmask(piece)), None),
            };
            query.push(QueryParam { key, value, ..QueryParam::default() });
        }
        s = &s[..i];
    }
    let s = s.replace('\\', "/");
    let (protocol, after) = match s.find("://") {
        Some(i) => (Some(&s[..i]), s[i + 3..].trim_start_matches('/')),
        None => (None, s.as_str()),
    };
    let (authority, path) = match after.find('/') {
        Some(i) => (&after[..i], Some(&after[i + 1..])),
        None => (after, None),
    };
    let host = match authority.rfind('@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    let host = unmask(host);
    let origin = if is_single_variable(&host) || protocol.is_none() && host.starts_with("{{") {
        host
    } else if host.is_empty() {
        String::new()
    } else {
        format!("{}://{host}", protocol.unwrap_or("https"))
    };
    let path = path.map(|p| split_outside_variables(&unmask(p), '/')).unwrap_or_default();
    UrlParts { origin, path, query, variables: Vec::new() }
}

/// The path segments of one request, as written and substituted (see [`PathSegment`]).
fn substitute_path(segments: &[String], variables: &BTreeMap<String, String>) -> Vec<PathSegment> {
    // What the variables may still add to this request's path, all segments together.
    let mut growth = MAX_SUBSTITUTED_GROWTH;
    segments
        .iter()
        .map(|segment| {
            if !segment.contains("{{") {
                return PathSegment { written: segment.clone(), substituted: segment.clone() };
            }
            let substituted = if path_variable(segment).is_some() {
                segment.clone()
            } else {
                let substituted = substitute_within(segment, variables, growth);
                growth = growth.saturating_sub(substituted.len().saturating_sub(segment.len()));
                substituted
            };
            PathSegment { written: segment.clone(), substituted }
        })
        .collect()
}

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

/// The most bytes [`substitute`] grows a text by, and the variables grow the path of one request
/// by: variables that hold themselves several times (`a = "{{a}}{{a}}"`) would otherwise double a
/// text on every pass, and a long variable used in many segments multiply it (no server takes a
/// URL this long anyway).
const MAX_SUBSTITUTED_GROWTH: usize = 8 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_component() {
        let parts = parse_url("https://u:p@{{host.name}}.example.com:{{port}}/a/:id.json?x=1&flag&=v&&y=#frag");
        assert_eq!(parts.origin, "https://{{host.name}}.example.com:{{port}}");
        assert_eq!(parts.path, ["a", ":id.json"]);
        let query: Vec<_> = parts.query.iter().map(|q| (q.key.as_deref(), q.value.as_deref())).collect();
        assert_eq!(
            query,
            [(Some("x"), Some("1")), (Some("flag"), None), (Some(""), Some("v")), (None, None), (Some("y"), Some(""))]
        );
    }

    #[test]
    fn base_url_variable_hosts() {
        let parts = parse_url("{{baseUrl}}/users/:userId?login_type=100");
        assert_eq!(parts.origin, "{{baseUrl}}");
        assert_eq!(parts.path, ["users", ":userId"]);
        assert!(is_single_variable("{{baseUrl}}") && !is_single_variable("{{a}}.{{b}}"));
    }

    #[test]
    fn object_urls_ignore_raw() {
        let url = Url {
            raw: Some("https://other/x".into()),
            host: Some(vec!["api".into(), "example".into(), "com".into()]),
            path: Some(vec!["v1".into(), "users".into(), String::new()]),
            port: Some("8443".into()),
            ..Url::default()
        };
        let parts = url_parts(&url);
        assert_eq!(parts.origin, "https://api.example.com:8443");
        assert_eq!(parts.path, ["v1", "users", ""]);
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
    }

    fn collection(json: serde_json::Value) -> Collection {
        let bytes = serde_json::to_vec(&json).expect("JSON");
        crate::parse::parse_collection(std::path::Path::new("c.json"), &bytes, &mut Diagnostics::default()).expect("a collection")
    }

    /// Resolve substitutes the variables into each request's origin (for the first environment and
    /// every other), its path segments (keeping them as written) and its `oauth2` attributes, so
    /// that lowering never does.
    #[test]
    fn requests_carry_their_urls_substituted() {
        let collection = collection(serde_json::json!({
            "info": {"name": "t"},
            "variable": [
                {"key": "baseUrl", "value": "https://{{region}}.example.com"},
                {"key": "id", "value": "42"},
                {"key": "fmt", "value": "json"},
                {"key": "tokenUrl", "value": "https://auth.example.com/token"}
            ],
            "auth": {"type": "oauth2", "oauth2": [
                {"key": "accessTokenUrl", "value": " {{tokenUrl}} "},
                {"key": "scope", "value": "read {{unknown}}"},
                {"key": "clientSecret", "value": "{{secret}}"}
            ]},
            "item": [{"name": "get", "request": {"method": "GET", "url": "{{baseUrl}}/users/{{id}}/:key.{{fmt}}/{{other}}"}}]
        }));
        let env = |name: &str, region: &str| environment::Environment {
            name: name.to_owned(),
            file: std::path::PathBuf::from(format!("{name}.json")),
            values: vec![environment::EnvValue { key: "region".to_owned(), value: region.to_owned(), secret: false }],
        };
        let given = Variables { environments: vec![env("eu", "eu"), env("us", "us")], ..Variables::default() };
        let resolved = resolve_with(&collection, &given, &mut Diagnostics::default());
        let request = &resolved.requests[0];
        assert_eq!(request.url.origin, "{{baseUrl}}", "the URL stays as written");
        assert_eq!(request.origin.main, "https://eu.example.com");
        assert_eq!(request.origin.environments, ["https://eu.example.com", "https://us.example.com"]);
        let path: Vec<(&str, &str)> = request.path.iter().map(|s| (s.written.as_str(), s.substituted.as_str())).collect();
        // A path variable is not substituted.
        assert_eq!(path, [("users", "users"), ("{{id}}", "42"), (":key.{{fmt}}", ":key.{{fmt}}"), ("{{other}}", "{{other}}")]);
        assert_eq!(path_variable(":key.{{fmt}}"), Some(("key", ".{{fmt}}")));
        assert_eq!((path_variable(":id"), path_variable(":.json"), path_variable("id")), (Some(("id", "")), None, None));
        let oauth2: Vec<(&str, &str)> = request.oauth2.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(oauth2, [("accessTokenUrl", "https://auth.example.com/token"), ("scope", "read {{unknown}}")], "trimmed, substituted, no credentials");
    }

    /// A variable that holds itself grows the path of one request by at most the budget, all
    /// segments together: the first segments take it, the later ones stay as written.
    #[test]
    fn the_growth_budget_holds_for_the_whole_path() {
        let long = "x".repeat(3000);
        let collection = collection(serde_json::json!({
            "info": {"name": "t"},
            "variable": [{"key": "long", "value": long}, {"key": "self", "value": "{{self}}{{self}}/"}],
            "item": [
                {"name": "many", "request": {"method": "GET", "url": "https://h/{{long}}/{{long}}/{{long}}/{{long}}"}},
                {"name": "laughs", "request": {"method": "GET", "url": "https://h/{{self}}/a/{{self}}"}}
            ]
        }));
        let resolved = resolve(&collection, &mut Diagnostics::default());
        let many = &resolved.requests[0].path;
        let substituted: Vec<&str> = many.iter().map(|s| s.substituted.as_str()).collect();
        assert_eq!(substituted, [long.as_str(), long.as_str(), "{{long}}", "{{long}}"], "two fit in 8 KiB, not three");
        assert!(many.iter().all(|s| s.written == "{{long}}"));
        let laughs = &resolved.requests[1].path;
        let grown: usize = laughs.iter().map(|s| s.substituted.len() - s.written.len()).sum();
        assert!(grown <= MAX_SUBSTITUTED_GROWTH && grown > MAX_SUBSTITUTED_GROWTH / 2, "{grown}");
        assert_eq!(laughs[1].substituted, "a");
    }
}
