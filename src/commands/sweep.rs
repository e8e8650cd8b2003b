//! `parcours sweep`: an experiment file's design (grid, list of points or
//! Latin hypercube) as a plan, executed by [`execute`](super::execute);
//! no file of its own beyond the shared outputs (`points.csv`, a `point`
//! column).

use crate::experiment::{Command, Overrides, Plan};
use crate::scenario::ScenarioError;
use std::path::Path;

/// The plan of `parcours sweep EXPERIMENT`.
pub fn plan(experiment: &Path, overrides: Overrides) -> Result<Plan, ScenarioError> {
    Plan::load(Command::Sweep, experiment, overrides)
}
