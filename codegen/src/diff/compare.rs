//! Walking two APIs side by side: the API as a whole, the shared components (each once), and
//! the matching of operations by route (what happens inside one is `operation`'s business).

use std::collections::BTreeSet;

use super::classify::{Direction, Kind, Position};
use super::found::{no_facts, Found, Raw, Scope};
use super::reach::RouteKey;
use super::schema::{self, Root, Sides};
use crate::diagnostic::escape;
use crate::ir::{Api, Operation};

/// What comparing two APIs found.
#[derive(Debug, Default)]
pub struct Comparison {
    /// The changes, unclassified.
    pub raws: Vec<Raw>,
    /// Operations on both sides: old route, new route, label (new side).
    pub pairs: Vec<(RouteKey, RouteKey, String)>,
}

/// Compare two APIs.
pub fn compare(old: &Api, new: &Api) -> Comparison {
    let mut found = Found::default();
    let unions = old.union_places();
    let sides = Sides {
        old,
        new,
        unions: &unions,
    };
    super::api::compare(&mut found, old, new);
    components(&mut found, sides);
    let pairs = operations(&mut found, sides);
    Comparison {
        raws: found.raws,
        pairs,
    }
}

/// Shared components, each compared once: schemas (which are Rust types) and parameters.
fn components(found: &mut Found, sides: Sides<'_>) {
    let (o, n) = (sides.old, sides.new);
    let names: BTreeSet<&String> = o
        .schemas
        .iter()
        .chain(&n.schemas)
        .map(|c| &c.name)
        .collect();
    for name in names {
        let reference = format!("#/components/schemas/{}", escape(name));
        found.at(Scope::Component(reference), None);
        match (o.component(name), n.component(name)) {
            (Some(_), None) => found.emit(
                Kind::TypeRemoved,
                format!("type `{name}` removed"),
                no_facts(),
            ),
            (None, Some(_)) => {
                found.emit(Kind::TypeAdded, format!("type `{name}` added"), no_facts())
            }
            (Some(a), Some(b)) => {
                let root = Root::Component(name.clone());
                schema::compare(
                    found,
                    sides,
                    &root,
                    &a.schema,
                    &b.schema,
                    Position::Other,
                    true,
                );
            }
            (None, None) => {}
        }
    }
    for (name, a, a_omit) in &o.shared_parameters {
        let Some((_, b, b_omit)) = n.shared_parameters.iter().find(|(m, _, _)| m == name) else {
            continue;
        };
        let reference = format!("#/components/parameters/{}", escape(name));
        found.at(Scope::Component(reference), Some(Direction::Request));
        let omitted = (a_omit.as_deref(), b_omit.as_deref());
        super::operation::shared_parameter(found, sides, (a, b), omitted);
    }
}

fn keyed(api: &Api) -> Vec<(RouteKey, &Operation)> {
    api.operations
        .iter()
        .map(|op| (RouteKey::of(op), op))
        .collect()
}

fn get<'a>(list: &[(RouteKey, &'a Operation)], k: &RouteKey) -> Option<&'a Operation> {
    list.iter().find(|(x, _)| x == k).map(|(_, o)| *o)
}

/// Match the operations of both sides, report those added and removed, and compare the rest.
fn operations(found: &mut Found, sides: Sides<'_>) -> Vec<(RouteKey, RouteKey, String)> {
    let (old, new) = (keyed(sides.old), keyed(sides.new));
    let removed: Vec<&(RouteKey, &Operation)> =
        old.iter().filter(|(k, _)| get(&new, k).is_none()).collect();
    let added: Vec<&(RouteKey, &Operation)> =
        new.iter().filter(|(k, _)| get(&old, k).is_none()).collect();
    let mut pairs: Vec<(RouteKey, RouteKey, bool)> = old
        .iter()
        .filter(|(k, _)| get(&new, k).is_some())
        .map(|(k, _)| (k.clone(), k.clone(), false))
        .collect();
    // An operation that kept its method name but moved to another route is the same method.
    let mut moved_to: BTreeSet<&RouteKey> = BTreeSet::new();
    let mut moved_from: BTreeSet<&RouteKey> = BTreeSet::new();
    for (r, op) in &removed {
        if let Some((a, _)) = added
            .iter()
            .find(|(a, other)| !moved_to.contains(a) && other.id == op.id)
        {
            moved_to.insert(a);
            moved_from.insert(r);
            pairs.push((r.clone(), a.clone(), true));
        }
    }
    for (r, op) in removed.iter().filter(|(r, _)| !moved_from.contains(r)) {
        found.at(
            Scope::Operation {
                key: r.clone(),
                label: op.label(),
            },
            None,
        );
        found.emit(
            Kind::OperationRemoved,
            format!("operation removed (method `{}`)", op.id),
            no_facts(),
        );
    }
    for (a, op) in added.iter().filter(|(a, _)| !moved_to.contains(a)) {
        found.at(
            Scope::Operation {
                key: a.clone(),
                label: op.label(),
            },
            None,
        );
        found.emit(
            Kind::OperationAdded,
            format!("new operation (method `{}`)", op.id),
            no_facts(),
        );
    }
    let mut out = Vec::new();
    pairs.sort();
    for (ok, nk, moved) in pairs {
        let (Some(a), Some(b)) = (get(&old, &ok), get(&new, &nk)) else {
            continue;
        };
        super::operation::operation(found, sides, &nk, a, b, moved);
        out.push((ok, nk, b.label()));
    }
    out
}
