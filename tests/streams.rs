//! Page streams for the three pagination styles, and Stargate's multi-segment paths, over real
//! HTTP on 127.0.0.1.

#![cfg(all(feature = "astra_devops", feature = "astro", feature = "stargate"))]

use datacloud::runtime::{ApiClient, ClientBuilder, ConfigError, Credentials, RetryPolicy};
use datacloud::{astra_devops, astro, stargate};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn token() -> Credentials {
    Credentials::token("AstraCS:stream-test")
}

/// A client of API `C` that talks to `server` with a test token.
fn at<C: ApiClient>(server: &MockServer) -> C {
    ClientBuilder::<C>::new()
        .base_url(server.uri())
        .credentials(token())
        .build()
        .expect("a valid test client")
}

fn db(id: &str) -> serde_json::Value {
    json!({"id": id, "status": "ACTIVE", "availableActions": []})
}

#[tokio::test]
async fn cursor_pages_until_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/databases"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([db("a"), db("b")])))
        .mount(&server)
        .await;
    Mock::given(path("/v2/databases"))
        .and(query_param("starting_after", "b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([db("c")])))
        .mount(&server)
        .await;
    Mock::given(path("/v2/databases"))
        .and(query_param("starting_after", "c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let client = at::<astra_devops::Client>(&server);
    let limit = std::num::NonZeroU64::new(2);
    let ids: Vec<String> = client
        .list_databases()
        .limit(limit.expect("non-zero"))
        .stream()
        .map_ok(|d| d.id)
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(ids, ["a", "b", "c"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert!(requests
        .iter()
        .all(|r| r.url.query().unwrap_or("").contains("limit=2")));
}

#[tokio::test]
async fn streams_are_lazy() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/databases"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([db("a"), db("b")])))
        .mount(&server)
        .await;
    let client = at::<astra_devops::Client>(&server);
    let first: Vec<_> = client.list_databases().stream().take(1).collect().await;
    assert_eq!(first.len(), 1);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "only the first page is fetched"
    );
}

fn cluster(id: &str) -> serde_json::Value {
    json!({"id": id, "name": id, "cloudProvider": "AWS", "region": "us-east-1", "status": "CREATED", "type": "DEDICATED"})
}

#[tokio::test]
async fn offset_pages_until_the_total() {
    let server = MockServer::start().await;
    let page = |items: serde_json::Value, offset: u64| json!({"clusters": items, "limit": 2, "offset": offset, "totalCount": 3});
    Mock::given(path("/organizations/org1/clusters"))
        .and(query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(json!([cluster("c1"), cluster("c2")]), 0)),
        )
        .mount(&server)
        .await;
    Mock::given(path("/organizations/org1/clusters"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(json!([cluster("c3")]), 2)))
        .mount(&server)
        .await;
    let client = at::<astro::Client>(&server);
    let names: Vec<String> = client
        .list_clusters("org1")
        .limit(2)
        .stream()
        .map_ok(|c| c.name)
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(names, ["c1", "c2", "c3"]);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "no request past the total"
    );
}

#[tokio::test]
async fn page_state_pages_until_no_state() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/keyspaces/ks/users"))
        .and(query_param_is_missing("page-state"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"count": 2, "pageState": "c3RhdGU=", "data": [{"id": 1}, {"id": 2}]}),
        ))
        .mount(&server)
        .await;
    Mock::given(path("/v2/keyspaces/ks/users"))
        .and(query_param("page-state", "c3RhdGU="))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"count": 1, "data": [{"id": 3}]})),
        )
        .mount(&server)
        .await;
    let client = at::<stargate::Client>(&server);
    let rows: Vec<_> = client
        .search_table("ks", "users", r#"{"id":{"$gt":0}}"#)
        .page_size(2)
        .stream()
        .try_collect()
        .await
        .expect("all pages");
    let ids: Vec<i64> = rows.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn document_search_yields_id_and_document_pairs() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/namespaces/ns/collections/books"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"doc-1": {"title": "A"}, "doc-2": {"title": "B"}}})),
        )
        .mount(&server)
        .await;
    let client = at::<stargate::Client>(&server);
    let docs: Vec<(String, _)> = client
        .search_doc("ns", "books")
        .stream()
        .try_collect()
        .await
        .expect("one page");
    let ids: Vec<&str> = docs.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["doc-1", "doc-2"]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_it_is_yielded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"errors": [{"ID": 1, "message": "bad token"}]})),
        )
        .mount(&server)
        .await;
    let client = astra_devops::Client::builder()
        .base_url(server.uri())
        .credentials(token())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let items: Vec<_> = client.list_databases().stream().collect().await;
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(401)
    );
}

#[tokio::test]
async fn primary_keys_and_document_paths_travel_as_segments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 0, "data": []})))
        .mount(&server)
        .await;
    let client = at::<stargate::Client>(&server);
    client
        .get_rows("ks", "a/b table", "pk1/2024-01-01")
        .await
        .expect("ok");
    let url = &server.received_requests().await.unwrap()[0].url;
    // The primary key's parts are separate segments; a slash inside a plain name is escaped.
    assert_eq!(url.path(), "/v2/keyspaces/ks/a%2Fb%20table/pk1/2024-01-01");
}

#[test]
fn stargate_client_from_database_id_and_region() {
    const DB: &str = "3ed83de7-d97f-4fb6-bf9f-82e9f7eafa23";
    const URL: &str =
        "https://3ed83de7-d97f-4fb6-bf9f-82e9f7eafa23-us-east1.apps.astra.datastax.com/api/rest";
    assert_eq!(stargate::Client::server_url(DB, "us-east1"), URL);
    let c = stargate::Client::new(DB, "us-east1", "AstraCS:t").expect("configured");
    assert_eq!(c.base_url(), URL);

    // The template is not a usable URL: a client without a base URL is refused, and told how.
    let e = stargate::Client::builder()
        .credentials(token())
        .build()
        .unwrap_err();
    assert!(
        matches!(
            e,
            ConfigError::BaseUrlNeeded {
                api: "stargate",
                ..
            }
        ),
        "{e:?}"
    );
    let message = e.to_string();
    for needle in [
        "databaseId and region",
        "Client::new",
        "ASTRA_DB_ID and ASTRA_DB_REGION",
    ] {
        assert!(message.contains(needle), "{message}");
    }

    // Self-hosted Stargate: a plain base URL.
    let c = stargate::Client::builder()
        .base_url("http://localhost:8082")
        .credentials(token())
        .build()
        .expect("configured");
    assert_eq!(c.base_url(), "http://localhost:8082");

    // The environment: Astra's usual variables. Only this test touches them.
    std::env::set_var("ASTRA_DB_APPLICATION_TOKEN", "AstraCS:t");
    std::env::remove_var("ASTRA_DB_REGION");
    std::env::set_var("ASTRA_DB_ID", DB);
    let e = stargate::Client::from_env().unwrap_err();
    assert!(
        matches!(e, ConfigError::MissingEnv("ASTRA_DB_REGION")),
        "{e:?}"
    );
    std::env::set_var("ASTRA_DB_REGION", "us-east1");
    assert_eq!(
        stargate::Client::from_env().expect("configured").base_url(),
        URL
    );
    // A base URL given explicitly wins over the variables.
    let c = stargate::Client::builder()
        .base_url("http://localhost:8082")
        .from_env()
        .and_then(|b| b.build())
        .expect("configured");
    assert_eq!(c.base_url(), "http://localhost:8082");
}

#[tokio::test]
async fn astro_errors_carry_message_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"message": "Forbidden: missing workspace permission", "requestId": "a1b2c3", "statusCode": 403})))
        .mount(&server)
        .await;
    let client = at::<astro::Client>(&server);
    let e = client.get_cluster("org1", "c1").await.unwrap_err();
    let api = e.api_error().expect("an API error");
    assert_eq!(api.request_id.as_deref(), Some("a1b2c3"));
    let envelope = api.body.as_ref().expect("the envelope decodes");
    assert_eq!(envelope.status_code, 403);
    assert_eq!(e.to_string(), "astro.get_cluster: HTTP 403 Forbidden: Forbidden: missing workspace permission (request id a1b2c3)");
}

/// A single-value enum that does not select a union variant is as tolerant as any other: the
/// live API answers `"SAI"` where the spec lists only `SAI_INDEX_UPGRADE`, and the whole
/// collection list must still decode.
#[tokio::test]
async fn an_unlisted_upgrade_type_keeps_the_collection_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/namespaces/shop/collections"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [
            {"name": "orders", "upgradeAvailable": true, "upgradeType": "SAI"},
            {"name": "books", "upgradeAvailable": true, "upgradeType": "SAI_INDEX_UPGRADE"},
            {"name": "carts", "upgradeAvailable": false, "upgradeType": null}
        ]})))
        .mount(&server)
        .await;
    let client = at::<stargate::Client>(&server);
    let list = client
        .get_collections("shop")
        .await
        .expect("the list decodes");
    let types: Vec<Option<String>> = list
        .data
        .iter()
        .map(|c| c.upgrade_type.as_ref().map(|t| t.to_string()))
        .collect();
    assert_eq!(
        types,
        [Some("SAI".into()), Some("SAI_INDEX_UPGRADE".into()), None]
    );
    assert!(matches!(
        &list.data[0].upgrade_type,
        Some(stargate::types::CollectionUpgradeType::Unknown(v)) if v.as_str() == "SAI"
    ));
    assert_eq!(
        list.data[1].upgrade_type,
        Some(stargate::types::CollectionUpgradeType::SaiIndexUpgrade)
    );
}
