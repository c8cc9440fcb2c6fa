//! Diagnostics: what the generator reports about a spec, with the file, the place and the fix.

use std::fmt;

use crate::rules::{Level, Rule};

/// How bad a finding is. Errors stop generation; warnings are listed by `codegen lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be turned into a correct client.
    Error,
    /// The spec is usable, but something was rewritten or deserves a look.
    Warning,
}

/// One finding about one place in one spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file as the user named it.
    pub file: String,
    /// 1-based line in the file, when the place is known.
    pub line: Option<usize>,
    /// 1-based column, for documents written as JSON (where one line may hold everything).
    pub column: Option<usize>,
    /// JSON pointer to the offending node (`/paths/~1foo/get`), empty for the document;
    /// shortened with `…` when very long (see [`shorten`]).
    pub pointer: String,
    /// The rule it reports by; its code (`dangling-ref`, `normalize:operation-id`) is shown.
    pub rule: Rule,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Diagnostic {
    /// Error or warning, as the rule's level says: normalizations and applied repairs are
    /// warnings.
    pub fn severity(&self) -> Severity {
        match self.rule.level() {
            Level::Error => Severity::Error,
            Level::Warning | Level::Normalization | Level::Repair => Severity::Warning,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]: {}", self.rule, self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        write!(f, ": {}", self.message)?;
        if !self.fix.is_empty() {
            write!(f, "\n  fix: {}", self.fix)?;
        }
        Ok(())
    }
}

/// Everything wrong with a spec that stopped the pipeline.
#[derive(Debug, thiserror::Error)]
pub struct SpecErrors(pub Vec<Diagnostic>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self
            .0
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(f, "{errors} error(s)")
    }
}

/// Errors of the generator as a library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The path.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// The spec has problems; each is listed with its place and fix.
    #[error("{0}")]
    Spec(#[from] SpecErrors),
}

/// Collects diagnostics for one spec file.
#[derive(Debug, Default)]
pub struct Sink {
    file: String,
    lines: Option<crate::lines::LineIndex>,
    items: Vec<Diagnostic>,
}

impl Sink {
    /// A sink for diagnostics about `file`.
    pub fn new(file: &str, lines: Option<crate::lines::LineIndex>) -> Self {
        Sink {
            file: file.to_string(),
            lines,
            items: Vec::new(),
        }
    }

    /// Report a finding of `rule` at `pointer`; the rule's level makes it an error or a
    /// warning.
    pub fn report(
        &mut self,
        pointer: &str,
        rule: Rule,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let position = self.lines.as_ref().and_then(|l| l.position(pointer));
        let show_column = self.lines.as_ref().is_some_and(|l| l.shows_columns());
        self.items.push(Diagnostic {
            file: self.file.clone(),
            line: position.map(|(line, _)| line),
            column: position.filter(|_| show_column).map(|(_, column)| column),
            pointer: shorten(pointer),
            rule,
            message: message.into(),
            fix: fix.into(),
        });
    }

    /// Whether any error was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity() == Severity::Error)
    }

    /// The diagnostics so far, errors first, then by place.
    pub fn into_vec(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.severity(), a.line, a.column, &a.pointer).cmp(&(
                b.severity(),
                b.line,
                b.column,
                &b.pointer,
            ))
        });
        self.items
    }

    /// Every diagnostic, as the error of a failed stage (call once an error was reported).
    pub fn into_errors(self) -> SpecErrors {
        SpecErrors(self.into_vec())
    }

    /// A failure with one error (`rule` is of [`Level::Error`]) that has no place in the
    /// document (`""` pointer).
    pub fn single(
        file: &str,
        rule: Rule,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> SpecErrors {
        debug_assert!(rule.level().is_error(), "{rule} is not an error");
        let mut sink = Sink::new(file, None);
        sink.report("", rule, message, fix);
        sink.into_errors()
    }

    /// Fail with every diagnostic when there is an error among them.
    pub fn check(self) -> Result<Vec<Diagnostic>, SpecErrors> {
        if self.has_errors() {
            Err(SpecErrors(self.into_vec()))
        } else {
            Ok(self.into_vec())
        }
    }
}

pub use crate::refs::{escape, join};

/// Pointers longer than this many bytes, or deeper than [`MAX_POINTER_TOKENS`], are shown
/// shortened.
const MAX_POINTER_LEN: usize = 500;

/// See [`MAX_POINTER_LEN`].
const MAX_POINTER_TOKENS: usize = 100;

/// A pointer as messages show it: as is, or, when longer than 500 bytes or 100 tokens (a node
/// nested fifty levels deep, or under a huge key), its first six and last four tokens
/// around `…(N levels)…`, each token cut to 120 characters. The line and column still come
/// from the full pointer.
pub fn shorten(pointer: &str) -> String {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    if pointer.len() <= MAX_POINTER_LEN && tokens.len() <= MAX_POINTER_TOKENS {
        return pointer.to_string();
    }
    let cut = |t: &str| -> String {
        if t.chars().count() > 120 {
            format!("{}…", t.chars().take(120).collect::<String>())
        } else {
            t.to_string()
        }
    };
    let (head, tail) = if tokens.len() > 10 {
        (&tokens[..6], &tokens[tokens.len() - 4..])
    } else {
        (&tokens[..], &tokens[..0])
    };
    let mut out = String::new();
    for t in head {
        out.push('/');
        out.push_str(&cut(t));
    }
    if !tail.is_empty() {
        out.push_str(&format!("/…({} levels)…", tokens.len() - 10));
    }
    for t in tail {
        out.push('/');
        out.push_str(&cut(t));
    }
    out
}
