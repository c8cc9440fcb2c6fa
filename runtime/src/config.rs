//! Building a client: base URL, credentials, timeouts, retry policy, user agent.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Url;

use super::retry::RetryPolicy;

/// How an API authenticates, from its spec's security scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// No credentials.
    None,
    /// HTTP Basic with a user name and a password or API key.
    Basic,
    /// A token in a header, optionally after a prefix (`Authorization: Bearer <token>`).
    Token {
        /// The header name.
        header: &'static str,
        /// The prefix, without the space that follows it.
        prefix: Option<&'static str>,
    },
}

/// Static facts about one API, generated from its spec.
#[derive(Debug)]
pub struct ApiInfo {
    /// Module name (`aiven`).
    pub name: &'static str,
    /// `info.title`.
    pub title: &'static str,
    /// `info.version`.
    pub version: &'static str,
    /// The vendor's base URL.
    pub default_base_url: &'static str,
    /// The security schemes the operations authenticate with, in order of first use:
    /// `Client::new` and `from_env` take credentials for the first. Empty when no operation
    /// sends credentials.
    pub schemes: &'static [AuthKind],
    /// Environment variables for credentials: `[token]` or `[user, password]`.
    pub env: &'static [&'static str],
    /// The `{variables}` of `default_base_url`, each with the environment variable that
    /// `from_env` reads it from. When there are any, the base URL must be given.
    pub server_vars: &'static [(&'static str, Option<&'static str>)],
}

impl ApiInfo {
    /// The scheme `Client::new` and `from_env` take credentials for.
    pub fn auth(&self) -> AuthKind {
        self.schemes.first().copied().unwrap_or(AuthKind::None)
    }

    /// `default_base_url` with `values` (in the order of `server_vars`) in place of its
    /// variables.
    pub fn fill_base_url(&self, values: &[&str]) -> String {
        self.server_vars.iter().zip(values).fold(
            self.default_base_url.to_string(),
            |url, ((name, _), value)| url.replace(&format!("{{{name}}}"), value),
        )
    }
}

/// Implemented by every generated `Client`.
pub trait ApiClient: Sized {
    /// The API's static facts.
    const API: &'static ApiInfo;
    /// Wrap a configured runtime.
    fn from_inner(inner: Inner) -> Self;
}

/// A secret string: never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Credentials for an API. `Debug` shows which kind they are, never the secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A token (bearer, API key).
    Token(#[doc(hidden)] SecretString),
    /// HTTP Basic.
    Basic {
        /// The user name (not secret).
        username: String,
        /// The password or API key.
        password: SecretString,
    },
}

/// A string that is redacted in `Debug` and `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(Secret);

impl SecretString {
    /// Wrap a secret.
    pub fn new(s: impl Into<String>) -> Self {
        SecretString(Secret(s.into()))
    }
    /// The secret itself; call only to send it.
    pub fn expose(&self) -> &str {
        &self.0 .0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Token(_) => f.write_str("Credentials::Token(<redacted>)"),
            Credentials::Basic { username, .. } => write!(
                f,
                "Credentials::Basic {{ username: {username:?}, password: <redacted> }}"
            ),
        }
    }
}

impl Credentials {
    /// A token.
    pub fn token(token: impl Into<String>) -> Self {
        Credentials::Token(SecretString::new(token))
    }

    /// HTTP Basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials::Basic {
            username: username.into(),
            password: SecretString::new(password),
        }
    }

    /// The header to send for `kind`, its value marked sensitive so that it is never logged.
    ///
    /// Credentials that a header cannot carry as given are refused here, when the client is
    /// built, rather than altered or dropped on each request: a token with CR, LF, NUL or
    /// another control character, and a Basic user name with a `:` (RFC 7617: the server
    /// would split there and read another user name and password).
    fn header(&self, kind: AuthKind) -> Result<Option<(HeaderName, HeaderValue)>, ConfigError> {
        let (name, text) = match (kind, self) {
            (AuthKind::None, _) => return Ok(None),
            (AuthKind::Basic, Credentials::Basic { username, password }) => {
                let control = |s: &str| s.chars().any(char::is_control);
                if username.contains(':') || control(username) || control(password.expose()) {
                    return Err(ConfigError::InvalidCredentials);
                }
                let raw = format!("{username}:{}", password.expose());
                (
                    "authorization",
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(raw)
                    ),
                )
            }
            (AuthKind::Token { header, prefix }, Credentials::Token(t)) => (
                header,
                match prefix {
                    Some(p) => format!("{p} {}", t.expose()),
                    None => t.expose().to_string(),
                },
            ),
            (AuthKind::Basic, Credentials::Token(_)) => {
                return Err(ConfigError::WrongCredentials(
                    "HTTP Basic (user name and key)",
                ))
            }
            (AuthKind::Token { .. }, Credentials::Basic { .. }) => {
                return Err(ConfigError::WrongCredentials("a token"))
            }
        };
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ConfigError::InvalidAuthHeader(name))?;
        let mut value =
            super::request::header_value(&text).map_err(|_| ConfigError::InvalidCredentials)?;
        value.set_sensitive(true);
        Ok(Some((name, value)))
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL does not parse or is not http(s).
    #[error("invalid base URL `{0}`: it must be an absolute http:// or https:// URL")]
    InvalidBaseUrl(String),
    /// A required environment variable is not set.
    #[error("environment variable {0} is not set")]
    MissingEnv(&'static str),
    /// The API needs credentials of another kind.
    #[error("this API authenticates with {0}")]
    WrongCredentials(&'static str),
    /// The base URL has a query or a fragment, which requests could not keep.
    #[error("invalid base URL `{0}`: give the scheme, host and path only, without `?` or `#`")]
    BaseUrlWithQuery(String),
    /// The credentials contain characters a header cannot carry, or a Basic user name holds
    /// a `:` (the value is not shown).
    #[error(
        "the credentials contain characters that cannot be sent in an HTTP header \
         (CR, LF, NUL or another control character, or a `:` in a Basic user name)"
    )]
    InvalidCredentials,
    /// The API's security scheme names a header that is not a valid header name.
    #[error("the credentials header `{0}` is not a valid header name")]
    InvalidAuthHeader(&'static str),
    /// The API has no single base URL (`https://{databaseId}-{region}...`) and none was given.
    #[error("{api} has no default base URL: its URL `{template}` needs {needs}")]
    BaseUrlNeeded {
        /// The API's module name.
        api: &'static str,
        /// The URL template.
        template: &'static str,
        /// What to do: the variables and the ways to give them.
        needs: String,
    },
    /// The user agent is not a valid header value.
    #[error("invalid user agent")]
    InvalidUserAgent,
    /// The HTTP client could not be built (TLS backend).
    #[error("cannot build the HTTP client: {0}")]
    Http(String),
}

/// Settings for a client of API `C`. Obtain it with the generated `Client::builder()`.
#[must_use]
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    retry: RetryPolicy,
    max_body_bytes: usize,
    http: Option<reqwest::Client>,
    _api: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl<C: ApiClient> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: ApiClient> ClientBuilder<C> {
    /// Defaults: the vendor's base URL, no credentials, 30 s per attempt, 10 s to connect,
    /// the default [`RetryPolicy`], responses up to 64 MiB.
    pub fn new() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: None,
            retry: RetryPolicy::default(),
            max_body_bytes: 64 * 1024 * 1024,
            http: None,
            _api: PhantomData,
        }
    }

    /// Send requests to another base URL (a proxy, a test server, a self-hosted deployment).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Credentials to send.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Read credentials from the API's environment variables (see the generated `from_env`).
    pub fn from_env(mut self) -> Result<Self, ConfigError> {
        let env = C::API.env;
        let read =
            |name: &'static str| std::env::var(name).map_err(|_| ConfigError::MissingEnv(name));
        match (C::API.auth(), env) {
            (AuthKind::Basic, [user, password]) => {
                self.credentials = Some(Credentials::basic(read(user)?, read(password)?))
            }
            (AuthKind::Token { .. }, [token]) => {
                self.credentials = Some(Credentials::token(read(token)?))
            }
            _ => {}
        }
        let api = C::API;
        if self.base_url.is_none() && !api.server_vars.is_empty() {
            let mut values = Vec::new();
            for (_, env) in api.server_vars {
                let Some(env) = env else {
                    return Err(base_url_needed(api));
                };
                values.push(read(env)?);
            }
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            self.base_url = Some(api.fill_base_url(&values));
        }
        Ok(self)
    }

    /// Time limit for one attempt, from sending the request to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit for opening a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `datacloud/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// When and how to retry.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body accepted; larger ones fail with a decode error.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Use this `reqwest::Client` (proxies, TLS roots). Its redirect policy must be `none`:
    /// the runtime follows redirects itself so that credentials never reach another host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Build the client.
    pub fn build(self) -> Result<C, ConfigError> {
        let base_url = match self.base_url {
            Some(url) => url,
            None if !C::API.server_vars.is_empty() => return Err(base_url_needed(C::API)),
            None => C::API.default_base_url.to_string(),
        };
        let base =
            Url::parse(&base_url).map_err(|_| ConfigError::InvalidBaseUrl(base_url.clone()))?;
        if !matches!(base.scheme(), "http" | "https") || base.host().is_none() {
            return Err(ConfigError::InvalidBaseUrl(base_url));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(ConfigError::BaseUrlWithQuery(base_url));
        }
        let auth = match &self.credentials {
            Some(c) => scheme_headers(c, C::API)?,
            None => Vec::new(),
        };
        let agent = self.user_agent.unwrap_or_else(|| {
            format!("datacloud/{} ({})", env!("CARGO_PKG_VERSION"), C::API.name)
        });
        let agent = HeaderValue::from_str(&agent).map_err(|_| ConfigError::InvalidUserAgent)?;
        let http = match self.http {
            Some(h) => h,
            None => new_http()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| ConfigError::Http(e.to_string()))?,
        };
        let base_path = base.path().trim_end_matches('/').to_string();
        Ok(C::from_inner(Inner(Arc::new(InnerData {
            api: C::API,
            base_url: base_url.trim_end_matches('/').to_string(),
            base,
            base_path,
            auth,
            user_agent: agent,
            http,
            timeout: self.timeout,
            retry: self.retry,
            max_body_bytes: self.max_body_bytes,
        }))))
    }
}

/// The header to send for each of the API's schemes, where the credentials fit it. They must
/// fit at least one: the first scheme's error otherwise (`WrongCredentials`).
fn scheme_headers(
    credentials: &Credentials,
    api: &ApiInfo,
) -> Result<Vec<Option<(HeaderName, HeaderValue)>>, ConfigError> {
    let mut out = Vec::new();
    let mut first_error = None;
    for kind in api.schemes {
        match credentials.header(*kind) {
            Ok(h) => out.push(h),
            Err(ConfigError::WrongCredentials(what)) => {
                first_error.get_or_insert(ConfigError::WrongCredentials(what));
                out.push(None);
            }
            Err(other) => return Err(other),
        }
    }
    match first_error {
        Some(e) if out.iter().all(Option::is_none) => Err(e),
        _ => Ok(out),
    }
}

/// The error for a client of an API whose base URL has variables, built without one.
fn base_url_needed(api: &'static ApiInfo) -> ConfigError {
    let names: Vec<&str> = api.server_vars.iter().map(|(n, _)| *n).collect();
    let envs: Option<Vec<&str>> = api.server_vars.iter().map(|(_, e)| *e).collect();
    let mut needs = format!(
        "{}: pass them to `Client::new(..)`, or give `.base_url(..)` to `Client::builder()`",
        names.join(" and ")
    );
    if let Some(envs) = envs {
        needs.push_str(&format!(
            ", or `from_env()` with {} set",
            envs.join(" and ")
        ));
    }
    ConfigError::BaseUrlNeeded {
        api: api.name,
        template: api.default_base_url,
        needs,
    }
}

/// The configured runtime inside a generated `Client`. Cheap to clone.
#[derive(Clone)]
pub struct Inner(pub(crate) Arc<InnerData>);

pub(crate) struct InnerData {
    pub(crate) api: &'static ApiInfo,
    pub(crate) base_url: String,
    /// The base URL, parsed once.
    pub(crate) base: Url,
    /// Its path without a trailing slash: the prefix of every request path.
    pub(crate) base_path: String,
    /// Per scheme of the API (same order): the credentials header, where the caller's
    /// credentials fit that scheme. Empty when the client has no credentials.
    pub(crate) auth: Vec<Option<(HeaderName, HeaderValue)>>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_body_bytes: usize,
}

impl Inner {
    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.0.base_url
    }
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.0.api.name)
            .field("base_url", &self.0.base_url)
            .field(
                "credentials",
                &(!self.0.auth.is_empty()).then_some("<redacted>"),
            )
            .field("timeout", &self.0.timeout)
            .field("retry", &self.0.retry)
            .finish()
    }
}

/// A reqwest builder whose TLS (with the `rustls` feature) has a crypto provider: ring,
/// installed as the process default unless the application installed one first. reqwest's
/// `rustls-no-provider` leaves the choice to us; its `rustls` feature would bring aws-lc-rs,
/// whose C build doubled the time of a cold `cargo build`.
fn new_http() -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Fails only when another thread installed a provider meanwhile, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
}
