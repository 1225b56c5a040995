//! `postman-codegen`: typed Rust API clients from Postman collections.
//!
//! The pipeline, one module per stage:
//! [`parse`] (lenient serde model) → [`resolve`] (variables, inherited auth, URLs) → [`lower`] (the
//! [`ir`]: operations, parameters, examples) → [`infer`] (types from the example bodies) → [`emit`]
//! (`quote` tokens, formatted by `prettyplease`) → [`write`](mod@write) (atomic, checkable output).
//! The command line, the mock server and the network commands are crates of their own
//! (`postman-codegen-cli`, `postman-codegen-mock`, `postman-codegen-net`), so this library depends
//! on no server, async runtime or HTTP client, and a `build.rs` can call it cheaply.
//!
//! ```no_run
//! let options = postman_codegen::Options::new("zoom-client");
//! let generated = postman_codegen::generate_file("collections/zoom.postman_collection.json".as_ref(), &options)?;
//! postman_codegen::write::write_crate(std::path::Path::new("generated-client"), &generated.files, postman_codegen::write::Mode::Write)?;
//! # Ok::<(), postman_codegen::Error>(())
//! ```


pub mod capture;
pub mod change;
pub mod config;
pub mod diagnostics;
pub mod docs;
pub mod emit;
pub mod environment;
pub mod error;
pub mod folders;
pub mod infer;
pub mod invariants;
pub mod ir;
pub mod json;
pub mod lock;
pub mod lower;
pub mod names;
pub mod parse;
pub mod redact;
pub mod resolve;
pub mod samples;
pub mod single_source;
pub mod stats;
pub mod write;

use std::path::Path;

pub use config::Config;
pub use diagnostics::{Diagnostics, Warning};
pub use error::{Error, Location, Result};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate, e.g. `zoom-client`.
    pub crate_name: String,
    /// Per-collection settings (from `<collection>.codegen.toml`).
    pub config: Config,
}

impl Options {
    /// Options with the given crate name and default settings.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options { crate_name: crate_name.into(), config: Config::default() }
    }
}

/// A generated crate, in memory: relative paths (with `/`) and contents, sorted by path.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The files.
    pub files: Vec<(String, String)>,
    /// Warnings about the input.
    pub warnings: Vec<Warning>,
    /// How many operations the crate has.
    pub operations: usize,
    /// How many types were inferred.
    pub types: usize,
    /// The variables nothing resolved, where they are used and what they became
    /// ([`ir::Api::unresolved`]).
    pub unresolved: Vec<String>,
}

impl Generated {
    /// The crate as one Rust source, modules inlined, to `include!` at the root of a crate, as a
    /// `build.rs` that generates the client into `OUT_DIR` does ([`single_source::single_source`]):
    ///
    /// ```no_run
    /// // build.rs
    /// let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    /// let options = postman_codegen::Options::new(std::env::var("CARGO_PKG_NAME").expect("cargo sets it"));
    /// let generated = postman_codegen::generate_file("api.postman_collection.json".as_ref(), &options)?;
    /// std::fs::write(out.join("client.rs"), generated.single_source()?).expect("writes");
    /// // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/client.rs"));
    /// # Ok::<(), postman_codegen::Error>(())
    /// ```
    pub fn single_source(&self) -> Result<String> {
        single_source::single_source(&self.files)
    }
}

/// Reads a collection file into the IR, types inferred.
pub fn load_api(file: &Path, diagnostics: &mut Diagnostics) -> Result<ir::Api> {
    let bytes = std::fs::read(file).map_err(|source| Error::Read { file: file.to_owned(), source })?;
    api_from_bytes(file, &bytes, diagnostics)
}

/// Parses, resolves, lowers and infers a collection given as bytes (`file` names it in errors).
pub fn api_from_bytes(file: &Path, bytes: &[u8], diagnostics: &mut Diagnostics) -> Result<ir::Api> {
    api_from_bytes_with(file, bytes, &Config::default(), diagnostics)
}

/// [`api_from_bytes`] with the renames and type overrides of `config`.
pub fn api_from_bytes_with(file: &Path, bytes: &[u8], config: &Config, diagnostics: &mut Diagnostics) -> Result<ir::Api> {
    let collection = parse::parse_collection(file, bytes, diagnostics)?;
    let resolved = resolve::resolve_with(&collection, &config.variables, diagnostics);
    let mut api = lower::lower_with(&resolved, &config.previous.operations, diagnostics);
    samples::apply(&mut api, &config.samples, diagnostics);
    infer::infer_with(&mut api, config, diagnostics);
    api.paging = config::paging_rules(&api, &config.paging, diagnostics);
    Ok(api)
}

/// Generates a crate from collection bytes.
pub fn generate(file: &Path, bytes: &[u8], options: &Options) -> Result<Generated> {
    let mut diagnostics = Diagnostics::default();
    let api = api_from_bytes_with(file, bytes, &options.config, &mut diagnostics)?;
    let files = emit::emit_crate(&api, options, &mut diagnostics)?;
    Ok(Generated { files, warnings: diagnostics.warnings().to_vec(), operations: api.operations.len(), types: api.types.len(), unresolved: api.unresolved.clone() })
}

/// Generates a crate from a collection file, reading `<stem>.codegen.toml` next to it if present,
/// and the captured responses in `<stem>.samples/` ([`samples::dir_beside`]) when the options hold
/// none.
pub fn generate_file(file: &Path, options: &Options) -> Result<Generated> {
    let bytes = std::fs::read(file).map_err(|source| Error::Read { file: file.to_owned(), source })?;
    let mut options = options.clone();
    if options.config.samples.is_empty() && samples::dir_beside(file).is_dir() {
        options.config.samples = samples::read_dir(&samples::dir_beside(file))?;
    }
    if let Some(config) = Config::load_beside(file)? {
        let variables = std::mem::take(&mut options.config.variables);
        let samples = std::mem::take(&mut options.config.samples);
        options.config = Config { previous: std::mem::take(&mut options.config.previous), samples, ..config };
        // Environments given by the caller (the command line) replace those the settings name.
        options.config.variables = if variables.is_empty() { options.config.settings_variables(&Config::path_beside(file))? } else { variables };
    }
    generate(file, &bytes, &options)
}
