//! The 19 hard cases of type inference, objects that repeat a key, saved JSON request bodies (`tests/collections/hard-cases.postman_collection.json`),
//! the dates its settings type with chrono, and a field of every kind the runtime's `Slot` fills,
//! become a crate that compiles cleanly (clippy, rustdoc) and whose round-trip tests pass: every saved example decodes into its inferred type and
//! encodes back to the same JSON (`generator/tests/hard_cases.rs` snapshots the types). The tests of
//! `tests/generated/hard_cases/` are copied in: big integers keep their digits, dates their text,
//! every `Slot` decodes values, `null` and missing keys and fails at the field on a wrong kind, and
//! with the `extra-traits` feature whole values compare with `==`; the base URL, whose host is two
//! variables the collection leaves open, is filled by the builder's setters. The library alone is linted
//! without the feature too (its types then have no `PartialEq`).

use e2e_tests::generated_crate::{cargo, copy_tests, workspace_root, write_standalone};
use postman_codegen::{generate_file, Options};

#[test]
fn hard_cases_compile_and_round_trip() {
    let root = workspace_root();
    let collection = root.join("tests/collections/hard-cases.postman_collection.json");
    let generated = generate_file(&collection, &Options::new("hard-cases-client")).expect("generates");
    // Request 23's two saved JSON request bodies are round-trip tests too, beside its response.
    let fixtures: Vec<&str> = generated.files.iter().map(|(path, _)| path.as_str()).filter(|path| path.starts_with("tests/examples/n23_")).collect();
    assert_eq!(fixtures, ["tests/examples/n23_request_bodies_201_1.json", "tests/examples/n23_request_bodies_body_1.json", "tests/examples/n23_request_bodies_body_2.json"]);
    let out = write_standalone("hard-cases", "hard-cases-client", &generated.files);
    copy_tests(&out, "hard_cases", &["digits.rs", "dates.rs", "slots.rs", "repeated.rs", "base_url.rs"]);
    cargo(&out, &["clippy", "--all-targets", "--features", "extra-traits", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["test", "--features", "extra-traits", "--quiet"], false);
    cargo(&out, &["clippy", "--quiet", "--", "-D", "warnings"], false);
    cargo(&out, &["doc", "--no-deps", "--quiet"], true);
}
