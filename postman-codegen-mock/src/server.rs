//! The HTTP server: an `axum` fallback handler over the routes, selection and validation.

use std::collections::VecDeque;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::body::{to_bytes, Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::routes::Routes;
use crate::select::{select, Chosen, NoExample, RequestView, RESPONSE_CODE_HEADER, RESPONSE_NAME_HEADER};
use crate::validate::{self, Sent};
use super::{MockApi, MockOptions};
use postman_codegen::{Error, Result};
use postman_codegen::tooling::ir::Operation;

/// The largest request body the mock reads (16 MiB); larger ones get `413`.
const MAX_BODY: usize = 16 * 1024 * 1024;
/// How long a shutdown waits for requests in flight before it drops them.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);
/// How many closest routes a `404` lists.
const CLOSEST: usize = 5;
/// Saved response headers that describe the original transfer, not the example: never replayed.
const TRANSFER_HEADERS: &[&str] = &[
    "connection", "content-encoding", "content-length", "keep-alive", "proxy-authenticate", "proxy-connection", "te",
    "trailer", "transfer-encoding", "upgrade",
];
/// The header on every answer the mock makes up itself (not a saved example): what went wrong.
pub const MOCK_ERROR_HEADER: &str = "x-mock-error";

/// A reply a test queues to be sent instead of the next answer.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub fn json(status: u16, body: &Value) -> Self {
        Reply { status, headers: vec![("content-type".into(), "application/json".into())], body: body.to_string() }
    }
}

/// What the mock did with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Answered with a saved example.
    Example {
        /// The operation's name.
        operation: String,
        /// The example's name.
        example: String,
    },
    /// Answered with a queued [`Reply`].
    Queued,
    /// No route matched (`404`).
    NoRoute,
    /// `--validate` refused it (`400`).
    Invalid {
        /// The operation's name.
        operation: String,
        /// Why.
        problems: Vec<String>,
    },
    /// The route has no saved examples (`501`).
    NoExample {
        /// The operation's name.
        operation: String,
    },
    /// `x-mock-response-name` or `x-mock-response-code` names no example (`400`).
    NoSuchExample {
        /// The operation's name.
        operation: String,
    },
    /// The body was larger than the mock reads (`413`).
    TooLarge,
}

/// A request as the mock saw it, and what it answered.
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
    /// The status answered.
    pub status: u16,
    /// What the mock did.
    pub outcome: Outcome,
}

/// What the handler shares.
#[derive(Debug)]
struct Shared {
    mock: MockApi,
    routes: Routes,
    options: MockOptions,
    queued: Mutex<VecDeque<Reply>>,
    recorded: Mutex<Vec<Recorded>>,
}

/// A running mock server. Dropping it stops the server (without waiting); [`MockServer::shutdown`]
/// stops it and waits for requests in flight.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl MockServer {
    /// Serves `api` on `addr` (e.g. `127.0.0.1:0` for a free port; a name such as `localhost:8080`
    /// is resolved) in a task of the current Tokio runtime.
    pub async fn start(api: MockApi, addr: &str, options: MockOptions) -> Result<MockServer> {
        let serve_error = |source| Error::Serve { addr: addr.to_owned(), source };
        let listener = TcpListener::bind(addr).await.map_err(serve_error)?;
        let local = listener.local_addr().map_err(serve_error)?;
        let routes = Routes::new(api.api());
        let shared = Arc::new(Shared { mock: api, routes, options, queued: Mutex::default(), recorded: Mutex::default() });
        let handler_shared = Arc::clone(&shared);
        let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
            let shared = Arc::clone(&handler_shared);
            async move { shared.handle(request).await }
        });
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(MockServer { addr: local, shared, shutdown: Some(shutdown), task: Some(task) })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<address>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL with the base URL's path, e.g. `http://127.0.0.1:41234/v2` for a collection whose base
    /// URL is `https://api.zoom.us/v2`: what a generated client's `base_url` should be. (The mock
    /// answers under [`MockServer::url`] too.)
    pub fn base_url(&self) -> String {
        format!("{}{}", self.url(), self.shared.routes.raw_base_path())
    }

    /// The API it serves.
    pub fn api(&self) -> &MockApi {
        &self.shared.mock
    }

    /// The routes, as `METHOD /template` with the operation index, in collection order.
    pub fn routes(&self) -> Vec<(usize, String)> {
        self.shared.routes.describe().collect()
    }

    /// Sends `reply` for the next request, whatever it is, instead of a saved example (replies are
    /// sent in the order they were queued).
    pub fn queue(&self, reply: Reply) {
        lock(&self.shared.queued).push_back(reply);
    }

    /// Every request received so far (only with [`MockOptions::record`]).
    pub fn recorded(&self) -> Vec<Recorded> {
        lock(&self.shared.recorded).clone()
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for that (at most five
    /// seconds; then they are dropped).
    pub async fn shutdown(mut self) -> Result<()> {
        self.stop().await
    }

    /// Serves until `signal` completes (e.g. `tokio::signal::ctrl_c()`), then shuts down gracefully;
    /// returns early with the error if the server fails.
    pub async fn serve_until(mut self, signal: impl Future<Output = ()>) -> Result<()> {
        let Some(task) = self.task.as_mut() else { return Ok(()) };
        tokio::select! {
            () = signal => self.stop().await,
            joined = task => {
                self.task = None;
                self.joined(joined)
            }
        }
    }

    async fn stop(&mut self) -> Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let Some(mut task) = self.task.take() else { return Ok(()) };
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
            Ok(joined) => self.joined(joined),
            Err(_) => {
                // A client keeps a request open: stop waiting for it.
                task.abort();
                Ok(())
            }
        }
    }

    fn joined(&self, joined: std::result::Result<std::io::Result<()>, tokio::task::JoinError>) -> Result<()> {
        let addr = self.addr.to_string();
        match joined {
            Ok(result) => result.map_err(|source| Error::Serve { addr, source }),
            Err(error) => Err(Error::Serve { addr, source: std::io::Error::other(error.to_string()) }),
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the handler answers, before it becomes an HTTP response.
struct Answer {
    reply: Reply,
    outcome: Outcome,
}

impl Answer {
    /// An answer the mock makes up: a JSON body with an `error` message, and [`MOCK_ERROR_HEADER`].
    fn mock_error(status: u16, kind: &str, body: Value, outcome: Outcome) -> Answer {
        let mut reply = Reply::json(status, &body);
        reply.headers.push((MOCK_ERROR_HEADER.to_owned(), kind.to_owned()));
        Answer { reply, outcome }
    }
}

impl Shared {
    async fn handle(&self, request: axum::extract::Request) -> Response<Body> {
        let started = Instant::now();
        let (parts, body) = request.into_parts();
        let (answer, body) = match to_bytes(body, MAX_BODY).await {
            Ok(body) => (self.answer(&parts, &body), body),
            Err(_) => {
                let message = format!("the request body is larger than the mock reads ({MAX_BODY} bytes)");
                (Answer::mock_error(413, "too-large", json!({ "error": message }), Outcome::TooLarge), Bytes::new())
            }
        };
        if self.options.log {
            println!("{}", log_line(&parts, &answer, started.elapsed().as_secs_f64() * 1000.0));
        }
        if self.options.record {
            lock(&self.recorded).push(Recorded {
                method: parts.method.to_string(),
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().map(str::to_owned),
                headers: parts.headers.clone(),
                body: body.to_vec(),
                status: answer.reply.status,
                outcome: answer.outcome.clone(),
            });
        }
        response(&answer.reply)
    }

    /// The answer to a request.
    fn answer(&self, parts: &Parts, body: &[u8]) -> Answer {
        if let Some(reply) = lock(&self.queued).pop_front() {
            return Answer { reply, outcome: Outcome::Queued };
        }
        let api = self.mock.api();
        let method = parts.method.as_str();
        let path = parts.uri.path();
        let Some((found, relative)) = self.routes.find(method, path) else {
            let closest: Vec<Value> = self
                .routes
                .closest(api, method, path, CLOSEST)
                .into_iter()
                .map(|s| json!({"method": s.method, "path": s.path, "operation": s.operation}))
                .collect();
            let body = json!({
                "error": format!("no request of the collection matches {method} {path}"),
                "base_path": self.routes.raw_base_path(),
                "closest": closest,
            });
            return Answer::mock_error(404, "no-route", body, Outcome::NoRoute);
        };
        let operations: Vec<&Operation> = found.iter().map(|&i| &api.operations[i]).collect();
        let query: Vec<(String, String)> =
            form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes()).into_owned().collect();
        let headers: Vec<(String, String)> = parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        let first = operations[0];
        if self.options.validate {
            let sent = Sent { query: &query, content_type: parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()), body };
            let mut refused = None;
            for &index in &found {
                let problems = validate::problems(&api.operations[index], self.mock.body_shapes[index].as_ref(), &sent);
                if problems.is_empty() {
                    refused = None;
                    break;
                }
                refused.get_or_insert(problems);
            }
            if let Some(problems) = refused {
                let body = json!({
                    "error": format!("the request does not fit `{}` ({} {})", first.name, first.method, first.path_template()),
                    "problems": problems,
                });
                return Answer::mock_error(400, "invalid", body, Outcome::Invalid { operation: first.name.clone(), problems });
            }
        }
        let view = RequestView { path: &relative, query: &query, headers: &headers, body };
        let operation = first.name.clone();
        match select(&operations, &view) {
            Ok(chosen) => Answer {
                reply: example_reply(&chosen),
                outcome: Outcome::Example { operation: chosen.operation.name.clone(), example: chosen.example.name.clone() },
            },
            Err(NoExample::NoneSaved) => Answer::mock_error(
                501,
                "no-example",
                json!({"error": format!("`{operation}` ({} {}) has no saved example response to answer with", first.method, first.path_template())}),
                Outcome::NoExample { operation },
            ),
            Err(NoExample::UnknownName { name, available }) => Answer::mock_error(
                400,
                "no-such-example",
                json!({"error": format!("`{operation}` has no saved example named {name:?} ({RESPONSE_NAME_HEADER})"), "available": available}),
                Outcome::NoSuchExample { operation },
            ),
            Err(NoExample::UnknownCode { code, available }) => Answer::mock_error(
                400,
                "no-such-example",
                json!({"error": format!("`{operation}` has no saved example with status {code:?} ({RESPONSE_CODE_HEADER})"), "available": available}),
                Outcome::NoSuchExample { operation },
            ),
        }
    }
}

/// The reply of a saved example: its status, its saved headers (except transfer details) and body,
/// with a `Content-Type` from the body when none was saved.
fn example_reply(chosen: &Chosen<'_>) -> Reply {
    let example = chosen.example;
    let mut headers: Vec<(String, String)> = example
        .headers
        .iter()
        .filter(|(name, _)| !TRANSFER_HEADERS.contains(&name.trim().to_ascii_lowercase().as_str()))
        .cloned()
        .collect();
    if !headers.iter().any(|(name, _)| name.trim().eq_ignore_ascii_case("content-type")) {
        let sniffed = if example.json {
            Some("application/json")
        } else if example.body.trim_start().starts_with("<?xml") {
            Some("application/xml")
        } else if example.body.is_empty() {
            None
        } else {
            Some("text/plain; charset=utf-8")
        };
        if let Some(content_type) = example.content_type.as_deref().or(sniffed) {
            headers.push(("content-type".to_owned(), content_type.to_owned()));
        }
    }
    // A body with type placeholders is served realised, as values of their types.
    Reply { status: chosen.status(), headers, body: example.served_body().to_owned() }
}

/// The HTTP response of a reply; headers HTTP does not allow are left out, and so is the body of a
/// status that has none (`1xx`, `204`, `304`).
fn response(reply: &Reply) -> Response<Body> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let bodiless = status.is_informational() || matches!(status, StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED);
    let mut response = Response::new(if bodiless { Body::empty() } else { Body::from(reply.body.clone()) });
    *response.status_mut() = status;
    for (name, value) in &reply.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.trim().as_bytes()), HeaderValue::from_bytes(value.trim().as_bytes())) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// One line per request: `GET /v2/users/me -> 200 get_user "OK example" (0.4 ms)`.
fn log_line(parts: &Parts, answer: &Answer, millis: f64) -> String {
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let what = match &answer.outcome {
        Outcome::Example { operation, example } => format!("{operation} {:?}", one_line(example)),
        Outcome::Queued => "queued reply".to_owned(),
        Outcome::NoRoute => "no matching request".to_owned(),
        Outcome::Invalid { operation, problems } => format!("{operation} refused: {}", problems.join("; ")),
        Outcome::NoExample { operation } => format!("{operation} has no saved example"),
        Outcome::NoSuchExample { operation } => format!("{operation}: no example fits the x-mock-response headers"),
        Outcome::TooLarge => "body too large".to_owned(),
    };
    format!("{} {target} -> {} {what} ({millis:.1} ms)", parts.method, answer.reply.status)
}

/// The first non-empty line, at most 60 characters.
fn one_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    if line.chars().count() > 60 {
        format!("{}…", line.chars().take(59).collect::<String>())
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_are_one_line() {
        let (parts, ()) = axum::http::Request::get("/v2/users/me?x=1").body(()).expect("request").into_parts();
        let answer = Answer {
            reply: Reply::json(200, &json!({})),
            outcome: Outcome::Example { operation: "get_user".into(), example: "**HTTP Status Code:** `200`\nUser object returned.".into() },
        };
        assert_eq!(log_line(&parts, &answer, 0.44), "GET /v2/users/me?x=1 -> 200 get_user \"**HTTP Status Code:** `200`\" (0.4 ms)");
        let long = "x".repeat(100);
        assert_eq!(one_line(&format!("\n  {long}")).chars().count(), 60);
    }

    #[test]
    fn replies_leave_out_what_http_does_not_allow() {
        let reply = Reply {
            status: 201,
            headers: vec![("x-ok".into(), "1".into()), ("bad name".into(), "v".into()), ("x-bad".into(), "a\nb".into()), ("set-cookie".into(), "a=1".into()), ("Set-Cookie".into(), "b=2".into())],
            body: "hi".into(),
        };
        let response = response(&reply);
        assert_eq!(response.status(), 201);
        assert_eq!(response.headers().len(), 3);
        assert_eq!(response.headers().get_all("set-cookie").iter().count(), 2);
    }
}
