//! Credentials: the security schemes an API's operations use, and which one each operation
//! sends, resolved against `components.securitySchemes` (validation has checked every name).

use serde_json::Value;

/// A security scheme an operation can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// Its name under `components.securitySchemes`.
    pub name: String,
    /// What the client sends.
    pub kind: SchemeKind,
}

/// What a scheme makes the client send.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SchemeKind {
    /// HTTP Basic: a user name and a password or key.
    Basic,
    /// A token in `Authorization: Bearer <token>` (HTTP bearer; OAuth 2 and OpenID Connect
    /// access tokens travel the same way).
    Bearer,
    /// A token in a header, after an optional prefix (`x-token-prefix`).
    ApiKey {
        /// The header.
        header: String,
        /// The prefix, without the space that follows it.
        prefix: Option<String>,
    },
}

impl SchemeKind {
    /// What a reader is told the client sends.
    pub fn describe(&self) -> String {
        match self {
            SchemeKind::Basic => "HTTP basic".into(),
            SchemeKind::Bearer => "HTTP bearer".into(),
            SchemeKind::ApiKey { header, prefix } => {
                let prefix = prefix
                    .as_ref()
                    .map(|p| format!(" (prefix `{p}`)"))
                    .unwrap_or_default();
                format!(
                    "API key in header `{}`{prefix}",
                    header.to_ascii_lowercase()
                )
            }
        }
    }

    /// Read a security scheme object; `None` for the kinds the client cannot send (an API key
    /// in a query or a cookie), which validation reports when an operation uses them.
    pub fn of(scheme: &Value) -> Option<SchemeKind> {
        match scheme["type"].as_str()? {
            "http" => match scheme["scheme"].as_str()?.to_ascii_lowercase().as_str() {
                "basic" => Some(SchemeKind::Basic),
                "bearer" => Some(SchemeKind::Bearer),
                _ => None,
            },
            "oauth2" | "openIdConnect" => Some(SchemeKind::Bearer),
            "apiKey" if scheme["in"] == "header" => Some(SchemeKind::ApiKey {
                header: scheme["name"].as_str()?.to_string(),
                prefix: scheme["x-token-prefix"].as_str().map(str::to_string),
            }),
            _ => None,
        }
    }
}

/// The credentials one call sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Security {
    /// None: `security: []`, a requirement list that allows anonymous calls (`{}` among
    /// them), or no security anywhere.
    Anonymous,
    /// One of these schemes (indices into `Api::schemes`), in the spec's order of preference.
    Schemes(Vec<usize>),
}

/// The scheme names of a list of security requirements, or `None` when it allows anonymous
/// calls (an empty list, or an empty requirement among them).
pub fn requirement_names(reqs: &Value) -> Option<Vec<String>> {
    let list = reqs.as_array().filter(|a| !a.is_empty())?;
    let mut out = Vec::new();
    for req in list {
        let o = req.as_object().filter(|o| !o.is_empty())?;
        for name in o.keys() {
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    Some(out)
}
