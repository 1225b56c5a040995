//! The Rust signature of an operation's method: its arguments (the required parameters, or the
//! struct of them past [`MAX_ARGUMENTS`], then the body) and the values its builder's `new` takes.
//! The client's methods and the folder accessors' methods share it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, param_type_tokens};
use crate::ir::{Api, Operation, ParamType, Parameter, RequestBody};

/// The argument type of a parameter.
pub(super) fn argument_type(ty: ParamType) -> TokenStream {
    match ty {
        ParamType::String => quote!(impl ::std::convert::Into<::std::string::String>),
        other => param_type_tokens(other),
    }
}

/// The expression that turns an argument into its stored value.
pub(super) fn argument_value(param: &Parameter) -> TokenStream {
    let name = ident(&param.name);
    match param.ty {
        ParamType::String => quote!(#name.into()),
        _ => quote!(#name),
    }
}

/// The body argument of an operation's method: its name, argument type, stored type and the
/// expression that stores it. GraphQL variables are a builder setter, not an argument.
pub(super) fn body_argument(api: &Api, op: &Operation) -> Option<(proc_macro2::Ident, TokenStream, TokenStream, TokenStream)> {
    let name = ident(op.body_arg.as_deref()?);
    match op.body.as_ref()? {
        RequestBody::Json { ty, .. } => {
            let ty = ty.as_ref().map_or_else(|| quote!(::serde_json::Value), |ty| super::type_tokens(api, ty));
            Some((name.clone(), ty.clone(), ty, quote!(#name)))
        }
        RequestBody::Text { .. } => Some((
            name.clone(),
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(::std::string::String),
            quote!(#name.into()),
        )),
        RequestBody::Binary { .. } => Some((
            name.clone(),
            quote!(impl ::std::convert::Into<::std::vec::Vec<u8>>),
            quote!(::std::vec::Vec<u8>),
            quote!(#name.into()),
        )),
        RequestBody::Form | RequestBody::Multipart | RequestBody::Graphql { .. } => None,
    }
}

/// Past this many required parameters, an operation's method takes them as the fields of one
/// struct in `crate::params` (named as its builder), so a call names each value (`phone_id: …,
/// domain: …`) instead of passing a dozen positional strings, and no function has more arguments
/// than clippy's `too_many_arguments` allows.
pub const MAX_ARGUMENTS: usize = 4;

/// Whether `op`'s required parameters are the fields of a struct in `crate::params`.
pub(super) fn takes_params_struct(op: &Operation) -> bool {
    op.params.iter().filter(|p| p.required).count() > MAX_ARGUMENTS
}

/// The name of the argument that holds the parameters struct: `params`, unless the body has that name.
pub(super) fn params_argument(op: &Operation) -> proc_macro2::Ident {
    ident(if op.body_arg.as_deref() == Some("params") { "parameters" } else { "params" })
}

/// The arguments of an operation's method (required parameters or their struct, then the body) and
/// the values the builder's `new` takes from them.
pub(super) fn method_arguments(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let required: Vec<&Parameter> = op.params.iter().filter(|p| p.required).collect();
    let (mut args, mut values): (Vec<TokenStream>, Vec<TokenStream>) = if takes_params_struct(op) {
        let name = params_argument(op);
        let ty = ident(&op.builder_name);
        (vec![quote!(#name: crate::params::#ty)], vec![quote!(#name)])
    } else {
        let args = required.iter().map(|p| {
            let name = ident(&p.name);
            let ty = argument_type(p.ty);
            quote!(#name: #ty)
        });
        (args.collect(), required.iter().map(|p| argument_value(p)).collect())
    };
    if let Some((name, arg_ty, _, value)) = body_argument(api, op) {
        args.push(quote!(#name: #arg_ty));
        values.push(value);
    }
    (args, values)
}
