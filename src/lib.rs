//! # datacloud
//!
//! Typed, dependable clients for the control planes of managed data platforms, generated from
//! hand-curated OpenAPI specs. Enable one cargo feature per API:
//!
//! | feature | module | API |
//! | --- | --- | --- |
//! | `astra_devops` | [`astra_devops`] | DataStax Astra DevOps API v2 |
//! | `stargate` | [`stargate`] | Stargate REST and Document APIs on Astra |
//! | `astro` | [`astro`] | Astronomer Astro Platform API v1beta1 |
//! | `aiven` | [`aiven`] | Aiven API v1 |
//! | `instaclustr` | [`instaclustr`] | Instaclustr Provisioning API v1 (backup and restore) |
//!
//! Every module has a `Client` with one async method per operation, `types` for its bodies,
//! and `Error`, which separates API errors (with the vendor's error envelope decoded), timeouts,
//! transport failures and bodies that do not decode. The shared machinery (auth, retries,
//! redirects, pagination, tracing) lives in [`runtime`].

#![warn(missing_docs)]

/// The hand-written runtime every generated client calls: the
/// [datacloud-runtime](datacloud_runtime) crate, compiled once as a dependency.
#[doc(inline)]
pub use datacloud_runtime as runtime;

// `build.rs` writes `$OUT_DIR/<module>.rs` for each enabled API: an `include!` of the committed
// client in `generated/` once its spec is checked unchanged, or, with `regenerate`, the client
// generated from the spec.
macro_rules! api_module {
    ($feature:literal, $name:ident, $doc:literal) => {
        #[cfg(feature = $feature)]
        #[doc = $doc]
        pub mod $name {
            include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
            #[cfg(feature = "contract")]
            include!(concat!(
                env!("OUT_DIR"),
                "/",
                stringify!($name),
                "_contract.rs"
            ));
        }
    };
}

api_module!(
    "astra_devops",
    astra_devops,
    "DataStax Astra DevOps API v2."
);
api_module!(
    "stargate",
    stargate,
    "Stargate REST and Document APIs v2, as Astra serves them."
);
api_module!("astro", astro, "Astronomer Astro Platform API v1beta1.");
api_module!("aiven", aiven, "Aiven API v1.");
api_module!(
    "instaclustr",
    instaclustr,
    "Instaclustr Provisioning API v1: backup and restore."
);
