//! What a fresh user's trial of the report found (units mixed, English in
//! the French report, "environ –", an empty figure, SAS labels, no caveat
//! on SAS advice, no SAS or `compare` section): each checked on a small run.
//! Expected values are derived by hand from the CSV files (a share × 100,
//! three significant digits), not by the report's formatting code.

mod common;

use common::{parcours, stderr, stdout, write};
use std::path::Path;

/// One rural territory, an SAS variant without advice (0.432 by default since
/// stop 42), the same SAS with advice, a CPTS
/// (its protocols at scale, so that forgone care moves by more than a point),
/// and one declared comparison.
const TRIAL: &str = "name = \"trial\"\nseed = 7\nreplications = 2\nyears = 0.1\nwarmup_days = 30\n\
    compare = [[\"advice\", \"sas\"]]\n\
    [[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = 1500\narea_km2 = 300\nzone_count = 9\n\
    [[variants]]\nname = \"sas\"\nadd_policies = [{ type = \"sas\", participation = 0.5, advice_share = 0.0 }]\n\
    [[variants]]\nname = \"advice\"\nadd_policies = [{ type = \"sas\", participation = 0.5, advice_share = 0.6 }]\n\
    [[variants]]\nname = \"cpts\"\nadd_policies = [{ type = \"cpts\", protocol_share = 0.25 }]\n";

/// No GP, every call to an SAS with room for all: with advice, forgone care falls by construction.
const ADVICE: &str = "name = \"advice\"\nseed = 17\nreplications = 3\nyears = 0.25\nwarmup_days = 0\n\
    [[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 2000\narea_km2 = 200\nzone_count = 4\ngps_per_10000 = 0.0\ned_count = 1\n\
    [[variants]]\nname = \"plain\"\nadd_policies = [{ type = \"sas\", call_share = 1.0, calls_per_day_per_100k = 10000, orient_to_all_options = true, advice_share = 0.0 }]\n\
    [[variants]]\nname = \"advised\"\nadd_policies = [{ type = \"sas\", call_share = 1.0, calls_per_day_per_100k = 10000, orient_to_all_options = true, advice_share = 0.8 }]\n";

fn run(dir: &Path, text: &str, lang: &str) -> (String, String) {
    let file = write(dir, "s.toml", text);
    let out = dir.join("o");
    let o = parcours(&["run", file.to_str().unwrap(), "--lang", lang, "--threads", "1", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (std::fs::read_to_string(out.join("report.html")).unwrap(), stdout(&o))
}

fn section<'a>(html: &'a str, id: &str) -> &'a str {
    html.split(&format!("<section id=\"{id}\">")).nth(1).unwrap_or_else(|| panic!("no section {id}")).split("</section>").next().unwrap()
}

/// The mean of a CSV row whose first fields are `key` (summary.csv: mean is
/// the 5th field; differences.csv: mean_diff is the 5th).
fn csv_value(path: &Path, key: &str) -> f64 {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("{key} in {}", path.display()));
    line.split(',').nth(4).unwrap().parse().unwrap()
}

/// Three significant digits, French decimal comma, true minus (by hand, for 1 ≤ |x| < 1000).
fn fr3(x: f64) -> String {
    let decimals = (2 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{:.*}", decimals, x).replace('.', ",").replace('-', "−")
}

/// Break caught: the results and equity tables showed forgone care as a
/// share (0,145), the differences as −0,057; the French report kept the
/// English GP source, need kinds, "cpts (cpts)", "ED" and decimal points on
/// figure ticks; the by-group cost figure was drawn empty; no SAS or
/// `compare` section.
#[test]
fn a_french_report_speaks_french_in_one_unit_convention() {
    let dir = tempfile::tempdir().unwrap();
    let (html, term) = run(dir.path(), TRIAL, "fr");
    let out = dir.path().join("o");
    // 1. Forgone care, base level in per cent and CPTS difference in points (values × 100 by hand).
    let level = 100.0 * csv_value(&out.join("summary.csv"), "base,valley,all,forgone_care_rate,");
    assert!((1.0..100.0).contains(&level), "{level}");
    let results = section(&html, "results");
    assert!(results.contains(&format!("<td>taux de renoncement aux soins (%)</td><td>{} [", fr3(level))), "{results}");
    let diff = 100.0 * csv_value(&out.join("differences.csv"), "cpts,valley,all,forgone_care_rate,");
    assert!((1.0..100.0).contains(&diff.abs()), "{diff}");
    let sign = if diff > 0.0 { "+" } else { "" };
    let differences = section(&html, "differences");
    assert!(differences.contains(&format!("{sign}{} taux de renoncement aux soins (pts)", fr3(diff))), "{differences}");
    assert!(section(&html, "equity").contains("taux de renoncement aux soins (%)"));
    // The raw share (0,145 for 14,5 %) appears in no table of the levels.
    let raw = format!("<td>{:.3} [", level / 100.0).replace('.', ",");
    for id in ["results", "equity"] {
        assert!(!section(&html, id).contains(&raw), "{raw} in {id}");
    }
    // 2. French everywhere: none of the English strings the trial found.
    for english in [
        "archetype density",
        "GPs per 10,000",
        "chronic_followup",
        "acute_minor",
        ">renewal<",
        "cpts (cpts)",
        "share of consultations",
        "\nED\n",
        "environ –",
        "forgone needs (share)",
    ] {
        assert!(!html.contains(english), "{english:?} in the French report");
    }
    assert!(html.contains("densité de l&#39;archétype, 5,2 médecins pour 10\u{202F}000 habitants"), "the GP source in French");
    assert!(html.contains("suivi de maladie chronique") && html.contains("renouvellement d&apos;ordonnance"), "need kinds on the axis");
    // Tick labels: every number drawn in a figure has a decimal comma, none a point.
    let numbers: Vec<&str> = html
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split('>').nth(1)?.split('<').next())
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ",.−+\u{202F}".contains(c)))
        .collect();
    assert!(numbers.iter().any(|n| n.contains(',')), "some decimal tick: {numbers:?}");
    assert!(numbers.iter().all(|n| !n.contains('.')), "a decimal point on a French figure: {numbers:?}");
    // 4. The total cost has no value by group: a note, no empty figure.
    let groups = section(&html, "groups");
    assert!(groups.contains("Pas de valeur par groupe"), "{groups}");
    assert!(!out.join("figures/groups-1-6.png").exists() && !html.contains("id=\"fig-groups-1-6\""));
    assert!(out.join("figures/groups-1-5.png").exists(), "the other by-group figures are drawn");
    // 5. SAS: answered, received, abandoned said apart; unlimited lines have no queue (terminal and report).
    assert!(term.contains("appels au SAS répondus /1\u{202F}000/an (hors abandons)"), "{term}");
    assert!(
        term.contains("% des appels reçus\u{a0}: répondus + abandonnés") && term.contains("lignes illimitées\u{a0}: pas d'attente"),
        "{term}"
    );
    // 7. The SAS regulation and the declared comparison are in the report.
    let regulation = section(&html, "regulation");
    assert!(
        regulation.contains("<th>sas</th><th>advice</th>") && regulation.contains("lignes illimitées\u{a0}: pas d&#39;attente"),
        "{regulation}"
    );
    assert!(regulation.contains("résolus par un conseil (% des répondus)"), "{regulation}");
    assert!(regulation.contains("<td>appels au SAS non pris\u{a0}: capacité du jour atteinte (% des appels passés)</td>"), "{regulation}");
    assert!(term.contains("appels au SAS non pris\u{a0}: capacité du jour atteinte (% des appels passés)"), "{term}");
    let compare = section(&html, "compare");
    let ed = csv_value(&out.join("differences.csv"), "advice − sas,valley,all,ed_visits_per_1000,");
    assert!(compare.contains("<th>advice − sas</th>"), "{compare}");
    assert!(compare.contains(&format!("<td>{}{} [", if ed > 0.0 { "+" } else { "" }, fr3(ed))), "{ed}: {compare}");
    // 9. The difference maps of one territory and indicator share one colour scale (trial 34:
    // ±0,193 beside ±1,56), and each caption names its option.
    let maps = section(&html, "difference-maps");
    let scale_end = |fig: &str| {
        let f = maps.split(&format!("<figure id=\"fig-{fig}\">")).nth(1).unwrap().split("</figure>").next().unwrap();
        let plus: Vec<String> = f
            .split("</text>")
            .filter_map(|t| t.rsplit('>').next())
            .map(str::trim)
            .filter(|t| t.starts_with('+'))
            .map(String::from)
            .collect();
        assert!(f.contains("<figcaption>") && f.contains(" − base — "), "{f}");
        plus
    };
    assert_eq!(scale_end("difference-map-1-1-1"), scale_end("difference-map-1-3-1"));
    assert!(maps.contains("<figcaption>cpts − base — "), "{maps}");
    // 8. A variant's service by what it gives and the policy's French name (stop 41: it read `cpts_protocol`).
    assert!(
        results.contains("<td>protocoles de coopération — Communauté professionnelle territoriale de santé (CPTS) [cpts]</td>"),
        "{results}"
    );
}

/// Break caught: the best option on forgone care was an SAS-advice variant
/// with no word that advice is not forgone by construction; a scenario
/// without `compare` had no such section to show, and one without SAS none either.
#[test]
fn the_best_option_by_advice_carries_its_caveat_and_sections_appear_only_when_relevant() {
    let dir = tempfile::tempdir().unwrap();
    let (html, _) = run(dir.path(), ADVICE, "en");
    let decision = section(&html, "decision");
    assert!(decision.contains("<td class=\"best\">advised ⚠</td>"), "{decision}");
    assert!(decision
        .contains("“advised” uses SAS advice (sas.advice_share = 0.8): a need the regulator resolves by advice does not count as forgone"));
    assert!(!decision.contains("“plain” uses SAS advice"));
    assert!(html.contains("<section id=\"regulation\">") && !html.contains("<section id=\"compare\">"));
    let plain = tempfile::tempdir().unwrap();
    let (html, _) = run(
        plain.path(),
        &TRIAL.replace("compare = [[\"advice\", \"sas\"]]\n", "").split("[[variants]]").next().unwrap().to_string(),
        "en",
    );
    assert!(!html.contains("<section id=\"regulation\">") && !html.contains("<section id=\"compare\">"), "no SAS, no pair");
}

/// Every rate label says its denominator and its window.
#[test]
fn rate_labels_say_per_year() {
    use parcours::report::units::{label, Shown};
    use parcours::report::Lang;
    assert_eq!(
        label(Lang::En, "information_lost_per_1000", Shown::Level),
        "transitions with information lost per 1,000 inhabitants per year"
    );
    assert!(label(Lang::Fr, "information_lost_per_1000", Shown::Level).ends_with("pour 1\u{202F}000 habitants par an"));
    assert_eq!(label(Lang::En, "coordination_hours_per_professional", Shown::Level), "coordination hours per GP per week");
}

/// Three communes of the Creuse (Guéret 23096, Ahun 23001, Felletin 23079;
/// names from the INSEE code list, written by hand) with today's
/// structures, and one variant.
const CREUSE: &str = "name = \"creuse\"\nseed = 3\nreplications = 2\nyears = 0.1\nwarmup_days = 20\n\
    [[territories]]\nname = \"gueret\"\ncommunes = [\"23096\", \"23001\", \"23079\"]\n\
    [[variants]]\nname = \"tele\"\nadd_policies = [{ type = \"teleconsultation\", doctors = 2 }]\n";

/// Break caught by a fresh user's trial: the base case listed today's
/// structures by their policies' internal names (`today_cpts (cpts)`), the
/// table of existing structures by `cpts` with its description in English,
/// and the difference maps' table the communes by INSEE code only.
#[test]
fn existing_structures_and_communes_are_named_for_a_board() {
    let dir = tempfile::tempdir().unwrap();
    let (fr, _) = run(dir.path(), CREUSE, "fr");
    let scenario = section(&fr, "scenario");
    assert!(!scenario.contains("<b>today_") && !scenario.contains("(cpts)"), "{scenario}");
    let cpts = "Communautés professionnelles territoriales de santé existantes (CPTS)";
    assert!(scenario.contains(&format!("<li><b>{cpts}</b> — ")), "{scenario}");
    assert!(
        scenario.contains(&format!("<tr><td>gueret</td><td>{cpts}</td><td>today_cpts</td><td>")),
        "the name a variant uses stays beside it"
    );
    assert!(scenario.contains("<td>partout, ") && !scenario.contains("<td>everywhere, "), "descriptions in French: {scenario}");
    assert!(scenario.contains("Service d&#39;accès aux soins (SAS)</td><td></td><td>aucun supposé</td>"), "{scenario}");
    // Each service by what it gives and whose it is (stop 41: `today_cpts_protocol` was its row's name).
    let results = section(&fr, "results");
    assert!(results.contains(&format!("<td>protocoles de coopération — {cpts}</td>")), "{results}");
    assert!(results.contains("<td>médecin de garde (PDSA) — "), "{results}");
    assert!(!results.contains("<td>today_"), "{results}");
    let maps = section(&fr, "difference-maps");
    for commune in ["Guéret (23096)", "Ahun (23001)", "Felletin (23079)"] {
        assert!(maps.contains(&format!("<td>{commune}</td>")), "{commune}: {maps}");
    }
    let o = common::parcours(&["report", dir.path().join("o").to_str().unwrap(), "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let en = std::fs::read_to_string(dir.path().join("o/report.html")).unwrap();
    let scenario = section(&en, "scenario");
    assert!(scenario.contains("<li><b>Existing territorial professional health communities (CPTS)</b> — "), "{scenario}");
    assert!(scenario.contains("<td>everywhere, "), "{scenario}");
    let results = section(&en, "results");
    assert!(results.contains("<td>cooperation protocols — Existing territorial professional health communities (CPTS)</td>"), "{results}");
}

/// A run with the second line on showed no specialist in its report's key
/// results (the board saw the GP rows only): each specialty's median delay,
/// 90th percentile and share given up now join them, labelled in the report's
/// language; with the second line off none does.
#[test]
fn the_second_line_s_rows_join_the_key_results_when_it_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let off = "name = \"second\"\nseed = 7\nreplications = 2\nyears = 0.1\nwarmup_days = 30\n\
        [[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = 1500\narea_km2 = 300\nzone_count = 9\n";
    let on = format!("{off}[parameters.specialists]\nenabled = true\n");
    let (html, _) = run(dir.path(), &on, "fr");
    let results = section(&html, "results");
    for s in ["ophtalmologie", "dermatologie", "cardiologie", "gynécologie"] {
        assert!(results.contains(&format!("délai jusqu&#39;à l&#39;avis d&#39;un spécialiste, médiane (jours) — {s}")), "{s}: {results}");
        assert!(results.contains(&format!("sans place à temps (%) — {s}")), "{s}");
    }
    assert_eq!(
        results.matches("délai jusqu&#39;à l&#39;avis d&#39;un spécialiste").count(),
        8,
        "median and 90th percentile of 4 specialties"
    );
    assert_eq!(results.matches("adressages à un spécialiste abandonnés").count(), 4);
    assert!(results.contains("pour une date plusieurs mois plus tard (suivis programmés)"), "the follow-ups are said");
    let dir2 = tempfile::tempdir().unwrap();
    let (html, _) = run(dir2.path(), off, "en");
    assert!(!section(&html, "results").contains("specialist"), "second line off: no specialist row nor note");
}

/// A board asking about specialists' waits (`question_indicators`) read in
/// "what each variant changes" only the marked family (GP delays, ED, cost),
/// as if telexpertise changed nothing but cost: the question's own indicators
/// are now said there too, with their interval and their verdict adjusted
/// (Holm) among the question's own indicators, apart from the key family,
/// as the terminal gives it (tests/fixes5_users.rs compares the two).
#[test]
fn the_question_s_own_indicators_are_said_among_the_differences_unmarked() {
    let dir = tempfile::tempdir().unwrap();
    let text = "name = \"q\"\nseed = 7\nreplications = 2\nyears = 0.1\nwarmup_days = 30\n\
        question_indicators = [\"specialist_delay_median_days.dermatology\", \"ed_visits_per_1000\"]\n\
        [[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = 1500\narea_km2 = 300\nzone_count = 9\n\
        [parameters.specialists]\nenabled = true\n\
        [[variants]]\nname = \"tele\"\nadd_policies = [{ type = \"telexpertise\" }]\n";
    let (html, _) = run(dir.path(), text, "en");
    let diffs = section(&html, "differences");
    let line = diffs.lines().find(|l| l.contains("delay to a specialist&#39;s advice, median (days) — dermatology")).expect(diffs);
    assert!(
        line.contains("adjusted (Holm) among the question&#39;s own indicators")
            || line.contains("the same difference in every replication"),
        "{line}"
    );
    // The ED visits, in the family and in the question, are said once.
    assert_eq!(diffs.matches("<b>tele</b> (valley): ").filter(|_| true).count(), diffs.matches("<li").count());
    assert_eq!(diffs.lines().filter(|l| l.contains("ED visits per 1,000 per year")).count(), 1);
}

/// Break caught (trial 33): a variant's policy with `participation = 0`
/// (it acts on no one) was warned of in the terminal and `run.json` but not
/// in the report a board reads; now listed there once, in the form's words
/// in French, and the season's warning is not repeated among them.
#[test]
fn the_scenario_s_warnings_are_in_the_report_once() {
    let text = "name = \"zero\"\nseed = 5\nreplications = 2\nyears = 0.1\nwarmup_days = 10\n\
        [[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = 3000\narea_km2 = 200\nzone_count = 4\n\
        [[variants]]\nname = \"v\"\nadd_policies = [{ type = \"cpts\", name = \"c\", participation = 0.0, start_day = 30 }]\n";
    let dir = tempfile::tempdir().unwrap();
    let (fr, _) = run(dir.path(), text, "fr");
    let line = "<p class=\"warnings scenario\">⚠ la mesure &quot;c&quot; (variante";
    assert_eq!(fr.matches(line).count(), 1, "{fr}");
    assert!(fr.contains("a une participation des professionnels de 0"), "the form's words");
    // Trial 33: a start day with its date (by hand: day 0 + 10 days of warm-up + 30 = 40 → 10 February).
    // Active on days 30 to 36 of a 37-day window (0.1 × 365 = 36.5 → 37): 7 / 37 = 18.9 %.
    assert!(fr.contains("du jour 30 (10 février), sans date de fin\u{a0}: active 18,9 % de la période observée"), "{fr}");
    // The observed window's dates (by hand: days 10 to 10 + 37 − 1 = 46 → 11 January to 16 February).
    assert!(fr.contains("période observée\u{a0}: 0,1 an (11 janvier au 16 février)"), "{fr}");
    let o = common::parcours(&["report", dir.path().join("o").to_str().unwrap(), "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let en = std::fs::read_to_string(dir.path().join("o/report.html")).unwrap();
    assert_eq!(
        en.matches("<p class=\"warnings scenario\">⚠ policy &quot;c&quot; (variant &quot;v&quot;) has participation = 0").count(),
        1
    );
    // No other scenario warning here (the window, 11 January to 16 February, meets no leave week).
    assert_eq!(en.matches("<p class=\"warnings scenario\">").count(), 1, "{en}");
    // The season's warning stays in its own line, not repeated among the scenario's: a window of
    // 0.1 year after a 182-day warm-up (by hand: days 182 to 218, 2 July to 7 August, summer weeks).
    let summer = text.replace("warmup_days = 10", "warmup_days = 182");
    let dir = tempfile::tempdir().unwrap();
    let (fr, _) = run(dir.path(), &summer, "fr");
    assert_eq!(fr.matches("<p class=\"warnings season\">⚠ la période observée dure 37 jours, du 2 juillet au 7 août").count(), 1, "{fr}");
    assert!(!fr.contains("<p class=\"warnings scenario\">⚠ la période observée"), "{fr}");
}

/// Break caught (trial 32): an SAS oriented to every option looked worse
/// than the GP-only one when its daily capacity was reached, and the report
/// did not say why. With one call a day for the territory, most calls are
/// not taken: the regulation section says the share (100 × the CSV's mean,
/// by hand) and why, and adds the every-option sentence only to that arm (not to the GP-only one).
#[test]
fn a_saturated_sas_is_explained_beside_its_table() {
    let text = "name = \"cap\"\nseed = 9\nreplications = 2\nyears = 0.1\nwarmup_days = 10\n\
        [[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = 3000\narea_km2 = 300\nzone_count = 6\n\
        [[variants]]\nname = \"all\"\nadd_policies = [{ type = \"sas\", participation = 0.5, calls_per_day_per_100k = 1, orient_to_all_options = true }]\n\
        [[variants]]\nname = \"gps\"\nadd_policies = [{ type = \"sas\", participation = 0.5, calls_per_day_per_100k = 1 }]\n";
    let dir = tempfile::tempdir().unwrap();
    let (fr, _) = run(dir.path(), text, "fr");
    let out = dir.path().join("o");
    let share = 100.0 * csv_value(&out.join("summary.csv"), "all,valley,all,sas_over_capacity_share,");
    assert!(share > 1.0, "{share}");
    let regulation = section(&fr, "regulation");
    let said = format!("Le SAS de « all » n&#39;a pas pris {} % des appels passés", fr3(share));
    assert!(regulation.contains(&said), "{said}: {regulation}");
    assert_eq!(regulation.matches("Ce SAS oriente vers toutes les options").count(), 1, "{regulation}");
    // Stop 42's trial: the default advice (43.2 %) is said and sourced beside the table, once;
    // stop 45: with the share of advised callers who follow it (77.6 %) and the calls resolved.
    assert_eq!(regulation.matches("le régulateur conseille 43,2\u{a0}% des appels répondus").count(), 1, "{regulation}");
    assert!(regulation.contains("77,6\u{a0}% des appelants conseillés suivent le conseil"), "{regulation}");
    assert!(regulation.contains("SAS de Rennes en mars-avril 2022"), "{regulation}");
}
