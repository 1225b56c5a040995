//! Several success statuses with different bodies, empty bodies, status and headers on request,
//! typed error bodies, decoding failures, and retries of non-idempotent methods only when asked.

mod common;

use std::time::Duration;

use common::{Reply, Server};
use features_client::responses::{CreateThingError, CreateThingResponse, GetThingError};
use features_client::{Client, Error, RetryPolicy};

fn client(server: &Server) -> Client {
    Client::builder().base_url(&server.base_url).bearer_token("t0ken").build().expect("client")
}

#[tokio::test]
async fn each_success_status_has_its_own_type() {
    let server = Server::start(vec![
        Reply::json(201, r#"{"id":"t1","name":"widget","created_at":"2024-01-01T00:00:00Z"}"#),
        Reply::json(200, r#"{"id":"t1","name":"widget","existing":true,"owner":{"id":"u1"}}"#),
        Reply::empty(202),
        Reply::json(206, "{}"),
    ])
    .await;
    let client = client(&server);
    match client.create_thing().name("widget").await.expect("201") {
        CreateThingResponse::Created(thing) => assert_eq!(thing.created_at, "2024-01-01T00:00:00Z"),
        other => panic!("expected Created, got {other:?}"),
    }
    match client.create_thing().await.expect("200") {
        CreateThingResponse::Ok(thing) => assert!(thing.existing && thing.owner.id == "u1"),
        other => panic!("expected Ok, got {other:?}"),
    }
    assert_eq!(client.create_thing().await.expect("202"), CreateThingResponse::Accepted);
    let error = client.create_thing().await.expect_err("206 is not documented");
    assert!(matches!(&error, Error::UnexpectedStatus(api) if api.status().as_u16() == 206), "{error:?}");
    assert_eq!(server.seen()[0].method, "POST");
    assert_eq!(server.targets()[0], "/v1/things?name=widget");
}

#[tokio::test]
async fn empty_bodies_and_responses_with_status_and_headers() {
    let server = Server::start(vec![
        Reply::empty(204),
        Reply::empty(204).header("x-request-id", "r-42"),
        Reply::json(200, r#"{"id":"t1","name":"widget"}"#).header("x-rate-limit-remaining", "9"),
    ])
    .await;
    let client = client(&server);
    client.delete_thing("t1").await.expect("204 is ()");
    let deleted = client.delete_thing("t1").send_with_response().await.expect("204");
    assert_eq!(deleted.status().as_u16(), 204);
    assert_eq!(deleted.headers()["x-request-id"], "r-42");
    let thing = client.get_thing("t1").send_with_response().await.expect("200");
    assert_eq!(thing.status().as_u16(), 200);
    assert_eq!(thing.headers()["x-rate-limit-remaining"], "9");
    assert_eq!(thing.name, "widget", "derefs to the body");
    assert_eq!(thing.into_inner().id, "t1");
    assert_eq!(server.seen()[0].method, "DELETE");
}

#[tokio::test]
async fn documented_error_bodies_are_typed() {
    let server = Server::start(vec![
        Reply::json(404, r#"{"code":1001,"message":"Thing does not exist"}"#),
        Reply::json(422, r#"{"message":"Validation failed","errors":[{"field":"name","code":"missing"}]}"#),
        Reply::json(500, r#"{"message":"oops"}"#),
        Reply::json(404, "<html>not json</html>"),
    ])
    .await;
    let client = client(&server);
    let error = client.get_thing("nope").await.expect_err("404");
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("404"), "{error}");
    match GetThingError::from_error(&error) {
        Some(GetThingError::NotFound(body)) => {
            assert_eq!(body.code, 1001);
            assert_eq!(body.message, "Thing does not exist");
        }
        other => panic!("expected a typed 404 body, got {other:?}"),
    }
    assert_eq!(CreateThingError::from_error(&error), None, "another operation's error");

    let error = client.create_thing().await.expect_err("422");
    let Some(CreateThingError::UnprocessableEntity(body)) = CreateThingError::from_error(&error) else {
        panic!("expected a typed 422 body: {error:?}");
    };
    assert_eq!(body.errors[0].field, "name");

    let error = client.get_thing("t1").await.expect_err("500");
    assert!(matches!(&error, Error::UnexpectedStatus(api) if api.message() == Some("oops")), "{error:?}");
    assert_eq!(GetThingError::from_error(&error), None);

    let error = client.get_thing("t1").await.expect_err("404 with HTML");
    assert!(matches!(&error, Error::Api(api) if api.text() == "<html>not json</html>"));
    assert_eq!(GetThingError::from_error(&error), None, "a body that does not decode has no typed form");
}

#[tokio::test]
async fn undecodable_bodies_keep_the_bytes_and_the_path() {
    // A number where the examples had a string decodes as its text; an object cannot.
    let server = Server::start(vec![Reply::json(200, r#"{"id":{"n":5},"name":"widget"}"#)]).await;
    let error = client(&server).get_thing("t1").await.expect_err("id is not a string");
    let Error::Decode(decode) = &error else { panic!("expected a decode error: {error:?}") };
    assert_eq!(decode.path(), "id");
    assert_eq!(decode.body(), br#"{"id":{"n":5},"name":"widget"}"#);
    assert!(std::error::Error::source(&error).is_some(), "the serde error is the source");
}

#[tokio::test]
async fn post_is_retried_only_when_the_policy_allows_it() {
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(5)).max_backoff(Duration::from_millis(20));
    let created = r#"{"id":"t1","name":"widget","created_at":"2024-01-01T00:00:00Z"}"#;
    let server = Server::start(vec![Reply::json(503, "{}"), Reply::json(503, "{}"), Reply::json(201, created)]).await;
    let client = Client::builder().base_url(&server.base_url).retry(policy.clone()).build().expect("client");
    let error = client.create_thing().await.expect_err("POST is not retried by default");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.targets().len(), 1);

    let response = client.with_retry(policy.retry_non_idempotent(true)).create_thing().await.expect("retried");
    assert!(matches!(response, CreateThingResponse::Created(_)));
    assert_eq!(server.targets().len(), 3);
}

#[tokio::test]
async fn folders_are_sub_clients_that_send_the_same_requests() {
    let server = Server::start(vec![
        Reply::json(200, r#"{"id":"t1","name":"widget"}"#),
        Reply::empty(204),
        Reply::json(201, r#"{"id":"t2","name":"gadget","created_at":"2024-01-02T00:00:00Z"}"#),
    ])
    .await;
    let client = client(&server);
    // `Things › One thing` in the collection.
    let things = client.things();
    let one = things.one_thing();
    assert_eq!(one.get_thing("t1").await.expect("200").name, "widget");
    one.delete_thing("t1").await.expect("204");
    assert!(matches!(things.create_thing().name("gadget").await.expect("201"), CreateThingResponse::Created(_)));
    let targets = server.targets();
    assert_eq!(targets.len(), 3);
    assert!(targets[0].ends_with("/things/t1") && targets[1].ends_with("/things/t1"), "{targets:?}");
    assert_eq!(targets[2], "/v1/things?name=gadget");
    assert_eq!(server.seen()[1].method, "DELETE");
}
