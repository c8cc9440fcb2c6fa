//! Proof that `codegen diff`'s verdicts are true, over the diff corpus (`tests/diff/<case>/`).
//!
//! For every pair whose two sides validate, a program is written against the OLD client the
//! documented way: it calls every operation with its required arguments and every setter,
//! streams paginated ones, pins the type of every argument, setter and response to the old
//! client's, builds every request type with `new` and every `with_*` setter, and reads every
//! field of every type as the old type. The same program is then compiled against the old
//! client (it must compile: otherwise the program, not the diff, is wrong) and against the new
//! one. A pair the diff calls `compatible` or `docs` must compile against the new client; a pair
//! it calls `breaking` must fail to, unless every breaking change in it is one that breaks on
//! the wire rather than in the compiler (`WIRE`). All pairs go into one generated crate, checked
//! with one `cargo check` that attributes each error to the file of its program.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use datacloud_codegen::diff::{self, Report, Severity};
use datacloud_codegen::Settings;
use quote::{quote, ToTokens};
use syn::{FnArg, ImplItem, Item, ReturnType, Type};

/// Kinds that are breaking because the same call fails or means something else on the wire,
/// while code written against the old client still compiles.
const WIRE: &[&str] = &[
    "operation-route-changed",
    "operation-security-added",
    "operation-security-changed",
    "parameter-moved",
    "parameter-style-changed",
    "request-media-type-changed",
    "security-added",
    "security-changed",
    "server-changed",
    "credentials-env-changed",
    "default-changed",
    "bound-tightened",
    "pattern-changed",
    // The old field name now holds the other property that collided with it in snake case:
    // the same code compiles and reads another key.
    "field-renamed",
    "enum-value-removed",
    "enum-value-added",
    "variant-added",
    "variant-removed",
    "extra-fields-forbidden",
    "pagination-changed",
    "not-compared",
    // The same wait can end otherwise; its type changes only when a status acceptor does.
    "waiter-acceptors-changed",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the workspace")
        .to_path_buf()
}

/// `T` for `impl Into<T>`, the type itself otherwise, with every lifetime made `'static`.
fn value_type(ty: &Type) -> Type {
    let ty = match ty {
        Type::ImplTrait(i) => i
            .bounds
            .iter()
            .find_map(|b| match b {
                syn::TypeParamBound::Trait(t) => {
                    let seg = t.path.segments.last()?;
                    match &seg.arguments {
                        syn::PathArguments::AngleBracketed(a) => {
                            a.args.iter().find_map(|g| match g {
                                syn::GenericArgument::Type(t) => Some(t.clone()),
                                _ => None,
                            })
                        }
                        _ => None,
                    }
                }
                _ => None,
            })
            .unwrap_or_else(|| ty.clone()),
        _ => ty.clone(),
    };
    let text = ty
        .to_token_stream()
        .to_string()
        .replace("'a", "'static")
        .replace("'_", "'static");
    syn::parse_str(&text).expect("a type with static lifetimes parses")
}

/// The typed arguments of a method, without the receiver.
fn arg_types(sig: &syn::Signature) -> Vec<Type> {
    sig.inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => Some(value_type(&t.ty)),
            FnArg::Receiver(_) => None,
        })
        .collect()
}

fn returns(sig: &syn::Signature) -> Option<&Type> {
    match &sig.output {
        ReturnType::Type(_, t) => Some(t),
        ReturnType::Default => None,
    }
}

/// The first type argument of the last segment of `ty` (`T` of `ResponseFuture<T, E>`).
fn first_argument(ty: &Type) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    match &p.path.segments.last()?.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(value_type(t)),
            _ => None,
        }),
        _ => None,
    }
}

fn last_ident(ty: &Type) -> Option<String> {
    let Type::Path(p) = ty else { return None };
    Some(p.path.segments.last()?.ident.to_string())
}

/// What a request builder offers: setters with their value types, the response type, and
/// whether it streams.
#[derive(Default)]
struct Builder {
    setters: Vec<(syn::Ident, Type)>,
    response: Option<Type>,
    stream: bool,
}

fn builders(items: &[Item]) -> BTreeMap<String, Builder> {
    let mut out: BTreeMap<String, Builder> = BTreeMap::new();
    for item in items {
        let Item::Impl(i) = item else { continue };
        if i.trait_.is_some() {
            continue;
        }
        let Some(name) = last_ident(&i.self_ty) else {
            continue;
        };
        let b = out.entry(name).or_default();
        for f in &i.items {
            let ImplItem::Fn(f) = f else { continue };
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let name = f.sig.ident.to_string();
            match name.as_str() {
                "send" => b.response = returns(&f.sig).and_then(first_argument),
                "stream" => b.stream = true,
                _ => {
                    if let [ty] = arg_types(&f.sig).as_slice() {
                        b.setters.push((f.sig.ident.clone(), ty.clone()));
                    }
                }
            }
        }
    }
    out
}

/// `call_<method>`: the method with its arguments, every setter, `.stream()`, `.await`.
fn calls(items: &[Item], builders: &BTreeMap<String, Builder>) -> Vec<proc_macro2::TokenStream> {
    let mut out = Vec::new();
    for item in items {
        let Item::Impl(i) = item else { continue };
        if i.trait_.is_some() || last_ident(&i.self_ty).as_deref() != Some("Client") {
            continue;
        }
        for f in &i.items {
            let ImplItem::Fn(f) = f else { continue };
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let Some(builder) = returns(&f.sig)
                .filter(|t| t.to_token_stream().to_string().starts_with("builders ::"))
                .and_then(last_ident)
                .and_then(|n| builders.get(&n))
            else {
                out.push(constructor(f));
                continue;
            };
            let method = &f.sig.ident;
            let name = quote::format_ident!("call_{}", method.to_string().trim_start_matches("r#"));
            let args = arg_types(&f.sig);
            let setters = builder
                .setters
                .iter()
                .map(|(s, t)| quote! { .#s(any::<#t>()) });
            let stream = builder
                .stream
                .then(|| quote! { let _ = b.clone().stream(); });
            let response = builder
                .response
                .as_ref()
                .map(|t| quote! { let _: &#t = &r; });
            out.push(quote! {
                pub async fn #name(c: &api::Client) {
                    let b = c.#method(#(any::<#args>()),*) #(#setters)*;
                    #stream
                    if let Ok(r) = b.await {
                        #response
                        let _ = r;
                    }
                }
            });
        }
    }
    out
}

/// `client_<fn>`: one of the client's own functions (`new`, `from_env`, `server_url`...),
/// with its arguments and its result pinned to the old types.
fn constructor(f: &syn::ImplItemFn) -> proc_macro2::TokenStream {
    if returns(&f.sig).and_then(last_ident).as_deref() == Some("Wait") {
        return waiter(f);
    }
    let id = &f.sig.ident;
    let name = quote::format_ident!("client_{}", id);
    let args = arg_types(&f.sig);
    let pinned = returns(&f.sig).map(|t| {
        let text = t
            .to_token_stream()
            .to_string()
            .replace("Self", "api :: Client");
        let t: Type = syn::parse_str(&text).expect("a return type parses");
        quote! { let _: #t = r; }
    });
    let call = if f.sig.receiver().is_some() {
        quote! { c.#id(#(any::<#args>()),*) }
    } else {
        quote! { api::Client::#id(#(any::<#args>()),*) }
    };
    quote! {
        pub fn #name(c: &api::Client) {
            let r = #call;
            #pinned
        }
    }
}

/// `wait_<waiter>`: a waiter with its arguments and both settings, awaited, its answer pinned.
fn waiter(f: &syn::ImplItemFn) -> proc_macro2::TokenStream {
    let id = &f.sig.ident;
    let name = quote::format_ident!("wait_{}", id);
    let args = arg_types(&f.sig);
    let answer = returns(&f.sig).and_then(first_argument);
    quote! {
        pub async fn #name(c: &api::Client) {
            let w = c.#id(#(any::<#args>()),*)
                .max_wait(any::<::std::time::Duration>())
                .poll_interval(any::<::std::time::Duration>());
            if let Ok(r) = w.await {
                let _: &#answer = &r;
            }
        }
    }
}

/// `read_<Type>` for every struct with named fields; `build_<Type>` for those with `new`.
fn types(items: &[Item]) -> Vec<proc_macro2::TokenStream> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Struct(s) => {
                let syn::Fields::Named(named) = &s.fields else {
                    continue;
                };
                let name = &s.ident;
                let read = quote::format_ident!("read_{}", name);
                let fields = named.named.iter().filter_map(|f| {
                    let id = f.ident.as_ref()?;
                    let ty = value_type(&f.ty);
                    Some(quote! { let _: &#ty = &x.#id; })
                });
                out.push(quote! { pub fn #read(x: &#name) { #(#fields)* } });
            }
            Item::Impl(i) if i.trait_.is_none() => {
                let Some(name) = last_ident(&i.self_ty) else {
                    continue;
                };
                let fns: Vec<&syn::ImplItemFn> = i
                    .items
                    .iter()
                    .filter_map(|f| match f {
                        ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => Some(f),
                        _ => None,
                    })
                    .collect();
                let Some(new) = fns.iter().find(|f| f.sig.ident == "new") else {
                    continue;
                };
                let ty = quote::format_ident!("{}", name);
                let build = quote::format_ident!("build_{}", name);
                let args = arg_types(&new.sig);
                let withs = fns
                    .iter()
                    .filter(|f| f.sig.ident.to_string().starts_with("with_"))
                    .filter_map(|f| {
                        let [t] = arg_types(&f.sig).try_into().ok()?;
                        let id = &f.sig.ident;
                        Some(quote! { .#id(any::<#t>()) })
                    });
                out.push(quote! {
                    pub fn #build() -> #ty { #ty::new(#(any::<#args>()),*) #(#withs)* }
                });
            }
            _ => {}
        }
    }
    out
}

/// The program written against a client's code.
fn program(code: &str) -> String {
    let file: syn::File = syn::parse_str(code).expect("generated code parses");
    let module = |name: &str| {
        file.items.iter().find_map(|i| match i {
            Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.clone()),
            _ => None,
        })
    };
    let builders = builders(&module("builders").unwrap_or_default());
    let calls = calls(&file.items, &builders);
    let types = types(&module("types").unwrap_or_default());
    let tokens = quote! {
        use api::types;
        use api::types::*;
        fn any<T>() -> T { unreachable!("the program is compiled, never run") }
        #(#calls)*
        #(#types)*
    };
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    }
}

struct Case {
    name: String,
    report: Report,
    old: String,
    new: String,
}

fn generate(label: &str, text: &str) -> String {
    let checked = datacloud_codegen::check_str(label, text).expect("the side validates");
    let settings = Settings::new("proof")
        .with_runtime_path("::datacloud::runtime")
        .with_serde_gate(None);
    datacloud_codegen::generate_checked(&checked, label, &settings)
        .expect("the side generates")
        .code
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the diff corpus")
        .filter_map(|e| Some(e.ok()?.file_name().to_str()?.to_string()))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let read = |side: &str| std::fs::read_to_string(dir.join(&name).join(side)).ok();
        let (Some(old), Some(new)) = (read("old.yaml"), read("new.yaml")) else {
            continue;
        };
        let (a, b) = (format!("{name}/old.yaml"), format!("{name}/new.yaml"));
        let (Ok(x), Ok(y)) = (diff::load_spec(&a, &old), diff::load_spec(&b, &new)) else {
            continue;
        };
        let report = diff::diff_apis(&a, &x, &b, &y);
        out.push(Case {
            old: generate(&a, &old),
            new: generate(&b, &new),
            name,
            report,
        });
    }
    out
}

/// Module name of a case (`parameter-added` is `parameter_added`).
fn module(name: &str) -> String {
    format!("case_{}", name.replace('-', "_"))
}

/// Write the crate: per case its two clients and the program against each.
fn write_crate(dir: &Path, cases: &[Case]) {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("the proof crate's folder");
    let mut lib = String::from("#![allow(unused, clippy::all)]\n");
    for c in cases {
        let m = module(&c.name);
        let text = program(&c.old);
        for (side, code) in [("old", &c.old), ("new", &c.new)] {
            std::fs::write(src.join(format!("{m}_{side}_client.rs")), code).expect("write");
            let prog = format!(
                "#![allow(unused, unreachable_code, non_snake_case, clippy::all)]\nuse super::{m}_{side}_client as api;\n{text}\n"
            );
            std::fs::write(src.join(format!("{m}_on_{side}.rs")), prog).expect("write");
            lib.push_str(&format!(
                "pub mod {m}_{side}_client;\npub mod {m}_on_{side};\n"
            ));
        }
    }
    std::fs::write(src.join("lib.rs"), lib).expect("write lib.rs");
    let manifest = format!(
        r#"[package]
name = "datacloud-proof"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
bytes = "1"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
datacloud = {{ path = "{}", default-features = false }}
regress = "0.10"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
uuid = {{ version = "1", features = ["serde"] }}
"#,
        root().display()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}

/// `cargo check` the crate; the files that have errors, by file name.
fn errors(dir: &Path, target: &Path) -> BTreeMap<String, Vec<String>> {
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--message-format=json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let msg = &v["message"];
        if v["reason"] != "compiler-message" || msg["level"] != "error" {
            continue;
        }
        let files: BTreeSet<String> = msg["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["is_primary"] == true)
            .filter_map(|s| {
                s["file_name"]
                    .as_str()
                    .map(|f| f.trim_start_matches("src/").to_string())
            })
            .collect();
        let text: String = msg["rendered"]
            .as_str()
            .unwrap_or("")
            .lines()
            .take(12)
            .collect::<Vec<_>>()
            .join("\n");
        // An error with no place in a file (a missing crate, a bad manifest) is the crate's.
        let files = if files.is_empty() {
            BTreeSet::from(["(any)".to_string()])
        } else {
            files
        };
        for f in files {
            by_file.entry(f).or_default().push(text.clone());
        }
    }
    // Cargo itself can fail before the compiler says anything (resolution, the lock file).
    if !out.status.success() && by_file.is_empty() {
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        by_file.insert("(any)".to_string(), vec![stderr]);
    }
    by_file
}

#[test]
fn verdicts_are_true() {
    let cases = cases();
    assert!(cases.len() > 50, "the diff corpus has its cases");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let dir = target.join("proof-crate");
    let _ = std::fs::remove_dir_all(dir.join("src"));
    write_crate(&dir, &cases);
    let errors = errors(&dir, &target.join("proof"));
    let mut wrong = Vec::new();
    if let Some(e) = errors.get("(any)") {
        wrong.push(format!("the proof crate does not build:\n{}", e.join("\n")));
    }
    for c in &cases {
        let m = module(&c.name);
        let on = |side: &str| errors.get(&format!("{m}_on_{side}.rs"));
        let client = |side: &str| errors.get(&format!("{m}_{side}_client.rs"));
        if let Some(e) = client("old").or(client("new")) {
            wrong.push(format!(
                "{}: a generated client does not compile:\n{}",
                c.name,
                e.join("\n")
            ));
            continue;
        }
        if let Some(e) = on("old") {
            wrong.push(format!(
                "{}: the program does not compile against its own client:\n{}",
                c.name,
                e.join("\n")
            ));
            continue;
        }
        let breaking: Vec<&str> = c
            .report
            .changes
            .iter()
            .filter(|ch| ch.severity == Severity::Breaking)
            .map(|ch| ch.kind.name())
            .collect();
        match (breaking.is_empty(), on("new")) {
            (true, Some(e)) => wrong.push(format!(
                "{}: the diff finds nothing breaking, but the program no longer compiles:\n{}",
                c.name,
                e.join("\n")
            )),
            (false, None) if breaking.iter().any(|k| !WIRE.contains(k)) => wrong.push(format!(
                "{}: the diff calls {breaking:?} breaking, but the program still compiles",
                c.name
            )),
            _ => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "{} verdicts not borne out:\n\n{}",
        wrong.len(),
        wrong.join("\n\n")
    );
}
