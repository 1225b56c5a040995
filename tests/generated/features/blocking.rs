//! The `blocking` feature: calls and pagination without an async runtime.
#![cfg(feature = "blocking")]

mod common;

use common::{Reply, Server};
use features_client::{Client, Error};

#[test]
fn blocking_calls_and_iterators_work_without_a_runtime() {
    // The server runs on its own runtime's worker threads; the client calls block this thread.
    let runtime = tokio::runtime::Runtime::new().expect("server runtime");
    let server = runtime.block_on(Server::start(vec![
        Reply::json(200, r#"{"id":"t1","name":"widget"}"#),
        Reply::json(200, r#"{"next_page_token":"p2","users":[{"id":"u1","email":"a@example.com"}]}"#),
        Reply::json(200, r#"{"next_page_token":"p3","users":[{"id":"u2","email":"b@example.com"}]}"#),
        Reply::json(200, r#"{"next_page_token":"","users":[{"id":"u3","email":"c@example.com"}]}"#),
        Reply::empty(204),
    ]));
    let client = Client::builder().base_url(&server.base_url).build().expect("client");
    assert_eq!(client.get_thing("t1").send_blocking().expect("thing").name, "widget");
    let users: Result<Vec<_>, Error> = client.list_users().stream().into_blocking_iter().collect();
    let ids: Vec<String> = users.expect("three pages").into_iter().map(|u| u.id).collect();
    assert_eq!(ids, ["u1", "u2", "u3"]);
    assert_eq!(client.delete_thing("t1").send_with_response_blocking().expect("204").status().as_u16(), 204);
    assert_eq!(server.targets().len(), 5);

    // Inside an async runtime a blocking call is refused instead of deadlocking or panicking.
    let inside = runtime.block_on(async { client.get_thing("t1").send_blocking() });
    assert!(matches!(inside, Err(Error::InvalidRequest(_))), "{inside:?}");
    assert_eq!(server.targets().len(), 5, "nothing was sent");
}
