//! Comparing one operation with its counterpart: name, route, deprecation, security,
//! pagination, then its parameters (in the order the generated method takes them), its request
//! body and its responses, with the success response judged by the IR's own decision of the
//! method's return type.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::api::schemes;
use super::classify::{Direction, Facts, Kind, Position};
use super::found::{list, no_facts, show, show_opt, Found, Scope};
use super::reach::RouteKey;
use super::schema::{self, Root, Sides};
use crate::ir::{
    BodyKind, Location, Operation, Pagination, Param, RequestBody, Response, Status, Style, Success,
};

/// A parameter's identity within an operation, as the generated method orders them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamKey {
    /// A path parameter, by its position in the path template.
    Path(usize),
    /// A query parameter, by name.
    Query(String),
    /// A header, by lower-case name (header names are case-insensitive).
    Header(String),
}

/// A parameter of one side, with the reason it is left out of the method (`x-omit`), if so.
struct Arg<'a> {
    key: ParamKey,
    param: &'a Param,
    omitted: Option<&'a str>,
}

impl Arg<'_> {
    fn label(&self) -> String {
        format!(
            "parameter `{}` ({})",
            self.param.name,
            self.param.location.name()
        )
    }
}

/// Every parameter of `op`, the omitted ones included, in argument order.
fn args(op: &Operation) -> Vec<Arg<'_>> {
    let order = crate::ir::template_names(&op.path);
    let mut out: Vec<Arg<'_>> = op
        .params
        .iter()
        .map(|p| (p, None))
        .chain(
            op.omitted
                .iter()
                .map(|o| (&o.param, Some(o.reason.as_str()))),
        )
        .filter_map(|(param, omitted)| {
            let key = match param.location {
                Location::Path => ParamKey::Path(order.iter().position(|n| *n == param.name)?),
                Location::Query => ParamKey::Query(param.name.clone()),
                Location::Header => ParamKey::Header(param.name.to_ascii_lowercase()),
            };
            Some(Arg {
                key,
                param,
                omitted,
            })
        })
        .collect();
    out.sort_by_key(|a| match a.key {
        ParamKey::Path(i) => (0, i),
        ParamKey::Query(_) => (1, 0),
        ParamKey::Header(_) => (2, 0),
    });
    out
}

/// `x-pagination` as the spec writes it, for messages.
fn pagination_value(p: &Pagination) -> Value {
    match p {
        Pagination::Cursor {
            cursor_param,
            limit_param,
            cursor_field,
            items,
        } => json!({
            "style": "cursor", "cursor_param": cursor_param, "limit_param": limit_param,
            "cursor_field": cursor_field, "items": items}),
        Pagination::Offset {
            offset_param,
            limit_param,
            items,
            total,
        } => json!({
            "style": "offset", "offset_param": offset_param, "limit_param": limit_param,
            "items": items, "total": total}),
        Pagination::PageState {
            state_param,
            items,
            next,
        } => json!({
            "style": "page-state", "state_param": state_param, "items": items, "next": next}),
    }
}

/// Compare the operations `a` (old) and `b` (new), which have the same route or method name.
pub fn operation(
    found: &mut Found,
    sides: Sides<'_>,
    key: &RouteKey,
    a: &Operation,
    b: &Operation,
    moved: bool,
) {
    found.at(
        Scope::Operation {
            key: key.clone(),
            label: b.label(),
        },
        None,
    );
    identity(found, a, b, moved);
    documentation(found, a, b);
    security(found, sides, a, b);
    found.docs(
        Kind::OperationServersChanged,
        &a.servers,
        &b.servers,
        || "per-operation servers changed".into(),
    );
    match (&a.pagination, &b.pagination) {
        (None, Some(_)) => found.emit(
            Kind::PaginationAdded,
            format!("paginated: new method `{}_stream`", b.id),
            no_facts(),
        ),
        (Some(_), None) => found.emit(
            Kind::PaginationRemoved,
            format!("no longer paginated: method `{}_stream` removed", a.id),
            no_facts(),
        ),
        (Some(x), Some(y)) if x != y => found.emit(
            Kind::PaginationChanged,
            format!(
                "`x-pagination` {} → {}",
                show(&pagination_value(x)),
                show(&pagination_value(y))
            ),
            no_facts(),
        ),
        _ => {}
    }
    super::waiter::waiters(found, a, b);
    found.other_keywords(&a.other, &b.other, "", no_facts());
    parameters(found, sides, a, b);
    request_body(found, sides, a.body.as_ref(), b.body.as_ref());
    responses(found, sides, a, b);
}

fn identity(found: &mut Found, a: &Operation, b: &Operation, moved: bool) {
    if moved {
        found.emit(
            Kind::OperationRouteChanged,
            format!(
                "route `{}` → `{}` (method `{}`)",
                a.label(),
                b.label(),
                b.id
            ),
            no_facts(),
        );
    }
    if a.id != b.id {
        let id = |o: &Operation| show_opt(o.spec_id.clone().map(Value::String).as_ref());
        found.emit(
            Kind::OperationRenamed,
            format!(
                "method `{}` → `{}` (operationId {} → {})",
                a.id,
                b.id,
                id(a),
                id(b)
            ),
            no_facts(),
        );
    }
    match (a.deprecated, b.deprecated) {
        (false, true) => found.emit(
            Kind::OperationDeprecated,
            "operation deprecated".into(),
            no_facts(),
        ),
        (true, false) => found.emit(
            Kind::OperationUndeprecated,
            "operation no longer deprecated".into(),
            no_facts(),
        ),
        _ => {}
    }
}

fn documentation(found: &mut Found, a: &Operation, b: &Operation) {
    found.docs(Kind::SummaryChanged, &a.summary, &b.summary, || {
        "summary changed".into()
    });
    found.docs(
        Kind::DescriptionChanged,
        &a.description,
        &b.description,
        || "description changed".into(),
    );
    found.docs(
        Kind::ExternalDocsChanged,
        &a.external_docs,
        &b.external_docs,
        || "externalDocs changed".into(),
    );
    if a.tags != b.tags {
        let tags = |o: &Operation| (!o.tags.is_empty()).then(|| json!(o.tags));
        found.emit(
            Kind::TagsChanged,
            format!(
                "tags {} → {}",
                show_opt(tags(a).as_ref()),
                show_opt(tags(b).as_ref())
            ),
            no_facts(),
        );
    }
    if a.inferred_route != b.inferred_route {
        let what = if b.inferred_route {
            "route marked unconfirmed (`x-route: inferred`)"
        } else {
            "route no longer marked unconfirmed"
        };
        found.emit(Kind::RouteNoteChanged, what.into(), no_facts());
    }
}

fn security(found: &mut Found, sides: Sides<'_>, a: &Operation, b: &Operation) {
    if !(a.own_security || b.own_security) {
        return;
    }
    match (
        schemes(sides.old, &a.security),
        schemes(sides.new, &b.security),
    ) {
        (None, Some(s)) => found.emit(
            Kind::OperationSecurityAdded,
            format!("the operation now requires {}", list(&s)),
            no_facts(),
        ),
        (Some(s), None) => found.emit(
            Kind::OperationSecurityRemoved,
            format!(
                "the operation no longer requires credentials (was {})",
                list(&s)
            ),
            no_facts(),
        ),
        (Some(x), Some(y)) if x != y => found.emit(
            Kind::OperationSecurityChanged,
            format!("security {} → {}", list(&x), list(&y)),
            no_facts(),
        ),
        _ => {}
    }
}

fn param_facts(required: bool) -> Facts {
    Facts {
        position: Position::Parameter,
        required,
        ..Facts::default()
    }
}

fn parameters(found: &mut Found, sides: Sides<'_>, a: &Operation, b: &Operation) {
    found.direction = Some(Direction::Request);
    let (old_args, new_args) = (args(a), args(b));
    let old: BTreeMap<&ParamKey, &Arg<'_>> = old_args.iter().map(|p| (&p.key, p)).collect();
    let new: BTreeMap<&ParamKey, &Arg<'_>> = new_args.iter().map(|p| (&p.key, p)).collect();
    let removed: Vec<&Arg<'_>> = old_args
        .iter()
        .filter(|p| !new.contains_key(&p.key))
        .collect();
    let added: Vec<&Arg<'_>> = new_args
        .iter()
        .filter(|p| !old.contains_key(&p.key))
        .collect();
    // A query parameter that became a header (or the reverse) under the same name moved.
    let mut moved: Vec<(&Arg<'_>, &Arg<'_>)> = Vec::new();
    for r in removed
        .iter()
        .filter(|r| !matches!(r.key, ParamKey::Path(_)))
    {
        if let Some(p) = added.iter().find(|p| {
            !matches!(p.key, ParamKey::Path(_))
                && p.param.name.eq_ignore_ascii_case(&r.param.name)
                && !moved.iter().any(|(_, m)| m.key == p.key)
        }) {
            moved.push((r, p));
        }
    }
    for r in removed
        .iter()
        .filter(|r| !moved.iter().any(|(m, _)| m.key == r.key))
    {
        found.emit(
            Kind::ParameterRemoved,
            format!("{}: removed", r.label()),
            param_facts(r.param.required),
        );
    }
    for p in added
        .iter()
        .filter(|p| !moved.iter().any(|(_, m)| m.key == p.key))
    {
        let what = if p.param.required {
            "required"
        } else {
            "optional"
        };
        found.emit(
            Kind::ParameterAdded,
            format!("{}: added ({what})", p.label()),
            param_facts(p.param.required),
        );
    }
    for (r, p) in &moved {
        let (from, to) = (r.param.location.name(), p.param.location.name());
        let message = format!("parameter `{}`: moved from {from} to {to}", p.param.name);
        found.emit(Kind::ParameterMoved, message, param_facts(p.param.required));
        parameter(found, sides, &p.label(), r, p);
    }
    for (key, p) in &new {
        let Some(q) = old.get(key) else { continue };
        if q.param.name != p.param.name {
            let message = format!(
                "path parameter `{}` renamed to `{}`",
                q.param.name, p.param.name
            );
            found.emit(Kind::ParameterRenamed, message, no_facts());
        }
        let same_component = q.param.shared.is_some() && q.param.shared == p.param.shared;
        if !same_component {
            parameter(found, sides, &p.label(), q, p);
        }
    }
    order(found, &old_args, &new_args, &old, &new);
}

/// The required inputs that exist on both sides must keep their order: they are the method's
/// arguments. Optional ones are setters, which have no order.
fn order(
    found: &mut Found,
    old_args: &[Arg<'_>],
    new_args: &[Arg<'_>],
    old: &BTreeMap<&ParamKey, &Arg<'_>>,
    new: &BTreeMap<&ParamKey, &Arg<'_>>,
) {
    let common =
        |args: &[Arg<'_>], other: &BTreeMap<&ParamKey, &Arg<'_>>| -> Vec<(ParamKey, String)> {
            let argument = |p: &Arg<'_>| p.param.required || p.param.location == Location::Path;
            args.iter()
                .filter(|p| argument(p) && other.get(&p.key).is_some_and(|q| argument(q)))
                .map(|p| (p.key.clone(), p.param.rust_name.clone()))
                .collect()
        };
    let (x, y) = (common(old_args, new), common(new_args, old));
    let keys = |l: &[(ParamKey, String)]| l.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    if keys(&x) != keys(&y) {
        let names = |l: &[(ParamKey, String)]| {
            l.iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        found.emit(
            Kind::ParametersReordered,
            format!("arguments ({}) → ({})", names(&x), names(&y)),
            no_facts(),
        );
    }
}

/// How a parameter is written, for messages.
fn style_name(s: Style) -> &'static str {
    match s {
        Style::Simple => "simple",
        Style::MultiSegment => "multi-segment (`x-multi-segment`)",
        Style::Form { explode: true } => "form, exploded",
        Style::Form { explode: false } => "form, comma-separated (`explode: false`)",
        Style::Json => "JSON text (`content: application/json` or an object)",
    }
}

/// Compare one parameter in request direction: everything but its identity.
fn parameter(found: &mut Found, sides: Sides<'_>, label: &str, o: &Arg<'_>, n: &Arg<'_>) {
    found.direction = Some(Direction::Request);
    let (a, b) = (o.param, n.param);
    let path = b.location == Location::Path;
    let facts = param_facts(path || b.required);
    if !path && a.required != b.required {
        let (kind, what) = if b.required {
            (Kind::ParameterRequired, "now required")
        } else {
            (Kind::ParameterOptional, "now optional")
        };
        found.emit(kind, format!("{label}: {what}"), facts);
    }
    match (a.deprecated, b.deprecated) {
        (false, true) => found.emit(
            Kind::ParameterDeprecated,
            format!("{label}: deprecated"),
            facts,
        ),
        (true, false) => found.emit(
            Kind::ParameterUndeprecated,
            format!("{label}: no longer deprecated"),
            facts,
        ),
        _ => {}
    }
    if a.style != b.style && a.location == b.location {
        let message = format!(
            "{label}: style {} → {}",
            style_name(a.style),
            style_name(b.style)
        );
        found.emit(Kind::ParameterStyleChanged, message, facts);
    }
    match (o.omitted, n.omitted) {
        (None, Some(reason)) => found.emit(
            Kind::ParameterOmitted,
            format!("{label}: no longer an argument of the method (`x-omit`: {reason})"),
            facts,
        ),
        (Some(_), None) => found.emit(
            Kind::ParameterOffered,
            format!("{label}: now an argument of the method (`x-omit` removed)"),
            facts,
        ),
        (Some(x), Some(y)) if x != y => found.emit(
            Kind::DescriptionChanged,
            format!("{label}: reason for `x-omit` changed"),
            facts,
        ),
        _ => {}
    }
    if a.description != b.description {
        found.emit(
            Kind::DescriptionChanged,
            format!("{label}: description changed"),
            facts,
        );
    }
    if a.example != b.example || a.examples != b.examples {
        found.emit(
            Kind::ExampleChanged,
            format!("{label}: example changed"),
            facts,
        );
    }
    found.other_keywords(&a.other, &b.other, &format!("{label}: "), facts);
    let root = Root::Label(label.to_string());
    schema::compare(
        found,
        sides,
        &root,
        &a.schema,
        &b.schema,
        Position::Parameter,
        facts.required,
    );
}

fn request_body(
    found: &mut Found,
    sides: Sides<'_>,
    old: Option<&RequestBody>,
    new: Option<&RequestBody>,
) {
    found.direction = Some(Direction::Request);
    let (o, n) = match (old, new) {
        (None, None) => return,
        (None, Some(n)) => {
            let what = if n.required { "required" } else { "optional" };
            let facts = Facts {
                required: n.required,
                ..Facts::default()
            };
            found.emit(
                Kind::RequestBodyAdded,
                format!("request body added ({what})"),
                facts,
            );
            return;
        }
        (Some(_), None) => {
            found.emit(
                Kind::RequestBodyRemoved,
                "request body removed".into(),
                no_facts(),
            );
            return;
        }
        (Some(o), Some(n)) => (o, n),
    };
    let facts = Facts {
        required: n.required,
        ..Facts::default()
    };
    if o.required != n.required {
        let (kind, what) = if n.required {
            (Kind::RequestBodyRequired, "request body is now required")
        } else {
            (Kind::RequestBodyOptional, "request body is now optional")
        };
        found.emit(kind, what.into(), facts);
    }
    if o.description != n.description {
        found.emit(
            Kind::DescriptionChanged,
            "request body: description changed".into(),
            facts,
        );
    }
    content(
        found,
        sides,
        "request body",
        Media::of_body(o),
        Media::of_body(n),
        true,
        facts.required,
    );
}

/// The content of a body, as compared.
struct Media<'a> {
    media_type: Option<String>,
    kind: &'a BodyKind,
    alternatives: &'a [String],
    example: (&'a Option<Value>, &'a Option<Value>),
}

impl<'a> Media<'a> {
    fn of_body(b: &'a RequestBody) -> Self {
        Media {
            media_type: Some(b.media_type.clone()),
            kind: &b.kind,
            alternatives: &b.alternatives,
            example: (&b.example, &b.examples),
        }
    }

    fn of_response(r: &'a Response) -> Self {
        Media {
            media_type: r.media_type.clone(),
            kind: &r.kind,
            alternatives: &r.alternatives,
            example: (&r.example, &r.examples),
        }
    }
}

/// A media type without parameters, lower-case (`application/json`).
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Compare the content of a body: the media type the client uses, the alternatives, the
/// examples and the schema.
fn content(
    found: &mut Found,
    sides: Sides<'_>,
    label: &str,
    o: Media<'_>,
    n: Media<'_>,
    request: bool,
    required: bool,
) {
    let (Some(om), Some(nm)) = (o.media_type.as_deref(), n.media_type.as_deref()) else {
        return;
    };
    if essence(om) != essence(nm) {
        let kind = if request {
            Kind::RequestMediaTypeChanged
        } else {
            Kind::ResponseMediaTypeChanged
        };
        found.emit(
            kind,
            format!("{label}: media type `{om}` → `{nm}`"),
            no_facts(),
        );
    }
    let types = |m: &Media<'_>| -> std::collections::BTreeSet<String> {
        m.alternatives
            .iter()
            .map(|t| essence(t))
            .chain(m.media_type.as_deref().map(essence))
            .collect()
    };
    let (ot, nt) = (types(&o), types(&n));
    let chosen = [essence(om), essence(nm)];
    for t in ot.difference(&nt).filter(|t| !chosen.contains(t)) {
        found.emit(
            Kind::MediaTypeRemoved,
            format!("{label}: alternative media type `{t}` removed"),
            no_facts(),
        );
    }
    for t in nt.difference(&ot).filter(|t| !chosen.contains(t)) {
        found.emit(
            Kind::MediaTypeAdded,
            format!("{label}: alternative media type `{t}` added"),
            no_facts(),
        );
    }
    if o.example != n.example {
        found.emit(
            Kind::ExampleChanged,
            format!("{label}: example changed"),
            no_facts(),
        );
    }
    if let (BodyKind::Json(a), BodyKind::Json(b)) = (o.kind, n.kind) {
        let root = Root::Label(label.to_string());
        schema::compare(found, sides, &root, a, b, Position::Other, required);
    }
}

/// How the method's return type reads, for messages.
fn describe(s: &Success) -> String {
    match s {
        Success::Empty { status } => format!("no body ({status})"),
        Success::Json { status, schema } => match schema.ref_name() {
            Some(name) => format!("JSON `{name}` ({status})"),
            None => format!("JSON ({status})"),
        },
        Success::AnyJson => "untyped JSON (the 2xx bodies differ)".to_string(),
        Success::Binary { status, media_type } => format!("binary `{media_type}` ({status})"),
        Success::Text { status, media_type } => format!("text `{media_type}` ({status})"),
    }
}

/// The success statuses that are one status renamed, not a response added and removed.
fn success(found: &mut Found, a: &Operation, b: &Operation) -> Option<(Status, Status)> {
    let (os, ns) = (&a.success, &b.success);
    let same_kind = std::mem::discriminant(os) == std::mem::discriminant(ns);
    if !same_kind {
        found.emit(
            Kind::SuccessBodyChanged,
            format!("returns {} → {}", describe(os), describe(ns)),
            no_facts(),
        );
        return None;
    }
    let (x, y) = (os.status(), ns.status());
    if x == y || matches!(os, Success::AnyJson) {
        return None;
    }
    found.emit(
        Kind::SuccessStatusChanged,
        format!("success status `{x}` → `{y}`"),
        no_facts(),
    );
    Some((x, y))
}

fn find(op: &Operation, s: Status) -> Option<&Response> {
    op.responses.iter().find(|r| r.status == s)
}

fn responses(found: &mut Found, sides: Sides<'_>, a: &Operation, b: &Operation) {
    found.direction = Some(Direction::Response);
    let renamed = success(found, a, b);
    if let Some((x, y)) = renamed {
        if let (Some(r), Some(s)) = (find(a, x), find(b, y)) {
            response(found, sides, &y.to_string(), r, s);
        }
    }
    for r in &a.responses {
        let is_renamed = renamed.is_some_and(|(x, _)| x == r.status);
        match find(b, r.status) {
            Some(s) => response(found, sides, &r.status.to_string(), r, s),
            None if is_renamed => {}
            None if r.status.is_success() => found.emit(
                Kind::SuccessResponseRemoved,
                format!("response `{}` removed", r.status),
                no_facts(),
            ),
            None => found.emit(
                Kind::ErrorResponseRemoved,
                format!("error response `{}` removed", r.status),
                no_facts(),
            ),
        }
    }
    for s in b.responses.iter().filter(|s| find(a, s.status).is_none()) {
        if renamed.is_some_and(|(_, y)| y == s.status) {
            continue;
        }
        let (kind, what) = if s.status.is_success() {
            (Kind::SuccessResponseAdded, "response")
        } else {
            (Kind::ErrorResponseAdded, "error response")
        };
        found.emit(kind, format!("{what} `{}` added", s.status), no_facts());
    }
}

fn response(found: &mut Found, sides: Sides<'_>, code: &str, o: &Response, n: &Response) {
    let label = format!("response {code}");
    if o.description != n.description {
        found.emit(
            Kind::DescriptionChanged,
            format!("{label}: description changed"),
            no_facts(),
        );
    }
    found.other_keywords(&o.other, &n.other, &format!("{label}: "), no_facts());
    // A success body that turns from JSON into something else (or back) changes the return
    // type, which `responses` reports; here it would be said twice.
    let json = |r: &Response| matches!(r.kind, BodyKind::Json(_));
    if n.status.is_success() && json(o) != json(n) {
        return;
    }
    content(
        found,
        sides,
        &label,
        Media::of_response(o),
        Media::of_response(n),
        false,
        false,
    );
}

/// Compare a shared parameter (`components.parameters`), once.
pub fn shared_parameter(
    found: &mut Found,
    sides: Sides<'_>,
    (a, b): (&Param, &Param),
    (a_omit, b_omit): (Option<&str>, Option<&str>),
) {
    let (o, n) = (
        Arg {
            key: ParamKey::Query(String::new()),
            param: a,
            omitted: a_omit,
        },
        Arg {
            key: ParamKey::Query(String::new()),
            param: b,
            omitted: b_omit,
        },
    );
    parameter(found, sides, &n.label(), &o, &n);
}
