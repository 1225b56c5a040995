//! `postman-codegen pull`: a collection (and environments) from the Postman API, written in the
//! canonical export form so that the file in the repository follows the team's workspace and a diff
//! shows what changed there.
//!
//! The API key comes from the caller (the CLI reads `POSTMAN_API_KEY`); it is sent in the
//! `X-Api-Key` header and never printed, written or put in an error. `429 Too Many Requests` is
//! retried after its `Retry-After` (at most [`MAX_ATTEMPTS`] attempts, waiting at most
//! [`MAX_WAIT`] each); other failures are [`Error::Pull`] with the status and the API's message.
//! Files are written through a temporary sibling and a rename, after everything was fetched: a
//! failed pull leaves every file as it was.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use postman_codegen::{Error, Result};

/// The Postman API.
pub const DEFAULT_API_URL: &str = "https://api.getpostman.com";

/// Attempts per request when the API answers `429`.
pub const MAX_ATTEMPTS: u32 = 4;

/// The longest `Retry-After` honoured; a longer one is an error that says how long.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// What to fetch and where to write it.
#[derive(Debug, Clone)]
pub struct Pull {
    /// The API's base URL ([`DEFAULT_API_URL`] unless a test or a proxy says otherwise).
    pub api_url: String,
    /// The collection's id or uid, and the file to write.
    pub collection: (String, PathBuf),
    /// Environments' ids or uids, and the files to write.
    pub environments: Vec<(String, PathBuf)>,
}

/// Fetches everything `pull` names with `api_key`, then writes the files. Returns the paths written.
pub fn pull(pull: &Pull, api_key: &str) -> Result<Vec<PathBuf>> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| Error::Pull { what: "the HTTP client".into(), message: e.to_string() })?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .user_agent(concat!("postman-codegen/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Pull { what: "the HTTP client".into(), message: e.to_string() })?;
    let base = pull.api_url.trim_end_matches('/');
    let mut fetched = Vec::new();
    let (id, file) = &pull.collection;
    let collection = runtime.block_on(fetch(&client, base, "collections", "collection", id, api_key))?;
    fetched.push((file.clone(), collection));
    for (id, file) in &pull.environments {
        let environment = runtime.block_on(fetch(&client, base, "environments", "environment", id, api_key))?;
        fetched.push((file.clone(), environment));
    }
    // Everything was fetched: now write, each file through a temporary sibling.
    let mut written = Vec::new();
    for (file, value) in fetched {
        write_atomically(&file, &canonical_text(&value))?;
        written.push(file);
    }
    Ok(written)
}

/// `GET {base}/{kind}/{id}`, unwrapped from its `{"<member>": …}`.
async fn fetch(client: &reqwest::Client, base: &str, kind: &str, member: &str, id: &str, api_key: &str) -> Result<Value> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Error::Pull { what: format!("{member} `{}`", id.escape_debug()), message: "an id or uid is letters, digits and `-`".into() });
    }
    let url = format!("{base}/{kind}/{id}");
    let what = format!("{member} {id} ({url})");
    let error = |message: String| Error::Pull { what: what.clone(), message };
    let mut attempt = 1;
    loop {
        let response = client.get(&url).header("X-Api-Key", api_key).header("Accept", "application/json").send().await.map_err(|e| error(without_url(&e)))?;
        let status = response.status();
        if status.as_u16() == 429 && attempt < MAX_ATTEMPTS {
            let wait = retry_after(response.headers()).unwrap_or(Duration::from_secs(1 << attempt));
            if wait > MAX_WAIT {
                return Err(error(format!("429 Too Many Requests; the API asks to wait {} s", wait.as_secs())));
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
            continue;
        }
        let body = response.text().await.map_err(|e| error(without_url(&e)))?;
        if !status.is_success() {
            return Err(error(format!("{status}{}", api_message(&body).map(|m| format!(": {m}")).unwrap_or_default())));
        }
        let value: Value = serde_json::from_str(&body).map_err(|e| error(format!("the answer is not JSON: {e}")))?;
        return match value {
            Value::Object(mut object) => object.remove(member).filter(Value::is_object).ok_or_else(|| error(format!("the answer has no `{member}` object"))),
            _ => Err(error(format!("the answer has no `{member}` object"))),
        };
    }
}

/// A transport error's message without the URL (already in the error's subject).
fn without_url(error: &reqwest::Error) -> String {
    let mut error_text = error.to_string();
    if let Some(url) = error.url() {
        error_text = error_text.replace(&format!(" ({url})"), "").replace(url.as_str(), "the URL");
    }
    error_text
}

/// `Retry-After` in seconds (HTTP dates are not used by the Postman API).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The API's error message: `{"error": {"name", "message"}}`, shortened.
fn api_message(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let error = value.get("error")?;
    let message = error.get("message").and_then(Value::as_str).or_else(|| error.as_str())?;
    let name = error.get("name").and_then(Value::as_str);
    let text = match name {
        Some(name) => format!("{name}: {message}"),
        None => message.to_owned(),
    };
    Some(postman_codegen::tooling::docs::shorten_message(&text))
}

/// The canonical text of a collection or environment: every object's keys sorted, two-space
/// indents, a final newline. Arrays keep their order (the order of items is the collection's).
pub fn canonical_text(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(object) => {
                let mut keys: Vec<&String> = object.keys().collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&object[k]))).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    let mut text = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    text.push('\n');
    text
}

fn write_atomically(file: &Path, text: &str) -> Result<()> {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("pulled");
    let staging = file.with_file_name(format!(".{name}.postman-codegen-new"));
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Output { path, message: "cannot write".into(), source }
    };
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    std::fs::write(&staging, text).map_err(io(&staging))?;
    std::fs::rename(&staging, file).map_err(|source| {
        let _ = std::fs::remove_file(&staging);
        Error::Output { path: file.to_owned(), message: "cannot replace".into(), source }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_sorts_keys_and_keeps_item_order() {
        let value = serde_json::json!({"item": [{"name": "b"}, {"name": "a"}], "info": {"schema": "s", "name": "n"}});
        assert_eq!(canonical_text(&value), "{\n  \"info\": {\n    \"name\": \"n\",\n    \"schema\": \"s\"\n  },\n  \"item\": [\n    {\n      \"name\": \"b\"\n    },\n    {\n      \"name\": \"a\"\n    }\n  ]\n}\n");
    }

    #[test]
    fn api_messages_are_read() {
        assert_eq!(api_message(r#"{"error":{"name":"AuthenticationError","message":"Invalid API Key."}}"#).as_deref(), Some("AuthenticationError: Invalid API Key."));
        assert_eq!(api_message("<html>"), None);
    }
}
