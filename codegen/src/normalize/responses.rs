//! `tolerant-responses`: what the server sends is decoded leniently, what the caller sends
//! stays strict.
//!
//! Live APIs send `null` (or nothing) where the document promises a value, and values a little
//! outside the documented bounds. Every schema that a response reaches is generated without
//! its `required` list and its validation bounds (lengths, patterns, ranges), so such fields
//! decode instead of failing the whole response. Discriminator tags (single-value enums) stay
//! required, so tagged unions still select their variant. A schema that requests reach too
//! keeps its strict form for them as a `<Name>Request` copy (`<Name>Input` when the name
//! already ends in `Request`), so callers still cannot leave out what the API needs.
//!
//! The rule decides; it does not rewrite the document. The decision (a [`Plan`]) travels in
//! the IR, and the generator applies it when it hands schemas to typify
//! (`ir::Mode::Response` and `ir::Mode::Request`), so that the IR keeps the schemas as
//! written and `codegen diff` sees what the spec says.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::Sink;
use crate::ir::{Plan, METHODS};
use crate::rules::Rule;

const PREFIX: &str = "#/components/schemas/";

/// Component schema names referenced anywhere under `node` (examples excluded).
fn refs_in(node: &Value, out: &mut BTreeSet<String>) {
    for (_, n) in crate::walk::nodes(node) {
        if let Some(name) = n
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix(PREFIX))
        {
            out.insert(name.to_string());
        }
    }
}

/// Everything reachable from `roots` through component references.
fn closure(doc: &Value, roots: BTreeSet<String>) -> BTreeSet<String> {
    let schemas = &doc["components"]["schemas"];
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let mut next = BTreeSet::new();
        refs_in(&schemas[&name], &mut next);
        stack.extend(next);
    }
    seen
}

/// The request side (bodies, parameters) and the response side of every operation, with
/// shared `components.responses`/`requestBodies`/`parameters` followed.
fn sides(doc: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut req, mut resp) = (BTreeSet::new(), BTreeSet::new());
    // References to components.responses and friends lead to schemas too; each is followed
    // once, so a reference to an ancestor (`$ref: '#'`) cannot loop.
    let follow = |node: &Value, out: &mut BTreeSet<String>| {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n {
                Value::Object(o) => {
                    if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                        if let Some(name) = r.strip_prefix(PREFIX) {
                            out.insert(name.to_string());
                        } else if seen.insert(r) {
                            stack.extend(crate::refs::lookup(doc, r));
                        }
                    }
                    stack.extend(
                        o.iter()
                            .filter(|(k, _)| *k != "example" && *k != "examples")
                            .map(|(_, v)| v),
                    );
                }
                Value::Array(a) => stack.extend(a.iter()),
                _ => {}
            }
        }
    };
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, v)| v)
    {
        follow(&item["parameters"], &mut req);
        for m in METHODS {
            if let Some(op) = item.get(m) {
                follow(&op["parameters"], &mut req);
                follow(&op["requestBody"], &mut req);
                follow(&op["responses"], &mut resp);
            }
        }
    }
    (closure(doc, req), closure(doc, resp))
}

fn has_required(schema: &Value) -> bool {
    let mut stack = vec![schema];
    while let Some(n) = stack.pop() {
        match n {
            Value::Object(o) => {
                if o.get("required")
                    .and_then(Value::as_array)
                    .map(|r| !r.is_empty())
                    .unwrap_or(false)
                {
                    return true;
                }
                stack.extend(
                    o.iter()
                        .filter(|(k, _)| *k != "example" && *k != "examples")
                        .map(|(_, v)| v),
                );
            }
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    false
}

/// Decide the plan; reports one summary warning.
pub fn tolerant_responses(doc: &Value, sink: &mut Sink) -> Plan {
    let (request, response) = sides(doc);
    let schemas = &doc["components"]["schemas"];
    let taken: BTreeSet<String> = schemas
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    // Shared schemas whose strictness matters get a request copy.
    let mut copies = BTreeMap::new();
    for name in request.intersection(&response) {
        let strict = closure(doc, BTreeSet::from([name.clone()]))
            .iter()
            .any(|n| has_required(&schemas[n]));
        if strict {
            let suffix = if name.ends_with("Request") || name.ends_with("Body") {
                "Input"
            } else {
                "Request"
            };
            let mut copy = format!("{name}{suffix}");
            while taken.contains(&copy) || copies.values().any(|v| v == &copy) {
                copy.push('_');
            }
            copies.insert(name.clone(), copy);
        }
    }
    if !response.is_empty() {
        let split: Vec<String> = copies.iter().map(|(a, b)| format!("{a} -> {b}")).collect();
        let split = if split.is_empty() {
            String::new()
        } else {
            format!("; strict request copies: {}", split.join(", "))
        };
        sink.report(
            "/components/schemas",
            Rule::NormalizeTolerantResponses,
            format!(
                "{} response schemas decode missing or null fields as None{split}",
                response.len()
            ),
            "",
        );
    }
    Plan {
        response,
        request,
        copies,
    }
}
