//! The generated identifiers: PartnerIDs, professional ids, TPIDs and tenant ids, each a bijection of
//! (seed, partner index, number) so that no two ever collide, whatever the plan's size.

use super::rng::{Rng, mix};

/// A 7-digit PartnerID, unique per index (an affine bijection on 0..9,000,000).
pub(super) fn partner_id(seed: u64, index: usize) -> String {
    const SPAN: u64 = 9_000_000;
    let offset = mix(seed) % SPAN;
    let n = (index as u64 % SPAN)
        .wrapping_mul(4_194_301)
        .wrapping_add(offset)
        % SPAN;
    format!("{}", 1_000_000 + n)
}

/// A 10-digit certification profile id, unique per (partner, professional number).
pub(super) fn professional_id(seed: u64, index: usize, number: u32) -> String {
    const SPAN: u64 = 10_000_000_000;
    let key = (index as u64) * 4096 + u64::from(number % 4096);
    let offset = mix(seed ^ 0x5EED) % SPAN;
    let n = (key.wrapping_mul(7_919_317_021) % SPAN + offset) % SPAN;
    format!("{n:010}")
}

/// A 9-digit TPID, unique per (partner, group number).
pub(super) fn tpid(seed: u64, index: usize, group: u32) -> String {
    const SPAN: u64 = 900_000_000;
    let key = (index as u64) * 4096 + u64::from(group % 4096);
    let offset = mix(seed ^ 0x7919) % SPAN;
    let n = (key.wrapping_mul(123_456_791) % SPAN + offset) % SPAN;
    format!("{}", 100_000_000 + n)
}

/// A tenant id shaped as a v4 UUID. The first 48 bits are a bijection of (partner, customer number), so
/// ids never collide; the rest is random.
pub(super) fn tenant_id(seed: u64, index: usize, number: u32, rng: &mut Rng) -> String {
    const MASK: u64 = (1 << 48) - 1;
    let mut x = (((index as u64) << 20) | u64::from(number & 0xF_FFFF)) & MASK;
    x ^= mix(seed) & MASK;
    x = x.wrapping_mul(0x9E37_79B9_7F4B) & MASK;
    x ^= x >> 24;
    x = x.wrapping_mul(0x5851_F42D_4C95) & MASK;
    x ^= x >> 21;
    let r = rng.next_u64();
    let tail = rng.next_u64() & 0xFFFF_FFFF_FFFF;
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{tail:012x}",
        x >> 16,
        x & 0xFFFF,
        r & 0xFFF,
        0x8000 | ((r >> 12) & 0x3FFF),
    )
}
