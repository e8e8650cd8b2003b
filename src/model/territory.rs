//! Territories and zones: where people live, and how long it takes to travel.
//!
//! A territory is a set of zones (synthetic zones for now, real communes
//! later). Each zone has a population by age band, a density class,
//! coordinates in kilometres on a plane, a broadband share and a vulnerable
//! share. Travel time between two zones is the straight-line distance times a
//! detour factor, at the road speed of the slower zone's density class, plus a
//! fixed access time.

use super::params::TravelParams;
use super::DensityClass;

/// One zone (a commune, or a synthetic zone).
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    pub name: String,
    /// Index of the territory the zone belongs to.
    pub territory: u16,
    /// Inhabitants by age band (0–14 … 85+).
    pub population: [u32; 6],
    pub density: DensityClass,
    /// Position, kilometres east and north of an arbitrary origin.
    pub x_km: f64,
    pub y_km: f64,
    /// Share of households with broadband (0–1).
    pub broadband: f64,
    /// Share of vulnerable inhabitants (precarity, disability) (0–1).
    pub vulnerable: f64,
    /// GPs practising in the zone.
    pub gps: u32,
    /// Pharmacies (officines) and self-employed nurses in the zone: walk-in
    /// services for prevention (vaccination) in the baseline.
    pub pharmacies: u32,
    pub nurses: u32,
    /// The EPCI of a real commune (its SIREN code, INSEE COG; a commune in
    /// no EPCI gets a code of its own, [`OWN_EPCI`] set); 0 for a synthetic
    /// zone. Today's CPTS share their same-day slots within it.
    pub epci: u32,
}

/// The bit set on the code of a commune in no EPCI (SIREN codes have 9
/// digits, below 2^31): that commune is its own unit.
pub const OWN_EPCI: u32 = 1 << 31;

impl Zone {
    /// Total inhabitants.
    pub fn inhabitants(&self) -> u64 {
        self.population.iter().map(|&p| u64::from(p)).sum()
    }
}

/// The profile of some zones: shares of inhabitants aged 65+, 75+ and 85+,
/// and the population-weighted vulnerable share (all 0 when nobody lives there).
pub fn profile<'a>(zones: impl IntoIterator<Item = &'a Zone>) -> Profile {
    let (mut pop, mut by_age, mut vulnerable) = (0.0, [0.0; 6], 0.0);
    for z in zones {
        let n = z.inhabitants() as f64;
        pop += n;
        vulnerable += z.vulnerable * n;
        for (a, &k) in z.population.iter().enumerate() {
            by_age[a] += f64::from(k);
        }
    }
    let share = |x: f64| if pop > 0.0 { x / pop } else { 0.0 };
    Profile {
        aged_65: share(by_age[3..].iter().sum()),
        aged_75: share(by_age[4..].iter().sum()),
        aged_85: share(by_age[5]),
        vulnerable: share(vulnerable),
    }
}

/// See [`profile`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Profile {
    pub aged_65: f64,
    pub aged_75: f64,
    pub aged_85: f64,
    pub vulnerable: f64,
}

/// A territory: a named group of zones that indicators are reported for.
#[derive(Clone, Debug, PartialEq)]
pub struct Territory {
    pub name: String,
    /// Emergency departments serving the territory, as positions (km).
    pub emergency_departments: Vec<(String, f64, f64)>,
    /// Where its GPs come from (data set or rule), for the user.
    pub gp_source: String,
}

/// Travel time in minutes between two points of given density classes.
pub fn travel_minutes(p: &TravelParams, a: (f64, f64, DensityClass), b: (f64, f64, DensityClass)) -> f64 {
    let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() * p.detour_factor;
    // The trip runs at the slower of the two classes' speeds.
    let speed = p.speed_kmh[a.2.index()].min(p.speed_kmh[b.2.index()]).max(1.0);
    p.access_minutes + 60.0 * d / speed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn travel_time_grows_with_distance_and_rurality() {
        let p = TravelParams::default();
        let here = (0.0, 0.0, DensityClass::DenseUrban);
        let same = travel_minutes(&p, here, here);
        assert_eq!(same, p.access_minutes);
        let near = travel_minutes(&p, here, (3.0, 4.0, DensityClass::DenseUrban));
        let expected = p.access_minutes + 60.0 * 5.0 * p.detour_factor / p.speed_kmh[0];
        assert!((near - expected).abs() < 1e-9);
        let rural_near = travel_minutes(&p, (0.0, 0.0, DensityClass::Rural), (3.0, 4.0, DensityClass::Rural));
        assert!(rural_near < near, "rural roads are faster than city streets per km");
    }

    #[test]
    fn a_trip_between_two_classes_runs_at_the_slower_speed() {
        // Dense urban (20 km/h here) to rural (55 km/h), 10 km apart
        // as the crow flies: 10 × detour at the dense-urban speed, whichever
        // end the trip starts from.
        let p = TravelParams { speed_kmh: [20.0, 35.0, 55.0, 42.0], detour_factor: 1.3, access_minutes: 5.0 };
        let expected = 5.0 + 60.0 * 13.0 / 20.0;
        let there = travel_minutes(&p, (0.0, 0.0, DensityClass::DenseUrban), (6.0, 8.0, DensityClass::Rural));
        let back = travel_minutes(&p, (6.0, 8.0, DensityClass::Rural), (0.0, 0.0, DensityClass::DenseUrban));
        assert!((there - expected).abs() < 1e-9 && (back - expected).abs() < 1e-9, "{there} {back} vs {expected}");
        // Isolated (42) ↔ rural (55): the isolated speed, though rural is the "smaller" class.
        let iso = travel_minutes(&p, (0.0, 0.0, DensityClass::Rural), (6.0, 8.0, DensityClass::Isolated));
        assert!((iso - (5.0 + 60.0 * 13.0 / 42.0)).abs() < 1e-9);
    }
}

/// What a synthetic territory is made of, once its file is validated.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticSpec {
    pub name: String,
    pub archetype: ArchetypeDefaults,
    pub population: u64,
    pub area_km2: f64,
    pub zone_count: u32,
    pub gps_per_10000: f64,
    pub broadband: f64,
    pub vulnerable: f64,
    pub ed_count: u32,
}

/// Defaults of a synthetic archetype.
///
/// Sources: age structures are rounded from INSEE's 2020 census by density
/// class (assumption at this precision); GP densities are set so that the
/// model's consultations offered per inhabitant match DREES APL 2023 by
/// density class (≈ 4.1 dense urban, ≈ 2.5 most rural; model brief §6) with
/// ≈ 5,300 consultations per GP-year in the default calendar; broadband and
/// vulnerable shares are assumptions (ARCEP coverage is higher in cities;
/// precarity higher in dense urban areas). Pharmacies: ≈ 20,000 officines
/// for 68 M inhabitants (≈ 2.9 per 10,000, Ordre des pharmaciens), a little
/// denser in rural areas; self-employed nurses ≈ 14 per 10,000 (DREES RPPS).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArchetypeDefaults {
    /// Density class of ordinary zones, and of the central zone.
    pub density: DensityClass,
    pub centre_density: DensityClass,
    pub age_shares: [f64; 6],
    pub gps_per_10000: f64,
    pub broadband: f64,
    pub vulnerable: f64,
    /// Share of the population living in the central zone (0 = spread evenly).
    pub centre_share: f64,
    /// Emergency departments per 100,000 inhabitants (at least one).
    pub eds_per_100k: f64,
    /// Pharmacies and self-employed nurses per 10,000 inhabitants.
    pub pharmacies_per_10000: f64,
    pub nurses_per_10000: f64,
    /// Distance of the ED from the centre, as a share of the territory's half-width.
    pub ed_offset: f64,
}

impl ArchetypeDefaults {
    pub const DENSE_URBAN: ArchetypeDefaults = ArchetypeDefaults {
        density: DensityClass::DenseUrban,
        centre_density: DensityClass::DenseUrban,
        age_shares: [0.18, 0.40, 0.24, 0.09, 0.06, 0.03],
        gps_per_10000: 7.8,
        broadband: 0.95,
        vulnerable: 0.18,
        centre_share: 0.0,
        eds_per_100k: 0.7,
        ed_offset: 0.0,
        pharmacies_per_10000: 2.8,
        nurses_per_10000: 14.0,
    };
    pub const INTERMEDIATE: ArchetypeDefaults = ArchetypeDefaults {
        density: DensityClass::Intermediate,
        centre_density: DensityClass::Intermediate,
        age_shares: [0.18, 0.35, 0.26, 0.11, 0.07, 0.03],
        gps_per_10000: 6.8,
        broadband: 0.90,
        vulnerable: 0.13,
        centre_share: 0.2,
        eds_per_100k: 0.7,
        ed_offset: 0.0,
        pharmacies_per_10000: 2.9,
        nurses_per_10000: 14.0,
    };
    pub const RURAL: ArchetypeDefaults = ArchetypeDefaults {
        density: DensityClass::Rural,
        centre_density: DensityClass::Intermediate,
        age_shares: [0.16, 0.31, 0.27, 0.13, 0.09, 0.04],
        gps_per_10000: 5.2,
        broadband: 0.80,
        vulnerable: 0.12,
        centre_share: 0.3,
        eds_per_100k: 1.0,
        ed_offset: 0.0,
        pharmacies_per_10000: 3.3,
        nurses_per_10000: 14.0,
    };
    pub const ISOLATED: ArchetypeDefaults = ArchetypeDefaults {
        density: DensityClass::Isolated,
        centre_density: DensityClass::Rural,
        age_shares: [0.14, 0.28, 0.28, 0.15, 0.10, 0.05],
        gps_per_10000: 4.7,
        broadband: 0.65,
        vulnerable: 0.14,
        centre_share: 0.25,
        eds_per_100k: 1.0,
        ed_offset: 0.8,
        pharmacies_per_10000: 3.5,
        nurses_per_10000: 14.0,
    };
}

/// Where synthetic territories are laid out on the plane, km east.
pub const SYNTHETIC_ORIGIN_KM: f64 = 10_000.0;

/// Splits `total` into integer parts proportional to `weights` (largest remainder).
pub fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut parts: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let mut left = total - parts.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    for i in order.into_iter().cycle() {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

/// Builds a synthetic territory: `zone_count` zones on a square grid over
/// `area_km2`, the central zone holding `centre_share` of the population,
/// the rest spread with a fixed ±30 % variation, GPs placed in proportion to
/// population (doubled weight in the centre), EDs at the centre (or offset).
/// Territory `index` is placed 1,000 km east of the previous one (and far
/// from real communes) so that territories simulated side by side do not
/// share professionals.
pub fn synthetic_territory(spec: &SyntheticSpec, index: u16) -> (Territory, Vec<Zone>) {
    let a = &spec.archetype;
    let n = spec.zone_count.max(1) as usize;
    let side = (n as f64).sqrt().ceil() as usize;
    let width = spec.area_km2.sqrt();
    let cell = width / side as f64;
    // Far east of the projected French communes (|x| < 1,500 km), 1,000 km apart.
    let origin = SYNTHETIC_ORIGIN_KM + 1000.0 * f64::from(index);
    let centre_idx = (side / 2) * side + side / 2;
    let centre = centre_idx.min(n - 1);
    let weights: Vec<f64> = (0..n)
        .map(|i| {
            if i == centre && a.centre_share > 0.0 {
                a.centre_share * (n as f64 - 1.0).max(1.0) / (1.0 - a.centre_share).max(1e-9)
            } else {
                1.0 + 0.3 * ((i as f64) * 2.399).sin()
            }
        })
        .collect();
    let pops = apportion(spec.population, &weights);
    let gp_total = (spec.population as f64 * spec.gps_per_10000 / 10_000.0).round() as u64;
    let gp_weights: Vec<f64> = pops.iter().enumerate().map(|(i, &p)| p as f64 * if i == centre { 2.0 } else { 1.0 }).collect();
    let gps = apportion(gp_total, &gp_weights);
    let per = |density: f64| apportion((spec.population as f64 * density / 10_000.0).round() as u64, &gp_weights);
    let (pharmacies, nurses) = (per(a.pharmacies_per_10000), per(a.nurses_per_10000));
    let zones = (0..n)
        .map(|i| {
            let ages = apportion(pops[i], &a.age_shares);
            Zone {
                name: format!("{}-{:03}", spec.name, i + 1),
                territory: index,
                population: std::array::from_fn(|k| ages[k] as u32),
                density: if i == centre { a.centre_density } else { a.density },
                x_km: origin + ((i % side) as f64 + 0.5) * cell,
                y_km: ((i / side) as f64 + 0.5) * cell,
                broadband: spec.broadband,
                vulnerable: spec.vulnerable,
                gps: gps[i] as u32,
                pharmacies: pharmacies[i] as u32,
                nurses: nurses[i] as u32,
                epci: 0,
            }
        })
        .collect::<Vec<_>>();
    let (cx, cy) = (zones[centre].x_km, zones[centre].y_km);
    let eds = (0..spec.ed_count)
        .map(|k| {
            let angle = f64::from(k) * 2.0 * std::f64::consts::PI / f64::from(spec.ed_count.max(1));
            let r = a.ed_offset * width / 2.0 + if spec.ed_count > 1 { width / 4.0 } else { 0.0 };
            (format!("{} ED {}", spec.name, k + 1), cx + r * angle.cos(), cy + r * angle.sin())
        })
        .collect();
    let gp_source = format!("archetype density, {} GPs per 10,000", spec.gps_per_10000);
    (Territory { name: spec.name.clone(), emergency_departments: eds, gp_source }, zones)
}

#[cfg(test)]
mod synthetic_tests {
    use super::*;

    #[test]
    fn apportion_preserves_totals_and_proportions() {
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0]).iter().sum::<u64>(), 10);
        assert_eq!(apportion(100, &[3.0, 1.0]), vec![75, 25]);
        assert_eq!(apportion(5, &[]), Vec::<u64>::new());
        assert_eq!(apportion(5, &[0.0, 0.0]), vec![0, 0]);
    }

    #[test]
    fn synthetic_rural_territory_has_a_town_centre() {
        let spec = SyntheticSpec {
            name: "r".into(),
            archetype: ArchetypeDefaults::RURAL,
            population: 40_000,
            area_km2: 1500.0,
            zone_count: 30,
            gps_per_10000: 5.2,
            broadband: 0.8,
            vulnerable: 0.12,
            ed_count: 1,
        };
        let (t, zones) = synthetic_territory(&spec, 1);
        assert_eq!(zones.len(), 30);
        assert_eq!(zones.iter().map(|z| z.inhabitants()).sum::<u64>(), 40_000);
        assert_eq!(zones.iter().map(|z| u64::from(z.gps)).sum::<u64>(), 21);
        let centre = zones.iter().max_by_key(|z| z.inhabitants()).unwrap();
        assert_eq!(centre.density, DensityClass::Intermediate);
        assert!((centre.inhabitants() as f64 / 40_000.0 - 0.3).abs() < 0.01);
        let origin = SYNTHETIC_ORIGIN_KM + 1000.0;
        assert!(zones.iter().all(|z| z.x_km >= origin && z.x_km <= origin + 1500f64.sqrt()));
        assert_eq!(t.emergency_departments.len(), 1);
    }
}
