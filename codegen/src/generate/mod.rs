//! Stage 4, `generate`: the IR to Rust tokens (quote! only; formatting is the next stage).

mod args;
mod client;
mod construct;
mod contract;
mod correct;
mod docs;
mod fields;
mod items;
mod methods;
mod open;
mod patterns;
mod roles;
mod stream;
mod tolerate;
mod types;
mod waiter;

use proc_macro2::TokenStream;
use quote::quote;

pub use docs::doc_text;
pub use fields::rust_field_names;
pub use methods::tidy;
pub use types::{scalar_type, Side, TypeError, Types};

use crate::ir::{Api, Operation};

/// The datacloud crate's feature that gives every generated type both `Serialize` and
/// `Deserialize`; without it, a type only responses return has no `Serialize` and a type only
/// requests send no `Deserialize`.
pub const DATACLOUD_SERDE_FEATURE: &str = "full-serde";

/// Where the generated code finds the hand-written runtime.
#[derive(Clone, Debug)]
pub struct Settings {
    runtime_path: String,
    api_name: String,
    contract: bool,
    /// The cargo feature that gives every type both serde directions (see `roles`); `None`
    /// derives both on every type.
    serde_gate: Option<String>,
}

impl Settings {
    /// Settings for the API named `api_name` (the module and feature name).
    pub fn new(api_name: impl Into<String>) -> Self {
        Settings {
            runtime_path: "crate::runtime".into(),
            api_name: api_name.into(),
            contract: false,
            serde_gate: Some(DATACLOUD_SERDE_FEATURE.into()),
        }
    }

    /// Also emit the contract-test cases (for the `contract` feature; off by default because
    /// they cost generation time that clients do not need).
    pub fn with_contract(mut self, yes: bool) -> Self {
        self.contract = yes;
        self
    }

    /// Derive both serde directions on every type only with cargo feature `feature` (`None`:
    /// always). The datacloud crate's is [`DATACLOUD_SERDE_FEATURE`], the default; code for
    /// another crate takes `None` (`codegen emit` without `--serde-feature`), since that crate
    /// has no such feature.
    pub fn with_serde_gate(mut self, feature: Option<&str>) -> Self {
        self.serde_gate = feature.map(str::to_string);
        self
    }

    /// Whether contract cases are emitted.
    pub fn contract(&self) -> bool {
        self.contract
    }

    /// The path of the runtime module (default `crate::runtime`; `::datacloud::runtime` when the
    /// generated file lives in another crate).
    pub fn with_runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// The API name.
    pub fn api_name(&self) -> &str {
        &self.api_name
    }
}

/// One line of the API surface: what reviewers read.
#[derive(Clone, Debug)]
pub struct SurfaceLine {
    /// `GET`.
    pub method: String,
    /// `/path/{id}`.
    pub path: String,
    /// The Rust signature.
    pub signature: String,
    /// Marks: deprecated, inferred route, no auth, paginated.
    pub marks: Vec<&'static str>,
}

/// The generated tokens of one API, and what they hold.
pub struct Generated {
    /// The items of the `types` module, as parsed and rewritten.
    pub types: Vec<syn::Item>,
    /// The module's other items.
    pub tokens: TokenStream,
    /// The contract-test cases, included by the `contract` feature.
    pub contract: TokenStream,
    /// One line per method.
    pub surface: Vec<SurfaceLine>,
    /// Named types generated.
    pub type_count: usize,
    /// Every type's name and Rust definition, for the surface snapshot.
    pub type_names: Vec<String>,
}

/// The marks of an operation in the surface listing.
fn marks(op: &Operation) -> Vec<&'static str> {
    let mut marks = Vec::new();
    if op.deprecated {
        marks.push("deprecated");
    }
    if op.inferred_route {
        marks.push("route-inferred");
    }
    if !op.authenticated() {
        marks.push("no-auth");
    }
    // Wire shapes that the Rust signature does not show.
    if op.params.iter().any(|p| p.style == crate::ir::Style::Json) {
        marks.push("json-query");
    }
    if matches!(&op.body, Some(b) if b.kind == crate::ir::BodyKind::Text) {
        marks.push("text-body");
    }
    marks
}

/// What the operations generate: methods, their builders, contract cases, surface lines.
struct Emitted {
    /// The type names that responses return (for client error correction).
    roots: std::collections::BTreeSet<String>,
    /// The type names that parameters and request bodies take (for constructors).
    request_roots: std::collections::BTreeSet<String>,
    methods: Vec<TokenStream>,
    builders: Vec<TokenStream>,
    cases: Vec<TokenStream>,
    surface: Vec<SurfaceLine>,
}

fn operations(
    types: &mut Types,
    rt: &TokenStream,
    api: &Api,
    settings: &Settings,
) -> Result<Emitted, TypeError> {
    let mut out = Emitted {
        roots: Default::default(),
        request_roots: Default::default(),
        methods: Vec::new(),
        builders: Vec::new(),
        cases: Vec::new(),
        surface: Vec::new(),
    };
    for op in &api.operations {
        let sig = args::signature(types, rt, op)?;
        let (stream, stream_text) = stream::stream(types, rt, api, op)?.unzip();
        correct::names_in(&sig.ok, &mut out.roots);
        for p in &sig.params {
            correct::names_in(&p.owned, &mut out.request_roots);
        }
        if let Some(b) = &sig.body {
            correct::names_in(&b.owned, &mut out.request_roots);
        }
        if let Some(s) = &stream {
            correct::names_in(s, &mut out.roots);
        }
        let waiters = waiter::waiters(rt, settings.api_name(), op, &sig)?;
        let extra = stream.unwrap_or_default();
        let poll = waiters.poll;
        let method = methods::method(rt, settings.api_name(), op, &sig, quote! { #extra #poll });
        let mut marks = marks(op);
        let mut signature = method.signature;
        if let Some(text) = stream_text {
            marks.push("stream");
            signature.push_str(&format!("; {text}"));
        }
        out.surface.push(SurfaceLine {
            method: op.method.upper().to_string(),
            path: op.path.clone(),
            signature,
            marks,
        });
        out.surface.extend(waiters.surface);
        out.methods.push(method.method);
        out.methods.extend(waiters.methods);
        out.builders.push(method.builder);
        if settings.contract {
            out.cases.push(contract::case(api, rt, op, &sig));
        }
    }
    Ok(out)
}

/// Generate an API's module.
pub fn generate(api: &Api, settings: &Settings) -> Result<Generated, TypeError> {
    let rt: TokenStream = settings.runtime_path.parse().map_err(|_| TypeError {
        name: "runtime path".into(),
        message: format!("`{}` is not a Rust path", settings.runtime_path),
    })?;
    let mut types = Types::new(api)?;
    let error_body = match &api.error_schema {
        Some(schema) => types.owned(schema, Side::Response, "ErrorBody")?,
        None => quote! { ::serde_json::Value },
    };
    let Emitted {
        mut roots,
        request_roots,
        methods,
        builders,
        cases,
        surface,
    } = operations(&mut types, &rt, api, settings)?;
    let client = client::client(&rt, api, settings.api_name());
    correct::names_in(&error_body, &mut roots);
    let fail = |message| TypeError {
        name: "types".into(),
        message,
    };
    // The passes over typify's output share one parsed file, and the formatter takes its items
    // as they are: parsing and printing the types module once per pass was most of the time
    // generation took (a large spec's types module is tens of megabytes of tokens).
    let mut types_file: syn::File = syn::parse2(types.to_stream())
        .map_err(|e| fail(format!("typify output does not parse: {e}")))?;
    fields::distinct(&mut types_file);
    tolerate::unknown_variants(&mut types_file, &rt);
    patterns::through_runtime(&mut types_file, &rt);
    let roles = correct::correct(&mut types_file, &roots, &request_roots, &rt).map_err(fail)?;
    if let Some(feature) = &settings.serde_gate {
        roles::gate(&mut types_file, &roles, feature);
    }
    let type_names = type_names(&types_file);
    let tokens = quote! {
        #[doc(hidden)]
        pub type __ErrorBody = #error_body;

        #client

        impl Client {
            #(#methods)*
        }

        /// Request builders, one per operation, returned by the methods of [`Client`]: set
        /// optional inputs with their setters, then `.await` the builder (or call `send`).
        pub mod builders {
            #[allow(unused_imports)]
            use super::{types, Client, Error, ErrorBody, Result};

            #(#builders)*
        }
    };
    let contract = if !settings.contract {
        TokenStream::new()
    } else {
        quote! {
        /// One contract-test case per operation (see `tests/contract.rs`).
        #[doc(hidden)]
        pub fn __contract_cases() -> Vec<#rt::contract::Case<Client>> {
            vec![#(#cases),*]
        }
        }
    };
    Ok(Generated {
        types: types_file.items,
        tokens,
        contract,
        surface,
        type_count: type_names.len(),
        type_names,
    })
}

/// Names of the top-level structs and enums in the types module, sorted.
fn type_names(file: &syn::File) -> Vec<String> {
    let mut names: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect();
    names.sort();
    names
}
