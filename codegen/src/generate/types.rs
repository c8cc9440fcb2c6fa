//! Rust types for a spec's schemas, through typify (progenitor's type engine).

use std::panic::{catch_unwind, AssertUnwindSafe};

use proc_macro2::TokenStream;
use serde_json::Value;
use typify::{TypeSpace, TypeSpaceSettings};

use crate::schema::to_json_schema;

/// The type space of one API.
pub struct Types {
    space: TypeSpace,
}

/// Why a schema could not become a Rust type.
#[derive(Debug)]
pub struct TypeError {
    /// The name we were generating.
    pub name: String,
    /// typify's message.
    pub message: String,
}

fn schemars(schema: &Value) -> Result<schemars::schema::Schema, String> {
    serde_json::from_value(to_json_schema(schema)).map_err(|e| e.to_string())
}

/// Run a typify call, turning a panic inside it into an error: typify still has `todo!()`s
/// for schema shapes it does not support, and our contract is to never panic on input.
fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T, typify::Error>) -> Result<T, TypeError> {
    match catch_unwind(AssertUnwindSafe(f)) {
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
    /// Add every `components.schemas` entry as a named type.
    pub fn new(doc: &Value) -> Result<Self, TypeError> {
        let mut settings = TypeSpaceSettings::default();
        settings
            .with_type_mod("types")
            .with_derive("PartialEq".to_string())
            .with_map_type("::std::collections::BTreeMap")
            .with_struct_builder(false);
        let mut space = TypeSpace::new(&settings);
        let mut defs = Vec::new();
        if let Some(schemas) = doc["components"]["schemas"].as_object() {
            for (name, schema) in schemas {
                let s = schemars(schema).map_err(|message| TypeError {
                    name: name.clone(),
                    message,
                })?;
                defs.push((name.clone(), s));
            }
        }
        guarded("components.schemas", || space.add_ref_types(defs))?;
        Ok(Types { space })
    }

    fn add(&mut self, schema: &Value, hint: &str) -> Result<typify::TypeId, TypeError> {
        let s = schemars(schema).map_err(|message| TypeError {
            name: hint.to_string(),
            message,
        })?;
        let space = &mut self.space;
        guarded(hint, || {
            space.add_type_with_name(&s, Some(hint.to_string()))
        })
    }

    /// The owned Rust type of `schema` (`types::Database`, `String`), named after `hint` when
    /// the schema is inline and needs a type of its own.
    pub fn owned(&mut self, schema: &Value, hint: &str) -> Result<TokenStream, TypeError> {
        let id = self.add(schema, hint)?;
        let ty = self.space.get_type(&id).map_err(|e| TypeError {
            name: hint.to_string(),
            message: e.to_string(),
        })?;
        Ok(ty.ident())
    }

    /// The parameter type of `schema` (`&'a str`, `types::Provider`) and its owned form
    /// (`String`, `types::Provider`).
    pub fn parameter(
        &mut self,
        schema: &Value,
        hint: &str,
    ) -> Result<(TokenStream, TokenStream), TypeError> {
        let id = self.add(schema, hint)?;
        let ty = self.space.get_type(&id).map_err(|e| TypeError {
            name: hint.to_string(),
            message: e.to_string(),
        })?;
        Ok((ty.parameter_ident_with_lifetime("a"), ty.ident()))
    }

    /// All the type definitions.
    pub fn to_stream(&self) -> TokenStream {
        self.space.to_stream()
    }
}
