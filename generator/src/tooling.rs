//! The pieces the project's own command line, mock server, capture and gates are built from: the
//! IR, the pipeline's stages one by one, writing and checking an output directory, captures,
//! samples and the fuzzing invariants.
//!
//! Not covered by semver: anything here may change in any release. A program that only generates
//! clients needs the crate root alone ([`generate_file`](crate::generate_file),
//! [`generate`](crate::generate)).
//!
//! The modules below mirror the library's private modules and re-export what the workspace's other
//! crates (`postman-codegen-cli`, `postman-codegen-mock`, `postman-codegen-net`, `xtask`, the e2e
//! tests and the benchmarks) use; [`ir`], [`capture`], [`change`], [`stats`] and [`invariants`] are
//! re-exported whole (every public item of the private module).

use std::path::Path;

use crate::settings::Settings;
use crate::error::{Error, Result};

pub use crate::diagnostics::Diagnostics;

/// The intermediate representation: the seam between reading a collection and emitting Rust.
pub mod ir {
    pub use crate::ir::*;
}

/// `postman-codegen capture`, its pure half: which requests to send, and how each response is
/// stored as a sample (sending is in `postman-codegen-net`).
pub mod capture {
    pub use crate::capture::*;
}

/// The API change between two generations of a crate, for the summary `generate` prints.
pub mod change {
    pub use crate::change::*;
}

/// Measures of the inferred types that the corpus gate prints.
pub mod stats {
    pub use crate::stats::*;
}

/// The guarantees every run of the generator keeps, whatever its input, checked by the fuzzers.
pub mod invariants {
    pub use crate::invariants::*;
}

/// Reads a collection file into the IR, types inferred.
pub fn load_api(file: &Path, diagnostics: &mut Diagnostics) -> Result<ir::Api> {
    let bytes = std::fs::read(file).map_err(|source| Error::Read { file: file.to_owned(), source })?;
    api_from_bytes(file, &bytes, diagnostics)
}

/// Parses, resolves, lowers and infers a collection given as bytes (`file` names it in errors).
pub fn api_from_bytes(file: &Path, bytes: &[u8], diagnostics: &mut Diagnostics) -> Result<ir::Api> {
    api_from_bytes_with(file, bytes, &Settings::default(), diagnostics)
}

/// [`api_from_bytes`] with the renames and type overrides of `config`.
pub fn api_from_bytes_with(file: &Path, bytes: &[u8], config: &Settings, diagnostics: &mut Diagnostics) -> Result<ir::Api> {
    let collection = crate::parse::parse_collection(file, bytes, diagnostics)?;
    let resolved = crate::resolve::resolve_with(&collection, &config.variables, diagnostics);
    let mut api = crate::lower::lower_with(&resolved, &config.previous.operations, diagnostics);
    crate::samples::apply(&mut api, &config.samples, diagnostics);
    crate::lower::rename_operations(&mut api.operations, &config.rename.operations, diagnostics);
    crate::infer::infer_with(&mut api, config, diagnostics);
    api.paging = crate::settings::paging_rules(&api, &config.paging, diagnostics);
    Ok(api)
}

/// The types of the [`Settings`] fields (`<collection>.codegen.toml`), and the names file.
pub mod settings {
    pub use crate::settings::{EntityRule, ExampleConfig, ForcedType, Override, PagingConfig, PostmanConfig, RenameConfig, RuntimeConfig};

    /// The names file of the names an earlier generation gave (`postman-codegen.lock`).
    pub mod names_file {
        pub use crate::settings::names_file::{read, Names, FILE};
    }
}

/// Messages for a terminal.
pub mod docs {
    pub use crate::docs::shorten_message;
}

/// The stage that writes the crate's files from the IR.
pub mod emit {
    pub use crate::emit::{emit_crate, format_source, rust_sources, threads, validate_crate_name};

    /// The generated round-trip tests of the JSON examples.
    pub mod roundtrip {
        pub use crate::emit::roundtrip::{cases, variants_test, Case};
    }
}

/// Environments, globals and `--var` values.
pub mod environment {
    pub use crate::environment::{read, EnvValue, Environment, Variables};
}

/// The stage that infers types from the example bodies.
pub mod infer {
    pub use crate::infer::infer;
}

/// JSON shapes, as inference sees a body.
pub mod json {
    pub use crate::json::shape;
}

/// The stage that turns the resolved collection into the IR.
pub mod lower {
    pub use crate::lower::lower;
}

/// Rust names.
pub mod names {
    pub use crate::names::package_words;
}

/// The stage that reads a collection (any supported format) into the lenient model.
pub mod parse {
    pub use crate::parse::{model, parse_collection, to_v21};
}

/// The stage that resolves variables, inherited auth and URLs.
pub mod resolve {
    pub use crate::resolve::{parse_url, resolve, Resolved, UrlParts};
}

/// Captured responses (`<stem>.samples/`).
pub mod samples {
    pub use crate::samples::{dir_beside, read_dir, store, type_outline, Sample, Stored};
}

/// Writing and checking an output directory.
pub mod write {
    pub use crate::write::{write_crate, Mode};
}
