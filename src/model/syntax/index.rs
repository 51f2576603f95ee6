//! A parsed file's top level as the reference API check reads it (syn): its named items,
//! its impls, and where each name at the top level comes from (defined here, imported
//! from a path, a macro), plus glob imports and item macros, which can bring any name.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Item, UseTree};

use crate::model::syntax::shape;

/// Roots of paths that only the standard library's crates can give.
const STD_ROOTS: [&str; 3] = ["std", "core", "alloc"];

/// Where a top-level name comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Defined here: an item (or a `macro_rules!`, `macro` true).
    Defined {
        /// Whether it is a macro.
        macro_rules: bool,
    },
    /// Brought in by a `use` of this path (`std::collections::HashMap`).
    Imported {
        /// The path, as written, ending with the imported name.
        path: String,
        /// Whether the path starts at `std`, `core` or `alloc` and keeps the name.
        from_std: bool,
    },
}

impl Origin {
    /// Whether both name the same thing as far as the source tells: the same path, or
    /// the standard library's item of that name.
    pub(crate) fn same_import(&self, other: &Origin) -> bool {
        match (self, other) {
            (
                Origin::Imported { path, from_std },
                Origin::Imported {
                    path: theirs,
                    from_std: std_too,
                },
            ) => path == theirs || (*from_std && *std_too),
            _ => false,
        }
    }
}

/// The top level of one file.
#[derive(Default)]
pub(crate) struct Index<'f> {
    /// Named items (fn, struct, enum, union, type, trait, const, static) by name.
    pub(crate) items: BTreeMap<String, Vec<&'f Item>>,
    /// Every `impl` block.
    pub(crate) impls: Vec<&'f syn::ItemImpl>,
    /// Where each top-level name (and each `macro_rules!` anywhere) comes from.
    pub(crate) origins: BTreeMap<String, Origin>,
    /// Glob imports, as written (`shapes::*`).
    pub(crate) globs: Vec<String>,
    /// Item-position macro invocations at the top level, by the macro's path.
    pub(crate) invocations: Vec<String>,
}

impl<'f> Index<'f> {
    /// Indexes `file`.
    pub(crate) fn of(file: &'f syn::File) -> Index<'f> {
        let mut index = Index::default();
        for item in &file.items {
            index.add(item);
        }
        macros(&file.items, &mut index.origins);
        index
    }

    fn add(&mut self, item: &'f Item) {
        if let Some(name) = name(item) {
            self.items.entry(name.clone()).or_default().push(item);
            let defined = Origin::Defined { macro_rules: false };
            self.origins.entry(name).or_insert(defined);
        }
        match item {
            Item::Impl(i) => self.impls.push(i),
            Item::Use(u) => imports(&u.tree, &mut Vec::new(), self),
            Item::Macro(m) if m.ident.is_none() => {
                self.invocations.push(shape::path(&m.mac.path));
            }
            _ => {}
        }
    }

    /// The named items called `name` that pass `pick`.
    pub(crate) fn find<T>(&self, name: &str, pick: impl Fn(&'f Item) -> Option<T>) -> Option<T> {
        self.items.get(name)?.iter().find_map(|item| pick(item))
    }

    /// The impl blocks whose self type is `name` (or `name<...>`): inherent ones when
    /// `inherent`, else trait impls.
    pub(crate) fn impls_of(
        &self,
        name: &str,
        inherent: bool,
    ) -> impl Iterator<Item = &'f syn::ItemImpl> + '_ {
        let name = name.to_owned();
        self.impls.iter().copied().filter(move |i| {
            i.trait_.is_none() == inherent && self_type_name(i).as_deref() == Some(&*name)
        })
    }
}

/// The name an impl's self type goes by: the last segment of its path.
pub(crate) fn self_type_name(block: &syn::ItemImpl) -> Option<String> {
    match block.self_ty.as_ref() {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The name of a named item that the tests could reach.
pub(crate) fn name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Fn(i) => &i.sig.ident,
        Item::Struct(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Union(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::Const(i) => &i.ident,
        Item::Static(i) => &i.ident,
        Item::Mod(i) => &i.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// Records every name a `use` tree brings in, with the path it comes from.
fn imports(tree: &UseTree, prefix: &mut Vec<String>, index: &mut Index<'_>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            imports(&p.tree, prefix, index);
            prefix.pop();
        }
        UseTree::Name(n) => import(prefix, &n.ident.to_string(), None, index),
        UseTree::Rename(r) => {
            import(
                prefix,
                &r.ident.to_string(),
                Some(r.rename.to_string()),
                index,
            );
        }
        UseTree::Glob(_) => index.globs.push(format!("{}::*", prefix.join("::"))),
        UseTree::Group(g) => {
            for tree in &g.items {
                imports(tree, prefix, index);
            }
        }
    }
}

fn import(prefix: &[String], original: &str, rename: Option<String>, index: &mut Index<'_>) {
    let (path, name) = if original == "self" {
        (
            prefix.join("::"),
            prefix.last().cloned().unwrap_or_default(),
        )
    } else {
        let mut path = prefix.to_vec();
        path.push(original.to_owned());
        (path.join("::"), original.to_owned())
    };
    let root = path.split("::").find(|s| !s.is_empty()).unwrap_or_default();
    let kept = rename.as_ref().is_none_or(|r| *r == name);
    let from_std = kept && STD_ROOTS.contains(&root);
    let shown = rename.unwrap_or(name);
    if shown != "_" {
        index
            .origins
            .insert(shown, Origin::Imported { path, from_std });
    }
}

/// Records every `macro_rules!` of `items`, in modules too: `#[macro_export]` puts one
/// at the crate root, where `use super::*;` finds it.
fn macros(items: &[Item], origins: &mut BTreeMap<String, Origin>) {
    for item in items {
        match item {
            Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                if let Some(ident) = &m.ident {
                    let defined = Origin::Defined { macro_rules: true };
                    origins.entry(ident.to_string()).or_insert(defined);
                }
            }
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    macros(inner, origins);
                }
            }
            _ => {}
        }
    }
}

/// The traits an item derives, by the last segment of each path (`PartialEq`).
pub(crate) fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut found = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                found.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    found
}

/// The last segment of a trait path (`PartialEq` of `std::cmp::PartialEq<i64>`).
pub(crate) fn trait_name(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_token_stream().to_string())
        .unwrap_or_default()
}
