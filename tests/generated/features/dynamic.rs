//! `{{$guid}}`, `{{$isoTimestamp}}` and `{{$timestamp}}` in a request: the client sends a fresh value
//! per request, the same one on a retry, and the caller's value when set; a header variable that
//! or query variable that several requests send is one setting of the client.

mod common;

use common::{Reply, Server};
use features_client::{Client, RetryPolicy};

#[tokio::test]
async fn dynamic_variables_are_fresh_per_request_and_kept_on_a_retry() {
    let ok = || Reply::json(200, r#"{"ok": true}"#);
    let server = Server::start(vec![ok(), Reply::json(503, r#"{"message":"busy"}"#), ok(), ok()]).await;
    let retry = RetryPolicy::default().initial_backoff(std::time::Duration::from_millis(1));
    let client = Client::builder().base_url(&server.base_url).bearer_token("t").retry(retry).build().expect("client");
    assert!(client.get_status().await.expect("first").ok);
    assert!(client.get_status().await.expect("second, after one retry").ok);
    assert!(client.get_status().x_request_id("mine-1").ts(42).await.expect("third").ok);
    let seen = server.seen();
    assert_eq!(seen.len(), 4);
    let ids: Vec<&str> = seen.iter().map(|s| s.header("x-request-id").expect("an id is always sent")).collect();
    assert_ne!(ids[0], ids[1], "a fresh id per request");
    assert_eq!(ids[1], ids[2], "a retry keeps its id");
    assert_eq!(ids[3], "mine-1", "the caller's value wins");
    assert!(ids[0].len() == 36 && ids[0].as_bytes()[14] == b'4', "a UUID v4: {}", ids[0]);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs();
    let ts: u64 = seen[0].target.split("ts=").nth(1).expect("ts is sent").parse().expect("seconds");
    assert!(ts.abs_diff(now) < 60, "{}", seen[0].target);
    assert!(seen[3].target.ends_with("?ts=42"), "{}", seen[3].target);
    assert!(seen.iter().all(|s| !s.target.contains("api-version")), "no API version is set");
    assert!(seen.iter().all(|s| s.header("x-sent-at").is_some_and(|t| t.ends_with('Z') && t.len() == 24)));
}

/// `X-Tenant: {{tenant}}` in two requests is one client setting, sent with both, unless a request
/// sets its own.
#[tokio::test]
async fn a_header_variable_of_several_requests_is_a_client_setting() {
    let ok = |body: &str| Reply::json(200, body);
    let server = Server::start(vec![ok(r#"{"ok": true}"#), ok(r#"{"healthy": true}"#), ok(r#"{"healthy": true}"#), ok(r#"{"healthy": true}"#)]).await;
    let client = Client::builder().base_url(&server.base_url).bearer_token("t").tenant("acme").build().expect("client");
    client.get_status().await.expect("status");
    client.get_health().await.expect("health");
    client.get_health().x_tenant("other").await.expect("its own tenant");
    let plain = Client::builder().base_url(&server.base_url).bearer_token("t").build().expect("client");
    plain.get_health().await.expect("no tenant");
    let tenants: Vec<Option<String>> = server.seen().iter().map(|s| s.header("x-tenant").map(str::to_owned)).collect();
    assert_eq!(tenants, [Some("acme".into()), Some("acme".into()), Some("other".into()), None]);
}

/// `?api-version={{apiVersion}}` in two requests is one client setting, sent with both, unless a
/// request sets its own.
#[tokio::test]
async fn a_query_variable_of_several_requests_is_a_client_setting() {
    let ok = |body: &str| Reply::json(200, body);
    let server = Server::start(vec![ok(r#"{"ok": true}"#), ok(r#"{"healthy": true}"#), ok(r#"{"healthy": true}"#)]).await;
    let client = Client::builder().base_url(&server.base_url).bearer_token("t").api_version("2024-06-01").build().expect("client");
    client.get_status().ts(7).await.expect("status");
    client.get_health().await.expect("health");
    client.get_health().api_version("beta").await.expect("its own version");
    let targets: Vec<String> = server.seen().iter().map(|s| s.target.clone()).collect();
    assert_eq!(targets, ["/status?ts=7&api-version=2024-06-01", "/health?api-version=2024-06-01", "/health?api-version=beta"]);
}
