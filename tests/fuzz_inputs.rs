//! Fuzzing the inputs with proptest: arbitrary bytes and structurally valid
//! but absurd scenario, experiment and targets files, and territory specs,
//! must give a clear error (or a valid result), never a panic or a hang.
//! Random small valid scenarios must run with every invariant holding.
//!
//! Cases per property: proptest's default (256), or PROPTEST_CASES (CI runs
//! a larger bounded campaign). Failing cases are saved under
//! `proptest-regressions/` and replayed first: commit them.

mod common;

use parcours::experiment::{Command, Overrides, Plan, PlanInputs, Source};
use parcours::scenario::{self, ScenarioError};
use proptest::prelude::*;

/// Numbers a careless or hostile file might hold, as TOML literals.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1e308".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("18446744073709551615".to_string()),
        Just("\"12\"".to_string()),
        (-1e6f64..1e6).prop_map(|x| format!("{x:?}")),
        (0u64..200_000).prop_map(|x| x.to_string()),
        (0.0f64..1.0).prop_map(|x| format!("{x:?}")),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![Just("a".to_string()), Just("".to_string()), Just("<script>".to_string()), "[a-z]{1,3}"]
}

fn policy() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("sas"),
            Just("cpts"),
            Just("msp"),
            Just("teleconsultation"),
            Just("dac"),
            Just("ipa"),
            Just("workforce"),
            Just("mobile_unit"),
            Just("pharmacist"),
            Just("pdsa"),
            Just("mediators"),
            Just("caregiver_support"),
            Just("unknown")
        ],
        number(),
        number(),
        number(),
        name(),
    )
        .prop_map(|(t, p, s, e, n)| format!("{{ type = \"{t}\", name = \"{n}\", participation = {p}, start_day = {s}, end_day = {e} }}"))
}

fn territory() -> impl Strategy<Value = String> {
    prop_oneof![
        (name(), number(), number(), number(), number()).prop_map(|(n, pop, area, zones, gps)| format!(
            "[[territories]]\nname = \"{n}\"\narchetype = \"rural\"\npopulation = {pop}\narea_km2 = {area}\nzone_count = {zones}\ngps_per_10000 = {gps}\n"
        )),
        (name(), "[0-9AB]{1,3}").prop_map(|(n, d)| format!("[[territories]]\nname = \"{n}\"\ndepartement = \"{d}\"\n")),
        (name(), "[0-9]{5}", number()).prop_map(|(n, c, r)| format!("[[territories]]\nname = \"{n}\"\naround = {{ commune = \"{c}\", radius_km = {r} }}\n")),
        (name(), prop::collection::vec("[0-9A-Z]{0,6}", 0..4))
            .prop_map(|(n, cs)| format!("[[territories]]\nname = \"{n}\"\ncommunes = [{}]\n", cs.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "))),
        (name(), number(), number(), number()).prop_map(|(n, pop, gps, x)| format!(
            "[[territories]]\nname = \"{n}\"\nzones = [{{ name = \"z\", population = {pop}, density = \"rural\", x_km = {x}, y_km = 0, gps = {gps} }}]\n"
        )),
    ]
}

fn scenario_text() -> impl Strategy<Value = String> {
    (
        name(),
        number(),
        number(),
        number(),
        prop::collection::vec(territory(), 0..3),
        prop::collection::vec(policy(), 0..3),
        prop::collection::vec((name(), prop::collection::vec(policy(), 0..2), prop::collection::vec(name(), 0..2)), 0..3),
        (number(), number()),
    )
        .prop_map(|(n, reps, years, warmup, terrs, pols, vars, (asc, share))| {
            let mut s = format!(
                "name = \"{n}\"\nreplications = {reps}\nyears = {years}\nwarmup_days = {warmup}\npolicies = [{}]\n",
                pols.join(", ")
            );
            s.push_str(&format!("[parameters.choice]\nasc_ed = {asc}\n[parameters.gp]\nunscheduled_share = {share}\n"));
            for t in terrs {
                s.push_str(&t);
            }
            for (vn, add, remove) in vars {
                let rm: Vec<String> = remove.iter().map(|r| format!("\"{r}\"")).collect();
                s.push_str(&format!(
                    "[[variants]]\nname = \"{vn}\"\nadd_policies = [{}]\nremove_policies = [{}]\n",
                    add.join(", "),
                    rm.join(", ")
                ));
            }
            s
        })
}

fn error_is_clear(e: &ScenarioError, origin: &str) -> bool {
    let text = e.to_string();
    !text.is_empty() && text.contains(origin)
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = scenario::parse(&text, "fuzz.toml") {
            prop_assert!(error_is_clear(&e, "fuzz.toml"), "{e}");
        }
    }

    #[test]
    fn absurd_scenarios_give_errors_not_panics(text in scenario_text()) {
        match scenario::parse(&text, "absurd.toml") {
            Err(e) => prop_assert!(error_is_clear(&e, "absurd.toml"), "{e}"),
            Ok(s) => {
                // What passes validation is within the documented limits.
                prop_assert!(s.inhabitants() <= 100_000_000);
                prop_assert!(s.years > 0.0 && s.years <= 50.0 && (1..=100_000).contains(&s.replications));
                prop_assert!(s.zones.iter().all(|z| z.x_km.is_finite() && z.y_km.is_finite()));
            }
        }
    }

    #[test]
    fn absurd_experiments_give_errors_not_panics(
        body in prop::collection::vec((
            prop_oneof![Just("parameters.choice.asc_ed"), Just("policies.sas.participation"), Just("territories.valley.population"), Just("years"), Just("a..b"), Just("")],
            number(), number(), prop::collection::vec(number(), 0..3)), 0..3),
        kind in prop_oneof![Just("grid"), Just("points"), Just("latin_hypercube"), Just("cube")],
        samples in number(),
        command in prop_oneof![Just(Command::Sweep), Just(Command::Sensitivity), Just(Command::Calibrate)],
    ) {
        let mut text = format!("name = \"e\"\nscenario = \"s.toml\"\nreplications = 1\n[design]\nkind = \"{kind}\"\nsamples = {samples}\nlevels = {samples}\n[sensitivity]\nmethod = \"sobol\"\nsamples = {samples}\n[calibration]\nscreening = {samples}\n[[calibration.target]]\nindicator = \"ed_visits_per_1000\"\nvalue = {samples}\n");
        for (path, low, high, values) in body {
            text.push_str(&format!("[[parameters]]\npath = \"{path}\"\nlow = {low}\nhigh = {high}\nvalues = [{}]\n", values.join(", ")));
        }
        let inputs = PlanInputs {
            command,
            scenario: Source { origin: "s.toml".into(), text: common::small_scenario(500, 0.02, "") },
            experiment: Some(Source { origin: "fuzz-experiment.toml".into(), text }),
            overrides: Overrides::default(),
        };
        // Points are validated scenarios: a plan that builds can be run.
        if let Err(e) = Plan::build(inputs) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn absurd_targets_give_errors_not_panics(value in number(), tolerance in number(), weight in number(), territory in name()) {
        let text = format!("[[target]]\nindicator = \"x\"\nterritory = \"{territory}\"\nvalue = {value}\ntolerance = {tolerance}\nweight = {weight}\n");
        let parsed: Result<parcours::experiment::file::TargetsFile, _> = scenario::parse_toml(&text, "targets.toml");
        if let Ok(t) = parsed {
            let _ = parcours::experiment::calibrate::check_targets(&t.target, &["valley".to_string()], "targets.toml");
        }
    }

    #[test]
    fn territory_specs_never_panic(spec in prop_oneof![
        "[a-z=:,0-9AB.-]{0,24}",
        "departement=[0-9AB]{0,3}",
        "around=[0-9]{5}:[-0-9.e]{1,6}",
        "communes=[0-9,]{0,20}",
        "epci=[0-9]{0,10}",
    ]) {
        if let Ok(sel) = parcours::geo::parse_spec(&spec) {
            let _ = parcours::geo::dataset().select(&sel);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random small valid scenarios run with every invariant holding (the
    /// run checks conservation, double bookings, time order and the
    /// indicators' partitions; any breach is an error).
    #[test]
    fn random_small_scenarios_keep_every_invariant(
        population in 200u64..3000,
        gps in 0.0f64..15.0,
        asc in -8.0f64..-2.0,
        share in 0.0f64..0.6,
        policy in prop_oneof![Just(""), Just("sas"), Just("msp"), Just("teleconsultation"), Just("cpts"), Just("dac"), Just("workforce")],
        seed in 0u64..1_000_000,
    ) {
        let policies = if policy.is_empty() { String::new() } else { format!("[[variants]]\nname = \"v\"\nadd_policies = [{{ type = \"{policy}\" }}]\n") };
        let text = common::small_scenario(population, 0.1, &format!("[parameters.choice]\nasc_ed = {asc}\n[parameters.gp]\nunscheduled_share = {share}\n{policies}"))
            .replace("zone_count = 9", &format!("zone_count = 9\ngps_per_10000 = {gps}"))
            .replace("seed = 7", &format!("seed = {seed}"));
        let s = scenario::parse(&text, "random.toml").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let run = parcours::results::simulate(&s, 1, |_| {});
        prop_assert!(run.is_ok(), "invariant broken: {}", run.err().map(|e| e.to_string()).unwrap_or_default());
    }
}
