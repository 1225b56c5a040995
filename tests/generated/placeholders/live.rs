//! The types of a collection whose examples hold type placeholders decode what the live API sends:
//! real numbers, bools and dates where the examples had `"<integer>"`, `"<boolean>"` and
//! `"<dateTime>"`, and the drift of live responses (`null`s, missing and unknown fields, a number
//! where a string was, a float that is an integer).

use placeholders_client::types::{NewUser, UserList, User};

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> T {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).unwrap_or_else(|error| panic!("does not decode at `{}`: {}", error.path(), error.inner()))
}

const LIVE_USER: &str = r#"{
    "id": "u_81", "username": "ada", "public_flags": 64, "mfa_enabled": true, "premium_ratio": 0.25,
    "created_at": "2023-04-01T12:30:00+02:00", "birthday": "1990-12-10", "email": "ada@example.com",
    "avatar_url": "https://cdn.example.com/a.png", "external_id": "8c5b8a4e-8f3e-4c2a-9d8e-2b1f0e7c6a5d",
    "settings": {"theme": "dark", "font_size": 14}, "deleted_at": null, "roles": ["admin", "ops"],
    "connections": [{"type": "github", "verified": false, "visibility": 1, "last_sync": "2024-02-29T23:59:59Z"}]
}"#;

#[test]
fn a_live_user_decodes_with_integers_bools_and_dates() {
    let user: User = decode(LIVE_USER);
    assert_eq!((user.id.as_str(), user.public_flags, user.mfa_enabled, user.premium_ratio), ("u_81", 64, true, 0.25));
    assert_eq!(user.created_at.as_str(), "2023-04-01T12:30:00+02:00");
    assert_eq!(user.created_at.to_utc().to_rfc3339(), "2023-04-01T10:30:00+00:00");
    assert_eq!(user.birthday.as_str(), "1990-12-10");
    assert_eq!(user.settings["font_size"], serde_json::json!(14));
    assert_eq!(user.roles, ["admin", "ops"]);
    let connection = &user.connections[0];
    assert_eq!((connection.type_.as_str(), connection.verified, connection.visibility), ("github", false, 1));
    // And it encodes back as it came.
    let encoded = serde_json::to_value(&user).expect("encodes");
    assert_eq!(encoded, serde_json::from_str::<serde_json::Value>(LIVE_USER).expect("JSON"));
}

#[test]
fn nulls_missing_and_unknown_fields_decode() {
    let user: User = decode(r#"{"id": "u_1", "public_flags": null, "mfa_enabled": null, "created_at": null, "connections": [{"type": "x", "extra": {"a": [1]}}], "new_field": 5}"#);
    assert_eq!((user.public_flags, user.mfa_enabled, user.username.as_str()), (0, false, ""));
    assert_eq!((user.connections.len(), user.connections[0].visibility), (1, 0));
    let _: User = decode("{}");
}

#[test]
fn a_number_where_a_string_was_is_its_text_and_an_integral_float_an_integer() {
    let user: User = decode(r#"{"id": 81, "username": true, "public_flags": 64.0}"#);
    assert_eq!((user.id.as_str(), user.username.as_str(), user.public_flags), ("81", "true", 64));
    let mut deserializer = serde_json::Deserializer::from_str(r#"{"public_flags": 6.5}"#);
    let error = serde_path_to_error::deserialize::<_, User>(&mut deserializer).expect_err("a fraction is no integer");
    assert_eq!(error.path().to_string(), "public_flags");
}

#[test]
fn a_live_page_decodes_and_placeholders_merge_with_saved_values() {
    let page: UserList = decode(r#"{"users": [{"id": 9007199254740993, "name": "Grace", "score": 4}], "total": 1, "has_more": false, "next_cursor": null}"#);
    assert_eq!((page.users[0].id, page.users[0].score, page.total, page.has_more), (9_007_199_254_740_993, 4.0, 1, false));
}

#[test]
fn request_bodies_are_typed_by_their_placeholders() {
    let body = NewUser { username: Some("ada".into()), age: Some(36), newsletter: Some(false), ..NewUser::default() };
    assert_eq!(serde_json::to_value(&body).expect("encodes"), serde_json::json!({"username": "ada", "age": 36, "newsletter": false}));
}
