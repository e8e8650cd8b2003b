//! `validation.html`: the validation table of `parcours validate` as a
//! self-contained page (same style as `report.html`), in French or English.
//! Every text from the targets file is escaped.

use super::labels::num;
use super::{esc, table, Lang, CSS};
use crate::validation::{Status, ValidationProvenance, ValidationRow};
use std::fmt::Write as _;

fn w(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

fn status(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Pass => w(lang, "atteinte", "pass"),
        Status::Fail => w(lang, "NON ATTEINTE", "FAIL"),
        Status::Input => w(lang, "donnée d'entrée", "input"),
        Status::NotModelled => w(lang, "non modélisé", "not modelled"),
    }
}

/// The whole page.
pub fn page(rows: &[ValidationRow], p: &ValidationProvenance, lang: Lang) -> String {
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
    let notes: Vec<&ValidationRow> = rows.iter().filter(|r| !r.note.is_empty()).collect();
    if !notes.is_empty() {
        let _ = write!(h, "<h2>{}</h2>\n<ul>\n", w(lang, "Notes", "Notes"));
        for r in notes {
            let _ = writeln!(h, "<li><strong>{}</strong>: {}</li>", esc(&r.target), esc(&r.note));
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
            "Une cible est atteinte quand la moyenne simulée est à moins de la tolérance de la valeur publiée. Les cibles « donnée d'entrée » sont des paramètres du modèle (affichés, non testés) ; les cibles « non modélisé » décrivent ce que le modèle ne sait pas produire. Détails : docs/validation.md.",
            "A target is met when the simulated mean lies within the tolerance of the published value. \"Input\" targets are model parameters (shown, not tested); \"not modelled\" ones describe what the model cannot produce. Details: docs/validation.md."
        ))
    );
    let head: Vec<String> = ["scenario", "seed", "replications", "years", "warm-up (days)", "scenario sha256", "folder"]
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
        _ if r.replications > 1 => {
            let sep = if lang == Lang::Fr { " ; " } else { "; " };
            format!("{} [{}{sep}{}]", num(lang, r.simulated_mean), num(lang, r.ci_low), num(lang, r.ci_high))
        }
        _ => num(lang, r.simulated_mean),
    };
    let place = match (r.scenario.is_empty(), r.territory.is_empty()) {
        (false, false) => format!("{} / {}", r.scenario, r.territory),
        (false, true) => r.scenario.clone(),
        (true, false) => r.territory.clone(),
        (true, true) => "–".into(),
    };
    let place = if r.group != "all" { format!("{place} ({})", r.group) } else { place };
    vec![
        r.target.clone(),
        place,
        num(lang, r.value),
        if r.tolerance.is_finite() { format!("± {}", num(lang, r.tolerance)) } else { "–".into() },
        model,
        status(lang, r.status).to_string(),
        r.source.clone(),
    ]
}
