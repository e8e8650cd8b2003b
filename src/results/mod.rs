//! What a finished plan produced, in memory: the indicator rows of its task
//! results ([`rows_of`]), their means and intervals ([`summarise_rows`]),
//! the paired differences against the base with their tests
//! ([`differences_rows`], [`mark`]), gathered once in [`Results`]. Built
//! from task results however they were obtained (run now, resumed, merged,
//! or read back by `parcours report DIR`); `output` writes files from it and
//! `report` reads it. No I/O here.

pub mod compare;
pub mod simulate;

pub use simulate::{differences, indicator_rows, simulate, summarise, task_results, ArmOutput, RunResult};

use crate::experiment::tasks::TaskResult;
use crate::experiment::{Command, Plan};
use crate::io::number_or_empty;
use crate::stats::mean_ci;
use serde::Serialize;
use std::collections::HashMap;

/// What a finished plan produced: its task results (plan order) and the
/// rows every output is made from.
pub struct Results<'a> {
    pub plan: &'a Plan,
    pub tasks: &'a [TaskResult],
    /// Whether rows carry the experiment point (every command but `run`).
    pub with_point: bool,
    /// Every indicator value of every task ([`rows_of`]).
    pub rows: Vec<IndicatorRow>,
    /// Means and intervals over replications ([`summarise_rows`]).
    pub summary: Vec<SummaryRow>,
    /// Paired differences variant − base ([`differences_rows`]).
    pub differences: Vec<DifferenceRow>,
}

impl<'a> Results<'a> {
    /// The results of `plan` from its task results, in plan order.
    pub fn new(plan: &'a Plan, tasks: &'a [TaskResult]) -> Self {
        let with_point = plan.inputs.command != Command::Run;
        let rows = rows_of(tasks, &plan.territory_names, with_point);
        let summary = summarise_rows(&rows);
        let mut differences = differences_rows(&rows, &plan.arm_names, &plan.territory_names);
        differences.extend(pair_differences_rows(&rows, &plan.base.compare, &plan.territory_names));
        Results { plan, tasks, with_point, rows, summary, differences }
    }
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
    /// Two-sided paired t-test p-value (empty when n < 2 or the differences are all equal: no test).
    #[serde(serialize_with = "number_or_empty")]
    pub p_value: f64,
    /// Holm-adjusted p-value within the family [`MARKED`] of the same point,
    /// variant and territory (empty outside the family or without `p_value`).
    #[serde(serialize_with = "number_or_empty")]
    pub p_holm: f64,
    /// Minimum detectable effect at these replications (α 0.05 two-sided, power 0.8; empty when n < 2 or the differences are all equal).
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
    mark_of(&d.indicator, d.mean_diff, d.p_holm)
}

/// The one rule behind every better / worse mark (report, terminal, serve):
/// a difference `mean_diff` of `indicator` whose Holm-adjusted p-value is
/// `p_holm` is marked only when `p_holm` < [`MARK_LEVEL`] (NaN: not tested,
/// never marked) and the difference is finite and non-zero.
pub fn mark_of(indicator: &str, mean_diff: f64, p_holm: f64) -> Option<bool> {
    let distinguishable = p_holm < MARK_LEVEL;
    if !distinguishable || mean_diff == 0.0 || !mean_diff.is_finite() {
        return None;
    }
    Some(if higher_is_better(indicator) { mean_diff > 0.0 } else { mean_diff < 0.0 })
}

/// Whether a difference rests on replications that do not vary (n ≥ 2, an
/// interval, but no p-value: [`crate::stats::paired_p_value`] gives none
/// exactly when the paired differences are all equal). Such a difference has
/// no Holm rank and no verdict: it is this difference exactly, in every
/// replication (`report::labels::constant_difference`). Works on rows read back from `differences.csv` too (empty p).
pub fn does_not_vary(n: usize, ci_low: f64, ci_high: f64, p_value: f64) -> bool {
    // Differences exactly 0 in every replication (a variant that changes
    // nothing) stay "not distinguishable": there is no effect to qualify.
    n >= 2 && ci_low.is_finite() && ci_high.is_finite() && p_value.is_nan() && !(ci_low == 0.0 && ci_high == 0.0)
}

/// [`does_not_vary`] of a difference row.
pub fn row_does_not_vary(d: &DifferenceRow) -> bool {
    does_not_vary(d.n, d.ci_low, d.ci_high, d.p_value)
}

/// Whether an observed effect is smaller than what the replications can detect.
pub fn below_mde(d: &DifferenceRow) -> bool {
    d.mde.is_finite() && d.mean_diff.is_finite() && d.mean_diff.abs() < d.mde
}

/// A difference row of `diffs` (variant − base) with its tests; `base` are
/// the paired base values (for the 10 % target). `p_holm` is set later.
/// `same_events`: the differences are the same whole number of events in
/// every replication ([`same_event_difference`]), so, as differences that
/// do not vary at all, they get no p-value, no MDE and no verdict.
fn tested_row(head: (Option<u32>, &str, &str, &str, &str), diffs: &[f64], base: &[f64], same_events: bool) -> DifferenceRow {
    let (m, lo, hi) = mean_ci(diffs);
    let sd = crate::stats::sd(diffs).filter(|_| !same_events);
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
        p_value: crate::stats::paired_p_value(diffs).filter(|_| !same_events).unwrap_or(f64::NAN),
        p_holm: f64::NAN,
        mde: sd.and_then(|s| crate::stats::mde(s, diffs.len())).unwrap_or(f64::NAN),
        replications_for_mde_10pct: sd.and_then(|s| crate::stats::replications_for(0.1 * base_mean, s)),
    }
}

/// Whether the paired differences of a count per 1,000 person-years
/// (`model::indicators::is_count_per_1000_person_years`) are the same
/// number of events in every replication (n ≥ 2): each replication's
/// events are value × `population` × window ÷ 1,000, the window the same
/// for every arm and replication, so equal event differences are equal
/// `events_scaled` = variant value × its population − base value × its
/// population (compared to a relative 1e-9, far below one event). Their
/// rates differ only by the group's population, which varies between
/// replications: a t-test would read that as a precise effect (trial 31:
/// one avoidable hospitalisation fewer in each of 2 replications marked
/// "better", −0.035 [−0.036, −0.035] per 1,000).
pub fn same_event_difference(indicator: &str, events_scaled: &[f64], scale: f64) -> bool {
    if events_scaled.len() < 2 || !crate::model::indicators::is_count_per_1000_person_years(indicator) {
        return false;
    }
    let tolerance = 1e-9 * scale.abs().max(f64::MIN_POSITIVE);
    events_scaled.iter().all(|x| x.is_finite() && (x - events_scaled[0]).abs() <= tolerance)
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

type CellKey = (String, String, String);

/// Paired differences from indicator rows; `arms[0]` is the base. Rows of
/// different points are compared within their point.
pub fn differences_rows(rows: &[IndicatorRow], arms: &[String], territories: &[String]) -> Vec<DifferenceRow> {
    let Some(base) = arms.first() else { return Vec::new() };
    let pairs: Vec<(String, String, String)> = arms.iter().skip(1).map(|a| (a.clone(), base.clone(), a.clone())).collect();
    paired_rows(rows, &pairs, territories)
}

/// The label of the paired difference a − b of two named arms (the
/// `variant` of its rows in `differences.csv`).
pub fn pair_label(a: &str, b: &str) -> String {
    format!("{a} − {b}")
}

/// Paired differences a − b of the pairs of arms a scenario asks for
/// (`compare`), with the same pairing over replications, tests and Holm
/// families as variant − base; rows labelled [`pair_label`].
pub fn pair_differences_rows(rows: &[IndicatorRow], pairs: &[(String, String)], territories: &[String]) -> Vec<DifferenceRow> {
    let pairs: Vec<(String, String, String)> = pairs.iter().map(|(a, b)| (a.clone(), b.clone(), pair_label(a, b))).collect();
    paired_rows(rows, &pairs, territories)
}

/// Paired differences arm − reference for each (arm, reference, label).
fn paired_rows(rows: &[IndicatorRow], pairs: &[(String, String, String)], territories: &[String]) -> Vec<DifferenceRow> {
    let key = |r: &IndicatorRow| (r.point, r.territory.clone(), r.group.clone(), r.indicator.clone(), r.replication);
    let mut points: Vec<Option<u32>> = rows.iter().map(|r| r.point).collect();
    points.dedup();
    let mut out = Vec::new();
    let mut reference_values: HashMap<&str, HashMap<_, f64>> = HashMap::new();
    for (_, reference, _) in pairs {
        reference_values
            .entry(reference.as_str())
            .or_insert_with(|| rows.iter().filter(|r| &r.variant == reference).map(|r| (key(r), r.value)).collect());
    }
    // Each group's inhabitants (`population`) by arm and replication: the
    // events behind a count per 1,000 person-years (`same_event_difference`).
    let population: HashMap<(&str, Option<u32>, &str, &str, u32), f64> = rows
        .iter()
        .filter(|r| r.indicator == "population")
        .map(|r| ((r.variant.as_str(), r.point, r.territory.as_str(), r.group.as_str(), r.replication), r.value))
        .collect();
    let population_of =
        |arm: &str, r: &IndicatorRow| population.get(&(arm, r.point, r.territory.as_str(), r.group.as_str(), r.replication)).copied();
    for point in points {
        for (arm, reference, label) in pairs {
            let base_values = &reference_values[reference.as_str()];
            let mut order: Vec<CellKey> = Vec::new();
            // Per cell: differences, base values, scaled event differences and their scale, replications.
            let mut diffs: HashMap<CellKey, PairedCell> = HashMap::new();
            for r in rows.iter().filter(|r| r.point == point && &r.variant == arm) {
                if let Some(b) = base_values.get(&key(r)) {
                    let cell = diffs.entry((r.territory.clone(), r.group.clone(), r.indicator.clone())).or_insert_with_key(|k| {
                        order.push(k.clone());
                        (Vec::new(), Vec::new(), Vec::new(), 0.0, Vec::new())
                    });
                    cell.0.push(r.value - b);
                    cell.1.push(*b);
                    let (pv, pb) = (population_of(arm, r).unwrap_or(f64::NAN), population_of(reference, r).unwrap_or(f64::NAN));
                    cell.2.push(r.value * pv - b * pb);
                    cell.3 = cell.3.max((r.value * pv).abs()).max((b * pb).abs());
                    cell.4.push(r.replication);
                }
            }
            for k in &order {
                let (d, b, events, scale, _) = &diffs[k];
                let same_events = same_event_difference(&k.2, events, *scale);
                out.push(tested_row((point, label, &k.0, &k.1, &k.2), d, b, same_events));
            }
            for t in territories {
                let of = |ind: &str| diffs.get(&(t.clone(), "all".into(), ind.into()));
                let Some(cost) = of("cost_total_eur_per_year") else { continue };
                for (effect, _, _, name) in compare::AVOIDED {
                    if let Some(e) = of(effect) {
                        // Its value once the Holm verdicts are known (`icer_as_reported`).
                        let mut r = tested_row((point, label, t, "all", name), &[], &[], false);
                        (r.mean_diff, r.n) = (f64::NAN, e.0.len());
                        (r.ci_low, r.ci_high) = cost_per_event_interval(cost, e).unwrap_or((f64::NAN, f64::NAN));
                        out.push(r);
                    }
                }
            }
        }
    }
    adjust_families(&mut out);
    icer_as_reported(&mut out);
    out
}

/// One cell of a paired comparison: the differences arm − reference,
/// the reference's values, the differences in events (rate × population)
/// and their scale, and the replication of each difference.
type PairedCell = (Vec<f64>, Vec<f64>, Vec<f64>, f64, Vec<u32>);

/// Fieller's 95 % interval (`stats::ratio_ci`) of the cost per event
/// avoided: the cost differences (`cost_total_eur_per_year`) over the
/// events avoided (− the differences of `events`), paired by replication;
/// None when fewer than 2 replications have both or no finite interval exists.
fn cost_per_event_interval(cost: &PairedCell, events: &PairedCell) -> Option<(f64, f64)> {
    let (mut spent, mut avoided) = (Vec::new(), Vec::new());
    for (c, rep) in cost.0.iter().zip(&cost.4) {
        if let Some(j) = events.4.iter().position(|r| r == rep) {
            spent.push(*c);
            avoided.push(-events.0[j]);
        }
    }
    crate::stats::ratio_ci(&spent, &avoided)
}

/// Each `icer_…` row's value by the rule the report and the terminal apply
/// (`compare::cost_per_avoided_shown`: the events clearly avoided after
/// Holm, the cost change known in sign), empty otherwise: trial 34 read
/// "−88 € per avoided ED visit" in differences.csv where the report said
/// « non calculable » (the CSV had its own, looser rule). Its interval
/// (Fieller's, set by `paired_rows`) is kept with a value, and when the
/// events clearly fall but the cost's change is not known in sign (no one
/// figure, but the interval still bounds the cost per avoided event).
fn icer_as_reported(out: &mut [DifferenceRow]) {
    let shown: Vec<(usize, f64, bool)> = out
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let name = compare::icer_name(&r.indicator)?;
            let shown = compare::cost_per_avoided_shown(out, r.point, &r.variant, &r.territory, name);
            let bounded = matches!(shown, Some(Ok(_)) | Some(Err(crate::stats::NotComputable::CostNotDistinguishable)));
            Some((i, shown.and_then(Result::ok).unwrap_or(f64::NAN), bounded))
        })
        .collect();
    for (i, v, bounded) in shown {
        out[i].mean_diff = v;
        if !bounded {
            (out[i].ci_low, out[i].ci_high) = (f64::NAN, f64::NAN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three replications with exactly one more hospitalisation each
    /// (+0.2934 per 1000 every time): no p-value, no Holm-adjusted p, no
    /// MDE, no replications needed and no mark — where today's code gave
    /// p = 0 and "worse". A varying neighbour in the same family keeps its
    /// test and is adjusted over a family of 1 (p_holm = p, by hand).
    #[test]
    fn identical_paired_differences_get_no_p_and_no_mark() {
        let x = 0.293_427_230_046_948_4;
        let head = |ind| (None, "teleconsultation", "hautes-alpes", "all", ind);
        let mut rows = vec![
            tested_row(head("avoidable_hosp_per_1000"), &[x, x, x], &[1.0, 1.0, 1.0], false),
            tested_row(head("ed_visits_per_1000"), &[-1.0, -2.0, -3.0], &[10.0, 10.0, 10.0], false),
        ];
        adjust_families(&mut rows);
        let r = &rows[0];
        assert!(r.p_value.is_nan() && r.p_holm.is_nan() && r.mde.is_nan(), "{r:?}");
        assert_eq!(r.replications_for_mde_10pct, None);
        assert_eq!(mark(r), None);
        assert!(row_does_not_vary(r));
        assert!((r.mean_diff - x).abs() < 1e-12 && r.n == 3);
        let v = &rows[1];
        assert!(!row_does_not_vary(v));
        assert_eq!(v.p_holm, v.p_value);
        assert!(v.p_value > 0.0 && v.p_value < 1.0);
    }

    /// One avoidable hospitalisation fewer in each of 2 replications of a
    /// group whose population differs between them (trial 31): by hand,
    /// 0.3 year, 94,000 then 94,200 inhabitants, base 188 then 198 events,
    /// the variant one fewer each: differences −1,000 ÷ 28,200 = −0.035461
    /// and −1,000 ÷ 28,260 = −0.035386 per 1,000, which a t-test calls
    /// precise (p ≈ 0.0007, t ≈ 944 on 1 df). The same event count: no p, no mark, "the same
    /// difference"; two fewer in the second replication: tested; the same
    /// numbers on a delay (not a count): tested.
    #[test]
    fn the_same_number_of_events_in_every_replication_gets_no_verdict() {
        let row = |variant: &str, rep: u32, indicator: &str, value: f64| IndicatorRow {
            point: None,
            variant: variant.into(),
            replication: rep,
            territory: "creuse".into(),
            group: "vulnerable:no".into(),
            indicator: indicator.into(),
            value,
        };
        let rate = |events: f64, population: f64| 1000.0 * events / (population * 0.3);
        let rows_in = |second_population: f64, second_variant_events: f64, indicator: &str| {
            let mut rows = Vec::new();
            for (rep, pop, base, variant) in [(0, 94_000.0, 188.0, 187.0), (1, second_population, 198.0, second_variant_events)] {
                for arm in ["base", "v"] {
                    rows.push(row(arm, rep, "population", pop));
                }
                rows.push(row("base", rep, indicator, rate(base, pop)));
                rows.push(row("v", rep, indicator, rate(variant, pop)));
            }
            let d = differences_rows(&rows, &["base".into(), "v".into()], &["creuse".into()]);
            d.into_iter().find(|r| r.indicator == indicator).unwrap()
        };
        let rows_with = |second_variant_events: f64, indicator: &str| rows_in(94_200.0, second_variant_events, indicator);
        // Populations far apart (80,000: rates −0.0355 and −0.0417 per 1,000), still one event fewer
        // each: the rule reads events, not rates.
        let far = rows_in(80_000.0, 197.0, "avoidable_hosp_per_1000");
        assert!(far.p_value.is_nan() && row_does_not_vary(&far), "{far:?}");
        let one_fewer = rows_with(197.0, "avoidable_hosp_per_1000");
        assert!((one_fewer.mean_diff - (-1000.0 / 28_200.0 - 1000.0 / 28_260.0) / 2.0).abs() < 1e-12, "{one_fewer:?}");
        assert!(one_fewer.p_value.is_nan() && one_fewer.mde.is_nan(), "{one_fewer:?}");
        assert!(row_does_not_vary(&one_fewer) && mark(&one_fewer).is_none());
        let two_fewer = rows_with(196.0, "avoidable_hosp_per_1000");
        assert!(two_fewer.p_value.is_finite() && !row_does_not_vary(&two_fewer), "{two_fewer:?}");
        let delay = rows_with(197.0, "delay_mean_days");
        assert!(delay.p_value.is_finite() && delay.p_value < 0.01, "a t-test on these numbers: {delay:?}");
        // A family member counted per 1,000 person-years too; a share is not.
        assert!(crate::model::indicators::is_count_per_1000_person_years("ed_visits_per_1000.escalation"));
        assert!(!crate::model::indicators::is_count_per_1000_person_years("avoidable_hosp_per_1000_age_std"));
        assert!(!crate::model::indicators::is_count_per_1000_person_years("forgone_care_rate"));
    }
}
