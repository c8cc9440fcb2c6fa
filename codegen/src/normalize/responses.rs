//! `tolerant-responses`: what the server sends is decoded leniently, what the caller sends
//! stays strict.
//!
//! Live APIs send `null` (or nothing) where the document promises a value, and values a little
//! outside the documented bounds. Every schema that a response reaches loses its `required`
//! list and its validation bounds (lengths, patterns, ranges), so such fields decode instead of
//! failing the whole response. Discriminator tags (single-value enums) stay required, so tagged
//! unions still select their variant. A schema that requests reach too keeps its strict form
//! for them as a `<Name>Request` copy (`<Name>Input` when the name already ends in `Request`),
//! so callers still cannot leave out what the API needs.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::Sink;
use crate::ir::METHODS;

const PREFIX: &str = "#/components/schemas/";

/// Component schema names referenced anywhere under `node` (examples excluded).
fn refs_in(node: &Value, out: &mut BTreeSet<String>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n {
            Value::Object(o) => {
                if let Some(name) = o
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix(PREFIX))
                {
                    out.insert(name.to_string());
                }
                for (k, v) in o {
                    if k != "example" && k != "examples" {
                        stack.push(v);
                    }
                }
            }
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
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
    let follow = |node: &Value, out: &mut BTreeSet<String>| {
        let mut direct = BTreeSet::new();
        refs_in(node, &mut direct);
        // References to components.responses and friends lead to schemas too.
        let mut stack = vec![node.clone()];
        while let Some(n) = stack.pop() {
            match &n {
                Value::Object(o) => {
                    if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                        if !r.starts_with(PREFIX) {
                            if let Some(target) = crate::refs::lookup(doc, r) {
                                refs_in(target, &mut direct);
                                stack.push(target.clone());
                            }
                        }
                    }
                    stack.extend(
                        o.iter()
                            .filter(|(k, _)| *k != "example" && *k != "examples")
                            .map(|(_, v)| v.clone()),
                    );
                }
                Value::Array(a) => stack.extend(a.iter().cloned()),
                _ => {}
            }
        }
        out.extend(direct);
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

/// Point references to `renames` keys at their values, everywhere under `node`.
fn rewrite(node: &mut Value, renames: &BTreeMap<String, String>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get_mut("$ref") {
                    if let Some(new) = r.strip_prefix(PREFIX).and_then(|name| renames.get(name)) {
                        *r = format!("{PREFIX}{new}");
                    }
                }
                for (k, v) in o.iter_mut() {
                    if k != "example" && k != "examples" {
                        stack.push(v);
                    }
                }
            }
            Value::Array(a) => stack.extend(a.iter_mut()),
            _ => {}
        }
    }
}

/// Validation keywords that a client must not enforce on what a server sends: a name one
/// character over the documented limit is still the name.
const BOUNDS: [&str; 10] = [
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// Drop `required` (except for discriminator tags) and validation bounds everywhere inside a
/// schema.
fn relax(node: &mut Value) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n {
            Value::Object(o) => {
                if o.contains_key("type") || o.contains_key("properties") || o.contains_key("items")
                {
                    for key in BOUNDS {
                        o.remove(key);
                    }
                }
                if let Some(Value::Array(req)) = o.get("required").cloned() {
                    let props = o.get("properties").cloned().unwrap_or(Value::Null);
                    let tags: Vec<Value> = req
                        .into_iter()
                        .filter(|name| {
                            let p = &props[name.as_str().unwrap_or_default()];
                            p["enum"].as_array().map(|e| e.len() == 1).unwrap_or(false)
                        })
                        .collect();
                    if tags.is_empty() {
                        o.remove("required");
                    } else {
                        o.insert("required".into(), Value::Array(tags));
                    }
                }
                for (k, v) in o.iter_mut() {
                    if k != "example" && k != "examples" {
                        stack.push(v);
                    }
                }
            }
            Value::Array(a) => stack.extend(a.iter_mut()),
            _ => {}
        }
    }
}

/// Apply the rule; reports one summary warning.
pub fn tolerant_responses(doc: &mut Value, sink: &mut Sink) {
    let (req, resp) = sides(doc);
    let schemas = doc["components"]["schemas"].clone();
    let taken: BTreeSet<String> = schemas
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    // Shared schemas whose strictness matters get a request copy.
    let mut renames = BTreeMap::new();
    for name in req.intersection(&resp) {
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
            while taken.contains(&copy) || renames.values().any(|v| v == &copy) {
                copy.push('_');
            }
            renames.insert(name.clone(), copy);
        }
    }
    if let Some(Value::Object(components)) = doc.pointer_mut("/components/schemas") {
        for (name, copy) in &renames {
            if let Some(s) = components.get(name).cloned() {
                components.insert(copy.clone(), s);
            }
        }
        // Request-side schemas (the copies, and those only requests use) refer to request copies.
        for (name, schema) in components.iter_mut() {
            let request_side =
                renames.values().any(|c| c == name) || (req.contains(name) && !resp.contains(name));
            if request_side {
                rewrite(schema, &renames);
            }
        }
        // Response-side schemas under their own names become tolerant.
        for name in &resp {
            if let Some(schema) = components.get_mut(name) {
                relax(schema);
            }
        }
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for item in paths.values_mut() {
            if let Some(p) = item.get_mut("parameters") {
                rewrite(p, &renames);
            }
            for m in METHODS {
                let Some(op) = item.get_mut(m) else { continue };
                for key in ["parameters", "requestBody"] {
                    if let Some(v) = op.get_mut(key) {
                        rewrite(v, &renames);
                    }
                }
                if let Some(r) = op.get_mut("responses") {
                    relax(r);
                }
            }
        }
    }
    for key in ["requestBodies", "parameters"] {
        if let Some(v) = doc.pointer_mut(&format!("/components/{key}")) {
            rewrite(v, &renames);
        }
    }
    if let Some(v) = doc.pointer_mut("/components/responses") {
        relax(v);
    }
    if !resp.is_empty() {
        let split: Vec<String> = renames.iter().map(|(a, b)| format!("{a} -> {b}")).collect();
        let split = if split.is_empty() {
            String::new()
        } else {
            format!("; strict request copies: {}", split.join(", "))
        };
        sink.warning(
            "/components/schemas",
            "normalize:tolerant-responses",
            format!(
                "{} response schemas decode missing or null fields as None{split}",
                resp.len()
            ),
            "",
        );
    }
}
