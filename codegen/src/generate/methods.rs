//! One method per operation on `Client`, taking the operation's required inputs and returning
//! its request builder; the builder has a setter per optional input, and `.await` (or
//! `.send()`) sends it. Adding an optional parameter to a spec adds a setter and breaks no
//! caller.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::args::{builder_name, Encoding, ParamTy, Signature};
use super::docs::{docs, operation_lines, param_line};
use crate::ir::{Location, Operation, Security, Style, Success};

/// A method with its builder, and the text of its signature for the API surface listing.
pub struct Emitted {
    /// The method on `Client`.
    pub method: TokenStream,
    /// The builder, in the `builders` module.
    pub builder: TokenStream,
    /// Rust signature of the method and the builder's setters, for the surface snapshot.
    pub signature: String,
}

/// An identifier the IR has already made valid.
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// Statements that hand the path parameters to the runtime, which checks, encodes and
/// places them (`rq.path_param("clusterId", &self.cluster_id);`): generated code never
/// formats a path itself.
fn path_params(op: &Operation) -> TokenStream {
    let stmts = op.path_params().map(|p| {
        let name = &p.name;
        let id = ident(&p.rust_name);
        if p.style == Style::MultiSegment {
            quote! { rq.path_segments(#name, &self.#id); }
        } else {
            quote! { rq.path_param(#name, &self.#id); }
        }
    });
    quote! { #(#stmts)* }
}

/// Statements that add query parameters, headers and the body to `rq`.
fn request_parts(op: &Operation, sig: &Signature<'_>) -> TokenStream {
    let mut out = Vec::new();
    for p in &op.params {
        let name = &p.name;
        let id = ident(&p.rust_name);
        match (p.location, p.style) {
            (Location::Query, Style::Form { explode: false }) => {
                out.push(quote! { rq.query_csv(#name, &self.#id); })
            }
            (Location::Query, Style::Json) => out.push(quote! { rq.query_json(#name, &self.#id); }),
            (Location::Query, _) => out.push(quote! { rq.query(#name, &self.#id); }),
            (Location::Header, _) => out.push(quote! { rq.header(#name, &self.#id); }),
            (Location::Path, _) => {}
        }
    }
    if let Success::Text { media_type, .. } = &op.success {
        out.push(quote! { rq.header("Accept", #media_type); });
    }
    if let (Some(body), Some(b)) = (&op.body, &sig.body) {
        let mt = &body.media_type;
        out.push(match b.encoding {
            Encoding::Json => quote! { rq.json(&self.body); },
            Encoding::Text => quote! { rq.text(#mt, self.body); },
            Encoding::Bytes => quote! { rq.bytes(#mt, self.body.clone()); },
        });
    }
    quote! { #(#out)* }
}

/// The operation's static facts for the runtime.
fn operation_const(rt: &TokenStream, api_name: &str, op: &Operation) -> TokenStream {
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

/// The required parameters, then the body if it is required: the method's arguments.
fn required<'s>(sig: &'s Signature<'_>) -> Vec<&'s ParamTy<'s>> {
    sig.params.iter().filter(|p| p.param.required).collect()
}

/// A builder field and its type.
struct Field {
    name: Ident,
    ty: TokenStream,
    /// Whether it is an argument of the method (else a setter sets it).
    required: bool,
}

/// The builder's fields, besides the client: every parameter (optional ones as `Option`) and
/// the body.
fn fields(sig: &Signature<'_>) -> Vec<Field> {
    let mut out: Vec<Field> = sig
        .params
        .iter()
        .map(|p| {
            let base = &p.arg;
            Field {
                name: ident(&p.param.rust_name),
                ty: if p.param.required {
                    quote! { #base }
                } else {
                    quote! { ::std::option::Option<#base> }
                },
                required: p.param.required,
            }
        })
        .collect();
    if let Some(b) = &sig.body {
        let base = &b.arg;
        out.push(Field {
            name: ident("body"),
            ty: if b.required {
                quote! { #base }
            } else {
                quote! { ::std::option::Option<#base> }
            },
            required: b.required,
        });
    }
    out
}

/// The setters of the optional parameters (and of an optional body).
fn setters(op: &Operation, sig: &Signature<'_>) -> (Vec<TokenStream>, Vec<String>) {
    let mut tokens = Vec::new();
    let mut names = Vec::new();
    for p in sig.params.iter().filter(|p| !p.param.required) {
        let name = ident(&p.param.rust_name);
        let base = &p.arg;
        let line = param_line(p.param);
        let doc = if line.is_empty() {
            format!(" Set `{}` ({}).", p.param.name, p.param.location.name())
        } else {
            format!(" {line}")
        };
        let deprecated = p.param.deprecated.then(|| quote! { #[deprecated] });
        tokens.push(quote! {
            #[doc = #doc]
            #deprecated
            pub fn #name(mut self, value: #base) -> Self {
                self.#name = ::std::option::Option::Some(value);
                self
            }
        });
        names.push(format!("{}({})", p.param.rust_name, type_text(base)));
    }
    if let (Some(b), Some(body)) = (&sig.body, &op.body) {
        if !b.required {
            let base = &b.arg;
            let doc = match &body.description {
                Some(d) => format!(
                    " The request body (optional): {}",
                    super::docs::doc_text(d.trim())
                ),
                None => " The request body (optional).".to_string(),
            };
            tokens.push(quote! {
                #[doc = #doc]
                pub fn body(mut self, value: #base) -> Self {
                    self.body = ::std::option::Option::Some(value);
                    self
                }
            });
            names.push(format!("body({})", type_text(base)));
        }
    }
    (tokens, names)
}

/// The runtime call that sends the request and decodes the success.
fn call(op: &Operation) -> Ident {
    ident(match op.success {
        Success::Empty { .. } => "call_empty",
        Success::Json { .. } | Success::AnyJson => "call_json",
        Success::Binary { .. } => "call_binary",
        Success::Text { .. } => "call_text",
    })
}

/// Generate the method of one operation and its builder.
pub fn method(
    rt: &TokenStream,
    api_name: &str,
    op: &Operation,
    sig: &Signature<'_>,
    stream: TokenStream,
) -> Emitted {
    let (name, builder) = (ident(&op.id), builder_name(op));
    let req = required(sig);
    let args: Vec<TokenStream> = req
        .iter()
        .map(|p| {
            let (id, ty) = (ident(&p.param.rust_name), &p.arg);
            quote! { #id: #ty }
        })
        .chain(sig.body.as_ref().filter(|b| b.required).map(|b| {
            let ty = &b.arg;
            quote! { body: #ty }
        }))
        .collect();
    let fields = fields(sig);
    let inits = fields.iter().map(|f| {
        let n = &f.name;
        if f.required {
            quote! { #n }
        } else {
            quote! { #n: ::std::option::Option::None }
        }
    });
    let (setters, setter_names) = setters(op, sig);
    let ok = &sig.ok;
    let doc = docs(&operation_lines(op));
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let method = quote! {
        #doc
        #deprecated
        #many
        pub fn #name<'a>(&'a self, #(#args),*) -> builders::#builder<'a> {
            builders::#builder { client: self, #(#inits),* }
        }
    };
    let builder_tokens = builder_type(rt, api_name, op, sig, (&fields, setters), stream);
    let mut signature = signature_text(&op.id, &args, &quote! { Result<#ok> });
    if !setter_names.is_empty() {
        signature.push_str(&format!("; setters: {}", setter_names.join(", ")));
    }
    Emitted {
        method,
        builder: builder_tokens,
        signature,
    }
}

/// The builder type of one operation: its fields, setters, request and `IntoFuture`.
fn builder_type(
    rt: &TokenStream,
    api_name: &str,
    op: &Operation,
    sig: &Signature<'_>,
    (fields, setters): (&[Field], Vec<TokenStream>),
    stream: TokenStream,
) -> TokenStream {
    let (builder, ok) = (builder_name(op), &sig.ok);
    let builder_doc = format!(
        " The request of [`Client::{}`](super::Client::{}): `{} {}`. Set optional inputs with its setters, then `.await` it or call [`send`](Self::send).",
        op.id, op.id, op.method.upper(), op.path
    );
    let (field_names, field_types): (Vec<&Ident>, Vec<&TokenStream>) =
        fields.iter().map(|f| (&f.name, &f.ty)).unzip();
    let op_const = operation_const(rt, api_name, op);
    let (path, parts, call) = (path_params(op), request_parts(op, sig), call(op));
    let build = if path.is_empty() && parts.is_empty() {
        quote! { #rt::Request::new(&OP) }
    } else {
        quote! {
            let mut rq = #rt::Request::new(&OP);
            #path
            #parts
            rq
        }
    };
    let builder_tokens = quote! {
        #[doc = #builder_doc]
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent: `.await` it or call `.send()`"]
        pub struct #builder<'a> {
            pub(super) client: &'a Client,
            #(pub(super) #field_names: #field_types,)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*

            // `#[inline]` here and on `send`: the request, its encoding and the decoding of
            // the response are compiled in the crate that sends it, for the operations it
            // calls, rather than for every operation when `datacloud` is built.
            #[inline]
            fn request(&self) -> #rt::Request {
                #op_const
                #build
            }

            /// Send the request; `.await`ing the builder does the same.
            #[inline]
            pub fn send(self) -> #rt::ResponseFuture<#ok, ErrorBody> {
                self.client.inner.#call(self.request())
            }

            #stream
        }

        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = Result<#ok>;
            type IntoFuture = #rt::ResponseFuture<#ok, ErrorBody>;
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
    builder_tokens
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

/// A type as a reviewer reads it (`&'a str`, `types::Provider`).
fn type_text(ty: &TokenStream) -> String {
    let text = signature_text("f", &[quote! { value: #ty }], &quote! { () });
    text.trim_start_matches("f(value: ")
        .trim_end_matches(") -> ()")
        .to_string()
}
