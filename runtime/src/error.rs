//! The error type of the client: one enum for every operation, with variants to match on.

use std::fmt;

/// Everything that can go wrong when calling the API.
///
/// Match on the variant to tell a transport failure from an error answer of the server:
///
/// ```ignore
/// match error {
///     Error::Api(api) if api.status() == 404 => { /* a documented "not found" */ }
///     Error::Api(api) | Error::UnexpectedStatus(api) => eprintln!("{}: {}", api.status(), api.text()),
///     other => eprintln!("{other}"),
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request was not sent because it could not be built: an invalid base URL, a path parameter
    /// that would change the path (empty, `.` or `..`), or a header value with a line break.
    InvalidRequest(String),
    /// Connecting, sending the request or reading the response failed.
    Transport(reqwest::Error),
    /// The request did not complete within the configured timeout.
    Timeout(reqwest::Error),
    /// The server answered with an error status that the collection documents for this operation.
    Api(ApiError),
    /// The server answered with a non-success status that the collection does not document for this
    /// operation.
    UnexpectedStatus(ApiError),
    /// The server answered with a success status, but its body does not decode into the expected type.
    Decode(DecodeError),
    /// No access token: the OAuth 2.0 token endpoint refused or could not be reached, or a
    /// `TokenProvider` failed.
    Token(TokenError),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Api(api) | Error::UnexpectedStatus(api) => Some(api.status()),
            Error::Decode(decode) => Some(decode.status()),
            Error::Transport(error) | Error::Timeout(error) => error.status(),
            Error::InvalidRequest(_) | Error::Token(_) => None,
        }
    }

    /// The error response of the server, documented or not.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) | Error::UnexpectedStatus(api) => Some(api),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: transport failures, timeouts, and the
    /// statuses 408, 429, 502, 503 and 504.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(error) => !error.is_builder() && !error.is_decode(),
            Error::Timeout(_) => true,
            Error::Api(api) | Error::UnexpectedStatus(api) => {
                matches!(api.status().as_u16(), 408 | 429 | 502 | 503 | 504)
            }
            Error::InvalidRequest(_) | Error::Decode(_) | Error::Token(_) => false,
        }
    }

    /// Classifies a `reqwest` error as a timeout or a transport failure.
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Error::Timeout(error)
        } else {
            Error::Transport(error)
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Transport(_) => f.write_str("the request could not be completed"),
            Error::Timeout(_) => f.write_str("the request timed out"),
            Error::Api(api) => write!(f, "{api}"),
            Error::UnexpectedStatus(api) => write!(f, "undocumented response: {api}"),
            Error::Decode(decode) => write!(f, "{decode}"),
            Error::Token(token) => write!(f, "{token}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) | Error::Timeout(error) => Some(error),
            Error::Decode(decode) => Some(&decode.0.source),
            Error::Token(token) => token.0.source.as_ref().map(|error| error as &(dyn std::error::Error + 'static)),
            Error::InvalidRequest(_) | Error::Api(_) | Error::UnexpectedStatus(_) => None,
        }
    }
}

/// The accessors [`ApiError`] and [`DecodeError`] share: both keep the response whole.
macro_rules! response_accessors {
    ($error:ident) => {
        impl $error {
            /// The name of the operation, e.g. `get_user`.
            pub fn operation(&self) -> &'static str {
                self.0.operation
            }

            /// The HTTP status of the response.
            pub fn status(&self) -> reqwest::StatusCode {
                self.0.status
            }

            /// The response headers.
            pub fn headers(&self) -> &reqwest::header::HeaderMap {
                &self.0.headers
            }

            /// The raw response body.
            pub fn body(&self) -> &[u8] {
                &self.0.body
            }
        }
    };
}

response_accessors!(ApiError);
response_accessors!(DecodeError);

/// A non-success response: its status, headers and body, kept whole.
#[derive(Debug, Clone)]
pub struct ApiError(Box<ApiErrorParts>);

/// The parts of an [`ApiError`], boxed so that [`Error`] stays small.
#[derive(Debug, Clone)]
pub(crate) struct ApiErrorParts {
    pub(crate) operation: &'static str,
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) parsed: ErrorBody,
    pub(crate) description: Option<&'static str>,
}

/// The body of an error response, parsed as far as it goes; never a decoding failure.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// The body was empty (or only white space).
    Empty,
    /// The body was JSON.
    Json(serde_json::Value),
    /// The body was text that is not JSON.
    Text(String),
    /// The body was neither JSON nor UTF-8 text; the bytes are in [`ApiError::body`].
    Binary,
}

impl ErrorBody {
    /// Parses a response body, leniently.
    pub fn parse(body: &[u8]) -> Self {
        let Ok(text) = std::str::from_utf8(body) else {
            return ErrorBody::Binary;
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return ErrorBody::Empty;
        }
        if trimmed.starts_with(['{', '[']) {
            if let Ok(value) = serde_json::from_str(trimmed) {
                return ErrorBody::Json(value);
            }
        }
        ErrorBody::Text(text.to_owned())
    }
}

impl ApiError {
    /// Builds an error response; `description` is what the collection documents for this status.
    pub fn new(
        operation: &'static str,
        status: reqwest::StatusCode,
        headers: reqwest::header::HeaderMap,
        body: Vec<u8>,
        description: Option<&'static str>,
    ) -> Self {
        let parsed = ErrorBody::parse(&body);
        ApiError(Box::new(ApiErrorParts { operation, status, headers, body, parsed, description }))
    }

    /// The response body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0.body)
    }

    /// The body, parsed as JSON when it is JSON and kept as text otherwise.
    pub fn parsed(&self) -> &ErrorBody {
        &self.0.parsed
    }

    /// Decodes a JSON body into a type of your choice.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.0.body).ok()
    }

    /// The application error code of a JSON body such as `{"code": 1001, "message": "…"}`
    /// (the members `code`, `error_code` or `errorCode`, as a number or a string of digits).
    pub fn code(&self) -> Option<i64> {
        let ErrorBody::Json(serde_json::Value::Object(object)) = &self.0.parsed else {
            return None;
        };
        ["code", "error_code", "errorCode"].iter().find_map(|key| match object.get(*key)? {
            serde_json::Value::Number(number) => number.as_i64(),
            serde_json::Value::String(text) => text.trim().parse().ok(),
            _ => None,
        })
    }

    /// The human message of the body: the JSON members `message`, `error_description`, `error`,
    /// `detail` or `title` (the first that is a string), or the text of a non-JSON body.
    pub fn message(&self) -> Option<&str> {
        match &self.0.parsed {
            ErrorBody::Json(serde_json::Value::Object(object)) => {
                ["message", "error_description", "error", "detail", "title"]
                    .iter()
                    .find_map(|key| object.get(*key)?.as_str())
            }
            ErrorBody::Text(text) => Some(text.trim()),
            _ => None,
        }
    }

    /// What the collection documents for this status of this operation, if anything.
    pub fn description(&self) -> Option<&'static str> {
        self.0.description
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` failed with status {}", self.0.operation, self.0.status)?;
        if let Some(code) = self.code() {
            write!(f, ", error code {code}")?;
        }
        if let Some(message) = self.message().filter(|m| !m.is_empty()) {
            let shown: String = message.chars().take(200).collect();
            write!(f, ": {shown}")?;
        } else if let Some(description) = self.0.description {
            write!(f, " ({description})")?;
        }
        Ok(())
    }
}

/// A success response whose body does not decode into the expected type.
#[derive(Debug)]
pub struct DecodeError(pub(crate) Box<DecodeErrorParts>);

/// The parts of a [`DecodeError`], boxed so that [`Error`] stays small.
#[derive(Debug)]
pub(crate) struct DecodeErrorParts {
    pub(crate) operation: &'static str,
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) path: String,
    pub(crate) source: serde_json::Error,
}

impl DecodeError {
    /// Where in the body decoding failed, e.g. `custom_attributes[0].name`.
    pub fn path(&self) -> &str {
        &self.0.path
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response of `{}` does not decode at `{}`",
            self.0.status, self.0.operation, self.0.path
        )
    }
}

/// Why no access token could be had: the token endpoint's answer (its status and the OAuth
/// `error` and `error_description`), or what stopped the request. It never holds a credential.
#[derive(Debug)]
pub struct TokenError(pub(crate) Box<TokenErrorParts>);

/// The parts of a [`TokenError`], boxed so that [`Error`] stays small.
#[derive(Debug)]
pub(crate) struct TokenErrorParts {
    pub(crate) endpoint: String,
    pub(crate) status: Option<reqwest::StatusCode>,
    pub(crate) error: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) message: String,
    pub(crate) source: Option<reqwest::Error>,
}

impl TokenError {
    /// A token error of a provider of your own: `endpoint` names where the token comes from (a URL,
    /// a vault path), `message` says what went wrong. Keep credentials out of both.
    pub fn new(endpoint: impl Into<String>, message: impl Into<String>) -> Self {
        TokenError(Box::new(TokenErrorParts {
            endpoint: endpoint.into(),
            status: None,
            error: None,
            description: None,
            message: message.into(),
            source: None,
        }))
    }

    /// The token endpoint (or the source a provider named).
    pub fn endpoint(&self) -> &str {
        &self.0.endpoint
    }

    /// The HTTP status of the token endpoint's answer, when there was one.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        self.0.status
    }

    /// The OAuth `error` code of the answer (`invalid_client`, `invalid_grant`, …), when given.
    pub fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }

    /// The OAuth `error_description` of the answer, when given.
    pub fn error_description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no access token from {}: {}", self.0.endpoint, self.0.message)?;
        if let Some(error) = &self.0.error {
            write!(f, " ({error}")?;
            if let Some(description) = &self.0.description {
                let shown: String = description.chars().take(200).collect();
                write!(f, ": {shown}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}
