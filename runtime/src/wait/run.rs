//! One wait in progress: sleep as the schedule says, poll, judge the answer, trace it.
//! [`Wait`](super::Wait)'s future and its stream both drive this.

use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::classify::{judge, text_at, transient, Answer, Verdict};
use super::declare::Waiter;
use super::delay::{Next, Schedule};
use super::error::{Observed, WaitError, WaitErrorKind};
use crate::call::ResponseFuture;
use crate::error::{snippet, Error, ErrorKind};
use crate::response::Response;
use crate::retry::parse_retry_after;

/// Send one poll; its retries must not wait past the instant given.
pub(crate) type PollFn<'a, E> = Box<dyn Fn(Instant) -> ResponseFuture<Value, E> + Send + Sync + 'a>;

/// What one step of the wait produced.
pub(crate) enum Step<E> {
    /// A poll answered with a state that is not final; the wait goes on.
    Pending(Response<Value>),
    /// A poll with nothing to show (a 404 not yet visible, a transient error); the wait goes on.
    Quiet,
    /// Success, with the last poll's answer.
    Success(Response<Value>),
    /// Success by an HTTP status without a body (404 once deleted), with that answer's error.
    SuccessByStatus(Error<E>),
    /// The wait ended without success.
    Failed(WaitError<E>),
}

/// The state of one wait.
pub(crate) struct Run<'a, E> {
    waiter: &'static Waiter,
    poll: PollFn<'a, E>,
    schedule: Schedule,
    grace: Duration,
    started: Instant,
    polls: u32,
    last_started: Duration,
    hint: Option<Duration>,
    last: Option<Observed>,
    message: Option<String>,
    last_error: Option<Error<E>>,
    done: bool,
}

impl<'a, E> Run<'a, E> {
    pub(crate) fn new(
        waiter: &'static Waiter,
        poll: PollFn<'a, E>,
        schedule: Schedule,
        grace: Duration,
    ) -> Self {
        Run {
            waiter,
            poll,
            schedule,
            grace,
            started: Instant::now(),
            polls: 0,
            last_started: Duration::ZERO,
            hint: None,
            last: None,
            message: None,
            last_error: None,
            done: false,
        }
    }

    /// Sleep if a poll came before, poll, and judge; `None` once the wait has ended.
    pub(crate) async fn step(&mut self) -> Option<Step<E>> {
        if self.done {
            return None;
        }
        if self.polls > 0 {
            let now = self.started.elapsed();
            match self
                .schedule
                .next(self.polls, now, self.last_started, self.hint.take())
            {
                Next::Sleep(d) | Next::Last(d) => tokio::time::sleep(d).await,
                Next::Stop => {
                    self.done = true;
                    return Some(Step::Failed(self.timed_out()));
                }
            }
        }
        self.polls += 1;
        self.last_started = self.started.elapsed();
        let result = (self.poll)(self.started + self.schedule.deadline).await;
        let step = match result {
            Ok(r) => self.answered(r),
            Err(e) => self.failed(e),
        };
        self.done = !matches!(step, Step::Pending(_) | Step::Quiet);
        Some(step)
    }

    fn in_grace(&self) -> bool {
        self.started.elapsed() < self.grace
    }

    /// A poll that answered with a body.
    fn answered(&mut self, r: Response<Value>) -> Step<E> {
        self.hint = retry_after(r.headers());
        let answer = Answer {
            status: r.status(),
            body: Some(&r),
        };
        let (verdict, observed) = judge(self.waiter, answer, self.in_grace());
        self.message = self.waiter.message.and_then(|p| text_at(&r, p));
        self.trace(verdict, observed.as_ref());
        self.last_error = None;
        self.last = observed;
        match verdict {
            Verdict::Success => Step::Success(r),
            Verdict::Failure => {
                let state = self.last.clone().unwrap_or(Observed::Status(answer.status));
                let message = self.message.clone();
                Step::Failed(self.error(WaitErrorKind::Failed { state, message }))
            }
            _ => Step::Pending(r),
        }
    }

    /// A poll whose request failed (after the runtime's own retries).
    fn failed(&mut self, e: Error<E>) -> Step<E> {
        let (verdict, observed) = match e.api_error() {
            Some(api) => {
                self.hint = api.retry_after;
                let answer = Answer {
                    status: api.status,
                    body: None,
                };
                judge(self.waiter, answer, self.in_grace())
            }
            None => (Verdict::Fatal, None),
        };
        let verdict = match verdict {
            Verdict::Fatal if transient(&e) => Verdict::Transient,
            v => v,
        };
        self.trace(verdict, observed.as_ref());
        match verdict {
            Verdict::Success => Step::SuccessByStatus(e),
            Verdict::Failure => {
                let status = e.status().unwrap_or(reqwest::StatusCode::NOT_FOUND);
                let state = observed.unwrap_or(Observed::Status(status));
                Step::Failed(self.error(WaitErrorKind::Failed {
                    state,
                    message: None,
                }))
            }
            Verdict::NotYetVisible => {
                self.last = observed;
                Step::Quiet
            }
            Verdict::Transient => {
                self.last_error = Some(e);
                Step::Quiet
            }
            _ => Step::Failed(self.error(WaitErrorKind::Request(e))),
        }
    }

    /// Every poll is an event; a state the spec does not list is also a warning.
    fn trace(&self, verdict: Verdict, observed: Option<&Observed>) {
        let w = self.waiter;
        let state = observed.map(ToString::to_string).unwrap_or_default();
        let elapsed_ms = self.started.elapsed().as_millis() as u64;
        let attempt = self.polls;
        if verdict == Verdict::Unknown {
            tracing::warn!(api = w.api, waiter = w.name, attempt, state = %state, elapsed_ms,
                "the state is not one the spec lists; polling on");
        }
        tracing::info!(api = w.api, waiter = w.name, attempt, state = %state,
            verdict = verdict.name(), elapsed_ms, "poll");
    }

    pub(crate) fn error(&self, kind: WaitErrorKind<E>) -> WaitError<E> {
        let w = self.waiter;
        WaitError::new(w.api, w.name, self.polls, self.started.elapsed(), kind)
    }

    fn timed_out(&mut self) -> WaitError<E> {
        let kind = WaitErrorKind::TimedOut {
            after: self.schedule.deadline,
            last: self.last.clone(),
            message: self.message.clone(),
            last_error: self.last_error.take(),
        };
        self.error(kind)
    }

    /// Decode a poll's JSON as the operation's type.
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        r: Response<Value>,
    ) -> Result<Response<T>, WaitError<E>> {
        match T::deserialize(&*r) {
            Ok(value) => Ok(r.map(|_| value)),
            Err(e) => {
                let kind = ErrorKind::Decode {
                    status: r.status(),
                    content_type: r.header("content-type").map(str::to_string),
                    message: e.to_string(),
                    snippet: snippet(r.to_string().as_bytes()),
                };
                let w = self.waiter;
                let error = Error::new(w.api, w.operation, r.attempts(), kind);
                Err(self.error(WaitErrorKind::Request(error)))
            }
        }
    }
}

/// `Retry-After` on a poll's answer: the next poll waits at least that long.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()))
}
