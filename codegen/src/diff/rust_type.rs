//! The Rust type a schema becomes, as far as a change can alter it: the shape (struct, enum,
//! array...) and, for scalars, the exact type that typify picks from the format and the bounds.
//! Request schemas are strict; response schemas lose their bounds to normalization, so bounds
//! never change a response type.

use serde_json::{Map, Value};

/// The Rust shape a schema becomes; a change of shape is a change of type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// No type: `serde_json::Value`.
    Any,
    /// `bool`.
    Boolean,
    /// An integer type.
    Integer,
    /// `f32` or `f64`.
    Number,
    /// A string type (`String`, a newtype, `Uuid`, a date...).
    String,
    /// A Rust enum (or a constant, for a single value).
    Enum,
    /// `Vec<T>`.
    Array,
    /// A struct with fields.
    Struct,
    /// A map of names to values.
    Map,
    /// `oneOf`/`anyOf`: an enum of shapes.
    Union,
    /// `allOf`: the members merged.
    AllOf,
}

impl Shape {
    /// How messages name the shape.
    pub fn describe(self, s: &Map<String, Value>) -> String {
        match self {
            Shape::Any => "any JSON value".into(),
            Shape::Boolean => "boolean".into(),
            Shape::Integer => "integer".into(),
            Shape::Number => "number".into(),
            Shape::String => "string".into(),
            Shape::Enum => format!(
                "enum of {}",
                s.get("type").and_then(Value::as_str).unwrap_or("values")
            ),
            Shape::Array => "array".into(),
            Shape::Struct => "object with fields".into(),
            Shape::Map => "map".into(),
            Shape::Union => "union (oneOf/anyOf)".into(),
            Shape::AllOf => "allOf".into(),
        }
    }
}

/// The shape of a (resolved) schema.
pub fn shape(s: &Map<String, Value>) -> Shape {
    if s.contains_key("oneOf") || s.contains_key("anyOf") {
        return Shape::Union;
    }
    if s.contains_key("allOf") {
        return Shape::AllOf;
    }
    if s.contains_key("enum") {
        return Shape::Enum;
    }
    let has_props = s
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| !p.is_empty())
        .unwrap_or(false);
    match s.get("type").and_then(Value::as_str) {
        Some("boolean") => Shape::Boolean,
        Some("integer") => Shape::Integer,
        Some("number") => Shape::Number,
        Some("string") => Shape::String,
        Some("array") => Shape::Array,
        Some("object") if has_props => Shape::Struct,
        Some("object") => Shape::Map,
        _ if has_props => Shape::Struct,
        _ if s.contains_key("items") => Shape::Array,
        _ if s.contains_key("additionalProperties") => Shape::Map,
        _ => Shape::Any,
    }
}

/// The Rust type typify picks for an integer (mirrors its `convert_integer`): the format's
/// type, `NonZero` for `minimum: 1`, an exact-fit type for bounds that match one, else `i64`.
/// Response schemas lose their bounds (`strict == false`).
fn integer_type(s: &Map<String, Value>, strict: bool) -> &'static str {
    const FORMATS: [(&str, &str, &str, f64, f64); 10] = [
        ("int8", "i8", "NonZeroU8", i8::MIN as f64, i8::MAX as f64),
        ("uint8", "u8", "NonZeroU8", u8::MIN as f64, u8::MAX as f64),
        (
            "int16",
            "i16",
            "NonZeroU16",
            i16::MIN as f64,
            i16::MAX as f64,
        ),
        (
            "uint16",
            "u16",
            "NonZeroU16",
            u16::MIN as f64,
            u16::MAX as f64,
        ),
        ("int", "i32", "NonZeroU32", i32::MIN as f64, i32::MAX as f64),
        (
            "int32",
            "i32",
            "NonZeroU32",
            i32::MIN as f64,
            i32::MAX as f64,
        ),
        (
            "uint",
            "u32",
            "NonZeroU32",
            u32::MIN as f64,
            u32::MAX as f64,
        ),
        (
            "uint32",
            "u32",
            "NonZeroU32",
            u32::MIN as f64,
            u32::MAX as f64,
        ),
        (
            "int64",
            "i64",
            "NonZeroU64",
            i64::MIN as f64,
            i64::MAX as f64,
        ),
        (
            "uint64",
            "u64",
            "NonZeroU64",
            u64::MIN as f64,
            u64::MAX as f64,
        ),
    ];
    let num = |k: &str| s.get(k).and_then(Value::as_f64);
    let flag = |k: &str| s.get(k) == Some(&Value::Bool(true));
    let (mut min, mut max, multiple) = if strict {
        (
            num("minimum").map(|m| if flag("exclusiveMinimum") { m + 1.0 } else { m }),
            num("maximum").map(|m| if flag("exclusiveMaximum") { m - 1.0 } else { m }),
            num("multipleOf"),
        )
    } else {
        (None, None, None)
    };
    if let Some(format) = s.get("format").and_then(Value::as_str) {
        if let Some((_, ty, nz, imin, imax)) = FORMATS.iter().find(|f| f.0 == format) {
            let valid_min = min.map(|m| m >= *imin).unwrap_or(true);
            let valid_max = max.map(|m| m <= *imax).unwrap_or(true);
            if multiple.is_none() && valid_min && valid_max {
                return if min == Some(1.0) { nz } else { ty };
            }
            min = min.or(Some(*imin));
            max = max.or(Some(*imax));
        }
    }
    let nonzero = min == Some(1.0);
    let exact = |bound: Option<f64>, limit: f64| bound.map(|b| (limit - b).abs() <= f64::EPSILON);
    let fit = FORMATS
        .iter()
        .rev()
        .find_map(|(_, ty, nz, imin, imax)| match (min, max) {
            (None, None) => None,
            (Some(_), _) if nonzero => Some(*nz),
            (None, Some(_)) => exact(max, *imax)?.then_some(*ty),
            (Some(_), None) => exact(min, *imin)?.then_some(*ty),
            (Some(_), Some(_)) => (exact(min, *imin)? && exact(max, *imax)?).then_some(*ty),
        });
    fit.unwrap_or("i64")
}

/// The Rust type of a scalar schema, as far as formats and bounds decide it. Strict (request)
/// strings with a pattern or a length bound become a validated newtype.
pub fn scalar_type(s: &Map<String, Value>, strict: bool) -> String {
    match shape(s) {
        Shape::Integer => integer_type(s, strict).to_string(),
        Shape::Number => match s.get("format").and_then(Value::as_str) {
            Some("float") => "f32".into(),
            _ => "f64".into(),
        },
        Shape::String => match s.get("format").and_then(Value::as_str) {
            Some(f @ ("uuid" | "date" | "date-time" | "ip" | "ipv4" | "ipv6")) => f.to_string(),
            _ => {
                let constrained = s.contains_key("pattern")
                    || s.contains_key("maxLength")
                    || s.get("minLength").and_then(Value::as_u64).unwrap_or(0) > 0;
                if strict && constrained {
                    "validated String newtype".into()
                } else {
                    "String".into()
                }
            }
        },
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn integer_types_follow_typify() {
        assert_eq!(integer_type(&map(json!({"type": "integer"})), true), "i64");
        assert_eq!(
            integer_type(&map(json!({"type": "integer", "format": "int32"})), true),
            "i32"
        );
        assert_eq!(
            integer_type(&map(json!({"type": "integer", "minimum": 1})), true),
            "NonZeroU64"
        );
        assert_eq!(
            integer_type(&map(json!({"type": "integer", "minimum": 0})), true),
            "u64"
        );
        assert_eq!(
            integer_type(&map(json!({"type": "integer", "minimum": 0})), false),
            "i64"
        );
        assert_eq!(
            integer_type(
                &map(json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 100})),
                true
            ),
            "NonZeroU32"
        );
    }

    #[test]
    fn strings_with_bounds_are_newtypes_in_requests_only() {
        let s = map(json!({"type": "string", "maxLength": 3}));
        assert_eq!(scalar_type(&s, true), "validated String newtype");
        assert_eq!(scalar_type(&s, false), "String");
        let s = map(json!({"type": "string", "minLength": 0}));
        assert_eq!(scalar_type(&s, true), "String");
    }
}
