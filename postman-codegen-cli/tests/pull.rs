//! `postman-codegen pull` against a local stand-in of the Postman API: the key header, the API's
//! wrapper, its errors (401, 404, 429 with `Retry-After`), and that a failed pull changes no file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

const KEY: &str = "PMAK-test-0123456789abcdef";

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/shop-v2.1.postman_collection.json");
    serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("JSON")
}

#[derive(Default)]
struct Api {
    busy_calls: AtomicUsize,
    requests: AtomicUsize,
}

/// A JSON body (the stand-in needs no more of axum than routing).
fn json_body(value: Value) -> ([(&'static str, &'static str); 1], String) {
    ([("content-type", "application/json")], value.to_string())
}

fn error(status: StatusCode, name: &str, message: &str) -> Response {
    (status, json_body(json!({"error": {"name": name, "message": message}}))).into_response()
}

fn authorised(headers: &HeaderMap) -> bool {
    headers.get("x-api-key").and_then(|v| v.to_str().ok()) == Some(KEY)
}

async fn collection(State(api): State<Arc<Api>>, UrlPath(id): UrlPath<String>, headers: HeaderMap) -> Response {
    api.requests.fetch_add(1, Ordering::SeqCst);
    if !authorised(&headers) {
        return error(StatusCode::UNAUTHORIZED, "AuthenticationError", "Invalid API Key. Every request requires a valid API Key to be sent.");
    }
    match id.as_str() {
        "c-ok" => json_body(json!({"collection": fixture()})).into_response(),
        "c-busy" if api.busy_calls.fetch_add(1, Ordering::SeqCst) == 0 => {
            (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")], json_body(json!({"error": "rateLimited", "message": "Rate limit exceeded."}))).into_response()
        }
        "c-busy" => json_body(json!({"collection": fixture()})).into_response(),
        _ => error(StatusCode::NOT_FOUND, "instanceNotFoundError", "We could not find the collection you are looking for"),
    }
}

async fn environment(UrlPath(id): UrlPath<String>, headers: HeaderMap) -> Response {
    if !authorised(&headers) {
        return error(StatusCode::UNAUTHORIZED, "AuthenticationError", "Invalid API Key.");
    }
    match id.as_str() {
        "e-prod" => json_body(json!({"environment": {"name": "prod", "id": "e-prod", "values": [{"key": "baseUrl", "value": "https://shop.example.com/api", "enabled": true, "type": "default"}]}})).into_response(),
        _ => error(StatusCode::NOT_FOUND, "instanceNotFoundError", "We could not find the environment you are looking for"),
    }
}

/// Starts the stand-in on a free port; returns its URL and its counters.
fn start() -> (String, Arc<Api>) {
    let api = Arc::new(Api::default());
    let app = Router::new().route("/collections/{id}", get(collection)).route("/environments/{id}", get(environment)).with_state(Arc::clone(&api));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            axum::serve(listener, app).await.expect("serves");
        });
    });
    (url, api)
}

fn pull(api: &str, key: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postman-codegen")).arg("pull").args(args).args(["--api-url", api]).env("POSTMAN_API_KEY", key).output().expect("runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn pull_writes_the_collection_and_environment_in_canonical_form() {
    let (api, _) = start();
    let dir = tempfile::tempdir().expect("tempdir");
    let collection: PathBuf = dir.path().join("shop.postman_collection.json");
    let environment = dir.path().join("shop.prod.postman_environment.json");
    let env_arg = format!("e-prod={}", environment.display());
    let output = pull(&api, KEY, &["c-ok", "--out", collection.to_str().expect("path"), "--environment", &env_arg]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(!text(&output).contains(KEY), "the key is never printed");
    let written = std::fs::read_to_string(&collection).expect("written");
    assert!(!written.contains(KEY));
    // The wrapper is gone, keys are sorted, the items keep their order.
    let value: Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(value, fixture());
    assert!(written.starts_with("{\n  \"auth\": {"), "keys sorted: {}", &written[..80]);
    assert_eq!(written, postman_codegen_net::pull::canonical_text(&fixture()));
    let env: Value = serde_json::from_str(&std::fs::read_to_string(&environment).expect("environment written")).expect("JSON");
    assert_eq!(env["values"][0]["key"], "baseUrl");
    // The pulled file generates.
    let generated = postman_codegen::generate_file(&collection, &postman_codegen::Options::new("shop-client")).expect("generates");
    assert_eq!(generated.operations, 7);
}

#[test]
fn failed_pulls_say_why_and_change_nothing() {
    let (api, counters) = start();
    let dir = tempfile::tempdir().expect("tempdir");
    let collection = dir.path().join("shop.postman_collection.json");
    std::fs::write(&collection, "the previous file").expect("write");
    let out = collection.to_str().expect("path");

    let wrong_key = pull(&api, "PMAK-wrong-key", &["c-ok", "--out", out]);
    assert_eq!(wrong_key.status.code(), Some(1));
    let message = text(&wrong_key);
    assert!(message.contains("401 Unauthorized: AuthenticationError: Invalid API Key."), "{message}");
    assert!(!message.contains("PMAK-wrong-key"), "the key is never printed: {message}");

    let missing = pull(&api, KEY, &["c-gone", "--out", out]);
    assert!(text(&missing).contains("cannot pull the collection c-gone") && text(&missing).contains("404 Not Found: instanceNotFoundError"), "{}", text(&missing));

    // The collection is there but an environment is not: nothing is written.
    let env_arg = format!("e-gone={}", dir.path().join("e.json").display());
    let half = pull(&api, KEY, &["c-ok", "--out", out, "--environment", &env_arg]);
    assert_eq!(half.status.code(), Some(1), "{}", text(&half));
    assert_eq!(std::fs::read_to_string(&collection).expect("read"), "the previous file");
    assert!(!dir.path().join("e.json").exists());
    let names: Vec<String> = std::fs::read_dir(dir.path()).expect("dir").flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["shop.postman_collection.json"], "no temporary file is left");

    let no_key = Command::new(env!("CARGO_BIN_EXE_postman-codegen")).args(["pull", "c-ok", "--out", out, "--api-url", &api]).env_remove("POSTMAN_API_KEY").output().expect("runs");
    assert_eq!(no_key.status.code(), Some(2));
    assert!(text(&no_key).contains("POSTMAN_API_KEY"));
    let injected = pull(&api, KEY, &["../x", "--out", out]);
    assert!(text(&injected).contains("an id or uid is letters, digits and `-`"), "{}", text(&injected));
    assert!(counters.requests.load(Ordering::SeqCst) >= 3);
}

#[test]
fn too_many_requests_waits_for_retry_after() {
    let (api, counters) = start();
    let dir = tempfile::tempdir().expect("tempdir");
    let collection = dir.path().join("shop.postman_collection.json");
    let started = std::time::Instant::now();
    let output = pull(&api, KEY, &["c-busy", "--out", collection.to_str().expect("path")]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(counters.busy_calls.load(Ordering::SeqCst), 2, "one 429, then the collection");
    assert!(started.elapsed() >= std::time::Duration::from_secs(1), "it waited as Retry-After said");
    assert!(collection.is_file());
}
