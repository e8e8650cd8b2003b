//! Issue 18 §4–5: prevention acts with a health effect, and continuity of
//! care with the médecin traitant. Each rule is pinned by a tiny scenario
//! whose outcome is known in closed form (everything else switched off), the
//! expected value computed by hand from the parameters; tolerances are 4
//! standard errors of the counts.
//!
//! Each test names the deliberate break of the model it catches.

use parcours::model::indicators::{Admission, Cell, Recorder};
use parcours::model::NeedKind;
use parcours::scenario::parse;

/// Everyone has one ALD (chronic, so eligible for protection), no serious
/// need, no renewal, no escalation, no other admission, no readmission.
/// Prevention 12 a year per person, all taken to the walk-in pharmacy/nurse
/// service within 60 days, booked without lead time.
const BASE: &str = r#"
[parameters.population]
chronic_share = [1, 1, 1, 1, 1, 1]
multimorbid_share = [0, 0, 0, 0, 0, 0]
complex_share = [0, 0, 0, 0, 0, 0]
[parameters.needs]
acute_minor_per_year = [2, 2, 2, 2, 2, 2]
acute_serious_per_year = [0, 0, 0, 0, 0, 0]
renewal_per_year = [0, 0, 0, 0, 0, 0]
prevention_per_year = [12, 12, 12, 12, 12, 12]
complex_per_year = 0
winter_amplitude = 0.5
EXTRA_NEEDS
[parameters.booking]
prevention_walk_in_share = 1.0
prevention_tolerance_days = 60
[parameters.waits]
lead_prevention_days = 0
[parameters.deterioration]
acute_escalation_share = 0
chronic_decompensation_per_year = 0.5
overdue_factor = 1.0
vulnerable_factor = 1.0
no_caregiver_factor = 1.0
EXTRA_DETERIORATION
[parameters.hospital]
serious_admission = 0
minor_admission = 0
readmission_30d = 0
[parameters.gp]
hospitalisation_probability = 0
"#;

/// A rural territory of 5,000; the year observed after a 120-day warm-up
/// from 1 January runs May → April and holds exactly one winter half-year.
fn scenario(needs: &str, deterioration: &str, extra: &str) -> String {
    let params = BASE.replace("EXTRA_NEEDS", needs).replace("EXTRA_DETERIORATION", deterioration);
    format!(
        "name = \"support\"\nseed = 7\nreplications = 1\nyears = 1.0\nwarmup_days = 120\n\
         [[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 5000\narea_km2 = 100\nzone_count = 4\n\
         gps_per_10000 = 10\ned_count = 1\nvulnerable = 0.0\n{extra}\n{params}"
    )
}

fn run(text: &str, replications: u32) -> Vec<Recorder> {
    let s = parse(text, "support test").unwrap_or_else(|e| panic!("{e}"));
    (0..replications).map(|r| s.world(r).run(r).recorder).collect()
}

fn total(recs: &[Recorder], group: usize, f: impl Fn(&Cell) -> u64) -> f64 {
    recs.iter().map(|r| f(r.cell(0, group))).sum::<u64>() as f64
}

fn chronic_admissions(c: &Cell) -> u64 {
    c.admissions[Admission::AvoidableChronic as usize]
}

/// Break caught: the vaccinated hazard factor applied all year, never, or to
/// the unprotected. Everyone is protected before the winter (12 acts a year
/// over the six months from May), so over a year holding one winter
/// half-year the decompensations are h·(½ + ½·0.5) = 0.75 of those without
/// the effect (the same candidates: only their acceptance changes). 4 reps of
/// ≈ 2,400 decompensations: sd of the ratio ≈ 0.75·√(1/1800 + 1/2400) ≈ 0.023.
#[test]
fn vaccinated_patients_decompensate_less_in_winter_only() {
    let off = run(&scenario("", "", ""), 4);
    let on = run(&scenario("", "vaccinated_winter_factor = 0.5", ""), 4);
    let ratio = total(&on, 0, chronic_admissions) / total(&off, 0, chronic_admissions);
    assert!((ratio - 0.75).abs() < 4.0 * 0.023, "decompensations with / without the effect: {ratio:.3}, expected 0.75");
    // Prevention acts were given (the protection comes from them).
    let seen = total(&on, 0, |c| c.consultations[NeedKind::Prevention as usize]);
    let needs = total(&on, 0, |c| c.needs[NeedKind::Prevention as usize]);
    assert!(seen > 0.95 * needs, "prevention needs seen {seen} of {needs}");
}

/// Break caught: the avoided share not scaled by the winter excess. With
/// amplitude A = 0.5 and every acute minor need of a protected patient in
/// winter avoided with probability 1·(season − 1)/season, the needs avoided
/// over a year are a share ∫winter A·cos / 365 = A/π = 0.159 of the year's
/// (the season averages 1): the acute minor needs with the effect are
/// 1 − 0.5/π = 0.841 of those without. ≈ 10,000 needs a replication, 2 reps:
/// the avoided count is binomial, sd of the ratio ≈ √(0.159·0.841/20,000) ≈ 0.0026.
#[test]
fn vaccinated_patients_avoid_a_share_of_the_winter_excess_of_acute_needs() {
    let off = run(&scenario("", "", ""), 2);
    let on = run(&scenario("vaccinated_winter_excess_avoided = 1.0", "", ""), 2);
    let acute = |c: &Cell| c.needs[NeedKind::AcuteMinor as usize];
    let ratio = total(&on, 0, acute) / total(&off, 0, acute);
    let expected = 1.0 - 0.5 / std::f64::consts::PI;
    assert!((ratio - expected).abs() < 4.0 * 0.0026 + 0.003, "acute minor needs with / without: {ratio:.4}, expected {expected:.4}");
}

/// Break caught: patients without a follow-up by their own GP not at higher
/// risk, or the factor applied to everyone. Half the inhabitants register
/// (propensity 0.5), orphans are never registered (accept_when_seen = 0), so
/// orphans never have a follow-up by a médecin traitant: with
/// discontinuity_factor = 2 their decompensations double, the stay
/// correction aside: 2·(1 + h·s)/(1 + 2h·s) = 1.990 for h = 0.5/yr, s = 7 d.
/// Registered patients are followed by their own GP every 30 days; only a
/// post-discharge visit elsewhere breaks their continuity (until the next
/// follow-up), so their ratio stays near 1 (below 1.1). ≈ 1,200 orphan
/// decompensations over 2 reps: sd of the ratio ≈ 2·√(1/1200 + 1/2400) ≈ 0.07.
#[test]
fn patients_not_followed_by_their_own_gp_decompensate_more() {
    let extra = "[parameters.registration]\npropensity = 0.5\naccept_when_seen = 0.0\n";
    let needs = "followup_interval_days = 30";
    let off = run(&scenario(needs, "", extra), 2);
    let on = run(&scenario(needs, "discontinuity_factor = 2.0", extra), 2);
    let (orphan, registered) = (13, 14);
    let r_orphan = total(&on, orphan, chronic_admissions) / total(&off, orphan, chronic_admissions);
    let r_registered = total(&on, registered, chronic_admissions) / total(&off, registered, chronic_admissions);
    let expected = 2.0 * (1.0 + 0.5 * 7.0 / 365.0) / (1.0 + 7.0 / 365.0);
    assert!((r_orphan - expected).abs() < 4.0 * 0.07, "orphans: {r_orphan:.3}, expected {expected:.3}");
    assert!((0.95..1.1).contains(&r_registered), "registered: {r_registered:.3}, expected ≈ 1");
}

/// Break caught: the new mechanisms move something when off. Their
/// parameters at their defaults written out explicitly change no count.
#[test]
fn the_effects_at_their_defaults_change_nothing() {
    let a = run(&scenario("", "", ""), 1);
    let b = run(&scenario("vaccinated_winter_excess_avoided = 0.0", "vaccinated_winter_factor = 1.0\ndiscontinuity_factor = 1.0", ""), 1);
    assert_eq!(format!("{:?}", a[0].cell(0, 0)), format!("{:?}", b[0].cell(0, 0)));
}
