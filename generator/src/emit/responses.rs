//! `src/responses.rs`: for operations whose success statuses carry different bodies, an enum of them;
//! for operations whose error statuses have typed example bodies, an enum that decodes them from an
//! `ApiError`. Also the analysis of what a successful call returns, shared with the builders.
//!
//! A variant whose body would make the whole enum large holds it in a `Box` (see [`super::size`]).

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::FolderFeatures;
use super::parts::Parted;
use super::{doc_lines, ident, type_doc, type_tokens};
use crate::ir::{Api, Operation, Response, TypeRef};

/// What one success status carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Body {
    /// A JSON body of this type.
    Json(TypeRef),
    /// No body (`204 No Content`, or every example is empty).
    Empty,
    /// A body that is not JSON, kept as text.
    Text,
    /// JSON of unknown shape (no example body): `serde_json::Value`, `null` when empty.
    Untyped,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Success {
    /// One body type for every success status.
    One(Body),
    /// Different bodies per status: an enum in `crate::responses`, one variant per status.
    Several(Vec<(u16, Body)>),
}

fn is_success(response: &Response) -> bool {
    response.status.is_some_and(|s| (200..300).contains(&s))
}

/// The saved responses of `op` with an error status: the statuses its `send` documents, which
/// fail with `Error::Api` rather than `Error::UnexpectedStatus`.
pub(super) fn documented_errors(op: &Operation) -> impl Iterator<Item = &Response> {
    op.responses.iter().filter(|r| r.status.is_some_and(|s| !(200..300).contains(&s)))
}

fn body_of(response: &Response) -> Body {
    if let Some(ty) = &response.body_type {
        return Body::Json(ty.clone());
    }
    if response.examples.iter().all(|e| e.body.trim().is_empty()) {
        Body::Empty
    } else if response.examples.iter().any(|e| !e.json) {
        Body::Text
    } else {
        Body::Untyped
    }
}

/// What a successful call of `op` returns.
pub(super) fn success(op: &Operation) -> Success {
    let mut bodies: Vec<(u16, Body)> = Vec::new();
    for response in op.responses.iter().filter(|r| is_success(r)) {
        let body = body_of(response);
        let status = response.status.unwrap_or(200);
        if !bodies.iter().any(|(s, _)| *s == status) {
            bodies.push((status, body));
        }
    }
    match bodies.first() {
        None => Success::One(op.success_type.clone().map_or(Body::Untyped, Body::Json)),
        Some((_, first)) if bodies.iter().all(|(_, b)| b == first) => Success::One(first.clone()),
        Some(_) => Success::Several(bodies),
    }
}

/// The enum name of an operation's success responses.
fn success_enum(op: &Operation) -> String {
    format!("{}Response", op.builder_name)
}

/// The enum name of an operation's typed error bodies.
fn error_enum(op: &Operation) -> String {
    format!("{}Error", op.builder_name)
}

/// The documented error statuses of `op` whose examples give a typed body.
fn typed_errors(op: &Operation) -> Vec<(u16, &TypeRef)> {
    let mut out: Vec<(u16, &TypeRef)> = Vec::new();
    for response in op.responses.iter().filter(|r| !is_success(r)) {
        if let (Some(status), Some(ty)) = (response.status, &response.body_type) {
            if !out.iter().any(|(s, _)| *s == status) {
                out.push((status, ty));
            }
        }
    }
    out
}

/// Whether the crate has a `responses` module.
pub(super) fn needed(api: &Api) -> bool {
    api.operations.iter().any(|op| matches!(success(op), Success::Several(_)) || !typed_errors(op).is_empty())
}

/// The path of the enum that `op` returns on success, if it returns one.
pub(super) fn success_enum_path(op: &Operation) -> TokenStream {
    let name = ident(&success_enum(op));
    quote!(crate::responses::#name)
}

/// The doc link of the typed error enum of `op`, if it has one.
pub(super) fn error_enum_doc(op: &Operation) -> Option<String> {
    (!typed_errors(op).is_empty()).then(|| format!("[`{0}`](crate::responses::{0})", error_enum(op)))
}

/// The name of the variant for a status: its reason phrase in `PascalCase` (`201` → `Created`), or
/// `Status` and the code.
pub(super) fn status_variant(status: u16) -> String {
    let name = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{status}"),
    };
    name.to_owned()
}

/// The decoding of a success response held in `response`, as an expression of type
/// `Result<ResponseValue<T>, Error>`, and `T`.
pub(super) fn decode(api: &Api, op: &Operation) -> (TokenStream, TokenStream, TokenStream) {
    match success(op) {
        Success::One(body) => {
            let (ty, decode) = decode_body(api, &body);
            (ty, decode, TokenStream::new())
        }
        Success::Several(bodies) => {
            let path = success_enum_path(op);
            let boxed = boxed_success(api, &bodies);
            let arms = bodies.iter().zip(boxed).map(|((status, body), boxed)| {
                let code = proc_macro2::Literal::u16_unsuffixed(*status);
                let variant = ident(&status_variant(*status));
                let (_, decode) = decode_body(api, body);
                let wrap = match body {
                    Body::Empty => quote!(|()| #path::#variant),
                    _ if boxed => quote!(|value| #path::#variant(::std::boxed::Box::new(value))),
                    _ => quote!(#path::#variant),
                };
                quote!(#code => #decode(response, op).map(|value| value.map(#wrap)),)
            });
            let decode_fn = quote! {
                fn decode(
                    response: crate::runtime::RawResponse,
                    op: &crate::runtime::OperationSpec,
                ) -> ::std::result::Result<crate::ResponseValue<#path>, crate::Error> {
                    match response.status.as_u16() {
                        #(#arms)*
                        _ => ::std::result::Result::Err(response.unexpected(op)),
                    }
                }
            };
            (path, quote!(decode), decode_fn)
        }
    }
}

/// The estimated size of the payload of a body kind (nothing for no body).
fn body_size(api: &Api, body: &Body) -> usize {
    match body {
        Body::Json(ty) => super::size::estimated_size(&api.types, ty),
        Body::Empty => 0,
        Body::Text => super::size::estimated_size(&api.types, &TypeRef::String),
        Body::Untyped => super::size::estimated_size(&api.types, &TypeRef::Value),
    }
}

/// Which variants of a success enum hold their body in a `Box` (see [`super::size::boxed_variants`]).
fn boxed_success(api: &Api, bodies: &[(u16, Body)]) -> Vec<bool> {
    let sizes: Vec<usize> = bodies.iter().map(|(_, body)| body_size(api, body)).collect();
    super::size::boxed_variants(&sizes)
}

/// Which variants of an error enum hold their body in a `Box`.
fn boxed_errors(api: &Api, errors: &[(u16, &TypeRef)]) -> Vec<bool> {
    let sizes: Vec<usize> = errors.iter().map(|(_, ty)| super::size::estimated_size(&api.types, ty)).collect();
    super::size::boxed_variants(&sizes)
}

/// The type of one body kind and the runtime function (`fn(RawResponse, &OperationSpec)`) decoding it.
fn decode_body(api: &Api, body: &Body) -> (TokenStream, TokenStream) {
    match body {
        Body::Json(ty) => {
            let ty = type_tokens(api, ty);
            (ty.clone(), quote!(crate::runtime::RawResponse::json::<#ty>))
        }
        Body::Empty => (quote!(()), quote!(crate::runtime::RawResponse::decode_empty)),
        Body::Text => (quote!(::std::string::String), quote!(crate::runtime::RawResponse::decode_text)),
        Body::Untyped => (quote!(::serde_json::Value), quote!(crate::runtime::RawResponse::json_or_null)),
    }
}

/// The tokens of `src/responses.rs`.
/// Each operation's enums sit behind its folder's feature, as its method and builder do.
pub(super) fn responses(api: &Api) -> TokenStream {
    parted(api, &FolderFeatures::new(api)).tokens()
}

/// `src/responses.rs` made in parts (see [`super::parts`]): one piece per operation.
pub(super) fn parted<'a>(api: &'a Api, features: &'a FolderFeatures) -> Parted<'a> {
    Parted::after("src/responses.rs", head, api.operations.len(), move |range| items(api, features, range))
}

/// The module docs of `src/responses.rs`.
fn head() -> TokenStream {
    quote! {
        #![doc = " Operations with several success bodies return one of these enums; documented error bodies"]
        #![doc = " decode into the `…Error` enums."]
    }
}

/// The enums of the operations `api.operations[range]`.
fn items(api: &Api, features: &FolderFeatures, range: Range<usize>) -> TokenStream {
    let mut items = TokenStream::new();
    for op in &api.operations[range] {
        let cfg = features.cfg(op);
        if let Success::Several(bodies) = success(op) {
            items.extend(success_item(api, op, &bodies, &cfg));
        }
        let errors = typed_errors(op);
        if !errors.is_empty() {
            items.extend(error_item(api, op, &errors, &cfg));
        }
    }
    items
}

fn status_doc(api: &Api, status: u16, body: &Body) -> String {
    let text = match body {
        Body::Json(ty) => type_doc(api, ty),
        Body::Empty => "no body".to_owned(),
        Body::Text => "the body as text".to_owned(),
        Body::Untyped => "the body as JSON".to_owned(),
    };
    format!("`{status}`: {text}.")
}

fn success_item(api: &Api, op: &Operation, bodies: &[(u16, Body)], cfg: &TokenStream) -> TokenStream {
    let name = ident(&success_enum(op));
    let method = &op.name;
    let doc = doc_lines([format!(
        "What [`Client::{method}`](crate::Client::{method}) returns: one variant per success status of the collection."
    )]);
    let variants = bodies.iter().zip(boxed_success(api, bodies)).map(|((status, body), boxed)| {
        let variant = ident(&status_variant(*status));
        let doc = doc_lines([status_doc(api, *status, body)]);
        match body {
            Body::Empty => quote!(#doc #variant,),
            _ => {
                let (ty, _) = decode_body(api, body);
                let ty = if boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
                quote!(#doc #variant(#ty),)
            }
        }
    });
    quote! {
        #doc
        #cfg
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[cfg_attr(feature = "extra-traits", derive(::std::cmp::PartialEq))]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn error_item(api: &Api, op: &Operation, errors: &[(u16, &TypeRef)], cfg: &TokenStream) -> TokenStream {
    let name = ident(&error_enum(op));
    let method = &op.name;
    let doc = doc_lines([
        format!("The documented error bodies of [`Client::{method}`](crate::Client::{method}), typed from the collection's examples."),
        String::new(),
        "Get one from an error with [`from_error`](Self::from_error) or [`from_api_error`](Self::from_api_error).".to_owned(),
    ]);
    let boxed = boxed_errors(api, errors);
    let variants = errors.iter().zip(&boxed).map(|((status, ty), boxed)| {
        let variant = ident(&status_variant(*status));
        let doc = doc_lines([status_doc(api, *status, &Body::Json((*ty).clone()))]);
        let ty = type_tokens(api, ty);
        let ty = if *boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
        quote!(#doc #variant(#ty),)
    });
    let arms = errors.iter().zip(&boxed).map(|((status, _), boxed)| {
        let code = proc_macro2::Literal::u16_unsuffixed(*status);
        let variant = ident(&status_variant(*status));
        if *boxed {
            quote!(#code => error.json().map(|value| Self::#variant(::std::boxed::Box::new(value))),)
        } else {
            quote!(#code => error.json().map(Self::#variant),)
        }
    });
    quote! {
        #doc
        #cfg
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[cfg_attr(feature = "extra-traits", derive(::std::cmp::PartialEq))]
        pub enum #name {
            #(#variants)*
        }

        #cfg
        impl #name {
            /// The typed body of an error response of this operation, when its status is documented
            /// with a body and the body decodes.
            pub fn from_api_error(error: &crate::ApiError) -> ::std::option::Option<Self> {
                if error.operation() != #method {
                    return ::std::option::Option::None;
                }
                match error.status().as_u16() {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }

            /// The typed body of an [`Error::Api`](crate::Error::Api) or
            /// [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus) of this operation.
            pub fn from_error(error: &crate::Error) -> ::std::option::Option<Self> {
                error.api_error().and_then(Self::from_api_error)
            }
        }
    }
}
