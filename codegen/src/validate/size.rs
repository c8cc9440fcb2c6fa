//! How large a client the spec asks for.
//!
//! Generation time and memory grow with what the generator emits (typify's output is parsed,
//! rewritten and formatted as one file). Measured in a release build, per item: a type about
//! 26 KB and 0.15 ms, an operation 118 KB and 0.56 ms (with its method, builder and
//! contract case), a property or an enum value about 8 KB and 0.03 ms. Inputs of 5 MB took
//! up to 35 s and 4 GB (90,000 inline objects), 2 GB (255,000 enum values, or 16,700
//! operations). So the spec's [`Size`] is weighed before any type is built, and a spec that
//! weighs more than [`MAX_WEIGHT`] is an error: every accepted spec is generated within a
//! few seconds and under a gigabyte. Aiven's spec, the largest we ship, weighs about a fifth
//! of the limit.

use serde_json::Value;

use super::all_schemas;
use crate::diagnostic::Sink;
use crate::ir::METHODS;
use crate::rules::Rule;

/// The most a spec may weigh (see [`Size::weight`]): about 850 MB at the costs above.
pub const MAX_WEIGHT: usize = 100_000;

/// What a spec asks the generator for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Size {
    /// Schemas that become a Rust type of their own: every component, and every inline
    /// object with properties, enum, union or `allOf` (typify merges or skips a few, and
    /// shared schemas get a `<Name>Request` copy, so this is an estimate).
    pub types: usize,
    /// Operations (methods, builders).
    pub operations: usize,
    /// Properties of every schema, and parameters (fields, setters).
    pub properties: usize,
    /// Enum values (variants).
    pub values: usize,
}

impl Size {
    /// The weight of a spec: a property or an enum value weighs 1, a type 3, an operation 14,
    /// in proportion to what each costs to generate.
    pub fn weight(&self) -> usize {
        self.types * 3 + self.operations * 14 + self.properties + self.values
    }
}

/// Count what `doc` asks for.
pub fn size(doc: &Value) -> Size {
    size_of(doc, &all_schemas(doc))
}

/// [`size`], given the document's [`all_schemas`].
fn size_of(doc: &Value, all: &[(String, &Value)]) -> Size {
    let mut size = Size {
        types: doc["components"]["schemas"]
            .as_object()
            .map_or(0, |c| c.len()),
        ..Size::default()
    };
    for (p, s) in all {
        let has = |k: &str| s.get(k).is_some();
        if !is_component(p)
            && ["properties", "enum", "oneOf", "anyOf", "allOf"]
                .iter()
                .any(|k| has(k))
        {
            size.types += 1;
        }
        size.properties += s["properties"].as_object().map_or(0, |o| o.len());
        size.values += s["enum"].as_array().map_or(0, Vec::len);
    }
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, i)| i)
    {
        let ops = METHODS.iter().filter_map(|m| item.get(*m));
        for op in ops {
            size.operations += 1;
            size.properties += op["parameters"].as_array().map_or(0, Vec::len);
        }
        size.properties += item["parameters"].as_array().map_or(0, Vec::len);
    }
    size
}

fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}

/// Report a spec that weighs more than `limit`.
pub(super) fn check(doc: &Value, all: &[(String, &Value)], sink: &mut Sink, limit: usize) {
    let size = size_of(doc, all);
    let weight = size.weight();
    if weight > limit {
        let Size {
            types,
            operations,
            properties,
            values,
        } = size;
        sink.report(
            "",
            Rule::TooLarge,
            format!(
                "the spec asks for {types} types, {operations} operations, {properties} properties and parameters and {values} enum values: a weight of {weight}, more than the {limit} one client may have (a type weighs 3, an operation 14, the others 1)"
            ),
            "split the API into several specs, or name repeated inline objects as components and refer to them with `$ref`",
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
    fn weighs_types_operations_properties_and_values() {
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
        let size = size(&d);
        let expected = Size {
            // Item, Name, the state enum, the response object, Item.size.
            types: 5,
            operations: 1,
            // item; id, size, tags; w; two parameters.
            properties: 7,
            values: 2,
        };
        assert_eq!(size, expected);
        assert_eq!(size.weight(), 15 + 14 + 7 + 2);
        let mut sink = Sink::new("t.yaml", None);
        let all = all_schemas(&d);
        check(&d, &all, &mut sink, 38);
        assert!(!sink.has_errors());
        check(&d, &all, &mut sink, 37);
        let found = sink.into_vec();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::TooLarge);
        assert!(found[0]
            .message
            .contains("a weight of 38, more than the 37 "));
    }
}
