//! Progress through a course: the state file applied to the course's exercises (what is
//! done, which one is current, moving on), rebuilt by checking the exercises again when
//! the file is missing or unreadable.

use std::collections::BTreeSet;

use super::course::Course;
use super::error::LearnError;
use super::state::{self, Loaded, State};

/// A course and the learner's progress through it.
#[derive(Debug)]
pub(crate) struct Progress {
    /// The course.
    pub(crate) course: Course,
    state: State,
}

impl Progress {
    /// Reads the course's progress. When the file is missing or corrupt, `rebuild` returns
    /// the ids of the exercises solved now, and the result is saved; the second value then
    /// says what happened, for the learner.
    pub(crate) fn open(
        course: Course,
        rebuild: impl FnOnce(&Course) -> Result<BTreeSet<String>, LearnError>,
    ) -> Result<(Progress, Option<String>), LearnError> {
        let state_dir = course.state_dir();
        let notice = match state::load(&state_dir) {
            Loaded::Found(state) => return Ok((Progress { course, state }, None)),
            Loaded::Missing => None,
            Loaded::Corrupt(why) => Some(format!(
                "{} was unreadable ({why}): progress rebuilt by checking every exercise",
                state::path(&state_dir).display()
            )),
        };
        let done = rebuild(&course)?;
        let mut progress = Progress {
            course,
            state: State::new(None, done),
        };
        progress.state.current = progress.first_pending().map(|i| progress.id(i));
        progress.save()?;
        Ok((progress, notice))
    }

    /// A fresh course's progress: nothing done, the first exercise current.
    pub(crate) fn fresh(course: Course) -> Progress {
        let current = course.items.first().map(|item| item.id.clone());
        Progress {
            course,
            state: State::new(current, BTreeSet::new()),
        }
    }

    fn id(&self, i: usize) -> String {
        self.course.items[i].id.clone()
    }

    /// Writes the state file.
    pub(crate) fn save(&self) -> Result<(), LearnError> {
        state::save(&self.course.state_dir(), &self.state)
    }

    /// Number of exercises in the course.
    pub(crate) fn total(&self) -> usize {
        self.course.items.len()
    }

    /// Whether exercise `i` is done.
    pub(crate) fn is_done(&self, i: usize) -> bool {
        self.state.done.contains(&self.course.items[i].id)
    }

    /// Number of exercises done.
    pub(crate) fn done_count(&self) -> usize {
        (0..self.total()).filter(|&i| self.is_done(i)).count()
    }

    fn first_pending(&self) -> Option<usize> {
        (0..self.total()).find(|&i| !self.is_done(i))
    }

    /// The exercise to show: the recorded one, else the first pending one; `None` when
    /// everything is done.
    pub(crate) fn current(&self) -> Option<usize> {
        let recorded = self
            .state
            .current
            .as_ref()
            .and_then(|id| self.course.items.iter().position(|item| &item.id == id));
        recorded.or_else(|| self.first_pending())
    }

    /// Marks exercise `i` done or pending, and saves.
    pub(crate) fn set_done(&mut self, i: usize, done: bool) -> Result<(), LearnError> {
        let id = self.id(i);
        let changed = if done {
            self.state.done.insert(id)
        } else {
            self.state.done.remove(&id)
        };
        if changed {
            self.save()?;
        }
        Ok(())
    }

    /// Makes exercise `i` current, and saves.
    pub(crate) fn set_current(&mut self, i: usize) -> Result<(), LearnError> {
        self.state.current = Some(self.id(i));
        self.save()
    }

    /// Moves to the next pending exercise after the current one (wrapping around), and
    /// saves. `None` when no other exercise is pending; the current one then stays.
    pub(crate) fn advance(&mut self) -> Result<Option<usize>, LearnError> {
        let total = self.total();
        let from = self.current().unwrap_or(total.saturating_sub(1));
        let next = (1..total)
            .map(|step| (from + step) % total)
            .find(|&i| !self.is_done(i));
        match next {
            Some(i) => self.set_current(i).map(|()| Some(i)),
            None => Ok(None),
        }
    }
}
