//! [`ClientCore`]: the HTTP client, credentials, retry policy and hooks every request goes through.

use super::*;
use crate::error::{ApiError, Error};
use crate::hooks::{Hooks, RequestInfo, ResponseInfo};
use crate::retry::RetryPolicy;

/// The connection shared by all operations of a client: base URL, HTTP client, credentials, retry
/// policy and hooks.
#[derive(Clone)]
pub struct ClientCore {
    base_url: String,
    http: reqwest::Client,
    credentials: Credentials,
    retry: Option<RetryPolicy>,
    hooks: Hooks,
    /// The `Authorization` header made for the latest token, reused while the token is the same.
    authorization: std::sync::Arc<std::sync::Mutex<Option<Authorization>>>,
    pub(super) recorder: Option<SampleRecorder>,
    #[cfg(feature = "blocking")]
    blocking: std::sync::Arc<std::sync::Mutex<Option<std::sync::Arc<BlockingRuntime>>>>,
}

/// An `Authorization` header value and what it was made of.
struct Authorization {
    prefix: &'static str,
    token: Secret,
    value: reqwest::header::HeaderValue,
}

impl std::fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}

/// The whole body of `response`, read chunk by chunk into one buffer sized by its
/// `Content-Length` (up to 1 MiB ahead of the data: a header cannot make it reserve more).
async fn read_body(response: &mut reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let expected = response.content_length().map_or(0, |length| usize::try_from(length).unwrap_or(usize::MAX).min(1 << 20));
    let mut body = Vec::with_capacity(expected);
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

impl ClientCore {
    /// Checks the base URL (an absolute `http` or `https` URL) and keeps it without a trailing `/`.
    pub fn new(
        base_url: &str,
        http: reqwest::Client,
        credentials: Credentials,
    ) -> Result<Self, Error> {
        let parsed = reqwest::Url::parse(base_url)
            .map_err(|error| Error::InvalidRequest(std::format!("invalid base URL {base_url:?}: {error}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(Error::InvalidRequest(std::format!(
                "invalid base URL {base_url:?}: expected an http or https URL"
            )));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::InvalidRequest(std::format!(
                "invalid base URL {base_url:?}: it cannot have a query or fragment"
            )));
        }
        let base_url = base_url.trim_end_matches('/').to_owned();
        Ok(ClientCore {
            base_url,
            http,
            credentials,
            retry: None,
            hooks: Hooks::default(),
            authorization: std::sync::Arc::default(),
            recorder: None,
            #[cfg(feature = "blocking")]
            blocking: std::sync::Arc::default(),
        })
    }

    /// Retries failed requests by `policy` (`None`: never).
    pub fn set_retry(&mut self, policy: Option<RetryPolicy>) {
        self.retry = policy;
    }

    /// The retry policy, if any.
    pub fn retry(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Runs `hooks` on every request and response.
    pub fn set_hooks(&mut self, hooks: Hooks) {
        self.hooks = hooks;
    }

    /// Records the bodies the types do not cover with `recorder` (`None`: not at all, the default).
    pub fn set_recorder(&mut self, recorder: Option<SampleRecorder>) {
        self.recorder = recorder;
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The underlying HTTP client.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// An empty path for a request, with room for `len` bytes and the base URL, which is put in
    /// front of it when the request is built (without allocating again).
    pub fn path_buffer(&self, len: usize) -> String {
        String::with_capacity(self.base_url.len() + len)
    }

    /// Builds the `reqwest` request for an operation, with its credentials applied, moving the body
    /// out of `spec`.
    pub fn build(&self, op: &OperationSpec, spec: &mut RequestSpec) -> Result<reqwest::Request, Error> {
        self.build_attempt(op, spec, false)
    }

    /// [`ClientCore::build`]; with `again`, `spec` keeps a copy of a body that is not multipart, for
    /// another attempt (see [`RequestSpec::can_resend`]).
    fn build_attempt(&self, op: &OperationSpec, spec: &mut RequestSpec, again: bool) -> Result<reqwest::Request, Error> {
        let method = reqwest::Method::from_bytes(op.method.as_bytes())
            .map_err(|_| Error::InvalidRequest(std::format!("invalid HTTP method {:?}", op.method)))?;
        if !spec.joined {
            spec.path.insert_str(0, &self.base_url);
            spec.joined = true;
        }
        let url = reqwest::Url::parse(&spec.path)
            .map_err(|error| Error::InvalidRequest(std::format!("invalid URL for `{}`: {error}", op.name)))?;
        let mut builder = self.http.request(method, url);
        if !spec.query.is_empty() {
            builder = builder.query(&spec.query);
        }
        for (name, value) in &spec.headers {
            builder = builder.header(*name, header_value(name, value)?);
        }
        for (name, value) in spec.fixed {
            // A value of visible ASCII is used in place, without a copy.
            let value = if value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)) {
                reqwest::header::HeaderValue::from_static(value)
            } else {
                header_value(name, value)?
            };
            builder = builder.header(*name, value);
        }
        builder = match &mut spec.body {
            None => builder,
            Some(BodySpec::Bytes(bytes, content_type)) => {
                let content_type = *content_type;
                let bytes = if again { bytes.clone() } else { std::mem::take(bytes) };
                if !again {
                    spec.body = Some(BodySpec::Sent);
                }
                builder.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes)
            }
            Some(BodySpec::Form(fields)) => builder.form(&fields),
            Some(BodySpec::Multipart(parts)) => {
                let mut form = reqwest::multipart::Form::new();
                for part in std::mem::take(parts) {
                    form = match part {
                        Part::Text(name, value) => form.text(name, value),
                        Part::File(name, file_name, contents) => {
                            form.part(name, reqwest::multipart::Part::bytes(contents).file_name(file_name))
                        }
                    };
                }
                spec.body = Some(BodySpec::Sent);
                builder.multipart(form)
            }
            Some(BodySpec::Sent) => {
                return Err(Error::InvalidRequest(std::format!("the body of `{}` was sent already", op.name)));
            }
        };
        let credentials = &self.credentials;
        builder = match (op.auth, credentials.token.as_ref(), credentials.api_key.as_ref(), credentials.basic.as_ref()) {
            (AuthScheme::BearerHeader { prefix }, Some(token), _, _) => {
                builder.header(reqwest::header::AUTHORIZATION, self.authorization(prefix, token)?)
            }
            (AuthScheme::TokenQuery, Some(token), _, _) => {
                builder.query(&[("access_token", token.expose())])
            }
            (AuthScheme::ApiKeyHeader { name }, _, Some(key), _) => {
                let mut value = header_value(name, key.expose())?;
                value.set_sensitive(true);
                builder.header(name, value)
            }
            (AuthScheme::ApiKeyQuery { name }, _, Some(key), _) => {
                builder.query(&[(name, key.expose())])
            }
            (AuthScheme::Basic, _, _, Some((user, password))) => {
                builder.basic_auth(user, Some(password.expose()))
            }
            _ => builder,
        };
        builder.build().map_err(|error| Error::InvalidRequest(std::format!("cannot build the request for `{}`: {error}", op.name)))
    }

    /// The `Authorization` header for `token`: made once per token and prefix, then shared.
    fn authorization(&self, prefix: &'static str, token: &Secret) -> Result<reqwest::header::HeaderValue, Error> {
        let mut cached = self.authorization.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(cached) = cached.as_ref().filter(|c| c.prefix == prefix && c.token.is_copy_of(token)) {
            return Ok(cached.value.clone());
        }
        let text = if prefix.is_empty() { token.expose().to_owned() } else { std::format!("{prefix} {}", token.expose()) };
        let mut value = header_value("Authorization", &text)?;
        value.set_sensitive(true);
        *cached = Some(Authorization { prefix, token: token.clone(), value: value.clone() });
        Ok(value)
    }

    /// Puts `token` where `auth` sends it, replacing what the request had there.
    fn apply_token(&self, request: &mut reqwest::Request, auth: AuthScheme, token: &Secret) -> Result<(), Error> {
        match auth {
            AuthScheme::BearerHeader { prefix } => {
                request.headers_mut().insert(reqwest::header::AUTHORIZATION, self.authorization(prefix, token)?);
            }
            AuthScheme::TokenQuery => {
                let url = request.url_mut();
                let kept: Vec<(String, String)> =
                    url.query_pairs().filter(|(name, _)| name != "access_token").map(|(name, value)| (name.into_owned(), value.into_owned())).collect();
                url.query_pairs_mut().clear().extend_pairs(kept).append_pair("access_token", token.expose());
            }
            _ => {}
        }
        Ok(())
    }

    /// Sends an operation's request, retrying by the client's policy; a success status gives the whole
    /// response, any other status an [`Error::Api`] (documented) or [`Error::UnexpectedStatus`].
    pub async fn execute(&self, op: &OperationSpec, spec: RequestSpec) -> Result<RawResponse, Error> {
        self.execute_with(op, spec, CallOptions::default()).await
    }

    /// [`ClientCore::execute`] with what one call overrides of the client's settings.
    pub async fn execute_with(&self, op: &OperationSpec, spec: RequestSpec, options: CallOptions) -> Result<RawResponse, Error> {
        let mut spec = spec;
        let provider = self
            .credentials
            .provider
            .as_ref()
            .filter(|_| matches!(op.auth, AuthScheme::BearerHeader { .. } | AuthScheme::TokenQuery));
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).unwrap_or_default();
        let policy = match &options.retry {
            Some(policy) => policy.as_ref(),
            None => self.retry.as_ref(),
        };
        let policy = policy.filter(|policy| policy.allows(&method));
        // A `401` with a provider's token: one fresh token and one more try, whatever the policy.
        let mut refreshed = provider.is_none();
        let mut token = match provider {
            Some(provider) => Some(provider.token(None).await?),
            None => None,
        };
        let started = std::time::Instant::now();
        let mut attempt = 1;
        loop {
            // Each attempt builds its request from `spec`: nothing is copied for a retry that may
            // never come.
            let again = policy.is_some() || !refreshed;
            let mut request = self.build_attempt(op, &mut spec, again)?;
            if let Some(timeout) = options.timeout {
                *request.timeout_mut() = Some(timeout);
            }
            if let Some(token) = &token {
                self.apply_token(&mut request, op.auth, token)?;
            }
            let error = match self.attempt(op, attempt, request).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            // A body that cannot be built again (multipart) is sent once, without retries.
            if !spec.can_resend() {
                return Err(error);
            }
            if let (Some(provider), false) = (provider, refreshed) {
                if error.status() == Some(reqwest::StatusCode::UNAUTHORIZED) {
                    refreshed = true;
                    token = Some(provider.token(token.as_ref()).await?);
                    attempt += 1;
                    continue;
                }
            }
            match policy.and_then(|policy| policy.delay(attempt, started.elapsed(), &error)) {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => return Err(error),
            }
        }
    }

    /// One attempt: hooks, send, read the whole body, classify the status.
    async fn attempt(
        &self,
        op: &OperationSpec,
        attempt: u32,
        mut request: reqwest::Request,
    ) -> Result<RawResponse, Error> {
        let info = RequestInfo { operation: op.name, method: op.method, attempt };
        self.hooks.run_request(&info, &mut request)?;
        let sent = std::time::Instant::now();
        let received = match self.http.execute(request).await {
            Ok(mut response) => {
                let status = response.status();
                let headers = std::mem::take(response.headers_mut());
                read_body(&mut response).await.map(|body| RawResponse { status, headers, body })
            }
            Err(error) => Err(error),
        };
        let response = match received {
            Ok(response) => response,
            Err(error) => {
                let error = Error::from_reqwest(error);
                self.hooks.run_response(&info, Err(&error));
                return Err(error);
            }
        };
        let seen = ResponseInfo { status: response.status, headers: &response.headers, body: &response.body, elapsed: sent.elapsed() };
        self.hooks.run_response(&info, Ok(&seen));
        if response.status.is_success() {
            return Ok(response);
        }
        let documented = op.documented.iter().find(|(code, _)| *code == response.status.as_u16()).map(|(_, text)| *text);
        let api = ApiError::new(op.name, response.status, response.headers, response.body, documented);
        Err(match documented {
            Some(_) => Error::Api(api),
            None => Error::UnexpectedStatus(api),
        })
    }

    /// Runs a request to completion on the client's own single-threaded runtime, for callers without
    /// an async runtime (the `blocking` feature).
    ///
    /// # Errors
    ///
    /// The request's error, or [`Error::InvalidRequest`] when called inside an async runtime (where it
    /// would block the runtime's thread: use `.await` there) or when the runtime cannot start.
    #[cfg(feature = "blocking")]
    pub fn block_on<T>(
        &self,
        future: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InvalidRequest(
                "a blocking call cannot run inside an async runtime: use `.await` instead".into(),
            ));
        }
        let runtime = {
            let mut slot = self.blocking.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match slot.as_ref() {
                Some(runtime) => std::sync::Arc::clone(runtime),
                None => {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| {
                        Error::InvalidRequest(std::format!("cannot start the runtime for blocking calls: {error}"))
                    })?;
                    let runtime = std::sync::Arc::new(BlockingRuntime(Some(runtime)));
                    *slot = Some(std::sync::Arc::clone(&runtime));
                    runtime
                }
            }
        };
        match &runtime.0 {
            Some(runtime) => runtime.block_on(future),
            None => Err(Error::InvalidRequest("the blocking runtime is gone".into())),
        }
    }
}

/// The runtime of blocking calls. It shuts down in the background when dropped, so dropping the last
/// clone of a client inside an async context does not panic.
#[cfg(feature = "blocking")]
struct BlockingRuntime(Option<tokio::runtime::Runtime>);

#[cfg(feature = "blocking")]
impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// A header value, refusing line breaks and other bytes that HTTP does not allow.
fn header_value(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error> {
    reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(std::format!(
            "the value of header `{name}` contains a line break or another character HTTP does not allow"
        ))
    })
}
