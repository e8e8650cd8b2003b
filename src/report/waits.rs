//! Figures of issue 17: the GP appointment delay in calendar days, and ED
//! visits by weekday, per territory (one series per variant). Kept apart
//! from the report's layout so that each figure is one small function.

use super::labels::{t, Lang};
use super::{charts, figure_html, Ctx};
use crate::model::requests::{CALENDAR_BANDS, WEEKDAYS};
use crate::results::SummaryRow;
use std::path::Path;

fn text(lang: Lang, en: &'static str, fr: &'static str) -> &'static str {
    if lang == Lang::Fr {
        fr
    } else {
        en
    }
}

/// Mean [95 % CI] as shown (a share in per cent, `units`).
fn interval(r: Option<&SummaryRow>) -> (f64, f64, f64) {
    r.map_or((f64::NAN, f64::NAN, f64::NAN), |r| {
        let k = super::units::scale(&r.indicator);
        (k * r.mean, k * r.ci_low, k * r.ci_high)
    })
}

/// A bar chart of the members of an indicator family.
struct Bars<'a> {
    /// File name of the figure.
    name: String,
    family: &'a str,
    members: &'a [&'a str],
    labels: Vec<String>,
    title: String,
    y_label: &'a str,
}

/// One bar chart of `b` for territory `terr`, a series per variant.
fn family_bars(ctx: &Ctx, dir: &Path, terr: &str, b: &Bars) -> Result<charts::Figure, String> {
    let plan = ctx.plan();
    let values: Vec<Vec<(f64, f64, f64)>> = plan
        .arm_names
        .iter()
        .map(|a| b.members.iter().map(|m| interval(ctx.cell(a, terr, "all", &format!("{}.{m}", b.family)))).collect())
        .collect();
    crate::figure!(dir, &b.name, (760, 400), charts::bars_with_intervals, &b.title, b.y_label, &b.labels, &plan.arm_names, &values)
}

/// The GP delay figure (calendar days from the request, GP consultations)
/// and the ED weekday figure of territory `terr` (number `ti`), as HTML.
pub(super) fn wait_figures(ctx: &Ctx, dir: &Path, ti: usize, terr: &str) -> Result<String, String> {
    let lang = ctx.lang();
    let mut h = String::new();
    if ctx.cell(&ctx.plan().arm_names[0], terr, "all", "gp_delay_share.same_day").is_some() {
        let members: Vec<&str> = CALENDAR_BANDS.iter().map(|b| b.0).collect();
        let en = ["same day", "next day", "2–4 d", "5–9 d", "10–29 d", "30+ d"];
        let fr = ["le jour même", "le lendemain", "2–4 j", "5–9 j", "10–29 j", "30 j et +"];
        let labels: Vec<String> = (0..members.len()).map(|i| text(lang, en[i], fr[i]).to_string()).collect();
        let title = format!(
            "{} — {terr}",
            text(
                lang,
                "GP appointment delay (calendar days from the request)",
                "Délai de rendez-vous chez un généraliste (jours calendaires depuis la demande)"
            )
        );
        let y_label = t(lang, "share");
        let bars = Bars { name: format!("gp-delay-days-{}", ti + 1), family: "gp_delay_share", members: &members, labels, title, y_label };
        let f = family_bars(ctx, dir, terr, &bars)?;
        let caption = text(
            lang,
            "Share of GP consultations by calendar days between the request and the consultation (planned needs booked ahead included), by variant, mean [95 % CI].",
            "Part des consultations de généraliste selon le nombre de jours calendaires entre la demande et la consultation (besoins programmés réservés à l'avance compris), par variante, moyenne [IC à 95 %].",
        );
        h.push_str(&figure_html(&f, caption));
    }
    if ctx.cell(&ctx.plan().arm_names[0], terr, "all", "ed_visits_weekday_share.mon").is_some() {
        let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let fr = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
        let labels: Vec<String> = (0..7).map(|i| text(lang, en[i], fr[i]).to_string()).collect();
        let title = format!("{} — {terr}", text(lang, "ED visits by weekday", "Passages aux urgences par jour de la semaine"));
        let y_label = text(lang, "share of ED visits (%)", "part des passages (%)");
        let bars =
            Bars { name: format!("ed-weekday-{}", ti + 1), family: "ed_visits_weekday_share", members: &WEEKDAYS, labels, title, y_label };
        let f = family_bars(ctx, dir, terr, &bars)?;
        let caption = text(
            lang,
            "Share of ED visits on each weekday, by variant, mean [95 % CI].",
            "Part des passages aux urgences selon le jour de la semaine, par variante, moyenne [IC à 95 %].",
        );
        h.push_str(&figure_html(&f, caption));
    }
    Ok(h)
}
