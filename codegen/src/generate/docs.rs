//! Rustdoc for generated items: spec prose made safe for rustdoc, and the docs of a method.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Kind, Operation, Param, Schema};

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
    for fact in bounds(&p.schema)
        .into_iter()
        .chain(p.schema.default.iter().map(|d| format!("Default: `{d}`.")))
    {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&fact);
    }
    if p.deprecated {
        text.push_str(" (deprecated)");
    }
    text.trim().to_string()
}

/// What the spec allows for a parameter's values, as sentences (`At least 1, at most 100.`).
fn bounds(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let mut range = |low: Option<String>, high: Option<String>, unit: &str| {
        let text = match (low, high) {
            (Some(l), Some(h)) => format!("From {l} to {h}{unit}."),
            (Some(l), None) => format!("At least {l}{unit}."),
            (None, Some(h)) => format!("At most {h}{unit}."),
            (None, None) => return,
        };
        out.push(text);
    };
    match &schema.kind {
        Kind::Integer(n) | Kind::Number(n) => {
            let excl = |b: bool| if b { " (exclusive)" } else { "" };
            range(
                n.minimum
                    .as_ref()
                    .map(|m| format!("{m}{}", excl(n.exclusive_minimum))),
                n.maximum
                    .as_ref()
                    .map(|m| format!("{m}{}", excl(n.exclusive_maximum))),
                "",
            );
        }
        Kind::String(t) => {
            range(
                t.min_length.map(|n| n.to_string()),
                t.max_length.map(|n| n.to_string()),
                " characters",
            );
            if let Some(p) = &t.pattern {
                out.push(format!("Matches `{p}`."));
            }
        }
        Kind::Array(a) => range(
            a.min_items.map(|n| n.to_string()),
            a.max_items.map(|n| n.to_string()),
            " items",
        ),
        Kind::Enum(e) if e.values.len() <= 12 => {
            let values: Vec<String> = e
                .non_null()
                .map(|v| {
                    format!(
                        "`{}`",
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    )
                })
                .collect();
            out.push(format!("One of {}.", values.join(", ")));
        }
        _ => {}
    }
    out
}

/// The method's arguments, and the builder's setters for the optional inputs.
fn inputs(op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    if !required.is_empty() {
        lines.push(String::new());
        lines.push("Arguments:".into());
        for p in required {
            let line = param_line(p);
            let line = if line.is_empty() {
                format!("`{}` ({})", p.name, p.location.name())
            } else {
                line
            };
            lines.push(format!("- `{}`: {line}", p.rust_name));
        }
    }
    let optional: Vec<String> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            format!(
                "[`{}`](builders::{}::{})",
                p.rust_name,
                super::args::builder_name(op),
                p.rust_name
            )
        })
        .chain(
            op.body
                .iter()
                .filter(|b| !b.required)
                .map(|_| "`body`".to_string()),
        )
        .collect();
    lines.push(String::new());
    if optional.is_empty() {
        lines.push("Returns the request: `.await` it to send it.".into());
    } else {
        lines.push(format!(
            "Returns the request: set the optional inputs with its setters ({}), then `.await` it.",
            optional.join(", ")
        ));
    }
    lines
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
    lines.extend(inputs(op));
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
