//! Stage 3, `normalize`: named rewrites that make a valid spec fit the generator.
//!
//! Each rewrite is a constructs that real vendor specs use and that is valid OpenAPI, but that
//! would otherwise fail or mis-generate. Every application is reported as a warning carrying the
//! rule name (`normalize:<rule>`), so `codegen lint` lists exactly what was changed and where.

mod responses;

use serde_json::{Map, Value};

use crate::diagnostic::{join, Sink};
use crate::ir::{Plan, METHODS};
use crate::names::method_name;
use crate::refs::resolve;
use crate::rules::Rule;
use crate::util::{is_json, snake};

/// Apply every rewrite to `doc`, reporting each application to `sink`, and decide the plan
/// for response and request schemas that the IR carries. The rewrites run in the order that
/// [`Rule::ALL`] lists the normalizations.
pub fn normalize(doc: &mut Value, sink: &mut Sink) -> Plan {
    operation_ids(doc, sink);
    defaults(doc, sink);
    media_types(doc, sink);
    property_collisions(doc, sink);
    trivial_bounds(doc, sink);
    responses::tolerant_responses(doc, sink)
}

fn trivial_bounds(doc: &mut Value, sink: &mut Sink) {
    let mut fixes = Vec::new();
    for (p, schema) in crate::validate::all_schemas(doc) {
        for key in ["minLength", "minItems"] {
            if schema.get(key).and_then(Value::as_u64) == Some(0) {
                sink.report(
                    &join(&p, key),
                    Rule::NormalizeTrivialBound,
                    format!("`{key}: 0` holds for every value; dropped"),
                    "",
                );
                fixes.push((p.clone(), key));
            }
        }
    }
    for (p, key) in fixes {
        if let Some(Value::Object(o)) = doc.pointer_mut(&p) {
            o.remove(key);
        }
    }
}

/// Properties whose Rust field names collide. A deprecated one gives way to the current one;
/// current ones all stay, each with a field name of its own.
fn property_collisions(doc: &mut Value, sink: &mut Sink) {
    let mut drops: Vec<(String, String)> = Vec::new();
    for (p, schema) in crate::validate::all_schemas(doc) {
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let mut groups: std::collections::BTreeMap<String, Vec<&String>> = Default::default();
        for name in props.keys() {
            groups.entry(snake(name)).or_default().push(name);
        }
        for (field, names) in groups.into_iter().filter(|(_, n)| n.len() > 1) {
            let deprecated =
                |n: &String| props[n.as_str()].get("deprecated") == Some(&Value::Bool(true));
            let current: Vec<&&String> = names.iter().filter(|n| !deprecated(n)).collect();
            if current.len() <= 1 {
                let keep = current
                    .first()
                    .map(|n| n.as_str())
                    .unwrap_or(names[0].as_str());
                for n in names.iter().filter(|n| n.as_str() != keep) {
                    sink.report(&join(&join(&p, "properties"), n), Rule::NormalizePropertyNameCollision, format!("`{n}` and `{keep}` both become the field `{field}`; the deprecated `{n}` is dropped"), "");
                    drops.push((p.clone(), n.to_string()));
                }
            }
            // Otherwise the generator gives each its own field name (see
            // `generate::fields`).
        }
    }
    for (p, name) in drops {
        if let Some(Value::Object(o)) = doc.pointer_mut(&p) {
            if let Some(Value::Object(props)) = o.get_mut("properties") {
                props.remove(&name);
            }
            if let Some(Value::Array(req)) = o.get_mut("required") {
                req.retain(|r| r != &Value::String(name.clone()));
            }
        }
    }
}

/// Method names: the operationId in snake_case, or one derived from the route. The IR applies
/// the same rule ([`crate::names::method_name`]); this reports where it renames, and the
/// operations whose names collide.
fn operation_ids(doc: &Value, sink: &mut Sink) {
    let mut taken = std::collections::BTreeMap::<String, String>::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let ptr = join(&join("/paths", path), method);
            let original = op.get("operationId").and_then(Value::as_str);
            let id = method_name(original, method, path);
            match original {
                Some(o) if o == id => {}
                Some(o) => sink.report(
                    &format!("{ptr}/operationId"),
                    Rule::NormalizeOperationId,
                    format!("operationId `{o}` becomes the method `{id}`"),
                    "",
                ),
                None => sink.report(
                    &ptr,
                    Rule::NormalizeOperationId,
                    format!("no operationId; the method is named `{id}`"),
                    "add an operationId to choose the name",
                ),
            }
            if let Some(prev) = taken.insert(id.clone(), ptr.clone()) {
                sink.report(
                    &ptr,
                    Rule::DuplicateOperationId,
                    format!("this operation and {prev} both become the method `{id}`"),
                    "give them operationIds that differ in snake_case",
                );
            }
        }
    }
}

fn defaults(doc: &mut Value, sink: &mut Sink) {
    // Collect the fixes first, then apply them.
    let mut fixes: Vec<String> = Vec::new();
    for (p, node) in crate::walk::nodes(doc) {
        let (Some(Value::Array(values)), Some(default)) = (node.get("enum"), node.get("default"))
        else {
            continue;
        };
        if !values.contains(default) {
            sink.report(
                &format!("{p}/default"),
                Rule::NormalizeDefaultOutsideEnum,
                format!("default {default} is not among the enum values; it is dropped"),
                "make the default one of the values",
            );
            fixes.push(p);
        }
    }
    for p in fixes {
        if let Some(Value::Object(o)) = doc.pointer_mut(&p) {
            o.remove("default");
        }
    }
}

/// The media types that are not the one the client uses (the first JSON one), when there are
/// several.
fn not_used(content: &Map<String, Value>) -> Option<Vec<&String>> {
    if content.len() < 2 {
        return None;
    }
    let keep = content.keys().find(|k| is_json(k))?;
    Some(content.keys().filter(|k| *k != keep).collect())
}

/// Media types: the client sends and reads JSON where an operation offers it beside others
/// (the IR picks it); an operation whose 2xx responses carry different JSON bodies returns
/// untyped JSON.
fn media_types(doc: &Value, sink: &mut Sink) {
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else {
                continue;
            };
            let ptr = join(&join("/paths", path), method);
            let body = resolve(doc, &op["requestBody"]);
            if let Some(dropped) = body["content"].as_object().and_then(not_used) {
                sink.report(
                    &format!("{ptr}/requestBody"),
                    Rule::NormalizeRequestMediaType,
                    format!("the client sends JSON; {dropped:?} are not offered"),
                    "",
                );
            }
            let mut json_bodies: Vec<(&String, &Value)> = Vec::new();
            for (code, resp) in op["responses"].as_object().into_iter().flatten() {
                let resp = resolve(doc, resp);
                let Some(content) = resp["content"].as_object() else {
                    continue;
                };
                if let Some(dropped) = not_used(content) {
                    sink.report(
                        &format!("{ptr}/responses/{code}"),
                        Rule::NormalizeResponseMediaType,
                        format!("the client asks for JSON; {dropped:?} are ignored"),
                        "",
                    );
                }
                if code.starts_with('2') {
                    if let Some((_, media)) = content.iter().find(|(k, _)| is_json(k)) {
                        json_bodies.push((code, media.get("schema").unwrap_or(&Value::Null)));
                    }
                }
            }
            if json_bodies.len() > 1 && json_bodies.iter().any(|(_, s)| *s != json_bodies[0].1) {
                let codes: Vec<&str> = json_bodies.iter().map(|(c, _)| c.as_str()).collect();
                sink.report(&format!("{ptr}/responses"), Rule::NormalizeSuccessBodiesDiffer, format!("success responses {codes:?} have different bodies; the method returns untyped JSON"), "give the success responses one body schema to get a typed result");
            }
        }
    }
}
