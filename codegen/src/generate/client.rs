//! The `Client` struct of an API: construction, auth, base URL.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, SchemeKind};
use crate::util::snake;

/// The runtime's `AuthKind` for a scheme.
fn auth_kind(rt: &TokenStream, kind: &SchemeKind) -> TokenStream {
    match kind {
        SchemeKind::Basic => quote! { #rt::AuthKind::Basic },
        SchemeKind::Bearer => {
            quote! { #rt::AuthKind::Token { header: "Authorization", prefix: Some("Bearer") } }
        }
        SchemeKind::ApiKey { header, prefix } => {
            let prefix = match prefix {
                Some(p) => quote! { Some(#p) },
                None => quote! { None },
            };
            quote! { #rt::AuthKind::Token { header: #header, prefix: #prefix } }
        }
    }
}

/// What `Client::new` takes for credentials: the environment variables `from_env` reads, the
/// parameters, the builder call, and a few words for the docs.
struct Creds {
    env: TokenStream,
    params: TokenStream,
    call: TokenStream,
    doc: &'static str,
}

fn credentials(rt: &TokenStream, api: &Api) -> Creds {
    match api.primary_scheme().map(|s| &s.kind) {
        None => Creds {
            env: quote! { &[] },
            params: quote! {},
            call: quote! {},
            doc: "",
        },
        Some(SchemeKind::Basic) => {
            let envs = api.env.username.iter().chain(api.env.password.iter());
            Creds {
                env: quote! { &[#(#envs),*] },
                params: quote! { username: impl Into<String>, password: impl Into<String> },
                call: quote! { .credentials(#rt::Credentials::basic(username, password)) },
                doc: ", authenticating with HTTP Basic",
            }
        }
        Some(SchemeKind::Bearer | SchemeKind::ApiKey { .. }) => {
            let envs = api.env.token.iter();
            Creds {
                env: quote! { &[#(#envs),*] },
                params: quote! { token: impl Into<String> },
                call: quote! { .credentials(#rt::Credentials::token(token)) },
                doc: ", authenticating with `token`",
            }
        }
    }
}

/// The Rust arguments for the server URL's variables.
fn var_args(api: &Api) -> Vec<proc_macro2::Ident> {
    api.server_vars()
        .iter()
        .map(|v| format_ident!("{}", snake(&v.name)))
        .collect()
}

/// `Client::new`: the server variables (if any) and the credentials.
fn constructor(rt: &TokenStream, api: &Api, creds: &Creds) -> TokenStream {
    let vars = var_args(api);
    let cred_doc = creds.doc;
    let (doc, base) = if vars.is_empty() {
        (
            format!(" A client for the default base URL{cred_doc}."),
            quote! {},
        )
    } else {
        let names: Vec<String> = api
            .server_vars()
            .iter()
            .map(|v| format!("`{}`", v.name))
            .collect();
        (
            format!(
                " A client for `{}` with {} filled in{cred_doc}. For any other \
                 host (a self-hosted server), set [`ClientBuilder::base_url`](crate::runtime::ClientBuilder::base_url) on [`Client::builder`].",
                api.server_url(),
                names.join(" and ")
            ),
            quote! { .base_url(Self::server_url(#(#vars),*)) },
        )
    };
    let (params, call) = (&creds.params, &creds.call);
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn new(#(#vars: &str,)* #params) -> ::std::result::Result<Self, #rt::ConfigError> {
            Self::builder() #base #call .build()
        }
    }
}

/// The docs of `Client::from_env`: which variables it reads.
fn env_doc(api: &Api) -> String {
    let e = &api.env;
    let mut doc = match (
        api.primary_scheme().map(|s| &s.kind),
        &e.username,
        &e.password,
        &e.token,
    ) {
        (Some(SchemeKind::Basic), Some(u), Some(p), _) => format!(
            " A client configured from the environment: user name in `{u}`, password in `{p}`"
        ),
        (Some(SchemeKind::Bearer | SchemeKind::ApiKey { .. }), _, _, Some(t)) => {
            format!(" A client configured from the environment: token in `{t}`")
        }
        _ => " A client configured from the environment (this API names no credential variables)"
            .to_string(),
    };
    for v in api.server_vars() {
        if let Some(env) = &v.env {
            doc.push_str(&format!(", `{}` in `{env}`", v.name));
        }
    }
    doc.push('.');
    doc
}

/// `Client::server_url`, for an API whose server URL has variables.
fn server_fn(api: &Api) -> TokenStream {
    if api.server_vars().is_empty() {
        return TokenStream::new();
    }
    let vars = var_args(api);
    let doc = format!(
        " The base URL for these server variables: `{}`.",
        api.server_url()
    );
    quote! {
        #[doc = #doc]
        pub fn server_url(#(#vars: &str),*) -> String {
            API.fill_base_url(&[#(#vars),*])
        }
    }
}

/// The `API` static: what the runtime needs to know about the API.
fn api_info(rt: &TokenStream, api: &Api, api_name: &str, creds: &Creds) -> TokenStream {
    let (title, version, base) = (&api.title, &api.version, api.server_url());
    let schemes = api.schemes.iter().map(|s| auth_kind(rt, &s.kind));
    let server_vars = api.server_vars().iter().map(|v| {
        let name = &v.name;
        match &v.env {
            Some(e) => quote! { (#name, Some(#e)) },
            None => quote! { (#name, None) },
        }
    });
    let env = &creds.env;
    quote! {
        /// What the runtime needs to know about this API.
        #[doc(hidden)]
        pub static API: #rt::ApiInfo = #rt::ApiInfo {
            name: #api_name,
            title: #title,
            version: #version,
            default_base_url: #base,
            schemes: &[#(#schemes),*],
            env: #env,
            server_vars: &[#(#server_vars),*],
        };
    }
}

/// `WaitError`, for an API with waiters.
fn wait_error(rt: &TokenStream, api: &Api) -> Option<TokenStream> {
    api.operations
        .iter()
        .any(|o| !o.waiters.is_empty())
        .then(|| {
            quote! {
                /// Why a `wait_until_*` wait ended without success: timed out, a failure state,
                /// or a poll that failed for good.
                pub type WaitError = #rt::WaitError<ErrorBody>;
            }
        })
}

/// Static description of the API and the `Client` type with its constructors.
pub fn client(rt: &TokenStream, api: &Api, api_name: &str) -> TokenStream {
    let creds = credentials(rt, api);
    let info = api_info(rt, api, api_name, &creds);
    let constructor = constructor(rt, api, &creds);
    let (env_doc, server_fn) = (env_doc(api), server_fn(api));
    let base = api.server_url();
    let client_doc = format!(" Client for the {} ({}).", api.title, api.version);
    let desc = api.description.as_deref().unwrap_or("").trim().to_string();
    let desc_doc = (!desc.is_empty()).then(|| {
        let lines = desc.lines().map(|l| format!(" {l}"));
        quote! { #[doc = ""] #(#[doc = #lines])* }
    });
    let base_doc = if api.server_vars().is_empty() {
        format!(" The vendor's base URL: `{base}`.")
    } else {
        format!(" The vendor's base URL, a template: `{base}`. See [`Client::server_url`].")
    };
    let wait_error = wait_error(rt, api);
    quote! {
        #info

        #wait_error

        /// The error body this API returns on failure.
        pub type ErrorBody = __ErrorBody;
        /// The error of every call of this API.
        pub type Error = #rt::Error<ErrorBody>;
        /// The result of a call: the decoded body with its status and headers, or an [`Error`].
        pub type Result<T> = ::std::result::Result<#rt::Response<T>, Error>;

        #[doc = #client_doc]
        #desc_doc
        ///
        /// Cheap to clone: clones share one connection pool.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: #rt::Inner,
        }

        impl #rt::ApiClient for Client {
            const API: &'static #rt::ApiInfo = &API;
            fn from_inner(inner: #rt::Inner) -> Self {
                Client { inner }
            }
        }

        impl Client {
            #[doc = #base_doc]
            pub const DEFAULT_BASE_URL: &'static str = #base;

            // The constructors are `#[inline]`, as `send` is: the runtime's generic builder is
            // compiled in the crate that builds a client, not in every build of `datacloud`.

            /// A builder for every setting: base URL, credentials, timeouts, retries, user agent.
            #[inline]
            pub fn builder() -> #rt::ClientBuilder<Self> {
                #rt::ClientBuilder::new()
            }

            #constructor

            #[doc = #env_doc]
            #[inline]
            pub fn from_env() -> ::std::result::Result<Self, #rt::ConfigError> {
                Self::builder().from_env()?.build()
            }

            #server_fn

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }
        }
    }
}
