//! Generates the client of `users.postman_collection.json` into `$OUT_DIR/client.rs`, which
//! `src/lib.rs` includes: the library `postman-codegen` turns the collection into a crate in memory,
//! and `Generated::single_source` gives that crate as one source with its modules inlined.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The collection, beside this file.
const COLLECTION: &str = "users.postman_collection.json";

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={COLLECTION}");
    // Settings beside the collection (`users.codegen.toml`) would be read too.
    println!("cargo:rerun-if-changed=users.codegen.toml");
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate() -> Result<(), String> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR for build scripts")?);
    // The crate's own name: the generated documentation names the crate it is in.
    let name = std::env::var("CARGO_PKG_NAME").map_err(|e| format!("CARGO_PKG_NAME: {e}"))?;
    let options = postman_codegen::Options::new(name);
    let generated = postman_codegen::generate_file(Path::new(COLLECTION), &options).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        println!("cargo:warning={COLLECTION}: {warning}");
    }
    let source = generated.single_source().map_err(|e| e.to_string())?;
    let file = out.join("client.rs");
    std::fs::write(&file, source).map_err(|e| format!("{}: {e}", file.display()))
}
