//! What the outputs say when a statistic cannot be computed, and the rough
//! edges of the command line (issues 14 §4 and 22 §3), end to end.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};
use std::path::Path;

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const SAS: &str = "[[variants]]\nname = \"sas\"\nadd_policies = [{ type = \"sas\", participation = 0.5 }]\n";

#[test]
fn one_replication_gives_no_interval_anywhere_and_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(3000, 0.05, SAS));
    let out = dir.path().join("out");
    let o = parcours(&["run", file.to_str().unwrap(), "--replications", "1", "--lang", "en", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // summary.csv and differences.csv: a mean, empty ci_low and ci_high, n = 1 (was "3.09,3.09,3.09,1").
    let summary = read(&out, "summary.csv");
    let row = summary.lines().find(|l| l.starts_with("base,valley,all,ed_visits_per_1000,")).unwrap();
    assert!(row.ends_with(",,,1"), "{row}");
    let diffs = read(&out, "differences.csv");
    let row = diffs.lines().find(|l| l.starts_with("sas,valley,all,delay_mean_days,")).unwrap();
    // Nor a p-value, an adjusted p-value, an MDE or replications needed.
    assert!(row.ends_with(",,,1,,,,"), "{row}");
    for line in summary.lines().chain(diffs.lines()).skip(1) {
        assert!(!line.contains("NaN"), "a number that is not one: {line}");
    }
    // The terminal shows "[–]" and says why; stderr warns once.
    let text = stdout(&o);
    assert!(text.contains("[–]") && text.contains("fewer than 2 replications"), "{text}");
    let warnings = stderr(&o).matches("no 95 % interval").count();
    assert_eq!(warnings, 1, "{}", stderr(&o));
    // The report neither: no "[x; x]" interval, a footnote instead.
    let report = read(&out, "report.html");
    assert!(report.contains("[–]") && report.contains("fewer than 2 replications"));
}

#[test]
fn precision_counts_its_own_rounds_as_run_now() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(2000, 0.05, ""));
    let out = dir.path().join("out");
    let args = |out: &Path| {
        vec![
            "run".to_string(),
            file.to_str().unwrap().into(),
            "--precision".into(),
            "0.0001".into(),
            "--max-replications".into(),
            "5".into(),
            "--no-report".into(),
            "--out".into(),
            out.to_str().unwrap().into(),
        ]
    };
    let a = args(&out);
    let o = parcours(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "run.json")).unwrap();
    assert_eq!(manifest["replications"], 5, "two rounds: 3 then 5 replications");
    // Was tasks_run_now 2, tasks_reused 3: the first round counted as found done.
    assert_eq!(manifest["tasks_run_now"], 5);
    assert_eq!(manifest["tasks_reused"], 0);
    assert!(stdout(&o).contains("5 tasks (5 run now, 0 found done)"), "{}", stdout(&o));
    // Run again into the same folder: everything is found done, nothing run.
    let o = parcours(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "run.json")).unwrap();
    assert_eq!((manifest["tasks_run_now"].as_u64(), manifest["tasks_reused"].as_u64()), (Some(0), Some(5)));
}

#[test]
fn what_cannot_be_computed_is_not_available_not_a_number() {
    let dir = tempfile::tempdir().unwrap();
    // Five inhabitants: most weeks see no consultation at all (five zones: a zone needs inhabitants).
    let file = write(dir.path(), "s.toml", &small_scenario(5, 0.2, "").replace("zone_count = 9", "zone_count = 5"));
    let out = dir.path().join("out");
    let o = parcours(&[
        "run",
        file.to_str().unwrap(),
        "--replications",
        "3",
        "--precision",
        "0.5",
        "--precision-indicators",
        "sas_calls_per_1000",
        "--max-replications",
        "3",
        "--no-report",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // An empty week has no mean delay: an empty cell (was 0, a delay of zero days).
    let series = read(&out, "series.csv");
    let empty_weeks: Vec<&str> = series.lines().filter(|l| l.split(',').nth(4) == Some("0")).collect();
    assert!(!empty_weeks.is_empty(), "some weeks without consultations:\n{series}");
    for l in empty_weeks {
        assert_eq!(l.split(',').nth(5), Some(""), "{l}");
    }
    // An output 0 in every replication (no SAS: no call) has no relative precision, 0 / 0 (was "0.00 %").
    let line = stdout(&o).lines().find(|l| l.starts_with("precision: sas_calls_per_1000")).unwrap().to_string();
    assert!(line.contains("not available"), "{line}");
}

// ---- issue 22 §3: rough edges ----

fn run_ok(args: &[&str]) -> std::process::Output {
    let o = parcours(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    o
}

#[test]
fn a_closed_stdout_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    for args in [&["territory", "show", "departement=05"][..], &["scenario", "init"], &["scenario", "schema"], &["scenario", "params"]] {
        let mut child =
            Command::new(env!("CARGO_BIN_EXE_parcours")).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        drop(child.stdout.take()); // `| head -0`: the reader is gone before anything is written
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        // Was: "failed printing to stdout: Broken pipe" panic, "internal error", exit 1.
        assert!(!err.contains("panicked") && !err.contains("internal error"), "{args:?}: {err}");
        assert!(o.status.code() == Some(0) || o.status.signal() == Some(libc_sigpipe()), "{args:?}: {:?}", o.status);
    }
}

/// SIGPIPE (13 on Linux and macOS).
fn libc_sigpipe() -> i32 {
    13
}

fn bad_scenario(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", text);
    let o = parcours(&["scenario", "check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    stderr(&o)
}

#[test]
fn a_mistyped_field_gets_the_nearest_known_one() {
    let e = bad_scenario(&small_scenario(100, 0.1, "[[policies]]\ntype = \"sas\"\nparticpation = 0.5\n"));
    assert!(e.contains("did you mean `participation`?"), "{e}");
    assert!(e.contains("`start_day`") && e.contains("`zones`") && e.contains("`call_share`"), "common and own fields listed: {e}");
    let e = bad_scenario("name = \"x\"\n[[territories]]\nname = \"creuse\"\ndepartment = \"23\"\n");
    assert!(e.contains("did you mean `departement`?"), "{e}");
    let o = parcours(&["territory", "show", "department=23"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `departement`?"), "{}", stderr(&o));
    let e = bad_scenario(&small_scenario(100, 0.1, "[[policies]]\ntype = \"saas\"\n"));
    assert!(e.contains("did you mean `sas`?"), "{e}");
    let e = bad_scenario(&small_scenario(100, 0.1, "[parameters.gp]\nunscheduled_shar = 0.3\n"));
    assert!(e.contains("did you mean `unscheduled_share`?"), "{e}");
}

#[test]
fn one_error_is_reported_without_its_consequences() {
    // `years = 0` used to stop every territory from being built, then each policy zone "did not exist".
    let text = "name = \"x\"\nyears = 0\n[[territories]]\nname = \"creuse\"\ncommunes = [\"23031\", \"23096\"]\n\
                [[policies]]\ntype = \"cpts\"\nzones = [\"23031\"]\n";
    let e = bad_scenario(text);
    assert!(e.contains("years"), "{e}");
    assert!(!e.contains("no zone is called"), "{e}");
    assert_eq!(e.lines().filter(|l| l.starts_with("error") || l.contains("s.toml:")).count(), 1, "one problem: {e}");
    // A territory that cannot be built: its own error only, not one per policy naming its zones.
    let text = "name = \"x\"\n[[territories]]\nname = \"t\"\ndepartement = \"999\"\n[[policies]]\ntype = \"cpts\"\nzones = [\"23031\"]\n";
    let e = bad_scenario(text);
    assert!(e.contains("departement") && !e.contains("no zone is called"), "{e}");
}

#[test]
fn a_policy_after_the_horizon_is_warned_and_a_plan_wide_factor_refused() {
    let dir = tempfile::tempdir().unwrap();
    let late = "[[variants]]\nname = \"late\"\nadd_policies = [{ type = \"sas\", start_day = 400 }]\n";
    let file = write(dir.path(), "s.toml", &small_scenario(500, 0.05, late));
    let o = run_ok(&["run", file.to_str().unwrap(), "--replications", "2", "--no-report", "--out", dir.path().join("o").to_str().unwrap()]);
    let e = stderr(&o);
    assert!(e.contains("warning") && e.contains("\"sas\"") && e.contains("no effect"), "{e}");
    for option in ["years", "seed", "replications"] {
        write(dir.path(), "small.toml", &small_scenario(500, 0.05, ""));
        let exp = write(
            dir.path(),
            "exp.toml",
            &format!("name = \"e\"\nscenario = \"small.toml\"\n[[parameters]]\npath = \"{option}\"\nvalues = [1, 2]\n[design]\nkind = \"grid\"\n"),
        );
        let o = parcours(&["sweep", exp.to_str().unwrap(), "--out", dir.path().join(option).to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{option}: {}", stderr(&o));
        assert!(stderr(&o).contains("cannot be an experiment factor"), "{}", stderr(&o));
    }
}

#[test]
fn progress_lines_go_to_a_log_that_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(500, 0.05, SAS));
    let o = run_ok(&["run", file.to_str().unwrap(), "--replications", "2", "--no-report", "--out", dir.path().join("o").to_str().unwrap()]);
    let e = stderr(&o);
    assert!(e.contains("progress: run small: 4/4 tasks (100 %)"), "{e}");
    let o = run_ok(&["run", file.to_str().unwrap(), "--quiet", "--no-report", "--out", dir.path().join("q").to_str().unwrap()]);
    assert!(!stderr(&o).contains("progress:"), "--quiet is quiet");
}

#[test]
fn the_terminal_speaks_the_language_asked_and_shares_are_percentages() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(2000, 0.05, SAS));
    let run = |out: &str, lang: Option<&str>, locale: &str| {
        let mut args = vec!["run", file.to_str().unwrap(), "--no-report"];
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        let path = dir.path().join(out);
        args.extend(["--out", path.to_str().unwrap()]);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_parcours"))
            .args(&args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", locale)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let en = run("en", None, "C.UTF-8");
    let coverage = en.lines().find(|l| l.starts_with("registered-GP coverage (%)")).expect("a percentage row");
    let value: f64 = coverage.split_whitespace().nth(3).unwrap().parse().unwrap();
    assert!(value > 1.0 && value <= 100.0, "a percentage, not a fraction: {coverage}");
    assert!(en.contains("forgone care (pp of needs)"), "differences in percentage points: {en}");
    let fr = run("fr-locale", None, "fr_FR.UTF-8");
    assert!(fr.contains("passages aux urgences /1\u{202F}000/an") && fr.contains("couverture en médecin traitant (%)"), "{fr}");
    let fr = run("fr-option", Some("fr"), "C.UTF-8");
    assert!(fr.contains("passages aux urgences /1\u{202F}000/an"), "{fr}");
    let en = run("en-option", Some("en"), "fr_FR.UTF-8");
    assert!(en.contains("ED visits /1,000/yr"), "{en}");
}

#[test]
fn the_french_report_says_oui_and_leaves_out_empty_groups() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(2000, 0.05, ""));
    let out = dir.path().join("o");
    run_ok(&["run", file.to_str().unwrap(), "--replications", "2", "--threads", "1", "--lang", "fr", "--out", out.to_str().unwrap()]);
    let html = read(&out, "report.html");
    assert!(!html.contains("<td>true</td>") && html.contains("<td>oui</td>"), "common random numbers: oui");
    assert!(html.contains("1 fil d&#39;exécution") && !html.contains("1 threads"), "threads in French");
    // A rural archetype has no dense-urban zone: no row of dashes for it.
    assert!(!html.contains("<td>–</td><td>–</td><td>–</td><td>–</td>"), "a row of dashes");
}

#[test]
fn the_folder_alone_reproduces_a_run_with_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(800, 0.5, "# a comment that stays\n"));
    let out = dir.path().join("o");
    run_ok(&[
        "run",
        file.to_str().unwrap(),
        "--replications",
        "2",
        "--seed",
        "11",
        "--years",
        "0.05",
        "--no-report",
        "--out",
        out.to_str().unwrap(),
    ]);
    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "run.json")).unwrap();
    let argv: Vec<&str> = manifest["command_line"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(argv.windows(2).any(|w| w == ["--seed", "11"]) && argv.windows(2).any(|w| w == ["--years", "0.05"]), "{argv:?}");
    assert_eq!(manifest["effective_scenario"], "scenario.effective.toml");
    assert!(manifest["files"].as_array().unwrap().iter().any(|f| f == "scenario.effective.toml"));
    let effective = read(&out, "scenario.effective.toml");
    assert!(effective.contains("# a comment that stays"));
    let s = parcours::scenario::parse(&effective, "scenario.effective.toml").unwrap();
    assert_eq!((s.replications, s.seed, s.years), (2, 11, 0.05));
    // Running that file alone gives the same indicators, byte for byte.
    let again = dir.path().join("again");
    run_ok(&["run", out.join("scenario.effective.toml").to_str().unwrap(), "--no-report", "--out", again.to_str().unwrap()]);
    assert!(read(&out, "indicators.csv") == read(&again, "indicators.csv"), "indicators differ");
}

#[test]
fn differences_csv_has_its_header_without_variants() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &small_scenario(300, 0.05, ""));
    let out = dir.path().join("o");
    run_ok(&["run", file.to_str().unwrap(), "--no-report", "--out", out.to_str().unwrap()]);
    // Was 0 bytes.
    assert_eq!(
        read(&out, "differences.csv"),
        "variant,territory,group,indicator,mean_diff,ci_low,ci_high,n,p_value,p_holm,mde,replications_for_mde_10pct\n"
    );
}

/// The indicator names of docs/experiments.md's table (between its markers).
fn documented_indicators() -> Vec<String> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/experiments.md")).unwrap();
    let table = doc.split("<!-- indicators:start -->").nth(1).unwrap().split("<!-- indicators:end -->").next().unwrap();
    table.lines().filter_map(|l| l.strip_prefix("| `")).map(|l| l.split('`').next().unwrap().to_string()).collect()
}

#[test]
fn every_indicator_name_is_documented_and_every_documented_name_exists() {
    let text = small_scenario(
        3000,
        0.1,
        "[parameters.specialists]\nenabled = true\n[parameters.coordination]\nenabled = true\n\
         [[policies]]\ntype = \"sas\"\n[[policies]]\ntype = \"teleconsultation\"\n[[policies]]\ntype = \"msp\"\n\
         [[variants]]\nname = \"v\"\nadd_policies = [{ type = \"pdsa\" }]\n",
    );
    let s = parcours::scenario::parse(&text, "t").unwrap();
    let run = parcours::results::simulate(&s, 0, |_| {}).unwrap();
    let names = parcours::results::indicator_rows(&run).into_iter().map(|r| r.indicator);
    let mut emitted: Vec<String> = names
        .chain(parcours::results::differences(&run).into_iter().map(|d| d.indicator))
        .map(|name| match name.split_once('.') {
            // Service labels come from the policies' names: one pattern row.
            Some(("consultations_per_1000", _)) => "consultations_per_1000.<policy>_<service>".to_string(),
            _ => name,
        })
        .collect();
    emitted.sort();
    emitted.dedup();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/experiments.md")).unwrap();
    assert!(
        doc.contains(&parcours::model::indicators::markdown_table()),
        "docs/experiments.md § 4.1 is stale: regenerate its table with `cargo run -- scenario indicators`"
    );
    let documented = documented_indicators();
    let undocumented: Vec<&String> = emitted.iter().filter(|n| !documented.contains(n)).collect();
    assert!(undocumented.is_empty(), "indicators missing from docs/experiments.md § 4.1: {undocumented:?}");
    // Only written when their denominator was observed, which this short run may not see.
    let rare = [
        "sas_oriented_share",
        "sas_service_share",
        "sas_abandoned_share",
        "sas_over_capacity_share",
        "sas_regulation_minutes_mean",
        "delay_mean_days.acute_serious",
    ];
    // Written only where there is a seasonal population (real territories with secondary homes).
    let seasonal = |n: &str| n.starts_with("visitor_") || n.contains("_by_period.");
    let stale: Vec<&String> = documented.iter().filter(|n| !emitted.contains(n) && !rare.contains(&n.as_str()) && !seasonal(n)).collect();
    assert!(stale.is_empty(), "documented but never written: {stale:?}");
}
