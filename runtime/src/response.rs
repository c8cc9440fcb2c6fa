//! Successful responses and their decoding.

use std::ops::Deref;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{snippet, Error, ErrorKind};

/// A decoded successful response. Derefs to the body.
#[derive(Debug, Clone)]
pub struct Response<T> {
    value: T,
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
}

impl<T> Response<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.value
    }
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The `Location` header: where a created resource lives.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }
    /// The last path segment of `Location`: the id of a created resource.
    pub fn location_id(&self) -> Option<&str> {
        self.location()
            .map(|l| {
                l.split(['?', '#'])
                    .next()
                    .unwrap_or(l)
                    .trim_end_matches('/')
            })
            .and_then(|l| l.rsplit('/').next())
            .filter(|s| !s.is_empty())
    }
    /// How many attempts the call took.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The same response with its body turned into another value (a waiter decodes the JSON
    /// it matched on into the operation's type).
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A binary body (a PDF invoice, a CSV report) with its content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The `Content-Type` the server sent.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: Bytes,
}

/// A successful response not yet decoded. Generated methods turn it into a [`Response`].
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) api: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) attempts: u32,
}

impl RawResponse {
    fn wrap<T>(self, value: T) -> Response<T> {
        Response {
            value,
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
        }
    }

    fn content_type(&self) -> Option<String> {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Decode a JSON body. An empty body decodes as `null` (fine for optional or untyped
    /// results, a decode error for everything else).
    pub fn json<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        let text: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        match serde_json::from_slice::<T>(text) {
            Ok(v) => Ok(self.wrap(v)),
            Err(e) => Err(self.json_error(e)),
        }
    }

    /// The error of a body that did not decode; kept out of [`RawResponse::json`], which is
    /// compiled once per response type.
    #[inline(never)]
    fn json_error<E>(&self, e: serde_json::Error) -> Error<E> {
        let message = if self.body.is_empty() {
            format!("empty body where JSON was expected ({e})")
        } else {
            e.to_string()
        };
        self.decode_error(message)
    }

    /// The decode error of this response, with its status, content type and a snippet.
    fn decode_error<E>(&self, message: String) -> Error<E> {
        Error::new(
            self.api,
            self.operation,
            self.attempts,
            ErrorKind::Decode {
                status: self.status,
                content_type: self.content_type(),
                message,
                snippet: snippet(&self.body),
            },
        )
    }

    /// A response whose body, if any, carries nothing the spec describes.
    pub fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(self.wrap(()))
    }

    /// A text body (`text/plain`): the body as UTF-8, a decode error when it is not.
    pub fn text<E>(self) -> Result<Response<String>, Error<E>> {
        match std::str::from_utf8(&self.body) {
            Ok(t) => {
                let t = t.to_string();
                Ok(self.wrap(t))
            }
            Err(e) => Err(self.decode_error(format!("the text body is not UTF-8 ({e})"))),
        }
    }

    /// A binary body with its content type.
    pub fn binary<E>(self) -> Result<Response<Binary>, Error<E>> {
        let b = Binary {
            content_type: self.content_type(),
            bytes: self.body.clone(),
        };
        Ok(self.wrap(b))
    }
}
