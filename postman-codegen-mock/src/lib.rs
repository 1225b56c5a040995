//! `postman-codegen-mock`: a local mock server that answers a collection's requests with its saved
//! examples, read into the IR of `postman-codegen`.
//!
//! Postman offers mock servers from saved examples; this is the same, offline, on `axum`:
//! - [`routes`]: method and path to operations (path parameters match any segment; the base URL's
//!   path prefix, such as `/v2`, may be sent or left out); unknown routes get a `404` whose JSON body
//!   lists the closest routes.
//! - [`select`]: which example answers (`x-mock-response-name` / `x-mock-response-code` request
//!   headers, else how well the request fits each example's saved request, else the first success).
//!   The answer has the example's status, saved headers and body.
//! - [`validate`] (opt-in): `400` with the reasons when query parameters or a JSON body do not fit.
//! - [`MockServer`]: the server, started in-process (tests bind `127.0.0.1:0`), with a hook that
//!   records requests and queues replies, and graceful shutdown.
//!
//! ```no_run
//! # async fn run() -> postman_codegen::Result<()> {
//! use postman_codegen_mock::{MockApi, MockOptions, MockServer};
//!
//! let mut diagnostics = postman_codegen::tooling::Diagnostics::default();
//! let api = MockApi::load("collections/zoom.postman_collection.json".as_ref(), &mut diagnostics)?;
//! let server = MockServer::start(api, "127.0.0.1:0", MockOptions::default()).await?;
//! println!("serving on {}", server.base_url()); // e.g. http://127.0.0.1:41234/v2
//! server.shutdown().await?;
//! # Ok(())
//! # }
//! ```

pub mod body_shape;
pub mod routes;
pub mod select;
mod server;
pub mod validate;

use std::path::Path;

use postman_codegen::tooling::Diagnostics;
use postman_codegen::Result;
use postman_codegen::tooling::ir::{Api, RequestBody};
use body_shape::BodyShape;

pub use server::{MockServer, Outcome, Recorded, Reply};

/// An API to serve: the IR, and what request bodies look like.
#[derive(Debug, Clone)]
pub struct MockApi {
    api: Api,
    /// Per operation: the shape a JSON request body must fit, from its saved bodies (`None`: no JSON
    /// body, or none saved).
    body_shapes: Vec<Option<BodyShape>>,
}

impl MockApi {
    /// Reads a collection file into the IR (parse, resolve, lower, infer).
    pub fn load(file: &Path, diagnostics: &mut Diagnostics) -> Result<MockApi> {
        postman_codegen::tooling::load_api(file, diagnostics).map(MockApi::from_api)
    }

    /// Like [`MockApi::load`], from bytes (`file` names it in errors).
    pub fn from_bytes(file: &Path, bytes: &[u8], diagnostics: &mut Diagnostics) -> Result<MockApi> {
        postman_codegen::tooling::api_from_bytes(file, bytes, diagnostics).map(MockApi::from_api)
    }

    /// Serves an API already in the IR. A JSON request body must fit the operation's saved bodies
    /// ([`RequestBody::Json`] samples: the request's own and its examples' saved requests').
    pub fn from_api(api: Api) -> MockApi {
        let body_shapes = api
            .operations
            .iter()
            .map(|op| match &op.body {
                Some(RequestBody::Json { samples, .. }) => BodyShape::from_values(samples),
                _ => None,
            })
            .collect();
        MockApi { api, body_shapes }
    }

    /// The IR.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// How many saved examples there are in all.
    pub fn example_count(&self) -> usize {
        self.api.operations.iter().flat_map(|op| &op.responses).map(|r| r.examples.len()).sum()
    }
}

/// How the mock behaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MockOptions {
    /// Answer `400` with the reasons when query parameters or a JSON body do not fit the collection.
    pub validate: bool,
    /// Keep every request for [`MockServer::recorded`] (tests; memory grows with each request).
    pub record: bool,
    /// Print one line per request on standard output.
    pub log: bool,
}

/// Builders of IR values for the unit tests of the mock modules.
#[cfg(test)]
pub(crate) mod testing {
    use postman_codegen::tooling::ir::{AuthScheme, Operation, ParamLocation, ParamType, Parameter, PathPart, Response};

    /// An operation named `name` (also its title and builder name), without auth.
    pub(crate) fn operation(name: &str, method: &str, path: Vec<PathPart>, params: Vec<Parameter>, responses: Vec<Response>) -> Operation {
        Operation {
            name: name.to_owned(),
            builder_name: name.to_owned(),
            body_arg: None,
            title: name.to_owned(),
            folders: Vec::new(),
            description: None,
            method: method.to_owned(),
            path,
            params,
            fixed_headers: Vec::new(),
            body: None,
            auth: AuthScheme::None,
            responses,
            success_type: None,
            folder: None,
            renamed_from: None,
        }
    }

    /// A parameter whose Rust and wire names are `name`.
    pub(crate) fn param(name: &str, location: ParamLocation, ty: ParamType, required: bool) -> Parameter {
        Parameter { name: name.to_owned(), wire_name: name.to_owned(), location, ty, required, repeated: false, description: None, example: None, dynamic: None, variable: None }
    }
}
