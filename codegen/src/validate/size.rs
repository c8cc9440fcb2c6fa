//! How large a client the spec asks for.
//!
//! Generation time and memory grow with the number of Rust types a spec becomes (typify's
//! output is parsed, rewritten and formatted as one file): about 0.2 ms and 40 KB each in a
//! release build. A spec of 5 MB made of nested inline objects asks for about 100,000 of them
//! and took 20 s and 4 GB; the largest spec we ship (Aiven) counts 628 here and becomes 1,190
//! types (shared schemas get a strict `<Name>Request` copy, so the real number can be up to
//! twice the count). So a spec that counts more than [`MAX_TYPES`] is an error here, before
//! any type is built, and every accepted spec is generated in a few seconds and under a
//! gigabyte.

use serde_json::Value;

use super::all_schemas;
use crate::diagnostic::Sink;
use crate::rules::Rule;

/// The most types (as [`type_count`] counts them) one spec may ask for: sixteen times Aiven's.
pub const MAX_TYPES: usize = 10_000;

/// The schemas that become a Rust type of their own: every component, and every inline
/// object with properties, enum, union or `allOf`. (Scalars, lists and maps of another type
/// do not; typify may merge or skip a few of the counted ones, so this is an upper bound.)
pub fn type_count(doc: &Value) -> usize {
    let components = doc["components"]["schemas"]
        .as_object()
        .map_or(0, |c| c.len());
    let inline = all_schemas(doc)
        .into_iter()
        .filter(|(p, _)| !is_component(p))
        .filter(|(_, s)| {
            ["properties", "enum", "oneOf", "anyOf", "allOf"]
                .iter()
                .any(|k| s.get(k).is_some())
        })
        .count();
    components + inline
}

fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}

/// Report a spec that would become more than `limit` types.
pub(super) fn check(doc: &Value, sink: &mut Sink, limit: usize) {
    let count = type_count(doc);
    if count > limit {
        sink.report(
            "",
            Rule::TooManyTypes,
            format!(
                "the spec asks for {count} Rust types (components, inline objects, enums and unions), more than the {limit} one client may have"
            ),
            "name repeated inline objects as components and refer to them with `$ref`, or split the API into several specs",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(yaml: &str) -> Value {
        serde_yaml::from_str(yaml).expect("test YAML")
    }

    #[test]
    fn counts_components_and_the_inline_schemas_that_become_types() {
        let d = doc(r#"
openapi: 3.0.3
paths:
  /a:
    get:
      parameters:
        - {name: state, in: query, schema: {type: string, enum: [on, off]}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          content:
            application/json:
              schema: {type: object, properties: {item: {$ref: '#/components/schemas/Item'}}}
components:
  schemas:
    Item:
      type: object
      properties:
        id: {type: string}
        size: {type: object, properties: {w: {type: integer}}}
        tags: {type: array, items: {type: string}}
    Name: {type: string}
"#);
        // Item, Name, the state enum, the response object, Item.size.
        assert_eq!(type_count(&d), 5);
        let mut sink = Sink::new("t.yaml", None);
        check(&d, &mut sink, 5);
        assert!(!sink.has_errors());
        check(&d, &mut sink, 4);
        let found = sink.into_vec();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::TooManyTypes);
        assert!(found[0].message.contains("asks for 5 Rust types (components, inline objects, enums and unions), more than the 4 "));
    }
}
