//! `validation.html`: the validation table of `parcours validate` as a
//! self-contained page (same style as `report.html`), in French or English,
//! and the same table for the terminal ([`terminal_table`], [`summary_line`]):
//! one set of status words and number formats for both. Every text from the
//! targets file is escaped in the page.

use super::labels::{interval_sep, num};
use super::{esc, table, Lang, CSS};
use crate::validation::{Status, ValidationProvenance, ValidationRow};
use std::fmt::Write as _;

fn w(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// A row's verdict in `lang`, marked when a parameter was fitted to the
/// target (then a pass is a fit, not a test: `ValidationRow::fitted`).
pub fn row_status(lang: Lang, r: &ValidationRow) -> String {
    let word = status(lang, r.status);
    let mut marks: Vec<&str> = Vec::new();
    if on_the_edge(r) {
        marks.push(w(lang, "à la limite", "on the edge"));
    }
    if !r.fitted.is_empty() && matches!(r.status, Status::Pass | Status::Fail) {
        marks.push(w(lang, "ajustée", "fitted"));
    }
    if marks.is_empty() {
        word.to_string()
    } else {
        format!("{word} ({})", marks.join(", "))
    }
}

/// A pass whose 95 % interval crosses a bound of the tolerance (value ±
/// tolerance): the mean is within it, but more replications could still
/// turn the verdict ("pass (on the edge)", docs/validation.md's legend).
pub fn on_the_edge(r: &ValidationRow) -> bool {
    r.status == Status::Pass
        && r.replications > 1
        && r.ci_low.is_finite()
        && r.ci_high.is_finite()
        && r.tolerance.is_finite()
        && (r.ci_low < r.value - r.tolerance || r.ci_high > r.value + r.tolerance)
}

/// A target's verdict in `lang` (page and terminal).
pub fn status(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Pass => w(lang, "atteinte", "pass"),
        Status::Fail => w(lang, "NON ATTEINTE", "FAIL"),
        Status::Input => w(lang, "donnée d'entrée", "input"),
        Status::NotModelled => w(lang, "non modélisé", "not modelled"),
        Status::Untraced => w(lang, "non testée (source introuvable)", "not tested (source not traced)"),
    }
}

/// The terminal table of `parcours validate`: a row per target, numbers
/// as the report writes them ([`num`]: decimal comma in French), the
/// status in `lang` (the page's words).
pub fn terminal_table(rows: &[ValidationRow], lang: Lang) -> String {
    let label = |r: &ValidationRow| target_label(r, lang);
    let wt = rows.iter().map(|r| label(r).chars().count()).max().unwrap_or(6).min(60);
    let head = [
        w(lang, "cible", "target"),
        w(lang, "valeur", "value"),
        w(lang, "tolérance", "tolerance"),
        w(lang, "modèle [IC 95 %]", "model [95% CI]"),
        w(lang, "verdict", "status"),
    ];
    let mut s = format!("{:wt$}  {:>10}  {:>9}  {:>28}  {}\n", head[0], head[1], head[2], head[3], head[4]);
    for r in rows {
        let target = shortened(&label(r), wt);
        let model = match r.status {
            Status::NotModelled => "–".to_string(),
            Status::Input => format!("{} ({})", num(lang, r.simulated_mean), w(lang, "entrée", "input")),
            _ if r.replications > 1 => with_interval(r, lang, if lang == Lang::Fr { " ; " } else { ", " }),
            _ => num(lang, r.simulated_mean),
        };
        let tol = if r.tolerance.is_finite() { format!("±{}", num(lang, r.tolerance)) } else { String::new() };
        s.push_str(&format!("{target:wt$}  {:>10}  {tol:>9}  {model:>28}  {}\n", num(lang, r.value), row_status(lang, r)));
    }
    s
}

/// A target's label in `lang`: its `label_fr` in French when it has one.
fn target_label(r: &ValidationRow, lang: Lang) -> String {
    if lang == Lang::Fr && !r.target_fr.is_empty() {
        r.target_fr.clone()
    } else {
        r.target.clone()
    }
}

/// The last line of `parcours validate`: targets met of those tested, the
/// scenarios run and where the outputs are.
pub fn summary_line(lang: Lang, rows: &[ValidationRow], scenarios: &[String], out: &std::path::Path) -> String {
    let tested = rows.iter().filter(|r| matches!(r.status, Status::Pass | Status::Fail)).count();
    let met = tested - crate::validation::failures(rows);
    let untested = rows.len() - tested;
    let fitted = crate::validation::fitted_passes(rows);
    // Every tested row had a parameter fitted to it: none tests the model.
    let all_fitted = tested > 0 && rows.iter().filter(|r| matches!(r.status, Status::Pass | Status::Fail)).all(|r| !r.fitted.is_empty());
    match lang {
        Lang::Fr => format!(
            "{met} cible{} atteinte{} sur {tested} testée{}{} ({untested} affichée{}, non testée{}) ; scénarios {} dans {}",
            plural(met),
            plural(met),
            plural(tested),
            match (fitted > 0, all_fitted) {
                (_, true) if fitted > 0 =>
                    format!(", dont {fitted} avec des paramètres ajustés sur elle{}\u{a0}: aucune ne teste donc le modèle", plural(fitted)),
                (_, true) => ", toutes avec des paramètres ajustés sur elles\u{a0}: aucune ne teste donc le modèle".to_string(),
                (true, false) => format!(", dont {fitted} avec des paramètres ajustés sur elle{}", plural(fitted)),
                (false, false) => String::new(),
            },
            plural(untested),
            plural(untested),
            scenarios.join(", "),
            out.display()
        ),
        Lang::En => format!(
            "{met} of {tested} tested targets met{} ({untested} shown, not tested); scenarios {} in {}",
            match (fitted > 0, all_fitted) {
                (_, true) if fitted > 0 => format!(", {fitted} of them with parameters fitted to them: none of them tests the model"),
                (_, true) => ", all with parameters fitted to them: none of them tests the model".to_string(),
                (true, false) => format!(", {fitted} of them with parameters fitted to them"),
                (false, false) => String::new(),
            },
            scenarios.join(", "),
            out.display()
        ),
    }
}

/// The French plural mark of a count: "s" from 2 on (« 1 cible », « 0 cible », « 2 cibles »).
fn plural(n: usize) -> &'static str {
    super::plural_fr(n as u64)
}

/// The whole page.
/// `warnings`: the validation scenarios' seasonal-window warnings (`Scenario::season`), in `lang`.
pub fn page(rows: &[ValidationRow], p: &ValidationProvenance, warnings: &[String], lang: Lang) -> String {
    let mut h = String::new();
    let title = w(lang, "parcours — validation des paramètres par défaut", "parcours — validation of the default parameters");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}\
         .pass{{color:#1a7f37;font-weight:bold}}.fail{{color:#b42318;font-weight:bold}}.untested{{color:#666}}.val td:nth-child(2),.val td:nth-child(7){{text-align:left}}</style>\n</head>\n<body>\n",
        w(lang, "fr", "en"),
        esc(title)
    );
    let tested = rows.iter().filter(|r| matches!(r.status, Status::Pass | Status::Fail)).count();
    let _ = write!(
        h,
        "<header>\n<h1>{}</h1>\n<p class=\"question\">{}</p>\n<p class=\"meta\">parcours {} · {} {} / {} · {} {}</p>\n</header>\n",
        esc(title),
        esc(w(
            lang,
            "Les paramètres par défaut reproduisent-ils les chiffres publiés (note de cadrage §6) ?",
            "Do the default parameters reproduce the published figures (model brief §6)?"
        )),
        esc(&p.version),
        w(lang, "cibles atteintes", "targets met"),
        tested - p.failures,
        tested,
        w(lang, "empreinte des cibles", "targets hash"),
        esc(&p.targets_sha256[..12.min(p.targets_sha256.len())])
    );
    for warning in warnings {
        let _ = writeln!(h, "<p class=\"warnings\">⚠ {}</p>", esc(warning));
    }
    h.push_str(&validation_table(rows, lang));
    h.push_str(&notes_list(rows, lang));
    h.push_str(&method_and_provenance(p, lang));
    h.push_str("</body>\n</html>\n");
    h
}

/// The validation table, a row per target, the status coloured.
fn validation_table(rows: &[ValidationRow], lang: Lang) -> String {
    let mut h = String::new();
    let _ = writeln!(h, "<h2>{}</h2>", w(lang, "Tableau de validation", "Validation table"));
    let head: Vec<String> = [
        w(lang, "cible", "target"),
        w(lang, "scénario / territoire", "scenario / territory"),
        w(lang, "valeur publiée", "published value"),
        w(lang, "tolérance", "tolerance"),
        w(lang, "modèle [IC 95 %]", "model [95 % CI]"),
        w(lang, "verdict", "status"),
        w(lang, "source", "source"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.push_str("<table class=\"val\">\n<thead><tr>");
    for c in &head {
        let _ = write!(h, "<th>{}</th>", esc(c));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        let class = match r.status {
            Status::Pass => "pass",
            Status::Fail => "fail",
            _ => "untested",
        };
        h.push_str("<tr>");
        for (i, c) in cells(r, lang).iter().enumerate() {
            if i == 5 {
                let _ = write!(h, "<td class=\"{class}\">{}</td>", esc(c));
            } else {
                let _ = write!(h, "<td>{}</td>", esc(c));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    h
}

/// The targets' notes, when any.
fn notes_list(rows: &[ValidationRow], lang: Lang) -> String {
    let mut h = String::new();
    let notes: Vec<&ValidationRow> = rows.iter().filter(|r| !r.note.is_empty() || !r.note_fr.is_empty() || !r.fitted.is_empty()).collect();
    if !notes.is_empty() {
        let _ = write!(h, "<h2>{}</h2>\n<ul>\n", w(lang, "Notes", "Notes"));
        for r in notes {
            let fitted = if r.fitted.is_empty() {
                String::new()
            } else {
                format!(
                    "{} {}. ",
                    w(lang, "Paramètre ajusté sur cette cible\u{a0}:", "Parameter fitted to this target:"),
                    if lang == Lang::Fr { &r.fitted_fr } else { &r.fitted }
                )
            };
            let note = if lang == Lang::Fr && !r.note_fr.is_empty() { &r.note_fr } else { &r.note };
            let colon = if lang == Lang::Fr { "\u{a0}:" } else { ":" };
            let _ = writeln!(h, "<li><strong>{}</strong>{colon} {}{}</li>", esc(&target_label(r, lang)), esc(&fitted), esc(note));
        }
        h.push_str("</ul>\n");
    }
    h
}

/// How a target is judged, and each validation scenario as run.
fn method_and_provenance(p: &ValidationProvenance, lang: Lang) -> String {
    let mut h = String::new();
    let _ = writeln!(h, "<h2>{}</h2>", w(lang, "Méthode et provenance", "Method and provenance"));
    let _ = writeln!(
        h,
        "<p>{}</p>",
        esc(w(
            lang,
            "Une cible est atteinte quand la moyenne simulée est à moins de la tolérance de la valeur publiée. Les cibles « donnée d'entrée » sont des paramètres du modèle (affichés, non testés) ; les cibles « non modélisé » décrivent ce que le modèle ne sait pas produire ; une cible « non testée (source introuvable) » est simulée et affichée, mais la source de sa valeur publiée n'a pu être retrouvée (la note dit ce qui a été cherché). Une cible marquée « (ajustée) » a eu un paramètre choisi pour qu'elle soit atteinte (nommé dans les notes) : atteinte, c'est un ajustement, non un test. Détails\u{a0}: docs/validation.md.",
            "A target is met when the simulated mean lies within the tolerance of the published value. \"Input\" targets are model parameters (shown, not tested); \"not modelled\" ones describe what the model cannot produce; a target \"not tested (source not traced)\" is simulated and shown, but the source of its published figure could not be found (its note says what was searched). A target marked \"(fitted)\" had a parameter chosen so that it is met (named in the notes): met, it is a fit, not a test. Details: docs/validation.md."
        ))
    );
    let head: Vec<String> = [
        w(lang, "scénario", "scenario"),
        w(lang, "graine", "seed"),
        w(lang, "réplications", "replications"),
        w(lang, "années", "years"),
        w(lang, "mise en régime (jours)", "warm-up (days)"),
        w(lang, "sha256 du scénario", "scenario sha256"),
        w(lang, "dossier", "folder"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let body: Vec<Vec<String>> = p
        .scenarios
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.seed.to_string(),
                s.replications.to_string(),
                num(lang, s.years),
                s.warmup_days.to_string(),
                s.scenario_sha256[..12.min(s.scenario_sha256.len())].to_string(),
                format!("{}/report.html", s.folder),
            ]
        })
        .collect();
    h.push_str(&table(&head, &body));
    h
}

fn cells(r: &ValidationRow, lang: Lang) -> Vec<String> {
    let model = match r.status {
        Status::NotModelled => "–".to_string(),
        Status::Input => num(lang, r.simulated_mean),
        _ if r.replications > 1 => with_interval(r, lang, interval_sep(lang)),
        _ => num(lang, r.simulated_mean),
    };
    let territory = super::labels::territory_label(lang, &r.territory);
    let place = match (r.scenario.is_empty(), r.territory.is_empty()) {
        (false, false) => format!("{} / {territory}", r.scenario),
        (false, true) => r.scenario.clone(),
        (true, false) => territory,
        (true, true) => "–".into(),
    };
    let place = if r.group != "all" { format!("{place} ({})", super::labels::group_label(lang, &r.group)) } else { place };
    vec![
        target_label(r, lang),
        place,
        num(lang, r.value),
        if r.tolerance.is_finite() { format!("± {}", num(lang, r.tolerance)) } else { "–".into() },
        model,
        row_status(lang, r),
        if lang == Lang::Fr && !r.source_fr.is_empty() { r.source_fr.clone() } else { r.source.clone() },
    ]
}

/// A row's mean and 95 % interval, the interval of a level clamped to the
/// values its indicator can take (`results::compare::clamp_interval`: a
/// median delay is not negative, a share not above 1), as the report and the
/// terminal clamp every interval; `validation.csv` keeps the raw one. A
/// `difference` row (an effect in % of the base, e.g. the SAS's) is not a
/// level of its indicator and is shown as computed.
fn with_interval(r: &ValidationRow, lang: Lang, sep: &str) -> String {
    let (lo, hi) = if r.kind == "difference" {
        (r.ci_low, r.ci_high)
    } else {
        let of = crate::results::compare::IntervalOf::Level;
        let (lo, hi, _) = crate::results::compare::clamp_interval(&r.indicator, r.ci_low, r.ci_high, of);
        (lo, hi)
    };
    format!("{} [{}{sep}{}]", num(lang, r.simulated_mean), num(lang, lo), num(lang, hi))
}

/// `text` cut to at most `width` characters at a word's end, with "…" when
/// cut. A space between two digits is inside a number ("1 000"), not a
/// word's end: the cut never leaves "pour 1…".
fn shortened(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let head = width.saturating_sub(1);
    let is_digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    // A word ends at a space (not inside a number) or where the head ends right before one.
    let ends_word = |i: usize| chars[i].is_whitespace() && !(i > 0 && is_digit(i - 1) && is_digit(i + 1));
    let cut = (width / 2 + 1..=head).rev().find(|&i| i == chars.len() || ends_word(i)).unwrap_or(head);
    format!("{}…", chars[..cut].iter().collect::<String>().trim_end())
}

#[cfg(test)]
mod tests {
    use super::{row_status, shortened, summary_line, with_interval, Lang, ValidationRow};
    use crate::validation::Status;

    fn row(kind: &str, indicator: &str, mean: f64, ci: (f64, f64)) -> ValidationRow {
        ValidationRow {
            target: String::new(),
            target_fr: String::new(),
            kind: kind.into(),
            scenario: String::new(),
            territory: String::new(),
            group: "all".into(),
            indicator: indicator.into(),
            value: mean,
            tolerance: 1.0,
            simulated_mean: mean,
            ci_low: ci.0,
            ci_high: ci.1,
            replications: 10,
            status: Status::Pass,
            source: String::new(),
            source_fr: String::new(),
            note: String::new(),
            note_fr: String::new(),
            fitted: String::new(),
            fitted_fr: String::new(),
        }
    }

    /// A pass whose 95 % interval crosses the tolerance bound is "on the
    /// edge": −15.1 [−15.5, −14.8] against −17.5 ± 2.5 (bound −15.0) is one
    /// (the SAS row of docs/validation.md); −16.0 [−16.4, −15.6] is not; a
    /// failure is not marked.
    #[test]
    fn a_pass_whose_interval_crosses_the_bound_is_on_the_edge() {
        let at = |mean: f64, ci: (f64, f64)| ValidationRow { value: -17.5, tolerance: 2.5, ..row("difference", "x", mean, ci) };
        let edge = at(-15.1, (-15.5, -14.8));
        assert_eq!(row_status(Lang::En, &edge), "pass (on the edge)");
        assert_eq!(row_status(Lang::Fr, &edge), "atteinte (à la limite)");
        let fitted = ValidationRow { fitted: "p".into(), ..edge.clone() };
        assert_eq!(row_status(Lang::En, &fitted), "pass (on the edge, fitted)");
        assert_eq!(row_status(Lang::En, &at(-16.0, (-16.4, -15.6))), "pass");
        let failed = ValidationRow { status: Status::Fail, ..at(-14.9, (-15.2, -14.6)) };
        assert_eq!(row_status(Lang::En, &failed), "FAIL");
        let one = ValidationRow { replications: 1, ..edge };
        assert_eq!(row_status(Lang::En, &one), "pass", "no interval with one replication");
    }

    /// `validate --targets F` with only fitted rows said "7 of 7 tested
    /// targets met, 7 of them with parameters fitted to them": it adds that
    /// none of them tests the model.
    #[test]
    fn only_fitted_rows_say_that_none_tests_the_model() {
        let fit = ValidationRow { fitted: "p".into(), ..row("simulated", "b", 1.0, (0.9, 1.1)) };
        let rows = [fit.clone(), fit];
        let out = std::path::Path::new("o");
        assert_eq!(
            summary_line(Lang::En, &rows, &["s".into()], out),
            "2 of 2 tested targets met, 2 of them with parameters fitted to them: none of them tests the model (0 shown, not tested); scenarios s in o"
        );
        assert!(summary_line(Lang::Fr, &rows, &["s".into()], out).starts_with(
            "2 cibles atteintes sur 2 testées, dont 2 avec des paramètres ajustés sur elles\u{a0}: aucune ne teste donc le modèle ("
        ));
    }

    /// The French page gives the French note (`note_fr`) and the French
    /// territory column ("dense-urban" → « urbain dense », a national figure
    /// « ensemble (demandes regroupées) »); English keeps both as written.
    #[test]
    fn the_french_page_gives_french_notes_and_territories() {
        let r = ValidationRow {
            note: "English note.".into(),
            note_fr: "Note française.".into(),
            territory: "dense-urban".into(),
            ..row("simulated", "a", 1.0, (0.9, 1.1))
        };
        assert!(super::notes_list(std::slice::from_ref(&r), Lang::Fr).contains("Note française."));
        assert!(super::notes_list(std::slice::from_ref(&r), Lang::En).contains("English note."));
        assert_eq!(super::cells(&r, Lang::Fr)[1], "urbain dense");
        assert_eq!(super::cells(&r, Lang::En)[1], "dense-urban");
        let national = ValidationRow { territory: "all (requests pooled)".into(), ..r };
        assert_eq!(super::cells(&national, Lang::Fr)[1], "ensemble (demandes regroupées)");
    }

    #[test]
    fn an_effect_in_percent_keeps_its_negative_interval_and_a_level_is_clamped() {
        // The SAS row: −15.1 % [−15.5, −14.8] of a rate that cannot be negative as a level.
        let sas = row("difference", "ed_visits_per_1000.primary_care_treatable", -15.1, (-15.5, -14.8));
        assert_eq!(with_interval(&sas, Lang::En, ", "), "−15.1 [−15.5, −14.8]");
        // A share (level) whose raw interval goes above 1 is shown up to 1.
        let share = row("simulated", "registered_gp_coverage", 0.99, (0.97, 1.01));
        assert_eq!(with_interval(&share, Lang::En, ", "), "0.990 [0.970, 1.00]");
    }

    #[test]
    fn a_target_met_by_a_fitted_parameter_is_marked_and_counted_apart() {
        // Three tested rows: a test passed, a fit passed, a fit failed; one input.
        let tested = row("simulated", "a", 1.0, (0.9, 1.1));
        let fit = ValidationRow { fitted: "specialists.tolerance_median_days".into(), ..row("simulated", "b", 1.0, (0.9, 1.1)) };
        let missed = ValidationRow { status: Status::Fail, ..fit.clone() };
        let input = ValidationRow { status: Status::Input, ..fit.clone() };
        assert_eq!(row_status(Lang::En, &tested), "pass");
        assert_eq!(row_status(Lang::En, &fit), "pass (fitted)");
        assert_eq!(row_status(Lang::Fr, &missed), "NON ATTEINTE (ajustée)");
        assert_eq!(row_status(Lang::En, &input), "input", "an input is not tested: no mark");
        let rows = [tested, fit, missed, input];
        let out = std::path::Path::new("out");
        assert_eq!(
            summary_line(Lang::En, &rows, &["s".into()], out),
            "2 of 3 tested targets met, 1 of them with parameters fitted to them (1 shown, not tested); scenarios s in out"
        );
        assert!(summary_line(Lang::Fr, &rows, &["s".into()], out)
            .starts_with("2 cibles atteintes sur 3 testées, dont 1 avec des paramètres ajustés sur elle ("));
    }

    /// A target whose source is not traced is shown, not tested: one pass and
    /// one such row read "1 of 1 tested … (1 shown, not tested)", by hand.
    #[test]
    fn an_untraced_target_is_counted_as_shown_not_tested() {
        let passed = row("simulated", "a", 1.0, (0.9, 1.1));
        let untraced = ValidationRow { status: Status::Untraced, ..passed.clone() };
        assert_eq!(row_status(Lang::Fr, &untraced), "non testée (source introuvable)");
        let line = summary_line(Lang::En, &[passed, untraced], &["s".into()], std::path::Path::new("o"));
        assert_eq!(line, "1 of 1 tested targets met (1 shown, not tested); scenarios s in o");
    }

    /// The French page printed every source in English although the targets
    /// file has `source_fr`: the French one where given, the English one otherwise.
    #[test]
    fn the_french_page_gives_the_french_source_where_there_is_one() {
        let en = ValidationRow { source: "DREES, October 2018".into(), ..row("simulated", "a", 1.0, (0.9, 1.1)) };
        let both = ValidationRow { source_fr: "DREES, octobre 2018".into(), ..en.clone() };
        let last = |r: &ValidationRow, lang| super::cells(r, lang).last().cloned().unwrap();
        assert_eq!(last(&both, Lang::Fr), "DREES, octobre 2018");
        assert_eq!(last(&both, Lang::En), "DREES, October 2018");
        assert_eq!(last(&en, Lang::Fr), "DREES, October 2018", "no French source: the English one");
    }

    /// A fitted row's note in French says its French `fitted_fr`, not the English `fitted`.
    #[test]
    fn the_french_notes_say_the_fitted_parameters_in_french() {
        let r = ValidationRow {
            fitted: "calibrated: x".into(),
            fitted_fr: "calibré\u{a0}: x".into(),
            ..row("simulated", "b", 1.0, (0.9, 1.1))
        };
        let page = super::notes_list(&[r.clone()], Lang::Fr);
        assert!(page.contains("Paramètre ajusté sur cette cible\u{a0}: calibré\u{a0}: x."), "{page}");
        assert!(!page.contains("calibrated"), "{page}");
        assert!(super::notes_list(&[r], Lang::En).contains("Parameter fitted to this target: calibrated: x."));
    }

    #[test]
    fn a_long_label_is_cut_at_a_word_end_with_an_ellipsis() {
        let label = "Hospitalisations évitables des maladies chroniques pour 1 000 habitants par an";
        // 60 characters would end inside "1 000" ("… pour 1 00"): the cut falls after "pour".
        assert_eq!(shortened(label, 60), "Hospitalisations évitables des maladies chroniques pour…");
        // A cut right at a space keeps the whole word before it.
        assert_eq!(shortened("abc defgh ijk", 10), "abc defgh…");
        assert_eq!(shortened("Court", 60), "Court");
    }
}
