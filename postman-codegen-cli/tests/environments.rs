//! Environments, globals and `--var`: resolution in Postman's order, named base URLs, and secrets
//! that never reach the generated crate.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::json;

const SECRETS: &[&str] = &["tok-SECRET-456", "cs-LITERAL-123", "AKIA-COLLECTION-9", "glob-PASSWORD-1", "AKIA-LITERAL-HEADER-7", "AKIA-LITERAL-QUERY-8", "CS-BODY-LITERAL-5", "AT-RESPONSE-LITERAL-6", "GQL-PASSWORD-7", "FORM-PASSWORD-8", "424242"];

fn collection() -> serde_json::Value {
    json!({
        "info": {"name": "Things", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{accessToken}}", "type": "string"}]},
        "variable": [
            {"key": "client_secret", "value": "cs-LITERAL-123"},
            {"key": "apiKey", "value": "AKIA-COLLECTION-9"},
            {"key": "region", "value": "us"}
        ],
        "item": [
            {"name": "List things", "request": {
                "method": "GET",
                "header": [{"key": "X-Tenant", "value": "{{tenant}}"}, {"key": "X-Api-Key", "value": "{{apiKey}}"}, {"key": "X-Partner-Token", "value": "AKIA-LITERAL-HEADER-7"}],
                "url": {"raw": "https://{{region}}.api.example.com/v1/things?limit=10&api_key=AKIA-LITERAL-QUERY-8", "protocol": "https", "host": ["{{region}}", "api", "example", "com"], "path": ["v1", "things"], "query": [{"key": "limit", "value": "10"}, {"key": "api_key", "value": "AKIA-LITERAL-QUERY-8"}]}
            }, "response": [{"name": "OK", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": "[{\"id\": 1, \"name\": \"w\"}]"}]},
            {"name": "Create thing", "request": {
                "method": "POST",
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": {"mode": "raw", "raw": "{\"name\": \"w\", \"secret\": \"{{client_secret}}\", \"password\": \"{{adminPassword}}\"}", "options": {"raw": {"language": "json"}}},
                "url": {"raw": "https://{{region}}.api.example.com/v1/things", "protocol": "https", "host": ["{{region}}", "api", "example", "com"], "path": ["v1", "things"]}
            }, "response": []},
            {"name": "Get token", "request": {
                "method": "POST",
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": {"mode": "raw", "raw": "{\"grant_type\": \"client_credentials\", \"client_id\": \"app-1\", \"client_secret\": \"CS-BODY-LITERAL-5\", \"pin\": 424242}", "options": {"raw": {"language": "json"}}},
                "url": {"raw": "https://{{region}}.api.example.com/v1/oauth/token", "protocol": "https", "host": ["{{region}}", "api", "example", "com"], "path": ["v1", "oauth", "token"]}
            }, "response": [{"name": "OK", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": "{\"access_token\": \"AT-RESPONSE-LITERAL-6\", \"token_type\": \"bearer\", \"expires_in\": 3600, \"issued_at\": \"2024-01-02T03:04:05Z\"}"}]},
            {"name": "Log in", "request": {
                "method": "POST",
                "body": {"mode": "urlencoded", "urlencoded": [{"key": "username", "value": "ada"}, {"key": "password", "value": "FORM-PASSWORD-8"}]},
                "url": {"raw": "https://{{region}}.api.example.com/v1/login", "protocol": "https", "host": ["{{region}}", "api", "example", "com"], "path": ["v1", "login"]}
            }, "response": []},
            {"name": "Change password", "request": {
                "method": "POST",
                "body": {"mode": "graphql", "graphql": {"query": "mutation($password: String!) { changePassword(password: $password) }", "variables": "{\"password\": \"GQL-PASSWORD-7\"}"}},
                "url": {"raw": "https://{{region}}.api.example.com/graphql", "protocol": "https", "host": ["{{region}}", "api", "example", "com"], "path": ["graphql"]}
            }, "response": []}
        ]
    })
}

fn environment(name: &str, values: serde_json::Value) -> String {
    json!({"id": "e", "name": name, "values": values, "_postman_variable_scope": "environment"}).to_string()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postman-codegen")).args(args).current_dir(dir).output().expect("runs")
}

#[test]
fn environments_resolve_the_collection_and_name_base_urls_without_writing_secrets() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("things.postman_collection.json"), collection().to_string()).expect("write");
    std::fs::write(
        dir.path().join("prod.postman_environment.json"),
        environment("Production", json!([
            {"key": "region", "value": "eu", "type": "default", "enabled": true},
            {"key": "tenant", "value": "acme", "enabled": true},
            {"key": "accessToken", "value": "tok-SECRET-456", "type": "secret", "enabled": true},
            {"key": "old", "value": "x", "enabled": false}
        ])),
    )
    .expect("write");
    std::fs::write(dir.path().join("staging.postman_environment.json"), environment("Staging", json!([{"key": "region", "value": "staging-eu"}]))).expect("write");
    std::fs::write(dir.path().join("globals.json"), json!({"name": "Globals", "values": [{"key": "adminPassword", "value": "glob-PASSWORD-1"}, {"key": "region", "value": "global"}]}).to_string()).expect("write");

    let output = run(
        dir.path(),
        &["generate", "things.postman_collection.json", "--out", "out", "--environment", "prod.postman_environment.json", "--environment", "staging.postman_environment.json", "--globals", "globals.json", "--var", "tenant=acme-2"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // The secrets are named, never shown.
    for name in ["accessToken", "client_secret", "apiKey", "adminPassword"] {
        assert!(stderr.contains(&format!("the variable `{name}` is a secret")), "{name}: {stderr}");
    }
    let mut files = Vec::new();
    let mut stack = vec![dir.path().join("out")];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).expect("dir").flatten() {
            if entry.file_type().expect("type").is_dir() {
                stack.push(entry.path());
            } else {
                files.push((entry.path(), std::fs::read_to_string(entry.path()).unwrap_or_default()));
            }
        }
    }
    for (path, text) in &files {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} leaked into {}", path.display());
        }
        assert!(!stderr.contains(SECRETS[0]));
    }
    let lib = &files.iter().find(|(p, _)| p.ends_with("src/lib.rs")).expect("lib.rs").1;
    assert!(lib.contains("pub const PRODUCTION: &str = \"https://eu.api.example.com\";"), "{lib}");
    assert!(lib.contains("pub const STAGING: &str = \"https://staging-eu.api.example.com\";"), "{lib}");
    let client = &files.iter().find(|(p, _)| p.ends_with("src/client.rs")).expect("client.rs").1;
    assert!(client.contains("\"https://eu.api.example.com\""), "the first environment is the default base URL");
    // The literal credentials are the caller's to set.
    let builders = &files.iter().find(|(p, _)| p.ends_with("src/builders.rs")).expect("builders.rs").1;
    assert!(builders.contains("pub fn x_partner_token(") && builders.contains("pub fn api_key("), "{builders}");
    // Literal credentials in bodies read as redacted, with values of their kind: the fields keep
    // their types, and the round-trip fixtures hold the redacted values.
    let types = &files.iter().find(|(p, _)| p.ends_with("src/types.rs")).expect("types.rs").1;
    for field in ["pub access_token: String", "pub client_secret: Option<String>", "pub pin: Option<i64>"] {
        assert!(types.contains(field), "{field}: {types}");
    }
    for doc in ["`access_token`, e.g. `\"redacted\"`", "`client_secret`, e.g. `\"redacted\"`", "`pin`, e.g. `0`", "`issued_at`, e.g. `\"2024-01-02T03:04:05Z\"`", "`client_id`, e.g. `\"app-1\"`"] {
        assert!(types.contains(doc), "{doc}: {types}");
    }
    let fixtures: Vec<String> = files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "json") && p.components().any(|c| c.as_os_str() == "examples")).map(|(_, text)| text.split_whitespace().collect()).collect();
    assert!(fixtures.iter().any(|t| t.contains("\"access_token\":\"redacted\"")), "{fixtures:?}");
    assert!(fixtures.iter().any(|t| t.contains("\"password\":\"redacted\"")), "the GraphQL variables: {fixtures:?}");
    assert!(fixtures.iter().any(|t| t.contains("\"client_secret\":\"redacted\"") && t.contains("\"pin\":0") && t.contains("\"client_id\":\"app-1\"")), "{fixtures:?}");

    // Without environments the host stays a variable: no base URL, no `environments`.
    let output = run(dir.path(), &["generate", "things.postman_collection.json", "--out", "plain", "--var", "region=ca"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // What nothing set, where it is used, what it became.
    assert!(stderr.contains("variables nothing sets (4; an environment or --var can):"), "{stderr}");
    assert!(stderr.contains("{{adminPassword}} (a secret: its name names a credential): a body of create_thing"), "{stderr}");
    assert!(stderr.contains("{{tenant}}: header X-Tenant of list_things → a setter of their request builders"), "{stderr}");
    assert!(stderr.contains("{{client_secret}} (a secret: its name names a credential): a body of create_thing → text kept as written in the body examples"), "{stderr}");
    let lib = std::fs::read_to_string(dir.path().join("plain/src/lib.rs")).expect("lib.rs");
    assert!(!lib.contains("pub mod environments"));
    let client = std::fs::read_to_string(dir.path().join("plain/src/client.rs")).expect("client.rs");
    assert!(client.contains("\"https://ca.api.example.com\""), "--var sets the region");
}

#[test]
fn bad_environment_files_say_where_and_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("things.postman_collection.json"), collection().to_string()).expect("write");
    std::fs::write(dir.path().join("bad.json"), "{\"name\": \"x\",\n \"values\": [{\"key\": 5}]}").expect("write");
    let output = run(dir.path(), &["generate", "things.postman_collection.json", "--out", "out", "--environment", "bad.json"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.json") && stderr.contains("values[0].key"), "{stderr}");
    assert!(!dir.path().join("out").exists());
    let output = run(dir.path(), &["generate", "things.postman_collection.json", "--out", "out", "--var", "novalue"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--var takes KEY=VALUE"));
}

#[test]
fn the_settings_file_names_environments() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("things.postman_collection.json"), collection().to_string()).expect("write");
    std::fs::write(dir.path().join("things.staging.postman_environment.json"), environment("Staging", json!([{"key": "region", "value": "staging-eu"}]))).expect("write");
    std::fs::write(dir.path().join("things.codegen.toml"), "environments = [\"things.staging.postman_environment.json\"]\n").expect("write");
    let generated = postman_codegen::generate_file(&dir.path().join("things.postman_collection.json"), &postman_codegen::Options::new("things-client")).expect("generates");
    let lib = &generated.files.iter().find(|(p, _)| p == "src/lib.rs").expect("lib.rs").1;
    assert!(lib.contains("pub const STAGING: &str = \"https://staging-eu.api.example.com\";"), "{lib}");
}
