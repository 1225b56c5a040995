//! `src/types.rs`: the structs inferred from the example bodies.
//!
//! Response decoding is tolerant without making every field optional: a field that every example has
//! is a plain `T` that decodes `null` or a missing value as `T::default()`; a field missing from some
//! examples is `Option<T>` and left out when `None`; a field that is `null` in some is `Option<T>`.

use std::collections::BTreeSet;
use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::parts::Parted;
use super::{doc_lines, ident, type_tokens};
use crate::docs::code;
use crate::ir::{Api, Field, Presence, Role, TaggedVariant, TypeBody, TypeDef, TypeRef, Variant};

/// The tokens of `src/types.rs`.
pub fn types(api: &Api) -> TokenStream {
    let features = super::features::FolderFeatures::new(api);
    let gates = features.type_gates(api);
    // Bound first: the `Parted` borrows `gates`, and a tail expression's temporaries outlive it.
    let tokens = parted(api, &gates).tokens();
    tokens
}

/// The tokens of `src/types/impls.rs` (`None` for a crate without types).
pub fn impls(api: &Api) -> Option<TokenStream> {
    let features = super::features::FolderFeatures::new(api);
    let gates = features.type_gates(api);
    let tokens = impls_parted(api, &gates).map(|parted| parted.tokens());
    tokens
}

/// `src/types.rs` made in parts (see [`super::parts`]): one piece per type, its definition.
pub fn parted<'a>(api: &'a Api, gates: &'a [BTreeSet<Option<&'a str>>]) -> Parted<'a> {
    let has_impls = !api.types.is_empty();
    Parted::after("src/types.rs", move || head(has_impls), api.types.len(), move |range| type_defs(api, gates, range))
}

/// `src/types/impls.rs` made in parts: one piece per type, its trait impls (encoding, decoding,
/// the default of an enum); `None` for a crate without types.
pub fn impls_parted<'a>(api: &'a Api, gates: &'a [BTreeSet<Option<&'a str>>]) -> Option<Parted<'a>> {
    let impls_head = || {
        quote! {
            #![doc = " The trait impls of the types: how each encodes and decodes (what `#[derive(Serialize,"]
            #![doc = " Deserialize)]` would write, at a fraction of its compile cost), and the default of each enum."]
        }
    };
    (!api.types.is_empty()).then(|| Parted::after("src/types/impls.rs", impls_head, api.types.len(), move |range| type_impls(api, gates, range)))
}

/// The module docs of `src/types.rs`, and its module of impls.
fn head(has_impls: bool) -> TokenStream {
    let impls = has_impls.then(|| quote!(mod impls;));
    quote! {
        #![doc = " Types inferred from the example bodies of the collection."]
        #![doc = ""]
        #![doc = " Fields that every example has are plain values: if a response leaves one out or sends"]
        #![doc = " `null`, it decodes as the type's default (`\"\"`, `0`, `false`, empty) instead of failing."]
        #![doc = " Fields that some examples lack, or that are `null` in some, are `Option`s."]
        #impls
    }
}

/// The items of the types `api.types[range]`, each gated by its entry of `gates` (see
/// [`FolderFeatures::type_gates`](super::features::FolderFeatures::type_gates)).
fn type_defs(api: &Api, gates: &[BTreeSet<Option<&str>>], range: Range<usize>) -> TokenStream {
    let mut defs = TokenStream::new();
    for index in range {
        let cfg = super::features::FolderFeatures::cfg_any(gates[index].iter().copied());
        defs.extend(type_def(api, index, &api.types[index], &cfg));
    }
    defs
}

/// The trait impls of the types `api.types[range]`, gated as their definitions are.
fn type_impls(api: &Api, gates: &[BTreeSet<Option<&str>>], range: Range<usize>) -> TokenStream {
    let mut impls = TokenStream::new();
    for index in range {
        let cfg = super::features::FolderFeatures::cfg_any(gates[index].iter().copied());
        impls.extend(type_impl(api, &api.types[index], &cfg));
    }
    impls
}

/// The trait impls of the type `def` (in `src/types/impls.rs`, naming it `super::Name`).
fn type_impl(api: &Api, def: &TypeDef, cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let path = quote!(super::#name);
    // An enum's default is its catch-all: `Other("")` for strings, `Other(null)` for values.
    let default_other = |value: TokenStream| {
        quote! {
            #cfg
            impl ::std::default::Default for #path {
                fn default() -> Self {
                    Self::Other(#value)
                }
            }
        }
    };
    match &def.body {
        TypeBody::StringEnum(_) => default_other(quote!(::std::string::String::new())),
        TypeBody::Untagged(variants) => {
            let default_null = default_other(quote!(::serde_json::Value::Null));
            let deserialize = untagged_deserialize(api, &path, variants);
            quote!(#default_null #cfg #deserialize)
        }
        TypeBody::Tagged { tag, variants } => {
            let default_null = default_other(quote!(::serde_json::Value::Null));
            let deserialize = tagged_deserialize(&path, tag, variants);
            quote!(#default_null #cfg #deserialize)
        }
        TypeBody::Struct => {
            let serialize = serialize_impl(&path, def, cfg);
            if def.role != Role::Response {
                return serialize;
            }
            let decodes: Vec<(&Field, Decode)> = def.fields.iter().map(|f| (f, decode_of(def.role, f))).collect();
            let deserialize = deserialize_impl(&path, &decodes, cfg);
            quote!(#serialize #deserialize)
        }
    }
}

/// The items of the type `api.types[index]` (`def`); `cfg` (the folder features that need it, or
/// nothing) goes on each.
fn type_def(api: &Api, index: usize, def: &TypeDef, cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    // Captured responses (`postman-codegen capture`) say so: they show what the API sent once.
    let captured = if def.role == Role::Response { crate::samples::captured(api, &def.origin_operation, def.origin_status.as_deref()) } else { None };
    let from = match captured {
        Some(true) => "a captured",
        _ => "the",
    };
    let response = match (&def.origin_status, def.role) {
        (_, Role::Request) => format!("the request body of `{}`", def.origin_operation),
        (Some(status), Role::Response) => format!("{from} {} response of `{}`", code(status), def.origin_operation),
        (None, Role::Response) => format!("{from} response of `{}`", def.origin_operation),
    };
    let response = if captured == Some(false) { format!("{response} (saved examples and a captured response)") } else { response };
    let origin = if def.origin_pointer.is_empty() {
        response
    } else {
        format!("{} in {response}", code(&def.origin_pointer))
    };
    let doc = doc_lines([format!("Inferred from {origin}.")]);
    let has_float = contains_float(api, &TypeRef::Named(index), &mut Vec::new());
    let eq = if has_float { quote!() } else { quote!(::std::cmp::Eq,) };
    // `==` on structs and enums that hold them is opt-in (the `extra-traits` feature, as in `syn`):
    // the derived comparisons of a thousand structs are a tenth of a large crate's compile cost.
    let comparisons = quote!(#[cfg_attr(feature = "extra-traits", derive(::std::cmp::PartialEq, #eq))]);
    match &def.body {
        TypeBody::Struct => {}
        TypeBody::StringEnum(values) => {
            let variants = values.iter().map(|(name, wire)| {
                let name = ident(name);
                let doc = doc_lines([format!("{}.", code(&format!("{wire:?}")))]);
                quote!(#doc #[serde(rename = #wire)] #name,)
            });
            return quote! {
                #doc
                #cfg
                #[doc = ""]
                #[doc = " The values listed in the settings file; any other string is [`Self::Other`]."]
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::serde::Serialize, ::serde::Deserialize)]
                pub enum #name {
                    #(#variants)*
                    #[doc = " Any other value."]
                    #[serde(untagged)]
                    Other(::std::string::String),
                }
            };
        }
        TypeBody::Untagged(variants) => {
            let boxed = boxed_variants(api, variants.iter().map(|v| &v.ty));
            let variants = variants.iter().zip(boxed).map(|(v, boxed)| {
                let name = ident(&v.name);
                let ty = type_tokens(api, &v.ty);
                let ty = if boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
                let doc = doc_lines([format!("{}.", variant_kind(&v.ty))]);
                quote!(#doc #name(#ty),)
            });
            return quote! {
                #doc
                #cfg
                #[doc = ""]
                #[doc = " The examples hold values of different kinds here; any other value is [`Self::Other`]."]
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::serde::Serialize)]
                #comparisons
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                    #[doc = " Any other value."]
                    Other(::serde_json::Value),
                }
            };
        }
        TypeBody::Tagged { tag, variants } => {
            let boxed = boxed_variants(api, variants.iter().map(|v| &v.ty));
            let variants = variants.iter().zip(boxed).map(|(v, boxed)| {
                let name = ident(&v.name);
                let wire = &v.tag_value;
                let ty = type_tokens(api, &v.ty);
                let ty = if boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
                let doc = doc_lines([format!("{} is {}.", code(tag), code(&format!("{wire:?}")))]);
                quote!(#doc #[serde(rename = #wire)] #name(#ty),)
            });
            let tag_doc = format!(" Told apart by the field {}; an object with another value is [`Self::Other`].", code(tag));
            return quote! {
                #doc
                #cfg
                #[doc = ""]
                #[doc = #tag_doc]
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::serde::Serialize)]
                #comparisons
                #[serde(tag = #tag)]
                pub enum #name {
                    #(#variants)*
                    #[doc = " Any other value."]
                    #[serde(untagged)]
                    Other(::serde_json::Value),
                }
            };
        }
    }
    let fields = def.fields.iter().zip(&def.examples).map(|(field, example)| field_tokens(api, def.role, field, example.as_deref()));
    // A response struct decodes through its impl in `impls.rs`; a request body derives it.
    let derive_de = if def.role == Role::Response { quote!() } else { quote!(::serde::Deserialize) };
    quote! {
        #doc
        #cfg
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default, #derive_de)]
        #comparisons
        pub struct #name {
            #(#fields)*
        }
    }
}

/// `impl Serialize` for a struct: a JSON object with the fields in their order, one chain of calls
/// to the runtime's `Entries` (no `?` per field); a field that examples may lack (and every request
/// field) is left out when `None`. It writes what `#[derive(Serialize)]` with `rename` and
/// `skip_serializing_if` would, at a fraction of its compile cost.
fn serialize_impl(name: &TokenStream, def: &TypeDef, cfg: &TokenStream) -> TokenStream {
    let entries = def.fields.iter().map(|field| {
        let wire = &field.wire_name;
        let member = ident(&field.name);
        let skip_none = def.role == Role::Request || matches!(field.presence, Presence::Optional | Presence::OptionalNullable);
        let helper = if skip_none { quote!(entry_if_some) } else { quote!(entry) };
        quote!(.#helper(#wire, &self.#member))
    });
    quote! {
        #cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::Entries::new(serializer)
                    #(#entries)*
                    .end()
            }
        }
    }
}

/// How a response field is decoded.
#[derive(Clone, Copy)]
enum Decode {
    /// Through the runtime's `Slot` with this variant name: a `String`, `i64`, `u64`, `f64`, `bool`
    /// or `serde_json::Value` (`null` as the default, or `None` in an `Option`).
    Slot(&'static str),
    /// As its type (`Option`s and `serde_json::Value` take `null` themselves).
    Plain,
    /// `null` as the type's default.
    OrDefault,
    /// Any value, `null` included, as `Some`.
    Present,
}

/// `impl Deserialize` for a response struct: the runtime's generic `decode_struct` loops over the
/// keys, and the struct's `DecodeFields` impl is one `match` arm per field, every other key skipped.
/// An arm names the runtime's `Slot` for the field (a `String`, a number, a `bool`, a `Value`, or
/// an `Option` of one), and one call to `Slot::fill` decodes into it; a field of another type
/// returns the result of a generic helper (`null` as the default, or kept as `Some`). This is what
/// `#[derive(Deserialize)]` with `deserialize_with` on each field does, without a wrapper type per
/// field or a visitor per struct, and with one generic call per struct for most fields, which keeps
/// a large crate cheap to compile.
fn deserialize_impl(name: &TokenStream, fields: &[(&Field, Decode)], cfg: &TokenStream) -> TokenStream {
    let arms = fields.iter().map(|(field, decode)| {
        let wire = &field.wire_name;
        let member = ident(&field.name);
        let helper = match decode {
            Decode::Slot(variant) => {
                let variant = proc_macro2::Ident::new(variant, proc_macro2::Span::call_site());
                return quote!(#wire => crate::runtime::Slot::#variant(&mut self.#member),);
            }
            Decode::Plain => quote!(set),
            Decode::OrDefault => quote!(set_or_default),
            Decode::Present => quote!(set_present),
        };
        quote!(#wire => return crate::runtime::#helper(map, &mut self.#member),)
    });
    // A struct without fields (a tagged variant that has only its tag) skips every key.
    let body = if fields.is_empty() {
        quote! {
            let _ = key;
            crate::runtime::skip(map)
        }
    } else {
        quote! {
            let slot = match key {
                #(#arms)*
                _ => crate::runtime::Slot::Skip,
            };
            slot.fill(map)
        }
    };
    quote! {
        #cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::decode_struct(deserializer)
            }
        }
        #cfg
        impl crate::runtime::DecodeFields for #name {
            #[inline]
            fn decode_field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> ::std::result::Result<(), A::Error> {
                #body
            }
        }
    }
}

/// The variant of the runtime's `Slot` for a response field of type `ty`, if it has one: a field that
/// every example has (`null` reads as the default, except for a `Value`, which takes `null` itself),
/// or an `Option` of one (`null` is `None`). A field kept apart from `null` has none.
fn slot(presence: Presence, ty: &TypeRef) -> Option<&'static str> {
    let optional = match presence {
        Presence::Always => false,
        Presence::Optional | Presence::Nullable => true,
        Presence::OptionalNullable => return None,
    };
    Some(match (ty, optional) {
        (TypeRef::String, false) => "String",
        (TypeRef::I64, false) => "I64",
        (TypeRef::U64, false) => "U64",
        (TypeRef::F64, false) => "F64",
        (TypeRef::Bool, false) => "Bool",
        (TypeRef::Value, false) => "Value",
        (TypeRef::String, true) => "OptionString",
        (TypeRef::I64, true) => "OptionI64",
        (TypeRef::U64, true) => "OptionU64",
        (TypeRef::F64, true) => "OptionF64",
        (TypeRef::Bool, true) => "OptionBool",
        (TypeRef::Value, true) => "OptionValue",
        _ => return None,
    })
}

/// Which of an enum's variants (of payload types `types`, then the `Other(serde_json::Value)` every
/// enum of `types.rs` ends with) hold their payload in a `Box`: those large beside the others, by
/// [`super::size::boxed_variants`]. Decoding and encoding go through the `Box` unchanged.
fn boxed_variants<'a>(api: &Api, types: impl Iterator<Item = &'a TypeRef>) -> Vec<bool> {
    let mut sizes: Vec<usize> = types.map(|ty| super::size::estimated_size(&api.types, ty)).collect();
    sizes.push(super::size::estimated_size(&api.types, &TypeRef::Value));
    let mut boxed = super::size::boxed_variants(&sizes);
    boxed.pop();
    boxed
}

/// `impl Deserialize` for an untagged enum: the value's JSON text is captured whole
/// (`Box<RawValue>`), then each variant whose JSON kind the text starts with is tried on it in order,
/// and `Other` takes anything else. Serde's derive would buffer the value in its private `Content`
/// first, where an integer beyond `u64`/`i64` has already lost its digits; text keeps them.
fn untagged_deserialize(api: &Api, name: &TokenStream, variants: &[Variant]) -> TokenStream {
    let attempts = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let attempt = quote! {
            if let ::std::result::Result::Ok(value) = ::serde_json::from_str(text) {
                return ::std::result::Result::Ok(Self::#variant(value));
            }
        };
        match first_bytes(api, &v.ty) {
            Some(starts) => quote!(if matches!(first, #starts) { #attempt }),
            None => attempt,
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
                let text = raw.get();
                let first = crate::runtime::first_byte(text);
                #(#attempts)*
                ::serde_json::from_str(text).map(Self::Other).map_err(::serde::de::Error::custom)
            }
        }
    }
}

/// `impl Deserialize` for an internally tagged enum: the value's JSON text is captured whole, its tag
/// read from it, and the variant of that tag decoded from the text (its struct skips the tag key as
/// it skips any key it does not know); an unknown tag, no tag, or a variant that does not decode is
/// `Other`, as with serde's derive and its untagged `Other` variant.
fn tagged_deserialize(name: &TokenStream, tag: &str, variants: &[TaggedVariant]) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.tag_value;
        quote!(::std::option::Option::Some(#wire) => ::serde_json::from_str(text).ok().map(Self::#variant),)
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
                let text = raw.get();
                let decoded = match crate::runtime::tag_of(text, #tag).as_deref() {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                };
                match decoded {
                    ::std::option::Option::Some(value) => ::std::result::Result::Ok(value),
                    ::std::option::Option::None => ::serde_json::from_str(text).map(Self::Other).map_err(::serde::de::Error::custom),
                }
            }
        }
    }
}

/// The pattern of the first bytes of the JSON text that a value of `ty` can have (`None`: any).
fn first_bytes(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    Some(match ty {
        TypeRef::Bool => quote!(b't' | b'f'),
        TypeRef::I64 | TypeRef::U64 | TypeRef::BigInt | TypeRef::F64 => quote!(b'-' | b'0'..=b'9'),
        TypeRef::String | TypeRef::DateTime | TypeRef::Date => quote!(b'"'),
        TypeRef::Vec(_) => quote!(b'['),
        TypeRef::Map(_) => quote!(b'{'),
        TypeRef::Boxed(inner) => return first_bytes(api, inner),
        TypeRef::Nullable(inner) => {
            let inner = first_bytes(api, inner)?;
            quote!(b'n' | #inner)
        }
        TypeRef::Named(i) => match api.types.get(*i).map(|def| &def.body) {
            Some(TypeBody::Struct | TypeBody::Tagged { .. }) => quote!(b'{'),
            Some(TypeBody::StringEnum(_)) => quote!(b'"'),
            Some(TypeBody::Untagged(_)) | None => return None,
        },
        TypeRef::Value => return None,
    })
}

/// What a variant holds, for its doc.
fn variant_kind(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Bool => "A boolean",
        TypeRef::I64 | TypeRef::U64 | TypeRef::BigInt => "An integer",
        TypeRef::F64 => "A number",
        TypeRef::String => "A string",
        TypeRef::DateTime => "A date and time",
        TypeRef::Date => "A date",
        TypeRef::Vec(_) => "An array",
        TypeRef::Map(_) => "An object with any keys",
        _ => "An object",
    }
}

/// Whether a type holds an `f64` (not `Eq`).
fn contains_float(api: &Api, ty: &TypeRef, seen: &mut Vec<usize>) -> bool {
    match ty.leaf() {
        TypeRef::F64 => true,
        TypeRef::Named(i) if !seen.contains(i) => {
            seen.push(*i);
            api.types.get(*i).is_some_and(|def| def.member_types().any(|ty| contains_float(api, ty, seen)))
        }
        _ => false,
    }
}

/// What a field's doc says of its presence: what the examples show ([`Field::sampled`]), what the
/// type does with a missing field or `null`, and whether an override of the settings file made it
/// optional or required against the examples. A field that is `null` wherever it appears says so,
/// and why its type is a JSON value when it is one.
fn presence_note(role: Role, field: &Field) -> Option<String> {
    let note = presence_words(role, field)?;
    Some(if field.null_only && field.ty == TypeRef::Value {
        format!("{note} No example shows a value, so it is a JSON value.")
    } else {
        note
    })
}

fn presence_words(role: Role, field: &Field) -> Option<String> {
    let some_null = if field.ty == TypeRef::Value { "`Some(Value::Null)`" } else { "`Some(None)`" };
    let (null_in_some, null_in_others) =
        if field.null_only { ("`null` in every example", "`null` in all the others") } else { ("`null` in some examples", "`null` in others") };
    if role == Role::Request {
        // Every request field is an `Option` and only nullability shapes the type, which overrides
        // do not change: the examples say it all.
        return match field.sampled {
            Presence::Always | Presence::Optional => None,
            Presence::Nullable => Some(format!("{null_in_some}: {some_null} sends `null`.")),
            Presence::OptionalNullable => Some(format!("Missing from some examples and {null_in_others}: `None` leaves it out, {some_null} is `null`.")),
        };
    }
    let by = "by an override in the settings file";
    Some(match (field.sampled, field.presence) {
        (Presence::Always, Presence::Optional) => format!("In every example, but an `Option` {by}: `None` leaves it out."),
        (Presence::Nullable, Presence::OptionalNullable) => {
            format!("{null_in_some}, and optional {by}: `None` leaves it out, {some_null} is `null`.")
        }
        (Presence::Optional, Presence::Always) => format!("Missing from some examples, but required {by}: a missing value decodes as the default."),
        (Presence::OptionalNullable, Presence::Nullable) => {
            format!("Missing from some examples and {null_in_others}, but required {by}: a missing value decodes as `None`, as `null` does.")
        }
        (_, Presence::Always) => return None,
        (_, Presence::Optional) => "Missing from some examples.".to_owned(),
        (_, Presence::Nullable) => format!("{null_in_some}."),
        (_, Presence::OptionalNullable) => format!("Missing from some examples and {null_in_others}: `None` leaves it out, {some_null} is `null`."),
    })
}

/// How the impls decode a field of a struct of `role`.
fn decode_of(role: Role, field: &Field) -> Decode {
    match (role, slot(field.presence, &field.ty), field.presence) {
        (Role::Request, ..) => Decode::Plain,
        (_, Some(variant), _) => Decode::Slot(variant),
        (_, None, Presence::OptionalNullable) => Decode::Present,
        (_, None, Presence::Always) => Decode::OrDefault,
        (_, None, _) => Decode::Plain,
    }
}

fn field_tokens(api: &Api, role: Role, field: &Field, example: Option<&str>) -> TokenStream {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let rename = (field.name != field.wire_name).then(|| quote!(rename = #wire,));
    let ty = type_tokens(api, &field.ty);
    let present = quote!(default, deserialize_with = "crate::runtime::present");
    let (attrs, ty) = match (field.presence, &field.ty) {
        // `null` must stay apart from a missing field: `Some(None)` is `null`.
        (Presence::Nullable | Presence::OptionalNullable, TypeRef::Value) if role == Role::Request => (present, quote!(::std::option::Option<#ty>)),
        (Presence::OptionalNullable, TypeRef::Value) => (present, quote!(::std::option::Option<#ty>)),
        (Presence::Nullable, _) if role == Role::Request => (present, quote!(::std::option::Option<::std::option::Option<#ty>>)),
        (Presence::OptionalNullable, _) => (present, quote!(::std::option::Option<::std::option::Option<#ty>>)),
        // Requests send exactly what the caller set.
        _ if role == Role::Request => (quote!(default), quote!(::std::option::Option<#ty>)),
        // From here on, response fields only: the emitted impls encode and decode them, without attributes.
        (Presence::Always, _) => (quote!(), ty),
        (Presence::Optional | Presence::Nullable, _) => (quote!(), quote!(::std::option::Option<#ty>)),
    };
    let note = presence_note(role, field);
    let mut text = crate::docs::key_code(wire);
    match example.map(|e| (e, crate::json::placeholder::hint(e))) {
        Some((_, Some(hint))) => text.push_str(&format!(", {hint}")),
        Some((example, None)) => text.push_str(&format!(", e.g. {}", code(example))),
        None => {}
    }
    text.push('.');
    if let Some(note) = note {
        text.push(' ');
        text.push_str(&note);
    }
    let doc = doc_lines([text]);
    if role == Role::Response {
        // Encoding and decoding are the emitted impls': a response field has no attributes.
        return quote! { #doc pub #name: #ty, };
    }
    quote! {
        #doc
        #[serde(#rename #attrs)]
        pub #name: #ty,
    }
}

#[cfg(test)]
mod tests {
    use super::{presence_note, slot};
    use crate::ir::{Field, Presence, Role, TypeRef};

    /// Every `Slot` the emitter names is a variant of the runtime's enum that holds the field's own
    /// type (`T` for a field every example has, `Option<T>` for one that some lack or send as
    /// `null`); a field kept apart from `null`, and a field of any other type, has none.
    #[test]
    fn slots_hold_the_fields_type() {
        let runtime = super::super::RUNTIME_FILES.iter().find(|(path, _)| *path == "src/runtime/decode.rs").map(|(_, text)| *text).expect("runtime");
        let scalars = [
            (TypeRef::String, "String"),
            (TypeRef::I64, "i64"),
            (TypeRef::U64, "u64"),
            (TypeRef::F64, "f64"),
            (TypeRef::Bool, "bool"),
            (TypeRef::Value, "serde_json::Value"),
        ];
        for (ty, rust) in &scalars {
            let always = slot(Presence::Always, ty).expect("a slot");
            assert!(runtime.contains(&format!("    {always}(&'a mut {rust}),")), "{always}");
            for presence in [Presence::Optional, Presence::Nullable] {
                let optional = slot(presence, ty).expect("a slot");
                assert!(runtime.contains(&format!("    {optional}(&'a mut Option<{rust}>),")), "{optional}");
            }
            assert_eq!(slot(Presence::OptionalNullable, ty), None);
        }
        for ty in [TypeRef::Vec(Box::new(TypeRef::I64)), TypeRef::Named(0), TypeRef::BigInt, TypeRef::DateTime] {
            assert_eq!(slot(Presence::Always, &ty), None);
        }
    }

    /// A field that is `null` wherever the examples have it says "every example" (or "all the
    /// others", when some examples lack it) rather than "some", and why it is a JSON value; a
    /// field with a value somewhere keeps "some".
    #[test]
    fn fields_null_in_every_example_say_so() {
        let field = |ty: TypeRef, sampled: Presence, null_only: bool| Field {
            name: "f".into(),
            wire_name: "f".into(),
            ty,
            presence: sampled,
            sampled,
            null_only,
        };
        let note = |role, field: &Field| presence_note(role, field).unwrap_or_default();
        let why = " No example shows a value, so it is a JSON value.";
        assert_eq!(note(Role::Response, &field(TypeRef::Value, Presence::Nullable, true)), format!("`null` in every example.{why}"));
        assert_eq!(
            note(Role::Response, &field(TypeRef::Value, Presence::OptionalNullable, true)),
            format!("Missing from some examples and `null` in all the others: `None` leaves it out, `Some(Value::Null)` is `null`.{why}")
        );
        assert_eq!(note(Role::Request, &field(TypeRef::Value, Presence::Nullable, true)), format!("`null` in every example: `Some(Value::Null)` sends `null`.{why}"));
        // An override gave the type: the examples still show no value, but the type is not a guess.
        assert_eq!(note(Role::Response, &field(TypeRef::String, Presence::Nullable, true)), "`null` in every example.");
        // Overridden presence keeps the words about the examples.
        let mut optional = field(TypeRef::Value, Presence::Nullable, true);
        optional.presence = Presence::OptionalNullable;
        assert_eq!(
            note(Role::Response, &optional),
            format!("`null` in every example, and optional by an override in the settings file: `None` leaves it out, `Some(Value::Null)` is `null`.{why}")
        );
        assert_eq!(note(Role::Response, &field(TypeRef::Value, Presence::Nullable, false)), "`null` in some examples.");
        assert_eq!(
            note(Role::Response, &field(TypeRef::I64, Presence::OptionalNullable, false)),
            "Missing from some examples and `null` in others: `None` leaves it out, `Some(None)` is `null`."
        );
    }
}
