//! The bad-input suite through the `postman-codegen` binary: every broken input gets one located
//! `error:` line, exit status 1 and no output; crate names and the names file on the command line.
//! The library's side of the suite is `generator/tests/bad_input.rs`, which shares the inputs.

use std::path::Path;
use std::process::Command;

#[path = "../../generator/tests/support/broken.rs"]
mod broken;

use broken::{broken_inputs, check_message, collection, request};

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
        assert_eq!(postman_codegen::tooling::emit::validate_crate_name(expected), Ok(()));
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
        assert_eq!(postman_codegen::tooling::emit::validate_crate_name(name), Ok(()), "{name}");
    }
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
