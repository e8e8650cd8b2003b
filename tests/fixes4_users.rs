//! Loose ends a fresh user met after trial 23: a difference identical in
//! every replication read "not computable", a user's own scenario.toml in
//! `--out` was overwritten, French plurals and serde's Rust words.
//!
//! Expected texts are written out by hand from the inputs.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};

/// A variant adding telexpertise while the second line is off changes only
/// the cost, by the same amount in every replication: 200 € a year per
/// 1,000 inhabitants covered, 400 € for 2,000, i.e. +0.200 € per
/// inhabitant, exactly, each time. That is said plainly (not "not
/// computable"), in English, French and the report; the CSV keeps the
/// interval [d, d] and no p-value (nothing to test).
#[test]
fn a_difference_the_same_in_every_replication_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "c.toml",
        &small_scenario(2000, 0.1, "[[variants]]\nname = \"tele\"\nadd_policies = [{ type = \"telexpertise\" }]\n"),
    );
    for (lang, said) in [
        ("en", "  (¹) not established: the same difference in every replication (for a rate, the same number of events: an interval then reflects only the population's changes, not chance)"),
        (
            "fr",
            "  (¹) non établi\u{a0}: la même différence dans chaque réplication (pour un taux, le même nombre d'événements\u{a0}: un intervalle ne reflète alors que les variations de la population, pas le hasard)",
        ),
    ] {
        let out = dir.path().join(lang);
        let o = parcours(&["run", s.to_str().unwrap(), "--replications", "2", "--lang", lang, "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        let cost = text.lines().find(|l| l.contains("€/inhabitant/yr") || l.contains("€/habitant/an")).unwrap_or_else(|| panic!("{text}"));
        // The terminal marks it (¹) and says its words once under the table
        // (in the cell they would push the territory's name off its column).
        let value = if lang == "en" { "+0.200 [+0.200; +0.200] (¹)" } else { "+0,200 [+0,200 ; +0,200] (¹)" };
        assert!(cost.trim_end().ends_with(value), "{lang}: {cost}");
        assert_eq!(text.lines().filter(|l| *l == said).count(), 1, "{lang}: {text}");
        assert!(!text.contains("not computable") && !text.contains("non calculable ("), "{text}");
        let csv = std::fs::read_to_string(out.join("differences.csv")).unwrap();
        let row = csv.lines().find(|l| l.starts_with("tele,valley,all,cost_policy_per_inhabitant_eur,")).unwrap();
        let cells: Vec<&str> = row.split(',').collect();
        let d: f64 = cells[4].parse().unwrap();
        assert!((d - 0.2).abs() < 1e-9, "{row}");
        assert_eq!((cells[5], cells[6], cells[8]), (cells[4], cells[4], ""), "interval [d, d], no p-value: {row}");
        if lang == "fr" {
            let html = std::fs::read_to_string(out.join("report.html")).unwrap();
            assert!(
                html.contains("non établi\u{a0}: la même différence dans chaque réplication"),
                "the report says it too, with its verdict"
            );
            assert!(!html.contains("les réplications ne varient pas"));
        }
    }
}

/// French and English cosmetics found by a fresh user: counts agree with
/// their nouns (one GP, one ED: "1 GP", "1 ED"), serde's Rust types are
/// said in words ("expected u32" → "a whole number ≥ 0"), and a policy
/// named by its type (`sas`) reads by the type's full name in the French
/// report, as the existing structures do.
#[test]
fn counts_types_and_policy_names_read_as_words() {
    let dir = tempfile::tempdir().unwrap();
    // 2,000 inhabitants of a rural archetype: 1 GP and 1 ED (printed by `scenario check`).
    let s =
        write(dir.path(), "s.toml", &small_scenario(2000, 0.1, "[[variants]]\nname = \"avec_sas\"\nadd_policies = [{ type = \"sas\" }]\n"));
    let o = parcours(&["scenario", "check", s.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("  valley: 9 zones, 2,000 inhabitants, 1 GP, 1 ED\n"), "{}", stdout(&o));
    assert!(stdout(&o).contains("  2 replications × 0.1 years after 30 days of warm-up, seed 7\n"), "{}", stdout(&o));
    let bad = write(dir.path(), "bad.toml", &small_scenario(2000, 0.1, "").replace("replications = 2", "replications = 2.5"));
    let o = parcours(&["scenario", "check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("replications: must be a whole number from 1 to 100000 (got 2.5)"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("u32"), "{}", stderr(&o));
    let out = dir.path().join("o");
    let o = parcours(&["run", s.to_str().unwrap(), "--quiet", "--lang", "fr", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<li><b>Service d&#39;accès aux soins (SAS) [sas]</b>"), "the SAS by its name");
}

/// A folder holding only a scenario.toml was taken for a parcours folder
/// and that file rewritten: a user's own scenario.toml in `--out` is kept
/// (the run refused, naming the folder) unless it is the very scenario
/// being run (`parcours run DIR/scenario.toml --out DIR`, and how `serve`
/// starts its runs), whose rewriting changes nothing.
#[test]
fn a_users_own_scenario_toml_in_out_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let other = write(dir.path(), "other.toml", &small_scenario(2000, 0.05, ""));
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    let my_text = small_scenario(3000, 0.05, "");
    write(&mine, "scenario.toml", &my_text);
    let o = parcours(&["run", other.to_str().unwrap(), "--quiet", "--no-report", "--replications", "1", "--out", mine.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{} is not empty and is not a parcours output folder (it holds scenario.toml)", mine.display())),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(mine.join("scenario.toml")).unwrap(), my_text, "kept");
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1, "nothing written");
    // The same scenario run from inside its folder is accepted.
    let inside = mine.join("scenario.toml");
    let o = parcours(&["run", inside.to_str().unwrap(), "--quiet", "--no-report", "--replications", "1", "--out", mine.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(mine.join("scenario.toml")).unwrap(), my_text);
    assert!(mine.join("summary.csv").is_file());
}

/// Trial 29: the warnings only a run's results give (fewer than 2
/// replications; a premise of the question the base misses) were printed on
/// the terminal but missing from `run.json`, so a reader of the folder (the
/// Python API) never saw them. Both are now in `warnings` and `warnings_fr`,
/// without the terminal's « warning: », after the scenario's own.
#[test]
fn run_json_keeps_every_warning_the_terminal_printed() {
    let dir = tempfile::tempdir().unwrap();
    // Premises are top-level keys: written before [[territories]].
    let text = small_scenario(2000, 0.05, "").replacen(
        "warmup_days = 30\n",
        "warmup_days = 30\npremises = [{ indicator = \"gp_utilisation\", at_least = 0.999 }]\n",
        1,
    );
    let s = write(dir.path(), "w.toml", &text);
    let out = dir.path().join("o");
    let o = parcours(&["run", s.to_str().unwrap(), "--replications", "1", "--no-report", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let run: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let list = |k: &str| run[k].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_string()).collect::<Vec<_>>();
    let (en, fr) = (list("warnings"), list("warnings_fr"));
    let one = "1 replication: no 95 % interval can be computed (n < 2); ci_low and ci_high are empty in summary.csv and differences.csv and shown as \"–\"; use --replications 2 or more";
    assert!(en.iter().any(|w| w == one), "{en:?}");
    assert!(err.contains(&format!("warning: {one}")), "the terminal's words: {err}");
    let premise =
        en.iter().find(|w| w.starts_with("the scenario's question assumes gp_utilisation ≥ 0.999")).unwrap_or_else(|| panic!("{en:?}"));
    assert!(err.contains(&format!("warning: {premise}")), "{err}");
    assert!(fr.iter().any(|w| w.starts_with("1 réplication\u{a0}: aucun intervalle à 95 %")), "{fr:?}");
    assert!(fr.iter().any(|w| w.starts_with("la question du scénario suppose gp_utilisation ≥ 0,999")), "{fr:?}");
    assert_eq!(en.len(), fr.len());
}
