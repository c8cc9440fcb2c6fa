//! Unknown enum values: a response that carries an enum value the spec does not list must not
//! fail as a whole.
//!
//! typify emits string enums as plain Rust enums. This pass, over typify's output, gives each
//! one an `Unknown(UnknownValue)` variant (`Unlisted` where `Unknown` is a listed value) that serde tries last (`#[serde(untagged)]`), teaches
//! its `Display` the new variant, and drops `Copy` (the variant owns a string). `UnknownValue`
//! can only be made by decoding, so requests still carry documented values only; `FromStr`
//! stays strict for the same reason.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Fields, Item, ItemEnum, Path, Token};

/// A string enum of two or more values. A single-value enum is a constant (usually the tag of
/// a union variant): it must stay strict, or an untagged union would accept the wrong variant.
fn is_string_enum(e: &ItemEnum) -> bool {
    e.variants.len() >= 2
        && e.variants.iter().all(|v| matches!(v.fields, Fields::Unit))
        && e.attrs
            .iter()
            .any(|a| a.path().is_ident("derive") && quote!(#a).to_string().contains("Deserialize"))
}

fn drop_copy(e: &mut ItemEnum) {
    for attr in e.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        if let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated) {
            let kept: Vec<&Path> = paths.iter().filter(|p| !p.is_ident("Copy")).collect();
            *attr = parse_quote! { #[derive(#(#kept),*)] };
        }
    }
}

struct AddArm(syn::Ident);

impl VisitMut for AddArm {
    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        let variant = &self.0;
        m.arms
            .push(parse_quote! { Self::#variant(ref v) => f.write_str(v.as_str()), });
    }
}

/// Renames a variant in every path that names it (`Self::X`, `Enum::X`).
struct RenameVariant {
    enum_name: String,
    from: syn::Ident,
    to: syn::Ident,
}

impl VisitMut for RenameVariant {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let n = path.segments.len();
        if n >= 2 && path.segments[n - 1].ident == self.from {
            let owner = path.segments[n - 2].ident.to_string();
            if owner == "Self" || owner == self.enum_name {
                path.segments[n - 1].ident = self.to.clone();
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

/// typify names the empty-string value `X`; call it `Empty`.
fn empty_variant(e: &mut ItemEnum) -> Option<RenameVariant> {
    let taken: BTreeSet<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    if taken.contains("Empty") {
        return None;
    }
    let v = e.variants.iter_mut().find(|v| {
        v.attrs
            .iter()
            .any(|a| quote!(#a).to_string().replace(' ', "") == "#[serde(rename=\"\")]")
    })?;
    let from = v.ident.clone();
    let to = syn::Ident::new("Empty", from.span());
    v.ident = to.clone();
    Some(RenameVariant {
        enum_name: e.ident.to_string(),
        from,
        to,
    })
}

/// `Unknown`, unless the spec lists a value that already took that name (Astra's `UNKNOWN`
/// status): then `Unlisted`.
fn variant_name(e: &ItemEnum) -> syn::Ident {
    let taken: BTreeSet<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    let mut name = if taken.contains("Unknown") {
        String::from("Unlisted")
    } else {
        String::from("Unknown")
    };
    while taken.contains(&name) {
        name.push('_');
    }
    syn::Ident::new(&name, proc_macro2::Span::call_site())
}

/// Rewrite the items of the types module. Returns the tokens and how many enums were changed.
pub fn unknown_variants(
    types: TokenStream,
    runtime: &TokenStream,
) -> Result<(TokenStream, usize), String> {
    let mut file: syn::File =
        syn::parse2(types).map_err(|e| format!("typify output does not parse: {e}"))?;
    let mut names = std::collections::BTreeMap::new();
    let mut renames = Vec::new();
    for item in &mut file.items {
        if let Item::Enum(e) = item {
            if is_string_enum(e) {
                renames.extend(empty_variant(e));
                let variant = variant_name(e);
                names.insert(e.ident.to_string(), variant.clone());
                drop_copy(e);
                e.variants.push(parse_quote! {
                    /// A value the spec does not list, exactly as the server sent it.
                    #[serde(untagged)]
                    #variant(#runtime::UnknownValue)
                });
            }
        }
    }
    for rename in &mut renames {
        for item in &mut file.items {
            if !matches!(item, Item::Enum(_)) {
                rename.visit_item_mut(item);
            }
        }
    }
    for item in &mut file.items {
        let Item::Impl(imp) = item else { continue };
        let self_ty = &imp.self_ty;
        let self_name = quote!(#self_ty).to_string();
        let is_display = imp
            .trait_
            .as_ref()
            .map(|(p, _)| {
                p.segments
                    .last()
                    .map(|s| s.ident == "Display")
                    .unwrap_or(false)
            })
            .unwrap_or(false);
        if let (true, Some(variant)) = (is_display, names.get(&self_name)) {
            AddArm(variant.clone()).visit_item_impl_mut(imp);
        }
    }
    let count = names.len();
    Ok((quote! { #file }, count))
}
