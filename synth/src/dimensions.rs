//! Collections that grow along one dimension at a time (query keys, headers, variables, items of
//! one name, saved examples, …), so a benchmark can check that time and memory grow linearly with
//! each, not only with the number of requests: a step that scans what it has seen so far shows up
//! as a growth ratio above 1 when `n` doubles.

use serde_json::{json, Value};

/// One dimension a collection can grow along.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// One request with `n` query keys.
    QueryKeys,
    /// One request with `n` headers.
    Headers,
    /// One `POST` with `n` urlencoded form fields.
    FormFields,
    /// One request whose path has `n` `:name` segments.
    PathSegments,
    /// `n` collection variables, one of them used in the URL.
    Variables,
    /// `n` requests all named "Get user" (names made unique by suffixes).
    SameNames,
    /// `n` top-level folders of one request each (one cargo feature each).
    Folders,
    /// One request with `n` saved `200` examples, each with a field of its own.
    Examples,
    /// One example body with `n` objects that each hold an object under the same key (`data`), so
    /// `n` types compete for one name.
    SameKeyObjects,
    /// One example body, an object of `n` keys (one struct of `n` fields).
    WideObject,
    /// A collection description of `n` markdown paragraphs (about 1 KB each).
    Description,
}

impl Dimension {
    /// Every dimension, in the order of the table.
    pub const ALL: [Dimension; 11] = [
        Dimension::QueryKeys,
        Dimension::Headers,
        Dimension::FormFields,
        Dimension::PathSegments,
        Dimension::Variables,
        Dimension::SameNames,
        Dimension::Folders,
        Dimension::Examples,
        Dimension::SameKeyObjects,
        Dimension::WideObject,
        Dimension::Description,
    ];

    /// A short name for tables and file names.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::QueryKeys => "query-keys",
            Dimension::Headers => "headers",
            Dimension::FormFields => "form-fields",
            Dimension::PathSegments => "path-segments",
            Dimension::Variables => "variables",
            Dimension::SameNames => "same-names",
            Dimension::Folders => "folders",
            Dimension::Examples => "examples",
            Dimension::SameKeyObjects => "same-key-objects",
            Dimension::WideObject => "wide-object",
            Dimension::Description => "description",
        }
    }

    /// The smallest `n` the benchmark measures (then twice and four times as many): large enough
    /// that the fixed costs of a run do not hide the growth, small enough for a few seconds' run.
    pub fn base(self) -> usize {
        match self {
            Dimension::QueryKeys | Dimension::Headers | Dimension::FormFields | Dimension::PathSegments => 2_000,
            Dimension::Variables | Dimension::WideObject => 4_000,
            Dimension::SameNames | Dimension::Folders | Dimension::Examples | Dimension::SameKeyObjects => 500,
            Dimension::Description => 2_000,
        }
    }

    /// The collection of size `n` along this dimension.
    pub fn collection(self, n: usize) -> Vec<u8> {
        let items = match self {
            Dimension::QueryKeys => {
                let mut item = request("Search", "https://api.example.com/search");
                item["request"]["url"]["query"] = (0..n).map(|i| json!({"key": format!("k{i}"), "value": i.to_string()})).collect();
                vec![item]
            }
            Dimension::Headers => {
                let mut item = request("Get thing", "https://api.example.com/thing");
                item["request"]["header"] = (0..n).map(|i| json!({"key": format!("X-Header-{i}"), "value": i.to_string()})).collect();
                vec![item]
            }
            Dimension::FormFields => {
                let mut item = request("Create thing", "https://api.example.com/things");
                item["request"]["method"] = json!("POST");
                let fields: Vec<Value> = (0..n).map(|i| json!({"key": format!("field{i}"), "value": "v"})).collect();
                item["request"]["body"] = json!({"mode": "urlencoded", "urlencoded": fields});
                vec![item]
            }
            Dimension::PathSegments => {
                let path: Vec<String> = (0..n).map(|i| format!(":p{i}")).collect();
                vec![request("Deep path", &format!("https://api.example.com/{}", path.join("/")))]
            }
            Dimension::Variables => {
                let url = format!("https://api.example.com/{{{{v{}}}}}", n.saturating_sub(1));
                vec![request("Get thing", &url)]
            }
            Dimension::SameNames => (0..n).map(|i| request("Get user", &format!("https://api.example.com/users{i}/:id"))).collect(),
            Dimension::Folders => (0..n)
                .map(|i| json!({"name": format!("Folder {i}"), "item": [request("Get thing", &format!("https://api.example.com/f{i}"))]}))
                .collect(),
            Dimension::Examples => {
                let mut item = request("Get thing", "https://api.example.com/thing");
                item["response"] = (0..n).map(|i| example(&json!({format!("field{i}"): i, "name": "x"}))).collect();
                vec![item]
            }
            Dimension::SameKeyObjects => {
                let body: serde_json::Map<String, Value> =
                    (0..n).map(|i| (format!("object{i}"), json!({"data": {format!("field{i}"): i}}))).collect();
                vec![with_example(request("Get things", "https://api.example.com/things"), &Value::Object(body))]
            }
            Dimension::WideObject => {
                let body: serde_json::Map<String, Value> = (0..n).map(|i| (format!("key{i}"), json!(i))).collect();
                vec![with_example(request("Get thing", "https://api.example.com/thing"), &Value::Object(body))]
            }
            Dimension::Description => vec![request("Get thing", "https://api.example.com/thing")],
        };
        let mut collection = json!({
            "info": {
                "name": format!("Synthetic {} ({n})", self.name()),
                "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
            },
            "item": items
        });
        if self == Dimension::Variables {
            collection["variable"] = (0..n).map(|i| json!({"key": format!("v{i}"), "value": format!("segment{i}")})).collect();
        }
        if self == Dimension::Description {
            let paragraph = "Some *markdown* with `code`, a [link](https://example.com) and **bold** words. ".repeat(12);
            collection["info"]["description"] = json!((0..n).map(|i| format!("## Section {i}\n\n{paragraph}\n\n")).collect::<String>());
        }
        serde_json::to_vec(&collection).unwrap_or_default()
    }
}

/// A `GET` item named `name` at `url`.
fn request(name: &str, url: &str) -> Value {
    json!({"name": name, "request": {"method": "GET", "header": [], "url": {"raw": url}}, "response": []})
}

/// A saved `200` JSON example with `body`.
fn example(body: &Value) -> Value {
    json!({
        "name": "OK",
        "code": 200,
        "status": "OK",
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": body.to_string()
    })
}

/// `item` with one saved `200` example of `body`.
fn with_example(mut item: Value, body: &Value) -> Value {
    item["response"] = json!([example(body)]);
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each dimension's collection is deterministic, valid JSON, and holds `n` of what it grows.
    #[test]
    fn collections_grow_along_their_dimension() {
        for dimension in Dimension::ALL {
            let a = dimension.collection(7);
            assert_eq!(a, dimension.collection(7), "{}", dimension.name());
            let value: Value = serde_json::from_slice(&a).expect("json");
            let item = &value["item"][0];
            let count = match dimension {
                Dimension::QueryKeys => item["request"]["url"]["query"].as_array().map(Vec::len),
                Dimension::Headers => item["request"]["header"].as_array().map(Vec::len),
                Dimension::FormFields => item["request"]["body"]["urlencoded"].as_array().map(Vec::len),
                Dimension::PathSegments => item["request"]["url"]["raw"].as_str().map(|url| url.matches("/:").count()),
                Dimension::Variables => value["variable"].as_array().map(Vec::len),
                Dimension::SameNames | Dimension::Folders => value["item"].as_array().map(Vec::len),
                Dimension::Examples => item["response"].as_array().map(Vec::len),
                Dimension::SameKeyObjects | Dimension::WideObject => item["response"][0]["body"]
                    .as_str()
                    .and_then(|body| serde_json::from_str::<Value>(body).ok())
                    .and_then(|body| body.as_object().map(serde_json::Map::len)),
                Dimension::Description => value["info"]["description"].as_str().map(|text| text.matches("## Section").count()),
            };
            assert_eq!(count, Some(7), "{}", dimension.name());
        }
    }
}
