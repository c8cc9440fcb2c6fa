//! The hand-written runtime every generated client calls. It knows no single API: everything
//! API-specific comes from the generated [`ApiInfo`] and [`Operation`] constants.
//!
//! - [`config`]: building a client (base URL, credentials, timeouts, retries, user agent).
//! - [`request`]: building a request: path parameters, query, headers, body.
//! - [`path`](mod@path): path parameters, checked so that a value never reaches another route.
//! - [`execute`]: sending with auth, retries, redirects, body limits and a tracing span.
//! - [`error`]: one error type per API, generic over the API's error envelope.
//! - [`response`]: successful responses and their decoding.
//! - [`paginate`](mod@paginate): page streams for cursor, offset and page-state pagination.
//! - [`unknown`]: the value kept when a response carries an enum value the spec does not list.
//! - [`wait`]: waiters that poll an operation until a resource reaches a state.

// Plumbing the generated clients call and users need not: public because the generated code
// (also from other crates, through `codegen emit`) names it, hidden from the docs.
#[doc(hidden)]
pub mod call;
pub mod config;
#[cfg(feature = "contract")]
#[doc(hidden)]
pub mod contract;
pub mod error;
#[doc(hidden)]
pub mod execute;
#[doc(hidden)]
pub mod fill;
pub mod paginate;
pub mod path;
#[doc(hidden)]
pub mod pattern;
#[doc(hidden)]
pub mod request;
pub mod response;
pub mod retry;
pub mod unknown;
pub mod wait;

pub use call::ResponseFuture;
#[doc(hidden)]
pub use config::{ApiClient, ApiInfo, AuthKind, Inner};
pub use config::{ClientBuilder, ConfigError, Credentials};
pub use error::{ApiError, Error, ErrorKind};
pub use futures_core::Stream;
#[doc(hidden)]
pub use paginate::{paginate, Page, PageStyle};
pub use path::{encode_segment, encode_segments, Refusal};
#[doc(hidden)]
pub use pattern::Pattern;
#[doc(hidden)]
pub use request::{Operation, Request};
#[doc(hidden)]
pub use reqwest::Method;
pub use response::{Binary, Response};
pub use retry::RetryPolicy;
#[doc(hidden)]
pub use unknown::decode_enum;
pub use unknown::UnknownValue;
pub use wait::{Observed, Wait, WaitError, WaitErrorKind};
