//! A collection in the style of Postman's OpenAPI import (`tests/collections/placeholders.postman_collection.json`),
//! whose examples, query values, path variables, headers and form fields hold type placeholders
//! (`"<integer>"`, `"<boolean>"`, `"<dateTime>"`, …) instead of values. The placeholders are types:
//! the generated crate has integer, bool, float and date fields and parameters where they say so,
//! its round-trip tests decode realised copies of the examples, it compiles cleanly (clippy, rustdoc),
//! its types decode realistic live responses (`tests/generated/placeholders/live.rs`), and the client
//! works against `postman-codegen mock` serving the collection, which serves realised bodies
//! (`tests/generated/placeholders/mock.rs`).

use e2e_tests::generated_crate::{cargo, cargo_with_env, copy_tests, workspace_root, write_standalone};
use e2e_tests::{start_mock, MockOptions};
use postman_codegen::{generate_file, Options};

fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    &files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("{path} is generated")).1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn placeholder_collection_types_hold_on_live_responses() {
    let root = workspace_root();
    let collection = root.join("tests/collections/placeholders.postman_collection.json");
    let generated = generate_file(&collection, &Options::new("placeholders-client")).expect("generates");
    let types = file(&generated.files, "src/types.rs");
    for field in [
        "pub public_flags: i64,",
        "pub mfa_enabled: bool,",
        "pub premium_ratio: f64,",
        "pub created_at: crate::DateTime,",
        "pub birthday: crate::Date,",
        "pub visibility: i64,",
        "pub age: Option<i64>,",
        "pub height: Option<f64>,",
    ] {
        assert!(types.contains(field), "{field} in\n{types}");
    }
    // The docs show the hint, not the placeholder as an example value.
    assert!(types.contains("`public_flags`, an integer, from the collection's schema."), "{types}");
    assert!(!types.contains("e.g. `\"<"), "{types}");
    let client = file(&generated.files, "src/client.rs");
    assert!(client.contains("pub fn get_user(&self, user_id: i64)"), "the `<long>` path variable is an integer");
    let builders = file(&generated.files, "src/builders.rs");
    for setter in ["pub fn with_counts(mut self, value: bool)", "pub fn limit(mut self, value: i64)", "pub fn min_score(mut self, value: f64)", "pub fn font_size(mut self, value: i64)", "pub fn compact(mut self, value: bool)"] {
        assert!(builders.contains(setter), "{setter}");
    }
    // The round-trip tests read realised copies: no placeholder is left in them.
    let examples: Vec<&(String, String)> = generated.files.iter().filter(|(p, _)| p.starts_with("tests/examples/")).collect();
    assert_eq!(examples.len(), 8);
    for (path, text) in examples {
        assert!(!text.contains("\"<"), "{path}: {text}");
    }

    let out = write_standalone("placeholders", "placeholders-client", &generated.files);
    copy_tests(&out, "placeholders", &["live.rs", "mock.rs"]);
    let server = start_mock(&collection, MockOptions::default()).await;
    let base_url = server.base_url().to_owned();
    tokio::task::spawn_blocking(move || {
        cargo(&out, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"], false);
        cargo_with_env(&out, &["test", "--quiet"], false, &[("PLACEHOLDERS_MOCK_URL", &base_url)]);
        cargo(&out, &["doc", "--no-deps", "--quiet"], true);
    })
    .await
    .expect("cargo ran");
    // The client sent typed values where the collection had placeholders.
    let recorded = server.recorded();
    let list = recorded.iter().find(|r| r.path.ends_with("/users") && r.method == "GET").expect("list_users was called");
    assert_eq!(list.query.as_deref(), Some("limit=10&active=true&min_score=0.5&since=2024-01-01T00%3A00%3A00Z"));
    let settings = recorded.iter().find(|r| r.path.ends_with("/settings")).expect("update_settings was called");
    assert_eq!(settings.path, "/v1/users/42/settings");
}
