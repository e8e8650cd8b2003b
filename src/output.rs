//! Running a scenario's replications and writing what they produced.
//!
//! [`simulate`] runs every replication (in parallel, results in index
//! order); [`summarise`] turns indicator values into means and Student-t 95 %
//! intervals; [`write_run`] writes the output folder: `indicators.csv`
//! (tidy, one value per row), `summary.csv`, a copy of the scenario, and
//! `run.json` last, which marks a complete run. Each file is written to a
//! temporary name and renamed, so no file is ever half-written.

use crate::engine::run_replications;
use crate::model::indicators::group_label;
use crate::model::world::{ReplicationOutput, World};
use crate::scenario::Scenario;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};
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
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct IndicatorRow {
    pub variant: String,
    pub replication: u32,
    pub territory: String,
    pub group: String,
    pub indicator: String,
    pub value: f64,
}

/// Mean and 95 % interval over replications (a row of `summary.csv`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SummaryRow {
    pub variant: String,
    pub territory: String,
    pub group: String,
    pub indicator: String,
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub n: usize,
}

/// Every indicator value of every replication, in a fixed order.
pub fn indicator_rows(run: &RunResult) -> Vec<IndicatorRow> {
    let territories = &run.scenario.territories;
    let mut rows = Vec::new();
    for (arm, r) in run.arms.iter().flat_map(|a| a.replications.iter().map(move |r| (a, r))) {
        for v in r.recorder.indicators(territories.len()) {
            rows.push(IndicatorRow {
                variant: arm.name.clone(),
                replication: r.replication,
                territory: territories[v.territory].name.clone(),
                group: group_label(v.group),
                indicator: v.name,
                value: v.value,
            });
        }
    }
    rows
}

/// Mean and Student-t 95 % interval of `values` (interval = mean when n < 2).
pub fn mean_ci(values: &[f64]) -> (f64, f64, f64) {
    let n = values.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, mean, mean);
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

/// Summary rows of already computed indicator rows.
pub fn summarise_rows(rows: &[IndicatorRow]) -> Vec<SummaryRow> {
    let mut keys: Vec<(String, String, String, String)> = Vec::new();
    let mut values: std::collections::HashMap<(String, String, String, String), Vec<f64>> = Default::default();
    for r in rows {
        let key = (r.variant.clone(), r.territory.clone(), r.group.clone(), r.indicator.clone());
        values.entry(key.clone()).or_insert_with(|| {
            keys.push(key.clone());
            Vec::new()
        });
        values.get_mut(&key).expect("inserted").push(r.value);
    }
    keys.into_iter()
        .map(|k| {
            let v = &values[&k];
            let (mean, lo, hi) = mean_ci(v);
            SummaryRow { variant: k.0, territory: k.1, group: k.2, indicator: k.3, mean, ci_low: lo, ci_high: hi, n: v.len() }
        })
        .collect()
}

/// Paired difference variant − base over replications (a row of `differences.csv`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DifferenceRow {
    pub variant: String,
    pub territory: String,
    pub group: String,
    pub indicator: String,
    pub mean_diff: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub n: usize,
}

/// Paired differences of every variant against the base, replication by
/// replication (common random numbers make them precise), with Student-t
/// 95 % intervals; then, per territory, the incremental cost per avoided
/// hospitalisation and per avoided ED visit (ratio of mean differences; no
/// interval is given for these ratios; NaN unless the 95 % interval of the
/// avoided events lies below 0).
pub fn differences(run: &RunResult) -> Vec<DifferenceRow> {
    differences_rows(run, &indicator_rows(run))
}

/// Paired differences from already computed indicator rows of `run`.
pub fn differences_rows(run: &RunResult, rows: &[IndicatorRow]) -> Vec<DifferenceRow> {
    let Some(base) = run.arms.first() else { return Vec::new() };
    let key = |r: &IndicatorRow| (r.territory.clone(), r.group.clone(), r.indicator.clone(), r.replication);
    let base_values: std::collections::HashMap<_, f64> =
        rows.iter().filter(|r| r.variant == base.name).map(|r| (key(r), r.value)).collect();
    let mut out = Vec::new();
    for arm in run.arms.iter().skip(1) {
        let mut order: Vec<(String, String, String)> = Vec::new();
        let mut diffs: std::collections::HashMap<(String, String, String), Vec<f64>> = Default::default();
        for r in rows.iter().filter(|r| r.variant == arm.name) {
            if let Some(b) = base_values.get(&key(r)) {
                let k = (r.territory.clone(), r.group.clone(), r.indicator.clone());
                diffs.entry(k.clone()).or_insert_with(|| {
                    order.push(k.clone());
                    Vec::new()
                });
                diffs.get_mut(&k).expect("inserted").push(r.value - b);
            }
        }
        let mut push = |k: &(String, String, String), v: &[f64]| {
            let (m, lo, hi) = mean_ci(v);
            out.push(DifferenceRow {
                variant: arm.name.clone(),
                territory: k.0.clone(),
                group: k.1.clone(),
                indicator: k.2.clone(),
                mean_diff: m,
                ci_low: lo,
                ci_high: hi,
                n: v.len(),
            });
        };
        for k in &order {
            push(k, &diffs[k]);
        }
        for t in &run.scenario.territories {
            let of = |ind: &str| diffs.get(&(t.name.clone(), "all".into(), ind.into())).map(|v| mean_ci(v));
            let cost = of("cost_total_eur_per_year").map(|c| c.0);
            for (effect, name) in [
                ("avoidable_hosp_per_year", "icer_eur_per_avoided_hospitalisation"),
                ("ed_visits_per_year", "icer_eur_per_avoided_ed_visit"),
            ] {
                if let (Some(c), Some((e, _, e_high))) = (cost, of(effect)) {
                    // Only where the variant clearly avoids events (the interval of the difference is below 0).
                    let icer = if e_high < 0.0 { c / -e } else { f64::NAN };
                    out.push(DifferenceRow {
                        variant: arm.name.clone(),
                        territory: t.name.clone(),
                        group: "all".into(),
                        indicator: name.into(),
                        mean_diff: icer,
                        ci_low: f64::NAN,
                        ci_high: f64::NAN,
                        n: run.scenario.replications as usize,
                    });
                }
            }
        }
    }
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

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    let err = |source| RunError::Write { path: path.to_path_buf(), source };
    let tmp = path.with_extension(format!("{}.tmp", path.extension().and_then(|e| e.to_str()).unwrap_or("")));
    let mut f = std::fs::File::create(&tmp).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// Provenance and totals of a run (`run.json`).
#[derive(Serialize)]
pub struct RunManifest {
    pub parcours_version: String,
    pub git_commit: Option<String>,
    pub scenario_name: String,
    pub scenario_origin: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub replications: u32,
    pub threads: usize,
    pub years: f64,
    pub warmup_days: u32,
    pub inhabitants: u64,
    pub variants: Vec<String>,
    pub common_random_numbers: bool,
    pub started_at: String,
    pub finished_at: String,
    pub wall_seconds: f64,
    pub needs_simulated: u64,
    pub events_simulated: u64,
    pub files: Vec<String>,
}

/// The manifest of `run`.
pub fn manifest(run: &RunResult) -> RunManifest {
    let s = run.scenario;
    RunManifest {
        parcours_version: VERSION.into(),
        git_commit: GIT_COMMIT.map(String::from),
        scenario_name: s.name.clone(),
        scenario_origin: s.origin.clone(),
        scenario_sha256: s.sha256.clone(),
        seed: s.seed,
        replications: s.replications,
        threads: run.threads,
        years: s.years,
        warmup_days: s.warmup_days,
        inhabitants: s.inhabitants(),
        started_at: humantime::format_rfc3339_seconds(run.started).to_string(),
        finished_at: humantime::format_rfc3339_seconds(run.started + run.wall).to_string(),
        wall_seconds: run.wall.as_secs_f64(),
        variants: run.arms.iter().skip(1).map(|a| a.name.clone()).collect(),
        common_random_numbers: !s.independent_seeds,
        needs_simulated: run.totals().0,
        events_simulated: run.totals().1,
        files: ["scenario.toml", "indicators.csv", "summary.csv", "differences.csv", "run.json"].map(String::from).to_vec(),
    }
}

/// What `write_run` wrote, for the terminal tables (names made CSV-safe).
pub struct Written {
    pub summary: Vec<SummaryRow>,
    pub differences: Vec<DifferenceRow>,
}

/// Makes the variant and territory names of `rows` CSV-safe.
fn make_safe<T>(rows: &mut [T], names: impl Fn(&mut T) -> [&mut String; 2]) {
    for r in rows {
        for name in names(r) {
            *name = csv_safe(name);
        }
    }
}

/// Writes the output folder of `run` into `dir` (created if needed).
/// Indicator rows are computed once; summary and differences derive from them.
pub fn write_run(dir: &Path, run: &RunResult) -> Result<Written, RunError> {
    std::fs::create_dir_all(dir).map_err(|source| RunError::Write { path: dir.to_path_buf(), source })?;
    write_atomic(&dir.join("scenario.toml"), run.scenario.text.as_bytes())?;
    let mut rows = indicator_rows(run);
    let mut summary = summarise_rows(&rows);
    let mut diffs = differences_rows(run, &rows);
    make_safe(&mut rows, |r| [&mut r.variant, &mut r.territory]);
    make_safe(&mut summary, |r| [&mut r.variant, &mut r.territory]);
    make_safe(&mut diffs, |r| [&mut r.variant, &mut r.territory]);
    write_atomic(&dir.join("indicators.csv"), &csv_bytes(&rows))?;
    write_atomic(&dir.join("summary.csv"), &csv_bytes(&summary))?;
    write_atomic(&dir.join("differences.csv"), &csv_bytes(&diffs))?;
    let json = serde_json::to_vec_pretty(&manifest(run)).expect("manifest serialises");
    write_atomic(&dir.join("run.json"), &json)?;
    Ok(Written { summary, differences: diffs })
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

/// The indicators shown in the terminal table, with their labels.
pub const KEY_INDICATORS: &[(&str, &str)] = &[
    ("delay_mean_days", "delay to consultation, mean (days)"),
    ("delay_mean_days.chronic_followup", "  chronic follow-up, mean (days)"),
    ("unscheduled_seen_48h_share", "unscheduled needs seen < 48 h"),
    ("registered_gp_coverage", "registered-GP coverage"),
    ("forgone_care_rate", "forgone-care rate"),
    ("ed_visits_per_1000", "ED visits /1,000/yr"),
    ("ed_visits_per_1000.primary_care_treatable", "  treatable in primary care /1,000/yr"),
    ("avoidable_hosp_per_1000", "avoidable hospitalisations /1,000/yr"),
    ("readmission_30d_rate", "30-day readmission rate"),
    ("gp_utilisation", "GP slot utilisation"),
];

/// A short aligned table of the base: key indicators (group `all`) × territory, mean [95 % CI].
pub fn summary_table(summary: &[SummaryRow], territories: &[String]) -> String {
    let cell = |t: &str, ind: &str| {
        summary
            .iter()
            .find(|r| r.variant == "base" && r.territory == t && r.group == "all" && r.indicator == ind)
            .map_or("–".to_string(), |r| format!("{} [{}, {}]", fmt3(r.mean), fmt3(r.ci_low), fmt3(r.ci_high)))
    };
    let label_w = KEY_INDICATORS.iter().map(|k| k.1.chars().count()).max().unwrap_or(0);
    let cols: Vec<Vec<String>> = territories.iter().map(|t| KEY_INDICATORS.iter().map(|k| cell(t, k.0)).collect()).collect();
    let widths: Vec<usize> = territories
        .iter()
        .zip(&cols)
        .map(|(t, c)| c.iter().map(|s| s.chars().count()).chain([t.chars().count()]).max().unwrap_or(0))
        .collect();
    let mut out = format!("{:label_w$}", "indicator (mean [95% CI])");
    for (t, w) in territories.iter().zip(&widths) {
        out.push_str(&format!("  {t:>w$}"));
    }
    out.push('\n');
    for (i, (_, label)) in KEY_INDICATORS.iter().enumerate() {
        out.push_str(&format!("{label:label_w$}"));
        for (c, w) in cols.iter().zip(&widths) {
            out.push_str(&format!("  {:>w$}", c[i]));
        }
        out.push('\n');
    }
    out
}

/// The differences shown in the terminal, with their labels.
pub const KEY_DIFFERENCES: &[(&str, &str)] = &[
    ("delay_mean_days", "delay to consultation (days)"),
    ("unscheduled_seen_48h_share", "unscheduled needs seen < 48 h"),
    ("forgone_care_rate", "forgone-care rate"),
    ("ed_visits_per_1000", "ED visits /1,000/yr"),
    ("ed_visits_per_1000.primary_care_treatable", "  treatable in primary care /1,000/yr"),
    ("avoidable_hosp_per_1000", "avoidable hospitalisations /1,000/yr"),
    ("cost_total_per_inhabitant_eur", "total cost €/inhabitant/yr"),
    ("icer_eur_per_avoided_hospitalisation", "€ per avoided hospitalisation"),
    ("icer_eur_per_avoided_ed_visit", "€ per avoided ED visit"),
];

/// The main differences vs base, per variant and territory, in plain words.
pub fn differences_table(diffs: &[DifferenceRow], territories: &[String]) -> String {
    let mut out = String::new();
    let mut variants: Vec<&str> = diffs.iter().map(|d| d.variant.as_str()).collect();
    variants.dedup();
    for v in variants {
        out.push_str(&format!("{v} − base (mean difference [95% CI], paired over replications)\n"));
        let label_w = KEY_DIFFERENCES.iter().map(|k| k.1.chars().count()).max().unwrap_or(0);
        out.push_str(&format!("  {:label_w$}", ""));
        for t in territories {
            out.push_str(&format!("  {t:>28}"));
        }
        out.push('\n');
        for (ind, label) in KEY_DIFFERENCES {
            out.push_str(&format!("  {label:label_w$}"));
            for t in territories {
                let cell = diffs.iter().find(|d| d.variant == v && &d.territory == t && d.group == "all" && d.indicator == *ind).map_or(
                    "–".to_string(),
                    |d| {
                        if d.ci_low.is_finite() {
                            format!("{} [{}, {}]", signed(d.mean_diff), signed(d.ci_low), signed(d.ci_high))
                        } else {
                            fmt3(d.mean_diff)
                        }
                    },
                );
                out.push_str(&format!("  {cell:>28}"));
            }
            out.push('\n');
        }
    }
    out
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
        assert_eq!(mean_ci(&[2.0]), (2.0, 2.0, 2.0));
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
