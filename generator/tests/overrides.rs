//! `[rename]` and `[[override]]` in `<stem>.codegen.toml`: each kind of override changes the types,
//! and an override that matches nothing is a warning that names it.

use postman_codegen::{generate_file, Options};
use serde_json::json;

/// Generates from a one-request collection with the settings `toml`; returns `src/types.rs`,
/// `src/client.rs` and the warnings.
fn generate(toml: &str) -> (String, String, Vec<String>) {
    let (files, warnings) = generate_files(toml);
    let find = |path: &str| files.iter().find(|(p, _)| p == path).map(|(_, t)| t.clone()).unwrap_or_default();
    (find("src/types.rs"), find("src/client.rs"), warnings)
}

/// Generates from a one-request collection with the settings `toml`; returns every file and the
/// warnings.
fn generate_files(toml: &str) -> (Vec<(String, String)>, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let examples = [
        json!({"id": 1, "status": "active", "when": "2020-01-01T00:00:00Z", "meta": {"a": 1}, "nick": "x", "born": "1990-02-28", "seen": ["2020-01-01T00:00:00.5+02:00"], "left": null, "note": "n"}),
        json!({"id": 2, "status": "gone", "when": "2021-01-01T00:00:00Z", "meta": {"b": 2}, "born": "2000-12-31", "seen": [], "left": "2021"}),
    ];
    let responses: Vec<_> = examples
        .iter()
        .enumerate()
        .map(|(n, body)| json!({"name": format!("ok {n}"), "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": body.to_string()}))
        .collect();
    let collection = json!({
        "info": {"name": "o", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Get a user", "request": {"method": "POST", "url": "https://api.example.com/users/:id", "body": {"mode": "raw", "raw": "{\"left\": null, \"id\": 1}", "options": {"raw": {"language": "json"}}}}, "response": responses}]
    });
    let file = dir.path().join("o.postman_collection.json");
    std::fs::write(&file, collection.to_string()).expect("collection");
    std::fs::write(dir.path().join("o.codegen.toml"), toml).expect("settings");
    let generated = generate_file(&file, &Options::new("o-client")).unwrap_or_else(|e| panic!("{e}"));
    (generated.files, generated.warnings.iter().map(ToString::to_string).collect())
}

/// The text of a generated file, or `""`.
fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files.iter().find(|(p, _)| p == path).map_or("", |(_, text)| text.as_str())
}

#[test]
fn forces_dates_and_date_times() {
    let toml = "[[override]]\nat = \"get_user/when\"\ntype = \"datetime\"\n[[override]]\nat = \"get_user/seen/-\"\ntype = \"datetime\"\n[[override]]\nat = \"get_user/born\"\ntype = \"date\"\n";
    let (files, warnings) = generate_files(toml);
    assert!(warnings.is_empty(), "{warnings:?}");
    let types = file(&files, "src/types.rs");
    assert!(types.contains("pub when: crate::DateTime,"), "{types}");
    assert!(types.contains("pub seen: Vec<crate::DateTime>,"), "{types}");
    assert!(types.contains("pub born: crate::Date,"), "{types}");
    // The runtime file and chrono come with a date type, and only then.
    assert_eq!(file(&files, "src/datetime.rs"), format!("// Copied by postman-codegen from its runtime (the postman-codegen-runtime crate), the same in every generated crate. Do not edit by hand: regenerate instead.\n\n{}", include_str!("../../runtime/src/datetime.rs")));
    assert!(file(&files, "Cargo.toml").contains("\nchrono = { version = \"0.4.38\", default-features = false, features = [\"alloc\"] }\nfutures-core"), "{}", file(&files, "Cargo.toml"));
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("\nmod datetime;\n") && lib.contains("pub use datetime::{Date, DateTime, ParseDateError};"), "{lib}");
    let (plain, _) = generate_files("");
    assert!(file(&plain, "src/datetime.rs").is_empty() && !file(&plain, "Cargo.toml").contains("chrono") && !file(&plain, "src/lib.rs").contains("datetime"));
    assert!(file(&plain, "src/types.rs").contains("pub when: String,"), "no date is inferred without an override");
}

#[test]
fn a_date_override_that_an_example_does_not_fit_is_a_warning() {
    // `when` holds date-times, not dates; `id` holds numbers; `status` holds words.
    let toml = "[[override]]\nat = \"get_user/when\"\ntype = \"date\"\n[[override]]\nat = \"get_user/id\"\ntype = \"datetime\"\n[[override]]\nat = \"get_user/status\"\ntype = \"datetime\"\n";
    let (files, warnings) = generate_files(toml);
    let types = file(&files, "src/types.rs");
    assert!(types.contains("pub when: String,") && types.contains("pub id: i64,") && types.contains("pub status: String,"), "{types}");
    assert!(file(&files, "src/datetime.rs").is_empty() && !file(&files, "Cargo.toml").contains("chrono"));
    let all = warnings.join("\n");
    for needle in [
        "the override at `get_user/when` asks for a `YYYY-MM-DD` date, but the example value \"2020-01-01T00:00:00Z\" is not one: the inferred type is kept",
        "the override at `get_user/id` asks for an RFC 3339 date-time (`2024-05-01T12:30:00Z`), but the examples there are not all strings",
        "the override at `get_user/status` asks for an RFC 3339 date-time (`2024-05-01T12:30:00Z`), but the example value \"active\" is not one",
    ] {
        assert!(all.contains(needle), "{needle} in {all}");
    }
}

#[test]
fn renames_a_type_and_an_operation() {
    let (types, client, warnings) = generate("[rename]\ntypes = { User = \"Account\" }\noperations = { get_user = \"fetch_user\" }\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(types.contains("pub struct Account {") && !types.contains("pub struct User {"), "{types}");
    assert!(client.contains("pub fn fetch_user(") && !client.contains("pub fn get_user("), "{client}");
}

#[test]
fn forces_types_at_pointers() {
    let toml = r#"
[[override]]
at = "get_user/meta"
type = "map"
[[override]]
at = "fetch_user/status"
type = "enum"
values = ["active", "inactive"]
[[override]]
at = "get_user/when"
type = "value"
[[override]]
at = "get_user/id"
type = "string"
[rename]
operations = { get_user = "fetch_user" }
"#;
    let (types, _, warnings) = generate(toml);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(types.contains("pub meta: BTreeMap<String, i64>"), "{types}");
    assert!(types.contains("pub status: Status"), "{types}");
    assert!(types.contains("pub enum Status {") && types.contains("Active,") && types.contains("Inactive,") && types.contains("Other(String)"), "{types}");
    assert!(types.contains("pub when: Value"), "{types}");
    assert!(types.contains("pub id: String"), "{types}");
}

#[test]
fn marks_fields_required_or_optional() {
    let (types, _, warnings) = generate("[[override]]\nat = \"get_user\"\nrequired = [\"nick\"]\noptional = [\"id\"]\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(types.contains("pub nick: String"), "{types}");
    assert!(types.contains("pub id: Option<i64>"), "{types}");
}

#[test]
fn docs_of_fields_made_optional_or_required_say_the_truth() {
    let toml = "[[override]]\nat = \"get_user\"\nrequired = [\"nick\", \"note\"]\noptional = [\"id\", \"left\"]\n[[override]]\nat = \"get_user#request\"\noptional = [\"left\", \"id\"]\n";
    let (types, _, warnings) = generate(toml);
    assert!(warnings.is_empty(), "{warnings:?}");
    let doc = |field: &str, ty: &str| {
        let line = types.lines().position(|l| l.trim() == format!("pub {field}: {ty},")).unwrap_or_else(|| panic!("{field}: {ty} in {types}"));
        // The doc line is just above, or above its `#[serde]` attribute.
        types.lines().take(line).filter(|l| l.trim_start().starts_with("///")).last().map(str::trim).unwrap_or_default().to_owned()
    };
    // Every example has `id`: it is an `Option` by the override, and not "missing from some examples".
    assert_eq!(doc("id", "Option<i64>"), "/// `id`, e.g. `1`. In every example, but an `Option` by an override in the settings file: `None` leaves it out.");
    assert_eq!(
        doc("left", "Option<Option<String>>"),
        "/// `left`, e.g. `\"2021\"`. `null` in some examples, and optional by an override in the settings file: `None` leaves it out, `Some(None)` is `null`."
    );
    // `nick` and `note` are missing from an example: still true, and what the type does about it.
    assert_eq!(
        doc("nick", "String"),
        "/// `nick`, e.g. `\"x\"`. Missing from some examples, but required by an override in the settings file: a missing value decodes as the default."
    );
    // Without an override, the notes stay as they were.
    let (plain, _, _) = generate("");
    assert!(plain.contains("/// `nick`, e.g. `\"x\"`. Missing from some examples.\n"), "{plain}");
    assert!(plain.contains("/// `left`, e.g. `\"2021\"`. `null` in some examples.\n"), "{plain}");
    assert!(plain.contains("/// `id`, e.g. `1`.\n"), "{plain}");
    // Request fields are all `Option`s; their docs report the examples, whatever the override.
    let start = types.find("pub struct UserUpdate {").expect("request body type");
    let request = &types[start..start + types[start..].find("\n}").expect("end of the struct")];
    // The one request example has `left: null`: nothing shows its type.
    assert!(
        request.contains("/// `left`. `null` in every example: `Some(Value::Null)` sends `null`. No example shows a value, so it is a JSON value.\n"),
        "{request}"
    );
    assert!(!request.contains("Missing from some examples"), "{request}");
}

#[test]
fn overrides_that_match_nothing_are_warnings() {
    let toml = r#"
[rename]
types = { Nobody = "X", User = "Option" }
operations = { nothing = "x" }
[[override]]
at = "get_user/no/such/place"
type = "map"
[[override]]
at = "get_user"
required = ["missing_field"]
"#;
    let (types, _, warnings) = generate(toml);
    assert!(types.contains("pub struct User {"), "a reserved name is refused");
    let all = warnings.join("\n");
    for needle in ["`Nobody`", "`nothing`", "`get_user/no/such/place`", "`missing_field`", "cannot be renamed `Option`"] {
        assert!(all.contains(needle), "{needle} in {all}");
    }
}

#[test]
fn scalar_overrides_say_what_the_examples_could_not() {
    // `nick` is text in the examples (as a bare word for a type would be), `id` a number, `note` a
    // string; the round-trip data realises the values that do not fit the forced type.
    let toml = "[[override]]\nat = \"get_user/nick\"\ntype = \"integer\"\n[[override]]\nat = \"get_user/id\"\ntype = \"string\"\n[[override]]\nat = \"get_user/note\"\ntype = \"boolean\"\n[[override]]\nat = \"get_user/meta/a\"\ntype = \"number\"\n[[override]]\nat = \"get_user#request/id\"\ntype = \"boolean\"\n";
    let (files, warnings) = generate_files(toml);
    assert!(warnings.is_empty(), "{warnings:?}");
    let types = file(&files, "src/types.rs");
    for field in ["pub nick: Option<i64>,", "pub id: String,", "pub note: Option<bool>,", "pub a: Option<f64>,", "pub id: Option<bool>,"] {
        assert!(types.contains(field), "{field} in {types}");
    }
    let first: serde_json::Value = serde_json::from_str(file(&files, "tests/examples/get_user_200_1.json")).expect("JSON");
    assert_eq!((&first["nick"], &first["id"], &first["note"], &first["meta"]["a"]), (&json!(1), &json!("1"), &json!(true), &json!(1)));
    let second: serde_json::Value = serde_json::from_str(file(&files, "tests/examples/get_user_200_2.json")).expect("JSON");
    assert_eq!((&second["id"], &second["status"]), (&json!("2"), &json!("gone")), "only the forced places change");
    let body: serde_json::Value = serde_json::from_str(file(&files, "tests/examples/get_user_body_1.json")).expect("JSON");
    assert_eq!(body, json!({"left": null, "id": true}));
}
