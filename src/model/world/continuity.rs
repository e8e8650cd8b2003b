//! Two patient states that consultations leave behind and that the hazards
//! read: **continuity of care** (was the last chronic follow-up given by the
//! patient's own médecin traitant?) and **protection by a prevention act**
//! (influenza vaccination, until the end of the coming winter).
//!
//! - Continuity: a chronic follow-up (see `model::consultation`) by the
//!   patient's own registered GP sets `flags::OWN_GP_FOLLOWUP`; one by anyone
//!   else (another GP, a nurse, an IPA, a duty or remote GP) clears it, and
//!   so does losing one's GP (retirement, departure). Patients registered at
//!   the start are taken as followed by their GP. With
//!   `deterioration.team_follow_up_counts_as_continuity`, a follow-up by the
//!   team of the patient's GP (the MSP's nurse or extended hours, services
//!   marked `team_care`) keeps it too, for a patient who still has a GP.
//!   Without it, the
//!   decompensation hazard is × `deterioration.discontinuity_factor`
//!   (≥ 1, so the thinning bound is × that factor too).
//! - Prevention: an in-person prevention act by a professional who can
//!   vaccinate, for a patient aged 65+ or chronic, sets `flags::PROTECTED`;
//!   every protection ends on the first day after the winter half-year (the
//!   days whose seasonal multiplier of acute needs is above 1). While
//!   protected and in winter: the decompensation hazard is
//!   × `deterioration.vaccinated_winter_factor` (≤ 1: the thinning bound is
//!   unchanged, so the candidates' times stay common to every arm), and an
//!   acute minor need is avoided (never arises) with probability
//!   `needs.vaccinated_winter_excess_avoided` × (season − 1) / season, the
//!   share of the winter excess it would prevent, drawn from the stream
//!   `prevention` keyed by the need (drawn only for protected patients in
//!   winter: with the effect off no draw is made and nothing moves).

use super::Provider;
use super::{need_id, World};
use crate::engine::{RandomStreams, SimTime};
use crate::model::consultation::capability;
use crate::model::population::flags;
use crate::model::providers::ProfessionalKind;
use crate::model::{AgeBand, NeedKind};
use rand::Rng;

impl World<'_> {
    /// Whether either prevention effect is on (the protection state is kept only then).
    pub(super) fn prevention_effect_on(&self) -> bool {
        self.p.needs.vaccinated_winter_excess_avoided > 0.0 || self.p.deterioration.vaccinated_winter_factor < 1.0
    }

    /// Whether `day` is in the winter half-year (seasonal multiplier above 1).
    pub(super) fn in_winter(&self, day: u32) -> bool {
        self.season(day) > 1.0
    }

    /// After a chronic follow-up by `provider`: continuity is kept only if
    /// the provider is the patient's own registered GP, or — when
    /// `team_follow_up_counts_as_continuity` — a team-care service of their
    /// GP's MSP (offered only to its members' patients) while they have a GP.
    pub(super) fn note_followup_provider(&mut self, patient: u32, provider: Provider) {
        let team = self.p.deterioration.team_follow_up_counts_as_continuity;
        let team_service = matches!(provider, Provider::Service(s) if team && self.services[s as usize].spec.team_care);
        let pt = &mut self.patients[patient as usize];
        let own = matches!(provider, Provider::Gp(g) if pt.has_gp() && pt.gp == g) || (team_service && pt.has_gp());
        if own {
            pt.flags |= flags::OWN_GP_FOLLOWUP;
        } else {
            pt.flags &= !flags::OWN_GP_FOLLOWUP;
        }
    }

    /// After a prevention act by a professional of `kind` (remote or not):
    /// an eligible patient is protected until the end of the coming winter.
    pub(super) fn note_prevention_act(&mut self, patient: u32, kind: ProfessionalKind, remote: bool) {
        if !self.prevention_effect_on() || remote || !capability(kind).vaccination {
            return;
        }
        let pt = &mut self.patients[patient as usize];
        if pt.age_band() >= AgeBand::A65to74 || pt.health().is_chronic() {
            pt.flags |= flags::PROTECTED;
        }
    }

    /// On the first day after a winter, every protection ends.
    pub(super) fn end_protections_after_winter(&mut self, day: u32) {
        if !self.prevention_effect_on() || day == 0 || self.in_winter(day) || !self.in_winter(day - 1) {
            return;
        }
        for pt in &mut self.patients {
            pt.flags &= !flags::PROTECTED;
        }
    }

    /// Whether an acute minor need of a protected patient is avoided (it
    /// never arises): with probability `vaccinated_winter_excess_avoided` ×
    /// (season − 1) / season in winter.
    pub(super) fn need_avoided(&self, t: SimTime, patient: u32, kind: NeedKind) -> bool {
        let share = self.p.needs.vaccinated_winter_excess_avoided;
        if kind != NeedKind::AcuteMinor || share <= 0.0 || !self.patients[patient as usize].is(flags::PROTECTED) {
            return false;
        }
        let season = self.season(t.day());
        if season <= 1.0 {
            return false;
        }
        let u: f64 = RandomStreams::entity(self.keys.prevention, need_id(patient, kind, t)).random();
        u < share * (season - 1.0) / season
    }

    /// The continuity and prevention factors of the decompensation hazard at `t`.
    pub(super) fn continuity_and_prevention_factor(&self, patient: u32, t: SimTime) -> f64 {
        let pt = &self.patients[patient as usize];
        let d = &self.p.deterioration;
        let mut f = 1.0;
        if d.discontinuity_factor > 1.0 && !pt.is(flags::OWN_GP_FOLLOWUP) {
            f *= d.discontinuity_factor;
        }
        if d.vaccinated_winter_factor < 1.0 && pt.is(flags::PROTECTED) && self.in_winter(t.day()) {
            f *= d.vaccinated_winter_factor;
        }
        f
    }
}
