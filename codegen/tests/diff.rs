//! `codegen diff`: a corpus of spec changes, each pair in `tests/diff/<case>/` (`old.yaml`,
//! `new.yaml`, and `expected.txt` with one `severity kind` line per expected change, or `error`
//! when a side must be rejected), with the full JSON report pinned by insta; then the command
//! line: exit codes, and `--git REV` in a throwaway repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use datacloud_codegen::diff::{self, render, Report, Severity};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compare one case: the report, or the diagnostics of the side(s) that do not validate.
fn run_case(dir: &Path) -> Result<Report, String> {
    let name = dir
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("case")
        .to_string();
    let (old_file, new_file) = (
        format!("diff/{name}/old.yaml"),
        format!("diff/{name}/new.yaml"),
    );
    let old = diff::load_spec(&old_file, &read(&dir.join("old.yaml")));
    let new = diff::load_spec(&new_file, &read(&dir.join("new.yaml")));
    match (old, new) {
        (Ok(a), Ok(b)) => Ok(diff::diff_apis(&old_file, &a, &new_file, &b)),
        (a, b) => Err([a.err(), b.err()]
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

fn severity_and_kind(report: &Report) -> String {
    let mut lines: Vec<String> = report
        .changes
        .iter()
        .map(|c| format!("{} {}", c.severity.name(), c.kind))
        .collect();
    lines.sort();
    lines.join("\n")
}

#[test]
fn corpus() {
    let mut wrong = Vec::new();
    insta::glob!("diff/*/new.yaml", |path| {
        let dir = path.parent().expect("a case folder");
        let name = dir.file_name().and_then(|s| s.to_str()).unwrap_or("case");
        let expected = read(&dir.join("expected.txt"));
        match run_case(dir) {
            Ok(report) => {
                let got = severity_and_kind(&report);
                if got != expected.trim() {
                    wrong.push(format!(
                        "{name}: expected\n{}\ngot\n{got}\n{}",
                        expected.trim(),
                        render::text(&report)
                    ));
                }
                insta::assert_snapshot!(render::json(&report));
            }
            Err(diagnostics) => {
                if expected.trim() != "error" {
                    wrong.push(format!("{name}: rejected: {diagnostics}"));
                }
                insta::assert_snapshot!(diagnostics);
            }
        }
    });
    assert!(
        wrong.is_empty(),
        "{} cases differ:\n\n{}",
        wrong.len(),
        wrong.join("\n\n")
    );
}

/// The corpus is large enough to cover every category, and covers all three severities and
/// both directions of the direction-sensitive rules.
#[test]
fn corpus_coverage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut cases = 0;
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&root).expect("the corpus exists") {
        let dir = entry.expect("a corpus entry").path();
        cases += 1;
        for line in read(&dir.join("expected.txt")).lines() {
            seen.insert(line.to_string());
        }
    }
    assert!(cases >= 40, "only {cases} cases");
    for line in [
        "breaking enum-value-removed",
        "compatible enum-value-removed",
        "compatible enum-value-added",
        "breaking bound-tightened",
        "compatible bound-tightened",
        "compatible bound-loosened",
        "breaking field-added",
        "compatible field-added",
        "docs description-changed",
        "error",
    ] {
        assert!(seen.contains(line), "no case expects `{line}`");
    }
}

/// A change inside a shared component is reported once, with the operations it reaches and
/// the directions; it is as severe as its worst direction.
#[test]
fn shared_component_is_reported_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff/shared-component-enum-value-removed");
    let report = run_case(&dir).expect("the case validates");
    assert_eq!(report.changes.len(), 1);
    let c = &report.changes[0];
    assert_eq!(c.severity, Severity::Breaking);
    assert_eq!(c.component.as_deref(), Some("#/components/schemas/Label"));
    assert_eq!(
        c.operations,
        ["GET /items", "GET /items/{itemId}", "POST /items"]
    );
    assert!(c.reason.starts_with("in requests:"), "{}", c.reason);
}

/// Text and markdown of a report that has all three severities, API-level, operation and
/// component changes.
#[test]
fn text_and_markdown() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut report = Report::default();
    for case in [
        "shared-component-enum-value-removed",
        "parameter-removed",
        "server-added",
        "response-field-added",
        "docs-summary",
    ] {
        report.merge(run_case(&base.join(case)).expect("the case validates"));
    }
    let both = format!(
        "{}\n----\n{}",
        render::text(&report),
        render::markdown(&report)
    );
    insta::assert_snapshot!(both);
    let json: serde_json::Value =
        serde_json::from_str(&render::json(&report)).expect("the JSON output parses");
    assert_eq!(json["breaking"], true);
    for c in json["changes"].as_array().expect("a changes array") {
        for key in [
            "api",
            "operation",
            "severity",
            "kind",
            "message",
            "operations",
        ] {
            assert!(c.get(key).is_some(), "a change without `{key}`: {c}");
        }
    }
}

/// Comparing real specs never panics, whatever pair is compared, and finishes quickly.
#[test]
fn real_specs_against_each_other() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let docs: Vec<(String, datacloud_codegen::ir::Api)> =
        ["instaclustr", "astro-platform", "stargate"]
            .iter()
            .map(|n| {
                let file = format!("{n}.yaml");
                let text = read(&specs.join(&file));
                let doc = diff::load_spec(&file, &text).expect("the shipped specs validate");
                (file, doc)
            })
            .collect();
    for (a, x) in &docs {
        for (b, y) in &docs {
            let report = diff::diff_apis(a, x, b, y);
            if a == b {
                assert!(report.changes.is_empty(), "{a}: {}", render::text(&report));
            } else {
                assert!(report.has_breaking());
            }
        }
    }
}

/// A one-operation document whose response body is `schema`, with `schemas` as components.
fn doc_with(schema: serde_json::Value, schemas: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "get_a", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": schema}}}}}}},
        "components": {"schemas": schemas}
    })
}

/// Deep nesting, reference cycles (which validation would reject) and random mutations of a
/// real spec end in a report, never in a panic or a hang.
#[test]
fn hostile_documents_do_not_crash() {
    use serde_json::json;
    let (mut old, mut new) = (json!({"type": "string"}), json!({"type": "integer"}));
    for _ in 0..300 {
        old = json!({"type": "object", "properties": {"a": old}});
        new = json!({"type": "object", "properties": {"a": new}});
    }
    let report = diff::diff_docs(
        "old",
        &doc_with(old, json!({})),
        "new",
        &doc_with(new, json!({})),
    );
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.kind == diff::Kind::NotCompared),
        "{}",
        render::text(&report)
    );

    // Two self-referencing components with two references each: following every path would
    // take 2^64 steps.
    let cyclic = |name: &str| {
        let r = format!("#/components/schemas/{name}");
        json!({"type": "object", "properties": {"x": {"$ref": r}, "y": {"$ref": r}, "n": {"type": "string"}}})
    };
    let old = doc_with(
        json!({"$ref": "#/components/schemas/A"}),
        json!({"A": cyclic("A")}),
    );
    let new = doc_with(
        json!({"$ref": "#/components/schemas/B"}),
        json!({"B": cyclic("B")}),
    );
    let started = std::time::Instant::now();
    let report = diff::diff_docs("old", &old, "new", &new);
    assert!(report.has_breaking());
    assert!(started.elapsed().as_secs() < 10);

    let text = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/instaclustr.yaml"));
    let base = datacloud_codegen::load::load_str("instaclustr.yaml", &text)
        .expect("loads")
        .value;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let replacements = [
        json!(null),
        json!(7),
        json!("x"),
        json!([]),
        json!({}),
        json!({"$ref": "#/components/schemas/Nope"}),
        json!({"$ref": "#"}),
        json!({"type": "array"}),
        json!({"type": "string", "enum": []}),
    ];
    for _ in 0..300 {
        let mut doc = base.clone();
        let mut pointer = String::new();
        for _ in 0..(next() % 9) {
            let keys: Vec<String> = match doc.pointer(&pointer) {
                Some(serde_json::Value::Object(o)) => o
                    .keys()
                    .map(|k| k.replace('~', "~0").replace('/', "~1"))
                    .collect(),
                Some(serde_json::Value::Array(a)) => (0..a.len()).map(|i| i.to_string()).collect(),
                _ => break,
            };
            if keys.is_empty() {
                break;
            }
            pointer = format!("{pointer}/{}", keys[(next() as usize) % keys.len()]);
        }
        if let Some(slot) = doc.pointer_mut(&pointer) {
            *slot = replacements[(next() as usize) % replacements.len()].clone();
        }
        let there = diff::diff_docs("a", &base, "b", &doc);
        let back = diff::diff_docs("b", &doc, "a", &base);
        let _ = (render::json(&there), render::markdown(&back));
    }
}

fn codegen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
}

#[test]
fn exit_codes() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let run = |case: &str, extra: &[&str]| {
        let dir = base.join(case);
        let out = codegen()
            .arg("diff")
            .arg(dir.join("old.yaml"))
            .arg(dir.join("new.yaml"))
            .args(extra)
            .output()
            .expect("the binary runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // A compatible change: 0, with or without --fail-on breaking.
    let (code, stdout, _) = run("response-field-added", &["--fail-on", "breaking"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("field-added"), "{stdout}");
    // A breaking change: 0 without --fail-on, 1 with it.
    assert_eq!(run("parameter-removed", &[]).0, Some(0));
    let (code, stdout, _) = run(
        "parameter-removed",
        &["--fail-on", "breaking", "--format", "json"],
    );
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(json["breaking"], true);
    // A spec that does not validate: 2, with lint's diagnostic (file, line, pointer).
    let (code, _, stderr) = run("invalid-new-dangling-ref", &["--fail-on", "breaking"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error[dangling-ref]"), "{stderr}");
    assert!(stderr.contains("new.yaml:"), "{stderr}");
    assert!(stderr.contains("at /paths/"), "{stderr}");
    // A file that does not exist, and bad usage: 2.
    let out = codegen()
        .args(["diff", "no-such-old.yaml", "no-such-new.yaml"])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let out = codegen()
        .args(["diff", "--format", "xml", "a.yaml", "b.yaml"])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
}

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "datacloud-diff-{tag}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.email=test@example.com", "-c", "user.name=Test"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_revision_against_working_tree() {
    if !git_available() {
        eprintln!("git is not installed; skipping the --git test");
        return;
    }
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/parameter-removed");
    let repo = TempDir::new("git");
    let specs = repo.0.join("specs");
    std::fs::create_dir_all(&specs).expect("specs/");
    std::fs::write(specs.join("shop.yaml"), read(&case.join("old.yaml"))).expect("write");
    std::fs::write(specs.join("gone.yaml"), read(&case.join("old.yaml"))).expect("write");
    std::fs::write(specs.join("README.md"), "not a spec\n").expect("write");
    git(&repo.0, &["init", "-q"]);
    git(&repo.0, &["add", "."]);
    git(&repo.0, &["commit", "-q", "-m", "specs"]);
    // Edit one spec, delete one, add one.
    std::fs::write(specs.join("shop.yaml"), read(&case.join("new.yaml"))).expect("write");
    std::fs::remove_file(specs.join("gone.yaml")).expect("remove");
    std::fs::write(specs.join("new.yaml"), read(&case.join("new.yaml"))).expect("write");

    let run = |args: &[&str]| {
        codegen()
            .arg("diff")
            .args(args)
            .current_dir(&repo.0)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("the binary runs")
    };
    let out = run(&["--git", "HEAD", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let kinds: Vec<(String, String)> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["api"].as_str().unwrap_or_default().to_string(),
                c["kind"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("specs/gone.yaml".to_string(), "api-removed".to_string()),
            (
                "specs/shop.yaml".to_string(),
                "parameter-removed".to_string()
            ),
            ("specs/new.yaml".to_string(), "api-added".to_string()),
        ]
    );
    assert_eq!(
        json["apis"],
        serde_json::json!(["specs/gone.yaml", "specs/new.yaml", "specs/shop.yaml"])
    );
    assert_eq!(
        run(&["--git", "HEAD", "--fail-on", "breaking"])
            .status
            .code(),
        Some(1)
    );
    // A spec broken in the working tree: 2, naming the file.
    std::fs::write(specs.join("new.yaml"), "openapi: 3.0.3\ninfo: [\n").expect("write");
    let out = run(&["--git", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("specs/new.yaml"), "{stderr}");
    // A revision that does not exist: 2.
    let out = run(&["--git", "no-such-revision"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-revision"));
}

/// The same change made to several operations (an inline parameter edited in each) is shown
/// once in text and markdown, under a heading listing them; JSON keeps one item per operation.
#[test]
fn same_change_in_several_operations_is_shown_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/parameter-omitted-inline");
    let report = run_case(&dir).expect("the case validates");
    assert_eq!(report.changes.len(), 2, "one item per operation");
    for out in [render::text(&report), render::markdown(&report)] {
        assert_eq!(out.matches("no longer an argument").count(), 1, "{out}");
        assert!(
            out.contains("the same change in 2 operations: `GET /rows`, `GET /rows/{id}`")
                || out.contains("the same change in 2 operations: GET /rows, GET /rows/{id}"),
            "{out}"
        );
    }
}

/// Real history: each shipped spec against its first committed version. Both sides must load
/// and validate, and the report must render in every format; what it finds is printed (run
/// with `--nocapture` to read it). Without git or without history (a shallow or exported
/// tree) there is nothing to compare and the test says so.
#[test]
fn each_spec_against_its_first_committed_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let git_out = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(&root)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))
        .expect("specs/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    let mut compared = 0;
    for spec in specs {
        let name = format!(
            "specs/{}",
            spec.file_name()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
        );
        let Some(first) = git_out(&["log", "--diff-filter=A", "--format=%H", "--", &name])
            .and_then(|log| log.lines().last().map(str::to_string))
        else {
            continue;
        };
        let Some(old_text) = git_out(&["show", &format!("{first}:{name}")]) else {
            continue;
        };
        let old = diff::load_spec(&format!("{name}@{first}"), &old_text)
            .unwrap_or_else(|e| panic!("{name} at {first} no longer loads: {e}"));
        let new = diff::load_spec(&name, &read(&spec)).expect("the shipped spec validates");
        let report = diff::diff_apis(&name, &old, &name, &new);
        for format in [
            render::Format::Text,
            render::Format::Markdown,
            render::Format::Json,
        ] {
            assert!(!render::render(&report, format).is_empty());
        }
        println!("{name} since {}: {}", &first[..8], render::summary(&report));
        compared += 1;
    }
    if compared == 0 {
        println!("no git history of specs/ here: nothing to compare");
    }
}
