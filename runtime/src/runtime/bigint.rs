//! Integers beyond 64 bits, kept as their decimal text.


/// An integer too big for `i64`/`u64`, kept as its decimal digits so that no digit is lost.
///
/// It decodes from a JSON number and encodes back to the same JSON number (never a string, never
/// rounded through `f64`). Decoding needs the JSON text itself (it reads a
/// `serde_json::value::RawValue`), as `serde_json::from_str`, `from_slice`, `from_reader` and the
/// client give it. The generated untagged and tagged enums keep it that way: their `Deserialize`
/// impls capture the value's text and decode their variants from it (serde's derive would buffer
/// the value first, and the digits would be gone).
///
/// Limits: `serde_json::from_value` decodes these types too (serde_json turns the `Value` back into
/// text), but a `Value` holds a big integer as an `f64` already, so a `BigInt` fails to decode from
/// it rather than keep wrong digits. Deserializers other than serde_json's cannot give a
/// `RawValue`, so a `BigInt`, and the generated enums, decode only from JSON; the same holds inside
/// your own `#[serde(untagged)]`, internally tagged or `#[serde(flatten)]` types, which buffer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigInt(String);

impl BigInt {
    /// The integer written as `digits` (an optional `-`, then decimal digits without leading zeros).
    pub fn parse(digits: &str) -> Option<Self> {
        let body = digits.strip_prefix('-').unwrap_or(digits);
        let valid = !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) && (body == "0" || !body.starts_with('0'));
        valid.then(|| BigInt(digits.to_owned()))
    }

    /// The decimal digits (with a leading `-` when negative).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an `i128`, when it fits.
    pub fn to_i128(&self) -> Option<i128> {
        self.0.parse().ok()
    }
}

impl Default for BigInt {
    fn default() -> Self {
        BigInt("0".to_owned())
    }
}

impl std::fmt::Display for BigInt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<i128> for BigInt {
    fn from(value: i128) -> Self {
        BigInt(value.to_string())
    }
}

impl From<u128> for BigInt {
    fn from(value: u128) -> Self {
        BigInt(value.to_string())
    }
}

impl serde::Serialize for BigInt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for BigInt {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: Box<serde_json::value::RawValue> = serde::Deserialize::deserialize(deserializer)?;
        BigInt::parse(raw.get().trim()).ok_or_else(|| serde::de::Error::custom(std::format!("expected an integer, got {}", raw.get())))
    }
}
