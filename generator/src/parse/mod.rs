//! Stage 1: read a collection file into the lenient serde model.

pub mod duplicates;
pub mod lenient;
pub mod model;
pub mod v1;

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::error::{line_column, Error, Location, Result};
pub use model::Collection;

/// Parses the bytes of a collection file. Errors carry the file, line:column and JSON path; keys
/// that appear twice in one object are warnings in `diagnostics` (JSON keeps the last value).
pub fn parse_collection(file: &Path, bytes: &[u8], diagnostics: &mut Diagnostics) -> Result<Collection> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let (line, column) = line_column(bytes, error.valid_up_to());
        Error::Input {
            location: Location { file: file.to_owned(), line: Some(line), column: Some(column), path: None },
            message: "the file is not valid UTF-8".to_owned(),
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.trim_start().chars().next();
    if first != Some('{') {
        let what = match first {
            None => "the file is empty".to_owned(),
            Some('[') => "the top level is a JSON array".to_owned(),
            Some(_) => "the top level is not a JSON object".to_owned(),
        };
        let offset = text.len() - text.trim_start().len();
        let (line, column) = line_column(text.as_bytes(), offset);
        return Err(Error::Input {
            location: Location { file: file.to_owned(), line: Some(line), column: Some(column), path: None },
            message: format!("{what}; a Postman collection is an object with `info` and `item`"),
        });
    }
    let found = duplicates::find(text);
    let parsed = if found.total == 0 {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| (error.path().to_string(), error.into_inner()))
            .and_then(|c| deserializer.end().map(|()| c).map_err(|e| (String::new(), e)))
    } else {
        // Derived structs refuse a repeated field; JSON parsers keep the last value, and so do we
        // (with a warning each, below). Errors found this way have a JSON path but no line.
        serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| (String::new(), e))
            .and_then(|value| serde_path_to_error::deserialize(value).map_err(|error| (error.path().to_string(), error.into_inner())))
    };
    let collection: Collection = parsed
        .map_err(|(path, inner)| {
            let (line, column) = (inner.line(), inner.column());
            Error::Input {
                location: Location {
                    file: file.to_owned(),
                    line: (line > 0).then_some(line),
                    column: (line > 0).then_some(column),
                    path: Some(path),
                },
                message: describe_json_error(&inner),
            }
        })?;
    // The Postman API's wrapper: the collection is its one member.
    let (collection, prefix) = match collection {
        Collection { info: None, collection: Some(inner), .. } => (*inner, "collection."),
        collection => (collection, ""),
    };
    if collection.info.is_none() && (collection.requests.is_some() || collection.order.is_some()) {
        return from_v1(file, text, prefix, diagnostics);
    }
    let Some(info) = &collection.info else {
        return Err(Error::Input {
            location: Location { file: file.to_owned(), line: Some(1), column: Some(1), path: Some(format!("{prefix}info")) },
            message: "missing `info`: this is not a Postman collection (v2: `info` and `item`; v1: `requests` and `order`)".to_owned(),
        });
    };
    if let Some(schema) = info.schema.as_deref() {
        if schema.contains("/v1.") {
            return Err(Error::Input {
                location: Location::file(file),
                message: format!("`info.schema` says v1 ({schema}); only v2.0 and v2.1 collections are supported"),
            });
        }
    }
    for duplicate in &found.reported {
        let key: String = duplicate.key.escape_debug().collect();
        diagnostics.warn(&duplicate.path, &format!("the key \"{key}\" appears more than once in this object; only the last value is used"));
    }
    if found.total > found.reported.len() {
        diagnostics.warn("", &format!("{} more duplicate keys are not listed", found.total - found.reported.len()));
    }
    Ok(collection)
}

/// Reads a v1 collection (at `prefix` in the file: `collection.` inside the API's wrapper) by
/// converting it to v2.1 ([`v1::convert`]) and parsing the result. Errors in the converted
/// collection name the file and the JSON path in the conversion.
fn from_v1(file: &Path, text: &str, prefix: &str, diagnostics: &mut Diagnostics) -> Result<Collection> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| Error::Input { location: Location::file(file), message: describe_json_error(&error) })?;
    let v1 = if prefix.is_empty() { &value } else { value.get("collection").unwrap_or(&value) };
    let mut conversion = Diagnostics::default();
    let converted = v1::convert(v1, &mut conversion);
    for warning in conversion.warnings() {
        diagnostics.warn(&format!("{prefix}{}", warning.path), &warning.message);
    }
    let bytes = serde_json::to_vec(&converted).map_err(|error| Error::Input { location: Location::file(file), message: format!("cannot convert the v1 collection: {error}") })?;
    parse_collection(file, &bytes, diagnostics).map_err(|error| match error {
        Error::Input { location, message } => Error::Input { location: Location { line: None, column: None, ..location }, message: format!("{message} (in the v2.1 conversion of this v1 collection)") },
        other => other,
    })
}

/// The collection of a file as v2.1 JSON: a v1 collection converted, the Postman API's wrapper
/// removed, a v2.0 or v2.1 collection as it is. What `postman-codegen convert` writes.
pub fn to_v21(file: &Path, bytes: &[u8], diagnostics: &mut Diagnostics) -> Result<serde_json::Value> {
    // Reading it first gives every located error and warning a generation would give.
    parse_collection(file, bytes, diagnostics)?;
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| Error::Input { location: Location::file(file), message: describe_json_error(&error) })?;
    if value.get("info").is_none() {
        if let Some(inner) = value.get_mut("collection").map(serde_json::Value::take) {
            value = inner;
        }
    }
    if v1::is_v1(&value) {
        value = v1::convert(&value, &mut Diagnostics::default());
    }
    Ok(value)
}

fn describe_json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    // serde_json appends " at line L column C"; the location is already shown.
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    // serde quotes the offending value in full: a 100 MB string would make a 100 MB message.
    let text = crate::docs::shorten_message(&text);
    match error.classify() {
        serde_json::error::Category::Eof => format!("unexpected end of file ({text}); is the file truncated?"),
        serde_json::error::Category::Syntax => format!("invalid JSON: {text}"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match parse_collection(Path::new("c.json"), text.as_bytes(), &mut Diagnostics::default()) {
            Ok(_) => panic!("expected an error for {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn reports_location_and_path() {
        let message = err("{\"info\":{\"name\":\"x\"},\n\"item\":[{\"request\":{\"url\":{\"query\":5}}}]}");
        assert!(message.starts_with("c.json:2:"), "{message}");
        assert!(message.contains("item[0].request.url.query"), "{message}");
    }

    #[test]
    fn refuses_non_collections() {
        assert!(err("[1,2]").contains("JSON array"));
        assert!(err("42").contains("not a JSON object"));
        assert!(err("").contains("empty"));
        assert!(err("{\"info\":{\"name\":").contains("truncated"));
        assert!(err("{\"item\":[]}").contains("missing `info`"));
        assert!(err("{\"collection\":{\"item\":[]}}").contains(":1:1: at `collection.info`: missing `info`"));
        let bad_utf8 = parse_collection(Path::new("c.json"), b"{\"info\":\xff}", &mut Diagnostics::default()).map(|_| ()).expect_err("invalid UTF-8");
        assert!(bad_utf8.to_string().starts_with("c.json:1:9: the file is not valid UTF-8"), "{bad_utf8}");
    }

    #[test]
    fn the_postman_api_wrapper_and_v1_collections_are_read() {
        let plain = br#"{"info":{"name":"x"},"item":[{"name":"ping","request":"https://api.example.com/ping"}]}"#;
        let wrapped = br#"{"collection":{"info":{"name":"x"},"item":[{"name":"ping","request":"https://api.example.com/ping"}]}}"#;
        let read = |bytes: &[u8]| parse_collection(Path::new("c.json"), bytes, &mut Diagnostics::default()).expect("reads");
        let (plain, wrapped) = (read(plain), read(wrapped));
        assert_eq!(plain.info.and_then(|i| i.name), wrapped.info.and_then(|i| i.name));
        assert_eq!(wrapped.item.len(), 1);
        let error = err(r#"{"collection":{"info":{"name":"x"},"item":[{"request":{"url":{"query":5}}}]}}"#);
        assert!(error.contains("collection.item[0].request.url.query"), "{error}");
        let v1 = br#"{"name":"old","order":["a"],"requests":[{"id":"a","name":"A","url":"https://x/a"}]}"#;
        let converted = read(v1);
        assert_eq!(converted.info.and_then(|i| i.name).as_deref(), Some("old"));
        assert_eq!(converted.item[0].name.as_deref(), Some("A"));
        let v1_wrapped = br#"{"collection":{"name":"old","order":["a"],"requests":[{"id":"a","name":"A","url":"https://x/a","what":1}]}}"#;
        let mut diagnostics = Diagnostics::default();
        parse_collection(Path::new("c.json"), v1_wrapped, &mut diagnostics).expect("reads");
        assert_eq!(diagnostics.warnings()[0].path, "collection.requests[0].what");
    }

    #[test]
    fn duplicate_keys_are_warnings_with_paths() {
        let mut diagnostics = Diagnostics::default();
        let text = br#"{"info":{"name":"a","name":"b"},"item":[{"name":"x","request":{"method":"GET","method":"POST","url":"u"},"response":[{"body":"{\"a\":1,\"a\":2}"}]}]}"#;
        let collection = parse_collection(Path::new("c.json"), text, &mut diagnostics).expect("parses");
        assert_eq!(collection.info.and_then(|i| i.name).as_deref(), Some("b"));
        let warnings: Vec<String> = diagnostics.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "at `info.name`: the key \"name\" appears more than once in this object; only the last value is used",
                "at `item[0].request.method`: the key \"method\" appears more than once in this object; only the last value is used",
            ]
        );
    }

    #[test]
    fn folders_and_string_requests() {
        let c = parse_collection(
            Path::new("c.json"),
            br#"{"info":{"name":"x","version":{}},"item":[{"name":"f","item":[],"request":{"url":"x"}},{"name":"ping","request":"https://api.example.com/ping"}]}"#,
            &mut Diagnostics::default(),
        )
        .expect("parses");
        assert!(c.item[0].is_folder());
        assert!(matches!(c.item[1].request, Some(lenient::StringOr::Str(ref s)) if s == "https://api.example.com/ping"));
    }
}
