//! The report's answers to a board (issue 22): the decision summary that
//! opens the report (each option against the base and against each other,
//! how sure, a sentence per option), effects by group for every variant,
//! difference maps, and what varies over a sweep's points. The numbers come
//! from [`crate::results::compare`]; this module only words and draws them.

use super::{esc, figure_html, Ctx};
use crate::results::compare::{clamp_interval, is_share, Decision, Effect, IntervalOf, PairRow, DECISION};
use crate::results::{below_mde, mark, DifferenceRow};
use crate::stats::NotComputable;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write as _;

use super::labels::{group_label, interval_sep, num, Lang, CONSTANT_MARK};

/// (key, English, French).
const TEXTS: &[(&str, &str, &str)] = &[
    ("summary", "Decision summary: which option, for whom, how sure", "Synthèse pour décider\u{a0}: quelle option, pour qui, avec quelle certitude"),
    ("summary_note", "Each option against the base over the same replications (paired differences, common random numbers), mean [95 % interval]. Verdict: better or worse only when distinguishable from zero after a Holm adjustment (adjusted p < 0.05) over the indicators of each option and territory; otherwise “not distinguishable”. Shares in percentage points.", "Chaque option comparée à la situation de base sur les mêmes réplications (différences appariées, nombres aléatoires communs), moyenne [intervalle à 95 %]. Verdict\u{a0}: mieux ou moins bien seulement si la différence est distinguable de zéro après ajustement de Holm (p ajustée < 0,05) sur les indicateurs de chaque option et territoire ; sinon « non distinguable ». Parts en points de pourcentage."),
    ("question_first", "First rows: the indicators the scenario's question is about (its question_indicators); those outside the key indicators are Holm-adjusted among themselves, against the base and between options alike.", "Premières lignes\u{a0}: les indicateurs sur lesquels porte la question du scénario (ses question_indicators) ; ceux qui ne sont pas parmi les indicateurs clés sont ajustés (Holm) entre eux, face à la situation de base comme entre options."),
    ("rests_on", "Each result rests on", "Chaque résultat repose sur"),
    ("replications", "replications", "réplications"),
    ("replication", "replication", "réplication"),
    ("indicator", "indicator", "indicateur"),
    ("best", "best option", "meilleure option"),
    ("none_best", "none ahead of all the others", "aucune ne devance toutes les autres"),
    ("cost_interval_note", "Cost per avoided event: in brackets, its 95 % interval: the cost per avoided event very probably lies between these two bounds (Fieller's method, from the paired replications; not adjusted for the number of comparisons). It is not symmetric: few events avoided stretch the high side. Each row divides the whole change in cost by one kind of event: the two rows are not to be added up.", "Coût par événement évité\u{a0}: entre crochets, son intervalle à 95 %\u{a0}: le coût par événement évité se situe très probablement entre ces deux bornes (méthode de Fieller, sur les réplications appariées ; non ajusté pour le nombre de comparaisons). Il n'est pas symétrique\u{a0}: peu d'événements évités étirent la borne haute. Chaque ligne rapporte toute la variation du coût à un seul type d'événement\u{a0}: les deux lignes ne s'additionnent pas."),
    ("between_bounds", "between", "entre"),
    ("and_bounds", "and", "et"),
    ("spent_bound", "spent", "dépensés"),
    ("saved_bound", "saved", "économisés"),
    ("per_avoided_95", "per avoided event (95 % interval)", "par événement évité (intervalle à 95 %)"),
    ("best_note", "Best option: better than the base and, after a Holm adjustment, than each other option (the comparison between options is below). An option better than the base but not distinguishable from another one is not the best: both may help.", "Meilleure option\u{a0}: meilleure que la situation de base et, après ajustement de Holm, que chacune des autres options (comparaison entre options ci-dessous). Une option meilleure que la base mais non distinguable d'une autre n'est pas « la meilleure »\u{a0}: les deux peuvent aider."),
    ("better", "better", "mieux"),
    ("worse", "worse", "moins bien"),
    ("nd", "not distinguishable", "non distinguable"),
    ("nd_holm", "not established: its interval alone excludes 0, but not once the indicators tested together are counted (Holm adjustment for multiple comparisons)", "non établi\u{a0}: son intervalle seul exclut 0, mais plus une fois comptés les indicateurs testés ensemble (ajustement de Holm pour comparaisons multiples)"),
    ("no_interval", "no interval (< 2 replications)", "pas d'intervalle (< 2 réplications)"),
    ("cost_per_avoided_ed_visit", "cost per avoided ED visit (€)", "coût par passage aux urgences évité (€)"),
    ("cost_per_avoided_hospitalisation", "cost per avoidable hospitalisation prevented (€)", "coût par hospitalisation évitable évitée (€)"),
    ("saved_per_avoided", "saved per avoided event (fewer events at lower cost)", "économisés par événement évité (moins d'événements pour un moindre coût)"),
    ("nc_no_interval", "not computable: fewer than 2 replications", "non calculable\u{a0}: moins de 2 réplications"),
    ("nc_not_distinguishable", "not computable: the change in events is not distinguishable from zero (no fall established)", "non calculable\u{a0}: la variation des événements n'est pas distinguable de zéro (aucune baisse établie)"),
    ("nc_no_reduction", "not computable: no event avoided (the change is ≥ 0)", "non calculable\u{a0}: aucun événement évité (variation ≥ 0)"),
    ("saved_short", "saved per avoided event", "économisés par événement évité"),
    ("nc_no_interval_short", "no interval (n < 2)", "pas d'intervalle (n < 2)"),
    ("nc_not_distinguishable_short", "events: change not distinguishable", "événements\u{a0}: variation non distinguable"),
    (
        "nc_cost_not_distinguishable",
        "not computable as one figure: the change in cost is not distinguishable from zero (the option may cost more or less)",
        "non calculable en un chiffre\u{a0}: la variation du coût n'est pas distinguable de zéro (l'option peut coûter plus ou moins cher)",
    ),
    ("nc_cost_not_distinguishable_short", "cost change not distinguishable", "écart de coût non distinguable"),
    ("nc_no_reduction_short", "no event avoided", "aucun événement évité"),
    ("clamped", "Intervals are clamped to the values the indicator can take (a share between 0 and 1, i.e. 100 %; any other indicator ≥ 0; a difference accordingly).", "Les intervalles sont bornés aux valeurs que l'indicateur peut prendre (une part entre 0 et 1, soit 100 % ; tout autre indicateur ≥ 0 ; une différence en conséquence)."),
    ("between", "Options against each other", "Les options entre elles"),
    ("between_note", "Paired differences B − A over the same replications; verdict for B, Holm-adjusted over the indicators of each pair and territory, as against the base. \"Better\" here compares two options with each other: it can hold while neither is distinguishable from the base (their two differences from the base point opposite ways without either being established).", "Différences appariées B − A sur les mêmes réplications ; verdict pour B, ajusté (Holm) sur les indicateurs de chaque paire et territoire, comme face à la situation de base. « Mieux » compare ici deux options entre elles\u{a0}: c'est possible alors qu'aucune ne se distingue de la situation de base (leurs deux écarts à la base vont en sens contraires sans qu'aucun soit établi)."),
    ("warnings", "How sure: effects below what the replications can detect", "Avec quelle certitude\u{a0}: effets en deçà de ce que les réplications peuvent détecter"),
    ("in_words", "In words", "En clair"),
    ("unchanged_cell", "no change: the base scenario again", "aucun changement\u{a0}: le scénario de base à nouveau"),
    ("no_variant", "This scenario has no variant: there is no option to compare. Add [[variants]] to compare options.", "Ce scénario n'a pas de variante\u{a0}: aucune option à comparer. Ajoutez des [[variants]] pour comparer des options."),
    ("reduces", "reduces", "réduit"),
    ("increases", "increases", "augmente"),
    ("by", "by", "de"),
    ("no_effect_on", "no distinguishable effect on", "sans effet distinguable sur"),
    ("untested_on", "not tested (one replication, no interval) on", "non testé (une réplication, pas d'intervalle) sur"),
    // Ranked relative to the group's own level (`Decision::largest_group_effect`), shown in the
    // indicator's unit: said so (stop 45's trial read a smaller absolute effect chosen over a larger one).
    (
        "largest_group",
        "Largest distinguishable effect by group (relative to the group's level)",
        "Plus grand effet distinguable par groupe (rapporté au niveau du groupe)",
    ),
    ("only_group", "Only distinguishable effect by group", "Seul effet distinguable par groupe"),
    ("no_group", "no group effect is distinguishable", "aucun effet par groupe n'est distinguable"),
    ("best_on", "Best option on", "Meilleure option pour"),
    ("groups", "Effects by group, every option", "Effets par groupe, pour chaque option"),
    ("groups_note", "Option − base by group, mean [95 % interval]; verdict Holm-adjusted over every group × indicator of an option and territory. Figures: dot = mean, bar = interval, clipped to the values the indicator can take.", "Option − base par groupe, moyenne [intervalle à 95 %] ; verdict ajusté (Holm) sur tous les groupes × indicateurs d'une option et d'un territoire. Figures\u{a0}: point = moyenne, trait = intervalle, borné aux valeurs que l'indicateur peut prendre."),
    ("group", "group", "groupe"),
    ("no_groups", "No value by group: this indicator is computed for the whole population only.", "Pas de valeur par groupe\u{a0}: cet indicateur n'est calculé que pour l'ensemble de la population."),
    ("sweep", "What varies over the points: each option − base", "Ce qui varie selon les points\u{a0}: chaque option − base"),
    ("sweep_note", "Per point, paired difference option − base, mean [95 % interval] (band on the figure).", "Par point, différence appariée option − base, moyenne [intervalle à 95 %] (bande sur la figure)."),
    ("point", "point", "point"),
    ("option", "option", "option"),
    ("maps", "Difference maps: option − base by commune", "Cartes des différences\u{a0}: option − base par commune"),
    ("maps_common_scale", "One colour scale for every option of this territory and indicator: the same colour is the same difference.", "Une même échelle de couleurs pour toutes les options de ce territoire et de cet indicateur\u{a0}: une même couleur est un même écart."),
    ("maps_note", "Mean over replications by commune (disc area ∝ population); diverging scale centred on 0, blue = better, red = worse; shares in points, clipped to their possible range. Per commune the differences are not tested: a small commune's moves by chance (a few patients over a few replications), so read the pattern, not one commune; the table gives each commune's inhabitants, and only the territory's effects above are tested.", "Moyenne des réplications par commune (surface du disque ∝ population) ; échelle divergente centrée sur 0, bleu = mieux, rouge = moins bien ; parts en points, bornées à leur étendue possible. Par commune, les différences ne sont pas testées\u{a0}: celle d'une petite commune varie au hasard (quelques patients sur quelques réplications), lisez donc l'ensemble de la carte, pas une commune ; le tableau donne les habitants de chaque commune, et seuls les effets du territoire, plus haut, sont testés."),
    ("commune", "commune", "commune"),
    ("untested", "not tested", "non testé"),
    ("varied", "varied by the experiment", "varie selon le point de l'expérience"),
];

fn tr(lang: Lang, key: &'static str) -> &'static str {
    TEXTS.iter().find(|e| e.0 == key).map_or(key, |e| if lang == Lang::Fr { e.2 } else { e.1 })
}

/// (indicator, English noun, French noun, English unit, French unit): shares in points.
const NOUNS: &[(&str, &str, &str, &str, &str)] = &[
    ("delay_mean_days", "mean delay", "le délai moyen", "d", "j"),
    ("delay_mean_calendar_days", "mean delay (calendar days)", "le délai moyen (jours calendaires)", "d", "j"),
    ("gp_delay_mean_calendar_days", "mean delay to see a GP", "le délai moyen pour voir un MG", "d", "j"),
    ("gp_delay_median_calendar_days", "median delay to see a GP", "le délai médian pour voir un MG", "d", "j"),
    ("gp_delay_p90_calendar_days", "delay to see a GP (90th percentile)", "le délai pour voir un MG (90e centile)", "d", "j"),
    ("unscheduled_seen_48h_share", "access within 48 h", "l'accès sous 48 h", "pp", "pts"),
    ("forgone_care_rate", "forgone care", "le renoncement aux soins", "pp", "pts"),
    ("ed_visits_per_1000", "ED visits", "les passages aux urgences", "/1,000/yr", "/1\u{202F}000/an"),
    (
        "ed_visits_per_1000.primary_care_treatable",
        "ED visits treatable in primary care",
        "les passages aux urgences relevant des soins de ville",
        "/1,000/yr",
        "/1\u{202F}000/an",
    ),
    ("avoidable_hosp_per_1000", "avoidable hospitalisations", "les hospitalisations évitables", "/1,000/yr", "/1\u{202F}000/an"),
    ("cost_total_per_inhabitant_eur", "total cost", "le coût total", "€/inh./yr", "€/hab./an"),
    // Indicators the library scenarios' questions are about (question_indicators).
    (
        "forgone_information_per_1000",
        "care forgone for lack of information",
        "les renoncements faute d'information",
        "/1,000/yr",
        "/1\u{202F}000/an",
    ),
    (
        "avoidable_hosp_chronic_per_1000",
        "avoidable hospitalisations of chronic patients",
        "les hospitalisations évitables des patients chroniques",
        "/1,000/yr",
        "/1\u{202F}000/an",
    ),
    ("registered_gp_coverage", "coverage by a médecin traitant", "la couverture par un médecin traitant", "pp", "pts"),
    ("sas_abandoned_share", "abandoned SAS calls", "les appels au SAS abandonnés", "pp", "pts"),
    ("sas_regulation_minutes_mean", "time in SAS regulation", "la durée de régulation au SAS", "min", "min"),
];

/// The noun and the unit of a difference of `ind` (a share's unit from
/// [`super::units::share_unit`]).
fn noun(lang: Lang, ind: &str) -> (String, String) {
    let share = super::units::share_unit(lang, ind, super::units::Shown::Difference);
    NOUNS.iter().find(|n| n.0 == ind).map_or_else(
        || label_noun(lang, ind, share),
        |n| {
            let (noun, unit) = if lang == Lang::Fr { (n.2, n.4) } else { (n.1, n.3) };
            (noun.to_string(), if share.is_empty() { unit } else { share }.to_string())
        },
    )
}

/// The noun and unit of an indicator without a [`NOUNS`] entry: its label,
/// a rate's "per 1,000 … per year" taken off as the unit.
fn label_noun(lang: Lang, ind: &str, share: &str) -> (String, String) {
    let label = super::labels::indicator_label(lang, ind);
    let rates = [
        (", pour 1\u{202F}000 hab. par an", "/1\u{202F}000/an"),
        (" pour 1\u{202F}000 hab. par an", "/1\u{202F}000/an"),
        (" pour 1\u{202F}000 habitants par an", "/1\u{202F}000/an"),
        (", per 1,000 per year", "/1,000/yr"),
        (" per 1,000 per year", "/1,000/yr"),
        (" per 1,000 inhabitants per year", "/1,000/yr"),
    ];
    let (noun, unit) = match rates.iter().find_map(|(suffix, unit)| label.strip_suffix(suffix).map(|n| (n.to_string(), unit.to_string()))) {
        Some(found) if share.is_empty() => found,
        _ => (label, share.to_string()),
    };
    (if lang == Lang::Fr { with_article_fr(&noun) } else { noun }, unit)
}

/// A French label as a sentence's noun, with its definite article
/// (« réduit le délai … », not « réduit délai … »): « les » before a
/// plural first word, « l' » before a vowel or a mute h, « la » before the
/// feminine nouns the labels start with, « le » otherwise.
fn with_article_fr(noun: &str) -> String {
    const FEMININE: &[&str] =
        &["part", "durée", "couverture", "charge", "file", "médiane", "proportion", "population", "distance", "perte"];
    const SINGULAR_IN_S_OR_X: &[&str] = &["taux", "temps", "prix", "poids", "recours"];
    let first = noun.split([' ', ',']).next().unwrap_or("").to_lowercase();
    let starts = ["le ", "la ", "les ", "l'", "l’", "du ", "des ", "un ", "une "];
    if first.is_empty() || starts.iter().any(|a| noun.to_lowercase().starts_with(a)) {
        return noun.to_string();
    }
    let vowel = first.starts_with(['a', 'e', 'i', 'o', 'u', 'y', 'h', 'é', 'è', 'ê', 'à', 'â', 'î', 'ô', 'û']);
    let plural = (first.ends_with('s') || first.ends_with('x')) && !SINGULAR_IN_S_OR_X.contains(&first.as_str());
    let article = if plural {
        "les "
    } else if vowel {
        "l'"
    } else if FEMININE.contains(&first.as_str()) {
        "la "
    } else {
        "le "
    };
    format!("{article}{noun}")
}

/// A unit as a sentence says it after a number: a rate in words.
fn unit_in_words(unit: &str) -> String {
    match unit {
        "/1\u{202F}000/an" => " pour 1\u{202F}000 hab. par an".into(),
        "/1,000/yr" => " per 1,000 inhabitants per year".into(),
        "" => String::new(),
        u => format!(" {u}"),
    }
}

/// Short label of a key indicator (table rows, figure titles).
fn short(lang: Lang, ind: &str) -> String {
    let (n, u) = noun(lang, ind);
    let n = n.trim_start_matches("le ").trim_start_matches("les ").trim_start_matches("la ").trim_start_matches("l'").to_string();
    let mut c = n.chars();
    let n = c.next().map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str());
    if u.is_empty() {
        n
    } else {
        format!("{n} ({u})")
    }
}

/// Shares are shown in percentage points ([`super::units`]).
fn scale(ind: &str) -> f64 {
    super::units::scale(ind)
}

fn signed(lang: Lang, x: f64) -> String {
    if x > 0.0 {
        format!("+{}", num(lang, x))
    } else {
        num(lang, x)
    }
}

fn interval(lang: Lang, m: f64, lo: f64, hi: f64, k: f64) -> String {
    let sep = interval_sep(lang);
    if lo.is_finite() && hi.is_finite() {
        format!("{} [{}{sep}{}]", signed(lang, k * m), signed(lang, k * lo), signed(lang, k * hi))
    } else {
        format!("{} [–]", signed(lang, k * m))
    }
}

/// The verdict of a difference with interval [`lo`, `hi`]: better or worse
/// only when marked (Holm-adjusted, [`crate::results::mark_of`]); an
/// interval that excludes 0 on its own but is not marked says why (the
/// adjustment over the indicators tested together), so that "not
/// distinguishable" beside an interval without 0 does not read as an error.
fn verdict(lang: Lang, mark: Option<bool>, lo: f64, hi: f64, constant: bool) -> (&'static str, &'static str) {
    let has_interval = lo.is_finite() && hi.is_finite();
    match mark {
        Some(true) => ("better", tr(lang, "better")),
        Some(false) => ("worse", tr(lang, "worse")),
        None if constant => ("nd", super::labels::constant_difference(lang)),
        None if has_interval && (lo > 0.0 || hi < 0.0) => ("nd", tr(lang, "nd_holm")),
        None if has_interval => ("nd", tr(lang, "nd")),
        None => ("nd", tr(lang, "no_interval")),
    }
}

fn effect_cell(lang: Lang, e: &Effect) -> String {
    let r = &e.row;
    let (class, word) = verdict(lang, e.mark(), r.ci_low, r.ci_high, crate::results::row_does_not_vary(r));
    let (lo, hi) = e.possible_interval();
    format!(
        "<td class=\"{class}\">{} <span class=\"verdict\">{}</span></td>",
        esc(&interval(lang, r.mean_diff, lo, hi, scale(&r.indicator))),
        esc(word)
    )
}

/// Whether an effect's interval had to be clamped to the possible values.
fn is_clamped(e: &Effect) -> bool {
    clamp_interval(&e.row.indicator, e.row.ci_low, e.row.ci_high, IntervalOf::Difference { base_mean: e.base_mean }).2
}

/// The interval of a difference whose base is not at hand (between
/// options, over a sweep's points), clamped to the widest possible range.
fn unknown_base(ind: &str, lo: f64, hi: f64) -> (f64, f64, bool) {
    clamp_interval(ind, lo, hi, IntervalOf::Difference { base_mean: f64::NAN })
}

/// "les 75–84 ans" / "people aged 75–84".
fn group_phrase(lang: Lang, g: &str) -> String {
    let fr = lang == Lang::Fr;
    match g.split_once(':') {
        Some(("age", a)) if a.ends_with('+') => {
            let a = a.trim_end_matches('+');
            if fr {
                format!("les {a} ans et plus")
            } else {
                format!("people aged {a} and over")
            }
        }
        Some(("age", a)) => {
            let a = a.replace('-', "–");
            if fr {
                format!("les {a} ans")
            } else {
                format!("people aged {a}")
            }
        }
        Some(("vulnerable", "yes")) => (if fr { "les personnes vulnérables" } else { "vulnerable people" }).into(),
        Some(("vulnerable", "no")) => (if fr { "les personnes non vulnérables" } else { "people who are not vulnerable" }).into(),
        Some(("registered_gp", "no")) => {
            (if fr { "les personnes sans médecin traitant" } else { "people without a registered GP (médecin traitant)" }).into()
        }
        Some(("registered_gp", "yes")) => {
            (if fr { "les personnes avec un médecin traitant" } else { "people with a registered GP (médecin traitant)" }).into()
        }
        // « les habitants des communes rurales », agreed (trial 34 read « communes « rural » »).
        Some(("density", d)) => {
            let (en, fr_plural) = match d {
                "dense_urban" => ("dense urban", "urbaines denses"),
                "intermediate" => ("intermediate", "intermédiaires"),
                "rural" => ("rural", "rurales"),
                "isolated" => ("isolated", "isolées"),
                other => (other, other),
            };
            if fr {
                format!("les habitants des communes {fr_plural}")
            } else {
                format!("inhabitants of {en} communes")
            }
        }
        _ => group_label(lang, g),
    }
}

/// "réduit le délai moyen de 0,5 j [0,4 ; 0,6]", "réduit les passages aux
/// urgences de 3,1 pour 1 000 hab. par an [2,5 ; 3,8]".
fn effect_words(lang: Lang, e: &Effect) -> String {
    let r = &e.row;
    let k = scale(&r.indicator);
    let (n, u) = noun(lang, &r.indicator);
    let sep = interval_sep(lang);
    let (ci_low, ci_high) = e.possible_interval();
    let (verb, lo, hi) =
        if r.mean_diff < 0.0 { (tr(lang, "reduces"), -ci_high, -ci_low) } else { (tr(lang, "increases"), ci_low, ci_high) };
    let u = unit_in_words(&u);
    format!("{verb} {n} {} {}{u} [{}{sep}{}]", tr(lang, "by"), num(lang, k * r.mean_diff.abs()), num(lang, k * lo), num(lang, k * hi))
}

/// The plain-language sentence of one option in one territory.
pub(crate) fn sentence(lang: Lang, d: &Decision, variants: &[String], variant: &str, territory: &str) -> String {
    let effects: Vec<&Effect> = d.indicators.iter().filter_map(|i| d.effect(variant, territory, i)).collect();
    let n = effects.iter().map(|e| e.row.n).max().unwrap_or(0);
    let reps = if n < 2 { tr(lang, "replication") } else { tr(lang, "replications") };
    let mut s = format!("« {variant} » ({territory}, {n} {reps})\u{a0}: ");
    if lang == Lang::En {
        s = format!("“{variant}” ({territory}, {n} {reps}): ");
    }
    let said: Vec<String> = effects.iter().filter(|e| e.mark().is_some()).map(|e| effect_words(lang, e)).collect();
    let unsaid: Vec<String> = effects.iter().filter(|e| e.mark().is_none()).map(|e| noun(lang, &e.row.indicator).0).collect();
    let sep = super::labels::list_sep(lang);
    s.push_str(&said.join(sep));
    if !unsaid.is_empty() {
        if !said.is_empty() {
            s.push_str(sep);
        }
        // One replication tests nothing: not "no distinguishable effect" (trial 34).
        let none = if n < 2 { tr(lang, "untested_on") } else { tr(lang, "no_effect_on") };
        let _ = write!(s, "{none} {}", unsaid.join(", "));
    }
    s.push('.');
    match d.largest_group_effect(variant, territory) {
        Some(g) => {
            let k = scale(&g.row.indicator);
            let (nn, u) = noun(lang, &g.row.indicator);
            let u = if u.is_empty() { u } else { format!(" {u}") };
            let (g_lo, g_hi) = g.possible_interval();
            // One distinguishable group effect is not "the largest": larger
            // ones may exist that are not distinguishable (trial 42).
            let only = d.distinguishable_group_effects(variant, territory).count() == 1;
            let _ = write!(
                s,
                " {}\u{a0}: {nn} {}{u} {} {}.",
                tr(lang, if only { "only_group" } else { "largest_group" }),
                interval(lang, g.row.mean_diff, g_lo, g_hi, k),
                if lang == Lang::Fr { "pour" } else { "for" },
                group_phrase(lang, &g.row.group)
            );
            if lang == Lang::En {
                s = s.replace("\u{a0}: ", ": ");
            }
        }
        None => {
            let _ = write!(s, " {}.", capitalise(tr(lang, "no_group")));
        }
    }
    let best: Vec<String> =
        d.indicators.iter().filter(|i| d.best(variants, territory, i) == Some(variant)).map(|i| noun(lang, i).0).collect();
    if !best.is_empty() {
        let _ = write!(s, " {} {}.", tr(lang, "best_on"), best.join(", "));
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// A cost per avoided event and its 95 % interval (`[lo; hi]` after the
/// figure); a negative one is a saving (the option costs less and avoids
/// events), said so rather than shown as a negative price, its interval
/// then that of the saving (`[−hi; −lo]`).
fn cost_per_avoided_text(lang: Lang, x: f64, interval: Option<(f64, f64)>, short: bool) -> String {
    let bounds = interval.map_or(String::new(), |(lo, hi)| {
        let (lo, hi) = if x < 0.0 { (-hi, -lo) } else { (lo, hi) };
        format!(" [{}{}{}]", num(lang, lo), super::labels::interval_sep(lang), num(lang, hi))
    });
    if x < 0.0 {
        format!("{} €{bounds} {}", num(lang, -x), tr(lang, if short { "saved_short" } else { "saved_per_avoided" }))
    } else {
        format!("{} €{bounds}", num(lang, x))
    }
}

fn not_computable(lang: Lang, e: NotComputable, short: bool) -> &'static str {
    let key = match (e, short) {
        (NotComputable::NoInterval, false) => "nc_no_interval",
        (NotComputable::NotDistinguishable, false) => "nc_not_distinguishable",
        (NotComputable::NoReduction, false) => "nc_no_reduction",
        (NotComputable::NoInterval, true) => "nc_no_interval_short",
        (NotComputable::NotDistinguishable, true) => "nc_not_distinguishable_short",
        (NotComputable::NoReduction, true) => "nc_no_reduction_short",
        (NotComputable::CostNotDistinguishable, false) => "nc_cost_not_distinguishable",
        (NotComputable::CostNotDistinguishable, true) => "nc_cost_not_distinguishable_short",
    };
    tr(lang, key)
}

/// What the report and the terminal say of a cost per avoided event
/// ([`crate::results::compare::cost_per_avoided_shown`]): the figure with
/// its 95 % interval when it has one
/// ([`crate::results::compare::cost_per_avoided_interval`]), a saving in
/// words when negative, or why there is none; `short` for the terminal's
/// narrow cells.
pub(crate) fn cost_per_avoided_words(
    lang: Lang,
    value: Option<Result<f64, NotComputable>>,
    interval: Option<(f64, f64)>,
    short: bool,
) -> String {
    match (value, interval) {
        (Some(Ok(x)), _) => cost_per_avoided_text(lang, x, interval, short),
        // The events clearly fall but the cost may go either way: no one
        // figure, but the interval still bounds what an avoided event costs
        // (stop 47's board trial asked « au plus combien ? »).
        (Some(Err(e @ NotComputable::CostNotDistinguishable)), Some((lo, hi))) if !short => {
            format!("{}{}{}", not_computable(lang, e, short), super::labels::interval_sep(lang), bounds_in_words(lang, lo, hi))
        }
        (Some(Err(e)), _) => not_computable(lang, e, short).to_string(),
        (None, _) => "–".into(),
    }
}

/// A cost per avoided event's interval in words, each bound a cost or a
/// saving: « between 38 € saved and 80 € spent per avoided event (95 %
/// interval) », « between 12 and 80 € … » when both bounds are costs.
fn bounds_in_words(lang: Lang, lo: f64, hi: f64) -> String {
    let bound = |x: f64, word: &str| {
        if x < 0.0 {
            format!("{} € {}", num(lang, -x), tr(lang, "saved_bound"))
        } else {
            format!("{} €{word}", num(lang, x))
        }
    };
    let (lo_text, hi_text) = if lo >= 0.0 || hi < 0.0 {
        // One sign: the figures alone, the word once at the end.
        let (a, b) = if hi < 0.0 { (-hi, -lo) } else { (lo, hi) };
        let tail = if hi < 0.0 { format!(" {}", tr(lang, "saved_bound")) } else { String::new() };
        (num(lang, a), format!("{} €{tail}", num(lang, b)))
    } else {
        (bound(lo, ""), bound(hi, &format!(" {}", tr(lang, "spent_bound"))))
    };
    format!("{} {lo_text} {} {hi_text} {}", tr(lang, "between_bounds"), tr(lang, "and_bounds"), tr(lang, "per_avoided_95"))
}

/// The decision summary of the shown point (opens the report).
pub(super) fn summary_section(ctx: &Ctx, d: &Decision) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let mut h = format!("<section id=\"decision\">\n<h2>{}</h2>\n", esc(tr(lang, "summary")));
    let variants: Vec<String> = plan.arm_names.iter().skip(1).cloned().collect();
    if variants.is_empty() {
        let _ = writeln!(h, "<p class=\"note\">{}</p>\n</section>", esc(tr(lang, "no_variant")));
        return h;
    }
    let unchanged = plan.unchanged_warnings();
    let n = d.vs_base.iter().map(|e| e.row.n).max().unwrap_or(0);
    let _ = writeln!(
        h,
        "<p class=\"note\">{} <b class=\"replications\">{n} {}</b>. {}</p>",
        esc(tr(lang, "rests_on")),
        esc(tr(lang, if n == 1 { "replication" } else { "replications" })),
        esc(tr(lang, "summary_note"))
    );
    if d.indicators.iter().any(|i| !DECISION.contains(&i.as_str())) {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(tr(lang, "question_first")));
    }
    for terr in &plan.territory_names {
        if plan.territory_names.len() > 1 {
            let _ = writeln!(h, "<h3>{}</h3>", esc(terr));
        }
        // In words first: a sentence per option.
        let _ = writeln!(h, "<ul class=\"sentences\">");
        for v in &variants {
            let text = match unchanged.iter().find(|(u, _)| u == v) {
                Some((_, w)) => unchanged_words(lang, w),
                None => sentence(lang, d, &variants, v, terr),
            };
            let _ = writeln!(h, "<li>{}</li>", esc(&text));
        }
        h.push_str("</ul>\n<div class=\"scroll\"><table class=\"decision\">\n<thead><tr>");
        let _ = write!(h, "<th>{}</th>", esc(tr(lang, "indicator")));
        for v in &variants {
            let _ = write!(h, "<th>{} − base</th>", esc(v));
        }
        let _ = writeln!(h, "<th>{}</th></tr></thead>\n<tbody>", esc(tr(lang, "best")));
        let mut advised: Vec<(String, f64)> = Vec::new();
        for ind in &d.indicators {
            let _ = write!(h, "<tr><td>{}</td>", esc(&short(lang, ind)));
            for v in &variants {
                if unchanged.iter().any(|(u, _)| u == v) {
                    let _ = write!(h, "<td class=\"unchanged\">{}</td>", esc(tr(lang, "unchanged_cell")));
                    continue;
                }
                match d.effect(v, terr, ind) {
                    Some(e) => h.push_str(&effect_cell(lang, e)),
                    None => h.push_str("<td>–</td>"),
                }
            }
            let best = match d.best(&variants, terr, ind) {
                Some(b) if ind.starts_with("forgone") && advice_share(ctx, b) > 0.0 => {
                    advised.push((b.to_string(), advice_share(ctx, b)));
                    format!("{b} ⚠")
                }
                Some(b) => b.to_string(),
                None => tr(lang, "none_best").to_string(),
            };
            let _ = writeln!(h, "<td class=\"best\">{}</td></tr>", esc(&best));
        }
        for (_, name, _, _) in crate::results::compare::AVOIDED {
            let _ = write!(h, "<tr><td>{}</td>", esc(tr(lang, name)));
            for v in &variants {
                if unchanged.iter().any(|(u, _)| u == v) {
                    let _ = write!(h, "<td class=\"unchanged\">{}</td>", esc(tr(lang, "unchanged_cell")));
                    continue;
                }
                let c = d.cost_per_avoided.iter().find(|c| &c.variant == v && &c.territory == terr && c.name == *name);
                let cell = cost_per_avoided_words(lang, c.map(|c| c.value), c.and_then(|c| c.interval), false);
                let _ = write!(h, "<td class=\"cost\">{}</td>", esc(&cell));
            }
            h.push_str("<td></td></tr>\n");
        }
        h.push_str("</tbody>\n</table></div>\n");
        if d.cost_per_avoided.iter().any(|c| &c.territory == terr && c.interval.is_some() && c.value.is_ok()) {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(tr(lang, "cost_interval_note")));
        }
        if variants.len() > 1 {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(tr(lang, "best_note")));
        }
        if d.vs_base.iter().any(|e| &e.row.territory == terr && is_clamped(e)) {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(tr(lang, "clamped")));
        }
        for (b, a) in &advised {
            let _ = writeln!(h, "<p class=\"warnings advice\">{}</p>", esc(&advice_caveat(lang, b, *a)));
        }
        // Stop 45's trial: the SAS without advice came out best on access within 48 h.
        let with_advice: Vec<&str> = variants.iter().map(|v| v.as_str()).filter(|v| advice_share(ctx, v) > 0.0).collect();
        if !with_advice.is_empty() && d.indicators.iter().any(|i| i == ACCESS_48H) {
            let _ = writeln!(h, "<p class=\"warnings advice\">{}</p>", esc(&access_caveat(lang, &with_advice)));
        }
        h.push_str(&between_table(lang, d, terr));
        h.push_str(&warnings(lang, d, terr));
    }
    h.push_str("</section>\n");
    h
}

/// The sentence of a variant that changes nothing in the base scenario
/// (`Plan::unchanged_variants`), said instead of its effects.
pub(super) fn unchanged_words(lang: Lang, w: &crate::scenario::Warning) -> String {
    format!("⚠ {}", if lang == Lang::Fr { &w.fr } else { &w.en })
}

/// The largest SAS `advice_share` of arm `arm`: a need the regulator
/// resolves by advice is not forgone by construction (docs/ODD.md §7).
fn advice_share(ctx: &Ctx, arm: &str) -> f64 {
    super::regulation::advice_share(&ctx.plan().base, arm)
}

/// The indicator of access within 48 hours, which SAS advice lowers by construction.
const ACCESS_48H: &str = "unscheduled_seen_48h_share";

/// Why options using SAS advice read lower on access within 48 h: a need
/// resolved by advice is not seen (docs/ODD.md §7), so an option that
/// advises instead of booking can look worse there than one that books.
fn access_caveat(lang: Lang, options: &[&str]) -> String {
    let list = |q: (&str, &str)| options.iter().map(|o| format!("{}{o}{}", q.0, q.1)).collect::<Vec<_>>().join(", ");
    match lang {
        Lang::Fr => format!(
            "⚠ {} utilise{} le conseil du SAS\u{a0}: un besoin que le régulateur résout par un conseil n'est pas compté comme vu sous 48 h, par construction ; sur cette ligne, une option qui conseille au lieu de réserver peut paraître moins bonne qu'une option qui réserve, sans que l'accès aux soins soit moindre.",
            list(("« ", " »")),
            if options.len() > 1 { "nt" } else { "" }
        ),
        Lang::En => format!(
            "⚠ {} use{} SAS advice: a need the regulator resolves by advice does not count as seen within 48 h, by construction; on that row an option that advises instead of booking can look worse than one that books, without less access to care.",
            list(("“", "”")),
            if options.len() > 1 { "" } else { "s" }
        ),
    }
}

/// Why a best option on forgone care that uses SAS advice is read with care.
fn advice_caveat(lang: Lang, option: &str, share: f64) -> String {
    let share = super::labels::given(lang, share);
    match lang {
        Lang::Fr => format!(
            "⚠ « {option} » utilise le conseil du SAS (sas.advice_share = {share})\u{a0}: un besoin que le régulateur résout par un conseil n'est pas compté comme un renoncement, par construction ; une partie de sa baisse du renoncement tient à cette définition, non à des soins reçus."
        ),
        Lang::En => format!(
            "⚠ “{option}” uses SAS advice (sas.advice_share = {share}): a need the regulator resolves by advice does not count as forgone, by construction; part of its fall in forgone care comes from that definition, not from care received."
        ),
    }
}

fn between_table(lang: Lang, d: &Decision, terr: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for r in d.between.iter().filter(|r| r.territory == terr) {
        if !pairs.contains(&(r.a.as_str(), r.b.as_str())) {
            pairs.push((&r.a, &r.b));
        }
    }
    if pairs.is_empty() {
        return String::new();
    }
    let mut h = format!(
        "<h3 class=\"between\">{}</h3>\n<p class=\"note\">{}</p>\n<div class=\"scroll\"><table class=\"between\">\n<thead><tr><th>{}</th>",
        esc(tr(lang, "between")),
        esc(tr(lang, "between_note")),
        esc(tr(lang, "indicator"))
    );
    for (a, b) in &pairs {
        let _ = write!(h, "<th>{} − {}</th>", esc(b), esc(a));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let mut clamped = false;
    for ind in &d.indicators {
        let ind = ind.as_str();
        let _ = write!(h, "<tr><td>{}</td>", esc(&short(lang, ind)));
        for (a, b) in &pairs {
            let r: Option<&PairRow> = d.between.iter().find(|r| r.territory == terr && r.a == *a && r.b == *b && r.indicator == *ind);
            match r {
                Some(r) => {
                    let (class, word) =
                        verdict(lang, r.mark(), r.ci_low, r.ci_high, crate::results::does_not_vary(r.n, r.ci_low, r.ci_high, r.p_value));
                    let (lo, hi, c) = unknown_base(ind, r.ci_low, r.ci_high);
                    clamped |= c;
                    let _ = write!(
                        h,
                        "<td class=\"{class}\">{} <span class=\"verdict\">{}</span></td>",
                        esc(&interval(lang, r.mean_diff, lo, hi, scale(ind))),
                        esc(word)
                    );
                }
                None => h.push_str("<td>–</td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table></div>\n");
    if clamped {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(tr(lang, "clamped")));
    }
    h
}

fn warnings(lang: Lang, d: &Decision, terr: &str) -> String {
    let small: Vec<&Effect> = d.vs_base.iter().filter(|e| e.row.territory == terr && e.mark().is_none() && below_mde(&e.row)).collect();
    if small.is_empty() {
        return String::new();
    }
    let mut h = format!("<h3 class=\"warnings\">{}</h3>\n<ul class=\"warnings\">\n", esc(tr(lang, "warnings")));
    for e in small {
        let r = &e.row;
        let k = scale(&r.indicator);
        let (n, u) = noun(lang, &r.indicator);
        let needed = needed_words(lang, e);
        let text = match lang {
            Lang::Fr => format!(
                "⚠ « {} », {n}\u{a0}: effet observé {} {u}, plus petit que l'effet minimal détectable (±{} {u}) avec {} réplications ; {needed}.",
                r.variant,
                signed(lang, k * r.mean_diff),
                num(lang, k * r.mde),
                r.n
            ),
            Lang::En => format!(
                "⚠ “{}”, {n}: observed effect {} {u}, below the minimum detectable effect (±{} {u}) of {} replications; {needed}.",
                r.variant,
                signed(lang, k * r.mean_diff),
                num(lang, k * r.mde),
                r.n
            ),
        };
        let _ = writeln!(h, "<li>{}</li>", esc(&text));
    }
    h.push_str("</ul>\n");
    h
}

/// How many replications would detect the observed effect, or why that
/// number cannot be computed (`stats::replications_for` gives none): the
/// observed effect is zero, fewer than 2 replications give no spread, or
/// more than 10¹² replications would be needed.
fn needed_words(lang: Lang, e: &Effect) -> String {
    let fr = lang == Lang::Fr;
    if let Some(n) = e.needed_for_observed {
        let n = super::labels::count(lang, n);
        return if fr {
            format!("il en faudrait environ {n} pour détecter un effet de cette taille")
        } else {
            format!("about {n} would be needed to detect an effect of this size")
        };
    }
    let why = match (e.row.mean_diff == 0.0 || !e.row.mean_diff.is_finite(), e.row.n < 2, fr) {
        (true, _, true) => "l'effet observé est nul",
        (true, _, false) => "the observed effect is zero",
        (false, true, true) => "moins de 2 réplications ne donnent pas de dispersion",
        (false, true, false) => "fewer than 2 replications give no spread",
        (false, false, true) => "il en faudrait plus de 10¹² (un effet aussi petit n'est pas détectable par simulation)",
        (false, false, false) => "more than 10¹² would be needed (an effect this small is not detectable by simulation)",
    };
    if fr {
        format!("nombre de réplications nécessaires non calculable\u{a0}: {why}")
    } else {
        format!("replications needed not computable: {why}")
    }
}

/// Effects by group for every variant: a table and a dot-and-interval figure per indicator.
pub(super) fn groups_section(ctx: &Ctx, d: &Decision) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let variants: Vec<String> = plan.arm_names.iter().skip(1).cloned().collect();
    if variants.is_empty() || d.groups.is_empty() {
        return Ok(String::new());
    }
    let dir = ctx.input.dir.join("figures");
    let mut h =
        format!("<section id=\"groups\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n", esc(tr(lang, "groups")), esc(tr(lang, "groups_note")));
    for (ti, terr) in plan.territory_names.iter().enumerate() {
        let _ = writeln!(h, "<h3>{}</h3>", esc(terr));
        let mut groups: Vec<&str> = Vec::new();
        for e in d.groups.iter().filter(|e| &e.row.territory == terr && e.row.mean_diff.is_finite()) {
            if !groups.contains(&e.row.group.as_str()) {
                groups.push(&e.row.group);
            }
        }
        for (k, ind) in DECISION.iter().enumerate() {
            let find = |v: &str, g: &str| {
                d.groups.iter().find(|e| e.row.variant == v && &e.row.territory == terr && e.row.group == g && e.row.indicator == *ind)
            };
            // An indicator computed for the whole population only (the total cost) has no row by group: no table, no empty figure.
            if !groups.iter().any(|g| variants.iter().any(|v| find(v, g).is_some_and(|e| e.row.mean_diff.is_finite()))) {
                let _ = writeln!(h, "<h4>{}</h4>\n<p class=\"note no-groups\">{}</p>", esc(&short(lang, ind)), esc(tr(lang, "no_groups")));
                continue;
            }
            let _ = write!(
                h,
                "<h4>{}</h4>\n<div class=\"scroll\"><table class=\"groups\">\n<thead><tr><th>{}</th>",
                esc(&short(lang, ind)),
                esc(tr(lang, "group"))
            );
            for v in &variants {
                let _ = write!(h, "<th>{} − base</th>", esc(v));
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for g in &groups {
                let _ = write!(h, "<tr><td>{}</td>", esc(&group_label(lang, g)));
                for v in &variants {
                    match find(v, g) {
                        Some(e) => h.push_str(&effect_cell(lang, e)),
                        None => h.push_str("<td>–</td>"),
                    }
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n</table></div>\n");
            if groups.iter().any(|g| variants.iter().any(|v| find(v, g).is_some_and(is_clamped))) {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(tr(lang, "clamped")));
            }
            let labels: Vec<String> = groups.iter().map(|g| group_label(lang, g)).collect();
            let values: Vec<Vec<(f64, f64, f64)>> = variants
                .iter()
                .map(|v| {
                    groups
                        .iter()
                        .map(|g| {
                            find(v, g).map_or((f64::NAN, f64::NAN, f64::NAN), |e| {
                                let (lo, hi) = e.possible_interval();
                                let s = scale(ind);
                                (s * e.row.mean_diff, s * lo, s * hi)
                            })
                        })
                        .collect()
                })
                .collect();
            let title = format!("{} — {terr}", short(lang, ind));
            let height = 90 + 26 * labels.len() as u32;
            let f = crate::figure!(
                &dir,
                &format!("groups-{}-{}", ti + 1, k + 1),
                (760, height),
                dots_with_intervals,
                &title,
                &labels,
                &variants,
                &values
            )?;
            h.push_str(&figure_html(&f, tr(lang, "groups_note")));
        }
    }
    h.push_str("</section>\n");
    Ok(h)
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Dots with interval bars: `groups` down the y axis, one dot per series
/// in each group (offset), a vertical line at 0. `values[s][g] = (mean, low, high)`.
/// Each group's label is written beside its row (not left to the axis's
/// ticks, which fall on round values, not on the rows' centres: a trial's
/// 12 groups came out with no label at all).
pub fn dots_with_intervals<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    groups: &[String],
    series: &[String],
    values: &[Vec<(f64, f64, f64)>],
) -> Result<(), String> {
    let all: Vec<f64> = values.iter().flatten().flat_map(|v| [v.0, v.1, v.2]).filter(|x| x.is_finite()).collect();
    let lo = all.iter().copied().fold(0.0_f64, f64::min);
    let hi = all.iter().copied().fold(0.0_f64, f64::max);
    let pad = ((hi - lo) * 0.08).max(1e-9);
    let n = groups.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(170)
        .build_cartesian_2d((lo - pad)..(hi + pad), 0.0..n)
        .map_err(err)?;
    chart.configure_mesh().disable_y_mesh().y_labels(0).x_label_formatter(&|x| super::charts::tick(*x)).draw().map_err(err)?;
    chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.0), (0.0, n)], BLACK.stroke_width(1)))).map_err(err)?;
    let style = ("sans-serif", 12)
        .into_font()
        .color(&BLACK)
        .pos(plotters::style::text_anchor::Pos::new(plotters::style::text_anchor::HPos::Right, plotters::style::text_anchor::VPos::Center));
    for (g, label) in groups.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(lo - pad, n - g as f64 - 0.5));
        root.draw(&Text::new(label.clone(), (x - 8, y), style.clone())).map_err(err)?;
    }
    let k = series.len().max(1) as f64;
    for (s, (name, vals)) in series.iter().zip(values).enumerate() {
        let c = super::charts::colour(s);
        let y = |g: usize| n - g as f64 - 0.5 + (s as f64 - (k - 1.0) / 2.0) * 0.6 / k;
        chart
            .draw_series(
                vals.iter()
                    .enumerate()
                    .filter(|(_, v)| v.1.is_finite() && v.2.is_finite())
                    .map(|(g, v)| PathElement::new(vec![(v.1, y(g)), (v.2, y(g))], c.stroke_width(2))),
            )
            .map_err(err)?;
        chart
            .draw_series(vals.iter().enumerate().filter(|(_, v)| v.0.is_finite()).map(|(g, v)| Circle::new((v.0, y(g)), 4, c.filled())))
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, c.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(err)?;
    Ok(())
}

/// A policy's participation as the report states it: the scenario's value,
/// or the range an experiment varies it over (never point 0's value as if
/// it were the scenario's).
pub(super) fn participation(ctx: &Ctx, arm: &str, policy: &str, value: f64) -> String {
    let plan = ctx.plan();
    let suffix = format!(".{policy}.participation");
    let factor = plan
        .factors
        .iter()
        .position(|f| f.path.ends_with(&suffix) && (f.path.contains(&format!("variants.{arm}.")) || !f.path.starts_with("variants.")));
    match factor {
        Some(i) => {
            let vals = plan.points.iter().filter_map(|p| p.values.get(i).copied());
            let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
            format!("{} ({:.0}–{:.0} %)", tr(ctx.lang(), "varied"), 100.0 * lo, 100.0 * hi)
        }
        None => format!("{:.0} %", 100.0 * value),
    }
}

/// The rows of the table of points of `terr`; with `short_constant` (the
/// terminal) a difference the same in every replication is marked
/// [`CONSTANT_MARK`] instead of its long words, which would widen the column.
fn point_rows(plan: &crate::experiment::Plan, diffs: &[DifferenceRow], lang: Lang, terr: &str, short_constant: bool) -> Vec<Vec<String>> {
    let mut body = Vec::new();
    for p in plan.points.iter().take(500) {
        for v in plan.arm_names.iter().skip(1) {
            let mut row: Vec<String> = vec![p.index.to_string()];
            row.extend(p.values.iter().map(|x| num(lang, *x)));
            row.push(v.clone());
            for ind in DECISION {
                let d = crate::results::compare::group_all_row(diffs, Some(p.index), v, terr, ind);
                row.push(d.map_or_else(
                    || "–".to_string(),
                    |d| {
                        let word = match mark(d) {
                            Some(true) => format!(" {}", tr(lang, "better")),
                            Some(false) => format!(" {}", tr(lang, "worse")),
                            None if crate::results::row_does_not_vary(d) && short_constant => format!(" {CONSTANT_MARK}"),
                            None if crate::results::row_does_not_vary(d) => format!(" {}", super::labels::constant_difference(lang)),
                            None => String::new(),
                        };
                        let (lo, hi, _) = unknown_base(ind, d.ci_low, d.ci_high);
                        format!("{}{word}", interval(lang, d.mean_diff, lo, hi, scale(ind)))
                    },
                ));
            }
            body.push(row);
        }
    }
    body
}

fn point_head(plan: &crate::experiment::Plan, lang: Lang) -> Vec<String> {
    std::iter::once(tr(lang, "point").to_string())
        .chain(plan.factors.iter().map(|f| f.path.clone()))
        .chain(std::iter::once(tr(lang, "option").to_string()))
        .chain(DECISION.iter().map(|i| format!("Δ {}", short(lang, i))))
        .collect()
}

/// Sweeps and sensitivity analyses: per point, each option − base, as a
/// table and a line with its band over the first factor.
pub(super) fn point_differences(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    if plan.arm_names.len() < 2 || plan.points.is_empty() {
        return Ok(String::new());
    }
    let dir = ctx.input.dir.join("figures");
    let mut h =
        format!("<h3 id=\"point-differences\">{}</h3>\n<p class=\"note\">{}</p>\n", esc(tr(lang, "sweep")), esc(tr(lang, "sweep_note")));
    for (ti, terr) in plan.territory_names.iter().enumerate() {
        let body = point_rows(plan, ctx.diffs, lang, terr, false);
        h.push_str("<div class=\"scroll\">");
        h.push_str(&super::table(&point_head(plan, lang), &body));
        h.push_str("</div>\n");
        let Some(factor) = plan.factors.first() else { continue };
        for (k, ind) in DECISION.iter().enumerate() {
            let s = scale(ind);
            let series: Vec<Band> = plan
                .arm_names
                .iter()
                .skip(1)
                .map(|v| {
                    let mut pts: Vec<(f64, f64, f64, f64)> = plan
                        .points
                        .iter()
                        .filter_map(|p| {
                            let d = crate::results::compare::group_all_row(ctx.diffs, Some(p.index), v, terr, ind)?;
                            let (lo, hi, _) = unknown_base(ind, d.ci_low, d.ci_high);
                            Some((p.values[0], s * d.mean_diff, s * lo, s * hi))
                        })
                        .filter(|x| x.1.is_finite())
                        .collect();
                    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (v.clone(), pts)
                })
                .collect();
            let title = format!("Δ {} — {terr}", short(lang, ind));
            let f = crate::figure!(
                &dir,
                &format!("point-difference-{}-{}", ti + 1, k + 1),
                (760, 360),
                lines_with_bands,
                &title,
                &factor.path,
                &series
            )?;
            h.push_str(&figure_html(&f, tr(lang, "sweep_note")));
        }
    }
    Ok(h)
}

/// A named line with its band: `(name, [(x, mean, low, high)])`.
pub type Band = (String, Vec<(f64, f64, f64, f64)>);

/// Lines with their 95 % band over x: `series[i] = (name, [(x, mean, low, high)])`, a line at 0.
pub fn lines_with_bands<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    x_label: &str,
    series: &[Band],
) -> Result<(), String> {
    let xs: Vec<f64> = series.iter().flat_map(|s| s.1.iter().map(|p| p.0)).collect();
    let ys: Vec<f64> = series.iter().flat_map(|s| s.1.iter().flat_map(|p| [p.1, p.2, p.3])).filter(|v| v.is_finite()).collect();
    let (x0, x1) = xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
    let (x0, x1) = if x0.is_finite() && x1 > x0 { (x0, x1) } else { (x0.min(0.0) - 1.0, x1.max(0.0) + 1.0) };
    let lo = ys.iter().copied().fold(0.0_f64, f64::min);
    let hi = ys.iter().copied().fold(0.0_f64, f64::max);
    let pad = ((hi - lo) * 0.08).max(1e-9);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 16))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(x0..x1, (lo - pad)..(hi + pad))
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_label_formatter(&|x| super::charts::tick(*x))
        .y_label_formatter(&|y| super::charts::tick(*y))
        .x_desc(x_label)
        .draw()
        .map_err(err)?;
    chart.draw_series(std::iter::once(PathElement::new(vec![(x0, 0.0), (x1, 0.0)], BLACK.stroke_width(1)))).map_err(err)?;
    for (i, (name, pts)) in series.iter().enumerate() {
        let c = super::charts::colour(i);
        let band: Vec<(f64, f64)> = pts
            .iter()
            .filter(|p| p.2.is_finite() && p.3.is_finite())
            .map(|p| (p.0, p.3))
            .chain(pts.iter().rev().filter(|p| p.2.is_finite() && p.3.is_finite()).map(|p| (p.0, p.2)))
            .collect();
        if band.len() >= 4 {
            chart.draw_series(std::iter::once(Polygon::new(band, c.mix(0.2).filled()))).map_err(err)?;
        }
        chart
            .draw_series(LineSeries::new(pts.iter().map(|p| (p.0, p.1)), c.stroke_width(2)))
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], c.stroke_width(2)));
        chart.draw_series(pts.iter().map(|p| Circle::new((p.0, p.1), 3, c.filled()))).map_err(err)?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(err)?;
    Ok(())
}

/// The console's per-point table of differences option − base (sweeps and sensitivity analyses).
pub fn point_differences_text(plan: &crate::experiment::Plan, diffs: &[DifferenceRow], lang: Lang) -> String {
    let mut out = String::new();
    if plan.arm_names.len() < 2 {
        return out;
    }
    let head = point_head(plan, lang);
    for terr in &plan.territory_names {
        let _ = writeln!(out, "{} ({terr})", tr(lang, "sweep"));
        let body = point_rows(plan, diffs, lang, terr, true);
        let widths: Vec<usize> = (0..head.len())
            .map(|c| std::iter::once(&head[c]).chain(body.iter().map(|r| &r[c])).map(|x| x.chars().count()).max().unwrap_or(0))
            .collect();
        for r in std::iter::once(&head).chain(body.iter()) {
            let line: Vec<String> = r.iter().zip(&widths).map(|(x, w)| format!("{x:<w$}")).collect();
            let _ = writeln!(out, "  {}", line.join("  ").trim_end());
        }
        if body.iter().flatten().any(|c| c.ends_with(CONSTANT_MARK)) {
            let _ = writeln!(out, "  {CONSTANT_MARK} {}", super::labels::constant_difference(lang));
        }
    }
    out
}

/// Per zone of `territory`: (name, x, y, inhabitants, value) of arm `arm` at the shown point, pooled over replications.
fn zone_values(ctx: &Ctx, arm: u32, territory: usize, what: &str) -> Vec<(String, f64, f64, f64, f64)> {
    let plan = ctx.plan();
    let tasks: Vec<&crate::experiment::tasks::TaskResult> =
        ctx.input.results.tasks.iter().filter(|t| t.arm == arm && t.point == ctx.point.unwrap_or(0)).collect();
    if tasks.is_empty() || tasks.iter().any(|t| t.zones.len() != plan.base.zones.len()) {
        return Vec::new();
    }
    plan.base
        .zones
        .iter()
        .enumerate()
        .filter(|(_, z)| z.territory as usize == territory)
        .map(|(i, z)| {
            let sum = |f: &dyn Fn(&crate::model::indicators::ZoneStat) -> u64| tasks.iter().map(|t| f(&t.zones[i])).sum::<u64>() as f64;
            let v = match what {
                "delay_mean_days" => sum(&|s| s.delay_sum_min) / sum(&|s| s.consultations) / 1440.0,
                _ => sum(&|s| s.forgone) / sum(&|s| s.needs),
            };
            (z.name.clone(), z.x_km, z.y_km, z.inhabitants() as f64, v)
        })
        .collect()
}

/// Difference maps: option − base by commune (mean delay, forgone care),
/// diverging scale centred on 0, with the communes of largest change in a table beside.
pub(super) fn difference_maps(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    if plan.arm_names.len() < 2 {
        return Ok(String::new());
    }
    let dir = ctx.input.dir.join("figures");
    let mut h = format!(
        "<section id=\"difference-maps\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        esc(tr(lang, "maps")),
        esc(tr(lang, "maps_note"))
    );
    for (ti, terr) in plan.base.territories.iter().enumerate() {
        for (k, ind) in ["delay_mean_days", "forgone_care_rate"].into_iter().enumerate() {
            let base = zone_values(ctx, 0, ti, ind);
            if base.is_empty() {
                continue;
            }
            let s = scale(ind);
            let by_arm: Vec<Vec<(String, f64, f64, f64, f64)>> = (1..plan.arm_names.len())
                .map(|a| {
                    let var = zone_values(ctx, a as u32, ti, ind);
                    base.iter()
                        .zip(&var)
                        .map(|(b, x)| {
                            let d = x.4 - b.4;
                            // A share's difference lies in [−base, 1 − base].
                            let d = if is_share(ind) && d.is_finite() { d.clamp(-b.4, 1.0 - b.4) } else { d.max(-b.4) };
                            (b.0.clone(), b.1, b.2, b.3, s * d)
                        })
                        .collect()
                })
                .collect();
            // One colour scale for every option of the territory and indicator (trial 34: ±0.193
            // for one option, ±1.56 for the next, the same blue for effects 8 times apart).
            let common = by_arm.iter().flatten().map(|z| z.4.abs()).filter(|v| v.is_finite()).fold(0.0_f64, f64::max).max(1e-12);
            for (a, zones) in by_arm.into_iter().enumerate().map(|(i, z)| (i + 1, z)) {
                let v = &plan.arm_names[a];
                let title = format!("{} − base — {} ({})", v, short(lang, ind), terr.name);
                let points: Vec<(f64, f64, f64, f64)> = zones.iter().map(|z| (z.1, z.2, z.3, z.4)).collect();
                let f = crate::figure!(
                    &dir,
                    &format!("difference-map-{}-{}-{}", ti + 1, a, k + 1),
                    (620, 520),
                    diverging_map,
                    &title,
                    &points,
                    &short(lang, ind),
                    higher_is_better_ind(ind),
                    common
                )?;
                let mut order: Vec<&(String, f64, f64, f64, f64)> = zones.iter().filter(|z| z.4.is_finite()).collect();
                order.sort_by(|x, y| y.4.abs().total_cmp(&x.4.abs()).then(x.0.cmp(&y.0)));
                let body: Vec<Vec<String>> =
                    order.iter().take(12).map(|z| vec![commune_label(&z.0), super::count(lang, z.3 as u64), signed(lang, z.4)]).collect();
                h.push_str("<div class=\"mapwrap\">");
                // The option in the caption, not only inside the image (trial 34: six identical captions).
                h.push_str(&figure_html(&f, &format!("{title}. {}", tr(lang, "maps_common_scale"))));
                h.push_str(&super::table(
                    &[
                        tr(lang, "commune").to_string(),
                        super::t(lang, "inhabitants").to_string(),
                        format!("Δ {} ({})", short(lang, ind), tr(lang, "untested")),
                    ],
                    &body,
                ));
                h.push_str("</div>\n");
            }
        }
    }
    h.push_str("</section>\n");
    Ok(h)
}

/// A zone of the difference maps' table: a real commune as "name (INSEE
/// code)" from the embedded data ([`crate::geo::dataset`]); a synthetic
/// zone by its own name.
fn commune_label(zone: &str) -> String {
    // Only a code is looked up (a synthetic run need not load the embedded data).
    let code = zone.len() == 5 && zone.chars().all(|c| c.is_ascii_alphanumeric());
    code.then(|| crate::geo::dataset().commune(zone)).flatten().map_or_else(|| zone.to_string(), |c| format!("{} ({zone})", c.name))
}

fn higher_is_better_ind(ind: &str) -> bool {
    crate::results::higher_is_better(ind)
}

/// A diverging colour: blue for better, red for worse, white at 0; `f` in [−1, 1] (positive = better).
fn diverging(f: f64) -> RGBColor {
    let f = if f.is_finite() { f.clamp(-1.0, 1.0) } else { 0.0 };
    let (r, g, b) = if f >= 0.0 { (33.0, 102.0, 172.0) } else { (178.0, 24.0, 43.0) };
    let t = f.abs();
    RGBColor((247.0 + t * (r - 247.0)) as u8, (247.0 + t * (g - 247.0)) as u8, (247.0 + t * (b - 247.0)) as u8)
}

/// A map of zones coloured by a difference on a scale symmetric about 0.
pub fn diverging_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    zones: &[(f64, f64, f64, f64)],
    legend: &str,
    higher_better: bool,
    scale_max: f64,
) -> Result<(), String> {
    let fin = |v: f64| v.is_finite();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for z in zones {
        (x0, x1, y0, y1) = (x0.min(z.0), x1.max(z.0), y0.min(z.1), y1.max(z.1));
    }
    if !fin(x0) {
        return Ok(());
    }
    let (pw, ph) = root.dim_in_pixel();
    let (w, h) = (f64::from(pw.saturating_sub(130).max(1)), f64::from(ph.saturating_sub(60).max(1)));
    let scale = ((x1 - x0) / w).max((y1 - y0) / h).max(1e-6) * 1.08;
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (x0, x1, y0, y1) = (cx - scale * w / 2.0, cx + scale * w / 2.0, cy - scale * h / 2.0, cy + scale * h / 2.0);
    // The colour scale's end: `scale_max`, shared by the options drawn side by side.
    let m = scale_max.max(1e-12);
    let (area, legend_area) = root.split_horizontally(pw.saturating_sub(120));
    let mut chart = ChartBuilder::on(&area).caption(title, ("sans-serif", 15)).margin(8).build_cartesian_2d(x0..x1, y0..y1).map_err(err)?;
    let max_pop = zones.iter().map(|z| z.2).fold(1.0, f64::max);
    let sign = if higher_better { 1.0 } else { -1.0 };
    chart
        .draw_series(zones.iter().filter(|z| fin(z.3)).map(|z| {
            let r = (2.0 + 10.0 * (z.2 / max_pop).sqrt()) as i32;
            Circle::new((z.0, z.1), r, diverging(sign * z.3 / m).filled())
        }))
        .map_err(err)?;
    chart
        .draw_series(zones.iter().filter(|z| fin(z.3)).map(|z| {
            let r = (2.0 + 10.0 * (z.2 / max_pop).sqrt()) as i32;
            Circle::new((z.0, z.1), r, RGBColor(120, 120, 120).stroke_width(1))
        }))
        .map_err(err)?;
    let (_, lh) = legend_area.dim_in_pixel();
    let style = ("sans-serif", 12).into_font();
    // The scale below the title's last line.
    let (top, bottom) = (40i32 + super::charts::legend_title(&legend_area, &format!("Δ {legend}"), 2, &style)?, lh as i32 - 30);
    let steps = 41;
    for i in 0..steps {
        let f = i as f64 / (steps - 1) as f64; // 0 bottom (−m) … 1 top (+m)
        let y = bottom - ((bottom - top) as f64 * f) as i32;
        legend_area.draw(&Rectangle::new([(10, y - 4), (30, y + 4)], diverging(sign * (2.0 * f - 1.0)).filled())).map_err(err)?;
    }
    let mid = (top + bottom) / 2;
    legend_area.draw(&Text::new(format!("+{}", super::charts::legend_value(m)), (34, top - 6), style.clone())).map_err(err)?;
    legend_area.draw(&Text::new("0".to_string(), (34, mid - 6), style.clone())).map_err(err)?;
    legend_area.draw(&Text::new(format!("−{}", super::charts::legend_value(m)), (34, bottom - 6), style)).map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trial 34: « les habitants des communes « rural » »: the class agreed in French.
    #[test]
    fn a_density_class_is_said_in_agreement() {
        assert_eq!(group_phrase(Lang::Fr, "density:rural"), "les habitants des communes rurales");
        assert_eq!(group_phrase(Lang::Fr, "density:dense_urban"), "les habitants des communes urbaines denses");
        assert_eq!(group_phrase(Lang::En, "density:isolated"), "inhabitants of isolated communes");
    }

    /// The difference map's colour-bar title read « Δ Délai moyen (j »: 7
    /// pixels a character counted its 17 characters as 119 pixels, over the
    /// legend's 120 − 2 × 2 = 116, so "(j)" went alone to a second line.
    /// By hand, DejaVu Sans's advances (units of 2,048 em; the font is
    /// scaled so that its ascent + descent, 1,901 + 483 = 2,384 units, is
    /// 12 px): Δ 1401, D 1577, é 1260, l 569, a 1255, i 569, m 1995, o
    /// 1253, y 1212, e 1260, n 1298, ( 799, j 569, ) 799, three spaces of
    /// 651: 17,769 units = 89.4 px ≤ 116: one line, whole.
    #[test]
    fn the_difference_maps_legend_title_is_whole() {
        use plotters::prelude::IntoDrawingArea as _;
        crate::report::charts::register_font();
        let zones = [(0.0, 0.0, 100.0, -0.3), (10.0, 5.0, 50.0, 0.2)];
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (620, 520)).into_drawing_area();
            diverging_map(&root, "v − base — Délai moyen (j) (lot)", &zones, "Délai moyen (j)", false, 1.0).unwrap();
            root.present().unwrap();
        }
        let texts: Vec<&str> = svg.split("</text>").filter_map(|t| t.rsplit('>').next()).map(str::trim).collect();
        assert!(texts.contains(&"Δ Délai moyen (j)"), "{texts:?}");
        let (w, _) = ("sans-serif", 12).into_font().box_size("Δ Délai moyen (j)").unwrap();
        assert!((88..=90).contains(&w), "{w} px, 89.4 by hand");
    }

    /// The groups figure labels each row with its group (a trial's Gers
    /// figure had 12 rows and not one label): every label is in the SVG,
    /// in the order of the rows, top to bottom.
    #[test]
    fn the_groups_figure_names_its_groups() {
        use plotters::prelude::IntoDrawingArea as _;
        crate::report::charts::register_font();
        let groups: Vec<String> =
            ["85 ans et +", "isolé", "ALD", "quintile 5 (le plus défavorisé)"].iter().map(|s| s.to_string()).collect();
        let series = vec!["ipa".to_string(), "msp".to_string()];
        let values = vec![vec![(-0.5, -1.0, 0.0); 4], vec![(0.2, -0.1, 0.5); 4]];
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (760, 90 + 26 * 4)).into_drawing_area();
            dots_with_intervals(&root, "Délai moyen (j) — gers", &groups, &series, &values).unwrap();
            root.present().unwrap();
        }
        let texts: Vec<&str> = svg.split("</text>").filter_map(|t| t.rsplit('>').next()).map(str::trim).collect();
        let at: Vec<usize> = groups.iter().map(|g| texts.iter().position(|t| t == g).unwrap_or_else(|| panic!("{g}: {texts:?}"))).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    }

    /// An interval that excludes 0 but is not marked after the Holm
    /// adjustment says why (a board read "non distinguable" beside
    /// −1.07 [−1.45 ; −0.691]); one that holds 0 stays "non distinguable";
    /// a marked one is better or worse whatever its interval.
    #[test]
    fn a_verdict_beside_an_interval_without_zero_says_why() {
        let (class, word) = verdict(Lang::Fr, None, -1.45, -0.691, false);
        assert_eq!(class, "nd");
        assert!(word.starts_with("non établi\u{a0}: son intervalle seul exclut 0, mais plus une fois comptés les indicateurs testés ensemble (ajustement de Holm"), "{word}");
        assert_eq!(verdict(Lang::Fr, None, 0.2, 1.3, false).1, tr(Lang::Fr, "nd_holm"));
        assert_eq!(verdict(Lang::Fr, None, -1.45, 0.3, false), ("nd", "non distinguable"));
        assert_eq!(verdict(Lang::En, None, f64::NAN, f64::NAN, false).1, tr(Lang::En, "no_interval"));
        assert_eq!(verdict(Lang::Fr, Some(true), -1.45, -0.691, false).0, "better");
        assert_eq!(
            verdict(Lang::Fr, None, -1.45, -0.691, true).1,
            "non établi\u{a0}: la même différence dans chaque réplication (pour un taux, le même nombre d'événements\u{a0}: un intervalle ne reflète alors que les variations de la population, pas le hasard)"
        );
    }

    /// A whole-population difference of `variant` against the base in
    /// territory "t": `interval` its 95 % bounds, `p` its raw and Holm p-value.
    fn difference(variant: &str, indicator: &str, mean_diff: f64, interval: [f64; 2], n: usize, p: f64, mde: f64) -> DifferenceRow {
        DifferenceRow {
            point: None,
            variant: variant.into(),
            territory: "t".into(),
            group: "all".into(),
            indicator: indicator.into(),
            mean_diff,
            ci_low: interval[0],
            ci_high: interval[1],
            n,
            p_value: p,
            p_holm: p,
            mde,
            replications_for_mde_10pct: None,
        }
    }

    /// A decision on `row`'s indicator alone, its base mean 50.
    fn one_effect(row: DifferenceRow) -> Decision {
        Decision {
            indicators: vec![row.indicator.clone()],
            vs_base: vec![Effect { row, base_mean: 50.0, needed_for_observed: None }],
            ..Default::default()
        }
    }

    /// A difference of mean 0 below its MDE: `replications_for(0, sd)` is
    /// None. Break caught: the sentence said "il en faudrait environ –".
    #[test]
    fn replications_needed_that_cannot_be_computed_say_why() {
        let row = difference("v", "ed_visits_per_1000", 0.0, [-1.0, 1.0], 2, 1.0, 5.0);
        let d = Decision { vs_base: vec![Effect { row, base_mean: 10.0, needed_for_observed: None }], ..Default::default() };
        let fr = warnings(Lang::Fr, &d, "t");
        assert!(fr.contains("non calculable\u{a0}: l&#39;effet observé est nul") && !fr.contains("environ –"), "{fr}");
        let en = warnings(Lang::En, &d, "t");
        assert!(en.contains("not computable: the observed effect is zero") && !en.contains("about –"), "{en}");
        let mut d = d;
        d.vs_base[0].needed_for_observed = Some(1234);
        assert!(warnings(Lang::Fr, &d, "t").contains("il en faudrait environ 1\u{202F}234 pour détecter"));
    }

    /// A label without a noun of its own gets its article in a French
    /// sentence: « réduit le délai jusqu'à l'avis d'un spécialiste … »,
    /// not « réduit délai … » (found by a fresh user at stop 25).
    #[test]
    fn a_french_label_noun_takes_its_article() {
        assert_eq!(
            with_article_fr("délai jusqu'à l'avis d'un spécialiste, médiane (jours)"),
            "le délai jusqu'à l'avis d'un spécialiste, médiane (jours)"
        );
        assert_eq!(with_article_fr("adressages à un spécialiste abandonnés"), "les adressages à un spécialiste abandonnés");
        assert_eq!(with_article_fr("part des besoins"), "la part des besoins");
        assert_eq!(with_article_fr("heures de coordination"), "les heures de coordination");
        assert_eq!(with_article_fr("information perdue"), "l'information perdue");
        assert_eq!(with_article_fr("taux de recours"), "le taux de recours");
        assert_eq!(with_article_fr("le délai moyen"), "le délai moyen");
        let (n, _) = noun(Lang::Fr, "specialist_delay_median_days.dermatology");
        assert!(n.starts_with("le délai jusqu'à l'avis d'un spécialiste"), "{n}");
        let (n, _) = noun(Lang::En, "specialist_delay_median_days.dermatology");
        assert!(n.starts_with("delay to a specialist"), "{n}");
    }

    /// A fresh user read « réduit passages aux urgences relevant des soins
    /// de ville, pour 1 000 hab. par an de 3,11  [2,45 ; 3,77] »: no
    /// article, the unit before the number, two spaces. The sentence of one
    /// distinguishable effect, written out by hand in both languages.
    #[test]
    fn the_sentence_of_one_effect_reads_naturally_in_both_languages() {
        let ind = "ed_visits_per_1000.primary_care_treatable";
        let d = one_effect(difference("sas", ind, -3.11, [-3.77, -2.45], 10, 0.001, 1.0));
        let variants = vec!["sas".to_string()];
        assert_eq!(
            sentence(Lang::Fr, &d, &variants, "sas", "t"),
            "« sas » (t, 10 réplications)\u{a0}: réduit les passages aux urgences relevant des soins de ville de 3,11 \
             pour 1\u{202F}000 hab. par an [2,45 ; 3,77]. Aucun effet par groupe n'est distinguable. \
             Meilleure option pour les passages aux urgences relevant des soins de ville."
        );
        assert_eq!(
            sentence(Lang::En, &d, &variants, "sas", "t"),
            "“sas” (t, 10 replications): reduces ED visits treatable in primary care by 3.11 \
             per 1,000 inhabitants per year [2.45; 3.77]. No group effect is distinguishable. \
             Best option on ED visits treatable in primary care."
        );
        assert_eq!(tr(Lang::En, "cost_per_avoided_hospitalisation"), "cost per avoidable hospitalisation prevented (€)");
    }

    /// Trial 42: with one group effect distinguishable the sentence called
    /// it « l'effet le plus marqué » while a larger, undistinguishable one
    /// stood in the table. One distinguishable: « seul »; two: the larger.
    #[test]
    fn a_lone_distinguishable_group_effect_is_not_called_the_largest() {
        let ind = "ed_visits_per_1000.primary_care_treatable";
        let group = |g: &str, mean: f64, p: f64| Effect {
            row: DifferenceRow { group: g.into(), ..difference("sas", ind, mean, [mean - 1.0, mean + 1.0], 10, p, 1.0) },
            base_mean: 50.0,
            needed_for_observed: None,
        };
        let mut d = one_effect(difference("sas", ind, -3.0, [-4.0, -2.0], 10, 0.001, 1.0));
        // Rural −2 distinguishable; isolated −8 (larger) not.
        d.groups = vec![group("density:rural", -2.0, 0.001), group("density:isolated", -8.0, 0.4)];
        let variants = vec!["sas".to_string()];
        let fr = sentence(Lang::Fr, &d, &variants, "sas", "t");
        assert!(
            fr.contains("Seul effet distinguable par groupe\u{a0}: les passages aux urgences relevant des soins de ville −2,00"),
            "{fr}"
        );
        assert!(fr.contains("pour les habitants des communes rurales"), "{fr}");
        let en = sentence(Lang::En, &d, &variants, "sas", "t");
        assert!(en.contains("Only distinguishable effect by group: "), "{en}");
        // Both distinguishable: the larger in relative size, said as the largest.
        d.groups[1] = group("density:isolated", -8.0, 0.001);
        let fr = sentence(Lang::Fr, &d, &variants, "sas", "t");
        assert!(fr.contains("Plus grand effet distinguable par groupe (rapporté au niveau du groupe)\u{a0}: "), "{fr}");
        assert!(fr.contains("pour les habitants des communes isolées"), "{fr}");
        assert!(!fr.contains("Seul"), "{fr}");
    }

    /// Trial 34: one replication's effect of −9,32 was said « sans effet
    /// distinguable »; with n = 1 there is no interval and no test: « non
    /// testé », and « 1 réplication » in the singular.
    #[test]
    fn one_replication_is_said_untested_not_without_effect() {
        let ind = "ed_visits_per_1000.primary_care_treatable";
        let d = one_effect(difference("sas", ind, -9.32, [f64::NAN; 2], 1, f64::NAN, f64::NAN));
        let variants = vec!["sas".to_string()];
        let fr = sentence(Lang::Fr, &d, &variants, "sas", "t");
        assert!(
            fr.starts_with(
                "« sas » (t, 1 réplication)\u{a0}: non testé (une réplication, pas d'intervalle) sur les passages aux urgences relevant des soins de ville."
            ),
            "{fr}"
        );
        assert!(!fr.contains("sans effet distinguable"), "{fr}");
        let en = sentence(Lang::En, &d, &variants, "sas", "t");
        assert!(en.starts_with("“sas” (t, 1 replication): not tested (one replication, no interval) on "), "{en}");
    }

    #[test]
    fn a_negative_cost_per_avoided_event_reads_as_a_saving() {
        let saved = cost_per_avoided_text(Lang::En, -1500.0, None, false);
        assert!(saved.contains("saved per avoided event") && !saved.contains('-') && !saved.contains('−'), "{saved}");
        assert!(!cost_per_avoided_text(Lang::En, 1500.0, None, false).contains("saved"));
        assert!(cost_per_avoided_text(Lang::Fr, -1500.0, None, false).contains("économisés"));
        // The terminal's short form says the same: 1 500 € saved, not −1500.
        assert_eq!(cost_per_avoided_words(Lang::Fr, Some(Ok(-1500.0)), None, true), "1\u{202F}500 € économisés par événement évité");
        assert_eq!(cost_per_avoided_words(Lang::En, Some(Ok(-1500.0)), None, true), "1,500 € saved per avoided event");
        assert_eq!(
            cost_per_avoided_words(Lang::En, Some(Err(NotComputable::NotDistinguishable)), None, true),
            "events: change not distinguishable"
        );
    }

    /// The interval follows the figure; a saving's is the saving's: −1 500 €
    /// in [−2 300; −800] reads 1 500 € saved in [800; 2 300].
    #[test]
    fn a_cost_per_avoided_event_shows_its_interval() {
        let w = |x: f64, i| cost_per_avoided_words(Lang::En, Some(Ok(x)), i, true);
        assert_eq!(w(3000.0, Some((1641.1, 17446.8))), "3,000 € [1,641; 17,447]");
        assert_eq!(w(-1500.0, Some((-2300.0, -800.0))), "1,500 € [800; 2,300] saved per avoided event");
        assert_eq!(
            cost_per_avoided_words(Lang::Fr, Some(Ok(3000.0)), Some((1641.1, 17446.8)), false),
            "3\u{202F}000 € [1\u{202F}641 ; 17\u{202F}447]"
        );
        // No interval with a reason instead of a value.
        assert_eq!(cost_per_avoided_words(Lang::En, Some(Err(NotComputable::NoInterval)), Some((1.0, 2.0)), true), "no interval (n < 2)");
        // Events clearly avoided, cost of unknown sign: the bounds in words, each a saving or a cost.
        let unsure = |lang, lo, hi| cost_per_avoided_words(lang, Some(Err(NotComputable::CostNotDistinguishable)), Some((lo, hi)), false);
        assert!(
            unsure(Lang::En, -4027.087, 45410.772)
                .ends_with("; between 4,027 € saved and 45,411 € spent per avoided event (95 % interval)"),
            "{}",
            unsure(Lang::En, -4027.087, 45410.772)
        );
        assert!(unsure(Lang::En, 12.0, 80.0).ends_with("; between 12.0 and 80.0 € per avoided event (95 % interval)"));
        assert!(unsure(Lang::En, -80.0, -12.0).ends_with("; between 12.0 and 80.0 € saved per avoided event (95 % interval)"));
        assert!(
            unsure(Lang::Fr, -38.0, 80.0).ends_with("entre 38,0 € économisés et 80,0 € dépensés par événement évité (intervalle à 95 %)")
        );
    }
    /// The access caveat names the options using advice, in either language.
    #[test]
    fn the_access_caveat_names_the_options_with_advice() {
        let fr = access_caveat(Lang::Fr, &["sas"]);
        assert!(fr.starts_with("⚠ « sas » utilise le conseil du SAS") && fr.contains("vu sous 48 h"), "{fr}");
        let en = access_caveat(Lang::En, &["sas", "sas_all"]);
        assert!(en.starts_with("⚠ “sas”, “sas_all” use SAS advice"), "{en}");
    }
}
