//! Saved responses: grouped by status, their bodies read as almost-JSON into shapes (credentials
//! redacted), and the request each example was saved for.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::json::shape::Shape;
use crate::ir::{Example, ExampleRequest, Response};
use crate::parse::lenient::StringOr;
use crate::parse::model::Request;
use crate::resolve::{parse_url, url_parts, ResolvedRequest, UrlParts};

/// Groups the examples by status and reads what their names say.
pub(super) fn lower_responses(request: &ResolvedRequest<'_>, variables: &BTreeMap<String, String>, diagnostics: &mut Diagnostics) -> Vec<Response> {
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
            match crate::json::shape::Shape::from_almost_json(&body, variables) {
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
        let realised = shape.as_ref().and_then(|_| crate::json::placeholder::realise_text(clean_json.as_deref().unwrap_or(&body)));
        entry.examples.push(Example { name, content_type, body, json: shape.is_some(), clean_json, realised, shape, headers, request, captured: None });
    }
    by_status.into_values().collect()
}

/// An example body's shape and strict text with its literal credentials redacted
/// ([`crate::redact`]): read again, as redacted text, only when the shape has a key that names a
/// credential.
pub(super) fn redact_example(shape: Shape, clean: Option<String>, body: &str) -> (Option<Shape>, Option<String>) {
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

/// The saved `originalRequest` of an example, as written.
pub(super) fn example_request(original: &StringOr<Request>) -> ExampleRequest {
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
pub(super) fn read_example_name(name: &str) -> (Vec<String>, Vec<(String, String)>) {
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
pub(super) fn status_from_reason(reason: &str) -> Option<u16> {
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
