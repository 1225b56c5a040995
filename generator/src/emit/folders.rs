//! `src/folders.rs`: the collection's folders as sub-clients (`client.users().get_user(…)`), each a
//! borrowed view of the [`Client`](crate) with the folder's requests and sub-folders as methods.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::FolderFeatures;
use super::parts::Parted;
use super::{doc_lines, ident};
use crate::ir::{Api, Folder};

/// `folder`, its parent, and so on up to its top-level folder.
fn ancestors<'a>(api: &'a Api, folder: &'a Folder) -> impl Iterator<Item = &'a Folder> {
    std::iter::successors(Some(folder), |at| at.parent.and_then(|p| api.folders.get(p)))
}

/// The top-level folder `folder` is in (itself, at the top).
fn root<'a>(api: &'a Api, folder: &'a Folder) -> &'a Folder {
    ancestors(api, folder).last().unwrap_or(folder)
}

/// The folder's name for docs: its titles from the root, e.g. `Users › Settings`.
pub(super) fn folder_path(api: &Api, folder: &Folder) -> String {
    let mut titles: Vec<String> = ancestors(api, folder).map(title).collect();
    titles.reverse();
    titles.join(" › ")
}

fn title(folder: &Folder) -> String {
    let text = crate::docs::inline(&folder.title);
    if text.trim().is_empty() {
        "(unnamed)".to_owned()
    } else {
        format!("“{text}”")
    }
}

/// How a user reaches the folder's sub-client, e.g. `client.users().settings()`.
pub(super) fn call_chain(api: &Api, folder: &Folder) -> String {
    let mut calls: Vec<&str> = ancestors(api, folder).map(|f| f.accessor.as_str()).collect();
    calls.reverse();
    format!("client.{}()", calls.join("()."))
}

/// Where a folder's accessor method is: on the `Client`, or on the sub-client of the parent folder.
#[derive(Clone, Copy)]
enum Parent {
    /// A method of `Client` (a top-level folder).
    Client,
    /// A method of the parent folder's sub-client, which holds the `Client` in its `client` field.
    Folder,
}

/// The accessor method of `folder` on its parent.
fn accessor(api: &Api, folder: &Folder, parent: Parent) -> TokenStream {
    let name = ident(&folder.accessor);
    let ty = ident(&folder.type_name);
    let count = folder.operations.len();
    let sub = folder.children.len();
    let mut what = format!("{count} request{}", if count == 1 { "" } else { "s" });
    if sub > 0 {
        what.push_str(&format!(" and {sub} sub-folder{}", if sub == 1 { "" } else { "s" }));
    }
    let doc = doc_lines([format!("The requests of the collection's folder {} ({what}).", folder_path(api, folder))]);
    let (lifetime, client) = match parent {
        Parent::Client => (quote!('_), quote!(self)),
        Parent::Folder => (quote!('a), quote!(self.client)),
    };
    quote! {
        #doc
        pub fn #name(&self) -> crate::folders::#ty<#lifetime> {
            crate::folders::#ty { client: #client }
        }
    }
}

/// The `Client` methods that open the top-level folders, each behind its folder's feature.
pub(super) fn client_accessors(api: &Api, features: &FolderFeatures) -> TokenStream {
    let accessors = api.folders.iter().filter(|f| f.parent.is_none()).map(|f| {
        let cfg = features.cfg_of_folder(&f.title);
        let accessor = accessor(api, f, Parent::Client);
        quote!(#cfg #accessor)
    });
    quote!(#(#accessors)*)
}

/// Whether the crate has a `folders` module.
pub(super) fn needed(api: &Api) -> bool {
    !api.folders.is_empty()
}

/// A call through a sub-client, for docs: the first request in a folder, e.g.
/// `client.users().get_user(…)`.
pub(super) fn example_call(api: &Api) -> Option<String> {
    let folder = api.folders.iter().find(|f| !f.operations.is_empty())?;
    let op = api.operations.get(*folder.operations.first()?)?;
    Some(format!("{}.{}(…)", call_chain(api, folder), op.name))
}

/// The tokens of `src/folders.rs`.
pub(super) fn folders(api: &Api) -> TokenStream {
    parted(api, &FolderFeatures::new(api)).tokens()
}

/// `src/folders.rs` made in parts (see [`super::parts`]): one piece per folder.
pub(super) fn parted<'a>(api: &'a Api, features: &'a FolderFeatures) -> Parted<'a> {
    Parted::after("src/folders.rs", move || head(api), api.folders.len(), move |range| items(api, features, range))
}

/// The sub-client of each folder of `api.folders[range]`.
fn items(api: &Api, features: &FolderFeatures, range: Range<usize>) -> TokenStream {
    let items = api.folders[range].iter().map(|folder| {
        let cfg = features.cfg_of_folder(&root(api, folder).title);
        let ty = ident(&folder.type_name);
        let doc = doc_lines([
            format!("The requests of the collection's folder {}.", folder_path(api, folder)),
            String::new(),
            format!("Reached with `{}`; each method is the `Client` method of the same name.", call_chain(api, folder)),
        ]);
        let operations = folder.operations.iter().filter_map(|&o| api.operations.get(o)).map(|op| {
            let name = ident(&op.name);
            let builder = ident(&op.builder_name);
            let (args, values) = super::signature::method_arguments(api, op);
            let summary = crate::docs::summary(&op.title).unwrap_or_else(|| op.name.clone());
            let doc = doc_lines([summary, String::new(), format!("See [`Client::{0}`](crate::Client::{0}).", op.name)]);
            quote! {
                #doc
                pub fn #name(&self, #(#args),*) -> crate::builders::#builder<'a> {
                    crate::builders::#builder::new(self.client, #(#values),*)
                }
            }
        });
        let children = folder.children.iter().filter_map(|&c| api.folders.get(c)).map(|child| accessor(api, child, Parent::Folder));
        quote! {
            #doc
            #cfg
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
            pub struct #ty<'a> {
                pub(crate) client: &'a crate::Client,
            }

            #cfg
            impl<'a> #ty<'a> {
                #(#operations)*
                #(#children)*
            }
        }
    });
    items.collect()
}

/// The module docs of `src/folders.rs`.
fn head(api: &Api) -> TokenStream {
    let lines = match example_call(api) {
        Some(call) => vec![
            "The collection's folders as sub-clients, grouping the requests as the collection does: a".to_owned(),
            format!("request's method is also a method of its folder's sub-client, e.g. `{call}`."),
        ],
        None => vec!["The collection's folders as sub-clients, grouping the requests as the collection does.".to_owned()],
    };
    super::inner_doc_lines(&lines)
}
