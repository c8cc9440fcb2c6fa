//! The intermediate representation between a (validated, normalized) spec and Rust tokens.
//!
//! Everything the method emitter needs is resolved here once: parameters merged from the path
//! item and the operation, `$ref`s followed, the success response classified, auth decided.

use serde_json::Value;

use crate::refs::resolve;
use crate::util::{pascal, snake};

/// HTTP methods an operation can use.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server URL, with `{variables}` still in it.
    pub server_url: String,
    /// The variables of `server_url`, in order of appearance.
    pub server_vars: Vec<ServerVar>,
    /// How the API authenticates.
    pub auth: Auth,
    /// Operations, in path order then method order.
    pub operations: Vec<Operation>,
    /// The schema error responses share, when they share one.
    pub error_schema: Option<Value>,
    /// The whole (normalized) document, for resolving references while emitting.
    pub document: Value,
}

/// A `{variable}` of the server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVar {
    /// Its name in the URL.
    pub name: String,
    /// The environment variable `from_env` reads it from (`x-datacloud.env.server`).
    pub env: Option<String>,
}

/// Authentication of an API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No security scheme.
    None,
    /// HTTP Basic: a user name and a password or key.
    Basic {
        /// Environment variable for the user name.
        env_user: Option<String>,
        /// Environment variable for the password or key.
        env_password: Option<String>,
    },
    /// A token in a header (`Authorization: Bearer <t>`, `X-Token: <t>`).
    Token {
        /// Header name.
        header: String,
        /// Prefix before the token, with no trailing space (`Bearer`, `aivenv1`), if any.
        prefix: Option<String>,
        /// Environment variable for the token.
        env: Option<String>,
    },
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Where it goes.
    pub location: Location,
    /// Required or optional.
    pub required: bool,
    /// The parameter's schema (OpenAPI JSON).
    pub schema: Value,
    /// Description, for docs.
    pub description: Option<String>,
    /// `x-multi-segment`: slashes are sent as slashes.
    pub multi_segment: bool,
    /// Form style, explode=false: arrays as `a,b,c`.
    pub comma_separated: bool,
}

/// Request body of an operation.
#[derive(Debug, Clone)]
pub struct Body {
    /// Whether it must be sent.
    pub required: bool,
    /// Media type (`application/json`, `application/octet-stream`).
    pub media_type: String,
    /// Schema (OpenAPI JSON, possibly a `$ref`).
    pub schema: Value,
}

/// What a successful call returns.
#[derive(Debug, Clone)]
pub enum Success {
    /// No body (204, or a 2xx without content).
    Empty {
        /// The documented status.
        status: String,
    },
    /// A JSON body of this schema.
    Json {
        /// The documented status.
        status: String,
        /// Schema (OpenAPI JSON).
        schema: Value,
    },
    /// Untyped JSON: the success responses disagree on the body (see normalize).
    AnyJson,
    /// A binary body of this media type (PDF, CSV...).
    Binary {
        /// The documented status.
        status: String,
        /// Media type.
        media_type: String,
    },
}

/// Pagination style of a list operation (`x-pagination`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pagination {
    /// Cursor: the next page starts after the last item's `cursor_field`.
    Cursor {
        /// Query parameter that takes the cursor.
        cursor_param: String,
        /// Query parameter for the page size.
        limit_param: Option<String>,
        /// Item field that is the next cursor.
        cursor_field: String,
        /// Pointer to the items array ("" = the body).
        items: String,
    },
    /// Offset and limit, with a total count.
    Offset {
        /// Query parameter for the offset.
        offset_param: String,
        /// Query parameter for the page size.
        limit_param: String,
        /// Pointer to the items array.
        items: String,
        /// Pointer to the total count.
        total: Option<String>,
    },
    /// Opaque page state.
    PageState {
        /// Query parameter that takes the state.
        state_param: String,
        /// Pointer to the items.
        items: String,
        /// Pointer to the next state.
        next: String,
    },
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// snake_case operationId: the Rust method name.
    pub id: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template as in the spec.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `x-route: inferred`.
    pub inferred_route: bool,
    /// First tag.
    pub tag: Option<String>,
    /// Parameters: path ones in template order first, then query, then header.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Success response.
    pub success: Success,
    /// Whether the call sends credentials.
    pub authenticated: bool,
    /// Pagination, if any.
    pub pagination: Option<Pagination>,
    /// A success response declares a `Location` header (a created resource).
    pub location_header: bool,
    /// Parameters left out of the method (`x-omit`), with the reason.
    pub omitted: Vec<(String, String)>,
}

impl Operation {
    /// Pascal-case name used for types derived from this operation.
    pub fn type_prefix(&self) -> String {
        pascal(&self.id)
    }
}

/// Build the IR from a validated, normalized document.
pub fn build(doc: &Value) -> Api {
    let info = &doc["info"];
    let server = doc["servers"].get(0).cloned().unwrap_or(Value::Null);
    let server_url = server["url"].as_str().unwrap_or("").to_string();
    let server_vars = template_names(&server_url)
        .into_iter()
        .map(|name| ServerVar {
            env: doc["x-datacloud"]["env"]["server"][&name]
                .as_str()
                .map(str::to_string),
            name,
        })
        .collect();
    let auth = auth_of(doc);
    let global_security = !doc["security"]
        .as_array()
        .map(|a| a.is_empty())
        .unwrap_or(true);
    let mut operations = Vec::new();
    let mut error_schemas: Vec<Value> = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                operations.push(operation(
                    doc,
                    path,
                    method,
                    item,
                    op,
                    global_security,
                    &mut error_schemas,
                ));
            }
        }
    }
    error_schemas.dedup();
    let error_schema = if error_schemas.len() == 1 {
        error_schemas.pop()
    } else {
        None
    };
    Api {
        title: info["title"].as_str().unwrap_or("API").to_string(),
        version: info["version"].as_str().unwrap_or("").to_string(),
        description: info["description"].as_str().map(str::to_string),
        server_url,
        server_vars,
        auth,
        operations,
        error_schema,
        document: doc.clone(),
    }
}

/// `{name}` placeholders of a template, in order.
pub fn template_names(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + end].to_string());
        rest = &rest[start + end + 1..];
    }
    out
}

fn auth_of(doc: &Value) -> Auth {
    let scheme_name = doc["security"]
        .get(0)
        .and_then(|req| req.as_object())
        .and_then(|o| o.keys().next().cloned());
    let Some(name) = scheme_name else {
        return Auth::None;
    };
    let scheme = &doc["components"]["securitySchemes"][&name];
    let env = &doc["x-datacloud"]["env"];
    let env_str = |k: &str| env[k].as_str().map(str::to_string);
    match (
        scheme["type"].as_str(),
        scheme["scheme"].as_str().map(|s| s.to_ascii_lowercase()),
    ) {
        (Some("http"), Some(s)) if s == "basic" => Auth::Basic {
            env_user: env_str("username"),
            env_password: env_str("password"),
        },
        (Some("http"), _) => Auth::Token {
            header: "Authorization".into(),
            prefix: Some("Bearer".into()),
            env: env_str("token"),
        },
        _ => Auth::Token {
            header: scheme["name"]
                .as_str()
                .unwrap_or("Authorization")
                .to_string(),
            prefix: scheme["x-token-prefix"].as_str().map(str::to_string),
            env: env_str("token"),
        },
    }
}

fn operation(
    doc: &Value,
    path: &str,
    method: &str,
    item: &Value,
    op: &Value,
    global_security: bool,
    error_schemas: &mut Vec<Value>,
) -> Operation {
    let id = op["operationId"].as_str().unwrap_or_default().to_string();
    // Parameters: the operation's override the path item's of the same name and location.
    let mut merged: Vec<Value> = Vec::new();
    for list in [&item["parameters"], &op["parameters"]] {
        for p in list.as_array().into_iter().flatten() {
            let p = resolve(doc, p).clone();
            merged.retain(|q| !(q["name"] == p["name"] && q["in"] == p["in"]));
            merged.push(p);
        }
    }
    let order = template_names(path);
    merged.sort_by_key(|p| {
        let loc = match p["in"].as_str() {
            Some("path") => 0,
            Some("query") => 1,
            _ => 2,
        };
        let pos = order
            .iter()
            .position(|n| Some(n.as_str()) == p["name"].as_str())
            .unwrap_or(0);
        (loc, pos)
    });
    let omitted = merged
        .iter()
        .filter_map(|p| {
            let reason = p["x-omit"].as_str()?;
            Some((
                p["name"].as_str().unwrap_or_default().to_string(),
                reason.to_string(),
            ))
        })
        .collect();
    let params = merged
        .iter()
        .filter(|p| p.get("x-omit").is_none())
        .map(|p| {
            let name = p["name"].as_str().unwrap_or_default().to_string();
            let location = match p["in"].as_str() {
                Some("path") => Location::Path,
                Some("header") => Location::Header,
                _ => Location::Query,
            };
            Param {
                rust_name: rust_param_name(&name),
                name,
                location,
                required: p["required"].as_bool().unwrap_or(false) || location == Location::Path,
                schema: p.get("schema").cloned().unwrap_or(Value::Bool(true)),
                description: p["description"].as_str().map(str::to_string),
                multi_segment: p["x-multi-segment"].as_bool().unwrap_or(false),
                comma_separated: p["explode"].as_bool() == Some(false),
            }
        })
        .collect();

    let body = op.get("requestBody").map(|b| {
        let b = resolve(doc, b);
        let (media_type, media) = b["content"]
            .as_object()
            .and_then(|c| c.iter().next())
            .map(|(k, v)| (k.clone(), v.clone()))
            .unwrap_or_default();
        Body {
            required: b["required"].as_bool().unwrap_or(false),
            media_type,
            schema: media.get("schema").cloned().unwrap_or(Value::Bool(true)),
        }
    });

    let mut success = None;
    let mut location_header = false;
    let mut json_successes: Vec<&Value> = Vec::new();
    if let Some(responses) = op["responses"].as_object() {
        for (code, resp) in responses {
            let resp = resolve(doc, resp);
            let content = resp["content"].as_object();
            if code.starts_with('2') {
                location_header |= resp["headers"]
                    .as_object()
                    .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("location")));
                let first = content.and_then(|c| c.iter().next());
                let s = match first {
                    None => Success::Empty {
                        status: code.clone(),
                    },
                    Some((mt, media)) if crate::util::is_json(mt) => {
                        json_successes.push(&media["schema"]);
                        Success::Json {
                            status: code.clone(),
                            schema: media.get("schema").cloned().unwrap_or(Value::Bool(true)),
                        }
                    }
                    Some((mt, _)) => Success::Binary {
                        status: code.clone(),
                        media_type: mt.clone(),
                    },
                };
                // The first body-carrying success wins over an empty one.
                match (&success, &s) {
                    (None, _)
                    | (
                        Some(Success::Empty { .. }),
                        Success::Json { .. } | Success::Binary { .. },
                    ) => success = Some(s),
                    _ => {}
                }
            } else if let Some((mt, media)) = content.and_then(|c| c.iter().next()) {
                if crate::util::is_json(mt) {
                    if let Some(schema) = media.get("schema") {
                        if !error_schemas.contains(schema) {
                            error_schemas.push(schema.clone());
                        }
                    }
                }
            }
        }
    }
    json_successes.dedup();
    if json_successes.len() > 1 {
        success = Some(Success::AnyJson);
    }

    let authenticated = match op.get("security") {
        Some(Value::Array(a)) => {
            !a.is_empty()
                && a.iter()
                    .all(|r| r.as_object().map(|o| !o.is_empty()).unwrap_or(false))
        }
        _ => global_security,
    };

    Operation {
        id,
        method: method.to_string(),
        path: path.to_string(),
        summary: op["summary"].as_str().map(str::to_string),
        description: op["description"].as_str().map(str::to_string),
        deprecated: op["deprecated"].as_bool().unwrap_or(false),
        inferred_route: op["x-route"].as_str() == Some("inferred"),
        tag: op["tags"]
            .get(0)
            .and_then(Value::as_str)
            .map(str::to_string),
        params,
        body,
        success: success.unwrap_or(Success::Empty {
            status: "200".into(),
        }),
        authenticated,
        pagination: pagination(&op["x-pagination"]),
        location_header,
        omitted,
    }
}

/// Rust identifier for a parameter name (`page-size` -> `page_size`, `type` -> `type_`).
pub fn rust_param_name(name: &str) -> String {
    let s = snake(name);
    let s = if s.is_empty() { "param".to_string() } else { s };
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("p_{s}");
    }
    match s.as_str() {
        "type" | "match" | "ref" | "self" | "super" | "crate" | "fn" | "mod" | "move" | "where"
        | "use" | "impl" | "loop" | "in" | "for" | "if" | "else" | "let" | "mut" | "return"
        | "struct" | "enum" | "trait" | "true" | "false" | "static" | "const" | "async"
        | "await" | "dyn" | "box" | "break" | "continue" | "extern" | "pub" | "unsafe"
        | "while" | "as" | "abstract" | "become" | "do" | "final" | "macro" | "override"
        | "priv" | "typeof" | "unsized" | "virtual" | "yield" | "try" | "gen" | "body"
        | "client" => format!("{s}_"),
        _ => s,
    }
}

fn pagination(v: &Value) -> Option<Pagination> {
    let s = |k: &str| v[k].as_str().map(str::to_string);
    match v["style"].as_str()? {
        "cursor" => Some(Pagination::Cursor {
            cursor_param: s("cursor_param")?,
            limit_param: s("limit_param"),
            cursor_field: s("cursor_field")?,
            items: s("items").unwrap_or_default(),
        }),
        "offset" => Some(Pagination::Offset {
            offset_param: s("offset_param")?,
            limit_param: s("limit_param")?,
            items: s("items").unwrap_or_default(),
            total: s("total"),
        }),
        "page-state" => Some(Pagination::PageState {
            state_param: s("state_param")?,
            items: s("items").unwrap_or_default(),
            next: s("next")?,
        }),
        _ => None,
    }
}
