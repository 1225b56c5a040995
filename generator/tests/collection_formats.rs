//! Collections where users keep them: a v1 export and the Postman API's wrapper (`convert` is in
//! `postman-codegen-cli/tests/convert.rs`).
//! `tests/collections/shop-v1.postman_collection.json` is a v1 collection with nested folders, saved
//! responses and every body mode; `shop-v2.1.postman_collection.json` is the same collection as
//! Postman exports it in v2.1. Both must generate the same crate.

use std::path::{Path, PathBuf};

use postman_codegen::{generate, Generated, Options};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections").join(name)
}

fn generated(name: &str, bytes: &[u8]) -> Generated {
    generate(Path::new(name), bytes, &Options::new("shop-client")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

#[test]
fn a_v1_collection_generates_the_crate_of_its_v2_1_export() {
    let from_v1 = generated("shop-v1.postman_collection.json", &read("shop-v1.postman_collection.json"));
    let from_v21 = generated("shop-v2.1.postman_collection.json", &read("shop-v2.1.postman_collection.json"));
    assert!(from_v1.warnings.is_empty(), "{:?}", from_v1.warnings);
    assert_eq!(from_v1.operations, 7);
    for ((path, v1), (path_21, v21)) in from_v1.files.iter().zip(&from_v21.files) {
        assert_eq!(path, path_21);
        assert!(v1 == v21, "{path} differs:\n--- from v1\n{v1}\n--- from v2.1\n{v21}");
    }
    assert_eq!(from_v1.files.len(), from_v21.files.len());
    // What the v1 file holds reached the crate: folders, auth helpers, bodies, examples.
    let file = |name: &str| &from_v1.files.iter().find(|(p, _)| p == name).expect(name).1;
    assert!(file("src/folders.rs").contains("pub fn admin(&self)"), "nested folder");
    assert!(file("src/types.rs").contains("pub struct UserList"), "{}", file("src/types.rs"));
    assert!(file("src/client.rs").contains("pub fn upload_avatar("));
}

#[test]
fn the_postman_api_wrapper_is_read_like_the_file() {
    let plain = read("shop-v2.1.postman_collection.json");
    let wrapped = format!("{{\"collection\": {}}}", String::from_utf8(plain.clone()).expect("UTF-8"));
    assert_eq!(generated("a.json", &plain).files, generated("b.json", wrapped.as_bytes()).files);
    let v1 = String::from_utf8(read("shop-v1.postman_collection.json")).expect("UTF-8");
    assert_eq!(generated("a.json", &plain).files, generated("c.json", format!("{{\"collection\": {v1}}}").as_bytes()).files);
}

#[test]
fn unknown_v1_fields_are_warnings_that_name_them() {
    let mut v1: serde_json::Value = serde_json::from_slice(&read("shop-v1.postman_collection.json")).expect("JSON");
    v1["requests"][2]["currentHelper"] = "hawkAuth".into();
    v1["requests"][0]["protocolMagic"] = true.into();
    v1["requests"][1]["protocolMagic"] = true.into();
    let generated = generated("old.json", &serde_json::to_vec(&v1).expect("JSON"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "at `requests[2].currentHelper`: the v1 field `currentHelper: hawkAuth` is not converted",
            "at `requests[0].protocolMagic`: the v1 field `protocolMagic` is not converted (and 1 more places)"
        ]
    );
}
