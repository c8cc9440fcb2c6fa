//! The serde directions a type needs. A type that only responses return is decoded and never
//! encoded by the client; a type that only requests send is encoded and never decoded. Their
//! other direction (`Serialize` of a response type, `Deserialize` of a request type) was half
//! of the serde code in every client, and serde impls were most of what the compiler checks.
//! This pass keeps that direction behind a cargo feature (`full-serde` in datacloud): with
//! it, every type has both, as before; without it, only what the client uses.
//!
//! It runs after `correct`, which works out which types each side reaches. A derive that is
//! not needed becomes `#[cfg_attr(feature = "...", derive(...))]`, an impl of it (typify's,
//! or the generated decoder and its `fill::Map`) gets `#[cfg(feature = "...")]`, and when no
//! serde derive is left on a type its `#[serde(...)]` attributes (on the type, its fields and
//! its variants) are kept only with the feature too, since they mean nothing without one.
//! A type that both sides reach is left alone, and so is a type no operation reaches, with
//! everything it mentions: a caller may encode or decode it either way.

use std::collections::BTreeSet;

use syn::{parse_quote, Attribute, Item};

use super::items::{derives_any, is_trait, take_derives};

/// The types that response bodies and that request inputs reach.
pub(super) struct Roles {
    pub response: BTreeSet<String>,
    pub request: BTreeSet<String>,
}

/// The serde trait a type with `name` does not need, if any.
fn unneeded(roles: &Roles, name: &str) -> Option<&'static str> {
    match (roles.response.contains(name), roles.request.contains(name)) {
        (true, false) => Some("Serialize"),
        (false, true) => Some("Deserialize"),
        _ => None,
    }
}

/// Keep every `#[serde(...)]` in `attrs` only with `feature`.
fn gate_serde_attrs(attrs: &mut [Attribute], feature: &str) {
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("serde")) {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let tokens = &list.tokens;
        *attr = parse_quote! { #[cfg_attr(feature = #feature, serde(#tokens))] };
    }
}

fn gate_fields(fields: &mut syn::Fields, feature: &str) {
    for field in fields.iter_mut() {
        gate_serde_attrs(&mut field.attrs, feature);
    }
}

/// Gate the unneeded derive of one struct or enum; the name of the trait, when it had one.
fn gate_type(item: &mut Item, roles: &Roles, feature: &str) -> Option<(String, &'static str)> {
    let (ident, attrs) = match item {
        Item::Struct(s) => (&s.ident, &mut s.attrs),
        Item::Enum(e) => (&e.ident, &mut e.attrs),
        _ => return None,
    };
    let name = ident.to_string();
    let what = unneeded(roles, &name)?;
    if take_derives(attrs, |p| is_trait(p, what)) {
        let path: syn::Path = syn::parse_str(&format!("::serde::{what}")).ok()?;
        attrs.push(parse_quote! { #[cfg_attr(feature = #feature, derive(#path))] });
    }
    if !derives_any(attrs, |p| {
        is_trait(p, "Serialize") || is_trait(p, "Deserialize")
    }) {
        gate_serde_attrs(attrs, feature);
        match item {
            Item::Struct(s) => gate_fields(&mut s.fields, feature),
            Item::Enum(e) => {
                for v in e.variants.iter_mut() {
                    gate_serde_attrs(&mut v.attrs, feature);
                    gate_fields(&mut v.fields, feature);
                }
            }
            _ => {}
        }
    }
    Some((name, what))
}

/// The trait an `impl` implements (its last segment) and the name of its self type.
fn impl_of(i: &syn::ItemImpl) -> Option<(String, String)> {
    let (path, _) = i.trait_.as_ref()?;
    let syn::Type::Path(ty) = &*i.self_ty else {
        return None;
    };
    let trait_name = path.segments.last()?.ident.to_string();
    Some((trait_name, ty.path.segments.last()?.ident.to_string()))
}

/// Keep the serde direction each type of `file` does not need only with cargo feature
/// `feature`.
pub(super) fn gate(file: &mut syn::File, roles: &Roles, feature: &str) {
    let gated: BTreeSet<(String, &str)> = file
        .items
        .iter_mut()
        .filter_map(|item| gate_type(item, roles, feature))
        .collect();
    for item in file.items.iter_mut() {
        let Item::Impl(i) = item else { continue };
        let Some((trait_name, self_name)) = impl_of(i) else {
            continue;
        };
        // The generated decoder is `Deserialize` and its `fill::Map`.
        let what = match trait_name.as_str() {
            "Serialize" => "Serialize",
            "Deserialize" | "Map" => "Deserialize",
            _ => continue,
        };
        if gated.contains(&(self_name, what)) {
            i.attrs.push(parse_quote! { #[cfg(feature = #feature)] });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{quote, ToTokens};

    fn attrs_text(attrs: &[Attribute]) -> String {
        attrs
            .iter()
            .map(|a| a.to_token_stream().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn roles() -> Roles {
        Roles {
            response: ["Db", "Kind", "Both"].map(String::from).into(),
            request: ["Body", "Both"].map(String::from).into(),
        }
    }

    fn run(tokens: proc_macro2::TokenStream) -> syn::File {
        let mut file: syn::File = syn::parse2(tokens).expect("parses");
        gate(&mut file, &roles(), "full-serde");
        file
    }

    #[test]
    fn a_response_type_serializes_only_with_the_feature() {
        let file = run(quote! {
            #[derive(::serde::Serialize, Clone, Debug)]
            pub struct Db {
                #[serde(rename = "orgId")]
                pub org_id: String,
            }
            impl<'de> ::serde::Deserialize<'de> for Db {}
            impl<'de> crate::runtime::fill::Map<'de> for Db {}
        });
        let Item::Struct(s) = &file.items[0] else {
            panic!("a struct")
        };
        let text = attrs_text(&s.attrs);
        assert!(text.contains("# [derive (Clone , Debug)]"), "{text}");
        assert!(
            text.contains("cfg_attr (feature = \"full-serde\" , derive (:: serde :: Serialize))"),
            "{text}"
        );
        let field = attrs_text(&s.fields.iter().next().expect("a field").attrs);
        assert_eq!(
            field,
            "# [cfg_attr (feature = \"full-serde\" , serde (rename = \"orgId\"))]"
        );
        // The decoder the client uses stays.
        for item in &file.items[1..] {
            let Item::Impl(i) = item else {
                panic!("an impl")
            };
            assert!(i.attrs.is_empty(), "{}", attrs_text(&i.attrs));
        }
    }

    #[test]
    fn a_request_type_decodes_only_with_the_feature() {
        let file = run(quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
            pub struct Body {
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub tags: Vec<String>,
            }
            impl<'de> ::serde::Deserialize<'de> for Body {}
            impl<'de> crate::runtime::fill::Map<'de> for Body {}
            impl ::serde::Serialize for Body {}
        });
        let Item::Struct(s) = &file.items[0] else {
            panic!("a struct")
        };
        let text = attrs_text(&s.attrs);
        assert!(
            text.contains("# [derive (:: serde :: Serialize , Clone)]"),
            "{text}"
        );
        // Serialize is still derived, so the field's attribute stays as it was.
        let field = attrs_text(&s.fields.iter().next().expect("a field").attrs);
        assert!(field.starts_with("# [serde (default"), "{field}");
        let gated: Vec<bool> = file.items[1..]
            .iter()
            .map(|i| match i {
                Item::Impl(i) => !i.attrs.is_empty(),
                _ => panic!("an impl"),
            })
            .collect();
        assert_eq!(gated, [true, true, false]);
    }

    #[test]
    fn an_enum_keeps_its_variant_names_with_the_feature_and_shared_types_are_untouched() {
        let file = run(quote! {
            #[derive(::serde::Serialize, Clone)]
            pub enum Kind {
                #[serde(rename = "a-b")]
                AB,
            }
            impl ::serde::Serialize for Kind {}
            #[derive(::serde::Deserialize, ::serde::Serialize)]
            pub struct Both {
                #[serde(rename = "x")]
                pub y: i64,
            }
            #[derive(::serde::Serialize)]
            pub struct Unreached {}
        });
        let Item::Enum(e) = &file.items[0] else {
            panic!("an enum")
        };
        let variant = attrs_text(&e.variants[0].attrs);
        assert_eq!(
            variant,
            "# [cfg_attr (feature = \"full-serde\" , serde (rename = \"a-b\"))]"
        );
        let Item::Impl(i) = &file.items[1] else {
            panic!("an impl")
        };
        assert_eq!(attrs_text(&i.attrs), "# [cfg (feature = \"full-serde\")]");
        for (n, wanted) in [
            (
                2,
                "# [derive (:: serde :: Deserialize , :: serde :: Serialize)]",
            ),
            (3, "# [derive (:: serde :: Serialize)]"),
        ] {
            let Item::Struct(s) = &file.items[n] else {
                panic!("a struct")
            };
            assert_eq!(attrs_text(&s.attrs), wanted);
        }
    }
}
