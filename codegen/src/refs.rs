//! JSON pointers (RFC 6901) and following local `$ref`s in a JSON document.

use serde_json::Value;

/// Escape one JSON pointer token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Join a pointer and a token.
pub fn join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape(token))
}

/// Decode one JSON pointer token.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The node a local reference (`#/components/schemas/X`) points at.
pub fn lookup<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(doc);
    }
    let mut node = doc;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = unescape(token);
        node = match node {
            Value::Object(o) => o.get(&token)?,
            Value::Array(a) => a.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Follow `$ref`s until a node that is not a reference. Validation has ruled out dangling and
/// cyclic references; the hop limit keeps this total anyway.
pub fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    for _ in 0..64 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => match lookup(doc, r) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

/// The (unescaped) name a reference with `prefix` (`#/components/parameters/`) points at.
pub fn ref_target(node: &Value, prefix: &str) -> Option<String> {
    node.get("$ref")?
        .as_str()?
        .strip_prefix(prefix)
        .map(unescape)
}

/// The component name of a `#/components/schemas/X` reference.
pub fn schema_ref_name(node: &Value) -> Option<&str> {
    node.get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// The schema that a JSON pointer into instances of `schema` reaches (`/service/state`): each
/// token a property, found through `$ref`s and in `allOf` members. `Err` holds the first token
/// that no property matches. The empty pointer is `schema` itself.
pub fn schema_at<'a>(
    doc: &'a Value,
    schema: &'a Value,
    pointer: &str,
) -> Result<&'a Value, String> {
    let mut node = resolve(doc, schema);
    if pointer.is_empty() {
        return Ok(node);
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(pointer.to_string());
    };
    for token in rest.split('/') {
        let name = unescape(token);
        node = property(doc, node, &name, 0).ok_or(name)?;
    }
    Ok(node)
}

/// The property `name` of an object schema, resolved, looking into `allOf` members (to a
/// bounded depth, so that no document makes this run away).
fn property<'a>(doc: &'a Value, node: &'a Value, name: &str, depth: usize) -> Option<&'a Value> {
    let node = resolve(doc, node);
    if let Some(p) = node["properties"].get(name) {
        return Some(resolve(doc, p));
    }
    if depth >= 16 {
        return None;
    }
    node["allOf"]
        .as_array()?
        .iter()
        .find_map(|member| property(doc, member, name, depth + 1))
}
