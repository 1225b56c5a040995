//! `src/types.rs`: the structs inferred from the example bodies.
//!
//! Response decoding is tolerant without making every field optional: a field that every example has
//! is a plain `T` that decodes `null` or a missing value as `T::default()`; a field missing from some
//! examples is `Option<T>` and left out when `None`; a field that is `null` in some is `Option<T>`.
//!
//! The plain fields decode through a private "wire" twin of the struct whose fields are all
//! `Option`s (`#[serde(from = …)]`), then `unwrap_or_default()`. A `deserialize_with` function per
//! field does the same, but serde then generates a type and an impl per field, which made large
//! generated crates three times slower to compile.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines, ident, type_tokens};
use crate::docs::code;
use crate::ir::{Api, Field, Presence, Role, TypeDef, TypeRef};

/// The tokens of `src/types.rs`.
pub fn types(api: &Api) -> TokenStream {
    let cfgs = super::features::FolderFeatures::new(api).type_cfgs(api);
    let defs = api.types.iter().zip(&cfgs).map(|(def, cfg)| type_def(api, def, cfg));
    let wires: Vec<TokenStream> = api
        .types
        .iter()
        .zip(&cfgs)
        .filter(|(def, _)| needs_wire(def))
        .map(|(def, cfg)| {
            let wire = wire_def(api, def);
            quote!(#cfg #wire)
        })
        .collect();
    let wire_module = if wires.is_empty() {
        quote!()
    } else {
        quote! {
            /// The shapes responses are read in before `null` and missing fields become defaults.
            mod wire {
                #(#wires)*
            }
        }
    };
    quote! {
        #![doc = " Types inferred from the example bodies of the collection."]
        #![doc = ""]
        #![doc = " Fields that every example has are plain values: if a response leaves one out or sends"]
        #![doc = " `null`, it decodes as the type's default (`\"\"`, `0`, `false`, empty) instead of failing."]
        #![doc = " Fields that some examples lack, or that are `null` in some, are `Option`s."]
        #(#defs)*
        #wire_module
    }
}

/// Whether a field is a plain `T` read as `Option<T>` and defaulted.
fn defaulted(role: Role, field: &Field) -> bool {
    role == Role::Response && field.presence == Presence::Always && field.ty != TypeRef::Value
}

/// Whether a struct decodes through a wire twin: it has a defaulted field.
fn needs_wire(def: &TypeDef) -> bool {
    def.fields.iter().any(|f| defaulted(def.role, f))
}

/// The wire twin of `def`: every defaulted field as an `Option`, the others as they are.
fn wire_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let fields = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        let rename = (field.name != field.wire_name).then(|| quote!(#[serde(rename = #wire)]));
        let ty = type_tokens(api, &field.ty);
        let ty = match field.presence {
            Presence::Always if field.ty == TypeRef::Value => quote!(#ty),
            _ => quote!(::std::option::Option<#ty>),
        };
        let default = (field.ty == TypeRef::Value).then(|| quote!(#[serde(default)]));
        quote! {
            #rename
            #default
            pub(super) #name: #ty,
        }
    });
    quote! {
        #[derive(::serde::Deserialize)]
        pub(super) struct #name {
            #(#fields)*
        }
    }
}

/// `impl From<wire::X> for X`: defaults for the defaulted fields, the others moved.
fn from_wire(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let fields = def.fields.iter().map(|field| {
        let name = ident(&field.name);
        if defaulted(def.role, field) {
            quote!(#name: wire.#name.unwrap_or_default(),)
        } else {
            quote!(#name: wire.#name,)
        }
    });
    quote! {
        impl ::std::convert::From<wire::#name> for #name {
            fn from(wire: wire::#name) -> Self {
                Self { #(#fields)* }
            }
        }
    }
}

/// One struct; `cfg` is the feature gate of the operations that use it, or nothing.
fn type_def(api: &Api, def: &TypeDef, cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let response = match (&def.origin_status, def.role) {
        (_, Role::Request) => format!("the request body of `{}`", def.origin_operation),
        (Some(status), Role::Response) => format!("the {} response of `{}`", code(status), def.origin_operation),
        (None, Role::Response) => format!("the response of `{}`", def.origin_operation),
    };
    let origin = if def.origin_pointer.is_empty() {
        response
    } else {
        format!("{} in {response}", code(&def.origin_pointer))
    };
    let doc = doc_lines([format!("Inferred from {origin}.")]);
    let has_float = def.fields.iter().any(|f| contains_float(api, &f.ty, &mut Vec::new()));
    let eq = if has_float { quote!() } else { quote!(::std::cmp::Eq,) };
    let fields = def.fields.iter().zip(&def.examples).map(|(field, example)| field_tokens(api, def.role, field, example.as_deref()));
    let (from, from_impl) = if needs_wire(def) {
        let wire = format!("wire::{}", def.name);
        let from_impl = from_wire(def);
        (quote!(#[serde(from = #wire)]), quote!(#cfg #from_impl))
    } else {
        (quote!(), quote!())
    };
    quote! {
        #doc
        #cfg
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #eq ::std::default::Default, ::serde::Serialize, ::serde::Deserialize)]
        #from
        pub struct #name {
            #(#fields)*
        }

        #from_impl
    }
}

/// Whether a type holds an `f64` (not `Eq`).
fn contains_float(api: &Api, ty: &TypeRef, seen: &mut Vec<usize>) -> bool {
    match ty {
        TypeRef::F64 => true,
        TypeRef::Vec(inner) | TypeRef::Map(inner) => contains_float(api, inner, seen),
        TypeRef::Named(i) => {
            if seen.contains(i) {
                return false;
            }
            seen.push(*i);
            api.types[*i].fields.iter().any(|f| contains_float(api, &f.ty, seen))
        }
        _ => false,
    }
}

fn field_tokens(api: &Api, role: Role, field: &Field, example: Option<&str>) -> TokenStream {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let rename = (field.name != field.wire_name).then(|| quote!(rename = #wire,));
    let ty = type_tokens(api, &field.ty);
    let (note, attrs, ty) = match (field.presence, &field.ty) {
        // Requests send exactly what the caller set.
        _ if role == Role::Request => (
            None,
            quote!(default, skip_serializing_if = "::std::option::Option::is_none"),
            quote!(::std::option::Option<#ty>),
        ),
        (Presence::Always, TypeRef::Value) => (None, quote!(default), ty),
        // Read through the wire twin, which defaults `null` and missing values.
        (Presence::Always, _) => (None, quote!(), ty),
        (Presence::Optional, _) => (
            Some("Missing from some examples."),
            quote!(default, skip_serializing_if = "::std::option::Option::is_none"),
            quote!(::std::option::Option<#ty>),
        ),
        (Presence::Nullable, _) => (Some("`null` in some examples."), quote!(default), quote!(::std::option::Option<#ty>)),
        (Presence::OptionalNullable, _) => (
            Some("Missing from some examples and `null` in others."),
            quote!(default, skip_serializing_if = "::std::option::Option::is_none"),
            quote!(::std::option::Option<#ty>),
        ),
    };
    let mut text = code(wire);
    if let Some(example) = example {
        text.push_str(&format!(", e.g. {}", code(example)));
    }
    text.push('.');
    if let Some(note) = note {
        text.push(' ');
        text.push_str(note);
    }
    let doc = doc_lines([text]);
    let serde = if rename.is_none() && attrs.is_empty() { quote!() } else { quote!(#[serde(#rename #attrs)]) };
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}
