//! OAuth 2.0 access tokens fetched from a token endpoint, cached, and fetched again before they
//! expire: the [`OAuth2`] [`TokenProvider`] of the client builder's
//! `oauth2` method.
//!
//! One token request is in flight at a time: concurrent requests that need a token wait for it.
//! A token is used until the margin before its `expires_in` (30 seconds, or half its lifetime when
//! that is shorter); a token the server refuses with `401` is replaced once. When the endpoint
//! gives a refresh token, the next token comes from the `refresh_token` grant, and from the flow's
//! own grant again if the refresh is refused.

use crate::error::{Error, TokenError, TokenErrorParts};
use crate::runtime::{Secret, TokenFuture, TokenProvider};

/// How the client id and secret reach the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientAuth {
    /// HTTP basic authentication (`Authorization: Basic …`), as RFC 6749 recommends.
    #[default]
    BasicHeader,
    /// The form fields `client_id` and `client_secret` of the token request.
    Body,
}

/// The grant a flow asks tokens with.
#[derive(Clone)]
enum Grant {
    ClientCredentials,
    Password { username: String, password: Secret },
    RefreshToken,
    /// Another `grant_type` (`account_credentials`, …); its fields come from [`OAuth2::param`].
    Other(String),
}

/// An OAuth 2.0 flow against a token endpoint: client credentials, password, refresh token, or
/// another grant with fields of its own (Zoom's `account_credentials` with an `account_id`).
///
/// ```ignore
/// let flow = OAuth2::grant("https://zoom.us/oauth/token", "account_credentials")
///     .client_id(std::env::var("ZOOM_CLIENT_ID")?)
///     .client_secret(std::env::var("ZOOM_CLIENT_SECRET")?)
///     .param("account_id", std::env::var("ZOOM_ACCOUNT_ID")?);
/// let client = Client::builder().oauth2(flow).build()?;
/// ```
///
/// `Debug` shows the endpoint, the grant and the client id, never a secret or a token.
pub struct OAuth2 {
    token_url: String,
    grant: Grant,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    scope: Option<String>,
    params: Vec<(String, Secret)>,
    client_auth: ClientAuth,
    http: reqwest::Client,
    state: tokio::sync::Mutex<State>,
}

/// What a flow holds between requests.
#[derive(Default)]
struct State {
    token: Option<(Secret, Option<std::time::Instant>)>,
    refresh_token: Option<Secret>,
    /// How many tokens the endpoint gave.
    fetched: u64,
}

impl std::fmt::Debug for OAuth2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let grant = match &self.grant {
            Grant::ClientCredentials => "client_credentials",
            Grant::Password { .. } => "password",
            Grant::RefreshToken => "refresh_token",
            Grant::Other(name) => name.as_str(),
        };
        let params: Vec<&str> = self.params.iter().map(|(key, _)| key.as_str()).collect();
        f.debug_struct("OAuth2")
            .field("token_url", &self.token_url)
            .field("grant", &grant)
            .field("client_id", &self.client_id)
            .field("scope", &self.scope)
            .field("params", &params)
            .field("client_auth", &self.client_auth)
            .finish_non_exhaustive()
    }
}

impl OAuth2 {
    fn new(token_url: impl Into<String>, grant: Grant) -> Self {
        OAuth2 {
            token_url: token_url.into(),
            grant,
            client_id: None,
            client_secret: None,
            scope: None,
            params: Vec::new(),
            client_auth: ClientAuth::default(),
            http: reqwest::Client::new(),
            state: tokio::sync::Mutex::new(State::default()),
        }
    }

    /// The client credentials grant: the client's own id and secret buy the token.
    pub fn client_credentials(token_url: impl Into<String>) -> Self {
        OAuth2::new(token_url, Grant::ClientCredentials)
    }

    /// The resource owner password grant.
    pub fn password(
        token_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        OAuth2::new(token_url, Grant::Password { username: username.into(), password: Secret::new(password) })
    }

    /// The refresh token grant, from a refresh token got elsewhere (an authorization code flow in
    /// a browser, say). A newer refresh token from the endpoint replaces it.
    pub fn refresh_token(
        token_url: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        let flow = OAuth2::new(token_url, Grant::RefreshToken);
        flow.state.try_lock().map(|mut state| state.refresh_token = Some(Secret::new(refresh_token))).ok();
        flow
    }

    /// Another grant (`grant_type=<grant_type>`), with the fields it needs given by
    /// [`OAuth2::param`].
    pub fn grant(
        token_url: impl Into<String>,
        grant_type: impl Into<String>,
    ) -> Self {
        OAuth2::new(token_url, Grant::Other(grant_type.into()))
    }

    /// The client id.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The client secret. It is never shown by `Debug`.
    pub fn client_secret(mut self, client_secret: impl Into<String>) -> Self {
        self.client_secret = Some(Secret::new(client_secret));
        self
    }

    /// The scope to ask for (space-separated scopes).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// One more form field of the token request (`account_id`, `audience`, …). Its value is never
    /// shown by `Debug`.
    pub fn param(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.params.push((name.into(), Secret::new(value)));
        self
    }

    /// How the client id and secret are sent (basic authentication unless set).
    pub fn client_auth(mut self, client_auth: ClientAuth) -> Self {
        self.client_auth = client_auth;
        self
    }

    /// The HTTP client for the token endpoint (a default `reqwest::Client` unless set).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// How many tokens the endpoint has given this flow.
    pub async fn tokens_fetched(&self) -> u64 {
        self.state.lock().await.fetched
    }

    /// A valid token: the cached one, unless it is near its expiry or the one `refused`.
    async fn current(&self, refused: Option<&Secret>) -> Result<Secret, Error> {
        let mut state = self.state.lock().await;
        if let Some((token, until)) = &state.token {
            let fresh = until.is_none_or(|until| std::time::Instant::now() < until);
            if fresh && refused.is_none_or(|refused| refused != token) {
                return Ok(token.clone());
            }
        }
        state.token = None;
        let answer = match (state.refresh_token.clone(), &self.grant) {
            (Some(refresh), _) => match self.fetch(Some(&refresh)).await {
                Err(error) if !matches!(self.grant, Grant::RefreshToken) && is_refused_grant(&error) => {
                    // The refresh token expired or was revoked: the flow's own grant again.
                    state.refresh_token = None;
                    self.fetch(None).await?
                }
                other => other?,
            },
            (None, Grant::RefreshToken) => {
                return Err(self.error(None, "no refresh token left", None));
            }
            (None, _) => self.fetch(None).await?,
        };
        state.fetched += 1;
        if let Some(refresh) = answer.refresh_token {
            state.refresh_token = Some(Secret::new(refresh));
        }
        let until = answer.expires_in.map(|seconds| {
            let lifetime = std::time::Duration::from_secs(seconds);
            let margin = std::cmp::min(std::time::Duration::from_secs(30), lifetime / 2);
            std::time::Instant::now() + (lifetime - margin)
        });
        let token = Secret::new(answer.access_token);
        state.token = Some((token.clone(), until));
        Ok(token)
    }

    /// One token request: the flow's grant, or the refresh token grant with `refresh`.
    async fn fetch(&self, refresh: Option<&Secret>) -> Result<TokenAnswer, Error> {
        let mut form: Vec<(&str, &str)> = Vec::new();
        match (refresh, &self.grant) {
            (Some(refresh), _) => {
                form.push(("grant_type", "refresh_token"));
                form.push(("refresh_token", refresh.expose()));
            }
            (None, Grant::ClientCredentials) => form.push(("grant_type", "client_credentials")),
            (None, Grant::Password { username, password }) => {
                form.extend([("grant_type", "password"), ("username", username.as_str()), ("password", password.expose())]);
            }
            (None, Grant::RefreshToken) => form.push(("grant_type", "refresh_token")),
            (None, Grant::Other(grant_type)) => form.push(("grant_type", grant_type.as_str())),
        }
        if let Some(scope) = &self.scope {
            form.push(("scope", scope));
        }
        if refresh.is_none() {
            form.extend(self.params.iter().map(|(key, value)| (key.as_str(), value.expose())));
        }
        let mut request = self.http.post(&self.token_url).header(reqwest::header::ACCEPT, "application/json");
        match (self.client_auth, &self.client_id) {
            (ClientAuth::BasicHeader, Some(id)) => {
                request = request.basic_auth(id, self.client_secret.as_ref().map(Secret::expose));
            }
            (ClientAuth::Body, Some(id)) => {
                form.push(("client_id", id));
                if let Some(secret) = &self.client_secret {
                    form.push(("client_secret", secret.expose()));
                }
            }
            (_, None) => {}
        }
        let response = request
            .form(&form)
            .send()
            .await
            .map_err(|error| self.error(None, "the token request failed", Some(error)))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|error| self.error(Some(status), "the token response could not be read", Some(error)))?;
        if !status.is_success() {
            let refusal: Option<Refusal> = serde_json::from_slice(&body).ok();
            let (error, description) = refusal.map(|r| (r.error, r.error_description)).unwrap_or_default();
            return Err(Error::Token(TokenError(Box::new(TokenErrorParts {
                endpoint: self.token_url.clone(),
                status: Some(status),
                error,
                description,
                message: std::format!("the token endpoint answered {status}"),
                source: None,
            }))));
        }
        serde_json::from_slice::<TokenAnswer>(&body).map_err(|_| {
            self.error(Some(status), "the token endpoint's answer has no `access_token`", None)
        })
    }

    fn error(
        &self,
        status: Option<reqwest::StatusCode>,
        message: &str,
        source: Option<reqwest::Error>,
    ) -> Error {
        Error::Token(TokenError(Box::new(TokenErrorParts {
            endpoint: self.token_url.clone(),
            status,
            error: None,
            description: None,
            message: message.to_owned(),
            // `reqwest` errors may name the URL, never the form.
            source: source.map(reqwest::Error::without_url),
        })))
    }
}

impl TokenProvider for OAuth2 {
    fn token<'a>(&'a self, refused: Option<&'a Secret>) -> TokenFuture<'a> {
        Box::pin(self.current(refused))
    }
}

/// Whether the token endpoint refused the grant itself (`invalid_grant`, or `400`/`401` without a
/// code): a refresh token that no longer works.
fn is_refused_grant(error: &Error) -> bool {
    match error {
        Error::Token(token) => {
            token.error() == Some("invalid_grant")
                || (token.error().is_none() && token.status().is_some_and(|s| s.as_u16() == 400 || s.as_u16() == 401))
        }
        _ => false,
    }
}

/// A successful token answer (RFC 6749, section 5.1). `expires_in` may be a number or a string of
/// digits, as some endpoints send it.
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default, deserialize_with = "seconds")]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// An error answer (RFC 6749, section 5.2).
#[derive(serde::Deserialize)]
struct Refusal {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

fn seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let value: serde_json::Value = serde::Deserialize::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::Number(number) => number.as_u64().or_else(|| number.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    })
}
