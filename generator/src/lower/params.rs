//! Parameters: the query and form entries of a request, its path segments, and the type each
//! takes from its example value.

use std::collections::HashMap;

use crate::diagnostics::Diagnostics;
use crate::ir::{ParamLocation, ParamType, Parameter, PathPart};
use crate::names::{snake_ident, Scope};
use crate::resolve::{path_variable, PathSegment, ResolvedRequest};

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
pub(super) fn single_variable(value: &str) -> Option<String> {
    let name = value.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let plain = !name.is_empty() && !name.starts_with('$') && !name.contains(['{', '}']);
    plain.then(|| name.to_owned())
}

/// Whether a query key names a page number, a page size or an item offset: `page_number`,
/// `pageSize`, `per_page`, `limit`, `offset`, `page`, …
pub(super) fn counts_pages(key: &str) -> bool {
    let words = snake_ident(key, "").replace('_', "");
    matches!(words.as_str(), "page" | "pagenumber" | "pagenum" | "pageno" | "pageindex" | "pagesize" | "perpage" | "limit" | "offset" | "pagelimit" | "pageoffset" | "maxresults" | "skip" | "top")
}

/// Whether an example value says nothing about its type: empty, a `{{variable}}`, an OpenAPI-style
/// `<placeholder>`, or words with spaces (`ut amet`, the filler Postman's OpenAPI import writes),
/// which no API takes as a page number or a cursor.
pub(super) fn is_no_value(value: &str) -> bool {
    let value = value.trim();
    value.is_empty() || (value.starts_with("{{") && value.ends_with("}}")) || (value.starts_with('<') && value.ends_with('>')) || value.contains(' ')
}

/// The type that fits values of both types: a number when both are, else a string.
pub(super) fn widen(a: ParamType, b: ParamType) -> ParamType {
    match (a, b) {
        _ if a == b => a,
        (ParamType::Integer | ParamType::Float, ParamType::Integer | ParamType::Float) => ParamType::Float,
        _ => ParamType::String,
    }
}

pub(super) fn is_marked_required(description: &str) -> bool {
    description.trim_start().starts_with("(Required)")
}

pub(super) fn strip_required(description: &str) -> String {
    description.trim_start().strip_prefix("(Required)").map_or(description, str::trim_start).to_owned()
}

/// One path segment: `:name` (with an optional suffix such as `.json`), `{{variable}}` pieces, an id
/// written into the URL (see [`literal_id_name`]; `previous` is the segment before, as written), or
/// text. Its collection variables are already substituted ([`PathSegment::substituted`]).
pub(super) fn lower_segment(
    segment: &PathSegment,
    previous: Option<&str>,
    request: &ResolvedRequest<'_>,
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
    if let Some((name, suffix)) = path_variable(&segment.written) {
        let index = add_param(name, params);
        if suffix.is_empty() {
            return PathPart::Param(index);
        }
        if suffix.starts_with(':') {
            diagnostics.warn(&request.json_path, &format!("path segment `{}`: only `{name}` is a parameter; the rest is sent as text", segment.written));
        }
        return PathPart::Template(vec![(String::new(), Some(index)), (encode_literal(suffix), None)]);
    }
    let substituted = &segment.substituted;
    if !substituted.contains("{{") {
        // Only text written into the URL (`written`, not `substituted`): a collection variable is a
        // constant the author chose.
        if let Some(name) = previous.and_then(|p| literal_id_name(p, &segment.written)) {
            // Not merged with another parameter: `/users/1/friends/2` has two.
            let name = scope.claim(&name, false);
            let description = format!("The collection's URL has {} here, taken as a parameter.", crate::docs::code(substituted));
            params.push(path_param(name.clone(), name, Some(description), Some(substituted.clone())));
            return PathPart::Param(params.len() - 1);
        }
        return PathPart::Literal(encode_literal(substituted));
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
pub(super) fn path_param(name: String, wire_name: String, description: Option<String>, example: Option<String>) -> Parameter {
    // A path variable whose value is a type placeholder (`:userId` = `<integer>`) is of that type.
    let ty = example.as_deref().map(str::trim).and_then(crate::json::placeholder::recognise).map_or(ParamType::String, placeholder_param_type);
    Parameter { name, wire_name, location: ParamLocation::Path, ty, required: true, repeated: false, description, example, dynamic: None, variable: None }
}

/// The parameter name for an id written into a URL (`/merchants/5` → `merchant_id`): a segment
/// of digits, a UUID or a 24-digit hex object id, after a segment that names what it identifies (a
/// word with a letter, such as `merchants` or `deck`; not a version like `v1` or `2.0`, nor `api` or
/// `rest`, so `/rest/api/2/search` keeps its `2`). `None` for any other segment.
pub(super) fn literal_id_name(previous: &str, segment: &str) -> Option<String> {
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
pub(super) fn is_api_root(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let version = lower.strip_prefix('v').is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    version || matches!(lower.as_str(), "api" | "apis" | "rest" | "version" | "versions")
}

/// Percent-encodes a fixed path text, keeping existing `%XX` escapes and sub-delimiters Postman
/// sends as they are.
pub(super) fn encode_literal(text: &str) -> String {
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
pub(super) fn placeholder_param_type(placeholder: crate::json::placeholder::Placeholder) -> ParamType {
    use crate::json::placeholder::Placeholder;
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
    if let Some(placeholder) = crate::json::placeholder::recognise(value) {
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
