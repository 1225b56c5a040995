//! Per-collection settings, from `<name>.codegen.toml` next to `<name>.postman_collection.json`.
//!
//! ```toml
//! # The prefix of the environment variables the example program reads (`ZOOM_ACCESS_TOKEN`, …).
//! env_prefix = "ZOOM"
//!
//! # The operation `examples/<operation>.rs` demonstrates, and default values for its arguments.
//! [example]
//! operation = "get_user"
//! args = { user_id = "me" }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{line_column, Error, Location, Result};

/// Settings for one collection.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Prefix of the environment variables read by the example program (default: from the crate name).
    pub env_prefix: Option<String>,
    /// The example program.
    pub example: Option<ExampleConfig>,
}

/// The example program's operation and argument defaults.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExampleConfig {
    /// The operation's Rust name.
    pub operation: String,
    /// Default values of its required arguments, by Rust parameter name.
    #[serde(default)]
    pub args: BTreeMap<String, String>,
}

impl Config {
    /// The settings file that belongs to a collection file.
    pub fn path_beside(collection: &Path) -> PathBuf {
        let name = collection.file_name().and_then(|n| n.to_str()).unwrap_or("collection");
        let stem = name
            .strip_suffix(".postman_collection.json")
            .or_else(|| name.strip_suffix(".json"))
            .unwrap_or(name);
        collection.with_file_name(format!("{stem}.codegen.toml"))
    }

    /// Reads the settings next to `collection`, if there are any.
    pub fn load_beside(collection: &Path) -> Result<Option<Config>> {
        let path = Self::path_beside(collection);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path, &text).map(Some),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Read { file: path, source }),
        }
    }

    /// Parses settings text.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        toml::from_str(text).map_err(|error| {
            let (line, column) = error.span().map_or((None, None), |span| {
                let (l, c) = line_column(text.as_bytes(), span.start);
                (Some(l), Some(c))
            });
            Error::Input {
                location: Location { file: path.to_owned(), line, column, path: None },
                message: error.message().to_owned(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_locates_errors() {
        let config = Config::parse(Path::new("z.toml"), "env_prefix = \"ZOOM\"\n[example]\noperation = \"get_user\"\nargs = { user_id = \"me\" }\n")
            .expect("valid");
        assert_eq!(config.env_prefix.as_deref(), Some("ZOOM"));
        assert_eq!(config.example.map(|e| e.args["user_id"].clone()).as_deref(), Some("me"));
        let error = Config::parse(Path::new("z.toml"), "env_prefix = \"Z\"\nbogus = 1\n").expect_err("unknown key");
        assert!(error.to_string().starts_with("z.toml:2:1: unknown field `bogus`"), "{error}");
        assert_eq!(Config::path_beside(Path::new("c/zoom.postman_collection.json")), Path::new("c/zoom.codegen.toml"));
    }
}
