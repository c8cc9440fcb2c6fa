//! The Astra DevOps objects that are typed from the vendor's public facts (and Stargate's query
//! profile) decode the payloads a live server sends: nulls, unlisted enum values, extra fields,
//! the empty `status` and `pending` URLs of a database that is still initialising.

#![cfg(feature = "astra_devops")]

use datacloud::astra_devops::types;

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> T {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("decodes: {e}\n{body}"))
}

#[test]
fn an_initialising_database_decodes() {
    let db: types::Database = decode(
        r#"{
            "id": "8c1f2e4a-6b3d-4f5e-9a7c-0d2b4e6f8a1c",
            "orgId": "7142ac2f-1283-4dd5-9566-a3707d4c2f3b",
            "ownerId": null,
            "info": {"name": "orders", "keyspace": "shop", "cloudProvider": "AWS", "tier": "serverless",
                     "capacityUnits": 1, "region": "us-west-2", "additionalKeyspaces": ["audit"],
                     "dbType": "vector"},
            "creationTime": "2025-03-04T10:15:30Z",
            "terminationTime": "0001-01-01T00:00:00Z",
            "status": "",
            "storage": {"nodeCount": 3, "replicationFactor": 3, "totalStorage": 10, "usedStorage": null},
            "availableActions": ["park", "getCreds", "addTable"],
            "grafanaUrl": "pending",
            "cqlshUrl": "pending",
            "graphqlUrl": "pending",
            "dataEndpointUrl": "pending",
            "cost": {"costPerMinCents": 0}
        }"#,
    );
    assert_eq!(db.status, types::DatabaseStatus::Empty);
    assert_eq!(db.owner_id, "");
    assert_eq!(db.grafana_url.as_deref(), Some("pending"));
    assert_eq!(db.data_endpoint_url.as_deref(), Some("pending"));
    let info = db.info;
    assert_eq!(info.tier, types::DatabaseInfoTier::Serverless);
    assert_eq!(info.cloud_provider, types::DatabaseInfoCloudProvider::Aws);
    assert_eq!(info.region, "us-west-2");
    assert_eq!(info.additional_keyspaces, ["audit"]);
    let storage = db.storage.expect("storage");
    assert_eq!(storage.node_count, 3);
    assert_eq!(storage.used_storage, None);
    assert_eq!(
        db.available_actions[0],
        types::DatabaseAvailableActionsItem::Park
    );
    assert!(matches!(
        &db.available_actions[2],
        types::DatabaseAvailableActionsItem::Unknown(v) if v.as_str() == "addTable"
    ));
    assert!(db.extra.contains_key("cost"), "unknown fields are kept");
    // The zero time of a database that was never terminated is a valid date-time.
    assert_eq!(
        db.termination_time.map(|t| t.to_rfc3339()),
        Some("0001-01-01T00:00:00+00:00".to_string())
    );
}

#[test]
fn datacenters_carry_their_streaming_tenant_and_pcu_group() {
    let dcs: Vec<types::Datacenter> = decode(
        r#"[{
            "id": "8c1f2e4a-6b3d-4f5e-9a7c-0d2b4e6f8a1c-1",
            "name": "dc-1",
            "tier": "serverless",
            "status": "",
            "cloudProvider": "GCP",
            "region": "europe-west1",
            "regionZone": "emea",
            "regionClassification": "premium_plus",
            "capacityUnits": 1,
            "cqlshUrl": "pending",
            "streamingTenant": {"streamingClusterName": "pulsar-gcp-europewest1", "streamingTenantName": "orders-cdc"},
            "pcuGroupUUID": "4b0d9f6e-2a1c-4e3b-8d7f-6a5c3b2e1d0f"
        }, {
            "tier": "serverless", "status": "ACTIVE", "cloudProvider": "AWS", "region": "ap-south-1",
            "regionZone": "mena", "streamingTenant": null
        }]"#,
    );
    assert_eq!(dcs[0].region_zone, Some(types::DatacenterRegionZone::Emea));
    assert_eq!(
        dcs[0].region_classification,
        Some(types::DatacenterRegionClassification::PremiumPlus)
    );
    let tenant = dcs[0].streaming_tenant.as_ref().expect("tenant");
    assert_eq!(tenant.streaming_tenant_name.as_deref(), Some("orders-cdc"));
    assert_eq!(
        dcs[0].pcu_group_uuid.as_deref(),
        Some("4b0d9f6e-2a1c-4e3b-8d7f-6a5c3b2e1d0f")
    );
    assert!(matches!(
        &dcs[1].region_zone,
        Some(types::DatacenterRegionZone::Unknown(v)) if v.as_str() == "mena"
    ));
    assert_eq!(dcs[1].streaming_tenant, None);
}

#[test]
fn the_client_list_is_wrapped_in_clients() {
    let list: types::ClientRoleList = decode(
        r#"{"clients": [
            {"clientId": "QmTbVcXpLsWnRkJhGfDdSaZe", "roles": ["0f8c6a32-4d1e-4b7a-9c25-8e3f1a6d2b90"],
             "generatedOn": "2025-01-09T12:30:00.000Z", "description": "ci"},
            {"clientId": "ZdvLpRmxKsnTqWbJbUfHgIkO", "roles": []}
        ]}"#,
    );
    assert_eq!(list.clients.len(), 2);
    assert_eq!(
        list.clients[0].client_id.as_deref(),
        Some("QmTbVcXpLsWnRkJhGfDdSaZe")
    );
    assert_eq!(
        list.clients[0].generated_on.as_deref(),
        Some("2025-01-09T12:30:00.000Z")
    );
    assert!(list.clients[0].extra.contains_key("description"));
    // The bare list the document shows is not what the API sends.
    assert!(serde_json::from_str::<types::ClientRoleList>(r#"[{"clientId": "x"}]"#).is_err());
}

#[test]
fn a_generated_token_is_one_object() {
    let token: types::Token = decode(
        r#"{"clientId": "QmTbVcXpLsWnRkJhGfDdSaZe", "secret": "s3cr3t", "orgId": "7142ac2f-1283-4dd5-9566-a3707d4c2f3b",
            "roles": ["0f8c6a32-4d1e-4b7a-9c25-8e3f1a6d2b90"], "token": "AstraCS:QmTb:abc",
            "tokenExpiry": "2026-01-01T00:00:00Z", "description": null}"#,
    );
    assert_eq!(token.client_id, "QmTbVcXpLsWnRkJhGfDdSaZe");
    assert!(token.token_expiry.is_some());
    assert_eq!(token.description, None);
}

#[test]
fn roles_come_as_a_flat_list_with_typed_policies() {
    let roles: Vec<types::Role> = decode(
        r#"[{
            "id": "1faa93f2-b889-4190-9585-4bc6e3c3595a",
            "name": "Database Administrator",
            "policy": {"description": "Database Administrator",
                       "resources": ["drn:astra:org:7142ac2f-1283-4dd5-9566-a3707d4c2f3b"],
                       "actions": ["org-db-create", "db-manage-privateendpoint"],
                       "effect": "allow"},
            "last_update_datetime": "2024-11-02T08:00:00Z",
            "last_update_userid": null
        }]"#,
    );
    let policy = roles[0].policy.as_ref().expect("policy");
    assert_eq!(policy.effect, types::PolicyEffect::Allow);
    assert_eq!(policy.actions[0], types::PolicyActionsItem::OrgDbCreate);
    assert!(matches!(
        &policy.actions[1],
        types::PolicyActionsItem::Unknown(v) if v.as_str() == "db-manage-privateendpoint"
    ));
    // One role by id is one object, not a list.
    let role: types::Role =
        decode(r#"{"id": "1faa93f2-b889-4190-9585-4bc6e3c3595a", "name": "Reader"}"#);
    assert_eq!(role.name.as_deref(), Some("Reader"));

    let user: types::User = decode(
        r#"{"userID": "3476f3bb-10df-4d2f-ac2b-f05c65676724", "email": "ops@example.com", "status": "active",
            "roles": [{"id": "1faa93f2-b889-4190-9585-4bc6e3c3595a", "name": "Database Administrator"}]}"#,
    );
    assert_eq!(
        user.roles[0].name.as_deref(),
        Some("Database Administrator")
    );
}

#[test]
fn the_current_organization_is_one_object() {
    let org: types::Organization =
        decode(r#"{"id": "7142ac2f-1283-4dd5-9566-a3707d4c2f3b", "name": "acme"}"#);
    assert_eq!(org.id, "7142ac2f-1283-4dd5-9566-a3707d4c2f3b");
    assert!(org.extra.contains_key("name"));
}

#[test]
fn telemetry_destinations_are_typed() {
    let metrics: types::TelemetryConfig = decode(
        r#"{"prometheus_remote": {"endpoint": "https://prom.example.net/api/v1/write",
                                  "auth_strategy": "bearer", "token": "tok"},
            "Datadog": {"api_key": "dd-key", "site": "datadoghq.eu"}}"#,
    );
    match metrics.prometheus_remote {
        Some(types::PrometheusTelemetry::BearerTelemetry(p)) => {
            assert_eq!(p.endpoint, "https://prom.example.net/api/v1/write")
        }
        other => panic!("expected the bearer variant, got {other:?}"),
    }
    assert_eq!(
        metrics.datadog.and_then(|d| d.site).as_deref(),
        Some("datadoghq.eu")
    );
    let kafka: types::TelemetryConfig = decode(
        r#"{"kafka": {"bootstrap_servers": ["broker-1.example.net:9093"], "topic": "astra",
                      "sasl_mechanism": "OAUTHBEARER", "sasl_username": "m", "security_protocol": "SASL_SSL"}}"#,
    );
    let kafka = kafka.kafka.expect("kafka");
    assert!(matches!(
        &kafka.sasl_mechanism,
        types::KafkaTelemetrySaslMechanism::Unknown(v) if v.as_str() == "OAUTHBEARER"
    ));
    assert_eq!(kafka.sasl_password, "");

    let audit: types::AuditLogConfig = decode(
        r#"{"pulsar": {"endpoint": "pulsar+ssl://pulsar.example.net:6651", "auth_strategy": "oauth2",
                       "topic": "persistent://acme/audit/log", "oauth2_credentials_url": "file:///creds.json",
                       "oauth2_issuer_url": "https://auth.example.net", "oauth2_scope": null}}"#,
    );
    assert!(matches!(
        audit.pulsar,
        Some(types::PulsarTelemetry::Oauth2Telemetry(_))
    ));
}

#[test]
fn access_lists_keep_the_api_time_text() {
    let lists: Vec<types::AccessList> = decode(
        r#"[{"organizationId": "303a3598-0905-4b5d-9db2-4bf2f9790973",
             "databaseId": "8fbcfe1d-56fa-4ed0-9aff-f57029feef1b",
             "addresses": [{"address": "198.51.100.0/24", "enabled": true, "description": "office",
                            "lastUpdateDateTime": "2025-02-03 09:10:11 +0000 UTC"}],
             "configurations": {"accessListEnabled": false}}]"#,
    );
    assert_eq!(
        lists[0].addresses[0].last_update_date_time.as_deref(),
        Some("2025-02-03 09:10:11 +0000 UTC")
    );
    assert_eq!(
        lists[0]
            .configurations
            .as_ref()
            .map(|c| c.access_list_enabled),
        Some(false)
    );
    let acl: types::DevopsAccessList = decode(
        r#"{"addresses": [{"address": "203.0.113.7/32", "enabled": true, "description": "ci",
                           "lastUpdateDateTime": "2025-02-03T09:10:11Z", "createdAt": "2025-01-01T00:00:00Z"}]}"#,
    );
    assert_eq!(
        acl.addresses[0].created_at.as_deref(),
        Some("2025-01-01T00:00:00Z")
    );
}

#[test]
fn regions_and_pcu_groups_decode() {
    let regions: Vec<types::ServerlessRegion> = decode(
        r#"[{"cloudProvider": "AWS", "name": "us-east-2", "displayName": "Ohio", "zone": "na",
             "classification": "standard", "enabled": true, "reservedForQualifiedUsers": false,
             "region_type": "vector",
             "pcu_types": [{"type": "standard", "details": {"vCPU": 8, "memory": "32Gi", "disk_cache": "200Gi"}}]},
            {"cloudProvider": "GCP", "name": "us-central1", "region_type": "hcd", "enabled": null}]"#,
    );
    assert_eq!(
        regions[0].region_type,
        types::ServerlessRegionRegionType::Vector
    );
    assert_eq!(
        regions[0].pcu_types[0]
            .details
            .as_ref()
            .and_then(|d| d.v_cpu),
        Some(8)
    );
    assert!(matches!(
        &regions[1].region_type,
        types::ServerlessRegionRegionType::Unknown(v) if v.as_str() == "hcd"
    ));

    let combos: Vec<types::AvailableRegionCombination> = decode(
        r#"[{"tier": "C10", "cloudProvider": "AWS", "region": "us-east-1",
             "cost": {"costPerMinCents": 0.12, "costPerHourCents": 7.2, "costPerMonthParkedCents": null},
             "databaseCountUsed": 0, "databaseCountLimit": 5, "capacityUnitsUsed": 0,
             "capacityUnitsLimit": 20, "defaultStoragePerCapacityUnitGb": 500}]"#,
    );
    assert_eq!(combos[0].cost.cost_per_hour_cents, Some(7.2));

    let groups: Vec<types::PcuGroup> = decode(
        r#"[{"uuid": "4b0d9f6e-2a1c-4e3b-8d7f-6a5c3b2e1d0f", "title": "analytics", "cloudProvider": "AWS",
             "pcuType": {"type": "standard", "region": "us-east-2", "provider": "AWS",
                         "details": {"vCPU": 8, "memory": "32Gi"}},
             "min": 1, "max": 4, "reserved": 0, "status": "PROVISIONING", "createdBy": null}]"#,
    );
    assert_eq!(
        groups[0]
            .pcu_type
            .as_ref()
            .and_then(|t| t.provider.as_deref()),
        Some("AWS")
    );
}

#[test]
fn bundles_peering_and_migrations_decode() {
    let creds: types::CredsUrl = decode(
        r#"{"downloadURL": "https://example.s3.amazonaws.com/b.zip", "datcenterID": "dc-1",
            "region": "us-east-1", "cloudProvider": "AWS",
            "customDomainBundles": [{"domain": "db.example.com", "cqlFQDN": "cql.db.example.com",
                                     "apiFQDN": "api.db.example.com", "downloadURL": null}]}"#,
    );
    assert_eq!(
        creds.custom_domain_bundles[0].cql_fqdn.as_deref(),
        Some("cql.db.example.com")
    );

    let peering: types::VpcPeeringConnection = decode(
        r#"{"connectionId": "pcx-0123456789abcdef0", "status": "pending-acceptance",
            "currentVpc": {"provider": "aws", "account": "111111111111", "vpcId": "vpc-0aa", "cidrBlock": "172.31.0.0/16"},
            "otherVpc": {"provider": "aws", "account": "222222222222", "vpcId": "vpc-0bb", "cidrBlock": "10.1.0.0/16"}}"#,
    );
    assert_eq!(peering.other_vpc.cidr_block, "10.1.0.0/16");

    let migration: types::Migration = decode(
        r#"{"migrationID": "m-1", "status": "VALIDATING", "concurrency": 4, "targetSubsetSizeGB": 0.5}"#,
    );
    assert!(matches!(
        &migration.status,
        Some(types::MigrationStatus::Unknown(v)) if v.as_str() == "VALIDATING"
    ));
    let op: types::SnapshotOperation = decode(r#"{"operationID": "op-1", "status": "DONE"}"#);
    assert_eq!(op.status, Some(types::SnapshotOperationStatus::Done));
}

#[cfg(feature = "stargate")]
mod stargate {
    use datacloud::stargate::types;

    #[test]
    fn a_query_profile_is_typed_at_every_level() {
        let doc: types::DocumentResponseWrapper = super::decode(
            r#"{"documentId": "order-17", "data": {"total": 12.5},
                "profile": {"description": "get document", "queries": [],
                            "nested": [{"description": "read rows",
                                        "queries": [{"cql": "SELECT * FROM shop.orders WHERE key = ?",
                                                     "executionCount": 1, "rowCount": 3}],
                                        "nested": [{"description": "deeper",
                                                    "nested": [{"description": "deepest", "nested": null}]}]}]}}"#,
        );
        let profile = doc.profile.expect("present").0.expect("not null");
        let step = &profile.nested[0];
        assert_eq!(step.description.as_deref(), Some("read rows"));
        assert_eq!(step.queries[0].row_count, Some(3));
        assert_eq!(step.nested[0].description.as_deref(), Some("deeper"));
        let deepest = &step.nested[0].nested[0];
        assert_eq!(deepest.description.as_deref(), Some("deepest"));
        assert!(
            deepest.nested.is_empty(),
            "null nested steps decode as none"
        );
        let empty: types::DocumentResponseWrapper =
            super::decode(r#"{"data": {}, "profile": null}"#);
        assert!(empty.profile.is_none_or(|p| p.0.is_none()));
    }
}
