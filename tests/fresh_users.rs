//! What two fresh users found (product trial 20): `territory show | find`
//! answered in English under a French locale; a validation target naming
//! an unknown territory was blamed on the scenario file; absurd policy
//! inputs and a territory of communes 600 km apart were accepted; the
//! replication limit was worded three ways.
//!
//! Expected texts are written out by hand from the inputs.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};
use std::process::Command;

/// The binary under a locale (`LANG`), no `LC_ALL` / `LC_MESSAGES`.
fn parcours_in(lang: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("the parcours binary runs")
}

/// `territory show` follows `--lang` and the locale as `run` does: French
/// words (habitants, médecins généralistes, the APL heading), none of the
/// English ones; English under the C locale.
#[test]
fn territory_show_speaks_the_users_language() {
    for o in [
        parcours(&["territory", "show", "communes=32013", "--lang", "fr"]),
        parcours_in("fr_FR.UTF-8", &["territory", "show", "communes=32013"]),
    ] {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let s = stdout(&o);
        assert!(
            s.starts_with("territoire communes=32013\u{a0}: 1 commune (0 sans coordonnées, laissées de côté), 22\u{202F}428 habitants"),
            "{s}"
        );
        assert!(s.contains("Accessibilité aux médecins généralistes, méthode APL"), "{s}");
        // The APL is per standardised inhabitant (age-weighted as DREES's), not per inhabitant.
        assert!(s.contains("consultations accessibles par habitant standardisé et par an"), "{s}");
        assert!(s.contains("| classe de densité |") && s.contains("| ensemble |"), "{s}");
        for english in ["inhabitants", "GP accessibility", "density class", "mean travel time", "existing structures"] {
            assert!(!s.contains(english), "{english:?} in {s}");
        }
    }
    let en = stdout(&parcours(&["territory", "show", "communes=32013"]));
    assert!(en.starts_with("territory communes=32013: 1 commune (0 without coordinates, left out), 22,428 inhabitants"), "{en}");
    assert!(
        en.contains("consultations accessible per standardised inhabitant per year") && !en.contains("per inhabitant per year"),
        "{en}"
    );
}

/// `territory find` too: the "did you mean" of a typo, in French.
#[test]
fn territory_find_speaks_the_users_language() {
    let o = parcours_in("fr_FR.UTF-8", &["territory", "find", "Auhc"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("aucune commune, aucun EPCI ni département ne s'appelle \"Auhc\" ; vouliez-vous dire Auch (commune 32013)"), "{e}");
    let o = parcours(&["territory", "find", "gueret", "--lang", "fr"]);
    assert!(stdout(&o).contains("23096") && stdout(&o).contains(" habitants"), "{}", stdout(&o));
}

/// A validation target on an unknown territory: the targets file is named,
/// with the target's index in it, its label and the scenario it is measured on.
#[test]
fn a_target_on_an_unknown_territory_names_the_targets_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", &small_scenario(500, 0.05, ""));
    let t = write(
        dir.path(),
        "t.toml",
        "[[target]]\nkind = \"input\"\nparameter = \"deterioration.overdue_factor\"\nindicator = \"overdue_factor\"\nvalue = 5.5\n\
         [[target]]\nlabel = \"ED visits\"\nscenario = \"s.toml\"\nterritory = \"vally\"\nindicator = \"ed_visits_per_1000\"\nvalue = 300.0\n",
    );
    let out = dir.path().join("o");
    let o = parcours(&["validate", "--targets", t.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    let expected = format!(
        "{}: target[1].territory: target \"ED visits\" (scenario \"s.toml\"): \"vally\" is not a territory of the scenario (valley)",
        t.display()
    );
    assert!(e.contains(&expected), "{e}");
    assert!(!e.contains("s.toml: target"), "the scenario file is not blamed: {e}");
}

/// What the users typed: refused by `scenario check`, naming the field and
/// the range; CPTS participation 0 and a start during the warm-up are
/// accepted with a warning.
#[test]
fn absurd_inputs_are_refused_and_odd_ones_warned() {
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, extra: &str| {
        let f = write(dir.path(), name, &small_scenario(500, 0.1, extra));
        parcours(&["scenario", "check", f.to_str().unwrap()])
    };
    let o = check("sas.toml", "[[policies]]\ntype = \"sas\"\ncalls_per_day_per_100k = 100000.0\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("policies[0].calls_per_day_per_100k: must be at most 10,000 calls a day per 100,000 inhabitants (got 100,000)"),
        "{}",
        stderr(&o)
    );
    let o = check("tele.toml", "[[policies]]\ntype = \"teleconsultation\"\nconsultations_per_day = 1000000\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("policies[0].consultations_per_day: must be at most 100,000 consultations a day for the whole scope (got 1,000,000)"),
        "{}",
        stderr(&o)
    );
    let far = write(
        dir.path(),
        "far.toml",
        "name = \"far\"\nseed = 1\nreplications = 2\nyears = 0.1\nwarmup_days = 30\n[[territories]]\nname = \"t\"\ncommunes = [\"32013\", \"59350\"]\n",
    );
    let o = parcours(&["scenario", "check", far.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("territories[0].communes: Auch (32013) and Lille (59350) are 797 km apart")
            || stderr(&o).contains("territories[0].communes: Lille (59350) and Auch (32013) are 797 km apart"),
        "{}",
        stderr(&o)
    );
    let o = check("odd.toml", "[[policies]]\ntype = \"cpts\"\nname = \"c\"\nparticipation = 0.0\nstart_day = -10\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("policy \"c\" (base) has participation = 0") && e.contains("starts on day -10, during the warm-up (warmup_days = 30)"),
        "{e}"
    );
}

/// One wording of the replication limit at the command line, for the file
/// and the option alike.
#[test]
fn the_replication_limit_is_worded_once() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "s.toml", &small_scenario(500, 0.1, "").replace("replications = 2", "replications = 0"));
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert!(stderr(&o).contains("replications: must be a whole number from 1 to 100000"), "{}", stderr(&o));
    let g = write(dir.path(), "g.toml", &small_scenario(500, 0.1, ""));
    let o = parcours(&["run", g.to_str().unwrap(), "--replications", "100001", "--out", dir.path().join("o").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--replications: must be a whole number from 1 to 100000"), "{}", stderr(&o));
    // A fraction in the file (trial 31): the same wording, not serde's "a whole number ≥ 0".
    let h = write(dir.path(), "h.toml", &small_scenario(500, 0.1, "").replace("replications = 2", "replications = 2.5"));
    let o = parcours(&["scenario", "check", h.to_str().unwrap()]);
    assert!(stderr(&o).contains("replications: must be a whole number from 1 to 100000 (got 2.5)"), "{}", stderr(&o));
    let o = parcours(&["scenario", "check", h.to_str().unwrap(), "--lang", "fr"]);
    assert!(
        stderr(&o).contains("replications\u{a0}: doit être un nombre entier de 1 à 100\u{202F}000 (vous avez saisi 2,5)"),
        "{}",
        stderr(&o)
    );
    // Stop 47's trial: a negative count on the command line ("-1 is not in
    // 0..=4294967295", or "unexpected argument '-1'") and in an experiment
    // file ("expected a whole number ≥ 0") read otherwise.
    for given in [["--replications", "-1"], ["--replications=-1", ""]] {
        let out = dir.path().join("n");
        let mut args = vec!["run", g.to_str().unwrap(), "--out", out.to_str().unwrap()];
        args.extend(given.iter().filter(|a| !a.is_empty()));
        let o = parcours(&args);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("must be a whole number from 1 to 100000 (got -1)"), "{}", stderr(&o));
    }
    let e = write(dir.path(), "e.toml", "name = \"e\"\nscenario = \"g.toml\"\nreplications = -3\n[[parameters]]\npath = \"parameters.gp.unscheduled_share\"\nlow = 0.1\nhigh = 0.3\n[sensitivity]\nmethod = \"oat\"\n");
    let o = parcours(&["sensitivity", e.to_str().unwrap(), "--out", dir.path().join("s").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("replications: must be a whole number from 1 to 100000 (got -3)"), "{}", stderr(&o));
}

/// Trial 32: a policy's setting written as a parameter group
/// (`[variants.parameters.cpts]`) was offered `costs`, the nearest group;
/// it is told to change the policy with extend_policies, in French too.
/// And a percentage where a share is expected is told its share.
#[test]
fn a_policy_written_as_parameters_and_a_percentage_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "p.toml",
        &small_scenario(500, 0.1, "[[variants]]\nname = \"v\"\n[variants.parameters.cpts]\nprotocol_share = 0.05\n"),
    );
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("variants[0].parameters.cpts: `cpts` is a policy type, not a group of parameters: a variant changes today's one with extend_policies"),
        "{}",
        stderr(&o)
    );
    let o = parcours(&["scenario", "check", f.to_str().unwrap(), "--lang", "fr"]);
    assert!(stderr(&o).contains("«\u{a0}cpts\u{a0}» est un type de mesure, pas un groupe de paramètres"), "{}", stderr(&o));
    let g = write(dir.path(), "g.toml", &small_scenario(500, 0.1, "[[policies]]\ntype = \"sas\"\nparticipation = 90\n"));
    let o = parcours(&["scenario", "check", g.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("policies[0].participation: must be a share between 0 and 1 (got 90); for 90 %, write 0.9"),
        "{}",
        stderr(&o)
    );
    // A question's indicator mistyped is told the nearest, as an experiment's is.
    let q = write(
        dir.path(),
        "q.toml",
        &small_scenario(500, 0.1, "").replace("seed = 7", "seed = 7\nquestion_indicators = [\"unscheduled_within_48h_share\"]"),
    );
    let o = parcours(&["scenario", "check", q.to_str().unwrap()]);
    assert!(
        stderr(&o).contains(
            "question_indicators[0]: no indicator named \"unscheduled_within_48h_share\"; did you mean `unscheduled_seen_48h_share`?"
        ),
        "{}",
        stderr(&o)
    );
}
