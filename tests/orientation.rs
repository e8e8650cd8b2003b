//! Lisibilité and SAS orientation (issue 18), each pinned by a tiny scenario
//! whose outcome is computed by hand: no GP, so that every acute minor need
//! looks beyond its own GP; one service offered to every need (a CPTS
//! protocol); forgoing impossible when an option is known.
//! Tolerances: 4 binomial standard errors, counted over patients where the
//! draw is per patient (knowledge is stable per patient and option).
//!
//! Each test names the deliberate break of the model it catches.

mod common;

use parcours::model::indicators::Cell;
use parcours::model::requests::ForgoCause;
use parcours::scenario::parse;

/// Only acute minor needs, 2 a year at every age; nothing else happens.
const QUIET: &str = common::QUIET_ACUTE_MINOR_ONLY;

/// A CPTS whose protocol takes every acute minor need and which informs nobody.
const PROTOCOL: &str = "[[policies]]\ntype = \"cpts\"\nprotocol_share = 1.0\ninformation_factor = 1.0\nshared_slots = false\n\
                        orphan_matching_per_month = 0.0\nattractiveness = 1.0\ncomplex_coordination_factor = 1.0\n";

/// 4,000 inhabitants, no GP, `eds` EDs, nobody vulnerable.
fn scenario(eds: u32, policies: &str, choice: &str) -> String {
    format!(
        "name = \"orientation\"\nseed = 11\nreplications = 1\nyears = 1.0\nwarmup_days = 0\n\
         [[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 4000\narea_km2 = 200\nzone_count = 4\n\
         gps_per_10000 = 0.0\ned_count = {eds}\nvulnerable = 0.0\n{PROTOCOL}{policies}\n{QUIET}\n[parameters.choice]\n{choice}\n"
    )
}

fn cell(text: &str) -> Cell {
    let s = parse(text, "orientation test").unwrap_or_else(|e| panic!("{e}"));
    s.world(0).run(0).recorder.cell(0, 0).clone()
}

fn acute(c: &Cell) -> f64 {
    c.needs[parcours::model::NeedKind::AcuteMinor as usize] as f64
}

fn forgone_information(c: &Cell) -> f64 {
    c.forgone_causes[ForgoCause::Information as usize] as f64
}

/// Acute minor needs that had a protocol place within their tolerance: seen, or forgone for lack of information.
fn with_place(c: &Cell) -> f64 {
    forgone_information(c) + c.seen[parcours::model::NeedKind::AcuteMinor as usize] as f64
}

/// Share of the needs with a place that were forgone because the patient did not know the service.
fn unaware_share(c: &Cell) -> f64 {
    forgone_information(c) / with_place(c)
}

fn close(what: &str, got: f64, want: f64, n: f64) {
    let se = (want * (1.0 - want) / n).sqrt().max(1.0 / n);
    assert!((got - want).abs() <= 4.0 * se, "{what}: {got:.4}, expected {want:.4} ± {:.4}", 4.0 * se);
}

/// Break caught: services known to everyone whatever `service_unawareness`,
/// or a one-stop desk that informs nobody (or everybody).
/// No GP, no ED, forgoing impossible beside a known option: a need is
/// forgone for lack of information exactly when its patient does not know
/// the protocol, P = 0.5 (`service_unawareness`; digital access plays no
/// part, nobody vulnerable). A one-stop desk whose staff informs 2,000 of
/// the N inhabitants (s = 2,000 / N) multiplies it by 0.25 for them:
/// P = 0.5 × (1 − s + 0.25 s) (by hand, 0.3125 for N = 4,000).
#[test]
fn a_one_stop_desk_lowers_care_forgone_for_lack_of_information_by_its_reach() {
    let choice = "service_unawareness = 0.5\nunawareness_no_digital_factor = 1.0\nasc_forgo = -20.0\ninformation_lack = 0.0";
    let base = cell(&scenario(0, "", choice));
    let desk = "[[policies]]\ntype = \"legibility\"\nchannel = \"one_stop_desk\"\nstaff_fte = 1.0\npeople_per_fte = 2000\nunawareness_factor = 0.25\n";
    let with_desk = cell(&scenario(0, desk, choice));
    let people = base.patients_end as f64;
    // Nearly every need found a protocol place within its tolerance (not one at night with a short
    // tolerance): known → seen, unknown → forgone for lack of information.
    assert!(with_place(&base) >= 0.98 * acute(&base), "{} of {}", with_place(&base), acute(&base));
    close("forgone for lack of information, base", unaware_share(&base), 0.5, people);
    let s = 2000.0 / people;
    let want = 0.5 * (1.0 - s + 0.25 * s);
    close("with the desk", unaware_share(&with_desk), want, people);
    // Unawareness 0 (the default): everyone knows the protocol, nothing is forgone.
    let known = cell(&scenario(0, "", "asc_forgo = -20.0\ninformation_lack = 0.0"));
    assert_eq!(forgone_information(&known), 0.0);
}

/// Break caught: the directory reaching people without digital access.
/// Full broadband; a directory used by everyone it can reach (`use_share`
/// 1, factor 0) informs exactly the digital patients, a share d
/// (`digital_skills_share`): P(unaware) = 0.5 × (1 − d) (by hand: 0.5 for
/// d = 0, 0.25 for d = 0.5, exactly 0 for d = 1).
#[test]
fn a_directory_informs_only_people_with_digital_access() {
    let choice = "service_unawareness = 0.5\nunawareness_no_digital_factor = 1.0\nasc_forgo = -20.0\ninformation_lack = 0.0";
    let dir = "[[policies]]\ntype = \"legibility\"\nchannel = \"directory\"\nuse_share = 1.0\nunawareness_factor = 0.0\n";
    // [parameters.population] is already in QUIET: add the digital share under it.
    let text = |d: f64| {
        scenario(0, dir, choice).replace("vulnerable = 0.0\n", "vulnerable = 0.0\nbroadband = 1.0\n").replacen(
            "[parameters.population]\n",
            &format!("[parameters.population]\ndigital_skills_share = [{d}, {d}, {d}, {d}, {d}, {d}]\n"),
            1,
        )
    };
    for (d, want) in [(0.0, 0.5), (0.5, 0.25)] {
        let c = cell(&text(d));
        close(&format!("digital share {d}"), unaware_share(&c), want, c.patients_end as f64);
    }
    assert_eq!(forgone_information(&cell(&text(1.0))), 0.0);
}

/// Break caught: a SAS that orients only to GPs whatever `orient_to_all_options`,
/// or that is reached only by patients who chose the ED.
/// No GP, one ED, the protocol unknown to everyone (`service_unawareness` 1):
/// without orientation to every option the SAS finds no participating GP and
/// every caller goes to the ED, exactly as without SAS; oriented to every
/// option, every patient (whose first choice failed: no GP) calls first and
/// is booked with the protocol — treatable ED visits fall to 0 (by hand).
#[test]
fn a_sas_oriented_to_every_option_books_the_services_gps_only_cannot() {
    let choice = "service_unawareness = 1.0\nunawareness_no_digital_factor = 1.0";
    let sas = |all: bool| {
        // No advice (0.432 by default since stop 42): every answered call is booked or sent to the ED.
        format!("[[policies]]\ntype = \"sas\"\ncall_share = 1.0\ncalls_per_day_per_100k = 10000\norient_to_all_options = {all}\nadvice_share = 0.0\n")
    };
    let none = cell(&scenario(1, "", choice));
    let gps_only = cell(&scenario(1, &sas(false), choice));
    let all = cell(&scenario(1, &sas(true), choice));
    let treatable = |c: &Cell| c.ed_visits[parcours::model::indicators::EdCause::PrimaryCareTreatable as usize];
    assert!(treatable(&none) > 100, "the ED is chosen: {}", treatable(&none));
    assert_eq!(treatable(&gps_only), treatable(&none));
    assert_eq!(gps_only.sas_oriented + gps_only.sas_to_service, 0);
    // Every need called and was booked with the protocol within 48 h (a holiday may close it: 2 % allowed).
    assert!(all.sas_calls as f64 >= acute(&all) * 0.999, "{} calls for {} needs", all.sas_calls, acute(&all));
    assert!(all.sas_to_service as f64 >= 0.98 * all.sas_calls as f64, "{} of {}", all.sas_to_service, all.sas_calls);
    assert!((treatable(&all) as f64) <= 0.02 * acute(&all), "{}", treatable(&all));
}

/// Break caught: regulator lines that never saturate, or callers who wait forever.
/// One line (4,000 inhabitants × 1 / 100,000, at least 1), 10 minutes a call,
/// callers who do not wait at all (patience 0): a loss system M/G/1/1, whose
/// blocking probability is ρ / (1 + ρ) whatever the law of the handling time
/// (Erlang's loss formula, insensitive), ρ = calls per minute × 10. Calls
/// arrive at 4,000 × 2 / 365 a day, spread over the hours of the day by the
/// onset profile of acute needs (`ACUTE_HOUR_WEIGHTS`, copied here): the
/// abandoned share is Σₕ λₕ B(ρₕ) / Σₕ λₕ; time in regulation is 10 minutes
/// per answered call, 0 per abandoned one.
#[test]
fn calls_beyond_the_regulators_capacity_are_abandoned_as_erlang_says() {
    let choice = "service_unawareness = 1.0\nunawareness_no_digital_factor = 1.0";
    let sas = "[[policies]]\ntype = \"sas\"\ncall_share = 1.0\ncalls_per_day_per_100k = 10000\norient_to_all_options = true\n\
               lines_per_100k = 1.0\nhandling_minutes = 10\npatience_minutes = 0\n";
    let c = cell(&scenario(1, sas, choice));
    let weights = [1.0, 0.7, 0.5, 0.5, 0.5, 0.7, 1.5, 3.0, 5.0, 6.0, 6.0, 5.5, 5.0, 4.5, 5.0, 5.0, 5.0, 5.5, 5.5, 5.0, 4.0, 3.0, 2.0, 1.5];
    let total: f64 = weights.iter().sum();
    let per_day = (c.person_days as f64 / 365.0) * 2.0 / 365.0;
    let (mut num, mut den) = (0.0, 0.0);
    for w in weights {
        let per_minute = per_day * w / total / 60.0;
        let rho = per_minute * 10.0;
        num += per_minute * rho / (1.0 + rho);
        den += per_minute;
    }
    let want = num / den;
    let calls = (c.sas_calls + c.sas_abandoned) as f64;
    close("abandoned share", c.sas_abandoned as f64 / calls, want, calls);
    assert!(want > 0.02, "the line must saturate in this scenario: {want}");
    assert_eq!(c.sas_minutes, 10 * c.sas_calls, "answered calls: 10 minutes each, abandoned: 0");
}

/// Break caught: a channel acting outside its scope. With services unknown
/// to half the people, a desk, a directory and a SAS oriented to every
/// option with lines, all with an empty scope, change no count at all.
#[test]
fn channels_and_regulation_with_an_empty_scope_change_nothing() {
    let choice = "service_unawareness = 0.5\nsas_number_unawareness = 0.5\nasc_forgo = -20.0";
    let base = format!("{:?}", cell(&scenario(1, "", choice)));
    for policy in [
        "type = \"legibility\"\nzones = []\n",
        "type = \"legibility\"\nchannel = \"directory\"\nuse_share = 1.0\nzones = []\n",
        "type = \"sas\"\nzones = []\norient_to_all_options = true\nlines_per_100k = 1.0\n",
    ] {
        let with = format!("{:?}", cell(&scenario(1, &format!("[[policies]]\n{policy}"), choice)));
        assert!(with == base, "{policy} with an empty scope changed the counts");
    }
}

/// Break caught: newcomers knowing the services as well as settled patients
/// (or the factor applied to everyone). Same tiny case as above
/// (P(unaware) = `service_unawareness` = 0.25 for everyone), newcomers
/// (`unawareness_newcomer_factor` 2) unaware with P = 0.5. Years in the
/// territory: a share n in [0, 2) years, the rest in [10, 40); with
/// `newcomer_years` 5 and a one-year run the first stay newcomers, the others
/// never are: P = 0.25 × (1 − n) + 0.5 n (by hand: 0.25 for n = 0, 0.375 for
/// n = 0.5, 0.5 for n = 1). With the factor at 1 (default) nothing changes.
#[test]
fn a_territory_of_newcomers_forgoes_more_for_lack_of_information() {
    let choice = |n: f64, factor: f64| {
        format!(
            "service_unawareness = 0.25\nunawareness_no_digital_factor = 1.0\nasc_forgo = -20.0\ninformation_lack = 0.0\n\
             unawareness_newcomer_factor = {factor}\nnewcomer_years = 5.0\nresidence_years_shares = [{n}, 0.0, 0.0, {}]",
            1.0 - n
        )
    };
    for (n, want) in [(0.0, 0.25), (0.5, 0.375), (1.0, 0.5)] {
        let c = cell(&scenario(0, "", &choice(n, 2.0)));
        close(&format!("newcomer share {n}"), unaware_share(&c), want, c.patients_end as f64);
    }
    let settled = cell(&scenario(0, "", &choice(0.0, 2.0)));
    let factor_one = cell(&scenario(0, "", &choice(1.0, 1.0)));
    assert_eq!(forgone_information(&settled), forgone_information(&factor_one));
}

/// A fresh user found the SAS table's shares summing to 87.1 % (Hautes-
/// Alpes: GP slot 87.1 %, service 0, advice 0). An answered call ends in
/// exactly one of: a GP slot, a service place, advice, or nothing booked
/// within the delay (`sas_not_oriented_share`, the caller's own choice
/// follows). No GP and the SAS orienting to GP slots only, advice 25 % (every advised caller following it):
/// by hand GP 0, service 0 (the rule: `orient_to_all_options` false),
/// advice ≈ 25 %, nothing ≈ 75 %; the four shares sum to 1 exactly, and
/// still do when the SAS orients to every option (service ≈ all).
#[test]
fn the_outcomes_of_answered_sas_calls_sum_to_one() {
    let choice = "service_unawareness = 1.0\nunawareness_no_digital_factor = 1.0";
    for all in [false, true] {
        let sas = format!(
            "[[policies]]\ntype = \"sas\"\ncall_share = 1.0\ncalls_per_day_per_100k = 10000\norient_to_all_options = {all}\nadvice_share = 0.25\nadvice_adherence = 1.0\n"
        );
        let s = parse(&scenario(1, &sas, choice), "orientation test").unwrap_or_else(|e| panic!("{e}"));
        let v = s.world(0).run(0).recorder.indicators(1);
        let get = |name: &str| v.iter().find(|x| x.group == 0 && x.name == name).map(|x| x.value).unwrap_or(f64::NAN);
        let shares = ["sas_oriented_share", "sas_service_share", "sas_advice_share", "sas_not_oriented_share"].map(get);
        let calls = get("sas_calls_per_1000") * 4.0;
        assert!(calls > 100.0, "{calls} calls");
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{all}: {shares:?}");
        assert_eq!(shares[0], 0.0, "no GP");
        close("advice", shares[2], 0.25, calls);
        if all {
            assert!(shares[1] > 0.7 && shares[3] < 0.05, "{shares:?}");
        } else {
            assert_eq!(shares[1], 0.0, "services only when orienting to every option");
            close("nothing booked", shares[3], 0.75, calls);
        }
    }
}
