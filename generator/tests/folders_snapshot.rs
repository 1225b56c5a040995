//! The sub-clients of a foldered collection (`src/folders.rs` and the `Client` accessors), reviewed
//! as snapshots: the Zoom snapshots have no folders, so nothing else pins this generated code.

use std::path::Path;

use postman_codegen::{generate_file, Options};

#[test]
fn folders_of_the_features_collection() {
    let collection = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/features.postman_collection.json");
    let generated = generate_file(&collection, &Options::new("features-client")).expect("generates");
    let file = |path: &str| generated.files.iter().find(|(p, _)| p == path).map(|(_, t)| t.clone()).unwrap_or_else(|| panic!("no {path}"));
    insta::assert_snapshot!("folders", file("src/folders.rs"));
    let client = file("src/client.rs");
    let accessor = client.lines().skip_while(|l| !l.contains("The requests of the collection's folder")).take(6).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("client_accessor", accessor);
}
