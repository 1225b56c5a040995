//! Tests of lowering.

use super::*;
use super::naming::*;
use super::params::*;
use super::responses::*;

#[test]
fn parameters_take_the_placeholder_type() {
    use crate::json::placeholder::Placeholder;
    assert_eq!(placeholder_param_type(Placeholder::Integer), ParamType::Integer);
    assert_eq!(placeholder_param_type(Placeholder::Number), ParamType::Float);
    assert_eq!(placeholder_param_type(Placeholder::Boolean), ParamType::Boolean);
    assert_eq!(placeholder_param_type(Placeholder::DateTime), ParamType::String);
}

#[test]
fn ids_written_into_urls() {
    let id = |previous: &str, segment: &str| literal_id_name(previous, segment);
    assert_eq!(id("merchants", "5").as_deref(), Some("merchant_id"));
    assert_eq!(id("deck", "4e31d3f7-7f0b-4261-88b1-a2fa4d2c123f").as_deref(), Some("deck_id"));
    assert_eq!(id("user-profiles", "507f1f77bcf86cd799439011").as_deref(), Some("user_profile_id"));
    assert_eq!(id("status", "200").as_deref(), Some("status_id"));
    // Versions and API roots keep their numbers.
    for previous in ["v1", "V2", "v1.2", "api", "API", "rest", "versions", "2", ":id", "{{x}}", "a b"] {
        assert_eq!(id(previous, "2"), None, "{previous}");
    }
    // Only digits, UUIDs and object ids.
    for segment in ["U123", "12a", "", "-5", "1.5", "123456789012345678901", "4E31D3F7-7F0B-4261-88B1-A2FA4D2C123", "deadbeefdeadbeefdeadbeef", "507F1F77BCF86CD799439011"] {
        assert_eq!(id("users", segment), None, "{segment}");
    }
    assert_eq!(id("users", "4E31D3F7-7F0B-4261-88B1-A2FA4D2C123F").as_deref(), Some("user_id"), "UUIDs in capitals");
}

/// Keys given twice or more by enabled entries, or ending in `[]`, are repeated; a key repeated
/// only by disabled entries, and a file part, is one value. Types widen over the enabled
/// values, a repeated key is never required, and its example lists the values.
#[test]
fn repeated_keys_are_lists() {
    let entry = |key: &'static str, value: &'static str, disabled: bool| KeyEntry {
        key: Some(key),
        value: Some(value),
        disabled,
        description: Some("(Required) an id").filter(|_| key == "id"),
        file: false,
    };
    let entries = [
        entry("id", "1", false),
        entry("status", "open", false),
        entry("id", "2", false),
        entry("status", "closed", true),
        entry("tag[]", "red", false),
        entry("size", "1", false),
        entry("size", "2.5", false),
        entry("mixed", "1", false),
        entry("mixed", "x", false),
        entry("off", "1", true),
        entry("off", "2", true),
        KeyEntry { key: None, value: Some("no key"), disabled: false, description: None, file: false },
        KeyEntry { key: Some("photo"), value: None, disabled: false, description: None, file: true },
        KeyEntry { key: Some("photo"), value: None, disabled: false, description: None, file: true },
    ];
    let params = keyed_params(&entries, ParamLocation::Query, "param", &mut Scope::default());
    type Summary<'a> = (&'a str, &'a str, ParamType, bool, bool, Option<&'a str>);
    let summary: Vec<Summary<'_>> =
        params.iter().map(|p| (p.name.as_str(), p.wire_name.as_str(), p.ty, p.repeated, p.required, p.example.as_deref())).collect();
    assert_eq!(
        summary,
        [
            ("id", "id", ParamType::Integer, true, false, Some("1, 2")),
            ("status", "status", ParamType::String, false, false, Some("open")),
            ("tag", "tag[]", ParamType::String, true, false, Some("red")),
            ("size", "size", ParamType::Float, true, false, Some("1, 2.5")),
            ("mixed", "mixed", ParamType::String, true, false, Some("1, x")),
            ("off", "off", ParamType::Integer, false, false, Some("1")),
            ("photo", "photo", ParamType::File, false, false, None),
        ]
    );
    assert_eq!(params[0].description.as_deref(), Some("an id"), "the marker is stripped");
    // Given once, the marked key is required.
    let once = keyed_params(&entries[..2], ParamLocation::Query, "param", &mut Scope::default());
    assert!(once[0].required && !once[0].repeated);
}

#[test]
fn items_named_by_their_path() {
    assert_eq!(operation_base_name("/api/DrinksOrder/GetAllOrders"), "drinks_order_get_all_orders");
    assert_eq!(operation_base_name("http://localhost:3000/questions?page=2"), "questions");
    assert_eq!(operation_base_name("{{baseUrl}}/v1/users/:userId"), "users_user_id");
    assert_eq!(operation_base_name("/pdf/edit/delete-text (multiple replacements)"), "pdf_edit_delete_text_multiple_replacements");
    assert_eq!(operation_base_name("https://example.com"), "request");
    assert_eq!(operation_base_name("/"), "request");
    // Words with a slash are not paths.
    assert_eq!(operation_base_name("Create / update a user"), "create_update_user");
}

#[test]
fn operation_names_drop_articles() {
    assert_eq!(operation_base_name("Get a user"), "get_user");
    assert_eq!(operation_base_name("List the users"), "list_users");
    assert_eq!(operation_base_name("A"), "a");
}

#[test]
fn parameter_types() {
    assert_eq!(param_type(Some("100")), ParamType::Integer);
    assert_eq!(param_type(Some("true")), ParamType::Boolean);
    assert_eq!(param_type(Some("1.5")), ParamType::Float);
    assert_eq!(param_type(Some("0000")), ParamType::String);
    assert_eq!(param_type(Some("{{n}}")), ParamType::String);
    assert_eq!(param_type(Some("99999999999999999999")), ParamType::String);
    assert_eq!(param_type(None), ParamType::String);
    // Page numbers, sizes and offsets are integers whatever filler their example holds; a
    // real value keeps its type (a `page` cursor stays a string).
    let query = |key: &'static str, value: &'static str| {
        let entry = KeyEntry { key: Some(key), value: Some(value), disabled: false, description: None, file: false };
        keyed_params(&[entry], ParamLocation::Query, "q", &mut Scope::default())[0].ty
    };
    assert_eq!(query("page_number", "ut amet"), ParamType::Integer);
    assert_eq!(query("pageSize", "{{size}}"), ParamType::Integer);
    assert_eq!(query("per_page", ""), ParamType::Integer);
    assert_eq!(query("limit", "<integer>"), ParamType::Integer);
    assert_eq!(query("page", "eyJwYWdlIjoyfQ"), ParamType::String);
    assert_eq!(query("next_page_token", "ut amet"), ParamType::String);
    assert_eq!(query("status", "ut amet"), ParamType::String);
    // Type placeholders are the type they name, wherever a key has one.
    assert_eq!(query("count", "<integer>"), ParamType::Integer);
    assert_eq!(query("count", "<LONG>"), ParamType::Integer);
    assert_eq!(query("ratio", "<double>"), ParamType::Float);
    assert_eq!(query("active", "<boolean>"), ParamType::Boolean);
    assert_eq!(query("since", "<dateTime>"), ParamType::String);
    assert_eq!(query("key", "<token>"), ParamType::String);
    let form = |value: &'static str| {
        let entry = KeyEntry { key: Some("f"), value: Some(value), disabled: false, description: None, file: false };
        keyed_params(&[entry], ParamLocation::Form, "f", &mut Scope::default())[0].ty
    };
    assert_eq!(form("<integer>"), ParamType::Integer);
    assert_eq!(form("<boolean>"), ParamType::Boolean);
    assert_eq!(path_param("id".into(), "id".into(), None, Some("<int64>".into())).ty, ParamType::Integer);
    assert_eq!(path_param("id".into(), "id".into(), None, Some("<uuid>".into())).ty, ParamType::String);
    assert_eq!(path_param("id".into(), "id".into(), None, Some("42".into())).ty, ParamType::String);
}

#[test]
fn example_names_give_summaries_and_error_codes() {
    let (summary, codes) = read_example_name("**HTTP Status Code:** `404` **Not Found**<br>\n**Error Code:** `1001`<br>\nUser does not exist: $userId.<br>");
    assert!(summary.is_empty(), "{summary:?}");
    assert_eq!(codes, [("1001".to_owned(), "User does not exist: $userId.".to_owned())]);
    let (summary, _) = read_example_name("**HTTP Status Code:** `200` **OK**<br>\nUser object returned.");
    assert_eq!(summary, ["User object returned."]);
}

#[test]
fn origins_and_their_templates() {
    assert_eq!(origin_url("https://h/x").as_deref(), Some("https://h/x"));
    assert_eq!(origin_url("{{c}}"), None);
    assert_eq!(origin_url("HTTPS://API.Example.com:8443/V1/").as_deref(), Some("https://api.example.com:8443/V1"), "scheme and host in lowercase, the path as written");
    assert_eq!(origin_url("Http://Me:PassWord@Host").as_deref(), Some("http://Me:PassWord@host"), "credentials as written");
    assert_eq!((origin_url("ftp://h/x"), origin_url("/x")), (None, None));
    let template = origin_template("HTTPS://{{region}}.api.example.com/{{ version }}").expect("a template");
    assert_eq!(template.template, "https://{{region}}.api.example.com/{{ version }}");
    assert_eq!(template.variables, [("region".to_owned(), "region".to_owned()), ("version".to_owned(), "version".to_owned())]);
    let clash = origin_template("https://{{timeout}}.example.com").expect("a template");
    assert_eq!(clash.variables, [("timeout".to_owned(), "timeout_2".to_owned())], "setters never shadow the builder's methods");
    assert_eq!(origin_template("{{baseUrl}}"), None, "a whole variable is the base URL itself");
    assert_eq!(origin_template("https://{{$guid}}.example.com"), None);
    assert_eq!(origin_template("https://api.example.com"), None);
    assert_eq!((other_scheme("ftp://h"), other_scheme(" WSS://h"), other_scheme("HTTP://h"), other_scheme("{{a}}/x"), other_scheme("a b://h")), (Some("ftp"), Some("WSS"), None, None, None));
}

#[test]
fn literals_are_encoded_once() {
    assert_eq!(encode_literal("a b%20c"), "a%20b%20c");
    assert_eq!(encode_literal("users"), "users");
}
