//! Rendering a report: plain text for a terminal, markdown for a pull-request comment, JSON for
//! machines. All three list breaking changes first and group them by API, then by operation
//! (or shared component, or the API as a whole), in the report's deterministic order.

use std::fmt::Write;

use serde::Serialize;

use super::{Change, Direction, Report, Severity};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// For machines.
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!(
                "unknown format `{other}` (use text, markdown or json)"
            )),
        }
    }
}

/// Render `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => json(report),
    }
}

/// "5 changes (2 breaking, 2 compatible, 1 docs) in 3 of 5 specs", or "no changes in 5 specs".
pub fn summary(report: &Report) -> String {
    let total = report.changes.len();
    let specs = report.apis.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if total == 0 {
        return format!("no changes in {specs} spec{}", plural(specs));
    }
    let changed: std::collections::BTreeSet<&str> =
        report.changes.iter().map(|c| c.api.as_str()).collect();
    format!(
        "{total} change{} ({} breaking, {} compatible, {} docs) in {} of {specs} spec{}",
        plural(total),
        report.count(Severity::Breaking),
        report.count(Severity::Compatible),
        report.count(Severity::Docs),
        changed.len(),
        plural(specs)
    )
}

/// One heading's worth of changes: an operation, a component or the API itself.
struct Group<'a> {
    title: String,
    changes: Vec<&'a Change>,
}

/// The changes of one severity, by API then by group, in report order. The same change made
/// to several operations (a shared parameter edited once, say) is shown once, under a heading
/// that lists them; the JSON output keeps one item per operation.
fn grouped(report: &Report, severity: Severity) -> Vec<(&str, Vec<Group<'_>>)> {
    let mut apis: Vec<(&str, Vec<Group<'_>>)> = Vec::new();
    let of_severity: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.severity == severity)
        .collect();
    let same = |a: &Change, b: &Change| {
        a.api == b.api
            && a.component.is_none()
            && b.component.is_none()
            && a.operation.is_some()
            && b.operation.is_some()
            && (a.kind, &a.message, &a.reason) == (b.kind, &b.message, &b.reason)
    };
    let mut done = vec![false; of_severity.len()];
    for (i, c) in of_severity.iter().enumerate() {
        if done[i] {
            continue;
        }
        let twins: Vec<usize> = (i..of_severity.len())
            .filter(|&j| !done[j] && same(c, of_severity[j]))
            .collect();
        let title = if twins.len() > 1 {
            let ops: Vec<&str> = twins
                .iter()
                .filter_map(|&j| of_severity[j].operation.as_deref())
                .collect();
            for &j in &twins {
                done[j] = true;
            }
            format!(
                "the same change in {} operations: {}",
                ops.len(),
                listed(&ops)
            )
        } else {
            group_title(c)
        };
        done[i] = true;
        let index = match apis.iter().position(|(a, _)| *a == c.api) {
            Some(i) => i,
            None => {
                apis.push((c.api.as_str(), Vec::new()));
                apis.len() - 1
            }
        };
        let groups = &mut apis[index].1;
        match groups.iter_mut().find(|g| g.title == title) {
            Some(g) => g.changes.push(c),
            None => groups.push(Group {
                title,
                changes: vec![c],
            }),
        }
    }
    apis
}

/// Up to `SHOWN` operations in backquotes, then how many more.
fn listed(ops: &[&str]) -> String {
    let mut list: Vec<String> = ops.iter().take(SHOWN).map(|o| format!("`{o}`")).collect();
    if ops.len() > SHOWN {
        list.push(format!("and {} more", ops.len() - SHOWN));
    }
    list.join(", ")
}

fn directions(d: &[Direction]) -> String {
    d.iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
}

/// How many operations a component's heading lists; the JSON output lists them all.
const SHOWN: usize = 5;

fn group_title(c: &Change) -> String {
    if let Some(op) = &c.operation {
        return format!("`{op}`");
    }
    let Some(component) = &c.component else {
        return "the API as a whole".to_string();
    };
    let name = component.rsplit('/').next().unwrap_or(component);
    let used = if c.reach.is_empty() {
        "used by no operation".to_string()
    } else {
        let mut list: Vec<String> = c
            .reach
            .iter()
            .take(SHOWN)
            .map(|r| format!("`{}` ({})", r.operation, directions(&r.directions)))
            .collect();
        if c.reach.len() > SHOWN {
            list.push(format!("and {} more", c.reach.len() - SHOWN));
        }
        format!("used by {}", list.join(", "))
    };
    format!("`{name}` (`{component}`), {used}")
}

fn title(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "Breaking changes",
        Severity::Compatible => "Compatible changes",
        Severity::Docs => "Documentation changes",
    }
}

/// Plain text for a terminal.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "spec diff: {}", summary(report));
    for severity in Severity::ALL {
        let apis = grouped(report, severity);
        if apis.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} ({})",
            title(severity).to_uppercase(),
            report.count(severity)
        );
        for (api, groups) in apis {
            let _ = writeln!(out, "{api}");
            for g in groups {
                let _ = writeln!(out, "  {}", g.title.replace('`', ""));
                for c in g.changes {
                    let _ = writeln!(out, "    {}: {}", c.kind, c.message);
                    if severity != Severity::Docs {
                        let _ = writeln!(out, "      why: {}", c.reason);
                    }
                }
            }
        }
    }
    out
}

/// Markdown for a pull-request comment.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "**Spec diff:** {}.", summary(report));
    for severity in Severity::ALL {
        let apis = grouped(report, severity);
        if apis.is_empty() {
            continue;
        }
        let heading = format!("{} ({})", title(severity), report.count(severity));
        // Documentation changes are folded away: they rarely need a reviewer's attention.
        if severity == Severity::Docs {
            let _ = writeln!(out, "\n<details><summary>{heading}</summary>");
        } else {
            let _ = writeln!(out, "\n### {heading}");
        }
        for (api, groups) in apis {
            let _ = writeln!(out, "\n#### `{api}`\n");
            for g in groups {
                let _ = writeln!(out, "- {}", g.title);
                for c in g.changes {
                    if severity == Severity::Docs {
                        let _ = writeln!(out, "  - `{}` {}", c.kind, c.message);
                    } else {
                        let _ = writeln!(out, "  - `{}` {} — _{}_", c.kind, c.message, c.reason);
                    }
                }
            }
        }
        if severity == Severity::Docs {
            let _ = writeln!(out, "\n</details>");
        }
    }
    out
}

#[derive(Serialize)]
struct Counts {
    breaking: usize,
    compatible: usize,
    docs: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    breaking: bool,
    counts: Counts,
    apis: &'a [String],
    changes: &'a [Change],
}

/// JSON: `breaking`, `counts`, `apis` and the `changes`.
pub fn json(report: &Report) -> String {
    let view = JsonReport {
        breaking: report.has_breaking(),
        counts: Counts {
            breaking: report.count(Severity::Breaking),
            compatible: report.count(Severity::Compatible),
            docs: report.count(Severity::Docs),
        },
        apis: &report.apis,
        changes: &report.changes,
    };
    // Serializing plain strings, numbers and lists cannot fail; the fallback keeps the
    // output valid JSON all the same.
    let mut s = serde_json::to_string_pretty(&view)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    s.push('\n');
    s
}
