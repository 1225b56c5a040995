//! Property: whatever JSON documents a collection saves as examples (deep nesting, odd keys, big
//! numbers, mixed arrays, nulls, missing fields), the inferred types decode every document and
//! encode it back to the same JSON.
//!
//! proptest generates the documents from a fixed seed: `CASES` operations of one to three
//! documents each (so shapes merge), all in one collection, compiled once as one crate whose
//! emitted round-trip tests check every document. Compiling per case would take minutes each, so
//! there is no shrinking: a failure names the operation and the document to look at.
//!
//! Integers beyond `u64`/`i64` appear anywhere, inside mixed-kind (untagged) and tagged enums
//! too (objects with a `type` of a few values are frequent): the generated enums decode their
//! variants from the JSON text, so the digits are kept.

use e2e_tests::generated_crate::{cargo, write_standalone};
use postman_codegen::{generate, Options};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::json;

/// How many operations (each one to three documents).
const CASES: usize = 100;

/// A JSON document, kept as text where serde_json's `Value` would lose digits.
#[derive(Debug, Clone)]
enum Doc {
    Null,
    Bool(bool),
    Int(i64),
    Unsigned(u64),
    Float(f64),
    Str(String),
    Big(String),
    Array(Vec<Doc>),
    Object(Vec<(String, Doc)>),
}

impl Doc {
    fn render(&self, out: &mut String) {
        match self {
            Doc::Null => out.push_str("null"),
            Doc::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Doc::Int(i) => out.push_str(&i.to_string()),
            Doc::Unsigned(u) => out.push_str(&u.to_string()),
            Doc::Float(f) => out.push_str(&serde_json::to_string(f).unwrap_or_else(|_| "0.5".into())),
            Doc::Str(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
            Doc::Big(digits) => out.push_str(digits),
            Doc::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.render(out);
                }
                out.push(']');
            }
            Doc::Object(fields) => {
                out.push('{');
                let mut seen = std::collections::HashSet::new();
                for (key, value) in fields {
                    if !seen.insert(key.clone()) {
                        continue;
                    }
                    if seen.len() > 1 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap_or_default());
                    out.push(':');
                    value.render(out);
                }
                out.push('}');
            }
        }
    }
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec!["id", "name", "type", "kind", "items", "next", "data", "value", "children"]).prop_map(str::to_owned),
        2 => prop::sample::select(vec!["", "+1", "-1", "self", "Self", "crate", "a\"b", "x\\y", "new\nline", "😀", "fooBar", "foo_bar", "Option", "123", "1d"]).prop_map(str::to_owned),
        1 => prop::collection::vec(any::<char>(), 0..6).prop_map(|c| c.into_iter().collect()),
    ]
}

fn leaf() -> impl Strategy<Value = Doc> {
    prop_oneof![
        Just(Doc::Null),
        any::<bool>().prop_map(Doc::Bool),
        any::<i64>().prop_map(Doc::Int),
        (i64::MAX as u64..=u64::MAX).prop_map(Doc::Unsigned),
        (-1_000_000i64..1_000_000, 1u32..64).prop_map(|(n, d)| Doc::Float(n as f64 / f64::from(d) + 0.5)),
        prop::sample::select(vec![1e-8, 1e6, 2.0, -0.5, 1.5e300]).prop_map(Doc::Float),
        prop::collection::vec(any::<char>(), 0..8).prop_map(|c| Doc::Str(c.into_iter().collect())),
        (any::<bool>(), 20usize..40).prop_map(|(negative, len)| Doc::Big(format!("{}9{}", if negative { "-" } else { "" }, "7".repeat(len)))),
    ]
}

fn doc() -> impl Strategy<Value = Doc> {
    leaf().prop_recursive(8, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Doc::Array),
            prop::collection::vec((key(), inner.clone()), 0..6).prop_map(Doc::Object),
            // Objects told apart by a `type` (tagged enums when their fields differ).
            (prop::sample::select(vec!["circle", "rect", "line"]), prop::collection::vec((key(), inner), 0..4), any::<bool>()).prop_map(
                |(tag, mut fields, big)| {
                    fields.retain(|(k, _)| k != "type" && k != "serial");
                    fields.insert(0, ("type".to_owned(), Doc::Str(tag.to_owned())));
                    if big {
                        fields.push(("serial".to_owned(), Doc::Big(format!("-{}", "9".repeat(25)))));
                    }
                    Doc::Object(fields)
                }
            ),
        ]
    })
}

#[test]
fn random_documents_round_trip_through_their_inferred_types() {
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let strategy = prop::collection::vec(doc(), 1..4);
    let mut items = Vec::new();
    for case in 0..CASES {
        let documents = strategy.new_tree(&mut runner).expect("a case").current();
        let responses: Vec<_> = documents
            .iter()
            .enumerate()
            .map(|(n, doc)| {
                let mut body = String::new();
                doc.render(&mut body);
                json!({"name": format!("doc {n}"), "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": body})
            })
            .collect();
        items.push(json!({"name": format!("case {case}"), "request": {"method": "GET", "url": format!("https://api.example.com/case/{case}")}, "response": responses}));
    }
    let collection = json!({"info": {"name": "random", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": items});
    let bytes = serde_json::to_vec(&collection).expect("collection");
    let generated = generate(std::path::Path::new("random.postman_collection.json"), &bytes, &Options::new("random-client")).expect("generates");
    let examples = generated.files.iter().filter(|(p, _)| p.starts_with("tests/examples/")).count();
    assert!(examples >= CASES, "every case has JSON examples: {examples}");
    let out = write_standalone("random", "random-client", &generated.files);
    cargo(&out, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["test", "--quiet", "--test", "examples"], false);
}
