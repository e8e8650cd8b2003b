//! Quantiles pooled over territories (issue 17, `model::pooled`): one
//! definition. On a simulated town and village, every quantile indicator of
//! a territory equals the quantile of the histogram its task result carries
//! (a pool of one territory is the territory's own value); the national
//! value `replication_value` gives is the quantile of the summed histograms;
//! and the by-kind histograms add up to the all-kinds one.

use parcours::experiment::calibrate::replication_value;
use parcours::experiment::file::TargetsFile;
use parcours::model::pooled::{pooled_quantile, pooling_of};
use parcours::results::{simulate, task_results};
use parcours::scenario::{parse, parse_toml};

const SCENARIO: &str = "name = \"t\"\nseed = 5\nreplications = 2\nyears = 0.5\nwarmup_days = 60\n\
    [[territories]]\nname = \"town\"\narchetype = \"dense_urban\"\npopulation = 6000\narea_km2 = 20\nzone_count = 6\n\
    [[territories]]\nname = \"village\"\narchetype = \"rural\"\npopulation = 3000\narea_km2 = 400\nzone_count = 6\n\
    [parameters.specialists]\nenabled = true\n";

#[test]
fn a_territory_quantile_is_the_quantile_of_its_histogram_and_the_pool_sums_them() {
    let s = parse(SCENARIO, "pooled test").unwrap_or_else(|e| panic!("{e}"));
    let run = simulate(&s, 0, |_| {}).unwrap();
    let names: Vec<String> = s.territories.iter().map(|t| t.name.clone()).collect();
    let mut checked = 0;
    for task in task_results(&run) {
        assert!(!task.histograms.is_empty());
        for (territory, group, indicator, value) in task.rows.iter().filter(|r| r.1 == "all") {
            let Some((histogram, q)) = pooling_of(indicator) else { continue };
            let own = task.histograms.iter().filter(|h| h.0 == *territory && h.1 == histogram).map(|h| h.2.as_slice());
            assert_eq!(pooled_quantile(own, q), Some(*value), "territory {territory} {group} {indicator}");
            checked += 1;
        }
        // The all-kinds histogram is the sum of the by-kind ones (no other kind is seen).
        for t in 0..2u16 {
            for name in ["gp_days", "all_days"] {
                let total = task.histograms.iter().find(|h| h.0 == t && h.1 == name).unwrap();
                let mut sum = vec![0u32; total.2.len()];
                for h in task.histograms.iter().filter(|h| h.0 == t && h.1.starts_with(&format!("{name}."))) {
                    for (s, x) in sum.iter_mut().zip(&h.2) {
                        *s += x;
                    }
                }
                assert_eq!(sum, total.2, "territory {t} {name}");
            }
        }
        // Nationally: the median of the requests of both territories together.
        let targets = parse_toml::<TargetsFile>(
            "[[target]]\nindicator = \"gp_delay_median_calendar_days\"\nvalue = 2.0\n\
             [[target]]\nindicator = \"specialist_delay_median_days.ophthalmology\"\nvalue = 50.0\n",
            "targets",
        )
        .unwrap()
        .target;
        let sum_of = |name: &str| {
            let mut sum = Vec::new();
            for h in task.histograms.iter().filter(|h| h.1 == name) {
                sum.resize(sum.len().max(h.2.len()), 0u32);
                for (s, x) in sum.iter_mut().zip(&h.2) {
                    *s += x;
                }
            }
            sum
        };
        for (t, name) in targets.iter().zip(["gp_days", "specialist_days.ophthalmology"]) {
            let sum = sum_of(name);
            let n: u32 = sum.iter().sum();
            // The lowest day with at least half the requests answered by then.
            let median = (0..sum.len()).find(|&d| 2 * sum[..=d].iter().sum::<u32>() >= n).unwrap() as f64;
            assert_eq!(replication_value(&task, t, &names), Some(median), "{name}");
        }
    }
    // 2 replications × 2 territories × (4 + 4 × 7 GP/any quantiles, 4 specialties), at least.
    assert!(checked >= 2 * 2 * 30, "{checked}");
}
