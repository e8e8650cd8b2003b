//! Output files of a finished plan, written from its [`Results`].
//!
//! [`write_files`] writes an output folder from the results of a plan
//! (however its tasks were obtained: run now, resumed or merged):
//! `indicators.csv` (tidy, one value per row), `summary.csv` (means and
//! Student-t 95 % intervals), `differences.csv` (paired differences),
//! `series.csv` (weekly totals), `psa.csv` and the command's own files;
//! [`write_manifest`] then writes `run.json` last, which marks a complete
//! folder. The command layer calls the report between the two (this module
//! never calls `report`). Each file is written to a temporary name and
//! renamed (`io::write_atomic`), so no file is ever half-written.

use crate::experiment::tasks::TaskResult;
use crate::experiment::warmup::{self, WarmupCheck};
use crate::experiment::Plan;
use crate::io::{csv_of, csv_safe, number_or_empty, write_atomic, RunError};
use crate::provenance::{GIT_COMMIT, VERSION};
use crate::results::{DifferenceRow, Results, SummaryRow};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Provenance and totals of a run (`run.json`, written last: its presence
/// marks a complete output folder).
#[derive(Serialize)]
pub struct RunManifest {
    pub parcours_version: String,
    pub git_commit: Option<String>,
    pub command: String,
    pub name: String,
    pub scenario_name: String,
    pub scenario_origin: String,
    pub scenario_sha256: String,
    pub experiment_origin: Option<String>,
    pub experiment_sha256: Option<String>,
    /// Identity of the plan: task files of other plans are never mixed in.
    pub plan: String,
    pub seed: u64,
    pub replications: u32,
    pub points: usize,
    pub tasks: usize,
    pub tasks_run_now: usize,
    pub tasks_reused: usize,
    pub threads: usize,
    pub years: f64,
    pub warmup_days: u32,
    pub inhabitants: u64,
    pub variants: Vec<String>,
    pub common_random_numbers: bool,
    /// Scenario values drawn per replication (probabilistic sensitivity analysis).
    pub uncertain_parameters: Vec<String>,
    /// MSER-5 on the weekly mean delay, beside the configured warm-up.
    pub warmup_check: Option<WarmupCheck>,
    /// What is valid in the scenario but may not mean what was meant
    /// (`Scenario::warnings`, also printed at the start); absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The same warnings in French (`Scenario::warnings_in`), for French
    /// readers of the folder and the web page; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings_fr: Vec<String>,
    /// `--precision`: the target and whether it was met; absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionRecord>,
    pub started_at: String,
    pub finished_at: String,
    pub wall_seconds: f64,
    pub needs_simulated: u64,
    pub events_simulated: u64,
    /// The command line of the process that wrote this folder, word by word.
    pub command_line: Vec<String>,
    /// The file holding the scenario as run: `scenario.toml` with the
    /// plan-wide values in force (command-line and experiment overrides).
    pub effective_scenario: String,
    pub files: Vec<String>,
}

/// How the tasks of an output folder were obtained.
#[derive(Clone, Debug)]
pub struct RunInfo {
    pub threads: usize,
    pub started: SystemTime,
    pub wall: Duration,
    pub tasks_run_now: usize,
    pub tasks_reused: usize,
    /// The command line of the process (`std::env::args`).
    pub command_line: Vec<String>,
    /// `--precision`: what was asked and reached (`None` without it).
    pub precision: Option<PrecisionRecord>,
    /// Warnings only the results can give (English, French), added to the
    /// scenario's in `run.json` (`report::console::result_warnings`).
    pub result_warnings: (Vec<String>, Vec<String>),
}

/// What `--precision` asked for and reached, for `run.json`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PrecisionRecord {
    /// The relative 95 % half-width asked for (share of the mean).
    pub target: f64,
    /// `--max-replications`.
    pub max_replications: u32,
    /// Replications run.
    pub replications: u32,
    /// Whether every watched indicator reached the target.
    pub met: bool,
    /// The watched indicator with the widest relative half-width, and that width (share).
    pub widest_indicator: Option<String>,
    pub widest_relative_half_width: Option<f64>,
}

/// What [`write_files`] wrote, for the manifest and the terminal tables
/// (names made CSV-safe).
pub struct Written {
    pub summary: Vec<SummaryRow>,
    pub differences: Vec<DifferenceRow>,
    pub warmup: Option<WarmupCheck>,
    /// The files written so far (relative to the folder), in order.
    pub files: Vec<String>,
}

/// Makes the variant and territory names of `rows` CSV-safe.
fn make_safe<T>(rows: &mut [T], names: impl Fn(&mut T) -> [&mut String; 2]) {
    for r in rows {
        for name in names(r) {
            *name = csv_safe(name);
        }
    }
}

/// Rows of `points.csv`: the point and one column per factor (paths as headers).
fn points_csv(plan: &Plan) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let header: Vec<String> = std::iter::once("point".to_string()).chain(plan.factors.iter().map(|f| csv_safe(&f.path))).collect();
    w.write_record(&header).expect("in memory");
    for p in &plan.points {
        w.write_record(std::iter::once(p.index.to_string()).chain(p.values.iter().map(|v| v.to_string()))).expect("in memory");
    }
    w.into_inner().expect("in-memory writer")
}

/// One week of one task (a row of `series.csv`).
#[derive(Serialize)]
struct SeriesRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    point: Option<u32>,
    variant: String,
    replication: u32,
    week: usize,
    needs: u64,
    consultations: u64,
    /// Not available (empty) in a week without consultations.
    #[serde(serialize_with = "number_or_empty")]
    mean_delay_days: f64,
    ed_visits: u64,
    /// Decisions to forgo care in the week.
    forgone: u64,
    /// GPs practising on the week's first day.
    gps_active: u64,
}

fn series_rows(tasks: &[TaskResult], with_point: bool) -> Vec<SeriesRow> {
    tasks
        .iter()
        .flat_map(|t| {
            t.weekly.iter().enumerate().map(move |(week, w)| SeriesRow {
                point: with_point.then_some(t.point),
                variant: csv_safe(&t.variant),
                replication: t.replication,
                week,
                needs: w.needs,
                consultations: w.consultations,
                mean_delay_days: if w.consultations > 0 { w.delay_sum_min as f64 / w.consultations as f64 / 1440.0 } else { f64::NAN },
                ed_visits: w.ed_visits,
                forgone: w.forgone,
                gps_active: w.gps_active,
            })
        })
        .collect()
}

/// Values drawn per replication (`psa.csv`), from the base arm's tasks.
#[derive(Serialize)]
struct DrawRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    point: Option<u32>,
    replication: u32,
    parameter: &'a str,
    value: f64,
}

/// Writes the output folder of a plan from its results (task results in
/// plan order), plus `extra` files (name, bytes) of the command; everything
/// but `run.json` ([`write_manifest`], after the report). The same tasks
/// give byte-identical CSV files, however they were obtained.
pub fn write_files(dir: &Path, results: &Results, extra: &[(String, Vec<u8>)]) -> Result<Written, RunError> {
    let (plan, tasks, with_point) = (results.plan, results.tasks, results.with_point);
    std::fs::create_dir_all(dir).map_err(|source| RunError::Write { path: dir.to_path_buf(), source })?;
    let mut files = vec!["scenario.toml".to_string(), EFFECTIVE_SCENARIO.to_string()];
    write_atomic(&dir.join("scenario.toml"), plan.inputs.scenario.text.as_bytes())?;
    write_atomic(&dir.join(EFFECTIVE_SCENARIO), effective_scenario(plan).as_bytes())?;
    if let Some(e) = &plan.inputs.experiment {
        write_atomic(&dir.join("experiment.toml"), folder_experiment(&e.text).as_bytes())?;
        files.push("experiment.toml".into());
    }
    if with_point {
        write_atomic(&dir.join("points.csv"), &points_csv(plan))?;
        files.push("points.csv".into());
    }
    let mut rows = results.rows.clone();
    let mut summary = results.summary.clone();
    let mut diffs = results.differences.clone();
    make_safe(&mut rows, |r| [&mut r.variant, &mut r.territory]);
    make_safe(&mut summary, |r| [&mut r.variant, &mut r.territory]);
    make_safe(&mut diffs, |r| [&mut r.variant, &mut r.territory]);
    let series = series_rows(tasks, with_point);
    for (name, bytes) in [
        ("indicators.csv", csv_of(&rows)),
        ("summary.csv", csv_of(&summary)),
        ("differences.csv", differences_csv(&diffs, with_point)),
        ("series.csv", csv_of(&series)),
    ] {
        write_atomic(&dir.join(name), &bytes)?;
        files.push(name.into());
    }
    let draws: Vec<DrawRow> = tasks
        .iter()
        .filter(|t| t.arm == 0)
        .flat_map(|t| {
            t.draws.iter().map(move |(p, v)| DrawRow {
                point: with_point.then_some(t.point),
                replication: t.replication,
                parameter: p,
                value: *v,
            })
        })
        .collect();
    if !draws.is_empty() {
        write_atomic(&dir.join("psa.csv"), &csv_of(&draws))?;
        files.push("psa.csv".into());
    }
    for (name, bytes) in extra {
        write_atomic(&dir.join(name), bytes)?;
        files.push(name.clone());
    }
    // The series is the base arm's: its GPs' leave is set aside.
    let leave = crate::model::providers::SeasonalLeave::windows(&plan.base.base.parameters.gp);
    let warmup = warmup::check(tasks, plan.base.warmup_days, plan.base.start_day_of_year, leave);
    Ok(Written { summary, differences: diffs, warmup, files })
}

/// `run.json` as it will be written once `more` files (the report's) are
/// added: what the report quotes in its method section.
pub fn manifest_value(results: &Results, info: &RunInfo, written: &Written, more: &[&str]) -> serde_json::Value {
    let mut files = written.files.clone();
    files.extend(more.iter().map(|f| f.to_string()));
    files.push("run.json".into());
    let m = manifest(results.plan, results.tasks, info, files, written.warmup.clone());
    serde_json::to_value(&m).expect("manifest serialises")
}

/// Writes `run.json` last, listing the files written, then `more` (the
/// report's), then itself: its presence marks a complete folder.
pub fn write_manifest(dir: &Path, results: &Results, info: &RunInfo, written: &mut Written, more: Vec<String>) -> Result<(), RunError> {
    written.files.extend(more);
    written.files.push("run.json".into());
    let m = manifest(results.plan, results.tasks, info, written.files.clone(), written.warmup.clone());
    let json = serde_json::to_vec_pretty(&m).expect("manifest serialises");
    write_atomic(&dir.join("run.json"), &json)
}

/// The scenario as run, written beside `scenario.toml` (the text as given).
pub const EFFECTIVE_SCENARIO: &str = "scenario.effective.toml";

/// The experiment's text with its `scenario` set to the folder's copy,
/// `scenario.toml`: the folder alone reruns the experiment
/// (`parcours sensitivity out/experiment.toml`; stop 45's trial found the
/// copy naming a scenario file the folder does not hold). Every other line
/// is kept; `plan.json` keeps the text as given.
pub fn folder_experiment(text: &str) -> String {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        // The text parsed when the plan was built; this cannot happen.
        return text.to_string();
    };
    if doc.contains_key("scenario") {
        let decor = doc["scenario"].as_value().map(|v| v.decor().clone());
        doc["scenario"] = toml_edit::value("scenario.toml");
        if let (Some(decor), Some(v)) = (decor, doc["scenario"].as_value_mut()) {
            *v.decor_mut() = decor;
        }
    }
    doc.to_string()
}

/// `scenario.toml` with the plan-wide values in force set in the text
/// (`replications` — as reached by `--precision` —, `seed`, `years`), so
/// that the folder alone reproduces a run made with command-line
/// overrides: `parcours run scenario.effective.toml` gives the same
/// indicators. Comments and every other line are kept.
pub fn effective_scenario(plan: &Plan) -> String {
    let s = &plan.base;
    let mut head = String::from(
        "# The scenario as run by parcours: scenario.toml with the command-line and experiment overrides applied\n\
         # (replications, seed, years). `parcours run` on this file reproduces the run (see run.json, command_line).\n",
    );
    if s.independent_seeds {
        head.push_str("# Run with --independent-seeds (not a scenario setting): give it again to reproduce.\n");
    }
    if plan.inputs.experiment.is_some() {
        head.push_str("# An experiment's points set further values on top of this base (points.csv, experiment.toml).\n");
    }
    let Ok(mut doc) = plan.inputs.scenario.text.parse::<toml_edit::DocumentMut>() else {
        // The text parsed when the plan was built; this cannot happen.
        return format!("{head}{}", plan.inputs.scenario.text);
    };
    doc["replications"] = toml_edit::value(i64::from(plan.replications));
    doc["years"] = toml_edit::value(s.years);
    match i64::try_from(s.seed) {
        Ok(seed) => doc["seed"] = toml_edit::value(seed),
        Err(_) => {
            doc.remove("seed");
            head.push_str(&format!("# seed {} is beyond TOML's integers: give it with --seed {}\n", s.seed, s.seed));
        }
    }
    format!("{head}{doc}")
}

/// `differences.csv`: its header even without variants (no rows).
fn differences_csv(diffs: &[DifferenceRow], with_point: bool) -> Vec<u8> {
    if diffs.is_empty() {
        let point = if with_point { "point," } else { "" };
        return format!(
            "{point}variant,territory,group,indicator,mean_diff,ci_low,ci_high,n,p_value,p_holm,mde,replications_for_mde_10pct\n"
        )
        .into_bytes();
    }
    csv_of(diffs)
}

/// The manifest of an output folder.
fn manifest(plan: &Plan, tasks: &[TaskResult], info: &RunInfo, files: Vec<String>, warmup_check: Option<WarmupCheck>) -> RunManifest {
    let s = &plan.base;
    RunManifest {
        parcours_version: VERSION.into(),
        git_commit: GIT_COMMIT.map(String::from),
        command: plan.inputs.command.name().into(),
        name: plan.name.clone(),
        scenario_name: s.name.clone(),
        scenario_origin: s.origin.clone(),
        scenario_sha256: s.sha256.clone(),
        experiment_origin: plan.inputs.experiment.as_ref().map(|e| e.origin.clone()),
        experiment_sha256: plan.inputs.experiment.as_ref().map(|e| crate::scenario::sha256_hex(&e.text)),
        plan: plan.identity.clone(),
        seed: s.seed,
        replications: plan.replications,
        points: plan.points.len(),
        tasks: tasks.len(),
        tasks_run_now: info.tasks_run_now,
        tasks_reused: info.tasks_reused,
        threads: info.threads,
        years: s.years,
        warmup_days: s.warmup_days,
        inhabitants: s.inhabitants(),
        variants: plan.arm_names.iter().skip(1).cloned().collect(),
        common_random_numbers: !s.independent_seeds,
        uncertain_parameters: s.uncertain.iter().map(|u| u.path.clone()).collect(),
        warmup_check,
        warnings: plan.warnings_in(false).into_iter().chain(info.result_warnings.0.iter().cloned()).collect(),
        warnings_fr: plan.warnings_in(true).into_iter().chain(info.result_warnings.1.iter().cloned()).collect(),
        precision: info.precision.clone(),
        started_at: humantime::format_rfc3339_seconds(info.started).to_string(),
        finished_at: humantime::format_rfc3339_seconds(info.started + info.wall).to_string(),
        wall_seconds: info.wall.as_secs_f64(),
        needs_simulated: tasks.iter().map(|t| t.needs).sum(),
        events_simulated: tasks.iter().map(|t| t.events).sum(),
        command_line: info.command_line.clone(),
        effective_scenario: EFFECTIVE_SCENARIO.into(),
        files,
    }
}

/// `name` as a folder name (the one rule, in [`crate::io::folder_safe`]).
pub use crate::io::folder_safe;

/// A fresh folder `base/<name>-<timestamp>` (suffixed if it exists); the
/// name made safe by [`folder_safe`].
pub fn new_run_dir(base: &Path, name: &str, at: SystemTime) -> PathBuf {
    let clean = folder_safe(name);
    let stamp: String = humantime::format_rfc3339_seconds(at).to_string().chars().filter(|c| c.is_ascii_digit()).collect();
    let stamp = format!("{}-{}", &stamp[..8], &stamp[8..14]);
    let mut dir = base.join(format!("{clean}-{stamp}"));
    let mut k = 2;
    while dir.exists() {
        dir = base.join(format!("{clean}-{stamp}-{k}"));
        k += 1;
    }
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_not_available_are_empty_cells() {
        let row = SummaryRow {
            point: None,
            variant: "base".into(),
            territory: "t".into(),
            group: "all".into(),
            indicator: "x".into(),
            mean: 3.09,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
            n: 1,
        };
        let text = String::from_utf8(csv_of(&[row])).unwrap();
        assert_eq!(text, "variant,territory,group,indicator,mean,ci_low,ci_high,n\nbase,t,all,x,3.09,,,1\n");
    }

    #[test]
    fn run_dirs_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let a = new_run_dir(dir.path(), "my scenario", at);
        std::fs::create_dir_all(&a).unwrap();
        let b = new_run_dir(dir.path(), "my scenario", at);
        assert_ne!(a, b);
        assert!(a.file_name().unwrap().to_str().unwrap().starts_with("my_scenario-20270115-"));
    }

    /// Break caught: "Équipe de soins Creuse" became "______…" (every
    /// non-ASCII letter a `_`). Expected names folded by hand.
    #[test]
    fn folder_names_fold_accents_to_ascii() {
        assert_eq!(folder_safe("Équipe de soins Creuse"), "Equipe_de_soins_Creuse");
        assert_eq!(folder_safe("Cœur de Loire — Saint-Étienne"), "Coeur_de_Loire_-_Saint-Etienne");
        assert_eq!(folder_safe("Ægir à l’Haÿ-les-Roses"), "AEgir_a_l_Hay-les-Roses");
        assert_eq!(folder_safe("Straße 2024 (test)"), "Strasse_2024__test_");
        assert_eq!(folder_safe("健康"), "__", "what is not a Latin letter stays a `_`");
    }
}
