/**
 * A seeded pseudo-random generator (mulberry32): uniform in [0, 1) with 32 bits of
 * resolution and a period of 2^32. Same seed, same sequence, on every platform, which is
 * what makes bootstraps and synthetic histories reproducible. Not cryptographic.
 *
 * The seed is taken as an unsigned 32-bit integer (`seed >>> 0`): fractions are dropped
 * and -1 is the same seed as 4294967295.
 *
 * @example
 * const random = seededRandom(42);
 * const index = Math.floor(random() * n); // an index in [0, n)
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
