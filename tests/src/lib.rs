//! Helpers for the end-to-end tests: the generated clients run against `postman-codegen`'s own mock
//! server ([`postman_codegen_mock`]), started in-process on `127.0.0.1:0`, recording every request
//! and answering with the collection's saved examples or with replies a test queues.

use std::path::Path;

pub use postman_codegen_mock::{MockApi, MockOptions, MockServer, Outcome, Recorded, Reply};

pub mod generated_crate;

/// Starts the mock server for the collection at `collection` on `127.0.0.1` (a free port), recording
/// requests. Its [`MockServer::base_url`] carries the base URL's path (`/v2` for Zoom), so clients
/// exercise base URLs with a path.
pub async fn start_mock(collection: &Path, options: MockOptions) -> MockServer {
    let mut diagnostics = postman_codegen::tooling::Diagnostics::default();
    let api = MockApi::load(collection, &mut diagnostics).expect("the collection loads");
    MockServer::start(api, "127.0.0.1:0", MockOptions { record: true, ..options }).await.expect("the mock server starts")
}

pub use generated_crate::workspace_root;
