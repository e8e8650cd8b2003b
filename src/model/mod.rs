//! The care-pathway model: territory, patients, professionals, the pathway
//! rules and the indicators they produce.
//!
//! A [`world::World`] is built from a [`Spec`] (one arm of a resolved
//! scenario, built by the `scenario` layer) for one replication and run to its horizon; it returns an
//! [`indicators::ReplicationResult`]. The model knows no terminal and no file.

pub mod choice;
pub mod consultation;
pub mod coordination;
pub mod indicators;
pub mod known_full;
pub mod legibility;
pub mod list_closure;
pub mod next_visit;
pub mod params;
pub mod policy;
pub mod pooled;
pub mod population;
pub mod providers;
pub mod requests;
pub mod rhythm;
pub mod seasonal;
pub mod services;
pub mod spec;
pub mod specialists;
pub mod territory;
pub mod workforce;
pub mod world;

pub use spec::Spec;

use serde::{Deserialize, Serialize};

/// Age bands used for need rates, prevalences and breakdowns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBand {
    A0to14,
    A15to44,
    A45to64,
    A65to74,
    A75to84,
    A85plus,
}

impl AgeBand {
    pub const ALL: [AgeBand; 6] =
        [AgeBand::A0to14, AgeBand::A15to44, AgeBand::A45to64, AgeBand::A65to74, AgeBand::A75to84, AgeBand::A85plus];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> AgeBand {
        AgeBand::ALL[i.min(5)]
    }

    /// Label used in output files.
    pub fn label(self) -> &'static str {
        ["0-14", "15-44", "45-64", "65-74", "75-84", "85+"][self.index()]
    }

    /// 75 years or older.
    pub fn is_75_plus(self) -> bool {
        self >= AgeBand::A75to84
    }
}

/// Zone density class (the 4-level reading of INSEE's density grid).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DensityClass {
    DenseUrban,
    Intermediate,
    Rural,
    Isolated,
}

impl DensityClass {
    pub const ALL: [DensityClass; 4] = [DensityClass::DenseUrban, DensityClass::Intermediate, DensityClass::Rural, DensityClass::Isolated];

    pub fn index(self) -> usize {
        self as usize
    }

    /// Label used in output files.
    pub fn label(self) -> &'static str {
        ["dense_urban", "intermediate", "rural", "isolated"][self.index()]
    }

    /// Label in French (the French validation page).
    pub fn label_fr(self) -> &'static str {
        ["urbain dense", "intermédiaire", "rural", "isolé"][self.index()]
    }
}

/// Chronic status of a patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChronicStatus {
    None,
    /// One long-term condition (ALD).
    OneAld,
    Multimorbid,
}

/// The kinds of care need (model brief §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NeedKind {
    /// Unscheduled, can be handled in primary care.
    AcuteMinor,
    /// True emergency.
    AcuteSerious,
    /// Periodic follow-up of a chronic condition.
    ChronicFollowUp,
    /// Prescription renewal.
    Renewal,
    /// Vaccination, screening.
    Prevention,
    /// Complex health-social situation.
    Complex,
    /// Primary-care visit sought after a hospital discharge.
    PostDischarge,
    /// In-person GP visit required after a remote consultation.
    PhysicalFollowUp,
}

impl NeedKind {
    pub const ALL: [NeedKind; 8] = [
        NeedKind::AcuteMinor,
        NeedKind::AcuteSerious,
        NeedKind::ChronicFollowUp,
        NeedKind::Renewal,
        NeedKind::Prevention,
        NeedKind::Complex,
        NeedKind::PostDischarge,
        NeedKind::PhysicalFollowUp,
    ];
    pub const COUNT: usize = 8;

    pub fn index(self) -> usize {
        self as usize
    }

    /// Label used in output files.
    pub fn label(self) -> &'static str {
        ["acute_minor", "acute_serious", "chronic_followup", "renewal", "prevention", "complex", "post_discharge", "physical_followup"]
            [self.index()]
    }

    /// Unscheduled needs may use same-day reserved slots.
    pub fn is_unscheduled(self) -> bool {
        matches!(self, NeedKind::AcuteMinor)
    }
}
