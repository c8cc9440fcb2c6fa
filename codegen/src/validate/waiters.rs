//! Our extension `x-waiters` on a polled operation: each waiter's acceptors checked against
//! the operation's success response schema, and its timing.
//!
//! ```yaml
//! x-waiters:
//!   database_active:                 # Client::wait_until_database_active
//!     description: Until the database is ACTIVE.
//!     acceptors:
//!       - {state: success, pointer: /status, values: [ACTIVE]}
//!       - {state: failure, pointer: /status, values: [ERROR, TERMINATED]}
//!       - {state: success, status: 404}           # an HTTP status (success or failure)
//!     message: /message              # optional: the resource's own message
//!     min_delay: 5                   # seconds: the first delay between polls
//!     max_delay: 30                  # seconds: where backoff stops growing
//!     max_wait: 1200                 # seconds: the default maximum wait
//! ```
//!
//! A pointer that the response does not have, or a value its enum does not list, would
//! generate a waiter that never ends (or ends wrongly), so both are errors.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{join, Sink};
use crate::ir::{listed_values, success_schema, value_text, METHODS};
use crate::refs::schema_at;
use crate::rules::Rule;

const RULE: Rule = Rule::BadWaiter;
const KEYS: [&str; 6] = [
    "description",
    "acceptors",
    "message",
    "min_delay",
    "max_delay",
    "max_wait",
];

/// Check every operation's `x-waiters`; waiter names are unique in the API.
pub(super) fn check(doc: &Value, sink: &mut Sink) {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(waiters) = item.get(method).and_then(|op| op.get("x-waiters")) else {
                continue;
            };
            let ptr = join(&join(&join("/paths", path), method), "x-waiters");
            let Some(map) = waiters.as_object() else {
                sink.report(
                    &ptr,
                    RULE,
                    "`x-waiters` is not a mapping",
                    "map each waiter's name to its declaration (see specs/CONVENTIONS.md)",
                );
                continue;
            };
            let op = &item[method];
            if method != "get" || op.get("requestBody").is_some() {
                sink.report(
                    &ptr,
                    RULE,
                    format!(
                        "waiters poll with GET and no body; this is a {} operation",
                        method.to_uppercase()
                    ),
                    "declare the waiter on the operation that reads the resource",
                );
                continue;
            }
            for (name, w) in map {
                let p = join(&ptr, name);
                if let Some(prev) = names.insert(name.clone(), p.clone()) {
                    sink.report(
                        &p,
                        RULE,
                        format!("a waiter named `{name}` is already declared at {prev}"),
                        "give each waiter of the API its own name",
                    );
                }
                waiter(doc, op, (name, &p), w, sink);
            }
        }
    }
}

/// One waiter.
fn waiter(doc: &Value, op: &Value, (name, ptr): (&str, &str), w: &Value, sink: &mut Sink) {
    let snake = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake {
        sink.report(
            ptr,
            RULE,
            format!("waiter name `{name}` is not snake_case"),
            "name it like `database_active` (the method is `wait_until_database_active`)",
        );
    }
    let Some(map) = w.as_object() else {
        sink.report(
            ptr,
            RULE,
            "a waiter is not a mapping",
            "give it `acceptors`, `min_delay`, `max_delay` and `max_wait`",
        );
        return;
    };
    for key in map.keys().filter(|k| !KEYS.contains(&k.as_str())) {
        sink.report(
            &join(ptr, key),
            RULE,
            format!("a waiter has no key `{key}`"),
            format!("use {}", KEYS.join(", ")),
        );
    }
    timing(ptr, w, sink);
    let schema = success_schema(doc, op);
    if schema.is_none() {
        sink.report(
            ptr,
            RULE,
            "the operation has no JSON success response to poll",
            "declare waiters on an operation whose 2xx response is JSON",
        );
    }
    if let (Some(schema), Some(message)) = (schema, w.get("message")) {
        let mp = join(ptr, "message");
        match message.as_str().map(|m| schema_at(doc, schema, m)) {
            Some(Ok(node)) if node["type"] == "string" => {}
            Some(Ok(_)) => sink.report(
                &mp,
                RULE,
                "`message` does not point at a string",
                "point at the resource's message field, or remove `message`",
            ),
            Some(Err(token)) => sink.report(
                &mp,
                RULE,
                format!(
                    "the success response has no field `{token}` on the way to `{}`",
                    message.as_str().unwrap_or_default()
                ),
                "fix the pointer (RFC 6901, `/a/b`), or remove `message`",
            ),
            None => sink.report(
                &mp,
                RULE,
                "`message` is not a JSON pointer",
                "write a pointer such as `/message`",
            ),
        }
    }
    acceptors(doc, op, schema, ptr, &w["acceptors"], sink);
}

/// `min_delay <= max_delay <= max_wait`, whole seconds above zero.
fn timing(ptr: &str, w: &Value, sink: &mut Sink) {
    let mut seconds = Vec::new();
    for key in ["min_delay", "max_delay", "max_wait"] {
        match w.get(key).map(|v| v.as_u64().filter(|n| *n > 0)) {
            Some(Some(n)) => seconds.push(n),
            Some(None) => sink.report(&join(ptr, key), RULE, format!("`{key}` is not a whole number of seconds above zero"), "write seconds, such as `5`"),
            None => sink.report(ptr, RULE, format!("the waiter has no `{key}`"), "give `min_delay`, `max_delay` and `max_wait` in seconds, from the vendor's own tools where they say"),
        }
    }
    if let [min, max, wait] = seconds[..] {
        if min > max || max > wait {
            sink.report(
                ptr,
                RULE,
                format!("min_delay ≤ max_delay ≤ max_wait does not hold: {min}, {max}, {wait}"),
                "the first delay grows to the maximum delay, and both fit in the maximum wait",
            );
        }
    }
}

/// The acceptors: a list, at least one success, each a pointer with values or a status.
fn acceptors(
    doc: &Value,
    op: &Value,
    schema: Option<&Value>,
    ptr: &str,
    list: &Value,
    sink: &mut Sink,
) {
    let ap = join(ptr, "acceptors");
    let Some(list) = list.as_array().filter(|l| !l.is_empty()) else {
        sink.report(
            &ap,
            RULE,
            "a waiter needs a non-empty list of `acceptors`",
            "list at least one `{state: success, pointer: /status, values: [READY]}`",
        );
        return;
    };
    if !list.iter().any(|a| a["state"] == "success") {
        sink.report(
            &ap,
            RULE,
            "no acceptor has `state: success`: the wait could only fail or time out",
            "add the state that means the resource is ready",
        );
    }
    for (i, a) in list.iter().enumerate() {
        let p = format!("{ap}/{i}");
        if !matches!(a["state"].as_str(), Some("success" | "failure" | "retry")) {
            sink.report(
                &p,
                RULE,
                "an acceptor's `state` must be success, failure or retry",
                "set `state`",
            );
        }
        let extra = a
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
            .find(|k| !matches!(k.as_str(), "state" | "pointer" | "values" | "status"));
        if let Some(k) = extra {
            sink.report(
                &join(&p, k),
                RULE,
                format!("an acceptor has no key `{k}`"),
                "use `state` with `pointer` and `values`, or with `status`",
            );
        }
        match (a.get("status"), a.get("pointer")) {
            (Some(status), None) => status_acceptor(op, &p, a, status, sink),
            (None, Some(pointer)) => value_acceptor(doc, schema, &p, pointer, &a["values"], sink),
            _ => sink.report(
                &p,
                RULE,
                "an acceptor needs either `pointer` and `values`, or `status`",
                "match a field of the body, or an HTTP status",
            ),
        }
    }
}

fn status_acceptor(op: &Value, p: &str, a: &Value, status: &Value, sink: &mut Sink) {
    let Some(code) = status.as_u64().filter(|c| (100..600).contains(c)) else {
        sink.report(
            &join(p, "status"),
            RULE,
            "`status` is not an HTTP status code",
            "write a code such as `404`",
        );
        return;
    };
    if a["state"] == "retry" {
        sink.report(
            p,
            RULE,
            "an HTTP status can mean success or failure, not retry",
            "the runtime already retries 429 and 5xx; remove this acceptor",
        );
    }
    let documented =
        op["responses"].get(code.to_string()).is_some() || op["responses"].get("default").is_some();
    if !documented {
        sink.report(
            &join(p, "status"),
            RULE,
            format!("the operation documents no {code} response"),
            format!("document the `{code}` response, or fix the status"),
        );
    }
}

fn value_acceptor(
    doc: &Value,
    schema: Option<&Value>,
    p: &str,
    pointer: &Value,
    values: &Value,
    sink: &mut Sink,
) {
    let Some(pointer) = pointer.as_str() else {
        sink.report(
            &join(p, "pointer"),
            RULE,
            "`pointer` is not a JSON pointer",
            "write a pointer such as `/status`",
        );
        return;
    };
    let Some(values) = values.as_array().filter(|v| !v.is_empty()) else {
        sink.report(
            p,
            RULE,
            "an acceptor with a `pointer` needs a non-empty list of `values`",
            "list the values that mean this state",
        );
        return;
    };
    let Some(schema) = schema else { return };
    if let Err(token) = schema_at(doc, schema, pointer) {
        sink.report(
            &join(p, "pointer"),
            RULE,
            format!("the success response has no field `{token}` on the way to `{pointer}`"),
            "fix the pointer (RFC 6901, `/a/b`) to a field of the response",
        );
        return;
    }
    let Some(listed) = listed_values(doc, schema, pointer) else {
        sink.report(&join(p, "pointer"), RULE, format!("`{pointer}` is neither an enum nor a boolean in the success response"), "point at a field whose schema lists its values (`enum`), so that states can be checked");
        return;
    };
    for (i, v) in values.iter().enumerate() {
        match value_text(v) {
            Some(t) if listed.contains(&t) => {}
            Some(t) => sink.report(
                &format!("{p}/values/{i}"),
                RULE,
                format!(
                    "`{t}` is not a value of `{pointer}` (it lists {})",
                    listed.join(", ")
                ),
                "use a value the schema lists, or add it to the schema's enum if the API sends it",
            ),
            None => sink.report(
                &format!("{p}/values/{i}"),
                RULE,
                "a value must be a string, a number or a boolean",
                "write the value as the API sends it",
            ),
        }
    }
}
