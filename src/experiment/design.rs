//! Experimental designs: which parameter values an experiment runs.
//!
//! A design is a list of points, each a value per factor (a scenario value
//! named by its path). Full grids and explicit lists for sweeps; Latin
//! hypercubes for screening; one-at-a-time (baseline, then each factor at its
//! low and high) and Saltelli's scheme for Sobol indices. Designs are drawn
//! from named streams or a scrambled Sobol sequence (`sobol_burley`), so a
//! design is the same on every machine.

use crate::engine::rng::RandomStreams;
use rand::seq::SliceRandom;
use rand::Rng;

/// A value an experiment varies.
#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    /// Path in the scenario (see `scenario::paths`).
    pub path: String,
    /// Range of the factor.
    pub low: f64,
    pub high: f64,
    /// Explicit levels (grids use them instead of the range).
    pub values: Option<Vec<f64>>,
    /// Value of the factor when others vary (one-at-a-time); `None` = the scenario's.
    pub baseline: Option<f64>,
    /// Round values to integers.
    pub integer: bool,
    /// The range was not given and is the plausible range docs/parameters.md
    /// states (`experiment::validate`), which the terminal names.
    pub documented_range: bool,
}

impl Factor {
    /// The value at `u` ∈ [0, 1] of the range.
    pub fn at(&self, u: f64) -> f64 {
        let v = self.low + u * (self.high - self.low);
        if self.integer {
            v.round()
        } else {
            v
        }
    }

    /// A designed level at `u` ∈ [0, 1] of the range (a grid level, a
    /// one-at-a-time low or high): [`Factor::at`] kept to the decimals the
    /// user means (see [`decimal`]), so `high = 0.9` stays 0.9. Random
    /// designs (Latin hypercube, Saltelli) use `at`: their draws are no
    /// decimals anyone wrote.
    pub fn level(&self, u: f64) -> f64 {
        decimal(self.at(u))
    }

    /// The levels of a grid: the explicit values, or `levels` evenly spaced over the range.
    pub fn levels(&self, levels: u32) -> Vec<f64> {
        match &self.values {
            Some(v) => v.clone(),
            None if levels <= 1 => vec![self.level(0.5)],
            None => (0..levels).map(|i| self.level(f64::from(i) / f64::from(levels - 1))).collect(),
        }
    }
}

/// A level computed over a range, kept to 12 significant digits: the
/// decimal the user means (0.1 + 2 × 0.1 is 0.30000000000000004 in binary,
/// written and shown as 0.3), not the rounding error of its computation.
fn decimal(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    format!("{v:.11e}").parse().unwrap_or(v)
}

/// The full grid: every combination of levels, the last factor varying fastest.
pub fn grid(factors: &[Factor], levels: u32) -> Vec<Vec<f64>> {
    let mut points = vec![Vec::new()];
    for f in factors {
        let lv = f.levels(levels);
        points = points.iter().flat_map(|p| lv.iter().map(move |v| [p.clone(), vec![*v]].concat())).collect();
    }
    points
}

/// A Latin hypercube of `n` points in the unit cube of `k` dimensions:
/// each dimension cut into `n` equal strata, one point per stratum, strata
/// paired at random.
pub fn latin_hypercube_unit(k: usize, n: usize, seed: u64) -> Vec<Vec<f64>> {
    let streams = RandomStreams::new(seed, 0);
    let mut rng = streams.stream("design/latin_hypercube");
    let mut columns: Vec<Vec<f64>> = Vec::with_capacity(k);
    for _ in 0..k {
        let mut strata: Vec<usize> = (0..n).collect();
        strata.shuffle(&mut rng);
        columns.push(strata.iter().map(|&s| (s as f64 + rng.random::<f64>()) / n as f64).collect());
    }
    (0..n).map(|i| columns.iter().map(|c| c[i]).collect()).collect()
}

/// A Latin hypercube over the factors' ranges.
pub fn latin_hypercube(factors: &[Factor], n: usize, seed: u64) -> Vec<Vec<f64>> {
    scale(&latin_hypercube_unit(factors.len(), n, seed), factors)
}

/// Unit-cube points mapped onto the factors' ranges.
pub fn scale(unit: &[Vec<f64>], factors: &[Factor]) -> Vec<Vec<f64>> {
    unit.iter().map(|u| u.iter().zip(factors).map(|(x, f)| f.at(*x)).collect()).collect()
}

/// One-at-a-time: the baseline first, then for each factor its low and its
/// high with the others at baseline (1 + 2k points). Low and high are
/// designed levels ([`Factor::level`]): the decimals written.
pub fn one_at_a_time(factors: &[Factor], baseline: &[f64]) -> Vec<Vec<f64>> {
    let mut points = vec![baseline.to_vec()];
    for (i, f) in factors.iter().enumerate() {
        for v in [f.level(0.0), f.level(1.0)] {
            let mut p = baseline.to_vec();
            p[i] = v;
            points.push(p);
        }
    }
    points
}

/// Largest base sample and dimension count of the Sobol sequence used.
pub const SALTELLI_MAX_SAMPLES: usize = 1 << 16;
pub const SALTELLI_MAX_FACTORS: usize = (sobol_burley::NUM_DIMENSIONS / 2) as usize;

/// Saltelli's sampling scheme in the unit cube: `n` base rows, each giving
/// A, B and the k matrices A with column i taken from B, in that order
/// (n·(k + 2) points). A and B are the two halves of a 2k-dimensional
/// Owen-scrambled Sobol sequence.
pub fn saltelli_unit(k: usize, n: usize, seed: u64) -> Vec<Vec<f64>> {
    assert!(k <= SALTELLI_MAX_FACTORS && n <= SALTELLI_MAX_SAMPLES, "checked when the experiment is read");
    let seed32 = (seed ^ (seed >> 32)) as u32;
    let mut out = Vec::with_capacity(n * (k + 2));
    for j in 0..n {
        let a: Vec<f64> = (0..k).map(|d| f64::from(sobol_burley::sample(j as u32, d as u32, seed32))).collect();
        let b: Vec<f64> = (0..k).map(|d| f64::from(sobol_burley::sample(j as u32, (k + d) as u32, seed32))).collect();
        out.push(a.clone());
        out.push(b.clone());
        for i in 0..k {
            let mut ab = a.clone();
            ab[i] = b[i];
            out.push(ab);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(path: &str, low: f64, high: f64) -> Factor {
        Factor { path: path.into(), low, high, values: None, baseline: None, integer: false, documented_range: false }
    }

    #[test]
    fn range_levels_are_the_decimals_meant() {
        let f = Factor { path: "p".into(), low: 0.1, high: 0.9, values: None, baseline: None, integer: false, documented_range: false };
        // By hand: 0.1, 0.2 … 0.9 (computed 0.1 + 0.8 × i/8 they read 0.30000000000000004, 0.7000000000000001).
        assert_eq!(f.levels(9), vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
        let g = Factor { low: 0.5, high: 0.9, ..f.clone() };
        assert_eq!(g.levels(5), vec![0.5, 0.6, 0.7, 0.8, 0.9]);
        assert_eq!(g.levels(1), vec![0.7]);
    }

    #[test]
    fn grids_have_every_combination() {
        let mut b = factor("b", 0.0, 1.0);
        b.values = Some(vec![5.0, 6.0]);
        let g = grid(&[factor("a", 0.0, 1.0), b], 3);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![0.0, 5.0]);
        assert_eq!(g[5], vec![1.0, 6.0]);
        assert_eq!(g[2], vec![0.5, 5.0]);
    }

    #[test]
    fn latin_hypercube_has_one_point_per_stratum() {
        let n = 50;
        let p = latin_hypercube_unit(3, n, 11);
        assert_eq!(p.len(), n);
        for d in 0..3 {
            let mut strata: Vec<usize> = p.iter().map(|x| (x[d] * n as f64) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..n).collect::<Vec<_>>(), "dimension {d}");
        }
        assert_eq!(p, latin_hypercube_unit(3, n, 11));
        assert_ne!(p, latin_hypercube_unit(3, n, 12));
    }

    #[test]
    fn one_at_a_time_moves_one_factor_per_point() {
        let f = [factor("a", 0.0, 2.0), factor("b", 10.0, 20.0)];
        let p = one_at_a_time(&f, &[1.0, 15.0]);
        assert_eq!(p, vec![vec![1.0, 15.0], vec![0.0, 15.0], vec![2.0, 15.0], vec![1.0, 10.0], vec![1.0, 20.0]]);
    }

    #[test]
    fn one_at_a_time_levels_are_the_decimals_written() {
        // By hand: low 0.3, high 0.9 (0.3 + 1 × (0.9 − 0.3) computes as 0.9000000000000001).
        let f = [factor("p", 0.3, 0.9), factor("q", 0.1, 0.7)];
        let p = one_at_a_time(&f, &[0.6, 0.4]);
        assert_eq!(p, vec![vec![0.6, 0.4], vec![0.3, 0.4], vec![0.9, 0.4], vec![0.6, 0.1], vec![0.6, 0.7]]);
    }

    #[test]
    fn saltelli_rows_share_all_but_one_column() {
        let (k, n) = (3, 64);
        let p = saltelli_unit(k, n, 5);
        assert_eq!(p.len(), n * (k + 2));
        for j in 0..n {
            let (a, b) = (&p[j * (k + 2)], &p[j * (k + 2) + 1]);
            for i in 0..k {
                let ab = &p[j * (k + 2) + 2 + i];
                for d in 0..k {
                    assert_eq!(ab[d], if d == i { b[d] } else { a[d] });
                }
            }
        }
        // Stratified: each half of [0, 1) holds half of A's first column.
        let low = (0..n).filter(|j| p[j * (k + 2)][0] < 0.5).count();
        assert_eq!(low, n / 2);
    }
}
