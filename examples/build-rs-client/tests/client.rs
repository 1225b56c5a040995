//! The client `build.rs` generated: its types decode the collection's saved examples, and it talks
//! to the mock server of the same collection.

use std::path::Path;

use build_rs_client::responses::GetUserError;
use build_rs_client::types::User;
use build_rs_client::{Client, Error};
use postman_codegen_mock::{MockApi, MockOptions, MockServer};

fn collection() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/users.postman_collection.json"))
}

/// The body of the saved example `name` of the only request.
fn saved_body(name: &str) -> String {
    let text = std::fs::read_to_string(collection()).expect("the collection");
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let responses = value["item"][0]["response"].as_array().expect("saved examples");
    let example = responses.iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("no example {name}"));
    example["body"].as_str().expect("a body").to_owned()
}

#[test]
fn the_saved_user_decodes_into_its_type_and_encodes_back() {
    let body = saved_body("A user");
    let user: User = serde_json::from_str(&body).expect("decodes");
    assert_eq!(user.id, 42);
    assert_eq!(user.name, "Ada Lovelace");
    assert_eq!(user.roles, ["admin", "author"]);
    assert_eq!(user.manager, None);
    let again: serde_json::Value = serde_json::to_value(&user).expect("encodes");
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(&body).expect("JSON"));
    assert!(serde_json::from_str::<User>(r#"{"id": "not a number"}"#).is_err(), "a wrong type is an error");
}

async fn mock() -> MockServer {
    let api = MockApi::load(collection(), &mut postman_codegen::tooling::Diagnostics::default()).expect("the collection loads");
    MockServer::start(api, "127.0.0.1:0", MockOptions { record: true, ..MockOptions::default() }).await.expect("the mock starts")
}

#[tokio::test]
async fn the_client_gets_a_user_and_a_typed_404_from_the_mock() {
    let server = mock().await;
    let client = Client::builder().base_url(server.base_url()).bearer_token("t0ken").build().expect("client");
    let user = client.get_user("42").await.expect("the saved user");
    assert_eq!((user.id, user.email.as_str()), (42, "ada@example.com"));
    let recorded = server.recorded();
    assert_eq!(recorded[0].path, "/v1/users/42");
    assert_eq!(recorded[0].headers["authorization"], "Bearer t0ken");

    let error = client.get_user("0").await.expect_err("the saved 404");
    let Error::Api(api) = &error else { panic!("a documented error, got {error:?}") };
    assert_eq!(api.status(), 404);
    let Some(GetUserError::NotFound(body)) = GetUserError::from_api_error(api) else { panic!("the typed 404 body: {api:?}") };
    assert_eq!((body.code, body.message.as_str()), (1001, "User does not exist: 0."));
    server.shutdown().await.expect("shuts down");
}
