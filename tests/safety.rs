//! A caller's value can never send a call to another route, and header values can never add
//! headers: the calls that used to do so, replayed against a recording server on 127.0.0.1.

#![cfg(all(feature = "aiven", feature = "stargate", feature = "instaclustr"))]

mod support;

use datacloud::runtime::{ConfigError, ErrorKind};
use support::{json, serve};

fn aiven(base: &str) -> datacloud::aiven::Client {
    support::clients::client(base)
}

/// The message of an `InvalidRequest`, or a description of what came instead.
fn refusal<T: std::fmt::Debug, E: std::fmt::Debug>(
    r: Result<T, datacloud::runtime::Error<E>>,
) -> String {
    match r {
        Err(e) => match e.kind() {
            ErrorKind::InvalidRequest { .. } => e.to_string(),
            other => panic!("expected InvalidRequest, got {other:?}"),
        },
        Ok(v) => panic!("expected InvalidRequest, the call succeeded: {v:?}"),
    }
}

#[tokio::test]
async fn dot_segments_and_empty_names_never_reach_the_server() {
    let server = serve(vec![json(200, r#"{"message": "deleted"}"#)]).await;
    let c = aiven(&server.url);
    assert_eq!(
        refusal(c.service_user_delete("proj", "svc", "..").await),
        "aiven.service_user_delete: invalid request: path parameter service_username must not \
         be \"..\": it would address another resource"
    );
    assert_eq!(
        refusal(c.service_delete("proj", "..").await),
        "aiven.service_delete: invalid request: path parameter service_name must not be \"..\": \
         it would address another resource"
    );
    assert_eq!(
        refusal(c.service_user_delete("proj", "svc", "").await),
        "aiven.service_user_delete: invalid request: path parameter service_username must not \
         be empty: it would address another resource"
    );
    for encoded in ["%2e%2e", ".%2E", "%2E.", "%252e%252e", ".", "%2e"] {
        let m = refusal(c.service_delete("proj", encoded).await);
        assert!(m.contains("path parameter service_name must not be"), "{m}");
    }
    let m = refusal(c.service_delete("proj", "x/../../other").await);
    assert!(m.contains("between slashes"), "{m}");

    let stargate: datacloud::stargate::Client =
        support::clients::client(&format!("{}/api/rest", server.url));
    let m = refusal(
        stargate
            .delete_doc_path(
                "ns",
                "coll",
                "doc1",
                "../../../../../schemas/keyspaces/ks/tables/t",
            )
            .await,
    );
    assert!(
        m.starts_with("stargate.delete_doc_path: invalid request: path parameter document-path"),
        "{m}"
    );
    assert!(m.contains("must not be \"..\""), "{m}");
    assert_eq!(server.hits.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[tokio::test]
async fn awkward_names_travel_inside_their_segment() {
    let server = serve(vec![json(200, r#"{"message": "deleted"}"#)]).await;
    let c = aiven(&server.url);
    c.service_user_delete("proj", "svc", "a b/c?d#e%f;g=h..")
        .await
        .expect("sent");
    c.service_user_delete("proj", "svc", "...")
        .await
        .expect("sent");
    c.service_user_delete("proj", "svc", "ünï")
        .await
        .expect("sent");
    let lines: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.lines().next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        lines,
        [
            "DELETE /project/proj/service/svc/user/a%20b%2Fc%3Fd%23e%25f%3Bg%3Dh.. HTTP/1.1",
            "DELETE /project/proj/service/svc/user/... HTTP/1.1",
            "DELETE /project/proj/service/svc/user/%C3%BCn%C3%AF HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn the_base_url_path_is_kept_and_never_climbed() {
    let server = serve(vec![json(200, r#"{"message": "deleted"}"#)]).await;
    let c = aiven(&format!("{}/proxy/v1/", server.url));
    c.service_delete("proj", "svc").await.expect("sent");
    assert!(refusal(c.service_delete("..", "..").await).contains("must not be"));
    let lines: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.lines().next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        lines,
        ["DELETE /proxy/v1/project/proj/service/svc HTTP/1.1"]
    );
}

#[test]
fn base_urls_with_a_query_or_fragment_are_refused() {
    for url in ["http://127.0.0.1:1/v1?x=1", "http://127.0.0.1:1/v1#top"] {
        let e = datacloud::aiven::Client::builder()
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(matches!(e, ConfigError::BaseUrlWithQuery(_)), "{e:?}");
    }
}

#[test]
fn credentials_that_would_break_a_header_are_refused_when_the_client_is_built() {
    for token in ["tok\r\nX-Evil: 1", "tok\n", "tok\r", "tok\0", "tok\u{7f}"] {
        let e = datacloud::aiven::Client::new(token).unwrap_err();
        assert!(
            matches!(e, ConfigError::InvalidCredentials),
            "{token:?}: {e:?}"
        );
        assert!(!e.to_string().contains("tok"), "the secret leaked: {e}");
    }
    for (user, key) in [
        ("user\r\nX-Evil: 1", "key"),
        ("user", "key\nX: y"),
        ("user", "key\0"),
        ("user:admin", "key"),
    ] {
        let e = datacloud::instaclustr::Client::new(user, key).err();
        assert!(
            matches!(e, Some(ConfigError::InvalidCredentials)),
            "{user:?}/{key:?}: {e:?}"
        );
    }
}
