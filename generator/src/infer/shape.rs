//! The shape lattice: what a set of JSON samples has in common, merged one sample at a time.
//!
//! `Unknown` (no non-null sample yet) is the bottom; `Mixed` (nested too deep to type) is the top.
//! Integers and floats merge to floats; a field missing from some objects is optional; `null`
//! anywhere makes a shape nullable without losing what the other samples say. Samples of different
//! kinds (a string here, an object there) make a [`Kind::Union`] that keeps one member per kind.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

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
        Shape::read(value, &mut Reading { text: None, big: None, duplicate: false, arrays_in_place: false }).unwrap_or_else(|_| Shape::unknown())
    }

    /// The shape of a sample parsed from `text`: integer literals of the text beyond `u64`/`i64`,
    /// which `serde_json` reads as `f64`, are [`Kind::BigInt`] (not floats).
    pub fn of_text(value: &Value, text: &str) -> Self {
        Shape::read(value, &mut Reading { text: Some(text), big: None, duplicate: false, arrays_in_place: false }).unwrap_or_else(|_| Shape::unknown())
    }

    /// The shape of the JSON `text`, read without building a `serde_json::Value`: equal to
    /// [`Shape::of_text`] of the parsed value. Each value is merged into the shape of its place as
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
            let mut reading = Reading { text: Some(text), big: None, duplicate: false, arrays_in_place };
            let read = Shape::read(&mut deserializer, &mut reading).and_then(|shape| deserializer.end().map(|()| shape));
            match read {
                // An object that repeats a key keeps the last value where the key first was, which
                // a merge as the object is read cannot undo: such texts (rare) are parsed.
                Err(_) if reading.duplicate => serde_json::from_str::<Value>(text).map(|value| Shape::of_text(&value, text)),
                read => read,
            }
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
        if self.example.is_none() {
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
                *a = Formats { date_time: a.date_time && b.date_time, date: a.date && b.date };
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

/// What reading one text needs besides the shapes.
struct Reading<'t> {
    /// The text, for its big integers.
    text: Option<&'t str>,
    /// The big integers of the text ([`big_integers`]), found at the first `f64` (most texts have
    /// none, and then the text is not scanned).
    big: Option<HashMap<u64, String>>,
    /// An object repeated a key: the reading stopped.
    duplicate: bool,
    /// Arrays are read into the element shape of the arrays before them at their place (see
    /// [`Shape::from_json_text`]), not into a new one.
    arrays_in_place: bool,
}

impl Reading<'_> {
    /// The digits of the big integer literal that `serde_json` read as `value`, if it was one.
    fn big_integer(&mut self, value: f64) -> Option<&String> {
        let text = self.text;
        self.big.get_or_insert_with(|| text.map(big_integers).unwrap_or_default()).get(&value.to_bits())
    }
}

/// Reads one value into `shape`: afterwards `shape` is what `shape.merge(Shape::of(value))` would
/// have made it (with [`Reading::arrays_in_place`], up to the unions that
/// [`Shape::from_json_text`] checks for). Scalars are merged as their one-value shape; arrays as
/// the merged shape of their elements, read into a new shape (or into the element shape already
/// there); objects field by field into the object shape already there, when it has samples and no
/// tags (a merge would only add to its fields), and else read into a new object shape that is then
/// merged.
struct Absorb<'a, 't> {
    shape: &'a mut Shape,
    /// How deep the value is (0 for the whole text).
    depth: usize,
    reading: &'a mut Reading<'t>,
    /// The value is a `type`/`kind` field that may be a tag: return its text when it is a string.
    tag: bool,
}

impl Absorb<'_, '_> {
    /// Merges a scalar of `kind`, as [`Shape::merge`] merges its shape; its example text is made
    /// only when the shape has none yet, the only case where a merge keeps it. (The text of a
    /// boolean or a number is never over the 60 characters of [`shorten`]; strings shorten theirs.)
    fn scalar(self, kind: Kind, example: impl FnOnce() -> String) {
        if self.shape.example.is_none() {
            self.shape.example = Some(example());
        }
        self.shape.merge_kind(kind);
    }

    /// Merges `Mixed`: what an array or object beyond [`MAX_DEPTH`] (or any into `Mixed`) makes.
    fn mixed(self) {
        self.shape.merge(Shape { kind: Kind::Mixed, nullable: false, example: None });
    }
}

impl<'de> DeserializeSeed<'de> for Absorb<'_, '_> {
    /// The text of a string, when [`Absorb::tag`] asked for it.
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Absorb<'_, '_> {
    type Value = Option<String>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        self.shape.merge(Shape { kind: Kind::Unknown, nullable: true, example: None });
        Ok(None)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        self.scalar(Kind::Bool, || value.to_string());
        Ok(None)
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        self.scalar(Kind::Int { unsigned: false, negative: value < 0 }, || Number::from(value).to_string());
        Ok(None)
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        // As `serde_json::Number::is_i64`: beyond `i64::MAX` it needs `u64`.
        self.scalar(Kind::Int { unsigned: i64::try_from(value).is_err(), negative: false }, || Number::from(value).to_string());
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        let Some(number) = Number::from_f64(value) else {
            // `serde_json::Value` holds no infinity or NaN: it reads them as `null`.
            return self.visit_unit();
        };
        if let Some(digits) = self.reading.big_integer(value) {
            if self.shape.example.is_none() {
                self.shape.example = Some(shorten(digits));
            }
            self.shape.merge_kind(Kind::BigInt);
        } else {
            self.scalar(Kind::Float, || number.to_string());
        }
        Ok(None)
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        // Strings that are not all dates already stay so: their formats need not be checked.
        let formats = match self.shape.kind {
            Kind::String(Formats { date_time: false, date: false }) | Kind::Mixed => Formats { date_time: false, date: false },
            _ => Formats::of(value),
        };
        let tag = self.tag.then(|| value.to_owned());
        self.scalar(Kind::String(formats), || string_example(value));
        Ok(tag)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if self.depth >= MAX_DEPTH || matches!(self.shape.kind, Kind::Mixed | Kind::Recursive(_)) {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            self.mixed();
            return Ok(None);
        }
        if let (true, Kind::Array(element)) = (self.reading.arrays_in_place, &mut self.shape.kind) {
            while seq.next_element_seed(Absorb { shape: element, depth: self.depth + 1, reading: &mut *self.reading, tag: false })?.is_some() {}
            return Ok(None);
        }
        let mut element = Shape::unknown();
        while seq.next_element_seed(Absorb { shape: &mut element, depth: self.depth + 1, reading: &mut *self.reading, tag: false })?.is_some() {}
        self.shape.merge(Shape { kind: Kind::Array(Box::new(element)), nullable: false, example: None });
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if self.depth >= MAX_DEPTH || matches!(self.shape.kind, Kind::Mixed | Kind::Recursive(_)) {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            self.mixed();
            return Ok(None);
        }
        let depth = self.depth + 1;
        if let Some(object) = open_object(self.shape) {
            absorb_fields(object, &mut map, depth, self.reading)?;
        } else {
            let mut object = ObjectShape::default();
            absorb_fields(&mut object, &mut map, depth, self.reading)?;
            self.shape.merge(Shape { kind: Kind::Object(object), nullable: false, example: None });
        }
        Ok(None)
    }
}

/// The object shape of `shape` (itself, or its object member) when the next object can be merged
/// into it as it is read: it has samples (so it is not the first, whose tag is its own) and no tags
/// (once a merge drops them they stay dropped, so there are no variants to merge into).
fn open_object(shape: &mut Shape) -> Option<&mut ObjectShape> {
    let object = match &mut shape.kind {
        Kind::Object(object) => object,
        Kind::Union(members) => members.iter_mut().find_map(|m| match &mut m.kind {
            Kind::Object(object) => Some(object),
            _ => None,
        })?,
        _ => return None,
    };
    (object.samples > 0 && object.tagged.is_none()).then_some(object)
}

/// Reads the fields of one object into `object`, as [`Shape::merge`] merges an object's shape: a
/// known key merges into its field, a new key is added after the others. An `object` without
/// samples takes the object's tag, if it has one.
fn absorb_fields<'de, A: MapAccess<'de>>(object: &mut ObjectShape, map: &mut A, depth: usize, reading: &mut Reading<'_>) -> Result<(), A::Error> {
    let first = object.samples == 0;
    let mut seen = Seen::default();
    let mut tags: [Option<String>; TAG_KEYS.len()] = Default::default();
    // Objects at one place mostly list their keys in one order: try the field after the last one.
    let mut next = 0;
    while let Some(key) = map.next_key_seed(KeySeed { fields: &object.fields, next })? {
        let index = match key {
            Key::Known(index) => index,
            Key::New(name) => object.fields.insert_full(name, FieldShape { shape: Shape::unknown(), present: 0 }).0,
        };
        if !seen.insert(index) {
            reading.duplicate = true;
            return Err(de::Error::custom("an object repeats a key"));
        }
        let Some((name, field)) = object.fields.get_index_mut(index) else { continue };
        let tag = if first { TAG_KEYS.iter().position(|k| k == name) } else { None };
        field.present += 1;
        let text = map.next_value_seed(Absorb { shape: &mut field.shape, depth, reading: &mut *reading, tag: tag.is_some() })?;
        if let Some(tag) = tag {
            tags[tag] = text;
        }
        next = index + 1;
    }
    object.samples += 1;
    if let Some((key, value)) = TAG_KEYS.iter().zip(tags).find_map(|(key, value)| Some((key, value?))) {
        let variant = object.clone();
        object.tagged = Some(((*key).to_owned(), IndexMap::from([(value, variant)])));
    }
    Ok(())
}

/// The indices of the fields an object has had so far (to find a repeated key).
#[derive(Default)]
struct Seen {
    low: u128,
    high: Vec<u64>,
}

impl Seen {
    /// Adds `index`; `false` when it was there.
    fn insert(&mut self, index: usize) -> bool {
        if index < 128 {
            let bit = 1u128 << index;
            let new = self.low & bit == 0;
            self.low |= bit;
            return new;
        }
        let (word, bit) = ((index - 128) / 64, 1u64 << ((index - 128) % 64));
        if self.high.len() <= word {
            self.high.resize(word + 1, 0);
        }
        let slot = &mut self.high[word];
        let new = *slot & bit == 0;
        *slot |= bit;
        new
    }
}

/// Reads an object key: the index of its field in `fields`, or the new key.
struct KeySeed<'a> {
    fields: &'a IndexMap<String, FieldShape>,
    /// The index to try first.
    next: usize,
}

/// An object key read by [`KeySeed`].
enum Key {
    /// The field at this index.
    Known(usize),
    /// A key the fields do not have.
    New(String),
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<Key, E> {
        if self.fields.get_index(self.next).is_some_and(|(known, _)| known == key) {
            return Ok(Key::Known(self.next));
        }
        Ok(self.fields.get_index_of(key).map_or_else(|| Key::New(key.to_owned()), Key::Known))
    }
}

/// The example text of a string: `shorten` of its JSON text, escaping no more of the string than
/// can show (60 characters of the string make more than 60 of JSON text).
fn string_example(text: &str) -> String {
    let end = text.char_indices().nth(60).map_or(text.len(), |(i, _)| i);
    shorten(&serde_json::to_string(&text[..end]).unwrap_or_default())
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

    /// [`Shape::merge`] as it was before it merged the common kinds in place (the reference).
    fn old_merge(this: &mut Shape, other: Shape) {
        this.nullable |= other.nullable;
        if this.example.is_none() {
            this.example = other.example;
        }
        let kind = std::mem::replace(&mut this.kind, Kind::Unknown);
        this.kind = match (kind, other.kind) {
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

    /// The shape of a sample as it was built before [`Shape::from_json_text`]: a whole `Shape` per
    /// value, merged into its parent's (the reference the streaming reader must equal).
    fn reference(value: &Value, text: &str) -> Shape {
        reference_at(value, 0, &big_integers(text))
    }

    fn reference_at(value: &Value, depth: usize, big: &HashMap<u64, String>) -> Shape {
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
                    old_merge(&mut element, reference_at(item, depth + 1, big));
                }
                Kind::Array(Box::new(element))
            }
            Value::Object(map) => {
                let mut object = ObjectShape {
                    fields: map.iter().map(|(k, v)| (k.clone(), FieldShape { shape: reference_at(v, depth + 1, big), present: 1 })).collect(),
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

    /// The streaming shape of `text`, checked against the reference (and `of_text`, `of`).
    fn streamed(text: &str) -> Shape {
        let shape = Shape::from_json_text(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let value: Value = serde_json::from_str(text).expect("json");
        assert_eq!(shape, reference(&value, text), "{text}");
        assert_eq!(Shape::of_text(&value, text), shape, "{text}");
        assert_eq!(Shape::of(&value), reference_at(&value, 0, &HashMap::new()), "{text}");
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
        // A key repeated in an object keeps its last value in its first place (as `Value` does).
        let shape = streamed(r#"[{"a": 1, "b": 2, "a": "x", "type": "t", "type": "u"}, {"b": 3}]"#);
        let Kind::Array(element) = shape.kind else { panic!("array") };
        let Kind::Object(object) = element.kind else { panic!("object") };
        assert_eq!(object.fields.keys().collect::<Vec<_>>(), ["a", "b", "type"]);
        assert_eq!((object.fields["a"].present, object.fields["a"].shape.example.as_deref()), (1, Some("\"x\"")));
        // Wide objects: a key repeated far from its first place is found too.
        let wide: Vec<String> = (0..300).map(|i| format!(r#""k{i}": {i}"#)).collect();
        streamed(&format!("[{{{}}}, {{{}, \"k200\": \"x\"}}]", wide.join(","), wide.join(",")));
        let mut seen = Seen::default();
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
            let mut reading = Reading { text: Some(text), big: None, duplicate: false, arrays_in_place: true };
            Shape::read(&mut serde_json::Deserializer::from_str(text), &mut reading).expect("json")
        };
        // The second array's elements merged one by one into `1`: `1` and `2.5` make a float
        // before the union exists; merged as the array's shape, the union keeps the integer.
        for text in [r#"[[1], [2.5, "x"]]"#, r#"[[2.5], [1, "x"]]"#, r#"[{"f": [1]}, {"f": [2.5, "x"]}]"#, r#"{"a": [[{"l": [1]}], [{"l": [2.5, true]}]]}"#, r#"[["a"], [0, -0]]"#] {
            let value: Value = serde_json::from_str(text).expect("json");
            let exact = reference(&value, text);
            assert_ne!(in_place(text), exact, "{text}");
            assert!(in_place(text).has_float_union() && exact.has_float_union(), "{text}");
            assert_eq!(streamed(text), exact, "{text}");
        }
        // Without such a union, reading in place is exact.
        for text in [r#"[[1], [2.5, 3]]"#, r#"[[1, "x"], ["y", 2]]"#, r#"[{"f": [1]}, {"f": [null, "x"], "g": [[1], [2.5]]}]"#] {
            let value: Value = serde_json::from_str(text).expect("json");
            assert!(!in_place(text).has_float_union());
            assert_eq!(in_place(text), reference(&value, text), "{text}");
        }
    }

    #[test]
    fn streaming_merges_texts_as_their_shapes_merged() {
        let texts = [r#"{"a": 1, "l": [1]}"#, r#"{"a": 2.5, "l": ["x"], "b": null}"#, r#"[1]"#, r#"{"a": "s", "l": [{"k": 1}]}"#, "null", "7"];
        let mut streamed_all = Shape::unknown();
        let mut reference_all = Shape::unknown();
        for text in texts {
            streamed_all.merge(Shape::from_json_text(text).expect("json"));
            old_merge(&mut reference_all, reference(&serde_json::from_str(text).expect("json"), text));
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
                    let expected = reference(&value, &text);
                    let got = Shape::from_json_text(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
                    prop_assert_eq!(&got, &expected, "{}", text);
                    prop_assert_eq!(&Shape::of_text(&value, &text), &expected, "{}", text);
                    streamed_all.merge(got);
                    old_merge(&mut reference_all, expected);
                    prop_assert_eq!(&streamed_all, &reference_all);
                }
            }

            #[test]
            fn arrays_of_texts_equal_their_elements_merged(texts in prop::collection::vec(json(), 1..12)) {
                // An array's element shape is its items' shapes merged in order, in place.
                let text = format!("[{}]", texts.iter().map(text).collect::<Vec<_>>().join(","));
                let value: Value = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
                let got = Shape::from_json_text(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
                prop_assert_eq!(got, reference(&value, &text), "{}", text);
            }
        }
    }
}
