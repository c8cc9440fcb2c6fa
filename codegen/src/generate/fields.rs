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

use proc_macro2::{Ident, Span};
use syn::visit_mut::VisitMut;
use syn::{Fields, Item, ItemStruct};

/// The JSON name of a field: its `#[serde(rename = "...")]`, else its own name.
fn wire_name(field: &syn::Field) -> String {
    serde_rename(&field.attrs).unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .map(|i| i.to_string())
            .unwrap_or_default()
    })
}

/// The name a `#[serde(rename = "...")]` among `attrs` gives a field or variant, if any.
pub(super) fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut wire = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
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
    wire
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

/// The Rust name of each field, given as (the name typify gave it, its JSON name): each
/// group of fields that typify named alike keeps the name for the one spelled exactly so (or,
/// when none is, the one whose JSON name sorts first), and the others, in the order of their
/// JSON names, get [`spelled`] names, numbered where those are taken too. The result does not
/// depend on the order of the fields, so `codegen diff` (which does not run typify) can ask
/// the same question of a spec's properties with [`rust_field_names`].
fn distinct_names(fields: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> = fields.iter().map(|(ident, _)| ident.clone()).collect();
    let mut taken: BTreeSet<String> = out.iter().cloned().collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (ident, _)) in fields.iter().enumerate() {
        groups.entry(ident.as_str()).or_default().push(i);
    }
    for (ident, mut members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        members.sort_by(|a, b| fields[*a].1.cmp(&fields[*b].1));
        let keeper = members
            .iter()
            .position(|i| fields[*i].1 == ident)
            .unwrap_or(0);
        for (_, &i) in members.iter().enumerate().filter(|(k, _)| *k != keeper) {
            let base = spelled(&fields[i].1);
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) || syn::parse_str::<Ident>(&candidate).is_err() {
                candidate = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(candidate.clone());
            out[i] = candidate;
        }
    }
    out
}

/// The field names the generator gives properties with these JSON names: typify's naming
/// (snake case, characters that cannot be in an identifier as `-`, an `x` before a leading
/// digit, `_` after a keyword) with [`distinct_names`] applied. For `codegen diff`.
pub fn rust_field_names(properties: &[&str]) -> Vec<String> {
    let fields: Vec<(String, String)> = properties
        .iter()
        .map(|p| (typify_name(p), p.to_string()))
        .collect();
    distinct_names(&fields)
}

/// typify's field name for a property (its `sanitize` in snake case).
fn typify_name(property: &str) -> String {
    let out = match property {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => crate::util::snake(
            &property
                .replace('\'', "")
                .replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-"),
        ),
    };
    let out = match out.chars().next() {
        None => "x".to_string(),
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("x{out}"),
    };
    if syn::parse_str::<Ident>(&out).is_ok() {
        out
    } else {
        format!("{out}_")
    }
}

/// The renames one struct needs: for each colliding name, the new names of its occurrences in
/// declaration order (`None` for the one that keeps the name).
fn plan(s: &ItemStruct) -> BTreeMap<String, Vec<Option<String>>> {
    let Fields::Named(named) = &s.fields else {
        return BTreeMap::new();
    };
    let fields: Vec<(String, String)> = named
        .named
        .iter()
        .map(|f| {
            let ident = f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default();
            (ident, wire_name(f))
        })
        .collect();
    let names = distinct_names(&fields);
    let mut out: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (ident, _) in &fields {
        *counts.entry(ident.as_str()).or_default() += 1;
    }
    for ((ident, _), name) in fields.iter().zip(names) {
        if counts[ident.as_str()] > 1 {
            let rename = (name != *ident).then_some(name);
            out.entry(ident.clone()).or_default().push(rename);
        }
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
pub fn distinct(file: &mut syn::File) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_names_are_told_apart_whatever_their_order() {
        let a = rust_field_names(&["topics.exclude", "topics_exclude", "topicsExclude", "id"]);
        assert_eq!(
            a,
            [
                "topics_dot_exclude",
                "topics_exclude",
                "topics_exclude_2",
                "id"
            ]
        );
        let b = rust_field_names(&["id", "topicsExclude", "topics_exclude", "topics.exclude"]);
        assert_eq!(
            b,
            [
                "id",
                "topics_exclude_2",
                "topics_exclude",
                "topics_dot_exclude"
            ]
        );
        // Without the exact spelling, the name that sorts first keeps the field name.
        assert_eq!(rust_field_names(&["a-b", "a.b"]), ["a_b", "a_dot_b"]);
        assert_eq!(rust_field_names(&["type", "1x"]), ["type_", "x1x"]);
    }
}
