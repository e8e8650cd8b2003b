//! The engine alone (no health vocabulary) reproduces the M/M/c queue's
//! Erlang-C mean wait (model brief §7; shared/bench/WORKLOAD.md §B).

use parcours::engine::{EventQueue, RandomStreams, SimTime};
use rand::Rng;
use std::collections::VecDeque;

#[derive(Clone, Copy)]
enum Ev {
    Arrival,
    Departure,
}

/// Time unit: 1/10,000 of a mean service time, so that integer minutes of
/// the engine resolve exponential times finely. Returns (mean wait, share who waited).
fn mmc(n: u64, seed: u64, rep: u32) -> (f64, f64) {
    const SCALE: f64 = 10_000.0;
    let (lambda, mu, c) = (9.0, 1.0, 10usize);
    let streams = RandomStreams::new(seed, rep);
    let (mut arrivals, mut services) = (streams.stream("arrivals"), streams.stream("services"));
    let exp =
        |rng: &mut parcours::engine::StreamRng, rate: f64| -> u32 { (-(1.0 - rng.random::<f64>()).ln() / rate * SCALE).round() as u32 };
    let mut q: EventQueue<Ev> = EventQueue::new();
    let mut line: VecDeque<SimTime> = VecDeque::new();
    let (mut busy, mut arrived, mut waited, mut wait_sum) = (0usize, 0u64, 0u64, 0f64);
    q.schedule(SimTime(exp(&mut arrivals, lambda)), Ev::Arrival);
    while let Some((t, ev)) = q.pop() {
        match ev {
            Ev::Arrival => {
                arrived += 1;
                if arrived < n {
                    let next = SimTime(t.0 + exp(&mut arrivals, lambda));
                    q.schedule(next, Ev::Arrival);
                }
                if busy < c {
                    busy += 1;
                    let s = exp(&mut services, mu);
                    q.schedule(SimTime(t.0 + s), Ev::Departure);
                } else {
                    line.push_back(t);
                }
            }
            Ev::Departure => match line.pop_front() {
                Some(arrival) => {
                    let w = f64::from(t.0 - arrival.0) / SCALE;
                    waited += u64::from(w > 0.0);
                    wait_sum += w;
                    let s = exp(&mut services, mu);
                    q.schedule(SimTime(t.0 + s), Ev::Departure);
                }
                None => busy -= 1,
            },
        }
    }
    (wait_sum / n as f64, waited as f64 / n as f64)
}

#[test]
fn mmc_queue_matches_erlang_c() {
    // Erlang C(10, 9): P(wait) = Wq = 0.6687315 (μ = 1, cμ − λ = 1).
    // One run of 200,000 customers has an SD of ≈ 0.041 in Wq and ≈ 0.0085
    // in P(wait) (WORKLOAD.md §B.4, scaled by √(100k/200k)); the mean of 8
    // independent runs has SEs 0.0145 and 0.003. Tolerance: 4 SE.
    let runs: Vec<(f64, f64)> = (0..8).map(|r| mmc(200_000, 2, r)).collect();
    let wq = runs.iter().map(|r| r.0).sum::<f64>() / runs.len() as f64;
    let p_wait = runs.iter().map(|r| r.1).sum::<f64>() / runs.len() as f64;
    eprintln!("M/M/c over 8 × 200,000 customers: Wq = {wq:.4}, P(wait) = {p_wait:.4} (Erlang C: 0.6687)");
    assert!((wq - 0.668_731_5).abs() < 4.0 * 0.0145, "mean wait {wq}");
    assert!((p_wait - 0.668_731_5).abs() < 4.0 * 0.003, "P(wait) {p_wait}");
}
