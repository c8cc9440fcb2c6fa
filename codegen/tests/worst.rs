//! The generator answers every spec: the worst cases of the hang classes, built here, and a
//! bounded mutation run over our own specs. Nothing here measures time; every call runs on its
//! own thread under a generous deadline, so that a regression fails the test instead of
//! hanging CI, and a panic fails it with the input that caused it.
//!
//! `DATACLOUD_MUTATIONS=N` runs N mutated specs instead of the default.

use std::sync::mpsc;
use std::time::Duration;

use datacloud_codegen::Settings;

/// Far above what any of these takes (seconds in release); only a hang reaches it.
const DEADLINE: Duration = Duration::from_secs(600);

/// Check and, when the spec is valid, generate `text` on a thread of its own; the outcome in
/// words, or why the thread did not finish.
fn answer(label: &str, text: String) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    let file = label.to_string();
    let worker = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let outcome = match datacloud_codegen::check_str(&file, &text) {
                Err(e) => format!("rejected: {}", e.to_string().lines().next().unwrap_or("")),
                Ok(checked) => {
                    let settings = Settings::new("worst");
                    match datacloud_codegen::generate_checked(&checked, &file, &settings) {
                        Ok(out) => format!("generated {} operations", out.operations),
                        Err(e) => format!("not generated: {e}"),
                    }
                }
            };
            let _ = tx.send(outcome);
        })
        .map_err(|e| format!("{label}: cannot start a thread: {e}"))?;
    match rx.recv_timeout(DEADLINE) {
        Ok(outcome) => {
            let _ = worker.join();
            Ok(outcome)
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("{label}: no answer within {DEADLINE:?}"))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(format!("{label}: the generator panicked"))
        }
    }
}

fn spec(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: Worst, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: get_x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/S0'}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

/// Class 1: a schema nested `depth` objects deep whose innermost value is not a schema.
fn deep_typo(depth: usize) -> String {
    let mut inner = String::from("'{a}'");
    for _ in 0..depth {
        inner = format!("{{type: object, properties: {{a: {inner}}}}}");
    }
    spec(&format!("    S0: {inner}\n"))
}

/// Class 2: a chain of `n` components, each only a `$ref` to the next.
fn ref_chain(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    s.push_str(&format!("    S{n}: {{type: string}}\n"));
    spec(&s)
}

/// Class 3: about `bytes` of nested inline objects, ten levels deep, in many components.
fn large_nested(bytes: usize) -> String {
    let mut one = String::from("{type: string}");
    for level in 0..10 {
        one = format!(
            "{{type: object, properties: {{f{level}: {one}, g{level}: {{type: integer}}}}}}"
        );
    }
    let mut s = String::new();
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!("    S{i}: {one}\n"));
        i += 1;
    }
    spec(&s)
}

#[test]
fn worst_cases_end() {
    // Each case with the start of the answer it must get.
    let cases = [
        (
            "deep typo, depth 30",
            deep_typo(30),
            "rejected: error[invalid-structure]",
        ),
        (
            "a chain of 10,000 $refs",
            ref_chain(10_000),
            "rejected: error[ref-chain]",
        ),
        // About 90,000 types: more than one client may have, refused before any is built.
        (
            "5 MB of nested objects",
            large_nested(5 << 20),
            "rejected: error[too-large]",
        ),
        // About 8,700 types, in the range a client may have: generated.
        (
            "870 components of nested objects",
            large_nested(500_000),
            "generated 1 operations",
        ),
    ];
    let mut failed = Vec::new();
    for (label, text, expected) in cases {
        match answer(label, text) {
            Ok(outcome) if outcome.starts_with(expected) => println!("{label}: {outcome}"),
            Ok(outcome) => failed.push(format!("{label}: expected `{expected}…`, got {outcome}")),
            Err(e) => failed.push(e),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// A small deterministic generator (xorshift), so that a failing case can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that, spliced in, make the classes of defects the hang issues found.
const SPLICES: &[&str] = &[
    "{$ref: '#'}",
    "{$ref: '#/paths'}",
    "{$ref: '#/components/schemas'}",
    "'{a}'",
    "[",
    "{type: object, properties: {a: {type: object, properties: {a: 1}}}}",
    "{allOf: [{type: string}, {type: integer}]}",
    "{enum: [a, a]}",
    "null",
    "{}",
];

/// One mutation of `text`: a line dropped, duplicated, cut, re-indented or given a splice.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = rng.below(lines.len());
    match rng.below(5) {
        0 => {
            lines.remove(at);
        }
        1 => {
            let line = lines[at].clone();
            lines.insert(at, line);
        }
        2 => {
            let cut = rng.below(lines[at].len());
            let keep = lines[at]
                .char_indices()
                .take_while(|(i, _)| *i < cut)
                .map(|(_, c)| c);
            lines[at] = keep.collect();
        }
        3 => lines[at] = format!("  {}", lines[at]),
        _ => {
            let splice = SPLICES[rng.below(SPLICES.len())];
            if let Some(colon) = lines[at].find(": ") {
                lines[at] = format!("{}: {splice}", &lines[at][..colon]);
            }
        }
    }
    lines.join("\n")
}

#[test]
fn mutated_specs_get_an_answer() {
    let count: usize = std::env::var("DATACLOUD_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let specs: Vec<(String, String)> = datacloud_codegen::registry::APIS
        .iter()
        .filter(|a| a.module != "aiven" || count > 12)
        .map(|a| {
            let text = std::fs::read_to_string(root.join(a.spec)).expect("our specs are readable");
            (a.spec.to_string(), text)
        })
        .collect();
    let mut rng = Rng(0x5eed_da7a_c10d);
    let mut failed = Vec::new();
    for n in 0..count {
        let (name, text) = &specs[n % specs.len()];
        let seed = rng.0;
        let mut mutated = text.clone();
        for _ in 0..1 + rng.below(3) {
            mutated = mutate(&mutated, &mut rng);
        }
        let label = format!("{name} (mutation {n}, seed {seed:#x})");
        if let Err(e) = answer(&label, mutated) {
            failed.push(e);
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
