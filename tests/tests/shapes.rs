//! A collection of the shapes clippy and rustdoc are strict about (`tests/collections/shapes.postman_collection.json`):
//! a success enum, an error enum and an untagged enum with a large and a small payload (the large ones
//! are boxed), Markdown
//! lists in descriptions (continuations indented, lists ended before a paragraph), code samples indented
//! with tabs, required numbers
//! and booleans in the query (passed by value), and operations with more than four required
//! parameters (a struct in `crate::params`) beside one with four (positional arguments). The crate
//! passes `cargo clippy --all-targets -- -D warnings` and rustdoc with warnings denied, and the tests
//! of `tests/generated/shapes/` call it against a scripted server.

use e2e_tests::generated_crate::{cargo, copy_tests, workspace_root, write_standalone};
use postman_codegen::{generate_file, Options};

fn file<'a>(generated: &'a postman_codegen::Generated, path: &str) -> &'a str {
    &generated.files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("{path}")).1
}

#[test]
fn shapes_crate_is_clippy_and_rustdoc_clean() {
    let root = workspace_root();
    let collection = root.join("tests/collections/shapes.postman_collection.json");
    let generated = generate_file(&collection, &Options::new("shapes-client")).expect("generates");
    let responses = file(&generated, "src/responses.rs");
    assert!(responses.contains("Created(Box<crate::types::Deployment>)"), "{responses}");
    assert!(responses.contains("Accepted(crate::types::CreateDeploymentAcceptedResponse)"), "{responses}");
    assert!(responses.contains("Conflict(Box<crate::types::CreateDeploymentConflictError>)"), "{responses}");
    // An untagged enum of types.rs: the large object beside a string is boxed, with no `#[allow]`.
    let types = file(&generated, "src/types.rs");
    assert!(types.contains("    String(String),\n    /// An object.\n    Object(Box<ActorObject>),"), "{types}");
    assert!(!types.contains("allow(clippy"), "{types}");
    let client = file(&generated, "src/client.rs");
    assert!(client.contains("params: crate::params::UpdateSipPhone,\n        body: crate::types::SipPhoneUpdate,"), "{client}");
    assert!(client.contains("role: impl Into<String>,\n    ) -> crate::builders::GetRole<'_>"), "{client}");
    assert!(client.contains("    /// - `production`: the live site,\n    ///   watched by everyone\n    /// - `staging`: the test site\n    ///\n    /// The default is `production`."), "{client}");
    assert!(!client.contains('\t') && client.contains("    ///         \"login\": \"octocat\""), "tabs in docs become spaces");
    let out = write_standalone("shapes", "shapes-client", &generated.files);
    // The tests' scripted server needs tokio's networking.
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    let dev_tokio = r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#;
    assert!(manifest.contains(dev_tokio), "the generated manifest has the expected dev-dependency on tokio");
    std::fs::write(out.join("Cargo.toml"), manifest.replace(dev_tokio, r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }"#)).expect("manifest");
    copy_tests(&out, "features", &["common/mod.rs"]);
    copy_tests(&out, "shapes", &["shapes.rs"]);
    cargo(&out, &["clippy", "--all-targets", "--features", "extra-traits", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["clippy", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["test", "--features", "extra-traits", "--quiet"], false);
    cargo(&out, &["doc", "--no-deps", "--quiet"], true);
}
