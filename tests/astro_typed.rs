//! The Astro objects that are typed from Astronomer's public facts decode the payloads a live
//! server sends: nulls, unlisted enum values and fields the spec does not list. Cluster and
//! Deployment statuses are what a waiter will poll, so their values are checked one by one.

#![cfg(feature = "astro")]

use datacloud::astro::types;

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> T {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("decodes: {e}\n{body}"))
}

#[test]
fn a_cluster_carries_its_health() {
    let cluster: types::Cluster = decode(
        r#"{
            "id": "cm1k7q2zp000108l3c9d2e4f5", "name": "prod-aws", "cloudProvider": "AWS",
            "region": "us-east-2", "type": "DEDICATED", "status": "UPDATING",
            "organizationId": "cm1k7p9xa000008l3a1b2c3d4", "dbInstanceType": "db.m6g.large",
            "vpcSubnetRange": "172.20.0.0/19", "createdAt": "2025-01-15T09:00:00Z",
            "updatedAt": "2025-03-01T17:45:12Z", "tenantId": null,
            "metadata": {"externalIPs": ["3.21.0.10"], "kubeDnsIp": "10.100.0.10",
                         "oidcIssuerUrl": "https://oidc.eks.us-east-2.amazonaws.com/id/ABC123"},
            "healthStatus": {"value": "UNHEALTHY",
                             "details": [{"code": "NODE_POOL_AT_CAPACITY", "description": "A node pool cannot grow",
                                          "severity": "WARNING"}]},
            "nodePools": [], "tags": [], "workspaceIds": [], "isLimited": false, "failoverRegion": "us-west-2"
        }"#,
    );
    assert_eq!(cluster.status, types::ClusterStatus::Updating);
    assert_eq!(cluster.cloud_provider, types::ClusterCloudProvider::Aws);
    assert_eq!(cluster.region, "us-east-2");
    assert_eq!(cluster.tenant_id, None);
    let health = cluster.health_status.expect("health");
    assert_eq!(health.value, types::ClusterHealthStatusValue::Unhealthy);
    assert_eq!(health.details[0].code, "NODE_POOL_AT_CAPACITY");
    let metadata = cluster.metadata.expect("metadata");
    assert_eq!(metadata.kube_dns_ip.as_deref(), Some("10.100.0.10"));
}

#[test]
fn every_cluster_status_decodes_and_a_new_one_is_kept() {
    for (raw, want) in [
        ("CREATING", types::ClusterStatus::Creating),
        ("CREATED", types::ClusterStatus::Created),
        ("CREATE_FAILED", types::ClusterStatus::CreateFailed),
        ("UPDATING", types::ClusterStatus::Updating),
        ("UPDATE_FAILED", types::ClusterStatus::UpdateFailed),
        ("UPGRADE_PENDING", types::ClusterStatus::UpgradePending),
        ("ACCESS_DENIED", types::ClusterStatus::AccessDenied),
    ] {
        let c: types::Cluster = decode(&format!(r#"{{"id": "c", "status": "{raw}"}}"#));
        assert_eq!(c.status, want, "{raw}");
    }
    let c: types::Cluster =
        decode(r#"{"id": "c", "status": "DELETING", "healthStatus": {"value": "DEGRADED"}}"#);
    assert!(matches!(&c.status, types::ClusterStatus::Unknown(v) if v.as_str() == "DELETING"));
    assert!(matches!(
        c.health_status.map(|h| h.value),
        Some(types::ClusterHealthStatusValue::Unlisted(v)) if v.as_str() == "DEGRADED"
    ));
}

#[test]
fn a_hibernating_development_deployment_decodes() {
    let d: types::Deployment = decode(
        r#"{
            "id": "cm2a9b8c7000208mf1g2h3i4j", "name": "etl-dev", "status": "HIBERNATING",
            "type": "STANDARD", "cloudProvider": "GCP", "region": "us-central1",
            "astroRuntimeVersion": "12.1.0", "runtimeVersion": "12.1.0", "airflowVersion": "2.10.2",
            "imageRepository": "images.astronomer.cloud/cm1k7p9xa000008l3a1b2c3d4/cm2a9b8c7000208mf1g2h3i4j",
            "imageTag": "deploy-2025-03-02T08-00", "isDevelopmentMode": true, "isCicdEnforced": false,
            "isDagDeployEnabled": true, "desiredDagTarballVersion": null,
            "oidcIssuerUrl": "https://container.googleapis.com/v1/projects/p/locations/us-central1/clusters/c",
            "createdBy": {"id": "cm0user00000108l2aaaa0000", "subjectType": "USER", "fullName": "Ana Ruiz",
                          "avatarUrl": "https://avatars.example.net/ana.png"},
            "updatedBy": {"id": "cm0tok000000108l2bbbb0000", "subjectType": "SERVICEKEY", "apiTokenName": "ci"},
            "createdAt": "2025-02-01T12:00:00Z", "updatedAt": "2025-03-02T08:00:00Z",
            "scalingSpec": {"hibernationSpec": {
                "override": {"isActive": true, "isHibernating": true, "overrideUntil": "2025-03-03T07:00:00Z"},
                "schedules": [{"hibernateAtCron": "0 20 * * 1-5", "wakeAtCron": "0 6 * * 1-5", "isEnabled": true,
                               "description": null}]}},
            "scalingStatus": {"hibernationStatus": {"isHibernating": true, "nextEventType": "WAKE",
                                                    "nextEventAt": "2025-03-03T07:00:00Z", "reason": "Manual override"}},
            "workerQueues": [{"id": "q1", "name": "default", "isDefault": true, "astroMachine": "A5",
                              "maxWorkerCount": 2, "minWorkerCount": 0, "workerConcurrency": 5,
                              "podCpu": "1", "podMemory": "2Gi"}],
            "webServerUrl": "acme.astronomer.run/dhij1234"
        }"#,
    );
    assert_eq!(d.status, types::DeploymentStatus::Hibernating);
    assert_eq!(d.cloud_provider, Some(types::DeploymentCloudProvider::Gcp));
    assert_eq!(d.is_development_mode, Some(true));
    assert_eq!(d.astro_runtime_version, "12.1.0");
    assert_eq!(
        d.created_by.avatar_url.as_deref(),
        Some("https://avatars.example.net/ana.png")
    );
    let spec = d
        .scaling_spec
        .and_then(|s| s.hibernation_spec)
        .expect("hibernation spec");
    assert_eq!(spec.schedules[0].wake_at_cron, "0 6 * * 1-5");
    let until = spec
        .override_
        .and_then(|o| o.override_until)
        .expect("override end");
    assert_eq!(until.to_rfc3339(), "2025-03-03T07:00:00+00:00");
    let status = d
        .scaling_status
        .and_then(|s| s.hibernation_status)
        .expect("hibernation status");
    assert_eq!(
        status.next_event_type,
        Some(types::DeploymentHibernationStatusNextEventType::Wake)
    );
}

#[test]
fn every_deployment_status_decodes_and_a_new_one_is_kept() {
    for (raw, want) in [
        ("CREATING", types::DeploymentStatus::Creating),
        ("DEPLOYING", types::DeploymentStatus::Deploying),
        ("HEALTHY", types::DeploymentStatus::Healthy),
        ("UNHEALTHY", types::DeploymentStatus::Unhealthy),
        ("UNKNOWN", types::DeploymentStatus::Unknown),
        ("HIBERNATING", types::DeploymentStatus::Hibernating),
    ] {
        let d: types::Deployment = decode(&format!(r#"{{"id": "d", "status": "{raw}"}}"#));
        assert_eq!(d.status, want, "{raw}");
    }
    let d: types::Deployment =
        decode(r#"{"id": "d", "status": "WAKING", "cloudProvider": "azure"}"#);
    assert!(matches!(&d.status, types::DeploymentStatus::Unlisted(v) if v.as_str() == "WAKING"));
    // The document's sample writes the provider in lower case; it is kept, not rejected.
    assert!(matches!(
        &d.cloud_provider,
        Some(types::DeploymentCloudProvider::Unknown(v)) if v.as_str() == "azure"
    ));
}

#[test]
fn deployment_options_name_their_machines() {
    let machine: types::WorkerMachine = decode(
        r#"{"name": "A10", "concurrency": {"ceiling": 20, "default": 10, "floor": 1},
            "spec": {"cpu": "2", "memory": "4Gi"}}"#,
    );
    assert_eq!(machine.name, types::WorkerMachineName::A10);
    let scheduler: types::SchedulerMachine =
        decode(r#"{"name": "EXTRA_LARGE", "spec": {"cpu": "4", "memory": "8Gi"}}"#);
    assert!(matches!(
        &scheduler.name,
        types::SchedulerMachineName::Unknown(v) if v.as_str() == "EXTRA_LARGE"
    ));
}
