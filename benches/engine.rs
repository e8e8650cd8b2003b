//! Speed of the engine's two hot paths that every event pays for, apart
//! from the model: building a keyed generator (one per need, consultation,
//! lead time and decompensation candidate: 12 million in the Nord's quarter)
//! and sorting a day of the event queue (a day of the Nord holds about
//! 100,000 events, of all France about a million), with the events scheduled
//! the day before in sequence order, as the simulation schedules them.
//!
//! Run: `cargo bench --bench engine`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parcours::engine::{EventQueue, RandomStreams, SimTime};
use rand::Rng;
use std::hint::black_box;
use std::time::Duration;

fn keyed_generators(c: &mut Criterion) {
    let key = RandomStreams::new(42, 0).key("need");
    let mut g = c.benchmark_group("engine");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("keyed_generator_10k", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for e in 0..10_000u64 {
                sum += RandomStreams::entity(key, black_box(e)).random::<f64>();
            }
            sum
        })
    });
    g.finish();
}

fn queue_day(c: &mut Criterion) {
    const EVENTS: u32 = 100_000;
    let mut rng = RandomStreams::new(7, 0).stream("bench");
    let minutes: Vec<u32> = (0..EVENTS).map(|_| rng.random_range(0..1440)).collect();
    let mut g = c.benchmark_group("engine");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(u64::from(EVENTS)));
    g.bench_function("queue_day_100k", |b| {
        b.iter(|| {
            // Scheduled on day 0 for day 1, then popped: the day is sorted once.
            let mut q = EventQueue::new();
            for (i, &m) in minutes.iter().enumerate() {
                q.schedule(SimTime(1440 + m), i as u32);
            }
            let mut last = 0u32;
            while let Some((_, e)) = q.pop() {
                last ^= e;
            }
            last
        })
    });
    g.finish();
}

criterion_group!(benches, keyed_generators, queue_day);
criterion_main!(benches);
