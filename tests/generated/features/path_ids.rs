//! Ids the collection saved in a URL (`/widgets/42/parts/<uuid>`) are arguments of the method,
//! encoded into the path they came from.

mod common;

use common::{Reply, Server};
use features_client::Client;

#[tokio::test]
async fn ids_written_into_the_url_are_arguments() {
    let body = r#"{"id":"7","part":"p/1"}"#;
    let server = Server::start(vec![Reply::json(200, body)]).await;
    let client = Client::builder().base_url(&server.base_url).bearer_token("t0ken").build().expect("client");
    let widget = client.get_widget("7", "p/1").await.expect("found");
    assert_eq!((widget.id.as_str(), widget.part.as_str()), ("7", "p/1"));
    assert_eq!(server.targets(), ["/v1/widgets/7/parts/p%2F1"]);
}
