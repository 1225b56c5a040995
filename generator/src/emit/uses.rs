//! Short paths and the `use` header of each generated file. The emitters write every path in full
//! (`::std::string::String`, `::serde::Serialize`, `crate::runtime::Slot`); before a file is formatted, this
//! pass writes a path short where no name of the file can mean something else:
//!
//! - a prelude name (`String`, `Option`, `Some`, `Clone`…) bare, in every file: each is reserved
//!   (see `names.rs`), so no generated type, builder or folder takes it;
//! - a name of [`PATHS`] that needs an import (`Value`, `Serialize`, `Duration`, `Slot`…) bare,
//!   with a `use` in the file's header, where the file defines no item that could have that name
//!   ([`free_in`]): in the files of generated types only a reserved name, anywhere else any name;
//! - a path from another crate otherwise without its leading `::` (`serde::de::Error::custom`):
//!   no generated module is named like a crate.
//!
//! A file's header imports what its tokens use and nothing else, so it has no unused import. The
//! parts of a large file (see `parts.rs`) are shortened apart, and their imports joined.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

use crate::names::is_reserved_type;

/// How a path of [`PATHS`] may be written short.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Short {
    /// Bare, without an import: in the prelude (and reserved).
    Prelude,
    /// A macro of the prelude, bare: the path alone (`::std::env`, not `::std::env::var`).
    Macro,
    /// Bare inside `derive(…)` (the prelude has the derive macro), imported elsewhere (the trait
    /// is not in the prelude).
    Derive,
    /// Bare with an import, where the name is free ([`free_in`]).
    Import,
}

/// The paths the emitters write that a file may write short. No two share their last segment (a
/// unit test checks), so one file never imports two items under one name. `crate::Error` and
/// `crate::Client` are not here: the docs link them as ``[`Error::Api`](crate::Error::Api)``, which
/// rustdoc calls redundant once `Error` is in scope.
const PATHS: &[(&str, Short)] = &[
    ("::std::option::Option", Short::Prelude),
    ("::std::option::Option::Some", Short::Prelude),
    ("::std::option::Option::None", Short::Prelude),
    ("::std::result::Result", Short::Prelude),
    ("::std::result::Result::Ok", Short::Prelude),
    ("::std::result::Result::Err", Short::Prelude),
    ("::std::string::String", Short::Prelude),
    ("::std::vec::Vec", Short::Prelude),
    ("::std::boxed::Box", Short::Prelude),
    ("::std::default::Default", Short::Prelude),
    ("::std::clone::Clone", Short::Prelude),
    ("::std::cmp::PartialEq", Short::Prelude),
    ("::std::cmp::Eq", Short::Prelude),
    ("::std::marker::Copy", Short::Prelude),
    ("::std::marker::Send", Short::Prelude),
    ("::std::marker::Sync", Short::Prelude),
    ("::std::ops::Fn", Short::Prelude),
    ("::std::convert::Into", Short::Prelude),
    ("::std::borrow::ToOwned", Short::Prelude),
    ("::std::iter::IntoIterator", Short::Prelude),
    ("::std::concat", Short::Macro),
    ("::std::env", Short::Macro),
    ("::std::format", Short::Macro),
    ("::std::fmt::Debug", Short::Derive),
    ("::std::hash::Hash", Short::Derive),
    ("::std::collections::BTreeMap", Short::Import),
    ("::std::future::IntoFuture", Short::Import),
    ("::std::path::Path", Short::Import),
    ("::std::path::PathBuf", Short::Import),
    ("::std::sync::Arc", Short::Import),
    ("::std::time::Duration", Short::Import),
    ("::serde::Deserialize", Short::Import),
    ("::serde::Deserializer", Short::Import),
    ("::serde::Serialize", Short::Import),
    ("::serde::Serializer", Short::Import),
    ("::serde::de::DeserializeOwned", Short::Import),
    ("::serde::de::MapAccess", Short::Import),
    ("::serde_json::Value", Short::Import),
    ("::serde_json::value::RawValue", Short::Import),
    ("crate::ApiError", Short::Import),
    ("crate::Hook", Short::Import),
    ("crate::OAuth2", Short::Import),
    ("crate::Pending", Short::Import),
    ("crate::PendingResponse", Short::Import),
    ("crate::RequestInfo", Short::Import),
    ("crate::ResponseInfo", Short::Import),
    ("crate::ResponseValue", Short::Import),
    ("crate::RetryPolicy", Short::Import),
    ("crate::TokenProvider", Short::Import),
    ("crate::hooks::Hooks", Short::Import),
    ("crate::runtime::AuthScheme", Short::Import),
    ("crate::runtime::ClientCore", Short::Import),
    ("crate::runtime::Credentials", Short::Import),
    ("crate::runtime::DecodeFields", Short::Import),
    ("crate::runtime::Entries", Short::Import),
    ("crate::runtime::OperationSpec", Short::Import),
    ("crate::runtime::RawResponse", Short::Import),
    ("crate::runtime::RequestSpec", Short::Import),
    ("crate::runtime::SampleRecorder", Short::Import),
    ("crate::runtime::Secret", Short::Import),
    ("crate::runtime::Slot", Short::Import),
];

/// The crates whose paths lose their leading `::` when no entry of [`PATHS`] shortens them more.
const CRATES: &[&str] = &["std", "serde", "serde_json", "serde_path_to_error", "reqwest"];

/// The paths a file imports (`std::time::Duration`, `crate::runtime::Slot`), sorted, each with the `cfg`
/// predicates of the items that use it: `None` when an item without one does (the import is then
/// unconditional), else the predicates (the import is `#[cfg(any(…))]`, so that no feature set
/// leaves it unused).
pub(super) type Uses = BTreeMap<&'static str, Option<BTreeSet<String>>>;

/// Joins the imports of `more` into `uses`.
pub(super) fn join(uses: &mut Uses, more: &Uses) {
    for (path, gates) in more {
        note(uses, path, gates.as_ref().map_or(Gate::None, Gate::Any));
    }
}

/// Under what `cfg` a path is used.
enum Gate<'a> {
    None,
    One(&'a str),
    Any(&'a BTreeSet<String>),
}

fn note(uses: &mut Uses, path: &'static str, gate: Gate<'_>) {
    let entry = uses.entry(path).or_insert_with(|| Some(BTreeSet::new()));
    match (entry.as_mut(), gate) {
        (None, _) => {}
        (Some(_), Gate::None) => *entry = None,
        (Some(gates), Gate::One(gate)) => {
            gates.insert(gate.to_owned());
        }
        (Some(gates), Gate::Any(more)) => gates.extend(more.iter().cloned()),
    }
}

/// Could no item that the file at `file` defines be named `name`? Types, builders, folders and
/// parameter structs are never named like a reserved name; the response enums all end in
/// `Response` or `Error` after a builder's name; the other files of the crate define fixed names
/// only (`Client`, `ClientBuilder`). The crate root, examples and tests import nothing.
fn free_in(file: &str, name: &str) -> bool {
    match file {
        "src/types.rs" | "src/builders.rs" | "src/folders.rs" | "src/params.rs" => is_reserved_type(name),
        "src/responses.rs" => !["Response", "Error"].iter().any(|suffix| name.len() > suffix.len() && name.ends_with(suffix)),
        "src/client.rs" | "src/types/impls.rs" => !matches!(name, "Client" | "ClientBuilder"),
        _ => false,
    }
}

/// The module path of the file's own items (`crate::types` in `src/types.rs`), which the file
/// writes bare.
fn own_module(file: &str) -> Option<&'static str> {
    match file {
        "src/types.rs" => Some("crate::types"),
        _ => None,
    }
}

/// Shortens the paths of `tokens`, the tokens of (a part of) the file at `file`, and adds what it
/// imports to `uses`.
pub(super) fn shorten(file: &str, tokens: TokenStream, uses: &mut Uses) -> TokenStream {
    shorten_trees(file, tokens, Context { in_derive: false, gate: None }, uses).0
}

/// Where a token list is: inside `derive(…)`, under a `cfg` predicate.
#[derive(Clone, Copy)]
struct Context<'a> {
    in_derive: bool,
    gate: Option<&'a str>,
}

/// What the pass needs to know of a token it has moved on from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// `:` and whether it is joint to the next one.
    Colon(bool),
    /// A `-` or `=` joint to the next token (`->`, `=>`).
    ArrowStart,
    /// The identifier `derive`.
    Derive,
    /// `#`.
    Hash,
    Other,
}

fn seen(tree: &TokenTree) -> Seen {
    match tree {
        TokenTree::Punct(p) if p.as_char() == ':' => Seen::Colon(p.spacing() == Spacing::Joint),
        TokenTree::Punct(p) if matches!(p.as_char(), '-' | '=') && p.spacing() == Spacing::Joint => Seen::ArrowStart,
        TokenTree::Punct(p) if p.as_char() == '#' => Seen::Hash,
        TokenTree::Ident(id) if id == "derive" => Seen::Derive,
        _ => Seen::Other,
    }
}

/// The pass over one token list, and the predicate if the list is the inside of `#[cfg(…)]`. It
/// takes the tokens by value, so that each is moved, not cloned, into the output (a group's stream
/// is its own once the group is taken apart).
fn shorten_trees(file: &str, stream: TokenStream, context: Context<'_>, uses: &mut Uses) -> (TokenStream, Option<String>) {
    let mut tokens: Vec<TokenTree> = stream.into_iter().collect();
    let cfg = match tokens.as_slice() {
        [TokenTree::Ident(cfg), TokenTree::Group(predicate)] if cfg == "cfg" && predicate.delimiter() == Delimiter::Parenthesis => {
            Some(predicate.stream().to_string())
        }
        _ => None,
    };
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.len());
    // The `cfg` of the item, field or statement being read (from its attributes, until its end: a
    // `;`, a `,` outside `<…>`, or its `{…}` body), with the enclosing one.
    let mut own: Option<String> = None;
    let mut angles = 0usize;
    // The two tokens before `tokens[i]`, as they were.
    let (mut before, mut last) = (Seen::Other, Seen::Other);
    let mut i = 0;
    while i < tokens.len() {
        let gate = own.as_deref().or(context.gate);
        // Not in the middle of a path (`a::b::c` is one path, from `a`).
        let after_colons = before == Seen::Colon(true) && matches!(last, Seen::Colon(_));
        if !after_colons {
            if let Some((segments, end)) = path_at(&tokens, i) {
                if let Some(short) = short_path(file, &segments, Context { in_derive: context.in_derive, gate }, uses) {
                    out.extend(short);
                    // A path ends with an identifier.
                    (before, last) = (Seen::Other, Seen::Other);
                    i = end;
                    continue;
                }
            }
        }
        let tree = std::mem::replace(&mut tokens[i], TokenTree::Punct(Punct::new('.', Spacing::Alone)));
        let this = seen(&tree);
        let mut ends = false;
        match tree {
            TokenTree::Group(group) => {
                let inner_context = Context { in_derive: context.in_derive || last == Seen::Derive, gate };
                let (delimiter, span) = (group.delimiter(), group.span());
                let stream = group.stream();
                drop(group);
                let (inner, predicate) = shorten_trees(file, stream, inner_context, uses);
                let mut new = Group::new(delimiter, inner);
                new.set_span(span);
                out.push(TokenTree::Group(new));
                // `#[cfg(…)]`: the rest of the item, field or statement is under it.
                if let Some(predicate) = predicate.filter(|_| last == Seen::Hash && delimiter == Delimiter::Bracket) {
                    let joined = match (context.gate, own.as_deref()) {
                        (Some(outer), Some(mine)) => format!("all({outer}, {mine}, {predicate})"),
                        (Some(other), None) | (None, Some(other)) => format!("all({other}, {predicate})"),
                        (None, None) => predicate,
                    };
                    own = Some(joined);
                }
                ends = delimiter == Delimiter::Brace && angles == 0;
            }
            TokenTree::Punct(punct) => {
                match punct.as_char() {
                    '<' => angles += 1,
                    '>' if last != Seen::ArrowStart => angles = angles.saturating_sub(1),
                    ';' => ends = true,
                    ',' => ends = angles == 0,
                    _ => {}
                }
                out.push(TokenTree::Punct(punct));
            }
            tree => out.push(tree),
        }
        if ends {
            own = None;
            angles = 0;
        }
        (before, last) = (last, this);
        i += 1;
    }
    (out.into_iter().collect(), cfg)
}

/// Is `tokens[i..]` a `::`?
fn colons_at(tokens: &[TokenTree], i: usize) -> bool {
    matches!((tokens.get(i), tokens.get(i + 1)), (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
        if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
}

/// The path that starts at `tokens[i]` (with its leading `::` as an empty first segment), and
/// where it ends, if it is one of more than one segment.
fn path_at(tokens: &[TokenTree], i: usize) -> Option<(Vec<String>, usize)> {
    // Every path this pass shortens starts with `::` or `crate`: nothing else is looked at twice.
    let absolute = colons_at(tokens, i);
    if !absolute && !matches!(tokens.get(i), Some(TokenTree::Ident(id)) if id == "crate") {
        return None;
    }
    let mut segments = Vec::new();
    let mut at = i;
    if absolute {
        segments.push(String::new());
        at += 2;
    }
    while let Some(TokenTree::Ident(id)) = tokens.get(at) {
        segments.push(id.to_string());
        at += 1;
        if colons_at(tokens, at) && matches!(tokens.get(at + 2), Some(TokenTree::Ident(_))) {
            at += 2;
        } else {
            break;
        }
    }
    (segments.iter().filter(|s| !s.is_empty()).count() >= 2).then_some((segments, at))
}

/// The short tokens of a path, if it has a shorter form in `file`.
fn short_path(file: &str, segments: &[String], context: Context<'_>, uses: &mut Uses) -> Option<TokenStream> {
    let text = segments.join("::");
    let starts = |prefix: &str| text == prefix || text.strip_prefix(prefix).is_some_and(|rest| rest.starts_with("::"));
    let entry = PATHS
        .iter()
        .filter(|&&(path, short)| if short == Short::Macro { text == path } else { starts(path) })
        .max_by_key(|(path, _)| path.len());
    let keep = |count: usize| segments[segments.len() - count..].to_vec();
    let rest = match entry {
        Some(&(path, short)) => {
            let name = path.rsplit("::").next().unwrap_or(path);
            let tail = path.split("::").count();
            let import = match short {
                Short::Prelude | Short::Macro => false,
                Short::Derive => !context.in_derive,
                Short::Import => true,
            };
            if !import || free_in(file, name) {
                if import {
                    note(uses, path.trim_start_matches("::"), context.gate.map_or(Gate::None, Gate::One));
                }
                Some(keep(segments.len() - tail + 1))
            } else {
                None
            }
        }
        None => None,
    };
    let rest = rest.or_else(|| {
        let own = own_module(file).filter(|own| text.strip_prefix(own).is_some_and(|rest| rest.starts_with("::")))?;
        Some(keep(segments.len() - own.split("::").count()))
    });
    let rest = rest.or_else(|| (segments[0].is_empty() && CRATES.contains(&segments[1].as_str())).then(|| segments[1..].to_vec()))?;
    Some(path_tokens(&rest))
}

/// The tokens of a relative path.
fn path_tokens(segments: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for (n, segment) in segments.iter().enumerate() {
        if n > 0 {
            out.extend([TokenTree::Punct(Punct::new(':', Spacing::Joint)), TokenTree::Punct(Punct::new(':', Spacing::Alone))]);
        }
        out.extend([TokenTree::Ident(Ident::new(segment, Span::call_site()))]);
    }
    out
}

/// The `use` items of `uses`, formatted: `std`, then other crates, then `crate`, a blank line
/// between the groups, one item per module (`use serde::{Deserialize, Serialize};`) and `cfg`, the
/// gated ones last. Empty when the file imports nothing.
pub(super) fn header(uses: &Uses) -> String {
    let group = |path: &str| match path.split("::").next() {
        Some("std") => 0,
        Some("crate") => 2,
        _ => 1,
    };
    let mut groups: Vec<String> = Vec::new();
    for g in 0..3 {
        // By predicate (`None` first: the unconditional imports), then module.
        let mut modules: BTreeMap<(Option<String>, &str), Vec<&str>> = BTreeMap::new();
        for (path, gates) in uses.iter().filter(|(path, _)| group(path) == g) {
            let (module, name) = path.rsplit_once("::").unwrap_or(("", path));
            let gate = gates.as_ref().map(|gates| {
                let gates: Vec<&str> = gates.iter().map(String::as_str).collect();
                if gates.len() == 1 { gates[0].to_owned() } else { format!("any({})", gates.join(", ")) }
            });
            modules.entry((gate, module)).or_default().push(name);
        }
        if modules.is_empty() {
            continue;
        }
        // In rustfmt's order: `use serde::de::MapAccess;` before `use serde::{Deserialize, Serialize};`.
        let mut sorted: Vec<((Option<String>, String), TokenStream)> = modules
            .into_iter()
            .map(|((gate, module), names)| {
                let key = if names.len() == 1 { format!("{module}::{}", names[0]) } else { format!("{module}::{{") };
                let module = path_tokens(&module.split("::").map(str::to_owned).collect::<Vec<_>>());
                let names = names.into_iter().map(|name| Ident::new(name, Span::call_site()));
                let tree = if names.len() == 1 { quote::quote!(#(#names)*) } else { quote::quote!({ #(#names),* }) };
                let cfg = gate.as_deref().map(|gate| {
                    let predicate: TokenStream = gate.parse().expect("a cfg predicate");
                    quote::quote!(#[cfg(#predicate)])
                });
                ((gate, key), quote::quote!(#cfg use #module::#tree;))
            })
            .collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let items: TokenStream = sorted.into_iter().map(|(_, item)| item).collect();
        let file: syn::File = syn::parse2(items).expect("use items parse");
        groups.push(prettyplease::unparse(&file));
    }
    groups.join("\n")
}

/// `text` (a file formatted by prettyplease) with the `use` items of `uses` after its inner docs
/// and attributes and its `mod` declarations.
pub(super) fn insert_header(text: &str, uses: &Uses) -> String {
    if uses.is_empty() {
        return text.to_owned();
    }
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !(line.starts_with("//!") || line.starts_with("#![") || line.starts_with("mod ") || line.starts_with("pub mod ")) {
            break;
        }
        at += line.len();
    }
    let header = header(uses);
    let blank = if at < text.len() { "\n" } else { "" };
    format!("{}{header}{blank}{}", &text[..at], &text[at..])
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{header, shorten, Uses, PATHS};

    #[test]
    fn no_two_paths_share_a_name() {
        let mut names = std::collections::BTreeSet::new();
        for (path, _) in PATHS {
            assert!(names.insert(path.rsplit("::").next()), "{path}");
        }
    }

    #[test]
    fn paths_are_shortened_where_free() {
        let tokens = quote! {
            #[derive(::std::fmt::Debug, ::std::clone::Clone)]
            pub struct A { pub b: ::std::vec::Vec<crate::types::B>, pub c: ::serde_json::Value, pub d: ::std::time::Duration }
            impl ::std::fmt::Debug for A {}
            fn f() -> ::std::option::Option<u8> { ::std::option::Option::Some(::serde::de::Error::custom("x")) }
        };
        let mut uses = Uses::new();
        let short = shorten("src/types.rs", tokens, &mut uses).to_string();
        assert_eq!(
            short,
            quote! {
                #[derive(Debug, Clone)]
                pub struct A { pub b: Vec<B>, pub c: Value, pub d: std::time::Duration }
                impl Debug for A {}
                fn f() -> Option<u8> { Some(serde::de::Error::custom("x")) }
            }
            .to_string()
        );
        assert_eq!(uses.keys().copied().collect::<Vec<_>>(), ["serde_json::Value", "std::fmt::Debug"]);
        assert_eq!(header(&uses), "use std::fmt::Debug;\n\nuse serde_json::Value;\n");
    }

    #[test]
    fn an_import_used_under_cfg_only_gets_that_cfg() {
        let tokens = quote! {
            #[cfg(feature = "a")]
            pub struct A(::std::time::Duration);
            #[cfg(feature = "b")]
            pub struct B(::std::time::Duration, ::std::sync::Arc<u8>);
            pub struct C(::std::sync::Arc<u8>);
        };
        let mut uses = Uses::new();
        shorten("src/client.rs", tokens, &mut uses);
        assert_eq!(header(&uses), "use std::sync::Arc;\n#[cfg(any(feature = \"a\", feature = \"b\"))]\nuse std::time::Duration;\n");
    }
}
