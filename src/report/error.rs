//! The report layer's one error type: a report that cannot be written, and a JSON report
//! that `merge` cannot read back or put together with the others. Each message is the
//! sentence the app prints after `error:`, its causes following as `: cause`; every
//! refusal of `merge` names the files at fault.

use std::io;
use std::path::PathBuf;

use super::json::SCHEMA_VERSION;
use super::Reveal;
use crate::model::discover::Partition;

/// Why a report cannot be written, or reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReportError {
    /// A report file (`--output`, `--junit`) could not be created.
    #[error("cannot create {}", path.display())]
    Create {
        /// The file.
        path: PathBuf,
        /// Why creating it failed.
        #[source]
        source: io::Error,
    },
    /// A report could not be written (a closed pipe is not an error).
    #[error("cannot write the report")]
    Write(#[source] io::Error),
    /// A report given to `merge` could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The report file.
        path: PathBuf,
        /// Why reading it failed.
        #[source]
        source: io::Error,
    },
    /// A file given to `merge` is not JSON, or not the JSON of a report; the cause says
    /// where (line and column).
    #[error("{}: {NOT_A_REPORT}", path.display())]
    NotAReport {
        /// The file.
        path: PathBuf,
        /// serde_json's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// A JSON report of another schema version.
    #[error("{}: {NOT_A_REPORT} of schema version {SCHEMA_VERSION}", path.display())]
    OtherSchema {
        /// The file.
        path: PathBuf,
    },
    /// A JSON report without the `run` object, which older versions did not write.
    #[error(
        "{}: {NOT_A_REPORT} with a \"run\" object (written by an older snipcheck?)",
        path.display()
    )]
    WithoutRun {
        /// The file.
        path: PathBuf,
    },
    /// A JSON report whose `run` is null.
    #[error("{}: {NOT_A_REPORT}: no \"run\" object", path.display())]
    NullRun {
        /// The file.
        path: PathBuf,
    },
    /// A JSON report whose `run` object holds a malformed value (its partition).
    #[error("{}: {NOT_A_REPORT}: \"run\": {reason}", path.display())]
    BadRun {
        /// The file.
        path: PathBuf,
        /// What is wrong with the value.
        reason: String,
    },
    /// The report of an unsharded run given to `merge` with others.
    #[error(
        "{} is the report of a whole run (no --partition): merge it alone, not with shards",
        file.display()
    )]
    WholeRun {
        /// The report.
        file: PathBuf,
    },
    /// Reports of `check`, `doc` or `grade` mixed.
    #[error(
        "{} and {} are reports of different commands (check, doc and grade)",
        first.display(),
        file.display()
    )]
    DifferentCommands {
        /// The first report.
        first: PathBuf,
        /// The report that differs from it.
        file: PathBuf,
    },
    /// Reports written by different versions of snipcheck.
    #[error(
        "{} was written by snipcheck {first_version}, {} by snipcheck {version}: shards must come from one version",
        first.display(),
        file.display()
    )]
    DifferentVersions {
        /// The first report.
        first: PathBuf,
        /// The version that wrote it.
        first_version: String,
        /// The report that differs from it.
        file: PathBuf,
        /// The version that wrote that one.
        version: String,
    },
    /// Reports of runs on different exercises (their fingerprints differ).
    #[error(
        "{} and {} were run on different exercise sets (the exercises or their exercise.toml differ)",
        first.display(),
        file.display()
    )]
    DifferentExerciseSets {
        /// The first report.
        first: PathBuf,
        /// The report that differs from it.
        file: PathBuf,
    },
    /// Shards graded with different `--reveal` levels: merged, one would show what the
    /// other hides.
    #[error(
        "{} was graded with --reveal {}, {} with --reveal {}: grade every shard with the same --reveal",
        first.display(),
        first_reveal.as_str(),
        file.display(),
        reveal.as_str()
    )]
    DifferentReveal {
        /// The first report.
        first: PathBuf,
        /// Its level.
        first_reveal: Reveal,
        /// The report that differs from it.
        file: PathBuf,
        /// Its level.
        reveal: Reveal,
    },
    /// Shards of different runs: another filter, sharding or number of items.
    #[error(
        "{} and {} are shards of different runs (another --filter, or other submissions)",
        first.display(),
        file.display()
    )]
    DifferentRuns {
        /// The first report.
        first: PathBuf,
        /// The report that differs from it.
        file: PathBuf,
    },
    /// Shards of `--partition K/N` with different N.
    #[error(
        "{} is shard {}, {} shard {}: shards of one run have the same N",
        first.display(),
        shown(*first_shard),
        file.display(),
        shown(*shard)
    )]
    DifferentCounts {
        /// The first report.
        first: PathBuf,
        /// Its shard.
        first_shard: Partition,
        /// The report that differs from it.
        file: PathBuf,
        /// That one's shard.
        shard: Partition,
    },
    /// The same shard given twice.
    #[error(
        "{} and {} are both shard {}",
        first.display(),
        file.display(),
        shown(*shard)
    )]
    SameShard {
        /// One report.
        first: PathBuf,
        /// The other.
        file: PathBuf,
        /// Their shard.
        shard: Partition,
    },
    /// Shards of `1..N` not given.
    #[error(
        "shard {} missing: given {}",
        missing.iter().map(|p| shown(*p)).collect::<Vec<_>>().join(", "),
        given_list(given)
    )]
    MissingShards {
        /// The shards not given.
        missing: Vec<Partition>,
        /// The reports given and their shards.
        given: Vec<(PathBuf, Partition)>,
    },
    /// A `check` or `doc` report without its `exercises`.
    #[error("{}: a check report without exercises", file.display())]
    NoExercises {
        /// The report.
        file: PathBuf,
    },
    /// `check` shards that list different exercises.
    #[error("{} and {} list different exercises", first.display(), file.display())]
    DifferentLists {
        /// The first report.
        first: PathBuf,
        /// The report that differs from it.
        file: PathBuf,
    },
    /// A `grade` report without its `students`.
    #[error("{}: a grade report without students", file.display())]
    NoStudents {
        /// The report.
        file: PathBuf,
    },
    /// A shard of one submission's exercises that holds no student, or several.
    #[error("{}: not the report of one submission", file.display())]
    NotOneSubmission {
        /// The report.
        file: PathBuf,
    },
    /// Shards of one submission's exercises that grade different submissions.
    #[error(
        "{} and {} grade different submissions",
        first.display(),
        file.display()
    )]
    DifferentSubmissions {
        /// The first report.
        first: PathBuf,
        /// The report that differs from it.
        file: PathBuf,
    },
    /// A shard that holds more or fewer items than `--partition` gives it.
    #[error(
        "{} (shard {}) holds {holds} {what}, not the {expected} of its share of {items}",
        file.display(),
        shown(*shard)
    )]
    WrongShare {
        /// The report.
        file: PathBuf,
        /// Its shard.
        shard: Partition,
        /// How many items it holds.
        holds: usize,
        /// What the items are: `students` or `exercises`.
        what: &'static str,
        /// How many it should hold.
        expected: usize,
        /// How many items the run divided.
        items: usize,
    },
    /// `merge` was given no report.
    #[error("no shards")]
    NoShards,
}

/// Why a text is not a JSON report that can be read back.
const NOT_A_REPORT: &str = "not a snipcheck JSON report";

/// A shard as `--partition` writes it: `K/N`.
fn shown(p: Partition) -> String {
    format!("{}/{}", p.index, p.count)
}

/// The reports given, each with its shard: `a.json (1/3), c.json (3/3)`.
fn given_list(given: &[(PathBuf, Partition)]) -> String {
    let shown = |(file, p): &(PathBuf, Partition)| format!("{} ({})", file.display(), shown(*p));
    given.iter().map(shown).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tests of `merge` match on these sentences.
    #[test]
    fn refusals_name_the_files_and_shards() {
        let shard = |index| Partition { index, count: 3 };
        let missing = ReportError::MissingShards {
            missing: vec![shard(2)],
            given: vec![("a.json".into(), shard(1)), ("c.json".into(), shard(3))],
        };
        assert_eq!(
            missing.to_string(),
            "shard 2/3 missing: given a.json (1/3), c.json (3/3)"
        );
        let twice = ReportError::SameShard {
            first: "a.json".into(),
            file: "b.json".into(),
            shard: shard(1),
        };
        assert_eq!(twice.to_string(), "a.json and b.json are both shard 1/3");
    }

    /// serde_json's error, with its line and column, is the cause of a file that is no report.
    #[test]
    fn a_file_that_is_no_json_keeps_the_position() {
        let source = serde_json::from_str::<serde_json::Value>("{").expect_err("not JSON");
        let error = ReportError::NotAReport {
            path: "a.json".into(),
            source,
        };
        assert_eq!(error.to_string(), "a.json: not a snipcheck JSON report");
        let cause = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(
            cause.as_deref(),
            Some("EOF while parsing an object at line 1 column 1")
        );
    }
}
