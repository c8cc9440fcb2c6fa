//! How deep schemas nest once every `allOf` is merged.
//!
//! typify merges the members of an `allOf` into one schema, following their `$ref`s, and
//! does so recursively: a chain of components that each `allOf` the next is merged as deep as
//! the chain is long, and a chain of two thousand overflowed the stack of `codegen emit`. So
//! the nesting limit of the structure check (`MAX_SCHEMA_DEPTH`) also counts, under an
//! `allOf`, the schemas that its `$ref`s merge in.
//!
//! Runs after the reference checks: every `$ref` names an existing component, and there are
//! no cycles.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::MAX_SCHEMA_DEPTH;
use crate::diagnostic::{join, Sink};
use crate::refs::schema_ref_name;
use crate::rules::Rule;

/// Report schemas that nest deeper than [`MAX_SCHEMA_DEPTH`] with what their `allOf`s merge in.
pub(super) fn check(doc: &Value, all: &[(String, &Value)], sink: &mut Sink) {
    let components = doc["components"]["schemas"].as_object();
    let mut merged: HashMap<String, usize> = HashMap::new();
    let mut heads: Vec<(String, usize)> = Vec::new();
    let mut targets: HashSet<String> = HashSet::new();
    for (name, schema) in components.into_iter().flatten() {
        let depth = component_depth(doc, name, &mut merged);
        if depth > MAX_SCHEMA_DEPTH {
            heads.push((name.clone(), depth));
            // A component merged into a too-deep one is reported through that one.
            walk(schema, &merged, &mut |t| {
                targets.insert(t.to_string());
            });
        }
    }
    for (name, depth) in heads.iter().filter(|(n, _)| !targets.contains(n)) {
        report(&join("/components/schemas", name), *depth, sink);
    }
    // Inline schemas (of parameters, bodies, responses) can merge components in too.
    for (pointer, schema) in all {
        if pointer.ends_with("/schema") && !pointer.starts_with("/components/schemas/") {
            let depth = walk(schema, &merged, &mut |_| {});
            if depth > MAX_SCHEMA_DEPTH {
                report(pointer, depth, sink);
            }
        }
    }
}

fn report(pointer: &str, depth: usize, sink: &mut Sink) {
    sink.report(
        pointer,
        Rule::SchemaTooDeep,
        format!(
            "with the schemas its `allOf`s merge in, this schema nests {depth} levels deep; at most {MAX_SCHEMA_DEPTH} are supported"
        ),
        "merge fewer levels: make an inner schema a property instead of an `allOf` member, or flatten the chain of `allOf`s",
    );
}

/// The merged depth of component `name`, computing (and remembering) the components it
/// merges in first. Iterative, so a long chain cannot overflow the stack.
fn component_depth(doc: &Value, name: &str, merged: &mut HashMap<String, usize>) -> usize {
    let schemas = &doc["components"]["schemas"];
    let mut stack = vec![name.to_string()];
    let mut started: HashSet<String> = HashSet::new();
    while let Some(current) = stack.last().cloned() {
        if merged.contains_key(&current) {
            stack.pop();
            continue;
        }
        let schema = &schemas[&current];
        let mut missing = Vec::new();
        walk(schema, merged, &mut |t| {
            if !merged.contains_key(t) && !started.contains(t) {
                missing.push(t.to_string());
            }
        });
        if missing.is_empty() || !started.insert(current.clone()) {
            // Everything it merges in is known (or, had there been a cycle, in progress).
            let depth = walk(schema, merged, &mut |_| {});
            merged.insert(current, depth);
            stack.pop();
        } else {
            stack.extend(missing);
        }
    }
    merged.get(name).copied().unwrap_or(0)
}

/// The depth of `schema` with merged components counted at their `merged` depth (0 when not
/// known yet). `merges` sees every component merged in: a `$ref` inside an `allOf` member,
/// at any depth, since typify merges the members' subschemas too.
fn walk(schema: &Value, merged: &HashMap<String, usize>, merges: &mut impl FnMut(&str)) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&Value, usize, bool)> = vec![(schema, 1, false)];
    while let Some((node, depth, in_all_of)) = stack.pop() {
        let Some(o) = node.as_object() else {
            continue;
        };
        if let Some(target) = schema_ref_name(node) {
            let target = crate::refs::unescape(target);
            let inner = if in_all_of {
                merges(&target);
                merged.get(&target).copied().unwrap_or(1)
            } else {
                1
            };
            deepest = deepest.max(depth - 1 + inner);
            continue;
        }
        deepest = deepest.max(depth);
        for (key, value) in o {
            match key.as_str() {
                "properties" => {
                    for sub in value.as_object().into_iter().flatten().map(|(_, v)| v) {
                        stack.push((sub, depth + 1, in_all_of));
                    }
                }
                "items" | "not" | "additionalProperties" => {
                    stack.push((value, depth + 1, in_all_of));
                }
                "allOf" | "oneOf" | "anyOf" => {
                    let members = key == "allOf" || in_all_of;
                    for sub in value.as_array().into_iter().flatten() {
                        stack.push((sub, depth + 1, members));
                    }
                }
                _ => {}
            }
        }
    }
    deepest
}
