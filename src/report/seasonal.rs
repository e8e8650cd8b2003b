//! The report's season section (issue 20's seasonal population): where a
//! real territory receives visitors in its secondary homes, the
//! inhabitants' delay and ED visits by period of the year and the visitors'
//! own needs, consultations and ED visits, for every arm. The indicators
//! are computed by `model::indicators` only where there is a seasonal
//! population; without one this section is empty.

use super::labels::{indicator_label, t};
use super::Lang;
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
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p>",
        esc(&days_note(lang, &observed_days(plan.base.start_day_of_year, plan.base.warmup_days, plan.base.years)))
    );
    h.push_str("</section>\n");
    h
}

/// Days of the observed window in each period of `model::seasonal::PERIODS`
/// (summer, winter holidays, other days): the window starts `warmup_days`
/// after day-of-year `start_day_of_year` and lasts `years` × 365 days.
pub fn observed_days(start_day_of_year: u32, warmup_days: u32, years: f64) -> [u32; 3] {
    let mut days = [0u32; 3];
    let n = (years * 365.0).round().max(0.0) as u32;
    for k in 0..n {
        days[crate::model::seasonal::indicator_period((start_day_of_year + warmup_days + k) % 365)] += 1;
    }
    days
}

/// "Days observed: summer holidays 61, winter holidays 6, other days
/// observed 116; a period of few days has a wide interval." (trial 32: the
/// winter rows of a March–August window rested on 6 days, unsaid).
fn days_note(lang: Lang, days: &[u32; 3]) -> String {
    let parts: Vec<String> = crate::model::seasonal::PERIODS
        .iter()
        .zip(days)
        .map(|(p, d)| format!("{} {}", super::labels::period_label(lang, p), super::labels::count(lang, u64::from(*d))))
        .collect();
    match lang {
        Lang::Fr => {
            format!("Jours observés par période\u{a0}: {}\u{a0}; une période de peu de jours a un large intervalle.", parts.join(", "))
        }
        Lang::En => format!("Days observed by period: {}; a period of few days has a wide interval.", parts.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    /// By hand, trial 32's window: 60 days of warm-up from 1 January, so
    /// observed from day-of-year 60 (2 March: 31 + 28 = 59 is 1 March) for
    /// 183 days, to 31 August: winter holidays (8 February – 7 March, days
    /// 38–65) hold days 60–65, 6 days; summer (1 July – 31 August, days
    /// 181–242) 62 days; the rest 183 − 68 = 115.
    #[test]
    fn the_days_of_each_period_are_counted_by_hand() {
        assert_eq!(super::observed_days(0, 60, 183.0 / 365.0), [62, 6, 115]);
        assert_eq!(super::observed_days(0, 0, 1.0).iter().sum::<u32>(), 365);
    }
}
