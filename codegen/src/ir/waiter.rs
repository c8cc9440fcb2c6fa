//! Waiters (`x-waiters` on the polled operation): which answers end a wait, and its default
//! timing. Validation has checked the declaration against the response schema; this reads it.

use serde_json::Value;

/// What an acceptor's match means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WaitState {
    /// The wait is over: the resource got there.
    Success,
    /// The wait is over: the resource will not get there.
    Failure,
    /// Poll again.
    Retry,
}

impl WaitState {
    /// Read `state`.
    pub fn parse(s: &str) -> Option<WaitState> {
        match s {
            "success" => Some(WaitState::Success),
            "failure" => Some(WaitState::Failure),
            "retry" => Some(WaitState::Retry),
            _ => None,
        }
    }

    /// `success`, `failure` or `retry`.
    pub fn name(self) -> &'static str {
        match self {
            WaitState::Success => "success",
            WaitState::Failure => "failure",
            WaitState::Retry => "retry",
        }
    }
}

/// What an acceptor looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matcher {
    /// The value at a JSON pointer into the success body is one of these (as text: a string's
    /// own, a boolean's or number's JSON text).
    Value {
        /// The pointer (`/status`).
        pointer: String,
        /// The values.
        values: Vec<String>,
    },
    /// The poll answers with this HTTP status.
    Status(u16),
}

/// One acceptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptor {
    /// What a match means.
    pub state: WaitState,
    /// What it looks at.
    pub matcher: Matcher,
}

impl std::fmt::Display for Acceptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.matcher {
            Matcher::Value { pointer, values } => {
                write!(f, "{} {pointer} {}", self.state.name(), values.join("|"))
            }
            Matcher::Status(code) => write!(f, "{} HTTP {code}", self.state.name()),
        }
    }
}

/// One waiter of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiter {
    /// Its name (`database_active`); the method is `wait_until_<name>`.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// The acceptors, in order: the first that matches decides.
    pub acceptors: Vec<Acceptor>,
    /// Pointer to the resource's own message, reported with failures and timeouts.
    pub message: Option<String>,
    /// The default first delay between polls, in seconds.
    pub min_delay: u64,
    /// The longest delay between polls, in seconds.
    pub max_delay: u64,
    /// The default maximum wait, in seconds.
    pub max_wait: u64,
    /// The values the response schema lists at the first acceptor's pointer (filled in by the
    /// IR builder from the schema; a value outside them is an unknown state).
    pub known: Vec<String>,
}

impl Waiter {
    /// The generated method's name.
    pub fn method(&self) -> String {
        format!("wait_until_{}", self.name)
    }

    /// Whether an HTTP status alone can mean success (the wait then yields an `Option`).
    pub fn succeeds_by_status(&self) -> bool {
        self.acceptors
            .iter()
            .any(|a| a.state == WaitState::Success && matches!(a.matcher, Matcher::Status(_)))
    }

    /// The pointer of the first acceptor that reads the body: "the state".
    pub fn state_pointer(&self) -> Option<&str> {
        self.acceptors.iter().find_map(|a| match &a.matcher {
            Matcher::Value { pointer, .. } => Some(pointer.as_str()),
            Matcher::Status(_) => None,
        })
    }

    /// The acceptors in a line (`success /status ACTIVE; failure /status ERROR|TERMINATED`).
    pub fn acceptors_text(&self) -> String {
        self.acceptors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A scalar as acceptors compare it: a string's text, a boolean's or number's JSON text.
pub fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(_) | Value::Number(_) => Some(v.to_string()),
        _ => None,
    }
}

/// Read `x-waiters` of a validated operation, in the order written.
pub fn waiters(v: &Value) -> Vec<Waiter> {
    v.as_object()
        .into_iter()
        .flatten()
        .map(|(name, w)| Waiter {
            name: name.clone(),
            description: w["description"].as_str().map(str::to_string),
            acceptors: w["acceptors"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(acceptor)
                .collect(),
            message: w["message"].as_str().map(str::to_string),
            min_delay: w["min_delay"].as_u64().unwrap_or(0),
            max_delay: w["max_delay"].as_u64().unwrap_or(0),
            max_wait: w["max_wait"].as_u64().unwrap_or(0),
            known: Vec::new(),
        })
        .collect()
}

fn acceptor(a: &Value) -> Option<Acceptor> {
    let state = WaitState::parse(a["state"].as_str()?)?;
    let matcher = match a["status"].as_u64() {
        Some(code) => Matcher::Status(u16::try_from(code).ok()?),
        None => Matcher::Value {
            pointer: a["pointer"].as_str()?.to_string(),
            values: a["values"]
                .as_array()?
                .iter()
                .filter_map(value_text)
                .collect(),
        },
    };
    Some(Acceptor { state, matcher })
}

/// The raw JSON schema of an operation's first 2xx JSON response, `$ref`s followed: what a
/// waiter's pointers point into.
pub fn success_schema<'a>(doc: &'a Value, op: &'a Value) -> Option<&'a Value> {
    op["responses"]
        .as_object()?
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .find_map(|(_, r)| {
            let r = crate::refs::resolve(doc, r);
            r["content"]
                .as_object()?
                .iter()
                .find(|(mt, _)| crate::util::is_json(mt))
                .and_then(|(_, media)| media.get("schema"))
        })
        .map(|s| crate::refs::resolve(doc, s))
}

/// The values the schema lists at `pointer` (its `enum`, or `true`/`false` for a boolean).
pub fn listed_values(doc: &Value, schema: &Value, pointer: &str) -> Option<Vec<String>> {
    let node = crate::refs::schema_at(doc, schema, pointer).ok()?;
    if let Some(values) = node["enum"].as_array() {
        return Some(values.iter().filter_map(value_text).collect());
    }
    (node["type"] == "boolean").then(|| vec!["true".to_string(), "false".to_string()])
}

/// The waiters of an operation, each with the values its state may take.
pub fn build(doc: &Value, op: &Value) -> Vec<Waiter> {
    let mut out = waiters(&op["x-waiters"]);
    let schema = success_schema(doc, op);
    for w in &mut out {
        if let (Some(schema), Some(pointer)) = (schema, w.state_pointer()) {
            w.known = listed_values(doc, schema, pointer).unwrap_or_default();
        }
    }
    out
}
