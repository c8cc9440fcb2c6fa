//! Waiters against a scripted server on 127.0.0.1 that serves a resource's states in sequence:
//! success after several states, a state the spec does not list, failure states, the
//! deadline, transient errors between polls, 404 as success and 404 before a resource is
//! visible. Tests pass millisecond delays, so each takes well under a second. What a wait
//! traces is in `waiter_tracing.rs` (a binary of its own, as tracing's callsite cache is
//! shared by the tests of one binary).

#![cfg(feature = "astra_devops")]

mod support;

use std::time::Duration;

use datacloud::astra_devops::{types::DatabaseStatus, Client};
use datacloud::runtime::{Observed, RetryPolicy, WaitErrorKind};
use futures_util::StreamExt;
use support::clients::{builder, client};
use support::{json, serve, Action};

const ID: &str = "3ed83de7-d97f-4fb6-bf9f-82e9f7eafa23";
const MS: fn(u64) -> Duration = Duration::from_millis;

/// "Finds database by ID" as Astra answers it, in `status`, with the database's `message`.
fn database(status: &str, message: &str) -> Action {
    json(
        200,
        &format!(
            r#"{{"id":"{ID}","orgId":"organizations/7142-1283-54249566-3707","ownerId":"users/8243-2404-85664728-0889",
            "info":{{"name":"orders","keyspace":"orders","cloudProvider":"GCP","tier":"serverless","capacityUnits":1,"region":"us-east1"}},
            "creationTime":"2024-05-14T09:21:37Z","terminationTime":"0001-01-01T00:00:00Z","status":"{status}",
            "storage":{{"nodeCount":3,"replicationFactor":1,"totalStorage":5}},"availableActions":["park","terminate"],
            "message":"{message}","grafanaUrl":"pending","cqlshUrl":"pending","graphqlUrl":"pending","dataEndpointUrl":"pending"}}"#
        ),
    )
}

fn not_found() -> Action {
    json(
        404,
        r#"{"errors":[{"ID":2000073,"message":"database not found"}]}"#,
    )
}

/// A client for `s` with no runtime retries (each poll is one request), unless a test says.
fn astra(url: &str) -> Client {
    client::<Client>(url)
}

#[tokio::test]
async fn success_after_several_states() {
    let s = serve(vec![
        database("", ""),
        database("INITIALIZING", ""),
        database("PENDING", ""),
        database("ACTIVE", ""),
    ])
    .await;
    let db = astra(&s.url)
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .await
        .expect("the database becomes active");
    assert_eq!(db.status, DatabaseStatus::Active);
    assert_eq!(db.id, ID);
    let requests = s.requests();
    assert_eq!(requests.len(), 4, "one request per poll: {requests:?}");
    assert!(requests
        .iter()
        .all(|r| r.starts_with(&format!("GET /v2/databases/{ID} "))));
}

#[tokio::test]
async fn a_failure_state_ends_the_wait_with_the_resource_message() {
    let s = serve(vec![
        database("PENDING", ""),
        database("ERROR", "Database creation failed: no capacity in us-east1"),
        database("ACTIVE", ""),
    ])
    .await;
    let e = astra(&s.url)
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .await
        .expect_err("ERROR is a failure state");
    match e.kind() {
        WaitErrorKind::Failed { state, message } => {
            assert_eq!(state, &Observed::State("ERROR".into()));
            assert_eq!(
                message.as_deref(),
                Some("Database creation failed: no capacity in us-east1")
            );
        }
        other => panic!("expected a failure state, got {other:?}"),
    }
    assert_eq!(e.polls(), 2);
    assert_eq!(s.requests().len(), 2, "no poll after the failure state");
    let text = e.to_string();
    assert!(
        text.starts_with("astra_devops.wait_until_database_active: reached the failure state ERROR: Database creation failed"),
        "{text}"
    );
}

#[tokio::test]
async fn the_deadline_ends_the_wait_with_the_last_state() {
    let s = serve(vec![database("PENDING", "Waiting for capacity")]).await;
    let e = astra(&s.url)
        .wait_until_database_active(ID)
        .poll_interval(MS(2))
        .max_wait(MS(60))
        .await
        .expect_err("the database never becomes active");
    match e.kind() {
        WaitErrorKind::TimedOut {
            after,
            last,
            message,
            last_error,
        } => {
            assert_eq!(*after, MS(60));
            assert_eq!(last, &Some(Observed::State("PENDING".into())));
            assert_eq!(message.as_deref(), Some("Waiting for capacity"));
            assert!(last_error.is_none());
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(e.is_timeout());
    assert!(e.polls() >= 2, "polled more than once: {}", e.polls());
    assert_eq!(s.requests().len() as u32, e.polls());
}

#[tokio::test]
async fn transient_errors_between_polls_are_polled_past() {
    let s = serve(vec![
        database("PENDING", ""),
        json(503, r#"{"errors":[{"message":"service unavailable"}]}"#),
        json(429, r#"{"errors":[{"message":"rate limited"}]}"#).with_header("retry-after", "0"),
        database("ACTIVE", ""),
    ])
    .await;
    let db = astra(&s.url)
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .await
        .expect("503 and 429 are transient");
    assert_eq!(db.status, DatabaseStatus::Active);
    assert_eq!(s.requests().len(), 4);
}

#[tokio::test]
async fn the_runtime_retries_inside_a_poll_come_first() {
    let s = serve(vec![
        database("PENDING", ""),
        json(429, r#"{"errors":[{"message":"rate limited"}]}"#).with_header("retry-after", "0"),
        database("ACTIVE", ""),
    ])
    .await;
    let astra: Client = builder::<Client>(&s.url)
        .retry(RetryPolicy::default().with_initial_backoff(MS(1)))
        .build()
        .unwrap();
    let db = astra
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .await
        .expect("the runtime retries the 429 within the second poll");
    assert_eq!(db.status, DatabaseStatus::Active);
    assert_eq!(db.attempts(), 2, "the last poll took two attempts");
}

/// A `Retry-After` longer than what is left of the wait is not slept: neither the runtime's
/// retry inside the poll nor the waiter goes past the deadline, and the wait times out at once
/// rather than poll against the server's wish (the script's ACTIVE answer is never asked for).
#[tokio::test]
async fn a_retry_after_beyond_the_deadline_ends_the_wait_at_the_deadline() {
    let s = serve(vec![
        database("PENDING", ""),
        json(429, r#"{"errors":[{"message":"rate limited"}]}"#).with_header("retry-after", "30"),
        database("ACTIVE", ""),
    ])
    .await;
    let astra: Client = builder::<Client>(&s.url)
        .retry(RetryPolicy::default().with_initial_backoff(MS(1)))
        .build()
        .unwrap();
    let e = astra
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .max_wait(MS(100))
        .await
        .expect_err("the server asks for more time than is left");
    match e.kind() {
        WaitErrorKind::TimedOut {
            last, last_error, ..
        } => {
            assert_eq!(last, &Some(Observed::State("PENDING".into())));
            let status = last_error.as_ref().and_then(|e| e.status());
            assert_eq!(status.map(|s| s.as_u16()), Some(429));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(s.requests().len(), 2, "no request after the 429");
}

#[tokio::test]
async fn a_request_that_fails_for_good_ends_the_wait() {
    let s = serve(vec![
        database("PENDING", ""),
        json(401, r#"{"errors":[{"ID":401,"message":"token expired"}]}"#),
    ])
    .await;
    let e = astra(&s.url)
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .await
        .expect_err("401 is not transient");
    let request = e.request_error().expect("the poll's own error");
    assert_eq!(request.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(request.operation(), "get_database");
    assert!(e.to_string().contains("token expired"), "{e}");
}

#[tokio::test]
async fn a_404_is_success_when_waiting_for_termination() {
    let s = serve(vec![
        database("TERMINATING", ""),
        database("TERMINATING", ""),
        not_found(),
    ])
    .await;
    let gone = astra(&s.url)
        .wait_until_database_terminated(ID)
        .poll_interval(MS(1))
        .await
        .expect("404 means terminated");
    assert!(gone.is_none(), "no body when the database is gone");
    assert_eq!(s.requests().len(), 3);
}

#[tokio::test]
async fn terminated_in_the_body_is_success_too() {
    let s = serve(vec![
        database("TERMINATING", ""),
        database("TERMINATED", ""),
    ])
    .await;
    let db = astra(&s.url)
        .wait_until_database_terminated(ID)
        .poll_interval(MS(1))
        .await
        .expect("TERMINATED is success");
    assert_eq!(db.expect("a body").status, DatabaseStatus::Terminated);
}

#[tokio::test]
async fn a_404_right_after_creation_is_polled_past() {
    let s = serve(vec![
        not_found(),
        not_found(),
        database("PENDING", ""),
        database("ACTIVE", ""),
    ])
    .await;
    let db = astra(&s.url)
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .await
        .expect("the database becomes visible, then active");
    assert_eq!(db.status, DatabaseStatus::Active);
    assert_eq!(s.requests().len(), 4);
}

#[tokio::test]
async fn a_404_after_the_grace_period_is_an_error() {
    let s = serve(vec![not_found()]).await;
    let e = astra(&s.url)
        .wait_until_database_active(ID)
        .poll_interval(MS(2))
        .not_found_grace(MS(20))
        .max_wait(Duration::from_secs(5))
        .await
        .expect_err("a database that never appears");
    let request = e.request_error().expect("the 404 itself");
    assert_eq!(request.status().map(|s| s.as_u16()), Some(404));
    assert!(
        e.polls() >= 2,
        "404s within the grace period were polled past"
    );
}

#[tokio::test]
async fn the_stream_yields_every_poll_and_ends_after_success() {
    let s = serve(vec![
        database("PENDING", ""),
        not_found(),
        database("INITIALIZING", ""),
        database("ACTIVE", ""),
        database("ACTIVE", ""),
    ])
    .await;
    let client = astra(&s.url);
    let states: Vec<DatabaseStatus> = client
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .stream()
        .map(|poll| poll.expect("every poll decodes").into_inner().status)
        .collect()
        .await;
    assert_eq!(
        states,
        [
            DatabaseStatus::Pending,
            DatabaseStatus::Initializing,
            DatabaseStatus::Active
        ]
    );
    assert_eq!(s.requests().len(), 4, "no poll after the success");
}

#[tokio::test]
async fn the_stream_ends_with_the_failure() {
    let s = serve(vec![database("PENDING", ""), database("TERMINATING", "")]).await;
    let client = astra(&s.url);
    let polls: Vec<_> = client
        .wait_until_database_active(ID)
        .poll_interval(MS(1))
        .stream()
        .collect()
        .await;
    assert_eq!(polls.len(), 2);
    assert!(polls[0].is_ok());
    let e = polls[1].as_ref().expect_err("the failure is the last item");
    assert_eq!(
        e.failure_state(),
        Some(&Observed::State("TERMINATING".into()))
    );
}

#[cfg(feature = "aiven")]
mod aiven {
    use super::*;
    use datacloud::aiven;

    fn service(state: &str) -> Action {
        json(
            200,
            &format!(
                r#"{{"errors":[],"message":"Completed","service":{{"cloud_name":"google-europe-west1",
                "create_time":"2024-05-14T09:21:37Z","plan":"startup-4","service_name":"pg-3b8d4ed6",
                "service_type":"pg","state":"{state}","termination_protection":true,"group_list":[],
                "service_integrations":[],"update_time":"2024-05-14T09:21:37Z","user_config":{{}}}}}}"#
            ),
        )
    }

    #[tokio::test]
    async fn service_running_reads_the_nested_state() {
        let s = serve(vec![
            service("REBUILDING"),
            service("REBALANCING"),
            service("RUNNING"),
        ])
        .await;
        let c = client::<aiven::Client>(&s.url);
        let done = c
            .wait_until_service_running("my-project", "pg-3b8d4ed6")
            .poll_interval(MS(1))
            .await
            .expect("the service runs");
        assert_eq!(done.service.state, aiven::types::ServiceInfoState::Running);
        assert!(s.requests()[0].starts_with("GET /project/my-project/service/pg-3b8d4ed6 "));
    }

    #[tokio::test]
    async fn a_powered_off_service_is_a_failure() {
        let s = serve(vec![service("REBUILDING"), service("POWEROFF")]).await;
        let c = client::<aiven::Client>(&s.url);
        let e = c
            .wait_until_service_running("my-project", "pg-3b8d4ed6")
            .poll_interval(MS(1))
            .await
            .expect_err("POWEROFF is a failure state");
        assert_eq!(e.failure_state(), Some(&Observed::State("POWEROFF".into())));
    }
}

#[cfg(feature = "astro")]
mod astro {
    use super::*;
    use datacloud::astro;

    /// "Get a Deployment" as Astro answers it, with `status` and `statusReason`.
    fn deployment(status: &str, reason: &str) -> Action {
        json(
            200,
            &format!(
                r#"{{"airflowVersion":"2.7.2","astroRuntimeVersion":"9.1.0","cloudProvider":"AWS",
                "createdAt":"2022-11-22T04:37:12Z","createdBy":{{"id":"clm8qv74h000008mlf08scq7k","subjectType":"USER"}},
                "id":"clmh57jtm000008lb58fe2wmv","imageRepository":"images.astronomer.cloud/x/y","imageTag":"deploy-1",
                "isCicdEnforced":false,"isDagDeployEnabled":true,"name":"etl","namespace":"weightless-diameter-8927",
                "organizationId":"clmh59gt0000308lbgswe5fvh","runtimeVersion":"9.1.0","schedulerCpu":"1",
                "schedulerMemory":"1Gi","schedulerReplicas":1,"status":"{status}","statusReason":"{reason}",
                "updatedAt":"2022-11-22T04:37:12Z","updatedBy":{{"id":"clm8qv74h000008mlf08scq7k","subjectType":"USER"}},
                "webServerAirflowApiUrl":"o.astronomer.run/d/api/v1","webServerCpu":"0.5",
                "webServerIngressHostname":"c.astronomer.run/d","webServerMemory":"0.5Gi",
                "webServerUrl":"o.astronomer.run/d","workspaceId":"clmh58o7d000108lb74ktc9o64"}}"#
            ),
        )
    }

    #[tokio::test]
    async fn an_unhealthy_deployment_is_polled_until_healthy() {
        let s = serve(vec![
            deployment("CREATING", "Creating"),
            deployment("DEPLOYING", "Deploying image"),
            deployment("UNHEALTHY", "Scheduler restarting"),
            deployment("HEALTHY", "Successfully Deployed"),
        ])
        .await;
        let c = client::<astro::Client>(&s.url);
        let d = c
            .wait_until_deployment_healthy("clmh59gt0000308lbgswe5fvh", "clmh57jtm000008lb58fe2wmv")
            .poll_interval(MS(1))
            .await
            .expect("UNHEALTHY is not final");
        assert_eq!(d.status, astro::types::DeploymentStatus::Healthy);
        assert_eq!(s.requests().len(), 4);
    }

    #[tokio::test]
    async fn a_deployment_that_stays_unhealthy_times_out_with_its_reason() {
        let s = serve(vec![deployment("UNHEALTHY", "Scheduler crash looping")]).await;
        let c = client::<astro::Client>(&s.url);
        let e = c
            .wait_until_deployment_healthy("clmh59gt0000308lbgswe5fvh", "clmh57jtm000008lb58fe2wmv")
            .poll_interval(MS(2))
            .max_wait(MS(40))
            .await
            .expect_err("never healthy");
        assert!(e.is_timeout());
        let text = e.to_string();
        assert!(
            text.contains("last state UNHEALTHY: Scheduler crash looping"),
            "{text}"
        );
    }
}
