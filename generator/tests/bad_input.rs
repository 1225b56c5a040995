//! The bad-input suite: broken, hostile and huge collections, through the library. Every broken
//! input gets a located, human message and no output; every valid one, however large or deep,
//! generates within bounded resources. The inputs the fuzzer found (`tests/fuzz-regressions/`) run
//! here too. The binary's side of the suite is `postman-codegen-cli/tests/bad_input.rs`.

use std::path::Path;

use postman_codegen::{generate, Error, Options};

#[path = "support/broken.rs"]
mod broken;

use broken::{broken_inputs, check_message, collection, request, root, INFO};

#[test]
fn broken_collections_get_located_errors() {
    let options = Options::new("bad-client");
    for case in broken_inputs() {
        match generate(Path::new("bad.postman_collection.json"), &case.bytes, &options) {
            Err(error @ Error::Input { .. }) => {
                let message = postman_codegen::tooling::docs::shorten_message(&error.to_string());
                check_message(&case, "bad.postman_collection.json", &message);
            }
            Err(other) => panic!("{}: not an input error: {other}", case.name),
            Ok(_) => panic!("{}: accepted", case.name),
        }
    }
}

/// Valid input, however large, deep or odd, generates: no stack overflow, no blow-up.
#[test]
fn large_deep_and_odd_valid_input_generates() {
    let options = Options::new("big-client");
    let generates = |name: &str, bytes: &[u8]| match generate(Path::new("big.json"), bytes, &options) {
        Ok(generated) => generated,
        Err(error) => panic!("{name}: {error}"),
    };
    // Example bodies nested 100,000 deep: serde_json refuses them, so they are text, with a warning.
    let deep_body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let generated = generates("deep body", &collection(&format!("[{}]", request("deep", &deep_body))));
    assert!(generated.warnings.iter().any(|w| w.message.contains("not valid JSON")), "{:?}", generated.warnings);
    // 100,000 nested objects under a key Postman does not define: skipped without recursion.
    generates("deep unknown field", &collection(&format!("[{{\"name\":\"x\",\"request\":\"http://x\",\"extra\":{}1{}}}]", "{\"a\":".repeat(100_000), "}".repeat(100_000))));
    // Bodies as deep as serde_json goes: the types stop at a bounded depth.
    for (open, close) in [("[", "]"), ("{\"a\":", "}"), ("[{\"k\":", "}]")] {
        let body = format!("{}1{}", open.repeat(60), close.repeat(60));
        let generated = generates(open, &collection(&format!("[{}]", request("deep", &body))));
        let types = &generated.files.iter().find(|(p, _)| p == "src/types.rs").expect("types").1;
        assert!(types.matches("pub struct").count() <= 40, "{open}");
    }
    // Folders nested as deep as the parser allows.
    let folders = format!("{}{}{}", "[{\"name\":\"f\",\"item\":".repeat(60), format_args!("[{}]", request("leaf", "{\"id\":1}")), "}]".repeat(60));
    generates("deep folders", &collection(&folders));
    // A million elements in an example body.
    let million = format!("[{}]", vec!["{\"id\":1,\"name\":\"n\"}"; 1_000_000].join(","));
    let generated = generates("million elements", &collection(&format!("[{}]", request("many", &million))));
    assert!(generated.files.iter().any(|(p, t)| p == "src/types.rs" && t.contains("pub name: String")));
    // Pathological for inference: 5,000 keys that all become the same identifier, and 2,000
    // objects that each add a key of their own.
    let same: Vec<String> = (0..5_000).map(|i| format!("\"{}id\":{i}", " ".repeat(i % 50) + &"-".repeat(i / 50))).collect();
    generates("colliding keys", &collection(&format!("[{}]", request("same", &format!("{{{}}}", same.join(","))))));
    let growing: Vec<String> = (0..2_000).map(|i| format!("{{\"k{i}\":{i}}}")).collect();
    generates("growing objects", &collection(&format!("[{}]", request("grow", &format!("[{}]", growing.join(","))))));
    // Thousands of items with one name, and a name of a megabyte.
    let same_names: Vec<String> = (0..2_000).map(|_| r#"{"name":"Get user","request":"https://api.example.com/u"}"#.to_owned()).collect();
    let generated = generates("same names", &collection(&format!("[{}]", same_names.join(","))));
    let client = &generated.files.iter().find(|(p, _)| p == "src/client.rs").expect("client").1;
    assert!(client.contains("pub fn get_user_2000("));
    let long = "Get a user ".repeat(100_000);
    let generated = generates("long name", &collection(&format!(r#"[{{"name":"{long}","request":"https://api.example.com/u"}}]"#)));
    assert!(generated.files.iter().all(|(p, t)| p.len() < 200 && t.len() < 2_000_000));
    // A 100 MB description (of the collection and of a request) is cut in the docs, with a note.
    let description = "Long text. ".repeat(9_100_000);
    let generated = generates(
        "big description",
        format!(r#"{{"info":{{"name":"x","description":"{description}"}},"item":[{{"name":"Get x","description":"{description}","request":"https://api.example.com/x"}}]}}"#).as_bytes(),
    );
    for (path, text) in &generated.files {
        assert!(text.len() < 200_000, "{path} has {} bytes", text.len());
    }
    let lib = &generated.files.iter().find(|(p, _)| p == "src/lib.rs").expect("lib").1;
    assert!(lib.contains("more bytes, left out here.)"), "the cut is said");
}

#[test]
fn duplicate_keys_are_warnings_and_the_last_value_wins() {
    let text = format!(
        r#"{{{INFO},"item":[{{"name":"first","name":"Get user","request":{{"method":"GET","url":"https://api.example.com/users/:id","url":"https://api.example.com/users/:userId"}},"response":[{{"code":200,"body":"{{\"id\":1,\"id\":\"x\"}}"}}]}}]}}"#
    );
    let generated = generate(Path::new("dup.json"), text.as_bytes(), &Options::new("dup-client")).expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.iter().any(|w| w.starts_with("at `item[0].name`: the key \"name\" appears more than once")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.starts_with("at `item[0].request.url`")), "{warnings:?}");
    // In example bodies duplicates are what JSON parsers make of them: no warning.
    assert!(!warnings.iter().any(|w| w.contains("body")), "{warnings:?}");
    let client = &generated.files.iter().find(|(p, _)| p == "src/client.rs").expect("client").1;
    assert!(client.contains("pub fn get_user(") && client.contains("user_id"), "the last values are used");
}

/// Every input the fuzzer found a problem with generates, or fails with a located input error.
#[test]
fn fuzz_regressions() {
    let dir = root().join("generator/tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("regressions") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        // The fuzzer runs the pipeline on a 2 MiB stack; so do these.
        let name = path.display().to_string();
        let result = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || generate(Path::new("fuzz.json"), &bytes, &Options::new("fuzz-client")).map(|_| ()))
            .expect("thread")
            .join()
            .unwrap_or_else(|_| panic!("{name}: panicked"));
        match result {
            Ok(()) | Err(Error::Input { .. }) => {}
            Err(other) => panic!("{name}: {other}"),
        }
        count += 1;
    }
    assert!(count >= 2, "the regression inputs are missing");
}
