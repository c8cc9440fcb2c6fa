//! Client error correction in the generated types: a required response field is plain `T`,
//! and when the server leaves it out or sends `null` it decodes to `T`'s default, with a
//! `tracing` debug event naming the type and the field (see the runtime's `fill` module).
//!
//! This pass runs over typify's output (after `tolerate`). It finds the types that responses
//! reach, works out which types have a default (a tolerant enum's is its `Unknown` value, a
//! single-value enum's its value, a struct's every field's default), gives them `Default`,
//! and wires every required field of a response struct whose type has one to the runtime's
//! `fill::missing` and `fill::required`. A required field whose type has no default (an
//! untagged union) stays strict. Optional lists and maps take `null` as empty.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use syn::{parse_quote, Fields, Item, Type};

use super::items::{last_segment, mentions, serde_keys};

/// Builtin field types with a default, by the last segment of their path.
const DEFAULTABLE: [&str; 22] = [
    "String",
    "bool",
    "i8",
    "i16",
    "i32",
    "i64",
    "u8",
    "u16",
    "u32",
    "u64",
    "f32",
    "f64",
    "Vec",
    "BTreeMap",
    "HashMap",
    "Map",
    "Value",
    "Option",
    "Uuid",
    "DateTime",
    "NaiveDate",
    "Bytes",
];

/// Whether a field of type `ty` has a default, given the types known to have one.
fn has_default(ty: &Type, known: &BTreeSet<String>) -> bool {
    match last_segment(ty) {
        Some((name, Some(inner))) if name == "Box" => has_default(inner, known),
        Some((name, _)) => DEFAULTABLE.contains(&name.as_str()) || known.contains(&name),
        None => false,
    }
}

fn is_option(ty: &Type) -> bool {
    matches!(last_segment(ty), Some((name, _)) if name == "Option")
}

fn derives(attrs: &[syn::Attribute], what: &str) -> bool {
    super::items::derives_any(attrs, |p| super::items::is_trait(p, what))
}

/// What the pass knows about the items of the types module.
struct Index {
    /// Type name to the names of the types it mentions.
    refs: BTreeMap<String, BTreeSet<String>>,
    /// Types with a default (derived, given here, or builtin inside).
    defaults: BTreeSet<String>,
    /// Types typify already implements `Default` for by hand.
    implemented: BTreeSet<String>,
}

/// Whether `item` is an `impl Default for X`, and for which `X`.
fn default_impl(item: &Item) -> Option<String> {
    let Item::Impl(i) = item else { return None };
    let (path, _) = i.trait_.as_ref()?;
    if path.segments.last()?.ident != "Default" {
        return None;
    }
    let Type::Path(p) = &*i.self_ty else {
        return None;
    };
    Some(p.path.segments.last()?.ident.to_string())
}

fn index(items: &[Item], rt: &TokenStream) -> Index {
    let mut refs = BTreeMap::new();
    let implemented: BTreeSet<String> = items.iter().filter_map(default_impl).collect();
    for item in items {
        let (name, tokens) = match item {
            Item::Struct(s) => (s.ident.to_string(), s.fields.to_token_stream()),
            Item::Enum(e) => (e.ident.to_string(), e.variants.to_token_stream()),
            _ => continue,
        };
        let mut m = BTreeSet::new();
        mentions(tokens, &mut m);
        refs.insert(name, m);
    }
    // Which types have a default: a fixpoint, since a struct's default needs its fields'.
    // What does not depend on it (a derive, an enum's default variant) is read once: reading
    // it means printing attributes, and the fixpoint takes as many rounds as types nest.
    let mut defaults = implemented.clone();
    let mut pending = Vec::new();
    for item in items {
        match item {
            Item::Struct(s) if derives(&s.attrs, "Default") => {
                defaults.insert(s.ident.to_string());
            }
            Item::Struct(s) => pending.push(s),
            Item::Enum(e) if enum_default(e, rt).is_some() || derives(&e.attrs, "Default") => {
                defaults.insert(e.ident.to_string());
            }
            _ => {}
        }
    }
    loop {
        let before = defaults.len();
        pending.retain(|s| {
            let ok = s.fields.iter().all(|f| has_default(&f.ty, &defaults));
            if ok {
                defaults.insert(s.ident.to_string());
            }
            !ok
        });
        if defaults.len() == before {
            break;
        }
    }
    Index {
        refs,
        defaults,
        implemented,
    }
}

/// The variant an enum defaults to: a tolerant enum's `Unknown` (or `Unlisted`), a
/// single-value enum's value. Enums with data (untagged unions) have none.
fn enum_default(e: &syn::ItemEnum, rt: &TokenStream) -> Option<TokenStream> {
    let unit = |v: &syn::Variant| matches!(v.fields, Fields::Unit);
    let units = e.variants.iter().filter(|v| unit(v)).count();
    let unknown = e.variants.iter().find(|v| {
        v.attrs
            .iter()
            .any(|a| a.to_token_stream().to_string().contains("untagged"))
            && matches!(&v.fields, Fields::Unnamed(f) if f.unnamed.len() == 1)
    });
    match (unknown, units, e.variants.len()) {
        (Some(v), u, n) if u + 1 == n => {
            let id = &v.ident;
            Some(quote! { Self::#id(#rt::UnknownValue::missing()) })
        }
        (None, 1, 1) => {
            let id = &e.variants[0].ident;
            Some(quote! { Self::#id })
        }
        _ => None,
    }
}

/// Every type reached from `roots`.
fn reached(index: &Index, roots: &BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&String> = roots
        .iter()
        .filter(|r| index.refs.contains_key(*r))
        .collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        for next in index.refs.get(name).into_iter().flatten() {
            if index.refs.contains_key(next) && !seen.contains(next) {
                stack.push(next);
            }
        }
    }
    seen
}

/// Wire the fields of a response struct; returns the impl with its filling functions.
fn correct_struct(s: &mut syn::ItemStruct, index: &Index, rt: &TokenStream) -> Option<TokenStream> {
    let Fields::Named(named) = &mut s.fields else {
        return None;
    };
    let ty_name = s.ident.to_string();
    let mut fns = Vec::new();
    for field in named.named.iter_mut() {
        let keys = serde_keys(field);
        let Some(id) = field.ident.clone() else {
            continue;
        };
        if keys.contains("flatten") || keys.contains("deserialize_with") {
            continue;
        }
        let list = super::open::is_list(&field.ty);
        if keys.contains("default") {
            if list {
                let path = format!("{rt}::fill::null_as_default").replace(' ', "");
                field
                    .attrs
                    .push(parse_quote! { #[serde(deserialize_with = #path)] });
            }
            continue;
        }
        if is_option(&field.ty) || !has_default(&field.ty, &index.defaults) {
            continue;
        }
        let field_name = id.to_string().trim_start_matches("r#").to_string();
        let (missing, fill) = (
            format_ident!("__missing_{field_name}"),
            format_ident!("__fill_{field_name}"),
        );
        let (m, f) = (
            format!("{ty_name}::{missing}"),
            format!("{ty_name}::{fill}"),
        );
        field
            .attrs
            .push(parse_quote! { #[serde(default = #m, deserialize_with = #f)] });
        let ty = &field.ty;
        fns.push(quote! {
            fn #missing() -> #ty { #rt::fill::missing(#ty_name, #field_name) }
            fn #fill<'de, __D: ::serde::Deserializer<'de>>(d: __D) -> ::std::result::Result<#ty, __D::Error> {
                #rt::fill::required(d, #ty_name, #field_name)
            }
        });
    }
    if fns.is_empty() {
        return None;
    }
    let name = &s.ident;
    Some(quote! { impl #name { #(#fns)* } })
}

/// Give `Default` to the types that have one and lack it.
fn add_defaults(items: &mut [Item], index: &Index, rt: &TokenStream) -> Vec<TokenStream> {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        match item {
            Item::Struct(s)
                if index.defaults.contains(&s.ident.to_string())
                    && !derives(&s.attrs, "Default")
                    && !index.implemented.contains(&s.ident.to_string()) =>
            {
                s.attrs.push(parse_quote! { #[derive(Default)] });
            }
            Item::Enum(e)
                if !derives(&e.attrs, "Default")
                    && !index.implemented.contains(&e.ident.to_string()) =>
            {
                if let Some(value) = enum_default(e, rt) {
                    let name = &e.ident;
                    impls.push(quote! {
                        impl ::std::default::Default for #name {
                            fn default() -> Self { #value }
                        }
                    });
                }
            }
            _ => {}
        }
    }
    impls
}

/// Apply client error correction to the types module, and give the types that requests
/// send their constructors (see `construct`). `roots` are the type names that responses
/// return (success bodies, the error body, page items); `request_roots` those that
/// parameters and request bodies take. Returns the types each side reaches.
pub fn correct(
    file: &mut syn::File,
    roots: &BTreeSet<String>,
    request_roots: &BTreeSet<String>,
    rt: &TokenStream,
) -> Result<super::roles::Roles, String> {
    let index = index(&file.items, rt);
    let response = reached(&index, roots);
    let request = reached(&index, request_roots);
    let mut extra = super::construct::for_requests(&file.items, &request);
    extra.extend(add_defaults(&mut file.items, &index, rt));
    let defaults = |ty: &Type| has_default(ty, &index.defaults);
    for item in file.items.iter_mut() {
        if let Item::Struct(s) = item {
            let for_response = response.contains(&s.ident.to_string());
            let decode = super::open::deserialize(s, for_response.then_some(&defaults as _), rt);
            if let Some(decode) = decode {
                extra.push(decode);
            } else if for_response {
                extra.extend(correct_struct(s, &index, rt));
            }
        }
    }
    for tokens in extra {
        let items = syn::parse2::<syn::File>(tokens)
            .map_err(|e| format!("a generated impl does not parse: {e}"))?;
        file.items.extend(items.items);
    }
    Ok(serde_roles(&index, response, request))
}

/// The types each serde direction is needed for: those `response` and `request` reach, and
/// both for a type neither reaches (a schema no operation uses, which callers may encode or
/// decode) and for everything it mentions, whatever other use those have.
fn serde_roles(
    index: &Index,
    response: BTreeSet<String>,
    request: BTreeSet<String>,
) -> super::roles::Roles {
    let unused: BTreeSet<String> = index
        .refs
        .keys()
        .filter(|n| !response.contains(*n) && !request.contains(*n))
        .cloned()
        .collect();
    let both = reached(index, &unused);
    super::roles::Roles {
        response: response.union(&both).cloned().collect(),
        request: request.union(&both).cloned().collect(),
    }
}

/// The names a type mentions, for the roots of [`correct`].
pub fn names_in(ty: &TokenStream, out: &mut BTreeSet<String>) {
    mentions(ty.clone(), out);
}
