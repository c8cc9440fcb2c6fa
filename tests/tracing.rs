//! Every request runs in a `datacloud.request` span carrying the API, operation, method, path
//! template, status, attempt and latency; every retry is an event; no secret reaches tracing.

#![cfg(feature = "instaclustr")]

mod support;

use std::time::Duration;

use datacloud::instaclustr;
use datacloud::runtime::{Credentials, RetryPolicy};
use support::capture::Capture;
use support::{json, serve};
use tracing_subscriber::layer::SubscriberExt;

const KEY: &str = "tracing-secret-key";

#[tokio::test]
async fn requests_and_retries_are_traced_without_secrets() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = serve(vec![json(503, "{}"), json(200, r#"{"name":"c"}"#)]).await;
    let client = instaclustr::Client::builder()
        .base_url(&s.url)
        .credentials(Credentials::basic("ops", KEY))
        .retry(RetryPolicy::default().with_initial_backoff(Duration::from_millis(5)))
        .build()
        .unwrap();
    let id: uuid::Uuid = "ba74ca2b-7fc0-4487-a9d8-037823144753".parse().unwrap();
    client
        .list_cluster_backup_events(&id)
        .await
        .expect("second attempt succeeds");

    let lines = capture.0.lock().unwrap().join("\n");
    let span = lines
        .lines()
        .find(|l| l.starts_with("span datacloud.request"))
        .expect("a request span");
    for field in [
        "api=\"instaclustr\"",
        "operation=\"list_cluster_backup_events\"",
        "method=GET",
        "path=\"/provisioning/v1/{clusterId}/backups\"",
    ] {
        assert!(span.contains(field), "span lacks {field}: {span}");
    }
    assert!(
        lines.contains("status=503") && lines.contains("status=200"),
        "{lines}"
    );
    assert!(lines.contains("attempt=2"), "{lines}");
    assert!(lines.contains("latency_ms="), "{lines}");
    let retry = lines
        .lines()
        .find(|l| l.contains("retrying"))
        .expect("a retry event");
    assert!(
        retry.contains("attempt=1")
            && retry.contains("reason=HTTP 503")
            && retry.contains("wait_ms="),
        "{retry}"
    );
    assert!(
        !lines.contains(KEY) && !lines.to_ascii_lowercase().contains("basic "),
        "a secret reached tracing:\n{lines}"
    );
}
