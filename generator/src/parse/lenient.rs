//! Readers for the fields that real exports write in more than one shape.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;


/// A field that is either a plain string (e.g. a URL) or an object.
#[derive(Debug)]
pub enum StringOr<T> {
    /// The string form.
    Str(String),
    /// The object form.
    Obj(Box<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StringOr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = StringOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StringOr::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(StringOr::Str(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| StringOr::Obj(Box::new(t)))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// An object (or `null`/absent → `None`), never an array: serde's derived structs also read an
/// array positionally, which would let `"info": []` pass for an object.
pub fn object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, deserializer: D2) -> Result<Self::Value, D2::Error> {
            deserializer.deserialize_any(self)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    deserializer.deserialize_option(V(PhantomData))
}

/// `null` or absent → `T::default()`.
pub fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Any scalar as text: strings as they are, numbers and booleans printed, `null` → `None`, and other
/// JSON (arrays, objects) as its JSON text.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(value_to_text(Value::deserialize(deserializer)?))
}

/// A JSON value as text: strings as they are, `null` → `None`, anything else as its JSON text.
pub fn value_to_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// A boolean that may be written as a string; anything else is `false`.
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Bool(b) => b,
        Value::String(s) => s.eq_ignore_ascii_case("true"),
        _ => false,
    })
}

/// A description: a string, `{content, type}` or `null`.
pub fn description<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(s) => Some(s),
        Value::Object(mut o) => o.remove("content").and_then(value_to_text),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty()))
}

/// A host: a list of labels, or a string split on dots outside `{{…}}`.
pub fn host<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => Some(items.into_iter().filter_map(value_to_text).collect()),
        Value::String(s) => Some(split_outside_variables(&s, '.')),
        _ => None,
    })
}

/// A path: a list of strings or `{type, value}` segments, or a string split on `/`.
pub fn path<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => Some(
            items
                .into_iter()
                .filter_map(|item| match item {
                    Value::Object(mut o) => o.remove("value").and_then(value_to_text),
                    other => value_to_text(other),
                })
                .collect(),
        ),
        Value::String(s) => Some(split_outside_variables(s.strip_prefix('/').unwrap_or(&s), '/')),
        _ => None,
    })
}

/// Splits on `sep`, except inside `{{…}}`.
pub fn split_outside_variables(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' && chars.peek() == Some(&'{') {
            chars.next();
            depth += 1;
            current.push_str("{{");
        } else if c == '}' && chars.peek() == Some(&'}') && depth > 0 {
            chars.next();
            depth -= 1;
            current.push_str("}}");
        } else if c == sep && depth == 0 {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_outside_variables() {
        assert_eq!(split_outside_variables("{{api.host}}.example.com", '.'), ["{{api.host}}", "example", "com"]);
        assert_eq!(split_outside_variables("v1/users/", '/'), ["v1", "users", ""]);
    }

    #[test]
    fn paths_with_object_segments() {
        let parsed = path(serde_json::json!([{"type":"string","value":"users"},":userId"])).expect("path");
        assert_eq!(parsed, Some(vec!["users".to_owned(), ":userId".to_owned()]));
        assert_eq!(path(serde_json::json!("/v1/users/")).expect("path"), Some(vec!["v1".into(), "users".into(), "".into()]));
    }
}
