//! Repairs of schemas: format names written as types, `required` flags on properties, values
//! of the wrong type, duplicated enum values.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::Found;
use crate::refs::join;
use crate::validate::all_schemas;

/// The pointers of every schema, for repairs that then edit them one at a time.
fn schema_pointers(doc: &Value) -> Vec<String> {
    all_schemas(doc).into_iter().map(|(p, _)| p).collect()
}

/// What the schema repairs found (and fixed), each in the order of the schemas.
pub struct Findings {
    pub format_as_type: Vec<Found>,
    pub property_required_flags: Vec<Found>,
    pub values_of_wrong_type: Vec<Found>,
    pub duplicate_enum_values: Vec<Found>,
}

/// Run every schema repair on every schema object of `doc`, one schema at a time: the schema
/// is looked up once rather than once per repair. Each repair edits only the schema it is
/// given (and `required` flags of its properties, which no other repair reads), so this
/// finds and fixes what running the repairs one after the other over the whole document did.
pub fn repair_all(doc: &mut Value) -> Findings {
    let mut out = Findings {
        format_as_type: Vec::new(),
        property_required_flags: Vec::new(),
        values_of_wrong_type: Vec::new(),
        duplicate_enum_values: Vec::new(),
    };
    for p in schema_pointers(doc) {
        if let Some(Value::Object(o)) = doc.pointer_mut(&p) {
            out.format_as_type.extend(format_as_type(&p, o));
            out.property_required_flags
                .extend(property_required_flags(&p, o));
            out.values_of_wrong_type.extend(values_of_wrong_type(&p, o));
            out.duplicate_enum_values
                .extend(duplicate_enum_values(&p, o));
        }
    }
    out
}

/// The type and format that a format name written as a type stands for.
fn format_type(t: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match t {
        "double" => ("number", Some("double")),
        "float" => ("number", Some("float")),
        "int32" => ("integer", Some("int32")),
        "int64" | "long" => ("integer", Some("int64")),
        "int" => ("integer", None),
        "bool" => ("boolean", None),
        _ => return None,
    })
}

/// `type: double` is `type: number, format: double` (and the like).
fn format_as_type(p: &str, o: &mut Map<String, Value>) -> Vec<Found> {
    let Some(t) = o.get("type").and_then(Value::as_str).map(str::to_string) else {
        return Vec::new();
    };
    let Some((ty, format)) = format_type(&t) else {
        return Vec::new();
    };
    o.insert("type".into(), Value::String(ty.into()));
    let mut spelled = format!("type: {ty}");
    if let Some(format) = format.filter(|_| !o.contains_key("format")) {
        o.insert("format".into(), Value::String(format.into()));
        spelled.push_str(&format!(", format: {format}"));
    }
    vec![Found {
        pointer: join(p, "type"),
        problem: format!("`type: {t}` is not an OpenAPI 3.0 type"),
        done: format!("it is `{spelled}`"),
        fix: format!("write `{spelled}`"),
    }]
}

/// `required: true|false` on a property (Swagger 1.x style): `false` is dropped, `true` adds the
/// property to the object's `required` list.
fn property_required_flags(p: &str, o: &mut Map<String, Value>) -> Vec<Found> {
    let mut found = Vec::new();
    let mut add = Vec::new();
    let Some(Value::Object(props)) = o.get_mut("properties") else {
        return found;
    };
    for (name, prop) in props.iter_mut() {
        let Some(Value::Object(prop)) = Some(prop) else {
            continue;
        };
        let Some(Value::Bool(flag)) = prop.get("required").cloned() else {
            continue;
        };
        prop.remove("required");
        if flag {
            add.push(name.clone());
        }
        let pointer = join(&join(&join(p, "properties"), name), "required");
        let (done, fix) = if flag {
            (
                "the property is added to the object's `required` list",
                format!("list `{name}` in the object's `required` instead"),
            )
        } else {
            (
                "the flag is dropped (properties are optional unless listed)",
                "remove it: properties are optional unless the object's `required` lists them"
                    .to_string(),
            )
        };
        found.push(Found {
            pointer,
            problem: format!("`required: {flag}` on a property: in OpenAPI 3 `required` is the object's list of property names"),
            done: done.into(),
            fix,
        });
    }
    if !add.is_empty() {
        let list = o
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            for name in add {
                if !list.contains(&Value::String(name.clone())) {
                    list.push(Value::String(name));
                }
            }
        }
    }
    found
}

/// `v` as a value of `ty`, when it is written as another type and converts without loss.
fn convert(ty: &str, v: &Value) -> Option<Value> {
    match (ty, v) {
        ("integer", Value::String(s)) => s.trim().parse::<i64>().ok().map(Value::from),
        ("number", Value::String(s)) => {
            let n: f64 = s.trim().parse().ok()?;
            serde_json::Number::from_f64(n).map(Value::Number)
        }
        ("boolean", Value::String(s)) => match s.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        ("string", Value::Number(n)) => Some(Value::String(n.to_string())),
        ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
        _ => None,
    }
}

/// Enum values and defaults of the wrong type that convert (`type: integer, enum: ["1", "2"]`).
fn values_of_wrong_type(p: &str, o: &mut Map<String, Value>) -> Vec<Found> {
    let Some(ty) = o.get("type").and_then(Value::as_str).map(str::to_string) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(Value::Array(values)) = o.get_mut("enum") {
        for (i, v) in values.iter_mut().enumerate() {
            if let Some(new) = convert(&ty, v) {
                found.push(wrong_type(
                    format!("{}/{i}", join(p, "enum")),
                    "enum value",
                    &ty,
                    v,
                    &new,
                ));
                *v = new;
            }
        }
    }
    if let Some(v) = o.get_mut("default") {
        if let Some(new) = convert(&ty, v) {
            found.push(wrong_type(join(p, "default"), "default", &ty, v, &new));
            *v = new;
        }
    }
    found
}

fn wrong_type(pointer: String, what: &str, ty: &str, old: &Value, new: &Value) -> Found {
    Found {
        pointer,
        problem: format!("{what} {old} is written as another type than the schema's `{ty}`"),
        done: format!("it is {new}"),
        fix: format!("write it as {new}"),
    }
}

/// A value an enum lists twice: generated enums have one variant per value, and two equal
/// values would be two variants of one name (typify panics on them).
fn duplicate_enum_values(p: &str, o: &mut Map<String, Value>) -> Vec<Found> {
    let Some(Value::Array(values)) = o.get_mut("enum") else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    let mut index = 0;
    values.retain(|v| {
        let keep = seen.insert(crate::validate::canonical(v));
        if !keep {
            found.push(Found {
                pointer: format!("{}/{index}", join(p, "enum")),
                problem: format!(
                    "enum value {} is listed twice",
                    crate::validate::short(&v.to_string())
                ),
                done: "the second one is dropped".into(),
                fix: "remove the second one".into(),
            });
        }
        index += 1;
        keep
    });
    found
}
