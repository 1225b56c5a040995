//! Request 21 has a field of every kind that a generated `decode_field` fills through the runtime's
//! `Slot` (a string, `i64`, `u64`, `f64`, `bool` and a JSON value, each plain and in an `Option`):
//! each decodes its values, `null` and a missing key as its type says, skips keys it does not
//! know, and fails on a value of the wrong kind with the field's path.

use hard_cases_client::types::Kinds as Kinds;
use serde_json::json;

fn decode(text: &str) -> Kinds {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

#[test]
fn every_slot_decodes_the_examples() {
    let first = decode(include_str!("examples/n21_every_field_kind_200_1.json"));
    assert_eq!((first.s.as_str(), first.i, first.u, first.f, first.b), ("a", -5, u64::MAX, 1.5, true));
    assert_eq!(first.v, json!([1, "x"]));
    assert_eq!((first.os.as_deref(), first.oi, first.ou, first.of, first.ob), (Some("x"), Some(-1), Some(u64::MAX), Some(0.25), Some(true)));
    assert_eq!(first.ov, None, "`null` in an `Option<Value>` is `None`");

    // `null` in the nullable ones, and `of`/`ob` missing.
    let second = decode(include_str!("examples/n21_every_field_kind_200_2.json"));
    assert_eq!((second.s.as_str(), second.i, second.u, second.f, second.b), ("", 7, 9, 2.0, false));
    assert_eq!(second.v, json!({"a": 1}));
    assert_eq!((second.os, second.oi, second.ou, second.of, second.ob, second.ov), (None, None, None, None, None, None));

    let third = decode(include_str!("examples/n21_every_field_kind_200_3.json"));
    assert_eq!((third.s.as_str(), third.i, third.u, third.f, third.b), ("c", 0, 0, -0.5, true));
    assert_eq!(third.v, json!("text"));
    assert_eq!((third.os.as_deref(), third.oi, third.ou, third.of, third.ob), (Some("z"), Some(3), Some(4), Some(1.0), Some(false)));
}

#[test]
fn null_and_missing_give_the_default_or_none() {
    let nulls = r#"{"s": null, "i": null, "u": null, "f": null, "b": null, "v": null, "os": null, "oi": null, "ou": null, "of": null, "ob": null, "ov": null}"#;
    for text in [nulls, "{}"] {
        let body = decode(text);
        assert_eq!((body.s.as_str(), body.i, body.u, body.f, body.b), ("", 0, 0, 0.0, false), "{text}");
        assert_eq!(body.v, serde_json::Value::Null, "{text}");
        assert_eq!((body.os, body.oi, body.ou, body.of, body.ob, body.ov), (None, None, None, None, None, None), "{text}");
    }
}

#[test]
fn unknown_keys_are_skipped_and_the_last_of_a_repeated_key_wins() {
    let body = decode(r#"{"extra": {"deep": [1, {"s": 5}]}, "s": "first", "i": 1, "s": "last", "ov": {"k": [true]}}"#);
    assert_eq!((body.s.as_str(), body.i), ("last", 1));
    assert_eq!(body.ov, Some(json!({"k": [true]})));
}

#[test]
fn a_value_of_the_wrong_kind_fails_at_its_field() {
    let cases = [
        (r#"[{"s": {}}]"#, "[0].s", "invalid type: map, expected a string"),
        (r#"[{"i": "1"}]"#, "[0].i", "invalid type: string \"1\", expected i64"),
        (r#"[{"u": -1}]"#, "[0].u", "invalid value: integer `-1`, expected u64"),
        (r#"[{"f": "1.5"}]"#, "[0].f", "invalid type: string \"1.5\", expected f64"),
        (r#"[{"b": 0}]"#, "[0].b", "invalid type: integer `0`, expected a boolean"),
        (r#"[{}, {"os": []}]"#, "[1].os", "invalid type: sequence, expected a string"),
        (r#"[{"oi": 1.5}]"#, "[0].oi", "invalid type: floating point `1.5`, expected i64"),
        (r#"[{"ou": 18446744073709551616}]"#, "[0].ou", "invalid type: floating point `1.8446744073709552e+19`, expected u64"),
        (r#"[{"of": true}]"#, "[0].of", "invalid type: boolean `true`, expected f64"),
        (r#"[{"ob": "yes"}]"#, "[0].ob", "invalid type: string \"yes\", expected a boolean"),
    ];
    for (text, path, message) in cases {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let error = serde_path_to_error::deserialize::<_, Vec<Kinds>>(&mut deserializer).expect_err(text);
        assert_eq!(error.path().to_string(), path, "{text}");
        assert!(error.inner().to_string().starts_with(message), "{text}: {}", error.inner());
    }
}

#[test]
fn what_a_live_api_varies_decodes_without_losing_data() {
    // A number or a bool where the examples had a string is its JSON text; a float that equals an
    // integer is that integer.
    let body = decode(r#"{"s": 64, "os": false, "i": 3.0, "oi": -7.0, "u": 1e3, "ou": 2.0}"#);
    assert_eq!((body.s.as_str(), body.os.as_deref()), ("64", Some("false")));
    assert_eq!((body.i, body.oi, body.u, body.ou), (3, Some(-7), 1000, Some(2)));
    let mut deserializer = serde_json::Deserializer::from_str(r#"[{"i": 2.5}]"#);
    let error = serde_path_to_error::deserialize::<_, Vec<Kinds>>(&mut deserializer).expect_err("a fraction is no integer");
    assert_eq!(error.path().to_string(), "[0].i");
}
