//! Small questions about the items typify emits, asked by the passes over its output.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::ToTokens;
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
