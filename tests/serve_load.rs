//! Load on `parcours serve`: 20 concurrent clients on 127.0.0.1 for at most
//! 10 seconds (and at most 400 requests each: the loops stop by
//! themselves), mixing the page, search, map, diagnostic, catalogue,
//! validation and the list of runs. Every answer must be a success, and the
//! server's peak resident memory stays bounded. Prints what it measured; no
//! assertion on time.

#![cfg(feature = "serve")]

mod serve_common;

use serde_json::json;
use serve_common::{request, small_scenario, Server};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 20;
const MAX_SECONDS: u64 = 10;
const MAX_REQUESTS_PER_CLIENT: usize = 400;
/// Peak resident memory allowed, kB (the embedded data and the runtime need ≈ 100 MB).
const MAX_PEAK_KB: u64 = 1024 * 1024;

#[test]
fn twenty_clients_for_ten_seconds_no_error_memory_bounded() {
    let s = Server::start();
    assert_eq!(s.get("/api/search?q=gueret").status, 200, "warm-up: the dataset is parsed");
    let rss_start = s.vm_rss_kb();
    let ok = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(MAX_SECONDS);
    let handles: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (addr, ok, errors) = (s.addr.clone(), ok.clone(), errors.clone());
            std::thread::spawn(move || {
                let queries = ["gueret", "creuse", "lyon", "st%20etienne", "bordeaux", "ain", "montagne"];
                for k in 0..MAX_REQUESTS_PER_CLIENT {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let r = match (i + k) % 7 {
                        0 => request(&addr, "GET", "/", None),
                        1 => request(&addr, "GET", &format!("/api/search?q={}", queries[(i + k) % queries.len()]), None),
                        2 => request(&addr, "GET", "/api/communes?spec=departement=23", None),
                        3 => request(
                            &addr,
                            "POST",
                            "/api/diagnostic",
                            Some(("application/json", json!({ "communes": ["23096", "23001", "23079"] }).to_string().into_bytes())),
                        ),
                        4 => request(&addr, "GET", "/api/catalogue", None),
                        5 => request(
                            &addr,
                            "POST",
                            "/api/scenario/validate",
                            Some(("application/json", json!({ "scenario": small_scenario("load", 2, 0.1) }).to_string().into_bytes())),
                        ),
                        _ => request(&addr, "GET", "/api/runs", None),
                    };
                    if r.status == 200 {
                        ok.fetch_add(1, Ordering::Relaxed);
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                        eprintln!("client {i}: status {} {}", r.status, r.text());
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a client failed");
    }
    let seconds = started.elapsed().as_secs_f64();
    let (ok, errors) = (ok.load(Ordering::Relaxed), errors.load(Ordering::Relaxed));
    let peak = s.vm_hwm_kb();
    let rss_end = s.vm_rss_kb();
    eprintln!(
        "load: {CLIENTS} clients, {ok} answers in {seconds:.1} s ({:.0}/s), {errors} errors; server memory: RSS {:?} kB at start, {:?} kB at the end, peak {:?} kB",
        ok as f64 / seconds,
        rss_start,
        rss_end,
        peak
    );
    assert_eq!(errors, 0);
    assert!(ok > 0);
    if let Some(peak) = peak {
        assert!(peak < MAX_PEAK_KB, "peak resident memory {peak} kB");
    }
    assert_eq!(s.get("/api/health").status, 200, "still serving");
}
