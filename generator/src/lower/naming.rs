//! Operation names: from the item name, qualified by folder or by method and path where items
//! share one, and kept from the crate's names file while free; an operation's place, which keys them.

use std::collections::BTreeMap;

use super::params::is_api_root;
use crate::diagnostics::Diagnostics;
use crate::ir::{Operation, PathPart};
use crate::names::{is_keyword, is_reserved_type, pascal_ident, rename_one, snake_ident, Scope};
use crate::resolve::parse_url;

/// Method names of the generated `Client` that operations must not take.
pub(super) const CLIENT_METHODS: &[&str] = &["builder", "base_url", "http_client", "with_retry", "without_retry", "new", "clone", "fmt"];

/// Operation names: the item name in `snake_case` without articles. A name several items share is
/// qualified: when the items are named by their path (`/reading/:readingID`, as collections made
/// from OpenAPI are), by their method and path ([`rest_name`]); otherwise by their folder. Names
/// still shared are numbered in collection order. An operation whose place has a name in `previous`
/// (the crate's names file) keeps it first, while it is free.
pub(super) fn operation_names(operations: &[Operation], previous: &BTreeMap<String, String>) -> Vec<String> {
    let base: Vec<String> = operations.iter().map(|op| operation_base_name(&op.title)).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &base {
        *counts.entry(name).or_default() += 1;
    }
    let mut scope = Scope::with_reserved(CLIENT_METHODS.iter().copied());
    let wanted: Vec<String> = operations
        .iter()
        .zip(&base)
        .map(|(op, name)| match (counts[name.as_str()] > 1, op.folders.last()) {
            (false, _) => name.clone(),
            (true, _) if named_by_path(&op.title) => rest_name(op),
            (true, Some(folder)) => format!("{}_{name}", snake_ident(folder, "folder")),
            (true, None) => name.clone(),
        })
        .collect();
    // The names of an earlier generation first, where free (the file is input: only a snake_case
    // identifier that no client method has is taken from it), then the others in order.
    let mut names: Vec<Option<String>> = vec![None; operations.len()];
    for (op, slot) in operations.iter().zip(&mut names) {
        let kept = previous.get(&operation_place(op)).filter(|name| snake_ident(name, "") == **name && !is_keyword(name) && scope.is_free(name));
        if let Some(name) = kept {
            *slot = Some(scope.claim(name, false));
        }
    }
    names.into_iter().zip(&wanted).map(|(kept, name)| kept.unwrap_or_else(|| scope.claim(name, false))).collect()
}

/// Where an operation is, independent of the items around it: its method, path and the folders
/// and item name it is under (`GET /users/{userId} Users/Get a user`). The crate's names file keys
/// operation names by it.
pub fn operation_place(op: &Operation) -> String {
    let wire = |index: &usize| op.params.get(*index).map_or("", |p| p.wire_name.as_str());
    let mut path = String::new();
    for part in &op.path {
        path.push('/');
        match part {
            PathPart::Literal(text) => path.push_str(text),
            PathPart::Param(index) => path.push_str(&format!("{{{}}}", wire(index))),
            PathPart::Template(pieces) => {
                for (text, param) in pieces {
                    path.push_str(text);
                    if let Some(index) = param {
                        path.push_str(&format!("{{{}}}", wire(index)));
                    }
                }
            }
        }
    }
    let mut title = op.folders.join("/");
    if !title.is_empty() {
        title.push('/');
    }
    title.push_str(&op.title);
    format!("{} {} {title}", op.method, if path.is_empty() { "/" } else { &path })
}

/// Whether an item's name is its URL or path (`/reading/:id`, `http://localhost:3000/questions`,
/// `{{baseUrl}}/users`) rather than words.
pub(super) fn named_by_path(name: &str) -> bool {
    let name = name.trim_start().to_ascii_lowercase();
    name.starts_with('/') || name.starts_with("http://") || name.starts_with("https://") || (name.starts_with("{{") && name.contains('/') && !name.contains(' '))
}

/// The name of an item named by its URL or path: the path's segments without the origin, the
/// query, API roots (`api`, `v1`) and the `:` of parameters (`/api/DrinksOrder/GetAllOrders` →
/// `drinks_order_get_all_orders`, `http://localhost:3000/questions` → `questions`).
pub(super) fn path_title_name(title: &str) -> String {
    let path = parse_url(title).path;
    let words: Vec<&str> = path.iter().map(|s| s.trim_start_matches(':')).filter(|s| !s.is_empty() && !is_api_root(s)).collect();
    snake_ident(&words.join(" "), "request")
}

/// A name from the method and the lowered path: the method, the path's fixed segments, and `by` the
/// last segment's parameter when the path ends in one (`GET /reading/:readingID` →
/// `get_reading_by_reading_id`, `GET /reading` → `get_reading`, `POST /users/:id/repos` →
/// `post_users_repos`).
pub(super) fn rest_name(op: &Operation) -> String {
    let param = |part: &PathPart| match part {
        PathPart::Literal(_) => None,
        PathPart::Param(index) => Some(*index),
        PathPart::Template(pieces) => pieces.iter().find_map(|(_, param)| *param),
    };
    let mut words: Vec<String> = vec![op.method.clone()];
    for part in &op.path {
        if let PathPart::Literal(text) = part {
            let text = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
            if !is_api_root(&text) {
                words.push(text.into_owned());
            }
        }
    }
    if let Some(index) = op.path.last().and_then(param) {
        words.push("by".to_owned());
        words.push(op.params[index].name.clone());
    }
    snake_ident(&words.join(" "), "request")
}

pub(super) fn operation_base_name(title: &str) -> String {
    if named_by_path(title) {
        return path_title_name(title);
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    let kept: Vec<&str> = words.iter().copied().filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the")).collect();
    let text = if kept.is_empty() { words.join(" ") } else { kept.join(" ") };
    snake_ident(&text, "request")
}

/// Applies the settings file's `[rename] operations` (generated name → new name) to `operations`:
/// each renamed operation keeps its generated name in [`Operation::renamed_from`], and takes the
/// builder type of its new name while that is free. A rename of an operation that does not exist,
/// to a name that is taken or not a `snake_case` identifier, is a warning.
pub fn rename_operations(operations: &mut [Operation], renames: &BTreeMap<String, String>, diagnostics: &mut Diagnostics) {
    for (old, new) in renames {
        let valid = snake_ident(new, "") == *new && !is_keyword(new);
        let why_not = "it is not a snake_case Rust identifier";
        if !rename_one(operations, |op| &mut op.name, "operation", (old, new), valid.then_some(()).ok_or(why_not), diagnostics) {
            continue;
        }
        let builder = pascal_ident(new, "Request");
        let free = !is_reserved_type(&builder) && !operations.iter().any(|o| o.builder_name == builder);
        if let Some(op) = operations.iter_mut().find(|op| &op.name == new) {
            op.renamed_from = Some(old.clone());
            if free {
                op.builder_name = builder;
            }
        }
    }
}
