//! The generated Zoom client's retries, timeouts, hooks and responses with status and headers,
//! against a local server on 127.0.0.1 that serves the collection's saved examples.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use e2e_tests::{start_mock, MockOptions, MockServer, Reply};
use zoom_client::{Client, ClientBuilder, Error, RetryPolicy};

fn collection() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../collections/zoom.postman_collection.json")
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().base_url(server.base_url()).bearer_token("s3cret-t0ken")
}

/// A policy with waits short enough for tests.
fn quick_policy() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(5)).max_backoff(Duration::from_millis(20)).max_elapsed(Duration::from_secs(5))
}

fn status(code: u16) -> Reply {
    Reply::json(code, &serde_json::json!({"code": code, "message": "try later"}))
}

fn with_header(mut reply: Reply, name: &str, value: &str) -> Reply {
    reply.headers.push((name.into(), value.into()));
    reply
}

#[tokio::test]
async fn retries_429_then_succeeds_honouring_retry_after_seconds() {
    let server = start_mock(&collection(), MockOptions::default()).await;
    server.queue(with_header(status(429), "Retry-After", "0"));
    server.queue(status(503));
    let client = builder(&server).retry(quick_policy()).build().expect("client");
    let user = client.get_user("me").await.expect("the third attempt gets the saved example");
    assert_eq!(user.id, "z8dsdsdsdsdCfp8uQ");
    let requests = server.recorded();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.path == "/v2/users/me" && r.headers["authorization"] == "Bearer s3cret-t0ken"));
}

#[tokio::test]
async fn retry_after_timestamps_are_waited_for() {
    let server = start_mock(&collection(), MockOptions::default()).await;
    // An ISO 8601 timestamp 300 ms ahead.
    let at = SystemTime::now() + Duration::from_millis(300);
    let since_epoch = at.duration_since(SystemTime::UNIX_EPOCH).expect("after 1970");
    let (days, rest) = (since_epoch.as_secs() / 86_400, since_epoch.as_secs() % 86_400);
    let iso = format!("{}T{:02}:{:02}:{:02}.{:03}Z", civil(days), rest / 3600, rest % 3600 / 60, rest % 60, since_epoch.subsec_millis());
    server.queue(with_header(status(429), "Retry-After", &iso));
    let client = builder(&server).retry(quick_policy()).build().expect("client");
    let started = Instant::now();
    client.get_user("me").await.expect("retried after the timestamp");
    assert!(started.elapsed() >= Duration::from_millis(250), "waited until {iso}: {:?}", started.elapsed());
    assert_eq!(server.recorded().len(), 2);

    // An HTTP date in the past means: retry now.
    server.queue(with_header(status(503), "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));
    client.get_user("me").await.expect("retried at once");
    assert_eq!(server.recorded().len(), 4);
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[tokio::test]
async fn retries_stop_at_the_attempt_and_time_caps_and_never_happen_unasked() {
    let server = start_mock(&collection(), MockOptions::default()).await;
    for _ in 0..3 {
        server.queue(status(502));
    }
    let client = builder(&server).retry(quick_policy().max_attempts(3)).build().expect("client");
    let error = client.get_user("me").await.expect_err("three 502s");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert!(error.is_retryable());
    assert_eq!(server.recorded().len(), 3);

    // A Retry-After beyond the time budget: the error comes back at once.
    server.queue(with_header(status(429), "Retry-After", "120"));
    let started = Instant::now();
    let error = client.get_user("me").await.expect_err("not worth waiting");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(server.recorded().len(), 4);

    // Not retryable: 404 is documented, and answered once.
    server.queue(status(404));
    assert!(matches!(client.get_user("me").await, Err(Error::Api(_))));
    assert_eq!(server.recorded().len(), 5);

    // No policy, no retries.
    server.queue(status(503));
    let error = client.without_retry().get_user("me").await.expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.recorded().len(), 6);
}

/// A listener that accepts connections and never answers.
async fn silent_server() -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let task = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    (addr, task)
}

#[tokio::test]
async fn the_request_timeout_gives_a_timeout_error_and_timeouts_are_retried() {
    let (addr, task) = silent_server().await;
    let client = Client::builder()
        .base_url(format!("http://{addr}/v2"))
        .timeout(Duration::from_millis(150))
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.get_user("me").await.expect_err("the server never answers");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(10));

    let attempts = Arc::new(Mutex::new(0u32));
    let counted = Arc::clone(&attempts);
    let client = Client::builder()
        .base_url(format!("http://{addr}/v2"))
        .timeout(Duration::from_millis(100))
        .retry(quick_policy().max_attempts(2))
        .on_request(move |_, _| {
            *counted.lock().expect("lock") += 1;
            Ok(())
        })
        .build()
        .expect("client");
    assert!(matches!(client.get_user("me").await, Err(Error::Timeout(_))));
    assert_eq!(*attempts.lock().expect("lock"), 2);
    task.abort();
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address")
    };
    let client = Client::builder().base_url(format!("http://{addr}/v2")).build().expect("client");
    let error = client.get_user("me").await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable() && error.status().is_none());
    assert!(std::error::Error::source(&error).is_some(), "Display shows the chain through source()");
}

#[tokio::test]
async fn hooks_see_and_change_every_request_and_response_without_leaking_the_token() {
    let server = start_mock(&collection(), MockOptions::default()).await;
    server.queue(status(503));
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let (requests, responses) = (Arc::clone(&log), Arc::clone(&log));
    let client = builder(&server)
        .retry(quick_policy())
        .on_request(move |info, request| {
            // A signature over the method and path, as a custom auth scheme would add.
            let signature = format!("{}:{}:{}", info.method(), request.url().path(), info.attempt());
            request.headers_mut().insert("x-signature", signature.parse().expect("header"));
            requests.lock().expect("lock").push(format!("request {} {request:?}", info.operation()));
            Ok(())
        })
        .on_response(move |info, outcome| {
            let status = outcome.map(|r| r.status().as_u16()).unwrap_or_default();
            responses.lock().expect("lock").push(format!("response {} {} attempt {}", info.operation(), status, info.attempt()));
        })
        .build()
        .expect("client");
    client.get_user("me").await.expect("user");

    let recorded = server.recorded();
    assert_eq!(recorded[0].headers["x-signature"], "GET:/v2/users/me:1");
    assert_eq!(recorded[1].headers["x-signature"], "GET:/v2/users/me:2");
    let log = log.lock().expect("lock").clone();
    assert_eq!(log.len(), 4);
    assert!(log[0].starts_with("request get_user") && log[0].contains("/v2/users/me"), "{log:?}");
    assert_eq!(log[1], "response get_user 503 attempt 1");
    assert_eq!(log[3], "response get_user 200 attempt 2");
    for line in &log {
        assert!(!line.contains("s3cret-t0ken"), "the token leaked into a log line: {line}");
    }
    assert!(!format!("{client:?}").contains("s3cret-t0ken"));
    assert!(!format!("{:?}", builder(&server)).contains("s3cret-t0ken"));
}

#[tokio::test]
async fn a_failing_hook_stops_the_call_before_anything_is_sent() {
    struct Refuse;
    impl zoom_client::Hook for Refuse {
        fn on_request(&self, info: &zoom_client::RequestInfo, _: &mut reqwest::Request) -> Result<(), Error> {
            Err(Error::InvalidRequest(format!("{} is not allowed here", info.operation())))
        }
    }
    let server = start_mock(&collection(), MockOptions::default()).await;
    let client = builder(&server).hook(Refuse).build().expect("client");
    let error = client.get_user("me").await.expect_err("refused");
    assert!(matches!(&error, Error::InvalidRequest(m) if m == "get_user is not allowed here"), "{error:?}");
    assert!(server.recorded().is_empty());
}

#[tokio::test]
async fn responses_come_with_status_and_headers_when_asked() {
    let server = start_mock(&collection(), MockOptions::default()).await;
    let client = builder(&server).build().expect("client");
    let response = client.get_user("me").login_type(100).send_with_response().await.expect("user");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.first_name, "Harry", "derefs to the body");
    let (status, headers, user) = response.into_parts();
    assert_eq!((status.as_u16(), headers.contains_key("content-type"), user.last_name.as_str()), (200, true, "Grande"));
}
