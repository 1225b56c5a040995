//! Project automation.
//!
//! - `cargo xtask generate [--check]`: regenerates the checked-in client crates from `collections/`,
//!   or fails when they are stale. The test at the bottom runs the check, so `cargo test` catches a
//!   stale client (rust-analyzer's pattern).
//! - `cargo xtask corpus [DIR]`: the corpus gate (see `corpus.rs`).
//! - `cargo xtask fuzz [--seconds N] [--seed S]`: fuzzes the pipeline (see [`fuzz`]).
//! - `cargo xtask synth [--large] [--out DIR]` writes the deterministic synthetic inputs of the
//!   benchmarks (default `target/synth/`); `cargo xtask bench [ARGS]` runs the release-built
//!   `pcg-bench` harness, which prints the table (see `bench/`).

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
        // `../shared/corpus` beside the checkout (or one level further up, for a clone in a subfolder).
        ["corpus"] => {
            let root = root();
            let candidates = [root.join("../shared/corpus"), root.join("../../shared/corpus")];
            let dir = candidates.iter().find(|dir| dir.is_dir()).unwrap_or(&candidates[0]);
            corpus_gate(dir)
        }
        ["corpus", dir] => corpus_gate(Path::new(dir)),
        ["fuzz", rest @ ..] => fuzz::run(&root(), rest),
        ["fuzz-worker", rest @ ..] => fuzz::worker(&root(), rest),
        ["synth", rest @ ..] => synth(rest),
        ["bench", rest @ ..] => bench(rest),
        _ => {
            eprintln!("usage: cargo xtask generate [--check] | corpus [DIR] | fuzz [--seconds N] [--seed S] | synth [--large] [--out DIR] | bench [--quick] [--large] [--corpus-all] [--compile | --only-compile | --only-inference | --progenitor | --dimensions]");
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

/// Writes the standard synthetic inputs.
fn synth(args: &[&str]) -> ExitCode {
    let mut large = false;
    let mut out = root().join("target/synth");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match (*arg, args.clone().next()) {
            ("--large", _) => large = true,
            ("--out", Some(dir)) => {
                out = PathBuf::from(dir);
                args.next();
            }
            _ => {
                eprintln!("usage: cargo xtask synth [--large] [--out DIR]");
                return ExitCode::from(2);
            }
        }
    }
    if let Err(error) = std::fs::create_dir_all(&out) {
        eprintln!("error: {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    for input in postman_synth::standard_set(large) {
        let path = out.join(input.file);
        let bytes = input.bytes();
        if let Err(error) = std::fs::write(&path, &bytes) {
            eprintln!("error: {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {} ({:.1} MB)", path.display(), bytes.len() as f64 / 1_048_576.0);
    }
    ExitCode::SUCCESS
}

/// Builds and runs the benchmark harness in release mode (the xtask itself is a debug build).
fn bench(args: &[&str]) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["run", "--release", "--quiet", "-p", "pcg-bench", "--"])
        .args(args)
        .current_dir(root())
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
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
        let mut options = Options::new(*crate_name);
        options.config.previous = postman_codegen::lock::read(&root.join(out))?;
        let generated = generate_file(&collection, &options)?;
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
