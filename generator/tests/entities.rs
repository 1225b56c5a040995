//! Entities across operations (`tests/collections/entities.postman_collection.json`): a repository
//! returned by three operations with slightly different fields, and listed by a fourth, is one
//! `Repository` type; a page and a database with the same keys stay apart by their `object`
//! constant; the request body that creates a repository stays a request type. The merged type
//! keeps its name when an item is added before the others.

use std::path::{Path, PathBuf};

use postman_codegen::tooling::ir::{Api, Presence, TypeRef};
use postman_codegen::tooling::{api_from_bytes_with, Diagnostics};
use postman_codegen::{generate, Options, Settings};
use serde_json::{json, Value};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/entities.postman_collection.json")
}

fn api_of(bytes: &[u8], config: &Settings) -> Api {
    api_from_bytes_with(&fixture(), bytes, config, &mut Diagnostics::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The named type an operation's success body is (or is a list of).
fn success(api: &Api, operation: &str) -> usize {
    let op = api.operations.iter().find(|op| op.name == operation).unwrap_or_else(|| panic!("no operation {operation}"));
    match op.success_type.as_ref().map(TypeRef::leaf) {
        Some(TypeRef::Named(i)) => *i,
        other => panic!("{operation}: {other:?}"),
    }
}

#[test]
fn one_repository_type_for_every_operation_that_returns_one() {
    let bytes = std::fs::read(fixture()).expect("fixture");
    let api = api_of(&bytes, &Settings::default());
    let repository = success(&api, "get_repository");
    for operation in ["create_repository", "create_fork", "list_repositories"] {
        assert_eq!(success(&api, operation), repository, "{operation}");
    }
    let def = &api.types[repository];
    assert_eq!(def.name, "Repository");
    // The union of the fields: those some operations leave out are optional.
    let presence = |key: &str| def.fields.iter().find(|f| f.wire_name == key).map(|f| f.presence);
    assert_eq!(presence("id"), Some(Presence::Always));
    assert_eq!(presence("fork"), Some(Presence::Optional));
    assert_eq!(presence("forks_count"), Some(Presence::Optional));
    assert_eq!(presence("description"), Some(Presence::Nullable));
    // One owner type too.
    assert_eq!(api.types.iter().filter(|t| t.name.contains("Owner")).count(), 1);

    // A database is a page with a title, but a different `object`: two types, named for their paths.
    let (page, database) = (success(&api, "get_page"), success(&api, "get_database"));
    assert_ne!(page, database);
    assert_eq!((api.types[page].name.as_str(), api.types[database].name.as_str()), ("Page", "Database"));

    // The request body merges only with request bodies.
    let op = api.operations.iter().find(|op| op.name == "create_repository").expect("create");
    let (_, body) = op.body_samples().expect("a JSON body");
    assert!(matches!(body, TypeRef::Named(i) if *i != repository && api.types[*i].name == "CreateRepositoryBody"), "{body:?}");

    // The generated crate has the one struct and every example still fits it (the round-trip
    // tests of the crate compile against it).
    let generated = generate(&fixture(), &bytes, &Options::new("entities-client")).unwrap_or_else(|e| panic!("{e}"));
    let types = generated.files.iter().find(|(p, _)| p == "src/types.rs").map(|(_, t)| t.as_str()).expect("types.rs");
    assert_eq!(types.matches("pub struct Repository {").count(), 1);
    assert!(!types.contains("CreateForkResponse") && !types.contains("ListRepositoriesResponseItem"), "{types}");
}

#[test]
fn a_merged_type_keeps_its_name_when_an_item_is_added_first() {
    let bytes = std::fs::read(fixture()).expect("fixture");
    let before = api_of(&bytes, &Settings::default());
    let mut collection: Value = serde_json::from_slice(&bytes).expect("json");
    // A starred repository, first in the collection, with a field more: it joins the entity.
    let starred = json!({
        "name": "Get a starred repository",
        "request": {"method": "GET", "header": [], "url": {"raw": "{{baseUrl}}/starred/:starId", "host": ["{{baseUrl}}"], "path": ["starred", ":starId"]}},
        "response": [{"name": "OK", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": json!({"id": 9, "name": "s", "full_name": "o/s", "private": true, "owner": {"login": "o", "id": 2, "url": "u"}, "description": "d", "fork": false, "starred_at": "2024"}).to_string()}]
    });
    collection["item"].as_array_mut().expect("items").insert(0, starred);
    let mut config = Settings::default();
    config.previous.types.clone_from(&before.type_names);
    config.previous.operations.clone_from(&before.operation_names);
    let after = api_of(collection.to_string().as_bytes(), &config);
    let repository = success(&after, "get_repository");
    assert_eq!(after.types[repository].name, "Repository");
    assert_eq!(success(&after, "get_starred_repository"), repository, "the new item returns the entity too");
}
