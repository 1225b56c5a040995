//! The `postman-codegen` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use postman_codegen::write::{write_crate, Mode};
use postman_codegen::{generate_file, Error, Options};

/// Generates typed Rust API clients from Postman collections.
#[derive(Debug, Parser)]
#[command(name = "postman-codegen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Writes a complete client crate for a collection.
    Generate {
        /// The Postman collection (v2.0 or v2.1 JSON).
        collection: PathBuf,
        /// The directory of the crate to write.
        #[arg(long)]
        out: PathBuf,
        /// The package name (default: the collection file's name plus `-client`).
        #[arg(long)]
        crate_name: Option<String>,
        /// Write nothing; exit 1 and list the files that differ when the crate is not up to date.
        #[arg(long)]
        check: bool,
        /// Replace the directory even if postman-codegen did not generate it.
        #[arg(long, conflicts_with = "check")]
        force: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { collection, out, crate_name, check, force } => {
            let crate_name = crate_name.unwrap_or_else(|| default_crate_name(&collection));
            if let Err(message) = postman_codegen::emit::validate_crate_name(&crate_name) {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
            let generated = match generate_file(&collection, &Options::new(crate_name)) {
                Ok(generated) => generated,
                Err(error) => {
                    // The message may quote the collection: one short line, control characters escaped.
                    eprintln!("error: {}", postman_codegen::docs::shorten_message(&error.to_string()));
                    return ExitCode::FAILURE;
                }
            };
            for warning in &generated.warnings {
                eprintln!("warning: {}: {warning}", collection.display());
            }
            let mode = match (check, force) {
                (true, _) => Mode::Check,
                (false, true) => Mode::Force,
                (false, false) => Mode::Write,
            };
            match write_crate(&out, &generated.files, mode) {
                Ok(_) => ExitCode::SUCCESS,
                Err(Error::Stale { dir, files }) => {
                    eprintln!("{} is not up to date; these files differ:", dir.display());
                    for file in files {
                        println!("{file}");
                    }
                    ExitCode::FAILURE
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `zoom.postman_collection.json` → `zoom-client`.
fn default_crate_name(collection: &std::path::Path) -> String {
    let name = collection.file_name().and_then(|n| n.to_str()).unwrap_or("api");
    let stem = name.strip_suffix(".postman_collection.json").or_else(|| name.strip_suffix(".json")).unwrap_or(name);
    let cleaned: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let cleaned = cleaned.trim_matches('-');
    let cleaned = if cleaned.is_empty() || cleaned.starts_with(|c: char| c.is_ascii_digit()) { format!("api-{cleaned}") } else { cleaned.to_owned() };
    format!("{}-client", cleaned.trim_end_matches('-'))
}
