//! Rustdoc for generated items: spec prose made safe for rustdoc, and the docs of a method.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Operation, Param};

/// Spec prose as rustdoc text: brackets and angle brackets outside code spans are escaped, so
/// `[EXPERIMENTAL]` is not taken for an intra-doc link nor `<token>` for an HTML tag.
pub fn doc_text(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in line.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' | ']' | '<' | '>' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `#[doc]` attributes, one per line.
pub fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// Prose from the spec, one doc line per line.
pub fn prose(text: &str) -> Vec<String> {
    text.trim()
        .lines()
        .map(|l| doc_text(l.trim_end()))
        .collect()
}

/// One line on a parameter: its description, and what the spec says of its values.
pub fn param_line(p: &Param) -> String {
    let mut text = p
        .description
        .as_deref()
        .map(|d| doc_text(&d.split_whitespace().collect::<Vec<_>>().join(" ")))
        .unwrap_or_default();
    if let Some(d) = &p.schema.default {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("Default: `{d}`."));
    }
    if p.deprecated {
        text.push_str(" (deprecated)");
    }
    text.trim().to_string()
}

/// The docs of an operation's method: title, description, route, the arguments, and what is
/// worth knowing before calling it.
pub fn operation_lines(op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(s) = &op.summary {
        lines.push(doc_text(s.trim()));
    }
    if let Some(d) = &op.description {
        lines.push(String::new());
        lines.extend(prose(d));
    }
    lines.push(String::new());
    lines.push(format!("`{} {}`", op.method.upper(), op.path));
    let described: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| !param_line(p).is_empty())
        .collect();
    if !described.is_empty() {
        lines.push(String::new());
        lines.push("Arguments:".into());
        for p in described {
            lines.push(format!("- `{}`: {}", p.rust_name, param_line(p)));
        }
    }
    if op.location_header {
        lines.push(String::new());
        lines.push(
            "The created resource is named by the `Location` header: `.location_id()` on the \
             response gives its last segment, the new id."
                .into(),
        );
    }
    for o in &op.omitted {
        lines.push(String::new());
        lines.push(doc_text(&format!(
            "Not offered: `{}`. {}",
            o.param.name,
            o.reason.trim()
        )));
    }
    if op.inferred_route {
        lines.push(String::new());
        lines.push("**Route unconfirmed:** no public source shows this route; it is our best reconstruction.".into());
    }
    if !op.authenticated() {
        lines.push(String::new());
        lines.push(
            "Sends no credentials: the API serves this operation without authentication.".into(),
        );
    }
    lines
}
