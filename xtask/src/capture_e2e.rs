//! Typed coverage and the capture round trip of the corpus gate.
//!
//! [`coverage_table`]: per collection and in total, the share of operations whose success response
//! is typed (not `serde_json::Value`).
//!
//! [`run`]: for each collection with folders, path parameters and saved JSON success examples, strip
//! its saved examples, serve the original with `postman-codegen mock`, `postman-codegen capture`
//! the stripped one from that mock (every method: a mock changes nothing; a second time with
//! `--var NAME=1` for the path values the first run said were missing), generate from the stripped
//! collection and its samples (with the original's names file, as a crate is regenerated), and
//! compare each operation's success type (names, field types and presence,
//! [`postman_codegen::tooling::samples::type_outline`]) with generating from the original. Compared are the
//! GET and HEAD operations with one success status and one saved JSON example of it (what the mock
//! answers). At least [`MIN_COLLECTIONS`] collections must get every compared type back.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use postman_codegen::tooling::ir::{Api, TypeRef};
use postman_codegen::tooling::Diagnostics;
use postman_codegen::Settings;

/// How many operations have a typed success response, of how many.
pub fn typed(api: &Api) -> (usize, usize) {
    let typed = api.operations.iter().filter(|op| op.success_type.as_ref().is_some_and(|ty| *ty.leaf() != TypeRef::Value)).count();
    (typed, api.operations.len())
}

/// The typed-coverage table: (collection, typed, operations) rows and their total.
pub fn coverage_table(rows: &[(String, usize, usize)]) -> String {
    let percent = |typed: usize, all: usize| if all == 0 { 0.0 } else { typed as f64 * 100.0 / all as f64 };
    let mut out = String::from("\n| collection | operations with a typed success response |\n|---|---:|\n");
    for (name, typed, all) in rows {
        let _ = writeln!(out, "| {name} | {typed} / {all} ({:.0} %) |", percent(*typed, *all));
    }
    let (typed, all) = rows.iter().fold((0, 0), |(t, a), (_, typed, all)| (t + typed, a + all));
    let _ = writeln!(out, "| **total** | {typed} / {all} ({:.0} %) |", percent(typed, all));
    out
}

/// At least this many collections must get all their compared types back.
const MIN_COLLECTIONS: usize = 3;

/// Runs the capture round trip over the collections in `dir` (scratch files under `scratch`);
/// prints a table and returns whether every compared type matched in at least
/// [`MIN_COLLECTIONS`] collections, and no collection failed to serve, capture or generate.
pub fn run(root: &Path, dir: &Path, scratch: &Path) -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(cargo).args(["build", "--quiet", "-p", "postman-codegen-cli"]).current_dir(root).status().is_ok_and(|s| s.success());
    let binary = root.join("target/debug/postman-codegen");
    if !built || !binary.is_file() {
        eprintln!("error: cannot build postman-codegen (package postman-codegen-cli) for the capture round trip");
        return false;
    }
    let mut collections: Vec<PathBuf> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    collections.sort();
    let mut out = String::from("\n| capture round trip | operations compared | same type | same fields, other names | captured samples |\n|---|---:|---:|---:|---:|\n");
    let mut totals = (0, 0, 0, 0);
    let (mut taking_part, mut matching, mut failed) = (0, 0, false);
    for path in collections {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("collection").trim_end_matches(".json").trim_end_matches(".postman_collection").to_owned();
        match round_trip(&binary, &path, &scratch.join(&name)) {
            Ok(None) => {}
            Ok(Some(result)) => {
                taking_part += 1;
                let _ = writeln!(out, "| {name} | {} | {} | {} | {} |", result.compared, result.same, result.same_fields, result.samples);
                totals = (totals.0 + result.compared, totals.1 + result.same, totals.2 + result.same_fields, totals.3 + result.samples);
                // The differences of fields first, then those of names.
                let (names, fields): (Vec<&String>, Vec<&String>) = result.differences.iter().partition(|d| d.contains(": named "));
                for line in fields.into_iter().chain(names).take(3) {
                    eprintln!("  {name}: {line}");
                }
                matching += usize::from(result.same == result.compared);
            }
            Err(error) => {
                let _ = writeln!(out, "| {name} | error: {} | | | |", error.lines().next().unwrap_or_default());
                failed = true;
            }
        }
    }
    let _ = writeln!(out, "| **total** | {} | {} | {} | {} |", totals.0, totals.1, totals.2, totals.3);
    let _ = writeln!(
        out,
        "\n{matching} of {taking_part} collections get every compared success type back from captured responses (names, field types, presence). \
         \"Other names\": a type the original shares with an error body (which the mock does not answer) is named from there."
    );
    print!("{out}");
    if matching < MIN_COLLECTIONS {
        eprintln!("error: only {matching} collections get their types back from captured responses (at least {MIN_COLLECTIONS} must)");
    }
    !failed && matching >= MIN_COLLECTIONS
}

/// The result of one collection.
struct RoundTrip {
    compared: usize,
    same: usize,
    /// Not the same names, but the same fields and field types all the way down.
    same_fields: usize,
    samples: usize,
    differences: Vec<String>,
}

fn load(path: &Path, config: &Settings) -> Result<Api, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    postman_codegen::tooling::api_from_bytes_with(path, &bytes, config, &mut Diagnostics::default()).map_err(|e| e.to_string())
}

/// `None` when the collection has no folders, no path parameters or no operation to compare.
fn round_trip(binary: &Path, path: &Path, scratch: &Path) -> Result<Option<RoundTrip>, String> {
    let original = load(path, &Settings::default())?;
    let has_path_params = original.operations.iter().any(|op| op.params.iter().any(|p| p.location == postman_codegen::tooling::ir::ParamLocation::Path));
    // Compared: a safe method, and one JSON example of the success status (what the mock answers).
    let compared: Vec<usize> = (0..original.operations.len())
        .filter(|&i| {
            let op = &original.operations[i];
            let success = op.responses.iter().find(|r| r.status.is_some_and(|s| (200..300).contains(&s)));
            matches!(op.method.as_str(), "GET" | "HEAD")
                && op.success_type.is_some()
                && success.is_some_and(|r| r.examples.len() == 1 && r.examples[0].json)
                && op.responses.iter().filter(|r| r.status.is_some_and(|s| (200..300).contains(&s))).count() == 1
        })
        .collect();
    if original.folders.is_empty() || !has_path_params || compared.is_empty() {
        return Ok(None);
    }
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch).map_err(|e| e.to_string())?;
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(path).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    // A collection as the Postman API returns it is wrapped.
    if let Some(inner) = value.get_mut("collection").filter(|c| c.get("item").is_some()) {
        *inner = { let mut c = inner.take(); postman_codegen::tooling::capture::strip_examples(&mut c); c };
    } else {
        postman_codegen::tooling::capture::strip_examples(&mut value);
    }
    let stripped = scratch.join("stripped.postman_collection.json");
    std::fs::write(&stripped, value.to_string()).map_err(|e| e.to_string())?;
    let samples = scratch.join("samples");

    let mut mock = Command::new(binary).arg("mock").arg(path).args(["--port", "0"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().map_err(|e| e.to_string())?;
    let mut lines = BufReader::new(mock.stderr.take().ok_or("no stderr")?).lines();
    let mut base_url = None;
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some(rest) = line.split("; base URL ").nth(1) {
            base_url = rest.split(';').next().map(str::to_owned);
            break;
        }
    }
    // The mock logs a line per request: drained so that it never blocks.
    let drain = std::thread::spawn(move || lines.count());
    let result = base_url.ok_or_else(|| "the mock did not start".to_owned()).and_then(|base_url| {
        let capture = |vars: &[String]| {
            let mut command = Command::new(binary);
            command.arg("capture").arg(&stripped).arg("--out").arg(&samples).args(["--base-url", &base_url, "--concurrency", "4"]);
            // A mock changes nothing: every method is sent, so every operation the original types has
            // its sample, and types shared between operations are named as in the original.
            command.args(["--methods", "POST,PUT,PATCH,DELETE,OPTIONS"]);
            for var in vars {
                command.args(["--var", var]);
            }
            command.output().map_err(|e| e.to_string()).and_then(|o| if o.status.success() { Ok(String::from_utf8_lossy(&o.stderr).into_owned()) } else { Err(String::from_utf8_lossy(&o.stderr).into_owned()) })
        };
        let first = capture(&[])?;
        // The path values the collection leaves open: any value reaches the mock's route.
        let mut missing: Vec<String> = first.split("--var ").skip(1).filter_map(|rest| rest.split_once("=…")).map(|(name, _)| format!("{name}=1")).collect();
        missing.sort();
        missing.dedup();
        if !missing.is_empty() {
            capture(&missing)?;
        }
        Ok(())
    });
    let _ = mock.kill();
    let _ = mock.wait();
    let _ = drain.join();
    result?;

    let read = postman_codegen::tooling::samples::read_dir(&samples).map_err(|e| e.to_string())?;
    let count = read.len();
    // Regenerated as a crate is, with the names file of the original's generation.
    let previous = postman_codegen::tooling::settings::names_file::Names { operations: original.operation_names.clone(), types: original.type_names.clone(), ..Default::default() };
    let captured = load(&stripped, &Settings { samples: read, previous, ..Settings::default() })?;
    let mut result = RoundTrip { compared: compared.len(), same: 0, same_fields: 0, samples: count, differences: Vec::new() };
    for i in compared {
        let (a, b) = (&original.operations[i], captured.operations.get(i));
        // A type placeholder (`"<dateTime>"`) says more than the value a server sends in its place.
        let dates = |outline: String| outline.replace(" DateTime,", " String,").replace("<DateTime>", "<String>").replace(" Date,", " String,").replace("<Date>", "<String>");
        let outline = |api: &Api, ty: &TypeRef, names: bool| postman_codegen::tooling::samples::type_outline(api, ty, names);
        let want = a.success_type.as_ref().map(|ty| (dates(outline(&original, ty, true)), dates(outline(&original, ty, false))));
        let got = b.and_then(|b| b.success_type.as_ref()).map(|ty| (outline(&captured, ty, true), outline(&captured, ty, false)));
        match (want, got) {
            (Some(want), Some(got)) if want == got => result.same += 1,
            (Some(want), Some(got)) if want.1 == got.1 => {
                result.same_fields += 1;
                result.differences.push(format!("{}: named {} ≠ {}", a.name, want.0, got.0));
            }
            (want, got) => result.differences.push(format!("{}: {} ≠ {}", a.name, want.map(|w| w.0).unwrap_or_default(), got.map_or_else(|| "untyped".into(), |g| g.0))),
        }
    }
    Ok(Some(result))
}
