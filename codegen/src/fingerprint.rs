//! The spec fingerprint in every generated file's preamble. A build without the generator
//! (the `datacloud` crate without its `regenerate` feature) compiles the committed copy in
//! `generated/` only while the spec it came from still has this fingerprint, so a changed spec
//! is never compiled as its old client. `build/committed.rs` computes the same value; a test
//! holds the two to one answer.

/// The preamble line that carries the fingerprint, up to the value.
pub const PREFIX: &str = "// Spec fingerprint: fnv1a64:";

/// FNV-1a (64 bits) of the spec's bytes, with each CRLF read as LF, so a checkout that
/// converts line endings keeps the fingerprint. It detects edits; it is not a security hash
/// (the spec and the committed file come from the same checkout).
pub fn of(text: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &byte) in text.iter().enumerate() {
        if byte == b'\r' && text.get(i + 1) == Some(&b'\n') {
            continue;
        }
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_and_line_endings() {
        // FNV-1a 64 test vectors.
        assert_eq!(of(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(of(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(of(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(of(b"a: 1\r\nb: 2\r\n"), of(b"a: 1\nb: 2\n"));
        // A lone CR is content (YAML reads it as a line break of its own).
        assert_ne!(of(b"a\rb"), of(b"ab"));
    }
}
