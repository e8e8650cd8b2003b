//! Speed of the full model: one replication of the embedded default scenario
//! (140,000 inhabitants) and of a 1,000,000-inhabitant synthetic territory,
//! each for one simulated year after warm-up, on one core; and of Paris 18e
//! (183,000 inhabitants, real data) with today's organisation.
//!
//! The reference workload "clinic" (shared/bench/WORKLOAD.md §A) is measured
//! the same way at N = 10k and 100k (`scenarios/bench/clinic-*.toml`); its
//! throughput is in model-level events (needs + consultations held, §0.4).
//!
//! Run: `cargo bench --bench model`. Criterion reports time per replication
//! and needs per second (its throughput); the setup prints the number of
//! needs and events of each replication so events/s follow, and the size of
//! a patient record (bytes of model state per patient).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parcours::model::population::Patient;
use parcours::scenario::{self, Scenario};
use std::time::Duration;

fn bench_scenario(c: &mut Criterion, label: &str, s: &Scenario, samples: usize) {
    let probe = s.world(0).run(0);
    let (needs, events) = (probe.diagnostics.needs, probe.diagnostics.events);
    eprintln!(
        "{label}: {} inhabitants, {} needs and {} events per replication ({:.2} events per need); Patient = {} bytes",
        s.inhabitants(),
        needs,
        events,
        events as f64 / needs as f64,
        std::mem::size_of::<Patient>()
    );
    let mut g = c.benchmark_group("full_model");
    g.sample_size(samples).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(needs));
    g.bench_function(label, |b| b.iter(|| s.world(0).run(0)));
    g.finish();
}

fn full_model(c: &mut Criterion) {
    let default = scenario::embedded_default();
    bench_scenario(c, "default_140k_1y", &default, 10);
    let big = scenario::parse(include_str!("../scenarios/bench/urban-1m.toml"), "urban-1m").expect("bench scenario is valid");
    bench_scenario(c, "urban_1m_1y", &big, 10);
    // A real territory with today's organisation (MSP, CPTS, PDSA, DAC,
    // teleconsultation built from the data): the network sweeps after a
    // booking failure that issue 16 made every real run pay for.
    let paris = scenario::parse(PARIS_18_TODAY, "paris-18-today").expect("bench scenario is valid");
    bench_scenario(c, "paris18_today_1y", &paris, 10);
}

/// `scenarios/real/paris.toml` without its variants (its base arm).
const PARIS_18_TODAY: &str = r#"
name = "paris-18-today"
replications = 1
years = 1.0
warmup_days = 182
organisation = "today"

[[territories]]
name = "paris-18"
communes = ["75118"]
vulnerable = 0.25
"#;

fn clinic(c: &mut Criterion) {
    for (label, text) in [
        ("clinic_10k", include_str!("../scenarios/bench/clinic-10k.toml")),
        ("clinic_100k", include_str!("../scenarios/bench/clinic-100k.toml")),
    ] {
        let s = scenario::parse(text, label).expect("bench scenario is valid");
        let probe = s.world(0).run(0);
        let model_events = probe.diagnostics.needs + probe.diagnostics.consulted;
        eprintln!("{label}: {} needs, {model_events} model events (needs + consultations held)", probe.diagnostics.needs);
        let mut g = c.benchmark_group("clinic");
        g.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(1));
        g.throughput(Throughput::Elements(model_events));
        g.bench_function(label, |b| b.iter(|| s.world(0).run(0)));
        g.finish();
    }
}

criterion_group!(benches, full_model, clinic);
criterion_main!(benches);
