//! Walking two documents side by side: the API as a whole (servers, security, info), the shared
//! components (each once), and the matching of operations by route (what happens inside one
//! is `operation`'s business). Each finding is a raw change: a kind, where it is, a message,
//! and the facts and direction that `classify` needs.

use std::collections::BTreeSet;

use serde_json::Value;

use super::classify::{Facts, Kind, Position};
use super::model::{requirement_schemes, Model, RouteKey};
use super::schema::{self, show_opt, Root};
use super::Direction;
use crate::ir::template_names;
use crate::refs::resolve;

/// Where a change is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// The API as a whole (servers, security, info).
    Api,
    /// One operation.
    Operation {
        /// Its route on the new side.
        key: RouteKey,
        /// `GET /a/{id}`.
        label: String,
    },
    /// A shared component (`#/components/schemas/X`), reported once.
    Component(String),
}

/// One finding, before classification.
#[derive(Clone, Debug)]
pub struct Raw {
    /// What changed.
    pub kind: Kind,
    /// Where.
    pub scope: Scope,
    /// For the reader.
    pub message: String,
    /// For the rules.
    pub facts: Facts,
    /// Request or response, when the change is in a schema or a parameter of an operation;
    /// `None` for changes of components (their operations decide) and of the API itself.
    pub direction: Option<Direction>,
}

/// The state of a walk: both documents, where we are, and what was found.
pub struct Ctx<'a> {
    /// The old document.
    pub old_doc: &'a Value,
    /// The new document.
    pub new_doc: &'a Value,
    scope: Scope,
    /// The direction of what is being compared now.
    pub(super) direction: Option<Direction>,
    out: Vec<Raw>,
}

impl Ctx<'_> {
    /// Record a change at the current scope and direction.
    pub fn emit(&mut self, kind: Kind, message: String, facts: Facts) {
        self.out.push(Raw {
            kind,
            scope: self.scope.clone(),
            message,
            facts,
            direction: self.direction,
        });
    }

    /// Move to another scope and direction.
    pub(super) fn at(&mut self, scope: Scope, direction: Option<Direction>) {
        self.scope = scope;
        self.direction = direction;
    }
}

/// What comparing two documents found.
#[derive(Debug, Default)]
pub struct Comparison {
    /// The changes, unclassified.
    pub raws: Vec<Raw>,
    /// Operations on both sides: old route, new route, label (new side).
    pub pairs: Vec<(RouteKey, RouteKey, String)>,
}

/// Compare two documents.
pub fn compare<'a>(old: &Model<'a>, new: &Model<'a>) -> Comparison {
    let mut ctx = Ctx {
        old_doc: old.doc,
        new_doc: new.doc,
        scope: Scope::Api,
        direction: None,
        out: Vec::new(),
    };
    api_level(&mut ctx);
    components(&mut ctx);
    let pairs = operations(&mut ctx, old, new);
    Comparison {
        raws: ctx.out,
        pairs,
    }
}

/// No facts: for changes whose severity does not depend on any.
/// Keywords of two objects that `known` does not list and that differ: each is reported as
/// `keyword-changed`, so that nothing changes unseen.
pub(super) fn other_keywords(
    ctx: &mut Ctx<'_>,
    o: &Value,
    n: &Value,
    known: &[&str],
    prefix: &str,
    facts: Facts,
) {
    let keys: BTreeSet<&String> = o
        .as_object()
        .into_iter()
        .chain(n.as_object())
        .flat_map(|m| m.keys())
        .collect();
    for k in keys {
        if !known.contains(&k.as_str()) && o.get(k) != n.get(k) {
            ctx.emit(
                Kind::KeywordChanged,
                format!("{prefix}`{k}` changed"),
                facts,
            );
        }
    }
}

pub(super) fn no_facts() -> Facts {
    Facts::default()
}

fn api_level(ctx: &mut Ctx<'_>) {
    let (o, n) = (ctx.old_doc, ctx.new_doc);
    ctx.at(Scope::Api, None);
    for key in ["title", "version"] {
        if o["info"][key] != n["info"][key] {
            ctx.emit(
                Kind::InfoChanged,
                format!(
                    "info.{key} {} → {}",
                    show_opt(o["info"].get(key)),
                    show_opt(n["info"].get(key))
                ),
                no_facts(),
            );
        }
    }
    for key in ["description", "termsOfService", "contact", "license"] {
        if o["info"][key] != n["info"][key] {
            ctx.emit(Kind::InfoChanged, format!("info.{key} changed"), no_facts());
        }
    }
    if o["externalDocs"] != n["externalDocs"] {
        ctx.emit(
            Kind::ExternalDocsChanged,
            "externalDocs changed".into(),
            no_facts(),
        );
    }
    if o["tags"] != n["tags"] {
        ctx.emit(
            Kind::TagsChanged,
            "the list of tags changed".into(),
            no_facts(),
        );
    }
    servers(ctx);
    match (
        requirement_schemes(o, &o["security"]),
        requirement_schemes(n, &n["security"]),
    ) {
        (None, Some(b)) => ctx.emit(
            Kind::SecurityAdded,
            format!("the API now requires {}", list(&b)),
            no_facts(),
        ),
        (Some(a), None) => ctx.emit(
            Kind::SecurityRemoved,
            format!("the API no longer requires credentials (was {})", list(&a)),
            no_facts(),
        ),
        (Some(a), Some(b)) if a != b => ctx.emit(
            Kind::SecurityChanged,
            format!("security {} → {}", list(&a), list(&b)),
            no_facts(),
        ),
        _ => {}
    }
    let schemes = |d: &Value| -> BTreeSet<String> {
        d["components"]["securitySchemes"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    for name in schemes(o).intersection(&schemes(n)) {
        let path = |d: &'_ Value| d["components"]["securitySchemes"][name]["description"].clone();
        if path(o) != path(n) {
            ctx.emit(
                Kind::DescriptionChanged,
                format!("security scheme `{name}`: description changed"),
                no_facts(),
            );
        }
    }
    if o["x-datacloud"]["env"] != n["x-datacloud"]["env"] {
        ctx.emit(
            Kind::CredentialsEnvChanged,
            format!(
                "x-datacloud.env {} → {}",
                show_opt(o["x-datacloud"].get("env")),
                show_opt(n["x-datacloud"].get("env"))
            ),
            no_facts(),
        );
    }
}

/// Security schemes, for messages.
pub(super) fn list(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(" or ")
}

/// A server's URL with its variables replaced by their defaults.
fn base_url(server: &Value) -> String {
    let url = server["url"].as_str().unwrap_or_default();
    template_names(url).iter().fold(url.to_string(), |u, name| {
        match server["variables"][name]["default"].as_str() {
            Some(d) => u.replace(&format!("{{{name}}}"), d),
            None => u,
        }
    })
}

fn servers(ctx: &mut Ctx<'_>) {
    let (o, n) = (ctx.old_doc, ctx.new_doc);
    let empty = Vec::new();
    let a = o["servers"].as_array().unwrap_or(&empty);
    let b = n["servers"].as_array().unwrap_or(&empty);
    let (first_a, first_b) = (a.first().map(base_url), b.first().map(base_url));
    let changed = first_a != first_b;
    if changed {
        let show_url = |u: &Option<String>| {
            u.as_ref()
                .map(|u| format!("`{u}`"))
                .unwrap_or_else(|| "(none)".into())
        };
        ctx.emit(
            Kind::ServerChanged,
            format!(
                "default server {} → {}",
                show_url(&first_a),
                show_url(&first_b)
            ),
            no_facts(),
        );
    }
    let vars = |s: Option<&Value>| {
        s.map(|s| template_names(s["url"].as_str().unwrap_or_default()))
            .unwrap_or_default()
    };
    let (va, vb) = (vars(a.first()), vars(b.first()));
    if va != vb {
        ctx.emit(
            Kind::ServerVariablesChanged,
            format!("server variables ({}) → ({})", va.join(", "), vb.join(", ")),
            no_facts(),
        );
    }
    let urls = |l: &[Value]| l.iter().map(base_url).collect::<BTreeSet<_>>();
    let (ua, ub) = (urls(a), urls(b));
    for url in ua.difference(&ub) {
        if !(changed && Some(url) == first_a.as_ref()) {
            ctx.emit(
                Kind::ServerRemoved,
                format!("server `{url}` removed"),
                no_facts(),
            );
        }
    }
    for url in ub.difference(&ua) {
        if !(changed && Some(url) == first_b.as_ref()) {
            ctx.emit(
                Kind::ServerAdded,
                format!("server `{url}` added"),
                no_facts(),
            );
        }
    }
    for (x, y) in a.iter().zip(b.iter()) {
        if base_url(x) == base_url(y) && x["description"] != y["description"] {
            ctx.emit(
                Kind::DescriptionChanged,
                format!("server `{}`: description changed", base_url(y)),
                no_facts(),
            );
        }
    }
}

/// Shared components, each compared once: schemas (which are Rust types) and parameters.
fn components(ctx: &mut Ctx<'_>) {
    let (o, n) = (ctx.old_doc, ctx.new_doc);
    let names = |d: &'_ Value, kind: &str| -> BTreeSet<String> {
        d["components"][kind]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (old_schemas, new_schemas) = (names(o, "schemas"), names(n, "schemas"));
    for name in old_schemas.union(&new_schemas) {
        let reference = format!("#/components/schemas/{}", escape(name));
        ctx.at(Scope::Component(reference), None);
        match (
            o["components"]["schemas"].get(name),
            n["components"]["schemas"].get(name),
        ) {
            (Some(_), None) => ctx.emit(
                Kind::TypeRemoved,
                format!("type `{name}` removed"),
                no_facts(),
            ),
            (None, Some(_)) => {
                ctx.emit(Kind::TypeAdded, format!("type `{name}` added"), no_facts())
            }
            (Some(a), Some(b)) => schema::compare(
                ctx,
                &Root::Component(name.clone()),
                a,
                b,
                Position::Other,
                true,
            ),
            (None, None) => {}
        }
    }
    let (old_params, new_params) = (names(o, "parameters"), names(n, "parameters"));
    for name in old_params.intersection(&new_params) {
        let reference = format!("#/components/parameters/{}", escape(name));
        ctx.at(Scope::Component(reference), Some(Direction::Request));
        let a = resolve(o, &o["components"]["parameters"][name]);
        let b = resolve(n, &n["components"]["parameters"][name]);
        let label = format!(
            "parameter `{}` ({})",
            b["name"].as_str().unwrap_or(name),
            b["in"].as_str().unwrap_or("?")
        );
        super::operation::parameter(ctx, &label, a, b);
    }
}

fn escape(token: &str) -> String {
    crate::diagnostic::escape(token)
}

/// Match the operations of both sides, report those added and removed, and compare the rest.
fn operations<'a>(
    ctx: &mut Ctx<'a>,
    old: &Model<'a>,
    new: &Model<'a>,
) -> Vec<(RouteKey, RouteKey, String)> {
    let removed: Vec<&RouteKey> = old
        .operations
        .keys()
        .filter(|k| !new.operations.contains_key(*k))
        .collect();
    let added: Vec<&RouteKey> = new
        .operations
        .keys()
        .filter(|k| !old.operations.contains_key(*k))
        .collect();
    let mut pairs: Vec<(RouteKey, RouteKey, bool)> = old
        .operations
        .keys()
        .filter(|k| new.operations.contains_key(*k))
        .map(|k| (k.clone(), k.clone(), false))
        .collect();
    // An operation that kept its method name but moved to another route is the same method.
    let mut moved_to: BTreeSet<&RouteKey> = BTreeSet::new();
    let mut moved_from: BTreeSet<&RouteKey> = BTreeSet::new();
    for r in &removed {
        let name = &old.operations[*r].rust_name;
        if let Some(a) = added
            .iter()
            .find(|a| !moved_to.contains(**a) && &new.operations[**a].rust_name == name)
        {
            moved_to.insert(a);
            moved_from.insert(r);
            pairs.push(((*r).clone(), (*a).clone(), true));
        }
    }
    for r in removed.iter().filter(|r| !moved_from.contains(**r)) {
        let op = &old.operations[*r];
        ctx.at(
            Scope::Operation {
                key: (*r).clone(),
                label: op.label(),
            },
            None,
        );
        ctx.emit(
            Kind::OperationRemoved,
            format!("operation removed (method `{}`)", op.rust_name),
            no_facts(),
        );
    }
    for a in added.iter().filter(|a| !moved_to.contains(**a)) {
        let op = &new.operations[*a];
        ctx.at(
            Scope::Operation {
                key: (*a).clone(),
                label: op.label(),
            },
            None,
        );
        ctx.emit(
            Kind::OperationAdded,
            format!("new operation (method `{}`)", op.rust_name),
            no_facts(),
        );
    }
    let mut out = Vec::new();
    for (ok, nk, moved) in pairs {
        let (Some(a), Some(b)) = (old.operations.get(&ok), new.operations.get(&nk)) else {
            continue;
        };
        super::operation::operation(ctx, &nk, a, b, moved);
        out.push((ok, nk, b.label()));
    }
    out
}
