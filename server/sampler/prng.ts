/**
 * Deterministic pseudo-random numbers for the initial noise.
 *
 * Generator: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11; the
 * generator behind cuRAND's and JAX's counter-based streams). It is a pure function
 *   block(counter: 4×uint32, key: 2×uint32) → 4×uint32
 * built only from 32-bit integer multiply, xor and add, so every machine computes the same bits.
 *   - key     = (seed mod 2^32, ⌊seed / 2^32⌋), seed an integer in [0, 2^53);
 *   - counter = (block mod 2^32, ⌊block / 2^32⌋, stream, 0); stream 0 is the initial noise.
 *
 * Normals: Box–Muller on each pair of words of a block. A word w becomes the uniform
 *   u = (w + 0.5) / 2^32, strictly inside (0, 1);
 * a pair (u1, u2) gives z0 = √(−2 ln u1)·cos(2π u2), z1 = √(−2 ln u1)·sin(2π u2).
 * Block b therefore yields normals 4b … 4b+3 (words 0,1 → z[4b], z[4b+1]; words 2,3 → z[4b+2], z[4b+3]).
 * `Math.log/cos/sin` are V8's fdlibm ports (the same code on every platform); `sqrt` is exact IEEE.
 * The normals are rounded to float32 when stored. See docs/sampler.md.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO_32 = 4294967296;

/** High 32 bits of the 64-bit product of two uint32 (exact, via 16-bit limbs). */
export function mulhi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** Philox4x32-10: one block of four uint32 words. */
export function philox4x32(counter: readonly number[], key: readonly number[]): Uint32Array {
  let c0 = counter[0]! >>> 0;
  let c1 = counter[1]! >>> 0;
  let c2 = counter[2]! >>> 0;
  let c3 = counter[3]! >>> 0;
  let k0 = key[0]! >>> 0;
  let k1 = key[1]! >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  return Uint32Array.of(c0, c1, c2, c3);
}

/** The Philox key of a seed; refuses anything but an integer in [0, 2^53). */
export function seedKey(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  }
  return [seed % TWO_32 >>> 0, Math.floor(seed / TWO_32) >>> 0];
}

function boxMuller(w1: number, w2: number, out: Float32Array | Float64Array, at: number): void {
  const u1 = (w1 + 0.5) / TWO_32;
  const u2 = (w2 + 0.5) / TWO_32;
  const r = Math.sqrt(-2 * Math.log(u1));
  const theta = 2 * Math.PI * u2;
  if (at < out.length) out[at] = r * Math.cos(theta);
  if (at + 1 < out.length) out[at + 1] = r * Math.sin(theta);
}

/** Fill `out` with the normals 0 … out.length − 1 of `seed` on `stream` (normal i comes from block ⌊i/4⌋). */
export function fillNormals<A extends Float32Array | Float64Array>(seed: number, out: A, stream = 0): A {
  const key = seedKey(seed);
  const blocks = Math.ceil(out.length / 4);
  for (let b = 0; b < blocks; b++) {
    const w = philox4x32([b % TWO_32, Math.floor(b / TWO_32), stream, 0], key);
    boxMuller(w[0]!, w[1]!, out, 4 * b);
    boxMuller(w[2]!, w[3]!, out, 4 * b + 2);
  }
  return out;
}

/** `count` standard normals of `seed` on `stream`, rounded to float32. */
export function normals(seed: number, count: number, stream = 0): Float32Array {
  return fillNormals(seed, new Float32Array(count), stream);
}
