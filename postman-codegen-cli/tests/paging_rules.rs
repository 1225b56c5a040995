//! `[[paging]]` in the settings file: how an operation pages where the collection's names cannot
//! say, and warnings for rules that match nothing.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::json;

fn collection() -> String {
    json!({
        "info": {"name": "Things", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{
            "name": "List things",
            "request": {
                "method": "GET",
                "url": {
                    "raw": "https://api.example.com/things?cursor_token=abc&page=1&limit=10",
                    "protocol": "https", "host": ["api", "example", "com"], "path": ["things"],
                    "query": [{"key": "cursor_token", "value": "abc"}, {"key": "page", "value": "1"}, {"key": "limit", "value": "10"}]
                }
            },
            "response": [{
                "name": "OK", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": "{\"meta\": {\"following\": \"xyz\"}, \"things\": [{\"id\": 1}], \"tags\": [\"a\"], \"count\": 1}"
            }]
        }]
    })
    .to_string()
}

fn generate(dir: &Path, settings: Option<&str>) -> (Output, String) {
    std::fs::write(dir.join("things.postman_collection.json"), collection()).expect("write");
    if let Some(settings) = settings {
        std::fs::write(dir.join("things.codegen.toml"), settings).expect("write");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_postman-codegen"))
        .args(["generate", "things.postman_collection.json", "--out", "out", "--force"])
        .current_dir(dir)
        .output()
        .expect("runs");
    let builders = std::fs::read_to_string(dir.join("out/src/builders.rs")).unwrap_or_default();
    (output, builders)
}

#[test]
fn a_rule_names_the_cursor_its_field_the_list_and_the_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (output, builders) = generate(dir.path(), None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(builders.contains("the page number `page` goes up by one"), "by its names, it pages by number: {builders}");

    let settings = "[[paging]]\noperation = \"list_things\"\ncursor = \"cursor_token\"\nnext = \"meta.following\"\nitems = \"things\"\nsize = \"limit\"\n";
    let (output, builders) = generate(dir.path(), Some(settings));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("[[paging]]"), "a good rule warns nothing: {stderr}");
    assert!(builders.contains("the cursor `meta.following` of each page is sent as `cursor_token`"), "{builders}");
    assert!(builders.contains("crate::paging::Paging::Cursor"), "{builders}");
    assert!(builders.contains("request.cursor_token = Some(at.into_text());"), "{builders}");
    assert!(builders.contains("body.meta.following") && builders.contains("body.things"), "{builders}");
}

#[test]
fn rules_that_match_nothing_warn_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = [
        "[[paging]]\noperation = \"list_nothing\"\npage = \"page\"\n",
        "[[paging]]\noperation = \"list_things\"\ncursor = \"after\"\nnext = \"meta.following\"\n",
        "[[paging]]\noperation = \"list_things\"\ncursor = \"cursor_token\"\n",
        "[[paging]]\noperation = \"list_things\"\ncursor = \"cursor_token\"\nnext = \"meta.nope\"\n",
        "[[paging]]\noperation = \"list_things\"\npage = \"page\"\noffset = \"limit\"\n",
        "[[paging]]\noperation = \"list_things\"\npage = \"page\"\nitems = \"meta.following\"\n",
    ]
    .concat();
    let (output, builders) = generate(dir.path(), Some(&settings));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for expected in [
        "at `[[paging]] #1 (operation `list_nothing`)`: no operation has that name",
        "at `[[paging]] #2 (operation `list_things`)`: the operation has no query parameter `after`",
        "at `[[paging]] #3 (operation `list_things`)`: a `cursor` needs `next`",
        "at `[[paging]] #4 (operation `list_things`)`: the response has no field `meta.nope`",
        "at `[[paging]] #5 (operation `list_things`)`: give exactly one of `cursor`, `page` and `offset`",
        "at `[[paging]] #6 (operation `list_things`)`: `items` must be a field of the body itself",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
    assert!(builders.contains("the page number `page` goes up by one"), "the names decide again: {builders}");
}
