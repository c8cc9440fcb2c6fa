//! One side of a comparison: the operations of a validated (not normalized) document, keyed
//! by route, with their parameters in the order the generated method takes them, and which
//! shared components each operation reaches in its requests and its responses.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::ir::{template_names, METHODS};
use crate::refs::{lookup, resolve};
use crate::util::{is_json, snake};

/// A route: the method and the path with parameter names left out (`/a/{}/b`), so that
/// renaming a path parameter does not make a new operation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RouteKey {
    /// The path with every `{name}` written `{}`.
    pub shape: String,
    /// Lower-case HTTP method.
    pub method: String,
}

/// Where a parameter goes, as the generated method orders them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamKey {
    /// A path parameter, by its position in the path template.
    Path(usize),
    /// A query parameter, by name.
    Query(String),
    /// A header, by lower-case name (header names are case-insensitive).
    Header(String),
}

impl ParamKey {
    /// `query`, `header` or `path`.
    pub fn location(&self) -> &'static str {
        match self {
            ParamKey::Path(_) => "path",
            ParamKey::Query(_) => "query",
            ParamKey::Header(_) => "header",
        }
    }
}

/// One parameter of an operation.
#[derive(Clone, Debug)]
pub struct Param<'a> {
    /// Its identity within the operation.
    pub key: ParamKey,
    /// Name on the wire.
    pub name: String,
    /// Required (path parameters always are).
    pub required: bool,
    /// The parameter as written (possibly a `$ref`).
    pub raw: &'a Value,
    /// The parameter with the reference followed.
    pub node: &'a Value,
}

impl Param<'_> {
    /// "parameter `limit` (query)".
    pub fn label(&self) -> String {
        format!("parameter `{}` ({})", self.name, self.key.location())
    }
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation<'a> {
    /// Lower-case HTTP method.
    pub method: &'static str,
    /// Path template as written.
    pub path: String,
    /// The operation object.
    pub node: &'a Value,
    /// The path item that holds it.
    pub item: &'a Value,
    /// The Rust method name: the operationId in snake_case, or derived from the route the way
    /// normalization derives it.
    pub rust_name: String,
    /// Parameters in the order of the method's arguments.
    pub params: Vec<Param<'a>>,
}

impl Operation<'_> {
    /// `GET /a/{id}`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

/// The directions in which an operation uses a component.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dirs {
    /// Reached from a parameter or the request body.
    pub request: bool,
    /// Reached from a response.
    pub response: bool,
}

impl Dirs {
    /// Both directions.
    pub const BOTH: Dirs = Dirs {
        request: true,
        response: true,
    };

    /// Directions in both `self` and `other`.
    pub fn and(self, other: Dirs) -> Dirs {
        Dirs {
            request: self.request && other.request,
            response: self.response && other.response,
        }
    }

    /// Directions in either.
    pub fn or(self, other: Dirs) -> Dirs {
        Dirs {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    /// Neither direction.
    pub fn is_empty(self) -> bool {
        !self.request && !self.response
    }
}

/// Component reference (`#/components/schemas/X`) to the operations that reach it.
pub type Reach = BTreeMap<String, BTreeMap<RouteKey, Dirs>>;

/// One document, ready to compare.
#[derive(Debug)]
pub struct Model<'a> {
    /// The whole document, for following references.
    pub doc: &'a Value,
    /// Operations by route.
    pub operations: BTreeMap<RouteKey, Operation<'a>>,
}

impl<'a> Model<'a> {
    /// Read the operations of a validated document.
    pub fn build(doc: &'a Value) -> Self {
        let mut operations = BTreeMap::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            let shape = template_names(path)
                .iter()
                .fold(path.clone(), |p, n| p.replace(&format!("{{{n}}}"), "{}"));
            for method in METHODS {
                let Some(op) = item.get(method).filter(|o| o.is_object()) else {
                    continue;
                };
                let key = RouteKey {
                    shape: shape.clone(),
                    method: method.to_string(),
                };
                operations.insert(
                    key,
                    Operation {
                        method,
                        path: path.clone(),
                        node: op,
                        item,
                        rust_name: rust_name(op, method, path),
                        params: params(doc, path, item, op),
                    },
                );
            }
        }
        Model { doc, operations }
    }

    /// Which components each operation reaches, and in which direction.
    pub fn reach(&self) -> Reach {
        let mut out: Reach = BTreeMap::new();
        for (key, op) in &self.operations {
            let request: Vec<&Value> = op
                .params
                .iter()
                .map(|p| p.raw)
                .chain(op.node.get("requestBody"))
                .collect();
            let response: Vec<&Value> = op.node.get("responses").into_iter().collect();
            for (roots, response_side) in [(request, false), (response, true)] {
                for component in components_reached(self.doc, &roots) {
                    let dirs = out
                        .entry(component)
                        .or_default()
                        .entry(key.clone())
                        .or_default();
                    if response_side {
                        dirs.response = true;
                    } else {
                        dirs.request = true;
                    }
                }
            }
        }
        out
    }
}

/// Every `#/components/...` reference reachable from `roots`, following references into the
/// components themselves. Iterative, and each component is visited once.
fn components_reached(doc: &Value, roots: &[&Value]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Value> = roots.to_vec();
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(o) => {
                if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                    if r.starts_with("#/components/") && seen.insert(r.to_string()) {
                        if let Some(target) = lookup(doc, r) {
                            stack.push(target);
                        }
                    }
                }
                for (k, v) in o {
                    // Examples are data: a `$ref` key inside one is not a reference.
                    if k != "example" && k != "examples" {
                        stack.push(v);
                    }
                }
            }
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    seen
}

/// The method name the generator gives an operation (see `normalize::operation_ids`).
fn rust_name(op: &Value, method: &str, path: &str) -> String {
    let id = match op["operationId"].as_str() {
        Some(id) => snake(id),
        None => derived_id(method, path),
    };
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("op_{id}")
    } else {
        id
    }
}

/// The name normalization derives for an operation without an operationId.
fn derived_id(method: &str, path: &str) -> String {
    let mut parts = vec![method.to_string()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => parts.push(format!("by_{name}")),
            None => parts.push(seg.to_string()),
        }
    }
    snake(&parts.join("_"))
}

/// Parameters merged from the path item and the operation (the operation's win), in the order
/// the generated method takes them: path parameters in template order, then query parameters
/// and headers in the order written (see `ir::operation`).
fn params<'a>(doc: &'a Value, path: &str, item: &'a Value, op: &'a Value) -> Vec<Param<'a>> {
    let mut merged: Vec<(&'a Value, &'a Value)> = Vec::new();
    for list in [&item["parameters"], &op["parameters"]] {
        for raw in list.as_array().into_iter().flatten() {
            let node = resolve(doc, raw);
            merged.retain(|(_, q)| !(q["name"] == node["name"] && q["in"] == node["in"]));
            merged.push((raw, node));
        }
    }
    let order = template_names(path);
    let mut out: Vec<Param<'a>> = merged
        .into_iter()
        .filter_map(|(raw, node)| {
            let name = node["name"].as_str()?.to_string();
            let key = match node["in"].as_str()? {
                "path" => ParamKey::Path(order.iter().position(|n| *n == name)?),
                "query" => ParamKey::Query(name.clone()),
                "header" => ParamKey::Header(name.to_ascii_lowercase()),
                _ => return None,
            };
            let required =
                matches!(key, ParamKey::Path(_)) || node["required"].as_bool().unwrap_or(false);
            Some(Param {
                key,
                name,
                required,
                raw,
                node,
            })
        })
        .collect();
    // A stable sort: query parameters and headers keep the order they were written in.
    out.sort_by_key(|p| match p.key {
        ParamKey::Path(i) => (0, i),
        ParamKey::Query(_) => (1, 0),
        ParamKey::Header(_) => (2, 0),
    });
    out
}

/// The media type the client uses from a `content` map: the first JSON one, else the first.
pub fn chosen_media(content: &Value) -> Option<(&str, &Value)> {
    let map = content.as_object()?;
    map.iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| map.iter().next())
        .map(|(k, v)| (k.as_str(), v))
}

/// A media type without parameters, lower-case (`application/json`).
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// What a successful call returns, as the generator decides it (see `ir::Success`).
#[derive(Clone, Debug)]
pub enum Success<'a> {
    /// No body.
    Empty {
        /// The status.
        status: String,
    },
    /// A JSON body.
    Json {
        /// The status.
        status: String,
        /// Its schema, as written.
        schema: &'a Value,
    },
    /// Several 2xx responses with different JSON bodies: untyped JSON.
    AnyJson,
    /// A binary body.
    Binary {
        /// The status.
        status: String,
        /// Its media type.
        media_type: String,
    },
}

impl Success<'_> {
    /// How the method's return type reads, for messages.
    pub fn describe(&self) -> String {
        match self {
            Success::Empty { status } => format!("no body ({status})"),
            Success::Json { status, schema } => match crate::refs::schema_ref_name(schema) {
                Some(name) => format!("JSON `{name}` ({status})"),
                None => format!("JSON ({status})"),
            },
            Success::AnyJson => "untyped JSON (the 2xx bodies differ)".to_string(),
            Success::Binary { status, media_type } => {
                format!("binary `{media_type}` ({status})")
            }
        }
    }
}

/// The success of an operation.
pub fn success<'a>(doc: &'a Value, op: &'a Value) -> Success<'a> {
    let mut chosen: Option<Success<'a>> = None;
    let mut json_schemas: Vec<&'a Value> = Vec::new();
    for (code, resp) in op["responses"].as_object().into_iter().flatten() {
        if !code.starts_with('2') {
            continue;
        }
        let resp = resolve(doc, resp);
        let s = match chosen_media(&resp["content"]) {
            None => Success::Empty {
                status: code.clone(),
            },
            Some((mt, media)) if is_json(mt) => {
                let schema = media.get("schema").unwrap_or(&Value::Bool(true));
                if !json_schemas.contains(&schema) {
                    json_schemas.push(schema);
                }
                Success::Json {
                    status: code.clone(),
                    schema,
                }
            }
            Some((mt, _)) => Success::Binary {
                status: code.clone(),
                media_type: mt.to_string(),
            },
        };
        // The first body-carrying success wins over an empty one.
        match (&chosen, &s) {
            (None, _)
            | (Some(Success::Empty { .. }), Success::Json { .. } | Success::Binary { .. }) => {
                chosen = Some(s)
            }
            _ => {}
        }
    }
    if json_schemas.len() > 1 {
        return Success::AnyJson;
    }
    chosen.unwrap_or(Success::Empty {
        status: "200".into(),
    })
}

/// The effective authentication of an operation: `None` when the call sends no credentials,
/// else the canonical definitions of the schemes it may use.
pub fn op_security(doc: &Value, op: &Value) -> Option<BTreeSet<String>> {
    match op.get("security") {
        Some(reqs @ Value::Array(_)) => requirement_schemes(doc, reqs),
        _ => requirement_schemes(doc, &doc["security"]),
    }
}

/// The schemes of a list of security requirements, or `None` when it allows anonymous calls
/// (an empty list, or an empty requirement in it: see `ir::operation`).
pub fn requirement_schemes(doc: &Value, reqs: &Value) -> Option<BTreeSet<String>> {
    let list = reqs.as_array().filter(|a| !a.is_empty())?;
    let mut out = BTreeSet::new();
    for req in list {
        let o = req.as_object().filter(|o| !o.is_empty())?;
        for name in o.keys() {
            out.insert(scheme_definition(doc, name));
        }
    }
    Some(out)
}

/// What a security scheme makes the client send, independent of the scheme's name: renaming a
/// scheme is not a change for the client.
pub fn scheme_definition(doc: &Value, name: &str) -> String {
    let s = &doc["components"]["securitySchemes"][name];
    let lower = |k: &str| s[k].as_str().map(|v| v.to_ascii_lowercase());
    match s["type"].as_str() {
        Some("http") => format!(
            "HTTP {}",
            lower("scheme").unwrap_or_else(|| "?".to_string())
        ),
        Some("apiKey") => {
            let prefix = s["x-token-prefix"]
                .as_str()
                .map(|p| format!(" (prefix `{p}`)"))
                .unwrap_or_default();
            format!(
                "API key in {} `{}`{prefix}",
                s["in"].as_str().unwrap_or("?"),
                lower("name").unwrap_or_default()
            )
        }
        Some(other) => other.to_string(),
        None => format!("`{name}`"),
    }
}
