//! The report's season section (issue 20's seasonal population): where a
//! real territory receives visitors in its secondary homes, the
//! inhabitants' delay and ED visits by period of the year and the visitors'
//! own needs, consultations and ED visits, for every arm. The indicators
//! are computed by `model::indicators` only where there is a seasonal
//! population; without one this section is empty.

use super::labels::{indicator_label, t};
use super::{esc, notes, table, with_ci, Ctx};
use std::fmt::Write as _;

/// The seasonal indicators in the order shown (report and terminal): per
/// period, the inhabitants' mean delay and ED visits and the visitors'
/// acute needs; then the visitors' totals over the year.
pub fn indicators() -> Vec<String> {
    let mut out = Vec::new();
    for p in crate::model::seasonal::PERIODS {
        for f in ["delay_mean_days_by_period", "ed_visits_per_1000_by_period", "visitor_acute_needs_per_1000_by_period"] {
            out.push(format!("{f}.{p}"));
        }
    }
    out.extend(["visitor_acute_needs_per_1000", "visitor_consultations_per_1000", "visitor_ed_visits_per_1000"].map(String::from));
    out
}

/// The section; empty when no territory has a seasonal population.
pub(super) fn section(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let inds = indicators();
    let seasonal = |terr: &str| inds.iter().any(|i| ctx.cell(&plan.arm_names[0], terr, "all", i).is_some_and(|r| r.mean.is_finite()));
    if !plan.territory_names.iter().any(|t| seasonal(t)) {
        return String::new();
    }
    let mut h = format!("<section id=\"season\">\n<h2>{}</h2>\n<p>{}</p>\n", esc(t(lang, "season")), esc(t(lang, "season_note")));
    for terr in plan.territory_names.iter().filter(|t| seasonal(t)) {
        let _ = writeln!(h, "<h3>{}</h3>", esc(terr));
        let head: Vec<String> = std::iter::once(t(lang, "indicator").to_string()).chain(plan.arm_names.iter().cloned()).collect();
        let mut clamped = false;
        let body: Vec<Vec<String>> = inds
            .iter()
            .filter(|i| plan.arm_names.iter().any(|a| ctx.cell(a, terr, "all", i).is_some()))
            .map(|i| {
                std::iter::once(indicator_label(lang, i))
                    .chain(plan.arm_names.iter().map(|a| with_ci(lang, ctx.cell(a, terr, "all", i), &mut clamped)))
                    .collect()
            })
            .collect();
        h.push_str(&table(&head, &body));
        h.push_str(&notes(lang, &body, clamped));
    }
    h.push_str("</section>\n");
    h
}
