//! Client error correction: a required response field the server leaves out or sends as
//! `null` decodes to its type's default, with a debug event naming the type and the field,
//! instead of failing the whole response. Optional lists and maps take `null` as empty.

#![cfg(all(feature = "astra_devops", feature = "aiven"))]

mod support;

use datacloud::astra_devops::{self, types::DatabaseStatus};
use support::capture::Capture;
use support::{json, serve};
use tracing_subscriber::layer::SubscriberExt;

/// Held by each test: both emit the correction events, and a callsite that one thread
/// registers while another is installing its scoped subscriber can keep a stale "never"
/// interest (a race in `tracing`), which lost the events under load.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test]
async fn missing_and_null_required_fields_get_their_defaults() {
    let _one = ONE_AT_A_TIME.lock().await;
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    // No `id`, no `orgId`, `status: null`, `info` without `name` and `tier: null`,
    // `availableActions: null`: a database in the middle of being created, as seen live.
    let body = r#"{"ownerId": "u1", "status": null, "availableActions": null,
        "info": {"cloudProvider": "GCP", "region": "us-east1", "tier": null, "capacityUnits": null},
        "someNewField": 3}"#;
    let s = serve(vec![json(200, body)]).await;
    let client: astra_devops::Client = support::clients::client(&s.url);
    let db = client
        .get_database("db-1")
        .await
        .expect("the response decodes");
    assert_eq!(db.id, "");
    assert_eq!(db.org_id, "");
    assert_eq!(db.owner_id, "u1");
    assert!(
        matches!(&db.status, DatabaseStatus::Unlisted(v) if v.as_str().is_empty()),
        "{:?}",
        db.status
    );
    assert!(db.available_actions.is_empty());
    assert_eq!(db.info.name, "");
    assert_eq!(db.info.region, "us-east1");
    assert_eq!(db.info.capacity_units, 0);
    let events: Vec<String> = capture
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("event DEBUG") && l.contains("required field"))
        .collect();
    for (ty, field) in [
        ("Database", "id"),
        ("Database", "status"),
        ("DatabaseInfo", "name"),
        ("DatabaseInfo", "tier"),
    ] {
        assert!(
            events.iter().any(|e| e.contains(&format!("type=\"{ty}\""))
                && e.contains(&format!("field=\"{field}\""))),
            "no event for {ty}.{field}: {events:#?}"
        );
    }
}

#[test]
fn a_required_struct_field_missing_is_its_default() {
    let _one = ONE_AT_A_TIME.blocking_lock();
    // Aiven's service: `service` is required in the envelope; its own required fields too.
    let v: datacloud::aiven::types::ServiceInfoResponse =
        serde_json::from_str(r#"{"service": {"service_name": "pg-1", "state": "RUNNING"}}"#)
            .expect("decodes");
    assert_eq!(v.service.service_name, "pg-1");
    assert_eq!(v.service.plan, "");
    assert_eq!(v.service.node_states.len(), 0);
    let v: datacloud::aiven::types::ServiceInfoResponse =
        serde_json::from_str("{}").expect("decodes");
    assert_eq!(v.service.service_name, "");
}
