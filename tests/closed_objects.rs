//! Closed response objects (no `extra`) decode through a generated visitor rather than serde's
//! derive: each key read as the index of the field it names, an unlisted key's value skipped.
//! These pin what the derive did and a caller relies on, and the one thing it did that a JSON
//! response never needs: a struct written as an array is now an error.

#![cfg(feature = "astra_devops")]

use datacloud::astra_devops::types::Storage;

const STORAGE: &str = r#"{
    "n\u006fdeCount": 3,
    "replicationFactor": 3,
    "totalStorage": 20,
    "usedStorage": null,
    "mystery": {"deep": [1, {"x": "y"}], "s": "\"quoted\""},
    "displayStorage": 10
}"#;

#[test]
fn unlisted_keys_are_skipped_and_escaped_keys_still_match() {
    let s: Storage = serde_json::from_str(STORAGE).expect("decodes");
    assert_eq!(s.node_count, 3);
    assert_eq!(s.replication_factor, 3);
    assert_eq!(s.total_storage, 20);
    assert_eq!(s.display_storage, Some(10));
    assert_eq!(s.used_storage, None);
}

#[test]
fn every_input_form_decodes_alike() {
    let from_str: Storage = serde_json::from_str(STORAGE).expect("str");
    let from_slice: Storage = serde_json::from_slice(STORAGE.as_bytes()).expect("slice");
    let from_reader: Storage = serde_json::from_reader(STORAGE.as_bytes()).expect("reader");
    let value: serde_json::Value = serde_json::from_str(STORAGE).expect("value");
    let from_value: Storage = serde_json::from_value(value).expect("from value");
    assert_eq!(from_str, from_slice);
    assert_eq!(from_str, from_reader);
    assert_eq!(from_str, from_value);
}

/// A response type encodes only with `full-serde`.
#[cfg(feature = "full-serde")]
#[test]
fn it_round_trips() {
    let from_str: Storage = serde_json::from_str(STORAGE).expect("str");
    let again: Storage = serde_json::from_value(serde_json::to_value(&from_str).unwrap()).unwrap();
    assert_eq!(again, from_str);
}

#[test]
fn a_missing_or_null_required_field_is_its_default() {
    let s: Storage = serde_json::from_str(r#"{"nodeCount": null, "totalStorage": 5}"#).unwrap();
    assert_eq!(
        (s.node_count, s.replication_factor, s.total_storage),
        (0, 0, 5)
    );
    let s: Storage = serde_json::from_str("{}").unwrap();
    assert_eq!(s, Storage::default());
}

#[test]
fn a_repeated_key_and_a_wrong_type_are_errors_that_name_the_field() {
    let e = serde_json::from_str::<Storage>(r#"{"nodeCount": 1, "nodeCount": 2}"#).unwrap_err();
    assert!(e.to_string().contains("duplicate field `nodeCount`"), "{e}");
    let e = serde_json::from_str::<Storage>(r#"{"nodeCount": "three"}"#).unwrap_err();
    assert!(
        e.to_string().contains("invalid type: string \"three\""),
        "{e}"
    );
}

#[test]
fn a_value_that_is_not_an_object_names_the_type() {
    for text in ["[3, 3, 20]", "\"storage\"", "7", "true"] {
        let e = serde_json::from_str::<Storage>(text).unwrap_err();
        assert!(
            e.to_string().contains("expected struct Storage"),
            "{text}: {e}"
        );
    }
}
