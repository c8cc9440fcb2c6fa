//! `codegen diff --git REV`: every spec in `specs/` at a git revision against the working tree.
//!
//! The revision's files are read with `git show REV:specs/x.yaml`, run in the directory given
//! (the repository root, where the command is run), so that the comparison is of what a
//! reviewer sees: the committed spec before, the edited one after. A spec that exists on one
//! side only is reported as an API added or removed.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use super::input::{load_spec, read_spec, DiffError};
use super::{api_added, api_removed, diff_apis, Report};

/// The folder of specs, relative to the repository root.
pub const SPEC_DIR: &str = "specs";

fn is_spec(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// Run git in `root` and return its standard output.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, DiffError> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| DiffError::Git(format!("cannot run git: {e}")))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(DiffError::Git(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// The spec files directly in `specs/` at `rev`.
fn specs_at(root: &Path, rev: &str) -> Result<BTreeSet<String>, DiffError> {
    let listing = git(
        root,
        &[
            "ls-tree",
            "-z",
            "--name-only",
            "--full-tree",
            rev,
            "--",
            "specs/",
        ],
    )?;
    Ok(listing
        .split(|b| *b == 0)
        .filter_map(|entry| std::str::from_utf8(entry).ok())
        .filter_map(|path| path.strip_prefix("specs/"))
        .filter(|name| !name.contains('/') && is_spec(name))
        .map(str::to_string)
        .collect())
}

/// The spec files directly in `specs/` of the working tree.
fn specs_in_tree(root: &Path) -> Result<BTreeSet<String>, DiffError> {
    let dir = root.join(SPEC_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|source| DiffError::Io {
        file: format!(
            "{} (run `codegen diff --git` from the repository root)",
            dir.display()
        ),
        source,
    })?;
    let mut out = BTreeSet::new();
    for entry in entries.flatten() {
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if let Some(name) = entry.file_name().to_str() {
            if is_file && is_spec(name) {
                out.insert(name.to_string());
            }
        }
    }
    Ok(out)
}

/// Compare every spec in `root/specs` at `rev` with the working tree.
pub fn diff_git(root: &Path, rev: &str) -> Result<Report, DiffError> {
    // A revision is an argument to git, never an option.
    if rev.is_empty() || rev.starts_with('-') {
        return Err(DiffError::Git(format!("`{rev}` is not a revision")));
    }
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        DiffError::Git(format!(
            "`{rev}` is not a commit of the git repository at {}",
            root.display()
        ))
    })?;
    let before = specs_at(root, rev)?;
    let after = specs_in_tree(root)?;
    let mut report = Report::default();
    let mut errors = Vec::new();
    for name in before.union(&after) {
        let path = format!("{SPEC_DIR}/{name}");
        let old_name = format!("{rev}:{path}");
        let old = match before.contains(name) {
            true => {
                let bytes = git(root, &["show", &old_name])?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| DiffError::Git(format!("{old_name} is not UTF-8 text")))?;
                Some(load_spec(&old_name, &text))
            }
            false => None,
        };
        let new = match after.contains(name) {
            true => Some(read_spec(&root.join(&path), &path)?),
            false => None,
        };
        match (old, new) {
            (Some(Ok(a)), Some(Ok(b))) => report.merge(diff_apis(&old_name, &a, &path, &b)),
            (Some(Ok(a)), None) => report.merge(api_removed(&path, &a)),
            (None, Some(Ok(b))) => report.merge(api_added(&path, &b)),
            (a, b) => errors.extend(
                [a.and_then(Result::err), b.and_then(Result::err)]
                    .into_iter()
                    .flatten(),
            ),
        }
    }
    if errors.is_empty() {
        Ok(report)
    } else {
        Err(DiffError::Spec(errors))
    }
}
