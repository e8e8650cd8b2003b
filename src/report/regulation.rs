//! Two sections of the report shown only when relevant (issue 18): the SAS
//! regulation of each arm that regulates calls (calls answered, how they
//! ended, calls abandoned, calls not taken over the day's capacity, time in
//! regulation; `sas_*` indicators of
//! `model::indicators`), and the pairs of arms the scenario asks to compare
//! (`compare = [["a", "b"]]`: the rows `a − b` of differences.csv). Also
//! what the report and the terminal need to know of an arm's SAS: whether
//! its lines are unlimited (no queue) and its advice share.

use super::labels::{interval_sep, t, Lang};
use super::terminal::KEY_REGULATION;
use super::units::{self, Shown};
use super::{esc, notes, table, with_ci, Ctx};
use crate::results::compare::{clamp_interval, IntervalOf};
use crate::results::{mark, MARKED};
use crate::scenario::Scenario;
use std::fmt::Write as _;

/// The SAS policies' parameters of arm `arm` (as JSON objects).
fn sas_params(s: &Scenario, arm: &str) -> Vec<serde_json::Value> {
    let Some(a) = s.arms().find(|a| a.name == arm) else { return Vec::new() };
    a.policies
        .iter()
        .filter_map(|p| serde_json::to_value(&p.params).ok())
        .filter(|v| v.get("type").and_then(|t| t.as_str()) == Some("sas"))
        .collect()
}

/// Whether arm `arm` has an SAS whose lines are all unlimited
/// (`lines_per_100k` = 0: every call answered at once, no queue, so no
/// time in regulation is recorded).
pub fn unlimited_lines(s: &Scenario, arm: &str) -> bool {
    let p = sas_params(s, arm);
    !p.is_empty() && p.iter().all(|v| v.get("lines_per_100k").and_then(serde_json::Value::as_f64) == Some(0.0))
}

/// The largest SAS `advice_share` of arm `arm` (0 without an SAS or advice).
pub fn advice_share(s: &Scenario, arm: &str) -> f64 {
    sas_params(s, arm).iter().filter_map(|v| v.get("advice_share").and_then(serde_json::Value::as_f64)).fold(0.0, f64::max)
}

/// The share of calls not taken (the day's capacity used) from which the
/// report says what it does to the arm's effect: 1 % (assumption: a
/// threshold for a note, not a model parameter).
const CAPACITY_NOTE_FROM: f64 = 0.01;

/// Whether arm `arm` has an SAS that orients to every option (`orient_to_all_options`).
fn all_options(s: &Scenario, arm: &str) -> bool {
    sas_params(s, arm).iter().any(|v| v.get("orient_to_all_options").and_then(serde_json::Value::as_bool) == Some(true))
}

/// Why an SAS whose daily capacity was reached can look weaker than expected
/// (trial 32: the SAS oriented to every option looked worse than the
/// GP-only one with 14.1 % of calls not taken, and the report did not say
/// why): those callers go on as without an SAS (`world::regulation`), and
/// an SAS taking the calls of patients whose first choice failed fills its
/// capacity sooner. `pct` is the share as shown ("14,1 %").
pub fn capacity_note(lang: Lang, arm: &str, pct: &str, all_options: bool) -> String {
    let (head, options) = match lang {
        Lang::Fr => (
            format!(
                "Le SAS de « {arm} » n'a pas pris {pct} des appels passés\u{a0}: sa capacité du jour (appels par jour pour 100\u{202F}000 habitants couverts, une hypothèse) était atteinte. Ces appelants font leur propre choix, comme sans SAS (les urgences s'ils s'y rendaient)."
            ),
            " Ce SAS oriente vers toutes les options\u{a0}: il reçoit aussi les appels des patients dont le premier choix a échoué et atteint plus tôt sa capacité\u{a0}; il peut alors éviter moins de passages aux urgences qu'un SAS limité aux MG. Pour juger l'option sans cette limite, augmentez sa capacité dans une variante.",
        ),
        Lang::En => (
            format!(
                "The SAS of “{arm}” did not take {pct} of the calls placed: its daily capacity (calls a day per 100,000 covered inhabitants, an assumption) was reached. Those callers make their own choice, as without an SAS (the ED if they were heading there)."
            ),
            " This SAS orients to every option: it also receives the calls of patients whose first choice failed and reaches its capacity sooner, so it can avoid fewer ED visits than a GP-only SAS. To judge the option without that limit, raise its capacity in a variant.",
        ),
    };
    if all_options {
        head + options
    } else {
        head
    }
}

/// What the time in regulation says when the lines are unlimited.
pub fn no_queue(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "lignes illimitées\u{a0}: pas d'attente",
        Lang::En => "unlimited lines: no queue",
    }
}

/// What the SAS table's outcome rows add up to, and why "oriented to a
/// service" is 0 unless the SAS orients to every option (`world::regulation`).
pub fn outcomes_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Un appel répondu aboutit à un créneau de MG, un service, un conseil ou rien dans le délai (l'appelant fait alors son propre choix)\u{a0}: ces quatre parts font 100 % des répondus. Le SAS n'oriente vers un service (PDSA, téléconsultation, protocole …) que s'il est réglé pour orienter vers toutes les options (ce n'est pas le cas par défaut\u{a0}: 0 %) ; sinon il ne réserve que des créneaux de MG participants.",
        Lang::En => "An answered call ends with a GP slot, a service, advice, or nothing within the delay (the caller's own choice follows): these four shares make 100 % of answered calls. The SAS orients to a service (PDSA, teleconsultation, protocol …) only when set to orient to every option (not by default: 0 %); otherwise it books participating GPs' slots only.",
    }
}

/// The SAS regulation table of every territory, a column per arm that
/// answered or lost a call; empty when none did (no SAS).
pub(super) fn section(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let called = |a: &str| {
        plan.territory_names.iter().any(|terr| {
            ["sas_calls_per_1000", "sas_abandoned_share", "sas_over_capacity_share"]
                .iter()
                .any(|i| ctx.cell(a, terr, "all", i).is_some_and(|r| r.mean > 0.0))
        })
    };
    let arms: Vec<&String> = plan.arm_names.iter().filter(|a| called(a)).collect();
    if arms.is_empty() {
        return String::new();
    }
    let (title, note) = match lang {
        Lang::Fr => (
            "Régulation par le SAS",
            "Bras dont le SAS a reçu des appels, moyenne des réplications [IC à 95 %] ; un appel passé est non pris (capacité du jour atteinte) ou reçu, et un appel reçu est répondu ou abandonné.",
        ),
        Lang::En => (
            "Regulation by the SAS",
            "Arms whose SAS received calls, mean over replications [95 % CI]; a call placed is not taken (the day's capacity used) or received, and a call received is answered or abandoned.",
        ),
    };
    let mut h = format!("<section id=\"regulation\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n", esc(title), esc(note));
    for terr in &plan.territory_names {
        let _ = writeln!(h, "<h3>{}</h3>", esc(terr));
        let head: Vec<String> = std::iter::once(t(lang, "indicator").to_string()).chain(arms.iter().map(|a| a.to_string())).collect();
        let mut clamped = false;
        let body: Vec<Vec<String>> = KEY_REGULATION
            .iter()
            .map(|k| {
                let cells = arms.iter().map(|a| {
                    if k.name == "sas_regulation_minutes_mean" && unlimited_lines(&plan.base, a) {
                        no_queue(lang).to_string()
                    } else {
                        with_ci(lang, ctx.cell(a, terr, "all", k.name), &mut clamped)
                    }
                });
                std::iter::once(k.label(lang).trim().to_string()).chain(cells).collect()
            })
            .collect();
        h.push_str(&table(&head, &body));
        h.push_str(&notes(lang, &body, clamped));
        for a in &arms {
            let share = ctx.cell(a, terr, "all", "sas_over_capacity_share").map_or(0.0, |r| r.mean);
            if share >= CAPACITY_NOTE_FROM {
                let pct = format!("{} %", units::value(lang, "sas_over_capacity_share", share, Shown::Level));
                let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(&capacity_note(lang, a, &pct, all_options(&plan.base, a))));
            }
        }
    }
    let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(outcomes_note(lang)));
    let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(&callers_note(lang)));
    if arms.iter().any(|a| advice_share(&plan.base, a) > 0.0) {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(&advice_note(lang)));
    }
    h.push_str("</section>\n");
    h
}

/// Who calls the SAS, and that the share who do is an assumption the SAS's
/// effect was fitted with (stop 45's trial: a board could not tell who
/// calls, nor that the effect on ED visits reproduces the evaluations by
/// construction). The share is the policy's default, read from `SasParams`.
pub fn callers_note(lang: Lang) -> String {
    let share = super::labels::num(lang, crate::model::policy::sas::SasParams::default().call_share);
    match lang {
        Lang::Fr => format!("Qui appelle\u{a0}: un habitant qui se rend aux urgences pour un besoin de soins aigu simple appelle d'abord le SAS avec une probabilité de {share} par défaut. Cette part est une hypothèse (de 0,15 à 0,35 selon la documentation), choisie pour que l'effet du SAS sur les passages aux urgences relevant des soins de ville retrouve les −15 à −20\u{a0}% des évaluations du ministère\u{a0}: cet effet est un ajustement, non une prévision, et ses intervalles ne couvrent que le hasard des simulations, pas cette hypothèse."),
        Lang::En => format!("Who calls: a resident heading to the ED for a simple acute need calls the SAS first with probability {share} by default. That share is an assumption (0.15 to 0.35 in the documentation), chosen so that the SAS's effect on ED visits primary care could handle matches the −15 to −20 % of the ministry's evaluations: that effect is a fit, not a forecast, and its intervals cover only the chance of the simulations, not that assumption."),
    }
}

/// What a call resolved by advice is, and where its default share comes
/// from (stop 42's trial: a board read « résolus par un conseil » unexplained).
/// The shares are the policy's defaults, read from `SasParams`, not written again.
pub fn advice_note(lang: Lang) -> String {
    let d = crate::model::policy::sas::SasParams::default();
    let pct = |x: f64| super::labels::num(lang, (1000.0 * x).round() / 10.0);
    let (advised, followed, resolved) = (pct(d.advice_share), pct(d.advice_adherence), pct(d.advice_share * d.advice_adherence));
    match lang {
        Lang::Fr => format!("Résolu par un conseil\u{a0}: le régulateur conseille à l'appelant de se soigner seul, d'attendre ou de rappeler, et l'appelant suit le conseil, sans rendez-vous ni passage aux urgences. Par défaut, le régulateur conseille {advised}\u{a0}% des appels répondus, la part du conseil médical dans les 7\u{202F}957 appels des médecins régulateurs du SAS de Rennes en mars-avril 2022 (thèse de médecine, Université de Rennes, 2023), et {followed}\u{a0}% des appelants conseillés suivent le conseil, comme les 501 appelants conseillés par les médecins régulateurs de Haute-Savoie aux horaires de la permanence des soins (thèse de médecine, Université Grenoble Alpes)\u{a0}: {resolved}\u{a0}% des appels sont ainsi résolus\u{a0}; les autres appelants conseillés font leur propre choix, les urgences le plus souvent."),
        Lang::En => format!("Resolved by advice: the regulator advises the caller to look after themselves, wait or call back, and the caller follows the advice, with no appointment and no ED visit. By default the regulator advises on {advised} % of answered calls, the conseil médical's share of the 7,957 calls of the GP regulators of the SAS in Rennes, March–April 2022 (medical thesis, Université de Rennes, 2023), and {followed} % of advised callers follow the advice, as did the 501 callers advised by the GP regulators of Haute-Savoie during out-of-hours care (medical thesis, Université Grenoble Alpes): {resolved} % of calls are thus resolved; the other advised callers make their own choice, most often the ED."),
    }
}

/// The pairs the scenario asks to compare (`compare`): a table per
/// territory, a column per pair `a − b`, the indicators of the Holm family
/// ([`MARKED`]) as rows; empty without pairs.
pub(super) fn compare_section(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let pairs: Vec<String> = plan.base.compare.iter().map(|(a, b)| crate::results::pair_label(a, b)).collect();
    if pairs.is_empty() {
        return String::new();
    }
    let (title, note) = match lang {
        Lang::Fr => (
            "Comparaisons demandées par le scénario",
            "Différences appariées a − b sur les mêmes réplications, moyenne [IC à 95 %] ; mieux ou moins bien seulement si la différence est distinguable de zéro après ajustement de Holm sur les indicateurs de la paire et du territoire (p ajustée < 0,05). Parts en points de pourcentage.",
        ),
        Lang::En => (
            "Comparisons the scenario asks for",
            "Paired differences a − b over the same replications, mean [95 % CI]; better or worse only when distinguishable from zero after a Holm adjustment over the pair's indicators in the territory (adjusted p < 0.05). Shares in percentage points.",
        ),
    };
    let mut h = format!("<section id=\"compare\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n", esc(title), esc(note));
    let sep = interval_sep(lang);
    for terr in &plan.territory_names {
        let _ = writeln!(h, "<h3>{}</h3>", esc(terr));
        let head: Vec<String> = std::iter::once(t(lang, "indicator").to_string()).chain(pairs.iter().cloned()).collect();
        let body: Vec<Vec<String>> = MARKED
            .iter()
            .filter(|ind| pairs.iter().any(|p| ctx.diff(p, terr, ind).is_some()))
            .map(|ind| {
                let cells = pairs.iter().map(|p| match ctx.diff(p, terr, ind) {
                    Some(d) if d.mean_diff.is_finite() => {
                        let v = |x: f64| units::value(lang, ind, x, Shown::Difference);
                        let (lo, hi, _) = clamp_interval(ind, d.ci_low, d.ci_high, IntervalOf::Difference { base_mean: f64::NAN });
                        let interval =
                            if lo.is_finite() && hi.is_finite() { format!(" [{}{sep}{}]", v(lo), v(hi)) } else { " [–]".into() };
                        let constant = crate::results::row_does_not_vary(d);
                        let word = match (mark(d), lang) {
                            (None, lang) if constant => super::labels::constant_difference(lang),
                            (Some(true), Lang::Fr) => "mieux",
                            (Some(true), Lang::En) => "better",
                            (Some(false), Lang::Fr) => "moins bien",
                            (Some(false), Lang::En) => "worse",
                            (None, Lang::Fr) => "non distinguable",
                            (None, Lang::En) => "not distinguishable",
                        };
                        format!("{}{interval} {word}", v(d.mean_diff))
                    }
                    _ => "–".to_string(),
                });
                std::iter::once(units::label(lang, ind, Shown::Difference)).chain(cells).collect()
            })
            .collect();
        h.push_str(&table(&head, &body));
    }
    h.push_str("</section>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The note gives the defaults' figures, by hand: 43.2 % advised,
    /// 77.6 % of them following, 0.432 × 0.776 = 0.335 resolved.
    #[test]
    fn the_advice_note_says_how_many_are_advised_follow_and_are_resolved() {
        let fr = advice_note(Lang::Fr);
        assert!(fr.contains("43,2\u{a0}%") && fr.contains("77,6\u{a0}%") && fr.contains("33,5\u{a0}%"), "{fr}");
        let en = advice_note(Lang::En);
        assert!(en.contains("43.2 %") && en.contains("77.6 %") && en.contains("33.5 %"), "{en}");
    }

    /// Who calls, with the default share (0.25) and that it was fitted.
    #[test]
    fn the_callers_note_says_who_calls_and_that_the_share_is_fitted() {
        let fr = callers_note(Lang::Fr);
        assert!(fr.contains("probabilité de 0,25") && fr.contains("un ajustement, non une prévision"), "{fr}");
        assert!(callers_note(Lang::En).contains("probability 0.25"));
    }
}
