//! Rust names for the names that come from a spec: they may be keywords, start with a digit, be
//! empty or hold characters no identifier can.

use crate::util::snake;

/// Rust's keywords, strict, reserved and weak, and names that generated code uses itself (a
/// request builder's fields and methods): none of them may be the name of a generated method,
/// argument, setter or field.
const RESERVED: [&str; 61] = [
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "gen",
    "union",
    "raw",
    "safe",
    "body",
    "client",
    "inner",
    "send",
    "stream",
    "request",
    "into_future",
];

/// A snake_case Rust identifier for `name`: `page-size` -> `page_size`, `type` -> `type_`,
/// `1abc` -> `n1abc`, `with space` -> `with_space`, `""` -> `fallback`.
pub fn rust_ident(name: &str, fallback: &str) -> String {
    let mut s: String = snake(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.trim_matches('_').is_empty() {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    if RESERVED.contains(&s.as_str()) || s == "_" {
        s.push('_');
    }
    s
}

/// The Rust name of a parameter's argument or setter.
pub fn rust_param_name(name: &str) -> String {
    rust_ident(name, "param")
}

/// The Rust method name of an operation: its operationId in snake_case, or one derived from
/// the route (`get /clusters/{id}` -> `get_clusters_by_id`) when it has none; a Rust name in
/// any case (`match` -> `match_`, `1st` -> `op_1st`).
pub fn method_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    let base = match operation_id {
        Some(id) => snake(id),
        None => derived_id(method, path),
    };
    if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        return rust_ident(&format!("op_{base}"), "op");
    }
    rust_ident(&base, "op")
}

/// The name of an operation without an operationId, from its route.
fn derived_id(method: &str, path: &str) -> String {
    let mut parts = vec![method.to_string()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => parts.push(format!("by_{name}")),
            None => parts.push(seg.to_string()),
        }
    }
    snake(&parts.join("_"))
}

/// `{name}` placeholders of a template, in order.
pub fn template_names(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + end].to_string());
        rest = &rest[start + end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_names_become_identifiers() {
        for (name, ident) in [
            ("page-size", "page_size"),
            ("type", "type_"),
            ("match", "match_"),
            ("self", "self_"),
            ("Self", "self_"),
            ("impl", "impl_"),
            ("fn", "fn_"),
            ("", "param"),
            ("1abc", "n1abc"),
            ("with space", "with_space"),
            ("über", "über"),
            ("a.b", "a_b"),
            ("$$", "param"),
        ] {
            let got = rust_param_name(name);
            assert_eq!(got, ident.replace('ü', "_"), "{name:?}");
            assert!(syn::parse_str::<syn::Ident>(&got).is_ok(), "{got}");
        }
    }
}
