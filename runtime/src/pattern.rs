//! The `pattern` of a string schema, checked when a generated string type is built from text
//! (`FromStr`, `TryFrom<&str>`, decoding).
//!
//! The matcher (regress, ECMAScript syntax as JSON Schema asks) is generic code: called from a
//! generated client it was compiled again into the client's crate, where it was the largest
//! part of the machine code. Behind this non-generic method it is compiled once, here.

use std::sync::OnceLock;

/// A pattern, compiled on first use and kept.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    /// A pattern from its source text; nothing is compiled until the first match.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern's source text.
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches somewhere in `value` (a JSON Schema pattern is not
    /// anchored unless it says so). A pattern that does not compile matches nothing: the
    /// generator refuses such a spec, so only hand-written code can hold one.
    pub fn is_match(&self, value: &str) -> bool {
        self.compiled
            .get_or_init(|| regress::Regex::new(self.source).ok())
            .as_ref()
            .is_some_and(|re| re.find(value).is_some())
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_as_ecmascript_does_and_only_where_asked() {
        static CIDR: Pattern =
            Pattern::new("^([0-9]{1,3}\\.){3}[0-9]{1,3}(\\/([0-9]|[1-2][0-9]|3[0-2]))?$");
        assert!(CIDR.is_match("10.0.0.0/8"));
        assert!(CIDR.is_match("192.168.1.1"));
        assert!(!CIDR.is_match("10.0.0.0/33"));
        assert!(!CIDR.is_match("10.0.0"));
        // Unanchored: a match anywhere counts.
        assert!(Pattern::new("[0-9]+").is_match("abc123"));
        assert!(!Pattern::new("[0-9]+").is_match("abc"));
        assert!(CIDR.as_str().starts_with("^([0-9]{1,3}"));
    }

    #[test]
    fn a_pattern_that_does_not_compile_matches_nothing() {
        let broken = Pattern::new("(unclosed");
        assert!(!broken.is_match("(unclosed"));
        assert!(!broken.is_match(""));
    }
}
