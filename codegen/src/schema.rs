//! OpenAPI 3.0 schema objects to JSON Schema, the dialect typify reads.
//!
//! The two differ in a few places: `nullable`, the boolean form of `exclusiveMinimum` and
//! `exclusiveMaximum`, and OpenAPI-only keywords (`example`, `discriminator`, `xml`, `x-*`)
//! that JSON Schema tools must not see. The walk uses an explicit stack of pending work only
//! through recursion bounded by the document's depth, which the loader already bounds.

use serde_json::{Map, Value};

/// Keywords whose value is one schema.
const SCHEMA_KEYS: [&str; 3] = ["items", "not", "additionalProperties"];
/// Keywords whose value is a list of schemas.
const LIST_KEYS: [&str; 3] = ["allOf", "oneOf", "anyOf"];
/// OpenAPI keywords that are not JSON Schema.
const DROP_KEYS: [&str; 6] = [
    "example",
    "examples",
    "discriminator",
    "xml",
    "externalDocs",
    "nullable",
];

/// Convert one OpenAPI schema (and everything inline in it) to JSON Schema.
pub fn to_json_schema(schema: &Value) -> Value {
    let Value::Object(o) = schema else {
        return schema.clone();
    };
    if o.contains_key("$ref") {
        // A reference stands alone in OpenAPI 3.0: siblings are ignored.
        let r = Value::Object(Map::from_iter([("$ref".to_string(), o["$ref"].clone())]));
        return r;
    }
    let mut out = Map::new();
    for (k, v) in o {
        if DROP_KEYS.contains(&k.as_str()) || k.starts_with("x-") {
            continue;
        }
        let converted = match k.as_str() {
            "properties" => Value::Object(
                v.as_object()
                    .map(|props| {
                        props
                            .iter()
                            .map(|(n, s)| (n.clone(), to_json_schema(s)))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            key if SCHEMA_KEYS.contains(&key) => to_json_schema(v),
            key if LIST_KEYS.contains(&key) => Value::Array(
                v.as_array()
                    .map(|a| a.iter().map(to_json_schema).collect())
                    .unwrap_or_default(),
            ),
            _ => v.clone(),
        };
        out.insert(k.clone(), converted);
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match out.get(flag) {
            Some(Value::Bool(true)) => {
                let b = out.remove(bound).unwrap_or(Value::Null);
                out.insert(flag.to_string(), b);
            }
            Some(Value::Bool(false)) => {
                out.remove(flag);
            }
            _ => {}
        }
    }
    if o.get("nullable") == Some(&Value::Bool(true)) {
        make_nullable(&mut out);
    }
    // An object that lists properties and says `additionalProperties: true` wants the extra
    // keys kept (a Kafka connector's config, say). typify drops them for `true` but keeps them in
    // a flattened `extra` map for the equivalent `{}`, so we hand it that.
    if o.contains_key("properties") && o.get("additionalProperties") == Some(&Value::Bool(true)) {
        out.insert("additionalProperties".into(), Value::Object(Map::new()));
    }
    Value::Object(out)
}

fn make_nullable(out: &mut Map<String, Value>) {
    match out.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            out.insert(
                "type".into(),
                Value::Array(vec![Value::String(t), "null".into()]),
            );
        }
        Some(Value::Array(types)) if !types.contains(&Value::from("null")) => {
            types.push("null".into())
        }
        _ => {}
    }
    if let Some(Value::Array(values)) = out.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nullable_and_exclusive_bounds() {
        let s = json!({"type": "integer", "minimum": 3, "exclusiveMinimum": true, "nullable": true, "example": 4});
        assert_eq!(
            to_json_schema(&s),
            json!({"type": ["integer", "null"], "exclusiveMinimum": 3})
        );
    }

    #[test]
    fn nested_and_refs() {
        let s = json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A", "description": "x"},
            "b": {"type": "array", "items": {"type": "string", "x-foo": 1}}}});
        assert_eq!(
            to_json_schema(&s),
            json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"},
                "b": {"type": "array", "items": {"type": "string"}}}})
        );
    }
}
