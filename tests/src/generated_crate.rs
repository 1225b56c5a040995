//! Writes a generated crate under `target/` and runs cargo on it, outside the workspace, with the
//! workspace's `Cargo.lock` (the same dependency versions) and a target directory shared by every
//! crate the tests generate, so dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;

use postman_codegen::tooling::write::{write_crate, Mode};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

/// Writes `files` as the standalone crate `name` under `target/hostile-collection/<work>/` and returns
/// its directory (any previous one is replaced).
pub fn write_standalone(work: &str, name: &str, files: &[(String, String)]) -> PathBuf {
    let dir = workspace_root().join("target/hostile-collection").join(work);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("work dir");
    let out = dir.join(name);
    write_crate(&out, files, Mode::Write).expect("writes");
    // The crate is outside the workspace: pin the same dependency versions.
    std::fs::copy(workspace_root().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock file");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    std::fs::write(out.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).expect("standalone manifest");
    out
}

/// Copies the test files `files` of `tests/generated/<dir>/` (paths may have directories) into the
/// `tests/` of the generated crate at `out`.
pub fn copy_tests(out: &Path, dir: &str, files: &[&str]) {
    for file in files {
        let target = out.join("tests").join(file);
        std::fs::create_dir_all(target.parent().unwrap_or(out)).expect("tests dir");
        std::fs::copy(workspace_root().join("tests/generated").join(dir).join(file), target).expect("test file");
    }
}

/// Runs `cargo <args>` in `dir` with `-D warnings` (and `RUSTDOCFLAGS=-D warnings` when `rustdoc`),
/// failing the test with cargo's output if it fails.
pub fn cargo(dir: &Path, args: &[&str], rustdoc: bool) {
    cargo_with_env(dir, args, rustdoc, &[]);
}

/// [`cargo`] with more environment variables (`env`) for cargo and what it runs.
pub fn cargo_with_env(dir: &Path, args: &[&str], rustdoc: bool, env: &[(&str, &str)]) {
    let target = workspace_root().join("target/hostile-collection");
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).current_dir(dir).env("CARGO_TARGET_DIR", &target).env("RUSTFLAGS", "-D warnings");
    if rustdoc {
        command.env("RUSTDOCFLAGS", "-D warnings");
    }
    command.envs(env.iter().copied());
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
