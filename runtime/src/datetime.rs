//! Dates and times, for the overrides `type = "datetime"` and `type = "date"` of the settings file.
//!
//! This file, and the `chrono` dependency it needs, is in a generated crate only when an override
//! asks for one of these types.
//!
//! [`DateTime`] and [`Date`] decode into a real chrono value and keep the text they were decoded
//! from, which is what they encode back: chrono's own serde support re-formats (`Z` becomes
//! `+00:00`, fractions of a second change), which would not send back what was received. A value
//! built from a chrono value encodes as RFC 3339.
//!
//! In a response struct, a date field that every example has is tolerant like every other plain
//! field: a missing one or `null` decodes as the default (`1970-01-01T00:00:00Z`, `1970-01-01`). A
//! date that is there but is not in the declared format fails decoding, as text in an integer field
//! does, with a message that names the format and the text.
#![allow(dead_code)]

/// The text of an RFC 3339 date-time or a date that did not parse, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateError {
    expected: &'static str,
    text: String,
    reason: String,
}

impl std::fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "expected {}, got {:?} ({})", self.expected, self.text, self.reason)
    }
}

impl std::error::Error for ParseDateError {}

const DATE_TIME_FORMAT: &str = "an RFC 3339 date-time such as `2024-05-01T12:30:00Z`";
const DATE_FORMAT: &str = "a date such as `2024-05-01` (YYYY-MM-DD)";

/// An RFC 3339 date and time with its offset (`2024-05-01T12:30:00Z`,
/// `2024-05-01T14:30:00.250+02:00`) that encodes back the exact text it was decoded from.
///
/// [`to_chrono`](Self::to_chrono) gives the chrono value; `From` converts both ways. `==` compares
/// the text (what is sent): `2024-05-01T12:30:00Z` and `2024-05-01T12:30:00+00:00` are the same
/// instant but not equal; compare instants with `a.to_chrono() == b.to_chrono()`.
#[derive(Clone)]
pub struct DateTime {
    value: chrono::DateTime<chrono::FixedOffset>,
    text: String,
}

impl DateTime {
    /// Parses an RFC 3339 date-time, keeping `text` as it is.
    ///
    /// # Errors
    ///
    /// When `text` is not an RFC 3339 date-time (chrono's `DateTime::parse_from_rfc3339`).
    pub fn parse(text: &str) -> Result<Self, ParseDateError> {
        match chrono::DateTime::parse_from_rfc3339(text) {
            Ok(value) => Ok(DateTime { value, text: text.to_owned() }),
            Err(error) => Err(ParseDateError {
                expected: DATE_TIME_FORMAT,
                text: text.to_owned(),
                reason: error.to_string(),
            }),
        }
    }

    /// The chrono value, with the offset it was written with.
    pub fn to_chrono(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.value
    }

    /// The same instant in UTC.
    pub fn to_utc(&self) -> chrono::DateTime<chrono::Utc> {
        self.value.with_timezone(&chrono::Utc)
    }

    /// The text it encodes as: as decoded, or RFC 3339 for a value built from chrono.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    /// RFC 3339 with `Z` for UTC and as many digits of the fraction as it needs (none, 3, 6 or 9).
    fn from(value: chrono::DateTime<Tz>) -> Self {
        let value = value.fixed_offset();
        DateTime { value, text: value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true) }
    }
}

impl From<DateTime> for chrono::DateTime<chrono::FixedOffset> {
    fn from(value: DateTime) -> Self {
        value.value
    }
}

impl From<DateTime> for chrono::DateTime<chrono::Utc> {
    fn from(value: DateTime) -> Self {
        value.to_utc()
    }
}

impl Default for DateTime {
    /// `1970-01-01T00:00:00Z`, what a missing or `null` date-time decodes as in a plain field.
    fn default() -> Self {
        DateTime::from(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH)
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for DateTime {}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// A calendar date written `YYYY-MM-DD` (`2024-05-01`) that encodes back the exact text it was
/// decoded from.
///
/// [`to_chrono`](Self::to_chrono) gives the chrono `NaiveDate`; `From` converts both ways. Years
/// outside 0000–9999 are written as chrono writes them (`+10000-01-01`), which is not `YYYY-MM-DD`
/// and does not decode back.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Date {
    value: chrono::NaiveDate,
    text: String,
}

impl Date {
    /// Parses a `YYYY-MM-DD` date (four digits, two, two, and a day that exists), keeping `text`.
    ///
    /// # Errors
    ///
    /// When `text` is not such a date.
    pub fn parse(text: &str) -> Result<Self, ParseDateError> {
        let error = |reason: &str| ParseDateError { expected: DATE_FORMAT, text: text.to_owned(), reason: reason.to_owned() };
        let bytes = text.as_bytes();
        let shape = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
        if !shape {
            return Err(error("not four digits, `-`, two digits, `-`, two digits"));
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
        let year = i32::try_from(number(0..4)).unwrap_or(0);
        match chrono::NaiveDate::from_ymd_opt(year, number(5..7), number(8..10)) {
            Some(value) => Ok(Date { value, text: text.to_owned() }),
            None => Err(error("no such day")),
        }
    }

    /// The chrono value.
    pub fn to_chrono(&self) -> chrono::NaiveDate {
        self.value
    }

    /// The text it encodes as: as decoded, or `YYYY-MM-DD` for a value built from chrono.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<chrono::NaiveDate> for Date {
    fn from(value: chrono::NaiveDate) -> Self {
        Date { value, text: value.to_string() }
    }
}

impl From<Date> for chrono::NaiveDate {
    fn from(value: Date) -> Self {
        value.value
    }
}

impl Default for Date {
    /// `1970-01-01`, what a missing or `null` date decodes as in a plain field.
    fn default() -> Self {
        Date::from(chrono::NaiveDate::default())
    }
}

/// The impls `DateTime` and `Date` share: each is read from, shown as and written back as its text.
macro_rules! text_impls {
    ($ty:ident, $format:expr) => {
        impl std::str::FromStr for $ty {
            type Err = ParseDateError;

            fn from_str(text: &str) -> Result<Self, ParseDateError> {
                $ty::parse(text)
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(std::stringify!($ty)).field(&self.text).finish()
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(TextVisitor { expected: $format, parse: $ty::parse })
            }
        }
    };
}

text_impls!(DateTime, DATE_TIME_FORMAT);
text_impls!(Date, DATE_FORMAT);

/// Decodes a JSON string with `parse`; anything else is an error that names the format.
struct TextVisitor<T> {
    expected: &'static str,
    parse: fn(&str) -> Result<T, ParseDateError>,
}

impl<T> serde::de::Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).map_err(E::custom)
    }
}
