//! Example selection: which saved example answers a request that matched a route.
//!
//! Postman's rules, as far as a collection file carries them:
//! - `x-mock-response-name: <example name>` and `x-mock-response-code: <status>` request headers
//!   pick examples explicitly (both may be given; a name or code that no example has is an error that
//!   lists the ones there are);
//! - otherwise every example scores how well its saved request (`originalRequest`) fits: each saved
//!   query parameter, header, literal path segment and the body that the request repeats scores, each
//!   one it contradicts costs; absent ones neither score nor cost;
//! - ties go to a success status (2xx, or no status), then to collection order.

use serde_json::Value;

use postman_codegen::tooling::ir::{Example, ExampleRequest, Operation, Response};

/// The request header naming the example to answer with.
pub const RESPONSE_NAME_HEADER: &str = "x-mock-response-name";
/// The request header naming the status to answer with.
pub const RESPONSE_CODE_HEADER: &str = "x-mock-response-code";

/// Request headers never used to tell examples apart: transport details, credentials and the
/// mock's own controls.
const IGNORED_HEADERS: &[&str] = &[
    "accept-encoding", "authorization", "connection", "content-length", "cookie", "host", "postman-token", "user-agent",
    RESPONSE_NAME_HEADER, RESPONSE_CODE_HEADER,
];

/// What selection looks at in a request.
#[derive(Debug, Clone, Default)]
pub struct RequestView<'a> {
    /// Path segments relative to the base URL, percent-decoded.
    pub path: &'a [String],
    /// Query parameters, decoded, in order.
    pub query: &'a [(String, String)],
    /// Header names (lower case) and values.
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

impl RequestView<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A saved example chosen to answer a request.
#[derive(Debug, Clone, Copy)]
pub struct Chosen<'a> {
    /// The operation it belongs to.
    pub operation: &'a Operation,
    /// Its status group.
    pub response: &'a Response,
    /// The example.
    pub example: &'a Example,
}

impl Chosen<'_> {
    /// The status to answer with (`200` when the example has none).
    pub fn status(&self) -> u16 {
        self.response.status.unwrap_or(200)
    }
}

/// Why no example answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoExample {
    /// The matched operations have no saved examples at all.
    NoneSaved,
    /// `x-mock-response-name` names no example; these are the names there are.
    UnknownName {
        /// The requested name.
        name: String,
        /// The examples' names.
        available: Vec<String>,
    },
    /// `x-mock-response-code` is not a status of any example (or not a number); these are the ones there are.
    UnknownCode {
        /// The requested code, as sent.
        code: String,
        /// The examples' statuses.
        available: Vec<u16>,
    },
}

/// Chooses the example of `operations` (the operations of the matched route) that answers `request`.
pub fn select<'a>(operations: &[&'a Operation], request: &RequestView<'_>) -> Result<Chosen<'a>, NoExample> {
    let mut candidates: Vec<Chosen<'a>> = operations
        .iter()
        .flat_map(|operation| {
            operation.responses.iter().flat_map(move |response| response.examples.iter().map(move |example| Chosen { operation, response, example }))
        })
        .collect();
    if candidates.is_empty() {
        return Err(NoExample::NoneSaved);
    }
    if let Some(name) = request.header(RESPONSE_NAME_HEADER) {
        let exact: Vec<Chosen<'a>> = candidates.iter().copied().filter(|c| c.example.name == name).collect();
        let loose: Vec<Chosen<'a>> = if exact.is_empty() {
            candidates.iter().copied().filter(|c| c.example.name.trim().eq_ignore_ascii_case(name.trim())).collect()
        } else {
            exact
        };
        if loose.is_empty() {
            let mut available: Vec<String> = Vec::new();
            for candidate in &candidates {
                if !available.contains(&candidate.example.name) {
                    available.push(candidate.example.name.clone());
                }
            }
            return Err(NoExample::UnknownName { name: name.to_owned(), available });
        }
        candidates = loose;
    }
    if let Some(code) = request.header(RESPONSE_CODE_HEADER) {
        let wanted = code.trim().parse::<u16>().ok();
        let kept: Vec<Chosen<'a>> = candidates.iter().copied().filter(|c| Some(c.status()) == wanted).collect();
        if kept.is_empty() {
            let mut available: Vec<u16> = candidates.iter().map(Chosen::status).collect();
            available.sort_unstable();
            available.dedup();
            return Err(NoExample::UnknownCode { code: code.to_owned(), available });
        }
        candidates = kept;
    }
    // The best score; ties go to success statuses, then to the first in collection order.
    let mut best: Option<(i64, bool, Chosen<'a>)> = None;
    for candidate in candidates {
        let score = candidate.example.request.as_ref().map_or(0, |saved| score(saved, request));
        let success = (200..300).contains(&candidate.status());
        if best.as_ref().is_none_or(|(s, ok, _)| (score, success) > (*s, *ok)) {
            best = Some((score, success, candidate));
        }
    }
    best.map(|(_, _, chosen)| chosen).ok_or(NoExample::NoneSaved)
}

/// How well a request fits an example's saved request: `+2` for each saved query parameter and
/// header the request repeats, `+1` where the saved value is a `{{variable}}` and the request has
/// one, `-1` for each it contradicts; `+1`/`-1` for each literal path segment it repeats or
/// contradicts; `+3` for the same body.
fn score(saved: &ExampleRequest, request: &RequestView<'_>) -> i64 {
    let mut score = 0;
    for (key, value) in &saved.query {
        let sent: Vec<&str> = request.query.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect();
        score += fit(value, &sent);
    }
    for (name, value) in &saved.headers {
        let name = name.trim().to_ascii_lowercase();
        if IGNORED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let sent: Vec<&str> = request.headers.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.as_str()).collect();
        score += fit(value.trim(), &sent);
    }
    // The saved path may carry the base URL's path: align the ends.
    if saved.path.len() >= request.path.len() {
        let tail = &saved.path[saved.path.len() - request.path.len()..];
        for (saved_segment, sent) in tail.iter().zip(request.path) {
            let saved_segment = super::routes::decode(saved_segment);
            if saved_segment.starts_with(':') || saved_segment.contains("{{") {
                continue;
            }
            score += if *saved_segment == **sent { 1 } else { -1 };
        }
    }
    if let Some(body) = saved.body.as_deref().filter(|b| !b.trim().is_empty()) {
        if same_body(body, request.body) {
            score += 3;
        }
    }
    score
}

/// The score of one saved value against the values sent under its name.
fn fit(saved: &str, sent: &[&str]) -> i64 {
    if sent.is_empty() {
        0
    } else if saved.contains("{{") || saved.is_empty() {
        1
    } else if sent.contains(&saved) {
        2
    } else {
        -1
    }
}

fn same_body(saved: &str, sent: &[u8]) -> bool {
    match (serde_json::from_str::<Value>(saved), serde_json::from_slice::<Value>(sent)) {
        (Ok(a), Ok(b)) => a == b,
        _ => saved.trim().as_bytes() == sent.trim_ascii(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn example(name: &str, query: &[(&str, &str)], path: &[&str], headers: &[(&str, &str)], body: Option<&str>) -> Example {
        let pairs = |items: &[(&str, &str)]| items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Example {
            name: name.to_owned(),
            content_type: None,
            body: name.to_owned(),
            json: false,
            clean_json: None,
            realised: None,
            shape: None,
            headers: Vec::new(),
            request: Some(ExampleRequest {
                method: Some("GET".into()),
                path: path.iter().map(|s| (*s).to_owned()).collect(),
                query: pairs(query),
                headers: pairs(headers),
                body: body.map(str::to_owned),
            }),
            captured: None,
        }
    }

    fn response(status: Option<u16>, examples: Vec<Example>) -> Response {
        Response { status, reason: None, summary: Vec::new(), error_codes: Vec::new(), examples, body_type: None }
    }

    fn operation(responses: Vec<Response>) -> Operation {
        testing::operation("op", "GET", Vec::new(), Vec::new(), responses)
    }

    fn chosen(op: &Operation, path: &[&str], query: &[(&str, &str)], headers: &[(&str, &str)], body: &str) -> Result<String, NoExample> {
        let path: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> { items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect() };
        let (query, headers) = (pairs(query), pairs(headers));
        let view = RequestView { path: &path, query: &query, headers: &headers, body: body.as_bytes() };
        select(&[op], &view).map(|c| format!("{} {}", c.status(), c.example.name))
    }

    fn users() -> Operation {
        operation(vec![
            response(Some(200), vec![example("ok", &[("page", "1")], &["{{baseUrl}}", "users", ":id"], &[], None)]),
            response(Some(201), vec![example("created", &[], &["users", ":id"], &[], Some(r#"{"a": 1}"#))]),
            response(Some(400), vec![example("bad page", &[("page", "x")], &["users", ":id"], &[], None)]),
            response(
                Some(404),
                vec![
                    example("missing", &[], &["v2", "users", "nobody"], &[], None),
                    example("xml", &[], &["users", ":id"], &[("Accept", "application/xml")], None),
                ],
            ),
        ])
    }

    #[test]
    fn without_hints_the_first_success_answers() {
        let op = users();
        assert_eq!(chosen(&op, &["users", "7"], &[], &[], "").as_deref(), Ok("200 ok"));
        assert_eq!(chosen(&op, &["users", "7"], &[("page", "1")], &[], "").as_deref(), Ok("200 ok"));
        assert_eq!(chosen(&op, &["users", "7"], &[("other", "1")], &[("authorization", "Bearer x")], "").as_deref(), Ok("200 ok"));
    }

    #[test]
    fn saved_requests_pick_examples() {
        let op = users();
        assert_eq!(chosen(&op, &["users", "7"], &[("page", "x")], &[], "").as_deref(), Ok("400 bad page"));
        assert_eq!(chosen(&op, &["users", "nobody"], &[], &[], "").as_deref(), Ok("404 missing"));
        assert_eq!(chosen(&op, &["users", "7"], &[], &[("accept", "application/xml")], "").as_deref(), Ok("404 xml"));
        assert_eq!(chosen(&op, &["users", "7"], &[], &[], r#"{"a":1}"#).as_deref(), Ok("201 created"));
        assert_eq!(chosen(&op, &["users", "7"], &[], &[], r#"{"a":2}"#).as_deref(), Ok("200 ok"));
    }

    #[test]
    fn mock_headers_pick_examples_explicitly() {
        let op = users();
        let by_name = |name: &str| chosen(&op, &["users", "7"], &[], &[(RESPONSE_NAME_HEADER, name)], "");
        assert_eq!(by_name("missing").as_deref(), Ok("404 missing"));
        assert_eq!(by_name(" BAD PAGE ").as_deref(), Ok("400 bad page"));
        let Err(NoExample::UnknownName { available, .. }) = by_name("nope") else { panic!("an unknown name is an error") };
        assert_eq!(available, ["ok", "created", "bad page", "missing", "xml"]);
        let by_code = |code: &str| chosen(&op, &["users", "7"], &[], &[(RESPONSE_CODE_HEADER, code)], "");
        assert_eq!(by_code("404").as_deref(), Ok("404 xml"), "`missing` was saved for another user");
        let nobody = chosen(&op, &["users", "nobody"], &[], &[(RESPONSE_CODE_HEADER, "404")], "");
        assert_eq!(nobody.as_deref(), Ok("404 missing"));
        assert_eq!(by_code("201").as_deref(), Ok("201 created"));
        assert_eq!(by_code("500"), Err(NoExample::UnknownCode { code: "500".into(), available: vec![200, 201, 400, 404] }));
        assert!(matches!(by_code("abc"), Err(NoExample::UnknownCode { .. })));
        let both = chosen(&op, &["users", "7"], &[], &[(RESPONSE_CODE_HEADER, "404"), (RESPONSE_NAME_HEADER, "xml")], "");
        assert_eq!(both.as_deref(), Ok("404 xml"));
    }

    #[test]
    fn no_examples_and_statusless_examples() {
        assert_eq!(chosen(&operation(Vec::new()), &[], &[], &[], ""), Err(NoExample::NoneSaved));
        let op = operation(vec![response(None, vec![example("plain", &[], &[], &[], None)])]);
        assert_eq!(chosen(&op, &[], &[], &[], "").as_deref(), Ok("200 plain"));
    }
}
