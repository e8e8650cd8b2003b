//! Defects fresh users met (planners on real départements, academics):
//! each is refused or said before any simulation runs, naming the file, the
//! field's path, the line and the accepted range, or (output folders, the
//! memory guard, shards) said plainly.
//!
//! Expected messages and values are written out by hand from the inputs
//! (file lines counted in the texts below), not taken from the code.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};
use parcours::scenario::{parse, ScenarioError};

fn problems(text: &str) -> Vec<String> {
    match parse(text, "f.toml") {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e @ ScenarioError::Invalid { .. }) => e.to_string().lines().map(str::to_string).collect(),
        Err(e) => panic!("unexpected error {e}"),
    }
}

const CALIBRATION: &str = "name = \"cal\"\nscenario = \"s.toml\"\nreplications = 2\nyears = 0.1\n\
                           [[parameters]]\npath = \"parameters.choice.asc_ed\"\nlow = -7.0\nhigh = -4.5\n\
                           [calibration]\ntargets = \"t.toml\"\nscreening = 2\niterations = 1\n";

/// A misspelt target indicator was found only after the screening ran; it
/// is refused before any task, naming the targets file, the line and the
/// nearest indicator.
#[test]
fn calibration_targets_are_checked_before_any_simulation() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", &small_scenario(500, 0.1, ""));
    let exp = write(dir.path(), "e.toml", CALIBRATION);
    // Line 1 [[target]], line 2 the indicator; line 6 the second target's territory.
    write(
        dir.path(),
        "t.toml",
        "[[target]]\nindicator = \"ed_visit_per_1000\"\nvalue = 310.0\n\n[[target]]\nterritory = \"valey\"\nindicator = \"ed_visits_per_1000\"\nvalue = 300.0\n",
    );
    let out = dir.path().join("out");
    let o = parcours(&["calibrate", exp.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    let t = dir.path().join("t.toml").display().to_string();
    assert!(
        e.contains(&format!("{t}:2: target[0].indicator: no indicator named \"ed_visit_per_1000\"; did you mean `ed_visits_per_1000`?")),
        "{e}"
    );
    assert!(e.contains(&format!("{t}:6: target[1].territory: \"valey\" is not a territory of the scenario (valley)")), "{e}");
    assert!(!e.contains("progress"), "nothing ran: {e}");
    assert!(!out.join("tasks").exists(), "no task ran");
    // Inline targets name the experiment file.
    let inline = CALIBRATION.replace("targets = \"t.toml\"\n", "") + "[[calibration.target]]\nindicator = \"forgone_rate\"\nvalue = 1.0\n";
    let exp = write(dir.path(), "e2.toml", &inline);
    let o = parcours(&["calibrate", exp.to_str().unwrap(), "--quiet", "--out", dir.path().join("o2").to_str().unwrap()]);
    let e = stderr(&o);
    assert!(e.contains("e2.toml:13: calibration.target[0].indicator: no indicator named \"forgone_rate\""), "{e}");
}

/// Range checks after parsing an experiment file now give its line.
#[test]
fn experiment_range_errors_give_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", &small_scenario(500, 0.1, ""));
    let exp = write(dir.path(), "e.toml", &CALIBRATION.replace("screening = 2", "screening = 0"));
    let o = parcours(&["calibrate", exp.to_str().unwrap(), "--quiet", "--out", dir.path().join("o").to_str().unwrap()]);
    // [calibration] is line 9, targets line 10, screening line 11.
    assert!(stderr(&o).contains("e.toml:11: calibration.screening: must be between 1 and 100000"), "{}", stderr(&o));
}

/// `at_least = 90` on a share (90 % meant) could never be met: the run
/// warned after it; the scenario is refused before, with the fraction to write.
#[test]
fn a_premise_on_a_share_outside_0_1_is_refused_up_front() {
    let text =
        small_scenario(500, 0.1, "").replacen("name = ", "premises = [{ indicator = \"gp_utilisation\", at_least = 90 }]\nname = ", 1);
    let all = problems(&text);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].starts_with("f.toml:1: premises[0].at_least: \"gp_utilisation\" is a share, a fraction between 0 and 1 (0.9 = 90 %): at_least = 90 lies outside [0, 1], so the premise is never met (for 90 %, write at_least = 0.9)"),
        "{all:#?}"
    );
    // at_most = 95 on a share is always met; on a rate per 1,000 it is an ordinary bound.
    let always = text.replace("at_least = 90", "at_most = 95");
    assert!(problems(&always)[0].contains("so the premise is always met (for 95 %, write at_most = 0.95)"));
    assert!(parse(&text.replace("gp_utilisation\", at_least = 90", "ed_visits_per_1000\", at_least = 90"), "f.toml").is_ok());
    assert!(parse(&text.replace("at_least = 90", "at_least = 0.9"), "f.toml").is_ok());
}

/// Absurd synthetic territories: a surface typed in m² (density in the
/// billions), a surface of a planet, GPs for every inhabitant.
#[test]
fn absurd_territories_are_refused_with_the_accepted_range() {
    // small_scenario: territory at line 5, population line 9, area_km2 line 10.
    let base = small_scenario(2000, 0.1, "");
    let all = problems(&base.replace("area_km2 = 300", "area_km2 = 0.0001"));
    assert_eq!(all, ["f.toml:10: territories[0].area_km2: must be between 0.01 and 1000000 km² (got 0.0001)"]);
    // 2,000 inhabitants on 0.01 km² = 200,000 per km²: accepted; 20 million on 1 km² is not.
    assert!(parse(&base.replace("area_km2 = 300", "area_km2 = 0.01"), "f.toml").is_ok());
    let dense = small_scenario(20_000_000, 0.1, "").replace("area_km2 = 300", "area_km2 = 1");
    assert_eq!(
        problems(&dense),
        ["f.toml:10: territories[0].area_km2: 20,000,000 inhabitants on 1 km² is 2.000e7 inhabitants per km²; at most 1e7 are accepted (is the surface in km²?)"]
    );
    let all = problems(&base.replace("area_km2 = 300", "area_km2 = 1e12"));
    assert_eq!(all, ["f.toml:10: territories[0].area_km2: must be between 0.01 and 1000000 km² (got 1000000000000)"]);
    let all = problems(&base.replace("zone_count = 9", "zone_count = 9\ngps_per_10000 = 5000"));
    assert!(
        all.iter()
            .any(|p| p
                .contains("gps_per_10000: more than 1,000 GPs per 10,000 inhabitants is not a territory (got 5000; accepted: 0 to 1,000")),
        "{all:#?}"
    );
    let all = problems(&small_scenario(1_000_000_000_000, 0.1, ""));
    assert!(
        all.iter().any(|p| p.contains("population: more than 100,000,000 inhabitants (got 1,000,000,000,000; accepted: 1 to 100,000,000)")),
        "{all:#?}"
    );
    // Explicit zones: 60 GPs for 300 inhabitants is 2,000 per 10,000.
    let zones = "name = \"x\"\n[[territories]]\nname = \"a\"\n[[territories.zones]]\nname = \"z\"\npopulation = 300\ndensity = \"rural\"\nx_km = 0\ny_km = 0\ngps = 60\n";
    assert_eq!(problems(zones), ["f.toml:4: territories[0].zones: 60 GPs for 300 inhabitants is 2,000 per 10,000; at most 1,000 per 10,000 are accepted (France ≈ 8.5)"]);
    assert!(parse(&zones.replace("gps = 60", "gps = 30"), "f.toml").is_ok());
}

/// A dropped minus sign on a disutility was accepted; it names the file,
/// the key path and the line.
#[test]
fn a_positive_disutility_is_refused_with_its_line() {
    let all = problems(&small_scenario(500, 0.1, "[parameters.choice]\nbeta_delay_per_day = 0.35\n"));
    // small_scenario's text ends at line 11; [parameters.choice] is line 12.
    assert_eq!(
        all,
        ["f.toml:13: parameters.choice.beta_delay_per_day: must be zero or negative, a utility lost per unit (default -0.35 a day; accepted: -100 to 0): 0.35 would make a longer wait or trip more attractive"]
    );
    assert!(parse(&small_scenario(500, 0.1, "[parameters.choice]\nbeta_delay_per_day = 0\n"), "f.toml").is_ok());
}

/// `territory find cruse` listed Cruseilles only: the département Creuse,
/// one letter away, is suggested first.
#[test]
fn a_typo_of_creuse_suggests_creuse() {
    let o = parcours(&["territory", "find", "cruse"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = stdout(&o).lines().next().unwrap_or_default().to_string();
    assert!(first.starts_with("no name is exactly \"cruse\"; did you mean Creuse (département 23, departement=23)"), "{first}");
}

/// Two runs into one folder at once: the second is refused at once, naming
/// the folder and its lock; once the first ends, the folder is free.
#[test]
fn a_folder_in_use_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let lock = parcours::commands::lock_dir(&out, false, None).unwrap();
    let s = write(dir.path(), "s.toml", &small_scenario(300, 0.05, ""));
    let o = parcours(&["run", s.to_str().unwrap(), "--quiet", "--replications", "2", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains(&format!("{} is in use by another parcours process", out.display())) && e.contains(".parcours.lock"), "{e}");
    assert!(!out.join("plan.json").exists(), "nothing written");
    // Shards of one plan share the folder; a whole run does not share it with them.
    let shard = parcours::commands::lock_dir(&dir.path().join("sh"), true, None).unwrap();
    assert!(parcours::commands::lock_dir(&dir.path().join("sh"), true, None).is_ok());
    assert!(parcours::commands::lock_dir(&dir.path().join("sh"), false, None).is_err());
    drop((lock, shard));
    let o = parcours(&["run", s.to_str().unwrap(), "--quiet", "--replications", "2", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // `parcours report` rewrites report.html: not while another process holds the folder.
    let held = parcours::commands::lock_dir(&out, false, None).unwrap();
    let o = parcours(&["report", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is in use by another parcours process"), "{}", stderr(&o));
    drop(held);
    assert!(parcours(&["report", out.to_str().unwrap()]).status.success());
}

/// The memory guard reads `ulimit -v`: one replication of 20 million
/// inhabitants needs about 20e6 × 51 bytes + 64 MiB ≈ 1.09 GB; with 800 MB
/// of address space (part of it already the process's own) the run is
/// refused before it starts, naming the limit, where it used to start and
/// fail on an allocation.
#[test]
fn the_memory_guard_obeys_ulimit_v() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", &small_scenario(20_000_000, 0.05, "").replace("zone_count = 9", "zone_count = 50"));
    let cmd = format!(
        "ulimit -v {}; exec {} run {} --quiet --threads 1 --replications 1 --out {}",
        800 * 1024,
        env!("CARGO_BIN_EXE_parcours"),
        s.display(),
        dir.path().join("o").display()
    );
    let o = std::process::Command::new("sh").args(["-c", &cmd]).env("LC_ALL", "C").output().unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("this run needs about 1.1 GB of memory") && e.contains("MB are available (ulimit -v)"), "{e}");
    // Human units and one plural rule (no raw byte counts, no "worker(s)").
    assert!(e.contains("(20,000,000 inhabitants × 1 worker × 51 bytes each, and 1 task result × "), "{e}");
}

/// A sweep value out of range named the scenario and a line of the text
/// after the values were set (none of the file's); it names the experiment
/// file's line that sets it, and lines of the scenario file only.
#[test]
fn a_sweep_value_out_of_range_names_the_experiment_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", &small_scenario(500, 0.1, ""));
    // [[parameters]] at line 5 of the experiment.
    let e = "name = \"sw\"\nscenario = \"s.toml\"\nreplications = 2\n\n[[parameters]]\npath = \"parameters.booking.accept_unregistered\"\nvalues = [0.5, 1.5]\n[design]\nkind = \"grid\"\n";
    let exp = write(dir.path(), "e.toml", e);
    let o = parcours(&["sweep", exp.to_str().unwrap(), "--quiet", "--out", dir.path().join("o").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let s = dir.path().join("s.toml").display().to_string();
    let x = exp.display().to_string();
    assert!(
        err.contains(&format!("{s} (point 1: parameters.booking.accept_unregistered = 1.5 ({x}:5)): parameters.booking.accept_unregistered: must be a share between 0 and 1 (got 1.5)")),
        "{err}"
    );
}

/// `parcours validate --targets`: a misspelt indicator of a simulated target
/// is refused with the targets file's line before any scenario runs.
#[test]
fn validation_targets_are_checked_before_any_scenario_runs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", &small_scenario(500, 0.05, ""));
    // Line 1 [[target]], line 2 scenario, line 3 indicator.
    let t = write(dir.path(), "t.toml", "[[target]]\nscenario = \"s.toml\"\nindicator = \"forgone_care_rat\"\nvalue = 0.1\n");
    let out = dir.path().join("o");
    let o = parcours(&["validate", "--targets", t.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "{}:3: target[0].indicator: no indicator named \"forgone_care_rat\"; did you mean `forgone_care_rate`?",
            t.display()
        )),
        "{e}"
    );
    assert!(!out.exists(), "nothing ran");
}

/// A NUL byte or a right-to-left override in a variant's name went into
/// scenario.toml, the CSV files and the report (web-app trial): refused,
/// naming the character.
#[test]
fn invisible_characters_in_names_are_refused() {
    let base = small_scenario(2000, 0.1, "");
    let with = |name: &str| format!("{base}[[variants]]\nname = \"{name}\"\nparameters = {{ choice = {{ asc_ed = -6.0 }} }}\n");
    let nul = problems(&with("t\\u0000l"));
    assert!(nul.iter().any(|p| p.contains("variants[0].name") && p.contains("U+0000")), "{nul:?}");
    let rlo = problems(&with("a\\u202Eb"));
    assert!(rlo.iter().any(|p| p.contains("variants[0].name") && p.contains("U+202E")), "{rlo:?}");
    // Accents and other letters are names like any other.
    assert!(parse(&with("télé-consultation à 90 %"), "f.toml").is_ok());
}

/// A board ran `--years 0.1` after the default 182-day warm-up: the whole
/// window fell in July–August (GPs' summer leave) and read 9.0 days of delay
/// against about 7 over a year, with no word of it. Now said, with the dates.
#[test]
fn a_window_in_the_summer_leave_is_said_with_its_dates() {
    // Window: day 182 (2 July) for round(36.5) = 37 days, to day 218 (7 August).
    let summer = small_scenario(2000, 0.1, "").replace("warmup_days = 30", "warmup_days = 182");
    let w = parse(&summer, "f.toml").unwrap().warnings();
    assert!(w.iter().any(|x| x.contains("37 days, 2 July to 7 August")), "{w:?}");
    // From 31 January (day 30) the same length meets no leave week: nothing said.
    let winter = parse(&small_scenario(2000, 0.1, ""), "f.toml").unwrap().warnings();
    assert!(!winter.iter().any(|x| x.contains("observed window")), "{winter:?}");
    // A whole year is a yearly mean.
    let year = small_scenario(2000, 1.0, "").replace("warmup_days = 30", "warmup_days = 182");
    assert!(!parse(&year, "f.toml").unwrap().warnings().iter().any(|x| x.contains("observed window")));
}
