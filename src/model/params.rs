//! Model parameters: every default value, its unit and its source.
//!
//! Parameters are grouped by process (needs, choice, booking …) and read from
//! the `[parameters.*]` tables of a scenario file; anything not written there
//! keeps the default below. Age-banded values are arrays over the six bands
//! 0–14, 15–44, 45–64, 65–74, 75–84, 85+. [`PARAMETER_DOCS`] gives the unit
//! and source of every leaf; a test checks that the table and the structs
//! agree, and `parcours scenario params` prints the table that
//! `docs/parameters.md` holds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Values per age band: 0–14, 15–44, 45–64, 65–74, 75–84, 85+.
pub type ByAge = [f64; 6];

/// All model parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Parameters {
    pub population: PopulationParams,
    pub needs: NeedParams,
    pub choice: ChoiceParams,
    pub booking: BookingParams,
    pub waits: WaitParams,
    /// The week's rhythm and GPs' working week (issue 17; rules in `model::rhythm`).
    pub week: crate::model::rhythm::WeekParams,
    pub gp: GpParams,
    pub registration: RegistrationParams,
    pub deterioration: DeteriorationParams,
    pub hospital: HospitalParams,
    pub travel: TravelParams,
    pub costs: CostParams,
    /// GP ages, retirements and installations (`model::workforce`).
    pub workforce: crate::model::workforce::WorkforceDynamicsParams,
    /// The second line (issue 19): specialists seen on a GP's referral; off by default.
    pub specialists: super::specialists::SpecialistParams,
    /// Coordination time and information sharing (issue 19 §1, `model::coordination`); off by default.
    pub coordination: super::coordination::CoordinationParams,
    pub seasonal: SeasonalParams,
}

/// The seasonal population of real territories' secondary homes (see
/// `model::seasonal`; switched off by `seasonal_population = false`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SeasonalParams {
    /// Persons staying in a secondary home when it is occupied.
    pub persons_per_home: f64,
    /// Share of the bed capacity occupied in July and August.
    pub summer_occupancy: f64,
    /// Share occupied during Christmas and February holidays in mountain communes.
    pub winter_sports_occupancy: f64,
    /// Share occupied during the other school holidays.
    pub short_holiday_occupancy: f64,
    /// Share occupied on the other days (weekends, stays out of the holidays).
    pub off_season_occupancy: f64,
}

impl Default for SeasonalParams {
    fn default() -> Self {
        SeasonalParams {
            persons_per_home: 2.5,
            summer_occupancy: 0.5,
            winter_sports_occupancy: 0.5,
            short_holiday_occupancy: 0.25,
            off_season_occupancy: 0.05,
        }
    }
}

/// Unit costs of care events, € (Assurance Maladie tariffs or published averages).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CostParams {
    /// GP consultation (tariff G).
    pub gp_consultation_eur: f64,
    /// Pharmacist or nurse act in the baseline (vaccination).
    pub walk_in_act_eur: f64,
    /// ED visit not followed by admission.
    pub ed_visit_eur: f64,
    /// Avoidable hospital stay.
    pub avoidable_stay_eur: f64,
    /// Other hospital stay.
    pub other_stay_eur: f64,
    /// Readmission stay.
    pub readmission_eur: f64,
}

impl Default for CostParams {
    fn default() -> Self {
        CostParams {
            gp_consultation_eur: 30.0,
            walk_in_act_eur: 10.0,
            ed_visit_eur: 260.0,
            avoidable_stay_eur: 4_600.0,
            other_stay_eur: 4_000.0,
            readmission_eur: 4_300.0,
        }
    }
}

/// Who the patients are (prevalences and traits).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PopulationParams {
    /// Share with at least one long-term condition (ALD), by age band.
    pub chronic_share: ByAge,
    /// Share of chronic patients who are multimorbid, by age band.
    pub multimorbid_share: ByAge,
    /// Share of multimorbid patients in a complex health-social situation, by age band.
    pub complex_share: ByAge,
    /// Share with an informal caregiver (aidant) present, by age band.
    pub caregiver_share: ByAge,
    /// Share with the skills to use digital health, by age band (multiplied by the zone's broadband share).
    pub digital_skills_share: ByAge,
    /// Spread (log-sd) of each patient's tolerance of delay around the need's median.
    pub delay_tolerance_log_sd: f64,
}

/// How often needs arise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NeedParams {
    /// Acute minor (unscheduled) needs per person per year, by age band.
    pub acute_minor_per_year: ByAge,
    /// Acute serious needs (true emergencies) per person per year, by age band.
    pub acute_serious_per_year: ByAge,
    /// Prescription renewals outside chronic follow-up, per person per year, by age band.
    pub renewal_per_year: ByAge,
    /// Prevention needs (vaccination, screening) per person per year, by age band.
    pub prevention_per_year: ByAge,
    /// Complex health-social situations per complex patient per year.
    pub complex_per_year: f64,
    /// Multiplier of acute (minor and serious) need rates for a patient with one ALD.
    pub acute_factor_one_ald: f64,
    /// Multiplier of acute need rates for a multimorbid (or complex) patient.
    pub acute_factor_multimorbid: f64,
    /// Days between chronic follow-up visits for a patient with one ALD.
    pub followup_interval_days: f64,
    /// Days between chronic follow-up visits for a multimorbid patient.
    pub followup_interval_multimorbid_days: f64,
    /// Relative amplitude of the winter peak of acute minor needs.
    pub winter_amplitude: f64,
    /// Day of the year (0 = 1 January) of the seasonal peak.
    pub winter_peak_day: f64,
    /// Prevention: share of the winter excess of acute minor needs (the part
    /// above the yearly mean, `winter_amplitude`) that a patient protected by
    /// a prevention act (influenza vaccination; people 65+ and chronic
    /// patients) avoids. Assumption: 0 by default (off); plausible range
    /// 0–0.4 (influenza-like illness is one part of the winter excess, and
    /// the vaccine prevents a part of it).
    pub vaccinated_winter_excess_avoided: f64,
}

/// First-contact choice: a multinomial logit over the options a patient knows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChoiceParams {
    /// Alternative-specific constant of going straight to the ED (GP = 0).
    pub asc_ed: f64,
    /// Alternative-specific constant of forgoing care.
    pub asc_forgo: f64,
    /// Utility per day of expected delay before a GP consultation.
    pub beta_delay_per_day: f64,
    /// Utility per hour of travel.
    pub beta_travel_per_hour: f64,
    /// Extra utility of the ED when primary care is closed (out of hours).
    pub beta_ed_out_of_hours: f64,
    /// Extra utility of the ED per unit of the patient's ED propensity (−1 … 1).
    pub beta_ed_propensity: f64,
    /// Extra utility of forgoing care for a vulnerable patient.
    pub beta_forgo_vulnerable: f64,
    /// Probability that a patient knows no option beyond their own GP (lisibilité).
    pub information_lack: f64,
    /// Multiplier of `information_lack` for vulnerable patients.
    pub information_lack_vulnerable_factor: f64,
    /// Probability that a patient does not know of a given service offered to them
    /// (teleconsultation, PDSA, pharmacists' and nurses' protocols …: lisibilité, issue 18).
    /// 0 (default) keeps every service known to everyone, as before; 0.14 applies the IRDES 2022
    /// figure per service (context/003); range 0–0.4 for sensitivity analysis. Stable per patient
    /// and service; × the vulnerable and no-digital factors and the policies' information factors.
    pub service_unawareness: f64,
    /// Probability that a patient does not know the SAS number (116-117); 0 (default) as before.
    /// Assumption, range 0–0.6 (few people know the 116-117 number; no French survey found).
    pub sas_number_unawareness: f64,
    /// Multiplier of `service_unawareness` and `sas_number_unawareness` for patients without digital
    /// access (assumption: 1.5, range 1–3; 30 % of people over 65 stay away from digital health,
    /// Insee 2023, context/000).
    pub unawareness_no_digital_factor: f64,
    /// Multiplier of `service_unawareness` and `sas_number_unawareness` for newcomers (patients who have
    /// lived in the territory less than `newcomer_years`); 1 (default) = no effect.
    pub unawareness_newcomer_factor: f64,
    /// Years in the territory below which a patient is a newcomer.
    pub newcomer_years: f64,
    /// Shares of the patients by years lived in the territory at the start of the run, in the bins
    /// [0, 2), [2, 5), [5, 10), [10, 40) years (`model::legibility::RESIDENCE_BINS`).
    pub residence_years_shares: [f64; 4],
}

/// Tolerances and rules of slot booking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BookingParams {
    /// Median delay (days) a patient accepts for an acute minor need.
    pub acute_tolerance_days: f64,
    /// Whether an acute minor need may be seen the same day (reserved slots
    /// first). When false it is booked like a planned need, from the next day.
    pub acute_same_day: bool,
    /// Median delay (days) accepted for a chronic follow-up.
    pub followup_tolerance_days: f64,
    /// Median delay (days) accepted for a prescription renewal.
    pub renewal_tolerance_days: f64,
    /// Median delay (days) accepted for prevention.
    pub prevention_tolerance_days: f64,
    /// Median delay (days) accepted for a complex situation.
    pub complex_tolerance_days: f64,
    /// Delay (days) within which a post-discharge visit is sought.
    pub post_discharge_tolerance_days: f64,
    /// Number of other GPs (nearest first) a patient tries when their own GP has no slot or they have none.
    pub other_gp_tries: u32,
    /// Probability that a GP accepts to see a patient not on their list.
    pub accept_unregistered: f64,
    /// Days after which a forgone chronic follow-up is sought again.
    pub followup_retry_days: f64,
    /// How many days ahead GP calendars are open for booking.
    pub horizon_days: u32,
    /// Share of prevention needs taken to a pharmacy or a nurse when one is within reach.
    pub prevention_walk_in_share: f64,
}

/// Booking ahead and waiting for one's own GP (issue 17; rules in `model::requests`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WaitParams {
    /// Median lead time (days) from the request of a chronic follow-up to the date it is wanted for (the request is made that long before the follow-up is due).
    pub lead_followup_days: f64,
    /// Median lead time (days) from the request of a prescription renewal to the date it is wanted for.
    pub lead_renewal_days: f64,
    /// Median lead time (days) from the request of a prevention act to the date it is wanted for.
    pub lead_prevention_days: f64,
    /// Median lead time (days) from the request of a complex-situation visit to the date it is wanted for.
    pub lead_complex_days: f64,
    /// Spread (log-sd) of the lead time around its median (log-normal, whole days).
    pub lead_log_sd: f64,
    /// Probability that a registered patient whose own GP has no slot within the tolerance of a planned need waits for that GP's first later slot (rather than look elsewhere or give up).
    pub wait_own_gp_share: f64,
    /// Longest wait (days beyond the tolerance window) a planned need accepts for the own GP's later slot.
    pub wait_own_gp_max_days: f64,
    /// Acute minor needs: days ahead within which the own GP's later slot (beyond the tolerance) is an option of the choice.
    pub acute_wait_own_max_days: f64,
    /// Acute minor needs: utility of waiting for one's own GP's later slot (continuity, loyalty), on top of its delay and travel terms.
    pub asc_wait_own_gp: f64,
    /// Probability that, at a consultation with the own GP that restarts a chronic patient's follow-up clock, the next follow-up is booked there and then for its due date (`model::next_visit`); the delay counts from that consultation. 0 switches the mechanism off.
    pub next_visit_booked_share: f64,
}

impl Default for WaitParams {
    fn default() -> Self {
        WaitParams {
            lead_followup_days: 0.82,
            lead_renewal_days: 2.0,
            lead_prevention_days: 3.0,
            lead_complex_days: 3.0,
            lead_log_sd: 0.52,
            wait_own_gp_share: 0.75,
            wait_own_gp_max_days: 30.0,
            acute_wait_own_max_days: 7.0,
            asc_wait_own_gp: 0.0,
            next_visit_booked_share: 0.276,
        }
    }
}

impl GpParams {
    /// Problems with the seasonal leave: (field under `parameters.gp`, what is wrong).
    pub fn leave_problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.summer_weeks_off > 9 {
            out.push(("summer_weeks_off", format!("must be at most 9 weeks, July and August (got {})", self.summer_weeks_off)));
        }
        if self.christmas_weeks_off > 2 {
            out.push(("christmas_weeks_off", format!("must be at most 2 weeks (got {})", self.christmas_weeks_off)));
        }
        out
    }
}

impl WaitParams {
    /// Problems with these values: (field under `parameters.waits`, what is wrong).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (field, v) in [
            ("lead_followup_days", self.lead_followup_days),
            ("lead_renewal_days", self.lead_renewal_days),
            ("lead_prevention_days", self.lead_prevention_days),
            ("lead_complex_days", self.lead_complex_days),
        ] {
            if !(v.is_finite() && (0.0..=60.0).contains(&v)) {
                out.push((field, format!("must be between 0 and 60 days (got {v})")));
            }
        }
        if !(self.lead_log_sd.is_finite() && (0.0..=2.0).contains(&self.lead_log_sd)) {
            out.push(("lead_log_sd", format!("must be between 0 and 2 (got {})", self.lead_log_sd)));
        }
        for (field, v) in [("wait_own_gp_share", self.wait_own_gp_share), ("next_visit_booked_share", self.next_visit_booked_share)] {
            if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                out.push((field, share_reason(v)));
            }
        }
        for (field, v) in [("wait_own_gp_max_days", self.wait_own_gp_max_days), ("acute_wait_own_max_days", self.acute_wait_own_max_days)] {
            if !(v.is_finite() && (0.0..=365.0).contains(&v)) {
                out.push((field, format!("must be between 0 and 365 days (got {v})")));
            }
        }
        if !(self.asc_wait_own_gp.is_finite() && self.asc_wait_own_gp.abs() <= 100.0) {
            out.push(("asc_wait_own_gp", format!("must be a finite utility within ±100 (got {})", self.asc_wait_own_gp)));
        }
        out
    }
}

/// General practitioners' calendars.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct GpParams {
    /// Length of a consultation slot, minutes.
    pub slot_minutes: u32,
    /// Morning opening, "HH:MM-HH:MM", Monday to Friday.
    pub morning: String,
    /// Afternoon opening, "HH:MM-HH:MM", Monday to Friday.
    pub afternoon: String,
    /// Whether practices open on Saturday morning.
    pub saturday_morning: bool,
    /// Share of each day's slots reserved for unscheduled (same-day) care.
    pub unscheduled_share: f64,
    /// Weeks of absence per GP per year (staggered across GPs).
    pub weeks_off_per_year: u32,
    /// Of those, weeks taken as one block in July–August (start drawn per GP within the two months; at most `weeks_off_per_year`).
    pub summer_weeks_off: u32,
    /// Of those, weeks taken from the Christmas week (24–30 December) on (at most what summer leaves of `weeks_off_per_year`).
    pub christmas_weeks_off: u32,
    /// Daily slot caps by GP, in turn: GP number g offers at most
    /// `daily_slot_caps[g mod len]` of its slots a day (the earliest ones).
    /// Empty (the default): every GP offers all the slots of its hours.
    pub daily_slot_caps: Vec<u32>,
    /// Consultations a GP squeezes in beyond its calendar each working day,
    /// for its own registered patients' acute needs when it has no slot
    /// left within their tolerance (shorter consultations, a later end of
    /// day). 0 switches it off.
    pub squeeze_in_per_day: u32,
    /// Probability that a primary-care consultation (any provider, any need but prevention) leads to a (non-avoidable) hospitalisation.
    pub hospitalisation_probability: f64,
}

/// Registration with a médecin traitant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RegistrationParams {
    /// Largest list a GP accepts (patients registered).
    pub list_cap: u32,
    /// Probability that a patient seeks registration at all.
    pub propensity: f64,
    /// Probability that an orphan seen by a GP under their cap gets registered with them.
    pub accept_when_seen: f64,
    /// Farthest travel (minutes) to a GP a patient registers with or books.
    pub max_travel_minutes: f64,
    /// A GP closes its list to new registrations when, over the last four
    /// complete weeks, the consultations it gave reached this share of the
    /// slots it offered (its diary is saturated), and reopens below it
    /// (status set every Monday; `model::list_closure`). 0 switches the rule
    /// off: lists close only at `list_cap`.
    pub close_list_utilisation: f64,
}

/// Deterioration while waiting or after forgoing care: the heart of the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DeteriorationParams {
    /// Share of untreated acute minor needs that would escalate to an ED visit.
    pub acute_escalation_share: f64,
    /// Median days from onset to escalation, for those that escalate.
    pub acute_escalation_median_days: f64,
    /// Weibull shape of the escalation time (> 1: hazard rises with delay).
    pub acute_escalation_shape: f64,
    /// Probability that an escalated acute need ends in an (avoidable) hospitalisation, by age band.
    pub acute_escalation_admission: ByAge,
    /// Decompensations per year of a chronic patient whose follow-up is on time.
    pub chronic_decompensation_per_year: f64,
    /// Multiplier of that hazard for multimorbid patients.
    pub multimorbid_factor: f64,
    /// Multiplier of that hazard once the follow-up is overdue.
    pub overdue_factor: f64,
    /// Days beyond the follow-up interval after which the follow-up counts as overdue.
    pub overdue_grace_days: f64,
    /// Multiplier for complex patients without coordinated support.
    pub complex_uncoordinated_factor: f64,
    /// Multiplier for patients aged 75+ or complex without a caregiver.
    pub no_caregiver_factor: f64,
    /// Multiplier for vulnerable patients.
    pub vulnerable_factor: f64,
    /// Share of decompensations admitted through the ED (others admitted directly).
    pub decompensation_via_ed: f64,
    /// Continuity of care: multiplier of the hazard of a chronic patient whose
    /// last chronic follow-up was not given by their own médecin traitant
    /// (orphans, patients followed by another GP, a nurse or an IPA, and
    /// patients whose GP left). Assumption: 1.0 by default (off: the DREES
    /// × 5.5 of "regular GP not seen in the past year" is already used by
    /// `overdue_factor` and is not split by source); plausible range 1.0–1.5
    /// (order of magnitude: Barker et al., BMJ 2017, ≈ 12 % fewer admissions
    /// for ambulatory-care-sensitive conditions at the highest continuity
    /// than at the lowest; not among the project's sources).
    pub discontinuity_factor: f64,
    /// Continuity of care in a team (exercice coordonné): whether a chronic follow-up given by the
    /// team of the patient's own GP — the nurse of their GP's MSP (Asalée-type delegation under a
    /// protocole de coopération) or the MSP's extended-hours GP — keeps continuity like one by the
    /// médecin traitant. `false` (default, as before): only the médecin traitant keeps it.
    /// Assumption: the ×5.5 of the targets concerns the regular GP; whether delegated follow-up
    /// under the GP's protocol counts is not measured in the project's sources (contexts 003/004
    /// describe team care as the lever, without a figure): a switch for sensitivity analysis.
    pub team_follow_up_counts_as_continuity: bool,
    /// Prevention: multiplier of the decompensation hazard of a chronic
    /// patient protected by a prevention act (influenza vaccination) during
    /// the winter half-year (seasonal multiplier above 1). Assumption: 1.0 by
    /// default (off); plausible range 0.8–1.0 (the vaccine prevents a share
    /// of influenza-related hospitalisations of people 65+, and influenza is
    /// one cause among others of winter decompensations).
    pub vaccinated_winter_factor: f64,
}

/// Emergency departments and hospital stays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HospitalParams {
    /// Probability that an ED visit for an acute serious need ends in admission.
    pub serious_admission: f64,
    /// Probability that an ED visit for a non-serious need ends in admission.
    pub minor_admission: f64,
    /// Length of an avoidable hospital stay, days.
    pub avoidable_stay_days: f64,
    /// Length of another hospital stay, days.
    pub other_stay_days: f64,
    /// Probability of readmission within 30 days of discharge without early follow-up.
    pub readmission_30d: f64,
    /// Relative risk of readmission when primary care saw the patient within 7 days of discharge.
    pub followup_7d_relative_risk: f64,
}

/// Travel times from coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TravelParams {
    /// Road distance over straight-line distance (1.3 ± 0.1, Wang et al.,
    /// npj Complexity 2024; 1.343 in 300 European cities, Environment and
    /// Planning B 2023).
    pub detour_factor: f64,
    /// Mean road speed (km/h) by density class: dense urban, intermediate,
    /// rural, isolated/mountain; a trip runs at the slower of its two ends'
    /// speeds. The first three are consistent with INSEE Metric's speed
    /// rules by density of the area crossed (DREES note, Condemine 2019);
    /// the isolated one is the rural one × 0.869, the ratio of road speeds
    /// measured on Isère's commune pairs (OSRM car times, trips of at most
    /// 20 minutes, `scripts/road_speed_ratio.py`). No published door-to-door
    /// speed by density class was found; the APL of isolated communes
    /// depends on them (docs/validation.md § Travel speeds and the APL,
    /// § Stop 42: the isolated speed from road times).
    pub speed_kmh: [f64; 4],
    /// Minutes added to every trip (parking, access).
    pub access_minutes: f64,
}

impl Default for PopulationParams {
    fn default() -> Self {
        PopulationParams {
            chronic_share: [0.01, 0.05, 0.16, 0.30, 0.42, 0.52],
            multimorbid_share: [0.05, 0.12, 0.25, 0.35, 0.45, 0.55],
            complex_share: [0.05, 0.08, 0.10, 0.12, 0.18, 0.28],
            caregiver_share: [0.95, 0.35, 0.35, 0.45, 0.55, 0.65],
            digital_skills_share: [0.95, 0.95, 0.88, 0.75, 0.62, 0.40],
            delay_tolerance_log_sd: 0.5,
        }
    }
}

impl Default for NeedParams {
    fn default() -> Self {
        NeedParams {
            acute_minor_per_year: [3.2, 1.9, 1.9, 2.1, 2.5, 3.0],
            acute_serious_per_year: [0.19, 0.17, 0.17, 0.22, 0.37, 0.58],
            renewal_per_year: [0.1, 1.0, 1.2, 1.0, 0.8, 0.8],
            prevention_per_year: [1.0, 0.3, 0.4, 0.8, 0.9, 0.9],
            complex_per_year: 3.0,
            acute_factor_one_ald: 1.3,
            acute_factor_multimorbid: 1.6,
            followup_interval_days: 91.0,
            followup_interval_multimorbid_days: 61.0,
            winter_amplitude: 0.25,
            winter_peak_day: 20.0,
            vaccinated_winter_excess_avoided: 0.0,
        }
    }
}

impl Default for ChoiceParams {
    fn default() -> Self {
        ChoiceParams {
            // Calibrated (stop 25, seven parameters together, the round's final recalibration): scenarios/experiments/calibrate-defaults.toml (−5.446, rounded; stop 19: −5.418).
            asc_ed: -5.45,
            asc_forgo: -2.8,
            beta_delay_per_day: -0.35,
            beta_travel_per_hour: -1.5,
            beta_ed_out_of_hours: 1.2,
            beta_ed_propensity: 1.0,
            beta_forgo_vulnerable: 0.8,
            information_lack: 0.14,
            information_lack_vulnerable_factor: 2.0,
            service_unawareness: 0.0,
            sas_number_unawareness: 0.0,
            unawareness_no_digital_factor: 1.5,
            unawareness_newcomer_factor: 1.0,
            newcomer_years: 2.0,
            residence_years_shares: [0.12, 0.17, 0.16, 0.55],
        }
    }
}

impl Default for BookingParams {
    fn default() -> Self {
        BookingParams {
            acute_tolerance_days: 3.0,
            acute_same_day: true,
            followup_tolerance_days: 30.0,
            renewal_tolerance_days: 10.0,
            prevention_tolerance_days: 60.0,
            complex_tolerance_days: 21.0,
            post_discharge_tolerance_days: 7.0,
            other_gp_tries: 3,
            accept_unregistered: 0.5,
            followup_retry_days: 30.0,
            horizon_days: 120,
            prevention_walk_in_share: 0.35,
        }
    }
}

impl Default for GpParams {
    fn default() -> Self {
        GpParams {
            slot_minutes: 20,
            morning: "08:30-12:00".into(),
            afternoon: "14:00-18:30".into(),
            saturday_morning: false,
            unscheduled_share: 0.120,
            daily_slot_caps: Vec::new(),
            squeeze_in_per_day: 2,
            weeks_off_per_year: 6,
            summer_weeks_off: 3,
            christmas_weeks_off: 1,
            hospitalisation_probability: 0.004,
        }
    }
}

impl Default for RegistrationParams {
    fn default() -> Self {
        RegistrationParams {
            list_cap: 1600,
            propensity: 0.97,
            accept_when_seen: 0.3,
            max_travel_minutes: 45.0,
            close_list_utilisation: 0.95,
        }
    }
}

impl Default for DeteriorationParams {
    fn default() -> Self {
        DeteriorationParams {
            // Calibrated (stop 25): scenarios/experiments/calibrate-defaults.toml (0.03394, rounded; stop 19: 0.03324).
            acute_escalation_share: 0.0339,
            acute_escalation_median_days: 3.0,
            acute_escalation_shape: 1.5,
            acute_escalation_admission: [0.03, 0.03, 0.06, 0.12, 0.20, 0.30],
            // Calibrated (stop 25): scenarios/experiments/calibrate-defaults.toml (0.01873, rounded; stop 19: 0.01790).
            chronic_decompensation_per_year: 0.0187,
            multimorbid_factor: 2.0,
            overdue_factor: 5.5,
            overdue_grace_days: 90.0,
            complex_uncoordinated_factor: 1.5,
            no_caregiver_factor: 1.3,
            vulnerable_factor: 1.2,
            discontinuity_factor: 1.0,
            team_follow_up_counts_as_continuity: false,
            vaccinated_winter_factor: 1.0,
            decompensation_via_ed: 0.7,
        }
    }
}

impl Default for HospitalParams {
    fn default() -> Self {
        HospitalParams {
            serious_admission: 0.25,
            minor_admission: 0.04,
            avoidable_stay_days: 8.0,
            other_stay_days: 5.0,
            readmission_30d: 0.14,
            followup_7d_relative_risk: 0.7,
        }
    }
}

impl Default for TravelParams {
    fn default() -> Self {
        TravelParams { detour_factor: 1.3, speed_kmh: [22.0, 38.0, 55.0, 48.0], access_minutes: 5.0 }
    }
}

/// Documentation of one parameter: its path in `[parameters]`, unit and source.
pub struct ParamDoc {
    pub path: &'static str,
    pub unit: &'static str,
    pub source: &'static str,
}

/// The reason a share outside [0, 1] is refused, the one wording of the
/// parameters, the policies and the scenario: "must be a share between 0 and
/// 1 (got 90)", with "; for 90 %, write 0.9" when the value reads as a
/// percentage (2 ≤ v ≤ 100; trial 32 wrote participation = 90; 1.5 may be
/// a slip as well as 1.5 %, so it gets no hint).
pub fn share_reason(v: f64) -> String {
    // Rounded to 10 decimals: 43.2 % is "0.432", not 0.43200000000000005 (stop 42's trial).
    let share = (v / 100.0 * 1e10).round() / 1e10;
    let hint = if (2.0..=100.0).contains(&v) { format!("; for {v} %, write {share}") } else { String::new() };
    format!("must be a share between 0 and 1 (got {v}){hint}")
}

/// Unit and source of every parameter leaf (paths under `[parameters]`).
pub const PARAMETER_DOCS: &[ParamDoc] = &[
    ParamDoc { path: "population.chronic_share", unit: "share", source: "Cnam, ALD prevalence by age (≈ 12 M people in ALD, ≈ 18 % of the insured, 2022); rounded" },
    ParamDoc { path: "population.multimorbid_share", unit: "share", source: "assumption (range: each age band ×0.7–×1.3)" },
    ParamDoc { path: "population.complex_share", unit: "share", source: "assumption (range: each age band ×0.5–×1.5)" },
    ParamDoc { path: "population.caregiver_share", unit: "share", source: "assumption (range: each age band ±0.15), informed by DREES CARE survey (≈ 2 in 3 caregivers intervene regularly, context/000)" },
    ParamDoc { path: "population.digital_skills_share", unit: "share", source: "model brief §3: ≈ 30 % of people aged 65+ are far from digital health (context/003); other bands assumption" },
    ParamDoc { path: "population.delay_tolerance_log_sd", unit: "log-sd", source: "assumption (range 0.25–1.0)" },
    ParamDoc { path: "needs.acute_minor_per_year", unit: "1/person/year", source: "assumption (range: each age band ×0.8–×1.2), set with the other need rates so that GP contacts ≈ 5 per inhabitant per year (DREES, consultations per inhabitant)" },
    ParamDoc { path: "needs.acute_serious_per_year", unit: "1/person/year", source: "assumption (range: each age band ×0.8–×1.2), set so that ED visits ≈ 0.31 per inhabitant per year (DREES SAE 2023: 20.9 M visits)" },
    ParamDoc { path: "needs.renewal_per_year", unit: "1/person/year", source: "assumption (range: each age band ×0.5–×1.5)" },
    ParamDoc { path: "needs.prevention_per_year", unit: "1/person/year", source: "assumption (range: each age band ×0.7–×1.3; childhood vaccination schedule, seasonal influenza vaccination of 65+)" },
    ParamDoc { path: "needs.complex_per_year", unit: "1/person/year", source: "assumption (range 1–6)" },
    ParamDoc { path: "needs.acute_factor_one_ald", unit: "factor", source: "assumption (range 1.1–2; patients in ALD consult about twice as often as others, Cnam; part of it is planned follow-up)" },
    ParamDoc { path: "needs.acute_factor_multimorbid", unit: "factor", source: "assumption (range 1.2–2.5)" },
    ParamDoc { path: "needs.followup_interval_days", unit: "days", source: "HAS guidance: quarterly follow-up of a stabilised ALD (e.g. type 2 diabetes)" },
    ParamDoc { path: "needs.followup_interval_multimorbid_days", unit: "days", source: "assumption (range 30–91: monthly to quarterly)" },
    ParamDoc { path: "needs.winter_amplitude", unit: "share", source: "assumption (range 0.15–0.35; winter epidemics, Santé publique France surveillance shows ≈ +20–30 % GP acute activity in winter)" },
    ParamDoc { path: "needs.winter_peak_day", unit: "day of year", source: "assumption (range 0–45: influenza epidemics peak between late December and mid-February)" },
    ParamDoc { path: "needs.vaccinated_winter_excess_avoided", unit: "share", source: "assumption: 0 (off), range 0–0.4 (influenza-like illness is one part of the winter excess of acute needs)" },
    ParamDoc { path: "choice.asc_ed", unit: "utility", source: "calibrated (scenarios/experiments/calibrate-defaults.toml) on 310 ED visits per 1,000 a year (DREES SAE 2023) and ≈ 17 % of them treatable in primary care (Cour des comptes)" },
    ParamDoc { path: "choice.asc_forgo", unit: "utility", source: "assumption (range −4 … −1.5)" },
    ParamDoc { path: "choice.beta_delay_per_day", unit: "utility/day", source: "assumption (range −0.7 … −0.15)" },
    ParamDoc { path: "choice.beta_travel_per_hour", unit: "utility/hour", source: "assumption (range −3 … −0.5)" },
    ParamDoc { path: "choice.beta_ed_out_of_hours", unit: "utility", source: "assumption (range 0.5–2)" },
    ParamDoc { path: "choice.beta_ed_propensity", unit: "utility", source: "assumption (range 0.5–2)" },
    ParamDoc { path: "choice.beta_forgo_vulnerable", unit: "utility", source: "assumption (range 0–1.5)" },
    ParamDoc { path: "choice.information_lack", unit: "probability", source: "IRDES 2022: 14 % of people forgo care for lack of information (context/003)" },
    ParamDoc { path: "choice.information_lack_vulnerable_factor", unit: "factor", source: "assumption (range 1–3)" },
    ParamDoc { path: "choice.service_unawareness", unit: "probability", source: "assumption, range 0–0.4; 0 keeps every service known (as before issue 18); 0.14 = IRDES 2022 per service (context/003)" },
    ParamDoc { path: "choice.sas_number_unawareness", unit: "probability", source: "assumption, range 0–0.6; 0 keeps the SAS number known (as before issue 18)" },
    ParamDoc { path: "choice.unawareness_newcomer_factor", unit: "factor", source: "assumption: 1 (default, no effect); 1.5 when studied, range 1–2.5 (issue 18 §1: newcomers have not yet learnt the local services; no French figure found)" },
    ParamDoc { path: "choice.newcomer_years", unit: "years", source: "assumption (2; range 1–3)" },
    ParamDoc { path: "choice.residence_years_shares", unit: "shares by years in the territory: [0, 2), [2, 5), [5, 10), [10, 40)", source: "assumption after the INSEE census classes of ancienneté d'emménagement dans la résidence principale (order of magnitude, households, France: ≈ 12 % less than 2 years, 17 % 2–4, 16 % 5–9, 55 % 10 or more; not read from a file here); an upper bound on newcomers to the territory, since moves within it count; range for the first share 0.08–0.2" },
    ParamDoc { path: "choice.unawareness_no_digital_factor", unit: "factor", source: "assumption, range 1–3 (30 % of people over 65 away from digital health, Insee 2023, context/000)" },
    ParamDoc { path: "booking.acute_tolerance_days", unit: "days", source: "assumption (range 1–7)" },
    ParamDoc { path: "booking.acute_same_day", unit: "bool", source: "assumption (most GPs keep same-day slots; alternative: false); false in the clinic reference workload (shared/bench/WORKLOAD.md §A)" },
    ParamDoc { path: "booking.followup_tolerance_days", unit: "days", source: "assumption (range 14–60)" },
    ParamDoc { path: "booking.renewal_tolerance_days", unit: "days", source: "assumption (range 5–21)" },
    ParamDoc { path: "booking.prevention_tolerance_days", unit: "days", source: "assumption (range 30–90)" },
    ParamDoc { path: "booking.complex_tolerance_days", unit: "days", source: "assumption (range 7–42)" },
    ParamDoc { path: "booking.post_discharge_tolerance_days", unit: "days", source: "7-day post-discharge visit, as in the readmission literature (e.g. Hernandez et al., JAMA 2010)" },
    ParamDoc { path: "booking.other_gp_tries", unit: "count", source: "assumption (range 1–5)" },
    ParamDoc { path: "booking.accept_unregistered", unit: "probability", source: "assumption (range 0.3–0.8; patients without a médecin traitant face more refusals; Défenseur des droits testing surveys)" },
    ParamDoc { path: "booking.followup_retry_days", unit: "days", source: "assumption (range 14–60)" },
    ParamDoc { path: "booking.horizon_days", unit: "days", source: "assumption (range 60–180)" },
    ParamDoc { path: "booking.prevention_walk_in_share", unit: "share", source: "assumption (range 0.2–0.5; pharmacists and nurses give a large share of seasonal influenza vaccinations since 2019–2022, Santé publique France)" },
    ParamDoc { path: "waits.lead_followup_days", unit: "days", source: "calibrated (behavioural; stop 25, the round's final recalibration, with the six other parameters of scenarios/experiments/calibrate-defaults.toml, range 0–6: 0.82 days, 0.35–1.90 over the candidates within distance 0.25 of the target figures; stop 19: 1.09 days; stop 18 with waits.next_visit_booked_share alone, range 0–10: 1.12; 4 until stop 17): the median lead of the chronic follow-ups the patient requests (those not booked at the previous visit); DREES's median delay of 6 days for a periodic check-up (Études et Résultats n° 1085, 2018) includes the wait for a slot; sensitivity range 0.3–2" },
    ParamDoc { path: "waits.lead_renewal_days", unit: "days", source: "assumption (range 0–7): renewals are asked for before the prescription runs out" },
    ParamDoc { path: "waits.lead_prevention_days", unit: "days", source: "assumption (range 0–10): below the median delay of 5 days DREES reports for a vaccination with a GP (Études et Résultats n° 1085, 2018)" },
    ParamDoc { path: "waits.lead_complex_days", unit: "days", source: "assumption (range 0–7)" },
    ParamDoc { path: "waits.lead_log_sd", unit: "log-sd", source: "calibrated (issue 17 §3; stop 25: scenarios/experiments/calibrate-defaults.toml, 0.521, at the low end of the assumed range 0.5–1.5, 0.50–1.08 within distance 0.25; stop 19: 0.674): DREES 2018 (Études et Résultats n° 1085) finds a GP delay mean of 6 days for a median of 2 and above 11 days in 10 % of requests, a long right tail (a log-normal with mean/median = 3 has a log-sd of 1.48)" },
    ParamDoc { path: "waits.wait_own_gp_share", unit: "probability", source: "assumption (range 0.5–0.9): DREES 2018 (Études et Résultats n° 1085): more than 9 contacts in 10 end with an appointment, and only 3 % of unsuccessful requests end at the ED" },
    ParamDoc { path: "waits.next_visit_booked_share", unit: "probability", source: "calibrated (behavioural, stop 25, the round's final recalibration: with the six other parameters of scenarios/experiments/calibrate-defaults.toml, data/calibration/calibrate-defaults/, range 0.1–0.4: 0.276, distance 0.168, 0.249–0.288 within distance 0.25; stop 19: 0.279, distance 0.289; stop 18, scenarios/experiments/calibrate-next-visit.toml, with waits.lead_followup_days only, within 0–0.5, the other defaults fixed: distance 0.343 at 0.244 with a lead of 1.12 days; 0.592 for the share alone at 0.167 with the 4-day lead; 1.02 near 0; shares 0.235–0.266 with leads 0.75–1.24 days within 0.35): sensitivity range 0.15–0.35. No published share: GPs book a chronic patient's next review at the end of the consultation (qualitative: interviews of Australian GPs and patients, BMC Family Practice 2019, doi:10.1186/s12875-019-0973-0, table 7); DREES 2018 (Études et Résultats n° 1085: 10 % of GP requests wait more than 11 days) bounds such 2–3-month bookings to a few % of GP requests if the survey counts them" },
    ParamDoc { path: "waits.wait_own_gp_max_days", unit: "days", source: "assumption (range 14–60)" },
    ParamDoc { path: "waits.acute_wait_own_max_days", unit: "days", source: "assumption (range 3–14): DREES 2018: a quarter of GP appointments come 5 days or more after the request" },
    ParamDoc { path: "waits.asc_wait_own_gp", unit: "utility", source: "assumption (range −1 … 1; 0: only the delay and travel terms of the choice apply)" },
    ParamDoc { path: "week.acute_weekday_factors", unit: "factor by weekday, Monday first (divided by their mean)", source: "assumption (range: Monday 1.0–1.3, weekend 0.8–1.0): GP activity peaks on Mondays (part of it weekend needs that waited, modelled apart by the weekend route)" },
    ParamDoc { path: "week.weekend_ed_share", unit: "share", source: "assumption (range 0.02–0.10), from the calibration targets: ≈ 17 % of 310 ED visits per 1,000 treatable in primary care (Cour des comptes; DREES SAE 2023) ≈ 53 per 1,000, of which ≈ 30 % at the weekend ≈ 16 per 1,000, over ≈ 470 weekend acute minor needs per 1,000 ≈ 0.035" },
    ParamDoc { path: "week.weekend_pdsa_share", unit: "share", source: "assumption (range 0.05–0.25); applies only where a PDSA roster is on duty (policy `pdsa`)" },
    ParamDoc { path: "week.part_time_share", unit: "share", source: "assumption (range 0.1–0.3): about a fifth of GPs work part time (DREES working-time studies of GPs, not in the project's sources)" },
    ParamDoc { path: "week.part_time_days_off", unit: "weekdays/week", source: "assumption (range 1–2): a part-time GP takes whole weekdays off" },
    ParamDoc { path: "gp.slot_minutes", unit: "minutes", source: "DREES: mean GP consultation ≈ 16–18 min; rounded up to include admin time (assumption; range 15–25)" },
    ParamDoc { path: "gp.morning", unit: "HH:MM-HH:MM", source: "assumption (range: opening 08:00–09:00, closing 12:00–12:30)" },
    ParamDoc { path: "gp.afternoon", unit: "HH:MM-HH:MM", source: "assumption (range: opening 13:30–14:30, closing 18:00–19:30)" },
    ParamDoc { path: "gp.saturday_morning", unit: "bool", source: "assumption (alternative: true, practices open on Saturday mornings)" },
    ParamDoc { path: "gp.squeeze_in_per_day", unit: "consultations/GP/working day", source: "INSEE Analyses n° 51 (Silhol, Legendre, Monziols, May 2020; DREES panel of GPs 2014–2017): GPs in zones of tension (ZIP) give 10 % more consultations than the others for the same weekly hours (52.7 vs 53.2 h), their consultations 10 % shorter; ≈ 2.3 a day at the default 23 slots. Range 0–4; 0 in the clinic reference workload" },
    ParamDoc { path: "gp.daily_slot_caps", unit: "slots/day by GP, in turn", source: "none by default; 16, 17, 18, 19, 20 in the clinic reference workload (shared/bench/WORKLOAD.md §A)" },
    ParamDoc { path: "gp.unscheduled_share", unit: "share", source: "calibrated (issue 17 §3; stop 25: scenarios/experiments/calibrate-defaults.toml, 0.120, 0.075–0.139 within distance 0.25; stop 19: 0.147), within an assumed range 0.05–0.4: most GPs keep same-day slots (DREES panel of GPs 2019–2022); DREES 2018 (Études et Résultats n° 1085): a third of GP appointments are the same day" },
    ParamDoc { path: "gp.weeks_off_per_year", unit: "weeks", source: "assumption (range 4–8)" },
    ParamDoc { path: "gp.summer_weeks_off", unit: "weeks", source: "assumption (range 0–4): French GPs' leave concentrates in July–August (summer shortages reported every year by the Ordre des médecins and ARS); 0 spreads all weeks off over the year" },
    ParamDoc { path: "gp.christmas_weeks_off", unit: "weeks", source: "assumption (range 0–2): school holidays at Christmas" },
    ParamDoc { path: "gp.hospitalisation_probability", unit: "probability", source: "assumption (range 0.002–0.008)" },
    ParamDoc { path: "registration.list_cap", unit: "patients", source: "assumption (range 1,200–2,500; mean médecin-traitant list ≈ 1,000 adults; cap at which GPs refuse new patients)" },
    ParamDoc { path: "registration.propensity", unit: "probability", source: "Cnam 2024: ≈ 93 % of adults have a médecin traitant (context/000); the cap produces the rest" },
    ParamDoc { path: "registration.accept_when_seen", unit: "probability", source: "assumption (range 0.1–0.6)" },
    ParamDoc { path: "registration.max_travel_minutes", unit: "minutes", source: "assumption (range 30–60)" },
    ParamDoc { path: "registration.close_list_utilisation", unit: "share of slots offered (4 weeks)", source: "assumption (0.95, range 0.90–1.0: a diary with almost no free slot left), for the behaviour sourced by DREES, Études et Résultats, May 2023 (65 % of GPs led to refuse new patients as médecin traitant, 2022) and UFC-Que Choisir, Nov 2019 (44 % of 2,770 GPs refused; 71 % of them: already too many patients); 0 switches it off" },
    ParamDoc { path: "deterioration.acute_escalation_share", unit: "share", source: "calibrated (scenarios/experiments/calibrate-defaults.toml) on 310 ED visits per 1,000 a year (DREES SAE 2023)" },
    ParamDoc { path: "deterioration.acute_escalation_median_days", unit: "days", source: "assumption (range 1–7)" },
    ParamDoc { path: "deterioration.acute_escalation_shape", unit: "Weibull shape", source: "assumption (range 1–2.5; > 1: the hazard rises with the delay)" },
    ParamDoc { path: "deterioration.acute_escalation_admission", unit: "probability", source: "assumption (range: each age band ×0.5–×1.5)" },
    ParamDoc { path: "deterioration.chronic_decompensation_per_year", unit: "1/patient/year", source: "calibrated (scenarios/experiments/calibrate-defaults.toml) on ≈ 265,000 avoidable hospitalisations for chronic conditions per year, 3.9 per 1,000 (DREES ER 1262)" },
    ParamDoc { path: "deterioration.multimorbid_factor", unit: "factor", source: "assumption (range 1.5–3)" },
    ParamDoc { path: "deterioration.overdue_factor", unit: "factor", source: "DREES ER 1262 (2023): risk × 5.5 when the regular GP was not seen in the past year" },
    ParamDoc { path: "deterioration.overdue_grace_days", unit: "days", source: "assumption (range 30–180)" },
    ParamDoc { path: "deterioration.complex_uncoordinated_factor", unit: "factor", source: "assumption (range 1–2)" },
    ParamDoc { path: "deterioration.no_caregiver_factor", unit: "factor", source: "assumption (range 1–1.6)" },
    ParamDoc { path: "deterioration.vulnerable_factor", unit: "factor", source: "assumption (range 1–1.5)" },
    ParamDoc { path: "deterioration.decompensation_via_ed", unit: "share", source: "assumption (range 0.5–0.9)" },
    ParamDoc { path: "deterioration.team_follow_up_counts_as_continuity", unit: "true/false", source: "assumption: false, alternative true (only the médecin traitant keeps continuity); true counts a follow-up by the nurse or extended-hours GP of the patient's GP's MSP (team care, protocole de coopération); not measured in the project's sources (contexts 003/004: team care as the lever, no figure)" },
    ParamDoc { path: "deterioration.discontinuity_factor", unit: "factor", source: "assumption: 1.0 (off), range 1.0–1.5 (order of magnitude: Barker et al., BMJ 2017, ≈ 12 % fewer ACSC admissions at the highest GP continuity; not a project source)" },
    ParamDoc { path: "deterioration.vaccinated_winter_factor", unit: "factor", source: "assumption: 1.0 (off), range 0.8–1.0 (influenza one cause among others of winter decompensations)" },
    ParamDoc { path: "hospital.serious_admission", unit: "probability", source: "DREES: ≈ 20–25 % of ED visits end in hospitalisation" },
    ParamDoc { path: "hospital.minor_admission", unit: "probability", source: "assumption (range 0.02–0.08)" },
    ParamDoc { path: "hospital.avoidable_stay_days", unit: "days", source: "assumption (range 7–10; ATIH: mean stay for heart failure ≈ 8–9 days)" },
    ParamDoc { path: "hospital.other_stay_days", unit: "days", source: "assumption (range 3–7)" },
    ParamDoc { path: "hospital.readmission_30d", unit: "probability", source: "assumption (range 0.12–0.15: all-cause 30-day readmission in France ≈ 12–15 %, ATIH)" },
    ParamDoc { path: "hospital.followup_7d_relative_risk", unit: "relative risk", source: "assumption (range 0.6–1.0; early follow-up after heart-failure discharge, e.g. Hernandez et al., JAMA 2010)" },
    ParamDoc { path: "costs.gp_consultation_eur", unit: "€", source: "Assurance Maladie: GP consultation tariff G = €30 since December 2024" },
    ParamDoc { path: "costs.walk_in_act_eur", unit: "€", source: "assumption (range 7.5–10: the pharmacist and nurse vaccination fees, €7.50–€10)" },
    ParamDoc { path: "costs.ed_visit_eur", unit: "€", source: "assumption (range 200–300; Cour des comptes 2019: an ED visit without admission costs ≈ €200–€300)" },
    ParamDoc { path: "costs.avoidable_stay_eur", unit: "€", source: "assumption (range 4,000–5,500; ATIH cost studies: a heart-failure stay ≈ €4,500)" },
    ParamDoc { path: "costs.other_stay_eur", unit: "€", source: "assumption (range 3,000–5,000)" },
    ParamDoc { path: "costs.readmission_eur", unit: "€", source: "assumption (range 3,500–5,500)" },
    ParamDoc {
        path: "travel.detour_factor",
        unit: "factor",
        source: "road distance over straight-line distance 1.3 ± 0.1 on motorway networks of several countries (Wang, Bette, Schreckenberg & Guhr, npj Complexity 1, 22, 2024); 1.343 from homes to the centre of 300 European cities (Environment and Planning B, 2023, doi:10.1177/23998083231168870); range 1.2–1.4",
    },
    ParamDoc {
        path: "travel.speed_kmh",
        unit: "km/h",
        source: "dense urban, intermediate and rural: consistent with the speed rules of INSEE's Metric distancier, which DREES's APL uses (single carriageway, off-peak: 20·s, 40·s and 65·s km/h where the 200 m square crossed holds > 4,000, 500–4,000 and < 500 inhabitants per km², s the sinuosity 0.75–1, i.e. 15–20, 30–40, 49–65 km/h; P. Condemine, DREES, Comprendre les écarts entre Metric et OSRM, 2019); isolated 48: the rural speed × 0.869, the ratio of the median road speeds (straight line × 1.3 over the road time) of Isère's commune pairs with an isolated end to its rural–rural pairs, trips of at most 20 minutes (OSRM car times between town halls, N. Lambert, neocarto/rspatial 890cfda, MIT; data © OpenStreetMap contributors; `scripts/road_speed_ratio.py`; 0.863–0.911 over the trip bounds 15–30 min and median or least squares); no published door-to-door speed by density class was found (docs/validation.md § Stop 42: the isolated speed from road times); ranges 18–26, 30–46, 44–66, 42–55 (isolated: one département measured; plains may be faster, high mountains slower)",
    },
    ParamDoc { path: "travel.access_minutes", unit: "minutes", source: "assumption (range 2–10)" },
    ParamDoc { path: "seasonal.persons_per_home", unit: "persons per secondary home", source: "assumption, range 2–3 (INSEE: 2.2 persons per household; holiday stays are families and friends)" },
    ParamDoc { path: "seasonal.summer_occupancy", unit: "share of beds, 1 July – 31 August", source: "assumption, range 0.35–0.65" },
    ParamDoc { path: "seasonal.winter_sports_occupancy", unit: "share of beds, Christmas and February holidays, mountain communes", source: "assumption, range 0.3–0.7" },
    ParamDoc { path: "seasonal.short_holiday_occupancy", unit: "share of beds, other school holidays", source: "assumption, range 0.1–0.4" },
    ParamDoc { path: "seasonal.off_season_occupancy", unit: "share of beds, other days", source: "assumption, range 0–0.15 (weekends); with the defaults a secondary home is occupied ≈ 63–74 full days a year" },
    ParamDoc { path: "specialists.enabled", unit: "bool", source: "off by default (issue 19: the second line is not calibrated; on in the validation scenarios that check the DREES delays)" },
    ParamDoc { path: "specialists.referral_per_gp_consultation", unit: "probability per GP consultation, by specialty (ophthalmology, dermatology, cardiology, gynaecology)", source: "assumption (0.012, 0.012, 0.010, 0.006; range ×0.5–×2: about 4 % of GP consultations lead to one of these four specialties)" },
    ParamDoc { path: "specialists.per_100k", unit: "specialists per 100,000 inhabitants, by specialty × density class (dense urban, intermediate, rural, isolated)", source: "default: DREES RPPS 2021 national means (all modes of practice, rounded: ophthalmology 8.5, dermatology 5, cardiology 7, gynaecology 7 per 100,000; `model::specialists::NATIONAL_PER_100K`) split by density class in the proportions ×1.5 dense urban, ×1 intermediate, ×0.5 rural, ×0.3 isolated (assumption; range: rural ×0.3–×0.8; `DENSITY_SPLIT`), normalised so that the mean weighted by France's population by class (25.3 / 20.9 / 20.2 / 1.7 M) is the sourced national figure (issue 17: the rounded split averaged 8.84 ophthalmologists, +4 %, and created places): e.g. ophthalmology 12.50 / 8.33 / 4.17 / 2.50" },
    ParamDoc { path: "specialists.sessions_per_week", unit: "half-day sessions per specialist per week", source: "assumption (9; range 7–10: about 50 hours a week for self-employed physicians)" },
    ParamDoc { path: "specialists.consultations_per_session", unit: "consultations per half-day session, by specialty", source: "assumption (14, 12, 9, 10; 15–25 minutes per consultation over 3.5–4 hours; range ±30 %)" },
    ParamDoc { path: "specialists.referral_share_of_places", unit: "share", source: "assumption (0.1; range 0.05–0.3: most places go to the specialists' own follow-ups and to direct access); used only when `direct_access` is false" },
    ParamDoc { path: "specialists.tolerance_median_days", unit: "days", source: "fitted (issue 17, stop 24): median wait a routine request (check-up, follow-up, renewal; `urgent_share`) accepts, 160 days, the smallest of 140 / 160 / 180 at which france-mix's four pooled national medians (DREES ER 1085: 52, 50, 37, 32 days) all pass at 4 replications, with the planned follow-ups (`follow_up_share` 0.2) and `catchment_share` 0.7 (140: dermatology 30.8, fails); stop 23 fitted 220 the same way before the planned follow-ups, which now make part of the long waits it stood for; Paris (29 days) and the isolated villages (97) are checks of it (docs/validation.md); was 90, an unfitted assumption for every request; plausible range 120–300 (DREES: 10 % of the requests to an ophthalmologist wait 189 days or more)" },
    ParamDoc { path: "specialists.tolerance_log_sd", unit: "log-sd", source: "assumption (0.7; range 0.3–1.2)" },
    ParamDoc { path: "specialists.direct_access", unit: "bool", source: "on by default, so on whenever the second line is (issue 19 §2: the demand that does not come through a GP, a mechanism in place of the fixed `referral_share_of_places`: every place of the specialists is open to bookings); false restores the fixed share" },
    ParamDoc { path: "specialists.direct_requests_derived", unit: "bool", source: "on by default (issue 17: one rule, one place): the direct requests' rate is derived in code (`SpecialistParams::direct_rate`) as the national demand per inhabitant, national places at the sourced national densities (DREES RPPS 2021: 8.5, 5, 7, 7 per 100,000) × `sessions_per_week` × `consultations_per_session` × 52 / (1 − `unmet_share`), less the GP referrals expected per inhabitant (`referral_per_gp_consultation` × `referring_gp_consultations_per_inhabitant_year`); the scenario's own `per_100k` does not enter it (fewer specialists do not make fewer patients); false: `direct_requests_per_inhabitant_year` as given (tests, sensitivity)" },
    ParamDoc { path: "specialists.direct_requests_per_inhabitant_year", unit: "requests per inhabitant per year, by specialty", source: "used only when `direct_requests_derived` is false; default: the derived rate at the default inputs, rounded (0.559, 0.258, 0.278, 0.323), so that switching the derivation off keeps the run" },
    ParamDoc { path: "specialists.unmet_share", unit: "share of the national requests, by specialty", source: "ophthalmology 0.06: DREES, Études et Résultats n° 1085 (October 2018), 17 % of the requests to an ophthalmologist do not end in an appointment, of which 32 % are given up and 56 % tried with another professional: 0.17 × 0.32 / (1 − 0.17 × 0.56) = 0.060 of the needs given up (range 0.054, no second failure, to 0.17, every failed contact); dermatology, cardiology, gynaecology 0.034: assumption from the same survey's 1 contact in 10 failing for all professionals together, with ophthalmology's outcomes: 0.10 × 0.32 / (1 − 0.10 × 0.56) (range 0.02–0.06); not fitted to the delay targets. National demand per inhabitant = national places per inhabitant / (1 − share): agendas full, the excess given up at the patients' tolerance; the agendas start full at the closed-form wait (the tolerance's quantile at this share)" },
    ParamDoc { path: "specialists.referring_gp_consultations_per_inhabitant_year", unit: "GP consultations (all kinds but prevention) per inhabitant per year", source: "the model's own figure (issue 17): france-mix at stop 21, 4 replications, referrals per 1,000 / `referral_per_gp_consultation` = 2.74–2.78 nationally (2.4–3.0 by territory; DREES's ≈ 5 GP contacts a year include prevention and contacts the model does not refer from); used only to subtract the expected GP referrals from the national demand (`direct_requests_derived`); range 2.4–3.0" },
    ParamDoc { path: "specialists.pool_choice", unit: "bool", source: "on by default, so on whenever the second line is (issue 17, since the direct requests choose too) (issue 19 §2: where a patient looks for a specialist; IRDES, Questions d'économie de la santé n° 219, June 2016, ESPS 2010: only a quarter of specialist consultations take place in the patient's commune, mean car trip 18–22 minutes by specialty, 10 % over 40 minutes): the pools of every density class of the patient's territory, chosen by a logit on travel (`choice.beta_travel_per_hour`) and wait (`beta_wait_per_day`), GP referrals and direct requests alike (the direct requests booked day by day across the territory's pools, so that no request passes another); false keeps each patient to its own density class's pool" },
    ParamDoc { path: "specialists.leave", unit: "bool", source: "on by default, so on whenever the second line is (issue 17: variation of supply): specialists take leave by the GPs' rule and calendar (`gp.weeks_off_per_year`, `gp.summer_weeks_off`, `gp.christmas_weeks_off`; assumption: self-employed doctors' leave, sensitivity off or `gp.summer_weeks_off` 2–4); a pool's places on a working day shrink by the share of its specialists away, their yearly total kept (docs/ODD.md § 7.10)" },
    ParamDoc { path: "specialists.direct_requests_drawn", unit: "bool", source: "on by default, so on whenever the second line is (issue 17: variation of demand): the daily number of direct requests of a pool is Poisson around its rate instead of exact (assumption: independent requests, a lower bound of the real variation; sensitivity: off)" },
    ParamDoc { path: "specialists.catchment", unit: "bool", source: "on by default, so on whenever the second line is (issue 17: the demand that crosses a territory's boundary; IRDES, Questions d'économie de la santé n° 219, June 2016, ESPS 2010: only a quarter of specialist consultations take place in the patient's commune): a class whose specialists per inhabitant exceed the national mean (`per_100k` weighted by France's population by density class, 25.3 / 20.9 / 20.2 / 1.7 M, INSEE communes 2026) receives the direct requests of the outside inhabitants its surplus serves at the national mean, at the national demand per inhabitant (`SpecialistParams::outside_requests_per_day`), and a territory short of specialists books the missing places in an outside pool at `outside_travel_min` (with `pool_choice`); volumes from the model's sourced supply, not from the delay targets; needs `direct_access`; false keeps each territory's specialists to its own inhabitants" },
    ParamDoc { path: "specialists.outside_travel_min", unit: "minutes", source: "assumption (40: the long end of the trips to a specialist, IRDES QES n° 219, 2016: mean car trip 18–22 minutes, 10 % over 40; range 20–60): travel from a territory's inhabitants to its outside pool (`catchment`) in the choice of a pool" },
    ParamDoc { path: "specialists.catchment_share", unit: "share of a class's surplus or shortfall of specialists against the national mean", source: "assumption (0.7; range 0.5–1; issue 17, stop 23): the part of `catchment` that crosses a territory's boundary, on both sides (the outside requests a surplus receives, the places of a shortfall's outside pool), so that nationally places and demand grow alike; 1 gives every territory the national places per inhabitant and the same wait (no geography), below 1 towns keep part of their surplus for their own inhabitants and villages' shortfall is only partly made up (IRDES QES n° 219, 2016: trips to a specialist mostly short, 10 % over 40 minutes); chosen among 1, 0.85, 0.7 and 0.6 with DREES ER 1085's geographic delays in view (29 days in Paris, 97 in isolated villages), so those rows do not test it; 0 is the same run as `catchment = false`, byte for byte (a warning says so)" },
    ParamDoc { path: "specialists.urgent_share", unit: "share of the requests, by specialty", source: "assumption (0.25; range 0.15–0.4; issue 17, stop 23): requests (GP referrals and direct) that follow new or worsening symptoms; the specialists keep the same share of each working day's places for them, the rest (check-ups, follow-ups, renewals) are routine and book the other places (DREES ER 1085, 2018: delays much shorter after new or worsening symptoms, e.g. median 9 days to a gynaecologist against 36 for a check-up; SNOF/CSA 2019: 10 against 43 days to an ophthalmologist); the survey's share of such requests is not in the published note; hard limit 0.95 per specialty (a value above is refused, naming `urgent_share[i]`), so that at least 5 % of each working day's places stay open to routine requests" },
    ParamDoc { path: "specialists.urgent_tolerance_median_days", unit: "days", source: "assumption (14; range 7–30; issue 17, stop 23): median wait an urgent request accepts (log-normal, `tolerance_log_sd`); of the order of the delays DREES ER 1085 and SNOF/CSA 2019 report after new or worsening symptoms (9–10 days median)" },
    ParamDoc { path: "specialists.follow_up_share", unit: "share of the routine requests, by specialty", source: "assumption (0.2; range 0.1–0.35; issue 17, spec4): routine requests (GP referrals and direct) that are planned follow-ups booked at the previous visit for a date months ahead (`SpecialistParams::lead_days`); their delay counts from the request, as DREES's survey counts it (ER 1085, 2018, every request: ophthalmology median 52 days, 25 % over about 3.5 months, 10 % over 189 days, mean 80), so they make the long tail by design; the extreme delays of such surveys include appointments 'given a year ahead for follow-up' (J. Raynaud on the SNOF/CSA 2019 survey, which counts new patients only for that reason); the survey's share of follow-ups is not in the published note; set with DREES's quartiles and 90th percentile in view, so the P90 target is marked fitted (at 0.1 the P90 is 117 days); at most 0.9 (a larger value is refused)" },
    ParamDoc { path: "specialists.follow_up_lead_days", unit: "calendar days [min, max], drawn uniformly", source: "assumption (90–330: check-ups every 3 to 11 months, e.g. yearly or half-yearly eye examinations; range of the bounds 60–120 and 240–335, the maximum at most `MAX_WAIT_DAYS` − 30 = 335 so that the booking stays within the agenda's year); a planned follow-up takes the first routine place on or after its day + lead and accepts its lead + its tolerance; the agendas start with the months ahead partly booked by the follow-ups of the days before the run (`SpecialistParams::follow_ups_booked_before`)" },
    ParamDoc { path: "specialists.beta_wait_per_day", unit: "utility/day of wait for a specialist place", source: "assumption (−0.05: one hour of travel, `choice.beta_travel_per_hour` = −1.5, weighs as a 30-day wait; range −0.01 to −0.35, the GP choice's `choice.beta_delay_per_day`); not derived from the delay targets" },
    ParamDoc { path: "specialists.visit_cost_eur", unit: "€", source: "assumption (≈ €50: a specialist consultation at the Assurance Maladie tariff, 2023; range 30–60)" },
    ParamDoc { path: "coordination.enabled", unit: "bool", source: "off by default (issue 19 §1: coordination time and information loss are not calibrated)" },
    ParamDoc { path: "coordination.formal", unit: "bool by density class (dense urban, intermediate, rural, isolated)", source: "context 004 (DREES 2022 via the CPTS/MSP article): formal coordination (protocols, meetings) dominates in towns, informal (relational) in the country; default urban formal, rural informal" },
    ParamDoc { path: "coordination.gp_hours_formal", unit: "GP hours per week per structure (CPTS, MSP, DAC)", source: "assumption (1.5, 2.0, 0.5; ranges 0.5–3, 1–4, 0–1: concertation meetings, protocols and ARS reporting, context 004 names them as a burden, gives no figure)" },
    ParamDoc { path: "coordination.gp_hours_informal", unit: "GP hours per week per structure (CPTS, MSP, DAC)", source: "assumption (0.5, 1.0, 0.25; ranges 0–1, 0.5–2, 0–0.5: context 004, less time given to administrative coordination in the country)" },
    ParamDoc { path: "coordination.nurse_hours_formal", unit: "hours per nurse per week per structure (CPTS, MSP, DAC), nurses of the structure's nurse service", source: "assumption (1.0, 1.5, 1.0; ranges 0.5–2, 0.5–3, 0.5–2: pluri-professional meetings, shared protocols and the DAC's case reviews, which context 004 says take nurses' as well as GPs' time, gives no figure; below the GPs' MSP hours, the GP leading the protocols)" },
    ParamDoc { path: "coordination.nurse_hours_informal", unit: "hours per nurse per week per structure (CPTS, MSP, DAC), nurses of the structure's nurse service", source: "assumption (0.5, 0.5, 0.5; ranges 0–1 each: context 004, in the country coordination is the phone and the round, less time given to administrative coordination)" },
    ParamDoc { path: "coordination.shared_record_adoption", unit: "probability by density class", source: "context 004 (DREES 2022): 60 % of urban GPs vs 43 % rural use a shared patient record; urban = dense urban and intermediate, rural = rural and isolated (assumption)" },
    ParamDoc { path: "coordination.secure_messaging_adoption", unit: "probability by density class", source: "context 004 (DREES 2021): 26 % of GPs in dense areas vs 13 % rural use MSSanté for interprofessional exchanges; same mapping of density classes (assumption)" },
    ParamDoc { path: "coordination.other_professional_equipped", unit: "probability", source: "assumption (0.3; range 0.1–0.6: nurses, pharmacists and teleconsultation platforms using secure messaging)" },
    ParamDoc { path: "coordination.loss_shared", unit: "probability per transition", source: "assumption (0.05; range 0–0.15)" },
    ParamDoc { path: "coordination.loss_unshared", unit: "probability per transition", source: "assumption (0.3; range 0.1–0.5: discharge letters and notes of other professionals that do not reach the médecin traitant)" },
    ParamDoc { path: "workforce.dynamics", unit: "bool", source: "model brief §4.8: retirements and installations in multi-year runs; on by default (≈ −0.6 % GPs a year)" },
    ParamDoc { path: "workforce.age_shares", unit: "shares by age band 30–39, 40–49, 50–59, 60–64, 65–74", source: "assumption: one GP in three aged 60+ in 2023 (DREES/CNOM order of magnitude; GP ages per département not obtained, data/raw/SOURCES.md); 60+ share range 0.28–0.38" },
    ParamDoc { path: "workforce.rural_age_shares", unit: "shares by age band 30–39, 40–49, 50–59, 60–64, 65–74", source: "assumption: older rural profile, 60+ share 0.43 (range 0.35–0.50)" },
    ParamDoc { path: "workforce.retirement_probability", unit: "yearly probability, ages <60, 60–64, 65–69, 70+", source: "assumption (ranges 0.005–0.02, 0.02–0.08, 0.04–0.15, 0.10–0.35), chosen so that the assumed age profile is close to stationary and the decline steady (≈ −0.6 % a year, as 2012–2023)" },
    ParamDoc { path: "workforce.installations_per_10000", unit: "new GPs per 10,000 inhabitants per year", source: "calibrated (behavioural): France's GP count −6.5 % from 2012 to 2023 (DREES, context/000) over 11 years of the dynamics alone (docs/validation.md)" },
    ParamDoc { path: "workforce.rural_installation_factor", unit: "factor", source: "assumption (range 0.4–0.9)" },
    ParamDoc { path: "workforce.installation_ages", unit: "years, [youngest, oldest]", source: "assumption (range 28–45)" },
];

/// The documentation of the parameter at `path`, if any.
pub fn param_doc(path: &str) -> Option<&'static ParamDoc> {
    PARAMETER_DOCS.iter().find(|d| d.path == path)
}

/// The plausible range (low, high) its documentation gives the parameter at
/// `path` (under `[parameters]`, with or without the `parameters.` prefix),
/// read from its source text: the "sensitivity range", else the "plausible
/// range", else the first "range A–B" (or "A … B"; "−" is a minus, "," a
/// thousands separator). None when the source states none, or none of two
/// numbers (a range per age band, a switch's alternative).
/// None too for a parameter whose default is not a single number (an array,
/// a switch, a text).
pub fn plausible_range(path: &str) -> Option<(f64, f64)> {
    let path = path.strip_prefix("parameters.").unwrap_or(path);
    let doc = param_doc(path)?;
    default_value(path)?.as_f64()?;
    ["sensitivity range ", "plausible range ", "Range ", "range "].iter().find_map(|key| range_after(doc.source, key))
}

/// The default value of the parameter at `path` (under `[parameters]`,
/// without the prefix: `booking.horizon_days`), as JSON; None for no parameter.
pub fn default_value(path: &str) -> Option<&'static serde_json::Value> {
    static DEFAULTS: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    let defaults = DEFAULTS.get_or_init(|| serde_json::to_value(Parameters::default()).expect("parameters serialise"));
    path.split('.').try_fold(defaults, |v, k| v.get(k))
}

/// Whether the parameter at `path` (as [`default_value`]) holds a whole
/// number (a count, days of a calendar): a value set there by an
/// experiment is rounded.
pub fn is_integer_parameter(path: &str) -> bool {
    default_value(path).is_some_and(|v| v.is_u64() || v.is_i64())
}

/// The first "`key`A–B" (or "`key`A … B") in `text` whose A and B are
/// numbers with A < B.
fn range_after(text: &str, key: &str) -> Option<(f64, f64)> {
    let number = |t: &str| -> Option<f64> {
        let t = t.trim().trim_end_matches([')', ';', ':', '.']).replace('−', "-").replace(',', "");
        t.parse::<f64>().ok().filter(|v| v.is_finite())
    };
    text.match_indices(key).find_map(|(i, _)| {
        let rest = &text[i + key.len()..];
        let end = rest.find(|c: char| !(c.is_ascii_digit() || ".,−-–… ".contains(c))).unwrap_or(rest.len());
        let span = &rest[..end];
        let (a, b) = span.split_once('–').or_else(|| span.split_once('…'))?;
        // "A–B" ends at the first space after B (the span may run on: "0.5–1.5 (a reason)" stops at "(").
        let b = b.trim_start().split(' ').next()?;
        let (a, b) = (number(a)?, number(b)?);
        (a < b).then_some((a, b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranges read by hand from the table: an assumption's, a calibrated
    /// parameter's sensitivity range (not its calibration range), one with
    /// "…" and minus signs, thousands; none for a range per age band or a switch.
    #[test]
    fn the_plausible_range_is_read_from_the_source() {
        assert_eq!(plausible_range("parameters.choice.beta_delay_per_day"), Some((-0.7, -0.15)));
        assert_eq!(plausible_range("booking.horizon_days"), Some((60.0, 180.0)));
        assert_eq!(plausible_range("waits.lead_followup_days"), Some((0.3, 2.0)), "the sensitivity range, not the calibration's 0–6");
        assert_eq!(plausible_range("waits.asc_wait_own_gp"), Some((-1.0, 1.0)));
        assert_eq!(plausible_range("registration.list_cap"), Some((1200.0, 2500.0)));
        assert_eq!(plausible_range("costs.other_stay_eur"), Some((3000.0, 5000.0)));
        assert_eq!(plausible_range("population.complex_share"), None, "per age band");
        assert_eq!(plausible_range("gp.saturday_morning"), None, "a switch");
        assert_eq!(plausible_range("no.such_parameter"), None);
        // Capital R (a sentence's start); an array whose source names a range of one band is not ranged.
        assert_eq!(plausible_range("gp.squeeze_in_per_day"), Some((0.0, 4.0)));
        assert_eq!(plausible_range("workforce.age_shares"), None, "an array");
        assert!(is_integer_parameter("booking.horizon_days") && !is_integer_parameter("booking.acute_tolerance_days"));
    }

    /// Every range read holds the parameter's default (a slip in a range
    /// written by hand, or a default moved outside its range, fails).
    #[test]
    fn every_plausible_range_holds_its_default() {
        let defaults = serde_json::to_value(Parameters::default()).unwrap();
        let mut outside = Vec::new();
        for d in PARAMETER_DOCS {
            let value = d.path.split('.').try_fold(&defaults, |v, k| v.get(k)).and_then(serde_json::Value::as_f64);
            if let (Some(v), Some((low, high))) = (value, plausible_range(d.path)) {
                if !(low <= v && v <= high) {
                    outside.push(format!("{}: {v} outside {low}–{high}", d.path));
                }
            }
        }
        assert!(outside.is_empty(), "{outside:#?}");
        // Not vacuous: most one-number parameters have a range read (about 95 of the 155 rows at stop 45).
        assert!(PARAMETER_DOCS.iter().filter(|d| plausible_range(d.path).is_some()).count() >= 90);
    }

    /// An assumption carries the values it may plausibly take, for
    /// sensitivity analysis (a range, or the alternative of a switch):
    /// a source that begins with "assumption" says "range" or "alternative".
    #[test]
    fn every_assumption_states_its_plausible_range() {
        let bare: Vec<&str> = PARAMETER_DOCS
            .iter()
            .filter(|d| d.source.starts_with("assumption") && !d.source.contains("range") && !d.source.contains("alternative"))
            .map(|d| d.path)
            .collect();
        assert!(bare.is_empty(), "assumptions without a plausible range: {bare:?}");
    }

    fn leaf_paths(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, child) in map {
                    let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    leaf_paths(&p, child, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }

    #[test]
    fn every_parameter_has_a_documented_source_and_no_doc_is_orphaned() {
        let mut paths = Vec::new();
        leaf_paths("", &serde_json::to_value(Parameters::default()).unwrap(), &mut paths);
        for p in &paths {
            assert!(param_doc(p).is_some(), "parameter {p} has no entry in PARAMETER_DOCS");
        }
        for d in PARAMETER_DOCS {
            assert!(paths.iter().any(|p| p == d.path), "PARAMETER_DOCS lists {} which is not a parameter", d.path);
            assert!(!d.source.is_empty() && !d.unit.is_empty(), "{} lacks a unit or source", d.path);
        }
    }
}
