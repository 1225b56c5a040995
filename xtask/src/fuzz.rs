//! `cargo xtask fuzz [--seconds N] [--seed S]`: a self-contained fuzzer for the whole pipeline
//! (parse → resolve → lower → infer → emit), run in memory through [`postman_codegen::generate`].
//!
//! It needs nothing beyond the workspace's own crates, so CI can always run it. Each execution is one
//! of three kinds of input:
//!
//! - **structure-aware**: a random collection built from Postman's own vocabulary (folders, requests
//!   as strings and objects, URLs in every shape, auth, headers, bodies, saved examples with random
//!   JSON bodies, wrong field types here and there) and text crafted against Rust and rustdoc;
//! - **mutated seeds**: byte-level mutations (flips, splices, truncations, dictionary tokens) of
//!   `collections/*.json`, the shared corpus when it is there, the regression inputs, and structured
//!   inputs;
//! - **mutated structure**: a structured collection, serialized, then mutated.
//!
//! Every execution must end in generated files or a located error: a panic, an
//! [`Error::Internal`](postman_codegen::Error::Internal) (the generator produced Rust that does not
//! parse), an unlocated input error, an unsafe output path, a control character in a generated file
//! or non-deterministic output is a finding. The crates of the first [`SAMPLES`] structure-aware
//! inputs that generate one are then linted and documented (`cargo clippy --all-targets` and `cargo
//! doc --no-deps`, warnings denied, in one scratch workspace): a lint or rustdoc warning in generated
//! code is a finding too. The loop runs in a child process (`fuzz-worker`) that
//! writes each input to `target/fuzz/current.json` first, so a crash the process cannot survive (a
//! stack overflow, an abort) is still caught and its input kept. Findings are saved under
//! `target/fuzz/crashes/`; turn each into a file in `generator/tests/fuzz-regressions/`.

use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use postman_codegen::Options;
use serde_json::{json, Map, Value};

/// The file name inputs are given in errors.
const INPUT_NAME: &str = "fuzz.postman_collection.json";

/// The stack of the thread that runs the pipeline: std's default for spawned threads, which is what
/// a library user calling `generate` from a worker thread gets.
const STACK: usize = 2 * 1024 * 1024;

/// Settings of a run.
#[derive(Debug, Clone, Copy)]
struct Settings {
    seconds: u64,
    seed: u64,
}

fn parse_settings(args: &[&str]) -> Result<Settings, String> {
    let mut settings = Settings { seconds: 60, seed: seed_from_clock() };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = |name: &str, v: Option<&&str>| -> Result<u64, String> {
            v.and_then(|v| v.parse().ok()).ok_or_else(|| format!("{name} needs a number"))
        };
        match *arg {
            "--seconds" => settings.seconds = value("--seconds", args.next())?,
            "--seed" => settings.seed = value("--seed", args.next())?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(settings)
}

fn seed_from_clock() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
}

fn state_dir(root: &Path) -> PathBuf {
    root.join("target/fuzz")
}

/// `cargo xtask fuzz`: runs workers until the time is up, restarting after a crash the worker could not
/// survive. Exits non-zero when anything was found.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let settings = match parse_settings(args) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}\nusage: cargo xtask fuzz [--seconds N] [--seed S]");
            return ExitCode::from(2);
        }
    };
    let state = state_dir(root);
    if let Err(error) = std::fs::create_dir_all(state.join("crashes")) {
        eprintln!("error: {}: {error}", state.display());
        return ExitCode::FAILURE;
    }
    eprintln!("fuzzing for {} s with seed {} (repeat with --seed {})", settings.seconds, settings.seed, settings.seed);
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(error) => {
            eprintln!("error: cannot find the xtask executable: {error}");
            return ExitCode::FAILURE;
        }
    };
    let status = Command::new(exe)
        .args(["fuzz-worker", "--seconds", &settings.seconds.to_string(), "--seed", &settings.seed.to_string()])
        .status();
    match status {
        Ok(status) if status.success() => {
            if lint_samples(root, &state) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        // 1: findings, 3: the watchdog's finding; both already reported and saved.
        Ok(status) if matches!(status.code(), Some(1 | 3)) => ExitCode::FAILURE,
        Ok(status) => {
            // Killed by a signal or aborted: the input is the one it was working on.
            let saved = save_crash(&state, &std::fs::read(state.join("current.json")).unwrap_or_default());
            eprintln!("the worker died ({status}); its input is saved as {}", saved.display());
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: cannot start the worker: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The worker: the fuzz loop itself. Exit 0 when nothing was found, 1 otherwise.
pub fn worker(root: &Path, args: &[&str]) -> ExitCode {
    let settings = match parse_settings(args) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let progress = Arc::new(AtomicU64::new(0));
    let handle = {
        let (root, progress) = (root.to_owned(), Arc::clone(&progress));
        std::thread::Builder::new().stack_size(STACK).name("fuzz".into()).spawn(move || fuzz_loop(&root, settings, &progress))
    };
    let handle = match handle {
        Ok(handle) => handle,
        Err(error) => {
            eprintln!("error: cannot start the fuzz thread: {error}");
            return ExitCode::FAILURE;
        }
    };
    // The watchdog: one input may not take more than `SLOW` or grow the process beyond `MEMORY`.
    let (mut last, mut since) = (0, Instant::now());
    while !handle.is_finished() {
        std::thread::sleep(Duration::from_millis(200));
        let now = progress.load(Ordering::Relaxed);
        if now != last {
            (last, since) = (now, Instant::now());
        }
        let problem = if since.elapsed() > SLOW {
            Some(format!("one input took more than {} s", SLOW.as_secs()))
        } else {
            resident_bytes().filter(|&rss| rss > MEMORY).map(|rss| format!("the process grew to {} MB", rss >> 20))
        };
        if let Some(problem) = problem {
            let state = state_dir(root);
            let saved = save_crash(&state, &std::fs::read(state.join("current.json")).unwrap_or_default());
            eprintln!("finding: {problem}\n  input saved as {}", saved.display());
            std::process::exit(3);
        }
    }
    match handle.join() {
        Ok(true) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

/// How many generated crates of a run are linted and documented.
const SAMPLES: usize = 3;

/// The file the worker keeps sampled input `index` in.
fn sample_path(state: &Path, index: usize) -> PathBuf {
    state.join(format!("sample-{index}.json"))
}

/// Generates the sampled inputs the worker kept as crates `fuzz-sample-N` of one scratch workspace
/// (`target/fuzz/sample`, building in the corpus gate's target directory so the dependencies are
/// shared) and runs clippy and rustdoc over it, warnings denied; returns whether they found nothing.
fn lint_samples(root: &Path, state: &Path) -> bool {
    let workspace = state.join("sample");
    let _ = std::fs::remove_dir_all(&workspace);
    let mut members = Vec::new();
    for index in 0..SAMPLES {
        let Ok(input) = std::fs::read(sample_path(state, index)) else { break };
        let name = format!("fuzz-sample-{index}");
        let generated = match postman_codegen::generate(Path::new(INPUT_NAME), &input, &Options::new(name.clone())) {
            Ok(generated) => generated,
            Err(error) => {
                eprintln!("error: sample {index} no longer generates: {error}");
                return false;
            }
        };
        if let Err(error) = postman_codegen::tooling::write::write_crate(&workspace.join(&name), &generated.files, postman_codegen::tooling::write::Mode::Force) {
            eprintln!("error: cannot write {name}: {error}");
            return false;
        }
        members.push(format!("\"{name}\""));
    }
    if members.is_empty() {
        eprintln!("no structured input generated a crate: nothing to lint");
        return true;
    }
    let manifest = format!("# Written by `cargo xtask fuzz`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\n", members.join(", "));
    if let Err(error) = std::fs::write(workspace.join("Cargo.toml"), manifest).and_then(|()| std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).map(drop)) {
        eprintln!("error: cannot write the sample workspace: {error}");
        return false;
    }
    let started = Instant::now();
    eprintln!("linting and documenting {} sampled crates (cargo clippy --all-targets, cargo doc --no-deps, warnings denied)…", members.len());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut clean = true;
    for args in [&["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"][..], &["doc", "--workspace", "--no-deps", "--quiet"][..]] {
        let output = Command::new(&cargo)
            .args(args)
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", root.join("target/corpus/target"))
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTDOCFLAGS", "-D warnings")
            .env("CARGO_INCREMENTAL", "0")
            .output();
        match output {
            Ok(output) if output.status.success() => {}
            Ok(output) => {
                clean = false;
                eprintln!("finding: `cargo {}` fails on the sampled crates in {}:\n{}", args.join(" "), workspace.display(), String::from_utf8_lossy(&output.stderr));
            }
            Err(error) => {
                clean = false;
                eprintln!("error: cannot run cargo: {error}");
            }
        }
    }
    eprintln!("the sampled crates took {:.0} s to lint and document", started.elapsed().as_secs_f64());
    clean
}

/// An input that takes longer than this is a finding (debug builds are slow: generous).
const SLOW: Duration = Duration::from_secs(30);

/// A process larger than this is a finding: inputs are at most a few megabytes.
const MEMORY: u64 = 2 << 30;

/// The resident set size of this process, where `/proc` tells it.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// What a run saw.
#[derive(Debug, Default)]
struct Stats {
    executions: u64,
    generated: u64,
    rejected: u64,
    by_kind: [u64; 3],
}

fn fuzz_loop(root: &Path, settings: Settings, progress: &AtomicU64) -> bool {
    let state = state_dir(root);
    let seeds = load_seeds(root);
    let mut rng = Rng(settings.seed);
    let deadline = Instant::now() + Duration::from_secs(settings.seconds);
    let mut stats = Stats::default();
    let mut findings = 0u64;
    let options = Options::new("fuzz-client");
    let mut samples = 0;
    for index in 0..SAMPLES {
        let _ = std::fs::remove_file(sample_path(&state, index));
    }
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    while Instant::now() < deadline {
        let kind = rng.below(3) as usize;
        let input = match kind {
            0 => serde_json::to_vec(&collection(&mut rng)).unwrap_or_default(),
            1 => {
                let seed = &seeds[rng.below(seeds.len() as u64) as usize];
                mutate(&mut rng, seed)
            }
            _ => {
                let structured = serde_json::to_vec(&collection(&mut rng)).unwrap_or_default();
                mutate(&mut rng, &structured)
            }
        };
        stats.by_kind[kind] += 1;
        // Kept on disk first: if the process dies, the parent knows what killed it.
        let _ = std::fs::write(state.join("current.json"), &input);
        stats.executions += 1;
        progress.store(stats.executions, Ordering::Relaxed);
        let check_determinism = stats.executions % 16 == 0;
        match catch_unwind(AssertUnwindSafe(|| check(&input, &options, check_determinism))) {
            Ok(Ok(true)) => {
                stats.generated += 1;
                // The first structure-aware inputs that make a crate are linted after the run.
                if kind == 0 && samples < SAMPLES {
                    let _ = std::fs::write(sample_path(&state, samples), &input);
                    samples += 1;
                }
            }
            Ok(Ok(false)) => stats.rejected += 1,
            Ok(Err(problem)) => {
                findings += 1;
                let saved = save_crash(&state, &input);
                eprintln!("finding: {problem}\n  input saved as {}", saved.display());
            }
            Err(_) => {
                findings += 1;
                let saved = save_crash(&state, &input);
                eprintln!("finding: the pipeline panicked\n  input saved as {}", saved.display());
            }
        }
        if findings >= 10 {
            break;
        }
    }
    let _ = std::fs::remove_file(state.join("current.json"));
    eprintln!(
        "{} executions ({} structured, {} mutated seeds, {} mutated structured): {} generated a crate, {} rejected with a located error; {} findings",
        stats.executions, stats.by_kind[0], stats.by_kind[1], stats.by_kind[2], stats.generated, stats.rejected, findings
    );
    findings == 0
}

/// Runs the pipeline on `input` and checks what it returns (see [`postman_codegen::tooling::invariants`]).
fn check(input: &[u8], options: &Options, determinism: bool) -> Result<bool, String> {
    postman_codegen::tooling::invariants::check(Path::new(INPUT_NAME), input, options, determinism)
}

fn save_crash(state: &Path, input: &[u8]) -> PathBuf {
    // FNV-1a: a stable name, so the same input is saved once.
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let path = state.join("crashes").join(format!("crash-{hash:016x}.json"));
    if let Ok(mut file) = std::fs::File::create(&path) {
        let _ = file.write_all(input);
    }
    path
}

/// Seed inputs: the checked-in collections, the regression inputs, and the shared corpus when present.
fn load_seeds(root: &Path) -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    let mut dirs = vec![root.join("collections"), root.join("generator/tests/fuzz-regressions")];
    for corpus in [root.join("../shared/corpus"), root.join("../../shared/corpus")] {
        if corpus.is_dir() {
            dirs.push(corpus);
            break;
        }
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
        paths.sort();
        for path in paths {
            // Large collections make slow executions; the structured inputs cover their shapes.
            if let Ok(bytes) = std::fs::read(&path) {
                if bytes.len() <= 400_000 {
                    seeds.push(bytes);
                }
            }
        }
    }
    if seeds.is_empty() {
        seeds.push(br#"{"info":{"name":"x"},"item":[]}"#.to_vec());
    }
    seeds
}

/// splitmix64: small, fast and reproducible from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Text crafted against Rust syntax, rustdoc, Markdown, TOML, paths and our naming.
const HOSTILE: &[&str] = &[
    "*/", "/*", "\"#", "\"##", "}", "{", "#[", "#![", "]", "`", "```", "</br>", "<script>", "\u{0}", "\u{202e}", "\u{2066}",
    "\u{200f}", "r#", "r#type", "type", "self", "Self", "super", "crate", "fn", "mod", "async", "await", "gen", "union",
    "_", "__", "-", "+1", "-1", "@type", "$ref", "#", "%", "%2F", "..", "../..", "/", "\\", "..\\x", ":", "::", ";", "\n",
    "\r\n", "\t", "\\u0000", "'", "\"", "${x}", "{{", "}}", "{{baseUrl}}", "{{x}}", ":id", ":", "?", "&", "=", "é",
    "日本", "🎉", "\u{fffd}", "\u{feff}", "Option", "Result", "String", "Vec", "Error", "Client", "Value", "Default",
    "std", "core", "serde", "0", "123", "3d", "_1", "a b", "fooBar", "foo_bar", "FOO_BAR", "FooBar", "[link]",
    "[`x`](crate::x)", "https://example.com/a_(b)", "<https://x>", "# Heading", "    indented", "\\", "!", "$",
];

const WORDS: &[&str] =
    &["user", "users", "get", "list", "create", "id", "name", "data", "items", "meeting", "account", "status", "type", "value", "x"];

fn text(rng: &mut Rng) -> String {
    let parts = 1 + rng.below(4);
    let mut out = String::new();
    for _ in 0..parts {
        match rng.below(6) {
            0 | 1 => out.push_str(rng.pick::<&str>(HOSTILE)),
            2 | 3 => out.push_str(rng.pick::<&str>(WORDS)),
            4 => out.push(' '),
            _ => {
                // A random scalar value, controls and surrogate-adjacent ranges included.
                let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}');
                out.push(c);
            }
        }
    }
    if rng.chance(200) {
        out = out.repeat(1 + rng.below(200) as usize);
    }
    out
}

/// A random JSON value for example bodies: deep, wide, numeric edge cases.
fn json_value(rng: &mut Rng, depth: u32) -> Value {
    let leaf = depth == 0 || rng.chance(3);
    if leaf {
        return match rng.below(9) {
            0 => Value::Null,
            1 => Value::Bool(rng.chance(2)),
            2 => json!(rng.next() as i64),
            3 => json!(rng.next()),
            4 => json!(*rng.pick(&[0.5, -0.0, 1e308, -1e-308, 2.0, 1e15])),
            5 => json!(rng.below(100)),
            _ => Value::String(text(rng)),
        };
    }
    if rng.chance(2) {
        let n = rng.below(5);
        Value::Array((0..n).map(|_| json_value(rng, depth - 1)).collect())
    } else {
        let n = rng.below(6);
        let mut map = Map::new();
        for _ in 0..n {
            let key = if rng.chance(2) { rng.pick(WORDS).to_string() } else { text(rng) };
            map.insert(key, json_value(rng, depth - 1));
        }
        Value::Object(map)
    }
}

/// A body that is deep (around serde_json's recursion limit) or repetitive.
fn stress_body(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => {
            let depth = 100 + rng.below(60) as usize;
            format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
        }
        1 => {
            let depth = 100 + rng.below(60) as usize;
            format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
        }
        _ => {
            let n = rng.below(500) as usize;
            let item = json_value(rng, 3).to_string();
            format!("[{}]", vec![item; n.max(1)].join(","))
        }
    }
}

/// Sometimes replaces a value by one of the wrong type (the value is built first).
macro_rules! maybe_wrong {
    ($rng:expr, $value:expr) => {{
        let value = $value;
        maybe_wrong($rng, value)
    }};
}

/// Sometimes replaces a value by one of the wrong type.
fn maybe_wrong(rng: &mut Rng, value: Value) -> Value {
    if rng.chance(25) {
        match rng.below(5) {
            0 => Value::Null,
            1 => json!(rng.below(10)),
            2 => json!([]),
            3 => json!({}),
            _ => Value::String(text(rng)),
        }
    } else {
        value
    }
}

fn url(rng: &mut Rng) -> Value {
    let base = *rng.pick(&["{{baseUrl}}", "https://api.example.com/v1", "http://localhost:8080", "", "{{host}}:{{port}}", "ftp://x"]);
    let segments: Vec<String> = (0..rng.below(5))
        .map(|_| match rng.below(4) {
            0 => format!(":{}", text(rng)),
            1 => format!("{{{{{}}}}}", text(rng)),
            _ => text(rng),
        })
        .collect();
    let raw = format!("{base}/{}", segments.join("/"));
    if rng.chance(2) {
        let query = (0..rng.below(4)).map(|_| format!("{}={}", text(rng), text(rng))).collect::<Vec<_>>().join("&");
        return Value::String(if query.is_empty() { raw } else { format!("{raw}?{query}") });
    }
    let query: Vec<Value> = (0..rng.below(4))
        .map(|_| maybe_wrong!(rng, json!({"key": text(rng), "value": text(rng), "disabled": rng.chance(4), "description": text(rng)})))
        .collect();
    let variable: Vec<Value> =
        (0..rng.below(3)).map(|_| maybe_wrong!(rng, json!({"key": text(rng), "value": text(rng), "description": text(rng)}))).collect();
    let host = if rng.chance(2) { json!([base]) } else { json!(base) };
    let path = if rng.chance(2) { json!(segments) } else { json!(segments.join("/")) };
    json!({
        "raw": maybe_wrong!(rng, json!(raw)),
        "host": maybe_wrong!(rng, host),
        "path": maybe_wrong!(rng, path),
        "query": maybe_wrong!(rng, json!(query)),
        "variable": maybe_wrong!(rng, json!(variable)),
    })
}

fn auth(rng: &mut Rng) -> Value {
    let kind = *rng.pick(&["apikey", "bearer", "basic", "oauth2", "noauth", "oauth1", "digest", "hawk", "awsv4", "ntlm", "nonsense"]);
    let entries: Vec<Value> = (0..rng.below(4))
        .map(|_| {
            let key = *rng.pick(&["key", "value", "in", "token", "username", "password", "accessToken", "headerPrefix"]);
            json!({"key": key, "value": maybe_wrong!(rng, json!(text(rng))), "type": "string"})
        })
        .collect();
    let mut map = Map::new();
    map.insert("type".into(), maybe_wrong!(rng, json!(kind)));
    map.insert(kind.to_owned(), maybe_wrong!(rng, json!(entries)));
    Value::Object(map)
}

fn headers(rng: &mut Rng) -> Value {
    match rng.below(4) {
        0 => Value::String((0..rng.below(4)).map(|_| format!("{}: {}", text(rng), text(rng))).collect::<Vec<_>>().join("\n")),
        _ => Value::Array(
            (0..rng.below(5))
                .map(|_| {
                    if rng.chance(5) {
                        Value::String(format!("{}: {}", text(rng), text(rng)))
                    } else {
                        let key = if rng.chance(2) { rng.pick(&["Content-Type", "Accept", "Authorization", "X-Api-Key"]).to_string() } else { text(rng) };
                        maybe_wrong!(rng, json!({"key": key, "value": text(rng), "disabled": rng.chance(5)}))
                    }
                })
                .collect(),
        ),
    }
}

fn body(rng: &mut Rng) -> Value {
    let mode = *rng.pick(&["raw", "urlencoded", "formdata", "graphql", "file", "none", "weird"]);
    let raw = if rng.chance(2) { json_value(rng, 4).to_string() } else { text(rng) };
    let fields: Vec<Value> = (0..rng.below(4)).map(|_| json!({"key": text(rng), "value": text(rng), "type": "text"})).collect();
    json!({
        "mode": maybe_wrong!(rng, json!(mode)),
        "raw": maybe_wrong!(rng, json!(raw)),
        "urlencoded": maybe_wrong!(rng, json!(fields)),
        "formdata": maybe_wrong!(rng, json!(fields)),
        "graphql": maybe_wrong!(rng, json!({"query": text(rng), "variables": json_value(rng, 2).to_string()})),
        "options": maybe_wrong!(rng, json!({"raw": {"language": rng.pick(&["json", "text", "xml"])}})),
    })
}

fn response(rng: &mut Rng) -> Value {
    let code = match rng.below(6) {
        0 => json!(rng.pick(&[200, 201, 204, 400, 404, 500, 99, 600, 0, -1])),
        1 => json!(text(rng)),
        2 => Value::Null,
        _ => json!(rng.pick(&[200, 200, 201, 404])),
    };
    let body = match rng.below(8) {
        0 if rng.chance(4) => stress_body(rng),
        1 => text(rng),
        2 => String::new(),
        _ => json_value(rng, 5).to_string(),
    };
    let content_type = if rng.chance(3) { "text/plain" } else { "application/json" };
    json!({
        "name": maybe_wrong!(rng, json!(text(rng))),
        "code": code,
        "status": maybe_wrong!(rng, json!(rng.pick(&["OK", "Created", "Not Found", "Bad Request", "", "Weird Status"]))),
        "header": maybe_wrong!(rng, json!([{"key": "Content-Type", "value": content_type}])),
        "_postman_previewlanguage": rng.pick(&["json", "text", "html"]),
        "body": maybe_wrong!(rng, json!(body)),
        "originalRequest": maybe_wrong!(rng, json!({"method": "GET", "url": url(rng)})),
    })
}

fn item(rng: &mut Rng, depth: u32) -> Value {
    let name = maybe_wrong!(rng, json!(text(rng)));
    if depth > 0 && rng.chance(4) {
        let items: Vec<Value> = (0..rng.below(5)).map(|_| item(rng, depth - 1)).collect();
        let mut folder = json!({"name": name, "item": maybe_wrong!(rng, json!(items)), "description": text(rng)});
        if rng.chance(3) {
            folder["auth"] = auth(rng);
        }
        return folder;
    }
    let method = *rng.pick(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "PROPFIND", "", "G E T"]);
    let request = if rng.chance(8) {
        json!(format!("https://api.example.com/{}", text(rng)))
    } else {
        let mut request = json!({"method": maybe_wrong!(rng, json!(method)), "url": maybe_wrong!(rng, url(rng)), "header": headers(rng), "description": text(rng)});
        if rng.chance(3) {
            request["auth"] = auth(rng);
        }
        if rng.chance(2) {
            request["body"] = body(rng);
        }
        request
    };
    let responses: Vec<Value> = (0..rng.below(4)).map(|_| response(rng)).collect();
    json!({"name": name, "request": maybe_wrong!(rng, request), "response": maybe_wrong!(rng, json!(responses))})
}

/// A random Postman v2.1 collection.
fn collection(rng: &mut Rng) -> Value {
    let items: Vec<Value> = (0..rng.below(8)).map(|_| item(rng, 3)).collect();
    let variables: Vec<Value> = (0..rng.below(4))
        .map(|_| {
            let key = if rng.chance(2) { "baseUrl".to_owned() } else { text(rng) };
            json!({"key": key, "value": maybe_wrong!(rng, json!(text(rng)))})
        })
        .collect();
    let mut collection = json!({
        "info": maybe_wrong!(rng, json!({
            "name": text(rng),
            "description": maybe_wrong!(rng, json!(text(rng))),
            "schema": rng.pick(&["https://schema.getpostman.com/json/collection/v2.1.0/collection.json", "https://schema.getpostman.com/json/collection/v2.0.0/collection.json", "x"]),
        })),
        "item": maybe_wrong!(rng, json!(items)),
        "variable": maybe_wrong!(rng, json!(variables)),
    });
    if rng.chance(2) {
        collection["auth"] = auth(rng);
    }
    collection
}

/// JSON tokens and Postman keys spliced in by the mutator.
const TOKENS: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "0", "-1", "1e999", "\"\"", "{}", "[]", "\"item\"",
    "\"info\"", "\"request\"", "\"response\"", "\"url\"", "\"name\"", "\"body\"", "\"code\"", "\"auth\"", "\"header\"",
    "\"variable\"", "\"raw\"", "\"mode\"", "\\u0000", "\\ud800", "\u{202e}", "\u{ff}", "\"*/\"", "\"r#type\"",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(6) {
        let len = data.len() as u64;
        let at = rng.below(len + 1) as usize;
        match rng.below(8) {
            0 if !data.is_empty() => {
                let i = rng.below(len) as usize;
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(len) as usize;
                data[i] = rng.next() as u8;
            }
            2 => {
                let end = (at + rng.below(64) as usize).min(data.len());
                data.drain(at..end);
            }
            3 => {
                let token = rng.pick(TOKENS).as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            4 => data.truncate(at),
            5 if !data.is_empty() => {
                // Duplicate a slice somewhere else (repeats keys, items, structure).
                let start = rng.below(len) as usize;
                let end = (start + rng.below(256) as usize).min(data.len());
                let slice = data[start..end].to_vec();
                let to = rng.below(data.len() as u64 + 1) as usize;
                data.splice(to..to, slice);
            }
            6 => {
                let text = text(rng);
                let escaped = serde_json::to_string(&text).unwrap_or_default();
                let escaped = escaped.trim_matches('"');
                data.splice(at..at, escaped.bytes());
            }
            _ => {
                let token = rng.pick(HOSTILE).as_bytes();
                data.splice(at..at, token.iter().copied());
            }
        }
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_inputs_are_collections_and_reproducible() {
        let a = collection(&mut Rng(7));
        let b = collection(&mut Rng(7));
        assert_eq!(a, b);
        assert!(a.get("item").is_some() && a.get("info").is_some());
    }

    #[test]
    fn mutations_change_the_input() {
        let seed = br#"{"info":{"name":"x"},"item":[]}"#;
        let mut rng = Rng(3);
        let changed = (0..50).filter(|_| mutate(&mut rng, seed) != seed).count();
        assert!(changed > 40, "{changed}");
    }

    #[test]
    fn a_short_fuzz_run_finds_nothing() {
        let options = Options::new("fuzz-client");
        let mut rng = Rng(11);
        for i in 0..30 {
            let input = serde_json::to_vec(&collection(&mut rng)).expect("json");
            if let Err(problem) = check(&input, &options, i % 10 == 0) {
                panic!("{problem}\n{}", String::from_utf8_lossy(&input));
            }
        }
    }

    #[test]
    fn findings_are_reported() {
        let options = Options::new("fuzz-client");
        assert_eq!(check(b"{\"info\":{\"name\":\"x\"},\"item\":[]}", &options, true), Ok(true));
        assert_eq!(check(b"[", &options, false), Ok(false));
    }
}
