//! 21 tricky inputs of the Postman collection format, each
//! through parse → resolve → lower (→ infer), with what the generator must make of it.

use std::path::Path;

use postman_codegen::tooling::ir::{Api, AuthScheme, Operation, ParamLocation, ParamType, PathPart, RequestBody};
use postman_codegen::tooling::resolve::parse_url;
use postman_codegen::tooling::{api_from_bytes, Diagnostics};
use serde_json::{json, Value};

/// A v2.1 collection holding `items`.
fn collection(items: Value) -> Value {
    json!({"info": {"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": items})
}

fn api(collection: &Value) -> (Api, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let bytes = serde_json::to_vec(collection).expect("json");
    let api = api_from_bytes(Path::new("t.json"), &bytes, &mut diagnostics).unwrap_or_else(|e| panic!("{e}"));
    (api, diagnostics)
}

fn one(item: Value) -> Operation {
    let (api, _) = api(&collection(json!([item])));
    api.operations.into_iter().next().expect("one operation")
}

fn param<'a>(op: &'a Operation, wire: &str) -> &'a postman_codegen::tooling::ir::Parameter {
    op.params.iter().find(|p| p.wire_name == wire).unwrap_or_else(|| panic!("no parameter {wire} in {:?}", op.params))
}

#[test]
fn t01_request_as_a_bare_string_is_a_get() {
    let op = one(json!({"name": "ping", "request": "https://api.example.com/ping"}));
    assert_eq!(op.method, "GET");
    assert_eq!(op.path, [PathPart::Literal("ping".into())]);
    let (api, _) = api(&collection(json!([{"name": "ping", "request": "https://api.example.com/ping"}])));
    assert_eq!(api.base_url.as_deref(), Some("https://api.example.com"));
}

#[test]
fn t02_every_url_component_at_once() {
    let parts = parse_url("https://u:p@{{host.name}}.example.com:{{port}}/a/:id.json?x=1&flag&=v&&y=#frag");
    assert_eq!(parts.origin, "https://{{host.name}}.example.com:{{port}}");
    assert_eq!(parts.path, ["a", ":id.json"]);
    let query: Vec<_> = parts.query.iter().map(|q| (q.key.as_deref(), q.value.as_deref())).collect();
    assert_eq!(query, [(Some("x"), Some("1")), (Some("flag"), None), (Some(""), Some("v")), (None, None), (Some("y"), Some(""))]);
    let op = one(json!({"name": "all", "request": {"url": "https://u:p@{{host.name}}.example.com:{{port}}/a/:id.json?x=1&flag&=v&&y=#frag"}}));
    assert_eq!(param(&op, "id").location, ParamLocation::Path);
    assert!(matches!(&op.path[1], PathPart::Template(pieces) if pieces[1].0 == ".json"));
    assert_eq!(param(&op, "x").ty, ParamType::Integer);
    assert_eq!(param(&op, "flag").ty, ParamType::String);
    assert!(op.params.iter().all(|p| !p.wire_name.is_empty()), "the empty key is skipped");
}

#[test]
fn t03_raw_only_url_is_parsed() {
    let op = one(json!({"name": "u", "request": {"url": {"raw": "{{baseUrl}}/users/:userId"}}}));
    assert_eq!(op.path_template(), "/users/{userId}");
    assert!(param(&op, "userId").required);
}

#[test]
fn t04_parts_without_raw() {
    let op = one(json!({"name": "p", "request": {"url": {"host": ["{{baseUrl}}"], "path": ["pet"]}}}));
    assert_eq!(op.path_template(), "/pet");
}

#[test]
fn t05_string_host_string_path_numeric_port() {
    let (api, _) = api(&collection(json!([{"name": "p", "request": {"url": {"host": "api.example.com", "path": "/v1/users/", "port": 8443}}}])));
    assert_eq!(api.base_url.as_deref(), Some("https://api.example.com:8443"));
    assert_eq!(api.operations[0].path_template(), "/v1/users/");
}

#[test]
fn t06_path_segment_given_as_an_object() {
    let op = one(json!({"name": "p", "request": {"url": {"path": [{"type": "string", "value": "users"}, ":userId"]}}}));
    assert_eq!(op.path_template(), "/users/{userId}");
}

#[test]
fn t07_repeated_key_null_value_disabled_param() {
    let op = one(json!({"name": "q", "request": {"url": {"host": ["x"], "query": [
        {"key": "tag", "value": "a"}, {"key": "tag", "value": "b"}, {"key": "q", "value": null}, {"key": "p", "value": "", "disabled": true}
    ]}}}));
    let names: Vec<_> = op.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(names, ["tag", "q", "p"]);
    assert!(op.params.iter().all(|p| !p.required && p.location == ParamLocation::Query));
    // The repeated key is a list of both values; the others are single values.
    let repeated: Vec<_> = op.params.iter().map(|p| p.repeated).collect();
    assert_eq!(repeated, [true, false, false]);
    assert_eq!(param(&op, "tag").example.as_deref(), Some("a, b"));
}

#[test]
fn t08_header_block_string() {
    let op = one(json!({"name": "h", "request": {"url": "http://x/y", "header": "Content-Type: application/json\nX-Trace:  abc  \n"}}));
    assert!(op.fixed_headers.contains(&("X-Trace".to_owned(), "abc".to_owned())), "{:?}", op.fixed_headers);
}

#[test]
fn t09_numeric_value_empty_header_object_disabled_header() {
    let op = one(json!({"name": "h", "request": {"url": "http://x/y", "header": [{"key": "X-Rate", "value": 5}, {}, {"key": "Old", "value": "1", "disabled": true, "type": "text"}]}}));
    assert!(op.fixed_headers.contains(&("X-Rate".to_owned(), "5".to_owned())));
    let old = param(&op, "Old");
    assert_eq!(old.location, ParamLocation::Header);
    assert!(!old.required);
}

#[test]
fn t10_v20_map_auth_in_a_v21_collection() {
    let op = one(json!({"name": "a", "request": {"url": "http://x/y", "auth": {"type": "bearer", "bearer": {"token": "{{t}}"}}}}));
    assert_eq!(op.auth, AuthScheme::BearerHeader { prefix: "Bearer".into() });
}

#[test]
fn t11_apikey_in_query_with_leftover_basic() {
    let op = one(json!({"name": "a", "request": {"url": "http://x/y", "auth": {"type": "apikey", "apikey": [
        {"key": "in", "value": "query"}, {"key": "key", "value": "api_key"}, {"key": "value", "value": "{{k}}"}], "basic": []}}}));
    assert_eq!(op.auth, AuthScheme::ApiKeyQuery { name: "api_key".into() });
}

#[test]
fn t12_null_and_inherit_inherit_noauth_stops() {
    let folder_auth = json!({"type": "basic", "basic": [{"key": "username", "value": "u"}]});
    let (api, _) = api(&collection(json!([{"name": "f", "auth": folder_auth, "item": [
        {"name": "a", "request": {"url": "http://x/a", "auth": null}},
        {"name": "b", "request": {"url": "http://x/b", "auth": {"type": "inherit"}}},
        {"name": "c", "request": {"url": "http://x/c", "auth": {"type": "noauth"}}}
    ]}])));
    let auths: Vec<_> = api.operations.iter().map(|o| o.auth.clone()).collect();
    assert_eq!(auths, [AuthScheme::Basic, AuthScheme::Basic, AuthScheme::None]);
    assert!(api.credentials.basic);
}

#[test]
fn t13_no_mode_get_pruning_string_options() {
    let (api, _) = api(&collection(json!([
        {"name": "a", "request": {"method": "POST", "url": "http://x/a", "body": {}}},
        {"name": "b", "request": {"method": "GET", "url": "http://x/b", "body": {"mode": "raw", "raw": "x"}}},
        {"name": "c", "request": {"method": "POST", "url": "http://x/c", "body": {"mode": "raw", "raw": "", "options": {"raw": "text"}}}},
        {"name": "d", "request": {"method": "POST", "url": "http://x/d", "body": {"mode": "raw", "raw": "hello", "options": {"raw": "text"}}}}
    ])));
    assert!(api.operations[0].body.is_none());
    assert!(api.operations[1].body.is_none(), "GET bodies are pruned");
    assert!(api.operations[2].body.is_none(), "empty raw is no body");
    assert!(matches!(&api.operations[3].body, Some(RequestBody::Text { content_type, .. }) if content_type == "text/plain"));
}

#[test]
fn t14_graphql_variables_as_json_text() {
    let op = one(json!({"name": "g", "request": {"method": "POST", "url": "http://x/graphql",
        "body": {"mode": "graphql", "graphql": {"query": "query{me{id}}", "variables": "{\"x\":1}"}}}}));
    let Some(RequestBody::Graphql { query, samples, ty }) = &op.body else { panic!("graphql body expected: {:?}", op.body) };
    assert_eq!(query, "query{me{id}}");
    assert_eq!(samples, &[json!({"x": 1})]);
    assert!(ty.is_some(), "the variables get a type");
}

#[test]
fn t15_several_files_missing_file_content_type_override() {
    let op = one(json!({"name": "f", "request": {"method": "POST", "url": "http://x/f", "body": {"mode": "formdata", "formdata": [
        {"key": "f", "type": "file", "src": ["a.png", "b.png"]}, {"key": "g", "type": "file", "src": null}, {"key": "t", "value": "1", "contentType": "text/csv"}]}}}));
    assert!(matches!(op.body, Some(RequestBody::Multipart)));
    assert_eq!(param(&op, "f").ty, ParamType::File);
    assert_eq!(param(&op, "g").ty, ParamType::File);
    assert_eq!(param(&op, "t").location, ParamLocation::Multipart);
}

#[test]
fn t16_object_and_null_descriptions() {
    let (api, _) = api(&collection(json!([
        {"name": "a", "request": {"url": "http://x/a"}, "description": {"content": "**md**", "type": "text/markdown"}},
        {"name": "b", "request": {"url": "http://x/b"}, "description": null}
    ])));
    assert_eq!(api.operations[0].description.as_deref(), Some("**md**"));
    assert_eq!(api.operations[1].description, None);
}

#[test]
fn t17_id_only_variable_unknown_type_null_value() {
    let mut c = collection(json!([{"name": "a", "request": {"url": "{{baseUrl}}/items/{{n}}/{{v}}"}}]));
    c["variable"] = json!([{"id": "baseUrl", "value": "https://api.zoom.us/v2"}, {"key": "n", "value": 3, "type": "default"}, {"key": "v", "value": null}]);
    let (api, _) = api(&c);
    assert_eq!(api.base_url.as_deref(), Some("https://api.zoom.us/v2"));
    // Collection variables are constants: 3 and the text "null" (Postman's substitution of null).
    assert_eq!(api.operations[0].path_template(), "/items/3/null");
}

#[test]
fn t18_empty_folder_item_key_wins() {
    let (api, _) = api(&collection(json!([{"name": "f", "item": [], "request": {"url": "x"}}, {"name": "r", "request": "http://x/r"}])));
    assert_eq!(api.operations.len(), 1);
    assert_eq!(api.operations[0].name, "r");
}

#[test]
fn t19_string_header_null_body_missing_code() {
    let op = one(json!({"name": "r", "request": "http://x/r", "response": [
        {"name": "ok", "header": "Content-Type: text/plain", "body": null},
        {"status": "Not Found", "header": ["X: 1"]}
    ]}));
    let statuses: Vec<_> = op.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(404), None]);
    assert_eq!(op.responses[1].examples[0].content_type.as_deref(), Some("text/plain"));
    assert!(op.success_type.is_none());
}

#[test]
fn t20_empty_path_variable_is_required_and_action_suffix_flagged() {
    let (api, diagnostics) = api(&collection(json!([{"name": "c", "request": {"url": {"host": ["x"], "path": ["users", ":userId", ":id:cancel"], "variable": [{"key": "userId", "value": ""}]}}}])));
    let op = &api.operations[0];
    assert!(param(op, "userId").required);
    assert_eq!(param(op, "userId").example, None);
    assert!(param(op, "id").required);
    assert!(diagnostics.warnings().iter().any(|w| w.message.contains(":id:cancel")), "{:?}", diagnostics.warnings());
}

#[test]
fn t21_draft07_schema_legacy_keys_unnamed_item() {
    let c = json!({"info": {"name": "x", "schema": "http://schema.getpostman.com/json/draft-07/collection/v2.1.0/collection.json"},
        "variables": [], "item": [{"request": {"url": "http://x", "data": {}}}]});
    let (api, _) = api(&c);
    assert_eq!(api.operations.len(), 1);
    assert_eq!(api.operations[0].name, "request");
    assert_eq!(api.operations[0].path_template(), "/");
}

#[test]
fn unsupported_auth_warns_and_sends_nothing() {
    let (api, diagnostics) = api(&collection(json!([{"name": "a", "request": {"url": "http://x/a", "auth": {"type": "oauth1", "oauth1": []}}}])));
    assert_eq!(api.operations[0].auth, AuthScheme::Unsupported { kind: "oauth1".into() });
    assert!(diagnostics.warnings()[0].message.contains("oauth1"));
}

/// Not in the reference: an example without a `code` next to examples with one. It is not sampled
/// into the success type, so it gets a type of its own that its body round-trips through (it was
/// given the success type, which lacked its fields: a corpus round-trip failure).
#[test]
fn an_example_without_a_code_among_others_gets_its_own_type() {
    let (api, _) = api(&collection(json!([{
        "name": "Get account",
        "request": "https://api.example.com/accounts/1",
        "response": [
            {"name": "ok", "code": 200, "body": "{\"id\": \"a1\"}"},
            {"name": "odd", "body": "{\"error\": \"nope\", \"balances\": [1]}"}
        ]
    }])));
    let op = &api.operations[0];
    let field_names = |ty: &postman_codegen::tooling::ir::TypeRef| match ty {
        postman_codegen::tooling::ir::TypeRef::Named(i) => api.types[*i].fields.iter().map(|f| f.wire_name.clone()).collect::<Vec<_>>(),
        other => panic!("not a struct: {other:?}"),
    };
    let success = op.responses.iter().find(|r| r.status == Some(200)).and_then(|r| r.body_type.as_ref()).expect("200 type");
    assert_eq!(field_names(success), ["id"]);
    let other = op.responses.iter().find(|r| r.status.is_none()).and_then(|r| r.body_type.as_ref()).expect("a type for the code-less example");
    assert_eq!(field_names(other), ["error", "balances"]);
}

/// The errors section of an operation's doc names `Error::Api` only when the collection saves an
/// error response for it.
#[test]
fn error_docs_follow_the_saved_statuses() {
    let response = |code: u16| json!({"name": format!("r{code}"), "code": code, "header": [{"key": "Content-Type", "value": "application/json"}], "body": "{\"a\": 1}"});
    let items = json!([
        {"name": "only ok", "request": "https://api.example.com/ok", "response": [response(200)]},
        {"name": "with errors", "request": "https://api.example.com/err", "response": [response(200), response(404)]},
    ]);
    let bytes = serde_json::to_vec(&collection(items)).expect("json");
    let generated = postman_codegen::generate(Path::new("t.json"), &bytes, &postman_codegen::Options::new("t-client")).expect("generates");
    let client = &generated.files.iter().find(|(p, _)| p == "src/client.rs").expect("client").1;
    let errors = |op: &str| {
        let at = client.find(&format!("pub fn {op}(")).expect("the method");
        let doc = &client[..at];
        let start = doc.rfind("/// # Errors").expect("an errors section");
        doc[start..].lines().nth(2).unwrap_or_default().trim().to_owned()
    };
    assert!(errors("only_ok").starts_with("/// [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus) for an error status (the collection saves no error response), and"), "{}", errors("only_ok"));
    assert!(errors("with_errors").starts_with("/// [`Error::Api`](crate::Error::Api) for the error statuses above, [`Error::UnexpectedStatus`]"), "{}", errors("with_errors"));
}

/// An id written into a URL (`/merchants/5`) becomes a required path parameter named for what it
/// identifies, with the written id as its example; a version segment, the first segment and a
/// collection variable's value stay text.
#[test]
fn ids_written_into_urls_are_parameters() {
    let mut c = collection(json!([
        {"name": "get merchant", "request": "https://api.example.com/v1/merchants/5"},
        {"name": "friend", "request": "https://api.example.com/users/1/friends/4e31d3f7-7f0b-4261-88b1-a2fa4d2c123f/name"},
        {"name": "search", "request": "https://jira.example.com/rest/api/2/search"},
        {"name": "tweets", "request": "https://api.twitter.com/2/tweets"},
        {"name": "item", "request": "https://api.example.com/items/{{n}}"},
        {"name": "clash", "request": "https://api.example.com/merchants/:merchant_id/merchants/7"},
    ]));
    c["variable"] = json!([{"key": "n", "value": "3"}]);
    let (api, _) = api(&c);
    let templates: Vec<String> = api.operations.iter().map(Operation::path_template).collect();
    assert_eq!(
        templates,
        [
            "/v1/merchants/{merchant_id}",
            "/users/{user_id}/friends/{friend_id}/name",
            "/rest/api/2/search",
            "/2/tweets",
            "/items/3",
            "/merchants/{merchant_id}/merchants/{merchant_id_2}",
        ]
    );
    let merchant = param(&api.operations[0], "merchant_id");
    assert!(merchant.required && merchant.location == ParamLocation::Path && merchant.ty == ParamType::String);
    assert_eq!(merchant.example.as_deref(), Some("5"));
    assert_eq!(merchant.description.as_deref(), Some("The collection's URL has `5` here, taken as a parameter."));
    assert_eq!(param(&api.operations[1], "friend_id").example.as_deref(), Some("4e31d3f7-7f0b-4261-88b1-a2fa4d2c123f"));
}

/// Items named by their path, as collections made from OpenAPI are, are told apart by method and
/// path when they share a name; a unique path name stays as it is, and other shared names are
/// still qualified by their folder.
#[test]
fn items_named_by_their_path_get_method_and_path_names() {
    let item = |name: &str, method: &str, url: &str| json!({"name": name, "request": {"method": method, "url": url}});
    let (api, _) = api(&collection(json!([
        {"name": "reading", "item": [
            item("/reading/:readingID", "GET", "{{baseUrl}}/v1/reading/:readingID"),
            item("/reading/:readingID", "PUT", "{{baseUrl}}/v1/reading/:readingID"),
            item("/reading/:readingID", "DELETE", "{{baseUrl}}/v1/reading/:readingID"),
            item("/reading", "GET", "{{baseUrl}}/v1/reading"),
            item("/reading", "POST", "{{baseUrl}}/v1/reading"),
        ]},
        item("/register", "POST", "{{baseUrl}}/register"),
        item("/merchants/5", "GET", "{{baseUrl}}/merchants/5"),
        item("/merchants/5", "DELETE", "{{baseUrl}}/merchants/5/notes/{{note}}/pin"),
        item("http://localhost:3000/questions", "GET", "http://localhost:3000/questions"),
        item("http://localhost:3000/questions", "POST", "http://localhost:3000/questions"),
        item("{{baseUrl}}/answers", "GET", "{{baseUrl}}/answers"),
        item("{{baseUrl}}/answers", "PATCH", "{{baseUrl}}/answers"),
        {"name": "a", "item": [item("Users", "GET", "{{baseUrl}}/a/users")]},
        {"name": "b", "item": [item("Users", "GET", "{{baseUrl}}/b/users")]},
    ])));
    let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "get_reading_by_reading_id",
            "put_reading_by_reading_id",
            "delete_reading_by_reading_id",
            "get_reading",
            "post_reading",
            "register",
            "get_merchants_by_merchant_id",
            "delete_merchants_notes_pin",
            "get_questions",
            "post_questions",
            "get_answers",
            "patch_answers",
            "a_users",
            "b_users",
        ]
    );
}

#[test]
fn urls_beyond_http_and_other_origins_warn() {
    let (apis, diagnostics) = api(&collection(json!([
        {"name": "a", "request": {"method": "GET", "url": "https://api.example.com/v1/a"}},
        {"name": "b", "request": {"method": "GET", "url": "HTTPS://API.example.com/v1/b"}},
        {"name": "file", "request": {"method": "GET", "url": "ftp://api.example.com/v1/file"}},
        {"name": "socket", "request": {"method": "GET", "url": "wss://api.example.com/v1/live"}},
        {"name": "other", "request": {"method": "GET", "url": "https://other.example.com/c"}}
    ])));
    assert_eq!(apis.operations.len(), 5);
    assert_eq!(apis.base_url.as_deref(), Some("https://api.example.com"));
    let (upper, _) = api(&collection(json!([{"name": "b", "request": {"method": "GET", "url": "HTTPS://API.Example.com/v1/b"}}])));
    assert_eq!(upper.base_url.as_deref(), Some("https://api.example.com"), "an uppercase scheme is still HTTP");
    let warnings: Vec<(&str, &str)> = diagnostics.warnings().iter().map(|w| (w.path.as_str(), w.message.as_str())).collect();
    let about = |index: usize| warnings.iter().filter(|(path, _)| *path == format!("item[{index}]")).map(|(_, message)| *message).collect::<Vec<_>>();
    assert!(about(0).is_empty() && about(1).is_empty(), "the scheme and host are case-insensitive: {warnings:?}");
    assert!(about(2).iter().any(|m| m.contains("`ftp://`")), "{warnings:?}");
    assert!(about(3).iter().any(|m| m.contains("`wss://`")), "{warnings:?}");
    assert!(about(4).iter().any(|m| m.contains("https://other.example.com")), "{warnings:?}");
}

#[test]
fn variables_cannot_multiply_a_url() {
    // A long variable in many segments, and one that holds itself: each request's path grows by
    // at most 8 KiB however the variables are used.
    let long = "x".repeat(1000);
    let many = format!("https://api.example.com/{}", vec!["{{long}}"; 200].join("/"));
    let (api, _) = api(&json!({
        "info": {"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "long", "value": long}, {"key": "self", "value": "{{self}}{{self}}/"}],
        "item": [
            {"name": "many", "request": {"method": "GET", "url": many}},
            {"name": "laughs", "request": {"method": "GET", "url": "https://api.example.com/{{self}}/a/{{self}}"}}
        ]
    }));
    for op in &api.operations {
        let literal: usize = op.path.iter().map(|part| match part {
            PathPart::Literal(text) => text.len(),
            PathPart::Template(pieces) => pieces.iter().map(|(text, _)| text.len()).sum(),
            PathPart::Param(_) => 0,
        }).sum();
        assert!(literal <= 8 * 1024 + 2000, "{}: {literal} bytes of path", op.name);
    }
    assert_eq!(api.operations.len(), 2);
}
