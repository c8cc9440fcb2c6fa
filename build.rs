//! Generates the client of every enabled API into `$OUT_DIR` (and nowhere else).

use std::path::Path;
use std::process::ExitCode;

use datacloud_codegen::registry::APIS;
use datacloud_codegen::Settings;

fn main() -> ExitCode {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    let mut failed = false;
    for api in APIS {
        let feature = format!("CARGO_FEATURE_{}", api.module.to_uppercase());
        if std::env::var_os(&feature).is_none() {
            continue;
        }
        let spec = Path::new(&root).join(api.spec);
        println!("cargo:rerun-if-changed={}", spec.display());
        let contract = std::env::var_os("CARGO_FEATURE_CONTRACT").is_some();
        let settings = Settings::new(api.module).with_contract(contract);
        match datacloud_codegen::generate_file(&spec, api.spec, &settings) {
            Ok(out) => {
                let target = Path::new(&out_dir).join(format!("{}.rs", api.module));
                let cases = Path::new(&out_dir).join(format!("{}_contract.rs", api.module));
                // The contract cases are test scaffolding: empty unless the `contract` feature is on.
                for (path, text) in [(&target, out.code), (&cases, out.contract)] {
                    if let Err(e) = std::fs::write(path, text) {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        failed = true;
                    }
                }
            }
            Err(e) => {
                eprintln!(
                    "error: the {} client cannot be generated from {}:\n{e}",
                    api.module, api.spec
                );
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
