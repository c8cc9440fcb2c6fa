//! Schemas as the IR holds them: a typed model of an OpenAPI 3.0 schema object, built once from
//! the (validated, normalized) document and read by every later stage. Only [`emit`](Schema::to_json_schema)
//! turns one back into JSON, the JSON Schema that typify reads.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Number, Value};

/// How deep the IR reads nested schemas. Validation's own limit is lower; this one only
/// bounds the work on documents that were not validated.
pub const MAX_DEPTH: usize = 100;

/// Where the component schemas live; a `$ref` names one of them.
pub const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// One schema: what values it takes ([`Kind`]) and what documents it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    /// The shape of the values.
    pub kind: Kind,
    /// `nullable: true`.
    pub nullable: bool,
    /// `default`.
    pub default: Option<Value>,
    /// `readOnly: true`.
    pub read_only: bool,
    /// `writeOnly: true`.
    pub write_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `description`.
    pub description: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `example` (data, not schema).
    pub example: Option<Value>,
    /// `externalDocs`.
    pub external_docs: Option<Value>,
    /// `x-facts`: the public source the fields came from, when not the vendor's document.
    pub facts: Option<String>,
    /// Keywords the generator does not use (`xml`, `x-*`...), kept so that a change to one is
    /// still seen (the diff reports it for review by hand).
    pub other: BTreeMap<String, Value>,
}

/// The shape of a schema's values.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Kind {
    /// Any JSON value (`{}`, `true`, or a schema with no type keywords).
    #[default]
    Any,
    /// A component: `#/components/schemas/<name>`.
    Ref(String),
    /// `type: boolean`.
    Boolean,
    /// `type: integer`.
    Integer(Numeric),
    /// `type: number`.
    Number(Numeric),
    /// `type: string`.
    String(Text),
    /// A schema with `enum`: one of the listed values.
    Enum(Enumeration),
    /// `type: array`.
    Array(Box<Array>),
    /// `type: object`: named fields, a map, or both.
    Object(Object),
    /// `oneOf`.
    OneOf(Union),
    /// `anyOf`.
    AnyOf(Union),
    /// `allOf`: every member at once.
    AllOf(Vec<Schema>),
}

/// Bounds and format of a number or integer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Numeric {
    /// `format` (`int32`, `int64`, `double`...).
    pub format: Option<String>,
    /// `minimum`.
    pub minimum: Option<Number>,
    /// `maximum`.
    pub maximum: Option<Number>,
    /// `exclusiveMinimum: true`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<Number>,
}

/// Bounds and format of a string.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Text {
    /// `format` (`date-time`, `uuid`, `binary`...).
    pub format: Option<String>,
    /// `pattern` (an ECMAScript regular expression).
    pub pattern: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
}

/// The values of an `enum`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Enumeration {
    /// The declared `type`, if any.
    pub ty: Option<String>,
    /// `format`, if any.
    pub format: Option<String>,
    /// The values, in the spec's order (`null` among them when nullable).
    pub values: Vec<Value>,
}

impl Enumeration {
    /// Whether the values are strings (declared, or all of them when no type is given).
    pub fn is_strings(&self) -> bool {
        match self.ty.as_deref() {
            Some(t) => t == "string",
            None => self
                .values
                .iter()
                .filter(|v| !v.is_null())
                .all(Value::is_string),
        }
    }

    /// The values without `null`.
    pub fn non_null(&self) -> impl Iterator<Item = &Value> {
        self.values.iter().filter(|v| !v.is_null())
    }
}

/// An array.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Array {
    /// `items`.
    pub items: Schema,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
}

/// An object: fields, and what is allowed besides them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object {
    /// `properties`, in the spec's order.
    pub properties: Vec<Property>,
    /// `required`, in the spec's order (names without a property included).
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional: Extra,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
}

impl Object {
    /// Whether `name` is required.
    pub fn is_required(&self, name: &str) -> bool {
        self.required.iter().any(|r| r == name)
    }

    /// The property called `name`.
    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| &p.schema)
    }
}

/// One field of an object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Property {
    /// Its name on the wire.
    pub name: String,
    /// Its schema.
    pub schema: Schema,
}

/// `additionalProperties`.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Extra {
    /// Not given.
    #[default]
    Unspecified,
    /// `false`.
    Forbidden,
    /// `true` or `{}`: any value.
    Any,
    /// A schema for the values.
    Schema(Box<Schema>),
}

/// A `oneOf` or `anyOf`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Union {
    /// The variants.
    pub variants: Vec<Schema>,
    /// `discriminator`.
    pub discriminator: Option<Discriminator>,
}

/// `discriminator`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Discriminator {
    /// `propertyName`.
    pub property: String,
    /// `mapping`, in the spec's order.
    pub mapping: Vec<(String, String)>,
}

/// Keywords that [`Schema::from_value`] reads into typed fields.
const KNOWN: [&str; 35] = [
    "$ref",
    "type",
    "format",
    "enum",
    "nullable",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "description",
    "title",
    "example",
    "externalDocs",
    "x-facts",
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

fn text(o: &Map<String, Value>, key: &str) -> Option<String> {
    o.get(key).and_then(Value::as_str).map(str::to_string)
}

fn flag(o: &Map<String, Value>, key: &str) -> bool {
    o.get(key) == Some(&Value::Bool(true))
}

fn count(o: &Map<String, Value>, key: &str) -> Option<u64> {
    o.get(key).and_then(Value::as_u64)
}

fn number(o: &Map<String, Value>, key: &str) -> Option<Number> {
    match o.get(key) {
        Some(Value::Number(n)) => Some(n.clone()),
        _ => None,
    }
}

impl Schema {
    /// A schema of `kind` with nothing else said.
    pub fn of(kind: Kind) -> Self {
        Schema {
            kind,
            ..Schema::default()
        }
    }

    /// The component this schema refers to, if it is a reference.
    pub fn ref_name(&self) -> Option<&str> {
        match &self.kind {
            Kind::Ref(name) => Some(name),
            _ => None,
        }
    }

    /// Read a schema object. Validation has run, so only shapes it allows are expected; anything
    /// else reads as leniently as JSON Schema would (an unknown `type` as any value).
    pub fn from_value(v: &Value) -> Schema {
        read(v, 0)
    }

    /// Every component this schema refers to, directly or through its members.
    pub fn refs(&self, out: &mut BTreeSet<String>) {
        self.walk(&mut |s| {
            if let Kind::Ref(name) = &s.kind {
                out.insert(name.clone());
            }
        });
    }

    /// Visit this schema and every schema nested in it, depth first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Schema)) {
        f(self);
        for child in self.children() {
            child.walk(f);
        }
    }

    /// The schemas directly nested in this one.
    pub fn children(&self) -> Vec<&Schema> {
        match &self.kind {
            Kind::Array(a) => vec![&a.items],
            Kind::Object(o) => {
                let mut out: Vec<&Schema> = o.properties.iter().map(|p| &p.schema).collect();
                if let Extra::Schema(s) = &o.additional {
                    out.push(s);
                }
                out
            }
            Kind::OneOf(u) | Kind::AnyOf(u) => u.variants.iter().collect(),
            Kind::AllOf(members) => members.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// Read a schema at nesting `depth`. Validation rejects deeper schemas than [`MAX_DEPTH`]
/// already; this bound keeps the recursion (and every later walk of the IR) shallow even for a
/// document that was not validated: a schema nested deeper reads as any value.
fn read(v: &Value, depth: usize) -> Schema {
    let Value::Object(o) = v else {
        return Schema::default();
    };
    if depth > MAX_DEPTH {
        return Schema::default();
    }
    let mut s = Schema {
        nullable: flag(o, "nullable"),
        default: o.get("default").cloned(),
        read_only: flag(o, "readOnly"),
        write_only: flag(o, "writeOnly"),
        deprecated: flag(o, "deprecated"),
        description: text(o, "description"),
        title: text(o, "title"),
        example: o.get("example").cloned(),
        external_docs: o.get("externalDocs").cloned(),
        facts: text(o, "x-facts"),
        other: o
            .iter()
            .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        kind: Kind::Any,
    };
    if let Some(r) = o.get("$ref").and_then(Value::as_str) {
        // A reference stands alone in OpenAPI 3.0: its siblings are ignored.
        let name = r.strip_prefix(SCHEMA_PREFIX).unwrap_or(r);
        return Schema::of(Kind::Ref(crate::refs::unescape(name)));
    }
    s.kind = kind_of(o, depth);
    // `allOf` of one reference and nothing else is that reference: typify emits the referenced
    // type, and the diff must see the same thing (descriptions beside it are documentation).
    if let Kind::AllOf(members) = &s.kind {
        if let [only] = members.as_slice() {
            if matches!(only.kind, Kind::Ref(_)) && !s.nullable && s.default.is_none() {
                s.kind = only.kind.clone();
            }
        }
    }
    s
}

/// The kind of a schema object that is not a reference.
fn kind_of(o: &Map<String, Value>, depth: usize) -> Kind {
    let members = |key: &str| -> Option<Vec<Schema>> {
        o.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|m| read(m, depth + 1)).collect())
    };
    let own = own_kind(o, depth);
    let union = |variants: Vec<Schema>| Union {
        variants,
        discriminator: o.get("discriminator").map(discriminator),
    };
    let combined = if let Some(v) = members("oneOf") {
        Some(Kind::OneOf(union(v)))
    } else if let Some(v) = members("anyOf") {
        Some(Kind::AnyOf(union(v)))
    } else {
        members("allOf").map(Kind::AllOf)
    };
    match (combined, own) {
        (Some(k), Kind::Any) => k,
        // Type keywords beside a combinator: the value must satisfy both.
        (Some(Kind::AllOf(mut members)), own) => {
            members.push(Schema::of(own));
            Kind::AllOf(members)
        }
        (Some(k), own) => Kind::AllOf(vec![Schema::of(own), Schema::of(k)]),
        (None, own) => own,
    }
}

/// The kind from the type keywords alone.
fn own_kind(o: &Map<String, Value>, depth: usize) -> Kind {
    let ty = o.get("type").and_then(Value::as_str);
    if let Some(values) = o.get("enum").and_then(Value::as_array) {
        return Kind::Enum(Enumeration {
            ty: ty.map(str::to_string),
            format: text(o, "format"),
            values: values.clone(),
        });
    }
    let numeric = || Numeric {
        format: text(o, "format"),
        minimum: number(o, "minimum"),
        maximum: number(o, "maximum"),
        exclusive_minimum: flag(o, "exclusiveMinimum"),
        exclusive_maximum: flag(o, "exclusiveMaximum"),
        multiple_of: number(o, "multipleOf"),
    };
    match ty {
        Some("boolean") => Kind::Boolean,
        Some("integer") => Kind::Integer(numeric()),
        Some("number") => Kind::Number(numeric()),
        Some("string") => Kind::String(Text {
            format: text(o, "format"),
            pattern: text(o, "pattern"),
            min_length: count(o, "minLength"),
            max_length: count(o, "maxLength"),
        }),
        Some("array") => array(o, depth),
        Some("object") => Kind::Object(object(o, depth)),
        _ if o.contains_key("properties") || o.contains_key("additionalProperties") => {
            Kind::Object(object(o, depth))
        }
        _ if o.contains_key("items") => array(o, depth),
        _ => Kind::Any,
    }
}

fn array(o: &Map<String, Value>, depth: usize) -> Kind {
    Kind::Array(Box::new(Array {
        items: o
            .get("items")
            .map(|i| read(i, depth + 1))
            .unwrap_or_default(),
        min_items: count(o, "minItems"),
        max_items: count(o, "maxItems"),
        unique_items: flag(o, "uniqueItems"),
    }))
}

fn object(o: &Map<String, Value>, depth: usize) -> Object {
    let properties = o
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(name, s)| Property {
                    name: name.clone(),
                    schema: read(s, depth + 1),
                })
                .collect()
        })
        .unwrap_or_default();
    let required = o
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let additional = match o.get("additionalProperties") {
        None => Extra::Unspecified,
        Some(Value::Bool(false)) => Extra::Forbidden,
        Some(Value::Bool(true)) => Extra::Any,
        Some(Value::Object(m)) if m.is_empty() => Extra::Any,
        Some(v) => Extra::Schema(Box::new(read(v, depth + 1))),
    };
    Object {
        properties,
        required,
        additional,
        min_properties: count(o, "minProperties"),
        max_properties: count(o, "maxProperties"),
    }
}

fn discriminator(v: &Value) -> Discriminator {
    Discriminator {
        property: v["propertyName"].as_str().unwrap_or_default().to_string(),
        mapping: v["mapping"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}
