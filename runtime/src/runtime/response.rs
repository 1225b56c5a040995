//! Responses: the raw response and the decoded value with its status and headers.

use super::*;
use crate::error::{ApiError, DecodeError, DecodeErrorParts, Error};

/// A response with a success status, read whole, before its body is decoded.
#[derive(Debug)]
pub struct RawResponse {
    /// The status.
    pub status: reqwest::StatusCode,
    /// The headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

/// A decoded response body together with the status and headers it came with.
///
/// `.send_with_response().await` gives one; `.send().await` (or just `.await`) gives the body alone.
/// It dereferences to the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseValue<T> {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: T,
}

impl<T> ResponseValue<T> {
    /// The status of the response.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The headers of the response.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
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
    pub fn into_parts(self) -> (reqwest::StatusCode, reqwest::header::HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// How an operation turns a raw success response into its decoded body.
pub type Decode<T> = fn(RawResponse, &OperationSpec) -> Result<ResponseValue<T>, Error>;

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
    pub fn json<T: serde::de::DeserializeOwned>(self, op: &OperationSpec) -> Result<ResponseValue<T>, Error> {
        // Decoded without tracking the path (which costs an allocation per key); read again with it
        // only to say where a body that does not decode fails.
        let result = serde_json::from_slice(&self.body).map_err(|_| {
            let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
            match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
                Err(error) => (error.path().to_string(), error.into_inner()),
                Ok(_) => match deserializer.end() {
                    Err(error) => (String::new(), error),
                    // Not reached: the same bytes decoded once and failed once.
                    Ok(()) => (String::new(), <serde_json::Error as serde::de::Error>::custom("the body does not decode")),
                },
            }
        });
        match result {
            Ok(body) => Ok(self.with(body)),
            Err((path, source)) => {
                Err(Error::Decode(DecodeError(Box::new(DecodeErrorParts {
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
    pub fn json_or_null(self, op: &OperationSpec) -> Result<ResponseValue<serde_json::Value>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(self.with(serde_json::Value::Null));
        }
        self.json(op)
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(mut self) -> ResponseValue<String> {
        let body = std::mem::take(&mut self.body);
        let text = match String::from_utf8(body) {
            Ok(text) => text,
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        };
        self.with(text)
    }

    /// A response whose body (usually empty, as for `204 No Content`) carries nothing to decode.
    pub fn empty(mut self) -> ResponseValue<()> {
        self.body = Vec::new();
        self.with(())
    }

    /// [`text`](Self::text) as a [`Decode`] function.
    ///
    /// # Errors
    ///
    /// Never: any body is text.
    pub fn decode_text(self, _: &OperationSpec) -> Result<ResponseValue<String>, Error> {
        Ok(self.text())
    }

    /// [`empty`](Self::empty) as a [`Decode`] function.
    ///
    /// # Errors
    ///
    /// Never: the body is ignored.
    pub fn decode_empty(self, _: &OperationSpec) -> Result<ResponseValue<()>, Error> {
        Ok(self.empty())
    }

    /// The error for a success status the collection does not document for an operation whose
    /// success statuses have different bodies.
    pub fn unexpected(self, op: &OperationSpec) -> Error {
        Error::UnexpectedStatus(ApiError::new(op.name, self.status, self.headers, self.body, None))
    }
}
