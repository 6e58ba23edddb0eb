//! CPython's `random.Random` (3.11): the Mersenne Twister MT19937 seeded the way
//! `Random(seed)` seeds it, and the few methods the demo uses, each drawing exactly
//! the numbers CPython draws. The demo data was first written by a Python script;
//! this is what keeps `generate --demo` byte-identical to it.

use sha2::{Digest, Sha512};

const N: usize = 624;
const M: usize = 397;

/// A Python-compatible random generator.
pub(super) struct PyRandom {
    state: [u32; N],
    index: usize,
}

impl PyRandom {
    /// `random.Random(seed)` for a non-negative integer seed.
    pub(super) fn from_int(seed: u64) -> PyRandom {
        let mut key = vec![seed as u32, (seed >> 32) as u32];
        if key[1] == 0 {
            key.pop();
        }
        PyRandom::from_key(&key)
    }

    /// `random.Random(seed)` for a `str` seed (version 2): the integer whose big-endian
    /// bytes are the UTF-8 text followed by its SHA-512 digest.
    pub(super) fn from_str(seed: &str) -> PyRandom {
        let mut bytes = seed.as_bytes().to_vec();
        bytes.extend_from_slice(&Sha512::digest(seed.as_bytes()));
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        // 32-bit words, least significant first; the top word may be short.
        let mut key: Vec<u32> = bytes[start..]
            .rchunks(4)
            .map(|w| w.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
            .collect();
        if key.is_empty() {
            key.push(0);
        }
        PyRandom::from_key(&key)
    }

    /// MT19937's `init_genrand`: the state for one 32-bit seed.
    fn from_seed_word(seed: u32) -> PyRandom {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        PyRandom { state, index: N }
    }

    /// MT19937's `init_by_array`, which CPython uses for every seed.
    fn from_key(key: &[u32]) -> PyRandom {
        let mut r = PyRandom::from_seed_word(19_650_218);
        let mt = &mut r.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1];
            mt[i] =
                (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        r
    }

    /// Recomputes the whole state block (MT19937's `genrand` refill).
    fn refill(&mut self) {
        let mt = &mut self.state;
        for k in 0..N {
            let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % N] & 0x7fff_ffff);
            let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
            mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    /// The next 32 random bits (`genrand_uint32`).
    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.refill();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: a float in [0, 1) with 53 random bits.
    pub(super) fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `_randbelow(n)`: an integer in [0, n) by rejection from `getrandbits(k)`, `k` the
    /// bit length of `n` (every range the demo draws from fits 32 bits).
    fn below(&mut self, n: u64) -> u64 {
        assert!(
            n > 0 && n <= 1 << 32,
            "range {n} out of the supported 1..=2^32"
        );
        let k = 64 - n.leading_zeros();
        loop {
            let r = u64::from(self.next_u32()) >> (32 - k);
            if r < n {
                return r;
            }
        }
    }

    /// `randrange(start, stop, step)` for a positive step.
    pub(super) fn randrange_step(&mut self, start: i64, stop: i64, step: i64) -> i64 {
        assert!(
            step > 0 && stop > start,
            "empty range {start}..{stop}/{step}"
        );
        let n = (stop - start + step - 1) / step;
        start + step * self.below(n as u64) as i64
    }

    /// `randrange(start, stop)`.
    pub(super) fn randrange(&mut self, start: i64, stop: i64) -> i64 {
        self.randrange_step(start, stop, 1)
    }

    /// `randint(a, b)`: both ends included.
    pub(super) fn randint(&mut self, a: i64, b: i64) -> i64 {
        self.randrange(a, b + 1)
    }

    /// `choice(items)`.
    pub(super) fn choice<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `shuffle(items)` in place (Fisher-Yates from the end).
    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// `sample(items, k)`: `k` distinct items in selection order. Only the pool branch,
    /// the one CPython takes for populations of at most 21 items.
    pub(super) fn sample<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let n = items.len();
        assert!(k <= n && n <= 21, "sample of {k} from {n} is not supported");
        let mut pool = items.to_vec();
        (0..k)
            .map(|i| {
                let j = self.below((n - i) as u64) as usize;
                let picked = pool[j].clone();
                pool[j] = pool[n - i - 1].clone();
                picked
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The expected values are what CPython 3.11 prints for the same calls, e.g.
    // `r = random.Random(20261123); r.random(), r.randint(14, 21), ...`.
    #[test]
    fn int_seed_draws_what_cpython_draws() {
        let mut r = PyRandom::from_int(20_261_123);
        assert_eq!(r.random(), 0.7548469049910241);
        assert_eq!(r.randint(14, 21), 21);
        assert_eq!(r.randrange_step(150_000, 900_000, 500), 313_500);
        assert_eq!(r.randrange(-5, 31), 6);
        let mut items: Vec<u32> = (0..10).collect();
        r.shuffle(&mut items);
        assert_eq!(items, [4, 7, 2, 0, 9, 5, 3, 6, 1, 8]);
        let all: Vec<u32> = (0..18).collect();
        assert_eq!(r.sample(&all, 6), [3, 13, 8, 11, 1, 10]);
    }

    #[test]
    fn other_seeds_draw_what_cpython_draws() {
        let mut r = PyRandom::from_str("spotter-acc-0001");
        assert_eq!(r.random(), 0.2064646127774048);
        assert_eq!(r.randrange(20, 500), 387);
        assert_eq!(
            PyRandom::from_int((1 << 40) + 5).random(),
            0.5043802970418443
        );
        assert_eq!(PyRandom::from_int(0).random(), 0.8444218515250481);
        assert_eq!(PyRandom::from_str("").random(), 0.9602256525641875);
    }
}
