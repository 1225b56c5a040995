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
    if let Some(prefix) = &options.settings.env_prefix {
        return prefix.to_shouty_snake_case();
    }
    let name = crate_ident.trim_end_matches("_client").trim_end_matches("_api");
    let name = if name.is_empty() { crate_ident } else { name };
    name.to_shouty_snake_case()
}

/// The operation the example demonstrates and the default values of its required arguments: the
/// configured one, else the first `GET` whose required parameters are all path parameters.
pub fn example_operation<'a>(api: &'a Api, options: &Options) -> Option<(&'a Operation, Vec<Option<String>>)> {
    if let Some(config) = &options.settings.example {
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
    if let Some(config) = &options.settings.example {
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
    // The program's own locals must not shadow the parameters, which are read first.
    let mut locals = crate::names::Scope::with_reserved(required.iter().map(|p| p.name.as_str()));
    let [usage_var, args_var, builder_var, token_name_var, client_var] =
        ["usage", "args", "builder", "token_var", "client"].map(|name| ident(&locals.claim(name, false)));
    let reads = required.iter().zip(&defaults).map(|(p, default)| {
        let name = ident(&p.name);
        // Parameter names are identifiers, so they are safe inside a format string.
        let what = format!("{} must be {}\n{{}}", p.name, super::param_type_name(p.ty));
        let missing = format!("missing {}\n{{}}", p.name.to_uppercase());
        let text = match default.as_deref().filter(|d| !d.is_empty()) {
            Some(default) => quote!(#args_var.next().unwrap_or_else(|| #default.to_owned())),
            None => quote! {
                match #args_var.next() {
                    Some(value) => value,
                    None => {
                        eprintln!(#missing, #usage_var);
                        return ExitCode::from(2);
                    }
                }
            },
        };
        match p.ty {
            ParamType::String => quote!(let #name = #text;),
            _ => quote! {
                let #name = match #text.parse() {
                    Ok(value) => value,
                    Err(_) => {
                        eprintln!(#what, #usage_var);
                        return ExitCode::from(2);
                    }
                };
            },
        }
    });
    let names = required.iter().map(|p| ident(&p.name));
    let arguments = if super::signature::takes_params_struct(op) {
        let ty = ident(&op.builder_name);
        quote!(#krate::params::#ty { #(#names),* })
    } else {
        quote!(#(#names),*)
    };
    let token_var = format!("{prefix}_ACCESS_TOKEN");
    let key_var = format!("{prefix}_API_KEY");
    let user_var = format!("{prefix}_USERNAME");
    let password_var = format!("{prefix}_PASSWORD");
    let base_var = format!("{prefix}_BASE_URL");
    let mut credentials = TokenStream::new();
    if api.credentials.token {
        credentials.extend(quote! {
            let #token_name_var = #token_var;
            match std::env::var(#token_name_var) {
                Ok(token) => #builder_var = #builder_var.bearer_token(token),
                Err(_) => eprintln!("note: {} is not set; sending no token", #token_name_var),
            }
        });
    }
    if api.credentials.api_key {
        credentials.extend(quote! {
            if let Ok(key) = std::env::var(#key_var) {
                #builder_var = #builder_var.api_key(key);
            }
        });
    }
    if api.credentials.basic {
        credentials.extend(quote! {
            if let (Ok(user), Ok(password)) = (std::env::var(#user_var), std::env::var(#password_var)) {
                #builder_var = #builder_var.basic_auth(user, password);
            }
        });
    }
    let doc = format!(
        " Calls `{}`: {}.\n\n {usage}\n\n Environment: `{token_var}` (credentials), `{base_var}` (optional: another base URL, e.g. a mock server).",
        op.name,
        crate::docs::code(&format!("{} {}", op.method, op.path_template())),
    );
    let docs = super::inner_doc_lines(doc.split('\n').map(|l| l.strip_prefix(' ').unwrap_or(l)));
    let tokens = quote! {
        #docs

        use std::error::Error as _;
        use std::process::ExitCode;

        #[tokio::main]
        async fn main() -> ExitCode {
            let #usage_var = #usage;
            let mut #args_var = std::env::args().skip(1).peekable();
            if #args_var.peek().is_some_and(|arg| arg == "-h" || arg == "--help") {
                println!("{}", #usage_var);
                return ExitCode::SUCCESS;
            }
            #(#reads)*
            let mut #builder_var = #krate::Client::builder();
            #credentials
            if let Ok(base_url) = std::env::var(#base_var) {
                #builder_var = #builder_var.base_url(base_url);
            }
            let #client_var = match #builder_var.build() {
                Ok(client) => client,
                Err(error) => {
                    eprintln!("error: {error}");
                    return ExitCode::from(2);
                }
            };
            match #client_var.#method(#arguments).send().await {
                Ok(value) => {
                    match serde_json::to_string_pretty(&value) {
                        Ok(json) => println!("{json}"),
                        Err(_) => println!("{value:?}"),
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    let response = match &error {
                        #krate::Error::Api(api) | #krate::Error::UnexpectedStatus(api) => Some((api.status(), api.headers(), api.body())),
                        #krate::Error::Decode(decode) => Some((decode.status(), decode.headers(), decode.body())),
                        _ => None,
                    };
                    if let Some((status, headers, body)) = response {
                        eprintln!("status: {status}");
                        for (name, value) in headers {
                            eprintln!("{name}: {}", String::from_utf8_lossy(value.as_bytes()));
                        }
                        eprintln!();
                        eprintln!("{}", String::from_utf8_lossy(body));
                    }
                    let mut source = error.source();
                    while let Some(cause) = source {
                        eprintln!("caused by: {cause}");
                        source = cause.source();
                    }
                    ExitCode::FAILURE
                }
            }
        }
    };
    Some((format!("examples/{}.rs", op.name), tokens))
}
