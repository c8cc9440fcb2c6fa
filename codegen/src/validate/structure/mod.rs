//! The structure of an OpenAPI 3.0 document: every node has the JSON type the specification
//! gives it, required fields are there, unknown fields are not, `$ref` only stands where a
//! Reference Object may, and schemas nest at most [`MAX_SCHEMA_DEPTH`] levels.
//!
//! The document is walked once, iteratively, by object type (the tables in `objects.rs`), and
//! every problem is reported, each at its own node. This replaced deserializing the document
//! into `openapiv3::OpenAPI`, which stopped at the first problem, named it by internal type
//! at a far-away place, and took time exponential in the nesting depth: on failure,
//! `openapiv3::ReferenceOr::deserialize` deserializes its item a second time to produce a
//! better message, so a bad leaf n schemas deep was deserialized 2^n times.

mod objects;
mod rules;

use serde_json::Value;

use crate::diagnostic::{join, Sink};
use crate::rules::Rule;
pub use objects::Object;
use objects::Ty;
pub(crate) use rules::short;

/// How deep schemas may nest inside one another (properties, items, allOf members...).
/// Later stages recurse over schemas; this keeps them within a 2 MB thread stack, with room
/// to spare, and no hand-written spec comes near it.
pub const MAX_SCHEMA_DEPTH: usize = 64;

/// A `$ref` found in an OpenAPI object, and what its place allows.
#[derive(Clone, Debug)]
pub struct TypedRef {
    /// The pointer of the object that holds the `$ref`.
    pub pointer: String,
    /// The `$ref`.
    pub target: String,
    /// What it may refer to.
    pub place: RefPlace,
}

/// What a `$ref` may refer to where it stands.
#[derive(Clone, Copy, Debug)]
pub enum RefPlace {
    /// A Reference Object standing for an object of this type.
    Typed(Object),
    /// No reference is allowed here (already reported as `ref-not-allowed`).
    Forbidden,
}

/// A node still to check.
struct Item<'a> {
    pointer: String,
    node: &'a Value,
    ty: Ty,
    /// How many schemas enclose this node.
    schema_depth: usize,
    /// Whether the node is an entry of a list (for messages).
    in_list: bool,
}

/// How many structure problems are listed: a document of garbage could otherwise produce
/// millions of messages.
const MAX_REPORTED: usize = 1000;

/// The sink, with a cap on how many problems it lists.
pub(super) struct Reporter<'s> {
    sink: &'s mut Sink,
    reported: usize,
    dropped: usize,
}

impl Reporter<'_> {
    /// Report a finding of `rule` at `pointer`, unless [`MAX_REPORTED`] were already reported.
    pub(super) fn report(
        &mut self,
        pointer: &str,
        rule: Rule,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        if self.reported >= MAX_REPORTED {
            self.dropped += 1;
            return;
        }
        self.reported += 1;
        self.sink.report(pointer, rule, message, fix);
    }

    fn finish(self) {
        if self.dropped > 0 {
            self.sink.report(
                "",
                Rule::InvalidStructure,
                format!(
                    "{} more structure problems are not listed (the first {MAX_REPORTED} are)",
                    self.dropped
                ),
                "fix the problems listed, then run again",
            );
        }
    }
}

struct Walker<'a, 's> {
    out: Reporter<'s>,
    stack: Vec<Item<'a>>,
    refs: Vec<TypedRef>,
    /// Schemas nested past the limit, in document order.
    too_deep: Vec<String>,
}

/// Check the structure of `doc`; return every Reference Object with what it must refer to.
pub fn check(doc: &Value, sink: &mut Sink) -> Vec<TypedRef> {
    let mut walker = Walker {
        out: Reporter {
            sink,
            reported: 0,
            dropped: 0,
        },
        stack: Vec::new(),
        refs: Vec::new(),
        too_deep: Vec::new(),
    };
    walker.stack.push(Item {
        pointer: String::new(),
        node: doc,
        ty: Ty::Obj(Object::Document),
        schema_depth: 0,
        in_list: false,
    });
    while let Some(item) = walker.stack.pop() {
        walker.visit(item);
    }
    walker.report_too_deep();
    walker.out.finish();
    walker.refs
}

impl<'a> Walker<'a, '_> {
    fn visit(&mut self, item: Item<'a>) {
        let node = item.node;
        let fits = match item.ty {
            Ty::Any => true,
            Ty::Str => node.is_string(),
            Ty::Bool => node.is_boolean(),
            Ty::Number => node.is_number(),
            Ty::BoolOrSchema if node.is_boolean() => true,
            Ty::BoolOrSchema => return self.object(item, Object::Schema, true),
            Ty::Obj(o) => return self.object(item, o, false),
            Ty::RefOr(o) => return self.object(item, o, true),
            Ty::MapOf(entry) => return self.map(item, *entry),
            Ty::ListOf(entry) => return self.list(item, *entry),
        };
        if !fits {
            self.mismatch(&item);
        }
    }

    fn mismatch(&mut self, item: &Item<'_>) {
        let expected = match item.ty {
            Ty::BoolOrSchema => Ty::BoolOrSchema.describe(),
            ty => ty.describe(),
        };
        self.out.report(
            &item.pointer,
            Rule::InvalidStructure,
            format!(
                "{} must be {expected}, not {}",
                label(&item.pointer, item.in_list),
                actual(item.node)
            ),
            item.ty.fix(),
        );
    }

    fn map(&mut self, item: Item<'a>, entry: Ty) {
        let Some(map) = item.node.as_object() else {
            return self.mismatch(&item);
        };
        let start = self.stack.len();
        for (key, value) in map {
            self.stack.push(Item {
                pointer: join(&item.pointer, key),
                node: value,
                ty: entry,
                schema_depth: item.schema_depth,
                in_list: false,
            });
        }
        // The stack pops last first; reversing keeps the walk in document order.
        self.stack[start..].reverse();
    }

    fn list(&mut self, item: Item<'a>, entry: Ty) {
        let Some(list) = item.node.as_array() else {
            return self.mismatch(&item);
        };
        for (i, value) in list.iter().enumerate().rev() {
            self.stack.push(Item {
                pointer: format!("{}/{i}", item.pointer),
                node: value,
                ty: entry,
                schema_depth: item.schema_depth,
                in_list: true,
            });
        }
    }

    fn object(&mut self, item: Item<'a>, object: Object, may_ref: bool) {
        let Some(map) = item.node.as_object() else {
            return self.mismatch(&item);
        };
        let mut depth = item.schema_depth;
        if object == Object::Schema {
            depth += 1;
            if depth > MAX_SCHEMA_DEPTH {
                self.too_deep.push(item.pointer);
                return;
            }
        }
        if may_ref {
            if let Some(target) = map.get("$ref") {
                return self.reference(item.pointer, target, object);
            }
        }
        let fields = object.fields();
        for field in fields.iter().filter(|f| f.required) {
            if !map.contains_key(field.name) {
                self.out.report(
                    &item.pointer,
                    Rule::MissingField,
                    format!("{} needs `{}`", object.with_article(), field.name),
                    format!("add `{}` (see {})", field.name, object.url()),
                );
            }
        }
        let start = self.stack.len();
        for (key, value) in map {
            let ty = match fields.iter().find(|f| f.name == key) {
                Some(field) => field.ty,
                None if object.extensible() && key.starts_with("x-") => continue,
                None => match object.patterned() {
                    Some(ty) => ty,
                    None => {
                        if key == "$ref" {
                            self.forbidden_ref(&item.pointer, value);
                        }
                        rules::unknown_field(&join(&item.pointer, key), key, object, &mut self.out);
                        continue;
                    }
                },
            };
            self.stack.push(Item {
                pointer: join(&item.pointer, key),
                node: value,
                ty,
                schema_depth: depth,
                in_list: false,
            });
        }
        self.stack[start..].reverse();
        rules::check(object, map, &item.pointer, &mut self.out);
    }

    fn reference(&mut self, pointer: String, target: &Value, object: Object) {
        match target.as_str() {
            Some(target) => self.refs.push(TypedRef {
                pointer,
                target: target.to_string(),
                place: RefPlace::Typed(object),
            }),
            None => self.out.report(
                &join(&pointer, "$ref"),
                Rule::InvalidStructure,
                format!("`$ref` must be a string, not {}", actual(target)),
                "write the reference as a string, such as `'#/components/schemas/Name'`",
            ),
        }
    }

    /// A `$ref` where none is allowed: reported as an unknown field, and remembered so that
    /// the reference checks do not report it again.
    fn forbidden_ref(&mut self, pointer: &str, target: &Value) {
        if let Some(target) = target.as_str() {
            self.refs.push(TypedRef {
                pointer: pointer.to_string(),
                target: target.to_string(),
                place: RefPlace::Forbidden,
            });
        }
    }

    fn report_too_deep(&mut self) {
        let Some(first) = self.too_deep.first() else {
            return;
        };
        let others = match self.too_deep.len() {
            1 => String::new(),
            n => format!(" (and at {} more places)", n - 1),
        };
        self.out.report(
            first,
            Rule::SchemaTooDeep,
            format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here{others}"),
            "move inner schemas into `components/schemas` and refer to them with `$ref`",
        );
    }
}

/// How messages name the node at `pointer`: "`parameters`", "item 2 of `servers`".
fn label(pointer: &str, in_list: bool) -> String {
    let mut tokens = pointer.rsplit('/');
    let last = tokens.next().unwrap_or_default();
    if pointer.is_empty() {
        return "the document".into();
    }
    if in_list {
        let parent = crate::refs::unescape(tokens.next().unwrap_or_default());
        return format!("item {last} of `{parent}`");
    }
    format!("`{}`", crate::refs::unescape(last))
}

/// What a node is, in words, for "must be ..., not ..." messages.
fn actual(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) if s.chars().count() > 40 => {
            format!("the string \"{}…\"", s.chars().take(40).collect::<String>())
        }
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}
