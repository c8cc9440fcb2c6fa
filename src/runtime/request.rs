//! Building a request: path segments, query string, headers, body.

use std::fmt::Display;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use serde_json::Value;

/// Static facts about one operation, generated from the spec.
#[derive(Debug)]
pub struct Operation {
    /// The API's module name.
    pub api: &'static str,
    /// The operationId (the Rust method name).
    pub id: &'static str,
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The path template (`/clusters/{clusterId}`), as tracing shows it.
    pub path: &'static str,
    /// Whether the operation sends credentials.
    pub authenticated: bool,
}

impl Operation {
    /// Whether repeating the request cannot change the outcome (RFC 9110 idempotent methods).
    pub fn idempotent(&self) -> bool {
        matches!(
            self.method,
            reqwest::Method::GET
                | reqwest::Method::HEAD
                | reqwest::Method::PUT
                | reqwest::Method::DELETE
                | reqwest::Method::OPTIONS
        )
    }
}

/// Characters escaped in one path segment: everything but RFC 3986 unreserved characters and
/// the sub-delimiters that are safe in a segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// One path segment: a `/` in the value is sent as `%2F`.
pub fn encode_segment<T: Display + ?Sized>(value: &T) -> String {
    utf8_percent_encode(&value.to_string(), SEGMENT).to_string()
}

/// Several path segments (`x-multi-segment`): each part is encoded, the slashes between them
/// are sent as slashes. Empty parts (`a//b`, a leading or trailing `/`) are dropped so that the
/// path keeps its shape.
pub fn encode_segments<T: Display + ?Sized>(value: &T) -> String {
    value
        .to_string()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// A request being built by a generated method.
#[derive(Debug)]
pub struct Request {
    pub(crate) op: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<(String, Bytes)>,
    /// The first problem met while building; reported when the request is sent.
    pub(crate) problem: Option<String>,
}

impl Request {
    /// A request for `op` at `path` (already encoded).
    pub fn new(op: &'static Operation, path: String) -> Self {
        Request {
            op,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            problem: None,
        }
    }

    fn fail(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }

    /// Add a query parameter. `None` adds nothing; an array adds the name once per element.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(Value::Array(items)) => {
                for item in items {
                    match scalar(&item) {
                        Some(s) => self.query.push((name.to_string(), s)),
                        None => self.fail(format!(
                            "query parameter `{name}` holds a value that is not a scalar"
                        )),
                    }
                }
            }
            Ok(v) => match scalar(&v) {
                Some(s) => self.query.push((name.to_string(), s)),
                None => self.fail(format!("query parameter `{name}` is not a scalar")),
            },
            Err(e) => self.fail(format!("query parameter `{name}`: {e}")),
        }
    }

    /// Add a query parameter whose array value is sent comma-separated (`explode: false`).
    pub fn query_csv<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(Value::Array(items)) => {
                let parts: Option<Vec<String>> = items.iter().map(scalar).collect();
                match parts {
                    Some(p) => self.query.push((name.to_string(), p.join(","))),
                    None => self.fail(format!(
                        "query parameter `{name}` holds a value that is not a scalar"
                    )),
                }
            }
            _ => self.query(name, value),
        }
    }

    /// Add a header. `None` adds nothing.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(v) => match scalar(&v) {
                Some(s) => self.headers.push((name, s)),
                None => self.fail(format!("header `{name}` is not a scalar")),
            },
            Err(e) => self.fail(format!("header `{name}`: {e}")),
        }
    }

    /// Send `body` as JSON. `None` sends no body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) if bytes == b"null" => {}
            Ok(bytes) => self.body = Some(("application/json".to_string(), Bytes::from(bytes))),
            Err(e) => self.fail(format!("request body: {e}")),
        }
    }

    /// Send raw bytes with a media type.
    pub fn bytes(&mut self, media_type: &str, body: impl Into<Option<Bytes>>) {
        if let Some(b) = body.into() {
            self.body = Some((media_type.to_string(), b));
        }
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        assert_eq!(encode_segment("a/b c"), "a%2Fb%20c");
        assert_eq!(encode_segments("a/b c/0"), "a/b%20c/0");
        assert_eq!(encode_segments("/a//b/"), "a/b");
    }
}
