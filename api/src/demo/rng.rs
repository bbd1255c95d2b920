//! A tiny seeded pseudo-random generator (SplitMix64).
//!
//! Hand-written rather than `rand::rngs::StdRng` because `StdRng`'s algorithm may change between `rand`
//! releases, and the demo data promise is "same seed and arguments, byte-identical files" for good. Only
//! integer arithmetic and IEEE-exact float operations (`+ - * /`, no `powf`) are used, so the output does not
//! depend on the platform's math library either.

/// SplitMix64: fast, tiny, and good enough for demo data.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a bijection on `u64` with good avalanche.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for one independent stream of a seed (for example one partner), so that what one
    /// partner draws never shifts what another gets.
    pub(crate) fn stream(seed: u64, stream: u64) -> Self {
        Self(mix(seed
            ^ mix(stream
                .wrapping_mul(GOLDEN)
                .wrapping_add(0x632B_E59B_D9B4_E019))))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// Uniform in `lo..=hi` for counts.
    pub(crate) fn count(&mut self, lo: u32, hi: u32) -> u32 {
        self.range(i64::from(lo), i64::from(hi)) as u32
    }

    /// Uniform in `[lo, hi)`.
    pub(crate) fn float(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Log-uniform in `[lo, hi)` for sizes (many small, few large), without `ln`/`exp`: the product of
    /// two uniform factors, which is skewed the same way.
    pub(crate) fn skewed(&mut self, lo: f64, hi: f64) -> f64 {
        let u = self.unit() * self.unit();
        lo + (hi - lo) * u
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One item of a non-empty list (the default value for an empty one).
    pub(crate) fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        self.pick_or(items, T::default())
    }

    /// One item of a list, or `fallback` when it is empty.
    pub(crate) fn pick_or<T: Copy>(&mut self, items: &[T], fallback: T) -> T {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or(fallback)
    }

    /// An index drawn with the given weights (0 when all weights are 0).
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        0
    }

    /// `k` distinct items of `items` (all of them, shuffled, when `k >= len`).
    pub(crate) fn sample<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut pool = items.to_vec();
        let k = k.min(pool.len());
        for i in 0..k {
            let j = i + self.below((pool.len() - i) as u64) as usize;
            pool.swap(i, j);
        }
        pool.truncate(k);
        pool
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_same_stream_repeats_and_different_streams_differ() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::stream(7, 1);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::stream(7, 1);
                move |_| r.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::stream(7, 2);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn ranges_stay_inside_their_bounds() {
        let mut r = Rng::stream(1, 1);
        for _ in 0..10_000 {
            let x = r.range(-3, 4);
            assert!((-3..=4).contains(&x));
            let f = r.float(2.0, 3.0);
            assert!((2.0..3.0).contains(&f));
            let s = r.skewed(10.0, 20.0);
            assert!((10.0..20.0).contains(&s));
        }
        assert_eq!(r.range(5, 5), 5);
        assert_eq!(r.range(5, 1), 5);
        assert_eq!(r.below(0), 0);
        let picked = r.sample(&[1, 2, 3, 4, 5], 3);
        assert_eq!(picked.len(), 3);
        let mut sorted = picked.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 3);
    }
}
