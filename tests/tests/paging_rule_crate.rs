//! A crate whose stream comes from a `[[paging]]` rule of the settings (a cursor parameter, a
//! nested next-cursor field, a list field and a size parameter the names alone do not give)
//! compiles, lints and documents cleanly.

use e2e_tests::generated_crate::{cargo, write_standalone};
use postman_codegen::tooling::settings::PagingConfig;
use postman_codegen::{generate, Options};

#[test]
fn a_paging_rule_generates_a_clean_stream() {
    let collection = serde_json::json!({
        "info": {"name": "Things", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{
            "name": "List things",
            "request": {"method": "GET", "url": {
                "raw": "https://api.example.com/things?cursor_token=abc&page=1&limit=10",
                "protocol": "https", "host": ["api", "example", "com"], "path": ["things"],
                "query": [{"key": "cursor_token", "value": "abc"}, {"key": "page", "value": "1"}, {"key": "limit", "value": "10"}]
            }},
            "response": [{"name": "OK", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": "{\"meta\": {\"following\": \"xyz\"}, \"things\": [{\"id\": 1}], \"tags\": [\"a\"], \"count\": 1}"}]
        }]
    });
    let mut options = Options::new("paging-rule-client");
    options.settings.paging = vec![PagingConfig {
        operation: "list_things".into(),
        cursor: Some("cursor_token".into()),
        next: Some("meta.following".into()),
        items: Some("things".into()),
        size: Some("limit".into()),
        ..PagingConfig::default()
    }];
    let bytes = serde_json::to_vec(&collection).expect("json");
    let generated = generate(std::path::Path::new("things.postman_collection.json"), &bytes, &options).expect("generates");
    let builders = &generated.files.iter().find(|(p, _)| p == "src/builders.rs").expect("builders").1;
    assert!(builders.contains("crate::paging::Paging::Cursor") && builders.contains("body.meta.following"), "{builders}");
    let out = write_standalone("paging-rule", "paging-rule-client", &generated.files);
    cargo(&out, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["doc", "--no-deps", "--quiet"], true);
}
