//! Open objects without `#[serde(flatten)]`: the fields a spec does not list are kept in
//! `extra` (or a typed map of additional properties) by a generated `Deserialize`.
//!
//! typify keeps them with `#[serde(flatten)]`, whose derived `Deserialize` buffers the whole
//! object, listed fields included, into serde's `Content` before decoding anything. This pass,
//! over the types module after client error correction, replaces that derive on every struct
//! whose one flattened field is a map: its `Deserialize` derives a private struct of the
//! listed fields with the same serde attributes (renames, defaults, correction) and decodes it
//! through the runtime's `open::decode`, which hands the listed keys to it in one pass and the
//! others to the map. `Serialize` keeps its derive, since flattening costs nothing there.

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{parse_quote, Attribute, Field, Fields, Item, ItemStruct, Path, Token, Type};

fn is_serde(a: &Attribute) -> bool {
    a.path().is_ident("serde")
}

/// Whether a serde attribute holds the bare word `key` (`flatten`, `skip`).
fn has_word(a: &Attribute, key: &str) -> bool {
    let mut found = false;
    let _ = a.parse_nested_meta(|meta| {
        if meta.path.is_ident(key) {
            found = true;
        }
        if meta.input.peek(Token![=]) {
            let _: syn::Expr = meta.value()?.parse()?;
        }
        Ok(())
    });
    found
}

fn field_has(f: &Field, key: &str) -> bool {
    f.attrs.iter().any(|a| is_serde(a) && has_word(a, key))
}

/// The JSON name of a field: its `#[serde(rename = "...")]`, else its Rust name.
fn json_name(f: &Field) -> String {
    let mut name = None;
    for a in f.attrs.iter().filter(|a| is_serde(a)) {
        let _ = a.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                name = Some(lit.value());
            } else if meta.input.peek(Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    name.unwrap_or_else(|| {
        let id = f
            .ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        id.trim_start_matches("r#").to_string()
    })
}

fn is_map(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    p.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "Map" || s.ident == "BTreeMap" || s.ident == "HashMap")
}

/// Whether the struct derives `name` (by the derive's last path segment).
fn derives(s: &ItemStruct, name: &str) -> bool {
    s.attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            a.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
                .map(|paths| {
                    paths
                        .iter()
                        .any(|p| p.segments.last().is_some_and(|s| s.ident == name))
                })
                .unwrap_or(false)
        })
}

fn drop_deserialize(s: &mut ItemStruct) {
    for attr in s.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        if let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated) {
            let kept: Vec<&Path> = paths
                .iter()
                .filter(|p| p.segments.last().is_none_or(|s| s.ident != "Deserialize"))
                .collect();
            *attr = parse_quote! { #[derive(#(#kept),*)] };
        }
    }
    s.attrs.retain(|a| {
        !(a.path().is_ident("derive") && a.meta.require_list().is_ok_and(|l| l.tokens.is_empty()))
    });
}

/// The `Deserialize` of an open struct, or `None` when it is not one this pass handles (no
/// flattened field, several, or one that is not a map). The private struct is `__Listed`:
/// typify never makes a name with a leading underscore, so it cannot hide a schema's type.
fn open_deserialize(s: &ItemStruct, rt: &TokenStream) -> Option<syn::ItemImpl> {
    let Fields::Named(named) = &s.fields else {
        return None;
    };
    let flat: Vec<&Field> = named
        .named
        .iter()
        .filter(|f| field_has(f, "flatten"))
        .collect();
    let [extra] = flat.as_slice() else {
        return None;
    };
    if !is_map(&extra.ty) || !derives(s, "Deserialize") {
        return None;
    }
    let listed: Vec<&Field> = named
        .named
        .iter()
        .filter(|f| !field_has(f, "flatten"))
        .collect();
    let names: Vec<String> = listed
        .iter()
        .filter(|f| !field_has(f, "skip") && !field_has(f, "skip_deserializing"))
        .map(|f| json_name(f))
        .collect();
    let defs = listed.iter().map(|f| {
        let attrs = f.attrs.iter().filter(|a| is_serde(a));
        let (id, ty) = (&f.ident, &f.ty);
        quote! { #(#attrs)* #id: #ty }
    });
    let ids: Vec<_> = listed.iter().map(|f| &f.ident).collect();
    let container = s.attrs.iter().filter(|a| is_serde(a));
    let (name, text) = (&s.ident, s.ident.to_string());
    let (extra_id, extra_ty) = (&extra.ident, &extra.ty);
    Some(parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #(#container)*
                struct __Listed { #(#defs,)* }
                let (listed, #extra_id): (__Listed, #extra_ty) =
                    #rt::open::decode(d, #text, &[#(#names),*])?;
                ::std::result::Result::Ok(Self { #(#ids: listed.#ids,)* #extra_id })
            }
        }
    })
}

/// Give every open struct of the types module its single-pass `Deserialize`, in place.
pub fn open_objects(file: &mut syn::File, rt: &TokenStream) {
    let mut impls = Vec::new();
    for item in file.items.iter_mut() {
        if let Item::Struct(s) = item {
            if let Some(imp) = open_deserialize(s, rt) {
                drop_deserialize(s);
                impls.push(Item::Impl(imp));
            }
        }
    }
    file.items.extend(impls);
}
