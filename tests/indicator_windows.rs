//! Properties of the declared indicators (`model::indicators::INDICATORS`
//! and `FAMILIES`) over random small scenarios and short and long horizons:
//! every share in [0, 1] with its numerator never above its denominator,
//! the delay bands a partition of the needs seen, and ratio indicators of a
//! stationary territory independent of the window's length.

use parcours::model::indicators::{Ctx, FAMILIES, GROUPS, INDICATORS};
use parcours::scenario::parse;
use proptest::prelude::*;

fn scenario(population: u32, gps: f64, years: f64, warmup: u32, seed: u64, archetype: &str) -> String {
    format!(
        "name = \"p\"\nseed = {seed}\nreplications = 1\nyears = {years}\nwarmup_days = {warmup}\n\
         [[territories]]\nname = \"t\"\narchetype = \"{archetype}\"\npopulation = {population}\narea_km2 = 200\nzone_count = 3\n\
         gps_per_10000 = {gps}\n"
    )
}

fn check_shares(text: &str) {
    let s = parse(text, "property").unwrap_or_else(|e| panic!("{e}"));
    let rec = s.world(0).run(0).recorder;
    for g in 0..GROUPS {
        let ctx = Ctx { c: rec.cell(0, g), r: &rec, t: 0, g };
        for ind in INDICATORS.iter().filter(|i| i.share) {
            let (num, den) = ind.parts(&ctx);
            assert!(num <= den + 1e-9, "{} group {g}: numerator {num} above denominator {den}\n{text}", ind.name);
            if let Some(v) = ind.value(&ctx) {
                assert!((0.0..=1.0).contains(&v), "{} group {g} = {v}", ind.name);
            }
        }
        for fam in FAMILIES.iter().filter(|f| f.share) {
            let members = fam.members(&rec);
            let mut total = 0.0;
            for k in 0..members.len() {
                let (num, den) = fam.parts(&ctx, k);
                assert!(num <= den, "{}.{} group {g}: {num} > {den}", fam.prefix, members[k]);
                total += num;
                if k + 1 == members.len() && den > 0.0 {
                    assert_eq!(total, den, "{}: the members partition the whole", fam.prefix);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn shares_stay_shares_on_any_window(
        population in 500u32..4000,
        gps in 2.0f64..12.0,
        years in prop_oneof![Just(0.02), Just(0.1), Just(0.5)],
        warmup in prop_oneof![Just(0u32), Just(30), Just(60)],
        seed in 0u64..1000,
        archetype in prop_oneof![Just("dense_urban"), Just("rural"), Just("isolated")],
    ) {
        // The workforce dynamics are on (the default): a GP's retirement
        // closes its calendar ahead, so it never gives a consultation whose
        // slot was not counted as offered (stop 15's failure, kept in
        // indicator_windows.proptest-regressions).
        let text = scenario(population, gps, years, warmup, seed, archetype);
        check_shares(&text);
    }
}

/// Issue 14's case: 5,000 rural inhabitants, 20 replications of 0.02 year
/// after 60 days of warm-up gave readmission rates of 2.0.
#[test]
fn the_readmission_rate_of_a_short_window_is_a_share() {
    let text = "name = \"r\"\nseed = 21\nreplications = 20\nyears = 0.02\nwarmup_days = 60\n\
                [[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 5000\narea_km2 = 200\nzone_count = 3\n";
    let s = parse(text, "t").unwrap();
    for r in 0..20 {
        let rec = s.world(r).run(r).recorder;
        for g in 0..GROUPS {
            let c = rec.cell(0, g);
            assert!(c.readmitted_discharges <= c.discharges, "replication {r} group {g}");
        }
    }
}

/// GP utilisation of a saturated, stationary territory (issue 14's case:
/// 0.558 over 18 days against 0.975 over a year) is the same over a short
/// and a long window, within noise: consultations and slots are both
/// counted when they happen. Without the workforce dynamics, so that the
/// territory is stationary and the two windows see the same GPs.
#[test]
fn gp_utilisation_does_not_depend_on_the_window_length() {
    let utilisation = |years: f64| {
        let text = format!(
            "name = \"u\"\nseed = 8\nreplications = 3\nyears = {years}\nwarmup_days = 120\n\
             [[territories]]\nname = \"t\"\narchetype = \"dense_urban\"\npopulation = 10000\narea_km2 = 4\ngps_per_10000 = 3\n\
             [parameters.needs]\nwinter_amplitude = 0\n[parameters.workforce]\ndynamics = false\n"
        );
        let s = parse(&text, "t").unwrap();
        let (mut given, mut offered) = (0u64, 0u64);
        for r in 0..3 {
            let rec = s.world(r).run(r).recorder;
            given += rec.gp_consultations[0];
            offered += rec.gp_slots_offered[0];
        }
        given as f64 / offered as f64
    };
    let (short, long) = (utilisation(18.0 / 365.0), utilisation(1.0));
    assert!(long > 0.9, "saturated: {long}");
    assert!((short - long).abs() < 0.05, "18 days {short:.3} vs a year {long:.3}");
}

/// A GP retired by a dated workforce event leaves without notice: the
/// appointments booked before are honoured, and each counts as a slot
/// offered, so utilisation stays a share. One zone, three GPs of a saturated
/// dense-urban territory, two of whom leave 20 days after the warm-up (the
/// remaining calendar alone cannot give the consultations already booked).
#[test]
fn a_gp_retired_by_an_event_still_gives_its_booked_consultations_within_its_slots() {
    let text = "name = \"r\"\nseed = 3\nreplications = 1\nyears = 0.2\nwarmup_days = 60\n\
         [[territories]]\nname = \"t\"\narchetype = \"dense_urban\"\npopulation = 10000\narea_km2 = 4\nzone_count = 1\ngps_per_10000 = 3\n\
         [parameters.workforce]\ndynamics = false\n\
         [[policies]]\ntype = \"workforce\"\nname = \"departures\"\nevents = [{ day = 20, zone = \"t-001\", change = -2 }]\n";
    let s = parse(text, "t").unwrap();
    let rec = s.world(0).run(0).recorder;
    let (given, offered) = (rec.gp_consultations[0], rec.gp_slots_offered[0]);
    assert!(given > 0 && given <= offered, "given {given}, offered {offered}");
}
