//! Small questions about the items typify emits, asked by the passes over its output.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::Type;

/// The last segment of a type's path and its first type argument (`Vec<X>` is `Vec`, `X`).
pub(super) fn last_segment(ty: &Type) -> Option<(String, Option<&Type>)> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    let inner = match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    };
    Some((seg.ident.to_string(), inner))
}

/// `T` when `ty` is `Option<T>`.
pub(super) fn inner_of_option(ty: &Type) -> Option<&Type> {
    match last_segment(ty) {
        Some((name, inner)) if name == "Option" => inner,
        _ => None,
    }
}

/// The `#[serde(...)]` keys on a field (`default`, `flatten`, `deserialize_with`...).
pub(super) fn serde_keys(field: &syn::Field) -> String {
    field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .map(|a| a.to_token_stream().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The idents a type mentions (`Vec<types::Cluster>` mentions `Vec`, `types`, `Cluster`).
pub(super) fn mentions(tokens: TokenStream, out: &mut BTreeSet<String>) {
    for t in tokens {
        match t {
            proc_macro2::TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            proc_macro2::TokenTree::Group(g) => mentions(g.stream(), out),
            _ => {}
        }
    }
}

/// Whether `path` names trait `name` (`::serde::Serialize` names `Serialize`).
pub(super) fn is_trait(path: &syn::Path, name: &str) -> bool {
    path.segments.last().is_some_and(|s| s.ident == name)
}

/// The paths of a `#[derive(...)]` attribute; `None` for any other attribute.
fn derived(attr: &syn::Attribute) -> Option<Punctuated<syn::Path, syn::Token![,]>> {
    if !attr.path().is_ident("derive") {
        return None;
    }
    attr.parse_args_with(Punctuated::parse_terminated).ok()
}

/// Take the derives that `drop` picks out of `attrs`; whether there were any.
pub(super) fn take_derives(
    attrs: &mut [syn::Attribute],
    drop: impl Fn(&syn::Path) -> bool,
) -> bool {
    let mut taken = false;
    for attr in attrs.iter_mut() {
        let Some(paths) = derived(attr) else { continue };
        if !paths.iter().any(&drop) {
            continue;
        }
        let kept: Vec<&syn::Path> = paths.iter().filter(|p| !drop(p)).collect();
        *attr = syn::parse_quote! { #[derive(#(#kept),*)] };
        taken = true;
    }
    taken
}

/// Whether `attrs` derive a trait that `pick` picks.
pub(super) fn derives_any(attrs: &[syn::Attribute], pick: impl Fn(&syn::Path) -> bool) -> bool {
    attrs
        .iter()
        .filter_map(derived)
        .any(|paths| paths.iter().any(&pick))
}
