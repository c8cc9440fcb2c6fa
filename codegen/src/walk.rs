//! One walk over a JSON document: every node with its JSON pointer, depth first, except what
//! sits under `example` and `examples`. Those hold data, not OpenAPI objects, so a `$ref`,
//! `enum` or `default` key inside one is just a key and no stage may act on it.
//!
//! The walk keeps its own stack, so a deeply nested document cannot overflow the thread's.

use serde_json::Value;

use crate::refs::join;

/// Whether the value under `key` is example data.
pub fn is_example(key: &str) -> bool {
    key == "example" || key == "examples"
}

/// The nodes under `root` (itself included), with their pointers relative to `root`.
pub fn nodes(root: &Value) -> Nodes<'_> {
    Nodes {
        stack: vec![(String::new(), root)],
    }
}

/// The iterator of [`nodes`].
pub struct Nodes<'a> {
    stack: Vec<(String, &'a Value)>,
}

impl<'a> Iterator for Nodes<'a> {
    type Item = (String, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        let (pointer, node) = self.stack.pop()?;
        match node {
            Value::Object(o) => {
                for (k, v) in o.iter().rev() {
                    if !is_example(k) && (v.is_object() || v.is_array()) {
                        self.stack.push((join(&pointer, k), v));
                    }
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate().rev() {
                    if v.is_object() || v.is_array() {
                        self.stack.push((format!("{pointer}/{i}"), v));
                    }
                }
            }
            _ => {}
        }
        Some((pointer, node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_container_but_examples() {
        let doc = json!({
            "a": {"$ref": "#/x", "example": {"$ref": "#/not-this"}},
            "b": [{"c": 1}, 2],
            "examples": {"e": {"$ref": "#/nor-this"}},
            "a~b/c": {}
        });
        let mut got: Vec<String> = nodes(&doc).map(|(p, _)| p).collect();
        got.sort();
        assert_eq!(got, ["", "/a", "/a~0b~1c", "/b", "/b/0"]);
    }
}
