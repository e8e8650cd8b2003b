//! Coordination time and information sharing (issue 19 §1,
//! `model::coordination`): off by default and invisible; on with nothing to
//! coordinate, it moves no existing indicator; a structure with an empty
//! scope changes nothing; formal coordination costs more hours and loses
//! less information than informal, by the sizes computed by hand below; a
//! lost discharge letter takes away the early visit's protection.

mod common;

use common::{mean, rows};
use parcours::results::IndicatorRow;
use parcours::scenario::parse;

const TERRITORY: &str = "name = \"r\"\narchetype = \"rural\"\npopulation = 6000\narea_km2 = 300\nzone_count = 6";

/// A flat calendar: no holiday, no week off, no Saturday, no part time, no
/// retirement; everyone registered. 63 days of warm-up (9 weeks, from a
/// Monday) and 182 observed days (26 whole weeks: years × 365 rounds to 182).
const FLAT: &str = "[parameters.gp]\nweeks_off_per_year = 0\nsummer_weeks_off = 0\nchristmas_weeks_off = 0\nsaturday_morning = false\n\
                    [parameters.week]\npart_time_share = 0.0\n[parameters.workforce]\ndynamics = false\n\
                    [parameters.registration]\npropensity = 1.0\nlist_cap = 100000\nmax_travel_minutes = 240\n";

fn scenario(parameters: &str, variants: &str, replications: u32) -> String {
    format!(
        "name = \"t\"\nseed = 7\nreplications = {replications}\nyears = 0.4986\nwarmup_days = 63\npublic_holidays = []\n\
         [[territories]]\n{TERRITORY}\n{FLAT}{parameters}\n{variants}"
    )
}

const NEW: [&str; 4] =
    ["coordination_hours_per_professional", "coordination_hours_per_nurse", "information_lost_per_1000", "information_lost_share"];

/// Every row of arm `variant` but the coordination ones, value bits and all.
fn others(r: &[IndicatorRow], variant: &str) -> Vec<(u32, String, String, String, u64)> {
    r.iter()
        .filter(|x| x.variant == variant && !NEW.contains(&x.indicator.as_str()))
        .map(|x| (x.replication, x.territory.clone(), x.group.clone(), x.indicator.clone(), x.value.to_bits()))
        .collect()
}

const CPTS_ALL: &str = "add_policies = [{ type = \"cpts\", participation = 1.0 }]";

#[test]
fn off_by_default_no_row_and_on_with_nothing_to_coordinate_nothing_moves() {
    // Base: off. Variant: on, but no structure (no hours) and no loss. Break
    // caught: a draw from a shared stream, a slot withheld without membership,
    // a coordination row written when off.
    let on = "[[variants]]\nname = \"v\"\nparameters = { coordination = { enabled = true, loss_shared = 0.0, loss_unshared = 0.0 } }";
    let r = rows(&scenario("", on, 2));
    assert!(r.iter().filter(|x| x.variant == "base").all(|x| !NEW.contains(&x.indicator.as_str())));
    assert!(r.iter().any(|x| x.variant == "v" && x.indicator == "information_lost_share"));
    assert_eq!(mean(&r, "v", "coordination_hours_per_professional"), 0.0);
    assert_eq!(mean(&r, "v", "information_lost_share"), 0.0);
    assert_eq!(others(&r, "base"), others(&r, "v"));
}

#[test]
fn a_structure_with_an_empty_scope_changes_no_output() {
    // Coordination on with hours and losses; the variant adds an MSP whose
    // scope is empty (participation 0: no member): every row, coordination
    // ones included, is bit-identical. Break caught: hours or a protocol
    // given to GPs outside the structure's network.
    let params = "[parameters.coordination]\nenabled = true\ngp_hours_formal = [0.0, 10.0, 0.0]\ngp_hours_informal = [0.0, 10.0, 0.0]\n\
                  nurse_hours_formal = [0.0, 7.5, 0.0]\nnurse_hours_informal = [0.0, 7.5, 0.0]\n\
                  formal = [true, true, true, true]\nloss_unshared = 0.4";
    let v = "[[variants]]\nname = \"v\"\nadd_policies = [{ type = \"msp\", participation = 0.0 }]";
    let r = rows(&scenario(params, v, 2));
    assert_eq!(common::arm_bits(&r, "base"), common::arm_bits(&r, "v"));
}

#[test]
fn formal_coordination_costs_more_hours_and_loses_less_information() {
    // Every GP is a CPTS member. Nobody has a shared tool (adoption 0).
    // Hours, by hand: formal 10 h/week of 20-minute slots = 30 slots a week =
    // 6 a weekday exactly; informal 5 h = 3 a weekday. On the flat calendar a
    // GP works 5 days in 7 and every GP-week gives 5 × 6 × 20/60 = 10 h
    // (formal) and 5 h (informal): the indicator is exactly 10 and 5.
    // Information, by hand: formal → every transition of a registered patient
    // is shared through the protocol → lost with 0.1; without any structure
    // → nothing shared → lost with 0.5; informal lies in between (only
    // same-commune transitions are shared). Tolerance: 4 binomial SDs.
    // Break caught: hours not tied to the style, a protocol that does not
    // count as shared, informal sharing with the hospital.
    let params = "[parameters.coordination]\nenabled = true\ngp_hours_formal = [10.0, 0.0, 0.0]\ngp_hours_informal = [5.0, 0.0, 0.0]\n\
                  shared_record_adoption = [0.0, 0.0, 0.0, 0.0]\nsecure_messaging_adoption = [0.0, 0.0, 0.0, 0.0]\n\
                  other_professional_equipped = 0.0\nloss_shared = 0.1\nloss_unshared = 0.5\nformal = [true, true, true, true]";
    let variants = format!(
        "[[variants]]\nname = \"informal\"\n{CPTS_ALL}\nparameters = {{ coordination = {{ formal = [false, false, false, false] }} }}\n\
         [[variants]]\nname = \"formal\"\n{CPTS_ALL}\n"
    );
    let r = rows(&scenario(params, &variants, 2));
    let hours = |v| mean(&r, v, "coordination_hours_per_professional");
    assert!((hours("formal") - 10.0).abs() < 1e-9, "formal hours {}", hours("formal"));
    assert!((hours("informal") - 5.0).abs() < 1e-9, "informal hours {}", hours("informal"));
    assert_eq!(hours("base"), 0.0);
    let lost = |v| mean(&r, v, "information_lost_share");
    let n = mean(&r, "formal", "information_lost_per_1000") / lost("formal") * 6.0 * 0.5; // transitions per replication
    let sd = |p: f64| (p * (1.0 - p) / (2.0 * n)).sqrt();
    assert!(n > 500.0, "too few transitions to test: {n}");
    assert!((lost("formal") - 0.1).abs() < 4.0 * sd(0.1), "formal lost {} (n {n})", lost("formal"));
    assert!((lost("base") - 0.5).abs() < 4.0 * sd(0.5), "no structure lost {}", lost("base"));
    assert!(lost("formal") < lost("informal") && lost("informal") < lost("base"), "informal {}", lost("informal"));
    // The withheld hours leave fewer GP slots: utilisation rises.
    assert!(mean(&r, "formal", "gp_utilisation") > mean(&r, "base", "gp_utilisation"));
}

#[test]
fn a_lost_discharge_letter_takes_away_the_early_visits_protection() {
    // With an early visit cutting readmissions to nothing
    // (followup_7d_relative_risk = 0), the 30-day readmission rate is
    // 0.14 × (discharges without an early visit). When every transition loses
    // its information (loss 1), no visit protects: the rate is 0.14
    // (readmission_30d) within 4 binomial SDs; without loss it is lower.
    let params = "[parameters.hospital]\nfollowup_7d_relative_risk = 0.0\n\
                  [parameters.coordination]\nenabled = true\nloss_shared = 1.0\nloss_unshared = 1.0";
    let v = "[[variants]]\nname = \"kept\"\nparameters = { coordination = { loss_shared = 0.0, loss_unshared = 0.0 } }";
    let r = rows(&scenario(params, v, 4));
    let lost_rate = mean(&r, "base", "readmission_30d_rate");
    let kept_rate = mean(&r, "kept", "readmission_30d_rate");
    assert_eq!(mean(&r, "base", "information_lost_share"), 1.0);
    // About 6,000 × 0.5 years × ≈ 0.1 admissions per inhabitant-year × 4 replications: a few hundred discharges.
    let sd = (0.14 * 0.86 / 300.0_f64).sqrt();
    assert!((lost_rate - 0.14).abs() < 4.0 * sd, "rate with every letter lost {lost_rate}");
    assert!(kept_rate < lost_rate, "kept {kept_rate} vs lost {lost_rate}");
}

#[test]
fn bad_values_are_named() {
    let text = scenario("[parameters.coordination]\nloss_shared = 1.5", "", 1);
    let e = parse(&text, "t").err().expect("rejected").to_string();
    assert!(e.contains("parameters.coordination.loss_shared"), "{e}");
}

#[test]
fn information_lost_after_another_professional_breaks_continuity() {
    // Consequence (b): every transition loses its information (loss 1) vs
    // none (loss 0), with a strong discontinuity factor (3, a test value
    // beyond the documented range) in both arms, so that the thinning bound
    // is the same and only the continuity flags differ. Break caught: a
    // loss that leaves the médecin traitant's follow-up continuous (the two
    // arms would then be bit-identical, common random numbers). Measured at
    // this seed: 4.09 vs 3.76 per 1,000 (direction only, p ≈ 0.09 over 4
    // replications: no size claimed).
    let params = "[parameters.deterioration]\ndiscontinuity_factor = 3.0\n\
                  [parameters.coordination]\nenabled = true\nloss_shared = 1.0\nloss_unshared = 1.0";
    let v = "[[variants]]\nname = \"kept\"\nparameters = { coordination = { loss_shared = 0.0, loss_unshared = 0.0 } }";
    let r = rows(&scenario(params, v, 4));
    let lost = mean(&r, "base", "avoidable_hosp_chronic_per_1000");
    let kept = mean(&r, "kept", "avoidable_hosp_chronic_per_1000");
    assert!(lost > kept, "chronic avoidable admissions: every letter lost {lost}, none lost {kept}");
}

/// An MSP of every GP with one delegation nurse (8 follow-ups of 45 minutes a
/// weekday, 5 days), no GP coordination hours: only the nurse gives time.
const MSP_ALL: &str = "add_policies = [{ type = \"msp\", participation = 1.0, delegation_nurses = 1.0, extended_hours_per_gp_week = 0.0 }]";

#[test]
fn a_structures_nurse_gives_its_coordination_hours_from_its_places() {
    // By hand: nurse_hours_formal[MSP] = 7.5 h a week of 45-minute places =
    // 10 places a week = 2 every weekday: the nurse's 8 places a day become 6.
    // Informal 1.5 h = 2 places a week, 0.4 a day spread without a draw
    // (⌊(i+1)·0.4⌋ − ⌊i·0.4⌋): over the 130 observed weekdays (open days 45 to
    // 174) ⌊175·0.4⌋ − ⌊45·0.4⌋ = 52 places = 39 h over 26 weeks = 1.5 h a
    // week. So the indicator is exactly 7.5 and 1.5 (one nurse, in force all
    // the window). The MSP nurse is saturated (6,000 inhabitants' chronic
    // follow-ups for 8 places a day): she gives 8 × 130 = 1,040 follow-ups in
    // the base and 6 × 130 = 780 formal, per 1,000 person-years (6,000 ×
    // 182/365 = 2,992): 347.6 and 260.7; 5 % tolerance for the bookings at
    // the window's edges. Break caught: coordination time not taken from the
    // places, taken twice, or taken when the structure has no nurse hours.
    let params = "[parameters.coordination]\nenabled = true\ngp_hours_formal = [0.0, 0.0, 0.0]\ngp_hours_informal = [0.0, 0.0, 0.0]\n\
                  nurse_hours_formal = [0.0, 7.5, 0.0]\nnurse_hours_informal = [0.0, 1.5, 0.0]\nformal = [true, true, true, true]";
    let variants = format!(
        "[[variants]]\nname = \"informal\"\n{MSP_ALL}\nparameters = {{ coordination = {{ formal = [false, false, false, false] }} }}\n\
         [[variants]]\nname = \"formal\"\n{MSP_ALL}\n\
         [[variants]]\nname = \"none\"\n{MSP_ALL}\nparameters = {{ coordination = {{ nurse_hours_formal = [0.0, 0.0, 0.0] }} }}\n"
    );
    let r = rows(&scenario(params, &variants, 2));
    let hours = |v| mean(&r, v, "coordination_hours_per_nurse");
    assert!((hours("formal") - 7.5).abs() < 1e-9, "formal nurse hours {}", hours("formal"));
    assert!((hours("informal") - 1.5).abs() < 1e-9, "informal nurse hours {}", hours("informal"));
    assert!(!r.iter().any(|x| x.variant == "base" && x.indicator == "coordination_hours_per_nurse"));
    let given = |v| mean(&r, v, "consultations_per_1000.msp_nurse");
    let person_years = 6000.0 * 182.0 / 365.0;
    let (full, withheld) = (8.0 * 130.0 * 1000.0 / person_years, 6.0 * 130.0 * 1000.0 / person_years);
    assert!((given("none") / full - 1.0).abs() < 0.05, "saturated nurse without coordination {} vs {full}", given("none"));
    assert!((given("formal") / withheld - 1.0).abs() < 0.05, "nurse giving 7.5 h {} vs {withheld}", given("formal"));
    assert!(given("formal") < given("informal") && given("informal") < given("none"));
}

#[test]
fn nurse_hours_of_structures_without_a_nurse_change_no_output() {
    // Coordination on with a CPTS (its protocol service is a pharmacist's)
    // and an MSP (its nurse, and its extended hours given by GPs); MSP nurse
    // hours 0. The variant gives 5 h a week to CPTS and DAC nurses, who do
    // not exist here: every row is bit-identical and no nurse row is written.
    // Break caught: nurse hours taken from a pharmacist's or a GP service, or
    // from the wrong structure, or a draw from a shared stream.
    let params =
        "[parameters.coordination]\nenabled = true\nnurse_hours_formal = [0.0, 0.0, 0.0]\nnurse_hours_informal = [0.0, 0.0, 0.0]\n\
                  [[policies]]\ntype = \"cpts\"\nparticipation = 1.0\n[[policies]]\ntype = \"msp\"\nparticipation = 1.0\n";
    let v = "[[variants]]\nname = \"v\"\nparameters = { coordination = { nurse_hours_formal = [5.0, 0.0, 5.0], nurse_hours_informal = [5.0, 0.0, 5.0] } }";
    let r = rows(&scenario(params, v, 2));
    assert_eq!(common::arm_bits(&r, "base"), common::arm_bits(&r, "v"));
    assert!(r.iter().any(|x| x.indicator == "consultations_per_1000.msp_nurse"));
    assert!(r.iter().all(|x| x.indicator != "coordination_hours_per_nurse"));
}
