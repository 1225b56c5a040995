//! Tests of the shape lattice and of reading shapes from JSON text.

use super::*;
use serde::de::{Deserialize, MapAccess, SeqAccess, Visitor};
use serde_json::json;

fn merged(values: &[Value]) -> Shape {
    let mut shape = Shape::unknown();
    for v in values {
        shape.merge(Shape::of(v));
    }
    shape
}

/// [`Shape::merge`] as it was before it merged the common kinds in place (the reference).
fn old_merge(this: &mut Shape, other: Shape) {
    this.nullable |= other.nullable;
    if this.example.as_deref().is_none_or(is_hint) && other.example.as_deref().is_some_and(|e| !is_hint(e)) || this.example.is_none() {
        this.example = other.example;
    }
    let kind = std::mem::replace(&mut this.kind, Kind::Unknown);
    this.kind = match (kind, other.kind) {
        (Kind::Unknown, k) | (k, Kind::Unknown) => k,
        (Kind::Bool, Kind::Bool) => Kind::Bool,
        (Kind::String(a), Kind::String(b)) => Kind::String(a.merge(b)),
        (Kind::Int { unsigned: a, negative: x }, Kind::Int { unsigned: b, negative: y }) => {
            if (a || b) && (x || y) {
                // Beyond i64 and negative: no machine integer holds both, the digits do.
                Kind::BigInt
            } else {
                Kind::Int { unsigned: a || b, negative: x || y }
            }
        }
        (Kind::BigInt, Kind::Int { .. } | Kind::BigInt) | (Kind::Int { .. }, Kind::BigInt) => Kind::BigInt,
        (Kind::Int { .. } | Kind::Float | Kind::BigInt, Kind::Int { .. } | Kind::Float | Kind::BigInt) => Kind::Float,
        (Kind::Array(mut a), Kind::Array(b)) => {
            old_merge(&mut a, *b);
            Kind::Array(a)
        }
        (Kind::Object(mut a), Kind::Object(b)) => {
            for (key, field) in b.fields {
                match a.fields.get_mut(&key) {
                    Some(existing) => {
                        old_merge(&mut existing.shape, field.shape);
                        existing.present += field.present;
                    }
                    None => {
                        a.fields.insert(key, field);
                    }
                }
            }
            a.samples += b.samples;
            a.tagged = match (a.tagged.take(), b.tagged) {
                (Some((key, mut variants)), Some((other_key, others))) if key == other_key => {
                    for (value, variant) in others {
                        match variants.get_mut(&value) {
                            Some(existing) => old_merge_objects(existing, variant),
                            None => {
                                variants.insert(value, variant);
                            }
                        }
                    }
                    (variants.len() <= MAX_TAGS).then_some((key, variants))
                }
                _ => None,
            };
            Kind::Object(a)
        }
        (Kind::Recursive(a), Kind::Recursive(b)) if a == b => Kind::Recursive(a),
        (Kind::Mixed | Kind::Recursive(_), _) | (_, Kind::Mixed | Kind::Recursive(_)) => Kind::Mixed,
        (a, b) => {
            let mut members = match a {
                Kind::Union(members) => members,
                other => vec![Shape { kind: other, nullable: false, example: None }],
            };
            let others = match b {
                Kind::Union(members) => members,
                other => vec![Shape { kind: other, nullable: false, example: None }],
            };
            for other in others {
                let family = other.kind.family();
                match members.iter_mut().find(|m| m.kind.family() == family) {
                    Some(member) => old_merge(member, other),
                    None => members.push(other),
                }
            }
            members.sort_by_key(|m| m.kind.family());
            Kind::Union(members)
        }
    };
}


fn old_merge_objects(a: &mut ObjectShape, b: ObjectShape) {
    let mut shape = Shape { kind: Kind::Object(std::mem::take(a)), nullable: false, example: None };
    old_merge(&mut shape, Shape { kind: Kind::Object(b), nullable: false, example: None });
    if let Kind::Object(merged) = shape.kind {
        *a = merged;
    }
}

/// A JSON value that keeps every value of a repeated key (a `Value` keeps the last).
#[derive(Debug, Clone)]
enum Tree {
    /// `null`, a boolean, a number or a string.
    Scalar(Value),
    Array(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

impl Tree {
    fn parse(text: &str) -> Tree {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }
}

impl From<&Value> for Tree {
    fn from(value: &Value) -> Tree {
        match value {
            Value::Array(items) => Tree::Array(items.iter().map(Tree::from).collect()),
            Value::Object(map) => Tree::Object(map.iter().map(|(k, v)| (k.clone(), Tree::from(v))).collect()),
            scalar => Tree::Scalar(scalar.clone()),
        }
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        struct TreeVisitor;
        impl<'de> Visitor<'de> for TreeVisitor {
            type Value = Tree;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Tree, E> {
                Ok(Tree::Scalar(Value::Null))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
                Ok(Tree::Scalar(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
                Ok(Tree::Scalar(Value::from(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
                Ok(Tree::Scalar(Value::from(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
                Ok(Tree::Scalar(Number::from_f64(v).map_or(Value::Null, Value::Number)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
                Ok(Tree::Scalar(Value::String(v.to_owned())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Tree::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    fields.push(entry);
                }
                Ok(Tree::Object(fields))
            }
        }
        deserializer.deserialize_any(TreeVisitor)
    }
}

/// The shape of a sample as it was built before [`Shape::from_json_text`]: a whole `Shape` per
/// value, merged into its parent's (the reference the streaming reader must equal). Every value
/// of a repeated key merges into its field, which is present once.
fn reference(text: &str) -> Shape {
    reference_at(&Tree::parse(text), 0, &big_integers(text))
}

fn reference_at(tree: &Tree, depth: usize, big: &HashMap<u64, String>) -> Shape {
    if depth >= MAX_DEPTH && matches!(tree, Tree::Array(_) | Tree::Object(_)) {
        return Shape { kind: Kind::Mixed, nullable: false, example: None };
    }
    let kind = match tree {
        Tree::Scalar(Value::Null) => return Shape { kind: Kind::Unknown, nullable: true, example: None },
        Tree::Scalar(Value::Bool(_)) => Kind::Bool,
        Tree::Scalar(Value::Number(n)) if n.is_i64() => Kind::Int { unsigned: false, negative: n.as_i64().is_some_and(|v| v < 0) },
        Tree::Scalar(Value::Number(n)) if n.is_u64() => Kind::Int { unsigned: true, negative: false },
        Tree::Scalar(Value::Number(n)) => match n.as_f64().and_then(|f| big.get(&f.to_bits())) {
            Some(digits) => return Shape { kind: Kind::BigInt, nullable: false, example: Some(shorten(digits)) },
            None => Kind::Float,
        },
        Tree::Scalar(Value::String(text)) => Kind::String(Formats::of(text)),
        Tree::Scalar(_) => unreachable!("a scalar"),
        Tree::Array(items) => {
            let mut element = Shape::unknown();
            for item in items {
                old_merge(&mut element, reference_at(item, depth + 1, big));
            }
            Kind::Array(Box::new(element))
        }
        Tree::Object(entries) => {
            let mut fields: IndexMap<String, FieldShape> = IndexMap::new();
            for (key, value) in entries {
                let shape = reference_at(value, depth + 1, big);
                match fields.get_mut(key) {
                    Some(field) => old_merge(&mut field.shape, shape),
                    None => {
                        fields.insert(key.clone(), FieldShape { shape, present: 1 });
                    }
                }
            }
            let mut object = ObjectShape { fields, samples: 1, tagged: None };
            // A tag is a string under its key, which the object has once.
            let tag = TAG_KEYS.iter().find_map(|key| match entries.iter().filter(|(k, _)| k == key).collect::<Vec<_>>()[..] {
                [(_, Tree::Scalar(Value::String(value)))] => Some(((*key).to_owned(), value.clone())),
                _ => None,
            });
            if let Some((key, value)) = tag {
                let variant = object.clone();
                object.tagged = Some((key, IndexMap::from([(value, variant)])));
            }
            Kind::Object(object)
        }
    };
    let example = match tree {
        Tree::Scalar(value @ (Value::Bool(_) | Value::Number(_) | Value::String(_))) => Some(shorten(&value.to_string())),
        _ => None,
    };
    Shape { kind, nullable: false, example }
}

/// The streaming shape of `text`, checked against the reference (and `of_text`, `of`).
fn streamed(text: &str) -> Shape {
    let shape = Shape::from_json_text(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let value: Value = serde_json::from_str(text).expect("json");
    assert_eq!(shape, reference(text), "{text}");
    assert_eq!(Shape::of_text(&value, text), shape, "{text}");
    assert_eq!(Shape::of(&value), reference_at(&Tree::from(&value), 0, &HashMap::new()), "{text}");
    shape
}

#[test]
fn numbers() {
    assert_eq!(merged(&[json!(1), json!(2.5)]).kind, Kind::Float);
    assert_eq!(merged(&[json!(2.0)]).kind, Kind::Float);
    assert_eq!(merged(&[json!(1e5)]).kind, Kind::Float);
    assert_eq!(merged(&[json!(18446744073709551615u64)]).kind, Kind::Int { unsigned: true, negative: false });
    assert_eq!(merged(&[json!(1234512345123451234i64), json!(-1)]).kind, Kind::Int { unsigned: false, negative: true });
}

#[test]
fn integers_beyond_u64_keep_their_digits() {
    let text = r#"{"a": 123456789012345678901234567890, "b": -99999999999999999999, "c": 1e30, "s": "123456789012345678901234567890", "d": 18446744073709551615}"#;
    let value: Value = serde_json::from_str(text).expect("json");
    let Kind::Object(object) = Shape::of_text(&value, text).kind else { panic!("object") };
    let kinds: Vec<_> = object.fields.values().map(|f| f.shape.kind.clone()).collect();
    assert_eq!(kinds, [Kind::BigInt, Kind::BigInt, Kind::Float, Kind::String(Formats::PLAIN), Kind::Int { unsigned: true, negative: false }]);
}

#[test]
fn nulls_and_missing_fields() {
    let shape = merged(&[json!({"n": 5, "a": 1}), json!({"n": null}), json!({"n": 7})]);
    let Kind::Object(object) = shape.kind else { panic!("object expected") };
    assert_eq!(object.samples, 3);
    assert_eq!(object.fields["n"].shape.kind, Kind::Int { unsigned: false, negative: false });
    assert!(object.fields["n"].shape.nullable);
    assert_eq!(object.fields["n"].shape.example.as_deref(), Some("5"));
    assert_eq!(object.fields["n"].present, 3);
    assert_eq!(object.fields["a"].present, 1);
    assert_eq!(merged(&[json!(null)]), Shape { kind: Kind::Unknown, nullable: true, example: None });
}

#[test]
fn strings_keep_the_date_formats_they_all_have() {
    let kind = |values: &[Value]| merged(values).kind;
    let both = |date_time, date| Kind::String(Formats { date_time, date, hinted: false });
    assert_eq!(kind(&[json!("2024-05-01T12:30:00Z"), json!("2024-05-01t14:30:00.250+02:00")]), both(true, false));
    assert_eq!(kind(&[json!("2024-05-01T12:30:00Z"), json!("yesterday")]), both(false, false));
    assert_eq!(kind(&[json!("2024-02-29"), json!(null)]), both(false, true));
    assert_eq!(kind(&[json!("2023-02-29")]), both(false, false), "no such day");
    for (text, date_time, date) in [
        ("2016-12-31T23:59:60Z", true, false),
        ("2024-05-01 12:30:00+00:00", true, false),
        ("2024-05-01T12:30:00", false, false),
        ("2024-05-01T24:00:00Z", false, false),
        ("1990-2-28", false, false),
        ("+1990-02-28", false, false),
        ("0000-01-01", false, true),
        ("", false, false),
    ] {
        assert_eq!(Formats::of(text), Formats { date_time, date, hinted: false }, "{text:?}");
    }
}

#[test]
fn deep_samples_are_cut_to_mixed() {
    // Regression (fuzzing): 120 nested arrays became `Vec<Vec<…>>` 120 deep, and parsing the
    // emitted code overflowed a 2 MiB stack.
    let mut value = json!(1);
    for _ in 0..120 {
        value = json!([value]);
    }
    let mut shape = Shape::of(&value);
    let mut depth = 0;
    while let Kind::Array(element) = shape.kind {
        shape = *element;
        depth += 1;
    }
    assert_eq!((depth, shape.kind), (MAX_DEPTH, Kind::Mixed));
}

#[test]
fn empty_arrays_take_elements_from_other_samples() {
    let shape = merged(&[json!([]), json!(["x"])]);
    assert_eq!(shape.kind, Kind::Array(Box::new(Shape { kind: Kind::String(Formats::of("x")), nullable: false, example: Some("\"x\"".into()) })));
    let union = merged(&[json!(1), json!("x"), json!(null), json!(2.5), json!({"a": 1})]);
    let Kind::Union(members) = &union.kind else { panic!("union expected: {union:?}") };
    let kinds: Vec<_> = members.iter().map(|m| m.kind.family()).collect();
    assert_eq!(kinds, [Some(Family::Integer), Some(Family::Number), Some(Family::String), Some(Family::Object)]);
    assert!(union.nullable);
    let union = merged(&[json!(1), json!(2.5), json!("x")]);
    let Kind::Union(members) = &union.kind else { panic!("union expected: {union:?}") };
    assert_eq!(members[0].kind, Kind::Float, "1 and 2.5 merged before the union existed");
}

#[test]
fn streaming_cuts_deep_values_to_mixed() {
    let deep = |open: &str, close: &str, n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
    for n in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 100] {
        streamed(&deep("[", "]", n));
        streamed(&deep("{\"a\": ", "}", n));
        streamed(&format!("[{}, {}, 2.5, \"x\", null]", deep("[", "]", n), deep("{\"k\": ", "}", n)));
    }
    // Arrays and objects beyond the cut are skipped; the scalars at the cut are typed.
    let text = format!("{{\"a\": {}}}", deep("[", "]", 40));
    let mut shape = streamed(&text);
    let mut depth = 0;
    loop {
        shape = match shape.kind {
            Kind::Array(element) => *element,
            Kind::Object(mut object) => object.fields.swap_remove("a").expect("a").shape,
            _ => break,
        };
        depth += 1;
    }
    assert_eq!((depth, shape.kind), (MAX_DEPTH, Kind::Mixed));
}

#[test]
fn streaming_keeps_the_digits_of_big_integers() {
    let shape = streamed(r#"{"a": 123456789012345678901234567890, "b": -99999999999999999999, "c": 1e30, "d": 18446744073709551615, "e": -9223372036854775808, "f": -0, "g": 2.50}"#);
    let Kind::Object(object) = shape.kind else { panic!("object") };
    let got: Vec<_> = object.fields.values().map(|f| (f.shape.kind.clone(), f.shape.example.clone().unwrap_or_default())).collect();
    let int = |unsigned, negative| Kind::Int { unsigned, negative };
    assert_eq!(
        got,
        [
            (Kind::BigInt, "123456789012345678901234567890".to_owned()),
            (Kind::BigInt, "-99999999999999999999".to_owned()),
            (Kind::Float, "1e+30".to_owned()),
            (int(true, false), "18446744073709551615".to_owned()),
            (int(false, true), "-9223372036854775808".to_owned()),
            (Kind::Float, "-0.0".to_owned()),
            (Kind::Float, "2.5".to_owned()),
        ]
    );
    // A float equal to a big integer of the same text reads as that integer (as before).
    streamed("[1e30, 1000000000000000000000000000000]");
    // No float, no scan; a u64 and a negative merge to the digits.
    assert_eq!(streamed("[18446744073709551615, -1]").kind, Kind::Array(Box::new(Shape { kind: Kind::BigInt, nullable: false, example: Some("18446744073709551615".into()) })));
}

#[test]
fn streaming_tags_live_until_an_object_has_none_or_too_many() {
    let tagged = |text: &str| match streamed(text).kind {
        Kind::Array(element) => match element.kind {
            Kind::Object(object) => object.tagged.map(|(key, variants)| (key, variants.keys().cloned().collect::<Vec<_>>())),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    let some = |key: &str, values: &[&str]| Some((key.to_owned(), values.iter().map(|v| v.to_string()).collect()));
    assert_eq!(tagged(r#"[{"type": "a", "x": 1}, {"type": "b", "y": 2}, {"type": "a", "z": 3}]"#), some("type", &["a", "b"]));
    assert_eq!(tagged(r#"[{"type": 1, "kind": "k"}, {"kind": "j", "type": null}]"#), some("kind", &["k", "j"]));
    // One object without the tag drops the tags for good, whatever follows.
    assert_eq!(tagged(r#"[{"type": "a"}, {"x": 1}, {"type": "a"}, {"type": "b"}]"#), None);
    assert_eq!(tagged(r#"[{"type": "a"}, {"kind": "a"}]"#), None);
    // The first object without a tag: none.
    assert_eq!(tagged(r#"[{"x": 1}, {"type": "a"}]"#), None);
    let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!(r#"{{"type": "t{i}"}}"#)).collect();
    assert_eq!(tagged(&format!("[{}]", many[..MAX_TAGS].join(","))).map(|(_, v)| v.len()), Some(MAX_TAGS));
    assert_eq!(tagged(&format!("[{}]", many.join(","))), None);
    // Tags merged in place in the object member of a union.
    streamed(r#"[1, {"type": "a", "v": {"type": "x"}}, "s", {"type": "b", "v": [{"kind": "k"}, {"kind": "l", "w": 1}]}, null]"#);
}

#[test]
fn streaming_unions_and_repeated_keys() {
    let shape = streamed(r#"[1, "x", null, 2.5, {"a": 1}, [true], {"a": "s", "b": null}, [1.5], false]"#);
    let Kind::Array(element) = shape.kind else { panic!("array") };
    let Kind::Union(members) = &element.kind else { panic!("union") };
    let families: Vec<_> = members.iter().map(|m| m.kind.family()).collect();
    assert_eq!(families, [Family::Bool, Family::Integer, Family::Number, Family::String, Family::Array, Family::Object].map(Some));
    assert!(members.iter().all(|m| m.example.is_none() && !m.nullable));
    assert!(element.nullable);
    assert_eq!(element.example.as_deref(), Some("1"));
    // Every value of a key repeated in an object merges into its field (the generated decoders
    // read each one), present once in its first place; a repeated `type` is no tag.
    let text = r#"[{"a": 1, "b": 2, "a": "x", "type": "t", "type": "u"}, {"b": 3}]"#;
    let shape = Shape::from_json_text(text).expect("json");
    assert_eq!(shape, reference(text));
    let Kind::Array(element) = shape.kind else { panic!("array") };
    let Kind::Object(object) = element.kind else { panic!("object") };
    assert_eq!(object.fields.keys().collect::<Vec<_>>(), ["a", "b", "type"]);
    assert_eq!((object.fields["a"].present, object.fields["a"].shape.example.as_deref()), (1, Some("1")));
    let Kind::Union(members) = &object.fields["a"].shape.kind else { panic!("a union") };
    assert_eq!(members.iter().map(|m| m.kind.family()).collect::<Vec<_>>(), [Some(Family::Integer), Some(Family::String)]);
    assert_eq!((object.fields["type"].present, object.tagged.is_none()), (1, true));
    let Kind::Object(once) = Shape::from_json_text(r#"{"type": "t", "kind": "k", "type": "u"}"#).expect("json").kind else { panic!("object") };
    assert_eq!(once.tagged.map(|(key, _)| key).as_deref(), Some("kind"), "a tag key there once is still a tag");
    // Wide objects: a key repeated far from its first place is found too.
    let wide: Vec<String> = (0..300).map(|i| format!(r#""k{i}": {i}"#)).collect();
    streamed(&format!("[{{{}}}, {{{}, \"k200\": \"x\"}}]", wide.join(","), wide.join(",")));
    let mut seen = read::Seen::default();
    assert!([0, 127, 128, 191, 192, 1000].iter().all(|&i| seen.insert(i)));
    assert!(![0, 127, 128, 191, 192, 1000].iter().any(|&i| seen.insert(i)));
    assert!(seen.insert(999) && seen.insert(1));
    // Escaped keys and strings, and the example of a long string cut as its whole JSON text is.
    let long = format!("{}\\n\\\"{}é", "a".repeat(55), "b".repeat(10));
    let shape = streamed(&format!(r#"{{"t\u0079pe": "\u0041", "k": "{long}", "{long}": 1}}"#));
    let Kind::Object(object) = shape.kind else { panic!("object") };
    assert_eq!(object.tagged.map(|(key, variants)| (key, variants.keys().cloned().collect::<Vec<_>>())), Some(("type".to_owned(), vec!["A".to_owned()])));
    assert_eq!(object.fields["k"].shape.example.as_deref(), Some(format!("\"{}\\n\\…", "a".repeat(55)).as_str()));
}

#[test]
fn arrays_read_in_place_unless_integers_and_floats_meet_in_a_union() {
    let in_place = |text: &str| {
        let mut reading = Reading::new(Some(text), true);
        Shape::read(&mut serde_json::Deserializer::from_str(text), &mut reading).expect("json")
    };
    // The second array's elements merged one by one into `1`: `1` and `2.5` make a float
    // before the union exists; merged as the array's shape, the union keeps the integer.
    for text in [r#"[[1], [2.5, "x"]]"#, r#"[[2.5], [1, "x"]]"#, r#"[{"f": [1]}, {"f": [2.5, "x"]}]"#, r#"{"a": [[{"l": [1]}], [{"l": [2.5, true]}]]}"#, r#"[["a"], [0, -0]]"#] {
        let exact = reference(text);
        assert_ne!(in_place(text), exact, "{text}");
        assert!(in_place(text).has_float_union() && exact.has_float_union(), "{text}");
        assert_eq!(streamed(text), exact, "{text}");
    }
    // Without such a union, reading in place is exact.
    for text in [r#"[[1], [2.5, 3]]"#, r#"[[1, "x"], ["y", 2]]"#, r#"[{"f": [1]}, {"f": [null, "x"], "g": [[1], [2.5]]}]"#] {
        assert!(!in_place(text).has_float_union());
        assert_eq!(in_place(text), reference(text), "{text}");
    }
}

#[test]
fn streaming_merges_texts_as_their_shapes_merged() {
    let texts = [r#"{"a": 1, "l": [1]}"#, r#"{"a": 2.5, "l": ["x"], "b": null}"#, r#"[1]"#, r#"{"a": "s", "l": [{"k": 1}]}"#, "null", "7"];
    let mut streamed_all = Shape::unknown();
    let mut reference_all = Shape::unknown();
    for text in texts {
        streamed_all.merge(Shape::from_json_text(text).expect("json"));
        old_merge(&mut reference_all, reference(text));
        assert_eq!(streamed_all, reference_all, "{text}");
    }
    assert!(Shape::from_json_text("{\"a\": 1,}").is_err());
    assert!(Shape::from_json_text("[1] 2").is_err());
}

mod differential {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::RngSeed;

    /// A JSON value with the text of each number and key as written.
    #[derive(Debug, Clone)]
    enum J {
        Null,
        Bool(bool),
        Number(String),
        /// The string and whether to write it with `\u` escapes.
        String(String, bool),
        Array(Vec<J>),
        /// The fields and whether to keep repeated keys (else the first of each key is kept).
        Object(Vec<(String, J)>, bool),
        /// The value nested in this many one-element arrays (`true`) or objects.
        Deep(usize, bool, Box<J>),
    }

    fn write(j: &J, out: &mut String) {
        match j {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Number(n) => out.push_str(n),
            J::String(s, escaped) => write_str(s, *escaped, out),
            J::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(item, out);
                }
                out.push(']');
            }
            J::Object(fields, repeat) => {
                out.push('{');
                let mut keys: Vec<&str> = Vec::new();
                for (key, value) in fields {
                    if !repeat && keys.contains(&key.as_str()) {
                        continue;
                    }
                    if !keys.is_empty() {
                        out.push(',');
                    }
                    keys.push(key);
                    write_str(key, key.len() % 3 == 0, out);
                    out.push(':');
                    write(value, out);
                }
                out.push('}');
            }
            J::Deep(n, array, inner) => {
                for _ in 0..*n {
                    out.push_str(if *array { "[" } else { "{\"d\":" });
                }
                write(inner, out);
                for _ in 0..*n {
                    out.push(if *array { ']' } else { '}' });
                }
            }
        }
    }

    fn write_str(s: &str, escaped: bool, out: &mut String) {
        if escaped {
            out.push('"');
            for c in s.chars() {
                if c.is_ascii_alphanumeric() {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    let quoted = serde_json::to_string(&c.to_string()).expect("string");
                    out.push_str(&quoted[1..quoted.len() - 1]);
                }
            }
            out.push('"');
        } else {
            out.push_str(&serde_json::to_string(s).expect("string"));
        }
    }

    fn number() -> impl Strategy<Value = String> {
        prop_oneof![
            (-20i64..20).prop_map(|n| n.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            (0u32..4).prop_map(|n| (u64::MAX - u64::from(n)).to_string()),
            Just("9223372036854775808".to_owned()),
            Just("-9223372036854775808".to_owned()),
            Just("-9223372036854775809".to_owned()),
            Just("123456789012345678901234567890".to_owned()),
            Just("-99999999999999999999".to_owned()),
            Just("18446744073709551616".to_owned()),
            Just("1e30".to_owned()),
            Just("1000000000000000000000000000000".to_owned()),
            Just("-0".to_owned()),
            Just("-0.0".to_owned()),
            Just("2.0".to_owned()),
            Just("1E+2".to_owned()),
            Just("2.5e-3".to_owned()),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| f.to_string()),
        ]
    }

    fn string() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec!["a", "b", "x", "", "2024-05-01T12:30:00Z", "2024-02-29", "2023-02-29", "2024-05-01t14:30:00.250+02:00", "é\\\"\n\tü"]).prop_map(str::to_owned),
            "[a-z0-9\\-:\"\\\\é ]{0,80}",
            "[0-9]{4}-[01][0-9]-[0-3][0-9]",
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["type", "kind", "id", "a", "b", "c", "name", "d", "é\"k"]).prop_map(str::to_owned)
    }

    fn tag_value() -> impl Strategy<Value = J> {
        prop_oneof![
            4 => prop::sample::select(vec!["user", "group", "bot"]).prop_map(|s| J::String(s.to_owned(), false)),
            1 => Just(J::Null),
            1 => Just(J::Number("1".to_owned())),
        ]
    }

    fn json() -> impl Strategy<Value = J> {
        let leaf = prop_oneof![
            1 => Just(J::Null),
            1 => any::<bool>().prop_map(J::Bool),
            3 => number().prop_map(J::Number),
            3 => (string(), any::<bool>()).prop_map(|(s, e)| J::String(s, e)),
        ];
        leaf.prop_recursive(6, 80, 6, |inner| {
            prop_oneof![
                3 => prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
                3 => (prop::collection::vec((key(), inner.clone()), 0..6), prop::option::of(tag_value()), prop::bool::weighted(0.05)).prop_map(|(mut fields, tag, repeat)| {
                    if let Some(tag) = tag {
                        let at = fields.len() / 2;
                        fields.insert(at, ((if fields.len() % 4 == 3 { "kind" } else { "type" }).to_owned(), tag));
                    }
                    J::Object(fields, repeat)
                }),
                1 => (25usize..45, any::<bool>(), inner).prop_map(|(n, array, j)| J::Deep(n, array, Box::new(j))),
            ]
        })
    }

    fn text(j: &J) -> String {
        let mut out = String::new();
        write(j, &mut out);
        out
    }

    proptest! {
        // A fixed seed, as the other property tests of the project: the same cases every run.
        #![proptest_config(ProptestConfig { cases: 2000, rng_seed: RngSeed::Fixed(0x5EED_0000_0006), failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn streaming_equals_building_and_merging(texts in prop::collection::vec(json(), 1..4)) {
            let mut streamed_all = Shape::unknown();
            let mut reference_all = Shape::unknown();
            for j in &texts {
                let text = text(j);
                let value: Value = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
                let expected = reference(&text);
                let got = Shape::from_json_text(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
                prop_assert_eq!(&got, &expected, "{}", text);
                // A `Value` keeps the last value of a repeated key: its shape is that value's.
                prop_assert_eq!(Shape::of_text(&value, &text), reference_at(&Tree::from(&value), 0, &big_integers(&text)), "{}", text);
                streamed_all.merge(got);
                old_merge(&mut reference_all, expected);
                prop_assert_eq!(&streamed_all, &reference_all);
            }
        }

        #[test]
        fn arrays_of_texts_equal_their_elements_merged(texts in prop::collection::vec(json(), 1..12)) {
            // An array's element shape is its items' shapes merged in order, in place.
            let text = format!("[{}]", texts.iter().map(text).collect::<Vec<_>>().join(","));
            let got = Shape::from_json_text(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(got, reference(&text), "{}", text);
        }
    }
}

#[test]
fn shape_accepts_and_rejects_as_parse_does() {
    let vars: BTreeMap<String, String> = [("n".to_owned(), "42".to_owned())].into();
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    // Beyond the shape's depth limit the reader skips values without typing them: they are
    // still checked as strictly as `Value` reads them.
    let untyped = |inner: &str| format!("{{\"a\": {}{inner}{}}}", "[".repeat(40), "]".repeat(40));
    let texts = [
        "{\"a\":1}".to_owned(),
        "{\n // note\n \"a\": {{n}}, \"b\": [1, 2,],\n}".to_owned(),
        "{\"a\": 1 \"b\": 2}".to_owned(),
        "<xml>".to_owned(),
        "{\"a\": \"unterminated".to_owned(),
        "[1] 2".to_owned(),
        "{\"a\": 1, \"a\": 2}".to_owned(),
        // `serde::de::IgnoredAny` accepts these three; `serde_json::Value` does not.
        "[1e400]".to_owned(),
        "[\"\\ud800\"]".to_owned(),
        "{\"\\udc00\": 1}".to_owned(),
        deep(127),
        deep(128),
        deep(300),
        format!("{{\"a\": {}, }}", deep(200)),
        "-".to_owned(),
        "[01]".to_owned(),
        "\"\u{1}\"".to_owned(),
        untyped("1"),
        untyped("1e400"),
        untyped("\"\\ud800\""),
        untyped("{\"\\udc00\": 1}"),
        untyped(&deep(100)),
        untyped("{{n}}, "),
    ];
    for text in &texts {
        let read = Shape::from_almost_json(text, &vars);
        let parsed = crate::json::lenient::parse(text, &vars);
        assert_eq!(read.as_ref().map(|(_, clean)| clean).map_err(ToString::to_string), parsed.as_ref().map(|(_, clean)| clean).map_err(ToString::to_string), "{text}");
        if let (Ok((shape, clean)), Ok((value, _))) = (&read, &parsed) {
            // A `Value` keeps the last value of a repeated key; the shape takes every one.
            if text != "{\"a\": 1, \"a\": 2}" {
                assert_eq!(*shape, Shape::of_text(value, clean.as_deref().unwrap_or(text)), "{text}");
            }
        }
    }
    for text in ["[1e400]", "[\"\\ud800\"]", &deep(300), &untyped("1e400"), &untyped("\"\\ud800\""), &untyped(&deep(100))] {
        assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() && Shape::from_almost_json(text, &vars).is_err(), "{text}");
    }
    let (repeated, _) = Shape::from_almost_json("{\"a\": 1, \"a\": 2.5}", &vars).expect("JSON");
    let Kind::Object(object) = repeated.kind else { panic!("an object") };
    assert_eq!((object.fields["a"].present, &object.fields["a"].shape.kind), (1, &Kind::Float), "both values of `a` are typed");
    assert!(Shape::from_almost_json(&untyped("1"), &vars).is_ok() && Shape::from_almost_json(&untyped("{{n}}, "), &vars).is_ok_and(|(_, clean)| clean.is_some()));
}
