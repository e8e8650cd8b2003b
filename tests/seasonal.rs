//! The seasonal population of real territories (issue 17, docs/territories.md
//! "Seasonal population"): visitors in the secondary homes, present only in
//! their periods, with acute needs only, recorded apart from the
//! inhabitants. Expected values are worked by hand from the census figures
//! (`data/communes.csv`) and the parameters, not by the code under test;
//! tolerances are 4 Poisson standard errors.

use parcours::model::indicators::Recorder;
use parcours::model::world::World;
use parcours::model::NeedKind;
use parcours::scenario::parse;

fn run(text: &str) -> Recorder {
    let s = parse(text, "test").unwrap();
    World::for_arm(&s.spec(&s.base), 0).run(0).recorder
}

fn acute(needs: &[u64]) -> u64 {
    needs[NeedKind::AcuteMinor.index()] + needs[NeedKind::AcuteSerious.index()]
}

/// Chamonix-Mont-Blanc (74056, Haute-Savoie: a mountain commune), 9,987
/// secondary homes (INSEE RP 2021), 8,705 inhabitants; no seasonality of
/// needs, flat rates, visitors only in summer and the winter holidays.
fn chamonix(extra: &str) -> String {
    format!(
        r#"
name = "chamonix"
years = 1.0
warmup_days = 0
organisation = "none"
{extra}
[[territories]]
name = "chamonix"
communes = ["74056"]
[parameters.needs]
acute_minor_per_year = [2, 2, 2, 2, 2, 2]
acute_serious_per_year = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
winter_amplitude = 0
[parameters.hospital]
serious_admission = 0
minor_admission = 0
[parameters.seasonal]
summer_occupancy = 0.5
winter_sports_occupancy = 0.5
short_holiday_occupancy = 0
off_season_occupancy = 0
"#
    )
}

#[test]
fn visitors_come_only_in_their_periods_with_the_needs_worked_by_hand() {
    // Pool: round(9,987 × 2.5 persons × 0.5 peak) = 12,484 visitors, present
    // (share 0.5 / peak 0.5 = all of them) 62 summer days and 42 winter
    // days, each with 2 + 0.1 acute needs a year: 12,484 × 2.1 × 62 / 365 =
    // 4,453.2 in summer, × 42 / 365 = 3,016.7 in the winter holidays, 0 on
    // the other days. A rule that ignored presence would give 26,216 a year.
    let r = run(&chamonix(""));
    let v = r.visitors(0).expect("Chamonix has secondary homes");
    for (period, expected) in [(0, 4_453.2), (1, 3_016.7)] {
        let got = v.period_acute[period] as f64;
        assert!((got - expected).abs() < 4.0 * expected.sqrt(), "period {period}: {got} visitor acute needs vs {expected}");
    }
    assert_eq!(v.period_acute[2], 0, "no visitor outside summer and the winter holidays");
    // Acute needs only: no chronic follow-up, renewal, prevention or complex
    // need (a visitor admitted after an escalation still gets a post-discharge visit).
    for kind in [NeedKind::ChronicFollowUp, NeedKind::Renewal, NeedKind::Prevention, NeedKind::Complex] {
        assert_eq!(v.needs[kind.index()], 0, "{kind:?}");
    }
    // Visitors are neither inhabitants nor registered: the inhabitants' count stays the census's.
    let all = r.cell(0, 0);
    assert_eq!(all.person_days, 8_705 * 365);
    assert_eq!(v.person_days, 0);
}

#[test]
fn switched_off_the_inhabitants_draw_the_same_needs_and_no_visitor_remains() {
    let on = run(&chamonix(""));
    let off = run(&chamonix("seasonal_population = false"));
    assert!(off.visitors(0).is_none());
    // Visitors draw from streams of their own: the inhabitants' acute needs
    // (drawn from the cohorts, not from the pathway) are the same draws.
    assert_eq!(acute(&on.cell(0, 0).needs), acute(&off.cell(0, 0).needs));
    // Without beds the territory has no seasonal population at all: the
    // same outputs, value for value, as switched off.
    let none = run(&chamonix("").replace("[parameters.seasonal]", "[parameters.seasonal]\npersons_per_home = 0"));
    assert_eq!(none.indicators(1), off.indicators(1));
    // A synthetic territory has no commune data, hence no seasonal population.
    let synthetic = parse(
        "name = \"s\"\n[[territories]]\nname = \"r\"\narchetype = \"rural\"\npopulation = 2000\narea_km2 = 100\nzone_count = 2\n",
        "test",
    )
    .unwrap();
    assert!(synthetic.secondary_homes.is_empty());
}

#[test]
fn hautes_alpes_acute_demand_rises_in_summer_and_the_winter_holidays() {
    // Hautes-Alpes (05): 143,467 inhabitants (communes.csv) with the
    // département's 2025 age shares (departements.csv: 20,206 / 42,888 /
    // 38,796 / 20,236 / 13,531 / 6,349), the default rates, chronic factors
    // and winter seasonality; 63,707 secondary homes, a pool of 79,633
    // visitors (rounded commune by commune), present at 0.5 / 0.5 in summer
    // and the winter holidays, 0.05 / 0.5 off season. Expected acute needs
    // (minor + serious) of 14 days, summed day by day by hand (a script
    // over the same figures): inhabitants + visitors.
    let window = |start: u32| {
        let text = format!(
            "name = \"05\"\nyears = {}\nwarmup_days = 0\nstart_day_of_year = {start}\norganisation = \"none\"\n\
             [[territories]]\nname = \"05\"\ndepartement = \"05\"\n",
            14.0 / 365.0
        );
        let r = run(&text);
        acute(&r.cell(0, 0).needs) + acute(&r.visitors(0).unwrap().needs)
    };
    // 14–27 July: 11,115 + 5,753; 10–23 May (off season): 13,001 + 673;
    // 9–22 February: 17,299 + 8,962.
    let (summer, spring, winter) = (window(195) as f64, window(130) as f64, window(40) as f64);
    for (got, expected, without) in [(summer, 16_869.0, 11_115.0), (spring, 13_674.0, 13_001.0), (winter, 26_261.0, 17_299.0)] {
        // 4 % covers the Poisson noise (< 1 %) and the random chronic
        // prevalences of the inhabitants; the inhabitants alone are far out.
        assert!((got / expected - 1.0).abs() < 0.04, "{got} acute needs vs {expected} expected ({without} without visitors)");
    }
    // Direction and size: summer 1.23 × the off season (0.85 without visitors).
    assert!(summer > 1.15 * spring && winter > 1.8 * spring, "summer {summer}, May {spring}, February {winter}");
}
