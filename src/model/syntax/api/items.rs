//! Each reached item of the solution compared with the submission's item of that name:
//! kind, generics, signature, fields, variants, derives, inherent methods the tests
//! name, and trait impls.

use syn::{ImplItem, Item, TraitItem};

use super::{compare_fn, methods, Api, ApiMismatch, Part};
use crate::model::syntax::index;
use crate::model::syntax::shape;

impl Api<'_, '_> {
    /// Compares the solution's item `name` with the submission's.
    pub(super) fn compare_item(&mut self, name: &str) {
        let Some(ours) = self
            .solution
            .items
            .get(name)
            .and_then(|v| v.first().copied())
        else {
            return;
        };
        if matches!(ours, Item::Mod(_)) {
            return;
        }
        let kind = kind(ours);
        let theirs = self
            .submission
            .find(name, |i| (self::kind(i) == kind).then_some(i));
        let Some(theirs) = theirs else {
            let mismatch = match self.submission.items.get(name).and_then(|v| v.first()) {
                Some(other) => ApiMismatch::Differs {
                    item: name.to_owned(),
                    part: Part::Kind,
                    found: self::kind(other).to_owned(),
                    expected: kind.to_owned(),
                },
                None => ApiMismatch::Missing {
                    item: name.to_owned(),
                    expected: declaration(ours),
                },
            };
            self.mismatches.push(mismatch);
            return;
        };
        let found = compare(name, ours, theirs);
        self.mismatches.extend(found);
        if kind != "fn" && kind != "const" && kind != "static" {
            self.compare_derives(name, ours, theirs);
            self.compare_methods(name);
            self.compare_impls(name);
        }
    }

    /// Every trait the solution derives for `name` is derived, not hand-written.
    fn compare_derives(&mut self, name: &str, ours: &Item, theirs: &Item) {
        let derived = index::derives(attributes(theirs));
        let by_hand: Vec<String> = self
            .submission
            .impls_of(name, false)
            .filter_map(|i| {
                i.trait_
                    .as_ref()
                    .map(|(_, path, _)| index::trait_name(path))
            })
            .collect();
        for derive in index::derives(attributes(ours)) {
            let item = name.to_owned();
            if by_hand.contains(&derive) {
                self.mismatches
                    .push(ApiMismatch::HandWritten { item, derive });
            } else if !derived.contains(&derive) {
                self.mismatches
                    .push(ApiMismatch::NotDerived { item, derive });
            }
        }
    }

    /// The inherent methods and constants of `name` that the tests name.
    fn compare_methods(&mut self, name: &str) {
        let ours: Vec<&syn::ImplItemFn> = self
            .solution
            .impls_of(name, true)
            .flat_map(methods)
            .filter(|f| self.named.contains(&f.sig.ident.to_string()))
            .collect();
        for method in ours {
            let item = format!("{name}::{}", method.sig.ident);
            let theirs = self
                .submission
                .impls_of(name, true)
                .flat_map(methods)
                .find(|f| f.sig.ident == method.sig.ident);
            match theirs {
                Some(f) => {
                    let (found, expected) = (in_impl(&f.sig, name), in_impl(&method.sig, name));
                    let found = compare_fn(&item, &found, &expected);
                    self.mismatches.extend(found);
                }
                None => self.mismatches.push(ApiMismatch::Missing {
                    item,
                    expected: shape::text(&method.sig),
                }),
            }
        }
    }

    /// Every trait impl of `name` in the solution, with the same associated types, or
    /// (for a trait without arguments) a derive of it.
    fn compare_impls(&mut self, name: &str) {
        let derived: Vec<String> = self
            .submission
            .find(name, |i| Some(index::derives(attributes(i))))
            .unwrap_or_default();
        let ours: Vec<&syn::ItemImpl> = self.solution.impls_of(name, false).collect();
        for block in ours {
            let Some((_, path, _)) = &block.trait_ else {
                continue;
            };
            let implemented = shape::path(path);
            let self_ty = shape::ty(&block.self_ty);
            let theirs = self.submission.impls_of(name, false).find(|i| {
                i.trait_
                    .as_ref()
                    .is_some_and(|(_, p, _)| shape::path(p) == implemented)
                    && shape::ty(&i.self_ty) == self_ty
            });
            match theirs {
                Some(theirs) => self.compare_associated(&self_ty, &implemented, block, theirs),
                None if derived.contains(&implemented) => {}
                None => self.mismatches.push(ApiMismatch::NoImpl {
                    item: name.to_owned(),
                    implemented,
                }),
            }
        }
    }

    /// The associated types of a trait impl (`type Output = Money;`).
    fn compare_associated(
        &mut self,
        self_ty: &str,
        implemented: &str,
        ours: &syn::ItemImpl,
        theirs: &syn::ItemImpl,
    ) {
        for member in &ours.items {
            let ImplItem::Type(t) = member else { continue };
            let item = format!("<{self_ty} as {implemented}>::{}", t.ident);
            let found = theirs.items.iter().find_map(|m| match m {
                ImplItem::Type(u) if u.ident == t.ident => Some(shape::ty(&u.ty)),
                _ => None,
            });
            let expected = shape::ty(&t.ty);
            match found {
                Some(found) if found != expected => self.mismatches.push(ApiMismatch::Differs {
                    item,
                    part: Part::Type,
                    found,
                    expected,
                }),
                Some(_) => {}
                None => self.mismatches.push(ApiMismatch::Missing {
                    item,
                    expected: format!("type {} = {expected};", t.ident),
                }),
            }
        }
    }
}

/// A method's shape with `Self` spelled as the type `name` it belongs to.
fn in_impl(sig: &syn::Signature, name: &str) -> shape::FnShape {
    let shape = shape::function(sig);
    let spell = |s: &str| {
        let words: Vec<&str> = s
            .split_inclusive(|c: char| !c.is_alphanumeric() && c != '_')
            .collect();
        words
            .iter()
            .map(|w| match w.strip_prefix("Self") {
                Some(rest)
                    if rest.len() <= 1
                        && !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') =>
                {
                    format!("{name}{rest}")
                }
                _ => (*w).to_owned(),
            })
            .collect::<String>()
    };
    shape::FnShape {
        generics: spell(&shape.generics),
        arguments: spell(&shape.arguments),
        returns: spell(&shape.returns),
    }
}

/// What kind of item this is, as a message says it.
fn kind(item: &Item) -> &'static str {
    match item {
        Item::Fn(_) => "fn",
        Item::Struct(_) => "struct",
        Item::Enum(_) => "enum",
        Item::Union(_) => "union",
        Item::Type(_) => "type alias",
        Item::Trait(_) => "trait",
        Item::Const(_) => "const",
        Item::Static(_) => "static",
        Item::Mod(_) => "mod",
        _ => "item",
    }
}

/// An item's attributes.
fn attributes(item: &Item) -> &[syn::Attribute] {
    match item {
        Item::Struct(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        _ => &[],
    }
}

/// An item's declaration as a message shows it: a function's signature, else its kind
/// and name.
fn declaration(item: &Item) -> String {
    match item {
        Item::Fn(f) => shape::text(&f.sig),
        other => format!("{} {}", kind(other), index::name(other).unwrap_or_default()),
    }
}

/// Two items of the same kind and name compared: each difference.
fn compare(name: &str, ours: &Item, theirs: &Item) -> Vec<ApiMismatch> {
    let differs = |part, found: String, expected: String| {
        (found != expected).then(|| ApiMismatch::Differs {
            item: name.to_owned(),
            part,
            found,
            expected,
        })
    };
    let generics = |a: &syn::Generics, b: &syn::Generics| {
        differs(Part::Generics, shape::generics(b), shape::generics(a))
    };
    match (ours, theirs) {
        (Item::Fn(a), Item::Fn(b)) => {
            compare_fn(name, &shape::function(&b.sig), &shape::function(&a.sig))
        }
        (Item::Struct(a), Item::Struct(b)) => generics(&a.generics, &b.generics)
            .into_iter()
            .chain(compare_fields(name, &a.fields, &b.fields))
            .collect(),
        (Item::Enum(a), Item::Enum(b)) => {
            let mut found: Vec<ApiMismatch> =
                generics(&a.generics, &b.generics).into_iter().collect();
            for variant in &a.variants {
                let item = format!("{name}::{}", variant.ident);
                match b.variants.iter().find(|v| v.ident == variant.ident) {
                    Some(v) => found.extend(compare_fields(&item, &variant.fields, &v.fields)),
                    None => found.push(ApiMismatch::Missing {
                        item,
                        expected: shape::text(variant),
                    }),
                }
            }
            found
        }
        (Item::Union(a), Item::Union(b)) => {
            let (a, b) = (
                syn::Fields::Named(a.fields.clone()),
                syn::Fields::Named(b.fields.clone()),
            );
            compare_fields(name, &a, &b)
        }
        (Item::Type(a), Item::Type(b)) => generics(&a.generics, &b.generics)
            .into_iter()
            .chain(differs(Part::Type, shape::ty(&b.ty), shape::ty(&a.ty)))
            .collect(),
        (Item::Const(a), Item::Const(b)) => differs(Part::Type, shape::ty(&b.ty), shape::ty(&a.ty))
            .into_iter()
            .collect(),
        (Item::Static(a), Item::Static(b)) => {
            differs(Part::Type, shape::ty(&b.ty), shape::ty(&a.ty))
                .into_iter()
                .collect()
        }
        (Item::Trait(a), Item::Trait(b)) => compare_trait(name, a, b),
        _ => Vec::new(),
    }
}

/// Every field of the solution's, with the same type; the submission may add fields.
fn compare_fields(name: &str, ours: &syn::Fields, theirs: &syn::Fields) -> Vec<ApiMismatch> {
    let theirs = shape::fields(theirs);
    let mut found = Vec::new();
    for (field, expected) in shape::fields(ours) {
        let item = format!("{name}::{field}");
        match theirs.iter().find(|(f, _)| *f == field) {
            Some((_, ty)) if *ty != expected => found.push(ApiMismatch::Differs {
                item,
                part: Part::Type,
                found: ty.clone(),
                expected,
            }),
            Some(_) => {}
            None => found.push(ApiMismatch::Missing {
                item,
                expected: format!("{field}: {expected}"),
            }),
        }
    }
    found
}

/// Every method of the solution's trait, with the same signature.
fn compare_trait(name: &str, ours: &syn::ItemTrait, theirs: &syn::ItemTrait) -> Vec<ApiMismatch> {
    let fns = |t: &syn::ItemTrait| -> Vec<syn::Signature> {
        t.items
            .iter()
            .filter_map(|i| match i {
                TraitItem::Fn(f) => Some(f.sig.clone()),
                _ => None,
            })
            .collect()
    };
    let theirs = fns(theirs);
    let mut found = Vec::new();
    for sig in fns(ours) {
        let item = format!("{name}::{}", sig.ident);
        match theirs.iter().find(|s| s.ident == sig.ident) {
            Some(s) => found.extend(compare_fn(
                &item,
                &shape::function(s),
                &shape::function(&sig),
            )),
            None => found.push(ApiMismatch::Missing {
                item,
                expected: shape::text(&sig),
            }),
        }
    }
    found
}
