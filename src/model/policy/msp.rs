//! MSP (maison de santé pluriprofessionnelle).
//!
//! The participating GPs of the scope form one team: (1) a pooled agenda (a
//! patient of a member GP can book any member's slot, without refusal);
//! (2) delegation of chronic follow-ups to nurses (Asalée-like), which frees
//! GP slots and counts as follow-up; (3) extended hours (weekday evenings and
//! Saturday morning) for the members' patients; (4) attractiveness to new
//! GPs, read by the workforce dynamics.

use super::id_set::IdSet;
use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// MSP parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MspParams {
    /// Members book into each other's calendars (pooled agenda).
    pub pooled_agenda: bool,
    /// The pooled agenda joins only the members practising in the commune
    /// of the patient's own GP (one team a commune): today's MSPs and
    /// centres de santé, where one policy holds every site of a territory
    /// (Etalab counts sites, and an MSP's team shares one agenda;
    /// assumption: a multi-site MSP is counted as several). False: every
    /// member within the patient's reach (a written MSP is one team).
    pub pooled_agenda_by_commune: bool,
    /// Full-time Asalée-type nurses (each ≈ 8 chronic follow-ups a day; assumption).
    pub delegation_nurses: f64,
    /// Extra consultations per member GP per week in extended hours (evenings, Saturday; assumption).
    pub extended_hours_per_gp_week: f64,
    /// Multiplier of the installation rate of new GPs where an MSP exists (DREES: MSPs attract young GPs; assumption).
    pub attractiveness: f64,
    /// Running cost, € per year (ACI MSP ≈ €70,000 a year on average, assumption).
    pub cost_per_year_eur: f64,
}

impl Default for MspParams {
    fn default() -> Self {
        MspParams {
            pooled_agenda: true,
            pooled_agenda_by_commune: false,
            delegation_nurses: 1.0,
            extended_hours_per_gp_week: 4.0,
            attractiveness: 1.5,
            cost_per_year_eur: 70_000.0,
        }
    }
}

pub struct Msp {
    c: Common,
    p: MspParams,
    members: Vec<u32>,
    /// `members` as a set, for the per-need question.
    member_set: IdSet,
    network: Option<NetworkId>,
    nurses: Option<ServiceId>,
    extended: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
}

impl Msp {
    pub fn new(c: Common, p: MspParams) -> Self {
        Msp { c, p, members: Vec::new(), member_set: IdSet::default(), network: None, nurses: None, extended: None, costs: Vec::new() }
    }

    fn is_member_patient(&self, p: &PatientView) -> bool {
        p.gp.is_some_and(|g| self.member_set.contains(g))
    }
}

fn weekdays() -> [Weekday; 5] {
    [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday]
}

impl Policy for Msp {
    common_accessors!("msp", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let gp_zones = ctx.gp_zones();
        self.members = (0..gp_zones.len() as u32).filter(|&g| self.c.scope.participates(&self.c.name, g, gp_zones[g as usize])).collect();
        self.member_set = IdSet::of(&self.members);
        if self.members.is_empty() {
            return;
        }
        let site: Vec<u32> = {
            let mut z: Vec<u32> = self.members.iter().map(|&g| gp_zones[g as usize]).collect();
            z.dedup();
            z
        };
        let reach = if self.p.pooled_agenda_by_commune { NetworkReach::OwnGpCommune } else { NetworkReach::WithinReach };
        self.network = Some(ctx.add_network(self.members.clone(), reach));
        if self.p.delegation_nurses > 0.0 {
            let spec = ServiceSpec::new(
                format!("{}_nurse", self.c.name),
                ProfessionalKind::Nurse,
                OpeningHours::weekly(&weekdays(), (hm(9, 0), hm(12, 0)), (hm(13, 0), hm(17, 0))),
            )
            .at(site.clone())
            .team_care()
            .slot_minutes(45)
            .capacity_per_day((self.p.delegation_nurses * 8.0).round() as u32)
            .parallel(self.p.delegation_nurses.ceil().max(1.0) as u32)
            .horizon_days(60);
            self.nurses = Some(ctx.add_service(spec));
        }
        if self.p.extended_hours_per_gp_week > 0.0 {
            let mut hours = OpeningHours::weekly(&weekdays(), (hm(19, 0), hm(20, 30)), (0, 0));
            hours.set(Weekday::Saturday, (hm(8, 30), hm(12, 30)), (0, 0));
            let spec = ServiceSpec::new(format!("{}_extended_hours", self.c.name), ProfessionalKind::Gp, hours)
                .at(site)
                .team_care()
                .slot_minutes(20)
                .capacity_per_day((self.p.extended_hours_per_gp_week * self.members.len() as f64 / 6.0).round().max(1.0) as u32)
                .parallel(self.members.len() as u32)
                .unit_cost_eur(30.0)
                .horizon_days(30);
            self.extended = Some(ctx.add_service(spec));
        }
        let terr: Vec<(u16, u64)> = scope_territories(&self.c.scope, ctx);
        self.costs = split_cost(self.p.cost_per_year_eur, &terr);
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if !self.is_member_patient(p) {
            return;
        }
        if let Some(s) = self.extended {
            if matches!(kind, NeedKind::AcuteMinor | NeedKind::ChronicFollowUp | NeedKind::Renewal) {
                req.offers.push(Offer { service: s, asc: 0.0 });
            }
        }
        if let (Some(s), NeedKind::ChronicFollowUp) = (self.nurses, kind) {
            req.offers.push(Offer { service: s, asc: 0.0 });
        }
    }

    fn on_booking_failed(&self, p: &PatientView, _kind: NeedKind, _t: SimTime, req: &mut FailureRequest) {
        if let (true, Some(n), true) = (self.p.pooled_agenda, self.network, self.is_member_patient(p)) {
            req.networks.push((n, false));
        }
    }

    fn coordination_network(&self) -> Option<NetworkId> {
        self.network
    }

    fn attractiveness(&self, zone: u32) -> f64 {
        if self.c.scope.covers(zone) && !self.members.is_empty() {
            self.p.attractiveness
        } else {
            1.0
        }
    }
}
