//! String patterns checked through the runtime.
//!
//! typify checks a string schema's `pattern` with a `LazyLock<regress::Regex>` and
//! `PATTERN.find(value)`. regress's matcher is generic and inlined, so every crate holding a
//! generated client compiled its backtracking engine again: most of the machine code of the
//! Astra client. This pass has each such check go through the runtime's `Pattern`, whose
//! matcher is compiled once, in the runtime. The check, its text and its error are unchanged.

use proc_macro2::TokenStream;
use syn::visit_mut::{self, VisitMut};
use syn::{parse_quote, Expr, ItemStatic, LitStr};

/// Rewrites every typify pattern check in `file`; returns how many statics it rewrote.
pub fn through_runtime(file: &mut syn::File, runtime: &TokenStream) -> usize {
    let mut pass = Patterns {
        runtime,
        rewritten: 0,
    };
    pass.visit_file_mut(file);
    pass.rewritten
}

struct Patterns<'a> {
    runtime: &'a TokenStream,
    rewritten: usize,
}

impl VisitMut for Patterns<'_> {
    fn visit_item_static_mut(&mut self, s: &mut ItemStatic) {
        let ty = &s.ty;
        if s.ident != "PATTERN" || !quote::quote!(#ty).to_string().contains("regress") {
            return;
        }
        let Some(source) = first_string(&s.expr) else {
            return;
        };
        let rt = self.runtime;
        *s.ty = parse_quote!(#rt::Pattern);
        *s.expr = parse_quote!(#rt::Pattern::new(#source));
        self.rewritten += 1;
    }

    fn visit_expr_mut(&mut self, e: &mut Expr) {
        // `PATTERN.find(value).is_none()` -> `!PATTERN.is_match(value)`
        if let Expr::MethodCall(none) = e {
            if none.method == "is_none" && none.args.is_empty() {
                if let Expr::MethodCall(find) = &*none.receiver {
                    let on_pattern =
                        matches!(&*find.receiver, Expr::Path(p) if p.path.is_ident("PATTERN"));
                    if on_pattern && find.method == "find" && find.args.len() == 1 {
                        let value = &find.args[0];
                        *e = parse_quote!(!PATTERN.is_match(#value));
                        return;
                    }
                }
            }
        }
        visit_mut::visit_expr_mut(self, e);
    }
}

/// The first string literal in `e` (the pattern in `LazyLock::new(|| Regex::new("..").unwrap())`).
fn first_string(e: &Expr) -> Option<LitStr> {
    struct Find(Option<LitStr>);
    impl VisitMut for Find {
        fn visit_lit_str_mut(&mut self, s: &mut LitStr) {
            if self.0.is_none() {
                self.0 = Some(s.clone());
            }
        }
    }
    let mut find = Find(None);
    find.visit_expr_mut(&mut e.clone());
    find.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_typify_pattern_check_goes_through_the_runtime() {
        let mut file: syn::File = parse_quote! {
            impl ::std::str::FromStr for Cidr {
                type Err = self::error::ConversionError;
                fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                    static PATTERN: ::std::sync::LazyLock<::regress::Regex> =
                        ::std::sync::LazyLock::new(|| ::regress::Regex::new("^[0-9]+$").unwrap());
                    if PATTERN.find(value).is_none() {
                        return Err("doesn't match pattern \"^[0-9]+$\"".into());
                    }
                    Ok(Self(value.to_string()))
                }
            }
        };
        assert_eq!(through_runtime(&mut file, &quote!(crate::runtime)), 1);
        let out = quote!(#file).to_string();
        assert!(!out.contains("regress"), "{out}");
        assert!(out.contains("static PATTERN : crate :: runtime :: Pattern = crate :: runtime :: Pattern :: new (\"^[0-9]+$\")"), "{out}");
        assert!(out.contains("if ! PATTERN . is_match (value)"), "{out}");
        assert!(out.contains("doesn't match pattern"), "{out}");
    }

    #[test]
    fn other_statics_and_calls_are_left_alone() {
        let mut file: syn::File = parse_quote! {
            static PATTERN: usize = 1;
            fn f(v: &str) -> bool { OTHER.find(v).is_none() }
        };
        let before = quote!(#file).to_string();
        assert_eq!(through_runtime(&mut file, &quote!(crate::runtime)), 0);
        assert_eq!(quote!(#file).to_string(), before);
    }
}
