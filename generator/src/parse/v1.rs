//! Postman Collection v1 (`requests`, `order`, `folders`; no `info`), converted to the v2.1 format
//! on reading, as Postman's own `postman-collection-transformer` does. The result is v2.1 JSON, which
//! [`super::parse_collection`] then reads like any export, and which `postman-codegen convert` writes.
//!
//! Read from v1: the collection's `id`, `name`, `description`, `variables`, `auth`; `folders` (with
//! `order`, `folders_order`, `description`, `auth`) and the top level's `order` and `folders_order`
//! (folders first, then requests, as Postman shows them; without any order, each request goes to its
//! `folder`); each request's `name`, `description`, `method`, `url`, `headers` (text lines) or
//! `headerData`, `queryParams`, `pathVariables`/`pathVariableData`, `dataMode` with `data`,
//! `rawModeData`, `graphqlModeData` and `dataOptions` (modes `raw`, `urlencoded`, `params`,
//! `binary`, `graphql`), `auth`, the legacy `currentHelper`/`helperAttributes` auth helpers
//! `basicAuth`, `bearerAuth` and `oAuth2`, and `responses` (`name`, `responseCode`, `code`,
//! `status`, `headers`, `text`, `language`, `request`). Every other field is a warning that names it
//! (once, with where it first appears and how often), except bookkeeping that has no meaning for a
//! client: ids, owners, timestamps, `collectionId`, `folder`, and scripts (`events`, `tests`,
//! `preRequestScript`), which are not read from v2 collections either.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::diagnostics::Diagnostics;

/// The schema URL of the converted collection.
pub const SCHEMA_V21: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// Fields that carry nothing a client needs (bookkeeping, scripts, UI state).
const IGNORED: &[&str] = &[
    "id",
    "owner",
    "lastUpdatedBy",
    "lastRevision",
    "createdAt",
    "updatedAt",
    "timestamp",
    "time",
    "collectionId",
    "collection_id",
    "collection",
    "folder",
    "events",
    "tests",
    "preRequestScript",
    "synced",
    "remote_id",
    "remoteLink",
    "public",
    "team",
    "sharedWithTeam",
    "subscribed",
    "write",
    "hasRequests",
    "isSubFolder",
    "currentHelper",
    "helperAttributes",
    "state",
    "previewType",
    "rawDataType",
    "mime",
    "cookies",
    "fileName",
    "dataDisabled",
    "descriptionFormat",
    "version",
    "responses_order",
];

/// Whether `value` is a v1 collection: an object without `info` that has `requests` or `order`.
pub fn is_v1(value: &Value) -> bool {
    value.get("info").is_none() && (value.get("requests").is_some() || value.get("order").is_some())
}

/// Converts a v1 collection to v2.1 JSON; fields it does not read are warnings in `diagnostics`.
pub fn convert(v1: &Value, diagnostics: &mut Diagnostics) -> Value {
    let mut converter = Converter::default();
    let converted = converter.collection(v1);
    for (field, (first, count)) in &converter.unread {
        let more = if *count > 1 { format!(" (and {} more places)", count - 1) } else { String::new() };
        diagnostics.warn(first, &format!("the v1 field `{field}` is not converted{more}"));
    }
    converted
}

#[derive(Default)]
struct Converter {
    /// Fields not read: name → (first JSON path, count).
    unread: BTreeMap<String, (String, usize)>,
}

impl Converter {
    /// Notes every key of `object` outside `read` (and [`IGNORED`]) as unread.
    fn check(&mut self, object: &Value, path: &str, read: &[&str]) {
        let Some(object) = object.as_object() else { return };
        for key in object.keys() {
            if !read.contains(&key.as_str()) && !IGNORED.contains(&key.as_str()) {
                let place = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                let entry = self.unread.entry(key.clone()).or_insert((place, 0));
                entry.1 += 1;
            }
        }
    }

    fn collection(&mut self, v1: &Value) -> Value {
        self.check(v1, "", &["name", "description", "order", "folders", "folders_order", "requests", "variables", "variable", "auth"]);
        let requests: Vec<&Value> = array(v1, "requests").iter().collect();
        let folders: Vec<&Value> = array(v1, "folders").iter().collect();
        let request_ids: BTreeMap<String, usize> = requests.iter().enumerate().filter_map(|(i, r)| Some((text(r.get("id")?)?, i))).collect();
        let folder_ids: BTreeMap<String, usize> = folders.iter().enumerate().filter_map(|(i, f)| Some((text(f.get("id")?)?, i))).collect();
        let has_order = v1.get("order").is_some() || v1.get("folders_order").is_some() || folders.iter().any(|f| f.get("order").is_some());

        // Which folder holds what: by the orders, or else by each request's `folder`.
        let mut placed_requests = BTreeSet::new();
        let mut placed_folders = BTreeSet::new();
        let mut tree = Tree { requests: &requests, folders: &folders, request_ids: &request_ids, folder_ids: &folder_ids, by_folder: BTreeMap::new(), has_order };
        if !has_order {
            for (i, request) in requests.iter().enumerate() {
                if let Some(folder) = request.get("folder").and_then(text).and_then(|id| folder_ids.get(&id).copied()) {
                    tree.by_folder.entry(folder).or_default().push(i);
                }
            }
        }
        let mut root_folders: Vec<usize> = ids(v1.get("folders_order")).iter().filter_map(|id| folder_ids.get(id).copied()).collect();
        if v1.get("folders_order").is_none() {
            // Without `folders_order`, every folder that no folder lists is at the top, in file order.
            let nested: BTreeSet<usize> = folders.iter().flat_map(|f| ids(f.get("folders_order"))).filter_map(|id| folder_ids.get(&id).copied()).collect();
            root_folders = (0..folders.len()).filter(|i| !nested.contains(i)).collect();
        }
        let root_requests: Vec<usize> = if has_order {
            ids(v1.get("order")).iter().filter_map(|id| request_ids.get(id).copied()).collect()
        } else {
            (0..requests.len()).filter(|i| requests[*i].get("folder").and_then(text).and_then(|id| folder_ids.get(&id)).is_none()).collect()
        };
        let mut items = Vec::new();
        for folder in root_folders {
            if let Some(item) = self.folder(&mut tree, folder, &mut placed_folders, &mut placed_requests) {
                items.push(item);
            }
        }
        for request in root_requests {
            if placed_requests.insert(request) {
                items.push(self.request(requests[request], &format!("requests[{request}]")));
            }
        }
        // Requests no order reaches would be lost: they go at the top, in file order.
        for (i, request) in requests.iter().enumerate() {
            if placed_requests.insert(i) {
                items.push(self.request(request, &format!("requests[{i}]")));
            }
        }

        let mut info = Map::new();
        if let Some(id) = v1.get("id").and_then(text) {
            info.insert("_postman_id".into(), Value::String(id));
        }
        info.insert("name".into(), Value::String(v1.get("name").and_then(text).unwrap_or_else(|| "Collection".to_owned())));
        if let Some(description) = v1.get("description").filter(|d| !d.is_null()) {
            info.insert("description".into(), description.clone());
        }
        info.insert("schema".into(), Value::String(SCHEMA_V21.to_owned()));
        let mut collection = Map::new();
        collection.insert("info".into(), Value::Object(info));
        collection.insert("item".into(), Value::Array(items));
        if let Some(auth) = v1.get("auth").filter(|a| a.is_object()) {
            collection.insert("auth".into(), auth.clone());
        }
        let variables = v1.get("variables").or_else(|| v1.get("variable"));
        if let Some(variables) = variables.and_then(Value::as_array).filter(|v| !v.is_empty()) {
            collection.insert("variable".into(), Value::Array(variables.clone()));
        }
        Value::Object(collection)
    }

    fn folder(&mut self, tree: &mut Tree<'_>, index: usize, placed_folders: &mut BTreeSet<usize>, placed_requests: &mut BTreeSet<usize>) -> Option<Value> {
        // A folder listed twice (or in a cycle) is converted once.
        if !placed_folders.insert(index) {
            return None;
        }
        let folder = tree.folders[index];
        let path = format!("folders[{index}]");
        self.check(folder, &path, &["name", "description", "order", "folders_order", "auth", "variables"]);
        let mut items = Vec::new();
        let sub_folders: Vec<usize> = ids(folder.get("folders_order")).iter().filter_map(|id| tree.folder_ids.get(id).copied()).collect();
        for sub in sub_folders {
            if let Some(item) = self.folder(tree, sub, placed_folders, placed_requests) {
                items.push(item);
            }
        }
        let requests: Vec<usize> = if tree.has_order {
            ids(folder.get("order")).iter().filter_map(|id| tree.request_ids.get(id).copied()).collect()
        } else {
            tree.by_folder.remove(&index).unwrap_or_default()
        };
        for request in requests {
            if placed_requests.insert(request) {
                items.push(self.request(tree.requests[request], &format!("requests[{request}]")));
            }
        }
        let mut item = Map::new();
        item.insert("name".into(), Value::String(folder.get("name").and_then(text).unwrap_or_default()));
        if let Some(description) = folder.get("description").filter(|d| !d.is_null()) {
            item.insert("description".into(), description.clone());
        }
        item.insert("item".into(), Value::Array(items));
        if let Some(auth) = folder.get("auth").filter(|a| a.is_object()) {
            item.insert("auth".into(), auth.clone());
        }
        Some(Value::Object(item))
    }

    fn request(&mut self, request: &Value, path: &str) -> Value {
        self.check(
            request,
            path,
            &[
                "name",
                "description",
                "method",
                "url",
                "headers",
                "headerData",
                "queryParams",
                "pathVariables",
                "pathVariableData",
                "dataMode",
                "data",
                "rawModeData",
                "graphqlModeData",
                "dataOptions",
                "auth",
                "responses",
            ],
        );
        let converted = self.request_object(request, path);
        let mut responses = Vec::new();
        for (i, response) in array(request, "responses").iter().enumerate() {
            responses.push(self.response(response, request, &format!("{path}.responses[{i}]")));
        }
        json!({
            "name": request.get("name").and_then(text).unwrap_or_default(),
            "request": converted,
            "response": responses,
        })
    }

    /// The v2.1 `request` object of a v1 request.
    fn request_object(&mut self, request: &Value, path: &str) -> Value {
        let mut out = Map::new();
        out.insert("method".into(), Value::String(request.get("method").and_then(text).unwrap_or_else(|| "GET".to_owned()).to_uppercase()));
        out.insert("header".into(), Value::Array(headers(request)));
        if let Some(body) = body(request) {
            out.insert("body".into(), body);
        }
        out.insert("url".into(), url(request));
        if let Some(auth) = request.get("auth").filter(|a| a.is_object()).cloned().or_else(|| self.helper_auth(request, path)) {
            out.insert("auth".into(), auth);
        }
        if let Some(description) = request.get("description").filter(|d| !d.is_null()) {
            out.insert("description".into(), description.clone());
        }
        Value::Object(out)
    }

    /// The legacy auth helpers (`currentHelper` + `helperAttributes`) as a v2.1 auth block.
    fn helper_auth(&mut self, request: &Value, path: &str) -> Option<Value> {
        let helper = request.get("currentHelper").and_then(Value::as_str)?;
        let attributes = request.get("helperAttributes").cloned().unwrap_or(Value::Null);
        let attribute = |key: &str| attributes.get(key).and_then(text).unwrap_or_default();
        let pairs = |kind: &str, keys: &[(&str, String)]| {
            let list: Vec<Value> = keys.iter().map(|(key, value)| json!({"key": key, "value": value, "type": "string"})).collect();
            json!({"type": kind, kind: list})
        };
        match helper {
            "normal" | "" => None,
            "basicAuth" => Some(pairs("basic", &[("username", attribute("username")), ("password", attribute("password"))])),
            "bearerAuth" => Some(pairs("bearer", &[("token", attribute("token"))])),
            "oAuth2" => Some(pairs("oauth2", &[("accessToken", attribute("accessToken")), ("addTokenTo", "header".to_owned())])),
            other => {
                let entry = self.unread.entry(format!("currentHelper: {other}")).or_insert((format!("{path}.currentHelper"), 0));
                entry.1 += 1;
                None
            }
        }
    }

    fn response(&mut self, response: &Value, request: &Value, path: &str) -> Value {
        self.check(response, path, &["name", "responseCode", "code", "status", "headers", "header", "text", "body", "language", "request"]);
        let code = response.get("responseCode").and_then(|c| c.get("code")).or_else(|| response.get("code")).and_then(number_or_text);
        let status = response
            .get("responseCode")
            .and_then(|c| c.get("name"))
            .and_then(text)
            .or_else(|| response.get("status").and_then(text))
            .filter(|s| !s.is_empty());
        let headers: Vec<Value> = array(response, if response.get("headers").is_some() { "headers" } else { "header" })
            .iter()
            .filter_map(|h| {
                let key = h.get("key").or_else(|| h.get("name")).and_then(text)?;
                Some(json!({"key": key, "value": h.get("value").and_then(text).unwrap_or_default()}))
            })
            .collect();
        let mut out = Map::new();
        out.insert("name".into(), Value::String(response.get("name").and_then(text).unwrap_or_default()));
        // The request it answered: its own object, or (an id or nothing) the request it belongs to.
        let original = match response.get("request") {
            Some(object @ Value::Object(_)) => self.request_object(object, &format!("{path}.request")),
            _ => self.request_object(request, path),
        };
        out.insert("originalRequest".into(), original);
        if let Some(status) = status {
            out.insert("status".into(), Value::String(status));
        }
        if let Some(code) = code {
            out.insert("code".into(), code);
        }
        if let Some(language) = response.get("language").and_then(text) {
            out.insert("_postman_previewlanguage".into(), Value::String(language));
        }
        out.insert("header".into(), Value::Array(headers));
        out.insert("body".into(), Value::String(response.get("text").or_else(|| response.get("body")).and_then(text).unwrap_or_default()));
        Value::Object(out)
    }
}

/// Where folders and requests are, while the tree is built.
struct Tree<'a> {
    requests: &'a [&'a Value],
    folders: &'a [&'a Value],
    request_ids: &'a BTreeMap<String, usize>,
    folder_ids: &'a BTreeMap<String, usize>,
    /// Without orders: the requests of each folder, by their `folder` field.
    by_folder: BTreeMap<usize, Vec<usize>>,
    has_order: bool,
}

fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A string, number or bool as text.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A status code as a JSON number when it is one (or a numeric string), else its text.
fn number_or_text(value: &Value) -> Option<Value> {
    let text = text(value)?;
    Some(text.trim().parse::<u64>().map_or(Value::String(text), |n| Value::Number(n.into())))
}

/// The ids of an order list.
fn ids(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).map(|list| list.iter().filter_map(text).collect()).unwrap_or_default()
}

/// `headerData` when present, else the `headers` text (`Name: value` lines; `//Name: value` is a
/// disabled header, as Postman writes it).
fn headers(request: &Value) -> Vec<Value> {
    if let Some(data) = request.get("headerData").and_then(Value::as_array).filter(|d| !d.is_empty()) {
        return data
            .iter()
            .filter_map(|h| {
                let mut header = json!({"key": h.get("key").and_then(text)?, "value": h.get("value").and_then(text).unwrap_or_default()});
                copy_enabled(h, &mut header);
                copy_description(h, &mut header);
                Some(header)
            })
            .collect();
    }
    let Some(lines) = request.get("headers").and_then(Value::as_str) else { return Vec::new() };
    lines
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let (disabled, line) = match line.strip_prefix("//") {
                Some(rest) => (true, rest.trim_start()),
                None => (false, line),
            };
            let (key, value) = line.split_once(':')?;
            let key = key.trim();
            if key.is_empty() {
                return None;
            }
            let mut header = json!({"key": key, "value": value.trim()});
            if disabled {
                header["disabled"] = Value::Bool(true);
            }
            Some(header)
        })
        .collect()
}

/// v1's `enabled: false` is v2's `disabled: true`.
fn copy_enabled(from: &Value, to: &mut Value) {
    if from.get("enabled").and_then(Value::as_bool) == Some(false) {
        to["disabled"] = Value::Bool(true);
    }
}

fn copy_description(from: &Value, to: &mut Value) {
    if let Some(description) = from.get("description").filter(|d| d.as_str().is_some_and(|s| !s.is_empty())) {
        to["description"] = description.clone();
    }
}

/// The URL object: the raw text, with the query and path variables when v1 lists them.
fn url(request: &Value) -> Value {
    let raw = request.get("url").and_then(text).unwrap_or_default();
    let mut url = Map::new();
    url.insert("raw".into(), Value::String(raw));
    if let Some(params) = request.get("queryParams").and_then(Value::as_array).filter(|p| !p.is_empty()) {
        let query: Vec<Value> = params
            .iter()
            .filter_map(|p| {
                let mut entry = json!({"key": p.get("key").and_then(text)?, "value": p.get("value").and_then(text).map_or(Value::Null, Value::String)});
                copy_enabled(p, &mut entry);
                copy_description(p, &mut entry);
                Some(entry)
            })
            .collect();
        url.insert("query".into(), Value::Array(query));
    }
    let variables: Vec<Value> = match request.get("pathVariableData").and_then(Value::as_array).filter(|d| !d.is_empty()) {
        Some(data) => data
            .iter()
            .filter_map(|v| {
                let mut entry = json!({"key": v.get("key").and_then(text)?, "value": v.get("value").and_then(text).unwrap_or_default()});
                copy_description(v, &mut entry);
                Some(entry)
            })
            .collect(),
        None => request
            .get("pathVariables")
            .and_then(Value::as_object)
            .map(|vars| vars.iter().map(|(key, value)| json!({"key": key, "value": text(value).unwrap_or_default()})).collect())
            .unwrap_or_default(),
    };
    if !variables.is_empty() {
        url.insert("variable".into(), Value::Array(variables));
    }
    Value::Object(url)
}

/// The body of a v1 request by its `dataMode`.
fn body(request: &Value) -> Option<Value> {
    let mode = request.get("dataMode").and_then(Value::as_str)?;
    let fields = |kind_default: &str| -> Vec<Value> {
        array(request, "data")
            .iter()
            .filter_map(|d| {
                let kind = d.get("type").and_then(text).unwrap_or_else(|| kind_default.to_owned());
                let mut entry = json!({"key": d.get("key").and_then(text)?, "value": d.get("value").and_then(text).unwrap_or_default(), "type": kind});
                copy_enabled(d, &mut entry);
                copy_description(d, &mut entry);
                Some(entry)
            })
            .collect()
    };
    let mut body = match mode {
        "raw" => {
            let raw = request.get("rawModeData").and_then(text).or_else(|| request.get("data").and_then(Value::as_str).map(str::to_owned))?;
            json!({"mode": "raw", "raw": raw})
        }
        "urlencoded" => json!({"mode": "urlencoded", "urlencoded": fields("text")}),
        "params" => json!({"mode": "formdata", "formdata": fields("text")}),
        "binary" => json!({"mode": "file", "file": {}}),
        "graphql" => {
            let data = request.get("graphqlModeData").cloned().unwrap_or_else(|| json!({}));
            json!({"mode": "graphql", "graphql": data})
        }
        _ => return None,
    };
    if let Some(options) = request.get("dataOptions").filter(|o| o.is_object()) {
        body["options"] = options.clone();
    }
    Some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_requests_and_bodies_convert() {
        let v1 = json!({
            "id": "c1", "name": "Shop", "description": "A shop.",
            "order": ["r3"], "folders_order": ["f1"],
            "folders": [
                {"id": "f1", "name": "Items", "order": ["r1"], "folders_order": ["f2"]},
                {"id": "f2", "name": "Sub", "order": ["r2"]}
            ],
            "variables": [{"key": "baseUrl", "value": "https://shop.example.com"}],
            "requests": [
                {"id": "r1", "name": "List items", "method": "get", "url": "{{baseUrl}}/items?limit=10",
                 "headers": "Accept: application/json\n//X-Debug: 1\n",
                 "queryParams": [{"key": "limit", "value": "10", "equals": true, "description": "At most.", "enabled": true}],
                 "responses": [{"name": "OK", "responseCode": {"code": 200, "name": "OK"}, "headers": [{"key": "Content-Type", "value": "application/json"}], "text": "[{\"id\": 1}]", "language": "json"}]},
                {"id": "r2", "name": "Create item", "method": "POST", "url": "{{baseUrl}}/items/:kind", "pathVariables": {"kind": "book"},
                 "dataMode": "urlencoded", "data": [{"key": "name", "value": "x", "type": "text", "enabled": true}, {"key": "off", "value": "y", "enabled": false}],
                 "currentHelper": "basicAuth", "helperAttributes": {"username": "u", "password": "p"}, "events": []},
                {"id": "r3", "name": "Ping", "url": "{{baseUrl}}/ping", "dataMode": "raw", "rawModeData": "{\"a\": 1}", "unknownThing": 1}
            ]
        });
        let mut diagnostics = Diagnostics::default();
        let v2 = convert(&v1, &mut diagnostics);
        assert_eq!(v2["info"], json!({"_postman_id": "c1", "name": "Shop", "description": "A shop.", "schema": SCHEMA_V21}));
        assert_eq!(v2["variable"][0]["key"], "baseUrl");
        let names: Vec<&str> = v2["item"].as_array().expect("items").iter().map(|i| i["name"].as_str().expect("name")).collect();
        assert_eq!(names, ["Items", "Ping"], "folders first, then requests");
        let items = &v2["item"][0]["item"];
        assert_eq!(items[0]["name"], "Sub");
        assert_eq!(items[0]["item"][0]["name"], "Create item");
        assert_eq!(items[1]["name"], "List items");
        let list = &items[1]["request"];
        assert_eq!(list["method"], "GET");
        assert_eq!(list["header"], json!([{"key": "Accept", "value": "application/json"}, {"key": "X-Debug", "value": "1", "disabled": true}]));
        assert_eq!(list["url"]["query"], json!([{"key": "limit", "value": "10", "description": "At most."}]));
        let example = &items[1]["response"][0];
        assert_eq!((example["code"].clone(), example["status"].clone(), example["body"].clone()), (json!(200), json!("OK"), json!("[{\"id\": 1}]")));
        assert_eq!(example["originalRequest"]["url"]["raw"], "{{baseUrl}}/items?limit=10");
        let create = &items[0]["item"][0]["request"];
        assert_eq!(create["url"]["variable"], json!([{"key": "kind", "value": "book"}]));
        assert_eq!(create["body"]["urlencoded"][1], json!({"key": "off", "value": "y", "type": "text", "disabled": true}));
        assert_eq!(create["auth"]["type"], "basic");
        assert_eq!(v2["item"][1]["request"]["body"], json!({"mode": "raw", "raw": "{\"a\": 1}"}));
        let warnings: Vec<String> = diagnostics.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(warnings, ["at `requests[2].unknownThing`: the v1 field `unknownThing` is not converted"]);
    }

    #[test]
    fn without_orders_requests_go_to_their_folder_and_nothing_is_lost() {
        let v1 = json!({
            "name": "x",
            "folders": [{"id": "f", "name": "F"}],
            "requests": [{"id": "a", "name": "A", "url": "https://x/a", "folder": "f"}, {"id": "b", "name": "B", "url": "https://x/b"}]
        });
        assert!(is_v1(&json!({"requests": []})) && !is_v1(&json!({"info": {}, "requests": []})));
        let v2 = convert(&v1, &mut Diagnostics::default());
        assert_eq!(v2["item"][0]["item"][0]["name"], "A");
        assert_eq!(v2["item"][1]["name"], "B");
        // An order that misses a request: the request is still converted, at the top.
        let partial = json!({"name": "x", "order": ["a"], "requests": [{"id": "a", "name": "A", "url": "u"}, {"id": "b", "name": "B", "url": "u"}]});
        let v2 = convert(&partial, &mut Diagnostics::default());
        assert_eq!(v2["item"].as_array().map(Vec::len), Some(2));
        // A folder that lists itself is converted once.
        let cycle = json!({"name": "x", "folders_order": ["f"], "folders": [{"id": "f", "name": "F", "folders_order": ["f"]}], "requests": []});
        assert_eq!(convert(&cycle, &mut Diagnostics::default())["item"].as_array().map(Vec::len), Some(1));
    }
}
