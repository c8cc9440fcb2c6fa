//! One async method per operation, plus a page stream per paginated operation.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::types::{TypeError, Types};
use crate::ir::{Api, Location, Operation, Pagination, Param, Success};
use crate::refs::resolve;
use crate::util::{is_json, pascal};

/// What a method was generated from, for the API surface listing.
pub struct Emitted {
    /// The method's tokens (with its page stream, if any).
    pub tokens: TokenStream,
    /// Rust signature of the method, for the surface snapshot.
    pub signature: String,
    /// Rust signature of the stream method, if any.
    pub stream_signature: Option<String>,
    /// The contract-test case of the operation (an expression of type `Case<Client>`).
    pub contract: TokenStream,
}

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// A parameter with its Rust types.
pub struct ParamTy<'p> {
    /// The parameter.
    pub param: &'p Param,
    /// The type in the method signature.
    pub ty: TokenStream,
    /// The owned type a caller holds (what the signature borrows).
    pub owned: TokenStream,
    /// Whether the signature takes the value itself rather than a reference.
    pub by_value: bool,
}

fn doc_lines(op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(s) = &op.summary {
        lines.push(doc_text(s.trim()));
    }
    if let Some(d) = &op.description {
        lines.push(String::new());
        lines.extend(d.trim().lines().map(|l| doc_text(l.trim_end())));
    }
    lines.push(String::new());
    lines.push(format!("`{} {}`", op.method.to_uppercase(), op.path));
    if op.location_header {
        lines.push(String::new());
        lines.push(
            "The created resource is named by the `Location` header: `.location_id()` on the \
             response gives its last segment, the new id."
                .into(),
        );
    }
    for (name, reason) in &op.omitted {
        lines.push(String::new());
        lines.push(doc_text(&format!(
            "Not offered: `{name}`. {}",
            reason.trim()
        )));
    }
    if op.inferred_route {
        lines.push(String::new());
        lines.push("**Route unconfirmed:** no public source shows this route; it is our best reconstruction.".into());
    }
    if !op.authenticated {
        lines.push(String::new());
        lines.push(
            "Sends no credentials: the API serves this operation without authentication.".into(),
        );
    }
    lines
}

/// Spec prose as rustdoc text: brackets and angle brackets outside code spans are escaped, so
/// `[EXPERIMENTAL]` is not taken for an intra-doc link nor `<token>` for an HTML tag.
pub fn doc_text(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in line.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' | ']' | '<' | '>' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

fn param_types<'p>(types: &mut Types, op: &'p Operation) -> Result<Vec<ParamTy<'p>>, TypeError> {
    op.params
        .iter()
        .map(|p| {
            let hint = format!("{}{}", op.type_prefix(), pascal(&p.name));
            let (base, owned) = types.parameter(&p.schema, &hint)?;
            let by_value = !base.to_string().starts_with('&');
            let ty = if p.required {
                base
            } else {
                quote! { Option<#base> }
            };
            Ok(ParamTy {
                param: p,
                ty,
                owned,
                by_value,
            })
        })
        .collect()
}

/// Statements that hand the path parameters to the runtime, which checks, encodes and
/// places them (`rq.path_param("clusterId", &cluster_id);`): generated code never formats a
/// path itself.
fn path_params(op: &Operation) -> TokenStream {
    let stmts = op
        .params
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| {
            let name = &p.name;
            let id = ident(&p.rust_name);
            if p.multi_segment {
                quote! { rq.path_segments(#name, &#id); }
            } else {
                quote! { rq.path_param(#name, &#id); }
            }
        });
    quote! { #(#stmts)* }
}

/// Statements that add query parameters, headers and the body to `rq`.
/// `skip` names a query parameter that the page stream sets itself.
fn request_parts(rt: &TokenStream, op: &Operation, skip: &[&str]) -> TokenStream {
    let mut out = Vec::new();
    for p in &op.params {
        if skip.contains(&p.name.as_str()) {
            continue;
        }
        let name = &p.name;
        let id = ident(&p.rust_name);
        match (p.location, p.comma_separated) {
            (Location::Query, false) => out.push(quote! { rq.query(#name, &#id); }),
            (Location::Query, true) => out.push(quote! { rq.query_csv(#name, &#id); }),
            (Location::Header, _) => out.push(quote! { rq.header(#name, &#id); }),
            (Location::Path, _) => {}
        }
    }
    if let Some(body) = &op.body {
        if is_json(&body.media_type) {
            out.push(quote! { rq.json(&body); });
        } else {
            let mt = &body.media_type;
            out.push(quote! { rq.bytes(#mt, body); });
        }
    }
    let _ = rt;
    quote! { #(#out)* }
}

fn success_type(
    types: &mut Types,
    rt: &TokenStream,
    op: &Operation,
) -> Result<(TokenStream, TokenStream), TypeError> {
    Ok(match &op.success {
        Success::Empty { .. } => (quote! { () }, quote! { .empty() }),
        Success::Json { schema, .. } => {
            let ty = types.owned(schema, &format!("{}Response", op.type_prefix()))?;
            (ty, quote! { .json() })
        }
        Success::AnyJson => (quote! { ::serde_json::Value }, quote! { .json() }),
        Success::Binary { .. } => (quote! { #rt::Binary }, quote! { .binary() }),
    })
}

/// The body argument (`body: &'a types::X`) and the body's owned type.
fn body_param(
    types: &mut Types,
    op: &Operation,
) -> Result<Option<(TokenStream, TokenStream)>, TypeError> {
    let Some(body) = &op.body else {
        return Ok(None);
    };
    if !is_json(&body.media_type) {
        let owned = quote! { ::bytes::Bytes };
        return Ok(Some(if body.required {
            (quote! { body: ::bytes::Bytes }, owned)
        } else {
            (quote! { body: Option<::bytes::Bytes> }, owned)
        }));
    }
    let ty = types.owned(&body.schema, &format!("{}Body", op.type_prefix()))?;
    Ok(Some(if body.required {
        (quote! { body: &'a #ty }, ty)
    } else {
        (quote! { body: Option<&'a #ty> }, ty)
    }))
}

fn operation_const(rt: &TokenStream, api_name: &str, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = ident(&op.method.to_uppercase());
    let path = &op.path;
    let auth = op.authenticated;
    quote! {
        const OP: #rt::Operation = #rt::Operation {
            api: #api_name,
            id: #id,
            method: #rt::Method::#method,
            path: #path,
            authenticated: #auth,
        };
    }
}

/// Generate the method (and page stream) of one operation.
pub fn method(
    types: &mut Types,
    rt: &TokenStream,
    api: &Api,
    api_name: &str,
    op: &Operation,
) -> Result<Emitted, TypeError> {
    let name = ident(&op.id);
    let params = param_types(types, op)?;
    let body_types = body_param(types, op)?;
    let body = body_types.as_ref().map(|(arg, _)| arg.clone());
    let (ok_ty, decode) = success_type(types, rt, op)?;
    let args: Vec<TokenStream> = params
        .iter()
        .map(|p| {
            let id = ident(&p.param.rust_name);
            let ty = &p.ty;
            quote! { #id: #ty }
        })
        .chain(body.clone())
        .collect();
    let doc = docs(&doc_lines(op));
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let op_const = operation_const(rt, api_name, op);
    let path = path_params(op);
    let parts = request_parts(rt, op, &[]);
    let uses_lifetime = args.iter().any(|a| a.to_string().contains("'a"));
    let (generics, receiver) = if uses_lifetime {
        (quote! { <'a> }, quote! { &'a self })
    } else {
        (quote! {}, quote! { &self })
    };
    let binding = if parts.is_empty() && path.is_empty() {
        quote! { let rq }
    } else {
        quote! { let mut rq }
    };
    let tokens = quote! {
        #doc
        #deprecated
        #many
        pub async fn #name #generics(#receiver, #(#args),*) -> Result<#ok_ty> {
            #op_const
            #binding = #rt::Request::new(&OP);
            #path
            #parts
            self.inner.execute(rq).await? #decode
        }
    };
    let signature = signature_text(&op.id, &args, &quote! { Result<#ok_ty> });
    let (stream_tokens, stream_signature) = match &op.pagination {
        Some(p) => {
            let (t, s) = stream(types, rt, api, api_name, op, p, &params, body.as_ref())?;
            (t, Some(s))
        }
        None => (TokenStream::new(), None),
    };
    let contract = super::contract::case(
        types,
        rt,
        api,
        op,
        &params,
        body_types.as_ref().map(|(_, owned)| owned),
    )?;
    Ok(Emitted {
        tokens: quote! { #tokens #stream_tokens },
        signature,
        stream_signature,
        contract,
    })
}

/// A signature as a reviewer reads it: formatted like code, on one line, with the standard
/// library's paths shortened.
fn signature_text(name: &str, args: &[TokenStream], ret: &TokenStream) -> String {
    let name = ident(name);
    let item = quote! { fn #name(#(#args),*) -> #ret {} };
    let text = match syn::parse2::<syn::File>(item.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => item.to_string(),
    };
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let one_line = one_line
        .trim_start_matches("fn ")
        .trim_end_matches(" {}")
        .replace("( ", "(")
        .replace(", )", ")")
        .replace("< ", "<")
        .replace(", >", ">");
    tidy(&one_line)
}

/// Shorten the paths a reader knows anyway.
pub fn tidy(s: &str) -> String {
    let mut s = s.to_string();
    for (long, short) in [
        ("::std::vec::Vec", "Vec"),
        ("::std::string::String", "String"),
        ("::std::option::Option", "Option"),
        ("::std::result::Result", "Result"),
        ("::std::num::", ""),
        ("::std::collections::", ""),
        ("::serde_json::", "serde_json::"),
        ("::bytes::Bytes", "Bytes"),
        ("crate::runtime::", ""),
    ] {
        s = s.replace(long, short);
    }
    s
}

/// The schema of the items a page holds: `pointer` into the (resolved) success schema. An
/// object whose values are the items (documents keyed by id) gives `(key, item)` pairs.
fn items_schema(doc_schemas: &Value, success: &Value, pointer: &str) -> Option<(Value, bool)> {
    let mut node = resolve(doc_schemas, success).clone();
    for token in pointer.split('/').filter(|t| !t.is_empty()) {
        node = resolve(doc_schemas, &node["properties"][token]).clone();
    }
    if let Some(items) = node.get("items") {
        return Some((items.clone(), false));
    }
    match node.get("additionalProperties") {
        Some(Value::Bool(true)) => Some((Value::Object(Default::default()), true)),
        Some(v @ Value::Object(_)) => Some((v.clone(), true)),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn stream(
    types: &mut Types,
    rt: &TokenStream,
    api: &Api,
    api_name: &str,
    op: &Operation,
    pagination: &Pagination,
    params: &[ParamTy<'_>],
    body: Option<&TokenStream>,
) -> Result<(TokenStream, String), TypeError> {
    let Success::Json { schema, .. } = &op.success else {
        return Err(TypeError {
            name: op.id.clone(),
            message: "x-pagination needs a JSON success response".into(),
        });
    };
    let doc = &api.document;
    let (skip, style, items_ptr): (Vec<&str>, TokenStream, &str) = match pagination {
        Pagination::Cursor {
            cursor_param,
            cursor_field,
            items,
            ..
        } => (
            vec![cursor_param.as_str()],
            quote! { #rt::PageStyle::Cursor { param: #cursor_param, field: #cursor_field, items: #items } },
            items,
        ),
        Pagination::Offset {
            offset_param,
            items,
            total,
            ..
        } => {
            let total = match total {
                Some(t) => quote! { Some(#t) },
                None => quote! { None },
            };
            (
                vec![offset_param.as_str()],
                quote! { #rt::PageStyle::Offset { param: #offset_param, items: #items, total: #total } },
                items,
            )
        }
        Pagination::PageState {
            state_param,
            items,
            next,
        } => (
            vec![state_param.as_str()],
            quote! { #rt::PageStyle::PageState { param: #state_param, items: #items, next: #next } },
            items,
        ),
    };
    let (item_schema, keyed) = items_schema(doc, schema, items_ptr).ok_or_else(|| TypeError {
        name: op.id.clone(),
        message: format!("x-pagination items `{items_ptr}` is neither an array nor a map in the success response"),
    })?;
    let item_ty = types.owned(&item_schema, &format!("{}Item", op.type_prefix()))?;
    let item_ty = if keyed {
        quote! { (String, #item_ty) }
    } else {
        item_ty
    };
    let name = format_ident!("{}_stream", op.id);
    let args: Vec<TokenStream> = params
        .iter()
        .filter(|p| !skip.contains(&p.param.name.as_str()))
        .map(|p| {
            let id = ident(&p.param.rust_name);
            let ty = &p.ty;
            quote! { #id: #ty }
        })
        .chain(body.cloned())
        .collect();
    let clones: Vec<TokenStream> = params
        .iter()
        .filter(|p| !skip.contains(&p.param.name.as_str()))
        .map(|p| {
            let id = ident(&p.param.rust_name);
            quote! { let #id = ::std::clone::Clone::clone(&#id); }
        })
        .collect();
    let op_const = operation_const(rt, api_name, op);
    let path = path_params(op);
    let parts = request_parts(rt, op, &skip);
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let summary = format!(
        " Every item of [`Client::{}`], fetched page by page as the stream is read.",
        op.id
    );
    let ret = quote! { impl #rt::Stream<Item = ::std::result::Result<#item_ty, Error>> + 'a };
    let tokens = quote! {
        #[doc = #summary]
        #deprecated
        #many
        pub fn #name<'a>(&'a self, #(#args),*) -> #ret {
            #op_const
            #rt::paginate(#style, move |page: #rt::Page| {
                #(#clones)*
                let mut rq = #rt::Request::new(&OP);
                #path
                page.apply(&mut rq);
                #parts
                async move { self.inner.execute(rq).await?.json::<::serde_json::Value, ErrorBody>() }
            })
        }
    };
    let signature = signature_text(&name.to_string(), &args, &ret);
    Ok((tokens, signature))
}
