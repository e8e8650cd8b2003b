//! Requests for care and what becomes of them (issue 17): booking ahead,
//! failed requests and their outcomes, and the causes of forgone care.
//!
//! - **Booking ahead.** A planned need (chronic follow-up, renewal,
//!   prevention, complex situation) is requested some whole days before the
//!   date it is wanted for: its *lead time*, log-normal around a median by
//!   need kind ([`lead_days`]). The slot is searched from that preferred
//!   date; the delay is still measured from the request, as surveys do
//!   (DREES, Études et Résultats n° 1085, 2018).
//! - **A request fails** when the patient's first choice has no acceptable
//!   slot: the own GP (médecin traitant) for a registered patient, any GP
//!   the patient knows for one without. What follows is one of
//!   [`RequestOutcome`]; the shares are indicators.
//! - **Forgone care has a cause** ([`ForgoCause`]).

use super::NeedKind;
use crate::model::params::WaitParams;

/// What follows a failed request (the first choice had no acceptable slot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestOutcome {
    /// Seen by another professional: another GP (network, SAS, one the
    /// patient knows) or a service (nurse, pharmacist, teleconsultation …).
    OtherProfessional = 0,
    /// Waited for the own GP's first slot beyond the tolerance.
    WaitedOwnGp = 1,
    /// Went to the emergency department.
    Ed = 2,
    /// Gave up: the need is forgone.
    GaveUp = 3,
}

impl RequestOutcome {
    pub const ALL: [RequestOutcome; 4] =
        [RequestOutcome::OtherProfessional, RequestOutcome::WaitedOwnGp, RequestOutcome::Ed, RequestOutcome::GaveUp];
    pub fn label(self) -> &'static str {
        ["other_professional", "waited_own_gp", "ed", "gave_up"][self as usize]
    }
}

/// Why a need was forgone; the causes partition forgone needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForgoCause {
    /// No slot in time with any professional the patient knew of.
    NoSlot = 0,
    /// No GP within reach of the patient's zone, and no other option.
    Distance = 1,
    /// The first choice failed and the patient knew of no other option
    /// (lack of information, `choice.information_lack`), or did not know
    /// of a service offered that had a place (`model::legibility`).
    Information = 2,
    /// The first choice failed; other options existed (another GP, a later
    /// slot with the own GP, a service, the ED) and the patient gave up.
    GaveUpAfterFailure = 3,
    /// A slot was offered by the first choice and the patient did not take
    /// it (cost, vulnerability, preference: the logit's forgo option).
    Declined = 4,
}

impl ForgoCause {
    pub const ALL: [ForgoCause; 5] =
        [ForgoCause::NoSlot, ForgoCause::Distance, ForgoCause::Information, ForgoCause::GaveUpAfterFailure, ForgoCause::Declined];
    pub fn label(self) -> &'static str {
        ["no_slot", "distance", "information", "gave_up_after_failure", "declined"][self as usize]
    }

    /// The cause of a need forgone when no primary-care option was found:
    /// `gp_in_reach` (any GP within reach of the zone, or the patient has
    /// one), `informed` (the patient knew of options beyond the own GP).
    pub fn without_option(gp_in_reach: bool, informed: bool) -> ForgoCause {
        if !gp_in_reach {
            ForgoCause::Distance
        } else if !informed {
            ForgoCause::Information
        } else {
            ForgoCause::NoSlot
        }
    }
}

/// The median lead time (days) of a need kind; 0 for the kinds that are not
/// booked ahead (acute needs, post-discharge and in-person follow-up visits).
pub fn lead_median_days(w: &WaitParams, kind: NeedKind) -> f64 {
    match kind {
        NeedKind::ChronicFollowUp => w.lead_followup_days,
        NeedKind::Renewal => w.lead_renewal_days,
        NeedKind::Prevention => w.lead_prevention_days,
        NeedKind::Complex => w.lead_complex_days,
        _ => 0.0,
    }
}

/// The lead time in whole days: median × exp(log_sd · z), rounded to the
/// nearest day, at most `cap` days. `z` is a standard normal deviate.
pub fn lead_days(median: f64, log_sd: f64, z: f64, cap: u32) -> u32 {
    if median <= 0.0 {
        return 0;
    }
    let days = (median * (log_sd * z).exp()).round();
    if days.is_finite() {
        (days.max(0.0) as u32).min(cap)
    } else {
        cap
    }
}

/// Delay bands of GP appointment surveys, in calendar days (request day = 0).
pub const CALENDAR_BANDS: [(&str, u32, u32); 6] =
    [("same_day", 0, 1), ("next_day", 1, 2), ("2-4d", 2, 5), ("5-9d", 5, 10), ("10-29d", 10, 30), ("30d+", 30, u32::MAX)];

/// Bins of the calendar-day histograms: 0 … CALENDAR_BINS − 2 days, and one
/// bin for anything later.
pub const CALENDAR_BINS: usize = 128;

/// The histogram bin of a delay of `days` calendar days.
pub fn calendar_bin(days: u32) -> usize {
    (days as usize).min(CALENDAR_BINS - 1)
}

/// Count in [lo, hi) days and total count of a calendar-day histogram.
pub fn calendar_band(hist: &[u32], lo: u32, hi: u32) -> (f64, f64) {
    let n: u64 = hist.iter().map(|&h| u64::from(h)).sum();
    let (a, b) = (calendar_bin(lo), if hi == u32::MAX { hist.len() } else { calendar_bin(hi) });
    let inside: u64 = hist[a..b.max(a)].iter().map(|&h| u64::from(h)).sum();
    (inside as f64, n as f64)
}

/// The `q` quantile (in calendar days) of a calendar-day histogram, as
/// (value, 1), or (0, 0) when it is empty. Rank ⌈q·n⌉, as the hourly histogram.
pub fn calendar_quantile(hist: &[u32], q: f64) -> (f64, f64) {
    let n: u64 = hist.iter().map(|&h| u64::from(h)).sum();
    if n == 0 {
        return (0.0, 0.0);
    }
    let rank = (q * n as f64).ceil().max(1.0) as u64;
    let mut acc = 0;
    for (b, &h) in hist.iter().enumerate() {
        acc += u64::from(h);
        if acc >= rank {
            return (b as f64, 1.0);
        }
    }
    (0.0, 0.0)
}

/// Sum of calendar days (bin value × count; the last bin counts its lower bound) and count.
pub fn calendar_mean_parts(hist: &[u32]) -> (f64, f64) {
    let (mut sum, mut n) = (0u64, 0u64);
    for (b, &h) in hist.iter().enumerate() {
        sum += b as u64 * u64::from(h);
        n += u64::from(h);
    }
    (sum as f64, n as f64)
}

/// Hour bands of the day for ED visits: (label, first hour, end hour).
pub const HOUR_BANDS: [(&str, u32, u32); 6] =
    [("00-08h", 0, 8), ("08-12h", 8, 12), ("12-14h", 12, 14), ("14-18h", 14, 18), ("18-20h", 18, 20), ("20-24h", 20, 24)];

/// The hour band of minute `minute_of_day`.
pub fn hour_band(minute_of_day: u32) -> usize {
    let h = minute_of_day / 60;
    HOUR_BANDS.iter().position(|b| h >= b.1 && h < b.2).unwrap_or(HOUR_BANDS.len() - 1)
}

/// Weekday labels, Monday first (day 0 of a run is a Monday).
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_times_are_log_normal_whole_days() {
        assert_eq!(lead_days(4.0, 0.8, 0.0, 60), 4, "z = 0 gives the median");
        assert_eq!(lead_days(4.0, 0.5, 1.0, 60), (4.0 * 0.5f64.exp()).round() as u32);
        assert_eq!(lead_days(4.0, 0.5, 20.0, 30), 30, "capped");
        assert_eq!(lead_days(0.0, 0.8, 3.0, 60), 0, "no lead when the median is 0");
        assert_eq!(lead_days(3.0, 0.8, -10.0, 60), 0);
    }

    #[test]
    fn calendar_histogram_statistics() {
        let mut h = vec![0u32; CALENDAR_BINS];
        h[0] = 30; // same day
        h[1] = 20; // next day
        h[6] = 40;
        h[200usize.min(CALENDAR_BINS - 1)] = 10; // beyond the last bin
        assert_eq!(calendar_band(&h, 0, 2), (50.0, 100.0));
        assert_eq!(calendar_band(&h, 5, u32::MAX), (50.0, 100.0));
        assert_eq!(calendar_quantile(&h, 0.5), (1.0, 1.0));
        assert_eq!(calendar_quantile(&h, 0.9), (6.0, 1.0));
        assert_eq!(calendar_quantile(&vec![0; 4], 0.5), (0.0, 0.0));
        let (s, n) = calendar_mean_parts(&h);
        assert_eq!((s, n), ((20 + 240 + 10 * (CALENDAR_BINS - 1)) as f64, 100.0));
    }

    #[test]
    fn hour_bands_cover_the_day() {
        assert_eq!(hour_band(0), 0);
        assert_eq!(hour_band(8 * 60), 1);
        assert_eq!(hour_band(13 * 60 + 59), 2);
        assert_eq!(hour_band(23 * 60 + 59), 5);
        assert_eq!(ForgoCause::without_option(false, true), ForgoCause::Distance);
        assert_eq!(ForgoCause::without_option(true, false), ForgoCause::Information);
        assert_eq!(ForgoCause::without_option(true, true), ForgoCause::NoSlot);
    }
}
