//! Reading a JSON text's shape without building a `serde_json::Value`: the text is deserialized
//! straight into the [`Shape`] lattice, absorbing each value in place (objects merge field by field,
//! arrays element by element), so a large example costs one pass and no tree.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::json::lenient::Strict;
use crate::json::placeholder::Placeholder;

use super::*;

/// What reading one text needs besides the shapes.
pub(super) struct Reading<'t> {
    /// The text, for its big integers.
    pub(super) text: Option<&'t str>,
    /// The big integers of the text ([`big_integers`]), found at the first `f64` (most texts have
    /// none, and then the text is not scanned).
    pub(super) big: Option<HashMap<u64, String>>,
    /// Arrays are read into the element shape of the arrays before them at their place (see
    /// [`Shape::from_json_text`]), not into a new one.
    pub(super) arrays_in_place: bool,
}

impl<'t> Reading<'t> {
    /// A reading of `text` (or of a `Value`, without one).
    pub(super) fn new(text: Option<&'t str>, arrays_in_place: bool) -> Self {
        Reading { text, big: None, arrays_in_place }
    }

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
pub(super) struct Absorb<'a, 't> {
    pub(super) shape: &'a mut Shape,
    /// How deep the value is (0 for the whole text).
    pub(super) depth: usize,
    pub(super) reading: &'a mut Reading<'t>,
    /// The value is a `type`/`kind` field that may be a tag: return its text when it is a string.
    pub(super) tag: bool,
}

impl Absorb<'_, '_> {
    /// Merges a scalar of `kind`, as [`Shape::merge`] merges its shape; its example text is made
    /// only when the shape has none yet, the only case where a merge keeps it. (The text of a
    /// boolean or a number is never over the 60 characters of [`shorten`]; strings shorten theirs.)
    fn scalar(self, kind: Kind, example: impl FnOnce() -> String) {
        if self.shape.example.as_deref().is_none_or(is_hint) {
            self.shape.example = Some(example());
        }
        self.shape.merge_kind(kind);
    }

    /// Merges a type placeholder (`"<integer>"`) as the shape of its realised value, but for its
    /// example, which is the placeholder (a hint, kept only where no value is seen), and strings,
    /// which have no format but the one a date placeholder names.
    fn placeholder(self, placeholder: Placeholder, text: &str) {
        let kind = match placeholder {
            Placeholder::Integer => Kind::Int { unsigned: false, negative: false },
            Placeholder::Number => Kind::Float,
            Placeholder::Boolean => Kind::Bool,
            Placeholder::String(_) => Kind::String(Formats::PLAIN),
            Placeholder::DateTime => Kind::String(Formats { date_time: true, date: false, hinted: true }),
            Placeholder::Date => Kind::String(Formats { date_time: false, date: true, hinted: true }),
            Placeholder::Null => {
                self.shape.merge(Shape { kind: Kind::Unknown, nullable: true, example: None });
                return;
            }
            Placeholder::Object => {
                if self.untyped() {
                    self.mixed();
                } else {
                    let object = ObjectShape { samples: 1, ..ObjectShape::default() };
                    self.shape.merge(Shape { kind: Kind::Object(object), nullable: false, example: None });
                }
                return;
            }
        };
        if self.shape.example.is_none() {
            self.shape.example = Some(shorten(text.trim()));
        }
        self.shape.merge_kind(kind);
    }

    /// Whether an array or object here is not typed: it is beyond [`MAX_DEPTH`], or its place is
    /// already `Mixed`.
    fn untyped(&self) -> bool {
        self.depth >= MAX_DEPTH || matches!(self.shape.kind, Kind::Mixed | Kind::Recursive(_))
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
        match self.reading.big_integer(value).map(|digits| shorten(digits)) {
            Some(digits) => self.scalar(Kind::BigInt, || digits),
            None => self.scalar(Kind::Float, || number.to_string()),
        }
        Ok(None)
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        if let Some(placeholder) = crate::json::placeholder::recognise(value) {
            // A type, not a value: never a tag either.
            self.placeholder(placeholder, value);
            return Ok(None);
        }
        // Strings that are not all dates already stay so: their formats need not be checked.
        let formats = match self.shape.kind {
            Kind::String(Formats { date_time: false, date: false, .. }) | Kind::Mixed => Formats::PLAIN,
            _ => Formats::of(value),
        };
        let tag = self.tag.then(|| value.to_owned());
        self.scalar(Kind::String(formats), || string_example(value));
        Ok(tag)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if self.untyped() {
            while seq.next_element::<Strict>()?.is_some() {}
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
        if self.untyped() {
            while map.next_entry::<Strict, Strict>()?.is_some() {}
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
pub(super) fn open_object(shape: &mut Shape) -> Option<&mut ObjectShape> {
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
pub(super) fn absorb_fields<'de, A: MapAccess<'de>>(object: &mut ObjectShape, map: &mut A, depth: usize, reading: &mut Reading<'_>) -> Result<(), A::Error> {
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
        let Some((name, field)) = object.fields.get_index_mut(index) else { continue };
        if !seen.insert(index) {
            // A repeated key: the generated decoders read every value of it (the last one stays),
            // so its type must take each one. The value merges into the field, which is not any
            // more present for it; a repeated tag key is no tag (`tag_of` wants it once).
            if let Some(tag) = TAG_KEYS.iter().position(|k| k == name) {
                tags[tag] = None;
            }
            map.next_value_seed(Absorb { shape: &mut field.shape, depth, reading: &mut *reading, tag: false })?;
            continue;
        }
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
pub(super) struct Seen {
    pub(super) low: u128,
    pub(super) high: Vec<u64>,
}

impl Seen {
    /// Adds `index`; `false` when it was there.
    pub(super) fn insert(&mut self, index: usize) -> bool {
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
pub(super) struct KeySeed<'a> {
    pub(super) fields: &'a IndexMap<String, FieldShape>,
    /// The index to try first.
    pub(super) next: usize,
}

/// An object key read by [`KeySeed`].
pub(super) enum Key {
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
pub(super) fn string_example(text: &str) -> String {
    let end = text.char_indices().nth(60).map_or(text.len(), |(i, _)| i);
    shorten(&serde_json::to_string(&text[..end]).unwrap_or_default())
}
