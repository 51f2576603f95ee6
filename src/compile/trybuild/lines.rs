//! The line-by-line rules of trybuild's normalisation: which lines a step drops or
//! rewrites (paths, line numbers, long type names, `and N others`).

use super::*;

/// The marker opening a line that names a place: ` --> ` (the diagnostic's own) or
/// ` ::: ` (another file's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// `--> `.
    Arrow,
    /// `::: `.
    Colons,
}

/// What a place line's path turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Fully written; nothing more to do.
    Settled,
    /// Outside the case file: its line and column and excerpt numbers go.
    Foreign,
    /// Not in the package, workspace or target dir.
    Unmatched,
}

/// Prefixes of implementor lists that `AndOthersVerbose` cuts short.
pub(super) const LISTING_HEADS: [&str; 2] = [
    "= help: the following types implement trait ",
    "= help: the following other types implement trait ",
];

/// Lines dropped from a step on, by prefix.
pub(super) const DROPPED_FROM: [(Step, &str); 5] = [
    (Step::StripCouldNotCompile, "error: Could not compile `"),
    (Step::StripCouldNotCompile2, "error: could not compile `"),
    (
        Step::StripForMoreInformation,
        "For more information about this error, try `rustc --explain",
    ),
    (
        Step::StripForMoreInformation2,
        "Some errors have detailed explanations:",
    ),
    (
        Step::StripForMoreInformation2,
        "For more information about an error, try `rustc --explain",
    ),
];

/// Notes naming where a long type name was written, dropped from `StripLongTypeNameFiles`.
pub(super) const LONG_TYPE_NOTES: [&str; 2] = [
    "the full type name has been written to",
    "the full name for the type has been written to",
];

/// The line-by-line pass of one step, with the state that carries between lines.
#[derive(Debug)]
pub(super) struct LineFilter<'t, 'p> {
    /// The diagnostic's lines, as rustc printed them.
    pub(super) lines: &'t [&'t str],
    /// The step normalised up to.
    pub(super) step: Step,
    /// The context's paths.
    pub(super) patterns: &'t Patterns<'p>,
    /// How many of the next lines have their leading line numbers blanked.
    pub(super) hidden: usize,
    /// Entries seen so far of an implementor list, while in one.
    pub(super) listing: Option<usize>,
}

impl LineFilter<'_, '_> {
    /// Line `index` normalised, or `None` if it goes.
    pub(super) fn line(&mut self, index: usize) -> Option<String> {
        let mut line = self.lines[index].to_owned();
        if self.hidden > 0 {
            self.hidden -= 1;
            blank_leading_numbers(&mut line);
        }
        let indent = indent_of(&line);
        match marker(&line[indent..]) {
            Some(marker) => Some(self.place_line(line, indent, marker, index)),
            None => self.text_line(line, indent, index),
        }
    }

    /// A ` --> ` or ` ::: ` line with its path written as trybuild writes it.
    fn place_line(&mut self, line: String, indent: usize, marker: Marker, index: usize) -> String {
        if marker == Marker::Arrow && self.step < Step::ArrowOtherCrate {
            if let Some(short) = file_name_in_dir(&line, indent) {
                return short;
            }
        }
        let mut line = line.replace('\\', "/");
        let start = indent + "--> ".len();
        let foreign = match self.project_place(&mut line, start) {
            Place::Settled => return line,
            Place::Foreign => true,
            Place::Unmatched => self.outside_place(&mut line, start),
        };
        if foreign && self.step >= Step::WorkspaceLines {
            drop_line_and_column(&mut line);
            let excerpt = self.lines[index + 1..].iter().take_while(|l| is_excerpt(l));
            // One more than the excerpt: the line after it has no numbers to blank.
            self.hidden = 1 + excerpt.count();
        }
        line
    }

    /// A path in the target dir (a build script's `$OUT_DIR[crate]`), the package or the
    /// workspace, written as such. `start` is where the path begins.
    fn project_place(&self, line: &mut String, start: usize) -> Place {
        let keyed = key(line);
        let patterns = self.patterns;
        if find_key(&keyed, &patterns.target_key) == Some(start) {
            let end = start + patterns.target_key.len();
            return if out_dir(line, start, end) {
                Place::Foreign
            } else {
                Place::Unmatched
            };
        }
        if let Some(at) = find_key(&keyed, &patterns.source_key) {
            return self.package_place(line, &keyed, at, start);
        }
        if let Some(at) = find_key(&keyed, &patterns.workspace_key) {
            let end = at + patterns.workspace_key.len();
            line.replace_range(at..end - 1, "$WORKSPACE");
            return Place::Foreign;
        }
        Place::Unmatched
    }

    /// A path with the package root at `at`: relative to the package when the path starts
    /// there (from `RelativeToDir`), else the root as `$DIR`.
    fn package_place(&self, line: &mut String, keyed: &str, at: usize, start: usize) -> Place {
        let end = at + self.patterns.source_key.len();
        if self.step >= Step::RelativeToDir && at == start {
            line.replace_range(at..end, "");
            if self.step < Step::LinesOutsideInputFile
                || keyed[end..].starts_with(&self.patterns.input_key)
            {
                return Place::Settled;
            }
        } else {
            line.replace_range(at..end - 1, "$DIR");
            if self.step < Step::LinesOutsideInputFile {
                return Place::Settled;
            }
        }
        Place::Foreign
    }

    /// A path outside the project: a path dependency, the standard library or a registry
    /// crate, each from its own step. Whether one of them matched.
    fn outside_place(&self, line: &mut String, start: usize) -> bool {
        let step = self.step;
        (step >= Step::PathDependencies && self.path_dependency(line))
            || (step >= Step::RustLib && rust_library(line, start))
            || (step >= Step::CargoRegistry
                && cargo_registry(line, start, step >= Step::DependencyVersion))
    }

    /// The first path dependency whose directory the line names, written `$NAME`.
    fn path_dependency(&self, line: &mut String) -> bool {
        let keyed = key(line);
        for (variable, dir) in &self.patterns.dependencies {
            if let Some(at) = find_key(&keyed, dir) {
                line.replace_range(at..at + dir.len() - 1, variable);
                return true;
            }
        }
        false
    }

    /// A line of text (not naming a place) normalised, or `None` if it goes.
    fn text_line(&mut self, mut line: String, indent: usize, index: usize) -> Option<String> {
        if self.dropped(&line) {
            return None;
        }
        if self.step >= Step::TrimEnd {
            line.truncate(line.trim_end().len());
        }
        if self.step >= Step::TypeDirBackslash
            && (line.trim_start())
                .starts_with("= note: required because it appears within the type")
        {
            line = line.replace('\\', "/");
        }
        if self.step >= Step::AndOthers {
            count_as_n(&mut line);
        }
        if self.step >= Step::AndOthersVerbose && !self.listing_keeps(&mut line, indent, index) {
            return None;
        }
        Some(self.placeholders(&line))
    }

    /// Whether a text line is one trybuild drops at this step.
    fn dropped(&self, line: &str) -> bool {
        let trimmed = line.trim_start();
        let long_type_note = || {
            let note = trimmed.strip_prefix("= note: ").unwrap_or(trimmed);
            LONG_TYPE_NOTES
                .iter()
                .any(|prefix| note.starts_with(prefix))
        };
        line.starts_with("error: aborting due to ")
            || line == "To learn more, run the command again with --verbose."
            || (trimmed.starts_with("= note: this compiler was built on 2")
                && trimmed.ends_with("; consider upgrading it if it is out of date"))
            || DROPPED_FROM
                .iter()
                .any(|(from, prefix)| self.step >= *from && line.starts_with(prefix))
            || (self.step >= Step::StripLongTypeNameFiles && long_type_note())
    }

    /// Tracks an implementor list: its ninth entry becomes "and $N others" when more
    /// follow, and later entries go. `indent` is the line's indent before trimming.
    /// Whether the line stays.
    fn listing_keeps(&mut self, line: &mut String, indent: usize, index: usize) -> bool {
        let trimmed = line.trim_start();
        if LISTING_HEADS.iter().any(|head| trimmed.starts_with(head)) {
            self.listing = Some(0);
            return true;
        }
        let Some(seen) = self.listing.as_mut() else {
            return true;
        };
        if indent < 12 || trimmed == "and $N others" {
            self.listing = None;
            return true;
        }
        *seen += 1;
        let seen = *seen;
        let next_aligned = self
            .lines
            .get(index + 1)
            .is_some_and(|next| indent_of(next) == indent);
        if seen == 9 && next_aligned {
            let cut = (indent - 2).min(line.len());
            if line.is_char_boundary(cut) {
                line.truncate(cut);
                line.push_str("and $N others");
            }
        }
        seen <= 9
    }

    /// The crate name as `$CRATE`, the package and workspace roots as `$DIR/` and
    /// `$WORKSPACE/`.
    fn placeholders(&self, line: &str) -> String {
        let patterns = self.patterns;
        let line = match patterns.krate {
            "" => line.to_owned(),
            krate => line.replace(krate, "$CRATE"),
        };
        let line = replace_dir(&line, &patterns.source, "$DIR/");
        replace_dir(&line, &patterns.workspace, "$WORKSPACE/")
    }
}

/// The width of a line's leading whitespace, in bytes.
pub(super) fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Which place marker, if any, opens a line with its indent removed.
pub(super) fn marker(trimmed: &str) -> Option<Marker> {
    if trimmed.starts_with("--> ") {
        Some(Marker::Arrow)
    } else if trimmed.starts_with("::: ") {
        Some(Marker::Colons)
    } else {
        None
    }
}

/// `10 | code` as `   | code`: the leading digits (and spaces) become spaces.
pub(super) fn blank_leading_numbers(line: &mut String) {
    let width = line
        .bytes()
        .take_while(|b| *b == b' ' || b.is_ascii_digit())
        .count();
    line.replace_range(..width, &" ".repeat(width));
}

/// `x.rs:22:29` as `x.rs`: up to two trailing `:number`s go.
pub(super) fn drop_line_and_column(line: &mut String) {
    for _ in 0..2 {
        let digits = line.bytes().rev().take_while(u8::is_ascii_digit).count();
        let kept = line.len() - digits;
        if digits == 0 || !line[..kept].ends_with(':') {
            return;
        }
        line.truncate(kept - 1);
    }
}

/// Whether a line belongs to a code excerpt (`12 | …`, `   | …`, `...`).
pub(super) fn is_excerpt(line: &str) -> bool {
    line.trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || c == '|' || c == '.')
}

/// The oldest spelling of a ` --> ` line: everything up to the file name is `$DIR/`.
pub(super) fn file_name_in_dir(line: &str, indent: usize) -> Option<String> {
    let last_separator = line.rfind(['/', '\\'])?;
    let start = indent + "--> ".len();
    Some(format!(
        "{}$DIR/{}",
        &line[..start],
        &line[last_separator + 1..]
    ))
}

/// A path in a build script's output dir, `<target>/…/<crate>-<16 hex>/out/…`, written
/// `$OUT_DIR[<crate>]/…`. `start` is where the path begins, `after` where the target
/// dir ends in it. Whether it was one.
pub(super) fn out_dir(line: &mut String, start: usize, after: usize) -> bool {
    let mut offset = after;
    let mut owner: Option<&str> = None;
    let mut found = None;
    while let Some(slash) = line[offset..].find('/') {
        let component = &line[offset..offset + slash];
        if component == "out" {
            if let Some(owner) = owner {
                found = Some((offset + component.len(), format!("$OUT_DIR[{owner}]")));
                break;
            }
        } else {
            owner = build_dir_owner(component);
        }
        offset += slash + 1;
    }
    let Some((end, written)) = found else {
        return false;
    };
    line.replace_range(start..end, &written);
    true
}

/// The crate of a build dir named `<crate>-<16 lower-case hex digits>`.
pub(super) fn build_dir_owner(component: &str) -> Option<&str> {
    let split = component.len().checked_sub(17).filter(|at| *at > 0)?;
    let hash = component
        .get(split + 1..)
        .filter(|hash| is_lower_hex(hash))?;
    let name = component.get(..split)?;
    (component.as_bytes()[split] == b'-' && hash.len() == 16).then_some(name)
}

/// Whether a text is all `0-9a-f`.
pub(super) fn is_lower_hex(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A standard library source path, from a rustup toolchain or rustc's own build dir,
/// written from `$RUST`. Whether it was one.
pub(super) fn rust_library(line: &mut String, start: usize) -> bool {
    const OLD_LAYOUT: &str = "/rustlib/src/rust/src/";
    const LAYOUT: &str = "/rustlib/src/rust/library/";
    const HASH_DIR: &str = "/rustc/";
    if let Some(at) = line.find(OLD_LAYOUT) {
        line.replace_range(start..at + "/rustlib/src/rust".len(), "$RUST");
        return true;
    }
    if let Some(at) = line.find(LAYOUT) {
        line.replace_range(start..at + "/rustlib/src/rust/library".len(), "$RUST");
        return true;
    }
    let hash_end = start + HASH_DIR.len() + 40;
    let built_here = line[start..].starts_with(HASH_DIR)
        && line
            .get(start + HASH_DIR.len()..hash_end)
            .is_some_and(is_lower_hex)
        && line[hash_end..].starts_with("/library/");
    if built_here {
        line.replace_range(start..hash_end + "/library".len(), "$RUST");
    }
    built_here
}

/// A registry crate's path, `…/registry/src/<index>-<16 hex>/<crate>-<version>/…`,
/// written from `$CARGO`, and with `versions` its version as `$VERSION`. Whether it was one.
pub(super) fn cargo_registry(line: &mut String, start: usize, versions: bool) -> bool {
    let Some(at) = line
        .find("/registry/src/github.com-")
        .or_else(|| line.find("/registry/src/index.crates.io-"))
    else {
        return false;
    };
    let hash_start = at + line[at..].find('-').map_or(0, |dash| dash + 1);
    let hash_end = hash_start + 16;
    let hashed = line.get(hash_start..hash_end).is_some_and(is_lower_hex)
        && line[hash_end..].starts_with('/');
    if !hashed {
        return false;
    }
    line.replace_range(start..hash_end, "$CARGO");
    if versions {
        crate_version(line, start + "$CARGO/".len());
    }
    true
}

/// `serde_json-1.0.64/…` (from `at`) as `serde_json-$VERSION/…`: the version starts after
/// the last `-` before the directory name's first `.`.
pub(super) fn crate_version(line: &mut String, at: usize) {
    let rest = &line[at..];
    let Some(dir_end) = rest.find('/') else {
        return;
    };
    let dir = &rest[..dir_end];
    let Some(dash) = dir.find('.').and_then(|dot| dir[..dot].rfind('-')) else {
        return;
    };
    line.replace_range(at + dash + 1..at + dir_end, "$VERSION");
}

/// `and 568 others` as `and $N others`.
pub(super) fn count_as_n(line: &mut String) {
    let indent = indent_of(line);
    let Some(count) = line[indent..]
        .strip_prefix("and ")
        .and_then(|rest| rest.strip_suffix(" others"))
    else {
        return;
    };
    if !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) {
        let start = indent + "and ".len();
        line.replace_range(start..start + count.len(), "$N");
    }
}

/// Every occurrence of a directory (matched as keys) written as `replacement`, unless the
/// text before it ends in a letter or digit; the path after it, up to a space or colon,
/// gets `/` for `\`.
pub(super) fn replace_dir(line: &str, dir: &str, replacement: &str) -> String {
    let (keyed, dir_key) = (key(line), key(dir));
    if dir_key.is_empty() {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    while let Some(found) = keyed[pos..].find(&dir_key).map(|at| pos + at) {
        out.push_str(&line[pos..found]);
        if out.ends_with(|c: char| c.is_ascii_alphanumeric()) {
            let first = line[found..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&line[found..found + first]);
            pos = found + first;
            continue;
        }
        out.push_str(replacement);
        pos = found + dir.len();
        let next = keyed[pos..]
            .find(&dir_key)
            .map_or(line.len(), |at| pos + at);
        let path_end = line[pos..next].find([' ', ':']).map_or(next, |at| pos + at);
        out.push_str(&line[pos..path_end].replace('\\', "/"));
        pos = path_end;
    }
    out.push_str(&line[pos..]);
    out
}
