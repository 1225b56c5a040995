//! The API change between two generations of a crate, for the summary `generate` prints: the public
//! types, methods and fields added, removed, renamed and changed, read from the Rust sources (the
//! public items of `src/`) and from the two names files (which say what was renamed: the same place
//! in the collection under another name).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use quote::ToTokens;

use crate::settings::names_file::{self, Names};

/// What a public item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A struct, enum or type alias.
    Type,
    /// A method or associated function (`Client::get_user`, `GetUser::login_type`).
    Method,
    /// A public field of a struct (`User.pmi`).
    Field,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Type => "type",
            Kind::Method => "method",
            Kind::Field => "field",
        })
    }
}

/// One public item: what it is, the type it belongs to (for methods and fields) and its signature
/// as a reader writes it (`fn get_user(&self, user_id: impl Into<String>) -> GetUser<'_>`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    kind: Kind,
    owner: Option<String>,
    signature: String,
}

/// The public items of a crate's sources, by name (`types::User`, `Client::get_user`, `User.pmi`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    items: BTreeMap<String, Item>,
}

impl Surface {
    /// The public items of the Rust files among `files` (paths under `src/`), each under the module
    /// that shows it: a `mod.rs` is its folder's module, and the items of a part that its parent
    /// re-exports whole (`pub use part::*;`, as the runtime's parts are) are the parent's. A file
    /// that does not parse adds nothing.
    pub fn of(files: &[(String, String)]) -> Surface {
        let parsed: Vec<(String, syn::File)> = files
            .iter()
            .filter(|(p, _)| p.starts_with("src/") && p.ends_with(".rs"))
            .filter_map(|(path, text)| {
                let module = path.trim_start_matches("src/").trim_end_matches(".rs").trim_end_matches("/mod").replace('/', "::");
                Some((module, syn::parse_file(text).ok()?))
            })
            .collect();
        let mut shown_by: BTreeMap<String, String> = BTreeMap::new();
        for (module, file) in &parsed {
            for item in &file.items {
                if let syn::Item::Use(syn::ItemUse { vis, tree: syn::UseTree::Path(path), .. }) = item {
                    if is_public(vis) && matches!(*path.tree, syn::UseTree::Glob(_)) {
                        shown_by.insert(format!("{module}::{}", path.ident), module.clone());
                    }
                }
            }
        }
        let mut surface = Surface::default();
        for (module, file) in &parsed {
            surface.add_items(shown_by.get(module).unwrap_or(module), &file.items);
        }
        surface
    }

    /// How many items of `kind` there are.
    pub fn count(&self, kind: Kind) -> usize {
        self.items.values().filter(|item| item.kind == kind).count()
    }

    fn add_items(&mut self, module: &str, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Struct(s) if is_public(&s.vis) => {
                    let name = s.ident.to_string();
                    self.add_type(module, &name, format!("struct {name}{}", generics(&s.generics)));
                    for field in &s.fields {
                        if let (true, Some(ident)) = (is_public(&field.vis), &field.ident) {
                            let signature = format!("{ident}: {}", readable(&field.ty.to_token_stream().to_string()));
                            self.items.insert(format!("{name}.{ident}"), Item { kind: Kind::Field, owner: Some(name.clone()), signature });
                        }
                    }
                }
                syn::Item::Enum(e) if is_public(&e.vis) => {
                    let name = e.ident.to_string();
                    let variants: Vec<String> = e
                        .variants
                        .iter()
                        .map(|v| match &v.fields {
                            syn::Fields::Unit => v.ident.to_string(),
                            fields => format!("{}{}", v.ident, readable(&fields.to_token_stream().to_string())),
                        })
                        .collect();
                    self.add_type(module, &name, format!("enum {name}{} {{ {} }}", generics(&e.generics), variants.join(", ")));
                }
                syn::Item::Type(t) if is_public(&t.vis) => {
                    let name = t.ident.to_string();
                    self.add_type(module, &name, format!("type {name} = {}", readable(&t.ty.to_token_stream().to_string())));
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    let owner = match &*i.self_ty {
                        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
                        _ => None,
                    };
                    let Some(owner) = owner else { continue };
                    for member in &i.items {
                        if let syn::ImplItem::Fn(f) = member {
                            if is_public(&f.vis) {
                                let signature = readable(&f.sig.to_token_stream().to_string());
                                self.items.insert(format!("{owner}::{}", f.sig.ident), Item { kind: Kind::Method, owner: Some(owner.clone()), signature });
                            }
                        }
                    }
                }
                syn::Item::Mod(m) if is_public(&m.vis) => {
                    if let Some((_, inner)) = &m.content {
                        self.add_items(&format!("{module}::{}", m.ident), inner);
                    }
                }
                _ => {}
            }
        }
    }

    fn add_type(&mut self, module: &str, name: &str, signature: String) {
        self.items.insert(format!("{module}::{name}"), Item { kind: Kind::Type, owner: None, signature });
    }
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn generics(generics: &syn::Generics) -> String {
    readable(&generics.to_token_stream().to_string())
}

/// Token text as a person writes it: `& self , user_id : impl :: std :: convert :: Into < :: std ::
/// string :: String >` becomes `&self, user_id: impl Into<String>`. Absolute paths, and paths into
/// `std`, `core`, `serde`, `serde_json`, `reqwest` and the crate itself, keep their last segment.
fn readable(tokens: &str) -> String {
    let words = lex(tokens);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    // Drop the leading segments of `:: std :: a :: B`, `:: core :: …` and `crate :: a :: B`.
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // Absolute paths (`::serde_json::Value`), and those of the crate and the crates the
        // generated files name by path (`crate::types::User`, `serde_json::Value`, `reqwest::Client`),
        // so that the full paths of older crates read as the short ones of newer ones.
        let absolute = words[i] == "::" && words.get(i + 1).is_some_and(|w| is_ident(w)) && (i == 0 || !is_ident(words[i - 1]) || matches!(words[i - 1], "mut" | "dyn" | "impl" | "as" | "for" | "in" | "where" | "const"));
        let named = matches!(words[i], "crate" | "std" | "core" | "alloc" | "serde" | "serde_json" | "reqwest") && words.get(i + 1) == Some(&"::") && (i == 0 || words[i - 1] != "::");
        let starts_path = absolute || named;
        if starts_path {
            // Skip `segment ::` pairs up to the last segment.
            let mut j = if words[i] == "::" { i + 1 } else { i };
            while words.get(j + 1) == Some(&"::") && words.get(j + 2).is_some_and(|w| is_ident(w)) {
                j += 2;
            }
            kept.push(words[j]);
            i = j + 1;
        } else {
            kept.push(words[i]);
            i += 1;
        }
    }
    // A trailing comma before a closing bracket is the formatter's, not the reader's.
    let kept: Vec<&str> = kept.iter().enumerate().filter(|(n, word)| !(**word == "," && matches!(kept.get(n + 1), Some(&")" | &">" | &"]" | &"}")))).map(|(_, word)| *word).collect();
    let mut text = String::new();
    for (n, word) in kept.iter().enumerate() {
        let previous = if n == 0 { "" } else { kept[n - 1] };
        let glue = n > 0 && needs_space(previous, word);
        if glue {
            text.push(' ');
        }
        text.push_str(word);
    }
    text
}

/// Splits token text into identifiers, lifetimes, literals' words, `::`, `->` and single punctuation.
fn lex(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut word = c.to_string();
        if c.is_alphanumeric() || c == '_' || c == '\'' {
            while let Some(&next) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(next);
                chars.next();
            }
        } else if (c == ':' && chars.peek() == Some(&':')) || (c == '-' && chars.peek() == Some(&'>')) {
            word.extend(chars.next());
        }
        words.push(word);
    }
    words
}

fn is_ident(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') && word.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Whether two adjacent tokens are written with a space between them.
fn needs_space(previous: &str, word: &str) -> bool {
    if matches!(word, "," | ";" | ")" | ">" | "]" | "::" | "." | "?" | ":") || matches!(previous, "(" | "[" | "<" | "&" | "::" | "." | "#" | "'") {
        return false;
    }
    if word == "(" || word == "<" || word == "[" {
        // `fn name(`, `Vec<`, `Option<`; but `-> (`, `impl (`, `, (` keep the space.
        return !is_ident(previous) || matches!(previous, "impl" | "dyn" | "mut" | "fn" | "in");
    }
    true
}

/// The change from one generation to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiChange {
    /// Items that are new: `(kind, name, signature)`.
    pub added: Vec<(Kind, String, String)>,
    /// Items that are gone: `(kind, name, signature)`.
    pub removed: Vec<(Kind, String, String)>,
    /// Items that are at the same place in the collection under another name: `(kind, old, new)`.
    pub renamed: Vec<(Kind, String, String)>,
    /// Items whose signature changed: `(kind, name, old signature, new signature)`.
    pub changed: Vec<(Kind, String, String, String)>,
}

impl ApiChange {
    /// The change from the crate `previous` (its files; empty when there was none) to `next`.
    pub fn between(previous: &[(String, String)], next: &[(String, String)]) -> ApiChange {
        let (before, after) = (Surface::of(previous), Surface::of(next));
        let (old_names, new_names) = (names_in(previous), names_in(next));
        // Renames the names files show: an operation's place (its `Client` method and the types
        // named after it, such as its builder) or a type's place, under another name.
        let mut renamed_idents: BTreeMap<String, String> = BTreeMap::new();
        for (place, old) in &old_names.operations {
            if let Some(new) = new_names.operations.get(place).filter(|new| *new != old) {
                renamed_idents.insert(old.clone(), new.clone());
                renamed_idents.insert(pascal(old), pascal(new));
            }
        }
        for (place, old) in &old_names.types {
            if let Some(new) = new_names.types.get(place).filter(|new| *new != old) {
                renamed_idents.insert(old.clone(), new.clone());
            }
        }
        let rename = |key: &str| -> String { rename_words(key, &renamed_idents) };
        let mut change = ApiChange::default();
        let mut matched: BTreeSet<&str> = BTreeSet::new();
        for (key, item) in &before.items {
            let new_key = rename(key);
            match after.items.get(&new_key) {
                Some(next_item) => {
                    matched.insert(after.items.get_key_value(&new_key).map(|(k, _)| k.as_str()).unwrap_or_default());
                    // Members follow their owner's rename; only the item itself is reported.
                    let owner_renamed = item.owner.as_deref().is_some_and(|owner| renamed_idents.contains_key(owner));
                    if new_key != *key && !owner_renamed {
                        change.renamed.push((item.kind, key.clone(), new_key.clone()));
                    }
                    if rename(&item.signature) != next_item.signature {
                        change.changed.push((item.kind, new_key, item.signature.clone(), next_item.signature.clone()));
                    }
                }
                None => change.removed.push((item.kind, key.clone(), item.signature.clone())),
            }
        }
        for (key, item) in &after.items {
            if !matched.contains(key.as_str()) {
                change.added.push((item.kind, key.clone(), item.signature.clone()));
            }
        }
        // Members of a type that is itself added or removed are that type's news, not their own.
        let types_of = |list: &[(Kind, String, String)]| -> BTreeSet<String> {
            list.iter().filter(|(kind, _, _)| *kind == Kind::Type).map(|(_, key, _)| key.rsplit("::").next().unwrap_or(key).to_owned()).collect()
        };
        let (added_types, removed_types) = (types_of(&change.added), types_of(&change.removed));
        change.added.retain(|(kind, key, _)| *kind == Kind::Type || !added_types.contains(owner_of(&after, key)));
        change.removed.retain(|(kind, key, _)| *kind == Kind::Type || !removed_types.contains(owner_of(&before, key)));
        change
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.renamed.is_empty() && self.changed.is_empty()
    }

    /// The change as a short list for a terminal: one line per item, at most `limit` per group,
    /// then how many more.
    pub fn render(&self, limit: usize) -> String {
        let mut out = String::new();
        let mut group = |title: &str, lines: Vec<String>| {
            if lines.is_empty() {
                return;
            }
            out.push_str(&format!("  {title} ({}):\n", lines.len()));
            for line in lines.iter().take(limit) {
                out.push_str(&format!("    {line}\n"));
            }
            if lines.len() > limit {
                out.push_str(&format!("    … and {} more\n", lines.len() - limit));
            }
        };
        group("added", self.added.iter().map(|(kind, key, signature)| describe(*kind, key, signature)).collect());
        group("removed", self.removed.iter().map(|(kind, key, signature)| describe(*kind, key, signature)).collect());
        group("renamed", self.renamed.iter().map(|(kind, old, new)| format!("{kind} {old} → {new}")).collect());
        group("changed", self.changed.iter().map(|(kind, key, old, new)| format!("{kind} {key}: `{old}` → `{new}`")).collect());
        out
    }
}

fn describe(kind: Kind, key: &str, signature: &str) -> String {
    match kind {
        Kind::Type => format!("type {key}"),
        _ => format!("{kind} {key}: `{signature}`"),
    }
}

fn owner_of<'a>(surface: &'a Surface, key: &str) -> &'a str {
    surface.items.get(key).and_then(|item| item.owner.as_deref()).unwrap_or("")
}

/// `get_user_2` → `GetUser2`, as the emitter names an operation's builder.
fn pascal(snake: &str) -> String {
    heck::ToUpperCamelCase::to_upper_camel_case(snake)
}

/// `text` with every identifier that `renames` maps replaced (whole identifiers only).
fn rename_words(text: &str, renames: &BTreeMap<String, String>) -> String {
    if renames.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(renames.get(word.as_str()).unwrap_or(word));
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The names file among `files`, or none.
fn names_in(files: &[(String, String)]) -> Names {
    files.iter().find(|(path, _)| path == names_file::FILE).and_then(|(_, text)| serde_json::from_str(text).ok()).unwrap_or_default()
}

/// The files of the crate in `dir` that [`ApiChange::between`] reads: its Rust sources under `src/`
/// and its names file. Nothing when there is no crate there.
pub fn read_crate(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    if let Ok(text) = std::fs::read_to_string(dir.join(names_file::FILE)) {
        files.push((names_file::FILE.to_owned(), text));
    }
    let mut stack = vec![(dir.join("src"), "src".to_owned())];
    while let Some((path, relative)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else { continue };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
            let file_type = entry.file_type();
            if file_type.as_ref().is_ok_and(|t| t.is_dir()) {
                stack.push((entry.path(), format!("{relative}/{name}")));
            } else if name.ends_with(".rs") && file_type.is_ok_and(|t| t.is_file()) {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    files.push((format!("{relative}/{name}"), text));
                }
            }
        }
    }
    files
}

/// What `generate` reports when it is done: counts, and the change against the previous output.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Operations (methods of `Client`) in the new crate.
    pub operations: usize,
    /// Types inferred from the collection's samples.
    pub types: usize,
    /// Warnings about the collection.
    pub warnings: usize,
    /// The variables nothing resolved, and what each became.
    pub unresolved: Vec<String>,
    /// Whether there was a crate before.
    pub had_previous: bool,
    /// The change against it.
    pub change: ApiChange,
}

impl Summary {
    /// The summary of generating `next` where `previous` was (see [`read_crate`]).
    pub fn new(previous: &[(String, String)], next: &crate::Generated) -> Summary {
        let had_previous = previous.iter().any(|(path, _)| path.starts_with("src/"));
        let change = if had_previous { ApiChange::between(previous, &next.files) } else { ApiChange::default() };
        Summary { operations: next.operations, types: next.types, warnings: next.warnings.len(), unresolved: next.unresolved.clone(), had_previous, change }
    }

    /// The summary for a terminal, at most `limit` lines per group of the change.
    pub fn render(&self, limit: usize) -> String {
        let plural = |n: usize, what: &str| if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") };
        let mut out = format!("{}, {}, {}", plural(self.operations, "operation"), plural(self.types, "type"), plural(self.warnings, "warning"));
        if !self.had_previous {
            out.push_str("; a new crate\n");
        } else if self.change.is_empty() {
            out.push_str("; the public API is unchanged\n");
        } else {
            out.push_str("; public API change against the previous output:\n");
            out.push_str(&self.change.render(limit));
        }
        if !self.unresolved.is_empty() {
            out.push_str(&format!("  variables nothing sets ({}; an environment or --var can):\n", self.unresolved.len()));
            for line in self.unresolved.iter().take(limit) {
                out.push_str(&format!("    {line}\n"));
            }
            if self.unresolved.len() > limit {
                out.push_str(&format!("    … and {} more\n", self.unresolved.len() - limit));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_text_reads_as_written() {
        assert_eq!(readable("& self , user_id : impl :: std :: convert :: Into < :: std :: string :: String >"), "&self, user_id: impl Into<String>");
        assert_eq!(readable("pub fn get_user (& self) -> crate :: builders :: GetUser < '_ >"), "pub fn get_user(&self) -> GetUser<'_>");
        assert_eq!(readable(":: std :: option :: Option < :: std :: vec :: Vec < i64 > >"), "Option<Vec<i64>>");
        assert_eq!(readable("< 'a >"), "<'a>");
        assert_eq!(readable("fn f(& self , body : crate :: types :: Body ,)"), "fn f(&self, body: Body)");
        assert_eq!(readable("x : :: serde_json :: Value"), readable("x : Value"));
        assert_eq!(readable("http : & mut :: reqwest :: Request"), readable("http : & mut reqwest :: Request"));
        assert_eq!(readable("fn f(& 'a self , x : & mut [u8]) -> (i64 , bool)"), "fn f(&'a self, x: &mut [u8]) -> (i64, bool)");
    }

    #[test]
    fn identifiers_are_renamed_whole() {
        let renames: BTreeMap<String, String> = [("GetUser".to_owned(), "GetUser2".to_owned())].into();
        assert_eq!(rename_words("fn get(&self) -> GetUser<'_>, GetUsers", &renames), "fn get(&self) -> GetUser2<'_>, GetUsers");
    }

    #[test]
    fn a_module_split_into_parts_it_re_exports_is_the_same_surface() {
        let whole = [("src/runtime.rs".to_owned(), "pub struct Secret(String);\npub fn fill(a: &str) {}\nfn private() {}\n".to_owned())];
        let parts = [
            ("src/runtime/mod.rs".to_owned(), "mod auth;\nmod url;\npub use auth::*;\npub use url::*;\n".to_owned()),
            ("src/runtime/auth.rs".to_owned(), "pub struct Secret(String);\n".to_owned()),
            ("src/runtime/url.rs".to_owned(), "pub fn fill(a: &str) {}\nfn private() {}\n".to_owned()),
        ];
        assert_eq!(Surface::of(&whole), Surface::of(&parts));
        assert!(ApiChange::between(&whole, &parts).is_empty());
        // A part that is not re-exported whole keeps its own path.
        let apart = [("src/runtime/mod.rs".to_owned(), "pub mod auth;\n".to_owned()), parts[1].clone()];
        assert_ne!(Surface::of(&whole), Surface::of(&apart));
    }
}
