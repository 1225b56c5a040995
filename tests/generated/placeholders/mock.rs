//! The generated client against `postman-codegen mock` serving the collection (its address in
//! `PLACEHOLDERS_MOCK_URL`): the mock serves the saved examples with their placeholders realised as
//! values of their types, so every call decodes.

use placeholders_client::responses::GetUserError;
use placeholders_client::Client;

fn client() -> Client {
    let base_url = std::env::var("PLACEHOLDERS_MOCK_URL").expect("PLACEHOLDERS_MOCK_URL names the mock server");
    Client::builder().base_url(base_url).build().expect("client")
}

#[tokio::test]
async fn every_operation_decodes_the_realised_examples() {
    let client = client();
    let user = client.get_user(42).with_counts(true).x_trace_id("00000000-0000-4000-8000-000000000001").await.expect("user");
    assert_eq!((user.public_flags, user.mfa_enabled, user.premium_ratio), (1, true, 1.5));
    assert_eq!((user.created_at.as_str(), user.birthday.as_str()), ("2024-01-01T00:00:00Z", "2024-01-01"));
    assert_eq!((user.email.as_str(), user.connections.len()), ("user@example.com", 2));
    let page = client.list_users().limit(10).active(true).min_score(0.5).since("2024-01-01T00:00:00Z").await.expect("page");
    assert!(!page.users.is_empty());
    let created = client.create_user(Default::default()).await.expect("created");
    assert_eq!(created.id, 1);
    let saved = client.update_settings(42).theme("dark").font_size(14).compact(false).await.expect("saved");
    assert!(saved.saved);
}

#[tokio::test]
async fn a_realised_error_body_is_typed() {
    let base_url = std::env::var("PLACEHOLDERS_MOCK_URL").expect("PLACEHOLDERS_MOCK_URL names the mock server");
    // The mock answers with the saved example of the status this header asks for.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-mock-response-code", reqwest::header::HeaderValue::from_static("404"));
    let http = reqwest::Client::builder().default_headers(headers).build().expect("http client");
    let client = Client::builder().base_url(base_url).http_client(http).build().expect("client");
    let error = client.get_user(404).await.expect_err("a 404");
    let Some(GetUserError::NotFound(body)) = GetUserError::from_error(&error) else { panic!("a typed 404: {error}") };
    assert_eq!((body.code, body.message.as_str()), (1, "string"));
}
