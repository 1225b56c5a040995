//! `[rename]` and `[[override]]` in `<stem>.codegen.toml`: each kind of override changes the types,
//! and an override that matches nothing is a warning that names it.

use postman_codegen::{generate_file, Options};
use serde_json::json;

/// Generates from a one-request collection with the settings `toml`; returns `src/types.rs`,
/// `src/client.rs` and the warnings.
fn generate(toml: &str) -> (String, String, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let examples = [json!({"id": 1, "status": "active", "when": "2020-01-01T00:00:00Z", "meta": {"a": 1}, "nick": "x"}), json!({"id": 2, "status": "gone", "when": "2021-01-01T00:00:00Z", "meta": {"b": 2}})];
    let responses: Vec<_> = examples
        .iter()
        .enumerate()
        .map(|(n, body)| json!({"name": format!("ok {n}"), "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": body.to_string()}))
        .collect();
    let collection = json!({
        "info": {"name": "o", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Get a user", "request": {"method": "GET", "url": "https://api.example.com/users/:id"}, "response": responses}]
    });
    let file = dir.path().join("o.postman_collection.json");
    std::fs::write(&file, collection.to_string()).expect("collection");
    std::fs::write(dir.path().join("o.codegen.toml"), toml).expect("settings");
    let generated = generate_file(&file, &Options::new("o-client")).unwrap_or_else(|e| panic!("{e}"));
    let find = |path: &str| generated.files.iter().find(|(p, _)| p == path).map(|(_, t)| t.clone()).unwrap_or_default();
    (find("src/types.rs"), find("src/client.rs"), generated.warnings.iter().map(ToString::to_string).collect())
}

#[test]
fn renames_a_type_and_an_operation() {
    let (types, client, warnings) = generate("[rename]\ntypes = { User = \"Account\" }\noperations = { get_user = \"fetch_user\" }\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(types.contains("pub struct Account {") && !types.contains("pub struct User {"), "{types}");
    assert!(client.contains("pub fn fetch_user(") && !client.contains("pub fn get_user("), "{client}");
}

#[test]
fn forces_types_at_pointers() {
    let toml = r#"
[[override]]
at = "get_user/meta"
type = "map"
[[override]]
at = "fetch_user/status"
type = "enum"
values = ["active", "inactive"]
[[override]]
at = "get_user/when"
type = "value"
[[override]]
at = "get_user/id"
type = "string"
[rename]
operations = { get_user = "fetch_user" }
"#;
    let (types, _, warnings) = generate(toml);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(types.contains("pub meta: ::std::collections::BTreeMap<::std::string::String, i64>"), "{types}");
    assert!(types.contains("pub status: crate::types::Status"), "{types}");
    assert!(types.contains("pub enum Status {") && types.contains("Active,") && types.contains("Inactive,") && types.contains("Other(::std::string::String)"), "{types}");
    assert!(types.contains("pub when: ::serde_json::Value"), "{types}");
    assert!(types.contains("pub id: ::std::string::String"), "{types}");
}

#[test]
fn marks_fields_required_or_optional() {
    let (types, _, warnings) = generate("[[override]]\nat = \"get_user\"\nrequired = [\"nick\"]\noptional = [\"id\"]\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(types.contains("pub nick: ::std::string::String"), "{types}");
    assert!(types.contains("pub id: ::std::option::Option<i64>"), "{types}");
}

#[test]
fn overrides_that_match_nothing_are_warnings() {
    let toml = r#"
[rename]
types = { Nobody = "X", User = "Option" }
operations = { nothing = "x" }
[[override]]
at = "get_user/no/such/place"
type = "map"
[[override]]
at = "get_user"
required = ["missing_field"]
"#;
    let (types, _, warnings) = generate(toml);
    assert!(types.contains("pub struct User {"), "a reserved name is refused");
    let all = warnings.join("\n");
    for needle in ["`Nobody`", "`nothing`", "`get_user/no/such/place`", "`missing_field`", "cannot be renamed `Option`"] {
        assert!(all.contains(needle), "{needle} in {all}");
    }
}
