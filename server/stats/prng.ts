/**
 * The seeded generator behind every bootstrap: xoshiro128** (Blackman & Vigna, 2018), its 128-bit state
 * filled from the seed by splitmix32. Pure 32-bit integer arithmetic (Math.imul, shifts), so a seed gives the
 * same stream on every machine and every run. Tested for reproducibility in tests/unit/stats/prng.test.ts.
 */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Uniform integer in 0 … n − 1. */
  int(n: number): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** A generator for an integer seed (taken modulo 2^32). */
export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  const s = [init(), init(), init(), init()];
  const next = () => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2] = (s[2]! ^ s[0]!) >>> 0;
    s[3] = (s[3]! ^ s[1]!) >>> 0;
    s[1] = (s[1]! ^ s[2]!) >>> 0;
    s[0] = (s[0]! ^ s[3]!) >>> 0;
    s[2] = (s[2]! ^ t) >>> 0;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
  const uniform = () => next() / 4294967296;
  return { uniform, int: (n) => Math.floor(uniform() * n) };
}

/**
 * mulberry32 (T. Ettinger): a one-word-state generator, uniform in [0, 1). Smaller and weaker than xoshiro128**;
 * kept because published choices were made with it (the model evaluation's caption sample, a test's shuffles).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
