//! Building the IR from a validated, normalized document.

use serde_json::Value;

use super::security::{requirement_names, Scheme, SchemeKind, Security};
use super::{
    Api, BodyKind, Component, Env, HttpMethod, Location, Omitted, Operation, Pagination, Param,
    Plan, RequestBody, Response, Schema, Server, ServerVar, Status, Style, Success, Usage,
};
use crate::names::{method_name, rust_param_name, template_names};
use crate::refs::resolve;
use crate::util::{is_json, is_object};

/// Build the IR of a validated document that normalization has rewritten, with the
/// normalization's plan for response and request schemas.
pub fn build(doc: &Value, plan: &Plan) -> Api {
    let info = &doc["info"];
    let text = |v: &Value| v.as_str().map(str::to_string);
    let schemes = schemes(doc);
    let mut api = Api {
        title: info["title"].as_str().unwrap_or("API").to_string(),
        version: info["version"].as_str().unwrap_or("").to_string(),
        description: text(&info["description"]),
        info_other: info
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| !matches!(k.as_str(), "title" | "version" | "description"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        external_docs: doc.get("externalDocs").cloned(),
        tags: doc.get("tags").cloned(),
        servers: servers(doc),
        scheme_docs: doc["components"]["securitySchemes"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), text(&v["description"])))
            .collect(),
        schemes: Vec::new(),
        security: Security::Anonymous,
        env: env(doc),
        operations: Vec::new(),
        schemas: components(doc, plan),
        shared_parameters: Vec::new(),
        error_schema: None,
    };
    let mut used = Used {
        schemes,
        order: Vec::new(),
    };
    api.security = used.resolve(requirement_names(&doc["security"]));
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in HttpMethod::ALL {
            let Some(op) = item.get(method.key()) else {
                continue;
            };
            let own = op.get("security").is_some();
            let names = match op.get("security") {
                Some(reqs) => requirement_names(reqs),
                None => requirement_names(&doc["security"]),
            };
            let mut operation = operation(doc, path, method, item, op);
            operation.security = used.resolve(names);
            operation.own_security = own;
            api.operations.push(operation);
        }
    }
    api.schemes = used
        .order
        .iter()
        .map(|i| used.schemes[*i].clone())
        .collect();
    // Indices were handed out in order of first use, so they index `api.schemes` directly.
    api.shared_parameters = doc["components"]["parameters"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, p)| {
            let p = resolve(doc, p);
            let omit = p["x-omit"].as_str().map(str::to_string);
            (name.clone(), param(doc, p, Some(name.clone())), omit)
        })
        .collect();
    api.error_schema = error_schema(&api.operations);
    api
}

/// The schemes the document defines that the client can send, by name.
fn schemes(doc: &Value) -> Vec<Scheme> {
    doc["components"]["securitySchemes"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, s)| {
            Some(Scheme {
                name: name.clone(),
                kind: SchemeKind::of(s)?,
            })
        })
        .collect()
}

/// The schemes in order of first use: the document's requirement first, then the operations'.
struct Used {
    schemes: Vec<Scheme>,
    order: Vec<usize>,
}

impl Used {
    fn resolve(&mut self, names: Option<Vec<String>>) -> Security {
        let Some(names) = names else {
            return Security::Anonymous;
        };
        let mut out = Vec::new();
        for name in names {
            let Some(i) = self.schemes.iter().position(|s| s.name == name) else {
                continue;
            };
            let pos = match self.order.iter().position(|o| *o == i) {
                Some(p) => p,
                None => {
                    self.order.push(i);
                    self.order.len() - 1
                }
            };
            out.push(pos);
        }
        if out.is_empty() {
            Security::Anonymous
        } else {
            Security::Schemes(out)
        }
    }
}

fn servers(doc: &Value) -> Vec<Server> {
    let env = &doc["x-datacloud"]["env"]["server"];
    doc["servers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let url = s["url"].as_str().unwrap_or_default().to_string();
            let variables = template_names(&url)
                .into_iter()
                .map(|name| ServerVar {
                    default: s["variables"][&name]["default"]
                        .as_str()
                        .map(str::to_string),
                    env: env[&name].as_str().map(str::to_string),
                    name,
                })
                .collect();
            Server {
                url,
                description: s["description"].as_str().map(str::to_string),
                variables,
            }
        })
        .collect()
}

fn env(doc: &Value) -> Env {
    let env = &doc["x-datacloud"]["env"];
    let text = |k: &str| env[k].as_str().map(str::to_string);
    Env {
        token: text("token"),
        username: text("username"),
        password: text("password"),
        server: env["server"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect(),
    }
}

fn components(doc: &Value, plan: &Plan) -> Vec<Component> {
    doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| Component {
            name: name.clone(),
            schema: Schema::from_value(s),
            usage: Usage {
                request: plan.request.contains(name),
                response: plan.response.contains(name),
                request_copy: plan.copies.get(name).cloned(),
            },
        })
        .collect()
}

/// Keys of an operation object that the IR reads into typed fields.
const OPERATION_KEYS: [&str; 14] = [
    "operationId",
    "summary",
    "description",
    "tags",
    "deprecated",
    "parameters",
    "requestBody",
    "responses",
    "security",
    "servers",
    "externalDocs",
    "x-route",
    "x-pagination",
    "x-waiters",
];

fn operation(doc: &Value, path: &str, method: HttpMethod, item: &Value, op: &Value) -> Operation {
    let (params, omitted) = parameters(doc, path, item, op);
    let responses: Vec<Response> = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(code, r)| response(code, resolve(doc, r)))
        .collect();
    let text = |k: &str| op[k].as_str().map(str::to_string);
    Operation {
        id: method_name(op["operationId"].as_str(), method.key(), path),
        spec_id: text("operationId"),
        method,
        path: path.to_string(),
        summary: text("summary"),
        description: text("description"),
        deprecated: op["deprecated"] == Value::Bool(true),
        inferred_route: op["x-route"].as_str() == Some("inferred"),
        tags: op["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        external_docs: op.get("externalDocs").cloned(),
        servers: op.get("servers").or_else(|| item.get("servers")).cloned(),
        params,
        omitted,
        body: op.get("requestBody").map(|b| request_body(resolve(doc, b))),
        success: success(&responses),
        location_header: responses.iter().any(|r| {
            r.status.is_success() && r.headers.iter().any(|h| h.eq_ignore_ascii_case("location"))
        }),
        responses,
        security: Security::Anonymous,
        own_security: false,
        pagination: pagination(&op["x-pagination"]),
        waiters: super::waiter::build(doc, op),
        other: op
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| !OPERATION_KEYS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// Parameters merged from the path item and the operation (the operation's override the path
/// item's of the same name and location), in the order the method takes them: path ones in
/// template order, then query ones and headers in the order written. `x-omit` ones apart.
fn parameters(doc: &Value, path: &str, item: &Value, op: &Value) -> (Vec<Param>, Vec<Omitted>) {
    let mut merged: Vec<(Param, Option<String>)> = Vec::new();
    for list in [&item["parameters"], &op["parameters"]] {
        for raw in list.as_array().into_iter().flatten() {
            let shared = crate::refs::ref_target(raw, "#/components/parameters/");
            let p = param(doc, resolve(doc, raw), shared);
            let omit = resolve(doc, raw)["x-omit"].as_str().map(str::to_string);
            merged.retain(|(q, _)| !(q.name == p.name && q.location == p.location));
            merged.push((p, omit));
        }
    }
    let order = template_names(path);
    merged.sort_by_key(|(p, _)| {
        let position = order.iter().position(|n| *n == p.name).unwrap_or(0);
        (
            p.location,
            if p.location == Location::Path {
                position
            } else {
                0
            },
        )
    });
    let mut params = Vec::new();
    let mut omitted = Vec::new();
    for (p, omit) in merged {
        match omit {
            Some(reason) => omitted.push(Omitted { param: p, reason }),
            None => params.push(p),
        }
    }
    (params, omitted)
}

/// Keys of a parameter object that the IR reads into typed fields.
const PARAMETER_KEYS: [&str; 11] = [
    "name",
    "in",
    "required",
    "deprecated",
    "style",
    "explode",
    "x-multi-segment",
    "x-omit",
    "description",
    "example",
    "examples",
];

/// A parameter's schema: its `schema`, or the schema of its one `content` media type.
fn param_schema(p: &Value) -> Option<&Value> {
    p.get("schema").or_else(|| {
        let content = p.get("content")?.as_object()?;
        content.values().next()?.get("schema")
    })
}

/// One (resolved) parameter object.
fn param(doc: &Value, p: &Value, shared: Option<String>) -> Param {
    let name = p["name"].as_str().unwrap_or_default().to_string();
    let location = match p["in"].as_str() {
        Some("path") => Location::Path,
        Some("header") => Location::Header,
        _ => Location::Query,
    };
    let style = match location {
        Location::Path if p["x-multi-segment"] == Value::Bool(true) => Style::MultiSegment,
        Location::Path | Location::Header => Style::Simple,
        Location::Query if p.get("content").is_some() => Style::Json,
        Location::Query if is_object(resolve(doc, param_schema(p).unwrap_or(&Value::Null))) => {
            Style::Json
        }
        Location::Query => Style::Form {
            explode: p["explode"].as_bool().unwrap_or(true),
        },
    };
    Param {
        rust_name: rust_param_name(&name),
        required: p["required"] == Value::Bool(true) || location == Location::Path,
        deprecated: p["deprecated"] == Value::Bool(true),
        schema: param_schema(p).map(Schema::from_value).unwrap_or_default(),
        description: p["description"].as_str().map(str::to_string),
        example: p.get("example").cloned(),
        examples: p.get("examples").cloned(),
        shared,
        other: p
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| {
                !PARAMETER_KEYS.contains(&k.as_str()) && !matches!(k.as_str(), "schema" | "content")
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        name,
        location,
        style,
    }
}

/// The media type the client uses from a `content` map (the first JSON one, else the first),
/// and the others.
fn chosen(content: &Value) -> Option<(String, &Value, Vec<String>)> {
    let map = content.as_object()?;
    let (mt, media) = map
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| map.iter().next())?;
    let others = map.keys().filter(|k| *k != mt).cloned().collect();
    Some((mt.clone(), media, others))
}

fn body_kind(media_type: &str, media: &Value) -> BodyKind {
    if crate::util::is_text(media_type) {
        BodyKind::Text
    } else if is_json(media_type) {
        BodyKind::Json(Box::new(
            media
                .get("schema")
                .map(Schema::from_value)
                .unwrap_or_default(),
        ))
    } else {
        BodyKind::Bytes
    }
}

fn request_body(b: &Value) -> RequestBody {
    let (media_type, kind, alternatives, media) = match chosen(&b["content"]) {
        Some((mt, media, others)) => (mt.clone(), body_kind(&mt, media), others, media.clone()),
        None => (String::new(), BodyKind::None, Vec::new(), Value::Null),
    };
    RequestBody {
        required: b["required"] == Value::Bool(true),
        media_type,
        kind,
        alternatives,
        description: b["description"].as_str().map(str::to_string),
        example: media.get("example").cloned(),
        examples: media.get("examples").cloned(),
    }
}

fn response(code: &str, r: &Value) -> Option<Response> {
    let status = Status::parse(code)?;
    let chosen = chosen(&r["content"]);
    let (media_type, kind, alternatives, example, examples) = match chosen {
        Some((mt, media, others)) => (
            Some(mt.clone()),
            body_kind(&mt, media),
            others,
            media.get("example").cloned(),
            media.get("examples").cloned(),
        ),
        None => (None, BodyKind::None, Vec::new(), None, None),
    };
    Some(Response {
        status,
        description: r["description"].as_str().map(str::to_string),
        media_type,
        kind,
        alternatives,
        example,
        examples,
        headers: r["headers"]
            .as_object()
            .map(|h| h.keys().cloned().collect())
            .unwrap_or_default(),
        other: r
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| !matches!(k.as_str(), "description" | "content"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    })
}

/// What a successful call returns: the first 2xx response with a body (JSON or binary) wins
/// over one without; 2xx responses with different JSON bodies give untyped JSON.
fn success(responses: &[Response]) -> Success {
    let mut chosen: Option<Success> = None;
    let mut json_schemas: Vec<&Box<Schema>> = Vec::new();
    for r in responses.iter().filter(|r| r.status.is_success()) {
        let s = match (&r.kind, &r.media_type) {
            (BodyKind::Json(schema), _) => {
                if !json_schemas.contains(&schema) {
                    json_schemas.push(schema);
                }
                Success::Json {
                    status: r.status,
                    schema: schema.clone(),
                }
            }
            (BodyKind::Bytes, Some(mt)) => Success::Binary {
                status: r.status,
                media_type: mt.clone(),
            },
            (BodyKind::Text, Some(mt)) => Success::Text {
                status: r.status,
                media_type: mt.clone(),
            },
            _ => Success::Empty { status: r.status },
        };
        match (&chosen, &s) {
            (None, _)
            | (
                Some(Success::Empty { .. }),
                Success::Json { .. } | Success::Binary { .. } | Success::Text { .. },
            ) => chosen = Some(s),
            _ => {}
        }
    }
    if json_schemas.len() > 1 {
        return Success::AnyJson;
    }
    chosen.unwrap_or(Success::Empty {
        status: Status::Code(200),
    })
}

/// The schema every error response with a JSON body uses, when they all use the same one.
fn error_schema(operations: &[Operation]) -> Option<Schema> {
    let mut found: Vec<&Box<Schema>> = Vec::new();
    for r in operations.iter().flat_map(|o| &o.responses) {
        if let (false, BodyKind::Json(s)) = (r.status.is_success(), &r.kind) {
            if !found.contains(&s) {
                found.push(s);
            }
        }
    }
    match found.as_slice() {
        [one] => Some((**one).as_ref().clone()),
        _ => None,
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
