//! `src/params.rs`: for each operation with more required parameters than
//! [`MAX_ARGUMENTS`](super::signature::MAX_ARGUMENTS), the struct of them that its method takes.

use proc_macro2::TokenStream;
use quote::quote;

use super::signature::takes_params_struct;
use super::features::FolderFeatures;
use super::{doc_lines, ident, param_place, param_type_name, param_type_tokens};
use crate::docs::rustdoc_lines;
use crate::ir::Api;

/// Whether the crate has a `params` module.
pub(super) fn needed(api: &Api) -> bool {
    api.operations.iter().any(takes_params_struct)
}

/// The tokens of `src/params.rs`; each struct sits behind its operation's folder feature.
pub(super) fn params(api: &Api) -> TokenStream {
    let features = FolderFeatures::new(api);
    let items = api.operations.iter().filter(|op| takes_params_struct(op)).map(|op| {
        let name = ident(&op.builder_name);
        let method = &op.name;
        let cfg = features.cfg(op);
        let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
        let example = required.iter().map(|p| format!("{}: …", p.name)).collect::<Vec<_>>().join(", ");
        let doc = doc_lines([
            format!(
                "The required parameters of [`Client::{method}`](crate::Client::{method}) ({}).",
                crate::docs::code(&format!("{} {}", op.method, op.path_template()))
            ),
            String::new(),
            format!("Name each value: `params::{} {{ {example} }}`.", op.builder_name),
        ]);
        let fields = required.iter().map(|p| {
            let field = ident(&p.name);
            let ty = param_type_tokens(p.ty);
            let mut lines = vec![format!(
                "The {} parameter {} ({}).",
                param_place(p.location),
                crate::docs::code(&p.wire_name),
                param_type_name(p.ty)
            )];
            if let Some(description) = &p.description {
                lines.push(String::new());
                lines.extend(rustdoc_lines(description));
            }
            let doc = doc_lines(lines);
            quote!(#doc pub #field: #ty,)
        });
        quote! {
            #doc
            #cfg
            #[derive(::std::fmt::Debug, ::std::clone::Clone)]
            pub struct #name {
                #(#fields)*
            }
        }
    });
    quote! {
        #![doc = " The required parameters of operations that have many, as structs: a call names each value."]
        #(#items)*
    }
}
