//! The Aiven objects filled in from public field facts decode what a live server sends: typed
//! fields, `null` where a string is documented, enum values the spec does not list, and fields
//! that no document mentions yet.

#![cfg(feature = "aiven")]

use datacloud::aiven::types::{
    AccessToken, Account, AccountAccessSource, AccountAuthenticationMethod, BillingCurrency,
    BillingGroup, Invoice, InvoiceState, KafkaTopic, KafkaTopicConfigSource, Project,
    ProjectMemberType, ServiceComponentRoute, ServiceInfo, ServiceInfoResponse, ServiceInfoState,
    ServiceNodeStateState, ServiceTypesResponse, ServiceUserAuthentication, User,
};

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("decodes: {e}\n{json}"))
}

const SERVICE: &str = r#"{
    "service_name": "pg-1",
    "service_type": "pg",
    "service_type_description": "PostgreSQL - Object-Relational Database Management System",
    "state": "RUNNING",
    "plan": "business-4",
    "cloud_name": "google-europe-west1",
    "cloud_description": null,
    "project_vpc_id": null,
    "node_count": 2,
    "node_cpu_count": 2,
    "node_memory_mb": 4096.0,
    "disk_space_mb": 81920,
    "create_time": "2024-05-14T09:21:37Z",
    "update_time": "2024-06-01T08:00:00Z",
    "termination_protection": true,
    "group_list": ["default"],
    "service_uri": "postgres://avnadmin:secret@pg-1-acme.aivencloud.com:12691/defaultdb?sslmode=require",
    "service_uri_params": {"host": "pg-1-acme.aivencloud.com", "port": "12691"},
    "user_config": {"pg_version": "16", "ip_filter": ["0.0.0.0/0"]},
    "tags": {"env": "prod"},
    "tech_emails": [{"email": "ops@acme.example"}],
    "components": [
        {"component": "pg", "host": "pg-1-acme.aivencloud.com", "port": 12691, "route": "dynamic",
         "usage": "primary", "ssl": true, "path": null},
        {"component": "pgbouncer", "host": "pg-1-acme.aivencloud.com", "port": 12692,
         "route": "vpn-peering", "usage": "primary"}
    ],
    "node_states": [
        {"name": "pg-1-1", "state": "running", "role": "master", "availability_zone": "europe-west1-b",
         "progress_updates": [{"completed": true, "phase": "prepare", "unit": null}]},
        {"name": "pg-1-2", "state": "unknown", "availability_zone": "europe-west1-c"},
        {"name": "pg-1-3", "state": "rebooting", "availability_zone": "europe-west1-d"}
    ],
    "users": [
        {"username": "avnadmin", "type": "primary", "password": "secret", "authentication": null},
        {"username": "app", "type": "normal", "password": "other", "authentication": "mysql_native_password"}
    ],
    "databases": ["defaultdb"],
    "backups": [{"backup_name": "backup-2024-06-01_08-00_0.00000000.pghoard", "backup_time": "2024-06-01T08:00:00Z",
                 "data_size": 1048576}],
    "maintenance": {"dow": "sunday", "time": "04:00:00", "updates": []},
    "service_integrations": [],
    "features": {"pg_stat_monitor": true},
    "a_field_aiven_added_later": {"nested": 1}
}"#;

#[test]
fn a_service_decodes_with_typed_fields() {
    let svc: ServiceInfo = decode(SERVICE);
    assert_eq!(svc.service_name, "pg-1");
    assert_eq!(svc.service_type, "pg");
    assert_eq!(svc.state, ServiceInfoState::Running);
    assert_eq!(svc.node_count, Some(2));
    assert_eq!(svc.node_memory_mb, Some(4096.0));
    assert_eq!(svc.cloud_description, None, "null string decodes as absent");
    assert_eq!(svc.project_vpc_id, "");
    assert_eq!(svc.tech_emails[0].email, "ops@acme.example");
    assert_eq!(svc.components.len(), 2);
    assert_eq!(svc.components[0].port, 12691);
    assert_eq!(svc.components[0].route, ServiceComponentRoute::Dynamic);
    match &svc.components[1].route {
        ServiceComponentRoute::Unknown(v) => assert_eq!(v.as_str(), "vpn-peering"),
        other => panic!("an unlisted route is kept: {other:?}"),
    }
    assert_eq!(svc.node_states[0].state, ServiceNodeStateState::Running);
    // `unknown` is a listed node state, so the catch-all variant is `Unlisted`.
    assert_eq!(svc.node_states[1].state, ServiceNodeStateState::Unknown);
    match &svc.node_states[2].state {
        ServiceNodeStateState::Unlisted(v) => assert_eq!(v.as_str(), "rebooting"),
        other => panic!("an unlisted node state is kept: {other:?}"),
    }
    assert_eq!(svc.users[0].authentication, None);
    assert_eq!(
        svc.users[1].authentication,
        Some(ServiceUserAuthentication::MysqlNativePassword)
    );
    assert_eq!(svc.users[1].username, "app");
    assert_eq!(svc.backups[0].data_size, 1_048_576);
    let maintenance = svc.maintenance.as_ref().expect("maintenance");
    assert_eq!(maintenance.time, "04:00:00");
    assert_eq!(
        svc.user_config.get("pg_version"),
        Some(&serde_json::json!("16"))
    );
    assert_eq!(
        svc.tags
            .as_ref()
            .and_then(|t| t.get("env"))
            .map(String::as_str),
        Some("prod")
    );
}

#[test]
fn a_service_in_an_unlisted_state_still_decodes() {
    let body = format!(
        r#"{{"errors": [], "message": "Completed", "service": {}}}"#,
        SERVICE.replace("\"RUNNING\"", "\"MIGRATING\"")
    );
    let resp: ServiceInfoResponse = decode(&body);
    let svc = resp.service;
    match svc.state {
        ServiceInfoState::Unknown(v) => assert_eq!(v.as_str(), "MIGRATING"),
        other => panic!("an unlisted state is kept: {other:?}"),
    }
    assert_eq!(svc.service_name, "pg-1");
}

#[test]
fn a_project_decodes_with_money_as_decimal_strings() {
    let project: Project = decode(
        r#"{
        "project_name": "acme-prod",
        "account_id": "a2c8d3e4f5a6",
        "account_name": "Acme",
        "organization_id": "org4f1c2b3a9d8",
        "billing_group_id": "5f2c1e4a-9b3d-4c7e-8a1f-2d6b0e9c3a71",
        "billing_group_name": "Production",
        "billing_currency": "EUR",
        "billing_emails": [{"email": "billing@acme.example"}],
        "estimated_balance": "113.52",
        "estimated_balance_local": "104.20",
        "available_credits": "0.00",
        "default_cloud": "aws-eu-west-1",
        "country": "Finland",
        "country_code": "FI",
        "vat_id": null,
        "payment_method": "card",
        "billing_address": null,
        "tags": {"cost-center": "42"},
        "end_of_life_extension": {"elasticsearch": {"eol_date": "2025-03-01", "version": "7"}},
        "card_info": {"brand": "Visa", "card_id": "c1d2", "country": "Finland", "country_code": "FI",
                      "exp_month": 12, "exp_year": 2027, "last4": "4242", "name": "Jane Doe",
                      "user_email": "jane@acme.example"},
        "something_new": []
    }"#,
    );
    assert_eq!(project.project_name, "acme-prod");
    assert_eq!(project.billing_currency, Some(BillingCurrency::Eur));
    assert_eq!(project.estimated_balance, "113.52");
    assert_eq!(project.vat_id, "");
    assert_eq!(project.billing_emails[0].email, "billing@acme.example");
    let card = project.card_info.as_ref().expect("card");
    assert_eq!(card.exp_year, 2027);
    assert_eq!(card.last4, "4242");
    let eol = project.end_of_life_extension.as_ref().expect("eol");
    assert_eq!(
        eol.elasticsearch.as_ref().map(|e| e.eol_date.as_str()),
        Some("2025-03-01")
    );
}

#[test]
fn an_account_and_its_sign_in_method_decode() {
    let account: Account = decode(
        r#"{"account_id": "a2c8d3e4f5a6", "account_name": "Acme", "account_owner_team_id": "at1",
            "create_time": "2023-01-10T12:00:00Z", "update_time": "2024-01-10T12:00:00Z",
            "is_account_owner": true, "organization_id": "org4f1c2b3a9d8",
            "primary_billing_group_id": null, "root_account_id": "a2c8d3e4f5a6",
            "parent_account_id": null, "access_source": "federated_membership", "features": {}}"#,
    );
    assert_eq!(account.account_name, "Acme");
    assert!(account.is_account_owner);
    assert_eq!(account.parent_account_id, None);
    match account.access_source {
        Some(AccountAccessSource::Unknown(v)) => assert_eq!(v.as_str(), "federated_membership"),
        other => panic!("an unlisted access source is kept: {other:?}"),
    }

    let method: AccountAuthenticationMethod = decode(
        r#"{"account_id": "a2c8d3e4f5a6", "authentication_method_id": "am1", "authentication_method_type": "saml",
            "authentication_method_enabled": true, "authentication_method_name": "Okta",
            "auth_token_max_age_seconds": 86400, "delete_time": null, "state": "active",
            "saml_field_mapping": {"email": "mail", "real_name": null}}"#,
    );
    assert_eq!(method.authentication_method_name.as_deref(), Some("Okta"));
    assert_eq!(method.auth_token_max_age_seconds, Some(86400));
    assert_eq!(method.delete_time, None);
    let mapping = method.saml_field_mapping.as_ref().expect("mapping");
    assert_eq!(mapping.email.as_deref(), Some("mail"));
    assert_eq!(mapping.real_name, None);
}

#[test]
fn the_current_user_decodes_with_roles_per_project() {
    let user: User = decode(
        r#"{"user": "jane@acme.example", "user_id": "u4b1c2d3e4f5", "real_name": "Jane Doe",
            "state": "active", "auth": ["password", "saml"], "city": null,
            "project_membership": {"acme-prod": "admin", "acme-dev": "project:services:read", "acme-lab": "role:new"},
            "project_memberships": {"acme-prod": ["admin"]},
            "projects": ["acme-prod", "acme-dev"],
            "invitations": [{"invite_code": "abc", "invite_time": "2024-05-14T09:21:37Z",
                             "inviting_user_email": "boss@acme.example", "project_name": "acme-lab"}]}"#,
    );
    assert_eq!(user.user, "jane@acme.example");
    assert_eq!(user.city, None);
    assert_eq!(user.auth, ["password", "saml"]);
    assert_eq!(
        user.project_membership.get("acme-prod"),
        Some(&ProjectMemberType::Admin)
    );
    match user.project_membership.get("acme-lab") {
        Some(ProjectMemberType::Unknown(v)) => assert_eq!(v.as_str(), "role:new"),
        other => panic!("an unlisted role is kept: {other:?}"),
    }
    assert_eq!(user.project_memberships["acme-prod"], ["admin"]);
    assert_eq!(user.invitations[0].project_name, "acme-lab");
}

#[test]
fn a_token_decodes_without_its_secret() {
    let token: AccessToken = decode(
        r#"{"token_prefix": "kJb4Ab2sQz9t", "description": "CI", "create_time": "2024-05-14T09:21:37Z",
            "expiry_time": null, "max_age_seconds": 2592000, "extend_when_used": true,
            "currently_active": false, "created_manually": true, "last_ip": null,
            "scopes": ["projects:read"], "ip_allowlist": ["10.0.0.0/8"]}"#,
    );
    assert_eq!(token.token_prefix, "kJb4Ab2sQz9t");
    assert_eq!(token.max_age_seconds, Some(2_592_000.0));
    assert_eq!(token.expiry_time, None);
    assert_eq!(token.scopes, ["projects:read"]);
    assert_eq!(token.ip_allowlist, ["10.0.0.0/8"]);
}

#[test]
fn a_billing_group_and_an_invoice_decode() {
    let group: BillingGroup = decode(
        r#"{"billing_group_id": "5f2c", "billing_group_name": "Production", "account_id": "a2c8",
            "billing_currency": "XBT", "estimated_balance_usd": "113.52", "estimated_balance_local": "104.20",
            "payment_method": "card", "state": null, "address_lines": ["Main Street 1"],
            "billing_contact_emails": [{"email": "cfo@acme.example"}], "card_info": null}"#,
    );
    assert_eq!(group.billing_group_name, "Production");
    assert_eq!(group.estimated_balance_usd, "113.52");
    assert_eq!(group.state, None);
    assert_eq!(
        group.card_info,
        datacloud::aiven::types::BillingCardInfo::default()
    );
    assert_eq!(group.address_lines, ["Main Street 1"]);
    match group.billing_currency {
        BillingCurrency::Unknown(v) => assert_eq!(v.as_str(), "XBT"),
        other => panic!("an unlisted currency is kept: {other:?}"),
    }

    let invoice: Invoice = decode(
        r#"{"invoice_number": "INV-2024-0042", "billing_group_id": "5f2c", "billing_group_name": "Production",
            "billing_group_state": "active", "currency": "EUR", "state": "paid",
            "period_begin": "2024-05-01T00:00:00Z", "period_end": "2024-06-01T00:00:00Z",
            "total_inc_vat": "129.21", "total_vat_zero": "104.20", "download_cookie": null}"#,
    );
    assert_eq!(invoice.invoice_number, "INV-2024-0042");
    assert_eq!(invoice.state, InvoiceState::Paid);
    assert_eq!(invoice.currency, BillingCurrency::Eur);
    assert_eq!(invoice.total_inc_vat, "129.21");
    assert_eq!(invoice.download_cookie, None);
}

#[test]
fn a_topic_decodes_each_setting_with_its_type() {
    let topic: KafkaTopic = decode(
        r#"{"topic_name": "orders", "state": "ACTIVE", "replication": 3, "min_insync_replicas": 2,
            "partitions": [{"partition": 0, "isr": 3, "size": 1024, "earliest_offset": 0, "latest_offset": 17,
                            "consumer_groups": [{"group_name": "billing", "offset": 15}]}],
            "config": {
                "retention_ms": {"value": 604800000, "source": "topic_config",
                                 "synonyms": [{"name": "log.retention.ms", "value": 604800000, "source": "static_broker_config"}]},
                "cleanup_policy": {"value": "delete", "source": "default_config"},
                "preallocate": {"value": false, "source": "default_config"},
                "min_cleanable_dirty_ratio": {"value": 0.5, "source": "cluster_link_config"},
                "compression_type": {"value": "producer", "source": "default_config"}
            },
            "tags": [{"key": "team", "value": "billing"}], "topic_description": null}"#,
    );
    assert_eq!(topic.topic_name, "orders");
    assert_eq!(topic.partitions[0].latest_offset, 17);
    assert_eq!(topic.partitions[0].consumer_groups[0].group_name, "billing");
    let config = topic.config;
    let retention = config.retention_ms.as_ref().expect("retention");
    assert_eq!(retention.value, 604_800_000);
    assert_eq!(retention.source, KafkaTopicConfigSource::TopicConfig);
    assert_eq!(retention.synonyms[0].name, "log.retention.ms");
    assert_eq!(config.preallocate.as_ref().map(|p| p.value), Some(false));
    let ratio = config.min_cleanable_dirty_ratio.as_ref().expect("ratio");
    assert_eq!(ratio.value, 0.5);
    match &ratio.source {
        KafkaTopicConfigSource::Unknown(v) => assert_eq!(v.as_str(), "cluster_link_config"),
        other => panic!("an unlisted source is kept: {other:?}"),
    }
    assert_eq!(topic.tags[0].key, "team");
    assert_eq!(topic.topic_description, "");
}

#[test]
fn service_types_keep_types_the_facts_do_not_list() {
    let resp: ServiceTypesResponse = decode(
        r#"{"service_types": {
            "pg": {"default_version": "16", "latest_available_version": "17", "description": "PostgreSQL",
                   "service_plans": [{"service_plan": "startup-4", "service_type": "pg", "node_count": 1,
                                      "backup_config": {"interval": 24, "max_count": 2, "recovery_mode": "pitr"}}],
                   "user_config_schema": {"type": "object"}},
            "newdb": {"default_version": "1", "description": "A service type added later"}
        }, "errors": [], "message": null}"#,
    );
    let types = resp.service_types;
    let pg = types.pg.as_ref().expect("pg");
    assert_eq!(pg.default_version.as_deref(), Some("16"));
    let plan = &pg.service_plans[0];
    assert_eq!(plan.node_count, Some(1));
    assert_eq!(plan.backup_config.max_count, 2);
    assert_eq!(
        types.extra.get("newdb").map(|t| t.description.as_str()),
        Some("A service type added later")
    );
    assert_eq!(resp.message, None);
}
