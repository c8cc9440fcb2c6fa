//! Every poll of a waiter is a tracing event with the waiter, the attempt, the state and the
//! elapsed time; a state the spec does not list is polled on and logged as a warning. One test
//! in its own binary, so that no other test registers the callsites first.

#![cfg(feature = "astra_devops")]

mod support;

use std::time::Duration;

use datacloud::astra_devops::{types::DatabaseStatus, Client};
use support::capture::Capture;
use support::clients::client;
use support::{json, serve, Action};
use tracing_subscriber::layer::SubscriberExt;

const ID: &str = "3ed83de7-d97f-4fb6-bf9f-82e9f7eafa23";

fn database(status: &str) -> Action {
    json(
        200,
        &format!(
            r#"{{"id":"{ID}","orgId":"organizations/7142-1283-54249566-3707","ownerId":"users/8243-2404-85664728-0889",
            "info":{{"name":"orders","keyspace":"orders","cloudProvider":"GCP","tier":"serverless","capacityUnits":1,"region":"us-east1"}},
            "status":"{status}","message":""}}"#
        ),
    )
}

#[tokio::test]
async fn an_unknown_state_is_polled_on_and_logged() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let s = serve(vec![
        database("PENDING"),
        database("WARMING_UP"),
        database("ACTIVE"),
    ])
    .await;
    let db = client::<Client>(&s.url)
        .wait_until_database_active(ID)
        .poll_interval(Duration::from_millis(1))
        .await
        .expect("an unknown state is not a failure");
    assert_eq!(db.status, DatabaseStatus::Active);
    let lines = capture.lines().join("\n");
    let warning = lines
        .lines()
        .find(|l| l.starts_with("event WARN") && l.contains("not one the spec lists"))
        .unwrap_or_else(|| panic!("no warning about the unknown state:\n{lines}"));
    assert!(warning.contains("state=WARMING_UP"), "{warning}");
    let polls: Vec<&str> = lines
        .lines()
        .filter(|l| l.starts_with("event INFO") && l.contains("message=poll "))
        .collect();
    assert_eq!(polls.len(), 3, "{lines}");
    for (i, (poll, state)) in polls
        .iter()
        .zip(["PENDING", "WARMING_UP", "ACTIVE"])
        .enumerate()
    {
        for field in [
            "waiter=\"wait_until_database_active\"".to_string(),
            format!("attempt={}", i + 1),
            format!("state={state}"),
            "elapsed_ms=".to_string(),
        ] {
            assert!(poll.contains(&field), "{poll} lacks {field}");
        }
    }
}
