//! The sample recorder: bodies a client could not type, written in the samples layout for the
//! next generation.


/// Records response bodies the crate's types do not cover, as samples for the next `generate`
/// (`ClientBuilder::record_samples`): the body of an operation whose type is a JSON value (the
/// collection had no example of it), and the body of a response that did not decode (a field the
/// types did not foresee). Written as `postman-codegen capture` writes them:
/// `DIR/<operation>/<status>-<n>.json` with the sidecar `operation.json`, at most
/// [`SampleRecorder::MAX_PER_STATUS`] per status and one per shape (the same keys and kinds), bodies
/// up to [`SampleRecorder::MAX_BYTES`]. Fields named like credentials (`token`, `password`,
/// `secret`, `api_key`, …) are replaced by `"redacted"` (or `0`). Writing is best effort: a sample
/// that cannot be written is skipped, and the call's result is never changed.
#[derive(Debug, Clone)]
pub struct SampleRecorder {
    dir: std::path::PathBuf,
    lock: std::sync::Arc<std::sync::Mutex<()>>,
}

impl SampleRecorder {
    /// At most this many samples of one status of one operation.
    pub const MAX_PER_STATUS: usize = 5;
    /// Bodies larger than this are not recorded.
    pub const MAX_BYTES: usize = 1024 * 1024;

    /// A recorder that writes under `dir` (created when the first sample is written).
    pub fn new(dir: impl Into<std::path::PathBuf>) -> Self {
        SampleRecorder { dir: dir.into(), lock: std::sync::Arc::default() }
    }

    /// Records `body` as a sample of `operation`'s response of `status`, unless it is not JSON, too
    /// large, of a shape already recorded, or the status has enough samples. Returns the file
    /// written, relative to the directory (`get_user/200-1.json`).
    pub fn record(&self, operation: &str, status: u16, content_type: Option<&str>, body: &[u8]) -> Option<String> {
        if body.len() > Self::MAX_BYTES || operation.is_empty() || operation.contains(['/', '\\', '.']) {
            return None;
        }
        let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
        redact_credentials(&mut value, false);
        let _guard = self.lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let op_dir = self.dir.join(operation);
        let sidecar_path = op_dir.join("operation.json");
        let mut sidecar: serde_json::Value = std::fs::read(&sidecar_path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_else(|| serde_json::json!({ "operation": operation, "samples": [] }));
        let samples = sidecar.get_mut("samples")?.as_array_mut()?;
        let same_status: Vec<String> = samples
            .iter()
            .filter(|s| s.get("status").and_then(serde_json::Value::as_u64) == Some(u64::from(status)))
            .filter_map(|s| s.get("file")?.as_str().map(ToOwned::to_owned))
            .collect();
        let shape = shape_of(&value);
        for file in &same_status {
            let stored = std::fs::read(op_dir.join(file)).ok().and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
            if stored.is_some_and(|stored| shape_of(&stored) == shape) {
                return None;
            }
        }
        if same_status.len() >= Self::MAX_PER_STATUS {
            return None;
        }
        let taken: Vec<String> = samples.iter().filter_map(|s| s.get("file")?.as_str().map(ToOwned::to_owned)).collect();
        let file = (1..).map(|n| std::format!("{status}-{n}.json")).find(|f| !taken.contains(f) && !op_dir.join(f).exists())?;
        let mut entry = serde_json::json!({ "file": file, "status": status });
        if let (Some(content_type), Some(map)) = (content_type, entry.as_object_mut()) {
            map.insert("content_type".to_owned(), serde_json::Value::from(content_type));
        }
        samples.push(entry);
        let text = serde_json::to_string_pretty(&value).ok()? + "\n";
        let sidecar_text = serde_json::to_string_pretty(&sidecar).ok()? + "\n";
        std::fs::create_dir_all(&op_dir).ok()?;
        std::fs::write(op_dir.join(&file), text).ok()?;
        std::fs::write(&sidecar_path, sidecar_text).ok()?;
        Some(std::format!("{operation}/{file}"))
    }
}

/// Whether a JSON key names a credential, whose value a sample must not keep.
fn is_credential_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase().replace(['-', '_', ' '], "");
    ["token", "secret", "password", "passwd", "apikey", "authorization", "cookie", "session", "privatekey", "credential"].iter().any(|word| key.contains(word))
}

/// Replaces the strings and numbers under credential keys (`secret`: inside one).
fn redact_credentials(value: &mut serde_json::Value, secret: bool) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                redact_credentials(item, secret || is_credential_key(key));
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|item| redact_credentials(item, secret)),
        serde_json::Value::String(text) if secret && !text.is_empty() => *text = "redacted".to_owned(),
        serde_json::Value::Number(number) if secret => {
            *value = if number.is_f64() { serde_json::Value::from(0.0) } else { serde_json::Value::from(0) };
        }
        _ => {}
    }
}

/// The shape of a JSON value as text: kinds, sorted keys, the distinct shapes of array elements.
fn shape_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "null".to_owned(),
        serde_json::Value::Bool(_) => "bool".to_owned(),
        serde_json::Value::Number(n) if n.is_f64() => "float".to_owned(),
        serde_json::Value::Number(_) => "int".to_owned(),
        serde_json::Value::String(_) => "string".to_owned(),
        serde_json::Value::Array(items) => {
            let members: std::collections::BTreeSet<String> = items.iter().map(shape_of).collect();
            std::format!("[{}]", members.into_iter().collect::<Vec<_>>().join("|"))
        }
        serde_json::Value::Object(map) => {
            let fields: std::collections::BTreeMap<&str, String> = map.iter().map(|(k, v)| (k.as_str(), shape_of(v))).collect();
            let inner: Vec<String> = fields.into_iter().map(|(k, v)| std::format!("{k:?}:{v}")).collect();
            std::format!("{{{}}}", inner.join(","))
        }
    }
}
