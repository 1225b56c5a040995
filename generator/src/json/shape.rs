//! The shape lattice: what a set of JSON samples has in common, merged one sample at a time.
//!
//! `Unknown` (no non-null sample yet) is the bottom; `Mixed` (nested too deep to type) is the top.
//! Integers and floats merge to floats; a field missing from some objects is optional; `null`
//! anywhere makes a shape nullable without losing what the other samples say. Samples of different
//! kinds (a string here, an object there) make a [`Kind::Union`] that keeps one member per kind.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use serde::de::{DeserializeSeed, Deserializer};
use serde_json::{Number, Value};

mod read;

use read::{Absorb, Reading};

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
    /// The first scalar sample, as JSON text (shortened), for docs; a placeholder's text
    /// (`<integer>`, never JSON) when the samples had no value but placeholders ([`is_hint`]).
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
    /// Some sample was a `<dateTime>` or `<date>` placeholder (`json::placeholder`): the
    /// collection's schema says what the strings are, as an override would. The type is a date-time
    /// (or a date) when every sample is one.
    pub hinted: bool,
}

impl Formats {
    /// The formats of one string.
    pub fn of(text: &str) -> Self {
        Formats { date_time: is_date_time(text), date: is_date(text), hinted: false }
    }

    /// No date format, no hint: what most strings are.
    pub const PLAIN: Formats = Formats { date_time: false, date: false, hinted: false };

    /// The formats of both sets of strings.
    pub fn merge(self, other: Formats) -> Formats {
        Formats { date_time: self.date_time && other.date_time, date: self.date && other.date, hinted: self.hinted || other.hinted }
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
        Shape::read(value, &mut Reading::new(None, false)).unwrap_or_else(|_| Shape::unknown())
    }

    /// The shape of a sample parsed from `text`: integer literals of the text beyond `u64`/`i64`,
    /// which `serde_json` reads as `f64`, are [`Kind::BigInt`] (not floats).
    pub fn of_text(value: &Value, text: &str) -> Self {
        Shape::read(value, &mut Reading::new(Some(text), false)).unwrap_or_else(|_| Shape::unknown())
    }
    /// The shape of almost-JSON `text` (comments, trailing commas, `{{variables}}` and placeholders
    /// where values go; see `json::lenient`) without building the value: what
    /// [`Shape::from_json_text`] reads from the strict text, with the same error as
    /// `json::lenient::parse` when it is not almost-JSON. Returns, when cleaning was needed, the
    /// strict text it was read from. One pass over the text both checks it and reads its shape.
    pub fn from_almost_json(text: &str, variables: &BTreeMap<String, String>) -> Result<(Self, Option<String>), serde_json::Error> {
        crate::json::lenient::read_with(text, variables, Shape::from_json_text)
    }


    /// The shape of the JSON `text`, read without building a `serde_json::Value`: equal to
    /// [`Shape::of_text`] of the parsed value, but for a key an object repeats, whose values all
    /// merge into its field (a `Value` keeps the last; the generated decoders read every one, so
    /// the type must take each). Each value is merged into the shape of its place as
    /// it is read (the fields of an object into the fields of the objects before it, the elements
    /// of an array into the element shape of the arrays before it), with the rules of
    /// [`Shape::merge`].
    ///
    /// Merging the elements of an array one by one into the element shape already there equals
    /// merging their merged shape into it (what [`Shape::of`] does) except where integers and
    /// floats meet at a place that also has another kind: `1` then `2.5` merge to a float before
    /// `"x"` makes a union of the two, while `1` then the union of `2.5` and `"x"` keeps the
    /// integer as a member of its own. Such a place ends up as a union with a float member (floats
    /// and unions never go away, short of `Mixed`): when the shape has one, the text is read again
    /// with a new element shape for every array, as [`Shape::of`] builds them.
    pub fn from_json_text(text: &str) -> Result<Self, serde_json::Error> {
        let read = |arrays_in_place| {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let mut reading = Reading::new(Some(text), arrays_in_place);
            Shape::read(&mut deserializer, &mut reading).and_then(|shape| deserializer.end().map(|()| shape))
        };
        match read(true)? {
            shape if !shape.has_float_union() => Ok(shape),
            _ => read(false),
        }
    }

    /// Whether some place of the shape is a union with a float member.
    fn has_float_union(&self) -> bool {
        fn object(shape: &ObjectShape) -> bool {
            shape.fields.values().any(|f| f.shape.has_float_union()) || shape.tagged.as_ref().is_some_and(|(_, variants)| variants.values().any(object))
        }
        match &self.kind {
            Kind::Union(members) => members.iter().any(|m| m.kind == Kind::Float || m.has_float_union()),
            Kind::Array(element) => element.has_float_union(),
            Kind::Object(o) => object(o),
            _ => false,
        }
    }

    /// The shape of the value that `deserializer` reads.
    fn read<'de, D: Deserializer<'de>>(deserializer: D, reading: &mut Reading<'_>) -> Result<Self, D::Error> {
        let mut shape = Shape::unknown();
        Absorb { shape: &mut shape, depth: 0, reading, tag: false }.deserialize(deserializer)?;
        Ok(shape)
    }

    /// Merges another shape into this one (the least upper bound).
    pub fn merge(&mut self, other: Shape) {
        self.nullable |= other.nullable;
        if self.example.is_none() || (self.example.as_deref().is_some_and(is_hint) && other.example.as_deref().is_some_and(|e| !is_hint(e))) {
            self.example = other.example;
        }
        self.merge_kind(other.kind);
    }

    /// Merges another shape's kind into this one's. (Inlined: where `other` is a known scalar, as
    /// when a text is read, what is left is a match on this kind.)
    #[inline]
    fn merge_kind(&mut self, other: Kind) {
        // The merges that keep this kind (most of them, as samples agree) change it where it is:
        // those of scalars here (matched by reference, so that no kind is moved)...
        let merged = match (&mut self.kind, &other) {
            (Kind::Mixed, _) => return,
            (_, Kind::Unknown) | (Kind::Bool, Kind::Bool) => true,
            (Kind::Float, Kind::Int { .. } | Kind::Float | Kind::BigInt) | (Kind::BigInt, Kind::Int { .. } | Kind::BigInt) => true,
            (Kind::String(a), Kind::String(b)) => {
                *a = a.merge(*b);
                true
            }
            (Kind::Int { unsigned: a, negative: x }, Kind::Int { unsigned: b, negative: y }) if !((*a || *b) && (*x || *y)) => {
                *a |= *b;
                *x |= *y;
                true
            }
            _ => false,
        };
        if merged {
            // `other` is a scalar or `Unknown`, which owns nothing: not dropping it saves the call
            // to the drop of `Kind` on every value read.
            std::mem::forget(other);
        } else {
            self.merge_other_kind(other);
        }
    }

    /// [`Shape::merge_kind`] of the kinds that do not merge as scalars.
    fn merge_other_kind(&mut self, other: Kind) {
        // Arrays and objects merge where they are too...
        let other = match (&mut self.kind, other) {
            (Kind::Array(a), Kind::Array(b)) => {
                a.merge(*b);
                return;
            }
            (Kind::Object(a), Kind::Object(b)) => {
                merge_objects(a, b);
                return;
            }
            (_, other) => other,
        };
        // ...and the others make a new kind.
        let kind = std::mem::replace(&mut self.kind, Kind::Unknown);
        self.kind = match (kind, other) {
            (Kind::Unknown, k) => k,
            // Integers beyond i64 and negative ones: no machine integer holds both, the digits do.
            (Kind::Int { .. } | Kind::BigInt, Kind::Int { .. } | Kind::BigInt) => Kind::BigInt,
            (Kind::Int { .. } | Kind::Float | Kind::BigInt, Kind::Int { .. } | Kind::Float | Kind::BigInt) => Kind::Float,
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

/// Merges the object `b` into `a`: its fields into theirs (new ones after the others), and its
/// tags into theirs when both have the same tag key.
fn merge_objects(a: &mut ObjectShape, b: ObjectShape) {
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

/// Whether an example text is a placeholder's (`<integer>`), not a JSON value.
pub fn is_hint(example: &str) -> bool {
    example.starts_with('<')
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
mod tests;
