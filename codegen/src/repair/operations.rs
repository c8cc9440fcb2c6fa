//! Repairs of operations: missing responses, undeclared path parameters, response headers
//! without a schema.

use serde_json::{json, Value};

use super::{operations, Found};
use crate::names::template_names;
use crate::refs::{join, resolve};

/// An operation without `responses` (or with an empty map) answers 200 with no body.
pub fn no_responses(doc: &mut Value) -> Vec<Found> {
    let mut found = Vec::new();
    for (pointer, _) in operations(doc) {
        let Some(Value::Object(op)) = doc.pointer_mut(&pointer) else {
            continue;
        };
        let empty = match op.get("responses") {
            None => true,
            Some(Value::Object(r)) => r.is_empty(),
            Some(_) => false,
        };
        if !empty {
            continue;
        }
        op.insert(
            "responses".into(),
            json!({"200": {"description": "No response is documented; `--repair` assumes one without a body."}}),
        );
        found.push(Found {
            pointer: join(&pointer, "responses"),
            problem: "the operation documents no responses".into(),
            done: "it answers 200 with no body".into(),
            fix: "add at least its success response".into(),
        });
    }
    found
}

/// The names of the path parameters a parameter list declares (following references), or
/// `None` when an entry is not a parameter with a name and a location (a reference of the
/// wrong kind, say): validation reports that, and what it declares cannot be told.
fn declared(doc: &Value, list: &Value) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for p in list
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| resolve(doc, p))
    {
        let (Some(name), Some(location)) = (p["name"].as_str(), p["in"].as_str()) else {
            return None;
        };
        if location == "path" {
            out.push(name.to_string());
        }
    }
    Some(out)
}

/// A `{name}` of the path that neither the path item nor the operation declares is a required
/// string path parameter of the operation.
pub fn undeclared_path_parameters(doc: &mut Value) -> Vec<Found> {
    let mut found = Vec::new();
    for (pointer, path) in operations(doc) {
        let item = crate::refs::lookup(doc, &format!("#{}", join("/paths", &path)));
        let op = doc.pointer(&pointer);
        let (Some(item), Some(op)) = (item, op) else {
            continue;
        };
        if !(op["parameters"].is_null() || op["parameters"].is_array()) {
            continue;
        }
        let (Some(mut names), Some(more)) = (
            declared(doc, &item["parameters"]),
            declared(doc, &op["parameters"]),
        ) else {
            continue;
        };
        names.extend(more);
        let missing: Vec<String> = template_names(&path)
            .into_iter()
            .filter(|n| !names.contains(n))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let Some(Value::Object(op)) = doc.pointer_mut(&pointer) else {
            continue;
        };
        let list = op.entry("parameters").or_insert_with(|| json!([]));
        for name in missing {
            if let Value::Array(list) = list {
                list.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
            }
            found.push(Found {
                pointer: pointer.clone(),
                problem: format!("`{{{name}}}` in `{path}` is not declared as a path parameter"),
                done: format!("`{name}` is a required string path parameter"),
                fix: format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to the parameters"),
            });
        }
    }
    found
}

/// A response header with neither `schema` nor `content` is a string.
pub fn headers_without_schema(doc: &mut Value) -> Vec<Found> {
    let mut places = Vec::new();
    let mut responses: Vec<String> = operations(doc)
        .into_iter()
        .flat_map(|(pointer, _)| {
            let codes: Vec<String> = doc
                .pointer(&join(&pointer, "responses"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(code, _)| join(&join(&pointer, "responses"), code))
                .collect();
            codes
        })
        .collect();
    responses.extend(
        doc["components"]["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| join("/components/responses", name)),
    );
    for r in responses {
        let headers = doc.pointer(&join(&r, "headers")).and_then(Value::as_object);
        for (name, h) in headers.into_iter().flatten() {
            if h.is_object()
                && h.get("schema").is_none()
                && h.get("content").is_none()
                && h.get("$ref").is_none()
            {
                places.push((join(&join(&r, "headers"), name), name.clone()));
            }
        }
    }
    let mut found = Vec::new();
    for (pointer, name) in places {
        if let Some(Value::Object(h)) = doc.pointer_mut(&pointer) {
            h.insert("schema".into(), json!({"type": "string"}));
            found.push(Found {
                pointer,
                problem: format!("the response header `{name}` has no `schema`"),
                done: "its value is a string".into(),
                fix: "add `schema: {type: string}` (or the header's own type)".into(),
            });
        }
    }
    found
}
