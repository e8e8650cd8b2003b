//! `parcours run`: the plan of one scenario (a file, or the embedded default),
//! one point and no factor, executed by [`execute`](super::execute).

use crate::experiment::{Overrides, Plan, Source};
use crate::scenario::{self, ScenarioError};
use std::path::Path;

/// The scenario to run: the file's text, or the embedded default.
pub fn source(path: Option<&Path>) -> Result<Source, ScenarioError> {
    match path {
        Some(p) => Ok(Source {
            origin: p.display().to_string(),
            text: std::fs::read_to_string(p)
                .map_err(|e| ScenarioError::Unreadable { origin: p.display().to_string(), reason: e.to_string() })?,
        }),
        None => Ok(Source { origin: "<embedded default>".into(), text: scenario::EMBEDDED_DEFAULT.into() }),
    }
}

/// The plan of `parcours run`.
pub fn plan(source: Source, overrides: Overrides) -> Result<Plan, ScenarioError> {
    Plan::for_run(source, overrides)
}
