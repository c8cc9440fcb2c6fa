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

/// Static description of the API and the `Client` type with its constructors.
pub fn client(rt: &TokenStream, api: &Api, api_name: &str) -> TokenStream {
    let title = &api.title;
    let version = &api.version;
    let base = api.server_url();
    let schemes: Vec<TokenStream> = api.schemes.iter().map(|s| auth_kind(rt, &s.kind)).collect();
    let (env, cred_params, cred_call, cred_doc) = match api.primary_scheme().map(|s| &s.kind) {
        None => (quote! { &[] }, quote! {}, quote! {}, ""),
        Some(SchemeKind::Basic) => {
            let envs: Vec<&String> = api
                .env
                .username
                .iter()
                .chain(api.env.password.iter())
                .collect();
            (
                quote! { &[#(#envs),*] },
                quote! { username: impl Into<String>, password: impl Into<String> },
                quote! { .credentials(#rt::Credentials::basic(username, password)) },
                ", authenticating with HTTP Basic",
            )
        }
        Some(SchemeKind::Bearer | SchemeKind::ApiKey { .. }) => {
            let envs: Vec<&String> = api.env.token.iter().collect();
            (
                quote! { &[#(#envs),*] },
                quote! { token: impl Into<String> },
                quote! { .credentials(#rt::Credentials::token(token)) },
                ", authenticating with `token`",
            )
        }
    };
    let var_names: Vec<&str> = api.server_vars().iter().map(|v| v.name.as_str()).collect();
    let var_args: Vec<_> = var_names
        .iter()
        .map(|n| format_ident!("{}", snake(n)))
        .collect();
    let server_vars = api.server_vars().iter().map(|v| {
        let name = &v.name;
        match &v.env {
            Some(e) => quote! { (#name, Some(#e)) },
            None => quote! { (#name, None) },
        }
    });
    let (new_doc, new_base) = if var_names.is_empty() {
        (
            format!(" A client for the default base URL{cred_doc}."),
            quote! {},
        )
    } else {
        (
            format!(
                " A client for `{}` with {} filled in{cred_doc}. For any other \
                 host (a self-hosted server), set [`ClientBuilder::base_url`](crate::runtime::ClientBuilder::base_url) on [`Client::builder`].",
                api.server_url(),
                var_names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" and ")
            ),
            quote! { .base_url(Self::server_url(#(#var_args),*)) },
        )
    };
    let var_params = var_args.iter().map(|a| quote! { #a: &str });
    let constructor = quote! {
        #[doc = #new_doc]
        pub fn new(#(#var_params,)* #cred_params) -> ::std::result::Result<Self, #rt::ConfigError> {
            Self::builder() #new_base #cred_call .build()
        }
    };
    let mut env_doc = match (api.primary_scheme().map(|s| &s.kind), &api.env) {
        (Some(SchemeKind::Basic), e) if e.username.is_some() && e.password.is_some() => format!(
            " A client configured from the environment: user name in `{}`, password in `{}`",
            e.username.as_deref().unwrap_or_default(),
            e.password.as_deref().unwrap_or_default()
        ),
        (Some(SchemeKind::Bearer | SchemeKind::ApiKey { .. }), e) if e.token.is_some() => format!(
            " A client configured from the environment: token in `{}`",
            e.token.as_deref().unwrap_or_default()
        ),
        _ => " A client configured from the environment (this API names no credential variables)"
            .to_string(),
    };
    for v in api.server_vars() {
        if let Some(e) = &v.env {
            env_doc.push_str(&format!(", `{}` in `{e}`", v.name));
        }
    }
    env_doc.push('.');
    let server_fn = if api.server_vars().is_empty() {
        TokenStream::new()
    } else {
        let doc = format!(
            " The base URL for these server variables: `{}`.",
            api.server_url()
        );
        quote! {
            #[doc = #doc]
            pub fn server_url(#(#var_args: &str),*) -> String {
                API.fill_base_url(&[#(#var_args),*])
            }
        }
    };
    let client_doc = format!(" Client for the {title} ({version}).");
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
    quote! {
        /// What the runtime needs to know about this API.
        pub static API: #rt::ApiInfo = #rt::ApiInfo {
            name: #api_name,
            title: #title,
            version: #version,
            default_base_url: #base,
            schemes: &[#(#schemes),*],
            env: #env,
            server_vars: &[#(#server_vars),*],
        };

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

            /// A builder for every setting: base URL, credentials, timeouts, retries, user agent.
            pub fn builder() -> #rt::ClientBuilder<Self> {
                #rt::ClientBuilder::new()
            }

            #constructor

            #[doc = #env_doc]
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
