//! A package's trybuild cases as exercises of the engine: each case file is checked alone,
//! as trybuild builds it (a binary of the package's edition, with its crates and trybuild's
//! flags), and judged as trybuild judges it: a compile-fail case against its `.stderr`, a
//! pass case by its program's exit status. A suite or glob that cannot be followed is an
//! error entry naming the file and line.

use std::path::Path;
use std::sync::Arc;

use crate::model::discover::Entry;
use crate::model::error::InputError;
use crate::model::exercise::{Exercise, Source};
use crate::model::expectation::{CodeRule, Expectation, Outcome};
use crate::model::manifest::ConfigError;
use crate::model::suite::{declared, expand, find, import, Case, Kind, Setting, Suite, SuiteCase};

/// The flags trybuild gives rustc for every case: its cfg, verbose type names, no dead-code
/// warnings, and the width its snapshots are written at.
pub(crate) const TRYBUILD_FLAGS: [&str; 6] = [
    "--cfg",
    "trybuild",
    "--verbose",
    "-A",
    "dead_code",
    "--diagnostic-width=140",
];

/// The suites of the package at `setting`: those its `tests/*.rs` create, and those its
/// `snipcheck.toml` declares; each case an entry, each problem an error entry. Empty when
/// it has neither.
pub(crate) fn entries(setting: &Arc<Setting>) -> Vec<Entry> {
    let root = &setting.source_dir;
    let found = find::find_suites(root);
    let mut entries: Vec<Entry> = found
        .problems
        .into_iter()
        .map(|e| invalid(setting, e))
        .collect();
    let mut suites = found.suites;
    let config = root.join(crate::model::docs::CONFIG_FILE);
    if config.is_file() {
        match declared::read_declared(&config) {
            Ok(declared) => suites.extend(declared.into_iter().flatten()),
            Err(error) => entries.push(Entry::Invalid {
                dir: setting.shown.join(crate::model::docs::CONFIG_FILE),
                error,
            }),
        }
    }
    for suite in &suites {
        entries.extend(suite_entries(setting, suite));
    }
    entries
}

fn suite_entries(setting: &Arc<Setting>, suite: &Suite) -> Vec<Entry> {
    let expansion = expand::expand(suite, &setting.source_dir);
    let built = suite.globs.iter().any(|g| g.kind == Kind::Pass);
    let mut entries: Vec<Entry> = expansion
        .cases
        .iter()
        .filter(|case| setting.source_dir.join(&case.path).is_file())
        .map(|case| match exercise(setting, case, built) {
            Ok(ex) => Entry::Run(Arc::new(ex)),
            Err(error) => Entry::Invalid {
                dir: setting.shown.join(&case.path),
                error,
            },
        })
        .collect();
    entries.extend(expansion.problems.into_iter().map(|e| invalid(setting, e)));
    entries
}

/// A problem as an error entry, reported under the file it names.
fn invalid(setting: &Setting, error: InputError) -> Entry {
    let file = error.file().to_path_buf();
    let shown = if file.is_absolute() {
        file.strip_prefix(&setting.source_dir)
            .map_or(file.clone(), Path::to_path_buf)
    } else {
        file
    };
    let message = error.without_place();
    Entry::Invalid {
        dir: setting.shown.join(&shown),
        error: ConfigError {
            file: setting.shown.join(shown),
            position: error.position(),
            message,
        },
    }
}

fn exercise(setting: &Arc<Setting>, case: &Case, built: bool) -> Result<Exercise, ConfigError> {
    let file = case.path.to_string_lossy().replace('\\', "/");
    let outcome = match case.kind {
        Kind::CompileFail => Outcome::CompileFail,
        Kind::Pass => Outcome::RunPass,
    };
    // trybuild asks only that a compile-fail case fails: any error will do, and its
    // `.stderr` says which.
    let expect = Expectation {
        outcome,
        codes: CodeRule::AtLeast,
        ..Expectation::default()
    };
    let sidecar = setting.source_dir.join(import::sidecar_of(&case.path));
    let imported = case.kind == Kind::CompileFail && sidecar.is_file();
    let expect = match imported {
        true => import::read(&sidecar).map_err(|mut e| {
            e.file = setting.shown.join(import::sidecar_of(&case.path));
            e
        })?,
        false => expect,
    };
    let source = Source::Directory(setting.shown.join(&case.path));
    let title = format!("trybuild {} case", case.kind.method());
    let abs = setting.source_dir.join(&case.path);
    let one = Exercise::of_one_file(source, case.name.clone(), title, file, abs, None);
    Ok(Exercise {
        edition: setting.edition,
        rustc_args: TRYBUILD_FLAGS.map(str::to_owned).to_vec(),
        expect,
        allow_unsafe: true,
        suite_case: Some(Arc::new(SuiteCase {
            kind: case.kind,
            stderr: setting.shown.join(&case.stderr),
            input_file: case.path.clone(),
            krate: case.name.clone(),
            built,
            imported,
            setting: Arc::clone(setting),
        })),
        ..one
    })
}
