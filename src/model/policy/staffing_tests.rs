//! Human support sized by staff (issue 18 §3): the people a programme
//! follows grow with its staff up to the eligible population, and the DAC
//! enrols by risk, not in the population's order. Expected counts are
//! computed by hand from the staff figures, on a mock set-up context of
//! known patients (no world, no simulation).

use super::caregiver::{CaregiverParams, CaregiverSupport};
use super::dac::{Dac, DacParams, Enrolment};
use super::mediators::{MediatorParams, Mediators};
use super::spec::Common;
use super::*;
use crate::engine::SimTime;

/// A set-up context of one zone and the patients given (no GP, no service).
struct Mock {
    patients: Vec<PatientView>,
}

impl SetupContext for Mock {
    fn zones(&self) -> usize {
        1
    }
    fn zone_name(&self, _: u32) -> &str {
        "z"
    }
    fn zone_territory(&self, _: u32) -> u16 {
        0
    }
    fn zone_inhabitants(&self, _: u32) -> u64 {
        self.patients.len() as u64
    }
    fn gp_zones(&self) -> Vec<u32> {
        Vec::new()
    }
    fn add_service(&mut self, _: ServiceSpec) -> ServiceId {
        0
    }
    fn add_network(&mut self, _: Vec<u32>, _: NetworkReach) -> NetworkId {
        0
    }
    fn add_regulator(&mut self, _: u32, _: f64, _: Vec<u32>, _: f64) -> RegulatorId {
        0
    }
    fn walk_in_sites(&self, _: &[bool]) -> u32 {
        0
    }
    fn complex_patients_in(&self, _: &[bool]) -> Vec<PatientView> {
        self.patients.iter().filter(|p| p.health == Health::Complex).copied().collect()
    }
    fn seed_key(&self) -> u64 {
        42
    }
    fn holidays(&self) -> &[u32] {
        &[]
    }
    fn patients_in(&self, _: &[bool], eligible: &dyn Fn(&PatientView) -> bool) -> u64 {
        self.patients.iter().filter(|p| eligible(p)).count() as u64
    }
}

fn common(name: &str) -> Common {
    Common {
        name: name.into(),
        schedule: Schedule { start: SimTime::ZERO, end: SimTime::NEVER },
        scope: Scope { in_zone: vec![true], participation: 1.0 },
    }
}

fn patient(id: u32, health: Health, vulnerable: bool, caregiver: bool, age: AgeBand) -> PatientView {
    PatientView { id, zone: 0, age, health, vulnerable, digital: false, caregiver, gp: Some(0) }
}

/// 1,000 vulnerable patients.
fn vulnerable(n: u32) -> Vec<PatientView> {
    (0..n).map(|i| patient(i, Health::Healthy, true, false, AgeBand::A45to64)).collect()
}

/// How many of `patients` the mediators follow (their need request changes).
fn followed_by_mediators(mediators: f64, patients: &[PatientView]) -> usize {
    let p = MediatorParams { mediators, people_per_mediator: 150.0, ..MediatorParams::default() };
    let mut m = Mediators::new(common("mediators"), p);
    m.setup(&mut Mock { patients: patients.to_vec() });
    patients
        .iter()
        .filter(|v| {
            let mut req = NeedRequest::default();
            m.on_need(v, NeedKind::AcuteMinor, SimTime::ZERO, &mut req);
            req != NeedRequest::default()
        })
        .count()
}

/// Break caught: reach not proportional to staff, or not capped.
/// 1,000 vulnerable people, 150 followed per mediator: one mediator follows
/// 150 (binomial sd √(1000·0.15·0.85) = 11.3), two follow 300 (sd 14.5),
/// ten would follow 1,500 > 1,000: everyone (exactly 1,000).
#[test]
fn twice_the_mediators_follow_twice_the_people_up_to_everyone() {
    let people = vulnerable(1000);
    let one = followed_by_mediators(1.0, &people) as f64;
    let two = followed_by_mediators(2.0, &people) as f64;
    assert!((one - 150.0).abs() <= 4.0 * 11.3, "one mediator: {one} vs 150");
    assert!((two - 300.0).abs() <= 4.0 * 14.5, "two mediators: {two} vs 300");
    assert_eq!(followed_by_mediators(10.0, &people), 1000);
    // The draw is stable: the people followed by one are among those followed by two.
    assert!(two > one);
}

/// Break caught: places not shared among the eligible (chronic with a caregiver).
/// 400 chronic patients with a caregiver and 400 without: 100 places reach
/// 100 of the 400 eligible (sd √(400·0.25·0.75) = 8.7), 200 reach 200 (sd 10).
#[test]
fn caregiver_places_are_shared_among_the_eligible() {
    let mut people: Vec<PatientView> = (0..400).map(|i| patient(i, Health::OneAld, false, true, AgeBand::A75to84)).collect();
    people.extend((400..800).map(|i| patient(i, Health::OneAld, false, false, AgeBand::A75to84)));
    let supported = |places: f64| {
        let mut c = CaregiverSupport::new(common("caregivers"), CaregiverParams { places, ..CaregiverParams::default() });
        c.setup(&mut Mock { patients: people.clone() });
        people
            .iter()
            .filter(|v| {
                let mut req = HazardRequest::default();
                c.hazard(v, &mut req);
                req.decompensation < 1.0
            })
            .count() as f64
    };
    let (hundred, two_hundred) = (supported(100.0), supported(200.0));
    assert!((hundred - 100.0).abs() <= 4.0 * 8.7, "100 places: {hundred}");
    assert!((two_hundred - 200.0).abs() <= 4.0 * 10.0, "200 places: {two_hundred}");
}

fn enrolled(p: DacParams, patients: &[PatientView]) -> Vec<u32> {
    let mut dac = Dac::new(common("dac"), p);
    dac.setup(&mut Mock { patients: patients.to_vec() });
    patients
        .iter()
        .filter(|v| {
            let mut req = HazardRequest::default();
            dac.hazard(v, &mut req);
            req.coordinated
        })
        .map(|v| v.id)
        .collect()
}

/// Break caught: the DAC's capacity not following its case managers, or
/// exceeding the complex patients. 200 complex patients; 40 situations per
/// case manager: 1 manager → 40, 2 → 80, 10 → 400 places but 200 patients.
#[test]
fn dac_case_managers_follow_their_caseload_up_to_every_complex_patient() {
    let people: Vec<PatientView> = (0..200).map(|i| patient(i, Health::Complex, false, true, AgeBand::A65to74)).collect();
    let staffed = |m: f64| enrolled(DacParams { case_managers: m, ..DacParams::default() }, &people).len();
    assert_eq!(staffed(1.0), 40);
    assert_eq!(staffed(2.0), 80);
    assert_eq!(staffed(10.0), 200);
}

/// Break caught: enrolment in the population's order. 100 low-risk complex
/// patients first (caregiver, not vulnerable, 65–74), then 20 high-risk ones
/// (no caregiver, vulnerable, 85+: 3 points): 20 places by risk enrol
/// exactly the 20 high-risk ones; "first" enrols ids 0..20; "spread" every
/// 6th (0, 6, …, 114).
#[test]
fn dac_enrols_the_highest_risk_first() {
    let mut people: Vec<PatientView> = (0..100).map(|i| patient(i, Health::Complex, false, true, AgeBand::A65to74)).collect();
    people.extend((100..120).map(|i| patient(i, Health::Complex, true, false, AgeBand::A85plus)));
    let with = |enrolment| enrolled(DacParams { capacity_cases: 20, enrolment, ..DacParams::default() }, &people);
    assert_eq!(with(Enrolment::Risk), (100..120).collect::<Vec<u32>>());
    assert_eq!(with(Enrolment::First), (0..20).collect::<Vec<u32>>());
    assert_eq!(with(Enrolment::Spread), (0..20).map(|k| k * 6).collect::<Vec<u32>>());
}
