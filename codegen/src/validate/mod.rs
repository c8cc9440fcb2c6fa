//! Stage 2, `validate`: everything that would make progenitor/typify panic, or silently
//! generate a wrong client, is reported here first, with the file, the JSON pointer and a fix.

mod depth;
mod extensions;
mod operations;
mod references;
mod schemas;
mod servers;
mod size;
mod structure;
mod waiters;

pub use references::MAX_REF_CHAIN;
pub use schemas::all_schemas;
pub(crate) use schemas::canonical;
pub use size::{size, Size, MAX_WEIGHT};
pub(crate) use structure::short;
pub use structure::MAX_SCHEMA_DEPTH;

use serde_json::Value;

use crate::diagnostic::Sink;
use crate::rules::Rule;

/// Check a loaded document. Findings go to `sink`.
pub fn validate(doc: &Value, sink: &mut Sink) {
    if !version(doc, sink) {
        return;
    }
    let refs = structure::check(doc, sink);
    no_operations(doc, sink);
    references::check(doc, &refs, sink);
    if sink.has_errors() {
        // Later checks read fields by their OpenAPI types and follow references; they need
        // both sound.
        return;
    }
    servers::check(doc, sink);
    operations::check(doc, sink);
    // Every schema with its pointer, listed once for the checks that visit them all.
    let all = all_schemas(doc);
    schemas::check(doc, &all, sink);
    depth::check(doc, &all, sink);
    size::check(doc, &all, sink, MAX_WEIGHT);
    security(doc, sink);
    extensions::check(doc, sink);
    extensions::facts(doc, &all, sink);
    waiters::check(doc, sink);
}

fn version(doc: &Value, sink: &mut Sink) -> bool {
    if !doc.is_object() {
        sink.report(
            "",
            Rule::NotOpenapi,
            "the document is not a mapping",
            "write an OpenAPI 3.0 document with `openapi: 3.0.3` at the top",
        );
        return false;
    }
    if doc.get("swagger").is_some() {
        sink.report(
            "/swagger",
            Rule::UnsupportedVersion,
            "this is a Swagger 2.0 document; only OpenAPI 3.0.x is supported",
            "convert it to OpenAPI 3.0 (for example with swagger2openapi) and set `openapi: 3.0.3`",
        );
        return false;
    }
    match doc.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0.") => true,
        Some(Value::String(v)) if v.starts_with("3.1") => {
            sink.report(
                "/openapi",
                Rule::UnsupportedVersion,
                format!("OpenAPI {v} is not supported; only 3.0.x is"),
                "write the spec as OpenAPI 3.0.3 (`nullable: true` instead of `type: [x, 'null']`, `example` instead of `examples`)",
            );
            false
        }
        Some(other) => {
            sink.report(
                "/openapi",
                Rule::UnsupportedVersion,
                format!("`openapi: {other}` is not a supported version"),
                "set `openapi: 3.0.3` (quoted if YAML reads it as a number)",
            );
            false
        }
        None => {
            sink.report(
                "",
                Rule::NotOpenapi,
                "no `openapi` field: this is not an OpenAPI document",
                "add `openapi: 3.0.3` at the top",
            );
            false
        }
    }
}

/// A spec without operations generates nothing; saying so is more helpful than an empty
/// client.
fn no_operations(doc: &Value, sink: &mut Sink) {
    if doc["paths"]
        .as_object()
        .map(|p| p.is_empty())
        .unwrap_or(true)
    {
        sink.report(
            "/paths",
            Rule::NoOperations,
            "the spec has no paths",
            "add at least one operation under `paths`",
        );
    }
}

/// The names of the schemes a requirement of the document or of an operation uses.
fn used_schemes(doc: &Value) -> std::collections::BTreeSet<&str> {
    let names = |reqs: &'_ Value| -> Vec<String> {
        reqs.as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .flat_map(|o| o.keys().cloned())
            .collect()
    };
    let mut used: std::collections::BTreeSet<String> =
        names(&doc["security"]).into_iter().collect();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, v)| v)
    {
        for method in crate::ir::METHODS {
            used.extend(names(&item[method]["security"]));
        }
    }
    doc["components"]["securitySchemes"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .filter(|k| used.contains(*k))
        .collect()
}

fn security(doc: &Value, sink: &mut Sink) {
    let schemes = doc["components"]["securitySchemes"].as_object();
    let check_requirements = |pointer: &str, reqs: &Value, sink: &mut Sink| {
        for (i, req) in reqs.as_array().into_iter().flatten().enumerate() {
            for name in req.as_object().into_iter().flatten().map(|(k, _)| k) {
                if schemes.map(|s| !s.contains_key(name)).unwrap_or(true) {
                    sink.report(
                        &format!("{pointer}/{i}"),
                        Rule::UnknownSecurityScheme,
                        format!("security requirement names `{name}`, which components.securitySchemes does not define"),
                        format!("define `{name}` under components.securitySchemes or fix the name"),
                    );
                }
            }
        }
    };
    check_requirements("/security", &doc["security"], sink);
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in crate::ir::METHODS {
            if let Some(op) = item.get(method) {
                if let Some(reqs) = op.get("security") {
                    let p = format!(
                        "{}/{method}/security",
                        crate::diagnostic::join("/paths", path)
                    );
                    check_requirements(&p, reqs, sink);
                }
            }
        }
    }
    let used = used_schemes(doc);
    let global: Vec<&str> = doc["security"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r.as_object())
        .flat_map(|o| o.keys().map(String::as_str))
        .collect();
    if global.len() > 1 {
        sink.report(
            "/security",
            Rule::UnsupportedSecurity,
            "more than one security scheme is required globally; the client supports one",
            "keep the one scheme clients use (others can be described in prose)",
        );
    }
    for (name, scheme) in schemes.into_iter().flatten() {
        let p = crate::diagnostic::join("/components/securitySchemes", name);
        let ok = match scheme["type"].as_str() {
            Some("http") => matches!(
                scheme["scheme"]
                    .as_str()
                    .map(|s| s.to_ascii_lowercase())
                    .as_deref(),
                Some("basic" | "bearer")
            ),
            Some("apiKey") => scheme["in"] == "header",
            // The client sends an OAuth 2 or OpenID Connect access token as a bearer token.
            Some("oauth2" | "openIdConnect") => true,
            _ => false,
        };
        if !ok && used.contains(name.as_str()) {
            sink.report(
                &p,
                Rule::UnsupportedSecurity,
                "only HTTP basic, HTTP bearer, OAuth 2 / OpenID Connect (as a bearer token) and header API keys are supported",
                "describe the credentials as one of those schemes",
            );
        }
    }
}
