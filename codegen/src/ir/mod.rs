//! Stage 4, `ir`: the typed model of one API that every later stage reads.
//!
//! It is built once from the validated, normalized document ([`build`]): parameters merged
//! from the path item and the operation, references to shared parameters, bodies and
//! responses followed, schemas read into [`Schema`], the success response and the credentials
//! of every operation decided. The generator, the contract cases, the API surface and
//! `codegen diff` all read this model and nothing else, so they cannot disagree about what a
//! spec means; only schemas go back to JSON, to hand them to typify
//! ([`Schema::to_json_schema`]).

mod build;
mod emit;
mod schema;
mod security;
mod waiter;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

pub use crate::names::{method_name, rust_ident, rust_param_name, template_names};
pub use build::build;
pub use emit::Mode;
pub use schema::{
    Array, Discriminator, Enumeration, Extra, Kind, Numeric, Object, Property, Schema, Text, Union,
    SCHEMA_PREFIX,
};
pub use security::{Scheme, SchemeKind, Security};
pub use waiter::{listed_values, success_schema, value_text, Acceptor, Matcher, WaitState, Waiter};

/// One API, ready to emit.
#[derive(Clone, Debug)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info` keys besides title, version and description (`contact`, `license`...), for the diff.
    pub info_other: BTreeMap<String, Value>,
    /// `externalDocs` of the document.
    pub external_docs: Option<Value>,
    /// The document's `tags` list.
    pub tags: Option<Value>,
    /// The servers, in order; the client uses the first.
    pub servers: Vec<Server>,
    /// The security schemes the operations use, in order of first use (the first is the one
    /// `Client::new` and `from_env` take credentials for).
    pub schemes: Vec<Scheme>,
    /// `components.securitySchemes` descriptions by name, for the diff.
    pub scheme_docs: BTreeMap<String, Option<String>>,
    /// The document-level security requirement.
    pub security: Security,
    /// The environment variables `from_env` reads (`x-datacloud.env`).
    pub env: Env,
    /// Operations, in path order then method order.
    pub operations: Vec<Operation>,
    /// `components.schemas`, in the spec's order.
    pub schemas: Vec<Component>,
    /// Shared parameters (`components.parameters`) with their `x-omit` reason, for the diff.
    pub shared_parameters: Vec<(String, Param, Option<String>)>,
    /// The schema that error responses share, when they share one.
    pub error_schema: Option<Schema>,
}

/// A server.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// The URL template.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// The `{variables}` of the URL, in order of appearance.
    pub variables: Vec<ServerVar>,
}

impl Server {
    /// The URL with each variable replaced by its default, where it has one.
    pub fn default_url(&self) -> String {
        self.variables
            .iter()
            .fold(self.url.clone(), |u, v| match &v.default {
                Some(d) => u.replace(&format!("{{{}}}", v.name), d),
                None => u,
            })
    }
}

/// A `{variable}` of a server URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerVar {
    /// Its name in the URL.
    pub name: String,
    /// Its `default`.
    pub default: Option<String>,
    /// The environment variable `from_env` reads it from (`x-datacloud.env.server`).
    pub env: Option<String>,
}

/// The environment variables of `x-datacloud.env`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env {
    /// `token`.
    pub token: Option<String>,
    /// `username`.
    pub username: Option<String>,
    /// `password`.
    pub password: Option<String>,
    /// `server`: server variable to environment variable.
    pub server: Vec<(String, String)>,
}

/// A named schema of `components.schemas`.
#[derive(Clone, Debug)]
pub struct Component {
    /// Its name.
    pub name: String,
    /// Its schema.
    pub schema: Schema,
    /// Which directions reach it, and how the generator treats it (see [`Usage`]).
    pub usage: Usage,
}

/// How a component is generated, decided by the `tolerant-responses` normalization: what the
/// server sends is decoded leniently, what the caller sends stays strict.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// A request (parameter or body) reaches it.
    pub request: bool,
    /// A response reaches it: generated tolerant (no bounds, missing fields decode).
    pub response: bool,
    /// Both reach it and its strictness matters: requests use this strict copy instead.
    pub request_copy: Option<String>,
}

/// How the generator treats the component schemas, decided by the `tolerant-responses`
/// normalization (see `normalize`): which ones responses reach (generated tolerant), which ones
/// requests reach, and the strict request copies of those both reach.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Components a response reaches.
    pub response: BTreeSet<String>,
    /// Components a request reaches.
    pub request: BTreeSet<String>,
    /// Component name to the name of its strict request copy.
    pub copies: BTreeMap<String, String>,
}

/// HTTP methods an operation can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
    /// TRACE.
    Trace,
}

impl HttpMethod {
    /// Every method, in the order a path item lists them.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The key in a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method on the wire (`GET`).
    pub fn upper(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// The path item keys that are operations.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

impl Location {
    /// `path`, `query` or `header`.
    pub fn name(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        }
    }
}

/// How a parameter's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// One path segment, or a header (`style: simple`).
    Simple,
    /// Several path segments, its slashes sent as slashes (`x-multi-segment`).
    MultiSegment,
    /// A query parameter (`style: form`); an array repeats the name when `explode`, else it is
    /// sent comma-separated.
    Form {
        /// `explode` (default `true`).
        explode: bool,
    },
    /// A query parameter sent as JSON text (`where={"name":{"$eq":"x"}}`): one given by
    /// `content: {application/json: ...}`, or one whose schema is an object.
    Json,
}

/// One parameter of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// The Rust name of its argument or setter.
    pub rust_name: String,
    /// Where it goes.
    pub location: Location,
    /// How it is written.
    pub style: Style,
    /// Required (path parameters always are).
    pub required: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Its schema.
    pub schema: Schema,
    /// `description`.
    pub description: Option<String>,
    /// `example`.
    pub example: Option<Value>,
    /// `examples` (kept for the diff only).
    pub examples: Option<Value>,
    /// The shared parameter it comes from (`components.parameters`), if any.
    pub shared: Option<String>,
    /// Keys the generator does not use (`allowReserved`...), for the diff.
    pub other: BTreeMap<String, Value>,
}

/// A parameter left out of the method (`x-omit`).
#[derive(Clone, Debug, PartialEq)]
pub struct Omitted {
    /// The parameter.
    pub param: Param,
    /// Why it is not offered.
    pub reason: String,
}

/// What a body holds.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    /// JSON of this schema.
    Json(Box<Schema>),
    /// Bytes of a non-JSON media type (octet-stream, PDF, CSV...).
    Bytes,
    /// Text (`text/plain`): a Rust `String`.
    Text,
    /// No body.
    None,
}

/// See [`Api::union_places`].
#[derive(Clone, Debug, Default)]
pub struct UnionPlaces {
    /// Components that are a member of a `oneOf` or `anyOf`.
    pub members: BTreeSet<String>,
    /// Components that a property of a union member has as its type.
    pub tags: BTreeSet<String>,
}

/// The request body of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// Whether it must be sent.
    pub required: bool,
    /// The media type the client sends.
    pub media_type: String,
    /// What it holds.
    pub kind: BodyKind,
    /// The other media types the spec offers (the client does not use them).
    pub alternatives: Vec<String>,
    /// `description`.
    pub description: Option<String>,
    /// The media type's `example`.
    pub example: Option<Value>,
    /// The media type's `examples`, for the diff.
    pub examples: Option<Value>,
}

/// A status a response is documented for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// A range (`2XX`): the hundreds digit.
    Range(u8),
    /// `default`: every status not listed.
    Default,
}

impl Status {
    /// Read a responses key.
    pub fn parse(key: &str) -> Option<Status> {
        if key == "default" {
            return Some(Status::Default);
        }
        if key.len() == 3 && key[1..].eq_ignore_ascii_case("XX") {
            return key[..1].parse().ok().map(Status::Range);
        }
        key.parse()
            .ok()
            .filter(|c| (100..600).contains(c))
            .map(Status::Code)
    }

    /// Whether it is a success (2xx).
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(&c),
            Status::Range(r) => r == 2,
            Status::Default => false,
        }
    }

    /// A concrete code for this status (the range's first, 400 for `default`).
    pub fn code(self) -> u16 {
        match self {
            Status::Code(c) => c,
            Status::Range(r) => u16::from(r) * 100,
            Status::Default => 400,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(c) => write!(f, "{c}"),
            Status::Range(r) => write!(f, "{r}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// One documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Its status.
    pub status: Status,
    /// `description`.
    pub description: Option<String>,
    /// The media type the client reads, when there is a body.
    pub media_type: Option<String>,
    /// What the body holds.
    pub kind: BodyKind,
    /// The other media types the spec offers.
    pub alternatives: Vec<String>,
    /// The media type's `example`.
    pub example: Option<Value>,
    /// The media type's `examples`, for the diff.
    pub examples: Option<Value>,
    /// Names of the headers it declares.
    pub headers: Vec<String>,
    /// Keys besides `description` and `content` (`headers`, `links`...) as written, for the
    /// diff.
    pub other: BTreeMap<String, Value>,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Success {
    /// No body.
    Empty {
        /// The documented status.
        status: Status,
    },
    /// A JSON body of this schema.
    Json {
        /// The documented status.
        status: Status,
        /// Its schema.
        schema: Box<Schema>,
    },
    /// Untyped JSON: the success responses disagree on the body (see normalize).
    AnyJson,
    /// A text body (`text/plain`), returned as a `String`.
    Text {
        /// The documented status.
        status: Status,
        /// Media type.
        media_type: String,
    },
    /// A binary body of this media type (PDF, CSV...).
    Binary {
        /// The documented status.
        status: Status,
        /// Media type.
        media_type: String,
    },
}

impl Success {
    /// The documented status (200 for untyped JSON, which several statuses share).
    pub fn status(&self) -> Status {
        match self {
            Success::Empty { status }
            | Success::Json { status, .. }
            | Success::Text { status, .. }
            | Success::Binary { status, .. } => *status,
            Success::AnyJson => Status::Code(200),
        }
    }
}

/// Pagination style of a list operation (`x-pagination`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pagination {
    /// Cursor: the next page starts after the last item's `cursor_field`.
    Cursor {
        /// Query parameter that takes the cursor.
        cursor_param: String,
        /// Query parameter for the page size.
        limit_param: Option<String>,
        /// Item field that is the next cursor.
        cursor_field: String,
        /// Pointer to the items array ("" = the body).
        items: String,
    },
    /// Offset and limit, with a total count.
    Offset {
        /// Query parameter for the offset.
        offset_param: String,
        /// Query parameter for the page size.
        limit_param: String,
        /// Pointer to the items array.
        items: String,
        /// Pointer to the total count.
        total: Option<String>,
    },
    /// Opaque page state.
    PageState {
        /// Query parameter that takes the state.
        state_param: String,
        /// Pointer to the items.
        items: String,
        /// Pointer to the next state.
        next: String,
    },
}

impl Pagination {
    /// The query parameter the page stream sets itself.
    pub fn driven_param(&self) -> &str {
        match self {
            Pagination::Cursor { cursor_param, .. } => cursor_param,
            Pagination::Offset { offset_param, .. } => offset_param,
            Pagination::PageState { state_param, .. } => state_param,
        }
    }

    /// The pointer to the items in a page.
    pub fn items(&self) -> &str {
        match self {
            Pagination::Cursor { items, .. }
            | Pagination::Offset { items, .. }
            | Pagination::PageState { items, .. } => items,
        }
    }
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// snake_case operationId: the Rust method name.
    pub id: String,
    /// The operationId as the spec writes it (before normalization made it snake_case).
    pub spec_id: Option<String>,
    /// The HTTP method.
    pub method: HttpMethod,
    /// Path template as in the spec.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `x-route: inferred`.
    pub inferred_route: bool,
    /// `tags`.
    pub tags: Vec<String>,
    /// `externalDocs`.
    pub external_docs: Option<Value>,
    /// Per-operation `servers` (the client ignores them; the diff reports changes).
    pub servers: Option<Value>,
    /// Parameters: path ones in template order first, then query, then header.
    pub params: Vec<Param>,
    /// Parameters left out of the method (`x-omit`).
    pub omitted: Vec<Omitted>,
    /// Request body.
    pub body: Option<RequestBody>,
    /// Every documented response, in the spec's order.
    pub responses: Vec<Response>,
    /// What a successful call returns.
    pub success: Success,
    /// The credentials the call sends.
    pub security: Security,
    /// Whether the operation gives its own `security` (rather than the document's).
    pub own_security: bool,
    /// Pagination, if any.
    pub pagination: Option<Pagination>,
    /// Waiters that poll this operation (`x-waiters`), in the order written.
    pub waiters: Vec<Waiter>,
    /// A success response declares a `Location` header (a created resource).
    pub location_header: bool,
    /// Keys the generator does not use (`callbacks`, unknown `x-*`), for the diff.
    pub other: BTreeMap<String, Value>,
}

impl Operation {
    /// Pascal-case name used for types derived from this operation.
    pub fn type_prefix(&self) -> String {
        crate::util::pascal(&self.id)
    }

    /// `GET /a/{id}`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.upper(), self.path)
    }

    /// The path with every `{name}` written `{}`: the route, whatever its parameters are called.
    pub fn route_shape(&self) -> String {
        template_names(&self.path)
            .iter()
            .fold(self.path.clone(), |p, n| {
                p.replace(&format!("{{{n}}}"), "{}")
            })
    }

    /// Whether the call sends credentials.
    pub fn authenticated(&self) -> bool {
        !matches!(self.security, Security::Anonymous)
    }

    /// The path parameters, in template order.
    pub fn path_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.location == Location::Path)
    }
}

impl Api {
    /// The component called `name`.
    pub fn component(&self, name: &str) -> Option<&Component> {
        self.schemas.iter().find(|c| c.name == name)
    }

    /// Follow references until a schema that is not one. Validation has ruled out dangling
    /// and cyclic references; the hop limit keeps this total anyway.
    pub fn resolve<'a>(&'a self, schema: &'a Schema) -> &'a Schema {
        let mut s = schema;
        for _ in 0..64 {
            match s.ref_name().and_then(|n| self.component(n)) {
                Some(c) => s = &c.schema,
                None => return s,
            }
        }
        s
    }

    /// The first server's URL, with `{variables}` still in it.
    pub fn server_url(&self) -> &str {
        self.servers.first().map(|s| s.url.as_str()).unwrap_or("")
    }

    /// The first server's variables.
    pub fn server_vars(&self) -> &[ServerVar] {
        self.servers
            .first()
            .map(|s| s.variables.as_slice())
            .unwrap_or(&[])
    }

    /// The scheme `Client::new` and `from_env` take credentials for.
    pub fn primary_scheme(&self) -> Option<&Scheme> {
        self.schemes.first()
    }

    /// Every schema the API declares: components, then each operation's parameters, body and
    /// responses (nested schemas are reached from these with [`Schema::walk`]).
    pub fn root_schemas(&self) -> Vec<&Schema> {
        fn json(k: &BodyKind) -> Option<&Schema> {
            match k {
                BodyKind::Json(s) => Some(s),
                _ => None,
            }
        }
        let mut out: Vec<&Schema> = self.schemas.iter().map(|c| &c.schema).collect();
        for op in &self.operations {
            out.extend(op.params.iter().map(|p| &p.schema));
            out.extend(op.body.as_ref().and_then(|b| json(&b.kind)));
            out.extend(op.responses.iter().filter_map(|r| json(&r.kind)));
        }
        out
    }

    /// Where unions pick their variant: the components that are union members, and those a
    /// property of a member refers to. A single-value enum among the latter is the constant that
    /// tells the variants apart, so its Rust enum has no `Unknown` fallback
    /// (`generate::tolerate` decides the same from the Rust side).
    pub fn union_places(&self) -> UnionPlaces {
        let mut members: Vec<&Schema> = Vec::new();
        let mut places = UnionPlaces::default();
        for root in self.root_schemas() {
            root.walk(&mut |s| {
                if let Kind::OneOf(u) | Kind::AnyOf(u) = &s.kind {
                    members.extend(&u.variants);
                }
            });
        }
        for m in members {
            places.members.extend(m.ref_name().map(str::to_string));
            let Kind::Object(o) = &self.resolve(m).kind else {
                continue;
            };
            for p in &o.properties {
                // The field's type: the schema itself, or the items of a list of it.
                let mut s = &p.schema;
                while let Kind::Array(a) = &s.kind {
                    s = &a.items;
                }
                places.tags.extend(s.ref_name().map(str::to_string));
            }
        }
        places
    }

    /// Every component reachable from `roots` through references, `roots` included.
    pub fn closure(&self, roots: BTreeSet<String>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = roots.into_iter().collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(c) = self.component(&name) {
                let mut next = BTreeSet::new();
                c.schema.refs(&mut next);
                stack.extend(next.into_iter().filter(|n| !seen.contains(n)));
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests;
