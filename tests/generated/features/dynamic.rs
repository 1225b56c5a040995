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
    assert_eq!(targets, ["/v1/status?ts=7&api-version=2024-06-01", "/v1/health?api-version=2024-06-01", "/v1/health?api-version=beta"]);
}

/// `{"id": "{{$guid}}", "seq": {{$randomInt}}, "meta": {"sent_at": "{{$isoTimestamp}}"}}` in a
/// body: fields the caller leaves out get a fresh value per request (a string where the collection
/// quoted the variable, a number where it did not), the same on a retry; the caller's values win.
#[tokio::test]
async fn dynamic_variables_in_a_json_body_are_fresh_per_request() {
    use features_client::types::{NewEvent, Meta};
    let created = || Reply::json(201, r#"{"accepted": true}"#);
    let server = Server::start(vec![created(), Reply::json(503, r#"{"message":"busy"}"#), created(), created()]).await;
    // A POST is retried only when the caller says it may be (the fresh id makes it safe here).
    let retry = RetryPolicy::default().initial_backoff(std::time::Duration::from_millis(1)).retry_non_idempotent(true);
    let client = Client::builder().base_url(&server.base_url).bearer_token("t").retry(retry).build().expect("client");
    let body = || NewEvent { name: Some("launch".into()), meta: Some(Meta::default()), ..Default::default() };
    client.create_event(body()).await.expect("first");
    client.create_event(body()).await.expect("second, after one retry");
    client.create_event(NewEvent { id: Some("mine".into()), seq: Some(7), ..body() }).await.expect("third");
    let sent: Vec<serde_json::Value> = server.seen().iter().map(|s| serde_json::from_str(&s.body).expect("a JSON body")).collect();
    assert_eq!(sent.len(), 4);
    let ids: Vec<&str> = sent.iter().map(|b| b["id"].as_str().expect("a quoted variable is sent as text")).collect();
    assert!(ids[0].len() == 36 && ids[0].as_bytes()[14] == b'4', "a UUID v4: {}", ids[0]);
    assert_ne!(ids[0], ids[1], "a fresh id per request");
    assert_eq!(sent[1], sent[2], "a retry sends the same body");
    assert_eq!((ids[3], sent[3]["seq"].as_i64()), ("mine", Some(7)), "the caller's values win");
    assert!(sent[0]["seq"].as_u64().is_some_and(|n| n <= 1000), "a bare {{{{$randomInt}}}} is a number: {}", sent[0]);
    assert!(sent[0]["meta"]["sent_at"].as_str().is_some_and(|t| t.ends_with('Z') && t.len() == 24), "{}", sent[0]);
    assert_eq!(sent[0]["name"], "launch");
}
