//! One error type per API (`Error<ErrorBody>`), with cases a caller can match on.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How much of an unexpected body an error keeps, for the message.
const SNIPPET: usize = 512;

/// A failed call: what went wrong, in which operation, after how many attempts.
///
/// Boxed, so that a `Result` carrying it stays one pointer wide on the error side.
pub struct Error<E>(Box<Inner<E>>);

struct Inner<E> {
    api: &'static str,
    operation: &'static str,
    attempts: u32,
    kind: ErrorKind<E>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind<E> {
    /// The server answered with an error status.
    Api(ApiError<E>),
    /// No complete response within the configured timeout.
    Timeout {
        /// The per-attempt limit that ran out.
        after: Duration,
    },
    /// The connection failed or broke (refused, reset, DNS, TLS).
    Transport {
        /// What the HTTP stack said.
        message: String,
    },
    /// A success status, but the body is not what the spec promises.
    Decode {
        /// The status.
        status: StatusCode,
        /// The response's content type.
        content_type: Option<String>,
        /// Why decoding failed.
        message: String,
        /// The start of the body, lossily decoded.
        snippet: String,
    },
    /// The response body exceeded the configured limit.
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A redirect could not be followed (loop, bad `Location`).
    Redirect {
        /// Why.
        message: String,
    },
    /// The request could not be built from the arguments.
    InvalidRequest {
        /// Why.
        message: String,
    },
}

/// An error response from the API.
#[derive(Debug)]
pub struct ApiError<E> {
    /// HTTP status.
    pub status: StatusCode,
    /// The request id the server gave, from headers or body.
    pub request_id: Option<String>,
    /// The server's message (or the status' reason when the body has none).
    pub message: String,
    /// A machine-readable code, when the envelope has one.
    pub code: Option<String>,
    /// The API's error envelope, decoded; `None` when the body is not one (an HTML 502 page).
    pub body: Option<E>,
    /// `Retry-After`, when the server sent one.
    pub retry_after: Option<Duration>,
    /// The start of the raw body.
    pub snippet: String,
}

impl<E> Error<E> {
    pub(crate) fn new(
        api: &'static str,
        operation: &'static str,
        attempts: u32,
        kind: ErrorKind<E>,
    ) -> Self {
        Error(Box::new(Inner {
            api,
            operation,
            attempts,
            kind,
        }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind<E> {
        &self.0.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind<E> {
        self.0.kind
    }

    /// The operation (Rust method name).
    pub fn operation(&self) -> &'static str {
        self.0.operation
    }

    /// How many attempts were made (1 when there was no retry).
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.0.kind {
            ErrorKind::Api(e) => Some(e.status),
            ErrorKind::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error, if the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match &self.0.kind {
            ErrorKind::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Timeout { .. })
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: ", self.0.api, self.0.operation)?;
        match &self.0.kind {
            ErrorKind::Api(e) => {
                write!(f, "HTTP {}: {}", e.status, e.message)?;
                let mut extra = Vec::new();
                if let Some(c) = &e.code {
                    extra.push(format!("code {c}"));
                }
                if let Some(r) = &e.request_id {
                    extra.push(format!("request id {r}"));
                }
                if !extra.is_empty() {
                    write!(f, " ({})", extra.join(", "))?;
                }
            }
            ErrorKind::Timeout { after } => write!(f, "no response within {after:?}")?,
            ErrorKind::Transport { message } => write!(f, "connection failed: {message}")?,
            ErrorKind::Decode {
                status,
                content_type,
                message,
                ..
            } => write!(
                f,
                "HTTP {status} with a body that does not decode ({}): {message}",
                content_type.as_deref().unwrap_or("no content type")
            )?,
            ErrorKind::TooLarge { limit } => write!(f, "response body larger than {limit} bytes")?,
            ErrorKind::Redirect { message } => write!(f, "redirect not followed: {message}")?,
            ErrorKind::InvalidRequest { message } => write!(f, "invalid request: {message}")?,
        }
        if self.0.attempts > 1 {
            write!(f, " after {} attempts", self.0.attempts)?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("api", &self.0.api)
            .field("operation", &self.0.operation)
            .field("attempts", &self.0.attempts)
            .field("kind", &self.0.kind)
            .finish()
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {}

/// Cut `bytes` to a short, printable snippet.
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(SNIPPET)];
    let mut s = String::from_utf8_lossy(cut).into_owned();
    if bytes.len() > SNIPPET {
        s.push('…');
    }
    s
}

/// Build the API error for an error response.
pub(crate) fn api_error<E: DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    retry_after: Option<Duration>,
) -> ApiError<E> {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let typed = serde_json::from_slice::<E>(body).ok();
    let first_error = json
        .as_ref()
        .and_then(|j| j.get("errors"))
        .and_then(|e| e.get(0));
    let text = |v: Option<&Value>| {
        v.and_then(|v| match v {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let message = json
        .as_ref()
        .and_then(|j| {
            text(j.get("message"))
                .or_else(|| text(first_error.and_then(|e| e.get("message"))))
                .or_else(|| text(j.get("description")))
                .or_else(|| text(j.get("detail")))
                .or_else(|| text(j.get("error")))
                .or_else(|| text(first_error))
        })
        .unwrap_or_else(|| {
            let reason = status.canonical_reason().unwrap_or("error").to_string();
            if body.is_empty() {
                reason
            } else {
                format!("{reason} (the body is not the API's error envelope)")
            }
        });
    let code = first_error
        .and_then(|e| {
            text(e.get("error_code"))
                .or_else(|| text(e.get("ID")))
                .or_else(|| text(e.get("code")))
        })
        .or_else(|| json.as_ref().and_then(|j| text(j.get("error_code"))));
    let request_id = [
        "x-request-id",
        "x-amzn-requestid",
        "request-id",
        "x-correlation-id",
        "x-trace-id",
    ]
    .iter()
    .find_map(|h| {
        headers
            .get(*h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    })
    .or_else(|| {
        json.as_ref()
            .and_then(|j| text(j.get("requestId")).or_else(|| text(j.get("request_id"))))
    });
    ApiError {
        status,
        request_id,
        message: message.lines().next().unwrap_or("").to_string(),
        code,
        body: typed,
        retry_after,
        snippet: snippet(body),
    }
}
