//! Short paths and the `use` header of each generated file. The emitters write every path in full
//! (`::std::string::String`, `::serde::Serialize`, `crate::runtime::Slot`); in the syntax tree `syn`
//! parses for `prettyplease`, this pass writes a path short where no name of the file can mean
//! something else:
//!
//! - a prelude name (`String`, `Option`, `Some`, `Clone`…) bare, in every file: each is reserved
//!   (see `names.rs`), so no generated type, builder or folder takes it;
//! - a name of [`PATHS`] that needs an import (`Value`, `Serialize`, `Duration`, `Slot`…) bare,
//!   with a `use` in the file's header, where the file defines no item that could have that name
//!   ([`free_in`]): in the files of generated types only a reserved name, anywhere else any name;
//! - a path from another crate otherwise without its leading `::` (`serde::de::Error::custom`):
//!   no generated module is named like a crate.
//!
//! A file's header imports what its code uses and nothing else, so it has no unused import. The
//! parts of a large file (see `parts.rs`) are shortened apart, and their imports joined.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};

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

/// Shortens the paths of `file`, the syntax tree of (a part of) the file at `path`, and adds what
/// it imports to `uses`. It works on the tree `syn` parsed for `prettyplease` anyway: a walk that
/// only touches paths, where rebuilding the token streams cost more than the parse.
pub(super) fn shorten(path: &str, file: &mut syn::File, uses: &mut Uses) {
    Shortener { file: path, uses, gates: Vec::new(), in_derive: false }.visit_file_mut(file);
}

/// The predicates of the `#[cfg(…)]` among `attrs`.
fn cfgs(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::List(list) if list.path.is_ident("cfg") => Some(list.tokens.to_string()),
            _ => None,
        })
        .collect()
}

struct Shortener<'a> {
    file: &'a str,
    uses: &'a mut Uses,
    /// The `cfg` predicates of the enclosing items, fields, arms and statements.
    gates: Vec<String>,
    in_derive: bool,
}

impl Shortener<'_> {
    /// The `cfg` under which the current node is: `None` for none.
    fn gate(&self) -> Option<String> {
        match self.gates.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            all => Some(format!("all({})", all.join(", "))),
        }
    }

    /// Runs `visit` with the `cfg` predicates `predicates` pushed.
    fn gated(&mut self, predicates: Vec<String>, visit: impl FnOnce(&mut Self)) {
        let before = self.gates.len();
        self.gates.extend(predicates);
        visit(self);
        self.gates.truncate(before);
    }

    /// Rewrites the paths of `derive(…)` (which `syn` leaves as tokens).
    fn derive_list(&mut self, tokens: &mut TokenStream) {
        let parser = syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated;
        if let Ok(mut paths) = syn::parse::Parser::parse2(parser, tokens.clone()) {
            let was = self.in_derive;
            self.in_derive = true;
            paths.iter_mut().for_each(|path| self.visit_path_mut(path));
            self.in_derive = was;
            *tokens = quote::quote!(#paths);
        }
    }
}

impl VisitMut for Shortener<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let absolute = path.leading_colon.is_some();
        if absolute || path.segments.first().is_some_and(|s| s.ident == "crate") {
            let mut segments: Vec<String> = Vec::with_capacity(path.segments.len() + 1);
            if absolute {
                segments.push(String::new());
            }
            segments.extend(path.segments.iter().map(|s| s.ident.to_string()));
            if segments.iter().filter(|s| !s.is_empty()).count() >= 2 {
                let gate = self.gate();
                if let Some(kept) = kept_segments(self.file, &segments, self.in_derive, gate.as_deref(), self.uses) {
                    let drop = path.segments.len() - kept;
                    path.leading_colon = None;
                    path.segments = std::mem::take(&mut path.segments).into_pairs().skip(drop).collect();
                }
            }
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        visit_mut::visit_macro_mut(self, mac);
        // The arguments of `format!`, `concat!`, `env!`… when they are expressions.
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(mut exprs) = syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
            exprs.iter_mut().for_each(|expr| self.visit_expr_mut(expr));
            mac.tokens = quote::quote!(#exprs);
        }
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        // `#[derive(…)]`, and `#[cfg_attr(…, derive(…))]`.
        if let syn::Meta::List(list) = &mut attr.meta {
            if list.path.is_ident("derive") {
                self.derive_list(&mut list.tokens);
            } else if list.path.is_ident("cfg_attr") {
                let parser = syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated;
                if let Ok(mut metas) = syn::parse::Parser::parse2(parser, list.tokens.clone()) {
                    for meta in metas.iter_mut() {
                        if let syn::Meta::List(inner) = meta {
                            if inner.path.is_ident("derive") {
                                self.derive_list(&mut inner.tokens);
                            }
                        }
                    }
                    list.tokens = quote::quote!(#metas);
                }
            }
        }
    }

    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        let predicates = match item {
            syn::Item::Const(i) => cfgs(&i.attrs),
            syn::Item::Enum(i) => cfgs(&i.attrs),
            syn::Item::Fn(i) => cfgs(&i.attrs),
            syn::Item::Impl(i) => cfgs(&i.attrs),
            syn::Item::Mod(i) => cfgs(&i.attrs),
            syn::Item::Static(i) => cfgs(&i.attrs),
            syn::Item::Struct(i) => cfgs(&i.attrs),
            syn::Item::Trait(i) => cfgs(&i.attrs),
            syn::Item::Type(i) => cfgs(&i.attrs),
            syn::Item::Use(i) => cfgs(&i.attrs),
            _ => Vec::new(),
        };
        self.gated(predicates, |this| visit_mut::visit_item_mut(this, item));
    }

    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        // `use ::serde_json::Value;` → `use serde_json::Value;`.
        if let syn::UseTree::Path(tree) = &item.tree {
            if item.leading_colon.is_some() && CRATES.iter().any(|c| tree.ident == c) {
                item.leading_colon = None;
            }
        }
    }

    fn visit_impl_item_mut(&mut self, item: &mut syn::ImplItem) {
        let predicates = match item {
            syn::ImplItem::Const(i) => cfgs(&i.attrs),
            syn::ImplItem::Fn(i) => cfgs(&i.attrs),
            syn::ImplItem::Type(i) => cfgs(&i.attrs),
            _ => Vec::new(),
        };
        self.gated(predicates, |this| visit_mut::visit_impl_item_mut(this, item));
    }

    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        let predicates = cfgs(&field.attrs);
        self.gated(predicates, |this| visit_mut::visit_field_mut(this, field));
    }

    fn visit_variant_mut(&mut self, variant: &mut syn::Variant) {
        let predicates = cfgs(&variant.attrs);
        self.gated(predicates, |this| visit_mut::visit_variant_mut(this, variant));
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        let predicates = cfgs(&arm.attrs);
        self.gated(predicates, |this| visit_mut::visit_arm_mut(this, arm));
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        let predicates = cfgs(&local.attrs);
        self.gated(predicates, |this| visit_mut::visit_local_mut(this, local));
    }

    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let predicates = cfgs(&field.attrs);
        self.gated(predicates, |this| visit_mut::visit_field_value_mut(this, field));
    }
}

/// How many trailing segments of the path `segments` (its leading `::` as an empty first segment)
/// the file at `file` keeps, if it writes the path shorter; notes the import that takes.
fn kept_segments(file: &str, segments: &[String], in_derive: bool, gate: Option<&str>, uses: &mut Uses) -> Option<usize> {
    let text = segments.join("::");
    let starts = |prefix: &str| text == prefix || text.strip_prefix(prefix).is_some_and(|rest| rest.starts_with("::"));
    let entry = PATHS
        .iter()
        .filter(|&&(path, short)| if short == Short::Macro { text == path } else { starts(path) })
        .max_by_key(|(path, _)| path.len());
    // The segments after the dropped ones (the empty first segment of `::` is no path segment).
    let named = segments.iter().filter(|s| !s.is_empty()).count();
    if let Some(&(path, short)) = entry {
        let name = path.rsplit("::").next().unwrap_or(path);
        let import = match short {
            Short::Prelude | Short::Macro => false,
            Short::Derive => !in_derive,
            Short::Import => true,
        };
        if !import || free_in(file, name) {
            if import {
                note(uses, path.trim_start_matches("::"), gate.map_or(Gate::None, Gate::One));
            }
            let entry_named = path.split("::").filter(|s| !s.is_empty()).count();
            return Some(named - entry_named + 1);
        }
    }
    if let Some(own) = own_module(file).filter(|own| text.strip_prefix(own).is_some_and(|rest| rest.starts_with("::"))) {
        return Some(named - own.split("::").count());
    }
    (segments[0].is_empty() && CRATES.contains(&segments[1].as_str())).then_some(named)
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

    /// The tokens of the file `tokens` with its paths shortened as in `file`.
    fn shortened(file: &str, tokens: proc_macro2::TokenStream, uses: &mut Uses) -> String {
        let mut parsed: syn::File = syn::parse2(tokens).expect("a file");
        shorten(file, &mut parsed, uses);
        quote!(#parsed).to_string()
    }

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
        let short = shortened("src/types.rs", tokens, &mut uses);
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
        shortened("src/client.rs", tokens, &mut uses);
        assert_eq!(header(&uses), "use std::sync::Arc;\n#[cfg(any(feature = \"a\", feature = \"b\"))]\nuse std::time::Duration;\n");
    }
}
