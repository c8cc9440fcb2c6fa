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
