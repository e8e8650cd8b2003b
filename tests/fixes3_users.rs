//! What a fresh user (a CPTS board member, a planner) found in product
//! trial 23: a folder of their own overwritten by `--out`, empty territory
//! codes accepted, keys a policy does not read, a summer-only run reported
//! per year without saying so, and errors that brought their consequences.
//!
//! Expected texts are written out by hand from the inputs.

mod common;

use common::{parcours, small_scenario, stderr, write};

/// A folder holding the user's own files (not a parcours output folder) is
/// refused by `run` and `validate`, naming it and why, and its files are
/// left as they were; an empty folder, or one holding only the scenario, is
/// used.
#[test]
fn a_folder_of_the_users_own_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", &small_scenario(2000, 0.05, ""));
    let mine = dir.path().join("mydir");
    std::fs::create_dir(&mine).unwrap();
    write(&mine, "notes.txt", "my notes");
    write(&mine, "summary.csv", "my own table");
    for args in [
        vec!["run", scenario.to_str().unwrap(), "--quiet", "--out", mine.to_str().unwrap()],
        vec!["validate", "--replications", "1", "--quiet", "--out", mine.to_str().unwrap()],
    ] {
        let o = parcours(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "{} is not empty and is not a parcours output folder (it holds notes.txt, summary.csv): parcours would overwrite",
                mine.display()
            )),
            "{err}"
        );
        assert!(err.contains("choose a new --out folder"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(mine.join("summary.csv")).unwrap(), "my own table");
    let names: Vec<_> = std::fs::read_dir(&mine).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "nothing written: {names:?}");
    // An empty folder, and a folder holding only its scenario, are used.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let own = dir.path().join("own");
    std::fs::create_dir(&own).unwrap();
    let inside = write(&own, "scenario.toml", &small_scenario(2000, 0.05, ""));
    for (s, out) in [(&scenario, &empty), (&inside, &own)] {
        let o = parcours(&["run", s.to_str().unwrap(), "--quiet", "--no-report", "--replications", "1", "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(out.join("summary.csv").is_file());
        // Run again into the same (now parcours's) folder: resumed.
        let o = parcours(&["run", s.to_str().unwrap(), "--quiet", "--no-report", "--replications", "1", "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

/// An empty code (`epci = ""`, `departement = ""`, `communes = ""`…) is
/// refused naming the field, in a scenario and in `territory show`, rather
/// than selecting the communes of no EPCI (four islands far apart).
#[test]
fn an_empty_territory_code_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (key, value, said) in [
        ("epci", "\"\"", "territories[0].epci: empty EPCI code: give its 9-digit SIREN"),
        ("departement", "\" \"", "territories[0].departement: empty département code"),
        ("communes", "[\"\"]", "territories[0].communes: empty list of communes"),
        ("communes", "[\"46102\", \"\"]", "territories[0].communes: an empty INSEE code in the list of communes"),
    ] {
        let f = write(dir.path(), "e.toml", &format!("name = \"e\"\n[[territories]]\nname = \"t\"\n{key} = {value}\n"));
        let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{key}");
        assert!(stderr(&o).contains(said), "{key}: {}", stderr(&o));
    }
    for (spec, said) in [("epci=", "empty EPCI code"), ("departement=", "empty département code"), ("around=:10", "empty commune code")] {
        let o = parcours(&["territory", "show", spec]);
        assert_eq!(o.status.code(), Some(2), "{spec}");
        assert!(stderr(&o).contains(said), "{spec}: {}", stderr(&o));
    }
}

/// `participation` on a policy that does not read it (today's
/// teleconsultation, a DAC) is refused, naming the keys that act; the
/// warning about a second teleconsultation recommends those keys, not
/// participation; a CPTS still takes it.
#[test]
fn participation_is_refused_where_no_policy_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let base = "name = \"p\"\norganisation = \"today\"\n[[territories]]\nname = \"f\"\nepci = \"200067361\"\n[[variants]]\nname = \"v\"\n";
    let f =
        write(dir.path(), "t.toml", &format!("{base}extend_policies = [{{ name = \"today_teleconsultation\", participation = 0.9 }}]\n"));
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "variants[0].extend_policies[0].participation: a teleconsultation policy does not read participation (only cpts, msp, sas, \
             telexpertise do: the share of GPs taking part), so it would change nothing; to make it larger or smaller change its own keys, \
             e.g. doctors = 4, consultations_per_day = 200"
        ),
        "{}",
        stderr(&o)
    );
    let f = write(dir.path(), "d.toml", &format!("{base}add_policies = [{{ type = \"dac\", name = \"d2\", participation = 0.5 }}]\n"));
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert!(stderr(&o).contains("add_policies[0].participation: a dac policy does not read participation"), "{}", stderr(&o));
    // The warning of a second platform names the keys that act.
    let f = write(dir.path(), "w.toml", &format!("{base}add_policies = [{{ type = \"teleconsultation\", name = \"t2\" }}]\n"));
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    // Today's own values doubled (an example that enlarges it), the keys that act.
    assert!(e.contains("extend_policies = [{ name = \"today_teleconsultation\", doctors = "), "{e}");
    assert!(e.contains(", consultations_per_day = "), "{e}");
    assert!(!e.contains("participation"), "{e}");
    // A CPTS reads it.
    let f = write(dir.path(), "c.toml", &format!("{base}extend_policies = [{{ name = \"today_cpts\", participation = 0.9 }}]\n"));
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A policy covering no zone (`zones = []`) is said, naming the policy and
/// the field: its arm would be the base's twin without a word.
#[test]
fn a_policy_covering_no_zone_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "z.toml",
        &small_scenario(2000, 0.05, "[[variants]]\nname = \"m\"\nadd_policies = [{ type = \"msp\", name = \"msp_sd\", zones = [] }]\n"),
    );
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "policy \"msp_sd\" (variant \"m\") covers no zone: its `zones` (and `territories`) list is empty, so it acts nowhere"
        ),
        "{}",
        stderr(&o)
    );
}

/// A territory's error is reported alone: the variant extending today's
/// CPTS, which that error kept from being built, is not blamed too.
#[test]
fn errors_bring_only_their_first_cause() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "f.toml",
        "name = \"f\"\norganisation = \"today\"\n[[territories]]\nname = \"g\"\nepci = \"CC Grand-Figeac\"\n\
         [[variants]]\nname = \"e\"\nextend_policies = [{ name = \"today_cpts\", participation = 0.9 }]\n\
         [[variants]]\nname = \"r\"\nremove_policies = [\"today_sas\"]\n",
    );
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(e.contains("territories[0].epci: no commune in EPCI \"CC Grand-Figeac\""), "{e}");
    assert!(!e.contains("extend_policies") && !e.contains("remove_policies"), "{e}");
    // Without today's organisation, the sentence is whole.
    let f = write(
        dir.path(),
        "n.toml",
        &small_scenario(2000, 0.05, "[[variants]]\nname = \"e\"\nextend_policies = [{ name = \"today_cpts\", participation = 0.9 }]\n"),
    );
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("the base has no policy called \"today_cpts\"; the base has no policies at all (organisation = \"today\" adds"),
        "{}",
        stderr(&o)
    );
}

/// A scenario whose window meets the GPs' leave weeks shorter than a year
/// (`years = 0.25` after a 182-day warm-up: 2 July to 30 September).
fn summer_scenario(population: u64, replications: u32) -> String {
    format!(
        "name = \"s\"\nseed = 7\nreplications = {replications}\nyears = 0.25\nwarmup_days = 182\n\
         [[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = {population}\narea_km2 = 300\nzone_count = 9\n"
    )
}

/// report.html says that a short run observes summer only, in the words
/// the terminal uses (en and fr), above its "per year" figures; `-q` keeps
/// that warning and the output folder's line, and drops the tables.
#[test]
fn the_report_and_quiet_keep_the_summer_warning() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "s.toml", &summer_scenario(2000, 2));
    let out = dir.path().join("o");
    let o = parcours(&["run", f.to_str().unwrap(), "-q", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let warning = "the observed window is 91 days, 2 July to 30 September (years = 0.25), in the weeks of GPs' summer leave";
    assert!(stderr(&o).contains(warning), "{}", stderr(&o));
    assert_eq!(common::stdout(&o), format!("results in {}\n", out.display()), "no table under -q");
    let fr = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        fr.contains("<p class=\"warnings season\">⚠ la période observée dure 91 jours, du 2 juillet au 30 septembre (years = 0.25)"),
        "French report"
    );
    let o = parcours(&["report", out.to_str().unwrap(), "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let en = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(en.contains(&format!("<p class=\"warnings season\">⚠ {}", warning.replace('\'', "&#39;"))), "English report");
    // A year-long run says nothing of a season.
    let year = write(dir.path(), "y.toml", &small_scenario(2000, 1.0, ""));
    let out = dir.path().join("y");
    let o = parcours(&["run", year.to_str().unwrap(), "-q", "--replications", "1", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!std::fs::read_to_string(out.join("report.html")).unwrap().contains("warnings season"));
}

/// A double Ctrl-C exits 130 with the line a single one ends with: the
/// tasks saved and the command that finishes them.
#[test]
fn a_double_ctrl_c_says_what_is_saved() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "b.toml", &summer_scenario(100_000, 8));
    let out = dir.path().join("o");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["run", f.to_str().unwrap(), "--threads", "1", "--no-report", "--out", out.to_str().unwrap()])
        .env("LC_ALL", "C")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    // Once a first task is saved (the progress log goes to a pipe): Ctrl-C twice.
    for line in lines.by_ref() {
        let line = line.unwrap();
        let started = line.starts_with("progress:");
        seen.push(line);
        if started {
            break;
        }
    }
    let pid = child.id() as i32;
    unsafe { libc::kill(pid, libc::SIGINT) };
    std::thread::sleep(std::time::Duration::from_millis(300));
    unsafe { libc::kill(pid, libc::SIGINT) };
    seen.extend(lines.map(|l| l.unwrap()));
    let status = child.wait().unwrap();
    let err = seen.join("\n");
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("stopping: finishing the tasks under way"), "{err}");
    let last = seen.last().unwrap();
    assert!(last.starts_with("interrupted: ") && last.contains(" of 8 tasks "), "{err}");
    assert!(
        last.ends_with(&format!(
            "saved in {}; run the same command with --out {} to finish them",
            out.join("tasks").display(),
            out.display()
        )),
        "{err}"
    );
}

/// Cosmetics of bad input: a participation that is not a number says what
/// it got; a radius wider than a list of communes may span is refused in a
/// scenario and in `territory show` alike.
#[test]
fn bad_participation_and_too_wide_a_radius_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "h.toml",
        &small_scenario(2000, 0.05, "[[variants]]\nname = \"m\"\nadd_policies = [{ type = \"msp\", participation = \"half\" }]\n"),
    );
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("add_policies[0].participation: must be a share between 0 and 1, like 0.5 (got \"half\")"),
        "{}",
        stderr(&o)
    );
    let too_wide = "a radius of 1000 km is too wide: at most 175 km, so that its communes lie at most 350 km apart";
    let o = parcours(&["territory", "show", "around=46102:1000"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(too_wide), "{}", stderr(&o));
    let f =
        write(dir.path(), "a.toml", "name = \"a\"\n[[territories]]\nname = \"t\"\naround = { commune = \"46102\", radius_km = 1000 }\n");
    let o = parcours(&["scenario", "check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!("territories[0].around: {too_wide}")), "{}", stderr(&o));
}
