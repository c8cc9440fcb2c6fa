//! The OpenAPI 3.0.3 object types, as tables: each field's name, the JSON type it must have,
//! and whether it is required. The checker in `mod.rs` walks a document by these tables.
//!
//! A field that a later check already reports with its own rule (a request body without
//! `content`, an operation without `responses`, a discriminator without `propertyName`,
//! a schema's `type`, `enum` and bounds) is typed `Any` or not required here, so that its
//! message stays the one users know.

use Object::*;
use Ty::*;

/// An OpenAPI 3.0 object type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Object {
    /// The document root.
    Document,
    /// `info`.
    Info,
    /// `info.contact`.
    Contact,
    /// `info.license`.
    License,
    /// An entry of `servers`.
    Server,
    /// A server's `variables` entry.
    ServerVariable,
    /// `components`.
    Components,
    /// `paths`.
    Paths,
    /// One path.
    PathItem,
    /// One method of a path.
    Operation,
    /// `externalDocs`.
    ExternalDocs,
    /// A parameter.
    Parameter,
    /// A request body.
    RequestBody,
    /// An entry of `content`.
    MediaType,
    /// An entry of a media type's `encoding`.
    Encoding,
    /// An operation's `responses`.
    Responses,
    /// One response.
    Response,
    /// A callback.
    Callback,
    /// An entry of `examples`.
    Example,
    /// A link.
    Link,
    /// A header.
    Header,
    /// An entry of `tags`.
    Tag,
    /// A schema.
    Schema,
    /// A schema's `discriminator`.
    Discriminator,
    /// A schema's `xml`.
    Xml,
    /// An entry of `components.securitySchemes`.
    SecurityScheme,
    /// A security scheme's `flows`.
    OAuthFlows,
    /// One OAuth flow.
    OAuthFlow,
    /// An entry of a `security` list.
    SecurityRequirement,
}

impl Object {
    /// The name the OpenAPI specification gives the type ("Path Item").
    pub fn name(self) -> &'static str {
        match self {
            Document => "OpenAPI",
            Info => "Info",
            Contact => "Contact",
            License => "License",
            Server => "Server",
            ServerVariable => "Server Variable",
            Components => "Components",
            Paths => "Paths",
            PathItem => "Path Item",
            Operation => "Operation",
            ExternalDocs => "External Documentation",
            Parameter => "Parameter",
            RequestBody => "Request Body",
            MediaType => "Media Type",
            Encoding => "Encoding",
            Responses => "Responses",
            Response => "Response",
            Callback => "Callback",
            Example => "Example",
            Link => "Link",
            Header => "Header",
            Tag => "Tag",
            Schema => "Schema",
            Discriminator => "Discriminator",
            Xml => "XML",
            SecurityScheme => "Security Scheme",
            OAuthFlows => "OAuth Flows",
            OAuthFlow => "OAuth Flow",
            SecurityRequirement => "Security Requirement",
        }
    }

    /// "a Path Item Object", "an Operation Object".
    pub fn with_article(self) -> String {
        format!("a{} {} Object", article(self), self.name())
    }

    /// Where the specification describes the type.
    pub fn url(self) -> String {
        let anchor = format!("{} Object", self.name())
            .to_ascii_lowercase()
            .replace(' ', "-");
        format!("https://spec.openapis.org/oas/v3.0.3#{anchor}")
    }

    /// The `components` section that holds reusable objects of this type, for the types a
    /// Reference Object may stand for.
    pub fn section(self) -> Option<&'static str> {
        Some(match self {
            Schema => "schemas",
            Response => "responses",
            Parameter => "parameters",
            Example => "examples",
            RequestBody => "requestBodies",
            Header => "headers",
            SecurityScheme => "securitySchemes",
            Link => "links",
            Callback => "callbacks",
            _ => return None,
        })
    }

    /// The fields of the type.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Document => DOCUMENT,
            Info => INFO,
            Contact => CONTACT,
            License => LICENSE,
            Server => SERVER,
            ServerVariable => SERVER_VARIABLE,
            Components => COMPONENTS,
            Paths | Responses | Callback | SecurityRequirement => &[],
            PathItem => PATH_ITEM,
            Operation => OPERATION,
            ExternalDocs => EXTERNAL_DOCS,
            Parameter => PARAMETER,
            RequestBody => REQUEST_BODY,
            MediaType => MEDIA_TYPE,
            Encoding => ENCODING,
            Response => RESPONSE,
            Example => EXAMPLE,
            Link => LINK,
            Header => HEADER,
            Tag => TAG,
            Schema => SCHEMA_FIELDS,
            Discriminator => DISCRIMINATOR,
            Xml => XML,
            SecurityScheme => SECURITY_SCHEME,
            OAuthFlows => OAUTH_FLOWS,
            OAuthFlow => OAUTH_FLOW,
        }
    }

    /// The type of the entries whose keys are not fixed (paths, status codes, callback
    /// expressions, scheme names), for the types that have them.
    pub fn patterned(self) -> Option<Ty> {
        match self {
            Paths | Callback => Some(Obj(PathItem)),
            Responses => Some(RefOr(Response)),
            SecurityRequirement => Some(ListOf(&Str)),
            _ => None,
        }
    }

    /// Whether `x-` keys are extensions here (everywhere but in a security requirement, whose
    /// keys are all scheme names).
    pub fn extensible(self) -> bool {
        self != SecurityRequirement
    }
}

/// The JSON type a field must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// Any value (examples, defaults, and fields a later check reports itself).
    Any,
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// A number.
    Number,
    /// An object of the type.
    Obj(Object),
    /// An object of the type, or a Reference Object to one under `components`.
    RefOr(Object),
    /// A mapping from any keys to values of the type.
    MapOf(&'static Ty),
    /// A list of values of the type.
    ListOf(&'static Ty),
    /// `additionalProperties`: a boolean or a schema.
    BoolOrSchema,
}

impl Ty {
    /// What the type is, in words, for "must be ..." messages.
    pub fn describe(self) -> String {
        match self {
            Any => "any value".into(),
            Str => "a string".into(),
            Bool => "a boolean (`true` or `false`)".into(),
            Number => "a number".into(),
            Obj(o) => format!("a{} {} Object (a mapping)", article(o), o.name()),
            RefOr(o) => format!("a{} {} Object or a `$ref`", article(o), o.name()),
            MapOf(t) => format!("a mapping of names to {}", t.plural()),
            ListOf(t) => format!("a list of {}", t.plural()),
            BoolOrSchema => "a boolean or a Schema Object".into(),
        }
    }

    fn plural(self) -> String {
        match self {
            Any => "values".into(),
            Str => "strings".into(),
            Bool => "booleans".into(),
            Number => "numbers".into(),
            Obj(o) => format!("{} Objects", o.name()),
            RefOr(o) => format!("{} Objects (or `$ref`s)", o.name()),
            MapOf(_) => "mappings".into(),
            ListOf(_) => "lists".into(),
            BoolOrSchema => "booleans or Schema Objects".into(),
        }
    }

    /// How to write a value of the type.
    pub fn fix(self) -> String {
        match self {
            Any => String::new(),
            Str => {
                "write a string here (quote it if YAML reads it as a number or a boolean)".into()
            }
            Bool => "write `true` or `false`".into(),
            Number => "write a number".into(),
            Obj(Schema) | RefOr(Schema) | BoolOrSchema => format!(
                "write a schema mapping such as `{{type: string}}` here (see {})",
                Schema.url()
            ),
            Obj(o) | RefOr(o) => format!("write {} here (see {})", self.describe(), o.url()),
            MapOf(_) => "write a mapping here (`name: value` lines, or `{name: value}`)".into(),
            ListOf(_) => "write a list here (`- item` lines, or `[a, b]`)".into(),
        }
    }
}

fn article(o: Object) -> &'static str {
    match o.name().as_bytes().first() {
        Some(b'A' | b'E' | b'I' | b'O' | b'U') => "n",
        _ => "",
    }
}

/// One fixed field of an object type.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Its key.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether the specification requires it.
    pub required: bool,
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const SCHEMA: Ty = RefOr(Schema);
const SCHEMA_LIST: Ty = ListOf(&SCHEMA);
const EXAMPLES: Ty = MapOf(&RefOr(Example));
const CONTENT: Ty = MapOf(&Obj(MediaType));
const HEADERS: Ty = MapOf(&RefOr(Header));
const SERVERS: Ty = ListOf(&Obj(Server));
const PARAMETERS: Ty = ListOf(&RefOr(Parameter));
const SECURITY: Ty = ListOf(&Obj(SecurityRequirement));
const DOCS: Ty = Obj(ExternalDocs);

static DOCUMENT: &[Field] = &[
    opt("openapi", Str),
    req("info", Obj(Info)),
    opt("servers", SERVERS),
    opt("paths", Obj(Paths)),
    opt("components", Obj(Components)),
    opt("security", SECURITY),
    opt("tags", ListOf(&Obj(Tag))),
    opt("externalDocs", DOCS),
];

static INFO: &[Field] = &[
    req("title", Str),
    opt("description", Str),
    opt("termsOfService", Str),
    opt("contact", Obj(Contact)),
    opt("license", Obj(License)),
    req("version", Str),
];

static CONTACT: &[Field] = &[opt("name", Str), opt("url", Str), opt("email", Str)];

static LICENSE: &[Field] = &[req("name", Str), opt("url", Str)];

static SERVER: &[Field] = &[
    req("url", Str),
    opt("description", Str),
    opt("variables", MapOf(&Obj(ServerVariable))),
];

static SERVER_VARIABLE: &[Field] = &[
    opt("enum", ListOf(&Str)),
    req("default", Str),
    opt("description", Str),
];

static COMPONENTS: &[Field] = &[
    opt("schemas", MapOf(&SCHEMA)),
    opt("responses", MapOf(&RefOr(Response))),
    opt("parameters", MapOf(&RefOr(Parameter))),
    opt("examples", EXAMPLES),
    opt("requestBodies", MapOf(&RefOr(RequestBody))),
    opt("headers", HEADERS),
    opt("securitySchemes", MapOf(&RefOr(SecurityScheme))),
    opt("links", MapOf(&RefOr(Link))),
    opt("callbacks", MapOf(&RefOr(Callback))),
    // OpenAPI 3.1's place for shared path items, which published 3.0 specs use too: a path
    // item's `$ref` may point here (see `path_items`).
    opt("pathItems", MapOf(&Obj(PathItem))),
];

static PATH_ITEM: &[Field] = &[
    // A path item by local `$ref` has been replaced by its target (see `path_items`); one
    // left here could not be followed and is reported there.
    opt("$ref", Str),
    opt("summary", Str),
    opt("description", Str),
    opt("get", Obj(Operation)),
    opt("put", Obj(Operation)),
    opt("post", Obj(Operation)),
    opt("delete", Obj(Operation)),
    opt("options", Obj(Operation)),
    opt("head", Obj(Operation)),
    opt("patch", Obj(Operation)),
    opt("trace", Obj(Operation)),
    opt("servers", SERVERS),
    opt("parameters", PARAMETERS),
];

static OPERATION: &[Field] = &[
    opt("tags", ListOf(&Str)),
    opt("summary", Str),
    opt("description", Str),
    opt("externalDocs", DOCS),
    opt("operationId", Str),
    opt("parameters", PARAMETERS),
    opt("requestBody", RefOr(RequestBody)),
    // Required, but the `no-responses` repair reports (or fills in) its absence.
    opt("responses", Obj(Responses)),
    opt("callbacks", MapOf(&RefOr(Callback))),
    opt("deprecated", Bool),
    opt("security", SECURITY),
    opt("servers", SERVERS),
];

static EXTERNAL_DOCS: &[Field] = &[opt("description", Str), req("url", Str)];

static PARAMETER: &[Field] = &[
    req("name", Str),
    req("in", Str),
    opt("description", Str),
    opt("required", Bool),
    opt("deprecated", Bool),
    opt("allowEmptyValue", Bool),
    opt("style", Str),
    opt("explode", Bool),
    opt("allowReserved", Bool),
    opt("schema", SCHEMA),
    opt("example", Any),
    opt("examples", EXAMPLES),
    opt("content", CONTENT),
];

static HEADER: &[Field] = &[
    opt("description", Str),
    opt("required", Bool),
    opt("deprecated", Bool),
    opt("allowEmptyValue", Bool),
    opt("style", Str),
    opt("explode", Bool),
    opt("allowReserved", Bool),
    opt("schema", SCHEMA),
    opt("example", Any),
    opt("examples", EXAMPLES),
    opt("content", CONTENT),
];

static REQUEST_BODY: &[Field] = &[
    opt("description", Str),
    // Required, but `empty-request-body` reports its absence.
    opt("content", CONTENT),
    opt("required", Bool),
];

static MEDIA_TYPE: &[Field] = &[
    opt("schema", SCHEMA),
    opt("example", Any),
    opt("examples", EXAMPLES),
    opt("encoding", MapOf(&Obj(Encoding))),
];

static ENCODING: &[Field] = &[
    opt("contentType", Str),
    opt("headers", HEADERS),
    opt("style", Str),
    opt("explode", Bool),
    opt("allowReserved", Bool),
];

static RESPONSE: &[Field] = &[
    req("description", Str),
    opt("headers", HEADERS),
    // An empty `content` is valid OpenAPI: the response has no body.
    opt("content", CONTENT),
    opt("links", MapOf(&RefOr(Link))),
];

static EXAMPLE: &[Field] = &[
    opt("summary", Str),
    opt("description", Str),
    opt("value", Any),
    opt("externalValue", Str),
];

static LINK: &[Field] = &[
    opt("operationRef", Str),
    opt("operationId", Str),
    opt("parameters", MapOf(&Any)),
    opt("requestBody", Any),
    opt("description", Str),
    opt("server", Obj(Server)),
];

static TAG: &[Field] = &[
    req("name", Str),
    opt("description", Str),
    opt("externalDocs", DOCS),
];

static SCHEMA_FIELDS: &[Field] = &[
    opt("title", Str),
    opt("multipleOf", Number),
    opt("maximum", Number),
    opt("exclusiveMaximum", Bool),
    opt("minimum", Number),
    opt("exclusiveMinimum", Bool),
    // Lengths, counts, `pattern`, `enum` and `type` have their own messages (`bad-schema`,
    // `bad-pattern`, `unsatisfiable-schema`).
    opt("maxLength", Any),
    opt("minLength", Any),
    opt("pattern", Any),
    opt("maxItems", Any),
    opt("minItems", Any),
    opt("uniqueItems", Bool),
    opt("maxProperties", Any),
    opt("minProperties", Any),
    opt("required", ListOf(&Str)),
    opt("enum", Any),
    opt("type", Any),
    opt("allOf", SCHEMA_LIST),
    opt("oneOf", SCHEMA_LIST),
    opt("anyOf", SCHEMA_LIST),
    opt("not", SCHEMA),
    opt("items", SCHEMA),
    opt("properties", MapOf(&SCHEMA)),
    opt("additionalProperties", BoolOrSchema),
    opt("description", Str),
    opt("format", Str),
    opt("default", Any),
    opt("nullable", Bool),
    opt("discriminator", Obj(Discriminator)),
    opt("readOnly", Bool),
    opt("writeOnly", Bool),
    opt("xml", Obj(Xml)),
    opt("externalDocs", DOCS),
    opt("example", Any),
    opt("deprecated", Bool),
];

static DISCRIMINATOR: &[Field] = &[
    // Required, but `bad-schema` reports its absence.
    opt("propertyName", Any),
    opt("mapping", MapOf(&Str)),
];

static XML: &[Field] = &[
    opt("name", Str),
    opt("namespace", Str),
    opt("prefix", Str),
    opt("attribute", Bool),
    opt("wrapped", Bool),
];

static SECURITY_SCHEME: &[Field] = &[
    req("type", Str),
    opt("description", Str),
    opt("name", Str),
    opt("in", Str),
    opt("scheme", Str),
    opt("bearerFormat", Str),
    opt("flows", Obj(OAuthFlows)),
    opt("openIdConnectUrl", Str),
];

static OAUTH_FLOWS: &[Field] = &[
    opt("implicit", Obj(OAuthFlow)),
    opt("password", Obj(OAuthFlow)),
    opt("clientCredentials", Obj(OAuthFlow)),
    opt("authorizationCode", Obj(OAuthFlow)),
];

static OAUTH_FLOW: &[Field] = &[
    opt("authorizationUrl", Str),
    opt("tokenUrl", Str),
    opt("refreshUrl", Str),
    req("scopes", MapOf(&Str)),
];
