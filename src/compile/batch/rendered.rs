//! A batch whose members keep rustc's rendered output, word for word as each would print
//! it alone (a trybuild case's `.stderr` is made of that text). Each member's file sits at
//! its own relative path, so `-->` lines, `{closure@…}` and line numbers are its own; the
//! crate is a binary with an empty `main`, each member's `main` called after its last line
//! as an entry point must be (a `Termination`); and a sentinel after the members tells whether
//! rustc type-checked at all (a macro-by-example error anywhere stops it after expansion).
//!
//! A member's output is told only where nothing in it can differ alone. rustc's later
//! phases depend on the whole crate in two ways, and names in messages in a third:
//! - after expansion, any macro-by-example error stops everything, and so does, while
//!   types are collected, a trait's place holding no trait: without the sentinel's
//!   warning, no member is told but one with an error that stops rustc after expansion;
//! - before the late lints and the privacy pass, any hard error (one without a lint's
//!   code) stops everything: a member is told only with a hard error of its own, which
//!   stops it there alone too;
//! - a type is printed by its bare name only when that name is unique among the crate's
//!   items and the exports of the crates it names: a member whose messages name by a path
//!   an item whose name another member defines, or that mention the batch's crate or
//!   another member's module, is not told;
//! - a lint's "on by default" note is printed once per run: a member with a lint an
//!   earlier member also raised is told without those notes (`Told::Loose`), good only
//!   where a check compares no text and asks nothing of notes; so is a member whose own
//!   module's prefix stood where rustc's layout may depend on it.
//!
//! A member not told compiles alone.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Component, Path};

use crate::compile::diagnostic::{Diagnostic, Level};
use crate::compile::normalize;
use crate::compile::rustc::Compiled;
use crate::model::expectation::is_error_code;
use crate::model::syntax::lex;
use crate::model::syntax::outline::{self, Namespace};

use super::{module_name, Member, CRATE, ROOT};

/// After the members' modules: the binary's entry, and a function whose unreachable
/// statement rustc reports only when it type-checks. Its lint level is its own, so the
/// command line changes nothing, and the note that comes with it points at its own line
/// rather than using up a member's "on by default".
const TAIL: &str = "
fn main() {}

#[warn(unreachable_code)]
fn snipcheck_sentinel() {
    return;
    let _ = 0;
}
";

/// The sentinel's warning.
const SENTINEL: &str = "unreachable statement";

/// A note rustc prints once per run (`note_once`), with the help it follows: a missing
/// lifetime that a higher-ranked binder could name (`rustc_resolve`'s
/// `add_missing_lifetime_specifiers_label`). A later member with that help would lose it.
const ONCE_NOTE: &str = "https://doc.rust-lang.org/nomicon/hrtb.html";
/// How the help that the once-printed note follows begins, and what it says.
const ONCE_NOTE_AFTER: (&str, &str) = ("consider making the ", "lifetime-generic");

/// What a rendered batch tells of one member.
#[derive(Debug)]
pub(crate) enum Told {
    /// Its diagnostics, rendered as they would be alone.
    Output(Compiled),
    /// Its diagnostics as they would be alone by level, code, place, message and label,
    /// but not by rustc's text (the own module's prefix left where a label's length may
    /// lay the text out otherwise, or in a suggestion), and maybe without a lint's "on by
    /// default" note, which rustc prints once per run and an earlier member printed: good
    /// for a check that compares no text and asks nothing of notes.
    Loose(Compiled),
    /// Nothing this batch printed can stand for its output alone: it compiles alone.
    Alone,
    /// Another member's error may have stopped rustc before this one's: it may share
    /// another batch without the members compiled alone.
    Hidden,
    /// Another member is in the way (`Untold::Crowded`): it may share another batch
    /// without the members told, where what it tells is good as `Loose` is. rustc keeps
    /// caches for the whole crate, and a batch of members alike (the same derive on
    /// alike types) may lay a label out otherwise than alone.
    Crowded,
}

impl Told {
    /// A failed compile's diagnostics as told: word for word, or loose.
    pub(super) fn of(diagnostics: Vec<Diagnostic>, exact: bool) -> Told {
        let compiled = Compiled {
            success: false,
            diagnostics,
        };
        match exact {
            true => Told::Output(compiled),
            false => Told::Loose(compiled),
        }
    }
}

/// Writes the crate: each member's one file at its own relative path, declared as
/// module `sNNNN` by that path. Two members at one path, or a path that leaves the batch's
/// directory, cannot share it.
pub(super) fn write_crate(dir: &Path, members: &[Member<'_>]) -> io::Result<()> {
    let mut root = String::new();
    let mut paths = BTreeSet::new();
    for (i, member) in members.iter().enumerate() {
        let [(rel, text)] = member.files else {
            return Err(io::Error::other(
                "a rendered batch takes one file per member",
            ));
        };
        let inside = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !inside || !paths.insert(rel) {
            return Err(io::Error::other(format!(
                "{} cannot share a batch",
                rel.display()
            )));
        }
        let to = dir.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&to, format!("{text}{}", super::ENTRY))?;
        let path = rel.to_string_lossy().replace('\\', "/");
        root.push_str(&format!("#[path = {path:?}]\nmod {};\n", module_name(i)));
    }
    root.push_str(TAIL);
    std::fs::write(dir.join(ROOT), root)
}

/// Tells each member's output of a batch that rustc type-checked (`split`) where it is
/// the output alone.
pub(super) fn typechecked(split: Split, members: &[Member<'_>]) -> Option<Vec<Told>> {
    let Split {
        per_member, strays, ..
    } = split;
    let names: Vec<BTreeSet<(Namespace, String)>> = members.iter().map(names_of).collect();
    let mut lints_before = BTreeSet::new();
    let mut once_before = false;
    let mut told = Vec::new();
    for (i, diagnostics) in per_member.into_iter().enumerate() {
        // Another member defines an item of this name: alone the name may be unique, and
        // an item of that name print bare; in the batch it is not. A standard crate's
        // item is already ambiguous alone where this member defines the name in the same
        // namespace; the member's own item, anywhere but at its top, is not.
        let others = |word: &str, standard: bool| {
            names.iter().enumerate().any(|(j, theirs)| {
                j != i
                    && theirs.iter().any(|(ns, n)| {
                        n == word && !(standard && names[i].contains(&(*ns, n.clone())))
                    })
            })
        };
        let lints = lint_codes(&diagnostics);
        let fresh = lints.is_disjoint(&lints_before);
        let once_fresh = !once_before || !follows_a_once_note(&diagnostics);
        once_before |= printed_a_once_note(&diagnostics);
        lints_before.extend(lints);
        let module = module_name(i);
        let hard = has_hard_error(&diagnostics);
        let alone = member_alone(diagnostics, (&module, members[i].file), members, &others);
        told.push(match alone {
            // Its only errors are lints, which another member's hard error may have kept
            // rustc from checking; or its error is about its module in the root.
            _ if !hard || strays[i] => Told::Alone,
            Ok((diagnostics, exact)) if once_fresh => Told::of(diagnostics, exact && fresh),
            // Another member printed the note first, or is named: without it, it may be
            // told.
            Ok(_) => Told::Hidden,
            Err(Untold::Crowded) => Told::Crowded,
            Err(Untold::Never) => Told::Alone,
        });
    }
    // Some member must leave, or the same batch would be compiled again.
    if told
        .iter()
        .all(|t| matches!(t, Told::Hidden | Told::Crowded))
    {
        return Some(told.into_iter().map(|_| Told::Alone).collect());
    }
    Some(told)
}

/// A member's diagnostics as they would be alone (its module and file given), and whether
/// word for word; `Untold` where the batch may have changed them (`Never` first). A note
/// at another member's item (a trait of its that has the method asked for) is there only
/// because that member is.
pub(super) fn member_alone(
    diagnostics: Vec<Diagnostic>,
    (module, file): (&str, &str),
    members: &[Member<'_>],
    others: &impl Fn(&str, bool) -> bool,
) -> Result<(Vec<Diagnostic>, bool), Untold> {
    let crowded = diagnostics
        .iter()
        .any(|d| points_into_another(d, file, members));
    let mut exact = true;
    let alone = diagnostics
        .into_iter()
        .map(|d| {
            let (d, word_for_word) = as_alone(d, module, others)?;
            exact &= word_for_word;
            Ok(d)
        })
        .collect::<Result<Vec<Diagnostic>, Untold>>()?;
    match crowded {
        true => Err(Untold::Crowded),
        false => Ok((alone, exact)),
    }
}

/// A batch's diagnostics by member, as a rendered batch reads them.
pub(super) struct Split {
    /// Each member's diagnostics, by the file they point into.
    pub(super) per_member: Vec<Vec<Diagnostic>>,
    /// The members with an error rustc placed at their `mod` line in the batch's root
    /// (an error about the module itself): what alone would stand elsewhere.
    pub(super) strays: Vec<bool>,
    /// Whether the sentinel's warning came: rustc got to type checking.
    pub(super) typechecked: bool,
}

/// Splits a batch's diagnostics by member; `None` when one belongs to no member: neither
/// in a member's file nor at a member's `mod` line in the root (`write_crate` gives each
/// member two lines there, its `#[path]` and its `mod`), nor the sentinel's.
pub(super) fn split(compiled: Compiled, members: &[Member<'_>]) -> Option<Split> {
    let index: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.file, i))
        .collect();
    let mut per_member: Vec<Vec<Diagnostic>> = vec![Vec::new(); members.len()];
    let mut strays = vec![false; members.len()];
    let mut typechecked = false;
    for d in compiled.diagnostics.into_iter().filter(|d| !d.is_summary()) {
        match d.file.as_deref() {
            Some(ROOT) if d.level != Level::Error => typechecked |= d.message == SENTINEL,
            Some(ROOT) => {
                let line = usize::try_from(d.line?).ok()?;
                *strays.get_mut(line.checked_sub(1)? / 2)? = true;
            }
            Some(file) => per_member.get_mut(*index.get(file)?)?.push(d),
            None => return None,
        }
    }
    Some(Split {
        per_member,
        strays,
        typechecked,
    })
}

/// Whether a text's tokens may join a rendered batch, besides being safe as a module: no
/// `macro_rules!` and no glob import, whose names (those a macro defines, those a glob
/// brings in) are not known from the text, and could make another member's type names
/// print in full.
pub(super) fn names_known(tokens: &[lex::Token<'_>]) -> bool {
    !outline::has_glob_import(tokens) && !tokens.iter().any(|t| t.is_word("macro_rules"))
}

/// The names a member's items define, with their namespace.
fn names_of(member: &Member<'_>) -> BTreeSet<(Namespace, String)> {
    let Some((_, text)) = member.files.first() else {
        return BTreeSet::new();
    };
    outline::defined_names(&lex::tokens(text))
        .into_iter()
        .map(|(ns, name)| (ns, name.to_owned()))
        .collect()
}

/// A member's diagnostic as it reads alone, and whether word for word (its rendered text
/// too); `Err` when the batch changed more than can be undone. rustc names the member's
/// items from the crate root, through its module (`s0007::MyError` where alone it says
/// `MyError`): that prefix is removed from messages (the header, a note, a help) and
/// labels, whose texts are printed as they are, and from the rendered text. The rendered
/// text is the text alone only when every prefix in it stood in a message or in a label
/// alone on its source line in a narrow diagnostic (`in_lone_labels`): elsewhere (a label
/// beside another, whose length decides where rustc lays them out; a suggestion) the
/// text alone may differ in more than the prefix. Another member's module or the batch's
/// crate anywhere undoes everything, and so does a message or label that, mended, names by
/// its path an item whose name another member's item also has (`others`): the member's own
/// item in a nested module or function (`b::A`, `main::Foo`), or an extern crate's
/// (`std::rc::Rc`), prints by its bare name alone when that name is unique.
fn as_alone(
    mut d: Diagnostic,
    module: &str,
    others: &impl Fn(&str, bool) -> bool,
) -> Result<(Diagnostic, bool), Untold> {
    let untold = |d: &Diagnostic| match messages(d)
        .chain(label_texts(d))
        .any(|text| names_another_module(text, module))
    {
        true => Untold::Crowded,
        false => Untold::Never,
    };
    let in_messages: Option<usize> = messages(&d).map(|m| own_prefixes(m, module)).sum();
    let in_labels = label_texts(&d)
        .into_iter()
        .try_for_each(|l| own_prefixes(l, module).map(drop));
    // Colours sit right before words (`\x1b[92ms0007::`): count in the plain text.
    let plain = normalize::strip_ansi(&d.rendered);
    let (Some(in_messages), Some(()), Some(in_rendered)) =
        (in_messages, in_labels, own_prefixes(&plain, module))
    else {
        return Err(untold(&d));
    };
    let word_for_word = in_rendered == in_messages + in_lone_labels(&d, &plain, module);
    let prefix = format!("{module}::");
    d.rendered = without_prefix(&d.rendered, &prefix);
    strip_texts(&mut d, &prefix);
    match names_another(&d, others) {
        true => Err(Untold::Crowded),
        false => Ok((d, word_for_word)),
    }
}

/// Why a member's diagnostic cannot be told as it reads alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Untold {
    /// Another member is in the way: it names that member's module, or an item by a path
    /// because another member defines an item of that name. In a batch without those
    /// members it may be told.
    Crowded,
    /// The batch itself is in the way (its crate's name, the member's own module named
    /// otherwise than as a prefix): no batch tells it.
    Never,
}

/// Whether a diagnostic, a child or a span label of it points into the batch's root or
/// another member's file than `own`.
fn points_into_another(d: &Diagnostic, own: &str, members: &[Member<'_>]) -> bool {
    let another =
        |file: &str| file != own && (file == ROOT || members.iter().any(|m| m.file == file));
    d.file.as_deref().is_some_and(another)
        || d.labels.iter().any(|l| another(&l.file))
        || d.children
            .iter()
            .any(|c| points_into_another(c, own, members))
}

/// Whether a text names a member's module other than `module`.
fn names_another_module(text: &str, module: &str) -> bool {
    word_positions(text).any(|(_, word)| is_module_name(word) && word != module)
}

/// Quoted source lines narrower than this leave rustc no reason to cut them, whatever the
/// length of a label (it cuts only code wider than `--diagnostic-width` less the gutter,
/// and trybuild's width is 140).
const NARROW: usize = 100;

/// How often the own module's prefix stands in a label that is alone on its source line:
/// the line under the code holds one run of `^` or `-` (or ends the one multi-line span,
/// `| |____^`) and the label right after it, so no other annotation's place depends on
/// the label's length. None counts when a quoted line of the diagnostic is not narrow,
/// where a label's length may decide how the code is cut. `plain` is the diagnostic's
/// rendered text without its colours.
fn in_lone_labels(d: &Diagnostic, plain: &str, module: &str) -> usize {
    let quoted = |line: &&str| {
        let numbered = line
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit());
        numbered.len() < line.trim_start().len() && numbered.starts_with(" |")
    };
    if plain
        .lines()
        .filter(quoted)
        .any(|l| l.chars().count() > NARROW)
    {
        return 0;
    }
    let texts = label_texts(d);
    plain
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix('|')?.trim_start();
            // The end of the one multi-line span: `| |_____^ label`.
            let rest = match rest.strip_prefix('|') {
                Some(end) => {
                    let bar = end.len() - end.trim_start_matches('_').len();
                    end.get(bar..).filter(|_| bar > 0)?
                }
                None => rest,
            };
            let markers = rest.len() - rest.trim_start_matches(['^', '-']).len();
            let text = rest[markers..].strip_prefix(' ')?;
            let labelled = markers > 0 && texts.contains(&text);
            own_prefixes(text, module).filter(|_| labelled)
        })
        .sum()
}

/// The texts of a diagnostic's labels and its children's.
fn label_texts(d: &Diagnostic) -> Vec<&str> {
    let mut texts: Vec<&str> = d.label.as_deref().into_iter().collect();
    texts.extend(d.labels.iter().map(|l| l.text.as_str()));
    texts.extend(d.children.iter().flat_map(label_texts));
    texts
}

/// The messages of a diagnostic and of its children, at any depth.
fn messages(d: &Diagnostic) -> Box<dyn Iterator<Item = &str> + '_> {
    Box::new(std::iter::once(d.message.as_str()).chain(d.children.iter().flat_map(messages)))
}

/// How often `text` names the member's own module as a path's prefix (`s0007::`); `None`
/// when it has a batch word otherwise (another member's module, the crate, the own
/// module not followed by `::`).
fn own_prefixes(text: &str, module: &str) -> Option<usize> {
    let mut own = 0;
    for (at, word) in word_positions(text) {
        if word == CRATE || is_module_name(word) {
            let prefix = word == module && text[at + word.len()..].starts_with("::");
            if !prefix {
                return None;
            }
            own += 1;
        }
    }
    Some(own)
}

/// Whether a message or label of `d` (or of a child) may name an item by its path because
/// another member defines an item of that name: a word after `::` that `others` holds,
/// told whether its path starts at a standard crate (`std`, `core`, `alloc`).
/// rustc prints an item by its bare name when no other item, in the crate or the crates
/// it names, has that name; other members' items only add names, so they can turn a bare
/// name into a path (`std::rc::Rc` for `Rc`), never the other way round, and a word that
/// no path ends (a local, a field, a lifetime, the member's own top-level item once its
/// module is taken off) reads the same either way.
fn names_another(d: &Diagnostic, others: &impl Fn(&str, bool) -> bool) -> bool {
    messages(d)
        .chain(label_texts(d))
        .flat_map(path_tails)
        .any(|(word, root)| others(word, STANDARD_CRATES.contains(&root)))
}

/// The crates whose items a path may start at in every member alike.
const STANDARD_CRATES: &[&str] = &["std", "core", "alloc"];

/// The words of a text that end a path (those right after `::`), each with the word its
/// path starts at (`std` for `Rc` in `std::rc::Rc`; empty when the path starts otherwise,
/// as `<impl [T]>::sort_by` does).
fn path_tails(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    word_positions(text)
        .filter(|&(at, _)| text[..at].ends_with("::"))
        .map(move |(at, word)| {
            let mut start = at;
            while let Some(before) = text[..start].strip_suffix("::") {
                let from = before.trim_end_matches(ident).len();
                if from == before.len() {
                    return (word, "");
                }
                start = from;
            }
            let root = &text[start..];
            (
                word,
                &root[..root.find(|c: char| !ident(c)).unwrap_or(root.len())],
            )
        })
}

/// `text` without `prefix` wherever it starts a word, a colour's escape sequence before
/// it included.
fn without_prefix(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        out.push_str(&rest[..at]);
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        if without_trailing_colour(&out).ends_with(ident) {
            out.push_str(prefix);
        }
        rest = &rest[at + prefix.len()..];
    }
    out.push_str(rest);
    out
}

/// `text` without the escape sequence that ends it, if any (`\x1b[1;92m`).
fn without_trailing_colour(text: &str) -> &str {
    let Some(body) = text.strip_suffix('m') else {
        return text;
    };
    let params = body.trim_end_matches(|c: char| c.is_ascii_digit() || c == ';');
    params.strip_suffix("\x1b[").unwrap_or(text)
}

/// Removes `prefix` from the messages and labels of `d` and its children.
fn strip_texts(d: &mut Diagnostic, prefix: &str) {
    d.message = without_prefix(&d.message, prefix);
    d.label = d.label.as_deref().map(|l| without_prefix(l, prefix));
    for label in &mut d.labels {
        label.text = without_prefix(&label.text, prefix);
    }
    for child in &mut d.children {
        strip_texts(child, prefix);
    }
}

/// `s0042`, as `module_name` writes it.
pub(super) fn is_module_name(word: &str) -> bool {
    word.len() == 5 && word.starts_with('s') && word[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The identifier-like words of a text, each with its byte offset.
pub(super) fn word_positions(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut found = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric() || c == '_', start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                found.push((from, &text[from..at]));
                start = None;
            }
            _ => {}
        }
    }
    found.into_iter()
}

/// A hard error: one that no lint raised (an `E` code, or no code at all).
fn has_hard_error(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.level == Level::Error && d.code.as_deref().is_none_or(is_error_code))
}

/// The lints a member's diagnostics were raised by.
pub(super) fn lint_codes(diagnostics: &[Diagnostic]) -> BTreeSet<String> {
    diagnostics
        .iter()
        .filter(|d| matches!(d.level, Level::Warning | Level::Error))
        .filter_map(|d| d.code.clone())
        .filter(|c| !is_error_code(c))
        .collect()
}

/// Whether a member printed rustc's once-per-run note: a later member with the help it
/// follows could have lost it.
fn printed_a_once_note(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.children.iter().any(|c| c.message.contains(ONCE_NOTE)))
}

/// Whether a member has the help that rustc's once-per-run note follows (alone, the
/// note would follow it).
fn follows_a_once_note(diagnostics: &[Diagnostic]) -> bool {
    let (start, words) = ONCE_NOTE_AFTER;
    diagnostics.iter().any(|d| {
        d.children
            .iter()
            .any(|c| c.message.starts_with(start) && c.message.contains(words))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn error(file: &str, code: Option<&str>, message: &str) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            code: code.map(str::to_owned),
            message: message.to_owned(),
            file: Some(file.to_owned()),
            line: Some(1),
            column: Some(1),
            label: None,
            children: vec![],
            rendered: format!("error: {message}\n --> {file}:1:1\n"),
            labels: Vec::new(),
        }
    }

    fn sentinel() -> Diagnostic {
        Diagnostic {
            level: Level::Warning,
            code: Some("unreachable_code".to_owned()),
            ..error(ROOT, None, SENTINEL)
        }
    }

    fn told_of(told: Option<Vec<Told>>) -> Vec<&'static str> {
        let Some(told) = told else {
            return vec!["trouble"];
        };
        told.iter()
            .map(|t| match t {
                Told::Output(_) => "output",
                Told::Loose(_) => "loose",
                Told::Alone => "alone",
                Told::Hidden => "hidden",
                Told::Crowded => "crowded",
            })
            .collect()
    }

    fn members(files: &[(PathBuf, String)]) -> Vec<Member<'_>> {
        files
            .iter()
            .map(|(rel, _)| Member {
                file: rel.to_str().expect("utf-8"),
                files: std::slice::from_ref(files.iter().find(|(r, _)| r == rel).expect("file")),
                binary: true,
            })
            .collect()
    }

    fn told(diagnostics: Vec<Diagnostic>, files: &[(PathBuf, String)]) -> Vec<&'static str> {
        let members = members(files);
        let compiled = Compiled {
            success: false,
            diagnostics,
        };
        told_of(super::super::rendered_told(compiled, &members))
    }

    fn files(texts: &[&str]) -> Vec<(PathBuf, String)> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (PathBuf::from(format!("tests/ui/c{i}.rs")), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn a_member_with_a_hard_error_of_its_own_is_told() {
        let two = files(&["struct A;\nfn main() {}", "struct B;\nfn main() {}"]);
        let e0308 = error("tests/ui/c0.rs", Some("E0308"), "mismatched types");
        let lint = Diagnostic {
            code: Some("overflowing_literals".to_owned()),
            ..error("tests/ui/c1.rs", None, "literal out of range for `u8`")
        };
        assert_eq!(
            told(vec![e0308.clone(), lint, sentinel()], &two),
            ["output", "alone"]
        );
        let codeless = error(
            "tests/ui/c1.rs",
            None,
            "missing #[error(\"...\")] display attribute",
        );
        assert_eq!(
            told(vec![e0308.clone(), codeless, sentinel()], &two),
            ["output", "output"]
        );
    }

    #[test]
    fn without_the_sentinel_only_errors_that_stop_rustc_are_told() {
        let two = files(&["fn main() {}", "fn main() {}"]);
        let macro_error = error("tests/ui/c0.rs", None, "no rules expected `x`");
        let parse_error = error(
            "tests/ui/c0.rs",
            None,
            "expected one of `!` or `::`, found `x`",
        );
        let e0308 = error("tests/ui/c1.rs", Some("E0308"), "mismatched types");
        assert_eq!(
            told(vec![macro_error, e0308.clone()], &two),
            ["output", "hidden"],
            "a macro that matches no rule stops rustc alone too"
        );
        assert_eq!(
            told(vec![parse_error.clone(), e0308.clone()], &two),
            ["alone", "hidden"],
            "a codeless error may be what stopped rustc"
        );
        let bound = error(
            "tests/ui/c0.rs",
            Some("E0405"),
            "cannot find trait `Unknown` in this scope",
        );
        assert_eq!(
            told(vec![bound.clone(), e0308.clone()], &two),
            ["alone", "hidden"],
            "a bound naming no trait stops rustc where types are collected"
        );
        let three = files(&["fn main() {}", "fn main() {}", "fn main() {}"]);
        let parse_error = Diagnostic {
            file: Some("tests/ui/c1.rs".to_owned()),
            ..parse_error
        };
        assert_eq!(
            told(vec![bound, parse_error, e0308.clone()], &three),
            ["alone", "hidden", "hidden"],
            "c0 is known to stop rustc: c1's codeless error need not have"
        );
        assert_eq!(
            told(vec![e0308], &two),
            ["trouble"],
            "no member may be batched again as it was"
        );
    }

    #[test]
    fn names_only_the_batch_has_keep_a_member_apart() {
        let two = files(&["struct Error;\nfn main() {}", "fn main() {}"]);
        let std_error = error(
            "tests/ui/c1.rs",
            Some("E0277"),
            "`std::fmt::Error` doesn't implement `Display`",
        );
        let own = error(
            "tests/ui/c0.rs",
            Some("E0277"),
            "`Error` doesn't implement `Display`",
        );
        assert_eq!(
            told(vec![own.clone(), std_error.clone(), sentinel()], &two),
            ["output", "crowded"],
            "c1 names by its path an `Error` whose name c0's item shares: without c0, it \
             may be told"
        );
        let crossed = files(&["struct A;\nfn main() {}", "struct B;\nfn main() {}"]);
        let names = |file: &str, path: &str| {
            error(
                file,
                Some("E0277"),
                &format!("`{path}` doesn't implement `Display`"),
            )
        };
        assert_eq!(
            told(
                vec![
                    names("tests/ui/c0.rs", "std::x::B"),
                    names("tests/ui/c1.rs", "std::y::A"),
                    sentinel()
                ],
                &crossed
            ),
            ["alone", "alone"],
            "each is in the other's way: nobody would leave, so both go alone"
        );
        let ambiguous_alone = error(
            "tests/ui/c0.rs",
            Some("E0277"),
            "the trait bound `Error: std::error::Error` is not satisfied",
        );
        assert_eq!(
            told(vec![ambiguous_alone, sentinel()], &two),
            ["output", "alone"],
            "c0's own `Error` makes `std`'s print by its path alone too"
        );
        let bare = error(
            "tests/ui/c1.rs",
            Some("E0382"),
            "use of moved value: `Error`",
        );
        assert_eq!(
            told(vec![own.clone(), bare, sentinel()], &two),
            ["output", "output"],
            "a bare word is printed the same alone"
        );
        let nested = files(&[
            "mod b { pub struct Error; }\nfn main() {}",
            "struct Error;\nfn main() {}",
        ]);
        let by_path = error(
            "tests/ui/c0.rs",
            Some("E0603"),
            "tuple struct constructor `s0000::b::Error` is private",
        );
        assert_eq!(
            told(vec![by_path, sentinel()], &nested),
            ["crowded", "alone"],
            "alone, c0's own `b::Error` may be printed `Error`: without c1, it may be told"
        );
        let module = error("tests/ui/c1.rs", Some("E0425"), "cannot find `s0000::x`");
        assert_eq!(
            told(vec![own.clone(), module, sentinel()], &two),
            ["output", "crowded"],
            "c1 names c0's module: without c0, it may be told"
        );
        let krate = error(
            "tests/ui/c1.rs",
            Some("E0601"),
            "`main` function not found in crate `snipcheck_batch`",
        );
        assert_eq!(
            told(vec![own, krate, sentinel()], &two),
            ["output", "alone"]
        );
    }

    #[test]
    fn a_lint_an_earlier_member_raised_is_told_without_its_notes() {
        let two = files(&["fn main() {}", "fn main() {}"]);
        let unused = |file: &str| Diagnostic {
            level: Level::Warning,
            code: Some("unused_imports".to_owned()),
            ..error(file, None, "unused import: `std::fmt`")
        };
        let e = |file: &str| error(file, Some("E0308"), "mismatched types");
        let both = vec![
            unused("tests/ui/c0.rs"),
            e("tests/ui/c0.rs"),
            unused("tests/ui/c1.rs"),
            e("tests/ui/c1.rs"),
            sentinel(),
        ];
        assert_eq!(told(both, &two), ["output", "loose"]);
    }

    #[test]
    fn a_member_that_would_print_a_once_only_note_after_another_is_not_told() {
        let three = files(&["fn main() {}", "fn main() {}", "fn main() {}"]);
        let child = |message: &str| Diagnostic {
            level: Level::Help,
            file: None,
            line: None,
            ..error("", None, message)
        };
        let missing = |file: &str, children: Vec<Diagnostic>| Diagnostic {
            children,
            ..error(file, Some("E0106"), "missing lifetime specifier")
        };
        let help = child("consider making the type lifetime-generic with a new `'a` lifetime");
        let note = child(&format!(
            "for more information on higher-ranked polymorphism, visit {ONCE_NOTE}"
        ));
        let all = vec![
            missing("tests/ui/c0.rs", vec![help.clone(), note]),
            error("tests/ui/c1.rs", Some("E0308"), "mismatched types"),
            missing("tests/ui/c2.rs", vec![help]),
            sentinel(),
        ];
        assert_eq!(
            told(all, &three),
            ["output", "output", "hidden"],
            "in a batch where it comes first, c2 may be told"
        );
    }

    #[test]
    fn a_diagnostic_of_no_member_is_trouble() {
        let two = files(&["fn main() {}", "fn main() {}"]);
        let stray = error("src/lib.rs", Some("E0308"), "mismatched types");
        assert_eq!(told(vec![stray, sentinel()], &two), ["trouble"]);
        let at_root = |line: u32| Diagnostic {
            line: Some(line),
            ..error(ROOT, Some("E0283"), "type annotations needed")
        };
        let e0308 = error("tests/ui/c0.rs", Some("E0308"), "mismatched types");
        assert_eq!(
            told(vec![e0308.clone(), at_root(4), sentinel()], &two),
            ["output", "alone"],
            "an error at c1's `mod` line sends c1 alone"
        );
        assert_eq!(
            told(vec![e0308, at_root(99), sentinel()], &two),
            ["trouble"]
        );
    }

    #[test]
    fn two_members_at_one_path_cannot_share_a_batch() {
        let dir = tempfile::tempdir().expect("temp dir");
        let same = vec![(PathBuf::from("tests/ui/a.rs"), "fn main() {}".to_owned())];
        let member = Member {
            file: "tests/ui/a.rs",
            files: &same,
            binary: true,
        };
        assert!(write_crate(dir.path(), &[member, member]).is_err());
        let outside = vec![(PathBuf::from("../a.rs"), "fn main() {}".to_owned())];
        let escaping = Member {
            file: "../a.rs",
            files: &outside,
            binary: true,
        };
        assert!(write_crate(dir.path(), &[escaping]).is_err());
        assert!(write_crate(dir.path(), &[member]).is_ok());
        let root = std::fs::read_to_string(dir.path().join(ROOT)).expect("root");
        assert!(
            root.starts_with("#[path = \"tests/ui/a.rs\"]\nmod s0000;\n"),
            "{root}"
        );
    }

    #[test]
    fn the_own_module_leaves_messages_and_lone_labels_word_for_word() {
        let one = files(&["struct Book;\nfn main() {}"]);
        let message = "`s0000::Book` doesn't implement `std::fmt::Display`";
        let mut in_message = error("tests/ui/c0.rs", Some("E0277"), message);
        in_message.rendered = format!("error[E0277]: {message}\n --> tests/ui/c0.rs:1:1\n");
        let compiled = |d: Diagnostic| Compiled {
            success: false,
            diagnostics: vec![d, sentinel()],
        };
        fn member(files: &[(PathBuf, String)]) -> Member<'_> {
            Member {
                file: "tests/ui/c0.rs",
                files: std::slice::from_ref(&files[0]),
                binary: true,
            }
        }
        let told = super::super::rendered_told(compiled(in_message.clone()), &[member(&one)])
            .expect("told");
        let [Told::Output(output)] = told.as_slice() else {
            panic!("{told:?}");
        };
        assert_eq!(
            output.diagnostics[0].message,
            "`Book` doesn't implement `std::fmt::Display`"
        );
        assert_eq!(
            output.diagnostics[0].rendered,
            "error[E0277]: `Book` doesn't implement `std::fmt::Display`\n --> tests/ui/c0.rs:1:1\n"
        );
        // A label that is no label of the diagnostic's (a text rustc printed otherwise).
        let mut unknown = in_message.clone();
        unknown
            .rendered
            .push_str("  |   ^^^^ `s0000::Book` cannot be formatted\n");
        assert_eq!(
            told_of(super::super::rendered_told(
                compiled(unknown),
                &[member(&one)]
            )),
            ["loose"]
        );
        let label = "`s0000::Book` cannot be formatted";
        let mut lone = in_message;
        lone.labels = vec![crate::compile::diagnostic::SpanLabel {
            file: "tests/ui/c0.rs".to_owned(),
            line: 1,
            text: label.to_owned(),
        }];
        lone.rendered
            .push_str(&format!("1 | Book\n  | ^^^^ {label}\n"));
        let told =
            super::super::rendered_told(compiled(lone.clone()), &[member(&one)]).expect("told");
        let [Told::Output(output)] = told.as_slice() else {
            panic!("{told:?}");
        };
        assert!(output.diagnostics[0]
            .rendered
            .ends_with("  | ^^^^ `Book` cannot be formatted\n"));
        let mut coloured = lone.clone();
        coloured
            .rendered
            .push_str("help: use\n1 + \x1b[92ms0000::Book\x1b[0m\n");
        coloured.children = vec![Diagnostic {
            level: Level::Help,
            ..error("tests/ui/c0.rs", None, "use")
        }];
        assert_eq!(
            told_of(super::super::rendered_told(
                compiled(coloured),
                &[member(&one)]
            )),
            ["loose"],
            "a prefix after a colour, in a suggestion"
        );
        assert_eq!(
            output.diagnostics[0].labels[0].text,
            "`Book` cannot be formatted"
        );
        let variant = |from: &str, to: &str, more: &str| {
            let mut d = lone.clone();
            d.rendered = d.rendered.replace(from, to) + more;
            told_of(super::super::rendered_told(compiled(d), &[member(&one)]))
        };
        assert_eq!(
            variant("| ^^^^ ", "| ^^^^ -- ", ""),
            ["loose"],
            "beside another"
        );
        assert_eq!(variant("| ^^^^ ", "| |_^ ", ""), ["output"], "a span's end");
        assert_eq!(
            variant("| ^^^^ ", "| | |_^ ", ""),
            ["loose"],
            "inside another span"
        );
        let long = "x".repeat(NARROW);
        assert_eq!(variant("", "", &format!("  = note: {long}\n")), ["output"]);
        assert_eq!(
            variant("", "", &format!("1 | {long}\n")),
            ["loose"],
            "wide code"
        );
        let mut another = lone.clone();
        another.labels[0].text = "`s0001::Book` cannot be formatted".to_owned();
        assert_eq!(
            told_of(super::super::rendered_told(
                compiled(another),
                &[member(&one)]
            )),
            ["alone"],
            "another member's module in a label"
        );
        assert_eq!(
            without_prefix("as0000::x s0000::y", "s0000::"),
            "as0000::x y"
        );
    }
}
