//! Experiments end to end: sweeps, sensitivity, calibration, probabilistic
//! sensitivity analysis, replication control, resuming and sharding.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};
use parcours::commands::{self, ExecOptions, Outcome};
use parcours::experiment::{Command, Plan};
use std::path::Path;

/// A small scenario and an experiment over it, in `dir`.
fn experiment(dir: &Path, body: &str) -> std::path::PathBuf {
    write(dir, "small.toml", &small_scenario(3000, 0.25, ""));
    write(dir, "exp.toml", &format!("name = \"exp\"\nscenario = \"small.toml\"\n{body}"))
}

const GRID: &str = r#"
replications = 2
[[parameters]]
path = "parameters.choice.asc_ed"
values = [-6.0, -5.0]
[[parameters]]
path = "territories.valley.population"
low = 2000
high = 3000
[design]
kind = "grid"
levels = 3
"#;

fn read(dir: &Path, f: &str) -> Vec<u8> {
    std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
}

#[test]
fn a_grid_sweep_writes_points_and_a_point_column() {
    let dir = tempfile::tempdir().unwrap();
    let exp = experiment(dir.path(), GRID);
    let out = dir.path().join("out");
    let o = parcours(&["sweep", exp.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let points = String::from_utf8(read(&out, "points.csv")).unwrap();
    assert_eq!(points.lines().count(), 1 + 6, "2 × 3 grid:\n{points}");
    assert!(points.starts_with("point,parameters.choice.asc_ed,territories.valley.population\n0,-6,2000\n"), "{points}");
    let summary = String::from_utf8(read(&out, "summary.csv")).unwrap();
    assert!(summary.starts_with("point,variant,territory,group,indicator,mean,ci_low,ci_high,n\n"));
    // The population factor reached the scenario (an integer field).
    assert!(summary.contains("\n2,base,valley,all,population,3000.0,"), "point 2 has 3000 inhabitants");
    assert!(summary.contains("\n0,base,valley,all,population,2000.0,"));
    // A higher ED constant gives more ED visits (same seeds: paired).
    let ed = |p: u32| -> f64 {
        let line = summary.lines().find(|l| l.starts_with(&format!("{p},base,valley,all,ed_visits_per_1000,"))).unwrap();
        line.split(',').nth(5).unwrap().parse().unwrap()
    };
    assert!(ed(4) > ed(1), "asc_ed −5 vs −6: {} vs {}", ed(4), ed(1));
    let manifest: serde_json::Value = serde_json::from_slice(&read(&out, "run.json")).unwrap();
    assert_eq!(manifest["command"], "sweep");
    assert_eq!(manifest["points"], 6);
    assert_eq!(manifest["tasks"], 12);
}

#[test]
fn resuming_redoes_nothing_and_sharded_runs_merge_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let exp = experiment(dir.path(), GRID);
    let exp = exp.to_str().unwrap();
    let single = dir.path().join("single");
    let o = parcours(&["sweep", exp, "--quiet", "--threads", "2", "--out", single.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Three shards, each into its own folder, merged.
    let shards: Vec<_> = (0..3).map(|i| dir.path().join(format!("shard{i}"))).collect();
    for (i, s) in shards.iter().enumerate() {
        let o = parcours(&["sweep", exp, "--quiet", "--task-index", &i.to_string(), "--task-count", "3", "--out", s.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let said = stdout(&o);
        assert!(said.contains(&format!("shard {i} of 3 (indices 0 to 2): 4 tasks done")), "{said}");
        // Every shard's command, not only this one's, and the merge.
        assert!(
            said.contains("each shard I = 0, 1, …, 2 runs: parcours sweep") && said.contains("--task-index I --task-count 3"),
            "{said}"
        );
        assert!(said.contains("sbatch --array=0-2") && said.contains("parcours merge"), "{said}");
        assert!(!s.join("summary.csv").exists(), "a shard leaves the outputs to merge");
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|s| s.to_str().unwrap()));
    args.extend(["--out", merged.to_str().unwrap()]);
    let o = parcours(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["points.csv", "indicators.csv", "summary.csv", "differences.csv"] {
        assert!(read(&single, f) == read(&merged, f), "{f}: merged differs from the single run");
    }

    // Merging incomplete shards is refused, naming what is missing.
    let o = parcours(&["merge", shards[0].to_str().unwrap(), "--out", dir.path().join("m2").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("8 of 12 tasks are missing"), "{}", stderr(&o));

    // Resume: shard 0's folder, run in full, reuses its 4 tasks and gives the same bytes.
    let o = parcours(&["sweep", exp, "--out", shards[0].to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("12 tasks (8 run now, 4 found done)"), "{}", stdout(&o));
    for f in ["indicators.csv", "summary.csv"] {
        assert!(read(&single, f) == read(&shards[0], f), "{f}: resumed run differs");
    }
    // The folder now holds this plan: another seed is refused, nothing overwritten.
    let o = parcours(&["sweep", exp, "--seed", "9", "--out", shards[0].to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("holds the results of another run"), "{}", stderr(&o));
}

#[test]
fn slurm_array_variables_choose_the_shard() {
    let dir = tempfile::tempdir().unwrap();
    let exp = experiment(dir.path(), GRID);
    let out = dir.path().join("s");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["sweep", exp.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()])
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "4")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    // Shard 1 of 4 owns tasks 1, 5, 9 of the 12.
    let mut ids: Vec<String> =
        std::fs::read_dir(out.join("tasks")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, ["p00000-v00-r00001.json", "p00002-v00-r00001.json", "p00004-v00-r00001.json"]);
}

#[test]
fn one_at_a_time_sensitivity_gives_a_tornado_table() {
    let dir = tempfile::tempdir().unwrap();
    let exp = experiment(
        dir.path(),
        r#"
replications = 2
indicators = ["ed_visits_per_1000", "avoidable_hosp_per_1000"]
[[parameters]]
path = "parameters.choice.asc_ed"
low = -6.5
high = -4.5
[[parameters]]
path = "parameters.deterioration.chronic_decompensation_per_year"
low = 0.005
high = 0.04
[sensitivity]
method = "oat"
"#,
    );
    let out = dir.path().join("out");
    let o = parcours(&["sensitivity", exp.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = String::from_utf8(read(&out, "sensitivity.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + 2 * 2, "{csv}");
    // ED visits respond most to the ED constant, avoidable hospitalisations to decompensation.
    assert!(rows[1].starts_with("base,valley,ed_visits_per_1000,parameters.choice.asc_ed,"), "{csv}");
    assert!(rows[3].starts_with("base,valley,avoidable_hosp_per_1000,parameters.deterioration.chronic_decompensation_per_year,"), "{csv}");
    assert!(stdout(&o).contains("one-at-a-time sensitivity"));
}

/// Calibration recovers parameters from targets the model itself produced:
/// targets are the outputs at asc_ed = −5.4 and decompensation 0.02 per
/// year (2 replications of 8,000 inhabitants; the decompensation rate is read on the avoidable
/// admissions it causes, the chronic ones: since issue 17 acute needs that
/// wait for their GP escalate more, and the acute part only adds noise); from ranges [−7, −4] and [0.005, 0.04] the search
/// must come back within 0.35 and 0.006 of them (about 12 % of each range).
#[test]
fn calibration_recovers_known_parameters() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "small.toml", &small_scenario(8000, 0.5, ""));
    let truth_exp = write(
        dir.path(),
        "truth.toml",
        "name = \"truth\"\nscenario = \"small.toml\"\nreplications = 2\n\
         [[parameters]]\npath = \"parameters.choice.asc_ed\"\nvalues = [-5.4]\n\
         [[parameters]]\npath = \"parameters.deterioration.chronic_decompensation_per_year\"\nvalues = [0.02]\n\
         [design]\nkind = \"grid\"\n",
    );
    let mut truth = Plan::load(Command::Sweep, &truth_exp, Default::default()).unwrap();
    let opts = ExecOptions::new(dir.path().join("truth"));
    let Outcome::Complete { written, .. } = commands::execute(&mut truth, &opts, &|_, _| {}).unwrap() else { panic!("incomplete") };
    let value = |ind: &str| written.summary.iter().find(|r| r.group == "all" && r.indicator == ind).unwrap().mean;
    let (ed, hosp, forgone) = (value("ed_visits_per_1000"), value("avoidable_hosp_chronic_per_1000"), value("forgone_care_rate"));
    let exp = write(
        dir.path(),
        "cal.toml",
        &format!(
            "name = \"cal\"\nscenario = \"small.toml\"\nreplications = 2\n\
             [[parameters]]\npath = \"parameters.choice.asc_ed\"\nlow = -7.0\nhigh = -4.0\n\
             [[parameters]]\npath = \"parameters.deterioration.chronic_decompensation_per_year\"\nlow = 0.005\nhigh = 0.04\n\
             [calibration]\nscreening = 10\niterations = 40\n\
             [[calibration.target]]\nindicator = \"ed_visits_per_1000\"\nvalue = {ed}\ntolerance = {}\n\
             [[calibration.target]]\nindicator = \"avoidable_hosp_chronic_per_1000\"\nvalue = {hosp}\ntolerance = {}\n\
             [[calibration.target]]\nindicator = \"forgone_care_rate\"\nvalue = {forgone}\ntolerance = {}\n",
            // 4 %: an asc_ed error of 0.1 (inside the ±0.35 asserted below)
            // moves ED visits by about 2 %, so a 2 % fit tolerance was
            // stricter than the recovery it checks (it failed at −5.51 once
            // the escalation default became 0.033).
            ed * 0.04,
            hosp * 0.05,
            forgone * 0.02
        ),
    );
    let mut plan = Plan::load(Command::Calibrate, &exp, Default::default()).unwrap();
    let opts = ExecOptions::new(dir.path().join("cal"));
    let Outcome::Complete { extra: commands::Extra::Calibration(c), .. } = commands::execute(&mut plan, &opts, &|_, _| {}).unwrap() else {
        panic!("no calibration")
    };
    let (asc, rate) = (c.best_values[0].1, c.best_values[1].1);
    eprintln!(
        "recovered asc_ed {asc} (true −5.4), decompensation {rate} (true 0.02), distance {}, {} candidates",
        c.distance, c.evaluations
    );
    assert!((asc + 5.4).abs() < 0.35, "asc_ed {asc} vs −5.4 (distance {})", c.distance);
    assert!((rate - 0.02).abs() < 0.006, "decompensation {rate} vs 0.02 (distance {})", c.distance);
    assert!(c.fit.iter().all(|f| f.within_tolerance), "{:?}", c.fit);
    for f in ["history.csv", "fit.csv", "best.toml", "calibrated-scenario.toml"] {
        assert!(dir.path().join("cal").join(f).exists(), "{f}");
    }
    // The calibrated scenario is a valid scenario holding the best values.
    let s = parcours::scenario::load(&dir.path().join("cal/calibrated-scenario.toml")).unwrap();
    assert_eq!(s.base.parameters.choice.asc_ed, asc);
}

#[test]
fn distributions_are_drawn_per_replication_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let text = small_scenario(3000, 0.25, "[parameters.choice]\nasc_ed = { dist = \"normal\", mean = -5.4, sd = 0.3 }\n[[variants]]\nname = \"sas\"\nadd_policies = [{ type = \"sas\", participation = { dist = \"beta\", mean = 0.5, sd = 0.1 } }]\n");
    let file = write(dir.path(), "psa.toml", &text);
    let out = dir.path().join("out");
    let o = parcours(&["run", file.to_str().unwrap(), "--replications", "3", "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let psa = String::from_utf8(read(&out, "psa.csv")).unwrap();
    let lines: Vec<&str> = psa.lines().collect();
    assert_eq!(lines[0], "replication,parameter,value");
    assert_eq!(lines.len(), 1 + 3 * 2, "{psa}");
    let asc: Vec<f64> =
        lines.iter().filter(|l| l.contains("parameters.choice.asc_ed")).map(|l| l.rsplit(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(asc.len(), 3);
    assert!(asc[0] != asc[1] && asc[1] != asc[2], "each replication draws: {asc:?}");
    assert!(asc.iter().all(|v| (-6.6..-4.2).contains(v)), "within 4 sd: {asc:?}");
    assert!(psa.contains("variants.sas.add_policies.sas.participation"), "{psa}");
    let manifest: serde_json::Value = serde_json::from_slice(&read(&out, "run.json")).unwrap();
    assert_eq!(manifest["uncertain_parameters"].as_array().unwrap().len(), 2);
    // Same seed, same draws.
    let again = dir.path().join("again");
    let o =
        parcours(&["run", file.to_str().unwrap(), "--replications", "3", "--quiet", "--threads", "1", "--out", again.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(read(&out, "psa.csv") == read(&again, "psa.csv") && read(&out, "summary.csv") == read(&again, "summary.csv"));
    // A bad distribution names the file, the field and the reason.
    let bad = write(
        dir.path(),
        "bad.toml",
        &small_scenario(3000, 0.25, "[parameters.choice]\nasc_ed = { dist = \"beta\", mean = 2, sd = 0.1 }\n"),
    );
    let o = parcours(&["scenario", "check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.toml") && stderr(&o).contains("parameters.choice.asc_ed") && stderr(&o).contains("beta"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn precision_adds_replications_until_the_interval_is_narrow() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(3000, 0.25, ""));
    let out = dir.path().join("out");
    let o = parcours(&[
        "run",
        file.to_str().unwrap(),
        "--replications",
        "3",
        "--precision",
        "0.02",
        "--precision-indicators",
        "ed_visits_per_1000",
        "--max-replications",
        "60",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest: serde_json::Value = serde_json::from_slice(&read(&out, "run.json")).unwrap();
    let n = manifest["replications"].as_u64().unwrap();
    assert!(n > 3 && n <= 60, "replications {n}");
    let line = stdout(&o).lines().find(|l| l.starts_with("precision: ed_visits_per_1000")).unwrap().to_string();
    let pct: f64 = line.split("= ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(pct <= 2.0 || n == 60, "{line}");
}

/// `--precision-on differences`: replications are added until the paired
/// half-width of variant − base is at most R of the base's mean, read back
/// from differences.csv and summary.csv (not from the code under test), and
/// a scenario without variants is refused with the reason.
#[test]
fn precision_on_differences_targets_the_paired_half_width() {
    let dir = tempfile::tempdir().unwrap();
    let variant = "[[variants]]\nname = \"tele\"\nadd_policies = [{ type = \"teleconsultation\", name = \"tele\" }]\n";
    let file = write(dir.path(), "s.toml", &small_scenario(3000, 0.25, variant));
    let out = dir.path().join("out");
    let args = |file: &str, out: &str| {
        vec![
            "run".to_string(),
            file.into(),
            "--replications".into(),
            "3".into(),
            "--precision".into(),
            "0.01".into(),
            "--precision-on".into(),
            "differences".into(),
            "--precision-indicators".into(),
            "ed_visits_per_1000".into(),
            "--max-replications".into(),
            "40".into(),
            "--no-report".into(),
            "--out".into(),
            out.into(),
        ]
    };
    let a = args(file.to_str().unwrap(), out.to_str().unwrap());
    let o = parcours(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let n = serde_json::from_slice::<serde_json::Value>(&read(&out, "run.json")).unwrap()["replications"].as_u64().unwrap();
    let field = |file: &str, prefix: &str, col: usize| -> f64 {
        let text = String::from_utf8(read(&out, file)).unwrap();
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} in {file}"))
            .split(',')
            .nth(col)
            .unwrap()
            .parse()
            .unwrap()
    };
    let base = field("summary.csv", "base,valley,all,ed_visits_per_1000,", 4);
    let (lo, hi) = (
        field("differences.csv", "tele,valley,all,ed_visits_per_1000,", 5),
        field("differences.csv", "tele,valley,all,ed_visits_per_1000,", 6),
    );
    let relative = (hi - lo) / 2.0 / base;
    assert!(n > 3, "the target needs more than 3 replications: {n}");
    assert!(relative <= 0.01 || n == 40, "paired half-width {relative:.4} of the base at {n} replications");
    assert!(stdout(&o).contains("of the base's mean (paired difference variant − base)"), "{}", stdout(&o));

    let plain = write(dir.path(), "plain.toml", &small_scenario(3000, 0.25, ""));
    let a = args(plain.to_str().unwrap(), dir.path().join("out2").to_str().unwrap());
    let o = parcours(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no variant"), "{}", stderr(&o));
}

#[test]
fn experiment_errors_name_the_file_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[[parameters]]\npath = \"parameters.choice.asc_ed\"\nlow = 1\nhigh = 0\n[design]\nkind = \"latin_hypercube\"\nsamples = 4\n",
            "parameters[0].low",
        ),
        ("[[parameters]]\npath = \"parameters.choice.asc_ed\"\nlow = 0\nhigh = 1\n[design]\nkind = \"cube\"\n", "design.kind"),
        ("[[parameters]]\npath = \"policies.sas.participation\"\nvalues = [0.5]\n[design]\nkind = \"grid\"\n", "has no \"policies\""),
        ("[[parameters]]\npath = \"parameters.choice.asc_ed\"\nvalues = [0.5]\n", "needs a [design] table"),
        ("[[parameters]]\npath = \"parameters.choice.nope\"\nvalues = [0.5]\n[design]\nkind = \"grid\"\n", "unknown field"),
        ("colour = 1\n", "unknown field `colour`"),
    ];
    for (body, expected) in cases {
        let exp = experiment(dir.path(), body);
        let o = parcours(&["sweep", exp.to_str().unwrap(), "--quiet", "--out", dir.path().join("o").to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{body}: {}", stderr(&o));
        assert!(stderr(&o).contains("exp.toml") || stderr(&o).contains("small.toml"), "{body}: names the file: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{body}: {}", stderr(&o));
    }
}

#[test]
fn every_library_experiment_builds_its_plan() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/experiments");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("\nscenario = ") {
            continue; // a targets file
        }
        for (table, command) in
            [("[design]", Command::Sweep), ("[sensitivity]", Command::Sensitivity), ("[calibration]", Command::Calibrate)]
        {
            if text.contains(table) {
                let plan = Plan::load(command, &path, Default::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert!(!plan.points.is_empty());
                if command == Command::Calibrate {
                    let targets = parcours::experiment::calibrate::targets(&plan, &dir).unwrap();
                    assert!(!targets.is_empty());
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 4, "{checked} experiments checked");
}

/// A fresh user's `indicators = ["ed_visit_per_1000"]` was refused only
/// after its 24 tasks had run, and the rerun into the same folder was then
/// refused too. The name is checked when the plan is built: the command
/// fails with exit 2 naming the field and the nearest indicator, and no
/// task was written (the folder is not even claimed).
#[test]
fn an_unknown_experiment_indicator_is_refused_before_any_simulation() {
    let dir = tempfile::tempdir().unwrap();
    let exp = experiment(
        dir.path(),
        "replications = 2\nindicators = [\"ed_visit_per_1000\"]\n\
         [[parameters]]\npath = \"parameters.choice.asc_ed\"\nlow = -6.5\nhigh = -4.5\n[sensitivity]\nmethod = \"oat\"\n",
    );
    let out = dir.path().join("out");
    let o = parcours(&["sensitivity", exp.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("indicators[0]: no indicator named \"ed_visit_per_1000\"; did you mean `ed_visits_per_1000`?"), "{err}");
    assert!(!out.join("tasks").exists() && !out.join("plan.json").exists(), "nothing ran");
    // The corrected experiment then runs into the same folder.
    let fixed = std::fs::read_to_string(&exp).unwrap().replace("ed_visit_per_1000", "ed_visits_per_1000");
    std::fs::write(&exp, fixed).unwrap();
    let o = parcours(&["sensitivity", exp.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A fresh user's `--precision 0.05 --max-replications 6` ended with 14 %
/// half-widths and exit 0, silently. At the cap with the target missed, a
/// warning names the widest half-width and its indicator, and run.json
/// records it (500 inhabitants over 0.05 years: a handful of ED visits per
/// replication, far from a 1 % half-width at 3 replications).
#[test]
fn a_precision_target_missed_at_the_cap_is_said_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(500, 0.05, ""));
    let out = dir.path().join("out");
    let args = ["run", file.to_str().unwrap(), "--quiet", "--precision", "0.01", "--precision-indicators", "ed_visits_per_1000"];
    let o = parcours(&[&args[..], &["--max-replications", "3", "--out", out.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning: precision target not met: 3 replications (the cap, --max-replications 3) leave a 95 % half-width of ")
            && err.contains("% of the mean for ed_visits_per_1000, above the 1 % asked"),
        "{err}"
    );
    let manifest: serde_json::Value = serde_json::from_slice(&read(&out, "run.json")).unwrap();
    let p = &manifest["precision"];
    assert_eq!((p["met"].as_bool(), p["target"].as_f64(), p["max_replications"].as_u64()), (Some(false), Some(0.01), Some(3)), "{p}");
    assert_eq!(p["widest_indicator"], "ed_visits_per_1000");
    assert!(p["widest_relative_half_width"].as_f64().unwrap() > 0.01, "{p}");
    // A run without --precision records nothing of it.
    let plain = dir.path().join("plain");
    assert!(parcours(&["run", file.to_str().unwrap(), "--quiet", "--out", plain.to_str().unwrap()]).status.success());
    let manifest: serde_json::Value = serde_json::from_slice(&read(&plain, "run.json")).unwrap();
    assert!(manifest.get("precision").is_none());
}

/// Break caught: a documented range not taken, or a whole-number parameter
/// the scenario does not write set as a decimal (`horizon_days = 120.0`
/// refused at the baseline point, stop 45's trial). OAT on two parameters
/// given by their path alone: `sensitivity.csv` holds the documented ranges
/// (docs/parameters.md: horizon 60–180 days, beta_delay −0.7 … −0.15) around
/// the defaults (120, −0.35), by hand.
#[test]
fn a_sensitivity_takes_the_documented_ranges_and_rounds_whole_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let body = "replications = 2\nyears = 0.05\n[[parameters]]\npath = \"parameters.booking.horizon_days\"\n\
                [[parameters]]\npath = \"parameters.choice.beta_delay_per_day\"\n[sensitivity]\nmethod = \"oat\"\n";
    let exp = experiment(dir.path(), body);
    let out = dir.path().join("out");
    let o = parcours(&["sensitivity", exp.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = String::from_utf8(read(&out, "sensitivity.csv")).unwrap();
    let bounds = |p: &str| -> Vec<String> {
        let line = csv.lines().find(|l| l.contains(&format!(",{p},"))).unwrap_or_else(|| panic!("{p} in {csv}"));
        line.split(',').skip(4).take(3).map(String::from).collect()
    };
    assert_eq!(bounds("parameters.booking.horizon_days"), ["60.0", "120.0", "180.0"]);
    assert_eq!(bounds("parameters.choice.beta_delay_per_day"), ["-0.7", "-0.35", "-0.15"]);
}

/// Break caught (stop 45's trial): the folder's `experiment.toml` naming the
/// scenario file it was run with, which the folder does not hold. Rerun from
/// the folder alone, the experiment gives the same `sensitivity.csv`, byte for byte.
#[test]
fn an_experiment_reruns_from_its_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let body = "replications = 2\nyears = 0.05\n[[parameters]]\npath = \"parameters.choice.beta_delay_per_day\"\n[sensitivity]\nmethod = \"oat\"\n";
    let exp = experiment(dir.path(), body);
    let (first, again) = (dir.path().join("first"), dir.path().join("again"));
    let o = parcours(&["sensitivity", exp.to_str().unwrap(), "--quiet", "--out", first.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = String::from_utf8(read(&first, "experiment.toml")).unwrap();
    assert!(copy.contains("scenario = \"scenario.toml\""), "{copy}");
    let o = parcours(&["sensitivity", first.join("experiment.toml").to_str().unwrap(), "--quiet", "--out", again.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&first, "sensitivity.csv") == read(&again, "sensitivity.csv"));
}

/// One-at-a-time swings carry the interval and the Holm-adjusted test of
/// their differences paired by replication, computed here by hand from
/// outputs given to each (point, replication): two factors, three
/// replications, two indicators. ED visits: factor 1 (asc_ed) high − low =
/// 2, 3, 4 (mean 3, sd 1; t(0.975, 2) = 4.302653, the closed form for 2
/// degrees of freedom: 3 ± 4.302653/√3 = [0.51586, 5.48414]; t = 3√3,
/// p = 1 − t/√(2 + t²) = 0.035099); factor 2 (decompensation) 0.5, −0.5,
/// 0.3 (mean 0.1, sd 0.52915, t = 0.32733, p = 0.77451). Avoidable
/// hospitalisations: factor 1 1, 2, 3 (t = 2√3, p = 0.074180), factor 2
/// 0, 0, 0 (no test, not counted). Holm over the three tests of the
/// variant: 3 × 0.035099 = 0.10530, max(2 × 0.074180, 0.10530) = 0.14836,
/// 0.77451. None is distinguishable, although factor 1's own intervals
/// exclude 0.
#[test]
fn oat_swings_have_paired_intervals_and_holm_adjusted_tests() {
    use parcours::experiment::sensitivity::one_at_a_time;
    use parcours::experiment::tasks::TaskResult;
    let dir = tempfile::tempdir().unwrap();
    let body = "replications = 3\nindicators = [\"ed_visits_per_1000\", \"avoidable_hosp_per_1000\"]\n\
                [[parameters]]\npath = \"parameters.choice.asc_ed\"\nlow = -6.5\nhigh = -4.5\n\
                [[parameters]]\npath = \"parameters.deterioration.chronic_decompensation_per_year\"\nlow = 0.005\nhigh = 0.04\n\
                [sensitivity]\nmethod = \"oat\"\n";
    let exp = experiment(dir.path(), body);
    let plan = Plan::load(Command::Sensitivity, &exp, Default::default()).unwrap();
    assert_eq!(plan.points.len(), 5, "baseline, then each factor at low and high");
    // Outputs by (point, replication): baseline 100; factor 1 low 100, high
    // 102, 103, 104; factor 2 low 100, high 100.5, 99.5, 100.3.
    let output = |point: u32, r: u32| -> f64 {
        match point {
            2 => 102.0 + f64::from(r),
            4 => [100.5, 99.5, 100.3][r as usize],
            _ => 100.0,
        }
    };
    let tasks: Vec<TaskResult> = (0..5)
        .flat_map(|point| (0..3).map(move |r| (point, r)))
        .map(|(point, replication)| TaskResult {
            point,
            arm: 0,
            variant: "base".into(),
            replication,
            needs: 0,
            events: 0,
            draws: Vec::new(),
            rows: vec![
                (0, "all".into(), "ed_visits_per_1000".into(), output(point, replication)),
                (0, "all".into(), "avoidable_hosp_per_1000".into(), if point == 2 { 6.0 + f64::from(replication) } else { 5.0 }),
            ],
            weekly: Vec::new(),
            zones: Vec::new(),
            histograms: Vec::new(),
        })
        .collect();
    let rows = one_at_a_time(&plan, &tasks);
    assert_eq!(rows.len(), 4);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-4;
    let first = &rows[0];
    assert_eq!(first.parameter, "parameters.choice.asc_ed", "largest swing first");
    assert!(close(first.swing, 3.0) && first.n == 3, "{first:?}");
    assert!(close(first.change_ci_low, 0.51586) && close(first.change_ci_high, 5.48414), "{first:?}");
    assert!(close(first.p_value, 0.035099) && close(first.p_holm, 0.10530), "{first:?}");
    assert!(!first.distinguishable(), "Holm over three swings: 0.105 ≥ 0.05");
    let second = &rows[1];
    assert!(close(second.swing, 0.1) && close(second.p_value, 0.77451) && close(second.p_holm, 0.77451), "{second:?}");
    assert!(!second.distinguishable());
    let hosp = &rows[2];
    assert_eq!((hosp.indicator.as_str(), hosp.parameter.as_str()), ("avoidable_hosp_per_1000", "parameters.choice.asc_ed"));
    assert!(close(hosp.swing, 2.0) && close(hosp.p_value, 0.074180) && close(hosp.p_holm, 0.14836), "{hosp:?}");
    let none = &rows[3];
    assert!(none.swing == 0.0 && none.p_value.is_nan() && none.p_holm.is_nan() && none.change_ci_low == 0.0, "{none:?}");
    // One replication: no interval, no test.
    let one: Vec<TaskResult> = tasks.into_iter().filter(|t| t.replication == 0).collect();
    let rows = one_at_a_time(&plan, &one);
    assert!(rows.iter().all(|r| r.n == 1 && r.change_ci_low.is_nan() && r.p_value.is_nan() && r.p_holm.is_nan()), "{rows:?}");
}
