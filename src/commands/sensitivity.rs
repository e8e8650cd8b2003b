//! `parcours sensitivity`: one-at-a-time or Sobol indices of an experiment
//! file's factors. The plan runs through the shared execution; this module
//! adds the command's own file, `sensitivity.csv`.

use super::execution::Extra;
use crate::experiment::file::SensitivityMethod;
use crate::experiment::sensitivity;
use crate::experiment::tasks::TaskResult;
use crate::experiment::{Command, Plan};
use crate::io::csv_of;

/// The plan of `parcours sensitivity EXPERIMENT`.
pub fn plan(experiment: &std::path::Path, overrides: crate::experiment::Overrides) -> Result<Plan, crate::scenario::ScenarioError> {
    Plan::load(crate::experiment::Command::Sensitivity, experiment, overrides)
}

/// The command's own output files and terminal summary.
pub(super) fn extras(plan: &Plan, results: &[TaskResult]) -> (Vec<(String, Vec<u8>)>, Extra) {
    if plan.inputs.command != Command::Sensitivity {
        return (Vec::new(), Extra::None);
    }
    let s = plan.experiment.as_ref().and_then(|e| e.sensitivity.as_ref()).expect("validated sensitivity");
    match s.method {
        SensitivityMethod::Oat => {
            let rows = sensitivity::one_at_a_time(plan, results);
            (vec![("sensitivity.csv".into(), csv_of(&rows))], Extra::Oat(rows))
        }
        SensitivityMethod::Sobol => {
            let rows = sensitivity::sobol(plan, results, s.bootstrap.unwrap_or(500) as usize);
            (vec![("sensitivity.csv".into(), csv_of(&rows))], Extra::Sobol(rows))
        }
    }
}
