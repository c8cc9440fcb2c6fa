//! One async method per operation.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::args::{ParamTy, Signature};
use super::docs::{docs, operation_lines};
use crate::ir::{Location, Operation, Security, Style};

/// A method and the text of its signature, for the API surface listing.
pub struct Emitted {
    /// The method's tokens.
    pub tokens: TokenStream,
    /// Rust signature of the method, for the surface snapshot.
    pub signature: String,
}

/// An identifier the IR has already made valid.
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Statements that hand the path parameters to the runtime, which checks, encodes and
/// places them (`rq.path_param("clusterId", &cluster_id);`): generated code never formats a
/// path itself.
pub fn path_params(op: &Operation) -> TokenStream {
    let stmts = op.path_params().map(|p| {
        let name = &p.name;
        let id = ident(&p.rust_name);
        if p.style == Style::MultiSegment {
            quote! { rq.path_segments(#name, &#id); }
        } else {
            quote! { rq.path_param(#name, &#id); }
        }
    });
    quote! { #(#stmts)* }
}

/// Statements that add query parameters, headers and the body to `rq`. `skip` names a query
/// parameter that the page stream sets itself.
pub fn request_parts(op: &Operation, sig: &Signature<'_>, skip: Option<&str>) -> TokenStream {
    let mut out = Vec::new();
    for p in &op.params {
        if Some(p.name.as_str()) == skip {
            continue;
        }
        let name = &p.name;
        let id = ident(&p.rust_name);
        match (p.location, p.style) {
            (Location::Query, Style::Form { explode: false }) => {
                out.push(quote! { rq.query_csv(#name, &#id); })
            }
            (Location::Query, _) => out.push(quote! { rq.query(#name, &#id); }),
            (Location::Header, _) => out.push(quote! { rq.header(#name, &#id); }),
            (Location::Path, _) => {}
        }
    }
    if let (Some(body), Some(b)) = (&op.body, &sig.body) {
        if b.json {
            out.push(quote! { rq.json(&body); });
        } else {
            let mt = &body.media_type;
            out.push(quote! { rq.bytes(#mt, body); });
        }
    }
    quote! { #(#out)* }
}

/// The operation's static facts for the runtime.
pub fn operation_const(rt: &TokenStream, api_name: &str, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = ident(op.method.upper());
    let path = &op.path;
    let auth: Vec<proc_macro2::Literal> = match &op.security {
        Security::Anonymous => Vec::new(),
        Security::Schemes(s) => s
            .iter()
            .map(|i| proc_macro2::Literal::usize_unsuffixed(*i))
            .collect(),
    };
    quote! {
        const OP: #rt::Operation = #rt::Operation {
            api: #api_name,
            id: #id,
            method: #rt::Method::#method,
            path: #path,
            auth: &[#(#auth),*],
        };
    }
}

/// The arguments of a method: parameters (those in `skip` left out), then the body.
pub fn arguments(sig: &Signature<'_>, skip: Option<&str>) -> Vec<TokenStream> {
    sig.params
        .iter()
        .filter(|p: &&ParamTy<'_>| Some(p.param.name.as_str()) != skip)
        .map(|p| {
            let id = ident(&p.param.rust_name);
            let ty = &p.ty;
            quote! { #id: #ty }
        })
        .chain(sig.body.as_ref().map(|b| b.arg.clone()))
        .collect()
}

/// Generate the method of one operation.
pub fn method(rt: &TokenStream, api_name: &str, op: &Operation, sig: &Signature<'_>) -> Emitted {
    let name = ident(&op.id);
    let args = arguments(sig, None);
    let doc = docs(&operation_lines(op));
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let op_const = operation_const(rt, api_name, op);
    let path = path_params(op);
    let parts = request_parts(op, sig, None);
    let uses_lifetime =
        sig.params.iter().any(|p| p.by_ref) || sig.body.as_ref().is_some_and(|b| b.json);
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
    let ok = &sig.ok;
    let decode = &sig.decode;
    let tokens = quote! {
        #doc
        #deprecated
        #many
        pub async fn #name #generics(#receiver, #(#args),*) -> Result<#ok> {
            #op_const
            #binding = #rt::Request::new(&OP);
            #path
            #parts
            self.inner.execute(rq).await? #decode
        }
    };
    let signature = signature_text(&op.id, &args, &quote! { Result<#ok> });
    Emitted { tokens, signature }
}

/// A signature as a reviewer reads it: formatted like code, on one line, with the standard
/// library's paths shortened.
pub fn signature_text(name: &str, args: &[TokenStream], ret: &TokenStream) -> String {
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
