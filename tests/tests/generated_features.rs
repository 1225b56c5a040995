//! A collection written for these tests (`tests/collections/features.postman_collection.json`:
//! pagination by cursor, page number and offset, several success statuses, empty bodies, typed error
//! bodies) becomes a crate that compiles cleanly (clippy, rustdoc, with and without the `blocking`
//! feature) and passes the end-to-end tests in `tests/generated/features/`, which run it against a
//! scripted server on 127.0.0.1.

use std::path::Path;

use e2e_tests::generated_crate::{cargo, copy_tests, workspace_root, write_standalone};
use postman_codegen::tooling::environment::{EnvValue, Environment};
use postman_codegen::tooling::settings::RuntimeConfig;
use postman_codegen::{generate_file, Options};

/// The test files copied into the generated crate's `tests/`.
const TEST_FILES: &[&str] = &["common/mod.rs", "pagination.rs", "responses.rs", "blocking.rs", "repeated.rs", "path_ids.rs", "dynamic.rs", "oauth.rs", "calls.rs"];

#[test]
fn generated_features_crate_passes_its_end_to_end_tests() {
    let out = features_crate("features", Options::new("features-client"));
    assert!(out.join("src/runtime/mod.rs").is_file(), "the runtime is copied in by default");
    check_features_crate(&out);
}

/// The same crate with `[runtime] from = "crate"`: it has no runtime files, depends on the
/// `postman-codegen-runtime` crate by path, passes the same tests, and its `Error` is the runtime
/// crate's (so two clients in one program share it).
#[test]
fn generated_features_crate_on_the_runtime_crate_passes_its_end_to_end_tests() {
    let mut options = Options::new("features-client");
    let runtime = workspace_root().join("runtime");
    options.settings.runtime = RuntimeConfig::Crate { path: Some(runtime.display().to_string()), version: None };
    let out = features_crate("features-runtime-crate", options);
    assert!(!out.join("src/runtime").exists() && !out.join("src/error.rs").exists(), "no runtime file is copied in");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("postman-codegen-runtime = { path = ") && manifest.contains(r#"blocking = ["tokio/rt", "postman-codegen-runtime/blocking"]"#), "{manifest}");
    std::fs::write(
        out.join("tests/shared_runtime.rs"),
        "//! The client's types are the runtime crate's.\n\n#[test]\nfn errors_and_policies_are_the_runtime_crates() {\n    \
         let _: fn(features_client::Error) -> postman_codegen_runtime::error::Error = |e| e;\n    \
         let _: fn(features_client::RetryPolicy) -> postman_codegen_runtime::retry::RetryPolicy = |p| p;\n}\n",
    )
    .expect("test file");
    check_features_crate(&out);
}

/// The features collection generated with `options` (two environments added) into
/// `target/hostile-collection/<work>/`, its end-to-end tests copied in.
fn features_crate(work: &str, mut options: Options) -> std::path::PathBuf {
    let root = workspace_root();
    let collection = root.join("tests/collections/features.postman_collection.json");
    // Two environments: `pub mod environments` is compiled, linted and documented with the rest.
    let environment = |name: &str, base: &str| Environment {
        name: name.into(),
        file: format!("{name}.postman_environment.json").into(),
        values: vec![EnvValue { key: "baseUrl".into(), value: base.into(), secret: false }],
    };
    options.settings.variables.environments = vec![environment("Local", "http://127.0.0.1:8080/v1"), environment("Staging", "https://staging.example.com/v1")];
    let generated = generate_file(&collection, &options).expect("generates");
    let lib = &generated.files.iter().find(|(p, _)| p == "src/lib.rs").expect("lib.rs").1;
    assert!(lib.contains("pub const LOCAL: &str = \"http://127.0.0.1:8080/v1\";") && lib.contains("pub const STAGING: &str"), "{lib}");
    let out = write_standalone(work, "features-client", &generated.files);
    // The tests' scripted server needs tokio's networking.
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    let dev_tokio = r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#;
    assert!(manifest.contains(dev_tokio), "the generated manifest has the expected dev-dependency on tokio");
    let manifest = manifest.replace(dev_tokio, r#"tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }"#);
    std::fs::write(out.join("Cargo.toml"), manifest).expect("manifest");
    copy_tests(&out, "features", TEST_FILES);
    out
}

/// Lints, tests and documents the features crate at `out`.
fn check_features_crate(out: &Path) {
    // The tests compare whole responses (`extra-traits`); the library is linted without it too.
    cargo(out, &["clippy", "--all-targets", "--features", "blocking,extra-traits", "--quiet", "--", "-D", "warnings"], false);
    cargo(out, &["test", "--features", "blocking,extra-traits", "--quiet"], false);
    cargo(out, &["clippy", "--quiet", "--", "-D", "warnings"], false);
    cargo(out, &["doc", "--no-deps", "--features", "blocking", "--quiet"], true);
}

/// The same collection with its requests sorted into three top-level folders (so every operation
/// sits behind a cargo feature): the crate compiles without warnings, lints clean and documents
/// cleanly with every feature, with none, and with each folder's feature alone. Only `cargo clippy`
/// and `cargo doc` run (no code generation), so this stays cheap.
#[test]
fn folder_features_build_alone_and_together() {
    let root = workspace_root();
    let text = std::fs::read_to_string(root.join("tests/collections/features.postman_collection.json")).expect("collection");
    let mut collection: serde_json::Value = serde_json::from_str(&text).expect("json");
    // Every request, out of the folders it is in.
    fn leaves(items: &[serde_json::Value], out: &mut Vec<serde_json::Value>) {
        for item in items {
            match item["item"].as_array() {
                Some(children) => leaves(children, out),
                None => out.push(item.clone()),
            }
        }
    }
    let mut items = Vec::new();
    leaves(collection["item"].as_array().expect("items"), &mut items);
    let folder = |name: &str, titles: &[&str]| {
        let picked: Vec<serde_json::Value> = items.iter().filter(|i| titles.contains(&i["name"].as_str().unwrap_or_default())).cloned().collect();
        assert_eq!(picked.len(), titles.len(), "{titles:?} are in the collection");
        serde_json::json!({"name": name, "item": picked})
    };
    collection["item"] = serde_json::json!([
        folder("Users", &["List users"]),
        folder("Repos & Events", &["List repositories", "List events"]),
        folder("Things", &["Create thing", "Get thing", "Delete thing"]),
    ]);
    let bytes = serde_json::to_vec(&collection).expect("json");
    let generated = postman_codegen::generate(Path::new("folders.postman_collection.json"), &bytes, &Options::new("folders-client")).expect("generates");
    let out = write_standalone("folders", "folders-client", &generated.files);
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    for line in ["default = [\"repos_events\", \"things\", \"users\"]", "blocking = [\"tokio/rt\"]", "repos_events = []", "things = []", "users = []"] {
        assert!(manifest.contains(&format!("\n{line}\n")), "{line} in the manifest:\n{manifest}");
    }
    let builders = &generated.files.iter().find(|(p, _)| p == "src/builders.rs").expect("builders").1;
    assert_eq!(builders.matches("#[cfg(feature = \"things\")]").count(), 9, "three items for each of the three `things` builders");
    let types = &generated.files.iter().find(|(p, _)| p == "src/types.rs").expect("types").1;
    let file = syn::parse_file(types).expect("types parse");
    let ungated: Vec<String> = file
        .items
        .iter()
        .filter(|item| {
            let attrs = match item {
                syn::Item::Struct(i) => &i.attrs,
                syn::Item::Enum(i) => &i.attrs,
                syn::Item::Impl(i) => &i.attrs,
                _ => return false,
            };
            !attrs.iter().any(|a| a.path().is_ident("cfg"))
        })
        .map(|item| match item {
            syn::Item::Struct(i) => format!("struct {}", i.ident),
            syn::Item::Enum(i) => format!("enum {}", i.ident),
            syn::Item::Impl(i) => match &*i.self_ty {
                syn::Type::Path(p) => format!("impl for {}", p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default()),
                _ => "impl".to_owned(),
            },
            _ => String::new(),
        })
        .collect();
    assert!(ungated.is_empty(), "every type and impl is gated: {ungated:#?}");
    assert!(types.contains("#[cfg(feature = \"users\")]"), "{types}");
    let clippy = |features: &[&str]| {
        let mut args = vec!["clippy", "--all-targets", "--quiet"];
        args.extend_from_slice(features);
        args.extend_from_slice(&["--", "-D", "warnings"]);
        cargo(&out, &args, false);
    };
    clippy(&["--all-features"]);
    clippy(&["--no-default-features"]);
    clippy(&["--no-default-features", "--features", "blocking"]);
    for feature in ["users", "repos_events", "things"] {
        clippy(&["--no-default-features", "--features", feature]);
    }
    cargo(&out, &["doc", "--no-deps", "--no-default-features", "--quiet"], true);
    cargo(&out, &["doc", "--no-deps", "--no-default-features", "--features", "things", "--quiet"], true);
}
