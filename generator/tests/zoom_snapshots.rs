//! Snapshots of the crate generated from the Zoom collection, one per generated source file.
//! The runtime files are verbatim copies of `runtime/src` and are not snapshotted.

use std::path::Path;

use postman_codegen::{generate_file, Options};

#[test]
fn zoom_client_sources() {
    let collection = Path::new(env!("CARGO_MANIFEST_DIR")).join("../collections/zoom.postman_collection.json");
    let generated = generate_file(&collection, &Options::new("zoom-client")).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let mut seen = Vec::new();
    for (path, contents) in &generated.files {
        let is_runtime = path.starts_with("src/") && path != "src/lib.rs" && runtime.join(path).is_file();
        if is_runtime || path.ends_with(".json") || path.starts_with('.') {
            continue;
        }
        seen.push(path.as_str());
        let name = path.replace('/', "__");
        insta::assert_snapshot!(name, contents);
    }
    assert_eq!(
        seen,
        [
            "Cargo.toml",
            "examples/get_user.rs",
            "postman-codegen.lock",
            "src/builders.rs",
            "src/client.rs",
            "src/lib.rs",
            "src/types.rs",
            "tests/examples.rs"
        ]
    );
}

#[test]
fn generation_is_byte_identical() {
    let collection = Path::new(env!("CARGO_MANIFEST_DIR")).join("../collections/zoom.postman_collection.json");
    let first = generate_file(&collection, &Options::new("zoom-client")).expect("generates");
    let second = generate_file(&collection, &Options::new("zoom-client")).expect("generates");
    assert_eq!(first.files, second.files);
}
