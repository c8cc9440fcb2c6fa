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
    let (auth_kind, env, constructor) = match &api.auth {
        Auth::None => (
            quote! { #rt::AuthKind::None },
            quote! { &[] },
            quote! {
                /// A client for the default base URL.
                pub fn new() -> ::std::result::Result<Self, #rt::ConfigError> {
                    Self::builder().build()
                }
            },
        ),
        Auth::Basic {
            env_user,
            env_password,
        } => {
            let envs: Vec<&String> = env_user.iter().chain(env_password.iter()).collect();
            (
                quote! { #rt::AuthKind::Basic },
                quote! { &[#(#envs),*] },
                quote! {
                    /// A client for the default base URL that authenticates with HTTP Basic.
                    pub fn new(username: impl Into<String>, password: impl Into<String>) -> ::std::result::Result<Self, #rt::ConfigError> {
                        Self::builder().credentials(#rt::Credentials::basic(username, password)).build()
                    }
                },
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
                quote! {
                    /// A client for the default base URL that authenticates with `token`.
                    pub fn new(token: impl Into<String>) -> ::std::result::Result<Self, #rt::ConfigError> {
                        Self::builder().credentials(#rt::Credentials::token(token)).build()
                    }
                },
            )
        }
    };
    let env_doc = match &api.auth {
        Auth::Basic {
            env_user: Some(u),
            env_password: Some(p),
        } => format!(
            " A client configured from the environment: user name in `{u}`, password in `{p}`."
        ),
        Auth::Token { env: Some(e), .. } => {
            format!(" A client configured from the environment: token in `{e}`.")
        }
        _ => " A client configured from the environment (this API names no variables).".to_string(),
    };
    let server_fn = if api.server_vars.is_empty() {
        TokenStream::new()
    } else {
        let args: Vec<_> = api
            .server_vars
            .iter()
            .map(|(n, _)| format_ident!("{}", snake(n)))
            .collect();
        let mut fmt = api.server_url.clone();
        for (n, _) in &api.server_vars {
            fmt = fmt.replace(&format!("{{{n}}}"), "{}");
        }
        let doc = format!(
            " The base URL for these server variables: `{}`.",
            api.server_url
        );
        quote! {
            #[doc = #doc]
            pub fn server_url(#(#args: &str),*) -> String {
                format!(#fmt, #(#args),*)
            }
        }
    };
    let client_doc = format!(" Client for the {title} ({version}).");
    let desc = api.description.as_deref().unwrap_or("").trim().to_string();
    let desc_doc = (!desc.is_empty()).then(|| {
        let lines = desc.lines().map(|l| format!(" {l}"));
        quote! { #[doc = ""] #(#[doc = #lines])* }
    });
    let base_doc = format!(" The vendor's base URL: `{base}`.");
    quote! {
        /// What the runtime needs to know about this API.
        pub static API: #rt::ApiInfo = #rt::ApiInfo {
            name: #api_name,
            title: #title,
            version: #version,
            default_base_url: #base,
            auth: #auth_kind,
            env: #env,
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
