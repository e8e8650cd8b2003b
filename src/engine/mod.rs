//! The simulation engine: simulated time, the event queue, working calendars,
//! named random streams and the replication runner.
//!
//! This layer knows nothing about health care. It can be tested on its own
//! (see the M/M/c test in `tests/engine_mmc.rs`) and is reused by the model in
//! [`crate::model`]. Dependencies point one way: engine ← model ← interface.

pub mod calendar;
pub mod huge_pages;
pub mod queue;
pub mod rng;
pub mod runner;
pub mod time;

pub use calendar::{Calendar, HolidayHours, OpeningHours, Weekday};
pub use queue::EventQueue;
pub use rng::{stable_hash, RandomStreams, StreamRng};
pub use runner::run_replications;
pub use time::{Minutes, SimTime, MINUTES_PER_DAY, MINUTES_PER_HOUR, MINUTES_PER_WEEK};

/// A hint to load the cache line at `p` into the cache (x86-64
/// `prefetcht0`; nothing on other targets). It never faults and never
/// changes a result: it only hides memory latency when the next data to be
/// touched is known ahead (the sorted day of the event queue, a shuffled
/// order of patients).
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it never faults, whatever the
    // address, and reads nothing; SSE is part of the x86-64 baseline.
    #[allow(unused_unsafe)]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
