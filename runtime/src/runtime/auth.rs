//! Credentials: secrets that never show in `Debug`, the auth schemes a client applies, and token
//! providers.

use crate::error::Error;

/// A secret (token, password, API key) whose `Debug` never shows the value. Copies share the
/// value, so handing a cached token to each request costs no allocation.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(std::sync::Arc<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(std::sync::Arc::from(value.into()))
    }

    /// Whether `other` is a copy of this secret (the same value, shared), which is cheaper to ask
    /// than whether the values are equal.
    pub(super) fn is_copy_of(&self, other: &Secret) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }

    /// The secret value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Secret, Error>> + Send + 'a>>;

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
pub trait TokenProvider: std::fmt::Debug + Send + Sync {
    /// A token to send. `refused` is the token the server just answered `401` to, when it did: give
    /// a fresh one.
    fn token<'a>(&'a self, refused: Option<&'a Secret>) -> TokenFuture<'a>;
}

/// The credentials a client holds; each operation uses the ones its [`AuthScheme`] asks for.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// A bearer token or OAuth 2.0 access token.
    pub token: Option<Secret>,
    /// Where tokens come from when they expire ([`TokenProvider`]); when set, it is asked instead of
    /// [`Credentials::token`].
    pub provider: Option<std::sync::Arc<dyn TokenProvider>>,
    /// The user name and password for basic authentication.
    pub basic: Option<(String, Secret)>,
    /// An API key.
    pub api_key: Option<Secret>,
}
