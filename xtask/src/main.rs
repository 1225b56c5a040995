//! Project automation.
//!
//! - `cargo xtask generate [--check]`: regenerates the checked-in client crates from `collections/`,
//!   or fails when they are stale. The test at the bottom runs the check, so `cargo test` catches a
//!   stale client (rust-analyzer's pattern).
//! - `cargo xtask corpus [DIR]`: the corpus gate (see `corpus.rs`).
//! - `cargo xtask fuzz [--seconds N] [--seed S]`: fuzzes the pipeline (see [`fuzz`]).

mod corpus;

mod fuzz;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use postman_codegen::write::{write_crate, Mode};
use postman_codegen::{generate_file, Error, Options};

/// Each checked-in crate: the collection it comes from, its directory and its package name.
const TARGETS: &[(&str, &str, &str)] = &[("collections/zoom.postman_collection.json", "generated-client", "zoom-client")];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["generate"] => run(Mode::Write),
        ["generate", "--check"] => run(Mode::Check),
        ["corpus"] => corpus_gate(&root().join("../shared/corpus")),
        ["corpus", dir] => corpus_gate(Path::new(dir)),
        ["fuzz", rest @ ..] => fuzz::run(&root(), rest),
        ["fuzz-worker", rest @ ..] => fuzz::worker(&root(), rest),
        _ => {
            eprintln!("usage: cargo xtask generate [--check] | cargo xtask corpus [DIR] | cargo xtask fuzz [--seconds N] [--seed S]");
            ExitCode::from(2)
        }
    }
}

fn corpus_gate(dir: &Path) -> ExitCode {
    if corpus::run(&root(), dir) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run(mode: Mode) -> ExitCode {
    match generate(mode) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            if matches!(error, Error::Stale { .. }) {
                eprintln!("run `cargo xtask generate` and commit the result");
            }
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate).
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// Generates (or checks) every target.
fn generate(mode: Mode) -> Result<(), Error> {
    let root = root();
    for (collection, out, crate_name) in TARGETS {
        let collection = root.join(collection);
        let generated = generate_file(&collection, &Options::new(*crate_name))?;
        for warning in &generated.warnings {
            eprintln!("warning: {}: {warning}", collection.display());
        }
        let changed = write_crate(&root.join(out), &generated.files, mode)?;
        if changed {
            eprintln!("updated {out}/");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `cargo test` fails when a checked-in client is not what the generator produces.
    #[test]
    fn generated_clients_are_up_to_date() {
        if let Err(error) = super::generate(postman_codegen::write::Mode::Check) {
            panic!("{error}\nrun `cargo xtask generate` and commit the result");
        }
    }
}
