//! `postman-codegen convert`: a v1 or v2.0 collection written as v2.1, which generates the same crate.

use std::path::{Path, PathBuf};
use std::process::Command;

use postman_codegen::{generate, Generated, Options};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections").join(name)
}

fn generated(name: &str, bytes: &[u8]) -> Generated {
    generate(Path::new(name), bytes, &Options::new("shop-client")).expect("generates")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

#[test]
fn convert_writes_the_v2_1_collection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("shop.postman_collection.json");
    let output = Command::new(env!("CARGO_BIN_EXE_postman-codegen"))
        .args(["convert".as_ref(), fixture("shop-v1.postman_collection.json").as_os_str(), "--out".as_ref(), out.as_os_str()])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let written = std::fs::read(&out).expect("written");
    let value: serde_json::Value = serde_json::from_slice(&written).expect("JSON");
    assert_eq!(value["info"]["schema"], "https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
    assert_eq!(generated("shop.json", &written).files, generated("shop.json", &read("shop-v2.1.postman_collection.json")).files);
    // A file that is not a collection: a located error, and nothing written.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[1]").expect("write");
    let refused = dir.path().join("refused.json");
    let output = Command::new(env!("CARGO_BIN_EXE_postman-codegen")).args(["convert".as_ref(), bad.as_os_str(), "--out".as_ref(), refused.as_os_str()]).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.json:1:1"), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!refused.exists());
}
