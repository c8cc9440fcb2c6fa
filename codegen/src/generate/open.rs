//! `Deserialize` for the structs that responses return, open (keeping the fields a spec does
//! not list in `extra`, `#[serde(flatten)]`) or closed.
//!
//! The derive decodes an open struct through serde's private `Content`: every unknown key and
//! value is buffered, then `extra` is decoded from the buffer a second time. The impl given
//! here reads each key once (borrowed from the input where it can be), decodes a listed field
//! in place and an unknown one straight into `extra` (or skips it, when the struct is closed).
//! For a closed struct it replaces the derive for the sake of compile time: the derive also
//! emits a field enum with its visitor, a sequence form no JSON object takes, and a wrapper
//! type with its own impl for every field that `correct` fills, all of which the compiler
//! type-checks and borrow-checks in every build of the client. A field decodes as `correct` would have
//! wired it: a required field with a default through the runtime's `fill::noted` (a
//! `tracing` event when it is missing or `null`), an optional list `null` as empty, a field
//! with a default as its default when missing, an `Option` as `None`, and any other field is
//! an error when missing. A struct with a serde attribute this pass does not know keeps the
//! derive.
//!
//! The impl is short: `Deserialize` hands the deserializer to the runtime's `fill::map`, whose
//! one generic visitor calls the struct's `fill::Map::visit`; the field slots are untyped
//! `None`s whose types the compiler infers from the struct literal at the end, and each field
//! decodes through one `fill` call (`plain`, `list` or `noted`). Fewer tokens per struct are
//! less for this generator to parse and print, and less for the compiler to read.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{Fields, Type};

use super::items::{is_trait, last_segment, take_derives};

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

/// A list or a map: `null` decodes as empty.
pub(super) fn is_list(ty: &Type) -> bool {
    is_map(ty) || matches!(last_segment(ty), Some((n, _)) if n == "Vec")
}

/// An open struct's `extra` map: its field and type.
type Extra = (syn::Ident, Type);

/// The listed fields of `named` and its `extra` map (ident and type) if it is open; `None` when
/// a field has an attribute this pass does not know. `has_default` is `None` for a type only
/// requests send: its fields decode exactly as the derive's would, without correction.
fn fields(
    named: &syn::FieldsNamed,
    has_default: Option<&dyn Fn(&Type) -> bool>,
) -> Option<(Vec<Listed>, Option<Extra>)> {
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
            Some(path) if has_default.is_some() && is_list(&field.ty) => Decode::Listed(path),
            Some(path) => Decode::Defaulted(path),
            None if super::items::inner_of_option(&field.ty).is_some() => Decode::Optional,
            None if has_default.is_some_and(|d| d(&field.ty)) => Decode::Required,
            None => Decode::Strict,
        };
        listed.push(Listed {
            wire: a.rename.unwrap_or_else(|| name.clone()),
            ident,
            name,
            decode,
        });
    }
    Some((listed, extra))
}

/// The match arm that decodes listed field `f` of `ty_name` in place; `key` is what the arm
/// matches (the wire name, or the field's index for a closed struct).
fn arm(f: &Listed, key: TokenStream, ty_name: &str) -> TokenStream {
    let (id, wire, field) = (&f.ident, &f.wire, &f.name);
    let call = match f.decode {
        Decode::Listed(_) => quote! { __f::list(&mut __map, &mut #id, #wire) },
        Decode::Required => quote! { __f::noted(&mut __map, &mut #id, #wire, #ty_name, #field) },
        _ => quote! { __f::plain(&mut __map, &mut #id, #wire) },
    };
    quote! { #key => #call?, }
}

/// The field initialiser of listed field `f` once the map is read: its value, or what it is
/// when the key was absent.
fn finish(f: &Listed, ty_name: &str) -> TokenStream {
    let (id, wire, field) = (&f.ident, &f.wire, &f.name);
    let value = match &f.decode {
        Decode::Listed(None) | Decode::Defaulted(None) => quote! { #id.unwrap_or_default() },
        Decode::Listed(Some(path)) | Decode::Defaulted(Some(path)) => {
            quote! { #id.unwrap_or_else(#path) }
        }
        Decode::Optional => quote! { #id.flatten() },
        Decode::Required => quote! { __f::or_missing(#id, #ty_name, #field) },
        Decode::Strict => quote! { __f::present::<_, __A::Error>(#id, #wire)? },
    };
    quote! { #id: #value, }
}

/// How the visitor reads a struct's keys.
struct Reading {
    /// The expression that reads the next key.
    next: TokenStream,
    /// What the field arms match on.
    key: TokenStream,
    arms: Vec<TokenStream>,
    /// The statements for a key the struct does not list.
    unknown: TokenStream,
    /// The declaration of `extra`, its initialiser in the struct, and what the doc says of an
    /// unlisted key.
    keep: TokenStream,
    extra_field: TokenStream,
    extra_doc: String,
}

/// An open struct reads each key as text (an unknown one goes into `extra`, owned); a closed
/// one as the index of the field it names, through one runtime visitor (an unknown key's value
/// is skipped).
fn reading(listed: &[Listed], extra: Option<&Extra>, ty_name: &str) -> Reading {
    let (next, arms, unknown) = match extra {
        Some((id, _)) => (
            quote! { __map.next_key::<__f::Key<'de>>()? },
            listed
                .iter()
                .map(|f| arm(f, f.wire.to_token_stream(), ty_name))
                .collect::<Vec<_>>(),
            quote! {
                let value = __map.next_value()?;
                #id.insert(__key.into_owned(), value);
            },
        ),
        None => {
            let wires = listed.iter().map(|f| &f.wire);
            let indices = (0..listed.len()).map(proc_macro2::Literal::usize_unsuffixed);
            let unlisted = proc_macro2::Literal::usize_unsuffixed(listed.len());
            (
                quote! {
                    __map.next_key_seed(__f::Fields(|__name: &str| match __name {
                        #(#wires => #indices,)*
                        _ => #unlisted,
                    }))?
                },
                listed
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        arm(
                            f,
                            proc_macro2::Literal::usize_unsuffixed(i).into_token_stream(),
                            ty_name,
                        )
                    })
                    .collect(),
                quote! { __map.next_value::<::serde::de::IgnoredAny>()?; },
            )
        }
    };
    let key = match extra {
        Some(_) => quote! { __key.as_str() },
        None => quote! { __key },
    };
    let (keep, extra_field, extra_doc) = match extra {
        Some((id, ty)) => (
            quote! { let mut #id: #ty = ::std::default::Default::default(); },
            quote! { #id, },
            format!("any other key into `{}`", id.to_token_stream()),
        ),
        None => (
            TokenStream::new(),
            TokenStream::new(),
            "any other key skipped".to_string(),
        ),
    };
    Reading {
        next,
        key,
        arms,
        unknown,
        keep,
        extra_field,
        extra_doc,
    }
}

/// The `Deserialize` impl of struct `s`, taking the derive off `s`; `None` (and `s` untouched)
/// when it has an attribute this pass does not know. For a type that responses return,
/// `has_default` says whether a field type has a default (see `correct`), and fields are
/// corrected as `correct` would; for a type only requests send it is `None`, and fields
/// decode as the derive's did (a required field must be present, `null` is no empty list).
/// Either way the value must be a map (`deserialize_map`): a struct written as a sequence,
/// which the derive also read, is refused, so a format that is not self-describing (bincode)
/// cannot decode these types.
pub(super) fn deserialize(
    s: &mut syn::ItemStruct,
    has_default: Option<&dyn Fn(&Type) -> bool>,
    rt: &TokenStream,
) -> Option<TokenStream> {
    if !s.generics.params.is_empty() || s.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return None;
    }
    let Fields::Named(named) = &s.fields else {
        return None;
    };
    let (listed, extra) = fields(named, has_default)?;
    if !take_derives(&mut s.attrs, |p| is_trait(p, "Deserialize")) {
        return None;
    }
    let name = &s.ident;
    let ty_name = name.to_string();
    let expecting = format!("struct {ty_name}");
    // The slots' types are inferred from the struct the visitor returns.
    let locals = listed.iter().map(|f| {
        let id = &f.ident;
        quote! { let mut #id = ::std::option::Option::None; }
    });
    let Reading {
        next,
        key,
        arms,
        unknown,
        keep,
        extra_field,
        extra_doc,
    } = reading(&listed, extra.as_ref(), &ty_name);
    let finish = listed.iter().map(|f| finish(f, &ty_name));
    let doc = format!(" Decodes a `{ty_name}` from a map: listed fields in place, {extra_doc}.");
    Some(quote! {
        #[doc = #doc]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D>(deserializer: __D) -> ::std::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                #rt::fill::map(deserializer)
            }
        }
        impl<'de> #rt::fill::Map<'de> for #name {
            const EXPECTING: &'static str = #expecting;
            fn visit<__A>(mut __map: __A) -> ::std::result::Result<Self, __A::Error>
            where
                __A: ::serde::de::MapAccess<'de>,
            {
                use #rt::fill as __f;
                #(#locals)*
                #keep
                while let ::std::option::Option::Some(__key) = #next {
                    match #key {
                        #(#arms)*
                        _ => {
                            #unknown
                        }
                    }
                }
                ::std::result::Result::Ok(Self {
                    #(#finish)*
                    #extra_field
                })
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
        let out = deserialize(&mut s, Some(&has_default), &quote!(crate::runtime));
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
            "\"orgId\" => __f :: noted (& mut __map , & mut org_id , \"orgId\" , \"Db\" , \"org_id\") ?",
            "\"tags\" => __f :: list (& mut __map , & mut tags , \"tags\") ?",
            "org_id : __f :: or_missing (org_id , \"Db\" , \"org_id\")",
            "tags : tags . unwrap_or_default ()",
            "port : port . unwrap_or_else (defaults :: port)",
            "note : note . flatten ()",
            "kind : __f :: present :: < _ , __A :: Error > (kind , \"kind\") ?",
            "extra . insert (__key . into_owned () , value)",
            "const EXPECTING : & 'static str = \"struct Db\" ;",
            "use crate :: runtime :: fill as __f ;",
        ] {
            assert!(out.contains(wanted), "missing {wanted}\n{out}");
        }
    }

    #[test]
    fn a_closed_struct_skips_unknown_keys() {
        let (s, out) = open(quote! {
            #[derive(::serde::Deserialize, Clone)]
            pub struct Closed { pub id: String, pub note: Option<String>, pub kind: Strict }
        });
        let out = out.expect("closed structs get the impl too");
        assert!(!s.attrs[0]
            .to_token_stream()
            .to_string()
            .contains("Deserialize"));
        for wanted in [
            "_ => { __map . next_value :: < :: serde :: de :: IgnoredAny > () ? ; }",
            "__map . next_key_seed (__f :: Fields (| __name : & str | match __name { \"id\" => 0 , \"note\" => 1 , \"kind\" => 2 , _ => 3 , })) ?",
            "0 => __f :: noted (& mut __map , & mut id , \"id\" , \"Closed\" , \"id\") ?",
            "Self { id : __f :: or_missing (id , \"Closed\" , \"id\") , note : note . flatten () , kind : __f :: present :: < _ , __A :: Error > (kind , \"kind\") ? , }",
            "listed fields in place, any other key skipped.",
        ] {
            assert!(out.contains(wanted), "missing {wanted}\n{out}");
        }
    }

    #[test]
    fn a_request_only_struct_decodes_as_the_derive_did() {
        let mut s: syn::ItemStruct = syn::parse2(quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize)]
            pub struct Body {
                pub name: String,
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub tags: Vec<String>,
            }
        })
        .expect("parses");
        let out = deserialize(&mut s, None, &quote!(crate::runtime))
            .expect("gets the impl")
            .to_string();
        for wanted in [
            "0 => __f :: plain (& mut __map , & mut name , \"name\") ?",
            "1 => __f :: plain (& mut __map , & mut tags , \"tags\") ?",
            "name : __f :: present :: < _ , __A :: Error > (name , \"name\") ?",
            "tags : tags . unwrap_or_default ()",
        ] {
            assert!(out.contains(wanted), "missing {wanted}\n{out}");
        }
        assert!(
            !out.contains("__f :: noted") && !out.contains("__f :: list"),
            "{out}"
        );
    }

    #[test]
    fn a_struct_that_is_not_understood_keeps_the_derive() {
        for s in [
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
