//! The library's public API, as a user (a `build.rs`, a program) sees it: only the crate root, never
//! `postman_codegen::tooling`. A collection goes in, the files of a crate come out in memory.
//! Compiling this file pins the names; the assertions pin what they do.

use std::path::Path;

use postman_codegen::{generate, generate_file, Error, Generated, Location, Options, Result, Settings, Warning};

const COLLECTION: &str = r#"{
  "info": { "name": "Users", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
  "variable": [{ "key": "baseUrl", "value": "https://api.example.com/v1" }],
  "item": [
    {
      "name": "Get user",
      "request": { "method": "GET", "url": "{{baseUrl}}/users/:userId" },
      "response": [
        {
          "name": "OK",
          "code": 200,
          "header": [{ "key": "Content-Type", "value": "application/json" }],
          "body": "{\"id\": 7, \"name\": \"Ann\", \"email\": \"ann@example.com\"}"
        }
      ]
    }
  ]
}"#;

fn file<'g>(generated: &'g Generated, path: &str) -> &'g str {
    &generated.files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("no {path} among {:?}", generated.files.iter().map(|(p, _)| p).collect::<Vec<_>>())).1
}

#[test]
fn a_collection_becomes_a_crate_in_memory() {
    let generated: Result<Generated> = generate(Path::new("users.postman_collection.json"), COLLECTION.as_bytes(), &Options::new("users-client"));
    let generated = generated.expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert_eq!((generated.operations, generated.types), (1, 1));
    let paths: Vec<&str> = generated.files.iter().map(|(p, _)| p.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "files are sorted by path");
    assert!(file(&generated, "Cargo.toml").contains("name = \"users-client\""));
    assert!(file(&generated, "src/client.rs").contains("pub fn get_user("));
    let types = file(&generated, "src/types.rs");
    assert!(types.contains("pub struct "), "{types}");
    assert!(types.contains("pub email: String"), "{types}");
    let single = generated.single_source().expect("one source");
    assert!(single.contains("pub fn get_user(") && !single.contains("mod client;"), "the modules are inlined");
}

#[test]
fn settings_rename_and_warn() {
    let settings = Settings::parse(Path::new("users.codegen.toml"), "[rename]\noperations = { get_user = \"fetch_user\", missing = \"other\" }\n").expect("valid settings");
    let options = Options { crate_name: "users-client".into(), settings };
    let generated = generate(Path::new("users.postman_collection.json"), COLLECTION.as_bytes(), &options).expect("generates");
    assert!(file(&generated, "src/client.rs").contains("pub fn fetch_user("));
    let warning: &Warning = generated.warnings.iter().find(|w| w.to_string().contains("missing")).expect("a rename that matches nothing warns");
    assert!(!warning.message.is_empty());
}

#[test]
fn generate_file_reads_the_settings_beside_the_collection() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let collection = dir.path().join("users.postman_collection.json");
    std::fs::write(&collection, COLLECTION).expect("writes");
    std::fs::write(dir.path().join("users.codegen.toml"), "[rename]\noperations = { get_user = \"fetch_user\" }\n").expect("writes");
    let generated = generate_file(&collection, &Options::new("users-client")).expect("generates");
    assert!(file(&generated, "src/client.rs").contains("pub fn fetch_user("));
    match generate_file(&dir.path().join("absent.postman_collection.json"), &Options::new("users-client")) {
        Err(Error::Read { file, .. }) => assert!(file.ends_with("absent.postman_collection.json")),
        other => panic!("not a read error: {other:?}"),
    }
}

#[test]
fn broken_input_is_a_located_error() {
    match generate(Path::new("bad.postman_collection.json"), b"{\n  \"info\": {", &Options::new("bad-client")) {
        Err(Error::Input { location, message }) => {
            let Location { file, line, .. } = &location;
            assert_eq!(file, Path::new("bad.postman_collection.json"));
            assert!(line.is_some(), "{location}: {message}");
        }
        other => panic!("not an input error: {other:?}"),
    }
}
