//! `examples/<operation>.rs`: a small program that calls one operation with credentials and a base
//! URL from the environment and prints the result (or the status, headers and body of a failure).

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::diagnostics::Diagnostics;
use crate::ir::{Api, Operation, ParamType};
use crate::Options;

/// The environment variable prefix: from the settings, else the crate name without `-client`/`-api`.
pub fn env_prefix(crate_ident: &str, options: &Options) -> String {
    if let Some(prefix) = &options.config.env_prefix {
        return prefix.to_shouty_snake_case();
    }
    let name = crate_ident.trim_end_matches("_client").trim_end_matches("_api");
    let name = if name.is_empty() { crate_ident } else { name };
    name.to_shouty_snake_case()
}

/// The operation the example demonstrates and the default values of its required arguments: the
/// configured one, else the first `GET` whose required parameters are all path parameters.
pub fn example_operation<'a>(api: &'a Api, options: &Options) -> Option<(&'a Operation, Vec<Option<String>>)> {
    if let Some(config) = &options.config.example {
        let op = api.operations.iter().find(|op| op.name == config.operation)?;
        let args = op
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| config.args.get(&p.name).cloned())
            .collect();
        return Some((op, args));
    }
    let op = api.operations.iter().find(|op| op.method == "GET" && op.params.iter().filter(|p| p.required).all(|p| p.location == crate::ir::ParamLocation::Path))?;
    let args = op.params.iter().filter(|p| p.required).map(|_| None).collect();
    Some((op, args))
}

/// The example program, if the API has an operation to demonstrate.
pub fn example(api: &Api, crate_ident: &str, options: &Options, diagnostics: &mut Diagnostics) -> Option<(String, TokenStream)> {
    if let Some(config) = &options.config.example {
        if !api.operations.iter().any(|op| op.name == config.operation) {
            diagnostics.warn("", &format!("codegen.toml: `example.operation = {:?}` names no operation", config.operation));
        }
    }
    let (op, defaults) = example_operation(api, options)?;
    let prefix = env_prefix(crate_ident, options);
    let krate = ident(crate_ident);
    let method = ident(&op.name);
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    let usage = format!(
        "usage: cargo run --example {} -- {}",
        op.name,
        required.iter().map(|p| format!("[{}]", p.name.to_uppercase())).collect::<Vec<_>>().join(" ")
    );
    let reads = required.iter().zip(&defaults).map(|(p, default)| {
        let name = ident(&p.name);
        let what = format!("{} must be {}", p.name, super::param_type_name(p.ty));
        let missing = format!("missing {}", p.name.to_uppercase());
        let text = match default.as_deref().filter(|d| !d.is_empty()) {
            Some(default) => quote!(args.next().unwrap_or_else(|| #default.to_owned())),
            None => quote! {
                match args.next() {
                    ::std::option::Option::Some(value) => value,
                    ::std::option::Option::None => {
                        eprintln!("{}\n{usage}", #missing);
                        return ::std::process::ExitCode::from(2);
                    }
                }
            },
        };
        match p.ty {
            ParamType::String => quote!(let #name = #text;),
            _ => quote! {
                let #name = match #text.parse() {
                    ::std::result::Result::Ok(value) => value,
                    ::std::result::Result::Err(_) => {
                        eprintln!("{}\n{usage}", #what);
                        return ::std::process::ExitCode::from(2);
                    }
                };
            },
        }
    });
    let names = required.iter().map(|p| ident(&p.name));
    let token_var = format!("{prefix}_ACCESS_TOKEN");
    let key_var = format!("{prefix}_API_KEY");
    let user_var = format!("{prefix}_USERNAME");
    let password_var = format!("{prefix}_PASSWORD");
    let base_var = format!("{prefix}_BASE_URL");
    let mut credentials = TokenStream::new();
    if api.credentials.token {
        credentials.extend(quote! {
            let token_var = #token_var;
            match ::std::env::var(token_var) {
                ::std::result::Result::Ok(token) => builder = builder.bearer_token(token),
                ::std::result::Result::Err(_) => eprintln!("note: {token_var} is not set; sending no token"),
            }
        });
    }
    if api.credentials.api_key {
        credentials.extend(quote! {
            if let ::std::result::Result::Ok(key) = ::std::env::var(#key_var) {
                builder = builder.api_key(key);
            }
        });
    }
    if api.credentials.basic {
        credentials.extend(quote! {
            if let (::std::result::Result::Ok(user), ::std::result::Result::Ok(password)) = (::std::env::var(#user_var), ::std::env::var(#password_var)) {
                builder = builder.basic_auth(user, password);
            }
        });
    }
    let doc = format!(
        " Calls `{}`: `{} {}`.\n\n {usage}\n\n Environment: `{token_var}` (credentials), `{base_var}` (optional: another base URL, e.g. a mock server).",
        op.name,
        op.method,
        op.path_template().replace('`', "%60")
    );
    let doc_lines = doc.split('\n').map(|l| quote!(#![doc = #l]));
    let tokens = quote! {
        #(#doc_lines)*

        #[tokio::main]
        async fn main() -> ::std::process::ExitCode {
            let usage = #usage;
            let mut args = ::std::env::args().skip(1).peekable();
            if args.peek().is_some_and(|arg| arg == "-h" || arg == "--help") {
                println!("{usage}");
                return ::std::process::ExitCode::SUCCESS;
            }
            #(#reads)*
            let mut builder = #krate::Client::builder();
            #credentials
            if let ::std::result::Result::Ok(base_url) = ::std::env::var(#base_var) {
                builder = builder.base_url(base_url);
            }
            let client = match builder.build() {
                ::std::result::Result::Ok(client) => client,
                ::std::result::Result::Err(error) => {
                    eprintln!("error: {error}");
                    return ::std::process::ExitCode::from(2);
                }
            };
            match client.#method(#(#names),*).send().await {
                ::std::result::Result::Ok(value) => {
                    match ::serde_json::to_string_pretty(&value) {
                        ::std::result::Result::Ok(json) => println!("{json}"),
                        ::std::result::Result::Err(_) => println!("{value:?}"),
                    }
                    ::std::process::ExitCode::SUCCESS
                }
                ::std::result::Result::Err(error) => {
                    eprintln!("error: {error}");
                    if let ::std::option::Option::Some(api) = error.api_error() {
                        eprintln!("status: {}", api.status());
                        for (name, value) in api.headers() {
                            eprintln!("{name}: {}", ::std::string::String::from_utf8_lossy(value.as_bytes()));
                        }
                        eprintln!();
                        eprintln!("{}", api.text());
                    }
                    let mut source = ::std::error::Error::source(&error);
                    while let ::std::option::Option::Some(cause) = source {
                        eprintln!("caused by: {cause}");
                        source = cause.source();
                    }
                    ::std::process::ExitCode::FAILURE
                }
            }
        }
    };
    Some((format!("examples/{}.rs", op.name), tokens))
}
