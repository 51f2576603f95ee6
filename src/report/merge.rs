//! Merging shards (`snipcheck merge`): the JSON reports of `--partition K/N` runs read back
//! and put together into the results of the whole run, in the order the unsharded run gives
//! them, so every reporter renders the whole run. Reports that do not belong together — of
//! different runs, exercise sets or versions, the same shard twice, a shard missing — are
//! refused with the files named.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::error::ReportError;
use super::json::read::{parse, ReadReport, ReadResults};
use super::{Command, RunInfo, Sharded};
use crate::engine::results::{ExerciseResult, Summary};
use crate::grade::{student_result, GradeSummary, StudentResult};
use crate::model::discover::{filtered_out, Partition};

/// The whole run, put together from its shards.
#[derive(Debug)]
pub(crate) struct Merged {
    /// What the run was; no partition.
    pub(crate) run: RunInfo,
    /// Its results and totals.
    pub(crate) results: MergedResults,
}

/// The results of a merged run, with the totals added up again.
#[derive(Debug)]
pub(crate) enum MergedResults {
    /// A `check` run.
    Check(Vec<ExerciseResult>, Summary),
    /// A `grade` run.
    Grade(Vec<StudentResult>, GradeSummary),
}

/// One report given to `merge`.
struct Shard {
    file: PathBuf,
    report: ReadReport,
    partition: Partition,
}

/// Reads the reports in `files` and merges them into the report of the whole run. A single
/// report of an unsharded run is read back as it is.
pub(crate) fn merge(files: &[PathBuf]) -> Result<Merged, ReportError> {
    let reports = files
        .iter()
        .map(|file| read(file))
        .collect::<Result<Vec<_>, _>>()?;
    let shards = in_order(reports)?;
    let mut run = shards[0].report.run.clone();
    run.partition = None;
    let duration = shards.iter().map(|s| s.report.duration).max();
    let results = match run.command {
        Command::Check => merge_check(shards, &run)?,
        Command::Doc => in_working_dir(merge_check(shards, &run)?),
        Command::Grade => merge_grade(shards, &run)?,
    };
    Ok(Merged {
        run,
        results: results.with_duration(duration.unwrap_or_default()),
    })
}

/// A `doc` run's blocks name their files from the working directory.
fn in_working_dir(results: MergedResults) -> MergedResults {
    match results {
        MergedResults::Check(mut blocks, summary) => {
            for block in &mut blocks {
                block.root = Some(PathBuf::new());
            }
            MergedResults::Check(blocks, summary)
        }
        grade => grade,
    }
}

fn read(file: &Path) -> Result<(PathBuf, ReadReport), ReportError> {
    let text = std::fs::read_to_string(file).map_err(|source| ReportError::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let report = parse(file, &text)?;
    Ok((file.to_path_buf(), report))
}

/// The reports as shards 1..N in order, once each checked that they belong together.
fn in_order(reports: Vec<(PathBuf, ReadReport)>) -> Result<Vec<Shard>, ReportError> {
    let single = reports.len() == 1;
    let mut shards = Vec::new();
    for (file, report) in reports {
        let partition = match report.run.partition {
            Some(p) => p,
            None if single => Partition { index: 1, count: 1 },
            None => return Err(ReportError::WholeRun { file }),
        };
        if let Some(first) = shards.first() {
            same_run(first, &file, &report.run, partition)?;
        }
        shards.push(Shard {
            file,
            report,
            partition,
        });
    }
    shards.sort_by_key(|s| s.partition.index);
    complete(&shards)?;
    Ok(shards)
}

/// Refuses a report that is not a shard of the same run as `first`.
fn same_run(
    first: &Shard,
    file: &Path,
    run: &RunInfo,
    partition: Partition,
) -> Result<(), ReportError> {
    let (first_file, file) = (first.file.clone(), file.to_path_buf());
    let base = &first.report.run;
    let refusal = if run.command != base.command {
        ReportError::DifferentCommands {
            first: first_file,
            file,
        }
    } else if run.version != base.version {
        ReportError::DifferentVersions {
            first: first_file,
            first_version: base.version.clone(),
            file,
            version: run.version.clone(),
        }
    } else if run.fingerprint != base.fingerprint {
        ReportError::DifferentExerciseSets {
            first: first_file,
            file,
        }
    } else if run.filter != base.filter || run.sharded != base.sharded || run.items != base.items {
        ReportError::DifferentRuns {
            first: first_file,
            file,
        }
    } else if run.reveal != base.reveal {
        ReportError::DifferentReveal {
            first: first_file,
            first_reveal: base.reveal,
            file,
            reveal: run.reveal,
        }
    } else if partition.count != first.partition.count {
        ReportError::DifferentCounts {
            first: first_file,
            first_shard: first.partition,
            file,
            shard: partition,
        }
    } else if partition.index == first.partition.index {
        ReportError::SameShard {
            first: first_file,
            file,
            shard: partition,
        }
    } else {
        return Ok(());
    };
    Err(refusal)
}

/// Refuses shards sorted by K that are not exactly 1..N, naming each file given.
fn complete(shards: &[Shard]) -> Result<(), ReportError> {
    let count = shards[0].partition.count;
    for (pair, next) in shards.iter().zip(shards.iter().skip(1)) {
        if pair.partition.index == next.partition.index {
            return Err(ReportError::SameShard {
                first: pair.file.clone(),
                file: next.file.clone(),
                shard: next.partition,
            });
        }
    }
    let missing: Vec<Partition> = (1..=count)
        .filter(|k| !shards.iter().any(|s| s.partition.index == *k))
        .map(|index| Partition { index, count })
        .collect();
    if !missing.is_empty() {
        let given = shards
            .iter()
            .map(|s| (s.file.clone(), s.partition))
            .collect();
        return Err(ReportError::MissingShards { missing, given });
    }
    Ok(())
}

impl MergedResults {
    fn with_duration(mut self, duration: Duration) -> MergedResults {
        match &mut self {
            MergedResults::Check(_, summary) => summary.duration = duration,
            MergedResults::Grade(_, summary) => summary.duration = duration,
        }
        self
    }
}

/// A `check` shard lists every exercise, those of other shards as skipped: each exercise
/// comes from the shard `--partition` gave it to.
fn merge_check(shards: Vec<Shard>, run: &RunInfo) -> Result<MergedResults, ReportError> {
    let count = shards.len();
    let mut lists = Vec::new();
    for shard in shards {
        let ReadResults::Check(exercises) = shard.report.results else {
            return Err(ReportError::NoExercises { file: shard.file });
        };
        lists.push((shard.file, exercises));
    }
    same_exercises(&lists)?;
    let mut columns: Vec<_> = lists.into_iter().map(|(_, e)| e.into_iter()).collect();
    let mut exercises = Vec::new();
    let mut position = 0;
    while let Some(mut row) = columns
        .iter_mut()
        .map(Iterator::next)
        .collect::<Option<Vec<ExerciseResult>>>()
    {
        let path = super::shown_path(&row[0].path);
        let owner = if filtered_out(run.filter.as_deref(), &path) {
            0
        } else {
            position += 1;
            (position - 1) % count
        };
        exercises.push(row.swap_remove(owner));
    }
    let mut summary = Summary::default();
    for exercise in &exercises {
        summary.count(exercise.status);
    }
    Ok(MergedResults::Check(exercises, summary))
}

/// Refuses `check` shards that do not list the same exercises.
fn same_exercises(lists: &[(PathBuf, Vec<ExerciseResult>)]) -> Result<(), ReportError> {
    let paths = |list: &[ExerciseResult]| list.iter().map(|e| e.path.clone()).collect::<Vec<_>>();
    let (first, first_list) = &lists[0];
    for (file, list) in &lists[1..] {
        if paths(list) != paths(first_list) {
            return Err(ReportError::DifferentLists {
                first: first.clone(),
                file: file.clone(),
            });
        }
    }
    Ok(())
}

/// A `grade` shard holds only its own items (students, or one student's exercises): they
/// are dealt back in turn, shard 1 first, as `--partition` dealt them out.
fn merge_grade(shards: Vec<Shard>, run: &RunInfo) -> Result<MergedResults, ReportError> {
    let count = shards.len();
    let mut invalid = Vec::new();
    let mut lists = Vec::new();
    for shard in shards {
        let ReadResults::Grade(students, invalid_exercises) = shard.report.results else {
            return Err(ReportError::NoStudents { file: shard.file });
        };
        invalid.push(invalid_exercises);
        lists.push((shard.file, shard.partition, students));
    }
    let students = match run.sharded {
        Sharded::Students => {
            let lists = sized(lists, run.items, |s| s.len(), "students")?;
            deal(lists, count)
        }
        Sharded::Exercises => vec![one_student(lists, run.items, count)?],
    };
    let mut summary = GradeSummary::default();
    for student in &students {
        summary.add(student);
    }
    summary.invalid_exercises = match run.sharded {
        Sharded::Students => invalid.into_iter().max().unwrap_or(0),
        Sharded::Exercises => invalid.into_iter().sum(),
    };
    Ok(MergedResults::Grade(students, summary))
}

/// The one student of shards that divided its exercises, with all of them.
fn one_student(
    lists: Vec<(PathBuf, Partition, Vec<StudentResult>)>,
    items: usize,
    count: usize,
) -> Result<StudentResult, ReportError> {
    let mut student = None;
    let mut exercises = Vec::new();
    for (file, partition, students) in lists {
        let [one] = <[StudentResult; 1]>::try_from(students)
            .map_err(|_| ReportError::NotOneSubmission { file: file.clone() })?;
        match &student {
            None => student = Some((file.clone(), one.student.clone())),
            Some((first, s)) if *s != one.student => {
                return Err(ReportError::DifferentSubmissions {
                    first: first.clone(),
                    file,
                })
            }
            Some(_) => {}
        }
        exercises.push((file, partition, one.exercises));
    }
    let lists = sized(exercises, items, |e| e.len(), "exercises")?;
    let (_, student) = student.ok_or(ReportError::NoShards)?;
    Ok(student_result(student, deal(lists, count)))
}

/// The lists of shards, each checked to hold as many `what` as `--partition` gives its
/// shard out of `items`.
fn sized<T>(
    lists: Vec<(PathBuf, Partition, T)>,
    items: usize,
    len: impl Fn(&T) -> usize,
    what: &'static str,
) -> Result<Vec<T>, ReportError> {
    lists
        .into_iter()
        .map(|(file, p, list)| {
            let expected = (items + p.count - p.index) / p.count;
            if len(&list) != expected {
                return Err(ReportError::WrongShare {
                    file,
                    shard: p,
                    holds: len(&list),
                    what,
                    expected,
                    items,
                });
            }
            Ok(list)
        })
        .collect()
}

/// Deals the items of `count` shards back into one list: item `i` of the run is item
/// `i / count` of shard `i % count`.
fn deal<T>(lists: Vec<Vec<T>>, count: usize) -> Vec<T> {
    let mut columns: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
    let mut all = Vec::new();
    for turn in 0.. {
        match columns[turn % count].next() {
            Some(item) => all.push(item),
            None => break,
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dealing_restores_the_order_of_the_run() {
        let items: Vec<usize> = (0..7).collect();
        let shards: Vec<Vec<usize>> = (0..3)
            .map(|k| items.iter().copied().filter(|i| i % 3 == k).collect())
            .collect();
        assert_eq!(deal(shards, 3), items);
    }

    #[test]
    fn each_shard_holds_its_share() {
        let list = |index, n: usize| (PathBuf::from("x.json"), Partition { index, count: 3 }, n);
        let ok = sized(
            vec![list(1, 2), list(2, 1), list(3, 1)],
            4,
            |n| *n,
            "students",
        );
        assert_eq!(ok.expect("shares of 4"), vec![2, 1, 1]);
        let short = sized(vec![list(1, 1)], 4, |n| *n, "students");
        let message = short.expect_err("one too few").to_string();
        assert_eq!(
            message,
            "x.json (shard 1/3) holds 1 students, not the 2 of its share of 4"
        );
    }
}
