//! Workforce events: dated GP retirements and installations.
//!
//! Dated events retire (the oldest first) or install GPs in a named zone (a
//! retiring GP's patients become orphans; appointments already booked are
//! honoured). The age-driven retirements and the installations of every run
//! are not a policy: they are the model's workforce dynamics
//! (`model::workforce`, `[parameters.workforce]`), on by default.

use super::spec::Common;
use super::*;
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct WorkforceParams {
    pub events: Vec<WorkforceEvent>,
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
    }
}
