//! Unknown enum values: a response that carries an enum value the spec does not list must not
//! fail as a whole.
//!
//! typify emits string enums as plain Rust enums. This pass, over typify's output, gives each
//! one (except the constants that select a union variant, see `union_tags`) an
//! `Unknown(UnknownValue)` variant (`Unlisted` where `Unknown` is a listed value), replaces the
//! derived `Deserialize` with one that reads the value once and keeps an unlisted one in that
//! variant (`decode_impl`; `Serialize` stays derived, the variant `#[serde(untagged)]`), teaches
//! its `Display` the new variant, and drops `Copy` (the variant owns a string). `UnknownValue`
//! can only be made by decoding, so requests still carry documented values only; `FromStr`
//! stays strict for the same reason.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Fields, Item, ItemEnum};

use super::fields::serde_rename;
use super::items::{derives_any, is_trait, mentions, take_derives};

/// A string enum that decodes, unless it is the tag of a union variant (see [`union_tags`]).
fn is_string_enum(e: &ItemEnum, tags: &BTreeSet<String>) -> bool {
    !e.variants.is_empty()
        && (e.variants.len() >= 2 || !tags.contains(&e.ident.to_string()))
        && e.variants.iter().all(|v| matches!(v.fields, Fields::Unit))
        && derives_any(&e.attrs, |p| is_trait(p, "Deserialize"))
}

/// Drops `Copy` (the unknown variant owns a string) and the `Deserialize` derive (replaced by
/// [`decode_impl`]).
fn drop_derives(e: &mut ItemEnum) {
    take_derives(&mut e.attrs, |p| {
        p.is_ident("Copy") || is_trait(p, "Deserialize")
    });
}

/// The value each variant is sent as: its `#[serde(rename)]`, or its name.
fn wire_names(e: &ItemEnum) -> Vec<(syn::Ident, String)> {
    e.variants
        .iter()
        .map(|v| {
            let wire = serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string());
            (v.ident.clone(), wire)
        })
        .collect()
}

/// The enum's `Deserialize`: the value is read once as text (borrowed where the input allows)
/// and matched against the listed values; anything else is kept in `variant`. The derive with
/// a `#[serde(untagged)]` fallback buffered every value and formatted an error for each
/// unlisted one first: a third of the time to decode a list of Astra databases.
///
/// typify gives each string enum a strict `FromStr` over the same values, and the impl calls it;
/// an enum without one gets the match written out.
fn decode_impl(
    e: &ItemEnum,
    variant: &syn::Ident,
    has_from_str: bool,
    runtime: &TokenStream,
) -> Item {
    let name = &e.ident;
    let known = if has_from_str {
        quote! { |value| value.parse().ok() }
    } else {
        let arms = wire_names(e).into_iter().map(|(ident, wire)| {
            quote! { #wire => ::std::option::Option::Some(Self::#ident), }
        });
        quote! {
            |value| match value {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    };
    parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D>(deserializer: __D) -> ::std::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                #runtime::decode_enum(deserializer, #known, Self::#variant)
            }
        }
    }
}

/// The types that select a variant of an untagged union: the field types of each variant,
/// inline or in the struct a variant wraps. A single-value enum among them is a constant (the
/// `type: dedicated` of one variant) and must stay strict, or the union would accept a value
/// of another variant as this one. A single-value enum anywhere else (Stargate's
/// `upgradeType`) is tolerant like the others: the server may add values.
fn union_tags(file: &syn::File) -> BTreeSet<String> {
    let structs: std::collections::BTreeMap<String, &syn::ItemStruct> = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect();
    let mut tags = BTreeSet::new();
    let untagged = |e: &&ItemEnum| {
        e.attrs
            .iter()
            .any(|a| a.path().is_ident("serde") && quote!(#a).to_string().contains("untagged"))
    };
    let enums = file.items.iter().filter_map(|i| match i {
        Item::Enum(e) => Some(e),
        _ => None,
    });
    for e in enums.filter(untagged) {
        for v in &e.variants {
            for f in &v.fields {
                let mut wrapped = BTreeSet::new();
                mentions(f.ty.to_token_stream(), &mut wrapped);
                for s in wrapped.iter().filter_map(|n| structs.get(n)) {
                    for f in &s.fields {
                        mentions(f.ty.to_token_stream(), &mut tags);
                    }
                }
                tags.extend(wrapped);
            }
        }
    }
    tags
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

/// The types that implement `FromStr`.
fn from_str_impls(file: &syn::File) -> BTreeSet<String> {
    file.items
        .iter()
        .filter_map(|i| match i {
            Item::Impl(imp) => {
                let (path, _) = imp.trait_.as_ref()?;
                let last = path.segments.last()?;
                let ty = &imp.self_ty;
                (last.ident == "FromStr").then(|| quote!(#ty).to_string())
            }
            _ => None,
        })
        .collect()
}

/// Rewrite the items of the types module. Returns how many enums were changed.
pub fn unknown_variants(file: &mut syn::File, runtime: &TokenStream) -> usize {
    let tags = union_tags(file);
    let mut names = std::collections::BTreeMap::new();
    let mut renames = Vec::new();
    let from_str = from_str_impls(file);
    let mut impls = Vec::new();
    for (at, item) in file.items.iter_mut().enumerate() {
        if let Item::Enum(e) = item {
            if is_string_enum(e, &tags) {
                renames.extend(empty_variant(e));
                let variant = variant_name(e);
                names.insert(e.ident.to_string(), variant.clone());
                drop_derives(e);
                let has_from_str = from_str.contains(&e.ident.to_string());
                impls.push((at + 1, decode_impl(e, &variant, has_from_str, runtime)));
                e.variants.push(parse_quote! {
                    /// A value the spec does not list, exactly as the server sent it.
                    #[serde(untagged)]
                    #variant(#runtime::UnknownValue)
                });
            }
        }
    }
    for (at, imp) in impls.into_iter().rev() {
        file.items.insert(at, imp);
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
    names.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the enums that came out with an `Unknown` variant.
    fn tolerant(types: TokenStream) -> Vec<String> {
        let mut file: syn::File = syn::parse2(types).expect("parses");
        unknown_variants(&mut file, &quote!(crate::runtime));
        file.items
            .iter()
            .filter_map(|i| match i {
                Item::Enum(e) if e.variants.iter().any(|v| v.ident == "Unknown") => {
                    Some(e.ident.to_string())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn single_value_enums_are_tolerant_unless_they_select_a_union_variant() {
        let types = quote! {
            #[derive(::serde::Deserialize)]
            #[serde(untagged)]
            pub enum Shipping { Pickup(Pickup), Courier { method: Option<CourierMethod> } }
            pub struct Pickup { pub method: PickupMethod, pub stores: Vec<PickupStore> }
            #[derive(::serde::Deserialize)]
            pub enum PickupMethod { #[serde(rename = "pickup")] Pickup }
            #[derive(::serde::Deserialize)]
            pub enum CourierMethod { #[serde(rename = "courier")] Courier }
            #[derive(::serde::Deserialize)]
            pub enum PickupStore { #[serde(rename = "main")] Main }
            #[derive(::serde::Deserialize)]
            pub enum UpgradeType { #[serde(rename = "SAI_INDEX_UPGRADE")] SaiIndexUpgrade }
            #[derive(::serde::Deserialize)]
            pub enum State { #[serde(rename = "open")] Open, #[serde(rename = "closed")] Closed }
        };
        assert_eq!(tolerant(types), ["UpgradeType", "State"]);
    }

    #[test]
    fn tolerant_enums_decode_through_their_own_impl() {
        let mut file: syn::File = syn::parse2(quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy)]
            pub enum State { #[serde(rename = "open")] Open, #[serde(rename = "")] X }
        })
        .expect("parses");
        unknown_variants(&mut file, &quote!(crate::runtime));
        let out = file.to_token_stream().to_string().replace(' ', "");
        assert!(out.contains("#[derive(::serde::Serialize,Clone)]"), "{out}");
        assert!(
            out.contains("impl<'de>::serde::Deserialize<'de>forState"),
            "{out}"
        );
        // No FromStr to call: the values are matched in place, the empty one as `Empty`.
        assert!(
            out.contains("\"open\"=>::std::option::Option::Some(Self::Open)"),
            "{out}"
        );
        assert!(
            out.contains("\"\"=>::std::option::Option::Some(Self::Empty)"),
            "{out}"
        );
        assert!(out.contains("Self::Unknown)"), "{out}");
    }
}
