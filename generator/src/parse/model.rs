//! A lenient serde model of Postman collections v2.0 and v2.1.
//!
//! Every field that real exports write in more than one shape (see the format reference) is read
//! by a small visitor in `parse::lenient`, so one odd leaf never aborts the whole parse and
//! every error still carries the JSON path. Unknown keys are ignored.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::lenient::{self, StringOr};

/// The root of a collection.
#[derive(Debug, Deserialize, Default)]
pub struct Collection {
    /// Name, schema, description.
    #[serde(default, deserialize_with = "lenient::object")]
    pub info: Option<Info>,
    /// Folders and requests, in order.
    #[serde(default, deserialize_with = "lenient::null_default")]
    pub item: Vec<Entry>,
    /// Collection variables.
    #[serde(default, deserialize_with = "lenient::null_default")]
    pub variable: Vec<Variable>,
    /// Collection-level auth.
    #[serde(default)]
    pub auth: Option<Auth>,
    /// A v1 collection's list of requests (only used to recognise v1).
    #[serde(default)]
    pub requests: Option<serde::de::IgnoredAny>,
    /// A v1 collection's order (only used to recognise v1).
    #[serde(default)]
    pub order: Option<serde::de::IgnoredAny>,
    /// The collection itself, when this is the Postman API's wrapper (`GET /collections/{uid}`
    /// answers `{"collection": {…}}`).
    #[serde(default)]
    pub collection: Option<Box<Collection>>,
}

/// `info`.
#[derive(Debug, Deserialize, Default)]
pub struct Info {
    /// The collection name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// The schema URL.
    #[serde(default, deserialize_with = "lenient::string")]
    pub schema: Option<String>,
    /// The description.
    #[serde(default, deserialize_with = "lenient::description")]
    pub description: Option<String>,
}

/// A folder (it has `item`) or a request item.
#[derive(Debug, Deserialize, Default)]
pub struct Entry {
    /// The name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// The description.
    #[serde(default, deserialize_with = "lenient::description")]
    pub description: Option<String>,
    /// Present (even empty) on folders.
    #[serde(default)]
    pub item: Option<Vec<Entry>>,
    /// The request of an item: a URL string or an object.
    #[serde(default)]
    pub request: Option<StringOr<Request>>,
    /// Saved example responses.
    #[serde(default, deserialize_with = "lenient::null_default")]
    pub response: Vec<Response>,
    /// Folder-level auth (items keep theirs in `request.auth`).
    #[serde(default)]
    pub auth: Option<Auth>,
    /// Protocol profile behaviour (`disableBodyPruning`, …).
    #[serde(default, rename = "protocolProfileBehavior")]
    pub protocol_profile_behavior: Option<Value>,
}

impl Entry {
    /// The SDK's rule: an object with an `item` key is a folder.
    pub fn is_folder(&self) -> bool {
        self.item.is_some()
    }
}

/// A request object.
#[derive(Debug, Deserialize, Default)]
pub struct Request {
    /// The URL.
    #[serde(default)]
    pub url: Option<StringOr<Url>>,
    /// The method; missing means GET.
    #[serde(default, deserialize_with = "lenient::string")]
    pub method: Option<String>,
    /// Headers: a list or a text block.
    #[serde(default, deserialize_with = "headers")]
    pub header: Vec<Header>,
    /// The body.
    #[serde(default)]
    pub body: Option<Body>,
    /// Request-level auth.
    #[serde(default)]
    pub auth: Option<Auth>,
    /// The description.
    #[serde(default, deserialize_with = "lenient::description")]
    pub description: Option<String>,
}

/// The object form of a URL.
#[derive(Debug, Deserialize, Default)]
pub struct Url {
    /// The raw URL text.
    #[serde(default, deserialize_with = "lenient::string")]
    pub raw: Option<String>,
    /// `http`, `https`, … (may end in `://`).
    #[serde(default, deserialize_with = "lenient::string")]
    pub protocol: Option<String>,
    /// Host labels (a string is split on dots outside `{{…}}`).
    #[serde(default, deserialize_with = "lenient::host")]
    pub host: Option<Vec<String>>,
    /// Path segments.
    #[serde(default, deserialize_with = "lenient::path")]
    pub path: Option<Vec<String>>,
    /// The port.
    #[serde(default, deserialize_with = "lenient::string")]
    pub port: Option<String>,
    /// Query parameters.
    #[serde(default, deserialize_with = "lenient::null_default")]
    pub query: Vec<QueryParam>,
    /// Path variables.
    #[serde(default, deserialize_with = "lenient::null_default")]
    pub variable: Vec<Variable>,
}

/// A query parameter.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct QueryParam {
    /// The key (may be null).
    #[serde(default, deserialize_with = "lenient::string")]
    pub key: Option<String>,
    /// The value (null means a bare key).
    #[serde(default, deserialize_with = "lenient::string")]
    pub value: Option<String>,
    /// Disabled parameters are not sent by Postman; we keep them as optional parameters.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub disabled: bool,
    /// The description.
    #[serde(default, deserialize_with = "lenient::description")]
    pub description: Option<String>,
}

/// A header.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct Header {
    /// The name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub key: Option<String>,
    /// The value (numbers and booleans become text).
    #[serde(default, deserialize_with = "lenient::string")]
    pub value: Option<String>,
    /// Disabled headers are not sent.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub disabled: bool,
    /// The description.
    #[serde(default, deserialize_with = "lenient::description")]
    pub description: Option<String>,
}

/// A variable (collection variable or path variable).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct Variable {
    /// The key.
    #[serde(default, deserialize_with = "lenient::string")]
    pub key: Option<String>,
    /// The id, used when `key` is missing.
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: Option<String>,
    /// The value, any JSON.
    #[serde(default)]
    pub value: Value,
    /// The description.
    #[serde(default, deserialize_with = "lenient::description")]
    pub description: Option<String>,
    /// Disabled variables are skipped.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub disabled: bool,
}

impl Variable {
    /// `key`, else `id`.
    pub fn name(&self) -> Option<&str> {
        self.key.as_deref().or(self.id.as_deref())
    }

    /// The value as Postman substitutes it: strings as they are, other JSON as text, null as `null`.
    pub fn text(&self) -> String {
        match &self.value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// An auth block: `type` picks the member holding the parameters.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct Auth {
    /// `bearer`, `oauth2`, `apikey`, `basic`, `noauth`, …
    #[serde(default, rename = "type", deserialize_with = "lenient::string")]
    pub kind: Option<String>,
    /// Every other member: `{"bearer": [...]}` (v2.1) or `{"bearer": {...}}` (v2.0).
    #[serde(flatten)]
    pub members: serde_json::Map<String, Value>,
}

/// A request body.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct Body {
    /// `raw`, `urlencoded`, `formdata`, `file`, `graphql`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub mode: Option<String>,
    /// The raw text (other JSON is stringified, as the SDK does).
    #[serde(default, deserialize_with = "lenient::string")]
    pub raw: Option<String>,
    /// `urlencoded` entries.
    #[serde(default, deserialize_with = "lenient::null_default")]
    pub urlencoded: Vec<FormParam>,
    /// `formdata` entries.
    #[serde(default, deserialize_with = "lenient::null_default")]
    pub formdata: Vec<FormParam>,
    /// `graphql`: `{query, variables}`.
    #[serde(default)]
    pub graphql: Option<Value>,
    /// `options`, e.g. `{raw: {language: "json"}}`.
    #[serde(default)]
    pub options: Option<Value>,
    /// A disabled body is not sent.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub disabled: bool,
}

/// A `urlencoded` or `formdata` entry.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct FormParam {
    /// The key.
    #[serde(default, deserialize_with = "lenient::string")]
    pub key: Option<String>,
    /// The value.
    #[serde(default, deserialize_with = "lenient::string")]
    pub value: Option<String>,
    /// `text` or `file`.
    #[serde(default, rename = "type", deserialize_with = "lenient::string")]
    pub kind: Option<String>,
    /// Disabled entries are not sent.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub disabled: bool,
    /// The description.
    #[serde(default, deserialize_with = "lenient::description")]
    pub description: Option<String>,
}

/// A saved example response.
#[derive(Debug, Deserialize, Default)]
pub struct Response {
    /// The example name.
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: Option<String>,
    /// The request this example answered.
    #[serde(default, rename = "originalRequest")]
    pub original_request: Option<StringOr<Request>>,
    /// The reason phrase.
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: Option<String>,
    /// The status code.
    #[serde(default, deserialize_with = "lenient::string")]
    pub code: Option<String>,
    /// Headers: a list (of objects or `Name: value` strings) or a text block.
    #[serde(default, deserialize_with = "headers")]
    pub header: Vec<Header>,
    /// The body text.
    #[serde(default, deserialize_with = "lenient::string")]
    pub body: Option<String>,
    /// `json`, `xml`, `text`, …
    #[serde(default, rename = "_postman_previewlanguage", deserialize_with = "lenient::string")]
    pub preview_language: Option<String>,
}

/// Headers: a list of objects or `Name: value` strings, a text block, or `null`.
fn headers<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Header>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::Object(mut o) => Some(Header {
                    key: o.remove("key").and_then(lenient::value_to_text),
                    value: o.remove("value").and_then(lenient::value_to_text),
                    disabled: matches!(o.get("disabled"), Some(Value::Bool(true)))
                        || matches!(o.get("disabled"), Some(Value::String(s)) if s == "true"),
                    description: o.remove("description").and_then(|d| match d {
                        Value::Object(mut d) => d.remove("content").and_then(lenient::value_to_text),
                        other => lenient::value_to_text(other),
                    }),
                }),
                Value::String(line) => header_line(&line),
                _ => None,
            })
            .collect(),
        Value::String(block) => block.lines().filter_map(header_line).collect(),
        _ => Vec::new(),
    })
}

/// One `Name: value` line (`^(\S+):(.*)$`, value trimmed).
fn header_line(line: &str) -> Option<Header> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim_start();
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return None;
    }
    Some(Header { key: Some(name.to_owned()), value: Some(value.trim().to_owned()), ..Header::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_blocks() {
        let parsed: Vec<Header> = headers(serde_json::json!("Content-Type: application/json\nX-Trace:  abc  \n"))
            .expect("headers");
        let pairs: Vec<_> = parsed.iter().map(|h| (h.key.clone(), h.value.clone())).collect();
        assert_eq!(
            pairs,
            [
                (Some("Content-Type".into()), Some("application/json".into())),
                (Some("X-Trace".into()), Some("abc".into()))
            ]
        );
    }

    #[test]
    fn header_lists_with_numbers_empty_objects_and_strings() {
        let parsed = headers(serde_json::json!([{"key":"X-Rate","value":5},{},{"key":"Old","value":"1","disabled":true},"X: 1"]))
            .expect("headers");
        assert_eq!(parsed.len(), 4);
        assert_eq!(parsed[0].value.as_deref(), Some("5"));
        assert!(parsed[1].key.is_none());
        assert!(parsed[2].disabled);
        assert_eq!(parsed[3].key.as_deref(), Some("X"));
    }
}
