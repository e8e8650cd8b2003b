//! Sensitivity analysis of a finished design: one-at-a-time swings
//! (tornado-ready) and Sobol indices.
//!
//! The output of a point is the mean over its replications of an indicator
//! (group `all`), per arm and territory. One-at-a-time reads the baseline
//! point and each parameter's low and high points; Sobol reads the Saltelli
//! design (see [`super::sobol`]).

use super::sobol::sobol_indices;
use super::tasks::TaskResult;
use super::Plan;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Mean output per (point, arm, territory, indicator), group `all`.
pub fn point_means(plan: &Plan, tasks: &[TaskResult]) -> HashMap<(u32, u32, u16, String), f64> {
    let mut sums: HashMap<(u32, u32, u16, String), (f64, u32)> = HashMap::new();
    for t in tasks {
        for (territory, group, indicator, value) in &t.rows {
            if group == "all" && plan.indicators.contains(indicator) {
                let e = sums.entry((t.point, t.arm, *territory, indicator.clone())).or_default();
                e.0 += value;
                e.1 += 1;
            }
        }
    }
    sums.into_iter().map(|(k, (s, n))| (k, s / f64::from(n))).collect()
}

/// Per (point, arm, territory, indicator), group `all`: each replication's
/// value, by replication number (a point's replications share their random
/// numbers with the same replications of every other point: the base's seed).
fn replication_values(plan: &Plan, tasks: &[TaskResult]) -> HashMap<(u32, u32, u16, String), BTreeMap<u32, f64>> {
    let mut out: HashMap<(u32, u32, u16, String), BTreeMap<u32, f64>> = HashMap::new();
    for t in tasks {
        for (territory, group, indicator, value) in &t.rows {
            if group == "all" && plan.indicators.contains(indicator) {
                out.entry((t.point, t.arm, *territory, indicator.clone())).or_default().insert(t.replication, *value);
            }
        }
    }
    out
}

/// The differences `high − low` of the replications present at both points,
/// paired by replication number (the same random numbers at both).
fn paired_differences(low: Option<&BTreeMap<u32, f64>>, high: Option<&BTreeMap<u32, f64>>) -> Vec<f64> {
    let (Some(low), Some(high)) = (low, high) else { return Vec::new() };
    high.iter().filter_map(|(r, h)| low.get(r).map(|l| h - l)).collect()
}

/// A row of `sensitivity.csv` for one-at-a-time analysis.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct OatRow {
    pub variant: String,
    pub territory: String,
    pub indicator: String,
    pub parameter: String,
    pub parameter_low: f64,
    pub parameter_baseline: f64,
    pub parameter_high: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub output_at_low: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub output_at_baseline: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub output_at_high: f64,
    /// |output at high − output at low|: the bar of a tornado chart.
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub swing: f64,
    /// Student-t 95 % interval of output at high − output at low, from the
    /// differences paired by replication (`stats::mean_ci`); empty when
    /// fewer than 2 replications are at both points.
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub change_ci_low: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub change_ci_high: f64,
    /// Replications present at both the low and the high point.
    pub n: usize,
    /// Paired t-test of high − low = 0 (`stats::paired_p_value`); empty
    /// when n < 2 or when the differences do not vary.
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub p_value: f64,
    /// Holm-adjusted over every (parameter, indicator) of the same variant
    /// and territory (`stats::holm`): the swing is distinguishable from
    /// noise when below 0.05 ([`OatRow::distinguishable`]).
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub p_holm: f64,
}

impl OatRow {
    /// Whether the swing is distinguishable from zero after the Holm
    /// adjustment (`p_holm` < 0.05, the level of every mark): a swing that
    /// is not may be the replications' noise alone.
    pub fn distinguishable(&self) -> bool {
        self.p_holm < crate::stats::ALPHA
    }
}

/// One-at-a-time rows, parameters sorted by decreasing swing within each
/// (variant, territory, indicator). Point 0 is the baseline, points 2i+1
/// and 2i+2 parameter i at low and high (see `design::one_at_a_time`).
/// Each swing has the interval and the Holm-adjusted p-value of its
/// differences paired by replication, the family being every
/// (parameter, indicator) of one variant and territory.
pub fn one_at_a_time(plan: &Plan, tasks: &[TaskResult]) -> Vec<OatRow> {
    let means = point_means(plan, tasks);
    let values = replication_values(plan, tasks);
    let baseline = &plan.points[0].values;
    let mut out = Vec::new();
    for (a, variant) in plan.arm_names.iter().enumerate() {
        for (t, territory) in plan.territory_names.iter().enumerate() {
            let mut family: Vec<OatRow> = Vec::new();
            for indicator in &plan.indicators {
                let key = |p: usize| (p as u32, a as u32, t as u16, indicator.clone());
                let y = |p: usize| means.get(&key(p)).copied().unwrap_or(f64::NAN);
                let mut rows: Vec<OatRow> = plan
                    .factors
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let diffs = paired_differences(values.get(&key(2 * i + 1)), values.get(&key(2 * i + 2)));
                        let (_, change_ci_low, change_ci_high) = crate::stats::mean_ci(&diffs);
                        OatRow {
                            variant: variant.clone(),
                            territory: territory.clone(),
                            indicator: indicator.clone(),
                            parameter: f.path.clone(),
                            parameter_low: plan.points[2 * i + 1].values[i],
                            parameter_baseline: baseline[i],
                            parameter_high: plan.points[2 * i + 2].values[i],
                            output_at_low: y(2 * i + 1),
                            output_at_baseline: y(0),
                            output_at_high: y(2 * i + 2),
                            swing: (y(2 * i + 2) - y(2 * i + 1)).abs(),
                            change_ci_low,
                            change_ci_high,
                            n: diffs.len(),
                            p_value: crate::stats::paired_p_value(&diffs).unwrap_or(f64::NAN),
                            p_holm: f64::NAN,
                        }
                    })
                    .collect();
                rows.sort_by(|x, y| y.swing.total_cmp(&x.swing));
                family.extend(rows);
            }
            let p: Vec<Option<f64>> = family.iter().map(|r| r.p_value.is_finite().then_some(r.p_value)).collect();
            for (r, adjusted) in family.iter_mut().zip(crate::stats::holm(&p)) {
                r.p_holm = adjusted.unwrap_or(f64::NAN);
            }
            out.extend(family);
        }
    }
    out
}

/// A row of `sensitivity.csv` for Sobol indices.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SobolRow {
    pub variant: String,
    pub territory: String,
    pub indicator: String,
    pub parameter: String,
    /// The range the design drew the parameter in (the experiment's, or
    /// the one docs/parameters.md states when it gave none).
    pub parameter_low: f64,
    pub parameter_high: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub first_order: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub first_order_low: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub first_order_high: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub total: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub total_low: f64,
    #[serde(serialize_with = "crate::io::number_or_empty")]
    pub total_high: f64,
}

/// A warning when some Sobol estimates are impossible for true indices
/// (below 0 or above 1 beyond 0.05, or a first-order index above its
/// total beyond 0.05): a sign that the sample is too small for them to be
/// read (Saltelli et al. 2010 use N in the thousands), not a finding.
pub fn sobol_sample_note(rows: &[SobolRow], french: bool) -> Option<String> {
    const SLACK: f64 = 0.05;
    let outside = |x: f64| x.is_finite() && !(-SLACK..=1.0 + SLACK).contains(&x);
    let odd = rows.iter().filter(|r| outside(r.first_order) || outside(r.total) || r.first_order > r.total + SLACK).count();
    (odd > 0).then(|| {
        if french {
            format!("⚠ {odd} ligne(s) sur {} ont des indices impossibles pour de vrais indices (hors de [0, 1], ou premier ordre au-dessus du total)\u{a0}: l'échantillon est trop petit pour les lire\u{a0}; augmentez samples", rows.len())
        } else {
            format!("⚠ {odd} of {} rows have estimates true indices cannot take (outside [0, 1], or first order above total): the sample is too small to read them; raise samples", rows.len())
        }
    })
}

/// Sobol indices of every parameter for every (variant, territory, indicator).
pub fn sobol(plan: &Plan, tasks: &[TaskResult], bootstrap: usize) -> Vec<SobolRow> {
    let means = point_means(plan, tasks);
    let k = plan.factors.len();
    let mut out = Vec::new();
    for (a, variant) in plan.arm_names.iter().enumerate() {
        for (t, territory) in plan.territory_names.iter().enumerate() {
            for indicator in &plan.indicators {
                let y: Vec<f64> = (0..plan.points.len())
                    .map(|p| means.get(&(p as u32, a as u32, t as u16, indicator.clone())).copied().unwrap_or(f64::NAN))
                    .collect();
                let indices = sobol_indices(&y, k, bootstrap, plan.base.seed);
                for (f, s) in plan.factors.iter().zip(indices) {
                    out.push(SobolRow {
                        variant: variant.clone(),
                        territory: territory.clone(),
                        indicator: indicator.clone(),
                        parameter: f.path.clone(),
                        parameter_low: f.low,
                        parameter_high: f.high,
                        first_order: s.first,
                        first_order_low: s.first_low,
                        first_order_high: s.first_high,
                        total: s.total,
                        total_low: s.total_low,
                        total_high: s.total_high,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The note counts the rows with impossible estimates, by hand: of three
    /// rows, S1 = 1.64 (above 1) and S1 0.5 > ST 0.3 (first above total) are
    /// two; S1 0.2, ST 0.25 is readable; with none, no note.
    #[test]
    fn impossible_sobol_estimates_are_flagged() {
        let row = |first: f64, total: f64| SobolRow {
            variant: "base".into(),
            territory: "t".into(),
            indicator: "i".into(),
            parameter: "p".into(),
            parameter_low: 0.0,
            parameter_high: 1.0,
            first_order: first,
            first_order_low: f64::NAN,
            first_order_high: f64::NAN,
            total,
            total_low: f64::NAN,
            total_high: f64::NAN,
        };
        let note = sobol_sample_note(&[row(1.64, 1.0), row(0.5, 0.3), row(0.2, 0.25)], false).unwrap();
        assert!(note.starts_with("⚠ 2 of 3 rows"), "{note}");
        assert_eq!(sobol_sample_note(&[row(0.2, 0.25), row(0.0, 0.02)], false), None);
    }
}
