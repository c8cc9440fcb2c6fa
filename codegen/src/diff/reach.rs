//! Which shared components each operation reaches, and in which direction: a change inside a
//! component is reported once, with the operations it reaches.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::escape;
use crate::ir::{Api, BodyKind, HttpMethod, Operation, SCHEMA_PREFIX};

/// A route: the method and the path with parameter names left out (`/a/{}/b`), so that
/// renaming a path parameter does not make a new operation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RouteKey {
    /// The path with every `{name}` written `{}`.
    pub shape: String,
    /// The HTTP method.
    pub method: HttpMethod,
}

impl RouteKey {
    /// The route of `op`.
    pub fn of(op: &Operation) -> Self {
        RouteKey {
            shape: op.route_shape(),
            method: op.method,
        }
    }
}

/// The directions in which an operation uses a component.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dirs {
    /// Reached from a parameter or the request body.
    pub request: bool,
    /// Reached from a response.
    pub response: bool,
}

impl Dirs {
    /// Both directions.
    pub const BOTH: Dirs = Dirs {
        request: true,
        response: true,
    };

    /// Directions in both `self` and `other`.
    pub fn and(self, other: Dirs) -> Dirs {
        Dirs {
            request: self.request && other.request,
            response: self.response && other.response,
        }
    }

    /// Directions in either.
    pub fn or(self, other: Dirs) -> Dirs {
        Dirs {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    /// Neither direction.
    pub fn is_empty(self) -> bool {
        !self.request && !self.response
    }
}

/// Component reference (`#/components/schemas/X`) to the operations that reach it.
pub type Reach = BTreeMap<String, BTreeMap<RouteKey, Dirs>>;

/// The references an operation's requests reach, and those its responses reach.
fn roots(op: &Operation) -> (BTreeSet<String>, BTreeSet<String>, Vec<String>) {
    let (mut request, mut response) = (BTreeSet::new(), BTreeSet::new());
    let mut params = Vec::new();
    for p in op.params.iter().chain(op.omitted.iter().map(|o| &o.param)) {
        p.schema.refs(&mut request);
        if let Some(shared) = &p.shared {
            params.push(format!("#/components/parameters/{}", escape(shared)));
        }
    }
    if let Some(BodyKind::Json(s)) = op.body.as_ref().map(|b| &b.kind) {
        s.refs(&mut request);
    }
    for r in &op.responses {
        if let BodyKind::Json(s) = &r.kind {
            s.refs(&mut response);
        }
    }
    (request, response, params)
}

/// Which components each operation of `api` reaches, and in which direction.
pub fn reach(api: &Api) -> Reach {
    let mut out: Reach = BTreeMap::new();
    let schema_ref = |name: &String| format!("{SCHEMA_PREFIX}{}", escape(name));
    for op in &api.operations {
        let key = RouteKey::of(op);
        let (request, response, params) = roots(op);
        let mut mark = |component: String, response_side: bool| {
            let dirs = out
                .entry(component)
                .or_default()
                .entry(key.clone())
                .or_default();
            if response_side {
                dirs.response = true;
            } else {
                dirs.request = true;
            }
        };
        for name in api.closure(request) {
            mark(schema_ref(&name), false);
        }
        for name in api.closure(response) {
            mark(schema_ref(&name), true);
        }
        for p in params {
            mark(p, false);
        }
    }
    out
}
