//! Each pipeline stage timed apart (`cargo bench -p postman-codegen --bench stages`): parse,
//! resolve, lower, infer, emit (tokens), format (prettyplease) and write, plus the whole
//! `generate`, next to a plain `serde_json` parse of the same bytes (the floor). Inputs: the Zoom
//! collection and deterministic synthetic collections (`postman-synth`). `cargo xtask bench`
//! prints the fuller table (corpus, peak memory, scaling, compile cost).

#![allow(missing_docs)] // `criterion_group!` and `criterion_main!` generate undocumented functions.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use postman_codegen::tooling::Diagnostics;
use postman_codegen::tooling::write::{write_crate, Mode};
use postman_codegen::tooling::{emit, infer, lower, parse, resolve};
use postman_codegen::Options;
use postman_synth::{collection, single_body_collection, users_array, CollectionSpec};

fn inputs() -> Vec<(String, Vec<u8>)> {
    let zoom = include_bytes!("../../tests/collections/zoom-seed.postman_collection.json").to_vec();
    let mut inputs = vec![("zoom".to_owned(), zoom)];
    for n in [10, 100, 500] {
        inputs.push((format!("requests-{n}"), collection(CollectionSpec::requests(n))));
    }
    inputs.push(("body-1m".to_owned(), single_body_collection("Body", &users_array(1 << 20))));
    inputs
}

fn stages(c: &mut Criterion) {
    let options = Options::new("bench-client");
    let out = std::env::temp_dir().join(format!("postman-codegen-bench-{}", std::process::id()));
    for (name, bytes) in inputs() {
        let file = Path::new("bench.postman_collection.json");
        let mut group = c.benchmark_group(format!("stages/{name}"));
        group.sample_size(10).throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("serde_json", |b| b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).ok()));
        group.bench_function("parse", |b| b.iter(|| parse::parse_collection(file, black_box(&bytes), &mut Diagnostics::default()).ok()));
        let Ok(collection) = parse::parse_collection(file, &bytes, &mut Diagnostics::default()) else { continue };
        group.bench_function("resolve", |b| b.iter(|| resolve::resolve(black_box(&collection), &mut Diagnostics::default())));
        let resolved = resolve::resolve(&collection, &mut Diagnostics::default());
        group.bench_function("lower", |b| b.iter(|| lower::lower(black_box(&resolved), &mut Diagnostics::default())));
        let lowered = lower::lower(&resolved, &mut Diagnostics::default());
        group.bench_function("infer", |b| b.iter_batched(|| lowered.clone(), |mut api| infer::infer(&mut api), BatchSize::LargeInput));
        let mut api = lowered.clone();
        infer::infer(&mut api);
        group.bench_function("emit", |b| b.iter(|| emit::rust_sources(black_box(&api), &options, &mut Diagnostics::default()).ok()));
        let Ok(sources) = emit::rust_sources(&api, &options, &mut Diagnostics::default()) else { continue };
        group.bench_function("format", |b| {
            b.iter_batched(
                || sources.clone(),
                |sources| sources.into_iter().map(|(path, tokens)| emit::format_source(&path, tokens).ok()).collect::<Vec<_>>(),
                BatchSize::LargeInput,
            )
        });
        let Ok(files) = emit::emit_crate(&api, &options, &mut Diagnostics::default()) else { continue };
        group.bench_function("write", |b| b.iter(|| write_crate(&out, black_box(&files), Mode::Write).ok()));
        group.bench_function("generate", |b| b.iter(|| postman_codegen::generate(file, black_box(&bytes), &options).ok()));
        group.finish();
    }
    let _ = std::fs::remove_dir_all(&out);
}

criterion_group!(benches, stages);
criterion_main!(benches);
