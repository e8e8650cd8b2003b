//! What a fresh user found in trial 26 with parameter paths and arrays:
//! a name where an index is expected lost its last segment, the path was
//! said twice, an over-long array in a variant gave two errors, and an
//! experiment point's error carried a line of the scenario after the
//! experiment's own place.
//!
//! Expected texts are written out by hand from the inputs.

mod common;

use common::{parcours, small_scenario, stderr, write};

fn sweep(dir: &std::path::Path, path: &str, value: &str) -> String {
    let s = small_scenario(2000, 0.1, "[parameters.specialists]\nenabled = true\n");
    write(dir, "small.toml", &s);
    let e = format!(
        "name = \"e\"\nscenario = \"small.toml\"\nreplications = 1\nyears = 0.05\n[[parameters]]\npath = \"{path}\"\n\
         [design]\nkind = \"points\"\npoints = [ {{ \"{path}\" = {value} }} ]\n"
    );
    let e = write(dir, "e.toml", &e);
    let o = parcours(&["sweep", e.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()]);
    assert!(!o.status.success());
    stderr(&o)
}

/// `.rural` and `.-1` on a 4-value array the scenario does not write: the
/// whole path and "an index (0 to 3) is expected"; an index past the end
/// says the path once.
#[test]
fn a_bad_element_path_is_said_whole_and_once() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["rural", "-1"] {
        let path = format!("parameters.travel.speed_kmh.{bad}");
        let err = sweep(dir.path(), &path, "55");
        assert!(
            err.contains(&format!("): {path}: speed_kmh is a list of 4 values: an index (0 to 3) is expected as the last segment")),
            "{err}"
        );
        assert!(!err.contains("invalid type"), "{err}");
    }
    let err = sweep(dir.path(), "parameters.travel.speed_kmh.4", "55");
    assert_eq!(err.matches("parameters.travel.speed_kmh.4:").count(), 1, "{err}");
    assert!(err.contains("): parameters.travel.speed_kmh.4: speed_kmh has 4 values, indices 0 to 3; 4 is out of range"), "{err}");
}

/// A value a point sets out of its bounds: the error names the point and
/// the experiment's line, and no line of
/// the scenario after it ("(e.toml:5)):13:").
#[test]
fn a_point_error_carries_no_stray_line() {
    let dir = tempfile::tempdir().unwrap();
    let err = sweep(dir.path(), "parameters.specialists.follow_up_share.3", "1.5");
    let line = err.lines().find(|l| l.contains("must be between")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("e.toml:5)): parameters.specialists.follow_up_share[3]: must be between 0 and 0.9 (got 1.5)"), "{line}");
}

/// A variant's follow_up_share of 5 values: one error, the first (the
/// lengths), not serde's second text.
#[test]
fn an_over_long_array_in_a_variant_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "sv.toml",
        &small_scenario(
            2000,
            0.1,
            "[[variants]]\nname = \"v\"\n[variants.parameters.specialists]\nfollow_up_share = [0.2, 0.2, 0.2, 0.2, 0.3]\n",
        ),
    );
    let o = parcours(&["scenario", "check", s.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(err.matches("follow_up_share").count(), 1, "{err}");
    assert!(err.contains("sv.toml:15: variants[0].parameters.specialists.follow_up_share: 5 values given, 4 expected"), "{err}");
    assert!(!err.contains("invalid length"), "{err}");
}
