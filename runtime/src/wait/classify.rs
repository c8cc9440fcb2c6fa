//! What one poll's answer means for the wait: a small pure function of the waiter's
//! acceptors and the answer, unit-tested without sockets.

use reqwest::StatusCode;
use serde_json::Value;

use super::declare::{Matcher, WaitState, Waiter};
use super::error::Observed;
use crate::error::{Error, ErrorKind};

/// What a poll answered, as the acceptors see it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Answer<'v> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The JSON body of a successful answer; `None` for an error status.
    pub body: Option<&'v Value>,
}

/// What the wait does after a poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// An acceptor says success.
    Success,
    /// An acceptor says failure.
    Failure,
    /// Poll again: an acceptor says retry, or none matched.
    Retry,
    /// Poll again: the state is one the spec does not list.
    Unknown,
    /// Poll again: 404 soon after the wait started (the resource is not visible yet).
    NotYetVisible,
    /// Poll again: the request failed transiently even after the runtime's retries.
    Transient,
    /// Stop: the request failed for good.
    Fatal,
}

impl Verdict {
    /// A short name, for tracing.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Verdict::Success => "success",
            Verdict::Failure => "failure",
            Verdict::Retry => "retry",
            Verdict::Unknown => "unknown-state",
            Verdict::NotYetVisible => "not-yet-visible",
            Verdict::Transient => "transient-error",
            Verdict::Fatal => "error",
        }
    }
}

impl From<WaitState> for Verdict {
    fn from(s: WaitState) -> Self {
        match s {
            WaitState::Success => Verdict::Success,
            WaitState::Failure => Verdict::Failure,
            WaitState::Retry => Verdict::Retry,
        }
    }
}

/// A value as acceptors compare it: a string's text, other scalars' JSON text.
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(_) | Value::Number(_) => Some(v.to_string()),
        _ => None,
    }
}

/// The text at `pointer` in `body`, if it is a scalar.
pub(crate) fn text_at(body: &Value, pointer: &str) -> Option<String> {
    body.pointer(pointer).and_then(text)
}

/// Judge an answer: the first acceptor that matches decides. Otherwise an error status is a
/// 404 not yet visible (while `in_grace`) or fatal, and a body means "poll again", marked
/// unknown when its state is not one the spec lists.
pub(crate) fn judge(
    waiter: &Waiter,
    answer: Answer<'_>,
    in_grace: bool,
) -> (Verdict, Option<Observed>) {
    for acceptor in waiter.acceptors {
        match (acceptor.matcher, answer.body) {
            (Matcher::Status(code), _) if answer.status.as_u16() == code => {
                return (acceptor.state.into(), Some(Observed::Status(answer.status)));
            }
            (Matcher::Value { pointer, values }, Some(body)) => {
                if let Some(t) = text_at(body, pointer).filter(|t| values.contains(&t.as_str())) {
                    return (acceptor.state.into(), Some(Observed::State(t)));
                }
            }
            _ => {}
        }
    }
    let Some(body) = answer.body else {
        let verdict = if answer.status == StatusCode::NOT_FOUND && in_grace {
            Verdict::NotYetVisible
        } else {
            Verdict::Fatal
        };
        return (verdict, Some(Observed::Status(answer.status)));
    };
    let state = waiter.state_pointer().and_then(|p| text_at(body, p));
    let verdict = match &state {
        Some(s) if !waiter.known.is_empty() && !waiter.known.contains(&s.as_str()) => {
            Verdict::Unknown
        }
        _ => Verdict::Retry,
    };
    (verdict, state.map(Observed::State))
}

/// Whether a poll's error is one the runtime itself would retry (429, 502-504, a timeout, a
/// broken connection): the waiter polls on after it, within its deadline.
pub(crate) fn transient<E>(e: &Error<E>) -> bool {
    match e.kind() {
        ErrorKind::Api(api) => matches!(api.status.as_u16(), 429 | 502..=504),
        ErrorKind::Timeout { .. } | ErrorKind::Transport { .. } => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wait::declare::Acceptor;
    use serde_json::json;
    use std::time::Duration;

    const ACCEPTORS: &[Acceptor] = &[
        Acceptor {
            state: WaitState::Success,
            matcher: Matcher::Value {
                pointer: "/status",
                values: &["TERMINATED"],
            },
        },
        Acceptor {
            state: WaitState::Success,
            matcher: Matcher::Status(404),
        },
        Acceptor {
            state: WaitState::Failure,
            matcher: Matcher::Value {
                pointer: "/status",
                values: &["ERROR"],
            },
        },
    ];

    fn waiter(acceptors: &'static [Acceptor]) -> Waiter {
        Waiter {
            api: "test",
            name: "wait_until_gone",
            operation: "get_thing",
            acceptors,
            known: &["ACTIVE", "TERMINATING", "TERMINATED", "ERROR"],
            message: Some("/message"),
            min_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(2),
            max_wait: Duration::from_secs(3),
        }
    }

    fn ok(body: &Value) -> Answer<'_> {
        Answer {
            status: StatusCode::OK,
            body: Some(body),
        }
    }

    #[test]
    fn first_matching_acceptor_decides() {
        let w = waiter(ACCEPTORS);
        let done = json!({"status": "TERMINATED"});
        assert_eq!(
            judge(&w, ok(&done), true),
            (Verdict::Success, Some(Observed::State("TERMINATED".into())))
        );
        let failed = json!({"status": "ERROR"});
        assert_eq!(judge(&w, ok(&failed), true).0, Verdict::Failure);
        let gone = Answer {
            status: StatusCode::NOT_FOUND,
            body: None,
        };
        assert_eq!(
            judge(&w, gone, true),
            (
                Verdict::Success,
                Some(Observed::Status(StatusCode::NOT_FOUND))
            )
        );
    }

    #[test]
    fn unmatched_states_poll_again_and_unknown_ones_are_marked() {
        let w = waiter(ACCEPTORS);
        let pending = json!({"status": "TERMINATING"});
        assert_eq!(judge(&w, ok(&pending), false).0, Verdict::Retry);
        let odd = json!({"status": "REBOOTING"});
        assert_eq!(
            judge(&w, ok(&odd), false),
            (Verdict::Unknown, Some(Observed::State("REBOOTING".into())))
        );
        let missing = json!({"other": 1});
        assert_eq!(judge(&w, ok(&missing), false), (Verdict::Retry, None));
    }

    #[test]
    fn a_404_is_not_yet_visible_only_in_the_grace_period() {
        let w = waiter(&ACCEPTORS[..1]);
        let gone = Answer {
            status: StatusCode::NOT_FOUND,
            body: None,
        };
        assert_eq!(judge(&w, gone, true).0, Verdict::NotYetVisible);
        assert_eq!(judge(&w, gone, false).0, Verdict::Fatal);
        let denied = Answer {
            status: StatusCode::FORBIDDEN,
            body: None,
        };
        assert_eq!(judge(&w, denied, true).0, Verdict::Fatal);
    }

    #[test]
    fn booleans_and_numbers_compare_as_json_text() {
        const FLAG: &[Acceptor] = &[Acceptor {
            state: WaitState::Success,
            matcher: Matcher::Value {
                pointer: "/a/b",
                values: &["true", "3"],
            },
        }];
        let w = Waiter {
            known: &[],
            ..waiter(FLAG)
        };
        assert_eq!(
            judge(&w, ok(&json!({"a": {"b": true}})), false).0,
            Verdict::Success
        );
        assert_eq!(
            judge(&w, ok(&json!({"a": {"b": 3}})), false).0,
            Verdict::Success
        );
        assert_eq!(
            judge(&w, ok(&json!({"a": {"b": false}})), false).0,
            Verdict::Retry
        );
    }
}
