//! Request body types: every field is an `Option` that is left out when `None`, a field that is
//! `null` in some bodies keeps `Some(None)` apart from `None`, and odd keys are written under their
//! escaped names. The struct and its emitted `Serialize` impl are snapshotted (the Zoom and
//! hard-case snapshots have no request bodies).

use postman_codegen::{generate_file, Options};
use serde_json::json;

/// The request body type of a collection with one `POST` whose body, and its example's original
/// request, differ: `count` is missing from one, `note` is `null` in one.
fn request_type() -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = |value: serde_json::Value| json!({"mode": "raw", "raw": value.to_string(), "options": {"raw": {"language": "json"}}});
    let collection = json!({
        "info": {"name": "r", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{
            "name": "Create a thing",
            "request": {"method": "POST", "url": "https://api.example.com/things", "body": body(json!({"name": "a", "count": 1, "note": "n", "+1": true, "tags": ["x"]}))},
            "response": [{
                "name": "created", "code": 201,
                "originalRequest": {"method": "POST", "url": "https://api.example.com/things", "body": body(json!({"name": "b", "note": null, "+1": false, "tags": []}))},
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": "{\"id\": 7}"
            }]
        }]
    });
    let file = dir.path().join("r.postman_collection.json");
    std::fs::write(&file, collection.to_string()).expect("collection");
    let generated = generate_file(&file, &Options::new("r-client")).unwrap_or_else(|e| panic!("{e}"));
    let file = |name: &str| generated.files.iter().find(|(p, _)| p == name).map(|(_, t)| t.clone()).unwrap_or_else(|| panic!("{name}"));
    let (types, impls) = (file("src/types.rs"), file("src/types/impls.rs"));
    // The struct, from its docs to its closing brace, then its `Serialize` impl.
    let start = types.find("/// Inferred from the request body").expect("a request type");
    let end = types[start..].find("\n}").map_or(types.len(), |i| start + i + 2);
    let impl_start = impls.find("impl Serialize for super::NewThing").expect("its Serialize impl");
    let impl_end = impls[impl_start..].find("\n}").map_or(impls.len(), |i| impl_start + i + 2);
    format!("{}\n\n{}", types[start..end].trim_end(), &impls[impl_start..impl_end])
}

#[test]
fn request_types_send_only_what_is_set() {
    let ty = request_type();
    insta::assert_snapshot!("request_type", ty);
    // Derived `Deserialize` (for the round-trip tests), emitted `Serialize`.
    assert!(ty.contains(" Deserialize)]") && !ty.contains("Serialize,") && !ty.contains("Serialize)"), "{ty}");
    for (wire, field) in [("name", "name"), ("count", "count"), ("note", "note"), ("+1", "plus_1"), ("tags", "tags")] {
        assert!(ty.contains(&format!(".entry_if_some({wire:?}, &self.{field})")), "{wire}: {ty}");
    }
    assert!(!ty.contains(".entry("), "no request field is written when unset: {ty}");
    assert!(ty.contains("pub note: Option<Option<String>>"), "{ty}");
    assert!(ty.contains(r#"deserialize_with = "crate::runtime::present""#), "`null` stays apart from missing: {ty}");
    assert!(!ty.contains("skip_serializing_if"), "encoding is the emitted impl's: {ty}");
}
