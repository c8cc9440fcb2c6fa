//! What the generator emits, pinned: the API surface of every spec (insta snapshots, the diff
//! reviewers read), and the committed copies in generated/, which must match what build.rs
//! emits.

use std::path::Path;

use datacloud_codegen::registry::{generated_path, APIS};
use datacloud_codegen::{generate_file, Settings};

const REFRESH: &str = "cargo run -p datacloud-codegen -- generate";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn api_surfaces_and_generated_files_are_current() {
    let mut stale = Vec::new();
    let mut surfaces = Vec::new();
    for api in APIS {
        let out = generate_file(&root().join(api.spec), api.spec, &Settings::new(api.module))
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", api.spec));
        let path = generated_path(api.module);
        let committed = std::fs::read_to_string(root().join(&path)).unwrap_or_default();
        if committed != out.code {
            stale.push(path);
        }
        let snapshot = format!("tests/snapshots/generated__{}.snap", api.module);
        let pinned = std::fs::read_to_string(root().join(&snapshot)).unwrap_or_default();
        if !pinned.ends_with(&out.surface) {
            stale.push(snapshot);
        }
        surfaces.push((api.module, out.surface));
    }
    assert!(
        stale.is_empty(),
        "stale: {}\nrefresh generated/ and the snapshots with:\n    {REFRESH}",
        stale.join(", ")
    );
    // The same check through insta, so that `cargo insta review` works too.
    for (module, surface) in surfaces {
        insta::assert_snapshot!(module, surface);
    }
}

#[test]
fn generation_is_deterministic() {
    let spec = APIS
        .iter()
        .find(|a| a.module == "astro")
        .expect("astro is registered");
    let settings = Settings::new(spec.module).with_contract(true);
    let a = generate_file(&root().join(spec.spec), spec.spec, &settings).expect("generates");
    let b = generate_file(&root().join(spec.spec), spec.spec, &settings).expect("generates");
    assert!(!a.contract.is_empty());
    assert_eq!(a.code, b.code);
    assert_eq!(a.contract, b.contract);
}
