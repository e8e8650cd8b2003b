//! PDSA (permanence des soins ambulatoires): an out-of-hours GP roster.
//!
//! A duty GP per sector on weekday evenings (20:00–24:00), Saturday
//! afternoon and evening, Sundays and public holidays (08:00–24:00; a
//! weekday holiday runs on Sunday hours). It is offered only to patients of
//! the scope whose acute need arises while the roster is on duty, that is
//! while practices are closed (cahier des charges régional de la PDSA,
//! art. R. 6315-1 CSP: 20:00–08:00, Saturday afternoon, Sundays and public
//! holidays; the night after midnight goes to the ED and the SAMU here).

use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::{Calendar, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// PDSA parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PdsaParams {
    /// GPs on duty at once in the scope (sectors; assumption: one per sector).
    pub gps_on_duty: u32,
    /// Minutes per out-of-hours consultation (assumption).
    pub slot_minutes: u32,
    /// Utility of a PDSA consultation relative to a GP at equal delay (assumption).
    pub asc: f64,
    /// Running cost, € per year per GP on duty (on-call fees ≈ €150 per evening, assumption).
    pub cost_per_year_per_duty_gp_eur: f64,
}

impl Default for PdsaParams {
    fn default() -> Self {
        PdsaParams { gps_on_duty: 1, slot_minutes: 20, asc: -0.2, cost_per_year_per_duty_gp_eur: 60_000.0 }
    }
}

pub struct Pdsa {
    c: Common,
    p: PdsaParams,
    service: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
    /// The roster's hours with the run's public holidays (on Sunday hours).
    calendar: Calendar,
}

impl Pdsa {
    pub fn new(c: Common, p: PdsaParams) -> Self {
        Pdsa { c, p, service: None, costs: Vec::new(), calendar: Calendar::new(out_of_hours()) }
    }
}

/// Whether the roster is on duty at `t` (weekday holidays on Sunday hours).
pub fn on_duty(t: SimTime, calendar: &Calendar) -> bool {
    calendar.is_open_under(t, HolidayHours::AsSunday)
}

/// Out-of-hours opening of the roster.
pub fn out_of_hours() -> OpeningHours {
    use Weekday::*;
    let mut h = OpeningHours::weekly(&[Monday, Tuesday, Wednesday, Thursday, Friday], (hm(20, 0), hm(24, 0)), (0, 0));
    h.set(Saturday, (hm(12, 0), hm(20, 0)), (hm(20, 0), hm(24, 0)));
    h.set(Sunday, (hm(8, 0), hm(14, 0)), (hm(14, 0), hm(24, 0)));
    h
}

impl Policy for Pdsa {
    common_accessors!("pdsa", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let zones: Vec<u32> = scope_zones(&self.c.scope, ctx);
        self.calendar = Calendar::new(out_of_hours()).with_holidays(ctx.holidays().to_vec());
        if zones.is_empty() || self.p.gps_on_duty == 0 {
            return;
        }
        let spec = ServiceSpec::new(format!("{}_pdsa", self.c.name), ProfessionalKind::Gp, out_of_hours())
            .at(zones)
            .slot_minutes(self.p.slot_minutes.max(5))
            .parallel(self.p.gps_on_duty)
            .unit_cost_eur(50.0)
            .horizon_days(2)
            .holidays(HolidayHours::AsSunday);
        self.service = Some(ctx.add_service(spec));
        self.costs = scope_cost(self.p.cost_per_year_per_duty_gp_eur * f64::from(self.p.gps_on_duty), &self.c.scope, ctx);
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, t: SimTime, req: &mut NeedRequest) {
        // The cheap tests first: most needs are not acute minor ones, and the
        // calendar's duty test is the dearest (the same answer in any order).
        let (NeedKind::AcuteMinor, Some(s)) = (kind, self.service) else { return };
        if self.c.scope.covers(p.zone) && on_duty(t, &self.calendar) {
            req.offers.push(Offer { service: s, asc: self.p.asc });
            req.roster = Some(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Minutes;

    fn at(day: u32, h: u32) -> SimTime {
        SimTime::from_day(day) + Minutes(h * 60)
    }

    #[test]
    fn the_roster_is_on_duty_only_when_practices_are_closed() {
        // Day 0 is a Monday; day 5 a Saturday, day 6 a Sunday; day 2 (Wednesday) a holiday.
        let holidays = Calendar::new(out_of_hours()).with_holidays(vec![2]);
        assert!(!on_duty(at(1, 10), &holidays), "Tuesday 10:00: practices open");
        assert!(on_duty(at(1, 21), &holidays), "Tuesday 21:00");
        assert!(!on_duty(at(1, 2), &holidays), "Tuesday 02:00: after midnight, not the roster");
        assert!(!on_duty(at(5, 10), &holidays), "Saturday morning: practices open");
        assert!(on_duty(at(5, 15), &holidays), "Saturday afternoon");
        assert!(on_duty(at(6, 9), &holidays), "Sunday 09:00");
        assert!(on_duty(at(2, 9), &holidays), "a weekday holiday at 09:00 runs on Sunday hours");
        assert!(!on_duty(at(3, 9), &holidays), "the day after the holiday is ordinary");
    }

    #[test]
    fn the_roster_is_offered_only_while_on_duty() {
        let c = Common {
            name: "pdsa".into(),
            schedule: Schedule { start: SimTime::ZERO, end: SimTime::NEVER },
            scope: Scope { in_zone: vec![true], participation: 1.0 },
        };
        let mut p = Pdsa::new(c, PdsaParams::default());
        p.service = Some(3);
        p.calendar = Calendar::new(out_of_hours()).with_holidays(vec![2]);
        let view = PatientView {
            id: 1,
            zone: 0,
            age: crate::model::AgeBand::A15to44,
            health: crate::model::population::Health::Healthy,
            vulnerable: false,
            digital: true,
            caregiver: false,
            gp: Some(0),
        };
        let offers = |t: SimTime| {
            let mut req = NeedRequest::default();
            p.on_need(&view, NeedKind::AcuteMinor, t, &mut req);
            req.offers.len()
        };
        assert_eq!(offers(at(1, 10)), 0, "Tuesday 10:00: practices are open, no PDSA");
        assert_eq!(offers(at(1, 21)), 1, "Tuesday 21:00");
        assert_eq!(offers(at(2, 10)), 1, "a weekday holiday, 10:00");
        assert_eq!(offers(at(6, 11)), 1, "Sunday 11:00");
    }
}
