//! Named, portable random streams (common random numbers).
//!
//! Every random decision draws from a stream named after its purpose. The
//! streams of a replication are: `population` (synthesis), `gp_calendar`
//! (GPs' weeks off), `registration` (initial médecin traitant lists),
//! `chronic_phase` (initial follow-up dates), `need_onset` (daily need
//! counts and onset times), `gp_installation` (new GPs), and the keyed
//! streams `need` (first contact of one need), `outcome` (what one
//! consultation does), `chronic` (decompensation times), `hospital`
//! (admission and readmission draws) and `policy` (policies' own draws).
//! Experiments add `design/latin_hypercube`, `sensitivity/bootstrap` and
//! `psa/<parameter path>` (one stream per uncertain parameter).
//! A stream's seed is derived from the
//! run's base seed, the replication index and a *stable* hash of the stream
//! name (64-bit FNV-1a, fixed here, unlike `std`'s hasher), mixed with
//! SplitMix64. The generator is Xoshiro256++ (`rand_xoshiro`), whose output is
//! fixed by its specification, unlike `StdRng`.
//!
//! Streams can also be keyed by an entity (a patient, a need): the draws made
//! for one need then do not depend on how many draws other needs made before
//! it. Switching a mechanism on therefore does not shift the draws of the
//! others, which is what makes paired comparisons between variants precise.

use rand::{RngCore, SeedableRng};

/// The generator used everywhere in parcours: Xoshiro256++ (Blackman &
/// Vigna), the same generator as `rand_xoshiro` 0.7's `Xoshiro256PlusPlus`,
/// draw for draw (`next_u32` is the upper half of `next_u64`, bytes are
/// filled from `next_u64`), written out here so that a keyed generator is
/// built from its four state words directly: `rand_xoshiro` only takes a
/// 32-byte seed, and that byte path cost about 190 instructions per
/// generator against about 40 (12 million generators in the Nord's quarter,
/// 8.8 % of its instructions). The test `the_generator_is_rand_xoshiros`
/// compares the two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamRng {
    s: [u64; 4],
}

impl RngCore for StreamRng {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        // The lowest bits have some linear dependencies: the upper half is used.
        (self.next_u64() >> 32) as u32
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    #[inline]
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        rand::rand_core::impls::fill_bytes_via_next(self, dest);
    }
}

impl SeedableRng for StreamRng {
    type Seed = [u8; 32];

    /// The state read as four little-endian words; an all-zero seed (a
    /// state Xoshiro cannot leave) is mapped as `rand_xoshiro` maps it.
    fn from_seed(seed: [u8; 32]) -> StreamRng {
        if seed.iter().all(|&b| b == 0) {
            return seeded(0);
        }
        let mut s = [0u64; 4];
        for (w, chunk) in s.iter_mut().zip(seed.chunks_exact(8)) {
            *w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        }
        StreamRng { s }
    }

    /// As `rand_xoshiro`: the state is SplitMix64's next four outputs (see [`seeded`]).
    fn seed_from_u64(seed: u64) -> StreamRng {
        seeded(seed)
    }
}

/// 64-bit FNV-1a of `text`: stable across platforms, releases and runs.
pub fn stable_hash(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    text.bytes().fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The random streams of one replication.
#[derive(Clone, Copy, Debug)]
pub struct RandomStreams {
    replication_key: u64,
}

impl RandomStreams {
    /// Streams for replication `replication` of a run seeded with `base_seed`.
    pub fn new(base_seed: u64, replication: u32) -> Self {
        let replication_key = mix64(mix64(base_seed) ^ mix64(u64::from(replication) ^ 0x5eed));
        RandomStreams { replication_key }
    }

    /// The key of the stream called `name` (hash it once, reuse the key).
    pub fn key(&self, name: &str) -> u64 {
        mix64(self.replication_key ^ stable_hash(name))
    }

    /// A generator for the stream called `name`.
    pub fn stream(&self, name: &str) -> StreamRng {
        seeded(self.key(name))
    }

    /// A generator for entity `entity` within the stream whose key is
    /// `stream_key` (see [`RandomStreams::key`]).
    #[inline]
    pub fn entity(stream_key: u64, entity: u64) -> StreamRng {
        seeded(mix64(stream_key ^ mix64(entity)))
    }
}

/// The generator `rand_xoshiro`'s `Xoshiro256PlusPlus::seed_from_u64(seed)`
/// gives: its state is the next four outputs of SplitMix64 started at
/// `seed` (four distinct inputs of a bijection, so never all zero). A keyed
/// generator is made for every need and every consultation. The test
/// `the_generator_is_rand_xoshiros` checks the two are the same generator.
#[inline]
pub fn seeded(seed: u64) -> StreamRng {
    const PHI: u64 = 0x9e37_79b9_7f4a_7c15;
    let word = |i: u64| mix64(seed.wrapping_add(PHI.wrapping_mul(i)));
    StreamRng { s: [word(1), word(2), word(3), word(4)] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn fnv1a_matches_published_vectors() {
        // Test vectors from the FNV reference (Fowler, Noll, Vo).
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn mix64_matches_splitmix_reference() {
        // shared/bench/WORKLOAD.md §0.1: stream(1, 0) starts at mix64(mix64(1) ^ 0).
        assert_eq!(mix64(mix64(1)), 0x7ab4_0e09_0f36_3a7d);
    }

    #[test]
    fn the_generator_is_rand_xoshiros() {
        // Draw for draw the crate's Xoshiro256++: seeded from a u64 (every
        // keyed stream) and from bytes, through u64, u32, f64, ranges and bytes.
        use rand_xoshiro::Xoshiro256PlusPlus as Crate;
        let mut seed = 0u64;
        let mut seeds: Vec<u64> = (0..2000u64)
            .map(|k| {
                seed = mix64(seed ^ k);
                seed
            })
            .collect();
        seeds.extend([0, 1, u64::MAX, 0x9e37_79b9_7f4a_7c15_u64.wrapping_neg()]);
        for &seed in &seeds {
            let (mut a, mut b, mut c) = (seeded(seed), Crate::seed_from_u64(seed), StreamRng::seed_from_u64(seed));
            for _ in 0..4 {
                let x = b.random::<u64>();
                assert_eq!(a.random::<u64>(), x, "seed {seed}");
                assert_eq!(c.random::<u64>(), x, "seed {seed}");
            }
            assert_eq!(a.random::<u32>(), b.random::<u32>());
            assert_eq!(a.random::<f64>().to_bits(), b.random::<f64>().to_bits());
            assert_eq!(a.random_range(0..37u32), b.random_range(0..37u32));
            let (mut x, mut y) = ([0u8; 13], [0u8; 13]);
            a.fill_bytes(&mut x);
            b.fill_bytes(&mut y);
            assert_eq!(x, y);
            assert_eq!(a.random::<u64>(), b.random::<u64>());
        }
        for bytes in [[0u8; 32], [7u8; 32], std::array::from_fn(|i| i as u8)] {
            let (mut a, mut b) = (StreamRng::from_seed(bytes), Crate::from_seed(bytes));
            for _ in 0..8 {
                assert_eq!(a.next_u64(), b.next_u64());
            }
        }
    }

    #[test]
    fn same_inputs_give_the_same_draws() {
        let a: u64 = RandomStreams::new(42, 3).stream("needs").random();
        let b: u64 = RandomStreams::new(42, 3).stream("needs").random();
        assert_eq!(a, b);
    }

    #[test]
    fn streams_differ_by_name_replication_and_seed() {
        let draw = |seed, rep, name: &str| -> u64 { RandomStreams::new(seed, rep).stream(name).random() };
        let base = draw(42, 0, "needs");
        assert_ne!(base, draw(42, 0, "choice"));
        assert_ne!(base, draw(42, 1, "needs"));
        assert_ne!(base, draw(43, 0, "needs"));
    }

    #[test]
    fn entity_streams_are_independent_of_draw_order() {
        let s = RandomStreams::new(7, 0);
        let key = s.key("need");
        let first: f64 = RandomStreams::entity(key, 12).random();
        // Draw heavily from other entities in between: entity 12 is unaffected.
        for e in 0..100 {
            let _: f64 = RandomStreams::entity(key, e).random();
        }
        let again: f64 = RandomStreams::entity(key, 12).random();
        assert_eq!(first, again);
        let other: f64 = RandomStreams::entity(key, 13).random();
        assert_ne!(first, other);
    }
}
