//! `Deserialize` for the open objects that responses return: structs that keep the fields a
//! spec does not list in `extra` (`#[serde(flatten)]`).
//!
//! The derive decodes such a struct through serde's private `Content`: every unknown key and
//! value is buffered, then `extra` is decoded from the buffer a second time. The impl given
//! here reads each key once (borrowed from the input where it can be), decodes a listed field
//! in place and an unknown one straight into `extra`. A field decodes as `correct` would have
//! wired it: a required field with a default through the runtime's `fill::Required` (a
//! `tracing` event when it is missing or `null`), an optional list `null` as empty, a field
//! with a default as its default when missing, an `Option` as `None`, and any other field is
//! an error when missing. A struct with a serde attribute this pass does not know keeps the
//! derive.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::{Fields, Type};

use super::items::last_segment;

/// How a listed field decodes and what it is when the key is absent.
enum Decode {
    /// An optional list or map: `null` is empty, absent is its default (or `path()`).
    Listed(Option<syn::Path>),
    /// A field with a default: absent is the default (or `path()`).
    Defaulted(Option<syn::Path>),
    /// `Option<T>`: absent is `None`.
    Optional,
    /// A required field whose type has a default: `null` or absent is the default, noted.
    Required,
    /// A required field with no default: absent is an error.
    Strict,
}

/// One listed field of the struct.
struct Listed {
    ident: syn::Ident,
    /// The field's name without `r#`, as `fill` notes it.
    name: String,
    wire: String,
    ty: Type,
    decode: Decode,
}

/// The serde attributes of a field, when every one is known here.
#[derive(Default)]
struct Attrs {
    rename: Option<String>,
    /// `Some(None)` for a bare `default`, `Some(Some(path))` for `default = "path"`.
    default: Option<Option<syn::Path>>,
    flatten: bool,
}

fn attrs(field: &syn::Field) -> Option<Attrs> {
    let mut out = Attrs::default();
    let mut known = true;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            let p = &meta.path;
            if p.is_ident("rename") {
                out.rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if p.is_ident("default") {
                out.default = Some(if meta.input.peek(syn::Token![=]) {
                    Some(meta.value()?.parse::<syn::LitStr>()?.parse()?)
                } else {
                    None
                });
            } else if p.is_ident("skip_serializing_if") {
                let _: syn::LitStr = meta.value()?.parse()?;
            } else if p.is_ident("flatten") {
                out.flatten = true;
            } else {
                known = false;
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
            }
            Ok(())
        });
        if parsed.is_err() {
            return None;
        }
    }
    known.then_some(out)
}

fn is_map(ty: &Type) -> bool {
    matches!(last_segment(ty), Some((n, _)) if ["BTreeMap", "HashMap", "Map"].contains(&n.as_str()))
}

fn is_list(ty: &Type) -> bool {
    is_map(ty) || matches!(last_segment(ty), Some((n, _)) if n == "Vec")
}

/// Take `::serde::Deserialize` out of the struct's derives; false when it has none.
fn drop_derive(s: &mut syn::ItemStruct) -> bool {
    for attr in s.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) =
            attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let is_de = |p: &syn::Path| p.segments.last().is_some_and(|s| s.ident == "Deserialize");
        if !paths.iter().any(is_de) {
            continue;
        }
        let rest: Vec<&syn::Path> = paths.iter().filter(|p| !is_de(p)).collect();
        *attr = syn::parse_quote! { #[derive(#(#rest),*)] };
        return true;
    }
    false
}

/// The listed fields of `named` and its `extra` map (ident and type); `None` when the struct is
/// not open or a field has an attribute this pass does not know.
fn fields(
    named: &syn::FieldsNamed,
    has_default: impl Fn(&Type) -> bool,
) -> Option<(Vec<Listed>, (syn::Ident, Type))> {
    let mut listed = Vec::new();
    let mut extra = None;
    for field in &named.named {
        let ident = field.ident.clone()?;
        let a = attrs(field)?;
        if a.flatten {
            if extra.is_some() || !is_map(&field.ty) || a.rename.is_some() {
                return None;
            }
            extra = Some((ident, field.ty.clone()));
            continue;
        }
        let name = ident.to_string().trim_start_matches("r#").to_string();
        let decode = match a.default {
            Some(path) if is_list(&field.ty) => Decode::Listed(path),
            Some(path) => Decode::Defaulted(path),
            None if super::items::inner_of_option(&field.ty).is_some() => Decode::Optional,
            None if has_default(&field.ty) => Decode::Required,
            None => Decode::Strict,
        };
        listed.push(Listed {
            wire: a.rename.unwrap_or_else(|| name.clone()),
            ident,
            name,
            ty: field.ty.clone(),
            decode,
        });
    }
    Some((listed, extra?))
}

/// The match arm that decodes listed field `f` of `ty_name` in place.
fn arm(f: &Listed, ty_name: &str, rt: &TokenStream) -> TokenStream {
    let (id, wire, field) = (&f.ident, &f.wire, &f.name);
    let seed = match f.decode {
        Decode::Listed(_) => quote! { #rt::fill::NullAsDefault::new() },
        Decode::Required => quote! { #rt::fill::Required::new(#ty_name, #field) },
        _ => quote! { #rt::fill::Plain::new() },
    };
    quote! { #wire => #rt::fill::field(&mut __map, &mut #id, #wire, #seed)?, }
}

/// The field initialiser of listed field `f` once the map is read: its value, or what it is
/// when the key was absent.
fn finish(f: &Listed, ty_name: &str, rt: &TokenStream) -> TokenStream {
    let (id, wire, field) = (&f.ident, &f.wire, &f.name);
    let value = match &f.decode {
        Decode::Listed(None) | Decode::Defaulted(None) => quote! { #id.unwrap_or_default() },
        Decode::Listed(Some(path)) | Decode::Defaulted(Some(path)) => {
            quote! { #id.unwrap_or_else(#path) }
        }
        Decode::Optional => quote! { #id.flatten() },
        Decode::Required => {
            quote! { #id.unwrap_or_else(|| #rt::fill::missing(#ty_name, #field)) }
        }
        Decode::Strict => quote! { #rt::fill::present::<_, A::Error>(#id, #wire)? },
    };
    quote! { #id: #value, }
}

/// The `Deserialize` impl of response struct `s` when it is open, taking the derive off `s`;
/// `None` (and `s` untouched) when it is not open or has an attribute this pass does not know.
/// `has_default` says whether a field type has a default (see `correct`).
pub(super) fn deserialize(
    s: &mut syn::ItemStruct,
    has_default: impl Fn(&Type) -> bool,
    rt: &TokenStream,
) -> Option<TokenStream> {
    if !s.generics.params.is_empty() || s.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return None;
    }
    let Fields::Named(named) = &s.fields else {
        return None;
    };
    let (listed, (extra_id, extra_ty)) = fields(named, has_default)?;
    if !drop_derive(s) {
        return None;
    }
    let name = &s.ident;
    let ty_name = name.to_string();
    let expecting = format!("struct {ty_name}");
    let locals = listed.iter().map(|f| {
        let (id, ty) = (&f.ident, &f.ty);
        quote! { let mut #id: ::std::option::Option<#ty> = ::std::option::Option::None; }
    });
    let arms = listed.iter().map(|f| arm(f, &ty_name, rt));
    let finish = listed.iter().map(|f| finish(f, &ty_name, rt));
    let visitor = format_ident!("{}Visitor", name);
    let doc = format!(
        " Decodes a `{ty_name}` from a map: listed fields in place, any other key into `{}`.",
        extra_id.to_token_stream()
    );
    Some(quote! {
        #[doc = #doc]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                struct #visitor;
                impl<'de> ::serde::de::Visitor<'de> for #visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A>(self, mut __map: A) -> ::std::result::Result<#name, A::Error>
                    where
                        A: ::serde::de::MapAccess<'de>,
                    {
                        #(#locals)*
                        let mut #extra_id: #extra_ty = ::std::default::Default::default();
                        while let ::std::option::Option::Some(__key) =
                            __map.next_key::<#rt::fill::Key<'de>>()?
                        {
                            match __key.as_str() {
                                #(#arms)*
                                _ => {
                                    let value = __map.next_value()?;
                                    #extra_id.insert(__key.into_owned(), value);
                                }
                            }
                        }
                        ::std::result::Result::Ok(#name {
                            #(#finish)*
                            #extra_id,
                        })
                    }
                }
                deserializer.deserialize_map(#visitor)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(s: TokenStream) -> (syn::ItemStruct, Option<String>) {
        let mut s: syn::ItemStruct = syn::parse2(s).expect("parses");
        let has_default = |ty: &Type| !matches!(last_segment(ty), Some((n, _)) if n == "Strict");
        let out = deserialize(&mut s, has_default, &quote!(crate::runtime));
        (s, out.map(|t| t.to_string()))
    }

    #[test]
    fn an_open_struct_gets_its_own_impl_and_loses_the_derive() {
        let (s, out) = open(quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
            pub struct Db {
                #[serde(rename = "orgId")]
                pub org_id: String,
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub tags: Vec<String>,
                #[serde(default = "defaults::port")]
                pub port: u16,
                pub note: Option<String>,
                pub kind: Strict,
                #[serde(flatten)]
                pub extra: ::serde_json::Map<String, ::serde_json::Value>,
            }
        });
        let out = out.expect("open");
        let derive = s.attrs[0].to_token_stream().to_string();
        assert!(
            !derive.contains("Deserialize") && derive.contains("Serialize"),
            "{derive}"
        );
        for wanted in [
            "\"orgId\" => crate :: runtime :: fill :: field (& mut __map , & mut org_id , \"orgId\" , crate :: runtime :: fill :: Required :: new (\"Db\" , \"org_id\"))",
            "\"tags\" => crate :: runtime :: fill :: field (& mut __map , & mut tags , \"tags\" , crate :: runtime :: fill :: NullAsDefault :: new ())",
            "org_id : org_id . unwrap_or_else (|| crate :: runtime :: fill :: missing (\"Db\" , \"org_id\"))",
            "tags : tags . unwrap_or_default ()",
            "port : port . unwrap_or_else (defaults :: port)",
            "note : note . flatten ()",
            "kind : crate :: runtime :: fill :: present :: < _ , A :: Error > (kind , \"kind\") ?",
            "extra . insert (__key . into_owned () , value)",
            "f . write_str (\"struct Db\")",
        ] {
            assert!(out.contains(wanted), "missing {wanted}\n{out}");
        }
    }

    #[test]
    fn a_struct_that_is_not_open_or_not_understood_keeps_the_derive() {
        for s in [
            quote! { #[derive(::serde::Deserialize)] pub struct Closed { pub id: String } },
            quote! {
                #[derive(::serde::Deserialize)]
                pub struct Odd {
                    #[serde(alias = "ident")]
                    pub id: String,
                    #[serde(flatten)]
                    pub extra: ::serde_json::Map<String, ::serde_json::Value>,
                }
            },
            quote! {
                #[derive(::serde::Deserialize)]
                #[serde(deny_unknown_fields)]
                pub struct Whole {
                    #[serde(flatten)]
                    pub extra: ::serde_json::Map<String, ::serde_json::Value>,
                }
            },
            quote! {
                #[derive(::serde::Deserialize)]
                pub struct Nested { #[serde(flatten)] pub inner: Inner }
            },
        ] {
            let before = s.to_string();
            let (after, out) = open(s);
            assert!(out.is_none(), "{before}");
            assert_eq!(after.to_token_stream().to_string(), before);
        }
    }
}
