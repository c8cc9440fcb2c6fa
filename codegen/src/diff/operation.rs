//! Comparing one operation with its counterpart: name, route, deprecation, security,
//! pagination, then its parameters (in the order the generated method takes them), its request
//! body and its responses, with the success response judged the way the generator builds the
//! method's return type.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::classify::{Facts, Kind, Position};
use super::compare::{list, no_facts, other_keywords, Ctx, Scope};
use super::model::{
    chosen_media, essence, op_security, Operation, Param, ParamKey, RouteKey, Success,
};
use super::schema::{self, show, show_opt, Root};
use super::Direction;
use crate::ir::rust_param_name;
use crate::refs::resolve;
use crate::util::is_json;

/// Keys of an operation object that `operation` compares.
const OPERATION_KEYS: [&str; 13] = [
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
];

pub(super) fn operation<'a>(
    ctx: &mut Ctx<'a>,
    key: &RouteKey,
    a: &Operation<'a>,
    b: &Operation<'a>,
    moved: bool,
) {
    let (o, n) = (a.node, b.node);
    ctx.at(
        Scope::Operation {
            key: key.clone(),
            label: b.label(),
        },
        None,
    );
    if moved {
        ctx.emit(
            Kind::OperationRouteChanged,
            format!(
                "route `{}` → `{}` (method `{}`)",
                a.label(),
                b.label(),
                b.rust_name
            ),
            no_facts(),
        );
    }
    if a.rust_name != b.rust_name {
        ctx.emit(
            Kind::OperationRenamed,
            format!(
                "method `{}` → `{}` (operationId {} → {})",
                a.rust_name,
                b.rust_name,
                show_opt(o.get("operationId")),
                show_opt(n.get("operationId"))
            ),
            no_facts(),
        );
    }
    let deprecated = |v: &Value| v["deprecated"] == Value::Bool(true);
    match (deprecated(o), deprecated(n)) {
        (false, true) => ctx.emit(
            Kind::OperationDeprecated,
            "operation deprecated".into(),
            no_facts(),
        ),
        (true, false) => ctx.emit(
            Kind::OperationUndeprecated,
            "operation no longer deprecated".into(),
            no_facts(),
        ),
        _ => {}
    }
    for (k, kind) in [
        ("summary", Kind::SummaryChanged),
        ("description", Kind::DescriptionChanged),
        ("externalDocs", Kind::ExternalDocsChanged),
    ] {
        if o[k] != n[k] {
            ctx.emit(kind, format!("{k} changed"), no_facts());
        }
    }
    if o["tags"] != n["tags"] {
        ctx.emit(
            Kind::TagsChanged,
            format!(
                "tags {} → {}",
                show_opt(o.get("tags")),
                show_opt(n.get("tags"))
            ),
            no_facts(),
        );
    }
    if o["x-route"] != n["x-route"] {
        let what = if n["x-route"] == "inferred" {
            "route marked unconfirmed (`x-route: inferred`)"
        } else {
            "route no longer marked unconfirmed"
        };
        ctx.emit(Kind::RouteNoteChanged, what.into(), no_facts());
    }
    if o.get("security").is_some() || n.get("security").is_some() {
        match (op_security(ctx.old_doc, o), op_security(ctx.new_doc, n)) {
            (None, Some(s)) => ctx.emit(
                Kind::OperationSecurityAdded,
                format!("the operation now requires {}", list(&s)),
                no_facts(),
            ),
            (Some(s), None) => ctx.emit(
                Kind::OperationSecurityRemoved,
                format!(
                    "the operation no longer requires credentials (was {})",
                    list(&s)
                ),
                no_facts(),
            ),
            (Some(x), Some(y)) if x != y => ctx.emit(
                Kind::OperationSecurityChanged,
                format!("security {} → {}", list(&x), list(&y)),
                no_facts(),
            ),
            _ => {}
        }
    }
    let servers = |op: &Operation<'_>| {
        op.node
            .get("servers")
            .or_else(|| op.item.get("servers"))
            .cloned()
    };
    if servers(a) != servers(b) {
        ctx.emit(
            Kind::OperationServersChanged,
            "per-operation servers changed".into(),
            no_facts(),
        );
    }
    match (o.get("x-pagination"), n.get("x-pagination")) {
        (None, Some(_)) => ctx.emit(
            Kind::PaginationAdded,
            format!("paginated: new method `{}_stream`", b.rust_name),
            no_facts(),
        ),
        (Some(_), None) => ctx.emit(
            Kind::PaginationRemoved,
            format!(
                "no longer paginated: method `{}_stream` removed",
                a.rust_name
            ),
            no_facts(),
        ),
        (Some(x), Some(y)) if x != y => ctx.emit(
            Kind::PaginationChanged,
            format!("`x-pagination` {} → {}", show(x), show(y)),
            no_facts(),
        ),
        _ => {}
    }
    other_keywords(ctx, o, n, &OPERATION_KEYS, "", no_facts());
    parameters(ctx, a, b);
    request_body(ctx, a, b);
    responses(ctx, a, b);
}

fn parameters<'a>(ctx: &mut Ctx<'a>, a: &Operation<'a>, b: &Operation<'a>) {
    ctx.direction = Some(Direction::Request);
    let old: BTreeMap<&ParamKey, &Param<'a>> = a.params.iter().map(|p| (&p.key, p)).collect();
    let new: BTreeMap<&ParamKey, &Param<'a>> = b.params.iter().map(|p| (&p.key, p)).collect();
    let removed: Vec<&Param<'a>> = a
        .params
        .iter()
        .filter(|p| !new.contains_key(&p.key))
        .collect();
    let added: Vec<&Param<'a>> = b
        .params
        .iter()
        .filter(|p| !old.contains_key(&p.key))
        .collect();
    let mut moved: Vec<(&Param<'a>, &Param<'a>)> = Vec::new();
    for r in &removed {
        if matches!(r.key, ParamKey::Path(_)) {
            continue;
        }
        if let Some(p) = added.iter().find(|p| {
            !matches!(p.key, ParamKey::Path(_))
                && p.name.eq_ignore_ascii_case(&r.name)
                && !moved.iter().any(|(_, m)| m.key == p.key)
        }) {
            moved.push((r, p));
        }
    }
    for r in removed
        .iter()
        .filter(|r| !moved.iter().any(|(m, _)| m.key == r.key))
    {
        ctx.emit(
            Kind::ParameterRemoved,
            format!("{}: removed", r.label()),
            Facts {
                position: Position::Parameter,
                required: r.required,
                ..Facts::default()
            },
        );
    }
    for p in added
        .iter()
        .filter(|p| !moved.iter().any(|(_, m)| m.key == p.key))
    {
        ctx.emit(
            Kind::ParameterAdded,
            format!(
                "{}: added ({})",
                p.label(),
                if p.required { "required" } else { "optional" }
            ),
            Facts {
                position: Position::Parameter,
                required: p.required,
                ..Facts::default()
            },
        );
    }
    for (r, p) in &moved {
        ctx.emit(
            Kind::ParameterMoved,
            format!(
                "parameter `{}`: moved from {} to {}",
                p.name,
                r.key.location(),
                p.key.location()
            ),
            Facts {
                position: Position::Parameter,
                required: p.required,
                ..Facts::default()
            },
        );
        parameter(ctx, &p.label(), r.node, p.node);
        ctx.direction = Some(Direction::Request);
    }
    for (key, p) in &new {
        let Some(q) = old.get(key) else { continue };
        if q.name != p.name {
            ctx.emit(
                Kind::ParameterRenamed,
                format!("path parameter `{}` renamed to `{}`", q.name, p.name),
                no_facts(),
            );
        }
        let same_component = match (q.raw.get("$ref"), p.raw.get("$ref")) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        };
        if !same_component {
            parameter(ctx, &p.label(), q.node, p.node);
            ctx.direction = Some(Direction::Request);
        }
    }
    // The arguments that exist on both sides must keep their order.
    let (x, y) = (common(&a.params, &new), common(&b.params, &old));
    let keys = |l: &[(ParamKey, String)]| l.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    if keys(&x) != keys(&y) {
        let names = |l: &[(ParamKey, String)]| {
            l.iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        ctx.emit(
            Kind::ParametersReordered,
            format!("arguments ({}) → ({})", names(&x), names(&y)),
            no_facts(),
        );
    }
}

/// The parameters of `params` that `other` has too, in order: their keys and Rust names.
fn common(
    params: &[Param<'_>],
    other: &BTreeMap<&ParamKey, &Param<'_>>,
) -> Vec<(ParamKey, String)> {
    params
        .iter()
        .filter(|p| other.contains_key(&p.key))
        .map(|p| (p.key.clone(), rust_param_name(&p.name)))
        .collect()
}

/// Keys of a parameter object that `parameter` compares.
const PARAMETER_KEYS: [&str; 15] = [
    "name",
    "in",
    "required",
    "deprecated",
    "style",
    "explode",
    "allowReserved",
    "allowEmptyValue",
    "x-multi-segment",
    "x-omit",
    "description",
    "example",
    "examples",
    "schema",
    "content",
];

/// Compare one parameter (resolved) in request direction: everything but its identity.
pub(super) fn parameter<'a>(ctx: &mut Ctx<'a>, label: &str, o: &'a Value, n: &'a Value) {
    ctx.direction = Some(Direction::Request);
    let path = n["in"] == "path";
    let required = |v: &Value| v["required"] == Value::Bool(true);
    let facts = Facts {
        position: Position::Parameter,
        required: path || required(n),
        ..Facts::default()
    };
    if !path && required(o) != required(n) {
        let (kind, what) = if required(n) {
            (Kind::ParameterRequired, "now required")
        } else {
            (Kind::ParameterOptional, "now optional")
        };
        ctx.emit(kind, format!("{label}: {what}"), facts);
    }
    let deprecated = |v: &Value| v["deprecated"] == Value::Bool(true);
    match (deprecated(o), deprecated(n)) {
        (false, true) => ctx.emit(
            Kind::ParameterDeprecated,
            format!("{label}: deprecated"),
            facts,
        ),
        (true, false) => ctx.emit(
            Kind::ParameterUndeprecated,
            format!("{label}: no longer deprecated"),
            facts,
        ),
        _ => {}
    }
    for k in [
        "style",
        "explode",
        "allowReserved",
        "allowEmptyValue",
        "x-multi-segment",
    ] {
        if o.get(k) != n.get(k) {
            ctx.emit(
                Kind::ParameterStyleChanged,
                format!(
                    "{label}: `{k}` {} → {}",
                    show_opt(o.get(k)),
                    show_opt(n.get(k))
                ),
                facts,
            );
        }
    }
    match (o["x-omit"].as_str(), n["x-omit"].as_str()) {
        (None, Some(reason)) => ctx.emit(
            Kind::ParameterOmitted,
            format!("{label}: no longer an argument of the method (`x-omit`: {reason})"),
            facts,
        ),
        (Some(_), None) => ctx.emit(
            Kind::ParameterOffered,
            format!("{label}: now an argument of the method (`x-omit` removed)"),
            facts,
        ),
        (Some(a), Some(b)) if a != b => ctx.emit(
            Kind::DescriptionChanged,
            format!("{label}: reason for `x-omit` changed"),
            facts,
        ),
        _ => {}
    }
    if o["description"] != n["description"] {
        ctx.emit(
            Kind::DescriptionChanged,
            format!("{label}: description changed"),
            facts,
        );
    }
    if o["example"] != n["example"] || o["examples"] != n["examples"] {
        ctx.emit(
            Kind::ExampleChanged,
            format!("{label}: example changed"),
            facts,
        );
    }
    other_keywords(ctx, o, n, &PARAMETER_KEYS, &format!("{label}: "), facts);
    schema::compare(
        ctx,
        &Root::Label(label.to_string()),
        &o["schema"],
        &n["schema"],
        Position::Parameter,
        facts.required,
    );
}

fn request_body<'a>(ctx: &mut Ctx<'a>, a: &Operation<'a>, b: &Operation<'a>) {
    ctx.direction = Some(Direction::Request);
    let (od, nd) = (ctx.old_doc, ctx.new_doc);
    let old = a.node.get("requestBody").map(|v| resolve(od, v));
    let new = b.node.get("requestBody").map(|v| resolve(nd, v));
    let required = |v: &Value| v["required"] == Value::Bool(true);
    let (o, n) = match (old, new) {
        (None, None) => return,
        (None, Some(n)) => {
            let facts = Facts {
                required: required(n),
                ..Facts::default()
            };
            let what = if required(n) { "required" } else { "optional" };
            ctx.emit(
                Kind::RequestBodyAdded,
                format!("request body added ({what})"),
                facts,
            );
            return;
        }
        (Some(_), None) => {
            ctx.emit(
                Kind::RequestBodyRemoved,
                "request body removed".into(),
                no_facts(),
            );
            return;
        }
        (Some(o), Some(n)) => (o, n),
    };
    let facts = Facts {
        required: required(n),
        ..Facts::default()
    };
    if required(o) != required(n) {
        let (kind, what) = if required(n) {
            (Kind::RequestBodyRequired, "request body is now required")
        } else {
            (Kind::RequestBodyOptional, "request body is now optional")
        };
        ctx.emit(kind, what.into(), facts);
    }
    if o["description"] != n["description"] {
        ctx.emit(
            Kind::DescriptionChanged,
            "request body: description changed".into(),
            facts,
        );
    }
    content(
        ctx,
        "request body",
        &o["content"],
        &n["content"],
        true,
        facts.required,
    );
}

/// Compare the `content` of a body: the media type the client uses, the alternatives, the
/// examples and the schema.
fn content<'a>(
    ctx: &mut Ctx<'a>,
    label: &str,
    o: &'a Value,
    n: &'a Value,
    request: bool,
    required: bool,
) {
    let (Some((om, omedia)), Some((nm, nmedia))) = (chosen_media(o), chosen_media(n)) else {
        return;
    };
    if essence(om) != essence(nm) {
        let kind = if request {
            Kind::RequestMediaTypeChanged
        } else {
            Kind::ResponseMediaTypeChanged
        };
        ctx.emit(
            kind,
            format!("{label}: media type `{om}` → `{nm}`"),
            no_facts(),
        );
    }
    let types = |c: &Value| -> BTreeSet<String> {
        c.as_object()
            .map(|m| m.keys().map(|k| essence(k)).collect())
            .unwrap_or_default()
    };
    let (ot, nt) = (types(o), types(n));
    let chosen: [String; 2] = [essence(om), essence(nm)];
    for t in ot.difference(&nt).filter(|t| !chosen.contains(t)) {
        ctx.emit(
            Kind::MediaTypeRemoved,
            format!("{label}: alternative media type `{t}` removed"),
            no_facts(),
        );
    }
    for t in nt.difference(&ot).filter(|t| !chosen.contains(t)) {
        ctx.emit(
            Kind::MediaTypeAdded,
            format!("{label}: alternative media type `{t}` added"),
            no_facts(),
        );
    }
    if omedia["example"] != nmedia["example"] || omedia["examples"] != nmedia["examples"] {
        ctx.emit(
            Kind::ExampleChanged,
            format!("{label}: example changed"),
            no_facts(),
        );
    }
    if is_json(om) && is_json(nm) {
        schema::compare(
            ctx,
            &Root::Label(label.to_string()),
            &omedia["schema"],
            &nmedia["schema"],
            Position::Other,
            required,
        );
    }
}

fn responses<'a>(ctx: &mut Ctx<'a>, a: &Operation<'a>, b: &Operation<'a>) {
    ctx.direction = Some(Direction::Response);
    let (od, nd) = (ctx.old_doc, ctx.new_doc);
    let (os, ns) = (
        super::model::success(od, a.node),
        super::model::success(nd, b.node),
    );
    // The success statuses that are one status renamed, not a response added and removed.
    let mut renamed: Option<(String, String)> = None;
    match (&os, &ns) {
        (Success::Empty { status: x }, Success::Empty { status: y })
        | (Success::Json { status: x, .. }, Success::Json { status: y, .. })
        | (Success::Binary { status: x, .. }, Success::Binary { status: y, .. })
            if x != y =>
        {
            ctx.emit(
                Kind::SuccessStatusChanged,
                format!("success status `{x}` → `{y}`"),
                no_facts(),
            );
            renamed = Some((x.clone(), y.clone()));
        }
        (Success::AnyJson, Success::AnyJson)
        | (Success::Empty { .. }, Success::Empty { .. })
        | (Success::Json { .. }, Success::Json { .. })
        | (Success::Binary { .. }, Success::Binary { .. }) => {}
        _ => ctx.emit(
            Kind::SuccessBodyChanged,
            format!("returns {} → {}", os.describe(), ns.describe()),
            no_facts(),
        ),
    }
    let old = schema::as_map(&a.node["responses"]);
    let new = schema::as_map(&b.node["responses"]);
    if let Some((x, y)) = &renamed {
        if let (Some(r), Some(s)) = (old.get(x), new.get(y)) {
            response(ctx, y, resolve(od, r), resolve(nd, s));
        }
    }
    for (code, r) in old {
        let is_renamed = renamed.as_ref().map(|(x, _)| x == code).unwrap_or(false);
        match new.get(code) {
            Some(s) => response(ctx, code, resolve(od, r), resolve(nd, s)),
            None if is_renamed => {}
            None if code.starts_with('2') => ctx.emit(
                Kind::SuccessResponseRemoved,
                format!("response `{code}` removed"),
                no_facts(),
            ),
            None => ctx.emit(
                Kind::ErrorResponseRemoved,
                format!("error response `{code}` removed"),
                no_facts(),
            ),
        }
    }
    for code in new.keys().filter(|c| !old.contains_key(*c)) {
        let is_renamed = renamed.as_ref().map(|(_, y)| y == code).unwrap_or(false);
        if is_renamed {
            continue;
        }
        let kind = if code.starts_with('2') {
            Kind::SuccessResponseAdded
        } else {
            Kind::ErrorResponseAdded
        };
        let what = if code.starts_with('2') {
            "response"
        } else {
            "error response"
        };
        ctx.emit(kind, format!("{what} `{code}` added"), no_facts());
    }
}

/// Keys of a response object that `response` compares.
const RESPONSE_KEYS: [&str; 2] = ["description", "content"];

fn response<'a>(ctx: &mut Ctx<'a>, code: &str, o: &'a Value, n: &'a Value) {
    let label = format!("response {code}");
    if o["description"] != n["description"] {
        ctx.emit(
            Kind::DescriptionChanged,
            format!("{label}: description changed"),
            no_facts(),
        );
    }
    other_keywords(ctx, o, n, &RESPONSE_KEYS, &format!("{label}: "), no_facts());
    let (Some((om, _)), Some((nm, _))) = (chosen_media(&o["content"]), chosen_media(&n["content"]))
    else {
        return;
    };
    // A success body that turns from JSON into something else (or back) changes the return
    // type, which `responses` reports; here it would be said twice.
    if code.starts_with('2') && is_json(om) != is_json(nm) {
        return;
    }
    content(ctx, &label, &o["content"], &n["content"], false, false);
}
