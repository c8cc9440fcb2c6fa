//! The API as a whole: info, servers, security, the environment `from_env` reads.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::classify::Kind;
use super::found::{list, no_facts, show_opt, Found, Scope};
use crate::ir::{Api, Env, Security};

/// What a requirement makes the client send, independent of the scheme's name: renaming a
/// scheme is not a change for the client.
pub fn schemes(api: &Api, security: &Security) -> Option<Vec<String>> {
    match security {
        Security::Anonymous => None,
        Security::Schemes(ids) => {
            let mut out: Vec<String> = ids
                .iter()
                .filter_map(|i| api.schemes.get(*i))
                .map(|s| s.kind.describe())
                .collect();
            out.sort();
            out.dedup();
            Some(out)
        }
    }
}

/// `x-datacloud.env` as the spec writes it, for messages.
fn env_value(env: &Env) -> Option<Value> {
    if *env == Env::default() {
        return None;
    }
    let mut out = serde_json::Map::new();
    for (key, value) in [
        ("token", &env.token),
        ("username", &env.username),
        ("password", &env.password),
    ] {
        if let Some(v) = value {
            out.insert(key.into(), json!(v));
        }
    }
    if !env.server.is_empty() {
        let server: serde_json::Map<String, Value> = env
            .server
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        out.insert("server".into(), Value::Object(server));
    }
    Some(Value::Object(out))
}

/// Compare what concerns the whole API.
pub fn compare(found: &mut Found, o: &Api, n: &Api) {
    found.at(Scope::Api, None);
    let text = |s: &str| Value::String(s.to_string());
    for (key, a, b) in [
        ("title", &o.title, &n.title),
        ("version", &o.version, &n.version),
    ] {
        if a != b {
            found.emit(
                Kind::InfoChanged,
                format!(
                    "info.{key} {} → {}",
                    show_opt(Some(&text(a))),
                    show_opt(Some(&text(b)))
                ),
                no_facts(),
            );
        }
    }
    found.docs(Kind::InfoChanged, &o.description, &n.description, || {
        "info.description changed".into()
    });
    let keys: BTreeSet<&String> = o.info_other.keys().chain(n.info_other.keys()).collect();
    for key in keys {
        found.docs(
            Kind::InfoChanged,
            &o.info_other.get(key),
            &n.info_other.get(key),
            || format!("info.{key} changed"),
        );
    }
    found.docs(
        Kind::ExternalDocsChanged,
        &o.external_docs,
        &n.external_docs,
        || "externalDocs changed".into(),
    );
    found.docs(Kind::TagsChanged, &o.tags, &n.tags, || {
        "the list of tags changed".into()
    });
    servers(found, o, n);
    security(found, o, n);
    let (ea, eb) = (env_value(&o.env), env_value(&n.env));
    if ea != eb {
        found.emit(
            Kind::CredentialsEnvChanged,
            format!(
                "x-datacloud.env {} → {}",
                show_opt(ea.as_ref()),
                show_opt(eb.as_ref())
            ),
            no_facts(),
        );
    }
}

fn security(found: &mut Found, o: &Api, n: &Api) {
    match (schemes(o, &o.security), schemes(n, &n.security)) {
        (None, Some(b)) => found.emit(
            Kind::SecurityAdded,
            format!("the API now requires {}", list(&b)),
            no_facts(),
        ),
        (Some(a), None) => found.emit(
            Kind::SecurityRemoved,
            format!("the API no longer requires credentials (was {})", list(&a)),
            no_facts(),
        ),
        (Some(a), Some(b)) if a != b => found.emit(
            Kind::SecurityChanged,
            format!("security {} → {}", list(&a), list(&b)),
            no_facts(),
        ),
        _ => {}
    }
    for (name, doc) in &o.scheme_docs {
        if let Some(other) = n.scheme_docs.get(name) {
            found.docs(Kind::DescriptionChanged, doc, other, || {
                format!("security scheme `{name}`: description changed")
            });
        }
    }
}

fn servers(found: &mut Found, o: &Api, n: &Api) {
    let first = |a: &Api| a.servers.first().map(|s| s.default_url());
    let (first_a, first_b) = (first(o), first(n));
    let changed = first_a != first_b;
    if changed {
        let url = |u: &Option<String>| {
            u.as_ref()
                .map(|u| format!("`{u}`"))
                .unwrap_or_else(|| "(none)".into())
        };
        found.emit(
            Kind::ServerChanged,
            format!("default server {} → {}", url(&first_a), url(&first_b)),
            no_facts(),
        );
    }
    let vars = |a: &Api| {
        a.server_vars()
            .iter()
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
    };
    let (va, vb) = (vars(o), vars(n));
    if va != vb {
        found.emit(
            Kind::ServerVariablesChanged,
            format!("server variables ({}) → ({})", va.join(", "), vb.join(", ")),
            no_facts(),
        );
    }
    let urls = |a: &Api| {
        a.servers
            .iter()
            .map(|s| s.default_url())
            .collect::<BTreeSet<_>>()
    };
    let (ua, ub) = (urls(o), urls(n));
    for url in ua.difference(&ub) {
        if !(changed && Some(url) == first_a.as_ref()) {
            found.emit(
                Kind::ServerRemoved,
                format!("server `{url}` removed"),
                no_facts(),
            );
        }
    }
    for url in ub.difference(&ua) {
        if !(changed && Some(url) == first_b.as_ref()) {
            found.emit(
                Kind::ServerAdded,
                format!("server `{url}` added"),
                no_facts(),
            );
        }
    }
    for (x, y) in o.servers.iter().zip(&n.servers) {
        if x.default_url() == y.default_url() && x.description != y.description {
            found.emit(
                Kind::DescriptionChanged,
                format!("server `{}`: description changed", y.default_url()),
                no_facts(),
            );
        }
    }
}
