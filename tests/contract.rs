//! Contract tests: every operation of every spec, over real HTTP on 127.0.0.1.
//!
//! The cases come from the specs themselves (`__contract_cases()`, generated under the
//! `contract` feature): sample arguments from the spec's examples, the request those arguments
//! must put on the wire, and the documented success and error responses to answer with. A spec
//! that lands is covered the day it lands, with no hand-written list to update.
//!
//! We use wiremock: it runs on the same tokio runtime as the client, gives every test its own
//! server on an ephemeral 127.0.0.1 port, and records each request with its raw path, which is
//! what the `%2F`-versus-`/` checks need.

#![cfg(feature = "contract")]

use datacloud::runtime::contract::Case;
use datacloud::runtime::{ApiClient, AuthKind, ClientBuilder, Credentials, RetryPolicy};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "AstraCS:contract-token";
const USER: &str = "contract-user";
const KEY: &str = "contract-key";

fn client<C: ApiClient>(base: &str) -> C {
    let creds = match C::API.auth {
        AuthKind::Basic => Some(Credentials::basic(USER, KEY)),
        AuthKind::Token { .. } => Some(Credentials::token(TOKEN)),
        AuthKind::None => None,
    };
    let mut b = ClientBuilder::<C>::new()
        .base_url(base)
        .retry(RetryPolicy::none());
    if let Some(c) = creds {
        b = b.credentials(c);
    }
    b.build().expect("client builds")
}

fn expected_auth(auth: AuthKind) -> Option<(String, String)> {
    use base64::Engine;
    match auth {
        AuthKind::None => None,
        AuthKind::Basic => Some((
            "authorization".into(),
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{KEY}"))
            ),
        )),
        AuthKind::Token { header, prefix } => Some((
            header.to_ascii_lowercase(),
            match prefix {
                Some(p) => format!("{p} {TOKEN}"),
                None => TOKEN.to_string(),
            },
        )),
    }
}

/// Drop what the client legitimately leaves out: nulls, empty arrays and empty objects.
fn prune(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Array(a) if a.is_empty() => None,
        Value::Object(o) => {
            let m: serde_json::Map<String, Value> = o
                .iter()
                .filter_map(|(k, v)| prune(v).map(|v| (k.clone(), v)))
                .collect();
            (!m.is_empty()).then_some(Value::Object(m))
        }
        Value::Array(a) => Some(Value::Array(
            a.iter().map(|v| prune(v).unwrap_or(Value::Null)).collect(),
        )),
        other => Some(other.clone()),
    }
}

/// Whether everything in `expected` is in `sent` (objects may carry more: schema defaults).
fn contains(sent: &Value, expected: &Value) -> bool {
    match (sent, expected) {
        (Value::Object(s), Value::Object(e)) => e
            .iter()
            .all(|(k, ev)| s.get(k).map(|sv| contains(sv, ev)).unwrap_or(false)),
        (Value::Array(s), Value::Array(e)) => {
            s.len() == e.len() && s.iter().zip(e).all(|(a, b)| contains(a, b))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        // The same instant may be written with more or fewer fractional digits.
        (Value::String(a), Value::String(b)) if a != b => match (
            chrono::DateTime::parse_from_rfc3339(a),
            chrono::DateTime::parse_from_rfc3339(b),
        ) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
        (a, b) => a == b,
    }
}

fn check_request<C>(case: &Case<C>, auth: AuthKind, req: &Request) -> Vec<String> {
    let mut problems = Vec::new();
    if req.method.as_str() != case.method {
        problems.push(format!("method {} instead of {}", req.method, case.method));
    }
    if req.url.path() != case.path {
        problems.push(format!(
            "path `{}` instead of `{}`",
            req.url.path(),
            case.path
        ));
    }
    let query: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let want: Vec<(String, String)> = case
        .query
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if query != want {
        problems.push(format!("query {query:?} instead of {want:?}"));
    }
    for (name, value) in case.headers {
        let got = req.headers.get(*name).and_then(|v| v.to_str().ok());
        if got != Some(value) {
            problems.push(format!("header {name}: {got:?} instead of {value:?}"));
        }
    }
    match (expected_auth(auth), case.authenticated) {
        (Some((header, value)), true) => {
            let got = req
                .headers
                .get(header.as_str())
                .and_then(|v| v.to_str().ok());
            if got != Some(value.as_str()) {
                problems.push(format!("credentials header `{header}` is {got:?}"));
            }
        }
        (Some((header, _)), false) => {
            if req.headers.contains_key(header.as_str()) {
                problems.push(format!(
                    "sent `{header}` to an operation that takes no credentials"
                ));
            }
        }
        (None, _) => {}
    }
    match case.body {
        Some(expected) => {
            let expected: Value = serde_json::from_str(expected).expect("case body is JSON");
            match serde_json::from_slice::<Value>(&req.body) {
                Ok(sent) => {
                    let (sent_p, expected_p) = (
                        prune(&sent).unwrap_or(Value::Null),
                        prune(&expected).unwrap_or(Value::Null),
                    );
                    if !contains(&sent_p, &expected_p) {
                        problems.push(format!("body {sent} does not carry {expected}"));
                    }
                }
                Err(_) if req.body == b"sample bytes" => {}
                Err(e) => problems.push(format!("body is not JSON: {e}")),
            }
        }
        None => {
            if !req.body.is_empty() {
                problems.push(format!(
                    "sent a body to an operation without one: {}",
                    String::from_utf8_lossy(&req.body)
                ));
            }
        }
    }
    problems
}

async fn run<C: ApiClient + Clone>(cases: Vec<Case<C>>) {
    let server = MockServer::start().await;
    let c: C = client(&server.uri());
    let auth = C::API.auth;
    let mut failures = Vec::new();
    let total = cases.len();
    for case in &cases {
        let label = format!(
            "{} {} ({})",
            case.method, case.path_template, case.operation
        );
        // The documented success response.
        server.reset().await;
        let mut ok = ResponseTemplate::new(case.status);
        if let Some(body) = case.response {
            ok = ok.set_body_raw(body.as_bytes().to_vec(), case.content_type);
        }
        Mock::given(any()).respond_with(ok).mount(&server).await;
        if let Err(f) = (case.call)(c.clone()).await {
            failures.push(format!("{label}: success response not accepted: {f:?}"));
            continue;
        }
        let received = server.received_requests().await.unwrap_or_default();
        match received.as_slice() {
            [req] => {
                for p in check_request(case, auth, req) {
                    failures.push(format!("{label}: {p}"));
                }
            }
            other => failures.push(format!("{label}: {} requests instead of 1", other.len())),
        }
        // A documented error response: a typed API error with the envelope decoded.
        if let Some(status) = case.error_status {
            server.reset().await;
            let mut err = ResponseTemplate::new(status);
            if let Some(body) = case.error_body {
                err = err.set_body_raw(body.as_bytes().to_vec(), "application/json");
            }
            Mock::given(any()).respond_with(err).mount(&server).await;
            match (case.call)(c.clone()).await {
                Ok(()) => failures.push(format!("{label}: HTTP {status} was taken for success")),
                Err(f) => {
                    if f.kind != "api" || f.status != Some(status) {
                        failures.push(format!("{label}: HTTP {status} gave {f:?}"));
                    }
                    if case.error_body.is_some() && !f.envelope {
                        failures.push(format!(
                            "{label}: the error envelope did not decode: {}",
                            f.message
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} operations failed their contract:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{}: {total} operations passed their contract", C::API.name);
}

#[cfg(feature = "instaclustr")]
#[tokio::test]
async fn instaclustr_contract() {
    run(datacloud::instaclustr::__contract_cases()).await;
}

#[cfg(feature = "astra_devops")]
#[tokio::test]
async fn astra_devops_contract() {
    run(datacloud::astra_devops::__contract_cases()).await;
}

#[cfg(feature = "stargate")]
#[tokio::test]
async fn stargate_contract() {
    run(datacloud::stargate::__contract_cases()).await;
}

#[cfg(feature = "astro")]
#[tokio::test]
async fn astro_contract() {
    run(datacloud::astro::__contract_cases()).await;
}

#[cfg(feature = "aiven")]
#[tokio::test]
async fn aiven_contract() {
    run(datacloud::aiven::__contract_cases()).await;
}
