//! Quantile indicators pooled over territories (issue 17, validation).
//!
//! A median or a 90th percentile of a delay is, in a territory, the quantile
//! of that territory's calendar-day histogram. Over several territories (a
//! national figure from `france-mix`), it is the quantile of the *summed*
//! histograms: the median of every request pooled, as DREES's national
//! median (Études et Résultats n° 1085) is the median over all requests in
//! France — not a weighted mean of the territories' medians, which differs
//! whenever the territories' distributions differ.
//!
//! A replication exports, per territory and for group `all` only, the
//! histograms these quantiles read ([`day_histograms`]: a few hundred
//! integers a territory, trailing zeros dropped). [`pooling_of`] says which
//! histogram and which quantile an indicator is; [`pooled_quantile`] sums the
//! histograms and takes the quantile with the same function the territory's
//! own indicator uses ([`calendar_quantile`]), so a "pool" of one territory
//! is that territory's indicator value exactly.
//!
//! Requests are pooled as they occur: each territory's histogram counts its
//! simulated requests, so a territory weighs by its simulated population (and
//! its request rate). This is the national pooling when the simulated
//! populations are in national proportion, as france-mix's are (the same
//! assumption the population-weighted mean of the other targets makes).

use super::indicators::{Ctx, Recorder, KINDS_SEEN};
use super::requests::calendar_quantile;
use super::specialists::Specialty;

/// A quantile indicator that pools over territories by histogram.
pub struct DayQuantile {
    /// The indicator, or the family prefix (members `prefix.member`).
    pub indicator: &'static str,
    /// The histogram it reads; a family member reads `histogram.member`.
    pub histogram: &'static str,
    /// The quantile, in (0, 1].
    pub q: f64,
    /// Whether the plain name is an indicator too (not only the family's members).
    pub plain: bool,
}

/// Every indicator pooled by histogram. Medians and 90th percentiles of the
/// calendar-day delays (GP, any professional; all need kinds and by kind),
/// and the second line's median, first quartile and 90th percentile delay
/// to a specialist (by specialty), and the median of its urgent and of its
/// routine requests.
pub const DAY_QUANTILES: [DayQuantile; 9] = [
    DayQuantile { indicator: "gp_delay_median_calendar_days", histogram: "gp_days", q: 0.5, plain: true },
    DayQuantile { indicator: "gp_delay_p90_calendar_days", histogram: "gp_days", q: 0.9, plain: true },
    DayQuantile { indicator: "delay_median_calendar_days", histogram: "all_days", q: 0.5, plain: true },
    DayQuantile { indicator: "delay_p90_calendar_days", histogram: "all_days", q: 0.9, plain: true },
    DayQuantile { indicator: "specialist_delay_median_days", histogram: "specialist_days", q: 0.5, plain: false },
    DayQuantile { indicator: "specialist_delay_q1_days", histogram: "specialist_days", q: 0.25, plain: false },
    DayQuantile { indicator: "specialist_delay_p90_days", histogram: "specialist_days", q: 0.9, plain: false },
    DayQuantile { indicator: "specialist_urgent_delay_median_days", histogram: "specialist_urgent_days", q: 0.5, plain: false },
    DayQuantile { indicator: "specialist_routine_delay_median_days", histogram: "specialist_routine_days", q: 0.5, plain: false },
];

/// How `indicator` pools over territories when it is a histogram quantile:
/// (histogram name, quantile); None for every other indicator (pooled by
/// population-weighted mean).
pub fn pooling_of(indicator: &str) -> Option<(String, f64)> {
    DAY_QUANTILES.iter().find_map(|d| {
        if d.plain && indicator == d.indicator {
            return Some((d.histogram.to_string(), d.q));
        }
        let member = indicator.strip_prefix(d.indicator)?.strip_prefix('.').filter(|m| !m.is_empty())?;
        Some((format!("{}.{member}", d.histogram), d.q))
    })
}

/// The `q` quantile (calendar days) of the sum of `histograms`, bin by bin
/// (histograms may differ in length: missing bins count 0); None when they
/// are all empty.
pub fn pooled_quantile<'a>(histograms: impl IntoIterator<Item = &'a [u32]>, q: f64) -> Option<f64> {
    let mut sum: Vec<u32> = Vec::new();
    for h in histograms {
        if sum.len() < h.len() {
            sum.resize(h.len(), 0);
        }
        for (s, &x) in sum.iter_mut().zip(h) {
            *s += x;
        }
    }
    let (value, n) = calendar_quantile(&sum, q);
    (n > 0.0).then_some(value)
}

/// A territory's histogram, as a task result carries it.
pub type DayHistogram = (u16, String, Vec<u32>);

/// The histograms [`DAY_QUANTILES`] read, per territory, for group `all`:
/// `gp_days` and `all_days` (every need kind) and their members by need kind
/// seen, and `specialist_days.<specialty>` (with `specialist_urgent_days` and
/// `specialist_routine_days`) when the second line ran. Empty
/// histograms are left out, trailing zero bins dropped.
pub fn day_histograms(r: &Recorder, territories: usize) -> Vec<DayHistogram> {
    let mut out = Vec::new();
    let mut push = |t: usize, name: String, h: &[u32]| {
        let end = h.iter().rposition(|&x| x > 0).map_or(0, |i| i + 1);
        if end > 0 {
            out.push((t as u16, name, h[..end].to_vec()));
        }
    };
    for t in 0..territories {
        let ctx = Ctx { c: r.cell(t, 0), r, t, g: 0 };
        for (gp, name) in [(true, "gp_days"), (false, "all_days")] {
            push(t, name.to_string(), &ctx.days(gp));
            for k in KINDS_SEEN {
                push(t, format!("{name}.{}", k.label()), ctx.days_of(gp, k.index()));
            }
        }
        if !r.second_line.is_empty() {
            for (s, sp) in Specialty::ALL.iter().enumerate() {
                let sl = ctx.second_line();
                push(t, format!("specialist_days.{}", sp.label()), sl.delays(s));
                push(t, format!("specialist_urgent_days.{}", sp.label()), sl.urgent_delays(s));
                push(t, format!("specialist_routine_days.{}", sp.label()), &sl.routine_delays(s));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicators::{cells, NeedSeen};
    use crate::model::{AgeBand, DensityClass, NeedKind};

    /// By hand, two territories, the second with nothing recorded:
    /// territory 0 sees two chronic follow-ups by its GPs 3 days after the
    /// request, one renewal by a service (not a GP) the same day, and one
    /// acute need by a GP after 200 days (the last bin, 127: the histogram
    /// has 128 one-day bins). So `gp_days` = 2 in bin 3, 1 in bin 127 (128
    /// bins); `gp_days.chronic_followup` = [0, 0, 0, 2] (trailing zeros
    /// dropped); `gp_days.acute_minor` = 1 in bin 127; `all_days` adds the
    /// renewal in bin 0, and `all_days.renewal` = [1]; every other kind,
    /// and territory 1, have nothing and are left out. With the second
    /// line on, one routine cardiology advice after 10 days: `specialist_days.cardiology`
    /// and `specialist_routine_days.cardiology` = 1 in bin 10 (11 bins), no
    /// urgent histogram, the other specialties left out.
    #[test]
    fn day_histograms_carry_the_non_empty_histograms_of_group_all() {
        let mut r = Recorder::new(2, Vec::new(), 0);
        let c = cells(DensityClass::Rural, AgeBand::A15to44, false, true);
        let seen = |kind, calendar_days, gp| NeedSeen { kind, delay_min: calendar_days * 1440, calendar_days, gp, at_visit: false };
        for _ in 0..2 {
            r.need_seen(0, c, &seen(NeedKind::ChronicFollowUp, 3, true));
        }
        r.need_seen(0, c, &seen(NeedKind::Renewal, 0, false));
        r.need_seen(0, c, &seen(NeedKind::AcuteMinor, 200, true));
        let bins = |set: &[(usize, u32)], len: usize| {
            let mut h = vec![0u32; len];
            for &(i, n) in set {
                h[i] = n;
            }
            h
        };
        let expected: Vec<DayHistogram> = vec![
            (0, "gp_days".into(), bins(&[(3, 2), (127, 1)], 128)),
            (0, "gp_days.acute_minor".into(), bins(&[(127, 1)], 128)),
            (0, "gp_days.chronic_followup".into(), vec![0, 0, 0, 2]),
            (0, "all_days".into(), bins(&[(0, 1), (3, 2), (127, 1)], 128)),
            (0, "all_days.acute_minor".into(), bins(&[(127, 1)], 128)),
            (0, "all_days.chronic_followup".into(), vec![0, 0, 0, 2]),
            (0, "all_days.renewal".into(), vec![1]),
        ];
        assert_eq!(day_histograms(&r, 2), expected);
        r.enable_second_line();
        r.second_line_record(0, c, &mut |s| s.advice(Specialty::Cardiology.index(), 10, false));
        let mut with_second_line = expected;
        with_second_line.push((0, "specialist_days.cardiology".into(), bins(&[(10, 1)], 11)));
        with_second_line.push((0, "specialist_routine_days.cardiology".into(), bins(&[(10, 1)], 11)));
        assert_eq!(day_histograms(&r, 2), with_second_line);
    }

    #[test]
    fn pooling_names_the_histogram_and_the_quantile() {
        assert_eq!(pooling_of("gp_delay_median_calendar_days"), Some(("gp_days".into(), 0.5)));
        assert_eq!(pooling_of("gp_delay_p90_calendar_days.prevention"), Some(("gp_days.prevention".into(), 0.9)));
        assert_eq!(pooling_of("delay_median_calendar_days.chronic_followup"), Some(("all_days.chronic_followup".into(), 0.5)));
        assert_eq!(pooling_of("specialist_delay_median_days.ophthalmology"), Some(("specialist_days.ophthalmology".into(), 0.5)));
        // The family has no plain member; means and shares pool by weighted mean.
        assert_eq!(pooling_of("specialist_delay_median_days"), None);
        assert_eq!(pooling_of("specialist_urgent_delay_median_days.dermatology"), Some(("specialist_urgent_days.dermatology".into(), 0.5)));
        assert_eq!(pooling_of("gp_delay_mean_calendar_days"), None);
        assert_eq!(pooling_of("gp_delay_median_calendar_days."), None);
        assert_eq!(pooling_of("ed_visits_per_1000"), None);
    }

    #[test]
    fn the_pooled_median_is_the_median_of_the_summed_requests() {
        // Territory A: 3 requests at 0 days, 1 at 10 (median 0).
        // Territory B: 1 request at 0 days, 3 at 4 days (median 4).
        // Pooled, 8 requests sorted: 0 0 0 0 | 4 4 4 10: rank ⌈0.5·8⌉ = 4 → 0 days.
        let a = [3u32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        let b = [1u32, 0, 0, 0, 3];
        assert_eq!(pooled_quantile([&a[..]], 0.5), Some(0.0));
        assert_eq!(pooled_quantile([&b[..]], 0.5), Some(4.0));
        assert_eq!(pooled_quantile([&a[..], &b[..]], 0.5), Some(0.0));
        // 90th percentile: rank ⌈7.2⌉ = 8 → 10 days.
        assert_eq!(pooled_quantile([&a[..], &b[..]], 0.9), Some(10.0));
        assert_eq!(pooled_quantile([&[0u32, 0][..], &[][..]], 0.5), None);
        assert_eq!(pooled_quantile(std::iter::empty(), 0.5), None);
    }
}
