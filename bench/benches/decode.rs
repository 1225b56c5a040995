//! Decoding a response through the generated Zoom `User` type against a hand-written serde struct
//! (`cargo bench -p pcg-bench --bench decode`); the target is "within 5%". Both are decoded as the
//! generated client does it (`serde_path_to_error` over `serde_json`) and with a bare
//! `serde_json::from_slice`.

#![allow(missing_docs)] // `criterion_group!` and `criterion_main!` generate undocumented functions.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pcg_bench::{decode_like_client as via_client_path, handwritten, zoom_users};

fn decode(c: &mut Criterion) {
    for (name, body) in [("one user", zoom_users(1)), ("1000 users", zoom_users(1000))] {
        let body = body.into_bytes();
        let mut group = c.benchmark_group(format!("decode/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("generated, from_slice", |b| {
            b.iter(|| serde_json::from_slice::<Vec<zoom_client::types::User>>(black_box(&body)).ok())
        });
        group.bench_function("hand-written, from_slice", |b| {
            b.iter(|| serde_json::from_slice::<Vec<handwritten::User>>(black_box(&body)).ok())
        });
        group.bench_function("generated, client path", |b| b.iter(|| via_client_path::<Vec<zoom_client::types::User>>(black_box(&body))));
        group.bench_function("hand-written, client path", |b| b.iter(|| via_client_path::<Vec<handwritten::User>>(black_box(&body))));
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
