//! What a waiter is, as generated from the spec's `x-waiters`: the acceptors that decide what
//! each poll's answer means, and the default timing.

use std::time::Duration;

/// What an answer that an acceptor matches means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitState {
    /// The wait is over: the resource is where the caller wanted it.
    Success,
    /// The wait is over: the resource will not get there.
    Failure,
    /// Not yet: poll again.
    Retry,
}

impl WaitState {
    /// `success`, `failure` or `retry`, as the spec writes it.
    pub fn name(self) -> &'static str {
        match self {
            WaitState::Success => "success",
            WaitState::Failure => "failure",
            WaitState::Retry => "retry",
        }
    }
}

/// What an acceptor looks at.
#[derive(Clone, Copy, Debug)]
pub enum Matcher {
    /// The value at a JSON pointer into the response body is one of `values`. A string
    /// compares as its text; a boolean or a number as its JSON text (`true`, `3`).
    Value {
        /// The JSON pointer (`/status`, `/service/state`).
        pointer: &'static str,
        /// The values that match.
        values: &'static [&'static str],
    },
    /// The poll answered with this HTTP status (for example 404 once a resource is deleted).
    Status(u16),
}

/// One rule of a waiter: when `matcher` matches, the answer means `state`.
#[derive(Clone, Copy, Debug)]
pub struct Acceptor {
    /// What a match means.
    pub state: WaitState,
    /// What is looked at.
    pub matcher: Matcher,
}

/// A waiter: which answers of the polled operation end the wait, and how often to ask.
///
/// The first acceptor that matches decides; an answer that none matches means "poll again".
#[derive(Debug)]
pub struct Waiter {
    /// The API's module name.
    pub api: &'static str,
    /// The waiter's method (`wait_until_database_active`).
    pub name: &'static str,
    /// The operation it polls (`get_database`).
    pub operation: &'static str,
    /// The acceptors, in order.
    pub acceptors: &'static [Acceptor],
    /// The values the spec lists for the state (at the first acceptor's pointer); a value
    /// outside them is one the spec does not know, which is polled on and logged.
    pub known: &'static [&'static str],
    /// A JSON pointer to the resource's own message, reported with a failure or a timeout.
    pub message: Option<&'static str>,
    /// The default first delay between polls.
    pub min_delay: Duration,
    /// The longest delay between polls that backoff reaches.
    pub max_delay: Duration,
    /// The default time after which the wait gives up.
    pub max_wait: Duration,
}

impl Waiter {
    /// The pointer whose value is "the state" in events and errors: the first acceptor's.
    pub(crate) fn state_pointer(&self) -> Option<&'static str> {
        self.acceptors.iter().find_map(|a| match a.matcher {
            Matcher::Value { pointer, .. } => Some(pointer),
            Matcher::Status(_) => None,
        })
    }

    /// Whether an HTTP status alone can mean success (the wait then yields `Option`).
    pub fn succeeds_by_status(&self) -> bool {
        self.acceptors
            .iter()
            .any(|a| a.state == WaitState::Success && matches!(a.matcher, Matcher::Status(_)))
    }
}
