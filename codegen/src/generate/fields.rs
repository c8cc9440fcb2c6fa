//! Distinct Rust names for properties that collide in snake_case.
//!
//! typify names a field after its property in snake_case and renames it with serde to the
//! JSON name, so `topics.exclude`, `topics_exclude` and `topicsExclude` would all be the field
//! `topics_exclude` of one struct, which does not compile. This pass keeps that name for the
//! property spelled exactly so (or the first one), and names each other one after its JSON
//! name with the punctuation spelled out (`topics_dot_exclude`), or numbered when that is taken
//! too; every field keeps its serde rename, so each still reads and writes its own key. Struct
//! literals of the type in typify's own impls (`Default`) are renamed the same way.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{Fields, Item, ItemStruct};

/// The JSON name of a field: its `#[serde(rename = "...")]`, else its own name.
fn wire_name(field: &syn::Field) -> String {
    let mut wire = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                wire = Some(lit.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    wire.unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .map(|i| i.to_string())
            .unwrap_or_default()
    })
}

/// `topics.exclude` -> `topics_dot_exclude`: the name with its punctuation spelled out.
fn spelled(wire: &str) -> String {
    let mut out = String::new();
    for c in wire.chars() {
        let word = match c {
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            '_' => "_",
            '.' => "_dot_",
            '-' => "_dash_",
            ' ' => "_space_",
            '/' => "_slash_",
            ':' => "_colon_",
            '@' => "_at_",
            '$' => "_dollar_",
            '+' => "_plus_",
            _ => "_x_",
        };
        out.push_str(word);
    }
    let snake = crate::util::snake(&out);
    match snake.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => snake,
        _ => format!("field_{snake}"),
    }
}

/// The renames one struct needs: for each colliding name, the new names of its later
/// occurrences in declaration order (`None` for the one that keeps the name).
fn plan(s: &ItemStruct) -> BTreeMap<String, Vec<Option<String>>> {
    let Fields::Named(named) = &s.fields else {
        return BTreeMap::new();
    };
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for f in &named.named {
        let name = f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default();
        taken.insert(name.clone());
        groups.entry(name).or_default().push(wire_name(f));
    }
    let mut out = BTreeMap::new();
    for (name, wires) in groups.into_iter().filter(|(_, w)| w.len() > 1) {
        let keeper = wires.iter().position(|w| *w == name).unwrap_or(0);
        let mut renames = Vec::new();
        for (i, wire) in wires.iter().enumerate() {
            if i == keeper {
                renames.push(None);
                continue;
            }
            let base = spelled(wire);
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) || syn::parse_str::<Ident>(&candidate).is_err() {
                candidate = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(candidate.clone());
            renames.push(Some(candidate));
        }
        out.insert(name, renames);
    }
    out
}

/// Rename the `k`-th occurrence of each colliding name, in fields or in a struct literal.
struct Renamer<'p> {
    plan: &'p BTreeMap<String, Vec<Option<String>>>,
}

impl Renamer<'_> {
    fn next_names(&self) -> BTreeMap<String, usize> {
        self.plan.keys().map(|k| (k.clone(), 0)).collect()
    }

    fn rename(&self, seen: &mut BTreeMap<String, usize>, ident: &mut Ident) {
        let name = ident.to_string();
        let (Some(renames), Some(k)) = (self.plan.get(&name), seen.get_mut(&name)) else {
            return;
        };
        if let Some(Some(new)) = renames.get(*k) {
            *ident = Ident::new(new, Span::call_site());
        }
        *k += 1;
    }
}

impl VisitMut for Renamer<'_> {
    fn visit_expr_struct_mut(&mut self, e: &mut syn::ExprStruct) {
        let mut seen = self.next_names();
        for f in e.fields.iter_mut() {
            if let syn::Member::Named(ident) = &mut f.member {
                let shorthand = f.colon_token.is_none();
                self.rename(&mut seen, ident);
                if shorthand {
                    f.colon_token = Some(Default::default());
                }
            }
        }
        syn::visit_mut::visit_expr_struct_mut(self, e);
    }
}

/// The type an `impl` is for, by its last path segment.
fn impl_target(i: &syn::ItemImpl) -> Option<String> {
    match &*i.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Give every struct of the types module distinct field names.
pub fn distinct(types: TokenStream) -> Result<TokenStream, String> {
    let mut file: syn::File =
        syn::parse2(types).map_err(|e| format!("the types do not parse: {e}"))?;
    let mut plans: BTreeMap<String, BTreeMap<String, Vec<Option<String>>>> = BTreeMap::new();
    for item in file.items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        let plan = plan(s);
        if plan.is_empty() {
            continue;
        }
        let renamer = Renamer { plan: &plan };
        let mut seen = renamer.next_names();
        if let Fields::Named(named) = &mut s.fields {
            for f in named.named.iter_mut() {
                if let Some(ident) = f.ident.as_mut() {
                    renamer.rename(&mut seen, ident);
                }
            }
        }
        plans.insert(s.ident.to_string(), plan);
    }
    for item in file.items.iter_mut() {
        let Item::Impl(i) = item else { continue };
        if let Some(plan) = impl_target(i).and_then(|t| plans.get(&t)) {
            Renamer { plan }.visit_item_impl_mut(i);
        }
    }
    let items = file.items.iter().map(ToTokens::to_token_stream);
    Ok(quote! { #(#items)* })
}
