//! The names file of a generated crate (`postman-codegen.lock`): the name inference gave each type,
//! by the place it was inferred from. Regenerating into the same directory reads it back, and each
//! type keeps its name where that name is still free, so adding requests to a collection does not
//! rename the types that were there (a new request's `owner` at a shallower place would otherwise
//! take `Owner` from an older, deeper one). Without the file, names come from the collection alone.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{line_column, Error, Location, Result};

/// The file's name, at the root of the generated crate.
pub const FILE: &str = "postman-codegen.lock";

/// What the file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// What the file is, for a reader who finds it in the crate.
    #[serde(rename = "//", default)]
    pub note: String,
    /// Operation name (before `[rename] operations`) by place: method, path, folders and item name,
    /// e.g. `GET /users/{userId} Users/Get a user`.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// Type name (before `[rename] types`) by place: the operation and the JSON pointer of the body,
    /// e.g. `get_user#200/custom_attributes/-`.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
}


/// The note written at the top of the file.
const NOTE: &str = "Written by postman-codegen: the name it gave each operation and type, by where it is in the collection. Regenerating into this directory keeps these names where they are free, so adding requests renames nothing. Delete this file to name everything afresh.";

/// The text of the file for these operation and type names.
pub fn render(operations: &BTreeMap<String, String>, types: &BTreeMap<String, String>) -> String {
    let names = Names { note: NOTE.to_owned(), operations: operations.clone(), types: types.clone() };
    let pretty = serde_json::to_string_pretty(&names).unwrap_or_default();
    // Places quote the collection's names: the file is kept ASCII (`\u` escapes, which only strings
    // can hold in JSON), so no bidirectional or invisible character sits in a committed file.
    let mut text = String::with_capacity(pretty.len() + 1);
    for c in pretty.chars() {
        if c.is_ascii() {
            text.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                text.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    text.push('\n');
    text
}

/// The names file in `out_dir`: empty when there is none. A file that is not one is an error that
/// says where.
pub fn read(out_dir: &Path) -> Result<Names> {
    let path = out_dir.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Names::default()),
        Err(source) => return Err(Error::Read { file: path, source }),
    };
    serde_json::from_str(&text).map_err(|error| {
        let (line, column) = (error.line(), error.column());
        let (line, column) = if line == 0 { line_column(text.as_bytes(), text.len()) } else { (line, column) };
        Error::Input { location: Location { file: path.clone(), line: Some(line), column: Some(column), path: None }, message: format!("not a postman-codegen names file: {error}") }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_files_are_read_back_and_bad_ones_say_where() {
        let dir = std::env::temp_dir().join(format!("pcg-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        assert_eq!(read(&dir).expect("no file is no names"), Names::default());
        let types: BTreeMap<String, String> = [("get_user#200".to_owned(), "User".to_owned()), ("get_user#200/owner".to_owned(), "Owner".to_owned())].into();
        let operations: BTreeMap<String, String> = [("GET /users/{id} Get a user".to_owned(), "get_user".to_owned()), ("GET /x \u{202e}获取 😀".to_owned(), "huo_qu".to_owned())].into();
        std::fs::write(dir.join(FILE), render(&operations, &types)).expect("write");
        assert!(render(&operations, &types).is_ascii(), "escaped: {}", render(&operations, &types));
        let names = read(&dir).expect("reads");
        assert_eq!((names.operations, names.types), (operations, types));
        std::fs::write(dir.join(FILE), "{\n  \"types\": {\"a\": 1}\n}").expect("write");
        let error = read(&dir).expect_err("a number is no name").to_string();
        assert!(error.contains("postman-codegen.lock:2:") && error.contains("not a postman-codegen names file"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
