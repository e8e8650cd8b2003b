//! The comparisons behind the report's decision summary (issue 22): each
//! variant against the base on the key indicators ([`DECISION`]), against
//! each other (paired differences over the same replications, common
//! random numbers), by group, and the cost per avoided event. Pure
//! functions of the indicator rows and difference rows; the statistics
//! are in [`crate::stats`]. No I/O here.

use super::{DifferenceRow, IndicatorRow};
use crate::stats::{holm, mean_ci, paired_p_value, replications_for, sd, NotComputable};
use std::collections::HashMap;

/// The key indicators of the decision summary (group `all`, and every group
/// in the effects by group).
pub const DECISION: &[&str] = &[
    "delay_mean_days",
    "unscheduled_seen_48h_share",
    "forgone_care_rate",
    "ed_visits_per_1000",
    "avoidable_hosp_per_1000",
    "cost_total_per_inhabitant_eur",
];

/// The events a cost per avoided event is computed for: (events per year,
/// name, the [`super::MARKED`] indicator whose Holm-adjusted verdict says
/// whether the events distinguishably fall, the `differences.csv` row that
/// holds it).
pub const AVOIDED: &[(&str, &str, &str, &str)] = &[
    ("ed_visits_per_year", "cost_per_avoided_ed_visit", "ed_visits_per_1000", "icer_eur_per_avoided_ed_visit"),
    ("avoidable_hosp_per_year", "cost_per_avoided_hospitalisation", "avoidable_hosp_per_1000", "icer_eur_per_avoided_hospitalisation"),
];

/// Whether an indicator is a share (its value lies in [0, 1]).
pub fn is_share(indicator: &str) -> bool {
    indicator.contains("share") || indicator.ends_with("_rate") || indicator.contains("coverage") || indicator == "gp_utilisation"
}

/// The values an indicator can take: [0, 1] for a share, [0, ∞) for every
/// other one (each indicator is a count, a time, a rate or euros; see
/// `parcours scenario indicators`).
pub fn possible_range(indicator: &str) -> (f64, f64) {
    if is_share(indicator) {
        (0.0, 1.0)
    } else {
        (0.0, f64::INFINITY)
    }
}

/// What an interval is of: a level of the indicator, or a difference
/// against a base whose mean is given (NaN when unknown).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IntervalOf {
    Level,
    Difference { base_mean: f64 },
}

/// A 95 % interval `[lo, hi]` clamped to the values the indicator can take
/// ([`possible_range`]); for a difference, that range less the base mean
/// (a share's difference lies in [−base, 1 − base]), or, base unknown, the
/// widest such range (a share's in [−1, 1]). Returns the clamped bounds and
/// whether either moved. Non-finite bounds (no interval) stay as they are.
/// The one clamp of the figures and the tables (report and terminal).
pub fn clamp_interval(indicator: &str, lo: f64, hi: f64, of: IntervalOf) -> (f64, f64, bool) {
    let (min, max) = possible_range(indicator);
    let (lo_bound, hi_bound) = match of {
        IntervalOf::Level => (min, max),
        IntervalOf::Difference { base_mean } if base_mean.is_finite() => (min - base_mean, max - base_mean),
        IntervalOf::Difference { .. } => (min - max, max - min),
    };
    let (low_out, high_out) = (lo.is_finite() && lo < lo_bound, hi.is_finite() && hi > hi_bound);
    (if low_out { lo_bound } else { lo }, if high_out { hi_bound } else { hi }, low_out || high_out)
}

/// A premise of the scenario's question that the base does not meet.
#[derive(Clone, Debug, PartialEq)]
pub struct PremiseMiss {
    pub territory: String,
    pub premise: crate::scenario::file::Premise,
    /// The base's mean (group `all`).
    pub mean: f64,
}

/// The premises (`premises` of the scenario) the base's means miss, per
/// territory; a premise whose indicator was not computed is not judged.
pub fn premise_misses(summary: &[super::SummaryRow], premises: &[crate::scenario::file::Premise], base: &str) -> Vec<PremiseMiss> {
    let mut out = Vec::new();
    for p in premises {
        for r in summary.iter().filter(|r| r.point.unwrap_or(0) == 0 && r.variant == base && r.group == "all" && r.indicator == p.indicator)
        {
            let below = p.at_least.is_some_and(|a| r.mean < a);
            let above = p.at_most.is_some_and(|b| r.mean > b);
            if r.mean.is_finite() && (below || above) {
                out.push(PremiseMiss { territory: r.territory.clone(), premise: p.clone(), mean: r.mean });
            }
        }
    }
    out
}

/// Paired difference `b − a` of two arms over the same replications.
#[derive(Clone, Debug, PartialEq)]
pub struct PairRow {
    pub point: Option<u32>,
    pub a: String,
    pub b: String,
    pub territory: String,
    pub indicator: String,
    pub mean_diff: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub n: usize,
    pub p_value: f64,
    /// Holm-adjusted over the [`DECISION`] indicators of the same point,
    /// pair and territory (a question's other indicator: over those).
    pub p_holm: f64,
}

impl PairRow {
    /// `Some(true)`: `b` better than `a`; `Some(false)`: worse; `None`: not distinguishable (Holm).
    pub fn mark(&self) -> Option<bool> {
        super::mark_of(&self.indicator, self.mean_diff, self.p_holm)
    }
}

/// A difference variant − base with what the summary says about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// The difference row; for groups, `p_holm` is adjusted over the groups
    /// × [`DECISION`] indicators of the same point, variant and territory.
    pub row: DifferenceRow,
    /// Mean of the base over the same replications.
    pub base_mean: f64,
    /// Replications that would detect the observed effect (power 80 %, two-sided 5 %).
    pub needed_for_observed: Option<u64>,
}

impl Effect {
    pub fn mark(&self) -> Option<bool> {
        super::mark(&self.row)
    }

    /// The effect relative to the base mean (NaN when the base mean is 0).
    pub fn relative(&self) -> f64 {
        if self.base_mean == 0.0 {
            f64::NAN
        } else {
            self.row.mean_diff / self.base_mean.abs()
        }
    }

    /// The interval clamped to the differences the indicator can take:
    /// every key indicator is ≥ 0 (difference ≥ −base), shares are ≤ 1
    /// (difference ≤ 1 − base).
    pub fn possible_interval(&self) -> (f64, f64) {
        let (lo, hi, _) =
            clamp_interval(&self.row.indicator, self.row.ci_low, self.row.ci_high, IntervalOf::Difference { base_mean: self.base_mean });
        (lo, hi)
    }
}

/// A cost per avoided event of a variant.
#[derive(Clone, Debug, PartialEq)]
pub struct CostPerAvoided {
    pub variant: String,
    pub territory: String,
    /// [`AVOIDED`] name.
    pub name: &'static str,
    pub value: Result<f64, NotComputable>,
    /// Its 95 % interval, with a value or when only the cost's sign is unknown ([`cost_per_avoided_interval`]).
    pub interval: Option<(f64, f64)>,
}

/// Everything the decision summary shows, for one point.
#[derive(Clone, Debug, Default)]
pub struct Decision {
    pub point: Option<u32>,
    /// The indicators of the summary, in order: the scenario's
    /// `question_indicators` first, then [`DECISION`].
    pub indicators: Vec<String>,
    /// Variant − base, group `all`, [`DECISION`] indicators (Holm as in `differences.csv`).
    pub vs_base: Vec<Effect>,
    /// Variant − base for every other group, [`DECISION`] indicators (Holm over groups × indicators).
    pub groups: Vec<Effect>,
    /// Variant − variant, group `all`, every indicator of [`Self::indicators`]
    /// (Holm over the [`DECISION`] ones, and over the question's others).
    pub between: Vec<PairRow>,
    pub cost_per_avoided: Vec<CostPerAvoided>,
}

type Cell = (String, String, String, String); // variant, territory, group, indicator

/// Values by replication of the rows of `point` for the indicators wanted.
fn index(rows: &[IndicatorRow], point: Option<u32>, wanted: &[&str]) -> HashMap<Cell, Vec<(u32, f64)>> {
    let mut m: HashMap<Cell, Vec<(u32, f64)>> = HashMap::new();
    for r in rows.iter().filter(|r| r.point == point && wanted.contains(&r.indicator.as_str())) {
        m.entry((r.variant.clone(), r.territory.clone(), r.group.clone(), r.indicator.clone())).or_default().push((r.replication, r.value));
    }
    m
}

/// The paired differences `b − a` over the replications both have, in
/// replication order, and the values of `a` paired with them.
pub fn paired(a: &[(u32, f64)], b: &[(u32, f64)]) -> (Vec<f64>, Vec<f64>) {
    let mut a: Vec<(u32, f64)> = a.to_vec();
    a.sort_by_key(|x| x.0);
    let mut b: Vec<(u32, f64)> = b.to_vec();
    b.sort_by_key(|x| x.0);
    let (mut d, mut base) = (Vec::new(), Vec::new());
    for (rep, vb) in &b {
        if let Ok(i) = a.binary_search_by_key(rep, |x| x.0) {
            d.push(vb - a[i].1);
            base.push(a[i].1);
        }
    }
    (d, base)
}

/// A paired comparison `b − a` (not yet Holm-adjusted).
pub fn pair_row(point: Option<u32>, a: &str, b: &str, territory: &str, indicator: &str, diffs: &[f64]) -> PairRow {
    let (m, lo, hi) = mean_ci(diffs);
    PairRow {
        point,
        a: a.into(),
        b: b.into(),
        territory: territory.into(),
        indicator: indicator.into(),
        mean_diff: m,
        ci_low: lo,
        ci_high: hi,
        n: diffs.len(),
        p_value: paired_p_value(diffs).unwrap_or(f64::NAN),
        p_holm: f64::NAN,
    }
}

/// Holm-adjusts `p` in place (NaN: not a test).
fn holm_in_place(p: &mut [&mut f64]) {
    let given: Vec<Option<f64>> = p.iter().map(|x| Some(**x).filter(|v| v.is_finite())).collect();
    for (x, a) in p.iter_mut().zip(holm(&given)) {
        **x = a.unwrap_or(f64::NAN);
    }
}

/// The indicators a question is about, then the [`DECISION`] ones not among them.
pub fn summary_indicators(question: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in question.iter().map(String::as_str).chain(DECISION.iter().copied()) {
        if !out.iter().any(|o| o == i) {
            out.push(i.to_string());
        }
    }
    out
}

/// The differences (group `all`, `point`) of the indicators a scenario's
/// question is about. Those of the [`super::MARKED`] family keep their
/// Holm adjustment; the others form a family of their own per variant and
/// territory (a pre-declared question: adjusted among themselves), so that
/// a verdict on them is as honest as on the marked ones.
pub fn question_rows(diffs: &[DifferenceRow], point: Option<u32>, question: &[String]) -> Vec<DifferenceRow> {
    let mut out: Vec<DifferenceRow> =
        diffs.iter().filter(|d| d.point == point && d.group == "all" && question.iter().any(|q| q == &d.indicator)).cloned().collect();
    let own = |r: &DifferenceRow| !super::MARKED.contains(&r.indicator.as_str());
    let mut families: Vec<(String, String)> = Vec::new();
    for r in out.iter().filter(|r| own(r)) {
        if !families.contains(&(r.variant.clone(), r.territory.clone())) {
            families.push((r.variant.clone(), r.territory.clone()));
        }
    }
    for (v, t) in families {
        let mut p: Vec<&mut f64> = out
            .iter_mut()
            .filter(|r| own(r) && r.variant == v && r.territory == t)
            .map(|r| {
                r.p_holm = r.p_value;
                &mut r.p_holm
            })
            .collect();
        holm_in_place(&mut p);
    }
    out
}

/// The decision summary of `point`: `arms[0]` is the base.
pub fn decide(rows: &[IndicatorRow], diffs: &[DifferenceRow], arms: &[String], territories: &[String], point: Option<u32>) -> Decision {
    decide_with_question(rows, diffs, arms, territories, point, &[])
}

/// [`decide`], with the indicators of the scenario's question first
/// (verdicts as [`question_rows`] adjusts them).
pub fn decide_with_question(
    rows: &[IndicatorRow],
    diffs: &[DifferenceRow],
    arms: &[String],
    territories: &[String],
    point: Option<u32>,
    question: &[String],
) -> Decision {
    let indicators = summary_indicators(question);
    let wanted: Vec<&str> = indicators.iter().map(String::as_str).collect();
    let idx = index(rows, point, &wanted);
    let empty: Vec<(u32, f64)> = Vec::new();
    let get = |v: &str, t: &str, g: &str, i: &str| idx.get(&(v.to_string(), t.to_string(), g.to_string(), i.to_string())).unwrap_or(&empty);
    let mut out = Decision { point, indicators: indicators.clone(), ..Default::default() };
    let Some(base) = arms.first() else { return out };
    // Rows of declared pairs (`compare`) are not variant − base: left out here.
    let asked: Vec<DifferenceRow> = question_rows(diffs, point, question).into_iter().filter(|d| arms.contains(&d.variant)).collect();
    let shown = diffs
        .iter()
        .filter(|d| d.point == point && DECISION.contains(&d.indicator.as_str()) && arms.contains(&d.variant) && !asked.contains(d));
    for d in asked.iter().chain(shown) {
        let (pd, pb) = paired(get(base, &d.territory, &d.group, &d.indicator), get(&d.variant, &d.territory, &d.group, &d.indicator));
        let base_mean = if pb.is_empty() { f64::NAN } else { pb.iter().sum::<f64>() / pb.len() as f64 };
        let needed = sd(&pd).and_then(|s| replications_for(d.mean_diff, s));
        let e = Effect { row: d.clone(), base_mean, needed_for_observed: needed };
        if d.group == "all" {
            out.vs_base.push(e);
        } else {
            out.groups.push(e);
        }
    }
    // Groups: one Holm family per variant and territory (every group × indicator shown).
    for v in arms.iter().skip(1) {
        for t in territories {
            let mut p: Vec<&mut f64> = out
                .groups
                .iter_mut()
                .filter(|e| &e.row.variant == v && &e.row.territory == t)
                .map(|e| {
                    e.row.p_holm = e.row.p_value;
                    &mut e.row.p_holm
                })
                .collect();
            holm_in_place(&mut p);
        }
    }
    // Variant against variant.
    for (i, a) in arms.iter().enumerate().skip(1) {
        for b in arms.iter().skip(i + 1) {
            for t in territories {
                // Two Holm families per pair and territory: the DECISION
                // indicators, and the question's others among themselves
                // (as `question_rows` adjusts them against the base).
                let asked: Vec<&str> = indicators.iter().map(String::as_str).filter(|i| !DECISION.contains(i)).collect();
                for family in [DECISION, &asked[..]] {
                    let start = out.between.len();
                    for ind in family {
                        let (d, _) = paired(get(a, t, "all", ind), get(b, t, "all", ind));
                        if !d.is_empty() {
                            out.between.push(pair_row(point, a, b, t, ind, &d));
                        }
                    }
                    let mut p: Vec<&mut f64> = out.between[start..]
                        .iter_mut()
                        .map(|r| {
                            r.p_holm = r.p_value;
                            &mut r.p_holm
                        })
                        .collect();
                    holm_in_place(&mut p);
                }
            }
        }
    }
    // Cost per avoided event.
    for v in arms.iter().skip(1) {
        for t in territories {
            for (_, name, _, _) in AVOIDED {
                if let Some(value) = cost_per_avoided_shown(diffs, point, v, t, name) {
                    let interval = cost_per_avoided_interval(diffs, point, v, t, name);
                    out.cost_per_avoided.push(CostPerAvoided { variant: v.clone(), territory: t.clone(), name, value, interval });
                }
            }
        }
    }
    out
}

/// The report's name of the cost per avoided event an `icer_…` row of
/// `differences.csv` holds (`icer_eur_per_avoided_ed_visit` →
/// `cost_per_avoided_ed_visit`); None for any other indicator.
pub fn icer_name(indicator: &str) -> Option<&'static str> {
    AVOIDED.iter().find(|a| a.3 == indicator).map(|a| a.1)
}

/// The 95 % interval (Fieller's, `stats::ratio_ci`, unadjusted) of the
/// cost per avoided event [`cost_per_avoided_shown`] gives, from its
/// `icer_…` row of `differences.csv`: with a value, or when the events
/// clearly fall but the cost's change is not known in sign; None otherwise
/// (or with fewer than 2 replications, or no finite interval).
pub fn cost_per_avoided_interval(
    diffs: &[DifferenceRow],
    point: Option<u32>,
    variant: &str,
    territory: &str,
    name: &str,
) -> Option<(f64, f64)> {
    let (_, _, _, icer) = AVOIDED.iter().find(|a| a.1 == name)?;
    group_all_row(diffs, point, variant, territory, icer)
        .filter(|d| d.ci_low.is_finite() && d.ci_high.is_finite())
        .map(|d| (d.ci_low, d.ci_high))
}

/// The group-`all` row of `indicator` for (`point`, `variant`, `territory`)
/// in `diffs` (the whole population's difference; the report reads it too).
pub(crate) fn group_all_row<'a>(
    diffs: &'a [DifferenceRow],
    point: Option<u32>,
    variant: &str,
    territory: &str,
    indicator: &str,
) -> Option<&'a DifferenceRow> {
    diffs
        .iter()
        .find(|d| d.point == point && d.variant == variant && d.territory == territory && d.group == "all" && d.indicator == indicator)
}

/// The cost per avoided event of `variant` in `territory` (the
/// [`AVOIDED`] entry `name`) as the report and the terminal show it: the
/// mean cost difference (`cost_total_eur_per_year`) over the mean events
/// avoided, only when the fall in events is distinguishable from zero after
/// the Holm adjustment (the verdict of the entry's marked indicator, as the
/// tables show it); otherwise why not. "No reduction" only when the events
/// do not fall and that is established (a rise distinguishable after Holm,
/// or the same change in every replication); a change whose interval holds
/// 0 is "not distinguishable" whatever the sign of its mean (a trial's
/// 0.000 [−0.578; +0.578] read "none avoided"). `None` when the rows are absent.
/// The one place this rule lives (`differences.csv`'s `icer_…` rows take
/// their values from it: `results::icer_as_reported`).
pub fn cost_per_avoided_shown(
    diffs: &[DifferenceRow],
    point: Option<u32>,
    variant: &str,
    territory: &str,
    name: &str,
) -> Option<Result<f64, NotComputable>> {
    let (events, _, verdict, _) = AVOIDED.iter().find(|a| a.1 == name)?;
    let find = |ind: &str| group_all_row(diffs, point, variant, territory, ind);
    let cost = find("cost_total_eur_per_year")?;
    let e = find(events)?;
    Some(if !(e.ci_low.is_finite() && e.ci_high.is_finite()) {
        Err(NotComputable::NoInterval)
    } else if e.mean_diff >= 0.0 {
        let established = super::row_does_not_vary(e) || find(verdict).and_then(super::mark) == Some(false);
        Err(if established { NotComputable::NoReduction } else { NotComputable::NotDistinguishable })
    } else if find(verdict).and_then(super::mark) != Some(true) {
        Err(NotComputable::NotDistinguishable)
    } else if !cost_change_known(cost, find("cost_total_per_inhabitant_eur")) {
        Err(NotComputable::CostNotDistinguishable)
    } else {
        Ok(cost.mean_diff / -e.mean_diff)
    })
}

/// Whether a cost difference is known in sign: exactly zero, or
/// distinguishable from zero — by the Holm verdict of the marked
/// `cost_total_per_inhabitant_eur` row when there is one, else by the
/// interval of the total.
fn cost_change_known(total: &DifferenceRow, per_inhabitant: Option<&DifferenceRow>) -> bool {
    match per_inhabitant {
        Some(c) => c.mean_diff == 0.0 || super::mark(c).is_some(),
        None => total.mean_diff == 0.0 || total.ci_low > 0.0 || total.ci_high < 0.0,
    }
}

impl Decision {
    /// The effect of `variant` on `indicator` (group `all`) in `territory`.
    pub fn effect(&self, variant: &str, territory: &str, indicator: &str) -> Option<&Effect> {
        self.vs_base.iter().find(|e| e.row.variant == variant && e.row.territory == territory && e.row.indicator == indicator)
    }

    /// The comparison of two variants (either order), as `b − a` with `b` = `variant`.
    fn versus(&self, variant: &str, other: &str, territory: &str, indicator: &str) -> Option<Option<bool>> {
        self.between.iter().find_map(|r| {
            if r.territory != territory || r.indicator != indicator {
                None
            } else if r.b == variant && r.a == other {
                Some(r.mark())
            } else if r.a == variant && r.b == other {
                Some(r.mark().map(|m| !m))
            } else {
                None
            }
        })
    }

    /// The option distinguishably best on `indicator` in `territory`: better
    /// than the base and than every other variant (Holm-adjusted); `None`
    /// when no option is.
    pub fn best<'v>(&self, variants: &'v [String], territory: &str, indicator: &str) -> Option<&'v str> {
        variants.iter().map(String::as_str).find(|v| {
            self.effect(v, territory, indicator).and_then(Effect::mark) == Some(true)
                && variants.iter().filter(|w| w.as_str() != *v).all(|w| self.versus(v, w, territory, indicator) == Some(Some(true)))
        })
    }

    /// The group effects of `variant` in `territory` distinguishable from
    /// zero (Holm over groups) with a finite relative size.
    pub fn distinguishable_group_effects<'a>(&'a self, variant: &'a str, territory: &'a str) -> impl Iterator<Item = &'a Effect> + 'a {
        self.groups
            .iter()
            .filter(move |e| e.row.variant == variant && e.row.territory == territory && e.mark().is_some() && e.relative().is_finite())
    }

    /// The group effect of `variant` in `territory` with the largest
    /// relative size among those distinguishable from zero (Holm over groups).
    pub fn largest_group_effect<'a>(&'a self, variant: &'a str, territory: &'a str) -> Option<&'a Effect> {
        self.distinguishable_group_effects(variant, territory).fold(None, |best: Option<&Effect>, e| match best {
            Some(b) if b.relative().abs() >= e.relative().abs() => Some(b),
            _ => Some(e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(variant: &str, rep: u32, indicator: &str, value: f64) -> IndicatorRow {
        IndicatorRow {
            point: None,
            variant: variant.into(),
            replication: rep,
            territory: "T".into(),
            group: "all".into(),
            indicator: indicator.into(),
            value,
        }
    }

    #[test]
    fn paired_differences_between_variants_by_hand() {
        // A: 5, 7, 6; B: 4, 5, 5 → B − A = −1, −2, −1: mean −4/3, sd 0.57735,
        // half-width t(0.975, 2) 4.3027 · 0.57735 / √3 = 1.4342.
        let arms: Vec<String> = ["base", "A", "B"].iter().map(|s| s.to_string()).collect();
        let mut rows = Vec::new();
        for (rep, (a, b)) in [(5.0, 4.0), (7.0, 5.0), (6.0, 5.0)].into_iter().enumerate() {
            rows.push(row("base", rep as u32, "delay_mean_days", 8.0));
            rows.push(row("A", rep as u32, "delay_mean_days", a));
            rows.push(row("B", rep as u32, "delay_mean_days", b));
        }
        let d = decide(&rows, &[], &arms, &["T".into()], None);
        assert_eq!(d.between.len(), 1);
        let r = &d.between[0];
        assert_eq!((r.a.as_str(), r.b.as_str(), r.n), ("A", "B", 3));
        assert!((r.mean_diff + 4.0 / 3.0).abs() < 1e-12);
        assert!((r.ci_high - r.mean_diff - 1.4342).abs() < 1e-3, "{r:?}");
        // t = 1.3333 / (0.57735/√3) = 4.0, df 2 → p = 0.0572: not distinguishable.
        assert!((r.p_value - 0.0572).abs() < 1e-3, "{}", r.p_value);
        assert_eq!(r.mark(), None);
    }

    /// A fresh user asked about the treatable ED visits: both options were
    /// "better" against the base, yet the options-against-each-other table
    /// left the indicator out and no option was best. B − A on a question
    /// indicator outside DECISION: −1, −2, −1.5, −1, −2, −1.5 (mean −1.5,
    /// sd 0.4472, t = −8.22, df 5, p ≈ 0.0004; one test in its family, so
    /// Holm leaves it): B is distinguishably better, and best.
    #[test]
    fn options_are_compared_on_a_question_indicator_outside_the_key_ones() {
        let ind = "ed_visits_per_1000.primary_care_treatable";
        let arms: Vec<String> = ["base", "A", "B"].iter().map(|s| s.to_string()).collect();
        let mut rows = Vec::new();
        for (rep, (a, b)) in [(40.0, 39.0), (41.0, 39.0), (40.5, 39.0), (40.0, 39.0), (42.0, 40.0), (41.5, 40.0)].into_iter().enumerate() {
            let base = 50.0 + rep as f64 % 2.0;
            rows.push(row("base", rep as u32, ind, base));
            rows.push(row("A", rep as u32, ind, a));
            rows.push(row("B", rep as u32, ind, b));
        }
        let diffs = super::super::differences_rows(&rows, &arms, &["T".into()]);
        let d = decide_with_question(&rows, &diffs, &arms, &["T".into()], None, &[ind.to_string()]);
        let r = d.between.iter().find(|r| r.indicator == ind).expect("a between row for the question indicator");
        assert!((r.mean_diff + 1.5).abs() < 1e-12, "{}", r.mean_diff);
        assert!((r.p_value - 0.00044).abs() < 1e-4, "{}", r.p_value);
        assert_eq!(r.p_holm, r.p_value, "alone in its family");
        assert_eq!(r.mark(), Some(true));
        let variants = arms[1..].to_vec();
        assert_eq!(d.effect("A", "T", ind).and_then(Effect::mark), Some(true));
        assert_eq!(d.best(&variants, "T", ind), Some("B"));
    }

    #[test]
    fn pairs_are_matched_by_replication_not_order() {
        let (d, b) = paired(&[(1, 10.0), (0, 4.0)], &[(0, 5.0), (1, 13.0), (2, 1.0)]);
        assert_eq!(d, vec![1.0, 3.0]);
        assert_eq!(b, vec![4.0, 10.0]);
    }

    /// Rows of base and "A" over 3 replications: cost +9 000 €/yr each;
    /// avoidable hospitalisations −2, −4, −3 per year (per 1,000: a tenth);
    /// with `ed`, ED visits 0, +1, +2.
    fn cost_rows(ed: bool) -> Vec<IndicatorRow> {
        let mut rows = Vec::new();
        for (rep, e) in [-2.0, -4.0, -3.0].into_iter().enumerate() {
            let rep = rep as u32;
            rows.push(row("base", rep, "cost_total_eur_per_year", 100_000.0 + f64::from(rep)));
            rows.push(row("A", rep, "cost_total_eur_per_year", 109_000.0 + f64::from(rep)));
            rows.push(row("base", rep, "avoidable_hosp_per_year", 20.0));
            rows.push(row("A", rep, "avoidable_hosp_per_year", 20.0 + e));
            rows.push(row("base", rep, "avoidable_hosp_per_1000", 2.0));
            rows.push(row("A", rep, "avoidable_hosp_per_1000", 2.0 + e / 10.0));
            if ed {
                rows.push(row("base", rep, "ed_visits_per_year", 50.0));
                rows.push(row("A", rep, "ed_visits_per_year", 50.0 + f64::from(rep)));
                rows.push(row("base", rep, "ed_visits_per_1000", 5.0));
                rows.push(row("A", rep, "ed_visits_per_1000", 5.0 + f64::from(rep) / 10.0));
            }
        }
        rows
    }

    #[test]
    fn cost_per_avoided_event_from_rows() {
        // Hospitalisations −2, −4, −3: mean −3, sd 1, t = 3 / (1/√3) = 5.196,
        // df 2: p = 1 − t/√(t² + 2) = 0.0351, alone in its Holm family →
        // distinguishable: 9 000 € / 3 = 3 000 € per avoided hospitalisation.
        let arms: Vec<String> = ["base", "A"].iter().map(|s| s.to_string()).collect();
        let t: Vec<String> = vec!["T".into()];
        let rows = cost_rows(false);
        let diffs = crate::results::differences_rows(&rows, &arms, &t);
        let d = decide(&rows, &diffs, &arms, &t, None);
        let get = |d: &Decision, n: &str| d.cost_per_avoided.iter().find(|c| c.name == n).map(|c| c.value);
        assert_eq!(get(&d, "cost_per_avoided_hospitalisation"), Some(Ok(3000.0)));
        assert_eq!(get(&d, "cost_per_avoided_ed_visit"), None, "no ED rows: nothing to say");
    }

    /// Trial 34: differences.csv gave −88 € per avoided ED visit where the
    /// report said « non calculable ». Its `icer_…` rows now take the
    /// report's value: 3 000 € when the hospitalisations avoided are
    /// distinguishable (by hand above), empty when Holm leaves them not
    /// distinguishable although their raw interval is below 0 (the old rule
    /// gave 9 000 / 3 = 3 000 there too).
    #[test]
    fn the_csv_cost_per_avoided_event_is_the_report_s() {
        let arms: Vec<String> = ["base", "A"].iter().map(|s| s.to_string()).collect();
        let t: Vec<String> = vec!["T".into()];
        let icer = |with_ed: bool| {
            let diffs = crate::results::differences_rows(&cost_rows(with_ed), &arms, &t);
            diffs.iter().find(|r| r.indicator == "icer_eur_per_avoided_hospitalisation").unwrap().mean_diff
        };
        assert_eq!(icer(false), 3000.0);
        assert!(icer(true).is_nan());
    }

    /// The cost per avoided hospitalisation's 95 % interval (Fieller): cost
    /// +9 000 € in every replication, hospitalisations avoided 2, 4, 3. The
    /// bounds R solve t = (9 000 − 3R) / (R · 1/√3) = ±4.302653 (sd of the
    /// avoided events 1, of the cost 0): R = 9 000 / (3 ± 4.302653/√3) =
    /// 9 000 / (3 ± 2.484138) → [1 641.1; 17 446.8], by hand. The delta
    /// method would give 3 000 ± 2 484 (symmetric). Without a value (Holm
    /// leaves the fall not distinguishable), no interval either.
    #[test]
    fn the_cost_per_avoided_event_has_its_fieller_interval() {
        let arms: Vec<String> = ["base", "A"].iter().map(|s| s.to_string()).collect();
        let t: Vec<String> = vec!["T".into()];
        let rows = cost_rows(false);
        let diffs = crate::results::differences_rows(&rows, &arms, &t);
        let r = diffs.iter().find(|r| r.indicator == "icer_eur_per_avoided_hospitalisation").unwrap();
        let (lo, hi) = (9000.0 / (3.0 + 4.302_653 / 3f64.sqrt()), 9000.0 / (3.0 - 4.302_653 / 3f64.sqrt()));
        assert!((r.ci_low - lo).abs() < 0.05 && (r.ci_high - hi).abs() < 0.5, "{r:?} vs [{lo}; {hi}]");
        assert!((r.ci_low - 1641.1).abs() < 0.1 && (r.ci_high - 17446.8).abs() < 0.5);
        let d = decide(&rows, &diffs, &arms, &t, None);
        let c = d.cost_per_avoided.iter().find(|c| c.name == "cost_per_avoided_hospitalisation").unwrap();
        assert_eq!(c.interval, Some((r.ci_low, r.ci_high)));
        let rows = cost_rows(true);
        let diffs = crate::results::differences_rows(&rows, &arms, &t);
        let r = diffs.iter().find(|r| r.indicator == "icer_eur_per_avoided_hospitalisation").unwrap();
        assert!(r.mean_diff.is_nan() && r.ci_low.is_nan() && r.ci_high.is_nan(), "{r:?}");
        assert_eq!(cost_per_avoided_interval(&diffs, None, "A", "T", "cost_per_avoided_hospitalisation"), None);
    }

    #[test]
    fn cost_per_avoided_event_waits_for_the_holm_verdict() {
        // The same hospitalisations (raw interval [−5.48; −0.52] excludes 0,
        // p 0.0351), now in a family with ED visits 0, +1, +2 (t = 1.732,
        // p = 1 − 1.732/√5 = 0.2254): Holm multiplies the smaller p by 2 →
        // 0.0702 ≥ 0.05, not distinguishable: no cost per avoided event.
        let arms: Vec<String> = ["base", "A"].iter().map(|s| s.to_string()).collect();
        let t: Vec<String> = vec!["T".into()];
        let rows = cost_rows(true);
        let diffs = crate::results::differences_rows(&rows, &arms, &t);
        let hosp = diffs.iter().find(|r| r.indicator == "avoidable_hosp_per_1000").unwrap();
        assert!(hosp.ci_high < 0.0 && (hosp.p_holm - 0.0702).abs() < 1e-3, "{hosp:?}");
        let d = decide(&rows, &diffs, &arms, &t, None);
        let get = |n: &str| d.cost_per_avoided.iter().find(|c| c.name == n).unwrap().value;
        assert_eq!(get("cost_per_avoided_hospitalisation"), Err(NotComputable::NotDistinguishable));
        // ED visits 0, +1, +2: mean +1, interval [−1.48; +3.48] holds 0:
        // not distinguishable (not "none avoided": the rise is not established).
        assert_eq!(get("cost_per_avoided_ed_visit"), Err(NotComputable::NotDistinguishable));
    }

    /// "None avoided" stays for a rise that is established: ED visits +1 in
    /// every replication (the same change each time, no interval to hold 0).
    #[test]
    fn none_avoided_only_when_the_rise_is_established() {
        let arms: Vec<String> = ["base", "A"].iter().map(|s| s.to_string()).collect();
        let t: Vec<String> = vec!["T".into()];
        let mut rows = cost_rows(true);
        for r in rows.iter_mut().filter(|r| r.variant == "A" && r.indicator.starts_with("ed_visits")) {
            r.value = if r.indicator == "ed_visits_per_year" { 51.0 } else { 5.1 };
        }
        let diffs = crate::results::differences_rows(&rows, &arms, &t);
        let d = decide(&rows, &diffs, &arms, &t, None);
        let get = |n: &str| d.cost_per_avoided.iter().find(|c| c.name == n).unwrap().value;
        assert_eq!(get("cost_per_avoided_ed_visit"), Err(NotComputable::NoReduction));
    }

    #[test]
    fn no_cost_per_avoided_event_when_the_cost_change_is_not_known_in_sign() {
        // Hospitalisations −2, −4, −3 as above (distinguishable, p 0.0351),
        // but costs +9 000, −9 000, +3 000 €: mean +1 000, sd 9 165, 95 %
        // interval 1 000 ± 4.303 × 9 165/√3 = [−21 766; 23 766] contains 0.
        let arms: Vec<String> = ["base", "A"].iter().map(|s| s.to_string()).collect();
        let t: Vec<String> = vec!["T".into()];
        let mut rows = cost_rows(false);
        for (r, c) in rows.iter_mut().filter(|r| r.variant == "A" && r.indicator == "cost_total_eur_per_year").zip([9e3, -9e3, 3e3]) {
            r.value = 100_000.0 + f64::from(r.replication) + c;
        }
        let diffs = crate::results::differences_rows(&rows, &arms, &t);
        let cost = diffs.iter().find(|r| r.indicator == "cost_total_eur_per_year").unwrap();
        assert!((cost.mean_diff - 1000.0).abs() < 1e-9 && cost.ci_low < 0.0 && cost.ci_high > 0.0, "{cost:?}");
        let d = decide(&rows, &diffs, &arms, &t, None);
        let got = d.cost_per_avoided.iter().find(|c| c.name == "cost_per_avoided_hospitalisation").unwrap();
        assert_eq!(got.value, Err(NotComputable::CostNotDistinguishable));
        // No one figure, but Fieller's interval still bounds it: the R where
        // the t of (cost − R × avoided) = ∓4.302653, found by bisection in
        // Python: [−4 027.09; 45 410.77] (a saving to a cost).
        let (lo, hi) = got.interval.unwrap();
        assert!((lo + 4027.087).abs() < 0.01 && (hi - 45410.772).abs() < 0.05, "[{lo}; {hi}]");
        let r = diffs.iter().find(|r| r.indicator == "icer_eur_per_avoided_hospitalisation").unwrap();
        assert!(r.mean_diff.is_nan() && r.ci_low == lo && r.ci_high == hi, "{r:?}");
    }

    #[test]
    fn a_base_far_from_the_premise_is_found() {
        // GPs taken as saturated (utilisation ≥ 0.9): 0.62 misses, 0.95 meets.
        let row = |t: &str, v: f64| super::super::SummaryRow {
            point: None,
            variant: "base".into(),
            territory: t.into(),
            group: "all".into(),
            indicator: "gp_utilisation".into(),
            mean: v,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
            n: 1,
        };
        let p = crate::scenario::file::Premise { indicator: "gp_utilisation".into(), at_least: Some(0.9), at_most: None };
        let m = premise_misses(&[row("low", 0.62), row("high", 0.95)], &[p], "base");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].territory.as_str(), m[0].mean), ("low", 0.62));
    }

    #[test]
    fn intervals_are_clamped_to_the_possible_values() {
        // A share's level in [0, 1]; a rate's level ≥ 0; a share's difference
        // against a base of 0.3 in [−0.3, 0.7]; base unknown: [−1, 1].
        assert_eq!(clamp_interval("forgone_care_rate", -0.02, 1.04, IntervalOf::Level), (0.0, 1.0, true));
        assert_eq!(clamp_interval("ed_visits_per_1000", -3.0, 40.0, IntervalOf::Level), (0.0, 40.0, true));
        assert_eq!(clamp_interval("ed_visits_per_1000", 3.0, 40.0, IntervalOf::Level), (3.0, 40.0, false));
        let d = IntervalOf::Difference { base_mean: 0.3 };
        let (lo, hi, c) = clamp_interval("gp_utilisation", -0.5, 0.9, d);
        assert!((lo + 0.3).abs() < 1e-12 && (hi - 0.7).abs() < 1e-12 && c);
        let u = IntervalOf::Difference { base_mean: f64::NAN };
        assert_eq!(clamp_interval("unscheduled_seen_48h_share", -1.2, 0.1, u), (-1.0, 0.1, true));
        assert_eq!(clamp_interval("delay_mean_days", -9.0, 2.0, u), (-9.0, 2.0, false));
        let (lo, hi, c) = clamp_interval("forgone_care_rate", f64::NAN, f64::NAN, IntervalOf::Level);
        assert!(lo.is_nan() && hi.is_nan() && !c, "no interval stays none");
    }
}
