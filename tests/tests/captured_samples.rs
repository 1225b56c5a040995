//! Captured samples end to end: `tests/collections/capture.postman_collection.json` stripped of its
//! saved examples, captured from the mock of the original, generates a crate whose captured types
//! round-trip their samples (the crate's own `tests/examples.rs`) and compile cleanly (clippy,
//! rustdoc); the crate's sample recorder (`tests/generated/captured/record.rs`) writes the body of an
//! operation it could not type, and generating again with it types that operation too.

use std::sync::Arc;

use e2e_tests::generated_crate::{cargo, cargo_with_env, copy_tests, workspace_root, write_standalone};
use e2e_tests::{start_mock, MockOptions};
use postman_codegen::tooling::capture::{self, CaptureOptions};
use postman_codegen::tooling::environment::Variables;
use postman_codegen::tooling::Diagnostics;
use postman_codegen::{generate_file, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn captured_samples_round_trip_and_the_recorder_fills_the_gaps() {
    let root = workspace_root();
    let original = root.join("tests/collections/capture.postman_collection.json");
    let server = start_mock(&original, MockOptions::default()).await;
    let work = root.join("target/hostile-collection/captured-input");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&original).expect("fixture")).expect("json");
    postman_codegen::tooling::capture::strip_examples(&mut value);
    let collection = work.join("captured.postman_collection.json");
    std::fs::write(&collection, value.to_string()).expect("stripped collection");

    // Capture into `captured.samples/`, beside the collection, where `generate` looks.
    let mut variables = Variables::default();
    variables.add_override("accessToken=tok-CAPTURE-E2E-1").expect("var");
    let options = CaptureOptions { base_url: Some(server.base_url().to_owned()), ..CaptureOptions::default() };
    let bytes = std::fs::read(&collection).expect("reads");
    let plan = capture::plan(&collection, &bytes, &variables, &options, &mut Diagnostics::default()).expect("plans");
    let outcomes = postman_codegen_net::capture::send(&plan, &options, Arc::new(|_: &capture::Planned, _: &capture::Outcome| {})).await.expect("sends");
    let samples = postman_codegen::tooling::samples::dir_beside(&collection);
    let report = capture::store(&samples, &plan, &outcomes, &options).expect("stores");
    assert_eq!(report.stored.len(), 4, "{}", report.render());

    let generated = generate_file(&collection, &Options::new("captured-client")).expect("generates");
    // One round-trip test per captured response (and per saved request body).
    let examples: Vec<&String> = generated.files.iter().map(|(p, _)| p).filter(|p| p.starts_with("tests/examples/") && !p.contains("_body_")).collect();
    assert_eq!(examples, ["tests/examples/get_user_200_1.json", "tests/examples/list_users_200_1.json", "tests/examples/order_summary_200_1.json", "tests/examples/search_200_1.json"]);
    let out = write_standalone("captured", "captured-client", &generated.files);
    copy_tests(&out, "captured", &["record.rs"]);
    let recorded = work.join("recorded");
    let base_url = server.base_url().to_owned();
    let env_dir = recorded.display().to_string();
    let crate_dir = out.clone();
    tokio::task::spawn_blocking(move || {
        cargo(&crate_dir, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"], false);
        cargo_with_env(&crate_dir, &["test", "--quiet"], false, &[("CAPTURED_MOCK_URL", &base_url), ("CAPTURED_RECORD_DIR", &env_dir)]);
        cargo(&crate_dir, &["doc", "--no-deps", "--quiet"], true);
    })
    .await
    .expect("cargo ran");

    // The recorded body types `get_order` in the next generation.
    let mut options = Options::new("captured-client");
    options.settings.samples = postman_codegen::tooling::samples::read_dir(&samples).expect("captured");
    options.settings.samples.extend(postman_codegen::tooling::samples::read_dir(&recorded).expect("recorded"));
    let again = generate_file(&collection, &options).expect("generates");
    let types_of = |files: &[(String, String)]| files.iter().find(|(p, _)| p == "src/types.rs").map(|(_, t)| t.clone()).unwrap_or_default();
    assert!(!types_of(&generated.files).contains("`get_order`"), "untyped before");
    assert!(types_of(&again.files).contains("Inferred from a captured response of `get_order`."), "{}", types_of(&again.files));
}
