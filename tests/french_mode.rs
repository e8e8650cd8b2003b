//! French mode speaks French: a Seine-Saint-Denis CPTS board member's and
//! an academic's findings (task `polish`), end to end on the binary. Each
//! test names the finding it pins; the expected texts are written by hand.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};
use std::process::{Command, Output};

/// The binary with `args` under the locale `locale` (no `--lang`: the
/// default the command line takes from LC_ALL).
fn parcours_in(locale: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parcours")).args(args).env("LC_ALL", locale).output().expect("the parcours binary runs")
}

/// Two targets on `small.toml`, the first met unless `ed_value` is far
/// from the simulated ED visits.
fn targets(ed_value: f64) -> String {
    format!(
        "[[target]]\nlabel = \"ED visits\"\nlabel_fr = \"Passages aux urgences\"\nscenario = \"small.toml\"\nindicator = \"ed_visits_per_1000\"\nvalue = {ed_value}\ntolerance = 1e5\nsource = \"test\"\n\
         [[target]]\nkind = \"not_modelled\"\nindicator = \"x\"\nvalue = 1.0\nnote = \"why\"\n"
    )
}

fn validate(dir: &std::path::Path, targets_text: &str, out: &str, extra: &[&str]) -> Output {
    write(dir, "small.toml", &small_scenario(3000, 0.05, ""));
    let t = write(dir, "targets.toml", targets_text);
    let out = dir.join(out);
    let mut args = vec!["validate", "--targets", t.to_str().unwrap(), "--replications", "2", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    parcours(&args)
}

/// Finding 1: `validate --lang fr` printed its table in English, and `-q`
/// still printed the summary line.
#[test]
fn validate_speaks_french_and_quiet_prints_nothing_but_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = validate(dir.path(), &targets(300.0), "fr", &["--lang", "fr"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let head = out.lines().next().unwrap();
    for word in ["cible", "valeur", "tolérance", "modèle [IC 95 %]", "verdict"] {
        assert!(head.contains(word), "{word} in {head:?}");
    }
    assert!(out.contains("Passages aux urgences") && out.contains("atteinte") && out.contains("non modélisé"), "{out}");
    // 1 met of 1 tested, 1 shown: singular throughout, French colon spacing.
    assert!(out.contains("1 cible atteinte sur 1 testée (1 affichée, non testée) ; scénarios small.toml dans "), "{out}");
    for english in ["target", "tested", "pass", "not modelled", "ED visits"] {
        assert!(!out.contains(english), "{english:?} in French: {out}");
    }
    // -q: nothing on standard output, success.
    let o = validate(dir.path(), &targets(300.0), "quiet", &["--lang", "fr", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    // -q and a missed target: still nothing on stdout; the error says it, in French, exit 3.
    let o = validate(dir.path(), &targets(1e9), "miss", &["--lang", "fr", "-q"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("validation\u{a0}: 1 cible non atteinte (voir le tableau et docs/validation.md)"), "{}", stderr(&o));
}

/// Finding 2: the "error:" prefix and `scenario check` (which had no
/// `--lang`) were English in French mode; the locale decides without it.
#[test]
fn errors_and_scenario_check_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    let o = parcours(&["scenario", "check", missing.to_str().unwrap(), "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("erreur\u{a0}: "), "{}", stderr(&o));
    let o = parcours(&["scenario", "check", missing.to_str().unwrap(), "--lang", "en"]);
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    // No --lang: the locale.
    let o = parcours_in("fr_FR.UTF-8", &["scenario", "check", missing.to_str().unwrap()]);
    assert!(stderr(&o).starts_with("erreur\u{a0}: "), "{}", stderr(&o));
    let o = parcours_in("C", &["scenario", "check", missing.to_str().unwrap()]);
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));

    // One zone of 500 inhabitants: no GP (a warning), singular words.
    let text = small_scenario(500, 0.05, "").replace("zone_count = 9", "zone_count = 1\ngps_per_10000 = 0");
    let f = write(dir.path(), "one.toml", &text);
    let o = parcours(&["scenario", "check", f.to_str().unwrap(), "--lang", "fr"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\u{a0}: scénario valide \"small\""), "{out}");
    assert!(out.contains("  valley\u{a0}: 1 zone, 500 habitants, 0 médecin généraliste, "), "{out}");
    assert!(out.contains("  2 réplications × 0,05 an après 30 jours de mise en régime, graine 7"), "{out}");
    let err = stderr(&o);
    assert!(err.starts_with("attention\u{a0}: ") && err.contains("le territoire \"valley\" n'a aucun MG"), "{err}");
    let o = parcours(&["scenario", "check", f.to_str().unwrap(), "--lang", "en"]);
    assert!(stdout(&o).contains(": valid scenario \"small\"") && stderr(&o).contains("territory \"valley\" has no GP"), "{}", stderr(&o));
}

/// Findings 2 and 3: run.json's warnings in French too; « 1 zone couverte »
/// (not « 1 zones couvertes »); the report's times as dd/mm/yyyy hh:mm;
/// the lock file left in the folder says what it is.
#[test]
fn a_french_run_writes_french_warnings_singulars_and_readable_times() {
    let dir = tempfile::tempdir().unwrap();
    let text = small_scenario(500, 0.05, "[[policies]]\ntype = \"msp\"\n").replace("zone_count = 9", "zone_count = 1\ngps_per_10000 = 0");
    let f = write(dir.path(), "nogp.toml", &text);
    let out = dir.path().join("out");
    let o = parcours(&["run", f.to_str().unwrap(), "--quiet", "--lang", "fr", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert!(manifest["warnings"][0].as_str().unwrap().starts_with("territory \"valley\" has no GP"), "{manifest}");
    assert!(manifest["warnings_fr"][0].as_str().unwrap().starts_with("le territoire \"valley\" n'a aucun MG\u{a0}: "), "{manifest}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(" 1 zone couverte</li>") && !html.contains("1 zones couvertes"), "one zone, singular");
    // "30/11/2026 17:31 → 30/11/2026 17:31": no raw RFC 3339 time in a French report.
    let started = manifest["started_at"].as_str().unwrap();
    assert!(!html.contains(started), "raw time {started} in the French report");
    let shown = html.split("<td>").find(|c| c.len() > 16 && c.as_bytes()[2] == b'/' && c.as_bytes()[5] == b'/').expect("a dd/mm/yyyy cell");
    assert!(shown[10..].starts_with(' ') && shown.as_bytes()[13] == b':', "{shown}");
    assert!(shown.contains(" heure de Paris ("), "the time zone is said: {shown}");
    let lock = std::fs::read_to_string(out.join(".parcours.lock")).unwrap();
    assert!(lock.starts_with("parcours: this file locks the folder") && lock.contains("ce fichier verrouille le dossier"), "{lock}");
}

/// Finding 4: a commune given by a misspelt name gets the nearest names;
/// an EPT of the Grand Paris is said to be unknown, asking for the communes.
#[test]
fn misspelt_communes_get_suggestions_and_grand_paris_territories_a_reason() {
    let o = parcours(&["territory", "show", "communes=Aubervillier"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no commune has the INSEE code \"Aubervillier\"; did you mean communes=93001 (Aubervilliers)?"),
        "{}",
        stderr(&o)
    );
    let o = parcours(&["territory", "find", "Plaine Commune", "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.starts_with("erreur\u{a0}: aucune commune") && e.contains("les EPT du Grand Paris") && e.contains("indiquez les communes"),
        "{e}"
    );
}

/// Finding 5: Coubron and Reims (114 km between centres) were accepted as
/// one territory silently: a warning in the language, not an error.
#[test]
fn communes_far_apart_are_warned_about() {
    let o = parcours(&["territory", "show", "communes=93015,51454", "--lang", "fr"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("attention\u{a0}: les communes du territoire \"communes=93015,51454\" ne sont pas d'un seul tenant\u{a0}: Reims (51454) est à 114 km"), "{out}");
    let o = parcours(&["territory", "show", "communes=93015,93014,93047", "--lang", "en"]);
    assert!(o.status.success() && !stdout(&o).contains("not of one piece"), "{}", stdout(&o));
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "two.toml",
        "name = \"two\"\nreplications = 2\nyears = 0.05\n[[territories]]\nname = \"cr\"\ncommunes = [\"93015\", \"51454\"]\n",
    );
    let o = parcours(&["scenario", "check", f.to_str().unwrap(), "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: ")
            && stderr(&o).contains("the communes of territory \"cr\" are not of one piece: Reims (51454) is 114 km"),
        "{}",
        stderr(&o)
    );
}

/// Finding 7: 100,000 mediators were accepted; the field has a bound
/// like the other staff (10,000), named in the error.
#[test]
fn mediators_have_a_bound_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let at = |n: u32| {
        let f = write(dir.path(), "m.toml", &small_scenario(3000, 0.05, &format!("[[policies]]\ntype = \"mediators\"\nmediators = {n}\n")));
        parcours(&["scenario", "check", f.to_str().unwrap()])
    };
    let o = at(100_000);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("policies[0].mediators: must be at most 10,000 full-time mediators"), "{}", stderr(&o));
    assert!(at(10_000).status.success());
}

/// A share out of [0, 1], an unknown key with a suggestion and a wrong type
/// (a scenario of `small_scenario`'s 11 lines, then `extra`): the file's
/// name, its text, then the message after "error: " in French and in
/// English, the file's path left out (by hand: the line of the key, the
/// reason as `report::reasons_fr` translates it).
fn invalid_scenarios() -> Vec<(&'static str, String, &'static str, &'static str)> {
    vec![
        (
            "share.toml",
            small_scenario(3000, 0.05, "[[policies]]\ntype = \"sas\"\ncall_share = 1.5\n"),
            ":14\u{a0}: policies[0].call_share\u{a0}: doit être comprise entre 0 et 1 (vous avez saisi 1,5).",
            ":14: policies[0].call_share: must be a share between 0 and 1 (got 1.5)",
        ),
        (
            "key.toml",
            small_scenario(3000, 0.05, "[[premises]]\nindicator = \"ed_visits_per_1000\"\nat_leest = 1.0\n"),
            ":14\u{a0}: premises[0].at_leest\u{a0}: clé inconnue « at_leest » (clés possibles\u{a0}: indicator, at_least, at_most)\u{a0}; vouliez-vous dire « at_least »\u{a0}?",
            ":14: premises[0].at_leest: unknown field `at_leest`; did you mean `at_least`?; expected one of `indicator`, `at_least`, `at_most`",
        ),
        (
            "type.toml",
            small_scenario(3000, 0.05, "").replace("seed = 7", "seed = 2.5"),
            ":2\u{a0}: seed\u{a0}: doit être un nombre entier positif ou nul (vous avez saisi 2,5).",
            ":2: seed: invalid type: floating point `2.5`, expected a whole number ≥ 0",
        ),
        (
            // replications = 0 is refused too: its own range, not serde's "≥ 0" (trial 31).
            "replications.toml",
            small_scenario(3000, 0.05, "").replace("replications = 2", "replications = 2.5"),
            ":3\u{a0}: replications\u{a0}: doit être un nombre entier de 1 à 100\u{202F}000 (vous avez saisi 2,5).",
            ":3: replications: must be a whole number from 1 to 100000 (got 2.5)",
        ),
    ]
}

/// cli37: `--lang fr` said a scenario's problems in English. `run` and
/// `scenario check` now say them in French with the file, the line and the
/// key as written, exit status 2; `--lang en` as before.
#[test]
fn scenario_problems_are_said_in_french_with_the_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, fr, en) in invalid_scenarios() {
        let f = write(dir.path(), name, &text);
        let file = f.to_str().unwrap();
        let out = dir.path().join(format!("out-{name}"));
        for args in [vec!["scenario", "check", file], vec!["run", file, "--out", out.to_str().unwrap()]] {
            let o = parcours(&[&args[..], &["--lang", "fr"][..]].concat());
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert_eq!(stderr(&o), format!("erreur\u{a0}: {file}{fr}\n"), "{args:?}");
            let o = parcours(&[&args[..], &["--lang", "en"][..]].concat());
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert_eq!(stderr(&o), format!("error: {file}{en}\n"), "{args:?}");
        }
        assert!(!out.exists(), "nothing run for {name}");
    }
    // An unknown policy type: the types possible and the one meant, as written.
    let f = write(dir.path(), "kind.toml", &small_scenario(3000, 0.05, "[[policies]]\ntype = \"saas\"\n"));
    let o = parcours(&["scenario", "check", f.to_str().unwrap(), "--lang", "fr"]);
    let e = stderr(&o);
    assert!(
        e.starts_with(&format!(
            "erreur\u{a0}: {}:13\u{a0}: policies[0].type\u{a0}: type de mesure inconnu « saas » (types possibles\u{a0}: cpts, msp, sas, ",
            f.display()
        )),
        "{e}"
    );
    assert!(e.ends_with(", specialist_sessions)\u{a0}; vouliez-vous dire « sas »\u{a0}?\n"), "{e}");
    // An option's value: the command line is the origin, in French.
    let f = write(dir.path(), "ok.toml", &small_scenario(3000, 0.05, ""));
    let o =
        parcours(&["run", f.to_str().unwrap(), "--replications", "0", "--lang", "fr", "--out", dir.path().join("r0").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "erreur\u{a0}: ligne de commande\u{a0}: --replications\u{a0}: doit être un nombre entier de 1 à 100\u{202F}000 (vous avez saisi 0).\n"
    );
    // A file that is not there.
    let missing = dir.path().join("missing.toml");
    let o = parcours(&["run", missing.to_str().unwrap(), "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.starts_with(&format!("erreur\u{a0}: {}\u{a0}: impossible de lire le fichier\u{a0}: ", missing.display())), "{e}");
}

/// cli37: the other commands that read a scenario under `--lang fr`, a
/// sweep's (the experiment names it) and `validate`'s (a targets file
/// names it), say its problems in French too.
#[test]
fn sweep_and_validate_say_the_scenarios_problems_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let (name, text, fr, _) = invalid_scenarios().swap_remove(0);
    let f = write(dir.path(), name, &text);
    let exp = write(
        dir.path(),
        "exp.toml",
        &format!("name = \"exp\"\nscenario = \"{name}\"\n[[parameters]]\npath = \"parameters.choice.asc_ed\"\nvalues = [-5.4]\n[design]\nkind = \"grid\"\n"),
    );
    let o = parcours(&["sweep", exp.to_str().unwrap(), "--lang", "fr", "--out", dir.path().join("sweep").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o), format!("erreur\u{a0}: {}{fr}\n", f.display()));
    let t = write(
        dir.path(),
        "targets.toml",
        &format!("[[target]]\nlabel = \"ED visits\"\nscenario = \"{name}\"\nindicator = \"ed_visits_per_1000\"\nvalue = 300.0\ntolerance = 1e5\nsource = \"test\"\n"),
    );
    let o = parcours(&["validate", "--targets", t.to_str().unwrap(), "--lang", "fr", "--out", dir.path().join("v").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("erreur\u{a0}: ") && stderr(&o).trim_end().ends_with(fr), "{}", stderr(&o));
}
