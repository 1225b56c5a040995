//! The generated Zoom client against `postman-codegen mock`, started in-process: it serves the
//! collection's saved examples, records requests and sends the replies a test queues.

use std::path::PathBuf;

use e2e_tests::{start_mock, MockOptions, MockServer, Outcome, Reply};
use zoom_client::{Client, Error, ErrorBody};

fn collection() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../collections/zoom.postman_collection.json")
}

/// The saved `200` example body of "Get a user", as JSON.
fn saved_user() -> serde_json::Value {
    let text = std::fs::read_to_string(collection()).expect("collection");
    let collection: serde_json::Value = serde_json::from_str(&text).expect("json");
    let body = collection["item"][0]["response"][0]["body"].as_str().expect("body");
    serde_json::from_str(body).expect("the example is JSON")
}

async fn setup() -> (MockServer, Client) {
    let server = start_mock(&collection(), MockOptions::default()).await;
    assert!(server.base_url().ends_with("/v2"), "the base URL's path is served: {}", server.base_url());
    let client = Client::builder().base_url(server.base_url()).bearer_token("t0ken-123").build().expect("client");
    (server, client)
}

#[tokio::test]
async fn get_user_sends_the_exact_request_and_decodes_the_saved_user() {
    let (server, client) = setup().await;
    let user = client.get_user("me").login_type(100).encrypted_email(true).search_by_unique_id(false).await.expect("user");

    let requests = server.recorded();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/v2/users/me");
    assert_eq!(request.query.as_deref(), Some("login_type=100&encrypted_email=true&search_by_unique_id=false"));
    assert_eq!(request.headers["authorization"], "Bearer t0ken-123");
    assert_eq!(request.status, 200);
    assert!(matches!(&request.outcome, Outcome::Example { operation, .. } if operation == "get_user"), "{:?}", request.outcome);

    assert_eq!(user.id, "z8dsdsdsdsdCfp8uQ");
    assert_eq!(user.type_, 2);
    assert_eq!(user.pmi, 100_000_000);
    assert!(!user.use_pmi);
    assert_eq!(user.verified, 1);
    assert_eq!(user.account_number, 20_212_021);
    assert_eq!(user.im_group_ids, ["CcSAAAAAAABBBVoQ"]);
    assert!(user.group_ids.is_empty());
    assert_eq!(user.custom_attributes.len(), 1);
    assert_eq!(user.custom_attributes[0].name, "Country of Citizenship");
    assert_eq!(user.custom_attributes[0].value, "Nepal");
    assert_eq!(serde_json::to_value(&user).expect("encodes"), saved_user());
}

#[tokio::test]
async fn unset_optional_parameters_are_not_sent() {
    let (server, client) = setup().await;
    client.get_user("me").send().await.expect("user");
    assert_eq!(server.recorded()[0].query, None);
}

#[tokio::test]
async fn documented_404_is_a_typed_error_with_its_body() {
    let (server, client) = setup().await;
    server.queue(Reply::json(404, &serde_json::json!({"code": 1001, "message": "User does not exist: nobody"})));
    let error = client.get_user("nobody").await.expect_err("404");
    let Error::Api(api) = &error else { panic!("expected a documented error, got {error:?}") };
    assert_eq!(api.status(), 404);
    assert_eq!(api.code(), Some(1001));
    assert_eq!(api.message(), Some("User does not exist: nobody"));
    assert_eq!(api.operation(), "get_user");
    assert!(api.description().is_some_and(|d| d.contains("error code 1001: User does not exist")), "{:?}", api.description());
    assert_eq!(api.headers()["content-type"], "application/json");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(!error.is_retryable());
    assert_eq!(error.to_string(), "`get_user` failed with status 404 Not Found, error code 1001: User does not exist: nobody");
}

#[tokio::test]
async fn empty_and_non_json_error_bodies_are_kept_as_text() {
    let (server, client) = setup().await;
    server.queue(Reply { status: 400, headers: vec![("content-type".into(), "text/plain".into())], body: String::new() });
    server.queue(Reply { status: 400, headers: vec![("content-type".into(), "text/html".into())], body: "<h1>Bad</h1>".into() });
    let empty = client.get_user("me").await.expect_err("400");
    let Error::Api(api) = &empty else { panic!("expected a documented error, got {empty:?}") };
    assert_eq!(api.parsed(), &ErrorBody::Empty);
    assert!(empty.to_string().contains("Bad Request"), "{empty}");
    let html = client.get_user("me").await.expect_err("400");
    let Error::Api(api) = &html else { panic!("expected a documented error, got {html:?}") };
    assert_eq!(api.parsed(), &ErrorBody::Text("<h1>Bad</h1>".into()));
    assert_eq!(api.text(), "<h1>Bad</h1>");
}

#[tokio::test]
async fn undocumented_statuses_are_unexpected_and_keep_the_body() {
    let (server, client) = setup().await;
    server.queue(Reply::json(503, &serde_json::json!({"code": 429, "message": "slow down"})));
    let error = client.get_user("me").await.expect_err("503");
    let Error::UnexpectedStatus(api) = &error else { panic!("expected an undocumented status, got {error:?}") };
    assert_eq!(api.status(), 503);
    assert_eq!(api.code(), Some(429));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn missing_and_null_fields_still_decode() {
    let (server, client) = setup().await;
    let mut body = saved_user();
    let object = body.as_object_mut().expect("object");
    object.remove("pmi");
    object.remove("email");
    object.insert("dept".into(), serde_json::Value::Null);
    object.insert("custom_attributes".into(), serde_json::Value::Null);
    object.insert("use_pmi".into(), serde_json::Value::Null);
    object.insert("a_new_field".into(), serde_json::json!({"unknown": true}));
    server.queue(Reply::json(200, &body));
    let user = client.get_user("me").await.expect("decodes despite missing and null fields");
    assert_eq!(user.pmi, 0);
    assert_eq!(user.email, "");
    assert_eq!(user.dept, "");
    assert!(user.custom_attributes.is_empty());
    assert!(!user.use_pmi);
    assert_eq!(user.first_name, "Harry");
}

#[tokio::test]
async fn wrong_types_are_decode_errors_with_path_and_body() {
    let (server, client) = setup().await;
    // A number where a string was decodes as its text; a list cannot.
    server.queue(Reply::json(200, &serde_json::json!({"custom_attributes": [{"key": [5]}]})));
    let error = client.get_user("me").await.expect_err("bad body");
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path(), "custom_attributes[0].key");
    assert_eq!(decode.body(), br#"{"custom_attributes":[{"key":[5]}]}"#);
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn ids_are_one_encoded_path_segment() {
    let (server, client) = setup().await;
    client.get_user("a/b@c?d#e %..").await.expect("user");
    client.get_user("user@example.com").await.expect("user");
    let paths: Vec<String> = server.recorded().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/v2/users/a%2Fb%40c%3Fd%23e%20%25..", "/v2/users/user%40example.com"]);
    assert_eq!(server.recorded()[0].query, None);

    for bad in ["..", ".", ""] {
        let error = client.get_user(bad).await.expect_err("refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{bad:?}: {error:?}");
    }
    assert_eq!(server.recorded().len(), 2, "refused ids send nothing");
}

#[tokio::test]
async fn the_token_is_never_printed() {
    let (_server, client) = setup().await;
    let shown = format!("{client:?} {:?}", client.get_user("me"));
    assert!(!shown.contains("t0ken-123"), "{shown}");
}

#[test]
fn the_default_base_url_comes_from_the_collection() {
    let client = Client::builder().build().expect("client");
    assert_eq!(client.base_url(), "https://api.zoom.us/v2");
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.zoom.us/v2");
    assert!(matches!(Client::builder().base_url("not a url").build(), Err(Error::InvalidRequest(_))));
    let custom = Client::builder().http_client(reqwest::Client::new()).base_url("http://127.0.0.1:1/").build().expect("client");
    assert_eq!(custom.base_url(), "http://127.0.0.1:1");
}
