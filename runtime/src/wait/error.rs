//! Why a wait ended without success.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::error::Error;

/// What a poll showed: a state in the body, or an HTTP status without one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Observed {
    /// The value at the waiter's state pointer (`ACTIVE`, `POWEROFF`).
    State(String),
    /// An answer with this status and no state to read (`404 Not Found`).
    Status(StatusCode),
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Observed::State(s) if s.is_empty() => f.write_str("\"\" (empty)"),
            Observed::State(s) => f.write_str(s),
            Observed::Status(s) => write!(f, "HTTP {}", s.as_u16()),
        }
    }
}

/// A wait that ended without success: it timed out, the resource reached a failure state, or
/// a poll failed for good. Boxed, like [`Error`].
pub struct WaitError<E>(Box<Inner<E>>);

struct Inner<E> {
    api: &'static str,
    waiter: &'static str,
    polls: u32,
    elapsed: Duration,
    kind: WaitErrorKind<E>,
}

/// Why the wait ended.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitErrorKind<E> {
    /// The deadline passed (after one last poll at it) before a success or failure state.
    TimedOut {
        /// The maximum wait that ran out.
        after: Duration,
        /// The last state a poll showed, if any did.
        last: Option<Observed>,
        /// The resource's message at that poll, if it has one.
        message: Option<String>,
        /// The error of the last poll, when it failed transiently (429, 502-504, a timeout, a
        /// broken connection).
        last_error: Option<Error<E>>,
    },
    /// The resource reached a state the waiter declares a failure.
    Failed {
        /// Which state.
        state: Observed,
        /// The resource's message, if it has one.
        message: Option<String>,
    },
    /// A poll failed for good (after the runtime's own retries): the usual [`Error`].
    Request(Error<E>),
}

impl<E> WaitError<E> {
    pub(crate) fn new(
        api: &'static str,
        waiter: &'static str,
        polls: u32,
        elapsed: Duration,
        kind: WaitErrorKind<E>,
    ) -> Self {
        WaitError(Box::new(Inner {
            api,
            waiter,
            polls,
            elapsed,
            kind,
        }))
    }

    /// Why the wait ended.
    pub fn kind(&self) -> &WaitErrorKind<E> {
        &self.0.kind
    }

    /// Why the wait ended, by value.
    pub fn into_kind(self) -> WaitErrorKind<E> {
        self.0.kind
    }

    /// The waiter (`wait_until_database_active`).
    pub fn waiter(&self) -> &'static str {
        self.0.waiter
    }

    /// How many polls were made.
    pub fn polls(&self) -> u32 {
        self.0.polls
    }

    /// How long the wait took.
    pub fn elapsed(&self) -> Duration {
        self.0.elapsed
    }

    /// Whether the wait timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.0.kind, WaitErrorKind::TimedOut { .. })
    }

    /// The failure state the resource reached, if that is why the wait ended.
    pub fn failure_state(&self) -> Option<&Observed> {
        match &self.0.kind {
            WaitErrorKind::Failed { state, .. } => Some(state),
            _ => None,
        }
    }

    /// The poll's error, if a poll failed for good.
    pub fn request_error(&self) -> Option<&Error<E>> {
        match &self.0.kind {
            WaitErrorKind::Request(e) => Some(e),
            _ => None,
        }
    }
}

fn message_suffix(message: &Option<String>) -> String {
    match message {
        Some(m) if !m.is_empty() => format!(": {m}"),
        _ => String::new(),
    }
}

impl<E> fmt::Display for WaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: ", self.0.api, self.0.waiter)?;
        match &self.0.kind {
            WaitErrorKind::TimedOut {
                after,
                last,
                message,
                last_error,
            } => {
                write!(f, "timed out after {after:?} ({} polls)", self.0.polls)?;
                match last {
                    Some(state) => write!(f, "; last state {state}{}", message_suffix(message))?,
                    None => f.write_str("; no state seen")?,
                }
                if let Some(e) = last_error {
                    write!(f, "; last poll: {e}")?;
                }
                Ok(())
            }
            WaitErrorKind::Failed { state, message } => write!(
                f,
                "reached the failure state {state}{} after {} polls",
                message_suffix(message),
                self.0.polls
            ),
            WaitErrorKind::Request(e) => write!(f, "a poll failed: {e}"),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for WaitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitError")
            .field("api", &self.0.api)
            .field("waiter", &self.0.waiter)
            .field("polls", &self.0.polls)
            .field("elapsed", &self.0.elapsed)
            .field("kind", &self.0.kind)
            .finish()
    }
}

impl<E: fmt::Debug + 'static> std::error::Error for WaitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            WaitErrorKind::Request(e) => Some(e),
            WaitErrorKind::TimedOut {
                last_error: Some(e),
                ..
            } => Some(e),
            _ => None,
        }
    }
}
