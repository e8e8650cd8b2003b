//! `parcours validate`, end to end: the table, its files, its exit status.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};

/// A targets file on `small.toml`: one target of each kind. `ed_value` and
/// `ed_tolerance` decide whether the simulated one passes.
fn targets(ed_value: f64, ed_tolerance: f64) -> String {
    format!(
        "[[target]]\nlabel = \"ED <b>visits</b>\"\nscenario = \"small.toml\"\nindicator = \"ed_visits_per_1000\"\nvalue = {ed_value}\ntolerance = {ed_tolerance}\nsource = \"test\"\n\
         [[target]]\nlabel = \"treatable share\"\nscenario = \"small.toml\"\nindicator = \"ed_visits_per_1000.primary_care_treatable\"\ndenominator = \"ed_visits_per_1000\"\nvalue = 0.5\ntolerance = 0.5\n\
         [[target]]\nkind = \"input\"\nparameter = \"deterioration.overdue_factor\"\nindicator = \"overdue_factor\"\nvalue = 5.5\n\
         [[target]]\nkind = \"not_modelled\"\nindicator = \"x\"\nvalue = 1.0\nnote = \"why\"\n"
    )
}

fn run(dir: &std::path::Path, targets_text: &str, out: &str) -> std::process::Output {
    write(dir, "small.toml", &small_scenario(3000, 0.1, ""));
    let t = write(dir, "targets.toml", targets_text);
    let out = dir.join(out);
    parcours(&["validate", "--targets", t.to_str().unwrap(), "--replications", "2", "--out", out.to_str().unwrap()])
}

#[test]
fn met_targets_exit_zero_and_write_the_table_csv_json_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &targets(300.0, 1e6), "ok");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("ok");
    let csv = std::fs::read_to_string(out.join("validation.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[0]
        .starts_with("target,kind,scenario,territory,group,indicator,value,tolerance,simulated_mean,ci_low,ci_high,replications,status"));
    assert!(lines[1].contains(",pass,") && lines[2].contains(",pass,"), "{csv}");
    assert!(lines[3].contains(",input,") && lines[3].contains("5.5"), "{csv}");
    assert!(lines[4].contains(",not_modelled,"), "{csv}");
    // The share is a ratio of indicators: between 0 and 1.
    let share: f64 = lines[2].split(',').nth(8).unwrap().parse().unwrap();
    assert!(share > 0.0 && share < 1.0, "{share}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("validation.json")).unwrap()).unwrap();
    assert_eq!(json["provenance"]["failures"], 0);
    assert_eq!(json["provenance"]["scenarios"][0]["replications"], 2);
    assert_eq!(json["provenance"]["scenarios"][0]["seed"], 7);
    assert!(out.join("small").join("run.json").exists(), "the scenario's own outputs");
    let html = std::fs::read_to_string(out.join("validation.html")).unwrap();
    assert!(html.contains("ED &lt;b&gt;visits&lt;/b&gt;") && !html.contains("<b>visits"), "labels escaped");
    assert!(stdout(&o).contains("2 of 2 tested targets met (2 shown, not tested)"), "{}", stdout(&o));
}

#[test]
fn a_missed_target_exits_three_after_writing_everything() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &targets(1e6, 1.0), "miss");
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 target(s) not met"), "{}", stderr(&o));
    assert!(stdout(&o).contains("FAIL"));
    assert!(dir.path().join("miss").join("validation.json").exists());
}

#[test]
fn a_bad_targets_file_names_the_field_and_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "[[target]]\nscenario = \"atlantis\"\nindicator = \"ed_visits_per_1000\"\nvalue = 1.0\n\
               [[target]]\nkind = \"input\"\nparameter = \"choice.nope\"\nindicator = \"x\"\nvalue = 1.0\n";
    let o = run(dir.path(), bad, "bad");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("target[0].scenario") && e.contains("target[1].parameter"), "{e}");
    // A territory the scenario does not have is caught before simulating.
    let o = run(
        dir.path(),
        "[[target]]\nscenario = \"small.toml\"\nterritory = \"nowhere\"\nindicator = \"ed_visits_per_1000\"\nvalue = 1.0\n",
        "bad2",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
}

#[test]
fn a_window_in_the_summer_leave_is_warned_as_run_warns_it() {
    // Warm-up 182 days from 1 January, 0.1 year: 37 days from 2 July, in the GPs' summer leave.
    // `run` warns on stderr; `validate` now says the same on stderr and in validation.html.
    let dir = tempfile::tempdir().unwrap();
    let summer = small_scenario(3000, 0.1, "").replace("warmup_days = 30", "warmup_days = 182");
    let scenario = write(dir.path(), "small.toml", &summer);
    let t = write(dir.path(), "targets.toml", &targets(300.0, 1e6));
    let out = dir.path().join("v");
    let o = parcours(&["validate", "--targets", t.to_str().unwrap(), "--replications", "2", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = parcours(&["run", scenario.to_str().unwrap(), "--replications", "2", "-q", "--out", dir.path().join("r").to_str().unwrap()]);
    let said = "the observed window is 37 days, 2 July to 7 August (years = 0.1)";
    assert!(stderr(&r).contains(said), "{}", stderr(&r));
    assert!(stderr(&o).contains(&format!("warning: small.toml: {said}")), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("validation.html")).unwrap();
    assert!(html.contains("la période observée dure 37 jours, du 2 juillet au 7 août"), "report in French by default");
}

/// Targets that are only inputs or not modelled run no scenario, so no
/// scenario's run made the folder: `validate` creates it itself (a folder
/// two levels deep that does not exist), locks it like a run's, and writes
/// the table there; a second validation into it is accepted (its lock file
/// and validation.json mark it as parcours's).
#[test]
fn targets_that_run_no_scenario_write_into_a_folder_validate_creates() {
    let dir = tempfile::tempdir().unwrap();
    let only = "[[target]]\nkind = \"input\"\nparameter = \"deterioration.overdue_factor\"\nindicator = \"overdue_factor\"\nvalue = 5.5\n\
                [[target]]\nkind = \"not_modelled\"\nindicator = \"x\"\nvalue = 1.0\nnote = \"why\"\n";
    let t = write(dir.path(), "targets.toml", only);
    let out = dir.path().join("new").join("v");
    for _ in 0..2 {
        let o = parcours(&["validate", "--targets", t.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let csv = std::fs::read_to_string(out.join("validation.csv")).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3, "header and the two rows: {csv}");
        assert!(lines[1].contains(",input,") && lines[2].contains(",not_modelled,"), "{csv}");
        assert!(out.join("validation.json").is_file() && out.join(".parcours.lock").is_file());
    }
}
