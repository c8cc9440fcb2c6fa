//! Small helpers shared by the stages.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// snake_case, the way method and parameter names are formed.
pub fn snake(s: &str) -> String {
    s.to_snake_case()
}

/// PascalCase, the way type names are formed.
pub fn pascal(s: &str) -> String {
    s.to_upper_camel_case()
}

/// Whether a media type carries JSON (`application/json`, `application/problem+json`).
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Whether a media type is plain text (`text/plain`, `text/plain; charset=utf-8`), which the
/// client sends and returns as a `String`.
pub fn is_text(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .eq_ignore_ascii_case("text/plain")
}

/// Whether a (resolved) schema is an object, which a query string can carry only as JSON text.
pub fn is_object(schema: &serde_json::Value) -> bool {
    schema["type"] == "object" || schema.get("properties").is_some()
}
