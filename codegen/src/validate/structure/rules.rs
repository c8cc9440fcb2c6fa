//! What the field tables cannot say: conditions between fields of one object, and the
//! message for a field the type does not have.

use serde_json::{Map, Value};

use super::objects::Object;
use super::Reporter;
use crate::diagnostic::join;
use crate::rules::Rule;

/// Checks of one object beyond the types of its fields.
pub(super) fn check(object: Object, map: &Map<String, Value>, pointer: &str, out: &mut Reporter) {
    match object {
        Object::Header => header(map, pointer, out),
        Object::SecurityScheme => security_scheme(map, pointer, out),
        Object::Schema => schema(map, pointer, out),
        _ => {}
    }
}

/// OpenAPI requires a header to describe its value. This is its own rule, so that a later
/// version can accept such headers (as untyped strings) by dropping it.
fn header(map: &Map<String, Value>, pointer: &str, out: &mut Reporter) {
    if !map.contains_key("schema") && !map.contains_key("content") {
        out.report(
            pointer,
            Rule::HeaderWithoutSchema,
            "a Header Object needs a `schema` (or `content`) describing its value",
            "add `schema: {type: string}` (or the header's own type)",
        );
    }
}

fn security_scheme(map: &Map<String, Value>, pointer: &str, out: &mut Reporter) {
    // A missing or ill-typed `type` is reported from the field table.
    let Some(ty) = map.get("type").and_then(Value::as_str) else {
        return;
    };
    let needs: &[&str] = match ty {
        "apiKey" => &["name", "in"],
        "http" => &["scheme"],
        "oauth2" => &["flows"],
        "openIdConnect" => &["openIdConnectUrl"],
        other => {
            return out.report(
                &join(pointer, "type"),
                Rule::InvalidStructure,
                format!("`type: {}` is not a security scheme type", short(other)),
                "use apiKey, http, oauth2 or openIdConnect",
            );
        }
    };
    for field in needs.iter().filter(|f| !map.contains_key(**f)) {
        out.report(
            pointer,
            Rule::MissingField,
            format!("a security scheme of `type: {ty}` needs `{field}`"),
            format!("add `{field}` (see {})", Object::SecurityScheme.url()),
        );
    }
    if let Some(location) = map.get("in").and_then(Value::as_str) {
        if ty == "apiKey" && !matches!(location, "query" | "header" | "cookie") {
            out.report(
                &join(pointer, "in"),
                Rule::InvalidStructure,
                format!("an API key cannot be sent `in: {}`", short(location)),
                "use `in: header` (or query, or cookie)",
            );
        }
    }
}

fn schema(map: &Map<String, Value>, pointer: &str, out: &mut Reporter) {
    for key in ["allOf", "oneOf", "anyOf"] {
        if map
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            out.report(
                &join(pointer, key),
                Rule::InvalidStructure,
                format!("`{key}` lists no schemas"),
                format!("list at least one schema, or remove `{key}`"),
            );
        }
    }
}

/// A key that `object` has no field for.
pub(super) fn unknown_field(pointer: &str, key: &str, object: Object, out: &mut Reporter) {
    if key == "$ref" {
        return out.report(
            pointer,
            Rule::RefNotAllowed,
            format!(
                "{} cannot be given by `$ref`: OpenAPI 3.0 allows no reference here",
                object.with_article()
            ),
            format!(
                "write the {} Object here inline (see {})",
                object.name(),
                object.url()
            ),
        );
    }
    let fix = hint(key, object).unwrap_or_else(|| {
        format!(
            "remove it, or rename it `x-{}` if it is an extension",
            short(key)
        )
    });
    out.report(
        pointer,
        Rule::UnknownField,
        format!(
            "`{}` is not a field of {}",
            short(key),
            object.with_article()
        ),
        fix,
    );
}

fn hint(key: &str, object: Object) -> Option<String> {
    if object == Object::Schema {
        match key {
            "const" => return Some("OpenAPI 3.0 has no `const`: write `enum: [<value>]`".into()),
            "examples" => {
                return Some("a Schema Object has one `example`, not `examples`".into());
            }
            "$schema" | "$id" | "$defs" | "definitions" => {
                return Some(format!(
                    "OpenAPI 3.0 schemas have no `{key}`: remove it, and put shared schemas under `components/schemas`"
                ));
            }
            _ => {}
        }
    }
    let names = object.fields().iter().map(|f| f.name);
    closest(key, names)
        .map(|name| format!("did you mean `{name}`? (an extension's name must start with `x-`)"))
}

/// The field name nearest to `key` (case aside, at most two edits away).
fn closest(key: &str, names: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    // Long keys are nobody's typo, and comparing them would cost time for nothing.
    if key.len() > 40 {
        return None;
    }
    let key = key.to_ascii_lowercase();
    let limit = if key.len() <= 4 { 1 } else { 2 };
    names
        .map(|name| (distance(&key, &name.to_ascii_lowercase()), name))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Levenshtein distance between two short strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// A key or value as messages quote it: cut to 40 characters.
pub(crate) fn short(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_field() {
        assert_eq!(distance("requried", "required"), 2);
        let names = Object::Schema.fields().iter().map(|f| f.name);
        assert_eq!(closest("requried", names), Some("required"));
        let names = Object::Operation.fields().iter().map(|f| f.name);
        assert_eq!(closest("operationID", names), Some("operationId"));
        let names = Object::Operation.fields().iter().map(|f| f.name);
        assert_eq!(closest("frobnicate", names), None);
    }
}
