//! Checking the warm-up with MSER-5 (White 1997; White, Cobb & Spratt 2000).
//!
//! The model starts empty (no one waiting, calendars free), so early weeks
//! are not typical. Every run records whole-run weekly totals, warm-up
//! included; MSER-5 averages the series in batches of five, and picks the
//! truncation point d (at most half the series) that minimises the squared
//! standard error of the mean of what remains, `Σ_{i>d} (Z_i − Z̄_d)² / (n − d)²`.
//! Applied to the weekly mean delay (base arm, first point, averaged over
//! replications), it says how much warm-up the data call for; `run` prints
//! it beside the scenario's `warmup_days` and writes it into `run.json`.

use super::tasks::TaskResult;
use serde::Serialize;

/// The MSER-5 truncation point of `series`, in observations (a multiple of 5).
pub fn mser5(series: &[f64]) -> usize {
    let batches: Vec<f64> = series.chunks_exact(5).map(|c| c.iter().sum::<f64>() / 5.0).collect();
    let n = batches.len();
    if n < 4 {
        return 0;
    }
    let mut best = (f64::INFINITY, 0);
    for d in 0..=n / 2 {
        let rest = &batches[d..];
        let m = rest.len() as f64;
        let mean = rest.iter().sum::<f64>() / m;
        let stat = rest.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / (m * m);
        if stat < best.0 {
            best = (stat, d);
        }
    }
    best.1 * 5
}

/// What MSER-5 says of a run's warm-up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WarmupCheck {
    /// The series examined.
    pub series: &'static str,
    pub weeks: usize,
    /// Warm-up MSER-5 calls for, days (weeks × 7).
    pub suggested_days: u32,
    /// The scenario's warm-up, days.
    pub configured_days: u32,
}

/// What the check can say of a warm-up of `configured_days`, from a series
/// of `weeks` weekly values (MSER-5 truncates at most half of the batches of
/// five weeks: [`longest_days`] is the longest warm-up it can suggest).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// MSER-5 suggests more than the warm-up used.
    Longer,
    /// It suggests the longest it can on this run: the series never settles
    /// within its first half (seasons, a trend), so it cannot tell a transient
    /// from the calendar; a warm-up sweep decides (docs/experiments.md § 10).
    AtItsBound,
    /// The warm-up used is at least the longest MSER-5 could suggest on this
    /// run, so "long enough" would be said whatever the series: the run is too
    /// short for the check (observe longer).
    RunTooShort,
    /// It suggests no more than the warm-up used, which it could have exceeded.
    LongEnough,
}

/// The longest warm-up (days) MSER-5 can suggest on a series of `weeks`
/// weekly values: half of its whole batches of five, in days.
pub fn longest_days(weeks: usize) -> u32 {
    (7 * (weeks / 5 / 2) * 5) as u32
}

/// The verdict on a warm-up of `configured_days` when MSER-5 suggests
/// `suggested_days` on a series of `weeks` weeks (one rule for the terminal
/// and the report).
pub fn verdict(weeks: usize, configured_days: u32, suggested_days: u32) -> Verdict {
    let longest = longest_days(weeks);
    if configured_days >= longest {
        Verdict::RunTooShort
    } else if suggested_days >= longest && longest > 0 {
        Verdict::AtItsBound
    } else if suggested_days > configured_days {
        Verdict::Longer
    } else {
        Verdict::LongEnough
    }
}

/// Weekly mean delay (days) of the base arm's first point, averaged over
/// replications; weeks without consultations and the last (partial) week
/// are left out.
pub fn mean_delay_series(tasks: &[TaskResult]) -> Vec<f64> {
    let base: Vec<&TaskResult> = tasks.iter().filter(|t| t.arm == 0 && t.point == tasks.first().map_or(0, |f| f.point)).collect();
    let weeks = base.iter().map(|t| t.weekly.len()).min().unwrap_or(0).saturating_sub(1);
    (0..weeks)
        .map(|w| {
            let (sum, n) = base.iter().fold((0u64, 0u64), |(s, n), t| (s + t.weekly[w].delay_sum_min, n + t.weekly[w].consultations));
            if n == 0 {
                0.0
            } else {
                sum as f64 / n as f64 / 1440.0
            }
        })
        .collect()
}

/// MSER-5 on the weekly mean delay of `tasks`.
pub fn check(tasks: &[TaskResult], configured_days: u32) -> Option<WarmupCheck> {
    let series = mean_delay_series(tasks);
    (series.len() >= 20).then(|| WarmupCheck {
        series: "weekly mean delay to consultation (base, first point, mean over replications)",
        weeks: series.len(),
        suggested_days: 7 * mser5(&series) as u32,
        configured_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::RandomStreams;
    use rand::Rng;

    /// By hand: 39 weeks (a 182-day warm-up and a quarter of a year) make 7
    /// batches, so MSER-5 truncates at most 3 batches, 15 weeks, 105 days:
    /// it cannot judge a warm-up of 182 days. 77 weeks (182 days and one
    /// year) make 15 batches, at most 7 truncated: 245 days, which is what it
    /// suggests on france-mix, its bound.
    #[test]
    fn the_verdict_knows_what_mser5_can_see() {
        assert_eq!(longest_days(39), 105);
        assert_eq!(longest_days(77), 245);
        assert_eq!(verdict(39, 182, 0), Verdict::RunTooShort);
        assert_eq!(verdict(39, 105, 0), Verdict::RunTooShort);
        assert_eq!(verdict(39, 98, 0), Verdict::LongEnough);
        assert_eq!(verdict(39, 35, 70), Verdict::Longer);
        assert_eq!(verdict(39, 35, 105), Verdict::AtItsBound);
        assert_eq!(verdict(77, 182, 245), Verdict::AtItsBound);
        assert_eq!(verdict(77, 182, 35), Verdict::LongEnough);
        assert_eq!(verdict(77, 182, 210), Verdict::Longer);
        assert_eq!(verdict(3, 0, 0), Verdict::RunTooShort);
        // A suggestion equal to the warm-up used is no more than it: long enough.
        assert_eq!(verdict(77, 182, 182), Verdict::LongEnough);
        assert_eq!(verdict(39, 35, 35), Verdict::LongEnough);
    }

    #[test]
    fn mser5_cuts_an_initial_transient() {
        // 30 weeks decaying from 10 to 0, then 120 weeks of noise around 0 (sd 1):
        // the truncation lands within 10 observations of the end of the transient.
        let mut rng = RandomStreams::new(3, 0).stream("mser");
        let series: Vec<f64> =
            (0..150).map(|i| if i < 30 { 10.0 * (1.0 - i as f64 / 30.0) } else { 0.0 } + (rng.random::<f64>() - 0.5) * 3.46).collect();
        let d = mser5(&series);
        assert!((20..=40).contains(&d), "truncation {d}");
        // A stationary series needs no truncation beyond a batch or two.
        let flat: Vec<f64> = (0..150).map(|_| (rng.random::<f64>() - 0.5) * 3.46).collect();
        assert!(mser5(&flat) <= 40, "flat truncation {}", mser5(&flat));
        assert_eq!(mser5(&[1.0; 12]), 0);
    }
}
