//! The terminal tables of a finished run: key indicators of the base
//! ([`summary_table`]) and paired differences ([`differences_table`]), in
//! French or English, each with footnotes saying why a value is "–". Read
//! from `results` rows; printed by the command line.

use super::Lang;
use crate::io::fmt3;
use crate::results::{mark, DifferenceRow, SummaryRow, MARKED};

/// How a terminal table shows an indicator: its name, its label in
/// English and French, and whether it is a share (shown as a percentage).
pub struct KeyIndicator {
    pub name: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
    pub share: bool,
}

const fn key(name: &'static str, en: &'static str, fr: &'static str, share: bool) -> KeyIndicator {
    KeyIndicator { name, en, fr, share }
}

impl KeyIndicator {
    fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

/// The indicators shown in the terminal table, with their labels.
pub const KEY_INDICATORS: &[KeyIndicator] = &[
    key("delay_mean_days", "delay to consultation, mean (days)", "délai jusqu'à la consultation, moyenne (jours)", false),
    key("delay_mean_days.chronic_followup", "  chronic follow-up, mean (days)", "  suivi chronique, moyenne (jours)", false),
    key("unscheduled_seen_48h_share", "unscheduled needs seen < 48 h (%)", "besoins non programmés vus < 48 h (%)", true),
    key("registered_gp_coverage", "registered-GP coverage (%)", "couverture en médecin traitant (%)", true),
    key("forgone_care_rate", "forgone care (% of needs)", "renoncement aux soins (% des besoins)", true),
    key("ed_visits_per_1000", "ED visits /1,000/yr", "passages aux urgences /1 000/an", false),
    key(
        "ed_visits_per_1000.primary_care_treatable",
        "  treatable in primary care /1,000/yr",
        "  relevant des soins de ville /1 000/an",
        false,
    ),
    key("avoidable_hosp_per_1000", "avoidable hospitalisations /1,000/yr", "hospitalisations évitables /1 000/an", false),
    key("readmission_30d_rate", "30-day readmissions (% of discharges)", "réhospitalisations à 30 jours (% des sorties)", true),
    key("gp_utilisation", "GP slot utilisation (%)", "occupation des créneaux de MG (%)", true),
];

/// Footnotes of a terminal table: why a cell shows "–" (each reason once, in order).
#[derive(Default)]
struct Notes(Vec<&'static str>);

impl Notes {
    fn add(&mut self, reason: &'static str) {
        if !self.0.contains(&reason) {
            self.0.push(reason);
        }
    }

    fn write(&self, out: &mut String, lang: Lang) {
        for r in &self.0 {
            out.push_str(&format!("  {}\n", note_text(lang, r)));
        }
    }
}

/// The reasons a value is not available, in words.
fn note_text(lang: Lang, reason: &str) -> &'static str {
    match (reason, lang) {
        ("n<2", Lang::En) => "[–]: no 95 % interval from fewer than 2 replications (n < 2); run --replications 2 or more",
        ("n<2", Lang::Fr) => "[–] : pas d'intervalle à 95 % avec moins de 2 réplications (n < 2) ; lancez --replications 2 ou plus",
        ("missing", Lang::En) => "–: not available: nothing was observed to compute it from (no member in the group, or no event in the window)",
        ("missing", Lang::Fr) => "– : non disponible : rien n'a été observé pour le calculer (groupe sans membre, ou aucun événement sur la période)",
        ("icer", Lang::En) => "– (€ per avoided event): not available: the variant does not clearly avoid events (the interval of the difference is not below 0)",
        ("mark", Lang::En) => "better/worse: distinguishable from zero after a Holm adjustment over the marked indicators of this variant and territory (p_holm < 0.05); ≈0: not distinguishable",
        ("mark", Lang::Fr) => "mieux/pire : distinguable de zéro après ajustement de Holm sur les indicateurs marqués de cette variante et de ce territoire (p_holm < 0,05) ; ≈0 : non distinguable",
        (_, Lang::En) => "–: not available",
        ("icer", Lang::Fr) => "– (€ par événement évité) : non disponible : la variante n'évite pas nettement d'événements (l'intervalle de la différence n'est pas sous 0)",
        (_, Lang::Fr) => "– : non disponible",
    }
}

/// `value [low, high]` (× 100 for a share), "[–]" when the interval is not
/// available, "–" when nothing is; notes say why.
fn with_interval(m: f64, lo: f64, hi: f64, share: bool, sign: bool, notes: &mut Notes) -> String {
    let scale = if share { 100.0 } else { 1.0 };
    let f = |x: f64| if sign { signed(scale * x) } else { fmt3(scale * x) };
    if !m.is_finite() {
        notes.add("missing");
        "–".into()
    } else if lo.is_finite() && hi.is_finite() {
        format!("{} [{}, {}]", f(m), f(lo), f(hi))
    } else {
        notes.add("n<2");
        format!("{} [–]", f(m))
    }
}

/// A short aligned table of the base: key indicators (group `all`) ×
/// territory, mean [95 % CI], shares in per cent; footnotes say why a
/// value is "–".
pub fn summary_table(summary: &[SummaryRow], territories: &[String], lang: Lang) -> String {
    let mut notes = Notes::default();
    let mut cell = |t: &str, k: &KeyIndicator| match summary
        .iter()
        .find(|r| r.variant == "base" && r.territory == t && r.group == "all" && r.indicator == k.name)
    {
        Some(r) => with_interval(r.mean, r.ci_low, r.ci_high, k.share, false, &mut notes),
        None => with_interval(f64::NAN, f64::NAN, f64::NAN, k.share, false, &mut notes),
    };
    let cols: Vec<Vec<String>> = territories.iter().map(|t| KEY_INDICATORS.iter().map(|k| cell(t, k)).collect()).collect();
    let head = match lang {
        Lang::Fr => "indicateur (moyenne [IC à 95 %])",
        Lang::En => "indicator (mean [95% CI])",
    };
    let label_w = KEY_INDICATORS.iter().map(|k| k.label(lang).chars().count()).chain([head.chars().count()]).max().unwrap_or(0);
    let widths: Vec<usize> = territories
        .iter()
        .zip(&cols)
        .map(|(t, c)| c.iter().map(|s| s.chars().count()).chain([t.chars().count()]).max().unwrap_or(0))
        .collect();
    let mut out = pad(head, label_w);
    for (t, w) in territories.iter().zip(&widths) {
        out.push_str(&format!("  {}", pad_left(t, *w)));
    }
    out.push('\n');
    for (i, k) in KEY_INDICATORS.iter().enumerate() {
        out.push_str(&pad(k.label(lang), label_w));
        for (c, w) in cols.iter().zip(&widths) {
            out.push_str(&format!("  {}", pad_left(&c[i], *w)));
        }
        out.push('\n');
    }
    notes.write(&mut out, lang);
    out
}

/// `s` padded with spaces to `w` characters (format's width counts bytes of
/// some texts wrongly; this counts characters).
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.chars().count())))
}

/// The differences shown in the terminal, with their labels (shares as
/// percentage points).
pub const KEY_DIFFERENCES: &[KeyIndicator] = &[
    key("delay_mean_days", "delay to consultation (days)", "délai jusqu'à la consultation (jours)", false),
    key("unscheduled_seen_48h_share", "unscheduled needs seen < 48 h (pp)", "besoins non programmés vus < 48 h (pts)", true),
    key("forgone_care_rate", "forgone care (pp of needs)", "renoncement aux soins (pts des besoins)", true),
    key("ed_visits_per_1000", "ED visits /1,000/yr", "passages aux urgences /1 000/an", false),
    key(
        "ed_visits_per_1000.primary_care_treatable",
        "  treatable in primary care /1,000/yr",
        "  relevant des soins de ville /1 000/an",
        false,
    ),
    key("avoidable_hosp_per_1000", "avoidable hospitalisations /1,000/yr", "hospitalisations évitables /1 000/an", false),
    key("cost_total_per_inhabitant_eur", "total cost €/inhabitant/yr", "coût total €/habitant/an", false),
    key("icer_eur_per_avoided_hospitalisation", "€ per avoided hospitalisation", "€ par hospitalisation évitée", false),
    key("icer_eur_per_avoided_ed_visit", "€ per avoided ED visit", "€ par passage aux urgences évité", false),
];

/// Coordination's differences (issue 19 §1), shown when coordination ran.
pub const COORDINATION_DIFFERENCES: &[KeyIndicator] = &[
    key("coordination_hours_per_professional", "coordination h/GP/week", "coordination h/médecin/semaine", false),
    key("information_lost_per_1000", "information lost /1,000/yr", "pertes d'information /1 000/an", false),
];

/// The main differences vs base, per variant and territory, in plain
/// words; footnotes say why a value is "–".
pub fn differences_table(diffs: &[DifferenceRow], territories: &[String], lang: Lang) -> String {
    let mut out = String::new();
    let mut notes = Notes::default();
    let mut variants: Vec<&str> = diffs.iter().map(|d| d.variant.as_str()).collect();
    variants.dedup();
    for v in variants {
        // A declared pair's rows are labelled "a − b" already (`compare`).
        let head = if v.contains(" − ") { v.to_string() } else { format!("{v} − base") };
        out.push_str(&match lang {
            Lang::Fr => format!("{head} (différence moyenne [IC à 95 %], appariée sur les réplications)\n"),
            Lang::En => format!("{head} (mean difference [95% CI], paired over replications)\n"),
        });
        let label_w = KEY_DIFFERENCES.iter().map(|k| k.label(lang).chars().count()).max().unwrap_or(0);
        out.push_str(&format!("  {}", pad("", label_w)));
        for t in territories {
            out.push_str(&format!("  {}", pad_left(t, 36)));
        }
        out.push('\n');
        // Coordination's rows (issue 19 §1) only where they were written.
        let written = |k: &&KeyIndicator| diffs.iter().any(|d| d.variant == v && d.indicator == k.name);
        for k in KEY_DIFFERENCES.iter().chain(COORDINATION_DIFFERENCES.iter().filter(written)) {
            out.push_str(&format!("  {}", pad(k.label(lang), label_w)));
            for t in territories {
                let d = diffs.iter().find(|d| d.variant == v && &d.territory == t && d.group == "all" && d.indicator == k.name);
                let cell = match d {
                    Some(d) if k.name.starts_with("icer_") => {
                        if d.mean_diff.is_finite() {
                            fmt3(d.mean_diff)
                        } else {
                            notes.add("icer");
                            "–".into()
                        }
                    }
                    Some(d) => {
                        let cell = with_interval(d.mean_diff, d.ci_low, d.ci_high, k.share, true, &mut notes);
                        format!("{cell}{}", mark_text(d, lang, &mut notes))
                    }
                    None => with_interval(f64::NAN, f64::NAN, f64::NAN, k.share, true, &mut notes),
                };
                out.push_str(&format!("  {}", pad_left(&cell, 36)));
            }
            out.push('\n');
        }
    }
    notes.write(&mut out, lang);
    out
}

/// The terminal mark of a marked difference: better, worse, or "≈0" (not
/// distinguishable after the Holm adjustment); nothing outside [`MARKED`].
fn mark_text(d: &DifferenceRow, lang: Lang, notes: &mut Notes) -> &'static str {
    if !MARKED.contains(&d.indicator.as_str()) || !d.mean_diff.is_finite() {
        return "";
    }
    notes.add("mark");
    match (mark(d), lang) {
        (Some(true), Lang::En) => " better",
        (Some(false), Lang::En) => " worse",
        (Some(true), Lang::Fr) => " mieux",
        (Some(false), Lang::Fr) => " pire",
        (None, _) => " ≈0",
    }
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", fmt3(x))
    } else {
        fmt3(x)
    }
}

/// The SAS regulation indicators shown per arm when an arm regulates calls.
pub const KEY_REGULATION: &[KeyIndicator] = &[
    key("sas_calls_per_1000", "SAS calls answered /1,000/yr", "appels au SAS répondus /1 000/an", false),
    key("sas_oriented_share", "  ending with a GP slot (%)", "  aboutissant à un créneau de MG (%)", true),
    key("sas_service_share", "  oriented to a service (%)", "  orientés vers un service (%)", true),
    key("sas_advice_share", "  resolved by advice (%)", "  résolus par un conseil (%)", true),
    key("sas_abandoned_share", "SAS calls abandoned (% of calls)", "appels au SAS abandonnés (% des appels)", true),
    key("sas_regulation_minutes_mean", "time in regulation (minutes/call)", "temps en régulation (minutes/appel)", false),
];

/// The SAS regulation of each arm (group `all`, first territory … each
/// territory a column block), mean [95 % CI]; `None` when no arm answered
/// or lost a call (a scenario without a SAS prints nothing more).
pub fn regulation_table(summary: &[SummaryRow], arms: &[String], territories: &[String], lang: Lang) -> Option<String> {
    let find = |a: &str, t: &str, ind: &str| {
        summary.iter().find(|r| r.variant == a && r.territory == t && r.group == "all" && r.indicator == ind && r.point.is_none_or(|p| p == 0))
    };
    let calls = |a: &str| {
        territories.iter().any(|t| {
            ["sas_calls_per_1000", "sas_abandoned_share"].iter().any(|i| find(a, t, i).is_some_and(|r| r.mean.is_finite() && r.mean > 0.0))
        })
    };
    let shown: Vec<&String> = arms.iter().filter(|a| calls(a)).collect();
    if shown.is_empty() {
        return None;
    }
    let mut notes = Notes::default();
    let label_w = KEY_REGULATION.iter().map(|k| k.label(lang).chars().count()).max().unwrap_or(0);
    let mut out = match lang {
        Lang::Fr => "Régulation SAS par bras (moyenne [IC à 95 %])\n".to_string(),
        Lang::En => "SAS regulation by arm (mean [95% CI])\n".to_string(),
    };
    for t in territories {
        out.push_str(&format!("  {} — {t}\n", pad("", label_w)));
        out.push_str(&format!("  {}", pad("", label_w)));
        for a in &shown {
            out.push_str(&format!("  {}", pad_left(a, 26)));
        }
        out.push('\n');
        for k in KEY_REGULATION {
            out.push_str(&format!("  {}", pad(k.label(lang), label_w)));
            for a in &shown {
                let cell = match find(a, t, k.name) {
                    Some(r) => with_interval(r.mean, r.ci_low, r.ci_high, k.share, false, &mut notes),
                    None => with_interval(f64::NAN, f64::NAN, f64::NAN, k.share, false, &mut notes),
                };
                out.push_str(&format!("  {}", pad_left(&cell, 26)));
            }
            out.push('\n');
        }
    }
    notes.write(&mut out, lang);
    Some(out)
}
