//! First-contact choice: a multinomial logit over the options a patient knows.
//!
//! Each option has a utility (see `ChoiceParams` for its terms: expected
//! delay, travel time, out-of-hours, the patient's ED propensity,
//! vulnerability). The probability of option i is exp(Uᵢ) / Σ exp(Uⱼ).
//! What the set holds is decided by the pathway (`model::world`): the GP
//! slot found (the own GP, the policies' networks, and other GPs only when
//! the patient knows of them — `choice.information_lack`), the services the
//! active policies offer that the patient knows of (`model::legibility`:
//! `choice.service_unawareness`, 0 by default), the ED when the territory
//! has one (known to everyone), and forgoing care.
//! The draw uses one uniform number from the need's own stream, so the same
//! need makes the same choice in every variant where its options are equal.

/// The first-contact options of the pathway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FirstContact {
    /// A GP consultation (own GP or another one) already located.
    Gp,
    /// The own GP's first slot beyond the tolerance (waiting for one's médecin traitant).
    WaitOwnGp,
    /// A service a policy offers (teleconsultation, PDSA, protocol …).
    Service(u16),
    /// Straight to the emergency department.
    EmergencyDept,
    /// No care sought.
    Forgo,
}

/// Picks an option from `(option, utility)` pairs with the uniform `u ∈ [0,1)`
/// (the logit of [`pick`]). Returns `None` for an empty set.
pub fn choose(options: &[(FirstContact, f64)], u: f64) -> Option<FirstContact> {
    logit_pick(options.len(), |i| options[i].1, u).map(|i| options[i].0)
}

/// The index picked from `utilities` with the uniform `u ∈ [0,1)` by the
/// logit of [`choose`] (used where the options are not first contacts: the
/// specialist pools of `model::specialists`). `None` for an empty set.
pub fn pick(utilities: &[f64], u: f64) -> Option<usize> {
    logit_pick(utilities.len(), |i| utilities[i], u)
}

/// The logit draw over `n` options of utility `utility(i)`: option i with
/// probability exp(Uᵢ) / Σ exp(Uⱼ), the first whose cumulative probability
/// exceeds `u` (the last if rounding leaves `u` beyond them all). Each
/// exponential is computed once (kept on the stack for up to 16 options)
/// and reused for the total and the cumulative sum.
#[inline]
fn logit_pick(n: usize, utility: impl Fn(usize) -> f64, u: f64) -> Option<usize> {
    const ON_STACK: usize = 16;
    let max = (0..n).map(&utility).fold(f64::NEG_INFINITY, f64::max);
    let mut stack = [0.0f64; ON_STACK];
    let mut heap = Vec::new();
    let weights: &mut [f64] = if n <= ON_STACK {
        &mut stack[..n]
    } else {
        heap.resize(n, 0.0);
        &mut heap
    };
    for (i, w) in weights.iter_mut().enumerate() {
        *w = (utility(i) - max).exp();
    }
    let total: f64 = weights.iter().copied().sum();
    let mut acc = 0.0;
    for (i, &w) in weights.iter().enumerate() {
        acc += w / total;
        if u < acc {
            return Some(i);
        }
    }
    n.checked_sub(1)
}

/// Logit probability of each option (for tests and reports).
pub fn probabilities(options: &[(FirstContact, f64)]) -> Vec<f64> {
    let max = options.iter().map(|o| o.1).fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = options.iter().map(|o| (o.1 - max).exp()).sum();
    options.iter().map(|o| (o.1 - max).exp() / total).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use FirstContact::*;

    #[test]
    fn probabilities_are_the_logit_closed_form() {
        // Utilities 0, −1, −2: P = 1 / (1 + e⁻¹ + e⁻²) = 0.665241, then
        // e⁻¹ · 0.665241 = 0.244728 and e⁻² · 0.665241 = 0.090031 (by hand).
        let p = probabilities(&[(Gp, 0.0), (EmergencyDept, -1.0), (Forgo, -2.0)]);
        for (got, want) in p.iter().zip([0.665241, 0.244728, 0.090031]) {
            assert!((got - want).abs() < 1e-6, "{p:?}");
        }
        // Shifting every utility changes nothing; a utility 1 higher multiplies the odds by e.
        let q = probabilities(&[(Gp, 5.0), (Forgo, 4.0)]);
        assert!((q[0] / q[1] - std::f64::consts::E).abs() < 1e-9);
    }

    #[test]
    fn draws_follow_the_logit_probabilities() {
        // Utilities 0, -1, -2: P = 0.665241, 0.244728, 0.090031 (closed
        // form, by hand). With 100,000 evenly spaced uniforms the shares match to 1e-4.
        let opts = [(Gp, 0.0), (EmergencyDept, -1.0), (Forgo, -2.0)];
        let p = [0.665241, 0.244728, 0.090031];
        let n = 100_000;
        let mut counts = [0usize; 3];
        for i in 0..n {
            let u = (i as f64 + 0.5) / n as f64;
            match choose(&opts, u).unwrap() {
                Gp => counts[0] += 1,
                EmergencyDept => counts[1] += 1,
                Forgo => counts[2] += 1,
                Service(_) | WaitOwnGp => unreachable!("not offered here"),
            }
        }
        for k in 0..3 {
            assert!((counts[k] as f64 / n as f64 - p[k]).abs() < 1e-4, "option {k}");
        }
    }

    #[test]
    fn huge_utilities_do_not_overflow() {
        assert_eq!(choose(&[(Gp, 1000.0), (Forgo, 0.0)], 0.999), Some(Gp));
        assert_eq!(choose(&[], 0.5), None);
    }

    #[test]
    fn choose_picks_what_the_twice_computed_logit_picked() {
        // The implementation before the exponentials were kept (each computed
        // for the total, then again for the cumulative sum): the same pick
        // for every set of options and uniform, rounding included.
        fn before(options: &[(FirstContact, f64)], u: f64) -> Option<FirstContact> {
            let max = options.iter().map(|o| o.1).fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = options.iter().map(|o| (o.1 - max).exp()).sum();
            let mut acc = 0.0;
            for &(option, utility) in options {
                acc += (utility - max).exp() / total;
                if u < acc {
                    return Some(option);
                }
            }
            options.last().map(|o| o.0)
        }
        use crate::engine::RandomStreams;
        use rand::Rng;
        let mut rng = RandomStreams::new(11, 0).stream("logit");
        let kinds = [Gp, WaitOwnGp, Service(1), Service(2), EmergencyDept, Forgo, Service(3), Service(4), Service(5), Service(6)];
        for _ in 0..20_000 {
            let n = rng.random_range(0..kinds.len() + 1);
            let options: Vec<(FirstContact, f64)> = kinds[..n].iter().map(|&k| (k, rng.random_range(-8.0..3.0))).collect();
            // Uniforms near 1 as well, where rounding of the cumulative sum decides.
            let u = if rng.random::<f64>() < 0.1 { 1.0 - rng.random::<f64>() * 1e-15 } else { rng.random() };
            assert_eq!(choose(&options, u), before(&options, u), "{options:?} {u}");
        }
        // More options than the stack holds (`pick`, specialist pools).
        for _ in 0..2_000 {
            let utilities: Vec<f64> = (0..rng.random_range(15..40)).map(|_| rng.random_range(-8.0..3.0)).collect();
            let options: Vec<(FirstContact, f64)> = utilities.iter().enumerate().map(|(i, &v)| (Service(i as u16), v)).collect();
            let u = rng.random::<f64>();
            let want = before(&options, u).map(|o| options.iter().position(|p| p.0 == o).unwrap());
            assert_eq!(pick(&utilities, u), want);
        }
    }
}
