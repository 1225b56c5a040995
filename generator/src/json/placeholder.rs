//! Type placeholders: the `"<integer>"`, `"<boolean>"`, `"<dateTime>"` … that Postman's OpenAPI
//! import writes where a schema has a type but no example value.
//!
//! A placeholder is a type hint with no value. Wherever a sample appears (example bodies, request
//! bodies, GraphQL variables, query parameters, path variables, headers, form fields) it stands for
//! a value of its kind: `<integer>` is an integer, `<boolean>` a bool, `<dateTime>` a date-time. It is
//! never a string value of its own: not a tag, not an example shown in docs.
//!
//! Tests and the mock server cannot use such a body as it is written (`"<integer>"` does not decode
//! into an `i64`), so they use a *realised* copy: each placeholder replaced by a fixed value of its
//! kind ([`realise_text`], [`realise_value`]). The shape lattice reads a placeholder exactly as it
//! would read that value (see [`Placeholder::realised`]), so a realised body always fits its type.
//!
//! Names that are not types (`<token>`, `<API Key>`, `<profileId>`) are not placeholders: they stay
//! strings, as any other text does.

use serde_json::Value;


/// A type placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `<integer>`, `<long>`, `<int32>`, `<int64>`: an integer (`i64`).
    Integer,
    /// `<number>`, `<double>`, `<float>`: a number (`f64`).
    Number,
    /// `<boolean>`: a bool.
    Boolean,
    /// `<string>` and the string formats (`<uuid>`, `<uri>`, `<url>`, `<email>`, `<byte>`,
    /// `<binary>`, …): a string, of the format named.
    String(StringFormat),
    /// `<dateTime>`: an RFC 3339 date-time.
    DateTime,
    /// `<date>`: a `YYYY-MM-DD` date.
    Date,
    /// `<null>`: `null`.
    Null,
    /// `<object>`: an object of unknown fields.
    Object,
}

/// The format of a string placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    /// `<string>`.
    Plain,
    /// `<uuid>`.
    Uuid,
    /// `<uri>`, `<url>`.
    Uri,
    /// `<email>`.
    Email,
    /// `<byte>` (base64).
    Byte,
    /// `<binary>`.
    Binary,
    /// `<password>`.
    Password,
    /// `<hostname>`.
    Hostname,
    /// `<ipv4>`.
    Ipv4,
    /// `<ipv6>`.
    Ipv6,
}

/// The placeholder names, lowercase, and what each is.
const NAMES: [(&str, Placeholder); 23] = [
    ("string", Placeholder::String(StringFormat::Plain)),
    ("integer", Placeholder::Integer),
    ("long", Placeholder::Integer),
    ("int32", Placeholder::Integer),
    ("int64", Placeholder::Integer),
    ("number", Placeholder::Number),
    ("double", Placeholder::Number),
    ("float", Placeholder::Number),
    ("boolean", Placeholder::Boolean),
    ("datetime", Placeholder::DateTime),
    ("date-time", Placeholder::DateTime),
    ("date", Placeholder::Date),
    ("uuid", Placeholder::String(StringFormat::Uuid)),
    ("uri", Placeholder::String(StringFormat::Uri)),
    ("url", Placeholder::String(StringFormat::Uri)),
    ("email", Placeholder::String(StringFormat::Email)),
    ("byte", Placeholder::String(StringFormat::Byte)),
    ("binary", Placeholder::String(StringFormat::Binary)),
    ("password", Placeholder::String(StringFormat::Password)),
    ("hostname", Placeholder::String(StringFormat::Hostname)),
    ("ipv4", Placeholder::String(StringFormat::Ipv4)),
    ("ipv6", Placeholder::String(StringFormat::Ipv6)),
    ("null", Placeholder::Null),
];

/// `<object>` is matched apart: it is not a scalar.
const OBJECT: &str = "object";

/// The placeholder `text` is, when it is exactly one (`<integer>`, `<dateTime>`; any case, nothing
/// around it: callers trim parameter values). `None` for anything else, `<token>` and `<API Key>`
/// included.
pub fn recognise(text: &str) -> Option<Placeholder> {
    let inner = text.strip_prefix('<')?.strip_suffix('>')?;
    if inner.len() > 9 {
        return None;
    }
    if inner.eq_ignore_ascii_case(OBJECT) {
        return Some(Placeholder::Object);
    }
    NAMES.iter().find(|(name, _)| inner.eq_ignore_ascii_case(name)).map(|(_, p)| *p)
}

/// Whether `text`, trimmed, is a type placeholder.
pub fn is_placeholder(text: &str) -> bool {
    recognise(text.trim()).is_some()
}

impl Placeholder {
    /// The JSON text of the value that stands in for the placeholder in tests and the mock: a
    /// value of its kind, the same for every placeholder of the kind.
    pub fn realised(self) -> &'static str {
        match self {
            Placeholder::Integer => "1",
            Placeholder::Number => "1.5",
            Placeholder::Boolean => "true",
            Placeholder::DateTime => "\"2024-01-01T00:00:00Z\"",
            Placeholder::Date => "\"2024-01-01\"",
            Placeholder::Null => "null",
            Placeholder::Object => "{}",
            Placeholder::String(format) => match format {
                StringFormat::Plain | StringFormat::Password | StringFormat::Binary => "\"string\"",
                StringFormat::Uuid => "\"00000000-0000-4000-8000-000000000000\"",
                StringFormat::Uri => "\"https://example.com/\"",
                StringFormat::Email => "\"user@example.com\"",
                StringFormat::Byte => "\"c3RyaW5n\"",
                StringFormat::Hostname => "\"example.com\"",
                StringFormat::Ipv4 => "\"192.0.2.1\"",
                StringFormat::Ipv6 => "\"2001:db8::1\"",
            },
        }
    }

    /// The realised value ([`Placeholder::realised`]) as a `serde_json::Value`.
    pub fn realised_value(self) -> Value {
        serde_json::from_str(self.realised()).unwrap_or(Value::Null)
    }

    /// What the placeholder says, for docs: `an integer`, `a date-time`, `a string (uuid)`.
    pub fn describe(self) -> &'static str {
        match self {
            Placeholder::Integer => "an integer",
            Placeholder::Number => "a number",
            Placeholder::Boolean => "a boolean",
            Placeholder::DateTime => "an RFC 3339 date-time",
            Placeholder::Date => "a `YYYY-MM-DD` date",
            Placeholder::Null => "`null`",
            Placeholder::Object => "an object",
            Placeholder::String(format) => match format {
                StringFormat::Plain => "a string",
                StringFormat::Uuid => "a string (uuid)",
                StringFormat::Uri => "a string (uri)",
                StringFormat::Email => "a string (email)",
                StringFormat::Byte => "a string (base64)",
                StringFormat::Binary => "a string (binary)",
                StringFormat::Password => "a string (password)",
                StringFormat::Hostname => "a string (hostname)",
                StringFormat::Ipv4 => "a string (ipv4)",
                StringFormat::Ipv6 => "a string (ipv6)",
            },
        }
    }
}

/// The doc text of an example that is a placeholder (`<integer>`, as a parameter's value or a
/// shape's example holds it: not JSON): `an integer, from the collection's schema`. `None` for
/// anything else, JSON text included.
pub fn hint(text: &str) -> Option<String> {
    recognise(text.trim()).map(|p| format!("{}, from the collection's schema", p.describe()))
}

/// `strict_json` with every string value that is a placeholder replaced by its realised value, or
/// `None` when it has none. Object keys are never replaced, and the rest of the text is kept as
/// written (numbers keep their digits, repeated keys stay).
pub fn realise_text(strict_json: &str) -> Option<String> {
    // Most bodies have none: one fast search decides.
    if !strict_json.contains("\"<") {
        return None;
    }
    let bytes = strict_json.as_bytes();
    let mut out: Option<String> = None;
    // The end of the text already copied to `out`.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut escaped = false;
        while i < bytes.len() && bytes[i] != b'"' {
            if bytes[i] == b'\\' {
                escaped = true;
                i += 1;
            }
            i += 1;
        }
        let end = (i + 1).min(bytes.len());
        i = end;
        // Placeholders are short and have no escapes; a key is followed by `:`.
        if escaped || end - start > 16 {
            continue;
        }
        let is_key = bytes[end..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b':');
        let Some(placeholder) = (!is_key).then(|| recognise(&strict_json[start + 1..end - 1])).flatten() else { continue };
        let out = out.get_or_insert_with(|| String::with_capacity(strict_json.len()));
        out.push_str(&strict_json[copied..start]);
        out.push_str(placeholder.realised());
        copied = end;
    }
    let mut out = out?;
    out.push_str(&strict_json[copied..]);
    Some(out)
}

/// `value` with every string that is a placeholder replaced by its realised value, or `None` when
/// it has none.
pub fn realise_value(value: &Value) -> Option<Value> {
    if !contains(value) {
        return None;
    }
    fn walk(value: &Value) -> Value {
        match value {
            Value::String(text) => recognise(text).map_or_else(|| value.clone(), Placeholder::realised_value),
            Value::Array(items) => Value::Array(items.iter().map(walk).collect()),
            Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), walk(v))).collect()),
            _ => value.clone(),
        }
    }
    Some(walk(value))
}

/// Whether some string of `value` is a placeholder.
pub fn contains(value: &Value) -> bool {
    match value {
        Value::String(text) => recognise(text).is_some(),
        Value::Array(items) => items.iter().any(contains),
        Value::Object(map) => map.values().any(contains),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_every_kind_in_any_case() {
        for (text, expected) in [
            ("<string>", Placeholder::String(StringFormat::Plain)),
            ("<integer>", Placeholder::Integer),
            ("<LONG>", Placeholder::Integer),
            ("<int32>", Placeholder::Integer),
            ("<int64>", Placeholder::Integer),
            ("<number>", Placeholder::Number),
            ("<double>", Placeholder::Number),
            ("<float>", Placeholder::Number),
            ("<boolean>", Placeholder::Boolean),
            ("<dateTime>", Placeholder::DateTime),
            ("<date-time>", Placeholder::DateTime),
            ("<date>", Placeholder::Date),
            ("<uuid>", Placeholder::String(StringFormat::Uuid)),
            ("<uri>", Placeholder::String(StringFormat::Uri)),
            ("<url>", Placeholder::String(StringFormat::Uri)),
            ("<email>", Placeholder::String(StringFormat::Email)),
            ("<binary>", Placeholder::String(StringFormat::Binary)),
            ("<null>", Placeholder::Null),
            ("<Object>", Placeholder::Object),
        ] {
            assert_eq!(recognise(text), Some(expected), "{text}");
        }
        for text in [" <integer>", "<token>", "<API Key>", "<profileId>", "integer", "<integer", "<<integer>>", "<>", "", "<timezone>"] {
            assert_eq!(recognise(text), None, "{text}");
        }
    }

    #[test]
    fn realised_values_are_of_their_kind() {
        assert_eq!(Placeholder::Integer.realised_value(), serde_json::json!(1));
        assert!(Placeholder::Number.realised_value().is_f64());
        assert_eq!(Placeholder::Boolean.realised_value(), Value::Bool(true));
        assert!(crate::json::shape::is_date_time(Placeholder::DateTime.realised_value().as_str().unwrap_or_default()));
        assert!(crate::json::shape::is_date(Placeholder::Date.realised_value().as_str().unwrap_or_default()));
        assert_eq!(Placeholder::Null.realised_value(), Value::Null);
        assert_eq!(Placeholder::Object.realised_value(), serde_json::json!({}));
        for (_, placeholder) in NAMES {
            assert!(serde_json::from_str::<Value>(placeholder.realised()).is_ok(), "{placeholder:?}");
        }
    }

    #[test]
    fn realises_values_not_keys() {
        let text = r#"{"<string>": "<string>", "n": "<integer>", "big": 123456789012345678901234567890, "list": ["<boolean>", "<token>"], "e": "a\"<integer>", "d":"<dateTime>"}"#;
        let realised = realise_text(text).expect("has placeholders");
        assert_eq!(
            realised,
            r#"{"<string>": "string", "n": 1, "big": 123456789012345678901234567890, "list": [true, "<token>"], "e": "a\"<integer>", "d":"2024-01-01T00:00:00Z"}"#
        );
        assert_eq!(realise_text(r#"{"a": "<token>", "<integer>": 1}"#), None);
        let value: Value = serde_json::from_str(text).expect("json");
        let expected: Value = serde_json::from_str(&realised).expect("json");
        assert_eq!(realise_value(&value), Some(expected));
        assert_eq!(realise_value(&serde_json::json!({"a": 1})), None);
    }

    #[test]
    fn parameters_take_the_placeholder_type() {
        assert_eq!(hint("<integer>").as_deref(), Some("an integer, from the collection's schema"));
        assert_eq!(hint("\"<integer>\""), None, "JSON text is a value");
        assert_eq!(hint("<boolean>").as_deref(), Some("a boolean, from the collection's schema"));
        assert_eq!(hint("\"x\""), None);
    }

    /// The shape of field `a` of the objects of `text` (an array of objects).
    fn field(text: &str) -> crate::json::shape::Shape {
        use crate::json::shape::{Kind, Shape};
        let shape = Shape::from_json_text(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let Kind::Array(element) = shape.kind else { panic!("{text}: not an array") };
        let Kind::Object(object) = element.kind else { panic!("{text}: not objects") };
        object.fields["a"].shape.clone()
    }

    #[test]
    fn each_kind_is_an_atom_of_the_lattice() {
        use crate::json::shape::{Formats, Kind};
        let int = Kind::Int { unsigned: false, negative: false };
        for (placeholder, kind) in [
            ("<integer>", int.clone()),
            ("<long>", int.clone()),
            ("<int32>", int.clone()),
            ("<int64>", int.clone()),
            ("<number>", Kind::Float),
            ("<double>", Kind::Float),
            ("<float>", Kind::Float),
            ("<boolean>", Kind::Bool),
            ("<string>", Kind::String(Formats::PLAIN)),
            ("<uuid>", Kind::String(Formats::PLAIN)),
            ("<uri>", Kind::String(Formats::PLAIN)),
            ("<url>", Kind::String(Formats::PLAIN)),
            ("<email>", Kind::String(Formats::PLAIN)),
            ("<binary>", Kind::String(Formats::PLAIN)),
            ("<dateTime>", Kind::String(Formats { date_time: true, date: false, hinted: true })),
            ("<date>", Kind::String(Formats { date_time: false, date: true, hinted: true })),
        ] {
            let shape = field(&format!(r#"[{{"a": "{placeholder}"}}]"#));
            assert_eq!(shape.kind, kind, "{placeholder}");
            assert!(!shape.nullable, "{placeholder}");
            assert_eq!(shape.example.as_deref(), Some(placeholder), "the hint is the example of {placeholder}");
        }
        let null = field(r#"[{"a": "<null>"}]"#);
        assert_eq!((null.kind, null.nullable), (Kind::Unknown, true));
        let object = field(r#"[{"a": "<object>"}]"#);
        assert!(matches!(object.kind, Kind::Object(ref o) if o.fields.is_empty() && o.samples == 1), "{object:?}");
        // Not placeholders: strings with their value as the example.
        let token = field(r#"[{"a": "<token>"}]"#);
        assert_eq!((token.kind, token.example.as_deref()), (Kind::String(Formats::PLAIN), Some("\"<token>\"")));
    }

    #[test]
    fn placeholders_merge_as_their_kind() {
        use crate::json::shape::{Family, Formats, Kind};
        // With values of the same place, in either order; the value is the example.
        for text in [r#"[{"a": "<integer>"}, {"a": 3}]"#, r#"[{"a": 3}, {"a": "<integer>"}]"#] {
            let shape = field(text);
            assert_eq!(shape.kind, Kind::Int { unsigned: false, negative: false }, "{text}");
            assert_eq!(shape.example.as_deref(), Some("3"), "{text}");
        }
        assert_eq!(field(r#"[{"a": "<integer>"}, {"a": 2.5}]"#).kind, Kind::Float);
        assert_eq!(field(r#"[{"a": "<number>"}, {"a": 2}]"#).kind, Kind::Float);
        assert_eq!(field(r#"[{"a": "<integer>"}, {"a": -2}]"#).kind, Kind::Int { unsigned: false, negative: true });
        assert_eq!(field(r#"[{"a": "<boolean>"}, {"a": false}]"#).kind, Kind::Bool);
        let nullable = field(r#"[{"a": "<integer>"}, {"a": "<null>"}]"#);
        assert_eq!((nullable.kind, nullable.nullable), (Kind::Int { unsigned: false, negative: false }, true));
        let Kind::Union(members) = field(r#"[{"a": "<string>"}, {"a": 1}]"#).kind else { panic!("a union") };
        assert_eq!(members.iter().map(|m| m.kind.family()).collect::<Vec<_>>(), [Some(Family::Integer), Some(Family::String)]);
        // A real date-time keeps the hint; any other string ends it.
        assert_eq!(field(r#"[{"a": "<dateTime>"}, {"a": "2023-05-01T10:00:00Z"}]"#).kind, Kind::String(Formats { date_time: true, date: false, hinted: true }));
        assert_eq!(field(r#"[{"a": "<dateTime>"}, {"a": "yesterday"}]"#).kind, Kind::String(Formats { date_time: false, date: false, hinted: true }));
        assert_eq!(field(r#"[{"a": "<dateTime>"}, {"a": "<date>"}]"#).kind, Kind::String(Formats { date_time: false, date: false, hinted: true }));
        // `<object>` is an object with no fields: the fields of the others are optional.
        let Kind::Object(object) = field(r#"[{"a": {"x": 1}}, {"a": "<object>"}]"#).kind else { panic!("an object") };
        assert_eq!((object.samples, object.fields["x"].present), (2, 1));
    }

    #[test]
    fn a_placeholder_is_never_a_tag() {
        use crate::json::shape::{Kind, Shape};
        let shape = Shape::from_json_text(r#"[{"type": "<string>", "a": 1}, {"type": "<string>", "b": 2}]"#).expect("json");
        let Kind::Array(element) = shape.kind else { panic!("an array") };
        let Kind::Object(object) = element.kind else { panic!("objects") };
        assert!(object.tagged.is_none());
        let tagged = Shape::from_json_text(r#"[{"type": "a", "a": 1}, {"type": "b", "b": 2}]"#).expect("json");
        let Kind::Array(element) = tagged.kind else { panic!("an array") };
        assert!(matches!(element.kind, Kind::Object(ref o) if o.tagged.is_some()));
    }
}
