//! Gives the crate the client of every enabled API as `$OUT_DIR/<module>.rs` (and writes
//! nowhere else).
//!
//! - By default, that file includes the committed copy in `generated/`, after checking that
//!   the spec it was generated from is unchanged. The generator is not compiled into the build.
//!   After a spec edit, the client is generated from the spec by the generator in `codegen/`,
//!   which a cargo of its own builds and runs (`build/committed.rs`), with a warning to refresh
//!   `generated/`.
//! - With the `regenerate` feature, the generator writes the client there from the spec.

use std::path::Path;
use std::process::ExitCode;

#[cfg(not(feature = "regenerate"))]
#[path = "build/committed.rs"]
mod committed;

fn main() -> ExitCode {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    let errors = clients(Path::new(&root), Path::new(&out_dir));
    for e in &errors {
        eprintln!("error: {e}");
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn enabled(module: &str) -> bool {
    std::env::var_os(format!("CARGO_FEATURE_{}", module.to_uppercase())).is_some()
}

fn write(path: &Path, text: &str, errors: &mut Vec<String>) {
    if let Err(e) = std::fs::write(path, text) {
        errors.push(format!("cannot write {}: {e}", path.display()));
    }
}

/// The committed clients of the enabled APIs; the errors.
#[cfg(not(feature = "regenerate"))]
fn clients(root: &Path, out_dir: &Path) -> Vec<String> {
    println!("cargo:rerun-if-changed=build/committed.rs");
    let modules = match committed::modules(root) {
        Ok(modules) => modules,
        Err(e) => return vec![e],
    };
    let mut errors = Vec::new();
    for module in modules.iter().filter(|m| enabled(m)) {
        println!("cargo:rerun-if-changed=generated/{module}.rs");
        let code = committed::check(root, module).and_then(|state| match state {
            committed::State::Current(c) => {
                println!("cargo:rerun-if-changed={}", c.spec.display());
                committed::shim(&c)
            }
            committed::State::Stale(s) => {
                println!("cargo:rerun-if-changed={}", s.spec.display());
                let code = committed::regenerate(root, &s.spec_label, module)
                    .map_err(|e| format!("{}\n{e}", s.message))?;
                println!(
                    "cargo:warning={} has changed since generated/{module}.rs: this build \
                     compiles the client generated from it; refresh the committed copy with \
                     `cargo run -p datacloud-codegen -- generate`",
                    s.spec_label
                );
                Ok(code)
            }
        });
        match code {
            Ok(text) => write(&out_dir.join(format!("{module}.rs")), &text, &mut errors),
            Err(e) => errors.push(e),
        }
    }
    errors
}

/// The clients of the enabled APIs, generated from their specs; the errors.
#[cfg(feature = "regenerate")]
fn clients(root: &Path, out_dir: &Path) -> Vec<String> {
    use datacloud_codegen::{registry::APIS, Settings};
    let contract = std::env::var_os("CARGO_FEATURE_CONTRACT").is_some();
    let mut errors = Vec::new();
    for api in APIS.iter().filter(|a| enabled(a.module)) {
        let spec = root.join(api.spec);
        println!("cargo:rerun-if-changed={}", spec.display());
        let settings = Settings::new(api.module).with_contract(contract);
        match datacloud_codegen::generate_file(&spec, api.spec, &settings) {
            Ok(out) => {
                let code = out_dir.join(format!("{}.rs", api.module));
                let cases = out_dir.join(format!("{}_contract.rs", api.module));
                // The contract cases are test scaffolding: empty unless the `contract` feature is on.
                write(&code, &out.code, &mut errors);
                write(&cases, &out.contract, &mut errors);
            }
            Err(e) => errors.push(format!(
                "the {} client cannot be generated from {}:\n{e}",
                api.module, api.spec
            )),
        }
    }
    errors
}
