//! Shared by the bad-input suites of the library (`generator/tests/bad_input.rs`) and of the
//! binary (`postman-codegen-cli/tests/bad_input.rs`): the broken inputs, what their errors must say,
//! and small collections.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A broken input and what its error must say.
pub struct Broken {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// `file:line:column` the message starts with (after the file name), when the place is a position.
    pub position: Option<(usize, usize)>,
    /// The JSON path the message names, when there is one.
    pub path: Option<&'static str>,
    /// Words of the explanation.
    pub says: &'static str,
}

pub fn broken(name: &'static str, text: impl Into<Vec<u8>>, position: Option<(usize, usize)>, path: Option<&'static str>, says: &'static str) -> Broken {
    Broken { name, bytes: text.into(), position, path, says }
}

pub const INFO: &str = r#""info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}"#;

pub fn broken_inputs() -> Vec<Broken> {
    let zoom = std::fs::read(root().join("tests/collections/zoom-seed.postman_collection.json")).expect("the seed fixture");
    let deep = format!("{{{INFO},\"item\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let huge_string = format!("{{{INFO},\"item\":\"{}\"}}", "x".repeat(100_000_000));
    let million_bad = format!("{{{INFO},\"item\":[{}]}}", vec!["1"; 1_000_000].join(","));
    let mut invalid_utf8 = format!("{{{INFO},\n\"item\":[{{\"name\":\"caf").into_bytes();
    invalid_utf8.extend_from_slice(b"\xe9\"}]}");
    vec![
        broken("not-json", "hello, world", Some((1, 1)), None, "not a JSON object"),
        broken("not-json-object", "{hello}", Some((1, 2)), None, "invalid JSON: key must be a string"),
        broken("truncated", zoom[..zoom.len() / 2].to_vec(), None, None, "is the file truncated?"),
        broken("truncated-in-string", format!("{{{INFO},\"item\":[{{\"name\":\"a"), Some((1, 119)), Some("item[0].name"), "truncated"),
        broken("empty", "", Some((1, 1)), None, "the file is empty"),
        broken("blank", " \n\t ", Some((2, 3)), None, "the file is empty"),
        broken("top-level-array", "[{\"info\":{}}]", Some((1, 1)), None, "the top level is a JSON array"),
        broken("top-level-number", "42", Some((1, 1)), None, "not a JSON object"),
        broken("top-level-string", "\"collection\"", Some((1, 1)), None, "not a JSON object"),
        broken("top-level-null", "null", Some((1, 1)), None, "not a JSON object"),
        broken("top-level-bool", "\n  true", Some((2, 3)), None, "not a JSON object"),
        broken("trailing-garbage", format!("{{{INFO},\"item\":[]}} {{}}"), Some((1, 113)), None, "trailing characters"),
        broken("v1-schema", r#"{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v1.0.0/collection.json"},"item":[]}"#, None, None, "says v1"),
        broken("no-info", r#"{"item":[]}"#, Some((1, 1)), Some("info"), "missing `info`"),
        broken("info-is-an-array", r#"{"info":[],"item":[]}"#, Some((1, 10)), Some("info"), "expected an object"),
        broken("info-is-a-string", r#"{"info":"x","item":[]}"#, Some((1, 11)), Some("info"), "expected an object"),
        broken("item-is-a-string", format!("{{{INFO},\"item\":\"nope\"}}"), Some((1, 114)), Some("item"), "expected a sequence"),
        broken("item-is-an-object", format!("{{{INFO},\"item\":{{\"a\":1}}}}"), Some((1, 108)), Some("item"), "expected a sequence"),
        broken("url-is-a-number", format!("{{{INFO},\"item\":[{{\"name\":\"a\",\"request\":{{\"url\":5}}}}]}}"), Some((1, 139)), Some("item[0].request.url"), "expected a string or an object"),
        broken("responses-are-a-string", format!("{{{INFO},\"item\":[{{\"name\":\"a\",\"request\":\"http://x\",\"response\":\"no\"}}]}}"), Some((1, 157)), Some("item[0].response"), "expected a sequence"),
        broken("variables-are-a-string", format!("{{{INFO},\"variable\":\"x\",\"item\":[]}}"), Some((1, 115)), Some("variable"), "expected a sequence"),
        broken("auth-is-a-string", format!("{{{INFO},\"auth\":\"bearer\"}}"), Some((1, 116)), Some("auth"), "expected struct Auth"),
        broken("items-are-numbers", format!("{{{INFO},\"item\":[1,2]}}"), Some((1, 110)), Some("item[0]"), "invalid type: integer `1`"),
        broken("deep-nesting-100000", deep, None, Some("item[0][0][0]"), "recursion limit exceeded"),
        broken("string-100mb", huge_string, Some((1, 100_000_110)), Some("item"), "expected a sequence"),
        broken("million-wrong-items", million_bad, Some((1, 110)), Some("item[0]"), "invalid type: integer `1`"),
        broken("invalid-utf8", invalid_utf8, Some((2, 21)), None, "not valid UTF-8"),
        broken("duplicate-keys-and-a-wrong-shape", format!("{{{INFO},\"item\":[],\"item\":7}}"), None, Some("item"), "expected a sequence"),
    ]
}

/// The workspace root (both crates sit directly in it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

pub fn check_message(case: &Broken, file: &str, message: &str) {
    let name = case.name;
    assert!(message.starts_with(file), "{name}: {message}");
    let rest = &message[file.len()..];
    if let Some((line, column)) = case.position {
        assert!(rest.starts_with(&format!(":{line}:{column}:")), "{name}: wanted {line}:{column}: {message}");
    }
    if let Some(path) = case.path {
        assert!(rest.contains(&format!("at `{path}")), "{name}: wanted the path {path}: {message}");
    }
    assert!(message.contains(case.says), "{name}: wanted {:?}: {message}", case.says);
    assert!(message.len() < 1000, "{name}: a message of {} bytes", message.len());
    assert!(!message.chars().any(|c| c.is_control() && c != '\n'), "{name}: control characters in {message:?}");
}

pub fn collection(items: &str) -> Vec<u8> {
    format!("{{{INFO},\"item\":{items}}}").into_bytes()
}

pub fn request(name: &str, body: &str) -> String {
    let body = serde_json::to_string(body).expect("json");
    format!(r#"{{"name":"{name}","request":{{"method":"GET","url":"https://api.example.com/v1/things"}},"response":[{{"name":"ok","code":200,"header":[{{"key":"Content-Type","value":"application/json"}}],"body":{body}}}]}}"#)
}
