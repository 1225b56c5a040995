//! `src/client.rs`: the `Client`, its builder, and one method per operation.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::FolderFeatures;
use super::parts::Parted;
use super::signature::{method_arguments, params_argument, takes_params_struct};
use super::{doc_lines, ident, param_type_name, type_doc};
use crate::docs::{rustdoc_lines, summary};
use crate::ir::{Api, Operation, Parameter, RequestBody};

/// The tokens of `src/client.rs`.
pub fn client(api: &Api) -> TokenStream {
    parted(api, &FolderFeatures::new(api)).tokens()
}

/// `src/client.rs` made in parts (see [`super::parts`]): one piece per operation's method.
pub fn parted<'a>(api: &'a Api, features: &'a FolderFeatures) -> Parted<'a> {
    let frame = move |methods| client_with(api, features, methods);
    Parted::in_impl("src/client.rs", frame, api.operations.len(), move |range| methods(api, features, range))
}

/// The methods of the operations `api.operations[range]`.
fn methods(api: &Api, features: &FolderFeatures, range: Range<usize>) -> TokenStream {
    api.operations[range].iter().map(|op| operation_method(api, op, &features.cfg(op))).collect()
}

/// The tokens of `src/client.rs` with `methods` in `impl Client`.
fn client_with(api: &Api, features: &FolderFeatures, methods: TokenStream) -> TokenStream {
    let title = &api.title;
    let client_doc = doc_lines(
        [format!("A client for {}.", crate::docs::inline(title)), String::new()]
            .into_iter()
            .chain(["Build one with [`Client::builder`]; it is cheap to clone and share.".to_owned()]),
    );
    let (base_const, base_default) = match &api.base_url {
        Some(url) => {
            let doc = doc_lines([format!("The base URL the collection uses: {}.", crate::docs::code(url))]);
            (
                quote! {
                    #doc
                    pub const DEFAULT_BASE_URL: &'static str = #url;
                },
                quote!(::std::option::Option::Some(Client::DEFAULT_BASE_URL)),
            )
        }
        None => (quote!(), quote!(::std::option::Option::None)),
    };
    let (template_const, template_setters, template_fill) = base_url_template(api);
    let oauth2_consts = oauth2_consts(api);
    let (template_declare, template_field) = if api.base_url_template.is_some() {
        (quote!(let filled;), quote!(base_url_values: ::std::vec::Vec<(&'static str, ::std::string::String)>,))
    } else {
        (quote!(), quote!())
    };
    let credentials = credential_setters(api);
    let (settings_struct, settings_field, settings_setters) = client_settings(api);
    let (settings_copy, settings_move) = if api.client_settings.is_empty() {
        (quote!(), quote!())
    } else {
        (quote!(settings: self.settings.clone()), quote!(settings: self.settings))
    };
    let folders = super::folders::client_accessors(api, features);
    quote! {
        #![doc = " The client and its configuration."]

        #client_doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct Client {
            pub(crate) core: crate::runtime::ClientCore,
            #settings_field
        }

        impl Client {
            #base_const
            #template_const
            #oauth2_consts

            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to, without a trailing `/`.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// The underlying `reqwest` client.
            pub fn http_client(&self) -> &::reqwest::Client {
                self.core.http()
            }

            /// A copy of this client (sharing its connections) that retries by `policy`, e.g. for the
            /// one call that needs it.
            pub fn with_retry(&self, policy: crate::RetryPolicy) -> Client {
                let mut core = self.core.clone();
                core.set_retry(::std::option::Option::Some(policy));
                Client { core, #settings_copy }
            }

            /// A copy of this client (sharing its connections) that never retries.
            pub fn without_retry(&self) -> Client {
                let mut core = self.core.clone();
                core.set_retry(::std::option::Option::None);
                Client { core, #settings_copy }
            }

            #methods

            #folders
        }

        /// Configures a [`Client`]: base URL, credentials, timeouts, retries, hooks, or your own
        /// `reqwest::Client`.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default)]
        pub struct ClientBuilder {
            base_url: ::std::option::Option<::std::string::String>,
            http: ::std::option::Option<::reqwest::Client>,
            credentials: crate::runtime::Credentials,
            timeout: ::std::option::Option<::std::time::Duration>,
            connect_timeout: ::std::option::Option<::std::time::Duration>,
            retry: ::std::option::Option<crate::RetryPolicy>,
            hooks: crate::hooks::Hooks,
            recorder: ::std::option::Option<crate::runtime::SampleRecorder>,
            #template_field
            #settings_field
        }

        impl ClientBuilder {
            /// Sends requests to another base URL (e.g. a mock server or a regional endpoint).
            pub fn base_url(mut self, base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.base_url = ::std::option::Option::Some(base_url.into());
                self
            }

            #credentials

            #template_setters

            #settings_setters

            /// Uses your own `reqwest::Client` (proxies, TLS settings, default headers, middleware-like
            /// wrappers). The timeouts of this builder then do not apply: configure them on your client.
            pub fn http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = ::std::option::Option::Some(http);
                self
            }

            /// The time limit for a whole request, from connecting to reading the body (default 30 s).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// The time limit for connecting (default 10 s).
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.connect_timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Retries failed requests by `policy`: transport errors, timeouts and the statuses 408, 429,
            /// 502, 503 and 504, for idempotent methods, with exponential backoff and jitter, honouring
            /// `Retry-After` (default: no retries).
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.retry = ::std::option::Option::Some(policy);
                self
            }

            /// Runs `hook` on every request and response, after the hooks added before.
            pub fn hook(mut self, hook: impl crate::Hook) -> Self {
                self.hooks.push(hook);
                self
            }

            /// Runs `f` before every request is sent (to add headers, sign, trace); an error stops the call.
            pub fn on_request<F>(mut self, f: F) -> Self
            where
                F: ::std::ops::Fn(&crate::RequestInfo, &mut ::reqwest::Request) -> ::std::result::Result<(), crate::Error>
                    + ::std::marker::Send
                    + ::std::marker::Sync
                    + 'static,
            {
                self.hooks.push_on_request(f);
                self
            }

            /// Runs `f` after every response (any status) or transport error (to log, measure, trace).
            pub fn on_response<F>(mut self, f: F) -> Self
            where
                F: ::std::ops::Fn(&crate::RequestInfo, ::std::result::Result<&crate::ResponseInfo<'_>, &crate::Error>)
                    + ::std::marker::Send
                    + ::std::marker::Sync
                    + 'static,
            {
                self.hooks.push_on_response(f);
                self
            }

            /// Records, under `dir`, the response bodies the crate's types do not cover (off by
            /// default): those of operations typed as a JSON value, and those that failed to
            /// decode (a field the types did not foresee). They are written as
            /// `postman-codegen capture` writes samples (`dir/<operation>/<status>-<n>.json`, a few
            /// per status, one per shape, credential fields redacted); point `generate` at the
            /// directory (`--samples dir`, or `<collection>.samples/`) to type them next time.
            pub fn record_samples(mut self, dir: impl ::std::convert::Into<::std::path::PathBuf>) -> Self {
                self.recorder = ::std::option::Option::Some(crate::runtime::SampleRecorder::new(dir));
                self
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when the base URL is missing or
            /// not an absolute `http(s)` URL; [`Error::Transport`](crate::Error::Transport) when the HTTP
            /// client cannot be created (e.g. TLS initialisation fails).
            pub fn build(self) -> ::std::result::Result<Client, crate::Error> {
                let default_base_url: ::std::option::Option<&str> = #base_default;
                #template_declare
                let base_url = match (&self.base_url, default_base_url) {
                    (::std::option::Option::Some(url), _) => url.as_str(),
                    (::std::option::Option::None, ::std::option::Option::Some(url)) => url,
                    (::std::option::Option::None, ::std::option::Option::None) => {
                        #template_fill
                    }
                };
                let http = match self.http {
                    ::std::option::Option::Some(http) => http,
                    ::std::option::Option::None => ::reqwest::Client::builder()
                        .timeout(self.timeout.unwrap_or(::std::time::Duration::from_secs(30)))
                        .connect_timeout(self.connect_timeout.unwrap_or(::std::time::Duration::from_secs(10)))
                        .user_agent(::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")))
                        .build()
                        .map_err(crate::Error::Transport)?,
                };
                let mut core = crate::runtime::ClientCore::new(base_url, http, self.credentials)?;
                core.set_retry(self.retry);
                core.set_hooks(self.hooks);
                core.set_recorder(self.recorder);
                ::std::result::Result::Ok(Client { core, #settings_move })
            }
        }

        #settings_struct
    }
}

/// For the client-level settings: the `ClientSettings` struct, the field of `Client` and
/// `ClientBuilder` that holds it, and a builder setter per setting (nothing when there are none).
fn client_settings(api: &Api) -> (TokenStream, TokenStream, TokenStream) {
    if api.client_settings.is_empty() {
        return (quote!(), quote!(), quote!());
    }
    let fields = api.client_settings.iter().map(|setting| {
        let field = super::ident(&setting.setter);
        let doc = doc_lines([format!("`{{{{{}}}}}`.", setting.variable.escape_debug())]);
        quote! {
            #doc
            pub(crate) #field: ::std::option::Option<::std::string::String>,
        }
    });
    let setters = api.client_settings.iter().map(|setting| {
        let field = super::ident(&setting.setter);
        let mut places: Vec<String> = Vec::new();
        if !setting.headers.is_empty() {
            let headers: Vec<String> = setting.headers.iter().map(|h| crate::docs::code(h)).collect();
            places.push(format!("the header{} {}", if headers.len() > 1 { "s" } else { "" }, headers.join(", ")));
        }
        if !setting.query.is_empty() {
            let query: Vec<String> = setting.query.iter().map(|q| crate::docs::code(q)).collect();
            places.push(format!("the query parameter{} {}", if query.len() > 1 { "s" } else { "" }, query.join(", ")));
        }
        let doc = doc_lines([
            format!(
                "Sends {} (the collection's {}) with every request that uses it ({} operations), unless the request sets its own.",
                places.join(" and "),
                crate::docs::code(&format!("{{{{{}}}}}", setting.variable)),
                setting.operations
            ),
            String::new(),
            "Unset, those requests send none.".to_owned(),
        ]);
        quote! {
            #doc
            pub fn #field(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.settings.#field = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let structure = quote! {
        /// Values a [`Client`] sends with the requests that use them (see the [`ClientBuilder`] setters).
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default)]
        pub(crate) struct ClientSettings {
            #(#fields)*
        }
    };
    (structure, quote!(pub(crate) settings: ClientSettings,), quote!(#(#setters)*))
}

/// For a base URL with variables: the `BASE_URL_TEMPLATE` constant, a builder setter per variable,
/// and the code that fills the template in `build()` (else the "no base URL" error).
fn base_url_template(api: &Api) -> (TokenStream, TokenStream, TokenStream) {
    let Some(template) = &api.base_url_template else {
        let missing = quote! {
            return ::std::result::Result::Err(crate::Error::InvalidRequest(
                "no base URL: the collection does not define one, so set it with `ClientBuilder::base_url`".into(),
            ));
        };
        return (quote!(), quote!(), missing);
    };
    let text = &template.template;
    let doc = doc_lines([
        format!("The collection's base URL, with variables it leaves to you: {}.", crate::docs::code(text)),
        String::new(),
        "Set each with its [`ClientBuilder`] method, or the whole base URL with [`ClientBuilder::base_url`].".to_owned(),
    ]);
    let constant = quote! {
        #doc
        pub const BASE_URL_TEMPLATE: &'static str = #text;
    };
    let setters = template.variables.iter().map(|(name, setter)| {
        let method = super::ident(setter);
        let doc = doc_lines([
            format!("Sets {} in the base URL {}.", crate::docs::code(&format!("{{{{{name}}}}}")), crate::docs::code(text)),
            String::new(),
            "Letters, digits and `-._~` only: `build()` refuses anything else, so a value cannot change the host.".to_owned(),
        ]);
        quote! {
            #doc
            pub fn #method(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.base_url_values.push((#name, value.into()));
                self
            }
        }
    });
    let pairs = template.variables.iter().map(|(name, setter)| quote!((#name, #setter)));
    let fill = quote! {
        filled = crate::runtime::fill_base_url(Client::BASE_URL_TEMPLATE, &[#(#pairs),*], &self.base_url_values)?;
        filled.as_str()
    };
    (constant, quote!(#(#setters)*), fill)
}

/// The token URL and scope of the collection's OAuth 2.0 flow, as constants of `Client`.
fn oauth2_consts(api: &Api) -> TokenStream {
    let Some(flow) = &api.oauth2 else { return quote!() };
    let url = &flow.token_url;
    let url_doc = doc_lines([format!("The token endpoint of the collection's OAuth 2.0 auth ({}).", crate::docs::code(url))]);
    let scope = flow.scope.as_ref().map(|scope| {
        let doc = doc_lines([format!("The scope the collection's OAuth 2.0 auth asks for ({}).", crate::docs::code(scope))]);
        quote! {
            #doc
            pub const OAUTH2_SCOPE: &'static str = #scope;
        }
    });
    quote! {
        #url_doc
        pub const OAUTH2_TOKEN_URL: &'static str = #url;
        #scope
    }
}

/// The doc lines of `ClientBuilder::oauth2`: how to make the collection's flow.
fn oauth2_doc(api: &Api) -> Vec<String> {
    let mut lines = vec![
        "Fetches OAuth 2.0 access tokens with `flow`: cached, fetched again before they expire, one token request at a time".to_owned(),
        "however many requests wait for it, and once more when the server answers `401` (the request is then sent again, once).".to_owned(),
        "A failed token request is [`Error::Token`](crate::Error::Token).".to_owned(),
    ];
    let Some(flow) = &api.oauth2 else { return lines };
    let scope = if flow.scope.is_some() { "\n    .scope(Client::OAUTH2_SCOPE)" } else { "" };
    let body = if flow.client_auth_body { "\n    .client_auth(ClientAuth::Body)" } else { "" };
    let credentials = ".client_id(client_id)\n    .client_secret(client_secret)";
    let (what, make) = match flow.grant.as_str() {
        "client_credentials" => ("client credentials", format!("OAuth2::client_credentials(Client::OAUTH2_TOKEN_URL)\n    {credentials}")),
        "password_credentials" => ("the password grant", format!("OAuth2::password(Client::OAUTH2_TOKEN_URL, username, password)\n    {credentials}")),
        "authorization_code" | "authorization_code_with_pkce" | "implicit" => (
            "an authorization in a browser; here, the refresh token it gave",
            format!("OAuth2::refresh_token(Client::OAUTH2_TOKEN_URL, refresh_token)\n    {credentials}"),
        ),
        // A grant name is a word (`account_credentials`, `urn:ietf:params:oauth:grant-type:jwt-bearer`);
        // anything else is not shown in the docs' code.
        other if !other.is_empty() && other.chars().all(|c| c.is_ascii_alphanumeric() || "_-.:".contains(c)) => {
            ("its own grant", format!("OAuth2::grant(Client::OAUTH2_TOKEN_URL, {other:?})\n    {credentials}\n    .param(\"…\", value)"))
        }
        _ => ("its own grant", format!("OAuth2::grant(Client::OAUTH2_TOKEN_URL, grant_type)\n    {credentials}\n    .param(\"…\", value)")),
    };
    lines.push(String::new());
    lines.push(format!("The collection's flow is {what}, with the client's id and secret from your configuration (never from the collection):"));
    lines.push(String::new());
    lines.push("```ignore".to_owned());
    lines.push(format!("let flow = {make}{scope}{body};"));
    lines.push("let client = Client::builder().oauth2(flow).build()?;".to_owned());
    lines.push("```".to_owned());
    lines.iter().flat_map(|l| l.split('\n').map(str::to_owned).collect::<Vec<_>>()).collect()
}

fn credential_setters(api: &Api) -> TokenStream {
    let mut out = TokenStream::new();
    if api.credentials.token {
        let text = if api.credentials.oauth2 {
            "The OAuth 2.0 access token, sent as `Authorization: Bearer <token>` (as the collection's auth says)."
        } else {
            "The bearer token, sent as `Authorization: Bearer <token>` (as the collection's auth says)."
        };
        let doc = doc_lines([text, "", "It is never shown by `Debug`."]);
        out.extend(quote! {
            #doc
            pub fn bearer_token(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.credentials.token = ::std::option::Option::Some(crate::runtime::Secret::new(token));
                self
            }

            /// Asks `provider` for the token of every request that sends one (instead of a fixed
            /// [`bearer_token`](Self::bearer_token)), and once more, with the refused token, when the
            /// server answers `401` (the request is then sent again, once).
            pub fn token_provider(mut self, provider: impl crate::TokenProvider + 'static) -> Self {
                self.credentials.provider = ::std::option::Option::Some(::std::sync::Arc::new(provider));
                self
            }
        });
        if api.credentials.oauth2 {
            let doc = doc_lines(oauth2_doc(api));
            out.extend(quote! {
                #doc
                pub fn oauth2(self, flow: crate::OAuth2) -> Self {
                    self.token_provider(flow)
                }
            });
        }
    }
    if api.credentials.basic {
        out.extend(quote! {
            /// The user name and password for HTTP basic authentication. The password is never shown by `Debug`.
            pub fn basic_auth(
                mut self,
                username: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.credentials.basic = ::std::option::Option::Some((username.into(), crate::runtime::Secret::new(password)));
                self
            }
        });
    }
    if api.credentials.api_key {
        out.extend(quote! {
            /// The API key, sent where the collection's auth says. It is never shown by `Debug`.
            pub fn api_key(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.credentials.api_key = ::std::option::Option::Some(crate::runtime::Secret::new(key));
                self
            }
        });
    }
    out
}

/// The method of one operation; `cfg` is its folder's feature gate, or nothing.
fn operation_method(api: &Api, op: &Operation, cfg: &TokenStream) -> TokenStream {
    let name = ident(&op.name);
    let builder = ident(&op.builder_name);
    let (args, values) = method_arguments(api, op);
    let doc = doc_lines(operation_docs(api, op));
    quote! {
        #doc
        #cfg
        pub fn #name(&self, #(#args),*) -> crate::builders::#builder<'_> {
            crate::builders::#builder::new(self, #(#values),*)
        }
    }
}

/// The doc lines of an operation's method.
pub(super) fn operation_docs(api: &Api, op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    lines.push(summary(&op.title).unwrap_or_else(|| op.name.clone()));
    if let Some(description) = &op.description {
        lines.push(String::new());
        lines.extend(rustdoc_lines(description));
    }
    lines.push(String::new());
    lines.push(crate::docs::code(&format!("{} {}", op.method, op.path_template())));
    if let Some(folder) = op.folder.and_then(|f| api.folders.get(f)) {
        lines.push(String::new());
        lines.push(format!(
            "In the collection's folder {}, also reachable as [`{}`](crate::folders::{}).",
            super::folders::folder_path(api, folder),
            super::folders::call_chain(api, folder),
            folder.type_name
        ));
    }
    let required: Vec<&Parameter> = op.params.iter().filter(|p| p.required).collect();
    let body_line = body_doc(api, op);
    if !required.is_empty() || body_line.is_some() {
        lines.push(String::new());
        lines.push("# Arguments".to_owned());
        lines.push(String::new());
        if takes_params_struct(op) {
            lines.push(format!(
                "- `{}`: the required parameters, fields of [`params::{1}`](crate::params::{1}):",
                params_argument(op),
                op.builder_name
            ));
            lines.extend(required.into_iter().map(|p| format!("  {}", param_line(p, None))));
        } else {
            lines.extend(required.into_iter().map(|p| param_line(p, None)));
        }
        lines.extend(body_line);
    }
    let optional: Vec<&Parameter> = op.params.iter().filter(|p| !p.required).collect();
    if !optional.is_empty() {
        lines.push(String::new());
        lines.push(format!("# Optional parameters (methods of [`{0}`](crate::builders::{0}))", op.builder_name));
        lines.push(String::new());
        for p in optional {
            lines.push(param_line(p, Some(&op.builder_name)));
        }
    }
    lines.push(String::new());
    lines.push("# Responses".to_owned());
    lines.push(String::new());
    if op.responses.is_empty() {
        lines.push("The collection saves no example response.".to_owned());
    }
    for response in &op.responses {
        let status = match (response.status, &response.reason) {
            (Some(code), Some(reason)) => crate::docs::code(&format!("{code} {}", crate::docs::plain_text(reason))),
            (Some(code), None) => format!("`{code}`"),
            (None, _) => "No status".to_owned(),
        };
        let mut text = status;
        let success = response.status.is_some_and(|s| (200..300).contains(&s));
        if let (true, Some(ty)) = (success, &response.body_type) {
            text.push_str(&format!(" → {}", type_doc(api, ty)));
        }
        for line in &response.summary {
            text.push_str(": ");
            text.push_str(&rustdoc_lines(line).join(" "));
        }
        lines.push(format!("- {text}"));
        for (code, description) in &response.error_codes {
            let description = rustdoc_lines(description).join(" ");
            lines.push(format!("  - error code {}: {description}", crate::docs::code(code)));
        }
    }
    if let super::responses::Success::Several(_) = super::responses::success(op) {
        lines.push(String::new());
        lines.push(format!(
            "The success statuses have different bodies: a call returns a [`{0}Response`](crate::responses::{0}Response).",
            op.builder_name
        ));
    }
    if let Some(paging) = super::paging::describe(api, op) {
        lines.push(String::new());
        lines.push("# Pagination".to_owned());
        lines.push(String::new());
        lines.push(format!(
            "[`stream()`](crate::builders::{}::stream) gives every item of every page: {paging}.",
            op.builder_name
        ));
    }
    lines.push(String::new());
    lines.push("# Errors".to_owned());
    lines.push(String::new());
    let statuses = if super::responses::documented_errors(op).next().is_some() {
        "[`Error::Api`](crate::Error::Api) for the error statuses above, [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus) for others"
    } else {
        "[`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus) for an error status (the collection saves no error response)"
    };
    lines.push(format!(
        "{statuses}, and [`Error::Transport`](crate::Error::Transport), [`Error::Timeout`](crate::Error::Timeout), [`Error::InvalidRequest`](crate::Error::InvalidRequest) or [`Error::Decode`](crate::Error::Decode) otherwise."
    ));
    if let Some(typed) = super::responses::error_enum_doc(op) {
        lines.push(format!("The documented error bodies decode with {typed}."));
    }
    lines
}

/// The doc line of the body argument.
fn body_doc(api: &Api, op: &Operation) -> Option<String> {
    let name = op.body_arg.as_deref()?;
    Some(match op.body.as_ref()? {
        RequestBody::Json { ty, dynamic, .. } => {
            let mut line = match ty {
                Some(ty) => format!("- `{name}`: the JSON body, {}", type_doc(api, ty)),
                None => format!("- `{name}`: the JSON body"),
            };
            if !dynamic.is_empty() {
                let fields: Vec<String> = dynamic
                    .iter()
                    .map(|field| format!("{} ({})", crate::docs::code(&field.path.join(".")), crate::docs::code(&format!("{{{{${}}}}}", field.variable))))
                    .collect();
                line.push_str(&format!("; where it leaves {} out or `null`, each request sends a fresh value, as the collection does (the same on a retry)", fields.join(", ")));
            }
            line
        }
        RequestBody::Text { content_type, .. } => format!("- `{name}`: the body, sent as {}", crate::docs::code(content_type)),
        RequestBody::Binary { content_type } => format!("- `{name}`: the file contents, sent as {}", crate::docs::code(content_type)),
        RequestBody::Graphql { .. } | RequestBody::Form | RequestBody::Multipart => return None,
    })
}

pub(super) fn param_line(p: &Parameter, builder: Option<&str>) -> String {
    let place = super::param_place(p.location);
    let wire = crate::docs::code(&p.wire_name);
    let name = match builder {
        Some(builder) => format!("[`{0}`](crate::builders::{builder}::{0})", p.name),
        None => format!("`{}`", p.name),
    };
    let repeated = if p.repeated { ", repeated" } else { "" };
    let mut line = format!("- {name} ({place} {wire}, {}{repeated})", param_type_name(p.ty));
    if let Some(description) = p.description.as_deref().and_then(summary) {
        line.push_str(": ");
        line.push_str(&description);
    }
    line
}
