//! Path parameters: a caller's value can never send a call to another route.
//!
//! A value goes into exactly one path segment (or, for `x-multi-segment` parameters, into the
//! segments its slashes separate) and is refused before anything is sent when it would
//! address another resource:
//!
//! - an empty value (`/service/{name}/user` with `name = ""` becomes `/service//user`, which
//!   many servers collapse into `/service/user`);
//! - a dot segment, `.` or `..`, which URL parsing (the WHATWG rules that `url` and every
//!   browser follow, and RFC 3986's `remove_dot_segments`) resolves against the path: `..` in
//!   `/project/p/service/{s}` turns "delete this service" into "delete this project";
//! - a value that is a dot segment once percent-decoded, any number of times (`%2e%2e`,
//!   `.%2E`, `%252e%252e`): we send `%` as `%25`, so such a value reaches a correct server as
//!   data, but a proxy or framework that decodes twice would climb;
//! - a value whose pieces between `/` or `\` are dot segments (`a/../b`): we send its slashes
//!   as `%2F`, but servers that decode `%2F` before routing (a common option) would climb.
//!
//! Everything else is sent byte for byte recoverable: every byte outside RFC 3986's
//! unreserved set (`A-Z a-z 0-9 - . _ ~`) is percent-encoded, sub-delimiters included, so that
//! `;` (matrix parameters on Java servers), `+`, `=` and `,` reach the server as data too.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Bytes escaped in a path segment: everything but RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Why a path parameter's value was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The value (or one of its parts) is empty.
    Empty,
    /// The value is `.` or `..`, or decodes to one.
    DotSegment(String),
    /// Between its slashes the value holds a `.` or `..` piece (`a/../b`).
    HoldsDotSegment(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Empty => f.write_str("must not be empty: it would address another resource"),
            Refusal::DotSegment(v) => {
                write!(f, "must not be {v:?}: it would address another resource")
            }
            Refusal::HoldsDotSegment(v) => write!(
                f,
                "must not hold a `.` or `..` between slashes ({v:?}): a server that decodes \
                 `%2F` would address another resource"
            ),
        }
    }
}

/// The value as sent in one segment, or why it may not be sent.
pub fn encode_segment(value: &str) -> Result<String, Refusal> {
    check(value, true)?;
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// A multi-segment value (`pk1/pk2`, `a/b/0/c`) as sent: each part checked and encoded like a
/// single segment, the slashes between parts sent as slashes.
pub fn encode_segments(value: &str) -> Result<String, Refusal> {
    if value.is_empty() {
        return Err(Refusal::Empty);
    }
    let mut out = String::with_capacity(value.len());
    for (i, part) in value.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&encode_segment(part)?);
    }
    Ok(out)
}

/// Refuse a value that is (or, decoded, becomes) empty or a dot segment.
fn check(value: &str, whole: bool) -> Result<(), Refusal> {
    if value.is_empty() {
        return Err(Refusal::Empty);
    }
    // Each round of decoding shortens a value that changes, so this ends. A value with
    // nothing to decode (most) is checked without a copy.
    let mut current = Cow::Borrowed(value);
    loop {
        if is_dot(&current) {
            return Err(Refusal::DotSegment(value.to_string()));
        }
        if whole && current.split(['/', '\\']).any(is_dot) {
            return Err(Refusal::HoldsDotSegment(value.to_string()));
        }
        let decoded = match percent_decode_str(&current).decode_utf8_lossy() {
            // Borrowed: nothing was decoded.
            Cow::Borrowed(_) => return Ok(()),
            Cow::Owned(decoded) => decoded,
        };
        if decoded == *current {
            return Ok(());
        }
        current = Cow::Owned(decoded);
    }
}

fn is_dot(s: &str) -> bool {
    s == "." || s == ".."
}

/// Fill `template`'s `{name}` placeholders with already encoded `values`.
///
/// Fails when a placeholder has no value or a value has no placeholder: a generator defect,
/// reported rather than sent to a path the spec does not have. The path is written after
/// `prefix` (the base URL's path), into one string.
pub(crate) fn render(
    prefix: &str,
    template: &str,
    values: &[(&'static str, String)],
) -> Result<String, String> {
    let given: usize = values.iter().map(|(_, v)| v.len()).sum();
    let mut out = String::with_capacity(prefix.len() + template.len() + given);
    out.push_str(prefix);
    let mut rest = template;
    let mut used = 0;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = &rest[start + 1..start + len];
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => return Err(format!("path parameter `{name}` was not given")),
        }
        used += 1;
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    if used != values.len() {
        return Err(format!(
            "{} path parameter(s) given for {used} placeholder(s) in `{template}`",
            values.len()
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_in_every_encoding_are_refused() {
        for v in [
            ".",
            "..",
            "%2e",
            "%2E",
            ".%2e",
            "%2e.",
            "%2E%2E",
            ".%2E",
            "%2e%2e",
            "%252e%252e",
            "%25252e",
            "%2e%2E",
        ] {
            assert!(
                matches!(encode_segment(v), Err(Refusal::DotSegment(_))),
                "{v} was not refused"
            );
        }
    }

    #[test]
    fn dot_pieces_between_slashes_are_refused() {
        for v in [
            "a/../b",
            "../x",
            "x/..",
            "a\\..\\b",
            "a%2F..%2Fb",
            "./a",
            "a/%2e%2e/b",
        ] {
            assert!(
                matches!(encode_segment(v), Err(Refusal::HoldsDotSegment(_))),
                "{v} was not refused"
            );
        }
    }

    #[test]
    fn empty_is_refused() {
        assert_eq!(encode_segment(""), Err(Refusal::Empty));
        assert_eq!(encode_segments(""), Err(Refusal::Empty));
        assert_eq!(encode_segments("a//b"), Err(Refusal::Empty));
        assert_eq!(encode_segments("/a"), Err(Refusal::Empty));
        assert_eq!(encode_segments("a/"), Err(Refusal::Empty));
        assert!(matches!(
            encode_segments("a/../b"),
            Err(Refusal::DotSegment(_))
        ));
        assert!(matches!(
            encode_segments("a/%2e/b"),
            Err(Refusal::DotSegment(_))
        ));
    }

    #[test]
    fn other_values_are_sent_recoverably() {
        let cases = [
            ("a/b c", "a%2Fb%20c"),
            ("a b/c?d#e%f", "a%20b%2Fc%3Fd%23e%25f"),
            ("/", "%2F"),
            ("?", "%3F"),
            ("#", "%23"),
            ("%", "%25"),
            ("%41", "%2541"),
            ("...", "..."),
            (".a", ".a"),
            ("a.", "a."),
            ("a;b=c,d+e", "a%3Bb%3Dc%2Cd%2Be"),
            ("ü", "%C3%BC"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("a-b_c.d~e", "a-b_c.d~e"),
            ("\\", "%5C"),
            ("\r\n\0", "%0D%0A%00"),
        ];
        for (value, sent) in cases {
            assert_eq!(encode_segment(value).as_deref(), Ok(sent), "{value:?}");
            let back = percent_decode_str(sent).decode_utf8().unwrap();
            assert_eq!(back, value, "not recoverable: {value:?}");
        }
        let long = "x".repeat(100_000);
        assert_eq!(encode_segment(&long).unwrap().len(), 100_000);
        let long_encoded = "é".repeat(50_000);
        assert_eq!(encode_segment(&long_encoded).unwrap().len(), 300_000);
    }

    #[test]
    fn multi_segment_values_keep_their_slashes() {
        assert_eq!(encode_segments("a/b c/0").as_deref(), Ok("a/b%20c/0"));
        assert_eq!(
            encode_segments("a b/c?d#e%f").as_deref(),
            Ok("a%20b/c%3Fd%23e%25f")
        );
        assert_eq!(encode_segments("pk1").as_deref(), Ok("pk1"));
    }

    #[test]
    fn templates_are_filled_exactly() {
        let v = vec![("a", "1".to_string()), ("b", "x%2Fy".to_string())];
        assert_eq!(
            render("", "/p/{a}/q/{b}", &v).as_deref(),
            Ok("/p/1/q/x%2Fy")
        );
        assert!(render("", "/p/{a}", &v).is_err());
        assert!(render("", "/p/{a}/{b}/{c}", &v).is_err());
        assert_eq!(render("", "/plain", &[]).as_deref(), Ok("/plain"));
        assert_eq!(
            render("/api/v2", "/p/{a}/q/{b}", &v).as_deref(),
            Ok("/api/v2/p/1/q/x%2Fy")
        );
    }
}
