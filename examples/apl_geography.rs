//! The model's APL on all of France under other travel assumptions, and a
//! commune-by-commune comparison with DREES APL 2023 in the isolated class
//! (issue 17, `apl2`; docs/validation.md § "Travel speeds and the APL").
//!
//! Each GP counts for a fixed activity by density class (default: the
//! consultations given per GP-year in france-mix at stop 22, 10 replications:
//! 4,249 / 4,741 / 5,241 / 5,384, bounded as DREES bounds them), so only the
//! geography varies: the travel speeds by density class and the detour
//! factor. The simulation's own response to a change of speeds (patients'
//! choices, hence the activity) is not in these figures; `parcours validate`
//! gives it. Run: `cargo run --release --example apl_geography`.
//!
//! Section 3 checks the travel model itself against DREES's published
//! drives to the nearest GP: the share of inhabitants whose nearest commune
//! with a GP (BPE 2024) is 10 minutes or more away, and 15 or more, under
//! the default speeds and other isolated speeds (DREES, Les Dossiers de la
//! DREES n° 17, May 2017: 98 % of the population within 10 minutes by road
//! of a GP; DREES, June 2011, via Sénat report n° 335 (2012–2013): fewer
//! than 1 % beyond 15 minutes in 2007).

use parcours::geo::{self, apl};
use parcours::model::params::Parameters;
use parcours::model::territory::{travel_minutes, Zone};
use parcours::model::DensityClass;

const ACTIVITY: [f64; 4] = [4_249.0, 4_741.0, 5_241.0, 5_384.0];

fn summary(zones: &[Zone], values: &[f64], class: Option<DensityClass>) -> (f64, f64) {
    apl::summarise(
        zones.iter().zip(values).filter(|(z, _)| class.is_none_or(|c| z.density == c)).map(|(z, &a)| (apl::AplWeights::of(z), a)),
    )
    .unwrap_or((f64::NAN, f64::NAN))
}

fn apl_with(zones: &[Zone], p: &Parameters) -> Vec<f64> {
    apl::model_apl(zones, p, |z| apl::drees_counted_activity(ACTIVITY[z.density.index()]))
}

fn main() {
    let ds = geo::dataset();
    let picked = ds.select(&geo::parse_spec("france").expect("spec")).expect("france");
    let built = geo::build(ds, &picked, "france", 0, &geo::BuildOptions::default());
    let zones = &built.zones;
    let base = Parameters::default();

    // 1. Sensitivity of the four APL rows to the travel assumptions.
    let mut variants: Vec<(String, [f64; 4], f64)> = vec![("default".into(), base.travel.speed_kmh, base.travel.detour_factor)];
    let s = base.travel.speed_kmh;
    for iso in [35.0, 42.0, 50.0, 55.0] {
        variants.push((format!("isolated {iso}"), [s[0], s[1], s[2], iso], base.travel.detour_factor));
    }
    for rural in [45.0, 65.0] {
        variants.push((format!("rural {rural}"), [s[0], s[1], rural, s[3]], base.travel.detour_factor));
    }
    for dense in [18.0, 26.0] {
        variants.push((format!("dense urban {dense}"), [dense, s[1], s[2], s[3]], base.travel.detour_factor));
    }
    for k in [0.8, 1.2] {
        variants.push((format!("all speeds × {k}"), s.map(|v| v * k), base.travel.detour_factor));
    }
    for d in [1.2, 1.4] {
        variants.push((format!("detour {d}"), s, d));
    }
    println!("| travel | national APL | dense urban APL | isolated APL | under 2.5, all | dense urban | intermediate | rural | isolated |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for (label, speeds, detour) in &variants {
        let mut p = base.clone();
        p.travel.speed_kmh = *speeds;
        p.travel.detour_factor = *detour;
        let v = apl_with(zones, &p);
        let all = summary(zones, &v, None);
        let by: Vec<(f64, f64)> = DensityClass::ALL.iter().map(|c| summary(zones, &v, Some(*c))).collect();
        println!(
            "| {label} ({}; {detour}) | {:.2} | {:.2} | {:.2} | {:.1} % | {:.1} % | {:.1} % | {:.1} % | {:.1} % |",
            speeds.map(|x| format!("{x:.0}")).join("/"),
            all.0,
            by[0].0,
            by[3].0,
            100.0 * all.1,
            100.0 * by[0].1,
            100.0 * by[1].1,
            100.0 * by[2].1,
            100.0 * by[3].1
        );
    }

    // 2. Isolated communes, model (default travel) against DREES, by the
    // drive to the nearest commune with a GP in the model.
    let v = apl_with(zones, &base);
    let with_gp: Vec<&Zone> = zones.iter().filter(|z| z.gps > 0).collect();
    let drive = |a: &Zone, b: &Zone| {
        travel_minutes(&base.travel, (a.x_km, a.y_km, a.density), (b.x_km, b.y_km, b.density)) - base.travel.access_minutes
    };
    // Buckets: own GP, < 10, 10–15, 15–20, ≥ 20 min.
    let names = ["GP in the commune", "nearest GP < 10 min", "10–15 min", "15–20 min", "≥ 20 min (model APL 0)"];
    let mut acc = [[0.0f64; 7]; 5]; // communes, inhabitants, Σw·model, Σw·drees, Σw, inhabitants under 2.5 model, drees
    for (z, &m) in zones.iter().zip(&v) {
        if z.density != DensityClass::Isolated {
            continue;
        }
        let Some(d) = ds.commune(&z.name).and_then(|c| c.apl) else { continue };
        let near = if z.gps > 0 { 0.0 } else { with_gp.iter().map(|g| drive(z, g)).fold(f64::INFINITY, f64::min) };
        let b = if z.gps > 0 {
            0
        } else if near < 10.0 {
            1
        } else if near < 15.0 {
            2
        } else if near < 20.0 {
            3
        } else {
            4
        };
        let w = apl::AplWeights::of(z);
        let a = &mut acc[b];
        a[0] += 1.0;
        a[1] += w.inhabitants as f64;
        a[2] += w.standardised * m;
        a[3] += w.standardised * d;
        a[4] += w.standardised;
        if m < apl::UNDERSERVED_APL {
            a[5] += w.inhabitants as f64;
        }
        if d < apl::UNDERSERVED_APL {
            a[6] += w.inhabitants as f64;
        }
    }
    let total_inh: f64 = acc.iter().map(|a| a[1]).sum();
    let total_gap: f64 = acc.iter().map(|a| a[2] - a[3]).sum::<f64>() / acc.iter().map(|a| a[4]).sum::<f64>();
    println!();
    println!("Isolated communes with a DREES APL, default travel; model APL − DREES APL overall {total_gap:+.3}");
    println!("| nearest GP in the model | communes | inhabitants | share | model APL | DREES APL | contribution to the gap | under 2.5, model | under 2.5, DREES |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let w_all: f64 = acc.iter().map(|a| a[4]).sum();
    for (name, a) in names.iter().zip(&acc) {
        println!(
            "| {name} | {:.0} | {:.0} | {:.1} % | {:.2} | {:.2} | {:+.3} | {:.1} % | {:.1} % |",
            a[0],
            a[1],
            100.0 * a[1] / total_inh,
            a[2] / a[4],
            a[3] / a[4],
            (a[2] - a[3]) / w_all,
            100.0 * a[5] / a[1],
            100.0 * a[6] / a[1]
        );
    }

    // 3. Drive to the nearest commune with a GP, against DREES's shares.
    println!();
    far_from_a_gp(zones, &base);
}

/// Share of inhabitants (all, and by density class) whose nearest commune
/// with a GP is ≥ 10 and ≥ 15 minutes away by the model's road time (the
/// travel time less `access_minutes`; 0 in a commune with a GP, as in
/// DREES's commune-to-commune distancier), for the default speeds and
/// isolated speeds 35–65 km/h.
fn far_from_a_gp(zones: &[Zone], base: &Parameters) {
    let s = base.travel.speed_kmh;
    let mut variants: Vec<(String, [f64; 4])> = vec![("default".into(), s)];
    for iso in [35.0, 45.0, 50.0, 55.0, 60.0, 65.0] {
        variants.push((format!("isolated {iso}"), [s[0], s[1], s[2], iso]));
    }
    variants.push(("rural 45".into(), [s[0], s[1], 45.0, s[3]]));
    variants.push(("rural 65".into(), [s[0], s[1], 65.0, s[3]]));
    let with_gp: Vec<&Zone> = zones.iter().filter(|z| z.gps > 0).collect();
    println!("Inhabitants whose nearest GP is ≥ 10 / ≥ 15 minutes away (DREES: 2 % ≥ 10 min, 2015; < 1 % > 15 min, 2007)");
    println!("| travel (speeds) | ≥ 10 min, all | ≥ 15 min, all | ≥ 10 min: dense urban / intermediate / rural / isolated | ≥ 15 min, isolated |");
    println!("|---|---|---|---|---|");
    for (label, speeds) in &variants {
        let mut p = base.travel.clone();
        p.speed_kmh = *speeds;
        let mut inh = [0.0f64; 4];
        let mut ten = [0.0f64; 4];
        let mut fifteen = [0.0f64; 4];
        for z in zones {
            let near = if z.gps > 0 {
                0.0
            } else {
                with_gp
                    .iter()
                    .map(|g| travel_minutes(&p, (z.x_km, z.y_km, z.density), (g.x_km, g.y_km, g.density)) - p.access_minutes)
                    .fold(f64::INFINITY, f64::min)
            };
            let (c, n) = (z.density.index(), z.inhabitants() as f64);
            inh[c] += n;
            if near >= 10.0 {
                ten[c] += n;
            }
            if near >= 15.0 {
                fifteen[c] += n;
            }
        }
        let all: f64 = inh.iter().sum();
        let pct = |a: &[f64; 4], c: usize| 100.0 * a[c] / inh[c];
        println!(
            "| {label} ({}) | {:.2} % | {:.2} % | {:.1} / {:.1} / {:.1} / {:.1} % | {:.1} % |",
            speeds.map(|x| format!("{x:.0}")).join("/"),
            100.0 * ten.iter().sum::<f64>() / all,
            100.0 * fifteen.iter().sum::<f64>() / all,
            pct(&ten, 0),
            pct(&ten, 1),
            pct(&ten, 2),
            pct(&ten, 3),
            pct(&fifteen, 3)
        );
    }
}
