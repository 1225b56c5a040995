//! The bad-input suite: broken, hostile and huge collections, through the library and through the
//! `postman-codegen` binary. Every broken input gets a located, human message and a non-zero exit and
//! leaves no output; every valid one, however large or deep, generates within bounded resources.
//! The inputs the fuzzer found (`tests/fuzz-regressions/`) run here too.

use std::path::{Path, PathBuf};
use std::process::Command;

use postman_codegen::{generate, Error, Options};

/// A broken input and what its error must say.
struct Broken {
    name: &'static str,
    bytes: Vec<u8>,
    /// `file:line:column` the message starts with (after the file name), when the place is a position.
    position: Option<(usize, usize)>,
    /// The JSON path the message names, when there is one.
    path: Option<&'static str>,
    /// Words of the explanation.
    says: &'static str,
}

fn broken(name: &'static str, text: impl Into<Vec<u8>>, position: Option<(usize, usize)>, path: Option<&'static str>, says: &'static str) -> Broken {
    Broken { name, bytes: text.into(), position, path, says }
}

const INFO: &str = r#""info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}"#;

fn broken_inputs() -> Vec<Broken> {
    let zoom = std::fs::read(root().join("tests/collections/zoom-seed.postman_collection.json")).expect("the seed fixture");
    let deep = format!("{{{INFO},\"item\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let huge_string = format!("{{{INFO},\"item\":\"{}\"}}", "x".repeat(100_000_000));
    let million_bad = format!("{{{INFO},\"item\":[{}]}}", vec!["1"; 1_000_000].join(","));
    let mut invalid_utf8 = format!("{{{INFO},\n\"item\":[{{\"name\":\"caf").into_bytes();
    invalid_utf8.extend_from_slice(b"\xe9\"}]}");
    vec![
        broken("not-json", "hello, world", Some((1, 1)), None, "not a JSON object"),
        broken("not-json-object", "{hello}", Some((1, 2)), None, "invalid JSON: key must be a string"),
        broken("truncated", zoom[..zoom.len() / 2].to_vec(), None, None, "is the file truncated?"),
        broken("truncated-in-string", format!("{{{INFO},\"item\":[{{\"name\":\"a"), Some((1, 119)), Some("item[0].name"), "truncated"),
        broken("empty", "", Some((1, 1)), None, "the file is empty"),
        broken("blank", " \n\t ", Some((2, 3)), None, "the file is empty"),
        broken("top-level-array", "[{\"info\":{}}]", Some((1, 1)), None, "the top level is a JSON array"),
        broken("top-level-number", "42", Some((1, 1)), None, "not a JSON object"),
        broken("top-level-string", "\"collection\"", Some((1, 1)), None, "not a JSON object"),
        broken("top-level-null", "null", Some((1, 1)), None, "not a JSON object"),
        broken("top-level-bool", "\n  true", Some((2, 3)), None, "not a JSON object"),
        broken("trailing-garbage", format!("{{{INFO},\"item\":[]}} {{}}"), Some((1, 113)), None, "trailing characters"),
        broken("v1-schema", r#"{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v1.0.0/collection.json"},"item":[]}"#, None, None, "says v1"),
        broken("no-info", r#"{"item":[]}"#, Some((1, 1)), Some("info"), "missing `info`"),
        broken("info-is-an-array", r#"{"info":[],"item":[]}"#, Some((1, 10)), Some("info"), "expected an object"),
        broken("info-is-a-string", r#"{"info":"x","item":[]}"#, Some((1, 11)), Some("info"), "expected an object"),
        broken("item-is-a-string", format!("{{{INFO},\"item\":\"nope\"}}"), Some((1, 114)), Some("item"), "expected a sequence"),
        broken("item-is-an-object", format!("{{{INFO},\"item\":{{\"a\":1}}}}"), Some((1, 108)), Some("item"), "expected a sequence"),
        broken("url-is-a-number", format!("{{{INFO},\"item\":[{{\"name\":\"a\",\"request\":{{\"url\":5}}}}]}}"), Some((1, 139)), Some("item[0].request.url"), "expected a string or an object"),
        broken("responses-are-a-string", format!("{{{INFO},\"item\":[{{\"name\":\"a\",\"request\":\"http://x\",\"response\":\"no\"}}]}}"), Some((1, 157)), Some("item[0].response"), "expected a sequence"),
        broken("variables-are-a-string", format!("{{{INFO},\"variable\":\"x\",\"item\":[]}}"), Some((1, 115)), Some("variable"), "expected a sequence"),
        broken("auth-is-a-string", format!("{{{INFO},\"auth\":\"bearer\"}}"), Some((1, 116)), Some("auth"), "expected struct Auth"),
        broken("items-are-numbers", format!("{{{INFO},\"item\":[1,2]}}"), Some((1, 110)), Some("item[0]"), "invalid type: integer `1`"),
        broken("deep-nesting-100000", deep, None, Some("item[0][0][0]"), "recursion limit exceeded"),
        broken("string-100mb", huge_string, Some((1, 100_000_110)), Some("item"), "expected a sequence"),
        broken("million-wrong-items", million_bad, Some((1, 110)), Some("item[0]"), "invalid type: integer `1`"),
        broken("invalid-utf8", invalid_utf8, Some((2, 21)), None, "not valid UTF-8"),
        broken("duplicate-keys-and-a-wrong-shape", format!("{{{INFO},\"item\":[],\"item\":7}}"), None, Some("item"), "expected a sequence"),
    ]
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_owned()
}

fn check_message(case: &Broken, file: &str, message: &str) {
    let name = case.name;
    assert!(message.starts_with(file), "{name}: {message}");
    let rest = &message[file.len()..];
    if let Some((line, column)) = case.position {
        assert!(rest.starts_with(&format!(":{line}:{column}:")), "{name}: wanted {line}:{column}: {message}");
    }
    if let Some(path) = case.path {
        assert!(rest.contains(&format!("at `{path}")), "{name}: wanted the path {path}: {message}");
    }
    assert!(message.contains(case.says), "{name}: wanted {:?}: {message}", case.says);
    assert!(message.len() < 1000, "{name}: a message of {} bytes", message.len());
    assert!(!message.chars().any(|c| c.is_control() && c != '\n'), "{name}: control characters in {message:?}");
}

#[test]
fn broken_collections_get_located_errors() {
    let options = Options::new("bad-client");
    for case in broken_inputs() {
        match generate(Path::new("bad.postman_collection.json"), &case.bytes, &options) {
            Err(error @ Error::Input { .. }) => {
                let message = postman_codegen::docs::shorten_message(&error.to_string());
                check_message(&case, "bad.postman_collection.json", &message);
            }
            Err(other) => panic!("{}: not an input error: {other}", case.name),
            Ok(_) => panic!("{}: accepted", case.name),
        }
    }
}

/// The binary: exit status 1, one `error:` line on stderr, nothing written.
#[test]
fn the_command_line_reports_and_exits_non_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The slow ones (100 MB, a million items) are covered by the library test; the binary adds only
    // the printing, which is the same for every case.
    for case in broken_inputs().into_iter().filter(|c| c.bytes.len() < 1_000_000) {
        let input = dir.path().join(format!("{}.postman_collection.json", case.name));
        std::fs::write(&input, &case.bytes).expect("write input");
        let out = dir.path().join(format!("{}-out", case.name));
        let output = Command::new(env!("CARGO_BIN_EXE_postman-codegen"))
            .args(["generate".as_ref(), input.as_os_str(), "--out".as_ref(), out.as_os_str()])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{}", case.name);
        let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
        let message = stderr.strip_prefix("error: ").unwrap_or_else(|| panic!("{}: {stderr}", case.name)).trim_end();
        check_message(&case, &input.display().to_string(), message);
        assert!(!out.exists(), "{}: wrote output", case.name);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").flatten().filter(|e| e.path().is_dir()).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The package name comes from the file's name: lowercase ASCII words joined by one `-`, so that
/// rustc finds the crate's name `snake_case` (no capital, no `__`), however the file is named. A
/// `--crate-name` that rustc would warn about is refused before anything is written.
#[test]
fn crate_names_are_snake_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = collection(&format!("[{}]", request("Get things", r#"{"id": 1}"#)));
    let run = |input: &Path, out: &Path, name: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_postman-codegen"));
        command.args(["generate".as_ref(), input.as_os_str(), "--out".as_ref(), out.as_os_str()]);
        command.args(name.map(|name| ["--crate-name", name]).iter().flatten());
        command.output().expect("runs")
    };
    let cases = [
        ("foo__bar", "foo-bar-client"),
        ("My API (v2)", "my-api-v2-client"),
        ("ZoomAPI", "zoomapi-client"),
        ("123 start", "api-123-start-client"),
        ("\u{fc}n\u{ef}code", "unicode-client"),
        ("\u{83b7}\u{53d6}", "huo-qu-client"),
        ("a--b", "a-b-client"),
        ("_lead_", "lead-client"),
        ("\u{1f600}", "api-client"),
    ];
    for (n, (stem, expected)) in cases.into_iter().enumerate() {
        let input = dir.path().join(format!("{stem}.postman_collection.json"));
        std::fs::write(&input, &bytes).expect("write input");
        let out = dir.path().join(format!("out-{n}"));
        let output = run(&input, &out, None);
        assert!(output.status.success(), "{stem}: {}", String::from_utf8_lossy(&output.stderr));
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
        assert!(manifest.contains(&format!("\nname = \"{expected}\"\n")), "{stem}: {manifest}");
        assert_eq!(postman_codegen::emit::validate_crate_name(expected), Ok(()));
    }
    let input = dir.path().join("things.postman_collection.json");
    std::fs::write(&input, &bytes).expect("write input");
    for name in ["MyClient", "my--client", "my_-client", "my-client-", "9client", "serde", "self", "my client"] {
        let out = dir.path().join("refused");
        let output = run(&input, &out, Some(name));
        assert_eq!(output.status.code(), Some(2), "{name}: a usage error");
        let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
        assert!(stderr.starts_with(&format!("error: invalid crate name {name:?}: use lowercase ASCII letters")), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: wrote output");
    }
    for name in ["my-client", "my_client", "client2", "a-1-b"] {
        assert_eq!(postman_codegen::emit::validate_crate_name(name), Ok(()), "{name}");
    }
}

fn collection(items: &str) -> Vec<u8> {
    format!("{{{INFO},\"item\":{items}}}").into_bytes()
}

fn request(name: &str, body: &str) -> String {
    let body = serde_json::to_string(body).expect("json");
    format!(r#"{{"name":"{name}","request":{{"method":"GET","url":"https://api.example.com/v1/things"}},"response":[{{"name":"ok","code":200,"header":[{{"key":"Content-Type","value":"application/json"}}],"body":{body}}}]}}"#)
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
    assert!(generated.files.iter().any(|(p, t)| p == "src/types.rs" && t.contains("pub name: ::std::string::String")));
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

/// Regenerating into the same directory keeps the type names of its `postman-codegen.lock`; a
/// names file that is not one stops the run with its location, and the output stays as it was.
#[test]
fn the_command_line_keeps_names_and_locates_a_broken_names_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("names.postman_collection.json");
    let out = dir.path().join("out");
    let generate = || {
        Command::new(env!("CARGO_BIN_EXE_postman-codegen"))
            .args(["generate".as_ref(), input.as_os_str(), "--out".as_ref(), out.as_os_str()])
            .output()
            .expect("runs")
    };
    let repos = request("List repos", r#"{"repo": {"owner": {"id": 1, "login": "x"}}}"#);
    std::fs::write(&input, collection(&format!("[{repos}]"))).expect("write input");
    let first = generate();
    assert!(first.status.success());
    let summary = String::from_utf8_lossy(&first.stderr);
    assert!(summary.ends_with(": written: 1 operation, 3 types, 0 warnings; a new crate\n"), "{summary}");
    let types = || std::fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
    assert!(types().contains("pub struct Owner {"), "{}", types());
    // A request whose `owner` is shallower: by rank alone it would take `Owner`.
    let widget = request("Get widget", r#"{"owner": {"id": "w", "kind": 2}}"#);
    std::fs::write(&input, collection(&format!("[{repos}, {widget}]"))).expect("write input");
    let second = generate();
    assert!(second.status.success());
    // The summary lists what a reviewer of the new crate must know: the new method, builder and types.
    let summary = String::from_utf8_lossy(&second.stderr);
    assert!(summary.contains("written: 2 operations, 5 types, 0 warnings; public API change against the previous output:\n  added (4):\n"), "{summary}");
    assert!(summary.contains("    method Client::get_widget: `fn get_widget(&self) -> GetWidget<'_>`\n"), "{summary}");
    assert!(summary.contains("    type types::GetWidgetResponseOwner\n") && !summary.contains("renamed"), "{summary}");
    // The same input again: nothing changes, and the summary says so.
    let again = generate();
    assert!(String::from_utf8_lossy(&again.stderr).ends_with(": unchanged: 2 operations, 5 types, 0 warnings; the public API is unchanged\n"), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(types().contains("pub struct Owner {\n    /// `id`, e.g. `1`."), "the older type keeps `Owner`: {}", types());
    assert!(types().contains("pub struct GetWidgetResponseOwner {"), "{}", types());

    let before = types();
    std::fs::write(out.join("postman-codegen.lock"), "{\"types\": [1,\n2]}").expect("write names");
    let output = generate();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    let expected = format!("error: {}:1:", out.join("postman-codegen.lock").display());
    assert!(stderr.starts_with(&expected) && stderr.contains("not a postman-codegen names file"), "{stderr}");
    assert_eq!(types(), before, "nothing was written");
}
