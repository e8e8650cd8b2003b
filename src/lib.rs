//! # parcours — a simulator of territorial primary-care pathways
//!
//! `parcours` is an agent-based, discrete-event model of patients, health
//! professionals and coordination structures across French territories. It
//! answers: *what happens to delays, avoidable hospitalisations and emergency
//! visits, and for whom, if this territory changes its organisation?*
//!
//! Layers, dependencies pointing one way (docs/architecture.md § 1; the
//! table is checked by `tests/layers.rs`):
//!
//! - [`engine`]: simulated time, event queue, calendars, named random
//!   streams, replication runner — no health vocabulary; beside it
//!   [`stats`], [`io`] and [`provenance`], pure helpers;
//! - [`model`]: territory, patients, GPs, the pathway rules, indicators;
//! - the interface: [`geo`] data, [`scenario`] files, [`experiment`] plans
//!   and tasks, [`results`] in memory, [`output`] files, the [`report`],
//!   [`validation`], and [`commands`], under the `parcours` binary (a thin
//!   layer over this library) and the Python module.
//!
//! A short tour:
//!
//! ```
//! use parcours::{results, scenario};
//!
//! // Describe a territory (here: a tiny synthetic rural one).
//! let text = r#"
//! name = "tour"
//! replications = 2
//! years = 0.1
//! warmup_days = 10
//! [[territories]]
//! name = "valley"
//! archetype = "rural"
//! population = 2000
//! area_km2 = 200
//! "#;
//! let s = scenario::parse(text, "tour.toml").unwrap();
//! // Run its replications (on 1 thread) and summarise them.
//! let run = results::simulate(&s, 1, |_| {}).unwrap();
//! let summary = results::summarise(&run);
//! let ed = summary.iter().find(|r| r.group == "all" && r.indicator == "ed_visits_per_1000").unwrap();
//! assert!(ed.mean > 0.0);
//! ```

pub mod commands;
pub mod engine;
pub mod experiment;
pub mod geo;
pub mod io;
pub mod model;
pub mod output;
pub mod provenance;
pub mod report;
pub mod results;
pub mod scenario;
#[cfg(feature = "serve")]
pub mod serve;
pub mod stats;
pub mod validation;
