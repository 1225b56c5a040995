//! Project automation.
//!
//! - `cargo xtask generate [--check]`: regenerates the checked-in client crates from `collections/`,
//!   or fails when they are stale. The test at the bottom runs the check, so `cargo test` catches a
//!   stale client (rust-analyzer's pattern).
//! - `cargo xtask circles`: no import circles between the generator's files (see `circles.rs`).
//! - `cargo xtask user-loop`: the user's loop on a copy of the workspace (see `user_loop.rs`): a fresh
//!   clone generates and passes `cargo test --workspace`, and still does after items are added.
//! - `cargo xtask corpus [DIR]`: the corpus gate (see `corpus.rs`), then the mock over the corpus,
//!   then the capture round trip (see `capture_e2e.rs`; alone: `cargo xtask capture-roundtrip DIR`).
//! - `cargo xtask deps`: fails when the library `postman-codegen` depends, through any path, on a
//!   server, an async runtime, an HTTP client or a command-line parser (see `deps.rs`).
//!   `cargo xtask corpus --only-stats [--pairs | --names] [DIR]` infers the types only and prints
//!   the type measures (near-duplicate and operation-named structs), with each near-duplicate
//!   pair (`--pairs`) or each operation-named struct (`--names`).
//! - `cargo xtask fuzz [--seconds N] [--seed S]`: fuzzes the pipeline (see [`fuzz`]).
//! - `cargo xtask synth [--large] [--out DIR]` writes the deterministic synthetic inputs of the
//!   benchmarks (default `target/synth/`); `cargo xtask bench [ARGS]` runs the release-built
//!   `pcg-bench` harness, which prints the table (see `bench/`).

mod capture_e2e;

mod circles;

mod corpus;

mod deps;

mod fuzz;

mod features;

mod user_loop;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use postman_codegen::tooling::write::{write_crate, Mode};
use postman_codegen::tooling::change::{self, Summary};
use postman_codegen::{generate_file, Error, Options};

/// At most this many lines per group (added, removed, …) of the API change in the summary.
const SUMMARY_LINES: usize = 15;

/// Each checked-in crate: the collection it comes from, its directory and its package name.
const TARGETS: &[(&str, &str, &str)] = &[("collections/zoom.postman_collection.json", "generated-client", "zoom-client")];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["generate"] => run(Mode::Write),
        ["generate", "--pull"] => match pull_collections() {
            Ok(()) => run(Mode::Write),
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        ["generate", "--check"] => run(Mode::Check),
        ["corpus"] => corpus_gate(&default_corpus_dir()),
        ["corpus", "--only-stats", rest @ ..] if rest.len() <= 2 => {
            let (detail, dir) = match rest {
                ["--pairs", dir @ ..] => (corpus::Detail::Pairs, dir.first()),
                ["--names", dir @ ..] => (corpus::Detail::Names, dir.first()),
                [dir] => (corpus::Detail::Totals, Some(dir)),
                _ => (corpus::Detail::Totals, None),
            };
            let dir = dir.map_or_else(default_corpus_dir, |d| Path::new(d).to_path_buf());
            if corpus::only_stats(&dir, detail) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        ["corpus", dir] => corpus_gate(Path::new(dir)),
        ["capture-roundtrip", dir] => {
            if capture_e2e::run(&root(), Path::new(dir), &root().join("target/capture-roundtrip")) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        ["user-loop"] => user_loop::run(&root()),
        ["circles"] => no_circles(&root().join("generator")),
        ["circles", dir] => no_circles(Path::new(dir)),
        ["deps"] => deps::run(&root()),
        ["fuzz", rest @ ..] => fuzz::run(&root(), rest),
        ["fuzz-worker", rest @ ..] => fuzz::worker(&root(), rest),
        ["synth", rest @ ..] => synth(rest),
        ["bench", rest @ ..] => bench(rest),
        _ => {
            eprintln!("usage: cargo xtask generate [--check | --pull] | user-loop | circles [CRATE_DIR] | deps | corpus [--only-stats [--pairs | --names]] [DIR] | capture-roundtrip DIR | fuzz [--seconds N] [--seed S] | synth [--large] [--out DIR] | bench [--quick] [--large] [--corpus-all] [--compile | --only-compile | --only-inference | --progenitor | --dimensions]");
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask circles [CRATE_DIR]`: fails when files of the crate (the generator by default)
/// import each other in a circle.
fn no_circles(dir: &Path) -> ExitCode {
    let root = dir.join("src/lib.rs");
    let read = |p: &Path| std::fs::read_to_string(p).ok();
    let found = circles::circles(&root, &read);
    for circle in &found {
        let files: Vec<String> = circle.iter().map(|p| p.strip_prefix(root.parent().unwrap_or(Path::new(""))).unwrap_or(p).display().to_string()).collect();
        eprintln!("import circle: {}", files.join(" -> "));
    }
    if found.is_empty() {
        println!("no import circles among the files of {}", dir.display());
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The corpus the gate reads when no directory is given: `../shared/corpus` beside the checkout (or
/// one level further up, for a clone in a subfolder).
fn default_corpus_dir() -> PathBuf {
    let root = root();
    let candidates = [root.join("../shared/corpus"), root.join("../../shared/corpus")];
    candidates.iter().find(|dir| dir.is_dir()).unwrap_or(&candidates[0]).clone()
}

/// The corpus gate, then the mock's check over the same collections (`tests/src/bin/mock-corpus.rs`,
/// built only with the `corpus` feature so that `cargo test --workspace` never needs the corpus).
fn corpus_gate(dir: &Path) -> ExitCode {
    let crates = corpus::run(&root(), dir);
    eprintln!("each folder feature alone, and none (cargo check --no-default-features [--features F])…");
    let features = features::run(&root().join("target/corpus"));
    eprintln!("the mock serves every collection (cargo run -p e2e-tests --features corpus --bin mock-corpus)…");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mock = std::process::Command::new(cargo)
        .args(["run", "--quiet", "-p", "e2e-tests", "--features", "corpus", "--bin", "mock-corpus"])
        .env("POSTMAN_CODEGEN_CORPUS", dir)
        .current_dir(root())
        .status()
        .is_ok_and(|status| status.success());
    if !mock {
        eprintln!("error: the mock does not serve every corpus collection (see above)");
    }
    eprintln!("captured from the mock of each collection, the types of its stripped copy match (postman-codegen mock, capture)…");
    let captured = capture_e2e::run(&root(), dir, &root().join("target/capture-roundtrip"));
    if crates && features && mock && captured {
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

/// `cargo xtask generate --pull`: each target collection whose settings name its Postman id
/// (`[postman] collection = "…"`) is fetched from the Postman API first (`POSTMAN_API_KEY`;
/// `POSTMAN_API_URL` overrides the API's address), with the environments the settings name.
fn pull_collections() -> Result<(), String> {
    let root = root();
    let key = std::env::var("POSTMAN_API_KEY").ok().filter(|k| !k.trim().is_empty()).ok_or("set POSTMAN_API_KEY to a Postman API key to pull")?;
    let api_url = std::env::var("POSTMAN_API_URL").unwrap_or_else(|_| postman_codegen_net::pull::DEFAULT_API_URL.to_owned());
    let mut pulled = 0;
    for (collection, _, _) in TARGETS {
        let collection = root.join(collection);
        let Some(config) = postman_codegen::Settings::load_beside(&collection).map_err(|e| e.to_string())? else { continue };
        let Some(postman) = config.postman else { continue };
        let name = collection.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let stem = name.strip_suffix(".postman_collection.json").unwrap_or(name);
        let environments = postman.environments.iter().map(|(env, id)| (id.clone(), collection.with_file_name(format!("{stem}.{env}.postman_environment.json")))).collect();
        let request = postman_codegen_net::pull::Pull { api_url: api_url.clone(), collection: (postman.collection.clone(), collection.clone()), environments };
        for file in postman_codegen_net::pull::pull(&request, key.trim()).map_err(|e| e.to_string())? {
            eprintln!("pulled {}", file.display());
        }
        pulled += 1;
    }
    if pulled == 0 {
        return Err("no collection names its Postman id: add `[postman] collection = \"<uid>\"` to collections/<name>.codegen.toml".into());
    }
    Ok(())
}

/// Generates (or checks) every target.
fn generate(mode: Mode) -> Result<(), Error> {
    let root = root();
    for (collection, out, crate_name) in TARGETS {
        let collection = root.join(collection);
        let mut options = Options::new(*crate_name);
        options.settings.previous = postman_codegen::tooling::settings::names_file::read(&root.join(out))?;
        let generated = generate_file(&collection, &options)?;
        for warning in &generated.warnings {
            eprintln!("warning: {}: {warning}", collection.display());
        }
        let summary = Summary::new(&change::read_crate(&root.join(out)), &generated);
        match write_crate(&root.join(out), &generated.files, mode) {
            Ok(changed) => {
                let what = if mode == Mode::Check { "up to date" } else if changed { "updated" } else { "unchanged" };
                eprint!("{out}/ {what}: {}", summary.render(SUMMARY_LINES));
            }
            Err(error) => {
                if matches!(error, Error::Stale { .. }) {
                    eprint!("{out}/ is stale; regenerating would give {}", summary.render(SUMMARY_LINES));
                }
                return Err(error);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `cargo test` fails when a checked-in client is not what the generator produces.
    #[test]
    fn generated_clients_are_up_to_date() {
        if let Err(error) = super::generate(postman_codegen::tooling::write::Mode::Check) {
            panic!("{error}\nrun `cargo xtask generate` and commit the result");
        }
    }
}
