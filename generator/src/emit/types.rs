//! `src/types.rs`: the structs inferred from the example bodies.
//!
//! Response decoding is tolerant without making every field optional: a field that every example has
//! is a plain `T` that decodes `null` or a missing value as `T::default()`; a field missing from some
//! examples is `Option<T>` and left out when `None`; a field that is `null` in some is `Option<T>`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines, ident, type_tokens};
use crate::docs::code;
use crate::ir::{Api, Field, Presence, Role, TypeDef, TypeRef};

/// The tokens of `src/types.rs`.
pub fn types(api: &Api) -> TokenStream {
    let cfgs = super::features::FolderFeatures::new(api).type_cfgs(api);
    let defs = api.types.iter().zip(&cfgs).map(|(def, cfg)| type_def(api, def, cfg));
    quote! {
        #![doc = " Types inferred from the example bodies of the collection."]
        #![doc = ""]
        #![doc = " Fields that every example has are plain values: if a response leaves one out or sends"]
        #![doc = " `null`, it decodes as the type's default (`\"\"`, `0`, `false`, empty) instead of failing."]
        #![doc = " Fields that some examples lack, or that are `null` in some, are `Option`s."]
        #(#defs)*
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
    quote! {
        #doc
        #cfg
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #eq ::std::default::Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
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
        (Presence::Always, _) => (None, quote!(default, deserialize_with = "crate::runtime::null_as_default"), ty),
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
    quote! {
        #doc
        #[serde(#rename #attrs)]
        pub #name: #ty,
    }
}
