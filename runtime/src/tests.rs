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
    let request = core.build(&OP, &mut spec).expect("builds");
    assert_eq!(request.url().as_str(), "https://api.example.com/v2/users/a%20b?q=x%26y%3Dz&n=5");
    let auth = request.headers().get("authorization").expect("auth header");
    assert_eq!(auth.to_str().ok(), Some("Bearer t0k"));
    assert!(auth.is_sensitive());
}

#[test]
fn api_keys_and_basic_auth() {
    let op = OperationSpec { auth: AuthScheme::ApiKeyQuery { name: "api_key" }, ..OP };
    let core = core(Credentials { api_key: Some(Secret::new("k 1")), ..Credentials::default() });
    let request = core.build(&op, &mut RequestSpec::new("/x".into())).expect("builds");
    assert_eq!(request.url().query(), Some("api_key=k+1"));

    let op = OperationSpec { auth: AuthScheme::Basic, ..OP };
    let core = self::core(Credentials { basic: Some(("user".into(), Secret::new("pass"))), ..Credentials::default() });
    let request = core.build(&op, &mut RequestSpec::new("/x".into())).expect("builds");
    assert_eq!(request.headers()["authorization"].to_str().ok(), Some("Basic dXNlcjpwYXNz"));
}

#[test]
fn header_values_with_line_breaks_are_refused() {
    let mut spec = RequestSpec::new("/x".into());
    spec.header("x-note", "a\r\nInjected: yes");
    assert!(matches!(core(Credentials::default()).build(&OP, &mut spec), Err(Error::InvalidRequest(_))));
}

#[test]
fn fixed_headers_follow_the_others_and_bad_ones_are_refused_not_a_panic() {
    let mut spec = RequestSpec::new("/x".into());
    spec.header("x-trace", "t1");
    spec.fixed_headers(&[("Accept", "application/json"), ("x-version", "2024-01-01\tbeta")]);
    let request = core(Credentials::default()).build(&OP, &mut spec).expect("builds");
    assert_eq!(request.headers()["accept"], "application/json");
    assert_eq!(request.headers()["x-version"].as_bytes(), b"2024-01-01\tbeta");
    assert_eq!(request.headers()["x-trace"], "t1");
    for bad in ["a\r\nInjected: yes", "caf\u{e9}"] {
        let mut spec = RequestSpec::new("/x".into());
        spec.fixed_headers(Box::leak(vec![("x-note", &*Box::leak(bad.to_owned().into_boxed_str()))].into_boxed_slice()));
        let built = core(Credentials::default()).build(&OP, &mut spec);
        assert!(bad.is_ascii() == built.is_err(), "{bad:?}: {built:?}");
    }
}

/// A retry builds the request again from the spec: the body is kept for it only when asked.
#[test]
fn the_body_is_moved_into_the_last_attempt() {
    let core = core(Credentials::default());
    let mut spec = RequestSpec::new("/x".into());
    spec.bytes("hello", "text/plain");
    assert!(spec.can_resend());
    let first = core.build(&OP, &mut spec).expect("builds");
    assert_eq!(first.body().and_then(reqwest::Body::as_bytes), Some(&b"hello"[..]));
    assert!(!spec.can_resend(), "the body was moved");
    assert!(matches!(core.build(&OP, &mut spec), Err(Error::InvalidRequest(_))));
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
fn json_bodies_get_fresh_dynamic_values_where_the_caller_set_none() {
    let core = core(Credentials::default());
    let body = |value: serde_json::Value| {
        let mut spec = RequestSpec::new("/x".into());
        let dynamic: &[(&[&str], &str, bool)] = &[(&["id"], "guid", true), (&["n"], "randomInt", false), (&["meta", "at"], "timestamp", true), (&["meta", "ok"], "randomBoolean", false), (&["gone", "x"], "guid", true)];
        spec.json_with_dynamic(&value, dynamic).expect("encodes");
        let request = core.build(&OP, &mut spec).expect("builds");
        serde_json::from_slice::<serde_json::Value>(request.body().and_then(|b| b.as_bytes()).expect("bytes")).expect("JSON")
    };
    let sent = body(serde_json::json!({"id": null, "meta": {}, "name": "x"}));
    let id = sent["id"].as_str().expect("a quoted variable is a string");
    assert!(id.len() == 36 && id.as_bytes()[14] == b'4', "{id}");
    assert!(sent["n"].as_u64().is_some_and(|n| n <= 1000), "a bare randomInt is a number: {sent}");
    assert!(sent["meta"]["at"].as_str().is_some_and(|t| t.parse::<u64>().is_ok()), "a quoted timestamp is text: {sent}");
    assert!(sent["meta"]["ok"].is_boolean(), "{sent}");
    assert!(sent.get("gone").is_none(), "no parent is made: {sent}");
    assert_eq!(sent["name"], "x");
    let other = body(serde_json::json!({"id": null, "meta": {}}));
    assert_ne!(other["id"], sent["id"], "fresh per request");
    let mine = body(serde_json::json!({"id": "mine", "n": 5, "meta": {"at": "1", "ok": true}}));
    assert_eq!(mine, serde_json::json!({"id": "mine", "n": 5, "meta": {"at": "1", "ok": true}}), "the caller's values win");
    assert_eq!(body(serde_json::json!([1])), serde_json::json!([1]), "a body that is no object is sent as it is");
}

#[test]
fn bodies_set_their_content_type() {
    let core = core(Credentials::default());
    let mut spec = RequestSpec::new("/x".into());
    spec.json(&serde_json::json!({"a": 1})).expect("encodes");
    let request = core.build(&OP, &mut spec).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.body().and_then(|b| b.as_bytes()), Some(&br#"{"a":1}"#[..]));

    let mut spec = RequestSpec::new("/x".into());
    spec.graphql::<serde_json::Value>("query { me { id } }", None).expect("encodes");
    let request = core.build(&OP, &mut spec).expect("builds");
    assert_eq!(request.body().and_then(|b| b.as_bytes()), Some(&br#"{"query":"query { me { id } }"}"#[..]));

    let mut spec = RequestSpec::new("/x".into());
    spec.form_body();
    let request = core.build(&OP, &mut spec).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded", "an empty form is still a form");

    let mut spec = RequestSpec::new("/x".into());
    spec.form("a", "x y");
    spec.form_opt::<i64>("unset", None);
    spec.form_opt("n", Some(2));
    let request = core.build(&OP, &mut spec).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(request.body().and_then(|b| b.as_bytes()), Some(&b"a=x+y&n=2"[..]));

    let mut spec = RequestSpec::new("/x".into());
    spec.part_opt("t", Some("text"));
    spec.file_part_opt("f", Some(("a.txt".to_owned(), b"hello".to_vec())));
    let request = core.build(&OP, &mut spec).expect("builds");
    let content_type = request.headers()["content-type"].to_str().unwrap_or_default().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");

    let mut spec = RequestSpec::new("/x".into());
    spec.bytes("<a/>", "application/xml");
    let request = core.build(&OP, &mut spec).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/xml");
}

mod retry {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use crate::error::{ApiError, Error};
    use crate::retry::{parse_retry_after, RetryPolicy};

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn retry_after_seconds_http_dates_and_iso_timestamps() {
        // 2015-10-21T07:28:00Z is 1445412480 seconds after the epoch.
        let now = at(1_445_412_480 - 90);
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("1.5", now), Some(Duration::from_millis(1500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), Some(Duration::from_secs(90)));
        assert_eq!(parse_retry_after("2015-10-21T07:28:00Z", now), Some(Duration::from_secs(90)));
        assert_eq!(parse_retry_after("2015-10-21T09:28:00+02:00", now), Some(Duration::from_secs(90)));
        assert_eq!(parse_retry_after("2015-10-21t02:28:00.250-05:00", now), Some(Duration::from_millis(90_250)));
        assert_eq!(parse_retry_after("2015-10-21 07:28:00z", now), Some(Duration::from_secs(90)));
        assert_eq!(parse_retry_after("2000-02-29T00:00:00Z", now), Some(Duration::ZERO), "a past time means no wait");
        assert_eq!(parse_retry_after("2000-01-01T00:00:00Z", at(946_684_800 - 1)), Some(Duration::from_secs(1)));
        for bad in ["", "soon", "-1", "1e3", "2015-13-21T07:28:00Z", "2015-10-21T07:28:00", "2015-10-21T07:28:00+0200", "2015-10-21T07:28:00.Z"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    fn status_error(code: u16, retry_after: Option<&str>) -> Error {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(reqwest::header::RETRY_AFTER, value.parse().expect("header"));
        }
        let status = reqwest::StatusCode::from_u16(code).expect("status");
        Error::UnexpectedStatus(ApiError::new("op", status, headers, Vec::new(), None))
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(100)).max_backoff(Duration::from_millis(350)).max_attempts(10);
        let backoffs: Vec<_> = (1..=5).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(backoffs, [100, 200, 350, 350, 350]);
        assert_eq!(policy.backoff(u32::MAX), Duration::from_millis(350));
        for attempt in 1..=5 {
            let delay = policy.delay(attempt, Duration::ZERO, &status_error(503, None)).expect("retries");
            let full = policy.backoff(attempt);
            assert!(delay >= full / 2 && delay <= full, "{delay:?} for {full:?}");
        }
    }

    #[test]
    fn delay_honours_attempts_elapsed_time_status_and_retry_after() {
        let policy = RetryPolicy::default().max_attempts(3).max_elapsed(Duration::from_secs(10));
        assert_eq!(policy.delay(1, Duration::ZERO, &status_error(429, Some("2"))), Some(Duration::from_secs(2)));
        assert!(policy.delay(2, Duration::ZERO, &status_error(502, None)).is_some());
        assert_eq!(policy.delay(3, Duration::ZERO, &status_error(502, None)), None, "attempts are capped");
        assert_eq!(policy.delay(1, Duration::ZERO, &status_error(404, None)), None, "404 is not retryable");
        assert_eq!(policy.delay(1, Duration::ZERO, &status_error(500, None)), None, "500 is not retryable");
        assert_eq!(policy.delay(1, Duration::from_secs(9), &status_error(429, Some("2"))), None, "the total time is capped");
        assert_eq!(policy.delay(1, Duration::ZERO, &status_error(429, Some("60"))), None, "a Retry-After past the budget gives up");
        assert_eq!(policy.delay(1, Duration::ZERO, &Error::InvalidRequest("x".into())), None);
    }

    #[test]
    fn only_idempotent_methods_retry_by_default() {
        let policy = RetryPolicy::default();
        for method in ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"] {
            assert!(policy.allows(&method.parse().expect("method")), "{method}");
        }
        for method in ["POST", "PATCH"] {
            assert!(!policy.allows(&method.parse().expect("method")), "{method}");
            assert!(policy.clone().retry_non_idempotent(true).allows(&method.parse().expect("method")), "{method}");
        }
        assert_eq!(RetryPolicy::default().max_attempts(0).delay(1, Duration::ZERO, &status_error(503, None)), None);
    }
}

mod paging {
    use std::sync::{Arc, Mutex};

    use crate::error::Error;
    use crate::paging::{Page, PageAt, Paginated, Paging, StopReason, Total};

    /// Serves `pages` in order and records the positions asked for.
    fn pager<'a>(
        core: &'a crate::runtime::ClientCore,
        paging: Paging,
        pages: Vec<Result<Page<u32>, Error>>,
        asked: Arc<Mutex<Vec<Option<PageAt>>>>,
    ) -> Paginated<'a, u32> {
        let mut pages = pages.into_iter();
        Paginated::new(core, paging, move |at| {
            asked.lock().expect("lock").push(at);
            let page = pages.next().unwrap_or_else(|| Err(Error::InvalidRequest("asked past the last page".into())));
            Box::pin(async move { page })
        })
    }

    fn core() -> crate::runtime::ClientCore {
        super::core(crate::runtime::Credentials::default())
    }

    #[tokio::test]
    async fn cursors_are_followed_until_empty() {
        let core = core();
        let asked = Arc::default();
        let pages = vec![Ok(Page::new(vec![1, 2], Some("b".into()))), Ok(Page::new(vec![3], Some("c".into()))), Ok(Page::new(vec![4], Some(" ".into())))];
        let items = pager(&core, Paging::Cursor, pages, Arc::clone(&asked)).collect_all().await.expect("items");
        assert_eq!(items, [1, 2, 3, 4]);
        assert_eq!(*asked.lock().expect("lock"), [None, Some(PageAt::Cursor("b".into())), Some(PageAt::Cursor("c".into()))]);
    }

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_list() {
        let core = core();
        let pages = vec![Ok(Page::new(vec![1], Some("a".into()))), Ok(Page::new(vec![2], Some("a".into())))];
        let items = pager(&core, Paging::Cursor, pages, Arc::default()).collect_all().await.expect("items");
        assert_eq!(items, [1, 2]);
    }

    #[tokio::test]
    async fn page_numbers_stop_at_a_short_or_empty_page() {
        let core = core();
        let asked = Arc::default();
        let pages = vec![Ok(Page::new(vec![1, 2], None)), Ok(Page::new(vec![3, 4], None)), Ok(Page::new(vec![5], None))];
        let paging = Paging::PageNumber { first: 1, size: Some(2) };
        let items = pager(&core, paging, pages, Arc::clone(&asked)).collect_all().await.expect("items");
        assert_eq!(items, [1, 2, 3, 4, 5]);
        assert_eq!(*asked.lock().expect("lock"), [None, Some(PageAt::Number(2)), Some(PageAt::Number(3))]);

        let pages = vec![Ok(Page::new(vec![1, 2], None)), Ok(Page::new(vec![], None))];
        let paging = Paging::PageNumber { first: 0, size: None };
        assert_eq!(pager(&core, paging, pages, Arc::default()).collect_all().await.expect("items"), [1, 2]);
    }

    #[tokio::test]
    async fn offsets_advance_by_the_items_received_and_errors_end_the_stream() {
        let core = core();
        let asked = Arc::default();
        let pages = vec![Ok(Page::new(vec![1, 2, 3], None)), Err(Error::InvalidRequest("boom".into()))];
        let mut pager = pager(&core, Paging::Offset { first: 10, limit: Some(3) }, pages, Arc::clone(&asked));
        for expected in [1, 2, 3] {
            assert_eq!(pager.try_next().await.expect("item"), Some(expected));
        }
        assert!(matches!(pager.try_next().await, Err(Error::InvalidRequest(_))));
        assert_eq!(pager.try_next().await.expect("ended"), None);
        assert_eq!(*asked.lock().expect("lock"), [None, Some(PageAt::Number(13))]);
        assert_eq!(PageAt::Cursor("42".into()).into_number(), Some(42));
        assert_eq!(PageAt::Number(7).into_text(), "7");
        assert_eq!(pager.stop_reason(), Some(StopReason::Error));
    }

    /// A server that ignores the page number sends page 1 again and again: the stream gives its
    /// items once and stops at the repeat.
    #[tokio::test]
    async fn a_repeated_page_ends_the_list_without_repeating_items() {
        let core = core();
        let asked = Arc::default();
        let page = || Ok(Page::new(vec![1, 2], None));
        let pages = vec![page(), Ok(Page::new(vec![3, 4], None)), page(), page(), page()];
        let mut pager = pager(&core, Paging::PageNumber { first: 1, size: Some(2) }, pages, Arc::clone(&asked));
        let mut items = Vec::new();
        while let Some(item) = pager.try_next().await.expect("item") {
            items.push(item);
        }
        assert_eq!(items, [1, 2, 3, 4]);
        assert_eq!(asked.lock().expect("lock").len(), 3, "it stopped at the first repeat");
        assert_eq!(pager.stop_reason(), Some(StopReason::RepeatedPage));

        // With cursors too: a new cursor each time, the same items.
        let pages = vec![Ok(Page::new(vec![7], Some("a".into()))), Ok(Page::new(vec![7], Some("b".into()))), Ok(Page::new(vec![8], None))];
        assert_eq!(pager_items(pager_of(&core, Paging::Cursor, pages)).await, ([7].to_vec(), Some(StopReason::RepeatedPage)));
    }

    #[tokio::test]
    async fn max_pages_ends_a_list_that_never_ends() {
        let core = core();
        let pages: Vec<_> = (0..10).map(|n| Ok(Page::new(vec![n], Some(format!("c{n}"))))).collect();
        let (items, reason) = pager_items(pager_of(&core, Paging::Cursor, pages).max_pages(3)).await;
        assert_eq!((items, reason), (vec![0, 1, 2], Some(StopReason::MaxPages)));
        let pages = vec![Ok(Page::new(vec![1], Some("x".into()))), Ok(Page::new(vec![2], None))];
        assert_eq!(pager_items(pager_of(&core, Paging::Cursor, pages)).await, (vec![1, 2], Some(StopReason::LastPage)));
    }

    /// A reported total ends the list when the items (or pages) given reach it, even when the
    /// page still names a next one; a total of zero (a body without the field) says nothing.
    #[tokio::test]
    async fn a_reported_total_ends_the_list() {
        let core = core();
        let page = |items: Vec<u32>, cursor: &str, total: Option<Total>| Ok(Page::new(items, Some(cursor.to_owned())).with_total(total));
        let items = |total| vec![page(vec![1, 2], "b", total), page(vec![3], "c", total), page(vec![4], "", total)];
        let asked = Arc::default();
        let (got, reason) = pager_items(pager(&core, Paging::Cursor, items(Some(Total::Items(3))), Arc::clone(&asked))).await;
        assert_eq!((got, reason), (vec![1, 2, 3], Some(StopReason::ReportedTotal)));
        assert_eq!(asked.lock().expect("lock").len(), 2, "nothing is asked past the total");
        for unknown in [None, Some(Total::Items(0)), Some(Total::Items(-1))] {
            assert_eq!(pager_items(pager_of(&core, Paging::Cursor, items(unknown))).await, (vec![1, 2, 3, 4], Some(StopReason::LastPage)));
        }
        // A total smaller than the items of the first page gives them all, then stops.
        assert_eq!(pager_items(pager_of(&core, Paging::Cursor, items(Some(Total::Items(1))))).await, (vec![1, 2], Some(StopReason::ReportedTotal)));

        // Pages: two full pages of a list of two pages, then the end without a third request.
        let pages = (0..4).map(|n| Ok(Page::new(vec![2 * n, 2 * n + 1], None).with_total(Some(Total::Pages(2))))).collect();
        let paging = Paging::PageNumber { first: 1, size: Some(2) };
        assert_eq!(pager_items(pager_of(&core, paging, pages)).await, (vec![0, 1, 2, 3], Some(StopReason::ReportedTotal)));
    }

    fn pager_of(core: &crate::runtime::ClientCore, paging: Paging, pages: Vec<Result<Page<u32>, Error>>) -> Paginated<'_, u32> {
        pager(core, paging, pages, Arc::default())
    }

    async fn pager_items(mut pager: Paginated<'_, u32>) -> (Vec<u32>, Option<StopReason>) {
        let mut items = Vec::new();
        while let Some(item) = pager.try_next().await.expect("item") {
            items.push(item);
        }
        (items, pager.stop_reason())
    }
}

mod responses {
    use crate::error::Error;
    use crate::runtime::RawResponse;

    fn raw(status: u16, body: &str) -> RawResponse {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-request-id", "r1".parse().expect("header"));
        RawResponse { status: reqwest::StatusCode::from_u16(status).expect("status"), headers, body: body.as_bytes().to_vec() }
    }

    #[test]
    fn response_values_keep_status_and_headers() {
        let value = raw(201, r#"{"id": 7}"#).json::<serde_json::Value>(&super::OP).expect("decodes");
        assert_eq!(value.status().as_u16(), 201);
        assert_eq!(value.headers()["x-request-id"], "r1");
        assert_eq!(value["id"], 7, "derefs to the body");
        assert_eq!(value.map(|v| v["id"].as_i64()).into_inner(), Some(7));
        assert_eq!(raw(204, "").empty().status().as_u16(), 204);
        assert_eq!(raw(200, " ").json_or_null(&super::OP).expect("null").into_inner(), serde_json::Value::Null);
        assert_eq!(raw(200, "hi \u{fffd}").text().into_inner(), "hi \u{fffd}");
    }

    #[test]
    fn decode_errors_keep_the_body_and_path() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct T {
            items: Vec<u8>,
        }
        let Err(Error::Decode(error)) = raw(200, r#"{"items": [1, "x"]}"#).json::<T>(&super::OP) else {
            panic!("expected a decode error");
        };
        assert_eq!(error.path(), "items[1]");
        assert_eq!(error.body(), br#"{"items": [1, "x"]}"#);
        let unexpected = raw(202, "queued").unexpected(&super::OP);
        assert!(matches!(&unexpected, Error::UnexpectedStatus(api) if api.text() == "queued"));
    }
}

/// A struct decoded the way generated response structs are: through [`DecodeFields`].
mod decode_fields {
    use crate::runtime::{decode_struct, set, set_or_default, set_present, set_string_or_default, skip, DecodeFields, Slot};

    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        id: String,
        count: i64,
        note: Option<String>,
        tri: Option<Option<i64>>,
        tags: Vec<String>,
    }

    impl DecodeFields for Thing {
        fn decode_field<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            match key {
                "id" => set_string_or_default(map, &mut self.id),
                "count" => set_or_default(map, &mut self.count),
                "tags" => set_or_default(map, &mut self.tags),
                "note" => set(map, &mut self.note),
                "tri" => set_present(map, &mut self.tri),
                _ => skip(map),
            }
        }
    }

    impl<'de> serde::Deserialize<'de> for Thing {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_struct(deserializer)
        }
    }

    #[test]
    fn fields_decode_null_missing_unknown_and_duplicate_keys() {
        let thing: Thing =
            serde_json::from_str(r#"{"id":"a\"b","count":null,"extra":{"x":[1,2]},"note":"n","tri":null,"id":"last"}"#).expect("decodes");
        assert_eq!(thing, Thing { id: "last".into(), count: 0, note: Some("n".into()), tri: Some(None), tags: vec![] });
        let empty: Thing = serde_json::from_str("{}").expect("decodes");
        assert_eq!(empty, Thing::default());
        let escaped_key: Thing = serde_json::from_str(r#"{"\u0069d":"x"}"#).expect("decodes");
        assert_eq!(escaped_key.id, "x");
    }

    #[test]
    fn keys_decode_in_any_order() {
        let full = Thing { id: "a".into(), count: 2, note: Some("n".into()), tri: Some(Some(3)), tags: vec![] };
        for text in [
            r#"{"id":"a","count":2,"note":"n","tri":3}"#,
            r#"{"tri":3,"note":"n","count":2,"id":"a"}"#,
            r#"{"count":2,"x":1,"tri":3,"id":"a","y":[],"note":"n"}"#,
            r#"{"note":"n","note":"n","tri":3,"id":"b","count":2,"id":"a"}"#,
        ] {
            assert_eq!(serde_json::from_str::<Thing>(text).expect("decodes"), full, "{text}");
        }
        // A key that is a prefix of a field's key, or differs by case, is not that field.
        let other: Thing = serde_json::from_str(r#"{"i":"x","ID":"y","counts":5,"":1}"#).expect("decodes");
        assert_eq!(other, Thing::default());
    }

    #[test]
    fn wrong_kinds_fail_with_the_path() {
        let error = serde_path_to_error::deserialize::<_, Thing>(&mut serde_json::Deserializer::from_str(r#"{"count":"x"}"#))
            .expect_err("a string is not an integer");
        assert_eq!(error.path().to_string(), "count");
        assert!(serde_json::from_str::<Thing>("[1]").expect_err("not an object").to_string().contains("an object"));
    }

    /// `null` decodes as the default, whether the helper is the generic one or the one for strings;
    /// every other value decodes as the type, or fails with the type's own message, at the field.
    #[test]
    fn null_is_the_default_and_anything_else_must_be_the_type() {
        let text = r#"{"id":null,"count":null,"tags":null}"#;
        assert_eq!(serde_json::from_str::<Thing>(text).expect("decodes"), Thing::default());
        // The same through `serde_json::Value`, a different deserializer.
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(serde_json::from_value::<Thing>(value).expect("decodes"), Thing::default());
        let thing: Thing = serde_json::from_str(r#"{"id":"caf\u00e9 \"x\"","tags":["a",""]}"#).expect("decodes");
        assert_eq!((thing.id.as_str(), thing.tags), ("café \"x\"", vec!["a".to_owned(), String::new()]));
        let value = serde_json::json!({"id": "from a value", "count": 3});
        assert_eq!(serde_json::from_value::<Thing>(value).expect("decodes").id, "from a value");
        for (text, path, message) in [
            (r#"{"id":{"a":1}}"#, "id", "invalid type: map, expected a string"),
            (r#"{"id":["a"]}"#, "id", "invalid type: sequence, expected a string"),
            (r#"{"tags":"a"}"#, "tags", "invalid type: string \"a\", expected a sequence"),
            (r#"{"count":1.5}"#, "count", "invalid type: floating point `1.5`, expected i64"),
        ] {
            let error = serde_path_to_error::deserialize::<_, Thing>(&mut serde_json::Deserializer::from_str(text)).expect_err(text);
            assert_eq!(error.path().to_string(), path, "{text}");
            assert!(error.inner().to_string().starts_with(message), "{text}: {}", error.inner());
        }
    }

    /// A struct whose `decode_field` is what the emitter writes now: a `Slot` per field of a common
    /// type, a generic helper for the others.
    #[derive(Debug, Default, PartialEq)]
    struct Slots {
        s: String,
        i: i64,
        u: u64,
        f: f64,
        b: bool,
        v: serde_json::Value,
        os: Option<String>,
        oi: Option<i64>,
        ou: Option<u64>,
        of: Option<f64>,
        ob: Option<bool>,
        ov: Option<serde_json::Value>,
        list: Vec<i64>,
    }

    impl DecodeFields for Slots {
        fn decode_field<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            let slot = match key {
                "s" => Slot::String(&mut self.s),
                "i" => Slot::I64(&mut self.i),
                "u" => Slot::U64(&mut self.u),
                "f" => Slot::F64(&mut self.f),
                "b" => Slot::Bool(&mut self.b),
                "v" => Slot::Value(&mut self.v),
                "os" => Slot::OptionString(&mut self.os),
                "oi" => Slot::OptionI64(&mut self.oi),
                "ou" => Slot::OptionU64(&mut self.ou),
                "of" => Slot::OptionF64(&mut self.of),
                "ob" => Slot::OptionBool(&mut self.ob),
                "ov" => Slot::OptionValue(&mut self.ov),
                "list" => return set_or_default(map, &mut self.list),
                _ => Slot::Skip,
            };
            slot.fill(map)
        }
    }

    impl<'de> serde::Deserialize<'de> for Slots {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_struct(deserializer)
        }
    }

    /// Every slot decodes its type, `null` as the default (or `None`), and a key no field has is
    /// skipped, from text and from a `serde_json::Value`.
    #[test]
    fn slots_decode_their_type_and_null() {
        let text = r#"{"s":"x\u00e9","i":-5,"u":18446744073709551615,"f":1.5,"b":true,"v":{"k":[1]},
            "os":"o","oi":7,"ou":8,"of":2,"ob":false,"ov":[null],"list":[1,2],"other":{"s":1}}"#;
        let full = Slots {
            s: "xé".into(),
            i: -5,
            u: u64::MAX,
            f: 1.5,
            b: true,
            v: serde_json::json!({"k": [1]}),
            os: Some("o".into()),
            oi: Some(7),
            ou: Some(8),
            of: Some(2.0),
            ob: Some(false),
            ov: Some(serde_json::json!([null])),
            list: vec![1, 2],
        };
        assert_eq!(serde_json::from_str::<Slots>(text).expect("decodes"), full);
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(serde_json::from_value::<Slots>(value).expect("decodes"), full);
        let nulls = r#"{"s":null,"i":null,"u":null,"f":null,"b":null,"v":null,"os":null,"oi":null,"ou":null,"of":null,"ob":null,"ov":null,"list":null}"#;
        assert_eq!(serde_json::from_str::<Slots>(nulls).expect("decodes"), Slots::default());
        assert_eq!(serde_json::from_str::<Slots>("{}").expect("decodes"), Slots::default());
    }

    /// What a live API varies decodes without losing data: a number or a bool where the examples
    /// had a string is its JSON text, a float that equals an integer is that integer.
    #[test]
    fn slots_take_scalars_as_text_and_integral_floats_as_integers() {
        let text = r#"{"s":64,"os":true,"i":3.0,"u":1e3,"oi":-2.0,"ou":0.0}"#;
        let slots = serde_json::from_str::<Slots>(text).expect("decodes");
        assert_eq!((slots.s.as_str(), slots.os.as_deref(), slots.i, slots.u, slots.oi, slots.ou), ("64", Some("true"), 3, 1000, Some(-2), Some(0)));
        let value: serde_json::Value = serde_json::from_str(r#"{"s":2.5,"os":-7,"i":-9.0}"#).expect("JSON");
        let slots = serde_json::from_value::<Slots>(value).expect("decodes");
        assert_eq!((slots.s.as_str(), slots.os.as_deref(), slots.i), ("2.5", Some("-7"), -9));
        assert_eq!(serde_json::from_str::<Slots>(r#"{"u":18446744073709549568.0}"#).expect("decodes").u, 18_446_744_073_709_549_568);
    }

    /// A value of the wrong kind fails at its field, with serde's message for the slot's type.
    #[test]
    fn slots_reject_wrong_kinds_at_the_field() {
        for (text, path, message) in [
            (r#"{"s":[1]}"#, "s", "invalid type: sequence, expected a string"),
            (r#"{"i":9.3e18}"#, "i", "invalid value: integer `9300000000000000000`, expected i64"),
            (r#"{"u":-1.0}"#, "u", "invalid value: integer `-1`, expected u64"),
            (r#"{"ou":1e20}"#, "ou", "invalid type: floating point `1e+20`, expected u64"),
            (r#"{"i":"1"}"#, "i", "invalid type: string \"1\", expected i64"),
            (r#"{"u":-1}"#, "u", "invalid value: integer `-1`, expected u64"),
            (r#"{"f":"x"}"#, "f", "invalid type: string \"x\", expected f64"),
            (r#"{"b":0}"#, "b", "invalid type: integer `0`, expected a boolean"),
            (r#"{"os":[]}"#, "os", "invalid type: sequence, expected a string"),
            (r#"{"oi":1.5}"#, "oi", "invalid type: floating point `1.5`, expected i64"),
            (r#"{"ou":true}"#, "ou", "invalid type: boolean `true`, expected u64"),
            (r#"{"of":{}}"#, "of", "invalid type: map, expected f64"),
            (r#"{"ob":"true"}"#, "ob", "invalid type: string \"true\", expected a boolean"),
            (r#"{"list":[1,"2"]}"#, "list[1]", "invalid type: string \"2\", expected i64"),
        ] {
            let error = serde_path_to_error::deserialize::<_, Slots>(&mut serde_json::Deserializer::from_str(text)).expect_err(text);
            assert_eq!(error.path().to_string(), path, "{text}");
            assert!(error.inner().to_string().starts_with(message), "{text}: {}", error.inner());
        }
    }
}

mod dates {
    use crate::datetime::{Date, DateTime};

    #[test]
    fn date_times_encode_back_the_text_they_were_read_from() {
        for text in ["2024-05-01T12:30:00Z", "2024-05-01T14:30:00.250+02:00", "2023-01-01t00:00:00.123456789-05:30", "2016-12-31T23:59:60Z"] {
            let json = format!("{text:?}");
            let value: DateTime = serde_json::from_str(&json).expect("decodes");
            assert_eq!(value.as_str(), text);
            assert_eq!(serde_json::to_string(&value).expect("encodes"), json, "byte-identical");
        }
        let value: DateTime = serde_json::from_str(r#""2024-05-01T14:30:00.250+02:00""#).expect("decodes");
        let chrono = value.to_chrono();
        assert_eq!(chrono.offset().local_minus_utc(), 2 * 3600);
        assert_eq!(chrono.timestamp_millis(), 1_714_566_600_250);
        assert_eq!(value.to_utc().to_rfc3339(), "2024-05-01T12:30:00.250+00:00");
        let utc: chrono::DateTime<chrono::Utc> = value.clone().into();
        assert_eq!(utc, value.to_utc());
        // The same instant written differently is not equal: `==` compares what is sent.
        let z: DateTime = "2024-05-01T12:30:00.25Z".parse().expect("parses");
        assert_ne!(z, value);
        assert_eq!(z.to_chrono(), value.to_chrono());
    }

    #[test]
    fn date_times_built_from_chrono_encode_as_rfc_3339() {
        let utc = chrono::DateTime::from_timestamp(1_714_566_600, 250_000_000).expect("in range");
        assert_eq!(serde_json::to_string(&DateTime::from(utc)).expect("encodes"), r#""2024-05-01T12:30:00.250Z""#);
        let offset = chrono::FixedOffset::east_opt(-5 * 3600).expect("offset");
        let local = utc.with_timezone(&offset);
        assert_eq!(DateTime::from(local).as_str(), "2024-05-01T07:30:00.250-05:00");
        assert_eq!(DateTime::from(chrono::DateTime::from_timestamp(0, 0).expect("epoch")).as_str(), "1970-01-01T00:00:00Z");
        assert_eq!(DateTime::default().as_str(), "1970-01-01T00:00:00Z");
        assert_eq!(format!("{:?} {}", DateTime::default(), DateTime::default()), r#"DateTime("1970-01-01T00:00:00Z") 1970-01-01T00:00:00Z"#);
    }

    #[test]
    fn malformed_date_times_fail_with_the_format_and_the_text() {
        for bad in [r#""2024-05-01""#, r#""2024-05-01T12:30:00""#, r#""2024-13-01T00:00:00Z""#, r#""yesterday""#, r#""2024-05-01T12:30:00Z ""#] {
            let error = serde_json::from_str::<DateTime>(bad).expect_err(bad).to_string();
            assert!(error.starts_with("expected an RFC 3339 date-time such as `2024-05-01T12:30:00Z`, got "), "{error}");
            assert!(error.contains(bad), "{error}");
        }
        let error = serde_json::from_str::<DateTime>("5").expect_err("a number").to_string();
        assert!(error.contains("invalid type: integer `5`, expected an RFC 3339 date-time"), "{error}");
        assert!("nope".parse::<DateTime>().is_err());
    }

    #[test]
    fn dates_are_strict_yyyy_mm_dd() {
        let value: Date = serde_json::from_str(r#""1990-02-28""#).expect("decodes");
        assert_eq!(value.to_chrono(), chrono::NaiveDate::from_ymd_opt(1990, 2, 28).expect("date"));
        assert_eq!(serde_json::to_string(&value).expect("encodes"), r#""1990-02-28""#);
        assert_eq!(Date::from(chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("leap day")).as_str(), "2024-02-29");
        assert_eq!(Date::default().as_str(), "1970-01-01");
        let back: chrono::NaiveDate = value.into();
        assert_eq!(back.to_string(), "1990-02-28");
        for bad in ["1990-2-28", "1990-02-30", "90-02-28", "+1990-02-28", "1990-02-28T00:00:00Z", "1990/02/28", ""] {
            let error = serde_json::from_str::<Date>(&format!("{bad:?}")).expect_err(bad).to_string();
            assert!(error.starts_with("expected a date such as `2024-05-01` (YYYY-MM-DD), got "), "{error}");
        }
    }
}

mod enums {
    use crate::runtime::{first_byte, tag_of};

    #[test]
    fn first_bytes_tell_json_kinds_apart() {
        assert_eq!(first_byte("  {\"a\": 1}"), b'{');
        assert_eq!(first_byte("-1"), b'-');
        assert_eq!(first_byte("\n\"x\""), b'"');
        assert_eq!(first_byte(""), 0);
    }

    #[test]
    fn tags_are_read_from_the_text() {
        assert_eq!(tag_of(r#"{"w": 1, "type": "rect", "n": [1, {"type": "x"}]}"#, "type").as_deref(), Some("rect"));
        assert_eq!(tag_of(r#"{"type": "ci\u0072cle"}"#, "type").as_deref(), Some("circle"), "escapes are decoded");
        assert_eq!(tag_of(r#"{"kind": "a"}"#, "kind").as_deref(), Some("a"));
        for none in [r#"{"w": 1}"#, r#"{"type": 5}"#, r#"{"type": null}"#, r#"{"type": "a", "type": "a"}"#, r#"["circle"]"#, "\"circle\"", "7"] {
            assert_eq!(tag_of(none, "type"), None, "{none}");
        }
    }
}

/// A request that could not be built resolves to its error once; polled again, it says so.
#[test]
fn a_pending_request_resolves_once() {
    use std::future::Future;
    let core = core(Credentials::default());
    let mut pending = Box::pin(crate::runtime::Pending::<String>::new(
        &core,
        &OP,
        Err(Error::InvalidRequest("no path".to_owned())),
        crate::runtime::RawResponse::json::<String>,
    ));
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let first = pending.as_mut().poll(&mut cx);
    assert!(matches!(&first, std::task::Poll::Ready(Err(Error::InvalidRequest(m))) if m == "no path"), "{first:?}");
    let again = pending.as_mut().poll(&mut cx);
    assert!(matches!(&again, std::task::Poll::Ready(Err(Error::InvalidRequest(m))) if m.contains("polled after completion")), "{again:?}");
    assert!(format!("{pending:?}").contains("done"), "{pending:?}");
}

/// `Entries` writes `key: value` in order, leaves out `None` with `entry_if_some`, and after the
/// first error writes nothing more and returns that error from `end()`.
#[test]
fn entries_write_in_order_and_stop_at_the_first_error() {
    use crate::runtime::Entries;
    use std::cell::Cell;
    use std::collections::BTreeMap;

    struct Counted<'a>(&'a Cell<u32>);
    impl serde::Serialize for Counted<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.set(self.0.get() + 1);
            serializer.serialize_u32(self.0.get())
        }
    }
    let calls = Cell::new(0);
    let text = {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        Entries::new(&mut serializer)
            .entry("b", &Counted(&calls))
            .entry_if_some("skipped", &None::<u32>)
            .entry_if_some("a", &Some("x"))
            .end()
            .expect("encodes");
        String::from_utf8(out).expect("utf-8")
    };
    assert_eq!(text, r#"{"b":1,"a":"x"}"#);
    // A map with a non-string key is an error of serde_json: the entries after it are not written.
    let bad: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::new(&mut out);
    let result = Entries::new(&mut serializer).entry("bad", &bad).entry("after", &Counted(&calls)).end();
    assert!(result.expect_err("a non-string key").to_string().contains("key must be a string"));
    assert_eq!(calls.get(), 1, "nothing after the error was serialized");
}

mod dynamic_values {
    use crate::runtime::dynamic_value;

    #[test]
    fn dynamic_variables_have_their_shapes_and_change() {
        let uuid = dynamic_value("guid");
        let parts: Vec<&str> = uuid.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{uuid}");
        assert!(parts[2].starts_with('4') && matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "version 4, RFC 4122 variant: {uuid}");
        let many: std::collections::BTreeSet<String> = (0..1000).map(|_| dynamic_value("randomUUID")).collect();
        assert_eq!(many.len(), 1000, "fresh each time");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs();
        let stamp: u64 = dynamic_value("timestamp").parse().expect("seconds");
        assert!(stamp.abs_diff(now) < 5);
        let iso = dynamic_value("isoTimestamp");
        assert!(iso.len() == 24 && iso.ends_with('Z') && &iso[10..11] == "T", "{iso}");
        let year: u64 = iso[..4].parse().expect("year");
        assert!(year >= 2024);
        assert!(dynamic_value("randomInt").parse::<u32>().expect("int") <= 1000);
        assert!(matches!(dynamic_value("randomBoolean").as_str(), "true" | "false"));
        assert_eq!(dynamic_value("randomAlphaNumeric").len(), 1);
        assert_eq!(dynamic_value("randomFirstName"), "");
    }

    #[test]
    fn dates_from_day_counts() {
        // 2000-03-01 is day 11,017; 1970-01-01 day 0; 2024-02-29 day 19,782.
        assert_eq!(crate::runtime::civil_from_days(0), (1970, 1, 1));
        assert_eq!(crate::runtime::civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(crate::runtime::civil_from_days(19_782), (2024, 2, 29));
    }
}

mod base_url_templates {
    use crate::error::Error;
    use crate::runtime::fill_base_url;

    #[test]
    fn variables_are_filled_checked_and_named_when_missing() {
        let template = "https://{{region}}.api.example.com:{{ port }}";
        let variables = [("region", "region"), ("port", "port")];
        let values = vec![("region", "us".to_owned()), ("port", "8443".to_owned()), ("region", "eu".to_owned())];
        assert_eq!(fill_base_url(template, &variables, &values).expect("filled"), "https://eu.api.example.com:8443", "the last value wins");
        let missing = fill_base_url(template, &variables, &values[..1]).expect_err("port is not set");
        assert!(matches!(&missing, Error::InvalidRequest(m) if m.contains("needs `port`") && m.contains("ClientBuilder::port")), "{missing}");
        for bad in ["evil.com/x", "a@b", "", "eu#", "eu:1"] {
            let values = vec![("region", bad.to_owned()), ("port", "1".to_owned())];
            assert!(fill_base_url(template, &variables, &values).is_err(), "{bad:?} is refused");
        }
    }
}

/// Serves `GET <path>` with the JSON body `routes` gives it, one connection per request.
async fn json_server(routes: &'static [(&'static str, &'static str)]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let text = String::from_utf8_lossy(&head);
            let path = text.split(' ').nth(1).unwrap_or("/");
            let body = routes.iter().find(|(p, _)| *p == path).map_or("{}", |(_, b)| *b);
            let reply = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = stream.write_all(reply.as_bytes()).await;
        }
    });
    format!("http://{addr}")
}

#[derive(Debug, serde::Deserialize)]
struct Typed {
    #[allow(dead_code)]
    id: i64,
}

const UNTYPED_OP: OperationSpec = OperationSpec { name: "get_value", method: "GET", auth: AuthScheme::None, documented: &[] };
const TYPED_OP: OperationSpec = OperationSpec { name: "get_typed", method: "GET", auth: AuthScheme::None, documented: &[] };

#[tokio::test]
async fn the_sample_recorder_writes_untyped_and_undecodable_bodies_only() {
    use crate::runtime::{Pending, RawResponse, SampleRecorder};
    static ROUTES: &[(&str, &str)] = &[
        ("/value", r#"{"id": 1, "session_token": "tok-RECORDED-9", "items": [{"a": true}]}"#),
        ("/value-again", r#"{"id": 2, "session_token": "tok-other", "items": [{"a": false}]}"#),
        ("/value-other", r#"{"id": 3, "extra": null}"#),
        ("/typed-bad", r#"{"id": "not a number"}"#),
        ("/typed-ok", r#"{"id": 5}"#),
    ];
    let base = json_server(ROUTES).await;
    let dir = std::env::temp_dir().join(format!("pcg-recorder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut recording = ClientCore::new(&base, reqwest::Client::new(), Credentials::default()).expect("core");
    recording.set_recorder(Some(SampleRecorder::new(&dir)));
    let plain = ClientCore::new(&base, reqwest::Client::new(), Credentials::default()).expect("core");

    fn untyped<'a>(core: &'a ClientCore, path: &str) -> Pending<'a, serde_json::Value> {
        Pending::new(core, &UNTYPED_OP, Ok(RequestSpec::new(path.to_owned())), RawResponse::json_or_null)
    }
    // Without a recorder nothing is written.
    untyped(&plain, "/value").await.expect("decodes");
    assert!(!dir.exists());
    untyped(&recording, "/value").await.expect("decodes");
    untyped(&recording, "/value-again").await.expect("decodes");
    untyped(&recording, "/value-other").await.expect("decodes");
    let typed = |path: &str| Pending::new(&recording, &TYPED_OP, Ok(RequestSpec::new(path.to_owned())), RawResponse::json::<Typed>);
    typed("/typed-ok").await.expect("decodes");
    assert!(matches!(typed("/typed-bad").await, Err(Error::Decode(_))), "the call's result is kept");

    let list = |op: &str| {
        let mut files: Vec<String> = std::fs::read_dir(dir.join(op)).map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
        files.sort();
        files
    };
    // Two shapes of the untyped operation (the second body had the first's shape); the body that
    // failed to decode; nothing of the one that decoded.
    assert_eq!(list("get_value"), ["200-1.json", "200-2.json", "operation.json"]);
    assert_eq!(list("get_typed"), ["200-1.json", "operation.json"]);
    let first = std::fs::read_to_string(dir.join("get_value/200-1.json")).expect("sample");
    assert!(first.contains("\"redacted\"") && !first.contains("tok-RECORDED-9"), "{first}");
    let sidecar: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("get_value/operation.json")).expect("sidecar")).expect("json");
    assert_eq!(sidecar["operation"], "get_value");
    assert_eq!(sidecar["samples"][1], serde_json::json!({"file": "200-2.json", "status": 200, "content_type": "application/json"}));
    assert_eq!(std::fs::read_to_string(dir.join("get_typed/200-1.json")).expect("sample").trim(), "{\n  \"id\": \"not a number\"\n}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_sample_recorder_keeps_a_few_per_status() {
    let dir = std::env::temp_dir().join(format!("pcg-recorder-bound-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let recorder = crate::runtime::SampleRecorder::new(&dir);
    for n in 0..10 {
        recorder.record("op", 200, None, format!("{{\"f{n}\": 1}}").as_bytes());
    }
    assert_eq!(recorder.record("op", 200, None, b"not json"), None);
    assert_eq!(recorder.record("../escape", 200, None, b"{}"), None);
    assert_eq!(std::fs::read_dir(dir.join("op")).expect("dir").count(), crate::runtime::SampleRecorder::MAX_PER_STATUS + 1);
    let _ = std::fs::remove_dir_all(&dir);
}
