//! A set of ids (patients, GPs) as one bit per id: membership in one read.
//!
//! Policies ask on every need whether the patient is one of theirs (a DAC's
//! enrolled patients, an MSP's member GPs). A binary search over thousands of
//! sorted ids cost a few cache misses per need (DAC 2.4 %, MSP 2.3 % of a
//! Paris 18e run with today's organisation); a bit set answers the same in one.
//! For all of France the DAC's set spans 68 M patients (8.5 MB) and that one
//! read missed the cache on nearly every need (5.7 % of the national run);
//! a summary with one bit per word (which words hold an id: 133 kB, cached)
//! answers most questions, about patients far from any enrolled one,
//! without reading the set itself.

/// Ids as bits (bit `id % 64` of word `id / 64`); ids past the last word
/// are absent. `summary` has bit `w % 64` of word `w / 64` set when word `w`
/// of `words` is not 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdSet {
    words: Vec<u64>,
    summary: Vec<u64>,
}

impl IdSet {
    /// The set of `ids` (any order, duplicates allowed).
    pub fn of(ids: &[u32]) -> Self {
        let n = ids.iter().max().map_or(0, |&m| m as usize / 64 + 1);
        let mut words = vec![0u64; n];
        for &id in ids {
            words[id as usize / 64] |= 1 << (id % 64);
        }
        let mut summary = vec![0u64; n.div_ceil(64)];
        for (w, _) in words.iter().enumerate().filter(|(_, &bits)| bits != 0) {
            summary[w / 64] |= 1 << (w % 64);
        }
        IdSet { words, summary }
    }

    /// Whether `id` is in the set.
    #[inline]
    pub fn contains(&self, id: u32) -> bool {
        let w = id as usize / 64;
        let any = self.summary.get(w / 64).is_some_and(|s| s >> (w % 64) & 1 == 1);
        any && self.words[w] >> (id % 64) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_exactly_its_ids() {
        let s = IdSet::of(&[3, 64, 130, 3]);
        let inside: Vec<u32> = (0..300).filter(|&i| s.contains(i)).collect();
        assert_eq!(inside, vec![3, 64, 130]);
        assert_eq!(s.words.len(), 3, "130 / 64 = 2: three words");
        assert!(!s.contains(u32::MAX));
        assert!(!IdSet::of(&[]).contains(0));
    }

    #[test]
    fn answers_as_a_plain_set_on_random_cases() {
        use rand::Rng;
        let mut rng = crate::engine::rng::RandomStreams::new(5, 0).stream("t");
        for (n, range) in [(0, 10), (5, 100), (300, 1_000_000), (2_000, 50_000), (50_000, 60_000)] {
            let ids: Vec<u32> = (0..n).map(|_| rng.random_range(0..range)).collect();
            let plain: std::collections::HashSet<u32> = ids.iter().copied().collect();
            let s = IdSet::of(&ids);
            for _ in 0..20_000 {
                let id = rng.random_range(0..range + 200);
                assert_eq!(s.contains(id), plain.contains(&id), "{n} ids below {range}, id {id}");
            }
            for &id in &ids {
                assert!(s.contains(id));
            }
        }
    }
}
