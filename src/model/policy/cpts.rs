//! CPTS (communauté professionnelle territoriale de santé).
//!
//! Mechanisms: (1) shared unscheduled care: member GPs see each other's
//! patients in their reserved same-day slots, without refusal; (2) a
//! programme matching orphans to a GP; (3) cooperation protocols letting
//! pharmacists and nurses take a share of minor acute conditions;
//! (4) coordination of complex cases (lower decompensation hazard);
//! (5) a "guichet unique" that improves information (lisibilité).
//! Cost: the ACI CPTS funding, per inhabitant covered.

use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// CPTS parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CptsParams {
    /// Member GPs share their reserved same-day slots (assumption: the CPTS's first mission).
    pub shared_slots: bool,
    /// The shared slots join only the members practising in the patient's
    /// own EPCI (within reach): today's CPTS, where one policy holds every
    /// CPTS of a territory, one for each EPCI covered (assumption: CPTS serve
    /// 20,000 to 60,000+ inhabitants, context/004, an EPCI ≈ 54,000 on
    /// average; a large EPCI holds several CPTS, taken here as one whose
    /// members are tried nearest first). False: every member within the
    /// patient's reach (a written CPTS is one).
    pub shared_slots_by_epci: bool,
    /// Share of orphans in scope matched to a GP each month (assumption).
    pub orphan_matching_per_month: f64,
    /// How far over their list cap member GPs accept matched orphans (assumption: +5 %).
    pub list_cap_extension: f64,
    /// Share of acute minor needs in scope offered a consultation under a
    /// cooperation protocol (a pharmacist or nurse treating cystitis, sore
    /// throat … under a GP's delegation). Default 0.0025: 2.05 (dense urban) to
    /// 3.07 (isolated) protocol consultations a year per 1,000 inhabitants of
    /// france-mix's territories, ≈ 70 % of them covered (measured, stop 40), the
    /// volume of an active CPTS: CPTS Nord Aisne (28,000 inhabitants),
    /// about 60 patients under the cystitis protocol in the first nine months
    /// of 2023, ≈ 2.9 per 1,000 a year (Le Moniteur des pharmacies,
    /// 21 Dec 2023). Nationally about 1,000 such acts had been done in the
    /// pharmacies of CPTS and MSPs by June 2024 (Le Moniteur des pharmacies,
    /// 22 Jun 2024), far less per inhabitant covered. Plausible range 0–0.005
    /// (none; twice Nord Aisne, for cystitis and sore throat both).
    pub protocol_share: f64,
    /// Utility of a protocol consultation relative to a GP at equal delay (assumption).
    pub protocol_asc: f64,
    /// Multiplier of the decompensation hazard of complex patients (assumption).
    pub complex_coordination_factor: f64,
    /// Multiplier of the probability of knowing no option beyond one's GP (assumption).
    pub information_factor: f64,
    /// Multiplier of the installation rate of new GPs in its territory (assumption).
    pub attractiveness: f64,
    /// Running cost, € per inhabitant covered per year (ACI CPTS order of magnitude, assumption).
    pub cost_per_inhabitant_eur: f64,
}

impl Default for CptsParams {
    fn default() -> Self {
        CptsParams {
            shared_slots: true,
            shared_slots_by_epci: false,
            orphan_matching_per_month: 0.05,
            list_cap_extension: 0.05,
            protocol_share: 0.0025,
            protocol_asc: -0.3,
            complex_coordination_factor: 0.85,
            information_factor: 0.7,
            attractiveness: 1.2,
            cost_per_inhabitant_eur: 3.0,
        }
    }
}

pub struct Cpts {
    c: Common,
    p: CptsParams,
    network: Option<NetworkId>,
    protocol: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
    stream: u64,
}

impl Cpts {
    pub fn new(c: Common, p: CptsParams) -> Self {
        Cpts { c, p, network: None, protocol: None, costs: Vec::new(), stream: 0 }
    }
}

impl Policy for Cpts {
    common_accessors!("cpts", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        if self.c.scope.is_empty() {
            return;
        }
        let members: Vec<u32> = ctx
            .gp_zones()
            .iter()
            .enumerate()
            .filter(|(g, &z)| self.c.scope.participates(&self.c.name, *g as u32, z))
            .map(|(g, _)| g as u32)
            .collect();
        let reach = if self.p.shared_slots_by_epci { NetworkReach::OwnEpci } else { NetworkReach::WithinReach };
        self.network = Some(ctx.add_network(members, reach));
        let zones: Vec<u32> = scope_zones(&self.c.scope, ctx);
        let hours = OpeningHours::weekly(
            &[Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday, Weekday::Saturday],
            (hm(9, 0), hm(13, 0)),
            (hm(13, 0), hm(19, 0)),
        );
        let spec = ServiceSpec::new(format!("{}_protocol", self.c.name), ProfessionalKind::Pharmacist, hours)
            .at(zones)
            .parallel(ctx.walk_in_sites(&self.c.scope.in_zone).max(1))
            .unit_cost_eur(15.0);
        self.protocol = Some(ctx.add_service(spec));
        let terr = scope_territories(&self.c.scope, ctx);
        self.costs = terr.iter().map(|&(t, n)| (t, n as f64 * self.p.cost_per_inhabitant_eur)).collect();
        self.stream = policy_stream(&self.c.name, ctx.seed_key());
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, t: SimTime, req: &mut NeedRequest) {
        if !self.c.scope.covers(p.zone) {
            return;
        }
        req.information_lack_factor *= self.p.information_factor;
        if kind == NeedKind::AcuteMinor {
            let eligible = policy_uniform_from(self.stream, (u64::from(p.id) << 32) | u64::from(t.0)) < self.p.protocol_share;
            if let (true, Some(s)) = (eligible, self.protocol) {
                req.offers.push(Offer { service: s, asc: self.p.protocol_asc });
            }
        }
    }

    fn on_booking_failed(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut FailureRequest) {
        if let (NeedKind::AcuteMinor, true, Some(n)) = (kind, self.p.shared_slots, self.network) {
            if self.c.scope.covers(p.zone) {
                req.networks.push((n, true));
            }
        }
    }

    fn max_hazard_factor(&self) -> f64 {
        self.p.complex_coordination_factor.max(1.0)
    }

    fn hazard(&self, p: &PatientView, req: &mut HazardRequest) {
        if self.c.scope.covers(p.zone) && p.health == Health::Complex {
            req.decompensation *= self.p.complex_coordination_factor;
        }
    }

    fn daily(&mut self, ctx: &dyn DayContext, actions: &mut Vec<DailyAction>) {
        if self.c.scope.is_empty() || self.p.orphan_matching_per_month <= 0.0 {
            return;
        }
        let zones: Vec<u32> = (0..self.c.scope.in_zone.len() as u32).filter(|&z| self.c.scope.covers(z)).collect();
        let orphans: u64 = zones.iter().map(|&z| ctx.orphans_in(z)).sum();
        let expected = orphans as f64 * self.p.orphan_matching_per_month / 30.0;
        // Integer part every day, the fraction with its probability (own stream, keyed by day).
        let u = ctx.random(&self.c.name, u64::from(ctx.day()));
        let count = expected.floor() as u32 + u32::from(u < expected.fract());
        if count > 0 {
            actions.push(DailyAction::MatchOrphans { zones, count, cap_factor: 1.0 + self.p.list_cap_extension });
        }
    }

    fn coordination_network(&self) -> Option<NetworkId> {
        self.network
    }

    fn attractiveness(&self, zone: u32) -> f64 {
        if self.c.scope.covers(zone) {
            self.p.attractiveness
        } else {
            1.0
        }
    }
}
