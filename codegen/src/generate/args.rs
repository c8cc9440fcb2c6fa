//! The Rust types of an operation's inputs and output, decided once and read by the method,
//! its page stream and its contract case.

use proc_macro2::Ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::{Side, TypeError, Types};
use crate::ir::{BodyKind, Operation, Param, Success};
use crate::util::pascal;

/// A parameter with its Rust types.
pub struct ParamTy<'p> {
    /// The parameter.
    pub param: &'p Param,
    /// The type of its argument or setter (`&'a str`, `i64`).
    pub arg: TokenStream,
    /// The owned type a caller holds (what the signature borrows).
    pub owned: TokenStream,
    /// Whether the signature takes a reference rather than the value itself.
    pub by_ref: bool,
}

/// The request body with its Rust types.
pub struct BodyTy {
    /// The type of its argument or setter (`&'a types::X`, `::bytes::Bytes`).
    pub arg: TokenStream,
    /// The owned type.
    pub owned: TokenStream,
    /// How it is sent.
    pub encoding: Encoding,
    /// Whether it must be given.
    pub required: bool,
}

/// How a request body goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Serialized as JSON; the method borrows the value.
    Json,
    /// A `&str` sent as is (`text/plain`).
    Text,
    /// `Bytes` sent as is, with the spec's media type.
    Bytes,
}

/// Everything an operation's method takes and returns.
pub struct Signature<'p> {
    /// Parameters in argument order.
    pub params: Vec<ParamTy<'p>>,
    /// The body, if any.
    pub body: Option<BodyTy>,
    /// The success type (`types::Database`, `()`, `Binary`).
    pub ok: TokenStream,
}

/// Decide the types of `op`'s method.
pub fn signature<'p>(
    types: &mut Types,
    rt: &TokenStream,
    op: &'p Operation,
) -> Result<Signature<'p>, TypeError> {
    let params = op
        .params
        .iter()
        .map(|p| {
            let hint = format!("{}{}", op.type_prefix(), pascal(&p.name));
            let (arg, by_ref, owned) = types.parameter(&p.schema, &hint)?;
            Ok(ParamTy {
                param: p,
                arg,
                owned,
                by_ref,
            })
        })
        .collect::<Result<Vec<_>, TypeError>>()?;
    let body = match &op.body {
        None => None,
        Some(b) => {
            let (owned, arg, encoding) = match &b.kind {
                BodyKind::Json(schema) => {
                    let hint = format!("{}Body", op.type_prefix());
                    let owned = types.owned(schema, Side::Request, &hint)?;
                    (owned.clone(), quote! { &'a #owned }, Encoding::Json)
                }
                BodyKind::Text => (
                    quote! { ::std::string::String },
                    quote! { &'a str },
                    Encoding::Text,
                ),
                BodyKind::Bytes | BodyKind::None => (
                    quote! { ::bytes::Bytes },
                    quote! { ::bytes::Bytes },
                    Encoding::Bytes,
                ),
            };
            Some(BodyTy {
                arg,
                owned,
                encoding,
                required: b.required,
            })
        }
    };
    let ok = match &op.success {
        Success::Empty { .. } => quote! { () },
        Success::Json { schema, .. } => {
            let hint = format!("{}Response", op.type_prefix());
            types.owned(schema, Side::Response, &hint)?
        }
        Success::AnyJson => quote! { ::serde_json::Value },
        Success::Binary { .. } => quote! { #rt::Binary },
        Success::Text { .. } => quote! { ::std::string::String },
    };
    Ok(Signature { params, body, ok })
}

/// The name of an operation's builder type: the method's name in PascalCase, with `Call`
/// after it where that would be a keyword or a name the `builders` module already uses.
pub fn builder_name(op: &Operation) -> Ident {
    let name = pascal(&op.id);
    if matches!(
        name.as_str(),
        "Self" | "Client" | "Error" | "ErrorBody" | "Result" | "Types"
    ) {
        format_ident!("{name}Call")
    } else {
        format_ident!("{name}")
    }
}
