//! Our extension `x-datacloud`: the environment variables a generated `from_env` reads.
//!
//! ```yaml
//! x-datacloud:
//!   env:
//!     token: ASTRA_DB_APPLICATION_TOKEN   # or username + password for HTTP Basic
//!     server:                             # one variable per server-URL `{variable}`
//!       databaseId: ASTRA_DB_ID
//!       region: ASTRA_DB_REGION
//! ```
//!
//! A typo here would silently generate a `from_env` that ignores the variable, so every key
//! and value is checked.
//!
//! And `x-facts: <source>` on a schema: its fields come from a public source other than the
//! document (the vendor's public spec, a public client). It is documentation for reviewers and
//! reaches the diff; it must be a non-empty string, and only on a schema, where it means
//! something.

use serde_json::Value;

use crate::diagnostic::{join, Sink};
use crate::rules::Rule;

const CREDENTIAL_KEYS: [&str; 3] = ["token", "username", "password"];

/// Check every `x-facts`: a non-empty string, on a schema.
pub(super) fn facts(doc: &Value, all: &[(String, &Value)], sink: &mut Sink) {
    let schemas: std::collections::HashSet<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
    for (pointer, node) in crate::walk::nodes(doc) {
        let Some(value) = node.get("x-facts") else {
            continue;
        };
        let at = join(&pointer, "x-facts");
        if !schemas.contains(pointer.as_str()) {
            sink.report(
                &at,
                Rule::BadFacts,
                "`x-facts` is only meaningful on a schema",
                "move it to the schema whose fields came from the public source, or remove it",
            );
        } else if value.as_str().is_none_or(|s| s.trim().is_empty()) {
            sink.report(
                &at,
                Rule::BadFacts,
                format!("`x-facts` is {value}, not the name of a source"),
                "name the public source of the schema's fields: `x-facts: Aiven public OpenAPI spec`",
            );
        }
    }
}

/// Check `x-datacloud`, when present.
pub(super) fn check(doc: &Value, sink: &mut Sink) {
    let Some(ext) = doc.get("x-datacloud") else {
        return;
    };
    let Some(ext) = ext.as_object() else {
        sink.report(
            "/x-datacloud",
            Rule::InvalidExtension,
            "`x-datacloud` is not a mapping",
            "write `x-datacloud: {env: {token: MY_API_TOKEN}}`, or remove it",
        );
        return;
    };
    for (key, value) in ext {
        let pointer = join("/x-datacloud", key);
        match key.as_str() {
            "env" => env(doc, &pointer, value, sink),
            _ => sink.report(
                &pointer,
                Rule::InvalidExtension,
                format!("`x-datacloud` has no key `{key}`"),
                "the only key is `env`; remove or rename this one",
            ),
        }
    }
}

fn env(doc: &Value, pointer: &str, value: &Value, sink: &mut Sink) {
    let Some(map) = value.as_object() else {
        sink.report(
            pointer,
            Rule::InvalidExtension,
            "`x-datacloud.env` is not a mapping",
            "map `token` (or `username` and `password`) and `server` to environment variable names",
        );
        return;
    };
    for (key, value) in map {
        let p = join(pointer, key);
        if CREDENTIAL_KEYS.contains(&key.as_str()) {
            variable_name(&p, value, sink);
        } else if key == "server" {
            server(doc, &p, value, sink);
        } else {
            sink.report(
                &p,
                Rule::InvalidExtension,
                format!("`x-datacloud.env` has no key `{key}`"),
                "use `token`, `username`, `password` or `server`",
            );
        }
    }
}

fn server(doc: &Value, pointer: &str, value: &Value, sink: &mut Sink) {
    let url = doc["servers"][0]["url"].as_str().unwrap_or_default();
    let declared = crate::ir::template_names(url);
    let Some(map) = value.as_object() else {
        sink.report(
            pointer,
            Rule::InvalidExtension,
            "`x-datacloud.env.server` is not a mapping",
            "map each `{variable}` of the first server URL to an environment variable name",
        );
        return;
    };
    for (name, value) in map {
        let p = join(pointer, name);
        if !declared.contains(name) {
            sink.report(
                &p,
                Rule::InvalidExtension,
                format!("the first server URL `{url}` has no variable `{{{name}}}`"),
                format!(
                    "map one of its variables ({}) or remove this key",
                    if declared.is_empty() {
                        "it has none".to_string()
                    } else {
                        declared.join(", ")
                    }
                ),
            );
        }
        variable_name(&p, value, sink);
    }
    for name in &declared {
        if !map.contains_key(name) {
            sink.report(
                pointer,
                Rule::InvalidExtension,
                format!("server variable `{{{name}}}` has no environment variable"),
                format!(
                    "add `{name}: SOME_ENV_VAR` here, so that `from_env` can fill the base URL"
                ),
            );
        }
    }
}

/// An environment variable name as shells write them: `[A-Za-z_][A-Za-z0-9_]*`.
fn variable_name(pointer: &str, value: &Value, sink: &mut Sink) {
    let ok = value.as_str().is_some_and(|s| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    if !ok {
        sink.report(
            pointer,
            Rule::InvalidExtension,
            format!("`{value}` is not an environment variable name"),
            "use a name such as `MY_API_TOKEN` (letters, digits and `_`, not starting with a digit)",
        );
    }
}
