//! Every `example` in every spec validates against its own schema: parameter examples,
//! request and response samples, and schema-level examples. A spec whose samples contradict
//! its schemas would make the contract tests prove the wrong thing.

use std::path::Path;

use datacloud_codegen::ir::{Mode, Schema};
use datacloud_codegen::load::load_str;
use datacloud_codegen::registry::APIS;
use serde_json::{json, Map, Value};

/// `(pointer of the example, example, schema)` for every example in the document.
fn examples(doc: &Value) -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), doc)];
    while let Some((p, node)) = stack.pop() {
        match node {
            Value::Object(o) => {
                if let (Some(example), Some(schema)) = (o.get("example"), o.get("schema")) {
                    // A parameter or a media type.
                    out.push((format!("{p}/example"), example.clone(), schema.clone()));
                } else if let Some(example) = o.get("example") {
                    // A schema with its own example.
                    if o.contains_key("type")
                        || o.contains_key("properties")
                        || o.contains_key("$ref")
                        || o.contains_key("enum")
                    {
                        let mut schema = o.clone();
                        schema.remove("example");
                        out.push((
                            format!("{p}/example"),
                            example.clone(),
                            Value::Object(schema),
                        ));
                    }
                }
                for (k, v) in o {
                    if k != "example" && k != "examples" {
                        stack.push((
                            format!("{p}/{}", k.replace('~', "~0").replace('/', "~1")),
                            v,
                        ));
                    }
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    stack.push((format!("{p}/{i}"), v));
                }
            }
            _ => {}
        }
    }
    out
}

/// The JSON Schema of an OpenAPI schema, as strict as the spec writes it.
fn to_json_schema(schema: &Value) -> Value {
    Schema::from_value(schema).to_json_schema(Mode::Plain)
}

/// A JSON Schema document for `schema` in which `#/components/schemas/X` resolves.
fn with_components(doc: &Value, schema: &Value) -> Value {
    let components: Map<String, Value> = doc["components"]["schemas"]
        .as_object()
        .map(|s| {
            s.iter()
                .map(|(k, v)| (k.clone(), to_json_schema(v)))
                .collect()
        })
        .unwrap_or_default();
    let mut root = match to_json_schema(schema) {
        Value::Object(o) => o,
        other => return other,
    };
    if root.contains_key("$ref") {
        // A `$ref` beside other keywords is awkward across drafts; wrap it so `components` stays visible.
        root = Map::from_iter([("allOf".to_string(), json!([Value::Object(root)]))]);
    }
    root.insert("components".into(), json!({ "schemas": components }));
    Value::Object(root)
}

/// Validate every example of `doc`; returns how many were checked and what failed.
fn check(spec: &str, doc: &Value) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    {
        let api = spec;
        for (pointer, example, schema) in examples(doc) {
            let schema = with_components(doc, &schema);
            let validator = match jsonschema::options()
                .with_draft(jsonschema::Draft::Draft201909)
                .should_validate_formats(true)
                .build(&schema)
            {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!("{api}{pointer}: schema does not compile: {e}"));
                    continue;
                }
            };
            checked += 1;
            for error in validator.iter_errors(&example) {
                failures.push(format!(
                    "{api}{pointer}: {error} (at {})",
                    error.instance_path()
                ));
            }
        }
    }
    (checked, failures)
}

#[test]
fn every_example_fits_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for api in APIS {
        let text = std::fs::read_to_string(root.join(api.spec)).expect("spec is readable");
        let doc = load_str(api.spec, &text).expect("spec loads").value;
        let (n, f) = check(api.spec, &doc);
        checked += n;
        failures.extend(f);
    }
    assert!(
        checked > 500,
        "only {checked} examples found: the walk is broken"
    );
    assert!(
        failures.is_empty(),
        "{} examples do not fit their schemas:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} examples fit their schemas");
}

#[test]
fn a_wrong_example_is_caught() {
    let doc = json!({
        "paths": {"/x": {"get": {"parameters": [{"name": "id", "in": "query", "schema": {"type": "string", "format": "uuid"}, "example": "not-a-uuid"}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"}, "example": {"size": "large"}}}}}}}},
        "components": {"schemas": {"Thing": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "size": {"type": "integer", "nullable": true}}}}}
    });
    let (checked, failures) = check("t.yaml", &doc);
    assert_eq!(checked, 2);
    assert_eq!(failures.len(), 3, "{failures:#?}");
    assert!(failures.iter().any(|f| f.contains("uuid")), "{failures:#?}");
    assert!(failures.iter().any(|f| f.contains("name")), "{failures:#?}");
}
