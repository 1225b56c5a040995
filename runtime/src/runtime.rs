//! Support code shared by every operation: building URLs, applying credentials, sending, decoding.
//!
//! Generated operations only describe themselves (an [`OperationSpec`] and a [`RequestSpec`]); the
//! work happens here, once, so that a large API compiles to little code.
#![allow(dead_code)]

use crate::error::{ApiError, DecodeError, DecodeErrorParts, Error};

/// A secret (token, password, API key) whose `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(::std::string::String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> Self {
        Secret(value.into())
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

/// The credentials a client holds; each operation uses the ones its [`AuthScheme`] asks for.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// A bearer token or OAuth 2.0 access token.
    pub token: ::std::option::Option<Secret>,
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
    path: ::std::string::String,
    query: ::std::vec::Vec<(&'static str, ::std::string::String)>,
    headers: ::std::vec::Vec<(&'static str, ::std::string::String)>,
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
        RequestSpec { path, query: ::std::vec::Vec::new(), headers: ::std::vec::Vec::new(), body: ::std::option::Option::None }
    }

    /// Sends `value` as a JSON body.
    pub fn json<T: ::serde::Serialize + ?Sized>(&mut self, value: &T) -> ::std::result::Result<(), Error> {
        let bytes = ::serde_json::to_vec(value)
            .map_err(|error| Error::InvalidRequest(::std::format!("the body cannot be encoded as JSON: {error}")))?;
        self.body = ::std::option::Option::Some(BodySpec::Bytes(bytes, "application/json"));
        ::std::result::Result::Ok(())
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

    /// Adds a header.
    pub fn header(&mut self, name: &'static str, value: impl ::std::fmt::Display) {
        self.headers.push((name, value.to_string()));
    }

    /// Adds a header when it is set.
    pub fn header_opt<T: ::std::fmt::Display>(&mut self, name: &'static str, value: ::std::option::Option<T>) {
        if let ::std::option::Option::Some(value) = value {
            self.header(name, value);
        }
    }
}

/// Encodes one path parameter as one path segment.
///
/// Everything but ASCII letters, digits and `-._~` is percent-encoded, so `/`, `?`, `#`, `@` and `%`
/// stay inside the segment. An empty value, `.` or `..` would change the path, so they are refused.
pub fn encode_path_segment(parameter: &str, value: &str) -> ::std::result::Result<::std::string::String, Error> {
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
    ::std::result::Result::Ok(::percent_encoding::utf8_percent_encode(value, SEGMENT).to_string())
}

/// The connection shared by all operations of a client: base URL, HTTP client and credentials.
#[derive(Debug, Clone)]
pub struct ClientCore {
    base_url: ::std::string::String,
    http: ::reqwest::Client,
    credentials: Credentials,
}

/// A response with a success status, read whole.
#[derive(Debug)]
pub struct RawResponse {
    /// The status.
    pub status: ::reqwest::StatusCode,
    /// The headers.
    pub headers: ::reqwest::header::HeaderMap,
    /// The body.
    pub body: ::std::vec::Vec<u8>,
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
        ::std::result::Result::Ok(ClientCore { base_url, http, credentials })
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The underlying HTTP client.
    pub fn http(&self) -> &::reqwest::Client {
        &self.http
    }

    /// Builds the `reqwest` request for an operation, with its credentials applied.
    pub fn build(&self, op: &OperationSpec, spec: RequestSpec) -> ::std::result::Result<::reqwest::Request, Error> {
        let method = ::reqwest::Method::from_bytes(op.method.as_bytes())
            .map_err(|_| Error::InvalidRequest(::std::format!("invalid HTTP method {:?}", op.method)))?;
        let url = ::reqwest::Url::parse(&::std::format!("{}{}", self.base_url, spec.path))
            .map_err(|error| Error::InvalidRequest(::std::format!("invalid URL for `{}`: {error}", op.name)))?;
        let mut builder = self.http.request(method, url);
        if !spec.query.is_empty() {
            builder = builder.query(&spec.query);
        }
        for (name, value) in &spec.headers {
            builder = builder.header(*name, header_value(name, value)?);
        }
        builder = match spec.body {
            ::std::option::Option::None => builder,
            ::std::option::Option::Some(BodySpec::Bytes(bytes, content_type)) => {
                builder.header(::reqwest::header::CONTENT_TYPE, content_type).body(bytes)
            }
            ::std::option::Option::Some(BodySpec::Form(fields)) => builder.form(&fields),
            ::std::option::Option::Some(BodySpec::Multipart(parts)) => {
                let mut form = ::reqwest::multipart::Form::new();
                for part in parts {
                    form = match part {
                        Part::Text(name, value) => form.text(name, value),
                        Part::File(name, file_name, contents) => {
                            form.part(name, ::reqwest::multipart::Part::bytes(contents).file_name(file_name))
                        }
                    };
                }
                builder.multipart(form)
            }
        };
        let credentials = &self.credentials;
        builder = match (op.auth, credentials.token.as_ref(), credentials.api_key.as_ref(), credentials.basic.as_ref()) {
            (AuthScheme::BearerHeader { prefix }, ::std::option::Option::Some(token), _, _) => {
                let text = if prefix.is_empty() {
                    token.expose().to_owned()
                } else {
                    ::std::format!("{prefix} {}", token.expose())
                };
                let mut value = header_value("Authorization", &text)?;
                value.set_sensitive(true);
                builder.header(::reqwest::header::AUTHORIZATION, value)
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

    /// Sends an operation's request; a success status gives the whole response, any other status an
    /// [`Error::Api`] (documented) or [`Error::UnexpectedStatus`].
    pub async fn execute(&self, op: &OperationSpec, spec: RequestSpec) -> ::std::result::Result<RawResponse, Error> {
        let request = self.build(op, spec)?;
        let response = self.http.execute(request).await.map_err(Error::from_reqwest)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_reqwest)?.to_vec();
        if status.is_success() {
            return ::std::result::Result::Ok(RawResponse { status, headers, body });
        }
        let documented = op.documented.iter().find(|(code, _)| *code == status.as_u16()).map(|(_, text)| *text);
        let api = ApiError::new(op.name, status, headers, body, documented);
        ::std::result::Result::Err(match documented {
            ::std::option::Option::Some(_) => Error::Api(api),
            ::std::option::Option::None => Error::UnexpectedStatus(api),
        })
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

/// Decodes a success body as JSON into `T`, keeping the body and the path of the failure otherwise.
pub fn decode_json<T: ::serde::de::DeserializeOwned>(
    op: &OperationSpec,
    response: RawResponse,
) -> ::std::result::Result<T, Error> {
    let mut deserializer = ::serde_json::Deserializer::from_slice(&response.body);
    let result = ::serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.into_inner()))
        .and_then(|value| deserializer.end().map(|()| value).map_err(|error| (::std::string::String::new(), error)));
    result.map_err(|(path, source)| {
        Error::Decode(DecodeError(::std::boxed::Box::new(DecodeErrorParts {
            operation: op.name,
            status: response.status,
            headers: response.headers,
            body: response.body,
            path,
            source,
        })))
    })
}

/// Decodes a success body as JSON when there is one, and as `null` when it is empty.
pub fn decode_json_or_null(op: &OperationSpec, response: RawResponse) -> ::std::result::Result<::serde_json::Value, Error> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return ::std::result::Result::Ok(::serde_json::Value::Null);
    }
    decode_json(op, response)
}

/// The body as text (invalid UTF-8 replaced).
pub fn decode_text(response: RawResponse) -> ::std::string::String {
    match ::std::string::String::from_utf8(response.body) {
        ::std::result::Result::Ok(text) => text,
        ::std::result::Result::Err(error) => ::std::string::String::from_utf8_lossy(error.as_bytes()).into_owned(),
    }
}

/// Deserializes a value that may be `null`, giving `T::default()` for `null`.
///
/// Used with `#[serde(default)]` on response fields that every example has: a server that leaves one
/// out, or sends `null`, still yields a value instead of failing the whole call.
pub fn null_as_default<'de, D, T>(deserializer: D) -> ::std::result::Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de> + ::std::default::Default,
{
    let value: ::std::option::Option<T> = ::serde::Deserialize::deserialize(deserializer)?;
    ::std::result::Result::Ok(value.unwrap_or_default())
}
