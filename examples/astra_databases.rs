//! Page through every Astra database, then create one and read its id from `Location`.
//!
//! Run with `ASTRA_DB_APPLICATION_TOKEN=AstraCS:... cargo run --example astra_databases --features astra_devops`.

use std::time::Duration;

use datacloud::astra_devops::{types, Client};
use datacloud::runtime::RetryPolicy;
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .from_env()?
        .timeout(Duration::from_secs(20))
        // Create calls are POSTs: retry them only because creating twice is caught by the name.
        .retry(RetryPolicy::default().with_retry_non_idempotent(true))
        .build()?;

    // Pages are fetched lazily, 50 databases at a time.
    let mut databases = std::pin::pin!(client
        .list_databases()
        .limit(std::num::NonZeroU64::new(50).expect("non-zero"))
        .stream());
    while let Some(db) = databases.try_next().await? {
        // Status, cloud, region and tier are typed; values the spec does not list decode as
        // `Unknown` (shown as the server sent them), and `status` may be empty while a
        // database initialises.
        println!(
            "{} {} {} on {} in {} ({})",
            db.id, db.info.name, db.status, db.info.cloud_provider, db.info.region, db.info.tier
        );
    }

    // The constructor takes the required fields; optional ones are `with_*` setters.
    let body = types::DatabaseInfoRequest::new(
        std::num::NonZeroU64::MIN,
        types::DatabaseInfoRequestCloudProvider::Gcp,
        "orders",
        "us-east1",
        types::DatabaseInfoRequestTier::Serverless,
    )
    .with_keyspace("shop");
    let created = client.create_database(&body).await?;
    println!("created database {}", created.location_id().unwrap_or("?"));
    Ok(())
}
