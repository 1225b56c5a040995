//! `{{$guid}}`, `{{$isoTimestamp}}` and `{{$timestamp}}` in a request: the client sends a fresh value
//! per request, the same one on a retry, and the caller's value when set.

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
    assert!(seen.iter().all(|s| s.header("x-sent-at").is_some_and(|t| t.ends_with('Z') && t.len() == 24)));
}
