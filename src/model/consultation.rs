//! What a consultation does, whoever gives it: the one rule table of the
//! pathway's consultations.
//!
//! A consultation is given either by one of the territory's GPs (who keeps a
//! patient list) or by a service (the baseline pharmacy/nurse walk-in, a
//! teleconsultation platform, the PDSA duty GP, an IPA, an MSP nurse …). What
//! it does is decided here, from the **need kind** and from what the
//! **provider is able to do** ([`Capability`], per [`ProfessionalKind`]),
//! never from which function booked it:
//!
//! | effect | rule |
//! |---|---|
//! | the need is resolved | always |
//! | the chronic follow-up clock restarts | the need kind is a follow-up ([`resets_chronic_clock`]), the patient is chronic, the provider can follow a chronic patient |
//! | admission risk (`gp.hospitalisation_probability` × policy factors) | every kind but prevention ([`carries_admission_risk`]), whoever gives it |
//! | an orphan patient is registered (`registration.accept_when_seen`) | the provider keeps a patient list (one of the territory's GPs) and has room under `registration.list_cap` |
//! | an in-person GP visit follows | the consultation was remote, with the provider's `follow_up_share` |
//! | continuity: the follow-up counts as given by the médecin traitant | a chronic follow-up (as above) by the patient's own registered GP; any other provider's follow-up clears it (`deterioration.discontinuity_factor`) |
//! | the patient is protected for the coming winter (influenza vaccination) | a prevention need, an in-person provider who can vaccinate ([`Capability::vaccination`]), a patient aged 65+ or chronic (`needs.vaccinated_winter_excess_avoided`, `deterioration.vaccinated_winter_factor`) |
//!
//! Sources of the capability table: the IPA's follow-up of stabilised chronic
//! patients (décret n° 2018-629 du 18 juillet 2018); nurses' follow-up of
//! chronic patients under a cooperation protocol (Asalée, art. 51 HPST,
//! arrêté du 28 avril 2016); pharmacists' and physiotherapists' and
//! midwives' missions do not include the follow-up of a chronic disease
//! (assumption for the specialist: the model's specialist sees one organ,
//! not the whole follow-up). A list of patients (médecin traitant) is kept
//! only by GPs (loi du 13 août 2004); the GPs of services (duty roster,
//! remote platform, extended hours, mobile unit) are not individual
//! médecins traitants in the model, so they register nobody. Influenza
//! vaccination is given by GPs, nurses, pharmacists and midwives (context/000:
//! "la vaccination par les infirmiers et pharmaciens"; pharmacists' seasonal
//! vaccination since 2019, nurses' since 2022; the IPA is a nurse); not by
//! physiotherapists nor, in the model, by the specialist.

use super::providers::ProfessionalKind;
use super::NeedKind;

/// Who gives a consultation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// One of the territory's GPs (index), who keeps a patient list.
    Gp(u32),
    /// A service (index; 0 is the baseline pharmacy/nurse walk-in).
    Service(u16),
}

/// A [`Provider`] packed in 32 bits for the event queue (GP indices below
/// 2³¹, services above), so that a consultation event stays 16 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackedProvider(u32);

const SERVICE_BIT: u32 = 1 << 31;

impl From<Provider> for PackedProvider {
    fn from(p: Provider) -> Self {
        match p {
            Provider::Gp(g) => PackedProvider(g & !SERVICE_BIT),
            Provider::Service(s) => PackedProvider(SERVICE_BIT | u32::from(s)),
        }
    }
}

impl PackedProvider {
    pub fn get(self) -> Provider {
        if self.0 & SERVICE_BIT == 0 {
            Provider::Gp(self.0)
        } else {
            Provider::Service((self.0 & !SERVICE_BIT) as u16)
        }
    }
}

/// What a kind of professional is able to do in a consultation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capability {
    /// A follow-up by this professional counts as the chronic follow-up.
    pub chronic_follow_up: bool,
    /// An in-person prevention act by this professional protects (influenza vaccination).
    pub vaccination: bool,
}

/// The capability table (sources in the module doc).
pub fn capability(kind: ProfessionalKind) -> Capability {
    use ProfessionalKind::*;
    let chronic_follow_up = match kind {
        Gp | AdvancedPracticeNurse | Nurse => true,
        Pharmacist | Physiotherapist | Midwife | Specialist => false,
    };
    let vaccination = match kind {
        Gp | AdvancedPracticeNurse | Nurse | Pharmacist | Midwife => true,
        Physiotherapist | Specialist => false,
    };
    Capability { chronic_follow_up, vaccination }
}

/// Need kinds whose consultation is (or includes) the follow-up of a chronic condition.
pub fn resets_chronic_clock(kind: NeedKind) -> bool {
    matches!(kind, NeedKind::ChronicFollowUp | NeedKind::PostDischarge | NeedKind::Complex | NeedKind::PhysicalFollowUp)
}

/// Need kinds after whose consultation a (non-avoidable) admission may follow:
/// every kind but prevention (a vaccination or a screening act finds no
/// acute problem; assumption).
pub fn carries_admission_risk(kind: NeedKind) -> bool {
    kind != NeedKind::Prevention
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_pack_and_unpack() {
        for p in [Provider::Gp(0), Provider::Gp(52_846), Provider::Service(0), Provider::Service(u16::MAX)] {
            assert_eq!(PackedProvider::from(p).get(), p);
        }
    }

    #[test]
    fn only_professionals_who_follow_chronic_patients_reset_the_clock() {
        assert!(capability(ProfessionalKind::Gp).chronic_follow_up);
        assert!(capability(ProfessionalKind::AdvancedPracticeNurse).chronic_follow_up);
        assert!(capability(ProfessionalKind::Nurse).chronic_follow_up);
        assert!(!capability(ProfessionalKind::Pharmacist).chronic_follow_up);
        assert!(!capability(ProfessionalKind::Specialist).chronic_follow_up);
        assert!(capability(ProfessionalKind::Pharmacist).vaccination);
        assert!(capability(ProfessionalKind::Nurse).vaccination);
        assert!(!capability(ProfessionalKind::Physiotherapist).vaccination);
    }

    #[test]
    fn follow_up_kinds_and_admission_risk_by_need_kind() {
        let resets: Vec<_> = NeedKind::ALL.into_iter().filter(|&k| resets_chronic_clock(k)).collect();
        assert_eq!(resets, [NeedKind::ChronicFollowUp, NeedKind::Complex, NeedKind::PostDischarge, NeedKind::PhysicalFollowUp]);
        assert!(!resets_chronic_clock(NeedKind::AcuteMinor) && !resets_chronic_clock(NeedKind::Renewal));
        let risky = NeedKind::ALL.into_iter().filter(|&k| !carries_admission_risk(k)).collect::<Vec<_>>();
        assert_eq!(risky, [NeedKind::Prevention]);
    }
}
