//! Open response objects (a spec that lets an object carry fields it does not list) decode
//! through a generated `Deserialize` rather than serde's `flatten`: listed fields in place,
//! every other key into `extra`, typed where the spec types the extra values. These pin what
//! the derive did and a caller relies on.

#![cfg(all(feature = "astra_devops", feature = "aiven"))]

use datacloud::aiven::types::ServiceTypesResponseServiceTypes;
use datacloud::astra_devops::types::{Database, DatabaseAvailableActionsItem};

const DATABASE: &str = r#"{
    "id": "8c1f2e4a-6b3d-4f5e-9a7c-0d2b4e6f8a1c",
    "orgId": "7142ac2f-1283-4dd5-9566-a3707d4c2f3b",
    "ownerId": "u-1",
    "info": {"name": "orders", "region": "us-west-2", "cloudProvider": "AWS", "tier": "serverless",
             "capacityUnits": 1, "plan": "pay-as-you-go"},
    "status": "ACTIVE",
    "availableActions": ["park", "addTable"],
    "cost": {"costPerMinCents": 0.5},
    "t\u00e9l\u00e9m\u00e9trie": true,
    "grafanaUrl": "https://grafana.example"
}"#;

#[test]
fn unlisted_keys_go_to_extra_at_every_level_and_listed_ones_do_not() {
    let db: Database = serde_json::from_str(DATABASE).expect("decodes");
    assert_eq!(db.id, "8c1f2e4a-6b3d-4f5e-9a7c-0d2b4e6f8a1c");
    assert_eq!(db.org_id, "7142ac2f-1283-4dd5-9566-a3707d4c2f3b");
    assert_eq!(db.grafana_url.as_deref(), Some("https://grafana.example"));
    assert_eq!(db.available_actions[0], DatabaseAvailableActionsItem::Park);
    let mut keys: Vec<&str> = db.extra.keys().map(String::as_str).collect();
    keys.sort_unstable();
    // A key written with escapes is kept as the text it stands for.
    assert_eq!(keys, ["cost", "télémétrie"]);
    assert_eq!(db.extra["cost"]["costPerMinCents"], 0.5);
    assert_eq!(db.info.extra["plan"], "pay-as-you-go");
    assert!(!db.info.extra.contains_key("region"));
}

#[test]
fn every_input_form_decodes_alike() {
    let borrowed: Database = serde_json::from_str(DATABASE).expect("from text");
    let owned: Database = serde_json::from_reader(DATABASE.as_bytes()).expect("from a reader");
    let value: serde_json::Value = serde_json::from_str(DATABASE).expect("a value");
    let from_value: Database = serde_json::from_value(value).expect("from a value");
    assert_eq!(borrowed, owned);
    assert_eq!(borrowed, from_value);
}

/// Writing it out and reading it back keeps everything, the unlisted fields included (a
/// response type encodes only with `full-serde`).
#[cfg(feature = "full-serde")]
#[test]
fn it_round_trips_with_the_unlisted_fields() {
    let borrowed: Database = serde_json::from_str(DATABASE).expect("from text");
    let value: serde_json::Value = serde_json::from_str(DATABASE).expect("a value");
    let again: Database =
        serde_json::from_value(serde_json::to_value(&borrowed).expect("encodes")).expect("reads");
    assert_eq!(again, borrowed);
    assert_eq!(
        serde_json::to_value(&again).expect("encodes")["cost"],
        value["cost"]
    );
}

#[test]
fn a_repeated_listed_key_is_an_error_and_a_repeated_unlisted_one_keeps_the_last() {
    let e = serde_json::from_str::<Database>(r#"{"id": "a", "id": "b"}"#).expect_err("twice");
    assert!(e.to_string().contains("duplicate field `id`"), "{e}");
    let db: Database =
        serde_json::from_str(r#"{"cost": 1, "cost": 2}"#).expect("an unlisted key twice");
    assert_eq!(db.extra["cost"], 2);
}

#[test]
fn a_value_that_is_not_an_object_names_the_type() {
    for body in ["[]", "\"db\"", "3"] {
        let e = serde_json::from_str::<Database>(body).expect_err(body);
        assert!(
            e.to_string().contains("expected struct Database"),
            "{body}: {e}"
        );
    }
    // A listed field of the wrong type is still an error, at its place in the text.
    let e = serde_json::from_str::<Database>(r#"{"availableActions": 3}"#).expect_err("a number");
    assert!(e.to_string().contains("expected a sequence"), "{e}");
    assert!(e.to_string().contains("column 22"), "{e}");
}

#[test]
fn typed_extra_values_decode_as_their_type() {
    // Aiven's service types are keyed by type; a type this spec does not list still decodes
    // as service type information.
    let body = r#"{
        "kafka": {"description": "Apache Kafka", "service_plans": []},
        "pinot": {"description": "Apache Pinot", "latest_available_version": "8", "service_plans": null}
    }"#;
    let types: ServiceTypesResponseServiceTypes = serde_json::from_str(body).expect("decodes");
    assert_eq!(types.kafka.expect("kafka").description, "Apache Kafka");
    let pinot = &types.extra["pinot"];
    assert_eq!(pinot.description, "Apache Pinot");
    assert_eq!(pinot.latest_available_version.as_deref(), Some("8"));
    assert!(pinot.service_plans.is_empty());
    let e = serde_json::from_str::<ServiceTypesResponseServiceTypes>(r#"{"pinot": 3}"#)
        .expect_err("not an object");
    assert!(
        e.to_string()
            .contains("expected struct ProjectServiceTypeInfo"),
        "{e}"
    );
}
