//! A tolerant reader for the almost-JSON that real collections contain in bodies: `//` and `/* */`
//! comments, trailing commas, and unquoted placeholders such as `{{var}}` or `<profileId>` where a
//! value should be.
//!
//! The text is rewritten into strict JSON (string contents are never touched) and then parsed by
//! `serde_json`; placeholders become the collection variable's value when it is a JSON scalar, and
//! `null` (an unknown value) otherwise; an unquoted type placeholder (`<integer>`) becomes the string
//! `"<integer>"`, which [`crate::json::placeholder`] reads as its type.

use std::collections::BTreeMap;


/// Strict JSON text for `text`, or `None` when the text is not even almost-JSON. Returns the text
/// unchanged (borrowed) when it is already strict JSON.
pub fn clean(text: &str, variables: &BTreeMap<String, String>) -> Option<String> {
    clean_with(text, |name| match name.strip_prefix('$') {
        Some(dynamic) => dynamic_stand_in(dynamic).to_owned(),
        None => placeholder(variables.get(name).map(String::as_str)),
    })
}

/// Strict JSON text for `text` in which every `{{variable}}` written where a value goes is the
/// string `"{{variable}}"`: where the body uses a variable, and which, whatever its value.
pub fn quote_variables(text: &str) -> Option<String> {
    clean_with(text, |name| serde_json::Value::String(format!("{{{{{name}}}}}")).to_string())
}

/// The JSON that stands in for an unquoted dynamic variable (`{{$randomInt}}` → `0`): a value of
/// the kind Postman sends, so that the body's type has it. Unknown ones are `null`.
fn dynamic_stand_in(name: &str) -> &'static str {
    match name {
        "timestamp" | "randomInt" => "0",
        "randomBoolean" => "false",
        "guid" | "randomUUID" => "\"00000000-0000-4000-8000-000000000000\"",
        "isoTimestamp" => "\"1970-01-01T00:00:00.000Z\"",
        "randomAlphaNumeric" => "\"a\"",
        _ => "null",
    }
}

/// [`clean`], with `stand_in` making the JSON for each `{{variable}}` written where a value goes.
fn clean_with(text: &str, stand_in: impl Fn(&str) -> String) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // The stand-in of each variable, read once however often the body uses it.
    let mut stand_ins: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' => {
                let end = string_end(bytes, i)?;
                out.push_str(&text[i..end]);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let close = text[i + 2..].find("*/")?;
                i += 2 + close + 2;
                out.push(' ');
            }
            b',' => {
                // A comma followed (after space and comments) by `}` or `]` is dropped.
                let mut j = i + 1;
                loop {
                    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if bytes.get(j) == Some(&b'/') && bytes.get(j + 1) == Some(&b'/') {
                        while j < bytes.len() && bytes[j] != b'\n' {
                            j += 1;
                        }
                    } else if bytes.get(j) == Some(&b'/') && bytes.get(j + 1) == Some(&b'*') {
                        j = j + 2 + text[j + 2..].find("*/")? + 2;
                    } else {
                        break;
                    }
                }
                if !matches!(bytes.get(j), Some(b'}' | b']')) {
                    out.push(',');
                }
                i += 1;
            }
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                let close = text[i + 2..].find("}}")?;
                let name = text[i + 2..i + 2 + close].trim();
                out.push_str(stand_ins.entry(name).or_insert_with(|| stand_in(name)));
                i += 2 + close + 2;
            }
            b'<' => {
                // `<profileId>`-style placeholders where a value belongs.
                let close = text[i + 1..].find('>')?;
                let inner = &text[i + 1..i + 1 + close];
                let value_position = matches!(out.trim_end().chars().last(), Some(':' | '[' | ','));
                if !value_position || inner.is_empty() || inner.contains(['"', '{', '}', '[', ']', ',', '\n']) {
                    return None;
                }
                // A type placeholder (`<integer>`) is read as the string the import writes
                // elsewhere, which the shape reads as its type; any other name is an unknown value.
                if crate::json::placeholder::is_placeholder(&text[i..i + 1 + close + 1]) {
                    out.push('"');
                    out.push_str(&text[i..i + 1 + close + 1]);
                    out.push('"');
                } else {
                    out.push_str("null");
                }
                i += 1 + close + 1;
            }
            _ => {
                // `i` is always at a character boundary: copy the whole character.
                let ch = text[i..].chars().next()?;
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    Some(out)
}

/// The end (exclusive) of the JSON string starting at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The longest variable value that stands in for its `{{variable}}` as written: a body may use a
/// variable many times, and a long value would multiply the text.
const MAX_PLACEHOLDER: usize = 1024;

/// The JSON that stands in for a `{{variable}}` used as a value: the variable's value when it is a
/// JSON scalar (a longer string than [`MAX_PLACEHOLDER`] is `""`, of the same kind), else `null`.
fn placeholder(value: Option<&str>) -> String {
    match value.map(str::trim) {
        Some(v) if v.len() > MAX_PLACEHOLDER => if serde_json::from_str::<String>(v).is_ok() { "\"\"" } else { "null" }.to_owned(),
        Some(v) if serde_json::from_str::<serde_json::Value>(v).is_ok_and(|j| !j.is_object() && !j.is_array()) => v.to_owned(),
        _ => "null".to_owned(),
    }
}

/// Parses almost-JSON: strict first, then cleaned. Returns the value and, when cleaning was needed,
/// the strict text it was parsed from.
pub fn parse(text: &str, variables: &BTreeMap<String, String>) -> Result<(serde_json::Value, Option<String>), serde_json::Error> {
    read(text, variables)
}

/// Reads almost-JSON as `T`: strict first, then cleaned (the error is the strict text's).
fn read<T: serde::de::DeserializeOwned>(text: &str, variables: &BTreeMap<String, String>) -> Result<(T, Option<String>), serde_json::Error> {
    read_with(text, variables, |strict| serde_json::from_str(strict))
}

/// Reads almost-JSON with `read_strict`: `text` first, then its cleaned text (the error is the
/// strict text's). The shape lattice reads shapes through it without building values.
pub(crate) fn read_with<T>(text: &str, variables: &BTreeMap<String, String>, read_strict: impl Fn(&str) -> Result<T, serde_json::Error>) -> Result<(T, Option<String>), serde_json::Error> {
    match read_strict(text) {
        Ok(value) => Ok((value, None)),
        Err(error) => match clean(text, variables) {
            Some(cleaned) => match read_strict(&cleaned) {
                Ok(value) => Ok((value, Some(cleaned))),
                Err(_) => Err(error),
            },
            None => Err(error),
        },
    }
}

/// A JSON value read as strictly as `serde_json::Value` reads it — strings decoded (lone
/// surrogates fail), numbers in range, the nesting limit — but not kept. (`serde::de::IgnoredAny`
/// skips values without these checks, so it accepts texts that `Value` rejects.) The shape lattice's
/// reader skips the values it does not type (beyond its depth limit) with it.
pub(crate) struct Strict;

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Strict)
    }
}

impl<'de> serde::de::Visitor<'de> for Strict {
    type Value = Strict;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Strict, E> {
        Ok(Strict)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Strict, E> {
        Ok(Strict)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Strict, E> {
        Ok(Strict)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Strict, E> {
        Ok(Strict)
    }

    fn visit_str<E>(self, _: &str) -> Result<Strict, E> {
        Ok(Strict)
    }

    fn visit_unit<E>(self) -> Result<Strict, E> {
        Ok(Strict)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        while seq.next_element::<Strict>()?.is_some() {}
        Ok(Strict)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
        while map.next_entry::<Strict, Strict>()?.is_some() {}
        Ok(Strict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(text: &str) -> serde_json::Value {
        let vars: BTreeMap<String, String> = [("n".to_owned(), "42".to_owned()), ("s".to_owned(), "x y".to_owned())].into();
        parse(text, &vars).map(|(v, _)| v).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn comments_trailing_commas_and_placeholders() {
        assert_eq!(p("{\n // note\n \"a\": 1, /* more */ \"b\": [1, 2,],\n}"), json!({"a": 1, "b": [1, 2]}));
        assert_eq!(p(r#"{"num": {{n}}, "unknown": {{zzz}}, "text": {{s}}, "id": <profileId>}"#), json!({"num": 42, "unknown": null, "text": null, "id": null}));
        assert_eq!(p(r#"{"id": <integer>, "ok": [<Boolean>]}"#), json!({"id": "<integer>", "ok": ["<Boolean>"]}));
        assert_eq!(p(r#"{"url": "http://x//y", "t": "a,}", "v": "{{s}}"}"#), json!({"url": "http://x//y", "t": "a,}", "v": "{{s}}"}));
        assert_eq!(p("{\"é\": \"ü\", // ö\n}"), json!({"é": "ü"}));
        // Non-ASCII outside strings is not JSON, but must never panic.
        assert!(parse("{\"a\": 1, é }", &BTreeMap::new()).is_err());
        assert!(parse("[1, 񽑕 2,]", &BTreeMap::new()).is_err());
    }

    #[test]
    fn dynamic_variables_stand_in_as_values_of_their_kind() {
        let body = r#"{"n": {{$randomInt}}, "t": {{ $timestamp }}, "b": {{$randomBoolean}}, "id": {{$guid}}, "at": {{$isoTimestamp}}, "c": {{$randomAlphaNumeric}}, "x": {{$randomFirstName}}, "q": "{{$guid}}"}"#;
        assert_eq!(
            p(body),
            json!({"n": 0, "t": 0, "b": false, "id": "00000000-0000-4000-8000-000000000000", "at": "1970-01-01T00:00:00.000Z", "c": "a", "x": null, "q": "{{$guid}}"})
        );
        let quoted: serde_json::Value = serde_json::from_str(&quote_variables(body).expect("almost JSON")).expect("strict JSON");
        assert_eq!(quoted["n"], json!("{{$randomInt}}"));
        assert_eq!(quoted["t"], json!("{{$timestamp}}"), "the name is trimmed");
        assert_eq!(quoted["q"], json!("{{$guid}}"));
        let odd: serde_json::Value = serde_json::from_str(&quote_variables(r#"{"a": {{we"ird}}}"#).expect("almost JSON")).expect("escaped");
        assert_eq!(odd["a"], json!("{{we\"ird}}"));
    }

    #[test]
    fn long_placeholder_values_do_not_multiply_the_text() {
        let long_string = format!("\"{}\"", "x".repeat(MAX_PLACEHOLDER));
        let long_number = "9".repeat(MAX_PLACEHOLDER + 1);
        let vars: BTreeMap<String, String> = [("s".to_owned(), long_string), ("n".to_owned(), long_number), ("ok".to_owned(), "\"short\"".to_owned())].into();
        let text = format!("[{}]", ["{{s}}", "{{n}}", "{{ok}}"].repeat(100).join(", "));
        let (value, clean) = parse(&text, &vars).expect("almost JSON");
        assert!(clean.is_some_and(|c| c.len() < text.len() * 2), "the clean text stays the size of the body");
        assert_eq!(value[0], json!(""), "a long string stands in as a string");
        assert_eq!((value[1].clone(), value[2].clone()), (json!(null), json!("short")));
    }

    #[test]
    fn strict_json_is_untouched_and_garbage_fails() {
        assert!(matches!(parse("{\"a\":1}", &BTreeMap::new()), Ok((_, None))));
        assert!(parse("{\"a\": 1 \"b\": 2}", &BTreeMap::new()).is_err());
        assert!(parse("<xml>", &BTreeMap::new()).is_err());
        assert!(parse("{\"a\": \"unterminated", &BTreeMap::new()).is_err());
    }
}
