//! Path items given by `$ref`: replaced by the path item they refer to, before validation.
//!
//! OpenAPI 3.0 lets a path item be a `$ref` to another Path Item Object; published specs point
//! into another path (`#/paths/~1v2~1items`) or, as OpenAPI 3.1 allows, at
//! `#/components/pathItems/<name>`. A local reference is followed (through at most
//! [`MAX_HOPS`] path items that are themselves references) and the path item becomes a copy of
//! its target; the fields written beside `$ref` are kept where the target lacks them. Anything
//! else (another file, a reference that points at nothing or loops) is an error with a fix.

use serde_json::Value;

use crate::diagnostic::Sink;
use crate::refs::{join, lookup};
use crate::rules::Rule;

/// How many path items that are themselves references are followed.
pub const MAX_HOPS: usize = 8;

/// Replace every path item that is a local `$ref` by its target.
pub fn inline(doc: &mut Value, sink: &mut Sink) {
    // Only an OpenAPI 3.0 document is read further; validation rejects anything else.
    if !doc["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.0."))
    {
        return;
    }
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut replacements = Vec::new();
    for (path, item) in paths {
        let Some(target) = item.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let pointer = join("/paths", path);
        match follow(doc, target) {
            Ok(resolved) => {
                let mut merged = resolved.clone();
                for (k, v) in item.as_object().into_iter().flatten() {
                    if k != "$ref" && !merged.contains_key(k) {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                replacements.push((path.clone(), merged));
            }
            Err(problem) => sink.report(
                &join(&pointer, "$ref"),
                Rule::PathItemRef,
                format!("the path item `$ref: {target}` {problem}"),
                "point it at another path item of this file (`$ref: '#/paths/~1other'` or `'#/components/pathItems/Name'`), or write the operations inline",
            ),
        }
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for (path, item) in replacements {
            paths.insert(path, Value::Object(item));
        }
    }
}

/// The Path Item Object a reference leads to, or why there is none.
fn follow<'a>(doc: &'a Value, target: &str) -> Result<&'a serde_json::Map<String, Value>, String> {
    if !target.starts_with('#') {
        return Err("points outside this file".into());
    }
    let mut current = target.to_string();
    for _ in 0..=MAX_HOPS {
        if !is_path_item_place(&current) {
            return Err(format!(
                "points at `{current}`, which is not a place of a path item (`#/paths/<path>` or `#/components/pathItems/<name>`)"
            ));
        }
        let Some(node) = lookup(doc, &current) else {
            return Err(format!("points at nothing (`{current}`)"));
        };
        let Some(item) = node.as_object() else {
            return Err(format!(
                "points at `{current}`, which is not a Path Item Object"
            ));
        };
        match item.get("$ref").and_then(Value::as_str) {
            Some(next) if next.starts_with('#') => current = next.to_string(),
            Some(_) => {
                return Err(format!(
                    "leads to `{current}`, which points outside this file"
                ))
            }
            None => return Ok(item),
        }
    }
    Err(format!(
        "leads through more than {MAX_HOPS} path items that are references (a loop?)"
    ))
}

/// Whether a local reference names a whole path item: `#/paths/<path>` or
/// `#/components/pathItems/<name>`.
fn is_path_item_place(reference: &str) -> bool {
    let tokens: Vec<&str> = reference
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .collect();
    matches!(tokens.as_slice(), ["paths", p] if !p.is_empty())
        || matches!(tokens.as_slice(), ["components", "pathItems", n] if !n.is_empty())
}
