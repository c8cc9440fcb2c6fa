//! Contract-test cases: for every operation, sample arguments, the request they must put on the
//! wire, and the documented responses to answer with. Emitted behind the `contract` feature and
//! driven by `tests/contract.rs`, so every operation of every spec is covered automatically.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::methods::ParamTy;
use super::types::{TypeError, Types};
use crate::ir::{Api, Location, Operation, Success};
use crate::refs::resolve;
use crate::sample::sample;
use crate::util::is_json;

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
fn wire_segment(value: &str, multi_segment: bool) -> String {
    if multi_segment {
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

/// The sample for a parameter: its example, its schema's example, or a synthesized value.
fn param_sample(doc: &Value, p: &ParamTy<'_>) -> Value {
    let param = p.param;
    let raw = sample(doc, &param.schema, false);
    if param.multi_segment {
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

fn json_literal(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// The sample of a response: the media type's example, else the schema's, else synthesized.
fn response_sample(doc: &Value, media: &Value) -> Value {
    if let Some(e) = media.get("example") {
        return e.clone();
    }
    sample(doc, media.get("schema").unwrap_or(&Value::Null), true)
}

/// The first documented error response that is not retried (so the test sees one attempt).
fn error_case(doc: &Value, op_value: &Value) -> Option<(u16, Option<Value>)> {
    let responses = op_value.get("responses")?.as_object()?;
    let mut candidates: Vec<(u16, &Value)> = responses
        .iter()
        .filter_map(|(code, r)| {
            let status = if code == "default" {
                400
            } else {
                code.parse::<u16>().ok()?
            };
            ((400..600).contains(&status) && ![429, 502, 503, 504].contains(&status))
                .then_some((status, r))
        })
        .collect();
    candidates.sort_by_key(|(s, _)| *s);
    let (status, resp) = candidates.into_iter().next()?;
    let resp = resolve(doc, resp);
    let body = resp
        .get("content")
        .and_then(Value::as_object)
        .and_then(|c| c.iter().find(|(mt, _)| is_json(mt)))
        .map(|(_, media)| response_sample(doc, media));
    Some((status, body))
}

/// The case for one operation.
pub fn case(
    types: &mut Types,
    rt: &TokenStream,
    api: &Api,
    op: &Operation,
    params: &[ParamTy<'_>],
    body_owned: Option<&TokenStream>,
) -> Result<TokenStream, TypeError> {
    let doc = &api.document;
    let op_value = &doc["paths"][&op.path][&op.method];
    let mut lets = Vec::new();
    let mut args = Vec::new();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut path = op.path.clone();
    let mut path_cases = Vec::new();
    let mut wire_values: Vec<(String, String)> = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let value = param_sample(doc, p);
        let var = quote::format_ident!("p{}", i);
        let owned = &p.owned;
        let lit = json_literal(&value);
        let name = &p.param.name;
        lets.push(quote! {
            let #var: #owned = match path_value {
                Some((#i, v)) => ::serde_json::from_value(::serde_json::Value::String(v.to_string())),
                _ => ::serde_json::from_str(#lit),
            }
            .map_err(|e| #rt::contract::Failure::sample(#name, e))?;
        });
        if p.param.location == Location::Path {
            path_cases.push((i, name.clone()));
            wire_values.push((
                name.clone(),
                wire_segment(&text(&value), p.param.multi_segment),
            ));
        }
        let inner = if p.by_value {
            quote! { #var }
        } else {
            quote! { ::std::borrow::Borrow::borrow(&#var) }
        };
        args.push(if p.param.required {
            inner
        } else {
            quote! { Some(#inner) }
        });
        match p.param.location {
            Location::Path => {
                let encoded = wire_segment(&text(&value), p.param.multi_segment);
                path = path.replace(&format!("{{{}}}", p.param.name), &encoded);
            }
            Location::Query => match &value {
                Value::Array(items) if p.param.comma_separated => query.push((
                    name.clone(),
                    items.iter().map(text).collect::<Vec<_>>().join(","),
                )),
                Value::Array(items) => query.extend(items.iter().map(|v| (name.clone(), text(v)))),
                v => query.push((name.clone(), text(v))),
            },
            Location::Header => headers.push((name.to_ascii_lowercase(), text(&value))),
        }
    }
    let mut expected_body = quote! { None };
    if let (Some(body), Some(owned)) = (&op.body, body_owned) {
        let media = &op_value["requestBody"];
        let media = &resolve(doc, media)["content"][&body.media_type];
        if is_json(&body.media_type) {
            let value = media
                .get("example")
                .cloned()
                .unwrap_or_else(|| sample(doc, &body.schema, true));
            let lit = json_literal(&value);
            lets.push(quote! {
                let body: #owned = ::serde_json::from_str(#lit).map_err(|e| #rt::contract::Failure::sample("body", e))?;
            });
            args.push(if body.required {
                quote! { &body }
            } else {
                quote! { Some(&body) }
            });
            expected_body = quote! { Some(#lit) };
        } else {
            lets.push(quote! { let body = ::bytes::Bytes::from_static(b"sample bytes"); });
            args.push(if body.required {
                quote! { body }
            } else {
                quote! { Some(body) }
            });
            expected_body = quote! { Some("\"sample bytes\"") };
        }
    }
    let (status, content_type, response) = match &op.success {
        Success::Empty { status } => (status.clone(), String::new(), None),
        Success::Json { status, .. } => {
            let resp = resolve(doc, &op_value["responses"][status]);
            let media = resp["content"]
                .as_object()
                .and_then(|c| c.iter().find(|(mt, _)| is_json(mt)))
                .map(|(_, m)| m.clone())
                .unwrap_or_default();
            (
                status.clone(),
                "application/json".to_string(),
                Some(json_literal(&response_sample(doc, &media))),
            )
        }
        Success::AnyJson => (
            "200".into(),
            "application/json".into(),
            Some("{}".to_string()),
        ),
        Success::Binary { status, media_type } => (
            status.clone(),
            media_type.clone(),
            Some("binary sample".to_string()),
        ),
    };
    let status: u16 = status.parse().unwrap_or(200);
    let response = match response {
        Some(r) => quote! { Some(#r) },
        None => quote! { None },
    };
    let (error_status, error_body) = match error_case(doc, op_value) {
        Some((s, Some(b))) => {
            let lit = json_literal(&b);
            (quote! { Some(#s) }, quote! { Some(#lit) })
        }
        Some((s, None)) => (quote! { Some(#s) }, quote! { None }),
        None => (quote! { None }, quote! { None }),
    };
    let id = &op.id;
    let name = quote::format_ident!("{}", op.id);
    let method = op.method.to_uppercase();
    let template = &op.path;
    let auth = op.authenticated;
    let query = query.iter().map(|(k, v)| quote! { (#k, #v) });
    let headers = headers.iter().map(|(k, v)| quote! { (#k, #v) });
    let deprecated_allow = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    let path_cases = path_cases.iter().map(|(index, name)| {
        let multi = params[*index].param.multi_segment;
        let awkward_path = wire_values.iter().fold(op.path.clone(), |path, (n, v)| {
            let v = if n == name { wire_segment(AWKWARD, multi) } else { v.clone() };
            path.replace(&format!("{{{n}}}"), &v)
        });
        quote! {
            #rt::contract::PathCase { index: #index, name: #name, awkward: #AWKWARD, awkward_path: #awkward_path }
        }
    });
    let path_value_arg = if params.is_empty() {
        quote::format_ident!("_path_value")
    } else {
        quote::format_ident!("path_value")
    };
    let _ = &types;
    Ok(quote! {
        #rt::contract::Case {
            operation: #id,
            method: #method,
            path_template: #template,
            path: #path,
            query: &[#(#query),*],
            headers: &[#(#headers),*],
            body: #expected_body,
            authenticated: #auth,
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
                    c.#name(#(#args),*).await.map(|_| ()).map_err(#rt::contract::Failure::from)
                })
            },
        }
    })
}
