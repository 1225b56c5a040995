//! A collection written for these tests (`tests/collections/features.postman_collection.json`:
//! pagination by cursor, page number and offset, several success statuses, empty bodies, typed error
//! bodies) becomes a crate that compiles cleanly (clippy, rustdoc, with and without the `blocking`
//! feature) and passes the end-to-end tests in `tests/generated/features/`, which run it against a
//! scripted server on 127.0.0.1.

use std::path::Path;

use e2e_tests::generated_crate::{cargo, workspace_root, write_standalone};
use postman_codegen::{generate_file, Options};

/// The test files copied into the generated crate's `tests/`.
const TEST_FILES: &[&str] = &["common/mod.rs", "pagination.rs", "responses.rs", "blocking.rs"];

#[test]
fn generated_features_crate_passes_its_end_to_end_tests() {
    let root = workspace_root();
    let collection = root.join("tests/collections/features.postman_collection.json");
    let generated = generate_file(&collection, &Options::new("features-client")).expect("generates");
    let out = write_standalone("features", "features-client", &generated.files);
    // The tests' scripted server needs tokio's networking.
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    let dev_tokio = r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#;
    assert!(manifest.contains(dev_tokio), "the generated manifest has the expected dev-dependency on tokio");
    let manifest = manifest.replace(dev_tokio, r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }"#);
    std::fs::write(out.join("Cargo.toml"), manifest).expect("manifest");
    for file in TEST_FILES {
        let target = out.join("tests").join(file);
        std::fs::create_dir_all(target.parent().unwrap_or(Path::new("."))).expect("tests dir");
        std::fs::copy(root.join("tests/generated/features").join(file), target).expect("test file");
    }
    cargo(&out, &["clippy", "--all-targets", "--features", "blocking", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["test", "--features", "blocking", "--quiet"], false);
    cargo(&out, &["clippy", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["doc", "--no-deps", "--features", "blocking", "--quiet"], true);
}
