//! `postman-codegen`: typed Rust API clients from Postman collections.
//!
//! A collection goes in, the files of a client crate come out, in memory: [`generate_file`] (a
//! collection file, with its `<stem>.codegen.toml` settings beside it) or [`generate`] (collection
//! bytes) return a [`Generated`]. That, with [`Options`], [`Settings`], [`Error`], [`Location`],
//! [`Result`] and [`Warning`], is the public API; the pipeline's modules are private. The command
//! line, the mock server and the network commands are crates of their own
//! (`postman-codegen-cli`, `postman-codegen-mock`, `postman-codegen-net`), so this library depends
//! on no server, async runtime or HTTP client, and a `build.rs` can call it cheaply. They are built
//! from [`tooling`], which is not part of the stable API.
//!
//! ```no_run
//! let options = postman_codegen::Options::new("zoom-client");
//! let generated = postman_codegen::generate_file("collections/zoom.postman_collection.json".as_ref(), &options)?;
//! for (path, contents) in &generated.files {
//!     let path = std::path::Path::new("generated-client").join(path);
//!     std::fs::create_dir_all(path.parent().expect("a file in a directory")).expect("creates");
//!     std::fs::write(path, contents).expect("writes");
//! }
//! # Ok::<(), postman_codegen::Error>(())
//! ```
//!
//! The pipeline, one private module per stage: `parse` (lenient serde model) → `resolve`
//! (variables, inherited auth, URLs) → `lower` (the IR: operations, parameters, examples) → `infer`
//! (types from the example bodies) → `emit` (`quote` tokens, formatted by `prettyplease`).

#![deny(missing_docs)]

mod capture;
mod change;
mod diagnostics;
mod docs;
mod emit;
mod environment;
mod error;
mod infer;
mod invariants;
mod ir;
mod json;
mod lower;
mod names;
mod parse;
mod redact;
mod resolve;
mod samples;
mod settings;
mod single_source;
mod stats;
pub mod tooling;
mod write;

use std::path::Path;

pub use settings::{Options, Settings};
pub use diagnostics::Warning;
pub use error::{Error, Location, Result};

use diagnostics::Diagnostics;

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
    /// The variables nothing resolved, where they are used and what they became.
    pub unresolved: Vec<String>,
}

impl Generated {
    /// The crate as one Rust source, modules inlined, to `include!` at the root of a crate, as a
    /// `build.rs` that generates the client into `OUT_DIR` does:
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

/// Generates a crate from collection bytes (`file` names the collection in errors; nothing is read
/// from it), with the settings in `options` only.
pub fn generate(file: &Path, bytes: &[u8], options: &Options) -> Result<Generated> {
    let mut diagnostics = Diagnostics::default();
    let api = tooling::api_from_bytes_with(file, bytes, &options.settings, &mut diagnostics)?;
    let files = emit::emit_crate(&api, options, &mut diagnostics)?;
    Ok(Generated { files, warnings: diagnostics.warnings().to_vec(), operations: api.operations.len(), types: api.types.len(), unresolved: api.unresolved.clone() })
}

/// Generates a crate from a collection file, reading `<stem>.codegen.toml` next to it if present,
/// and the captured responses in the directory `<stem>.samples/` beside it when the options hold
/// none.
pub fn generate_file(file: &Path, options: &Options) -> Result<Generated> {
    let bytes = std::fs::read(file).map_err(|source| Error::Read { file: file.to_owned(), source })?;
    let mut options = options.clone();
    if options.settings.samples.is_empty() && samples::dir_beside(file).is_dir() {
        options.settings.samples = samples::read_dir(&samples::dir_beside(file))?;
    }
    if let Some(config) = Settings::load_beside(file)? {
        let variables = std::mem::take(&mut options.settings.variables);
        let samples = std::mem::take(&mut options.settings.samples);
        options.settings = Settings { previous: std::mem::take(&mut options.settings.previous), samples, ..config };
        // Environments given by the caller (the command line) replace those the settings name.
        options.settings.variables = if variables.is_empty() { options.settings.settings_variables(&Settings::path_beside(file))? } else { variables };
    }
    generate(file, &bytes, &options)
}
