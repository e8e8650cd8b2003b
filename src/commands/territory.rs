//! `parcours territory find | show`: real French territories built from the
//! embedded data, described without simulating. Each function returns the
//! text the command prints, or the message of a bad input, in the
//! language of the rest of the command line (`--lang`, else the locale).

use crate::geo;
use crate::model::params::Parameters;
use crate::report::Lang;

/// `territory find NAME`: communes, EPCI and départements by name.
pub fn find(name: &str, lang: Lang) -> Result<String, String> {
    geo::find::report(geo::dataset(), name, 20, lang == Lang::Fr)
}

/// `territory show SPEC [--communes]`: population, professionals, EDs,
/// travel times and the APL comparison of a territory.
pub fn show(spec: &str, communes: bool, lang: Lang) -> Result<String, String> {
    // In French the reason too (trial 32: `departement=Aveyron --lang fr` answered in English).
    let said = |e: String| match lang {
        Lang::Fr => crate::report::reasons_fr::reason_fr(&e, crate::report::reasons_fr::Reader::CommandLine),
        Lang::En => e,
    };
    let selection = geo::parse_spec(spec).map_err(|e| said(spec_hint(spec, e)))?;
    let ds = geo::dataset();
    let picked = ds.select(&selection).map_err(said)?;
    let built = geo::build(ds, &picked, spec, 0, &geo::BuildOptions::default());
    Ok(text(&selection, &built, communes, lang))
}

/// The text of [`show`] for a territory built from `selection` (the one
/// text `territory show` prints and the Python `territory()` returns):
/// the summary, today's organisation, the APL comparison and, with
/// `communes`, the communes table; a list of communes not of one piece is
/// warned about first.
pub fn text(selection: &geo::Selection, built: &geo::Built, communes: bool, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let ds = geo::dataset();
    let params = Parameters::default();
    let spec = &built.territory.name;
    let mut out = geo::summary_in(built, &params, fr);
    // A list of communes not of one piece is said first (`geo::Dataset::gap`).
    if let Some(g) = match selection {
        geo::Selection::Communes(codes) => ds.gap_of(codes),
        _ => None,
    } {
        let warning = if fr { "attention\u{a0}: " } else { "warning: " };
        out.insert_str(0, &format!("{warning}{}\n", geo::gap_warning(spec, &g, fr)));
    }
    // Inhabitants whose nearest GP is outside the selection (`geo::border`), said first too.
    let (outside, total) = geo::border::outside_share(&built.zones, &params.travel);
    let chosen_by = match selection {
        geo::Selection::Departement(_) => "departement",
        geo::Selection::Epci(_) => "epci",
        _ => "communes",
    };
    if let Some(b) = geo::border::border_warning(spec, outside, total, fr, chosen_by) {
        let warning = if fr { "attention\u{a0}: " } else { "warning: " };
        out.insert_str(0, &format!("{warning}{b}\n"));
    }
    // Sources cite the articles by title: a reader of the terminal has no context/ folder.
    out.push_str(&crate::report::cite_articles(lang, &crate::scenario::organisation::describe_built(built, fr)));
    out.push_str(&apl_section(built, &params, fr));
    if communes {
        out.push('\n');
        out.push_str(&geo::communes_table(built, fr));
    }
    out
}

/// The APL comparison: [`apl_heading`] and the table by density class; or,
/// when no commune of the territory has a DREES APL (Mayotte, outside
/// DREES's field, and a few communes re-created since 2023: data/NOTICE.md),
/// a sentence saying so instead of a table without rows.
pub fn apl_section(built: &geo::Built, params: &Parameters, fr: bool) -> String {
    let rows = geo::apl::compare(&built.zones, params);
    if !rows.is_empty() {
        return format!("{}{}", apl_heading(params, fr), geo::apl::table_in(&rows, fr));
    }
    if fr {
        "\nAccessibilité aux médecins généralistes, méthode APL\u{a0}: l'APL 2023 de la DREES n'a de valeur pour aucune commune \
         de ce territoire (la DREES n'en publie pas pour Mayotte, ni pour les communes recréées depuis 2023)\u{a0}: \
         rien à quoi comparer l'APL du modèle.\n"
            .to_string()
    } else {
        "\nGP accessibility, APL method: DREES's APL 2023 has no value for any commune of this territory (DREES publishes \
         none for Mayotte, nor for communes re-created since 2023): nothing to compare the model's APL with.\n"
            .to_string()
    }
}

/// The heading of the APL table: what the model's column counts (the
/// consultations a GP offers in the calendar, no simulation here) against
/// DREES's (those given), and the ratio that alone makes between them.
pub fn apl_heading(params: &Parameters, fr: bool) -> String {
    let (offered, given) = (geo::apl::model_consultations_per_gp_year(params), geo::CONSULTATIONS_PER_GP_YEAR);
    let ratio = geo::decimal(fr, offered / given, 2);
    let (offered, given) = (crate::io::count(offered.round() as u64, fr), crate::io::count(given.round() as u64, fr));
    if fr {
        format!(
            "\nAccessibilité aux médecins généralistes, méthode APL (consultations accessibles par habitant standardisé et par an\u{a0}: \
             la population pondérée par âge selon sa consommation de soins de médecin généraliste, comme la DREES). \
             Le modèle compte pour chaque médecin les {offered} consultations par an que son agenda offre ; la DREES compte celles \
             données (moyenne nationale {given})\u{a0}: à médecins placés de même, le modèle lit donc {ratio} × la DREES \
             (`parcours validate` compare les consultations données en simulation)\u{a0}:\n"
        )
    } else {
        format!(
            "\nGP accessibility, APL method (consultations accessible per standardised inhabitant per year: \
             the population weighted by age for its use of GP care, as DREES's). \
             The model counts each GP for the {offered} consultations a year its calendar offers; DREES counts those \
             given (national mean {given}): with GPs placed alike the model reads {ratio} × DREES \
             (`parcours validate` compares the consultations given in simulation):\n"
        )
    }
}

/// A territory spec's error with the nearest known kind (`department=23`: did you mean `departement`?).
fn spec_hint(spec: &str, error: String) -> String {
    const KINDS: [&str; 5] = ["departement", "epci", "communes", "around", "france"];
    let kind = spec.split(['=', ':']).next().unwrap_or_default().trim();
    if KINDS.contains(&kind) {
        return error;
    }
    format!("{error}{}", crate::scenario::suggest::did_you_mean(kind, KINDS))
}

#[cfg(test)]
mod tests {
    /// Mayotte (976) has no DREES APL: the summary says so in words, in
    /// both languages, instead of a table with a heading and no row.
    #[test]
    fn a_territory_without_drees_apl_says_so() {
        let en = super::show("departement=976", false, crate::report::Lang::En).unwrap();
        assert!(en.contains("DREES's APL 2023 has no value for any commune of this territory"), "{en}");
        assert!(!en.contains("| density class |"), "{en}");
        let fr = super::show("departement=976", false, crate::report::Lang::Fr).unwrap();
        assert!(fr.contains("l'APL 2023 de la DREES n'a de valeur pour aucune commune"), "{fr}");
        assert!(!fr.contains("| classe de densité |"), "{fr}");
        let belfort = super::show("departement=90", false, crate::report::Lang::En).unwrap();
        assert!(belfort.contains("| density class |") && !belfort.contains("has no value"), "{belfort}");
    }

    /// Territoire de Belfort (90), by hand: 95 BPE sites × 50,758 / 60,573 =
    /// 79.61 → 80 self-employed GPs; 1 centre de santé (Etalab 2021) × 4 = 4
    /// salaried GPs; 84 in all. Belfort (90010) hosts the centre.
    /// A département written by name is told its code in French under
    /// `--lang fr` (trial 32: the reason was English).
    #[test]
    fn a_selection_refused_is_said_in_french() {
        let e = super::show("departement=Aveyron", false, crate::report::Lang::Fr).unwrap_err();
        assert_eq!(
            e,
            "aucun département n'a le code «\u{a0}Aveyron\u{a0}» (les codes s'écrivent \"05\", \"2A\", \"971\")\u{a0}; vouliez-vous dire departement=12 (Aveyron)\u{a0}?"
        );
        let e = super::show("departement=Aveyron", false, crate::report::Lang::En).unwrap_err();
        assert!(e.starts_with("no commune in département \"Aveyron\""), "{e}");
    }

    #[test]
    fn show_lists_self_employed_and_salaried_gps() {
        let out = super::show("departement=90", true, crate::report::Lang::En).unwrap();
        assert!(out.contains("  GPs 84 ("), "{out}");
        assert!(out.contains("self-employed GPs 80 from INSEE BPE 2024"), "{out}");
        assert!(out.contains("salaried GPs of centres de santé 4: 1 centre de santé (Etalab baromètre 2021"), "{out}");
        let belfort = out.lines().find(|l| l.contains(" 90010 ")).unwrap();
        let cells: Vec<&str> = belfort.split_whitespace().collect();
        assert_eq!(cells[cells.len() - 6], "4", "its salaried GPs in the --communes table: {belfort}");
        // Today's structures by commune: its EPCI (Grand Belfort, 200069052 in data/communes.csv).
        assert_eq!(cells[cells.len() - 3], "200069052", "{belfort}");
        assert!(["yes", "no"].contains(&cells[cells.len() - 2]), "{belfort}");
    }
}
