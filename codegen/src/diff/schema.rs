//! Comparing two schemas of the IR: fields, types, enums, bounds, formats, defaults,
//! nullability and unions, in an explicit direction (a request or a response schema).
//!
//! The walk uses an explicit stack of pairs, so a deep schema cannot overflow ours, and stops at
//! a nesting depth limit with a `not-compared` change rather than building ever longer paths.
//! A reference to the same component on both sides is not followed: components are compared
//! once on their own (see `compare::components`) and reported with the operations they reach.
//! Whether a change of format or bounds changes the Rust type is asked of typify itself
//! ([`scalar_type`]), the engine that generates the types.

use std::collections::BTreeSet;

use serde_json::Value;

use super::classify::{Facts, Kind, Position};
use super::found::{show, Found};
use crate::generate::{rust_field_names, scalar_type, Side};
use crate::ir::{Api, Extra, Kind as SchemaKind, Numeric, Schema, Text};

/// How deep the comparison follows nested schemas before giving up on a branch.
pub const MAX_DEPTH: usize = 64;

/// How many pairs of schemas one comparison looks at before giving up. Validated documents
/// stay far below it; it bounds the work on documents that were not validated (reference
/// cycles, say) when the library is called directly.
pub const MAX_PAIRS: usize = 200_000;

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

/// The Rust shape a schema becomes; a change of shape is a change of type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// No type: `serde_json::Value`.
    Any,
    /// `bool`.
    Boolean,
    /// An integer type.
    Integer,
    /// `f32` or `f64`.
    Number,
    /// A string type (`String`, a newtype, `Uuid`, a date...).
    String,
    /// A Rust enum (or a constant, for a single value).
    Enum,
    /// `Vec<T>`.
    Array,
    /// A struct with fields.
    Struct,
    /// A map of names to values.
    Map,
    /// `oneOf`/`anyOf`: an enum of shapes.
    Union,
    /// `allOf`: the members merged.
    AllOf,
}

impl Shape {
    /// The shape of a (resolved) schema.
    pub fn of(s: &Schema) -> Shape {
        match &s.kind {
            SchemaKind::Any | SchemaKind::Ref(_) => Shape::Any,
            SchemaKind::Boolean => Shape::Boolean,
            SchemaKind::Integer(_) => Shape::Integer,
            SchemaKind::Number(_) => Shape::Number,
            SchemaKind::String(_) => Shape::String,
            SchemaKind::Enum(_) => Shape::Enum,
            SchemaKind::Array(_) => Shape::Array,
            SchemaKind::Object(o) if !o.properties.is_empty() => Shape::Struct,
            SchemaKind::Object(_) => Shape::Map,
            SchemaKind::OneOf(_) | SchemaKind::AnyOf(_) => Shape::Union,
            SchemaKind::AllOf(_) => Shape::AllOf,
        }
    }

    /// How messages name the shape of `s`.
    pub fn describe(self, s: &Schema) -> String {
        match self {
            Shape::Any => "any JSON value".into(),
            Shape::Boolean => "boolean".into(),
            Shape::Integer => "integer".into(),
            Shape::Number => "number".into(),
            Shape::String => "string".into(),
            Shape::Enum => match &s.kind {
                SchemaKind::Enum(e) => format!("enum of {}", e.ty.as_deref().unwrap_or("values")),
                _ => "enum of values".into(),
            },
            Shape::Array => "array".into(),
            Shape::Struct => "object with fields".into(),
            Shape::Map => "map".into(),
            Shape::Union => "union (oneOf/anyOf)".into(),
            Shape::AllOf => "allOf".into(),
        }
    }
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
    old: &'a Schema,
    new: &'a Schema,
    path: String,
    position: Position,
    required: bool,
    depth: usize,
    /// Where the node sits relative to a union, for the tolerance of single-value enums.
    role: Role,
}

/// A node's place relative to a union: the generated enum of a single-value enum that is a
/// field of a union member is strict (it selects the variant); any other is tolerant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Anywhere else.
    Plain,
    /// A member of a `oneOf`/`anyOf`: its properties are [`Role::Tag`].
    Member,
    /// A property of a union member (or the items of one).
    Tag,
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

    fn nested<'b>(
        &self,
        old: &'b Schema,
        new: &'b Schema,
        path: String,
        position: Position,
        required: bool,
    ) -> Work<'b> {
        Work {
            old,
            new,
            path,
            position,
            required,
            depth: self.depth + 1,
            role: Role::Plain,
        }
    }

    fn with_role(self, role: Role) -> Self {
        Work { role, ..self }
    }
}

/// The two sides of a comparison, for following references.
#[derive(Clone, Copy)]
pub struct Sides<'a> {
    /// The old API.
    pub old: &'a Api,
    /// The new API.
    pub new: &'a Api,
    /// Where the old API's unions pick their variant (the old client's enums decide).
    pub unions: &'a crate::ir::UnionPlaces,
}

/// Compare `old` with `new` (both as written, possibly references) under `root`.
pub fn compare(
    found: &mut Found,
    sides: Sides<'_>,
    root: &Root,
    old: &Schema,
    new: &Schema,
    position: Position,
    required: bool,
) {
    let mut stack = vec![Work {
        old,
        new,
        path: String::new(),
        position,
        required,
        depth: 0,
        role: match root {
            Root::Component(name) if sides.unions.members.contains(name) => Role::Member,
            Root::Component(name) if sides.unions.tags.contains(name) => Role::Tag,
            _ => Role::Plain,
        },
    }];
    // Pairs of different references already followed: following one again would only repeat
    // its findings (and, in a document with reference cycles, never end).
    let mut followed: BTreeSet<(Option<String>, Option<String>)> = BTreeSet::new();
    let mut pairs = 0usize;
    while let Some(w) = stack.pop() {
        let place = root.place(&w.path);
        pairs += 1;
        if pairs > MAX_PAIRS {
            let message = format!(
                "{}: more than {MAX_PAIRS} nested schemas; the rest is not compared",
                root.place("")
            );
            found.emit(Kind::NotCompared, message, w.facts());
            break;
        }
        if w.depth > MAX_DEPTH {
            let message =
                format!("{place}: nested more than {MAX_DEPTH} levels deep; not compared further");
            found.emit(Kind::NotCompared, message, w.facts());
            continue;
        }
        if !references(found, &place, &w, &mut followed) {
            continue;
        }
        let (o, n) = (sides.old.resolve(w.old), sides.new.resolve(w.new));
        node(found, root, &w, o, n, &mut stack);
    }
}

/// Report a change of referenced type; whether to compare the pair's contents.
fn references(
    found: &mut Found,
    place: &str,
    w: &Work<'_>,
    followed: &mut BTreeSet<(Option<String>, Option<String>)>,
) -> bool {
    match (w.old.ref_name(), w.new.ref_name()) {
        // The same component on both sides: compared once, on its own.
        (Some(a), Some(b)) if a == b => false,
        (None, None) => true,
        (a, b) => {
            let name = |n: Option<&str>| {
                n.map(|n| format!("`{n}`"))
                    .unwrap_or_else(|| "an inline schema".to_string())
            };
            found.emit(
                Kind::TypeRenamed,
                format!("{place}: type {} → {}", name(a), name(b)),
                w.facts(),
            );
            followed.insert((a.map(str::to_string), b.map(str::to_string)))
        }
    }
}

/// Compare one resolved pair; children go onto `stack`.
fn node<'a>(
    found: &mut Found,
    root: &Root,
    w: &Work<'a>,
    o: &'a Schema,
    n: &'a Schema,
    stack: &mut Vec<Work<'a>>,
) {
    let place = &root.place(&w.path);
    let facts = w.facts();
    documentation(found, place, w, o, n);
    let (so, sn) = (Shape::of(o), Shape::of(n));
    if so != sn {
        let message = format!("{place}: type {} → {}", so.describe(o), sn.describe(n));
        found.emit(Kind::TypeChanged, message, facts);
        return;
    }
    match (o.nullable, n.nullable) {
        (false, true) => found.emit(Kind::NullableAdded, format!("{place}: now nullable"), facts),
        (true, false) => found.emit(
            Kind::NullableRemoved,
            format!("{place}: no longer nullable"),
            facts,
        ),
        _ => {}
    }
    let typed = typed_facts(o, n, so, facts);
    let (fo, fnew) = (format_of(o), format_of(n));
    if fo != fnew {
        let f = |f: Option<&String>| {
            f.map(|s| format!("`{s}`"))
                .unwrap_or_else(|| "(none)".into())
        };
        found.emit(
            Kind::FormatChanged,
            format!("{place}: format {} → {}", f(fo), f(fnew)),
            typed,
        );
    }
    keyword(
        found,
        (o.default.as_ref(), n.default.as_ref()),
        [
            Kind::DefaultAdded,
            Kind::DefaultRemoved,
            Kind::DefaultChanged,
        ],
        &format!("{place}: default"),
        facts,
    );
    bounds(found, place, o, n, typed);
    match so {
        Shape::Enum => enums(
            found,
            place,
            o,
            n,
            Facts {
                tag: w.role == Role::Tag,
                ..facts
            },
        ),
        Shape::Array => items(w, o, n, stack),
        Shape::Struct => {
            fields(found, root, w, o, n, stack);
            extras(found, place, w, o, n, stack);
        }
        Shape::Map => map_values(found, place, w, o, n, stack),
        Shape::Union | Shape::AllOf => unions(found, place, w, o, n, stack),
        _ => {}
    }
}

/// The items of two arrays; the items of a union member's field keep its role.
fn items<'a>(w: &Work<'a>, o: &'a Schema, n: &'a Schema, stack: &mut Vec<Work<'a>>) {
    if let (SchemaKind::Array(a), SchemaKind::Array(b)) = (&o.kind, &n.kind) {
        let role = if w.role == Role::Tag {
            Role::Tag
        } else {
            Role::Plain
        };
        let items = w.nested(
            &a.items,
            &b.items,
            format!("{}[]", w.path),
            Position::Other,
            true,
        );
        stack.push(items.with_role(role));
    }
}

/// Descriptions, titles, examples, deprecation and keywords the generator does not use.
fn documentation(found: &mut Found, place: &str, w: &Work<'_>, o: &Schema, n: &Schema) {
    let facts = w.facts();
    let text = |s: &Option<String>| s.clone().map(Value::String);
    for (key, kind, a, b) in [
        (
            "description",
            Kind::DescriptionChanged,
            text(&o.description),
            text(&n.description),
        ),
        ("title", Kind::TitleChanged, text(&o.title), text(&n.title)),
        (
            "example",
            Kind::ExampleChanged,
            o.example.clone(),
            n.example.clone(),
        ),
        (
            "externalDocs",
            Kind::ExternalDocsChanged,
            o.external_docs.clone(),
            n.external_docs.clone(),
        ),
    ] {
        if a != b {
            found.emit(kind, format!("{place}: {key} changed"), facts);
        }
    }
    if o.deprecated != n.deprecated {
        let field = w.position == Position::Property;
        let (kind, what) = match (n.deprecated, field) {
            (true, true) => (Kind::FieldDeprecated, "field deprecated"),
            (false, true) => (Kind::FieldUndeprecated, "field no longer deprecated"),
            (true, false) => (Kind::SchemaDeprecated, "deprecated"),
            (false, false) => (Kind::SchemaUndeprecated, "no longer deprecated"),
        };
        found.emit(kind, format!("{place}: {what}"), facts);
    }
    let mut other = |a: &Schema, b: &Schema| {
        let mut x = a.other.clone();
        let mut y = b.other.clone();
        for (s, m) in [(a, &mut x), (b, &mut y)] {
            for (k, on) in [("readOnly", s.read_only), ("writeOnly", s.write_only)] {
                if on {
                    m.insert(k.into(), Value::Bool(true));
                }
            }
            if let Some(f) = &s.facts {
                m.insert("x-facts".into(), Value::String(f.clone()));
            }
        }
        found.other_keywords(&x, &y, &format!("{place}: "), facts);
    };
    other(o, n);
}

fn format_of(s: &Schema) -> Option<&String> {
    match &s.kind {
        SchemaKind::Integer(Numeric { format, .. })
        | SchemaKind::Number(Numeric { format, .. })
        | SchemaKind::String(Text { format, .. }) => format.as_ref(),
        SchemaKind::Enum(e) => e.format.as_ref(),
        _ => None,
    }
}

/// Whether the Rust type of a scalar changes, in requests and in responses, as typify decides.
fn typed_facts(o: &Schema, n: &Schema, shape: Shape, facts: Facts) -> Facts {
    if !matches!(shape, Shape::Integer | Shape::Number | Shape::String) {
        return facts;
    }
    let changes = |side| scalar_type(o, side) != scalar_type(n, side);
    Facts {
        request_type_changes: changes(Side::Request),
        response_type_changes: changes(Side::Response),
        ..facts
    }
}

/// The bound keywords of a schema with their values, and whether a larger value is tighter
/// (`minimum`) or looser (`maximum`); `None` for the boolean and unordered ones. Bounds that
/// hold for every value (`minLength: 0`, `false` flags) are left out.
fn bound_values(s: &Schema) -> Vec<(&'static str, Option<bool>, Value)> {
    let mut out = Vec::new();
    let mut count = |key, tighter, v: Option<u64>| {
        if let Some(v) = v.filter(|v| !(*v == 0 && matches!(key, "minLength" | "minItems"))) {
            out.push((key, tighter, Value::from(v)));
        }
    };
    match &s.kind {
        SchemaKind::String(t) => {
            count("minLength", Some(true), t.min_length);
            count("maxLength", Some(false), t.max_length);
        }
        SchemaKind::Array(a) => {
            count("minItems", Some(true), a.min_items);
            count("maxItems", Some(false), a.max_items);
            if a.unique_items {
                out.push(("uniqueItems", None, Value::Bool(true)));
            }
        }
        SchemaKind::Object(o) => {
            count("minProperties", Some(true), o.min_properties);
            count("maxProperties", Some(false), o.max_properties);
        }
        SchemaKind::Integer(n) | SchemaKind::Number(n) => {
            let number = |v: &Option<serde_json::Number>| v.clone().map(Value::Number);
            for (key, tighter, v) in [
                ("minimum", Some(true), number(&n.minimum)),
                ("maximum", Some(false), number(&n.maximum)),
                ("multipleOf", None, number(&n.multiple_of)),
            ] {
                if let Some(v) = v {
                    out.push((key, tighter, v));
                }
            }
            for (key, on) in [
                ("exclusiveMinimum", n.exclusive_minimum),
                ("exclusiveMaximum", n.exclusive_maximum),
            ] {
                if on {
                    out.push((key, None, Value::Bool(true)));
                }
            }
        }
        _ => {}
    }
    out
}

const BOUND_ORDER: [&str; 12] = [
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

fn bounds(found: &mut Found, place: &str, o: &Schema, n: &Schema, facts: Facts) {
    let (a, b) = (bound_values(o), bound_values(n));
    let get = |l: &[(&str, Option<bool>, Value)], key: &str| {
        l.iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, t, v)| (*t, v.clone()))
    };
    for key in BOUND_ORDER {
        let (x, y) = (get(&a, key), get(&b, key));
        let (kind, what) = match (&x, &y) {
            (None, Some((_, b))) => (Kind::BoundTightened, format!("`{key}` {} added", show(b))),
            (Some((_, a)), None) => (Kind::BoundLoosened, format!("`{key}` {} removed", show(a))),
            (Some((up, a)), Some((_, b))) if a != b => {
                let tighter = match (up, a.as_f64(), b.as_f64()) {
                    (Some(up), Some(x), Some(y)) => (y > x) == *up,
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
            _ => continue,
        };
        found.emit(kind, format!("{place}: {what}"), facts);
    }
    let pattern = |s: &Schema| match &s.kind {
        SchemaKind::String(t) => t.pattern.clone().map(Value::String),
        _ => None,
    };
    keyword(
        found,
        (pattern(o).as_ref(), pattern(n).as_ref()),
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
    found: &mut Found,
    (old, new): (Option<&Value>, Option<&Value>),
    [added, removed, changed]: [Kind; 3],
    what: &str,
    facts: Facts,
) {
    match (old, new) {
        (None, Some(v)) => found.emit(added, format!("{what} {} added", show(v)), facts),
        (Some(v), None) => found.emit(removed, format!("{what} {} removed", show(v)), facts),
        (Some(a), Some(b)) if a != b => {
            found.emit(changed, format!("{what} {} → {}", show(a), show(b)), facts)
        }
        _ => {}
    }
}

fn enums(found: &mut Found, place: &str, o: &Schema, n: &Schema, facts: Facts) {
    let (SchemaKind::Enum(x), SchemaKind::Enum(y)) = (&o.kind, &n.kind) else {
        return;
    };
    if x.ty != y.ty {
        let message = format!(
            "{place}: type {} → {}",
            Shape::Enum.describe(o),
            Shape::Enum.describe(n)
        );
        found.emit(Kind::TypeChanged, message, facts);
        return;
    }
    // `null` among the values is the business of `nullable`.
    let (a, b): (Vec<&Value>, Vec<&Value>) = (x.non_null().collect(), y.non_null().collect());
    let added: Vec<&Value> = b.iter().filter(|v| !a.contains(v)).copied().collect();
    let removed: Vec<&Value> = a.iter().filter(|v| !b.contains(v)).copied().collect();
    let show_list = |values: &[&Value]| {
        values
            .iter()
            .map(|v| show(v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let plural = |l: &[&Value]| if l.len() > 1 { "s" } else { "" };
    if !added.is_empty() {
        // A single-value enum is strict only where it selects a union variant.
        let strict_enum = (a.len() < 2 && facts.tag) || !x.is_strings();
        found.emit(
            Kind::EnumValueAdded,
            format!(
                "{place}: enum value{} {} added",
                plural(&added),
                show_list(&added)
            ),
            Facts {
                strict_enum,
                ..facts
            },
        );
    }
    if !removed.is_empty() {
        found.emit(
            Kind::EnumValueRemoved,
            format!(
                "{place}: enum value{} {} removed",
                plural(&removed),
                show_list(&removed)
            ),
            facts,
        );
    }
}

fn fields<'a>(
    found: &mut Found,
    root: &Root,
    w: &Work<'a>,
    o: &'a Schema,
    n: &'a Schema,
    stack: &mut Vec<Work<'a>>,
) {
    let (SchemaKind::Object(x), SchemaKind::Object(y)) = (&o.kind, &n.kind) else {
        return;
    };
    let names: BTreeSet<&String> = x
        .properties
        .iter()
        .chain(&y.properties)
        .map(|p| &p.name)
        .collect();
    let (old_fields, new_fields) = (field_names(x), field_names(y));
    for name in names {
        let path = child(&w.path, name);
        let at = root.place(&path);
        let (was, is) = (x.is_required(name), y.is_required(name));
        let field = |required: bool| Facts {
            position: Position::Property,
            required,
            ..Facts::default()
        };
        match (x.property(name), y.property(name)) {
            (Some(_), None) => found.emit(
                Kind::FieldRemoved,
                format!("{at}: field removed"),
                field(was),
            ),
            (None, Some(_)) => found.emit(
                Kind::FieldAdded,
                format!(
                    "{at}: field added ({})",
                    if is { "required" } else { "optional" }
                ),
                field(is),
            ),
            (Some(a), Some(b)) => {
                if let (Some(before), Some(after)) = (old_fields.get(name), new_fields.get(name)) {
                    if before != after {
                        found.emit(
                            Kind::FieldRenamed,
                            format!("{at}: the Rust field `{before}` is now `{after}`"),
                            field(is),
                        );
                    }
                }
                if was != is {
                    let array = matches!(b.kind, SchemaKind::Array(_));
                    let (kind, what) = if is {
                        (Kind::FieldRequired, "field is now required")
                    } else {
                        (Kind::FieldOptional, "field is now optional")
                    };
                    found.emit(kind, format!("{at}: {what}"), Facts { array, ..field(is) });
                }
                let role = if w.role == Role::Member {
                    Role::Tag
                } else {
                    Role::Plain
                };
                stack.push(w.nested(a, b, path, Position::Property, is).with_role(role));
            }
            (None, None) => {}
        }
    }
}

fn extras<'a>(
    found: &mut Found,
    place: &str,
    w: &Work<'a>,
    o: &'a Schema,
    n: &'a Schema,
    stack: &mut Vec<Work<'a>>,
) {
    let (SchemaKind::Object(x), SchemaKind::Object(y)) = (&o.kind, &n.kind) else {
        return;
    };
    let facts = w.facts();
    let kept = |e: &Extra| matches!(e, Extra::Any | Extra::Schema(_));
    let what = match (&x.additional, &y.additional) {
        (Extra::Schema(a), Extra::Schema(b)) => {
            stack.push(w.nested(a, b, child(&w.path, "*"), Position::Other, true));
            return;
        }
        (a, b) if kept(a) && kept(b) && a != b => (
            Kind::TypeChanged,
            "the type of fields the spec does not list changes",
        ),
        (a, b) if kept(a) && !kept(b) => (
            Kind::ExtraFieldsDropped,
            "fields the spec does not list are no longer kept (`additionalProperties`)",
        ),
        (a, b) if !kept(a) && kept(b) => (
            Kind::ExtraFieldsKept,
            "fields the spec does not list are now kept (`additionalProperties`)",
        ),
        (Extra::Unspecified, Extra::Forbidden) => (
            Kind::ExtraFieldsForbidden,
            "fields the spec does not list are now forbidden (`additionalProperties: false`)",
        ),
        (Extra::Forbidden, Extra::Unspecified) => (
            Kind::ExtraFieldsAllowed,
            "fields the spec does not list are no longer forbidden",
        ),
        _ => return,
    };
    found.emit(what.0, format!("{place}: {}", what.1), facts);
}

fn map_values<'a>(
    found: &mut Found,
    place: &str,
    w: &Work<'a>,
    o: &'a Schema,
    n: &'a Schema,
    stack: &mut Vec<Work<'a>>,
) {
    let value = |s: &'a Schema| match &s.kind {
        SchemaKind::Object(obj) => match &obj.additional {
            Extra::Schema(v) => (1, Some(&**v)),
            Extra::Any | Extra::Unspecified => (1, None),
            Extra::Forbidden => (0, None),
        },
        _ => (1, None),
    };
    match (value(o), value(n)) {
        ((_, Some(x)), (_, Some(y))) => {
            stack.push(w.nested(x, y, child(&w.path, "*"), Position::Other, true))
        }
        (a, b) if a != b => found.emit(
            Kind::TypeChanged,
            format!("{place}: the type of the map's values changes"),
            w.facts(),
        ),
        _ => {}
    }
}

/// The members of a union or an allOf: references by component name, inline ones by index.
fn members(list: &[Schema]) -> Vec<(String, &Schema)> {
    list.iter()
        .enumerate()
        .map(|(i, m)| match m.ref_name() {
            Some(name) => (name.to_string(), m),
            None => (format!("#{}", i + 1), m),
        })
        .collect()
}

fn unions<'a>(
    found: &mut Found,
    place: &str,
    w: &Work<'a>,
    o: &'a Schema,
    n: &'a Schema,
    stack: &mut Vec<Work<'a>>,
) {
    let facts = w.facts();
    let parts = |s: &'a Schema| -> (
        &'static str,
        &'a [Schema],
        Option<&'a crate::ir::Discriminator>,
    ) {
        match &s.kind {
            SchemaKind::OneOf(u) => ("oneOf", &u.variants, u.discriminator.as_ref()),
            SchemaKind::AnyOf(u) => ("anyOf", &u.variants, u.discriminator.as_ref()),
            SchemaKind::AllOf(m) => ("allOf", m, None),
            _ => ("", &[], None),
        }
    };
    let ((ka, la, da), (kb, lb, db)) = (parts(o), parts(n));
    if da != db {
        found.emit(
            Kind::TypeChanged,
            format!("{place}: the union's discriminator changes"),
            facts,
        );
    }
    if ka != kb {
        found.emit(
            Kind::TypeChanged,
            format!("{place}: `{ka}` → `{kb}`"),
            facts,
        );
        return;
    }
    let (a, b) = (members(la), members(lb));
    for (label, m) in &a {
        match b.iter().find(|(l, _)| l == label) {
            Some((_, other)) => {
                // typify merges an allOf into one struct, so its members keep the union's role.
                let role = if ka == "allOf" { w.role } else { Role::Member };
                let member = w.nested(
                    m,
                    other,
                    format!("{}<{label}>", w.path),
                    Position::Other,
                    true,
                );
                stack.push(member.with_role(role));
            }
            None if ka == "allOf" => found.emit(
                Kind::TypeChanged,
                format!("{place}: allOf member `{label}` removed"),
                facts,
            ),
            None => found.emit(
                Kind::VariantRemoved,
                format!("{place}: {ka} variant `{label}` removed"),
                facts,
            ),
        }
    }
    for (label, _) in b.iter().filter(|(l, _)| !a.iter().any(|(k, _)| k == l)) {
        if ka == "allOf" {
            found.emit(
                Kind::TypeChanged,
                format!("{place}: allOf member `{label}` added"),
                facts,
            );
        } else {
            found.emit(
                Kind::VariantAdded,
                format!("{place}: {ka} variant `{label}` added"),
                facts,
            );
        }
    }
}

/// Each property's Rust field name, as the generator names it: properties whose names collide
/// in snake case are told apart (see `generate::fields`), so adding one can rename another.
fn field_names(o: &crate::ir::Object) -> std::collections::BTreeMap<&String, String> {
    let names: Vec<&str> = o.properties.iter().map(|p| p.name.as_str()).collect();
    o.properties
        .iter()
        .map(|p| &p.name)
        .zip(rust_field_names(&names))
        .collect()
}
