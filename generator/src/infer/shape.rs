//! The shape lattice: what a set of JSON samples has in common, merged one sample at a time.
//!
//! `Unknown` (no non-null sample yet) is the bottom; `Mixed` (nested too deep to type) is the top.
//! Integers and floats merge to floats; a field missing from some objects is optional; `null`
//! anywhere makes a shape nullable without losing what the other samples say. Samples of different
//! kinds (a string here, an object there) make a [`Kind::Union`] that keeps one member per kind.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::Value;

/// How deep arrays and objects are typed; below that a value is `serde_json::Value`. Nested types are
/// nested tokens (`Vec<Vec<…>>`) that the parser of the emitted code, and rustc, walk recursively.
pub const MAX_DEPTH: usize = 32;

/// What is known about a value from its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The kind of the non-null samples.
    pub kind: Kind,
    /// Some sample was `null`.
    pub nullable: bool,
    /// The first scalar sample, as JSON text (shortened), for docs.
    pub example: Option<String>,
}

/// The kind of a shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// No non-null sample.
    Unknown,
    /// `true`/`false`.
    Bool,
    /// Integers; `unsigned` when one exceeds `i64::MAX` (they all fit `u64`).
    Int {
        /// Needs `u64`.
        unsigned: bool,
        /// Some sample was negative.
        negative: bool,
    },
    /// Some sample had a fraction or exponent.
    Float,
    /// Strings, and the date formats that every one of them has.
    String(Formats),
    /// Arrays, with the merged shape of all their elements.
    Array(Box<Shape>),
    /// Objects.
    Object(ObjectShape),
    /// Integers beyond `u64`, or negative integers beyond `i64` (kept as their digits).
    BigInt,
    /// Samples of different kinds: at most one member per [`Family`], in family order, none of them
    /// nullable (`null` makes the union itself nullable).
    Union(Vec<Shape>),
    /// Not typed: nested deeper than [`MAX_DEPTH`].
    Mixed,
    /// The enclosing object that [`fold_recursion`] gave this id (a type that contains itself).
    Recursive(u32),
}

/// The JSON kinds a union keeps apart (integers apart from floats, so that `1` stays `1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// `true`/`false`.
    Bool,
    /// Integers.
    Integer,
    /// Numbers with a fraction or an exponent.
    Number,
    /// Strings.
    String,
    /// Arrays.
    Array,
    /// Objects.
    Object,
}

impl Kind {
    /// The family of a kind that can be a union member.
    pub fn family(&self) -> Option<Family> {
        match self {
            Kind::Bool => Some(Family::Bool),
            Kind::Int { .. } | Kind::BigInt => Some(Family::Integer),
            Kind::Float => Some(Family::Number),
            Kind::String(_) => Some(Family::String),
            Kind::Array(_) => Some(Family::Array),
            Kind::Object(_) => Some(Family::Object),
            Kind::Unknown | Kind::Union(_) | Kind::Mixed | Kind::Recursive(_) => None,
        }
    }
}

/// The date formats that every string sample has: what the overrides `type = "datetime"` and
/// `type = "date"` need of the examples (each of them must decode into the forced type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// An RFC 3339 date-time, as chrono's `DateTime::parse_from_rfc3339` reads it (the generated
    /// crate's `DateTime` decodes with it).
    pub date_time: bool,
    /// A `YYYY-MM-DD` date: four digits, two, two, and a day that exists (as the generated crate's
    /// `Date` decodes it).
    pub date: bool,
}

impl Formats {
    /// The formats of one string.
    pub fn of(text: &str) -> Self {
        Formats { date_time: is_date_time(text), date: is_date(text) }
    }
}

/// Whether `text` is an RFC 3339 date-time (at least `YYYY-MM-DDTHH:MM:SSZ`, 20 bytes).
pub fn is_date_time(text: &str) -> bool {
    text.len() >= 20 && text.as_bytes()[0].is_ascii_digit() && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// Whether `text` is a `YYYY-MM-DD` date, by the rule of the runtime's `Date::parse`.
pub fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10 && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|t| t.parse::<u32>().ok()).unwrap_or(0);
    shape && chrono::NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10)).is_some()
}

/// The merged shape of objects: every key seen, in first-seen order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObjectShape {
    /// Fields by key.
    pub fields: IndexMap<String, FieldShape>,
    /// How many objects were merged.
    pub samples: usize,
    /// When every merged object has a string `type` (or else `kind`) field: that key and the merged
    /// objects by its value, in first-seen order (at most [`MAX_TAGS`] values).
    pub tagged: Option<(String, IndexMap<String, ObjectShape>)>,
}

/// The most values a tag field may take for its objects to become an enum.
pub const MAX_TAGS: usize = 32;

/// The keys that may tell objects apart.
const TAG_KEYS: [&str; 2] = ["type", "kind"];

/// A field of an object shape.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldShape {
    /// The merged shape of its values.
    pub shape: Shape,
    /// In how many of the objects it was present.
    pub present: usize,
}

impl Shape {
    /// The bottom of the lattice: nothing known.
    pub fn unknown() -> Self {
        Shape { kind: Kind::Unknown, nullable: false, example: None }
    }

    /// The shape of one sample. Values nested deeper than [`MAX_DEPTH`] are `Mixed` (they become
    /// `serde_json::Value`), so types, and every pass over them, stay shallow whatever the example.
    pub fn of(value: &Value) -> Self {
        Shape::of_at(value, 0, &HashMap::new())
    }

    /// The shape of a sample parsed from `text`: integer literals of the text beyond `u64`/`i64`,
    /// which `serde_json` reads as `f64`, are [`Kind::BigInt`] (not floats).
    pub fn of_text(value: &Value, text: &str) -> Self {
        Shape::of_at(value, 0, &big_integers(text))
    }

    fn of_at(value: &Value, depth: usize, big: &HashMap<u64, String>) -> Self {
        if depth >= MAX_DEPTH && matches!(value, Value::Array(_) | Value::Object(_)) {
            return Shape { kind: Kind::Mixed, nullable: false, example: None };
        }
        let kind = match value {
            Value::Null => return Shape { kind: Kind::Unknown, nullable: true, example: None },
            Value::Bool(_) => Kind::Bool,
            Value::Number(n) if n.is_i64() => Kind::Int { unsigned: false, negative: n.as_i64().is_some_and(|v| v < 0) },
            Value::Number(n) if n.is_u64() => Kind::Int { unsigned: true, negative: false },
            Value::Number(n) => match n.as_f64().and_then(|f| big.get(&f.to_bits())) {
                Some(digits) => return Shape { kind: Kind::BigInt, nullable: false, example: Some(shorten(digits)) },
                None => Kind::Float,
            },
            Value::String(text) => Kind::String(Formats::of(text)),
            Value::Array(items) => {
                let mut element = Shape::unknown();
                for item in items {
                    element.merge(Shape::of_at(item, depth + 1, big));
                }
                Kind::Array(Box::new(element))
            }
            Value::Object(map) => {
                let mut object = ObjectShape {
                    fields: map.iter().map(|(k, v)| (k.clone(), FieldShape { shape: Shape::of_at(v, depth + 1, big), present: 1 })).collect(),
                    samples: 1,
                    tagged: None,
                };
                let tag = TAG_KEYS.iter().find_map(|key| match map.get(*key) {
                    Some(Value::String(value)) => Some(((*key).to_owned(), value.clone())),
                    _ => None,
                });
                if let Some((key, value)) = tag {
                    let variant = object.clone();
                    object.tagged = Some((key, IndexMap::from([(value, variant)])));
                }
                Kind::Object(object)
            }
        };
        let example = match value {
            Value::Bool(_) | Value::Number(_) | Value::String(_) => Some(shorten(&value.to_string())),
            _ => None,
        };
        Shape { kind, nullable: false, example }
    }

    /// Merges another shape into this one (the least upper bound).
    pub fn merge(&mut self, other: Shape) {
        self.nullable |= other.nullable;
        if self.example.is_none() {
            self.example = other.example;
        }
        let kind = std::mem::replace(&mut self.kind, Kind::Unknown);
        self.kind = match (kind, other.kind) {
            (Kind::Unknown, k) | (k, Kind::Unknown) => k,
            (Kind::Bool, Kind::Bool) => Kind::Bool,
            (Kind::String(a), Kind::String(b)) => Kind::String(Formats { date_time: a.date_time && b.date_time, date: a.date && b.date }),
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
                a.merge(*b);
                Kind::Array(a)
            }
            (Kind::Object(mut a), Kind::Object(b)) => {
                for (key, field) in b.fields {
                    match a.fields.get_mut(&key) {
                        Some(existing) => {
                            existing.shape.merge(field.shape);
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
                                Some(existing) => merge_objects(existing, variant),
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
                        Some(member) => member.merge(other),
                        None => members.push(other),
                    }
                }
                members.sort_by_key(|m| m.kind.family());
                Kind::Union(members)
            }
        };
    }
}

/// Merges the object `b` into `a`.
fn merge_objects(a: &mut ObjectShape, b: ObjectShape) {
    let mut shape = Shape { kind: Kind::Object(std::mem::take(a)), nullable: false, example: None };
    shape.merge(Shape { kind: Kind::Object(b), nullable: false, example: None });
    if let Kind::Object(merged) = shape.kind {
        *a = merged;
    }
}

/// Folds an object that contains itself: every object below it, reached through a key `k` that it
/// has too and sharing at least half of its keys (`{"data", "next": {"data", "next"}}`, category
/// trees with `children`), is merged into it and replaced by [`Kind::Recursive`]`(id)`. `None` when
/// there is no such object.
pub fn fold_recursion(object: &ObjectShape, id: u32) -> Option<ObjectShape> {
    let mut root = object.clone();
    root.tagged = None;
    let mut folded = false;
    loop {
        let names: Vec<String> = root.fields.keys().cloned().collect();
        let mut found = Vec::new();
        for (key, field) in root.fields.iter_mut() {
            extract(&mut field.shape, key, &names, id, &mut found);
        }
        if found.is_empty() {
            break;
        }
        folded = true;
        for object in found {
            merge_objects(&mut root, object);
        }
        root.tagged = None;
    }
    folded.then_some(root)
}

/// Takes out of `shape` every object that [`fold_recursion`] folds.
fn extract(shape: &mut Shape, key: &str, names: &[String], id: u32, found: &mut Vec<ObjectShape>) {
    match &mut shape.kind {
        Kind::Object(object) => {
            for field in object.fields.values_mut() {
                extract(&mut field.shape, key, names, id, found);
            }
            let common = object.fields.keys().filter(|k| names.contains(k)).count();
            if object.fields.contains_key(key) && 2 * common >= object.fields.len().max(names.len()) {
                if let Kind::Object(object) = std::mem::replace(&mut shape.kind, Kind::Recursive(id)) {
                    found.push(object);
                }
            }
        }
        Kind::Array(element) => extract(element, key, names, id, found),
        Kind::Union(members) => members.iter_mut().for_each(|m| extract(m, key, names, id, found)),
        _ => {}
    }
}

/// The `f64` bits (and the digits) of the integer literals in JSON `text` (outside strings) that fit neither `i64` nor
/// `u64`.
fn big_integers(text: &str) -> HashMap<u64, String> {
    let bytes = text.as_bytes();
    let mut found = HashMap::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let is_integer = !matches!(bytes.get(i), Some(b'.' | b'e' | b'E'));
                while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                    i += 1;
                }
                let literal = &text[start..i];
                if is_integer && literal.parse::<i64>().is_err() && literal.parse::<u64>().is_err() {
                    if let Ok(value) = literal.parse::<f64>() {
                        found.insert(value.to_bits(), literal.to_owned());
                    }
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// At most 60 characters, cut with `…`.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(59).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(values: &[Value]) -> Shape {
        let mut shape = Shape::unknown();
        for v in values {
            shape.merge(Shape::of(v));
        }
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
        assert_eq!(kinds, [Kind::BigInt, Kind::BigInt, Kind::Float, Kind::String(Formats { date_time: false, date: false }), Kind::Int { unsigned: true, negative: false }]);
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
        let both = |date_time, date| Kind::String(Formats { date_time, date });
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
            assert_eq!(Formats::of(text), Formats { date_time, date }, "{text:?}");
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
}
