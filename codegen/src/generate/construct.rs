//! Constructors for the types a request sends: `Type::new(required fields)` and one
//! `with_<field>` setter per optional field.
//!
//! A caller who builds a body this way names only what they set, so a new optional field in
//! the spec (a new setter) breaks nothing they wrote, where a struct literal would have to
//! name it. Required fields are the constructor's arguments, in the order of the struct's
//! fields; a field is optional when it is an `Option`, has a serde default (optional arrays
//! and maps, fields with a `default`) or holds the extra fields of an open object. Each
//! argument and setter takes `impl Into<T>`, so `"name"` serves a `String` field and a value
//! serves a `Box<T>` one; validated newtypes are built with `parse()` or `try_from` as before.
//!
//! This pass runs over typify's output with the other passes in `correct`, and only for the
//! types that request parameters and bodies reach.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Fields, Item, ItemStruct, Type};

use super::items::{inner_of_option, serde_keys};

/// How a field gets its value in a constructor.
enum Role {
    /// An argument of `new`.
    Required,
    /// Starts as this expression; `with_<field>` sets it (wrapped in `Some` when `wrap`).
    Optional { start: TokenStream, wrap: bool },
}

/// The serde default of a field, read from its `#[serde(default)]` or
/// `#[serde(default = "path")]`: `Default::default()`, or a call of the function it names.
fn serde_default(field: &syn::Field) -> Option<TokenStream> {
    let mut found = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                found = Some(match meta.value() {
                    Ok(v) => {
                        let path: syn::LitStr = v.parse()?;
                        let path: syn::Path = path.parse()?;
                        quote! { #path() }
                    }
                    Err(_) => quote! { ::std::default::Default::default() },
                });
            } else if meta.input.peek(syn::Token![=]) {
                // Another key with a value (`skip_serializing_if = "..."`): skip the value.
                let _: syn::LitStr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

fn role(field: &syn::Field) -> Role {
    let keys = serde_keys(field);
    if inner_of_option(&field.ty).is_some() {
        return Role::Optional {
            start: quote! { ::std::option::Option::None },
            wrap: true,
        };
    }
    if keys.contains("flatten") {
        return Role::Optional {
            start: quote! { ::std::default::Default::default() },
            wrap: false,
        };
    }
    match serde_default(field) {
        Some(start) => Role::Optional { start, wrap: false },
        None => Role::Required,
    }
}

/// The doc attributes of a field, for its setter.
fn docs(field: &syn::Field) -> Vec<&syn::Attribute> {
    field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect()
}

/// `new` and the setters of one struct with named fields.
fn constructors(s: &ItemStruct) -> Option<TokenStream> {
    let Fields::Named(named) = &s.fields else {
        return None;
    };
    let name = &s.ident;
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for field in &named.named {
        let id = field.ident.as_ref()?;
        let plain = id.to_string().trim_start_matches("r#").to_string();
        let ty = &field.ty;
        match role(field) {
            Role::Required => {
                args.push(quote! { #id: impl ::std::convert::Into<#ty> });
                inits.push(quote! { #id: #id.into() });
            }
            Role::Optional { start, wrap } => {
                inits.push(quote! { #id: #start });
                let setter = format_ident!("with_{plain}");
                let (value_ty, set): (&Type, TokenStream) = if wrap {
                    let inner = inner_of_option(ty)?;
                    (inner, quote! { ::std::option::Option::Some(value.into()) })
                } else {
                    (ty, quote! { value.into() })
                };
                let field_docs = docs(field);
                let head = format!(" Sets `{plain}`.");
                let gap = (!field_docs.is_empty()).then(|| quote! { #[doc = ""] });
                setters.push(quote! {
                    #[doc = #head]
                    #gap
                    #(#field_docs)*
                    #[must_use]
                    pub fn #setter(mut self, value: impl ::std::convert::Into<#value_ty>) -> Self {
                        self.#id = #set;
                        self
                    }
                });
            }
        }
    }
    let new_doc = format!(
        " A `{name}` from its required fields; set the optional ones with the `with_*` methods."
    );
    Some(quote! {
        impl #name {
            #[doc = #new_doc]
            #[allow(clippy::too_many_arguments, clippy::new_without_default)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    })
}

/// The constructors of every struct in `items` that `request` names.
pub fn for_requests(items: &[Item], request: &BTreeSet<String>) -> Vec<TokenStream> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) if request.contains(&s.ident.to_string()) => constructors(s),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(src: &str) -> String {
        let file: syn::File = syn::parse_str(src).expect("test source parses");
        let all = ["Body".to_string()].into_iter().collect();
        let out = for_requests(&file.items, &all);
        out.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn required_fields_are_arguments_and_the_rest_setters() {
        let out = generate(
            r#"pub struct Body {
                /// Its name.
                pub name: String,
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub count: ::std::option::Option<u64>,
                #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                pub tags: Vec<String>,
                #[serde(default = "defaults::body_size")]
                pub size: i64,
                #[serde(flatten)]
                pub extra: ::serde_json::Map<String, ::serde_json::Value>,
            }"#,
        );
        assert!(
            out.contains("pub fn new (name : impl :: std :: convert :: Into < String >) -> Self"),
            "{out}"
        );
        assert!(
            out.contains("count : :: std :: option :: Option :: None"),
            "{out}"
        );
        assert!(out.contains("size : defaults :: body_size ()"), "{out}");
        assert!(
            out.contains(
                "pub fn with_count (mut self , value : impl :: std :: convert :: Into < u64 >)"
            ),
            "{out}"
        );
        assert!(
            out.contains("self . count = :: std :: option :: Option :: Some (value . into ())"),
            "{out}"
        );
        assert!(out.contains("pub fn with_tags"), "{out}");
        assert!(out.contains("pub fn with_extra"), "{out}");
        assert!(!out.contains("with_name"), "{out}");
    }

    #[test]
    fn only_request_types_get_constructors() {
        let file: syn::File = syn::parse_str("pub struct Other { pub a: String }").expect("parses");
        let request = ["Body".to_string()].into_iter().collect();
        assert!(for_requests(&file.items, &request).is_empty());
    }
}
