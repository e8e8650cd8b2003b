//! Sobol sensitivity indices from a Saltelli design, with bootstrap intervals.
//!
//! Given the outputs at the points of [`super::design::saltelli_unit`] (per
//! base row: A, B, then A with column i from B), the first-order index uses
//! Saltelli et al. (2010) `mean(f_B·(f_ABi − f_A)) / V` and the total index
//! Jansen's `mean((f_A − f_ABi)²) / 2V`, V being the variance of f_A and f_B
//! together; outputs are centred on their mean first (as SALib does), which
//! the first-order estimator's variance needs. 95 % intervals are bootstrap percentiles over base rows, drawn
//! from a named stream. Checked on the Ishigami function (tests).

use crate::engine::rng::RandomStreams;
use rand::Rng;

/// First-order and total indices of one factor, with 95 % bootstrap intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct SobolIndex {
    pub first: f64,
    pub first_low: f64,
    pub first_high: f64,
    pub total: f64,
    pub total_low: f64,
    pub total_high: f64,
}

/// Point estimates (first-order, total) of every factor from the rows `rows` of `y`.
fn estimate(y: &[f64], k: usize, rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let raw = |j: usize, c: usize| y[j * (k + 2) + c];
    let n = rows.len() as f64;
    let mean = rows.iter().map(|&j| raw(j, 0) + raw(j, 1)).sum::<f64>() / (2.0 * n);
    // Centred outputs: the first-order estimator's variance grows with the mean otherwise.
    let at = |j: usize, c: usize| raw(j, c) - mean;
    let all: Vec<f64> = rows.iter().flat_map(|&j| [at(j, 0), at(j, 1)]).collect();
    let mean = 0.0;
    let var = all.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (all.len() as f64 - 1.0);
    let mut first = Vec::with_capacity(k);
    let mut total = Vec::with_capacity(k);
    for i in 0..k {
        let s1 = rows.iter().map(|&j| at(j, 1) * (at(j, 2 + i) - at(j, 0))).sum::<f64>() / n;
        let st = rows.iter().map(|&j| (at(j, 0) - at(j, 2 + i)).powi(2)).sum::<f64>() / (2.0 * n);
        first.push(s1 / var);
        total.push(st / var);
    }
    (first, total)
}

/// Sobol indices of `k` factors from outputs `y` in Saltelli order
/// (`y.len()` = n·(k + 2)), with `bootstrap` resamples for the intervals.
/// Indices are NaN when the output does not vary.
pub fn sobol_indices(y: &[f64], k: usize, bootstrap: usize, seed: u64) -> Vec<SobolIndex> {
    let n = y.len() / (k + 2);
    let rows: Vec<usize> = (0..n).collect();
    let (first, total) = estimate(y, k, &rows);
    let mut rng = RandomStreams::new(seed, 0).stream("sensitivity/bootstrap");
    let mut boot_first = vec![Vec::with_capacity(bootstrap); k];
    let mut boot_total = vec![Vec::with_capacity(bootstrap); k];
    for _ in 0..bootstrap {
        let sample: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
        let (f, t) = estimate(y, k, &sample);
        for i in 0..k {
            boot_first[i].push(f[i]);
            boot_total[i].push(t[i]);
        }
    }
    (0..k)
        .map(|i| {
            let (fl, fh) = percentile_interval(&mut boot_first[i]);
            let (tl, th) = percentile_interval(&mut boot_total[i]);
            SobolIndex { first: first[i], first_low: fl, first_high: fh, total: total[i], total_low: tl, total_high: th }
        })
        .collect()
}

/// 2.5 % and 97.5 % percentiles (NaN when empty or not finite).
fn percentile_interval(v: &mut [f64]) -> (f64, f64) {
    if v.is_empty() || v.iter().any(|x| !x.is_finite()) {
        return (f64::NAN, f64::NAN);
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((p * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
    (q(0.025), q(0.975))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::design::saltelli_unit;
    use std::f64::consts::PI;

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
    }

    /// Ishigami (a = 7, b = 0.1), X uniform on [−π, π]³: analytical indices
    /// S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437). With 8,192
    /// base rows (40,960 evaluations) each estimate is within 0.02, and the
    /// bootstrap interval covers the truth (checked with a 0.01 margin).
    #[test]
    fn ishigami_indices_match_the_analytical_values() {
        let (k, n) = (3, 8192);
        let y: Vec<f64> =
            saltelli_unit(k, n, 1).iter().map(|u| ishigami(&u.iter().map(|x| -PI + 2.0 * PI * x).collect::<Vec<_>>())).collect();
        let s = sobol_indices(&y, k, 200, 3);
        for (i, x) in s.iter().enumerate() {
            eprintln!(
                "Ishigami X{}: S1 {:.4} [{:.4}, {:.4}], ST {:.4} [{:.4}, {:.4}]",
                i + 1,
                x.first,
                x.first_low,
                x.first_high,
                x.total,
                x.total_low,
                x.total_high
            );
        }
        let first = [0.3139, 0.4424, 0.0];
        let total = [0.5576, 0.4424, 0.2437];
        for i in 0..k {
            assert!((s[i].first - first[i]).abs() < 0.02, "S{} = {} vs {}", i + 1, s[i].first, first[i]);
            assert!((s[i].total - total[i]).abs() < 0.02, "ST{} = {} vs {}", i + 1, s[i].total, total[i]);
            assert!(s[i].first_low - 0.01 <= first[i] && first[i] <= s[i].first_high + 0.01, "S{} interval {:?}", i + 1, s[i]);
            assert!(s[i].total_low - 0.01 <= total[i] && total[i] <= s[i].total_high + 0.01, "ST{} interval {:?}", i + 1, s[i]);
        }
    }

    #[test]
    fn a_constant_output_has_no_indices() {
        let s = sobol_indices(&[1.0; 40], 2, 10, 1);
        assert!(s[0].first.is_nan());
    }
}
