//! Reading the two sides: a spec is compared only once it passes the same checks as
//! `codegen lint`, and a spec that does not gets the same diagnostics (file, line, pointer, fix).

use std::fmt;
use std::path::Path;

use super::{diff_apis, Report};
use crate::diagnostic::SpecErrors;
use crate::ir::Api;

/// Why a comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A file could not be read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The path.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// One or more specs do not load or validate; each carries its diagnostics.
    #[error("{}", SpecList(.0))]
    Spec(Vec<SpecErrors>),
    /// `git` failed or the revision is unusable.
    #[error("{0}")]
    Git(String),
}

struct SpecList<'a>(&'a [SpecErrors]);

impl fmt::Display for SpecList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Check spec text the way `codegen lint` does (load, validate, normalize) and return its IR,
/// the model the generator emits from.
pub fn load_spec(file: &str, text: &str) -> Result<Api, SpecErrors> {
    Ok(crate::check_str(file, text)?.api)
}

/// Read and check a spec file.
pub fn read_spec(path: &Path, name: &str) -> Result<Result<Api, SpecErrors>, DiffError> {
    let text = std::fs::read_to_string(path).map_err(|source| DiffError::Io {
        file: name.to_string(),
        source,
    })?;
    Ok(load_spec(name, &text))
}

/// Compare two spec files; the changes are reported under the new file's name as given.
pub fn diff_files(old: &Path, new: &Path) -> Result<Report, DiffError> {
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    let a = read_spec(old, &old_name)?;
    let b = read_spec(new, &new_name)?;
    match (a, b) {
        (Ok(a), Ok(b)) => Ok(diff_apis(&old_name, &a, &new_name, &b)),
        (a, b) => Err(DiffError::Spec(
            [a.err(), b.err()].into_iter().flatten().collect(),
        )),
    }
}
