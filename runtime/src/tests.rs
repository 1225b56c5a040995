//! Unit tests of the runtime, run here rather than in every generated crate.

use crate::error::{ApiError, Error, ErrorBody};
use crate::runtime::{encode_path_segment, AuthScheme, ClientCore, Credentials, OperationSpec, RequestSpec, Secret};

const OP: OperationSpec = OperationSpec {
    name: "get_thing",
    method: "GET",
    auth: AuthScheme::BearerHeader { prefix: "Bearer" },
    documented: &[(404, "Not found")],
};

fn core(credentials: Credentials) -> ClientCore {
    ClientCore::new("https://api.example.com/v2/", reqwest::Client::new(), credentials).expect("valid base URL")
}

#[test]
fn path_segments_cannot_change_the_path() {
    assert_eq!(encode_path_segment("id", "me").ok().as_deref(), Some("me"));
    assert_eq!(encode_path_segment("id", "a/b?c#d@e%f g").ok().as_deref(), Some("a%2Fb%3Fc%23d%40e%25f%20g"));
    assert_eq!(encode_path_segment("id", "a..b").ok().as_deref(), Some("a..b"));
    assert_eq!(encode_path_segment("id", "%2F").ok().as_deref(), Some("%252F"));
    for bad in ["", ".", ".."] {
        assert!(matches!(encode_path_segment("id", bad), Err(Error::InvalidRequest(_))), "{bad:?}");
    }
}

#[test]
fn build_applies_base_url_query_and_bearer_token() {
    let core = core(Credentials { token: Some(Secret::new("t0k")), ..Credentials::default() });
    let mut spec = RequestSpec::new(format!("/users/{}", encode_path_segment("id", "a b").expect("ok")));
    spec.query("q", "x&y=z");
    spec.query_opt::<i64>("unset", None);
    spec.query_opt("n", Some(5));
    let request = core.build(&OP, spec).expect("builds");
    assert_eq!(request.url().as_str(), "https://api.example.com/v2/users/a%20b?q=x%26y%3Dz&n=5");
    let auth = request.headers().get("authorization").expect("auth header");
    assert_eq!(auth.to_str().ok(), Some("Bearer t0k"));
    assert!(auth.is_sensitive());
}

#[test]
fn api_keys_and_basic_auth() {
    let op = OperationSpec { auth: AuthScheme::ApiKeyQuery { name: "api_key" }, ..OP };
    let core = core(Credentials { api_key: Some(Secret::new("k 1")), ..Credentials::default() });
    let request = core.build(&op, RequestSpec::new("/x".into())).expect("builds");
    assert_eq!(request.url().query(), Some("api_key=k+1"));

    let op = OperationSpec { auth: AuthScheme::Basic, ..OP };
    let core = self::core(Credentials { basic: Some(("user".into(), Secret::new("pass"))), ..Credentials::default() });
    let request = core.build(&op, RequestSpec::new("/x".into())).expect("builds");
    assert_eq!(request.headers()["authorization"].to_str().ok(), Some("Basic dXNlcjpwYXNz"));
}

#[test]
fn header_values_with_line_breaks_are_refused() {
    let mut spec = RequestSpec::new("/x".into());
    spec.header("x-note", "a\r\nInjected: yes");
    assert!(matches!(core(Credentials::default()).build(&OP, spec), Err(Error::InvalidRequest(_))));
}

#[test]
fn secrets_are_not_printed() {
    let core = core(Credentials { token: Some(Secret::new("super-secret")), ..Credentials::default() });
    assert!(!format!("{core:?}").contains("super-secret"));
}

#[test]
fn bad_base_urls_are_refused() {
    for bad in ["", "api.example.com", "ftp://x", "https://x/?q=1", "mailto:a@b"] {
        assert!(ClientCore::new(bad, reqwest::Client::new(), Credentials::default()).is_err(), "{bad}");
    }
}

#[test]
fn error_bodies_are_parsed_leniently() {
    let status = reqwest::StatusCode::NOT_FOUND;
    let json = ApiError::new("op", status, Default::default(), br#"{"code":1001,"message":"User does not exist"}"#.to_vec(), Some("Not found"));
    assert_eq!(json.code(), Some(1001));
    assert_eq!(json.message(), Some("User does not exist"));
    assert_eq!(json.to_string(), "`op` failed with status 404 Not Found, error code 1001: User does not exist");
    let empty = ApiError::new("op", status, Default::default(), Vec::new(), Some("Not found"));
    assert_eq!(empty.parsed(), &ErrorBody::Empty);
    assert_eq!(empty.to_string(), "`op` failed with status 404 Not Found (Not found)");
    let text = ApiError::new("op", status, Default::default(), b"{oops".to_vec(), None);
    assert_eq!(text.parsed(), &ErrorBody::Text("{oops".into()));
    let binary = ApiError::new("op", status, Default::default(), vec![0xff, 0xfe], None);
    assert_eq!(binary.parsed(), &ErrorBody::Binary);
    assert_eq!(binary.code(), None);
}

#[test]
fn retryable_statuses() {
    let make = |code: u16| {
        Error::UnexpectedStatus(ApiError::new("op", reqwest::StatusCode::from_u16(code).expect("status"), Default::default(), Vec::new(), None))
    };
    for code in [408, 429, 502, 503, 504] {
        assert!(make(code).is_retryable(), "{code}");
    }
    for code in [400, 401, 404, 500] {
        assert!(!make(code).is_retryable(), "{code}");
    }
    assert_eq!(make(503).status().map(|s| s.as_u16()), Some(503));
}

#[test]
fn null_as_default_accepts_null_and_missing() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(default, deserialize_with = "crate::runtime::null_as_default")]
        n: i64,
        #[serde(default, deserialize_with = "crate::runtime::null_as_default")]
        v: Vec<String>,
    }
    let parse = |s: &str| serde_json::from_str::<T>(s).expect("decodes");
    assert_eq!(parse(r#"{"n":null,"v":null}"#), T { n: 0, v: vec![] });
    assert_eq!(parse("{}"), T { n: 0, v: vec![] });
    assert_eq!(parse(r#"{"n":3,"v":["a"]}"#), T { n: 3, v: vec!["a".into()] });
    assert!(serde_json::from_str::<T>(r#"{"n":"x"}"#).is_err());
}

#[test]
fn bodies_set_their_content_type() {
    let core = core(Credentials::default());
    let mut spec = RequestSpec::new("/x".into());
    spec.json(&serde_json::json!({"a": 1})).expect("encodes");
    let request = core.build(&OP, spec).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.body().and_then(|b| b.as_bytes()), Some(&br#"{"a":1}"#[..]));

    let mut spec = RequestSpec::new("/x".into());
    spec.graphql::<serde_json::Value>("query { me { id } }", None).expect("encodes");
    let request = core.build(&OP, spec).expect("builds");
    assert_eq!(request.body().and_then(|b| b.as_bytes()), Some(&br#"{"query":"query { me { id } }"}"#[..]));

    let mut spec = RequestSpec::new("/x".into());
    spec.form_body();
    let request = core.build(&OP, spec).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded", "an empty form is still a form");

    let mut spec = RequestSpec::new("/x".into());
    spec.form("a", "x y");
    spec.form_opt::<i64>("unset", None);
    spec.form_opt("n", Some(2));
    let request = core.build(&OP, spec).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(request.body().and_then(|b| b.as_bytes()), Some(&b"a=x+y&n=2"[..]));

    let mut spec = RequestSpec::new("/x".into());
    spec.part_opt("t", Some("text"));
    spec.file_part_opt("f", Some(("a.txt".to_owned(), b"hello".to_vec())));
    let request = core.build(&OP, spec).expect("builds");
    let content_type = request.headers()["content-type"].to_str().unwrap_or_default().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");

    let mut spec = RequestSpec::new("/x".into());
    spec.bytes("<a/>", "application/xml");
    let request = core.build(&OP, spec).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/xml");
}
