//! `cargo xtask user-loop`: the user's loop, run on a copy of the workspace with nothing beside it.
//!
//! 1. Copies the workspace's files (those git tracks or would track; everything but `target/` and
//!    `.git/` without git) into a temporary directory: a fresh clone, with no `../shared` beside it.
//! 2. There, runs the README's two commands: `cargo xtask generate` (which must change nothing) and
//!    `cargo test --workspace`.
//! 3. Adds the items of `tests/collections/zoom-users.items.json` (a `users` folder of five
//!    real-shaped Zoom requests) to the copy's `collections/zoom.postman_collection.json`, runs
//!    `cargo xtask generate` (whose summary must list the new methods), `cargo test --workspace` and
//!    `cargo xtask generate --check`.
//!
//! The copy builds into this workspace's `target/` (its crates sit at another path, so they are
//! built apart; the dependencies are shared). The copy is removed when the loop passes and kept,
//! with its path printed, when it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The items the loop adds, and the collection it adds them to.
const ITEMS: &str = "tests/collections/zoom-users.items.json";
const COLLECTION: &str = "collections/zoom.postman_collection.json";

/// Methods the added items must bring, as the summary of `cargo xtask generate` names them.
const NEW_METHODS: &[&str] = &["Client::list_users", "Client::create_users", "Client::update_user", "Client::delete_user", "Client::list_meetings"];

pub fn run(root: &Path) -> ExitCode {
    let copy = std::env::temp_dir().join(format!("postman-codegen-user-loop-{}", std::process::id()));
    match run_in(root, &copy) {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&copy);
            eprintln!("user loop: passed");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: user loop: {error}\n(the copy is kept in {})", copy.display());
            ExitCode::FAILURE
        }
    }
}

fn run_in(root: &Path, copy: &Path) -> Result<(), String> {
    if copy.exists() {
        std::fs::remove_dir_all(copy).map_err(|e| format!("{}: {e}", copy.display()))?;
    }
    let files = workspace_files(root)?;
    for file in &files {
        let to = copy.join(file);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(root.join(file), &to).map_err(|e| format!("copy {}: {e}", file.display()))?;
    }
    eprintln!("user loop: {} files copied to {} (nothing beside it)", files.len(), copy.display());
    let target = root.join("target");

    eprintln!("user loop: a fresh clone: cargo xtask generate");
    let generated = cargo(copy, &target, &["xtask", "generate"])?;
    if !generated.contains("unchanged") {
        return Err(format!("`cargo xtask generate` changed a fresh clone:\n{generated}"));
    }
    eprintln!("user loop: a fresh clone: cargo test --workspace");
    cargo(copy, &target, &["test", "--workspace", "--quiet"])?;

    eprintln!("user loop: adding the items of {ITEMS} to {COLLECTION}");
    add_items(&copy.join(COLLECTION), &root.join(ITEMS))?;
    let generated = cargo(copy, &target, &["xtask", "generate"])?;
    eprint!("{generated}");
    let missing: Vec<&&str> = NEW_METHODS.iter().filter(|method| !generated.contains(&format!("method {method}:"))).collect();
    if !generated.contains("updated") || !missing.is_empty() {
        return Err(format!("the summary of `cargo xtask generate` does not list the new methods {missing:?}"));
    }
    eprintln!("user loop: cargo test --workspace after adding items");
    cargo(copy, &target, &["test", "--workspace", "--quiet"])?;
    cargo(copy, &target, &["xtask", "generate", "--check"])?;
    Ok(())
}

/// The files a clone of the workspace has, relative to `root`: what git tracks plus what it would
/// track (new files not ignored), or, without git, everything but `target/` and `.git/`.
fn workspace_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let listed = Command::new("git").args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]).current_dir(root).output();
    if let Some(output) = listed.ok().filter(|o| o.status.success()) {
        let text = String::from_utf8_lossy(&output.stdout);
        // A deleted file that git still tracks is not in the working tree, and not in a clone of it.
        return Ok(text.split('\0').filter(|p| !p.is_empty()).map(PathBuf::from).filter(|p| root.join(p).is_file()).collect());
    }
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(root.join(&dir)).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let relative = dir.join(entry.file_name());
            let file_type = entry.file_type().map_err(|e| format!("{}: {e}", relative.display()))?;
            if file_type.is_dir() {
                if !(dir.as_os_str().is_empty() && matches!(entry.file_name().to_str(), Some("target" | ".git"))) {
                    stack.push(relative);
                }
            } else if file_type.is_file() {
                files.push(relative);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Appends the items of `items` (a JSON object with an `item` array) to the collection's top level.
fn add_items(collection: &Path, items: &Path) -> Result<(), String> {
    let read = |path: &Path| -> Result<serde_json::Value, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut document = read(collection)?;
    let added = read(items)?;
    let added = added.get("item").and_then(|i| i.as_array()).ok_or_else(|| format!("{}: no `item` array", items.display()))?;
    document
        .get_mut("item")
        .and_then(|i| i.as_array_mut())
        .ok_or_else(|| format!("{}: no `item` array", collection.display()))?
        .extend(added.iter().cloned());
    let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
    std::fs::write(collection, text + "\n").map_err(|e| format!("{}: {e}", collection.display()))
}

/// Runs cargo in `dir`, building into `target`; its standard error (where the summary goes), or an
/// error with it when cargo fails.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .stdout(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok(stderr)
    } else {
        Err(format!("`cargo {}` failed in {}:\n{stderr}", args.join(" "), dir.display()))
    }
}
