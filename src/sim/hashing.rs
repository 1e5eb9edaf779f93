//! The engine's hash maps hash with FxHash (rustc's own hasher) instead of
//! the standard SipHash: their keys are small integers and short names the
//! simulation made itself, not input an attacker chooses, and SipHash was
//! 4 % of a 10 000-index Job's run. The hasher is deterministic, as every
//! part of the engine must be.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` hashed with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// FxHash: rotate, xor a word in, multiply (rustc-hash's `FxHasher`).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

/// One step of FxHash: rotate, xor a word in, multiply. The event
/// correlator's keys (`events::mix`) fold strings with it too.
pub(crate) fn fx_step(h: u64, word: u64) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    (h.rotate_left(5) ^ word).wrapping_mul(K)
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = fx_step(self.0, word);
    }
}

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn write_i32(&mut self, n: i32) {
        self.add(u64::from(n as u32));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_differ_hash_apart_and_lookups_work() {
        let mut m: FastMap<(usize, usize, Option<i32>), usize> = FastMap::default();
        for job in 0..50 {
            for c in 0..3 {
                for i in [None, Some(0), Some(7)] {
                    m.insert((job, c, i), job * 10 + c);
                }
            }
        }
        assert_eq!(m.len(), 50 * 3 * 3);
        assert_eq!(m.get(&(42, 2, Some(7))), Some(&422));
        let h = |s: &str| {
            let mut h = FxHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(h("sleep"), h("sleeq"));
        assert_ne!(h("ab"), h("ba"));
    }
}
