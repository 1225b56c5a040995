//! Hooks: code of yours that sees (and may change) every request and sees every response, for
//! tracing, logging, metrics or custom authentication such as request signing.

use crate::error::Error;

/// What a hook is told about the request in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestInfo {
    pub(crate) operation: &'static str,
    pub(crate) method: &'static str,
    pub(crate) attempt: u32,
}

impl RequestInfo {
    /// The Rust name of the operation, e.g. `get_user`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method, e.g. `GET`.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// Which attempt this is: 1 for the first, 2 for the first retry, …
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

/// A response as a hook sees it: any status, with the whole body already read.
#[derive(Debug, Clone, Copy)]
pub struct ResponseInfo<'a> {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: &'a reqwest::header::HeaderMap,
    pub(crate) body: &'a [u8],
    pub(crate) elapsed: std::time::Duration,
}

impl<'a> ResponseInfo<'a> {
    /// The status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &'a reqwest::header::HeaderMap {
        self.headers
    }

    /// The body.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// The time from sending the request to having read the whole body.
    pub fn elapsed(&self) -> std::time::Duration {
        self.elapsed
    }
}

/// Observes and modifies every request and response of a client; add it with
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook), or pass closures to
/// [`ClientBuilder::on_request`](crate::ClientBuilder::on_request) and
/// [`ClientBuilder::on_response`](crate::ClientBuilder::on_response).
///
/// Hooks run in the order they were added, once per attempt (so a retried request is signed again).
/// They see the request after the client's credentials are applied; the `Authorization` header and
/// API-key headers are marked sensitive, so the `Debug` output of the request shows `Sensitive`
/// instead of the secret.
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent; may change the request (add headers, sign it). An error
    /// stops the call and is returned to the caller.
    ///
    /// # Errors
    ///
    /// Whatever error the hook wants the call to fail with, e.g. [`Error::InvalidRequest`].
    fn on_request(&self, info: &RequestInfo, request: &mut reqwest::Request) -> Result<(), Error> {
        let _ = (info, request);
        Ok(())
    }

    /// Called after each attempt with the response (any status), or the transport error or timeout.
    fn on_response(&self, info: &RequestInfo, outcome: Result<&ResponseInfo<'_>, &Error>) {
        let _ = (info, outcome);
    }
}

/// A [`Hook`] made of an `on_request` closure.
struct RequestFn<F>(F);

impl<F> Hook for RequestFn<F>
where
    F: Fn(&RequestInfo, &mut reqwest::Request) -> Result<(), Error> + Send + Sync + 'static,
{
    fn on_request(&self, info: &RequestInfo, request: &mut reqwest::Request) -> Result<(), Error> {
        (self.0)(info, request)
    }
}

/// A [`Hook`] made of an `on_response` closure.
struct ResponseFn<F>(F);

impl<F> Hook for ResponseFn<F>
where
    F: Fn(&RequestInfo, Result<&ResponseInfo<'_>, &Error>) + Send + Sync + 'static,
{
    fn on_response(&self, info: &RequestInfo, outcome: Result<&ResponseInfo<'_>, &Error>) {
        (self.0)(info, outcome)
    }
}

/// The hooks of a client, in order.
#[derive(Clone, Default)]
pub struct Hooks(Vec<std::sync::Arc<dyn Hook>>);

impl Hooks {
    /// Adds a hook after the others.
    pub fn push(&mut self, hook: impl Hook) {
        self.0.push(std::sync::Arc::new(hook));
    }

    /// Adds an `on_request` closure after the other hooks.
    pub fn push_on_request<F>(&mut self, f: F)
    where
        F: Fn(&RequestInfo, &mut reqwest::Request) -> Result<(), Error> + Send + Sync + 'static,
    {
        self.push(RequestFn(f));
    }

    /// Adds an `on_response` closure after the other hooks.
    pub fn push_on_response<F>(&mut self, f: F)
    where
        F: Fn(&RequestInfo, Result<&ResponseInfo<'_>, &Error>) + Send + Sync + 'static,
    {
        self.push(ResponseFn(f));
    }

    /// Runs every `on_request`, stopping at the first error.
    pub(crate) fn run_request(&self, info: &RequestInfo, request: &mut reqwest::Request) -> Result<(), Error> {
        self.0.iter().try_for_each(|hook| hook.on_request(info, request))
    }

    /// Runs every `on_response`.
    pub(crate) fn run_response(&self, info: &RequestInfo, outcome: Result<&ResponseInfo<'_>, &Error>) {
        for hook in &self.0 {
            hook.on_response(info, outcome);
        }
    }
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Hooks({})", self.0.len())
    }
}
