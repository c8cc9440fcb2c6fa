//! Rust types for a spec's schemas, through typify (progenitor's type engine).

use std::cell::Cell;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use proc_macro2::TokenStream;
use typify::{TypeSpace, TypeSpaceSettings};

use crate::ir::{Api, Mode, Schema};

/// The type space of one API.
pub struct Types {
    space: TypeSpace,
    /// Shared schema to its strict request copy (see `ir::Usage`).
    copies: BTreeMap<String, String>,
}

/// Why a schema could not become a Rust type.
#[derive(Debug)]
pub struct TypeError {
    /// The name we were generating.
    pub name: String,
    /// typify's message.
    pub message: String,
}

/// Which way the values of a schema travel, which decides how strictly it is generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Sent by the caller: parameters and request bodies.
    Request,
    /// Sent by the server: response bodies.
    Response,
}

fn schemars(value: serde_json::Value) -> Result<schemars::schema::Schema, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

thread_local! {
    /// Set while typify runs under [`guarded`]: its panics are turned into diagnostics, so the
    /// panic hook must not print them.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Install (once) a panic hook that stays silent for panics inside [`guarded`] and hands every
/// other panic to the hook that was there before.
fn quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Run a typify call, turning a panic inside it into an error: typify still has `todo!()`s
/// for schema shapes it does not support, and our contract is to never panic on input. The
/// panic prints nothing; the user sees only the diagnostic.
fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T, typify::Error>) -> Result<T, TypeError> {
    quiet_hook();
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(TypeError {
            name: name.to_string(),
            message: e.to_string(),
        }),
        Err(panic) => Err(TypeError {
            name: name.to_string(),
            message: panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the type generator gave up on this schema".into()),
        }),
    }
}

impl Types {
    /// Add every component as a named type: those responses reach tolerant, the strict
    /// request copies beside them.
    pub fn new(api: &Api) -> Result<Self, TypeError> {
        let mut settings = TypeSpaceSettings::default();
        settings
            .with_type_mod("types")
            .with_derive("PartialEq".to_string())
            .with_map_type("::std::collections::BTreeMap")
            .with_struct_builder(false);
        let mut space = TypeSpace::new(&settings);
        let copies: BTreeMap<String, String> = api
            .schemas
            .iter()
            .filter_map(|c| Some((c.name.clone(), c.usage.request_copy.clone()?)))
            .collect();
        let mut defs = Vec::new();
        let mut copy_defs = Vec::new();
        for c in &api.schemas {
            let mode = if c.usage.response {
                Mode::Response
            } else if c.usage.request {
                Mode::Request(&copies)
            } else {
                Mode::Plain
            };
            let convert = |mode| {
                schemars(c.schema.to_json_schema(mode)).map_err(|message| TypeError {
                    name: c.name.clone(),
                    message,
                })
            };
            defs.push((c.name.clone(), convert(mode)?));
            if let Some(copy) = &c.usage.request_copy {
                copy_defs.push((copy.clone(), convert(Mode::Request(&copies))?));
            }
        }
        defs.extend(copy_defs);
        guarded("components.schemas", || space.add_ref_types(defs))?;
        Ok(Types { space, copies })
    }

    fn add(
        &mut self,
        schema: &Schema,
        side: Side,
        hint: &str,
    ) -> Result<typify::TypeId, TypeError> {
        let mode = match side {
            Side::Request => Mode::Request(&self.copies),
            Side::Response => Mode::Response,
        };
        let s = schemars(schema.to_json_schema(mode)).map_err(|message| TypeError {
            name: hint.to_string(),
            message,
        })?;
        let space = &mut self.space;
        guarded(hint, || {
            space.add_type_with_name(&s, Some(hint.to_string()))
        })
    }

    fn get(&self, id: &typify::TypeId, hint: &str) -> Result<typify::Type<'_>, TypeError> {
        self.space.get_type(id).map_err(|e| TypeError {
            name: hint.to_string(),
            message: e.to_string(),
        })
    }

    /// The owned Rust type of `schema` (`types::Database`, `String`) on `side`, named after
    /// `hint` when the schema is inline and needs a type of its own.
    pub fn owned(
        &mut self,
        schema: &Schema,
        side: Side,
        hint: &str,
    ) -> Result<TokenStream, TypeError> {
        let id = self.add(schema, side, hint)?;
        Ok(self.get(&id, hint)?.ident())
    }

    /// The argument type of a parameter's schema (`&'a str`, `types::Provider`), whether it
    /// is a reference, and its owned form (`String`, `types::Provider`).
    pub fn parameter(
        &mut self,
        schema: &Schema,
        hint: &str,
    ) -> Result<(TokenStream, bool, TokenStream), TypeError> {
        let id = self.add(schema, Side::Request, hint)?;
        let ty = self.get(&id, hint)?;
        let arg = ty.parameter_ident_with_lifetime("a");
        let by_ref = matches!(arg.clone().into_iter().next(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '&');
        Ok((arg, by_ref, ty.ident()))
    }

    /// All the type definitions.
    pub fn to_stream(&self) -> TokenStream {
        self.space.to_stream()
    }
}

/// The Rust type typify gives `schema` alone on `side` (`i64`, `NonZeroU64`, `String`,
/// `chrono::DateTime<chrono::Utc>`), or `None` when it is not a plain type but one of its own
/// (a newtype, a struct, an enum). For `codegen diff`: whether a change of format or bounds
/// changes the Rust type is typify's decision, so typify is asked.
pub fn scalar_type(schema: &Schema, side: Side) -> Option<String> {
    let settings = TypeSpaceSettings::default();
    let mut space = TypeSpace::new(&settings);
    let mode = match side {
        Side::Request => Mode::Plain,
        Side::Response => Mode::Response,
    };
    let s = schemars(schema.to_json_schema(mode)).ok()?;
    let id = guarded("scalar", || {
        space.add_type_with_name(&s, Some("Probe".into()))
    })
    .ok()?;
    let ty = space.get_type(&id).ok()?;
    let name = ty.ident().to_string().replace(' ', "");
    (!name.contains("Probe")).then_some(name)
}
