//! Named repairs (`--repair` on `lint`, `emit` and `generate`): defects that published specs
//! commonly have and whose intent is clear, rewritten before validation.
//!
//! Every repair finds its defects and fixes them in the document the later stages read, in
//! both modes. With [`Mode::Apply`] each fix is a warning (`repair:<name>`) at its place; with
//! [`Mode::Report`] (the default) each is an error that names the repair which would fix it.
//! Validation then sees the repaired document either way, so a defect is reported once, by its
//! repair, and every other problem of the spec is still found in the same run. Our own specs
//! need none of these (a test says so).

mod operations;
mod schemas;

use serde_json::Value;

use crate::diagnostic::Sink;
use crate::rules::Rule;

/// Whether repairs are applied (`--repair`) or reported as errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Each defect a repair would fix is an error naming that repair.
    #[default]
    Report,
    /// Each defect is fixed and listed as a warning.
    Apply,
}

/// One named repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Repair {
    /// An operation without `responses` answers with no body.
    NoResponses,
    /// A path parameter used in the template but not declared is a required string.
    UndeclaredPathParameter,
    /// A response header without `schema` is a string.
    HeaderWithoutSchema,
    /// `type: double` (and the other format names written as types) is the type and format.
    FormatAsType,
    /// `required: true|false` on a property moves to (or is dropped from) the object's list.
    PropertyRequiredFlag,
    /// Enum values and defaults written as strings for a number or boolean schema (or as
    /// numbers for a string schema) are converted where they parse.
    ValueOfWrongType,
    /// A value an enum lists twice is dropped.
    DuplicateEnumValue,
}

impl Repair {
    /// Every repair, in the order they run (types are fixed before values are converted, and
    /// values before duplicates are looked for).
    pub const ALL: [Repair; 7] = [
        Repair::NoResponses,
        Repair::UndeclaredPathParameter,
        Repair::HeaderWithoutSchema,
        Repair::FormatAsType,
        Repair::PropertyRequiredFlag,
        Repair::ValueOfWrongType,
        Repair::DuplicateEnumValue,
    ];

    /// The rule of the error that reports the defect; its code is the repair's name.
    pub fn rule(self) -> Rule {
        match self {
            Repair::NoResponses => Rule::NoResponses,
            Repair::UndeclaredPathParameter => Rule::UndeclaredPathParameter,
            Repair::HeaderWithoutSchema => Rule::HeaderWithoutSchema,
            Repair::FormatAsType => Rule::FormatAsType,
            Repair::PropertyRequiredFlag => Rule::PropertyRequiredFlag,
            Repair::ValueOfWrongType => Rule::ValueOfWrongType,
            Repair::DuplicateEnumValue => Rule::DuplicateEnumValue,
        }
    }

    /// The rule of the warning that lists an applied repair (`repair:<name>`).
    pub fn applied_rule(self) -> Rule {
        match self {
            Repair::NoResponses => Rule::RepairedNoResponses,
            Repair::UndeclaredPathParameter => Rule::RepairedUndeclaredPathParameter,
            Repair::HeaderWithoutSchema => Rule::RepairedHeaderWithoutSchema,
            Repair::FormatAsType => Rule::RepairedFormatAsType,
            Repair::PropertyRequiredFlag => Rule::RepairedPropertyRequiredFlag,
            Repair::ValueOfWrongType => Rule::RepairedValueOfWrongType,
            Repair::DuplicateEnumValue => Rule::RepairedDuplicateEnumValue,
        }
    }

    /// Its name (`no-responses`): the code of [`Repair::rule`].
    pub fn name(self) -> &'static str {
        self.rule().code()
    }

    /// What it does, for `codegen --help` and the docs: the summary of its applied rule.
    pub fn description(self) -> &'static str {
        self.applied_rule().summary()
    }

    /// Find (and fix) the defect in `doc`. `schemas` holds what the schema repairs found,
    /// once the first of them has run them all (after the repairs before them, which can add
    /// schemas).
    fn find(self, doc: &mut Value, schemas: &mut Option<schemas::Findings>) -> Vec<Found> {
        fn run<'a>(
            s: &'a mut Option<schemas::Findings>,
            doc: &mut Value,
        ) -> &'a mut schemas::Findings {
            s.get_or_insert_with(|| schemas::repair_all(doc))
        }
        use std::mem::take;
        match self {
            Repair::NoResponses => operations::no_responses(doc),
            Repair::UndeclaredPathParameter => operations::undeclared_path_parameters(doc),
            Repair::HeaderWithoutSchema => operations::headers_without_schema(doc),
            Repair::FormatAsType => take(&mut run(schemas, doc).format_as_type),
            Repair::PropertyRequiredFlag => take(&mut run(schemas, doc).property_required_flags),
            Repair::ValueOfWrongType => take(&mut run(schemas, doc).values_of_wrong_type),
            Repair::DuplicateEnumValue => take(&mut run(schemas, doc).duplicate_enum_values),
        }
    }
}

/// One defect a repair fixed.
struct Found {
    /// Where it is.
    pointer: String,
    /// What is wrong (`enum value "small" is listed twice`).
    problem: String,
    /// What the repair did (`the second one is dropped`).
    done: String,
    /// How to fix the spec by hand.
    fix: String,
}

/// Run every repair on `doc`, reporting each defect to `sink` as `mode` says.
pub fn repair(doc: &mut Value, mode: Mode, sink: &mut Sink) {
    // Only an OpenAPI 3.0 document is repaired; validation rejects anything else.
    if !doc["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.0."))
    {
        return;
    }
    let mut schemas = None;
    for repair in Repair::ALL {
        for f in repair.find(doc, &mut schemas) {
            match mode {
                Mode::Apply => sink.report(
                    &f.pointer,
                    repair.applied_rule(),
                    format!("{}; repaired: {}", f.problem, f.done),
                    f.fix,
                ),
                Mode::Report => sink.report(
                    &f.pointer,
                    repair.rule(),
                    f.problem,
                    format!(
                        "{}, or run with `--repair` (repair `{}`: {})",
                        f.fix,
                        repair.name(),
                        f.done
                    ),
                ),
            }
        }
    }
}

/// Every operation object with its pointer (`/paths/~1a/get`) and path template.
fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in crate::ir::METHODS {
            if item.get(method).is_some_and(Value::is_object) {
                let pointer = crate::refs::join(&crate::refs::join("/paths", path), method);
                out.push((pointer, path.clone()));
            }
        }
    }
    out
}
