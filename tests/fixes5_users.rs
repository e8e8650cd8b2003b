//! What a fresh user found at stop 25: over-long parameter arrays loaded
//! silently, array elements could not be experiment factors, the terminal
//! and the report listed different "what each variant changes", English
//! left in French outputs, all-zero difference figures.
//!
//! Expected texts are written out by hand from the inputs.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};

/// A fixed-length array given with values too many is refused, naming the
/// file, the line, the field, the expected and the given lengths, in the
/// base's `[parameters]` and in a variant's overrides (it used to load, the
/// extra values ignored).
#[test]
fn an_over_long_parameter_array_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "long.toml",
        &small_scenario(
            2000,
            0.1,
            "[parameters.specialists]\nfollow_up_lead_days = [90, 100, 330, 10]\nurgent_share = [0.2, 0.2, 0.2, 0.2, 0.9]\n\
             [[variants]]\nname = \"v\"\n[variants.parameters.travel]\nspeed_kmh = [1.0, 2.0, 3.0, 4.0, 5.0]\n",
        ),
    );
    let o = parcours(&["scenario", "check", s.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    // Lines: 5 run settings, 6 territory lines, the table on line 12.
    assert!(err.contains("long.toml:13: parameters.specialists.follow_up_lead_days: 4 values given, 2 expected"), "{err}");
    assert!(err.contains("long.toml:14: parameters.specialists.urgent_share: 5 values given, 4 expected"), "{err}");
    assert!(err.contains("variants[0].parameters.travel.speed_kmh: 5 values given, 4 expected"), "{err}");
    // Exactly the length passes.
    let ok = write(dir.path(), "ok.toml", &small_scenario(2000, 0.1, "[parameters.specialists]\nfollow_up_lead_days = [90, 330]\n"));
    let o = parcours(&["scenario", "check", ok.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// An element of a parameter array is an experiment factor by its 0-based
/// index: a one-at-a-time analysis of `travel.speed_kmh.0` (rural speed,
/// default 22 km/h, not written in the scenario) runs its baseline at the
/// default element, then low and high; an index past the end is refused
/// with the array's length.
#[test]
fn an_array_element_can_be_an_experiment_factor() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "small.toml", &small_scenario(1500, 0.05, ""));
    let exp = write(
        dir.path(),
        "exp.toml",
        "name = \"e\"\nscenario = \"small.toml\"\nreplications = 2\n[[parameters]]\npath = \"parameters.travel.speed_kmh.0\"\nlow = 10\nhigh = 30\n\
         [sensitivity]\nmethod = \"oat\"\n",
    );
    let out = dir.path().join("out");
    let o = parcours(&["sensitivity", exp.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(points, "point,parameters.travel.speed_kmh.0\n0,22\n1,10\n2,30\n");
    let bad = write(
        dir.path(),
        "bad.toml",
        "name = \"e\"\nscenario = \"small.toml\"\n[[parameters]]\npath = \"parameters.travel.speed_kmh.4\"\nvalues = [30]\n[design]\nkind = \"grid\"\n",
    );
    let o = parcours(&["sweep", bad.to_str().unwrap(), "--quiet", "--out", dir.path().join("b").to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("parameters.travel.speed_kmh.4: speed_kmh has 4 values, indices 0 to 3; 4 is out of range"), "{err}");
    let _ = stdout(&o);
}

/// "What each variant changes" is one list: the terminal and report.html
/// show the same rows (the question's own indicators first, then the key
/// family), and the question's own indicators carry the same verdict in
/// both (Holm-adjusted among themselves). The difference figures plot the
/// question's indicators too, their caption saying they are outside the
/// key family.
#[test]
fn the_terminal_and_the_report_list_the_same_differences() {
    let dir = tempfile::tempdir().unwrap();
    let text = small_scenario(
        1500,
        0.1,
        "[parameters.specialists]\nenabled = true\n[[variants]]\nname = \"tele\"\nadd_policies = [{ type = \"telexpertise\" }]\n",
    )
    .replacen(
        "name = \"small\"\n",
        "name = \"small\"\nquestion_indicators = [\"specialist_delay_median_days.dermatology\", \"ed_visits_per_1000\"]\n",
        1,
    );
    let s = write(dir.path(), "q.toml", &text);
    let out = dir.path().join("o");
    let o = parcours(&["run", s.to_str().unwrap(), "--lang", "en", "--threads", "1", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("tele − base"))
        .skip(2)
        .take_while(|l| !l.contains("€ per avoided hospitalisation"))
        .collect();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let diffs = html.split("<section id=\"differences\">").nth(1).unwrap().split("</section>").next().unwrap();
    let items: Vec<&str> = diffs.lines().filter(|l| l.starts_with("<li")).collect();
    // delay to specialist (dermatology), ED visits, then delay, 48 h, forgone, treatable ED, avoidable hosp., total cost.
    assert_eq!(block.len(), 8, "{block:#?}");
    assert_eq!(items.len(), block.len(), "the same rows:\n{block:#?}\n{items:#?}");
    assert!(block[0].contains("dermatology") && items[0].contains("dermatology"), "the question first: {} / {}", block[0], items[0]);
    assert!(block[1].contains("ED visits") && items[1].contains("ED visits"), "{} / {}", block[1], items[1]);
    let (term, page) = (block[0], items[0]);
    if term.contains("the same difference in every replication") {
        assert!(page.contains("the same difference in every replication"), "{page}");
    } else {
        let better = term.trim_end().ends_with("better");
        let worse = term.trim_end().ends_with("worse");
        assert_eq!(page.contains("class=\"better\""), better, "{term} / {page}");
        assert_eq!(page.contains("class=\"worse\""), worse, "{term} / {page}");
        assert!(page.contains("adjusted (Holm) among the question&#39;s own indicators"), "{page}");
    }
    // Figures: ED visits, avoidable hospitalisations, then the dermatology delay.
    let figures = html.split("<section id=\"figures\">").nth(1).unwrap();
    assert!(figures.contains("id=\"fig-difference-3\""), "the question's indicator is plotted");
    assert!(!figures.contains("id=\"fig-difference-4\""), "ED visits are plotted once");
    assert!(figures.contains("An indicator of the scenario&#39;s question, outside the key family"));
}

/// In the French report a policy's type is said in French beside its own
/// name ("ophthalmology_sessions (specialist_sessions)" read as English),
/// with French punctuation (« toute la période ; 9 zones couvertes »).
#[test]
fn a_policy_type_is_said_in_french_in_the_french_report() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "p.toml",
        &small_scenario(
            1500,
            0.05,
            "[parameters.specialists]\nenabled = true\n[[variants]]\nname = \"sessions\"\n\
             add_policies = [{ type = \"specialist_sessions\", name = \"ophthalmology_sessions\", specialty = \"ophthalmology\", sessions_per_week = 4 }]\n",
        ),
    );
    let out = dir.path().join("o");
    let o = parcours(&["run", s.to_str().unwrap(), "--lang", "fr", "--threads", "1", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("(specialist_sessions)"), "the type in English");
    let line = html.lines().find(|l| l.contains("<b>ophthalmology_sessions</b>")).expect("the policy is listed");
    assert!(
        // No participation: a specialist_sessions policy does not read it (trial 32).
        line.contains("<b>ophthalmology_sessions</b> (Consultations avancées de spécialistes) — toute la période ; 9 zones couvertes"),
        "{line}"
    );
}
