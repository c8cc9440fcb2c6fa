//! Comparing an operation's waiters (`x-waiters`), by name: added, removed, and what changed
//! in one (its acceptors, its message pointer, its default timing, its description).

use super::classify::Kind;
use super::found::{no_facts, Found};
use crate::ir::{Operation, Waiter};

/// Compare the waiters of `a` (old) and `b` (new).
pub fn waiters(found: &mut Found, a: &Operation, b: &Operation) {
    for old in &a.waiters {
        match b.waiters.iter().find(|w| w.name == old.name) {
            Some(new) => changed(found, old, new),
            None => found.emit(
                Kind::WaiterRemoved,
                format!("waiter `{}` removed", old.method()),
                no_facts(),
            ),
        }
    }
    for new in &b.waiters {
        if !a.waiters.iter().any(|w| w.name == new.name) {
            found.emit(
                Kind::WaiterAdded,
                format!("new waiter `{}` ({})", new.method(), new.acceptors_text()),
                no_facts(),
            );
        }
    }
}

fn changed(found: &mut Found, old: &Waiter, new: &Waiter) {
    let name = new.method();
    if old.acceptors != new.acceptors {
        found.emit(
            Kind::WaiterAcceptorsChanged,
            format!(
                "waiter `{name}` acceptors `{}` → `{}`",
                old.acceptors_text(),
                new.acceptors_text()
            ),
            no_facts(),
        );
    }
    if old.message != new.message {
        let show = |m: &Option<String>| m.clone().unwrap_or_else(|| "(none)".into());
        found.emit(
            Kind::WaiterMessageChanged,
            format!(
                "waiter `{name}` message `{}` → `{}`",
                show(&old.message),
                show(&new.message)
            ),
            no_facts(),
        );
    }
    let timing = |w: &Waiter| {
        format!(
            "{}s..{}s, max wait {}s",
            w.min_delay, w.max_delay, w.max_wait
        )
    };
    if timing(old) != timing(new) {
        found.emit(
            Kind::WaiterTimingChanged,
            format!("waiter `{name}` delays {} → {}", timing(old), timing(new)),
            no_facts(),
        );
    }
    found.docs(
        Kind::DescriptionChanged,
        &old.description,
        &new.description,
        || format!("waiter `{name}` description changed"),
    );
}
