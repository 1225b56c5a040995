//! OAuth 2.0 against a local token endpoint: tokens fetched once for many concurrent requests,
//! refreshed on a `401` and before they expire, the password and refresh token grants, a custom
//! grant with its own fields, and the token endpoint's refusal as a typed error without secrets.

mod common;

use common::{Reply, Server};
use features_client::{Client, ClientAuth, Error, OAuth2};

const SECRET: &str = "s3cret-XYZ";
/// `app-id:s3cret-XYZ` in base64.
const BASIC: &str = "Basic YXBwLWlkOnMzY3JldC1YWVo=";

fn token(access: &str, expires_in: u64) -> Reply {
    Reply::json(200, &format!(r#"{{"access_token": "{access}", "token_type": "Bearer", "expires_in": {expires_in}}}"#))
}

fn account() -> Reply {
    Reply::json(200, r#"{"id": "acct-1", "name": "Acme"}"#)
}

fn client(server: &Server, flow: OAuth2) -> Client {
    Client::builder().base_url(&server.base_url).oauth2(flow).build().expect("client")
}

fn flow(server: &Server) -> OAuth2 {
    OAuth2::client_credentials(format!("{}/oauth/token", server.base_url)).client_id("app-id").client_secret(SECRET).scope(Client::OAUTH2_SCOPE)
}

#[tokio::test]
async fn fifty_concurrent_requests_make_one_token_request() {
    let mut replies = vec![token("T1", 3600)];
    replies.extend((0..50).map(|_| account()));
    let server = Server::start(replies).await;
    let client = client(&server, flow(&server));
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_account().await.map(|a| a.id) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.expect("task").expect("account"), "acct-1");
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 51);
    let token_requests: Vec<_> = seen.iter().filter(|s| s.target == "/v1/oauth/token").collect();
    assert_eq!(token_requests.len(), 1, "one token request for fifty calls");
    let request = token_requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.header("authorization"), Some(BASIC), "client credentials as basic auth, as the collection says");
    assert_eq!(request.body, "grant_type=client_credentials&scope=accounts%3Aread");
    assert!(seen.iter().filter(|s| s.target == "/v1/account").all(|s| s.header("authorization") == Some("Bearer T1")));
}

#[tokio::test]
async fn a_401_fetches_a_new_token_and_sends_the_request_again_once() {
    let unauthorized = || Reply::json(401, r#"{"message": "token revoked"}"#);
    let server = Server::start(vec![token("T1", 3600), unauthorized(), token("T2", 3600), account(), unauthorized(), token("T3", 3600), unauthorized()]).await;
    let client = client(&server, flow(&server));
    assert_eq!(client.get_account().await.expect("after one refresh").id, "acct-1");
    let auth: Vec<Option<String>> = server.seen().iter().map(|s| s.header("authorization").map(str::to_owned)).collect();
    assert_eq!(auth, [Some(BASIC.into()), Some("Bearer T1".into()), Some(BASIC.into()), Some("Bearer T2".into())]);
    // A second 401 after the refresh is the caller's error: no loop.
    let error = client.get_account().await.expect_err("401 twice");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.seen().len(), 7, "one refresh and one more try per call");
}

#[tokio::test]
async fn tokens_are_fetched_again_before_they_expire() {
    // A 2-second token is used for 1 second (the margin is half a short lifetime).
    let server = Server::start(vec![token("T1", 2), account(), account(), token("T2", 2), account()]).await;
    let client = client(&server, flow(&server));
    client.get_account().await.expect("first");
    client.get_account().await.expect("cached token");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    client.get_account().await.expect("new token");
    let auth: Vec<Option<String>> = server.seen().iter().map(|s| s.header("authorization").map(str::to_owned)).collect();
    assert_eq!(auth, [Some(BASIC.into()), Some("Bearer T1".into()), Some("Bearer T1".into()), Some(BASIC.into()), Some("Bearer T2".into())]);
}

#[tokio::test]
async fn the_password_grant_then_its_refresh_token() {
    let first = Reply::json(200, r#"{"access_token": "T1", "expires_in": "3600", "refresh_token": "R1"}"#);
    let server = Server::start(vec![first, Reply::json(401, "{}"), token("T2", 3600), account()]).await;
    let flow = OAuth2::password(format!("{}/oauth/token", server.base_url), "ada", "pw-123").client_id("app-id").client_secret(SECRET).client_auth(ClientAuth::Body);
    let client = client(&server, flow);
    client.get_account().await.expect("account");
    let seen = server.seen();
    assert_eq!(seen[0].body, "grant_type=password&username=ada&password=pw-123&client_id=app-id&client_secret=s3cret-XYZ");
    assert_eq!(seen[0].header("authorization"), None, "client credentials in the body, as asked");
    assert_eq!(seen[2].body, "grant_type=refresh_token&refresh_token=R1&client_id=app-id&client_secret=s3cret-XYZ");
    assert_eq!(seen[3].header("authorization"), Some("Bearer T2"));
}

#[tokio::test]
async fn a_custom_grant_sends_its_own_fields() {
    let server = Server::start(vec![token("T1", 3600), account()]).await;
    let flow = OAuth2::grant(format!("{}/oauth/token", server.base_url), "account_credentials").client_id("app-id").client_secret(SECRET).param("account_id", "ACC-9");
    let client = client(&server, flow);
    client.get_account().await.expect("account");
    let seen = server.seen();
    assert_eq!(seen[0].body, "grant_type=account_credentials&account_id=ACC-9");
    assert_eq!(seen[0].header("authorization"), Some(BASIC));
    assert_eq!(seen[1].header("authorization"), Some("Bearer T1"));
}

#[tokio::test]
async fn a_refused_token_request_is_a_typed_error_without_secrets() {
    let refusal = Reply::json(400, r#"{"error": "invalid_client", "error_description": "Client authentication failed"}"#);
    let server = Server::start(vec![refusal]).await;
    let client = client(&server, flow(&server));
    let error = client.get_account().await.expect_err("no token");
    let Error::Token(token) = &error else { panic!("not a token error: {error:?}") };
    assert_eq!(token.endpoint(), format!("{}/oauth/token", server.base_url));
    assert_eq!(token.status().map(|s| s.as_u16()), Some(400));
    assert_eq!((token.error(), token.error_description()), (Some("invalid_client"), Some("Client authentication failed")));
    let shown = error.to_string();
    assert!(shown.contains("/oauth/token") && shown.contains("invalid_client: Client authentication failed"), "{shown}");
    for text in [shown, format!("{error:?}"), format!("{client:?}")] {
        assert!(!text.contains(SECRET), "the secret leaked: {text}");
    }
    assert_eq!(server.seen().len(), 1, "the API is not called without a token");
}
