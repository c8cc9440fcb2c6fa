//! datacloud-codegen: typed Rust clients from OpenAPI 3.0 specs.
//!
//! The pipeline is a chain of small stages, each in its own module:
//! [`load`] (YAML to JSON with line numbers) → [`path_items`] (path items given by `$ref`
//! replaced by their target) → [`repair`] (named repairs of common defects of published specs:
//! applied with `--repair`, otherwise errors naming the repair) → [`validate`] (everything that would panic or
//! mis-generate, reported with file, line, pointer and fix) → [`normalize`] (named rewrites,
//! listed by `codegen lint`) → [`ir`] → [`generate`] (typify for types, our own method layer)
//! → [`format`](mod@format) (prettyplease, with an "@generated" preamble). Output is deterministic.
//!
//! Every finding a stage reports is a [`Diagnostic`] of one [`rules::Rule`]: the table of rules
//! (code, stage, level, summary) that `codegen rules` prints and the README holds.

#![deny(missing_docs)]

pub mod diagnostic;
pub mod diff;
pub mod fingerprint;
pub mod format;
pub mod generate;
pub mod ir;
pub mod lines;
pub mod load;
pub mod names;
pub mod normalize;
pub mod path_items;
pub mod refs;
pub mod registry;
pub mod repair;
pub mod rules;
pub mod sample;
pub mod surface;
pub mod util;
pub mod validate;
pub mod walk;

use std::path::Path;

pub use diagnostic::{Diagnostic, Error, Severity, SpecErrors};
pub use generate::{Settings, DATACLOUD_SERDE_FEATURE};

use diagnostic::Sink;
use rules::Rule;

/// A spec that passed validation and normalization, as the IR that every later stage reads.
#[derive(Debug)]
pub struct Checked {
    /// The file, as named.
    pub file: String,
    /// The spec text's [`fingerprint`] (written into the generated files' preamble).
    pub fingerprint: u64,
    /// The API.
    pub api: ir::Api,
    /// Warnings and the rewrites that normalization applied.
    pub warnings: Vec<Diagnostic>,
}

/// Load, validate and normalize a spec file; a defect that a named repair would fix is an
/// error that names the repair.
pub fn check_file(path: &Path) -> Result<Checked, Error> {
    check_file_with(path, repair::Mode::Report)
}

/// [`check_file`], with the named repairs applied (and listed as warnings) when `repairs` is
/// [`repair::Mode::Apply`] (`--repair`).
pub fn check_file_with(path: &Path, repairs: repair::Mode) -> Result<Checked, Error> {
    let loaded = load::load_file(path)?;
    Ok(check_loaded(loaded, repairs)?)
}

/// Load, validate and normalize spec text; `file` names it in messages.
pub fn check_str(file: &str, text: &str) -> Result<Checked, SpecErrors> {
    check_str_with(file, text, repair::Mode::Report)
}

/// [`check_str`] with repairs applied or reported, as `repairs` says.
pub fn check_str_with(
    file: &str,
    text: &str,
    repairs: repair::Mode,
) -> Result<Checked, SpecErrors> {
    check_loaded(load::load_str(file, text)?, repairs)
}

fn check_loaded(loaded: load::Loaded, repairs: repair::Mode) -> Result<Checked, SpecErrors> {
    let mut sink = Sink::new(&loaded.file, Some(loaded.lines.clone()));
    let mut document = loaded.value;
    path_items::inline(&mut document, &mut sink);
    repair::repair(&mut document, repairs, &mut sink);
    validate::validate(&document, &mut sink);
    if sink.has_errors() {
        return Err(sink.into_errors());
    }
    let plan = normalize::normalize(&mut document, &mut sink);
    let warnings = sink.check()?;
    Ok(Checked {
        file: loaded.file,
        fingerprint: loaded.fingerprint,
        api: ir::build(&document, &plan),
        warnings,
    })
}

/// What generating one API produced.
#[derive(Debug)]
pub struct Output {
    /// The formatted Rust module.
    pub code: String,
    /// The contract-test cases (a formatted Rust fragment).
    pub contract: String,
    /// The API surface: one line per method, then the types.
    pub surface: String,
    /// Number of operations.
    pub operations: usize,
    /// Number of named types.
    pub types: usize,
    /// Warnings from validation and normalization.
    pub warnings: Vec<Diagnostic>,
}

/// Generate the module for a checked spec. `spec_label` names the spec in the preamble.
pub fn generate_checked(
    checked: &Checked,
    spec_label: &str,
    settings: &Settings,
) -> Result<Output, SpecErrors> {
    let api = &checked.api;
    let generated = generate::generate(api, settings).map_err(|e| {
        Sink::single(
            &checked.file,
            Rule::TypeGeneration,
            format!(
                "cannot generate a Rust type for `{}`: {}",
                e.name, e.message
            ),
            "simplify that schema (see specs/CONVENTIONS.md for the supported constructs)",
        )
    })?;
    let surface = surface::render(api, &generated);
    // Formatting fails only on a generator bug: the message asks for the spec that shows it.
    let internal = |message: String| {
        Sink::single(
            &checked.file,
            Rule::Internal,
            message,
            "report this with the spec that triggers it",
        )
    };
    let contract = if generated.contract.is_empty() {
        String::new()
    } else {
        format::format_file(spec_label, checked.fingerprint, generated.contract)
            .map_err(internal)?
    };
    let code = format::format_module(
        spec_label,
        checked.fingerprint,
        generated.types,
        generated.tokens,
    )
    .map_err(internal)?;
    Ok(Output {
        code,
        contract,
        surface,
        operations: api.operations.len(),
        types: generated.type_count,
        warnings: checked.warnings.clone(),
    })
}

/// The whole pipeline for one spec file.
pub fn generate_file(path: &Path, spec_label: &str, settings: &Settings) -> Result<Output, Error> {
    let checked = check_file(path)?;
    Ok(generate_checked(&checked, spec_label, settings)?)
}
