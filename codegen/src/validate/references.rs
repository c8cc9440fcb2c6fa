//! `$ref` checks: no external references, none dangling, no cycles.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::{escape, Sink};
use crate::refs::lookup;

/// Every `$ref` with the pointer of the node that holds it.
pub fn all_refs(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), doc)];
    while let Some((pointer, node)) = stack.pop() {
        match node {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    out.push((pointer.clone(), r.clone()));
                }
                for (k, v) in o {
                    // Examples are data, not schema: a `$ref` key inside one is just a key.
                    if k == "example" || k == "examples" {
                        continue;
                    }
                    stack.push((format!("{pointer}/{}", escape(k)), v));
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    stack.push((format!("{pointer}/{i}"), v));
                }
            }
            _ => {}
        }
    }
    out.sort();
    out
}

/// Report external, dangling and cyclic references.
pub fn check(doc: &Value, sink: &mut Sink) {
    let refs = all_refs(doc);
    for (pointer, r) in &refs {
        if !r.starts_with('#') {
            sink.error(
                pointer,
                "external-ref",
                format!("`$ref: {r}` points outside this file"),
                "inline the referenced definition under components and refer to it as `#/components/...`",
            );
        } else if lookup(doc, r).is_none() {
            sink.error(
                pointer,
                "dangling-ref",
                format!("`$ref: {r}` points at nothing"),
                "define it under components or fix the reference",
            );
        }
    }
    if sink.has_errors() {
        return;
    }
    // Cycles: an edge from the component that holds a reference to the component it names.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (pointer, r) in &refs {
        if let Some(from) = component_of(pointer) {
            let to = r.trim_start_matches('#').to_string();
            edges.entry(from).or_default().insert(to);
        }
    }
    let mut reported = BTreeSet::new();
    for start in edges.keys() {
        if let Some(cycle) = find_cycle(&edges, start) {
            let key: BTreeSet<String> = cycle.iter().cloned().collect();
            if reported.insert(key) {
                sink.error(
                    start,
                    "ref-cycle",
                    format!("recursive references: {}", cycle.join(" -> ")),
                    "break the cycle, for example by making the innermost property an open object (`type: object, additionalProperties: true`)",
                );
            }
        }
    }
}

/// `/components/schemas/A/properties/x` -> `/components/schemas/A`.
fn component_of(pointer: &str) -> Option<String> {
    let parts: Vec<&str> = pointer.splitn(5, '/').collect();
    if parts.len() >= 4 && parts[1] == "components" {
        Some(format!("/{}/{}/{}", parts[1], parts[2], parts[3]))
    } else {
        None
    }
}

/// An iterative depth-first search for a cycle through `start`.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in edges.get(&node).into_iter().flatten() {
            if next == start {
                let mut p = path.clone();
                p.push(next.clone());
                return Some(p);
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}
