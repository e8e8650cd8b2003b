//! End-to-end tests of the `parcours` command line, read as specifications.

mod common;

use common::{parcours, stderr, stdout, write};

#[test]
fn run_writes_a_complete_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let o = parcours(&["run", "--replications", "2", "--years", "0.05", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["scenario.toml", "indicators.csv", "summary.csv", "run.json"] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let indicators = std::fs::read_to_string(out.join("indicators.csv")).unwrap();
    assert!(indicators.starts_with("variant,replication,territory,group,indicator,value\n"));
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.starts_with("variant,territory,group,indicator,mean,ci_low,ci_high,n\n"));
    assert!(summary.contains("base,rural,all,ed_visits_per_1000,"));
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["replications"], 2);
    assert_eq!(manifest["seed"], 20260101);
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    assert!(manifest["needs_simulated"].as_u64().unwrap() > 0);
    assert!(stdout(&o).contains("ED visits /1,000/yr"), "table printed");
}

#[test]
fn indicators_are_byte_identical_with_one_or_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str| {
        let out = dir.path().join(format!("t{threads}"));
        let o =
            parcours(&["run", "--replications", "4", "--years", "0.05", "--threads", threads, "--quiet", "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        (std::fs::read(out.join("indicators.csv")).unwrap(), std::fs::read(out.join("summary.csv")).unwrap())
    };
    let (one, two) = (run("1"), run("2"));
    assert!(one.0 == two.0, "indicators.csv differs between 1 and 2 threads");
    assert!(one.1 == two.1, "summary.csv differs between 1 and 2 threads");
}

fn bad(name: &str, text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), name, text);
    let o = parcours(&["run", p.to_str().unwrap(), "--quiet"]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "no panic: {err}");
    (o.status.code().unwrap(), err)
}

#[test]
fn malformed_toml_exits_2_with_a_line() {
    let (code, err) = bad("m.toml", "name = \"x\"\n[[territories]\n");
    assert_eq!(code, 2);
    assert!(err.contains("m.toml:2:"), "{err}");
}

#[test]
fn unknown_field_exits_2_naming_it() {
    let (code, err) = bad("u.toml", &common::small_scenario(100, 0.1, "colour = \"red\"\n"));
    assert_eq!(code, 2);
    assert!(err.contains("territories[0]") && err.contains("unknown field `colour`"), "{err}");
}

#[test]
fn negative_capacity_exits_2_naming_the_field() {
    let text = "name = \"x\"\n[[territories]]\nname = \"a\"\n[[territories.zones]]\nname = \"z\"\npopulation = 10\ndensity = \"rural\"\nx_km = 0\ny_km = 0\ngps = -1\n";
    let (code, err) = bad("n.toml", text);
    assert_eq!(code, 2);
    assert!(err.contains("n.toml:10: territories[0].zones[0].gps"), "{err}");
}

#[test]
fn empty_territory_exits_2_naming_the_field() {
    let (code, err) = bad("e.toml", "name = \"x\"\n[[territories]]\nname = \"a\"\nzones = []\n");
    assert_eq!(code, 2);
    assert!(err.contains("territories[0].zones") && err.contains("empty"), "{err}");
    let (code, err) = bad("e2.toml", &common::small_scenario(0, 0.1, ""));
    assert_eq!(code, 2);
    assert!(err.contains("territories[0].population"), "{err}");
}

#[test]
fn missing_file_and_bad_options_exit_2() {
    let o = parcours(&["run", "/nonexistent/scenario.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/scenario.toml: cannot read"));
    let o = parcours(&["run", "--replications", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--replications"));
}

#[test]
fn scenario_init_writes_a_template_that_checks() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.toml");
    let o = parcours(&["scenario", "init", "--out", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = parcours(&["scenario", "check", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("valid scenario"));
    // Refuses to overwrite.
    let o = parcours(&["scenario", "init", "--out", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn scenario_schema_is_json_schema_of_the_format() {
    let o = parcours(&["scenario", "schema"]);
    assert!(o.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(schema["properties"]["territories"].is_object());
    assert!(schema["properties"]["parameters"].is_object());
}

#[test]
fn every_library_scenario_checks() {
    // scenarios/, scenarios/real/ and scenarios/bench/: every file validates and its territories build.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut checked = 0;
    for dir in [root.clone(), root.join("real"), root.join("bench")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "toml") {
                let o = parcours(&["scenario", "check", p.to_str().unwrap()]);
                assert!(o.status.success(), "{}: {}", p.display(), stderr(&o));
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "only {checked} scenarios found");
}

#[test]
fn territory_show_summarises_a_real_departement() {
    let o = parcours(&["territory", "show", "departement=05"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("162 communes"), "{out}");
    assert!(out.contains("143,467 inhabitants"), "{out}");
    assert!(out.contains("| all | 162 |"), "the APL comparison is printed: {out}");
    let o = parcours(&["territory", "show", "departement=99"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("\"99\""));
    let o = parcours(&["territory", "show", "region=84"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn real_territory_errors_name_the_field() {
    let (code, err) = bad("r.toml", "name = \"x\"\n[[territories]]\nname = \"a\"\ndepartement = \"99\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("territories[0].departement") && err.contains("99"), "{err}");
    let (code, err) = bad("r2.toml", "name = \"x\"\n[[territories]]\nname = \"a\"\ncommunes = [\"05061\", \"00000\"]\n");
    assert_eq!(code, 2);
    assert!(err.contains("territories[0].communes") && err.contains("00000"), "{err}");
    let (code, err) = bad("r3.toml", "name = \"x\"\n[[territories]]\nname = \"a\"\ndepartement = \"05\"\narchetype = \"rural\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("only one of"), "{err}");
}

#[test]
fn parameter_docs_are_up_to_date() {
    let o = parcours(&["scenario", "params"]);
    let table = stdout(&o);
    let doc = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/parameters.md")).unwrap();
    assert!(doc.contains(&table), "docs/parameters.md is stale: regenerate its table with `cargo run -- scenario params`");
}

#[test]
fn variants_write_paired_differences_with_costs() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::small_scenario(3000, 0.2, "[[variants]]\nname = \"sas\"\nadd_policies = [{ type = \"sas\" }]\n");
    let p = write(dir.path(), "v.toml", &text);
    let out = dir.path().join("run");
    let o = parcours(&["run", p.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d = std::fs::read_to_string(out.join("differences.csv")).unwrap();
    assert!(
        d.starts_with("variant,territory,group,indicator,mean_diff,ci_low,ci_high,n,p_value,p_holm,mde,replications_for_mde_10pct\n"),
        "{d}"
    );
    assert!(d.contains("\nsas,valley,all,ed_visits_per_1000,"));
    assert!(d.contains("\nsas,valley,all,cost_total_per_inhabitant_eur,"));
    assert!(d.contains("\nsas,valley,all,icer_eur_per_avoided_ed_visit,"));
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.contains("\nbase,valley,all,") && summary.contains("\nsas,valley,all,sas_calls_per_1000,"));
    assert!(stdout(&o).contains("sas − base"), "the differences are printed");
}

#[test]
fn bad_policies_and_variants_exit_2_naming_the_field() {
    let cases = [
        ("[[policies]]\ntype = \"hospital_at_home\"\n", "policies[0].type", "unknown policy type"),
        ("[[policies]]\ntype = \"sas\"\ncall_share = 1.5\n", "policies[0].call_share", "share"),
        ("[[policies]]\ntype = \"sas\"\ncolour = 1\n", "policies[0]", "unknown field `colour`"),
        ("[[policies]]\ntype = \"sas\"\nzones = [\"atlantis\"]\n", "policies[0].zones[0]", "no zone is called"),
        ("[[policies]]\ntype = \"sas\"\n[[policies]]\ntype = \"sas\"\n", "policies[1].name", "two policies"),
        ("[[policies]]\ntype = \"sas\"\nstart_day = 10\nend_day = 5\n", "policies[0].end_day", "after start_day"),
        ("[[variants]]\nname = \"nothing\"\n", "variants[0]", "changes nothing"),
        ("[[variants]]\nname = \"v\"\nremove_policies = [\"ghost\"]\n", "variants[0].remove_policies[0]", "no policy called"),
        (
            "[[variants]]\nname = \"v\"\n[variants.parameters.gp]\nunscheduled_share = 2.0\n",
            "variants[0].parameters.gp.unscheduled_share",
            "share",
        ),
    ];
    for (extra, field, reason) in cases {
        let (code, err) = bad("p.toml", &common::small_scenario(100, 0.1, extra));
        assert_eq!(code, 2, "{extra}: {err}");
        assert!(err.contains(field) && err.contains(reason), "{extra}: expected {field} / {reason}, got {err}");
    }
}

/// A fresh user's `--years 0.001` ran and exited 0 with every indicator
/// "–": 0.001 × 365 = 0.365 days rounds to an empty window. Refused before
/// any simulation, naming the option (and the field in a file); one day
/// (0.0028 years, 1.02 days) is accepted.
#[test]
fn a_horizon_shorter_than_a_day_is_refused_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let o = parcours(&["run", "--years", "0.001", "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "--years: 0.001 years is less than one day of observation: nothing would be observed; give at least 0.0028 (one day)"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!out.join("run.json").exists());
    let file = write(dir.path(), "s.toml", &common::small_scenario(500, 0.001, ""));
    let o = parcours(&["scenario", "check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(":4: years: 0.001 years is less than one day"), "{}", stderr(&o));
    let file = write(dir.path(), "d.toml", &common::small_scenario(500, 0.0028, ""));
    assert!(parcours(&["scenario", "check", file.to_str().unwrap()]).status.success());
}

/// `--out` naming an existing file said "File exists (os error 17)".
#[test]
fn out_naming_a_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "notes.txt", "mine\n");
    let o = parcours(&["run", "--years", "0.01", "--replications", "1", "--quiet", "--out", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("--out {} is a file, not a folder", file.display())) && !err.contains("os error"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n", "the file is left alone");
    let below = file.join("run");
    let err = stderr(&parcours(&["run", "--years", "0.01", "--replications", "1", "--quiet", "--out", below.to_str().unwrap()]));
    assert!(err.contains(&format!("--out {}: {} is a file, not a folder", below.display(), file.display())), "{err}");
}
