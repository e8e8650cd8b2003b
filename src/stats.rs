//! The statistics every layer above the model uses — pure functions, no
//! I/O: the mean and Student-t 95 % interval of replications ([`mean_ci`])
//! and Fieller's of a ratio of paired means ([`ratio_ci`]); tests and
//! power of paired differences: the paired t-test p-value, the Holm
//! adjustment over a family of differences, the minimum detectable effect
//! (MDE) at the replications run, and the replications needed to detect a
//! given change. Formulas are the standard paired-t ones
//! (docs/experiments.md § 4); every function returns `None` rather than
//! panicking when its input does not allow an answer.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// Significance level of the two-sided tests and of the MDE.
pub const ALPHA: f64 = 0.05;

/// Power of the MDE and of the replications needed.
pub const POWER: f64 = 0.8;

/// Degrees of freedom from which [`t_quantile`] uses the Cornish–Fisher
/// expansion instead of statrs's inversion of the incomplete beta
/// function, which slows down as `df` grows: [`replications_for`] probing
/// n near 10⁸ kept a small run busy for over an hour (stop 14's CI
/// timeout). At 1,000 the four-term expansion is within 10⁻¹² of the
/// quantile computed to 30 digits (Abramowitz & Stegun 1964, 26.7.5;
/// figures in the tests).
const LARGE_DF: f64 = 1000.0;

/// The `q` quantile of Student's t with `df` degrees of freedom.
fn t_quantile(q: f64, df: f64) -> Option<f64> {
    let x = if df >= LARGE_DF { t_quantile_cornish_fisher(q, df)? } else { StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(q) };
    x.is_finite().then_some(x)
}

/// Cornish–Fisher expansion of the t quantile around the normal one
/// (Abramowitz & Stegun 1964, 26.7.5), four terms in `1/df`.
fn t_quantile_cornish_fisher(q: f64, df: f64) -> Option<f64> {
    let z = Normal::new(0.0, 1.0).ok()?.inverse_cdf(q);
    let g1 = (z.powi(3) + z) / 4.0;
    let g2 = (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / 96.0;
    let g3 = (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / 384.0;
    let g4 = (79.0 * z.powi(9) + 776.0 * z.powi(7) + 1482.0 * z.powi(5) - 1920.0 * z.powi(3) - 945.0 * z) / 92160.0;
    Some(z + g1 / df + g2 / df.powi(2) + g3 / df.powi(3) + g4 / df.powi(4))
}

/// Spread below which values count as equal, relative to the largest of
/// them: the rounding residue of values computed from the same counts
/// (e.g. one admission fewer per 1,000 × 3 replications of slightly
/// different exposures: 1.7e-2 ± 1e-15), never a simulated variation.
const NOISE: f64 = 1e-9;

/// Mean and sample standard deviation (n − 1) of `x`; `None` when n < 2
/// or a value is not finite. The standard deviation is exactly 0 when the
/// values are equal up to rounding ([`NOISE`]).
fn mean_sd(x: &[f64]) -> Option<(f64, f64)> {
    let n = x.len();
    if n < 2 || x.iter().any(|v| !v.is_finite()) {
        return None;
    }
    if x.iter().all(|v| *v == x[0]) {
        // Exactly 0, not the rounding residue of (3x)/3 − x.
        return Some((x[0], 0.0));
    }
    let mean = x.iter().sum::<f64>() / n as f64;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let largest = x.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let sd = var.sqrt();
    Some((mean, if sd <= NOISE * largest { 0.0 } else { sd }))
}

/// Two-sided p-value of the paired t-test of `diffs` (H0: mean 0):
/// `2 (1 − F_{n−1}(|mean| / (sd / √n)))`. `None` when n < 2, when a value
/// is not finite, or when the differences do not vary (paired standard
/// deviation 0, see [`does_not_vary`]): the t statistic is then 0/0 or
/// ±∞ and the test is not defined — such a difference gets no p-value, no
/// Holm rank and no verdict.
pub fn paired_p_value(diffs: &[f64]) -> Option<f64> {
    let (mean, sd) = mean_sd(diffs)?;
    if sd == 0.0 {
        return None;
    }
    let t = mean.abs() / (sd / (diffs.len() as f64).sqrt());
    let dist = StudentsT::new(0.0, 1.0, (diffs.len() - 1) as f64).ok()?;
    Some((2.0 * dist.sf(t)).clamp(0.0, 1.0))
}

/// Holm's step-down adjustment of a family of p-values: sorted ascending,
/// the j-th (from 1) becomes `max_{i ≤ j} min(1, (m − i + 1) p_(i))`.
/// `None` entries are not tests: they stay `None` and do not count in m.
pub fn holm(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_some()).collect();
    order.sort_by(|&a, &b| p[a].partial_cmp(&p[b]).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(&b)));
    let m = order.len();
    let mut out = vec![None; p.len()];
    let mut running = 0.0_f64;
    for (j, &i) in order.iter().enumerate() {
        let adjusted = ((m - j) as f64 * p[i].unwrap_or(1.0)).min(1.0);
        running = running.max(adjusted);
        out[i] = Some(running);
    }
    out
}

/// `t_{1−α/2, n−1} + t_{power, n−1}`: the multiplier of `sd / √n` in the MDE.
fn mde_multiplier(n: usize) -> Option<f64> {
    if n < 2 {
        return None;
    }
    let df = (n - 1) as f64;
    Some(t_quantile(1.0 - ALPHA / 2.0, df)? + t_quantile(POWER, df)?)
}

/// Minimum detectable effect of a paired comparison of `n` replications
/// whose differences have standard deviation `sd`:
/// `(t_{0.975, n−1} + t_{0.8, n−1}) · sd / √n`. `None` when n < 2 or when
/// `sd` is 0 (replications that do not vary: the t-test is not defined, so
/// neither is what it could detect).
pub fn mde(sd: f64, n: usize) -> Option<f64> {
    if sd == 0.0 {
        return None;
    }
    let x = mde_multiplier(n)? * sd / (n as f64).sqrt();
    x.is_finite().then_some(x)
}

/// The smallest n (≥ 2) whose MDE at standard deviation `sd` is at most
/// `effect`. The MDE falls as n grows, so the search starts at the normal
/// approximation (a lower bound: t quantiles exceed normal ones), doubles
/// until the MDE is reached and bisects: about 2·log₂ n evaluations. `None`
/// when `effect` or `sd` is 0 or not finite, or when more than 10¹²
/// replications would be needed (an effect that small is not detectable
/// by simulation).
pub fn replications_for(effect: f64, sd: f64) -> Option<u64> {
    let effect = effect.abs();
    if !(effect > 0.0 && sd > 0.0 && effect.is_finite() && sd.is_finite()) {
        return None;
    }
    let z = 1.959_963_984_540_054 + 0.841_621_233_572_914;
    let start = ((z * sd / effect).powi(2)).ceil();
    if start > MAX_REPLICATIONS_FOR as f64 {
        return None;
    }
    let reached = |n: u64| mde(sd, n as usize).is_some_and(|m| m <= effect);
    // Below `start` the MDE is above `effect` (normal bound), hence `low`.
    let (mut low, mut high) = ((start as u64).saturating_sub(1).max(1), (start as u64).max(2));
    while !reached(high) {
        low = high;
        high = high.checked_mul(2).filter(|&h| h <= 2 * MAX_REPLICATIONS_FOR)?;
    }
    // Invariant: `reached(high)`, not `reached(low)`.
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if reached(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    Some(high)
}

/// Whether paired differences do not vary: at least two finite values, all
/// equal (sample standard deviation 0). The one rule by which a difference
/// gets no p-value, no MDE and no verdict (it is exactly this difference in
/// every replication: `report::labels::constant_difference`).
pub fn does_not_vary(diffs: &[f64]) -> bool {
    mean_sd(diffs).is_some_and(|(_, s)| s == 0.0)
}

/// Beyond this, [`replications_for`] answers `None`.
const MAX_REPLICATIONS_FOR: u64 = 1_000_000_000_000;

/// Standard deviation of `x` (n − 1), when n ≥ 2 and all values are finite.
pub fn sd(x: &[f64]) -> Option<f64> {
    mean_sd(x).map(|(_, s)| s)
}

/// Mean and Student-t 95 % interval of `values`. What cannot be computed
/// is NaN ("not available"): everything when there is no value, the
/// interval when n < 2 (one value says nothing of the spread).
pub fn mean_ci(values: &[f64]) -> (f64, f64, f64) {
    let n = values.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, f64::NAN, f64::NAN);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64).map(|d| d.inverse_cdf(0.975)).unwrap_or(f64::NAN);
    let half = t * (var / n as f64).sqrt();
    (mean, mean - half, mean + half)
}

/// Why a cost per avoided event cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotComputable {
    /// Fewer than 2 replications: no interval for the events avoided.
    NoInterval,
    /// The change in events is not distinguishable from zero (its 95 % interval contains 0).
    NotDistinguishable,
    /// The events do not fall (the change is ≥ 0): nothing is avoided.
    NoReduction,
    /// The events fall, but the change in cost is not distinguishable from
    /// zero: even the sign of the ratio is unknown.
    CostNotDistinguishable,
}

/// Fieller's 95 % interval of the ratio of two paired means,
/// `mean(numerator) / mean(denominator)` (e.g. € spent per event avoided,
/// replication by replication): the values `R` for which the paired t-test
/// of `numerator − R × denominator` does not reject 0 at [`ALPHA`], i.e. the
/// roots of `(a − R b)² = t² (v₁₁ − 2 R v₁₂ + R² v₂₂)`, where `a`, `b` are the
/// means, `v` the (co)variances of the means and `t` = t₀.₉₇₅,ₙ₋₁ (Fieller
/// 1954, J. R. Stat. Soc. B 16:175). Unlike the delta method it is not
/// symmetric about the ratio: a denominator near 0 stretches the side it
/// can reach. `None` when the inputs differ in length, n < 2, a value is
/// not finite, or the denominator's own 95 % interval holds 0 (the set is
/// then unbounded: no finite interval exists).
pub fn ratio_ci(numerator: &[f64], denominator: &[f64]) -> Option<(f64, f64)> {
    let n = numerator.len();
    if n < 2 || denominator.len() != n || numerator.iter().chain(denominator).any(|v| !v.is_finite()) {
        return None;
    }
    let nf = n as f64;
    let mean = |x: &[f64]| x.iter().sum::<f64>() / nf;
    let (a, b) = (mean(numerator), mean(denominator));
    // Covariance of the two means: the sample covariance (n − 1) over n.
    let cov = |x: &[f64], mx: f64, y: &[f64], my: f64| x.iter().zip(y).map(|(x, y)| (x - mx) * (y - my)).sum::<f64>() / (nf - 1.0) / nf;
    let (v11, v22, v12) = (cov(numerator, a, numerator, a), cov(denominator, b, denominator, b), cov(numerator, a, denominator, b));
    let t2 = t_quantile(1.0 - ALPHA / 2.0, nf - 1.0)?.powi(2);
    // (b² − t² v₂₂) R² − 2 (a b − t² v₁₂) R + (a² − t² v₁₁) ≤ 0.
    let qa = b * b - t2 * v22;
    if qa <= 0.0 {
        return None;
    }
    let qb = a * b - t2 * v12;
    let qc = a * a - t2 * v11;
    // ≥ 0 whenever qa > 0 (the quadratic is ≤ 0 at R = a / b); max() guards rounding.
    let root = (qb * qb - qa * qc).max(0.0).sqrt();
    Some(((qb - root) / qa, (qb + root) / qa))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn student_t_interval_matches_a_textbook_case() {
        // n = 5, mean 3, sd = 1.5811; t(0.975, 4) = 2.7764 → half-width 1.9633.
        let (m, lo, hi) = mean_ci(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!((m - 3.0).abs() < 1e-12);
        assert!((hi - m - 1.963_243).abs() < 1e-4, "half-width {}", hi - m);
        assert!((m - lo - (hi - m)).abs() < 1e-12);
    }

    #[test]
    fn one_value_has_a_mean_but_no_interval() {
        // Was (2, 2, 2): an interval of zero width claimed from one replication.
        let (m, lo, hi) = mean_ci(&[2.0]);
        assert_eq!(m, 2.0);
        assert!(lo.is_nan() && hi.is_nan(), "[{lo}, {hi}]");
        assert!(mean_ci(&[]).0.is_nan());
    }

    #[test]
    fn holm_matches_a_hand_computed_example() {
        // Sorted: 0.01 ×3 = 0.03; 0.03 ×2 = 0.06; 0.04 ×1 = 0.04 → max(0.06, 0.04) = 0.06.
        let adj = holm(&[Some(0.01), Some(0.04), Some(0.03)]);
        let want = [0.03, 0.06, 0.06];
        for (a, w) in adj.iter().zip(want) {
            assert!((a.unwrap() - w).abs() < 1e-12, "{adj:?}");
        }
    }

    #[test]
    fn holm_ignores_what_is_not_a_test_and_caps_at_one() {
        let adj = holm(&[None, Some(0.5), Some(0.02)]);
        assert_eq!(adj[0], None);
        assert!((adj[2].unwrap() - 0.04).abs() < 1e-12);
        assert_eq!(adj[1], Some(1.0_f64.min(0.5)));
        assert_eq!(holm(&[Some(0.6), Some(0.7)]), vec![Some(1.0), Some(1.0)]);
    }

    #[test]
    fn paired_p_value_matches_a_t_table() {
        // diffs 1..5: mean 3, sd 1.5811, t = 3 / (1.5811/√5) = 4.2426, df 4.
        // t-table: t_{0.995,4} = 4.6041 and t_{0.99,4} = 3.7469, so 0.01 < p < 0.02;
        // exactly p = 2·(1 − F_4(4.2426)) = 0.013 25 (R: 2*pt(-sqrt(18), 4)).
        let p = paired_p_value(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!(p > 0.01 && p < 0.02, "{p}");
        assert!((p - 0.013_25).abs() < 5e-5, "{p}");
    }

    #[test]
    fn degenerate_differences() {
        assert_eq!(paired_p_value(&[1.0]), None);
        assert_eq!(paired_p_value(&[0.0, 0.0, 0.0]), None);
        // Zero variance: the t-test is not defined (was p = 0 and a verdict).
        assert_eq!(paired_p_value(&[-2.0, -2.0]), None);
        assert_eq!(paired_p_value(&[1.0, f64::NAN]), None);
    }

    /// A fresh user found `+0,293 [+0,293 ; +0,293] moins bien`: three
    /// replications each with exactly one more hospitalisation per 1000
    /// / 3408 inhabitants got p = 0 and a Holm mark. Identical differences
    /// (whatever their rounding) have no p-value, no MDE, no replications
    /// needed, and take no rank in a Holm family.
    #[test]
    fn identical_differences_get_no_test_no_mde_and_no_holm_rank() {
        for x in [0.293_427_230_046_948_4, 0.1 + 0.2, -2.0] {
            let d = [x, x, x];
            assert!(does_not_vary(&d));
            assert_eq!(paired_p_value(&d), None, "{x}");
            assert_eq!(sd(&d), Some(0.0));
            assert_eq!(mde(0.0, 3), None);
            assert_eq!(replications_for(0.1, 0.0), None);
        }
        assert!(!does_not_vary(&[1.0, 2.0]) && !does_not_vary(&[1.0]));
        // The second trial's case: one admission fewer in each of three
        // replications of slightly different exposures (its differences
        // agree to 1e-15): no p-value (it got 8.8e-28), no MDE, no verdict.
        let d: [f64; 3] = [-0.0173, -0.0173 * (1.0 + 1e-13), -0.0173 * (1.0 - 1e-13)];
        assert!(d[0] != d[1] && d[1] != d[2], "{d:?}");
        assert!(does_not_vary(&d));
        assert_eq!(paired_p_value(&d), None);
        assert_eq!(sd(&d), Some(0.0));
        // A real spread, even small against the values, is kept.
        assert!(!does_not_vary(&[-0.0173, -0.0172, -0.0173]));
        assert!(paired_p_value(&[-0.0173, -0.0172, -0.0173]).is_some());
        // Holm over {none, 0.02, 0.04}: m = 2, so 0.04 and 0.04 (by hand).
        assert_eq!(holm(&[paired_p_value(&[1.0; 3]), Some(0.02), Some(0.04)]), vec![None, Some(0.04), Some(0.04)]);
    }

    #[test]
    fn mde_matches_the_paired_t_formula() {
        // n = 10, sd = 2: t_{0.975,9} = 2.2622, t_{0.8,9} = 0.8834 → 3.1456 · 2 / √10 = 1.9894.
        let m = mde(2.0, 10).unwrap();
        assert!((m - 1.9894).abs() < 1e-3, "{m}");
        assert_eq!(mde(2.0, 1), None);
    }

    #[test]
    fn replications_needed_reach_the_effect_and_no_fewer_do() {
        let n = replications_for(1.0, 2.0).unwrap();
        assert!(mde(2.0, n as usize).unwrap() <= 1.0);
        assert!(mde(2.0, n as usize - 1).unwrap() > 1.0);
        // Normal approximation (1.96 + 0.84)² · 4 = 31.4; the t quantiles add a few.
        assert!((32..=36).contains(&n), "{n}");
        assert_eq!(replications_for(0.0, 2.0), None);
        assert_eq!(replications_for(1.0, 0.0), None);
    }

    #[test]
    fn large_df_quantiles_match_the_exact_ones_and_the_textbook() {
        // At the switch the expansion agrees with the quantiles computed to
        // 30 digits by mpmath (findroot on betainc, df = 1000); statrs's beta
        // inversion is 2·10⁻⁹ off at q = 0.8.
        for (q, reference) in [(0.8, 0.841_980_822_162_428_5), (0.975, 1.962_339_080_826_408_5)] {
            let approx = t_quantile(q, LARGE_DF).unwrap();
            assert!((reference - approx).abs() < 1e-12, "q {q}: {reference} vs {approx}");
        }
        // Below the switch the beta inversion answers: t_{0.975, 10} = 2.228139 (tables).
        assert!((t_quantile(0.975, 10.0).unwrap() - 2.228_139).abs() < 1e-6);
        // Far above it, the normal quantile z_{0.975} = 1.959964.
        assert!((t_quantile(0.975, 1e12).unwrap() - 1.959_964).abs() < 1e-6);
    }

    #[test]
    fn replications_for_a_tiny_effect_are_found_or_refused_at_once() {
        // sd/effect = 10⁴: normal approximation 2.8016² · 10⁸ = 7.849·10⁸ (the
        // t correction is below one replication at that size).
        let n = replications_for(1e-4, 1.0).unwrap();
        assert!(mde(1.0, n as usize).unwrap() <= 1e-4 && mde(1.0, n as usize - 1).unwrap() > 1e-4);
        assert!((784_000_000..=786_000_000).contains(&n), "{n}");
        // sd/effect = 10⁷: 7.8·10¹⁴ replications, beyond any simulation.
        assert_eq!(replications_for(1e-7, 1.0), None);
    }

    /// Fieller's bounds are where the t-statistic of the paired
    /// `cost − R × events` equals ∓ t(0.975, 2) = 4.302653 (found by
    /// bisection in Python, outside this code): 4,000 € for 2 events a
    /// replication, 2,000 € each, in [848.78; 3,085.45], not symmetric about
    /// 2,000 as the delta method's would be.
    #[test]
    fn fieller_ratio_interval_by_hand() {
        let cost = [3000.0, 5000.0, 4000.0];
        let (lo, hi) = ratio_ci(&cost, &[2.0, 2.2, 1.8]).unwrap();
        assert!((lo - 848.781_823).abs() < 1e-3 && (hi - 3085.450_277).abs() < 1e-3, "[{lo}; {hi}]");
        // The definition, checked at the bounds: t = mean(d) / (sd(d)/√3) with d = cost − R·events.
        let t_at = |r: f64| {
            let d: Vec<f64> = cost.iter().zip([2.0, 2.2, 1.8]).map(|(c, e)| c - r * e).collect();
            let (m, s) = mean_sd(&d).unwrap();
            m / (s / 3f64.sqrt())
        };
        assert!((t_at(lo) - 4.302_653).abs() < 1e-4 && (t_at(hi) + 4.302_653).abs() < 1e-4);
        // No spread: the interval is the ratio itself.
        assert_eq!(ratio_ci(&[4.0, 4.0], &[2.0, 2.0]), Some((2.0, 2.0)));
        // Events whose own interval holds 0 (mean 1, sd 1, n 3): unbounded, no interval.
        assert_eq!(ratio_ci(&cost, &[0.0, 2.0, 1.0]), None);
        // n < 2, lengths that differ, a value not finite.
        assert_eq!(ratio_ci(&[4.0], &[2.0]), None);
        assert_eq!(ratio_ci(&[4.0, 4.0], &[2.0]), None);
        // Lengths that differ where the arithmetic alone would give an answer (cargo-mutants).
        assert_eq!(ratio_ci(&[4.0; 10], &[2.0; 11]), None);
        assert_eq!(ratio_ci(&[4.0, f64::NAN], &[2.0, 2.0]), None);
    }
}
