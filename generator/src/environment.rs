//! Postman environments, globals and `--var`: the values a collection leaves to its user.
//!
//! Resolution follows Postman, lowest to highest: globals, collection variables, the environment,
//! then `--var KEY=VALUE` (Newman's `--env-var`). With several environments, the first resolves the
//! collection and every one gives a named base URL (see [`crate::ir::Api::environments`]).
//!
//! **Secrets never reach generated code.** A variable is a secret when its environment says
//! `"type": "secret"`, when its name names a credential ([`is_credential_name`]: `accessToken`,
//! `api_key`, `clientSecret`, `password`, …), or when an auth block of the collection uses it. A
//! secret's value is never substituted: the request keeps `{{name}}`, and the crate asks for the
//! credential at run time (the builder's credential methods), as it does for a variable nobody
//! defines. The names of the secrets are reported so that the user knows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::error::{line_column, Error, Location, Result};

/// The Postman dynamic variables a generated client makes per request (`{{$guid}}` → `guid`), with
/// what each is. Others (`$randomFirstName`, …) are fake data for trying an API; they stay the
/// caller's to set.
pub const DYNAMIC_VARIABLES: &[(&str, &str)] = &[
    ("guid", "a random UUID (v4)"),
    ("randomUUID", "a random UUID (v4)"),
    ("timestamp", "the current Unix time in seconds"),
    ("isoTimestamp", "the current time, ISO 8601 in UTC"),
    ("randomInt", "a random integer from 0 to 1000"),
    ("randomBoolean", "`true` or `false` at random"),
    ("randomAlphaNumeric", "a random letter or digit"),
];

/// The parameter type of a dynamic variable's values.
pub fn dynamic_type(name: &str) -> crate::ir::ParamType {
    match name {
        "timestamp" | "randomInt" => crate::ir::ParamType::Integer,
        "randomBoolean" => crate::ir::ParamType::Boolean,
        _ => crate::ir::ParamType::String,
    }
}

/// An environment (or globals) file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// Its `name` (else the file's stem), e.g. `Production`.
    pub name: String,
    /// The file it was read from.
    pub file: PathBuf,
    /// Its enabled values, in file order.
    pub values: Vec<EnvValue>,
}

/// One enabled value of an environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvValue {
    /// The key.
    pub key: String,
    /// The value as Postman substitutes it (numbers and booleans as their text).
    pub value: String,
    /// Whether the file marks it `"type": "secret"`.
    pub secret: bool,
}

/// The variables given beside the collection: globals, environments (the first resolves the
/// collection), and `--var` values, in Postman's order of precedence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables {
    /// A globals file.
    pub globals: Option<Environment>,
    /// Environment files; the first is the one the collection is resolved with.
    pub environments: Vec<Environment>,
    /// `--var KEY=VALUE`, highest precedence, in order (a later one wins).
    pub overrides: Vec<(String, String)>,
}

impl Variables {
    /// Whether nothing is given.
    pub fn is_empty(&self) -> bool {
        self.globals.is_none() && self.environments.is_empty() && self.overrides.is_empty()
    }

    /// Adds `KEY=VALUE` from the command line; anything else is an error that says what is expected.
    pub fn add_override(&mut self, text: &str) -> std::result::Result<(), String> {
        match text.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                self.overrides.push((key.trim().to_owned(), value.to_owned()));
                Ok(())
            }
            _ => Err(format!("--var takes KEY=VALUE, not `{}`", text.escape_debug())),
        }
    }
}

/// The raw file: `values` with `key`, `value`, `enabled`, `type`. The Postman API's wrapper
/// (`{"environment": …}`) is read like the file.
#[derive(Deserialize)]
struct File {
    #[serde(default)]
    name: Option<Value>,
    #[serde(default)]
    values: Option<Vec<Entry>>,
    #[serde(default)]
    environment: Option<Box<File>>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    key: Option<Value>,
    #[serde(default)]
    value: Value,
    #[serde(default)]
    enabled: Option<Value>,
    #[serde(default, rename = "type")]
    kind: Option<Value>,
}

/// Reads an environment or globals export. A file that is not one is an error at file:line:column
/// with the JSON path.
pub fn read(file: &Path) -> Result<Environment> {
    let bytes = std::fs::read(file).map_err(|source| Error::Read { file: file.to_owned(), source })?;
    parse(file, &bytes)
}

/// [`read`] of bytes already in memory (`file` names them in errors).
pub fn parse(file: &Path, bytes: &[u8]) -> Result<Environment> {
    let located = |offset: Option<(usize, usize)>, path: Option<String>, message: String| Error::Input {
        location: Location { file: file.to_owned(), line: offset.map(|o| o.0), column: offset.map(|o| o.1), path },
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| located(Some(line_column(bytes, e.valid_up_to())), None, "the file is not valid UTF-8".into()))?;
    let mut deserializer = serde_json::Deserializer::from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    let parsed: File = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let position = (inner.line() > 0).then(|| (inner.line(), inner.column()));
        let message = crate::docs::shorten_message(&inner.to_string());
        let message = message.rfind(" at line ").map_or(message.clone(), |i| message[..i].to_owned());
        located(position, Some(path).filter(|p| p != "."), format!("not a Postman environment: {message}"))
    })?;
    let (parsed, prefix) = match parsed {
        File { values: None, environment: Some(inner), .. } => (*inner, "environment."),
        other => (other, ""),
    };
    let Some(entries) = parsed.values else {
        return Err(located(Some((1, 1)), Some(format!("{prefix}values")), "not a Postman environment: it has no `values` list".into()));
    };
    let mut values = Vec::new();
    for (index, entry) in entries.into_iter().enumerate() {
        let key = match entry.key {
            Some(Value::String(key)) if !key.trim().is_empty() => key,
            _ => return Err(located(None, Some(format!("{prefix}values[{index}].key")), "a value needs a `key` (a non-empty string)".into())),
        };
        let enabled = !matches!(entry.enabled, Some(Value::Bool(false)));
        if !enabled {
            continue;
        }
        let value = match entry.value {
            Value::Null => String::new(),
            Value::String(s) => s,
            other => other.to_string(),
        };
        let secret = entry.kind.as_ref().and_then(Value::as_str) == Some("secret");
        values.push(EnvValue { key, value, secret });
    }
    let stem = file.file_name().and_then(|n| n.to_str()).unwrap_or("environment");
    let stem = stem.strip_suffix(".json").unwrap_or(stem);
    let stem = stem.strip_suffix(".postman_environment").or_else(|| stem.strip_suffix(".postman_globals")).unwrap_or(stem);
    let name = parsed.name.as_ref().and_then(Value::as_str).filter(|n| !n.trim().is_empty()).map_or_else(|| stem.to_owned(), str::to_owned);
    Ok(Environment { name, file: file.to_owned(), values })
}

/// Whether a variable's name names a credential: a word such as `token`, `password`, `secret`,
/// `credential`, `cookie`, `session`, `jwt`, `signature`, or `key` after `api`, `access`, `private`,
/// `secret`, `auth`, `client`, `app`, `subscription`, `master`, `signing` (`apiKey`, `x-api-key`,
/// `ACCESS_KEY_ID`).
pub fn is_credential_name(name: &str) -> bool {
    let words = words(name);
    // What describes a credential without being one: `token_url`, `token_type`, `next_page_token`,
    // `expires_in`, `session_count`.
    const ABOUT: &[&str] = &["url", "uri", "endpoint", "type", "page", "next", "cursor", "expires", "expiry", "expiration", "ttl", "count", "length", "name", "hint", "scope", "format", "id"];
    if words.iter().any(|w| ABOUT.contains(&w.as_str())) && !words.windows(2).any(|pair| pair[0] == "key" && pair[1] == "id") {
        return false;
    }
    const ALONE: &[&str] = &["token", "password", "passwd", "pwd", "passphrase", "secret", "credential", "credentials", "cookie", "session", "jwt", "signature", "apikey", "accesskey", "authorization", "bearer", "otp", "pin"];
    const BEFORE_KEY: &[&str] = &["api", "access", "private", "secret", "auth", "client", "app", "subscription", "master", "signing", "encryption", "license"];
    words.iter().any(|w| ALONE.contains(&w.as_str()) || (w.ends_with("token") && w.len() > 5) || w.ends_with("secret"))
        || words.windows(2).any(|pair| BEFORE_KEY.contains(&pair[0].as_str()) && pair[1] == "key")
}

/// `x-API-KeyId` → `["x", "api", "key", "id"]`: split on non-alphanumerics and on lower-to-upper
/// case changes.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The variables of one resolution, with where each came from and which are secrets.
#[derive(Debug, Clone, Default)]
pub struct Layered {
    /// Name → value, for substitution: secrets left out.
    pub values: BTreeMap<String, String>,
    /// Names kept out of the crate because they are secrets, with why.
    pub secrets: BTreeMap<String, &'static str>,
}

/// Layers globals < `collection` < `environment` < overrides; secrets (by type, by name, or named in
/// `auth_variables`) are left out of the values.
pub fn layer(variables: &Variables, environment: Option<&Environment>, collection: &BTreeMap<String, String>, auth_variables: &BTreeSet<String>) -> Layered {
    let mut layered = Layered::default();
    let add = |key: &str, value: &str, secret_type: bool, layered: &mut Layered| {
        let why = if secret_type {
            Some("the environment marks it secret")
        } else if auth_variables.contains(key) {
            Some("an auth block uses it")
        } else if is_credential_name(key) {
            Some("its name names a credential")
        } else {
            None
        };
        match why {
            Some(why) => {
                layered.values.remove(key);
                layered.secrets.insert(key.to_owned(), why);
            }
            None => {
                if !layered.secrets.contains_key(key) {
                    layered.values.insert(key.to_owned(), value.to_owned());
                }
            }
        }
    };
    for value in variables.globals.iter().flat_map(|g| &g.values) {
        add(&value.key, &value.value, value.secret, &mut layered);
    }
    for (key, value) in collection {
        add(key, value, false, &mut layered);
    }
    for value in environment.iter().flat_map(|e| &e.values) {
        add(&value.key, &value.value, value.secret, &mut layered);
    }
    for (key, value) in &variables.overrides {
        add(key, value, false, &mut layered);
    }
    layered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(text: &str) -> Result<Environment> {
        parse(Path::new("prod.postman_environment.json"), text.as_bytes())
    }

    #[test]
    fn environment_files_are_read_and_bad_ones_say_where() {
        let read = env(r#"{"id":"1","name":"Production","values":[
            {"key":"baseUrl","value":"https://api.example.com","type":"default","enabled":true},
            {"key":"accessToken","value":"s3cr3t","type":"secret","enabled":true},
            {"key":"old","value":"x","enabled":false},
            {"key":"limit","value":25},
            {"key":"debug","value":true,"type":"text"}
        ],"_postman_variable_scope":"environment"}"#)
        .expect("reads");
        assert_eq!(read.name, "Production");
        let values: Vec<(&str, &str, bool)> = read.values.iter().map(|v| (v.key.as_str(), v.value.as_str(), v.secret)).collect();
        assert_eq!(values, [("baseUrl", "https://api.example.com", false), ("accessToken", "s3cr3t", true), ("limit", "25", false), ("debug", "true", false)]);
        let wrapped = env(r#"{"environment":{"name":"Staging","values":[{"key":"a","value":"b"}]}}"#).expect("the API's wrapper");
        assert_eq!((wrapped.name.as_str(), wrapped.values.len()), ("Staging", 1));
        let unnamed = env(r#"{"values":[]}"#).expect("no name");
        assert_eq!(unnamed.name, "prod");

        let error = env("{\"name\":\"x\",\n\"values\": {\"a\": 1}}").expect_err("values is a list").to_string();
        assert!(error.starts_with("prod.postman_environment.json:2:") && error.contains("at `values`") && error.contains("not a Postman environment"), "{error}");
        let error = env(r#"{"values":[{"value":"x"}]}"#).expect_err("no key").to_string();
        assert!(error.contains("values[0].key") && error.contains("needs a `key`"), "{error}");
        let error = env(r#"{"name":"x"}"#).expect_err("no values").to_string();
        assert!(error.contains("no `values` list"), "{error}");
        assert!(env("[1]").is_err() && env("{").expect_err("truncated").to_string().contains("prod.postman_environment.json:1:"));
    }

    #[test]
    fn resolution_follows_postman_and_keeps_secrets_out() {
        let file = |name: &str, values: &[(&str, &str, bool)]| Environment {
            name: name.into(),
            file: PathBuf::from(name),
            values: values.iter().map(|(k, v, s)| EnvValue { key: (*k).into(), value: (*v).into(), secret: *s }).collect(),
        };
        let variables = Variables {
            globals: Some(file("globals", &[("baseUrl", "https://global", false), ("region", "us", false), ("tenant", "g", false)])),
            environments: vec![file("prod", &[("baseUrl", "https://prod", false), ("vault", "v-123", true)])],
            overrides: vec![("tenant".into(), "acme".into())],
        };
        let collection: BTreeMap<String, String> = [("baseUrl".into(), "https://collection".into()), ("region".into(), "eu".into()), ("apiKey".into(), "AKIA123".into()), ("bearer".into(), "b".into())].into();
        let auth: BTreeSet<String> = ["bearer".to_owned()].into();
        let layered = layer(&variables, variables.environments.first(), &collection, &auth);
        let values: Vec<(&str, &str)> = layered.values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(values, [("baseUrl", "https://prod"), ("region", "eu"), ("tenant", "acme")], "global < collection < environment < --var");
        let secrets: Vec<(&str, &str)> = layered.secrets.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(secrets, [("apiKey", "its name names a credential"), ("bearer", "an auth block uses it"), ("vault", "the environment marks it secret")]);
    }

    #[test]
    fn credential_names() {
        for name in ["accessToken", "access_token", "api_key", "apiKey", "x-api-key", "X-API-KEY", "client_secret", "clientSecret", "password", "AWS_SECRET_ACCESS_KEY", "ACCESS_KEY_ID", "refreshToken", "jwt", "subscriptionKey", "Authorization"] {
            assert!(is_credential_name(name), "{name}");
        }
        for name in ["baseUrl", "userId", "key", "region", "tenant", "keyword", "tokenizer", "author", "page_size", "accessTokenUrl", "token_type", "next_page_token", "session_id", "secretName"] {
            assert!(!is_credential_name(name), "{name}");
        }
    }
}
