//! The week's rhythm (issue 17, `model::rhythm`): demand by weekday, the
//! weekend route of acute minor needs, part-time GPs. Each rule is pinned
//! by a tiny scenario whose outcome is known in closed form (as in
//! tests/rules.rs: everything but the rule under test switched off;
//! tolerances of 4 binomial standard errors).

mod common;

use parcours::model::indicators::Cell;
use parcours::model::NeedKind;
use parcours::scenario::parse;

/// Acute minor needs only (2 a year each), no escalation, no admission, no
/// seasonality; the week's mechanisms are set by each test in `[parameters.week]`.
const QUIET: &str = common::QUIET_ACUTE_MINOR_ONLY;

fn scenario(policies: &str, parameters: &str) -> String {
    format!(
        "name = \"rhythm\"\nseed = 7\nreplications = 1\nyears = 1.0\nwarmup_days = 0\n\
         [[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 5000\narea_km2 = 200\nzone_count = 4\n\
         gps_per_10000 = 8.0\ned_count = 1\nvulnerable = 0.0\n{policies}\n{QUIET}\n{parameters}"
    )
}

fn cell(text: &str) -> Cell {
    let s = parse(text, "rhythm test").unwrap_or_else(|e| panic!("{e}"));
    s.world(0).run(0).recorder.cell(0, 0).clone()
}

fn assert_share(what: &str, k: f64, n: f64, p: f64) {
    let se = (p * (1.0 - p) / n).sqrt().max(1.0 / n);
    assert!((k / n - p).abs() <= 4.0 * se, "{what}: {k}/{n} = {:.4}, expected {p:.4} ± {:.4}", k / n, 4.0 * se);
}

/// Break caught: the weekday profile not applied, or not divided by its
/// mean. Factors 2 on Monday, 1 elsewhere: among Monday and Thursday needs
/// a share 2/3 on Monday; the yearly rate is kept (needs ≈ 2 × 5,000).
#[test]
fn acute_needs_follow_the_weekday_profile_and_keep_their_yearly_rate() {
    let week = "[parameters.week]\nacute_weekday_factors = [2, 1, 1, 1, 1, 1, 1]\nweekend_ed_share = 0\nweekend_pdsa_share = 0\n";
    let c = cell(&scenario("", week));
    let (mon, thu) = (c.acute_weekday[0] as f64, c.acute_weekday[3] as f64);
    assert_share("Monday among Monday + Thursday", mon, mon + thu, 2.0 / 3.0);
    let needs = c.needs[NeedKind::AcuteMinor.index()] as f64;
    let expected = 2.0 * c.person_days as f64 / 365.0;
    assert!((needs - expected).abs() <= 4.0 * expected.sqrt(), "needs {needs}, expected Poisson({expected})");
    assert_share("Monday among all needs", mon, needs, 2.0 / 8.0);
}

/// Break caught: the weekend ED share not applied, a roster share sent to
/// the ED where there is no roster, or the needs that wait for Monday still
/// offered the ED. Needs on Sundays only (all in the weekend window); the
/// ED's constant is huge (+50), so any need that still had the ED among its
/// options would go there: the ED share must be `weekend_ed_share` = 0.2
/// exactly, the roster share (0.5) waiting for Monday with the rest.
#[test]
fn weekend_needs_without_a_roster_go_to_the_ed_with_the_weekend_share_only() {
    let week = "[parameters.week]\nacute_weekday_factors = [0, 0, 0, 0, 0, 0, 1]\nweekend_ed_share = 0.2\nweekend_pdsa_share = 0.5\n\
                [parameters.choice]\nasc_ed = 50.0\n";
    let c = cell(&scenario("", week));
    let needs = c.needs[NeedKind::AcuteMinor.index()] as f64;
    assert!(needs > 8000.0, "{needs}");
    assert_eq!(c.acute_weekday[6] as f64, needs, "every need on a Sunday");
    let ed: u64 = c.ed_visits.iter().sum();
    assert_share("weekend acute needs at the ED", ed as f64, needs, 0.2);
    // The same with the rule off: the ordinary choice sends (almost) all to the ED.
    let off = cell(&scenario(
        "",
        &week.replace("weekend_ed_share = 0.2", "weekend_ed_share = 0").replace("weekend_pdsa_share = 0.5", "weekend_pdsa_share = 0"),
    ));
    let ed_off: u64 = off.ed_visits.iter().sum();
    assert!(ed_off as f64 > 0.99 * off.needs[NeedKind::AcuteMinor.index()] as f64, "rule off: {ed_off}");
}

/// Break caught: the roster route ignored. A PDSA roster covering the
/// territory with ample capacity (50 GPs on duty), Sunday needs only
/// (Sunday 00:00–08:00 is off duty: those wait), ED 0.1, roster 0.6: of the
/// needs arising while the roster is on duty (08:00–24:00), 0.6 are seen by
/// it through the route; the ED takes 0.1 of all needs.
#[test]
fn weekend_needs_go_to_the_roster_on_duty_with_the_roster_share() {
    let week = "[parameters.week]\nacute_weekday_factors = [0, 0, 0, 0, 0, 0, 1]\nweekend_ed_share = 0.1\nweekend_pdsa_share = 0.6\n\
                [parameters.choice]\nasc_ed = 50.0\n";
    let pdsa = "[[policies]]\ntype = \"pdsa\"\ngps_on_duty = 50\nasc = -50.0\n";
    let c = cell(&scenario(pdsa, week));
    let needs = c.needs[NeedKind::AcuteMinor.index()] as f64;
    let ed: u64 = c.ed_visits.iter().sum();
    assert_share("weekend acute needs at the ED", ed as f64, needs, 0.1);
    // Onset hours: the model's hourly weights (copied here); 08–24 h on duty.
    let w = [1.0, 0.7, 0.5, 0.5, 0.5, 0.7, 1.5, 3.0, 5.0, 6.0, 6.0, 5.5, 5.0, 4.5, 5.0, 5.0, 5.0, 5.5, 5.5, 5.0, 4.0, 3.0, 2.0, 1.5];
    let on_duty = w[8..].iter().sum::<f64>() / w.iter().sum::<f64>();
    // The roster's constant −50 keeps it out of the ordinary choice: all its consultations come from the route.
    let roster = c.service_consultations[1] as f64;
    assert_share("weekend acute needs seen by the roster", roster, needs, 0.6 * on_duty);
}
