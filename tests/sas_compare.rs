//! Paired comparisons between two named arms (`compare = [["a", "b"]]`,
//! issue 18): the same pairing over replications, tests and Holm families
//! as variant − base, checked against values computed by hand.

use parcours::results::{differences_rows, pair_differences_rows, pair_label, IndicatorRow};
use parcours::scenario::parse;

fn row(variant: &str, replication: u32, indicator: &str, value: f64) -> IndicatorRow {
    IndicatorRow {
        point: None,
        variant: variant.into(),
        replication,
        territory: "t".into(),
        group: "all".into(),
        indicator: indicator.into(),
        value,
    }
}

/// Break caught: pairs matched by position rather than replication, the
/// wrong sign, or a pair left out of the Holm family.
/// a = (1, 2, 3), b = (0.5, 1, 2) on replications 0, 1, 2 (b's rows given in
/// another order): a − b = (0.5, 1, 1), mean 5/6, sd √(1/12) = 0.288675,
/// t(0.975, 2) = 4.302653: 95 % CI 5/6 ± 0.717109 = [0.116224, 1.550442]
/// (by hand). The same values with b as the base give the same row.
#[test]
fn a_declared_pair_is_differenced_by_replication_as_against_the_base() {
    let mut rows = Vec::new();
    for (r, v) in [(0, 1.0), (1, 2.0), (2, 3.0)] {
        rows.push(row("a", r, "delay_mean_days", v));
        rows.push(row("a", r, "forgone_care_rate", 0.1));
    }
    for (r, v) in [(2, 2.0), (0, 0.5), (1, 1.0)] {
        rows.push(row("b", r, "delay_mean_days", v));
        rows.push(row("b", r, "forgone_care_rate", 0.1));
    }
    let pairs = vec![("a".to_string(), "b".to_string())];
    let d = pair_differences_rows(&rows, &pairs, &["t".to_string()]);
    let delay = d.iter().find(|x| x.indicator == "delay_mean_days").expect("a row");
    assert_eq!(delay.variant, pair_label("a", "b"));
    assert_eq!(delay.variant, "a − b");
    assert_eq!(delay.n, 3);
    assert!((delay.mean_diff - 5.0 / 6.0).abs() < 1e-12);
    assert!((delay.ci_low - 0.116224).abs() < 1e-5 && (delay.ci_high - 1.550442).abs() < 1e-5, "{delay:?}");
    // Holm within the pair's family: forgone care has no test (every difference 0), so p_holm = p.
    assert!(delay.p_holm.is_finite() && (delay.p_holm - delay.p_value).abs() < 1e-12);
    // As variant a against base b: the same numbers.
    let as_base: Vec<IndicatorRow> = rows
        .iter()
        .cloned()
        .map(|mut r| {
            if r.variant == "b" {
                r.variant = "base".into();
                r
            } else {
                r
            }
        })
        .collect();
    let v = differences_rows(&as_base, &["base".to_string(), "a".to_string()], &["t".to_string()]);
    let vd = v.iter().find(|x| x.indicator == "delay_mean_days").unwrap();
    assert_eq!(
        (vd.mean_diff, vd.ci_low, vd.ci_high, vd.p_value, vd.p_holm),
        (delay.mean_diff, delay.ci_low, delay.ci_high, delay.p_value, delay.p_holm)
    );
}

/// Break caught: a pair naming an unknown arm accepted, or an arm compared with itself.
#[test]
fn a_pair_must_name_two_different_arms() {
    let text = |compare: &str| {
        format!(
            "name = \"c\"\n{compare}\n[[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 2000\narea_km2 = 100\nzone_count = 2\n\
             [[variants]]\nname = \"v\"\nadd_policies = [{{ type = \"sas\" }}]\n"
        )
    };
    let ok = parse(&text("compare = [[\"v\", \"base\"]]"), "t").expect("valid");
    assert_eq!(ok.compare, vec![("v".to_string(), "base".to_string())]);
    let e = parse(&text("compare = [[\"v\", \"w\"]]"), "t").err().expect("unknown arm").to_string();
    assert!(e.contains("compare[0][1]") && e.contains("\"w\""), "{e}");
    let e = parse(&text("compare = [[\"v\", \"v\"]]"), "t").err().expect("same arm").to_string();
    assert!(e.contains("compare[0]"), "{e}");
}
