//! The replication runner: independent replications in parallel on rayon.
//!
//! Each replication owns its world and runs single-threaded; the runner only
//! decides *where* a replication runs, never what it draws (its streams come
//! from its index). Results are returned in index order, so the output does
//! not depend on the number of threads or on rayon's scheduling.

use rayon::prelude::*;

/// Runs `work(i)` for every `i` in `tasks` on a pool of `threads` workers
/// (0 = rayon's default, one per core; at most [`pool_size`]) and returns the results in the order
/// of `tasks`. `on_done` is called once per finished task (from any thread),
/// e.g. to advance a progress bar.
pub fn run_replications<T, R, F, P>(tasks: &[T], threads: usize, work: F, on_done: P) -> Result<Vec<R>, rayon::ThreadPoolBuildError>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
    P: Fn() + Sync + Send,
{
    let pool = rayon::ThreadPoolBuilder::new().num_threads(pool_size(threads, tasks.len())).build()?;
    Ok(pool.install(|| {
        tasks
            .par_iter()
            .map(|t| {
                let r = work(t);
                on_done();
                r
            })
            .collect()
    }))
}

/// Most worker threads a pool gets, whatever is asked: far above any node's
/// cores; more only cost start-up time (a user's `--threads 100000` once
/// took over a minute for two tasks).
pub const MAX_THREADS: usize = 1024;

/// Threads of the pool for `tasks` tasks when `threads` are asked (0: one
/// per core, rayon's default): never more than the tasks (at least one)
/// nor [`MAX_THREADS`]. Results do not depend on it.
pub fn pool_size(threads: usize, tasks: usize) -> usize {
    if threads == 0 {
        0
    } else {
        threads.min(tasks.max(1)).min(MAX_THREADS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::RandomStreams;
    use rand::Rng;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_pool_never_has_more_threads_than_tasks_or_the_cap() {
        assert_eq!(pool_size(0, 5), 0, "0 keeps rayon's one per core");
        assert_eq!(pool_size(100_000, 2), 2);
        assert_eq!(pool_size(4, 0), 1);
        assert_eq!(pool_size(100_000, 1_000_000), MAX_THREADS);
        assert_eq!(pool_size(3, 10), 3);
        let r = run_replications(&[1u32, 2], 100_000, |x| x * 10, || {}).unwrap();
        assert_eq!(r, vec![10, 20]);
    }

    #[test]
    fn results_come_back_in_index_order_whatever_the_thread_count() {
        let tasks: Vec<u32> = (0..64).collect();
        let work = |&i: &u32| -> u64 { RandomStreams::new(1, i).stream("x").random() };
        let one = run_replications(&tasks, 1, work, || {}).unwrap();
        let four = run_replications(&tasks, 4, work, || {}).unwrap();
        assert_eq!(one, four);
        assert_eq!(one.len(), 64);
    }

    #[test]
    fn progress_callback_runs_once_per_task() {
        let done = AtomicUsize::new(0);
        let tasks = [1, 2, 3];
        run_replications(
            &tasks,
            2,
            |x| x * 2,
            || {
                done.fetch_add(1, Ordering::Relaxed);
            },
        )
        .unwrap();
        assert_eq!(done.load(Ordering::Relaxed), 3);
    }
}
