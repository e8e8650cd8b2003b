//! The pending-event set: a priority queue ordered by (time, insertion sequence).
//!
//! **Ordering guarantee.** Events are popped in increasing time; events
//! scheduled for the *same* minute are popped in the order they were pushed
//! (first in, first out), whatever their payload. The insertion sequence is a
//! 64-bit counter owned by the queue, so the order never depends on the
//! payload's own ordering, on hashing or on the queue's internal layout. This
//! is what makes a run reproducible bit for bit.
//!
//! **Layout (a calendar queue).** Events of the next [`RING_DAYS`] days sit
//! unsorted in one bucket per day; when its day comes, a bucket is sorted
//! once (by time, then sequence; by counting its minutes when its events
//! came in sequence order, the usual case) and popped from its end. Events scheduled
//! into the day already under way go to a small binary heap, merged with the
//! sorted day at each pop. Events further ahead wait in an overflow heap. A
//! simulation keeps one pending event per inhabitant or more (next needs,
//! follow-ups, decompensations): a million for a city, 68 million for France,
//! where a day holds a million events. Sorting a day in one pass reads memory
//! in order, where popping a heap of that size misses the cache at every
//! level (the heap took 36 % of a national run; see the README).

use super::time::SimTime;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Days covered by the bucket ring ahead of the current day.
pub const RING_DAYS: u32 = 1024;

/// Events scheduled into the running day at once from which they are merged
/// into the sorted day rather than pushed on the small heap.
const MERGE_AT: usize = 2048;

/// One scheduled event with its ordering key.
struct Entry<E> {
    time: SimTime,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed so that `BinaryHeap` (a max-heap) pops the earliest entry.
    fn cmp(&self, other: &Self) -> Ordering {
        other.time.cmp(&self.time).then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A queue of future events of type `E`, popped by (time, insertion order).
pub struct EventQueue<E> {
    /// Events of day `day` known when the day began, sorted latest first (popped from the end).
    sorted: Vec<Entry<E>>,
    /// Events scheduled into day `day` (or earlier) after it began, small batches.
    late: BinaryHeap<Entry<E>>,
    /// Events scheduled into day `day` since the last pop, not yet placed:
    /// a large batch (a day's needs, drawn at its start) is merged into
    /// `sorted` in one pass, a small one goes to `late`.
    late_batch: Vec<Entry<E>>,
    /// Events of days `day + 1 .. day + RING_DAYS`, unsorted, at `d % RING_DAYS`.
    buckets: Vec<Vec<Entry<E>>>,
    /// Events in the buckets.
    in_buckets: usize,
    /// Events of later days.
    overflow: BinaryHeap<Entry<E>>,
    /// The day `current` holds.
    day: u32,
    next_seq: u64,
    now: SimTime,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty queue whose clock is at [`SimTime::ZERO`].
    pub fn new() -> Self {
        EventQueue {
            sorted: Vec::new(),
            late: BinaryHeap::new(),
            late_batch: Vec::new(),
            buckets: (0..RING_DAYS).map(|_| Vec::new()).collect(),
            in_buckets: 0,
            overflow: BinaryHeap::new(),
            day: 0,
            next_seq: 0,
            now: SimTime::ZERO,
        }
    }

    /// The time of the last event popped (the simulation clock).
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Schedules `event` at `time`. Scheduling in the past is a logic error of
    /// the caller: the event is moved to the current time so that the clock
    /// never goes backwards (debug builds panic to reveal the bug).
    // `#[inline]` here and on `pop`: once per event; keeps the hot loop's
    // inlining independent of how the crate is split into codegen units.
    #[inline]
    pub fn schedule(&mut self, time: SimTime, event: E) {
        debug_assert!(time >= self.now, "event scheduled in the past: {time} < {}", self.now);
        let time = time.max(self.now);
        let seq = self.next_seq;
        self.next_seq += 1;
        self.place(Entry { time, seq, event });
    }

    fn place(&mut self, e: Entry<E>) {
        let d = e.time.day();
        if d <= self.day {
            self.late_batch.push(e);
        } else if d - self.day < RING_DAYS {
            self.buckets[(d % RING_DAYS) as usize].push(e);
            self.in_buckets += 1;
        } else {
            self.overflow.push(e);
        }
    }

    /// Moves to the next day that holds events, until the day has events or
    /// nothing is left.
    fn refill(&mut self) {
        self.settle();
        while self.sorted.is_empty() && self.late.is_empty() && (self.in_buckets > 0 || !self.overflow.is_empty()) {
            self.day = if self.in_buckets == 0 {
                // Nothing in the ring: jump straight to the overflow's first day.
                self.overflow.peek().map_or(self.day + 1, |e| e.time.day())
            } else {
                self.day + 1
            };
            while self.overflow.peek().is_some_and(|e| e.time.day() - self.day < RING_DAYS) {
                let e = self.overflow.pop().expect("peeked");
                self.place(e);
            }
            // The day's bucket is sorted once, latest first; its allocation
            // moves with it, so drained days keep no capacity.
            let mut events = std::mem::take(&mut self.buckets[(self.day % RING_DAYS) as usize]);
            self.in_buckets -= events.len();
            // Overflow events of the new day itself were placed as same-day events.
            events.append(&mut self.late_batch);
            sort_latest_first(&mut events, self.day);
            self.sorted = events;
        }
    }

    /// Places the events scheduled into the running day since the last pop.
    fn settle(&mut self) {
        if self.late_batch.len() < MERGE_AT {
            for e in self.late_batch.drain(..) {
                self.late.push(e);
            }
            return;
        }
        let mut batch = std::mem::take(&mut self.late_batch);
        sort_latest_first(&mut batch, self.day);
        let day = std::mem::take(&mut self.sorted);
        let mut merged = Vec::with_capacity(day.len() + batch.len());
        let (mut a, mut b) = (day.into_iter().peekable(), batch.into_iter().peekable());
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => (x.time, x.seq) > (y.time, y.seq),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            merged.push(if take_a { a.next() } else { b.next() }.expect("peeked"));
        }
        self.sorted = merged;
    }

    /// Whether the next event is the sorted day's last one (else the late heap's top).
    fn next_is_sorted(&self) -> bool {
        match (self.sorted.last(), self.late.peek()) {
            (Some(s), Some(l)) => (s.time, s.seq) < (l.time, l.seq),
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// Removes and returns the earliest event, advancing the clock to its time.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.refill();
        let entry = if self.next_is_sorted() { self.sorted.pop() } else { self.late.pop() }?;
        self.now = entry.time;
        Some((entry.time, entry.event))
    }

    /// The event `k` places after the next one in the day's sorted run, if
    /// there is one (events scheduled into the day after it began are not
    /// counted). A hint for prefetching what that event will touch; it says
    /// nothing reliable about the order.
    pub fn sorted_ahead(&self, k: usize) -> Option<(SimTime, &E)> {
        let n = self.sorted.len();
        (k < n).then(|| {
            let e = &self.sorted[n - 1 - k];
            (e.time, &e.event)
        })
    }

    /// Up to `k` of the events scheduled into the day after it began (the
    /// small heap beside the sorted run): the earliest and those nearest it
    /// in the heap, in no reliable order. A hint for prefetching, like
    /// [`EventQueue::sorted_ahead`]: a same-day consultation is often next.
    pub fn late_ahead(&self, k: usize) -> impl Iterator<Item = &E> + '_ {
        self.late.iter().take(k).map(|e| &e.event)
    }

    /// The time of the earliest pending event, if any (the clock does not move).
    pub fn peek_time(&mut self) -> Option<SimTime> {
        self.refill();
        if self.next_is_sorted() {
            self.sorted.last().map(|e| e.time)
        } else {
            self.late.peek().map(|e| e.time)
        }
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.sorted.len() + self.late.len() + self.late_batch.len() + self.in_buckets + self.overflow.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Total number of events ever scheduled.
    pub fn scheduled_count(&self) -> u64 {
        self.next_seq
    }
}

/// Events from which a day is sorted by counting its minutes rather than by comparisons.
const COUNT_FROM: usize = 512;

/// Sorts `events` by (time, seq), latest first (the order [`EventQueue`]
/// pops from the end). A day's events are scheduled mostly in the order of
/// their sequence numbers, all within one day: then a counting sort on the
/// minute of the day (1,440 counts) gives the same order in two passes,
/// where a comparison sort costs n log n (12 % of a run's instructions on the
/// Nord). Any other input (events of another day, sequence numbers out of
/// order, a short run) takes the comparison sort. Either way the order is
/// the one total order on (time, seq), so the result does not depend on the path.
fn sort_latest_first<E>(events: &mut Vec<Entry<E>>, day: u32) {
    use super::time::MINUTES_PER_DAY;
    let base = SimTime::from_day(day).0;
    let countable = events.len() >= COUNT_FROM
        && events.iter().all(|e| e.time.0.wrapping_sub(base) < MINUTES_PER_DAY)
        && events.windows(2).all(|w| w[0].seq < w[1].seq);
    if !countable {
        events.sort_unstable_by(|a, b| (b.time, b.seq).cmp(&(a.time, a.seq)));
        return;
    }
    let minute = |e: &Entry<E>| (e.time.0 - base) as usize;
    let mut next = vec![0u32; MINUTES_PER_DAY as usize];
    for e in events.iter() {
        next[minute(e)] += 1;
    }
    // Where each minute's run starts, the latest minute first.
    let mut start = 0u32;
    for n in next.iter_mut().rev() {
        let count = *n;
        *n = start;
        start += count;
    }
    // Within a minute, by decreasing sequence number: the input read backwards.
    let mut places: Vec<Option<Entry<E>>> = std::iter::repeat_with(|| None).take(events.len()).collect();
    for e in events.drain(..).rev() {
        let at = &mut next[minute(&e)];
        places[*at as usize] = Some(e);
        *at += 1;
    }
    events.extend(places.into_iter().map(|e| e.expect("every place is filled once")));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order() {
        let mut q = EventQueue::new();
        q.schedule(SimTime(30), "c");
        q.schedule(SimTime(10), "a");
        q.schedule(SimTime(20), "b");
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, ["a", "b", "c"]);
    }

    #[test]
    fn late_ahead_shows_the_earliest_event_scheduled_into_the_running_day_first() {
        // Day 1's events known before it began form its sorted run.
        let day1 = |minute: u32| SimTime::from_day(1) + crate::engine::Minutes(minute);
        let mut q = EventQueue::new();
        q.schedule(day1(100), "known at the start");
        q.schedule(day1(200), "known at the start too");
        q.pop();
        assert_eq!(q.late_ahead(3).count(), 0, "nothing scheduled into the day yet");
        for (t, e) in [(500, "late c"), (150, "late a"), (300, "late b")] {
            q.schedule(day1(t), e);
        }
        q.peek_time();
        assert_eq!(q.late_ahead(1).collect::<Vec<_>>(), [&"late a"]);
        let mut all: Vec<_> = q.late_ahead(3).copied().collect();
        all.sort_unstable();
        assert_eq!(all, ["late a", "late b", "late c"]);
        // The sorted run is not among them.
        assert_eq!(q.sorted_ahead(0).map(|(t, e)| (t, *e)), Some((day1(200), "known at the start too")));
    }

    #[test]
    fn same_time_events_pop_first_in_first_out() {
        let mut q = EventQueue::new();
        // Payloads deliberately in reverse "natural" order: FIFO must win.
        for payload in [9, 3, 7, 1, 5] {
            q.schedule(SimTime(100), payload);
        }
        q.schedule(SimTime(50), 0);
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, [0, 9, 3, 7, 1, 5]);
    }

    #[test]
    fn clock_follows_popped_events_and_never_goes_back() {
        let mut q = EventQueue::new();
        q.schedule(SimTime(5), ());
        q.schedule(SimTime(8), ());
        assert_eq!(q.peek_time(), Some(SimTime(5)));
        q.pop();
        assert_eq!(q.now(), SimTime(5));
        q.pop();
        assert_eq!(q.now(), SimTime(8));
        assert!(q.is_empty());
        assert_eq!(q.scheduled_count(), 2);
    }

    /// Runs in both profiles: a debug build (`cargo test`) refuses an event
    /// in the past; a release build clamps it to now.
    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "event scheduled in the past"))]
    fn scheduling_in_the_past_is_clamped_to_now() {
        let mut q = EventQueue::new();
        q.schedule(SimTime(10), 1);
        q.pop();
        q.schedule(SimTime(3), 2);
        assert_eq!(q.pop(), Some((SimTime(10), 2)));
    }

    #[test]
    fn matches_a_plain_heap_on_random_schedules_across_days_and_the_ring() {
        // Events spread over minutes, days, and far beyond the ring (overflow),
        // scheduled while popping: the order must be exactly (time, seq).
        use crate::engine::rng::RandomStreams;
        use rand::Rng;
        let mut rng = RandomStreams::new(3, 0).stream("q");
        let mut q = EventQueue::new();
        let mut reference: std::collections::BTreeSet<(u32, u64)> = Default::default();
        let mut popped = Vec::new();
        for (seq, step) in (0..20_000u32).enumerate() {
            let seq = seq as u64;
            let now = q.now().0;
            let ahead = match step % 4 {
                0 => rng.random_range(0..60),
                1 => rng.random_range(0..3 * 1440),
                2 => rng.random_range(0..400 * 1440),
                _ => rng.random_range(0..3000 * 1440),
            };
            q.schedule(SimTime(now + ahead), seq);
            reference.insert((now + ahead, seq));
            if step % 3 == 0 {
                let (t, s) = q.pop().unwrap();
                let expected = reference.pop_first().unwrap();
                assert_eq!((t.0, s), expected);
                popped.push(t);
            }
        }
        while let Some((t, s)) = q.pop() {
            assert_eq!((t.0, s), reference.pop_first().unwrap());
            popped.push(t);
        }
        assert!(reference.is_empty() && q.is_empty());
        assert!(popped.windows(2).all(|w| w[0] <= w[1]), "the clock never goes back");
    }

    #[test]
    fn large_same_day_bursts_keep_the_order() {
        // A day's needs drawn at its start (a burst above MERGE_AT) mixed with
        // events already sorted for the day and small same-day additions.
        use crate::engine::rng::RandomStreams;
        use rand::Rng;
        let mut rng = RandomStreams::new(4, 0).stream("burst");
        let mut q = EventQueue::new();
        let mut reference: std::collections::BTreeSet<(u32, u64)> = Default::default();
        let mut seq = 0u64;
        let mut add = |q: &mut EventQueue<u64>, reference: &mut std::collections::BTreeSet<(u32, u64)>, t: u32| {
            q.schedule(SimTime(t), seq);
            reference.insert((t, seq));
            seq += 1;
        };
        for _ in 0..3000 {
            add(&mut q, &mut reference, 1440 + rng.random_range(0..1440));
        }
        for round in 0..6 {
            let (t, s) = q.pop().unwrap();
            assert_eq!((t.0, s), reference.pop_first().unwrap());
            let now = q.now().0;
            let burst = if round % 2 == 0 { 5000 } else { 3 };
            for _ in 0..burst {
                let t = (now + rng.random_range(0..600)).min(2 * 1440 - 1);
                add(&mut q, &mut reference, t);
            }
        }
        while let Some((t, s)) = q.pop() {
            assert_eq!((t.0, s), reference.pop_first().unwrap());
        }
        assert!(reference.is_empty());
    }

    #[test]
    fn peeking_does_not_move_the_clock() {
        let mut q = EventQueue::new();
        q.schedule(SimTime(5 * 1440), 'a');
        q.schedule(SimTime(3000 * 1440), 'b');
        assert_eq!(q.peek_time(), Some(SimTime(5 * 1440)));
        assert_eq!(q.now(), SimTime::ZERO);
        assert_eq!(q.len(), 2);
        assert_eq!(q.pop(), Some((SimTime(5 * 1440), 'a')));
        assert_eq!(q.pop(), Some((SimTime(3000 * 1440), 'b')));
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn counting_a_day_sorts_as_the_comparison_does() {
        // The counting sort (a day's events in sequence order) and the
        // comparison sort it replaces give the same order; inputs it cannot
        // count (another day, sequence out of order, short) fall back.
        use crate::engine::rng::RandomStreams;
        use rand::Rng;
        let mut rng = RandomStreams::new(5, 0).stream("count");
        let day = 3u32;
        let base = day * 1440;
        let reference = |v: &[Entry<u32>]| {
            let mut r: Vec<(u32, u64, u32)> = v.iter().map(|e| (e.time.0, e.seq, e.event)).collect();
            r.sort_unstable_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)));
            r
        };
        for (n, case) in [(5000usize, 0), (600, 0), (3000, 1), (3000, 2), (100, 0), (512, 0)] {
            let mut seq = 10u64;
            let mut v: Vec<Entry<u32>> = (0..n)
                .map(|i| {
                    seq += rng.random_range(1..3);
                    // Few distinct minutes in part of the run: many ties, kept by sequence.
                    let m = if i % 3 == 0 { rng.random_range(0..4) * 360 } else { rng.random_range(0..1440) };
                    Entry { time: SimTime(base + m), seq, event: i as u32 }
                })
                .collect();
            match case {
                1 => v.swap(10, 2000),
                2 => v[7].time = SimTime(base + 1440 + 5),
                _ => {}
            }
            let expected = reference(&v);
            sort_latest_first(&mut v, day);
            let got: Vec<(u32, u64, u32)> = v.iter().map(|e| (e.time.0, e.seq, e.event)).collect();
            assert_eq!(got, expected, "n {n}, case {case}");
        }
    }
}
