//! rustc's rendered diagnostics normalised the way trybuild normalises them, so that a
//! trybuild suite's `.stderr` snapshots can be checked unchanged. One output becomes a
//! set of variations, one per normalisation step trybuild has shipped, each applying every
//! step up to its own: a snapshot blessed by an older trybuild must keep passing, and the
//! newest variation is what a bless writes. Pure text work, no I/O.
//!
//! Our compile differs from trybuild's in one way, undone first: the case is compiled from
//! a temp copy under its package-relative path, so rustc names it `tests/ui/x.rs` where
//! trybuild's rustc, given the absolute path, named it `/pkg/tests/ui/x.rs`.
//!
//! What trybuild's compile had that this module cannot add back, and the caller must give
//! rustc too: `--verbose` (it lists every implementor of a trait, which `AndOthersVerbose`
//! cuts back to eight), `--diagnostic-width=140`, `--cfg trybuild` and `-A dead_code`.

use std::path::{is_separator, Path, PathBuf, MAIN_SEPARATOR};

mod lines;
mod unindent;

use lines::*;
use unindent::*;

/// Where a case sits, which decides how paths in its output are written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The crate name the case was compiled as; trybuild writes it `$CRATE`.
    pub(crate) krate: &'a str,
    /// The package root (the directory of its `Cargo.toml`), absolute.
    pub(crate) source_dir: &'a Path,
    /// The workspace root, absolute; the package root for a lone package.
    pub(crate) workspace: &'a Path,
    /// The case file relative to `source_dir`, e.g. `tests/ui/missing.rs`.
    pub(crate) input_file: &'a Path,
    /// The package's target directory, absolute.
    pub(crate) target_dir: &'a Path,
    /// Name and canonical directory of each of the package's path dependencies.
    pub(crate) path_dependencies: &'a [(String, PathBuf)],
}

/// trybuild's normalisation steps, oldest first. A variation applies its own step and
/// every earlier one, so the order is part of what old snapshots expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// Drops rustc's "aborting due to" and "run again with --verbose" lines and the
    /// "compiler was built on" note; writes ` --> ` paths as `$DIR/` and the file name.
    Basic,
    /// Drops cargo's old capitalised "Could not compile" line.
    StripCouldNotCompile,
    /// Drops cargo's "could not compile" line.
    StripCouldNotCompile2,
    /// Drops "For more information about this error".
    StripForMoreInformation,
    /// Drops "Some errors have detailed explanations" and its "about an error" line.
    StripForMoreInformation2,
    /// Removes trailing whitespace from text lines.
    TrimEnd,
    /// The standard library's sources become `$RUST`.
    RustLib,
    /// Backslashes become slashes in "appears within the type" notes.
    TypeDirBackslash,
    /// Places outside the case lose their line and column, their excerpts the numbers.
    WorkspaceLines,
    /// A path dependency's directory becomes `$NAME`.
    PathDependencies,
    /// A registry crate's directory becomes `$CARGO`.
    CargoRegistry,
    /// ` --> ` lines get the same treatment as `::: ` lines.
    ArrowOtherCrate,
    /// Places in the package are written relative to it.
    RelativeToDir,
    /// Only places in the case file keep their line and column.
    LinesOutsideInputFile,
    /// A diagnostic's gutter is as narrow as its widest line number needs.
    Unindent,
    /// "and 42 others" becomes "and $N others".
    AndOthers,
    /// Drops the notes naming the file a long type name was written to.
    StripLongTypeNameFiles,
    /// `help:` lines no longer end the block of lines unindented together.
    UnindentAfterHelp,
    /// A list of implementors longer than nine keeps eight and "and $N others".
    AndOthersVerbose,
    /// A note's continuation lines stay in the block unindented together.
    UnindentMultilineNote,
    /// A registry crate's version becomes `$VERSION`.
    DependencyVersion,
    /// A `note: ` line opening a block is unindented like an error's.
    HeadingNote,
    /// Suggestion lines (`12 + code`, `~`, `-`) count as gutter lines when unindenting.
    UnindentSuggestion,
}

/// Every step, in order; a step's index here is its index in [`Variations`].
const STEPS: [Step; 23] = [
    Step::Basic,
    Step::StripCouldNotCompile,
    Step::StripCouldNotCompile2,
    Step::StripForMoreInformation,
    Step::StripForMoreInformation2,
    Step::TrimEnd,
    Step::RustLib,
    Step::TypeDirBackslash,
    Step::WorkspaceLines,
    Step::PathDependencies,
    Step::CargoRegistry,
    Step::ArrowOtherCrate,
    Step::RelativeToDir,
    Step::LinesOutsideInputFile,
    Step::Unindent,
    Step::AndOthers,
    Step::StripLongTypeNameFiles,
    Step::UnindentAfterHelp,
    Step::AndOthersVerbose,
    Step::UnindentMultilineNote,
    Step::DependencyVersion,
    Step::HeadingNote,
    Step::UnindentSuggestion,
];

/// Every accepted spelling of one case's output, one per step; the last is the preferred
/// one (what a bless writes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variations {
    /// The output normalised up to each step, in the order of [`STEPS`].
    texts: [String; STEPS.len()],
}

impl Default for Variations {
    fn default() -> Self {
        Self::empty()
    }
}

impl Variations {
    /// The output of a case without diagnostics: empty in every spelling.
    pub(crate) fn empty() -> Self {
        Self {
            texts: std::array::from_fn(|_| String::new()),
        }
    }

    /// The newest spelling, the one a snapshot should hold.
    pub(crate) fn preferred(&self) -> &str {
        self.texts.last().map_or("", String::as_str)
    }

    /// Whether a snapshot (its text with `\r\n` already made `\n`) matches any spelling.
    pub(crate) fn accepts(&self, expected: &str) -> bool {
        self.texts.iter().any(|text| text == expected)
    }

    /// Appends the next diagnostic's output, spelling by spelling, a newline between two
    /// non-empty texts (each already ends in one, so a blank line parts them).
    pub(crate) fn concat(&mut self, other: &Variations) {
        for (text, more) in self.texts.iter_mut().zip(&other.texts) {
            if !text.is_empty() && !more.is_empty() {
                text.push('\n');
            }
            text.push_str(more);
        }
    }

    /// The spelling of one step.
    #[cfg(test)]
    fn at(&self, step: Step) -> &str {
        &self.texts[step as usize]
    }
}

/// One diagnostic's rendered text (as rustc printed it, colour-free) to its variations.
pub(crate) fn diagnostic(rendered: &str, context: &Context<'_>) -> Variations {
    let text = absolute_input_paths(&rendered.replace("\r\n", "\n"), context);
    let patterns = Patterns::new(context);
    Variations {
        texts: STEPS.map(|step| normalize(&text, step, &patterns)),
    }
}

/// All diagnostics of one case, in the order rustc emitted them, as trybuild joins them.
/// The caller leaves out what trybuild skips before normalising: `failure-note`
/// diagnostics, and a message that repeats an earlier one exactly (trybuild compares whole
/// JSON messages, so that is the caller's to do). rustc's `aborting due to …` summary may
/// stay: it normalises to nothing.
pub(crate) fn case_output<'r>(
    rendered: impl IntoIterator<Item = &'r str>,
    context: &Context<'_>,
) -> Variations {
    let mut output = Variations::empty();
    for one in rendered {
        output.concat(&diagnostic(one, context));
    }
    output
}

/// The case's package-relative path, wherever rustc printed it as a whole path (after
/// ` --> `, in `{closure@…}`, in a panic's location), made absolute as trybuild's rustc
/// printed it. An occurrence inside a longer path or word is left alone.
fn absolute_input_paths(text: &str, context: &Context<'_>) -> String {
    let relative = context.input_file.to_string_lossy();
    if relative.is_empty() || context.input_file.is_absolute() {
        return text.to_owned();
    }
    let absolute = context.source_dir.join(context.input_file);
    let absolute = absolute.to_string_lossy();
    let mut out = String::with_capacity(text.len() + absolute.len());
    let mut rest = text;
    while let Some(at) = rest.find(relative.as_ref()) {
        let before = rest[..at].chars().next_back().or(out.chars().next_back());
        let after = &rest[at + relative.len()..];
        out.push_str(&rest[..at]);
        if before.is_some_and(continues_path) || path_goes_on(after) {
            let first = relative.chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[at..at + first]);
            rest = &rest[at + first..];
        } else {
            out.push_str(&absolute);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Whether a character right before a path would make it part of a longer one.
fn continues_path(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '\\' | '$' | '~')
}

/// Whether the text right after a path makes it part of a longer one (`x.rs.orig`, `x.rs/`),
/// a sentence's full stop excepted.
fn path_goes_on(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        None => false,
        Some('.') => chars.next().is_some_and(char::is_alphanumeric),
        Some(c) => c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '\\'),
    }
}

/// The context's paths in the forms the steps match: directories end in a separator (as
/// trybuild's own directory type always does), and keys are ASCII lower case with `/`.
#[derive(Debug)]
struct Patterns<'a> {
    /// The crate name, written `$CRATE`.
    krate: &'a str,
    /// The package root as printed, replaced by `$DIR/` in text lines.
    source: String,
    /// The workspace root as printed, replaced by `$WORKSPACE/` in text lines.
    workspace: String,
    /// Key of the package root.
    source_key: String,
    /// Key of the workspace root.
    workspace_key: String,
    /// Key of the target directory.
    target_key: String,
    /// Key of the case file, relative to the package root.
    input_key: String,
    /// Each path dependency's `$NAME` and key.
    dependencies: Vec<(String, String)>,
}

impl<'a> Patterns<'a> {
    /// The patterns of one context.
    fn new(context: &Context<'a>) -> Self {
        let source = dir_text(context.source_dir);
        let workspace = dir_text(context.workspace);
        Self {
            krate: context.krate,
            source_key: key(&source),
            workspace_key: key(&workspace),
            target_key: key(&dir_text(context.target_dir)),
            input_key: key(&context.input_file.to_string_lossy()),
            dependencies: context
                .path_dependencies
                .iter()
                .map(|(name, dir)| (dependency_variable(name), key(&dir_text(dir))))
                .collect(),
            source,
            workspace,
        }
    }
}

/// A directory as text, ending in exactly one separator.
fn dir_text(dir: &Path) -> String {
    let mut text = dir.to_string_lossy().into_owned();
    if !text.is_empty() && !text.ends_with(is_separator) {
        text.push(MAIN_SEPARATOR);
    }
    text
}

/// ASCII lower case with `/` for `\`: how trybuild compares paths (byte offsets unchanged).
fn key(text: &str) -> String {
    text.to_ascii_lowercase().replace('\\', "/")
}

/// `serde-json` as the variable trybuild writes for its directory: `$SERDE_JSON`.
fn dependency_variable(name: &str) -> String {
    format!("${}", name.to_uppercase().replace('-', "_"))
}

/// Where a key first occurs in a keyed text; an empty key occurs nowhere.
fn find_key(keyed: &str, key: &str) -> Option<usize> {
    if key.is_empty() {
        None
    } else {
        keyed.find(key)
    }
}

/// One diagnostic normalised up to one step.
fn normalize(text: &str, step: Step, patterns: &Patterns<'_>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut filter = LineFilter {
        lines: &lines,
        step,
        patterns,
        hidden: 0,
        listing: None,
    };
    let mut kept = String::with_capacity(text.len());
    for index in 0..lines.len() {
        if let Some(line) = filter.line(index) {
            kept.push_str(&line);
            // Blank lines in a row (also once the lines between them are dropped) become one.
            if !kept.ends_with("\n\n") {
                kept.push('\n');
            }
        }
    }
    let mut done = unindent(&kept, step);
    done.truncate(done.trim_end().len());
    if !done.is_empty() {
        done.push('\n');
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One diagnostic's variations in the package of [`with_context`].
    fn normalized(rendered: &str) -> Variations {
        with_context(|context| diagnostic(rendered, context))
    }

    /// Runs with the package every test case sits in: a member of a workspace, with a
    /// path dependency outside it.
    fn with_context<T>(run: impl FnOnce(&Context<'_>) -> T) -> T {
        let dependencies = [(
            "serde-shim".to_owned(),
            PathBuf::from("/home/ci/vendor/serde-shim"),
        )];
        run(&Context {
            krate: "trybuild003",
            source_dir: Path::new("/home/ci/proj/macros"),
            workspace: Path::new("/home/ci/proj"),
            input_file: Path::new("tests/ui/missing.rs"),
            target_dir: Path::new("/home/ci/proj/target"),
            path_dependencies: &dependencies,
        })
    }

    /// The lines of one step's spelling.
    fn lines_at(variations: &Variations, step: Step) -> Vec<&str> {
        variations.at(step).lines().collect()
    }

    /// The step just before `step`.
    fn before(step: Step) -> Step {
        STEPS[step as usize - 1]
    }

    const NOT_FOUND: &str = "\
error[E0425]: cannot find value `x` in this scope
 --> tests/ui/missing.rs:3:13
  |
3 |     let y = x;
  |             ^ not found in this scope

";

    #[test]
    fn steps_are_listed_in_their_order() {
        for (index, step) in STEPS.iter().enumerate() {
            assert_eq!(*step as usize, index);
        }
    }

    #[test]
    fn the_relative_input_path_is_made_absolute_where_it_is_a_whole_path() {
        let text = "\
error: `{closure@tests/ui/missing.rs:4:13: 4:15}` is odd
 --> tests/ui/missing.rs:4:5
   ::: tests/ui/missing.rs:9:1
  = note: panicked at tests/ui/missing.rs:4:5.
src/tests/ui/missing.rs tests/ui/missing.rs.orig tests/ui/missing.rsx
";
        let expected = "\
error: `{closure@/home/ci/proj/macros/tests/ui/missing.rs:4:13: 4:15}` is odd
 --> /home/ci/proj/macros/tests/ui/missing.rs:4:5
   ::: /home/ci/proj/macros/tests/ui/missing.rs:9:1
  = note: panicked at /home/ci/proj/macros/tests/ui/missing.rs:4:5.
src/tests/ui/missing.rs tests/ui/missing.rs.orig tests/ui/missing.rsx
";
        let made = with_context(|context| absolute_input_paths(text, context));
        assert_eq!(made, expected);
    }

    #[test]
    fn the_input_file_in_a_closure_type_reads_from_dir() {
        let v = normalized("error: `{closure@tests/ui/missing.rs:4:13: 4:15}` is not `Send`\n");
        assert_eq!(
            v.preferred(),
            "error: `{closure@$DIR/tests/ui/missing.rs:4:13: 4:15}` is not `Send`\n"
        );
    }

    #[test]
    fn basic_writes_the_arrow_as_dir_and_file_name_and_drops_rustc_noise() {
        let v = normalized(&format!(
            "{NOT_FOUND}error: aborting due to 1 previous error\n\n\
             To learn more, run the command again with --verbose.\n"
        ));
        let expected = "\
error[E0425]: cannot find value `x` in this scope
 --> $DIR/missing.rs:3:13
  |
3 |     let y = x;
  |             ^ not found in this scope
";
        assert_eq!(v.at(Step::Basic), expected);
    }

    #[test]
    fn the_preferred_spelling_is_the_newest_one() {
        let v = normalized(NOT_FOUND);
        let expected = NOT_FOUND.trim_end().to_owned() + "\n";
        assert_eq!(v.preferred(), expected);
        assert_eq!(v.preferred(), v.at(Step::UnindentSuggestion));
        assert_ne!(v.preferred(), v.at(Step::Basic));
    }

    #[test]
    fn an_old_dir_style_snapshot_is_still_accepted() {
        let v = normalized(NOT_FOUND);
        let old = "\
error[E0425]: cannot find value `x` in this scope
 --> $DIR/missing.rs:3:13
  |
3 |     let y = x;
  |             ^ not found in this scope
";
        assert!(v.accepts(old));
        assert!(v.accepts(v.preferred()));
        assert!(!v.accepts(&old.replace("$DIR/missing.rs", "missing.rs")));
    }

    #[test]
    fn cargo_and_rustc_trailers_go_one_step_after_another() {
        let v = normalized(
            "\
error: first
  = note: this compiler was built on 2024-01-13; consider upgrading it if it is out of date
error: Could not compile `a`.
error: could not compile `a` (bin \"a\") due to 1 previous error
For more information about this error, try `rustc --explain E0425`.
Some errors have detailed explanations: E0425, E0599.
For more information about an error, try `rustc --explain E0425`.
",
        );
        let all = [
            "error: first",
            "error: Could not compile `a`.",
            "error: could not compile `a` (bin \"a\") due to 1 previous error",
            "For more information about this error, try `rustc --explain E0425`.",
            "Some errors have detailed explanations: E0425, E0599.",
            "For more information about an error, try `rustc --explain E0425`.",
        ];
        assert_eq!(lines_at(&v, Step::Basic), all);
        assert_eq!(
            lines_at(&v, Step::StripCouldNotCompile),
            all[..1]
                .iter()
                .chain(&all[2..])
                .copied()
                .collect::<Vec<_>>()
        );
        let mut left = vec![all[0]];
        left.extend(&all[3..]);
        assert_eq!(lines_at(&v, Step::StripCouldNotCompile2), left);
        left.remove(1);
        assert_eq!(lines_at(&v, Step::StripForMoreInformation), left);
        assert_eq!(
            lines_at(&v, Step::StripForMoreInformation2),
            ["error: first"]
        );
    }

    #[test]
    fn trailing_whitespace_goes_from_trim_end() {
        let v = normalized("error: spaced   \nnote: after\n");
        assert_eq!(
            v.at(before(Step::TrimEnd)),
            "error: spaced   \nnote: after\n"
        );
        assert_eq!(v.at(Step::TrimEnd), "error: spaced\nnote: after\n");
    }

    #[test]
    fn blank_lines_left_together_become_one() {
        let v = normalized("error: a\n\n\nerror: aborting due to 1 previous error\n\nnote: b\n");
        assert_eq!(v.preferred(), "error: a\n\nnote: b\n");
    }

    const IN_RUST_LIB: &str = "\
error[E0599]: no method named `go` found for struct `Ipv4Addr` in the current scope
  --> tests/ui/missing.rs:6:7
   |
6  |     a.go();
   |       ^^ method not found in `Ipv4Addr`
   |
  ::: /home/ci/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/src/rust/library/core/src/net/ip_addr.rs:80:1
   |
80 | pub struct Ipv4Addr {
   | ------------------- doesn't satisfy `Ipv4Addr: Go`
";

    #[test]
    fn the_standard_library_becomes_rust() {
        let v = normalized(IN_RUST_LIB);
        assert!(v.at(before(Step::RustLib)).contains(
            "  ::: /home/ci/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/"
        ));
        let expected = "\
error[E0599]: no method named `go` found for struct `Ipv4Addr` in the current scope
  --> $DIR/missing.rs:6:7
   |
6  |     a.go();
   |       ^^ method not found in `Ipv4Addr`
   |
  ::: $RUST/core/src/net/ip_addr.rs:80:1
   |
80 | pub struct Ipv4Addr {
   | ------------------- doesn't satisfy `Ipv4Addr: Go`
";
        assert_eq!(v.at(Step::RustLib), expected);
    }

    #[test]
    fn old_and_hashed_standard_library_layouts_become_rust() {
        let v = normalized(
            "\
error[E0277]: `Rc<u8>` cannot be sent between threads safely
 ::: /usr/lib/rustlib/src/rust/src/libstd/thread/mod.rs:600:8
 ::: /rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/std/src/thread/mod.rs:600:8
",
        );
        let expected = "\
error[E0277]: `Rc<u8>` cannot be sent between threads safely
 ::: $RUST/src/libstd/thread/mod.rs
 ::: $RUST/std/src/thread/mod.rs
";
        assert_eq!(v.preferred(), expected);
    }

    #[test]
    fn unindent_narrows_a_gutter_widened_by_hidden_numbers() {
        let v = normalized(IN_RUST_LIB);
        let expected = "\
error[E0599]: no method named `go` found for struct `Ipv4Addr` in the current scope
 --> tests/ui/missing.rs:6:7
  |
6 |     a.go();
  |       ^^ method not found in `Ipv4Addr`
  |
 ::: $RUST/core/src/net/ip_addr.rs
  |
  | pub struct Ipv4Addr {
  | ------------------- doesn't satisfy `Ipv4Addr: Go`
";
        assert_eq!(v.at(Step::Unindent), expected);
        assert!(v
            .at(before(Step::Unindent))
            .contains("\n6  |     a.go();\n"));
        assert_eq!(v.preferred(), expected);
    }

    #[test]
    fn backslashes_in_a_type_note_become_slashes() {
        let v = normalized(
            "error[E0277]: `*mut u8` cannot be shared between threads safely\n  \
             = note: required because it appears within the type `{closure@C:\\ci\\x.rs:7:19: 7:21}`\n",
        );
        let note = "  = note: required because it appears within the type";
        assert_eq!(
            lines_at(&v, before(Step::TypeDirBackslash))[1],
            format!("{note} `{{closure@C:\\ci\\x.rs:7:19: 7:21}}`")
        );
        assert_eq!(
            lines_at(&v, Step::TypeDirBackslash)[1],
            format!("{note} `{{closure@C:/ci/x.rs:7:19: 7:21}}`")
        );
    }

    const IN_WORKSPACE: &str = "\
error[E0277]: the trait bound `u8: Shape` is not satisfied
  --> tests/ui/missing.rs:5:8
   |
5  |     go(1u8);
   |        ^^^ the trait `Shape` is not implemented for `u8`
   |
  ::: /home/ci/proj/common/src/lib.rs:12:11
   |
12 | pub fn go<T: Shape>(t: T) {}
   |              ----- required by this bound in `go`
";

    #[test]
    fn places_elsewhere_in_the_workspace_lose_their_numbers() {
        let v = normalized(IN_WORKSPACE);
        let kept = lines_at(&v, before(Step::WorkspaceLines));
        assert_eq!(kept[6], "  ::: $WORKSPACE/common/src/lib.rs:12:11");
        assert_eq!(kept[8], "12 | pub fn go<T: Shape>(t: T) {}");
        let expected = "\
error[E0277]: the trait bound `u8: Shape` is not satisfied
  --> $DIR/missing.rs:5:8
   |
5  |     go(1u8);
   |        ^^^ the trait `Shape` is not implemented for `u8`
   |
  ::: $WORKSPACE/common/src/lib.rs
   |
   | pub fn go<T: Shape>(t: T) {}
   |              ----- required by this bound in `go`
";
        assert_eq!(v.at(Step::WorkspaceLines), expected);
    }

    #[test]
    fn a_path_dependency_becomes_its_name() {
        let v = normalized(
            "\
error[E0277]: oops
 ::: /home/ci/vendor/serde-shim/src/de.rs:40:5
  |
40| fn f() {}
",
        );
        assert_eq!(
            lines_at(&v, before(Step::PathDependencies))[1..],
            [
                " ::: /home/ci/vendor/serde-shim/src/de.rs:40:5",
                "  |",
                "40| fn f() {}"
            ]
        );
        assert_eq!(
            lines_at(&v, Step::PathDependencies)[1..],
            [" ::: $SERDE_SHIM/src/de.rs", "  |", "  | fn f() {}"]
        );
    }

    #[test]
    fn a_registry_crate_becomes_cargo_then_loses_its_version() {
        let v = normalized(
            "\
error[E0277]: oops
 ::: /home/ci/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/serde_json-1.0.140/src/de.rs:2678:8
 ::: /home/ci/.cargo/registry/src/github.com-1ecc6299db9ec823/erased-serde-0.3.28/src/lib.rs:14:17
",
        );
        assert_eq!(
            lines_at(&v, before(Step::CargoRegistry))[1],
            " ::: /home/ci/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/serde_json-1.0.140/src/de.rs:2678:8"
        );
        assert_eq!(
            lines_at(&v, Step::CargoRegistry)[1..],
            [
                " ::: $CARGO/serde_json-1.0.140/src/de.rs",
                " ::: $CARGO/erased-serde-0.3.28/src/lib.rs"
            ]
        );
        assert_eq!(
            lines_at(&v, Step::DependencyVersion)[1..],
            [
                " ::: $CARGO/serde_json-$VERSION/src/de.rs",
                " ::: $CARGO/erased-serde-$VERSION/src/lib.rs"
            ]
        );
    }

    #[test]
    fn an_arrow_into_another_crate_is_written_like_a_colons_line() {
        let v = normalized("note: defined here\n  --> /home/ci/vendor/serde-shim/src/lib.rs:5:1\n");
        assert_eq!(
            lines_at(&v, before(Step::ArrowOtherCrate))[1],
            "  --> $DIR/lib.rs:5:1"
        );
        assert_eq!(
            lines_at(&v, Step::ArrowOtherCrate)[1],
            "  --> $SERDE_SHIM/src/lib.rs"
        );
    }

    #[test]
    fn the_input_file_is_written_relative_to_the_package() {
        let v = normalized(NOT_FOUND);
        assert_eq!(
            lines_at(&v, before(Step::RelativeToDir))[1],
            " --> $DIR/tests/ui/missing.rs:3:13"
        );
        assert_eq!(
            lines_at(&v, Step::RelativeToDir)[1],
            " --> tests/ui/missing.rs:3:13"
        );
    }

    #[test]
    fn other_files_of_the_package_lose_their_numbers() {
        let v = normalized(
            "\
error: oops
 ::: /home/ci/proj/macros/src/lib.rs:20:1
  |
20| pub fn f() {}
",
        );
        assert_eq!(
            lines_at(&v, before(Step::LinesOutsideInputFile))[1..],
            [" ::: src/lib.rs:20:1", "  |", "20| pub fn f() {}"]
        );
        assert_eq!(
            lines_at(&v, Step::LinesOutsideInputFile)[1..],
            [" ::: src/lib.rs", "  |", "  | pub fn f() {}"]
        );
    }

    #[test]
    fn a_build_scripts_out_dir_is_named_by_its_crate() {
        let v = normalized(
            "error: oops\n ::: /home/ci/proj/target/debug/build/shapes-1a51d46aecb559a7/out/gen.rs:16:19\n",
        );
        assert_eq!(
            lines_at(&v, Step::Basic)[1],
            " ::: $OUT_DIR[shapes]/gen.rs:16:19"
        );
        assert_eq!(
            lines_at(&v, Step::WorkspaceLines)[1],
            " ::: $OUT_DIR[shapes]/gen.rs"
        );
    }

    #[test]
    fn a_count_of_others_becomes_n() {
        let v = normalized("error: oops\n  = help: many:\n          and 568 others\n");
        assert_eq!(
            lines_at(&v, before(Step::AndOthers))[2],
            "          and 568 others"
        );
        assert_eq!(lines_at(&v, Step::AndOthers)[2], "          and $N others");
    }

    #[test]
    fn notes_naming_long_type_files_go() {
        let v = normalized(
            "\
error: reached the recursion limit while instantiating `go::<Wrap<Wrap<...>>>`
  = note: the full type name has been written to '/tmp/x.long-type-1.txt'
  = note: the full name for the type has been written to '/tmp/x.long-type-2.txt'
          the full type name has been written to '/tmp/x.long-type-3.txt'
",
        );
        assert_eq!(
            v.at(before(Step::StripLongTypeNameFiles)).lines().count(),
            4
        );
        assert_eq!(
            v.at(Step::StripLongTypeNameFiles),
            "error: reached the recursion limit while instantiating `go::<Wrap<Wrap<...>>>`\n"
        );
    }

    #[test]
    fn a_help_no_longer_ends_the_block_unindented() {
        let v = normalized(&format!(
            "{IN_WORKSPACE}help: consider restricting type parameter `T`\n   |\n\
             4  | fn run<T: Shape>(t: T) {{\n   |         +++++++\n"
        ));
        let help_tail = |step| lines_at(&v, step)[11..].to_vec();
        assert_eq!(
            help_tail(before(Step::UnindentAfterHelp)),
            [
                "   |",
                "4  | fn run<T: Shape>(t: T) {",
                "   |         +++++++"
            ]
        );
        assert_eq!(
            help_tail(Step::UnindentAfterHelp),
            ["  |", "4 | fn run<T: Shape>(t: T) {", "  |         +++++++"]
        );
    }

    /// A list of `count` implementors as rustc prints it under `--verbose`.
    fn implementors(count: usize) -> String {
        let mut text =
            "error[E0277]: oops\n  = help: the following other types implement trait `Shape`:\n"
                .to_owned();
        for n in 0..count {
            text.push_str(&format!("            Shape{n}\n"));
        }
        text + "note: required by a bound in `go`\n"
    }

    #[test]
    fn a_long_list_of_implementors_keeps_eight() {
        let v = normalized(&implementors(11));
        assert_eq!(v.at(before(Step::AndOthersVerbose)).lines().count(), 14);
        let lines = lines_at(&v, Step::AndOthersVerbose);
        assert_eq!(
            lines[2..10],
            (0..8)
                .map(|n| format!("            Shape{n}"))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            lines[10..],
            [
                "          and $N others",
                "note: required by a bound in `go`"
            ]
        );
    }

    #[test]
    fn a_list_of_nine_implementors_is_kept_whole() {
        let v = normalized(&implementors(9));
        assert_eq!(v.preferred(), implementors(9));
    }

    #[test]
    fn a_multi_line_note_stays_in_the_block_unindented() {
        let v = normalized(
            "\
error[E0038]: the trait `Shape` is not dyn compatible
  --> tests/ui/missing.rs:8:12
   |
8  |     let _: &dyn Shape;
   |            ^^^^^^^^^^ `Shape` is not dyn compatible
   |
note: for a trait to be dyn compatible it needs to allow building a vtable
      for more information, visit <https://doc.rust-lang.org/reference/items/traits.html>
  --> /home/ci/proj/common/src/lib.rs:40:8
   |
40 |     fn area<T>(&self);
   |        ^^^^ ...because method `area` has generic type parameters
",
        );
        let tail = |step| lines_at(&v, step)[8..].to_vec();
        assert_eq!(
            tail(before(Step::UnindentMultilineNote)),
            [
                "  --> $WORKSPACE/common/src/lib.rs",
                "   |",
                "   |     fn area<T>(&self);",
                "   |        ^^^^ ...because method `area` has generic type parameters"
            ]
        );
        assert_eq!(
            tail(Step::UnindentMultilineNote),
            [
                " --> $WORKSPACE/common/src/lib.rs",
                "  |",
                "  |     fn area<T>(&self);",
                "  |        ^^^^ ...because method `area` has generic type parameters"
            ]
        );
    }

    #[test]
    fn a_note_opening_a_diagnostic_is_unindented_like_an_error() {
        let note = "\
note: erroneous constant encountered
  --> /home/ci/proj/common/src/lib.rs:52:9
   |
52 |         Check::<N>::OK
   |         ^^^^^^^^^^^^^^
";
        let v = normalized(note);
        assert_eq!(
            lines_at(&v, before(Step::HeadingNote))[1..3],
            ["  --> $WORKSPACE/common/src/lib.rs", "   |"]
        );
        let expected = "\
note: erroneous constant encountered
 --> $WORKSPACE/common/src/lib.rs
  |
  |         Check::<N>::OK
  |         ^^^^^^^^^^^^^^
";
        assert_eq!(v.at(Step::HeadingNote), expected);
    }

    #[test]
    fn suggestion_lines_count_as_gutter_lines() {
        let text = "\
error[E0004]: non-exhaustive patterns: `Shape::Dot` not covered
  --> tests/ui/missing.rs:9:11
   |
9  |     match s {
   |           ^ pattern `Shape::Dot` not covered
   |
help: ensure that all possible cases are being handled
   |
10 ~         Shape::Square => {},
11 +         Shape::Dot => todo!()
   |
";
        let v = normalized(text);
        let squeezed = lines_at(&v, before(Step::UnindentSuggestion));
        assert_eq!(
            squeezed[1..4],
            [" --> tests/ui/missing.rs:9:11", "  |", "9 |     match s {"]
        );
        assert_eq!(squeezed[8], "10 ~         Shape::Square => {},");
        assert_eq!(v.at(Step::UnindentSuggestion), text);
    }

    #[test]
    fn crate_name_and_roots_in_text_become_placeholders() {
        let v = normalized(
            "error: `trybuild003::Shape` in /home/ci/proj/macros/src\\lib.rs:3 and \
             /HOME/ci/proj/common/x.rs, not x/home/ci/proj/macros/y\n",
        );
        assert_eq!(
            v.preferred(),
            "error: `$CRATE::Shape` in $DIR/src/lib.rs:3 and $WORKSPACE/common/x.rs, \
             not x/home/ci/proj/macros/y\n"
        );
    }

    #[test]
    fn diagnostics_of_a_case_are_joined_by_a_blank_line() {
        let warning = "warning: unused variable: `y`\n --> tests/ui/missing.rs:3:9\n\n";
        let output = with_context(|context| {
            case_output(
                [
                    warning,
                    NOT_FOUND,
                    "error: aborting due to 1 previous error\n\n",
                ],
                context,
            )
        });
        let expected = format!("{}\n\n{}", warning.trim_end(), NOT_FOUND.trim_end());
        assert_eq!(output.preferred(), format!("{expected}\n"));
        assert_eq!(
            output.at(Step::Basic),
            "warning: unused variable: `y`\n --> $DIR/missing.rs:3:9\n\n\
             error[E0425]: cannot find value `x` in this scope\n --> $DIR/missing.rs:3:13\n  |\n\
             3 |     let y = x;\n  |             ^ not found in this scope\n"
        );
    }

    #[test]
    fn a_case_without_diagnostics_left_has_empty_output() {
        let none = with_context(|context| case_output([], context));
        assert_eq!(none, Variations::empty());
        let summary = "error: aborting due to 1 previous error\n\n";
        let only_summary = with_context(|context| case_output([summary, summary], context));
        assert_eq!(only_summary.preferred(), "");
        assert!(only_summary.accepts(""));
    }
}
