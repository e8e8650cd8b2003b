//! Scenarios: reading, validating and resolving scenario files.
//!
//! Stage one ([`file`]) parses the TOML text into plain serde structs that
//! refuse unknown fields. Stage two ([`validate`]) checks every value and
//! builds a [`Scenario`]: territories resolved into zones, parameters checked,
//! the text hashed (SHA-256) for provenance. Every problem is reported with
//! the file, the line, the field path and the reason; nothing panics.

pub mod arms;
pub mod bounds;
pub mod file;
pub mod lengths;
pub mod locate;
pub mod misplaced;
mod odd;
pub mod organisation;
pub mod paths;
pub mod suggest;
pub mod template;
pub mod uncertain;

pub use arms::Arm;

use crate::engine::calendar::parse_hours;
use crate::model::params::Parameters;
use crate::model::policy::spec::PolicySpec;
use crate::model::territory::{synthetic_territory, ArchetypeDefaults, SyntheticSpec, Territory, Zone, SYNTHETIC_ORIGIN_KM};
use crate::model::DensityClass;
use file::{Archetype, ScenarioFile, TerritoryFile};
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;

/// The scenario `parcours run` uses when given no file.
pub const EMBEDDED_DEFAULT: &str = include_str!("../../scenarios/default.toml");

/// A validated, resolved scenario: what the model runs.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The indicators the question is about, shown first (`question_indicators`; checked to exist).
    pub question_indicators: Vec<String>,
    /// What the question takes for granted about the base (`premises`), checked after the run.
    pub premises: Vec<file::Premise>,
    pub seed: u64,
    pub replications: u32,
    pub years: f64,
    pub warmup_days: u32,
    pub start_day_of_year: u32,
    pub public_holidays: Vec<u32>,
    /// The base case: its parameters and policies.
    pub base: Arm,
    /// Variants compared with the base.
    pub variants: Vec<Arm>,
    /// Give each arm its own seed instead of common random numbers (to measure what CRN gains).
    pub independent_seeds: bool,
    /// Pairs of arms (a, b) whose paired difference a − b is reported besides variant − base (`compare`).
    pub compare: Vec<(String, String)>,
    pub territories: Vec<Territory>,
    pub zones: Vec<Zone>,
    /// Where the text came from (a path, or "<embedded default>").
    pub origin: String,
    /// The scenario text as read.
    pub text: String,
    /// SHA-256 of the text, hex.
    pub sha256: String,
    /// The text with every distribution replaced by its mean (what was validated).
    pub mean_text: String,
    /// Values given as distributions, drawn per replication (probabilistic sensitivity analysis).
    pub uncertain: Vec<uncertain::Uncertain>,
    /// The organisation the base starts from (`organisation`; absent: today
    /// for real territories, none for synthetic ones).
    pub organisation: Option<organisation::Organisation>,
    /// The existing structures added to the base (today's organisation), with sources.
    pub existing: Vec<organisation::Existing>,
    /// Secondary homes per zone (the seasonal population); empty for none
    /// (synthetic territories only, or `seasonal_population = false`).
    pub secondary_homes: Vec<crate::model::seasonal::SecondaryHomes>,
    /// Real territories whose model APL is far from DREES's, or whose list
    /// of communes is not of one piece (see [`Scenario::warnings`]), found once at load.
    pub supply_warnings: Vec<Warning>,
}

/// A warning about a valid scenario ([`Scenario::warnings`]), in English and French.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub en: String,
    /// For the terminal in French and `run.json`: may name the scenario file's keys (what to type).
    pub fr: String,
    /// For the web page in French, when `fr` names keys, files or commands a
    /// board member never sees: the same advice in the form's words
    /// ([`Scenario::warnings_for_form`]); `None` when `fr` is already that.
    pub form_fr: Option<String>,
}

/// A run's length for the web page in French: "0,2 an", "2 ans".
fn duration_fr(years: f64) -> String {
    format!("{} an{}", years.to_string().replace('.', ","), if years >= 2.0 { "s" } else { "" })
}

/// How a warning names an arm: "base" / "variant \"x\"" (« base » / « variante "x" »).
fn arm_words(arm: &Arm, fr: bool) -> String {
    match (arm.index, fr) {
        (0, _) => "base".to_string(),
        (_, false) => format!("variant {:?}", arm.name),
        (_, true) => format!("variante {:?}", arm.name),
    }
}

/// The warning of a variant that changes nothing in the base scenario
/// ([`Scenario::unchanged_variants`]), in English and French: the CLI's,
/// `run.json`'s and the report's words. `written` is what the variant's
/// table writes ([`Arm::written`], keys as typed: the same in both
/// languages); the web page's French (`form_fr`) leaves it out, the form
/// having no keys.
pub fn unchanged_variant_warning(name: &str, written: &str) -> Warning {
    let (what_en, what_fr) = if written.is_empty() {
        ("its parameters and policies are the base's".to_string(), "ses paramètres et ses politiques sont ceux de la base".to_string())
    } else {
        (format!("what it writes ({written}) is already the base's"), format!("ce qu'elle écrit ({written}) est déjà dans la base"))
    };
    let fr = |what: &str| {
        format!(
            "la variante {name:?} ne change rien au scénario de base\u{a0}: une fois l'organisation et les valeurs par défaut appliquées, {what} \
             (une valeur égale à celle de la base, ou une structure qui existe déjà avec les mêmes réglages), donc ses différences sont nulles par construction et ne mesurent aucun effet\u{a0}; \
             changez l'une de ses valeurs ou retirez-la"
        )
    };
    Warning {
        form_fr: (!written.is_empty()).then(|| fr("ses paramètres et ses politiques sont ceux de la base")),
        en: format!(
            "variant {name:?} changes nothing in the base scenario: once the organisation and the defaults are applied, {what_en} \
             (a value equal to the base's, or a structure that already exists with the same settings), so its differences are zero by construction and test no effect; \
             change one of its values or remove it"
        ),
        fr: fr(&what_fr),
    }
}

/// Model APL ÷ DREES APL below which a real territory's baseline supply is
/// flagged ([`Scenario::warnings`]; assumption).
pub const APL_RATIO_LOW: f64 = 0.8;
/// Model APL ÷ DREES APL above which a real territory's baseline supply is flagged.
pub const APL_RATIO_HIGH: f64 = 1.25;
/// Gap (share of inhabitants) between the model's and DREES's shares under
/// APL 2.5 above which a real territory is flagged even when its mean APL
/// is within the ratio bounds (trial 33: the Lozère, ratio 1.24, 25.7 % under
/// 2.5 in the model against 42.3 % by DREES, was not).
pub const APL_UNDERSERVED_GAP: f64 = 0.10;

impl Scenario {
    /// The base followed by every variant.
    pub fn arms(&self) -> impl Iterator<Item = &Arm> {
        std::iter::once(&self.base).chain(&self.variants)
    }

    /// The base seed of an arm: the scenario's seed (common random numbers),
    /// or a seed of its own with `independent_seeds`.
    pub fn seed_for(&self, arm: &Arm) -> u64 {
        if self.independent_seeds && arm.index > 0 {
            crate::engine::rng::mix64(self.seed ^ (arm.index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        } else {
            self.seed
        }
    }

    /// What the model is built from for `arm` (the base or a variant):
    /// zones, territories, the arm's parameters and policies, its seed and
    /// calendar.
    pub fn spec<'s>(&'s self, arm: &'s Arm) -> crate::model::Spec<'s> {
        crate::model::Spec {
            seed: self.seed_for(arm),
            warmup_days: self.warmup_days,
            horizon_days: self.horizon_days(),
            start_day_of_year: self.start_day_of_year,
            holidays: self.holiday_days(),
            zones: &self.zones,
            territories: &self.territories,
            parameters: &arm.parameters,
            policies: &arm.policies,
            secondary_homes: &self.secondary_homes,
        }
    }

    /// The world of replication `replication` of the base arm.
    pub fn world(&self, replication: u32) -> crate::model::world::World<'_> {
        crate::model::world::World::for_arm(&self.spec(&self.base), replication)
    }

    /// Last simulated day (exclusive): warm-up plus the observed years.
    pub fn horizon_days(&self) -> u32 {
        self.warmup_days + (self.years * 365.0).round() as u32
    }

    /// Public holidays as simulation days over the whole horizon.
    pub fn holiday_days(&self) -> Vec<u32> {
        let horizon = self.horizon_days();
        let mut days = Vec::new();
        for year in 0..=horizon / 365 + 1 {
            for &doy in &self.public_holidays {
                let d = i64::from(doy) - i64::from(self.start_day_of_year) + 365 * i64::from(year);
                if (0..i64::from(horizon)).contains(&d) {
                    days.push(d as u32);
                }
            }
        }
        days
    }

    /// What is valid but cannot do what was probably meant: a policy
    /// starting at or after the end of the run has no effect (its
    /// differences are exactly zero). One line each, for stderr.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings_in(false)
    }

    /// [`Scenario::warnings`] in French when `fr` (the terminal in French,
    /// `run.json`'s `warnings_fr`, the web page in French).
    pub fn warnings_in(&self, fr: bool) -> Vec<String> {
        self.all_warnings().into_iter().map(|w| if fr { w.fr } else { w.en }).collect()
    }

    /// [`Scenario::warnings`] as the web page shows them in French: the
    /// form's words ([`Warning::form_fr`]), no scenario-file key, command or
    /// project document.
    pub fn warnings_for_form(&self) -> Vec<String> {
        self.all_warnings().into_iter().map(|w| w.form_fr.unwrap_or(w.fr)).collect()
    }

    /// The warning of an observed window that meets the GPs' seasonal leave
    /// (the one `run` prints among [`Scenario::warnings`]), for the commands
    /// that print it on its own (`validate`).
    pub fn season(&self) -> Option<Warning> {
        self.season_warning()
    }

    /// The warnings the report lists under its own heading: every one of
    /// [`Scenario::warnings`] but those it shows elsewhere (the season's and
    /// the supply's, which it shows as they are, and a variant that changes
    /// nothing, which it says in its own words). French in the form's words
    /// ([`Warning::form_fr`]): a board reads the report (trial 33 found a
    /// variant's `participation = 0` only in the terminal and `run.json`).
    pub fn warnings_for_report(&self, fr: bool) -> Vec<String> {
        self.placed_warnings()
            .into_iter()
            .filter(|(_, shown_elsewhere)| !shown_elsewhere)
            .map(|(w, _)| if fr { w.form_fr.unwrap_or(w.fr) } else { w.en })
            .collect()
    }

    fn all_warnings(&self) -> Vec<Warning> {
        self.placed_warnings().into_iter().map(|(w, _)| w).collect()
    }

    /// Every warning in the order the terminal prints them, each with
    /// whether the report shows it outside its list of warnings
    /// ([`Scenario::warnings_for_report`]).
    fn placed_warnings(&self) -> Vec<(Warning, bool)> {
        let end = (self.years * 365.0).round() as i64;
        let mut out: Vec<Warning> = Vec::new();
        for arm in self.arms() {
            for p in &arm.policies {
                let inherited = arm.index > 0 && self.base.policies.contains(p);
                if let Some(start) = p.start_day.filter(|s| *s >= end && !inherited) {
                    out.push(Warning {
                        form_fr: Some(format!(
                            "la mesure {:?} ({}) commence au jour {start} après la mise en régime, mais la simulation s'arrête au jour {end} (durée simulée\u{a0}: {})\u{a0}: elle n'a aucun effet",
                            p.name,
                            arm_words(arm, true),
                            duration_fr(self.years)
                        )),
                        en: format!(
                            "policy {:?} ({}) starts on day {start} after the warm-up, but the run ends on day {end} (years = {}): it has no effect",
                            p.name,
                            arm_words(arm, false),
                            self.years
                        ),
                        fr: format!(
                            "la politique {:?} ({}) commence au jour {start} après la mise en régime, mais la simulation s'arrête au jour {end} (years = {})\u{a0}: elle n'a aucun effet",
                            p.name,
                            arm_words(arm, true),
                            self.years
                        ),
                    });
                }
            }
        }
        let mut out: Vec<(Warning, bool)> = out.into_iter().map(|w| (w, false)).collect();
        let mut add = |ws: Vec<Warning>, shown_elsewhere: bool| out.extend(ws.into_iter().map(|w| (w, shown_elsewhere)));
        add(self.unchanged_variants().into_iter().filter_map(|v| self.unchanged_warning(v)).collect(), true);
        add(self.second_line_warnings(), false);
        add(self.stacked_structure_warnings(), false);
        add(self.season_warning().into_iter().collect(), true);
        add(self.no_gp_warnings(), false);
        add(self.workforce_warnings(), false);
        add(self.odd_input_warnings(), false);
        add(self.msp_without_gp_warnings(), false);
        add(self.specialist_input_warnings(), false);
        add(self.supply_warnings.clone(), true);
        out
    }

    /// The variants whose resolved parameters and policies (after the
    /// organisation, the defaults and `extend_policies` are applied) are the
    /// base's: they simulate the base again, so their differences are zero
    /// by construction, not a tested effect. A variant with a value drawn
    /// per replication (`{ dist = … }`) is not one of them.
    pub fn unchanged_variants(&self) -> Vec<&str> {
        self.variants.iter().filter(|v| self.changes_nothing(v)).map(|v| v.name.as_str()).collect()
    }

    /// Whether variant `v` simulates the base again (see [`Scenario::unchanged_variants`]).
    fn changes_nothing(&self, v: &Arm) -> bool {
        let drawn_in_variants = self.uncertain.iter().any(|u| u.path.starts_with("variants"));
        !drawn_in_variants && v.parameters == self.base.parameters && v.policies == self.base.policies
    }

    /// The warning of variant `name` if it changes nothing
    /// ([`unchanged_variant_warning`], with what its table writes); None for
    /// a variant that changes something or does not exist.
    pub fn unchanged_warning(&self, name: &str) -> Option<Warning> {
        let v = self.variants.iter().find(|v| v.name == name)?;
        self.changes_nothing(v).then(|| unchanged_variant_warning(name, &v.written))
    }

    /// A workforce event retiring more GPs than its zone has at the start
    /// (`change = -1000` in a commune of 9): only those there retire. Said
    /// once per event, naming the policy, the event and the zone.
    fn workforce_warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for arm in self.arms() {
            for p in &arm.policies {
                let crate::model::policy::spec::PolicyParams::Workforce(w) = &p.params else { continue };
                if arm.index > 0 && self.base.policies.contains(p) {
                    continue; // said once, for the base
                }
                for (i, e) in w.events.iter().enumerate() {
                    let Some(z) = self.zones.iter().find(|z| z.name == e.zone) else { continue };
                    if e.change < 0 && e.change.unsigned_abs() > z.gps {
                        out.push(Warning {
                            form_fr: Some(format!(
                                "la mesure {:?} ({}) retire {} MG de la zone {:?}, qui en a {} au départ\u{a0}: seuls les MG présents partent (au plus {})",
                                p.name,
                                arm_words(arm, true),
                                crate::io::count(u64::from(e.change.unsigned_abs()), true),
                                e.zone,
                                crate::io::count(u64::from(z.gps), true),
                                crate::io::count(u64::from(z.gps), true)
                            )),
                            en: format!(
                                "policy {:?} events[{i}] removes {} GPs from zone {:?}, which has {} at the start: only the GPs there retire (at most {})",
                                p.name,
                                crate::io::count(u64::from(e.change.unsigned_abs()), false),
                                e.zone,
                                crate::io::count(u64::from(z.gps), false),
                                crate::io::count(u64::from(z.gps), false)
                            ),
                            fr: format!(
                                "la politique {:?} events[{i}] retire {} MG de la zone {:?}, qui en a {} au départ\u{a0}: seuls les MG présents partent (au plus {})",
                                p.name,
                                crate::io::count(u64::from(e.change.unsigned_abs()), true),
                                e.zone,
                                crate::io::count(u64::from(z.gps), true),
                                crate::io::count(u64::from(z.gps), true)
                            ),
                        });
                    }
                }
            }
        }
        out
    }

    /// The calendar date of observation day `day` (0 = the first day after
    /// the warm-up; negative: during it), in 365-day years from
    /// `start_day_of_year` and the warm-up: "1 July", « 1er juillet » (`fr`),
    /// with the year counted from the simulation's start when it is not the
    /// first: "6 August of year 2", « 6 août de l'année 2 » (trial 34 read
    /// « jour 400 (6 août) » as within a one-year run). A policy's
    /// `start_day` as a board reads it (trial 33: « jour 91 »).
    pub fn date_of_day(&self, day: i64, fr: bool) -> String {
        let absolute = (i64::from(self.start_day_of_year) + i64::from(self.warmup_days) + day).max(0);
        let date = calendar_date((absolute % 365) as u32, fr);
        match (absolute / 365 + 1, fr) {
            (1, _) => date,
            (year, true) => format!("{date} de l'année {year}"),
            (year, false) => format!("{date} of year {year}"),
        }
    }

    /// The observed window's first and last dates ([`Scenario::date_of_day`]):
    /// "2 July to 1 July of year 2".
    pub fn observed_dates(&self, fr: bool) -> String {
        let last = ((self.years * 365.0).round() as i64 - 1).max(0);
        let to = if fr { "au" } else { "to" };
        format!("{} {to} {}", self.date_of_day(0, fr), self.date_of_day(last, fr))
    }

    /// A window shorter than a year that meets the weeks of GPs' summer or
    /// Christmas leave (named: the one it meets, or both) observes a season unlike a yearly mean (a board read 9.0 days at `--years 0.1`, all in July–August,
    /// against about 7 over the year). Said with the window's calendar dates.
    fn season_warning(&self) -> Option<Warning> {
        let days = (self.years * 365.0).round() as u32;
        if days >= 365 {
            return None;
        }
        let first = (self.start_day_of_year + self.warmup_days) % 365;
        let last = (first + days.max(1) - 1) % 365;
        // The weeks GPs' seasonal leave may fall in (`SeasonalLeave::windows`:
        // the summer window when they take summer leave, Christmas for the
        // weeks they take from the Christmas week, 2 reaching the first week
        // of January), the widest of the arms'; none when every arm has none.
        use crate::model::providers::SeasonalLeave as L;
        let week = |d: u32| L::week_of_year(d % 365, 0);
        let window = || first..first + days.max(1);
        let widest = |weeks: fn(&crate::model::providers::LeaveWindows) -> u32| {
            self.arms().map(|a| weeks(&L::windows(&a.parameters.gp))).max().unwrap_or(0)
        };
        let (summer_weeks, christmas_weeks) = (widest(|w| w.summer_weeks), widest(|w| w.christmas_weeks));
        let summer = window().any(|d| L::weeks_since(week(d), L::SUMMER_FIRST_WEEK) < summer_weeks);
        let christmas = window().any(|d| L::weeks_since(week(d), L::CHRISTMAS_WEEK) < christmas_weeks);
        // The leave the window meets, named (not "summer or Christmas" for a July window).
        let (season_en, season_fr) = match (summer, christmas) {
            (false, false) => return None,
            (true, false) => ("summer", "d'été"),
            (false, true) => ("Christmas", "de Noël"),
            (true, true) => ("summer and Christmas", "d'été et de Noël"),
        };
        Some(Warning {
            form_fr: Some(format!(
                "la période observée dure {days} jour{}, du {} au {} (durée simulée\u{a0}: {}), pendant les semaines de congés {season_fr} des MG\u{a0}: les niveaux sont ceux de cette saison, pas une moyenne annuelle (une durée d'un an ou plus donne des chiffres annuels) ; les différences entre variantes sont des effets dans cette saison",
                if days >= 2 { "s" } else { "" },
                calendar_date(first, true),
                calendar_date(last, true),
                duration_fr(self.years)
            )),
            en: format!(
                "the observed window is {days} days, {} to {} (years = {}), in the weeks of GPs' {season_en} leave: levels are that season's, not a yearly mean (use years = 1 or more for yearly figures); differences between arms are effects in that season",
                calendar_date(first, false),
                calendar_date(last, false),
                self.years
            ),
            fr: format!(
                "la période observée dure {days} jour{}, du {} au {} (years = {}), pendant les semaines de congés {season_fr} des MG\u{a0}: les niveaux sont ceux de cette saison, pas une moyenne annuelle (years = 1 ou plus pour des chiffres annuels) ; les différences entre variantes sont des effets dans cette saison",
                if days >= 2 { "s" } else { "" },
                calendar_date(first, true),
                calendar_date(last, true),
                self.years
            ),
        })
    }

    /// A variant adding a structure of a type today's organisation already
    /// has in some of the same zones (a second CPTS where `today_cpts` works):
    /// both act, which is rarely what is meant by "extend our CPTS". Said once
    /// per added policy, naming the existing one and how to change it instead.
    fn stacked_structure_warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        let existing: Vec<&PolicySpec> = self.base.policies.iter().filter(|b| b.name.starts_with("today_")).collect();
        for arm in &self.variants {
            for p in arm.policies.iter().filter(|p| !self.base.policies.iter().any(|b| b.name == p.name)) {
                let kind = p.params.kind();
                let shared =
                    |b: &&&PolicySpec| b.params.kind() == kind && b.scope.in_zone.iter().zip(&p.scope.in_zone).any(|(x, y)| *x && *y);
                if let Some(b) = existing.iter().find(shared) {
                    let example = enlarged_example(b);
                    out.push(Warning {
                        form_fr: Some(format!(
                            "la variante {:?} ajoute la mesure {:?} là où une structure du même type existe déjà aujourd'hui\u{a0}: les deux agissent ensemble, comme deux structures. \
                             Pour modifier plutôt l'existante (l'agrandir, ajouter des communes), choisissez dans cette mesure « Structure\u{a0}: étendre l'existante »",
                            arm.name, p.name
                        )),
                        en: format!(
                            "variant {:?} adds a policy of type {kind} ({:?}) where today's {:?} already works: the two act together, as two {kind} policies would. \
                             To change the existing one instead (enlarge it, add a site), write in the variant \
                             extend_policies = [{{ name = {:?}, {example} }}] (docs/policies.md, Today's organisation)",
                            arm.name, p.name, b.name, b.name
                        ),
                        fr: format!(
                            "la variante {:?} ajoute une politique {kind} ({:?}) là où {:?} existe déjà aujourd'hui\u{a0}: les deux agissent ensemble, comme deux politiques {kind}. \
                             Pour modifier plutôt l'existant (l'agrandir, ajouter un site), écrivez dans la variante \
                             extend_policies = [{{ name = {:?}, {example} }}] (docs/policies.md)",
                            arm.name, p.name, b.name, b.name
                        ),
                    });
                }
            }
        }
        out
    }

    /// Telexpertise and specialist sessions act only on the second line: in
    /// an arm with `[parameters.specialists] enabled = false` they change
    /// nothing but the cost (they are still costed). A warning rather than
    /// an error: the file is valid, and a variant may switch the second line
    /// on for the policies it inherits.
    fn second_line_warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for arm in self.arms().filter(|a| !a.parameters.specialists.enabled) {
            for p in &arm.policies {
                let kind = match p.params {
                    crate::model::policy::spec::PolicyParams::Telexpertise(_) => "telexpertise",
                    crate::model::policy::spec::PolicyParams::SpecialistSessions(_) => "specialist_sessions",
                    _ => continue,
                };
                if arm.index > 0 && self.base.policies.contains(p) && !self.base.parameters.specialists.enabled {
                    continue; // said once, for the base
                }
                out.push(Warning {
                    form_fr: Some(format!(
                        "la mesure {:?} ({}) n'agit que sur le second recours (les spécialistes), mais le second recours n'est pas simulé dans ce scénario\u{a0}: elle ne change que le coût",
                        p.name,
                        arm_words(arm, true)
                    )),
                    en: format!(
                        "policy {:?} ({}) is a {kind} policy, which acts only on the second line, but [parameters.specialists] enabled = false: it changes nothing but the cost (set enabled = true)",
                        p.name,
                        arm_words(arm, false)
                    ),
                    fr: format!(
                        "la politique {:?} ({}) est de type {kind}, qui n'agit que sur le second recours, mais [parameters.specialists] enabled = false\u{a0}: elle ne change que le coût (mettez enabled = true)",
                        p.name,
                        arm_words(arm, true)
                    ),
                });
            }
        }
        out
    }

    /// A territory without any GP: its delay to consultation is measured on
    /// the few needs seen by services (walk-in, teleconsultation …) and can
    /// look short beside a large share of forgone care.
    fn no_gp_warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for (i, t) in self.territories.iter().enumerate() {
            let gps: u64 = self.zones.iter().filter(|z| z.territory as usize == i).map(|z| u64::from(z.gps)).sum();
            if gps == 0 {
                out.push(Warning {
                    form_fr: Some(format!(
                        "le territoire {:?} n'a aucun MG\u{a0}: son délai de consultation n'est mesuré que sur les quelques besoins que voient les services (la plupart sont abandonnés ou vont aux urgences) ; lisez le délai moyen de consultation à côté du taux de renoncement aux soins",
                        t.name
                    )),
                    en: format!(
                        "territory {:?} has no GP: its delay to consultation is measured only on the few needs that services see (most needs are forgone or go to the ED); read delay_mean_days beside forgone_care_rate",
                        t.name
                    ),
                    fr: format!(
                        "le territoire {:?} n'a aucun MG\u{a0}: son délai de consultation n'est mesuré que sur les quelques besoins que voient les services (la plupart sont abandonnés ou vont aux urgences) ; lisez delay_mean_days à côté de forgone_care_rate",
                        t.name
                    ),
                });
            }
        }
        out
    }

    /// Inhabitants of every territory together.
    pub fn inhabitants(&self) -> u64 {
        self.zones.iter().map(|z| z.inhabitants()).sum()
    }

    /// Applies command-line overrides, checked like file values.
    pub fn with_overrides(mut self, replications: Option<u32>, seed: Option<u64>, years: Option<f64>) -> Result<Scenario, ScenarioError> {
        let mut problems = Vec::new();
        if let Some(r) = replications {
            check(
                &mut problems,
                "--replications",
                (1..=MAX_REPLICATIONS).contains(&r),
                &format!("{} (got {r})", replications_reason(MAX_REPLICATIONS)),
            );
            self.replications = r;
        }
        if let Some(y) = years {
            check(&mut problems, "--years", y.is_finite() && y > 0.0 && y <= MAX_YEARS, &format!("{} (got {y})", years_reason()));
            check_one_day(&mut problems, "--years", y);
            self.years = y;
        }
        if let Some(s) = seed {
            self.seed = s;
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(ScenarioError::Invalid { origin: COMMAND_LINE.into(), problems })
        }
    }
}

/// The origin of a problem of the command line's overrides
/// ([`Scenario::with_overrides`]), which a French terminal translates.
pub const COMMAND_LINE: &str = "command line";

/// Most replications of a scenario file, of `--replications` and of
/// `--max-replications` (the one limit of the command line; the web page has
/// its own, `serve::compose::MAX_REPLICATIONS`). A guard on a run's time and
/// files, far above any precision needed (assumption).
pub const MAX_REPLICATIONS: u32 = 100_000;

/// The one wording of a replication limit, for every entry point: "must be
/// a whole number from 1 to `max`" (the web page adds where its limit ends).
pub fn replications_reason(max: u32) -> String {
    format!("must be a whole number from 1 to {max}")
}
/// The one wording of the limit of `years`, for every entry point (the
/// scenario file, `--years`, the Python API's `years=`).
pub fn years_reason() -> String {
    format!("must be a number of years in (0, {MAX_YEARS}]")
}
pub const MAX_YEARS: f64 = 50.0;
const MAX_ZONES: u32 = 100_000;
const MAX_INHABITANTS: u64 = 100_000_000;
/// Smallest and largest surface of a synthetic territory, km²: a hectare,
/// and a million km² (mainland France is 551,695 km²).
const AREA_KM2: (f64, f64) = (0.01, 1_000_000.0);
/// Highest density of a synthetic territory, inhabitants per km²: ten
/// million, far above any city (Paris ≈ 20,000; Manila ≈ 44,000) yet above
/// the bench scenarios that pack 1,000,000 inhabitants into 1 km² on
/// purpose (`scenarios/bench/clinic-1m.toml`).
const MAX_DENSITY_PER_KM2: f64 = 10_000_000.0;
/// Most GPs per 10,000 inhabitants (one GP for 10 inhabitants): the French
/// mean is ≈ 8.5 (DREES 2023); above is an input error, not a territory.
const MAX_GPS_PER_10000: f64 = 1000.0;

/// One problem found in a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub line: Option<usize>,
    pub path: String,
    pub reason: String,
}

/// Why a scenario could not be used.
#[derive(Debug, PartialEq)]
pub enum ScenarioError {
    /// The file could not be read.
    Unreadable { origin: String, reason: String },
    /// The file was read but is not a valid scenario.
    Invalid { origin: String, problems: Vec<Problem> },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Unreadable { origin, reason } => {
                write!(f, "{origin}: cannot read the file: {reason}")
            }
            ScenarioError::Invalid { origin, problems } => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    match p.line {
                        Some(l) => write!(f, "{origin}:{l}: {}: {}", p.path, p.reason)?,
                        None => write!(f, "{origin}: {}: {}", p.path, p.reason)?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Reads and validates the scenario file at `path`.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ScenarioError::Unreadable { origin: origin.clone(), reason: e.to_string() })?;
    parse(&text, &origin)
}

/// The embedded default scenario.
pub fn embedded_default() -> Scenario {
    parse(EMBEDDED_DEFAULT, "<embedded default>").expect("the embedded default scenario is valid (tested)")
}

/// Parses and validates scenario `text`; `origin` names it in errors.
/// Values given as distributions stand at their mean (see [`uncertain`]).
pub fn parse(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let (mean_text, uncertain) = uncertain::extract(text, origin)?;
    let raw = parse_raw(&mean_text, origin)?;
    let mut s = validate(raw, &mean_text, origin)?;
    s.text = text.to_string();
    s.sha256 = sha256_hex(text);
    s.mean_text = mean_text;
    s.uncertain = uncertain;
    Ok(s)
}

/// Stage one: TOML text to [`ScenarioFile`], with path and line on error.
/// A top-level key written after `[[territories]]` (or another array of
/// tables) is said so ([`misplaced::explain`]), not as an unknown field.
pub fn parse_raw(text: &str, origin: &str) -> Result<ScenarioFile, ScenarioError> {
    parse_toml(text, origin).map_err(|mut e| {
        if let ScenarioError::Invalid { problems, .. } = &mut e {
            for p in problems.iter_mut() {
                let why = misplaced::unknown_field(&p.reason).and_then(|k| misplaced::explain(&p.path, k));
                if let Some(why) = why {
                    p.reason = why;
                }
                // `[variants.parameters.cpts]`: a policy's settings written as parameters (trial 32 was
                // offered `costs`, the nearest group's name).
                if let Some(why) = policy_as_parameters(&p.path, &p.reason) {
                    p.reason = why;
                }
            }
        }
        replications_said_once(e)
    })
}

/// `replications = 2.5` or `-3` in a scenario or an experiment file: serde
/// says "a whole number ≥ 0", but 0 is refused too; said as the range
/// check says it (stop 47's trial read both for one field).
pub(crate) fn replications_said_once(mut e: ScenarioError) -> ScenarioError {
    if let ScenarioError::Invalid { problems, .. } = &mut e {
        for p in problems.iter_mut().filter(|p| p.path == "replications" && p.reason.starts_with("invalid ")) {
            let got = p.reason.split('`').nth(1).map(|v| format!(" (got {v})")).unwrap_or_default();
            p.reason = format!("{}{got}", replications_reason(MAX_REPLICATIONS));
        }
    }
    e
}

/// Why `[parameters.<type>]` (or a variant's) is refused when `<type>` is a
/// policy type, from the problem's `path` (`parameters.cpts`, or `cpts`
/// within the parameters) and serde's `reason`: a policy's settings are the
/// policy's, changed or added as policies. None for any other problem.
pub(crate) fn policy_as_parameters(path: &str, reason: &str) -> Option<String> {
    let kind = misplaced::unknown_field(reason)
        .filter(|k| crate::model::policy::spec::POLICY_TYPES.contains(k) && (path == *k || path.ends_with(&format!("parameters.{k}"))))?;
    Some(format!(
        "`{kind}` is a policy type, not a group of parameters: a variant changes today's one with \
         extend_policies = [{{ name = \"today_{kind}\", … }}] and adds one with add_policies = [{{ type = \"{kind}\", … }}] (docs/policies.md)"
    ))
}

/// Parses TOML `text` into any file struct, naming the field and line of
/// the first problem (scenario, experiment and targets files).
pub fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T, ScenarioError> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let line = inner.span().map(|s| locate::line_at(text, s.start));
        let path = if path == "." || path.is_empty() { "(document)".to_string() } else { path };
        let mut reason = suggest::improve(inner.message().trim(), &[]);
        if let Some(number) = line.and_then(|l| text.lines().nth(l.saturating_sub(1))).and_then(suggest::decimal_comma) {
            reason.push_str(&format!("{}{number}", suggest::DECIMAL_POINT));
        }
        ScenarioError::Invalid { origin: origin.to_string(), problems: vec![Problem { line, path, reason }] }
    })
}

fn check(problems: &mut Vec<Problem>, path: &str, ok: bool, reason: &str) {
    if !ok {
        problems.push(Problem { line: None, path: path.to_string(), reason: reason.to_string() });
    }
}

/// "3 July" for day 183 of a 365-day year (0 = 1 January); « 3 juillet »
/// in French (`fr`; the first of a month « 1er juillet »).
fn calendar_date(day_of_year: u32, fr: bool) -> String {
    const MONTHS: [(&str, &str, u32); 12] = [
        ("January", "janvier", 31),
        ("February", "février", 28),
        ("March", "mars", 31),
        ("April", "avril", 30),
        ("May", "mai", 31),
        ("June", "juin", 30),
        ("July", "juillet", 31),
        ("August", "août", 31),
        ("September", "septembre", 30),
        ("October", "octobre", 31),
        ("November", "novembre", 30),
        ("December", "décembre", 31),
    ];
    let mut d = day_of_year % 365;
    for (name, nom, len) in MONTHS {
        if d < len {
            return match (fr, d) {
                (true, 0) => format!("1er {nom}"),
                (true, _) => format!("{} {nom}", d + 1),
                (false, _) => format!("{} {name}", d + 1),
            };
        }
        d -= len;
    }
    unreachable!("a day of a 365-day year falls in a month")
}

/// A name shown in reports, folders and CSV files: no control character (a
/// NUL byte, a newline) and no bidirectional override, which would make a
/// table read otherwise than it is written.
fn check_name(problems: &mut Vec<Problem>, path: &str, name: &str) {
    let odd = name.chars().find(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(c) || ('\u{2066}'..='\u{2069}').contains(c));
    if let Some(c) = odd {
        check(
            problems,
            path,
            false,
            &format!("contains the invisible character U+{:04X}; names are shown in reports and files: remove it", c as u32),
        );
    }
}

fn check_share(problems: &mut Vec<Problem>, path: &str, v: f64) {
    check(problems, path, v.is_finite() && (0.0..=1.0).contains(&v), &crate::model::params::share_reason(v));
}

fn check_positive(problems: &mut Vec<Problem>, path: &str, v: f64) {
    check(problems, path, v.is_finite() && v > 0.0, &format!("must be a positive number (got {v})"));
}

fn check_non_negative(problems: &mut Vec<Problem>, path: &str, v: f64) {
    check(problems, path, v.is_finite() && v >= 0.0, &format!("must be zero or positive (got {v})"));
}

/// The observed window is `years` × 365 rounded to whole days
/// ([`Scenario::horizon_days`]): a positive `years` that rounds to 0 days
/// observes nothing (no person-time, no event: every indicator empty), so
/// at least one day is asked for. One day, not one week: every indicator
/// is computed on the window's days (a rate over its person-time), and the
/// weekly series end with a partial week at any horizon.
fn check_one_day(pb: &mut Vec<Problem>, path: &str, years: f64) {
    let empty = years.is_finite() && years > 0.0 && (years * 365.0).round() < 1.0;
    check(
        pb,
        path,
        !empty,
        &format!("{years} years is less than one day of observation: nothing would be observed; give at least 0.0028 (one day)"),
    );
}

/// The run's own settings: name, replications, years, warm-up, calendar.
fn validate_run_settings(pb: &mut Vec<Problem>, raw: &ScenarioFile) {
    check(pb, "name", !raw.name.trim().is_empty(), "must not be empty");
    check_name(pb, "name", &raw.name);
    check(pb, "replications", (1..=MAX_REPLICATIONS).contains(&raw.replications), &replications_reason(MAX_REPLICATIONS));
    check(
        pb,
        "years",
        raw.years.is_finite() && raw.years > 0.0 && raw.years <= MAX_YEARS,
        &format!("{} (got {})", years_reason(), raw.years),
    );
    check_one_day(pb, "years", raw.years);
    check(pb, "warmup_days", raw.warmup_days <= 3650, "must be at most 3650 days");
    check(pb, "start_day_of_year", raw.start_day_of_year < 365, "must be a day of the year, 0 to 364");
    for (i, d) in raw.public_holidays.iter().enumerate() {
        check(pb, &format!("public_holidays[{i}]"), *d < 365, "must be a day of the year, 0 to 364");
    }
    check(pb, "territories", !raw.territories.is_empty(), "at least one territory is needed");
}

/// Every territory's zones, in order (a territory that cannot be built adds a problem and no zones).
fn resolve_territories(pb: &mut Vec<Problem>, raw: &ScenarioFile) -> (Vec<Territory>, Vec<Zone>) {
    let mut territories = Vec::new();
    let mut zones = Vec::new();
    for (i, t) in raw.territories.iter().enumerate() {
        let at = format!("territories[{i}]");
        check(pb, &format!("{at}.name"), !t.name.trim().is_empty(), "must not be empty");
        check_name(pb, &format!("{at}.name"), &t.name);
        if raw.territories[..i].iter().any(|o| o.name == t.name) {
            check(pb, &format!("{at}.name"), false, &format!("duplicate territory name {:?}", t.name));
            // Not built: its zones would carry the first one's names, and every follow-on error would repeat this cause.
            continue;
        }
        if let Some((terr, mut zs)) = resolve_territory(pb, &at, t, i as u16) {
            if shares_no_zone(pb, raw, i, &zones, &zs) {
                territories.push(terr);
                zones.append(&mut zs);
            }
        }
    }
    let total: u64 = zones.iter().map(|z| z.inhabitants()).sum();
    check(
        pb,
        "territories",
        total <= MAX_INHABITANTS,
        &format!("{} inhabitants is more than the 100,000,000 a run accepts", crate::io::count(total, false)),
    );
    (territories, zones)
}

/// Whether the zones `new` of territory `i` are in no territory built
/// before; otherwise one problem naming the other territory and the first
/// shared communes (or zones). A commune counted in two territories would
/// have its people and GPs simulated twice, and a policy scope naming it
/// would be ambiguous.
fn shares_no_zone(pb: &mut Vec<Problem>, raw: &ScenarioFile, i: usize, zones: &[Zone], new: &[Zone]) -> bool {
    let seen: std::collections::HashMap<&str, u16> = zones.iter().map(|z| (z.name.as_str(), z.territory)).collect();
    let mut shared: Vec<(&str, u16)> = new.iter().filter_map(|z| seen.get(z.name.as_str()).map(|&t| (z.name.as_str(), t))).collect();
    let Some(&(_, other)) = shared.first() else { return true };
    shared.retain(|s| s.1 == other);
    let t = &raw.territories[i];
    let real = t.archetype.is_none() && t.zones.is_none();
    let field = synthetic_or_real_field(t);
    let named = |code: &str| match crate::geo::dataset().commune(code).filter(|_| real) {
        Some(c) => format!("{code} ({})", c.name),
        None => code.to_string(),
    };
    let first: Vec<String> = shared.iter().take(3).map(|s| named(s.0)).collect();
    let kind = if real { "commune" } else { "zone" };
    let what = match shared.len() {
        1 => format!("{kind} {}", first[0]),
        n if n <= 3 => format!("{kind}s {}", first.join(", ")),
        n => format!("{kind}s {} and {} more ({n} in all)", first.join(", "), n - 3),
    };
    let verb = if shared.len() == 1 { "is" } else { "are" };
    let other_name = raw.territories.get(usize::from(other)).map_or("", |o| o.name.as_str());
    check(
        pb,
        &format!("territories[{i}].{field}"),
        false,
        &format!("territory {:?}: {what} {verb} already in territory {other_name:?}; a {kind} can belong to one territory only", t.name),
    );
    false
}

/// The keys that choose a territory's zones, each with whether `t` writes it
/// (one should): the one list the overlap check and the resolver read.
fn zone_sources(t: &TerritoryFile) -> [(&'static str, bool); 7] {
    [
        ("archetype", t.archetype.is_some()),
        ("zones", t.zones.is_some()),
        ("departement", t.departement.is_some()),
        ("epci", t.epci.is_some()),
        ("communes", t.communes.is_some()),
        ("around", t.around.is_some()),
        ("france", t.france.is_some()),
    ]
}

/// The field that chooses a territory's zones (where an overlap is reported).
fn synthetic_or_real_field(t: &TerritoryFile) -> &'static str {
    zone_sources(t).iter().find(|f| f.1).map_or("name", |f| f.0)
}

/// Today's organisation of each territory: `organisation = "today"` for
/// all, `"none"` for none, and by default real territories only.
fn todays_structures(
    raw: &ScenarioFile,
    org: Option<organisation::Organisation>,
    territories: &[Territory],
    zones: &[Zone],
) -> organisation::Expansion {
    let kinds: Vec<Option<organisation::Kind>> = raw
        .territories
        .iter()
        .map(|t| {
            let kind = if t.archetype.is_some() || t.zones.is_some() { organisation::Kind::Synthetic } else { organisation::Kind::Real };
            match org {
                Some(organisation::Organisation::Today) => Some(kind),
                Some(organisation::Organisation::None) => None,
                None if raw.organisation.is_some() => None,
                None => (kind == organisation::Kind::Real).then_some(kind),
            }
        })
        .collect();
    organisation::expand(territories, zones, &kinds)
}

/// Stage two: checks every value and resolves territories.
pub fn validate(raw: ScenarioFile, text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let mut problems = Vec::new();
    let pb = &mut problems;
    validate_run_settings(pb, &raw);
    let too_long = lengths::check(text);
    let said: Vec<String> = too_long.iter().map(|p| p.path.clone()).collect();
    pb.extend(too_long);
    validate_parameters_at(pb, &raw.parameters, "parameters");
    let (territories, zones) = resolve_territories(pb, &raw);
    let mut index = ZoneIndex::new(&territories, &zones);
    // A territory that could not be built has no zones to name: policies naming them are its consequence, not errors.
    index.complete = territories.len() == raw.territories.len();
    let org = organisation::check(pb, raw.organisation.as_deref());
    let expansion = if index.complete { todays_structures(&raw, org, &territories, &zones) } else { organisation::Expansion::default() };
    let mut base_policies = arms::resolve_policies(pb, "organisation", &expansion.tables, &index, raw.warmup_days);
    let written = arms::resolve_policies(pb, "policies", &raw.policies, &index, raw.warmup_days);
    for (i, p) in written.iter().enumerate() {
        let clash = base_policies.iter().any(|o| o.name == p.name);
        check(
            pb,
            &format!("policies[{i}].name"),
            !clash,
            &format!("{:?} is the name of a structure of today's organisation; name this policy differently", p.name),
        );
    }
    base_policies.extend(written);
    let base_tables: Vec<toml::Table> = expansion.tables.iter().chain(&raw.policies).cloned().collect();
    validate_question(pb, &raw);
    let base = Arm {
        index: 0,
        name: "base".into(),
        description: raw.description.clone(),
        parameters: raw.parameters.clone(),
        policies: base_policies,
        written: String::new(),
    };
    let variants = resolve_variants(pb, &raw, &base, &base_tables, &index);
    let compare = validate_compare(pb, &raw, &variants);
    let secondary_homes = if problems.is_empty() { seasonal_homes(&raw, &zones) } else { Vec::new() };
    let supply_warnings = if problems.is_empty() { supply_warnings(&raw, &territories, &zones) } else { Vec::new() };
    if problems.is_empty() {
        Ok(Scenario {
            name: raw.name,
            description: raw.description,
            question_indicators: raw.question_indicators,
            premises: raw.premises,
            seed: raw.seed,
            replications: raw.replications,
            years: raw.years,
            warmup_days: raw.warmup_days,
            start_day_of_year: raw.start_day_of_year,
            public_holidays: raw.public_holidays,
            base,
            variants,
            independent_seeds: false,
            compare,
            territories,
            zones,
            origin: origin.to_string(),
            text: text.to_string(),
            sha256: sha256_hex(text),
            mean_text: text.to_string(),
            uncertain: Vec::new(),
            organisation: org,
            existing: expansion.existing,
            secondary_homes,
            supply_warnings,
        })
    } else {
        // An array of the wrong length is said once (`lengths::check`), not
        // again in serde's words when a variant's overrides are merged.
        let mut seen = vec![false; said.len()];
        problems.retain(|p| match said.iter().position(|s| *s == p.path) {
            Some(i) => !std::mem::replace(&mut seen[i], true),
            None => true,
        });
        for p in &mut problems {
            p.line = locate::line_of(text, &p.path);
        }
        Err(ScenarioError::Invalid { origin: origin.to_string(), problems })
    }
}

/// Why `name` is not an indicator (with the nearest name declared in
/// [`crate::model::indicators`]), or `None` when it is one: the one wording
/// of scenarios (question, premises), experiments, calibrations and targets
/// (trial 32: a scenario's question said no more than "is not an
/// indicator" where an experiment suggested the nearest name).
pub fn unknown_indicator(name: &str) -> Option<String> {
    use crate::model::indicators::{is_known, INDICATORS};
    if is_known(name) {
        return None;
    }
    // The shortest name holding every word typed (trial 34: `ed_visits_treatable_per_1000` was told
    // `ed_visits_per_1000`, not `ed_visits_per_1000.primary_care_treatable`), else the nearest by spelling.
    let words = |s: &str| s.split(['_', '.']).filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>();
    let typed = words(name);
    let known = crate::model::indicators::known_names();
    let holding = known.iter().filter(|k| typed.len() > 1 && typed.iter().all(|w| words(k).contains(w))).min_by_key(|k| k.len());
    let hint = match holding {
        Some(k) => format!("; did you mean `{k}`?"),
        None => suggest::did_you_mean(name, INDICATORS.iter().map(|i| i.name)),
    };
    Some(format!("no indicator named {name:?}{hint} (`parcours scenario indicators` lists them)"))
}

/// The scenario's question: `question_indicators` name indicators, and
/// each of `premises` an indicator with finite, ordered bounds.
fn validate_question(pb: &mut Vec<Problem>, raw: &ScenarioFile) {
    for (i, q) in raw.question_indicators.iter().enumerate() {
        if let Some(reason) = unknown_indicator(q) {
            check(pb, &format!("question_indicators[{i}]"), false, &reason);
        }
    }
    for (i, p) in raw.premises.iter().enumerate() {
        let path = format!("premises[{i}]");
        if let Some(reason) = unknown_indicator(&p.indicator) {
            check(pb, &format!("{path}.indicator"), false, &reason);
        }
        check(pb, &path, p.at_least.is_some() || p.at_most.is_some(), "give at_least, at_most or both");
        check(pb, &path, p.at_least.into_iter().chain(p.at_most).all(f64::is_finite), "bounds must be finite numbers");
        check(pb, &path, !matches!((p.at_least, p.at_most), (Some(a), Some(b)) if a > b), "at_least must not exceed at_most");
        share_premise(pb, &path, p);
    }
}

/// A premise on a share (a fraction between 0 and 1) whose bound lies
/// outside [0, 1] can never be met, or is always met: usually a percentage
/// written for a fraction (`at_least = 90` for 90 %). Refused before the
/// run rather than warned after it.
fn share_premise(pb: &mut Vec<Problem>, path: &str, p: &file::Premise) {
    if !crate::model::indicators::is_share(&p.indicator) {
        return;
    }
    for (key, bound) in [("at_least", p.at_least), ("at_most", p.at_most)] {
        let Some(v) = bound.filter(|v| v.is_finite() && !(0.0..=1.0).contains(v)) else { continue };
        let hint = if (1.0..=100.0).contains(&v) { format!(" (for {v} %, write {key} = {})", v / 100.0) } else { String::new() };
        pb.push(Problem {
            line: None,
            path: format!("{path}.{key}"),
            reason: format!(
                "{:?} is a share, a fraction between 0 and 1 (0.9 = 90 %): {key} = {v} lies outside [0, 1], so the premise is {}{hint}",
                p.indicator,
                if (key == "at_least") == (v > 1.0) { "never met" } else { "always met" }
            ),
        });
    }
}

/// The pairs of arms of `compare`: each names two different arms (`base` or a variant).
fn validate_compare(pb: &mut Vec<Problem>, raw: &ScenarioFile, variants: &[Arm]) -> Vec<(String, String)> {
    let known = |n: &str| n == "base" || variants.iter().any(|v| v.name == n);
    for (i, [a, b]) in raw.compare.iter().enumerate() {
        for (j, n) in [a, b].into_iter().enumerate() {
            check(pb, &format!("compare[{i}][{j}]"), known(n), &format!("{n:?} is not an arm: name \"base\" or a variant"));
        }
        check(pb, &format!("compare[{i}]"), a != b, "compares an arm with itself: name two different arms");
    }
    raw.compare.iter().map(|[a, b]| (a.clone(), b.clone())).collect()
}

/// Whether territory `t` of the file is real (from the embedded data), not
/// synthetic (an archetype or explicit zones).
fn is_real(raw: &ScenarioFile, t: u16) -> bool {
    raw.territories.get(t as usize).is_some_and(|f| f.archetype.is_none() && f.zones.is_none())
}

/// A real territory whose GP accessibility in the model (APL from the
/// GPs placed, each counted for the consultations its calendar offers,
/// `geo::apl::compare`) is below 0.8 or above 1.25 times DREES's
/// APL 2023 for the same communes: its baseline supply differs from what
/// DREES counts (GPs beyond its borders its residents use; the salaried GPs
/// of centres de santé, an assumed number a centre in the model; activity per GP), so
/// effects on delays may be over- or understated. The bounds are an
/// assumption (the trial found 15 of 100 départements outside them, from
/// 0.76 for Seine-Saint-Denis to 1.47 for Alpes-Maritimes). Computed once,
/// at load ([`Scenario::supply_warnings`]); a synthetic scenario does not
/// even load the embedded communes.
fn supply_warnings(raw: &ScenarioFile, territories: &[Territory], zones: &[Zone]) -> Vec<Warning> {
    let mut out = Vec::new();
    for (i, t) in territories.iter().enumerate().filter(|(i, _)| is_real(raw, *i as u16)) {
        // A list of communes not of one piece (`geo::Dataset::gap`).
        if let Some(codes) = &raw.territories[i].communes {
            if let Some(g) = crate::geo::dataset().gap_of(codes) {
                out.push(Warning {
                    en: crate::geo::gap_warning(&t.name, &g, false),
                    fr: crate::geo::gap_warning(&t.name, &g, true),
                    form_fr: Some(crate::geo::gap_warning_for_form(&t.name, &g)),
                });
            }
        }
        let zones: Vec<_> = zones.iter().filter(|z| z.territory as usize == i).cloned().collect();
        // Inhabitants whose nearest GP is across the border (`geo::border`).
        let (outside, total) = crate::geo::border::outside_share(&zones, &raw.parameters.travel);
        let f = &raw.territories[i];
        let chosen_by = if f.departement.is_some() {
            "departement"
        } else if f.epci.is_some() {
            "epci"
        } else {
            "communes"
        };
        if let (Some(en), Some(fr)) = (
            crate::geo::border::border_warning(&t.name, outside, total, false, chosen_by),
            crate::geo::border::border_warning(&t.name, outside, total, true, chosen_by),
        ) {
            out.push(Warning { en, fr, form_fr: None });
        }
        let rows = crate::geo::apl::compare(&zones, &raw.parameters);
        let Some(all) = rows.iter().find(|r| r.group == "all") else { continue };
        let ratio = all.model / all.drees;
        if ratio.is_finite() && !(APL_RATIO_LOW..=APL_RATIO_HIGH).contains(&ratio) {
            let (why, pourquoi) = if ratio < APL_RATIO_LOW {
                (
                    "DREES also counts the GPs beyond its borders that its residents use, and the activity of the salaried GPs of its centres de santé, which the model sets by an assumed number a centre (`salaried_gps_per_centre`), so delays may be overstated",
                    "la DREES compte aussi les MG hors de ses limites auxquels ses habitants vont, et l'activité des médecins salariés de ses centres de santé, que le modèle fixe par un nombre supposé par centre{key}\u{a0}: les délais peuvent être surestimés",
                )
            } else {
                (
                    "DREES weights each GP by its activity (part-time, seasonal and older GPs count less) where the model gives every GP a full calendar, so delays may be understated",
                    "la DREES pondère chaque MG par son activité (temps partiel, saisonniers et MG âgés comptent moins) quand le modèle donne à chaque MG un agenda plein\u{a0}: les délais peuvent être sous-estimés",
                )
            };
            let fr = |x: f64| format!("{x:.2}").replace('.', ",");
            // Whole consultations, with the language's thousands separator ("5,399", « 5 399 »).
            let per_gp = |x: f64, fr: bool| crate::io::count(x.round() as u64, fr);
            let offered = crate::geo::apl::model_consultations_per_gp_year(&raw.parameters);
            let given = crate::geo::CONSULTATIONS_PER_GP_YEAR;
            // The terminal's French names the key and the command; the web page's does not.
            let french = |key: &str, tail: &str| {
                let pourquoi = pourquoi.replace("{key}", key);
                format!(
                    "territoire {:?}\u{a0}: l'accessibilité aux MG du modèle (APL {}, chaque MG compté pour les {} consultations par an que son agenda offre) vaut {} × l'APL 2023 de la DREES ({}, chaque MG compté pour les consultations qu'il a données\u{a0}: {} par an en moyenne en France) pour ses communes\u{a0}: ses MG sont les cabinets de la BPE situés dans le territoire ; {pourquoi}{tail}",
                    t.name,
                    fr(all.model),
                    per_gp(offered, true),
                    fr(ratio),
                    fr(all.drees),
                    per_gp(given, true)
                )
            };
            out.push(Warning {
                form_fr: Some(french("", "")),
                en: format!(
                    "territory {:?}: the model's GP accessibility (APL {:.2}, each GP counted for the {} consultations a year its calendar offers) is {:.2} × DREES APL 2023 ({:.2}, each GP counted for the consultations it gave: {} a year on average in France) for its communes: its GPs are the BPE practice sites inside the territory; {why} (`parcours territory show` gives the table by density class, docs/territories.md)",
                    t.name,
                    all.model,
                    per_gp(offered, false),
                    ratio,
                    all.drees,
                    per_gp(given, false)
                ),
                fr: french(" (`salaried_gps_per_centre`)", " (`parcours territory show` donne le tableau par classe de densité, docs/territories.md)"),
            });
        } else if (all.model_below - all.drees_below).abs() > APL_UNDERSERVED_GAP {
            out.push(underserved_warning(&t.name, all.model_below, all.drees_below));
        }
    }
    out
}

/// The warning of a territory whose share of inhabitants in communes under
/// APL 2.5 differs from DREES's by more than [`APL_UNDERSERVED_GAP`]: the
/// shortage is understated (or overstated) where GPs are fewest.
fn underserved_warning(territory: &str, model: f64, drees: f64) -> Warning {
    let pct = |x: f64, fr: bool| {
        let s = format!("{:.1}", 100.0 * x);
        if fr {
            format!("{}\u{a0}%", s.replace('.', ","))
        } else {
            format!("{s} %")
        }
    };
    let (en_dir, fr_dir) = if model < drees {
        (
            "understated: delays and forgone care in its least served communes may be too low",
            "sous-estimée\u{a0}: délais et renoncement dans ses communes les moins dotées peuvent être trop bas",
        )
    } else {
        (
            "overstated: delays and forgone care in its least served communes may be too high",
            "surestimée\u{a0}: délais et renoncement dans ses communes les moins dotées peuvent être trop élevés",
        )
    };
    let fr_text = |tail: &str| {
        format!(
            "territoire {territory:?}\u{a0}: {} de ses habitants vivent dans une commune sous l'APL 2,5 dans le modèle, {} selon l'APL 2023 de la DREES\u{a0}: la pénurie y est {fr_dir}{tail}",
            pct(model, true),
            pct(drees, true)
        )
    };
    Warning {
        en: format!(
            "territory {territory:?}: {} of its inhabitants live in a commune under APL 2.5 in the model, {} by DREES APL 2023: the shortage there is {en_dir} (`parcours territory show` gives the table by density class, docs/territories.md)",
            pct(model, false),
            pct(drees, false)
        ),
        fr: fr_text(" (`parcours territory show` donne le tableau par classe de densité, docs/territories.md)"),
        form_fr: Some(fr_text("")),
    }
}

/// The secondary homes of each zone of the real territories (see
/// [`Scenario::secondary_homes`]); empty when there are none or the file
/// switched the seasonal population off.
fn seasonal_homes(raw: &ScenarioFile, zones: &[Zone]) -> Vec<crate::model::seasonal::SecondaryHomes> {
    let real = |t: u16| is_real(raw, t);
    // Synthetic scenarios do not even parse the embedded communes.
    if !raw.seasonal_population || !zones.iter().any(|z| real(z.territory)) {
        return Vec::new();
    }
    let ds = crate::geo::dataset();
    let homes: Vec<_> = zones
        .iter()
        .map(|z| if real(z.territory) { crate::geo::seasonal::secondary_homes(ds, &z.name) } else { Default::default() })
        .collect();
    if homes.iter().all(|h| h.homes == 0) {
        Vec::new()
    } else {
        homes
    }
}

/// SHA-256 of `text` as lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn archetype_defaults(a: Archetype) -> ArchetypeDefaults {
    match a {
        Archetype::DenseUrban => ArchetypeDefaults::DENSE_URBAN,
        Archetype::Intermediate => ArchetypeDefaults::INTERMEDIATE,
        Archetype::Rural => ArchetypeDefaults::RURAL,
        Archetype::Isolated => ArchetypeDefaults::ISOLATED,
    }
}

fn resolve_territory(pb: &mut Vec<Problem>, at: &str, t: &TerritoryFile, index: u16) -> Option<(Territory, Vec<Zone>)> {
    let before = pb.len();
    for (field, v) in [("broadband", t.broadband), ("vulnerable", t.vulnerable)] {
        if let Some(v) = v {
            check_share(pb, &format!("{at}.{field}"), v);
        }
    }
    let sources = zone_sources(t);
    let written: Vec<&str> = sources.iter().filter(|s| s.1).map(|s| s.0).collect();
    match written.as_slice() {
        [_] => {}
        [] => {
            let reason = "missing: give an archetype (dense_urban, intermediate, rural, isolated), explicit zones, or a real territory (departement, epci, communes, around, france)";
            check(pb, &format!("{at}.archetype"), false, reason);
            return None;
        }
        // Said at the first key written, naming the ones written.
        [first, .., last] => {
            let both = if written.len() == 2 { "both" } else { "all" };
            let list = written[..written.len() - 1].join(", ");
            let reason = format!(
                "give only one of {list} and {last} ({both} written): a territory is chosen one way (archetype, zones, departement, epci, communes, around or france)"
            );
            check(pb, &format!("{at}.{first}"), false, &reason);
            return None;
        }
    }
    if let Some(n) = t.salaried_gps_per_centre {
        let real = t.archetype.is_none() && t.zones.is_none();
        check(
            pb,
            &format!("{at}.salaried_gps_per_centre"),
            real,
            "only for real territories: a synthetic territory's GPs are its gps_per_10000 or its zones' gps",
        );
        check(
            pb,
            &format!("{at}.salaried_gps_per_centre"),
            n <= MAX_SALARIED_GPS_PER_CENTRE,
            &format!("must be at most {MAX_SALARIED_GPS_PER_CENTRE} GPs a centre de santé (the default is 4; 0: none)"),
        );
    }
    let (territory, zones) = match (t.archetype, &t.zones) {
        (Some(a), _) => resolve_synthetic(pb, at, t, a, index)?,
        (_, Some(zs)) => resolve_explicit(pb, at, t, zs, index)?,
        _ => resolve_real(pb, at, t, index)?,
    };
    if let Some(sites) = &t.ed_sites {
        for (k, s) in sites.iter().enumerate() {
            check(pb, &format!("{at}.ed_sites[{k}]"), s.x_km.is_finite() && s.y_km.is_finite(), "coordinates must be finite numbers");
        }
    }
    (pb.len() == before).then_some((territory, zones))
}

/// Most salaried GPs a centre de santé may be given (`salaried_gps_per_centre`):
/// the largest centres count about 30 practitioners (IGAS 2013: Gennevilliers, 32).
pub const MAX_SALARIED_GPS_PER_CENTRE: u32 = 40;

fn resolve_synthetic(pb: &mut Vec<Problem>, at: &str, t: &TerritoryFile, a: Archetype, index: u16) -> Option<(Territory, Vec<Zone>)> {
    // Only this territory's own problems stop it (an error elsewhere, e.g. `years`, must not hide its zones).
    let before = pb.len();
    let d = archetype_defaults(a);
    let population = t.population.unwrap_or(0);
    check(
        pb,
        &format!("{at}.population"),
        population > 0,
        "a synthetic territory needs a population of at least 1 (the territory is empty)",
    );
    check(
        pb,
        &format!("{at}.population"),
        population <= MAX_INHABITANTS,
        &format!("more than 100,000,000 inhabitants (got {}; accepted: 1 to 100,000,000)", crate::io::count(population, false)),
    );
    let area = t.area_km2.unwrap_or(f64::NAN);
    check_positive(pb, &format!("{at}.area_km2"), area);
    check_area(pb, &format!("{at}.area_km2"), area, population);
    let zone_count = t.zone_count.unwrap_or(((population as f64 / 4000.0).ceil() as u32).clamp(1, 50));
    check(pb, &format!("{at}.zone_count"), (1..=MAX_ZONES).contains(&zone_count), "must be between 1 and 100000");
    check(
        pb,
        &format!("{at}.zone_count"),
        population == 0 || u64::from(zone_count) <= population,
        &format!(
            "must be at most the population ({} inhabitants): every zone needs inhabitants (got {})",
            crate::io::count(population, false),
            crate::io::count(u64::from(zone_count), false)
        ),
    );
    let gps = t.gps_per_10000.unwrap_or(d.gps_per_10000);
    check_non_negative(pb, &format!("{at}.gps_per_10000"), gps);
    check(
        pb,
        &format!("{at}.gps_per_10000"),
        gps <= MAX_GPS_PER_10000,
        &format!("more than 1,000 GPs per 10,000 inhabitants is not a territory (got {gps}; accepted: 0 to 1,000, France ≈ 8.5)"),
    );
    let ed_count = t.ed_count.unwrap_or_else(|| ((population as f64 / 100_000.0 * d.eds_per_100k).round() as u32).max(1));
    // A count derived from a population already refused is not a second cause (the user never wrote it).
    check(
        pb,
        &format!("{at}.ed_count"),
        ed_count <= 1000 || (t.ed_count.is_none() && population > MAX_INHABITANTS),
        "must be at most 1000",
    );
    if pb.len() > before {
        return None;
    }
    let spec = SyntheticSpec {
        name: t.name.clone(),
        archetype: d,
        population,
        area_km2: area,
        zone_count,
        gps_per_10000: gps,
        broadband: t.broadband.unwrap_or(d.broadband),
        vulnerable: t.vulnerable.unwrap_or(d.vulnerable),
        ed_count: if t.ed_sites.is_some() { 0 } else { ed_count },
    };
    let (mut territory, zones) = synthetic_territory(&spec, index);
    add_ed_sites(&mut territory, t, SYNTHETIC_ORIGIN_KM + 1000.0 * f64::from(index));
    Some((territory, zones))
}

/// A synthetic territory's surface: within [`AREA_KM2`], and a density of
/// at most [`MAX_DENSITY_PER_KM2`] (a surface typed in m² or hectares
/// gives an absurd density).
fn check_area(pb: &mut Vec<Problem>, path: &str, area: f64, population: u64) {
    if !(area.is_finite() && area > 0.0) {
        return; // said by check_positive
    }
    let (low, high) = AREA_KM2;
    check(pb, path, (low..=high).contains(&area), &format!("must be between {low} and {high:.0} km² (got {area})"));
    let density = population as f64 / area;
    // A population already refused is not a second cause here.
    if area >= low && population <= MAX_INHABITANTS && density > MAX_DENSITY_PER_KM2 {
        check(
            pb,
            path,
            false,
            &format!(
                "{} inhabitants on {area} km² is {density:.3e} inhabitants per km²; at most {MAX_DENSITY_PER_KM2:.0e} are accepted (is the surface in km²?)",
                crate::io::count(population, false)
            ),
        );
    }
}

fn resolve_explicit(
    pb: &mut Vec<Problem>,
    at: &str,
    t: &TerritoryFile,
    zs: &[file::ZoneFile],
    index: u16,
) -> Option<(Territory, Vec<Zone>)> {
    let before = pb.len();
    check(pb, &format!("{at}.zones"), !zs.is_empty(), "the territory is empty: list at least one zone");
    let total: u64 = zs.iter().map(|z| z.population).sum();
    check(pb, &format!("{at}.zones"), zs.is_empty() || total > 0, "the territory is empty: its zones have no inhabitants");
    let gps: u64 = zs.iter().map(|z| u64::from(z.gps)).sum();
    check(
        pb,
        &format!("{at}.zones"),
        total == 0 || gps as f64 * 10_000.0 <= MAX_GPS_PER_10000 * total as f64,
        &format!(
            "{} for {} inhabitants is {} per 10,000; at most 1,000 per 10,000 are accepted (France ≈ 8.5)",
            crate::io::counted(gps, "GP", "GPs", false),
            crate::io::count(total, false),
            crate::io::count((gps as f64 * 10_000.0 / total.max(1) as f64).round() as u64, false)
        ),
    );
    let mut zones = Vec::new();
    for (k, z) in zs.iter().enumerate() {
        let zat = format!("{at}.zones[{k}]");
        check(
            pb,
            &format!("{zat}.population"),
            z.population <= MAX_INHABITANTS,
            &format!("more than 100,000,000 inhabitants (got {}; accepted: 0 to 100,000,000)", crate::io::count(z.population, false)),
        );
        check(pb, &format!("{zat}.x_km"), z.x_km.is_finite(), "must be a finite number");
        check(pb, &format!("{zat}.y_km"), z.y_km.is_finite(), "must be a finite number");
        check(
            pb,
            &format!("{zat}.gps"),
            z.gps <= 100_000,
            &format!("must be at most 100,000 (got {}; accepted: 0 to 100,000)", crate::io::count(u64::from(z.gps), false)),
        );
        let d = density_defaults(z.density);
        let broadband = z.broadband.unwrap_or(t.broadband.unwrap_or(d.broadband));
        let vulnerable = z.vulnerable.unwrap_or(t.vulnerable.unwrap_or(d.vulnerable));
        check_share(pb, &format!("{zat}.broadband"), broadband);
        check_share(pb, &format!("{zat}.vulnerable"), vulnerable);
        let ages = crate::model::territory::apportion(z.population.min(MAX_INHABITANTS), &d.age_shares);
        zones.push(Zone {
            name: z.name.clone(),
            territory: index,
            population: std::array::from_fn(|a| ages[a] as u32),
            density: z.density,
            x_km: z.x_km,
            y_km: z.y_km,
            broadband,
            vulnerable,
            gps: z.gps,
            pharmacies: z.pharmacies,
            nurses: z.nurses,
            epci: 0,
        });
    }
    for (field, given) in synthetic_only_fields(t) {
        let reason = if field == "ed_count" {
            "ed_count is for synthetic territories; list ed_sites instead"
        } else {
            "only for synthetic territories (with an archetype)"
        };
        check(pb, &format!("{at}.{field}"), !given, reason);
    }
    if pb.len() > before {
        return None;
    }
    let mut territory = Territory { name: t.name.clone(), emergency_departments: Vec::new(), gp_source: "the scenario's zones".into() };
    add_ed_sites(&mut territory, t, 0.0);
    Some((territory, zones))
}

/// The fields only a synthetic territory takes, and whether `t` gives each.
fn synthetic_only_fields(t: &TerritoryFile) -> [(&'static str, bool); 5] {
    [
        ("population", t.population.is_some()),
        ("area_km2", t.area_km2.is_some()),
        ("zone_count", t.zone_count.is_some()),
        ("gps_per_10000", t.gps_per_10000.is_some()),
        ("ed_count", t.ed_count.is_some()),
    ]
}

/// A real territory from the embedded data (see [`crate::geo`]).
fn resolve_real(pb: &mut Vec<Problem>, at: &str, t: &TerritoryFile, index: u16) -> Option<(Territory, Vec<Zone>)> {
    use crate::geo::{build, dataset, BuildOptions, Selection};
    let before = pb.len();
    for (field, given) in synthetic_only_fields(t) {
        check(pb, &format!("{at}.{field}"), !given, "only for synthetic territories; a real territory takes its figures from the data");
    }
    let (selection, field) = if let Some(all) = t.france {
        check(pb, &format!("{at}.france"), all, "set france = true for every commune of France, or leave it out");
        (Selection::All, "france")
    } else if let Some(d) = &t.departement {
        (Selection::Departement(d.clone()), "departement")
    } else if let Some(e) = &t.epci {
        (Selection::Epci(e.clone()), "epci")
    } else if let Some(c) = &t.communes {
        (Selection::Communes(c.clone()), "communes")
    } else {
        let a = t.around.as_ref()?;
        // Its upper limit is Dataset::select's (MAX_AROUND_RADIUS_KM), as for `territory show`.
        let ok = a.radius_km.is_finite() && a.radius_km > 0.0;
        check(pb, &format!("{at}.around.radius_km"), ok, "must be a radius in km, above 0");
        (Selection::Around { commune: a.commune.clone(), radius_km: a.radius_km }, "around")
    };
    if pb.len() > before {
        return None;
    }
    let ds = dataset();
    let picked = match ds.select(&selection) {
        Ok(p) => p,
        Err(reason) => {
            check(pb, &format!("{at}.{field}"), false, &file_form(&reason));
            return None;
        }
    };
    let opts = BuildOptions { broadband: t.broadband, vulnerable: t.vulnerable, salaried_gps_per_centre: t.salaried_gps_per_centre };
    let built = build(ds, &picked, &t.name, index, &opts);
    if built.zones.is_empty() {
        check(pb, &format!("{at}.{field}"), false, "none of the selected communes has coordinates");
        return None;
    }
    let mut territory = built.territory;
    add_ed_sites(&mut territory, t, 0.0);
    Some((territory, built.zones))
}

/// A selection error's suggestions (`geo`'s, written for the command
/// line's `departement=23`) as a scenario file writes them:
/// `departement = "23"`, `epci = "200067544"`, `communes = ["23176"]`.
fn file_form(reason: &str) -> String {
    let mut out = reason.to_string();
    for key in ["departement", "epci", "communes"] {
        let spec = format!("{key}=");
        while let Some(at) = out.find(&spec) {
            let rest = &out[at + spec.len()..];
            let len = rest.find([' ', ',', '?', ')', ';']).unwrap_or(rest.len());
            let value = &rest[..len];
            let written = if key == "communes" { format!("{key} = [\"{value}\"]") } else { format!("{key} = \"{value}\"") };
            out.replace_range(at..at + spec.len() + len, &written);
        }
    }
    out
}

/// An extension that enlarges `existing` (a structure of today's
/// organisation), for a hint: its participation halfway to 1, or its
/// capacity keys (`spec::capacity_keys`) doubled, from its own values (a
/// fixed example could shrink it: 2 GPs on duty where the Creuse has 3);
/// `zones = ["…"]` for a type with neither.
fn enlarged_example(existing: &PolicySpec) -> String {
    use crate::model::policy::spec::{capacity_keys, READS_PARTICIPATION};
    let kind = existing.params.kind();
    if READS_PARTICIPATION.contains(&kind.as_str()) {
        let p = existing.scope.participation;
        return format!("participation = {}", ((p + (1.0 - p) / 2.0) * 100.0).round() / 100.0);
    }
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(&existing.params) else { return "zones = [\"…\"]".into() };
    let doubled: Vec<String> = capacity_keys(&kind)
        .iter()
        .filter_map(|k| {
            let v = fields.get(*k)?;
            Some(match (v.as_u64(), v.as_f64()) {
                (Some(n), _) => format!("{k} = {}", 2 * n.max(1)),
                (None, Some(x)) => format!("{k} = {}", 2.0 * x),
                _ => return None,
            })
        })
        .collect();
    if doubled.is_empty() {
        "zones = [\"…\"]".into()
    } else {
        doubled.join(", ")
    }
}

fn density_defaults(d: DensityClass) -> ArchetypeDefaults {
    match d {
        DensityClass::DenseUrban => ArchetypeDefaults::DENSE_URBAN,
        DensityClass::Intermediate => ArchetypeDefaults::INTERMEDIATE,
        DensityClass::Rural => ArchetypeDefaults::RURAL,
        DensityClass::Isolated => ArchetypeDefaults::ISOLATED,
    }
}

/// Adds the territory's explicit ED sites, shifted by `origin_km` east (synthetic territories are laid out there).
fn add_ed_sites(territory: &mut Territory, t: &TerritoryFile, origin_km: f64) {
    if let Some(sites) = &t.ed_sites {
        territory.emergency_departments.extend(sites.iter().map(|s| (s.name.clone(), s.x_km + origin_km, s.y_km)));
    }
}

/// Names of zones and territories, for policy scopes and workforce events.
pub struct ZoneIndex {
    zones: std::collections::HashMap<String, usize>,
    territories: Vec<String>,
    zone_territory: Vec<usize>,
    /// False when a territory could not be built: an unknown name may be one of its zones.
    pub complete: bool,
}

impl ZoneIndex {
    fn new(territories: &[Territory], zones: &[Zone]) -> Self {
        ZoneIndex {
            zones: zones.iter().enumerate().map(|(i, z)| (z.name.clone(), i)).collect(),
            territories: territories.iter().map(|t| t.name.clone()).collect(),
            zone_territory: zones.iter().map(|z| z.territory as usize).collect(),
            complete: true,
        }
    }
    pub fn len(&self) -> usize {
        self.zone_territory.len()
    }
    pub fn is_empty(&self) -> bool {
        self.zone_territory.is_empty()
    }
    pub fn zone(&self, name: &str) -> Option<usize> {
        self.zones.get(name).copied()
    }
    /// The scenario's territory names, as written.
    pub fn territory_names(&self) -> &[String] {
        &self.territories
    }
    pub fn territory(&self, name: &str) -> Option<usize> {
        self.territories.iter().position(|t| t == name)
    }
    pub fn territory_of(&self, zone: usize) -> usize {
        self.zone_territory[zone]
    }
}

fn resolve_variants(pb: &mut Vec<Problem>, raw: &ScenarioFile, base: &Arm, base_tables: &[toml::Table], index: &ZoneIndex) -> Vec<Arm> {
    let mut out: Vec<Arm> = Vec::new();
    for (i, v) in raw.variants.iter().enumerate() {
        let at = format!("variants[{i}]");
        check(pb, &format!("{at}.name"), !v.name.trim().is_empty() && v.name != "base", "must be a non-empty name other than \"base\"");
        check_name(pb, &format!("{at}.name"), &v.name);
        if raw.variants[..i].iter().any(|o| o.name == v.name) {
            check(pb, &format!("{at}.name"), false, &format!("duplicate variant name {:?}", v.name));
        }
        let empty = v.parameters.as_ref().is_none_or(|t| t.is_empty())
            && v.add_policies.is_empty()
            && v.remove_policies.is_empty()
            && v.extend_policies.is_empty();
        check(pb, &at, !empty, "the variant changes nothing: give parameters, add_policies, extend_policies or remove_policies");
        let parameters = match &v.parameters {
            Some(over) => match arms::merge_parameters(&base.parameters, over) {
                Ok(p) => {
                    validate_parameters_at(pb, &p, &format!("{at}.parameters"));
                    p
                }
                Err((path, reason)) => {
                    let field = if path.is_empty() || path == "." { String::new() } else { format!(".{path}") };
                    check(pb, &format!("{at}.parameters{field}"), false, &reason);
                    base.parameters.clone()
                }
            },
            None => base.parameters.clone(),
        };
        let mut policies: Vec<_> = base.policies.clone();
        arms::extend_policies(pb, &format!("{at}.extend_policies"), &v.extend_policies, base_tables, &mut policies, index, raw.warmup_days);
        for (k, name) in v.remove_policies.iter().enumerate() {
            if v.extend_policies.iter().any(|e| e.get("name").and_then(toml::Value::as_str) == Some(name.as_str())) {
                check(
                    pb,
                    &format!("{at}.remove_policies[{k}]"),
                    false,
                    &format!("{name:?} is also in this variant's extend_policies: remove it or extend it, not both"),
                );
                continue;
            }
            let found = policies.iter().position(|p| &p.name == name);
            let blamed = found.is_none() && !arms::is_unbuilt_today(name, index);
            if blamed {
                // What there is to remove, and the nearest name (as extend_policies says).
                let known: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
                let list = if known.is_empty() {
                    "the base has no policies at all".to_string()
                } else {
                    format!("the base's policies: {}", known.join(", "))
                };
                let hint = suggest::did_you_mean(name, known.iter().copied());
                check(pb, &format!("{at}.remove_policies[{k}]"), false, &format!("the base has no policy called {name:?}{hint}; {list}"));
            }
            if let Some(f) = found {
                policies.remove(f);
            }
        }
        for p in arms::resolve_policies(pb, &format!("{at}.add_policies"), &v.add_policies, index, raw.warmup_days) {
            let clash = policies.iter().any(|o| o.name == p.name);
            check(
                pb,
                &format!("{at}.add_policies"),
                !clash,
                &format!("a policy called {:?} is already in force; name the new one differently", p.name),
            );
            policies.push(p);
        }
        let written = arms::written(v);
        out.push(Arm { index: i + 1, name: v.name.clone(), description: v.description.clone(), parameters, policies, written });
    }
    out
}

/// Validates parameters found at `prefix` (`parameters`, or `variants[i].parameters`).
fn validate_parameters_at(pb: &mut Vec<Problem>, p: &Parameters, prefix: &str) {
    let mut found = Vec::new();
    validate_parameters(&mut found, p);
    // Every number, generically: finite, and within its bound (`bounds`).
    let mut pairs: Vec<(String, String)> = found.into_iter().map(|x| (x.path, x.reason)).collect();
    bounds::merge(&mut pairs, bounds::number_problems(p, "", bounds::PARAMETER_BOUNDS), "parameters");
    let found = pairs.into_iter().map(|(path, reason)| Problem { line: None, path, reason });
    for mut problem in found {
        if let Some(rest) = problem.path.strip_prefix("parameters") {
            problem.path = format!("{prefix}{rest}");
        }
        pb.push(problem);
    }
}

/// Checks every parameter group in turn (problems in file order of the groups).
fn validate_parameters(pb: &mut Vec<Problem>, p: &Parameters) {
    validate_population_and_needs(pb, p);
    validate_choice_and_booking(pb, p);
    validate_gp_and_registration(pb, p);
    validate_deterioration_and_hospital(pb, p);
    validate_travel_and_costs(pb, p);
    for (field, why) in p.specialists.problems() {
        check(pb, &format!("parameters.specialists.{field}"), false, &why);
    }
    for (field, why) in p.coordination.problems() {
        check(pb, &format!("parameters.coordination.{field}"), false, &why);
    }
    for (field, why) in p.workforce.problems() {
        check(pb, &format!("parameters.workforce.{field}"), false, &why);
    }
}

/// Checks the six values of a by-age-band parameter: shares, or non-negative values.
fn by_age(pb: &mut Vec<Problem>, path: &str, v: &[f64; 6], share: bool) {
    for (i, x) in v.iter().enumerate() {
        let at = format!("parameters.{path}[{i}]");
        if share {
            check_share(pb, &at, *x);
        } else {
            check_non_negative(pb, &at, *x);
        }
    }
}

fn validate_population_and_needs(pb: &mut Vec<Problem>, p: &Parameters) {
    let pop = &p.population;
    by_age(pb, "population.chronic_share", &pop.chronic_share, true);
    by_age(pb, "population.multimorbid_share", &pop.multimorbid_share, true);
    by_age(pb, "population.complex_share", &pop.complex_share, true);
    by_age(pb, "population.caregiver_share", &pop.caregiver_share, true);
    by_age(pb, "population.digital_skills_share", &pop.digital_skills_share, true);
    check_non_negative(pb, "parameters.population.delay_tolerance_log_sd", pop.delay_tolerance_log_sd);
    let n = &p.needs;
    by_age(pb, "needs.acute_minor_per_year", &n.acute_minor_per_year, false);
    by_age(pb, "needs.acute_serious_per_year", &n.acute_serious_per_year, false);
    by_age(pb, "needs.renewal_per_year", &n.renewal_per_year, false);
    by_age(pb, "needs.prevention_per_year", &n.prevention_per_year, false);
    for (path, v) in [
        ("needs.complex_per_year", n.complex_per_year),
        ("needs.acute_factor_one_ald", n.acute_factor_one_ald),
        ("needs.acute_factor_multimorbid", n.acute_factor_multimorbid),
    ] {
        check_non_negative(pb, &format!("parameters.{path}"), v);
    }
    for (path, v) in [
        ("needs.followup_interval_days", n.followup_interval_days),
        ("needs.followup_interval_multimorbid_days", n.followup_interval_multimorbid_days),
    ] {
        check(pb, &format!("parameters.{path}"), v.is_finite() && v >= 1.0, &format!("must be at least 1 day (got {v})"));
    }
    check_share(pb, "parameters.needs.winter_amplitude", n.winter_amplitude);
    check_share(pb, "parameters.needs.vaccinated_winter_excess_avoided", n.vaccinated_winter_excess_avoided);
    check_non_negative(pb, "parameters.needs.winter_peak_day", n.winter_peak_day);
}

fn validate_choice_and_booking(pb: &mut Vec<Problem>, p: &Parameters) {
    let c = &p.choice;
    for (path, v) in [
        ("asc_ed", c.asc_ed),
        ("asc_forgo", c.asc_forgo),
        ("beta_delay_per_day", c.beta_delay_per_day),
        ("beta_travel_per_hour", c.beta_travel_per_hour),
        ("beta_ed_out_of_hours", c.beta_ed_out_of_hours),
        ("beta_ed_propensity", c.beta_ed_propensity),
        ("beta_forgo_vulnerable", c.beta_forgo_vulnerable),
    ] {
        check(
            pb,
            &format!("parameters.choice.{path}"),
            v.is_finite() && v.abs() <= 100.0,
            &format!("must be a finite utility within ±100 (got {v})"),
        );
    }
    // A disutility: a sign dropped by mistake (`0.35` for `-0.35`) would make
    // a longer wait or trip more attractive.
    for (path, v, default) in
        [("beta_delay_per_day", c.beta_delay_per_day, "-0.35 a day"), ("beta_travel_per_hour", c.beta_travel_per_hour, "-1.5 an hour")]
    {
        check(
            pb,
            &format!("parameters.choice.{path}"),
            !(v > 0.0),
            &format!("must be zero or negative, a utility lost per unit (default {default}; accepted: -100 to 0): {v} would make a longer wait or trip more attractive"),
        );
    }
    check_share(pb, "parameters.choice.information_lack", c.information_lack);
    check_non_negative(pb, "parameters.choice.information_lack_vulnerable_factor", c.information_lack_vulnerable_factor);
    check_share(pb, "parameters.choice.service_unawareness", c.service_unawareness);
    check_share(pb, "parameters.choice.sas_number_unawareness", c.sas_number_unawareness);
    check_non_negative(pb, "parameters.choice.unawareness_no_digital_factor", c.unawareness_no_digital_factor);
    check_non_negative(pb, "parameters.choice.unawareness_newcomer_factor", c.unawareness_newcomer_factor);
    check_non_negative(pb, "parameters.choice.newcomer_years", c.newcomer_years);
    for (i, v) in c.residence_years_shares.iter().enumerate() {
        check_share(pb, &format!("parameters.choice.residence_years_shares[{i}]"), *v);
    }
    let b = &p.booking;
    for (path, v) in [
        ("acute_tolerance_days", b.acute_tolerance_days),
        ("followup_tolerance_days", b.followup_tolerance_days),
        ("renewal_tolerance_days", b.renewal_tolerance_days),
        ("prevention_tolerance_days", b.prevention_tolerance_days),
        ("complex_tolerance_days", b.complex_tolerance_days),
        ("post_discharge_tolerance_days", b.post_discharge_tolerance_days),
        ("followup_retry_days", b.followup_retry_days),
    ] {
        check_positive(pb, &format!("parameters.booking.{path}"), v);
    }
    check_share(pb, "parameters.booking.accept_unregistered", b.accept_unregistered);
    check_share(pb, "parameters.booking.prevention_walk_in_share", b.prevention_walk_in_share);
    check(pb, "parameters.booking.other_gp_tries", b.other_gp_tries <= 64, "must be at most 64");
    check(pb, "parameters.booking.horizon_days", (1..=730).contains(&b.horizon_days), "must be between 1 and 730 days");
    for (field, why) in p.waits.problems() {
        check(pb, &format!("parameters.waits.{field}"), false, &why);
    }
}

fn validate_gp_and_registration(pb: &mut Vec<Problem>, p: &Parameters) {
    for (field, why) in p.gp.leave_problems() {
        check(pb, &format!("parameters.gp.{field}"), false, &why);
    }
    for (field, why) in p.week.problems() {
        check(pb, &format!("parameters.week.{field}"), false, &why);
    }
    let g = &p.gp;
    check(pb, "parameters.gp.slot_minutes", (5..=240).contains(&g.slot_minutes), "must be between 5 and 240 minutes");
    let hours: Vec<_> = [("morning", &g.morning), ("afternoon", &g.afternoon)]
        .into_iter()
        .map(|(field, s)| {
            let h = parse_hours(s);
            check(
                pb,
                &format!("parameters.gp.{field}"),
                h.is_some(),
                &format!("must read \"HH:MM-HH:MM\" with opening before closing (got {s:?})"),
            );
            h.unwrap_or((0, 0))
        })
        .collect();
    if (5..=240).contains(&g.slot_minutes) {
        let slots = (u32::from(hours[0].1 - hours[0].0) + u32::from(hours[1].1 - hours[1].0)) / g.slot_minutes;
        check(pb, "parameters.gp.slot_minutes", slots <= 64, &format!("gives {slots} slots a day; at most 64 are supported"));
        check(
            pb,
            "parameters.gp.squeeze_in_per_day",
            g.squeeze_in_per_day <= 16 && slots + g.squeeze_in_per_day <= 64,
            &format!("must be at most 16, and with the day's {slots} slots at most 64 (got {})", g.squeeze_in_per_day),
        );
        check(pb, "parameters.gp.afternoon", hours[1].0 >= hours[0].1 || hours[1].0 == hours[1].1, "must start after the morning ends");
    }
    check_share(pb, "parameters.gp.unscheduled_share", g.unscheduled_share);
    check(pb, "parameters.gp.weeks_off_per_year", g.weeks_off_per_year <= 52, "must be at most 52");
    check(
        pb,
        "parameters.gp.daily_slot_caps",
        g.daily_slot_caps.len() <= 10_000 && g.daily_slot_caps.iter().all(|&c| (1..=64).contains(&c)),
        "must be at most 10,000 caps, each between 1 and 64 slots a day",
    );
    check_share(pb, "parameters.gp.hospitalisation_probability", g.hospitalisation_probability);
    let r = &p.registration;
    check_share(pb, "parameters.registration.propensity", r.propensity);
    check_share(pb, "parameters.registration.accept_when_seen", r.accept_when_seen);
    check_positive(pb, "parameters.registration.max_travel_minutes", r.max_travel_minutes);
    check_share(pb, "parameters.registration.close_list_utilisation", r.close_list_utilisation);
}

fn validate_deterioration_and_hospital(pb: &mut Vec<Problem>, p: &Parameters) {
    let d = &p.deterioration;
    check_share(pb, "parameters.deterioration.acute_escalation_share", d.acute_escalation_share);
    check_positive(pb, "parameters.deterioration.acute_escalation_median_days", d.acute_escalation_median_days);
    check(
        pb,
        "parameters.deterioration.acute_escalation_shape",
        d.acute_escalation_shape.is_finite() && (0.1..=20.0).contains(&d.acute_escalation_shape),
        "must be between 0.1 and 20",
    );
    by_age(pb, "deterioration.acute_escalation_admission", &d.acute_escalation_admission, true);
    for (path, v) in [
        ("chronic_decompensation_per_year", d.chronic_decompensation_per_year),
        ("multimorbid_factor", d.multimorbid_factor),
        ("complex_uncoordinated_factor", d.complex_uncoordinated_factor),
        ("no_caregiver_factor", d.no_caregiver_factor),
        ("vulnerable_factor", d.vulnerable_factor),
        ("overdue_grace_days", d.overdue_grace_days),
    ] {
        check_non_negative(pb, &format!("parameters.deterioration.{path}"), v);
    }
    check_positive(pb, "parameters.deterioration.overdue_factor", d.overdue_factor);
    check(
        pb,
        "parameters.deterioration.discontinuity_factor",
        d.discontinuity_factor.is_finite() && (1.0..=10.0).contains(&d.discontinuity_factor),
        "must be between 1 and 10 (a follow-up by another professional does not protect more than one by the médecin traitant)",
    );
    check(
        pb,
        "parameters.deterioration.vaccinated_winter_factor",
        d.vaccinated_winter_factor.is_finite() && (0.0..=1.0).contains(&d.vaccinated_winter_factor),
        "must be between 0 and 1 (a prevention act does not raise the hazard)",
    );
    check_share(pb, "parameters.deterioration.decompensation_via_ed", d.decompensation_via_ed);
    let h = &p.hospital;
    for (path, v) in [
        ("serious_admission", h.serious_admission),
        ("minor_admission", h.minor_admission),
        ("readmission_30d", h.readmission_30d),
        ("followup_7d_relative_risk", h.followup_7d_relative_risk),
    ] {
        check_share(pb, &format!("parameters.hospital.{path}"), v);
    }
    check_positive(pb, "parameters.hospital.avoidable_stay_days", h.avoidable_stay_days);
    check_positive(pb, "parameters.hospital.other_stay_days", h.other_stay_days);
}

fn validate_travel_and_costs(pb: &mut Vec<Problem>, p: &Parameters) {
    let t = &p.travel;
    check(pb, "parameters.travel.detour_factor", t.detour_factor.is_finite() && t.detour_factor >= 1.0, "must be at least 1");
    for (i, s) in t.speed_kmh.iter().enumerate() {
        check(
            pb,
            &format!("parameters.travel.speed_kmh[{i}]"),
            s.is_finite() && *s >= 1.0 && *s <= 200.0,
            "must be between 1 and 200 km/h",
        );
    }
    check_non_negative(pb, "parameters.travel.access_minutes", t.access_minutes);
    let c = &p.costs;
    for (path, v) in [
        ("gp_consultation_eur", c.gp_consultation_eur),
        ("walk_in_act_eur", c.walk_in_act_eur),
        ("ed_visit_eur", c.ed_visit_eur),
        ("avoidable_stay_eur", c.avoidable_stay_eur),
        ("other_stay_eur", c.other_stay_eur),
        ("readmission_eur", c.readmission_eur),
    ] {
        check_non_negative(pb, &format!("parameters.costs.{path}"), v);
    }
    let s = &p.seasonal;
    check(
        pb,
        "parameters.seasonal.persons_per_home",
        s.persons_per_home.is_finite() && (0.0..=20.0).contains(&s.persons_per_home),
        "must be between 0 and 20 persons",
    );
    for (path, v) in [
        ("summer_occupancy", s.summer_occupancy),
        ("winter_sports_occupancy", s.winter_sports_occupancy),
        ("short_holiday_occupancy", s.short_holiday_occupancy),
        ("off_season_occupancy", s.off_season_occupancy),
    ] {
        check_share(pb, &format!("parameters.seasonal.{path}"), v);
    }
}

#[cfg(test)]
mod season_tests {
    use super::calendar_date;

    #[test]
    fn calendar_dates_by_hand() {
        // 0 = 1 January; 31 = 1 February; 182 = 31 + 28 + 31 + 30 + 31 + 30 + 1 → 2 July; 364 = 31 December.
        assert_eq!(calendar_date(0, false), "1 January");
        assert_eq!(calendar_date(31, false), "1 February");
        assert_eq!(calendar_date(182, false), "2 July");
        assert_eq!(calendar_date(364, false), "31 December");
        assert_eq!(calendar_date(0, true), "1er janvier");
        assert_eq!(calendar_date(182, true), "2 juillet");
        assert_eq!(calendar_date(365, false), "1 January");
    }

    /// Trial 34: `ed_visits_treatable_per_1000` was told `ed_visits_per_1000`; the family
    /// member holding every word typed is meant. A misspelt word still gets the nearest name.
    #[test]
    fn an_unknown_indicator_is_told_the_name_holding_its_words() {
        let hint = super::unknown_indicator("ed_visits_treatable_per_1000").unwrap();
        assert!(hint.contains("did you mean `ed_visits_per_1000.primary_care_treatable`?"), "{hint}");
        let hint = super::unknown_indicator("ed_visit_per_1000").unwrap();
        assert!(hint.contains("did you mean `ed_visits_per_1000`?"), "{hint}");
        assert!(super::unknown_indicator("ed_visits_per_1000.primary_care_treatable").is_none());
    }

    /// The season warning names the leave the window meets (by hand: GPs'
    /// summer weeks 26–34 are days 182–244, 2 July–2 September; the
    /// Christmas week 51 is days 357–363, 24–30 December).
    #[test]
    fn the_season_warning_names_the_leave_the_window_meets() {
        let season = |start: u32, years: f64| {
            let text = format!(
                "name = \"d\"\nstart_day_of_year = {start}\nwarmup_days = 0\nyears = {years}\n[[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 500\narea_km2 = 50\nzone_count = 2\n"
            );
            super::parse(&text, "d.toml").unwrap().season().map(|w| (w.en, w.fr))
        };
        // Days 340–376: 7 December to 12 January, the Christmas week only.
        let (en, fr) = season(340, 0.1).expect("Christmas");
        assert!(en.contains("in the weeks of GPs' Christmas leave:"), "{en}");
        assert!(fr.contains("pendant les semaines de congés de Noël des MG"), "{fr}");
        // Days 150–332: 31 May to 29 November, summer only.
        let (en, fr) = season(150, 0.5).expect("summer");
        assert!(en.contains("GPs' summer leave:"), "{en}");
        assert!(fr.contains("congés d'été des MG"), "{fr}");
        // Days 170–388: both.
        let (en, _) = season(170, 0.6).expect("both");
        assert!(en.contains("GPs' summer and Christmas leave:"), "{en}");
        // Days 60–132 (2 March to 13 May): neither, no warning.
        assert_eq!(season(60, 0.2), None);
    }

    /// The Christmas leave the warning looks for is `gp.christmas_weeks_off`
    /// weeks from the Christmas week, as the GPs take it (by hand: week 0 is
    /// days 0–6, 1–7 January; days 0–17 are weeks 0–2): a window of 1–18
    /// January meets a two-week Christmas leave and not the default one-week
    /// one; with no Christmas leave, 7 December–12 January meets none.
    #[test]
    fn the_season_warning_follows_the_length_of_christmas_leave() {
        let season = |start: u32, years: f64, christmas_weeks: u32| {
            let text = format!(
                "name = \"d\"\nstart_day_of_year = {start}\nwarmup_days = 0\nyears = {years}\n[parameters.gp]\nchristmas_weeks_off = {christmas_weeks}\n[[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 500\narea_km2 = 50\nzone_count = 2\n"
            );
            super::parse(&text, "d.toml").unwrap().season().map(|w| w.en)
        };
        assert_eq!(season(0, 0.05, 1), None, "1–18 January, one week at Christmas");
        let en = season(0, 0.05, 2).expect("two weeks at Christmas reach 1–7 January");
        assert!(en.contains("GPs' Christmas leave:"), "{en}");
        assert_eq!(season(340, 0.1, 0), None, "no Christmas leave");
        assert!(season(340, 0.1, 1).is_some_and(|en| en.contains("Christmas leave")));
        // Six weeks off, three in summer by default: room for two at Christmas (above);
        // with three weeks off all taken in summer, none is left for Christmas.
        let text = "name = \"d\"\nstart_day_of_year = 340\nwarmup_days = 0\nyears = 0.1\n[parameters.gp]\nweeks_off_per_year = 3\nchristmas_weeks_off = 2\n[[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 500\narea_km2 = 50\nzone_count = 2\n";
        assert_eq!(super::parse(text, "d.toml").unwrap().season().map(|w| w.en), None, "no week left for Christmas");
        // 2 July to 6 August (days 182-217, weeks 26-31) meets the summer window
        // only when the GPs take summer leave (`summer_weeks_off`, 3 by default).
        let july = |summer: u32| {
            let text = format!("name = \"d\"\nstart_day_of_year = 182\nwarmup_days = 0\nyears = 0.1\n[parameters.gp]\nsummer_weeks_off = {summer}\n[[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 500\narea_km2 = 50\nzone_count = 2\n");
            super::parse(&text, "d.toml").unwrap().season().map(|w| w.en)
        };
        assert!(july(3).is_some_and(|en| en.contains("GPs' summer leave:")));
        assert_eq!(july(0), None, "no summer leave taken");
    }

    /// A policy's start day as a date: observation day 0 is the first after
    /// the warm-up, from `start_day_of_year` (by hand: 10 + 30 + 80 = 120 =
    /// 31 + 28 + 31 + 30 → 1 May).
    #[test]
    fn observation_days_have_their_date() {
        let text = "name = \"d\"\nstart_day_of_year = 10\nwarmup_days = 30\n[[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 500\narea_km2 = 50\nzone_count = 2\n";
        let s = super::parse(text, "d.toml").unwrap();
        assert_eq!(s.date_of_day(0, false), "10 February");
        assert_eq!(s.date_of_day(80, false), "1 May");
        assert_eq!(s.date_of_day(80, true), "1er mai");
        // Before the simulation's start: its first day; beyond the first year, the year said
        // (by hand: 40 + 400 = 440 = 365 + 75 → 17 March of year 2).
        assert_eq!(s.date_of_day(-41, false), "1 January");
        assert_eq!(s.date_of_day(400, false), "17 March of year 2");
        assert_eq!(s.date_of_day(400, true), "17 mars de l'année 2");
        // years = 1 (default): days 0 to 364 → 10 February to 9 February of year 2 (40 + 364 = 404 = 365 + 39).
        assert_eq!(s.observed_dates(false), "10 February to 9 February of year 2");
        assert_eq!(s.observed_dates(true), "10 février au 9 février de l'année 2");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_is_valid_and_matches_the_brief() {
        let s = embedded_default();
        assert!(s.replications >= 10);
        assert_eq!(s.territories.len(), 2);
        let pop = |t: u16| s.zones.iter().filter(|z| z.territory == t).map(|z| z.inhabitants()).sum::<u64>();
        assert_eq!(pop(0), 100_000);
        assert_eq!(pop(1), 40_000);
        assert_eq!(s.sha256.len(), 64);
    }

    fn err(text: &str) -> String {
        parse(text, "t.toml").unwrap_err().to_string()
    }

    const OK: &str = "name = \"x\"\n[[territories]]\nname = \"a\"\narchetype = \"rural\"\npopulation = 100\narea_km2 = 10\n";

    #[test]
    fn unknown_field_is_refused_with_line_and_path() {
        let e = err(&format!("{OK}colour = \"red\"\n"));
        assert!(e.starts_with("t.toml:7: territories[0]"), "{e}");
        assert!(e.contains("unknown field `colour`"), "{e}");
    }

    #[test]
    fn two_ways_of_choosing_a_territory_are_named_as_written() {
        // By hand: epci and departement written (in that order in the file), archetype not.
        let text = "name = \"t\"\n[[territories]]\nname = \"c\"\nepci = \"200066660\"\ndepartement = \"15\"\n";
        let e = parse(text, "t").unwrap_err().to_string();
        assert!(e.contains("territories[0].departement: give only one of departement and epci (both written)"), "{e}");
        assert!(!e.contains("archetype:"), "{e}");
    }

    #[test]
    fn negative_capacity_is_refused_with_the_field() {
        let text = "name = \"x\"\n[[territories]]\nname = \"a\"\n[[territories.zones]]\nname = \"z\"\npopulation = 10\ndensity = \"rural\"\nx_km = 0\ny_km = 0\ngps = -2\n";
        let e = err(text);
        assert!(e.contains("territories[0].zones[0].gps"), "{e}");
        assert!(e.contains("t.toml:10"), "{e}");
    }

    #[test]
    fn semantic_errors_name_field_line_and_reason() {
        let e = err(&OK.replace("area_km2 = 10", "area_km2 = -10"));
        assert_eq!(e, "t.toml:6: territories[0].area_km2: must be a positive number (got -10)");
        let e = err(&OK.replace("population = 100", "population = 0"));
        assert!(e.contains("territories[0].population") && e.contains("empty"), "{e}");
    }

    #[test]
    fn malformed_toml_gives_a_line() {
        let e = err("name = \"x\"\n[[territories]\n");
        assert!(e.starts_with("t.toml:2:"), "{e}");
    }

    #[test]
    fn parameter_errors_point_into_parameters() {
        let e = err(&format!("{OK}[parameters.gp]\nunscheduled_share = 1.5\nmorning = \"12:00-08:00\"\n"));
        assert!(e.contains("t.toml:8: parameters.gp.unscheduled_share"), "{e}");
        assert!(e.contains("t.toml:9: parameters.gp.morning"), "{e}");
    }

    #[test]
    fn overrides_are_checked() {
        let s = parse(OK, "t").unwrap();
        assert!(s.clone().with_overrides(Some(0), None, None).is_err());
        assert!(s.clone().with_overrides(None, None, Some(f64::NAN)).is_err());
        assert_eq!(s.with_overrides(Some(3), Some(9), Some(2.0)).unwrap().replications, 3);
    }

    #[test]
    fn holidays_repeat_every_year_of_the_horizon() {
        let mut s = parse(OK, "t").unwrap();
        s.public_holidays = vec![0];
        s.start_day_of_year = 300;
        s.warmup_days = 0;
        s.years = 2.0;
        assert_eq!(s.holiday_days(), vec![65, 430]);
    }
}
