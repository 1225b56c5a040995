//! `postman-codegen capture` against the mock server of `tests/collections/capture.postman_collection.json`:
//! the collection with its saved examples stripped, captured from the mock of the original, types
//! its responses as the original does; unsafe methods are sent only when asked for; the request's
//! credential never reaches a sample; re-capturing adds nothing of a shape already stored.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use postman_codegen_mock::{MockApi, MockOptions, MockServer};
use postman_codegen::tooling::Diagnostics;
use postman_codegen::Settings;

const TOKEN: &str = "tok-CAPTURE-SECRET-77";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/capture.postman_collection.json")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pcg-capture-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn api(file: &Path, config: &Settings) -> postman_codegen::tooling::ir::Api {
    let bytes = std::fs::read(file).expect("reads");
    postman_codegen::tooling::api_from_bytes_with(file, &bytes, config, &mut Diagnostics::default()).expect("loads")
}

fn capture(collection: &Path, out: &Path, base_url: &str, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_postman-codegen"));
    command.arg("capture").arg(collection).arg("--out").arg(out).args(["--base-url", base_url, "--var", &format!("accessToken={TOKEN}")]).args(extra);
    command.output().expect("runs")
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().is_dir() {
            files.extend(files_under(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files.sort();
    files
}

struct Mock {
    runtime: tokio::runtime::Runtime,
    server: MockServer,
}

fn mock() -> Mock {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let original = api(&fixture(), &Settings::default());
    let server = runtime.block_on(MockServer::start(MockApi::from_api(original), "127.0.0.1:0", MockOptions { record: true, ..MockOptions::default() })).expect("mock starts");
    Mock { runtime, server }
}

#[test]
fn captured_samples_type_a_collection_without_examples_as_its_examples_do() {
    let mock = mock();
    let dir = temp("types");
    let mut stripped: serde_json::Value = serde_json::from_slice(&std::fs::read(fixture()).expect("fixture")).expect("json");
    postman_codegen::tooling::capture::strip_examples(&mut stripped);
    let collection = dir.join("shop.postman_collection.json");
    std::fs::write(&collection, stripped.to_string()).expect("write");
    let samples = dir.join("shop.samples");

    let output = capture(&collection, &samples, &mock.server.base_url(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // The POST that creates a user is not sent; the GraphQL query (a POST) is; the order needs an id.
    assert!(stderr.contains("create_user") && stderr.contains("--methods POST"), "{stderr}");
    assert!(stderr.contains("get_order") && stderr.contains("--var orderId=…"), "{stderr}");
    let recorded = mock.server.recorded();
    assert!(recorded.iter().all(|r| !(r.method == "POST" && r.path.ends_with("/users"))), "an unsafe request was sent");
    assert!(recorded.iter().any(|r| r.method == "POST" && r.path.ends_with("/graphql")), "the GraphQL query is safe");
    assert!(recorded.iter().filter(|r| r.method == "GET").all(|r| r.headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bearer {TOKEN}"))));

    // Nothing of the credential is written, though a response echoed it.
    let files = files_under(&samples);
    assert!(files.iter().any(|f| f.ends_with("order_summary/200-1.json")), "{files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).expect("sample");
        assert!(!text.contains(TOKEN) && !text.contains("CAPTURE-SECRET"), "{}: {text}", file.display());
    }

    // Generating from the stripped collection and its samples gives the original's response types.
    let original = api(&fixture(), &Settings::default());
    let read = postman_codegen::tooling::samples::read_dir(&samples).expect("samples read");
    let captured = api(&collection, &Settings { samples: read, ..Settings::default() });
    let without = api(&collection, &Settings::default());
    for name in ["list_users", "get_user", "order_summary", "search"] {
        let outline = |api: &postman_codegen::tooling::ir::Api| {
            let op = api.operations.iter().find(|op| op.name == name).expect("operation");
            op.success_type.as_ref().map(|ty| postman_codegen::tooling::samples::type_outline(api, ty, true))
        };
        assert!(outline(&original).is_some(), "{name}");
        assert_eq!(outline(&captured), outline(&original), "{name}");
        assert_eq!(outline(&without), None, "{name} is untyped without samples");
    }

    // `generate` finds `shop.samples` beside the collection: docs and round-trip tests say so.
    let generated = postman_codegen::generate_file(&collection, &postman_codegen::Options::new("shop-client")).expect("generates");
    let file = |path: &str| generated.files.iter().find(|(p, _)| p == path).map(|(_, text)| text.as_str()).unwrap_or_default();
    assert!(file("src/types.rs").contains("Inferred from a captured response of `get_user`."), "{}", file("src/types.rs"));
    assert!(file("tests/examples.rs").contains("The captured response `get_user/200-1.json` of `get_user`."));
    let user_sample = std::fs::read_to_string(samples.join("get_user/200-1.json")).expect("sample");
    assert_eq!(file("tests/examples/get_user_200_1.json").trim(), user_sample.trim());

    // Capturing again stores nothing new: every shape is there.
    let again = capture(&collection, &samples, &mock.server.base_url(), &[]);
    assert!(again.status.success());
    assert_eq!(files_under(&samples), files, "{}", String::from_utf8_lossy(&again.stderr));
    drop(mock);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unsafe_methods_are_sent_only_when_named_and_only_picks_folders() {
    let mock = mock();
    let dir = temp("methods");
    let samples = dir.join("samples");
    let output = capture(&fixture(), &samples, &mock.server.base_url(), &["--only", "Create a user", "--methods", "post"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let recorded = mock.server.recorded();
    assert_eq!(recorded.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect::<Vec<_>>(), [("POST", "/v1/users")]);
    assert!(samples.join("create_user/201-1.json").is_file());

    // A folder by name, a field redacted, at most 50 requests a second.
    let output = capture(&fixture(), &samples, &mock.server.base_url(), &["--only", "Orders", "--redact", "currency,count", "--rate", "50/s", "--var", "orderId=o-1"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let paths: Vec<String> = mock.server.recorded().iter().skip(1).map(|r| r.path.clone()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.contains(&"/v1/orders/summary".to_owned()) && paths.contains(&"/v1/users/42/orders/o-1".to_owned()), "{paths:?}");
    let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(samples.join("order_summary/200-1.json")).expect("sample")).expect("json");
    assert_eq!((summary["currency"].as_str(), summary["count"].as_i64(), summary["total"].as_f64()), (Some("redacted"), Some(0), Some(99.5)));
    let _ = mock.runtime;
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sample_of_an_operation_the_collection_lost_is_a_warning() {
    let dir = temp("lost");
    let samples = dir.join("samples");
    let stored = postman_codegen::tooling::samples::store(&samples, "gone", "GET /gone Gone", 200, None, br#"{"a": 1}"#, &[], &[]).expect("stores");
    assert_eq!(stored, postman_codegen::tooling::samples::Stored::New("gone/200-1.json".to_owned()));
    let mut options = postman_codegen::Options::new("shop-client");
    options.settings.samples = postman_codegen::tooling::samples::read_dir(&samples).expect("reads");
    let generated = postman_codegen::generate_file(&fixture(), &options).expect("generates");
    assert!(generated.warnings.iter().any(|w| w.to_string().contains("GET /gone Gone") && w.to_string().contains("no longer has")), "{:?}", generated.warnings);
    let _ = std::fs::remove_dir_all(&dir);
}
