//! What a fresh user found at stop 25: over-long parameter arrays loaded
//! silently, array elements could not be experiment factors, the terminal
//! and the report listed different "what each variant changes", English
//! left in French outputs, all-zero difference figures.
//!
//! Expected texts are written out by hand from the inputs.

mod common;

use common::{parcours, small_scenario, stderr, stdout, write};

/// A fixed-length array given with values too many is refused, naming the
/// file, the line, the field, the expected and the given lengths, in the
/// base's `[parameters]` and in a variant's overrides (it used to load, the
/// extra values ignored).
#[test]
fn an_over_long_parameter_array_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "long.toml",
        &small_scenario(
            2000,
            0.1,
            "[parameters.specialists]\nfollow_up_lead_days = [90, 100, 330, 10]\nurgent_share = [0.2, 0.2, 0.2, 0.2, 0.9]\n\
             [[variants]]\nname = \"v\"\n[variants.parameters.travel]\nspeed_kmh = [1.0, 2.0, 3.0, 4.0, 5.0]\n",
        ),
    );
    let o = parcours(&["scenario", "check", s.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    // Lines: 5 run settings, 6 territory lines, the table on line 12.
    assert!(err.contains("long.toml:13: parameters.specialists.follow_up_lead_days: 4 values given, 2 expected"), "{err}");
    assert!(err.contains("long.toml:14: parameters.specialists.urgent_share: 5 values given, 4 expected"), "{err}");
    assert!(err.contains("variants[0].parameters.travel.speed_kmh: 5 values given, 4 expected"), "{err}");
    // Exactly the length passes.
    let ok = write(dir.path(), "ok.toml", &small_scenario(2000, 0.1, "[parameters.specialists]\nfollow_up_lead_days = [90, 330]\n"));
    let o = parcours(&["scenario", "check", ok.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// An element of a parameter array is an experiment factor by its 0-based
/// index: a one-at-a-time analysis of `travel.speed_kmh.0` (rural speed,
/// default 22 km/h, not written in the scenario) runs its baseline at the
/// default element, then low and high; an index past the end is refused
/// with the array's length.
#[test]
fn an_array_element_can_be_an_experiment_factor() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "small.toml", &small_scenario(1500, 0.05, ""));
    let exp = write(
        dir.path(),
        "exp.toml",
        "name = \"e\"\nscenario = \"small.toml\"\nreplications = 2\n[[parameters]]\npath = \"parameters.travel.speed_kmh.0\"\nlow = 10\nhigh = 30\n\
         [sensitivity]\nmethod = \"oat\"\n",
    );
    let out = dir.path().join("out");
    let o = parcours(&["sensitivity", exp.to_str().unwrap(), "--quiet", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let points = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert_eq!(points, "point,parameters.travel.speed_kmh.0\n0,22\n1,10\n2,30\n");
    let bad = write(
        dir.path(),
        "bad.toml",
        "name = \"e\"\nscenario = \"small.toml\"\n[[parameters]]\npath = \"parameters.travel.speed_kmh.4\"\nvalues = [30]\n[design]\nkind = \"grid\"\n",
    );
    let o = parcours(&["sweep", bad.to_str().unwrap(), "--quiet", "--out", dir.path().join("b").to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("parameters.travel.speed_kmh.4: speed_kmh has 4 values, indices 0 to 3; 4 is out of range"), "{err}");
    let _ = stdout(&o);
}
