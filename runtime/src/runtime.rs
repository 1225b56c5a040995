//! Support code shared by every operation: building URLs, applying credentials, sending, decoding.
//!
//! Generated operations only describe themselves (an [`OperationSpec`] and a [`RequestSpec`]); the
//! work happens here, once, so that a large API compiles to little code.
#![allow(dead_code)]

use crate::error::{ApiError, DecodeError, DecodeErrorParts, Error};
use crate::hooks::{Hooks, RequestInfo, ResponseInfo};
use crate::retry::RetryPolicy;

/// A secret (token, password, API key) whose `Debug` never shows the value. Copies share the
/// value, so handing a cached token to each request costs no allocation.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(::std::sync::Arc<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> Self {
        Secret(::std::sync::Arc::from(value.into()))
    }

    /// Whether `other` is a copy of this secret (the same value, shared), which is cheaper to ask
    /// than whether the values are equal.
    fn is_copy_of(&self, other: &Secret) -> bool {
        ::std::sync::Arc::ptr_eq(&self.0, &other.0)
    }

    /// The secret value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl ::std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

/// How an operation authenticates, as the collection says (after inheritance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// No credentials are sent.
    None,
    /// `Authorization: <prefix> <token>` (bearer tokens and OAuth 2.0 access tokens).
    BearerHeader {
        /// The word before the token, usually `Bearer`.
        prefix: &'static str,
    },
    /// The OAuth 2.0 access token in the query parameter `access_token`.
    TokenQuery,
    /// HTTP basic authentication.
    Basic,
    /// An API key in the named header.
    ApiKeyHeader {
        /// The header name.
        name: &'static str,
    },
    /// An API key in the named query parameter.
    ApiKeyQuery {
        /// The query parameter name.
        name: &'static str,
    },
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> =
    ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = ::std::result::Result<Secret, Error>> + ::std::marker::Send + 'a>>;

/// A source of access tokens for the operations that send a bearer token or an OAuth 2.0 access
/// token: the client asks it before each request (so it should cache), and once more after a `401`
/// answer, passing the token the server refused, before it sends the request again (once).
///
/// Plug in any flow: an authorization code done elsewhere, a vault, a CLI login. Keep the secrets
/// out of `Debug`.
///
/// ```ignore
/// #[derive(Debug)]
/// struct FromEnv;
///
/// impl TokenProvider for FromEnv {
///     fn token<'a>(&'a self, _refused: Option<&'a Secret>) -> TokenFuture<'a> {
///         Box::pin(async {
///             std::env::var("API_TOKEN").map(Secret::new).map_err(|_| Error::Token(TokenError::new("$API_TOKEN", "not set")))
///         })
///     }
/// }
/// ```
pub trait TokenProvider: ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync {
    /// A token to send. `refused` is the token the server just answered `401` to, when it did: give
    /// a fresh one.
    fn token<'a>(&'a self, refused: ::std::option::Option<&'a Secret>) -> TokenFuture<'a>;
}

/// The credentials a client holds; each operation uses the ones its [`AuthScheme`] asks for.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// A bearer token or OAuth 2.0 access token.
    pub token: ::std::option::Option<Secret>,
    /// Where tokens come from when they expire ([`TokenProvider`]); when set, it is asked instead of
    /// [`Credentials::token`].
    pub provider: ::std::option::Option<::std::sync::Arc<dyn TokenProvider>>,
    /// The user name and password for basic authentication.
    pub basic: ::std::option::Option<(::std::string::String, Secret)>,
    /// An API key.
    pub api_key: ::std::option::Option<Secret>,
}

/// What a generated operation knows about itself.
#[derive(Debug)]
pub struct OperationSpec {
    /// The Rust name of the operation, e.g. `get_user`.
    pub name: &'static str,
    /// The HTTP method, e.g. `GET`.
    pub method: &'static str,
    /// How the operation authenticates.
    pub auth: AuthScheme,
    /// The non-success statuses the collection documents, with what it says about each.
    pub documented: &'static [(u16, &'static str)],
}

/// The parts of one request that vary per call.
#[derive(Debug)]
pub struct RequestSpec {
    /// The path; once the request is built, the whole URL (the base URL put in front, in place).
    path: ::std::string::String,
    /// Whether `path` holds the whole URL.
    joined: bool,
    query: ::std::vec::Vec<(&'static str, ::std::string::String)>,
    headers: ::std::vec::Vec<(&'static str, ::std::string::String)>,
    /// The headers every request of the operation sends, after `headers`.
    fixed: &'static [(&'static str, &'static str)],
    body: ::std::option::Option<BodySpec>,
}

/// A request body.
#[derive(Debug)]
enum BodySpec {
    /// Bytes with a content type (JSON, text, files).
    Bytes(::std::vec::Vec<u8>, &'static str),
    /// `application/x-www-form-urlencoded` fields.
    Form(::std::vec::Vec<(&'static str, ::std::string::String)>),
    /// `multipart/form-data` parts.
    Multipart(::std::vec::Vec<Part>),
    /// A body already moved into the request of the last attempt.
    Sent,
}

/// One part of a multipart body.
#[derive(Debug)]
enum Part {
    /// A text field.
    Text(&'static str, ::std::string::String),
    /// A file: field name, file name, contents.
    File(&'static str, ::std::string::String, ::std::vec::Vec<u8>),
}

impl RequestSpec {
    /// A request for `path`, which must already be encoded (see [`encode_path_segment`]).
    pub fn new(path: ::std::string::String) -> Self {
        RequestSpec {
            path,
            joined: false,
            query: ::std::vec::Vec::new(),
            headers: ::std::vec::Vec::new(),
            fixed: &[],
            body: ::std::option::Option::None,
        }
    }

    /// Sends `value` as a JSON body.
    pub fn json<T: ::serde::Serialize + ?Sized>(&mut self, value: &T) -> ::std::result::Result<(), Error> {
        let bytes = ::serde_json::to_vec(value)
            .map_err(|error| Error::InvalidRequest(::std::format!("the body cannot be encoded as JSON: {error}")))?;
        self.body = ::std::option::Option::Some(BodySpec::Bytes(bytes, "application/json"));
        ::std::result::Result::Ok(())
    }

    /// Sends `value` as a JSON body in which each field of `dynamic` (`(path, variable, quoted)`:
    /// the keys down to it, the Postman dynamic variable, whether the collection quoted it) that
    /// `value` leaves out or `null` holds a fresh value of the variable ([`dynamic_value`]): a string
    /// when quoted, else the number or boolean it is. Made once, when the request is built, so a
    /// retry sends the same body.
    pub fn json_with_dynamic<T: ::serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
        dynamic: &[(&[&str], &str, bool)],
    ) -> ::std::result::Result<(), Error> {
        let mut json = ::serde_json::to_value(value)
            .map_err(|error| Error::InvalidRequest(::std::format!("the body cannot be encoded as JSON: {error}")))?;
        for (path, variable, quoted) in dynamic {
            let ::std::option::Option::Some((last, parents)) = path.split_last() else { continue };
            // The object that holds the field: only where the caller's body has every parent.
            let object = parents.iter().try_fold(&mut json, |place, key| place.get_mut(*key)).and_then(::serde_json::Value::as_object_mut);
            let ::std::option::Option::Some(object) = object else { continue };
            if object.get(*last).is_none_or(::serde_json::Value::is_null) {
                let text = dynamic_value(variable);
                let fresh = if *quoted {
                    ::serde_json::Value::String(text)
                } else {
                    ::serde_json::from_str(&text).ok().filter(|v: &::serde_json::Value| v.is_number() || v.is_boolean()).unwrap_or(::serde_json::Value::String(text))
                };
                object.insert((*last).to_owned(), fresh);
            }
        }
        self.json(&json)
    }

    /// Sends a GraphQL query (and its variables, when set) as `{"query": …, "variables": …}`.
    pub fn graphql<T: ::serde::Serialize>(
        &mut self,
        query: &str,
        variables: ::std::option::Option<&T>,
    ) -> ::std::result::Result<(), Error> {
        #[derive(::serde::Serialize)]
        struct GraphqlBody<'a, T> {
            query: &'a str,
            #[serde(skip_serializing_if = "::std::option::Option::is_none")]
            variables: ::std::option::Option<&'a T>,
        }
        self.json(&GraphqlBody { query, variables })
    }

    /// Sends text (or any bytes) with the given content type.
    pub fn bytes(&mut self, bytes: impl ::std::convert::Into<::std::vec::Vec<u8>>, content_type: &'static str) {
        self.body = ::std::option::Option::Some(BodySpec::Bytes(bytes.into(), content_type));
    }

    /// Adds a field to an urlencoded form body.
    pub fn form(&mut self, name: &'static str, value: impl ::std::fmt::Display) {
        match &mut self.body {
            ::std::option::Option::Some(BodySpec::Form(fields)) => fields.push((name, value.to_string())),
            _ => self.body = ::std::option::Option::Some(BodySpec::Form(::std::vec![(name, value.to_string())])),
        }
    }

    /// Adds a form field when it is set.
    pub fn form_opt<T: ::std::fmt::Display>(&mut self, name: &'static str, value: ::std::option::Option<T>) {
        if let ::std::option::Option::Some(value) = value {
            self.form(name, value);
        }
    }

    /// Adds a form field once per value, in order (none when there is no value).
    pub fn form_each<T: ::std::fmt::Display>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.form(name, value);
        }
    }

    /// Makes the body an urlencoded form, even when no field is set.
    pub fn form_body(&mut self) {
        if !matches!(self.body, ::std::option::Option::Some(BodySpec::Form(_))) {
            self.body = ::std::option::Option::Some(BodySpec::Form(::std::vec::Vec::new()));
        }
    }

    /// Makes the body multipart, even when no part is set.
    pub fn multipart_body(&mut self) {
        self.push_part(::std::option::Option::None);
    }

    /// Makes the body multipart (even with no parts) and adds `part`, if any.
    fn push_part(&mut self, part: ::std::option::Option<Part>) {
        match &mut self.body {
            ::std::option::Option::Some(BodySpec::Multipart(parts)) => parts.extend(part),
            _ => self.body = ::std::option::Option::Some(BodySpec::Multipart(part.into_iter().collect())),
        }
    }

    /// Adds a text part to a multipart body when it is set.
    pub fn part_opt<T: ::std::fmt::Display>(&mut self, name: &'static str, value: ::std::option::Option<T>) {
        self.push_part(value.map(|value| Part::Text(name, value.to_string())));
    }

    /// Adds a text part to a multipart body once per value, in order (none when there is no value).
    pub fn part_each<T: ::std::fmt::Display>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.part_opt(name, ::std::option::Option::Some(value));
        }
    }

    /// Adds a file part (file name and contents) to a multipart body when it is set.
    pub fn file_part_opt(&mut self, name: &'static str, file: ::std::option::Option<(::std::string::String, ::std::vec::Vec<u8>)>) {
        self.push_part(file.map(|(file_name, contents)| Part::File(name, file_name, contents)));
    }

    /// Adds a query parameter.
    pub fn query(&mut self, name: &'static str, value: impl ::std::fmt::Display) {
        self.query.push((name, value.to_string()));
    }

    /// Adds a query parameter when it is set.
    pub fn query_opt<T: ::std::fmt::Display>(&mut self, name: &'static str, value: ::std::option::Option<T>) {
        if let ::std::option::Option::Some(value) = value {
            self.query(name, value);
        }
    }

    /// Adds a query parameter once per value, in order (`ids=1&ids=2`; none when there is no value).
    pub fn query_each<T: ::std::fmt::Display>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.query(name, value);
        }
    }

    /// Adds a header.
    pub fn header(&mut self, name: &'static str, value: impl ::std::fmt::Display) {
        self.headers.push((name, value.to_string()));
    }

    /// Whether the request can be built again for another attempt: not once its body was moved
    /// into a request, and never with a multipart body (its parts, which may be large files, are
    /// moved, not copied).
    pub fn can_resend(&self) -> bool {
        !matches!(self.body, ::std::option::Option::Some(BodySpec::Multipart(_) | BodySpec::Sent))
    }

    /// Sets the headers every request of the operation sends (`Accept`, a fixed API version…),
    /// sent after those added with [`RequestSpec::header`].
    pub fn fixed_headers(&mut self, headers: &'static [(&'static str, &'static str)]) {
        self.fixed = headers;
    }

    /// Adds a header when it is set.
    pub fn header_opt<T: ::std::fmt::Display>(&mut self, name: &'static str, value: ::std::option::Option<T>) {
        if let ::std::option::Option::Some(value) = value {
            self.header(name, value);
        }
    }
}

/// A fresh value of a Postman dynamic variable (`guid` for `{{$guid}}`), for a request whose
/// collection sends one and whose caller set none: `guid`/`randomUUID` a random UUID (v4),
/// `timestamp` the Unix time in seconds, `isoTimestamp` the time in ISO 8601 (UTC, milliseconds),
/// `randomInt` 0 to 1000, `randomBoolean`, `randomAlphaNumeric` one letter or digit. Randomness comes
/// from the standard library's per-process random hasher keys: unique enough for request ids and
/// idempotency keys, not for secrets. Another name gives an empty text.
pub fn dynamic_value(name: &str) -> ::std::string::String {
    use ::std::hash::{BuildHasher, Hasher};
    static COUNTER: ::std::sync::atomic::AtomicU64 = ::std::sync::atomic::AtomicU64::new(0);
    let now = ::std::time::SystemTime::now().duration_since(::std::time::UNIX_EPOCH).unwrap_or_default();
    let random = || {
        let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, ::std::sync::atomic::Ordering::Relaxed));
        hasher.write_u128(now.as_nanos());
        hasher.finish()
    };
    match name {
        "guid" | "randomUUID" => {
            let bytes = (u128::from(random()) << 64 | u128::from(random())).to_be_bytes();
            let mut bytes = bytes;
            bytes[6] = (bytes[6] & 0x0f) | 0x40;
            bytes[8] = (bytes[8] & 0x3f) | 0x80;
            let hex: ::std::string::String = bytes.iter().map(|b| ::std::format!("{b:02x}")).collect();
            ::std::format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
        }
        "timestamp" => now.as_secs().to_string(),
        "isoTimestamp" => {
            let secs = now.as_secs();
            let days = i64::try_from(secs / 86_400).unwrap_or(0);
            let (year, month, day) = civil_from_days(days);
            let rest = secs % 86_400;
            ::std::format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z", rest / 3600, rest / 60 % 60, rest % 60, now.subsec_millis())
        }
        "randomInt" => (random() % 1001).to_string(),
        "randomBoolean" => (random() % 2 == 0).to_string(),
        "randomAlphaNumeric" => {
            const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
            let index = usize::try_from(random() % ALPHABET.len() as u64).unwrap_or(0);
            char::from(ALPHABET[index]).to_string()
        }
        _ => ::std::string::String::new(),
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The base URL `template` (`https://{{region}}.api.example.com`) with each variable filled from
/// `values` (set by the builder's setters; a later value wins). `variables` pairs each variable with
/// its setter, for the error when one is not set.
///
/// # Errors
///
/// [`Error::InvalidRequest`] naming the variable and its setter when a variable is not set, or when
/// a value has anything but ASCII letters, digits and `-._~` (which could change the host).
pub fn fill_base_url(
    template: &str,
    variables: &[(&str, &str)],
    values: &[(&'static str, ::std::string::String)],
) -> ::std::result::Result<::std::string::String, Error> {
    let mut url = template.to_owned();
    for (name, setter) in variables {
        let ::std::option::Option::Some((_, value)) = values.iter().rev().find(|(set, _)| set == name) else {
            return ::std::result::Result::Err(Error::InvalidRequest(::std::format!(
                "the base URL {template} needs `{name}`: set it with `ClientBuilder::{setter}` (or the whole URL with `ClientBuilder::base_url`)"
            )));
        };
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) {
            return ::std::result::Result::Err(Error::InvalidRequest(::std::format!(
                "`{name}` of the base URL may hold only letters, digits and `-._~`, not {value:?}"
            )));
        }
        // `{{name}}`, and `{{ name }}` with spaces, as Postman reads both.
        let mut filled = ::std::string::String::with_capacity(url.len());
        let mut rest = url.as_str();
        while let ::std::option::Option::Some(start) = rest.find("{{") {
            let ::std::option::Option::Some(len) = rest[start + 2..].find("}}") else { break };
            filled.push_str(&rest[..start]);
            if rest[start + 2..start + 2 + len].trim() == *name {
                filled.push_str(value);
            } else {
                filled.push_str(&rest[start..start + 2 + len + 2]);
            }
            rest = &rest[start + 2 + len + 2..];
        }
        filled.push_str(rest);
        url = filled;
    }
    ::std::result::Result::Ok(url)
}

/// Encodes one path parameter as one path segment.
///
/// Everything but ASCII letters, digits and `-._~` is percent-encoded, so `/`, `?`, `#`, `@` and `%`
/// stay inside the segment. An empty value, `.` or `..` would change the path, so they are refused.
pub fn encode_path_segment(parameter: &str, value: &str) -> ::std::result::Result<::std::string::String, Error> {
    let mut segment = ::std::string::String::with_capacity(value.len());
    push_path_segment(&mut segment, parameter, value)?;
    ::std::result::Result::Ok(segment)
}

/// [`encode_path_segment`], written at the end of `path`.
pub fn push_path_segment(path: &mut ::std::string::String, parameter: &str, value: &str) -> ::std::result::Result<(), Error> {
    if value.is_empty() || value == "." || value == ".." {
        return ::std::result::Result::Err(Error::InvalidRequest(::std::format!(
            "path parameter `{parameter}` cannot be {value:?}: it would change the request path"
        )));
    }
    const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    path.extend(::percent_encoding::utf8_percent_encode(value, SEGMENT));
    ::std::result::Result::Ok(())
}

/// The connection shared by all operations of a client: base URL, HTTP client, credentials, retry
/// policy and hooks.
#[derive(Clone)]
pub struct ClientCore {
    base_url: ::std::string::String,
    http: ::reqwest::Client,
    credentials: Credentials,
    retry: ::std::option::Option<RetryPolicy>,
    hooks: Hooks,
    /// The `Authorization` header made for the latest token, reused while the token is the same.
    authorization: ::std::sync::Arc<::std::sync::Mutex<::std::option::Option<Authorization>>>,
    recorder: ::std::option::Option<SampleRecorder>,
    #[cfg(feature = "blocking")]
    blocking: ::std::sync::Arc<::std::sync::Mutex<::std::option::Option<::std::sync::Arc<BlockingRuntime>>>>,
}

/// An `Authorization` header value and what it was made of.
struct Authorization {
    prefix: &'static str,
    token: Secret,
    value: ::reqwest::header::HeaderValue,
}

impl ::std::fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
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
async fn read_body(response: &mut ::reqwest::Response) -> ::std::result::Result<::std::vec::Vec<u8>, ::reqwest::Error> {
    let expected = response.content_length().map_or(0, |length| usize::try_from(length).unwrap_or(usize::MAX).min(1 << 20));
    let mut body = ::std::vec::Vec::with_capacity(expected);
    while let ::std::option::Option::Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    ::std::result::Result::Ok(body)
}

/// A response with a success status, read whole, before its body is decoded.
#[derive(Debug)]
pub struct RawResponse {
    /// The status.
    pub status: ::reqwest::StatusCode,
    /// The headers.
    pub headers: ::reqwest::header::HeaderMap,
    /// The body.
    pub body: ::std::vec::Vec<u8>,
}

/// A decoded response body together with the status and headers it came with.
///
/// `.send_with_response().await` gives one; `.send().await` (or just `.await`) gives the body alone.
/// It dereferences to the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseValue<T> {
    status: ::reqwest::StatusCode,
    headers: ::reqwest::header::HeaderMap,
    body: T,
}

impl<T> ResponseValue<T> {
    /// The status of the response.
    pub fn status(&self) -> ::reqwest::StatusCode {
        self.status
    }

    /// The headers of the response.
    pub fn headers(&self) -> &::reqwest::header::HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// The status, headers and body.
    pub fn into_parts(self) -> (::reqwest::StatusCode, ::reqwest::header::HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

impl<T> ::std::ops::Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// How an operation turns a raw success response into its decoded body.
pub type Decode<T> = fn(RawResponse, &OperationSpec) -> ::std::result::Result<ResponseValue<T>, Error>;

/// The future of a request on its way: the request is built already, the response not yet received.
type InFlight<'a> = ::std::pin::Pin<
    ::std::boxed::Box<dyn ::std::future::Future<Output = ::std::result::Result<RawResponse, Error>> + ::std::marker::Send + 'a>,
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
    pub timeout: ::std::option::Option<::std::time::Duration>,
    /// The retry policy (`Some(None)`: never retry), instead of the client's.
    pub retry: ::std::option::Option<::std::option::Option<RetryPolicy>>,
}

impl<'a, T> Call<'a, T> {
    fn new(
        core: &'a ClientCore,
        op: &'static OperationSpec,
        request: ::std::result::Result<RequestSpec, Error>,
        decode: Decode<T>,
    ) -> Self {
        let state = match request {
            ::std::result::Result::Ok(request) => Stage::Ready(request),
            ::std::result::Result::Err(error) => Stage::Failed(error),
        };
        Call { core, op, state, options: CallOptions::default(), decode }
    }

    fn poll_call(&mut self, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<::std::result::Result<ResponseValue<T>, Error>> {
        let response = loop {
            match ::std::mem::replace(&mut self.state, Stage::Done) {
                Stage::Ready(request) => {
                    let options = ::std::mem::take(&mut self.options);
                    self.state = Stage::InFlight(::std::boxed::Box::pin(self.core.execute_with(self.op, request, options)));
                }
                Stage::InFlight(mut future) => match ::std::future::Future::poll(future.as_mut(), cx) {
                    ::std::task::Poll::Pending => {
                        self.state = Stage::InFlight(future);
                        return ::std::task::Poll::Pending;
                    }
                    ::std::task::Poll::Ready(response) => break response,
                },
                Stage::Failed(error) => break ::std::result::Result::Err(error),
                Stage::Done => {
                    break ::std::result::Result::Err(Error::InvalidRequest(::std::format!("`{}` polled after completion", self.op.name)));
                }
            }
        };
        ::std::task::Poll::Ready(response.and_then(|response| self.decode_and_record(response)))
    }

    /// Decodes the response; with a [`SampleRecorder`], records the body when the operation's type
    /// is a JSON value or the body did not decode.
    fn decode_and_record(&self, response: RawResponse) -> ::std::result::Result<ResponseValue<T>, Error> {
        let ::std::option::Option::Some(recorder) = &self.core.recorder else {
            return (self.decode)(response, self.op);
        };
        let content_type = || response.headers.get(::reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(::std::borrow::ToOwned::to_owned);
        let untyped = ::std::any::type_name::<T>() == ::std::any::type_name::<::serde_json::Value>();
        let kept = untyped.then(|| (response.status.as_u16(), content_type(), response.body.clone()));
        let decoded = (self.decode)(response, self.op);
        match (&decoded, kept) {
            (::std::result::Result::Ok(_), ::std::option::Option::Some((status, content_type, body))) => {
                recorder.record(self.op.name, status, content_type.as_deref(), &body);
            }
            (::std::result::Result::Err(Error::Decode(error)), _) => {
                let content_type = error.0.headers.get(::reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
                recorder.record(self.op.name, error.0.status.as_u16(), content_type, &error.0.body);
            }
            _ => {}
        }
        decoded
    }
}

impl<T> ::std::fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let state = match &self.state {
            Stage::Ready(_) => "ready",
            Stage::InFlight(_) => "in flight",
            Stage::Failed(_) => "failed",
            Stage::Done => "done",
        };
        f.debug_struct("Pending").field("operation", &self.op.name).field("state", &state).field("options", &self.options).finish()
    }
}

/// A request that has been sent (or failed to build): a [`Future`](::std::future::Future) of the
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
        request: ::std::result::Result<RequestSpec, Error>,
        decode: Decode<T>,
    ) -> Self {
        Pending(Call::new(core, op, request, decode))
    }

    /// The same request, resolving to the body together with the response's status and headers.
    pub fn with_response(self) -> PendingResponse<'a, T> {
        PendingResponse(self.0)
    }

    /// This call's timeout for each attempt, instead of the client's.
    pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.0.options.timeout = ::std::option::Option::Some(timeout);
        self
    }

    /// This call's retry policy, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.0.options.retry = ::std::option::Option::Some(::std::option::Option::Some(policy));
        self
    }

    /// Sends this call once, whatever the client's retry policy.
    pub fn without_retry(mut self) -> Self {
        self.0.options.retry = ::std::option::Option::Some(::std::option::Option::None);
        self
    }

    /// Waits for the decoded body without an async runtime (the `blocking` feature).
    ///
    /// # Errors
    ///
    /// The request's error, or [`Error::InvalidRequest`] inside an async runtime: use `.await` there.
    #[cfg(feature = "blocking")]
    pub fn wait(self) -> ::std::result::Result<T, Error> {
        let core = self.0.core;
        core.block_on(self)
    }
}

impl<T> ::std::future::Future for Pending<'_, T> {
    type Output = ::std::result::Result<T, Error>;

    fn poll(mut self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<Self::Output> {
        self.0.poll_call(cx).map(|result| result.map(ResponseValue::into_inner))
    }
}

/// A request that has been sent: a [`Future`](::std::future::Future) of the decoded body with the
/// response's status and headers ([`ResponseValue`]). `.send_with_response()` returns one.
#[must_use = "a request does nothing unless it is awaited"]
#[derive(Debug)]
pub struct PendingResponse<'a, T>(Call<'a, T>);

impl<T> PendingResponse<'_, T> {
    /// This call's timeout for each attempt, instead of the client's.
    pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.0.options.timeout = ::std::option::Option::Some(timeout);
        self
    }

    /// This call's retry policy, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.0.options.retry = ::std::option::Option::Some(::std::option::Option::Some(policy));
        self
    }

    /// Sends this call once, whatever the client's retry policy.
    pub fn without_retry(mut self) -> Self {
        self.0.options.retry = ::std::option::Option::Some(::std::option::Option::None);
        self
    }

    /// Waits for the response without an async runtime (the `blocking` feature).
    ///
    /// # Errors
    ///
    /// The request's error, or [`Error::InvalidRequest`] inside an async runtime: use `.await` there.
    #[cfg(feature = "blocking")]
    pub fn wait(self) -> ::std::result::Result<ResponseValue<T>, Error> {
        let core = self.0.core;
        core.block_on(self)
    }
}

impl<T> ::std::future::Future for PendingResponse<'_, T> {
    type Output = ::std::result::Result<ResponseValue<T>, Error>;

    fn poll(mut self: ::std::pin::Pin<&mut Self>, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<Self::Output> {
        self.0.poll_call(cx)
    }
}

impl RawResponse {
    /// The response with `body` in place of the raw bytes.
    fn with<T>(self, body: T) -> ResponseValue<T> {
        ResponseValue { status: self.status, headers: self.headers, body }
    }

    /// Decodes the body as JSON into `T`, keeping the body and the path of the failure otherwise.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the body is not JSON of the expected shape.
    pub fn json<T: ::serde::de::DeserializeOwned>(self, op: &OperationSpec) -> ::std::result::Result<ResponseValue<T>, Error> {
        // Decoded without tracking the path (which costs an allocation per key); read again with it
        // only to say where a body that does not decode fails.
        let result = ::serde_json::from_slice(&self.body).map_err(|_| {
            let mut deserializer = ::serde_json::Deserializer::from_slice(&self.body);
            match ::serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                ::std::result::Result::Err(error) => (error.path().to_string(), error.into_inner()),
                ::std::result::Result::Ok(_) => match deserializer.end() {
                    ::std::result::Result::Err(error) => (::std::string::String::new(), error),
                    // Not reached: the same bytes decoded once and failed once.
                    ::std::result::Result::Ok(()) => (::std::string::String::new(), <::serde_json::Error as ::serde::de::Error>::custom("the body does not decode")),
                },
            }
        });
        match result {
            ::std::result::Result::Ok(body) => ::std::result::Result::Ok(self.with(body)),
            ::std::result::Result::Err((path, source)) => {
                ::std::result::Result::Err(Error::Decode(DecodeError(::std::boxed::Box::new(DecodeErrorParts {
                    operation: op.name,
                    status: self.status,
                    headers: self.headers,
                    body: self.body,
                    path,
                    source,
                }))))
            }
        }
    }

    /// Decodes the body as JSON when there is one, and as `null` when it is empty.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when a non-empty body is not JSON.
    pub fn json_or_null(self, op: &OperationSpec) -> ::std::result::Result<ResponseValue<::serde_json::Value>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return ::std::result::Result::Ok(self.with(::serde_json::Value::Null));
        }
        self.json(op)
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(mut self) -> ResponseValue<::std::string::String> {
        let body = ::std::mem::take(&mut self.body);
        let text = match ::std::string::String::from_utf8(body) {
            ::std::result::Result::Ok(text) => text,
            ::std::result::Result::Err(error) => ::std::string::String::from_utf8_lossy(error.as_bytes()).into_owned(),
        };
        self.with(text)
    }

    /// A response whose body (usually empty, as for `204 No Content`) carries nothing to decode.
    pub fn empty(mut self) -> ResponseValue<()> {
        self.body = ::std::vec::Vec::new();
        self.with(())
    }

    /// [`text`](Self::text) as a [`Decode`] function.
    ///
    /// # Errors
    ///
    /// Never: any body is text.
    pub fn decode_text(self, _: &OperationSpec) -> ::std::result::Result<ResponseValue<::std::string::String>, Error> {
        ::std::result::Result::Ok(self.text())
    }

    /// [`empty`](Self::empty) as a [`Decode`] function.
    ///
    /// # Errors
    ///
    /// Never: the body is ignored.
    pub fn decode_empty(self, _: &OperationSpec) -> ::std::result::Result<ResponseValue<()>, Error> {
        ::std::result::Result::Ok(self.empty())
    }

    /// The error for a success status the collection does not document for an operation whose
    /// success statuses have different bodies.
    pub fn unexpected(self, op: &OperationSpec) -> Error {
        Error::UnexpectedStatus(ApiError::new(op.name, self.status, self.headers, self.body, ::std::option::Option::None))
    }
}

impl ClientCore {
    /// Checks the base URL (an absolute `http` or `https` URL) and keeps it without a trailing `/`.
    pub fn new(
        base_url: &str,
        http: ::reqwest::Client,
        credentials: Credentials,
    ) -> ::std::result::Result<Self, Error> {
        let parsed = ::reqwest::Url::parse(base_url)
            .map_err(|error| Error::InvalidRequest(::std::format!("invalid base URL {base_url:?}: {error}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return ::std::result::Result::Err(Error::InvalidRequest(::std::format!(
                "invalid base URL {base_url:?}: expected an http or https URL"
            )));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return ::std::result::Result::Err(Error::InvalidRequest(::std::format!(
                "invalid base URL {base_url:?}: it cannot have a query or fragment"
            )));
        }
        let base_url = base_url.trim_end_matches('/').to_owned();
        ::std::result::Result::Ok(ClientCore {
            base_url,
            http,
            credentials,
            retry: ::std::option::Option::None,
            hooks: Hooks::default(),
            authorization: ::std::sync::Arc::default(),
            recorder: ::std::option::Option::None,
            #[cfg(feature = "blocking")]
            blocking: ::std::sync::Arc::default(),
        })
    }

    /// Retries failed requests by `policy` (`None`: never).
    pub fn set_retry(&mut self, policy: ::std::option::Option<RetryPolicy>) {
        self.retry = policy;
    }

    /// The retry policy, if any.
    pub fn retry(&self) -> ::std::option::Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Runs `hooks` on every request and response.
    pub fn set_hooks(&mut self, hooks: Hooks) {
        self.hooks = hooks;
    }

    /// Records the bodies the types do not cover with `recorder` (`None`: not at all, the default).
    pub fn set_recorder(&mut self, recorder: ::std::option::Option<SampleRecorder>) {
        self.recorder = recorder;
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The underlying HTTP client.
    pub fn http(&self) -> &::reqwest::Client {
        &self.http
    }

    /// An empty path for a request, with room for `len` bytes and the base URL, which is put in
    /// front of it when the request is built (without allocating again).
    pub fn path_buffer(&self, len: usize) -> ::std::string::String {
        ::std::string::String::with_capacity(self.base_url.len() + len)
    }

    /// Builds the `reqwest` request for an operation, with its credentials applied, moving the body
    /// out of `spec`.
    pub fn build(&self, op: &OperationSpec, spec: &mut RequestSpec) -> ::std::result::Result<::reqwest::Request, Error> {
        self.build_attempt(op, spec, false)
    }

    /// [`ClientCore::build`]; with `again`, `spec` keeps a copy of a body that is not multipart, for
    /// another attempt (see [`RequestSpec::can_resend`]).
    fn build_attempt(&self, op: &OperationSpec, spec: &mut RequestSpec, again: bool) -> ::std::result::Result<::reqwest::Request, Error> {
        let method = ::reqwest::Method::from_bytes(op.method.as_bytes())
            .map_err(|_| Error::InvalidRequest(::std::format!("invalid HTTP method {:?}", op.method)))?;
        if !spec.joined {
            spec.path.insert_str(0, &self.base_url);
            spec.joined = true;
        }
        let url = ::reqwest::Url::parse(&spec.path)
            .map_err(|error| Error::InvalidRequest(::std::format!("invalid URL for `{}`: {error}", op.name)))?;
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
                ::reqwest::header::HeaderValue::from_static(value)
            } else {
                header_value(name, value)?
            };
            builder = builder.header(*name, value);
        }
        builder = match &mut spec.body {
            ::std::option::Option::None => builder,
            ::std::option::Option::Some(BodySpec::Bytes(bytes, content_type)) => {
                let content_type = *content_type;
                let bytes = if again { bytes.clone() } else { ::std::mem::take(bytes) };
                if !again {
                    spec.body = ::std::option::Option::Some(BodySpec::Sent);
                }
                builder.header(::reqwest::header::CONTENT_TYPE, content_type).body(bytes)
            }
            ::std::option::Option::Some(BodySpec::Form(fields)) => builder.form(&fields),
            ::std::option::Option::Some(BodySpec::Multipart(parts)) => {
                let mut form = ::reqwest::multipart::Form::new();
                for part in ::std::mem::take(parts) {
                    form = match part {
                        Part::Text(name, value) => form.text(name, value),
                        Part::File(name, file_name, contents) => {
                            form.part(name, ::reqwest::multipart::Part::bytes(contents).file_name(file_name))
                        }
                    };
                }
                spec.body = ::std::option::Option::Some(BodySpec::Sent);
                builder.multipart(form)
            }
            ::std::option::Option::Some(BodySpec::Sent) => {
                return ::std::result::Result::Err(Error::InvalidRequest(::std::format!("the body of `{}` was sent already", op.name)));
            }
        };
        let credentials = &self.credentials;
        builder = match (op.auth, credentials.token.as_ref(), credentials.api_key.as_ref(), credentials.basic.as_ref()) {
            (AuthScheme::BearerHeader { prefix }, ::std::option::Option::Some(token), _, _) => {
                builder.header(::reqwest::header::AUTHORIZATION, self.authorization(prefix, token)?)
            }
            (AuthScheme::TokenQuery, ::std::option::Option::Some(token), _, _) => {
                builder.query(&[("access_token", token.expose())])
            }
            (AuthScheme::ApiKeyHeader { name }, _, ::std::option::Option::Some(key), _) => {
                let mut value = header_value(name, key.expose())?;
                value.set_sensitive(true);
                builder.header(name, value)
            }
            (AuthScheme::ApiKeyQuery { name }, _, ::std::option::Option::Some(key), _) => {
                builder.query(&[(name, key.expose())])
            }
            (AuthScheme::Basic, _, _, ::std::option::Option::Some((user, password))) => {
                builder.basic_auth(user, ::std::option::Option::Some(password.expose()))
            }
            _ => builder,
        };
        builder.build().map_err(|error| Error::InvalidRequest(::std::format!("cannot build the request for `{}`: {error}", op.name)))
    }

    /// The `Authorization` header for `token`: made once per token and prefix, then shared.
    fn authorization(&self, prefix: &'static str, token: &Secret) -> ::std::result::Result<::reqwest::header::HeaderValue, Error> {
        let mut cached = self.authorization.lock().unwrap_or_else(::std::sync::PoisonError::into_inner);
        if let ::std::option::Option::Some(cached) = cached.as_ref().filter(|c| c.prefix == prefix && c.token.is_copy_of(token)) {
            return ::std::result::Result::Ok(cached.value.clone());
        }
        let text = if prefix.is_empty() { token.expose().to_owned() } else { ::std::format!("{prefix} {}", token.expose()) };
        let mut value = header_value("Authorization", &text)?;
        value.set_sensitive(true);
        *cached = ::std::option::Option::Some(Authorization { prefix, token: token.clone(), value: value.clone() });
        ::std::result::Result::Ok(value)
    }

    /// Puts `token` where `auth` sends it, replacing what the request had there.
    fn apply_token(&self, request: &mut ::reqwest::Request, auth: AuthScheme, token: &Secret) -> ::std::result::Result<(), Error> {
        match auth {
            AuthScheme::BearerHeader { prefix } => {
                request.headers_mut().insert(::reqwest::header::AUTHORIZATION, self.authorization(prefix, token)?);
            }
            AuthScheme::TokenQuery => {
                let url = request.url_mut();
                let kept: ::std::vec::Vec<(::std::string::String, ::std::string::String)> =
                    url.query_pairs().filter(|(name, _)| name != "access_token").map(|(name, value)| (name.into_owned(), value.into_owned())).collect();
                url.query_pairs_mut().clear().extend_pairs(kept).append_pair("access_token", token.expose());
            }
            _ => {}
        }
        ::std::result::Result::Ok(())
    }

    /// Sends an operation's request, retrying by the client's policy; a success status gives the whole
    /// response, any other status an [`Error::Api`] (documented) or [`Error::UnexpectedStatus`].
    pub async fn execute(&self, op: &OperationSpec, spec: RequestSpec) -> ::std::result::Result<RawResponse, Error> {
        self.execute_with(op, spec, CallOptions::default()).await
    }

    /// [`ClientCore::execute`] with what one call overrides of the client's settings.
    pub async fn execute_with(&self, op: &OperationSpec, spec: RequestSpec, options: CallOptions) -> ::std::result::Result<RawResponse, Error> {
        let mut spec = spec;
        let provider = self
            .credentials
            .provider
            .as_ref()
            .filter(|_| matches!(op.auth, AuthScheme::BearerHeader { .. } | AuthScheme::TokenQuery));
        let method = ::reqwest::Method::from_bytes(op.method.as_bytes()).unwrap_or_default();
        let policy = match &options.retry {
            ::std::option::Option::Some(policy) => policy.as_ref(),
            ::std::option::Option::None => self.retry.as_ref(),
        };
        let policy = policy.filter(|policy| policy.allows(&method));
        // A `401` with a provider's token: one fresh token and one more try, whatever the policy.
        let mut refreshed = provider.is_none();
        let mut token = match provider {
            ::std::option::Option::Some(provider) => ::std::option::Option::Some(provider.token(::std::option::Option::None).await?),
            ::std::option::Option::None => ::std::option::Option::None,
        };
        let started = ::std::time::Instant::now();
        let mut attempt = 1;
        loop {
            // Each attempt builds its request from `spec`: nothing is copied for a retry that may
            // never come.
            let again = policy.is_some() || !refreshed;
            let mut request = self.build_attempt(op, &mut spec, again)?;
            if let ::std::option::Option::Some(timeout) = options.timeout {
                *request.timeout_mut() = ::std::option::Option::Some(timeout);
            }
            if let ::std::option::Option::Some(token) = &token {
                self.apply_token(&mut request, op.auth, token)?;
            }
            let error = match self.attempt(op, attempt, request).await {
                ::std::result::Result::Ok(response) => return ::std::result::Result::Ok(response),
                ::std::result::Result::Err(error) => error,
            };
            // A body that cannot be built again (multipart) is sent once, without retries.
            if !spec.can_resend() {
                return ::std::result::Result::Err(error);
            }
            if let (::std::option::Option::Some(provider), false) = (provider, refreshed) {
                if error.status() == ::std::option::Option::Some(::reqwest::StatusCode::UNAUTHORIZED) {
                    refreshed = true;
                    token = ::std::option::Option::Some(provider.token(token.as_ref()).await?);
                    attempt += 1;
                    continue;
                }
            }
            match policy.and_then(|policy| policy.delay(attempt, started.elapsed(), &error)) {
                ::std::option::Option::Some(delay) => {
                    ::tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                ::std::option::Option::None => return ::std::result::Result::Err(error),
            }
        }
    }

    /// One attempt: hooks, send, read the whole body, classify the status.
    async fn attempt(
        &self,
        op: &OperationSpec,
        attempt: u32,
        mut request: ::reqwest::Request,
    ) -> ::std::result::Result<RawResponse, Error> {
        let info = RequestInfo { operation: op.name, method: op.method, attempt };
        self.hooks.run_request(&info, &mut request)?;
        let sent = ::std::time::Instant::now();
        let received = match self.http.execute(request).await {
            ::std::result::Result::Ok(mut response) => {
                let status = response.status();
                let headers = ::std::mem::take(response.headers_mut());
                read_body(&mut response).await.map(|body| RawResponse { status, headers, body })
            }
            ::std::result::Result::Err(error) => ::std::result::Result::Err(error),
        };
        let response = match received {
            ::std::result::Result::Ok(response) => response,
            ::std::result::Result::Err(error) => {
                let error = Error::from_reqwest(error);
                self.hooks.run_response(&info, ::std::result::Result::Err(&error));
                return ::std::result::Result::Err(error);
            }
        };
        let seen = ResponseInfo { status: response.status, headers: &response.headers, body: &response.body, elapsed: sent.elapsed() };
        self.hooks.run_response(&info, ::std::result::Result::Ok(&seen));
        if response.status.is_success() {
            return ::std::result::Result::Ok(response);
        }
        let documented = op.documented.iter().find(|(code, _)| *code == response.status.as_u16()).map(|(_, text)| *text);
        let api = ApiError::new(op.name, response.status, response.headers, response.body, documented);
        ::std::result::Result::Err(match documented {
            ::std::option::Option::Some(_) => Error::Api(api),
            ::std::option::Option::None => Error::UnexpectedStatus(api),
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
        future: impl ::std::future::Future<Output = ::std::result::Result<T, Error>>,
    ) -> ::std::result::Result<T, Error> {
        if ::tokio::runtime::Handle::try_current().is_ok() {
            return ::std::result::Result::Err(Error::InvalidRequest(
                "a blocking call cannot run inside an async runtime: use `.await` instead".into(),
            ));
        }
        let runtime = {
            let mut slot = self.blocking.lock().unwrap_or_else(::std::sync::PoisonError::into_inner);
            match slot.as_ref() {
                ::std::option::Option::Some(runtime) => ::std::sync::Arc::clone(runtime),
                ::std::option::Option::None => {
                    let runtime = ::tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| {
                        Error::InvalidRequest(::std::format!("cannot start the runtime for blocking calls: {error}"))
                    })?;
                    let runtime = ::std::sync::Arc::new(BlockingRuntime(::std::option::Option::Some(runtime)));
                    *slot = ::std::option::Option::Some(::std::sync::Arc::clone(&runtime));
                    runtime
                }
            }
        };
        match &runtime.0 {
            ::std::option::Option::Some(runtime) => runtime.block_on(future),
            ::std::option::Option::None => ::std::result::Result::Err(Error::InvalidRequest("the blocking runtime is gone".into())),
        }
    }
}

/// The runtime of blocking calls. It shuts down in the background when dropped, so dropping the last
/// clone of a client inside an async context does not panic.
#[cfg(feature = "blocking")]
struct BlockingRuntime(::std::option::Option<::tokio::runtime::Runtime>);

#[cfg(feature = "blocking")]
impl ::std::ops::Drop for BlockingRuntime {
    fn drop(&mut self) {
        if let ::std::option::Option::Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// A header value, refusing line breaks and other bytes that HTTP does not allow.
fn header_value(name: &str, value: &str) -> ::std::result::Result<::reqwest::header::HeaderValue, Error> {
    ::reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(::std::format!(
            "the value of header `{name}` contains a line break or another character HTTP does not allow"
        ))
    })
}

/// A field value that decodes `null` as the type's default: [`set_or_default`] reads the fields
/// that every example has through it. (Private to the runtime: nothing generated names it.)
#[derive(Debug)]
pub(crate) struct OrDefault<T>(pub(crate) T);

impl<'de, T: ::serde::Deserialize<'de> + ::std::default::Default> ::serde::Deserialize<'de> for OrDefault<T> {
    #[inline]
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        struct OrDefaultVisitor<T>(::std::marker::PhantomData<T>);
        impl<'de, T: ::serde::Deserialize<'de> + ::std::default::Default> ::serde::de::Visitor<'de> for OrDefaultVisitor<T> {
            type Value = OrDefault<T>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a value or null")
            }
            #[inline]
            fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<OrDefault<T>, E> {
                ::std::result::Result::Ok(OrDefault(T::default()))
            }
            #[inline]
            fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<OrDefault<T>, E> {
                ::std::result::Result::Ok(OrDefault(T::default()))
            }
            #[inline]
            fn visit_some<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<OrDefault<T>, D::Error> {
                T::deserialize(deserializer).map(OrDefault)
            }
        }
        deserializer.deserialize_option(OrDefaultVisitor(::std::marker::PhantomData))
    }
}

/// A response struct that decodes one field at a time. The generated `impl Deserialize` of each
/// response struct is [`decode_struct`]; this trait is the part that differs between structs, a
/// `match` from JSON key to field.
pub trait DecodeFields: ::std::default::Default {
    /// Decodes the value of `key` from `map` into its field, or skips it when no field has that key.
    ///
    /// # Errors
    ///
    /// The value does not decode as the field's type.
    fn decode_field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> ::std::result::Result<(), A::Error>;
}

/// Decodes a JSON object into a [`DecodeFields`] struct: it starts from the default, decodes each key
/// in turn (the last of duplicate keys wins) and ignores unknown keys.
///
/// # Errors
///
/// The value is not an object, or a field does not decode.
pub fn decode_struct<'de, T: DecodeFields, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<T, D::Error> {
    struct StructVisitor<T>(::std::marker::PhantomData<T>);
    impl<'de, T: DecodeFields> ::serde::de::Visitor<'de> for StructVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<T, A::Error> {
            let mut out = T::default();
            while let ::std::option::Option::Some(key) = map.next_key::<Key<'de>>()? {
                out.decode_field(key.as_str(), &mut map)?;
            }
            ::std::result::Result::Ok(out)
        }
    }
    deserializer.deserialize_map(StructVisitor(::std::marker::PhantomData))
}

/// Decodes the next value into `slot` as its type (an `Option` or `serde_json::Value` takes `null`
/// itself).
///
/// # Errors
///
/// The value does not decode as `T`.
#[inline]
pub fn set<'de, A: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de>>(map: &mut A, slot: &mut T) -> ::std::result::Result<(), A::Error> {
    *slot = map.next_value()?;
    ::std::result::Result::Ok(())
}

/// Decodes the next value into `slot`, `null` as `T::default()` (a field every example has).
///
/// # Errors
///
/// The value is neither `null` nor a `T`.
#[inline]
pub fn set_or_default<'de, A: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de> + ::std::default::Default>(
    map: &mut A,
    slot: &mut T,
) -> ::std::result::Result<(), A::Error> {
    *slot = map.next_value::<OrDefault<T>>()?.0;
    ::std::result::Result::Ok(())
}

/// [`set_or_default`] for a `String` field: the value is read as a string or `null` in one step
/// (`deserialize_any`), rather than as an `Option` and then a string. A number or a bool where the
/// examples had a string (an API that sends `"id": 5` where its examples said `"5"`) is kept as its
/// JSON text (`"5"`, `"true"`); an array or an object fails with serde's usual message ("invalid
/// type: map, expected a string"). `deserialize_any` needs a self-describing format, such as JSON
/// or a `serde_json::Value`.
///
/// # Errors
///
/// The value is an array or an object.
#[inline]
pub fn set_string_or_default<'de, A: ::serde::de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut ::std::string::String,
) -> ::std::result::Result<(), A::Error> {
    *slot = map.next_value_seed(Text)?.unwrap_or_default();
    ::std::result::Result::Ok(())
}

/// Decodes the next value into an optional `String` field, as [`set_string_or_default`] does, but
/// `null` is `None`.
///
/// # Errors
///
/// The value is an array or an object.
#[inline]
pub fn set_option_string<'de, A: ::serde::de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut ::std::option::Option<::std::string::String>,
) -> ::std::result::Result<(), A::Error> {
    *slot = map.next_value_seed(Text)?;
    ::std::result::Result::Ok(())
}

/// Reads a string, or a number or bool as its JSON text; `None` for `null`.
struct Text;

impl<'de> ::serde::de::DeserializeSeed<'de> for Text {
    type Value = ::std::option::Option<::std::string::String>;
    #[inline]
    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> ::serde::de::Visitor<'de> for Text {
    type Value = ::std::option::Option<::std::string::String>;
    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }
    #[inline]
    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::Some(::std::borrow::ToOwned::to_owned(value)))
    }
    #[inline]
    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::Some(value))
    }
    fn visit_bool<E: ::serde::de::Error>(self, value: bool) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::Some(::std::string::ToString::to_string(&value)))
    }
    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::Some(::std::string::ToString::to_string(&value)))
    }
    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::Some(::std::string::ToString::to_string(&value)))
    }
    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<Self::Value, E> {
        // The JSON text serde_json writes for the number (`2.5`, `1e300`).
        let text = ::serde_json::Number::from_f64(value).map_or_else(|| ::std::string::ToString::to_string(&value), |n| ::std::string::ToString::to_string(&n));
        ::std::result::Result::Ok(::std::option::Option::Some(text))
    }
    #[inline]
    fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::None)
    }
    #[inline]
    fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::None)
    }
    fn visit_some<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Decodes the next value into an integer field every example has: `null` is `0`, and a float with
/// no fraction (`3.0`, as some APIs write every number) is the integer it equals.
///
/// # Errors
///
/// The value is not `null` nor an integer in range (a fraction, text, an array, an object).
#[inline]
pub fn set_integer_or_default<'de, A: ::serde::de::MapAccess<'de>, T: Integer>(map: &mut A, slot: &mut T) -> ::std::result::Result<(), A::Error> {
    *slot = map.next_value_seed(Whole::<T>(::std::marker::PhantomData))?.unwrap_or_default();
    ::std::result::Result::Ok(())
}

/// [`set_integer_or_default`] for an optional integer field: `null` is `None`.
///
/// # Errors
///
/// The value is not `null` nor an integer in range.
#[inline]
pub fn set_option_integer<'de, A: ::serde::de::MapAccess<'de>, T: Integer>(
    map: &mut A,
    slot: &mut ::std::option::Option<T>,
) -> ::std::result::Result<(), A::Error> {
    *slot = map.next_value_seed(Whole::<T>(::std::marker::PhantomData))?;
    ::std::result::Result::Ok(())
}

/// The integer types of response fields (`i64`, `u64`).
pub trait Integer: ::std::convert::TryFrom<i64> + ::std::convert::TryFrom<u64> + ::std::default::Default {}

impl Integer for i64 {}

impl Integer for u64 {}

/// Reads an integer, or a float that equals one; `None` for `null`.
struct Whole<T>(::std::marker::PhantomData<T>);

impl<'de, T: Integer> ::serde::de::DeserializeSeed<'de> for Whole<T> {
    type Value = ::std::option::Option<T>;
    #[inline]
    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Integer> ::serde::de::Visitor<'de> for Whole<T> {
    type Value = ::std::option::Option<T>;
    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        // `i64` or `u64`, as serde says it.
        f.write_str(::std::any::type_name::<T>())
    }
    #[inline]
    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<Self::Value, E> {
        T::try_from(value)
            .map(::std::option::Option::Some)
            .map_err(|_| E::invalid_value(::serde::de::Unexpected::Signed(value), &self))
    }
    #[inline]
    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<Self::Value, E> {
        T::try_from(value)
            .map(::std::option::Option::Some)
            .map_err(|_| E::invalid_value(::serde::de::Unexpected::Unsigned(value), &self))
    }
    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<Self::Value, E> {
        // Integral and within ±2^63 (exactly representable bounds): `as` converts exactly.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
            #[allow(clippy::cast_possible_truncation)]
            return self.visit_i64(value as i64);
        }
        if value.fract() == 0.0 && (0.0..2.0 * LIMIT).contains(&value) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return self.visit_u64(value as u64);
        }
        ::std::result::Result::Err(E::invalid_type(::serde::de::Unexpected::Float(value), &self))
    }
    #[inline]
    fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::None)
    }
    #[inline]
    fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        ::std::result::Result::Ok(::std::option::Option::None)
    }
    fn visit_some<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Decodes the next value, `null` included, into `slot` as `Some` (a field kept apart from a missing
/// one: `Some(None)` or `Some(Value::Null)` is `null`).
///
/// # Errors
///
/// The value does not decode as `T`.
#[inline]
pub fn set_present<'de, A: ::serde::de::MapAccess<'de>, T: ::serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut ::std::option::Option<T>,
) -> ::std::result::Result<(), A::Error> {
    *slot = ::std::option::Option::Some(map.next_value()?);
    ::std::result::Result::Ok(())
}

/// Skips the next value (a key no field has).
///
/// # Errors
///
/// The value is not valid JSON.
#[inline]
pub fn skip<'de, A: ::serde::de::MapAccess<'de>>(map: &mut A) -> ::std::result::Result<(), A::Error> {
    map.next_value::<::serde::de::IgnoredAny>()?;
    ::std::result::Result::Ok(())
}

/// The field a key of a response object goes to, for the field types most responses are made of.
///
/// A generated `decode_field` is a `match` from key to `Slot`, then one call to [`Slot::fill`].
/// Naming a variant costs the compiler far less than a call to a generic helper in every arm, which
/// is what keeps `cargo check` of a crate with a thousand structs fast. Fields of other types
/// (structs, lists, maps, fields kept apart from `null`) call [`set`], [`set_or_default`] or
/// [`set_present`] from their arm instead.
///
/// A field every example has decodes `null` as its type's default; an `Option` field decodes
/// `null` as `None`.
#[derive(Debug)]
pub enum Slot<'a> {
    /// A `String` every example has ([`set_string_or_default`]).
    String(&'a mut ::std::string::String),
    /// An `i64` every example has ([`set_integer_or_default`]).
    I64(&'a mut i64),
    /// A `u64` every example has ([`set_integer_or_default`]).
    U64(&'a mut u64),
    /// An `f64` every example has ([`set_or_default`]).
    F64(&'a mut f64),
    /// A `bool` every example has ([`set_or_default`]).
    Bool(&'a mut bool),
    /// A `serde_json::Value`, which takes `null` itself ([`set`]).
    Value(&'a mut ::serde_json::Value),
    /// An optional `String` ([`set_option_string`]).
    OptionString(&'a mut ::std::option::Option<::std::string::String>),
    /// An optional `i64` ([`set_option_integer`]).
    OptionI64(&'a mut ::std::option::Option<i64>),
    /// An optional `u64` ([`set_option_integer`]).
    OptionU64(&'a mut ::std::option::Option<u64>),
    /// An optional `f64` ([`set`]).
    OptionF64(&'a mut ::std::option::Option<f64>),
    /// An optional `bool` ([`set`]).
    OptionBool(&'a mut ::std::option::Option<bool>),
    /// An optional `serde_json::Value`, `None` for `null` ([`set`]).
    OptionValue(&'a mut ::std::option::Option<::serde_json::Value>),
    /// A key no field has ([`skip`]).
    Skip,
}

impl Slot<'_> {
    /// Decodes the next value of `map` into the slot.
    ///
    /// # Errors
    ///
    /// The value is neither `null` nor of the slot's type.
    #[inline(always)]
    pub fn fill<'de, A: ::serde::de::MapAccess<'de>>(self, map: &mut A) -> ::std::result::Result<(), A::Error> {
        match self {
            Slot::String(slot) => set_string_or_default(map, slot),
            Slot::I64(slot) => set_integer_or_default(map, slot),
            Slot::U64(slot) => set_integer_or_default(map, slot),
            Slot::F64(slot) => set_or_default(map, slot),
            Slot::Bool(slot) => set_or_default(map, slot),
            Slot::Value(slot) => set(map, slot),
            Slot::OptionString(slot) => set_option_string(map, slot),
            Slot::OptionI64(slot) => set_option_integer(map, slot),
            Slot::OptionU64(slot) => set_option_integer(map, slot),
            Slot::OptionF64(slot) => set(map, slot),
            Slot::OptionBool(slot) => set(map, slot),
            Slot::OptionValue(slot) => set(map, slot),
            Slot::Skip => skip(map),
        }
    }
}

/// A JSON object being encoded, field after field: the emitted `impl Serialize` of a generated
/// struct is one chain, `Entries::new(serializer).entry("id", &self.id)…end()`.
///
/// The first error of the serializer is kept, and the entries after it are not written; [`end`]
/// returns it. One chain of calls, without a `?` per field, is what keeps the impls of a crate with
/// a thousand structs cheap to compile.
///
/// [`end`]: Entries::end
pub struct Entries<S: ::serde::Serializer> {
    map: ::std::result::Result<S::SerializeMap, S::Error>,
}

impl<S: ::serde::Serializer> Entries<S> {
    /// Starts the object.
    #[inline]
    pub fn new(serializer: S) -> Self {
        Entries { map: serializer.serialize_map(::std::option::Option::None) }
    }

    /// Writes `key: value`.
    #[inline]
    #[must_use = "the object is written by `end()`"]
    pub fn entry<T: ?::std::marker::Sized + ::serde::Serialize>(mut self, key: &'static str, value: &T) -> Self {
        if let ::std::result::Result::Ok(map) = &mut self.map {
            if let ::std::result::Result::Err(error) = ::serde::ser::SerializeMap::serialize_entry(map, key, value) {
                self.map = ::std::result::Result::Err(error);
            }
        }
        self
    }

    /// Writes `key: value` when `value` is `Some`, and nothing when it is `None` (a field that is
    /// left out of the JSON rather than sent as `null`).
    #[inline]
    #[must_use = "the object is written by `end()`"]
    pub fn entry_if_some<T: ::serde::Serialize>(self, key: &'static str, value: &::std::option::Option<T>) -> Self {
        match value {
            ::std::option::Option::Some(value) => self.entry(key, value),
            ::std::option::Option::None => self,
        }
    }

    /// Ends the object.
    ///
    /// # Errors
    ///
    /// The first error of the serializer.
    #[inline]
    pub fn end(self) -> ::std::result::Result<S::Ok, S::Error> {
        ::serde::ser::SerializeMap::end(self.map?)
    }
}

/// An object key, borrowed from the input when it can be.
#[derive(Debug)]
pub struct Key<'de>(::std::borrow::Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> ::serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> ::serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: ::serde::de::Error>(self, value: &'de str) -> ::std::result::Result<Key<'de>, E> {
                ::std::result::Result::Ok(Key(::std::borrow::Cow::Borrowed(value)))
            }
            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Key<'de>, E> {
                ::std::result::Result::Ok(Key(::std::borrow::Cow::Owned(value.to_owned())))
            }
            fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<Key<'de>, E> {
                ::std::result::Result::Ok(Key(::std::borrow::Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Deserializes a field that is there, even as `null`, as `Some`: with `#[serde(default)]`, a
/// missing field is `None`, `null` is `Some(None)` (for `Option<Option<T>>`) or
/// `Some(Value::Null)`, so that a `null` is sent and re-encoded as `null`.
pub fn present<'de, D, T>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(::std::option::Option::Some)
}

/// An integer too big for `i64`/`u64`, kept as its decimal digits so that no digit is lost.
///
/// It decodes from a JSON number and encodes back to the same JSON number (never a string, never
/// rounded through `f64`). Decoding needs the JSON text itself (it reads a
/// `serde_json::value::RawValue`), as `serde_json::from_str`, `from_slice`, `from_reader` and the
/// client give it. The generated untagged and tagged enums keep it that way: their `Deserialize`
/// impls capture the value's text and decode their variants from it (serde's derive would buffer
/// the value first, and the digits would be gone).
///
/// Limits: `serde_json::from_value` decodes these types too (serde_json turns the `Value` back into
/// text), but a `Value` holds a big integer as an `f64` already, so a `BigInt` fails to decode from
/// it rather than keep wrong digits. Deserializers other than serde_json's cannot give a
/// `RawValue`, so a `BigInt`, and the generated enums, decode only from JSON; the same holds inside
/// your own `#[serde(untagged)]`, internally tagged or `#[serde(flatten)]` types, which buffer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BigInt(::std::string::String);

impl BigInt {
    /// The integer written as `digits` (an optional `-`, then decimal digits without leading zeros).
    pub fn parse(digits: &str) -> ::std::option::Option<Self> {
        let body = digits.strip_prefix('-').unwrap_or(digits);
        let valid = !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) && (body == "0" || !body.starts_with('0'));
        valid.then(|| BigInt(digits.to_owned()))
    }

    /// The decimal digits (with a leading `-` when negative).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an `i128`, when it fits.
    pub fn to_i128(&self) -> ::std::option::Option<i128> {
        self.0.parse().ok()
    }
}

impl ::std::default::Default for BigInt {
    fn default() -> Self {
        BigInt("0".to_owned())
    }
}

impl ::std::fmt::Display for BigInt {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl ::std::convert::From<i128> for BigInt {
    fn from(value: i128) -> Self {
        BigInt(value.to_string())
    }
}

impl ::std::convert::From<u128> for BigInt {
    fn from(value: u128) -> Self {
        BigInt(value.to_string())
    }
}

impl ::serde::Serialize for BigInt {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
        let raw = ::serde_json::value::RawValue::from_string(self.0.clone()).map_err(::serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> ::serde::Deserialize<'de> for BigInt {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
        let raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
        BigInt::parse(raw.get().trim()).ok_or_else(|| ::serde::de::Error::custom(::std::format!("expected an integer, got {}", raw.get())))
    }
}

/// The first byte of the JSON text of a value (after any whitespace; `0` when there is none): which
/// variants of an untagged enum can decode it.
pub fn first_byte(text: &str) -> u8 {
    text.trim_start().as_bytes().first().copied().unwrap_or(0)
}

/// The value of the key `tag` in the JSON object `text`, when it is there once and is a string:
/// which variant of an internally tagged enum the object is. `None` for anything else (not an
/// object, no such key, twice, or not a string), which such an enum decodes as its `Other`.
pub fn tag_of<'a>(text: &'a str, tag: &str) -> ::std::option::Option<::std::borrow::Cow<'a, str>> {
    struct TagVisitor<'t>(&'t str);
    impl<'de> ::serde::de::Visitor<'de> for TagVisitor<'_> {
        type Value = ::std::option::Option<::std::borrow::Cow<'de, str>>;
        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
            let mut found = ::std::option::Option::None;
            while let ::std::option::Option::Some(key) = ::serde::de::MapAccess::next_key::<Key<'de>>(&mut map)? {
                if key.as_str() != self.0 {
                    ::serde::de::MapAccess::next_value::<::serde::de::IgnoredAny>(&mut map)?;
                } else if found.is_some() {
                    return ::std::result::Result::Ok(::std::option::Option::None);
                } else {
                    found = ::std::option::Option::Some(::serde::de::MapAccess::next_value::<Key<'de>>(&mut map)?.0);
                }
            }
            ::std::result::Result::Ok(found)
        }
    }
    let mut deserializer = ::serde_json::Deserializer::from_str(text);
    ::serde::Deserializer::deserialize_map(&mut deserializer, TagVisitor(tag)).ok().flatten()
}

/// Records response bodies the crate's types do not cover, as samples for the next `generate`
/// (`ClientBuilder::record_samples`): the body of an operation whose type is a JSON value (the
/// collection had no example of it), and the body of a response that did not decode (a field the
/// types did not foresee). Written as `postman-codegen capture` writes them:
/// `DIR/<operation>/<status>-<n>.json` with the sidecar `operation.json`, at most
/// [`SampleRecorder::MAX_PER_STATUS`] per status and one per shape (the same keys and kinds), bodies
/// up to [`SampleRecorder::MAX_BYTES`]. Fields named like credentials (`token`, `password`,
/// `secret`, `api_key`, …) are replaced by `"redacted"` (or `0`). Writing is best effort: a sample
/// that cannot be written is skipped, and the call's result is never changed.
#[derive(Debug, Clone)]
pub struct SampleRecorder {
    dir: ::std::path::PathBuf,
    lock: ::std::sync::Arc<::std::sync::Mutex<()>>,
}

impl SampleRecorder {
    /// At most this many samples of one status of one operation.
    pub const MAX_PER_STATUS: usize = 5;
    /// Bodies larger than this are not recorded.
    pub const MAX_BYTES: usize = 1024 * 1024;

    /// A recorder that writes under `dir` (created when the first sample is written).
    pub fn new(dir: impl ::std::convert::Into<::std::path::PathBuf>) -> Self {
        SampleRecorder { dir: dir.into(), lock: ::std::sync::Arc::default() }
    }

    /// Records `body` as a sample of `operation`'s response of `status`, unless it is not JSON, too
    /// large, of a shape already recorded, or the status has enough samples. Returns the file
    /// written, relative to the directory (`get_user/200-1.json`).
    pub fn record(&self, operation: &str, status: u16, content_type: ::std::option::Option<&str>, body: &[u8]) -> ::std::option::Option<::std::string::String> {
        if body.len() > Self::MAX_BYTES || operation.is_empty() || operation.contains(['/', '\\', '.']) {
            return ::std::option::Option::None;
        }
        let mut value: ::serde_json::Value = ::serde_json::from_slice(body).ok()?;
        redact_credentials(&mut value, false);
        let _guard = self.lock.lock().unwrap_or_else(::std::sync::PoisonError::into_inner);
        let op_dir = self.dir.join(operation);
        let sidecar_path = op_dir.join("operation.json");
        let mut sidecar: ::serde_json::Value = ::std::fs::read(&sidecar_path)
            .ok()
            .and_then(|bytes| ::serde_json::from_slice(&bytes).ok())
            .unwrap_or_else(|| ::serde_json::json!({ "operation": operation, "samples": [] }));
        let samples = sidecar.get_mut("samples")?.as_array_mut()?;
        let same_status: ::std::vec::Vec<::std::string::String> = samples
            .iter()
            .filter(|s| s.get("status").and_then(::serde_json::Value::as_u64) == ::std::option::Option::Some(u64::from(status)))
            .filter_map(|s| s.get("file")?.as_str().map(::std::borrow::ToOwned::to_owned))
            .collect();
        let shape = shape_of(&value);
        for file in &same_status {
            let stored = ::std::fs::read(op_dir.join(file)).ok().and_then(|bytes| ::serde_json::from_slice::<::serde_json::Value>(&bytes).ok());
            if stored.is_some_and(|stored| shape_of(&stored) == shape) {
                return ::std::option::Option::None;
            }
        }
        if same_status.len() >= Self::MAX_PER_STATUS {
            return ::std::option::Option::None;
        }
        let taken: ::std::vec::Vec<::std::string::String> = samples.iter().filter_map(|s| s.get("file")?.as_str().map(::std::borrow::ToOwned::to_owned)).collect();
        let file = (1..).map(|n| ::std::format!("{status}-{n}.json")).find(|f| !taken.contains(f) && !op_dir.join(f).exists())?;
        let mut entry = ::serde_json::json!({ "file": file, "status": status });
        if let (::std::option::Option::Some(content_type), ::std::option::Option::Some(map)) = (content_type, entry.as_object_mut()) {
            map.insert("content_type".to_owned(), ::serde_json::Value::from(content_type));
        }
        samples.push(entry);
        let text = ::serde_json::to_string_pretty(&value).ok()? + "\n";
        let sidecar_text = ::serde_json::to_string_pretty(&sidecar).ok()? + "\n";
        ::std::fs::create_dir_all(&op_dir).ok()?;
        ::std::fs::write(op_dir.join(&file), text).ok()?;
        ::std::fs::write(&sidecar_path, sidecar_text).ok()?;
        ::std::option::Option::Some(::std::format!("{operation}/{file}"))
    }
}

/// Whether a JSON key names a credential, whose value a sample must not keep.
fn is_credential_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase().replace(['-', '_', ' '], "");
    ["token", "secret", "password", "passwd", "apikey", "authorization", "cookie", "session", "privatekey", "credential"].iter().any(|word| key.contains(word))
}

/// Replaces the strings and numbers under credential keys (`secret`: inside one).
fn redact_credentials(value: &mut ::serde_json::Value, secret: bool) {
    match value {
        ::serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                redact_credentials(item, secret || is_credential_key(key));
            }
        }
        ::serde_json::Value::Array(items) => items.iter_mut().for_each(|item| redact_credentials(item, secret)),
        ::serde_json::Value::String(text) if secret && !text.is_empty() => *text = "redacted".to_owned(),
        ::serde_json::Value::Number(number) if secret => {
            *value = if number.is_f64() { ::serde_json::Value::from(0.0) } else { ::serde_json::Value::from(0) };
        }
        _ => {}
    }
}

/// The shape of a JSON value as text: kinds, sorted keys, the distinct shapes of array elements.
fn shape_of(value: &::serde_json::Value) -> ::std::string::String {
    match value {
        ::serde_json::Value::Null => "null".to_owned(),
        ::serde_json::Value::Bool(_) => "bool".to_owned(),
        ::serde_json::Value::Number(n) if n.is_f64() => "float".to_owned(),
        ::serde_json::Value::Number(_) => "int".to_owned(),
        ::serde_json::Value::String(_) => "string".to_owned(),
        ::serde_json::Value::Array(items) => {
            let members: ::std::collections::BTreeSet<::std::string::String> = items.iter().map(shape_of).collect();
            ::std::format!("[{}]", members.into_iter().collect::<::std::vec::Vec<_>>().join("|"))
        }
        ::serde_json::Value::Object(map) => {
            let fields: ::std::collections::BTreeMap<&str, ::std::string::String> = map.iter().map(|(k, v)| (k.as_str(), shape_of(v))).collect();
            let inner: ::std::vec::Vec<::std::string::String> = fields.into_iter().map(|(k, v)| ::std::format!("{k:?}:{v}")).collect();
            ::std::format!("{{{}}}", inner.join(","))
        }
    }
}
