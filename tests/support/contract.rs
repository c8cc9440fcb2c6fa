//! The contract harness: every case of a generated client's `__contract_cases()` sent to a
//! wiremock server on 127.0.0.1, with the request checked against the spec and the documented
//! responses decoded. Shared by `tests/contract.rs` (the shipped APIs) and
//! `fixtures/tests/contract.rs` (the fixture specs), included by `#[path]`.

#![allow(dead_code)]

use datacloud::runtime::contract::Case;
use datacloud::runtime::{ApiClient, AuthKind};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[path = "clients.rs"]
mod clients;

use clients::{client, KEY, TOKEN, USER};

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

fn check_request<C>(case: &Case<C>, schemes: &[AuthKind], req: &Request) -> Vec<String> {
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
    // The operation's own scheme carries the credentials; no other scheme's header is sent.
    let expected = case.scheme.and_then(|i| expected_auth(schemes[i]));
    if let Some((header, value)) = &expected {
        let got = req
            .headers
            .get(header.as_str())
            .and_then(|v| v.to_str().ok());
        if got != Some(value.as_str()) {
            problems.push(format!("credentials header `{header}` is {got:?}"));
        }
    }
    for (header, _) in schemes.iter().filter_map(|k| expected_auth(*k)) {
        let own = expected.as_ref().is_some_and(|(h, _)| *h == header);
        if !own && req.headers.contains_key(header.as_str()) {
            problems.push(format!(
                "sent `{header}`, which is not this operation's credentials"
            ));
        }
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
                // A bytes or text body is its sample, sent as is.
                Err(_) if expected.as_str().is_some_and(|s| req.body == s.as_bytes()) => {}
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

/// What the path checks of one API found.
#[derive(Default)]
struct PathTally {
    /// Operations with at least one path parameter.
    operations: usize,
    /// Parameters that took `..` and were refused with no request sent.
    refused: usize,
    /// Parameters whose Rust type cannot hold `..` at all (a UUID, an integer, an enum).
    typed: usize,
}

/// For every path parameter of `case`: `..` is refused before anything is sent, naming the
/// operation and the parameter; an awkward but valid value reaches the server in its segment.
async fn check_paths<C: ApiClient + Clone>(
    server: &MockServer,
    c: &C,
    case: &Case<C>,
    label: &str,
    tally: &mut PathTally,
    failures: &mut Vec<String>,
) {
    if !case.path_params.is_empty() {
        tally.operations += 1;
    }
    for p in case.path_params {
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(500))
            .mount(server)
            .await;
        match (case.call)(c.clone(), Some((p.index, ".."))).await {
            Err(f) if f.kind == "sample" => tally.typed += 1,
            Err(f) if f.kind == "invalid" => {
                let want = format!(
                    "{}.{}: invalid request: path parameter {} must not be \"..\"",
                    C::API.name,
                    case.operation,
                    p.name
                );
                if !f.message.starts_with(&want) {
                    failures.push(format!("{label}: `..` refused as {:?}", f.message));
                }
                tally.refused += 1;
            }
            other => failures.push(format!(
                "{label}: `..` in {} was not refused: {other:?}",
                p.name
            )),
        }
        let sent = server.received_requests().await.unwrap_or_default();
        if !sent.is_empty() {
            failures.push(format!(
                "{label}: `..` in {} reached the server as {}",
                p.name,
                sent[0].url.path()
            ));
        }
        server.reset().await;
        let mut ok = ResponseTemplate::new(case.status);
        if let Some(body) = case.response {
            ok = ok.set_body_raw(body.as_bytes().to_vec(), case.content_type);
        }
        Mock::given(any()).respond_with(ok).mount(server).await;
        match (case.call)(c.clone(), Some((p.index, p.awkward))).await {
            Err(f) if f.kind == "sample" => continue,
            Err(f) => failures.push(format!(
                "{label}: {:?} in {} failed: {f:?}",
                p.awkward, p.name
            )),
            Ok(()) => {}
        }
        let sent = server.received_requests().await.unwrap_or_default();
        match sent.as_slice() {
            [req] if req.url.path() == p.awkward_path => {}
            [req] => failures.push(format!(
                "{label}: {:?} in {} reached the server as `{}` instead of `{}`",
                p.awkward,
                p.name,
                req.url.path(),
                p.awkward_path
            )),
            other => failures.push(format!("{label}: {} requests instead of 1", other.len())),
        }
    }
}

/// Whether the client's credentials (built for the API's first scheme) fit the case's scheme.
fn credentials_fit<C: ApiClient>(case: &Case<C>) -> bool {
    let basic = |k: AuthKind| matches!(k, AuthKind::Basic);
    match case.scheme {
        Some(i) => basic(C::API.schemes[i]) == basic(C::API.auth()),
        None => true,
    }
}

pub async fn run<C: ApiClient + Clone>(cases: Vec<Case<C>>) {
    let server = MockServer::start().await;
    let c: C = client(&server.uri());
    let mut failures = Vec::new();
    let mut paths = PathTally::default();
    let total = cases.len();
    for case in &cases {
        let label = format!(
            "{} {} ({})",
            case.method, case.path_template, case.operation
        );
        if !credentials_fit::<C>(case) {
            // The operation needs credentials of another kind than the client holds (HTTP
            // Basic where it has a token): refused before anything is sent.
            server.reset().await;
            match (case.call)(c.clone(), None).await {
                Err(f) if f.kind == "invalid" => {}
                other => failures.push(format!(
                    "{label}: credentials of another kind gave {other:?}"
                )),
            }
            if !server
                .received_requests()
                .await
                .unwrap_or_default()
                .is_empty()
            {
                failures.push(format!("{label}: sent without the credentials it needs"));
            }
            continue;
        }
        check_paths(&server, &c, case, &label, &mut paths, &mut failures).await;
        // The documented success response.
        server.reset().await;
        let mut ok = ResponseTemplate::new(case.status);
        if let Some(body) = case.response {
            ok = ok.set_body_raw(body.as_bytes().to_vec(), case.content_type);
        }
        Mock::given(any()).respond_with(ok).mount(&server).await;
        if let Err(f) = (case.call)(c.clone(), None).await {
            failures.push(format!("{label}: success response not accepted: {f:?}"));
            continue;
        }
        let received = server.received_requests().await.unwrap_or_default();
        match received.as_slice() {
            [req] => {
                for p in check_request(case, C::API.schemes, req) {
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
            match (case.call)(c.clone(), None).await {
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
    eprintln!(
        "{}: {total} operations passed their contract; {} have path parameters: {} parameters \
         refused `..` before sending, {} cannot hold it by type",
        C::API.name,
        paths.operations,
        paths.refused,
        paths.typed
    );
}
