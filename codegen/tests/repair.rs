//! The named repairs are for specs that vendors publish; ours are written to need none.

use datacloud_codegen::check_file_with;
use datacloud_codegen::registry::APIS;
use datacloud_codegen::repair::Mode;
use datacloud_codegen::rules::Level;

#[test]
fn our_specs_need_no_repair() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for api in APIS {
        let checked = check_file_with(&root.join(api.spec), Mode::Apply)
            .unwrap_or_else(|e| panic!("{}: {e}", api.spec));
        let repairs: Vec<String> = checked
            .warnings
            .iter()
            .filter(|w| w.rule.level() == Level::Repair)
            .map(|w| w.to_string())
            .collect();
        assert!(
            repairs.is_empty(),
            "{} needs repairs:\n{}",
            api.spec,
            repairs.join("\n")
        );
    }
}

#[test]
fn the_fixture_that_shows_repairs_needs_them() {
    // The test above could pass by repairing nothing: the repaired fixture proves the repairs
    // run and are listed.
    let spec =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/specs/repaired.yaml");
    let checked = check_file_with(&spec, Mode::Apply).expect("repairs make it valid");
    let rules: std::collections::BTreeSet<&str> = checked
        .warnings
        .iter()
        .filter(|w| w.rule.level() == Level::Repair)
        .map(|w| w.rule.code())
        .collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        vec![
            "repair:duplicate-enum-value",
            "repair:format-as-type",
            "repair:header-without-schema",
            "repair:no-responses",
            "repair:property-required-flag",
            "repair:undeclared-path-parameter",
            "repair:value-of-wrong-type",
        ]
    );
    assert!(datacloud_codegen::check_file(&spec).is_err());
}
