//! The results of a run as they come in: the checks each exercise needs (its targets,
//! and a job for each), each exercise's judged checks collected until it is complete, and
//! finished exercises handed over in order, as soon as every exercise before them is,
//! with the run's totals.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

use crate::compile::deps;
use crate::compile::error::DepsError;
use crate::engine::audit;
use crate::engine::collect::Ordered;
use crate::engine::job::{Job, Target};
use crate::engine::judge;
use crate::engine::results::{CheckResult, ExerciseResult, Status, Summary};
use crate::model::audit::Audit;
use crate::model::discover::Entry;
use crate::model::exercise::Exercise;

/// Every dependency set of a run, built or with the reason it could not be.
pub(crate) type Prebuilts = BTreeMap<String, Result<deps::Prebuilt, DepsError>>;

/// The checks of one exercise as they come in: its judged results and their time.
type Part = (Vec<CheckResult>, Duration);

/// Each exercise's checks, collected and handed over in order, and the run's totals.
pub(crate) struct Results<'e> {
    entries: &'e [Entry],
    /// Each entry's audit, with `check --audit`.
    audits: &'e [Option<Audit>],
    /// Each entry's targets, in the order of its parts.
    targets: Vec<Vec<Target>>,
    ordered: Ordered<Part>,
    no_compiler: Option<&'e str>,
    /// The run's totals so far.
    pub(crate) summary: Summary,
}

impl<'e> Results<'e> {
    pub(crate) fn new(
        entries: &'e [Entry],
        audits: &'e [Option<Audit>],
        no_compiler: Option<&'e str>,
    ) -> Results<'e> {
        let targets: Vec<Vec<Target>> = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| match no_compiler {
                None => targets(entry, audits.get(i).and_then(Option::as_ref)),
                Some(_) => Vec::new(),
            })
            .collect();
        Results {
            entries,
            audits,
            ordered: Ordered::new(targets.iter().map(Vec::len)),
            targets,
            no_compiler,
            summary: Summary::default(),
        }
    }

    /// The jobs of every exercise to run, each with its entry index; a job whose inputs
    /// cannot be read, or a submission (or lazy answer) that breaks the reference API,
    /// completes at once with its result.
    pub(crate) fn make_jobs(
        &mut self,
        prebuilts: &Prebuilts,
        package: bool,
    ) -> Vec<(usize, Job<'e>)> {
        let mut jobs = Vec::new();
        // Every student's submission to an exercise is checked against one reference API:
        // its solution is read once.
        let mut solutions: HashMap<&Path, Option<String>> = HashMap::new();
        let (entries, audits) = (self.entries, self.audits);
        for (index, entry) in entries.iter().enumerate() {
            let Some(ex) = entry.exercise() else { continue };
            let submission = match entry {
                Entry::Submitted(_, submission) => Some(submission),
                _ => None,
            };
            let deps = deps::for_exercise(ex, package, prebuilts);
            let answers = audits[index].as_ref().map_or(&[][..], |a| &a.answers);
            for target in self.targets[index].clone() {
                let job = match target {
                    Target::Lazy(i) => Job::lazy(ex, i, &answers[i], deps.as_ref()),
                    _ => Job::new(ex, target, submission, deps.as_ref()),
                };
                // A broken reference API settles the check without rustc.
                let job = job.and_then(|job| {
                    let solution = match (target, ex.solution_file.as_deref()) {
                        (Target::Submission | Target::Lazy(_), Some(path)) => solutions
                            .entry(path)
                            .or_insert_with(|| solution_text(ex))
                            .as_deref(),
                        _ => None,
                    };
                    match solution.and_then(|text| judge::api(&job, text)) {
                        Some(failed) => Err(Box::new(audit::verdict(&job, failed))),
                        None => Ok(job),
                    }
                });
                match job {
                    Ok(job) => jobs.push((index, job)),
                    Err(result) => self.put(index, target, vec![*result], Duration::ZERO),
                }
            }
        }
        jobs
    }

    pub(crate) fn put(
        &mut self,
        entry: usize,
        target: Target,
        checks: Vec<CheckResult>,
        took: Duration,
    ) {
        let part = self.targets[entry]
            .iter()
            .position(|t| *t == target)
            .unwrap_or_default();
        self.ordered.put(entry, part, (checks, took));
    }

    /// Hands over every finished exercise whose predecessors are all handed over.
    pub(crate) fn deliver(&mut self, on_result: &mut impl FnMut(usize, &ExerciseResult)) {
        for (index, parts) in self.ordered.ready() {
            let audit = self.audits.get(index).and_then(Option::as_ref);
            let result = finish(&self.entries[index], parts, audit, self.no_compiler);
            self.summary.count(result.status);
            on_result(index, &result);
        }
    }
}
/// The text of the exercise's `solution.rs`, when it ships a readable one.
pub(crate) fn solution_text(ex: &Exercise) -> Option<String> {
    std::fs::read_to_string(ex.solution_file.as_deref()?).ok()
}

/// What is checked of an entry: a submission alone, else the snippet and the solution,
/// then the lazy answers of its audit.
fn targets(entry: &Entry, audit: Option<&Audit>) -> Vec<Target> {
    match entry {
        Entry::Submitted(..) => vec![Target::Submission],
        Entry::Run(ex) => std::iter::once(Target::Snippet)
            .chain((ex.solution_file.is_some() || ex.solution_declared).then_some(Target::Solution))
            .chain((0..audit.map_or(0, |a| a.answers.len())).map(Target::Lazy))
            .collect(),
        Entry::Invalid { .. } | Entry::Skipped { .. } => Vec::new(),
    }
}

/// An entry's result from its parts, in order, with the audit checks that compile
/// nothing: the shipped snippet judged by `[expect]` before the answers compiled, the
/// answers left out after them.
fn finish(
    entry: &Entry,
    parts: Vec<Part>,
    audit: Option<&Audit>,
    no_compiler: Option<&str>,
) -> ExerciseResult {
    match entry {
        Entry::Run(ex) | Entry::Submitted(ex, _) => {
            let duration = parts.iter().map(|(_, took)| *took).sum();
            let mut checks: Vec<CheckResult> = parts.into_iter().flat_map(|(c, _)| c).collect();
            if let Some(audit) = audit.filter(|_| no_compiler.is_none()) {
                let at = checks.iter().position(|c| c.checked.is_lazy());
                let at = at.unwrap_or(checks.len());
                let judged = audit::judged_by_expect(audit, ex, &checks);
                checks.splice(at..at, judged);
                checks.extend(audit::left_out(audit, ex));
            }
            let (status, message) = match no_compiler {
                Some(why) => (Status::Error, Some(why.to_owned())),
                None => (worst(&checks), None),
            };
            ExerciseResult {
                path: ex.dir().to_path_buf(),
                name: ex.name.clone(),
                title: Some(ex.title.clone()),
                status,
                points: ex.points,
                message,
                checks,
                duration,
                location: None,
                root: None,
            }
        }
        Entry::Invalid { dir, error } => ExerciseResult::invalid(dir, error),
        Entry::Skipped { dir, reason } => {
            ExerciseResult::without_checks(dir, Status::Skipped, reason.clone())
        }
    }
}

/// An exercise's status: the worst of its checks; a check left out (an audit's answer)
/// says nothing of the exercise.
fn worst(checks: &[CheckResult]) -> Status {
    checks
        .iter()
        .map(|c| c.status)
        .filter(|s| *s != Status::Skipped)
        .max()
        .unwrap_or(Status::Pass)
}
