//! Building a request: path parameters, query string, headers, body.
//!
//! # What is checked is what is sent
//!
//! A generated method never formats a URL. It hands each path parameter to
//! [`Request::path_param`] (or [`Request::path_segments`]), which checks and percent-encodes
//! the value at once (see [`path`](super::path)); the runtime then fills the operation's path
//! template with those encoded values and sets the result as the path of the client's base
//! URL, which was parsed once when the client was built.
//!
//! The encoded path holds only unreserved characters, `%XX` triplets and the template's own
//! slashes, and no segment of it is `.` or `..` in any encoding. On such a string the URL
//! parser's path rules are the identity: it finds nothing to percent-encode and no dot segment
//! to resolve. The runtime still compares the parsed path with the string it built and refuses
//! the request if they differ, so no later step (URL parsing, normalisation, re-encoding) can
//! change which resource the call reaches without the call failing first. The base URL's own
//! path (`https://proxy/v1`) is kept as a prefix, and no value can climb above it.
//!
//! Header values are checked the same way: a value with CR, LF, NUL or another control
//! character is refused (it could end the header and start another), never dropped.

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use super::path::{encode_segment, encode_segments, render, Refusal};

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
    /// The schemes (indices into the API's `schemes`) the operation accepts, in order of
    /// preference; empty when it sends no credentials.
    pub auth: &'static [usize],
}

impl Operation {
    /// Whether the operation sends credentials.
    pub fn authenticated(&self) -> bool {
        !self.auth.is_empty()
    }

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

/// A request being built by a generated method.
#[derive(Debug)]
pub struct Request {
    pub(crate) op: &'static Operation,
    /// Path parameters by template name, already checked and encoded.
    pub(crate) path_values: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<(HeaderValue, Bytes)>,
    /// The first problem met while building; reported when the request is sent, before
    /// anything reaches the network.
    pub(crate) problem: Option<String>,
    /// No retry of this request waits past this instant (a waiter's deadline).
    pub(crate) deadline: Option<std::time::Instant>,
}

impl Request {
    /// A request for `op`; its path is `op.path` once every path parameter is given.
    pub fn new(op: &'static Operation) -> Self {
        Request {
            op,
            path_values: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            problem: None,
            deadline: None,
        }
    }

    /// Never wait past `at` before a retry of this request: a waiter polls with its own
    /// deadline, and the runtime's retries inside one poll must not sleep beyond it.
    pub fn retry_deadline(&mut self, at: std::time::Instant) {
        self.deadline = Some(at);
    }

    fn fail(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }

    /// Set the single-segment path parameter `name` (as the path template spells it). A `/`
    /// in the value is sent as `%2F`; an empty value or a dot segment is refused. The value is
    /// what it serializes to (a string, number, boolean, string newtype or enum); an array
    /// (`style: simple`) is sent comma-separated, each element checked and encoded like a whole
    /// segment, so no element can make the segment `.` or `..`, and its commas are the only
    /// ones sent unencoded.
    pub fn path_param<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let parts = match path_text(value) {
            Ok(parts) => parts,
            Err(why) => return self.fail(format!("path parameter {name} {why}")),
        };
        if parts.is_empty() {
            return self.fail(format!("path parameter {name} {}", Refusal::Empty));
        }
        // One element (most) is sent as encoded, without a list and a join.
        let mut joined: Option<String> = None;
        for part in &parts {
            let encoded = match encode_segment(part) {
                Ok(encoded) => encoded,
                Err(why) if parts.len() == 1 => {
                    return self.fail(format!("path parameter {name} {why}"))
                }
                Err(why) => return self.fail(format!("path parameter {name}: each element {why}")),
            };
            match &mut joined {
                None => joined = Some(encoded),
                Some(joined) => {
                    joined.push(',');
                    joined.push_str(&encoded);
                }
            }
        }
        if let Some(joined) = joined {
            self.path_values.push((name, joined));
        }
    }

    /// Set the multi-segment path parameter `name` (`x-multi-segment`): its slashes separate
    /// segments, and each part is checked like a single segment.
    pub fn path_segments<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let value = match path_text(value).map(|p| p.join(",")) {
            Ok(v) => v,
            Err(why) => return self.fail(format!("path parameter {name} {why}")),
        };
        match encode_segments(&value) {
            Ok(encoded) => self.path_values.push((name, encoded)),
            Err(why) if !value.contains('/') => self.fail(format!("path parameter {name} {why}")),
            Err(why) => self.fail(format!(
                "path parameter {name} = {value:?}: each part between slashes {why}"
            )),
        }
    }

    /// The encoded path after `prefix` (the base URL's path): the template with every
    /// parameter filled in.
    pub(crate) fn path(&self, prefix: &str) -> Result<String, String> {
        render(prefix, self.op.path, &self.path_values)
    }

    /// Add a query parameter. `None` adds nothing; an array adds the name once per element.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(Value::Array(items)) => {
                for item in items {
                    match scalar(item) {
                        Some(s) => self.query.push((name.to_string(), s)),
                        None => self.fail(format!(
                            "query parameter `{name}` holds a value that is not a scalar"
                        )),
                    }
                }
            }
            Ok(v) => match scalar(v) {
                Some(s) => self.query.push((name.to_string(), s)),
                None => self.fail(format!("query parameter `{name}` is not a scalar")),
            },
            Err(e) => self.fail(format!("query parameter `{name}`: {e}")),
        }
    }

    /// Set a query parameter, replacing any value it had (a page stream sets the page's
    /// cursor or offset this way). `None` removes it.
    pub fn set_query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.query.retain(|(k, _)| k != name);
        self.query(name, value);
    }

    /// Add a query parameter whose array value is sent comma-separated (`explode: false`).
    pub fn query_csv<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(Value::Array(items)) => {
                let parts: Option<Vec<String>> = items.into_iter().map(scalar).collect();
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

    /// Add a query parameter whose value is sent as JSON text (`content: application/json`,
    /// or an object schema: `where={"name":{"$eq":"x"}}`). `None` adds nothing.
    pub fn query_json<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(v) => self.query.push((name.to_string(), v.to_string())),
            Err(e) => self.fail(format!("query parameter `{name}`: {e}")),
        }
    }

    /// Add a header. `None` adds nothing; a value with CR, LF, NUL or another control
    /// character is refused.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let text = match serde_json::to_value(value) {
            Ok(Value::Null) => return,
            Ok(v) => match scalar(v) {
                Some(s) => s,
                None => return self.fail(format!("header {name} is not a scalar")),
            },
            Err(e) => return self.fail(format!("header {name}: {e}")),
        };
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(format!("`{name}` is not a valid header name"));
        };
        match header_value(&text) {
            Ok(v) => self.headers.push((header, v)),
            Err(why) => self.fail(format!("header {name} {why}")),
        }
    }

    /// Send `body` as JSON. `None` sends no body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) if bytes == b"null" => {}
            Ok(bytes) => {
                self.body = Some((
                    HeaderValue::from_static("application/json"),
                    Bytes::from(bytes),
                ))
            }
            Err(e) => self.fail(format!("request body: {e}")),
        }
    }

    /// Send text (`text/plain`) with a media type. `None` sends no body.
    pub fn text<'t>(&mut self, media_type: &'static str, body: impl Into<Option<&'t str>>) {
        if let Some(t) = body.into() {
            self.bytes(media_type, Bytes::copy_from_slice(t.as_bytes()));
        }
    }

    /// Send raw bytes with a media type.
    pub fn bytes(&mut self, media_type: &'static str, body: impl Into<Option<Bytes>>) {
        let Some(b) = body.into() else { return };
        match HeaderValue::from_str(media_type) {
            Ok(v) => self.body = Some((v, b)),
            Err(_) => self.fail(format!("`{media_type}` is not a valid media type")),
        }
    }
}

/// A header value, refused when it holds a byte that could end the header line.
pub(crate) fn header_value(text: &str) -> Result<HeaderValue, &'static str> {
    if text.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        return Err(
            "must not contain CR, LF or NUL: they would end the header and could add others",
        );
    }
    HeaderValue::from_bytes(text.as_bytes()).map_err(|_| "must not contain control characters")
}

/// A path parameter's value as text: one scalar, or the elements of an array of scalars.
fn path_text<T: Serialize + ?Sized>(value: &T) -> Result<Vec<String>, String> {
    let not_scalar = || "is not a string, number or boolean (or an array of them)".to_string();
    match serde_json::to_value(value) {
        Ok(Value::Array(items)) => items
            .into_iter()
            .map(|i| scalar(i).ok_or_else(not_scalar))
            .collect(),
        Ok(v) => scalar(v).map(|s| vec![s]).ok_or_else(not_scalar),
        Err(e) => Err(format!("cannot be written: {e}")),
    }
}

/// A scalar as text; a string is moved, not copied.
fn scalar(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation {
        api: "test",
        id: "op",
        method: reqwest::Method::GET,
        path: "/a/{x}/b/{y}",
        auth: &[],
    };

    #[test]
    fn path_parameters_fill_the_template() {
        let mut rq = Request::new(&OP);
        rq.path_param("x", "a b/c");
        rq.path_segments("y", "p/q");
        assert_eq!(rq.problem, None);
        assert_eq!(rq.path("").as_deref(), Ok("/a/a%20b%2Fc/b/p/q"));
    }

    #[test]
    fn array_path_parameters_are_comma_joined_and_each_element_checked() {
        let mut rq = Request::new(&OP);
        rq.path_param("x", &["a b", "c/d", "e,f"]);
        rq.path_param("y", &[1, 2]);
        assert_eq!(rq.problem, None);
        assert_eq!(rq.path("").as_deref(), Ok("/a/a%20b,c%2Fd,e%2Cf/b/1,2"));
        for bad in [vec!["a", ".."], vec!["", "b"], vec![]] {
            let mut rq = Request::new(&OP);
            rq.path_param("x", &bad);
            assert!(rq.problem.is_some(), "{bad:?} accepted");
        }
        let mut rq = Request::new(&OP);
        rq.path_param("x", &serde_json::json!({"a": 1}));
        assert_eq!(
            rq.problem.as_deref(),
            Some("path parameter x is not a string, number or boolean (or an array of them)")
        );
    }

    #[test]
    fn refusals_name_the_parameter() {
        let mut rq = Request::new(&OP);
        rq.path_param("x", "..");
        rq.path_segments("y", "p/q");
        assert_eq!(
            rq.problem.as_deref(),
            Some(r#"path parameter x must not be "..": it would address another resource"#)
        );
        let mut rq = Request::new(&OP);
        rq.path_segments("y", "a//b");
        assert_eq!(
            rq.problem.as_deref(),
            Some(
                "path parameter y = \"a//b\": each part between slashes must not be empty: \
                 it would address another resource"
            )
        );
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        for bad in ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b"] {
            let mut rq = Request::new(&OP);
            rq.header("X-Trace", bad);
            assert!(rq.headers.is_empty());
            let problem = rq.problem.expect("refused");
            assert!(problem.contains("CR, LF or NUL"), "{problem}");
        }
        let mut rq = Request::new(&OP);
        rq.header("X-Trace", "a\u{7}b");
        assert!(rq.problem.unwrap().contains("control characters"));
        let mut rq = Request::new(&OP);
        rq.header("X-Trace", "plain value, ü too");
        assert_eq!(rq.problem, None);
        assert_eq!(rq.headers.len(), 1);
    }
}
