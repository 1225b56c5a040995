//! Request 22 repeats keys inside objects (`{"a": 1, "a": "two"}`). JSON leaves the meaning to the
//! reader; `serde_json::Value` keeps the last value. The inferred types take every value of a
//! repeated key, so the example decodes, and the decoded struct keeps the last value too.

use hard_cases_client::types::{Repeated as Repeated, A};

#[test]
fn a_repeated_key_decodes_to_its_last_value() {
    let text = include_str!("examples/n22_repeated_keys_200_1.json");
    let body: Repeated = serde_json::from_str(text).unwrap_or_else(|error| panic!("{text}: {error}"));
    assert!(matches!(&body.a, A::String(two) if two == "two"), "{:?}", body.a);
    assert_eq!(body.b.c, 2.5, "an integer, then a float: the field is a float");
    assert_eq!(body.type_, "y", "a repeated `type` is a plain field, not a tag");
    assert_eq!((body.d.x, body.d.y.as_deref()), (None, Some("z")), "the last object replaces the first whole");

    let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(serde_json::to_value(&body).expect("encodes"), value, "encodes back to what `Value` reads");
}
