//! Comparing two schemas: fields, types, enums, bounds, formats, defaults, nullability and
//! unions, in an explicit direction (a request or a response schema).
//!
//! The walk uses an explicit stack of pairs, so a deep schema cannot overflow ours, and stops at
//! a nesting depth limit with a `not-compared` change rather than building ever longer paths.
//! A reference to the same component on both sides is not followed: components are compared
//! once on their own (see `compare::components`) and reported with the operations they reach.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::classify::{Facts, Kind, Position};
use super::compare::Ctx;
use super::rust_type::{scalar_type, shape, Shape};
use crate::refs::{resolve, schema_ref_name};

/// How deep the comparison follows nested schemas before giving up on a branch.
pub const MAX_DEPTH: usize = 64;

/// How many pairs of schemas one comparison looks at before giving up. Validated documents
/// stay far below it; it bounds the work on documents that were not validated (reference
/// cycles, say) when the library is called directly.
pub const MAX_PAIRS: usize = 200_000;

/// Bound keywords and whether a larger value is tighter (`minimum`) or looser (`maximum`).
/// `None` marks the boolean and the unordered ones.
const BOUNDS: [(&str, Option<bool>); 12] = [
    ("minimum", Some(true)),
    ("maximum", Some(false)),
    ("exclusiveMinimum", None),
    ("exclusiveMaximum", None),
    ("multipleOf", None),
    ("minLength", Some(true)),
    ("maxLength", Some(false)),
    ("minItems", Some(true)),
    ("maxItems", Some(false)),
    ("uniqueItems", None),
    ("minProperties", Some(true)),
    ("maxProperties", Some(false)),
];

/// Keywords this module compares; a change to any other one is a `keyword-changed`.
const KNOWN: [&str; 32] = [
    "$ref",
    "type",
    "format",
    "enum",
    "nullable",
    "default",
    "description",
    "title",
    "example",
    "externalDocs",
    "deprecated",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "oneOf",
    "anyOf",
    "allOf",
    "discriminator",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// How a schema is named in messages: a component, or a place in an operation.
#[derive(Clone, Debug)]
pub enum Root {
    /// `#/components/schemas/<name>`.
    Component(String),
    /// "request body", "response 200", "parameter `limit` (query)".
    Label(String),
}

impl Root {
    /// The place of `path` under this root, as messages show it.
    pub fn place(&self, path: &str) -> String {
        match self {
            Root::Component(n) if path.is_empty() => format!("`{n}`"),
            Root::Component(n) if path.starts_with(['[', '<']) => format!("`{n}{path}`"),
            Root::Component(n) => format!("`{n}.{path}`"),
            Root::Label(l) if path.is_empty() => l.clone(),
            Root::Label(l) => format!("{l} `{path}`"),
        }
    }
}

/// A value as messages show it: strings in backticks, the rest as JSON.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// A value that may be absent, as messages show it.
pub fn show_opt(v: Option<&Value>) -> String {
    v.map(show).unwrap_or_else(|| "(none)".to_string())
}

fn show_list(values: &[&Value]) -> String {
    values
        .iter()
        .map(|v| show(v))
        .collect::<Vec<_>>()
        .join(", ")
}

fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// One pair of schemas waiting to be compared.
struct Work<'a> {
    old: &'a Value,
    new: &'a Value,
    path: String,
    position: Position,
    required: bool,
    depth: usize,
}

impl Work<'_> {
    /// Where the node sits, for classifying its changes.
    fn facts(&self) -> Facts {
        Facts {
            position: self.position,
            required: self.required,
            ..Facts::default()
        }
    }
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// An object's map, or an empty one for anything else (a boolean schema, a missing node).
pub fn as_map(v: &Value) -> &Map<String, Value> {
    v.as_object().unwrap_or(&EMPTY)
}

/// The `additionalProperties` of an object with fields: absent, `false`, or kept as a map.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extra<'a> {
    Default,
    Forbid,
    Keep(Option<&'a Value>),
}

fn extra(s: &Map<String, Value>) -> Extra<'_> {
    match s.get("additionalProperties") {
        None => Extra::Default,
        Some(Value::Bool(false)) => Extra::Forbid,
        Some(Value::Bool(true)) => Extra::Keep(None),
        Some(v) if v.as_object().map(|o| o.is_empty()).unwrap_or(false) => Extra::Keep(None),
        Some(v) => Extra::Keep(Some(v)),
    }
}

/// The members of a union or an allOf: references by component name, inline ones by index.
fn members(list: Option<&Value>) -> Vec<(String, &Value)> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, m)| match schema_ref_name(m) {
            Some(name) => (name.to_string(), m),
            None => (format!("#{}", i + 1), m),
        })
        .collect()
}

/// Compare `old` with `new` (both as written, possibly references) under `root`.
pub fn compare<'a>(
    ctx: &mut Ctx<'a>,
    root: &Root,
    old: &'a Value,
    new: &'a Value,
    position: Position,
    required: bool,
) {
    let (old_doc, new_doc) = (ctx.old_doc, ctx.new_doc);
    let mut stack = vec![Work {
        old,
        new,
        path: String::new(),
        position,
        required,
        depth: 0,
    }];
    // Pairs of different references already followed: following one again would only repeat
    // its findings (and, in a document with reference cycles, never end).
    let mut followed: BTreeSet<(Option<&str>, Option<&str>)> = BTreeSet::new();
    let mut pairs = 0usize;
    while let Some(w) = stack.pop() {
        let place = root.place(&w.path);
        let facts = w.facts();
        pairs += 1;
        if pairs > MAX_PAIRS {
            ctx.emit(
                Kind::NotCompared,
                format!(
                    "{}: more than {MAX_PAIRS} nested schemas; the rest is not compared",
                    root.place("")
                ),
                facts,
            );
            break;
        }
        if w.depth > MAX_DEPTH {
            ctx.emit(
                Kind::NotCompared,
                format!("{place}: nested more than {MAX_DEPTH} levels deep; not compared further"),
                facts,
            );
            continue;
        }
        match (schema_ref_name(w.old), schema_ref_name(w.new)) {
            // The same component on both sides: compared once, on its own.
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => {}
            (a, b) => {
                let name = |n: Option<&str>| {
                    n.map(|n| format!("`{n}`"))
                        .unwrap_or_else(|| "an inline schema".to_string())
                };
                ctx.emit(
                    Kind::TypeRenamed,
                    format!("{place}: type {} → {}", name(a), name(b)),
                    facts,
                );
                if !followed.insert((a, b)) {
                    continue;
                }
            }
        }
        let o = as_map(resolve(old_doc, w.old));
        let n = as_map(resolve(new_doc, w.new));
        node(ctx, root, &w, o, n, &mut stack);
    }
}

/// Compare one resolved pair; children go onto `stack`.
fn node<'a>(
    ctx: &mut Ctx<'a>,
    root: &Root,
    w: &Work<'a>,
    o: &'a Map<String, Value>,
    n: &'a Map<String, Value>,
    stack: &mut Vec<Work<'a>>,
) {
    let place = &root.place(&w.path);
    let facts = w.facts();
    for (key, kind) in [
        ("description", Kind::DescriptionChanged),
        ("title", Kind::TitleChanged),
        ("example", Kind::ExampleChanged),
        ("externalDocs", Kind::ExternalDocsChanged),
    ] {
        if o.get(key) != n.get(key) {
            ctx.emit(kind, format!("{place}: {key} changed"), facts);
        }
    }
    let deprecated = |s: &Map<String, Value>| s.get("deprecated") == Some(&Value::Bool(true));
    if deprecated(o) != deprecated(n) {
        let field = w.position == Position::Property;
        let (kind, what) = match (deprecated(n), field) {
            (true, true) => (Kind::FieldDeprecated, "field deprecated"),
            (false, true) => (Kind::FieldUndeprecated, "field no longer deprecated"),
            (true, false) => (Kind::SchemaDeprecated, "deprecated"),
            (false, false) => (Kind::SchemaUndeprecated, "no longer deprecated"),
        };
        ctx.emit(kind, format!("{place}: {what}"), facts);
    }
    for key in o.keys().chain(n.keys()).collect::<BTreeSet<_>>() {
        if !KNOWN.contains(&key.as_str()) && o.get(key) != n.get(key) {
            ctx.emit(
                Kind::KeywordChanged,
                format!("{place}: `{key}` changed"),
                facts,
            );
        }
    }

    let (so, sn) = (shape(o), shape(n));
    if so != sn {
        ctx.emit(
            Kind::TypeChanged,
            format!("{place}: type {} → {}", so.describe(o), sn.describe(n)),
            facts,
        );
        return;
    }

    let nullable = |s: &Map<String, Value>| s.get("nullable") == Some(&Value::Bool(true));
    match (nullable(o), nullable(n)) {
        (false, true) => ctx.emit(Kind::NullableAdded, format!("{place}: now nullable"), facts),
        (true, false) => ctx.emit(
            Kind::NullableRemoved,
            format!("{place}: no longer nullable"),
            facts,
        ),
        _ => {}
    }

    let typed = Facts {
        request_type_changes: scalar_type(o, true) != scalar_type(n, true),
        response_type_changes: scalar_type(o, false) != scalar_type(n, false),
        ..facts
    };
    if o.get("format") != n.get("format") {
        let f = |s: &Map<String, Value>| {
            s.get("format")
                .map(show)
                .unwrap_or_else(|| "(none)".to_string())
        };
        ctx.emit(
            Kind::FormatChanged,
            format!("{place}: format {} → {}", f(o), f(n)),
            typed,
        );
    }

    keyword(
        ctx,
        (o.get("default"), n.get("default")),
        [
            Kind::DefaultAdded,
            Kind::DefaultRemoved,
            Kind::DefaultChanged,
        ],
        &format!("{place}: default"),
        facts,
    );

    bounds(ctx, place, o, n, typed);

    match so {
        Shape::Enum => enums(ctx, place, o, n, facts),
        Shape::Array => {
            if let (Some(a), Some(b)) = (o.get("items"), n.get("items")) {
                stack.push(Work {
                    old: a,
                    new: b,
                    path: format!("{}[]", w.path),
                    position: Position::Other,
                    required: true,
                    depth: w.depth + 1,
                });
            }
        }
        Shape::Struct => {
            fields(ctx, root, w, o, n, stack);
            extras(ctx, place, w, o, n, stack);
        }
        Shape::Map => map_values(ctx, place, w, o, n, stack),
        Shape::Union | Shape::AllOf => unions(ctx, place, w, o, n, stack),
        _ => {}
    }
}

fn bounds(
    ctx: &mut Ctx<'_>,
    place: &str,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    facts: Facts,
) {
    for (key, larger_is_tighter) in BOUNDS {
        let (a, b) = (bound(o, key), bound(n, key));
        if a == b {
            continue;
        }
        let (kind, what) = match (a, b) {
            (None, Some(b)) => (Kind::BoundTightened, format!("`{key}` {} added", show(b))),
            (Some(a), None) => (Kind::BoundLoosened, format!("`{key}` {} removed", show(a))),
            (Some(a), Some(b)) => {
                let tighter = match (larger_is_tighter, a.as_f64(), b.as_f64()) {
                    (Some(up), Some(x), Some(y)) => (y > x) == up,
                    // multipleOf: any other step rejects values the old one allowed.
                    _ => true,
                };
                let kind = if tighter {
                    Kind::BoundTightened
                } else {
                    Kind::BoundLoosened
                };
                (kind, format!("`{key}` {} → {}", show(a), show(b)))
            }
            (None, None) => continue,
        };
        ctx.emit(kind, format!("{place}: {what}"), facts);
    }
    keyword(
        ctx,
        (o.get("pattern"), n.get("pattern")),
        [
            Kind::BoundTightened,
            Kind::BoundLoosened,
            Kind::PatternChanged,
        ],
        &format!("{place}: `pattern`"),
        facts,
    );
}

/// A keyword added, removed or changed, as the first, second or third of `kinds`, with messages
/// `<what> <value> added`, `<what> <value> removed` and `<what> <old> → <new>`.
fn keyword(
    ctx: &mut Ctx<'_>,
    (old, new): (Option<&Value>, Option<&Value>),
    [added, removed, changed]: [Kind; 3],
    what: &str,
    facts: Facts,
) {
    match (old, new) {
        (None, Some(v)) => ctx.emit(added, format!("{what} {} added", show(v)), facts),
        (Some(v), None) => ctx.emit(removed, format!("{what} {} removed", show(v)), facts),
        (Some(a), Some(b)) if a != b => {
            ctx.emit(changed, format!("{what} {} → {}", show(a), show(b)), facts)
        }
        _ => {}
    }
}

/// A bound keyword's value, with those that hold for every value left out: `minLength: 0` and
/// `minItems: 0` (normalization drops them) and `false` flags.
fn bound<'m>(s: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    s.get(key).filter(|v| {
        !((key == "minLength" || key == "minItems") && v.as_u64() == Some(0))
            && **v != Value::Bool(false)
    })
}

fn enums(
    ctx: &mut Ctx<'_>,
    place: &str,
    o: &Map<String, Value>,
    n: &Map<String, Value>,
    facts: Facts,
) {
    // `null` among the values is the business of `nullable`.
    let values = |s: &Map<String, Value>| -> Vec<Value> {
        s.get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|v| !v.is_null())
            .cloned()
            .collect()
    };
    let (a, b) = (values(o), values(n));
    if o.get("type") != n.get("type") {
        ctx.emit(
            Kind::TypeChanged,
            format!(
                "{place}: type {} → {}",
                Shape::Enum.describe(o),
                Shape::Enum.describe(n)
            ),
            facts,
        );
        return;
    }
    let strings = o.get("type").and_then(Value::as_str) == Some("string")
        || (o.get("type").is_none() && a.iter().all(Value::is_string));
    let added: Vec<&Value> = b.iter().filter(|v| !a.contains(v)).collect();
    let removed: Vec<&Value> = a.iter().filter(|v| !b.contains(v)).collect();
    if !added.is_empty() {
        let plural = if added.len() > 1 { "s" } else { "" };
        ctx.emit(
            Kind::EnumValueAdded,
            format!("{place}: enum value{plural} {} added", show_list(&added)),
            Facts {
                strict_enum: a.len() < 2 || !strings,
                ..facts
            },
        );
    }
    if !removed.is_empty() {
        let plural = if removed.len() > 1 { "s" } else { "" };
        ctx.emit(
            Kind::EnumValueRemoved,
            format!(
                "{place}: enum value{plural} {} removed",
                show_list(&removed)
            ),
            facts,
        );
    }
}

fn required_names(s: &Map<String, Value>) -> BTreeSet<&str> {
    s.get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn fields<'a>(
    ctx: &mut Ctx<'a>,
    root: &Root,
    w: &Work<'a>,
    o: &'a Map<String, Value>,
    n: &'a Map<String, Value>,
    stack: &mut Vec<Work<'a>>,
) {
    let (old_props, new_props) = (
        o.get("properties").map(as_map).unwrap_or(&EMPTY),
        n.get("properties").map(as_map).unwrap_or(&EMPTY),
    );
    let (old_req, new_req) = (required_names(o), required_names(n));
    let names: BTreeSet<&String> = old_props.keys().chain(new_props.keys()).collect();
    for name in names {
        let path = child(&w.path, name);
        let at = root.place(&path);
        let was = old_req.contains(name.as_str());
        let is = new_req.contains(name.as_str());
        let field = |required: bool| Facts {
            position: Position::Property,
            required,
            ..Facts::default()
        };
        match (old_props.get(name), new_props.get(name)) {
            (Some(_), None) => ctx.emit(
                Kind::FieldRemoved,
                format!("{at}: field removed"),
                field(was),
            ),
            (None, Some(_)) => ctx.emit(
                Kind::FieldAdded,
                format!(
                    "{at}: field added ({})",
                    if is { "required" } else { "optional" }
                ),
                field(is),
            ),
            (Some(a), Some(b)) => {
                if was != is {
                    let array = shape(as_map(resolve(ctx.new_doc, b))) == Shape::Array;
                    let (kind, what) = if is {
                        (Kind::FieldRequired, "field is now required")
                    } else {
                        (Kind::FieldOptional, "field is now optional")
                    };
                    ctx.emit(kind, format!("{at}: {what}"), Facts { array, ..field(is) });
                }
                stack.push(Work {
                    old: a,
                    new: b,
                    path,
                    position: Position::Property,
                    required: is,
                    depth: w.depth + 1,
                });
            }
            (None, None) => {}
        }
    }
}

fn extras<'a>(
    ctx: &mut Ctx<'a>,
    place: &str,
    w: &Work<'a>,
    o: &'a Map<String, Value>,
    n: &'a Map<String, Value>,
    stack: &mut Vec<Work<'a>>,
) {
    let facts = w.facts();
    let (a, b) = (extra(o), extra(n));
    match (a, b) {
        (Extra::Keep(Some(x)), Extra::Keep(Some(y))) => stack.push(Work {
            old: x,
            new: y,
            path: child(&w.path, "*"),
            position: Position::Other,
            required: true,
            depth: w.depth + 1,
        }),
        (Extra::Keep(_), Extra::Keep(_)) if a != b => ctx.emit(
            Kind::TypeChanged,
            format!("{place}: the type of fields the spec does not list changes"),
            facts,
        ),
        (Extra::Keep(_), Extra::Keep(_)) => {}
        (Extra::Keep(_), _) => ctx.emit(
            Kind::ExtraFieldsDropped,
            format!("{place}: fields the spec does not list are no longer kept (`additionalProperties`)"),
            facts,
        ),
        (_, Extra::Keep(_)) => ctx.emit(
            Kind::ExtraFieldsKept,
            format!("{place}: fields the spec does not list are now kept (`additionalProperties`)"),
            facts,
        ),
        (Extra::Default, Extra::Forbid) => ctx.emit(
            Kind::ExtraFieldsForbidden,
            format!("{place}: fields the spec does not list are now forbidden (`additionalProperties: false`)"),
            facts,
        ),
        (Extra::Forbid, Extra::Default) => ctx.emit(
            Kind::ExtraFieldsAllowed,
            format!("{place}: fields the spec does not list are no longer forbidden"),
            facts,
        ),
        _ => {}
    }
}

fn map_values<'a>(
    ctx: &mut Ctx<'a>,
    place: &str,
    w: &Work<'a>,
    o: &'a Map<String, Value>,
    n: &'a Map<String, Value>,
    stack: &mut Vec<Work<'a>>,
) {
    let value = |s: &'a Map<String, Value>| match extra(s) {
        Extra::Keep(v) => (1, v),
        Extra::Default => (1, None),
        Extra::Forbid => (0, None),
    };
    match (value(o), value(n)) {
        ((_, Some(x)), (_, Some(y))) => stack.push(Work {
            old: x,
            new: y,
            path: child(&w.path, "*"),
            position: Position::Other,
            required: true,
            depth: w.depth + 1,
        }),
        (a, b) if a != b => ctx.emit(
            Kind::TypeChanged,
            format!("{place}: the type of the map's values changes"),
            w.facts(),
        ),
        _ => {}
    }
}

fn unions<'a>(
    ctx: &mut Ctx<'a>,
    place: &str,
    w: &Work<'a>,
    o: &'a Map<String, Value>,
    n: &'a Map<String, Value>,
    stack: &mut Vec<Work<'a>>,
) {
    let facts = w.facts();
    if o.get("discriminator") != n.get("discriminator") {
        ctx.emit(
            Kind::TypeChanged,
            format!("{place}: the union's discriminator changes"),
            facts,
        );
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        let (a, b) = (members(o.get(key)), members(n.get(key)));
        for (label, m) in &a {
            match b.iter().find(|(l, _)| l == label) {
                Some((_, other)) => stack.push(Work {
                    old: m,
                    new: other,
                    path: format!("{}<{label}>", w.path),
                    position: Position::Other,
                    required: true,
                    depth: w.depth + 1,
                }),
                None if key == "allOf" => ctx.emit(
                    Kind::TypeChanged,
                    format!("{place}: allOf member `{label}` removed"),
                    facts,
                ),
                None => ctx.emit(
                    Kind::VariantRemoved,
                    format!("{place}: {key} variant `{label}` removed"),
                    facts,
                ),
            }
        }
        for (label, _) in b.iter().filter(|(l, _)| !a.iter().any(|(k, _)| k == l)) {
            if key == "allOf" {
                ctx.emit(
                    Kind::TypeChanged,
                    format!("{place}: allOf member `{label}` added"),
                    facts,
                );
            } else {
                ctx.emit(
                    Kind::VariantAdded,
                    format!("{place}: {key} variant `{label}` added"),
                    facts,
                );
            }
        }
    }
}
