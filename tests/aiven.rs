//! Aiven's live quirks: strings that come back `null`, money as decimal strings, operations
//! that take no token, and invoices that are PDFs.

#![cfg(feature = "aiven")]

mod support;

use datacloud::aiven::Client;
use serde_json::json;
use support::clients::TOKEN;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    support::clients::client(&server.uri())
}

#[tokio::test]
async fn null_strings_and_money_strings_decode() {
    let server = MockServer::start().await;
    Mock::given(path(
        "/project/p1/pricing/service-types/kafka/plans/business-4/clouds/google-europe-west1",
    ))
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({
        "base_price_usd": "4.11",
        "cloud_name": "google-europe-west1",
        "extra_disk_price_per_gb_usd": null,
        "object_storage_gb_price_usd": null,
        "service_plan": "business-4",
        "service_type": "kafka",
        "message": null,
        "errors": [],
        "a_field_aiven_added_later": true
    })))
    .mount(&server)
    .await;
    let price = client(&server)
        .await
        .project_service_plan_price_get("p1", "kafka", "business-4", "google-europe-west1")
        .await
        .expect("decodes")
        .into_inner();
    assert_eq!(price.base_price_usd, "4.11", "money stays a decimal string");
    assert_eq!(
        price.extra_disk_price_per_gb_usd, None,
        "null decodes as absent"
    );
    assert_eq!(price.message, None);
}

#[tokio::test]
async fn operations_without_auth_send_no_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"clouds": []})))
        .mount(&server)
        .await;
    let c = client(&server).await;
    c.list_clouds().await.expect("ok");
    let requests = server.received_requests().await.unwrap();
    assert!(
        !requests[0].headers.contains_key("authorization"),
        "list_clouds is public: no token"
    );
    c.project_list().await.ok();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[1]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("aivenv1 {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn invoices_come_back_as_bytes_with_their_content_type() {
    let server = MockServer::start().await;
    let pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .mount(&server)
        .await;
    let invoice = client(&server)
        .await
        .project_invoice_get("p1", "inv-1", "cookie")
        .await
        .expect("ok")
        .into_inner();
    assert_eq!(invoice.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(invoice.bytes.as_ref(), pdf.as_slice());
}

#[tokio::test]
async fn aiven_errors_decode_with_their_code() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "errors": [{"error_code": "project_not_found", "message": "Project does not exist", "status": 404}],
            "message": "Project does not exist"
        })))
        .mount(&server)
        .await;
    let e = client(&server)
        .await
        .service_list("nope")
        .await
        .unwrap_err();
    let api = e.api_error().expect("api error");
    assert_eq!(api.code.as_deref(), Some("project_not_found"));
    assert_eq!(
        e.to_string(),
        "aiven.service_list: HTTP 404 Not Found: Project does not exist (code project_not_found)"
    );
}
