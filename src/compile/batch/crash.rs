//! What a told batch whose rustc panicked tells: which members its crash names, or the
//! one it suspects when it names none. Those compile alone; the others share a batch again.

use crate::compile::rustc::{ICE_MARKERS, ICE_MESSAGE};

use super::rendered::{is_module_name, word_positions, Told};
use super::Member;

/// What a batch whose rustc panicked tells, from the crash's text (`details`: what rustc
/// printed): the members named after the panic's marker compile alone, and the others share
/// a batch again. A member is named by its module path (`s0012::`, in a `DefId` or the
/// query stack) or by its file and a line (`<impl at src/a.rs:9:1: 12:14>`, as the query
/// stack names an `impl`). When the text names no member, `Err` with the suspect: the
/// member whose file the last diagnostic before the panic points into (rustc was working
/// on it: lowering reports a nested `impl Trait` just before it panics on that item).
pub(super) fn crashed(details: &str, members: &[Member<'_>]) -> Result<Vec<Told>, Option<usize>> {
    let Some(from) = [ICE_MESSAGE, QUERY_STACK]
        .iter()
        .filter_map(|marker| details.find(marker))
        .min()
    else {
        return Err(None);
    };
    let after = &details[from..];
    let mut named: Vec<bool> = members.iter().map(|m| names_file(after, m.file)).collect();
    for (at, word) in word_positions(after) {
        let path = after[at + word.len()..].starts_with("::");
        let index = word[1..]
            .parse::<usize>()
            .ok()
            .filter(|_| is_module_name(word) && path);
        if let Some(flag) = index.and_then(|i| named.get_mut(i)) {
            *flag = true;
        }
    }
    if !named.contains(&true) {
        return Err(suspect(details, members));
    }
    Ok(named
        .into_iter()
        .map(|alone| if alone { Told::Alone } else { Told::Hidden })
        .collect())
}

/// The member whose file the last `--> FILE:LINE` before rustc's first word of the panic
/// points into.
fn suspect(details: &str, members: &[Member<'_>]) -> Option<usize> {
    let panic = ICE_MARKERS
        .iter()
        .chain([&QUERY_STACK, &"panicked at"])
        .filter_map(|marker| details.find(marker))
        .min()
        .unwrap_or(details.len());
    details[..panic].lines().rev().find_map(|line| {
        let place = line.trim_start().strip_prefix("--> ")?;
        members.iter().position(|m| {
            place
                .strip_prefix(m.file)
                .is_some_and(|rest| rest.starts_with(':'))
        })
    })
}

/// How rustc's list of the queries it was running when it panicked begins.
const QUERY_STACK: &str = "query stack during panic";

/// Whether `text` names the file `path` with a line (`a.rs:9`), as a whole path: not the
/// end of a longer one (`ba.rs:9`, `x/a.rs:9`).
fn names_file(text: &str, path: &str) -> bool {
    text.match_indices(path).any(|(at, _)| {
        let whole = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || "_-./\\".contains(c)));
        let line = text[at + path.len()..]
            .strip_prefix(':')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        whole && line
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn files(count: usize) -> Vec<(PathBuf, String)> {
        (0..count)
            .map(|i| {
                (
                    PathBuf::from(format!("tests/ui/c{i}.rs")),
                    "fn main() {}".to_owned(),
                )
            })
            .collect()
    }

    fn members(files: &[(PathBuf, String)]) -> Vec<Member<'_>> {
        files
            .iter()
            .map(|file| Member {
                file: file.0.to_str().expect("utf-8"),
                files: std::slice::from_ref(file),
                binary: true,
            })
            .collect()
    }

    fn told_of(told: Option<Vec<Told>>) -> Vec<&'static str> {
        let Some(told) = told else {
            return vec!["trouble"];
        };
        told.iter()
            .map(|t| match t {
                Told::Alone => "alone",
                Told::Hidden => "hidden",
                _ => "other",
            })
            .collect()
    }

    #[test]
    fn a_crash_sends_the_members_its_panic_names_alone_and_batches_the_others_again() {
        let three = files(3);
        let crashed = |details: &str| told_of(crashed(details, &members(&three)).ok());
        let details = "error[E0308]: mismatched types\n --> tests/ui/c0.rs:2:5\n\
                       error: internal compiler error: cannot relate bound region: \
                       DefId(0:9 ~ snipcheck_batch[b603]::s0002::Foo)\n\
                       query stack during panic:\n#0 [thir_body] building THIR for `s0002::broken`\n";
        assert_eq!(
            crashed(details),
            ["hidden", "hidden", "alone"],
            "s0000 is named before the panic only"
        );
        let by_file = "thread 'rustc' panicked at compiler/rustc_borrowck/src/lib.rs:1:2:\n\
                       error: the compiler unexpectedly panicked. This is a bug\n\
                       query stack during panic:\n\
                       #0 [mir_borrowck] borrow-checking `<impl at tests/ui/c1.rs:9:1: 12:14>::clone`\n";
        assert_eq!(crashed(by_file), ["hidden", "alone", "hidden"]);
        let unnamed = "error: internal compiler error: cannot relate bound region\n\
                       query stack during panic:\n#0 [analysis] running analysis passes\n";
        assert_eq!(
            crashed(unnamed),
            ["trouble"],
            "nobody named: the batch is halved"
        );
        let after_a_report = format!(
            "error: nested `impl Trait` is not allowed\n  --> tests/ui/c1.rs:3:5\n{unnamed}"
        );
        assert_eq!(
            super::crashed(&after_a_report, &members(&three)).err(),
            Some(Some(1)),
            "nobody named: the member the last report before the panic points into is suspect"
        );
        assert_eq!(super::crashed(unnamed, &members(&three)).err(), Some(None));
        assert_eq!(
            crashed("s0001::x tests/ui/c1.rs:3:1"),
            ["trouble"],
            "no panic"
        );
        assert_eq!(
            crashed("internal compiler error: s0007::x x/tests/ui/c1.rs:1:1 tests/ui/c1.rs:x"),
            ["trouble"],
            "no such member, and no file with a line"
        );
    }
}
