//! A small raw DEFLATE encoder (RFC 1951) for share links.
//!
//! LZ77 matches are found through hash chains on the next three bytes and
//! written in one block with the fixed Huffman codes (block type 1). A
//! general encoder with dynamic tables (miniz_oxide's) shortened a link by
//! a fifth more but weighed about 3 kB of the first load; any inflater,
//! miniz_oxide's included, reads both.

/// The window a match may reach back into: distances up to 32 767, one
/// short of the format's 32 KiB.
const WINDOW: usize = 1 << 15;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// How many earlier positions with the same three-byte hash are tried.
const MAX_CHAIN: usize = 128;
const HASH_BITS: u32 = 12;

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Bits written least significant first, as DEFLATE packs them.
struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code goes most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        self.put(code.reverse_bits() >> (32 - len), len);
    }

    /// A literal/length symbol with the fixed code (RFC 1951 §3.2.6).
    fn symbol(&mut self, sym: u32) {
        match sym {
            0..=143 => self.code(0x30 + sym, 8),
            144..=255 => self.code(0x190 + sym - 144, 9),
            256..=279 => self.code(sym - 256, 7),
            _ => self.code(0xC0 + sym - 280, 8),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The last table entry whose base is at most `value`.
fn slot(bases: &[u16], value: usize) -> usize {
    bases.partition_point(|&b| usize::from(b) <= value) - 1
}

fn hash(data: &[u8], i: usize) -> usize {
    let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// `data` as one final fixed-Huffman DEFLATE block.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::with_capacity(data.len() / 2 + 16),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE 01: fixed codes
                    // head[h]: the latest position + 1 with hash h; prev[i % WINDOW]: the
                    // one before it with the same hash (0 ends a chain).
    let mut head = vec![0usize; 1 << HASH_BITS];
    let mut prev = vec![0usize; WINDOW.min(data.len().max(1))];
    let insert = |head: &mut [usize], prev: &mut [usize], i: usize| {
        if i + MIN_MATCH <= data.len() {
            let h = hash(data, i);
            prev[i % prev.len()] = head[h];
            head[h] = i + 1;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0, 0);
        if i + MIN_MATCH <= data.len() {
            let limit = (data.len() - i).min(MAX_MATCH);
            let mut candidate = head[hash(data, i)];
            let mut chain = MAX_CHAIN;
            while candidate > 0 && chain > 0 {
                let j = candidate - 1;
                if i - j > WINDOW - 1 {
                    break;
                }
                let len = data[j..j + limit]
                    .iter()
                    .zip(&data[i..i + limit])
                    .take_while(|(a, b)| a == b)
                    .count();
                if len > best_len {
                    (best_len, best_dist) = (len, i - j);
                    if len == limit {
                        break;
                    }
                }
                let next = prev[j % prev.len()];
                // Older entries of a reused slot may point forward: stop.
                if next >= candidate {
                    break;
                }
                candidate = next;
                chain -= 1;
            }
        }
        if best_len >= MIN_MATCH {
            let l = slot(&LEN_BASE, best_len);
            bits.symbol(257 + l as u32);
            bits.put(
                (best_len - usize::from(LEN_BASE[l])) as u32,
                u32::from(LEN_EXTRA[l]),
            );
            let d = slot(&DIST_BASE, best_dist);
            bits.code(d as u32, 5);
            bits.put(
                (best_dist - usize::from(DIST_BASE[d])) as u32,
                u32::from(DIST_EXTRA[d]),
            );
            for k in i..i + best_len {
                insert(&mut head, &mut prev, k);
            }
            i += best_len;
        } else {
            bits.symbol(u32::from(data[i]));
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    bits.symbol(256); // end of block
    bits.finish()
}

#[cfg(test)]
mod tests {
    use super::compress;

    fn round_trip(data: &[u8]) -> usize {
        let packed = compress(data);
        let back = miniz_oxide::inflate::decompress_to_vec(&packed).expect("valid DEFLATE");
        assert_eq!(back, data);
        packed.len()
    }

    #[test]
    fn inflates_back_to_the_input() {
        round_trip(b"");
        round_trip(b"a");
        round_trip(b"ab");
        round_trip(b"abc");
        round_trip(&[0u8; 1000]);
        round_trip(&[255u8; 70_000]);
        let yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n".repeat(50);
        assert!(round_trip(yaml.as_bytes()) < yaml.len() / 10);
        // Pseudo-random bytes and text over more than one window, with
        // matches at the window's far edge.
        let mut x: u64 = 0x1234_5678;
        let mut noise = Vec::new();
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            noise.push(if x.is_multiple_of(3) {
                b'a' + (x >> 8) as u8 % 4
            } else {
                (x >> 16) as u8
            });
        }
        round_trip(&noise);
        let mut far = noise[..40_000].to_vec();
        far.extend_from_slice(&noise[..40_000]);
        round_trip(&far);
    }
}
