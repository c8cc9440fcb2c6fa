//! Paths, parameters, bodies and responses.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::{join, Sink};
use crate::ir::{rust_param_name, template_names, METHODS};
use crate::refs::resolve;
use crate::rules::Rule;
use crate::util::is_json;

/// Check every operation.
pub fn check(doc: &Value, sink: &mut Sink) {
    let mut operation_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut routes: BTreeMap<(String, String), String> = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        let item_ptr = join("/paths", path);
        if !path.starts_with('/') {
            sink.report(
                &item_ptr,
                Rule::PathWithoutSlash,
                format!("path `{path}` does not start with `/`"),
                format!("write it as `/{path}`"),
            );
            continue;
        }
        if path.matches('{').count() != path.matches('}').count() || path.contains("{}") {
            sink.report(
                &item_ptr,
                Rule::BadPathTemplate,
                format!("path `{path}` has unbalanced or empty braces"),
                "write parameters as `{name}`",
            );
            continue;
        }
        if let Some(problem) = literal_problem(path) {
            sink.report(
                &item_ptr,
                Rule::BadPathTemplate,
                format!("path `{path}` {problem}"),
                "write the literal part of a path with letters, digits and `-._~` (percent-encode anything else), and no `.` or `..` segment",
            );
            continue;
        }
        let shape = template_names(path)
            .iter()
            .fold(path.clone(), |p, n| p.replace(&format!("{{{n}}}"), "{}"));
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let op_ptr = join(&item_ptr, method);
            if let Some(prev) = routes.insert((method.to_string(), shape.clone()), op_ptr.clone()) {
                sink.report(
                    &op_ptr,
                    Rule::DuplicateRoute,
                    format!(
                        "{} {path} is the same route as {prev}",
                        method.to_uppercase()
                    ),
                    "merge the two operations or change one path",
                );
            }
            if let Some(id) = op["operationId"].as_str() {
                if let Some(prev) = operation_ids.insert(id.to_string(), op_ptr.clone()) {
                    sink.report(
                        &join(&op_ptr, "operationId"),
                        Rule::DuplicateOperationId,
                        format!("operationId `{id}` is already used at {prev}"),
                        "give each operation its own operationId",
                    );
                }
            }
            parameters(doc, path, item, op, &op_ptr, sink);
            request_body(doc, op, &op_ptr, sink);
            responses(op, &op_ptr, sink);
            extensions(op, &op_ptr, sink);
        }
    }
}

/// The parameters that apply to an operation: the path item's and the operation's (which
/// override those of the same name and location), resolved, with their pointers.
type Effective<'a> = BTreeMap<(String, String), (String, &'a Value)>;

fn effective<'a>(
    doc: &'a Value,
    item: &'a Value,
    op: &'a Value,
    op_ptr: &str,
    sink: &mut Sink,
) -> Effective<'a> {
    let mut effective: Effective<'a> = BTreeMap::new();
    let item_ptr = op_ptr.rsplit_once('/').map(|(a, _)| a).unwrap_or("");
    for (list, base) in [
        (&item["parameters"], format!("{item_ptr}/parameters")),
        (&op["parameters"], format!("{op_ptr}/parameters")),
    ] {
        let mut in_this_list = BTreeSet::new();
        for (i, p) in list.as_array().into_iter().flatten().enumerate() {
            let ptr = format!("{base}/{i}");
            let p = resolve(doc, p);
            let (Some(name), Some(location)) = (p["name"].as_str(), p["in"].as_str()) else {
                sink.report(
                    &ptr,
                    Rule::BadParameter,
                    "a parameter needs `name` and `in`",
                    "add both",
                );
                continue;
            };
            if !in_this_list.insert((name.to_string(), location.to_string())) {
                sink.report(
                    &ptr,
                    Rule::DuplicateParameter,
                    format!("parameter `{name}` in {location} is declared twice"),
                    "remove one of the two declarations",
                );
            }
            effective.insert((name.to_string(), location.to_string()), (ptr, p));
        }
    }
    effective
}

/// Where a parameter goes: a location the client supports, a path parameter in the path and
/// required, a header name that HTTP allows.
fn location(
    path: &str,
    names: &[String],
    (name, location): (&str, &str),
    ptr: &str,
    p: &Value,
    sink: &mut Sink,
) {
    match location {
        "path" => {
            if !names.iter().any(|n| n == name) {
                sink.report(
                    ptr,
                    Rule::UnusedPathParameter,
                    format!("path parameter `{name}` does not appear in `{path}`"),
                    format!("add `{{{name}}}` to the path or remove the parameter"),
                );
            }
            if p["required"] != Value::Bool(true) {
                sink.report(
                    ptr,
                    Rule::OptionalPathParameter,
                    format!("path parameter `{name}` is not `required: true`"),
                    "path parameters are always required: add `required: true`",
                );
            }
        }
        "header" if !is_token(name) => sink.report(
            ptr,
            Rule::BadParameter,
            format!("header parameter {name:?} is not a valid HTTP header name"),
            "name the header with letters, digits and `-` (RFC 9110 token characters)",
        ),
        "query" | "header" => {}
        "cookie" => sink.report(
            ptr,
            Rule::UnsupportedParameter,
            format!("cookie parameter `{name}` is not supported"),
            "send it as a header parameter named `Cookie`, or drop it",
        ),
        other => sink.report(
            ptr,
            Rule::BadParameter,
            format!("`in: {other}` is not a parameter location"),
            "use path, query or header",
        ),
    }
}

/// Whether `name` is an HTTP token (RFC 9110), as a header name must be.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// How a parameter's value is written: a schema, the default style, no objects, arrays only
/// in the query. Returns whether it has a schema to check further.
fn shape(
    doc: &Value,
    (name, location): (&str, &str),
    ptr: &str,
    p: &Value,
    sink: &mut Sink,
) -> bool {
    let Some(schema) = parameter_schema(doc, (name, location), ptr, p, sink) else {
        return false;
    };
    let expected = if location == "query" {
        "form"
    } else {
        "simple"
    };
    let style = p["style"].as_str().unwrap_or(expected);
    if style != expected {
        sink.report(
            ptr,
            Rule::UnsupportedParameterStyle,
            format!("parameter `{name}` uses style `{style}`"),
            format!("use the default style `{expected}` for {location} parameters"),
        );
    }
    let ty = schema["type"].as_str();
    // A query parameter that is an object is sent as JSON text (as Stargate's `where` is).
    if crate::util::is_object(schema) && location != "query" {
        sink.report(
            ptr,
            Rule::UnsupportedParameterStyle,
            format!("{location} parameter `{name}` is an object"),
            "split it into one parameter per field, or pass it as a JSON string",
        );
    }
    if ty == Some("array") {
        array_parameter(doc, (name, location), ptr, p, schema, sink);
    }
    true
}

/// The schema of a parameter: its `schema`, or that of its one JSON `content` media type
/// (sent as JSON text, in the query only).
fn parameter_schema<'a>(
    doc: &'a Value,
    (name, location): (&str, &str),
    ptr: &str,
    p: &'a Value,
    sink: &mut Sink,
) -> Option<&'a Value> {
    if let Some(schema) = p.get("schema") {
        return Some(resolve(doc, schema));
    }
    let content = p.get("content").and_then(Value::as_object);
    let json = content
        .filter(|c| c.len() == 1 && location == "query")
        .and_then(|c| c.iter().next())
        .filter(|(mt, media)| is_json(mt) && media.get("schema").is_some());
    match json {
        Some((_, media)) => Some(resolve(doc, &media["schema"])),
        None => {
            let what = if content.is_some() {
                "uses `content` other than one `application/json` media type with a `schema` in the query"
            } else {
                "has no `schema`"
            };
            sink.report(
                ptr,
                Rule::UnsupportedParameter,
                format!("parameter `{name}` {what}"),
                "describe the parameter with `schema` (a query parameter may instead have `content: {application/json: {schema: ...}}`, sent as JSON text)",
            );
            None
        }
    }
}

/// An array parameter: in the query (repeated or comma-separated) or in one path segment,
/// comma-separated (`style: simple`), of scalars.
fn array_parameter(
    doc: &Value,
    (name, location): (&str, &str),
    ptr: &str,
    p: &Value,
    schema: &Value,
    sink: &mut Sink,
) {
    let items = resolve(doc, &schema["items"]);
    let scalar = !matches!(items["type"].as_str(), Some("array" | "object"))
        && items.get("properties").is_none();
    let problem = match location {
        "header" => Some("header parameter `{name}` is an array"),
        "path" if p["x-multi-segment"] == Value::Bool(true) => {
            Some("multi-segment path parameter `{name}` is an array")
        }
        "path" | "query" if !scalar => Some("array parameter `{name}` holds arrays or objects"),
        _ => None,
    };
    if let Some(problem) = problem {
        sink.report(
            ptr,
            Rule::UnsupportedParameterStyle,
            problem.replace("{name}", name),
            "use an array of strings, numbers or booleans in the path or the query, or a string and join the values yourself",
        );
    }
}

/// Our extensions on a parameter: `x-omit` with a reason and only on optional ones,
/// `x-multi-segment` only on path ones.
fn parameter_extensions((name, location): (&str, &str), ptr: &str, p: &Value, sink: &mut Sink) {
    if let Some(omit) = p.get("x-omit") {
        if omit.as_str().is_none_or(|r| r.trim().is_empty()) {
            sink.report(
                ptr,
                Rule::BadExtension,
                "`x-omit` must be a sentence saying why the client leaves the parameter out",
                "write `x-omit: <reason>`, which the method's documentation shows",
            );
        } else if p["required"] == Value::Bool(true) || location == "path" {
            sink.report(
                ptr,
                Rule::BadExtension,
                format!("required parameter `{name}` cannot be omitted"),
                "remove `x-omit`, or make the parameter optional if the API allows it",
            );
        }
    }
    if p["x-multi-segment"] == Value::Bool(true) && location != "path" {
        sink.report(
            ptr,
            Rule::BadExtension,
            "`x-multi-segment` only applies to path parameters",
            "remove it",
        );
    }
}

fn parameters(doc: &Value, path: &str, item: &Value, op: &Value, op_ptr: &str, sink: &mut Sink) {
    let effective = effective(doc, item, op, op_ptr, sink);
    let names = template_names(path);
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    for ((name, loc), (ptr, p)) in &effective {
        let key = (name.as_str(), loc.as_str());
        location(path, &names, key, ptr, p, sink);
        if !shape(doc, key, ptr, p, sink) {
            continue;
        }
        let rust = rust_param_name(name);
        if let Some(prev) = rust_names.insert(rust.clone(), name.clone()) {
            sink.report(
                ptr,
                Rule::ParameterNameCollision,
                format!("parameters `{prev}` and `{name}` both become `{rust}` in Rust"),
                "rename one of them",
            );
        }
        parameter_extensions(key, ptr, p, sink);
    }
    // A `{name}` that no parameter declares is the `undeclared-path-parameter` repair's.
}

/// Media types a request body may have.
fn supported_request(mt: &str) -> bool {
    is_json(mt) || crate::util::is_text(mt) || mt == "application/octet-stream"
}

fn request_body(doc: &Value, op: &Value, op_ptr: &str, sink: &mut Sink) {
    let Some(body) = op.get("requestBody") else {
        return;
    };
    let ptr = format!("{op_ptr}/requestBody");
    let body = resolve(doc, body);
    let Some(content) = body["content"].as_object().filter(|c| !c.is_empty()) else {
        sink.report(
            &ptr,
            Rule::EmptyRequestBody,
            "the request body has no `content`",
            "add `content: {application/json: {schema: ...}}` or remove the body",
        );
        return;
    };
    if !content.keys().any(|mt| supported_request(mt)) {
        let types: Vec<&String> = content.keys().collect();
        sink.report(
            &ptr,
            Rule::UnsupportedMediaType,
            format!("request media types {types:?} are not supported"),
            "use application/json (text/plain for text, application/octet-stream for raw bytes)",
        );
    }
}

fn responses(op: &Value, op_ptr: &str, sink: &mut Sink) {
    let ptr = format!("{op_ptr}/responses");
    // An operation without responses is the `no-responses` repair's.
    let Some(responses) = op["responses"].as_object() else {
        return;
    };
    // `content: {}` is valid OpenAPI and means what no `content` means: no body (the IR
    // reads both as `BodyKind::None`).
    for code in responses.keys() {
        let valid = code == "default"
            || (code.len() == 3
                && (code.bytes().all(|b| b.is_ascii_digit())
                    || code[1..].eq_ignore_ascii_case("XX")));
        if !valid {
            sink.report(
                &join(&ptr, code),
                Rule::BadStatusCode,
                format!("`{code}` is not a status code"),
                "use a three-digit code, `2XX`-style range or `default`",
            );
        }
    }
}

fn extensions(op: &Value, op_ptr: &str, sink: &mut Sink) {
    if let Some(r) = op.get("x-route") {
        if r != "inferred" {
            sink.report(
                &format!("{op_ptr}/x-route"),
                Rule::BadExtension,
                "`x-route` may only be `inferred`",
                "write `x-route: inferred` or remove it",
            );
        }
    }
    let Some(p) = op.get("x-pagination") else {
        return;
    };
    let ptr = format!("{op_ptr}/x-pagination");
    let needs: &[&str] = match p["style"].as_str() {
        Some("cursor") => &["cursor_param", "cursor_field"],
        Some("offset") => &["offset_param", "limit_param"],
        Some("page-state") => &["state_param", "next"],
        _ => {
            sink.report(
                &ptr,
                Rule::BadExtension,
                "`x-pagination.style` must be cursor, offset or page-state",
                "see specs/CONVENTIONS.md",
            );
            return;
        }
    };
    for key in needs {
        if p[*key].as_str().is_none() {
            sink.report(
                &ptr,
                Rule::BadExtension,
                format!("`x-pagination` of this style needs `{key}`"),
                "see specs/CONVENTIONS.md",
            );
        }
    }
    for key in ["cursor_param", "offset_param", "state_param"] {
        if let Some(param) = p[key].as_str() {
            let declared = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|q| q["name"] == param);
            if !declared {
                sink.report(&ptr, Rule::BadExtension, format!("`x-pagination.{key}` names `{param}`, which is not a parameter of the operation"), "declare the query parameter or fix the name");
            }
        }
    }
}

/// What is wrong with the literal (non-`{parameter}`) parts of a path template, if anything.
/// The runtime sends a template's literal parts as they are and refuses a request whose URL
/// parsing would change its path, so a literal part must be a valid, normalised path: no dot
/// segments (URL parsing resolves them), no characters that URL parsing would percent-encode.
fn literal_problem(path: &str) -> Option<String> {
    for segment in path.split('/').skip(1) {
        let literal: String = {
            let mut out = String::new();
            let mut depth = 0;
            for c in segment.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    c if depth == 0 => out.push(c),
                    _ => {}
                }
            }
            out
        };
        let dots = segment.to_ascii_lowercase().replace("%2e", ".");
        if dots == "." || dots == ".." {
            return Some(format!(
                "has the segment `{segment}`, which URL parsing resolves"
            ));
        }
        if let Some(c) = literal
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(*c)))
        {
            return Some(format!(
                "has the character {c:?}, which a URL path cannot carry as is"
            ));
        }
    }
    None
}
