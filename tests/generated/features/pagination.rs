//! `stream()` follows Zoom-style cursors, GitHub-style page numbers and offsets over three pages,
//! stopping at the empty cursor or the short page, and ends after an error, at a repeated page or at
//! `max_pages`, or at the total the response reports.

mod common;

use common::{Reply, Server};
use features_client::{Client, Error};

fn client(server: &Server) -> Client {
    Client::builder().base_url(&server.base_url).bearer_token("t0ken").build().expect("client")
}

fn users_page(cursor: &str, ids: &[&str]) -> Reply {
    let users: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","email":"{id}@example.com"}}"#)).collect();
    Reply::json(200, &format!(r#"{{"page_size":2,"total_records":5,"next_page_token":"{cursor}","users":[{}]}}"#, users.join(",")))
}

#[tokio::test]
async fn cursor_pages_are_followed_until_the_token_is_empty() {
    let server = Server::start(vec![users_page("p2", &["u1", "u2"]), users_page("p3", &["u3", "u4"]), users_page("", &["u5"])]).await;
    let client = client(&server);
    let mut users = client.list_users().page_size(2).stream();
    let mut ids = Vec::new();
    while let Some(user) = users.try_next().await.expect("a page") {
        ids.push(user.id);
    }
    assert_eq!(ids, ["u1", "u2", "u3", "u4", "u5"]);
    assert_eq!(
        server.targets(),
        ["/v1/users?page_size=2", "/v1/users?page_size=2&next_page_token=p2", "/v1/users?page_size=2&next_page_token=p3"]
    );
    assert!(server.seen().iter().all(|s| s.header("authorization") == Some("Bearer t0ken")));
}

#[tokio::test]
async fn page_numbers_go_up_until_a_short_page() {
    let repos = |ids: &[u32]| {
        let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":{id},"name":"r{id}"}}"#)).collect();
        Reply::json(200, &format!("[{}]", items.join(",")))
    };
    let server = Server::start(vec![repos(&[1, 2]), repos(&[3, 4]), repos(&[5])]).await;
    let repositories = client(&server).list_repositories("acme").per_page(2).stream().collect_all().await.expect("pages");
    let ids: Vec<i64> = repositories.iter().map(|r| r.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert_eq!(
        server.targets(),
        ["/v1/orgs/acme/repos?per_page=2", "/v1/orgs/acme/repos?page=2&per_page=2", "/v1/orgs/acme/repos?page=3&per_page=2"]
    );
}

#[tokio::test]
async fn offsets_advance_by_the_items_received_and_the_stream_is_a_stream() {
    let events = |ids: &[&str]| {
        let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","kind":"created"}}"#)).collect();
        Reply::json(200, &format!(r#"{{"total":5,"events":[{}]}}"#, items.join(",")))
    };
    let server = Server::start(vec![events(&["e1", "e2"]), events(&["e3", "e4"]), events(&["e5"])]).await;
    let client = client(&server);
    let mut stream = client.list_events().limit(2).stream();
    fn is_stream<S: futures_core::Stream<Item = Result<features_client::types::Event, Error>>>(_: &S) {}
    is_stream(&stream);
    let mut ids = Vec::new();
    while let Some(event) = stream.try_next().await.expect("a page") {
        ids.push(event.id);
    }
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(server.targets(), ["/v1/events?limit=2", "/v1/events?offset=2&limit=2", "/v1/events?offset=4&limit=2"]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let server = Server::start(vec![users_page("p2", &["u1"]), Reply::json(503, r#"{"message":"busy"}"#)]).await;
    let client = client(&server);
    let mut users = client.list_users().stream();
    assert_eq!(users.try_next().await.expect("first page").map(|u| u.id).as_deref(), Some("u1"));
    let error = users.try_next().await.expect_err("the second page fails");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(users.try_next().await.expect("ended").is_none());
    assert_eq!(server.targets().len(), 2);
}

/// A server that ignores the page number sends its first page again and again: the stream gives
/// every item once, stops at the repeat and says why, instead of fetching forever.
#[tokio::test]
async fn a_server_that_repeats_a_page_cannot_make_the_stream_loop() {
    let repos = |ids: &[u32]| {
        let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":{id},"name":"r{id}"}}"#)).collect();
        Reply::json(200, &format!("[{}]", items.join(",")))
    };
    let server = Server::start((0..50).map(|_| repos(&[1, 2])).collect()).await;
    let repeating = client(&server);
    let mut stream = repeating.list_repositories("acme").per_page(2).stream();
    let mut ids = Vec::new();
    while let Some(repository) = stream.try_next().await.expect("a page") {
        ids.push(repository.id);
    }
    assert_eq!(ids, [1, 2]);
    assert_eq!(stream.stop_reason(), Some(features_client::StopReason::RepeatedPage));
    assert_eq!(server.targets().len(), 2, "it stopped at the first repeat");

    // Cursors that never end stop at `max_pages`.
    let pages = (0..50).map(|n| users_page(&format!("p{}", n + 1), &[&format!("u{n}")])).collect();
    let server = Server::start(pages).await;
    let endless = client(&server);
    let mut users = endless.list_users().stream().max_pages(3);
    let mut ids = Vec::new();
    while let Some(user) = users.try_next().await.expect("a page") {
        ids.push(user.id);
    }
    assert_eq!(ids, ["u0", "u1", "u2"]);
    assert_eq!(users.stop_reason(), Some(features_client::StopReason::MaxPages));
}

/// A server that always names a next page (a cursor, or full pages) but reports the list's total:
/// the stream stops when the items given reach it, without asking for a page past the end.
#[tokio::test]
async fn the_reported_total_ends_the_stream() {
    // Zoom-style cursors: `total_records` is 3, and the second page still carries a cursor.
    let page = |cursor: &str, ids: &[&str]| {
        let users: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","email":"{id}@example.com"}}"#)).collect();
        Reply::json(200, &format!(r#"{{"page_size":2,"total_records":3,"next_page_token":"{cursor}","users":[{}]}}"#, users.join(",")))
    };
    let server = Server::start(vec![page("p2", &["u1", "u2"]), page("p3", &["u3"]), page("p4", &["u4"])]).await;
    let client = client(&server);
    let mut users = client.list_users().page_size(2).stream();
    let mut ids = Vec::new();
    while let Some(user) = users.try_next().await.expect("a page") {
        ids.push(user.id);
    }
    assert_eq!(ids, ["u1", "u2", "u3"]);
    assert_eq!(users.stop_reason(), Some(features_client::StopReason::ReportedTotal));
    assert_eq!(server.targets().len(), 2);

    // Offsets over full pages: `total` is 4, so no third request.
    let events = |ids: &[&str]| {
        let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","kind":"created"}}"#)).collect();
        Reply::json(200, &format!(r#"{{"total":4,"events":[{}]}}"#, items.join(",")))
    };
    let server = Server::start(vec![events(&["e1", "e2"]), events(&["e3", "e4"]), events(&["e5", "e6"])]).await;
    let client = self::client(&server);
    let mut stream = client.list_events().limit(2).stream();
    let mut ids = Vec::new();
    while let Some(event) = stream.try_next().await.expect("a page") {
        ids.push(event.id);
    }
    assert_eq!(ids, ["e1", "e2", "e3", "e4"]);
    assert_eq!(stream.stop_reason(), Some(features_client::StopReason::ReportedTotal));
    assert_eq!(server.targets(), ["/v1/events?limit=2", "/v1/events?offset=2&limit=2"]);

    // Page numbers with `meta.total_pages`: two full pages, then the end.
    let invoices = |ids: &[&str]| {
        let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","amount":1}}"#)).collect();
        Reply::json(200, &format!(r#"{{"meta":{{"page":1,"total_pages":2}},"invoices":[{}]}}"#, items.join(",")))
    };
    let server = Server::start(vec![invoices(&["i1", "i2"]), invoices(&["i3", "i4"]), invoices(&["i5", "i6"])]).await;
    let client = self::client(&server);
    let mut stream = client.list_invoices().per_page(2).stream();
    let mut ids = Vec::new();
    while let Some(invoice) = stream.try_next().await.expect("a page") {
        ids.push(invoice.id);
    }
    assert_eq!(ids, ["i1", "i2", "i3", "i4"]);
    assert_eq!(stream.stop_reason(), Some(features_client::StopReason::ReportedTotal));
    assert_eq!(server.targets(), ["/v1/invoices?per_page=2", "/v1/invoices?page=2&per_page=2"]);
}
