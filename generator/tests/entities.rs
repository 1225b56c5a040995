//! Entities across operations (`tests/collections/entities.postman_collection.json`): a repository
//! returned by three operations with slightly different fields, and listed by a fourth, is one
//! `Repository` type; a page and a database with the same keys stay apart by their `object`
//! constant; the request body that creates a repository stays a request type. The merged type
//! keeps its name when an item is added before the others.

use std::path::{Path, PathBuf};

use postman_codegen::tooling::ir::{Api, Presence, TypeRef};
use postman_codegen::tooling::{api_from_bytes_with, Diagnostics};
use postman_codegen::{generate, Options, Settings};
use serde_json::{json, Value};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/entities.postman_collection.json")
}

fn api_of(bytes: &[u8], config: &Settings) -> Api {
    api_from_bytes_with(&fixture(), bytes, config, &mut Diagnostics::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The named type an operation's success body is (or is a list of).
fn success(api: &Api, operation: &str) -> usize {
    let op = api.operations.iter().find(|op| op.name == operation).unwrap_or_else(|| panic!("no operation {operation}"));
    match op.success_type.as_ref().map(TypeRef::leaf) {
        Some(TypeRef::Named(i)) => *i,
        other => panic!("{operation}: {other:?}"),
    }
}

#[test]
fn one_repository_type_for_every_operation_that_returns_one() {
    let bytes = std::fs::read(fixture()).expect("fixture");
    let api = api_of(&bytes, &Settings::default());
    let repository = success(&api, "get_repository");
    for operation in ["create_repository", "create_fork", "list_repositories"] {
        assert_eq!(success(&api, operation), repository, "{operation}");
    }
    let def = &api.types[repository];
    assert_eq!(def.name, "Repository");
    // The union of the fields: those some operations leave out are optional.
    let presence = |key: &str| def.fields.iter().find(|f| f.wire_name == key).map(|f| f.presence);
    assert_eq!(presence("id"), Some(Presence::Always));
    assert_eq!(presence("fork"), Some(Presence::Optional));
    assert_eq!(presence("forks_count"), Some(Presence::Optional));
    assert_eq!(presence("description"), Some(Presence::Nullable));
    // One owner type too.
    assert_eq!(api.types.iter().filter(|t| t.name.contains("Owner")).count(), 1);

    // A database is a page with a title, but a different `object`: two types, named for their paths.
    let (page, database) = (success(&api, "get_page"), success(&api, "get_database"));
    assert_ne!(page, database);
    assert_eq!((api.types[page].name.as_str(), api.types[database].name.as_str()), ("Page", "Database"));

    // The request body merges only with request bodies.
    let op = api.operations.iter().find(|op| op.name == "create_repository").expect("create");
    let (_, body) = op.body_samples().expect("a JSON body");
    assert!(matches!(body, TypeRef::Named(i) if *i != repository && api.types[*i].name == "NewRepository"), "{body:?}");

    // The generated crate has the one struct and every example still fits it (the round-trip
    // tests of the crate compile against it).
    let generated = generate(&fixture(), &bytes, &Options::new("entities-client")).unwrap_or_else(|e| panic!("{e}"));
    let types = generated.files.iter().find(|(p, _)| p == "src/types.rs").map(|(_, t)| t.as_str()).expect("types.rs");
    assert_eq!(types.matches("pub struct Repository {").count(), 1);
    assert!(!types.contains("CreateForkResponse") && !types.contains("ListRepositoriesResponseItem"), "{types}");
}

#[test]
fn a_merged_type_keeps_its_name_when_an_item_is_added_first() {
    let bytes = std::fs::read(fixture()).expect("fixture");
    let before = api_of(&bytes, &Settings::default());
    let mut collection: Value = serde_json::from_slice(&bytes).expect("json");
    // A starred repository, first in the collection, with a field more: it joins the entity.
    let starred = json!({
        "name": "Get a starred repository",
        "request": {"method": "GET", "header": [], "url": {"raw": "{{baseUrl}}/starred/:starId", "host": ["{{baseUrl}}"], "path": ["starred", ":starId"]}},
        "response": [{"name": "OK", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": json!({"id": 9, "name": "s", "full_name": "o/s", "private": true, "owner": {"login": "o", "id": 2, "url": "u"}, "description": "d", "fork": false, "starred_at": "2024"}).to_string()}]
    });
    collection["item"].as_array_mut().expect("items").insert(0, starred);
    let mut config = Settings::default();
    config.previous.types.clone_from(&before.type_names);
    config.previous.operations.clone_from(&before.operation_names);
    let after = api_of(collection.to_string().as_bytes(), &config);
    let repository = success(&after, "get_repository");
    assert_eq!(after.types[repository].name, "Repository");
    assert_eq!(success(&after, "get_starred_repository"), repository, "the new item returns the entity too");
}

#[test]
fn the_type_measures_tell_merged_entities_from_bodies_of_the_other_role() {
    let bytes = std::fs::read(fixture()).expect("fixture");
    let stats = postman_codegen::tooling::stats::type_stats(&api_of(&bytes, &Settings::default()));
    // Repository, Page and Database have five fields or more. The four repositories are one type;
    // Page and Database still count as near-duplicates, which their `object` constants keep apart.
    // The body that creates a repository has fewer fields.
    assert_eq!((stats.structs, stats.near_duplicates, stats.cross_role, stats.operation_named), (3, 2, 0, 0), "{stats:?}");
}

/// The API of the fixture under the settings `toml`, and the warnings.
fn api_with(toml: &str) -> (Api, Vec<String>) {
    let bytes = std::fs::read(fixture()).expect("fixture");
    let config = Settings::parse(Path::new("entities.codegen.toml"), toml).unwrap_or_else(|e| panic!("{e}"));
    let mut diagnostics = Diagnostics::default();
    let api = api_from_bytes_with(&fixture(), &bytes, &config, &mut diagnostics).unwrap_or_else(|e| panic!("{e}"));
    (api, diagnostics.warnings().iter().map(|w| w.message.clone()).collect())
}

#[test]
fn the_settings_merge_what_inference_keeps_apart_and_name_the_result() {
    // The merged type takes the name of its first place (`get_database` sorts before `get_page`),
    // which `[rename]` changes.
    let (api, warnings) = api_with("[[merge]]\ntypes = [\"Page\", \"Database\"]\n\n[rename.types]\nDatabase = \"NotionObject\"\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    let (page, database) = (success(&api, "get_page"), success(&api, "get_database"));
    assert_eq!(page, database);
    assert_eq!(api.types[page].name, "NotionObject");
    // The union of the fields: the database's title is optional.
    let title = api.types[page].fields.iter().find(|f| f.wire_name == "title").expect("title");
    assert_eq!(title.presence, Presence::Optional);
}

#[test]
fn the_settings_keep_apart_what_inference_would_merge() {
    let (api, warnings) = api_with("[[keep_apart]]\nat = [\"get_repository\", \"create_fork\"]\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_ne!(success(&api, "get_repository"), success(&api, "create_fork"));
    // The others still merge with one of them.
    assert_eq!(success(&api, "list_repositories"), success(&api, "get_repository"));
}

#[test]
fn rules_that_match_nothing_or_cross_roles_are_warnings() {
    let (api, warnings) = api_with("[[merge]]\ntypes = [\"Nope\", \"Page\"]\n\n[[keep_apart]]\nat = [\"get_page\", \"no_such_operation\"]\n");
    assert_eq!(
        warnings,
        [
            "the settings file's [[merge]] names the type `Nope`, which does not exist",
            "a [[merge]] in the settings file names fewer than two types or places that exist: it does nothing",
            "the settings file names `no_such_operation` in a [[merge]] or [[keep_apart]], but no object there can be merged",
        ]
    );
    assert_ne!(success(&api, "get_page"), success(&api, "get_database"));
    let (_, warnings) = api_with("[[merge]]\ntypes = [\"Repository\", \"NewRepository\"]\n");
    assert_eq!(warnings, ["the settings file merges `Repository`, `NewRepository`, but request bodies merge only with request bodies"]);
}

/// An item of [`collection_of`]: name, method, path, request body, responses by status.
type Item<'a> = (&'a str, &'a str, &'a str, Option<Value>, Vec<(u16, Value)>);

/// A collection called `Shop API` of `items` (name, method, path with an optional `?query`, request
/// body, responses by status) at `https://api.example.com`.
fn collection_of(items: &[Item<'_>]) -> Vec<u8> {
    let items: Vec<Value> = items
        .iter()
        .map(|(name, method, path, body, response)| {
            let (path, query) = path.split_once('?').unwrap_or((path, ""));
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            let query: Vec<Value> = query.split('&').filter_map(|pair| pair.split_once('=')).map(|(key, value)| json!({"key": key, "value": value})).collect();
            let mut request = json!({"method": method, "header": [], "url": {"raw": format!("https://api.example.com/{}", segments.join("/")), "protocol": "https", "host": ["api", "example", "com"], "path": segments, "query": query}});
            if let Some(body) = body {
                request["body"] = json!({"mode": "raw", "raw": body.to_string(), "options": {"raw": {"language": "json"}}});
            }
            let responses: Vec<Value> = response
                .iter()
                .map(|(code, r)| json!({"name": format!("{code}"), "code": code, "status": reason(*code), "header": [{"key": "Content-Type", "value": "application/json"}], "body": r.to_string()}))
                .collect();
            json!({"name": name, "request": request, "response": responses})
        })
        .collect();
    let collection = json!({"info": {"name": "Shop API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": items});
    serde_json::to_vec(&collection).expect("json")
}

/// The reason phrase of a status the tests use.
fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        _ => "",
    }
}

/// The named type of an operation's JSON request body.
fn request_body(api: &Api, operation: &str) -> usize {
    let op = api.operations.iter().find(|op| op.name == operation).unwrap_or_else(|| panic!("no operation {operation}"));
    match op.body_samples().map(|(_, ty)| ty.leaf()) {
        Some(TypeRef::Named(i)) => *i,
        other => panic!("{operation}: {other:?}"),
    }
}

#[test]
fn bodies_sent_to_one_endpoint_are_one_entity() {
    let bytes = collection_of(&[
        ("Book a hotel", "POST", "/orders/createBooking", Some(json!({"agency": "A1", "travelers": [{"name": "x"}], "hotel": {"code": "H"}, "payment": {"card": "4111"}})), vec![]),
        ("Book a car", "POST", "/orders/createBooking", Some(json!({"agency": "A1", "travelers": [{"name": "y"}], "car": {"code": "C"}, "payment": {"card": "4111"}, "remarks": ["r"]})), vec![]),
        // The same endpoint, but the agency is a number here: merging would cost it its type.
        ("Book with an agency number", "POST", "/orders/createBooking", Some(json!({"agency": 7, "travelers": [], "payment": {"card": "4111"}})), vec![]),
        ("Cancel a booking", "POST", "/orders/cancelBooking", Some(json!({"confirmationId": "X", "agency": "A1", "travelers": []})), vec![]),
    ]);
    let api = api_of(&bytes, &Settings::default());
    let (hotel, car) = (request_body(&api, "book_hotel"), request_body(&api, "book_car"));
    // Their keys overlap by a half (Jaccard), too little for bodies of two endpoints.
    assert_eq!(hotel, car);
    let def = &api.types[hotel];
    assert_eq!(def.name, "CreateBookingRequest");
    let presence = |key: &str| def.fields.iter().find(|f| f.wire_name == key).map(|f| f.presence);
    assert_eq!((presence("agency"), presence("hotel"), presence("car")), (Some(Presence::Always), Some(Presence::Optional), Some(Presence::Optional)));
    assert_ne!(request_body(&api, "book_with_agency_number"), hotel);
    assert_ne!(request_body(&api, "cancel_booking"), hotel);
}

#[test]
fn the_body_of_get_by_id_owns_the_entity_name_and_a_merged_body_takes_any_of_its_path_names() {
    let endpoint = |version: Value| json!({"name": "logs", "bucket": "b", "version": version, "service_id": "s", "created_at": "2024-01-01T00:00:00Z"});
    let condition = json!({"name": "c", "statement": "req.url", "priority": 10, "service_id": "s", "version": 1});
    let bytes = collection_of(&[
        // Sorted first, and its `version` is a string: not the type the GET returns. With the
        // update's body it is one type, which the update's path would name `S3` too.
        ("Create an S3 endpoint", "POST", "/logging/s3", None, vec![(200, endpoint(json!("2")))]),
        ("Get an S3 endpoint", "GET", "/logging/s3/:name", None, vec![(200, endpoint(json!(2)))]),
        ("Update an S3 endpoint", "PUT", "/logging/s3/:name", None, vec![(200, endpoint(json!("3")))]),
        ("Add a condition", "POST", "/conditions", None, vec![(200, condition.clone())]),
        ("Update a condition", "PUT", "/conditions/:name", None, vec![(200, condition)]),
    ]);
    let api = api_of(&bytes, &Settings::default());
    let name = |operation: &str| api.types[success(&api, operation)].name.clone();
    assert_eq!(name("get_s3_endpoint"), "S3");
    assert_eq!(success(&api, "create_s3_endpoint"), success(&api, "update_s3_endpoint"));
    assert_eq!(name("create_s3_endpoint"), "CreateS3EndpointResponse");
    // One type, named from the path of the update though the creation sorts first.
    assert_eq!(success(&api, "add_condition"), success(&api, "update_condition"));
    assert_eq!(name("add_condition"), "Condition");
}

#[test]
fn error_bodies_of_several_operations_are_the_apis_error() {
    let bytes = collection_of(&[
        ("Get an order", "GET", "/orders/:id", None, vec![(404, json!({"name": "RESOURCE_NOT_FOUND", "message": "No order", "debug_id": "d1", "details": [{"issue": "INVALID"}], "links": [{"href": "h"}]}))]),
        // A third of the keys differ: two shapes of one error, which only error bodies merge at.
        ("Create an order", "POST", "/orders", None, vec![(400, json!({"name": "INVALID_REQUEST", "message": "Bad", "debug_id": "d2", "information_link": "l", "details": [], "links": [], "sys": {"region": "eu"}}))]),
        ("Capture an order", "POST", "/orders/:id/capture", None, vec![(422, json!({"name": "UNPROCESSABLE", "message": "No", "debug_id": "d3", "details": [], "links": []}))]),
        // A success body with every key of the first error and more is not an error.
        ("Get a report", "GET", "/reports/:id", None, vec![(200, json!({"id": 1, "total": 2, "created": "today", "name": "r", "message": "m", "debug_id": "d", "details": [], "links": []}))]),
        // Two operations say too many requests in another shape.
        ("List orders", "GET", "/orders", None, vec![(429, json!({"code": 429, "retry_after": 3, "message": "slow down"}))]),
        ("List reports", "GET", "/reports", None, vec![(429, json!({"code": 429, "retry_after": 5, "message": "slow down"}))]),
    ]);
    let api = api_of(&bytes, &Settings::default());
    let error = |operation: &str, status: u16| {
        let op = api.operations.iter().find(|op| op.name == operation).unwrap_or_else(|| panic!("no operation {operation}"));
        match op.responses.iter().find(|r| r.status == Some(status)).and_then(|r| r.body_type.as_ref()).map(TypeRef::leaf) {
            Some(TypeRef::Named(i)) => *i,
            other => panic!("{operation} {status}: {other:?}"),
        }
    };
    let shop = error("get_order", 404);
    assert_eq!((error("create_order", 400), error("capture_order", 422)), (shop, shop));
    assert_eq!(api.types[shop].name, "ShopError");
    let report = success(&api, "get_report");
    assert_ne!(report, shop);
    assert_eq!(api.types[report].name, "Report");
    let slow = error("list_orders", 429);
    assert_eq!(error("list_reports", 429), slow);
    assert_eq!(api.types[slow].name, "TooManyRequestsError");
}

#[test]
fn objects_their_places_name_alike_merge_with_fewer_keys_in_common_where_the_query_chooses_fields() {
    // Twitter's `tweet.fields`: each request chooses the fields, so one tweet has few keys of another.
    let one = json!({"data": {"id": "1", "text": "t", "author_id": "2", "created_at": "2021", "conversation_id": "1"}});
    let found = json!({"data": [{"id": "3", "text": "u", "lang": "en", "source": "web", "possibly_sensitive": false, "author_id": "2", "created_at": "2021", "geo": {"place_id": "p"}}], "meta": {"result_count": 1}});
    let bytes = collection_of(&[
        ("Get a tweet", "GET", "/tweets/:id?tweet.fields=author_id,created_at", None, vec![(200, one)]),
        ("Search recent tweets", "GET", "/tweets/search/recent?query=x&tweet.fields=lang", None, vec![(200, found)]),
        // Four of the five keys of the first tweet, but under another name.
        ("Get a user", "GET", "/users/:id?user.fields=created_at", None, vec![(200, json!({"data": {"id": "2", "text": "bio", "author_id": "2", "created_at": "2020", "username": "u"}}))]),
        // Two bodies alike where the query chooses no fields: the smaller object may be a summary.
        ("Get a post", "GET", "/posts/:id", None, vec![(200, json!({"data": {"id": "1", "body": "t", "author_id": "2", "created_at": "2021", "reply_to": "1"}}))]),
        (
            "Search recent posts",
            "GET",
            "/posts/search/recent?query=x",
            None,
            vec![(200, json!({"data": [{"id": "3", "body": "u", "lang": "en", "source": "web", "sensitive": false, "author_id": "2", "created_at": "2021", "location": "l"}]}))],
        ),
    ]);
    let api = api_of(&bytes, &Settings::default());
    let tweet_of = |operation: &str| {
        let envelope = &api.types[success(&api, operation)];
        match envelope.fields.iter().find(|f| f.wire_name == "data").map(|f| f.ty.leaf()) {
            Some(TypeRef::Named(i)) => *i,
            other => panic!("{operation}: {other:?}"),
        }
    };
    let tweet = tweet_of("get_tweet");
    assert_eq!(tweet_of("search_recent_tweets"), tweet);
    assert_eq!(api.types[tweet].name, "Tweet");
    let presence = |key: &str| api.types[tweet].fields.iter().find(|f| f.wire_name == key).map(|f| f.presence);
    assert_eq!((presence("id"), presence("lang"), presence("conversation_id")), (Some(Presence::Always), Some(Presence::Optional), Some(Presence::Optional)));
    assert_ne!(tweet_of("get_user"), tweet);
    assert_ne!(tweet_of("get_post"), tweet_of("search_recent_posts"));
}
