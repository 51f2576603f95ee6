//! The comparable shape of an item of parsed Rust (syn): its signature, fields or type
//! as one normalised string each, lifetimes erased (they cannot change what a value
//! does, and `&str` and `&'a str` are the same API), and the identifiers a piece of
//! syntax names. The reference API check (`api`) compares these strings.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Fields, FnArg, GenericArgument, Generics, ReturnType, Signature, TypeParamBound};

/// Tokens as one string, spaced as people write Rust (`Option<u32>`, `&[u32]`).
pub(crate) fn text(tokens: &impl ToTokens) -> String {
    let raw: Vec<char> = tokens.to_token_stream().to_string().chars().collect();
    let mut out = String::with_capacity(raw.len());
    for (i, &c) in raw.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let before = out.chars().last().unwrap_or(' ');
        let after = raw.get(i + 1).copied().unwrap_or(' ');
        if keeps_space(before, after, out.ends_with("::")) {
            out.push(' ');
        }
    }
    out
}

/// Whether the space between `before` and `after` reads better kept (`dyn Fn`, `a, b`,
/// `T: Ord + Clone`, `-> u32`, `Vec<T> where`), not in `Option<u32>` or `std::vec`.
fn keeps_space(before: char, after: char, path_sep: bool) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    (word(before) && (word(after) || after == '\''))
        || matches!(before, ',' | '=' | '+')
        || matches!(after, '=' | '+' | '{')
        || (after == '-' && raw_arrow(before))
        || (before == '>' && word(after))
        || (before == ':' && after != ':' && !path_sep)
}

/// Whether `-` after `before` starts the `->` of a return type.
fn raw_arrow(before: char) -> bool {
    matches!(before, ')' | '>' | ']') || before.is_alphanumeric()
}

/// Drops every lifetime: parameters, arguments, bounds and the lifetimes of references.
struct Erase;

impl VisitMut for Erase {
    fn visit_type_reference_mut(&mut self, node: &mut syn::TypeReference) {
        node.lifetime = None;
        visit_mut::visit_type_reference_mut(self, node);
    }

    fn visit_receiver_mut(&mut self, node: &mut syn::Receiver) {
        if let Some((_, lifetime)) = &mut node.reference {
            *lifetime = None;
        }
        if let syn::Type::Reference(r) = node.ty.as_mut() {
            r.lifetime = None;
        }
    }

    fn visit_angle_bracketed_generic_arguments_mut(
        &mut self,
        node: &mut syn::AngleBracketedGenericArguments,
    ) {
        node.args = take(&mut node.args, |a| {
            !matches!(a, GenericArgument::Lifetime(_))
        });
        visit_mut::visit_angle_bracketed_generic_arguments_mut(self, node);
    }

    fn visit_generics_mut(&mut self, node: &mut Generics) {
        node.params = take(&mut node.params, |p| {
            !matches!(p, syn::GenericParam::Lifetime(_))
        });
        if let Some(clause) = &mut node.where_clause {
            clause.predicates = take(&mut clause.predicates, |p| {
                !matches!(p, syn::WherePredicate::Lifetime(_))
            });
        }
        if node.params.is_empty() {
            node.lt_token = None;
            node.gt_token = None;
        }
        if node
            .where_clause
            .as_ref()
            .is_some_and(|w| w.predicates.is_empty())
        {
            node.where_clause = None;
        }
        visit_mut::visit_generics_mut(self, node);
    }

    fn visit_type_param_mut(&mut self, node: &mut syn::TypeParam) {
        node.bounds = without_lifetimes(&mut node.bounds);
        visit_mut::visit_type_param_mut(self, node);
    }

    fn visit_predicate_type_mut(&mut self, node: &mut syn::PredicateType) {
        node.bounds = without_lifetimes(&mut node.bounds);
        visit_mut::visit_predicate_type_mut(self, node);
    }

    fn visit_type_impl_trait_mut(&mut self, node: &mut syn::TypeImplTrait) {
        node.bounds = without_lifetimes(&mut node.bounds);
        visit_mut::visit_type_impl_trait_mut(self, node);
    }

    fn visit_type_trait_object_mut(&mut self, node: &mut syn::TypeTraitObject) {
        node.bounds = without_lifetimes(&mut node.bounds);
        visit_mut::visit_type_trait_object_mut(self, node);
    }
}

fn without_lifetimes<P: Default>(
    bounds: &mut Punctuated<TypeParamBound, P>,
) -> Punctuated<TypeParamBound, P> {
    take(bounds, |b| !matches!(b, TypeParamBound::Lifetime(_)))
}

/// The elements of `list` that `keep`, re-punctuated.
fn take<T, P: Default>(list: &mut Punctuated<T, P>, keep: impl Fn(&T) -> bool) -> Punctuated<T, P> {
    std::mem::take(list)
        .into_iter()
        .filter(|t| keep(t))
        .collect()
}

/// `node` with its lifetimes erased, as text.
fn erased<T: ToTokens + Clone>(node: &T, visit: fn(&mut Erase, &mut T)) -> String {
    let mut node = node.clone();
    visit(&mut Erase, &mut node);
    text(&node)
}

/// A type as compared: lifetimes erased.
pub(crate) fn ty(node: &syn::Type) -> String {
    erased(node, Erase::visit_type_mut)
}

/// Generic parameters and `where` clause as compared (empty when there are none).
pub(crate) fn generics(node: &Generics) -> String {
    let mut node = node.clone();
    Erase.visit_generics_mut(&mut node);
    let clause = node.where_clause.as_ref().map(text).unwrap_or_default();
    [text(&node), clause]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A path as compared (a trait of an impl, say): lifetimes erased.
pub(crate) fn path(node: &syn::Path) -> String {
    erased(node, Erase::visit_path_mut)
}

/// A function's signature in three comparable parts; argument names and patterns are
/// not part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FnShape {
    /// Generic parameters and `where` clause.
    pub(crate) generics: String,
    /// The receiver and argument types, comma-separated.
    pub(crate) arguments: String,
    /// The return type, `()` when none is written.
    pub(crate) returns: String,
}

/// The shape of `sig`.
pub(crate) fn function(sig: &Signature) -> FnShape {
    let arguments: Vec<String> = sig
        .inputs
        .iter()
        .map(|arg| match arg {
            FnArg::Receiver(r) => erased(r, Erase::visit_receiver_mut),
            FnArg::Typed(t) => ty(&t.ty),
        })
        .collect();
    let returns = match &sig.output {
        ReturnType::Default => "()".to_owned(),
        ReturnType::Type(_, t) => ty(t),
    };
    FnShape {
        generics: generics(&sig.generics),
        arguments: arguments.join(", "),
        returns,
    }
}

/// Each field's name (its index for tuple fields) and type.
pub(crate) fn fields(fields: &Fields) -> Vec<(String, String)> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = f
                .ident
                .as_ref()
                .map_or_else(|| i.to_string(), ToString::to_string);
            (name, ty(&f.ty))
        })
        .collect()
}

/// Every identifier in `tokens`, groups included.
pub(crate) fn idents(tokens: &impl ToTokens, into: &mut BTreeSet<String>) {
    fn walk(stream: TokenStream, into: &mut BTreeSet<String>) {
        for tree in stream {
            match tree {
                TokenTree::Ident(i) => {
                    into.insert(i.to_string());
                }
                TokenTree::Group(g) => walk(g.stream(), into),
                _ => {}
            }
        }
    }
    walk(tokens.to_token_stream(), into);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(src: &str) -> FnShape {
        let f: syn::ItemFn = syn::parse_str(src).expect("parses");
        function(&f.sig)
    }

    #[test]
    fn names_and_lifetimes_are_not_part_of_a_signature() {
        let a = sig("fn first<'a>(s: &'a str, n: usize) -> &'a str { s }");
        let b = sig("fn first(text: &str, _: usize) -> &str { text }");
        assert_eq!(a, b);
        assert_eq!(a.arguments, "&str, usize");
        assert_eq!(a.generics, "");
    }

    #[test]
    fn types_read_as_written() {
        let s = sig("fn f<T: Ord + Clone>(v: &[T], m: Option<Vec<T>>) -> Result<(), String> where T: Copy {}");
        assert_eq!(s.generics, "<T: Ord + Clone> where T: Copy");
        assert_eq!(s.arguments, "&[T], Option<Vec<T>>");
        assert_eq!(s.returns, "Result<(), String>");
        assert_eq!(sig("fn g(&mut self) {}").arguments, "&mut self");
        assert_eq!(
            sig("fn g() -> impl Fn(u32) -> u32 {}").returns,
            "impl Fn(u32) -> u32"
        );
    }
}
