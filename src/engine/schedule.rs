//! The scheduler: pure policy, no processes. It is told which jobs are left to do and,
//! as each unit of work finishes, what came of it, and it answers with the work that must
//! follow: which jobs share a batch, how a batch is cut, which members of a finished batch
//! go alone or are batched again, and when nothing is left. Whether a batched result
//! stands is the runner's to say: a passing one does, and a failing one only where a
//! rendered batch tells the snippet's output as it is alone; every other failure a user
//! sees comes from rustc run on the snippet by itself.

use std::collections::BTreeMap;

use crate::engine::job::BatchKind;

/// Snippets in one batch at most.
const MAX_BATCH: usize = 64;

/// A unit of work, naming jobs by their index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Work {
    /// Compile (and run) one job alone.
    Solo(usize),
    /// Compile these jobs as one crate of their group's kind.
    Batch(Vec<usize>, BatchKind),
}

/// A job that still needs doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pending<K> {
    /// Its index.
    pub(crate) id: usize,
    /// The batch it may join: its group (jobs of one group may share a batch) and kind.
    pub(crate) batch: Option<(K, BatchKind)>,
    /// Whether it runs a program when compiled alone.
    pub(crate) runs: bool,
    /// Whether an earlier run found its compile alone slow, or crashing rustc: it is
    /// never batched, and starts first.
    pub(crate) known_alone: bool,
}

/// What became of one member of a finished batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    /// Its result stands: it passes, or a rendered batch told it as it is alone.
    Passed,
    /// Its result fails: only a compile alone may say so.
    Failed,
    /// It has an error that could hide other members' diagnostics (a codeless error such
    /// as a parse error; any error in a batch expected to compile).
    Suspicious,
    /// Not judged, because another member has errors (its program never ran, and those
    /// errors may hide its own).
    Held,
    /// Its program did not run to an end of its own (a timeout, say).
    Unfinished,
}

/// What a finished unit of work told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finished {
    /// The results are final: a job compiled (and ran) alone, or a run interrupted.
    Settled,
    /// A batch that tells nothing (a crash, a diagnostic of no member), and the job
    /// likeliest to be why, when one is known.
    Trouble(Vec<usize>, BatchKind, Option<usize>),
    /// A batch that ran out of time.
    TimedOut(Vec<usize>),
    /// A batch that compiled, with what became of each member, in order.
    Batch(Vec<usize>, BatchKind, Vec<Member>),
}

/// Decides the first work and what follows each result.
#[derive(Debug)]
pub(crate) struct Scheduler {
    workers: usize,
}

impl Scheduler {
    /// A scheduler that cuts batches to keep `workers` compiles busy.
    pub(crate) fn new(workers: usize) -> Scheduler {
        Scheduler {
            workers: workers.max(1),
        }
    }

    /// The first work for `pending`: batchable jobs grouped and cut into batches, the rest
    /// alone, the longest work first.
    pub(crate) fn start<K: Ord>(&self, pending: Vec<Pending<K>>) -> Vec<Work> {
        let mut groups: BTreeMap<(K, BatchKind), Vec<usize>> = BTreeMap::new();
        let mut solo = Vec::new();
        for job in pending {
            match job.batch {
                Some(group) => groups.entry(group).or_default().push(job.id),
                None => solo.push(job),
            }
        }
        let mut work: Vec<(u8, Work)> = Vec::new();
        for ((_, kind), members) in groups {
            let rank = if kind.runs() { 1 } else { 2 };
            work.extend(split(members, kind, self.workers).map(|w| (rank, w)));
        }
        work.extend(solo.into_iter().map(|job| {
            let rank = match (job.known_alone, job.runs) {
                (true, _) => 0,
                (false, true) => 3,
                (false, false) => 4,
            };
            (rank, Work::Solo(job.id))
        }));
        // The longest first, so no worker is left with a long tail: the checks known to
        // compile alone (slow ones among them), batches that build and run programs (a
        // program may sleep), other batches, then checks alone, those that run a program
        // first. The sort is stable: groups keep their order.
        work.sort_by_key(|(rank, _)| *rank);
        work.into_iter().map(|(_, w)| w).collect()
    }

    /// Records a finished unit of work and returns what must follow it.
    pub(crate) fn finished(&self, finished: Finished) -> Vec<Work> {
        match finished {
            Finished::Settled => Vec::new(),
            Finished::Trouble(ids, kind, suspect) => after_trouble(ids, kind, suspect),
            // Halving it again could run out of time at every level, each time costing the
            // whole timeout; alone, the members run side by side and only the slow one waits.
            Finished::TimedOut(ids) => ids.into_iter().map(Work::Solo).collect(),
            Finished::Batch(ids, kind, members) => after_batch(&ids, kind, &members),
        }
    }
}

/// A batch that tells nothing is split in two; one member alone compiles solo. A suspect
/// compiles alone, and the rest is split in two as well: if the suspect was why, both
/// halves tell; if not, halving still ends at the one that was.
fn after_trouble(ids: Vec<usize>, kind: BatchKind, suspect: Option<usize>) -> Vec<Work> {
    let mut work = Vec::new();
    let ids: Vec<usize> = match suspect.filter(|s| ids.len() > 1 && ids.contains(s)) {
        Some(suspect) => {
            work.push(Work::Solo(suspect));
            ids.into_iter().filter(|&id| id != suspect).collect()
        }
        None => ids,
    };
    if let [only] = ids.as_slice() {
        work.push(Work::Solo(*only));
        return work;
    }
    let (left, right) = ids.split_at(ids.len() / 2);
    work.extend([rebatch(left.to_vec(), kind), rebatch(right.to_vec(), kind)]);
    work
}

/// Suspicious members go alone and the held ones are batched again without them (a member
/// that stands while others are held is a lazy answer its own errors settle). Otherwise
/// each passing member stands, an unfinished program goes alone, and the failing members
/// go alone, except in a compile-fail batch where some passed: rustc leaves out later
/// phases (type, borrow checking) once an earlier one found errors, so a member may miss
/// its error only because of another's, and the failing ones are batched again among
/// themselves (each such batch smaller than the last).
fn after_batch(ids: &[usize], kind: BatchKind, members: &[Member]) -> Vec<Work> {
    let with = |wanted: &[Member]| -> Vec<usize> {
        ids.iter()
            .zip(members)
            .filter(|(_, m)| wanted.contains(m))
            .map(|(&id, _)| id)
            .collect()
    };
    let suspicious = with(&[Member::Suspicious]);
    if !suspicious.is_empty() || members.contains(&Member::Held) {
        let mut work: Vec<Work> = suspicious.into_iter().map(Work::Solo).collect();
        let again = with(&[Member::Failed, Member::Held, Member::Unfinished]);
        if !again.is_empty() {
            work.push(rebatch(again, kind));
        }
        return work;
    }
    let mut work: Vec<Work> = with(&[Member::Unfinished])
        .into_iter()
        .map(Work::Solo)
        .collect();
    let failed = with(&[Member::Failed]);
    let progress = members.contains(&Member::Passed);
    if kind == BatchKind::CompileFail && progress && failed.len() > 1 {
        work.push(rebatch(failed, kind));
    } else {
        work.extend(failed.into_iter().map(Work::Solo));
    }
    work
}

/// A batch of two or more, or the single job alone.
fn rebatch(ids: Vec<usize>, kind: BatchKind) -> Work {
    match ids.as_slice() {
        [only] => Work::Solo(*only),
        _ => Work::Batch(ids, kind),
    }
}

/// Cuts a group into batches: enough to keep every worker busy, at most `MAX_BATCH` each.
fn split(members: Vec<usize>, kind: BatchKind, workers: usize) -> impl Iterator<Item = Work> {
    let size = members.len().div_ceil(workers).clamp(2, MAX_BATCH);
    let chunks: Vec<Vec<usize>> = members.chunks(size).map(<[usize]>::to_vec).collect();
    chunks.into_iter().map(move |chunk| rebatch(chunk, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAIL: BatchKind = BatchKind::CompileFail;
    const PASS: BatchKind = BatchKind::CompilePass;
    const RUN: BatchKind = BatchKind::Run;

    fn pending(
        id: usize,
        batch: Option<(&'static str, BatchKind)>,
        runs: bool,
    ) -> Pending<&'static str> {
        Pending {
            id,
            batch,
            runs,
            known_alone: false,
        }
    }

    #[test]
    fn groups_split_to_keep_workers_busy() {
        let work: Vec<Work> = split((0..10).collect(), FAIL, 2).collect();
        assert_eq!(
            work,
            [
                Work::Batch((0..5).collect(), FAIL),
                Work::Batch((5..10).collect(), FAIL)
            ]
        );
        assert_eq!(split((0..200).collect(), RUN, 2).count(), 4, "64 at most");
        assert_eq!(split(vec![7], FAIL, 2).collect::<Vec<_>>(), [Work::Solo(7)]);
    }

    #[test]
    fn batches_by_group_and_the_longest_work_first() {
        let scheduler = Scheduler::new(1);
        let work = scheduler.start(vec![
            pending(0, None, false),
            pending(1, Some(("a", FAIL)), false),
            pending(2, None, true),
            pending(3, Some(("b", FAIL)), false),
            pending(4, Some(("a", FAIL)), false),
            pending(5, Some(("a", RUN)), true),
            pending(6, Some(("a", RUN)), true),
            Pending {
                known_alone: true,
                ..pending(7, None, false)
            },
        ]);
        assert_eq!(
            work,
            [
                Work::Solo(7),
                Work::Batch(vec![5, 6], RUN),
                Work::Batch(vec![1, 4], FAIL),
                Work::Solo(3),
                Work::Solo(2),
                Work::Solo(0),
            ]
        );
    }

    #[test]
    fn passing_members_stand_and_failing_ones_go_alone() {
        let members = [Member::Passed, Member::Failed, Member::Unfinished];
        assert_eq!(
            after_batch(&[10, 11, 12], RUN, &members),
            [Work::Solo(12), Work::Solo(11)]
        );
        let all_pass = [Member::Passed, Member::Passed];
        assert!(after_batch(&[1, 2], PASS, &all_pass).is_empty());
    }

    #[test]
    fn suspicious_members_go_alone_and_the_rest_is_batched_again() {
        let members = [Member::Held, Member::Suspicious, Member::Held, Member::Held];
        assert_eq!(
            after_batch(&[1, 2, 3, 4], FAIL, &members),
            [Work::Solo(2), Work::Batch(vec![1, 3, 4], FAIL)]
        );
        let two = [Member::Suspicious, Member::Held];
        assert_eq!(
            after_batch(&[1, 2], PASS, &two),
            [Work::Solo(1), Work::Solo(2)]
        );
    }

    #[test]
    fn members_settled_by_their_errors_stand_and_the_held_are_batched_again() {
        let members = [
            Member::Held,
            Member::Passed,
            Member::Held,
            Member::Suspicious,
        ];
        assert_eq!(
            after_batch(&[1, 2, 3, 4], RUN, &members),
            [Work::Solo(4), Work::Batch(vec![1, 3], RUN)]
        );
        let settled = [Member::Passed, Member::Held];
        assert_eq!(after_batch(&[1, 2], RUN, &settled), [Work::Solo(2)]);
    }

    #[test]
    fn compile_fail_members_are_rebatched_while_some_pass() {
        let members = [Member::Passed, Member::Failed, Member::Failed];
        assert_eq!(
            after_batch(&[1, 2, 3], FAIL, &members),
            [Work::Batch(vec![2, 3], FAIL)]
        );
        // None passed: no progress, so each goes alone.
        let none = [Member::Failed, Member::Failed];
        assert_eq!(
            after_batch(&[1, 2], FAIL, &none),
            [Work::Solo(1), Work::Solo(2)]
        );
        // Other kinds never rebatch failures.
        assert_eq!(
            after_batch(&[1, 2, 3], PASS, &members),
            [Work::Solo(2), Work::Solo(3)]
        );
    }

    #[test]
    fn trouble_splits_in_halves_down_to_one() {
        assert_eq!(
            after_trouble(vec![1, 2, 3], FAIL, None),
            [Work::Solo(1), Work::Batch(vec![2, 3], FAIL)]
        );
        assert_eq!(after_trouble(vec![4], FAIL, None), [Work::Solo(4)]);
    }

    #[test]
    fn a_suspect_goes_alone_and_the_rest_is_halved() {
        assert_eq!(
            after_trouble(vec![1, 2, 3, 4, 5], FAIL, Some(3)),
            [
                Work::Solo(3),
                Work::Batch(vec![1, 2], FAIL),
                Work::Batch(vec![4, 5], FAIL)
            ]
        );
        assert_eq!(
            after_trouble(vec![1, 2], FAIL, Some(2)),
            [Work::Solo(2), Work::Solo(1)]
        );
        assert_eq!(
            after_trouble(vec![1, 2], FAIL, Some(9)),
            [Work::Solo(1), Work::Solo(2)],
            "a suspect not in the batch is ignored"
        );
    }

    #[test]
    fn a_batch_out_of_time_goes_alone_at_once() {
        let scheduler = Scheduler::new(2);
        let next = scheduler.finished(Finished::TimedOut(vec![5, 6, 7, 8]));
        let alone: Vec<Work> = (5..=8).map(Work::Solo).collect();
        assert_eq!(next, alone);
    }

    #[test]
    fn each_result_leads_to_its_follow_ups() {
        let scheduler = Scheduler::new(2);
        let group = Some(("g", FAIL));
        let work = scheduler.start(vec![pending(0, group, false), pending(1, group, false)]);
        assert_eq!(work, [Work::Batch(vec![0, 1], FAIL)]);
        let next = scheduler.finished(Finished::Trouble(vec![0, 1], FAIL, None));
        assert_eq!(next, [Work::Solo(0), Work::Solo(1)]);
        assert!(scheduler.finished(Finished::Settled).is_empty());
        let batch = Finished::Batch(vec![0, 1], FAIL, vec![Member::Passed, Member::Failed]);
        assert_eq!(scheduler.finished(batch), [Work::Solo(1)]);
    }
}
