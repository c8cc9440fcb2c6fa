//! When to poll next: exponential backoff with jitter between the first delay and the
//! waiter's maximum, at least what `Retry-After` asks, and never past the deadline, where one
//! last poll is made (unless `Retry-After` asks for more than is left: the wait then ends).

use std::time::Duration;

/// What to do before the next poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Sleep this long, then poll.
    Sleep(Duration),
    /// Sleep until the deadline (this long), then make the last poll.
    Last(Duration),
    /// Time is up: the last poll was made at or after the deadline, or the server asked
    /// (`Retry-After`) not to be polled again before it.
    Stop,
}

/// The delays of one wait.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Schedule {
    /// The first delay (`poll_interval`).
    pub first: Duration,
    /// The longest delay backoff reaches (never below `first`).
    pub max: Duration,
    /// The deadline, from the start of the wait.
    pub deadline: Duration,
}

impl Schedule {
    /// The backoff delay after poll number `polls` (counting from 1): a random point between
    /// the first delay and `first * 2^(polls - 1)`, capped at the maximum. The first delay is
    /// exactly `first`; jitter keeps many waiters from polling in step.
    pub(crate) fn backoff(&self, polls: u32) -> Duration {
        let max = self.max.max(self.first);
        let ceiling = self
            .first
            .saturating_mul(1u32 << polls.saturating_sub(1).min(20))
            .min(max);
        let (lo, hi) = (self.first.as_nanos(), ceiling.as_nanos());
        if hi <= lo {
            return ceiling;
        }
        let span = (hi - lo).min(u64::MAX as u128) as u64;
        self.first + Duration::from_nanos(fastrand::u64(0..=span))
    }

    /// What to do after poll number `polls`, which started at `last_started` (from the start
    /// of the wait); `now` is the time since the start, `hint` what the server asked for
    /// (`Retry-After`).
    pub(crate) fn next(
        &self,
        polls: u32,
        now: Duration,
        last_started: Duration,
        hint: Option<Duration>,
    ) -> Next {
        if last_started >= self.deadline {
            return Next::Stop;
        }
        let remaining = self.deadline.saturating_sub(now);
        let backoff = self.backoff(polls);
        let delay = match hint {
            // The server asked not to be polled again before the deadline: polling at the
            // deadline anyway would go against that, and sleeping until then would only wait
            // for the timeout.
            Some(h) if h > backoff && h >= remaining => return Next::Stop,
            Some(h) => h.max(backoff),
            None => backoff,
        };
        if delay >= remaining {
            Next::Last(remaining)
        } else {
            Next::Sleep(delay)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn schedule() -> Schedule {
        Schedule {
            first: MS(100),
            max: MS(400),
            deadline: MS(1000),
        }
    }

    #[test]
    fn first_delay_is_the_poll_interval_then_backoff_grows_to_the_maximum() {
        let s = schedule();
        assert_eq!(s.backoff(1), MS(100));
        for _ in 0..50 {
            let second = s.backoff(2);
            assert!(second >= MS(100) && second <= MS(200), "{second:?}");
            let late = s.backoff(30);
            assert!(late >= MS(100) && late <= MS(400), "{late:?}");
        }
    }

    #[test]
    fn a_first_delay_above_the_maximum_is_kept() {
        let s = Schedule {
            first: MS(500),
            ..schedule()
        };
        assert_eq!(s.backoff(5), MS(500));
    }

    #[test]
    fn retry_after_lengthens_the_delay_or_ends_the_wait() {
        let s = schedule();
        // More than is left: the server does not want a poll before the deadline.
        assert_eq!(s.next(1, MS(500), MS(500), Some(MS(60_000))), Next::Stop);
        assert_eq!(
            s.next(1, MS(500), MS(500), Some(MS(400))),
            Next::Sleep(MS(400))
        );
        assert_eq!(s.next(1, MS(0), MS(0), Some(MS(300))), Next::Sleep(MS(300)));
        assert_eq!(s.next(1, MS(0), MS(0), Some(MS(10))), Next::Sleep(MS(100)));
    }

    #[test]
    fn never_sleeps_past_the_deadline_and_polls_once_at_it() {
        let s = schedule();
        assert_eq!(s.next(1, MS(950), MS(940), None), Next::Last(MS(50)));
        assert_eq!(s.next(2, MS(1010), MS(1000), None), Next::Stop);
        // A poll that started before the deadline and ended after it gets one more, at once.
        assert_eq!(s.next(2, MS(1200), MS(990), None), Next::Last(MS(0)));
    }
}
