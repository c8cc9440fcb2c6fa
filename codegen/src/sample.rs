//! Sample values for a schema: the spec's own example when it has one, otherwise the simplest
//! value that satisfies the schema. The contract tests send and expect these.

use serde_json::{json, Map, Value};

use crate::ir::{Api, Kind, Schema, Text};

/// How deep a synthesized sample may nest before optional parts are left out.
const MAX_DEPTH: usize = 8;

/// A sample for `schema`, preferring examples. `all_properties` fills optional properties
/// too (used for bodies, so that more field names are checked on the wire).
pub fn sample(api: &Api, schema: &Schema, all_properties: bool) -> Value {
    build(api, schema, all_properties, 0)
}

fn build(api: &Api, schema: &Schema, all: bool, depth: usize) -> Value {
    let s = api.resolve(schema);
    if let Some(e) = &s.example {
        return e.clone();
    }
    if let Some(d) = &s.default {
        return d.clone();
    }
    if depth > 2 * MAX_DEPTH {
        return Value::Null;
    }
    match &s.kind {
        Kind::Enum(e) => e.non_null().next().cloned().unwrap_or(Value::Null),
        Kind::OneOf(u) | Kind::AnyOf(u) => u
            .variants
            .first()
            .map(|v| build(api, v, all, depth + 1))
            .unwrap_or(Value::Null),
        Kind::AllOf(members) => {
            let mut out = Map::new();
            for m in members {
                if let Value::Object(o) = build(api, m, all, depth + 1) {
                    out.extend(o);
                }
            }
            Value::Object(out)
        }
        Kind::String(t) => string(t),
        Kind::Integer(n) => {
            let lo = n.minimum.as_ref().and_then(|m| m.as_i64()).unwrap_or(1);
            let lo = if n.exclusive_minimum { lo + 1 } else { lo };
            let hi = n
                .maximum
                .as_ref()
                .and_then(|m| m.as_i64())
                .unwrap_or(i64::MAX);
            json!(lo.max(1).min(hi))
        }
        Kind::Number(n) => {
            let lo = n.minimum.as_ref().and_then(|m| m.as_f64()).unwrap_or(1.5);
            let hi = n
                .maximum
                .as_ref()
                .and_then(|m| m.as_f64())
                .unwrap_or(f64::MAX);
            json!(lo.max(1.5).min(hi))
        }
        Kind::Boolean => json!(true),
        Kind::Array(a) => {
            let n = a
                .min_items
                .unwrap_or(1)
                .max(1)
                .min(a.max_items.unwrap_or(u64::MAX));
            if depth > MAX_DEPTH {
                return json!([]);
            }
            let item = build(api, &a.items, all, depth + 1);
            Value::Array((0..n).map(|_| item.clone()).collect())
        }
        Kind::Object(o) => {
            let mut out = Map::new();
            for p in &o.properties {
                let required = o.is_required(&p.name);
                let wanted = all && depth < 3;
                let field = api.resolve(&p.schema);
                if required || (wanted && !(field.deprecated || field.read_only)) {
                    out.insert(p.name.clone(), build(api, &p.schema, all, depth + 1));
                }
            }
            Value::Object(out)
        }
        Kind::Any | Kind::Ref(_) => json!("sample"),
    }
}

fn string(t: &Text) -> Value {
    let fixed = match t.format.as_deref() {
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
    let min = t.min_length.unwrap_or(0) as usize;
    let max = t.max_length.unwrap_or(64) as usize;
    let mut v = String::from("sample");
    while v.len() < min {
        v.push('x');
    }
    v.truncate(max.max(min).max(1));
    json!(v)
}
