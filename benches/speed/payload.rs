//! The payloads the benchmark decodes and serves: Astra databases with every field the spec
//! lists and one action it does not list, and optionally the extra fields (`cost`, `studioUrl`,
//! an `info.datacenters` summary) that live answers carry beyond the spec.

/// One database, about 1.3 KB of JSON (1.6 KB with `extra`); `i` varies the ids, names and
/// states.
pub fn database(i: usize, extra: bool) -> String {
    const STATUS: [&str; 4] = ["ACTIVE", "PARKED", "HIBERNATED", "INITIALIZING"];
    const CLOUD: [&str; 3] = ["AWS", "GCP", "AZURE"];
    const TIER: [&str; 2] = ["serverless", "C20"];
    let status = STATUS[i % STATUS.len()];
    let cloud = CLOUD[i % CLOUD.len()];
    let tier = TIER[i % TIER.len()];
    let id = format!("8c1f2e4a-6b3d-4f5e-9a7c-{i:012x}");
    let (info_extra, db_extra) = if extra {
        (
            format!(r#","datacenters":[{{"id":"{id}-1","name":"dc-1","region":"us-west-2"}}]"#),
            format!(
                r#","studioUrl":"https://{id}-us-west-2.studio.astra.datastax.com",
"cost":{{"costPerMinCents":0,"costPerHourCents":0,"costPerDayCents":0,"costPerMonthCents":0,"costPerMinParkedCents":0}}"#
            ),
        )
    } else {
        (String::new(), String::new())
    };
    format!(
        r#"{{"id":"{id}","orgId":"7142ac2f-1283-4dd5-9566-a3707d4c2f3b","ownerId":"c2a9e1f0-7d3b-4e8a-9f6c-5b4d3a2e1f0c",
"info":{{"name":"orders-{i}","keyspace":"shop","cloudProvider":"{cloud}","tier":"{tier}","capacityUnits":1,
"region":"us-west-2","dbType":"vector","additionalKeyspaces":["audit","inventory","sessions"],
"pcuGroupUUID":"4b0d9f6e-2a1c-4e3b-8d7f-6a5c3b2e1d0f"{info_extra}}},
"creationTime":"2025-03-04T10:15:30Z","terminationTime":"0001-01-01T00:00:00Z","status":"{status}",
"storage":{{"nodeCount":3,"replicationFactor":3,"totalStorage":10,"usedStorage":2,"displayStorage":10}},
"availableActions":["park","unpark","resize","resetPassword","addKeyspace","addDatacenters","terminateDatacenter","getCreds","terminate","removeKeyspace","removeMigrationProxy","launchMigrationProxy","addTable"],
"message":"Database is ready for use.",
"grafanaUrl":"https://{id}-us-west-2.dashboard.astra.datastax.com/d/cloud/dse-cluster-condensed?refresh=30s&orgId=1&kiosk=tv",
"cqlshUrl":"https://{id}-us-west-2.apps.astra.datastax.com/cqlsh",
"graphqlUrl":"https://{id}-us-west-2.apps.astra.datastax.com/api/graphql",
"dataEndpointUrl":"https://{id}-us-west-2.apps.astra.datastax.com/api/rest"{db_extra}}}"#
    )
}

/// A JSON array of `n` databases.
pub fn databases(n: usize, extra: bool) -> String {
    let items: Vec<String> = (0..n).map(|i| database(i, extra)).collect();
    format!("[{}]", items.join(","))
}
