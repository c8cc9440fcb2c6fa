//! The `Client` struct of an API: construction, auth, base URL.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, Auth};
use crate::util::snake;

/// Static description of the API and the `Client` type with its constructors.
pub fn client(rt: &TokenStream, api: &Api, api_name: &str) -> TokenStream {
    let title = &api.title;
    let version = &api.version;
    let base = &api.server_url;
    let (auth_kind, env, cred_params, cred_call, cred_doc) = match &api.auth {
        Auth::None => (
            quote! { #rt::AuthKind::None },
            quote! { &[] },
            quote! {},
            quote! {},
            "",
        ),
        Auth::Basic {
            env_user,
            env_password,
        } => {
            let envs: Vec<&String> = env_user.iter().chain(env_password.iter()).collect();
            (
                quote! { #rt::AuthKind::Basic },
                quote! { &[#(#envs),*] },
                quote! { username: impl Into<String>, password: impl Into<String> },
                quote! { .credentials(#rt::Credentials::basic(username, password)) },
                ", authenticating with HTTP Basic",
            )
        }
        Auth::Token {
            header,
            prefix,
            env,
        } => {
            let prefix = match prefix {
                Some(p) => quote! { Some(#p) },
                None => quote! { None },
            };
            let envs: Vec<&String> = env.iter().collect();
            (
                quote! { #rt::AuthKind::Token { header: #header, prefix: #prefix } },
                quote! { &[#(#envs),*] },
                quote! { token: impl Into<String> },
                quote! { .credentials(#rt::Credentials::token(token)) },
                ", authenticating with `token`",
            )
        }
    };
    let var_names: Vec<&str> = api.server_vars.iter().map(|v| v.name.as_str()).collect();
    let var_args: Vec<_> = var_names
        .iter()
        .map(|n| format_ident!("{}", snake(n)))
        .collect();
    let server_vars = api.server_vars.iter().map(|v| {
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
                api.server_url,
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
    let mut env_doc = match &api.auth {
        Auth::Basic {
            env_user: Some(u),
            env_password: Some(p),
        } => format!(
            " A client configured from the environment: user name in `{u}`, password in `{p}`"
        ),
        Auth::Token { env: Some(e), .. } => {
            format!(" A client configured from the environment: token in `{e}`")
        }
        _ => " A client configured from the environment (this API names no credential variables)"
            .to_string(),
    };
    for v in &api.server_vars {
        if let Some(e) = &v.env {
            env_doc.push_str(&format!(", `{}` in `{e}`", v.name));
        }
    }
    env_doc.push('.');
    let server_fn = if api.server_vars.is_empty() {
        TokenStream::new()
    } else {
        let doc = format!(
            " The base URL for these server variables: `{}`.",
            api.server_url
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
    let base_doc = if api.server_vars.is_empty() {
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
            auth: #auth_kind,
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
