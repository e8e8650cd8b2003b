//! Today's organisation: the coordination structures that exist in a
//! territory, expanded into ordinary base policies.
//!
//! `organisation = "today"` (the default for real territories) gives each
//! territory the structures that exist there, each as the same policy a
//! variant would add (`type = "msp"`, `"cpts"` …), resolved by the same code
//! as a `[[policies]]` table: one rule, one place. `organisation = "none"`
//! gives none (the empty baseline, for teaching and comparison; the default
//! for synthetic territories); the salaried GPs of the centres de santé stay
//! in their communes either way (they are supply, added by the territory
//! builder, [`crate::geo::structures::CDS_GPS_PER_CENTRE`]; only the centre as
//! a structure, `today_cds`, goes). With `"today"` written out, synthetic
//! territories (archetypes, explicit zones) take the national figures.
//!
//! Per territory, one policy per kind of structure (named `today_<kind>`, or
//! `today_<kind>_<territory>` when the scenario has several territories):
//!
//! | policy | type | sized from | source |
//! |---|---|---|---|
//! | `today_msp` | msp | MSPs placed in the territory's communes ([`crate::geo::structures`]); members: [`TEAM_GPS`] GPs a team within the commune's GPs | Etalab barometer (2,251 MSPs, 2022-12-31); team size assumption |
//! | `today_cds` | msp | centres de santé, shared among the communes by population ([`crate::geo::structures`]), MSP mechanism; members: in a real territory the centre's [`CDS_GPS_PER_CENTRE`] salaried GPs, in a synthetic one [`TEAM_GPS`] of the zone's GPs | Etalab barometer (522, 2021); mechanism assumption |
//! | `today_cpts` | cpts | the communes of the EPCIs covered (≈ 70 % of each département), [`CPTS_PARTICIPATION`] of the GPs practising there members; in a real territory the shared same-day slots join the members of the patient's own EPCI (`shared_slots_by_epci`, one CPTS an EPCI) | Assurance Maladie end 2023 (> 70 %), context/003; participation assumption |
//! | `today_pdsa` | pdsa | everywhere, one GP on duty per [`PDSA_INHABITANTS_PER_DUTY_GP`] inhabitants | PDSA organised in every département (CSP R. 6315-1); sizing assumption |
//! | `today_dac` | dac | everywhere, [`DAC_CASES_PER_100K`] complex situations followed per 100,000 inhabitants, enrolled evenly | DAC everywhere since 2022 (context/000); capacity assumption |
//! | `today_teleconsultation` | teleconsultation | everywhere, [`TELE_PER_100K_DAY`] remote consultations a day per 100,000 inhabitants | Cnam / DREES: ≈ 3.2 % of GP consultations in 2023 |
//!
//! No SAS: no per-département coverage is embedded (the Cnam `couverture-sas`
//! data set was not found, `data/raw/SOURCES.md`) and the only figure in the
//! context documents is 22 pilot territories in 2023 (context/003). A
//! territory that has one says so with an `sas` policy in `[[policies]]`; a
//! variant adds one with `add_policies`.
//!
//! Several MSPs of a territory make one `msp` policy whose scope is their
//! communes, with one delegation nurse and the running cost of each: its
//! pooled agenda joins members of different MSPs within reach of a patient,
//! which overstates pooling where several MSPs are near each other (a
//! simplification that keeps one policy per kind, so that all of France
//! still runs in its time; see docs/policies.md). Today's CPTS of a real
//! territory are one `cpts` policy too, but its shared same-day slots join
//! only the members of the patient's own EPCI (`shared_slots_by_epci`): a
//! patient is not offered a slot of another EPCI's CPTS, even within reach.

use super::Problem;
use crate::geo::structures::{structures, CDS_GPS_PER_CENTRE, CPTS_COVERAGE, TEAM_GPS};
use crate::model::policy::msp::MspParams;
use crate::model::territory::{Territory, Zone};
use toml::{Table, Value};

/// Accepted values of `organisation`.
pub const ORGANISATIONS: &[&str] = &["today", "none"];

/// Share of the GPs of the covered communes who are CPTS members (assumption; plausible range 0.3–0.9).
pub const CPTS_PARTICIPATION: f64 = 0.6;
/// Inhabitants per PDSA GP on duty in the evening (assumption: ≈ 1,500 sectors for 68 M; plausible range 25,000–70,000).
pub const PDSA_INHABITANTS_PER_DUTY_GP: f64 = 45_000.0;
/// Complex situations a DAC follows at once per 100,000 inhabitants (assumption, from the
/// policy's default of 200 for the embedded default's 140,000; plausible range 75–300).
pub const DAC_CASES_PER_100K: f64 = 150.0;
/// Complex situations per coordinated post-discharge visit a day (the DAC default: 4 visits for 200 cases).
pub const DAC_CASES_PER_DISCHARGE_VISIT: f64 = 50.0;
/// Teleconsultations a day per 100,000 inhabitants: ≈ 3.2 % of GP consultations in 2023 (Cnam / DREES; as france-mix).
pub const TELE_PER_100K_DAY: f64 = 32.0;
/// Teleconsultations a day per platform doctor (france-mix: 128 with 6 doctors).
pub const TELE_PER_DOCTOR_DAY: f64 = 128.0 / 6.0;
/// MSPs per inhabitant nationally, for synthetic territories: 2,251 for 68,350,798 (Etalab 2022; INSEE 2025).
pub const MSP_PER_INHABITANT: f64 = 2_251.0 / 68_350_798.0;
/// Centres de santé per inhabitant nationally, for synthetic territories: 522 (Etalab 2021).
pub const CDS_PER_INHABITANT: f64 = 522.0 / 68_350_798.0;

/// Which organisation the base case starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Organisation {
    /// The structures that exist (real territories: from data; synthetic: national figures).
    Today,
    /// No structure: only the policies written in the scenario.
    None,
}

impl Organisation {
    pub fn label(self) -> &'static str {
        match self {
            Organisation::Today => "today",
            Organisation::None => "none",
        }
    }
}

/// Reads `organisation`, with a did-you-mean for a near miss.
pub fn parse(value: &str) -> Result<Organisation, String> {
    match value {
        "today" => Ok(Organisation::Today),
        "none" => Ok(Organisation::None),
        other => {
            let hint = super::suggest::did_you_mean(other, ORGANISATIONS.iter().copied());
            Err(format!("unknown organisation {other:?}{hint}; give \"today\" (the structures that exist) or \"none\" (no structure)"))
        }
    }
}

/// One existing structure used by the base case (for `territory show` and the report).
#[derive(Clone, Debug, PartialEq)]
pub struct Existing {
    pub territory: String,
    /// The policy's name (what a variant extends or removes).
    pub policy: String,
    /// `msp`, `cds`, `cpts`, `pdsa`, `dac`, `teleconsultation`, `sas`.
    pub kind: &'static str,
    /// What it is, in figures.
    pub what: String,
    /// [`Existing::what`] in French.
    pub what_fr: String,
    /// Where the figures come from.
    pub source: String,
}

/// The base policies of today's organisation and their description.
#[derive(Clone, Debug, Default)]
pub struct Expansion {
    pub tables: Vec<Table>,
    pub existing: Vec<Existing>,
}

/// How a territory was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Real,
    Synthetic,
}

fn s(v: &str) -> Value {
    Value::String(v.to_string())
}

fn names(v: impl IntoIterator<Item = String>) -> Value {
    Value::Array(v.into_iter().map(Value::String).collect())
}

fn table(kind: &str, name: &str, entries: Vec<(&str, Value)>) -> Table {
    let mut t = Table::new();
    t.insert("type".into(), s(kind));
    t.insert("name".into(), s(name));
    for (k, v) in entries {
        t.insert(k.into(), v);
    }
    t
}

/// Teams (MSP or centres de santé) of a territory's zones, `size` GPs a
/// team: (zone names, teams, members, GPs of those zones).
fn teams(zones: &[&Zone], size: u32, count: impl Fn(&Zone) -> u32) -> (Vec<String>, u32, u32, u32) {
    let (mut at, mut n, mut members, mut gps) = (Vec::new(), 0, 0, 0);
    for z in zones {
        let k = count(z);
        if k > 0 && z.gps > 0 {
            at.push(z.name.clone());
            n += k;
            members += (k * size).min(z.gps);
            gps += z.gps;
        }
    }
    (at, n, members, gps)
}

/// Synthetic territories: `n` teams in the zones with most GPs (same rule as real ones).
fn synthetic_teams(zones: &[&Zone], n: u32, skip: &[(String, u32)]) -> Vec<(String, u32)> {
    use crate::geo::structures::{place_teams, room};
    let mut ranked: Vec<(usize, u32)> = zones.iter().enumerate().map(|(i, z)| (i, z.gps)).filter(|&(_, g)| room(g) > 0).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let rooms: Vec<u32> = ranked.iter().map(|r| room(r.1)).collect();
    let mut used: Vec<u32> = ranked.iter().map(|r| skip.iter().find(|s| s.0 == zones[r.0].name).map_or(0, |s| s.1)).collect();
    let (placed, _) = place_teams(&ranked, &rooms, &mut used, n);
    placed.into_iter().map(|(i, k)| (zones[i].name.clone(), k)).collect()
}

/// One territory being given today's structures: its zones, whether it is
/// real (data per commune) or synthetic (national figures), its population.
struct Place<'a> {
    t: &'a Territory,
    zs: Vec<&'a Zone>,
    real: bool,
    several: bool,
    pop: u64,
}

impl Place<'_> {
    /// The policy's name: `today_<kind>`, with the territory's name when there are several.
    fn name(&self, kind: &str) -> String {
        if self.several {
            format!("today_{kind}_{}", self.t.name)
        } else {
            format!("today_{kind}")
        }
    }

    /// Adds a structure: its policy table and what the listing says of it.
    /// `what`: in English, then in French (`fr`).
    fn push(&self, out: &mut Expansion, kind: &'static str, table: Table, what: impl Fn(bool) -> String, source: &str) {
        out.existing.push(Existing {
            territory: self.t.name.clone(),
            policy: table["name"].as_str().unwrap_or_default().to_string(),
            kind,
            what: what(false),
            what_fr: what(true),
            source: source.to_string(),
        });
        out.tables.push(table);
    }

    /// The scope "the whole territory".
    fn everywhere(&self) -> Value {
        names([self.t.name.clone()])
    }
}

/// What the listing says of a structure the data does not give (English, French):
/// the SAS (« le service », masculine) …
const NONE_ASSUMED: (&str, &str) = ("none assumed", "aucun supposé");
/// … and the CPTS (« la communauté », feminine).
const NONE_ASSUMED_F: (&str, &str) = ("none assumed", "aucune supposée");

/// Today's structures of every territory, as policy tables.
/// `kinds[i]`: how territory `i` was given, or `None` to leave it without structures.
pub fn expand(territories: &[Territory], zones: &[Zone], kinds: &[Option<Kind>]) -> Expansion {
    let mut out = Expansion::default();
    let several = territories.len() > 1;
    for (ti, t) in territories.iter().enumerate() {
        let zs: Vec<&Zone> = zones.iter().filter(|z| usize::from(z.territory) == ti).collect();
        if zs.is_empty() {
            continue;
        }
        let Some(kind) = kinds.get(ti).copied().flatten() else { continue };
        let pop: u64 = zs.iter().map(|z| z.inhabitants()).sum();
        let place = Place { t, zs, real: kind == Kind::Real, several, pop };
        today_teams(&place, &mut out);
        today_cpts(&place, &mut out);
        today_pdsa(&place, &mut out);
        today_dac(&place, &mut out);
        today_teleconsultation(&place, &mut out);
        out.existing.push(Existing {
            territory: t.name.clone(),
            policy: String::new(),
            kind: "sas",
            what: NONE_ASSUMED.0.into(),
            what_fr: NONE_ASSUMED.1.into(),
            source: "no per-département SAS coverage embedded (22 pilot territories in 2023, context/003): declare an existing SAS in [[policies]]".into(),
        });
    }
    out
}

/// MSPs and centres de santé: per commune from the embedded counts (real
/// territories) or from the national figures (synthetic ones).
fn today_teams(p: &Place, out: &mut Expansion) {
    let (msp, cds, src_msp, src_cds) = if p.real {
        let (st, ds) = (structures(), crate::geo::dataset());
        (
            teams(&p.zs, TEAM_GPS, |z| st.msp_in(ds, &z.name)),
            teams(&p.zs, CDS_GPS_PER_CENTRE, |z| st.centres_sante_in(ds, &z.name)),
            "Etalab baromètre de l'action publique: MSPs per département at 31 Dec 2022, placed in the communes where GPs cluster (docs/policies.md); team of 5 GPs (assumption)",
            "Etalab baromètre: centres de santé per département (2021), shared among its communes by population; MSP mechanism, the team being the centre's 4 salaried GPs (assumption)",
        )
    } else {
        let n_msp = (p.pop as f64 * MSP_PER_INHABITANT).round() as u32;
        let placed = synthetic_teams(&p.zs, n_msp, &[]);
        let n_cds = (p.pop as f64 * CDS_PER_INHABITANT).round() as u32;
        let placed_cds = synthetic_teams(&p.zs, n_cds, &placed);
        let get = |list: &[(String, u32)], z: &Zone| list.iter().find(|p| p.0 == z.name).map_or(0, |p| p.1);
        (
            teams(&p.zs, TEAM_GPS, |z| get(&placed, z)),
            teams(&p.zs, TEAM_GPS, |z| get(&placed_cds, z)),
            "national figure: 2,251 MSPs for 68.35 M inhabitants (Etalab 2022), placed in the zones with most GPs; team of 5 GPs (assumption)",
            "national figure: 522 centres de santé for 68.35 M inhabitants (Etalab 2021); MSP mechanism and team of 5 GPs (assumption)",
        )
    };
    let d = MspParams::default();
    for (kind, (at, n, members, gps), source) in [("msp", msp, src_msp), ("cds", cds, src_cds)] {
        if n == 0 || gps == 0 {
            continue;
        }
        let participation = f64::from(members) / f64::from(gps);
        let table = table(
            "msp",
            &p.name(kind),
            vec![
                ("zones", names(at.clone())),
                ("participation", Value::Float(participation)),
                // One policy for every site: each team's pooled agenda is its commune's.
                ("pooled_agenda_by_commune", Value::Boolean(true)),
                ("delegation_nurses", Value::Float(d.delegation_nurses * f64::from(n))),
                ("cost_per_year_eur", Value::Float(d.cost_per_year_eur * f64::from(n))),
            ],
        );
        // `gps` counts every GP practising in the communes that have a team
        // (not only the teams' GPs): `members` of them take part.
        let what = |fr: bool| {
            let teams = match kind {
                "msp" => counted(u64::from(n), "MSP", if fr { "MSP" } else { "MSPs" }, fr),
                _ => counted(u64::from(n), "centre de santé", "centres de santé", fr),
            };
            let communes = counted(at.len() as u64, "commune", "communes", fr);
            let (members, pct) = (count(u64::from(members), fr), 100.0 * participation);
            if fr {
                format!(
                    "{teams} dans {communes}\u{a0}: {members} des {} MG exerçant dans ces communes participent ({pct:.0} %)",
                    count(u64::from(gps), fr)
                )
            } else {
                format!(
                    "{teams} in {communes}: {members} of the {} practising in these communes take part ({pct:.0} %)",
                    counted(u64::from(gps), "GP", "GPs", fr)
                )
            }
        };
        p.push(out, if kind == "msp" { "msp" } else { "cds" }, table, what, source);
    }
}

/// Where today's CPTS comes from (one text for the structure line and its French).
const CPTS_SOURCE: &str = "national figure: > 70 % of the population covered at the end of 2023 (Assurance Maladie, context/003), applied in each département by whole EPCIs (communes one by one within an EPCI of more than 150,000 inhabitants, a metropole holding several CPTS) taken in a fixed pseudo-random order, each kept while it brings the département's covered share closer to 70 % (so a département of a few large EPCIs ends further from it: the Cantal 62 %; the share of this territory is said beside) (no data says which EPCIs or communes have one: check yours; `remove_policies = [\"today_cpts\"]` or `extend_policies` in a variant corrects it); participation 0.6 (assumption); in a real territory one CPTS an EPCI, whose members share their same-day slots (assumption: EPCIs hold 54,000 inhabitants on average, CPTS 20,000 to 60,000+, context/004)";
const CPTS_SOURCE_FR: &str = "chiffre national\u{a0}: > 70 % de la population couverte fin 2023 (Assurance Maladie, context/003), appliqué dans chaque département par EPCI entiers (commune par commune dans un EPCI de plus de 150\u{202F}000 habitants, une métropole comptant plusieurs CPTS) pris dans un ordre pseudo-aléatoire fixe, chacun gardé s'il rapproche de 70 % la part couverte du département (un département de quelques grands EPCI en reste donc plus loin\u{a0}: le Cantal 62 %\u{a0}; la part de ce territoire est donnée à côté) (aucune donnée ne dit quels EPCI ou communes en ont une\u{a0}: vérifiez le vôtre ; `remove_policies = [\"today_cpts\"]` ou `extend_policies` dans une variante le corrige) ; participation 0,6 (hypothèse) ; dans un territoire réel une CPTS par EPCI, dont les membres partagent leurs créneaux du jour (hypothèse\u{a0}: 54\u{202F}000 habitants par EPCI en moyenne, 20\u{202F}000 à plus de 60\u{202F}000 par CPTS, context/004)";
/// A real territory none of whose communes is among those given a CPTS.
const NO_CPTS_SOURCE: &str = "none of these communes is among the ≈ 70 % of each département's population given a CPTS (> 70 % nationally) (Assurance Maladie, context/003; communes taken in a fixed pseudo-random order, no data says which have one): if yours has one, declare it in [[policies]] (type = \"cpts\")";
const NO_CPTS_SOURCE_FR: &str = "aucune de ces communes n'est parmi les ≈ 70 % de la population de chaque département dotés d'une CPTS (> 70 % en France) (Assurance Maladie, context/003 ; communes prises dans un ordre pseudo-aléatoire fixe, aucune donnée ne dit lesquelles en ont une)\u{a0}: si la vôtre en a une, déclarez-la dans [[policies]] (type = \"cpts\")";

/// The CPTS: the communes covered (real) or the national share (synthetic).
fn today_cpts(p: &Place, out: &mut Expansion) {
    let covered: Vec<String> = if p.real {
        let (st, ds) = (structures(), crate::geo::dataset());
        p.zs.iter().filter(|z| ds.commune(&z.name).is_some_and(|c| st.cpts_covers(c))).map(|z| z.name.clone()).collect()
    } else {
        let units: Vec<(String, u64)> = p.zs.iter().map(|z| (format!("{}:{}", p.t.name, z.name), z.inhabitants())).collect();
        crate::geo::structures::cover_share(&units, CPTS_COVERAGE)
            .into_iter()
            .map(|k| k.split_once(':').map_or(k.clone(), |(_, z)| z.to_string()))
            .collect()
    };
    if !covered.is_empty() {
        let set: std::collections::HashSet<&str> = covered.iter().map(String::as_str).collect();
        let inside: u64 = p.zs.iter().filter(|z| set.contains(z.name.as_str())).map(|z| z.inhabitants()).sum();
        let gps: u32 = p.zs.iter().filter(|z| set.contains(z.name.as_str())).map(|z| z.gps).sum();
        let mut entries = vec![("zones", names(covered.clone())), ("participation", Value::Float(CPTS_PARTICIPATION))];
        if p.real {
            // One policy for every CPTS of the territory: each EPCI's members share their slots.
            entries.push(("shared_slots_by_epci", Value::Boolean(true)));
        }
        let table = table("cpts", &p.name("cpts"), entries);
        // The EPCIs whose covered communes have GPs: a CPTS without a GP in the territory shares no slot.
        let epcis =
            p.zs.iter()
                .filter(|z| z.gps > 0 && set.contains(z.name.as_str()))
                .map(|z| z.epci)
                .collect::<std::collections::HashSet<u32>>()
                .len();
        let what = |fr: bool| {
            let communes = counted(covered.len() as u64, "commune", "communes", fr);
            let share = 100.0 * inside as f64 / p.pop.max(1) as f64;
            let (members, pct) = (f64::from(gps) * CPTS_PARTICIPATION, 100.0 * CPTS_PARTICIPATION);
            let sep = if fr { "\u{a0}; " } else { "; " };
            let per_epci = |one: &str, many: &str| match (p.real, epcis) {
                (false, _) => String::new(),
                (true, 0) if fr => format!("{sep}aucun MG n'y exerce\u{a0}: pas de créneaux à partager"),
                (true, 0) => format!("{sep}no GP practises there: no same-day slots to share"),
                (true, n) => format!("{sep}{}", counted(n as u64, one, many, fr)),
            };
            if fr {
                format!(
                    "{communes}, {} ({share:.0} % du territoire)\u{a0}: {pct:.0} % des {} MG exerçant dans ces communes sont membres (≈ {members:.0}){}",
                    counted(inside, "habitant", "habitants", fr),
                    count(u64::from(gps), fr),
                    per_epci("CPTS (un EPCI), dont les membres partagent leurs créneaux du jour", "CPTS (une par EPCI), dont les membres partagent leurs créneaux du jour dans leur EPCI")
                )
            } else {
                format!(
                    "{communes}, {} ({share:.0} % of the territory): {pct:.0} % of the {} practising in these communes are members (≈ {members:.0}){}",
                    counted(inside, "inhabitant", "inhabitants", fr),
                    counted(u64::from(gps), "GP", "GPs", fr),
                    per_epci("CPTS (one EPCI) whose members share their same-day slots", "CPTS (one an EPCI) whose members share their same-day slots within their EPCI")
                )
            }
        };
        p.push(out, "cpts", table, what, CPTS_SOURCE);
    } else if p.real {
        out.existing.push(Existing {
            territory: p.t.name.clone(),
            policy: String::new(),
            kind: "cpts",
            what: NONE_ASSUMED_F.0.into(),
            what_fr: NONE_ASSUMED_F.1.into(),
            source: NO_CPTS_SOURCE.into(),
        });
    }
}

/// The PDSA, everywhere.
fn today_pdsa(p: &Place, out: &mut Expansion) {
    let duty = ((p.pop as f64 / PDSA_INHABITANTS_PER_DUTY_GP).round() as i64).max(1);
    p.push(
        out,
        "pdsa",
        table("pdsa", &p.name("pdsa"), vec![("territories", p.everywhere()), ("gps_on_duty", Value::Integer(duty))]),
        |fr: bool| {
            if fr {
                format!("partout, {} MG de garde le soir, le week-end et les jours fériés", count(duty as u64, fr))
            } else {
                format!("everywhere, {} on duty in the evening, at weekends and on public holidays", counted(duty as u64, "GP", "GPs", fr))
            }
        },
        "PDSA organised in every département (CSP R. 6315-1); one GP on duty per 45,000 inhabitants (assumption)",
    );
}

/// The DAC, everywhere.
fn today_dac(p: &Place, out: &mut Expansion) {
    let cases = ((p.pop as f64 * DAC_CASES_PER_100K / 100_000.0).round() as i64).max(1);
    let visits = ((cases as f64 / DAC_CASES_PER_DISCHARGE_VISIT).round() as i64).max(1);
    p.push(
        out,
        "dac",
        table(
            "dac",
            &p.name("dac"),
            vec![
                ("territories", p.everywhere()),
                ("capacity_cases", Value::Integer(cases)),
                ("discharge_visits_per_day", Value::Integer(visits)),
                ("spread_enrolment", Value::Boolean(true)),
            ],
        ),
        |fr: bool| {
            let (cases, visits) = (cases as u64, visits as u64);
            if fr {
                format!(
                    "partout, {} en même temps, {} après une sortie d'hôpital par jour",
                    counted(cases, "situation complexe suivie", "situations complexes suivies", fr),
                    counted(visits, "visite", "visites", fr)
                )
            } else {
                format!(
                    "everywhere, {} followed at once, {} a day",
                    counted(cases, "complex situation", "complex situations", fr),
                    counted(visits, "post-discharge visit", "post-discharge visits", fr)
                )
            }
        },
        "DAC present everywhere since 2022 (context/000); 150 situations per 100,000 inhabitants (assumption)",
    );
}

/// Teleconsultation at today's level.
fn today_teleconsultation(p: &Place, out: &mut Expansion) {
    let per_day = ((p.pop as f64 * TELE_PER_100K_DAY / 100_000.0).round() as i64).max(1);
    let doctors = ((per_day as f64 / TELE_PER_DOCTOR_DAY).round() as i64).max(1);
    p.push(
        out,
        "teleconsultation",
        table(
            "teleconsultation",
            &p.name("teleconsultation"),
            vec![("territories", p.everywhere()), ("doctors", Value::Integer(doctors)), ("consultations_per_day", Value::Integer(per_day))],
        ),
        |fr: bool| {
            let (per_day, doctors) = (per_day as u64, doctors as u64);
            if fr {
                format!(
                    "{} par jour ({} en même temps)",
                    counted(per_day, "téléconsultation", "téléconsultations", fr),
                    counted(doctors, "médecin", "médecins", fr)
                )
            } else {
                format!(
                    "{} a day ({} at once)",
                    counted(per_day, "remote consultation", "remote consultations", fr),
                    counted(doctors, "doctor", "doctors", fr)
                )
            }
        },
        "≈ 3.2 % of GP consultations in 2023 (Cnam / DREES): 32 a day per 100,000 inhabitants",
    );
}

/// A count in the listing's language ([`crate::io::count`]).
fn count(n: u64, fr: bool) -> String {
    crate::io::count(n, fr)
}

/// A count and its noun ([`crate::io::counted`]).
fn counted(n: u64, one: &str, many: &str, fr: bool) -> String {
    crate::io::counted(n, one, many, fr)
}

/// The sources of today's structures, English then French.
const SOURCES: &[(&str, &str)] = &[
        (
            "no per-département SAS coverage embedded (22 pilot territories in 2023, context/003): declare an existing SAS in [[policies]]",
            "pas de couverture du SAS par département dans les données (22 territoires pilotes en 2023, context/003)\u{a0}: déclarez un SAS existant dans [[policies]]",
        ),
        (
            "Etalab baromètre de l'action publique: MSPs per département at 31 Dec 2022, placed in the communes where GPs cluster (docs/policies.md); team of 5 GPs (assumption)",
            "Etalab, baromètre de l'action publique\u{a0}: MSP par département au 31 décembre 2022, placées dans les communes où les MG se regroupent (docs/policies.md) ; équipe de 5 MG (hypothèse)",
        ),
        (
            "Etalab baromètre: centres de santé per département (2021), shared among its communes by population; MSP mechanism, the team being the centre's 4 salaried GPs (assumption)",
            "Etalab, baromètre\u{a0}: centres de santé par département (2021), répartis entre ses communes selon leur population ; mécanisme des MSP, l'équipe étant les 4 médecins salariés du centre (hypothèse)",
        ),
        (
            "national figure: 2,251 MSPs for 68.35 M inhabitants (Etalab 2022), placed in the zones with most GPs; team of 5 GPs (assumption)",
            "chiffre national\u{a0}: 2\u{202F}251 MSP pour 68,35 M d'habitants (Etalab 2022), placées dans les zones qui ont le plus de MG ; équipe de 5 MG (hypothèse)",
        ),
        (
            "national figure: 522 centres de santé for 68.35 M inhabitants (Etalab 2021); MSP mechanism and team of 5 GPs (assumption)",
            "chiffre national\u{a0}: 522 centres de santé pour 68,35 M d'habitants (Etalab 2021) ; mécanisme des MSP et équipe de 5 MG (hypothèse)",
        ),
        (
            CPTS_SOURCE,
            CPTS_SOURCE_FR,
        ),
        (NO_CPTS_SOURCE, NO_CPTS_SOURCE_FR),
        (
            "PDSA organised in every département (CSP R. 6315-1); one GP on duty per 45,000 inhabitants (assumption)",
            "PDSA organisée dans chaque département (CSP R. 6315-1) ; un MG de garde pour 45\u{202F}000 habitants (hypothèse)",
        ),
        (
            "DAC present everywhere since 2022 (context/000); 150 situations per 100,000 inhabitants (assumption)",
            "DAC présents partout depuis 2022 (context/000) ; 150 situations pour 100\u{202F}000 habitants (hypothèse)",
        ),
        (
            "≈ 3.2 % of GP consultations in 2023 (Cnam / DREES): 32 a day per 100,000 inhabitants",
            "≈ 3,2 % des consultations de MG en 2023 (Cnam / DREES)\u{a0}: 32 par jour pour 100\u{202F}000 habitants",
        ),
];

/// Every source of today's structures as written in English (tests of the
/// report's words, [`crate::report::board_text`]).
#[cfg(test)]
pub(crate) fn tests_sources() -> Vec<&'static str> {
    SOURCES.iter().map(|(en, _)| *en).collect()
}

/// The French of a structure's source ([`Existing::source`]) for the French
/// page and terminal: each source this module writes, whole; another one
/// stays as written (a test checks every source of a real and a synthetic
/// territory has its French).
pub fn source_fr(source: &str) -> String {
    SOURCES.iter().find(|(en, _)| *en == source).map_or_else(|| source.to_string(), |(_, fr)| fr.to_string())
}

/// The existing structures, one a line with its source (terminal).
pub fn describe(existing: &[Existing]) -> String {
    describe_in(existing, false)
}

/// [`describe`] in French when `fr` ([`Existing::what_fr`]; the sources
/// are translated by [`source_fr`]).
pub fn describe_in(existing: &[Existing], fr: bool) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    if existing.is_empty() {
        return s;
    }
    let _ = if fr {
        writeln!(s, "  structures existantes (organisation = \"today\", par défaut pour les territoires réels)\u{a0}:")
    } else {
        writeln!(s, "  existing structures (organisation = \"today\", the default for real territories):")
    };
    for e in existing {
        let name = if e.policy.is_empty() { String::new() } else { format!(" [{}]", e.policy) };
        let what = if fr { &e.what_fr } else { &e.what };
        let source = if fr { source_fr(&e.source) } else { e.source.clone() };
        let _ = writeln!(s, "    {:<17} {what}{name}\n{:<22}source{} {source}", e.kind, "", if fr { "\u{a0}:" } else { ":" });
    }
    s
}

/// The existing structures of a real territory built by `territory show`,
/// in French when `fr`.
pub fn describe_built(built: &crate::geo::Built, fr: bool) -> String {
    describe_in(&expand(std::slice::from_ref(&built.territory), &built.zones, &[Some(Kind::Real)]).existing, fr)
}

/// Problems of `organisation` for validation (unknown value).
pub fn check(pb: &mut Vec<Problem>, value: Option<&str>) -> Option<Organisation> {
    match value {
        None => None,
        Some(v) => match parse(v) {
            Ok(o) => Some(o),
            Err(reason) => {
                pb.push(Problem { line: None, path: "organisation".into(), reason });
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    /// Every source today's organisation writes, for a real territory and a
    /// synthetic one, has its French.
    #[test]
    fn every_structure_source_has_its_french() {
        let ds = crate::geo::dataset();
        let picked = ds.select(&crate::geo::Selection::Departement("32".into())).unwrap();
        let real = crate::geo::build(ds, &picked, "gers", 0, &crate::geo::BuildOptions::default());
        let mut sources: Vec<String> = expand(std::slice::from_ref(&real.territory), &real.zones, &[Some(Kind::Real)])
            .existing
            .into_iter()
            .map(|e| e.source)
            .collect();
        let t = Territory { name: "t".into(), emergency_departments: vec![], gp_source: String::new() };
        let zones: Vec<Zone> = (0..20).map(|i| zone(&format!("z{i}"), 0, 5_000, 6)).collect();
        sources.extend(expand(std::slice::from_ref(&t), &zones, &[Some(Kind::Synthetic)]).existing.into_iter().map(|e| e.source));
        assert!(sources.len() >= 10, "{sources:?}");
        for s in &sources {
            assert_ne!(&source_fr(s), s, "no French for {s:?}");
        }
    }

    use super::*;
    use crate::model::DensityClass;

    fn zone(name: &str, territory: u16, pop: u32, gps: u32) -> Zone {
        Zone {
            name: name.into(),
            territory,
            population: [0, pop, 0, 0, 0, 0],
            density: DensityClass::Rural,
            x_km: 0.0,
            y_km: 0.0,
            broadband: 0.8,
            vulnerable: 0.1,
            gps,
            pharmacies: 0,
            nurses: 0,
            epci: 0,
        }
    }

    #[test]
    fn unknown_organisation_is_refused_with_a_suggestion() {
        let e = parse("todya").unwrap_err();
        assert!(e.contains("did you mean `today`?"), "{e}");
        assert_eq!(parse("none"), Ok(Organisation::None));
    }

    #[test]
    fn a_synthetic_territory_takes_the_national_figures() {
        // 1,000,000 inhabitants in 4 zones of 250,000 with 200, 100, 9 and 1 GPs.
        let t = Territory { name: "t".into(), emergency_departments: vec![], gp_source: String::new() };
        let zs = vec![zone("a", 0, 250_000, 200), zone("b", 0, 250_000, 100), zone("c", 0, 250_000, 9), zone("d", 0, 250_000, 1)];
        let e = expand(&[t], &zs, &[Some(Kind::Synthetic)]);
        let get = |n: &str| e.tables.iter().find(|t| t["name"].as_str() == Some(n)).unwrap();
        // MSPs: round(1e6 × 2251 / 68,350,798) = round(32.93) = 33. Room: a 40, b 20, c 1, d 0.
        // Rounds: a, b, c; a, b; … → a 16, b 16, c 1.
        let msp = get("today_msp");
        assert_eq!(msp["delegation_nurses"].as_float(), Some(33.0));
        assert_eq!(msp["cost_per_year_eur"].as_float(), Some(33.0 * 70_000.0));
        // Members: a min(80, 200) + b min(80, 100) + c min(5, 9) = 165 of 309 GPs.
        assert!((msp["participation"].as_float().unwrap() - 165.0 / 309.0).abs() < 1e-12);
        // Centres de santé: round(1e6 × 522 / 68,350,798) = 8, in the room left: a 24, b 4 … → a 4, b 4.
        let cds = get("today_cds");
        assert_eq!(cds["delegation_nurses"].as_float(), Some(8.0));
        // PDSA: 1e6 / 45,000 = 22.2 → 22; DAC 1,500 cases and 30 visits; teleconsultation 320 a day, 15 doctors.
        assert_eq!(get("today_pdsa")["gps_on_duty"].as_integer(), Some(22));
        assert_eq!(get("today_dac")["capacity_cases"].as_integer(), Some(1_500));
        assert_eq!(get("today_dac")["discharge_visits_per_day"].as_integer(), Some(30));
        assert_eq!(get("today_teleconsultation")["consultations_per_day"].as_integer(), Some(320));
        assert_eq!(get("today_teleconsultation")["doctors"].as_integer(), Some(15));
        // CPTS: zones of 25 % each: three of four is nearest 70 % (75 %).
        assert_eq!(get("today_cpts")["zones"].as_array().unwrap().len(), 3);
        assert!(e.existing.iter().any(|x| x.kind == "sas" && x.what == "none assumed"));
        // The denominators said plainly: every GP of the communes with a team
        // (200 + 100 + 9 = 309, not only the teams' 165), and for the CPTS
        // every GP of the covered zones, 60 % of them members.
        let what = |k: &str| e.existing.iter().find(|x| x.kind == k).unwrap().what.clone();
        assert_eq!(what("msp"), "33 MSPs in 3 communes: 165 of the 309 GPs practising in these communes take part (53 %)");
        let covered: Vec<&str> = get("today_cpts")["zones"].as_array().unwrap().iter().map(|z| z.as_str().unwrap()).collect();
        let gps: u32 = zs.iter().filter(|z| covered.contains(&z.name.as_str())).map(|z| z.gps).sum();
        let cpts = what("cpts");
        assert!(
            cpts.ends_with(&format!(": 60 % of the {gps} GPs practising in these communes are members (≈ {:.0})", f64::from(gps) * 0.6)),
            "{cpts}"
        );
        let what_fr = e.existing.iter().find(|x| x.kind == "msp").unwrap().what_fr.clone();
        assert_eq!(what_fr, "33 MSP dans 3 communes\u{a0}: 165 des 309 MG exerçant dans ces communes participent (53 %)");
    }

    #[test]
    fn several_territories_name_their_structures() {
        let t = |n: &str| Territory { name: n.into(), emergency_departments: vec![], gp_source: String::new() };
        let zs = vec![zone("a", 0, 10_000, 3), zone("b", 1, 10_000, 3)];
        let e = expand(&[t("x"), t("y")], &zs, &[Some(Kind::Synthetic), Some(Kind::Synthetic)]);
        assert!(e.tables.iter().any(|t| t["name"].as_str() == Some("today_pdsa_x")));
        assert!(e.tables.iter().any(|t| t["name"].as_str() == Some("today_pdsa_y")));
    }

    const REAL: &str = "name = \"x\"\nreplications = 1\n[[territories]]\nname = \"gers\"\ndepartement = \"32\"\n";
    const SYNTH: &str = "name = \"x\"\n[[territories]]\nname = \"a\"\narchetype = \"rural\"\npopulation = 20000\narea_km2 = 300\n";

    fn names_of(s: &crate::scenario::Scenario) -> Vec<String> {
        s.base.policies.iter().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn real_territories_start_from_today_and_synthetic_ones_from_none() {
        let real = crate::scenario::parse(REAL, "t").unwrap();
        assert_eq!(names_of(&real), ["today_msp", "today_cpts", "today_pdsa", "today_dac", "today_teleconsultation"]);
        // Gers: 7 MSPs (Etalab), no centre de santé; 192,645 inhabitants: 4 GPs on duty, 289 DAC cases, 62 teleconsultations a day.
        let pdsa = &real.base.policies[2];
        assert!(matches!(&pdsa.params, crate::model::policy::spec::PolicyParams::Pdsa(p) if p.gps_on_duty == 4));
        assert!(real.existing.iter().any(|e| e.kind == "msp" && e.what.starts_with("7 MSPs")));
        let synth = crate::scenario::parse(SYNTH, "t").unwrap();
        assert!(synth.base.policies.is_empty() && synth.existing.is_empty());
        let today = crate::scenario::parse(&format!("organisation = \"today\"\n{SYNTH}"), "t").unwrap();
        assert!(names_of(&today).contains(&"today_cpts".to_string()));
        // A real territory's CPTS share their slots within each EPCI; a
        // synthetic territory's one CPTS within reach.
        let by_epci = |s: &crate::scenario::Scenario| {
            let p = s.base.policies.iter().find(|p| p.name == "today_cpts").unwrap();
            matches!(&p.params, crate::model::policy::spec::PolicyParams::Cpts(c) if c.shared_slots_by_epci)
        };
        assert!(by_epci(&real) && !by_epci(&today));
    }

    #[test]
    fn none_keeps_exactly_the_written_policies() {
        let text = format!("organisation = \"none\"\n{REAL}[[policies]]\ntype = \"sas\"\nparticipation = 0.5\n");
        let s = crate::scenario::parse(&text, "t").unwrap();
        assert_eq!(names_of(&s), ["sas"]);
        assert!(s.existing.is_empty());
        assert_eq!(s.organisation, Some(Organisation::None));
    }

    /// The salaried GPs of centres de santé are supply, not organisation:
    /// `organisation = "none"` removes the centre's policy, not its GPs.
    /// Territoire de Belfort (90): one centre de santé (Etalab 2021), so 4
    /// salaried GPs by default, 6 with `salaried_gps_per_centre = 6`.
    #[test]
    fn salaried_gps_stay_without_the_organisation_and_a_territory_can_set_them() {
        let belfort = |org: &str, extra: &str| {
            let text = format!("name = \"x\"\norganisation = \"{org}\"\n[[territories]]\nname = \"b\"\ndepartement = \"90\"\n{extra}");
            let s = crate::scenario::parse(&text, "t").unwrap();
            (s.zones.iter().map(|z| z.gps).sum::<u32>(), names_of(&s).contains(&"today_cds".to_string()))
        };
        let (bpe, _) = belfort("none", "salaried_gps_per_centre = 0\n");
        let (none, cds_none) = belfort("none", "");
        let (today, cds_today) = belfort("today", "");
        assert_eq!((none - bpe, today - bpe), (4, 4), "one centre × 4 GPs, whatever the organisation");
        assert!(cds_today && !cds_none, "the centre as a structure comes with today's organisation only");
        assert_eq!(belfort("today", "salaried_gps_per_centre = 6\n").0 - bpe, 6);
        let e = crate::scenario::parse(&format!("{SYNTH}salaried_gps_per_centre = 4\n"), "t.toml").unwrap_err().to_string();
        assert!(e.contains("territories[0].salaried_gps_per_centre: only for real territories"), "{e}");
        let e = crate::scenario::parse(&format!("{REAL}salaried_gps_per_centre = 41\n"), "t.toml").unwrap_err().to_string();
        assert!(e.contains("salaried_gps_per_centre: must be at most 40"), "{e}");
    }

    #[test]
    fn a_bad_organisation_names_the_field_and_line() {
        let e = crate::scenario::parse(&format!("organisation = \"tody\"\n{REAL}"), "t.toml").unwrap_err().to_string();
        assert!(e.starts_with("t.toml:1: organisation: unknown organisation \"tody\"; did you mean `today`?"), "{e}");
    }

    #[test]
    fn a_variant_extends_an_existing_structure() {
        let text = format!(
            "{REAL}[[variants]]\nname = \"more\"\nextend_policies = [{{ name = \"today_cpts\", participation = 0.9, zones = [\"32013\"] }}]\n"
        );
        let s = crate::scenario::parse(&text, "t").unwrap();
        let base = s.base.policies.iter().find(|p| p.name == "today_cpts").unwrap();
        let more = s.variants[0].policies.iter().find(|p| p.name == "today_cpts").unwrap();
        assert_eq!(base.scope.participation, 0.6);
        assert_eq!(more.scope.participation, 0.9);
        let covered = |p: &crate::model::policy::spec::PolicySpec| p.scope.in_zone.iter().filter(|&&z| z).count();
        let auch = s.zones.iter().position(|z| z.name == "32013").unwrap();
        assert_eq!(covered(more), covered(base) + usize::from(!base.scope.in_zone[auch]));
        assert!(more.scope.in_zone[auch]);
        assert_eq!(s.variants[0].policies.len(), s.base.policies.len());
        // A name that is not there, and a site added to a structure that is everywhere.
        let bad = format!("{REAL}[[policies]]\ntype = \"sas\"\n[[variants]]\nname = \"v\"\nextend_policies = [{{ name = \"today_cpt\" }}, {{ name = \"sas\", zones = [\"32013\"] }}]\n");
        let e = crate::scenario::parse(&bad, "t").unwrap_err().to_string();
        assert!(
            e.contains("variants[0].extend_policies[0].name: the base has no policy called \"today_cpt\"; did you mean `today_cpts`?"),
            "{e}"
        );
        assert!(e.contains("variants[0].extend_policies[1].zones: \"sas\" already covers every zone"), "{e}");
    }

    #[test]
    fn contradictory_extensions_are_refused() {
        // Trial 30 (a board on the Tarn): a start_day in an extension made today's CPTS absent
        // until that day; an extension with remove_policies of the same structure, and two
        // extensions of it, were accepted silently (the removal or the last one won).
        let refused =
            |body: &str| crate::scenario::parse(&format!("{REAL}[[variants]]\nname = \"v\"\n{body}\n"), "t").unwrap_err().to_string();
        let e = refused("extend_policies = [{ name = \"today_cpts\", zones = [\"32013\"], start_day = 400 }]");
        assert!(e.contains("variants[0].extend_policies[0].start_day: an extension changes \"today_cpts\" for the whole run"), "{e}");
        let e = refused("remove_policies = [\"today_cpts\"]\nextend_policies = [{ name = \"today_cpts\", participation = 0.9 }]");
        assert!(e.contains("variants[0].remove_policies[0]: \"today_cpts\" is also in this variant's extend_policies"), "{e}");
        let e =
            refused("extend_policies = [{ name = \"today_cpts\", participation = 0.9 }, { name = \"today_cpts\", participation = 0.1 }]");
        assert!(e.contains("variants[0].extend_policies[1].name: \"today_cpts\" is already extended at [0]"), "{e}");
    }

    /// A commune written by name where a real territory's zones are INSEE
    /// codes (trial 30: `zones = ["Albi"]`): Auch is 32013 in the Gers, Albi
    /// 81004 in the Tarn (INSEE COG), each said with its code.
    #[test]
    fn a_commune_written_by_name_is_told_its_code() {
        let text =
            format!("{REAL}[[variants]]\nname = \"v\"\nextend_policies = [{{ name = \"today_msp\", zones = [\"auch\", \"Albi\"] }}]\n");
        let e = crate::scenario::parse(&text, "t").unwrap_err().to_string();
        assert!(
            e.contains("zones[0]: no zone is called \"auch\"; a real territory's zones are INSEE commune codes: write \"32013\" (Auch)"),
            "{e}"
        );
        assert!(
            e.contains("zones[1]: no zone is called \"Albi\"; Albi is commune 81004 (Tarn (81)), not in this scenario's territory"),
            "{e}"
        );
        // A code written as a number: at its own index in the extension (not the merged list's), told to be quoted.
        let text = format!("{REAL}[[variants]]\nname = \"v\"\nextend_policies = [{{ name = \"today_msp\", zones = [32013] }}]\n");
        let e = crate::scenario::parse(&text, "t").unwrap_err().to_string();
        assert!(e.contains("extend_policies[0].zones[0]: must be a name (string); write it in quotes: \"32013\""), "{e}");
    }

    #[test]
    fn a_site_outside_the_territory_is_blamed_at_its_own_index() {
        // today_cpts already lists many communes of the Gers; the one commune given is zones[0],
        // and 23096 is Guéret, in the Creuse (INSEE), not in the Gers.
        let text = format!("{REAL}[[variants]]\nname = \"v\"\nextend_policies = [{{ name = \"today_cpts\", participation = 0.9, zones = [\"32013\", \"23096\"] }}]\n");
        let e = crate::scenario::parse(&text, "t").unwrap_err().to_string();
        assert!(
            e.contains("variants[0].extend_policies[0].zones[1]: commune 23096 (Guéret, Creuse) is not in this scenario's territory"),
            "{e}"
        );
        assert_eq!(e.matches("23096").count(), 1, "{e}");
    }

    #[test]
    fn extending_a_structure_the_territory_lacks_says_how_to_add_one() {
        // The Gers has no SAS today: today_sas is no typo of today_dac.
        let text = format!("{REAL}[[variants]]\nname = \"v\"\nextend_policies = [{{ name = \"today_sas\", participation = 0.9 }}]\n");
        let e = crate::scenario::parse(&text, "t").unwrap_err().to_string();
        assert!(e.contains("variants[0].extend_policies[0].name: this territory has no existing SAS (today's organisation: today_"), "{e}");
        assert!(e.contains("to add one, use add_policies with type = \"sas\""), "{e}");
        assert!(!e.contains("did you mean"), "{e}");
    }
}
