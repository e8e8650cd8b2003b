//! Reliability: interrupted runs resume without losing or repeating work,
//! and scenario-supplied text cannot break the outputs.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const REPLICATIONS: usize = 60;

fn task_files(out: &Path) -> usize {
    std::fs::read_dir(out.join("tasks")).map_or(0, |d| d.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".json")).count())
}

fn start(file: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["run", file.to_str().unwrap(), "--threads", "1", "--quiet", "--out", out.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until `n` tasks are saved, then returns (the run must still be going).
fn wait_for_tasks(child: &mut Child, out: &Path, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while task_files(out) < n {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be interrupted; make it longer");
        assert!(Instant::now() < deadline, "no task finished in 2 minutes");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The reference: the same run, uninterrupted.
fn reference(dir: &Path, file: &Path) -> (Vec<u8>, Vec<u8>) {
    let out = dir.join("reference");
    let o = parcours(&["run", file.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (std::fs::read(out.join("indicators.csv")).unwrap(), std::fs::read(out.join("summary.csv")).unwrap())
}

fn scenario(dir: &Path) -> std::path::PathBuf {
    let text = small_scenario(20000, 0.25, "").replace("replications = 2", &format!("replications = {REPLICATIONS}"));
    write(dir, "long.toml", &text)
}

#[test]
fn a_run_killed_midway_resumes_without_losing_or_repeating_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    let out = dir.path().join("killed");
    let mut child = start(&file, &out);
    wait_for_tasks(&mut child, &out, 3);
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let saved = task_files(&out);
    assert!(saved >= 3 && saved < REPLICATIONS, "{saved} tasks saved");
    assert!(!out.join("run.json").exists(), "an interrupted run is not marked complete");
    let o = parcours(&["run", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = format!("{REPLICATIONS} tasks ({} run now, {saved} found done)", REPLICATIONS - saved);
    assert!(stdout(&o).contains(&line), "expected {line:?} in\n{}", stdout(&o));
    eprintln!("killed after {saved} of {REPLICATIONS} tasks; resumed: {line}");
    let (indicators, summary) = reference(dir.path(), &file);
    assert!(std::fs::read(out.join("indicators.csv")).unwrap() == indicators, "indicators.csv differs from an uninterrupted run");
    assert!(std::fs::read(out.join("summary.csv")).unwrap() == summary, "summary.csv differs from an uninterrupted run");
    let leftovers: Vec<_> =
        std::fs::read_dir(out.join("tasks")).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "temporary files of the killed process were not cleaned");
}

/// Ctrl-C (SIGINT), and SIGTERM as `timeout`, `kill` and Slurm send it
/// (trial 33: SIGTERM ended the run without a word on what was saved).
#[test]
fn ctrl_c_stops_cleanly_and_says_where_results_are() {
    for signal in ["-INT", "-TERM"] {
        stops_cleanly_on(signal);
    }
}

fn stops_cleanly_on(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    let out = dir.path().join("interrupted");
    let mut child = start(&file, &out);
    wait_for_tasks(&mut child, &out, 2);
    let sent = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("interrupted:") && err.contains("run the same command with --out"), "{err}");
    let saved = task_files(&out);
    assert!(saved < REPLICATIONS, "stopped early: {saved} tasks saved");
    let o = parcours(&["run", file.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (indicators, _) = reference(dir.path(), &file);
    assert!(std::fs::read(out.join("indicators.csv")).unwrap() == indicators);
}

#[test]
fn scenario_text_is_neutralised_in_csv_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = small_scenario(2000, 0.05, "[[variants]]\nname = \"<script>alert(1)</script>\"\ndescription = \"\\\"; DROP TABLE runs; --\"\nparameters = { choice = { asc_ed = -5.0 } }\n")
        .replace("name = \"valley\"", "name = \"=cmd|' /C calc'!A0\"")
        .replace("name = \"small\"", "name = \"../../evil, \\\"quoted\\\"\"");
    let file = write(dir.path(), "hostile.toml", &hostile);
    let out = dir.path().join("out");
    let o = parcours(&["run", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("\n=cmd"), "the terminal table neutralises formulas too");
    for f in ["indicators.csv", "summary.csv", "differences.csv"] {
        let mut reader = csv::Reader::from_path(out.join(f)).unwrap();
        let headers = reader.headers().unwrap().clone();
        let t = headers.iter().position(|h| h == "territory").unwrap();
        let v = headers.iter().position(|h| h == "variant").unwrap();
        let mut rows = 0;
        for r in reader.records() {
            let r = r.unwrap();
            assert_eq!(r.len(), headers.len(), "{f}: a name broke the columns");
            assert_eq!(&r[t], "'=cmd|' /C calc'!A0", "{f}: formula neutralised");
            assert!(["base", "<script>alert(1)</script>"].contains(&&r[v]), "{f}: variant {:?}", &r[v]);
            rows += 1;
        }
        assert!(rows > 0, "{f} has rows");
    }
    // Without --out, the folder name is made of safe characters only, inside output/.
    let o = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .current_dir(dir.path())
        .args(["run", "hostile.toml", "--quiet", "--replications", "1"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let made: Vec<String> =
        std::fs::read_dir(dir.path().join("output")).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(made.len(), 1);
    assert!(made[0].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{made:?}");
}
