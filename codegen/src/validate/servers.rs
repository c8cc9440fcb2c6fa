//! Server URLs: every `{variable}` of a URL is declared under the server's `variables`, as
//! OpenAPI 3.0 requires, and each variable's default is one of its allowed values. The
//! generated client fills the base URL from these declarations (and from `x-datacloud`, which
//! `extensions.rs` checks against them).

use serde_json::Value;

use crate::diagnostic::{join, Sink};
use crate::ir::{template_names, METHODS};
use crate::rules::Rule;

/// Check the servers of the document, of every path and of every operation.
pub(super) fn check(doc: &Value, sink: &mut Sink) {
    servers(&doc["servers"], "/servers", sink);
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        let item_ptr = join("/paths", path);
        servers(&item["servers"], &join(&item_ptr, "servers"), sink);
        for method in METHODS {
            if let Some(op) = item.get(method) {
                let ptr = join(&join(&item_ptr, method), "servers");
                servers(&op["servers"], &ptr, sink);
            }
        }
    }
}

fn servers(list: &Value, pointer: &str, sink: &mut Sink) {
    for (i, server) in list.as_array().into_iter().flatten().enumerate() {
        let ptr = format!("{pointer}/{i}");
        let url = server["url"].as_str().unwrap_or_default();
        if url.matches('{').count() != url.matches('}').count() || url.contains("{}") {
            sink.report(
                &join(&ptr, "url"),
                Rule::BadServerUrl,
                format!("server URL `{url}` has unbalanced or empty braces"),
                "write each server variable as `{name}`",
            );
            continue;
        }
        let variables = server["variables"].as_object();
        for name in template_names(url) {
            if variables.is_none_or(|v| !v.contains_key(&name)) {
                sink.report(
                    &join(&ptr, "url"),
                    Rule::UndeclaredServerVariable,
                    format!("server URL `{url}` uses `{{{name}}}`, which `variables` does not declare"),
                    format!("declare it under the server: `variables: {{{name}: {{default: <value>}}}}`"),
                );
            }
        }
        for (name, variable) in variables.into_iter().flatten() {
            default_in_enum(&join(&join(&ptr, "variables"), name), variable, sink);
        }
    }
}

/// A default outside the variable's `enum` would make the client's base URL one the server
/// does not offer.
fn default_in_enum(pointer: &str, variable: &Value, sink: &mut Sink) {
    let (Some(default), Some(values)) = (variable["default"].as_str(), variable["enum"].as_array())
    else {
        return;
    };
    if values.is_empty() {
        sink.report(
            &join(pointer, "enum"),
            Rule::BadServerVariable,
            "the variable's `enum` is empty: no value is allowed",
            "list the allowed values, or remove `enum`",
        );
    } else if !values.iter().any(|v| v == default) {
        sink.report(
            &join(pointer, "default"),
            Rule::BadServerVariable,
            format!("default `{default}` is not one of the variable's `enum` values"),
            "make the default one of the allowed values",
        );
    }
}
