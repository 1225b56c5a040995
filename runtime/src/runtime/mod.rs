//! Support code shared by every operation: building URLs, applying credentials, sending, decoding.
//!
//! Generated operations only describe themselves (an [`OperationSpec`] and a [`RequestSpec`]); the
//! work happens here, once, so that a large API compiles to little code. Each file is one concern;
//! everything is re-exported here, so the rest of the crate names `crate::runtime::Item`.
#![allow(dead_code)]

mod auth;
mod bigint;
mod call;
mod client;
mod decode;
mod dynamic;
mod encode;
mod request;
mod response;
mod samples;
mod url;

// A crate uses some parts only (no paging, no dates, nothing at all with its folders turned off):
// the re-exports it does not use are not warnings, as the items themselves are not (`dead_code`).
#[allow(unused_imports)]
pub use auth::*;
#[allow(unused_imports)]
pub use bigint::*;
#[allow(unused_imports)]
pub use call::*;
#[allow(unused_imports)]
pub use client::*;
#[allow(unused_imports)]
pub use decode::*;
#[allow(unused_imports)]
pub use dynamic::*;
#[allow(unused_imports)]
pub use encode::*;
#[allow(unused_imports)]
pub use request::*;
#[allow(unused_imports)]
pub use response::*;
#[allow(unused_imports)]
pub use samples::*;
#[allow(unused_imports)]
pub use url::*;
