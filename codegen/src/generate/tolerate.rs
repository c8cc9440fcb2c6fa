//! Unknown enum values: a response that carries an enum value the spec does not list must not
//! fail as a whole.
//!
//! typify emits string enums as plain Rust enums. This pass, over typify's output, gives each
//! one an `Unknown(UnknownValue)` variant (`Unlisted` where `Unknown` is a listed value) that
//! takes every value the spec does not list, a `Deserialize` of its own that matches the
//! string once (serde's derive with an untagged fallback buffers every value first), teaches
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

/// Drop the derives named `names` (by their last segment: `Copy`, `::serde::Deserialize`).
fn drop_derives(e: &mut ItemEnum, names: &[&str]) {
    let named = |p: &Path| {
        p.segments
            .last()
            .is_some_and(|s| names.iter().any(|n| s.ident == n))
    };
    for attr in e.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        if let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated) {
            let kept: Vec<&Path> = paths.iter().filter(|p| !named(p)).collect();
            *attr = parse_quote! { #[derive(#(#kept),*)] };
        }
    }
}

/// The value a unit variant stands for: its `#[serde(rename = "...")]`, else its name.
fn variant_value(v: &syn::Variant) -> String {
    let mut value = None;
    for attr in v.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                value = Some(lit.value());
            } else if meta.input.peek(Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    value.unwrap_or_else(|| v.ident.to_string().trim_start_matches("r#").to_string())
}

/// `Deserialize` for a tolerant enum: a listed value by a `match` on the string, any other
/// through the runtime's `unknown::tolerant` into the unknown variant. serde's derive with an
/// `#[serde(untagged)]` variant would buffer every value into its `Content` first, which made
/// decoding a response several times slower than hand-written structs.
fn tolerant_deserialize(e: &ItemEnum, unknown: &syn::Ident, rt: &TokenStream) -> syn::ItemImpl {
    let name = &e.ident;
    let arms = e
        .variants
        .iter()
        .filter(|v| matches!(v.fields, Fields::Unit))
        .map(|v| {
            let (id, value) = (&v.ident, variant_value(v));
            quote! { #value => Self::#id, }
        });
    parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                #rt::unknown::tolerant(
                    d,
                    |s| ::std::option::Option::Some(match s { #(#arms)* _ => return ::std::option::Option::None }),
                    Self::#unknown,
                )
            }
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

/// Rewrite the items of the types module in place. Returns how many enums were changed.
pub fn unknown_variants(file: &mut syn::File, runtime: &TokenStream) -> usize {
    let mut names = std::collections::BTreeMap::new();
    let mut renames = Vec::new();
    let mut impls = Vec::new();
    for item in &mut file.items {
        if let Item::Enum(e) = item {
            if is_string_enum(e) {
                renames.extend(empty_variant(e));
                let variant = variant_name(e);
                names.insert(e.ident.to_string(), variant.clone());
                drop_derives(e, &["Copy", "Deserialize"]);
                impls.push(tolerant_deserialize(e, &variant, runtime));
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
    for imp in impls {
        file.items.push(Item::Impl(imp));
    }
    names.len()
}
