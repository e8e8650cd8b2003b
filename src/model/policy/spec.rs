//! Resolved policy specifications and their construction.
//!
//! A scenario's `[[policies]]` table gives a `type`, an optional `name`,
//! dates (`start_day`, `end_day`, in days after the warm-up; negative starts
//! fall inside the warm-up), a scope (`territories`, `zones`,
//! `participation`) and the type's own parameters. The scenario layer
//! validates them into a [`PolicySpec`]; [`PolicySpec::build`] makes the
//! policy object of one replication.

use super::*;
use crate::engine::{Minutes, SimTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The type-specific parameters of a policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PolicyParams {
    Cpts(cpts::CptsParams),
    Msp(msp::MspParams),
    Sas(sas::SasParams),
    Pdsa(pdsa::PdsaParams),
    Teleconsultation(teleconsultation::TeleconsultationParams),
    Dac(dac::DacParams),
    Ipa(ipa::IpaParams),
    Pharmacist(pharmacist::PharmacistParams),
    MobileUnit(mobile_unit::MobileUnitParams),
    Mediators(mediators::MediatorParams),
    Navigators(navigators::NavigatorParams),
    Legibility(legibility::LegibilityParams),
    CaregiverSupport(caregiver::CaregiverParams),
    Workforce(workforce::WorkforceParams),
    Telexpertise(telexpertise::TelexpertiseParams),
    SpecialistSessions(specialist_sessions::SpecialistSessionsParams),
}

impl PolicyParams {
    /// The policy's type as written in `type = "…"` (serde's own tag, so it
    /// cannot drift from what the parser reads).
    pub fn kind(&self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.get("type").and_then(|t| t.as_str()).map(String::from)).unwrap_or_default()
    }
}

/// Every policy type, as written in `type = "…"`.
pub const POLICY_TYPES: &[&str] = &[
    "cpts",
    "msp",
    "sas",
    "pdsa",
    "teleconsultation",
    "dac",
    "ipa",
    "pharmacist",
    "mobile_unit",
    "mediators",
    "navigators",
    "legibility",
    "caregiver_support",
    "workforce",
    "telexpertise",
    "specialist_sessions",
];

/// The policy types whose professionals take part one by one, each GP of
/// the covered zones with probability `participation` ([`Scope::participates`]):
/// CPTS, MSP and SAS members, telexpertise's referring GPs. Every other type
/// acts on its zones as a whole and does not read `participation`; the
/// scenario refuses the key there (it would change nothing).
pub const READS_PARTICIPATION: &[&str] = &["cpts", "msp", "sas", "telexpertise"];

/// The keys that make a policy of type `kind` larger or smaller, as one
/// would write them in `extend_policies` (an example for hints):
/// `participation` where it is read ([`READS_PARTICIPATION`]), else the
/// type's own capacity (None: no single key; `zones` adds sites).
pub fn scale_example(kind: &str) -> Option<&'static str> {
    match kind {
        "cpts" | "msp" | "sas" | "telexpertise" => Some("participation = 0.9"),
        "teleconsultation" => Some("doctors = 4, consultations_per_day = 200"),
        "dac" => Some("case_managers = 6, capacity_cases = 300"),
        "pdsa" => Some("gps_on_duty = 2"),
        _ => None,
    }
}

/// The capacity keys of a policy of type `kind` that act on it as a whole
/// (those [`scale_example`] names besides `participation`): what a report
/// states of every such policy, so that a variant's extension shows.
pub fn capacity_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "teleconsultation" => &["doctors", "consultations_per_day"],
        "dac" => &["case_managers", "capacity_cases"],
        "pdsa" => &["gps_on_duty"],
        _ => &[],
    }
}

/// A validated policy of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicySpec {
    pub name: String,
    pub params: PolicyParams,
    /// Days after the warm-up (None: from the start of the simulation).
    pub start_day: Option<i64>,
    /// Days after the warm-up (None: never ends).
    pub end_day: Option<i64>,
    pub scope: Scope,
}

/// The common part every policy object keeps.
#[derive(Clone, Debug)]
pub struct Common {
    pub name: String,
    pub schedule: Schedule,
    pub scope: Scope,
}

impl PolicySpec {
    /// The schedule, given the warm-up length.
    pub fn schedule(&self, warmup_days: u32) -> Schedule {
        let at = |d: i64| SimTime::from_day((i64::from(warmup_days) + d).max(0) as u32);
        Schedule { start: self.start_day.map_or(SimTime::ZERO, at), end: self.end_day.map_or(SimTime::NEVER, at) }
    }

    /// The policy object of one replication.
    pub fn build(&self, warmup_days: u32) -> Box<dyn Policy> {
        let c = Common { name: self.name.clone(), schedule: self.schedule(warmup_days), scope: self.scope.clone() };
        match &self.params {
            PolicyParams::Cpts(p) => Box::new(cpts::Cpts::new(c, p.clone())),
            PolicyParams::Msp(p) => Box::new(msp::Msp::new(c, p.clone())),
            PolicyParams::Sas(p) => Box::new(sas::Sas::new(c, p.clone())),
            PolicyParams::Pdsa(p) => Box::new(pdsa::Pdsa::new(c, p.clone())),
            PolicyParams::Teleconsultation(p) => Box::new(teleconsultation::Teleconsultation::new(c, p.clone())),
            PolicyParams::Dac(p) => Box::new(dac::Dac::new(c, p.clone())),
            PolicyParams::Ipa(p) => Box::new(ipa::Ipa::new(c, p.clone())),
            PolicyParams::Pharmacist(p) => Box::new(pharmacist::Pharmacist::new(c, p.clone())),
            PolicyParams::MobileUnit(p) => Box::new(mobile_unit::MobileUnit::new(c, p.clone())),
            PolicyParams::Mediators(p) => Box::new(mediators::Mediators::new(c, p.clone())),
            PolicyParams::Navigators(p) => Box::new(navigators::Navigators::new(c, p.clone())),
            PolicyParams::Legibility(p) => Box::new(legibility::Legibility::new(c, p.clone())),
            PolicyParams::CaregiverSupport(p) => Box::new(caregiver::CaregiverSupport::new(c, p.clone())),
            PolicyParams::Workforce(p) => Box::new(workforce::Workforce::new(c, p.clone())),
            PolicyParams::Telexpertise(p) => Box::new(telexpertise::Telexpertise::new(c, p.clone())),
            PolicyParams::SpecialistSessions(p) => Box::new(specialist_sessions::SpecialistSessions::new(c, p.clone())),
        }
    }
}

/// Checks a policy's parameters; returns (field, reason) problems.
pub fn check_params(p: &PolicyParams) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut share = |field: &str, v: f64| {
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            out.push((field.to_string(), crate::model::params::share_reason(v)));
        }
    };
    match p {
        PolicyParams::Cpts(c) => {
            share("protocol_share", c.protocol_share);
            share("orphan_matching_per_month", c.orphan_matching_per_month);
        }
        PolicyParams::Sas(s) => {
            share("call_share", s.call_share);
            share("advice_share", s.advice_share);
            share("advice_adherence", s.advice_adherence);
        }
        PolicyParams::Legibility(l) => share("use_share", l.use_share),
        PolicyParams::Telexpertise(t) => {
            for (i, v) in t.answered_share.iter().enumerate() {
                share(&format!("answered_share[{i}]"), *v);
            }
        }
        PolicyParams::SpecialistSessions(s) => {
            share("referral_share", s.referral_share);
            if crate::model::specialists::Specialty::parse(&s.specialty).is_none() {
                out.push((
                    "specialty".into(),
                    format!("unknown specialty \"{}\": ophthalmology, dermatology, cardiology or gynaecology", s.specialty),
                ));
            }
        }
        PolicyParams::Teleconsultation(t) => share("follow_up_share", t.follow_up_share),
        PolicyParams::Pharmacist(ph) => {
            share("protocol_share", ph.protocol_share);
            share("vaccination_share", ph.vaccination_share);
        }
        _ => {}
    }
    for (field, v) in numbers(p) {
        // One problem per field: a share out of [0, 1] is said once, by the more specific check above.
        if out.iter().any(|(f, _)| *f == field) {
            continue;
        }
        // Utilities (alternative-specific constants) may be negative; everything else is a count, share, factor or cost.
        let utility = field.ends_with("asc") || field.ends_with("utility");
        if !v.is_finite() || (!utility && v < 0.0) {
            let reason =
                if utility { format!("must be a finite utility (got {v})") } else { format!("must be zero or positive (got {v})") };
            out.push((field, reason));
        }
    }
    out
}

/// Every numeric parameter of a policy (for the non-negative check).
fn numbers(p: &PolicyParams) -> Vec<(String, f64)> {
    match serde_json::to_value(p) {
        Ok(serde_json::Value::Object(m)) => m.into_iter().filter_map(|(k, x)| x.as_f64().map(|f| (k, f))).collect(),
        _ => Vec::new(),
    }
}

/// Minutes in `d` days (policy parameters are in days).
pub fn days(d: f64) -> Minutes {
    Minutes::from_days_f64(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// advice_share = -0.2 breaks two rules (a share in [0, 1], a number ≥ 0):
    /// one problem for the field, the share's; call_share = 1.5 one too.
    #[test]
    fn a_field_breaking_two_rules_gets_one_problem() {
        let p = PolicyParams::Sas(sas::SasParams { advice_share: -0.2, call_share: 1.5, ..Default::default() });
        assert_eq!(
            check_params(&p),
            vec![
                ("call_share".to_string(), "must be a share between 0 and 1 (got 1.5)".to_string()),
                ("advice_share".to_string(), "must be a share between 0 and 1 (got -0.2)".to_string()),
            ]
        );
    }
}
