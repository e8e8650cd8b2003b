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
