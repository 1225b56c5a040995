//! `src/builders.rs`: one request builder per operation. Required parameters are taken by the
//! client method, optional ones are set by name; `.send().await` (or just `.await`) sends it.
//!
//! The functions that send a request (`send`, `into_request`, `into_future`, …) are `#[inline]`:
//! rustc then compiles each one, with the decoder of its response type, in the crate that calls it,
//! and only for the operations that crate uses, instead of compiling every operation's decoder
//! when the client library is built.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::FolderFeatures;
use super::parts::Parted;
use super::signature::argument_type;
use super::{doc_lines, ident, param_type_name, param_type_tokens};
use crate::docs::rustdoc_lines;
use crate::ir::{Api, AuthScheme, Operation, ParamLocation, ParamType, PathPart, RequestBody};

/// The tokens of `src/builders.rs`.
pub fn builders(api: &Api) -> TokenStream {
    parted(api, &FolderFeatures::new(api)).tokens()
}

/// `src/builders.rs` made in parts (see [`super::parts`]): one piece per operation.
pub fn parted<'a>(api: &'a Api, features: &'a FolderFeatures) -> Parted<'a> {
    Parted::after("src/builders.rs", head, api.operations.len(), move |range| builders_of(api, features, range))
}

/// The module docs of `src/builders.rs`.
fn head() -> TokenStream {
    quote!(#![doc = " Request builders: set optional parameters, then `.send().await` (or `.await`)."])
}

/// The builders of the operations `api.operations[range]`.
fn builders_of(api: &Api, features: &FolderFeatures, range: Range<usize>) -> TokenStream {
    api.operations[range].iter().map(|op| builder(api, op, &features.cfg(op))).collect()
}

fn auth_tokens(auth: &AuthScheme) -> TokenStream {
    match auth {
        AuthScheme::None | AuthScheme::Unsupported { .. } => quote!(crate::runtime::AuthScheme::None),
        AuthScheme::BearerHeader { prefix } => quote!(crate::runtime::AuthScheme::BearerHeader { prefix: #prefix }),
        AuthScheme::TokenQuery => quote!(crate::runtime::AuthScheme::TokenQuery),
        AuthScheme::Basic => quote!(crate::runtime::AuthScheme::Basic),
        AuthScheme::ApiKeyHeader { name } => quote!(crate::runtime::AuthScheme::ApiKeyHeader { name: #name }),
        AuthScheme::ApiKeyQuery { name } => quote!(crate::runtime::AuthScheme::ApiKeyQuery { name: #name }),
    }
}

/// Statements that build the encoded path in `path`: fixed text and encoded parameters.
fn path_tokens(op: &Operation) -> TokenStream {
    let mut pieces: Vec<(String, Option<usize>)> = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => pieces.push((format!("/{text}"), None)),
            PathPart::Param(index) => pieces.push(("/".to_owned(), Some(*index))),
            PathPart::Template(parts) => {
                pieces.push(("/".to_owned(), None));
                pieces.extend(parts.iter().cloned());
            }
        }
    }
    // Merge adjacent text so the path reads like its template.
    let mut merged: Vec<(String, Option<usize>)> = Vec::new();
    for (text, param) in pieces {
        match merged.last_mut() {
            Some((last_text, last_param @ None)) => {
                last_text.push_str(&text);
                *last_param = param;
            }
            _ => merged.push((text, param)),
        }
    }
    // The path is written into a buffer with room for the base URL, which the runtime puts in
    // front without allocating again.
    let mut len = quote!();
    let mut statements = Vec::new();
    let mut literal = 0usize;
    for (text, param) in &merged {
        literal += text.len();
        statements.extend(push_text(text));
        if let Some(index) = param {
            let param = &op.params[*index];
            let name = ident(&param.name);
            let wire = &param.wire_name;
            let value = match param.ty {
                ParamType::String => {
                    len.extend(quote!(+ self.#name.len()));
                    quote!(&self.#name)
                }
                _ => {
                    // Numbers and booleans: at most 20 characters.
                    literal += 20;
                    quote!(&self.#name.to_string())
                }
            };
            statements.push(quote!(crate::runtime::push_path_segment(&mut path, #wire, #value)?;));
        }
    }
    if merged.iter().all(|(_, p)| p.is_none()) {
        let text: String = merged.into_iter().map(|(t, _)| t).collect();
        let text = if text.is_empty() { "/".to_owned() } else { text };
        let literal = proc_macro2::Literal::usize_unsuffixed(text.len());
        let push = push_text(&text);
        return quote! {
            let mut path = self.client.core.path_buffer(#literal);
            #push
        };
    }
    let literal = proc_macro2::Literal::usize_unsuffixed(literal);
    quote! {
        let mut path = self.client.core.path_buffer(#literal #len);
        #(#statements)*
    }
}

/// Appends literal path text to `path`: one character with `push` (as clippy's
/// `single_char_add_str` asks), more with `push_str`, nothing for empty text.
fn push_text(text: &str) -> Option<TokenStream> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => None,
        (Some(c), None) => Some(quote!(path.push(#c);)),
        _ => Some(quote!(path.push_str(#text);)),
    }
}

/// The builder of one operation; `cfg` (its folder's feature gate, or nothing) goes on each item.
fn builder(api: &Api, op: &Operation, cfg: &TokenStream) -> TokenStream {
    let name = ident(&op.builder_name);
    let method_name = &op.name;
    let http_method = &op.method;
    let struct_doc = doc_lines([
        format!("A `{}` request: see [`Client::{method_name}`](crate::Client::{method_name}).", op.method),
    ]);
    let mut fields: Vec<TokenStream> = op.params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = param_type_tokens(p.ty);
        if p.required {
            quote!(#name: #ty,)
        } else if p.repeated {
            quote!(#name: ::std::vec::Vec<#ty>,)
        } else {
            quote!(#name: ::std::option::Option<#ty>,)
        }
    }).collect();
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    // Many required parameters come in one struct, taken apart into the builder's fields.
    let (mut new_args, unpack): (Vec<TokenStream>, TokenStream) = if super::signature::takes_params_struct(op) {
        let argument = super::signature::params_argument(op);
        let ty = ident(&op.builder_name);
        let names = required.iter().map(|p| ident(&p.name));
        (vec![quote!(#argument: crate::params::#ty)], quote!(let crate::params::#ty { #(#names),* } = #argument;))
    } else {
        let args = required.iter().map(|p| {
            let name = ident(&p.name);
            let ty = param_type_tokens(p.ty);
            quote!(#name: #ty)
        });
        (args.collect(), TokenStream::new())
    };
    let mut inits: Vec<TokenStream> = op.params.iter().map(|p| {
        let name = ident(&p.name);
        if p.required {
            quote!(#name,)
        } else if p.repeated {
            quote!(#name: ::std::vec::Vec::new(),)
        } else {
            quote!(#name: ::std::option::Option::None,)
        }
    }).collect();
    let body = body_parts(api, op);
    fields.extend(body.field);
    new_args.extend(body.new_arg);
    inits.extend(body.init);
    let mut setters: Vec<TokenStream> = op.params.iter().filter(|p| !p.required).map(|p| {
        let name = ident(&p.name);
        if p.ty == ParamType::File {
            let lines = [format!("Attaches the file part {}: its file name and contents.", crate::docs::code(&p.wire_name))];
            let doc = doc_lines(lines.iter().chain(p.description.iter()));
            return quote! {
                #doc
                pub fn #name(
                    mut self,
                    file_name: impl ::std::convert::Into<::std::string::String>,
                    contents: impl ::std::convert::Into<::std::vec::Vec<u8>>,
                ) -> Self {
                    self.#name = ::std::option::Option::Some((file_name.into(), contents.into()));
                    self
                }
            };
        }
        let ty = argument_type(p.ty);
        let value = match p.ty {
            ParamType::String => quote!(value.into()),
            _ => quote!(value),
        };
        let place = match p.location {
            ParamLocation::Path => "path parameter",
            ParamLocation::Query => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::Form => "form field",
            ParamLocation::Multipart => "multipart field",
        };
        let wire = crate::docs::code(&p.wire_name);
        let mut lines = if p.repeated {
            vec![
                format!("Sets the {place} {wire} ({}s), sent once per value in order (none for no value).", param_type_name(p.ty)),
            ]
        } else {
            vec![format!("Sets the {place} {wire} ({}).", param_type_name(p.ty))]
        };
        if let Some(description) = &p.description {
            lines.push(String::new());
            lines.extend(rustdoc_lines(description));
        }
        if let Some(example) = p.example.as_deref().filter(|e| !e.is_empty()) {
            lines.push(String::new());
            match crate::json::placeholder::hint(example) {
                Some(hint) => lines.push(format!("The collection gives no example: {hint}.")),
                None => lines.push(format!("Example from the collection: {}.", crate::docs::code(example))),
            }
        }
        if let Some(setting) = p.variable.as_ref().and_then(|v| api.client_settings.iter().find(|s| s.variable == *v)).filter(|_| p.takes_client_setting()) {
            lines.push(String::new());
            lines.push(format!("Unless set, the client's [`ClientBuilder::{0}`](crate::ClientBuilder::{0}) is sent.", setting.setter));
        }
        if let Some(dynamic) = &p.dynamic {
            let what = crate::environment::DYNAMIC_VARIABLES.iter().find(|(name, _)| name == dynamic).map_or("a fresh value", |(_, what)| what);
            lines.push(String::new());
            lines.push(format!(
                "Unless set, each request sends {what}, as the collection's {} does; a retry of the request sends the same value.",
                crate::docs::code(&format!("{{{{${dynamic}}}}}"))
            ));
        }
        let doc = doc_lines(lines);
        if p.repeated {
            let item = argument_type(p.ty);
            let value = match p.ty {
                ParamType::String => quote!(values.into_iter().map(::std::convert::Into::into).collect()),
                _ => quote!(values.into_iter().collect()),
            };
            return quote! {
                #doc
                pub fn #name(mut self, values: impl ::std::iter::IntoIterator<Item = #item>) -> Self {
                    self.#name = #value;
                    self
                }
            };
        }
        quote! {
            #doc
            pub fn #name(mut self, value: #ty) -> Self {
                self.#name = ::std::option::Option::Some(#value);
                self
            }
        }
    }).collect();
    setters.extend(body.setter);
    let path = path_tokens(op);
    let see = format!(" See [`Client::{method_name}`](crate::Client::{method_name}).");
    let request_parts = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        if let Some(dynamic) = &p.dynamic {
            let add = if p.location == ParamLocation::Query { quote!(query) } else { quote!(header) };
            return quote! {
                match &self.#name {
                    ::std::option::Option::Some(value) => request.#add(#wire, value),
                    ::std::option::Option::None => request.#add(#wire, crate::runtime::dynamic_value(#dynamic)),
                }
            };
        }
        let (add, add_opt) = match p.location {
            ParamLocation::Query if p.repeated => return quote!(request.query_each(#wire, &self.#name);),
            ParamLocation::Form if p.repeated => return quote!(request.form_each(#wire, &self.#name);),
            ParamLocation::Multipart if p.repeated => return quote!(request.part_each(#wire, &self.#name);),
            ParamLocation::Query => (quote!(query), quote!(query_opt)),
            ParamLocation::Form => (quote!(form), quote!(form_opt)),
            ParamLocation::Multipart if p.ty == ParamType::File => {
                return if p.required {
                    quote!(request.file_part_opt(#wire, ::std::option::Option::Some(self.#name));)
                } else {
                    quote!(request.file_part_opt(#wire, self.#name);)
                };
            }
            ParamLocation::Multipart => {
                return if p.required {
                    quote!(request.part_opt(#wire, ::std::option::Option::Some(&self.#name));)
                } else {
                    quote!(request.part_opt(#wire, self.#name.as_ref());)
                };
            }
            ParamLocation::Header | ParamLocation::Path => (quote!(header), quote!(header_opt)),
        };
        if p.required && p.ty == ParamType::String {
            quote!(request.#add(#wire, &self.#name);)
        } else if p.required {
            // Numbers and booleans are `Copy`: passed by value, as clippy wants.
            quote!(request.#add(#wire, self.#name);)
        } else if let Some(setting) = p.variable.as_ref().and_then(|v| api.client_settings.iter().find(|s| s.variable == *v)).filter(|_| p.takes_client_setting()) {
            // The client's setting, unless this request sets its own.
            let field = ident(&setting.setter);
            quote!(request.#add_opt(#wire, self.#name.as_ref().or(self.client.settings.#field.as_ref()));)
        } else {
            quote!(request.#add_opt(#wire, self.#name.as_ref());)
        }
    });
    let send_body = body.send;
    let start_body = body.start;
    let mutability = if op.params.iter().any(|p| p.location != ParamLocation::Path) || !op.fixed_headers.is_empty() || op.body.is_some() {
        quote!(mut)
    } else {
        quote!()
    };
    let fixed_headers = if op.fixed_headers.is_empty() {
        TokenStream::new()
    } else {
        let pairs = op.fixed_headers.iter().map(|(k, v)| quote!((#k, #v)));
        quote!(request.fixed_headers(&[#(#pairs),*]);)
    };
    let (output, decode, decode_fn) = super::responses::decode(api, op);
    let stream = super::paging::stream_method(api, op);
    let auth = auth_tokens(&op.auth);
    let documented = super::responses::documented_errors(op).map(|r| {
        let code = proc_macro2::Literal::u16_unsuffixed(r.status.unwrap_or_default());
        let text = documented_text(r);
        quote!((#code, #text))
    });
    quote! {
        #struct_doc
        #cfg
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await` or `.await`"]
        pub struct #name<'a> {
            client: &'a crate::Client,
            #(#fields)*
        }

        #cfg
        impl<'a> #name<'a> {
            #[inline]
            pub(crate) fn new(client: &'a crate::Client, #(#new_args),*) -> Self {
                #unpack
                Self { client, #(#inits)* }
            }

            #(#setters)*

            /// Sends the request; awaiting the result gives the decoded body (`.await` on the
            /// builder does the same).
            ///
            /// # Errors
            ///
            #[doc = #see]
            #[inline]
            pub fn send(self) -> crate::Pending<'a, #output> {
                const SPEC: crate::runtime::OperationSpec = crate::runtime::OperationSpec {
                    name: #method_name,
                    method: #http_method,
                    auth: #auth,
                    documented: &[#(#documented),*],
                };
                #decode_fn
                let client = self.client;
                crate::Pending::new(&client.core, &SPEC, self.into_request(), #decode)
            }

            /// Sends the request; awaiting the result gives the decoded body with the response's
            /// status and headers.
            ///
            /// # Errors
            ///
            #[doc = #see]
            #[inline]
            pub fn send_with_response(self) -> crate::PendingResponse<'a, #output> {
                self.send().with_response()
            }

            /// Sends the request and waits for the response, without an async runtime (the `blocking`
            /// feature). Inside an async runtime it fails with
            /// [`Error::InvalidRequest`](crate::Error::InvalidRequest): use `.await` there.
            ///
            /// # Errors
            ///
            #[doc = #see]
            #[cfg(feature = "blocking")]
            #[inline]
            pub fn send_blocking(self) -> ::std::result::Result<#output, crate::Error> {
                self.send().wait()
            }

            /// [`send_with_response`](Self::send_with_response) without an async runtime (the
            /// `blocking` feature).
            ///
            /// # Errors
            ///
            #[doc = #see]
            #[cfg(feature = "blocking")]
            #[inline]
            pub fn send_with_response_blocking(self) -> ::std::result::Result<crate::ResponseValue<#output>, crate::Error> {
                self.send_with_response().wait()
            }

            /// The request's path, query, headers and body.
            #[inline]
            fn into_request(self) -> ::std::result::Result<crate::runtime::RequestSpec, crate::Error> {
                #path
                let #mutability request = crate::runtime::RequestSpec::new(path);
                #start_body
                #(#request_parts)*
                #fixed_headers
                #send_body
                ::std::result::Result::Ok(request)
            }

            #stream
        }

        #cfg
        impl<'a> ::std::future::IntoFuture for #name<'a> {
            type Output = ::std::result::Result<#output, crate::Error>;
            type IntoFuture = crate::Pending<'a, #output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The pieces a request body adds to a builder.
#[derive(Default)]
struct BodyParts {
    field: Option<TokenStream>,
    new_arg: Option<TokenStream>,
    init: Option<TokenStream>,
    setter: Option<TokenStream>,
    /// Statements before the parameters are added.
    start: TokenStream,
    /// Statements after them.
    send: TokenStream,
}

fn body_parts(api: &Api, op: &Operation) -> BodyParts {
    let Some(body) = &op.body else { return BodyParts::default() };
    if let Some((name, _, stored, _)) = super::signature::body_argument(api, op) {
        let send = match body {
            RequestBody::Json { dynamic, .. } if !dynamic.is_empty() => {
                // Fields the collection fills with `{{$guid}}` and the like: fresh per request.
                let fields = dynamic.iter().map(|field| {
                    let path = &field.path;
                    let variable = &field.variable;
                    let quoted = field.quoted;
                    quote!((&[#(#path),*], #variable, #quoted))
                });
                quote!(request.json_with_dynamic(&self.#name, &[#(#fields),*])?;)
            }
            RequestBody::Json { .. } => quote!(request.json(&self.#name)?;),
            RequestBody::Text { content_type, .. } | RequestBody::Binary { content_type } => {
                quote!(request.bytes(self.#name, #content_type);)
            }
            _ => quote!(),
        };
        return BodyParts {
            field: Some(quote!(#name: #stored,)),
            new_arg: Some(quote!(#name: #stored)),
            init: Some(quote!(#name,)),
            setter: None,
            start: TokenStream::new(),
            send,
        };
    }
    match body {
        RequestBody::Graphql { query, ty, .. } => {
            let Some(name) = op.body_arg.as_deref().map(ident) else { return BodyParts::default() };
            let ty = ty.as_ref().map_or_else(|| quote!(::serde_json::Value), |ty| super::type_tokens(api, ty));
            let mut lines = vec!["Sets the GraphQL variables. The query is:".to_owned(), String::new(), "```graphql".to_owned()];
            lines.extend(crate::docs::strip_controls(query).lines().map(|l| l.replace("```", "` ` `")));
            lines.push("```".to_owned());
            let doc = doc_lines(lines);
            BodyParts {
                field: Some(quote!(#name: ::std::option::Option<#ty>,)),
                new_arg: None,
                init: Some(quote!(#name: ::std::option::Option::None,)),
                setter: Some(quote! {
                    #doc
                    pub fn #name(mut self, value: #ty) -> Self {
                        self.#name = ::std::option::Option::Some(value);
                        self
                    }
                }),
                start: TokenStream::new(),
                send: quote!(request.graphql(#query, self.#name.as_ref())?;),
            }
        }
        // Form and multipart fields are parameters; an empty form still sends its content type.
        RequestBody::Form => BodyParts { start: quote!(request.form_body();), ..BodyParts::default() },
        RequestBody::Multipart => BodyParts { start: quote!(request.multipart_body();), ..BodyParts::default() },
        _ => BodyParts::default(),
    }
}

/// What the collection documents for an error status, as one line of plain text.
fn documented_text(response: &crate::ir::Response) -> String {
    let mut parts = Vec::new();
    if let Some(reason) = &response.reason {
        parts.push(crate::docs::plain_text(reason));
    }
    parts.extend(response.summary.iter().cloned());
    for (code, text) in &response.error_codes {
        parts.push(format!("error code {}: {}", code.replace('`', ""), text));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(". ").replace("..", ".")
}
