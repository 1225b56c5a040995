//! Decoding with paths: structs fill their fields through the runtime's slots, a field that is
//! missing or `null` becomes its default, and numbers or booleans decode into string fields.


/// A field value that decodes `null` as the type's default: [`set_or_default`] reads the fields
/// that every example has through it. (Private to the runtime: nothing generated names it.)
#[derive(Debug)]
pub(crate) struct OrDefault<T>(pub(crate) T);

impl<'de, T: serde::Deserialize<'de> + Default> serde::Deserialize<'de> for OrDefault<T> {
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrDefaultVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de> + Default> serde::de::Visitor<'de> for OrDefaultVisitor<T> {
            type Value = OrDefault<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value or null")
            }
            #[inline]
            fn visit_none<E: serde::de::Error>(self) -> Result<OrDefault<T>, E> {
                Ok(OrDefault(T::default()))
            }
            #[inline]
            fn visit_unit<E: serde::de::Error>(self) -> Result<OrDefault<T>, E> {
                Ok(OrDefault(T::default()))
            }
            #[inline]
            fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<OrDefault<T>, D::Error> {
                T::deserialize(deserializer).map(OrDefault)
            }
        }
        deserializer.deserialize_option(OrDefaultVisitor(std::marker::PhantomData))
    }
}

/// A response struct that decodes one field at a time. The generated `impl Deserialize` of each
/// response struct is [`decode_struct`]; this trait is the part that differs between structs, a
/// `match` from JSON key to field.
pub trait DecodeFields: Default {
    /// Decodes the value of `key` from `map` into its field, or skips it when no field has that key.
    ///
    /// # Errors
    ///
    /// The value does not decode as the field's type.
    fn decode_field<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Decodes a JSON object into a [`DecodeFields`] struct: it starts from the default, decodes each key
/// in turn (the last of duplicate keys wins) and ignores unknown keys.
///
/// # Errors
///
/// The value is not an object, or a field does not decode.
pub fn decode_struct<'de, T: DecodeFields, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct StructVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: DecodeFields> serde::de::Visitor<'de> for StructVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut out = T::default();
            while let Some(key) = map.next_key::<Key<'de>>()? {
                out.decode_field(key.as_str(), &mut map)?;
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(StructVisitor(std::marker::PhantomData))
}

/// Decodes the next value into `slot` as its type (an `Option` or `serde_json::Value` takes `null`
/// itself).
///
/// # Errors
///
/// The value does not decode as `T`.
#[inline]
pub fn set<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Decodes the next value into `slot`, `null` as `T::default()` (a field every example has).
///
/// # Errors
///
/// The value is neither `null` nor a `T`.
#[inline]
pub fn set_or_default<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de> + Default>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    *slot = map.next_value::<OrDefault<T>>()?.0;
    Ok(())
}

/// [`set_or_default`] for a `String` field: the value is read as a string or `null` in one step
/// (`deserialize_any`), rather than as an `Option` and then a string. A number or a bool where the
/// examples had a string (an API that sends `"id": 5` where its examples said `"5"`) is kept as its
/// JSON text (`"5"`, `"true"`); an array or an object fails with serde's usual message ("invalid
/// type: map, expected a string"). `deserialize_any` needs a self-describing format, such as JSON
/// or a `serde_json::Value`.
///
/// # Errors
///
/// The value is an array or an object.
#[inline]
pub fn set_string_or_default<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut String,
) -> Result<(), A::Error> {
    *slot = map.next_value_seed(Text)?.unwrap_or_default();
    Ok(())
}

/// Decodes the next value into an optional `String` field, as [`set_string_or_default`] does, but
/// `null` is `None`.
///
/// # Errors
///
/// The value is an array or an object.
#[inline]
pub fn set_option_string<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<String>,
) -> Result<(), A::Error> {
    *slot = map.next_value_seed(Text)?;
    Ok(())
}

/// Reads a string, or a number or bool as its JSON text; `None` for `null`.
struct Text;

impl<'de> serde::de::DeserializeSeed<'de> for Text {
    type Value = Option<String>;
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Text {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    #[inline]
    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Some(ToOwned::to_owned(value)))
    }
    #[inline]
    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Some(value))
    }
    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Some(ToString::to_string(&value)))
    }
    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Some(ToString::to_string(&value)))
    }
    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Some(ToString::to_string(&value)))
    }
    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        // The JSON text serde_json writes for the number (`2.5`, `1e300`).
        let text = serde_json::Number::from_f64(value).map_or_else(|| ToString::to_string(&value), |n| ToString::to_string(&n));
        Ok(Some(text))
    }
    #[inline]
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    #[inline]
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Decodes the next value into an integer field every example has: `null` is `0`, and a float with
/// no fraction (`3.0`, as some APIs write every number) is the integer it equals.
///
/// # Errors
///
/// The value is not `null` nor an integer in range (a fraction, text, an array, an object).
#[inline]
pub fn set_integer_or_default<'de, A: serde::de::MapAccess<'de>, T: Integer>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
    *slot = map.next_value_seed(Whole::<T>(std::marker::PhantomData))?.unwrap_or_default();
    Ok(())
}

/// [`set_integer_or_default`] for an optional integer field: `null` is `None`.
///
/// # Errors
///
/// The value is not `null` nor an integer in range.
#[inline]
pub fn set_option_integer<'de, A: serde::de::MapAccess<'de>, T: Integer>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value_seed(Whole::<T>(std::marker::PhantomData))?;
    Ok(())
}

/// The integer types of response fields (`i64`, `u64`).
pub trait Integer: TryFrom<i64> + TryFrom<u64> + Default {}

impl Integer for i64 {}

impl Integer for u64 {}

/// Reads an integer, or a float that equals one; `None` for `null`.
struct Whole<T>(std::marker::PhantomData<T>);

impl<'de, T: Integer> serde::de::DeserializeSeed<'de> for Whole<T> {
    type Value = Option<T>;
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Integer> serde::de::Visitor<'de> for Whole<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `i64` or `u64`, as serde says it.
        f.write_str(std::any::type_name::<T>())
    }
    #[inline]
    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        T::try_from(value)
            .map(Some)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(value), &self))
    }
    #[inline]
    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        T::try_from(value)
            .map(Some)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(value), &self))
    }
    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        // Integral and within ±2^63 (exactly representable bounds): `as` converts exactly.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
            #[allow(clippy::cast_possible_truncation)]
            return self.visit_i64(value as i64);
        }
        if value.fract() == 0.0 && (0.0..2.0 * LIMIT).contains(&value) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return self.visit_u64(value as u64);
        }
        Err(E::invalid_type(serde::de::Unexpected::Float(value), &self))
    }
    #[inline]
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    #[inline]
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Decodes the next value, `null` included, into `slot` as `Some` (a field kept apart from a missing
/// one: `Some(None)` or `Some(Value::Null)` is `null`).
///
/// # Errors
///
/// The value does not decode as `T`.
#[inline]
pub fn set_present<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the next value (a key no field has).
///
/// # Errors
///
/// The value is not valid JSON.
#[inline]
pub fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>()?;
    Ok(())
}

/// The field a key of a response object goes to, for the field types most responses are made of.
///
/// A generated `decode_field` is a `match` from key to `Slot`, then one call to [`Slot::fill`].
/// Naming a variant costs the compiler far less than a call to a generic helper in every arm, which
/// is what keeps `cargo check` of a crate with a thousand structs fast. Fields of other types
/// (structs, lists, maps, fields kept apart from `null`) call [`set`], [`set_or_default`] or
/// [`set_present`] from their arm instead.
///
/// A field every example has decodes `null` as its type's default; an `Option` field decodes
/// `null` as `None`.
#[derive(Debug)]
pub enum Slot<'a> {
    /// A `String` every example has ([`set_string_or_default`]).
    String(&'a mut String),
    /// An `i64` every example has ([`set_integer_or_default`]).
    I64(&'a mut i64),
    /// A `u64` every example has ([`set_integer_or_default`]).
    U64(&'a mut u64),
    /// An `f64` every example has ([`set_or_default`]).
    F64(&'a mut f64),
    /// A `bool` every example has ([`set_or_default`]).
    Bool(&'a mut bool),
    /// A `serde_json::Value`, which takes `null` itself ([`set`]).
    Value(&'a mut serde_json::Value),
    /// An optional `String` ([`set_option_string`]).
    OptionString(&'a mut Option<String>),
    /// An optional `i64` ([`set_option_integer`]).
    OptionI64(&'a mut Option<i64>),
    /// An optional `u64` ([`set_option_integer`]).
    OptionU64(&'a mut Option<u64>),
    /// An optional `f64` ([`set`]).
    OptionF64(&'a mut Option<f64>),
    /// An optional `bool` ([`set`]).
    OptionBool(&'a mut Option<bool>),
    /// An optional `serde_json::Value`, `None` for `null` ([`set`]).
    OptionValue(&'a mut Option<serde_json::Value>),
    /// A key no field has ([`skip`]).
    Skip,
}

impl Slot<'_> {
    /// Decodes the next value of `map` into the slot.
    ///
    /// # Errors
    ///
    /// The value is neither `null` nor of the slot's type.
    #[inline(always)]
    pub fn fill<'de, A: serde::de::MapAccess<'de>>(self, map: &mut A) -> Result<(), A::Error> {
        match self {
            Slot::String(slot) => set_string_or_default(map, slot),
            Slot::I64(slot) => set_integer_or_default(map, slot),
            Slot::U64(slot) => set_integer_or_default(map, slot),
            Slot::F64(slot) => set_or_default(map, slot),
            Slot::Bool(slot) => set_or_default(map, slot),
            Slot::Value(slot) => set(map, slot),
            Slot::OptionString(slot) => set_option_string(map, slot),
            Slot::OptionI64(slot) => set_option_integer(map, slot),
            Slot::OptionU64(slot) => set_option_integer(map, slot),
            Slot::OptionF64(slot) => set(map, slot),
            Slot::OptionBool(slot) => set(map, slot),
            Slot::OptionValue(slot) => set(map, slot),
            Slot::Skip => skip(map),
        }
    }
}

/// An object key, borrowed from the input when it can be.
#[derive(Debug)]
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(value)))
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Deserializes a field that is there, even as `null`, as `Some`: with `#[serde(default)]`, a
/// missing field is `None`, `null` is `Some(None)` (for `Option<Option<T>>`) or
/// `Some(Value::Null)`, so that a `null` is sent and re-encoded as `null`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// The first byte of the JSON text of a value (after any whitespace; `0` when there is none): which
/// variants of an untagged enum can decode it.
pub fn first_byte(text: &str) -> u8 {
    text.trim_start().as_bytes().first().copied().unwrap_or(0)
}

/// The value of the key `tag` in the JSON object `text`, when it is there once and is a string:
/// which variant of an internally tagged enum the object is. `None` for anything else (not an
/// object, no such key, twice, or not a string), which such an enum decodes as its `Other`.
pub fn tag_of<'a>(text: &'a str, tag: &str) -> Option<std::borrow::Cow<'a, str>> {
    struct TagVisitor<'t>(&'t str);
    impl<'de> serde::de::Visitor<'de> for TagVisitor<'_> {
        type Value = Option<std::borrow::Cow<'de, str>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(key) = serde::de::MapAccess::next_key::<Key<'de>>(&mut map)? {
                if key.as_str() != self.0 {
                    serde::de::MapAccess::next_value::<serde::de::IgnoredAny>(&mut map)?;
                } else if found.is_some() {
                    return Ok(None);
                } else {
                    found = Some(serde::de::MapAccess::next_value::<Key<'de>>(&mut map)?.0);
                }
            }
            Ok(found)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde::Deserializer::deserialize_map(&mut deserializer, TagVisitor(tag)).ok().flatten()
}
