//! The commands, one module each, over a shared [`execution`] module.
//!
//! `run`, `sweep` and `sensitivity` build a [`Plan`](crate::experiment::Plan)
//! and go through [`execution::execute`]: claim an output folder for the plan
//! (`plan.json` names it; a folder holding another plan is refused), execute
//! its tasks (reusing those already done there), then write the folder in
//! order — `output`'s files from the `results`, the report, `run.json` last.
//! `--precision` grows the replications until the 95 % intervals are narrow
//! enough; a shard of a job array only runs its tasks and leaves the
//! outputs to [`merge`](mod@merge). [`calibrate`](mod@calibrate) runs its candidates in one process;
//! [`validate`](mod@validate) runs the validation scenarios; [`report`](mod@report) rebuilds a
//! folder's report; [`scenario`] and [`territory`] describe inputs without
//! simulating. The command line (`main.rs`) and the Python module only parse
//! options and print.

pub mod calibrate;
pub mod execution;
pub mod memory;
pub mod merge;
pub mod report;
pub mod run;
pub mod scenario;
pub mod sensitivity;
pub mod sweep;
pub mod territory;
pub mod validate;

pub use calibrate::CalibrationSummary;
pub use execution::{
    available_memory, check_resources, claim_dir, events_per_task_estimate, execute, lock_dir, memory_estimate, precision_reached,
    precision_record, read_plan, task_result_bytes, write_folder, DirLock, ExecOptions, Extra, Outcome, Precision, PrecisionOn,
    PrecisionReached, BASE_BYTES, BYTES_PER_INHABITANT, BYTES_PER_RESULT_ROW, LOCK_FILE, MAX_EVENTS_PER_TASK,
};
pub use merge::merge;
pub use report::report;
pub use validate::{validate, ValidateOutcome};
