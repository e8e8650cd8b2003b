//! The simulation engine: simulated time, the event queue, working calendars,
//! named random streams and the replication runner.
//!
//! This layer knows nothing about health care. It can be tested on its own
//! (see the M/M/c test in `tests/engine_mmc.rs`) and is reused by the model in
//! [`crate::model`]. Dependencies point one way: engine ← model ← interface.

pub mod calendar;
pub mod queue;
pub mod rng;
pub mod runner;
pub mod time;

pub use calendar::{Calendar, OpeningHours, Weekday};
pub use queue::EventQueue;
pub use rng::{stable_hash, RandomStreams, StreamRng};
pub use runner::run_replications;
pub use time::{Minutes, SimTime, MINUTES_PER_DAY, MINUTES_PER_HOUR, MINUTES_PER_WEEK};
