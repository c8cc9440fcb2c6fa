//! Contract-test cases: for every operation, sample arguments, the request they must put on the
//! wire, and the documented responses to answer with. Emitted behind the `contract` feature and
//! driven by `tests/support/contract.rs`, so every operation of every spec is covered
//! automatically.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::args::{ParamTy, Signature};
use crate::ir::{Api, BodyKind, Location, Operation, Response, Security, Style, Success};
use crate::sample::sample;

/// A path parameter value that is valid but awkward: a space, a slash, `?`, `#` and `%`. Every
/// operation is called with it in each of its path parameters, and the server must see it in
/// that one segment, encoded as [`encode`] says.
const AWKWARD: &str = "a b/c?d#e%f";

/// Percent-encode one path segment exactly as the runtime does: RFC 3986 unreserved characters
/// stay, everything else is `%XX`. Written independently of the runtime so that the test checks
/// one against the other.
fn encode(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A path parameter's value as the server must see it.
fn wire_segment(value: &str, style: Style) -> String {
    if style == Style::MultiSegment {
        value.split('/').map(encode).collect::<Vec<_>>().join("/")
    } else {
        encode(value)
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn json_literal(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// The sample for a parameter: its example, its schema's example, or a synthesized value.
fn param_sample(api: &Api, p: &ParamTy<'_>) -> Value {
    let param = p.param;
    let raw = param
        .example
        .clone()
        .unwrap_or_else(|| sample(api, &param.schema, false));
    if param.style == Style::MultiSegment {
        // Prove that the slashes reach the wire as slashes.
        let t = text(&raw);
        return Value::String(if t.contains('/') {
            t
        } else {
            format!("{t}/part2")
        });
    }
    raw
}

/// The sample of a response body: the media type's example, else the schema's, else synthesized.
fn response_sample(api: &Api, r: &Response) -> Option<Value> {
    match &r.kind {
        BodyKind::Json(schema) => Some(
            r.example
                .clone()
                .unwrap_or_else(|| sample(api, schema, true)),
        ),
        _ => None,
    }
}

/// The first documented error response that is not retried (so the test sees one attempt).
fn error_case(api: &Api, op: &Operation) -> Option<(u16, Option<Value>)> {
    let mut candidates: Vec<(u16, &Response)> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .map(|r| (r.status.code(), r))
        .filter(|(s, _)| (400..600).contains(s) && ![429, 502, 503, 504].contains(s))
        .collect();
    candidates.sort_by_key(|(s, _)| *s);
    let (status, resp) = candidates.into_iter().next()?;
    Some((status, response_sample(api, resp)))
}

/// What a case's call does and what it must put on the wire.
#[derive(Default)]
struct Request {
    lets: Vec<TokenStream>,
    /// The method's arguments: required parameters and a required body.
    args: Vec<TokenStream>,
    /// Builder setters: optional parameters and an optional body.
    setters: Vec<TokenStream>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    path: String,
    /// Path parameters: argument index, name, and the sample's wire form.
    path_params: Vec<(usize, String, Style, String)>,
    body: Option<String>,
}

/// Sample arguments for the parameters, and where each must appear.
fn parameters(api: &Api, rt: &TokenStream, op: &Operation, sig: &Signature<'_>, rq: &mut Request) {
    rq.path = op.path.clone();
    for (i, p) in sig.params.iter().enumerate() {
        let value = param_sample(api, p);
        let var = format_ident!("p{}", i);
        let owned = &p.owned;
        let lit = json_literal(&value);
        let name = &p.param.name;
        // The harness's awkward path value is one string: an array parameter holds it as its
        // one element.
        let awkward = if value.is_array() {
            quote! { ::serde_json::Value::Array(vec![::serde_json::Value::String(v.to_string())]) }
        } else {
            quote! { ::serde_json::Value::String(v.to_string()) }
        };
        rq.lets.push(quote! {
            let #var: #owned = match path_value {
                Some((#i, v)) => ::serde_json::from_value(#awkward),
                _ => ::serde_json::from_str(#lit),
            }
            .map_err(|e| #rt::contract::Failure::sample(#name, e))?;
        });
        let inner = if p.by_ref {
            quote! { ::std::borrow::Borrow::borrow(&#var) }
        } else {
            quote! { #var }
        };
        if p.param.required {
            rq.args.push(inner);
        } else {
            let setter = format_ident!("{}", p.param.rust_name);
            rq.setters.push(quote! { .#setter(#inner) });
        }
        match (p.param.location, p.param.style) {
            (Location::Path, style) => {
                let wire = match &value {
                    // An array (`style: simple`): its elements, comma-separated.
                    Value::Array(items) => items
                        .iter()
                        .map(|v| encode(&text(v)))
                        .collect::<Vec<_>>()
                        .join(","),
                    v => wire_segment(&text(v), style),
                };
                rq.path = rq.path.replace(&format!("{{{name}}}"), &wire);
                rq.path_params.push((i, name.clone(), style, wire));
            }
            (Location::Query, Style::Form { explode: false }) => match &value {
                Value::Array(items) => rq.query.push((
                    name.clone(),
                    items.iter().map(text).collect::<Vec<_>>().join(","),
                )),
                v => rq.query.push((name.clone(), text(v))),
            },
            (Location::Query, Style::Json) => rq.query.push((name.clone(), json_literal(&value))),
            (Location::Query, _) => match &value {
                Value::Array(items) => rq
                    .query
                    .extend(items.iter().map(|v| (name.clone(), text(v)))),
                v => rq.query.push((name.clone(), text(v))),
            },
            (Location::Header, _) => rq.headers.push((name.to_ascii_lowercase(), text(&value))),
        }
    }
}

/// The sample body, if the operation takes one.
fn body(api: &Api, rt: &TokenStream, op: &Operation, sig: &Signature<'_>, rq: &mut Request) {
    let (Some(body), Some(ty)) = (&op.body, &sig.body) else {
        return;
    };
    let owned = &ty.owned;
    let arg = match &body.kind {
        BodyKind::Json(schema) => {
            let value = body
                .example
                .clone()
                .unwrap_or_else(|| sample(api, schema, true));
            let lit = json_literal(&value);
            rq.lets.push(quote! {
                let body: #owned = ::serde_json::from_str(#lit).map_err(|e| #rt::contract::Failure::sample("body", e))?;
            });
            rq.body = Some(lit);
            quote! { &body }
        }
        BodyKind::Text => {
            rq.lets.push(quote! { let body = "sample text"; });
            rq.body = Some("\"sample text\"".into());
            quote! { body }
        }
        BodyKind::Bytes | BodyKind::None => {
            rq.lets
                .push(quote! { let body = ::bytes::Bytes::from_static(b"sample bytes"); });
            rq.body = Some("\"sample bytes\"".into());
            quote! { body }
        }
    };
    if ty.required {
        rq.args.push(arg);
    } else {
        rq.setters.push(quote! { .body(#arg) });
    }
}

/// The success response the server answers with: status, content type, body.
fn success(api: &Api, op: &Operation) -> (u16, String, Option<String>) {
    match &op.success {
        Success::Empty { status } => (status.code(), String::new(), None),
        Success::Json { status, .. } => {
            let r = op.responses.iter().find(|r| r.status == *status);
            let body = r
                .and_then(|r| response_sample(api, r))
                .unwrap_or(Value::Null);
            (
                status.code(),
                "application/json".into(),
                Some(json_literal(&body)),
            )
        }
        Success::AnyJson => (200, "application/json".into(), Some("{}".into())),
        Success::Text { status, media_type } => (
            status.code(),
            media_type.clone(),
            Some("sample text".into()),
        ),
        Success::Binary { status, media_type } => (
            status.code(),
            media_type.clone(),
            Some("binary sample".into()),
        ),
    }
}

fn option<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

/// The `PathCase`s: for each path parameter, the path the server must see when it holds
/// [`AWKWARD`].
fn path_cases(rt: &TokenStream, op: &Operation, rq: &Request) -> Vec<TokenStream> {
    rq.path_params
        .iter()
        .map(|(index, name, style, _)| {
            let awkward_path = rq.path_params.iter().fold(op.path.clone(), |path, (_, n, _, v)| {
                let v = if n == name { wire_segment(AWKWARD, *style) } else { v.clone() };
                path.replace(&format!("{{{n}}}"), &v)
            });
            quote! {
                #rt::contract::PathCase { index: #index, name: #name, awkward: #AWKWARD, awkward_path: #awkward_path }
            }
        })
        .collect()
}

/// The case for one operation (an expression of type `Case<Client>`).
pub fn case(api: &Api, rt: &TokenStream, op: &Operation, sig: &Signature<'_>) -> TokenStream {
    let mut rq = Request::default();
    parameters(api, rt, op, sig, &mut rq);
    body(api, rt, op, sig, &mut rq);
    let (status, content_type, response) = success(api, op);
    let (error_status, error_body) = match error_case(api, op) {
        Some((s, b)) => (quote! { Some(#s) }, option(b.map(|b| json_literal(&b)))),
        None => (quote! { None }, quote! { None }),
    };
    let scheme = option(match &op.security {
        Security::Anonymous => None,
        Security::Schemes(s) => s.first().copied(),
    });
    let (id, name, method, template) = (
        &op.id,
        format_ident!("{}", op.id),
        op.method.upper(),
        &op.path,
    );
    let (path, query, headers) = (&rq.path, &rq.query, &rq.headers);
    let query = query.iter().map(|(k, v)| quote! { (#k, #v) });
    let headers = headers.iter().map(|(k, v)| quote! { (#k, #v) });
    let path_cases = path_cases(rt, op, &rq);
    let deprecated_allow = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    let path_value_arg = if sig.params.is_empty() {
        format_ident!("_path_value")
    } else {
        format_ident!("path_value")
    };
    let (lets, args, setters) = (&rq.lets, &rq.args, &rq.setters);
    let (expected_body, response) = (option(rq.body.as_ref()), option(response));
    quote! {
        #rt::contract::Case {
            operation: #id,
            method: #method,
            path_template: #template,
            path: #path,
            query: &[#(#query),*],
            headers: &[#(#headers),*],
            body: #expected_body,
            scheme: #scheme,
            status: #status,
            content_type: #content_type,
            response: #response,
            error_status: #error_status,
            error_body: #error_body,
            path_params: &[#(#path_cases),*],
            call: |c: Client, #path_value_arg: ::std::option::Option<(usize, &'static str)>| -> #rt::contract::CallFuture {
                #deprecated_allow
                Box::pin(async move {
                    #(#lets)*
                    c.#name(#(#args),*) #(#setters)* .await.map(|_| ()).map_err(#rt::contract::Failure::from)
                })
            },
        }
    }
}
