//! The runtime that `postman-codegen` emits verbatim into every generated client crate.
//!
//! The files `error.rs`, `runtime.rs`, `retry.rs`, `hooks.rs`, `paging.rs` and `datetime.rs` (copied
//! only into crates whose settings ask for a date type) sit at the crate root here exactly as they do
//! in a generated crate, so every `crate::…` path inside them means the same thing in both places.
//! This crate exists so that the runtime is compiled, linted and unit-tested as ordinary Rust; users
//! never depend on it.
//!
//! Some doc links point at items only a generated crate has (`crate::ClientBuilder`, the `Error`
//! re-exported at the crate root); they resolve there, where `cargo doc` runs with
//! `-D warnings` in CI, and are allowed to dangle here.

#![allow(rustdoc::broken_intra_doc_links)]

pub mod datetime;
pub mod error;
pub mod hooks;
pub mod oauth;
pub mod paging;
pub mod retry;
pub mod runtime;

#[cfg(test)]
mod tests;
