//! `cargo xtask corpus [DIR]`: generate a crate for every collection in DIR into a scratch
//! workspace (one shared target dir), compile and lint them all with clippy and warnings denied,
//! document them with rustdoc (warnings denied), run each crate's emitted example tests, and print
//! one row per collection, then the lints of each collection that has any.
//!
//! Then the realistic-response gate: for every saved JSON response example, the variants a live
//! API sends ([`VARIANTS`]) are written beside the crate and decoded into the example's type (the
//! crate's `tests/variants.rs`, from `postman_codegen::tooling::emit::roundtrip::variants_test`); the counts
//! per variant are printed, and every one must decode.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use postman_codegen::tooling::ir::{Api, TypeBody, TypeRef};
use postman_codegen::tooling::stats::{type_stats, TypeStats};
use postman_codegen::tooling::write::{write_crate, Mode};
use postman_codegen::tooling::Diagnostics;
use postman_codegen::Options;

/// One collection's results.
#[derive(Debug, Default)]
struct Row {
    name: String,
    crate_name: String,
    requests: usize,
    operations: usize,
    types: usize,
    json_examples: usize,
    /// Example bodies that look like JSON (a JSON content type, or `{`/`[` first) but are not JSON
    /// even to the tolerant reader (a missing comma, `...`): kept as text, with a generator warning.
    broken_json: usize,
    round_tripped: usize,
    /// The round-trip tests of examples that had type placeholders (decoded realised), and how
    /// many of them passed.
    placeholder_examples: (usize, usize),
    /// Per variant of [`VARIANTS`]: (decoded, written).
    variants: [(usize, usize); VARIANTS.len()],
    /// The names of the round-trip tests whose examples had placeholders.
    realised_tests: Vec<String>,
    warnings: usize,
    failures: Vec<String>,
    generation_ms: f64,
    /// Clippy's findings (rustc's own warnings among them), by lint name.
    clippy: BTreeMap<String, usize>,
    /// Rustdoc's findings, by lint name.
    rustdoc: BTreeMap<String, usize>,
    /// Operations whose success response is typed, of all ([`crate::capture_e2e::typed`]).
    typed: (usize, usize),
    /// The near-duplicate and operation-named structs ([`postman_codegen::tooling::stats`]).
    stats: TypeStats,
}

/// The live-response variants of a response example: `realised`, the example with its type
/// placeholders realised (only examples that have some); `nulls`, every scalar field of every
/// object `null`; `missing`, every object without its scalar fields (objects and arrays kept, and
/// varied the same way); `unknown`, a field no example has added to every object.
const VARIANTS: [&str; 4] = ["realised", "nulls", "missing", "unknown"];

/// The key of the field the `unknown` variant adds.
const UNKNOWN_KEY: &str = "x_postman_codegen_unknown";

/// The collections (`*.json`) in `dir`, sorted; `None`, said on stderr, when it cannot be read.
fn collection_files(dir: &Path) -> Option<Vec<PathBuf>> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut collections: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
            collections.sort();
            Some(collections)
        }
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", dir.display());
            None
        }
    }
}

/// Runs the gate; returns whether everything passed.
pub fn run(root: &Path, dir: &Path) -> bool {
    let scratch = root.join("target/corpus");
    let crates_dir = scratch.join("crates");
    let Some(collections) = collection_files(dir) else { return false };
    if collections.is_empty() {
        eprintln!("error: no collections (*.json) in {}", dir.display());
        return false;
    }
    let _ = std::fs::create_dir_all(&crates_dir);
    let mut rows = Vec::new();
    for path in &collections {
        rows.push(generate_one(path, &crates_dir));
    }
    let members: Vec<&Row> = rows.iter().filter(|r| r.failures.is_empty()).collect();
    if let Err(error) = write_workspace(root, &scratch, &members) {
        eprintln!("error: cannot write the scratch workspace: {error}");
        return false;
    }
    let member_count = members.len();
    // Clippy lints the crates while they compile: its driver wraps rustc for the workspace's own
    // crates (as `cargo clippy` does, but in the build that also makes the code the round-trip tests
    // run), so linting costs its lint passes only, not a second type check of every crate. Every
    // cargo run of the gate uses it, so the tests reuse the build.
    let Some(driver) = clippy_driver(&scratch) else {
        eprintln!("error: no clippy-driver beside rustc: install the toolchain's clippy component (rust-toolchain.toml)");
        return false;
    };
    let cargo = |args: &[&str]| cargo(&scratch, &driver, args);
    let started = Instant::now();
    eprintln!("compiling and linting {member_count} crates (clippy-driver, --all-targets, warnings denied)…");
    let build = cargo(&["build", "--workspace", "--all-targets", "--keep-going", "--message-format=json"]);
    let compile_seconds = started.elapsed().as_secs_f64();
    // One rustdoc run over the whole workspace.
    let started = Instant::now();
    eprintln!("documenting {member_count} crates (cargo doc --no-deps, warnings denied)…");
    let rustdoc = cargo(&["doc", "--workspace", "--no-deps", "--keep-going", "--message-format=json"]);
    let rustdoc_seconds = started.elapsed().as_secs_f64();
    let crate_names: Vec<String> = rows.iter().map(|r| r.crate_name.clone()).collect();
    let mut clippy_counts = lint_counts(&build.stdout, &crate_names);
    let mut rustdoc_counts = lint_counts(&rustdoc.stdout, &crate_names);
    for row in rows.iter_mut().filter(|r| r.failures.is_empty()) {
        row.clippy = clippy_counts.remove(&row.crate_name).unwrap_or_default();
        row.rustdoc = rustdoc_counts.remove(&row.crate_name).unwrap_or_default();
        let (lints, docs) = (row.clippy.values().sum::<usize>(), row.rustdoc.values().sum::<usize>());
        if lints > 0 {
            row.failures.push(format!("{lints} clippy findings"));
        } else if build.stderr.contains(&format!("could not compile `{}`", row.crate_name)) {
            row.failures.push("does not compile without warnings".into());
        }
        if docs > 0 || rustdoc.stderr.contains(&format!("could not document `{}`", row.crate_name)) {
            row.failures.push(format!("{docs} rustdoc warnings"));
        }
    }
    for row in rows.iter_mut().filter(|r| r.failures.is_empty() && r.json_examples > 0) {
        let test = cargo(&["test", "-p", &row.crate_name, "--test", "examples", "--", "--test-threads=2"]);
        let (passed, failed) = test_counts(&test.stdout);
        row.round_tripped = passed;
        let passing: std::collections::HashSet<&str> = test.stdout.lines().filter_map(|l| l.strip_prefix("test ")?.strip_suffix(" ... ok")).collect();
        row.placeholder_examples = (row.realised_tests.iter().filter(|t| passing.contains(t.as_str())).count(), row.realised_tests.len());
        if failed > 0 || !test.success {
            row.failures.push(format!("{failed} examples do not round-trip"));
            let mut shown = 0;
            for line in test.stdout.lines().filter(|l| l.contains("panicked") || l.contains("does not")) {
                if shown < 5 {
                    eprintln!("  {}: {line}", row.name);
                    shown += 1;
                }
            }
        }
    }
    for row in rows.iter_mut().filter(|r| r.failures.is_empty() && r.variants.iter().any(|v| v.1 > 0)) {
        let test = cargo(&["test", "-p", &row.crate_name, "--test", "variants", "--", "--nocapture"]);
        let mut decoded = [0; VARIANTS.len()];
        let mut shown = 0;
        for line in test.stdout.lines() {
            let Some(rest) = line.strip_prefix("variant ") else { continue };
            let mut words = rest.splitn(3, ' ');
            let (Some(variant), Some(outcome)) = (words.next(), words.next()) else { continue };
            let Some(i) = VARIANTS.iter().position(|v| *v == variant) else { continue };
            if outcome == "ok" {
                decoded[i] += 1;
            } else if shown < 5 {
                eprintln!("  {}: {line}", row.name);
                shown += 1;
            }
        }
        for (i, decoded) in decoded.into_iter().enumerate() {
            row.variants[i].0 = decoded;
        }
        if row.variants.iter().any(|(decoded, written)| decoded != written) || !test.success {
            row.failures.push("live-response variants do not all decode".into());
        }
    }
    print!("{}", table(&rows, compile_seconds));
    print!("{}", variants_table(&rows));
    print!("{}", stats_table(&rows.iter().map(|r| (r.name.as_str(), r.stats)).collect::<Vec<_>>()));
    print!("{}", lint_table(&rows, rustdoc_seconds));
    print!("{}", crate::capture_e2e::coverage_table(&rows.iter().map(|r| (r.name.clone(), r.typed.0, r.typed.1)).collect::<Vec<_>>()));
    for output in [&build, &rustdoc] {
        if !output.success {
            for line in rendered(&output.stdout).take(20) {
                eprint!("{line}");
            }
            for line in output.stderr.lines().filter(|l| l.starts_with("error") || l.starts_with("warning")).take(40) {
                eprintln!("{line}");
            }
        }
    }
    rows.iter().all(|r| r.failures.is_empty()) && build.success && rustdoc.success
}

/// `cargo xtask corpus --only-stats [DIR]`: infers the types of every collection in DIR, without
/// emitting or compiling anything, and prints [`stats_table`]. Returns whether every collection
/// was read.
pub fn only_stats(dir: &Path, detail: Detail) -> bool {
    let Some(collections) = collection_files(dir) else { return false };
    let mut rows = Vec::new();
    let mut ok = true;
    for path in &collections {
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("collection");
        let name = file.strip_suffix(".postman_collection.json").or_else(|| file.strip_suffix(".json")).unwrap_or(file).to_owned();
        let api = std::fs::read(path).map_err(|e| e.to_string()).and_then(|bytes| {
            postman_codegen::tooling::api_from_bytes(path, &bytes, &mut Diagnostics::default()).map_err(|e| e.to_string())
        });
        match api {
            Ok(api) => {
                match detail {
                    Detail::Totals => {}
                    Detail::Pairs => print_pairs(&name, &api),
                    Detail::Names => print_operation_named(&name, &api),
                }
                rows.push((name, type_stats(&api)))
            }
            Err(error) => {
                eprintln!("error: {name}: {error}");
                ok = false;
            }
        }
    }
    print!("{}", stats_table(&rows.iter().map(|(n, s)| (n.as_str(), *s)).collect::<Vec<_>>()));
    ok
}

/// What `cargo xtask corpus --only-stats` prints besides the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The table only.
    Totals,
    /// Each near-duplicate with the struct most like it (`--pairs`).
    Pairs,
    /// Each struct named after an operation, with the fields it has (`--names`).
    Names,
}

/// Prints each struct of `api` that is counted as named after an operation, with its role and
/// its field names (`cargo xtask corpus --only-stats --names`).
fn print_operation_named(collection: &str, api: &postman_codegen::tooling::ir::Api) {
    for i in postman_codegen::tooling::stats::operation_named(api) {
        let def = &api.types[i];
        let fields: Vec<&str> = def.fields.iter().map(|f| f.wire_name.as_str()).collect();
        println!("{collection}: {} ({:?}) {fields:?}", def.name, def.role);
    }
}

/// Prints each near-duplicate struct of `api` with the struct most like it: their roles, their
/// similarity and the fields that differ (`cargo xtask corpus --only-stats --pairs`).
fn print_pairs(collection: &str, api: &postman_codegen::tooling::ir::Api) {
    for (a, b, similarity) in postman_codegen::tooling::stats::near_duplicates(api) {
        let (a, b) = (&api.types[a], &api.types[b]);
        let keys = |t: &postman_codegen::tooling::ir::TypeDef| t.fields.iter().map(|f| (f.wire_name.clone(), format!("{:?}", f.ty))).collect::<std::collections::BTreeMap<_, _>>();
        let (ka, kb) = (keys(a), keys(b));
        let only_a: Vec<&String> = ka.keys().filter(|k| !kb.contains_key(*k)).collect();
        let only_b: Vec<&String> = kb.keys().filter(|k| !ka.contains_key(*k)).collect();
        let differ: Vec<String> = ka.iter().filter_map(|(k, t)| kb.get(k).filter(|u| *u != t).map(|u| format!("{k}: {t} / {u}"))).collect();
        println!("{collection}: {} ({:?}) ~ {} ({:?}) {similarity:.2}; only first {only_a:?}; only second {only_b:?}; types differ {differ:?}", a.name, a.role, b.name, b.role);
    }
}

/// The type-measure table: per collection and in total, the structs with at least five fields,
/// how many of them are near-duplicates of another struct and how many are named after an
/// operation ([`postman_codegen::tooling::stats`]).
fn stats_table(rows: &[(&str, TypeStats)]) -> String {
    let mut out = String::from(
        "\n| collection | structs (≥5 fields) | near-duplicates | only like a body of the other role | named after an operation |\n|---|---:|---:|---:|---:|\n",
    );
    let row = |out: &mut String, name: &str, stats: &TypeStats| {
        let share = |part: usize| format!("{part} ({:.1}%)", if stats.structs == 0 { 0.0 } else { 100.0 * part as f64 / stats.structs as f64 });
        let _ = writeln!(out, "| {name} | {} | {} | {} | {} |", stats.structs, share(stats.near_duplicates), share(stats.cross_role), share(stats.operation_named));
    };
    let mut total = TypeStats::default();
    for (name, stats) in rows {
        total = total.plus(*stats);
        row(&mut out, name, stats);
    }
    row(&mut out, &format!("**{} collections**", rows.len()), &total);
    out
}

/// The path of `clippy-driver` in the sysroot of the `rustc` that builds in `dir`.
fn clippy_driver(dir: &Path) -> Option<PathBuf> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(rustc).args(["--print", "sysroot"]).current_dir(dir).output().ok()?;
    let sysroot = String::from_utf8(output.stdout).ok()?;
    let driver = Path::new(sysroot.trim()).join("bin").join(format!("clippy-driver{}", std::env::consts::EXE_SUFFIX));
    driver.is_file().then_some(driver)
}

/// The diagnostics of cargo's JSON messages in `stdout`, as rustc shows them.
fn rendered(stdout: &str) -> impl Iterator<Item = String> + '_ {
    stdout.lines().filter(|l| l.starts_with('{')).filter_map(|line| {
        let message: serde_json::Value = serde_json::from_str(line).ok()?;
        (message["reason"] == "compiler-message").then(|| message["message"]["rendered"].as_str().map(str::to_owned)).flatten()
    })
}

/// The diagnostics (warnings and errors with a place in the code) of cargo's JSON messages in
/// `stdout`, counted by lint name per crate of `crates`. A finding reported for two targets of a
/// crate (the library and its test build) counts once.
fn lint_counts(stdout: &str, crates: &[String]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut seen = BTreeSet::new();
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let diagnostic = &message["message"];
        let level = diagnostic["level"].as_str().unwrap_or_default();
        let Some(span) = diagnostic["spans"].as_array().and_then(|spans| spans.iter().find(|s| s["is_primary"] == true).or(spans.first())) else {
            continue;
        };
        if !matches!(level, "warning" | "error") {
            continue;
        }
        let package = message["package_id"].as_str().unwrap_or_default();
        let Some(name) = crates.iter().find(|name| package_is(package, name)) else { continue };
        let lint = diagnostic["code"]["code"].as_str().unwrap_or(level).to_owned();
        let place = format!("{}:{}:{}", span["file_name"].as_str().unwrap_or_default(), span["line_start"], span["column_start"]);
        if seen.insert((name.clone(), lint.clone(), place, diagnostic["message"].as_str().unwrap_or_default().to_owned())) {
            *counts.entry(name.clone()).or_default().entry(lint).or_default() += 1;
        }
    }
    counts
}

/// Whether cargo's package id `id` names the package `name`: `path+file:///…/crates/<name>#0.1.0`
/// (or `…#<name>@0.1.0`), or the older `<name> 0.1.0 (path+file:///…)`.
fn package_is(id: &str, name: &str) -> bool {
    id.starts_with(&format!("{name} ")) || id.contains(&format!("/{name}#")) || id.contains(&format!("#{name}@"))
}

/// The lint totals of every collection, and each finding of those that have any.
fn lint_table(rows: &[Row], rustdoc_seconds: f64) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n| collection | clippy findings | rustdoc warnings |");
    let _ = writeln!(out, "|---|---:|---:|");
    let total = |counts: &BTreeMap<String, usize>| counts.values().sum::<usize>();
    for row in rows {
        let _ = writeln!(out, "| {} | {} | {} |", row.name, total(&row.clippy), total(&row.rustdoc));
    }
    let (clippy, rustdoc): (usize, usize) = (rows.iter().map(|r| total(&r.clippy)).sum(), rows.iter().map(|r| total(&r.rustdoc)).sum());
    let _ = writeln!(out, "| **{} collections** | {clippy} | {rustdoc} |", rows.len());
    for row in rows.iter().filter(|r| total(&r.clippy) + total(&r.rustdoc) > 0) {
        let lints: Vec<String> = row.clippy.iter().chain(&row.rustdoc).map(|(lint, n)| format!("`{lint}` ×{n}")).collect();
        let _ = writeln!(out, "- {}: {}", row.name, lints.join(", "));
    }
    let _ = writeln!(out, "\n\"clippy findings\": clippy's lints and rustc's warnings, found while compiling; rustdoc took {rustdoc_seconds:.0} s");
    out
}

fn generate_one(path: &Path, crates_dir: &Path) -> Row {
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("collection");
    let name = file.strip_suffix(".postman_collection.json").or_else(|| file.strip_suffix(".json")).unwrap_or(file).to_owned();
    let words = postman_codegen::tooling::names::package_words(&name);
    let crate_name = if words.is_empty() { "corpus".to_owned() } else { format!("corpus-{words}") };
    let mut row = Row { name, crate_name: crate_name.clone(), ..Row::default() };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            row.failures.push(format!("cannot read: {error}"));
            return row;
        }
    };
    row.requests = count_requests(&bytes);
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let result = postman_codegen::tooling::api_from_bytes(path, &bytes, &mut diagnostics).and_then(|api| {
        let files = postman_codegen::tooling::emit::emit_crate(&api, &Options::new(crate_name.clone()), &mut diagnostics)?;
        Ok((api, files))
    });
    row.generation_ms = started.elapsed().as_secs_f64() * 1000.0;
    row.warnings = diagnostics.warnings().len();
    match result {
        Ok((api, files)) => {
            row.operations = api.operations.len();
            row.types = api.types.len();
            row.typed = crate::capture_e2e::typed(&api);
            row.stats = type_stats(&api);
            let examples = || api.operations.iter().flat_map(|op| &op.responses).flat_map(|r| &r.examples);
            let bodies: usize = api.operations.iter().filter_map(|op| op.body_samples()).map(|(samples, _)| samples.len()).sum();
            row.json_examples = examples().filter(|e| e.json).count() + bodies;
            row.broken_json = examples().filter(|e| !e.json && looks_like_json(e)).count();
            let dir = crates_dir.join(&crate_name);
            if let Err(error) = write_crate(&dir, &files, Mode::Force) {
                row.failures.push(format!("cannot write: {error}"));
            } else if let Err(error) = write_variants(&api, &crate_name, &dir, &mut row) {
                row.failures.push(format!("cannot write the live-response variants: {error}"));
            }
        }
        Err(error) => row.failures.push(format!("does not generate: {error}")),
    }
    row
}

/// Writes `tests/variants.rs` and the variants of every response example under `tests/variants/`
/// of the crate at `dir`, counting them in `row`.
fn write_variants(api: &Api, crate_name: &str, dir: &Path, row: &mut Row) -> Result<(), String> {
    let cases = postman_codegen::tooling::emit::roundtrip::cases(api).map_err(|e| e.to_string())?;
    row.realised_tests = cases.iter().filter(|c| c.realised).map(|c| c.name.clone()).collect();
    let data = dir.join("tests/variants");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    for case in cases.iter().filter(|c| !c.request) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&case.text) else { continue };
        for (i, variant) in VARIANTS.iter().enumerate() {
            let text = match *variant {
                "realised" => case.realised.then(|| case.text.clone()),
                _ => {
                    let mut varied = value.clone();
                    vary(api, &mut varied, case.ty, variant);
                    (varied != value).then(|| serde_json::to_string_pretty(&varied).unwrap_or_default())
                }
            };
            if let Some(text) = text {
                std::fs::write(data.join(format!("{}.{variant}.json", case.name)), text).map_err(|e| e.to_string())?;
                row.variants[i].1 += 1;
            }
        }
    }
    if !cases.iter().any(|c| !c.request) {
        return Ok(());
    }
    let crate_ident = crate_name.replace('-', "_");
    let test = postman_codegen::tooling::emit::roundtrip::variants_test(api, &crate_ident, &VARIANTS).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("tests/variants.rs"), test).map_err(|e| e.to_string())
}

/// Varies every object of `value` that the type `ty` decodes as a struct (the fields the crate's
/// contract is about; maps, whose values all have one type, are walked into, not varied) as
/// `variant` says (see [`VARIANTS`]). Inside untagged enums nothing is varied; a tagged enum's
/// object is varied as its variant's struct, its tag kept.
fn vary(api: &Api, value: &mut serde_json::Value, ty: &TypeRef, variant: &str) {
    vary_at(api, value, ty, variant, None);
}

fn vary_at(api: &Api, value: &mut serde_json::Value, ty: &TypeRef, variant: &str, keep: Option<&str>) {
    use serde_json::Value;
    match (ty, value) {
        (TypeRef::Boxed(inner) | TypeRef::Nullable(inner), value) => vary_at(api, value, inner, variant, keep),
        (TypeRef::Vec(inner), Value::Array(items)) => items.iter_mut().for_each(|item| vary_at(api, item, inner, variant, None)),
        (TypeRef::Map(inner), Value::Object(map)) => map.values_mut().for_each(|item| vary_at(api, item, inner, variant, None)),
        (TypeRef::Named(i), value) => {
            let Some(def) = api.types.get(*i) else { return };
            match (&def.body, value) {
                (TypeBody::Struct, Value::Object(map)) => {
                    let kept = |key: &str| keep == Some(key);
                    match variant {
                        "nulls" => map.iter_mut().filter(|(k, v)| !kept(k) && !v.is_object() && !v.is_array()).for_each(|(_, v)| *v = Value::Null),
                        "missing" => map.retain(|k, v| kept(k) || v.is_object() || v.is_array()),
                        "unknown" => {
                            map.insert(UNKNOWN_KEY.to_owned(), serde_json::json!({"a": [1, "x", null]}));
                        }
                        _ => {}
                    }
                    for field in &def.fields {
                        if let Some(item) = map.get_mut(&field.wire_name) {
                            vary_at(api, item, &field.ty, variant, None);
                        }
                    }
                }
                (TypeBody::Tagged { tag, variants }, Value::Object(map)) => {
                    let Some(found) = map.get(tag).and_then(Value::as_str).and_then(|t| variants.iter().find(|v| v.tag_value == t)) else { return };
                    let mut object = Value::Object(std::mem::take(map));
                    vary_at(api, &mut object, &found.ty, variant, Some(tag));
                    if let Value::Object(varied) = object {
                        *map = varied;
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

fn looks_like_json(example: &postman_codegen::tooling::ir::Example) -> bool {
    let body = example.body.trim_start();
    !body.is_empty()
        && (example.content_type.as_deref().is_some_and(|c| c.contains("json")) || body.starts_with('{') || body.starts_with('['))
}

/// Request items in a collection (objects without `item` inside `item` arrays).
fn count_requests(bytes: &[u8]) -> usize {
    fn walk(items: &serde_json::Value) -> usize {
        items.as_array().map_or(0, |items| {
            items.iter().map(|item| match item.get("item") {
                Some(children) => walk(children),
                None => 1,
            }).sum()
        })
    }
    serde_json::from_slice::<serde_json::Value>(bytes).map(|v| walk(&v["item"])).unwrap_or(0)
}

fn write_workspace(root: &Path, scratch: &Path, members: &[&Row]) -> std::io::Result<()> {
    let mut manifest = String::from("# Written by `cargo xtask corpus`.\n[workspace]\nresolver = \"2\"\nmembers = [\n");
    for row in members {
        let _ = writeln!(manifest, "    \"crates/{}\",", row.crate_name);
    }
    manifest.push_str("]\n");
    // No debug info: the gate compiles about 500,000 generated lines and never runs a debugger.
    manifest.push_str("\n[profile.dev]\ndebug = false\n");
    std::fs::write(scratch.join("Cargo.toml"), manifest)?;
    // Pin the dependency versions the workspace is tested with.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))?;
    Ok(())
}

struct Output {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs cargo in `dir` with warnings denied (rustc's, clippy's and rustdoc's) and clippy's `driver`
/// wrapping rustc for the workspace's crates.
fn cargo(dir: &Path, driver: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(dir).env("RUSTC_WORKSPACE_WRAPPER", driver);
    match command.env("RUSTFLAGS", "-D warnings").env("RUSTDOCFLAGS", "-D warnings").env("CARGO_INCREMENTAL", "0").output() {
        Ok(output) => Output {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        },
        Err(error) => Output { success: false, stdout: String::new(), stderr: format!("cannot run cargo: {error}") },
    }
}

/// Sums `test result: … N passed; M failed` lines.
fn test_counts(stdout: &str) -> (usize, usize) {
    let mut passed = 0;
    let mut failed = 0;
    for line in stdout.lines().filter(|l| l.starts_with("test result:")) {
        for part in line.split([';', '.']) {
            let words: Vec<&str> = part.split_whitespace().collect();
            if let [n, what, ..] = words.as_slice() {
                let n: usize = n.parse().unwrap_or(0);
                match *what {
                    "passed" => passed += n,
                    "failed" => failed += n,
                    _ => {}
                }
            }
        }
    }
    (passed, failed)
}

fn table(rows: &[Row], compile_seconds: f64) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| collection | requests | operations | types | JSON examples round-tripped | not JSON | warnings | failures | generation |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---|---:|");
    let mut totals = (0, 0, 0, 0, 0, 0, 0.0, 0);
    for row in rows {
        let failures = if row.failures.is_empty() { "—".to_owned() } else { row.failures.join("; ") };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} / {} | {} | {} | {} | {:.0} ms |",
            row.name,
            row.requests,
            row.operations,
            row.types,
            row.round_tripped,
            row.json_examples,
            row.broken_json,
            row.warnings,
            failures,
            row.generation_ms
        );
        totals.7 += row.broken_json;
        totals.0 += row.requests;
        totals.1 += row.operations;
        totals.2 += row.types;
        totals.3 += row.round_tripped;
        totals.4 += row.json_examples;
        totals.5 += row.warnings;
        totals.6 += row.generation_ms;
    }
    let failed = rows.iter().filter(|r| !r.failures.is_empty()).count();
    let _ = writeln!(
        out,
        "| **{} collections** | {} | {} | {} | {} / {} | {} | {} | {failed} failed | {:.0} ms |",
        rows.len(), totals.0, totals.1, totals.2, totals.3, totals.4, totals.7, totals.5, totals.6
    );
    let _ = writeln!(out, "\n\"not JSON\": example bodies that look like JSON but do not parse even leniently (kept as text, with a warning).");
    let _ = writeln!(out, "\ncompiling and linting all crates took {compile_seconds:.0} s");
    out
}

/// The realistic-response table: per collection, the placeholder-bearing examples that round-trip
/// realised and each variant's decoded / written.
fn variants_table(rows: &[Row]) -> String {
    let mut out = String::from("\n| collection | examples with placeholders, realised, round-tripped |");
    for variant in VARIANTS {
        let _ = write!(out, " {variant} |");
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---:|".repeat(VARIANTS.len()));
    out.push('\n');
    let mut totals = ((0, 0), [(0, 0); VARIANTS.len()]);
    for row in rows {
        let _ = write!(out, "| {} | {} / {} |", row.name, row.placeholder_examples.0, row.placeholder_examples.1);
        for (i, (decoded, written)) in row.variants.iter().enumerate() {
            let _ = write!(out, " {decoded} / {written} |");
            totals.1[i].0 += decoded;
            totals.1[i].1 += written;
        }
        out.push('\n');
        totals.0 .0 += row.placeholder_examples.0;
        totals.0 .1 += row.placeholder_examples.1;
    }
    let _ = write!(out, "| **{} collections** | {} / {} |", rows.len(), totals.0 .0, totals.0 .1);
    for (decoded, written) in totals.1 {
        let _ = write!(out, " {decoded} / {written} |");
    }
    out.push_str("\n\nlive-response variants of each saved response example (decoded / written): realised = its type placeholders replaced by values of their type; nulls = every scalar field of every object `null`; missing = every object without its scalar fields; unknown = a field no example has added to every object.\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_test_results() {
        let out = "running 3 tests\n...\ntest result: ok. 3 passed; 0 failed; 0 ignored\ntest result: FAILED. 2 passed; 1 failed; 0 ignored";
        assert_eq!(super::test_counts(out), (5, 1));
    }

    #[test]
    fn varies_the_objects_of_structs_not_maps() {
        let text = r#"{"a": 1, "b": {"c": "x", "d": [{"e": true}]}, "f": [1, 2], "m": {"1": 5}}"#;
        let api = postman_codegen::tooling::api_from_bytes(std::path::Path::new("v.json"), collection(text).as_bytes(), &mut postman_codegen::tooling::Diagnostics::default()).expect("api");
        let ty = api.operations[0].success_type.clone().expect("a type");
        let varied = |variant: &str| {
            let mut value: serde_json::Value = serde_json::from_str(text).expect("json");
            super::vary(&api, &mut value, &ty, variant);
            value
        };
        assert_eq!(varied("nulls"), serde_json::json!({"a": null, "b": {"c": null, "d": [{"e": null}]}, "f": [1, 2], "m": {"1": 5}}));
        assert_eq!(varied("missing"), serde_json::json!({"b": {"d": [{}]}, "f": [1, 2], "m": {"1": 5}}));
        let unknown = varied("unknown");
        let added = serde_json::json!({"a": [1, "x", null]});
        assert_eq!(unknown["x_postman_codegen_unknown"], added);
        assert_eq!(unknown["b"]["d"][0]["x_postman_codegen_unknown"], added);
        assert_eq!(unknown["b"]["x_postman_codegen_unknown"]["x_postman_codegen_unknown"], serde_json::Value::Null);
        assert_eq!(unknown["m"], serde_json::json!({"1": 5}), "a map is not varied");
    }

    /// A one-request collection whose example body is `body`.
    fn collection(body: &str) -> String {
        serde_json::json!({
            "info": {"name": "v", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Get it", "request": {"method": "GET", "url": "https://api.example.com/it"}, "response": [
                {"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": body}
            ]}]
        })
        .to_string()
    }

    #[test]
    fn counts_lints_per_crate_once() {
        let message = |package: &str, code: &str, line: u32| {
            serde_json::json!({
                "reason": "compiler-message",
                "package_id": package,
                "target": {"name": "x"},
                "message": {"level": "error", "message": "m", "code": {"code": code}, "spans": [{"is_primary": true, "file_name": "src/lib.rs", "line_start": line, "column_start": 1}]}
            })
            .to_string()
        };
        let summary = serde_json::json!({"reason": "compiler-message", "package_id": "path+file:///s/crates/corpus-a#0.1.0", "message": {"level": "error", "message": "aborting due to 3 previous errors", "code": null, "spans": []}});
        let stdout = [
            message("path+file:///s/crates/corpus-a#0.1.0", "clippy::large_enum_variant", 3),
            message("path+file:///s/crates/corpus-a#0.1.0", "clippy::large_enum_variant", 3),
            message("path+file:///s/crates/corpus-a#0.1.0", "clippy::large_enum_variant", 9),
            message("path+file:///s/crates/corpus-a-b#0.1.0", "clippy::too_many_arguments", 1),
            message("corpus-a 0.1.0 (path+file:///s/crates/corpus-a)", "rustdoc::bare_urls", 5),
            summary.to_string(),
            r#"{"reason":"build-finished","success":false}"#.to_owned(),
        ]
        .join("\n");
        let counts = super::lint_counts(&stdout, &["corpus-a".to_owned(), "corpus-a-b".to_owned()]);
        assert_eq!(counts["corpus-a"].get("clippy::large_enum_variant"), Some(&2));
        assert_eq!(counts["corpus-a"].get("rustdoc::bare_urls"), Some(&1));
        assert_eq!(counts["corpus-a"].len(), 2);
        assert_eq!(counts["corpus-a-b"].get("clippy::too_many_arguments"), Some(&1));
    }

    #[test]
    fn counts_requests_in_folders() {
        let json = br#"{"item":[{"name":"a","request":{}},{"name":"f","item":[{"request":{}},{"item":[]}]}]}"#;
        assert_eq!(super::count_requests(json), 2);
    }
}
