//! The terminal tables of a finished run: key indicators of the base
//! ([`summary_table`]) and paired differences ([`differences_table`]), in
//! French or English, each with footnotes saying why a value is "–". Read
//! from `results` rows; printed by the command line.

use super::decision::cost_per_avoided_words;
use super::labels::{indicator_label, num, signed_num};
use super::units::{self, Shown};
use super::Lang;
use crate::results::compare::{clamp_interval, cost_per_avoided_interval, cost_per_avoided_shown, question_rows, IntervalOf};
use crate::results::{mark, DifferenceRow, SummaryRow, MARKED};

/// How a terminal table shows an indicator: its name, its label in
/// English and French, and whether it is a share (shown as a percentage).
#[derive(Clone, Copy)]
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
    pub(crate) fn label(&self, lang: Lang) -> &'static str {
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
    key("ed_visits_per_1000", "ED visits /1,000/yr", "passages aux urgences /1\u{202F}000/an", false),
    key(
        "ed_visits_per_1000.primary_care_treatable",
        "  treatable in primary care /1,000/yr",
        "  relevant des soins de ville /1\u{202F}000/an",
        false,
    ),
    key("avoidable_hosp_per_1000", "avoidable hospitalisations /1,000/yr", "hospitalisations évitables /1\u{202F}000/an", false),
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
            if *r == "constant" {
                out.push_str(&format!("  {} {}\n", super::labels::CONSTANT_MARK, super::labels::constant_difference(lang)));
            } else {
                out.push_str(&format!("  {}\n", note_text(lang, r)));
            }
        }
    }
}

/// The reasons a value is not available, in words.
fn note_text(lang: Lang, reason: &str) -> &'static str {
    match (reason, lang) {
        ("n<2", Lang::En) => "[–]: no 95 % interval from fewer than 2 replications (n < 2); run --replications 2 or more",
        ("n<2", Lang::Fr) => "[–]\u{a0}: pas d'intervalle à 95 % avec moins de 2 réplications (n < 2) ; lancez --replications 2 ou plus",
        ("missing", Lang::En) => "–: not available: nothing was observed to compute it from (no member in the group, or no event in the window)",
        ("missing", Lang::Fr) => "–\u{a0}: non disponible\u{a0}: rien n'a été observé pour le calculer (groupe sans membre, ou aucun événement sur la période)",
        ("clamped", Lang::En) => "intervals clamped to the values the indicator can take (a share between 0 and 100 %, any other indicator ≥ 0; a difference accordingly)",
        ("clamped", Lang::Fr) => "intervalles bornés aux valeurs que l'indicateur peut prendre (une part entre 0 et 100 %, tout autre indicateur ≥ 0 ; une différence en conséquence)",
        ("cost", Lang::En) => "€ per avoided event: the cost difference over the events avoided, given only when the fall in events is distinguishable after the Holm adjustment, with its 95 % interval in brackets (Fieller's method over the replications, not adjusted); \"saved\": the variant costs less and avoids events",
        ("cost", Lang::Fr) => "€ par événement évité\u{a0}: la différence de coût rapportée aux événements évités, donnée seulement si la baisse des événements est distinguable après ajustement de Holm, avec son intervalle à 95 % entre crochets (méthode de Fieller sur les réplications, non ajusté) ; « économisés »\u{a0}: la variante coûte moins et évite des événements",
        ("mark", Lang::En) => "better/worse: distinguishable from zero after a Holm adjustment over the marked indicators of this variant and territory (p_holm < 0.05); n.d.: not distinguishable from zero after that adjustment, which does not say the effect is small (read its interval: with few replications a large effect can be n.d.)",
        ("mark", Lang::Fr) => "mieux/moins bien\u{a0}: distinguable de zéro après ajustement de Holm sur les indicateurs marqués de cette variante et de ce territoire (p_holm < 0,05) ; n.d.\u{a0}: non distinguable de zéro après cet ajustement, ce qui ne dit pas que l'effet est petit (lire son intervalle\u{a0}: avec peu de réplications, un grand effet peut être n.d.)",
        ("question", Lang::En) => "first rows: the indicators the scenario's question is about; those outside the marked ones are Holm-adjusted among themselves",
        ("question", Lang::Fr) => "premières lignes\u{a0}: les indicateurs sur lesquels porte la question du scénario ; ceux hors des indicateurs marqués sont ajustés (Holm) entre eux",
        (_, Lang::En) => "–: not available",
        (_, Lang::Fr) => "–\u{a0}: non disponible",
    }
}

/// `value [low, high]` (× 100 for a share), the interval clamped to the
/// values `indicator` can take; "[–]" when the interval is not available,
/// "–" when nothing is; notes say why.
fn with_interval(lang: Lang, indicator: &str, m: f64, (lo, hi): (f64, f64), of: IntervalOf, sign: bool, notes: &mut Notes) -> String {
    let scale = super::units::scale(indicator);
    let f = |x: f64| if sign { signed_num(lang, scale * x) } else { num(lang, scale * x) };
    let sep = super::labels::interval_sep(lang);
    if !m.is_finite() {
        notes.add("missing");
        "–".into()
    } else if lo.is_finite() && hi.is_finite() {
        let (lo, hi, clamped) = clamp_interval(indicator, lo, hi, of);
        if clamped {
            notes.add("clamped");
        }
        format!("{} [{}{sep}{}]", f(m), f(lo), f(hi))
    } else {
        notes.add("n<2");
        format!("{} [–]", f(m))
    }
}

/// The sub-rows' labels when shown away from their parent row: the
/// parent's subject written out (indicator, English, French).
const STANDALONE: &[(&str, &str, &str)] = &[
    (
        "ed_visits_per_1000.primary_care_treatable",
        "ED visits treatable in primary care /1,000/yr",
        "passages aux urgences relevant des soins de ville /1\u{202F}000/an",
    ),
    (
        "delay_mean_days.chronic_followup",
        "delay to consultation, chronic follow-up, mean (days)",
        "délai jusqu'à la consultation, suivi chronique, moyenne (jours)",
    ),
];

/// The label of sub-row `k` shown outside its parent (its indented label,
/// trimmed, when no subject is declared for it).
fn standalone_label(lang: Lang, k: &KeyIndicator) -> String {
    STANDALONE
        .iter()
        .find(|s| s.0 == k.name)
        .map_or_else(|| k.label(lang).trim().to_string(), |s| if lang == Lang::Fr { s.2 } else { s.1 }.to_string())
}

/// The parent row of `name` when it is an indented sub-row of `keys`.
fn sub_row_parent<'k>(keys: &'k [KeyIndicator], lang: Lang, name: &str) -> Option<&'k str> {
    let i = keys.iter().position(|k| k.name == name).filter(|&i| keys[i].label(lang).starts_with(' '))?;
    keys[..i].iter().rposition(|k| !k.label(lang).starts_with(' ')).map(|p| keys[p].name)
}

/// A row of a terminal table: indicator and label.
type Row = (String, String);

/// The rows of the summary: the question's indicators first, then [`KEY_INDICATORS`].
fn rows_with_question(keys: &[KeyIndicator], question: &[String], lang: Lang, shown: Shown) -> (Vec<Row>, bool) {
    let mut rows: Vec<Row> = Vec::new();
    for q in question {
        let at = keys.iter().position(|k| k.name == q);
        let label = match at {
            None => units::label(lang, q, shown),
            // A sub-row right under its parent (or a sibling) stays indented; elsewhere it says its subject.
            Some(i) if keys[i].label(lang).starts_with(' ') => {
                let parent = keys[..i].iter().rposition(|k| !k.label(lang).starts_with(' ')).map_or("", |p| keys[p].name);
                let under = rows.last().is_some_and(|r| r.0 == parent || sub_row_parent(keys, lang, &r.0) == Some(parent));
                if under {
                    keys[i].label(lang).to_string()
                } else {
                    standalone_label(lang, &keys[i])
                }
            }
            Some(i) => keys[i].label(lang).to_string(),
        };
        rows.push((q.clone(), label));
        // A key row moved first takes its indented sub-rows with it.
        if let Some(i) = at.filter(|&i| !keys[i].label(lang).starts_with(' ')) {
            for k in keys[i + 1..].iter().take_while(|k| k.label(lang).starts_with(' ')) {
                if !question.iter().any(|q| q == k.name) {
                    rows.push((k.name.to_string(), k.label(lang).to_string()));
                }
            }
        }
    }
    let asked = !rows.is_empty();
    for k in keys {
        if !rows.iter().any(|r| r.0 == k.name) {
            rows.push((k.name.to_string(), k.label(lang).to_string()));
        }
    }
    (rows, asked)
}

/// A short aligned table of the base: key indicators (group `all`) ×
/// territory, mean [95 % CI], shares in per cent, the indicators of the
/// scenario's question (`question`) first; footnotes say why a value is "–".
pub fn summary_table(summary: &[SummaryRow], territories: &[String], lang: Lang, question: &[String]) -> String {
    let (rows, asked) = rows_with_question(KEY_INDICATORS, question, lang, Shown::Level);
    let mut out = levels_table(summary, territories, lang, &rows);
    if asked {
        out.push_str(&format!("  {}\n", note_text(lang, "question")));
    }
    out
}

/// The season of a scenario with a seasonal population (base, group
/// `all`): the inhabitants' delay and ED visits by period of the year and
/// the visitors' needs, consultations and ED visits; empty without one.
pub fn seasonal_table(summary: &[SummaryRow], territories: &[String], lang: Lang) -> String {
    let rows: Vec<Row> = super::seasonal::indicators()
        .into_iter()
        .filter(|i| summary.iter().any(|r| r.variant == "base" && r.group == "all" && &r.indicator == i && r.mean.is_finite()))
        .map(|i| {
            let label = indicator_label(lang, &i);
            (i, label)
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let title = match lang {
        Lang::Fr => "Saison\u{a0}: la population saisonnière (situation de base)\n",
        Lang::En => "Season: the seasonal population (base case)\n",
    };
    format!("{title}{}", levels_table(summary, territories, lang, &rows))
}

/// Rows × territories of the base, mean [95 % CI]; footnotes under it.
fn levels_table(summary: &[SummaryRow], territories: &[String], lang: Lang, rows: &[Row]) -> String {
    let mut notes = Notes::default();
    let mut cell = |t: &str, ind: &str| {
        let r = summary.iter().find(|r| r.variant == "base" && r.territory == t && r.group == "all" && r.indicator == ind);
        let (m, lo, hi) = r.map_or((f64::NAN, f64::NAN, f64::NAN), |r| (r.mean, r.ci_low, r.ci_high));
        with_interval(lang, ind, m, (lo, hi), IntervalOf::Level, false, &mut notes)
    };
    let cols: Vec<Vec<String>> = territories.iter().map(|t| rows.iter().map(|k| cell(t, &k.0)).collect()).collect();
    let head = match lang {
        Lang::Fr => "indicateur (moyenne [IC à 95 %])",
        Lang::En => "indicator (mean [95% CI])",
    };
    let label_w = rows.iter().map(|k| k.1.chars().count()).chain([head.chars().count()]).max().unwrap_or(0);
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
    for (i, k) in rows.iter().enumerate() {
        out.push_str(&pad(&k.1, label_w));
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
    key("ed_visits_per_1000", "ED visits /1,000/yr", "passages aux urgences /1\u{202F}000/an", false),
    key(
        "ed_visits_per_1000.primary_care_treatable",
        "  treatable in primary care /1,000/yr",
        "  relevant des soins de ville /1\u{202F}000/an",
        false,
    ),
    key("avoidable_hosp_per_1000", "avoidable hospitalisations /1,000/yr", "hospitalisations évitables /1\u{202F}000/an", false),
    key("cost_total_per_inhabitant_eur", "total cost €/inhabitant/yr", "coût total €/habitant/an", false),
];

/// The costs per avoided event shown under the differences:
/// ([`crate::results::compare::AVOIDED`] name, English, French).
const COSTS: &[(&str, &str, &str)] = &[
    ("cost_per_avoided_hospitalisation", "€ per avoided hospitalisation", "€ par hospitalisation évitée"),
    ("cost_per_avoided_ed_visit", "€ per avoided ED visit", "€ par passage aux urgences évité"),
];

/// Coordination's differences (issue 19 §1), shown when coordination ran.
pub const COORDINATION_DIFFERENCES: &[KeyIndicator] = &[
    key("coordination_hours_per_professional", "coordination h/GP/week", "coordination h/médecin/semaine", false),
    key("coordination_hours_per_nurse", "coordination h/nurse/week", "coordination h/infirmier·e/semaine", false),
    key("information_lost_per_1000", "information lost /1,000/yr", "pertes d'information /1\u{202F}000/an", false),
];

/// The rows of "what each variant changes" (label in `lang`), the one list
/// of the terminal and of report.html: the scenario's question first, then
/// the marked family ([`KEY_DIFFERENCES`]), then coordination's rows
/// (issue 19 §1) when they were written; with whether the question moved any.
fn difference_rows(diffs: &[DifferenceRow], question: &[String], lang: Lang) -> (Vec<Row>, bool) {
    let keys: Vec<KeyIndicator> = KEY_DIFFERENCES
        .iter()
        .chain(COORDINATION_DIFFERENCES.iter().filter(|k| diffs.iter().any(|d| d.indicator == k.name)))
        .copied()
        .collect();
    rows_with_question(&keys, question, lang, Shown::Difference)
}

/// The indicators of "what each variant changes", in the order both the
/// terminal ([`differences_table`]) and report.html show them.
pub fn difference_indicators(diffs: &[DifferenceRow], question: &[String]) -> Vec<String> {
    difference_rows(diffs, question, Lang::En).0.into_iter().map(|r| r.0).collect()
}

/// The main differences vs base, per variant and territory, in plain
/// words, the indicators of the scenario's question first (verdicts as
/// [`question_rows`] adjusts them); `summary` gives the base means the
/// intervals are clamped against; footnotes say why a value is "–". A
/// variant of `unchanged` (`Plan::unchanged_variants`) gets one line saying
/// it changes nothing instead of its zero differences.
pub fn differences_table(
    diffs: &[DifferenceRow],
    summary: &[SummaryRow],
    territories: &[String],
    lang: Lang,
    question: &[String],
    unchanged: &[(String, crate::scenario::Warning)],
) -> String {
    let mut out = String::new();
    let mut notes = Notes::default();
    let asked_rows = question_rows(diffs, None, question);
    let (rows, asked) = difference_rows(diffs, question, lang);
    let mut variants: Vec<&str> = diffs.iter().map(|d| d.variant.as_str()).collect();
    variants.dedup();
    for v in variants {
        // A declared pair's rows are labelled "a − b" already (`compare`).
        let head = if v.contains(" − ") { v.to_string() } else { format!("{v} − base") };
        if let Some((_, w)) = unchanged.iter().find(|(u, _)| u == v) {
            out.push_str(&format!("{head}{}{}\n", super::labels::colon(lang), if lang == Lang::Fr { &w.fr } else { &w.en }));
            continue;
        }
        out.push_str(&match lang {
            Lang::Fr => format!("{head} (différence moyenne [IC à 95 %], appariée sur les réplications)\n"),
            Lang::En => format!("{head} (mean difference [95% CI], paired over replications)\n"),
        });
        let mut body: Vec<(String, Vec<Cell>)> = Vec::new();
        for (name, label) in &rows {
            let cells = territories
                .iter()
                .map(|t| {
                    let find = |rs: &'_ [DifferenceRow]| {
                        rs.iter().find(|d| d.variant == v && &d.territory == t && d.group == "all" && &d.indicator == name).cloned()
                    };
                    let base_mean = summary
                        .iter()
                        .find(|r| r.variant == "base" && &r.territory == t && r.group == "all" && &r.indicator == name)
                        .map_or(f64::NAN, |r| r.mean);
                    let of = IntervalOf::Difference { base_mean };
                    match find(&asked_rows).or_else(|| find(diffs)) {
                        Some(d) => {
                            let cell = with_interval(lang, name, d.mean_diff, (d.ci_low, d.ci_high), of, true, &mut notes);
                            let marked = MARKED.contains(&name.as_str()) || question.contains(name);
                            (cell, if marked { mark_text(&d, lang, &mut notes) } else { String::new() })
                        }
                        None => (with_interval(lang, name, f64::NAN, (f64::NAN, f64::NAN), of, true, &mut notes), String::new()),
                    }
                })
                .collect();
            body.push((label.clone(), cells));
        }
        for (name, en, fr) in COSTS {
            let cells = territories
                .iter()
                .map(|t| {
                    notes.add("cost");
                    let interval = cost_per_avoided_interval(diffs, None, v, t, name);
                    (cost_per_avoided_words(lang, cost_per_avoided_shown(diffs, None, v, t, name), interval, true), String::new())
                })
                .collect();
            body.push((if lang == Lang::Fr { fr } else { en }.to_string(), cells));
        }
        out.push_str(&aligned(territories, &body));
    }
    if asked {
        notes.add("question");
    }
    notes.write(&mut out, lang);
    out
}

/// A cell of the differences: the value (mean [95 % CI], or words) and
/// its mark ([`mark_text`]: " better", " exactly this difference in every replication" …).
type Cell = (String, String);

/// Rows `(label, cell per territory)` under a header of territory names,
/// labels padded to the longest, each column at least 36 wide. In a column
/// the values are right-aligned on one edge and the marks left-aligned after
/// it, so that a long mark (a difference the same in every replication) does not push
/// its value out of line with the others.
fn aligned(territories: &[String], body: &[(String, Vec<Cell>)]) -> String {
    let mut out = String::new();
    let label_w = body.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let width_of = |c: usize, f: &dyn Fn(&Cell) -> usize| body.iter().map(|r| f(&r.1[c])).max().unwrap_or(0);
    let marks: Vec<usize> = (0..territories.len()).map(|c| width_of(c, &|x| x.1.chars().count())).collect();
    let widths: Vec<usize> = (0..territories.len())
        .map(|c| (width_of(c, &|x| x.0.chars().count()) + marks[c]).max(territories[c].chars().count()).max(36))
        .collect();
    out.push_str(&format!("  {}", pad("", label_w)));
    for (t, w) in territories.iter().zip(&widths) {
        out.push_str(&format!("  {}", pad_left(t, *w)));
    }
    out.push('\n');
    for (label, cells) in body {
        out.push_str(&format!("  {}", pad(label, label_w)));
        for ((c, w), m) in cells.iter().zip(&widths).zip(&marks) {
            out.push_str(&format!("  {}{}", pad_left(&c.0, w - m), pad(&c.1, *m)));
        }
        out.push_str("\n");
    }
    // No trailing blanks where a row has no mark.
    out.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}

/// The terminal mark of a marked difference (the [`MARKED`] family, or the
/// question's): better, worse, or "n.d." (not distinguishable after the Holm
/// adjustment).
fn mark_text(d: &DifferenceRow, lang: Lang, notes: &mut Notes) -> String {
    if !d.mean_diff.is_finite() {
        return String::new();
    }
    notes.add("mark");
    let word = match (mark(d), lang) {
        (None, _) if crate::results::row_does_not_vary(d) => {
            notes.add("constant");
            super::labels::CONSTANT_MARK
        }
        (Some(true), Lang::En) => "better",
        (Some(false), Lang::En) => "worse",
        (Some(true), Lang::Fr) => "mieux",
        (Some(false), Lang::Fr) => "moins bien",
        // "n.d.", not "≈0": trial 32 read "≈0" beside −17,0 [−27,3 ; −6,78] as "about zero".
        (None, _) => "n.d.",
    };
    format!(" {word}")
}

/// One-at-a-time sensitivity for the terminal: a table per territory and
/// arm (the base, then each variant), each parameter's output at its low →
/// high and the swing, largest first (`rows` sorted so, as
/// `experiment::sensitivity::one_at_a_time` gives them), the footnotes once
/// after them. A factor acting in one variant only (its CPTS's
/// participation) has its swing in that variant's table, and 0 in the
/// others'. `territories`: (name in `rows`, name as printed).
pub fn oat_tables(rows: &[crate::experiment::sensitivity::OatRow], arms: &[String], territories: &[(&str, &str)], lang: Lang) -> String {
    let mut out = String::new();
    let (mut undistinguished, mut constant, mut no_interval) = (false, false, false);
    let mut any_interval = false;
    for (arm, &(territory, shown)) in territories.iter().flat_map(|t| arms.iter().map(move |a| (a, t))) {
        let mine: Vec<_> = rows.iter().filter(|r| &r.variant == arm && r.territory == territory).collect();
        if mine.is_empty() {
            continue;
        }
        out.push_str(&if lang == Lang::Fr {
            format!("sensibilité un facteur à la fois ({arm}, {shown})\u{a0}: sortie au bas → au haut de chaque paramètre, plus grand écart d'abord\n")
        } else {
            format!("one-at-a-time sensitivity ({arm}, {shown}): output at low → high of each parameter, largest swing first\n")
        });
        let label = |r: &crate::experiment::sensitivity::OatRow| {
            format!("{} {} → {}", r.parameter, num(lang, r.parameter_low), num(lang, r.parameter_high))
        };
        let w = mine.iter().map(|r| label(r).chars().count()).max().unwrap_or(0);
        for r in &mine {
            // Shares in % (levels) and points (swings), as the other tables (`units`).
            let level =
                |x: f64| format!("{}{}", units::value(lang, &r.indicator, x, Shown::Level), unit_suffix(lang, &r.indicator, Shown::Level));
            let (interval, mark) = oat_interval(r, lang);
            undistinguished |= mark == Some(OatMark::NotDistinguishable);
            constant |= mark == Some(OatMark::Constant);
            no_interval |= !r.change_ci_low.is_finite();
            any_interval |= r.change_ci_low.is_finite();
            let mark = match mark {
                Some(OatMark::NotDistinguishable) => " n.d.".to_string(),
                Some(OatMark::Constant) => format!(" {}", super::labels::CONSTANT_MARK),
                None => String::new(),
            };
            out.push_str(&format!(
                "  {:26} {:w$}  {:>9} → {:>9}  ({} {}{}{}){}\n",
                r.indicator,
                label(r),
                level(r.output_at_low),
                level(r.output_at_high),
                if lang == Lang::Fr { "écart" } else { "swing" },
                num(lang, units::scale(&r.indicator) * r.swing),
                unit_suffix(lang, &r.indicator, Shown::Difference),
                interval,
                mark
            ));
        }
    }
    if out.is_empty() {
        return out;
    }
    if any_interval {
        out.push_str(match lang {
        Lang::Fr => "  [ ; ]\u{a0}: intervalle à 95\u{a0}% de « sortie au haut − sortie au bas », réplication par réplication (les mêmes nombres aléatoires aux deux points)\n",
        Lang::En => "  [; ]: 95 % interval of output at high − output at low, replication by replication (the same random numbers at both points)\n",
    });
    }
    if undistinguished {
        out.push_str(match lang {
            Lang::Fr => "  n.d.\u{a0}: écart non distinguable de zéro après ajustement de Holm sur les paramètres et indicateurs de cette variante et de ce territoire (p_holm ≥ 0,05\u{a0}; un intervalle sans 0 ne suffit pas quand tant d'écarts sont lus ensemble)\u{a0}: il peut venir du bruit des réplications seul\u{a0}; plus de réplications le diront\n",
            Lang::En => "  n.d.: a swing not distinguishable from zero after a Holm adjustment over the parameters and indicators of this variant and territory (p_holm ≥ 0.05; an interval without 0 is not enough when so many swings are read together): it may be the replications' noise alone; more replications will tell\n",
        });
    }
    if constant {
        out.push_str(&format!("  {} {}\n", super::labels::CONSTANT_MARK, super::labels::constant_difference(lang)));
    }
    if no_interval {
        out.push_str(match lang {
            Lang::Fr => {
                "  [–]\u{a0}: moins de 2 réplications aux deux points\u{a0}: pas d'intervalle, rien ne dit si l'écart dépasse le bruit\n"
            }
            Lang::En => "  [–]: fewer than 2 replications at both points: no interval, nothing tells whether the swing exceeds the noise\n",
        });
    }
    out
}

/// What the terminal says of a swing beside its interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OatMark {
    /// Not distinguishable from zero after the Holm adjustment.
    NotDistinguishable,
    /// The same difference in every replication: no test.
    Constant,
}

/// " %" / " pp" after a share's figure ([`units::share_unit`]); nothing for another indicator.
fn unit_suffix(lang: Lang, indicator: &str, shown: Shown) -> String {
    match units::share_unit(lang, indicator, shown) {
        "" => String::new(),
        u => format!("\u{a0}{u}"),
    }
}

/// A swing's interval as the terminal writes it ("; high − low [lo; hi]",
/// "[–]" when it cannot be computed) and its mark: " n.d." when the swing
/// is not distinguishable after the Holm adjustment, " (¹)" when its
/// differences are the same in every replication (no test: `stats::paired_p_value`),
/// none otherwise (distinguishable, or no interval to judge by).
fn oat_interval(r: &crate::experiment::sensitivity::OatRow, lang: Lang) -> (String, Option<OatMark>) {
    if !(r.change_ci_low.is_finite() && r.change_ci_high.is_finite()) {
        return (" [–]".into(), None);
    }
    let sep = super::labels::interval_sep(lang);
    let what = if lang == Lang::Fr { "haut − bas" } else { "high − low" };
    let k = units::scale(&r.indicator);
    let text = format!("{sep}{what} [{}{sep}{}]", signed_num(lang, k * r.change_ci_low), signed_num(lang, k * r.change_ci_high));
    let mark = if !r.p_value.is_finite() { Some(OatMark::Constant) } else { (!r.distinguishable()).then_some(OatMark::NotDistinguishable) };
    (text, mark)
}

#[cfg(test)]
mod tests {
    /// A share reads in % and its swing in points, as every other table
    /// (stop 47: 0.127 → 0.169 was printed): 12.7 % → 16.9 %, swing
    /// 0.169 − 0.127 = 4.20 pp, interval [+4.10; +4.40] from [0.041; 0.044].
    #[test]
    fn oat_tables_show_shares_in_percent() {
        let r = crate::experiment::sensitivity::OatRow {
            variant: "base".into(),
            territory: "t".into(),
            indicator: "forgone_care_rate".into(),
            parameter: "parameters.choice.asc_forgo".into(),
            parameter_low: -3.3,
            parameter_baseline: -2.8,
            parameter_high: -2.3,
            output_at_low: 0.127,
            output_at_baseline: 0.145,
            output_at_high: 0.169,
            swing: 0.042,
            change_ci_low: 0.041,
            change_ci_high: 0.044,
            n: 3,
            p_value: 0.001,
            p_holm: 0.004,
        };
        let text = oat_tables(&[r], &["base".into()], &[("t", "T")], Lang::En);
        let line = text.lines().nth(1).unwrap();
        assert!(line.contains("12.7\u{a0}% →    16.9\u{a0}%  (swing 4.20\u{a0}pp; high − low [+4.10; +4.40])"), "{line}");
        // The parameter keeps its own figures (−3.30 → −2.30, not scaled).
        assert!(line.contains("parameters.choice.asc_forgo −3.30 → −2.30"), "{line}");
    }

    /// A factor acting only in a variant: the base's table says swing 0,
    /// the variant's its swing (by hand: |4.70 − 4.80| = 0.100).
    #[test]
    fn oat_tables_show_every_arm() {
        let row = |variant: &str, low: f64, high: f64| crate::experiment::sensitivity::OatRow {
            variant: variant.into(),
            territory: "t".into(),
            indicator: "delay_mean_days".into(),
            parameter: "variants.cpts.extend_policies.today_cpts.participation".into(),
            parameter_low: 0.3,
            parameter_baseline: 0.6,
            parameter_high: 0.9,
            output_at_low: low,
            output_at_baseline: 4.8,
            output_at_high: high,
            swing: (high - low).abs(),
            change_ci_low: f64::NAN,
            change_ci_high: f64::NAN,
            n: 1,
            p_value: f64::NAN,
            p_holm: f64::NAN,
        };
        let rows = [row("base", 4.8, 4.8), row("cpts", 4.8, 4.7)];
        let text = oat_tables(&rows, &["base".into(), "cpts".into()], &[("t", "T")], Lang::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert!(lines[0].starts_with("one-at-a-time sensitivity (base, T):"), "{text}");
        assert!(lines[1].ends_with("(swing 0.000 [–])"), "{text}");
        assert!(lines[2].starts_with("one-at-a-time sensitivity (cpts, T):"), "{text}");
        assert!(lines[3].contains("0.300 → 0.900") && lines[3].ends_with("(swing 0.100 [–])"), "{text}");
        assert!(lines[4].starts_with("  [–]: fewer than 2 replications at both points"), "{text}");
    }

    /// Each swing's interval and verdict, as given (by hand: a swing whose
    /// interval excludes 0 but whose Holm-adjusted p is 0.07 is n.d.; one
    /// the same in every replication, (¹); p_holm 0.01 is unmarked), and the
    /// footnotes of the marks used, in French too.
    #[test]
    fn oat_tables_say_which_swings_may_be_noise() {
        let row = |parameter: &str, (lo, hi): (f64, f64), p_value: f64, p_holm: f64| crate::experiment::sensitivity::OatRow {
            variant: "base".into(),
            territory: "t".into(),
            indicator: "ed_visits_per_1000".into(),
            parameter: parameter.into(),
            parameter_low: 1.0,
            parameter_baseline: 2.0,
            parameter_high: 3.0,
            output_at_low: 100.0,
            output_at_baseline: 101.0,
            output_at_high: 103.0,
            swing: 3.0,
            change_ci_low: lo,
            change_ci_high: hi,
            n: 3,
            p_value,
            p_holm,
        };
        let rows = [row("a", (0.516, 5.48), 0.035, 0.0702), row("b", (2.0, 4.0), 0.004, 0.01), row("c", (3.0, 3.0), f64::NAN, f64::NAN)];
        let text = oat_tables(&rows, &["base".into()], &[("t", "T")], Lang::En);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].ends_with("(swing 3.00; high − low [+0.516; +5.48]) n.d."), "{text}");
        assert!(lines[2].ends_with("(swing 3.00; high − low [+2.00; +4.00])"), "{text}");
        assert!(lines[3].ends_with("(swing 3.00; high − low [+3.00; +3.00]) (¹)"), "{text}");
        assert!(lines[4].starts_with("  [; ]: 95 % interval of output at high − output at low"), "{text}");
        assert!(lines[5].starts_with("  n.d.: a swing not distinguishable from zero after a Holm adjustment"), "{text}");
        assert!(lines[6].starts_with("  (¹) not established"), "{text}");
        assert_eq!(lines.len(), 7, "no [–] note: every swing has its interval\n{text}");
        let fr = oat_tables(&rows, &["base".into()], &[("t", "T")], Lang::Fr);
        assert!(fr.contains("(écart 3,00 ; haut − bas [+0,516 ; +5,48]) n.d."), "{fr}");
        assert!(fr.contains("n.d.\u{a0}: écart non distinguable de zéro après ajustement de Holm"), "{fr}");
    }

    /// A fresh user found "  relevant des soins de ville" under the
    /// coverage row once `ed_visits_per_1000` was moved first: a moved
    /// parent takes its indented sub-rows with it; the rest keep their order.
    #[test]
    fn a_question_row_moved_first_takes_its_sub_rows() {
        let q = vec!["sas_abandoned_share".to_string(), "ed_visits_per_1000".to_string()];
        let (rows, asked) = super::rows_with_question(super::KEY_INDICATORS, &q, super::Lang::En, super::Shown::Level);
        let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert!(asked);
        assert_eq!(
            &names[..4],
            ["sas_abandoned_share", "ed_visits_per_1000", "ed_visits_per_1000.primary_care_treatable", "delay_mean_days"]
        );
        assert_eq!(names.iter().filter(|n| **n == "ed_visits_per_1000.primary_care_treatable").count(), 1);
        let forgone = names.iter().position(|n| *n == "forgone_care_rate").unwrap();
        assert_eq!(names[forgone + 1], "avoidable_hosp_per_1000", "no orphaned sub-row after forgone care");
    }

    /// A fresh user's question on the treatable ED visits printed
    /// "treatable in primary care /1,000/yr" as the first row, the sub-label
    /// of "ED visits" without its subject. Away from its parent a sub-row
    /// says its subject; right under it, it stays indented.
    #[test]
    fn a_sub_row_shown_away_from_its_parent_says_its_subject() {
        let q = vec!["ed_visits_per_1000.primary_care_treatable".to_string(), "forgone_care_rate".to_string()];
        for (lang, label, keys) in [
            (super::Lang::En, "ED visits treatable in primary care /1,000/yr", super::KEY_INDICATORS),
            (super::Lang::Fr, "passages aux urgences relevant des soins de ville /1\u{202F}000/an", super::KEY_INDICATORS),
            (super::Lang::En, "ED visits treatable in primary care /1,000/yr", super::KEY_DIFFERENCES),
        ] {
            let (rows, _) = super::rows_with_question(keys, &q, lang, super::Shown::Level);
            assert_eq!(rows[0], ("ed_visits_per_1000.primary_care_treatable".to_string(), label.to_string()));
            let ed = rows.iter().position(|r| r.0 == "ed_visits_per_1000").unwrap();
            assert_ne!(rows[ed + 1].0, "ed_visits_per_1000.primary_care_treatable", "shown once");
        }
        let q = vec!["ed_visits_per_1000".to_string(), "ed_visits_per_1000.primary_care_treatable".to_string()];
        let (rows, _) = super::rows_with_question(super::KEY_INDICATORS, &q, super::Lang::En, super::Shown::Level);
        assert_eq!(rows[1].1, "  treatable in primary care /1,000/yr", "under its parent: indented");
    }
    use super::*;

    fn diff(indicator: &str, mean: f64, lo: f64, hi: f64, p_holm: f64) -> DifferenceRow {
        DifferenceRow {
            point: None,
            variant: "A".into(),
            territory: "T".into(),
            group: "all".into(),
            indicator: indicator.into(),
            mean_diff: mean,
            ci_low: lo,
            ci_high: hi,
            n: 3,
            p_value: p_holm,
            p_holm,
            mde: f64::NAN,
            replications_for_mde_10pct: None,
        }
    }

    fn level(indicator: &str, mean: f64, lo: f64, hi: f64) -> SummaryRow {
        SummaryRow {
            point: None,
            variant: "base".into(),
            territory: "T".into(),
            group: "all".into(),
            indicator: indicator.into(),
            mean,
            ci_low: lo,
            ci_high: hi,
            n: 2,
        }
    }

    #[test]
    fn a_level_interval_outside_the_possible_values_is_clamped_and_said_so() {
        // Forgone care 1 % [−2 %, 4 %] → 1.00 [0.000; 4.00]; utilisation 0.896 [0.773, 1.02] → 89.6 [77.3; 100].
        let s = vec![level("forgone_care_rate", 0.01, -0.02, 0.04), level("gp_utilisation", 0.896, 0.773, 1.02)];
        let t = summary_table(&s, &["T".to_string()], Lang::En, &[]);
        assert!(t.contains("1.00 [0.000; 4.00]"), "{t}");
        assert!(t.contains("89.6 [77.3; 100]"), "{t}");
        assert!(t.contains("clamped"), "{t}");
        let fr = summary_table(&s, &["T".to_string()], Lang::Fr, &[]);
        assert!(fr.contains("89,6 [77,3 ; 100]") && fr.contains("bornés"), "{fr}");
    }

    #[test]
    fn the_terminal_cost_per_avoided_event_is_gated_by_holm_and_a_saving_reads_as_one() {
        // Cost −9 000 €/yr, hospitalisations −3 a year [−5.48; −0.52]:
        // −9 000 / 3 = −3 000 → "3,000 € saved per avoided event" when the
        // Holm verdict on avoidable_hosp_per_1000 is better (p_holm 0.01);
        // "not distinguishable" when it is not (p_holm 0.07), though the raw
        // interval excludes 0.
        let terr = ["T".to_string()];
        for (p, expected) in [(0.01, "3,000 € saved per avoided event"), (0.07, "not distinguishable")] {
            let d = vec![
                diff("cost_total_eur_per_year", -9000.0, -9500.0, -8500.0, f64::NAN),
                diff("avoidable_hosp_per_year", -3.0, -5.48, -0.52, f64::NAN),
                diff("avoidable_hosp_per_1000", -0.3, -0.548, -0.052, p),
            ];
            let t = differences_table(&d, &[], &terr, Lang::En, &[], &[]);
            let line = t.lines().find(|l| l.contains("€ per avoided hospitalisation")).unwrap();
            assert!(line.contains(expected), "{p}: {line}");
            assert!(!line.contains('-') && !line.contains('−'), "no negative price: {line}");
        }
    }

    /// A "not computable" row pushed its value left of the others (cells
    /// right-aligned with their marks): the values end on one column, the
    /// marks start after it. By hand: the widest value is the constant
    /// row's, "+2.00 [+1.00; +3.00]" (20 characters); the widest mark
    /// " not established: exactly this difference …" (the widest mark).
    /// The SAS table padded every cell to 32 characters: an arm's name or a
    /// cell longer than that (a long variant name, the French "no queue")
    /// pushed its row out of line. Each column is now as wide as its widest
    /// cell or name: every line of the table has one length. The territory
    /// is on the arms' line (its own line, as wide as the table, wrapped).
    #[test]
    fn the_sas_table_stays_aligned_with_long_names() {
        let long = "sas_with_every_gp_of_the_territory_taking_part".to_string(); // 46 characters
        let mut rows = Vec::new();
        for (arm, calls) in [("base", 0.0), (long.as_str(), 13.5)] {
            for k in super::KEY_REGULATION {
                let mut r = level(k.name, if k.name == "sas_calls_per_1000" { calls } else { 0.25 }, 0.2, 0.3);
                r.variant = arm.into();
                rows.push(r);
            }
        }
        let arms = vec!["base".to_string(), long.clone()];
        for lang in [Lang::En, Lang::Fr] {
            let t = super::regulation_table(&rows, &arms, &["T".to_string()], lang, &|a| a != "base").unwrap();
            let lines: Vec<&str> = t.lines().skip(1).take(1 + super::KEY_REGULATION.len()).collect();
            // One line names the territory and the arms: "  T     …  sas_with_…".
            assert!(lines[0].starts_with("  T ") && lines[0].trim_end().ends_with(&long), "{t}");
            let widths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
            assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}\n{t}");
        }
    }

    #[test]
    fn values_stay_aligned_whatever_their_mark() {
        let terr = ["T".to_string()];
        let mut constant = diff("forgone_care_rate", 0.02, 0.01, 0.03, f64::NAN);
        constant.p_value = f64::NAN;
        let d = vec![diff("delay_mean_days", -1.5, -2.0, -1.0, 0.001), constant, diff("ed_visits_per_1000", 1.0, -1.0, 3.0, 0.5)];
        let t = differences_table(&d, &[], &terr, Lang::En, &[], &[]);
        let line = |s: &str| t.lines().find(|l| l.contains(s)).unwrap_or_else(|| panic!("{s}: {t}")).to_string();
        let (delay, forgone, ed) = (line("delay to consultation"), line("forgone care"), line("ED visits /1,000"));
        assert!(forgone.ends_with("+2.00 [+1.00; +3.00] (¹)"), "{t}");
        let said = "  (¹) not established: the same difference in every replication (for a rate, the same number of events: an interval then reflects only the population's changes, not chance)";
        assert_eq!(t.lines().filter(|l| *l == said).count(), 1, "its words once, under the table: {t}");
        // The territory's name ends where the widest cell of its column ends.
        let header = t.lines().find(|l| l.trim_end().ends_with(" T")).unwrap_or_else(|| panic!("{t}"));
        let widest = [&delay, &forgone, &ed].iter().map(|l| l.chars().count()).max().unwrap();
        assert!(header.chars().count() <= widest.max(2 + 36 + 2), "{t}");
        let end = |l: &str, v: &str| l.find(v).map(|i| l[..i + v.len()].chars().count());
        let edge = end(&forgone, "+3.00]").unwrap();
        assert_eq!(end(&delay, "−1.00]"), Some(edge), "{t}");
        assert_eq!(end(&ed, "+3.00]"), Some(edge), "{t}");
        assert!(delay.ends_with("] better") && ed.ends_with("] n.d."), "{t}");
    }

    #[test]
    fn the_question_comes_first() {
        let s = vec![level("forgone_care_rate", 0.2, 0.1, 0.3), level("forgone_information_per_1000", 12.0, 10.0, 14.0)];
        let t = summary_table(&s, &["T".to_string()], Lang::Fr, &["forgone_information_per_1000".to_string()]);
        let first = t.lines().nth(1).unwrap();
        assert!(first.starts_with("renoncements faute d'information") && first.contains("12,0 [10,0 ; 14,0]"), "{t}");
    }
}

/// The SAS regulation indicators shown per arm when an arm regulates calls.
pub const KEY_REGULATION: &[KeyIndicator] = &[
    key(
        "sas_calls_per_1000",
        "SAS calls answered /1,000/yr (abandoned ones excluded)",
        "appels au SAS répondus /1\u{202F}000/an (hors abandons)",
        false,
    ),
    key("sas_oriented_share", "  ending with a GP slot (% of answered)", "  aboutissant à un créneau de MG (% des répondus)", true),
    key("sas_service_share", "  oriented to a service (% of answered)", "  orientés vers un service (% des répondus)", true),
    key("sas_advice_share", "  resolved by advice (% of answered)", "  résolus par un conseil (% des répondus)", true),
    key(
        "sas_not_oriented_share",
        "  nothing booked or advice not followed: caller's own choice (% of answered)",
        "  rien de réservé ou conseil non suivi\u{a0}: choix de l'appelant (% des répondus)",
        true,
    ),
    key(
        "sas_abandoned_share",
        "SAS calls abandoned (% of calls received: answered + abandoned)",
        "appels au SAS abandonnés (% des appels reçus\u{a0}: répondus + abandonnés)",
        true,
    ),
    key(
        "sas_over_capacity_share",
        "SAS calls not taken: day's capacity used (% of calls placed)",
        "appels au SAS non pris\u{a0}: capacité du jour atteinte (% des appels passés)",
        true,
    ),
    key(
        "sas_regulation_minutes_mean",
        "time in regulation (minutes per call received)",
        "temps en régulation (minutes par appel reçu)",
        false,
    ),
];

/// The SAS regulation of each arm (group `all`, first territory … each
/// territory a column block), mean [95 % CI]; `None` when no arm answered
/// or lost a call (a scenario without a SAS prints nothing more). The time
/// in regulation of an arm whose lines are unlimited (`unlimited(arm)`,
/// `report::regulation::unlimited_lines`) says so instead of a zero.
pub fn regulation_table(
    summary: &[SummaryRow],
    arms: &[String],
    territories: &[String],
    lang: Lang,
    unlimited: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let find = |a: &str, t: &str, ind: &str| {
        summary
            .iter()
            .find(|r| r.variant == a && r.territory == t && r.group == "all" && r.indicator == ind && r.point.is_none_or(|p| p == 0))
    };
    let calls = |a: &str| {
        territories.iter().any(|t| {
            ["sas_calls_per_1000", "sas_abandoned_share", "sas_over_capacity_share"]
                .iter()
                .any(|i| find(a, t, i).is_some_and(|r| r.mean.is_finite() && r.mean > 0.0))
        })
    };
    let shown: Vec<&String> = arms.iter().filter(|a| calls(a)).collect();
    if shown.is_empty() {
        return None;
    }
    let mut notes = Notes::default();
    let label_w = KEY_REGULATION.iter().map(|k| k.label(lang).chars().count()).max().unwrap_or(0);
    let mut out = match lang {
        Lang::Fr => "Régulation SAS par option (moyenne [IC à 95 %])\n".to_string(),
        Lang::En => "SAS regulation by arm (mean [95% CI])\n".to_string(),
    };
    for t in territories {
        // Cells first, so that each arm's column is as wide as its widest cell or name.
        let rows: Vec<Vec<String>> = KEY_REGULATION
            .iter()
            .map(|k| {
                shown
                    .iter()
                    .map(|a| match find(a, t, k.name) {
                        Some(_) if k.name == "sas_regulation_minutes_mean" && unlimited(a) => super::regulation::no_queue(lang).to_string(),
                        Some(r) => with_interval(lang, k.name, r.mean, (r.ci_low, r.ci_high), IntervalOf::Level, false, &mut notes),
                        None => with_interval(lang, k.name, f64::NAN, (f64::NAN, f64::NAN), IntervalOf::Level, false, &mut notes),
                    })
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = shown
            .iter()
            .enumerate()
            .map(|(c, a)| rows.iter().map(|r| r[c].chars().count()).chain([a.chars().count(), 32]).max().unwrap_or(32))
            .collect();
        // The territory heads the label column of the arms' line (a line of its own
        // padded to the columns' right edge wrapped in a terminal: "— cantal", then "sas").
        out.push_str(&format!("  {}", pad(t, label_w)));
        for (a, w) in shown.iter().zip(&widths) {
            out.push_str(&format!("  {}", pad_left(a, *w)));
        }
        out.push('\n');
        for (k, cells) in KEY_REGULATION.iter().zip(&rows) {
            out.push_str(&format!("  {}", pad(k.label(lang), label_w)));
            for (cell, w) in cells.iter().zip(&widths) {
                out.push_str(&format!("  {}", pad_left(cell, *w)));
            }
            out.push('\n');
        }
    }
    out.push_str(super::regulation::outcomes_note(lang));
    out.push('\n');
    notes.write(&mut out, lang);
    Some(out)
}
