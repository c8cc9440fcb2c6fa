//! What a comparison finds, before classification: a kind, where it is, a message, and the
//! facts and direction that `classify` needs. Shared by the modules that walk the two sides.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::classify::{Direction, Facts, Kind};
use super::reach::RouteKey;

/// Where a change is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// The API as a whole (servers, security, info).
    Api,
    /// One operation.
    Operation {
        /// Its route on the new side.
        key: RouteKey,
        /// `GET /a/{id}`.
        label: String,
    },
    /// A shared component (`#/components/schemas/X`), reported once.
    Component(String),
}

/// One finding, before classification.
#[derive(Clone, Debug)]
pub struct Raw {
    /// What changed.
    pub kind: Kind,
    /// Where.
    pub scope: Scope,
    /// For the reader.
    pub message: String,
    /// For the rules.
    pub facts: Facts,
    /// Request or response, when the change is in a schema or a parameter of an operation;
    /// `None` for changes of components (their operations decide) and of the API itself.
    pub direction: Option<Direction>,
}

/// The findings of a walk, and where it is.
#[derive(Debug)]
pub struct Found {
    scope: Scope,
    /// The direction of what is being compared now.
    pub direction: Option<Direction>,
    /// What was found so far.
    pub raws: Vec<Raw>,
}

impl Default for Found {
    fn default() -> Self {
        Found {
            scope: Scope::Api,
            direction: None,
            raws: Vec::new(),
        }
    }
}

impl Found {
    /// Record a change at the current scope and direction.
    pub fn emit(&mut self, kind: Kind, message: String, facts: Facts) {
        self.raws.push(Raw {
            kind,
            scope: self.scope.clone(),
            message,
            facts,
            direction: self.direction,
        });
    }

    /// Move to another scope and direction.
    pub fn at(&mut self, scope: Scope, direction: Option<Direction>) {
        self.scope = scope;
        self.direction = direction;
    }

    /// Report a docs change (`kind`) when `old` and `new` differ.
    pub fn docs<T: PartialEq>(
        &mut self,
        kind: Kind,
        old: &T,
        new: &T,
        message: impl FnOnce() -> String,
    ) {
        if old != new {
            self.emit(kind, message(), Facts::default());
        }
    }

    /// Keywords the generator does not use that differ: each is a `keyword-changed`, so that
    /// nothing changes unseen.
    pub fn other_keywords(
        &mut self,
        old: &BTreeMap<String, Value>,
        new: &BTreeMap<String, Value>,
        prefix: &str,
        facts: Facts,
    ) {
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for k in keys {
            if old.get(k) != new.get(k) {
                self.emit(
                    Kind::KeywordChanged,
                    format!("{prefix}`{k}` changed"),
                    facts,
                );
            }
        }
    }
}

/// No facts: for changes whose severity does not depend on any.
pub fn no_facts() -> Facts {
    Facts::default()
}

/// A value as messages show it: strings in backticks, the rest as JSON.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// A value that may be absent, as messages show it.
pub fn show_opt(v: Option<&Value>) -> String {
    v.map(show).unwrap_or_else(|| "(none)".to_string())
}

/// Alternatives, for messages.
pub fn list(items: &[String]) -> String {
    items.join(" or ")
}
