//! `postman-codegen capture`, its pure half: which requests to send to the live API (or a mock) and
//! how each JSON response is stored as a sample ([`crate::samples`]) that the next `generate` types
//! from. Sending is in the `postman-codegen-net` crate, so this library needs no HTTP client.
//!
//! [`plan`] turns the collection into requests ready to send: resolved as `generate` resolves it
//! (environments, globals, `--var`), the collection's auth filled with credentials from those
//! variables, only safe methods (GET, HEAD, GraphQL queries) unless asked for others. A request
//! whose path needs a value nothing gives is skipped and listed with the `--var` that would fill it.
//! `postman_codegen_net::capture::send` sends them, a few at a time and at a bounded rate; [`store`]
//! writes the samples and
//! [`Report::render`] sums up.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::diagnostics::Diagnostics;
use crate::environment::Variables;
use crate::error::{Error, Result};
use crate::ir::{AuthScheme, Operation, ParamLocation, PathPart, RequestBody};
use crate::resolve::substitute;
use crate::samples::Stored;

/// Removes the saved example responses of every request of a collection (its JSON, items at any
/// depth of folders): the collection as one without examples is, which capture gives types to. The
/// capture round trips start from it.
pub fn strip_examples(collection: &mut serde_json::Value) {
    let mut stack = vec![collection];
    while let Some(value) = stack.pop() {
        let Some(object) = value.as_object_mut() else { continue };
        if object.contains_key("request") {
            object.insert("response".to_owned(), serde_json::Value::Array(Vec::new()));
        }
        stack.extend(object.get_mut("item").and_then(serde_json::Value::as_array_mut).into_iter().flatten());
    }
}

/// What to capture and how.
#[derive(Debug, Clone)]
pub struct CaptureOptions {
    /// Methods sent beside the safe ones (upper case).
    pub methods: Vec<String>,
    /// Operations (by name or item name) or folders (by name) to capture; empty: all.
    pub only: Vec<String>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// At most this many requests per second.
    pub rate: Option<f64>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// The base URL to send to instead of the collection's.
    pub base_url: Option<String>,
    /// Response fields whose values are replaced before storing.
    pub redact: Vec<String>,
}

impl Default for CaptureOptions {
    fn default() -> Self {
        CaptureOptions { methods: Vec::new(), only: Vec::new(), concurrency: 4, rate: None, timeout: Duration::from_secs(30), base_url: None, redact: Vec::new() }
    }
}

/// How a request authenticates, credentials filled.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// No credentials.
    None,
    /// A header and its value (bearer tokens, API keys).
    Header(String, String),
    /// A query parameter and its value.
    Query(String, String),
    /// HTTP basic.
    Basic(String, String),
}

impl std::fmt::Debug for Credential {
    // Credentials are never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Credential::None => "None",
            Credential::Header(..) => "Header(…)",
            Credential::Query(..) => "Query(…)",
            Credential::Basic(..) => "Basic(…)",
        })
    }
}

/// One request ready to send.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The operation's name (and its samples directory's).
    pub operation: String,
    /// The operation's place (`lower::operation_place`).
    pub place: String,
    /// The method.
    pub method: String,
    /// The URL, path parameters filled (no query).
    pub url: String,
    /// Query parameters.
    pub query: Vec<(String, String)>,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// The body and its content type.
    pub body: Option<(String, Vec<u8>)>,
    /// The credentials.
    pub credential: Credential,
}

impl Planned {
    /// The credential values, which no stored sample may hold.
    pub fn secrets(&self) -> Vec<String> {
        match &self.credential {
            Credential::None => Vec::new(),
            Credential::Header(_, value) | Credential::Query(_, value) => vec![value.clone()],
            Credential::Basic(user, password) => vec![user.clone(), password.clone()],
        }
    }
}

/// Why a request is not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Its method may change something; `--methods` sends it.
    Unsafe(String),
    /// Its path needs values nothing gives: the `--var` arguments that would fill them.
    Missing(Vec<String>),
}

/// The requests to send, and those skipped.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The requests, in collection order.
    pub requests: Vec<Planned>,
    /// The operations skipped, with why, in collection order.
    pub skipped: Vec<(String, Skip)>,
    /// Things the user should know (credentials that stay unset), in collection order.
    pub notes: Vec<String>,
}

/// Plans the capture of the collection `file` (its bytes).
pub fn plan(file: &Path, bytes: &[u8], variables: &Variables, options: &CaptureOptions, diagnostics: &mut Diagnostics) -> Result<Plan> {
    let collection = crate::parse::parse_collection(file, bytes, diagnostics)?;
    let resolved = crate::resolve::resolve_with(&collection, variables, diagnostics);
    let api = crate::lower::lower_with(&resolved, &BTreeMap::new(), diagnostics);
    // Credentials are substituted too: every variable, secrets included (they are only sent).
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    for value in variables.globals.iter().flat_map(|g| &g.values) {
        values.insert(value.key.clone(), value.value.clone());
    }
    for variable in collection.variable.iter().filter(|v| !v.disabled) {
        if let Some(name) = variable.name() {
            values.insert(name.to_owned(), variable.text());
        }
    }
    for value in variables.environments.first().iter().flat_map(|e| &e.values) {
        values.insert(value.key.clone(), value.value.clone());
    }
    for (key, value) in &variables.overrides {
        values.insert(key.clone(), value.clone());
    }
    let base = match &options.base_url {
        Some(url) => url.clone(),
        None => match (&api.base_url, &api.base_url_template) {
            (Some(url), _) => url.clone(),
            (None, Some(template)) => substitute(&template.template, &values),
            (None, None) => String::new(),
        },
    };
    if base.contains("{{") || !(base.starts_with("http://") || base.starts_with("https://")) {
        let wanted = base.split("{{").skip(1).filter_map(|p| p.split_once("}}")).map(|(name, _)| format!("--var {name}=…")).collect::<Vec<_>>();
        let hint = if wanted.is_empty() { String::new() } else { format!(" or {}", wanted.join(" ")) };
        return Err(Error::Input {
            location: crate::error::Location { file: file.to_owned(), line: None, column: None, path: None },
            message: format!("the collection gives no base URL to send to{}: pass --base-url URL{hint}", if base.is_empty() { String::new() } else { format!(" (`{}`)", base.escape_debug()) }),
        });
    }
    let base = base.trim_end_matches('/').to_owned();
    let mut plan = Plan::default();
    for (op, request) in api.operations.iter().zip(&resolved.requests) {
        if !selected(op, &options.only) {
            continue;
        }
        let graphql_query = matches!(&op.body, Some(RequestBody::Graphql { query, .. }) if !changes_state(query));
        let safe = matches!(op.method.as_str(), "GET" | "HEAD") || graphql_query;
        if !safe && !options.methods.iter().any(|m| m.eq_ignore_ascii_case(&op.method)) {
            plan.skipped.push((op.name.clone(), Skip::Unsafe(op.method.clone())));
            continue;
        }
        let value_of = |index: usize| -> Option<String> {
            let param = &op.params[index];
            let from_example = param.example.as_deref().map(|e| substitute(e, &values));
            let from_variable = || param.variable.as_deref().or(Some(param.wire_name.as_str())).and_then(|name| values.get(name).cloned());
            from_example.filter(|v| is_value(v)).or_else(|| from_variable().filter(|v| is_value(v)))
        };
        let mut path = String::new();
        let mut missing = Vec::new();
        for part in &op.path {
            path.push('/');
            let pieces: Vec<(String, Option<usize>)> = match part {
                PathPart::Literal(text) => vec![(text.clone(), None)],
                PathPart::Param(index) => vec![(String::new(), Some(*index))],
                PathPart::Template(pieces) => pieces.clone(),
            };
            for (text, param) in pieces {
                path.push_str(&text);
                if let Some(index) = param {
                    match value_of(index) {
                        Some(value) => path.push_str(&percent_encoding::utf8_percent_encode(&value, SEGMENT).to_string()),
                        None => missing.push(format!("--var {}=…", op.params[index].variable.as_deref().unwrap_or(&op.params[index].wire_name))),
                    }
                }
            }
        }
        if !missing.is_empty() {
            missing.dedup();
            plan.skipped.push((op.name.clone(), Skip::Missing(missing)));
            continue;
        }
        let mut query = Vec::new();
        let mut headers: Vec<(String, String)> = op.fixed_headers.iter().map(|(k, v)| (k.clone(), substitute(v, &values))).filter(|(_, v)| is_value(v)).collect();
        let mut form = Vec::new();
        for (index, param) in op.params.iter().enumerate() {
            if param.dynamic.is_some() || param.location == ParamLocation::Path {
                continue;
            }
            let Some(value) = value_of(index) else { continue };
            let values: Vec<String> = if param.repeated { value.split(", ").map(str::to_owned).collect() } else { vec![value] };
            for value in values {
                match param.location {
                    ParamLocation::Query => query.push((param.wire_name.clone(), value)),
                    ParamLocation::Header => headers.push((param.wire_name.clone(), value)),
                    ParamLocation::Form => form.push((param.wire_name.clone(), value)),
                    ParamLocation::Path | ParamLocation::Multipart => {}
                }
            }
        }
        let body = match &op.body {
            Some(RequestBody::Json { samples, .. }) => samples.first().map(|s| ("application/json".to_owned(), s.to_string().into_bytes())),
            Some(RequestBody::Graphql { query, samples, .. }) => {
                let body = serde_json::json!({ "query": query, "variables": samples.first().cloned().unwrap_or(serde_json::Value::Object(Default::default())) });
                Some(("application/json".to_owned(), body.to_string().into_bytes()))
            }
            Some(RequestBody::Text { content_type, example }) => Some((content_type.clone(), substitute(example, &values).into_bytes())),
            Some(RequestBody::Form) => Some(("application/x-www-form-urlencoded".to_owned(), form_urlencoded::Serializer::new(String::new()).extend_pairs(&form).finish().into_bytes())),
            Some(RequestBody::Binary { .. } | RequestBody::Multipart) | None => None,
        };
        let credential = credential(&op.auth, &request.auth_params, &values);
        if op.auth != AuthScheme::None && credential == Credential::None {
            let wanted: Vec<String> = request.auth_params.values().flat_map(|v| v.split("{{").skip(1).filter_map(|p| p.split_once("}}")).map(|(n, _)| format!("--var {n}=…"))).collect();
            let how = if wanted.is_empty() { "its credential is not set".to_owned() } else { format!("set its credential with {}", wanted.join(" ")) };
            plan.notes.push(format!("{}: sent without credentials ({how})", op.name));
        }
        plan.requests.push(Planned { operation: op.name.clone(), place: crate::lower::operation_place(op), method: op.method.clone(), url: format!("{base}{path}"), query, headers, body, credential });
    }
    Ok(plan)
}

/// What a path segment's value escapes.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A value that can be sent: not empty, no `{{variable}}` left, not a type placeholder (`<integer>`).
fn is_value(text: &str) -> bool {
    let trimmed = text.trim();
    let placeholder = crate::json::placeholder::recognise(trimmed).is_some() || (trimmed.starts_with('<') && trimmed.ends_with('>'));
    !(trimmed.is_empty() || trimmed.contains("{{") || placeholder)
}

/// Whether `--only` picks the operation: by its name, its item name, or a folder it is in.
fn selected(op: &Operation, only: &[String]) -> bool {
    only.is_empty() || only.iter().any(|o| *o == op.name || o.trim() == op.title.trim() || op.folders.iter().any(|f| f.trim() == o.trim()))
}

/// Whether a GraphQL document is a mutation or subscription (its first operation's keyword, after
/// comments).
pub fn changes_state(query: &str) -> bool {
    let text: String = query.lines().map(|l| l.split('#').next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let first = text.split(|c: char| c.is_whitespace() || c == '{' || c == '(').find(|w| !w.is_empty()).unwrap_or("");
    matches!(first, "mutation" | "subscription")
}

/// The credential the auth block asks for, from `values`; [`Credential::None`] when it is not set.
fn credential(auth: &AuthScheme, params: &BTreeMap<String, String>, values: &BTreeMap<String, String>) -> Credential {
    let get = |keys: &[&str]| keys.iter().find_map(|k| params.get(*k)).map(|v| substitute(v, values)).filter(|v| !v.trim().is_empty() && !v.contains("{{"));
    let token = || get(&["token", "accessToken", "access_token"]);
    match auth {
        AuthScheme::BearerHeader { prefix } => token().map_or(Credential::None, |t| Credential::Header("Authorization".to_owned(), format!("{prefix} {t}"))),
        AuthScheme::TokenQuery => token().map_or(Credential::None, |t| Credential::Query("access_token".to_owned(), t)),
        AuthScheme::Basic => match (get(&["username"]), get(&["password"])) {
            (Some(user), password) => Credential::Basic(user, password.unwrap_or_default()),
            _ => Credential::None,
        },
        AuthScheme::ApiKeyHeader { name } => get(&["value"]).map_or(Credential::None, |v| Credential::Header(name.clone(), v)),
        AuthScheme::ApiKeyQuery { name } => get(&["value"]).map_or(Credential::None, |v| Credential::Query(name.clone(), v)),
        AuthScheme::None | AuthScheme::Unsupported { .. } => Credential::None,
    }
}

/// The answer to one request.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The index of the request in [`Plan::requests`].
    pub index: usize,
    /// The status, content type and body; or the transport error.
    pub result: std::result::Result<(u16, Option<String>, Vec<u8>), String>,
}

/// What a capture did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Requests sent (answered or not).
    pub sent: usize,
    /// The samples written, as paths under the samples directory.
    pub stored: Vec<String>,
    /// Responses whose shape a stored sample already has.
    pub same_shape: usize,
    /// Responses not stored because their status had enough samples.
    pub full: usize,
    /// Responses without a JSON body.
    pub not_json: usize,
    /// Operations that failed, with the status or error.
    pub failures: Vec<(String, String)>,
    /// Operations skipped, with why.
    pub skipped: Vec<(String, Skip)>,
    /// Notes from planning.
    pub notes: Vec<String>,
}

/// Stores the outcomes' JSON bodies as samples under `dir` (error statuses too: they type the
/// error bodies) and sums up.
pub fn store(dir: &Path, plan: &Plan, outcomes: &[Outcome], options: &CaptureOptions) -> Result<Report> {
    let mut report = Report { sent: outcomes.len(), skipped: plan.skipped.clone(), notes: plan.notes.clone(), ..Report::default() };
    for outcome in outcomes {
        let Some(planned) = plan.requests.get(outcome.index) else { continue };
        match &outcome.result {
            Err(error) => report.failures.push((planned.operation.clone(), error.clone())),
            Ok((status, content_type, body)) => {
                if *status >= 400 {
                    report.failures.push((planned.operation.clone(), format!("status {status}")));
                }
                match crate::samples::store(dir, &planned.operation, &planned.place, *status, content_type.as_deref(), body, &options.redact, &planned.secrets())? {
                    Stored::New(path) => report.stored.push(path),
                    Stored::SameShape => report.same_shape += 1,
                    Stored::Full => report.full += 1,
                    Stored::NotJson => report.not_json += 1,
                }
            }
        }
    }
    Ok(report)
}

impl Report {
    /// The summary table.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let rows = [
            ("operations sent", self.sent),
            ("samples stored", self.stored.len()),
            ("same shape as a stored sample", self.same_shape),
            ("status already has enough samples", self.full),
            ("no JSON body", self.not_json),
            ("failures", self.failures.len()),
            ("skipped", self.skipped.len()),
        ];
        let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
        for (label, count) in rows {
            out.push_str(&format!("  {label:<width$}  {count:>5}\n"));
        }
        let name_width = self.failures.iter().map(|(n, _)| n.len()).chain(self.skipped.iter().map(|(n, _)| n.len())).max().unwrap_or(0);
        if !self.failures.is_empty() {
            out.push_str("failures:\n");
            for (name, why) in &self.failures {
                out.push_str(&format!("  {name:<name_width$}  {why}\n"));
            }
        }
        if !self.skipped.is_empty() {
            out.push_str("skipped:\n");
            for (name, why) in &self.skipped {
                let why = match why {
                    Skip::Unsafe(method) => format!("{method} may change something: --methods {method} sends it"),
                    Skip::Missing(vars) => format!("the path needs a value: {}", vars.join(" ")),
                };
                out.push_str(&format!("  {name:<name_width$}  {why}\n"));
            }
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_examples_empties_every_request_s_responses() {
        let mut collection = serde_json::json!({
            "info": {"name": "c"},
            "item": [
                {"name": "a", "request": {"method": "GET"}, "response": [{"code": 200}]},
                {"name": "folder", "item": [{"name": "b", "request": "https://x", "response": [{"code": 404}]}]},
            ]
        });
        strip_examples(&mut collection);
        assert_eq!(collection["item"][0]["response"], serde_json::json!([]));
        assert_eq!(collection["item"][1]["item"][0]["response"], serde_json::json!([]));
        assert!(collection["item"][1].get("response").is_none(), "a folder gets no responses");
    }

    #[test]
    fn graphql_mutations_are_not_safe() {
        assert!(!changes_state("query { me { id } }"));
        assert!(!changes_state("{ me { id } }"));
        assert!(!changes_state("# mutation in a comment\nquery Q($id: ID) { a }"));
        assert!(changes_state("mutation { addUser(name: \"x\") { id } }"));
        assert!(changes_state("  subscription S { events }"));
    }

    #[test]
    fn credentials_come_from_the_variables_and_never_print() {
        let values: BTreeMap<String, String> = [("token".to_owned(), "s3cret".to_owned())].into();
        let params: BTreeMap<String, String> = [("token".to_owned(), "{{token}}".to_owned())].into();
        let bearer = credential(&AuthScheme::BearerHeader { prefix: "Bearer".to_owned() }, &params, &values);
        assert_eq!(bearer, Credential::Header("Authorization".to_owned(), "Bearer s3cret".to_owned()));
        assert!(!format!("{bearer:?}").contains("s3cret"));
        assert_eq!(credential(&AuthScheme::BearerHeader { prefix: "Bearer".to_owned() }, &params, &BTreeMap::new()), Credential::None);
    }
}
