//! Waiters: poll an operation until the resource reaches a state, generated from the spec's
//! `x-waiters` (see `specs/CONVENTIONS.md`).
//!
//! A generated `Client::wait_until_*` method returns a [`Wait`]: set
//! [`max_wait`](Wait::max_wait) or [`poll_interval`](Wait::poll_interval) on it, then `.await`
//! it for the last poll's answer, or read [`stream`](Wait::stream) for every poll's.
//!
//! - [`declare`]: what a waiter is (acceptors, default timing), as generated.
//! - `classify`: what one poll's answer means (success, failure, poll again).
//! - `delay`: when to poll next (backoff with jitter, `Retry-After`, the deadline).
//! - `run`: one wait in progress; [`error`]: why a wait ended without success.
//!
//! What the engine decides, whatever the API:
//! - the first poll is immediate; then the delay starts at the poll interval and backs off
//!   exponentially, with jitter, up to the waiter's maximum, and is at least what a
//!   `Retry-After` header asked for (a `Retry-After` beyond the deadline ends the wait at once);
//! - no sleep goes past the deadline (nor does a retry inside a poll): the wait sleeps until it
//!   and makes one last poll there, then reports [`WaitErrorKind::TimedOut`] with the last
//!   state seen;
//! - a state the spec does not list means "poll again", and is logged as a warning;
//! - a 404 within [`not_found_grace`](Wait::not_found_grace) of the start means "not visible
//!   yet" (a resource just created), unless the waiter declares 404 a success or a failure;
//! - a poll that fails transiently even after the runtime's retries (429, 502-504, a timeout,
//!   a broken connection) is polled again within the deadline; any other error ends the wait
//!   as [`WaitErrorKind::Request`];
//! - every poll is a `tracing` event (`poll`, with the API, the waiter, the attempt, the
//!   state, the verdict and the elapsed time), inside a `datacloud.wait` span when awaited.

mod classify;
pub mod declare;
mod delay;
pub mod error;
mod run;

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;

pub use declare::{Acceptor, Matcher, WaitState, Waiter};
pub use error::{Observed, WaitError, WaitErrorKind};

use super::call::ResponseFuture;
use super::response::Response;
use delay::Schedule;
use run::{Run, Step};

/// How long after the start of a wait a 404 still means "not visible yet" by default.
pub const NOT_FOUND_GRACE: Duration = Duration::from_secs(30);

/// What `.await`ing a wait yields on success.
///
/// `Response<T>` for a waiter that succeeds on a state in the body; `Option<Response<T>>` for
/// one that can also succeed on an HTTP status without a body (`None`: the resource is gone).
pub trait WaitOutput: Sized {
    /// The polled operation's response type.
    type Body: DeserializeOwned;
    /// The success that a state in the body showed.
    fn from_response(r: Response<Self::Body>) -> Self;
    /// The success that an HTTP status showed, when this output can say so.
    fn gone() -> Option<Self>;
}

impl<T: DeserializeOwned> WaitOutput for Response<T> {
    type Body = T;
    fn from_response(r: Response<T>) -> Self {
        r
    }
    fn gone() -> Option<Self> {
        None
    }
}

impl<T: DeserializeOwned> WaitOutput for Option<Response<T>> {
    type Body = T;
    fn from_response(r: Response<T>) -> Self {
        Some(r)
    }
    fn gone() -> Option<Self> {
        Some(None)
    }
}

/// A wait, returned by a generated `wait_until_*` method: set its options, then `.await` it
/// (or read [`stream`](Self::stream)).
#[must_use = "a wait does nothing until it is awaited or streamed"]
pub struct Wait<'a, O, E> {
    waiter: &'static Waiter,
    poll: run::PollFn<'a, E>,
    max_wait: Duration,
    poll_interval: Duration,
    not_found_grace: Duration,
    _out: PhantomData<fn() -> O>,
}

impl<O, E> std::fmt::Debug for Wait<'_, O, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wait")
            .field("waiter", &self.waiter.name)
            .field("max_wait", &self.max_wait)
            .field("poll_interval", &self.poll_interval)
            .field("not_found_grace", &self.not_found_grace)
            .finish()
    }
}

impl<'a, O, E> Wait<'a, O, E>
where
    O: WaitOutput + Send + 'a,
    O::Body: Send + 'a,
    E: Send + 'static,
{
    /// A wait for `waiter`; `poll` sends one request of the polled operation (generated code
    /// calls this).
    #[doc(hidden)]
    pub fn new(
        waiter: &'static Waiter,
        poll: impl Fn(Instant) -> ResponseFuture<Value, E> + Send + Sync + 'a,
    ) -> Self {
        Wait {
            waiter,
            poll: Box::new(poll),
            max_wait: waiter.max_wait,
            poll_interval: waiter.min_delay,
            not_found_grace: NOT_FOUND_GRACE,
            _out: PhantomData,
        }
    }

    /// Give up after this long (the waiter's default comes from the spec). One last poll is
    /// made at the deadline.
    pub fn max_wait(mut self, d: Duration) -> Self {
        self.max_wait = d;
        self
    }

    /// The delay before the second poll; later delays back off exponentially, with jitter, up
    /// to the waiter's maximum delay (or this one, if it is longer).
    pub fn poll_interval(mut self, d: Duration) -> Self {
        self.poll_interval = d;
        self
    }

    /// How long after the start a 404 still means "not visible yet" rather than an error
    /// (default [`NOT_FOUND_GRACE`], at most the maximum wait). Waiters that declare 404 a
    /// success or a failure ignore it.
    pub fn not_found_grace(mut self, d: Duration) -> Self {
        self.not_found_grace = d;
        self
    }

    fn run(self) -> Run<'a, E> {
        let schedule = Schedule {
            first: self.poll_interval,
            max: self.waiter.max_delay,
            deadline: self.max_wait,
        };
        Run::new(self.waiter, self.poll, schedule, self.not_found_grace)
    }

    /// Every poll's answer, decoded, as it arrives: for progress output. The stream ends after
    /// the success, or after an error (a failure state, a timeout, a poll failing), which is
    /// its last item. Polls without a body to show (a 404 not yet visible, a transient error)
    /// yield nothing; a success by HTTP status (404 once deleted) ends the stream.
    pub fn stream(self) -> impl Stream<Item = Result<Response<O::Body>, WaitError<E>>> + Send + 'a {
        futures_util::stream::unfold(self.run(), |mut run| async move {
            loop {
                let item = match run.step().await? {
                    Step::Pending(r) | Step::Success(r) => run.decode(r),
                    Step::Quiet => continue,
                    Step::SuccessByStatus(_) => return None,
                    Step::Failed(e) => Err(e),
                };
                return Some((item, run));
            }
        })
    }

    async fn finish(self) -> Result<O, WaitError<E>> {
        let mut run = self.run();
        while let Some(step) = run.step().await {
            match step {
                Step::Pending(_) | Step::Quiet => continue,
                Step::Success(r) => return run.decode(r).map(O::from_response),
                Step::SuccessByStatus(e) => {
                    return O::gone().ok_or_else(|| run.error(WaitErrorKind::Request(e)))
                }
                Step::Failed(e) => return Err(e),
            }
        }
        // `step` ends only after a final step, which returned above.
        Err(run.error(WaitErrorKind::TimedOut {
            after: Duration::ZERO,
            last: None,
            message: None,
            last_error: None,
        }))
    }
}

impl<'a, O, E> IntoFuture for Wait<'a, O, E>
where
    O: WaitOutput + Send + 'a,
    O::Body: Send + 'a,
    E: Send + 'static,
{
    type Output = Result<O, WaitError<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        let span = tracing::info_span!(
            "datacloud.wait",
            api = self.waiter.api,
            waiter = self.waiter.name
        );
        Box::pin(self.finish().instrument(span))
    }
}
