//! Teleconsultation (and telexpertise).
//!
//! A platform (and/or participating GPs) offers remote consultations, booked
//! like any service but with no travel. Eligible: acute minor needs,
//! renewals and chronic follow-ups, for patients with digital access (skills
//! × household broadband, so it does little where broadband is absent). A
//! share of teleconsultations needs an in-person follow-up. Telexpertise (GP
//! asking a specialist remotely) lowers the hospitalisation risk after a
//! consultation for chronic patients of the scope.

use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Teleconsultation parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TeleconsultationParams {
    /// Doctors consulting remotely at once (platform; assumption).
    pub doctors: u32,
    /// Teleconsultations the platform gives per day for the scope (assumption: about a part-time doctor).
    pub consultations_per_day: u32,
    /// Utility of a teleconsultation relative to an in-person GP at equal delay (assumption: a mild preference for in person).
    pub asc: f64,
    /// Share of teleconsultations needing an in-person follow-up (assumption).
    pub follow_up_share: f64,
    /// Offer teleconsultation for chronic follow-ups and renewals too.
    pub planned_care: bool,
    /// Telexpertise: multiplier of the hospitalisation risk after a consultation of a chronic patient (assumption).
    pub telexpertise_factor: f64,
    /// Platform cost, € per year (assumption).
    pub cost_per_year_eur: f64,
}

impl Default for TeleconsultationParams {
    fn default() -> Self {
        TeleconsultationParams {
            doctors: 1,
            consultations_per_day: 20,
            asc: -0.5,
            follow_up_share: 0.15,
            planned_care: true,
            telexpertise_factor: 0.9,
            cost_per_year_eur: 20_000.0,
        }
    }
}

pub struct Teleconsultation {
    c: Common,
    p: TeleconsultationParams,
    service: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
}

impl Teleconsultation {
    pub fn new(c: Common, p: TeleconsultationParams) -> Self {
        Teleconsultation { c, p, service: None, costs: Vec::new() }
    }
}

impl Policy for Teleconsultation {
    common_accessors!("teleconsultation", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let terr = scope_territories(&self.c.scope, ctx);
        if terr.is_empty() || self.p.doctors == 0 || self.p.consultations_per_day == 0 {
            return;
        }
        use Weekday::*;
        let mut hours =
            OpeningHours::weekly(&[Monday, Tuesday, Wednesday, Thursday, Friday], (hm(8, 0), hm(14, 0)), (hm(14, 0), hm(22, 0)));
        hours.set(Saturday, (hm(8, 0), hm(14, 0)), (hm(14, 0), hm(20, 0)));
        hours.set(Sunday, (hm(9, 0), hm(13, 0)), (hm(14, 0), hm(20, 0)));
        let spec = ServiceSpec::new(format!("{}_remote", self.c.name), ProfessionalKind::Gp, hours)
            .remote()
            .capacity_per_day(self.p.consultations_per_day)
            .parallel(self.p.doctors)
            .follow_up_share(self.p.follow_up_share)
            .unit_cost_eur(30.0)
            .horizon_days(14)
            .holidays(HolidayHours::AsUsual);
        self.service = Some(ctx.add_service(spec));
        self.costs = split_cost(self.p.cost_per_year_eur, &terr);
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        let Some(s) = self.service else { return };
        let eligible = match kind {
            NeedKind::AcuteMinor => true,
            NeedKind::Renewal | NeedKind::ChronicFollowUp => self.p.planned_care,
            _ => false,
        };
        if eligible && p.digital && self.c.scope.covers(p.zone) {
            req.offers.push(Offer { service: s, asc: self.p.asc });
        }
    }

    fn max_consultation_factor(&self) -> f64 {
        self.p.telexpertise_factor.max(1.0)
    }

    fn on_consultation(&self, p: &PatientView, _kind: NeedKind) -> f64 {
        if self.service.is_some() && self.c.scope.covers(p.zone) && p.health.is_chronic() {
            self.p.telexpertise_factor
        } else {
            1.0
        }
    }
}
