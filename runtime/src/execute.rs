//! Sending a request: credentials, retries, redirects, body limit, tracing.

use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use tracing::{field, Instrument};

use super::config::Inner;
use super::error::{api_error, Error, ErrorKind};
use super::request::{Operation, Request};
use super::response::RawResponse;
use super::retry::parse_retry_after;

/// Redirects followed for one attempt before giving up.
const MAX_REDIRECTS: u32 = 5;

/// What an attempt that did not succeed means.
struct Verdict<E> {
    /// Whether another attempt may help.
    retryable: bool,
    /// Why it is retried, for the `retrying` event.
    reason: String,
    /// The wait the server asked for (`Retry-After`).
    wait_hint: Option<Duration>,
    /// The error, if no attempt follows.
    kind: ErrorKind<E>,
}

/// An error status: 429 is always retried (the server refused it unprocessed), 502 to 504 when
/// the method may be repeated.
fn error_status<E: DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &Bytes,
    may_retry: bool,
) -> Verdict<E> {
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let retryable = match status.as_u16() {
        429 => true,
        502..=504 => may_retry,
        _ => false,
    };
    Verdict {
        retryable,
        reason: format!("HTTP {}", status.as_u16()),
        wait_hint: retry_after,
        kind: ErrorKind::Api(api_error::<E>(status, headers, body, retry_after)),
    }
}

/// What one attempt ended in.
enum Outcome {
    Done(StatusCode, HeaderMap, Bytes),
    Failed(Failure),
}

enum Failure {
    Timeout,
    /// The request never reached the server.
    Connect(String),
    Transport(String),
    TooLarge,
    Redirect(String),
}

impl Inner {
    /// Send a request built by a generated method; retry as the policy says. The request is
    /// borrowed from the caller's future, and each layer below holds as little as it can
    /// across its awaits: a GET's future is what every call allocates and polls.
    pub async fn execute<E: DeserializeOwned>(
        &self,
        rq: &Request,
    ) -> Result<RawResponse, Error<E>> {
        let op = rq.op;
        // The span is a temporary, not a local: a local moved into `instrument` would keep its
        // slot in this future beside the copy inside it.
        self.execute_in_span(rq)
            .instrument(tracing::info_span!(
                "datacloud.request",
                api = self.0.api.name,
                operation = op.id,
                method = %op.method,
                path = op.path,
                status = field::Empty,
                attempt = field::Empty,
                latency_ms = field::Empty,
            ))
            .await
    }

    async fn execute_in_span<E: DeserializeOwned>(
        &self,
        rq: &Request,
    ) -> Result<RawResponse, Error<E>> {
        let op = rq.op;
        let api = self.0.api.name;
        let fail = |attempts: u32, kind: ErrorKind<E>| Error::new(api, op.id, attempts, kind);
        let url = self
            .url(rq)
            .map_err(|message| fail(0, ErrorKind::InvalidRequest { message }))?;
        let may_retry = op.idempotent() || self.0.retry.retry_non_idempotent;
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let attempt_start = Instant::now();
            // The outcome and its verdict end in this block, so that their slots are not kept
            // across the sleep below.
            let wait = {
                let outcome = self.attempt(rq, &url).await;
                let span = tracing::Span::current();
                span.record("attempt", attempt);
                span.record("latency_ms", attempt_start.elapsed().as_millis() as u64);
                let verdict = match outcome {
                    Outcome::Done(status, headers, body) if status.is_success() => {
                        span.record("status", status.as_u16());
                        return Ok(RawResponse {
                            api,
                            operation: op.id,
                            status,
                            headers,
                            body,
                            attempts: attempt,
                        });
                    }
                    Outcome::Done(status, headers, body) => {
                        span.record("status", status.as_u16());
                        error_status(status, &headers, &body, may_retry)
                    }
                    Outcome::Failed(f) => self.failure(f, may_retry),
                };
                let Some(wait) = self.wait(&verdict, attempt, started, rq.deadline) else {
                    return Err(fail(attempt, verdict.kind));
                };
                tracing::warn!(attempt, wait_ms = wait.as_millis() as u64, reason = %verdict.reason, "retrying");
                wait
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// What a failed attempt means: retry or not, and the error if not.
    fn failure<E>(&self, f: Failure, may_retry: bool) -> Verdict<E> {
        let (retryable, reason, kind) = match f {
            Failure::Timeout => (
                may_retry,
                "timeout",
                ErrorKind::Timeout {
                    after: self.0.timeout,
                },
            ),
            // The request never reached the server: always safe to send again.
            Failure::Connect(message) => (true, "connect", ErrorKind::Transport { message }),
            Failure::Transport(message) => {
                (may_retry, "transport", ErrorKind::Transport { message })
            }
            Failure::TooLarge => (
                false,
                "",
                ErrorKind::TooLarge {
                    limit: self.0.max_body_bytes,
                },
            ),
            Failure::Redirect(message) => (false, "", ErrorKind::Redirect { message }),
        };
        Verdict {
            retryable,
            reason: reason.to_string(),
            wait_hint: None,
            kind,
        }
    }

    /// How long to wait before the next attempt, or `None` when there is none: the error is
    /// final, the attempts are used up, or the wait would exceed the time budget or the
    /// request's deadline.
    fn wait<E>(
        &self,
        verdict: &Verdict<E>,
        attempt: u32,
        started: Instant,
        deadline: Option<Instant>,
    ) -> Option<Duration> {
        let policy = &self.0.retry;
        if !verdict.retryable || attempt >= policy.max_attempts {
            return None;
        }
        let wait = match verdict.wait_hint {
            Some(hint) => hint.max(policy.backoff(attempt).min(Duration::from_millis(1))),
            None => policy.backoff(attempt),
        };
        let past_deadline = deadline.is_some_and(|d| Instant::now() + wait > d);
        if started.elapsed() + wait > policy.max_elapsed
            || wait > policy.max_elapsed
            || past_deadline
        {
            tracing::debug!(
                attempt,
                wait_ms = wait.as_millis() as u64,
                "not retrying: the wait exceeds the time budget"
            );
            return None;
        }
        Some(wait)
    }

    /// The request's URL: the base URL with the operation's path (parameters filled in)
    /// after the base URL's own path, and the query. See [`request`](super::request) for why
    /// the parsed path is compared with the one built.
    fn url(&self, rq: &Request) -> Result<Url, String> {
        if let Some(problem) = &rq.problem {
            return Err(problem.clone());
        }
        if self.lacks_credentials_for(rq.op) {
            return Err(
                "the operation authenticates with a scheme the client's credentials do not fit \
                 (a token where it needs a user name and key, or the reverse)"
                    .to_string(),
            );
        }
        let path = rq.path(&self.0.base_path)?;
        let mut url = self.0.base.clone();
        url.set_path(&path);
        if url.path() != path {
            return Err(format!(
                "the path `{path}` would be sent as `{}`; refusing to send it",
                url.path()
            ));
        }
        if !rq.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(rq.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        Ok(url)
    }

    /// The credentials header for `op`: the first of its schemes that the client's credentials
    /// fit.
    fn credentials(&self, op: &Operation) -> Option<&(HeaderName, HeaderValue)> {
        op.auth
            .iter()
            .find_map(|i| self.0.auth.get(*i).and_then(Option::as_ref))
    }

    /// Whether the client holds credentials, but none that `op` accepts: sending it without
    /// would only earn a 401, and silently so.
    fn lacks_credentials_for(&self, op: &Operation) -> bool {
        !op.auth.is_empty() && !self.0.auth.is_empty() && self.credentials(op).is_none()
    }

    /// One attempt, following same-request redirects.
    async fn attempt(&self, rq: &Request, first_url: &Url) -> Outcome {
        // Boxed: redirects are rare, and this slot is in every request's future.
        let mut redirected: Option<Box<Url>> = None;
        let mut method = &rq.op.method;
        let mut body = rq.body.as_ref();
        for _ in 0..=MAX_REDIRECTS {
            let url = redirected.as_deref().unwrap_or(first_url);
            // The request is built inside the expression, so it is not kept across the await
            // (reqwest's pending future holds it).
            let pending = self
                .0
                .http
                .execute(self.http_request(rq, url, method, body));
            let sent =
                tokio::time::timeout(self.0.timeout, read(pending, self.0.max_body_bytes)).await;
            let (status, headers, bytes) = match sent {
                Err(_) => return Outcome::Failed(Failure::Timeout),
                Ok(Err(f)) => return Outcome::Failed(f),
                Ok(Ok(r)) => r,
            };
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                return Outcome::Done(status, headers, bytes);
            }
            let Some(location) = headers.get(LOCATION).and_then(|v| v.to_str().ok()) else {
                return Outcome::Done(status, headers, bytes);
            };
            let next = match url.join(location) {
                Ok(next) if matches!(next.scheme(), "http" | "https") => next,
                _ => {
                    return Outcome::Failed(Failure::Redirect(format!(
                        "unusable Location `{location}`"
                    )))
                }
            };
            // 303 always, and 301/302 for non-GET requests, become a GET without a body.
            if status == StatusCode::SEE_OTHER
                || ((status == StatusCode::MOVED_PERMANENTLY || status == StatusCode::FOUND)
                    && method != Method::GET
                    && method != Method::HEAD)
            {
                method = &Method::GET;
                body = None;
            }
            tracing::debug!(to = %next, "following redirect");
            redirected = Some(Box::new(next));
        }
        Outcome::Failed(Failure::Redirect(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    }

    /// The request one attempt sends to `url`: the operation's headers, the client's
    /// User-Agent, credentials only for the API's own origin, and the body.
    fn http_request(
        &self,
        rq: &Request,
        url: &Url,
        method: &Method,
        body: Option<&(HeaderValue, Bytes)>,
    ) -> reqwest::Request {
        let mut headers = HeaderMap::new();
        // JSON unless the operation asks for another media type (a text body).
        if !rq.headers.iter().any(|(name, _)| name == ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        headers.insert(USER_AGENT, self.0.user_agent.clone());
        for (name, value) in &rq.headers {
            headers.append(name.clone(), value.clone());
        }
        // Credentials go only to the API's own origin: never on to another host.
        if same_origin(&self.0.base, url) {
            if let Some((name, value)) = self.credentials(rq.op) {
                headers.insert(name.clone(), value.clone());
            }
        }
        let mut request = reqwest::Request::new(method.clone(), url.clone());
        if let Some((media_type, bytes)) = body {
            headers.insert(CONTENT_TYPE, media_type.clone());
            *request.body_mut() = Some(reqwest::Body::from(bytes.clone()));
        }
        *request.headers_mut() = headers;
        request
    }
}

/// Send and read the body, within `limit` bytes.
async fn read(
    pending: impl std::future::Future<Output = reqwest::Result<reqwest::Response>>,
    limit: usize,
) -> Result<(StatusCode, HeaderMap, Bytes), Failure> {
    let classify = |e: reqwest::Error| {
        if e.is_timeout() {
            Failure::Timeout
        } else if e.is_connect() {
            Failure::Connect(describe(&e))
        } else {
            Failure::Transport(describe(&e))
        }
    };
    let mut response = pending.await.map_err(classify)?;
    if response
        .content_length()
        .map(|n| n as usize > limit)
        .unwrap_or(false)
    {
        return Err(Failure::TooLarge);
    }
    // Sized once from Content-Length (within the limit) rather than grown chunk by chunk.
    let expected = response.content_length().unwrap_or(0) as usize;
    let mut body = BytesMut::with_capacity(expected.min(limit));
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > limit {
            return Err(Failure::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    // Taken once the body is read: until then the response holds them.
    let headers = std::mem::take(response.headers_mut());
    Ok((response.status(), headers, body.freeze()))
}

/// Whether `a` and `b` have the same origin (scheme, host and port, the default port for
/// the scheme when none is given), as `Url::origin` compares them for http and https (the
/// only schemes a client or a followed redirect can have) but without allocating two
/// `Origin`s per attempt.
fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && matches!(a.scheme(), "http" | "https")
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// A reqwest error with its causes, without the URL's query (which could carry data).
fn describe(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    if let Some(url) = e.url() {
        out = out.replace(&format!(" for url ({url})"), "");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        let (a, b) = (Url::parse(a).unwrap(), Url::parse(b).unwrap());
        let fast = same_origin(&a, &b);
        assert_eq!(fast, a.origin() == b.origin(), "{a} vs {b}");
        fast
    }

    #[test]
    fn same_origin_agrees_with_url_origin() {
        assert!(same(
            "https://api.example/v1/x",
            "https://api.example/other?q=1"
        ));
        assert!(same("https://api.example/", "https://api.example:443/"));
        assert!(same("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b"));
        assert!(same("http://[::1]:80/a", "http://[::1]/b"));
        assert!(!same("https://api.example/", "http://api.example/"));
        assert!(!same("https://api.example/", "https://api.example:8443/"));
        assert!(!same("https://api.example/", "https://evil.example/"));
        assert!(!same("https://api.example/", "https://api.example.evil/"));
        assert!(!same("http://127.0.0.1:8080/", "http://localhost:8080/"));
    }
}
