//! Model-level checks on small synthetic territories: conservation, Little's
//! law, need rates against parameters, determinism and counterfactuals.

mod common;

use parcours::model::indicators::{EdCause, GROUPS};
use parcours::model::NeedKind;
use parcours::results::{indicator_rows, simulate};
use parcours::scenario::parse;

#[test]
fn every_need_ends_in_exactly_one_outcome_and_no_slot_is_booked_twice() {
    let s = parse(&common::small_scenario(3000, 0.5, ""), "t").unwrap();
    for rep in 0..3 {
        let out = s.world(rep).run(rep);
        let d = &out.diagnostics;
        assert!(d.needs > 5_000, "a 3,000-inhabitant territory has thousands of needs in 7 months ({})", d.needs);
        assert_eq!(d.consulted + d.to_ed + d.forgone + d.escalated + d.pending_at_end, d.needs);
        assert_eq!(d.double_bookings, 0);
        assert!(d.consulted > 0 && d.to_ed > 0 && d.forgone > 0 && d.escalated > 0, "every outcome occurs: {d:?}");
        d.check().unwrap();
    }
}

#[test]
fn littles_law_holds_on_the_waiting_line_for_consultations() {
    // L (time-average number of needs waiting for a consultation — booked
    // slot or walk-in visit —
    // from the area under the line) against λ·W (entries per minute × mean
    // recorded delay of consultations). Escalation is switched off (a need
    // waiting for its GP could otherwise leave the line early, and W would
    // count consultations only). Waits that straddle the horizon count in
    // full in W but only up to the horizon in L; since issue 17 planned
    // needs are booked days ahead, so the run is 3 years long to keep that
    // edge below 5 %.
    let text = common::small_scenario(4000, 3.0, "[parameters.deterioration]\nacute_escalation_share = 0.0\n")
        .replace("warmup_days = 30", "warmup_days = 0");
    let s = parse(&text, "t").unwrap();
    let out = s.world(0).run(0);
    let d = &out.diagnostics;
    let horizon_min = f64::from(s.horizon_days()) * 1440.0;
    let l = d.waiting_area / horizon_min;
    let all = out.recorder.cell(0, 0);
    let consults: u64 = all.consultations.iter().sum();
    let w = all.delay_sum_min.iter().sum::<u64>() as f64 / consults as f64;
    let lambda = d.waiting_entries as f64 / horizon_min;
    eprintln!("Little: L = {l:.2}, λW = {:.2}", lambda * w);
    assert!(l > 10.0, "the line is not trivially empty: L = {l}");
    assert!((l - lambda * w).abs() / l < 0.05, "L = {l}, λW = {}", lambda * w);
}

#[test]
fn serious_ed_visits_follow_the_need_rates() {
    // Acute serious needs all go to the ED: per 1,000 per year their rate
    // must equal Σ age share × rate. 40,000 inhabitants × 1 year × 2
    // replications give ≈ 18,000 visits (Poisson SD ≈ 0.75 %); tolerance 4 %
    // also covers the rounding of the age structure.
    // Chronic status multipliers set to 1 so that the rate depends on age only.
    let neutral = "[parameters.needs]\nacute_factor_one_ald = 1.0\nacute_factor_multimorbid = 1.0\n";
    let s = parse(&common::small_scenario(40_000, 1.0, neutral), "t").unwrap();
    let run = simulate(&s, 0, |_| {}).unwrap();
    let p = &s.base.parameters.needs.acute_serious_per_year;
    let ages: Vec<u64> = (0..6).map(|a| s.zones.iter().map(|z| u64::from(z.population[a])).sum()).collect();
    let expected = 1000.0 * ages.iter().zip(p).map(|(&n, r)| n as f64 * r).sum::<f64>() / s.inhabitants() as f64;
    for r in &run.arms[0].replications {
        let c = r.recorder.cell(0, 0);
        let py = c.person_days as f64 / 365.0;
        let observed = 1000.0 * c.ed_visits[EdCause::Serious as usize] as f64 / py;
        assert!((observed / expected - 1.0).abs() < 0.04, "observed {observed}, expected {expected}");
        let needs = c.needs[NeedKind::AcuteSerious.index()] as f64;
        assert!((1000.0 * needs / py / expected - 1.0).abs() < 0.04);
    }
}

#[test]
fn breakdown_groups_partition_the_population() {
    let s = parse(&common::small_scenario(5000, 0.3, ""), "t").unwrap();
    let out = s.world(0).run(0);
    let all = out.recorder.cell(0, 0).person_days;
    // Groups 1–4 (density), 5–10 (age), 11–12 (vulnerability), 13–14 (registration) each sum to `all`.
    for range in [1..5, 5..11, 11..13, 13..15] {
        let sum: u64 = range.clone().map(|g| out.recorder.cell(0, g).person_days).sum();
        assert_eq!(sum, all, "groups {range:?}");
    }
    assert_eq!(GROUPS, 15);
}

#[test]
fn a_change_that_touches_nobody_changes_nothing() {
    // Plenty of GPs (1 per 200 inhabitants): no list ever reaches the cap,
    // so raising the cap touches nobody and every indicator is identical.
    let base = "gps_per_10000 = 50\n";
    let run = |extra: &str| {
        let s = parse(&common::small_scenario(2000, 0.5, &format!("{base}{extra}")), "t").unwrap();
        indicator_rows(&simulate(&s, 1, |_| {}).unwrap())
    };
    let reference = run("");
    assert_eq!(reference, run("[parameters.registration]\nlist_cap = 100000\n"));
    // Control: a change that does touch people (a cap below the lists) shows up.
    assert_ne!(reference, run("[parameters.registration]\nlist_cap = 20\n"));
}

#[test]
fn same_seed_same_indicators_different_seed_different_indicators() {
    let s = parse(&common::small_scenario(2000, 0.3, ""), "t").unwrap();
    let a = indicator_rows(&simulate(&s, 1, |_| {}).unwrap());
    let b = indicator_rows(&simulate(&s, 2, |_| {}).unwrap());
    assert_eq!(a, b);
    let other = s.clone().with_overrides(None, Some(8), None).unwrap();
    assert_ne!(a, indicator_rows(&simulate(&other, 1, |_| {}).unwrap()));
}

#[test]
fn fewer_gps_mean_longer_delays_and_more_forgone_care() {
    // Direction check of the core mechanism: halving GP supply raises the
    // mean delay and the forgone-care rate (2 replications each; the effect
    // is many times the replication noise).
    let mean_of = |gps: f64, indicator: &str| {
        let s = parse(&common::small_scenario(6000, 0.5, &format!("gps_per_10000 = {gps}\n")), "t").unwrap();
        let rows = indicator_rows(&simulate(&s, 0, |_| {}).unwrap());
        let v: Vec<f64> = rows.iter().filter(|r| r.group == "all" && r.indicator == indicator).map(|r| r.value).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!(mean_of(3.0, "delay_mean_days") > mean_of(8.0, "delay_mean_days"));
    assert!(mean_of(3.0, "forgone_care_rate") > mean_of(8.0, "forgone_care_rate"));
    assert!(mean_of(3.0, "ed_visits_per_1000") > mean_of(8.0, "ed_visits_per_1000"));
}

#[test]
fn pharmacies_and_nurses_take_part_of_prevention_and_only_prevention() {
    // One zone with two pharmacies and GPs to spare: a prevention need goes
    // to the walk-in exactly when its draw is below `prevention_walk_in_share`
    // (0.35); no GP slot is ever missing, so nothing else falls back on it.
    // Expected share 0.35 within 4 binomial standard errors.
    let text = "name = \"x\"\nyears = 1.0\nwarmup_days = 10\nreplications = 1\n[[territories]]\nname = \"a\"\n[[territories.zones]]\nname = \"z\"\npopulation = 3000\ndensity = \"rural\"\nx_km = 0\ny_km = 0\ngps = 10\npharmacies = 2\n";
    let s = parse(text, "t").unwrap();
    let out = s.world(0).run(0);
    let all = out.recorder.cell(0, 0);
    let prevention = all.consultations[NeedKind::Prevention.index()] as f64;
    let share = all.service_consultations[0] as f64 / prevention;
    let se = (0.35 * 0.65 / prevention).sqrt();
    assert!(prevention > 500.0 && (share - 0.35).abs() < 4.0 * se, "walk-in share of prevention {share} of {prevention}");
    assert_eq!(all.forgone[NeedKind::Prevention.index()], 0, "GPs to spare: no prevention need is forgone");
    // Without any pharmacy or nurse, nobody is seen by them.
    let text = "name = \"x\"\nyears = 0.3\nwarmup_days = 10\nreplications = 1\n[[territories]]\nname = \"a\"\n[[territories.zones]]\nname = \"z\"\npopulation = 3000\ndensity = \"rural\"\nx_km = 0\ny_km = 0\ngps = 2\n";
    let s = parse(text, "t").unwrap();
    let out = s.world(0).run(0);
    assert_eq!(out.recorder.cell(0, 0).service_consultations[0], 0);
    assert!(out.recorder.cell(0, 0).consultations[NeedKind::Prevention.index()] > 0);
}

#[test]
fn a_commune_with_many_gps_spreads_its_patients_over_all_of_them() {
    // One zone with 100 GPs whose lists are capped at 250: only if every GP
    // takes patients can 97 % of 20,000 inhabitants register (a list of
    // reachable GPs cut at 64 would leave coverage near 0.80).
    let text = "name = \"x\"\nyears = 0.2\nwarmup_days = 10\nreplications = 1\n\
                [[territories]]\nname = \"city\"\n[[territories.zones]]\nname = \"z\"\npopulation = 20000\n\
                density = \"dense_urban\"\nx_km = 0\ny_km = 0\ngps = 100\n\
                [parameters.registration]\nlist_cap = 250\n";
    let s = parse(text, "t").unwrap();
    let rows = indicator_rows(&simulate(&s, 1, |_| {}).unwrap());
    let coverage = rows.iter().find(|r| r.group == "all" && r.indicator == "registered_gp_coverage").unwrap().value;
    assert!(coverage > 0.95, "coverage {coverage}");
}

/// A replication asked to stop ends within a simulated day: the world asks
/// at the start of each simulated day (once a day, never per event), so a
/// stop requested during day d (seen at the start of day d + 1) leaves day
/// d the last one simulated. Days 0 to 40 of a 7-month run: 42 questions
/// (days 0 to 41), the last event on day 40, fewer events than the whole
/// run; a flag set before the start simulates no day; a flag never set
/// gives the whole run, event for event.
#[test]
fn a_replication_asked_to_stop_ends_within_a_simulated_day() {
    use std::sync::atomic::AtomicBool;
    let s = parse(&common::small_scenario(3000, 0.5, ""), "t").unwrap();
    let whole = s.world(0).run(0);
    let d = 40;
    let mut asked = Vec::new();
    let stopped = s
        .world(0)
        .run_checking_days(0, |day| {
            asked.push(day);
            day > d
        })
        .expect_err("asked to stop");
    assert_eq!(asked, (0..=d + 1).collect::<Vec<u32>>(), "one question a day, at its start");
    assert_eq!((stopped.day, stopped.last_event.day()), (d + 1, d), "{stopped:?}");
    assert!(stopped.events > 0 && stopped.events < whole.diagnostics.events / 2, "{stopped:?}");
    let before_start = s.world(0).run_unless_stopped(0, &AtomicBool::new(true)).expect_err("stopped at once");
    assert_eq!(before_start.day, 0, "{before_start:?}");
    let never = s.world(0).run_unless_stopped(0, &AtomicBool::new(false)).expect("runs to the horizon");
    assert_eq!(never.diagnostics.events, whole.diagnostics.events);
    assert_eq!(never.diagnostics.needs, whole.diagnostics.needs);
}
