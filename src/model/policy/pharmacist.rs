//! Extended pharmacist role: renewals of chronic treatments, vaccination
//! beyond the baseline, and minor conditions under protocol, in the
//! pharmacies of the scope.

use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Extended pharmacist role parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PharmacistParams {
    /// Pharmacists renew prescriptions (assumption: renewals of stable treatments).
    pub renewals: bool,
    /// Added share of prevention (vaccination) taken to pharmacies (assumption).
    pub vaccination_share: f64,
    /// Share of acute minor needs eligible for a pharmacist protocol (assumption).
    pub protocol_share: f64,
    /// Utility of a pharmacist consultation relative to a GP at equal delay (assumption).
    pub asc: f64,
    /// Fee per act, € (assumption, order of the pharmacist vaccination fee).
    pub fee_eur: f64,
}

impl Default for PharmacistParams {
    fn default() -> Self {
        PharmacistParams { renewals: true, vaccination_share: 0.2, protocol_share: 0.2, asc: -0.3, fee_eur: 10.0 }
    }
}

pub struct Pharmacist {
    c: Common,
    p: PharmacistParams,
    service: Option<ServiceId>,
    stream: u64,
}

impl Pharmacist {
    pub fn new(c: Common, p: PharmacistParams) -> Self {
        Pharmacist { c, p, service: None, stream: 0 }
    }
}

impl Policy for Pharmacist {
    common_accessors!("pharmacist");

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let zones: Vec<u32> = scope_zones(&self.c.scope, ctx);
        let sites = ctx.walk_in_sites(&self.c.scope.in_zone);
        if zones.is_empty() || sites == 0 {
            return;
        }
        use Weekday::*;
        let hours =
            OpeningHours::weekly(&[Monday, Tuesday, Wednesday, Thursday, Friday, Saturday], (hm(9, 0), hm(13, 0)), (hm(13, 0), hm(19, 30)));
        let spec = ServiceSpec::new(format!("{}_pharmacy", self.c.name), ProfessionalKind::Pharmacist, hours)
            .at(zones)
            .parallel(sites)
            .unit_cost_eur(self.p.fee_eur);
        self.service = Some(ctx.add_service(spec));
        self.stream = policy_stream(&self.c.name, ctx.seed_key());
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, t: SimTime, req: &mut NeedRequest) {
        let Some(s) = self.service else { return };
        if !self.c.scope.covers(p.zone) {
            return;
        }
        match kind {
            NeedKind::Renewal if self.p.renewals => req.offers.push(Offer { service: s, asc: self.p.asc }),
            NeedKind::Prevention => req.prevention_walk_in_share += self.p.vaccination_share,
            NeedKind::AcuteMinor if policy_uniform_from(self.stream, (u64::from(p.id) << 32) | u64::from(t.0)) < self.p.protocol_share => {
                req.offers.push(Offer { service: s, asc: self.p.asc });
            }
            _ => {}
        }
    }
}
