//! How long a run asked from the page would compute, said before it
//! starts: a board member can ask all of France × 200 replications × 10
//! years from the form. The estimate is events = inhabitants × simulated
//! years (warm-up included) × arms × replications × events per
//! inhabitant-year ([`EVENTS_PER_INHABITANT_YEAR`], the command line's
//! guard's figure), then seconds = events ÷ ([`EVENTS_PER_SECOND_PER_THREAD`]
//! × the threads the run can use at once). Above [`CONFIRM_ABOVE_SECONDS`]
//! the page asks for a confirmation first; above [`REFUSE_ABOVE_SECONDS`] the
//! run is refused, with how to make it smaller. The constants below are the
//! one place of these assumptions.

use crate::commands::execution::EVENTS_PER_INHABITANT_YEAR;
use crate::scenario::Scenario;

/// Events simulated per second by one worker thread on this machine,
/// release build, measured on 2 Dec 2026 on the project's 2-core machine
/// as the server shares it (load average 6.7: other builds running):
/// `parcours run scenarios/real/lot.toml --replications 2 --years 1
/// --threads 1 --quiet --no-report` simulated 10,115,987 events (run.json
/// `events_simulated`) in 8.38 s (`wall_seconds`, set-up and output files
/// included): 1.21 M events/s, taken as 1.2 M. Unloaded, the same machine
/// does more (README "Performance": 5.4 M events/s for 1 M inhabitants,
/// 2.2 M for all of France, whose memory slows each event): the estimate
/// errs long, an order of magnitude rather than a promise.
pub const EVENTS_PER_SECOND_PER_THREAD: f64 = 1.2e6;

/// Above this estimate (seconds) the page asks "run it anyway?" before
/// starting (assumption: an hour is more than a board meeting waits for).
pub const CONFIRM_ABOVE_SECONDS: f64 = 3600.0;

/// Above this estimate (seconds) the page refuses the run (assumption: a
/// day of computing blocks the server's workers for every other user;
/// such runs belong to the command line or a cluster, docs/cluster.md).
pub const REFUSE_ABOVE_SECONDS: f64 = 24.0 * 3600.0;

/// A run's expected work.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Events to simulate, all tasks.
    pub events: f64,
    /// Seconds of computing on this machine with `threads` workers.
    pub seconds: f64,
}

/// The work of `s` (every arm × replication) on `threads` worker threads
/// (at least 1; no more are used than there are tasks).
pub fn estimate(s: &Scenario, threads: usize) -> Estimate {
    let tasks = s.arms().count() as u64 * u64::from(s.replications);
    let years = s.years + f64::from(s.warmup_days) / 365.0;
    of(s.inhabitants(), years, tasks, threads)
}

/// The work of `tasks` tasks of `inhabitants` over `years` (warm-up included).
pub fn of(inhabitants: u64, years: f64, tasks: u64, threads: usize) -> Estimate {
    let events = inhabitants as f64 * years * EVENTS_PER_INHABITANT_YEAR * tasks as f64;
    let parallel = (threads.max(1) as u64).min(tasks.max(1)) as f64;
    Estimate { events, seconds: events / (EVENTS_PER_SECOND_PER_THREAD * parallel) }
}

/// A duration rounded as one says it: "≈ 40 s", "≈ 12 min", "≈ 3 h", "≈ 2 jours" / "≈ 2 days".
pub fn duration(seconds: f64, fr: bool) -> String {
    let s = seconds.max(1.0);
    let (n, unit) = if s < 90.0 {
        (s.round(), "s")
    } else if s < 90.0 * 60.0 {
        ((s / 60.0).round(), "min")
    } else if s < 48.0 * 3600.0 {
        ((s / 3600.0).round(), "h")
    } else {
        ((s / 86400.0).round(), if fr { "jours" } else { "days" })
    };
    format!("≈\u{a0}{}\u{a0}{unit}", crate::io::count(n as u64, fr))
}

impl Estimate {
    /// "≈ 3 h de calcul sur cette machine" / "≈ 3 h of computing on this machine".
    pub fn text(&self, fr: bool) -> String {
        if fr {
            format!("{} de calcul sur cette machine", duration(self.seconds, true))
        } else {
            format!("{} of computing on this machine", duration(self.seconds, false))
        }
    }

    pub fn needs_confirmation(&self) -> bool {
        self.seconds > CONFIRM_ABOVE_SECONDS
    }

    pub fn refused(&self) -> bool {
        self.seconds > REFUSE_ABOVE_SECONDS
    }

    /// Why the run is refused or must be confirmed, and how to make it smaller.
    pub fn warning(&self, fr: bool) -> String {
        let limit = (if self.refused() { REFUSE_ABOVE_SECONDS } else { CONFIRM_ABOVE_SECONDS }) / 3600.0;
        let limit = format!("{}\u{a0}h", crate::io::count(limit.round() as u64, fr));
        match (fr, self.refused()) {
            (true, true) => format!(
                "Cette simulation demanderait {}\u{a0}: c'est trop pour cette page (au plus {limit}). Pour la réduire\u{a0}: moins de réplications, moins d'années simulées, moins de communes ou moins de variantes.",
                self.text(true)
            ),
            (true, false) => format!(
                "Cette simulation demanderait {} (au-delà de {limit}). Pour la raccourcir\u{a0}: moins de réplications, moins d'années simulées, moins de communes ou moins de variantes. La lancer quand même\u{a0}?",
                self.text(true)
            ),
            (false, true) => format!(
                "This run would take {}: too much for this page (at most {limit}). To reduce it: fewer replications, fewer simulated years, fewer communes or fewer variants.",
                self.text(false)
            ),
            (false, false) => format!(
                "This run would take {} (beyond {limit}). To shorten it: fewer replications, fewer simulated years, fewer communes or fewer variants. Run it anyway?",
                self.text(false)
            ),
        }
    }

    /// The estimate as the page receives it.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "events": self.events, "seconds": self.seconds, "text": self.text(false), "text_fr": self.text(true),
            "needs_confirmation": self.needs_confirmation(), "refused": self.refused(),
            "confirm_above_seconds": CONFIRM_ABOVE_SECONDS, "refuse_above_seconds": REFUSE_ABOVE_SECONDS,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: 1,000,000 inhabitants × 1 year × 9 events per
    /// inhabitant-year × 20 tasks = 1.8e8 events; on 2 threads at 1.2e6
    /// events/s each: 1.8e8 / 2.4e6 = 75 s. One task on 2 threads uses one: 7.5 s.
    #[test]
    fn the_estimate_is_events_over_the_measured_rate() {
        let e = of(1_000_000, 1.0, 20, 2);
        assert!((e.events - 1.8e8).abs() < 1.0, "{e:?}");
        assert!((e.seconds - 75.0).abs() < 1e-6, "{e:?}");
        assert!((of(1_000_000, 1.0, 1, 2).seconds - 7.5).abs() < 1e-9);
        assert_eq!(e.text(true), "≈\u{a0}75\u{a0}s de calcul sur cette machine");
        assert!(!e.needs_confirmation() && !e.refused());
    }

    /// All of France (68.35 M inhabitants), 20 replications of base and one
    /// variant, 10 years after a 182-day warm-up, 2 threads: 68.35e6 × 10.49863
    /// × 9 × 40 = 2.58329e11 events, / 2.4e6 = 107,637 s ≈ 30 h: refused (above
    /// 24 h); a tenth of it (2 replications) 10,764 s ≈ 3 h: to confirm.
    #[test]
    fn all_of_france_for_ten_years_is_refused_and_a_tenth_must_be_confirmed() {
        let years = 10.0 + 182.0 / 365.0;
        let france = of(68_350_000, years, 40, 2);
        assert!((france.seconds - 107_637.0).abs() < 5.0, "{france:?}");
        assert!(france.refused());
        assert_eq!(duration(france.seconds, true), "≈\u{a0}30\u{a0}h");
        let w = france.warning(true);
        assert!(w.starts_with("Cette simulation demanderait ≈\u{a0}30\u{a0}h de calcul sur cette machine"), "{w}");
        assert!(w.contains("moins de réplications"), "{w}");
        let tenth = of(68_350_000, years, 4, 2);
        assert!(tenth.needs_confirmation() && !tenth.refused(), "{tenth:?}");
        assert_eq!(duration(tenth.seconds, true), "≈\u{a0}3\u{a0}h");
        assert_eq!(duration(3.5 * 86400.0, true), "≈\u{a0}4\u{a0}jours");
        assert_eq!(duration(600.0, false), "≈\u{a0}10\u{a0}min");
    }
}
