//! Waiters (`x-waiters`): a `Client::wait_until_*` method per waiter, taking the polled
//! operation's required inputs and returning the runtime's `Wait`, and the polled builder's
//! hidden `__poll`. The engine is the runtime's; what is generated is the declaration.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::args::{builder_name, Signature};
use super::docs::{docs, prose};
use super::methods::{ident, signature_text};
use super::types::TypeError;
use super::SurfaceLine;
use crate::ir::{Acceptor, Matcher, Operation, WaitState, Waiter};

/// What an operation's waiters generate.
#[derive(Default)]
pub struct Emitted {
    /// `__poll` on the polled operation's builder (empty without waiters).
    pub poll: TokenStream,
    /// The `wait_until_*` methods on `Client`.
    pub methods: Vec<TokenStream>,
    /// Their lines in the API surface.
    pub surface: Vec<SurfaceLine>,
}

/// The waiters of `op`.
pub fn waiters(
    rt: &TokenStream,
    api_name: &str,
    op: &Operation,
    sig: &Signature<'_>,
) -> Result<Emitted, TypeError> {
    if op.waiters.is_empty() {
        return Ok(Emitted::default());
    }
    if sig.body.is_some() {
        return Err(TypeError {
            name: op.id.clone(),
            message: "waiters poll operations without a request body".into(),
        });
    }
    let mut out = Emitted {
        poll: poll(rt),
        ..Emitted::default()
    };
    for w in &op.waiters {
        let (method, line) = method(rt, api_name, op, sig, w);
        out.methods.push(method);
        out.surface.push(line);
    }
    Ok(out)
}

/// The builder's `__poll`: one request of the operation as JSON, its retries bounded by the
/// wait's deadline.
fn poll(rt: &TokenStream) -> TokenStream {
    quote! {
        /// One poll of a waiter: the request as JSON, with retries that never wait past
        /// `deadline`. `#[inline]`, as `send` is, and so is the waiter: the polling and its
        /// calls are compiled in the crate that waits, not in every build of `datacloud`.
        #[inline]
        pub(super) fn __poll(
            &self,
            deadline: ::std::time::Instant,
        ) -> #rt::ResponseFuture<::serde_json::Value, ErrorBody> {
            let mut rq = self.request();
            rq.retry_deadline(deadline);
            self.client.inner.call_json::<::serde_json::Value, ErrorBody>(rq)
        }
    }
}

fn state(rt: &TokenStream, s: WaitState) -> TokenStream {
    match s {
        WaitState::Success => quote! { #rt::wait::WaitState::Success },
        WaitState::Failure => quote! { #rt::wait::WaitState::Failure },
        WaitState::Retry => quote! { #rt::wait::WaitState::Retry },
    }
}

fn acceptor(rt: &TokenStream, a: &Acceptor) -> TokenStream {
    let state = state(rt, a.state);
    let matcher = match &a.matcher {
        Matcher::Value { pointer, values } => {
            quote! { #rt::wait::Matcher::Value { pointer: #pointer, values: &[#(#values),*] } }
        }
        Matcher::Status(code) => {
            let code = Literal::u16_unsuffixed(*code);
            quote! { #rt::wait::Matcher::Status(#code) }
        }
    };
    quote! { #rt::wait::Acceptor { state: #state, matcher: #matcher } }
}

/// The runtime's static description of the waiter.
fn declaration(rt: &TokenStream, api_name: &str, op: &Operation, w: &Waiter) -> TokenStream {
    let (name, operation, known) = (w.method(), &op.id, &w.known);
    let acceptors = w.acceptors.iter().map(|a| acceptor(rt, a));
    let message = match &w.message {
        Some(m) => quote! { ::std::option::Option::Some(#m) },
        None => quote! { ::std::option::Option::None },
    };
    let [min, max, wait] = [w.min_delay, w.max_delay, w.max_wait].map(Literal::u64_unsuffixed);
    quote! {
        static WAITER: #rt::wait::Waiter = #rt::wait::Waiter {
            api: #api_name,
            name: #name,
            operation: #operation,
            acceptors: &[#(#acceptors),*],
            known: &[#(#known),*],
            message: #message,
            min_delay: ::std::time::Duration::from_secs(#min),
            max_delay: ::std::time::Duration::from_secs(#max),
            max_wait: ::std::time::Duration::from_secs(#wait),
        };
    }
}

/// One line per acceptor, for the method's docs.
fn acceptor_lines(w: &Waiter) -> Vec<String> {
    w.acceptors
        .iter()
        .map(|a| match &a.matcher {
            Matcher::Value { pointer, values } => {
                let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                format!(
                    "- {}: `{pointer}` is {}",
                    a.state.name(),
                    values.join(" or ")
                )
            }
            Matcher::Status(code) => format!("- {}: HTTP {code}", a.state.name()),
        })
        .collect()
}

/// The waiter's docs.
fn doc_lines(rt: &str, op: &Operation, w: &Waiter) -> Vec<String> {
    let mut lines = vec![format!(
        "Wait until `{}`: polls [`Client::{}`] (`{}`) until an acceptor below ends the wait.",
        w.name,
        op.id,
        op.label()
    )];
    if let Some(d) = &w.description {
        lines.push(String::new());
        lines.extend(prose(d));
    }
    lines.push(String::new());
    lines.extend(acceptor_lines(w));
    lines.push("- any other answer: poll again (a state the spec does not list is logged)".into());
    lines.push(String::new());
    lines.push(format!(
        "The first poll is immediate; the next waits {} s, backing off with jitter to {} s. \
         The wait gives up after {} s, after one last poll at the deadline. Change both on the \
         returned [`Wait`]({rt}::Wait) (`max_wait`, `poll_interval`), then `.await` it for \
         the last poll's answer{}, or call `.stream()` for every poll's.",
        w.min_delay,
        w.max_delay,
        w.max_wait,
        if w.succeeds_by_status() {
            " (`None` when an HTTP status ended the wait)"
        } else {
            ""
        }
    ));
    lines
}

/// The `wait_until_*` method and its surface line.
fn method(
    rt: &TokenStream,
    api_name: &str,
    op: &Operation,
    sig: &Signature<'_>,
    w: &Waiter,
) -> (TokenStream, SurfaceLine) {
    let name = ident(&w.method());
    let builder = builder_name(op);
    let required: Vec<_> = sig.params.iter().filter(|p| p.param.required).collect();
    let args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let (id, ty) = (ident(&p.param.rust_name), &p.arg);
            quote! { #id: #ty }
        })
        .collect();
    let inits = sig.params.iter().map(|p| {
        let id = ident(&p.param.rust_name);
        if p.param.required {
            quote! { #id }
        } else {
            quote! { #id: ::std::option::Option::None }
        }
    });
    let ok = &sig.ok;
    let out = if w.succeeds_by_status() {
        quote! { ::std::option::Option<#rt::Response<#ok>> }
    } else {
        quote! { #rt::Response<#ok> }
    };
    let ret = quote! { #rt::Wait<'a, #out, ErrorBody> };
    let decl = declaration(rt, api_name, op, w);
    let doc = docs(&doc_lines(&rt.to_string().replace(' ', ""), op, w));
    let many = (args.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let tokens = quote! {
        #doc
        #many
        #[inline]
        pub fn #name<'a>(&'a self, #(#args),*) -> #ret {
            #decl
            let call = builders::#builder { client: self, #(#inits),* };
            #rt::Wait::new(&WAITER, move |deadline| call.__poll(deadline))
        }
    };
    let signature = format!(
        "{}; {}; delay {}s..{}s; max wait {}s",
        signature_text(&w.method(), &args, &ret),
        w.acceptors_text(),
        w.min_delay,
        w.max_delay,
        w.max_wait
    );
    let line = SurfaceLine {
        method: op.method.upper().to_string(),
        path: op.path.clone(),
        signature,
        marks: vec!["waiter"],
    };
    (tokens, line)
}
