//! A schema back to JSON: the JSON Schema that typify reads, in the form the direction needs.
//!
//! OpenAPI 3.0 and JSON Schema differ in a few places, handled here: `nullable` becomes a
//! `null` type, `exclusiveMinimum: true` the draft-6 form, and OpenAPI-only keywords
//! (`example`, `discriminator`, `xml`, `x-*`) are left out.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::schema::{Extra, Kind, Numeric, Schema, SCHEMA_PREFIX};

/// How a schema is emitted, which depends on who produces the values it describes.
#[derive(Clone, Copy, Debug)]
pub enum Mode<'a> {
    /// As written: strict, references unchanged.
    Plain,
    /// For what the caller sends: strict, and references to shared schemas that have a strict
    /// request copy (see `Usage::request_copy`) point at the copy.
    Request(&'a BTreeMap<String, String>),
    /// For what the server sends (`tolerant-responses`): no bounds or patterns, so that live
    /// payloads a little off the document still decode. `required` stays: required fields
    /// are plain `T`, and the generator's client error correction fills in a default when the
    /// server leaves one out (see `generate::correct`).
    Response,
}

impl Mode<'_> {
    fn strict(&self) -> bool {
        !matches!(self, Mode::Response)
    }
}

impl Schema {
    /// The JSON Schema of this schema for `mode`.
    pub fn to_json_schema(&self, mode: Mode<'_>) -> Value {
        if let Kind::Ref(name) = &self.kind {
            let target = match mode {
                Mode::Request(copies) => copies.get(name).unwrap_or(name),
                _ => name,
            };
            return json!({ "$ref": format!("{SCHEMA_PREFIX}{}", crate::diagnostic::escape(target)) });
        }
        let mut out = Map::new();
        kind_keywords(&self.kind, mode, &mut out);
        for (key, value) in [
            ("description", self.description.clone().map(Value::String)),
            ("title", self.title.clone().map(Value::String)),
            ("default", self.default.clone()),
        ] {
            if let Some(v) = value {
                out.insert(key.into(), v);
            }
        }
        for (key, on) in [
            ("readOnly", self.read_only),
            ("writeOnly", self.write_only),
            ("deprecated", self.deprecated),
        ] {
            if on {
                out.insert(key.into(), Value::Bool(true));
            }
        }
        for (k, v) in &self.other {
            if !k.starts_with("x-") && !matches!(k.as_str(), "xml" | "examples" | "not") {
                out.insert(k.clone(), v.clone());
            }
        }
        if self.nullable {
            make_nullable(&mut out);
        }
        Value::Object(out)
    }
}

fn kind_keywords(kind: &Kind, mode: Mode<'_>, out: &mut Map<String, Value>) {
    let mut put = |k: &str, v: Value| {
        out.insert(k.to_string(), v);
    };
    let list =
        |items: &[Schema]| Value::Array(items.iter().map(|s| s.to_json_schema(mode)).collect());
    match kind {
        Kind::Any | Kind::Ref(_) => {}
        Kind::Boolean => put("type", json!("boolean")),
        Kind::Integer(n) => numeric("integer", n, mode, out),
        Kind::Number(n) => numeric("number", n, mode, out),
        Kind::String(t) => {
            put("type", json!("string"));
            if let Some(f) = &t.format {
                put("format", json!(f));
            }
            if mode.strict() {
                if let Some(p) = &t.pattern {
                    put("pattern", json!(p));
                }
                if let Some(n) = t.min_length {
                    put("minLength", json!(n));
                }
                if let Some(n) = t.max_length {
                    put("maxLength", json!(n));
                }
            }
        }
        Kind::Enum(e) => {
            if let Some(t) = &e.ty {
                put("type", json!(t));
            }
            if let Some(f) = &e.format {
                put("format", json!(f));
            }
            put("enum", Value::Array(e.values.clone()));
        }
        Kind::Array(a) => {
            put("type", json!("array"));
            put("items", a.items.to_json_schema(mode));
            if mode.strict() {
                if let Some(n) = a.min_items {
                    put("minItems", json!(n));
                }
                if let Some(n) = a.max_items {
                    put("maxItems", json!(n));
                }
                if a.unique_items {
                    put("uniqueItems", json!(true));
                }
            }
        }
        Kind::Object(o) => object(o, mode, out),
        Kind::OneOf(u) => put("oneOf", list(&u.variants)),
        Kind::AnyOf(u) => put("anyOf", list(&u.variants)),
        Kind::AllOf(members) => put("allOf", list(members)),
    }
}

fn numeric(ty: &str, n: &Numeric, mode: Mode<'_>, out: &mut Map<String, Value>) {
    out.insert("type".into(), json!(ty));
    if let Some(f) = &n.format {
        out.insert("format".into(), json!(f));
    }
    if !mode.strict() {
        return;
    }
    for (bound, exclusive, plain, strict) in [
        (
            &n.minimum,
            n.exclusive_minimum,
            "minimum",
            "exclusiveMinimum",
        ),
        (
            &n.maximum,
            n.exclusive_maximum,
            "maximum",
            "exclusiveMaximum",
        ),
    ] {
        if let Some(b) = bound {
            let key = if exclusive { strict } else { plain };
            out.insert(key.into(), Value::Number(b.clone()));
        }
    }
    if let Some(m) = &n.multiple_of {
        out.insert("multipleOf".into(), Value::Number(m.clone()));
    }
}

fn object(o: &super::schema::Object, mode: Mode<'_>, out: &mut Map<String, Value>) {
    out.insert("type".into(), json!("object"));
    if !o.properties.is_empty() {
        let props: Map<String, Value> = o
            .properties
            .iter()
            .map(|p| (p.name.clone(), p.schema.to_json_schema(mode)))
            .collect();
        out.insert("properties".into(), Value::Object(props));
    }
    let required = &o.required;
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    match &o.additional {
        Extra::Unspecified => {}
        Extra::Forbidden => {
            out.insert("additionalProperties".into(), json!(false));
        }
        // An object that lists properties and allows any other key wants the extra keys kept
        // (a Kafka connector's config, say). typify drops them for `true` but keeps them in a
        // flattened `extra` map for the equivalent `{}`, so it gets that.
        Extra::Any if !o.properties.is_empty() => {
            out.insert("additionalProperties".into(), json!({}));
        }
        Extra::Any => {
            out.insert("additionalProperties".into(), json!(true));
        }
        Extra::Schema(s) => {
            out.insert("additionalProperties".into(), s.to_json_schema(mode));
        }
    }
    if mode.strict() {
        if let Some(n) = o.min_properties {
            out.insert("minProperties".into(), json!(n));
        }
        if let Some(n) = o.max_properties {
            out.insert("maxProperties".into(), json!(n));
        }
    }
}

fn make_nullable(out: &mut Map<String, Value>) {
    match out.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            out.insert("type".into(), json!([t, "null"]));
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

    fn emit(v: Value, mode: Mode<'_>) -> Value {
        Schema::from_value(&v).to_json_schema(mode)
    }

    #[test]
    fn nullable_and_exclusive_bounds() {
        let s = json!({"type": "integer", "minimum": 3, "exclusiveMinimum": true, "nullable": true, "example": 4});
        assert_eq!(
            emit(s, Mode::Plain),
            json!({"type": ["integer", "null"], "exclusiveMinimum": 3})
        );
    }

    #[test]
    fn references_stand_alone_and_follow_request_copies() {
        let s = json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A", "description": "x"},
            "b": {"type": "array", "items": {"type": "string", "x-foo": 1}}}});
        assert_eq!(
            emit(s.clone(), Mode::Plain),
            json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"},
                "b": {"type": "array", "items": {"type": "string"}}}})
        );
        let copies = BTreeMap::from([("A".to_string(), "ARequest".to_string())]);
        assert_eq!(
            emit(s, Mode::Request(&copies))["properties"]["a"],
            json!({"$ref": "#/components/schemas/ARequest"})
        );
    }

    #[test]
    fn responses_drop_bounds_and_keep_required() {
        let s = json!({"type": "object", "required": ["kind", "name"], "properties": {
            "kind": {"type": "string", "enum": ["a"]},
            "name": {"type": "string", "maxLength": 3, "pattern": "^x"}}});
        assert_eq!(
            emit(s, Mode::Response),
            json!({"type": "object", "properties": {"kind": {"type": "string", "enum": ["a"]},
                "name": {"type": "string"}}, "required": ["kind", "name"]})
        );
    }
}
