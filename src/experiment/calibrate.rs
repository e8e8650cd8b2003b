//! Calibration: finding parameter values that reproduce published figures.
//!
//! Method (documented in docs/experiments.md): a Latin-hypercube screening
//! of the parameters' ranges, then a Nelder–Mead search (the `argmin`
//! crate) started from the best screened candidate, in the unit cube of the
//! ranges (values outside are clamped). Each candidate is a point of the
//! plan, run on every replication with the same seeds (common random
//! numbers make the distance a smooth function of the parameters). The
//! distance is the weighted mean of squared standardised errors
//! `Σ w·((simulated − target)/tolerance)² / Σ w`; a target is met when its
//! simulated mean lies within its tolerance.

use super::design::{latin_hypercube, Factor};
use super::file::{ExperimentFile, TargetFile, TargetKind, TargetsFile};
use super::tasks::TaskResult;
use super::Plan;
use crate::io::RunError;
use crate::model::pooled::{pooled_quantile, pooling_of};
use crate::scenario::{self, Problem, ScenarioError};
use crate::stats::mean_ci;
use argmin::core::{CostFunction, Executor};
use argmin::solver::neldermead::NelderMead;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

/// Screening candidates when the experiment gives none.
pub const DEFAULT_SCREENING: u32 = 20;
/// Nelder–Mead iterations when the experiment gives none.
pub const DEFAULT_ITERATIONS: u32 = 30;

pub(super) fn validate(e: &ExperimentFile, pb: &mut Vec<Problem>) {
    let Some(c) = &e.calibration else {
        return pb.push(Problem {
            line: None,
            path: "calibration".into(),
            reason: "`calibrate` needs a [calibration] table with targets".into(),
        });
    };
    if c.targets.is_none() && c.target.is_empty() {
        pb.push(Problem {
            line: None,
            path: "calibration".into(),
            reason: "give targets = \"file.toml\" or [[calibration.target]] tables".into(),
        });
    }
    if c.screening.is_some_and(|s| !(1..=100_000).contains(&s)) {
        pb.push(Problem { line: None, path: "calibration.screening".into(), reason: "must be between 1 and 100000".into() });
    }
    if c.iterations.is_some_and(|s| s > 100_000) {
        pb.push(Problem { line: None, path: "calibration.iterations".into(), reason: "at most 100000".into() });
    }
}

pub(super) fn screening_points(e: &ExperimentFile, factors: &[Factor], seed: u64) -> Vec<Vec<f64>> {
    let n = e.calibration.as_ref().and_then(|c| c.screening).unwrap_or(DEFAULT_SCREENING);
    latin_hypercube(factors, n as usize, seed)
}

/// Whether a calibration of `scenario` fits target `t`: a simulated target
/// of that scenario (or naming none) whose source is traced (a target with
/// `untraced` is shown by `parcours validate`, never fitted).
pub fn fits(t: &TargetFile, scenario: &str) -> bool {
    t.kind == TargetKind::Simulated && t.untraced.is_empty() && t.scenario.as_ref().is_none_or(|s| s == scenario)
}

/// Reads the targets of a calibration (targets file, then inline ones) and
/// checks them against the plan's territories and the declared indicators,
/// before any simulation: a problem names the file it is in (the targets
/// file, or the experiment file for `[[calibration.target]]`), the target's
/// path and its line.
pub fn targets(plan: &Plan, experiment_dir: &Path) -> Result<Vec<TargetFile>, ScenarioError> {
    let c = plan.experiment.as_ref().and_then(|e| e.calibration.as_ref()).expect("validated calibration");
    // A shared targets file (e.g. `data/targets.toml`) also lists targets of
    // other validation scenarios and of other kinds: keep the simulated
    // targets of this scenario.
    let scenario = &plan.base.name;
    let mine = |t: &TargetFile| fits(t, scenario);
    let mut all = Vec::new();
    if let Some(f) = &c.targets {
        let path = experiment_dir.join(f);
        let origin = path.display().to_string();
        let text =
            std::fs::read_to_string(&path).map_err(|e| ScenarioError::Unreadable { origin: origin.clone(), reason: e.to_string() })?;
        let file: TargetsFile = scenario::parse_toml(&text, &origin)?;
        let kept: Vec<(usize, &TargetFile)> = file.target.iter().enumerate().filter(|(_, t)| mine(t)).collect();
        let pb = target_problems(&kept, &plan.territory_names, "target");
        if !pb.is_empty() {
            return Err(scenario::locate::with_lines(ScenarioError::Invalid { origin, problems: pb }, &text));
        }
        all.extend(kept.into_iter().map(|(_, t)| t.clone()));
    }
    let inline: Vec<(usize, &TargetFile)> = c.target.iter().enumerate().filter(|(_, t)| mine(t)).collect();
    let (origin, text) = plan.inputs.experiment.as_ref().map_or(("targets".to_string(), ""), |e| (e.origin.clone(), e.text.as_str()));
    let mut pb = target_problems(&inline, &plan.territory_names, "calibration.target");
    all.extend(inline.into_iter().map(|(_, t)| t.clone()));
    if all.is_empty() && pb.is_empty() {
        pb.push(Problem { line: None, path: "calibration".into(), reason: format!("no simulated target of scenario {scenario:?}") });
    }
    if pb.is_empty() {
        Ok(all)
    } else {
        Err(scenario::locate::with_lines(ScenarioError::Invalid { origin, problems: pb }, text))
    }
}

/// Reads a targets file.
pub fn load_targets(path: &Path) -> Result<TargetsFile, ScenarioError> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ScenarioError::Unreadable { origin: origin.clone(), reason: e.to_string() })?;
    scenario::parse_toml(&text, &origin)
}

/// Checks targets: finite values, positive tolerances, known territories,
/// declared indicators.
pub fn check_targets(targets: &[TargetFile], territories: &[String], origin: &str) -> Result<(), ScenarioError> {
    let indexed: Vec<(usize, &TargetFile)> = targets.iter().enumerate().collect();
    let mut pb = target_problems(&indexed, territories, "target");
    if targets.is_empty() {
        pb.push(Problem { line: None, path: "target".into(), reason: "no targets".into() });
    }
    if pb.is_empty() {
        Ok(())
    } else {
        Err(ScenarioError::Invalid { origin: origin.into(), problems: pb })
    }
}

/// Checks the targets of a targets file (`origin`, e.g. data/targets.toml)
/// measured on one validation scenario (`scenario`, whose territories are
/// `territories`): the same checks as [`check_targets`], paths with each
/// target's index in its file (`target[7].territory`), each reason saying
/// which target (its label, else its indicator) and which scenario. The
/// error names the targets file, not the scenario file: the target is what
/// to correct.
pub fn check_scenario_targets(all: &[TargetFile], scenario: &str, territories: &[String], origin: &str) -> Result<(), ScenarioError> {
    let mut pb = Vec::new();
    // An APL target names a scenario for its GPs' simulated activity, not for an indicator.
    let simulated = |t: &TargetFile| matches!(t.kind, TargetKind::Simulated | TargetKind::Difference);
    for (i, t) in all.iter().enumerate().filter(|(_, t)| t.scenario.as_deref() == Some(scenario) && simulated(t)) {
        let label = if t.label.is_empty() { &t.indicator } else { &t.label };
        for mut p in target_problems(&[(i, t)], territories, "target") {
            p.reason = format!("target {label:?} (scenario {scenario:?}): {}", p.reason);
            pb.push(p);
        }
    }
    if pb.is_empty() {
        Ok(())
    } else {
        Err(ScenarioError::Invalid { origin: origin.into(), problems: pb })
    }
}

/// The problems of targets given with their index in their file, paths
/// `{array}[i].field`.
fn target_problems(targets: &[(usize, &TargetFile)], territories: &[String], array: &str) -> Vec<Problem> {
    let mut pb = Vec::new();
    for &(i, t) in targets {
        let mut p = |field: &str, reason: String| pb.push(Problem { line: None, path: format!("{array}[{i}].{field}"), reason });
        check_target_values(t, &mut p);
        if let Some(name) = &t.territory {
            if !territories.contains(name) {
                p("territory", format!("{name:?} is not a territory of the scenario ({})", territories.join(", ")));
            }
        }
        for (field, name) in [("indicator", Some(&t.indicator)), ("denominator", t.denominator.as_ref())] {
            if let Some(reason) = name.filter(|n| !n.trim().is_empty()).and_then(|n| super::unknown_indicator(n)) {
                p(field, reason);
            }
        }
    }
    pb
}

/// The checks every target needs, whatever compares it: an indicator, a
/// finite value, a positive tolerance, a weight ≥ 0. `problem(field, reason)`.
pub fn check_target_values(t: &TargetFile, problem: &mut impl FnMut(&str, String)) {
    if t.indicator.trim().is_empty() {
        problem("indicator", "must not be empty".into());
    }
    if !t.value.is_finite() {
        problem("value", format!("must be a finite number (got {})", t.value));
    }
    if t.tolerance.is_some_and(|x| !(x.is_finite() && x > 0.0)) {
        problem("tolerance", "must be a positive number".into());
    }
    if !(t.weight.is_finite() && t.weight >= 0.0) {
        problem("weight", "must be zero or positive".into());
    }
}

/// Whether a simulated mean `m` is within the target's tolerance.
pub fn within_tolerance(t: &TargetFile, m: f64) -> bool {
    m.is_finite() && (m - t.value).abs() <= tolerance(t)
}

/// Tolerance of a target (default 10 % of its value).
pub fn tolerance(t: &TargetFile) -> f64 {
    t.tolerance.unwrap_or(0.1 * t.value.abs()).max(1e-12)
}

/// Simulated value of a target in one replication: the territory's value;
/// over all territories, for a quantile indicator of group `all`
/// ([`pooled_by_histogram`]), the quantile of the territories' summed
/// histograms (requests pooled), and for any other indicator the
/// population-weighted mean.
pub fn replication_value(task: &TaskResult, t: &TargetFile, territories: &[String]) -> Option<f64> {
    if let Some(name) = &t.territory {
        let i = territories.iter().position(|n| n == name)? as u16;
        return territory_value(task, i, t);
    }
    if let Some((histogram, q)) = pooled_by_histogram(t) {
        let n = territories.len() as u16;
        let hists = task.histograms.iter().filter(|h| h.0 < n && h.1 == histogram).map(|h| h.2.as_slice());
        return pooled_quantile(hists, q);
    }
    // Population-weighted mean (of the numerator and the denominator
    // separately for a share, so that it is the share of the whole).
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..territories.len() as u16 {
        let pop = task.value(i, "all", "population").unwrap_or(0.0);
        let Some(v) = task.value(i, &t.group, &t.indicator) else { continue };
        let d = match &t.denominator {
            Some(d) => task.value(i, &t.group, d)?,
            None => 1.0,
        };
        num += pop * v;
        den += pop * d;
    }
    (den > 0.0).then(|| num / den)
}

/// The histogram and quantile of a target compared over all territories by
/// pooling requests (`model::pooled`): a quantile indicator, group `all`,
/// no territory, no denominator. None for the other targets.
pub fn pooled_by_histogram(t: &TargetFile) -> Option<(String, f64)> {
    if t.territory.is_some() || t.denominator.is_some() || t.group != "all" {
        return None;
    }
    pooling_of(&t.indicator)
}

/// How a target without a territory is formed, for tables.
pub fn national_label(t: &TargetFile) -> &'static str {
    if pooled_by_histogram(t).is_some() {
        "all (requests pooled)"
    } else {
        "all (population-weighted)"
    }
}

/// A target's indicator in one territory of one replication, divided by its
/// denominator when it has one.
fn territory_value(task: &TaskResult, territory: u16, t: &TargetFile) -> Option<f64> {
    let v = task.value(territory, &t.group, &t.indicator)?;
    match &t.denominator {
        None => Some(v),
        Some(d) => task.value(territory, &t.group, d).filter(|&x| x != 0.0).map(|x| v / x),
    }
}

/// Simulated value of a target vs the target (a row of `fit.csv`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FitRow {
    pub indicator: String,
    pub territory: String,
    pub group: String,
    pub target: f64,
    pub tolerance: f64,
    /// Not available (an empty cell) when no replication had the indicator.
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub simulated_mean: f64,
    /// Not available (empty) with fewer than 2 replications.
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub ci_low: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub ci_high: f64,
    pub within_tolerance: bool,
    pub weight: f64,
    pub source: String,
}

/// The fit of the base arm of one point's tasks to `targets`.
pub fn fit(tasks: &[&TaskResult], targets: &[TargetFile], territories: &[String]) -> Vec<FitRow> {
    targets
        .iter()
        .map(|t| {
            let values: Vec<f64> = tasks.iter().filter(|k| k.arm == 0).filter_map(|k| replication_value(k, t, territories)).collect();
            let (m, lo, hi) = mean_ci(&values);
            FitRow {
                indicator: t.indicator.clone(),
                territory: t.territory.clone().unwrap_or_else(|| national_label(t).into()),
                group: t.group.clone(),
                target: t.value,
                tolerance: tolerance(t),
                simulated_mean: m,
                ci_low: lo,
                ci_high: hi,
                within_tolerance: within_tolerance(t, m),
                weight: t.weight,
                source: t.source.clone(),
            }
        })
        .collect()
}

/// The calibration distance of a fit (infinite when a target has no value).
pub fn distance(fit: &[FitRow]) -> f64 {
    let w: f64 = fit.iter().map(|f| f.weight).sum();
    let s: f64 = fit.iter().map(|f| f.weight * ((f.simulated_mean - f.target) / f.tolerance).powi(2)).sum();
    if s.is_finite() && w > 0.0 {
        s / w
    } else {
        f64::INFINITY
    }
}

/// One evaluated candidate (a row of `history.csv`).
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub evaluation: usize,
    pub phase: &'static str,
    pub point: u32,
    pub values: Vec<f64>,
    pub distance: f64,
}

/// What a calibration found.
pub struct Calibration {
    pub history: Vec<Candidate>,
    pub best: Candidate,
    pub fit: Vec<FitRow>,
    /// Every task run, all candidates.
    pub tasks: Vec<TaskResult>,
}

/// Runs points and returns their tasks (all arms, all replications).
pub type PointRunner<'a> = dyn Fn(&Plan, &[u32]) -> Result<Vec<TaskResult>, RunError> + 'a;

struct Search<'a> {
    plan: RefCell<&'a mut Plan>,
    targets: &'a [TargetFile],
    run: &'a PointRunner<'a>,
    history: RefCell<Vec<Candidate>>,
    tasks: RefCell<Vec<TaskResult>>,
    seen: RefCell<HashMap<Vec<u64>, f64>>,
    error: RefCell<Option<RunError>>,
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

impl Search<'_> {
    /// Runs points already in the plan and records their distances.
    fn evaluate_points(&self, indices: &[u32], phase: &'static str) -> Result<(), RunError> {
        let plan = self.plan.borrow();
        let tasks = (self.run)(&plan, indices)?;
        for &i in indices {
            let own: Vec<&TaskResult> = tasks.iter().filter(|t| t.point == i).collect();
            let d = distance(&fit(&own, self.targets, &plan.territory_names));
            let values = plan.point(i).values.clone();
            self.seen.borrow_mut().insert(bits(&values), d);
            let mut h = self.history.borrow_mut();
            let evaluation = h.len();
            h.push(Candidate { evaluation, phase, point: i, values, distance: d });
        }
        self.tasks.borrow_mut().extend(tasks);
        Ok(())
    }

    /// The distance of a candidate, adding it to the plan when it is new.
    fn evaluate(&self, values: Vec<f64>) -> Result<f64, RunError> {
        if let Some(d) = self.seen.borrow().get(&bits(&values)) {
            return Ok(*d);
        }
        let indices = self.plan.borrow_mut().add_points(vec![values.clone()]).map_err(|e| RunError::Input(e.to_string()))?;
        self.evaluate_points(&indices, "nelder-mead")?;
        Ok(self.seen.borrow()[&bits(&values)])
    }

    fn to_values(&self, u: &[f64]) -> Vec<f64> {
        let plan = self.plan.borrow();
        plan.factors.iter().zip(u).map(|(f, x)| f.at(x.clamp(0.0, 1.0))).collect()
    }
}

/// The Nelder–Mead objective: distance in the unit cube, plus a penalty outside it.
struct Objective<'s, 'a>(&'s Search<'a>);

impl CostFunction for Objective<'_, '_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, u: &Self::Param) -> Result<f64, argmin::core::Error> {
        let search = self.0;
        if search.error.borrow().is_some() {
            return Ok(f64::INFINITY);
        }
        let outside: f64 = u.iter().map(|x| (x - x.clamp(0.0, 1.0)).powi(2)).sum();
        match search.evaluate(search.to_values(u)) {
            Ok(d) => Ok(d + outside),
            Err(e) => {
                *search.error.borrow_mut() = Some(e);
                Ok(f64::INFINITY)
            }
        }
    }
}

/// Calibrates `plan` (whose first points are the screening candidates)
/// against `targets`; `run` executes points.
pub fn calibrate(plan: &mut Plan, targets: &[TargetFile], run: &PointRunner) -> Result<Calibration, RunError> {
    let iterations = plan.experiment.as_ref().and_then(|e| e.calibration.as_ref()).and_then(|c| c.iterations).unwrap_or(DEFAULT_ITERATIONS);
    let k = plan.factors.len();
    let unit = |p: &Plan, v: &[f64]| -> Vec<f64> { p.factors.iter().zip(v).map(|(f, x)| (x - f.low) / (f.high - f.low)).collect() };
    let screening = plan.point_indices();
    let search = Search {
        plan: RefCell::new(plan),
        targets,
        run,
        history: RefCell::new(Vec::new()),
        tasks: RefCell::new(Vec::new()),
        seen: RefCell::new(HashMap::new()),
        error: RefCell::new(None),
    };
    search.evaluate_points(&screening, "screening")?;
    let names: Vec<String> = targets.iter().map(|t| t.indicator.clone()).collect();
    crate::experiment::tasks::check_indicators(&names, &search.tasks.borrow(), "calibration targets")?;
    let start = search.history.borrow().iter().min_by(|a, b| a.distance.total_cmp(&b.distance)).expect("at least one candidate").clone();
    if iterations > 0 && k > 0 {
        let u0 = unit(&search.plan.borrow(), &start.values);
        let mut simplex = vec![u0.clone()];
        for i in 0..k {
            let mut v = u0.clone();
            v[i] = if v[i] + 0.15 <= 1.0 { v[i] + 0.15 } else { v[i] - 0.15 };
            simplex.push(v);
        }
        let solver = NelderMead::new(simplex).with_sd_tolerance(1e-4).map_err(|e| RunError::Input(format!("calibration: {e}")))?;
        let outcome = Executor::new(Objective(&search), solver).configure(|s| s.max_iters(u64::from(iterations))).run();
        if let Some(e) = search.error.borrow_mut().take() {
            return Err(e);
        }
        outcome.map_err(|e| RunError::Input(format!("calibration search failed: {e}")))?;
    }
    let history = search.history.into_inner();
    let best =
        history.iter().min_by(|a, b| a.distance.total_cmp(&b.distance).then(a.evaluation.cmp(&b.evaluation))).expect("candidates").clone();
    let tasks = search.tasks.into_inner();
    let plan = search.plan.into_inner();
    let own: Vec<&TaskResult> = tasks.iter().filter(|t| t.point == best.point).collect();
    let fit = fit(&own, targets, &plan.territory_names);
    Ok(Calibration { history, best, fit, tasks })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<TargetFile> {
        scenario::parse_toml::<TargetsFile>(text, "test targets").unwrap().target
    }

    /// Two territories: A (100 inhabitants) with GP delays 0, 0, 0, 10 days
    /// (median 0, mean 2.5) and B (300 inhabitants) with 0, 4, 4, 4 days
    /// (median 4, mean 3).
    fn two_territories() -> TaskResult {
        let row = |t: u16, g: &str, i: &str, v: f64| (t, g.to_string(), i.to_string(), v);
        TaskResult {
            point: 0,
            arm: 0,
            variant: "base".into(),
            replication: 0,
            needs: 0,
            events: 0,
            draws: Vec::new(),
            rows: vec![
                row(0, "all", "population", 100.0),
                row(1, "all", "population", 300.0),
                row(0, "all", "gp_delay_median_calendar_days", 0.0),
                row(1, "all", "gp_delay_median_calendar_days", 4.0),
                row(0, "all", "gp_delay_mean_calendar_days", 2.5),
                row(1, "all", "gp_delay_mean_calendar_days", 3.0),
                row(0, "age:75-84", "gp_delay_median_calendar_days", 1.0),
                row(1, "age:75-84", "gp_delay_median_calendar_days", 5.0),
            ],
            weekly: Vec::new(),
            zones: Vec::new(),
            histograms: vec![
                (0, "gp_days".into(), vec![3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
                (1, "gp_days".into(), vec![1, 0, 0, 0, 3]),
                // Another histogram, and a territory outside the list: not read.
                (0, "all_days".into(), vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 9]),
                (2, "gp_days".into(), vec![0, 0, 0, 0, 0, 0, 0, 50]),
            ],
        }
    }

    #[test]
    fn a_national_quantile_pools_the_requests_a_mean_weighs_the_territories() {
        let task = two_territories();
        let names = ["a".to_string(), "b".to_string()];
        let t = targets(
            "[[target]]\nindicator = \"gp_delay_median_calendar_days\"\nvalue = 2.0\n\
             [[target]]\nindicator = \"gp_delay_p90_calendar_days\"\nvalue = 2.0\n\
             [[target]]\nindicator = \"gp_delay_mean_calendar_days\"\nvalue = 2.0\n\
             [[target]]\nindicator = \"gp_delay_median_calendar_days\"\ngroup = \"age:75-84\"\nvalue = 2.0\n\
             [[target]]\nindicator = \"gp_delay_median_calendar_days\"\nterritory = \"b\"\nvalue = 2.0\n",
        );
        // Pooled: 0 0 0 0 4 4 4 10; the median (rank ⌈0.5·8⌉ = 4) is 0 days,
        // where the population-weighted mean of the medians is (100·0 + 300·4)/400 = 3.
        assert_eq!(replication_value(&task, &t[0], &names), Some(0.0));
        // 90th percentile: rank ⌈0.9·8⌉ = 8 → 10 days.
        assert_eq!(replication_value(&task, &t[1], &names), Some(10.0));
        // A mean keeps the population-weighted mean: (100·2.5 + 300·3)/400.
        assert_eq!(replication_value(&task, &t[2], &names), Some(2.875));
        // Histograms are exported for group `all` only: another group keeps the weighted mean (100·1 + 300·5)/400.
        assert_eq!(replication_value(&task, &t[3], &names), Some(4.0));
        // A territory's target reads its own value.
        assert_eq!(replication_value(&task, &t[4], &names), Some(4.0));
        assert_eq!(national_label(&t[0]), "all (requests pooled)");
        assert_eq!(national_label(&t[2]), "all (population-weighted)");
        // Without histograms (nothing recorded) a pooled quantile is not available.
        let empty = TaskResult { histograms: Vec::new(), ..task };
        assert_eq!(replication_value(&empty, &t[0], &names), None);
    }
}
