//! Schema checks: constructs we do not support, and schemas no value can satisfy.

use serde_json::Value;

use crate::diagnostic::{escape, Sink};

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
                    let child = format!("{p}/{}", escape(k));
                    if k == "example" || k == "examples" || k.starts_with("x-") {
                        continue;
                    }
                    if k == "schema" || p == "/components/schemas" {
                        roots.push((child, v));
                    } else {
                        stack.push((child, v));
                    }
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    stack.push((format!("{p}/{i}"), v));
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
                let child = format!("{p}/{}", escape(k));
                match k.as_str() {
                    "properties" => {
                        for (name, sub) in v.as_object().into_iter().flatten() {
                            roots.push((format!("{child}/{}", escape(name)), sub));
                        }
                    }
                    "items" | "not" => roots.push((child, v)),
                    "additionalProperties" if v.is_object() => roots.push((child, v)),
                    "allOf" | "oneOf" | "anyOf" => {
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

/// Check every schema.
pub fn check(doc: &Value, sink: &mut Sink) {
    for (p, s) in all_schemas(doc) {
        let Value::Object(o) = s else {
            if !s.is_boolean() {
                sink.error(
                    &p,
                    "bad-schema",
                    "a schema must be a mapping",
                    "write the schema as a mapping",
                );
            }
            continue;
        };
        if o.contains_key("not") {
            sink.error(
                &p,
                "unsupported-schema",
                "`not` schemas are not supported",
                "describe what is allowed instead of what is not",
            );
        }
        if let Some(t) = o.get("type") {
            match t.as_str() {
                Some(t) if TYPES.contains(&t) => {}
                _ => sink.error(&p, "bad-schema", format!("`type: {t}` is not an OpenAPI 3.0 type"), "use one of string, integer, number, boolean, array, object (and `nullable: true` for null)"),
            }
        }
        if o.get("type") == Some(&Value::from("array")) && !o.contains_key("items") {
            sink.error(
                &p,
                "bad-schema",
                "an array schema needs `items`",
                "add `items` (use `{}` for any value)",
            );
        }
        if let Some(e) = o.get("enum") {
            match e.as_array() {
                Some(values) if values.is_empty() => sink.error(
                    &p,
                    "unsatisfiable-schema",
                    "`enum` is empty: no value can match",
                    "list the allowed values or remove `enum`",
                ),
                Some(values) => {
                    let ty = o.get("type").and_then(Value::as_str);
                    let nullable = o.get("nullable") == Some(&Value::Bool(true));
                    for v in values {
                        if !fits(ty, v, nullable) {
                            let ty = ty.unwrap_or("value");
                            let article = if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
                                "an"
                            } else {
                                "a"
                            };
                            sink.error(
                                &p,
                                "unsatisfiable-schema",
                                format!("enum value {v} is not {article} {ty}"),
                                "fix the value or the schema's type",
                            );
                        }
                    }
                    if ty.is_none() && values.iter().all(Value::is_string) {
                        sink.warning(
                            &p,
                            "enum-without-type",
                            "an enum of strings without `type: string`",
                            "add `type: string`",
                        );
                    }
                }
                None => sink.error(
                    &p,
                    "bad-schema",
                    "`enum` must be a list",
                    "write the values as a list",
                ),
            }
        }
        for (lo, hi) in [
            ("minimum", "maximum"),
            ("minLength", "maxLength"),
            ("minItems", "maxItems"),
            ("minProperties", "maxProperties"),
        ] {
            if let (Some(a), Some(b)) = (
                o.get(lo).and_then(Value::as_f64),
                o.get(hi).and_then(Value::as_f64),
            ) {
                if a > b {
                    sink.error(
                        &p,
                        "unsatisfiable-schema",
                        format!("`{lo}: {a}` is greater than `{hi}: {b}`"),
                        "swap or fix the bounds",
                    );
                }
            }
        }
        for k in ["minLength", "maxLength", "minItems", "maxItems"] {
            if let Some(v) = o.get(k) {
                if v.as_u64().is_none() {
                    sink.error(
                        &p,
                        "bad-schema",
                        format!("`{k}` must be a non-negative integer, not {v}"),
                        "fix the bound",
                    );
                }
            }
        }
        if let Some(pattern) = o.get("pattern") {
            match pattern.as_str() {
                Some(re) => {
                    if let Err(e) = regress::Regex::new(re) {
                        sink.error(
                            &p,
                            "bad-pattern",
                            format!("`pattern` is not an ECMAScript regular expression: {e}"),
                            "fix the pattern",
                        );
                    }
                }
                None => sink.error(
                    &p,
                    "bad-pattern",
                    "`pattern` must be a string",
                    "quote the pattern",
                ),
            }
        }
        if o.get("additionalProperties") == Some(&Value::Bool(false)) {
            let props = o.get("properties").and_then(Value::as_object);
            for r in o
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = r.as_str().unwrap_or_default();
                if props.map(|p| !p.contains_key(name)).unwrap_or(true) {
                    sink.error(
                        &p,
                        "unsatisfiable-schema",
                        format!(
                            "`{name}` is required but not allowed (additionalProperties: false)"
                        ),
                        format!("add `{name}` to properties or drop it from required"),
                    );
                }
            }
        }
        if let Some(d) = o.get("discriminator") {
            if d["propertyName"].as_str().is_none() {
                sink.error(
                    &p,
                    "bad-schema",
                    "`discriminator` needs `propertyName`",
                    "name the property that selects the variant",
                );
            }
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
