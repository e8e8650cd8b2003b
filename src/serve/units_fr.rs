//! The French of the parameter units the catalogue reads from
//! docs/policies.md (written in English there, read without backticks): one entry per unit text,
//! for the page in French. A unit missing here is shown in English (the
//! test below lists every unit of the catalogue, so a new one is noticed).

/// (English unit as in docs/policies.md, French).
const UNITS: &[(&str, &str)] = &[
    ("\"risk\", \"spread\" or \"first\"", "\"risk\" (risque), \"spread\" (réparti) ou \"first\" (premiers)"),
    ("GP hours a week per structure (CPTS, MSP, DAC)", "heures de MG par semaine et par structure (CPTS, MSP, DAC)"),
    ("GPs on duty at once", "MG de garde en même temps"),
    (
        "ophthalmology, dermatology, cardiology, gynaecology",
        "ophthalmology (ophtalmologie), dermatology (dermatologie), cardiology (cardiologie), gynaecology (gynécologie)",
    ),
    ("added share of prevention", "part de prévention ajoutée"),
    ("added to primary-care options", "ajouté aux options de soins primaires"),
    ("added to the utility of forgoing", "ajouté à l'utilité du renoncement"),
    ("bool", "oui / non"),
    ("calls per day per 100,000 covered", "appels par jour pour 100\u{202F}000 personnes couvertes"),
    ("caregivers supported at once", "aidants accompagnés en même temps"),
    ("chronic patients followed per FTE per year", "patients chroniques suivis par ETP et par an"),
    ("complex situations followed at once", "situations complexes suivies en même temps"),
    ("consultations per member GP per week", "consultations par MG membre et par semaine"),
    ("days before a missed follow-up is rebooked", "jours avant qu'un suivi manqué soit reprogrammé"),
    ("days from request to answer", "jours entre la demande et la réponse"),
    ("days of presence per week", "jours de présence par semaine"),
    ("doctors consulting at once", "médecins consultant en même temps"),
    (
        "enrol every k-th complex patient of the scope (overrides enrolment)",
        "inclure un patient complexe sur k du périmètre (remplace enrolment)",
    ),
    ("extra hazard multiplier", "multiplicateur de risque supplémentaire"),
    (
        "formal coordination by density class (dense urban, intermediate, rural, isolated)",
        "coordination formalisée par classe de densité (urbain dense, intermédiaire, rural, isolé)",
    ),
    ("full-time IPAs", "IPA à temps plein"),
    (
        "full-time case managers (gestionnaires de cas); 0: use capacity_cases",
        "gestionnaires de cas à temps plein ; 0\u{a0}: utiliser capacity_cases",
    ),
    ("full-time mediators", "médiateurs à temps plein"),
    ("full-time nurses (≈ 8 follow-ups a day each)", "infirmiers à temps plein (≈ 8 suivis par jour chacun)"),
    ("full-time nurses or navigators", "infirmiers ou navigateurs à temps plein"),
    ("full-time referents (desk)", "référents à temps plein (guichet)"),
    ("half-day sessions per week over the scope", "demi-journées de consultation par semaine sur le périmètre"),
    ("hazard multiplier", "multiplicateur de risque"),
    ("hospitalisation-risk multiplier", "multiplicateur du risque d'hospitalisation"),
    ("hours", "heures"),
    ("installation multiplier", "multiplicateur des installations"),
    ("list of { day, zone, change }", "liste de { day, zone, change } (jour, zone, variation)"),
    ("minutes (≥ 5)", "minutes (≥ 5)"),
    ("minutes a caller waits", "minutes d'attente d'un appelant"),
    ("minutes per call", "minutes par appel"),
    ("multiplier", "multiplicateur"),
    ("multiplier of follow-up tolerance", "multiplicateur de la tolérance de suivi"),
    ("multiplier of the information lack", "multiplicateur du manque d'information"),
    ("multiplier of the information lack, people reached", "multiplicateur du manque d'information, personnes atteintes"),
    ("nurse visits per day", "visites infirmières par jour"),
    ("one_stop_desk, directory, redirection", "one_stop_desk (guichet unique), directory (annuaire), redirection (réorientation)"),
    ("people followed per mediator per year", "personnes suivies par médiateur et par an"),
    ("people informed per referent per year (desk)", "personnes informées par référent et par an (guichet)"),
    ("per IPA per day", "par IPA et par jour"),
    ("per day for the scope", "par jour pour le périmètre"),
    ("per day of presence", "par jour de présence"),
    ("probability", "probabilité"),
    ("probability by density class", "probabilité par classe de densité"),
    ("probability per transition", "probabilité par transition"),
    ("regulators answering at once per 100,000 covered", "régulateurs répondant en même temps pour 100\u{202F}000 personnes couvertes"),
    ("same", "idem"),
    ("share needing an in-person follow-up", "part nécessitant un suivi en présentiel"),
    ("share of acute minor needs", "part des besoins aigus bénins"),
    ("share of answered calls resolved by advice", "part des appels répondus réglés par un conseil"),
    (
        "share of connected referrals answered without a visit (ophthalmology, dermatology, cardiology, gynaecology)",
        "part des demandes connectées réglées sans consultation (ophtalmologie, dermatologie, cardiologie, gynécologie)",
    ),
    ("share of orphans in scope per month", "part des patients sans médecin traitant du périmètre, par mois"),
    ("share of patients about to go to the ED", "part des patients sur le point d'aller aux urgences"),
    (
        "share of the added sessions' consultations that become places (open to every request with direct access)",
        "part des consultations des séances ajoutées qui deviennent des places (ouvertes à toute demande avec l'accès direct)",
    ),
    ("share of the eligible people reached (directory, redirection)", "part des personnes éligibles atteintes (annuaire, réorientation)"),
    ("share over the list cap", "part au-delà du plafond de patientèle"),
    ("situations followed at once per case manager", "situations suivies en même temps par gestionnaire de cas"),
    ("utility vs a GP at equal delay", "utilité par rapport à un MG à délai égal"),
    ("utility vs in-person GP at equal delay", "utilité par rapport à un MG en présentiel à délai égal"),
    ("€ per 1,000 inhabitants covered per year", "€ pour 1\u{202F}000 habitants couverts et par an"),
    ("€ per FTE per year", "€ par ETP et par an"),
    ("€ per IPA per year", "€ par IPA et par an"),
    ("€ per act", "€ par acte"),
    ("€ per case followed per year", "€ par situation suivie et par an"),
    ("€ per case manager per year", "€ par gestionnaire de cas et par an"),
    ("€ per inhabitant covered per year", "€ par habitant couvert et par an"),
    ("€ per mediator per year", "€ par médiateur et par an"),
    ("€ per place per year", "€ par place et par an"),
    ("€ per referent per year (desk)", "€ par référent et par an (guichet)"),
    ("€ per regulated call", "€ par appel régulé"),
    ("€ per session", "€ par vacation"),
    ("€ per year", "€ par an"),
    ("€ per year (directory, redirection)", "€ par an (annuaire, réorientation)"),
    ("€ per year per 100,000 covered", "€ par an pour 100\u{202F}000 personnes couvertes"),
    ("€ per year per GP on duty", "€ par an et par MG de garde"),
];

/// The unit in French, or None when this table does not have it.
pub fn unit_fr(unit: &str) -> Option<&'static str> {
    UNITS.iter().find(|(en, _)| *en == unit).map(|(_, fr)| *fr)
}

#[cfg(test)]
mod tests {
    /// Every unit of the catalogue has its French here.
    #[test]
    fn every_catalogue_unit_has_its_french() {
        let missing: Vec<String> = super::super::catalogue::catalogue()
            .iter()
            .flat_map(|e| {
                e.params
                    .iter()
                    .filter(|p| !p.unit.is_empty() && super::unit_fr(&p.unit).is_none())
                    .map(move |p| format!("{}.{}: {}", e.kind, p.name, p.unit))
            })
            .collect();
        assert!(missing.is_empty(), "units without French in src/serve/units_fr.rs: {missing:#?}");
    }
}
