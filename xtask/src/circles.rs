//! `cargo xtask circles`: no import circles between the files of a crate.
//!
//! The module tree is followed from the crate root through its `mod name;` declarations (test
//! modules left out); in each file (comments and `#[cfg(test)]` modules left out) every path that
//! names a module of the crate (`crate::a::b`, `super::x`, `self::y`, a child module `z::…`) is an
//! import of that module's file. A module's use of the modules it is part of (`use super::*` in a
//! child, the helpers of a folder's `mod.rs`) is not counted: a part may lean on its whole. Every
//! other use is, a parent's use of its children included, and a strongly connected set of two or
//! more files is a circle. The check reads text, not a syntax tree: it can see an
//! import where a string holds a path, never miss one that compiles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module of the crate: its path of names (`["emit", "client"]`) and its file.
#[derive(Debug, Clone)]
struct Module {
    names: Vec<String>,
    file: PathBuf,
}

/// The circles among the files of the crate whose root is `root` (`src/lib.rs`), each as its files
/// in sorted order; `read` gives a file's text (`None` when it does not exist).
pub fn circles(root: &Path, read: &dyn Fn(&Path) -> Option<String>) -> Vec<Vec<PathBuf>> {
    let modules = module_tree(root, read);
    let by_names: BTreeMap<Vec<String>, usize> = modules.iter().enumerate().map(|(i, m)| (m.names.clone(), i)).collect();
    let mut edges: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); modules.len()];
    for (from, module) in modules.iter().enumerate() {
        let Some(text) = read(&module.file) else { continue };
        for path in referenced_paths(&without_tests_and_comments(&text)) {
            let Some(target) = resolve(&module.names, &path, &by_names) else { continue };
            let to = &modules[target].names;
            // A module's use of the modules it is part of (and of itself) is not an import.
            if module.names.starts_with(to) {
                continue;
            }
            edges[from].insert(target);
        }
    }
    strongly_connected(&edges)
        .into_iter()
        .filter(|set| set.len() > 1)
        .map(|set| {
            let mut files: Vec<PathBuf> = set.iter().map(|&i| modules[i].file.clone()).collect();
            files.sort();
            files
        })
        .collect()
}

/// The crate's modules, from `root` through `mod name;` declarations that are not test modules.
fn module_tree(root: &Path, read: &dyn Fn(&Path) -> Option<String>) -> Vec<Module> {
    let mut modules = vec![Module { names: Vec::new(), file: root.to_path_buf() }];
    let mut next = 0;
    while next < modules.len() {
        let module = modules[next].clone();
        next += 1;
        let Some(text) = read(&module.file) else { continue };
        let dir = child_dir(&module.file);
        let mut test_attribute = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("#[cfg(test)]") {
                test_attribute = true;
                continue;
            }
            let declared = line.strip_prefix("pub ").or_else(|| line.strip_prefix("pub(crate) ")).unwrap_or(line);
            if let Some(name) = declared.strip_prefix("mod ").and_then(|rest| rest.strip_suffix(';')) {
                if !test_attribute {
                    let name = name.trim();
                    let flat = dir.join(format!("{name}.rs"));
                    let file = if read(&flat).is_some() { flat } else { dir.join(name).join("mod.rs") };
                    let mut names = module.names.clone();
                    names.push(name.to_owned());
                    modules.push(Module { names, file });
                }
            }
            if !line.starts_with("#[") {
                test_attribute = false;
            }
        }
    }
    modules
}

/// The directory a file's child modules are in: beside `lib.rs`, `main.rs` and `mod.rs`, in a
/// folder named after any other file.
fn child_dir(file: &Path) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new("")).to_path_buf();
    match file.file_stem().and_then(|s| s.to_str()) {
        Some("lib" | "main" | "mod") | None => parent,
        Some(stem) => parent.join(stem),
    }
}

/// `text` without comments (doc links name paths they do not import) and without the inline
/// `#[cfg(test)]` modules.
fn without_tests_and_comments(text: &str) -> String {
    let mut out = String::new();
    let mut skipping: Option<usize> = None;
    let mut test_attribute = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(indent) = skipping {
            if line.len() - trimmed.len() == indent && trimmed.starts_with('}') {
                skipping = None;
            }
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            test_attribute = true;
            continue;
        }
        if test_attribute && (trimmed.starts_with("mod ") || trimmed.starts_with("pub mod ")) && trimmed.ends_with('{') {
            skipping = Some(line.len() - trimmed.len());
            test_attribute = false;
            continue;
        }
        test_attribute = false;
        if trimmed.starts_with("//") {
            continue;
        }
        let code = match line.find("//") {
            // A `//` inside a string (a URL) is rare in code lines; cutting there can only hide a path.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every path of two or more segments in `code` (`crate::a::b`, `super::x`, `name::item`), the
/// prefix before a `{` group included; each group member is a path of its own too.
fn referenced_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident(bytes[i]) || (i > 0 && (is_ident(bytes[i - 1]) || bytes[i - 1] == b':')) {
            i += 1;
            continue;
        }
        let mut segments = Vec::new();
        let mut j = i;
        loop {
            let start = j;
            while j < bytes.len() && is_ident(bytes[j]) {
                j += 1;
            }
            segments.push(code[start..j].to_owned());
            if code[j..].starts_with("::") && code[j + 2..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                j += 2;
            } else {
                break;
            }
        }
        if code[j..].starts_with("::{") {
            // `use a::{b, c::d}`: `a` itself, and `a::b`, `a::c::d` as far as the group's members go.
            let close = code[j..].find('}').map_or(code.len(), |c| j + c);
            for member in code[j + 3..close].split(',') {
                let member: Vec<String> = member.trim().split("::").map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
                if !member.is_empty() {
                    paths.push(segments.iter().cloned().chain(member).collect());
                }
            }
        }
        if segments.len() > 1 || code[j..].starts_with("::") {
            paths.push(segments);
        }
        i = j.max(i + 1);
    }
    paths
}

/// The module `path` names from the module `from`: the deepest module of the crate it reaches
/// (`crate::item` and `super::item` name the root and the parent themselves); `None` for a path
/// outside the crate (`std::fmt`, `Vec::new`).
fn resolve(from: &[String], path: &[String], modules: &BTreeMap<Vec<String>, usize>) -> Option<usize> {
    let (mut base, rest): (Vec<String>, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("self") => (from.to_vec(), &path[1..]),
        Some("super") => {
            let mut base = from.to_vec();
            let mut rest = path;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop()?;
                rest = &rest[1..];
            }
            (base, rest)
        }
        // A child module of `from`, by its bare name, or nothing of the crate.
        Some(_) => {
            let mut child = from.to_vec();
            child.push(path[0].clone());
            if !modules.contains_key(&child) {
                return None;
            }
            (from.to_vec(), path)
        }
        None => return None,
    };
    let mut found = modules.get(&base).copied();
    for segment in rest {
        base.push(segment.clone());
        match modules.get(&base) {
            Some(&i) => found = Some(i),
            None => break,
        }
    }
    found
}

/// Tarjan's strongly connected components, in a deterministic order.
fn strongly_connected(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct State<'e> {
        edges: &'e [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(state: &mut State<'_>, v: usize) {
        state.index[v] = Some(state.next);
        state.low[v] = state.next;
        state.next += 1;
        state.stack.push(v);
        state.on_stack[v] = true;
        for &w in &state.edges[v] {
            match state.index[w] {
                None => {
                    visit(state, w);
                    state.low[v] = state.low[v].min(state.low[w]);
                }
                Some(index) if state.on_stack[w] => state.low[v] = state.low[v].min(index),
                Some(_) => {}
            }
        }
        if Some(state.low[v]) == state.index[v] {
            let mut set = Vec::new();
            while let Some(w) = state.stack.pop() {
                state.on_stack[w] = false;
                set.push(w);
                if w == v {
                    break;
                }
            }
            set.sort_unstable();
            state.out.push(set);
        }
    }
    let n = edges.len();
    let mut state = State { edges, index: vec![None; n], low: vec![0; n], on_stack: vec![false; n], stack: Vec::new(), next: 0, out: Vec::new() };
    for v in 0..n {
        if state.index[v].is_none() {
            visit(&mut state, v);
        }
    }
    state.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(files: &[(&str, &str)]) -> Vec<Vec<String>> {
        let files: BTreeMap<PathBuf, String> = files.iter().map(|(p, t)| (PathBuf::from(p), (*t).to_owned())).collect();
        let read = |p: &Path| files.get(p).cloned();
        circles(Path::new("src/lib.rs"), &read).into_iter().map(|c| c.iter().map(|p| p.display().to_string()).collect()).collect()
    }

    #[test]
    fn a_circle_between_siblings_is_found() {
        let found = check(&[
            ("src/lib.rs", "mod a;\nmod b;\nmod c;\n"),
            ("src/a.rs", "use crate::b::thing;\n"),
            ("src/b.rs", "pub fn thing() { crate::a::other(); }\n"),
            ("src/c.rs", "use crate::a;\n"),
        ]);
        assert_eq!(found, [["src/a.rs", "src/b.rs"]]);
    }

    #[test]
    fn circles_through_folders_super_groups_and_children_are_found() {
        let found = check(&[
            ("src/lib.rs", "pub mod emit;\nmod ir;\n"),
            ("src/emit/mod.rs", "mod client;\nmod folders;\nuse client::build;\n"),
            ("src/emit/client.rs", "use super::{folders::accessors, doc};\n"),
            ("src/emit/folders.rs", "use super::client::{method, other};\n"),
            ("src/ir.rs", "use crate::emit;\n"),
        ]);
        assert_eq!(found, [["src/emit/client.rs", "src/emit/folders.rs"]]);
    }

    #[test]
    fn a_circle_through_a_child_module_is_found() {
        let found = check(&[
            ("src/lib.rs", "mod infer;\nmod jsonish;\n"),
            ("src/infer/mod.rs", "pub mod shape;\n"),
            ("src/infer/shape.rs", "mod read;\nuse read::Absorb;\n"),
            ("src/infer/shape/read.rs", "use super::*;\nuse crate::jsonish::Strict;\n"),
            ("src/jsonish.rs", "pub fn shape() -> crate::infer::shape::Shape { unreachable_in_this_text() }\n"),
        ]);
        assert_eq!(found, [["src/infer/shape/read.rs", "src/infer/shape.rs", "src/jsonish.rs"]]);
    }

    #[test]
    fn parts_leaning_on_their_whole_tests_and_comments_are_not_circles() {
        let found = check(&[
            ("src/lib.rs", "mod lower;\nmod ir;\n"),
            ("src/lower/mod.rs", "mod naming;\n#[cfg(test)]\nmod tests;\nuse naming::names;\n/// See [`crate::ir::Api`] and crate::lower::naming.\npub fn lower() {}\n"),
            ("src/lower/naming.rs", "use super::helper;\nuse crate::ir::Api;\n// crate::lower::lower() calls this\n\n#[cfg(test)]\nmod tests {\n    use crate::lower::lower;\n}\n"),
            ("src/lower/tests.rs", "use super::naming::*;\nuse crate::lower::lower;\n"),
            ("src/ir.rs", "pub struct Api; // made by crate::lower::lower\n"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_generator_has_no_circles() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/src/lib.rs");
        let read = |p: &Path| std::fs::read_to_string(p).ok();
        let found = circles(&root, &read);
        assert!(found.is_empty(), "import circles in the generator: {found:?}");
    }
}
