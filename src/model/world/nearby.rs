//! Which zones can be within reach of a point: a grid over zone positions
//! for the reach questions (`registration.max_travel_minutes`) of set-up
//! and of the workforce dynamics. A trip of at most `max` minutes covers at
//! most [`reach_radius_km`] of straight line (at the fastest class's speed,
//! after the access minutes and the detour: `territory::travel_minutes`),
//! so only the zones of the grid cells around a point can be in reach.
//! Callers still compute and test every travel time of those zones: the
//! grid only skips zones certainly out of reach, so the answers are exactly
//! those of a scan over every zone. All of France (≈ 35,000 zones): a
//! service sited in every commune (the DAC's discharge visits, the PDSA)
//! cost 1.2 G travel times by the scan, a few million through the grid.
//!
//! Also the travel from each zone to each service's nearest site
//! ([`ServiceTravel`]), kept zone by zone: a need reads the entries of its
//! zone for every service it is offered, one cache line instead of one
//! line per service.

use crate::model::params::TravelParams;
use std::collections::HashMap;

/// Straight-line kilometres beyond which a trip certainly takes more than
/// `max_minutes` (with a small margin for rounding); infinite when the
/// travel parameters give no such bound.
pub(super) fn reach_radius_km(p: &TravelParams, max_minutes: f64) -> f64 {
    let fastest = p.speed_kmh.iter().fold(1.0_f64, |m, &v| if v.is_nan() { f64::INFINITY } else { m.max(v) });
    let budget = (max_minutes - p.access_minutes).max(0.0);
    let km = budget * fastest / (60.0 * p.detour_factor);
    if p.detour_factor > 0.0 && km.is_finite() {
        km * (1.0 + 1e-6) + 1e-3
    } else {
        f64::INFINITY
    }
}

/// Points (zone indices at positions, km) bucketed in square cells of the
/// reach radius: every point within the radius of a position lies in the
/// 3 × 3 cells around it.
#[derive(Clone, Debug, Default)]
pub(super) struct ZoneGrid {
    /// Side of a cell, km; None: no bound, every point is near.
    cell_km: Option<f64>,
    cells: HashMap<(i64, i64), Vec<u32>>,
    all: Vec<u32>,
}

impl ZoneGrid {
    /// The grid of `points` (id, x km, y km) for reach radius `radius_km`.
    pub fn new(points: impl Iterator<Item = (u32, f64, f64)>, radius_km: f64) -> Self {
        let cell_km = radius_km.is_finite().then_some(radius_km.max(1.0));
        let mut grid = ZoneGrid { cell_km, cells: HashMap::new(), all: Vec::new() };
        for (id, x, y) in points {
            grid.all.push(id);
            if let Some(c) = cell_km {
                grid.cells.entry(cell_of(c, x, y)).or_default().push(id);
            }
        }
        grid
    }

    /// The points that may lie within the radius of (x, y) km (and a few
    /// farther ones), in no particular order.
    pub fn near(&self, x: f64, y: f64) -> Vec<u32> {
        let Some(c) = self.cell_km else { return self.all.clone() };
        let (cx, cy) = cell_of(c, x, y);
        let mut out = Vec::new();
        for dx in -1..=1 {
            for dy in -1..=1 {
                if let Some(ids) = self.cells.get(&(cx + dx, cy + dy)) {
                    out.extend_from_slice(ids);
                }
            }
        }
        out
    }
}

/// Per zone, per service: travel minutes to the service's nearest site
/// (None: out of reach), zone-major.
#[derive(Clone, Debug, Default)]
pub(super) struct ServiceTravel {
    services: usize,
    minutes: Vec<Option<f32>>,
}

impl ServiceTravel {
    /// From one column per service (its travel from every zone, `zones` long).
    pub fn new(per_service: &[Vec<Option<f32>>], zones: usize) -> Self {
        let services = per_service.len();
        let mut minutes = vec![None; zones * services];
        for (s, column) in per_service.iter().enumerate() {
            for (z, &m) in column.iter().enumerate() {
                minutes[z * services + s] = m;
            }
        }
        ServiceTravel { services, minutes }
    }

    /// Travel minutes from `zone` to service `s`'s nearest site (None: out of reach).
    #[inline]
    pub fn get(&self, s: u16, zone: u32) -> Option<f32> {
        self.minutes[zone as usize * self.services + s as usize]
    }

    /// Asks the CPU to load `zone`'s entries, every cache line of them (a
    /// hint: no effect on results). With today's organisation a zone's
    /// entries run over two lines (ten services or more).
    #[inline]
    pub fn prefetch_zone(&self, zone: u32) {
        let row = self.minutes.as_ptr().wrapping_add(zone as usize * self.services);
        let bytes = self.services * std::mem::size_of::<Option<f32>>();
        for offset in (0..bytes).step_by(64) {
            crate::engine::prefetch(row.cast::<u8>().wrapping_add(offset));
        }
        if bytes > 0 {
            // The last entry, in case the row starts past a line's start.
            crate::engine::prefetch(row.wrapping_add(self.services - 1));
        }
    }
}

fn cell_of(cell_km: f64, x: f64, y: f64) -> (i64, i64) {
    ((x / cell_km).floor() as i64, (y / cell_km).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::territory::travel_minutes;
    use crate::model::DensityClass;
    use rand::Rng;

    /// Random zones over 600 × 600 km; every zone in reach of a random point
    /// by the plain scan is among the grid's near ones.
    #[test]
    fn the_grid_keeps_every_zone_in_reach() {
        let mut rng = crate::engine::rng::RandomStreams::new(3, 0).stream("t");
        let classes = [DensityClass::DenseUrban, DensityClass::Intermediate, DensityClass::Rural, DensityClass::Isolated];
        for max in [5.0, 20.0, 45.0, 90.0] {
            let p = TravelParams::default();
            let zones: Vec<(f64, f64, DensityClass)> =
                (0..2000).map(|_| (rng.random_range(0.0..600.0), rng.random_range(0.0..600.0), classes[rng.random_range(0..4)])).collect();
            let grid = ZoneGrid::new(zones.iter().enumerate().map(|(i, z)| (i as u32, z.0, z.1)), reach_radius_km(&p, max));
            for _ in 0..200 {
                let a = (rng.random_range(-50.0..650.0), rng.random_range(-50.0..650.0), classes[rng.random_range(0..4)]);
                let mut near = grid.near(a.0, a.1);
                near.sort_unstable();
                let in_reach: Vec<u32> =
                    (0..zones.len() as u32).filter(|&z| f64::from(travel_minutes(&p, a, zones[z as usize]) as f32) <= max).collect();
                assert!(in_reach.iter().all(|z| near.binary_search(z).is_ok()), "max {max}: a zone in reach was skipped");
                assert!(near.len() < zones.len() || max >= 90.0, "the grid should skip distant zones");
            }
        }
    }

    #[test]
    fn service_travel_reads_back_each_column() {
        let columns = vec![vec![Some(1.0), None, Some(3.0)], vec![None, Some(5.0), Some(6.0)]];
        let t = ServiceTravel::new(&columns, 3);
        for (s, column) in columns.iter().enumerate() {
            for (z, &m) in column.iter().enumerate() {
                assert_eq!(t.get(s as u16, z as u32), m);
            }
        }
    }

    #[test]
    fn without_a_bound_every_point_is_near() {
        let p = TravelParams { detour_factor: 0.0, ..TravelParams::default() };
        let grid = ZoneGrid::new([(0, 0.0, 0.0), (1, 1e6, 1e6)].into_iter(), reach_radius_km(&p, 45.0));
        let mut near = grid.near(0.0, 0.0);
        near.sort_unstable();
        assert_eq!(near, vec![0, 1]);
    }
}
