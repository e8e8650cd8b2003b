//! The French of what the catalogue reads in English from docs/policies.md
//! besides units (`units_fr`): each parameter's label (the page showed the
//! identifier, `shared_slots`; it now shows "créneaux partagés" with the
//! identifier in small type beside it), each parameter's source, and each
//! policy's costs. One entry per English text; a text missing here is shown
//! in English, and the tests below list every one the catalogue has, so a
//! new parameter, source or cost is noticed.

/// (source as the catalogue reads it, French).
const SOURCES: &[(&str, &str)] = &[
    (
        "the pooled agenda joins only the members practising in the commune of the patient's own GP (one team a commune); true in today's MSPs and centres de santé (one policy for every site of a territory; Etalab counts sites); false: every member within the patient's reach (a written MSP is one team). Assumption: a multi-site MSP counts as several teams",
        "l'agenda mutualisé ne joint que les membres exerçant dans la commune du médecin traitant du patient (une équipe par commune)\u{a0}; vrai pour les MSP et centres de santé existants (une politique pour tous les sites d'un territoire\u{a0}; Etalab compte des sites)\u{a0}; faux\u{a0}: tous les membres à portée du patient (une MSP écrite est une seule équipe). Hypothèse\u{a0}: une MSP multisite compte pour plusieurs équipes",
    ),
    ("ACI CPTS order of magnitude, assumption", "ordre de grandeur de l'ACI CPTS, hypothèse"),
    ("ACI MSP ≈ €70,000 a year on average, assumption", "ACI MSP ≈ 70\u{202F}000 € par an en moyenne, hypothèse"),
    (
        "Assurance Maladie 2019: €20 to the specialist asked, €10 to the GP asking",
        "Assurance Maladie 2019\u{a0}: 20 € au spécialiste sollicité, 10 € au MG requérant",
    ),
    ("DREES: MSPs attract young GPs; assumption", "DREES\u{a0}: les MSP attirent les jeunes MG ; hypothèse"),
    (
        "MAIA specifications: at most 40 situations per full-time case manager (assumption range 30–40; not a project source)",
        "cahier des charges MAIA\u{a0}: au plus 40 situations par gestionnaire de cas à temps plein (plage d'hypothèse 30–40 ; hors sources du projet)",
    ),
    ("SAS target: within 48 h", "objectif du SAS\u{a0}: sous 48 h"),
    (
        "an active CPTS's volume: Nord Aisne ≈ 2.9 protocol consultations a year per 1,000 inhabitants (Le Moniteur des pharmacies, Dec 2023); 0.0025 gives ≈ 3 per 1,000 covered; plausible range 0–0.005",
        "le volume d'une CPTS active\u{a0}: Nord Aisne ≈ 2,9 consultations sous protocole par an pour 1\u{202F}000 habitants (Le Moniteur des pharmacies, déc. 2023)\u{a0}; 0,0025 en donne ≈ 3 pour 1\u{202F}000 habitants couverts\u{a0}; plage plausible 0–0,005",
    ),
    ("assumption", "hypothèse"),
    (
        "of 501 callers advised by the GP regulators of the centre 15 of Haute-Savoie during PDSA hours, 77.6 % followed the advice as checked in the regulation record, 84.2 % said they had (A. Cappucci, C. Gustin, thèse de médecine, Université Grenoble Alpes, Sudoc 257765069); its transfer to the SAS's callers heading to the ED is an assumption, range 0.7–0.85",
        "sur 501 appelants conseillés par les médecins généralistes régulateurs du centre 15 de Haute-Savoie aux horaires de la PDSA, 77,6 % ont suivi le conseil d'après le dossier de régulation, 84,2 % ont déclaré l'avoir suivi (A. Cappucci, C. Gustin, thèse de médecine, Université Grenoble Alpes, Sudoc 257765069)\u{a0}; son application aux appelants du SAS en route vers les urgences est une hypothèse, plage 0,7–0,85",
    ),
    ("assumption (accompaniment)", "hypothèse (accompagnement)"),
    ("assumption (case managers × caseload)", "hypothèse (gestionnaires de cas × file active)"),
    ("assumption (platform cost)", "hypothèse (coût de la plateforme)"),
    ("assumption (platform)", "hypothèse (plateforme)"),
    ("assumption (salary-equivalent)", "hypothèse (équivalent salaire)"),
    ("assumption (salary-equivalent, range 50,000–70,000)", "hypothèse (équivalent salaire, plage 50\u{202F}000–70\u{202F}000)"),
    ("assumption (sized by the scenario)", "hypothèse (dimensionné par le scénario)"),
    ("assumption (the tariff requires an answer within 7 days)", "hypothèse (le tarif exige une réponse sous 7 jours)"),
    ("assumption, order of the pharmacist vaccination fee", "hypothèse, ordre de grandeur de la rémunération d'une vaccination en officine"),
    ("assumption, range 0.1–0.6", "hypothèse, plage 0,1–0,6"),
    ("assumption, range 0.2–0.8", "hypothèse, plage 0,2–0,8"),
    ("assumption, range 0.3–1", "hypothèse, plage 0,3–1"),
    ("assumption, range 0.5–3", "hypothèse, plage 0,5–3"),
    ("assumption, range 1,000–6,000 (≈ 15 contacts a day)", "hypothèse, plage 1\u{202F}000–6\u{202F}000 (≈ 15 contacts par jour)"),
    (
        "assumption, range 150–400 (an Asalée nurse's active file: a few hundred patients of several GPs)",
        "hypothèse, plage 150–400 (file active d'une infirmière Asalée\u{a0}: quelques centaines de patients de plusieurs MG)",
    ),
    ("assumption, range 20,000–100,000", "hypothèse, plage 20\u{202F}000–100\u{202F}000"),
    ("assumption, range 2–14", "hypothèse, plage 2–14"),
    (
        "assumption, range 2–30 (SAMU target: 99 % answered within 60 s, Pacte de refondation des urgences 2019)",
        "hypothèse, plage 2–30 (objectif SAMU\u{a0}: 99 % de réponses en 60 s, Pacte de refondation des urgences 2019)",
    ),
    ("assumption, range 40,000–60,000", "hypothèse, plage 40\u{202F}000–60\u{202F}000"),
    ("assumption, range 400–2,000 (a €80,000 platform for ≈ 100 caregivers)", "hypothèse, plage 400–2\u{202F}000 (une plateforme de 80\u{202F}000 € pour ≈ 100 aidants)"),
    ("assumption, range 400–900 (a specialist's half-day with travel)", "hypothèse, plage 400–900 (une demi-journée de spécialiste, déplacement compris)"),
    ("assumption, range 50,000–75,000 (salary and charges of a nurse)", "hypothèse, plage 50\u{202F}000–75\u{202F}000 (salaire et charges d'une infirmière)"),
    ("assumption, range 50–300", "hypothèse, plage 50–300"),
    ("assumption, range 50–500 (equipment, secure messaging)", "hypothèse, plage 50–500 (équipement, messagerie sécurisée)"),
    ("assumption, range 5–15 (as cost_per_call_eur)", "hypothèse, plage 5–15 (comme cost_per_call_eur)"),
    ("assumption, range ±0.2 (dermatology, on photographs, most often)", "hypothèse, plage ±0,2 (la dermatologie, sur photographies, le plus souvent)"),
    (
        "assumption, set (before advice was on) so that the effect on ED visits primary care could handle is near the −15 to −20 % of evaluations (model brief §6): the validation row of that effect is therefore a fit, not a test",
        "hypothèse, fixée (avant que le conseil soit activé) pour que l'effet sur les passages aux urgences relevant des soins primaires soit proche des −15 à −20 % des évaluations (cadrage du modèle §6)\u{a0}: la ligne de validation de cet effet est donc un ajustement, non un test",
    ),
    ("assumption: +5 %", "hypothèse\u{a0}: +5 %"),
    (
        "the conseil médical, most frequent decision of the SAS's GP regulators in Rennes: 43.2 % of 7,957 calls, 1 March–30 April 2022 (M. Schmitt, thèse de médecine, Université de Rennes, 2023); one decision in two in the Corrèze's PDSA regulation, 2014–2015 (F. Giré, thèse, Limoges, 2018); its transfer to the callers heading to the ED is an assumption, range 0.3–0.5; whether an advised caller follows it: advice_adherence. 0: a SAS that gives no advice (the default before 3 December 2026)",
        "le conseil médical, décision la plus fréquente des médecins généralistes régulateurs du SAS de Rennes\u{a0}: 43,2 % de 7\u{202F}957 appels, du 1er mars au 30 avril 2022 (M. Schmitt, thèse de médecine, Université de Rennes, 2023) ; une décision sur deux dans la régulation de la PDSA de la Corrèze, 2014–2015 (F. Giré, thèse, Limoges, 2018) ; son application aux appelants en route vers les urgences est une hypothèse, plage 0,3–0,5 ; l'appelant conseillé suit le conseil selon la part d'observance (paramètre suivant). 0\u{a0}: un SAS qui ne donne pas de conseil (la valeur par défaut avant le 3 décembre 2026)",
    ),
    ("assumption: 30-minute consultations, some admin time", "hypothèse\u{a0}: consultations de 30 minutes, un peu de temps administratif"),
    ("assumption: a mild preference for in person", "hypothèse\u{a0}: une légère préférence pour le présentiel"),
    ("assumption: about a part-time doctor", "hypothèse\u{a0}: environ un médecin à temps partiel"),
    ("assumption: one day a week", "hypothèse\u{a0}: un jour par semaine"),
    ("assumption: one per sector", "hypothèse\u{a0}: un par secteur"),
    ("assumption: renewals of stable treatments", "hypothèse\u{a0}: renouvellements de traitements stables"),
    ("assumption: the CPTS's first mission", "hypothèse\u{a0}: la première mission de la CPTS"),
    ("assumption: one CPTS an EPCI", "hypothèse\u{a0}: une CPTS par EPCI"),
    ("assumption: vehicle, staff, fuel ≈ €250,000", "hypothèse\u{a0}: véhicule, personnel, carburant ≈ 250\u{202F}000 €"),
    (
        "issue 18; SAS evaluations: effect \"where alternatives are identified by the regulators\" (context/003)",
        "évaluations du SAS\u{a0}: effet « là où les régulateurs identifient des alternatives » (context/003)",
    ),
    ("modelling choice (issue 18: not the first N in population order)", "choix de modélisation (pas les N premiers dans l'ordre de la population)"),
    ("modelling choice (today's DAC sets it)", "choix de modélisation (le DAC actuel le fixe)"),
    ("on-call fees ≈ €150 per evening, assumption", "astreintes ≈ 150 € par soirée, hypothèse"),
    ("scenario input", "donnée du scénario"),
    ("≈ 10 minutes of regulator time; assumption", "≈ 10 minutes de régulateur ; hypothèse"),
];

/// (policy type, its costs in French: the same figures as docs/policies.md's
/// "Costs" paragraph, which the tests compare; thousands separated by a
/// narrow no-break space, as the report's French numbers). A parameter of
/// a formula is written `in_backticks`: [`costs_fr`] says it by its French
/// label (`report::labels`), never by its identifier.
const COSTS: &[(&str, &str)] = &[
    ("cpts", "3 € par habitant couvert et par an ; 15 € par consultation sous protocole."),
    ("msp", "70 000 € par an ; 30 € par consultation en horaires élargis ; visites infirmières 0 €."),
    ("sas", "150 000 € pour 100 000 personnes couvertes et par an ; 12 € par appel (coût des soins de l'appelant)."),
    ("pdsa", "60 000 € par MG de garde et par an ; 50 € par consultation."),
    ("teleconsultation", "20 000 € par an (la plateforme) ; 30 € par téléconsultation, un coût de soins\u{a0}: les médecins sont payés à l'acte, si bien que plus de médecins ou de places par jour augmentent le coût des soins avec les consultations données, pas le coût de fonctionnement."),
    (
        "dac",
        "Avec des gestionnaires de cas\u{a0}: `case_managers` × 60 000 € par an (le coût suit le personnel) ; sinon situations incluses × 1 500 € par an ; 40 € par visite après une sortie d'hôpital.",
    ),
    ("ipa", "60 000 € par IPA et par an ; visites 0 €."),
    ("pharmacist", "Aucun coût de fonctionnement ; `fee_eur` ; vaccinations supplémentaires à l'acte de l'officine (10 €)."),
    ("mobile_unit", "250 000 € par an ; 30 € par consultation."),
    ("mediators", "`mediators` × 45 000 € par an ; pas de coût unitaire."),
    ("navigators", "`fte` × 60 000 € par an ; pas de coût unitaire."),
    (
        "legibility",
        "Guichet\u{a0}: `staff_fte` × `cost_per_fte_year_eur` ; annuaire et réorientation\u{a0}: `cost_per_year_eur` ; pas de coût unitaire.",
    ),
    ("caregiver_support", "`places` × 800 € par an ; pas de coût unitaire."),
    ("workforce", "Aucun."),
    (
        "telexpertise",
        "Les actes (dans le coût des soins) et le coût de fonctionnement × la participation des médecins, répartis sur le périmètre. \
         Une place libérée par une réponse à distance et prise par une demande directe d'un habitant du territoire reste une \
         consultation payée (au prix d'une consultation de spécialiste ; description du modèle, section 7 « Demande directe »)\u{a0}: avec des agendas pleins, la \
         téléexpertise ajoute le coût de ses actes et n'économise une consultation que si la place ne va à personne ou à un \
         patient extérieur au territoire.",
    ),
    ("specialist_sessions", "Chaque année, `sessions_per_week` × 52 × `cost_per_session_eur`, réparti sur le périmètre."),
];

/// A parameter's French label, or None.
pub fn label_fr(name: &str) -> Option<&'static str> {
    crate::report::labels::parameter_label_fr(name)
}

/// A parameter's source in French, or None ("—" is the same in both): the
/// table's, or a source of the table followed by its plausible range
/// (", range 0.5–2" or "; range 0.5–2", as docs/policies.md appends it to
/// every assumption) in French: « …, plage 0,5–2 ».
pub fn source_fr(source: &str) -> Option<String> {
    let exact = |s: &str| SOURCES.iter().find(|(en, _)| *en == s).map(|(_, fr)| *fr);
    if let Some(fr) = exact(source) {
        return Some(fr.to_string());
    }
    let (head, sep, range) = [", range ", "; range "].iter().find_map(|sep| source.rsplit_once(sep).map(|(h, r)| (h, *sep, r)))?;
    let plain_range = range.chars().all(|c| c.is_ascii_digit() || " .,–…−±".contains(c));
    let head_fr = exact(head)?;
    let sep_fr = if sep.starts_with(';') { "\u{a0}; plage " } else { ", plage " };
    plain_range.then(|| format!("{head_fr}{sep_fr}{}", numbers_fr(range)))
}

/// English figures in French typography: 50,000 → 50 000 (narrow no-break
/// space), 0.5 → 0,5 (also `failures::bytes_fr`'s sizes).
pub(super) fn numbers_fr(text: &str) -> String {
    text.replace(',', "\u{202F}").replace('.', ",")
}

/// A policy type's costs in French, or None: each parameter of a formula
/// by its French label, « `staff_fte` × `cost_per_fte_year_eur` » →
/// « référents (ETP) × coût annuel par ETP ».
pub fn costs_fr(kind: &str) -> Option<String> {
    COSTS.iter().find(|(k, _)| *k == kind).map(|(_, fr)| with_labels_fr(fr))
}

/// `text` with each `identifier` in backticks replaced by its French label
/// (the identifier itself, backticks dropped, when the table lacks it: a
/// test requires every one to have a label).
fn with_labels_fr(text: &str) -> String {
    text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 { label_fr(part).unwrap_or(part) } else { part }).collect()
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::catalogue;

    /// Every parameter of the catalogue (lists aside: the page does not
    /// show them) has a French label, and every source its French.
    #[test]
    fn every_label_and_source_has_its_french() {
        let mut missing = Vec::new();
        for e in catalogue() {
            for p in e.params.iter().filter(|p| p.kind != "list") {
                if super::label_fr(&p.name).is_none() {
                    missing.push(format!("label {}.{}", e.kind, p.name));
                }
                if !p.source.is_empty() && p.source != "—" && super::source_fr(&p.source).is_none() {
                    missing.push(format!("source {}.{}: {:?}", e.kind, p.name, p.source));
                }
            }
        }
        assert!(missing.is_empty(), "without French in src/serve/catalogue_fr.rs: {missing:#?}");
    }

    /// A policy parameter whose default is an assumption (a number) states
    /// the range it may plausibly take, for sensitivity analysis (the rule
    /// of docs/parameters.md, here for docs/policies.md's tables).
    #[test]
    fn every_assumed_policy_number_states_its_plausible_range() {
        let bare: Vec<String> = catalogue()
            .iter()
            .flat_map(|e| e.params.iter().map(move |p| (e, p)))
            .filter(|(_, p)| matches!(p.kind, "number" | "integer") && p.source.contains("assumption") && !p.source.contains("range"))
            .map(|(e, p)| format!("{}.{}: {}", e.kind, p.name, p.source))
            .collect();
        assert!(bare.is_empty(), "assumptions without a plausible range in docs/policies.md: {bare:#?}");
    }

    /// A range after a source of the table is said in French, by hand.
    #[test]
    fn a_range_after_a_known_source_is_said_in_french() {
        assert_eq!(super::source_fr("assumption, range 0.5–2").as_deref(), Some("hypothèse, plage 0,5–2"));
        assert_eq!(
            super::source_fr("ACI MSP ≈ €70,000 a year on average, assumption, range 50,000–100,000").as_deref(),
            Some("ACI MSP ≈ 70\u{202F}000 € par an en moyenne, hypothèse, plage 50\u{202F}000–100\u{202F}000")
        );
        assert_eq!(super::source_fr("assumption, range −1 … 0").as_deref(), Some("hypothèse, plage −1 … 0"));
        assert_eq!(
            super::source_fr("SAS target: within 48 h; range 1–3").as_deref(),
            Some("objectif du SAS\u{a0}: sous 48 h\u{a0}; plage 1–3")
        );
        // An unknown head, or words in the range, stay without French.
        assert_eq!(super::source_fr("a new source, range 1–2"), None);
        assert_eq!(super::source_fr("assumption, range 1–2 (a reason)"), None);
    }

    /// The French costs carry the figures of docs/policies.md: the numbers
    /// of each text, in order, are the English ones (a cost changed in the
    /// documentation and not here fails).
    #[test]
    fn french_costs_have_the_documented_figures() {
        let numbers = |s: &str| -> Vec<String> {
            // Thousands: "70,000" in English, "70 000" (U+202F) in French.
            s.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '\u{202F}'))
                .map(|x| x.trim_matches(',').replace([',', '\u{202F}'], ""))
                .filter(|x| !x.is_empty())
                .collect()
        };
        for e in catalogue() {
            let fr = super::costs_fr(&e.kind).unwrap_or_else(|| panic!("{} has no French costs", e.kind));
            assert_eq!(numbers(&fr), numbers(&e.costs), "{}: {fr} / {}", e.kind, e.costs);
        }
    }

    /// The French costs the page shows name a formula's parameters by their
    /// French labels: no identifier (`snake_case`, or a backticked word)
    /// left in any of them, every backticked identifier of [`super::COSTS`]
    /// has a label, and three texts by hand.
    #[test]
    fn french_costs_name_parameters_by_their_labels() {
        for (kind, template) in super::COSTS {
            for id in template.split('`').skip(1).step_by(2) {
                assert!(super::label_fr(id).is_some(), "{kind}: `{id}` has no French label in report::labels::PARAMETER_LABELS");
            }
        }
        for e in catalogue() {
            let fr = &e.costs_fr;
            let identifier = fr
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .find(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase()));
            assert_eq!(identifier, None, "{}: {fr}", e.kind);
            assert!(!fr.contains('`'), "{}: {fr}", e.kind);
        }
        assert_eq!(
            super::costs_fr("legibility").unwrap(),
            "Guichet\u{a0}: référents (ETP) × coût annuel par ETP ; annuaire et réorientation\u{a0}: coût annuel ; pas de coût unitaire."
        );
        assert_eq!(
            super::costs_fr("specialist_sessions").unwrap(),
            "Chaque année, vacations par semaine × 52 × coût par vacation, réparti sur le périmètre."
        );
        assert_eq!(super::costs_fr("navigators").unwrap(), "ETP × 60\u{202F}000 € par an ; pas de coût unitaire.");
    }

    /// Every unit of the catalogue has its French (`report::units_fr`).
    #[test]
    fn every_catalogue_unit_has_its_french() {
        let missing: Vec<String> = catalogue()
            .iter()
            .flat_map(|e| {
                e.params
                    .iter()
                    .filter(|p| !p.unit.is_empty() && crate::report::units_fr::unit_fr(&p.unit).is_none())
                    .map(move |p| format!("{}.{}: {}", e.kind, p.name, p.unit))
            })
            .collect();
        assert!(missing.is_empty(), "units without French in src/report/units_fr.rs: {missing:#?}");
    }
}
