//! The seed: the Zoom "Get a user" item (`tests/collections/zoom-seed.postman_collection.json`)
//! generates `Client::get_user`, its request builder `GetUser` and the response type `User`. Their
//! code is snapshotted here, item by item, so a change to what the seed generates is reviewed as a
//! diff of exactly that code.
//!
//! The crate generated from the user's `collections/` is not snapshotted: the checked-in
//! `generated-client/` is its one golden, kept fresh by `cargo xtask generate` and checked by
//! `cargo xtask generate --check` (and the xtask's own test).

use std::path::Path;

use postman_codegen::{generate_file, Generated, Options};
use quote::ToTokens;

fn seed() -> Generated {
    let collection = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/zoom-seed.postman_collection.json");
    let generated = generate_file(&collection, &Options::new("zoom-client")).expect("the seed generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    generated
}

fn file(generated: &Generated, path: &str) -> syn::File {
    let text = &generated.files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("{path} is generated")).1;
    syn::parse_file(text).expect("generated code parses")
}

/// The name of the type an `impl` block is for, without generics (`GetUser` for `impl<'a> … for GetUser<'a>`).
fn self_type(item: &syn::ItemImpl) -> String {
    match &*item.self_ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        other => other.to_token_stream().to_string(),
    }
}

/// The struct named `name` and every `impl` block for it, in file order, formatted.
fn type_and_impls(file: &syn::File, name: &str) -> String {
    let items: Vec<syn::Item> = file
        .items
        .iter()
        .filter(|item| match item {
            syn::Item::Struct(s) => s.ident == name,
            syn::Item::Impl(i) => self_type(i) == name,
            _ => false,
        })
        .cloned()
        .collect();
    assert!(items.len() >= 2, "`{name}` and its impls are generated");
    prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items })
}

#[test]
fn user() {
    let generated = seed();
    // The definition in `src/types.rs`, its impls in `src/types/impls.rs`.
    let mut types = file(&generated, "src/types.rs");
    types.items.extend(file(&generated, "src/types/impls.rs").items);
    insta::assert_snapshot!("user", type_and_impls(&types, "User"));
}

#[test]
fn get_user() {
    let generated = seed();
    let client = file(&generated, "src/client.rs");
    // `Client::get_user` alone, in an `impl Client` block of its own.
    let method = client
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(i) if self_type(i) == "Client" && i.trait_.is_none() => Some(i),
            _ => None,
        })
        .find_map(|i| {
            i.items.iter().find(|m| matches!(m, syn::ImplItem::Fn(f) if f.sig.ident == "get_user")).map(|m| syn::ItemImpl { items: vec![m.clone()], ..i.clone() })
        })
        .expect("Client::get_user is generated");
    let method = prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items: vec![syn::Item::Impl(method)] });
    let builder = type_and_impls(&file(&generated, "src/builders.rs"), "GetUser");
    insta::assert_snapshot!("get_user", format!("{method}\n{builder}"));
}

#[test]
fn generation_is_byte_identical() {
    assert_eq!(seed().files, seed().files);
}
