//! Lowering request bodies: raw JSON (tolerating comments, trailing commas and placeholders), raw
//! text with its content type, urlencoded forms, multipart forms with files, GraphQL and binary files.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::ir::{DynamicField, ParamLocation, Parameter, RequestBody};
use crate::names::Scope;
use crate::parse::lenient::StringOr;
use crate::parse::model::{Body, Response};

/// The body of a request and the parameters it adds (form fields and multipart parts).
pub fn lower_body(
    body: &Body,
    content_type_header: Option<&str>,
    examples: &[Response],
    variables: &BTreeMap<String, String>,
    scope: &mut Scope,
    json_path: &str,
    diagnostics: &mut Diagnostics,
) -> (Option<RequestBody>, Vec<Parameter>) {
    match body.mode.as_deref() {
        Some("urlencoded") => (Some(RequestBody::Form), form_params(&body.urlencoded, ParamLocation::Form, scope)),
        Some("formdata") => (Some(RequestBody::Multipart), form_params(&body.formdata, ParamLocation::Multipart, scope)),
        Some("file") => {
            let content_type = content_type_header.unwrap_or("application/octet-stream").to_owned();
            (Some(RequestBody::Binary { content_type }), Vec::new())
        }
        Some("graphql") => (graphql(body, variables, json_path, diagnostics), Vec::new()),
        _ => (raw(body, content_type_header, examples, variables, json_path, diagnostics), Vec::new()),
    }
}

/// The content type Postman adds for `options.raw.language`.
fn language_content_type(body: &Body) -> Option<&'static str> {
    let language = body.options.as_ref()?.get("raw")?.get("language")?.as_str()?;
    Some(match language {
        "json" => "application/json",
        "xml" => "application/xml",
        "html" => "text/html",
        "javascript" => "application/javascript",
        _ => "text/plain",
    })
}

fn raw(
    body: &Body,
    content_type_header: Option<&str>,
    examples: &[Response],
    variables: &BTreeMap<String, String>,
    json_path: &str,
    diagnostics: &mut Diagnostics,
) -> Option<RequestBody> {
    let text = body.raw.as_deref()?;
    let content_type = content_type_header.map(str::to_owned).or_else(|| language_content_type(body).map(str::to_owned));
    let declared_json = content_type.as_deref().is_some_and(|c| c.contains("json"));
    let looks_json = text.trim_start().starts_with(['{', '[']);
    if declared_json || (content_type.is_none() && looks_json) {
        match crate::json::lenient::parse(text, variables) {
            Ok((value, _)) => {
                let mut samples = vec![value];
                samples.extend(example_request_bodies(examples, variables));
                redact_all(&mut samples);
                let dynamic = dynamic_fields(text, &samples[0]);
                return Some(RequestBody::Json { samples, ty: None, dynamic });
            }
            Err(error) => diagnostics.warn(
                &format!("{json_path}.request.body.raw"),
                &format!("the JSON body does not parse ({error}); it is sent as text"),
            ),
        }
    }
    Some(RequestBody::Text { content_type: content_type.unwrap_or_else(|| "text/plain".to_owned()), example: text.to_owned() })
}

/// The fields of a JSON body (through objects, not arrays) whose value is exactly a dynamic
/// variable the client makes ([`crate::environment::DYNAMIC_VARIABLES`]), in the body's order;
/// `value` is the body as read, where a bare `{{$name}}` has its stand-in and a quoted one is text.
fn dynamic_fields(text: &str, value: &serde_json::Value) -> Vec<DynamicField> {
    fn walk(quoted: &serde_json::Value, value: Option<&serde_json::Value>, path: &mut Vec<String>, out: &mut Vec<DynamicField>) {
        let serde_json::Value::Object(map) = quoted else { return };
        for (key, item) in map {
            path.push(key.clone());
            let read = value.and_then(|v| v.get(key));
            if let serde_json::Value::String(text) = item {
                let name = text.strip_prefix("{{$").and_then(|t| t.strip_suffix("}}")).map(str::trim);
                if let Some(name) = name.filter(|n| crate::environment::DYNAMIC_VARIABLES.iter().any(|(known, _)| known == n)) {
                    out.push(DynamicField { path: path.clone(), variable: name.to_owned(), quoted: read.is_some_and(|r| r == item) });
                }
            } else {
                walk(item, read, path, out);
            }
            path.pop();
        }
    }
    if !text.contains("{{") {
        return Vec::new();
    }
    let Some(quoted) = crate::json::lenient::quote_variables(text).and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok()) else { return Vec::new() };
    let mut out = Vec::new();
    walk(&quoted, Some(value), &mut Vec::new(), &mut out);
    out
}

/// Redacts the literal credentials of every sample ([`crate::redact`]).
fn redact_all(samples: &mut [serde_json::Value]) {
    for sample in samples {
        crate::redact::redact(sample);
    }
}

/// The JSON bodies of the examples' original requests.
fn example_request_bodies(examples: &[Response], variables: &BTreeMap<String, String>) -> Vec<serde_json::Value> {
    examples
        .iter()
        .filter_map(|example| match example.original_request.as_ref()? {
            StringOr::Obj(request) => request.body.as_ref()?.raw.clone(),
            StringOr::Str(_) => None,
        })
        .filter_map(|raw| crate::json::lenient::parse(&raw, variables).ok().map(|(value, _)| value))
        .collect()
}

fn graphql(body: &Body, variables: &BTreeMap<String, String>, json_path: &str, diagnostics: &mut Diagnostics) -> Option<RequestBody> {
    let graphql = body.graphql.as_ref()?;
    let query = graphql.get("query").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
    let samples = match graphql.get("variables") {
        Some(serde_json::Value::String(text)) if !text.trim().is_empty() => match crate::json::lenient::parse(text, variables) {
            Ok((value, _)) => vec![value],
            Err(error) => {
                diagnostics.warn(&format!("{json_path}.request.body.graphql.variables"), &format!("the variables are not JSON ({error})"));
                Vec::new()
            }
        },
        Some(value @ serde_json::Value::Object(_)) => vec![value.clone()],
        _ => Vec::new(),
    };
    let mut samples = samples;
    redact_all(&mut samples);
    Some(RequestBody::Graphql { query, samples, ty: None })
}

fn form_params(fields: &[crate::parse::model::FormParam], location: ParamLocation, scope: &mut Scope) -> Vec<Parameter> {
    let entries: Vec<super::params::KeyEntry<'_>> = fields
        .iter()
        .map(|f| super::params::KeyEntry {
            key: f.key.as_deref(),
            value: f.value.as_deref(),
            disabled: f.disabled,
            description: f.description.as_deref(),
            file: location == ParamLocation::Multipart && f.kind.as_deref() == Some("file"),
        })
        .collect();
    super::params::keyed_params(&entries, location, "field", scope)
}
