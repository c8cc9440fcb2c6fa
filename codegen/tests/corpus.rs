//! The corpus of specs that bare progenitor panics on, mis-generates from, or that need a
//! named normalization or repair. Each one's full report (errors, or warnings and the
//! generated surface) is pinned with insta, so a change in any message shows up in review.
//!
//! By name: `normalize-*` and `shape-*` (shapes published specs use) are accepted; `repair-*`
//! are rejected, each error naming its repair, and accepted with `--repair`, each repair a
//! warning; the rest are rejected.

use datacloud_codegen::repair::Mode;
use datacloud_codegen::{check_str, check_str_with, generate_checked, Settings};

fn report(name: &str, text: &str, repairs: Mode) -> String {
    let file = format!("corpus/{name}.yaml");
    match check_str_with(&file, text, repairs) {
        Err(errors) => format!("REJECTED\n{errors}\n"),
        Ok(checked) => {
            let mut out = String::from("ACCEPTED\n");
            for w in &checked.warnings {
                out.push_str(&format!("{w}\n"));
            }
            match generate_checked(&checked, &file, &Settings::new("corpus")) {
                Ok(generated) => out.push_str(&generated.surface),
                Err(e) => out.push_str(&format!("GENERATION FAILED\n{e}\n")),
            }
            out
        }
    }
}

#[test]
fn corpus() {
    insta::glob!("corpus/*.yaml", |path| {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        let text = std::fs::read_to_string(path).expect("corpus file is readable");
        let expect_ok = name.starts_with("normalize-") || name.starts_with("shape-");
        let mut r = report(name, &text, Mode::Report);
        assert_eq!(r.starts_with("ACCEPTED"), expect_ok, "{name}: {r}");
        if name.starts_with("repair-") {
            let repaired = report(name, &text, Mode::Apply);
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
