//! What a generation is told beside the collection: the [`Options`] of a call, the per-collection
//! [`Settings`] from `<name>.codegen.toml` next to `<name>.postman_collection.json`, and the names
//! an earlier generation gave ([`names_file`]).
//!
//! ```toml
//! # The prefix of the environment variables the example program reads (`ZOOM_ACCESS_TOKEN`, …).
//! env_prefix = "ZOOM"
//!
//! # The operation `examples/<operation>.rs` demonstrates, and default values for its arguments.
//! [example]
//! operation = "get_user"
//! args = { user_id = "me" }
//!
//! # Names: a type or an operation (by its generated name) gets another one.
//! [rename]
//! types = { CustomAttribute = "Attribute" }
//! operations = { get_user = "fetch_user" }
//!
//! # Types at a place: `at` is an operation name followed by a JSON pointer into its success body
//! # (`-` is any array element, `*` any map value); `get_user#404/…` points into the 404 body and
//! # `create_user#request/…` into the request body.
//! [[override]]
//! at = "get_user/custom_attributes"
//! type = "map"                      # map, value (serde_json::Value), string, integer, number, boolean,
//!                                   # enum, datetime or date
//!
//! [[override]]
//! at = "get_user/created_at"
//! type = "datetime"                 # an RFC 3339 date-time (chrono), re-encoded exactly as it was read
//!
//! [[override]]
//! at = "get_user/status"
//! type = "enum"                     # a Rust enum of these values, and `Other(String)` for the rest
//! values = ["active", "inactive"]
//!
//! [[override]]
//! at = "get_user"
//! required = ["id"]                 # plain fields, even if some examples lack them
//! optional = ["email"]              # `Option` fields, even if every example has them
//!
//!
//! # Environment files to resolve the collection with (when the command line names none): the
//! # first resolves `{{variables}}`, each gives a named base URL. Secrets are never written.
//! environments = ["zoom.production.postman_environment.json", "zoom.staging.postman_environment.json"]
//! globals = "workspace.postman_globals.json"
//!
//! # Where the collection lives in Postman: `cargo xtask generate --pull` fetches it first
//! # (with the API key in `POSTMAN_API_KEY`), and the environments beside it.
//! [postman]
//! collection = "12345678-4b7a9c36-0b0e-4d8e-9c1e-2f0a3c1d5e77"
//! environments = { production = "12345678-9d4c…" }
//!
//! # Where the generated crate gets its runtime: copied into it (`from = "vendored"`, the default)
//! # or as a dependency on the postman-codegen-runtime crate, by path (relative to the generated
//! # crate) or version.
//! [runtime]
//! from = "crate"
//! path = "../runtime"
//! ```
//!
//! An override or a rename that matches nothing is reported as a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{line_column, Error, Location, Result};

pub mod names_file;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate, e.g. `zoom-client`.
    pub crate_name: String,
    /// Per-collection settings (from `<collection>.codegen.toml`: [`generate_file`](crate::generate_file) reads it).
    pub settings: Settings,
}

impl Options {
    /// Options with the given crate name and default settings.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options { crate_name: crate_name.into(), settings: Settings::default() }
    }
}

/// Settings for one collection.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Prefix of the environment variables read by the example program (default: from the crate name).
    pub env_prefix: Option<String>,
    /// The example program.
    pub example: Option<ExampleConfig>,
    /// New names for types and operations.
    #[serde(default)]
    pub rename: RenameConfig,
    /// Types forced at JSON pointers, and fields marked required or optional.
    #[serde(default, rename = "override")]
    pub overrides: Vec<Override>,
    /// Types or places that are one entity, which inference kept apart (`[[merge]]`).
    #[serde(default)]
    pub merge: Vec<EntityRule>,
    /// Types or places that inference must never merge (`[[keep_apart]]`).
    #[serde(default)]
    pub keep_apart: Vec<EntityRule>,
    /// How operations page where the collection cannot say (`[[paging]]`).
    #[serde(default)]
    pub paging: Vec<PagingConfig>,
    /// Where the collection lives in Postman, for `cargo xtask generate --pull`.
    pub postman: Option<PostmanConfig>,
    /// Environment files (paths relative to the settings file) to resolve the collection with when
    /// the command line names none: the first resolves it, each gives a named base URL.
    #[serde(default)]
    pub environments: Vec<PathBuf>,
    /// A globals file (relative to the settings file).
    pub globals: Option<PathBuf>,
    /// Where the generated crate gets its runtime (`[runtime]`).
    #[serde(default)]
    pub runtime: RuntimeConfig,
    /// The globals, environments and `--var` values to resolve with (see [`crate::tooling::environment`]).
    /// Not part of the settings file: read from the files it names, or given by the caller.
    #[serde(skip)]
    pub variables: crate::environment::Variables,
    /// The names an earlier generation gave the operations and types (its [`crate::tooling::settings::names_file`] file), by
    /// place: each keeps its name while it is free. Not part of the settings file.
    #[serde(skip)]
    pub previous: crate::settings::names_file::Names,
    /// Captured responses ([`crate::tooling::samples`]), read as examples of their operation and status.
    /// Not part of the settings file: read from `<collection>.samples/` or the directory given.
    #[serde(skip)]
    pub samples: Vec<crate::samples::Sample>,
}

/// How one operation pages (`[[paging]]`): one of `cursor` (with `next`), `page` or `offset`,
/// naming its query parameter, and optionally the page size parameter and the list field.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PagingConfig {
    /// The operation, by its generated name (`list_users`).
    pub operation: String,
    /// The query parameter that takes the cursor (`next_page_token`).
    pub cursor: Option<String>,
    /// The response field with the next page's cursor, dotted for a nested one
    /// (`response_metadata.next_cursor`).
    pub next: Option<String>,
    /// The query parameter that takes the page number.
    pub page: Option<String>,
    /// The query parameter that takes the item offset.
    pub offset: Option<String>,
    /// The query parameter that takes the page size (or limit).
    pub size: Option<String>,
    /// The response field that holds the list (the body itself when it is an array and this is
    /// not set).
    pub items: Option<String>,
}

/// Where a generated crate gets its runtime (`[runtime]`, `from = "vendored"` or `"crate"`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(tag = "from", rename_all = "lowercase", deny_unknown_fields)]
pub enum RuntimeConfig {
    /// Its files copied into `src/runtime/` and beside it (the default): the crate stands alone.
    #[default]
    Vendored,
    /// A dependency on the `postman-codegen-runtime` crate, so that clients in one program share
    /// its `Error`, `RetryPolicy` and `Hook` types, and the runtime compiles once.
    Crate {
        /// The runtime crate's directory, relative to the generated crate's (`../runtime`).
        path: Option<String>,
        /// The runtime crate's version requirement (`0.1`).
        version: Option<String>,
    },
}

/// The collection's place in the Postman API.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PostmanConfig {
    /// The collection's id or uid (`12345678-0b0e-4d8e-…`, from the collection's Info tab).
    pub collection: String,
    /// Environments to pull beside it, by name: `production = "<uid>"` is written to
    /// `<name>.production.postman_environment.json`.
    #[serde(default)]
    pub environments: BTreeMap<String, String>,
}

/// New names, by generated name.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RenameConfig {
    /// Type name → new type name (`PascalCase`).
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Operation name → new operation name (`snake_case`).
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
}

/// What to do at one place of a body.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The operation name, then a JSON pointer (`get_user/custom_attributes`, `get_user#404/error`,
    /// `create_user#request/name`, or just `get_user` for the body itself).
    pub at: String,
    /// The type to use there instead of the inferred one.
    #[serde(rename = "type")]
    pub ty: Option<ForcedType>,
    /// The values of an `enum`.
    #[serde(default)]
    pub values: Vec<String>,
    /// Fields of the object there that are plain values (decoded as their default when missing).
    #[serde(default)]
    pub required: Vec<String>,
    /// Fields of the object there that are `Option`s.
    #[serde(default)]
    pub optional: Vec<String>,
}

/// A `[[merge]]` or `[[keep_apart]]` rule: the types (by the names the generated crate gives them
/// without the rule) and places (as [`Override::at`] writes them) it is about.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EntityRule {
    /// Type names.
    #[serde(default)]
    pub types: Vec<String>,
    /// Places: an operation name, then `#status` or `#request` for a body other than the success
    /// one, then a JSON pointer.
    #[serde(default)]
    pub at: Vec<String>,
}

/// A type forced by an [`Override`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ForcedType {
    /// A map from string keys to the merged type of the object's values.
    Map,
    /// `serde_json::Value`.
    Value,
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// An enum of [`Override::values`], with `Other(String)` for any other string.
    Enum,
    /// An RFC 3339 date-time (`2024-05-01T12:30:00Z`): the generated crate's `DateTime`, a chrono
    /// `DateTime<FixedOffset>` that encodes back the exact text it was decoded from.
    Datetime,
    /// A `YYYY-MM-DD` date: the generated crate's `Date`, a chrono `NaiveDate` that encodes back the
    /// exact text it was decoded from.
    Date,
}

impl Override {
    /// The operation name and the pointer (`""`, `/a/-`, `#404/a`, `#request/a`).
    pub fn split_at(&self) -> (&str, &str) {
        let i = self.at.find(['/', '#']).unwrap_or(self.at.len());
        (&self.at[..i], &self.at[i..])
    }
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

impl Settings {
    /// The variables of the environment and globals files these settings name, relative to
    /// `settings_file`'s directory.
    pub fn settings_variables(&self, settings_file: &Path) -> Result<crate::environment::Variables> {
        let dir = settings_file.parent().unwrap_or(Path::new(""));
        let mut variables = crate::environment::Variables::default();
        if let Some(globals) = &self.globals {
            variables.globals = Some(crate::environment::read(&dir.join(globals))?);
        }
        for file in &self.environments {
            variables.environments.push(crate::environment::read(&dir.join(file))?);
        }
        Ok(variables)
    }

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
    pub fn load_beside(collection: &Path) -> Result<Option<Settings>> {
        let path = Self::path_beside(collection);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path, &text).map(Some),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Read { file: path, source }),
        }
    }

    /// Parses settings text.
    pub fn parse(path: &Path, text: &str) -> Result<Settings> {
        let config: Settings = Self::parse_toml(path, text)?;
        if let RuntimeConfig::Crate { path: None, version: None } = config.runtime {
            let line = text.lines().position(|l| l.trim_start().starts_with("[runtime]")).map(|i| i + 1);
            return Err(Error::Input {
                location: Location { file: path.to_owned(), line, column: line.map(|_| 1), path: None },
                message: "`from = \"crate\"` needs the runtime crate's `path` (relative to the generated crate) or `version`".to_owned(),
            });
        }
        Ok(config)
    }

    fn parse_toml(path: &Path, text: &str) -> Result<Settings> {
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

/// The `[[paging]]` rules of the settings, checked against `api` (operations named, types
/// inferred): a rule whose operation, parameter or field does not exist, or that names no way
/// to page, is a warning and is left out.
pub fn paging_rules(api: &crate::ir::Api, rules: &[PagingConfig], diagnostics: &mut crate::Diagnostics) -> Vec<crate::ir::PagingRule> {
    use crate::ir::{ParamLocation, PagingKind, PagingRule, TypeRef};
    let mut out = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        let place = format!("[[paging]] #{} (operation `{}`)", index + 1, rule.operation);
        let Some(op) = api.operations.iter().find(|op| op.name == rule.operation) else {
            diagnostics.warn(&place, "no operation has that name; the rule is ignored");
            continue;
        };
        let query = |name: &Option<String>| -> std::result::Result<Option<String>, String> {
            match name {
                None => Ok(None),
                Some(name) if op.params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == *name) => Ok(Some(name.clone())),
                Some(name) => Err(format!("the operation has no query parameter `{name}`; the rule is ignored")),
            }
        };
        // The wire names down a dotted path, each a field of the type before it.
        let path = |dotted: &str, from: Option<&TypeRef>| -> std::result::Result<Vec<String>, String> {
            let mut ty = from.cloned();
            let mut names = Vec::new();
            for key in dotted.split('.').filter(|k| !k.is_empty()) {
                let field = match ty.as_ref() {
                    Some(TypeRef::Named(i)) => api.types.get(*i).and_then(|t| t.fields.iter().find(|f| f.wire_name == key)),
                    _ => None,
                };
                let Some(field) = field else { return Err(format!("the response has no field `{dotted}`; the rule is ignored")) };
                names.push(key.to_owned());
                ty = Some(field.ty.clone());
            }
            Ok(names)
        };
        let body = op.success_type.as_ref();
        let checked = (|| -> std::result::Result<PagingRule, String> {
            let kind = match (query(&rule.cursor)?, query(&rule.page)?, query(&rule.offset)?) {
                (Some(param), None, None) => {
                    let next = rule.next.as_deref().ok_or("a `cursor` needs `next`, the response field of the next cursor; the rule is ignored")?;
                    PagingKind::Cursor { param, next: path(next, body)? }
                }
                (None, Some(param), None) => PagingKind::Page(param),
                (None, None, Some(param)) => PagingKind::Offset(param),
                _ => return Err("give exactly one of `cursor`, `page` and `offset`; the rule is ignored".to_owned()),
            };
            let items = match &rule.items {
                Some(items) if items.contains('.') => return Err(format!("`items` must be a field of the body itself, not `{items}`; the rule is ignored")),
                Some(items) => path(items, body)?,
                None => Vec::new(),
            };
            Ok(PagingRule { operation: op.name.clone(), kind, size: query(&rule.size)?, items })
        })();
        match checked {
            Ok(rule) => out.push(rule),
            Err(message) => diagnostics.warn(&place, &message),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_where_the_runtime_comes_from() {
        let path = Path::new("c.codegen.toml");
        assert_eq!(Settings::parse(path, "").expect("empty").runtime, RuntimeConfig::Vendored);
        assert_eq!(Settings::parse(path, "[runtime]\nfrom = \"vendored\"\n").expect("vendored").runtime, RuntimeConfig::Vendored);
        let by_path = Settings::parse(path, "[runtime]\nfrom = \"crate\"\npath = \"../runtime\"\n").expect("by path");
        assert_eq!(by_path.runtime, RuntimeConfig::Crate { path: Some("../runtime".into()), version: None });
        let by_version = Settings::parse(path, "[runtime]\nfrom = \"crate\"\nversion = \"0.1\"\n").expect("by version");
        assert_eq!(by_version.runtime, RuntimeConfig::Crate { path: None, version: Some("0.1".into()) });
        let error = Settings::parse(path, "env_prefix = \"X\"\n\n[runtime]\nfrom = \"crate\"\n").expect_err("nowhere to find it").to_string();
        assert!(error.contains("c.codegen.toml:3:1") && error.contains("`path`"), "{error}");
        for bad in ["[runtime]\nfrom = \"elsewhere\"\n", "[runtime]\nfrom = \"crate\"\npath = \"r\"\ngit = \"x\"\n"] {
            assert!(Settings::parse(path, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_settings_and_locates_errors() {
        let config = Settings::parse(Path::new("z.toml"), "env_prefix = \"ZOOM\"\n[example]\noperation = \"get_user\"\nargs = { user_id = \"me\" }\n")
            .expect("valid");
        assert_eq!(config.env_prefix.as_deref(), Some("ZOOM"));
        assert_eq!(config.example.map(|e| e.args["user_id"].clone()).as_deref(), Some("me"));
        let error = Settings::parse(Path::new("z.toml"), "env_prefix = \"Z\"\nbogus = 1\n").expect_err("unknown key");
        assert!(error.to_string().starts_with("z.toml:2:1: unknown field `bogus`"), "{error}");
        assert_eq!(Settings::path_beside(Path::new("c/zoom.postman_collection.json")), Path::new("c/zoom.codegen.toml"));
    }

    #[test]
    fn reads_renames_and_overrides() {
        let text = "[rename]\ntypes = { User = \"Account\" }\noperations = { get_user = \"fetch_user\" }\n\n[[override]]\nat = \"get_user#404/a/-\"\ntype = \"enum\"\nvalues = [\"x\"]\n\n[[override]]\nat = \"get_user\"\nrequired = [\"id\"]\n";
        let config = Settings::parse(Path::new("z.toml"), text).expect("valid");
        assert_eq!(config.rename.types["User"], "Account");
        assert_eq!(config.rename.operations["get_user"], "fetch_user");
        assert_eq!(config.overrides[0].ty, Some(ForcedType::Enum));
        assert_eq!(config.overrides[0].split_at(), ("get_user", "#404/a/-"));
        assert_eq!(config.overrides[1].split_at(), ("get_user", ""));
        let dates = Settings::parse(Path::new("z.toml"), "[[override]]\nat = \"x/a\"\ntype = \"datetime\"\n[[override]]\nat = \"x/b\"\ntype = \"date\"\n").expect("valid");
        assert_eq!(dates.overrides.iter().map(|o| o.ty).collect::<Vec<_>>(), [Some(ForcedType::Datetime), Some(ForcedType::Date)]);
        let scalars = Settings::parse(Path::new("z.toml"), "[[override]]\nat = \"x/a\"\ntype = \"integer\"\n[[override]]\nat = \"x/b\"\ntype = \"number\"\n[[override]]\nat = \"x/c\"\ntype = \"boolean\"\n").expect("valid");
        assert_eq!(scalars.overrides.iter().map(|o| o.ty).collect::<Vec<_>>(), [Some(ForcedType::Integer), Some(ForcedType::Number), Some(ForcedType::Boolean)]);
        let error = Settings::parse(Path::new("z.toml"), "[[override]]\nat = \"x\"\ntype = \"time\"\n").expect_err("unknown type");
        assert!(error.to_string().contains("unknown variant `time`"), "{error}");
    }
}
