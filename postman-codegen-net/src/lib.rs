//! `postman-codegen-net`: the parts of `postman-codegen` that talk to the network.
//!
//! The library `postman-codegen` turns collections into crates without any I/O beyond files; this
//! crate adds the two commands that need an HTTP client (`reqwest` on `tokio`):
//! - [`capture::send`] sends the requests a [`postman_codegen::tooling::capture::Plan`] lists, so that their
//!   answers can be stored as samples;
//! - [`pull::pull`] fetches a collection and its environments from the Postman API.
//!
//! The command line (`postman-codegen-cli`) and the project's automation use it; a `build.rs` that
//! generates a client depends on `postman-codegen` alone.

pub mod capture;
pub mod pull;
