//! A told batch that rustc stopped before type checking: an error after expansion or while
//! types are collected stops everything, so which members can be told depends on which
//! errors stop rustc, and whose they are.

use crate::compile::diagnostic::{Diagnostic, Level};

use super::module_name;
use super::rendered::{lint_codes, member_alone, Told};
use super::Member;

/// The messages of the errors that stop rustc after expansion (`nb_macro_errors`): a
/// macro by example that matches no rule, a recursion limit, a macro in the wrong place.
/// A member with one stops there alone too.
const STOPS_AFTER_EXPANSION: &[&str] = &[
    "no rules expected ",
    "unexpected end of macro invocation",
    "local ambiguity when calling macro ",
    "recursion limit reached while expanding ",
];

/// The codes of the errors that stop rustc at once while it collects types: a path in a
/// trait's place that names no trait (`impl Unknown for S`, `T: SomeStruct`) leaves nothing
/// to lower (`FatalError` in `hir_ty_lowering`). Other members' items may then be checked
/// in part or not at all; the member itself, alone, stops at the same item.
const STOPS_IN_COLLECTION: &[&str] = &["E0404", "E0405"];

/// How the messages of `STOPS_IN_COLLECTION` begin (`expected trait, found struct `S``,
/// `cannot find trait `T` in this scope`), for an expected error that names no code.
const STOPS_IN_COLLECTION_MESSAGES: &[&str] = &["expected trait, found ", "cannot find trait "];

/// The shortest expected message that may stand for a longer one that stops rustc: an
/// annotation's message is a part of rustc's (`expected trait` for `expected trait, found
/// struct `S``); a shorter one (`expected`) says nothing of which error it is.
const SHORTEST_PART: usize = "expected trait".len();

/// Whether an expected error (its code and message, as a check gives them) is one that
/// stops rustc before type checking, in a batch every member's checks with it: a check
/// that expects one compiles alone from the start, rather than stopping a batch whose
/// other members must then share another.
pub(crate) fn stops_rustc(code: Option<&str>, message: Option<&str>) -> bool {
    let coded = code.is_some_and(|c| STOPS_IN_COLLECTION.contains(&c));
    let worded = message.is_some_and(|m| {
        STOPS_AFTER_EXPANSION
            .iter()
            .chain(STOPS_IN_COLLECTION_MESSAGES)
            .any(|stop| m.starts_with(stop) || m.len() >= SHORTEST_PART && stop.starts_with(m))
    });
    coded || worded
}

/// What a batch rustc stopped before type checking tells. A member with an error known
/// to stop rustc explains why it stopped: a member with another codeless error need not
/// have, and may share another batch. `None` when every member would share it again.
pub(super) fn batch(
    per_member: Vec<Vec<Diagnostic>>,
    strays: &[bool],
    members: &[Member<'_>],
) -> Option<Vec<Told>> {
    let explained = per_member.iter().any(|d| Stops::of(d).known());
    let told: Vec<Told> = per_member
        .into_iter()
        .enumerate()
        .map(|(i, d)| match strays[i] {
            true => Told::Alone,
            false => member(d, (&module_name(i), members[i].file), members, explained),
        })
        .collect();
    // Some member must leave, or the same batch would be compiled again.
    told.iter()
        .any(|t| !matches!(t, Told::Hidden))
        .then_some(told)
}

/// A member of a batch that stopped before type checking: one with an error that stops
/// rustc after expansion is told (alone it stops at the same place, every member's
/// expansion done); one that stops rustc while it collects types compiles alone, and so
/// does one with another codeless error, which may be what stopped it, unless the batch
/// holds a member known to stop it (`explained`); the others may have lost their later
/// errors, and are batched again without the members that leave.
fn member(
    diagnostics: Vec<Diagnostic>,
    (module, file): (&str, &str),
    members: &[Member<'_>],
    explained: bool,
) -> Told {
    let stops = Stops::of(&diagnostics);
    let codeless = diagnostics
        .iter()
        .any(|d| d.level == Level::Error && d.code.is_none());
    if stops.after_expansion && lint_codes(&diagnostics).is_empty() {
        let no_names = |_: &str, _: bool| false;
        if let Ok((alone, exact)) = member_alone(diagnostics, (module, file), members, &no_names) {
            return Told::of(alone, exact);
        }
    }
    match stops.known() || codeless && !explained {
        true => Told::Alone,
        false => Told::Hidden,
    }
}

/// The errors of a member that stop rustc before type checking.
#[derive(Debug, Clone, Copy)]
struct Stops {
    /// One that stops it after expansion (`STOPS_AFTER_EXPANSION`).
    after_expansion: bool,
    /// One that stops it while it collects types (`STOPS_IN_COLLECTION`).
    in_collection: bool,
}

impl Stops {
    fn of(diagnostics: &[Diagnostic]) -> Stops {
        let errors = || diagnostics.iter().filter(|d| d.level == Level::Error);
        Stops {
            after_expansion: errors().any(|d| {
                d.code.is_none()
                    && STOPS_AFTER_EXPANSION
                        .iter()
                        .any(|m| d.message.starts_with(m))
            }),
            in_collection: errors().any(|d| {
                d.code
                    .as_deref()
                    .is_some_and(|c| STOPS_IN_COLLECTION.contains(&c))
            }),
        }
    }

    /// Whether any is there.
    fn known(self) -> bool {
        self.after_expansion || self.in_collection
    }
}

#[cfg(test)]
mod tests {
    use super::stops_rustc;

    #[test]
    fn an_expected_error_that_stops_rustc_is_known_by_code_or_words() {
        assert!(stops_rustc(Some("E0405"), None));
        assert!(stops_rustc(
            None,
            Some("expected trait, found struct `Foo`")
        ));
        assert!(
            stops_rustc(None, Some("expected trait")),
            "a part of the message"
        );
        assert!(stops_rustc(
            None,
            Some("cannot find trait `Oops` in this scope")
        ));
        assert!(stops_rustc(None, Some("no rules expected `,`")));
        assert!(!stops_rustc(None, Some("expected")), "too short to tell");
        assert!(!stops_rustc(
            Some("E0308"),
            Some("expected type, found struct")
        ));
        assert!(!stops_rustc(
            None,
            Some("cannot find type `T` in this scope")
        ));
    }
}
