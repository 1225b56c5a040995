//! A generated crate as one Rust source, for a `build.rs` that generates a client into `OUT_DIR`
//! and `include!`s it.
//!
//! [`single_source`] starts from `src/lib.rs` and replaces every `mod name;` with
//! `mod name { … }` holding `src/name.rs` (its `//!` docs and inner attributes become the inline
//! module's), recursively. The crate root's own inner attributes and docs (`#![forbid(unsafe_code)]`,
//! the crate's `//!` page) are left out, since `include!` accepts items only: the including crate
//! writes its own. Everything else is the crate's code unchanged, formatted by `prettyplease`.
//!
//! The generated code names its items by `crate::…` paths, so the source must be included at the
//! root of a crate (its `lib.rs`), not inside a module; that crate takes the dependencies and
//! features of the generated `Cargo.toml`.

use syn::{Item, ItemMod};

use crate::error::{Error, Result};

/// How deep inline modules may nest: a generated crate has one level under `src/`.
const MAX_DEPTH: usize = 8;

/// The crate in `files` (as [`crate::Generated::files`]: relative paths and contents) as one Rust
/// source of items, modules inlined, to `include!` at the root of a crate. An error names the file
/// that is missing or does not parse.
pub fn single_source(files: &[(String, String)]) -> Result<String> {
    let mut root = parse(files, "src/lib.rs")?;
    root.attrs.clear();
    inline(files, &mut root.items, "src", 0)?;
    Ok(prettyplease::unparse(&root))
}

/// Parses the file at `path` of `files`.
fn parse(files: &[(String, String)], path: &str) -> Result<syn::File> {
    let text = files
        .iter()
        .find(|(name, _)| name == path)
        .map(|(_, text)| text)
        .ok_or_else(|| Error::Internal { file: path.to_owned(), message: "the file is missing".to_owned() })?;
    syn::parse_file(text).map_err(|error| Error::Internal { file: path.to_owned(), message: error.to_string() })
}

/// Replaces each `mod name;` among `items` (of a file whose modules' files are under `dir`) with the
/// module's items.
fn inline(files: &[(String, String)], items: &mut [Item], dir: &str, depth: usize) -> Result<()> {
    for item in items {
        let Item::Mod(module) = item else { continue };
        match &mut module.content {
            // An inline module's own `mod name;` items are in `dir/module/name.rs`.
            Some((_, nested)) => inline(files, nested, &format!("{dir}/{}", module.ident), depth + 1)?,
            None => fill(files, module, dir, depth)?,
        }
    }
    Ok(())
}

/// Fills `mod name;` with the items of `dir/name.rs` (or `dir/name/mod.rs`), their own modules
/// inlined.
fn fill(files: &[(String, String)], module: &mut ItemMod, dir: &str, depth: usize) -> Result<()> {
    let flat = format!("{dir}/{}.rs", module.ident);
    let folder = format!("{dir}/{}/mod.rs", module.ident);
    let path = if !files.iter().any(|(name, _)| *name == flat) && files.iter().any(|(name, _)| *name == folder) { folder } else { flat };
    if depth >= MAX_DEPTH {
        return Err(Error::Internal { file: path, message: format!("modules nest deeper than {MAX_DEPTH}") });
    }
    let file = parse(files, &path)?;
    let mut items = file.items;
    inline(files, &mut items, &format!("{dir}/{}", module.ident), depth + 1)?;
    module.attrs.extend(file.attrs);
    module.content = Some((syn::token::Brace::default(), items));
    module.semi = None;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(path, text)| ((*path).to_owned(), (*text).to_owned())).collect()
    }

    #[test]
    fn modules_are_inlined_with_their_docs_and_the_root_attributes_are_left_out() {
        let crate_files = files(&[
            ("src/lib.rs", "//! The crate.\n#![forbid(unsafe_code)]\n\npub mod types;\n#[cfg(feature = \"x\")]\nmod extra;\npub use types::User;\n"),
            ("src/types.rs", "//! Types.\n#![allow(dead_code)]\n/// A user.\npub struct User { pub id: u64 }\n"),
            ("src/extra/mod.rs", "mod deeper;\n"),
            ("src/extra/deeper.rs", "pub(crate) fn f() -> u8 { 1 }\n"),
            ("Cargo.toml", "[package]\n"),
        ]);
        let source = single_source(&crate_files).expect("inlines");
        let expected = "pub mod types {\n    //! Types.\n    #![allow(dead_code)]\n    /// A user.\n    pub struct User {\n        pub id: u64,\n    }\n}\n#[cfg(feature = \"x\")]\nmod extra {\n    mod deeper {\n        pub(crate) fn f() -> u8 {\n            1\n        }\n    }\n}\npub use types::User;\n";
        assert_eq!(source, expected);
    }

    #[test]
    fn a_missing_or_broken_module_file_is_named() {
        let missing = single_source(&files(&[("src/lib.rs", "pub mod types;\n")]));
        assert!(matches!(&missing, Err(Error::Internal { file, .. }) if file == "src/types.rs"), "{missing:?}");
        let broken = single_source(&files(&[("src/lib.rs", "pub mod types;\n"), ("src/types.rs", "pub struct {")]));
        assert!(matches!(&broken, Err(Error::Internal { file, .. }) if file == "src/types.rs"), "{broken:?}");
        let no_root = single_source(&[]);
        assert!(matches!(&no_root, Err(Error::Internal { file, .. }) if file == "src/lib.rs"), "{no_root:?}");
    }

    #[test]
    fn a_generated_crate_becomes_one_source_without_module_files() {
        let collection = include_bytes!("../../tests/collections/zoom-seed.postman_collection.json");
        let generated = crate::generate("zoom-seed.postman_collection.json".as_ref(), collection, &crate::Options::new("seed-client")).expect("generates");
        let source = single_source(&generated.files).expect("inlines");
        let file = syn::parse_file(&source).expect("parses");
        assert!(file.attrs.is_empty(), "no inner attribute at the root");
        let mut stack: Vec<&Item> = file.items.iter().collect();
        let mut modules = Vec::new();
        while let Some(item) = stack.pop() {
            if let Item::Mod(module) = item {
                let (_, items) = module.content.as_ref().unwrap_or_else(|| panic!("`mod {};` left", module.ident));
                modules.push(module.ident.to_string());
                stack.extend(items);
            }
        }
        modules.sort();
        // A module is named by its file's name, or its folder's for a `mod.rs`.
        let mut files: Vec<String> = generated
            .files
            .iter()
            .filter_map(|(path, _)| path.strip_prefix("src/")?.strip_suffix(".rs"))
            .filter(|name| *name != "lib")
            .filter_map(|name| name.strip_suffix("/mod").unwrap_or(name).rsplit('/').next().map(str::to_owned))
            .collect();
        assert!(files.iter().any(|f| f == "impls") && files.iter().any(|f| f == "runtime"), "{files:?}");
        files.sort();
        assert_eq!(modules, files, "one inline module per file of `src/`");
    }
}
