//! `$ref` checks. After them, every reference that a later stage may follow names a whole
//! component (`#/components/<section>/<name>`) that exists, of the kind its place expects;
//! references between components form no cycle except through an array's `items` or a map's
//! `additionalProperties` (a `Vec<Node>` or a map of `Node`s needs no box, and every later
//! walk of schemas stops at a component it has seen or at a depth bound); and a chain of components that are each a
//! `$ref` to the next is at most [`MAX_REF_CHAIN`] long. So no stage can follow a reference
//! into a node that contains it, and `refs::resolve` always reaches the end of a chain.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::structure::{short, Object, RefPlace, TypedRef};
use crate::diagnostic::Sink;
use crate::refs::lookup;
use crate::rules::Rule;

/// How many references a chain of components that are each a `$ref` may have. Later stages
/// follow chains with `refs::resolve`, which gives up after 64 hops.
pub const MAX_REF_CHAIN: usize = 32;

/// Every `$ref` with the pointer of the node that holds it, in document data as well as in
/// OpenAPI objects: later stages look for `$ref` keys everywhere but under `example` and
/// `examples`, so this does too.
pub fn all_refs(doc: &Value) -> Vec<(String, String)> {
    crate::walk::nodes(doc)
        .filter_map(|(pointer, node)| match node.get("$ref") {
            Some(Value::String(r)) => Some((pointer, r.clone())),
            _ => None,
        })
        .collect()
}

/// One reference to check: where it is, what it says, and what its place expects (`None`
/// for a `$ref` in data, such as an extension's value).
struct Reference<'a> {
    pointer: &'a str,
    target: &'a str,
    expects: Option<Object>,
}

/// Report external, misplaced, dangling, cyclic and overlong references. `typed` are the
/// references the structure check found in OpenAPI objects.
pub fn check(doc: &Value, typed: &[TypedRef], sink: &mut Sink) {
    let untyped = all_refs(doc);
    let places: HashMap<&str, &TypedRef> = typed.iter().map(|t| (t.pointer.as_str(), t)).collect();
    let mut refs: Vec<Reference> = Vec::new();
    for t in typed {
        if let RefPlace::Typed(object) = t.place {
            refs.push(Reference {
                pointer: &t.pointer,
                target: &t.target,
                expects: Some(object),
            });
        }
    }
    for (pointer, target) in &untyped {
        // A path item's `$ref` is reported by the operation checks, and nothing follows it.
        if !places.contains_key(pointer.as_str()) && !is_path_item(pointer) {
            refs.push(Reference {
                pointer,
                target,
                expects: None,
            });
        }
    }
    refs.sort_by(|a, b| a.pointer.cmp(b.pointer));
    for r in &refs {
        one(doc, r, sink);
    }
    if sink.has_errors() {
        return;
    }
    // A schema that holds itself through an array or a map is finite (the collection may be
    // empty); only the other references can make a type that contains itself.
    let direct: Vec<&Reference> = refs
        .iter()
        .filter(|r| !through_collection(r.pointer))
        .collect();
    cycles(&Graph::new(&direct), sink);
    if !sink.has_errors() {
        let all: Vec<&Reference> = refs.iter().collect();
        chains(doc, &Graph::new(&all), sink);
    }
}

fn is_path_item(pointer: &str) -> bool {
    let mut tokens = pointer.split('/').skip(1);
    tokens.next() == Some("paths") && tokens.next().is_some() && tokens.next().is_none()
}

/// `#/components/schemas/A~1B` -> (`schemas`, `A/B`), for a reference to a whole component.
fn component(target: &str) -> Option<(&str, String)> {
    let rest = target.strip_prefix("#/components/")?;
    let (section, name) = rest.split_once('/')?;
    if section.is_empty() || name.is_empty() || name.contains('/') {
        return None;
    }
    Some((section, crate::refs::unescape(name)))
}

fn one(doc: &Value, r: &Reference<'_>, sink: &mut Sink) {
    let (pointer, target) = (r.pointer, r.target);
    let shown = short(target);
    if !target.starts_with('#') {
        return sink.report(
            pointer,
            Rule::ExternalRef,
            format!("`$ref: {shown}` points outside this file"),
            "inline the referenced definition under components and refer to it as `#/components/...`",
        );
    }
    let found = component(target);
    match (r.expects, &found) {
        (Some(object), _) => {
            let section = object.section().unwrap_or_default();
            if found.as_ref().is_none_or(|(s, _)| *s != section) {
                return sink.report(
                    pointer,
                    Rule::RefWrongKind,
                    format!(
                        "{} may only refer to `#/components/{section}/<name>`, not to `{shown}`",
                        object.with_article()
                    ),
                    format!(
                        "point `$ref` at a component under `components/{section}`, or write the {} Object here inline",
                        object.name()
                    ),
                );
            }
        }
        (None, None) => {
            return sink.report(
                pointer,
                Rule::RefWrongKind,
                format!("`$ref: {shown}` does not name a component (`#/components/<section>/<name>`)"),
                "point it at a component; if this is data and not a reference, rename the `$ref` key",
            );
        }
        (None, Some(_)) => {}
    }
    if lookup(doc, target).is_none() {
        sink.report(
            pointer,
            Rule::DanglingRef,
            format!("`$ref: {shown}` points at nothing"),
            "define it under components or fix the reference",
        );
    }
}

/// Components and the references between them: an edge from the component that holds a
/// reference to the component it names.
struct Graph {
    names: Vec<String>,
    edges: Vec<Vec<usize>>,
}

impl Graph {
    fn new(refs: &[&Reference<'_>]) -> Graph {
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut pairs = Vec::new();
        for r in refs {
            if let Some(from) = component_of(r.pointer) {
                let to = r.target.trim_start_matches('#').to_string();
                pairs.push((from, to));
            }
        }
        // Sorted ids, so that reports come in a stable order.
        for (from, to) in &pairs {
            ids.entry(from.clone()).or_default();
            ids.entry(to.clone()).or_default();
        }
        for (i, id) in ids.values_mut().enumerate() {
            *id = i;
        }
        let mut edges = vec![Vec::new(); ids.len()];
        for (from, to) in &pairs {
            edges[ids[from]].push(ids[to]);
        }
        for e in &mut edges {
            e.sort_unstable();
            e.dedup();
        }
        Graph {
            names: ids.into_keys().collect(),
            edges,
        }
    }

    fn id(&self, name: &str) -> Option<usize> {
        self.names.binary_search_by(|n| n.as_str().cmp(name)).ok()
    }
}

/// Whether the `$ref` at `pointer`, inside a component schema, is reached through an array's
/// `items` or an `additionalProperties` schema: `/components/schemas/Node/properties/children/items`
/// is, `/components/schemas/Node/properties/items` (a property called `items`) is not.
fn through_collection(pointer: &str) -> bool {
    let mut tokens = pointer.split('/').skip(1);
    if tokens.next() != Some("components") || tokens.next() != Some("schemas") {
        return false;
    }
    let _component = tokens.next();
    // Alternate between a schema's keyword and what follows it.
    while let Some(keyword) = tokens.next() {
        match keyword {
            "items" | "additionalProperties" => return true,
            // A property's name, or a member's index, comes before the next schema.
            "properties" | "allOf" | "oneOf" | "anyOf" => {
                tokens.next();
            }
            _ => {}
        }
    }
    false
}

/// `/components/schemas/A/properties/x` -> `/components/schemas/A`.
fn component_of(pointer: &str) -> Option<String> {
    let parts: Vec<&str> = pointer.splitn(5, '/').collect();
    if parts.len() >= 4 && parts[1] == "components" {
        Some(format!("/{}/{}/{}", parts[1], parts[2], parts[3]))
    } else {
        None
    }
}

/// One error per set of mutually recursive components, at the first of them.
fn cycles(graph: &Graph, sink: &mut Sink) {
    let mut found = strongly_connected(&graph.edges);
    for scc in &mut found {
        scc.sort_unstable();
    }
    found.sort();
    for scc in found {
        let start = scc[0];
        let path = cycle_through(graph, start, &scc);
        let schemas = scc
            .iter()
            .all(|&i| graph.names[i].starts_with("/components/schemas/"));
        let fix = if schemas {
            "break the cycle, for example by making the innermost property an open object (`type: object, additionalProperties: true`)"
        } else {
            "write the definition itself in place of one of these `$ref`s"
        };
        sink.report(
            &graph.names[start],
            Rule::RefCycle,
            format!("recursive references: {}", path_text(graph, &path)),
            fix,
        );
    }
}

/// `A -> B -> A`, with the middle left out when the cycle is long.
fn path_text(graph: &Graph, path: &[usize]) -> String {
    let names: Vec<&str> = path.iter().map(|&i| graph.names[i].as_str()).collect();
    if names.len() <= 8 {
        return names.join(" -> ");
    }
    format!(
        "{} -> … ({} more) … -> {}",
        names[..3].join(" -> "),
        names.len() - 5,
        names[names.len() - 2..].join(" -> ")
    )
}

/// The strongly connected components that hold a cycle (Tarjan's algorithm, iterative, so
/// that a long chain of references cannot overflow the stack; linear in the graph's size).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        (index[root], low[root], next) = (next, next, next + 1);
        stack.push(root);
        on_stack[root] = true;
        while let Some((v, i)) = calls.last_mut() {
            let v = *v;
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == UNSEEN {
                    (index[w], low[w], next) = (next, next, next + 1);
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 || edges[v].contains(&v) {
                    out.push(scc);
                }
            }
        }
    }
    out
}

/// A shortest cycle from `start` back to itself inside `scc` (breadth first).
fn cycle_through(graph: &Graph, start: usize, scc: &[usize]) -> Vec<usize> {
    let members: HashSet<usize> = scc.iter().copied().collect();
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &graph.edges[v] {
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while let Some(&p) = parent.get(&at) {
                    path.push(p);
                    at = p;
                }
                if at != start {
                    path.push(start);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if members.contains(&w) && !parent.contains_key(&w) {
                parent.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start, start]
}

/// Report chains of components that are each a `$ref` to the next, longer than
/// [`MAX_REF_CHAIN`], once per chain (at its first component).
fn chains(doc: &Value, graph: &Graph, sink: &mut Sink) {
    // The component each alias (a component that is itself a `$ref`) points to.
    let alias_of = |id: usize| -> Option<usize> {
        let name = &graph.names[id];
        let target = lookup(doc, &format!("#{name}"))?.get("$ref")?.as_str()?;
        graph.id(target.trim_start_matches('#'))
    };
    let next: Vec<Option<usize>> = (0..graph.names.len()).map(alias_of).collect();
    let hops = chain_lengths(&next);
    let mut is_target = vec![false; next.len()];
    for &t in next.iter().flatten() {
        is_target[t] = true;
    }
    for head in (0..next.len()).filter(|&i| hops[i] > MAX_REF_CHAIN && !is_target[i]) {
        let mut path = vec![head];
        let mut at = head;
        // There is no cycle (checked before), so the walk ends.
        while let Some(t) = next[at] {
            path.push(t);
            at = t;
        }
        sink.report(
            &graph.names[head],
            Rule::RefChain,
            format!(
                "this component reaches its definition through {} references ({}); at most {MAX_REF_CHAIN} are followed",
                hops[head],
                path_text(graph, &path)
            ),
            "refer to the final component directly",
        );
    }
}

/// For each component, how many references lead from it to a component that is not a
/// `$ref` (0 for one that is not). Each chain is walked once: linear in the number of
/// components. `next` has no cycle.
fn chain_lengths(next: &[Option<usize>]) -> Vec<usize> {
    const UNKNOWN: usize = usize::MAX;
    let mut hops = vec![UNKNOWN; next.len()];
    for start in 0..next.len() {
        let mut path = Vec::new();
        let mut at = start;
        while hops[at] == UNKNOWN {
            match next[at] {
                Some(t) if path.len() <= next.len() => {
                    path.push(at);
                    at = t;
                }
                _ => {
                    hops[at] = 0;
                }
            }
        }
        let mut count = hops[at];
        for &p in path.iter().rev() {
            count += 1;
            hops[p] = count;
        }
    }
    hops
}
