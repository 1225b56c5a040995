//! Stage 6: write the crate, or check that it is up to date.
//!
//! Writing is atomic at the directory level: the new crate is written into a temporary sibling
//! directory and swapped in with two renames, so a failed run leaves the previous output exactly as
//! it was. A directory that this generator did not write (no marker file) is only replaced with
//! `force`. `target/` and `.git/` at the top level are carried over; nothing else survives. Files
//! that did not change are hard-linked from the previous output into the new one rather than
//! written again, when the file system allows it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::emit::MARKER;
use crate::error::{Error, Result};

/// What to do with the output directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write (replace) the crate; refuse a directory we did not generate.
    Write,
    /// Write even over a directory we did not generate.
    Force,
    /// Write nothing; fail with [`Error::Stale`] listing the files that differ.
    Check,
}

/// Directories inside an output directory that are never compared or replaced.
const KEEP: &[&str] = &["target", ".git"];

/// Writes (or checks) `files` into `dir`. Returns whether anything changed.
pub fn write_crate(dir: &Path, files: &[(String, String)], mode: Mode) -> Result<bool> {
    for (path, _) in files {
        check_relative(path)?;
    }
    let Comparison { differing, identical } = compare(dir, files)?;
    if mode == Mode::Check {
        return if differing.is_empty() { Ok(false) } else { Err(Error::Stale { dir: dir.to_owned(), files: differing }) };
    }
    if differing.is_empty() {
        return Ok(false);
    }
    let exists = dir.exists();
    if exists && mode != Mode::Force && !dir.join(MARKER).is_file() && !is_empty_dir(dir)? {
        return Err(Error::NotGenerated { dir: dir.to_owned(), marker: MARKER });
    }
    let io = |path: &Path, message: &str| {
        let path = path.to_owned();
        let message = message.to_owned();
        move |source| Error::Output { path, message, source }
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("out").to_owned();
    fs::create_dir_all(&parent).map_err(io(&parent, "cannot create the parent directory"))?;
    let staging = parent.join(format!(".{name}.postman-codegen-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.postman-codegen-old-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io(&staging, "cannot remove a stale staging directory"))?;
    }
    // Where the previous output really is, for linking its unchanged files (see `link_unchanged`).
    let previous = if exists { fs::canonicalize(dir).ok() } else { None };
    let result = (|| {
        for (path, contents) in files {
            let target = staging.join(path);
            if let Some(p) = target.parent() {
                fs::create_dir_all(p).map_err(io(p, "cannot create directory"))?;
            }
            if identical.contains(path.as_str()) && previous.as_deref().is_some_and(|previous| link_unchanged(previous, path, &target)) {
                continue;
            }
            fs::write(&target, contents).map_err(io(&target, "cannot write"))?;
        }
        if exists {
            let generated_roots: BTreeSet<&str> = files.iter().filter_map(|(p, _)| p.split('/').next()).collect();
            for entry in fs::read_dir(dir).map_err(io(dir, "cannot list"))? {
                let entry = entry.map_err(io(dir, "cannot list"))?;
                let file_name = entry.file_name();
                let Some(entry_name) = file_name.to_str() else { continue };
                // Only what the generator never writes or compares is carried over: anything else
                // at the top level (e.g. `examples/` that this collection no longer produces) would
                // be stale output that `--check` then reports.
                if !generated_roots.contains(entry_name) && entry_name != MARKER && KEEP.contains(&entry_name) {
                    let to = staging.join(entry_name);
                    fs::rename(entry.path(), &to).map_err(io(&entry.path(), "cannot carry over"))?;
                }
            }
            fs::rename(dir, &retired).map_err(io(dir, "cannot move the previous output aside"))?;
            if let Err(source) = fs::rename(&staging, dir) {
                let _ = fs::rename(&retired, dir);
                return Err(Error::Output { path: dir.to_owned(), message: "cannot move the new output in place".into(), source });
            }
            fs::remove_dir_all(&retired).map_err(io(&retired, "cannot remove the previous output"))?;
        } else {
            fs::rename(&staging, dir).map_err(io(dir, "cannot move the new output in place"))?;
        }
        Ok(true)
    })();
    if result.is_err() && staging.exists() {
        // Carried-over entries go back before the staging directory is dropped.
        if dir.exists() {
            if let Ok(entries) = fs::read_dir(&staging) {
                for entry in entries.flatten() {
                    let back = dir.join(entry.file_name());
                    if !back.exists() {
                        let _ = fs::rename(entry.path(), back);
                    }
                }
            }
        }
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Hard-links the previous output's `path` (under `previous`, canonical), which [`compare`] found
/// byte-identical to the new text, to `target` when it is a regular file of the output itself (no
/// symbolic link on the way); whether it did. A regeneration that changes a few files then creates
/// no new inode for the others (creating a thousand example files costs more than generating them
/// on some file systems). When linking fails, the caller writes the file.
fn link_unchanged(previous: &Path, path: &str, target: &Path) -> bool {
    let old = previous.join(path);
    fs::canonicalize(&old).is_ok_and(|real| real == old) && fs::hard_link(&old, target).is_ok()
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    let mut entries = fs::read_dir(dir).map_err(|source| Error::Output { path: dir.to_owned(), message: "cannot list".into(), source })?;
    Ok(entries.next().is_none())
}

/// Generated paths are relative, `/`-separated, and made of plain names.
fn check_relative(path: &str) -> Result<()> {
    let ok = !path.is_empty()
        && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
        && path.split('/').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) && part != "..");
    if ok {
        Ok(())
    } else {
        Err(Error::Internal { file: path.to_owned(), message: "refusing to write a path outside the output directory".into() })
    }
}

/// What [`compare`] finds, each file of the output read once.
struct Comparison<'f> {
    /// The relative paths that differ: changed (line endings aside), missing, or extra; sorted.
    differing: Vec<String>,
    /// The files whose bytes are exactly the new text (the ones [`write_crate`] may link).
    identical: BTreeSet<&'f str>,
}

/// Compares `dir` with `files`, reading each file once.
fn compare<'f>(dir: &Path, files: &'f [(String, String)]) -> Result<Comparison<'f>> {
    let mut differing = Vec::new();
    let mut identical = BTreeSet::new();
    let wanted: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for (path, contents) in files {
        match fs::read(dir.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {
                identical.insert(path.as_str());
            }
            Ok(existing) if normalise(&existing) == contents.as_bytes() => {}
            _ => differing.push(path.clone()),
        }
    }
    if dir.is_dir() {
        let mut present = Vec::new();
        list_files(dir, "", &mut present)?;
        for path in present {
            if !wanted.contains(path.as_str()) {
                differing.push(path);
            }
        }
    }
    differing.sort();
    Ok(Comparison { differing, identical })
}

fn normalise(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Output { path: dir.to_owned(), message: "cannot list".into(), source })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if prefix.is_empty() && KEEP.contains(&name.as_str()) {
            continue;
        }
        let relative = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        let kind = entry.file_type().map_err(|source| Error::Output { path: entry.path(), message: "cannot stat".into(), source })?;
        if kind.is_dir() {
            list_files(&entry.path(), &relative, out)?;
        } else {
            out.push(relative);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Vec<(String, String)> {
        vec![(MARKER.to_owned(), "m\n".to_owned()), ("src/lib.rs".to_owned(), text.to_owned())]
    }

    #[test]
    fn writes_checks_and_keeps_target() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("client");
        assert!(write_crate(&out, &files("a"), Mode::Write).expect("writes"));
        assert!(write_crate(&out, &files("a"), Mode::Check).is_ok());
        fs::create_dir_all(out.join("target/debug")).expect("mkdir");
        fs::write(out.join("target/debug/x"), "built").expect("write");
        fs::write(out.join("src/stale.rs"), "old").expect("write");
        match write_crate(&out, &files("b"), Mode::Check) {
            Err(Error::Stale { files, .. }) => assert_eq!(files, ["src/lib.rs", "src/stale.rs"]),
            other => panic!("expected stale, got {other:?}"),
        }
        assert!(write_crate(&out, &files("b"), Mode::Write).expect("writes"));
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).expect("read"), "b");
        assert!(!out.join("src/stale.rs").exists());
        assert_eq!(fs::read_to_string(out.join("target/debug/x")).expect("kept"), "built");
        assert!(!write_crate(&out, &files("b"), Mode::Write).expect("no change"));
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).expect("ls").flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    /// A regeneration links the files that did not change (the same inode, nothing new created) and
    /// writes the others; a file that only reads the same through a symbolic link, or that differs
    /// only in line endings, is written afresh.
    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_not_written() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("client");
        let mut first = files("a");
        first.push(("tests/examples/one.json".to_owned(), "{}\n".to_owned()));
        first.push(("tests/examples/two.json".to_owned(), "[]\n".to_owned()));
        first.push(("tests/examples/crlf.json".to_owned(), "1\n".to_owned()));
        assert!(write_crate(&out, &first, Mode::Write).expect("writes"));
        let inode = |path: &str| fs::symlink_metadata(out.join(path)).expect("stat").ino();
        let (one, lib) = (inode("tests/examples/one.json"), inode("src/lib.rs"));
        // `two.json` becomes a link to an outside file with the same text, `crlf.json` gets CRLF.
        let outside = tmp.path().join("outside.json");
        fs::write(&outside, "[]\n").expect("write");
        fs::remove_file(out.join("tests/examples/two.json")).expect("rm");
        std::os::unix::fs::symlink(&outside, out.join("tests/examples/two.json")).expect("symlink");
        fs::write(out.join("tests/examples/crlf.json"), "1\r\n").expect("write");
        let crlf = inode("tests/examples/crlf.json");
        let mut second = first.clone();
        second[1].1 = "b".to_owned();
        assert!(write_crate(&out, &second, Mode::Write).expect("writes"));
        assert_eq!(inode("tests/examples/one.json"), one, "unchanged: linked");
        assert_ne!(inode("src/lib.rs"), lib, "changed: written");
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).expect("read"), "b");
        let two = fs::symlink_metadata(out.join("tests/examples/two.json")).expect("stat");
        assert!(two.file_type().is_file() && two.ino() != fs::metadata(&outside).expect("stat").ino(), "not the outside file");
        assert_ne!(inode("tests/examples/crlf.json"), crlf);
        assert_eq!(fs::read(out.join("tests/examples/crlf.json")).expect("read"), b"1\n");
        assert_eq!(fs::symlink_metadata(out.join("tests/examples/one.json")).expect("stat").nlink(), 1, "the previous output is gone");
        assert_eq!(fs::read_to_string(&outside).expect("read"), "[]\n");
    }

    #[test]
    fn refuses_foreign_directories_without_force() {
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::write(tmp.path().join("precious.txt"), "mine").expect("write");
        assert!(matches!(write_crate(tmp.path(), &files("a"), Mode::Write), Err(Error::NotGenerated { .. })));
        assert_eq!(fs::read_to_string(tmp.path().join("precious.txt")).expect("untouched"), "mine");
    }

    #[test]
    fn top_level_output_that_is_no_longer_generated_goes_away() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("client");
        let mut with_example = files("a");
        with_example.push(("examples/get_user.rs".to_owned(), "fn main() {}".to_owned()));
        assert!(write_crate(&out, &with_example, Mode::Write).expect("writes"));
        assert!(write_crate(&out, &files("a"), Mode::Write).expect("writes"));
        assert!(!out.join("examples").exists(), "a stale top-level directory was carried over");
        assert!(write_crate(&out, &files("a"), Mode::Check).is_ok());
    }

    /// Every file under `dir`, with its bytes.
    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_owned()];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).expect("ls").flatten() {
                if entry.file_type().expect("type").is_dir() {
                    stack.push(entry.path());
                } else {
                    out.push((entry.path(), fs::read(entry.path()).expect("read")));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output_byte_for_byte() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("client");
        assert!(write_crate(&out, &files("previous\r\n"), Mode::Write).expect("writes"));
        fs::create_dir_all(out.join("target/debug")).expect("mkdir");
        fs::write(out.join("target/debug/x"), "built").expect("write");
        let before = snapshot(&out);
        // Injected failure: `src` as a file, then `src/lib.rs` under it, fails half-way through
        // writing the staging directory.
        let mut failing = files("next");
        failing.push(("src".to_owned(), "not a directory".to_owned()));
        failing.sort();
        let error = write_crate(&out, &failing, Mode::Write).expect_err("fails");
        assert!(matches!(error, Error::Output { .. }), "{error}");
        assert_eq!(snapshot(&out), before);
        let siblings: Vec<_> = fs::read_dir(tmp.path()).expect("ls").flatten().map(|e| e.file_name()).collect();
        assert_eq!(siblings, ["client"], "staging left behind");
    }

    #[test]
    fn refuses_escaping_paths() {
        let tmp = tempfile::tempdir().expect("tempdir");
        for bad in ["../x", "/etc/x", "a/../../x", "", "a//b"] {
            let files = vec![(bad.to_owned(), String::new())];
            assert!(write_crate(&tmp.path().join("o"), &files, Mode::Write).is_err(), "{bad}");
        }
    }
}
