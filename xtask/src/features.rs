//! The feature-combination gate, run by `cargo xtask corpus` after the corpus gate: every crate the
//! gate generated with folder features is checked (`cargo check --lib`, warnings denied) with no
//! feature at all and with each folder feature alone, the combinations a user picks and the ones
//! where a type shared by folders is easiest to gate wrongly (all features together is the gate's
//! own build).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Features of a generated crate that are not folders.
const NOT_FOLDERS: &[&str] = &["default", "blocking", "extra-traits"];

/// One crate's folder features, read from its manifest's `[features]` table.
fn folder_features(manifest: &str) -> Vec<String> {
    let mut in_features = false;
    let mut features = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim().trim_matches('"');
                if !name.is_empty() && !NOT_FOLDERS.contains(&name) {
                    features.push(name.to_owned());
                }
            }
        }
    }
    features
}

/// Checks every crate under `scratch/crates` with folder features; returns whether all passed.
pub fn run(scratch: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(scratch.join("crates")) else {
        eprintln!("error: no generated crates in {}", scratch.join("crates").display());
        return false;
    };
    let mut crates: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    crates.sort();
    let started = Instant::now();
    let (mut checked, mut failures) = (0, Vec::new());
    for dir in crates {
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        let features = folder_features(&manifest);
        let Some(name) = manifest.lines().find_map(|l| l.trim().strip_prefix("name = ")).map(|n| n.trim_matches('"').to_owned()) else { continue };
        if features.is_empty() {
            continue;
        }
        let mut combinations = vec![None];
        combinations.extend(features.iter().map(Some));
        let mut failed = Vec::new();
        for feature in combinations {
            let mut args = vec!["check", "--quiet", "--lib", "-p", &name, "--no-default-features"];
            if let Some(feature) = feature {
                args.extend(["--features", feature]);
            }
            let ok = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args(&args)
                .current_dir(scratch)
                // As the corpus gate builds, so the dependencies are shared.
                .env("RUSTFLAGS", "-D warnings")
                .env("CARGO_INCREMENTAL", "0")
                .output()
                .is_ok_and(|output| output.status.success());
            checked += 1;
            if !ok {
                failed.push(feature.map_or("(none)".to_owned(), Clone::clone));
            }
        }
        eprintln!("{name}: {} feature combinations, {} fail{}", features.len() + 1, failed.len(), if failed.is_empty() { String::new() } else { format!(": {}", failed.join(", ")) });
        if !failed.is_empty() {
            failures.push(name);
        }
    }
    eprintln!("feature combinations: {checked} checked in {:.0} s, {} crates fail", started.elapsed().as_secs_f64(), failures.len());
    failures.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_folder_features_only() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\n# a = comment\ndefault = [\"users\", \"cloud_recording\"]\nblocking = []\nextra-traits = []\nusers = []\ncloud_recording = []\n\n[dev-dependencies]\ntokio = \"1\"\n";
        assert_eq!(folder_features(manifest), ["users", "cloud_recording"]);
    }
}
