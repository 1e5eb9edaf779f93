//! The one random source of a run, seeded from the scenario: SplitMix64,
//! small and identical on every platform.

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6a09_e667_f3bc_c909)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// `utilrand.String(n)` from `k8s.io/apimachinery/pkg/util/rand`: the
    /// alphabet without vowels and look-alikes that generated names use.
    /// Appended to `out` (a generated name's prefix).
    pub fn push_k8s_suffix(&mut self, out: &mut String, n: usize) {
        const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        for _ in 0..n {
            out.push(ALPHANUMS[(self.next_u64() % ALPHANUMS.len() as u64) as usize] as char);
        }
    }
    /// A UID-looking string for describe output (a version-4 UUID's
    /// shape, `8-4-4-4-12` hex digits), written digit by digit: every Job
    /// and pod gets one, and `format!` with padding is slow.
    pub fn uid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        let groups: [(u64, usize); 5] = [
            (a >> 32, 8),
            ((a >> 16) & 0xffff, 4),
            (0x4000 | (a & 0x0fff), 4),
            (0x8000 | (b >> 52 & 0x3fff), 4),
            (b & 0xffff_ffff_ffff, 12),
        ];
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(36);
        for (i, (value, digits)) in groups.into_iter().enumerate() {
            if i > 0 {
                out.push('-');
            }
            for d in (0..digits).rev() {
                out.push(HEX[((value >> (4 * d)) & 0xf) as usize] as char);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uid_has_the_uuid_shape() {
        let mut r = super::Rng::new(42);
        let a = r.next_u64();
        let b = r.next_u64();
        let expected = format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            0x4000 | (a & 0x0fff),
            0x8000 | (b >> 52 & 0x3fff),
            b & 0xffff_ffff_ffff
        );
        assert_eq!(super::Rng::new(42).uid(), expected);
    }
}
