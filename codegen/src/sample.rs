//! Sample values for a schema: the spec's own example when it has one, otherwise the simplest
//! value that satisfies the schema. The contract tests send and expect these.

use serde_json::{json, Map, Value};

use crate::refs::resolve;

/// How deep a synthesized sample may nest before optional parts are left out.
const MAX_DEPTH: usize = 8;

/// A sample for `schema`, preferring examples. `all_properties` fills optional properties
/// too (used for bodies, so that more field names are checked on the wire).
pub fn sample(doc: &Value, schema: &Value, all_properties: bool) -> Value {
    build(doc, schema, all_properties, 0)
}

fn build(doc: &Value, schema: &Value, all: bool, depth: usize) -> Value {
    let s = resolve(doc, schema);
    if let Some(e) = s.get("example") {
        return e.clone();
    }
    if let Some(d) = s.get("default") {
        return d.clone();
    }
    if let Some(v) = s
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|v| !v.is_null()))
    {
        return v.clone();
    }
    if let Some(variants) = s
        .get("oneOf")
        .or_else(|| s.get("anyOf"))
        .and_then(Value::as_array)
    {
        if let Some(first) = variants.first() {
            return build(doc, first, all, depth + 1);
        }
    }
    if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
        let mut out = Map::new();
        for p in parts {
            if let Value::Object(o) = build(doc, p, all, depth + 1) {
                out.extend(o);
            }
        }
        return Value::Object(out);
    }
    let ty = s
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or(if s.get("properties").is_some() {
            "object"
        } else {
            ""
        });
    match ty {
        "string" => string(s),
        "integer" => {
            let lo = s.get("minimum").and_then(Value::as_i64).unwrap_or(1);
            let lo = if s.get("exclusiveMinimum") == Some(&Value::Bool(true)) {
                lo + 1
            } else {
                lo
            };
            let hi = s.get("maximum").and_then(Value::as_i64).unwrap_or(i64::MAX);
            json!(lo.max(1).min(hi))
        }
        "number" => {
            let lo = s.get("minimum").and_then(Value::as_f64).unwrap_or(1.5);
            let hi = s.get("maximum").and_then(Value::as_f64).unwrap_or(f64::MAX);
            json!(lo.max(1.5).min(hi))
        }
        "boolean" => json!(true),
        "array" => {
            let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(1);
            let max = s
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let n = min.max(1).min(max);
            if depth > MAX_DEPTH {
                return json!([]);
            }
            let item = build(doc, s.get("items").unwrap_or(&Value::Null), all, depth + 1);
            Value::Array((0..n).map(|_| item.clone()).collect())
        }
        "object" => {
            let mut out = Map::new();
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (name, prop) in s
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let wanted = required.contains(&name.as_str()) || (all && depth < 3);
                let deprecated = resolve(doc, prop).get("deprecated") == Some(&Value::Bool(true));
                let read_only = resolve(doc, prop).get("readOnly") == Some(&Value::Bool(true));
                if wanted && !(deprecated || read_only) || required.contains(&name.as_str()) {
                    out.insert(name.clone(), build(doc, prop, all, depth + 1));
                }
            }
            Value::Object(out)
        }
        _ => json!("sample"),
    }
}

fn string(s: &Value) -> Value {
    let fixed = match s.get("format").and_then(Value::as_str) {
        Some("uuid") => Some("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        Some("date-time") => Some("2024-01-02T03:04:05Z"),
        Some("date") => Some("2024-01-02"),
        Some("ipv4") => Some("10.0.0.1"),
        Some("ipv6") => Some("fd00::1"),
        Some("email") => Some("user@example.com"),
        Some("uri") | Some("url") => Some("https://example.com/x"),
        Some("hostname") => Some("example.com"),
        _ => None,
    };
    if let Some(f) = fixed {
        return json!(f);
    }
    let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = s.get("maxLength").and_then(Value::as_u64).unwrap_or(64) as usize;
    let mut v = String::from("sample");
    while v.len() < min {
        v.push('x');
    }
    v.truncate(max.max(min).max(1));
    json!(v)
}
