//! The second line (issue 19 §2, `model::specialists`): off by default and
//! invisible; on, it draws from its own stream and moves no other indicator
//! but costs; referral counts, capacity, telexpertise and added sessions move
//! its indicators by the sizes computed by hand below; its two policies with
//! an empty scope change nothing.

mod common;

use common::{mean, rows};
use parcours::results::{differences, simulate, DifferenceRow, IndicatorRow};
use parcours::scenario::parse;

const TERRITORY: &str = "name = \"r\"\narchetype = \"rural\"\npopulation = 8000\narea_km2 = 400\nzone_count = 9\nbroadband = 0.5";

fn scenario(parameters: &str, variant: &str, replications: u32) -> String {
    let variants = if variant.is_empty() { String::new() } else { format!("[[variants]]\nname = \"v\"\n{variant}\n") };
    format!(
        "name = \"t\"\nseed = 11\nreplications = {replications}\nyears = 0.5\nwarmup_days = 60\n\
         [[territories]]\n{TERRITORY}\n{parameters}\n{variants}"
    )
}

fn diffs(text: &str) -> Vec<DifferenceRow> {
    let s = parse(text, "second line test").unwrap_or_else(|e| panic!("{e}"));
    differences(&simulate(&s, 0, |_| {}).unwrap())
}

const ON: &str = "[parameters.specialists]\nenabled = true";

#[test]
fn off_by_default_no_row_and_on_it_moves_nothing_but_its_own_rows_and_costs() {
    // Base: second line off; variant: on. Break caught: a referral drawn from
    // a shared stream, or a specialist visit counted as a consultation.
    let r = rows(&scenario("", "parameters = { specialists = { enabled = true } }", 2));
    assert!(r.iter().filter(|x| x.variant == "base").all(|x| !x.indicator.starts_with("specialist_")));
    assert!(r.iter().any(|x| x.variant == "v" && x.indicator.starts_with("specialist_delay_median_days.")));
    let key = |x: &IndicatorRow| (x.replication, x.territory.clone(), x.group.clone(), x.indicator.clone());
    let base: Vec<_> =
        r.iter().filter(|x| x.variant == "base" && !x.indicator.contains("cost")).map(|x| (key(x), x.value.to_bits())).collect();
    let on: Vec<_> = r
        .iter()
        .filter(|x| x.variant == "v" && !x.indicator.starts_with("specialist_") && !x.indicator.contains("cost"))
        .map(|x| (key(x), x.value.to_bits()))
        .collect();
    assert_eq!(base, on);
}

#[test]
fn referrals_are_the_referral_probability_times_gp_consultations() {
    // Without prevention needs every consultation is a GP's (or a walk-in's,
    // which serves only prevention) of a kind that may be referred; with
    // ophthalmology at 0.5, referrals/1,000 = 0.5 × 1,000 × consultations per
    // inhabitant (binomial: ≈ 10,000 referrals, SD ≈ 1 %). Break caught:
    // referrals drawn once per need instead of per consultation, or prevention referred.
    let params =
        format!("{ON}\nreferral_per_gp_consultation = [0.5, 0.0, 0.0, 0.0]\n[parameters.needs]\nprevention_per_year = [0, 0, 0, 0, 0, 0]");
    let r = rows(&scenario(&params, "", 2));
    let expected = 0.5 * 1000.0 * mean(&r, "base", "consultations_per_inhabitant");
    let got = mean(&r, "base", "specialist_referrals_per_1000.ophthalmology");
    assert!((got / expected - 1.0).abs() < 0.04, "referrals {got} vs {expected}");
    assert!(r.iter().all(|x| x.indicator != "specialist_referrals_per_1000.dermatology" || x.value == 0.0));
}

#[test]
fn ample_capacity_gives_the_next_working_day_and_none_forgoes_everything() {
    // Ample places: each referral gets the next working day: 1 day from
    // Monday–Thursday and Sunday, 3 from Friday, 2 from Saturday; GP
    // consultations fall on weekdays mostly, so the median is 1 day and
    // nobody gives up. No specialist (per_100k = 0): every referral is
    // given up (share 1) and no delay is written. Every request routine
    // (`urgent_share` 0): an urgent request made on a Friday may accept less
    // than the weekend (tolerance median 14 days, log-sd 0.7: ≈ 2 % under 3 days).
    let ample = format!("{ON}\nper_100k = [[1000, 1000, 1000, 1000], [1000, 1000, 1000, 1000], [1000, 1000, 1000, 1000], [1000, 1000, 1000, 1000]]\nreferral_share_of_places = 1.0\nurgent_share = [0, 0, 0, 0]");
    let r = rows(&scenario(&ample, "", 2));
    assert_eq!(mean(&r, "base", "specialist_delay_median_days.cardiology"), 1.0);
    assert_eq!(mean(&r, "base", "specialist_forgone_share.cardiology"), 0.0);
    let none = format!("{ON}\nper_100k = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]");
    let r = rows(&scenario(&none, "", 2));
    assert_eq!(mean(&r, "base", "specialist_forgone_share.cardiology"), 1.0);
    assert!(r.iter().all(|x| !x.indicator.starts_with("specialist_delay_median_days.")));
}

#[test]
fn urgent_and_routine_medians_are_reported_apart() {
    // Ample places (as above): every answered request, urgent or routine, is
    // seen the next working day, so both medians are 1 day. With no urgent
    // request (`urgent_share` 0) no urgent median is written and the routine
    // median is the pooled one, specialty by specialty. Break caught: the
    // urgent flag not passed where the delay is recorded (no urgent row), or
    // the routine histogram not the pooled one less the urgent one.
    let ample = format!("{ON}\nper_100k = [[1000, 1000, 1000, 1000], [1000, 1000, 1000, 1000], [1000, 1000, 1000, 1000], [1000, 1000, 1000, 1000]]\nreferral_share_of_places = 1.0");
    let r = rows(&scenario(&format!("{ample}\nurgent_share = [0.5, 0.5, 0.5, 0.5]"), "", 2));
    assert_eq!(mean(&r, "base", "specialist_urgent_delay_median_days.cardiology"), 1.0);
    assert_eq!(mean(&r, "base", "specialist_routine_delay_median_days.cardiology"), 1.0);
    let r = rows(&scenario(&format!("{ample}\nurgent_share = [0, 0, 0, 0]"), "", 2));
    assert!(r.iter().all(|x| !x.indicator.starts_with("specialist_urgent_delay_median_days.")));
    for s in ["ophthalmology", "dermatology", "cardiology", "gynaecology"] {
        let pooled = mean(&r, "base", &format!("specialist_delay_median_days.{s}"));
        assert_eq!(mean(&r, "base", &format!("specialist_routine_delay_median_days.{s}")), pooled, "{s}");
    }
}

#[test]
fn telexpertise_answers_the_connected_share_and_frees_places() {
    // Dermatology answered remotely whenever connected (answered_share 1,
    // every GP taking part): the share answered is the zone broadband, 0.5
    // (binomial, ≈ 1,500 referrals: SD ≈ 0.013). Break caught: no broadband
    // gate (share 1) or the gate inverted. Fewer visits booked: the
    // dermatology delay (scarce rural places) falls. The territory's pools
    // only (`catchment` off: its outside pool would end the scarcity).
    let variant = "add_policies = [{ type = \"telexpertise\", answered_share = [0, 1, 0, 0], answer_days = 2 }]";
    let text = scenario(&format!("{ON}\ncatchment = false"), variant, 3);
    let r = rows(&text);
    let share = mean(&r, "v", "specialist_telexpertise_share.dermatology");
    assert!((share - 0.5).abs() < 0.05, "telexpertise share {share}");
    assert_eq!(mean(&r, "base", "specialist_telexpertise_share.dermatology"), 0.0);
    let d = diffs(&text);
    let delay = d.iter().find(|x| x.group == "all" && x.indicator == "specialist_delay_median_days.dermatology").unwrap();
    assert!(delay.ci_high < 0.0, "{delay:?}");
    let cost = d.iter().find(|x| x.group == "all" && x.indicator == "specialist_telexpertise_share.ophthalmology").unwrap();
    assert_eq!(cost.mean_diff, 0.0, "ophthalmology is not answered remotely");
}

#[test]
fn added_sessions_shorten_the_wait_of_their_specialty_only() {
    // Ophthalmology referrals at 0.05 per GP consultation (≈ 6 a working day for 8,000
    // inhabitants) outrun the rural pool (0.36 specialists: ≈ 0.9 places a day), so the base
    // waits; ten added sessions bring 10 / 5 × 14 × 0.5 = 14 places a day, more than the demand.
    let params = format!("{ON}\nreferral_per_gp_consultation = [0.05, 0.012, 0.010, 0.006]");
    let variant = "add_policies = [{ type = \"specialist_sessions\", specialty = \"ophthalmology\", sessions_per_week = 10 }]";
    let d = diffs(&scenario(&params, variant, 3));
    let oph = d.iter().find(|x| x.group == "all" && x.indicator == "specialist_delay_median_days.ophthalmology").unwrap();
    assert!(oph.ci_high < 0.0, "{oph:?}");
    let derm = d.iter().find(|x| x.group == "all" && x.indicator == "specialist_delay_median_days.dermatology").unwrap();
    assert_eq!(derm.mean_diff, 0.0, "{derm:?}");
}

#[test]
fn the_second_line_policies_with_an_empty_scope_change_nothing() {
    for policy in [
        "{ type = \"telexpertise\", zones = [] }",
        "{ type = \"specialist_sessions\", zones = [], sessions_per_week = 50 }",
        "{ type = \"telexpertise\", participation = 0.0 }",
    ] {
        let r = rows(&scenario(ON, &format!("add_policies = [{policy}]"), 2));
        assert_eq!(common::arm_bits(&r, "base"), common::arm_bits(&r, "v"), "{policy}");
    }
}

#[test]
fn direct_demand_twice_the_places_settles_the_wait_at_the_tolerance_median() {
    // Same places both arms (referral share 1, 5 specialists per 100,000
    // everywhere: C = 5e-5 × 9 / 5 × 12 = 1.08e-3 places per inhabitant per
    // working day). Off: few referrals (0.002 per GP consultation) and no
    // direct demand → the next working day (median 1). On: direct requests
    // 0.5616 a year per inhabitant = 2 × C × 260, so demand D ≈ 2C (+ ≈ 6 %
    // of referrals); at equilibrium the requests accepting the wait w fill
    // the places: D · P(T ≥ w) = C, P(T ≥ w) ≈ 0.485, so w = 20 ·
    // exp(0.1 · z) with z ≈ 0.04 → ≈ 20.1 days (hand count; tolerance
    // log-sd 0.1 keeps it within 16–25; every request routine, `urgent_share`
    // 0, none a planned follow-up, `follow_up_share` 0: with follow-ups
    // booked months ahead, the few referrals of the off arm have a median
    // of 1 or 3 days by replication). Break caught: direct requests not
    // booked before the referral (median stays 1), or booked without
    // tolerance (the wait grows without bound, past 25).
    let base = "referral_share_of_places = 1.0\nper_100k = [[5, 5, 5, 5], [5, 5, 5, 5], [5, 5, 5, 5], [5, 5, 5, 5]]\n\
                sessions_per_week = 9\nconsultations_per_session = [12, 12, 12, 12]\n\
                referral_per_gp_consultation = [0, 0.002, 0, 0]\ndirect_requests_derived = false\ndirect_requests_per_inhabitant_year = [0, 0.5616, 0, 0]\n\
                tolerance_median_days = 20\ntolerance_log_sd = 0.1\nurgent_share = [0, 0, 0, 0]\nfollow_up_share = [0, 0, 0, 0]\n\
                leave = false\ndirect_requests_drawn = false";
    let off = rows(&scenario(&format!("{ON}\n{base}\ndirect_access = false"), "", 3));
    assert_eq!(mean(&off, "base", "specialist_delay_median_days.dermatology"), 1.0);
    let on = rows(&scenario(&format!("{ON}\n{base}\ndirect_access = true"), "", 3));
    let w = mean(&on, "base", "specialist_delay_median_days.dermatology");
    assert!((16.0..=25.0).contains(&w), "median wait {w} days, expected ≈ 20.1");
}

/// A town (intermediate) and a village (rural) of 4,000 inhabitants each, 190/13 km apart:
/// the trip runs at the slower speed, 38 km/h (intermediate), so it takes 60 × 190/13 × 1.3 / 38
/// = 30 minutes more than staying in one's own zone (default travel parameters).
/// `pool_choice` is on unless `parameters` sets it (as by default); the territory's specialists
/// serve its own inhabitants only (`catchment` off: the choice between its classes is tested);
/// every request routine (`urgent_share` 0: an urgent one may accept less than the trip's wait)
/// and none a planned follow-up (`follow_up_share` 0: one whose target day falls on a weekend or
/// in the specialists' leave waits past it, and its tolerance counts from there).
fn town_and_village(parameters: &str) -> String {
    let choice = if parameters.contains("pool_choice") { "" } else { "pool_choice = true\n" };
    format!(
        "name = \"t\"\nseed = 5\nreplications = 2\nyears = 0.5\nwarmup_days = 30\n\
         [[territories]]\nname = \"tv\"\n\
         [[territories.zones]]\nname = \"town\"\npopulation = 4000\ndensity = \"intermediate\"\nx_km = 0\ny_km = 0\ngps = 4\n\
         [[territories.zones]]\nname = \"village\"\npopulation = 4000\ndensity = \"rural\"\nx_km = {}\ny_km = 0\ngps = 4\n\
         {ON}\n{choice}catchment = false\nurgent_share = [0, 0, 0, 0]\nfollow_up_share = [0, 0, 0, 0]\nreferral_per_gp_consultation = [0, 0.3, 0, 0]\n{parameters}\n",
        190.0 / 13.0
    )
}

fn mean_in(rows: &[IndicatorRow], group: &str, indicator: &str) -> f64 {
    let v: Vec<f64> = rows.iter().filter(|r| r.group == group && r.indicator == indicator).map(|r| r.value).collect();
    assert!(!v.is_empty(), "no {indicator} for {group}");
    v.iter().sum::<f64>() / v.len() as f64
}

#[test]
fn patients_look_for_a_specialist_across_density_classes_by_travel_and_wait() {
    // Ample places in both pools: both waits are the next working day, so only
    // travel differs: the other zone is 30 minutes farther, utility −1.5 × 0.5 = −0.75,
    // P(other class) = 1 / (1 + e^0.75) = 0.320821 (by hand) from either side
    // (binomial, ≈ 2,000 visits per group: SD ≈ 0.01). Break caught: patients
    // kept to their own class (0), the travel ignored (0.5), or the nearest
    // zone's travel taken from the wrong end.
    let ample = "per_100k = [[0, 0, 0, 0], [1000, 1000, 1000, 1000], [0, 0, 0, 0], [0, 0, 0, 0]]";
    let r = rows(&town_and_village(ample));
    for group in ["density:rural", "density:intermediate"] {
        let share = mean_in(&r, group, "specialist_other_class_share.dermatology");
        assert!((share - 0.320821).abs() < 0.035, "{group}: {share}");
    }
    // Off: everyone stays with its own class's specialists.
    let r = rows(&town_and_village(&format!("{ample}\npool_choice = false")));
    assert_eq!(mean_in(&r, "all", "specialist_other_class_share.dermatology"), 0.0);
    // No rural dermatologist: closed pools leave every village referral given up
    // (share 1); open, every village visit is the town's (share 1) and the town's
    // ample places take them all (none given up).
    let town_only = "per_100k = [[0, 0, 0, 0], [0, 1000, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]";
    let closed = rows(&town_and_village(&format!("{town_only}\npool_choice = false")));
    assert_eq!(mean_in(&closed, "density:rural", "specialist_forgone_share.dermatology"), 1.0);
    let open = rows(&town_and_village(town_only));
    assert_eq!(mean_in(&open, "density:rural", "specialist_forgone_share.dermatology"), 0.0);
    assert_eq!(mean_in(&open, "density:rural", "specialist_other_class_share.dermatology"), 1.0);
    assert_eq!(mean_in(&open, "density:intermediate", "specialist_other_class_share.dermatology"), 0.0);
}

#[test]
fn choosing_among_the_pools_of_a_single_density_class_changes_nothing() {
    // A dense urban territory has zones of one density class: one pool per
    // specialty to choose from, so turning the choice on moves no output byte
    // (its draws come from their own stream). Break caught: the choice drawing
    // from a shared stream, or booking another place than the single pool's first.
    let dense = "name = \"t\"\nseed = 3\nreplications = 2\nyears = 0.5\nwarmup_days = 30\n\
                 [[territories]]\nname = \"d\"\narchetype = \"dense_urban\"\npopulation = 6000\narea_km2 = 10\nzone_count = 4\n\
                 [parameters.specialists]\nenabled = true\npool_choice = false\n\
                 [[variants]]\nname = \"v\"\nparameters = { specialists = { enabled = true, pool_choice = true } }\n";
    let r = rows(dense);
    assert!(r.iter().any(|x| x.indicator == "specialist_other_class_share.ophthalmology"));
    assert_eq!(common::arm_bits(&r, "base"), common::arm_bits(&r, "v"));
}

/// One zone of 5,200 inhabitants (`density`), ample dermatologists (`derm_per_100k`, other
/// specialties none), no GP referral, 0.5 direct dermatology requests per inhabitant a year at the
/// exact rate (no leave, no draw of the daily count); warm-up 63 days (a Monday), 0.5 year
/// (183 days). `direct_access` in the base arm as given, on in the variant. Every request
/// routine (`urgent_share` 0: a Friday's urgent request may accept less than the weekend).
fn direct_visits(density: &str, derm_per_100k: &str, catchment: bool, base_direct: bool) -> String {
    format!(
        "name = \"t\"\nseed = 9\nreplications = 2\nyears = 0.5\nwarmup_days = 63\n\
         [[territories]]\nname = \"z\"\n\
         [[territories.zones]]\nname = \"a\"\npopulation = 5200\ndensity = \"{density}\"\nx_km = 0\ny_km = 0\ngps = 4\n\
         {ON}\nreferral_per_gp_consultation = [0, 0, 0, 0]\n\
         per_100k = [[0, 0, 0, 0], [{derm_per_100k}], [0, 0, 0, 0], [0, 0, 0, 0]]\n\
         direct_requests_derived = false\ndirect_requests_per_inhabitant_year = [0, 0.5, 0, 0]\n\
         leave = false\ndirect_requests_drawn = false\ncatchment = {catchment}\ndirect_access = {base_direct}\nurgent_share = [0, 0, 0, 0]\n\
         [[variants]]\nname = \"v\"\nparameters = {{ specialists = {{ direct_access = true }} }}\n"
    )
}

#[test]
fn a_direct_visit_costs_as_a_referred_one_for_the_territory_s_inhabitants_only() {
    // 5,200 × 0.5 / 260 = 10 requests a working day, all booked the next working day (1,123
    // places a day). Observed days 63–245: working days 45–175, 131 of them → 1,310 visits × €50 =
    // €65,500 over 5,200 × 183 / 365 person-years: €25.1234 per inhabitant per year more than
    // without direct demand (by hand). Break caught: direct visits free (0), or counted outside
    // the window (the warm-up's 45 working days: 34.0).
    let r = rows(&direct_visits("intermediate", "1000, 1000, 1000, 1000", false, false));
    let extra = mean(&r, "v", "cost_care_per_inhabitant_eur") - mean(&r, "base", "cost_care_per_inhabitant_eur");
    let expected = 1310.0 * 50.0 / (5200.0 * 183.0 / 365.0);
    assert!((extra - expected).abs() < 1e-6, "{extra} vs {expected}");
    // A dense urban pool above the national mean (dermatologists only there: the mean is
    // 1000 × 25.3 / 68.1) also books its outside patients: 5,200 × (68.1 / 25.3 − 1) of them at
    // the same 0.5 a year, 2.69 requests for one of an inhabitant. Their visits are not the
    // territory's: it pays its inhabitants' 1,310 (a share 25.3 / 68.1 = 0.3715 of ≈ 3,530
    // requests, drawn per request: SD ≈ 2.2 %). Break caught: the outside patients charged (2.69).
    let r = rows(&direct_visits("dense_urban", "1000, 0, 0, 0", true, true));
    let with = mean(&r, "v", "cost_care_per_inhabitant_eur");
    let r = rows(&direct_visits("dense_urban", "1000, 0, 0, 0", false, false));
    let without = mean(&r, "base", "cost_care_per_inhabitant_eur");
    let share = (with - without) / expected;
    assert!((share - 1.0).abs() < 0.07, "{share}");
}

#[test]
fn odd_specialist_inputs_are_warned_about_naming_the_field() {
    let warnings = |params: &str| {
        let s = parse(&scenario(params, "", 2), "second line test").unwrap_or_else(|e| panic!("{e}"));
        s.warnings_in(false).into_iter().filter(|w| w.contains("[parameters.specialists]")).collect::<Vec<_>>()
    };
    // The defaults, on or off: nothing to say.
    assert!(warnings(ON).is_empty() && warnings("").is_empty());
    // Values set while off: named (alphabetical order), `enabled` itself not.
    let w = warnings("[parameters.specialists]\nenabled = false\nurgent_share = [0.1, 0.1, 0.1, 0.1]\ntolerance_median_days = 100");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("sets tolerance_median_days, urgent_share but enabled = false"), "{w:?}");
    // Urgent requests accepting longer waits than routine ones (default routine median 160).
    let w = warnings(&format!("{ON}\nurgent_tolerance_median_days = 300"));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("urgent_tolerance_median_days = 300 is above tolerance_median_days = 160"), "{w:?}");
    // catchment_share = 0 is catchment = false; not said when catchment is off already.
    let w = warnings(&format!("{ON}\ncatchment_share = 0.0"));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("catchment_share = 0") && w[0].contains("catchment = false"), "{w:?}");
    assert!(warnings(&format!("{ON}\ncatchment = false\ncatchment_share = 0.0")).is_empty());
}

#[test]
fn catchment_share_zero_is_catchment_off_byte_for_byte() {
    // What the warning above says: no surplus or shortfall crosses the
    // boundary, so every row of the run is the one of `catchment = false`.
    let zero = rows(&scenario(&format!("{ON}\ncatchment_share = 0.0"), "", 2));
    let off = rows(&scenario(&format!("{ON}\ncatchment = false"), "", 2));
    let bits =
        |r: &[IndicatorRow]| r.iter().map(|x| (x.replication, x.group.clone(), x.indicator.clone(), x.value.to_bits())).collect::<Vec<_>>();
    assert_eq!(bits(&zero), bits(&off));
}
