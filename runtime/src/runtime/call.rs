//! Calls: the future of one request, sent when first polled, with per-call settings.

use super::*;
use crate::error::Error;
use crate::retry::RetryPolicy;

/// The future of a request on its way: the request is built already, the response not yet received.
type InFlight<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<RawResponse, Error>> + Send + 'a>,
>;

/// A sent request and how to decode its response: the state shared by [`Pending`] and
/// [`PendingResponse`]. One type for every operation, so generated crates hold no `async` code of
/// their own.
struct Call<'a, T> {
    core: &'a ClientCore,
    op: &'static OperationSpec,
    state: Stage<'a>,
    options: CallOptions,
    decode: Decode<T>,
}

/// Where a [`Call`] is.
enum Stage<'a> {
    /// Built, not sent: sent when first polled, with the call's options.
    Ready(RequestSpec),
    /// Sent.
    InFlight(InFlight<'a>),
    /// Stopped before it was sent.
    Failed(Error),
    /// Its result was taken.
    Done,
}

/// What one call overrides of its client's settings ([`Pending::timeout`], [`Pending::retry`],
/// [`Pending::without_retry`]).
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// The timeout of each attempt, instead of the client's.
    pub timeout: Option<std::time::Duration>,
    /// The retry policy (`Some(None)`: never retry), instead of the client's.
    pub retry: Option<Option<RetryPolicy>>,
}

impl<'a, T> Call<'a, T> {
    fn new(
        core: &'a ClientCore,
        op: &'static OperationSpec,
        request: Result<RequestSpec, Error>,
        decode: Decode<T>,
    ) -> Self {
        let state = match request {
            Ok(request) => Stage::Ready(request),
            Err(error) => Stage::Failed(error),
        };
        Call { core, op, state, options: CallOptions::default(), decode }
    }

    fn poll_call(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<ResponseValue<T>, Error>> {
        let response = loop {
            match std::mem::replace(&mut self.state, Stage::Done) {
                Stage::Ready(request) => {
                    let options = std::mem::take(&mut self.options);
                    self.state = Stage::InFlight(Box::pin(self.core.execute_with(self.op, request, options)));
                }
                Stage::InFlight(mut future) => match std::future::Future::poll(future.as_mut(), cx) {
                    std::task::Poll::Pending => {
                        self.state = Stage::InFlight(future);
                        return std::task::Poll::Pending;
                    }
                    std::task::Poll::Ready(response) => break response,
                },
                Stage::Failed(error) => break Err(error),
                Stage::Done => {
                    break Err(Error::InvalidRequest(std::format!("`{}` polled after completion", self.op.name)));
                }
            }
        };
        std::task::Poll::Ready(response.and_then(|response| self.decode_and_record(response)))
    }

    /// Decodes the response; with a [`SampleRecorder`], records the body when the operation's type
    /// is a JSON value or the body did not decode.
    fn decode_and_record(&self, response: RawResponse) -> Result<ResponseValue<T>, Error> {
        let Some(recorder) = &self.core.recorder else {
            return (self.decode)(response, self.op);
        };
        let content_type = || response.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(ToOwned::to_owned);
        let untyped = std::any::type_name::<T>() == std::any::type_name::<serde_json::Value>();
        let kept = untyped.then(|| (response.status.as_u16(), content_type(), response.body.clone()));
        let decoded = (self.decode)(response, self.op);
        match (&decoded, kept) {
            (Ok(_), Some((status, content_type, body))) => {
                recorder.record(self.op.name, status, content_type.as_deref(), &body);
            }
            (Err(Error::Decode(error)), _) => {
                let content_type = error.0.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
                recorder.record(self.op.name, error.0.status.as_u16(), content_type, &error.0.body);
            }
            _ => {}
        }
        decoded
    }
}

impl<T> std::fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            Stage::Ready(_) => "ready",
            Stage::InFlight(_) => "in flight",
            Stage::Failed(_) => "failed",
            Stage::Done => "done",
        };
        f.debug_struct("Pending").field("operation", &self.op.name).field("state", &state).field("options", &self.options).finish()
    }
}

/// A request that has been sent (or failed to build): a [`Future`](std::future::Future) of the
/// decoded body. `.send()` returns one, and `.await` on a request builder awaits one.
///
/// Dropping it cancels the request.
#[must_use = "a request does nothing unless it is awaited"]
#[derive(Debug)]
pub struct Pending<'a, T>(Call<'a, T>);

impl<'a, T> Pending<'a, T> {
    /// The future of `request` (or of the error that stopped it from being built), sent with `core`
    /// and decoded with `decode`. Nothing happens until it is polled.
    pub fn new(
        core: &'a ClientCore,
        op: &'static OperationSpec,
        request: Result<RequestSpec, Error>,
        decode: Decode<T>,
    ) -> Self {
        Pending(Call::new(core, op, request, decode))
    }

    /// The same request, resolving to the body together with the response's status and headers.
    pub fn with_response(self) -> PendingResponse<'a, T> {
        PendingResponse(self.0)
    }

    /// This call's timeout for each attempt, instead of the client's.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.0.options.timeout = Some(timeout);
        self
    }

    /// This call's retry policy, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.0.options.retry = Some(Some(policy));
        self
    }

    /// Sends this call once, whatever the client's retry policy.
    pub fn without_retry(mut self) -> Self {
        self.0.options.retry = Some(None);
        self
    }

    /// Waits for the decoded body without an async runtime (the `blocking` feature).
    ///
    /// # Errors
    ///
    /// The request's error, or [`Error::InvalidRequest`] inside an async runtime: use `.await` there.
    #[cfg(feature = "blocking")]
    pub fn wait(self) -> Result<T, Error> {
        let core = self.0.core;
        core.block_on(self)
    }
}

impl<T> std::future::Future for Pending<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        self.0.poll_call(cx).map(|result| result.map(ResponseValue::into_inner))
    }
}

/// A request that has been sent: a [`Future`](std::future::Future) of the decoded body with the
/// response's status and headers ([`ResponseValue`]). `.send_with_response()` returns one.
#[must_use = "a request does nothing unless it is awaited"]
#[derive(Debug)]
pub struct PendingResponse<'a, T>(Call<'a, T>);

impl<T> PendingResponse<'_, T> {
    /// This call's timeout for each attempt, instead of the client's.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.0.options.timeout = Some(timeout);
        self
    }

    /// This call's retry policy, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.0.options.retry = Some(Some(policy));
        self
    }

    /// Sends this call once, whatever the client's retry policy.
    pub fn without_retry(mut self) -> Self {
        self.0.options.retry = Some(None);
        self
    }

    /// Waits for the response without an async runtime (the `blocking` feature).
    ///
    /// # Errors
    ///
    /// The request's error, or [`Error::InvalidRequest`] inside an async runtime: use `.await` there.
    #[cfg(feature = "blocking")]
    pub fn wait(self) -> Result<ResponseValue<T>, Error> {
        let core = self.0.core;
        core.block_on(self)
    }
}

impl<T> std::future::Future for PendingResponse<'_, T> {
    type Output = Result<ResponseValue<T>, Error>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        self.0.poll_call(cx)
    }
}
