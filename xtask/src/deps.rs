//! `cargo xtask deps`: the library `postman-codegen` stays a library. A `build.rs` that calls it
//! compiles everything it depends on, so its normal dependencies (on every target) must not reach
//! a server, an async runtime, an HTTP client or a command-line parser; those belong to
//! `postman-codegen-cli`, `postman-codegen-mock` and `postman-codegen-net`.
//!
//! The check reads `cargo tree -p postman-codegen -e normal --target all --prefix depth` and prints,
//! for each forbidden crate it finds, the path of dependencies that pulls it in.

use std::path::Path;
use std::process::{Command, ExitCode};

/// The package that must stay light.
pub const PACKAGE: &str = "postman-codegen";

/// Crates the library must not depend on, directly or through others.
pub const FORBIDDEN: &[&str] = &["axum", "hyper", "tokio", "tower", "clap", "mimalloc", "indicatif", "reqwest"];

/// Runs the check on the workspace at `root`.
pub fn run(root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["tree", "--quiet", "-p", PACKAGE, "-e", "normal", "--target", "all", "--prefix", "depth"])
        .current_dir(root)
        .output();
    let output = match output {
        Ok(output) if output.status.success() => output,
        Ok(output) => {
            eprintln!("error: cargo tree failed: {}", String::from_utf8_lossy(&output.stderr).trim());
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            return ExitCode::FAILURE;
        }
    };
    let tree = String::from_utf8_lossy(&output.stdout);
    let offending = forbidden_paths(&tree, FORBIDDEN);
    if offending.is_empty() {
        eprintln!("{PACKAGE}: none of {} among its normal dependencies", FORBIDDEN.join(", "));
        return ExitCode::SUCCESS;
    }
    eprintln!("error: {PACKAGE} depends on crates that belong in the command line, mock or network crates:");
    for path in &offending {
        eprintln!("  {path}");
    }
    ExitCode::FAILURE
}

/// The dependency paths, from the root package, that end in a crate of `forbidden`, read from
/// `cargo tree --prefix depth` output (each line: the depth, then `name version …`; a subtree met
/// again is marked `(*)` and not repeated). One path per line that names a forbidden crate, in the
/// tree's order, e.g. `postman-codegen → reqwest → hyper`. The path stops at the first forbidden
/// crate, so a forbidden crate's own dependencies are not listed again.
pub fn forbidden_paths(tree: &str, forbidden: &[&str]) -> Vec<String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut paths = Vec::new();
    // The depth below which lines are skipped, inside a forbidden crate's subtree.
    let mut inside: Option<usize> = None;
    for line in tree.lines() {
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Ok(depth) = line[..digits].parse::<usize>() else { continue };
        let Some(name) = line[digits..].split_whitespace().next() else { continue };
        if inside.is_some_and(|top| depth > top) {
            continue;
        }
        inside = None;
        stack.truncate(depth);
        stack.push(name);
        if forbidden.contains(&name) {
            paths.push(stack.join(" → "));
            inside = Some(depth);
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = "0postman-codegen v0.1.0 (/w/generator)\n1serde v1.0.0\n2serde_derive v1.0.0 (proc-macro)\n1toml v0.8.0\n2serde v1.0.0 (*)\n";

    #[test]
    fn a_clean_tree_passes() {
        assert_eq!(forbidden_paths(CLEAN, FORBIDDEN), Vec::<String>::new());
    }

    #[test]
    fn a_tree_with_tokio_fails_and_names_the_path() {
        let tree = "0postman-codegen v0.1.0 (/w/generator)\n1serde v1.0.0\n1reqwest v0.12.0\n2hyper v1.0.0\n3tokio v1.0.0\n2url v2.0.0\n1axum v0.8.0\n2tokio v1.0.0 (*)\n1toml v0.8.0\n2tokio v1.0.0\n";
        assert_eq!(
            forbidden_paths(tree, FORBIDDEN),
            ["postman-codegen → reqwest", "postman-codegen → axum", "postman-codegen → toml → tokio"]
        );
    }

    #[test]
    fn only_the_named_crates_count() {
        // `tokio-util` is not `tokio`; a forbidden name appearing in a version or path is not a crate.
        let tree = "0postman-codegen v0.1.0 (/w/tokio/generator)\n1tokio-util v0.7.0\n1serde v1.0.0 (/w/clap)\n";
        assert_eq!(forbidden_paths(tree, FORBIDDEN), Vec::<String>::new());
        assert_eq!(forbidden_paths(tree, &["tokio-util"]), ["postman-codegen → tokio-util"]);
    }
}
