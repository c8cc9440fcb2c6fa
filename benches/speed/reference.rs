//! The reference a user would write by hand: serde structs for Astra's database with the same
//! field types as the generated ones (dates as `chrono`, enums as enums, lists as `Vec`), an
//! `Unknown` catch-all on enums (`#[serde(other)]`, which keeps no value), and unknown fields
//! ignored rather than kept.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    pub id: String,
    pub org_id: String,
    pub owner_id: String,
    pub info: DatabaseInfo,
    pub creation_time: Option<DateTime<Utc>>,
    pub termination_time: Option<DateTime<Utc>>,
    pub status: Status,
    pub storage: Option<Storage>,
    #[serde(default)]
    pub available_actions: Vec<Action>,
    pub message: Option<String>,
    pub grafana_url: Option<String>,
    pub cqlsh_url: Option<String>,
    pub graphql_url: Option<String>,
    pub data_endpoint_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseInfo {
    pub name: String,
    pub keyspace: Option<String>,
    pub cloud_provider: CloudProvider,
    pub tier: Tier,
    pub capacity_units: i64,
    pub region: String,
    pub db_type: Option<DbType>,
    #[serde(default)]
    pub additional_keyspaces: Vec<String>,
    #[serde(rename = "pcuGroupUUID")]
    pub pcu_group_uuid: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Storage {
    pub node_count: i64,
    pub replication_factor: i64,
    pub total_storage: i64,
    pub used_storage: Option<i64>,
    pub display_storage: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Active,
    Pending,
    Preparing,
    Prepared,
    Initializing,
    Parked,
    Parking,
    Unparking,
    Terminating,
    Terminated,
    Resizing,
    Error,
    Maintenance,
    Suspended,
    Suspending,
    Hibernating,
    Hibernated,
    Resuming,
    Unknown,
    #[serde(rename = "")]
    Empty,
    #[serde(other)]
    Unlisted,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Park,
    Unpark,
    Resize,
    ResetPassword,
    AddKeyspace,
    AddDatacenters,
    TerminateDatacenter,
    GetCreds,
    Terminate,
    RemoveKeyspace,
    RemoveMigrationProxy,
    LaunchMigrationProxy,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
pub enum CloudProvider {
    #[serde(rename = "AWS")]
    Aws,
    #[serde(rename = "GCP")]
    Gcp,
    #[serde(rename = "AZURE")]
    Azure,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
pub enum Tier {
    #[serde(rename = "developer")]
    Developer,
    C10,
    C20,
    C40,
    D10,
    D20,
    D40,
    #[serde(rename = "serverless")]
    Serverless,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
pub enum DbType {
    #[serde(rename = "vector")]
    Vector,
    #[serde(other)]
    Unknown,
}
