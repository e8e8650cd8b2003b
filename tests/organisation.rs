//! Today's organisation (issue 16 §2): the structures that exist are the same
//! policies a scenario writes, `organisation = "none"` changes nothing but
//! them, and a variant can extend what exists.

use parcours::results::{differences, indicator_rows, simulate};
use parcours::scenario::parse;

/// A small real territory: the communes within 8 km of Auch (Gers).
const AUCH: &str = "name = \"t\"\nseed = 7\nreplications = 2\nyears = 0.1\nwarmup_days = 20\n\
                    [[territories]]\nname = \"auch\"\naround = { commune = \"32013\", radius_km = 8 }\n";

fn rows(text: &str) -> Vec<String> {
    let s = parse(text, "organisation test").unwrap_or_else(|e| panic!("{e}"));
    indicator_rows(&simulate(&s, 1, |_| {}).unwrap()).iter().map(|r| format!("{r:?}")).collect()
}

#[test]
fn none_resolves_to_exactly_the_written_scenario() {
    // With "none" the scenario is what the file says, as before the option
    // existed: the written policies only, the same zones and parameters.
    let written = format!(
        "{AUCH}[[policies]]\ntype = \"sas\"\nparticipation = 0.5\n[[variants]]\nname = \"v\"\nadd_policies = [{{ type = \"msp\" }}]\n"
    );
    let none = parse(&format!("organisation = \"none\"\n{written}"), "n").unwrap();
    let today = parse(&written, "t").unwrap();
    let names = |a: &parcours::scenario::Arm| a.policies.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&none.base), ["sas"]);
    assert_eq!(names(&none.variants[0]), ["sas", "msp"]);
    // Today's structures come first; the written policies are the same objects after them.
    assert!(names(&today.base).starts_with(&["today_msp".to_string()]) || names(&today.base)[0].starts_with("today_"));
    let kept: Vec<_> = today.base.policies.iter().filter(|p| !p.name.starts_with("today_")).cloned().collect();
    assert_eq!(kept, none.base.policies);
    assert_eq!(none.zones, today.zones);
    assert_eq!(none.base.parameters, today.base.parameters);
    assert!(none.existing.is_empty() && !today.existing.is_empty());
}

#[test]
fn an_existing_structure_is_the_policy_a_scenario_writes() {
    // One rule, one place: today's structures written out as [[policies]]
    // under organisation = "none" give the same results, value for value.
    let today = parse(AUCH, "t").unwrap();
    assert!(!today.base.policies.is_empty());
    let tables =
        parcours::scenario::organisation::expand(&today.territories, &today.zones, &[Some(parcours::scenario::organisation::Kind::Real)])
            .tables;
    #[derive(serde::Serialize)]
    struct Policies {
        policies: Vec<toml::Table>,
    }
    let written = toml::to_string(&Policies { policies: tables }).unwrap();
    let none = format!("organisation = \"none\"\n{AUCH}{written}");
    assert_eq!(parse(&none, "n").unwrap().base.policies, today.base.policies);
    assert_eq!(rows(AUCH), rows(&none));
}

#[test]
fn today_changes_the_baseline_and_a_variant_can_extend_it() {
    // The base with today's structures differs from the empty one, and
    // raising the CPTS participation is measured against today's base.
    let none = rows(&format!("organisation = \"none\"\n{AUCH}"));
    let today = rows(AUCH);
    assert_ne!(none, today);
    let text = format!("{AUCH}[[variants]]\nname = \"cpts_all\"\nextend_policies = [{{ name = \"today_cpts\", participation = 1.0 }}]\n");
    let s = parse(&text, "t").unwrap();
    let d = differences(&simulate(&s, 1, |_| {}).unwrap());
    assert!(d.iter().any(|r| r.variant == "cpts_all"));
}

#[test]
fn adding_a_structure_today_has_warns_and_extending_it_does_not() {
    // Auch has a CPTS today (every EPCI of the Gers drawn so far has one, and
    // the test above extends it): adding a `cpts` stacks a second one.
    let added = format!("{AUCH}[[variants]]\nname = \"new\"\n[[variants.add_policies]]\ntype = \"cpts\"\nparticipation = 0.9\n");
    let w = parse(&added, "t").unwrap().warnings();
    let stacked: Vec<&String> = w.iter().filter(|x| x.contains("already works")).collect();
    assert_eq!(stacked.len(), 1, "{w:?}");
    assert!(stacked[0].contains("\"today_cpts\"") && stacked[0].contains("extend_policies"), "{}", stacked[0]);
    // The example enlarges today's CPTS from its own participation, 0.6: halfway to 1 is 0.8
    // (a fixed example could shrink a structure: `gps_on_duty = 2` where the Creuse has 3).
    assert!(stacked[0].contains("extend_policies = [{ name = \"today_cpts\", participation = 0.8 }]"), "{}", stacked[0]);
    let extended = format!("{AUCH}[[variants]]\nname = \"ext\"\nextend_policies = [{{ name = \"today_cpts\", participation = 0.9 }}]\n");
    assert!(!parse(&extended, "t").unwrap().warnings().iter().any(|x| x.contains("already works")));
    // A structure today does not have (an IPA) is added without a warning.
    let other = format!("{AUCH}[[variants]]\nname = \"ipa\"\n[[variants.add_policies]]\ntype = \"ipa\"\n");
    assert!(!parse(&other, "t").unwrap().warnings().iter().any(|x| x.contains("already works")));
}
