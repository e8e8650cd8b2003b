//! Writing what runs produced, from task results.
//!
//! [`write_outputs`] writes an output folder from the task results of a
//! plan (however they were obtained: run now, resumed or merged):
//! `indicators.csv` (tidy, one value per row), `summary.csv` (means and
//! Student-t 95 % intervals), `differences.csv` (paired differences),
//! `series.csv` (weekly totals), `psa.csv`, the command's own files, and
//! `run.json` last, which marks a complete folder. Each file is written to a
//! temporary name and renamed ([`write_atomic`]), so no file is ever
//! half-written. [`simulate`] is the in-memory API (tests, library users).

use crate::engine::run_replications;
use crate::experiment::tasks::TaskResult;
use crate::experiment::warmup::{self, WarmupCheck};
use crate::experiment::{Command, Plan};
use crate::model::world::{ReplicationOutput, World};
use crate::report::Lang;
use crate::scenario::Scenario;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// The parcours version written into every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The git commit the binary was built from, when known.
pub const GIT_COMMIT: Option<&str> = option_env!("PARCOURS_GIT_COMMIT");

/// The replications of one arm (the base or a variant).
pub struct ArmOutput {
    /// Index of the arm (0 = base).
    pub arm: usize,
    pub name: String,
    pub replications: Vec<ReplicationOutput>,
}

/// The replications of every arm of one scenario, as run.
pub struct RunResult<'s> {
    pub scenario: &'s Scenario,
    pub arms: Vec<ArmOutput>,
    pub threads: usize,
    pub started: SystemTime,
    pub wall: Duration,
}

/// Errors of a run that are not the user's input.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("could not start {0} worker threads: {1}")]
    Threads(usize, String),
    #[error("replication {replication} broke an invariant of the model: {what}")]
    Invariant { replication: u32, what: String },
    #[error("{0}")]
    Input(String),
    #[error("interrupted")]
    Interrupted,
    #[error("could not write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

impl RunResult<'_> {
    /// Every replication of every arm.
    pub fn all_replications(&self) -> impl Iterator<Item = &ReplicationOutput> {
        self.arms.iter().flat_map(|a| &a.replications)
    }

    /// Needs and events simulated in all.
    pub fn totals(&self) -> (u64, u64) {
        self.all_replications().fold((0, 0), |(n, e), r| (n + r.diagnostics.needs, e + r.diagnostics.events))
    }
}

/// Runs every replication of every arm of `scenario` on `threads` threads
/// (0 = one per core). Each (arm, replication) is one task; results come back
/// in task order. `on_done(k)` is called as the k-th task finishes.
pub fn simulate<'s>(scenario: &'s Scenario, threads: usize, on_done: impl Fn(u32) + Sync + Send) -> Result<RunResult<'s>, RunError> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let arms: Vec<_> = scenario.arms().collect();
    let tasks: Vec<(usize, u32)> = arms.iter().flat_map(|a| (0..scenario.replications).map(move |r| (a.index, r))).collect();
    let done = std::sync::atomic::AtomicU32::new(0);
    let outputs = run_replications(
        &tasks,
        threads,
        |&(a, r)| World::for_arm(scenario, arms[a], r).run(r),
        || on_done(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1),
    )
    .map_err(|e| RunError::Threads(threads, e.to_string()))?;
    for r in &outputs {
        r.diagnostics.check().map_err(|what| RunError::Invariant { replication: r.replication, what })?;
        r.recorder.check_consistency().map_err(|what| RunError::Invariant { replication: r.replication, what })?;
    }
    let mut outputs = outputs.into_iter();
    let arms = arms
        .iter()
        .map(|a| ArmOutput {
            arm: a.index,
            name: a.name.clone(),
            replications: outputs.by_ref().take(scenario.replications as usize).collect(),
        })
        .collect();
    let threads = if threads == 0 { rayon::current_num_threads() } else { threads };
    Ok(RunResult { scenario, arms, threads, started, wall: clock.elapsed() })
}

/// One indicator value of one replication (a row of `indicators.csv`).
/// `point` is the experiment point (sweeps); `run` leaves it out.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct IndicatorRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<u32>,
    pub variant: String,
    pub replication: u32,
    pub territory: String,
    pub group: String,
    pub indicator: String,
    pub value: f64,
}

/// Mean and 95 % interval over replications (a row of `summary.csv`).
/// A value that cannot be computed is NaN in memory and an empty cell in
/// the file (the interval when n < 2; docs/experiments.md § 4).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SummaryRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<u32>,
    pub variant: String,
    pub territory: String,
    pub group: String,
    pub indicator: String,
    #[serde(serialize_with = "number_or_empty")]
    pub mean: f64,
    #[serde(serialize_with = "number_or_empty")]
    pub ci_low: f64,
    #[serde(serialize_with = "number_or_empty")]
    pub ci_high: f64,
    pub n: usize,
}

/// Writes a number, or an empty CSV cell when it is not available (NaN or
/// infinite): a file never shows a made-up number for what was not observed.
pub fn number_or_empty<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else {
        s.serialize_none()
    }
}

/// The results of `run` as task results (one per arm and replication).
pub fn task_results(run: &RunResult) -> Vec<TaskResult> {
    let territories = run.scenario.territories.len();
    run.arms
        .iter()
        .flat_map(|a| a.replications.iter().map(move |r| TaskResult::of_replication(0, a.arm, &a.name, r, territories, Vec::new())))
        .collect()
}

/// Every indicator value of every replication, in a fixed order.
pub fn indicator_rows(run: &RunResult) -> Vec<IndicatorRow> {
    let names: Vec<String> = run.scenario.territories.iter().map(|t| t.name.clone()).collect();
    rows_of(&task_results(run), &names, false)
}

/// The indicator rows of task results, in their order; with a `point`
/// column when `with_point`.
pub fn rows_of(tasks: &[TaskResult], territories: &[String], with_point: bool) -> Vec<IndicatorRow> {
    let mut rows = Vec::with_capacity(tasks.iter().map(|t| t.rows.len()).sum());
    for t in tasks {
        for (territory, group, indicator, value) in &t.rows {
            rows.push(IndicatorRow {
                point: with_point.then_some(t.point),
                variant: t.variant.clone(),
                replication: t.replication,
                territory: territories.get(usize::from(*territory)).cloned().unwrap_or_else(|| format!("territory {territory}")),
                group: group.clone(),
                indicator: indicator.clone(),
                value: *value,
            });
        }
    }
    rows
}

/// Mean and Student-t 95 % interval of `values`. What cannot be computed
/// is NaN ("not available"): everything when there is no value, the
/// interval when n < 2 (one value says nothing of the spread).
pub fn mean_ci(values: &[f64]) -> (f64, f64, f64) {
    let n = values.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, f64::NAN, f64::NAN);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64).map(|d| d.inverse_cdf(0.975)).unwrap_or(f64::NAN);
    let half = t * (var / n as f64).sqrt();
    (mean, mean - half, mean + half)
}

/// Summary rows, in the order indicators first appear.
pub fn summarise(run: &RunResult) -> Vec<SummaryRow> {
    summarise_rows(&indicator_rows(run))
}

type SummaryKey = (Option<u32>, String, String, String, String);

/// Summary rows of already computed indicator rows.
pub fn summarise_rows(rows: &[IndicatorRow]) -> Vec<SummaryRow> {
    let mut keys: Vec<SummaryKey> = Vec::new();
    let mut values: HashMap<SummaryKey, Vec<f64>> = HashMap::new();
    for r in rows {
        let key = (r.point, r.variant.clone(), r.territory.clone(), r.group.clone(), r.indicator.clone());
        values
            .entry(key)
            .or_insert_with_key(|k| {
                keys.push(k.clone());
                Vec::new()
            })
            .push(r.value);
    }
    keys.into_iter()
        .map(|k| {
            let v = &values[&k];
            let (mean, lo, hi) = mean_ci(v);
            SummaryRow { point: k.0, variant: k.1, territory: k.2, group: k.3, indicator: k.4, mean, ci_low: lo, ci_high: hi, n: v.len() }
        })
        .collect()
}

/// Paired difference variant − base over replications (a row of
/// `differences.csv`; not available: NaN, an empty cell in the file).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DifferenceRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<u32>,
    pub variant: String,
    pub territory: String,
    pub group: String,
    pub indicator: String,
    #[serde(serialize_with = "number_or_empty")]
    pub mean_diff: f64,
    #[serde(serialize_with = "number_or_empty")]
    pub ci_low: f64,
    #[serde(serialize_with = "number_or_empty")]
    pub ci_high: f64,
    pub n: usize,
    /// Two-sided paired t-test p-value (empty when n < 2 or every difference is 0).
    #[serde(serialize_with = "number_or_empty")]
    pub p_value: f64,
    /// Holm-adjusted p-value within the family [`MARKED`] of the same point,
    /// variant and territory (empty outside the family or without `p_value`).
    #[serde(serialize_with = "number_or_empty")]
    pub p_holm: f64,
    /// Minimum detectable effect at these replications (α 0.05 two-sided, power 0.8).
    #[serde(serialize_with = "number_or_empty")]
    pub mde: f64,
    /// Replications needed to detect 10 % of the base mean (empty if the base mean or the spread is 0).
    pub replications_for_mde_10pct: Option<u64>,
}

/// The indicators (group `all`) the report and the terminal mark better or
/// worse: for each point, variant and territory they form one family, over
/// which p-values are Holm-adjusted (docs/experiments.md § 4).
pub const MARKED: &[&str] = &[
    "delay_mean_days",
    "unscheduled_seen_48h_share",
    "forgone_care_rate",
    "ed_visits_per_1000",
    "ed_visits_per_1000.primary_care_treatable",
    "avoidable_hosp_per_1000",
    "cost_total_per_inhabitant_eur",
];

/// Whether a rise of `indicator` is an improvement (coverage, seen in time);
/// otherwise a fall is.
pub fn higher_is_better(indicator: &str) -> bool {
    indicator.contains("coverage") || indicator.contains("seen")
}

/// Significance level of the Holm-adjusted marks.
pub const MARK_LEVEL: f64 = crate::stats::ALPHA;

/// The mark of a difference: `Some(true)` better, `Some(false)` worse,
/// `None` not distinguishable from zero after the Holm adjustment (or not
/// in the family).
pub fn mark(d: &DifferenceRow) -> Option<bool> {
    let distinguishable = d.p_holm < MARK_LEVEL; // false for NaN (not tested)
    if !distinguishable || d.mean_diff == 0.0 || !d.mean_diff.is_finite() {
        return None;
    }
    Some(if higher_is_better(&d.indicator) { d.mean_diff > 0.0 } else { d.mean_diff < 0.0 })
}

/// Whether an observed effect is smaller than what the replications can detect.
pub fn below_mde(d: &DifferenceRow) -> bool {
    d.mde.is_finite() && d.mean_diff.is_finite() && d.mean_diff.abs() < d.mde
}

/// A difference row of `diffs` (variant − base) with its tests; `base` are
/// the paired base values (for the 10 % target). `p_holm` is set later.
fn tested_row(head: (Option<u32>, &str, &str, &str, &str), diffs: &[f64], base: &[f64]) -> DifferenceRow {
    let (m, lo, hi) = mean_ci(diffs);
    let sd = crate::stats::sd(diffs);
    let base_mean = if base.is_empty() { f64::NAN } else { base.iter().sum::<f64>() / base.len() as f64 };
    DifferenceRow {
        point: head.0,
        variant: head.1.to_string(),
        territory: head.2.to_string(),
        group: head.3.to_string(),
        indicator: head.4.to_string(),
        mean_diff: m,
        ci_low: lo,
        ci_high: hi,
        n: diffs.len(),
        p_value: crate::stats::paired_p_value(diffs).unwrap_or(f64::NAN),
        p_holm: f64::NAN,
        mde: sd.and_then(|s| crate::stats::mde(s, diffs.len())).unwrap_or(f64::NAN),
        replications_for_mde_10pct: sd.and_then(|s| crate::stats::replications_for(0.1 * base_mean, s)),
    }
}

/// Holm-adjusts, in place, the p-values of the [`MARKED`] rows (group
/// `all`) of each point × variant × territory of `rows`.
fn adjust_families(rows: &mut [DifferenceRow]) {
    let mut families: Vec<(Option<u32>, String, String)> = Vec::new();
    for r in rows.iter().filter(|r| r.group == "all" && MARKED.contains(&r.indicator.as_str())) {
        let f = (r.point, r.variant.clone(), r.territory.clone());
        if !families.contains(&f) {
            families.push(f);
        }
    }
    for f in families {
        let members: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                let r = &rows[i];
                r.group == "all" && MARKED.contains(&r.indicator.as_str()) && (r.point, &r.variant, &r.territory) == (f.0, &f.1, &f.2)
            })
            .collect();
        let p: Vec<Option<f64>> = members.iter().map(|&i| Some(rows[i].p_value).filter(|x| x.is_finite())).collect();
        for (&i, a) in members.iter().zip(crate::stats::holm(&p)) {
            rows[i].p_holm = a.unwrap_or(f64::NAN);
        }
    }
}

/// Paired differences of every variant against the base, replication by
/// replication (common random numbers make them precise), with Student-t
/// 95 % intervals; then, per territory, the incremental cost per avoided
/// hospitalisation and per avoided ED visit (ratio of mean differences; no
/// interval is given for these ratios; NaN unless the 95 % interval of the
/// avoided events lies below 0).
pub fn differences(run: &RunResult) -> Vec<DifferenceRow> {
    let arms: Vec<String> = run.arms.iter().map(|a| a.name.clone()).collect();
    let territories: Vec<String> = run.scenario.territories.iter().map(|t| t.name.clone()).collect();
    differences_rows(&indicator_rows(run), &arms, &territories)
}

type CellKey = (String, String, String);

/// Paired differences from indicator rows; `arms[0]` is the base. Rows of
/// different points are compared within their point.
pub fn differences_rows(rows: &[IndicatorRow], arms: &[String], territories: &[String]) -> Vec<DifferenceRow> {
    let Some(base) = arms.first() else { return Vec::new() };
    let key = |r: &IndicatorRow| (r.point, r.territory.clone(), r.group.clone(), r.indicator.clone(), r.replication);
    let base_values: HashMap<_, f64> = rows.iter().filter(|r| &r.variant == base).map(|r| (key(r), r.value)).collect();
    let mut points: Vec<Option<u32>> = rows.iter().map(|r| r.point).collect();
    points.dedup();
    let mut out = Vec::new();
    for point in points {
        for arm in arms.iter().skip(1) {
            let mut order: Vec<CellKey> = Vec::new();
            let mut diffs: HashMap<CellKey, (Vec<f64>, Vec<f64>)> = HashMap::new();
            for r in rows.iter().filter(|r| r.point == point && &r.variant == arm) {
                if let Some(b) = base_values.get(&key(r)) {
                    let cell = diffs.entry((r.territory.clone(), r.group.clone(), r.indicator.clone())).or_insert_with_key(|k| {
                        order.push(k.clone());
                        (Vec::new(), Vec::new())
                    });
                    cell.0.push(r.value - b);
                    cell.1.push(*b);
                }
            }
            for k in &order {
                let (d, b) = &diffs[k];
                out.push(tested_row((point, arm, &k.0, &k.1, &k.2), d, b));
            }
            for t in territories {
                let of = |ind: &str| diffs.get(&(t.clone(), "all".into(), ind.into())).map(|c| &c.0);
                let cost = of("cost_total_eur_per_year").map(|c| mean_ci(c).0);
                for (effect, name) in [
                    ("avoidable_hosp_per_year", "icer_eur_per_avoided_hospitalisation"),
                    ("ed_visits_per_year", "icer_eur_per_avoided_ed_visit"),
                ] {
                    if let (Some(c), Some(e)) = (cost, of(effect)) {
                        let (e_mean, _, e_high) = mean_ci(e);
                        // Only where the variant clearly avoids events (the interval of the difference is below 0).
                        let icer = if e_high < 0.0 { c / -e_mean } else { f64::NAN };
                        let mut r = tested_row((point, arm, t, "all", name), &[], &[]);
                        (r.mean_diff, r.n) = (icer, e.len());
                        out.push(r);
                    }
                }
            }
        }
    }
    adjust_families(&mut out);
    out
}

/// Makes a text cell safe for spreadsheets: a leading `=`, `+`, `-`, `@`,
/// tab or carriage return would be read as a formula (CSV injection).
pub fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn csv_bytes<T: Serialize>(rows: &[T]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("rows serialise to memory");
    }
    w.into_inner().expect("in-memory writer")
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// folder (named after the process and a counter, so concurrent shards
/// never share one), flushed to disk, then renamed over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let err = |source| RunError::Write { path: path.to_path_buf(), source };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(err)
}

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
    /// Language of `report.html` (None: no report).
    pub report: Option<crate::report::Lang>,
    pub threads: usize,
    pub started: SystemTime,
    pub wall: Duration,
    pub tasks_run_now: usize,
    pub tasks_reused: usize,
    /// The command line of the process (`std::env::args`).
    pub command_line: Vec<String>,
}

/// What `write_outputs` wrote, for the terminal tables (names made CSV-safe).
pub struct Written {
    pub summary: Vec<SummaryRow>,
    pub differences: Vec<DifferenceRow>,
    pub warmup: Option<WarmupCheck>,
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

/// Writes the output folder of `plan` from its task results (in plan
/// order), plus `extra` files (name, bytes) of the command; `run.json` last.
/// The same tasks give byte-identical CSV files, however they were obtained.
pub fn write_outputs(
    dir: &Path,
    plan: &Plan,
    tasks: &[TaskResult],
    info: &RunInfo,
    extra: &[(String, Vec<u8>)],
) -> Result<Written, RunError> {
    std::fs::create_dir_all(dir).map_err(|source| RunError::Write { path: dir.to_path_buf(), source })?;
    let with_point = plan.inputs.command != Command::Run;
    let mut files = vec!["scenario.toml".to_string(), EFFECTIVE_SCENARIO.to_string()];
    write_atomic(&dir.join("scenario.toml"), plan.inputs.scenario.text.as_bytes())?;
    write_atomic(&dir.join(EFFECTIVE_SCENARIO), effective_scenario(plan).as_bytes())?;
    if let Some(e) = &plan.inputs.experiment {
        write_atomic(&dir.join("experiment.toml"), e.text.as_bytes())?;
        files.push("experiment.toml".into());
    }
    if with_point {
        write_atomic(&dir.join("points.csv"), &points_csv(plan))?;
        files.push("points.csv".into());
    }
    let mut rows = rows_of(tasks, &plan.territory_names, with_point);
    let mut summary = summarise_rows(&rows);
    let mut diffs = differences_rows(&rows, &plan.arm_names, &plan.territory_names);
    make_safe(&mut rows, |r| [&mut r.variant, &mut r.territory]);
    make_safe(&mut summary, |r| [&mut r.variant, &mut r.territory]);
    make_safe(&mut diffs, |r| [&mut r.variant, &mut r.territory]);
    let series = series_rows(tasks, with_point);
    for (name, bytes) in [
        ("indicators.csv", csv_bytes(&rows)),
        ("summary.csv", csv_bytes(&summary)),
        ("differences.csv", differences_csv(&diffs, with_point)),
        ("series.csv", csv_bytes(&series)),
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
        write_atomic(&dir.join("psa.csv"), &csv_bytes(&draws))?;
        files.push("psa.csv".into());
    }
    for (name, bytes) in extra {
        write_atomic(&dir.join(name), bytes)?;
        files.push(name.clone());
    }
    let warmup = warmup::check(tasks, plan.base.warmup_days);
    if let Some(lang) = info.report {
        let mut m = manifest(plan, tasks, info, files.clone(), warmup.clone());
        m.files.extend(["report.html".to_string(), "figures/".to_string(), "run.json".to_string()]);
        let value = serde_json::to_value(&m).expect("manifest serialises");
        let input = crate::report::ReportInput { plan, tasks, manifest: &value, lang, dir };
        files.extend(crate::report::write(&input).map_err(|e| RunError::Input(format!("report.html: {e}")))?);
    }
    files.push("run.json".into());
    let json = serde_json::to_vec_pretty(&manifest(plan, tasks, info, files, warmup.clone())).expect("manifest serialises");
    write_atomic(&dir.join("run.json"), &json)?;
    Ok(Written { summary, differences: diffs, warmup })
}

/// The scenario as run, written beside `scenario.toml` (the text as given).
pub const EFFECTIVE_SCENARIO: &str = "scenario.effective.toml";

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
    csv_bytes(diffs)
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

/// CSV bytes of serialisable rows (for commands' extra files).
pub fn csv_of<T: Serialize>(rows: &[T]) -> Vec<u8> {
    csv_bytes(rows)
}

/// A fresh folder `base/<name>-<timestamp>` (suffixed if it exists).
pub fn new_run_dir(base: &Path, name: &str, at: SystemTime) -> PathBuf {
    let clean: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
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

/// How a terminal table shows an indicator: its name, its label in
/// English and French, and whether it is a share (shown as a percentage).
pub struct KeyIndicator {
    pub name: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
    pub share: bool,
}

const fn key(name: &'static str, en: &'static str, fr: &'static str, share: bool) -> KeyIndicator {
    KeyIndicator { name, en, fr, share }
}

impl KeyIndicator {
    fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

/// The indicators shown in the terminal table, with their labels.
pub const KEY_INDICATORS: &[KeyIndicator] = &[
    key("delay_mean_days", "delay to consultation, mean (days)", "délai jusqu'à la consultation, moyenne (jours)", false),
    key("delay_mean_days.chronic_followup", "  chronic follow-up, mean (days)", "  suivi chronique, moyenne (jours)", false),
    key("unscheduled_seen_48h_share", "unscheduled needs seen < 48 h (%)", "besoins non programmés vus < 48 h (%)", true),
    key("registered_gp_coverage", "registered-GP coverage (%)", "couverture en médecin traitant (%)", true),
    key("forgone_care_rate", "forgone care (% of needs)", "renoncement aux soins (% des besoins)", true),
    key("ed_visits_per_1000", "ED visits /1,000/yr", "passages aux urgences /1 000/an", false),
    key(
        "ed_visits_per_1000.primary_care_treatable",
        "  treatable in primary care /1,000/yr",
        "  relevant des soins de ville /1 000/an",
        false,
    ),
    key("avoidable_hosp_per_1000", "avoidable hospitalisations /1,000/yr", "hospitalisations évitables /1 000/an", false),
    key("readmission_30d_rate", "30-day readmissions (% of discharges)", "réhospitalisations à 30 jours (% des sorties)", true),
    key("gp_utilisation", "GP slot utilisation (%)", "occupation des créneaux de MG (%)", true),
];

/// Footnotes of a terminal table: why a cell shows "–" (each reason once, in order).
#[derive(Default)]
struct Notes(Vec<&'static str>);

impl Notes {
    fn add(&mut self, reason: &'static str) {
        if !self.0.contains(&reason) {
            self.0.push(reason);
        }
    }

    fn write(&self, out: &mut String, lang: Lang) {
        for r in &self.0 {
            out.push_str(&format!("  {}\n", note_text(lang, r)));
        }
    }
}

/// The reasons a value is not available, in words.
fn note_text(lang: Lang, reason: &str) -> &'static str {
    match (reason, lang) {
        ("n<2", Lang::En) => "[–]: no 95 % interval from fewer than 2 replications (n < 2); run --replications 2 or more",
        ("n<2", Lang::Fr) => "[–] : pas d'intervalle à 95 % avec moins de 2 réplications (n < 2) ; lancez --replications 2 ou plus",
        ("missing", Lang::En) => "–: not available: nothing was observed to compute it from (no member in the group, or no event in the window)",
        ("missing", Lang::Fr) => "– : non disponible : rien n'a été observé pour le calculer (groupe sans membre, ou aucun événement sur la période)",
        ("icer", Lang::En) => "– (€ per avoided event): not available: the variant does not clearly avoid events (the interval of the difference is not below 0)",
        ("mark", Lang::En) => "better/worse: distinguishable from zero after a Holm adjustment over the marked indicators of this variant and territory (p_holm < 0.05); ≈0: not distinguishable",
        ("mark", Lang::Fr) => "mieux/pire : distinguable de zéro après ajustement de Holm sur les indicateurs marqués de cette variante et de ce territoire (p_holm < 0,05) ; ≈0 : non distinguable",
        (_, Lang::En) => "–: not available",
        ("icer", Lang::Fr) => "– (€ par événement évité) : non disponible : la variante n'évite pas nettement d'événements (l'intervalle de la différence n'est pas sous 0)",
        (_, Lang::Fr) => "– : non disponible",
    }
}

/// `value [low, high]` (× 100 for a share), "[–]" when the interval is not
/// available, "–" when nothing is; notes say why.
fn with_interval(m: f64, lo: f64, hi: f64, share: bool, sign: bool, notes: &mut Notes) -> String {
    let scale = if share { 100.0 } else { 1.0 };
    let f = |x: f64| if sign { signed(scale * x) } else { fmt3(scale * x) };
    if !m.is_finite() {
        notes.add("missing");
        "–".into()
    } else if lo.is_finite() && hi.is_finite() {
        format!("{} [{}, {}]", f(m), f(lo), f(hi))
    } else {
        notes.add("n<2");
        format!("{} [–]", f(m))
    }
}

/// A short aligned table of the base: key indicators (group `all`) ×
/// territory, mean [95 % CI], shares in per cent; footnotes say why a
/// value is "–".
pub fn summary_table(summary: &[SummaryRow], territories: &[String], lang: Lang) -> String {
    let mut notes = Notes::default();
    let mut cell = |t: &str, k: &KeyIndicator| match summary
        .iter()
        .find(|r| r.variant == "base" && r.territory == t && r.group == "all" && r.indicator == k.name)
    {
        Some(r) => with_interval(r.mean, r.ci_low, r.ci_high, k.share, false, &mut notes),
        None => with_interval(f64::NAN, f64::NAN, f64::NAN, k.share, false, &mut notes),
    };
    let cols: Vec<Vec<String>> = territories.iter().map(|t| KEY_INDICATORS.iter().map(|k| cell(t, k)).collect()).collect();
    let head = match lang {
        Lang::Fr => "indicateur (moyenne [IC à 95 %])",
        Lang::En => "indicator (mean [95% CI])",
    };
    let label_w = KEY_INDICATORS.iter().map(|k| k.label(lang).chars().count()).chain([head.chars().count()]).max().unwrap_or(0);
    let widths: Vec<usize> = territories
        .iter()
        .zip(&cols)
        .map(|(t, c)| c.iter().map(|s| s.chars().count()).chain([t.chars().count()]).max().unwrap_or(0))
        .collect();
    let mut out = pad(head, label_w);
    for (t, w) in territories.iter().zip(&widths) {
        out.push_str(&format!("  {}", pad_left(t, *w)));
    }
    out.push('\n');
    for (i, k) in KEY_INDICATORS.iter().enumerate() {
        out.push_str(&pad(k.label(lang), label_w));
        for (c, w) in cols.iter().zip(&widths) {
            out.push_str(&format!("  {}", pad_left(&c[i], *w)));
        }
        out.push('\n');
    }
    notes.write(&mut out, lang);
    out
}

/// `s` padded with spaces to `w` characters (format's width counts bytes of
/// some texts wrongly; this counts characters).
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.chars().count())))
}

/// The differences shown in the terminal, with their labels (shares as
/// percentage points).
pub const KEY_DIFFERENCES: &[KeyIndicator] = &[
    key("delay_mean_days", "delay to consultation (days)", "délai jusqu'à la consultation (jours)", false),
    key("unscheduled_seen_48h_share", "unscheduled needs seen < 48 h (pp)", "besoins non programmés vus < 48 h (pts)", true),
    key("forgone_care_rate", "forgone care (pp of needs)", "renoncement aux soins (pts des besoins)", true),
    key("ed_visits_per_1000", "ED visits /1,000/yr", "passages aux urgences /1 000/an", false),
    key(
        "ed_visits_per_1000.primary_care_treatable",
        "  treatable in primary care /1,000/yr",
        "  relevant des soins de ville /1 000/an",
        false,
    ),
    key("avoidable_hosp_per_1000", "avoidable hospitalisations /1,000/yr", "hospitalisations évitables /1 000/an", false),
    key("cost_total_per_inhabitant_eur", "total cost €/inhabitant/yr", "coût total €/habitant/an", false),
    key("icer_eur_per_avoided_hospitalisation", "€ per avoided hospitalisation", "€ par hospitalisation évitée", false),
    key("icer_eur_per_avoided_ed_visit", "€ per avoided ED visit", "€ par passage aux urgences évité", false),
];

/// The main differences vs base, per variant and territory, in plain
/// words; footnotes say why a value is "–".
pub fn differences_table(diffs: &[DifferenceRow], territories: &[String], lang: Lang) -> String {
    let mut out = String::new();
    let mut notes = Notes::default();
    let mut variants: Vec<&str> = diffs.iter().map(|d| d.variant.as_str()).collect();
    variants.dedup();
    for v in variants {
        out.push_str(&match lang {
            Lang::Fr => format!("{v} − base (différence moyenne [IC à 95 %], appariée sur les réplications)\n"),
            Lang::En => format!("{v} − base (mean difference [95% CI], paired over replications)\n"),
        });
        let label_w = KEY_DIFFERENCES.iter().map(|k| k.label(lang).chars().count()).max().unwrap_or(0);
        out.push_str(&format!("  {}", pad("", label_w)));
        for t in territories {
            out.push_str(&format!("  {}", pad_left(t, 36)));
        }
        out.push('\n');
        for k in KEY_DIFFERENCES {
            out.push_str(&format!("  {}", pad(k.label(lang), label_w)));
            for t in territories {
                let d = diffs.iter().find(|d| d.variant == v && &d.territory == t && d.group == "all" && d.indicator == k.name);
                let cell = match d {
                    Some(d) if k.name.starts_with("icer_") => {
                        if d.mean_diff.is_finite() {
                            fmt3(d.mean_diff)
                        } else {
                            notes.add("icer");
                            "–".into()
                        }
                    }
                    Some(d) => {
                        let cell = with_interval(d.mean_diff, d.ci_low, d.ci_high, k.share, true, &mut notes);
                        format!("{cell}{}", mark_text(d, lang, &mut notes))
                    }
                    None => with_interval(f64::NAN, f64::NAN, f64::NAN, k.share, true, &mut notes),
                };
                out.push_str(&format!("  {}", pad_left(&cell, 36)));
            }
            out.push('\n');
        }
    }
    notes.write(&mut out, lang);
    out
}

/// The terminal mark of a marked difference: better, worse, or "≈0" (not
/// distinguishable after the Holm adjustment); nothing outside [`MARKED`].
fn mark_text(d: &DifferenceRow, lang: Lang, notes: &mut Notes) -> &'static str {
    if !MARKED.contains(&d.indicator.as_str()) || !d.mean_diff.is_finite() {
        return "";
    }
    notes.add("mark");
    match (mark(d), lang) {
        (Some(true), Lang::En) => " better",
        (Some(false), Lang::En) => " worse",
        (Some(true), Lang::Fr) => " mieux",
        (Some(false), Lang::Fr) => " pire",
        (None, _) => " ≈0",
    }
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", fmt3(x))
    } else {
        fmt3(x)
    }
}

/// Three significant figures, for terminal tables.
pub fn fmt3(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_t_interval_matches_a_textbook_case() {
        // n = 5, mean 3, sd = 1.5811; t(0.975, 4) = 2.7764 → half-width 1.9633.
        let (m, lo, hi) = mean_ci(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!((m - 3.0).abs() < 1e-12);
        assert!((hi - m - 1.963_243).abs() < 1e-4, "half-width {}", hi - m);
        assert!((m - lo - (hi - m)).abs() < 1e-12);
    }

    #[test]
    fn one_value_has_a_mean_but_no_interval() {
        // Was (2, 2, 2): an interval of zero width claimed from one replication.
        let (m, lo, hi) = mean_ci(&[2.0]);
        assert_eq!(m, 2.0);
        assert!(lo.is_nan() && hi.is_nan(), "[{lo}, {hi}]");
        assert!(mean_ci(&[]).0.is_nan());
    }

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
        let text = String::from_utf8(csv_bytes(&[row])).unwrap();
        assert_eq!(text, "variant,territory,group,indicator,mean,ci_low,ci_high,n\nbase,t,all,x,3.09,,,1\n");
    }

    #[test]
    fn formulas_are_neutralised_in_csv_cells() {
        assert_eq!(csv_safe("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_safe("-1+1"), "'-1+1");
        assert_eq!(csv_safe("urban"), "urban");
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        write_atomic(&p, b"x,y\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"x,y\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
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
}
