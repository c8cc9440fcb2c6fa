//! TLS with the `rustls` feature (ring as the crypto provider): an https client builds with
//! its default settings, and an https request runs a real TLS handshake, which a server that
//! does not speak TLS fails as a transport error rather than a panic.

#![cfg(all(feature = "rustls", feature = "instaclustr"))]

use datacloud::instaclustr::Client;
use datacloud::runtime::{Credentials, ErrorKind, RetryPolicy};
use tokio::io::AsyncWriteExt;

#[test]
fn an_https_client_builds_with_the_default_tls() {
    Client::new("user", "key").expect("the https client builds");
}

#[tokio::test]
async fn an_https_request_runs_a_tls_handshake() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let _ = s
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let client = Client::builder()
        .base_url(format!("https://127.0.0.1:{port}"))
        .credentials(Credentials::basic("user", "key"))
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds");
    let id = "ba74ca2b-7fc0-4487-a9d8-037823144753".parse().unwrap();
    let err = client
        .list_cluster_backup_events(&id)
        .await
        .expect_err("plain HTTP cannot complete a TLS handshake");
    assert!(
        matches!(err.kind(), ErrorKind::Transport { .. }),
        "a transport error, got {err}"
    );
}
