//! Lisibilité: what a patient knows of the options of the territory (issue 18).
//!
//! The choice set of a need holds only the options the patient knows of. The
//! own GP and the ED are known to everyone. Other GPs are known with
//! probability 1 − `choice.information_lack` (drawn per need, as before, in
//! `world::booking::is_informed`). Each **service** offered to the patient
//! (teleconsultation, PDSA, pharmacists' and nurses' protocols, an IPA, a
//! mobile unit …) and the **SAS number** are known unless a stable draw per
//! (patient, option) falls below the probability of not knowing it:
//!
//! P(unaware) = min(1, base × [vulnerable] `information_lack_vulnerable_factor`
//!              × [no digital access] `unawareness_no_digital_factor`
//!              × Π policies' information factors),
//!
//! with base = `choice.service_unawareness` or `choice.sas_number_unawareness`
//! (both 0 by default: every service and the SAS number known, as before).
//! The policies' factors are the channels that inform: a CPTS, its one-stop
//! desk, a public directory, professionals who redirect (`policy::legibility`),
//! health mediators (`policy::mediators`), a DAC. The draw is a hash of the
//! replication's stream key, the patient and the option, so it is the same
//! for every need of the patient and in every arm (common random numbers),
//! and draws nothing from any other stream.

use crate::engine::rng::mix64;

/// The option code of the SAS number (services use their index, < 0xFFFF).
pub const SAS_NUMBER: u32 = 0xFFFF;

/// What a patient brings to the probability of not knowing an option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knower {
    pub vulnerable: bool,
    pub digital: bool,
}

/// Probability that a patient does not know an option whose base
/// unawareness is `base` (0 … 1): base × the patient's factors × the
/// policies' `channel_factor`, at most 1.
pub fn unaware_probability(base: f64, who: Knower, vulnerable_factor: f64, no_digital_factor: f64, channel_factor: f64) -> f64 {
    if base <= 0.0 {
        return 0.0;
    }
    let mut p = base * channel_factor;
    if who.vulnerable {
        p *= vulnerable_factor;
    }
    if !who.digital {
        p *= no_digital_factor;
    }
    p.min(1.0)
}

/// The stable uniform in [0, 1) of (patient, option) under a replication's stream key.
pub fn knowledge_uniform(stream_key: u64, patient: u32, option: u32) -> f64 {
    (mix64(stream_key ^ mix64((u64::from(patient) << 20) ^ u64::from(option))) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unawareness_multiplies_its_factors_and_saturates() {
        let w = Knower { vulnerable: true, digital: false };
        // 0.2 × 2 (vulnerable) × 1.5 (no digital) × 0.5 (channel) = 0.3, by hand.
        assert!((unaware_probability(0.2, w, 2.0, 1.5, 0.5) - 0.3).abs() < 1e-12);
        assert_eq!(unaware_probability(0.9, w, 2.0, 1.5, 1.0), 1.0);
        assert_eq!(unaware_probability(0.0, w, 2.0, 1.5, 1.0), 0.0);
        let d = Knower { vulnerable: false, digital: true };
        assert!((unaware_probability(0.2, d, 2.0, 1.5, 1.0) - 0.2).abs() < 1e-12);
    }

    #[test]
    fn knowledge_draws_are_uniform_and_stable() {
        let n = 200_000u32;
        let below = (0..n).filter(|&i| knowledge_uniform(7, i, 3) < 0.3).count() as f64 / f64::from(n);
        // Binomial sd of a share 0.3 over 200,000: 0.001; 4 sd.
        assert!((below - 0.3).abs() < 0.004, "{below}");
        assert_eq!(knowledge_uniform(7, 11, 3), knowledge_uniform(7, 11, 3));
        assert_ne!(knowledge_uniform(7, 11, 3), knowledge_uniform(7, 11, 4));
    }
}
