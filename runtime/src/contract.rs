//! Support for the generated contract-test cases (feature `contract`; not for applications).

use std::future::Future;
use std::pin::Pin;

use super::error::{Error, ErrorKind};

/// The future a case's call returns.
pub type CallFuture = Pin<Box<dyn Future<Output = Result<(), Failure>> + Send>>;

/// One operation's contract: what the client must send, and what the server answers.
pub struct Case<C> {
    /// operationId.
    pub operation: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path_template: &'static str,
    /// The exact path expected on the wire (percent-encoded).
    pub path: &'static str,
    /// Query pairs expected, decoded, in order.
    pub query: &'static [(&'static str, &'static str)],
    /// Headers expected (lower-case names).
    pub headers: &'static [(&'static str, &'static str)],
    /// The JSON body expected, if any.
    pub body: Option<&'static str>,
    /// The scheme (index into the API's `schemes`) whose credentials must be sent, if any.
    pub scheme: Option<usize>,
    /// Success status to answer with.
    pub status: u16,
    /// Content type of the success body.
    pub content_type: &'static str,
    /// Success body to answer with.
    pub response: Option<&'static str>,
    /// A documented error status to answer with.
    pub error_status: Option<u16>,
    /// Its body.
    pub error_body: Option<&'static str>,
    /// The path parameters, for the checks that no value reaches another route.
    pub path_params: &'static [PathCase],
    /// Call the operation with the sample arguments; `Some((i, v))` gives the `i`-th argument
    /// the string `v` instead (a `sample` failure when `v` does not fit its type).
    pub call: fn(C, Option<(usize, &'static str)>) -> CallFuture,
}

/// A path parameter of a case.
pub struct PathCase {
    /// Index of the argument.
    pub index: usize,
    /// Name in the path template.
    pub name: &'static str,
    /// A valid but awkward value (a space, `/`, `?`, `#`, `%`).
    pub awkward: &'static str,
    /// The exact path the server must see when the parameter holds `awkward`.
    pub awkward_path: &'static str,
}

/// How a contract call failed.
#[derive(Debug)]
pub struct Failure {
    /// `sample`, `invalid` (refused before sending), `api`, `decode`, `timeout`, `transport`,
    /// `other`.
    pub kind: &'static str,
    /// HTTP status, when there was one.
    pub status: Option<u16>,
    /// Whether the API's error envelope decoded.
    pub envelope: bool,
    /// The error's one-line message.
    pub message: String,
}

impl Failure {
    /// A sample value did not deserialize into the parameter's Rust type.
    pub fn sample(name: &str, e: serde_json::Error) -> Self {
        Failure {
            kind: "sample",
            status: None,
            envelope: false,
            message: format!("the sample for `{name}` does not fit its Rust type: {e}"),
        }
    }
}

impl<E> From<Error<E>> for Failure {
    fn from(e: Error<E>) -> Self {
        let message = e.to_string();
        let (kind, status, envelope) = match e.kind() {
            ErrorKind::Api(a) => ("api", Some(a.status.as_u16()), a.body.is_some()),
            ErrorKind::Decode { status, .. } => ("decode", Some(status.as_u16()), false),
            ErrorKind::Timeout { .. } => ("timeout", None, false),
            ErrorKind::Transport { .. } => ("transport", None, false),
            ErrorKind::InvalidRequest { .. } => ("invalid", None, false),
            _ => ("other", None, false),
        };
        Failure {
            kind,
            status,
            envelope,
            message,
        }
    }
}
