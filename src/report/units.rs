//! How an indicator's value is shown, in the report (tables, sentences,
//! figures) and in the terminal: one rule, one place. A share (an indicator
//! whose value lies in [0, 1], `results::compare::is_share`) is shown in per
//! cent as a level (25.4 %) and in percentage points as a difference
//! (−0.705 pp, French "pts"); every other indicator in its own unit. The
//! CSV files keep the raw values (a share as 0.254).

use super::labels::{indicator_label, num, signed_num, Lang};
use crate::results::compare::is_share;

/// What a number is: a level of the indicator, or a difference between two arms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Level,
    Difference,
}

/// The factor from the stored value to the shown one: 100 for a share, 1 otherwise.
pub fn scale(indicator: &str) -> f64 {
    if is_share(indicator) {
        100.0
    } else {
        1.0
    }
}

/// The unit a share is shown in ("%" for a level, "pp"/"pts" for a
/// difference); empty for any other indicator (its label says its unit).
pub fn share_unit(lang: Lang, indicator: &str, shown: Shown) -> &'static str {
    match (is_share(indicator), shown, lang) {
        (false, _, _) => "",
        (true, Shown::Level, _) => "%",
        (true, Shown::Difference, Lang::En) => "pp",
        (true, Shown::Difference, Lang::Fr) => "pts",
    }
}

/// A stored value `x` of `indicator` as shown: scaled ([`scale`]), in
/// `lang`'s number format, with a sign for a difference.
pub fn value(lang: Lang, indicator: &str, x: f64, shown: Shown) -> String {
    let x = scale(indicator) * x;
    match shown {
        Shown::Level => num(lang, x),
        Shown::Difference => signed_num(lang, x),
    }
}

/// The label of an indicator with the unit its shares are shown in:
/// "forgone-care rate (%)", "… (pp)"; other indicators' labels as they are.
/// A label that ends by saying it is a share takes the unit in its place
/// rather than a second bracket: "SAS calls abandoned (share)" → "… (%)",
/// "… (share of GP-days)" → "… (% of GP-days)", French "(part des
/// jours-médecin)" → "(% des jours-médecin)".
/// A family member's label ("… (share) — ophthalmology") takes it in the
/// family's bracket too: "… (%) — ophthalmology".
pub fn label(lang: Lang, indicator: &str, shown: Shown) -> String {
    let l = indicator_label(lang, indicator);
    match share_unit(lang, indicator, shown) {
        "" => l,
        u => {
            let (head, member) = match l.rsplit_once(" — ") {
                Some((h, m)) if indicator.contains('.') => (h, format!(" — {m}")),
                _ => (l.as_str(), String::new()),
            };
            let word = if lang == Lang::Fr { "(part" } else { "(share" };
            match head.rfind(word).filter(|_| head.ends_with(')')) {
                Some(i) if head[i + word.len()..].starts_with([' ', ')']) => {
                    format!("{}({u}{}{member}", &head[..i], &head[i + word.len()..])
                }
                _ => format!("{l} ({u})"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_a_percentage_as_a_level_and_points_as_a_difference() {
        // By hand: 0.254 → 25.4 %; −0.00705 → −0.705 points.
        assert_eq!(value(Lang::En, "forgone_care_rate", 0.254, Shown::Level), "25.4");
        assert_eq!(value(Lang::Fr, "forgone_care_rate", -0.00705, Shown::Difference), "−0,705");
        assert_eq!(label(Lang::Fr, "forgone_care_rate", Shown::Difference), "taux de renoncement aux soins (pts)");
        assert_eq!(label(Lang::En, "forgone_care_rate", Shown::Level), "forgone-care rate (%)");
        // A label that says "share" takes the unit in its place, by hand.
        assert_eq!(label(Lang::En, "gp_list_closed_share", Shown::Level), "GPs with their list closed to new patients (% of GP-days)");
        assert_eq!(
            label(Lang::Fr, "gp_list_closed_share", Shown::Difference),
            "médecins ne prenant plus de nouveaux patients comme médecin traitant (pts des jours-médecin)"
        );
        assert_eq!(label(Lang::En, "sas_abandoned_share", Shown::Level), "SAS calls abandoned (%)");
        assert_eq!(label(Lang::Fr, "needs_pending_at_horizon_share", Shown::Difference), "besoins encore en attente à la fin (pts)");
        // A family member: the unit in the family's bracket, the member after it.
        assert_eq!(
            label(Lang::Fr, "specialist_forgone_share.ophthalmology", Shown::Level),
            "adressages à un spécialiste abandonnés, sans place à temps (%) — ophtalmologie"
        );
        assert_eq!(
            label(Lang::En, "specialist_telexpertise_share.dermatology", Shown::Difference),
            "referrals answered by telexpertise without a visit (pp) — dermatology"
        );
        // Not a share: unchanged.
        assert_eq!(value(Lang::En, "ed_visits_per_1000", 352.0, Shown::Level), "352");
        assert_eq!(label(Lang::En, "ed_visits_per_1000", Shown::Level), "ED visits per 1,000 per year");
    }
}
