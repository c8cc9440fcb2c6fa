//! The corpus of specs that bare progenitor panics on, mis-generates from, or that need a
//! named normalization or repair. Each one's full report (errors, or warnings and the
//! generated surface) is pinned with insta, so a change in any message shows up in review.
//!
//! By name: `normalize-*` and `shape-*` (shapes published specs use) are accepted; `repair-*`
//! are rejected, each error naming its repair, and accepted with `--repair`, each repair a
//! warning; the rest are rejected.
//!
//! Together the cases report every rule of [`Rule::ALL`], but for those [`NOT_IN_CORPUS`]
//! lists with the reason; a new rule needs a case or a line there.

use std::collections::BTreeSet;

use datacloud_codegen::repair::Mode;
use datacloud_codegen::rules::Rule;
use datacloud_codegen::{check_str, check_str_with, generate_checked, Diagnostic, Settings};

/// The report of one case; the rules of its diagnostics go to `seen`.
fn report(name: &str, text: &str, repairs: Mode, seen: &mut BTreeSet<Rule>) -> String {
    let file = format!("corpus/{name}.yaml");
    let mut note = |ds: &[Diagnostic]| seen.extend(ds.iter().map(|d| d.rule));
    match check_str_with(&file, text, repairs) {
        Err(errors) => {
            note(&errors.0);
            format!("REJECTED\n{errors}\n")
        }
        Ok(checked) => {
            note(&checked.warnings);
            let mut out = String::from("ACCEPTED\n");
            for w in &checked.warnings {
                out.push_str(&format!("{w}\n"));
            }
            match generate_checked(&checked, &file, &Settings::new("corpus")) {
                Ok(generated) => out.push_str(&generated.surface),
                Err(e) => {
                    note(&e.0);
                    out.push_str(&format!("GENERATION FAILED\n{e}\n"));
                }
            }
            out
        }
    }
}

/// The rules no corpus case reports, each with the reason. Every other rule of
/// [`Rule::ALL`] must be reported by at least one case, so a new rule needs a case or a
/// line here.
const NOT_IN_CORPUS: &[(Rule, &str)] = &[
    (
        Rule::TypeGeneration,
        "the net for typify failing on a schema that validation passed: no such spec is known \
         (each one found so far became a validate rule, such as unsatisfiable-schema); a case \
         would pin a generator bug",
    ),
    (
        Rule::Internal,
        "generated code that does not parse or format is a generator bug, not a property of a spec",
    ),
];

#[test]
fn corpus() {
    let mut seen = BTreeSet::new();
    insta::glob!("corpus/*.yaml", |path| {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        let text = std::fs::read_to_string(path).expect("corpus file is readable");
        let expect_ok = name.starts_with("normalize-") || name.starts_with("shape-");
        let mut r = report(name, &text, Mode::Report, &mut seen);
        assert_eq!(r.starts_with("ACCEPTED"), expect_ok, "{name}: {r}");
        if name.starts_with("repair-") {
            let repaired = report(name, &text, Mode::Apply, &mut seen);
            assert!(
                repaired.starts_with("ACCEPTED"),
                "{name} --repair: {repaired}"
            );
            assert!(
                !repaired.contains("GENERATION FAILED"),
                "{name}: {repaired}"
            );
            r.push_str(&format!("\nWITH --repair: {repaired}"));
        }
        if expect_ok {
            assert!(!r.contains("GENERATION FAILED"), "{name}: {r}");
        }
        insta::assert_snapshot!(r);
    });
    // A filtered run (`INSTA_GLOB_FILTER`) sees only some cases.
    if std::env::var_os("INSTA_GLOB_FILTER").is_none() {
        every_rule_is_exercised(&seen);
    }
}

fn every_rule_is_exercised(seen: &BTreeSet<Rule>) {
    let excused: BTreeSet<Rule> = NOT_IN_CORPUS.iter().map(|(r, _)| *r).collect();
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !seen.contains(r) && !excused.contains(r))
        .map(|r| r.code())
        .collect();
    assert!(
        missing.is_empty(),
        "no corpus case reports {missing:?}: add a case to tests/corpus/, or the rule with the reason to NOT_IN_CORPUS"
    );
    let stale: Vec<&str> = excused
        .iter()
        .filter(|r| seen.contains(r))
        .map(|r| r.code())
        .collect();
    assert!(
        stale.is_empty(),
        "{stale:?} are reported by a corpus case now: remove them from NOT_IN_CORPUS"
    );
}

/// Deep nesting, huge alias expansions and other hostile input end in errors, not crashes.
#[test]
fn hostile_input_does_not_crash() {
    let deep = format!(
        "openapi: 3.0.3\ninfo: {}\n",
        "{a: ".repeat(20_000) + &"}".repeat(20_000)
    );
    assert!(check_str("deep.yaml", &deep).is_err());
    let mut laughs = String::from("openapi: 3.0.3\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        laughs.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
            p = i - 1
        ));
    }
    let started = std::time::Instant::now();
    let e = check_str("laughs.yaml", &laughs).unwrap_err().to_string();
    assert!(e.contains("more than"), "{e}");
    assert!(started.elapsed().as_secs() < 20);
    assert!(check_str("bin.yaml", "\u{0}\u{1}\u{2}").is_err());
}

/// Random mutations of a real spec never make the pipeline panic: every one either generates
/// or is rejected with diagnostics.
#[test]
fn mutated_specs_never_panic() {
    let text = include_str!("../../specs/instaclustr.yaml");
    let base = datacloud_codegen::load::load_str("instaclustr.yaml", text)
        .expect("loads")
        .value;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let replacements = [
        serde_json::json!(null),
        serde_json::json!(7),
        serde_json::json!("x"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!({"$ref": "#/components/schemas/Nope"}),
        serde_json::json!({"type": "array"}),
        serde_json::json!({"type": "string", "enum": []}),
    ];
    let mut accepted = 0;
    for _ in 0..300 {
        let mut doc = base.clone();
        // Pick a random node by walking down random children.
        let mut pointer = String::new();
        for _ in 0..(next() % 8) {
            let node = doc.pointer(&pointer).cloned().unwrap_or_default();
            let keys: Vec<String> = match &node {
                serde_json::Value::Object(o) => o
                    .keys()
                    .map(|k| k.replace('~', "~0").replace('/', "~1"))
                    .collect(),
                serde_json::Value::Array(a) => (0..a.len()).map(|i| i.to_string()).collect(),
                _ => break,
            };
            if keys.is_empty() {
                break;
            }
            pointer = format!("{pointer}/{}", keys[(next() as usize) % keys.len()]);
        }
        if pointer.is_empty() {
            continue;
        }
        if let Some(slot) = doc.pointer_mut(&pointer) {
            *slot = replacements[(next() as usize) % replacements.len()].clone();
        }
        let text = serde_json::to_string(&doc).expect("serializes");
        if let Ok(checked) = check_str("mutant.yaml", &text) {
            if generate_checked(&checked, "mutant.yaml", &Settings::new("mutant")).is_ok() {
                accepted += 1;
            }
        }
    }
    // Most mutations hit something that matters; some are harmless.
    assert!(accepted < 300);
}
