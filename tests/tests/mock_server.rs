//! `postman-codegen mock` over HTTP: routing, example selection, saved headers, 404 suggestions,
//! `--validate`, and shutdown.

use std::path::Path;

use e2e_tests::{MockApi, MockOptions, MockServer, Outcome, Reply};
use serde_json::{json, Value};

fn example(name: &str, code: u16, path: &[&str], query: &[(&str, &str)], body: &str, headers: Value) -> Value {
    let query: Vec<Value> = query.iter().map(|(k, v)| json!({"key": k, "value": v})).collect();
    json!({
        "name": name, "code": code, "header": headers, "body": body,
        "originalRequest": {"method": "GET", "url": {"raw": "", "host": ["{{baseUrl}}"], "path": path, "query": query}}
    })
}

/// A small collection whose base URL has a path (`/api/v1`).
fn collection() -> Value {
    json!({
        "info": {"name": "Mock test", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "baseUrl", "value": "https://example.com/api/v1"}],
        "item": [
            {"name": "Get user", "request": {"method": "GET", "url": {"raw": "{{baseUrl}}/users/:id?verbose=true&limit=10",
                "host": ["{{baseUrl}}"], "path": ["users", ":id"],
                "query": [{"key": "verbose", "value": "true"}, {"key": "limit", "value": "10", "description": "(Required) How many."}]}},
             "response": [
                example("found", 200, &["users", ":id"], &[], r#"{"id": "u1", "name": "Ann"}"#,
                    json!([{"key": "Content-Type", "value": "application/json"}, {"key": "X-Request-Id", "value": "abc"}, {"key": "Content-Length", "value": "999"}])),
                example("nobody", 404, &["users", "nobody"], &[], r#"{"error": "no such user"}"#, json!([{"key": "Content-Type", "value": "application/json"}])),
                example("limited", 429, &["users", ":id"], &[("limit", "1000")], "slow down", json!([{"key": "Retry-After", "value": "30"}])),
             ]},
            {"name": "Get me", "request": {"method": "GET", "url": "{{baseUrl}}/users/me"},
             "response": [example("me", 200, &["users", "me"], &[], r#"{"id": "me"}"#, json!([]))]},
            {"name": "Create user", "request": {"method": "POST", "url": "{{baseUrl}}/users",
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": {"mode": "raw", "raw": "{\"name\": \"Ann\", \"age\": 30, \"tags\": [\"a\"]}"}},
             "response": [{"name": "created", "code": 201, "body": "{\"id\": \"u2\"}"}]},
            {"name": "Delete user", "request": {"method": "DELETE", "url": "{{baseUrl}}/users/:id"}},
            {"name": "Export", "request": {"method": "GET", "url": "{{baseUrl}}/exports/:id.csv"},
             "response": [{"name": "csv", "code": 200, "header": [{"key": "Content-Type", "value": "text/csv"}], "body": "a,b\n1,2\n"}]}
        ]
    })
}

async fn start(options: MockOptions) -> MockServer {
    let bytes = serde_json::to_vec(&collection()).expect("json");
    let mut diagnostics = postman_codegen::tooling::Diagnostics::default();
    let api = MockApi::from_bytes(Path::new("mock-test.postman_collection.json"), &bytes, &mut diagnostics).expect("loads");
    MockServer::start(api, "127.0.0.1:0", MockOptions { record: true, ..options }).await.expect("starts")
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.expect("body");
    Answer { status, headers, body }
}

#[tokio::test]
async fn routes_with_and_without_the_base_path_answer_with_the_saved_example() {
    let server = start(MockOptions::default()).await;
    assert_eq!(server.base_url(), format!("{}/api/v1", server.url()));
    let http = reqwest::Client::new();
    for url in [format!("{}/users/42", server.base_url()), format!("{}/users/42", server.url())] {
        let answer = send(http.get(url)).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.json(), json!({"id": "u1", "name": "Ann"}));
        assert_eq!(answer.headers["x-request-id"], "abc", "saved headers are replayed");
        assert_eq!(answer.headers["content-type"], "application/json");
        assert_eq!(answer.headers["content-length"], answer.body.len().to_string(), "the saved Content-Length is not");
    }
    let me = send(http.get(format!("{}/users/me", server.base_url()))).await;
    assert_eq!((me.status, me.body.as_str()), (200, r#"{"id": "me"}"#), "a literal route beats a parameter");
    let csv = send(http.get(format!("{}/exports/7.csv", server.base_url()))).await;
    assert_eq!((csv.status, csv.body.as_str()), (200, "a,b\n1,2\n"));
    assert_eq!(csv.headers["content-type"], "text/csv");
    let created = send(http.post(format!("{}/users", server.base_url())).body(r#"{"name": "Bo"}"#)).await;
    assert_eq!((created.status, created.body.as_str()), (201, r#"{"id": "u2"}"#));
    assert_eq!(created.headers["content-type"], "application/json", "sniffed from a JSON body");
    let head = send(http.head(format!("{}/users/42", server.base_url()))).await;
    assert_eq!((head.status, head.body.as_str()), (200, ""), "HEAD answers like GET, without a body");
    let none = send(http.delete(format!("{}/users/42", server.base_url()))).await;
    assert_eq!(none.status, 501, "a request without saved examples");
    assert_eq!(none.headers["x-mock-error"], "no-example");
    assert!(none.json()["error"].as_str().is_some_and(|e| e.contains("delete_user")), "{}", none.body);

    let outcomes: Vec<Outcome> = server.recorded().into_iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes[0], Outcome::Example { operation: "get_user".into(), example: "found".into() });
    assert_eq!(outcomes[2], Outcome::Example { operation: "get_me".into(), example: "me".into() });
    assert_eq!(outcomes.last(), Some(&Outcome::NoExample { operation: "delete_user".into() }));
    server.shutdown().await.expect("shuts down cleanly");
}

#[tokio::test]
async fn examples_are_chosen_by_saved_requests_and_mock_headers() {
    let server = start(MockOptions::default()).await;
    let http = reqwest::Client::new();
    let user = |id: &str| format!("{}/users/{id}", server.base_url());
    let nobody = send(http.get(user("nobody"))).await;
    assert_eq!((nobody.status, nobody.json()), (404, json!({"error": "no such user"})), "the saved path picks it");
    let limited = send(http.get(user("7")).query(&[("limit", "1000")])).await;
    assert_eq!((limited.status, limited.body.as_str()), (429, "slow down"), "the saved query picks it");
    assert_eq!(limited.headers["retry-after"], "30");
    assert_eq!(limited.headers["content-type"], "text/plain; charset=utf-8");

    let by_name = send(http.get(user("7")).header("x-mock-response-name", "nobody")).await;
    assert_eq!(by_name.status, 404);
    let by_code = send(http.get(user("7")).header("x-mock-response-code", "429")).await;
    assert_eq!(by_code.status, 429);
    let unknown = send(http.get(user("7")).header("x-mock-response-name", "nope")).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.headers["x-mock-error"], "no-such-example");
    assert_eq!(unknown.json()["available"], json!(["found", "nobody", "limited"]));
    let bad_code = send(http.get(user("7")).header("x-mock-response-code", "500")).await;
    assert_eq!((bad_code.status, bad_code.json()["available"].clone()), (400, json!([200, 404, 429])));
}

#[tokio::test]
async fn unknown_routes_get_a_404_listing_the_closest_routes() {
    let server = start(MockOptions::default()).await;
    let answer = send(reqwest::Client::new().get(format!("{}/userz/7", server.base_url()))).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.headers["x-mock-error"], "no-route");
    let body = answer.json();
    assert!(body["error"].as_str().is_some_and(|e| e.contains("GET /api/v1/userz/7")), "{body}");
    assert_eq!(body["closest"][0], json!({"method": "GET", "path": "/users/{id}", "operation": "get_user"}));
    assert!(body["closest"].as_array().is_some_and(|c| !c.is_empty() && c.len() <= 5), "{body}");
    let wrong_method = send(reqwest::Client::new().put(format!("{}/users", server.base_url()))).await;
    assert_eq!(wrong_method.status, 404);
    assert_eq!(wrong_method.json()["closest"][0], json!({"method": "POST", "path": "/users", "operation": "create_user"}));
}

#[tokio::test]
async fn validation_refuses_misfits_with_reasons() {
    let server = start(MockOptions { validate: true, ..MockOptions::default() }).await;
    let http = reqwest::Client::new();
    let user = format!("{}/users/7", server.base_url());
    let fine = send(http.get(&user).query(&[("limit", "5"), ("verbose", "false"), ("unknown", "x")])).await;
    assert_eq!(fine.status, 200, "{}", fine.body);
    let bad = send(http.get(&user).query(&[("verbose", "yes")])).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.headers["x-mock-error"], "invalid");
    assert_eq!(
        bad.json()["problems"],
        json!(["query parameter `verbose`: expected `true` or `false`, got \"yes\"", "query parameter `limit` is required"])
    );
    let users = format!("{}/users", server.base_url());
    let json_body = |body: &str| http.post(&users).header("content-type", "application/json").body(body.to_owned());
    assert_eq!(send(json_body(r#"{"name": "Bo", "tags": []}"#)).await.status, 201, "fields may be left out");
    let misfit = send(json_body(r#"{"name": 5, "agee": 3, "tags": [1]}"#)).await;
    assert_eq!(misfit.status, 400);
    assert_eq!(
        misfit.json()["problems"],
        json!([
            "body.name: expected a string, got 5",
            "body.tags[0]: expected a string, got 1",
            "body: unknown field `agee` (no saved request body has it; did you mean `age`?)"
        ])
    );
    let broken = send(json_body("{")).await;
    assert_eq!(broken.status, 400);
    assert!(broken.json()["problems"][0].as_str().is_some_and(|p| p.starts_with("the body is not valid JSON")), "{}", broken.body);
    let not_validated = start(MockOptions::default()).await;
    let loose = send(http.get(format!("{}/users/7", not_validated.base_url())).query(&[("verbose", "yes")])).await;
    assert_eq!(loose.status, 200, "without --validate anything goes");
}

#[tokio::test]
async fn queued_replies_come_first_and_everything_is_recorded() {
    let server = start(MockOptions::default()).await;
    server.queue(Reply { status: 418, headers: vec![("x-a".into(), "1".into())], body: "teapot".into() });
    let http = reqwest::Client::new();
    let queued = send(http.get(format!("{}/no/such/route", server.url()))).await;
    assert_eq!((queued.status, queued.body.as_str()), (418, "teapot"));
    assert_eq!(queued.headers["x-a"], "1");
    let next = send(http.get(format!("{}/users/1?limit=2", server.base_url())).body("hi")).await;
    assert_eq!(next.status, 200);
    let recorded = server.recorded();
    assert_eq!(recorded.len(), 2);
    assert_eq!((recorded[0].status, &recorded[0].outcome), (418, &Outcome::Queued));
    assert_eq!((recorded[1].method.as_str(), recorded[1].path.as_str()), ("GET", "/api/v1/users/1"));
    assert_eq!((recorded[1].query.as_deref(), recorded[1].body.as_slice()), (Some("limit=2"), &b"hi"[..]));
}

#[tokio::test]
async fn after_shutdown_nothing_listens() {
    let server = start(MockOptions::default()).await;
    let url = format!("{}/users/1", server.base_url());
    assert_eq!(send(reqwest::Client::new().get(&url)).await.status, 200);
    server.shutdown().await.expect("clean shutdown");
    assert!(reqwest::Client::new().get(&url).send().await.is_err(), "the port no longer answers");
}
