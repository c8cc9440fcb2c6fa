//! Severity rules: what a spec change means for a user of the generated Rust client.
//!
//! A change is `breaking` when code that uses the client stops compiling, or when the same call
//! now fails or means something else on the wire; `compatible` when neither happens; `docs` when
//! only descriptions, summaries, examples, titles or tags change. The rules follow from how the
//! generator turns a spec into Rust, so that a reviewer can trust them without knowing it:
//!
//! - the method is named after the operationId in snake_case and takes the operation's required
//!   inputs as arguments (path parameters in template order, then required query and header
//!   parameters, then a required `body`); it returns a request builder with one setter per
//!   optional parameter (and `body` when the body is optional), which `.await` sends;
//! - request schemas stay strict: a string with a pattern or a length bound becomes a validated
//!   newtype, an integer with `minimum: 1` a `NonZero` type, a required field `T` and an optional
//!   one `Option<T>` (an optional array stays `Vec<T>`; an optional field with a default is `T`);
//!   a request type is built with `Type::new(required fields)` and a `with_*` setter per optional
//!   field, which is the documented way and the one these rules judge;
//! - response schemas are tolerant (normalization rule `tolerant-responses`): a required field is
//!   plain `T` (filled with its default when the server leaves it out), an optional one
//!   `Option<T>` (an optional array `Vec<T>`), bounds and patterns are not enforced, and a string
//!   enum keeps values it does not list in an `Unknown` variant; unions (`oneOf`/`anyOf`) have
//!   no such fallback, nor has a single-value enum that is a field of a union member (the
//!   constant that selects the variant);
//! - every 2xx status is a success and every other status decodes into the same `Error`.
//!
//! A change inside a shared component is classified for each direction the operations use it
//! in (request, response) and gets the more severe of the two. A component no operation uses
//! is classified for both directions, since its type is generated anyway.
//!
//! | kind | in a request | in a response | why |
//! | --- | --- | --- | --- |
//! | `api-added` | compatible | | a new module |
//! | `api-removed` | breaking | | the module goes away |
//! | `operation-added` | compatible | | a new method |
//! | `operation-removed` | breaking | | the method goes away |
//! | `operation-renamed` | breaking | | the method is named after the operationId (snake_case) |
//! | `operation-route-changed` | breaking | | the same method calls another route |
//! | `operation-deprecated`, `-undeprecated` | compatible | | `#[deprecated]` warns, it does not fail |
//! | `parameter-added` | breaking if required, else compatible | | a new argument; an optional one is a new setter |
//! | `parameter-removed` | breaking | | an argument or a setter goes away |
//! | `parameter-moved` (query → header…) | breaking | | the value travels elsewhere |
//! | `parameters-reordered` (required ones) | breaking | | arguments change order; setters have no order |
//! | `parameter-renamed` (path only) | compatible | | path parameters are positional in the URL and the method |
//! | `parameter-required`, `parameter-optional` | breaking | | a setter becomes an argument, or the reverse |
//! | `parameter-style-changed` | breaking | | the value is encoded differently |
//! | `parameter-omitted` / `parameter-offered` (`x-omit`) | breaking / breaking if required, else compatible | | the method loses or gains the input |
//! | `parameter-deprecated`, `-undeprecated` | compatible | | advice only |
//! | `request-body-added` | breaking if required, else compatible | | a new `body` argument, or a new `body` setter |
//! | `request-body-removed` | breaking | | the `body` argument or setter goes away |
//! | `request-body-required`, `-optional` | breaking | | the `body` setter becomes an argument, or the reverse |
//! | `request-media-type-changed` | breaking | | the server expects another content type |
//! | `media-type-added`, `-removed` (alternatives) | compatible | compatible | the client uses one media type |
//! | `success-body-changed` | | breaking | the method's return type changes |
//! | `success-status-changed`, `success-response-added`, `-removed` | | compatible | every 2xx is a success |
//! | `error-response-added`, `-removed` | | compatible | every error decodes into `Error` |
//! | `response-media-type-changed` | | compatible | JSON stays JSON, binary stays `Binary` |
//! | `pagination-added` / `-removed` / `-changed` | compatible / breaking / breaking | | the `*_stream` method |
//! | `waiter-added` / `-removed` | compatible / breaking | | the `wait_until_*` method appears or goes away |
//! | `waiter-acceptors-changed` | breaking | | the same wait can end otherwise (success, failure, timeout); an HTTP-status success changes its output between `Response<T>` and `Option<Response<T>>` |
//! | `waiter-message-changed` | compatible | | only the message a failure or timeout reports changes |
//! | `waiter-timing-changed` | compatible | | only the default delays and maximum wait change; `.poll_interval` and `.max_wait` override them |
//! | `security-added`, `-removed`, `-changed` (global) | breaking | | `Client::new` takes other credentials |
//! | `operation-security-added` / `-removed` / `-changed` | breaking / compatible / breaking | | the call needs (no, other) credentials |
//! | `server-changed`, `server-variables-changed` | breaking | | the default base URL or `Client::server_url` changes |
//! | `server-added`, `server-removed` (not the first) | compatible | | the client uses the first server only |
//! | `operation-servers-changed` | compatible | | the client ignores per-operation servers |
//! | `credentials-env-changed` | breaking | | `Client::from_env` reads other variables |
//! | `type-added` / `type-removed` | compatible / breaking | | a type in `types` appears or goes away |
//! | `type-changed`, `type-renamed` | breaking | breaking | the Rust type changes |
//! | `field-added` | breaking if required, else compatible | compatible | `new` takes a new argument; an optional field is a new `with_*` setter |
//! | `field-removed` | breaking | breaking | code that sets or reads it stops compiling |
//! | `field-required` | breaking | breaking (compatible for arrays) | a `with_*` setter becomes an argument of `new`; a response's `Option<T>` becomes `T` |
//! | `field-optional` | breaking | breaking (compatible for arrays) | an argument of `new` becomes a setter; a response's `T` becomes `Option<T>` (`Vec<T>` stays) |
//! | `field-deprecated`, `schema-deprecated` (and `un-`) | compatible | compatible | advice only |
//! | `enum-value-added` | compatible | compatible (breaking for a union member's single-value field, or non-string enums) | unknown values decode into `Unknown` |
//! | `enum-value-removed` | breaking | compatible | the server rejects the value; it no longer arrives |
//! | `variant-added` (oneOf/anyOf) | compatible | breaking | unions have no `Unknown` fallback |
//! | `variant-removed` | breaking | compatible | as for enum values |
//! | `bound-tightened` (incl. pattern added) | breaking | compatible | response bounds are not enforced by the client |
//! | `bound-loosened` (incl. pattern removed) | compatible (breaking when the Rust type changes) | compatible | newtype/`NonZero` ↔ plain type |
//! | `pattern-changed` | breaking | compatible | values that matched may not match |
//! | `format-changed` | breaking if the Rust type changes, else compatible | same | `uuid`, `date-time`, `int32`… pick the type |
//! | `default-changed` | breaking (compatible for required fields) | compatible | an omitted value now means another one |
//! | `default-added`, `-removed` | breaking for optional fields, else compatible | same | `Option<T>` ↔ `T` with a serde default |
//! | `nullable-added`, `-removed` | breaking if required or not a field/parameter, else compatible | same | `T` ↔ `Option<T>` |
//! | `extra-fields-forbidden` (`additionalProperties: false`) | compatible | breaking | unlisted fields now fail to decode |
//! | `extra-fields-allowed`, `extra-fields-kept` | compatible | compatible | |
//! | `extra-fields-dropped` | breaking | breaking | the map of extra fields goes away |
//! | `keyword-changed` | compatible | compatible | a keyword the generator does not use; review by hand |
//! | `not-compared` | breaking | breaking | nested beyond the depth limit; review by hand |
//! | `info-changed`, `summary-changed`, `description-changed`, `example-changed`, `tags-changed`, `title-changed`, `external-docs-changed`, `route-note-changed` | docs | docs | documentation only |
//!
//! The rules judge the documented way of using the client (`new` and `with_*` for bodies,
//! arguments and setters for calls, field access for responses), and `codegen/tests/proof.rs`
//! compiles a program written that way against the old client and the new one for every case
//! of the diff corpus. Two rules are deliberately lenient, as is usual for API reviews: a new
//! optional request field is compatible even though a struct literal that lists every field
//! must now name it too, and a removed response enum value is compatible even though a `match`
//! arm naming its variant must go.

use serde::Serialize;

/// How a change affects a user of the generated client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Their code stops compiling, or the same call now fails or means something else.
    Breaking,
    /// Nothing they wrote needs to change.
    Compatible,
    /// Descriptions, summaries, examples or tags only.
    Docs,
}

impl Severity {
    /// `breaking`, `compatible` or `docs`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
            Severity::Docs => "docs",
        }
    }

    /// Every severity, most severe first.
    pub const ALL: [Severity; 3] = [Severity::Breaking, Severity::Compatible, Severity::Docs];
}

/// Which way a value travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the caller to the server: parameters and request bodies.
    Request,
    /// From the server to the caller: response bodies.
    Response,
}

impl Direction {
    /// `request` or `response`.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

macro_rules! kinds {
    ($($variant:ident => $name:literal,)*) => {
        /// The kind of a change; its name is stable and machine-readable.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The stable name (`parameter-removed`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }
        }

        impl std::fmt::Display for Kind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

kinds! {
    ApiAdded => "api-added",
    ApiRemoved => "api-removed",
    InfoChanged => "info-changed",
    ServerChanged => "server-changed",
    ServerVariablesChanged => "server-variables-changed",
    ServerAdded => "server-added",
    ServerRemoved => "server-removed",
    SecurityAdded => "security-added",
    SecurityRemoved => "security-removed",
    SecurityChanged => "security-changed",
    CredentialsEnvChanged => "credentials-env-changed",
    TypeAdded => "type-added",
    TypeRemoved => "type-removed",
    OperationAdded => "operation-added",
    OperationRemoved => "operation-removed",
    OperationRenamed => "operation-renamed",
    OperationRouteChanged => "operation-route-changed",
    OperationDeprecated => "operation-deprecated",
    OperationUndeprecated => "operation-undeprecated",
    OperationSecurityAdded => "operation-security-added",
    OperationSecurityRemoved => "operation-security-removed",
    OperationSecurityChanged => "operation-security-changed",
    OperationServersChanged => "operation-servers-changed",
    PaginationAdded => "pagination-added",
    PaginationRemoved => "pagination-removed",
    PaginationChanged => "pagination-changed",
    WaiterAdded => "waiter-added",
    WaiterRemoved => "waiter-removed",
    WaiterAcceptorsChanged => "waiter-acceptors-changed",
    WaiterMessageChanged => "waiter-message-changed",
    WaiterTimingChanged => "waiter-timing-changed",
    ParameterAdded => "parameter-added",
    ParameterRemoved => "parameter-removed",
    ParameterRenamed => "parameter-renamed",
    ParameterMoved => "parameter-moved",
    ParametersReordered => "parameters-reordered",
    ParameterRequired => "parameter-required",
    ParameterOptional => "parameter-optional",
    ParameterStyleChanged => "parameter-style-changed",
    ParameterOmitted => "parameter-omitted",
    ParameterOffered => "parameter-offered",
    ParameterDeprecated => "parameter-deprecated",
    ParameterUndeprecated => "parameter-undeprecated",
    RequestBodyAdded => "request-body-added",
    RequestBodyRemoved => "request-body-removed",
    RequestBodyRequired => "request-body-required",
    RequestBodyOptional => "request-body-optional",
    RequestMediaTypeChanged => "request-media-type-changed",
    MediaTypeAdded => "media-type-added",
    MediaTypeRemoved => "media-type-removed",
    SuccessBodyChanged => "success-body-changed",
    SuccessStatusChanged => "success-status-changed",
    SuccessResponseAdded => "success-response-added",
    SuccessResponseRemoved => "success-response-removed",
    ErrorResponseAdded => "error-response-added",
    ErrorResponseRemoved => "error-response-removed",
    ResponseMediaTypeChanged => "response-media-type-changed",
    TypeChanged => "type-changed",
    TypeRenamed => "type-renamed",
    FieldAdded => "field-added",
    FieldRemoved => "field-removed",
    FieldRenamed => "field-renamed",
    FieldRequired => "field-required",
    FieldOptional => "field-optional",
    FieldDeprecated => "field-deprecated",
    FieldUndeprecated => "field-undeprecated",
    SchemaDeprecated => "schema-deprecated",
    SchemaUndeprecated => "schema-undeprecated",
    EnumValueAdded => "enum-value-added",
    EnumValueRemoved => "enum-value-removed",
    VariantAdded => "variant-added",
    VariantRemoved => "variant-removed",
    BoundTightened => "bound-tightened",
    BoundLoosened => "bound-loosened",
    PatternChanged => "pattern-changed",
    FormatChanged => "format-changed",
    DefaultAdded => "default-added",
    DefaultRemoved => "default-removed",
    DefaultChanged => "default-changed",
    NullableAdded => "nullable-added",
    NullableRemoved => "nullable-removed",
    ExtraFieldsForbidden => "extra-fields-forbidden",
    ExtraFieldsAllowed => "extra-fields-allowed",
    ExtraFieldsKept => "extra-fields-kept",
    ExtraFieldsDropped => "extra-fields-dropped",
    KeywordChanged => "keyword-changed",
    NotCompared => "not-compared",
    SummaryChanged => "summary-changed",
    DescriptionChanged => "description-changed",
    ExampleChanged => "example-changed",
    TagsChanged => "tags-changed",
    TitleChanged => "title-changed",
    ExternalDocsChanged => "external-docs-changed",
    RouteNoteChanged => "route-note-changed",
}

/// Where in a request or response a schema change sits; the rules for `nullable` and
/// `default` depend on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Position {
    /// A body, array items, map values, a union variant or a component's root.
    #[default]
    Other,
    /// A parameter's schema.
    Parameter,
    /// A property of an object.
    Property,
}

/// What the comparison found out about a change, beyond its kind, that the rules need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Where the schema sits.
    pub position: Position,
    /// The field, parameter or body is required (on the new side; the old side when removed).
    pub required: bool,
    /// The field is an array (an optional array stays `Vec<T>`).
    pub array: bool,
    /// The Rust type of the value changes in a request (strict schemas).
    pub request_type_changes: bool,
    /// The Rust type of the value changes in a response (tolerant schemas).
    pub response_type_changes: bool,
    /// The enum has no `Unknown` fallback (a single value that selects a union variant, or
    /// values that are not strings).
    pub strict_enum: bool,
    /// The node is a field of a union member (or the items of one): a single-value enum there
    /// is the variant's constant.
    pub tag: bool,
}

/// A severity and its reason in a few words.
type Verdict = (Severity, &'static str);

/// The severity of one change for one direction, with the reason in a few words.
///
/// `direction` is `None` for changes that are not about a schema (operations, servers,
/// security); schema changes without a direction are judged as requests, the strict side.
pub fn classify(kind: Kind, facts: &Facts, direction: Option<Direction>) -> Verdict {
    let response = direction == Some(Direction::Response);
    [
        api, operation, inputs, waiters, responses, fields, values, defaults, docs,
    ]
    .iter()
    .find_map(|rules| rules(kind, facts, response))
    .unwrap_or((Severity::Compatible, "not classified; review by hand"))
}

/// The rules for the API, its servers, credentials and types.
fn api(kind: Kind, _facts: &Facts, _response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::{Breaking, Compatible};
    Some(match kind {
        ApiAdded => (Compatible, "a new API module; nothing existing changes"),
        ApiRemoved => (Breaking, "the API module goes away"),
        ServerChanged => (
            Breaking,
            "the client's default base URL changes: the same call goes elsewhere",
        ),
        ServerVariablesChanged => (
            Breaking,
            "`Client::server_url` takes the server variables as arguments",
        ),
        ServerAdded | ServerRemoved => (Compatible, "the client uses the first server only"),
        SecurityAdded => (
            Breaking,
            "`Client::new` and `from_env` now take credentials, and calls without them fail",
        ),
        SecurityRemoved => (
            Breaking,
            "`Client::new` and `from_env` no longer take credentials",
        ),
        SecurityChanged => (Breaking, "the client must send other credentials"),
        CredentialsEnvChanged => (
            Breaking,
            "`Client::from_env` reads other environment variables",
        ),
        TypeAdded => (Compatible, "a new type in `types`"),
        TypeRemoved => (Breaking, "code that names the type stops compiling"),
        _ => return None,
    })
}

/// The rules for an operation: its method, route, credentials and pagination.
fn operation(kind: Kind, _facts: &Facts, _response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::{Breaking, Compatible};
    Some(match kind {
        OperationAdded => (Compatible, "a new method"),
        OperationRemoved => (Breaking, "the method goes away"),
        OperationRenamed => (
            Breaking,
            "the method is named after the operationId in snake_case: calls to the old name stop compiling",
        ),
        OperationRouteChanged => (Breaking, "the same method now calls another route"),
        OperationDeprecated => (
            Compatible,
            "the method gets `#[deprecated]`: a warning, not an error",
        ),
        OperationUndeprecated => (Compatible, "the method loses `#[deprecated]`"),
        OperationSecurityAdded => (
            Breaking,
            "the operation now needs credentials: calls without them fail",
        ),
        OperationSecurityRemoved => (
            Compatible,
            "the operation no longer needs credentials; the client stops sending them",
        ),
        OperationSecurityChanged => (Breaking, "the operation needs other credentials"),
        OperationServersChanged => (
            Compatible,
            "the generated client ignores per-operation servers",
        ),
        PaginationAdded => (Compatible, "a new `*_stream` method"),
        PaginationRemoved => (Breaking, "the `*_stream` method goes away"),
        PaginationChanged => (
            Breaking,
            "the `*_stream` method pages differently and its arguments may change",
        ),
        _ => return None,
    })
}

/// The rules for an operation's parameters and request body: required inputs are arguments
/// of the method, optional ones setters of its request builder.
fn inputs(kind: Kind, facts: &Facts, _response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::{Breaking, Compatible};
    Some(match kind {
        ParameterAdded if facts.required => (Breaking, "the method takes a new argument"),
        ParameterAdded => (
            Compatible,
            "a new setter on the request builder; calls that do not use it are unchanged",
        ),
        ParameterRemoved if facts.required => (Breaking, "the method loses an argument"),
        ParameterRemoved => (
            Breaking,
            "the request builder loses a setter: calls that use it stop compiling",
        ),
        ParameterRenamed => (
            Compatible,
            "path parameters are positional in the URL and in the method; only the argument's name changes",
        ),
        ParameterMoved => (Breaking, "the value is sent in another place"),
        ParametersReordered => (Breaking, "the method's arguments change order"),
        ParameterRequired => (
            Breaking,
            "the setter becomes an argument of the method: calls that do not pass it stop compiling",
        ),
        ParameterOptional => (
            Breaking,
            "the argument becomes a setter: calls that pass it as an argument stop compiling",
        ),
        ParameterStyleChanged => (Breaking, "the value is encoded differently on the wire"),
        ParameterOmitted => (Breaking, "the method loses this input"),
        ParameterOffered if facts.required => (Breaking, "the method gains this argument"),
        ParameterOffered => (Compatible, "a new setter on the request builder"),
        ParameterDeprecated | ParameterUndeprecated => (
            Compatible,
            "advice only: the generated method does not mark parameters",
        ),
        RequestBodyAdded if facts.required => (Breaking, "the method gains a `body` argument"),
        RequestBodyAdded => (
            Compatible,
            "a new `body` setter on the request builder; calls without it are unchanged",
        ),
        RequestBodyRemoved => (Breaking, "the method loses its `body` argument or setter"),
        RequestBodyRequired => (
            Breaking,
            "the `body` setter becomes an argument of the method",
        ),
        RequestBodyOptional => (
            Breaking,
            "the `body` argument becomes a setter of the request builder",
        ),
        RequestMediaTypeChanged => (
            Breaking,
            "the server expects another content type than the client sends",
        ),
        MediaTypeAdded | MediaTypeRemoved => (
            Compatible,
            "the client sends and reads one media type (JSON when offered)",
        ),
        _ => return None,
    })
}

/// The rules for waiters (`x-waiters`).
fn waiters(kind: Kind, _facts: &Facts, _response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::{Breaking, Compatible};
    Some(match kind {
        WaiterAdded => (Compatible, "a new `wait_until_*` method"),
        WaiterRemoved => (Breaking, "the `wait_until_*` method goes away"),
        WaiterAcceptorsChanged => (
            Breaking,
            "the same wait can now end otherwise (in success, failure or a timeout), and its output type changes when an HTTP status starts or stops meaning success",
        ),
        WaiterMessageChanged => (
            Compatible,
            "only the message that a failure or a timeout reports changes",
        ),
        WaiterTimingChanged => (
            Compatible,
            "only the default delays and maximum wait change; `.poll_interval` and `.max_wait` override them",
        ),
        _ => return None,
    })
}

/// The rules for the statuses and bodies of responses.
fn responses(kind: Kind, _facts: &Facts, _response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::{Breaking, Compatible};
    Some(match kind {
        SuccessBodyChanged => (Breaking, "the method's return type changes"),
        SuccessStatusChanged | SuccessResponseAdded | SuccessResponseRemoved => {
            (Compatible, "the client treats every 2xx status as success")
        }
        ErrorResponseAdded | ErrorResponseRemoved => (
            Compatible,
            "every error status decodes into the same `Error`; only its documentation changes",
        ),
        ResponseMediaTypeChanged => (
            Compatible,
            "the body decodes as before (JSON as JSON, anything else as `Binary`)",
        ),
        _ => return None,
    })
}

/// The rules for types and fields.
fn fields(kind: Kind, facts: &Facts, response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::{Breaking, Compatible};
    Some(match kind {
        TypeChanged => (
            Breaking,
            "the Rust type changes: code that sends or reads the value stops compiling",
        ),
        TypeRenamed => (
            Breaking,
            "the value has another Rust type: code that names the old one stops compiling",
        ),
        FieldAdded if response => (Compatible, "a new field to read"),
        FieldAdded if facts.required => (
            Breaking,
            "`new` takes the new required field as an argument",
        ),
        FieldAdded => (
            Compatible,
            "a new `with_*` setter; bodies built with `new` leave the field out",
        ),
        FieldRenamed => (
            Breaking,
            "the field has another Rust name (another property now has its name): code that names it stops compiling or reaches the other property",
        ),
        FieldRemoved if response => (Breaking, "code that reads the field stops compiling"),
        FieldRemoved => (Breaking, "code that sets the field stops compiling"),
        FieldRequired | FieldOptional if response && facts.array => (
            Compatible,
            "a response array is `Vec<T>` whether required or not (missing decodes as empty)",
        ),
        FieldRequired if response => (
            Breaking,
            "the field changes from `Option<T>` to `T`: code that matches on `Some` stops compiling",
        ),
        FieldRequired => (
            Breaking,
            "the field's `with_*` setter becomes an argument of `new`",
        ),
        FieldOptional if response => (
            Breaking,
            "the field changes from `T` to `Option<T>`: code that reads it as `T` stops compiling",
        ),
        FieldOptional => (
            Breaking,
            "the field leaves `new`'s arguments for a `with_*` setter",
        ),
        FieldDeprecated | FieldUndeprecated | SchemaDeprecated | SchemaUndeprecated => {
            (Compatible, "advice only: the generated type is unchanged")
        }
        _ => return None,
    })
}

/// The rules for the values a schema allows: enums, variants, bounds, formats.
fn values(kind: Kind, facts: &Facts, response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::{Breaking, Compatible};
    Some(match kind {
        EnumValueAdded if response && facts.strict_enum => (
            Breaking,
            "this enum has no `Unknown` variant (the single value that selects a union variant, or values that are not strings): the new value fails to decode",
        ),
        EnumValueAdded if response => (
            Compatible,
            "values the client does not know decode into the `Unknown` variant",
        ),
        EnumValueAdded => (Compatible, "a new variant callers may send"),
        EnumValueRemoved if response => (Compatible, "the server no longer sends the value"),
        EnumValueRemoved => (
            Breaking,
            "the variant goes away and the server rejects the value",
        ),
        VariantAdded if response => (
            Breaking,
            "unions have no `Unknown` fallback: a response of the new shape fails to decode in older clients",
        ),
        VariantAdded => (Compatible, "a new shape callers may send"),
        VariantRemoved if response => (Compatible, "the server no longer sends that shape"),
        VariantRemoved => (
            Breaking,
            "the variant goes away and the server rejects that shape",
        ),
        BoundTightened | BoundLoosened | PatternChanged if response => (
            Compatible,
            "response bounds and patterns are not enforced by the client",
        ),
        BoundTightened => (Breaking, "values that were valid are now rejected"),
        BoundLoosened if facts.request_type_changes => (
            Breaking,
            "the Rust type changes (validated newtype or `NonZero` integer vs plain type)",
        ),
        BoundLoosened => (Compatible, "values that were valid stay valid"),
        PatternChanged => (
            Breaking,
            "values that matched the old pattern may not match the new one",
        ),
        FormatChanged => {
            let changes = if response {
                facts.response_type_changes
            } else {
                facts.request_type_changes
            };
            if changes {
                (Breaking, "the format maps to another Rust type")
            } else {
                (
                    Compatible,
                    "the Rust type is unchanged; the format is a hint the client does not check",
                )
            }
        }
        _ => return None,
    })
}

/// The rules for defaults, nullability, extra fields, and what is not compared.
fn defaults(kind: Kind, facts: &Facts, response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::{Breaking, Compatible};
    Some(match kind {
        DefaultChanged if response => (
            Compatible,
            "a field the server leaves out now decodes to the new default",
        ),
        DefaultChanged if facts.position == Position::Property && facts.required => (
            Compatible,
            "the client always sends this required field",
        ),
        DefaultChanged => (
            Breaking,
            "a value the call leaves out now means another value",
        ),
        DefaultAdded | DefaultRemoved
            if facts.position == Position::Property && !facts.required =>
        {
            (
                Breaking,
                "the field changes between `Option<T>` and `T` (a field with a default is always present)",
            )
        }
        DefaultAdded | DefaultRemoved if facts.position == Position::Parameter => (
            Compatible,
            "the client sends only what the caller passes; the server's value for an omitted parameter is documented differently",
        ),
        DefaultAdded | DefaultRemoved => (Compatible, "the Rust type is unchanged"),
        NullableAdded | NullableRemoved => match facts.position {
            Position::Property | Position::Parameter if !facts.required => {
                (Compatible, "the value is already `Option<T>`")
            }
            _ => (
                Breaking,
                "the Rust type changes between `T` and `Option<T>`",
            ),
        },
        ExtraFieldsForbidden if response => (
            Breaking,
            "responses with fields the spec does not list now fail to decode",
        ),
        ExtraFieldsForbidden => (Compatible, "the client never sends unlisted fields"),
        ExtraFieldsAllowed => (Compatible, "fields the spec does not list are now accepted"),
        ExtraFieldsKept => (
            Compatible,
            "a new map of the fields the spec does not list",
        ),
        ExtraFieldsDropped => (
            Breaking,
            "the map of unlisted fields goes away: code that uses it stops compiling",
        ),
        KeywordChanged => (
            Compatible,
            "the generator does not use this keyword; review the change by hand",
        ),
        NotCompared => (
            Breaking,
            "nested deeper than the comparison follows; review by hand",
        ),
        _ => return None,
    })
}

/// The rules for documentation.
fn docs(kind: Kind, _facts: &Facts, _response: bool) -> Option<Verdict> {
    use Kind::*;
    use Severity::Docs;
    Some(match kind {
        InfoChanged | SummaryChanged | DescriptionChanged | ExampleChanged | TagsChanged
        | TitleChanged | ExternalDocsChanged | RouteNoteChanged => (Docs, "documentation only"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_rule() {
        for kind in Kind::ALL {
            for direction in [None, Some(Direction::Request), Some(Direction::Response)] {
                let (_, reason) = classify(*kind, &Facts::default(), direction);
                assert_ne!(reason, "not classified; review by hand", "{kind}");
            }
        }
    }

    #[test]
    fn names_are_unique_and_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for k in Kind::ALL {
            let n = k.name();
            assert!(seen.insert(n), "duplicate kind name {n}");
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }

    #[test]
    fn direction_matters() {
        let f = Facts::default();
        let req = Some(Direction::Request);
        let resp = Some(Direction::Response);
        assert_eq!(
            classify(Kind::EnumValueAdded, &f, req).0,
            Severity::Compatible
        );
        assert_eq!(
            classify(Kind::EnumValueAdded, &f, resp).0,
            Severity::Compatible
        );
        assert_eq!(
            classify(Kind::EnumValueRemoved, &f, req).0,
            Severity::Breaking
        );
        assert_eq!(
            classify(Kind::EnumValueRemoved, &f, resp).0,
            Severity::Compatible
        );
        assert_eq!(
            classify(Kind::BoundTightened, &f, req).0,
            Severity::Breaking
        );
        assert_eq!(
            classify(Kind::BoundTightened, &f, resp).0,
            Severity::Compatible
        );
        let required = Facts {
            required: true,
            ..Facts::default()
        };
        assert_eq!(
            classify(Kind::FieldAdded, &required, req).0,
            Severity::Breaking
        );
        assert_eq!(
            classify(Kind::FieldAdded, &required, resp).0,
            Severity::Compatible
        );
        assert_eq!(classify(Kind::FieldRemoved, &f, resp).0, Severity::Breaking);
    }
}
