//! A local HTTP server for end-to-end tests: it answers every request of a collection with that
//! request's saved example (or with a reply the test queued), and records what it received.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Request, Response, StatusCode};
use postman_codegen::ir::{Api, Operation, PathPart};

pub mod generated_crate;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The method.
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

/// A reply the test wants sent next.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// Header name and value pairs.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Reply { status, headers: vec![("content-type".into(), "application/json".into())], body: body.to_string() }
    }
}

#[derive(Debug, Default)]
struct State {
    recorded: Vec<Recorded>,
    queued: VecDeque<Reply>,
}

/// The running server.
#[derive(Debug)]
pub struct TestServer {
    addr: SocketAddr,
    prefix: String,
    state: Arc<Mutex<State>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestServer {
    /// Serves the collection at `path` on 127.0.0.1 (a free port) under the URL prefix `prefix`
    /// (e.g. `/v2`, so that base URLs with a path are exercised).
    pub async fn start(collection: &Path, prefix: &str) -> TestServer {
        let mut diagnostics = postman_codegen::Diagnostics::default();
        let api = Arc::new(postman_codegen::load_api(collection, &mut diagnostics).expect("the collection loads"));
        let state = Arc::new(Mutex::new(State::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let handler_state = Arc::clone(&state);
        let handler_prefix = prefix.to_owned();
        let app = axum::Router::new().fallback(move |request: Request<Body>| {
            let state = Arc::clone(&handler_state);
            let api = Arc::clone(&api);
            let prefix = handler_prefix.clone();
            async move { handle(request, &state, &api, &prefix).await }
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        TestServer { addr, prefix: prefix.to_owned(), state, shutdown: Some(shutdown) }
    }

    /// The base URL to give the client, e.g. `http://127.0.0.1:41234/v2`.
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, self.prefix)
    }

    /// Sends `reply` for the next request instead of the saved example.
    pub fn queue(&self, reply: Reply) {
        self.state.lock().expect("state").queued.push_back(reply);
    }

    /// Everything received so far.
    pub fn recorded(&self) -> Vec<Recorded> {
        self.state.lock().expect("state").recorded.clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

async fn handle(request: Request<Body>, state: &Mutex<State>, api: &Api, prefix: &str) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024).await.map(|b| b.to_vec()).unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let recorded = Recorded {
        method: parts.method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        body,
    };
    let queued = {
        let mut state = state.lock().expect("state");
        state.recorded.push(recorded);
        state.queued.pop_front()
    };
    let reply = queued.or_else(|| {
        let relative = path.strip_prefix(prefix)?;
        let op = api.operations.iter().find(|op| op.method == parts.method.as_str() && matches_path(op, relative))?;
        saved_example(op)
    });
    let reply = reply.unwrap_or_else(|| Reply::json(404, &serde_json::json!({"error": "no such route", "path": path})));
    let mut response = Response::builder().status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (name, value) in &reply.headers {
        response = response.header(name.as_str(), value.as_str());
    }
    response.body(Body::from(reply.body)).unwrap_or_else(|_| Response::new(Body::empty()))
}

/// Whether an encoded request path matches an operation's path (parameters match any segment).
pub fn matches_path(op: &Operation, path: &str) -> bool {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    segments.len() == op.path.len()
        && op.path.iter().zip(&segments).all(|(part, segment)| match part {
            PathPart::Literal(text) => text == segment,
            PathPart::Param(_) => !segment.is_empty(),
            PathPart::Template(_) => true,
        })
}

/// The first saved example of the first success status.
fn saved_example(op: &Operation) -> Option<Reply> {
    let response = op.responses.iter().find(|r| r.status.is_some_and(|s| (200..300).contains(&s)))?;
    let example = response.examples.first()?;
    let content_type = example.content_type.clone().unwrap_or_else(|| "application/json".to_owned());
    Some(Reply { status: response.status.unwrap_or(200), headers: vec![("content-type".into(), content_type)], body: example.body.clone() })
}
