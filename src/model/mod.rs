//! The model, the bottom layer: what an exercise is (the `exercise.toml` model and its
//! validation), which files of an exercise or a submission reach rustc, and finding and
//! selecting exercises below the user's paths. It imports nothing else of the crate.

pub(crate) mod discover;
pub(crate) mod exercise;
pub(crate) mod source;
