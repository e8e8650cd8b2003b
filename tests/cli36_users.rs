//! What a fresh planner and academic found in trial 36 on the command line:
//! a variant that changes nothing reported as "no effect", experiment
//! factors that could not reach today's structures, levels printed as
//! 0.9000000000000001, a top-level key written after `[[territories]]`,
//! small selections without a border warning, and minor messages.
//!
//! Expected texts and figures are written out by hand from the inputs.

mod common;

use common::{parcours, stderr, stdout, write};

/// Three Cantal communes (Aurillac 15014, 26,214 inhabitants; Saint-Santin-
/// Cantalès 15211, 279; Saint-Martin-Cantalès 15200, 157: 26,650 in all),
/// organisation "today" by default.
const CANTAL: &str = "name = \"noop\"\nreplications = 2\nyears = 0.05\nwarmup_days = 7\n\n\
[[territories]]\nname = \"aurillac\"\ncommunes = [\"15014\", \"15211\", \"15200\"]\n";

/// Today's DAC of 26,650 inhabitants follows 150 per 100,000 = 39.98, i.e.
/// 40 situations at once: extending it to 40 changes nothing; `gp.slot_minutes`
/// is 20 by default: setting it to 20 changes nothing; caregiver support is a
/// change. The first two are said on the CLI, in the terminal differences
/// (instead of zero effects) and in the report, in French with `--lang fr`.
#[test]
fn a_variant_that_changes_nothing_is_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{CANTAL}\n[[variants]]\nname = \"same_dac\"\nextend_policies = [{{ name = \"today_dac\", capacity_cases = 40 }}]\n\n\
         [[variants]]\nname = \"same_param\"\nparameters = {{ gp = {{ slot_minutes = 20 }} }}\n\n\
         [[variants]]\nname = \"real\"\nadd_policies = [{{ type = \"caregiver_support\" }}]\n"
    );
    let s = write(dir.path(), "noop.toml", &text);
    let out = dir.path().join("out");
    let o = parcours(&["run", s.to_str().unwrap(), "--out", out.to_str().unwrap(), "--lang", "fr", "--threads", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (err, table) = (stderr(&o), stdout(&o));
    for v in ["same_dac", "same_param"] {
        let said = format!("la variante \"{v}\" ne change rien au scénario de base\u{a0}: ");
        assert!(err.contains(&said), "{err}");
        assert!(table.contains(&format!("{v} − base\u{a0}: {said}")), "{table}");
    }
    // Each says what it wrote that the base already has (trial 30: the
    // warning gave no reason a board could act on).
    assert!(err.contains("ce qu'elle écrit (extend_policies \"today_dac\": capacity_cases = 40) est déjà dans la base"), "{err}");
    assert!(err.contains("ce qu'elle écrit (parameters.gp.slot_minutes = 20) est déjà dans la base"), "{err}");
    assert!(!err.contains("la variante \"real\" ne change rien"), "{err}");
    assert!(!table.contains("la variante \"real\" ne change rien"), "{table}");
    assert!(table.contains("real − base (différence moyenne"), "{table}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("⚠ la variante &quot;same_dac&quot; ne change rien au scénario de base"), "report");
    assert!(html.contains("<td class=\"unchanged\">aucun changement\u{a0}: le scénario de base à nouveau</td>"), "report");
    let run_json = std::fs::read_to_string(out.join("run.json")).unwrap();
    assert!(run_json.contains("variant \\\"same_param\\\" changes nothing in the base scenario"), "{run_json}");
    assert!(run_json.contains("what it writes (parameters.gp.slot_minutes = 20) is already the base's"), "{run_json}");
}

/// `years` and `replications` written below `[[territories]]` are read by
/// TOML as keys of that territory: the error says so, names the file and
/// the line of the key, and says where to move it; the same below `[[policies]]`.
#[test]
fn a_top_level_key_after_territories_is_said_misplaced() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "late.toml", "name = \"x\"\n\n[[territories]]\nname = \"a\"\ncommunes = [\"15014\"]\nyears = 0.5\n");
    let o = parcours(&["scenario", "check", s.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(
            "late.toml:6: territories[0].years: `years` is a top-level key but is written after `[[territories]]`, \
             so TOML reads it as part of the last territory; move it above the first `[[territories]]`"
        ),
        "{err}"
    );
    assert!(!err.contains("unknown field"), "{err}");
    let p = write(
        dir.path(),
        "late_policy.toml",
        "name = \"x\"\n[[territories]]\nname = \"a\"\narchetype = \"rural\"\npopulation = 2000\n\n[[policies]]\ntype = \"sas\"\nreplications = 3\n",
    );
    let err = stderr(&parcours(&["scenario", "check", p.to_str().unwrap()]));
    assert!(
        err.contains("`replications` is a top-level key but is written after `[[policies]]`, so TOML reads it as part of the last policy"),
        "{err}"
    );
}

/// Saint-Martin-Cantalès (15200, 157 inhabitants) has no GP: alone, every
/// inhabitant's nearest GP commune is outside the selection, 100 % (157 of
/// 157). Aurillac (15014) has GPs: each commune with GPs is its own nearest,
/// so Aurillac alone gives 0 % and no warning; with 15200 the share is at
/// most 157 of 26,371 (0.6 %), below the 10 % threshold.
#[test]
fn a_selection_whose_inhabitants_see_gps_outside_it_is_warned_of() {
    let o = parcours(&["territory", "show", "communes=15200", "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(
            "warning: territory \"communes=15200\": 100 % of the selection's inhabitants (157 of 157) have their nearest GP commune outside it \
             (in all of France, with the model's travel times): they are served only by the selection's GPs in the model; \
             widen the selection (e.g. the EPCI or bassin de vie)\n"
        ),
        "{out}"
    );
    for spec in ["communes=15014", "communes=15014,15200"] {
        let out = stdout(&parcours(&["territory", "show", spec, "--lang", "en"]));
        assert!(!out.contains("nearest GP commune outside it"), "{spec}: {out}");
    }
    // The same warning on a run, in French, for a scenario of that commune.
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "one.toml", "name = \"one\"\n[[territories]]\nname = \"smc\"\ncommunes = [\"15200\"]\n");
    let err = stderr(&parcours(&["scenario", "check", s.to_str().unwrap(), "--lang", "fr"]));
    assert!(err.contains("territoire \"smc\"\u{a0}: 100 % des habitants de la sélection (157 sur 157) ont leur commune de MG la plus proche hors de la sélection"), "{err}");
    // And in the report (trial 32: only the terminal and run.json said it).
    let short = write(
        dir.path(),
        "short.toml",
        "name = \"one\"\nreplications = 1\nyears = 0.05\nwarmup_days = 0\n[[territories]]\nname = \"smc\"\ncommunes = [\"15200\"]\n",
    );
    let out = dir.path().join("o");
    let o = parcours(&["run", short.to_str().unwrap(), "--lang", "fr", "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("<p class=\"warnings supply\">⚠ territoire &quot;smc&quot;\u{a0}: 100 % des habitants de la sélection"),
        "report"
    );
}

/// Corse-du-Sud's code is `2A`: `territory find 2a` finds it first.
#[test]
fn a_departement_code_in_lower_case_is_found() {
    let o = parcours(&["territory", "find", "2a", "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = stdout(&o).lines().next().unwrap_or_default().to_string();
    assert!(first.starts_with("département  2A         Corse-du-Sud"), "{first}");
    assert!(first.ends_with("departement=2A"), "{first}");
}

/// `report` on a folder that does not exist names it and says so;
/// `serve --output` on a file says it must be a folder; `--years -1` says
/// what years must be, not clap's tip about `-- -1`.
#[test]
fn minor_messages_name_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-run");
    let o = parcours(&["report", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!("{}: no such folder", missing.display())), "{}", stderr(&o));

    let file = write(dir.path(), "runs.txt", "x");
    let o = parcours(&["serve", "--output", file.to_str().unwrap(), "--port", "0", "--lang", "en"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains(&format!("--output {}: is a file; --output must be a folder", file.display())), "{}", stderr(&o));

    let o = parcours(&["run", "--years", "-1", "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("--years: must be a number of years in (0, 50]"), "{err}");
    assert!(!err.contains("-- -1"), "{err}");
}

/// A factor on today's CPTS in the base is refused with how to vary it; the
/// way the error gives (a variant extending it) runs, and its levels over
/// [0.5, 0.9] in 5 steps are written 0.5, 0.6, 0.7, 0.8, 0.9 in points.csv.
#[test]
fn todays_structures_are_varied_through_a_variant_with_decimal_levels() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cantal.toml",
        &format!("{CANTAL}\n[[variants]]\nname = \"cpts\"\nextend_policies = [{{ name = \"today_cpts\", participation = 0.6 }}]\n"),
    );
    let exp = |path: &str| {
        format!("name = \"e\"\nscenario = \"cantal.toml\"\nreplications = 1\nyears = 0.02\n[[parameters]]\npath = \"{path}\"\nlow = 0.1\nhigh = 0.9\n[design]\nkind = \"grid\"\nlevels = 9\n")
    };
    let e = write(dir.path(), "base.toml", &exp("policies.today_cpts.participation"));
    let o = parcours(&["sweep", e.to_str().unwrap(), "--out", dir.path().join("a").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("\"today_cpts\" is one of today's structures, built by organisation = \"today\" from data"), "{err}");
    assert!(err.contains("vary \"variants.v.extend_policies.today_cpts.participation\""), "{err}");
    let e = write(dir.path(), "variant.toml", &exp("variants.cpts.extend_policies.today_cpts.participation"));
    let out = dir.path().join("b");
    let o = parcours(&["sweep", e.to_str().unwrap(), "--out", out.to_str().unwrap(), "--threads", "1", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(
        points,
        "point,variants.cpts.extend_policies.today_cpts.participation\n0,0.1\n1,0.2\n2,0.3\n3,0.4\n4,0.5\n5,0.6\n6,0.7\n7,0.8\n8,0.9\n"
    );
}

/// Caregiver support costs the same every replication (a fixed running
/// cost): in the terminal's table of points its cost difference is marked
/// (¹) and the long words are said once under the table, instead of
/// widening the column on every row.
#[test]
fn the_sweep_table_says_a_constant_difference_once_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let extra = "\n[[variants]]\nname = \"carers\"\nadd_policies = [{ type = \"caregiver_support\" }]\n";
    write(dir.path(), "small.toml", &common::small_scenario(1500, 0.05, extra));
    let e = write(
        dir.path(),
        "e.toml",
        "name = \"e\"\nscenario = \"small.toml\"\nreplications = 2\n[[parameters]]\npath = \"parameters.gp.unscheduled_share\"\nvalues = [0.3, 0.4]\n[design]\nkind = \"grid\"\n",
    );
    let o = parcours(&["sweep", e.to_str().unwrap(), "--out", dir.path().join("out").to_str().unwrap(), "--threads", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let words = "not established: the same difference in every replication";
    assert_eq!(out.matches(words).count(), 1, "{out}");
    assert!(out.contains(&format!("  (¹) {words}")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("  0 ") && l.ends_with(" (¹)")), "{out}");
}
