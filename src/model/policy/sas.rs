//! SAS (service d'accès aux soins).
//!
//! A regulation line (15 / 116-117): a patient of the scope who is about to
//! go to the ED for a need primary care could handle calls it first (with
//! probability `call_share`). Within its daily capacity, the regulator sees
//! the free slots of participating GPs within reach and books one within
//! `max_delay_hours`; otherwise the patient is oriented to the ED.
//! Evaluations report −15 to −20 % of such ED visits where alternatives are
//! identified (model brief §2, §6).
//!
//! **Orientation to every option** (`orient_to_all_options`, issue 18 §2):
//! patients whose first choice failed and who know the number call first,
//! and the regulator books a GP slot, else a PDSA, teleconsultation or
//! protocol place offered for the need; regulator lines answer the calls
//! (`lines_per_100k`, `handling_minutes`), callers hang up after
//! `patience_minutes` (`world::regulation`).

use super::spec::Common;
use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// SAS parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SasParams {
    /// Share of patients about to go to the ED who call the regulation first (assumption, set so that the effect on
    /// ED visits primary care could handle is near the −15 to −20 % of evaluations, model brief §6).
    pub call_share: f64,
    /// Calls the regulators can take per day, per 100,000 inhabitants covered (assumption).
    pub calls_per_day_per_100k: f64,
    /// Longest delay (hours) of a slot the regulator books (SAS target: within 48 h).
    pub max_delay_hours: f64,
    /// Cost of one regulated call, € (≈ 10 minutes of regulator time; assumption).
    pub cost_per_call_eur: f64,
    /// Fixed running cost, € per year per 100,000 inhabitants covered (assumption).
    pub cost_per_year_per_100k_eur: f64,
    /// Orient to every option (issue 18): a participating GP's slot, else a service offered for the
    /// need (PDSA, teleconsultation, pharmacist or nurse under protocol …); and take the calls of
    /// patients whose first choice failed, not only of those about to go to the ED. `false` (default):
    /// participating GPs only, callers about to go to the ED only (as before).
    pub orient_to_all_options: bool,
    /// Regulators answering at once, per 100,000 inhabitants covered (0, default: no limit, every
    /// call answered at once, as before; otherwise at least 1). Capacity in calls per hour =
    /// lines × 60 / `handling_minutes` (assumption, range 0.5–3).
    pub lines_per_100k: f64,
    /// Minutes a regulator spends on a call (assumption: 10, range 5–15, as in `cost_per_call_eur`).
    pub handling_minutes: f64,
    /// Minutes a caller waits for an answer before hanging up (assumption: 10, range 2–30; the
    /// SAMU target is 99 % of calls answered within 60 s, Pacte de refondation des urgences 2019).
    pub patience_minutes: f64,
    /// Share of answered calls the regulator resolves by advice (conseil médical: self-care, wait,
    /// call back): no consultation is booked and the caller does not go to the ED; a need that was
    /// to escalate still escalates (advice does not treat); 0: never (the default until stop 42).
    /// Default 0.432: the conseil médical was the most frequent decision, 43.2 %, of the 7,957
    /// calls taken by the SAS's GP regulators in Rennes, 1 March–30 April 2022 (M. Schmitt, thèse
    /// de médecine, Université de Rennes, 2023); one decision in two in the PDSA regulation of the
    /// Corrèze, July 2014–June 2015 (F. Giré, thèse, Limoges, 2018). Applying it to the callers
    /// heading to the ED (whose own share is not published) is an assumption; range 0.3–0.5.
    /// Whether an advised caller follows the advice: `advice_adherence`.
    pub advice_share: f64,
    /// Share of advised callers who follow the advice (stop 45; all did before). Default 0.776:
    /// of 501 callers advised by the GP regulators of the centre 15 of Haute-Savoie during PDSA
    /// hours, 77.6 % followed the advice as checked in the regulation record (84.2 % said they
    /// had; A. Cappucci, C. Gustin, « Évaluation de l'observance de l'appelant aux conseils des
    /// médecins généralistes régulateurs du centre 15 de Haute-Savoie aux horaires de la
    /// permanence de soins ambulatoires », thèse de médecine, Université Grenoble Alpes, Sudoc
    /// 257765069). A caller who does not follow it makes their own choice, as a caller the
    /// regulator could not orient. Its transfer to the SAS's daytime callers heading to the ED is
    /// an assumption; range 0.7–0.85 (the 84.2 % declared as the upper end).
    pub advice_adherence: f64,
}

impl Default for SasParams {
    fn default() -> Self {
        SasParams {
            call_share: 0.25,
            calls_per_day_per_100k: 60.0,
            max_delay_hours: 48.0,
            cost_per_call_eur: 12.0,
            cost_per_year_per_100k_eur: 150_000.0,
            orient_to_all_options: false,
            lines_per_100k: 0.0,
            handling_minutes: 10.0,
            patience_minutes: 10.0,
            advice_share: 0.432,
            advice_adherence: 0.776,
        }
    }
}

pub struct Sas {
    c: Common,
    p: SasParams,
    regulator: Option<RegulatorId>,
    costs: Vec<(u16, f64)>,
}

impl Sas {
    pub fn new(c: Common, p: SasParams) -> Self {
        Sas { c, p, regulator: None, costs: Vec::new() }
    }
}

impl Policy for Sas {
    common_accessors!("sas", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let terr = scope_territories(&self.c.scope, ctx);
        let covered: u64 = terr.iter().map(|t| t.1).sum();
        if covered == 0 {
            return;
        }
        let gp_zones = ctx.gp_zones();
        let gps: Vec<u32> =
            (0..gp_zones.len() as u32).filter(|&g| self.c.scope.participates(&self.c.name, g, gp_zones[g as usize])).collect();
        let calls = (self.p.calls_per_day_per_100k * covered as f64 / 100_000.0).round().max(1.0) as u32;
        let r = ctx.add_regulator(calls, self.p.max_delay_hours, gps, self.p.cost_per_call_eur);
        let lines =
            if self.p.lines_per_100k > 0.0 { (self.p.lines_per_100k * covered as f64 / 100_000.0).round().max(1.0) as u32 } else { 0 };
        ctx.orient_regulator(
            r,
            Orientation {
                all_options: self.p.orient_to_all_options,
                lines,
                // Without a line limit a call takes no time (as before issue 18).
                handling_minutes: if lines > 0 { self.p.handling_minutes.round() as u32 } else { 0 },
                patience_minutes: self.p.patience_minutes.round() as u32,
                advice_share: self.p.advice_share,
                advice_adherence: self.p.advice_adherence,
            },
        );
        self.regulator = Some(r);
        self.costs = split_cost(self.p.cost_per_year_per_100k_eur * covered as f64 / 100_000.0, &terr);
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if kind == NeedKind::AcuteMinor && self.c.scope.covers(p.zone) {
            if let Some(r) = self.regulator {
                req.regulation = Some((r, self.p.call_share));
            }
        }
    }
}
