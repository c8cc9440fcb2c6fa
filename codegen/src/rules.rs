//! The rules: every kind of finding the generator reports, each with its code, the stage that
//! reports it, its level and a one-line summary. Diagnostics carry a [`Rule`], so a rule that
//! is not in this table cannot be reported; `codegen rules` prints the table, and the README's
//! copy of it is checked against [`table`].
//!
//! Levels: an [`Level::Error`] stops generation; a [`Level::Warning`], a
//! [`Level::Normalization`] (a named rewrite that `normalize` applied) and a [`Level::Repair`]
//! (a named repair applied with `--repair`) are all reported as warnings, under their code
//! (`warning[normalize:trivial-bound]`, `warning[repair:no-responses]`). Without `--repair`,
//! the defect a repair fixes is an error whose code is the repair's name (`no-responses`).
//!
//! [`Rule::ALL`] lists the rules by stage, in pipeline order; within a stage, in the order the
//! stage checks them: each repair's error beside its applied warning, in the order repairs
//! run, and the normalizations in the order `normalize()` applies them.
//!
//! This module is a leaf: it uses nothing else of the crate, so every stage can use it.

use std::fmt;

/// The stage of the pipeline that reports a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// `load`: YAML to JSON with line numbers.
    Load,
    /// `path_items`: path items given by `$ref` replaced by their target.
    PathItems,
    /// `repair`: named repairs of common defects of published specs.
    Repair,
    /// `validate`: everything that would panic or mis-generate.
    Validate,
    /// `normalize`: named rewrites that make a valid spec fit the generator.
    Normalize,
    /// `generate`: types (typify), methods and formatting.
    Generate,
}

impl Stage {
    /// The stage's module name (`path_items`).
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::PathItems => "path_items",
            Stage::Repair => "repair",
            Stage::Validate => "validate",
            Stage::Normalize => "normalize",
            Stage::Generate => "generate",
        }
    }
}

/// What a finding of a rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The spec cannot be turned into a correct client; generation stops.
    Error,
    /// The spec is usable, but something deserves a look.
    Warning,
    /// A named rewrite that `normalize` applied; reported as a warning.
    Normalization,
    /// A named repair applied with `--repair`; reported as a warning.
    Repair,
}

impl Level {
    /// The level as the table shows it.
    pub const fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Normalization => "normalization",
            Level::Repair => "repair",
        }
    }

    /// Whether a finding of this level stops generation.
    pub const fn is_error(self) -> bool {
        matches!(self, Level::Error)
    }
}

/// Declares [`Rule`] and its table: `Variant => "code", Stage, Level, "summary";`, in the
/// order of [`Rule::ALL`].
macro_rules! rules {
    ($($variant:ident => $code:literal, $stage:ident, $level:ident, $summary:literal;)*) => {
        /// One rule of the table (see the module docs); its documentation is its summary.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $summary] $variant,)*
        }

        impl Rule {
            /// Every rule, in the table's order (see the module docs).
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The code that diagnostics show (`dangling-ref`, `normalize:trivial-bound`).
            pub const fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code),* }
            }

            /// The stage that reports it.
            pub const fn stage(self) -> Stage {
                match self { $(Rule::$variant => Stage::$stage),* }
            }

            /// Error, warning, normalization or repair.
            pub const fn level(self) -> Level {
                match self { $(Rule::$variant => Level::$level),* }
            }

            /// What it reports, in one line.
            pub const fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary),* }
            }
        }
    };
}

rules! {
    YamlSyntax => "yaml-syntax", Load, Error, "the file is not valid YAML";
    Yaml => "yaml", Load, Error, "the YAML is not one plain document: a duplicate key, a mapping or sequence as a key, an alias to an unknown anchor, or a second document";
    YamlTooBig => "yaml-too-big", Load, Error, "the document has more nodes than the loader accepts (an alias counts as a copy of its anchor)";
    YamlTooDeep => "yaml-too-deep", Load, Error, "the document nests deeper than the loader accepts";
    YamlEmpty => "yaml-empty", Load, Error, "the file holds no YAML document";

    PathItemRef => "path-item-ref", PathItems, Error, "a path item's `$ref` does not lead to a path item of this file";

    NoResponses => "no-responses", Repair, Error, "an operation has no `responses` (repair `no-responses`)";
    RepairedNoResponses => "repair:no-responses", Repair, Repair, "an operation without `responses` answers 200 with no body";
    UndeclaredPathParameter => "undeclared-path-parameter", Repair, Error, "a `{name}` of the path that no parameter declares (repair `undeclared-path-parameter`)";
    RepairedUndeclaredPathParameter => "repair:undeclared-path-parameter", Repair, Repair, "a `{name}` of the path that no parameter declares is a required string";
    HeaderWithoutSchema => "header-without-schema", Repair, Error, "a header without `schema` or `content` (repair `header-without-schema` for response headers; validation reports the others)";
    RepairedHeaderWithoutSchema => "repair:header-without-schema", Repair, Repair, "a response header without `schema` is a string";
    FormatAsType => "format-as-type", Repair, Error, "a format name written as a type, such as `type: double` (repair `format-as-type`)";
    RepairedFormatAsType => "repair:format-as-type", Repair, Repair, "`type: double`/`float` is `number` with that format, `int32`/`int64`/`long` an `integer`, `bool` a `boolean`";
    PropertyRequiredFlag => "property-required-flag", Repair, Error, "`required: true` or `false` on a property (repair `property-required-flag`)";
    RepairedPropertyRequiredFlag => "repair:property-required-flag", Repair, Repair, "`required: false` on a property is dropped; `required: true` adds it to the object's `required` list";
    ValueOfWrongType => "value-of-wrong-type", Repair, Error, "an enum value or default of the wrong JSON type that parses as the right one (repair `value-of-wrong-type`)";
    RepairedValueOfWrongType => "repair:value-of-wrong-type", Repair, Repair, "enum values and defaults written as strings for integers, numbers or booleans (or as numbers for strings) are converted where they parse";
    DuplicateEnumValue => "duplicate-enum-value", Repair, Error, "an enum lists a value twice (repair `duplicate-enum-value`)";
    RepairedDuplicateEnumValue => "repair:duplicate-enum-value", Repair, Repair, "a value an enum lists twice is dropped";

    NotOpenapi => "not-openapi", Validate, Error, "the document is not a mapping with an `openapi` field";
    UnsupportedVersion => "unsupported-version", Validate, Error, "the document is Swagger 2.0 or another OpenAPI than 3.0.x";
    InvalidStructure => "invalid-structure", Validate, Error, "a field's value has the wrong JSON type or is not one the OpenAPI object allows";
    MissingField => "missing-field", Validate, Error, "an OpenAPI object lacks a field it requires";
    UnknownField => "unknown-field", Validate, Error, "a field that its OpenAPI object does not have (extensions start with `x-`)";
    RefNotAllowed => "ref-not-allowed", Validate, Error, "a `$ref` where OpenAPI 3.0 allows no reference";
    SchemaTooDeep => "schema-too-deep", Validate, Error, "schemas nest deeper than the generator supports (counting what `allOf` merges in)";
    TooLarge => "too-large", Validate, Error, "the spec asks for more types, operations, properties and enum values than one client may have (`validate::MAX_WEIGHT`)";
    NoOperations => "no-operations", Validate, Error, "the spec has no operations";
    ExternalRef => "external-ref", Validate, Error, "a `$ref` points outside the file";
    RefWrongKind => "ref-wrong-kind", Validate, Error, "a `$ref` names no component, or a component of another kind than its place needs";
    DanglingRef => "dangling-ref", Validate, Error, "a `$ref` points at nothing";
    RefCycle => "ref-cycle", Validate, Error, "components that refer to themselves other than through an array's `items` or a map's `additionalProperties`";
    RefChain => "ref-chain", Validate, Error, "a component reaches its definition through more references than are followed";
    BadServerUrl => "bad-server-url", Validate, Error, "a server URL has unbalanced or empty braces";
    UndeclaredServerVariable => "undeclared-server-variable", Validate, Error, "a server URL uses a `{variable}` that `variables` does not declare";
    BadServerVariable => "bad-server-variable", Validate, Error, "a server variable's `enum` is empty or does not hold its default";
    PathWithoutSlash => "path-without-slash", Validate, Error, "a path does not start with `/`";
    BadPathTemplate => "bad-path-template", Validate, Error, "a path has unbalanced or empty braces, or a literal part that is not a plain URL segment";
    DuplicateRoute => "duplicate-route", Validate, Error, "two operations have the same method and path shape";
    DuplicateOperationId => "duplicate-operation-id", Validate, Error, "two operations share an operationId, or their operationIds become one method name (found by `normalize`)";
    BadParameter => "bad-parameter", Validate, Error, "a parameter without `name` and `in`, with an unknown location, or a header name that HTTP does not allow";
    DuplicateParameter => "duplicate-parameter", Validate, Error, "a parameter is declared twice in one location";
    UnusedPathParameter => "unused-path-parameter", Validate, Error, "a path parameter that the path does not contain";
    OptionalPathParameter => "optional-path-parameter", Validate, Error, "a path parameter without `required: true`";
    UnsupportedParameter => "unsupported-parameter", Validate, Error, "a parameter the client cannot send: a cookie, one without `schema`, or `content` other than JSON in the query";
    UnsupportedParameterStyle => "unsupported-parameter-style", Validate, Error, "a parameter style, or an object in a location, that the client cannot serialize";
    BadExtension => "bad-extension", Validate, Error, "an `x-omit`, `x-multi-segment`, `x-route` or `x-pagination` that is malformed or does not fit its operation";
    ParameterNameCollision => "parameter-name-collision", Validate, Error, "two parameters of an operation become one Rust name";
    EmptyRequestBody => "empty-request-body", Validate, Error, "a request body without `content`";
    UnsupportedMediaType => "unsupported-media-type", Validate, Error, "a request body offers no media type the client can send";
    BadStatusCode => "bad-status-code", Validate, Error, "a response key that is not a status code, a range like `4XX` or `default`";
    BadSchema => "bad-schema", Validate, Error, "a schema that is not a mapping, or has a malformed `type`, `items`, `enum`, `discriminator` or bound";
    UnsupportedSchema => "unsupported-schema", Validate, Error, "a schema construct the generator does not support (`not`)";
    UnsatisfiableSchema => "unsatisfiable-schema", Validate, Error, "a schema no value can satisfy: an empty or ill-typed enum, crossed bounds, an `allOf` of incompatible types, ...";
    EnumVariantCollision => "enum-variant-collision", Validate, Error, "two enum values become one Rust variant";
    EnumWithoutType => "enum-without-type", Validate, Warning, "an enum of strings without `type: string`";
    BadPattern => "bad-pattern", Validate, Error, "a `pattern` that is not an ECMAScript regular expression";
    UnknownSecurityScheme => "unknown-security-scheme", Validate, Error, "a security requirement names a scheme that `components.securitySchemes` does not define";
    UnsupportedSecurity => "unsupported-security", Validate, Error, "a security scheme or combination of schemes the client cannot send";
    BadFacts => "bad-facts", Validate, Error, "`x-facts` (the public source of a schema's fields) is not a non-empty string, or is not on a schema";
    InvalidExtension => "invalid-extension", Validate, Error, "a malformed `x-datacloud` (environments, server variables and their environment variables)";
    BadWaiter => "bad-waiter", Validate, Error, "an `x-waiters` declaration that is malformed or cannot poll its operation";

    NormalizeOperationId => "normalize:operation-id", Normalize, Normalization, "derive a missing operationId from the route, and turn others into snake_case Rust method names";
    NormalizeDefaultOutsideEnum => "normalize:default-outside-enum", Normalize, Normalization, "drop a `default` that is not one of its schema's `enum` values";
    NormalizeRequestMediaType => "normalize:request-media-type", Normalize, Normalization, "keep only the JSON media type of a request body that offers several";
    NormalizeResponseMediaType => "normalize:response-media-type", Normalize, Normalization, "keep only the JSON media type of a response that offers several";
    NormalizeSuccessBodiesDiffer => "normalize:success-bodies-differ", Normalize, Normalization, "return untyped JSON when an operation's 2xx responses have different bodies";
    NormalizePropertyNameCollision => "normalize:property-name-collision", Normalize, Normalization, "drop deprecated properties whose Rust field name collides with a current one (`topics.exclude` vs `topics_exclude`)";
    NormalizeTrivialBound => "normalize:trivial-bound", Normalize, Normalization, "drop `minLength: 0` and `minItems: 0`, which every value meets (typify would emit a comparison that is always false)";
    NormalizeTolerantResponses => "normalize:tolerant-responses", Normalize, Normalization, "response schemas decode missing or null fields as None and do not enforce bounds or patterns; shared schemas keep a strict `<Name>Request` copy for requests";

    TypeGeneration => "type-generation", Generate, Error, "typify cannot generate a Rust type for a schema";
    Internal => "internal", Generate, Error, "the generated code does not parse or format: a generator bug";
}

impl Rule {
    /// The rule with this code, if any.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The table of every rule as Markdown (what `codegen rules` prints and the README holds).
pub fn table() -> String {
    let mut out = String::from("| Rule | Stage | Level | Summary |\n|---|---|---|---|\n");
    for rule in Rule::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.code(),
            rule.stage().name(),
            rule.level().name(),
            rule.summary()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_found_by_code() {
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(Rule::ALL.iter().position(|r| r == rule), Some(i));
            assert_eq!(Rule::from_code(rule.code()), Some(*rule));
        }
        assert_eq!(Rule::from_code("no-such-rule"), None);
    }

    #[test]
    fn all_is_in_declaration_and_pipeline_order() {
        assert!(Rule::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(Rule::ALL.windows(2).all(|w| w[0].stage() <= w[1].stage()));
    }

    #[test]
    fn prefixes_match_levels() {
        for rule in Rule::ALL {
            let code = rule.code();
            let normalization = rule.level() == Level::Normalization;
            assert_eq!(code.starts_with("normalize:"), normalization, "{code}");
            assert_eq!(
                code.starts_with("repair:"),
                rule.level() == Level::Repair,
                "{code}"
            );
            if normalization {
                assert_eq!(rule.stage(), Stage::Normalize, "{code}");
            }
        }
    }

    #[test]
    fn every_applied_repair_has_its_error() {
        for rule in Rule::ALL.iter().filter(|r| r.level() == Level::Repair) {
            let name = rule.code().trim_start_matches("repair:");
            let error = Rule::from_code(name).unwrap_or_else(|| panic!("no rule `{name}`"));
            assert_eq!(
                (error.stage(), error.level()),
                (Stage::Repair, Level::Error)
            );
        }
    }

    #[test]
    fn summaries_fit_one_table_row() {
        for rule in Rule::ALL {
            let s = rule.summary();
            assert!(
                !s.is_empty() && !s.contains('\n') && !s.contains('|'),
                "{s}"
            );
        }
        assert_eq!(table().lines().count(), Rule::ALL.len() + 2);
    }
}
