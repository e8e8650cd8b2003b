//! `parcours report DIR`: rebuilds `report.html` and `figures/` of a
//! complete output folder from its `run.json`, `plan.json` and task files;
//! writes nothing else and never simulates.

use super::calibrate::calibration_points;
use super::execution::{lock_dir, read_plan};
use crate::experiment::tasks::TaskStore;
use crate::experiment::Command;
use crate::io::RunError;
use crate::report::{Lang, ReportInput};
use crate::results::Results;
use std::path::{Path, PathBuf};

/// Rebuilds `report.html` (and `figures/`) of a complete output folder.
pub fn report(dir: &Path, lang: Lang) -> Result<PathBuf, RunError> {
    if !dir.exists() {
        return Err(RunError::Input(format!(
            "{}: no such folder (give the output folder of a run, e.g. output/<name>-<date>-<time>)",
            dir.display()
        )));
    }
    if !dir.is_dir() {
        return Err(RunError::Input(format!("{}: is a file, not a folder (give the output folder of a run)", dir.display())));
    }
    let manifest: serde_json::Value = std::fs::read(dir.join("run.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| RunError::Input(format!("{}: no readable run.json (is the run complete?)", dir.display())))?;
    // Not while another process writes the folder (a resumed run, a merge).
    // It has a run.json (read above): a parcours output folder.
    let _lock = lock_dir(dir, false, None)?;
    let plan = read_plan(dir)?;
    let tasks = TaskStore::new(dir).load_all(&plan.identity);
    if tasks.is_empty() {
        return Err(RunError::Input(format!("{}: no task results of this plan in tasks/", dir.display())));
    }
    let mut plan = plan;
    if plan.inputs.command == Command::Calibrate {
        // Candidates beyond the screening are not in the rebuilt plan: restore them from history.csv.
        let extra = calibration_points(dir, &plan)?;
        plan.add_points(extra).map_err(|e| RunError::Input(e.to_string()))?;
    }
    let results = Results::new(&plan, &tasks);
    crate::report::write(&ReportInput { results: &results, manifest: &manifest, lang, dir })
        .map_err(|e| RunError::Input(format!("report.html: {e}")))?;
    Ok(dir.join("report.html"))
}
