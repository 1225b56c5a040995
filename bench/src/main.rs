//! `pcg-bench` (run it with `cargo xtask bench`): times every stage of postman-codegen on the
//! synthetic inputs and the corpus, measures peak memory, compares with a plain `serde_json` parse
//! of the same bytes and with `json_typegen`, and (with `--compile`) measures what the generated
//! crates cost to compile, and (in the full run or with `--dimensions`) how time and memory grow
//! along each dimension of a collection. Prints Markdown tables.
//!
//! ```text
//! pcg-bench [--quick] [--large] [--corpus-all] [--compile | --only-compile | --only-inference | --only-client | --progenitor | --dimensions] [--corpus DIR] [--synth DIR]
//! ```
//!
//! Times are medians of repeated in-process runs (at least 3, more while under a time budget);
//! peak memory is the high-water mark (`VmHWM`) of a child process that does only that work, so it
//! needs Linux. The machine is shared and noisy: read the ratios to the `serde_json` parse measured
//! in the same run rather than the absolute times.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use postman_codegen::tooling::Diagnostics;
use postman_codegen::tooling::write::{write_crate, Mode};
use postman_codegen::tooling::{emit, infer, lower, parse, resolve};
use postman_codegen::Options;
use postman_synth::dimensions::Dimension;
use postman_synth::{Input, InputKind};

/// The allocator of the `postman-codegen` binary, so generation is timed as the CLI runs it (the
/// `serde_json` and `json_typegen` baselines run on it too).
#[global_allocator]
static ALLOCATOR: pcg_bench::alloc_count::Counting<mimalloc::MiMalloc> = pcg_bench::alloc_count::Counting(mimalloc::MiMalloc);

/// Command-line settings.
#[derive(Debug, Clone)]
struct Settings {
    quick: bool,
    large: bool,
    corpus_all: bool,
    compile: bool,
    only_compile: bool,
    only_inference: bool,
    only_client: bool,
    progenitor: bool,
    dimensions: bool,
    corpus: Option<PathBuf>,
    synth: PathBuf,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, what, file] = args.as_slice() {
        if flag == "--child" {
            return child(what, Path::new(file));
        }
        if flag == "--decode-child" {
            return decode_child(what, file.parse().unwrap_or(0));
        }
    }
    if let [flag, what, file, runs] = args.as_slice() {
        if flag == "--infer-child" {
            return infer_child(what, Path::new(file), runs.parse().unwrap_or(0));
        }
    }
    let root = workspace_root();
    let mut settings = Settings { quick: false, large: false, corpus_all: false, compile: false, only_compile: false, only_inference: false, only_client: false, progenitor: false, dimensions: false, corpus: None, synth: root.join("target/synth") };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--quick" => settings.quick = true,
            "--large" => settings.large = true,
            "--corpus-all" => settings.corpus_all = true,
            "--compile" => settings.compile = true,
            "--only-compile" => {
                settings.compile = true;
                settings.only_compile = true;
            }
            "--only-inference" => settings.only_inference = true,
            "--only-client" => settings.only_client = true,
            "--progenitor" => settings.progenitor = true,
            "--dimensions" => settings.dimensions = true,
            "--corpus" => settings.corpus = rest.next().map(PathBuf::from),
            "--synth" => settings.synth = rest.next().map_or(settings.synth, PathBuf::from),
            other => {
                eprintln!("unknown argument {other:?}\nusage: pcg-bench [--quick] [--large] [--corpus-all] [--compile | --only-compile | --only-inference | --progenitor | --dimensions] [--corpus DIR] [--synth DIR]");
                return ExitCode::from(2);
            }
        }
    }
    if settings.corpus.is_none() {
        settings.corpus = find_corpus(&root);
    }
    match run(&settings, &root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// `../shared/corpus` next to the workspace (or next to the main checkout of a git worktree), or
/// `$POSTMAN_CORPUS`.
fn find_corpus(root: &Path) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("POSTMAN_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    root.ancestors().skip(1).take(3).map(|dir| dir.join("shared/corpus")).find(|dir| dir.is_dir())
}

type BoxError = Box<dyn std::error::Error>;

fn run(settings: &Settings, root: &Path) -> Result<(), BoxError> {
    let (client_requests, client_rounds) = if settings.quick { (300, 3) } else { (2000, 7) };
    if settings.only_client {
        return pcg_bench::client::client_overhead(root, client_requests, client_rounds);
    }
    let inputs = synthetic_inputs(settings)?;
    if settings.only_compile {
        return compile_cost(settings, root, &inputs, &[]);
    }
    if settings.dimensions {
        return dimensions(settings, root);
    }
    if settings.progenitor {
        let requests_500 = inputs.iter().find(|(input, _)| matches!(input.kind, InputKind::Requests(500)));
        return requests_500.map_or(Ok(()), |(_, path)| progenitor(settings, root, path));
    }
    let users = inputs.iter().find(|(input, _)| matches!(input.kind, InputKind::UsersArray(_))).map(|(_, path)| path);
    if settings.only_inference {
        return users.map_or(Ok(()), |users| typegen(settings, users));
    }
    println!("# postman-codegen benchmarks\n");
    println!(
        "Release build. Median of at least {} run(s) per measurement (one run when a run takes over {} ms); stage columns are ms of one thread (emit and format are timed apart, file after file; `total` is the whole `generate` plus writing, on one thread per core, or `POSTMAN_CODEGEN_THREADS` threads when it is set); `×serde` is the total over a plain `serde_json::from_slice::<Value>` of the same bytes; peak memory is the `VmHWM` of a child process doing only that work.\n",
        min_runs(settings),
        if settings.quick { 100 } else { 666 }
    );
    println!("## Synthetic inputs\n");
    table_header();
    let mut rows = Vec::new();
    for (input, path) in &inputs {
        if !input.is_collection() {
            continue;
        }
        let row = measure(settings, path)?;
        print_row(&row);
        rows.push(row);
    }
    let mut failures = Vec::new();
    if let Some(corpus) = &settings.corpus {
        println!("\n## Corpus ({})\n", corpus.display());
        table_header();
        let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(corpus)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
            .map(|p| (std::fs::metadata(&p).map_or(0, |m| m.len()), p))
            .collect();
        files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        if !settings.corpus_all {
            files.truncate(5);
        }
        for (_, path) in files {
            match measure(settings, &path) {
                Ok(row) => {
                    print_row(&row);
                    rows.push(row);
                }
                Err(error) => failures.push((file_name(&path), error.to_string())),
            }
        }
        if !failures.is_empty() {
            println!("\nDid not generate:\n");
            for (name, error) in &failures {
                println!("- `{name}`: {}", error.lines().next().unwrap_or_default());
            }
        }
    } else {
        println!("\n(no corpus found: pass --corpus DIR or set POSTMAN_CORPUS)");
    }
    scaling(&rows);
    stack_floor(&rows);
    if !settings.quick {
        dimensions(settings, root)?;
    }
    if let Some(users) = users {
        typegen(settings, users)?;
    }
    decoding(settings);
    pcg_bench::client::client_overhead(root, client_requests, client_rounds)?;
    if settings.compile {
        compile_cost(settings, root, &inputs, &rows)?;
    }
    Ok(())
}

/// Decoding 1000 Zoom users through the generated `User` against the hand-written struct.
fn decoding(settings: &Settings) {
    let body = pcg_bench::zoom_users(1000).into_bytes();
    // Alternate the four a few times so drifting machine load hits them alike.
    let mut times = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..if settings.quick { 1 } else { 5 } {
        for (decoder, times) in DECODERS.iter().zip(&mut times) {
            times.push(median(settings, || (), |()| decode(decoder, &body)));
        }
    }
    let [generated, handwritten, generated_path, handwritten_path] = times.map(|t| median_and_best(t).0);
    println!("\n## Decoding 1000 Zoom users ({:.2} MB): generated `User` vs a hand-written serde struct\n", mb(body.len()));
    let instructions = DECODERS.map(|decoder| instructions(&["--decode-child".as_ref(), decoder.as_ref()], 5));
    println!("| decoder | generated ms | hand-written ms | generated ÷ hand-written | generated instructions | hand-written instructions | generated ÷ hand-written |");
    println!("|---|--:|--:|--:|--:|--:|--:|");
    let rows = [("serde_json::from_slice", generated, handwritten, instructions[0], instructions[1]), ("the client's path (serde_path_to_error)", generated_path, handwritten_path, instructions[2], instructions[3])];
    for (what, g, h, gi, hi) in rows {
        let counts = match (gi, hi) {
            (Some(g), Some(h)) => format!("{g} | {h} | {:.3}", g as f64 / h as f64),
            _ => "n/a | n/a | n/a".to_owned(),
        };
        println!("| {what} | {} | {} | {:.3} | {counts} |", ms(g), ms(h), g.as_secs_f64() / h.as_secs_f64());
    }
    println!("\n(Instructions: one decode of the 1000 users, counted by `valgrind --tool=cachegrind`; they do not depend on the machine's load.)");
}

/// The four decoders of [`decoding`], as `--decode-child` names them.
const DECODERS: [&str; 4] = ["generated", "handwritten", "generated-path", "handwritten-path"];

/// The instructions one run of a child's work takes, counted by cachegrind (the difference
/// between `1 + more` runs and 1, over `more`, so the setup cancels out); `None` without valgrind.
/// `args` are the child's arguments before the number of runs (`--decode-child generated`).
fn instructions(args: &[&std::ffi::OsStr], more: u32) -> Option<u64> {
    let count = |runs: u32| -> Option<u64> {
        let output = Command::new("valgrind")
            .args(["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"])
            .arg(std::env::current_exe().ok()?)
            .args(args)
            .arg(runs.to_string())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let line = stderr.lines().find(|l| l.contains("I refs:") || l.contains("I   refs:"))?;
        line.rsplit(':').next()?.trim().replace(',', "").parse().ok()
    };
    let (one, many) = (count(1)?, count(1 + more)?);
    Some(many.saturating_sub(one) / u64::from(more.max(1)))
}

/// Decodes `body` with `decoder` (one of [`DECODERS`]): the value, boxed so that a timing can drop
/// it outside the measurement, or `None` when it does not decode.
fn decode(decoder: &str, body: &[u8]) -> Option<Box<dyn std::any::Any>> {
    use pcg_bench::decode_like_client as client_path;
    match decoder {
        "generated" => boxed(serde_json::from_slice::<Vec<zoom_client::types::User>>(body).ok()),
        "handwritten" => boxed(serde_json::from_slice::<Vec<pcg_bench::handwritten::User>>(body).ok()),
        "generated-path" => boxed(client_path::<Vec<zoom_client::types::User>>(body)),
        "handwritten-path" => boxed(client_path::<Vec<pcg_bench::handwritten::User>>(body)),
        _ => None,
    }
}

/// A value, boxed so that a timing can drop it outside the measurement.
fn boxed<T: 'static>(value: Option<T>) -> Option<Box<dyn std::any::Any>> {
    value.map(|value| Box::new(value) as Box<dyn std::any::Any>)
}

/// The child process of [`decoding`]'s instruction counts: decodes the 1000 users `decodes` times with
/// `decoder`.
fn decode_child(decoder: &str, decodes: u32) -> ExitCode {
    let body = pcg_bench::zoom_users(1000).into_bytes();
    let mut ok = true;
    for _ in 0..decodes {
        ok &= black_box(decode(decoder, black_box(&body))).is_some();
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Writes the synthetic inputs that are missing (or all, when the generator changed them).
fn synthetic_inputs(settings: &Settings) -> Result<Vec<(Input, PathBuf)>, BoxError> {
    std::fs::create_dir_all(&settings.synth)?;
    let mut out = Vec::new();
    for input in postman_synth::standard_set(settings.large) {
        let big = match input.kind {
            InputKind::Requests(n) => n > 1000,
            InputKind::Body(n) => n > 1 << 20,
            _ => false,
        };
        if settings.quick && big {
            continue;
        }
        let path = settings.synth.join(input.file);
        let bytes = input.bytes();
        if std::fs::read(&path).ok().as_deref() != Some(&bytes[..]) {
            std::fs::write(&path, &bytes)?;
        }
        out.push((input, path));
    }
    Ok(out)
}

/// The measurements of one input.
#[derive(Debug, Clone)]
struct Row {
    name: String,
    bytes: usize,
    requests: usize,
    types: usize,
    serde: Duration,
    parse: Duration,
    resolve: Duration,
    lower: Duration,
    infer: Duration,
    emit: Duration,
    format: Duration,
    write: Duration,
    total: Duration,
    /// Bytes of the main Rust sources (what `emit` and `format` make).
    source_bytes: usize,
    /// `syn::parse2` of those sources' tokens into files, and `prettyplease::unparse` of the files.
    syn_parse: Duration,
    print: Duration,
    peak_serde_kb: Option<u64>,
    peak_kb: Option<u64>,
}

fn min_runs(settings: &Settings) -> usize {
    if settings.quick {
        1
    } else {
        3
    }
}

/// The median time of `f` over repeated runs; `setup` makes each run's input outside the timing,
/// and the output is dropped outside it too. A run that takes longer than a third of the time
/// budget is not repeated (the big inputs would otherwise take many minutes): its one time is the
/// result.
fn median<I, O>(settings: &Settings, mut setup: impl FnMut() -> I, mut f: impl FnMut(I) -> O) -> Duration {
    let budget = if settings.quick { Duration::from_millis(300) } else { Duration::from_secs(2) };
    let mut times = Vec::new();
    let started = Instant::now();
    loop {
        let input = setup();
        let t = Instant::now();
        let output = black_box(f(black_box(input)));
        times.push(t.elapsed());
        drop(output);
        let enough = times.len() >= min_runs(settings) && (started.elapsed() >= budget || times.len() >= 21);
        if enough || times[0] * 3 > budget {
            break;
        }
    }
    times.sort_unstable();
    times[times.len() / 2]
}

fn measure(settings: &Settings, path: &Path) -> Result<Row, BoxError> {
    let bytes = std::fs::read(path)?;
    let options = Options::new("bench-client");
    // Fail early (and once) on inputs the generator refuses.
    let generated = postman_codegen::generate(path, &bytes, &options)?;
    drop(generated);
    let serde = median(settings, || (), |()| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    let parse = median(settings, || (), |()| parse::parse_collection(path, &bytes, &mut Diagnostics::default()).ok());
    let collection = parse::parse_collection(path, &bytes, &mut Diagnostics::default())?;
    let resolve = median(settings, Diagnostics::default, |mut d| resolve::resolve(&collection, &mut d));
    let resolved = resolve::resolve(&collection, &mut Diagnostics::default());
    let lower = median(settings, Diagnostics::default, |mut d| lower::lower(&resolved, &mut d));
    let lowered = lower::lower(&resolved, &mut Diagnostics::default());
    let infer = median(settings, || lowered.clone(), |mut api| {
        infer::infer(&mut api);
        api
    });
    let mut api = lowered.clone();
    infer::infer(&mut api);
    let emit = median(settings, Diagnostics::default, |mut d| emit::rust_sources(&api, &options, &mut d).ok());
    let sources = emit::rust_sources(&api, &options, &mut Diagnostics::default())?;
    let format = median(settings, || sources.clone(), |sources| {
        sources.into_iter().map(|(name, tokens)| emit::format_source(&name, tokens).ok()).collect::<Vec<_>>()
    });
    let syn_parse = median(settings, || sources.clone(), |sources| {
        sources.into_iter().map(|(_, tokens)| syn::parse2::<syn::File>(tokens).ok()).collect::<Vec<_>>()
    });
    let parsed = sources.iter().map(|(_, tokens)| syn::parse2::<syn::File>(tokens.clone())).collect::<Result<Vec<_>, _>>()?;
    let print = median(settings, || (), |()| parsed.iter().map(prettyplease::unparse).collect::<Vec<_>>());
    let source_bytes = parsed.iter().map(|file| prettyplease::unparse(file).len()).sum();
    let files = emit::emit_crate(&api, &options, &mut Diagnostics::default())?;
    let out = scratch_dir(path)?;
    let write = median(settings, || (), |()| write_crate(&out, &files, Mode::Write).ok());
    let total = median(settings, || (), |()| {
        let generated = postman_codegen::generate(path, &bytes, &options).ok();
        generated.map(|g| write_crate(&out, &g.files, Mode::Write).ok())
    });
    let _ = std::fs::remove_dir_all(&out);
    Ok(Row {
        name: file_name(path).trim_end_matches(".postman_collection.json").to_owned(),
        bytes: bytes.len(),
        requests: api.operations.len(),
        types: api.types.len(),
        serde,
        parse,
        resolve,
        lower,
        infer,
        emit,
        format,
        write,
        total,
        source_bytes,
        syn_parse,
        print,
        peak_serde_kb: child_peak("serde", path),
        peak_kb: child_peak("pipeline", path),
    })
}

/// A directory under `target/` for one input's generated crate.
fn scratch_dir(path: &Path) -> Result<PathBuf, BoxError> {
    let dir = workspace_root().join("target/bench-scratch").join(file_name(path));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().unwrap_or(&dir))?;
    Ok(dir)
}

/// Runs `pcg-bench --child <what> <file>` and reads the peak memory it reports, in kB.
fn child_peak(what: &str, path: &Path) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new(exe).arg("--child").arg(what).arg(path).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

/// The child process: does one piece of work and prints its peak resident memory in kB.
fn child(what: &str, file: &Path) -> ExitCode {
    let Ok(bytes) = std::fs::read(file) else { return ExitCode::FAILURE };
    let ok = match what {
        "serde" => black_box(serde_json::from_slice::<serde_json::Value>(&bytes)).is_ok(),
        "pipeline" => match postman_codegen::generate(file, &bytes, &Options::new("bench-client")) {
            Ok(generated) => scratch_dir(file).is_ok_and(|out| {
                let written = write_crate(&out, &generated.files, Mode::Write).is_ok();
                let _ = std::fs::remove_dir_all(&out);
                written
            }),
            Err(_) => false,
        },
        "typegen" => std::str::from_utf8(&bytes)
            .is_ok_and(|text| json_typegen_shared::codegen("User", text, json_typegen_shared::Options::default()).is_ok()),
        _ => false,
    };
    match (ok, peak_rss_kb()) {
        (true, Some(kb)) => {
            println!("{kb}");
            ExitCode::SUCCESS
        }
        _ => ExitCode::FAILURE,
    }
}

/// `VmHWM` from `/proc/self/status` (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 1.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_048_576.0
}

fn peak(kb: Option<u64>) -> String {
    kb.map_or_else(|| "n/a".to_owned(), |kb| format!("{:.0}", kb as f64 / 1024.0))
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.1}", a / b)
    } else {
        "n/a".to_owned()
    }
}

fn table_header() {
    println!("| input | MB | requests | types | serde_json ms | parse | resolve | lower | infer | emit | format | write | total ms | ×serde | ms/MB | µs/request | peak MB | serde peak MB | peak ×serde |");
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
}

fn print_row(row: &Row) {
    let total = row.total.as_secs_f64();
    println!(
        "| {} | {:.2} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} | {:.0} | {} | {} | {} |",
        row.name,
        mb(row.bytes),
        row.requests,
        row.types,
        ms(row.serde),
        ms(row.parse),
        ms(row.resolve),
        ms(row.lower),
        ms(row.infer),
        ms(row.emit),
        ms(row.format),
        ms(row.write),
        ms(row.total),
        ratio(total, row.serde.as_secs_f64()),
        total * 1000.0 / mb(row.bytes).max(1e-9),
        total * 1e6 / row.requests.max(1) as f64,
        peak(row.peak_kb),
        peak(row.peak_serde_kb),
        match (row.peak_kb, row.peak_serde_kb) {
            (Some(a), Some(b)) => ratio(a as f64, b as f64),
            _ => "n/a".to_owned(),
        },
    );
}

/// Peak memory over the base run's, over the input's growth `size` (1.0: linear).
fn peak_growth(kb: Option<u64>, base_kb: Option<u64>, size: f64) -> String {
    match (kb, base_kb) {
        (Some(a), Some(b)) => ratio(a as f64 / b as f64, size),
        _ => "n/a".to_owned(),
    }
}

/// Scaling of the `requests-N` series: time and memory per request relative to the smallest.
fn scaling(rows: &[Row]) {
    let mut series: Vec<&Row> = rows.iter().filter(|r| r.name.starts_with("requests-")).collect();
    series.sort_by_key(|r| r.requests);
    let Some(base) = series.iter().copied().find(|r| r.requests >= 100).or(series.first().copied()) else { return };
    println!("\n## Scaling (requests-N, relative to {} requests)\n", base.requests);
    println!("| requests | MB | total ms | µs/request | time ×base / size ×base | peak MB | peak ×base / size ×base |");
    println!("|--:|--:|--:|--:|--:|--:|--:|");
    for row in series {
        let size = row.bytes as f64 / base.bytes as f64;
        let time = row.total.as_secs_f64() / base.total.as_secs_f64();
        let memory = peak_growth(row.peak_kb, base.peak_kb, size);
        println!(
            "| {} | {:.1} | {} | {:.0} | {} | {} | {} |",
            row.requests,
            mb(row.bytes),
            ms(row.total),
            row.total.as_secs_f64() * 1e6 / row.requests.max(1) as f64,
            ratio(time, size),
            peak(row.peak_kb),
            memory
        );
    }
    println!("\n(1.0 = linear; below 1.0 the fixed costs still dominate, above 1.0 growth is worse than linear.)");
}

/// The reference time of postman2openapi + progenitor on the 500-request collection (0.11 s + 4.64 s).
const PROGENITOR_500: Duration = Duration::from_millis(4750);

/// The reading stages of `row`, the floor of the stack on `threads` threads, and that floor with
/// `syn`'s parsing free (see [`stack_floor`]).
fn floors(row: &Row, threads: u32) -> (Duration, Duration, Duration) {
    let reading = row.parse + row.resolve + row.lower + row.infer;
    (reading, reading + (row.syn_parse + row.print) / threads, reading + row.print / threads)
}

/// The least time any emitter built on `quote` → `syn` → `prettyplease` can take: the reading stages
/// (parse, resolve, lower, infer) plus `syn` parsing and `prettyplease` printing the crate's own
/// sources, spread perfectly over the threads; emitting the tokens is taken as free.
fn stack_floor(rows: &[Row]) {
    let threads = u32::try_from(emit::threads()).unwrap_or(u32::MAX).max(1);
    println!("
## The floor of the prescribed stack (`quote` → `syn` → `prettyplease`), {threads} thread(s)
");
    println!("| input | MB in | MB of Rust out | parse+resolve+lower+infer ms | `syn` parse ms | `prettyplease` ms | floor ms | total ms | total ÷ floor | 3× serde ms | floor ÷ 3× serde | floor without `syn` ms | ÷ 3× serde |");
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for row in rows {
        let (reading, floor, printing_only) = floors(row, threads);
        let budget = row.serde * 3;
        println!(
            "| {} | {:.2} | {:.2} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.name,
            mb(row.bytes),
            mb(row.source_bytes),
            ms(reading),
            ms(row.syn_parse),
            ms(row.print),
            ms(floor),
            ms(row.total),
            ratio(row.total.as_secs_f64(), floor.as_secs_f64()),
            ms(budget),
            ratio(floor.as_secs_f64(), budget.as_secs_f64()),
            ms(printing_only),
            ratio(printing_only.as_secs_f64(), budget.as_secs_f64()),
        );
    }
    println!("\n(The floor takes emitting tokens as free and the two `syn`/`prettyplease` columns as spread perfectly over the threads, so no emitter on this stack can be faster; `floor ÷ 3× serde` above 1.0 means the 3× target is out of its reach. `floor without syn` also takes `syn`'s parsing as free, as for an emitter that built `syn` trees by hand instead of with `quote`: only the reading stages and `prettyplease` are left.)");
    if let Some(row) = rows.iter().find(|row| row.name == "requests-500") {
        let (_, floor, printing_only) = floors(row, threads);
        let budget = PROGENITOR_500 / 50;
        println!(
            "\nThe 50× target for `requests-500`: postman2openapi + progenitor take {} ms (the reference figure), so 50× is {} ms. This stack's floor is {} ms, {}× that budget (at best {}× progenitor); without `syn` it is {} ms, {}× the budget. We take {} ms: {}× progenitor.",
            ms(PROGENITOR_500),
            ms(budget),
            ms(floor),
            ratio(floor.as_secs_f64(), budget.as_secs_f64()),
            ratio(PROGENITOR_500.as_secs_f64(), floor.as_secs_f64()),
            ms(printing_only),
            ratio(printing_only.as_secs_f64(), budget.as_secs_f64()),
            ms(row.total),
            ratio(PROGENITOR_500.as_secs_f64(), row.total.as_secs_f64()),
        );
    }
}

/// Scaling along each [`Dimension`]: the whole generation of collections of `n`, `2n` and `4n`
/// query keys, headers, variables, same-named items, examples, … (see `postman_synth::dimensions`).
fn dimensions(settings: &Settings, root: &Path) -> Result<(), BoxError> {
    let dir = root.join("target/synth/dimensions");
    std::fs::create_dir_all(&dir)?;
    let out = root.join("target/bench-scratch/dimensions");
    println!("\n## Scaling along one dimension at a time (whole generation, relative to the smallest n)\n");
    println!("| dimension | n | MB | total ms | ms per 1,000 | time ×base / n ×base | peak MB | peak ×base / n ×base |");
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    let options = Options::new("bench-client");
    for dimension in Dimension::ALL {
        let mut base: Option<(usize, Duration, Option<u64>)> = None;
        for n in [1, 2, 4].map(|k| k * dimension.base()) {
            let path = dir.join(format!("{}-{n}.postman_collection.json", dimension.name()));
            let bytes = dimension.collection(n);
            std::fs::write(&path, &bytes)?;
            postman_codegen::generate(&path, &bytes, &options)?;
            let total = median(settings, || (), |()| {
                let generated = postman_codegen::generate(&path, &bytes, &options).ok();
                generated.map(|g| write_crate(&out, &g.files, Mode::Write).ok())
            });
            let peak_kb = child_peak("pipeline", &path);
            let (n0, t0, p0) = *base.get_or_insert((n, total, peak_kb));
            let size = n as f64 / n0 as f64;
            let memory = peak_growth(peak_kb, p0, size);
            println!(
                "| {} | {n} | {:.2} | {} | {:.1} | {} | {} | {} |",
                dimension.name(),
                mb(bytes.len()),
                ms(total),
                total.as_secs_f64() * 1e6 / n as f64,
                ratio(total.as_secs_f64() / t0.as_secs_f64(), size),
                peak(peak_kb),
                memory
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    println!("\n(1.0 = linear in n. Peak memory includes the fixed cost of a run, so its ratio starts below 1.0.)");
    Ok(())
}

/// Type inference on a bare JSON array of users against `json_typegen` in-process.
fn typegen(settings: &Settings, users: &Path) -> Result<(), BoxError> {
    let text = std::fs::read_to_string(users)?;
    let collection_path = settings.synth.join("users-5m-in-a-collection.postman_collection.json");
    let (collection_bytes, collection) = users_collection(&collection_path, &text)?;
    std::fs::write(&collection_path, &collection_bytes)?;
    let resolved = resolve::resolve(&collection, &mut Diagnostics::default());
    // The three are timed in alternating rounds, so drifting machine load hits them alike.
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..times_rounds(settings) {
        times[0].push(median(settings, || (), |()| serde_json::from_str::<serde_json::Value>(&text).ok()));
        times[1].push(median(settings, || (), |()| infer_users("typegen", &text, &resolved)));
        times[2].push(median(settings, || (), |()| infer_users("ours", &text, &resolved)));
    }
    let [serde, theirs, ours_infer] = times.map(median_and_best);
    let options = Options::new("bench-client");
    let ours_all = median(settings, || (), |()| postman_codegen::generate(&collection_path, &collection_bytes, &options).ok());
    let peak_theirs = child_peak("typegen", users);
    let peak_ours = child_peak("pipeline", &collection_path);
    let peak_serde = child_peak("serde", users);
    let instructions = ["serde", "typegen", "ours"].map(|what| instructions(&["--infer-child".as_ref(), what.as_ref(), users.as_os_str()], 2));
    let _ = std::fs::remove_file(&collection_path);
    println!("\n## Type inference on a {:.1} MB JSON array of users\n", mb(text.len()));
    println!("| what | ms (median) | ms (best) | ×serde | json_typegen ÷ this (median / best) | instructions | json_typegen ÷ this (instructions) | peak MB |");
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    let line = |what: &str, (median, best): (Duration, Duration), count: Option<u64>, peak_kb: Option<u64>| {
        let counts = match (count, instructions[1]) {
            (Some(count), Some(theirs)) => format!("{count} | {}", ratio(theirs as f64, count as f64)),
            _ => "n/a | n/a".to_owned(),
        };
        println!(
            "| {what} | {} | {} | {} | {} / {} | {counts} | {} |",
            ms(median),
            ms(best),
            ratio(median.as_secs_f64(), serde.0.as_secs_f64()),
            ratio(theirs.0.as_secs_f64(), median.as_secs_f64()),
            ratio(theirs.1.as_secs_f64(), best.as_secs_f64()),
            peak(peak_kb)
        );
    };
    line("serde_json parse (floor)", serde, instructions[0], peak_serde);
    line("json_typegen_shared::codegen (in-process)", theirs, instructions[1], peak_theirs);
    line("postman-codegen: parse body + infer", ours_infer, instructions[2], None);
    line("postman-codegen: whole crate from the collection", (ours_all, ours_all), None, peak_ours);
    println!(
        "\n(Times: {} alternating round(s) of the first three; instructions: one run, counted by `valgrind --tool=cachegrind`, which do not depend on the machine's load. json_typegen's CLI on stdin took 130 ms on this class of machine (the reference figure).)",
        times_rounds(settings)
    );
    Ok(())
}

/// The median and the best of the times of alternating rounds (at least one).
fn median_and_best(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort_unstable();
    (times[times.len() / 2], times[0])
}

/// How many alternating rounds [`typegen`] times.
fn times_rounds(settings: &Settings) -> usize {
    if settings.quick {
        1
    } else {
        7
    }
}

/// One inference of the users array `text`: `json_typegen`'s, or ours from the collection that holds
/// it as an example body (`lower`, which reads the body, then `infer`); `serde` parses it.
fn infer_users(what: &str, text: &str, resolved: &resolve::Resolved<'_>) -> Option<Box<dyn std::any::Any>> {
    match what {
        "serde" => boxed(serde_json::from_str::<serde_json::Value>(text).ok()),
        "typegen" => boxed(json_typegen_shared::codegen("User", text, json_typegen_shared::Options::default()).ok()),
        "ours" => {
            let mut api = lower::lower(resolved, &mut Diagnostics::default());
            infer::infer(&mut api);
            boxed(Some(api))
        }
        _ => None,
    }
}

/// The collection that holds the users array `text` as its one example body, as bytes and parsed
/// (`path` names it in errors).
fn users_collection(path: &Path, text: &str) -> Result<(Vec<u8>, postman_codegen::tooling::parse::model::Collection), BoxError> {
    let bytes = postman_synth::single_body_collection("Users", text);
    let collection = parse::parse_collection(path, &bytes, &mut Diagnostics::default())?;
    Ok((bytes, collection))
}

/// The child process of [`typegen`]'s instruction counts: `runs` inferences of the users array in
/// `file` with `what` (see [`infer_users`]).
fn infer_child(what: &str, file: &Path, runs: u32) -> ExitCode {
    let Ok(text) = std::fs::read_to_string(file) else { return ExitCode::FAILURE };
    let Ok((_, collection)) = users_collection(file, &text) else { return ExitCode::FAILURE };
    let resolved = resolve::resolve(&collection, &mut Diagnostics::default());
    let mut ok = true;
    for _ in 0..runs {
        ok &= black_box(infer_users(what, black_box(&text), &resolved)).is_some();
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `cargo check` and `cargo build` of generated crates.
fn compile_cost(settings: &Settings, root: &Path, inputs: &[(Input, PathBuf)], rows: &[Row]) -> Result<(), BoxError> {
    let mut targets: Vec<PathBuf> = inputs
        .iter()
        .filter(|(input, _)| matches!(input.kind, InputKind::Requests(500)))
        .map(|(_, p)| p.clone())
        .collect();
    if let Some(corpus) = &settings.corpus {
        // The largest corpus collections that generate.
        let mut corpus_rows: Vec<&Row> = rows.iter().filter(|r| !r.name.starts_with("requests-") && !r.name.contains("body") && !r.name.starts_with("deep") && !r.name.starts_with("wide")).collect();
        corpus_rows.sort_by_key(|r| std::cmp::Reverse(r.bytes));
        let take = if settings.quick || corpus_rows.is_empty() { 1 } else { 3 };
        let mut names: Vec<String> = corpus_rows.iter().map(|r| r.name.clone()).collect();
        if names.is_empty() {
            // No table rows (`--only-compile`): the largest corpus files, whether they generate or not.
            let mut files: Vec<(u64, String)> = std::fs::read_dir(corpus)?
                .filter_map(|e| e.ok())
                .filter_map(|e| Some((e.metadata().ok()?.len(), file_name(&e.path()).strip_suffix(".postman_collection.json")?.to_owned())))
                .collect();
            files.sort_by(|a, b| b.cmp(a));
            names = files.into_iter().map(|(_, name)| name).collect();
        }
        targets.extend(names.iter().take(take).map(|name| corpus.join(format!("{name}.postman_collection.json"))));
    }
    let time_available = Path::new("/usr/bin/time").exists();
    if !time_available {
        println!("\n(/usr/bin/time is missing: compile-cost peak memory is not measured)");
    }
    let work = root.join("target/bench-crates");
    let target_dir = work.join("target");
    println!("\n## Compile cost of generated crates (dev profile, dependencies already built, CARGO_INCREMENTAL=0)\n");
    println!("| crate | features | lines | structs | cargo check s | check peak MB | cargo build s | build peak MB | progenitor's 80 s ÷ build s (target ≥ 4) | progenitor's 3.65 GB ÷ build peak (target ≥ 4) |");
    println!("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    for collection in targets {
        let (crate_name, dir, generated) = match bench_crate(root, &work, &collection) {
            Ok(written) => written,
            Err(error) => {
                let name = file_name(&collection).trim_end_matches(".postman_collection.json").to_owned();
                println!("| {name} | — | generation failed: {} | | | | | | | |", error.to_string().lines().next().unwrap_or_default());
                continue;
            }
        };
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))?;
        let lines: usize = generated.files.iter().filter(|(p, _)| p.starts_with("src/")).map(|(_, t)| t.lines().count()).sum();
        let structs: usize = generated.files.iter().filter(|(p, _)| p.starts_with("src/")).map(|(_, t)| t.matches("pub struct ").count()).sum();
        let first_feature = manifest
            .split("\n[features]\n")
            .nth(1)
            .and_then(|table| table.lines().find(|l| !l.starts_with('#') && l.ends_with(" = []") && !l.starts_with("extra-traits ")))
            .and_then(|l| l.split(' ').next())
            .map(str::to_owned);
        let mut variants = vec![
            ("default".to_owned(), Vec::<String>::new()),
            ("default + `extra-traits`".to_owned(), vec!["--features".into(), "extra-traits".into()]),
        ];
        if let Some(feature) = first_feature {
            variants.push((format!("only `{feature}`"), vec!["--no-default-features".into(), "--features".into(), feature]));
        }
        for (label, extra) in variants {
            // Warm up: build the dependencies once, untimed.
            for command in ["check", "build"] {
                cargo_timed(&dir, &target_dir, command, &extra, false)?;
            }
            let check = cargo_timed(&dir, &target_dir, "check", &extra, time_available)?;
            let build = cargo_timed(&dir, &target_dir, "build", &extra, time_available)?;
            println!(
                "| {crate_name} | {label} | {lines} | {structs} | {:.1} | {} | {:.1} | {} | {} | {} |",
                check.0,
                peak(check.1),
                build.0,
                peak(build.1),
                ratio(80.0, build.0),
                build.1.map_or_else(|| "n/a".to_owned(), |kb| ratio(3.65 * 1024.0 * 1024.0, kb as f64)),
            );
        }
    }
    Ok(())
}

/// Generates our crate for `collection` into `work/<crate name>`, with the workspace's lock file
/// and a `[workspace]` table of its own: the crate name, its directory and what was generated.
fn bench_crate(root: &Path, work: &Path, collection: &Path) -> Result<(String, PathBuf, postman_codegen::Generated), BoxError> {
    let name = file_name(collection).trim_end_matches(".postman_collection.json").to_owned();
    let crate_name = format!("{}-client", name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect::<String>());
    let crate_name = if crate_name.starts_with(|c: char| c.is_ascii_alphabetic()) { crate_name } else { format!("c-{crate_name}") };
    let generated = postman_codegen::generate_file(collection, &Options::new(crate_name.clone()))?;
    let dir = work.join(&crate_name);
    write_crate(&dir, &generated.files, Mode::Write)?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    own_workspace(&dir)?;
    Ok((crate_name, dir, generated))
}

/// Appends a `[workspace]` table to the crate's manifest (once), so cargo does not take the crate,
/// which sits under this workspace's `target/`, for a member of it.
fn own_workspace(dir: &Path) -> Result<(), BoxError> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))?;
    if !manifest.lines().any(|l| l.trim() == "[workspace]") {
        std::fs::write(dir.join("Cargo.toml"), format!("{manifest}\n[workspace]\n"))?;
    }
    Ok(())
}

/// `--progenitor`: the 500-request collection through `postman2openapi` and `cargo-progenitor`
/// on this machine, generated and built next to ours, in alternating runs so that the machine's
/// load hits both alike. The tools are found in `$PROGENITOR_BIN` or on `PATH`; without them this
/// prints how to install them.
fn progenitor(settings: &Settings, root: &Path, collection: &Path) -> Result<(), BoxError> {
    println!("\n## Against progenitor, run on this machine (500-request collection)\n");
    let (Some(p2o), Some(pg)) = (find_tool("postman2openapi"), find_tool("cargo-progenitor")) else {
        println!("(`postman2openapi` or `cargo-progenitor` not found: `cargo install --root DIR postman2openapi-cli cargo-progenitor`, then set `PROGENITOR_BIN=DIR/bin`)");
        return Ok(());
    };
    let work = root.join("target/bench-crates");
    let theirs_dir = work.join("progenitor-500");
    let openapi = work.join("progenitor-500.openapi.json");
    std::fs::create_dir_all(&work)?;
    let generate_theirs = || -> Result<Duration, BoxError> {
        let started = Instant::now();
        let output = Command::new(&p2o).args(["-f", "json"]).arg(collection).output()?;
        if !output.status.success() {
            return Err(format!("postman2openapi failed: {}", String::from_utf8_lossy(&output.stderr)).into());
        }
        std::fs::write(&openapi, &output.stdout)?;
        let _ = std::fs::remove_dir_all(&theirs_dir);
        let status = Command::new(&pg).arg("progenitor").arg("-i").arg(&openapi).arg("-o").arg(&theirs_dir).args(["-n", "progenitor-500", "-v", "0.1.0"]).output()?;
        if !status.status.success() {
            return Err(format!("cargo-progenitor failed: {}", String::from_utf8_lossy(&status.stderr)).into());
        }
        Ok(started.elapsed())
    };
    let generate_ours = || -> Result<(Duration, PathBuf), BoxError> {
        let started = Instant::now();
        let (_, dir, _) = bench_crate(root, &work, collection)?;
        Ok((started.elapsed(), dir))
    };
    let runs = if settings.quick { 1 } else { 3 };
    let (mut gen_theirs, mut gen_ours, mut ours_dir) = (Vec::new(), Vec::new(), PathBuf::new());
    for _ in 0..runs {
        gen_theirs.push(generate_theirs()?.as_secs_f64());
        let (time, dir) = generate_ours()?;
        gen_ours.push(time.as_secs_f64());
        ours_dir = dir;
    }
    own_workspace(&theirs_dir)?;
    let lines = |dir: &Path| -> usize {
        let files = std::fs::read_dir(dir.join("src")).into_iter().flatten().filter_map(Result::ok);
        files.filter_map(|e| std::fs::read_to_string(e.path()).ok()).map(|t| t.lines().count()).sum()
    };
    let (ours_target, theirs_target) = (work.join("target"), work.join("progenitor-target"));
    let time_available = Path::new("/usr/bin/time").exists();
    // Warm up: the dependencies of both, untimed.
    for command in ["check", "build"] {
        cargo_timed(&ours_dir, &ours_target, command, &[], false)?;
        cargo_timed(&theirs_dir, &theirs_target, command, &[], false)?;
    }
    let mut rows: Vec<(String, Vec<CargoRun>, Vec<CargoRun>)> = Vec::new();
    for command in ["check", "build"] {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..if settings.quick { 1 } else { 2 } {
            theirs.push(cargo_timed(&theirs_dir, &theirs_target, command, &[], time_available)?);
            ours.push(cargo_timed(&ours_dir, &ours_target, command, &[], time_available)?);
        }
        rows.push((format!("`cargo {command}` s"), theirs, ours));
    }
    // Seconds of each run, and progenitor's over ours run by run.
    let list = |seconds: &[f64], digits: usize| seconds.iter().map(|s| format!("{s:.digits$}")).collect::<Vec<_>>().join(", ");
    let ratios = |theirs: &[f64], ours: &[f64]| theirs.iter().zip(ours).map(|(t, o)| ratio(*t, *o)).collect::<Vec<_>>().join(", ");
    println!("| | progenitor ({} lines) | ours ({} lines) | progenitor ÷ ours, each run |", lines(&theirs_dir), lines(&ours_dir));
    println!("|---|--:|--:|--:|");
    println!("| generate s (postman2openapi + progenitor, or ours) | {} | {} | {} |", list(&gen_theirs, 2), list(&gen_ours, 2), ratios(&gen_theirs, &gen_ours));
    for (what, theirs, ours) in &rows {
        let (t, o): (Vec<f64>, Vec<f64>) = (theirs.iter().map(|r| r.0).collect(), ours.iter().map(|r| r.0).collect());
        println!("| {what} | {} | {} | {} |", list(&t, 1), list(&o, 1), ratios(&t, &o));
        let kb = |runs: &[CargoRun]| runs.iter().filter_map(|r| r.1).max();
        if let (Some(t), Some(o)) = (kb(theirs), kb(ours)) {
            println!("| {} peak MB | {} | {} | {} |", what.trim_end_matches(" s"), peak(Some(t)), peak(Some(o)), ratio(t as f64, o as f64));
        }
    }
    println!("\n(Our generation runs in this process; theirs is the two programs. Builds are of the crate alone, its dependencies built, `CARGO_INCREMENTAL=0`, progenitor's first in each pair.)");
    Ok(())
}

/// An executable named `name` in `$PROGENITOR_BIN` or on `PATH`.
fn find_tool(name: &str) -> Option<PathBuf> {
    let lists = ["PROGENITOR_BIN", "PATH"].into_iter().filter_map(std::env::var_os);
    lists.flat_map(|list| std::env::split_paths(&list).collect::<Vec<_>>()).map(|dir| dir.join(name)).find(|path| path.is_file())
}

/// One timed `cargo` run: seconds, and peak memory in kB when measured.
type CargoRun = (f64, Option<u64>);

/// Runs `cargo <command>` on the crate after touching its sources; returns seconds and peak kB.
fn cargo_timed(dir: &Path, target: &Path, command: &str, extra: &[String], measure: bool) -> Result<CargoRun, BoxError> {
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib)?;
    std::fs::write(&lib, text)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = if measure {
        let mut cmd = Command::new("/usr/bin/time");
        cmd.args(["-f", "%e %M", "--"]).arg(&cargo);
        cmd
    } else {
        Command::new(&cargo)
    };
    cmd.arg(command).arg("--quiet").args(extra).current_dir(dir).env("CARGO_TARGET_DIR", target).env("CARGO_INCREMENTAL", "0");
    let started = Instant::now();
    let output = cmd.output()?;
    let elapsed = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!("`cargo {command}` failed in {}:\n{}", dir.display(), String::from_utf8_lossy(&output.stderr)).into());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    let mut fields = last.split_whitespace();
    let seconds = fields.next().and_then(|s| s.parse::<f64>().ok());
    let kb = fields.next().and_then(|s| s.parse::<u64>().ok());
    Ok(if measure { (seconds.unwrap_or(elapsed), kb) } else { (elapsed, None) })
}
