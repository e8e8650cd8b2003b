//! The pathway rules of docs/ODD.md §7, each pinned by a tiny scenario whose
//! outcome is known in closed form: everything but the rule under test is
//! switched off (no chronic patients, no escalation, no readmission …), so
//! the expected value is computed by hand from the parameters, not by the
//! code under test. Tolerances are 4 binomial or Poisson standard errors of
//! the counts observed (a false alarm about once in 16,000 runs).
//!
//! Each test names the deliberate break of the model it catches.

#[macro_use]
mod common;

use parcours::model::indicators::{Admission, Cell};
use parcours::model::world::World;
use parcours::model::NeedKind;
use parcours::scenario::parse;

/// Parameters that switch off every mechanism but acute minor needs:
/// no chronic patient, no serious need, no planned need, no escalation,
/// no admission after an ED visit or a consultation, no readmission, no
/// seasonality, no vulnerability effects, none of the week's rhythm
/// (tests/rhythm.rs: flat weekdays, no weekend route, no part-time GP).
const QUIET: &str = concat!(
    quiet_acute_minor_only!(),
    r#"[parameters.week]
acute_weekday_factors = [1, 1, 1, 1, 1, 1, 1]
weekend_ed_share = 0
weekend_pdsa_share = 0
part_time_share = 0
"#
);

/// A rural territory of `population` with `gps_per_10000` GPs and `eds` EDs.
fn territory(population: u32, gps_per_10000: f64, eds: u32) -> String {
    format!(
        "[[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = {population}\narea_km2 = 200\nzone_count = 4\n\
         gps_per_10000 = {gps_per_10000}\ned_count = {eds}\nvulnerable = 0.0\n"
    )
}

fn scenario(years: f64, warmup: u32, territory: &str, policies: &str, parameters: &str) -> String {
    format!("name = \"rule\"\nseed = 5\nreplications = 1\nyears = {years}\nwarmup_days = {warmup}\n{territory}\n{policies}\n{parameters}")
}

/// Runs replications 0..n of the base arm and returns the `all` cell of each.
fn cells(text: &str, n: u32) -> Vec<Cell> {
    let s = parse(text, "rule test").unwrap_or_else(|e| panic!("{e}"));
    (0..n).map(|r| s.world(r).run(r).recorder.cell(0, 0).clone()).collect()
}

fn sum(cells: &[Cell], f: impl Fn(&Cell) -> u64) -> f64 {
    cells.iter().map(f).sum::<u64>() as f64
}

/// |observed share − p| within 4 binomial standard errors of n trials.
fn assert_share(what: &str, k: f64, n: f64, p: f64) {
    let se = (p * (1.0 - p) / n).sqrt().max(1.0 / n);
    assert!((k / n - p).abs() <= 4.0 * se, "{what}: {k}/{n} = {:.4}, expected {p:.4} ± {:.4}", k / n, 4.0 * se);
}

// ----- first contact --------------------------------------------------------------------

/// Break caught: acute minor needs never forgo care.
/// No GP and one ED; all choice terms but the constants set to 0, so the
/// logit gives P(forgo) = e^a_f / (e^a_f + e^a_ed) = 1 / (1 + e) for
/// a_ed = 1, a_f = 0 (0.2689).
#[test]
fn acute_minor_needs_forgo_care_with_the_logit_probability() {
    let choice = "[parameters.choice]\nasc_ed = 1.0\nasc_forgo = 0.0\nbeta_travel_per_hour = 0\nbeta_ed_out_of_hours = 0\n\
                  beta_ed_propensity = 0\nbeta_forgo_vulnerable = 0\n";
    let text = scenario(1.0, 0, &territory(5000, 0.0, 1), "", &format!("{QUIET}{choice}"));
    let c = cells(&text, 1);
    let needs = sum(&c, |c| c.needs[NeedKind::AcuteMinor.index()]);
    let forgone = sum(&c, |c| c.forgone[NeedKind::AcuteMinor.index()]);
    assert!(needs > 8000.0, "5,000 inhabitants × 2 needs a year: {needs}");
    assert_share("acute minor needs forgone", forgone, needs, 1.0 / (1.0 + 1f64.exp()));
}

// ----- the observation window ----------------------------------------------------------

/// Break caught: the warm-up exclusion dropped. With a warm-up as long as
/// the observed year, counting warm-up needs would double the rate:
/// needs per 1,000 per year must equal 1,000 × 2 (the only need rate).
#[test]
fn nothing_of_the_warm_up_is_counted() {
    let text = scenario(1.0, 365, &territory(5000, 8.0, 1), "", QUIET);
    let c = cells(&text, 1);
    let person_years = sum(&c, |c| c.person_days) / 365.0;
    let needs = sum(&c, |c| c.needs.iter().sum());
    let expected = 2.0 * person_years;
    assert!((person_years - 5000.0).abs() < 1.0, "person-time of one year of 5,000 inhabitants: {person_years}");
    assert!((needs - expected).abs() <= 4.0 * expected.sqrt(), "needs {needs}, expected Poisson({expected})");
}

/// A readmission counts with its discharge: the share readmitted is
/// readmission_30d for discharges without an early visit, never above 1
/// (issue 14's case gave 2.0 when warm-up discharges were readmitted in the window).
#[test]
fn readmissions_are_a_share_of_the_discharges_of_the_window() {
    // Every consultation admits (probability 1), no post-discharge visit is
    // possible (no GP), readmission risk 0.3: the share readmitted is 0.3.
    let params = format!(
        "{}\n[parameters.gp]\nhospitalisation_probability = 1.0\n",
        QUIET
            .replace("readmission_30d = 0", "readmission_30d = 0.3\nfollowup_7d_relative_risk = 1.0\nminor_admission = 1.0")
            .replace("minor_admission = 0\n", "")
    );
    let text = scenario(0.5, 60, &territory(5000, 0.0, 1), "", &params);
    let c = cells(&text, 2);
    let (readmitted, discharges) = (sum(&c, |c| c.readmitted_discharges), sum(&c, |c| c.discharges));
    assert!(discharges > 500.0, "{discharges}");
    assert_share("discharges readmitted", readmitted, discharges, 0.3);
    // Short windows: still a share.
    let short = scenario(0.02, 60, &territory(5000, 0.0, 1), "", &params);
    for c in cells(&short, 5) {
        assert!(c.readmitted_discharges <= c.discharges, "{} of {}", c.readmitted_discharges, c.discharges);
    }
}

// ----- what a consultation does ----------------------------------------------------------

/// The teleconsultation platform as the only provider: huge capacity and
/// utility, no GP, no ED.
fn tele_only(telexpertise: f64, chronic: bool) -> String {
    let tele = format!(
        "[[policies]]\ntype = \"teleconsultation\"\ndoctors = 50\nconsultations_per_day = 5000\nasc = 10.0\nfollow_up_share = 0.0\n\
         telexpertise_factor = {telexpertise}\n"
    );
    let mut params = format!("{QUIET}\n[parameters.gp]\nhospitalisation_probability = 0.2\n[parameters.choice]\nasc_forgo = -10.0\n");
    params = params.replace("[parameters.population]\n", "[parameters.population]\ndigital_skills_share = [1, 1, 1, 1, 1, 1]\n");
    if chronic {
        // Everyone chronic, but never decompensating and never due for a follow-up in the window.
        params = params
            .replace("chronic_share = [0, 0, 0, 0, 0, 0]", "chronic_share = [1, 1, 1, 1, 1, 1]")
            .replace("acute_escalation_share = 0", "acute_escalation_share = 0\nchronic_decompensation_per_year = 0");
    }
    let t = territory(5000, 0.0, 0).replace("vulnerable = 0.0\n", "vulnerable = 0.0\nbroadband = 1.0\n");
    scenario(0.5, 30, &t, &tele, &params)
}

/// Break caught: the admission risk applied after GP consultations only.
/// Every consultation here is a teleconsultation; admissions per
/// consultation must be `hospitalisation_probability` = 0.2.
#[test]
fn the_admission_risk_follows_every_consultation_whoever_gives_it() {
    let c = cells(&tele_only(1.0, false), 1);
    let consults = sum(&c, |c| c.consultations.iter().sum());
    let other = sum(&c, |c| c.admissions[Admission::Other as usize]);
    assert!(consults > 3000.0, "{consults}");
    assert_eq!(sum(&c, |c| c.service_consultations[0]), 0.0, "the walk-in takes no acute need");
    assert_share("admissions per teleconsultation", other, consults, 0.2);
}

/// Break caught: the telexpertise factor inverted (or ignored). For chronic
/// patients of the scope the risk is 0.2 × 0.25 = 0.05.
#[test]
fn telexpertise_lowers_the_admission_risk_of_chronic_patients_by_its_factor() {
    let c = cells(&tele_only(0.25, true), 1);
    let consults = sum(&c, |c| c.consultations.iter().sum());
    let other = sum(&c, |c| c.admissions[Admission::Other as usize]);
    assert_share("admissions per consultation under telexpertise", other, consults, 0.05);
}

// ----- chronic decompensation -----------------------------------------------------------

/// Everyone chronic (one condition, not multimorbid), follow-up never
/// overdue in effect (overdue factor 1), hazard 0.5 a year; caregivers for
/// `caregiver_share` of everyone. Returns the avoidable chronic admissions
/// per person-year of ages 75–84 and of ages 45–64.
fn decompensation_rates(caregiver_share: f64) -> (f64, f64) {
    let params = QUIET
        .replace("chronic_share = [0, 0, 0, 0, 0, 0]", "chronic_share = [1, 1, 1, 1, 1, 1]")
        .replace(
            "complex_share = [0, 0, 0, 0, 0, 0]",
            &format!("complex_share = [0, 0, 0, 0, 0, 0]\ncaregiver_share = [{c}, {c}, {c}, {c}, {c}, {c}]", c = caregiver_share),
        )
        .replace(
            "acute_escalation_share = 0",
            "acute_escalation_share = 0\nchronic_decompensation_per_year = 0.5\noverdue_factor = 1.0\nno_caregiver_factor = 2.0\nvulnerable_factor = 1.0",
        );
    let text = scenario(1.0, 30, &territory(30000, 10.0, 1), "", &params);
    let s = parse(&text, "rule test").unwrap_or_else(|e| panic!("{e}"));
    let rec = s.world(0).run(0).recorder;
    // Groups 5..=10 are the age bands: 0-14, 15-44, 45-64, 65-74, 75-84, 85+.
    let rate = |g: usize| {
        let c = rec.cell(0, g);
        c.admissions[Admission::AvoidableChronic as usize] as f64 / (c.person_days as f64 / 365.0)
    };
    (rate(9), rate(7))
}

/// Break caught: the no-caregiver hazard factor inverted. Patients aged 75+
/// without a caregiver have their hazard × 2. With a 7-day stay during
/// which no new decompensation starts, the rate is h / (1 + h·s):
/// 0.5 / 1.0096 = 0.4952 a year at 45–64 and 1.0 / 1.0192 = 0.9812 at
/// 75–84 without caregivers; with caregivers for everyone, both 0.4952.
#[test]
fn patients_aged_75_and_over_without_a_caregiver_decompensate_twice_as_often() {
    let stay = 7.0 / 365.0;
    let (old, middle) = decompensation_rates(0.0);
    let expect_old = 1.0 / (1.0 + stay);
    let expect_middle = 0.5 / (1.0 + 0.5 * stay);
    // 30,000 rural inhabitants: ≈ 2,300 aged 75–84 and ≈ 8,000 aged 45–64.
    assert!((old - expect_old).abs() < 0.12 * expect_old, "75–84 without caregiver: {old:.3} vs {expect_old:.3}");
    assert!((middle - expect_middle).abs() < 0.08 * expect_middle, "45–64: {middle:.3} vs {expect_middle:.3}");
    let (old, _) = decompensation_rates(1.0);
    assert!((old - expect_middle).abs() < 0.15 * expect_middle, "75–84 with caregivers: {old:.3} vs {expect_middle:.3}");
}

// ----- booking -----------------------------------------------------------------------------

/// Break caught: refusals (`booking.accept_unregistered`) applied to
/// registered patients. Everyone here is registered, GPs are scarce and
/// everyone knows of the other GPs: whether other GPs accept patients
/// without a médecin traitant (0 or 1) must change nothing at all.
#[test]
fn only_patients_without_a_medecin_traitant_are_refused_by_other_gps() {
    let run = |accept: f64| {
        let params = format!(
            "{QUIET}\n[parameters.registration]\npropensity = 1.0\nlist_cap = 100000\nmax_travel_minutes = 1000\n\
             [parameters.booking]\naccept_unregistered = {accept}\nother_gp_tries = 3\n[parameters.choice]\ninformation_lack = 0.0\n"
        );
        let params = params.replace("acute_minor_per_year = [2, 2, 2, 2, 2, 2]", "acute_minor_per_year = [6, 6, 6, 6, 6, 6]");
        cells(&scenario(0.25, 30, &territory(6000, 3.0, 1), "", &params), 1).remove(0)
    };
    let (refusing, accepting) = (run(0.0), run(1.0));
    let forgone = |c: &Cell| c.forgone.iter().sum::<u64>();
    assert_eq!(refusing.registered_person_days, refusing.person_days, "everyone is registered");
    assert!(forgone(&refusing) > 0, "GPs are scarce enough for own GPs to be full");
    assert_eq!(
        (forgone(&refusing), refusing.consultations, refusing.delay_sum_min),
        (forgone(&accepting), accepting.consultations, accepting.delay_sum_min)
    );
}

/// Everyone is an orphan at the start (`registration.propensity` 0), every
/// acute need (2 a year) is seen by a GP of the territory (GPs to spare, no
/// ED, forgoing nearly impossible, everyone informed and accepted), and a
/// GP registers an orphan seen with probability 0.3 (no workforce dynamics:
/// no GP retires). A patient is still an
/// orphan at time t with probability E[0.7^N(t)] = e^(−0.6 t), N(t) ~
/// Poisson(2t): the coverage averaged over the first year is
/// 1 − (1 − e^(−0.6)) / 0.6 = 0.2480. With `list_cap` 0, nobody registers.
#[test]
fn an_orphan_seen_by_a_gp_registers_with_the_acceptance_probability() {
    let coverage = |cap: u32| {
        let params = format!(
            "{QUIET}\n[parameters.registration]\npropensity = 0.0\naccept_when_seen = 0.3\nlist_cap = {cap}\n\
             [parameters.booking]\naccept_unregistered = 1.0\n[parameters.choice]\ninformation_lack = 0.0\nasc_forgo = -20.0\n"
        );
        let c = cells(&scenario(1.0, 0, &territory(5000, 20.0, 0), "", &params), 1).remove(0);
        c.registered_person_days as f64 / c.person_days as f64
    };
    let expected = 1.0 - (1.0 - (-0.6f64).exp()) / 0.6;
    let got = coverage(100_000);
    assert!((got - expected).abs() < 0.02, "coverage {got:.4} vs {expected:.4}");
    assert_eq!(coverage(0), 0.0, "a list at its cap takes nobody");
}

/// Break caught: any consultation of a chronic patient resets the follow-up
/// clock. Everyone chronic; chronic follow-ups can never be booked
/// (tolerance 0, no lead time, and nobody waits for their GP beyond it), so after a year of warm-up everyone is overdue; acute
/// needs are seen by GPs the same day. The decompensation hazard is then
/// h × m = 0.5 × 4 = 2 a year, and with a 7-day stay the rate is
/// 2 / (1 + 2 × 7/365) = 1.926 a year. Were acute consultations to reset the
/// clock, most patients would not be overdue and the rate would fall.
#[test]
fn only_follow_up_consultations_reset_the_chronic_clock() {
    let params = QUIET
        .replace("chronic_share = [0, 0, 0, 0, 0, 0]", "chronic_share = [1, 1, 1, 1, 1, 1]")
        .replace(
            "acute_escalation_share = 0",
            "acute_escalation_share = 0\nchronic_decompensation_per_year = 0.5\noverdue_factor = 4.0\nno_caregiver_factor = 1.0\nvulnerable_factor = 1.0\ndecompensation_via_ed = 0.0",
        );
    let params = format!(
        "{params}\n[parameters.booking]\nfollowup_tolerance_days = 0.0001\npost_discharge_tolerance_days = 0.0001\n\
         [parameters.choice]\nasc_forgo = -20.0\ninformation_lack = 0.0\n[parameters.waits]\nwait_own_gp_share = 0.0\nlead_followup_days = 0.0\n"
    );
    let c = cells(&scenario(1.0, 365, &territory(6000, 20.0, 0), "", &params), 1).remove(0);
    let person_years = c.person_days as f64 / 365.0;
    let rate = c.admissions[Admission::AvoidableChronic as usize] as f64 / person_years;
    let acute_seen = c.consultations[NeedKind::AcuteMinor.index()] as f64 / person_years;
    let expected = 2.0 / (1.0 + 2.0 * 7.0 / 365.0);
    assert!(acute_seen > 1.5, "acute needs are seen by GPs: {acute_seen:.2} a year");
    assert!((rate - expected).abs() < 0.06 * expected, "decompensations {rate:.3} a year vs {expected:.3}");
}

/// Break caught: consultations given counted in the warm-up instead of the
/// window. A stationary territory gives as many consultations in the window
/// as needs of the window are seen (the few that straddle either end
/// balance), within 3 %.
#[test]
fn consultations_given_in_the_window_match_the_needs_seen() {
    let c = cells(&scenario(0.5, 365, &territory(5000, 8.0, 1), "", QUIET), 1).remove(0);
    let given = c.consultations.iter().sum::<u64>() as f64;
    let seen = c.seen.iter().sum::<u64>() as f64;
    assert!(seen > 3000.0 && (given - seen).abs() < 0.03 * seen, "given {given} vs seen {seen}");
}

/// A remote consultation needs an in-person one with the service's
/// `follow_up_share`: 0.25 of the teleconsultations here raise a physical
/// follow-up need (and nothing else does).
#[test]
fn a_share_of_remote_consultations_needs_an_in_person_follow_up() {
    let text = tele_only(1.0, false).replace("follow_up_share = 0.0", "follow_up_share = 0.25");
    let c = cells(&text, 1);
    let remote = sum(&c, |c| c.teleconsultations);
    let follow_ups = sum(&c, |c| c.needs[NeedKind::PhysicalFollowUp.index()]);
    assert!(remote > 3000.0, "{remote}");
    assert_share("physical follow-ups per teleconsultation", follow_ups, remote, 0.25);
}

/// Break caught: decompensation draws keyed by the follow-up dates (common
/// random numbers lost for the rare events, issue 22). With
/// `overdue_factor = 1` the hazard does not depend on follow-up at all, so a
/// variant in which chronic follow-ups are never booked (tolerance ≈ 0, no
/// waiting for the own GP) must have exactly the base's chronic decompensations, replication by
/// replication — while its follow-ups differ. Drawn from the hazard at the
/// follow-up dates, they would differ by Poisson noise (≈ 0.5 × 3,000 a
/// year, ± 40).
#[test]
fn decompensations_do_not_move_when_only_follow_up_dates_move() {
    let params = QUIET
        .replace("chronic_share = [0, 0, 0, 0, 0, 0]", "chronic_share = [1, 1, 1, 1, 1, 1]")
        .replace("acute_escalation_share = 0", "acute_escalation_share = 0\nchronic_decompensation_per_year = 0.5\noverdue_factor = 1.0");
    let text = format!(
        "{}\n[[variants]]\nname = \"no_follow_up\"\n[variants.parameters.booking]\nfollowup_tolerance_days = 0.0001\n\
         [variants.parameters.waits]\nwait_own_gp_share = 0.0\n",
        scenario(1.0, 30, &territory(3000, 8.0, 1), "", &params)
    );
    let s = parse(&text, "rule test").unwrap_or_else(|e| panic!("{e}"));
    for r in 0..2 {
        let [base, variant]: [Cell; 2] = s
            .arms()
            .map(|arm| World::for_arm(&s.spec(arm), r).run(r).recorder.cell(0, 0).clone())
            .collect::<Vec<_>>()
            .try_into()
            .unwrap_or_else(|_| panic!("two arms"));
        let follow_ups = |c: &Cell| c.consultations[NeedKind::ChronicFollowUp.index()];
        assert!(follow_ups(&base) > 2 * follow_ups(&variant) + 100, "the variant moves follow-ups");
        let chronic = |c: &Cell| c.admissions[Admission::AvoidableChronic as usize];
        assert!(chronic(&base) > 500, "{} decompensations", chronic(&base));
        assert_eq!(chronic(&base), chronic(&variant), "replication {r}: same candidates, same acceptances");
    }
}

// ----- issue 17: booking ahead, waiting for one's own GP, failed requests ---------------

/// Renewals only, plenty of GPs, everyone registered, no weeks off and no
/// public holidays: a renewal asked with lead time L (log-sd 0) is seen on
/// calendar day L after the request, or on the Monday after when that day
/// falls on a weekend.
fn renewals_only(lead: f64, extra: &str) -> String {
    let params = QUIET
        .replace("acute_minor_per_year = [2, 2, 2, 2, 2, 2]", "acute_minor_per_year = [0, 0, 0, 0, 0, 0]")
        .replace("renewal_per_year = [0, 0, 0, 0, 0, 0]", "renewal_per_year = [2, 2, 2, 2, 2, 2]");
    let waits = format!("[parameters.waits]\nlead_renewal_days = {lead}\nlead_log_sd = 0\n{extra}");
    let rest = "[parameters.gp]\nweeks_off_per_year = 0\n[parameters.registration]\npropensity = 1.0\nlist_cap = 100000\n\
                [parameters.population]\ndelay_tolerance_log_sd = 0\n";
    let params = params.replace("[parameters.population]\n", rest);
    format!("public_holidays = []\n{}", scenario(1.0, 0, &territory(3000, 20.0, 1), "", &format!("{params}{waits}")))
}

/// Break caught: planned needs booked for the earliest slot instead of
/// their preferred date (lead time ignored), or the delay measured from
/// the preferred date instead of the request. With L = 5, a request on
/// weekday w is wanted on weekday w + 5: Saturday (from Monday) and Sunday
/// (from Tuesday) move to the Monday, +2 and +1 days; requests are spread
/// evenly over the week, so the mean is 5 + 3/7 and every delay is 5–7 days.
#[test]
fn planned_needs_are_booked_for_their_preferred_date() {
    let text = renewals_only(5.0, "");
    let c = cells(&text, 1);
    let k = NeedKind::Renewal.index();
    let bins = parcours::model::requests::CALENDAR_BINS;
    let hist: Vec<u64> = (0..bins).map(|b| c[0].gp_days[k * bins + b] as u64).collect();
    let n: u64 = hist.iter().sum();
    assert!(n > 4000, "3,000 inhabitants × 2 renewals: {n}");
    assert_eq!(hist[..5].iter().sum::<u64>(), 0, "nothing before the preferred date");
    assert_eq!(hist[8..].iter().sum::<u64>(), 0, "nothing after the Monday that follows it");
    let mean = (0..bins).map(|b| b as f64 * hist[b] as f64).sum::<f64>() / n as f64;
    let se = (hist.iter().enumerate().map(|(b, &h)| (b as f64 - mean).powi(2) * h as f64).sum::<f64>() / n as f64 / n as f64).sqrt();
    assert!((mean - (5.0 + 3.0 / 7.0)).abs() <= 4.0 * se + 0.02, "mean calendar delay {mean}, expected 5.43 ± {se}");
    // Without lead time the same renewals are seen the next working day.
    let c0 = cells(&renewals_only(0.0, ""), 1);
    let next: u64 = (1..4).map(|b| c0[0].gp_days[k * bins + b] as u64).sum();
    let n0: u64 = (0..bins).map(|b| c0[0].gp_days[k * bins + b] as u64).sum();
    assert_eq!(next, n0, "seen 1 to 3 days after the request (weekend) without lead time");
}

/// Break caught: a registered patient whose GP has no slot in the window
/// forgoes instead of waiting (or always waits). Renewal tolerance ≈ 0
/// (no slot is ever within it), no other option for registered patients:
/// a share `wait_own_gp_share` = 0.6 waits for the own GP's next slot, the
/// others give up, cause "gave up after a failure".
#[test]
fn a_registered_patient_waits_for_the_own_gp_with_the_waiting_share() {
    let text = renewals_only(0.0, "wait_own_gp_share = 0.6\nwait_own_gp_max_days = 30\n")
        .replace("[parameters.waits]", "[parameters.booking]\nrenewal_tolerance_days = 0.0001\n[parameters.waits]");
    let c = cells(&text, 1);
    let reg = {
        let s = parse(&text, "rule test").unwrap();
        s.world(0).run(0).recorder.cell(0, 14).clone()
    };
    assert!(reg.failed_requests > 4000, "{}", reg.failed_requests);
    assert_eq!(reg.failed_requests, reg.own_gp_failed, "every registered request fails at the own GP");
    let waited = reg.failed_outcomes[parcours::model::requests::RequestOutcome::WaitedOwnGp as usize] as f64;
    let gave_up = reg.failed_outcomes[parcours::model::requests::RequestOutcome::GaveUp as usize] as f64;
    assert_share("failed requests that waited for the own GP", waited, reg.failed_requests as f64, 0.6);
    assert_eq!(waited + gave_up, reg.failed_requests as f64);
    let forgone: u64 = reg.forgone.iter().sum();
    let cause = parcours::model::requests::ForgoCause::GaveUpAfterFailure as usize;
    assert_eq!(reg.forgone_causes[cause], forgone, "all forgone after declining to wait");
    assert!(c[0].forgone_causes.iter().sum::<u64>() == c[0].forgone.iter().sum::<u64>());
}

/// Break caught: the own GP's later slot missing from an acute need's
/// choice, or outcomes of failed requests misfiled. Acute tolerance ≈ 0
/// and booked from tomorrow (the own GP always fails), no other GP known
/// (information_lack = 1), delay and travel terms 0: the logit over
/// {wait for the own GP (1), ED (0), forgo (0)} gives e/(e+2) = 0.5761
/// waiting, 1/(e+2) = 0.2119 each to the ED and giving up.
#[test]
fn a_failed_acute_request_waits_goes_to_the_ed_or_gives_up_by_the_logit() {
    let choice = "[parameters.choice]\nasc_ed = 0.0\nasc_forgo = 0.0\nbeta_delay_per_day = 0\nbeta_travel_per_hour = 0\n\
                  beta_ed_out_of_hours = 0\nbeta_ed_propensity = 0\nbeta_forgo_vulnerable = 0\ninformation_lack = 1.0\n\
                  [parameters.booking]\nacute_tolerance_days = 0.0001\nacute_same_day = false\n\
                  [parameters.waits]\nacute_wait_own_max_days = 30\nasc_wait_own_gp = 1.0\n\
                  [parameters.registration]\npropensity = 1.0\nlist_cap = 100000\n[parameters.gp]\nweeks_off_per_year = 0\n";
    let text = scenario(1.0, 0, &territory(5000, 10.0, 1), "", &format!("{QUIET}{choice}"));
    let s = parse(&text, "rule test").unwrap();
    let reg = s.world(0).run(0).recorder.cell(0, 14).clone();
    use parcours::model::requests::RequestOutcome as O;
    let n = reg.failed_requests as f64;
    assert!(n > 8000.0, "{n}");
    let e = 1f64.exp();
    assert_share("waited for the own GP", reg.failed_outcomes[O::WaitedOwnGp as usize] as f64, n, e / (e + 2.0));
    assert_share("went to the ED", reg.failed_outcomes[O::Ed as usize] as f64, n, 1.0 / (e + 2.0));
    assert_share("gave up", reg.failed_outcomes[O::GaveUp as usize] as f64, n, 1.0 / (e + 2.0));
    assert_eq!(reg.failed_outcomes[O::OtherProfessional as usize], 0, "no other professional known");
}

/// Break caught: ED visits filed under the wrong weekday or hour. Acute
/// serious needs only (all go to the ED): their onset hour follows the
/// model's hourly weights (assumption of the model, copied here), so the
/// share in 00:00–08:00 is (1 + .7 + .5 + .5 + .5 + .7 + 1.5 + 3) / 87.4
/// = 0.0961; weekdays are equally likely, 1/7 each.
#[test]
fn ed_visits_are_counted_by_weekday_and_hour_band() {
    let params = QUIET
        .replace("acute_minor_per_year = [2, 2, 2, 2, 2, 2]", "acute_minor_per_year = [0, 0, 0, 0, 0, 0]")
        .replace("acute_serious_per_year = [0, 0, 0, 0, 0, 0]", "acute_serious_per_year = [1, 1, 1, 1, 1, 1]");
    let c = cells(&scenario(1.0, 0, &territory(5000, 8.0, 1), "", &params), 1);
    let ed: u64 = c[0].ed_visits.iter().sum();
    assert!(ed > 4000, "{ed}");
    let weights = [1.0, 0.7, 0.5, 0.5, 0.5, 0.7, 1.5, 3.0, 5.0, 6.0, 6.0, 5.5, 5.0, 4.5, 5.0, 5.0, 5.0, 5.5, 5.5, 5.0, 4.0, 3.0, 2.0, 1.5];
    let total: f64 = weights.iter().sum();
    assert_share("ED visits 00–08 h", c[0].ed_hour[0] as f64, ed as f64, weights[..8].iter().sum::<f64>() / total);
    assert_share("ED visits 08–12 h", c[0].ed_hour[1] as f64, ed as f64, weights[8..12].iter().sum::<f64>() / total);
    for d in 0..7 {
        assert_share("ED visits of a weekday", c[0].ed_weekday[d] as f64, ed as f64, 1.0 / 7.0);
    }
    assert_eq!(c[0].ed_weekday.iter().sum::<u64>(), ed);
}

/// Break caught: consultations squeezed in beyond the calendar not capped
/// per day, squeezed in on days the GP does not work, or not counted as
/// offered (given > offered). One GP, everyone registered with it, 20 acute
/// needs a year each (≈ 150 a working day against 24 slots): every working
/// day is full, so exactly `squeeze_in_per_day` = 2 are squeezed in on each
/// of the 261 weekdays of a 365-day year from a Monday (52 weeks + 1 day),
/// none at weekends: 522; slots offered 261 × 23 + 522 = 6,525. Switched
/// off (0), none, and 6,003 offered. (The default hours give 23 slots of
/// 20 minutes a day: 08:30–12:00 holds 10, 14:00–18:30 holds 13.)
#[test]
fn a_full_gp_squeezes_in_its_extra_consultations_on_each_working_day() {
    let run = |extra: u32| {
        let params = QUIET.replace("acute_minor_per_year = [2, 2, 2, 2, 2, 2]", "acute_minor_per_year = [20, 20, 20, 20, 20, 20]");
        let gp = format!(
            "[parameters.gp]\nweeks_off_per_year = 0\nsummer_weeks_off = 0\nchristmas_weeks_off = 0\nsqueeze_in_per_day = {extra}\n\
             [parameters.registration]\npropensity = 1.0\nlist_cap = 100000\n"
        );
        let text = format!("public_holidays = []\n{}", scenario(1.0, 0, &territory(2000, 5.0, 1), "", &format!("{params}{gp}")));
        let s = parse(&text, "rule test").unwrap_or_else(|e| panic!("{e}"));
        let r = s.world(0).run(0).recorder;
        (r.gp_squeezed_in[0], r.gp_slots_offered[0], r.gp_consultations[0])
    };
    let (squeezed, offered, given) = run(2);
    assert_eq!(squeezed, 522);
    assert_eq!(offered, 261 * 23 + 522);
    assert!(given <= offered && given > 6_400, "given {given}, offered {offered}");
    let (squeezed, offered, given) = run(0);
    assert_eq!((squeezed, offered), (0, 261 * 23));
    assert!(given <= offered);
}

// ----- GPs closing their list when their diary is saturated (model::list_closure) --------

/// What a year of one territory gives: (registered person-days of the
/// window, registered inhabitants at the end, window days, GP-days with a
/// closed list, GP-days). Everyone starts an orphan and is registered by the
/// GP who sees them (`accept_when_seen` 1), GPs see orphans (no refusal), no
/// leave, no holiday, no squeezing in; 7 days of warm-up: the window starts
/// on the second Monday, when the first week's load is judged.
fn registration_year(population: u32, gps_per_10000: f64, acute_per_year: u32, threshold: f64, cpts: bool) -> (u64, u64, u64, u64, u64) {
    let params = QUIET.replace(
        "acute_minor_per_year = [2, 2, 2, 2, 2, 2]",
        &format!("acute_minor_per_year = [{0}, {0}, {0}, {0}, {0}, {0}]", acute_per_year),
    );
    let rest = format!(
        "[parameters.gp]\nweeks_off_per_year = 0\nsummer_weeks_off = 0\nchristmas_weeks_off = 0\nsqueeze_in_per_day = 0\n\
         [parameters.registration]\npropensity = 0.0\naccept_when_seen = 1.0\nclose_list_utilisation = {threshold}\n\
         [parameters.booking]\naccept_unregistered = 1.0\n[parameters.choice]\ninformation_lack = 0.0\n"
    );
    let policies = if cpts {
        "[[policies]]\ntype = \"cpts\"\nparticipation = 1.0\norphan_matching_per_month = 1.0\nshared_slots = false\nprotocol_share = 0.0\n"
    } else {
        ""
    };
    let text = format!(
        "public_holidays = []\n{}",
        scenario(1.0, 7, &territory(population, gps_per_10000, 1), policies, &format!("{params}{rest}"))
    );
    let s = parse(&text, "rule test").unwrap_or_else(|e| panic!("{e}"));
    let r = s.world(0).run(0).recorder;
    let c = r.cell(0, 0);
    let days = c.person_days / u64::from(population);
    (c.registered_person_days, r.headcount[0].1, days, r.gp_days_list_closed[0], r.gp_days[0])
}

/// Break caught: a GP whose diary is saturated still registers new patients,
/// after a consultation or through the CPTS. One GP for 2,000 orphans with
/// 20 acute needs a year each (≈ 110 a day against 23 slots): its first
/// week's consultations fill ≥ 95 % of its slots, so from the second Monday
/// its list is closed and stays closed (every week is as full): nobody
/// registers in the window (registered person-days = those registered at
/// the end × the window's days), and the registered are at most the first
/// week's 5 × 23 = 115 consultations. With the CPTS matching a third of the
/// orphans a month (≈ 66 a day), the first week registers more, then no
/// more either: a closed list is closed to the CPTS too. Rule off
/// (threshold 0): no GP-day is closed and registrations go on all year (the
/// registered then take most slots, so consultations alone do not reach the
/// cap; the CPTS, matching without consultations, fills the list to the cap
/// × 1.05 = 1,680).
#[test]
fn a_gp_whose_diary_is_saturated_closes_its_list() {
    let (reg_days, end, days, closed, gp_days) = registration_year(2000, 5.0, 20, 0.95, false);
    assert_eq!(days, 365);
    assert_eq!(reg_days, end * days, "nobody registered in the window");
    assert!((50..=115).contains(&end), "registered in the first week: {end}");
    assert_eq!((closed, gp_days), (365, 365), "closed every day of the window");
    let (reg_days, end_cpts, days, closed, _) = registration_year(2000, 5.0, 20, 0.95, true);
    assert_eq!(reg_days, end_cpts * days, "the CPTS registers nobody with a closed list");
    assert!(end_cpts > end + 200, "the CPTS matched orphans in the first week: {end_cpts} vs {end}");
    assert_eq!(closed, 365);
    let (reg_days, end_off, days, closed, _) = registration_year(2000, 5.0, 20, 0.0, false);
    assert_eq!(closed, 0, "rule off: never closed");
    assert!(reg_days < end_off * days && end_off > 4 * end, "rule off: registrations go on ({end_off} at the end)");
    let (_, end, _, _, _) = registration_year(2000, 5.0, 20, 0.0, true);
    assert_eq!(end, 1680, "rule off, CPTS: the cap × 1.05");
}

/// Break caught: lists closed whatever the load. Ten GPs for 2,000 orphans
/// with 2 acute needs a year (≈ 11 a day against 230 slots): no diary
/// comes near 95 %, no list ever closes, and orphans keep registering
/// through the window (fewer registered person-days than if the end's
/// registered had been there all along).
#[test]
fn a_gp_with_room_in_its_diary_keeps_its_list_open() {
    let (reg_days, end, days, closed, gp_days) = registration_year(2000, 50.0, 2, 0.95, false);
    assert_eq!((closed, gp_days), (0, 10 * 365));
    assert!(reg_days < end * days && end > 1000, "registrations go on: {reg_days} < {end} × {days}");
}

// ----- issue 17: the next visit booked at the end of a consultation --------------------

/// Chronic patients with one ALD only (follow-up interval 91 days), no other
/// need, no admission, everyone registered, plenty of GPs with no leave, no
/// public holidays, no lead time; `next_visit_booked_share` = `share`.
/// Returns the `all` cell of one replication after a 200-day warm-up.
fn follow_ups_only(share: f64) -> Cell {
    let params = QUIET
        .replace("chronic_share = [0, 0, 0, 0, 0, 0]", "chronic_share = [1, 1, 1, 1, 1, 1]")
        .replace("acute_minor_per_year = [2, 2, 2, 2, 2, 2]", "acute_minor_per_year = [0, 0, 0, 0, 0, 0]")
        .replace("acute_escalation_share = 0", "acute_escalation_share = 0\nchronic_decompensation_per_year = 0");
    let rest = "[parameters.gp]\nweeks_off_per_year = 0\nsummer_weeks_off = 0\nchristmas_weeks_off = 0\nhospitalisation_probability = 0\n\
                [parameters.registration]\npropensity = 1.0\nlist_cap = 100000\n[parameters.population]\ndelay_tolerance_log_sd = 0\n";
    let params = params.replace("[parameters.population]\n", rest);
    let waits = format!("[parameters.waits]\nlead_followup_days = 0\nlead_log_sd = 0\nnext_visit_booked_share = {share}\n");
    let text = format!("public_holidays = []\n{}", scenario(1.0, 200, &territory(3000, 20.0, 1), "", &format!("{params}{waits}")));
    cells(&text, 1).remove(0)
}

/// Break caught: the next follow-up booked at a visit timed from its due
/// date instead of the visit, booked for another date than the interval,
/// not counted in the delay distribution of chronic follow-ups, or
/// requested a second time when it is due. With share 1 every follow-up is
/// booked at the previous one: the interval is 91 days = 13 weeks, so the
/// due day is the same weekday as the visit (a working day) and every
/// follow-up of the window is seen exactly 91 calendar days after its
/// request, and all GP consultations are booked at a visit. Without the rule
/// the same follow-ups are requested when due and seen 1–3 days later; the
/// number of follow-ups is the clock's either way (91 vs ≈ 92.4 days a
/// cycle: within 3 %).
#[test]
fn a_follow_up_books_the_next_one_at_the_interval() {
    let on = follow_ups_only(1.0);
    let k = NeedKind::ChronicFollowUp.index();
    let bins = parcours::model::requests::CALENDAR_BINS;
    let hist: Vec<u64> = (0..bins).map(|b| on.gp_days[k * bins + b] as u64).collect();
    let n: u64 = hist.iter().sum();
    assert!(n > 1500, "3,000 patients × 4 follow-ups a year × 165 days: {n}");
    assert_eq!(hist[91], n, "every follow-up seen 91 days after the visit that booked it");
    assert_eq!(on.gp_booked_at_visit, n, "all booked at a visit");
    let off = follow_ups_only(0.0);
    let n_off: u64 = (0..bins).map(|b| off.gp_days[k * bins + b] as u64).sum();
    assert_eq!(off.gp_booked_at_visit, 0);
    assert_eq!((1..4).map(|b| off.gp_days[k * bins + b] as u64).sum::<u64>(), n_off, "requested when due: 1–3 days");
    let (a, b) = (on.needs[k] as f64, off.needs[k] as f64);
    assert!((a - b).abs() < 0.03 * b, "follow-ups requested: {a} with the rule, {b} without");
}

/// Break caught: the share not applied per visit. Each follow-up books the
/// next with probability 0.4, so 0.4 of the follow-ups are booked at a visit,
/// less a little for the longer cycles of the others (91 days vs ≈ 92.4):
/// 0.4 × 91 / (0.4 × 91 + 0.6 × 92.4) = 0.396, within 4 binomial SEs.
#[test]
fn a_share_of_follow_ups_is_booked_at_the_visit() {
    let c = follow_ups_only(0.4);
    let k = NeedKind::ChronicFollowUp.index();
    let bins = parcours::model::requests::CALENDAR_BINS;
    let n: u64 = (0..bins).map(|b| c.gp_days[k * bins + b] as u64).sum();
    let at_91 = c.gp_days[k * bins + 91] as f64;
    assert_share("follow-ups booked at a visit", c.gp_booked_at_visit as f64, n as f64, 0.4 * 91.0 / (0.4 * 91.0 + 0.6 * 92.4));
    assert_eq!(at_91, c.gp_booked_at_visit as f64, "those, and only those, wait 91 days");
}
