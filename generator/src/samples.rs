//! Captured responses ("samples"): response bodies recorded from a live API by
//! `postman-codegen capture` (or by a generated client's sample recorder), kept as plain files
//! beside the collection and read by `generate` as examples of their operation and status.
//!
//! The layout, one directory per operation:
//!
//! ```text
//! SAMPLES_DIR/
//!   get_user/
//!     operation.json      {"operation": "GET /users/{userId} Users/Get a user", "samples": [{"file": "200-1.json", "status": 200, "content_type": "application/json"}]}
//!     200-1.json          the body, as received (credentials redacted)
//!     404-1.json
//! ```
//!
//! The directory is named after the operation; the sidecar `operation.json` holds the operation's
//! place as the crate's names file keys it (`lower::operation_place`), so a sample follows
//! its request: it is matched by place, then by method and path (the item moved to another folder or
//! was renamed), then by the directory's name. A sample that matches no operation is a warning.
//! Each status keeps at most `MAX_PER_STATUS` samples, no two of the same shape
//! ([`shape_signature`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::error::{Error, Location, Result};
use crate::ir::{Api, Example, Response};

/// The sidecar's file name in each operation directory.
pub const SIDECAR: &str = "operation.json";

/// At most this many samples of one status of one operation are kept.
pub const MAX_PER_STATUS: usize = 5;

/// A body larger than this is not stored (a download, not a typed response).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// One captured response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// The operation directory's name (the operation's name when it was captured).
    pub dir: String,
    /// The body's file name in it, `<status>-<n>.json`.
    pub file: String,
    /// The operation's place (`lower::operation_place`).
    pub operation: String,
    /// The response status.
    pub status: u16,
    /// The response's `Content-Type`, when it had one.
    pub content_type: Option<String>,
    /// The JSON text.
    pub body: String,
}

impl Sample {
    /// `get_user/200-1.json`: where it is under the samples directory.
    pub fn path(&self) -> String {
        format!("{}/{}", self.dir, self.file)
    }
}

/// The sidecar of an operation directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    /// The operation's place (`lower::operation_place`).
    pub operation: String,
    /// The samples, in the order they were stored.
    #[serde(default)]
    pub samples: Vec<SampleMeta>,
}

/// What the sidecar says of one sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleMeta {
    /// The body's file name, `<status>-<n>.json`.
    pub file: String,
    /// The response status.
    pub status: u16,
    /// The response's `Content-Type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// `<collection stem>.samples` beside the collection file: where `generate` looks for samples when
/// it is given no directory.
pub fn dir_beside(collection: &Path) -> std::path::PathBuf {
    let name = collection.file_name().and_then(|n| n.to_str()).unwrap_or("collection");
    let stem = name.strip_suffix(".postman_collection.json").or_else(|| name.strip_suffix(".json")).unwrap_or(name);
    collection.with_file_name(format!("{stem}.samples"))
}

/// Reads every sample under `dir`, in directory-name and then sidecar order. A directory without a
/// sidecar is skipped; a sidecar or body that cannot be read is an error that names the file.
pub fn read_dir(dir: &Path) -> Result<Vec<Sample>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read { file: dir.to_owned(), source })?;
    let mut dirs: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read { file: dir.to_owned(), source })?;
        if entry.path().join(SIDECAR).is_file() {
            if let Some(name) = entry.file_name().to_str() {
                dirs.push(name.to_owned());
            }
        }
    }
    dirs.sort();
    let mut samples = Vec::new();
    for name in dirs {
        let sidecar = read_sidecar(&dir.join(&name))?;
        for meta in sidecar.samples {
            if !is_body_file_name(&meta.file) {
                return Err(input(&dir.join(&name).join(SIDECAR), format!("`{}` is not a sample file name (`<status>-<n>.json`)", meta.file.escape_debug())));
            }
            let path = dir.join(&name).join(&meta.file);
            let body = std::fs::read_to_string(&path).map_err(|source| Error::Read { file: path.clone(), source })?;
            samples.push(Sample { dir: name.clone(), file: meta.file, operation: sidecar.operation.clone(), status: meta.status, content_type: meta.content_type, body });
        }
    }
    Ok(samples)
}

/// The sidecar of an operation directory (empty when there is none yet).
pub fn read_sidecar(op_dir: &Path) -> Result<Sidecar> {
    let path = op_dir.join(SIDECAR);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Sidecar::default()),
        Err(source) => return Err(Error::Read { file: path, source }),
    };
    serde_json::from_str(&text).map_err(|error| input(&path, format!("not a samples sidecar: {error}")))
}

/// An input error about a whole file.
fn input(path: &Path, message: String) -> Error {
    Error::Input { location: Location { file: path.to_owned(), line: None, column: None, path: None }, message }
}

/// `200-1.json`: a status, a number, `.json`, nothing else (no path separators).
fn is_body_file_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".json") else { return false };
    let Some((status, n)) = stem.split_once('-') else { return false };
    !status.is_empty() && !n.is_empty() && status.bytes().chain(n.bytes()).all(|b| b.is_ascii_digit())
}

/// What [`store`] did with one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Written as this file under the samples directory (`get_user/200-1.json`).
    New(String),
    /// A stored sample of this status has the same shape.
    SameShape,
    /// The status already has `MAX_PER_STATUS` samples.
    Full,
    /// The body is not JSON (or empty, or larger than `MAX_BODY_BYTES`): nothing to type.
    NotJson,
}

/// Stores a response body as a sample of the operation at `place` in the directory `op_dir_name`
/// under `dir`, unless it is not JSON, its status is full, or a sample of the same status has its
/// shape. `redact_keys` are response fields whose values are replaced by values of the same kind
/// (with every field that names a credential, `redact`); `secrets` are texts (the
/// request's credentials) that never reach the file: a string holding one is redacted.
#[allow(clippy::too_many_arguments)]
pub fn store(dir: &Path, op_dir_name: &str, place: &str, status: u16, content_type: Option<&str>, body: &[u8], redact_keys: &[String], secrets: &[String]) -> Result<Stored> {
    if body.len() > MAX_BODY_BYTES {
        return Ok(Stored::NotJson);
    }
    // JSON as saved examples are read: comments and trailing commas tolerated (stored strict).
    let Ok(text) = std::str::from_utf8(body) else { return Ok(Stored::NotJson) };
    let Ok((mut value, _)) = crate::json::lenient::parse(text, &BTreeMap::new()) else { return Ok(Stored::NotJson) };
    crate::redact::redact(&mut value);
    crate::redact::redact_keys(&mut value, redact_keys);
    redact_secrets(&mut value, secrets);
    let op_dir = dir.join(op_dir_name);
    let mut sidecar = read_sidecar(&op_dir)?;
    if sidecar.operation.is_empty() {
        sidecar.operation = place.to_owned();
    }
    let same_status: Vec<&SampleMeta> = sidecar.samples.iter().filter(|m| m.status == status).collect();
    let signature = shape_signature(&value);
    for meta in &same_status {
        let path = op_dir.join(&meta.file);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { file: path.clone(), source })?;
        if serde_json::from_str::<Value>(&text).is_ok_and(|stored| shape_signature(&stored) == signature) {
            return Ok(Stored::SameShape);
        }
    }
    if same_status.len() >= MAX_PER_STATUS {
        return Ok(Stored::Full);
    }
    let taken: BTreeSet<&str> = sidecar.samples.iter().map(|m| m.file.as_str()).collect();
    let file = (1..).map(|n| format!("{status}-{n}.json")).find(|f| !taken.contains(f.as_str()) && !op_dir.join(f).exists()).unwrap_or_default();
    let text = serde_json::to_string_pretty(&value).map_err(|error| Error::Internal { file: file.clone(), message: error.to_string() })? + "\n";
    std::fs::create_dir_all(&op_dir).map_err(|source| Error::Read { file: op_dir.clone(), source })?;
    write_file(&op_dir.join(&file), &text)?;
    sidecar.samples.push(SampleMeta { file: file.clone(), status, content_type: content_type.map(str::to_owned) });
    let sidecar_text = serde_json::to_string_pretty(&sidecar).map_err(|error| Error::Internal { file: SIDECAR.to_owned(), message: error.to_string() })? + "\n";
    write_file(&op_dir.join(SIDECAR), &sidecar_text)?;
    Ok(Stored::New(format!("{op_dir_name}/{file}")))
}

/// Writes through a temporary file, so a reader never sees half a file.
fn write_file(path: &Path, text: &str) -> Result<()> {
    let staging = path.with_extension("json.partial");
    std::fs::write(&staging, text).and_then(|()| std::fs::rename(&staging, path)).map_err(|source| {
        let _ = std::fs::remove_file(&staging);
        Error::Read { file: path.to_owned(), source }
    })
}

/// Replaces every string that contains one of `secrets` (ignoring those shorter than 4 bytes, which
/// say nothing) by [`crate::redact::REDACTED`].
fn redact_secrets(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(text) if secrets.iter().any(|s| s.len() >= 4 && text.contains(s.as_str())) => {
            *text = crate::redact::REDACTED.to_owned();
        }
        Value::Array(items) => items.iter_mut().for_each(|item| redact_secrets(item, secrets)),
        Value::Object(map) => map.values_mut().for_each(|item| redact_secrets(item, secrets)),
        _ => {}
    }
}

/// The shape of a JSON value as text: the kind of each value, object keys (sorted) with the
/// signatures of their values, and the distinct signatures of an array's elements (sorted). Two
/// bodies with the same signature teach inference nothing new about each other.
pub fn shape_signature(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "bool".to_owned(),
        Value::Number(n) if n.is_f64() => "float".to_owned(),
        Value::Number(_) => "int".to_owned(),
        Value::String(_) => "string".to_owned(),
        Value::Array(items) => {
            let members: BTreeSet<String> = items.iter().map(shape_signature).collect();
            format!("[{}]", members.into_iter().collect::<Vec<_>>().join("|"))
        }
        Value::Object(map) => {
            let fields: BTreeMap<&str, String> = map.iter().map(|(k, v)| (k.as_str(), shape_signature(v))).collect();
            let inner: Vec<String> = fields.into_iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
            format!("{{{}}}", inner.join(","))
        }
    }
}

/// Adds the samples to the operations they belong to, as examples of their status (after the
/// collection's own, in sample order), before inference: they are merged in the same lattice as
/// saved examples and become round-trip tests like them. A sample is matched by its place, then by
/// method and path, then by its directory's name; one that matches no operation is a warning.
pub fn apply(api: &mut Api, samples: &[Sample], diagnostics: &mut Diagnostics) {
    let places: Vec<String> = api.operations.iter().map(crate::lower::operation_place).collect();
    let route = |place: &str| place.split_once(' ').and_then(|(method, rest)| Some((method.to_owned(), rest.split(' ').next()?.to_owned())));
    let routes: Vec<Option<(String, String)>> = places.iter().map(|p| route(p)).collect();
    let no_vars = BTreeMap::new();
    for sample in samples {
        let by_route = || {
            let wanted = route(&sample.operation)?;
            let mut found = routes.iter().enumerate().filter(|(_, r)| r.as_ref() == Some(&wanted)).map(|(i, _)| i);
            let first = found.next()?;
            found.next().is_none().then_some(first)
        };
        let index = places.iter().position(|p| *p == sample.operation).or_else(by_route).or_else(|| api.operations.iter().position(|op| op.name == sample.dir));
        let Some(index) = index else {
            diagnostics.warn(&sample.path(), &format!("a captured sample of `{}`, which the collection no longer has; it is not used", sample.operation.escape_debug()));
            continue;
        };
        let (shape, clean_json) = match crate::json::shape::Shape::from_almost_json(&sample.body, &no_vars) {
            Ok(read) => read,
            Err(error) => {
                diagnostics.warn(&sample.path(), &format!("the captured sample is not JSON ({error}); it is not used"));
                continue;
            }
        };
        let example = Example {
            name: format!("captured response {}", sample.path()),
            content_type: sample.content_type.clone(),
            body: sample.body.clone(),
            json: true,
            clean_json,
            realised: None,
            shape: Some(shape),
            headers: sample.content_type.iter().map(|c| ("Content-Type".to_owned(), c.clone())).collect(),
            request: None,
            captured: Some(sample.path()),
        };
        let responses = &mut api.operations[index].responses;
        match responses.iter_mut().find(|r| r.status == Some(sample.status)) {
            Some(response) => response.examples.push(example),
            None => {
                let at = responses.iter().position(|r| r.status.is_none_or(|s| s > sample.status)).unwrap_or(responses.len());
                responses.insert(
                    at,
                    Response { status: Some(sample.status), reason: None, summary: Vec::new(), error_codes: Vec::new(), examples: vec![example], body_type: None },
                );
            }
        }
    }
}

/// Whether the JSON examples of `operation`'s response of `status` (`None`: its success statuses)
/// are all captured (`Some(true)`), some of them (`Some(false)`), or none (`None`): what a type's doc
/// says it was inferred from.
pub fn captured(api: &Api, operation: &str, status: Option<&str>) -> Option<bool> {
    let op = api.operations.iter().find(|op| op.name == operation)?;
    let examples: Vec<&Example> = op
        .responses
        .iter()
        .filter(|r| match status {
            // A success body's type is inferred from the success statuses.
            None => r.status.is_none_or(|c| (200..300).contains(&c)),
            Some(s) => r.status.map(|c| c.to_string()).as_deref() == Some(s),
        })
        .flat_map(|r| &r.examples)
        .filter(|e| e.json)
        .collect();
    let captured = examples.iter().filter(|e| e.captured.is_some()).count();
    match captured {
        0 => None,
        n => Some(n == examples.len()),
    }
}

/// A type written out with the names (unless `names` is false) and field types of every named type
/// it holds (`User { id: Always I64, address: Always Address { city: Always String } }`): what two
/// generations must agree on for the types to be the same, whatever their docs say. With names, each
/// named type is spelled out once; without, wherever it is met (a type inside itself as `…`).
pub fn type_outline(api: &Api, ty: &crate::ir::TypeRef, names: bool) -> String {
    struct Outline<'a> {
        api: &'a Api,
        names: bool,
        /// With names: every type spelled out; without: the types on the path from the top.
        seen: BTreeSet<usize>,
        out: String,
    }
    impl Outline<'_> {
        fn walk(&mut self, ty: &crate::ir::TypeRef) {
            use crate::ir::{TypeBody, TypeRef};
            let wrapped = match ty {
                TypeRef::Vec(inner) => Some(("Vec", inner)),
                TypeRef::Map(inner) => Some(("Map", inner)),
                TypeRef::Boxed(inner) => Some(("Box", inner)),
                TypeRef::Nullable(inner) => Some(("Option", inner)),
                _ => None,
            };
            if let Some((name, inner)) = wrapped {
                self.out.push_str(name);
                self.out.push('<');
                self.walk(inner);
                self.out.push('>');
                return;
            }
            let TypeRef::Named(index) = ty else {
                self.out.push_str(&format!("{ty:?}"));
                return;
            };
            let api = self.api;
            let Some(def) = api.types.get(*index) else { return self.out.push('?') };
            if self.names {
                self.out.push_str(&def.name);
            }
            if !self.seen.insert(*index) {
                if !self.names {
                    self.out.push('…');
                }
                return;
            }
            self.out.push_str(" { ");
            for field in &def.fields {
                self.out.push_str(&format!("{}: {:?} ", field.wire_name, field.presence));
                self.walk(&field.ty);
                self.out.push_str(", ");
            }
            let variants: Vec<(&str, &TypeRef)> = match &def.body {
                TypeBody::Untagged(variants) => variants.iter().map(|v| (v.name.as_str(), &v.ty)).collect(),
                TypeBody::Tagged { variants, .. } => variants.iter().map(|v| (v.tag_value.as_str(), &v.ty)).collect(),
                TypeBody::Struct | TypeBody::StringEnum(_) => Vec::new(),
            };
            for (name, ty) in variants {
                self.out.push_str(&format!("{name}("));
                self.walk(ty);
                self.out.push_str("), ");
            }
            self.out.push('}');
            if !self.names {
                self.seen.remove(index);
            }
        }
    }
    let mut outline = Outline { api, names, seen: BTreeSet::new(), out: String::new() };
    outline.walk(ty);
    outline.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("pcg-samples-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn stores_distinct_shapes_bounded_per_status_and_reads_them_back() {
        let dir = temp("store");
        let place = "GET /users/{id} Users/Get a user";
        let store = |status: u16, body: &str| store(&dir, "get_user", place, status, Some("application/json"), body.as_bytes(), &[], &[]).expect("stores");
        assert_eq!(store(200, r#"{"id": 1, "name": "a"}"#), Stored::New("get_user/200-1.json".to_owned()));
        assert_eq!(store(200, r#"{"id": 2, "name": "b"}"#), Stored::SameShape, "same shape, other values");
        assert_eq!(store(200, r#"{"id": 2, "name": null}"#), Stored::New("get_user/200-2.json".to_owned()));
        assert_eq!(store(404, r#"{"message": "no"}"#), Stored::New("get_user/404-1.json".to_owned()));
        assert_eq!(store(200, "<html>"), Stored::NotJson);
        assert_eq!(store(200, ""), Stored::NotJson);
        assert_eq!(store(201, "{\"a\": 1, // almost JSON\n}"), Stored::New("get_user/201-1.json".to_owned()));
        for n in 3..=MAX_PER_STATUS {
            assert!(matches!(store(200, &format!(r#"{{"f{n}": 1}}"#)), Stored::New(_)));
        }
        assert_eq!(store(200, r#"{"other": true}"#), Stored::Full);
        let samples = read_dir(&dir).expect("reads");
        assert_eq!(samples.len(), MAX_PER_STATUS + 2);
        assert!(samples.iter().any(|s| s.status == 201 && s.body == "{\n  \"a\": 1\n}\n"), "stored strict");
        assert!(samples.iter().all(|s| s.operation == place && s.dir == "get_user"));
        assert_eq!((samples[0].status, samples[0].file.as_str()), (200, "200-1.json"));
        assert_eq!(samples.iter().filter(|s| s.status == 404).count(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn credentials_and_named_fields_never_reach_the_file() {
        let dir = temp("redact");
        let body = r#"{"user": {"email": "a@b.c", "age": 40, "echo": "Bearer tok-3141592"}, "access_token": "eyJabc"}"#;
        let stored = store(&dir, "me", "GET /me Me", 200, None, body.as_bytes(), &["email".to_owned(), "age".to_owned()], &["tok-3141592".to_owned()]).expect("stores");
        assert_eq!(stored, Stored::New("me/200-1.json".to_owned()));
        let text = std::fs::read_to_string(dir.join("me/200-1.json")).expect("file");
        let value: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(value["user"]["email"], "redacted");
        assert_eq!(value["user"]["age"], 0, "a number stays a number");
        assert_eq!(value["user"]["echo"], "redacted");
        assert_eq!(value["access_token"], "redacted");
        assert!(!text.contains("tok-3141592") && !text.contains("eyJabc") && !text.contains("a@b.c"), "{text}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_sidecars_say_where() {
        let dir = temp("bad");
        std::fs::create_dir_all(dir.join("op")).expect("dir");
        std::fs::write(dir.join("op").join(SIDECAR), r#"{"operation": "GET /x X", "samples": [{"file": "../../etc/passwd", "status": 200}]}"#).expect("write");
        let error = read_dir(&dir).expect_err("not a sample file").to_string();
        assert!(error.contains("operation.json") && error.contains("not a sample file name"), "{error}");
        std::fs::write(dir.join("op").join(SIDECAR), "[]").expect("write");
        assert!(read_dir(&dir).expect_err("not a sidecar").to_string().contains("not a samples sidecar"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn signatures_ignore_values_and_order() {
        let a: Value = serde_json::from_str(r#"{"a": [1, 2], "b": {"c": "x"}}"#).expect("json");
        let b: Value = serde_json::from_str(r#"{"b": {"c": "y"}, "a": [3]}"#).expect("json");
        let c: Value = serde_json::from_str(r#"{"b": {"c": 1}, "a": [3]}"#).expect("json");
        assert_eq!(shape_signature(&a), shape_signature(&b));
        assert_ne!(shape_signature(&a), shape_signature(&c));
    }

    #[test]
    fn samples_follow_their_request_and_type_it() {
        let collection = r#"{"info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Users", "item": [{"name": "Get a user", "request": {"method": "GET", "url": "https://x.example.com/users/:id"},
                "response": [{"name": "Missing", "code": 404, "body": "{\"message\": \"no\"}"}]}]}]}"#;
        let sample = |operation: &str, dir: &str| Sample { dir: dir.to_owned(), file: "200-1.json".to_owned(), operation: operation.to_owned(), status: 200, content_type: None, body: r#"{"id": 7, "name": "Ada"}"#.to_owned() };
        // The item moved from the folder `Old` to `Users`: matched by method and path.
        let samples = vec![sample("GET /users/{id} Old/Get a user", "anything"), sample("GET /gone Gone", "gone")];
        let config = crate::Settings { samples, ..crate::Settings::default() };
        let mut diagnostics = Diagnostics::default();
        let api = crate::tooling::api_from_bytes_with(Path::new("t.json"), collection.as_bytes(), &config, &mut diagnostics).expect("loads");
        let op = &api.operations[0];
        assert_eq!(op.responses.iter().map(|r| r.status).collect::<Vec<_>>(), [Some(200), Some(404)], "in status order");
        assert!(op.success_type.is_some(), "typed from the sample");
        assert_eq!(captured(&api, &op.name, None), Some(true), "the success type comes from a captured response only");
        assert_eq!(captured(&api, &op.name, Some("404")), None);
        let warnings: Vec<String> = diagnostics.warnings().iter().map(ToString::to_string).collect();
        assert!(warnings.iter().any(|w| w.contains("gone/200-1.json") && w.contains("no longer has")), "{warnings:?}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }
}
