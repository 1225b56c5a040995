//! The mock serves every collection of the corpus (the directory `$POSTMAN_CODEGEN_CORPUS` names,
//! which `cargo xtask corpus` sets): each loads, and every
//! request of each answers over HTTP with one of its saved examples (status, body) or, when it has
//! none, with the mock's `501`.
//!
//! A check of the corpus gate, not a test: it needs the corpus, so it is a binary built only with the
//! `corpus` feature, which `cargo xtask corpus` runs (`cargo run -p e2e-tests --features corpus --bin
//! mock-corpus`); `cargo test --workspace` never builds it. A failure panics with what failed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use e2e_tests::{MockApi, MockOptions, MockServer, Outcome};
use postman_codegen::tooling::ir::{Example, Operation, PathPart, Response};
use reqwest::header::{HeaderName, HeaderValue};

/// Path parameters get this value, which no literal segment of the corpus has.
const PARAM_VALUE: &str = "mock-param-7";

/// What hitting one collection showed.
#[derive(Debug, Default)]
struct Tally {
    operations: usize,
    routes: usize,
    examples: usize,
    without_examples: usize,
    failures: Vec<String>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = corpus_dir().expect("POSTMAN_CODEGEN_CORPUS names the corpus directory (cargo xtask corpus sets it)");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("read the corpus")
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has its collections: {files:?}");
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let mut load_errors = Vec::new();
    let mut all = Tally::default();
    let mut served = 0;
    for file in &files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut diagnostics = postman_codegen::tooling::Diagnostics::default();
        let api = match MockApi::load(file, &mut diagnostics) {
            Ok(api) => api,
            Err(error) => {
                load_errors.push(format!("{name}: {error}"));
                continue;
            }
        };
        let server = MockServer::start(api, "127.0.0.1:0", MockOptions { record: true, ..MockOptions::default() }).await.expect("starts");
        let tally = hit_every_route(&http, &server).await;
        eprintln!(
            "{name}: {} requests on {} routes, {} answered with a saved example, {} without examples (501), {} failures",
            tally.operations,
            tally.routes,
            tally.examples,
            tally.without_examples,
            tally.failures.len()
        );
        served += 1;
        all.operations += tally.operations;
        all.routes += tally.routes;
        all.examples += tally.examples;
        all.without_examples += tally.without_examples;
        all.failures.extend(tally.failures.into_iter().take(20).map(|f| format!("{name}: {f}")));
        server.shutdown().await.expect("shuts down");
    }
    eprintln!(
        "served {served} of {} collections: {} requests on {} routes, {} saved examples served, {} requests without examples",
        files.len(),
        all.operations,
        all.routes,
        all.examples,
        all.without_examples
    );
    assert!(load_errors.is_empty(), "collections that do not load:\n{}", load_errors.join("\n"));
    assert!(all.failures.is_empty(), "{} failures:\n{}", all.failures.len(), all.failures.join("\n"));
    assert!(all.examples > 1000, "the corpus has thousands of saved examples; {} were served", all.examples);
}

/// Sends one request per operation; checks the answer against the saved examples of its route.
async fn hit_every_route(http: &reqwest::Client, server: &MockServer) -> Tally {
    let api = server.api().api();
    let mut tally = Tally { operations: api.operations.len(), ..Tally::default() };
    // Operations with the same method and path share a route: the mock answers for all of them.
    let mut by_route: BTreeMap<(String, String), Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_route.entry(route_key(op)).or_default().push(op);
    }
    tally.routes = by_route.len();
    for op in &api.operations {
        let shared = &by_route[&route_key(op)];
        let url = format!("{}{}", server.base_url(), concrete_path(op));
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).expect("a valid method");
        let mut request = http.request(method, &url);
        // The first example of the first success status, else the first of all; an operation
        // without examples is answered with those of another on its route, if any.
        let target = std::iter::once(op).chain(shared.iter().copied()).find_map(|o| {
            o.responses.iter().filter(|r| !r.examples.is_empty()).min_by_key(|r| !(200..300).contains(&status(r))).map(|r| (r, &r.examples[0]))
        });
        let mut sent_name = None;
        if let Some((response, example)) = target {
            request = request.header("x-mock-response-code", status(response).to_string());
            if let Ok(value) = HeaderValue::from_bytes(example.name.trim().as_bytes()) {
                if !example.name.trim().is_empty() {
                    request = request.header(HeaderName::from_static("x-mock-response-name"), value);
                    sent_name = Some(example.name.trim());
                }
            }
        }
        let what = format!("{} {url}", op.method);
        let answer = match request.send().await {
            Ok(answer) => answer,
            Err(error) => {
                tally.failures.push(format!("{what}: {error}"));
                continue;
            }
        };
        let got_status = answer.status().as_u16();
        let got_body = answer.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        let outcome = server.recorded().pop().map(|r| r.outcome);
        let Some((response, _)) = target else {
            if got_status == 501 && outcome == Some(Outcome::NoExample { operation: shared[0].name.clone() }) {
                tally.without_examples += 1;
            } else {
                tally.failures.push(format!("{what}: no saved example, expected 501, got {got_status} ({outcome:?})"));
            }
            continue;
        };
        // The examples the mock may answer with: on this route, with the status (and name) asked for.
        let wanted = status(response);
        let fits = |r: &Response, e: &Example| status(r) == wanted && sent_name.is_none_or(|n| e.name.trim().eq_ignore_ascii_case(n));
        let candidates: Vec<&Example> =
            shared.iter().flat_map(|o| &o.responses).flat_map(|r| r.examples.iter().filter(move |e| fits(r, e))).collect();
        let bodiless = op.method.eq_ignore_ascii_case("HEAD") || matches!(wanted, 100..=199 | 204 | 304);
        let body_fits = |e: &Example| if bodiless { got_body.is_empty() } else { got_body == e.served_body().as_bytes() };
        let served = match &outcome {
            Some(Outcome::Example { operation, example }) => shared.iter().any(|o| o.name == *operation) && candidates.iter().any(|e| e.name == *example && body_fits(e)),
            _ => false,
        };
        if got_status == wanted && served {
            tally.examples += 1;
            // Without hints, the route answers with one of its saved examples too (once per route).
            if std::ptr::eq(op, shared[0]) {
                if let Err(failure) = unhinted(http, server, op, shared).await {
                    tally.failures.push(format!("{what} without hints: {failure}"));
                }
            }
        } else {
            let body = String::from_utf8_lossy(&got_body);
            let body: String = body.chars().take(200).collect();
            tally.failures.push(format!("{what}: expected a saved {wanted} example, got {got_status} ({outcome:?}): {body}"));
        }
    }
    tally
}

/// Sends the operation's request without `x-mock-response-*` headers: the answer must be one of the
/// route's saved examples, with its status and body.
async fn unhinted(http: &reqwest::Client, server: &MockServer, op: &Operation, shared: &[&Operation]) -> Result<(), String> {
    let method = reqwest::Method::from_bytes(op.method.as_bytes()).map_err(|e| e.to_string())?;
    let answer = http.request(method, format!("{}{}", server.base_url(), concrete_path(op))).send().await.map_err(|e| e.to_string())?;
    let got_status = answer.status().as_u16();
    let got_body = answer.bytes().await.map_err(|e| e.to_string())?;
    let outcome = server.recorded().pop().map(|r| r.outcome);
    let Some(Outcome::Example { operation, example }) = &outcome else { return Err(format!("got {got_status} ({outcome:?})")) };
    let bodiless = op.method.eq_ignore_ascii_case("HEAD") || matches!(got_status, 100..=199 | 204 | 304);
    let fits = shared.iter().filter(|o| o.name == *operation).flat_map(|o| &o.responses).any(|r| {
        status(r) == got_status && r.examples.iter().any(|e| e.name == *example && (bodiless || got_body == e.served_body().as_bytes()))
    });
    if fits {
        Ok(())
    } else {
        Err(format!("got {got_status} ({outcome:?}), which is not that saved example"))
    }
}

fn status(response: &Response) -> u16 {
    response.status.unwrap_or(200)
}

/// The method and the path template with parameter names left out.
fn route_key(op: &Operation) -> (String, String) {
    (op.method.to_ascii_uppercase(), render_path(op, "{}"))
}

/// A path that the operation's route matches: parameters get [`PARAM_VALUE`].
fn concrete_path(op: &Operation) -> String {
    render_path(op, PARAM_VALUE)
}

/// The operation's path with `value` for each parameter.
fn render_path(op: &Operation, value: &str) -> String {
    let mut path = String::new();
    for part in &op.path {
        path.push('/');
        match part {
            PathPart::Literal(text) => path.push_str(text),
            PathPart::Param(_) => path.push_str(value),
            PathPart::Template(pieces) => {
                for (text, param) in pieces {
                    path.push_str(text);
                    if param.is_some() {
                        path.push_str(value);
                    }
                }
            }
        }
    }
    path
}

/// The corpus of real collections: `$POSTMAN_CODEGEN_CORPUS`, which `cargo xtask corpus` sets to
/// the directory it checks (finding it is the gate's job, not this binary's).
fn corpus_dir() -> Option<PathBuf> {
    std::env::var_os("POSTMAN_CODEGEN_CORPUS").map(PathBuf::from)
}
