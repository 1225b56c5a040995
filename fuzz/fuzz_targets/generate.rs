//! libFuzzer target: arbitrary bytes through the whole pipeline (parse → resolve → lower → infer →
//! emit), checking the guarantees of `postman_codegen::tooling::invariants`. A panic, an internal error, an
//! unlocated error, an unsafe path or a control character in generated code is a crash.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use postman_codegen::Options;

fuzz_target!(|input: &[u8]| {
    let options = Options::new("fuzz-client");
    // Determinism is checked on one input in sixteen: it doubles the cost of a run.
    let determinism = input.len() % 16 == 0;
    if let Err(finding) = postman_codegen::tooling::invariants::check(Path::new("fuzz.postman_collection.json"), input, &options, determinism) {
        panic!("{finding}");
    }
});
