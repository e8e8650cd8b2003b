//! Statistical honesty of the marks (issue 22 § 2): a variant that changes
//! nothing is never marked better or worse, whatever the replications; a
//! variant with a real effect is marked after the Holm adjustment; the new
//! columns of `differences.csv` hold what they claim.

use parcours::output::{differences, mark, simulate, DifferenceRow, MARKED};
use parcours::scenario::parse;

const RURAL: &str = "name = \"r\"\narchetype = \"rural\"\npopulation = 8000\narea_km2 = 400\nzone_count = 9";

fn diffs(variant: &str, replications: u32) -> Vec<DifferenceRow> {
    let text = format!(
        "name = \"t\"\nseed = 11\nreplications = {replications}\nyears = 0.5\nwarmup_days = 60\n\
         [[territories]]\n{RURAL}\n[[variants]]\nname = \"v\"\n{variant}\n"
    );
    let s = parse(&text, "multiplicity test").unwrap_or_else(|e| panic!("{e}"));
    differences(&simulate(&s, 0, |_| {}).unwrap())
}

#[test]
fn a_variant_that_changes_nothing_is_never_marked() {
    for reps in [2, 5, 10] {
        let d = diffs("add_policies = [{ type = \"sas\", zones = [] }]", reps);
        let marked: Vec<_> = d.iter().filter(|r| mark(r).is_some()).collect();
        assert!(marked.is_empty(), "{reps} replications: {marked:?}");
        // Every difference is exactly 0: nothing to test, so no p-value at all.
        for r in d.iter().filter(|r| MARKED.contains(&r.indicator.as_str()) && r.group == "all") {
            assert!(r.p_value.is_nan() && r.p_holm.is_nan(), "{r:?}");
        }
    }
}

#[test]
fn a_real_effect_is_marked_after_the_holm_adjustment() {
    let d = diffs("add_policies = [{ type = \"sas\", participation = 0.5 }]", 5);
    let r = d
        .iter()
        .find(|r| r.group == "all" && r.indicator == "ed_visits_per_1000.primary_care_treatable")
        .expect("treatable ED visits");
    assert!(r.mean_diff < 0.0, "{r:?}");
    assert!(r.p_holm >= r.p_value && r.p_holm < 0.05, "{r:?}");
    assert_eq!(mark(r), Some(true), "fewer treatable ED visits is better: {r:?}");
    // The MDE is positive and finite at 5 replications; rows outside the family have no adjusted p.
    assert!(r.mde > 0.0 && r.mde.is_finite(), "{r:?}");
    let outside = d.iter().find(|r| r.group != "all" && r.p_value.is_finite()).expect("a tested row outside the family");
    assert!(outside.p_holm.is_nan(), "{outside:?}");
}
