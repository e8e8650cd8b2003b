//! What a CPTS board member and a planner read (report and terminal): the
//! indicators a scenario's question is about come first, a seasonal
//! population has its own section, and under `--lang fr` every terminal
//! line is French and every number of the report has one French format
//! (1 234,5 with a narrow no-break space).

mod common;

use common::{parcours, stderr, stdout, write};

/// A small rural territory asking about care forgone for lack of information, with one variant.
fn asking(question: &str) -> String {
    format!(
        "name = \"asks\"\nseed = 7\nreplications = 2\nyears = 0.1\nwarmup_days = 30\nquestion_indicators = {question}\n\
         premises = [{{ indicator = \"ed_visits_per_1000\", at_most = 1 }}]\n\
         [[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = 1500\narea_km2 = 300\nzone_count = 9\n\
         [[variants]]\nname = \"sas\"\nadd_policies = [{{ type = \"sas\", participation = 0.5 }}]\n"
    )
}

#[test]
fn an_unknown_question_indicator_is_named() {
    let e = parcours::scenario::parse(&asking("[\"forgone_care_rate\", \"nope\"]"), "asks.toml").unwrap_err().to_string();
    assert!(e.contains("question_indicators[1]") && e.contains("nope"), "{e}");
}

#[test]
fn a_premise_with_crossed_bounds_is_refused() {
    let text = asking("[]").replace("at_most = 1", "at_least = 2, at_most = 1");
    let e = parcours::scenario::parse(&text, "asks.toml").unwrap_err().to_string();
    assert!(e.contains("premises[0]") && e.contains("at_least must not exceed at_most"), "{e}");
}

#[test]
fn every_library_scenario_names_existing_question_indicators() {
    for f in [
        "rural-legibility-channels",
        "rural-sas-orientation",
        "prevention-pharmacist-vaccination",
        "continuity-gp-loss-msp",
        "rural-second-line",
        "real/gers-workforce",
    ] {
        let path = format!("{}/scenarios/{f}.toml", env!("CARGO_MANIFEST_DIR"));
        let s = parcours::scenario::load(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(!s.question_indicators.is_empty(), "{f} names the indicators of its question");
    }
    let s =
        parcours::scenario::load(std::path::Path::new(&format!("{}/scenarios/rural-legibility-channels.toml", env!("CARGO_MANIFEST_DIR"))))
            .unwrap();
    assert_eq!(s.question_indicators[0], "forgone_information_per_1000");
}

/// Whether `s` has a number written the English way: digit, '.', digit.
fn has_decimal_point(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.windows(3).any(|w| w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit())
}

#[test]
fn in_french_the_question_comes_first_and_every_line_is_french() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "asks.toml", &asking("[\"forgone_information_per_1000\"]"));
    let out = dir.path().join("o");
    let o = parcours(&["run", file.to_str().unwrap(), "--lang", "fr", "--threads", "1", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let term = stdout(&o);
    let first = term.lines().nth(1).unwrap();
    assert!(first.starts_with("renoncements faute d'information"), "the question's indicator first: {term}");
    for english in ["results in", "warm-up", "run now", "replications ×", "tasks", "progress:"] {
        assert!(!term.contains(english) && !stderr(&o).contains(english), "{english:?} under --lang fr: {term}");
    }
    assert!(term.contains("résultats dans") && term.contains("réplications × 0,1 an,"), "{term}");
    // The premise (ED visits ≤ 1 per 1,000 a year) is far from any base (hundreds): said, in French.
    assert!(stderr(&o).contains("attention\u{a0}: la question du scénario suppose ed_visits_per_1000 ≤ 1,00"), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<p class=\"warnings premise\">⚠ attention\u{a0}: la question du scénario suppose"), "premise in the report");
    let decision = html.split("<section id=\"decision\">").nth(1).unwrap().split("</section>").next().unwrap();
    let first_row = decision.split("<tbody>").nth(1).unwrap().split("</td>").next().unwrap();
    assert!(first_row.contains("Renoncements faute d&#39;information"), "{first_row}");
    for id in ["decision", "scenario", "results", "differences", "equity"] {
        let section = html.split(&format!("<section id=\"{id}\">")).nth(1).unwrap().split("</section>").next().unwrap();
        // Figures (SVG) are drawn by plotters, tables and sentences by the report.
        let text: String = section.split("<figure").map(|p| p.split("</figure>").last().unwrap_or("")).collect();
        // The GP source of a synthetic territory too ("5,2 médecins pour 10 000 habitants").
        assert!(!has_decimal_point(&text), "an English number in the French section {id}: {text}");
    }
    assert!(!html.contains("id=\"season\""), "a synthetic territory has no seasonal population");
}

/// Chamonix-Mont-Blanc (74056): 9,987 secondary homes, a seasonal population.
const CHAMONIX: &str = "name = \"chamonix\"\nreplications = 2\nyears = 1.0\nwarmup_days = 0\norganisation = \"none\"\n\
    [[territories]]\nname = \"chamonix\"\ncommunes = [\"74056\"]\n";

#[test]
fn a_seasonal_population_has_its_section_and_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "chamonix.toml", CHAMONIX);
    let out = dir.path().join("o");
    let o = parcours(&["run", file.to_str().unwrap(), "--lang", "fr", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let term = stdout(&o);
    assert!(term.contains("Saison\u{a0}: la population saisonnière") && term.contains("vacances d'été"), "{term}");
    assert!(term.contains("besoins aigus des visiteurs pour 1\u{202F}000 habitants par an"), "{term}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let season = html.split("<section id=\"season\">").nth(1).expect("a season section").split("</section>").next().unwrap();
    assert!(season.contains("Saison\u{a0}: la population saisonnière") && season.contains("vacances d&#39;hiver"), "{season}");
    assert!(season.contains("consultations données aux visiteurs"), "{season}");
}
