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
//!              × [newcomer] `unawareness_newcomer_factor`
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
//!
//! **Years in the territory** (issue 18 §1). Each patient has lived in the
//! territory for y₀ years at the start of the run, drawn once from a stable
//! uniform of (patient) under its own stream key (`residence`) through the
//! piecewise-uniform distribution `choice.residence_years_shares` over
//! [`RESIDENCE_BINS`]; at day t the patient has lived there y₀ + t / 365.25
//! years, and is a **newcomer** while that is below `choice.newcomer_years`.
//! A newcomer does not yet know the local services as well: the factor
//! `unawareness_newcomer_factor` (1 by default: no effect, no draw).

use crate::engine::rng::mix64;

/// The option code of the SAS number (services use their index, < 0xFFFF).
pub const SAS_NUMBER: u32 = 0xFFFF;

/// What a patient brings to the probability of not knowing an option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knower {
    pub vulnerable: bool,
    pub digital: bool,
    /// Lived in the territory less than `choice.newcomer_years`.
    pub newcomer: bool,
}

/// Bins of the years lived in the territory at the start of the run:
/// [0, 2), [2, 5), [5, 10), [10, 40) (the INSEE census classes of
/// *ancienneté d'emménagement*: less than 2 years, 2–4, 5–9, 10 or more,
/// the last closed at 40 years).
pub const RESIDENCE_BINS: [(f64, f64); 4] = [(0.0, 2.0), (2.0, 5.0), (5.0, 10.0), (10.0, 40.0)];

/// Years lived in the territory at the start of the run for a uniform `u`
/// in [0, 1): the inverse of the piecewise-uniform distribution whose bins
/// [`RESIDENCE_BINS`] hold the shares `shares` (normalised by their sum).
pub fn residence_years(shares: &[f64; 4], u: f64) -> f64 {
    let total: f64 = shares.iter().sum();
    if total <= 0.0 {
        return RESIDENCE_BINS[3].1;
    }
    let mut acc = 0.0;
    for (share, (lo, hi)) in shares.iter().zip(RESIDENCE_BINS) {
        let w = share / total;
        if w > 0.0 && u < acc + w {
            return lo + (hi - lo) * (u - acc) / w;
        }
        acc += w;
    }
    RESIDENCE_BINS[3].1
}

/// The stable uniform in [0, 1) of a patient's years in the territory under
/// the replication's `residence` stream key.
pub fn residence_uniform(stream_key: u64, patient: u32) -> f64 {
    (mix64(stream_key ^ mix64(u64::from(patient))) >> 11) as f64 / (1u64 << 53) as f64
}

/// Probability that a patient does not know an option whose base
/// unawareness is `base` (0 … 1): base × the patient's factors × the
/// policies' `channel_factor`, at most 1.
/// `newcomer_factor` applies to newcomers.
pub fn unaware_probability(
    base: f64,
    who: Knower,
    (vulnerable_factor, no_digital_factor, newcomer_factor): (f64, f64, f64),
    channel_factor: f64,
) -> f64 {
    if base <= 0.0 {
        return 0.0;
    }
    let mut p = base * channel_factor;
    if who.newcomer {
        p *= newcomer_factor;
    }
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
        let w = Knower { vulnerable: true, digital: false, newcomer: false };
        // 0.2 × 2 (vulnerable) × 1.5 (no digital) × 0.5 (channel) = 0.3, by hand.
        assert!((unaware_probability(0.2, w, (2.0, 1.5, 3.0), 0.5) - 0.3).abs() < 1e-12);
        assert_eq!(unaware_probability(0.9, w, (2.0, 1.5, 1.0), 1.0), 1.0);
        assert_eq!(unaware_probability(0.0, w, (2.0, 1.5, 1.0), 1.0), 0.0);
        let d = Knower { vulnerable: false, digital: true, newcomer: false };
        assert!((unaware_probability(0.2, d, (2.0, 1.5, 3.0), 1.0) - 0.2).abs() < 1e-12);
        // A newcomer: 0.2 × 1.5 (newcomer) = 0.3.
        let n = Knower { newcomer: true, ..d };
        assert!((unaware_probability(0.2, n, (2.0, 1.5, 1.5), 1.0) - 0.3).abs() < 1e-12);
    }

    #[test]
    fn residence_years_follow_the_shares_of_their_bins() {
        // Shares 0.25, 0.25, 0, 0.5: u = 0.125 is the middle of [0, 2) → 1 year;
        // u = 0.375 the middle of [2, 5) → 3.5; u = 0.75 the middle of [10, 40) → 25 (by hand).
        let s = [0.25, 0.25, 0.0, 0.5];
        assert!((residence_years(&s, 0.125) - 1.0).abs() < 1e-12);
        assert!((residence_years(&s, 0.375) - 3.5).abs() < 1e-12);
        assert!((residence_years(&s, 0.75) - 25.0).abs() < 1e-12);
        // Shares not summing to 1 are normalised: [1, 1, 0, 2] is the same.
        assert!((residence_years(&[1.0, 1.0, 0.0, 2.0], 0.375) - 3.5).abs() < 1e-12);
        // The share below 2 years of 100,000 patients is the first share (binomial sd 0.0013; 4 sd).
        let d = [0.12, 0.17, 0.16, 0.55];
        let n = 100_000u32;
        let new = (0..n).filter(|&i| residence_years(&d, residence_uniform(9, i)) < 2.0).count() as f64 / f64::from(n);
        assert!((new - 0.12).abs() < 0.0052, "{new}");
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
