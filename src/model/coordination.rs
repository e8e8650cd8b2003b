//! Coordination time and information sharing (issue 19 §1, context 004).
//!
//! **Coordination takes professional time.** A GP who belongs to a
//! coordination structure — a CPTS, an MSP or a DAC (membership: the GP
//! network the structure registered, `model::policy`) — gives part of the
//! week to it (meetings, protocols, reporting): `gp_hours_formal` or
//! `gp_hours_informal` hours a week per structure, by the **style** of the
//! coordination where the GP practises (`formal` per density class of the
//! GP's commune). Those hours are withheld from consultations where slot
//! capacity is built (one place, `World::apply_coordination_time`): k =
//! hours × 60 / slot minutes / 5 slots a weekday, rounded up or down per GP
//! by a stable draw so that the mean is exact ([`slots_withheld`]). They are
//! valued at the consultations they displace (`costs.gp_consultation_eur`
//! per slot) and added to the policies' running cost.
//!
//! **Information sharing.** Each GP uses a shared record (dossier patient
//! partagé) and secure messaging (MSSanté) with the probabilities of its
//! density class (drawn once per GP, stream `coordination`); any other
//! professional (a service: nurses, pharmacists, teleconsultation, duty
//! GPs) is equipped with `other_professional_equipped`; the hospital is
//! taken as equipped (it sends its discharge letter by both). When a
//! patient's care passes between professionals — a **discharge** (hospital →
//! the patient's own GP) or a **consultation by someone other than the
//! médecin traitant** (→ the own GP) — the information reaches the own GP
//! unless lost, with probability `loss_shared` when the two ends share it
//! ([`Ends::shared`]) and `loss_unshared` otherwise. Two ends share it when
//! they use a common tool, or when the own GP is a member of a structure
//! whose coordination is **formal** (a structured protocol counts as shared
//! information, whatever the other end), or, for **informal** coordination,
//! when the own GP is a member and the other end practises in the same
//! commune (relational: the phone, the pharmacy counter; never the hospital
//! nor a remote professional).
//!
//! **What a loss does** (one consequence per transition): after a discharge,
//! a post-discharge visit made without the information does not lower the
//! readmission risk (`hospital.followup_7d_relative_risk` does not apply);
//! after a consultation by someone else, the own GP's follow-up is no
//! longer continuous (`flags::OWN_GP_FOLLOWUP` cleared, so the
//! decompensation hazard is × `deterioration.discontinuity_factor`, 1 by
//! default).
//!
//! Off by default (`coordination.enabled = false`): no slot is withheld, no
//! draw is made, no indicator row is written; its draws use their own
//! stream, keyed by GP, service or transition, so switching it on shifts no
//! other draw.
//!
//! **Nurses' time.** The nurses of a nurse service a CPTS, MSP or DAC created
//! (the service's `owner`) give `nurse_hours_formal` or `nurse_hours_informal`
//! hours a week each, by the style of the service's first site; they are
//! withheld as places where the service's capacity is set (one place,
//! `Service::day_capacity`): x = nurses × hours × 60 / slot / open weekdays a
//! day, whole places spread without a draw ([`places_withheld_on`]). The
//! nurses of the baseline walk-in service give none.

use super::DensityClass;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The coordination structures whose members give time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    Cpts,
    Msp,
    Dac,
}

impl Structure {
    pub fn index(self) -> usize {
        self as usize
    }

    /// The structure of a policy type label (`cpts`, `msp`, `dac`), if it is one.
    pub fn of_label(label: &str) -> Option<Structure> {
        match label {
            "cpts" => Some(Structure::Cpts),
            "msp" => Some(Structure::Msp),
            "dac" => Some(Structure::Dac),
            _ => None,
        }
    }
}

/// Tools of a professional: bit 0 shared record, bit 1 secure messaging.
pub mod tools {
    pub const SHARED_RECORD: u8 = 1;
    pub const MESSAGING: u8 = 2;
    /// Both (the hospital).
    pub const BOTH: u8 = 3;
}

/// Coordination time and information sharing (`[parameters.coordination]`); per-structure arrays
/// are in the order CPTS, MSP, DAC; per-density arrays dense urban, intermediate, rural, isolated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CoordinationParams {
    /// Simulate coordination time and information loss (off by default: no slot withheld, no draw, no output).
    pub enabled: bool,
    /// Whether coordination is formal (structured protocols) where the GP practises, by density class.
    pub formal: [bool; 4],
    /// GP hours a week given to each structure the GP belongs to, formal coordination (CPTS, MSP, DAC).
    pub gp_hours_formal: [f64; 3],
    /// GP hours a week given to each structure the GP belongs to, informal coordination (CPTS, MSP, DAC).
    pub gp_hours_informal: [f64; 3],
    /// Hours a week each nurse of a structure's nurse service gives to its coordination, formal (CPTS, MSP, DAC).
    pub nurse_hours_formal: [f64; 3],
    /// Hours a week each nurse of a structure's nurse service gives to its coordination, informal (CPTS, MSP, DAC).
    pub nurse_hours_informal: [f64; 3],
    /// Probability that a GP uses a shared patient record, by density class.
    pub shared_record_adoption: [f64; 4],
    /// Probability that a GP uses secure messaging (MSSanté), by density class.
    pub secure_messaging_adoption: [f64; 4],
    /// Probability that another professional (a service) uses secure messaging.
    pub other_professional_equipped: f64,
    /// Probability that information is lost at a transition whose two ends share it.
    pub loss_shared: f64,
    /// Probability that information is lost at a transition whose two ends do not share it.
    pub loss_unshared: f64,
}

impl Default for CoordinationParams {
    fn default() -> Self {
        CoordinationParams {
            enabled: false,
            formal: [true, true, false, false],
            gp_hours_formal: [1.5, 2.0, 0.5],
            gp_hours_informal: [0.5, 1.0, 0.25],
            nurse_hours_formal: [1.0, 1.5, 1.0],
            nurse_hours_informal: [0.5, 0.5, 0.5],
            shared_record_adoption: [0.60, 0.60, 0.43, 0.43],
            secure_messaging_adoption: [0.26, 0.26, 0.13, 0.13],
            other_professional_equipped: 0.3,
            loss_shared: 0.05,
            loss_unshared: 0.3,
        }
    }
}

impl CoordinationParams {
    /// Problems with these values: (field under `parameters.coordination`, what is wrong).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut check = |field: String, v: f64, lo: f64, hi: f64| {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                out.push((field, format!("must be between {lo} and {hi} (got {v})")));
            }
        };
        for (i, v) in self.gp_hours_formal.iter().enumerate() {
            check(format!("gp_hours_formal[{i}]"), *v, 0.0, 20.0);
        }
        for (i, v) in self.gp_hours_informal.iter().enumerate() {
            check(format!("gp_hours_informal[{i}]"), *v, 0.0, 20.0);
        }
        for (i, v) in self.nurse_hours_formal.iter().enumerate() {
            check(format!("nurse_hours_formal[{i}]"), *v, 0.0, 20.0);
        }
        for (i, v) in self.nurse_hours_informal.iter().enumerate() {
            check(format!("nurse_hours_informal[{i}]"), *v, 0.0, 20.0);
        }
        for (i, v) in self.shared_record_adoption.iter().enumerate() {
            check(format!("shared_record_adoption[{i}]"), *v, 0.0, 1.0);
        }
        for (i, v) in self.secure_messaging_adoption.iter().enumerate() {
            check(format!("secure_messaging_adoption[{i}]"), *v, 0.0, 1.0);
        }
        check("other_professional_equipped".into(), self.other_professional_equipped, 0.0, 1.0);
        check("loss_shared".into(), self.loss_shared, 0.0, 1.0);
        check("loss_unshared".into(), self.loss_unshared, 0.0, 1.0);
        out
    }

    /// Hours a week a GP practising in `density` gives to `structure`.
    pub fn hours(&self, structure: Structure, density: DensityClass) -> f64 {
        if self.formal[density.index()] {
            self.gp_hours_formal[structure.index()]
        } else {
            self.gp_hours_informal[structure.index()]
        }
    }

    /// Hours a week a nurse of `structure`'s nurse service gives to it, by the style of `density`
    /// (the density class of the service's first site).
    pub fn nurse_hours(&self, structure: Structure, density: DensityClass) -> f64 {
        if self.formal[density.index()] {
            self.nurse_hours_formal[structure.index()]
        } else {
            self.nurse_hours_informal[structure.index()]
        }
    }

    /// The tools of a GP practising in `density`, from two uniforms.
    pub fn gp_tools(&self, density: DensityClass, u_record: f64, u_messaging: f64) -> u8 {
        let d = density.index();
        let mut t = 0;
        if u_record < self.shared_record_adoption[d] {
            t |= tools::SHARED_RECORD;
        }
        if u_messaging < self.secure_messaging_adoption[d] {
            t |= tools::MESSAGING;
        }
        t
    }
}

/// Slots a weekday a GP withholds for `hours_per_week` of coordination with
/// `slot_minutes` slots over a five-day week: x = hours × 60 / slot / 5,
/// rounded down, plus one with probability frac(x) (the uniform `u` is the
/// GP's own), so that the mean over GPs is x.
pub fn slots_withheld(hours_per_week: f64, slot_minutes: u32, u: f64) -> u32 {
    if hours_per_week <= 0.0 || slot_minutes == 0 {
        return 0;
    }
    let x = hours_per_week * 60.0 / f64::from(slot_minutes) / 5.0;
    let whole = x.floor();
    (whole as u32) + u32::from(u < x - whole)
}

/// Places a nurse service withholds on each day it opens, on average:
/// x = nurses × hours × 60 / slot minutes / open weekdays.
pub fn nurse_places_per_open_day(hours_per_week: f64, nurses: u32, slot_minutes: u32, open_weekdays: u32) -> f64 {
    if hours_per_week <= 0.0 || slot_minutes == 0 || open_weekdays == 0 {
        return 0.0;
    }
    f64::from(nurses) * hours_per_week * 60.0 / f64::from(slot_minutes) / f64::from(open_weekdays)
}

/// Places withheld on the `i`-th open day (counted from 0 over the run) of a
/// service withholding `x` a day on average: ⌊(i+1)x⌋ − ⌊ix⌋, whole places
/// whose sum over any n consecutive open days is within one of n·x (no draw).
pub fn places_withheld_on(x: f64, i: u64) -> u32 {
    if x <= 0.0 {
        return 0;
    }
    let (a, b) = (i as f64 * x, (i + 1) as f64 * x);
    (b.floor() - a.floor()) as u32
}

/// The two ends of a transition of care, as the sharing rule sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ends {
    /// Tools of the patient's own GP (the receiving end).
    pub own_tools: u8,
    /// Tools of the other end (hospital, other GP, service).
    pub other_tools: u8,
    /// The own GP belongs to a coordination structure.
    pub own_member: bool,
    /// That coordination is formal where the own GP practises.
    pub formal: bool,
    /// The other end practises in the own GP's commune (never the hospital nor a remote professional).
    pub same_commune: bool,
}

impl Ends {
    /// Whether the two ends share information: a common tool; or a formal
    /// protocol of the own GP's structure; or, informal, a member own GP and
    /// an other end in the same commune.
    pub fn shared(&self) -> bool {
        self.own_tools & self.other_tools != 0 || (self.own_member && (self.formal || self.same_commune))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_slots_have_the_right_mean() {
        // 5 h a week of 20-minute slots: 15 slots over 5 days, 3 a day exactly.
        assert_eq!(slots_withheld(5.0, 20, 0.99), 3);
        // 1.5 h: 4.5 slots a week, 0.9 a day: 0 or 1, 1 when u < 0.9.
        assert_eq!(slots_withheld(1.5, 20, 0.89), 1);
        assert_eq!(slots_withheld(1.5, 20, 0.91), 0);
        assert_eq!(slots_withheld(0.0, 20, 0.0), 0);
    }

    #[test]
    fn nurse_places_spread_the_hours_over_open_days() {
        // One nurse, 2 h a week, 45-minute follow-ups, 5 days: 120 / 45 = 8/3 places a week, 8/15 a day.
        let x = nurse_places_per_open_day(2.0, 1, 45, 5);
        assert!((x - 8.0 / 15.0).abs() < 1e-12);
        // Over 15 open days (3 weeks): exactly 8 places; each day 0 or 1.
        let days: Vec<u32> = (0..15).map(|i| places_withheld_on(x, i)).collect();
        assert_eq!(days.iter().sum::<u32>(), 8);
        assert!(days.iter().all(|&k| k <= 1));
        // Two nurses, 5 h, 60-minute visits, 5 days: 10 places a week, 2 every day.
        assert_eq!(nurse_places_per_open_day(5.0, 2, 60, 5), 2.0);
        assert!((0..10).all(|i| places_withheld_on(2.0, i) == 2));
        assert_eq!(places_withheld_on(0.0, 7), 0);
    }

    #[test]
    fn sharing_follows_the_tools_and_the_style() {
        let none = Ends { own_tools: 0, other_tools: 0, own_member: false, formal: false, same_commune: false };
        assert!(!none.shared());
        assert!(Ends { own_tools: tools::SHARED_RECORD, other_tools: tools::BOTH, ..none }.shared());
        assert!(!Ends { own_tools: tools::SHARED_RECORD, other_tools: tools::MESSAGING, ..none }.shared());
        // Formal: the protocol shares whatever the other end.
        assert!(Ends { own_member: true, formal: true, ..none }.shared());
        assert!(!Ends { own_member: false, formal: true, ..none }.shared());
        // Informal: only within the commune.
        assert!(!Ends { own_member: true, ..none }.shared());
        assert!(Ends { own_member: true, same_commune: true, ..none }.shared());
    }

    #[test]
    fn hours_follow_the_style_of_the_density_class() {
        let p = CoordinationParams::default();
        assert_eq!(p.hours(Structure::Cpts, DensityClass::DenseUrban), 1.5);
        assert_eq!(p.hours(Structure::Cpts, DensityClass::Rural), 0.5);
        assert_eq!(p.gp_tools(DensityClass::Rural, 0.42, 0.14), tools::SHARED_RECORD);
        assert_eq!(p.gp_tools(DensityClass::DenseUrban, 0.61, 0.25), tools::MESSAGING);
    }
}
