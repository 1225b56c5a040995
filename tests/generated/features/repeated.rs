//! Keys the collection repeats (`ids=1&ids=2`, `tags[]`, two `label` parts) are lists: each value is
//! sent under the key, in order, and an empty list sends nothing. A key repeated only by a disabled
//! entry (`status`) stays one value.

mod common;

use common::{Reply, Server};
use features_client::Client;

fn client(server: &Server) -> Client {
    Client::builder().base_url(&server.base_url).bearer_token("t0ken").build().expect("client")
}

#[tokio::test]
async fn repeated_query_keys_send_every_value() {
    let found = r#"[{"id":"t1","name":"widget"}]"#;
    let server = Server::start(vec![Reply::json(200, found), Reply::json(200, found), Reply::json(200, found)]).await;
    let client = client(&server);
    let things = client.search_things().ids([1, 2, 3]).tag(["a b", "c"]).status("open").await.expect("found");
    assert_eq!(things.len(), 1);
    assert_eq!(things[0].name, "widget");
    // Through the folder, with owned strings and nothing for `ids`.
    client.things().search_things().ids(Vec::new()).tag(vec![String::from("x&y")]).await.expect("found");
    client.search_things().await.expect("found");
    assert_eq!(
        server.targets(),
        [
            "/v1/things/search?ids=1&ids=2&ids=3&tag%5B%5D=a+b&tag%5B%5D=c&status=open",
            "/v1/things/search?tag%5B%5D=x%26y",
            "/v1/things/search",
        ]
    );
}

#[tokio::test]
async fn repeated_form_fields_and_parts_send_every_value() {
    let server = Server::start(vec![Reply::json(200, r#"{"tagged":2}"#), Reply::json(200, r#"{"labelled":true}"#)]).await;
    let client = client(&server);
    let tagged = client.tag_things().tags(["red", "blue"]).weight([1.0, 2.5]).note("n").await.expect("tagged");
    assert_eq!(tagged.tagged, 2);
    let labelled = client.label_things().label(["first", "second"]).photo("a.png", b"PNG".to_vec()).await.expect("labelled");
    assert!(labelled.labelled);
    let seen = server.seen();
    assert_eq!(seen[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(seen[0].body, "tags%5B%5D=red&tags%5B%5D=blue&note=n&weight=1&weight=2.5");
    let multipart = &seen[1].body;
    let labels: Vec<usize> = multipart.match_indices("name=\"label\"\r\n\r\n").map(|(i, _)| i).collect();
    assert_eq!(labels.len(), 2, "{multipart}");
    assert!(multipart[labels[0]..].starts_with("name=\"label\"\r\n\r\nfirst\r\n"), "{multipart}");
    assert!(multipart[labels[1]..].starts_with("name=\"label\"\r\n\r\nsecond\r\n"), "{multipart}");
    // A file key given twice is still one file part.
    assert_eq!(multipart.matches("name=\"photo\"").count(), 1, "{multipart}");
}
