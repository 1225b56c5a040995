//! The guarantees every run of the generator keeps, whatever its input: checked by the fuzzers
//! (`cargo xtask fuzz` and the libFuzzer target in `fuzz/`).
//!
//! A run ends in generated files or in a located [`Error::Input`]. The files have safe relative
//! paths, the Rust and TOML among them contain no control or bidi characters, and a second run on
//! the same input gives the same bytes. Anything else (a panic aside, which the caller catches) is a
//! finding: an [`Error::Internal`] (the generator produced Rust that does not parse), an input error
//! that does not say where, or another kind of error.

use std::path::Path;

use crate::docs::is_bidi;
use crate::{generate, Error, Options};

/// Runs the pipeline on `input` (named `file` in errors) and checks what it returns. `Ok(true)`:
/// files were generated; `Ok(false)`: the input was refused with a located error; `Err`: a
/// finding, described. With `determinism`, the pipeline runs twice and the outputs must be equal.
///
/// # Errors
///
/// A description of the broken guarantee.
pub fn check(file: &Path, input: &[u8], options: &Options, determinism: bool) -> Result<bool, String> {
    let name = file.display().to_string();
    match generate(file, input, options) {
        Ok(generated) => {
            for (path, text) in &generated.files {
                if !is_safe_path(path) {
                    return Err(format!("unsafe output path {path:?}"));
                }
                let code = path.ends_with(".rs") || path.ends_with(".toml");
                if let Some(c) = text.chars().find(|&c| code && (c.is_control() && c != '\n' && c != '\t' || is_bidi(c))) {
                    return Err(format!("{path} contains the control character {c:?}"));
                }
            }
            if determinism {
                let again = generate(file, input, options).map_err(|e| format!("second run failed: {e}"))?;
                if again.files != generated.files {
                    return Err("two runs on the same input differ".to_owned());
                }
            }
            Ok(true)
        }
        Err(Error::Internal { file, message }) => Err(format!("internal error: {file}: {message}")),
        Err(error @ Error::Input { .. }) => {
            let text = error.to_string();
            if !text.starts_with(&name) || text.len() <= name.len() + 2 {
                return Err(format!("an input error that does not say where or what: {text:?}"));
            }
            Ok(false)
        }
        Err(other) => Err(format!("unexpected kind of error: {other}")),
    }
}

/// A relative path of plain components (ASCII letters, digits, `.`, `_`, `-`), none `.` or `..`.
fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|p| !p.is_empty() && p != "." && p != ".." && p.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_refused_and_findings() {
        let options = Options::new("x-client");
        let file = Path::new("in.json");
        assert_eq!(check(file, b"{\"info\":{\"name\":\"x\"},\"item\":[]}", &options, true), Ok(true));
        assert_eq!(check(file, b"[", &options, false), Ok(false));
        assert!(is_safe_path("src/lib.rs") && !is_safe_path("../x") && !is_safe_path("a//b") && !is_safe_path("/abs"));
        assert!(is_bidi('\u{202e}') && !is_bidi('a'));
    }
}
