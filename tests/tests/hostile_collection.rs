//! A collection whose names, keys and descriptions are crafted against Rust syntax, rustdoc and our
//! naming still yields a crate that compiles without warnings, passes clippy and rustdoc with
//! `-D warnings`, and whose emitted round-trip tests pass. The text must end up only in docs and
//! string literals.

use std::path::Path;

use e2e_tests::generated_crate::{cargo, workspace_root, write_standalone};
use postman_codegen::{generate, Options};
use serde_json::json;

const NASTY: &str = "*/ \"# } #[ ] `tick` </br> <script>alert(1)</script> \u{202e}rtl\u{0} r#type [link] https://example.com/a_(b) \r\n```\nfn main() { panic!() }\n```\n    indented();\n__postman_codegen_pieces!();\nimpl __PostmanCodegenPieces {\n}";

fn example(body: serde_json::Value) -> serde_json::Value {
    json!({"name": NASTY, "code": 200, "status": "OK", "header": [{"key": "Content-Type", "value": "application/json"}], "body": body.to_string()})
}

/// An object whose keys become types named like what the generated files use bare or import.
fn named_like_std() -> serde_json::Value {
    let keys = [
        "string", "vec", "option", "box", "value", "result", "formatter", "serializer", "deserializer", "map_access", "raw_value",
        "into_future", "to_owned", "into_iterator", "btree_map", "slot", "entries", "decode_fields", "error", "client", "path_buf",
        "path", "arc", "duration", "secret", "debug", "default", "deserialize", "pending", "decode_error", "token_error",
        "api_error_parts", "error_body", "error_response",
    ];
    keys.iter().map(|key| ((*key).to_owned(), json!({format!("{key}_field"): 1}))).collect::<serde_json::Map<_, _>>().into()
}

fn hostile_collection() -> serde_json::Value {
    let weird_keys = json!({
        "type": 1, "self": 2, "Self": 3, "crate": 4, "super": 5, "match": 6, "+1": 7, "-1": 8, "fooBar": 9, "foo_bar": 10,
        "x\"": 11, "a\\b": 12, "": 13, "🎉": 14, "Option": 15, "r#type": 16, "*/": 17, "new\nline": 18, "3d": 19,
        "value": {"field": null}, "Result": [{"String": "s", "Vec": [1.5, 2]}], "big": 18446744073709551615u64,
        "neg": -5, "float": 2.0, "exp": 1e5, "empty_list": [], "empty_object": {}, "mixed": [1, "a", true, null],
        "ids": {"123": {"n": 1}, "456": {"n": 2}}, "__postman_codegen_pieces!();": {"impl __PostmanCodegenPieces {": 1}
    });
    json!({
        "info": {"name": NASTY, "description": NASTY, "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "baseUrl", "value": "https://api.example.com/v1"}, {"key": "n", "value": "5"}, {"key": "x */ pwned() /*", "value": "\"# }"}, {"key": "type", "value": "#[evil_attr]"}],
        "auth": {"type": "apikey", "apikey": [{"key": "in", "value": "query"}, {"key": "key", "value": "api_key"}, {"key": "value", "value": "{{k}}"}]},
        "item": [
            {"name": "fn", "request": {"method": "GET", "url": "{{baseUrl}}/things/:self/{{type}}?type=1&self=true&+1=2&send=x&client=y&new=z&a%20b=1.5", "description": NASTY}, "response": [example(weird_keys.clone())]},
            {"name": "__postman_codegen_pieces!();", "request": {"method": "GET", "url": "{{baseUrl}}/__postman_codegen_pieces!();"}, "response": [example(json!({"__postman_codegen_pieces!();": "impl __PostmanCodegenPieces {"}))]},
            // Names in other scripts become transliterated identifiers (a folder's feature and
            // sub-client, an operation, fields that transliterate alike).
            {"name": "Пользователи", "item": [
                {"name": "获取用户", "request": {"method": "GET", "url": "{{baseUrl}}/benutzer/:größe"},
                 "response": [example(json!({"größe": 1, "Größe": 2, "grosse": 3, "名前": "x", "Имя": {"ß": true}}))]},
            ]},
            {"name": "Self", "request": {"method": "POST", "url": "{{baseUrl}}/things", "header": [{"key": "X-Trace", "value": "{{trace}}"}, {"key": "X-Fixed", "value": "1"}]}, "response": [example(json!([1, 2, 3]))]},
            {"name": "self", "request": {"method": "DELETE", "url": "{{baseUrl}}/things/:id", "auth": {"type": "noauth"}}, "response": [{"name": "gone", "code": 204, "body": ""}]},
            {"name": "", "request": "{{baseUrl}}/ping"},
            {"name": "🎉", "request": {"method": "get", "url": {"raw": "{{baseUrl}}/x/:id.json", "host": ["{{baseUrl}}"], "path": ["x", ":id.json"], "variable": [{"key": "id", "description": NASTY}]}},
             "response": [{"name": NASTY, "code": 404, "status": "Not Found", "body": "{\"message\": \"no\"}"}, {"name": "text", "code": 200, "body": "plain text"}]},
            {"name": NASTY, "item": [
                {"name": "Get User", "request": {"method": "GET", "url": "{{baseUrl}}/users/:userId", "auth": {"type": "basic", "basic": {"username": "u", "password": "p"}}},
                 "response": [example(json!({"id": 1, "children": [{"id": 2, "children": []}]}))]},
                {"name": "get_user", "request": {"method": "PROPFIND", "url": "{{baseUrl}}/users/:userId", "auth": {"type": "oauth1"}}},
            ]},
            {"name": "get user", "request": {"method": "GET", "url": "{{baseUrl}}/users"}, "response": [example(json!({"users": [{"id": "a"}], "Option": null}))]},
            {"name": "json body", "request": {"method": "POST", "url": "{{baseUrl}}/users?body=1",
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": {"mode": "raw", "raw": "{\n  // a comment\n  \"type\": {{n}},\n  \"self\": \"x\", \"nested\": {\"+1\": [1, 2,],},\n}", "options": {"raw": {"language": "json"}}}},
             "response": [example(json!({"type": 1}))]},
            // One error shape from two operations: the API's error, named after the collection's
            // first word (`tick` in the hostile title).
            {"name": "fail one", "request": {"method": "GET", "url": "{{baseUrl}}/fail/one"},
             "response": [{"name": "bad", "code": 400, "status": "Bad Request", "body": "{\"code\": \"*/\", \"message\": \"#[x]\", \"debug_id\": \"d\"}"}]},
            {"name": "fail two", "request": {"method": "GET", "url": "{{baseUrl}}/fail/two"},
             "response": [{"name": "bad", "code": 422, "status": "Unprocessable Entity", "body": "{\"code\": \"x\", \"message\": \"y\", \"debug_id\": \"e\"}"}]},
            {"name": "text body", "request": {"method": "PUT", "url": "{{baseUrl}}/xml", "header": [{"key": "Content-Type", "value": "application/xml"}],
                "body": {"mode": "raw", "raw": "<a>\"#}</a>"}}},
            {"name": "form body", "request": {"method": "POST", "url": "{{baseUrl}}/form",
                "body": {"mode": "urlencoded", "urlencoded": [{"key": "type", "value": "1"}, {"key": "a b", "value": "x", "disabled": true}, {"key": "type", "value": "2"}]}}},
            {"name": "multipart body", "request": {"method": "POST", "url": "{{baseUrl}}/upload",
                "body": {"mode": "formdata", "formdata": [{"key": "file", "type": "file", "src": ["a.png", "b.png"]}, {"key": "client", "type": "text", "value": "true"}, {"key": "", "value": "x"}]}}},
            {"name": "graphql body", "request": {"method": "POST", "url": "{{baseUrl}}/graphql",
                "body": {"mode": "graphql", "graphql": {"query": "query Q($id: ID!) { node(id: $id) { id } }\n```\n*/", "variables": "{\"id\": \"1\", \"first\": 10,}"}}}},
            {"name": "binary body", "request": {"method": "PUT", "url": "{{baseUrl}}/blob", "body": {"mode": "file", "file": {"src": "x.bin"}}}},
            {"name": "x */ pwned() /* \"# }} #[evil_attr] `r#fn` </br> \u{0}", "request": {"method": "GET", "url": "{{baseUrl}}/p/:a\"b/:x_pwned()?q\"=1&#[x]=2"}, "response": [example(json!({"x */ pwned() /*": 1, "\"#x pwned": 2, "#[evil_attr]": 3, "}}": 4, "\u{202e}gnp": 5, "`r#type`": 6}))]},
            {"name": "x </br>\n# Heading\n<script>pwned()</script>", "item": [
                {"name": "x fooBar", "request": "{{baseUrl}}/a"}, {"name": "x foo_bar", "request": "{{baseUrl}}/b"}, {"name": "x foo-bar", "request": "{{baseUrl}}/c"},
                {"name": "x USER", "request": "{{baseUrl}}/d"}, {"name": "x User", "request": "{{baseUrl}}/e"}, {"name": "x user", "request": "{{baseUrl}}/f"},
                {"name": "x r#match", "request": "{{baseUrl}}/g"}, {"name": "x\u{2066}\u{200f}loop", "request": "{{baseUrl}}/h", "response": [example(json!({"User": 1, "user": 2, "USER": 3, "u_ser": 4, "uSer": 5}))]},
            ], "description": "x */ pwned() /*"},
            // A second folder (and feature), whose name sanitizes like the first one's would not.
            {"name": "default", "item": [{"name": "Only here", "request": {"method": "GET", "url": "{{baseUrl}}/only/:id?q=1"}, "response": [example(json!({"only": true}))]}]},
            // Types, builders, a folder and a response enum named like what the generated files
            // write bare (the prelude) or import (`Value`, `Serializer`, `Duration`, `Slot`…):
            // reserved names are renamed, and the others are never imported where they are defined.
            {"name": "Duration", "item": [
                {"name": "Serializer", "request": {"method": "GET", "url": "{{baseUrl}}/std"}, "response": [example(named_like_std())]},
                {"name": "Value", "request": {"method": "GET", "url": "{{baseUrl}}/value"}, "response": [example(json!({"ok": true}))]},
                {"name": "Into future", "request": {"method": "GET", "url": "{{baseUrl}}/future"}, "response": [example(json!({"ok": true}))]},
                {"name": "Api", "request": {"method": "GET", "url": "{{baseUrl}}/api"}, "response": [example(json!({"ok": true})),
                    {"name": "missing", "code": 404, "status": "Not Found", "header": [{"key": "Content-Type", "value": "application/json"}], "body": "{\"message\": \"no\"}"}]},
            ]},
            // OAuth 2.0 with hostile attributes, and a body whose fields are dynamic variables and credentials.
            {"name": "oauth", "request": {"method": "POST", "url": "{{baseUrl}}/oauth-thing",
                "auth": {"type": "oauth2", "oauth2": [
                    {"key": "accessTokenUrl", "value": "https://auth.example.com/t?x=\"#]\n```\n*/"},
                    {"key": "grant_type", "value": "x\n```\n#![evil] */"},
                    {"key": "scope", "value": "a `b` */ \"c\"\n```"},
                    {"key": "client_authentication", "value": "body"}]},
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": {"mode": "raw", "raw": "{\"x\\\"]*/\": \"{{$guid}}\", \"n\": {{$randomInt}}, \"client_secret\": \"S3CRET-HOSTILE\", \"in\": {\"`r#fn`\": \"{{$isoTimestamp}}\"}}"}},
             "response": [example(json!({"access_token": "AT-HOSTILE", "ok": true}))]},
        ]
    })
}

#[test]
fn hostile_names_compile_lint_and_document_cleanly() {
    let bytes = serde_json::to_vec(&hostile_collection()).expect("json");
    let generated = generate(Path::new("hostile.postman_collection.json"), &bytes, &Options::new("hostile-client")).expect("generates");
    // Code and manifests carry no control characters; example bodies (tests/examples/*.json) are data,
    // kept byte for byte.
    for (path, text) in generated.files.iter().filter(|(p, _)| !p.ends_with(".json")) {
        assert!(!text.contains('\u{202e}') && !text.contains('\r'), "{path} carries control characters");
        if path.ends_with(".rs") {
            // The crafted text may only appear inside comments and string literals.
            assert!(!text.contains("alert(1)</script>\n"), "{path}");
            assert!(!text.lines().any(|l| l.trim_start().starts_with("fn main() { panic!() }")), "{path}: a description escaped its comment");
            // Large files are made in parts spliced at a marker line: text that looks like the
            // marker or the wrapper of a part stays in docs and literals, and none is left over.
            assert!(
                !text.lines().any(|l| l.trim() == "__postman_codegen_pieces!();" || l.trim_start().starts_with("impl __PostmanCodegenPieces")),
                "{path}: a part's marker or wrapper is in the code"
            );
        }
    }
    let rust = generated.files.iter().filter(|(p, _)| p.ends_with(".rs"));
    assert!(rust.filter(|(_, t)| t.contains("__postman_codegen_pieces!();") && t.contains("impl __PostmanCodegenPieces {")).count() >= 3, "the marker-like text reached docs and literals");
    let client = generated.files.iter().find(|(p, _)| p == "src/client.rs").map(|(_, t)| t.as_str()).unwrap_or_default();
    assert!(client.contains("pub fn huo_qu_yong_hu(") && client.contains("pub fn polzovateli("), "transliterated operation and folder names");
    assert_only_inert(&generated.files);
    for (path, text) in &generated.files {
        assert!(!text.contains("S3CRET-HOSTILE") && !text.contains("AT-HOSTILE"), "{path}: a literal credential leaked");
    }
    assert!(client.contains("pub const OAUTH2_TOKEN_URL") && client.contains("pub fn oauth2("), "the OAuth 2.0 flow is documented and set");
    // Prelude and imported names: no generated type, builder or folder takes a reserved one.
    let file = |name: &str| generated.files.iter().find(|(p, _)| p == name).map(|(_, t)| t.as_str()).unwrap_or_else(|| panic!("{name}"));
    let defined = |text: &str, name: &str| text.contains(&format!("pub struct {name} ")) || text.contains(&format!("pub struct {name}<")) || text.contains(&format!("pub enum {name} "));
    for name in ["String", "Vec", "Option", "Box", "Value", "Result", "IntoFuture", "ToOwned", "IntoIterator", "BTreeMap", "Error", "Client", "Arc", "Debug", "Default", "Deserialize"] {
        for path in ["src/types.rs", "src/builders.rs", "src/folders.rs", "src/responses.rs"] {
            assert!(!defined(file(path), name), "{path} defines {name}");
        }
    }
    // Names that are not reserved are defined, and so never imported, where they are.
    let types = file("src/types.rs");
    for name in ["Duration", "Serializer", "Slot", "Formatter", "TickError"] {
        assert!(defined(types, name), "a type {name}");
    }
    assert!(defined(file("src/builders.rs"), "Serializer") && defined(file("src/folders.rs"), "Duration"), "a builder and a folder named like imports elsewhere");
    assert!(defined(file("src/responses.rs"), "ApiError") && !file("src/responses.rs").contains("use crate::ApiError;"), "the operation `api`'s error enum");
    assert!(!types.contains("use std::time::Duration;") && !file("src/builders.rs").contains("use serde::Serializer;"));
    let out = write_standalone("work", "hostile-client", &generated.files);
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("\n[features]\n") && manifest.contains("default_2 = []"), "one feature per top-level folder:\n{manifest}");
    cargo(&out, &["clippy", "--all-targets", "--all-features", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["test", "--quiet"], false);
    // Every folder feature off: the ungated operations, the types and the runtime still build cleanly.
    cargo(&out, &["clippy", "--all-targets", "--no-default-features", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["test", "--no-default-features", "--quiet"], false);
    cargo(&out, &["doc", "--no-deps", "--quiet"], true);
    let _ = std::fs::remove_dir_all(&out);
}

/// Words that appear in the hostile text only as code to inject: they may reach the output inside
/// string literals and docs, never as identifiers.
const PAYLOAD: &[&str] = &["pwned", "evil_attr"];

/// Every generated Rust file is tokenized; every identifier must be one the generator makes for any
/// collection (the vocabulary of the checked-in Zoom client and the runtime) or a sanitized name
/// (ASCII `snake_case`, `PascalCase` or `SCREAMING_SNAKE_CASE`, not raw, not a payload word); the payload words must be in
/// the output, so they ended up somewhere inert: literals (which include `#[doc = "…"]`).
fn assert_only_inert(files: &[(String, String)]) {
    let mut vocabulary = std::collections::BTreeSet::new();
    let client = workspace_root().join("generated-client");
    // Every Rust file of the client and of the runtime, in subfolders too.
    let mut dirs: Vec<std::path::PathBuf> = ["src", "tests", "examples"].iter().map(|d| client.join(d)).collect();
    // The runtime the checked-in client depends on, which other crates get copied in.
    dirs.push(workspace_root().join("runtime/src"));
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("generated client") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                collect_idents(&std::fs::read_to_string(&path).expect("read").parse().expect("tokens"), &mut vocabulary, &mut Vec::new());
            }
        }
    }
    let mut literals = Vec::new();
    let mut checked = 0;
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".rs")) {
        syn::parse_file(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        let mut idents = std::collections::BTreeSet::new();
        collect_idents(&text.parse().expect("tokens"), &mut idents, &mut literals);
        for ident in idents {
            checked += 1;
            if vocabulary.contains(&ident) {
                continue;
            }
            let snake = ident.starts_with(|c: char| c.is_ascii_lowercase()) && ident.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            let pascal = ident.starts_with(|c: char| c.is_ascii_uppercase()) && ident.chars().all(|c| c.is_ascii_alphanumeric());
            let screaming = ident.starts_with(|c: char| c.is_ascii_uppercase()) && ident.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            assert!(snake || pascal || screaming, "{path}: identifier {ident:?} is not a sanitized name");
            assert!(!PAYLOAD.contains(&ident.as_str()) && !ident.starts_with("r#"), "{path}: {ident:?} was injected");
        }
    }
    assert!(checked > 200, "only {checked} identifiers");
    for word in PAYLOAD {
        assert!(literals.iter().any(|l| l.contains(word)), "{word} is not in any literal: the test lost its hostile input");
    }
}

fn collect_idents(tokens: &proc_macro2::TokenStream, idents: &mut std::collections::BTreeSet<String>, literals: &mut Vec<String>) {
    for token in tokens.clone() {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                idents.insert(ident.to_string());
            }
            proc_macro2::TokenTree::Group(group) => collect_idents(&group.stream(), idents, literals),
            proc_macro2::TokenTree::Literal(literal) => literals.push(literal.to_string()),
            proc_macro2::TokenTree::Punct(_) => {}
        }
    }
}
