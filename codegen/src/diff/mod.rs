//! `codegen diff`: what a spec change means for the people who use the generated client.
//!
//! Two validated documents are compared before normalization (which relaxes response schemas
//! and would hide changes), operation by operation and component by component. Every change
//! gets a stable kind (`parameter-removed`), a message, and a severity for a user of the
//! generated Rust client: `breaking`, `compatible` or `docs` (the rules, with the reasons, are
//! a table in [`classify`]). A change inside a shared schema is reported once, with the
//! operations it reaches and in which direction.
//!
//! The stages are small modules: [`input`] (loading with `codegen lint`'s diagnostics),
//! [`model`] (operations by route), [`compare`], [`operation`] and [`schema`] (the walk, with
//! [`rust_type`] mirroring the types the generator picks), [`classify`] (the rules), [`render`]
//! (text, markdown, JSON) and [`git`] (`--git REV`).

mod api;
pub mod classify;
mod compare;
mod found;
pub mod git;
pub mod input;
mod operation;
mod reach;
pub mod render;
mod schema;
mod waiter;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

pub use classify::{Direction, Kind, Severity};
pub use input::{diff_files, load_spec, DiffError};

use crate::ir::Api;
use classify::classify;
use found::Scope;
use reach::Dirs;

/// An operation a shared component reaches, and in which directions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// `GET /a/{id}`.
    pub operation: String,
    /// Request, response or both.
    pub directions: Vec<Direction>,
}

/// One change, classified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The spec, as named.
    pub api: String,
    /// `METHOD path`, or `None` for changes of the API itself or of a shared component.
    pub operation: Option<String>,
    /// The shared component (`#/components/schemas/X`), for changes inside one.
    pub component: Option<String>,
    /// Breaking, compatible or docs.
    pub severity: Severity,
    /// What kind of change it is (its stable name: `kind.name()`, `parameter-removed`).
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    /// What changed, for a reader.
    pub message: String,
    /// Why it has this severity, in a few words.
    pub reason: String,
    /// Request and/or response, for changes of schemas and parameters.
    pub directions: Vec<Direction>,
    /// The operations concerned: the operation itself, or those a component reaches.
    pub operations: Vec<String>,
    /// For component changes: each operation reached and in which directions.
    pub reach: Vec<Reach>,
}

fn kind_name<S: serde::Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.name())
}

/// Everything found comparing one or more pairs of specs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The specs compared (added and removed ones included).
    pub apis: Vec<String>,
    /// The changes, breaking first, then by API, operation and kind.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.severity == Severity::Breaking)
    }

    /// How many changes have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity == severity)
            .count()
    }

    /// Add another report's APIs and changes, keeping the order deterministic.
    pub fn merge(&mut self, other: Report) {
        self.apis.extend(other.apis);
        self.changes.extend(other.changes);
        self.sort();
    }

    /// Severity, then API, then operation, then kind; ties keep a fixed order (component,
    /// message) so the output never depends on the order of discovery.
    fn sort(&mut self) {
        self.changes.sort_by(|a, b| {
            (&a.component, &a.message, &a.operations).cmp(&(
                &b.component,
                &b.message,
                &b.operations,
            ))
        });
        self.changes.sort_by(|a, b| {
            (a.severity, &a.api, &a.operation, a.kind.name()).cmp(&(
                b.severity,
                &b.api,
                &b.operation,
                b.kind.name(),
            ))
        });
    }
}

fn one(api: &str, kind: Kind, message: String) -> Report {
    let (severity, reason) = classify(kind, &classify::Facts::default(), None);
    Report {
        apis: vec![api.to_string()],
        changes: vec![Change {
            api: api.to_string(),
            operation: None,
            component: None,
            severity,
            kind,
            message,
            reason: reason.to_string(),
            directions: Vec::new(),
            operations: Vec::new(),
            reach: Vec::new(),
        }],
    }
}

fn describe_api(api: &Api) -> String {
    let operations = api.operations.len();
    format!(
        "`{}` {} with {operations} operation{}",
        api.title,
        api.version,
        if operations == 1 { "" } else { "s" }
    )
}

/// A spec that only the new side has.
pub fn api_added(name: &str, api: &Api) -> Report {
    one(
        name,
        Kind::ApiAdded,
        format!("new API {}", describe_api(api)),
    )
}

/// A spec that only the old side has.
pub fn api_removed(name: &str, api: &Api) -> Report {
    one(
        name,
        Kind::ApiRemoved,
        format!("API {} removed", describe_api(api)),
    )
}

fn directions(d: Dirs) -> Vec<Direction> {
    let mut out = Vec::new();
    if d.request {
        out.push(Direction::Request);
    }
    if d.response {
        out.push(Direction::Response);
    }
    out
}

/// Compare two documents as they are, without validating them first: for callers that hold
/// documents rather than spec files (and for robustness tests). The IR of each is built the
/// way the pipeline builds it after validation; the comparison ends in a report whatever the
/// documents hold. Prefer [`load_spec`] and [`diff_apis`], which report invalid specs.
pub fn diff_docs(old_name: &str, old_doc: &Value, new_name: &str, new_doc: &Value) -> Report {
    let ir = |doc: &Value| {
        let mut doc = doc.clone();
        let mut sink = crate::diagnostic::Sink::new("diff", None);
        let plan = crate::normalize::normalize(&mut doc, &mut sink);
        crate::ir::build(&doc, &plan)
    };
    diff_apis(old_name, &ir(old_doc), new_name, &ir(new_doc))
}

/// The operations on both sides that reach `component` on both sides, in the directions they
/// use it on both sides: a change inside it reaches them.
fn reached_by(
    comparison: &compare::Comparison,
    (old, new): (&reach::Reach, &reach::Reach),
    component: &str,
) -> Vec<(String, Dirs)> {
    let (Some(o), Some(n)) = (old.get(component), new.get(component)) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Dirs)> = comparison
        .pairs
        .iter()
        .filter_map(|(ok, nk, label)| {
            let d = o.get(ok)?.and(*n.get(nk)?);
            (!d.is_empty()).then(|| (label.clone(), d))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The severity, reason and directions of a change inside a shared component: judged for
/// each direction the operations use it in, the worst one winning.
fn component_verdict(
    raw: &found::Raw,
    reached: &[(String, Dirs)],
) -> (Severity, String, Vec<Direction>) {
    let used = reached
        .iter()
        .fold(Dirs::default(), |acc, (_, d)| acc.or(*d));
    // A type no operation uses is still generated: judge it both ways.
    let judged = if used.is_empty() { Dirs::BOTH } else { used };
    let verdicts: Vec<(Severity, &str, Direction)> = directions(judged)
        .into_iter()
        .map(|d| {
            let (s, r) = classify(raw.kind, &raw.facts, Some(d));
            (s, r, d)
        })
        .collect();
    let worst = verdicts.iter().min_by_key(|v| v.0).copied().unwrap_or((
        Severity::Compatible,
        "",
        Direction::Request,
    ));
    let differs = verdicts.iter().any(|v| v.0 != worst.0);
    let reason = if differs {
        format!("in {}s: {}", worst.2.name(), worst.1)
    } else {
        worst.1.to_string()
    };
    (worst.0, reason, directions(used))
}

/// One finding, classified.
fn change(api: &str, raw: &found::Raw, reached: Vec<(String, Dirs)>) -> Change {
    let (operation, component) = match &raw.scope {
        Scope::Api => (None, None),
        Scope::Operation { label, .. } => (Some(label.clone()), None),
        Scope::Component(c) => (None, Some(c.clone())),
    };
    let (severity, reason, dirs) = match (raw.direction, &raw.scope) {
        (Some(d), _) => {
            let (s, r) = classify(raw.kind, &raw.facts, Some(d));
            (s, r.to_string(), vec![d])
        }
        (None, Scope::Component(_)) => component_verdict(raw, &reached),
        (None, _) => {
            let (s, r) = classify(raw.kind, &raw.facts, None);
            (s, r.to_string(), Vec::new())
        }
    };
    let operations = match (&operation, &component) {
        (Some(op), _) => vec![op.clone()],
        (None, Some(_)) => reached.iter().map(|(l, _)| l.clone()).collect(),
        (None, None) => Vec::new(),
    };
    Change {
        api: api.to_string(),
        operation,
        component,
        severity,
        kind: raw.kind,
        message: raw.message.clone(),
        reason,
        directions: dirs,
        operations,
        reach: reached
            .iter()
            .map(|(l, d)| Reach {
                operation: l.clone(),
                directions: directions(*d),
            })
            .collect(),
    }
}

/// Compare two APIs, each built by the generator's own pipeline (`load`, `validate`,
/// `normalize`, `ir`): every verdict follows from the same model the generator emits from.
/// Changes are reported under the new side's name, so that a file renamed between two
/// revisions keeps one key; the old name is accepted for symmetry and for callers that name
/// both sides in their own output.
pub fn diff_apis(_old_name: &str, old: &Api, new_name: &str, new: &Api) -> Report {
    let comparison = compare::compare(old, new);
    let reaches = (reach::reach(old), reach::reach(new));
    let mut reach_of: BTreeMap<String, Vec<(String, Dirs)>> = BTreeMap::new();
    let changes = comparison
        .raws
        .iter()
        .map(|raw| {
            let reached = match &raw.scope {
                Scope::Component(c) => reach_of
                    .entry(c.clone())
                    .or_insert_with(|| reached_by(&comparison, (&reaches.0, &reaches.1), c))
                    .clone(),
                _ => Vec::new(),
            };
            change(new_name, raw, reached)
        })
        .collect();
    let mut report = Report {
        apis: vec![new_name.to_string()],
        changes,
    };
    report.sort();
    report
}
