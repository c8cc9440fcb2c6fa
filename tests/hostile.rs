//! The runtime against a hostile server on 127.0.0.1: every case ends in a typed error or a
//! correct value, never a panic, and never a hang past the configured timeout; retries are
//! counted.

#![cfg(all(feature = "instaclustr", feature = "astra_devops"))]

mod support;

use std::time::{Duration, Instant};

use datacloud::runtime::{Credentials, ErrorKind, RetryPolicy};
use datacloud::{astra_devops, instaclustr};
use support::{http, json, serve, Action};

const KEY: &str = "s3cr3t-provisioning-key";
const TOKEN: &str = "AstraCS:very-secret-token";
const CLUSTER: &str = "ba74ca2b-7fc0-4487-a9d8-037823144753";
const OK: &str = r#"{"id": "77b5a4e1-c422-4a78-b551-d8fa5c42ad95", "name": "example-cluster", "clusterDataCentres": []}"#;

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_millis(40))
}

fn insta(url: &str) -> instaclustr::Client {
    instaclustr::Client::builder()
        .base_url(url)
        .credentials(Credentials::basic("ops", KEY))
        .timeout(Duration::from_millis(500))
        .retry(fast_retries())
        .build()
        .expect("client")
}

fn cluster() -> uuid::Uuid {
    CLUSTER.parse().expect("uuid")
}

#[tokio::test]
async fn json_with_a_wrong_content_type_still_decodes() {
    let s = serve(vec![http(
        200,
        &[("content-type", "text/plain")],
        OK.as_bytes(),
    )])
    .await;
    let r = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .expect("decodes");
    assert_eq!(r.name.as_deref(), Some("example-cluster"));
    assert_eq!(r.attempts(), 1);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let s = serve(vec![json(200, r#"{"id": "77b5a4e1-c4"#)]).await;
    let e = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Decode { .. }), "{e:?}");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(e.attempts(), 1);
}

#[tokio::test]
async fn an_html_page_with_200_is_a_decode_error_naming_the_content_type() {
    let s = serve(vec![http(
        200,
        &[("content-type", "text/html")],
        b"<html><body>maintenance</body></html>",
    )])
    .await;
    let e = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Decode { .. }));
    assert!(e.to_string().contains("text/html"), "{e}");
}

#[tokio::test]
async fn an_html_502_is_retried_then_a_typed_api_error() {
    let s = serve(vec![http(
        502,
        &[("content-type", "text/html")],
        b"<html><h1>502 Bad Gateway</h1></html>",
    )])
    .await;
    let e = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    let api = e.api_error().expect("an API error");
    assert_eq!(api.status.as_u16(), 502);
    assert!(api.body.is_none(), "an HTML page is not the error envelope");
    assert!(api.snippet.contains("502 Bad Gateway"));
    assert_eq!(e.attempts(), 4);
    assert_eq!(s.requests().len(), 4);
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after_seconds() {
    let s = serve(vec![
        json(429, r#"{"status":429,"message":"Too many requests"}"#)
            .with_header("retry-after", "1"),
        json(200, OK),
    ])
    .await;
    let started = Instant::now();
    let r = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .expect("second attempt succeeds");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(r.attempts(), 2);
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after_date() {
    let when = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let s = serve(vec![
        json(429, "{}").with_header("retry-after", &when),
        json(200, OK),
    ])
    .await;
    let started = Instant::now();
    let r = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .expect("second attempt succeeds");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(r.attempts(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_is_not_waited_for() {
    let s = serve(vec![json(429, "{}").with_header("retry-after", "3600")]).await;
    let started = Instant::now();
    let e = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(
        e.api_error().and_then(|a| a.retry_after),
        Some(Duration::from_secs(3600))
    );
    assert_eq!(e.attempts(), 1);
}

#[tokio::test]
async fn service_unavailable_twice_then_ok() {
    let s = serve(vec![json(503, "{}"), json(503, "{}"), json(200, OK)]).await;
    let r = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .expect("third attempt succeeds");
    assert_eq!(r.attempts(), 3);
}

#[tokio::test]
async fn a_connection_reset_is_retried() {
    let s = serve(vec![Action::Reset, json(200, OK)]).await;
    let r = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .expect("second attempt succeeds");
    assert_eq!(r.attempts(), 2);
}

#[tokio::test]
async fn resets_every_time_end_in_a_transport_error() {
    let s = serve(vec![Action::Reset]).await;
    let e = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Transport { .. }), "{e:?}");
    assert_eq!(e.attempts(), 4);
}

#[tokio::test]
async fn headers_that_never_come_time_out() {
    let s = serve(vec![Action::Hang]).await;
    let client = instaclustr::Client::builder()
        .base_url(&s.url)
        .credentials(Credentials::basic("ops", KEY))
        .timeout(Duration::from_millis(200))
        .retry(fast_retries().with_max_attempts(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(e.is_timeout(), "{e:?}");
    assert_eq!(e.attempts(), 2);
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_millis(1500),
        "took {took:?}"
    );
}

#[tokio::test]
async fn a_ten_megabyte_body_decodes_and_a_limit_stops_it() {
    let item = r#"{"id":"0b8d2cf6-4a5c-4a5e-9c7b-2f8fd0b7a1d4","name":"AWS_VPC_US_EAST_1","nodes":["a","b","c"]}"#;
    let n = 10 * 1024 * 1024 / item.len() + 1;
    let body = format!(
        r#"{{"id":"77b5a4e1-c422-4a78-b551-d8fa5c42ad95","name":"big","clusterDataCentres":[{}]}}"#,
        vec![item; n].join(",")
    );
    assert!(body.len() > 10 * 1024 * 1024);
    let s = serve(vec![json(200, &body)]).await;
    let r = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .expect("decodes");
    assert_eq!(r.cluster_data_centres.len(), n);

    let s = serve(vec![json(200, &body)]).await;
    let small = instaclustr::Client::builder()
        .base_url(&s.url)
        .credentials(Credentials::basic("ops", KEY))
        .max_body_bytes(1024 * 1024)
        .build()
        .unwrap();
    let e = small
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::TooLarge { limit } if *limit == 1024 * 1024),
        "{e:?}"
    );
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error() {
    let mut body = br#"{"id":"77b5a4e1-c422-4a78-b551-d8fa5c42ad95","name":""#.to_vec();
    body.extend_from_slice(&[0xff, 0xfe, 0x80]);
    body.extend_from_slice(br#""}"#);
    let s = serve(vec![http(
        200,
        &[("content-type", "application/json")],
        &body,
    )])
    .await;
    let e = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Decode { .. }), "{e:?}");
}

#[tokio::test]
async fn an_empty_body_where_json_is_expected_is_a_decode_error() {
    let s = serve(vec![http(
        200,
        &[("content-type", "application/json")],
        b"",
    )])
    .await;
    let e = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Decode { .. }), "{e:?}");
    assert!(e.to_string().contains("empty body"), "{e}");
}

#[tokio::test]
async fn credentials_are_not_sent_on_to_another_host() {
    let other = serve(vec![json(200, OK)]).await;
    let location = format!(
        "{}/provisioning/v1/{CLUSTER}/backups",
        other.url.replace("127.0.0.1", "localhost")
    );
    let first = serve(vec![http(307, &[("location", &location)], b"")]).await;
    let r = insta(&first.url)
        .list_cluster_backup_events(&cluster())
        .await
        .expect("follows the redirect");
    assert_eq!(r.name.as_deref(), Some("example-cluster"));
    let first_head = first.requests().join("\n").to_ascii_lowercase();
    let other_head = other.requests().join("\n").to_ascii_lowercase();
    assert!(
        first_head.contains("authorization: basic"),
        "the API's own host gets credentials"
    );
    assert!(
        !other_head.contains("authorization"),
        "another host must not: {other_head}"
    );
}

#[tokio::test]
async fn a_redirect_on_the_same_host_keeps_credentials() {
    let s = serve(vec![
        http(308, &[("location", "/moved/backups")], b""),
        json(200, OK),
    ])
    .await;
    insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .expect("follows");
    let reqs = s.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs[1].starts_with("GET /moved/backups"));
    assert!(reqs[1]
        .to_ascii_lowercase()
        .contains("authorization: basic"));
}

#[tokio::test]
async fn a_redirect_loop_is_an_error() {
    let s = serve(vec![http(302, &[("location", "/again")], b"")]).await;
    let e = insta(&s.url)
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Redirect { .. }), "{e:?}");
}

#[tokio::test]
async fn post_is_not_retried_unless_the_caller_opts_in() {
    let s = serve(vec![
        json(503, r#"{"message":"Backup capability is not available"}"#),
        json(503, "{}"),
        http(204, &[], b""),
    ])
    .await;
    let e = insta(&s.url)
        .trigger_cluster_backup(&cluster())
        .await
        .unwrap_err();
    assert_eq!(e.attempts(), 1);
    assert_eq!(
        e.api_error().map(|a| a.message.as_str()),
        Some("Backup capability is not available")
    );

    let s = serve(vec![json(503, "{}"), json(503, "{}"), http(204, &[], b"")]).await;
    let opted_in = instaclustr::Client::builder()
        .base_url(&s.url)
        .credentials(Credentials::basic("ops", KEY))
        .retry(fast_retries().with_retry_non_idempotent(true))
        .build()
        .unwrap();
    let r = opted_in
        .trigger_cluster_backup(&cluster())
        .await
        .expect("third attempt succeeds");
    assert_eq!(r.attempts(), 3);
    assert_eq!(r.status().as_u16(), 204);
}

fn astra(url: &str) -> astra_devops::Client {
    astra_devops::Client::builder()
        .base_url(url)
        .credentials(Credentials::token(TOKEN))
        .retry(fast_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn messy_live_payloads_decode() {
    // Unlisted enum values, an empty status, unknown fields, null where a string is promised,
    // `pending` URLs and the zero time of a database that was never terminated.
    let body = r#"{
        "id": "3ed83de7-d97f-4fb6-bf9f-82e9f7eafa23",
        "orgId": null,
        "ownerId": "7142ac2f-1283-4dd5-9566-a3707d4c2f3b",
        "status": "RESIZING_LATER",
        "availableActions": ["park", "someNewAction"],
        "terminationTime": "0001-01-01T00:00:00Z",
        "grafanaUrl": "pending",
        "brandNewField": {"nested": [1, 2, 3]}
    }"#;
    let s = serve(vec![json(200, body)]).await;
    let db = astra(&s.url)
        .get_database("3ed83de7-d97f-4fb6-bf9f-82e9f7eafa23")
        .await
        .expect("decodes")
        .into_inner();
    match &db.status {
        astra_devops::types::DatabaseStatus::Unlisted(v) => {
            assert_eq!(v.as_str(), "RESIZING_LATER")
        }
        other => panic!("expected the unlisted value to be kept, got {other:?}"),
    }
    assert_eq!(db.org_id, "");
    assert!(
        db.extra.contains_key("brandNewField"),
        "unknown fields are kept in `extra`"
    );
    // `availableActions` is an enum now: the unlisted action is kept as its unknown variant.
    assert!(db
        .available_actions
        .iter()
        .any(|a| a.to_string() == "someNewAction"));

    // The spec lists the empty status of an initialising database; an empty string in an enum
    // that does not list it is kept as an unlisted value.
    let s = serve(vec![json(
        200,
        r#"{"id": "x", "status": "", "info": {"cloudProvider": ""}}"#,
    )])
    .await;
    let db = astra(&s.url)
        .get_database("x")
        .await
        .expect("decodes")
        .into_inner();
    assert_eq!(db.status, astra_devops::types::DatabaseStatus::Empty);
    let provider = db.info.cloud_provider;
    assert!(
        matches!(&provider, astra_devops::types::DatabaseInfoCloudProvider::Unknown(v) if v.as_str().is_empty()),
        "{provider:?}"
    );
}

#[tokio::test]
async fn astra_errors_decode_with_their_id_and_request_id() {
    let s = serve(vec![http(
        404,
        &[
            ("content-type", "application/json"),
            ("x-request-id", "req-123"),
        ],
        br#"{"errors":[{"ID":340002,"message":"Database not found"}]}"#,
    )])
    .await;
    let e = astra(&s.url).get_database("nope").await.unwrap_err();
    let api = e.api_error().expect("api error");
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.code.as_deref(), Some("340002"));
    assert_eq!(api.request_id.as_deref(), Some("req-123"));
    let envelope = api.body.as_ref().expect("envelope decodes");
    assert_eq!(envelope.errors.len(), 1);
    let line = e.to_string();
    assert_eq!(line, "astra_devops.get_database: HTTP 404 Not Found: Database not found (code 340002, request id req-123)");
    assert!(!line.contains('\n'));
}

#[tokio::test]
async fn created_database_id_comes_from_location() {
    let s = serve(vec![http(
        201,
        &[(
            "location",
            "https://api.astra.datastax.com/v2/databases/3ed83de7-d97f-4fb6-bf9f-82e9f7eafa23",
        )],
        b"",
    )])
    .await;
    use astra_devops::types::{
        DatabaseInfoRequest, DatabaseInfoRequestCloudProvider, DatabaseInfoRequestTier,
    };
    let body = DatabaseInfoRequest::new(
        std::num::NonZeroU64::MIN,
        DatabaseInfoRequestCloudProvider::Gcp,
        "db",
        "us-east1",
        DatabaseInfoRequestTier::Serverless,
    )
    .with_keyspace("ks");
    let r = astra(&s.url).create_database(&body).await.expect("created");
    assert_eq!(r.status().as_u16(), 201);
    assert_eq!(
        r.location_id(),
        Some("3ed83de7-d97f-4fb6-bf9f-82e9f7eafa23")
    );
}

#[tokio::test]
async fn secrets_never_show() {
    let s = serve(vec![json(
        401,
        r#"{"status":401,"message":"Not Authorized"}"#,
    )])
    .await;
    let client = insta(&s.url);
    let e = client
        .list_cluster_backup_events(&cluster())
        .await
        .unwrap_err();
    for text in [
        format!("{client:?}"),
        format!("{e}"),
        format!("{e:?}"),
        format!("{:?}", Credentials::basic("ops", KEY)),
        format!(
            "{:?}",
            instaclustr::Client::builder().credentials(Credentials::basic("ops", KEY))
        ),
    ] {
        assert!(!text.contains(KEY), "secret leaked: {text}");
        assert!(
            !text.contains("b3BzOnMzY3IzdC"),
            "encoded secret leaked: {text}"
        );
    }
    let a = astra(&s.url);
    assert!(!format!("{a:?}").contains("very-secret"));
}

#[tokio::test]
async fn from_env_reads_the_documented_variables() {
    // Only this test touches these variables.
    std::env::remove_var("INSTACLUSTR_USERNAME");
    std::env::remove_var("INSTACLUSTR_API_KEY");
    let e = instaclustr::Client::from_env().unwrap_err();
    assert!(e.to_string().contains("INSTACLUSTR_USERNAME"), "{e}");
    std::env::set_var("INSTACLUSTR_USERNAME", "ops");
    std::env::set_var("INSTACLUSTR_API_KEY", KEY);
    let c = instaclustr::Client::from_env().expect("configured");
    assert_eq!(c.base_url(), "https://api.instaclustr.com");
}
