//! Where things are in a course: the names of its directories and files that every
//! learner command, and the messages of its errors, agree on.

/// The directory of a course that holds its exercises.
pub(crate) const EXERCISES_DIR: &str = "exercises";
/// snipcheck's own directory inside a course: progress and shipped copies.
pub(crate) const STATE_DIR: &str = ".snipcheck";
/// Below `STATE_DIR`: the files as shipped, for `reset` and for solutions.
pub(crate) const SHIPPED_DIR: &str = "shipped";
/// Reference solutions, one `<group>/<name>.rs` per solved exercise.
pub(crate) const SOLUTIONS_DIR: &str = "solutions";
/// The editor configuration file rust-analyzer reads for projects without Cargo.
pub(crate) const PROJECT_FILE: &str = "rust-project.json";
