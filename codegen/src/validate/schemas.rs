//! Schema checks: constructs we do not support, and schemas no value can satisfy.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::diagnostic::{escape, join, Sink};
use crate::rules::Rule;

const TYPES: [&str; 6] = ["string", "integer", "number", "boolean", "array", "object"];

/// Every schema in the document, with its pointer: components, parameters, bodies, responses.
pub fn all_schemas(doc: &Value) -> Vec<(String, &Value)> {
    let mut roots: Vec<(String, &Value)> = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), doc)];
    // Find every `schema` key (parameters, media types) and every components.schemas entry.
    while let Some((p, node)) = stack.pop() {
        match node {
            Value::Object(o) => {
                for (k, v) in o {
                    if k == "example" || k == "examples" || k.starts_with("x-") {
                        continue;
                    }
                    let root = k == "schema" || p == "/components/schemas";
                    // A scalar that is not a schema holds none: no pointer is built for it.
                    if !(root || v.is_object() || v.is_array()) {
                        continue;
                    }
                    let child = format!("{p}/{}", escape(k));
                    if root {
                        roots.push((child, v));
                    } else {
                        stack.push((child, v));
                    }
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    if v.is_object() || v.is_array() {
                        stack.push((format!("{p}/{i}"), v));
                    }
                }
            }
            _ => {}
        }
    }
    // Then expand each root into its subschemas.
    let mut out = Vec::new();
    while let Some((p, s)) = roots.pop() {
        if let Value::Object(o) = s {
            for (k, v) in o {
                // The pointer is built only for a key that holds subschemas.
                let child = || format!("{p}/{}", escape(k));
                match k.as_str() {
                    "properties" => {
                        let child = child();
                        for (name, sub) in v.as_object().into_iter().flatten() {
                            roots.push((format!("{child}/{}", escape(name)), sub));
                        }
                    }
                    "items" | "not" => roots.push((child(), v)),
                    "additionalProperties" if v.is_object() => roots.push((child(), v)),
                    "allOf" | "oneOf" | "anyOf" => {
                        let child = child();
                        for (i, sub) in v.as_array().into_iter().flatten().enumerate() {
                            roots.push((format!("{child}/{i}"), sub));
                        }
                    }
                    _ => {}
                }
            }
        }
        out.push((p, s));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Check every schema (`all`: [`all_schemas`] of `doc`).
pub fn check(doc: &Value, all: &[(String, &Value)], sink: &mut Sink) {
    for (p, s) in all.iter().map(|(p, s)| (p, *s)) {
        let Value::Object(o) = s else {
            if !s.is_boolean() {
                sink.report(
                    p,
                    Rule::BadSchema,
                    "a schema must be a mapping",
                    "write the schema as a mapping",
                );
            }
            continue;
        };
        kind(o, p, sink);
        enumeration(o, p, sink);
        bounds(o, p, sink);
        pattern(o, p, sink);
        required(o, p, sink);
        flags(o, p, sink);
        all_of(doc, o, p, sink);
        if let Some(d) = o.get("discriminator") {
            if d["propertyName"].as_str().is_none() {
                sink.report(
                    p,
                    Rule::BadSchema,
                    "`discriminator` needs `propertyName`",
                    "name the property that selects the variant",
                );
            }
        }
    }
}

/// `type`, `items` and `not`.
fn kind(o: &Map<String, Value>, p: &str, sink: &mut Sink) {
    if o.contains_key("not") {
        sink.report(
            p,
            Rule::UnsupportedSchema,
            "`not` schemas are not supported",
            "describe what is allowed instead of what is not",
        );
    }
    if let Some(t) = o.get("type") {
        match t.as_str() {
            Some(t) if TYPES.contains(&t) => {}
            _ => sink.report(p, Rule::BadSchema, format!("`type: {t}` is not an OpenAPI 3.0 type"), "use one of string, integer, number, boolean, array, object (and `nullable: true` for null)"),
        }
    }
    if o.get("type") == Some(&Value::from("array")) && !o.contains_key("items") {
        sink.report(
            p,
            Rule::BadSchema,
            "an array schema needs `items`",
            "add `items` (use `{}` for any value)",
        );
    }
}

fn enumeration(o: &Map<String, Value>, p: &str, sink: &mut Sink) {
    let Some(e) = o.get("enum") else {
        return;
    };
    let Some(values) = e.as_array() else {
        return sink.report(
            p,
            Rule::BadSchema,
            "`enum` must be a list",
            "write the values as a list",
        );
    };
    if values.is_empty() {
        return sink.report(
            p,
            Rule::UnsatisfiableSchema,
            "`enum` is empty: no value can match",
            "list the allowed values or remove `enum`",
        );
    }
    let ty = o.get("type").and_then(Value::as_str);
    let nullable = o.get("nullable") == Some(&Value::Bool(true));
    for v in values.iter().filter(|v| !fits(ty, v, nullable)) {
        let ty = ty.unwrap_or("value");
        let article = if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        sink.report(
            p,
            Rule::UnsatisfiableSchema,
            format!("enum value {v} is not {article} {ty}"),
            "fix the value or the schema's type",
        );
    }
    // A value listed twice is the `duplicate-enum-value` repair's (see `repair`).
    // A Rust enum has one variant per value, named by the value in PascalCase. The type
    // generator tells apart values whose names clash through punctuation (`red`, `red*`), but
    // not values that differ only in case (`self`, `Self`).
    let mut variants: std::collections::BTreeMap<String, &str> = Default::default();
    for v in values.iter().filter_map(Value::as_str) {
        let variant = crate::util::pascal(v);
        match variants.insert(v.to_lowercase(), v) {
            Some(prev) if prev != v && !variant.is_empty() => sink.report(
                p,
                Rule::EnumVariantCollision,
                format!("enum values {prev:?} and {v:?} both become the Rust variant `{variant}`"),
                "give the values distinct spellings, or drop one",
            ),
            _ => {}
        }
    }
    if ty.is_none() && values.iter().all(Value::is_string) {
        sink.report(
            p,
            Rule::EnumWithoutType,
            "an enum of strings without `type: string`",
            "add `type: string`",
        );
    }
}

/// A value as a key for comparing enum values: `1` and `1.0` are the same number.
pub(crate) fn canonical(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("n{}", f as i64),
            _ => format!("n{n}"),
        },
        other => other.to_string(),
    }
}

/// Ranges and sizes that no value can meet.
fn bounds(o: &Map<String, Value>, p: &str, sink: &mut Sink) {
    for (lo, hi) in [
        ("minimum", "maximum"),
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
    ] {
        let (Some(a), Some(b)) = (
            o.get(lo).and_then(Value::as_f64),
            o.get(hi).and_then(Value::as_f64),
        ) else {
            continue;
        };
        let exclusive = lo == "minimum"
            && (o.get("exclusiveMinimum") == Some(&Value::Bool(true))
                || o.get("exclusiveMaximum") == Some(&Value::Bool(true)));
        if a > b {
            sink.report(
                p,
                Rule::UnsatisfiableSchema,
                format!("`{lo}: {a}` is greater than `{hi}: {b}`"),
                "swap or fix the bounds",
            );
        } else if a == b && exclusive {
            sink.report(
                p,
                Rule::UnsatisfiableSchema,
                format!("`minimum` and `maximum` are both {a}, and one of them is exclusive"),
                "fix the bounds, or make both inclusive",
            );
        }
    }
    for k in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        if let Some(v) = o.get(k).filter(|v| v.as_u64().is_none()) {
            sink.report(
                p,
                Rule::BadSchema,
                format!("`{k}` must be a non-negative integer, not {v}"),
                "fix the bound",
            );
        }
    }
    if let Some(m) = o.get("multipleOf").and_then(Value::as_f64) {
        if m <= 0.0 {
            sink.report(
                p,
                Rule::BadSchema,
                format!("`multipleOf: {m}` must be greater than 0"),
                "use a positive number, or remove `multipleOf`",
            );
        }
    }
}

fn pattern(o: &Map<String, Value>, p: &str, sink: &mut Sink) {
    let Some(pattern) = o.get("pattern") else {
        return;
    };
    match pattern.as_str() {
        Some(re) => {
            if let Err(e) = regress::Regex::new(re) {
                sink.report(
                    p,
                    Rule::BadPattern,
                    format!("`pattern` is not an ECMAScript regular expression: {e}"),
                    "fix the pattern",
                );
            }
        }
        None => sink.report(
            p,
            Rule::BadPattern,
            "`pattern` must be a string",
            "quote the pattern",
        ),
    }
}

/// Required properties that an object may not have.
fn required(o: &Map<String, Value>, p: &str, sink: &mut Sink) {
    if o.get("additionalProperties") != Some(&Value::Bool(false)) {
        return;
    }
    let props = o.get("properties").and_then(Value::as_object);
    for r in o
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = r.as_str().unwrap_or_default();
        if props.map(|p| !p.contains_key(name)).unwrap_or(true) {
            sink.report(
                p,
                Rule::UnsatisfiableSchema,
                format!("`{name}` is required but not allowed (additionalProperties: false)"),
                format!("add `{name}` to properties or drop it from required"),
            );
        }
    }
}

/// A value that is read-only and write-only would travel in neither direction.
fn flags(o: &Map<String, Value>, p: &str, sink: &mut Sink) {
    let on = |k: &str| o.get(k) == Some(&Value::Bool(true));
    if on("readOnly") && on("writeOnly") {
        sink.report(
            p,
            Rule::UnsatisfiableSchema,
            "the schema is both `readOnly` and `writeOnly`: no request or response may carry it",
            "keep one of the two (or neither)",
        );
    }
}

/// The members of an `allOf` must admit a common value: their types must agree (an integer
/// is a number), and their enums must share a value. Otherwise the generated type is an empty
/// enum that nothing decodes into.
fn all_of(doc: &Value, o: &Map<String, Value>, p: &str, sink: &mut Sink) {
    let Some(members) = o.get("allOf").and_then(Value::as_array) else {
        return;
    };
    let mut typed: Vec<(String, &str)> = Vec::new();
    if let Some(t) = o.get("type").and_then(Value::as_str) {
        typed.push((p.to_string(), t));
    }
    let mut enums: Vec<&Vec<Value>> = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let member = crate::refs::resolve(doc, member);
        if let Some(t) = member.get("type").and_then(Value::as_str) {
            typed.push((format!("{}/{i}", join(p, "allOf")), t));
        }
        if let Some(e) = member.get("enum").and_then(Value::as_array) {
            enums.push(e);
        }
    }
    // Linear in the number of members: compare each with the first typed one.
    fn number(t: &str) -> &str {
        if t == "integer" {
            "number"
        } else {
            t
        }
    }
    if let Some(a) = typed.first() {
        if let Some(b) = typed.iter().find(|b| number(a.1) != number(b.1)) {
            return sink.report(
                p,
                Rule::UnsatisfiableSchema,
                format!(
                    "`allOf` requires `type: {}` (at {}) and `type: {}` (at {}) at once: no value is both",
                    a.1, a.0, b.1, b.0
                ),
                "make the members' types agree, or use `oneOf` if a value may be either",
            );
        }
    }
    if enums.len() > 1 {
        let mut common: HashSet<String> = enums[0].iter().map(canonical).collect();
        for e in &enums[1..] {
            let these: HashSet<String> = e.iter().map(canonical).collect();
            common.retain(|v| these.contains(v));
        }
        if common.is_empty() {
            sink.report(
                p,
                Rule::UnsatisfiableSchema,
                "the `enum`s of the `allOf` members have no value in common",
                "make the members' enums share the allowed values",
            );
        }
    }
}

/// Whether `v` can be a value of `ty`.
pub fn fits(ty: Option<&str>, v: &Value, nullable: bool) -> bool {
    match (ty, v) {
        (_, Value::Null) => nullable,
        (None, _) => true,
        (Some("string"), Value::String(_)) => true,
        (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Some("number"), Value::Number(_)) => true,
        (Some("boolean"), Value::Bool(_)) => true,
        (Some("array"), Value::Array(_)) => true,
        (Some("object"), Value::Object(_)) => true,
        _ => false,
    }
}
