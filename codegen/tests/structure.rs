//! The shape of the code, checked: no function over 80 lines, and no import cycles between
//! modules, in the generator (`codegen/src`) and the runtime (`runtime/src`). A newcomer finds
//! each stage in its own module; these keep it that way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The longest function allowed, in lines from `fn` to its closing brace.
const MAX_LINES: usize = 80;

/// Every `.rs` file under `dir`, with its module path (`diff::schema`, `ir`).
fn modules(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(dir)
                    .expect("under dir")
                    .with_extension("");
                let mut parts: Vec<String> = rel
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                out.push((parts.join("::"), path));
            }
        }
    }
    out.sort();
    out
}

struct Functions<'a> {
    file: &'a Path,
    long: Vec<String>,
}

impl Functions<'_> {
    fn check(&mut self, name: &syn::Ident, block: &syn::Block) {
        let (start, end) = (
            name.span().start().line,
            block.brace_token.span.close().end().line,
        );
        let lines = end.saturating_sub(start) + 1;
        if lines > MAX_LINES {
            self.long.push(format!(
                "{}:{start} `{name}`: {lines} lines",
                self.file.display()
            ));
        }
    }
}

impl<'ast> Visit<'ast> for Functions<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.check(&f.sig.ident, &f.block);
        syn::visit::visit_item_fn(self, f);
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.check(&f.sig.ident, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }
}

fn source_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![root.join("src"), root.join("../runtime/src")]
}

#[test]
fn no_function_is_longer_than_80_lines() {
    let mut long = Vec::new();
    for dir in source_dirs() {
        for (_, path) in modules(&dir) {
            let text = std::fs::read_to_string(&path).expect("readable");
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut v = Functions {
                file: &path,
                long: Vec::new(),
            };
            v.visit_file(&file);
            long.extend(v.long);
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

/// The modules a file uses: `crate::a::b` and `super::x` paths, resolved to module paths
/// that exist.
fn uses(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.contains("::"))
        .collect();
    let here: Vec<&str> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").collect()
    };
    for w in words {
        let parts: Vec<&str> = w.split("::").filter(|p| !p.is_empty()).collect();
        let mut base: Vec<&str> = match parts.first() {
            Some(&"crate") => Vec::new(),
            Some(&"super") => {
                // `super` from a file module is its parent; from `mod.rs` likewise.
                let mut b = here.clone();
                b.pop();
                b
            }
            _ => continue,
        };
        let mut rest = &parts[1..];
        while rest.first() == Some(&"super") {
            base.pop();
            rest = &rest[1..];
        }
        // The longest prefix that is a module.
        let mut best = None;
        let mut cur = base.clone();
        for p in rest {
            cur.push(p);
            let m = cur.join("::");
            if known.contains(&m) {
                best = Some(m);
            }
        }
        if let Some(m) = best.or_else(|| Some(base.join("::")).filter(|m| known.contains(m))) {
            if m != module {
                out.insert(m);
            }
        }
    }
    out
}

/// Whether `a` is `b` or an ancestor of it (`ir` of `ir::build`).
fn ancestor(a: &str, b: &str) -> bool {
    a.is_empty() || a == b || b.starts_with(&format!("{a}::"))
}

#[test]
fn no_import_cycles() {
    let mut cycles = Vec::new();
    for dir in source_dirs() {
        let mods = modules(&dir);
        let known: BTreeSet<String> = mods.iter().map(|(m, _)| m.clone()).collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (m, path) in &mods {
            let text = std::fs::read_to_string(path).expect("readable");
            // A module and its ancestors are one unit: a child uses its parent's items and a
            // parent re-exports its children. Cycles between siblings or cousins are what count.
            let targets = uses(m, &text, &known)
                .into_iter()
                .filter(|t| !ancestor(t, m) && !ancestor(m, t))
                .collect();
            edges.insert(m.clone(), targets);
        }
        for start in edges.keys() {
            let mut stack = vec![(start.clone(), vec![start.clone()])];
            let mut seen = BTreeSet::new();
            while let Some((node, path)) = stack.pop() {
                for next in edges.get(&node).into_iter().flatten() {
                    // Entering a module means entering its submodules too.
                    if next == start || ancestor(next, start) {
                        let mut p = path.clone();
                        p.push(next.clone());
                        cycles.push(format!("{}: {}", dir.display(), p.join(" -> ")));
                    } else if seen.insert(next.clone()) {
                        let mut p = path.clone();
                        p.push(next.clone());
                        stack.push((next.clone(), p));
                    }
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}
