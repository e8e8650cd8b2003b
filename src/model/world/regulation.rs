//! SAS regulation (issue 18 §2): a call to the regulation line, answered
//! when a line is free, and oriented to a participating GP's slot or, when
//! the regulator orients to every option, to a service the need is offered
//! (PDSA, teleconsultation, pharmacist or nurse under protocol …).
//!
//! **Answer.** Within its daily capacity (`calls_per_day`, as before; a call
//! beyond it is not taken, counted in `sas_over_capacity_share`) a call
//! waits for the first of the regulator's `lines` to be free; each call
//! holds a line `handling_minutes`. A caller who would wait more than
//! `patience_minutes` hangs up after that long (abandoned: the call uses no
//! capacity and costs nothing). With `lines` = 0 every call is answered at
//! once and takes no time (`policy::sas` sets the handling to 0), as before. **Time in regulation** of a call: its wait plus its handling
//! (answered), or the patience (abandoned).
//!
//! **Orientation.** At the end of the call (onset + wait + handling), the
//! regulator books the nearest participating GP's unscheduled slot within
//! `max_delay`; failing that, when it orients to every option, the earliest
//! place of the services offered for the need within the same delay (the
//! regulator knows every service, whatever the patient knows). What follows
//! a call that books nothing is the caller's (`world::booking`).
//!
//! **Advice.** Before any booking, the regulator may resolve the call by
//! advice (`advice_share`); an advised caller follows it with probability
//! `advice_adherence` (the need then ends, `Regulated::Advised`), or makes
//! their own choice as after a call that booked nothing.

use super::{Place, World};
use crate::engine::{Minutes, SimTime};
use crate::model::policy::{Offer, RegulatorId};
use crate::model::providers::SlotUse;
use crate::model::NeedKind;

/// What a call to the regulation came to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Regulated {
    /// No call was made.
    NotCalled,
    /// The day's capacity was used: the call was not taken.
    OverCapacity,
    /// The caller hung up before an answer.
    Abandoned,
    /// Answered; no GP slot (nor service place) within the delay.
    NotOriented,
    /// Answered and booked (the consultation time, or None after an earlier escalation).
    Booked(Option<SimTime>),
    /// Answered and resolved by advice: no consultation, no ED visit (the
    /// need's escalation, if one was drawn, still happens).
    Advised,
    /// Answered and advised, but the caller does not follow the advice
    /// (`advice_adherence`): their own choice follows, as after `NotOriented`.
    AdviceNotFollowed,
}

/// What the regulator's advice came to on an answered call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Advice {
    NotGiven,
    Followed,
    NotFollowed,
}

/// The lines of a regulator: when each is free again.
#[derive(Clone, Debug, Default)]
pub(super) struct Lines {
    free_at: Vec<SimTime>,
}

impl Lines {
    /// `n` lines, free from the start (0: no limit).
    pub fn new(n: u32) -> Self {
        Lines { free_at: vec![SimTime::ZERO; n as usize] }
    }

    /// A call at `t`: the minutes it waits for the first free line (which it
    /// then holds `handling` minutes), or None if that wait exceeds `patience`.
    pub fn answer(&mut self, t: SimTime, handling: u32, patience: u32) -> Option<u32> {
        let Some((i, free)) = self.free_at.iter().copied().enumerate().min_by_key(|&(_, f)| f) else {
            return Some(0);
        };
        let start = free.max(t);
        let wait = (start - t).0;
        if wait > patience {
            return None;
        }
        self.free_at[i] = start + Minutes(handling);
        Some(wait)
    }
}

impl World<'_> {
    /// A call of `patient` at `t` to regulator `r`; `offers` are the services
    /// offered for the need (used when the regulator orients to every option).
    pub(super) fn regulate(
        &mut self,
        t: SimTime,
        patient: u32,
        r: RegulatorId,
        escalation: Option<SimTime>,
        offers: &[Offer],
    ) -> Regulated {
        let day = t.day();
        let reg = &mut self.regulators[r as usize];
        if reg.used.0 != day {
            reg.used = (day, 0);
        }
        if reg.used.1 >= reg.calls_per_day {
            if t >= self.warmup {
                let (terr, c) = self.cells_of(patient);
                self.rec.sas_over_capacity(terr, c);
            }
            return Regulated::OverCapacity;
        }
        let o = reg.orientation;
        let Some(wait) = reg.lines.answer(t, o.handling_minutes, o.patience_minutes) else {
            if t >= self.warmup {
                let (terr, c) = self.cells_of(patient);
                self.rec.sas_abandoned(terr, c, o.patience_minutes);
            }
            return Regulated::Abandoned;
        };
        reg.used.1 += 1;
        let (at, latest, cost) = (t + Minutes(wait + o.handling_minutes), t + reg.max_delay, reg.cost_per_call_eur);
        let advice = self.advice(t, patient, &o);
        if advice != Advice::NotGiven {
            if t >= self.warmup {
                let (terr, c) = self.cells_of(patient);
                self.rec.sas_call(terr, c, false);
                self.rec.sas_answered(terr, c, wait + o.handling_minutes, false);
                if advice == Advice::Followed {
                    self.rec.sas_advised(terr, c);
                }
                self.rec.cost(terr, c, cost);
            }
            if advice == Advice::NotFollowed {
                return Regulated::AdviceNotFollowed;
            }
            self.end_by_advice(patient, t, escalation);
            return Regulated::Advised;
        }
        let place = self.regulated_gp_slot(at, latest, patient, r).map(Place::Gp).or_else(|| {
            if !o.all_options {
                return None;
            }
            let zone = self.patients[patient as usize].zone;
            let services =
                offers.iter().filter_map(|offer| self.service_place(offer.service, zone, at, latest).map(|p| (offer.service, p.0)));
            services.min_by_key(|&(s, p)| (p.2, s)).map(|(s, p)| Place::Service(s, p))
        });
        if t >= self.warmup {
            let (terr, c) = self.cells_of(patient);
            self.rec.sas_call(terr, c, matches!(place, Some(Place::Gp(_))));
            self.rec.sas_answered(terr, c, wait + o.handling_minutes, matches!(place, Some(Place::Service(..))));
            self.rec.cost(terr, c, cost);
        }
        match place {
            Some(p) => Regulated::Booked(self.book(t, patient, NeedKind::AcuteMinor, p, escalation)),
            None => Regulated::NotOriented,
        }
    }

    /// Whether the regulator advises on the call of the acute minor need of
    /// `patient` arisen at `t`, and whether the caller follows the advice:
    /// a first uniform of the need's own stream (`sas_advice`) below
    /// `advice_share`, then a second below `advice_adherence`. No draw when
    /// the share is 0, so a SAS without advice leaves every other draw where
    /// it was; no second draw when every caller follows (adherence 1).
    fn advice(&self, t: SimTime, patient: u32, o: &crate::model::policy::Orientation) -> Advice {
        use rand::Rng;
        if o.advice_share <= 0.0 {
            return Advice::NotGiven;
        }
        let mut rng = crate::engine::RandomStreams::entity(self.keys.advice, super::need_id(patient, NeedKind::AcuteMinor, t));
        if rng.random::<f64>() >= o.advice_share {
            Advice::NotGiven
        } else if o.advice_adherence >= 1.0 || rng.random::<f64>() < o.advice_adherence {
            Advice::Followed
        } else {
            Advice::NotFollowed
        }
    }

    /// A need resolved by advice ends there (no consultation, not forgone,
    /// no ED visit); a need drawn to escalate escalates at its time, as an
    /// untreated need does (advice does not treat).
    fn end_by_advice(&mut self, patient: u32, onset: SimTime, escalation: Option<SimTime>) {
        match escalation {
            Some(e) => self.queue.schedule(e, super::Event::Escalation { patient, onset, booked: false }),
            None => self.diag.advised += 1,
        }
    }

    /// The nearest participating GP's unscheduled slot in [`at`, `latest`].
    fn regulated_gp_slot(&self, at: SimTime, latest: SimTime, patient: u32, r: RegulatorId) -> Option<crate::model::providers::Booking> {
        let zone = self.patients[patient as usize].zone;
        let weeks_off = self.p.gp.weeks_off_per_year;
        let members = &self.regulators[r as usize].gps;
        super::nearest_first(&self.zone_gps[zone as usize], u64::from(patient)).find_map(|&(g, _)| {
            if members.get(g as usize) != Some(&true) {
                return None;
            }
            self.gps[g as usize].earliest(&self.layout, at, latest, SlotUse::Unscheduled, weeks_off).map(|mut b| {
                b.gp = g;
                b
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_beyond_the_lines_wait_then_hang_up() {
        // One line, 10 minutes a call, patience 15: three calls at minute 100
        // wait 0 and 10 minutes; the third would wait 20 > 15 and hangs up
        // (by hand). A call at 125 finds the line free again (busy until 120).
        let mut lines = Lines::new(1);
        let t = SimTime(100);
        assert_eq!(lines.answer(t, 10, 15), Some(0));
        assert_eq!(lines.answer(t, 10, 15), Some(10));
        assert_eq!(lines.answer(t, 10, 15), None);
        assert_eq!(lines.answer(SimTime(125), 10, 15), Some(0));
        // Two lines: the first two calls are answered at once, the third waits 10.
        let mut two = Lines::new(2);
        assert_eq!([two.answer(t, 10, 60), two.answer(t, 10, 60), two.answer(t, 10, 60)], [Some(0), Some(0), Some(10)]);
        // No line limit: never a wait.
        assert_eq!(Lines::new(0).answer(t, 10, 0), Some(0));
    }
}
