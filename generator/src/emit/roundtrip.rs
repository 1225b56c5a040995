//! `tests/examples.rs` and `tests/examples/*.json`: every saved JSON example must decode into its
//! inferred type and re-encode to the same JSON.

use quote::quote;

use super::{format_file, ident, type_tokens_in};
use crate::error::{Error, Result};
use crate::ir::{Api, TypeRef};
use crate::names::Scope;

/// One round-trip test: a saved JSON example (or request body) and the type it decodes into.
#[derive(Debug)]
pub struct Case<'a> {
    /// The test's name (and its data file's, `tests/examples/{name}.json`).
    pub name: String,
    /// The JSON text, placeholders realised.
    pub text: String,
    /// The type.
    pub ty: &'a TypeRef,
    /// What the text is, for the test's doc.
    pub what: String,
    /// The text as saved had type placeholders (`"<integer>"`), realised as values of their type.
    pub realised: bool,
    /// The index of its operation.
    pub operation: usize,
    /// A saved request body (or GraphQL variables), not a response example.
    pub request: bool,
}

/// The round-trip tests of an API, in the order of the collection.
pub fn cases(api: &Api) -> Result<Vec<Case<'_>>> {
    let mut cases = Vec::new();
    let mut scope = Scope::default();
    for (operation, op) in api.operations.iter().enumerate() {
        for response in &op.responses {
            let Some(ty) = &response.body_type else { continue };
            let status = response.status.map_or_else(|| "other".to_owned(), |s| s.to_string());
            for (n, example) in response.examples.iter().enumerate() {
                let Some(text) = example.json_text() else { continue };
                let name = scope.claim(&format!("{}_{status}_{}", op.name.trim_end_matches('_'), n + 1), false);
                let realised = example.realised.is_some();
                let what = match &example.captured {
                    Some(file) => format!("The captured response `{}` of `{}`.", crate::docs::plain_text(file), op.name),
                    None => format!("The example {:?} of `{}`{}.", crate::docs::plain_text(&example.name), op.name, if realised { ", its placeholders realised" } else { "" }),
                };
                cases.push(Case { name, text: text.to_owned(), ty, what, realised, operation, request: false });
            }
        }
        // The saved request bodies (or GraphQL variables) decode into the body type too: a caller
        // may build a body from JSON.
        if let Some((samples, ty)) = op.body_samples() {
            for (n, sample) in samples.iter().enumerate() {
                let name = scope.claim(&format!("{}_body_{}", op.name.trim_end_matches('_'), n + 1), false);
                let realised = crate::json::placeholder::realise_value(sample);
                let text = serde_json::to_string_pretty(realised.as_ref().unwrap_or(sample)).map_err(|error| Error::Internal { file: format!("tests/examples/{name}.json"), message: error.to_string() })?;
                let what = format!("The saved request body {} of `{}`{}.", n + 1, op.name, if realised.is_some() { ", its placeholders realised" } else { "" });
                cases.push(Case { name, text, ty, what, realised: realised.is_some(), operation, request: true });
            }
        }
    }
    Ok(cases)
}

/// The test file and the example bodies it reads.
pub fn files(api: &Api, crate_ident: &str) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let mut tests = Vec::new();
    let root = { let krate = ident(crate_ident); quote!(#krate) };
    // A test compiles with its operation's feature; the helpers with any test.
    let features = super::features::FolderFeatures::new(api);
    let mut gates = Vec::new();
    for Case { name, text, ty, what, operation, .. } in cases(api)? {
        let op = &api.operations[operation];
        let cfg = features.cfg(op);
        files.push((format!("tests/examples/{name}.json"), text));
        let test = ident(&name);
        let ty = type_tokens_in(api, ty, &root);
        let path = format!("examples/{name}.json");
        let doc = super::doc_lines([what]);
        gates.push(features.of(op));
        tests.push(quote! {
            #doc
            #cfg
            #[test]
            fn #test() {
                round_trip::<#ty>(include_str!(#path));
            }
        });
    }
    if tests.is_empty() {
        return Ok(files);
    }
    let helpers_cfg = super::features::FolderFeatures::cfg_any(gates);
    let tokens = quote! {
        #![doc = " Every saved JSON example decodes into its inferred type and encodes back to the same JSON."]

        /// Decodes `json` as `T`, encodes it again and compares the two JSON values.
        #helpers_cfg
        fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) {
            let original: ::serde_json::Value = ::serde_json::from_str(json).expect("the example is JSON");
            let mut deserializer = ::serde_json::Deserializer::from_str(json);
            let typed: T = match ::serde_path_to_error::deserialize(&mut deserializer) {
                ::std::result::Result::Ok(typed) => typed,
                ::std::result::Result::Err(error) => panic!("does not decode at `{}`: {}", error.path(), error.inner()),
            };
            let encoded = ::serde_json::to_value(&typed).expect("encodes");
            if let ::std::option::Option::Some(difference) = difference(&original, &encoded, "") {
                panic!("does not round-trip: {difference}");
            }
        }

        /// The first place where two JSON values differ; numbers compare by value (`5` equals `5.0`).
        #helpers_cfg
        fn difference(a: &::serde_json::Value, b: &::serde_json::Value, path: &str) -> ::std::option::Option<::std::string::String> {
            use ::serde_json::Value;
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => {
                    let same = x == y || (x.as_f64().is_some() && x.as_f64() == y.as_f64() && (x.is_f64() || y.is_f64()));
                    (!same).then(|| ::std::format!("{path}: {x} became {y}"))
                }
                (Value::Array(x), Value::Array(y)) => {
                    if x.len() != y.len() {
                        return ::std::option::Option::Some(::std::format!("{path}: {} items became {}", x.len(), y.len()));
                    }
                    x.iter().zip(y).enumerate().find_map(|(i, (x, y))| difference(x, y, &::std::format!("{path}/{i}")))
                }
                (Value::Object(x), Value::Object(y)) => {
                    if let ::std::option::Option::Some(key) = x.keys().find(|k| !y.contains_key(*k)) {
                        return ::std::option::Option::Some(::std::format!("{path}/{key}: missing after the round trip"));
                    }
                    if let ::std::option::Option::Some(key) = y.keys().find(|k| !x.contains_key(*k)) {
                        return ::std::option::Option::Some(::std::format!("{path}/{key}: added by the round trip"));
                    }
                    x.iter().find_map(|(k, v)| difference(v, &y[k], &::std::format!("{path}/{k}")))
                }
                _ => (a != b).then(|| ::std::format!("{path}: {a} became {b}")),
            }
        }

        #(#tests)*
    };
    files.push(("tests/examples.rs".to_owned(), format_file("tests/examples.rs", tokens)?));
    Ok(files)
}

/// A test file for the corpus gate's live-response variants: one test, `live_variants_decode`,
/// that decodes every file `tests/variants/{case}.{variant}.json` there is for the response cases
/// of [`cases`] into the case's type, prints `variant {variant} ok {case}` or `variant {variant}
/// failed {case}: {error}` for each, and fails when one fails. The files are the gate's to write.
pub fn variants_test(api: &Api, crate_ident: &str, variants: &[&str]) -> Result<String> {
    let root = { let krate = ident(crate_ident); quote!(#krate) };
    let features = super::features::FolderFeatures::new(api);
    let entries: Vec<_> = cases(api)?
        .into_iter()
        .filter(|case| !case.request)
        .map(|case| {
            let cfg = features.cfg(&api.operations[case.operation]);
            let ty = type_tokens_in(api, case.ty, &root);
            let name = case.name;
            quote!(#cfg (#name, decode::<#ty> as Decode),)
        })
        .collect();
    let tokens = quote! {
        #![doc = " Live-response variants of the saved examples (written by the corpus gate) decode into their types."]
        #![allow(clippy::type_complexity)]

        type Decode = fn(&str) -> ::std::result::Result<(), ::std::string::String>;

        fn decode<T: ::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<(), ::std::string::String> {
            let mut deserializer = ::serde_json::Deserializer::from_str(json);
            ::serde_path_to_error::deserialize::<_, T>(&mut deserializer).map(|_| ()).map_err(|error| ::std::format!("at `{}`: {}", error.path(), error.inner()))
        }

        const CASES: &[(&str, Decode)] = &[#(#entries)*];

        const VARIANTS: &[&str] = &[#(#variants),*];

        #[test]
        fn live_variants_decode() {
            let dir = ::std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/variants");
            let mut failed = 0;
            for (name, decode) in CASES {
                for variant in VARIANTS {
                    let ::std::result::Result::Ok(text) = ::std::fs::read_to_string(dir.join(::std::format!("{name}.{variant}.json"))) else { continue };
                    match decode(&text) {
                        ::std::result::Result::Ok(()) => println!("variant {variant} ok {name}"),
                        ::std::result::Result::Err(error) => {
                            failed += 1;
                            println!("variant {variant} failed {name}: {error}");
                        }
                    }
                }
            }
            assert_eq!(failed, 0, "variants that do not decode");
        }
    };
    format_file("tests/variants.rs", tokens)
}
