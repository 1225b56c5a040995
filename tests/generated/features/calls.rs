//! What one call overrides of its client's settings (its timeout, its retry policy), and the
//! status and headers of every page of a stream.

mod common;

use std::time::Duration;

use common::{Reply, Server};
use features_client::{Client, Error, RetryPolicy};

fn ok() -> Reply {
    Reply::json(200, r#"{"healthy": true}"#)
}

#[tokio::test]
async fn a_call_has_its_own_timeout() {
    let server = Server::start(vec![ok().delayed(Duration::from_millis(800)), ok().delayed(Duration::from_millis(300))]).await;
    let client = Client::builder().base_url(&server.base_url).bearer_token("t").timeout(Duration::from_secs(30)).build().expect("client");
    let error = client.get_health().send().timeout(Duration::from_millis(100)).await.expect_err("too slow for this call");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(client.get_health().send().await.expect("the client's timeout is long enough").healthy);
}

#[tokio::test]
async fn a_call_has_its_own_retry_policy() {
    let busy = || Reply::json(503, r#"{"message": "busy"}"#);
    let server = Server::start(vec![busy(), ok(), busy()]).await;
    let plain = Client::builder().base_url(&server.base_url).bearer_token("t").build().expect("client");
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(1));
    let health = plain.get_health().send().retry(policy.clone()).await.expect("retried for this call");
    assert!(health.healthy);
    let retrying = Client::builder().base_url(&server.base_url).bearer_token("t").retry(policy).build().expect("client");
    let error = retrying.get_health().send_with_response().without_retry().await.expect_err("sent once");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.seen().len(), 3, "503 then 200 for the first call, one 503 for the second");
}

#[tokio::test]
async fn each_page_shows_its_status_and_headers() {
    let page = |cursor: &str, id: &str, remaining: &str| {
        Reply::json(200, &format!(r#"{{"page_size":1,"total_records":2,"next_page_token":"{cursor}","users":[{{"id":"{id}","email":"{id}@example.com"}}]}}"#))
            .header("x-ratelimit-remaining", remaining)
    };
    let server = Server::start(vec![page("p2", "u1", "9"), page("", "u2", "8")]).await;
    let client = Client::builder().base_url(&server.base_url).bearer_token("t").build().expect("client");
    let mut pages = Vec::new();
    let mut users = client.list_users().stream().on_page(|page| {
        let remaining = page.headers().get("x-ratelimit-remaining").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        pages.push((page.number(), page.items(), page.status().as_u16(), remaining));
    });
    assert!(users.last_page().is_none());
    let mut ids = Vec::new();
    while let Some(user) = users.try_next().await.expect("a page") {
        ids.push(user.id);
    }
    assert_eq!(ids, ["u1", "u2"]);
    assert_eq!(users.last_page().map(|p| p.number()), Some(2));
    drop(users);
    assert_eq!(pages, [(1, 1, 200, "9".to_owned()), (2, 1, 200, "8".to_owned())]);
}
