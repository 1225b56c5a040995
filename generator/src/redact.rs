//! Literal credentials in bodies. A collection sometimes writes a credential where it goes
//! (`{"client_secret": "9f8e…"}` in a token request, `"access_token": "eyJ…"` in a saved token
//! response). Such a value is replaced, as the body is read, by a value of the same kind, so it
//! never reaches the crate: not its docs (`e.g.` lines), not its round-trip fixtures.
//!
//! A value is a credential when its key names one ([`crate::environment::is_credential_name`]).
//! Under such a key a string becomes [`REDACTED`] (strings inside an object or array under it
//! too), a number becomes `0` (`0.0` for a float), so the field keeps its type. What cannot hold a
//! secret is kept: `true`/`false`, `null`, empty strings, `{{variables}}`, type placeholders
//! (`<string>`) and dates (`password_changed_at`).

use serde_json::Value;

use crate::environment::is_credential_name;
use crate::json::shape::{is_date, is_date_time, Kind, Shape};

/// The text a redacted string becomes.
pub const REDACTED: &str = "redacted";

/// Replaces the credentials in `value` (see the module docs). Returns whether anything changed.
pub fn redact(value: &mut Value) -> bool {
    walk(value, false)
}

/// Replaces the values of the fields named `keys` (compared without regard to case), wherever they
/// are, by values of the same kind: a string becomes [`REDACTED`], a number `0`, and the strings and
/// numbers inside an object or array under such a key likewise. `true`, `false` and `null` are kept.
/// Returns whether anything changed.
pub fn redact_keys(value: &mut Value, keys: &[String]) -> bool {
    if keys.is_empty() {
        return false;
    }
    fn all(value: &mut Value) -> bool {
        match value {
            Value::String(text) if text != REDACTED => {
                *text = REDACTED.to_owned();
                true
            }
            Value::Number(_) => redact_number(value),
            Value::Array(items) => items.iter_mut().fold(false, |changed, item| all(item) | changed),
            Value::Object(map) => map.values_mut().fold(false, |changed, item| all(item) | changed),
            _ => false,
        }
    }
    match value {
        Value::Object(map) => map.iter_mut().fold(false, |changed, (key, item)| {
            let named = keys.iter().any(|k| k.eq_ignore_ascii_case(key));
            (if named { all(item) } else { redact_keys(item, keys) }) | changed
        }),
        Value::Array(items) => items.iter_mut().fold(false, |changed, item| redact_keys(item, keys) | changed),
        _ => false,
    }
}

/// Whether the shape has a key that names a credential: whether [`redact`] may change a body of
/// that shape (a cheap test before reading a body a second time).
pub fn has_credential_key(shape: &Shape) -> bool {
    match &shape.kind {
        Kind::Object(object) => {
            object.fields.iter().any(|(key, field)| is_credential_name(key) || has_credential_key(&field.shape))
                || object.tagged.as_ref().is_some_and(|(_, variants)| {
                    variants.values().any(|v| v.fields.iter().any(|(key, field)| is_credential_name(key) || has_credential_key(&field.shape)))
                })
        }
        Kind::Array(element) => has_credential_key(element),
        Kind::Union(members) => members.iter().any(has_credential_key),
        _ => false,
    }
}

/// Redacts `value`; `secret` when it sits under a credential's key.
fn walk(value: &mut Value, secret: bool) -> bool {
    match value {
        Value::Object(map) => {
            let mut changed = false;
            for (key, item) in map.iter_mut() {
                let credential = is_credential_name(key);
                changed |= match item {
                    Value::Number(_) if credential => redact_number(item),
                    _ => walk(item, secret || credential),
                };
            }
            changed
        }
        Value::Array(items) => items.iter_mut().fold(false, |changed, item| walk(item, secret) | changed),
        Value::String(text) if secret && holds_secret(text) => {
            *text = REDACTED.to_owned();
            true
        }
        _ => false,
    }
}

/// Whether a string under a credential's key may be one.
fn holds_secret(text: &str) -> bool {
    let trimmed = text.trim();
    let variable = trimmed.starts_with("{{") && trimmed.ends_with("}}");
    let placeholder = trimmed.len() > 2 && trimmed.starts_with('<') && trimmed.ends_with('>') && !trimmed[1..trimmed.len() - 1].contains(['<', '>']);
    !(trimmed.is_empty() || trimmed == REDACTED || variable || placeholder || is_date_time(trimmed) || is_date(trimmed))
}

/// `0` for an integer, `0.0` for a float (a zero already is no secret).
fn redact_number(value: &mut Value) -> bool {
    let Value::Number(number) = value else { return false };
    if number.as_f64() == Some(0.0) {
        return false;
    }
    *value = if number.is_f64() { Value::from(0.0) } else { Value::from(0) };
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn credentials_become_values_of_their_kind() {
        let mut body = json!({
            "client_id": "my-app",
            "client_secret": "9f8e7d6c5b4a",
            "grant_type": "client_credentials",
            "pin": 4321,
            "signature": 12.5,
            "password_changed_at": "2024-01-02T03:04:05Z",
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token": "{{refresh_token}}",
            "api_key": "<string>",
            "password": "",
            "user": {"name": "Ada", "password": "hunter2", "has_password": true},
            "credentials": {"username": "ada", "keys": ["k1", "k2"], "rotated": "2024-05-06"},
            "sessions": [{"session": "abc", "ok": null}],
        });
        assert!(redact(&mut body));
        assert_eq!(
            body,
            json!({
                "client_id": "my-app",
                "client_secret": "redacted",
                "grant_type": "client_credentials",
                "pin": 0,
                "signature": 0.0,
                "password_changed_at": "2024-01-02T03:04:05Z",
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": "{{refresh_token}}",
                "api_key": "<string>",
                "password": "",
                "user": {"name": "Ada", "password": "redacted", "has_password": true},
                "credentials": {"username": "redacted", "keys": ["redacted", "redacted"], "rotated": "2024-05-06"},
                "sessions": [{"session": "redacted", "ok": null}],
            })
        );
        assert!(!redact(&mut body), "a redacted body has nothing left to redact");
    }

    #[test]
    fn bodies_without_credentials_are_untouched() {
        let mut body = json!({"id": 7, "name": "x", "token_url": "https://auth.example.com/token", "next_page_token": "abc", "items": [{"key": "k"}]});
        let before = body.clone();
        assert!(!redact(&mut body));
        assert_eq!(body, before);
    }

    #[test]
    fn the_shape_tells_when_to_look() {
        let shape = |text: &str| Shape::from_json_text(text).expect("valid JSON");
        assert!(has_credential_key(&shape(r#"{"data": [{"id": 1, "accessToken": "x"}]}"#)));
        assert!(has_credential_key(&shape(r#"[{"auth": {"api_key": 1}}]"#)));
        assert!(!has_credential_key(&shape(r#"{"data": [{"id": 1, "next_page_token": "x"}]}"#)));
        assert!(!has_credential_key(&shape(r#""token""#)));
    }
}
