//! Report labels in French and English (French first: the users are French;
//! the glossary, docs/glossary.md, explains the terms).

use std::str::FromStr;

/// The language of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?}: fr or en")),
        }
    }
}

/// (key, English, French).
const TEXTS: &[(&str, &str, &str)] = &[
    ("report_title", "parcours report", "Rapport parcours"),
    ("no_question", "(the scenario states no question: add a description)", "(le scénario ne pose pas de question\u{a0}: ajoutez une description)"),
    ("command", "command", "commande"),
    ("replications", "replications", "réplications"),
    ("seed", "seed", "graine"),
    ("scenario", "The scenario", "Le scénario"),
    ("territory", "territory", "territoire"),
    ("zones", "zones (communes)", "zones (communes)"),
    ("inhabitants", "inhabitants", "habitants"),
    ("gps", "GPs", "médecins généralistes"),
    ("eds", "emergency departments", "services d'urgences"),
    ("aged_65", "aged 65+ (%)", "65 ans et plus (%)"),
    ("aged_75", "aged 75+ (%)", "75 ans et plus (%)"),
    ("vulnerable_share", "vulnerable (%)", "vulnérables (%)"),
    ("gp_source", "GPs placed from", "origine des médecins généralistes"),
    ("existing_structures", "Existing structures (today's organisation) in the base case", "Structures existantes (organisation actuelle) dans le cas de base"),
    ("structure", "structure", "structure"),
    ("policy_name", "policy", "politique"),
    ("policy_id", "name in the scenario (to extend or remove it)", "nom dans le scénario (pour la modifier ou la retirer)"),
    ("what", "what", "quoi"),
    ("source", "source", "source"),
    ("horizon", "observed period", "période observée"),
    ("warmup", "warm-up", "mise en régime"),
    ("days", "days", "jours"),
    ("base_case", "Base case", "Situation de base"),
    ("variant", "Variant", "Variante"),
    ("no_policy", "No coordination structure or policy beyond usual care.", "Aucune structure de coordination ni politique au-delà de l'organisation habituelle."),
    ("whole_run", "whole run", "toute la période"),
    ("from_day", "from day", "du jour"),
    ("to_day", "to day", "au jour"),
    ("no_end", ", with no end", ", sans date de fin"),
    ("active_share", ": active ", "\u{a0}: active "),
    ("of_observed", " of the observed period (its effects are over the whole period)", " de la période observée (ses effets sont rapportés à toute la période)"),
    ("participation", "participation", "participation"),
    ("zones_covered", "zones covered", "zones couvertes"),
    ("key_results", "Key results", "Résultats principaux"),
    ("key_results_note", "Mean over replications [95 % confidence interval], all inhabitants.", "Moyenne sur les réplications [intervalle de confiance à 95 %], tous les habitants."),
    (
        "services_activity",
        "Activity of each service: consultations a year per 1,000 inhabitants (what each structure gives in the model; its parameters and their sources: docs/policies.md)",
        "Activité de chaque service\u{a0}: consultations par an pour 1\u{202F}000 habitants (ce que chaque structure apporte dans le modèle\u{a0}; ses paramètres et leurs sources\u{a0}: docs/policies.md)"
    ),
    ("second_line_note", "Delays to a specialist count in calendar days from the GP's referral to the visit, as DREES's survey counts them; they include the check-ups booked at the previous visit for a date months ahead (planned follow-ups), which make most of the long waits (90th percentile).", "Les délais jusqu'au spécialiste se comptent en jours calendaires de l'adressage par le médecin généraliste à la consultation, comme dans l'enquête de la DREES ; ils comprennent les contrôles pris à la consultation précédente pour une date plusieurs mois plus tard (suivis programmés), qui font l'essentiel des longues attentes (9e décile)."),
    ("indicator", "indicator", "indicateur"),
    ("differences", "What each variant changes", "Ce que change chaque variante"),
    ("differences_note", "Paired differences variant − base over the same replications (common random numbers), mean [95 % CI]. Green: an improvement, red: a deterioration, each distinguishable from zero after a Holm adjustment over the indicators listed for that variant and territory (adjusted p < 0.05); otherwise not distinguishable from zero. Each line says how many replications it rests on, and warns when the effect is smaller than the minimum detectable effect (two-sided 5 %, power 80 %) of those replications.", "Différences appariées variante − base sur les mêmes réplications (nombres aléatoires communs), moyenne [IC à 95 %]. Vert\u{a0}: amélioration, rouge\u{a0}: dégradation, chacune distinguable de zéro après ajustement de Holm sur les indicateurs listés pour cette variante et ce territoire (p ajustée < 0,05) ; sinon non distinguable de zéro. Chaque ligne dit sur combien de réplications elle repose, et avertit quand l'effet est plus petit que l'effet minimal détectable (bilatéral 5 %, puissance 80 %) de ces réplications."),
    ("replications_word", "replications", "réplications"),
    ("below_mde", " — below what these replications can detect: minimum detectable effect ±", " — en deçà de ce que ces réplications peuvent détecter\u{a0}: effet minimal détectable ±"),
    ("not_significant", " — not distinguishable from zero (after the Holm adjustment)", " — non distinguable de zéro (après ajustement de Holm)"),
    ("not_significant_holm", " — not established: its interval alone excludes 0, but not once the indicators tested together are counted (Holm adjustment for multiple comparisons, adjusted p = ", " — non établi\u{a0}: son intervalle seul exclut 0, mais plus une fois comptés les indicateurs testés ensemble (ajustement de Holm pour comparaisons multiples, p ajustée = "),
    ("equity", "For whom: equity breakdowns", "Pour qui\u{a0}: analyses d'équité"),
    ("equity_note", "Base case, by density class, age, vulnerability and registration with a médecin traitant. Age-standardised rates (direct method, France's population of 2025 by age band) compare groups of different ages; an age group has none.", "Situation de base, par densité, âge, vulnérabilité et déclaration d'un médecin traitant. Les taux standardisés sur l'âge (méthode directe, population de la France en 2025 par tranche d'âge) comparent des groupes d'âges différents ; un groupe d'âge n'en a pas."),
    ("group", "group", "groupe"),
    ("figures", "Figures", "Figures"),
    ("share", "share of consultations (%)", "part des consultations (%)"),
    ("fig_delay_title", "Delay from need to consultation", "Délai entre le besoin et la consultation"),
    ("fig_delay_caption", "Distribution of delays from need to consultation, by variant, mean share [95 % CI].", "Distribution des délais entre le besoin et la consultation, par variante, part moyenne [IC à 95 %]."),
    ("fig_kind_title", "Mean delay by kind of need", "Délai moyen par type de besoin"),
    ("fig_kind_caption", "Mean delay to consultation (days) by kind of need and variant, mean [95 % CI].", "Délai moyen jusqu'à la consultation (jours) par type de besoin et variante, moyenne [IC à 95 %]."),
    ("parameters_changed", "Parameters changed:", "Paramètres modifiés\u{a0}:"),
    ("fig_indicator_caption", "By territory and variant, mean [95 % CI].", "Par territoire et variante, moyenne [IC à 95 %]."),
    ("difference_vs_base", "Difference vs base", "Différence avec la base"),
    ("difference", "difference", "différence"),
    ("fig_difference_question", "An indicator of the scenario's question, outside the key family: its verdict is adjusted (Holm) among the question's own indicators.", "Un indicateur de la question du scénario, hors de la famille principale\u{a0}: son verdict est ajusté (Holm) parmi les indicateurs propres à la question."),
    ("fig_difference_caption", "Paired difference variant − base, mean [95 % CI].", "Différence appariée variante − base, moyenne [IC à 95 %]."),
    ("fig_series_delay", "Mean delay to consultation (days), weekly", "Délai moyen jusqu'à la consultation (jours), par semaine"),
    ("fig_series_ed", "ED visits per week", "Passages aux urgences par semaine"),
    ("fig_series_caption", "Whole run, mean over replications; shaded: warm-up (not counted in the results).", "Toute la simulation, moyenne des réplications ; en gris\u{a0}: la mise en régime (non comptée dans les résultats)."),
    ("months", "months from the start", "mois depuis le début"),
    ("ed_per_week", "ED visits", "passages"),
    ("map_delay", "mean delay (days)", "délai moyen (jours)"),
    ("map_forgone", "forgone needs (%)", "besoins renoncés (%)"),
    ("map_avoidable", "avoidable hosp. /1,000/yr", "hosp. évitables /1\u{202F}000/an"),
    ("fig_map_caption", "Base case, by commune (disc area ∝ population), mean over replications; triangles: emergency departments.", "Situation de base, par commune (surface du disque ∝ population), moyenne des réplications ; triangles\u{a0}: services d'urgences."),
    ("sweep", "Sweep: results by point", "Balayage\u{a0}: résultats par point"),
    ("point", "point", "point"),
    ("point0_note", "Experiment: the tables and figures below show point 0; every point is in summary.csv and in the experiment section.", "Expérience\u{a0}: les tableaux et figures ci-dessous montrent le point 0 ; tous les points sont dans summary.csv et dans la section de l'expérience."),
    ("sensitivity", "Sensitivity analysis", "Analyse de sensibilité"),
    ("at_low", "parameter at its low value", "paramètre à sa valeur basse"),
    ("at_high", "parameter at its high value", "paramètre à sa valeur haute"),
    ("fig_tornado_caption", "One-at-a-time: the output with each parameter at its low and high value, others at baseline (vertical line: baseline output); largest swing first.", "Un facteur à la fois\u{a0}: la sortie avec chaque paramètre à sa valeur basse et haute, les autres à leur valeur de référence (trait vertical\u{a0}: sortie de référence) ; plus grand écart en premier."),
    ("fig_tornado_nd", "n.d.: the swing is not distinguishable from zero after a Holm adjustment over the parameters and indicators of this variant and territory (or cannot be tested: fewer than 2 replications, or the same difference in every replication); it may be the replications' noise alone (sensitivity.csv: change_ci_low, change_ci_high, p_holm).", "n.d.\u{a0}: écart non distinguable de zéro après ajustement de Holm sur les paramètres et indicateurs de cette variante et de ce territoire (ou non testable\u{a0}: moins de 2 réplications, ou la même différence dans chaque réplication)\u{a0}; il peut venir du seul bruit des réplications (sensitivity.csv\u{a0}: change_ci_low, change_ci_high, p_holm)."),
    ("first_order", "first order", "premier ordre"),
    ("total_index", "total", "total"),
    ("fig_sobol_caption", "Sobol indices with 95 % bootstrap intervals (Saltelli sampling).", "Indices de Sobol avec intervalles bootstrap à 95 % (échantillonnage de Saltelli)."),
    ("calibration", "Calibration: fit to the targets", "Calage\u{a0}: ajustement aux cibles"),
    ("method", "Method and provenance", "Méthode et provenance"),
    ("method_text", "parcours is an agent-based, discrete-event model of primary-care pathways (docs/ODD.md). Items follow the STRESS-DES reporting guideline (Monks et al. 2019: what a simulation report must give to be checked and repeated). Words: a replication is one whole simulation of the territory with another draw of chance; the results are means over the replications, with a 95 % interval; paired differences compare each option with the base on the same replications (same patients, same illnesses, same days), so that only the option differs; the Holm adjustment (multiple comparisons) raises the bar when many indicators are read at once, so that an effect is called better or worse only when its adjusted p-value is below 5 %; the warm-up (first simulated months, while waiting lists and GP lists fill) is not counted, and MSER-5 (White 1997) checks afterwards that it was long enough.", "parcours est un modèle multi-agents à événements discrets des parcours de soins primaires (docs/ODD.md). Les rubriques suivent la grille STRESS-DES (Monks et al. 2019\u{a0}: ce qu'un rapport de simulation doit donner pour être vérifié et refait). Vocabulaire\u{a0}: une réplication est une simulation complète du territoire avec un autre tirage du hasard ; les résultats sont des moyennes sur les réplications, avec un intervalle à 95 % ; les différences appariées comparent chaque option à la situation de base sur les mêmes réplications (mêmes patients, mêmes maladies, mêmes jours), pour que seule l'option diffère ; l'ajustement de Holm (comparaisons multiples) relève l'exigence quand on lit beaucoup d'indicateurs à la fois\u{a0}: un effet n'est dit « mieux » ou « moins bien » que si sa probabilité ajustée est sous 5 % ; la mise en régime (premiers mois simulés, le temps que listes d'attente et patientèles se remplissent) n'est pas comptée, et MSER-5 (White 1997) vérifie après coup qu'elle était assez longue."),
    ("item", "item", "rubrique"),
    ("value", "value", "valeur"),
    ("stress_purpose", "Purpose (question)", "Objectif (question)"),
    ("stress_logic", "Model logic", "Logique du modèle"),
    ("stress_logic_text", "Needs arise per inhabitant; patients choose a GP, another service, the ED or to forgo care; delays, escalations, decompensations and hospital stays follow (docs/architecture.md).", "Les besoins naissent pour chaque habitant ; le patient choisit un médecin, un autre service, les urgences ou le renoncement ; délais, aggravations, décompensations et séjours hospitaliers s'ensuivent (docs/architecture.md)."),
    ("stress_data", "Data", "Données"),
    ("stress_data_text", "INSEE communes, DREES APL 2023, SAE 2023 ED sites, département professional counts (data/NOTICE.md); parameters and sources in docs/parameters.md.", "Communes INSEE, APL DREES 2023, urgences SAE 2023, effectifs de professionnels par département (data/NOTICE.md) ; paramètres et sources dans docs/parameters.md."),
    ("stress_experimentation", "Experimentation", "Expérimentation"),
    ("points_variants_reps", "points × arms (the base and its variants) × replications", "points × options (la base et ses variantes) × réplications"),
    ("crn", "common random numbers", "nombres aléatoires communs"),
    ("stress_implementation", "Implementation", "Mise en œuvre"),
    ("scenario_hash", "scenario SHA-256", "SHA-256 du scénario"),
    ("plan", "plan identity", "identité du plan"),
    ("stress_code", "Code access", "Accès au code"),
    ("stress_code_text", "Open source (MIT licence); the scenario as given and as run, and the exact command line, are in this output folder (scenario.toml, scenario.effective.toml, run.json, plan.json).", "Code ouvert (licence MIT) ; le scénario tel que donné et tel qu'exécuté, et la ligne de commande exacte, sont dans ce dossier de sorties (scenario.toml, scenario.effective.toml, run.json, plan.json)."),
    ("run_at", "run", "exécution"),
    ("yes", "yes", "oui"),
    ("no", "no", "non"),
    ("thread", "thread", "fil d'exécution"),
    ("threads", "threads", "fils d'exécution"),
    ("note_no_interval", "[–]: no 95 % interval from fewer than 2 replications (n < 2).", "[–]\u{a0}: pas d'intervalle à 95 % avec moins de 2 réplications (n < 2)."),
    ("note_missing", "–: not available: nothing was observed to compute it from (no member in the group, or no event in the observed period).", "–\u{a0}: non disponible\u{a0}: rien n'a été observé pour le calculer (groupe sans membre, ou aucun événement sur la période observée)."),
    ("no_interval", " (no interval: fewer than 2 replications)", " (pas d'intervalle\u{a0}: moins de 2 réplications)"),
    ("outside_family", " — adjusted (Holm) among the question's own indicators, apart from the key family", " — ajusté (Holm) parmi les indicateurs propres à la question, à part de la famille principale"),
    ("note_clamped", "Intervals are clamped to the values the indicator can take (a share between 0 and 1, i.e. 100 %; any other indicator ≥ 0; a difference accordingly).", "Les intervalles sont bornés aux valeurs que l'indicateur peut prendre (une part entre 0 et 1, soit 100 % ; tout autre indicateur ≥ 0 ; une différence en conséquence)."),
    ("season", "Season: the seasonal population", "Saison\u{a0}: la population saisonnière"),
    ("season_note", "Real territories with secondary homes (INSEE census 2021) receive visitors during the holidays. Inhabitants' mean delay and ED visits by period of the year, and the visitors' needs, consultations and ED visits per 1,000 inhabitants per year; mean over replications [95 % CI].", "Les territoires réels ayant des résidences secondaires (recensement INSEE 2021) reçoivent des visiteurs pendant les vacances. Délai moyen et passages aux urgences des habitants par période de l'année, et besoins, consultations et passages aux urgences des visiteurs pour 1\u{202F}000 habitants par an ; moyenne des réplications [IC à 95 %]."),
];

/// The label of `key` in `lang` (the key itself when unknown).
pub fn t(lang: Lang, key: &str) -> &str {
    TEXTS.iter().find(|e| e.0 == key).map_or(key, |e| if lang == Lang::Fr { e.2 } else { e.1 })
}

/// The mark of a difference the same in every replication where a table
/// has no room for [`constant_difference`]'s long words (the terminal's
/// tables of differences and of points, the web app's table of
/// differences), which are said
/// once under the table after the same mark (`serve/assets/app.js` holds a
/// copy, pinned equal by a test).
pub const CONSTANT_MARK: &str = "(¹)";

/// What a difference identical in every replication is, said plainly:
/// not an effect that "cannot be computed" but this difference exactly,
/// every time (its interval is the single value; a test has no spread to
/// work on, so there is no p-value and no mark: `results::does_not_vary`).
/// Its verdict comes first: "not established" (−1 hospitalisation in each
/// of 2 replications is no proof of an effect). The one text of the
/// terminal, the reports, the board and the web app (`serve/assets/app.js`
/// holds a copy, pinned equal by a test).
pub fn constant_difference(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "not established: the same difference in every replication (for a rate, the same number of events: an interval then reflects only the population's changes, not chance)",
        Lang::Fr => {
            "non établi\u{a0}: la même différence dans chaque réplication (pour un taux, le même nombre d'événements\u{a0}: un intervalle ne reflète alors que les variations de la population, pas le hasard)"
        }
    }
}

/// (kind, English, French) of the existing structures of today's
/// organisation (`scenario::organisation::Existing::kind`); see docs/glossary.md.
const STRUCTURES: &[(&str, &str, &str)] = &[
    ("msp", "Existing multi-professional health centres (MSP)", "Maisons de santé pluriprofessionnelles existantes (MSP)"),
    ("cds", "Existing health centres (centres de santé)", "Centres de santé existants"),
    (
        "cpts",
        "Existing territorial professional health communities (CPTS)",
        "Communautés professionnelles territoriales de santé existantes (CPTS)",
    ),
    ("pdsa", "Out-of-hours primary care on duty (PDSA)", "Permanence des soins ambulatoires (PDSA)"),
    ("dac", "Coordination support service (DAC)", "Dispositif d'appui à la coordination (DAC)"),
    ("teleconsultation", "Existing teleconsultation", "Téléconsultation existante"),
    ("sas", "Access-to-care service (SAS)", "Service d'accès aux soins (SAS)"),
];

/// (policy type, French name): how the French report and the web page's
/// catalogue name a policy type (`sas` → "Service d'accès aux soins (SAS)").
const POLICY_TYPES_FR: &[(&str, &str)] = &[
    ("cpts", "Communauté professionnelle territoriale de santé (CPTS)"),
    ("msp", "Maison de santé pluriprofessionnelle (MSP)"),
    ("sas", "Service d'accès aux soins (SAS)"),
    ("pdsa", "Permanence des soins ambulatoires (PDSA)"),
    ("teleconsultation", "Téléconsultation et téléexpertise"),
    ("dac", "Dispositif d'appui à la coordination (DAC)"),
    ("ipa", "Infirmier en pratique avancée (IPA)"),
    ("pharmacist", "Rôle élargi du pharmacien d'officine"),
    ("mobile_unit", "Unité mobile (bus de soins)"),
    ("mediators", "Médiateurs en santé"),
    ("navigators", "Infirmiers de coordination et navigateurs de parcours"),
    ("legibility", "Lisibilité de l'offre (guichet unique, annuaire, réorientation)"),
    ("caregiver_support", "Aide aux aidants"),
    ("telexpertise", "Téléexpertise (second recours)"),
    ("specialist_sessions", "Consultations avancées de spécialistes"),
    ("workforce", "Démographie médicale (départs et installations)"),
];

/// The French name of a policy type ([`POLICY_TYPES_FR`]), None for an unknown type.
pub fn policy_type_fr(kind: &str) -> Option<&'static str> {
    POLICY_TYPES_FR.iter().find(|e| e.0 == kind).map(|e| e.1)
}

/// The name of an existing structure's kind (`msp` → "Maisons de santé
/// pluriprofessionnelles existantes (MSP)"); an unknown kind as it is.
pub fn structure_label(lang: Lang, kind: &str) -> String {
    STRUCTURES.iter().find(|e| e.0 == kind).map_or(kind.to_string(), |e| if lang == Lang::Fr { e.2 } else { e.1 }.to_string())
}

/// (indicator, English, French); see docs/glossary.md.
const INDICATORS: &[(&str, &str, &str)] = &[
    ("population", "inhabitants (person-days ÷ observed days)", "habitants (jours-personnes ÷ jours observés)"),
    ("needs_per_1000", "care needs arisen per 1,000 per year", "besoins de soins apparus pour 1\u{202F}000 hab. par an"),
    (
        "consultations_per_inhabitant",
        "consultations per inhabitant per year (GPs and services)",
        "consultations par habitant et par an (MG et services)",
    ),
    ("delay_median_days", "delay to consultation, median (days)", "délai jusqu'à la consultation, médiane (jours)"),
    ("delay_p90_days", "delay to consultation, 90th percentile (days)", "délai jusqu'à la consultation, 90e centile (jours)"),
    ("unscheduled_seen_24h_share", "unscheduled needs seen within 24 h", "soins non programmés vus sous 24 h"),
    (
        "pending_wait_so_far_mean_days",
        "wait so far of the needs still pending at the end (days)",
        "attente déjà écoulée des besoins encore en attente à la fin (jours)",
    ),
    ("travel_time_mean_min", "travel time to a consultation, mean (minutes)", "temps de trajet jusqu'à la consultation, moyenne (minutes)"),
    ("teleconsultation_share", "teleconsultation share of consultations", "part des téléconsultations parmi les consultations"),
    (
        "pharmacy_nurse_share",
        "share of consultations given by a pharmacy or nurse walk-in",
        "part des consultations données en pharmacie ou par une infirmière sans rendez-vous",
    ),
    ("sas_calls_per_1000", "calls regulated by the SAS per 1,000 per year", "appels régulés par le SAS pour 1\u{202F}000 hab. par an"),
    ("sas_oriented_share", "SAS calls ending with a GP slot", "appels au SAS conclus par un créneau de MG"),
    (
        "sas_service_share",
        "SAS calls oriented to a service (PDSA, teleconsultation, protocol …)",
        "appels au SAS orientés vers un service (PDSA, téléconsultation, protocole …)",
    ),
    ("sas_advice_share", "SAS calls resolved by advice", "appels au SAS résolus par un conseil"),
    (
        "sas_not_oriented_share",
        "SAS calls answered with nothing booked or advice not followed",
        "appels au SAS répondus sans rien de réservé ou au conseil non suivi",
    ),
    ("cost_care_per_inhabitant_eur", "cost of care per inhabitant per year (€)", "coût des soins par habitant et par an (€)"),
    ("hospitalisations_per_1000", "hospital admissions per 1,000 per year", "hospitalisations pour 1\u{202F}000 hab. par an"),
    (
        "primary_care_contact_share",
        "share of contacts that are primary-care consultations",
        "part des recours qui sont des consultations de soins de ville",
    ),
    (
        "gp_delay_mean_calendar_days",
        "delay to see a GP, mean (calendar days from the request)",
        "délai pour voir un MG, moyenne (jours calendaires depuis la demande)",
    ),
    (
        "gp_delay_median_calendar_days",
        "delay to see a GP, median (calendar days from the request)",
        "délai pour voir un MG, médiane (jours calendaires depuis la demande)",
    ),
    (
        "gp_delay_p90_calendar_days",
        "delay to see a GP, 90th percentile (calendar days)",
        "délai pour voir un MG, 90e centile (jours calendaires)",
    ),
    ("gp_delay_same_next_day_share", "GP seen the same or the next day", "MG vu le jour même ou le lendemain"),
    ("gp_delay_5d_plus_share", "GP seen 5 days or more after the request", "MG vu 5 jours ou plus après la demande"),
    ("gp_booked_at_visit_share", "GP consultations booked at a previous visit", "consultations de MG fixées lors d'une visite précédente"),
    (
        "delay_median_calendar_days",
        "delay to consultation, median (calendar days)",
        "délai jusqu'à la consultation, médiane (jours calendaires)",
    ),
    (
        "delay_p90_calendar_days",
        "delay to consultation, 90th percentile (calendar days)",
        "délai jusqu'à la consultation, 90e centile (jours calendaires)",
    ),
    (
        "delay_same_next_day_share",
        "seen the same or the next day (any professional)",
        "vus le jour même ou le lendemain (tout professionnel)",
    ),
    (
        "delay_5d_plus_share",
        "seen 5 days or more after the request (any professional)",
        "vus 5 jours ou plus après la demande (tout professionnel)",
    ),
    ("gp_request_failed_own_share", "requests to the own GP without a slot in time", "demandes au médecin traitant sans créneau à temps"),
    (
        "gp_request_failed_any_share",
        "requests for a GP slot that found none in time",
        "demandes de créneau de MG restées sans réponse à temps",
    ),
    ("gp_request_failed_share", "requests whose first choice of GP failed", "demandes dont le premier choix de MG a échoué"),
    (
        "avoidable_hosp_patients_one_share",
        "inhabitants with one avoidable hospitalisation",
        "habitants ayant eu une hospitalisation évitable",
    ),
    (
        "avoidable_hosp_patients_several_share",
        "inhabitants with several avoidable hospitalisations",
        "habitants ayant eu plusieurs hospitalisations évitables",
    ),
    ("gp_squeezed_in_share", "GP consultations squeezed in beyond the calendar", "consultations de MG ajoutées au-delà de l'agenda"),
    ("gp_consultations_per_gp_year", "GP consultations per GP per year", "consultations par MG et par an"),
    (
        "cost_policy_per_inhabitant_eur",
        "running cost of the structures per inhabitant per year (€)",
        "coût de fonctionnement des structures par habitant et par an (€)",
    ),
    ("cost_total_eur_per_year", "total cost per year (€)", "coût total par an (€)"),
    ("avoidable_hosp_per_year", "avoidable hospitalisations per year", "hospitalisations évitables par an"),
    ("ed_visits_per_year", "ED visits per year", "passages aux urgences par an"),
    ("delay_mean_days", "delay to consultation, mean (days)", "délai jusqu'à la consultation, moyenne (jours)"),
    (
        "delay_mean_calendar_days",
        "delay to consultation, mean (calendar days)",
        "délai jusqu'à la consultation, moyenne (jours calendaires)",
    ),
    ("delay_mean_days.chronic_followup", "chronic follow-up delay, mean (days)", "délai du suivi chronique, moyenne (jours)"),
    ("unscheduled_seen_48h_share", "unscheduled needs seen within 48 h", "soins non programmés vus sous 48 h"),
    ("registered_gp_coverage", "covered by a médecin traitant", "couverture par un médecin traitant"),
    ("forgone_care_rate", "forgone-care rate", "taux de renoncement aux soins"),
    ("ed_visits_per_1000", "ED visits per 1,000 per year", "passages aux urgences pour 1\u{202F}000 hab. par an"),
    (
        "ed_visits_per_1000.primary_care_treatable",
        "ED visits primary care could have handled, per 1,000 per year",
        "passages aux urgences relevant des soins de ville, pour 1\u{202F}000 hab. par an",
    ),
    (
        "avoidable_hosp_per_1000",
        "avoidable hospitalisations per 1,000 per year",
        "hospitalisations évitables pour 1\u{202F}000 hab. par an",
    ),
    (
        "avoidable_hosp_per_1000_age_std",
        "avoidable hospitalisations per 1,000 per year, age-standardised",
        "hospitalisations évitables pour 1\u{202F}000 hab. par an, standardisées sur l'âge",
    ),
    (
        "ed_visits_per_1000_age_std",
        "ED visits per 1,000 per year, age-standardised",
        "passages aux urgences pour 1\u{202F}000 hab. par an, standardisés sur l'âge",
    ),
    ("readmission_30d_rate", "30-day readmission rate", "taux de réhospitalisation à 30 jours"),
    ("gp_utilisation", "GP slot utilisation", "taux d'occupation des créneaux de médecine générale"),
    (
        "gp_list_closed_share",
        "GPs with their list closed to new patients (share of GP-days)",
        "médecins ne prenant plus de nouveaux patients comme médecin traitant (part des jours-médecin)",
    ),
    ("cost_total_per_inhabitant_eur", "total cost per inhabitant per year (€)", "coût total par habitant et par an (€)"),
    ("coordination_hours_per_professional", "coordination hours per GP per week", "heures de coordination par médecin et par semaine"),
    ("coordination_hours_per_nurse", "coordination hours per nurse per week", "heures de coordination par infirmier·e et par semaine"),
    (
        "information_lost_per_1000",
        "transitions with information lost per 1,000 inhabitants per year",
        "transitions avec perte d'information pour 1\u{202F}000 habitants par an",
    ),
    ("information_lost_share", "share of transitions with information lost", "part des transitions avec perte d'information"),
    (
        "forgone_information_per_1000",
        "care forgone for lack of information, per 1,000 per year",
        "renoncements faute d'information, pour 1\u{202F}000 hab. par an",
    ),
    (
        "avoidable_hosp_chronic_per_1000",
        "avoidable hospitalisations of chronic patients per 1,000 per year",
        "hospitalisations évitables des patients chroniques pour 1\u{202F}000 hab. par an",
    ),
    ("sas_abandoned_share", "SAS calls abandoned (share)", "appels au SAS abandonnés (part)"),
    (
        "sas_over_capacity_share",
        "SAS calls not taken, the day's capacity used (share)",
        "appels au SAS non pris, capacité du jour atteinte (part)",
    ),
    ("sas_regulation_minutes_mean", "time in SAS regulation, mean (minutes)", "durée de régulation au SAS, moyenne (minutes)"),
    (
        "specialist_delay_median_days",
        "delay to a specialist's advice, median (days)",
        "délai jusqu'à l'avis d'un spécialiste, médiane (jours)",
    ),
    (
        "specialist_delay_q1_days",
        "delay to a specialist's advice, first quartile (days)",
        "délai jusqu'à l'avis d'un spécialiste, premier quartile (jours)",
    ),
    (
        "specialist_delay_p90_days",
        "delay to a specialist's advice, 90th percentile (days)",
        "délai jusqu'à l'avis d'un spécialiste, 9e décile (jours)",
    ),
    (
        "specialist_urgent_delay_median_days",
        "delay to a specialist's advice, urgent requests, median (days)",
        "délai jusqu'à l'avis d'un spécialiste, demandes urgentes, médiane (jours)",
    ),
    (
        "specialist_routine_delay_median_days",
        "delay to a specialist's advice, routine requests, median (days)",
        "délai jusqu'à l'avis d'un spécialiste, demandes non urgentes, médiane (jours)",
    ),
    (
        "specialist_referrals_per_1000",
        "GP referrals to a specialist per 1,000 inhabitants per year",
        "adressages par un MG à un spécialiste pour 1 000 habitants par an",
    ),
    (
        "specialist_forgone_share",
        "referrals to a specialist given up, no place in time (share)",
        "adressages à un spécialiste abandonnés, sans place à temps (part)",
    ),
    (
        "specialist_other_class_share",
        "specialist visits booked outside the patient's own area (share)",
        "consultations de spécialiste prises hors de sa zone (part)",
    ),
    (
        "specialist_telexpertise_share",
        "referrals answered by telexpertise without a visit (share)",
        "adressages résolus par téléexpertise sans consultation (part)",
    ),
    ("needs_pending_at_horizon_share", "needs still waiting at the end (share)", "besoins encore en attente à la fin (part)"),
    (
        "delay_mean_days_by_period",
        "inhabitants' delay to consultation, mean (days)",
        "délai des habitants jusqu'à la consultation, moyenne (jours)",
    ),
    (
        "ed_visits_per_1000_by_period",
        "inhabitants' ED visits per 1,000 per year",
        "passages aux urgences des habitants pour 1\u{202F}000 hab. par an",
    ),
    (
        "visitor_acute_needs_per_1000_by_period",
        "visitors' acute needs per 1,000 inhabitants per year",
        "besoins aigus des visiteurs pour 1\u{202F}000 habitants par an",
    ),
    (
        "visitor_acute_needs_per_1000",
        "visitors' acute needs per 1,000 inhabitants per year",
        "besoins aigus des visiteurs pour 1\u{202F}000 habitants par an",
    ),
    (
        "visitor_consultations_per_1000",
        "consultations given to visitors per 1,000 inhabitants per year",
        "consultations données aux visiteurs pour 1\u{202F}000 habitants par an",
    ),
    (
        "visitor_ed_visits_per_1000",
        "visitors' ED visits per 1,000 inhabitants per year",
        "passages aux urgences des visiteurs pour 1\u{202F}000 habitants par an",
    ),
];

/// The label of a period of the year (`model::seasonal::PERIODS`).
pub fn period_label(lang: Lang, period: &str) -> String {
    PERIODS.iter().find(|p| p.0 == period).map_or(period.to_string(), |p| if lang == Lang::Fr { p.2 } else { p.1 }.to_string())
}

/// (period of the year, English, French): see `model::seasonal::PERIODS`.
const PERIODS: &[(&str, &str, &str)] = &[
    ("summer", "summer holidays", "vacances d'été"),
    ("winter_holidays", "winter holidays", "vacances d'hiver"),
    ("rest", "other days observed", "autres jours observés"),
];

/// (specialty as in the output files, English, French): see
/// `model::specialists::Specialty::label`.
const SPECIALTIES: &[(&str, &str, &str)] = &[
    ("ophthalmology", "ophthalmology", "ophtalmologie"),
    ("dermatology", "dermatology", "dermatologie"),
    ("cardiology", "cardiology", "cardiologie"),
    ("gynaecology", "gynaecology", "gynécologie"),
];

/// The label of an indicator (its name when unlabelled); a family member
/// `prefix.member` is its family's label and the member's (a period of the
/// year or a specialty in words).
pub fn indicator_label(lang: Lang, name: &str) -> String {
    let pick = |e: &(&str, &str, &str)| if lang == Lang::Fr { e.2 } else { e.1 }.to_string();
    if let Some(e) = INDICATORS.iter().find(|e| e.0 == name) {
        return pick(e);
    }
    match name.split_once('.') {
        Some((prefix, member)) if INDICATORS.iter().any(|e| e.0 == prefix) => {
            let member = PERIODS.iter().chain(SPECIALTIES).find(|p| p.0 == member).map_or(member.to_string(), pick);
            format!("{} — {member}", indicator_label(lang, prefix))
        }
        _ => name.to_string(),
    }
}

/// A validation row's territory in `lang`: how a national figure is formed
/// (`experiment::calibrate::national_label`) and france-mix's territories,
/// named after their density classes, in French words; any other name as
/// it is (a scenario's own name).
pub fn territory_label(lang: Lang, name: &str) -> String {
    const FR: &[(&str, &str)] = &[
        ("all (requests pooled)", "ensemble (demandes regroupées)"),
        ("all (population-weighted)", "ensemble (moyenne pondérée par la population)"),
        ("dense-urban", "urbain dense"),
        ("intermediate", "intermédiaire"),
        ("rural", "rural"),
        ("isolated", "isolé"),
    ];
    match lang {
        Lang::Fr => FR.iter().find(|e| e.0 == name).map_or(name.to_string(), |e| e.1.to_string()),
        Lang::En => name.to_string(),
    }
}

/// The label of a breakdown group (`age:75-84`, `density:rural` …).
pub fn group_label(lang: Lang, group: &str) -> String {
    let Some((kind, value)) = group.split_once(':') else { return group.to_string() };
    let fr = lang == Lang::Fr;
    let kind = match kind {
        "density" if fr => "densité",
        "age" if fr => "âge",
        "vulnerable" if fr => "vulnérable",
        "registered_gp" if fr => "médecin traitant",
        "registered_gp" => "médecin traitant (registered GP)",
        other => other,
    };
    let value = match value {
        "yes" if fr => "oui",
        "no" if fr => "non",
        "dense_urban" if fr => "urbain dense",
        "intermediate" if fr => "intermédiaire",
        "rural" if fr => "rural",
        "isolated" if fr => "isolé",
        other => other,
    };
    format!("{kind}{}{value}", colon(lang))
}

/// A colon as `lang` writes it: in French after a no-break space (U+00A0,
/// « densité\u{a0}: rural »), in English right after the word.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{a0}: ",
        Lang::En => ": ",
    }
}

/// (need kind as in the output files, English, French): see
/// `model::NeedKind::label` and docs/glossary.md.
const NEED_KINDS: &[(&str, &str, &str)] = &[
    ("acute_minor", "new or worsening symptoms (unscheduled)", "symptômes nouveaux ou aggravés (non programmé)"),
    ("acute_serious", "serious acute (emergency)", "aigu grave (urgence)"),
    ("chronic_followup", "chronic follow-up", "suivi de maladie chronique"),
    ("renewal", "prescription renewal", "renouvellement d'ordonnance"),
    ("prevention", "prevention (vaccination, screening)", "prévention (vaccination, dépistage)"),
    ("complex", "complex situation", "situation complexe"),
    ("post_discharge", "follow-up after a hospital stay", "suivi après hospitalisation"),
    ("physical_followup", "in-person visit after a teleconsultation", "visite après une téléconsultation"),
];

/// The label of a kind of need (`chronic_followup` …); the name when unknown.
pub fn need_kind_label(lang: Lang, kind: &str) -> String {
    NEED_KINDS.iter().find(|k| k.0 == kind).map_or(kind.to_string(), |k| if lang == Lang::Fr { k.2 } else { k.1 }.to_string())
}

/// Where a territory's GPs come from, in `lang`: the territory builder
/// writes it in English (`model::territory`, `geo::GP_SOURCE`, the
/// scenario's own zones); the report translates the known forms.
pub fn gp_source_label(lang: Lang, source: &str) -> String {
    if lang == Lang::En {
        return source.to_string();
    }
    if let Some(x) = source.strip_prefix("archetype density, ").and_then(|r| r.strip_suffix(" GPs per 10,000")) {
        let x = x.parse::<f64>().map_or(x.to_string(), |v| given(lang, v));
        return format!("densité de l'archétype, {x} médecins pour 10\u{202F}000 habitants");
    }
    if let Some(rest) = source.strip_prefix(crate::geo::GP_SOURCE) {
        // `geo::gp_source`: "; + N salaried GPs of K centres de santé (Etalab 2021), P a centre (assumption)".
        let salaried = rest
            .replace("; + ", " ; + ")
            .replace(" salaried GPs of ", " médecins salariés de ")
            .replace(" a centre (assumption)", " par centre (hypothèse)");
        return format!("{}{salaried}", crate::geo::GP_SOURCE_FR);
    }
    match source {
        "the scenario's zones" => "les zones du scénario".to_string(),
        other => other.to_string(),
    }
}

/// The label of a delay band (`0-1d` …).
pub fn band_label(lang: Lang, band: &str) -> String {
    let unit = if lang == Lang::Fr { " j" } else { " d" };
    band.replace('d', unit)
}

/// A number as the report and the terminal show it: the significant digits
/// of [`crate::io::fmt3`], a true minus sign (−), and in French a decimal
/// comma with thousands separated by a narrow no-break space (U+202F:
/// 1 234,5); in English a decimal point and thousands separated by a comma
/// (1,234.5): [`crate::io::group_thousands`].
/// "–" when not finite. Every number of a report or terminal table goes
/// through here, so that one report never mixes two formats.
pub fn num(lang: Lang, x: f64) -> String {
    let s = crate::io::fmt3(x);
    if !x.is_finite() {
        return s;
    }
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("−", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mark = if lang == Lang::Fr { "," } else { "." };
    match frac {
        Some(f) => format!("{sign}{}{mark}{f}", group_thousands(lang, int)),
        None => format!("{sign}{}", group_thousands(lang, int)),
    }
}

/// A duration of `seconds` as the report shows it: under a minute to a
/// tenth of a second with the language's decimal mark (`6,5 s`, `6.5 s`);
/// under an hour in whole minutes and seconds (`2 min 5 s`); beyond, hours
/// and minutes (`1 h 2 min`). "–" when not finite or negative.
pub fn duration(lang: Lang, seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "–".into();
    }
    if seconds < 59.95 {
        let s = format!("{seconds:.1}");
        return format!("{} s", if lang == Lang::Fr { s.replace('.', ",") } else { s });
    }
    let whole = seconds.round() as u64;
    if whole < 3600 {
        format!("{} min {} s", whole / 60, whole % 60)
    } else {
        format!("{} h {} min", whole / 3600, (whole % 3600) / 60)
    }
}

/// A time `run.json` records (RFC 3339, UTC: `2026-11-30T16:31:05Z`) as
/// a board reads it: in French `30/11/2026 17:31` in Paris time (UTC+1,
/// UTC+2 from the last Sunday of March to the last Sunday of October at
/// 01:00 UTC, the EU rule since 1996), in English as recorded. Anything
/// else (missing, unreadable) is shown unchanged.
pub fn timestamp(lang: Lang, rfc3339: &str) -> String {
    let Ok(t) = humantime::parse_rfc3339(rfc3339) else { return rfc3339.to_string() };
    let Ok(secs) = t.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64) else { return rfc3339.to_string() };
    match lang {
        Lang::En => rfc3339.to_string(),
        Lang::Fr => {
            let local = secs + paris_offset_hours(secs) * 3600;
            let (y, m, d) = civil_date(local.div_euclid(86_400));
            let minute = local.rem_euclid(86_400) / 60;
            format!("{d:02}/{m:02}/{y} {:02}:{:02}", minute / 60, minute % 60)
        }
    }
}

/// Paris's offset from UTC at `secs` (Unix time): 2 in summer time, else 1.
fn paris_offset_hours(secs: i64) -> i64 {
    let (y, _, _) = civil_date(secs.div_euclid(86_400));
    // The last Sunday of a month of 31 days: day 31 minus its weekday (0 = Sunday).
    let last_sunday = |month: u32| {
        let day31 = days_from_civil(y, month, 31);
        day31 - (day31 + 4).rem_euclid(7)
    };
    let start = last_sunday(3) * 86_400 + 3600;
    let end = last_sunday(10) * 86_400 + 3600;
    if (start..end).contains(&secs) {
        2
    } else {
        1
    }
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar
/// (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// Integer digits grouped by three in `lang`: [`crate::io::group_thousands`].
fn group_thousands(lang: Lang, int: &str) -> String {
    crate::io::group_thousands(int, lang == Lang::Fr)
}

/// A value as a scenario gives it (years, …): every digit it has (0.1,
/// not 0.100; 1, not 1.00), with `lang`'s decimal mark and thousands; from
/// [`crate::io::SCIENTIFIC_FROM`] on, as [`num`] writes it (1.00e300).
pub fn given(lang: Lang, x: f64) -> String {
    if x.abs() >= crate::io::SCIENTIFIC_FROM {
        return num(lang, x);
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let s = count(lang, x.abs() as u64);
        return if x < 0.0 { format!("−{s}") } else { s };
    }
    let s = format!("{}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let sign = if x < 0.0 { "−" } else { "" };
    match lang {
        Lang::Fr => format!("{sign}{},{frac}", group_thousands(lang, int)),
        Lang::En => format!("{sign}{}.{frac}", group_thousands(lang, int)),
    }
}

/// Between an interval's bounds, in the report and the terminal alike:
/// "[4.70; 11.7]", « [4,70 ; 11,7] » (a comma would read as a decimal mark
/// in French; the English terminal wrote "[4.70, 11.7]" where its report
/// wrote "[4.70; 11.7]": trial 31).
pub fn interval_sep(lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        " ; "
    } else {
        "; "
    }
}

/// Between the items of a list in a sentence ("reduces …; no effect on …",
/// a policy's settings): " ; " in French, "; " in English; the same marks
/// as [`interval_sep`] today, kept apart because they say different things.
pub fn list_sep(lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        " ; "
    } else {
        "; "
    }
}

/// [`num`] with a plus sign before a positive number (differences); none
/// before one that is shown as zero (+7e-16 is "0.000", not "+0.000").
pub fn signed_num(lang: Lang, x: f64) -> String {
    let n = num(lang, x);
    if x > 0.0 && !crate::io::shows_zero(&n) {
        format!("+{n}")
    } else {
        n
    }
}

/// The French plural mark after a count: "s" from 2 on; 0 and 1 take the
/// singular (« 0 zone couverte », « 1 zone couverte », « 2 zones couvertes »).
pub fn plural_fr(n: u64) -> &'static str {
    if crate::io::plural(n, true) {
        "s"
    } else {
        ""
    }
}

/// "year" / "years" after a number of years (« an » / « ans », singular below 2 in French).
pub fn years_word(lang: Lang, years: f64) -> &'static str {
    match lang {
        Lang::Fr if years >= 2.0 => "ans",
        Lang::Fr => "an",
        Lang::En if years == 1.0 => "year",
        Lang::En => "years",
    }
}

/// A count (inhabitants, zones, tasks) in `lang`'s format: every digit,
/// no decimals, thousands grouped ([`crate::io::count`]).
pub fn count(lang: Lang, n: u64) -> String {
    crate::io::count(n, lang == Lang::Fr)
}

/// Text written for the terminal and the scenario file (sources citing
/// `context/003`, hints naming `remove_policies = [...]` or `[[policies]]`)
/// in the words a board reads in `report.html`: the published article's
/// title for a `context/` reference, plain words for a configuration
/// hint. The terminal keeps the keys (they are what to type); the report
/// passes every such text through here (one place).
pub fn board_text(lang: Lang, text: &str) -> String {
    let plain: [(&str, &str); 8] = [
        (
            "`remove_policies = [\"today_cpts\"]` or `extend_policies` in a variant corrects it",
            "an option that removes or extends it corrects it",
        ),
        (
            "`remove_policies = [\"today_cpts\"]` ou `extend_policies` dans une variante le corrige",
            "une option qui la retire ou l'étend le corrige",
        ),
        ("declare an existing SAS in [[policies]]", "declare an existing SAS in the scenario"),
        ("déclarez un SAS existant dans [[policies]]", "un SAS existant n'est pas dans la situation de départ simulée"),
        ("declare it in [[policies]] (type = \"cpts\")", "declare it in the scenario"),
        // A project document the board does not have.
        (" (docs/policies.md)", ""),
        (" (docs/policies.md, Today's organisation)", ""),
        ("déclarez-la dans [[policies]] (type = \"cpts\")", "déclarez-la dans le scénario"),
    ];
    plain.iter().fold(cite_articles(lang, text), |s, (from, to)| s.replace(from, to))
}

/// A `context/` reference of a source (the project's copy of a published
/// article) as the article's title and date, for any reader without the
/// project's files: the terminal's existing structures and
/// [`board_text`]. Keys and commands are left as written.
pub fn cite_articles(lang: Lang, text: &str) -> String {
    let fr = lang == Lang::Fr;
    let articles: [(&str, &str); 6] = [
        // A figure cited by an article (data/targets.toml's sources): "via" the article.
        ("via context/000", if fr { "cité par l'article context/000" } else { "cited by the article context/000" }),
        ("via context/003", if fr { "cité par l'article context/003" } else { "cited by the article context/003" }),
        ("via context/004", if fr { "cité par l'article context/004" } else { "cited by the article context/004" }),
        (
            "context/000",
            if fr {
                "article « Parcours de soins de premier recours\u{a0}: logiques, acteurs et enjeux », juillet 2025"
            } else {
                "the article “Parcours de soins de premier recours : logiques, acteurs et enjeux”, July 2025"
            },
        ),
        (
            "context/003",
            if fr {
                "article « Tisser des parcours lisibles », août 2025"
            } else {
                "the article “Tisser des parcours lisibles”, August 2025"
            },
        ),
        (
            "context/004",
            if fr {
                "article « Coordination des soins de premier recours\u{a0}: regards croisés entre territoires urbains et ruraux », octobre 2025"
            } else {
                "the article “Coordination des soins de premier recours : regards croisés entre territoires urbains et ruraux”, October 2025"
            },
        ),
    ];
    let text = articles.iter().fold(text.to_string(), |s, (from, to)| s.replace(from, to));
    // "l'article article « … »" of the "via" lines above.
    text.replace("l'article article «", "l'article «").replace("the article the article", "the article")
}

/// The first mention of an internal document or of the command line in a
/// text meant for a board member (French report, web app): a scenario
/// file to edit (`.toml`), a background document of the project
/// (`context/`), a command-line option (`--years`) or command (`parcours
/// run`), a project folder (`scenarios/`); None when it has none (tests
/// of the French texts of the report and of the web app).
#[cfg(test)]
pub(crate) fn internal_reference(text: &str) -> Option<&'static str> {
    let flag = text.match_indices("--").any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + 2..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-') && after.is_some_and(|c| c.is_ascii_lowercase())
    });
    [".toml", "context/", "parcours run", "scenarios/"].into_iter().find(|p| text.contains(p)).or(flag.then_some("--option"))
}

/// (parameter identifier, English label, French label): the words the
/// report's policy lines and the web app's catalogue give a policy's
/// field. The same identifier means the same thing in every policy; the
/// unit says per what.
const PARAMETER_LABELS: &[(&str, &str, &str)] = &[
    ("adherence_factor", "adherence factor", "facteur d'observance"),
    ("advice_share", "share of calls resolved by advice", "part des appels résolus par un conseil"),
    ("advice_adherence", "share of advised callers who follow the advice", "part des appelants conseillés qui suivent le conseil"),
    ("answer_days", "answer delay", "délai de réponse"),
    ("answered_share", "share of requests answered remotely", "part des demandes traitées à distance"),
    ("asc", "attractiveness (utility constant)", "attrait (constante d'utilité)"),
    ("attractiveness", "attractiveness for settling", "attractivité pour l'installation"),
    ("call_share", "share of patients who call", "part des patients qui appellent"),
    ("calls_per_day_per_100k", "calls handled per day per 100,000 inh.", "appels traités par jour pour 100\u{202F}000 hab."),
    ("capacity_cases", "situations followed at once", "situations suivies en même temps"),
    ("case_managers", "case managers", "gestionnaires de cas"),
    ("caseload_per_manager", "situations per case manager", "situations par gestionnaire de cas"),
    ("channel", "channel", "canal"),
    ("complex_coordination_factor", "complex-case coordination factor", "facteur de coordination des cas complexes"),
    ("consultations_per_day", "consultations per day", "consultations par jour"),
    ("cost_per_1000_year_eur", "yearly cost per 1,000 inhabitants", "coût annuel pour 1\u{202F}000 habitants"),
    ("cost_per_act_eur", "cost per act", "coût par acte"),
    ("cost_per_call_eur", "cost per call", "coût par appel"),
    ("cost_per_case_eur", "cost per situation followed", "coût par situation suivie"),
    ("cost_per_fte_year_eur", "yearly cost per FTE", "coût annuel par ETP"),
    ("cost_per_inhabitant_eur", "yearly cost per inhabitant", "coût annuel par habitant"),
    ("cost_per_manager_year_eur", "yearly cost per case manager", "coût annuel par gestionnaire de cas"),
    ("cost_per_mediator_year_eur", "yearly cost per mediator", "coût annuel par médiateur"),
    ("cost_per_nurse_year_eur", "yearly cost per advanced-practice nurse", "coût annuel par IPA"),
    ("cost_per_place_year_eur", "yearly cost per place", "coût annuel par place"),
    ("cost_per_session_eur", "cost per session", "coût par vacation"),
    ("cost_per_year_eur", "yearly cost", "coût annuel"),
    ("cost_per_year_per_100k_eur", "yearly cost per 100,000 inhabitants", "coût annuel pour 100\u{202F}000 habitants"),
    ("cost_per_year_per_duty_gp_eur", "yearly cost per GP on duty", "coût annuel par médecin de garde"),
    ("days_per_week", "days present per week", "jours de présence par semaine"),
    ("delegation_nurses", "delegation nurses (Asalée)", "infirmières en délégation (Asalée)"),
    ("discharge_visits_per_day", "visits after hospital discharge per day", "visites après sortie d'hôpital par jour"),
    ("doctors", "doctors", "médecins"),
    ("enrolment", "enrolment rule", "règle d'inclusion"),
    ("events", "events", "événements"),
    (
        "extended_hours_per_gp_week",
        "extended-hours consultations per GP per week",
        "consultations en horaires élargis par MG et par semaine",
    ),
    ("fee_eur", "fee per act", "rémunération par acte"),
    ("follow_up_share", "share needing an in-person consultation", "part nécessitant une consultation en présentiel"),
    ("forgo_utility", "effect on forgoing care", "effet sur le renoncement"),
    ("fte", "FTE", "ETP"),
    ("gps_on_duty", "GPs on duty", "médecins de garde"),
    ("handling_minutes", "call handling time", "durée de traitement d'un appel"),
    ("hazard_factor", "risk factor", "facteur de risque"),
    ("information_factor", "lack-of-information factor", "facteur de manque d'information"),
    ("lines_per_100k", "regulators per 100,000 inh.", "régulateurs pour 100\u{202F}000 hab."),
    ("list_cap_extension", "extension of the list cap", "dépassement de la patientèle maximale"),
    ("max_delay_hours", "maximum delay", "délai maximal"),
    ("mediators", "mediators", "médiateurs"),
    ("nurses", "advanced-practice nurses", "IPA"),
    ("orient_to_all_options", "orient to all options", "orienter vers toutes les options"),
    (
        "orphan_matching_per_month",
        "patients without a médecin traitant matched per month",
        "patients sans médecin traitant rattachés par mois",
    ),
    ("patience_minutes", "a caller's patience", "patience d'un appelant"),
    ("people_per_fte", "people per FTE per year", "personnes par ETP et par an"),
    ("people_per_mediator", "people per mediator per year", "personnes par médiateur et par an"),
    ("places", "places", "places"),
    ("planned_care", "planned care too", "soins programmés aussi"),
    ("pooled_agenda", "pooled agenda", "agenda mutualisé"),
    ("pooled_agenda_by_commune", "pooled agenda of the commune's team", "agenda mutualisé de l'équipe de la commune"),
    ("primary_care_utility", "effect on primary-care use", "effet sur le recours aux soins primaires"),
    ("protocol_asc", "attractiveness of the protocol", "attrait du protocole"),
    ("protocol_share", "share of simple acute needs under protocol", "part des besoins aigus simples sous protocole"),
    ("rebook_days", "rebooking delay", "délai de reprogrammation"),
    ("referral_share", "share of added consultations becoming places", "part des consultations ajoutées devenant des places"),
    ("renewals", "prescription renewals", "renouvellements d'ordonnance"),
    ("sessions_per_week", "sessions per week", "vacations par semaine"),
    ("shared_slots", "shared slots", "créneaux partagés"),
    ("shared_slots_by_epci", "shared slots within the patient's EPCI", "créneaux partagés dans l'EPCI du patient"),
    ("slot_minutes", "length of an on-duty consultation", "durée d'une consultation de garde"),
    ("specialty", "specialty", "spécialité"),
    ("spread_enrolment", "spread enrolment", "inclusion répartie"),
    ("staff_fte", "referents (FTE)", "référents (ETP)"),
    ("telexpertise_factor", "tele-expertise factor", "facteur de téléexpertise"),
    ("unawareness_factor", "unawareness factor", "facteur de méconnaissance"),
    ("use_share", "share of the people affected", "part des personnes atteintes"),
    ("vaccination_share", "added vaccinations", "vaccinations ajoutées"),
];

/// A policy parameter's label in `lang` (`capacity_cases` → « situations
/// suivies en même temps », "situations followed at once"), or None for an
/// identifier the table lacks (a test pins that every policy field has one).
pub fn parameter_label(lang: Lang, name: &str) -> Option<&'static str> {
    PARAMETER_LABELS.iter().find(|(n, _, _)| *n == name).map(|(_, en, fr)| if lang == Lang::Fr { *fr } else { *en })
}

/// A policy parameter's French label, or None: [`parameter_label`] in
/// French, for the web app's catalogue (`serve::catalogue_fr`).
pub fn parameter_label_fr(name: &str) -> Option<&'static str> {
    parameter_label(Lang::Fr, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Break caught: float noise shown as "−0,000" and "+0,000" among the differences (trial 33).
    #[test]
    fn a_difference_shown_as_zero_has_no_sign() {
        assert_eq!(signed_num(Lang::Fr, -7.1e-16), "0,000");
        assert_eq!(signed_num(Lang::Fr, 7.1e-16), "0,000");
        assert_eq!(signed_num(Lang::En, 0.0012), "+0.001");
        assert_eq!(signed_num(Lang::Fr, -0.25), "−0,250");
    }

    /// Every French text of the report's tables (texts, structures,
    /// indicators, periods, specialties, need kinds, parameter labels)
    /// names no scenario file, `context/` document, command-line option or
    /// command: a board reads the report. Allowed: the output folder's file
    /// names where the report says what the folder holds (provenance).
    /// Every indicator `model::indicators` declares has its words in both
    /// languages (trial 33: the French report wrote « réduit les
    /// gp_delay_mean_calendar_days »; 39 indicators had none).
    #[test]
    fn every_indicator_has_a_label() {
        let missing: Vec<&str> =
            crate::model::indicators::INDICATORS.iter().map(|i| i.name).filter(|n| !INDICATORS.iter().any(|e| e.0 == *n)).collect();
        assert!(missing.is_empty(), "indicators without a label: {missing:?}");
        assert_eq!(
            indicator_label(Lang::Fr, "gp_delay_mean_calendar_days"),
            "délai pour voir un MG, moyenne (jours calendaires depuis la demande)"
        );
    }

    #[test]
    fn french_report_texts_name_no_internal_file_or_command() {
        const ALLOWED: &[&str] = &["stress_code_text"];
        let tables: [&[(&str, &str, &str)]; 7] = [TEXTS, STRUCTURES, INDICATORS, PERIODS, SPECIALTIES, NEED_KINDS, PARAMETER_LABELS];
        let mut found = Vec::new();
        for (key, _, fr) in tables.iter().flat_map(|t| t.iter()) {
            if let Some(what) = internal_reference(fr).filter(|_| !ALLOWED.contains(key)) {
                found.push(format!("{key}: {what} in {fr:?}"));
            }
        }
        assert!(found.is_empty(), "{found:#?}");
        for e in crate::scenario::organisation::tests_sources() {
            let fr = board_text(Lang::Fr, &crate::scenario::organisation::source_fr(e));
            assert_eq!(internal_reference(&fr), None, "{fr}");
        }
        for f in crate::validation::national_figures() {
            let fr = board_text(Lang::Fr, &f.source_fr);
            assert_eq!(internal_reference(&fr), None, "{fr}");
        }
        // The patterns, by hand.
        assert_eq!(internal_reference("relancez avec --years 2"), Some("--option"));
        assert_eq!(internal_reference("du 2 au 12 — de 3 à 5"), None);
        assert_eq!(internal_reference("(context/003)"), Some("context/"));
        assert_eq!(internal_reference("modifiez scenario.toml"), Some(".toml"));
        assert_eq!(
            board_text(Lang::Fr, "IRDES 2022, via context/003 : ≈ 14 %"),
            "IRDES 2022, cité par l'article « Tisser des parcours lisibles », août 2025 : ≈ 14 %"
        );
    }

    /// The report's words for the structures' sources: the published
    /// article's title, no `context/` path, no configuration key; other
    /// text unchanged.
    #[test]
    fn board_text_names_the_article_and_drops_the_keys() {
        for lang in [Lang::Fr, Lang::En] {
            for e in crate::scenario::organisation::tests_sources() {
                let s = board_text(lang, &if lang == Lang::Fr { crate::scenario::organisation::source_fr(e) } else { e.to_string() });
                assert!(!s.contains("context/") && !s.contains("remove_policies") && !s.contains("[[policies]]"), "{s}");
            }
        }
        assert_eq!(
            board_text(Lang::Fr, "(Assurance Maladie, context/003)"),
            "(Assurance Maladie, article « Tisser des parcours lisibles », août 2025)"
        );
        assert_eq!(board_text(Lang::En, "unchanged text"), "unchanged text");
    }

    /// By hand: 2026-11-30 16:31 UTC is winter time in Paris (UTC+1):
    /// 17:31. 2026-07-14 08:05 UTC is summer time (UTC+2): 10:05. The 2026
    /// changes: Sunday 29 March 01:00 UTC and Sunday 25 October 01:00 UTC
    /// (the last Sundays: 31 March 2026 is a Tuesday, 31 October a Saturday).
    #[test]
    fn timestamps_read_in_paris_time_in_french() {
        assert_eq!(timestamp(Lang::Fr, "2026-11-30T16:31:05Z"), "30/11/2026 17:31");
        assert_eq!(timestamp(Lang::Fr, "2026-07-14T08:05:00Z"), "14/07/2026 10:05");
        assert_eq!(timestamp(Lang::Fr, "2026-03-29T00:59:00Z"), "29/03/2026 01:59");
        assert_eq!(timestamp(Lang::Fr, "2026-03-29T01:00:00Z"), "29/03/2026 03:00");
        assert_eq!(timestamp(Lang::Fr, "2026-10-25T00:59:00Z"), "25/10/2026 02:59");
        assert_eq!(timestamp(Lang::Fr, "2026-10-25T01:00:00Z"), "25/10/2026 02:00");
        assert_eq!(timestamp(Lang::Fr, "2026-12-31T23:30:00Z"), "01/01/2027 00:30");
        assert_eq!(timestamp(Lang::En, "2026-11-30T16:31:05Z"), "2026-11-30T16:31:05Z");
        assert_eq!(timestamp(Lang::Fr, "–"), "–");
    }

    #[test]
    fn french_numbers_have_one_format() {
        // By hand: 1234.4 → fmt3 "1234" (≥ 100: no decimals) → "1 234" with U+202F.
        assert_eq!(num(Lang::Fr, 1234.4), "1\u{202F}234");
        assert_eq!(num(Lang::Fr, 1_993_077.0), "1\u{202F}993\u{202F}077");
        assert_eq!(num(Lang::Fr, -12.34), "−12,3");
        assert_eq!(num(Lang::Fr, 0.1234), "0,123");
        assert_eq!(num(Lang::Fr, 999.0), "999");
        assert_eq!(signed_num(Lang::Fr, 2.5), "+2,50");
        assert_eq!(num(Lang::En, -1234.4), "−1,234");
        assert_eq!(num(Lang::En, 1_993_077.0), "1,993,077");
        assert_eq!(count(Lang::En, 40_000), "40,000");
        assert_eq!(given(Lang::En, 12_345.5), "12,345.5");
        assert_eq!(num(Lang::En, 12.34), "12.3");
        assert_eq!(num(Lang::Fr, f64::NAN), "–");
        assert_eq!(count(Lang::Fr, 40_000), "40\u{202F}000");
        assert_eq!(count(Lang::Fr, 4), "4", "a count has no decimals");
        assert_eq!(given(Lang::Fr, 0.1), "0,1");
        assert_eq!(given(Lang::Fr, 10.0), "10");
        assert_eq!(given(Lang::En, 2.5), "2.5");
        assert_eq!(count(Lang::Fr, 1_234_567), "1\u{202F}234\u{202F}567", "nor rounding");
        assert_eq!(
            gp_source_label(Lang::Fr, "archetype density, 5.2 GPs per 10,000"),
            "densité de l'archétype, 5,2 médecins pour 10\u{202F}000 habitants"
        );
        assert_eq!(
            gp_source_label(Lang::Fr, crate::geo::GP_SOURCE).matches("sites ramenés").count(),
            1,
            "the real territories' source too"
        );
        let with_centres = crate::geo::gp_source(&crate::geo::Salaried { centres: 56, per_centre: 4, gps: 224 });
        assert!(
            gp_source_label(Lang::Fr, &with_centres).ends_with(
                "sites ramenés à 50\u{202F}758 médecins libéraux (52\u{202F}846 médecins moins 2\u{202F}088 salariés de centres de santé) ; + 224 médecins salariés de 56 centres de santé (Etalab 2021), 4 par centre (hypothèse)"
            ),
            "{}",
            gp_source_label(Lang::Fr, &with_centres)
        );
    }

    /// "60,573 sites" beside "166578 inhabitants" in one English summary,
    /// "60 573" (a plain space) beside "60 573" (U+202F) in French: one
    /// rule per language, `io::group_thousands`, by hand.
    #[test]
    fn thousands_follow_one_rule_per_language() {
        assert_eq!(crate::io::group_thousands("60573", false), "60,573");
        assert_eq!(crate::io::group_thousands("60573", true), "60\u{202F}573");
        assert_eq!(crate::io::group_thousands("573", false), "573");
        assert_eq!(crate::io::count(1_234_567, false), "1,234,567");
        assert_eq!(crate::io::counted(1_385, "situation", "situations", true), "1\u{202F}385 situations");
        assert_eq!(crate::io::counted(1, "visite", "visites", true), "1 visite");
        assert_eq!(crate::io::counted(0, "centre", "centres", true), "0 centre");
        assert_eq!(crate::io::counted(0, "GP", "GPs", false), "0 GPs");
        assert_eq!(crate::io::counted(1, "GP", "GPs", false), "1 GP");
        let built = |fr| {
            let ds = crate::geo::dataset();
            let picked = ds.select(&crate::geo::Selection::Departement("90".into())).unwrap();
            let b = crate::geo::build(ds, &picked, "90", 0, &crate::geo::BuildOptions::default());
            crate::geo::summary_in(&b, &crate::model::params::Parameters::default(), fr)
        };
        let (en, fr) = (built(false), built(true));
        let pop: u64 =
            en.lines().next().and_then(|l| l.split(", ").last()?.strip_suffix(" inhabitants")?.replace(',', "").parse().ok()).unwrap();
        assert!(pop > 100_000, "{en}");
        assert!(en.lines().next().unwrap().ends_with(&format!("{} inhabitants", crate::io::count(pop, false))), "{en}");
        assert!(fr.lines().next().unwrap().ends_with(&format!("{} habitants", crate::io::count(pop, true))), "{fr}");
        assert!(fr.contains("60\u{202F}573 sites") && en.contains("60,573 sites"), "{fr}");
    }

    /// A tolerance of 1e300 printed 301 digits in `validate`'s table: from a
    /// billion on a number is written with three significant figures and
    /// its power of ten, by hand; below, as before.
    #[test]
    fn huge_numbers_are_written_in_scientific_notation() {
        assert_eq!(num(Lang::En, 1e300), "1.00e300");
        assert_eq!(num(Lang::Fr, 1e300), "1,00e300");
        assert_eq!(num(Lang::En, -2.346e12), "−2.35e12");
        assert_eq!(num(Lang::En, 1e9), "1.00e9");
        assert_eq!(num(Lang::En, 999_999_999.0), "999,999,999");
        assert_eq!(given(Lang::Fr, 1e300), "1,00e300");
        assert_eq!(given(Lang::En, 1.5e10), "1.50e10");
        assert_eq!(given(Lang::En, 68_000_000.0), "68,000,000");
    }

    /// The French report and terminal said "— ophthalmology": every
    /// specialty the model has is named in French, by hand.
    #[test]
    fn specialties_are_named_in_the_report_language() {
        let fr: Vec<String> = crate::model::specialists::Specialty::ALL
            .iter()
            .map(|s| indicator_label(Lang::Fr, &format!("specialist_delay_median_days.{}", s.label())))
            .collect();
        let head = "délai jusqu'à l'avis d'un spécialiste, médiane (jours) — ";
        assert_eq!(fr, ["ophtalmologie", "dermatologie", "cardiologie", "gynécologie"].map(|s| format!("{head}{s}")),);
        assert_eq!(
            indicator_label(Lang::En, "specialist_delay_median_days.cardiology"),
            "delay to a specialist's advice, median (days) — cardiology"
        );
    }

    /// A fresh user read `(6.503932944 s)` as the run time: by hand,
    /// 6.503932944 s is 6.5 s (6,5 s in French); 125.4 s is 2 min 5 s;
    /// 3725 s is 1 h 2 min.
    #[test]
    fn durations_are_rounded_and_in_the_language() {
        assert_eq!(duration(Lang::Fr, 6.503932944), "6,5 s");
        assert_eq!(duration(Lang::En, 6.503932944), "6.5 s");
        assert_eq!(duration(Lang::En, 125.4), "2 min 5 s");
        assert_eq!(duration(Lang::Fr, 3725.0), "1 h 2 min");
        assert_eq!(duration(Lang::En, f64::NAN), "–");
    }
}
