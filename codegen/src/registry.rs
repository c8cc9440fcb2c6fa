//! The APIs this repository ships: module (and cargo feature) name and spec file.

/// One shipped API.
#[derive(Clone, Copy, Debug)]
pub struct ApiSpec {
    /// Module and cargo feature name (`aiven`).
    pub module: &'static str,
    /// Spec file relative to the repository root.
    pub spec: &'static str,
}

/// Every API, in the order tables and docs list them.
pub const APIS: [ApiSpec; 5] = [
    ApiSpec {
        module: "astra_devops",
        spec: "specs/astra-devops.yaml",
    },
    ApiSpec {
        module: "stargate",
        spec: "specs/stargate.yaml",
    },
    ApiSpec {
        module: "astro",
        spec: "specs/astro-platform.yaml",
    },
    ApiSpec {
        module: "aiven",
        spec: "specs/aiven.yaml",
    },
    ApiSpec {
        module: "instaclustr",
        spec: "specs/instaclustr.yaml",
    },
];

/// The committed copy of an API's generated module.
pub fn generated_path(module: &str) -> String {
    format!("generated/{module}.rs")
}
