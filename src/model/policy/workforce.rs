//! Workforce events and dynamics: GP retirements and installations.
//!
//! Dated events retire or install GPs in a named zone (a retiring GP's
//! patients become orphans; appointments already booked are honoured). With
//! `dynamics`, GPs of the scope retire with a yearly probability rising with
//! age, and new GPs install with a rate per inhabitant, lower in rural zones
//! and raised where an MSP or a CPTS exists (their `attractiveness`). GP
//! numbers fell 6.5 % in France from 2012 to 2023 (model brief §4.8).

use super::spec::Common;
use super::*;
use crate::model::DensityClass;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A dated workforce event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkforceEvent {
    /// Day of the event, counted from the end of the warm-up.
    pub day: u32,
    /// Zone name (a synthetic zone such as "rural-012", or an explicit zone's name).
    pub zone: String,
    /// GPs installing (positive) or retiring (negative).
    pub change: i32,
}

/// Workforce parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WorkforceParams {
    pub events: Vec<WorkforceEvent>,
    /// Age-driven retirements and installations (for multi-year runs).
    pub dynamics: bool,
    /// Yearly probability of retiring between 62 and 66 (assumption).
    pub retirement_62: f64,
    /// Yearly probability of retiring from 67 (assumption).
    pub retirement_67: f64,
    /// New GPs per 10,000 inhabitants per year before attractiveness (assumption, to calibrate on the 2012–2023 trend).
    pub installations_per_10000: f64,
    /// Multiplier of installations in rural and isolated zones (assumption).
    pub rural_factor: f64,
}

impl Default for WorkforceParams {
    fn default() -> Self {
        WorkforceParams {
            events: Vec::new(),
            dynamics: false,
            retirement_62: 0.12,
            retirement_67: 0.35,
            installations_per_10000: 0.35,
            rural_factor: 0.6,
        }
    }
}

pub struct Workforce {
    c: Common,
    p: WorkforceParams,
    /// Events resolved to zone indices: (day after warm-up, zone, change).
    events: Vec<(u32, u32, i32)>,
}

impl Workforce {
    pub fn new(c: Common, p: WorkforceParams) -> Self {
        Workforce { c, p, events: Vec::new() }
    }

    fn retirement_probability(&self, age: u32) -> f64 {
        match age {
            0..=61 => 0.0,
            62..=66 => self.p.retirement_62,
            _ => self.p.retirement_67,
        }
    }
}

impl Policy for Workforce {
    common_accessors!("workforce");

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        self.events = self
            .p
            .events
            .iter()
            .filter_map(|e| (0..ctx.zones() as u32).find(|&z| ctx.zone_name(z) == e.zone).map(|z| (e.day, z, e.change)))
            .collect();
    }

    fn daily(&mut self, ctx: &dyn DayContext, actions: &mut Vec<DailyAction>) {
        let day = ctx.day();
        let after_warmup = day.checked_sub(ctx.warmup_days());
        for &(d, zone, change) in &self.events {
            if Some(d) != after_warmup {
                continue;
            }
            if change > 0 {
                actions.extend((0..change).map(|_| DailyAction::InstallGp { zone }));
            } else {
                let mut here: Vec<(u32, u32, u8)> = ctx.active_gps().into_iter().filter(|g| g.1 == zone).collect();
                here.sort_by_key(|g| (std::cmp::Reverse(g.2), g.0));
                actions.extend(here.iter().take(change.unsigned_abs() as usize).map(|g| DailyAction::RetireGp { gp: g.0 }));
            }
        }
        if !self.p.dynamics {
            return;
        }
        let years = day / 365;
        for (gp, zone, age) in ctx.active_gps() {
            let p = self.retirement_probability(u32::from(age) + years);
            if self.c.scope.covers(zone) && p > 0.0 && ctx.random(&self.c.name, (u64::from(day) << 32) | u64::from(gp)) < p / 365.0 {
                actions.push(DailyAction::RetireGp { gp });
            }
        }
        for zone in 0..ctx.zones() as u32 {
            if !self.c.scope.covers(zone) {
                continue;
            }
            let rural = matches!(ctx.zone_density(zone), DensityClass::Rural | DensityClass::Isolated);
            let rate = self.p.installations_per_10000 * ctx.zone_inhabitants(zone) as f64 / 10_000.0 / 365.0
                * ctx.attractiveness(zone)
                * if rural { self.p.rural_factor } else { 1.0 };
            if ctx.random(&self.c.name, (u64::from(day) << 32) | (1 << 31) | u64::from(zone)) < rate {
                actions.push(DailyAction::InstallGp { zone });
            }
        }
    }
}
