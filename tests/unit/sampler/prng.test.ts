import { describe, expect, it } from 'vitest';
import { fillNormals, mulhi32, normals, philox4x32, seedKey } from '@/server/sampler/prng';
import golden from './golden/prng.json';

const hex = (w: Uint32Array) => Array.from(w, (x) => x.toString(16).padStart(8, '0')).join(' ');

describe('Philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0]))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
    const ones = 0xffffffff;
    expect(hex(philox4x32([ones, ones, ones, ones], [ones, ones]))).toBe('408f276d 41c83b0e a20bc7c6 6d5451fd');
    expect(hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]))).toBe(
      'd16cfe09 94fdcceb 5001e420 24126ea1',
    );
  });

  it('matches the independent numpy implementation', () => {
    for (const k of golden.philox4x32_10) expect(Array.from(philox4x32(k.counter, k.key))).toEqual(k.expected);
  });

  it('computes the high word of a 32×32 product exactly', () => {
    for (const [a, b] of [
      [0xffffffff, 0xffffffff],
      [0xd2511f53, 0x12345678],
      [0x10000, 0x10000],
      [0, 0xffffffff],
    ] as const) {
      expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
    }
  });
});

describe('normals', () => {
  it('are the documented Box–Muller normals of the Philox words', () => {
    for (const g of golden.normals) {
      const z = fillNormals(g.seed, new Float64Array(g.values.length));
      g.values.forEach((v, i) => expect(z[i]).toBeCloseTo(v, 12));
    }
  });

  it('are reproducible and differ between seeds', () => {
    const a = normals(7, 1000);
    expect(normals(7, 1000)).toEqual(a);
    const b = normals(8, 1000);
    expect(b.some((x, i) => x !== a[i])).toBe(true);
  });

  it('do not depend on how many are drawn', () => {
    expect(Array.from(normals(3, 6))).toEqual(Array.from(normals(3, 10)).slice(0, 6));
  });

  it('look standard normal', () => {
    const z = normals(1, 200_000);
    const mean = z.reduce((s, x) => s + x, 0) / z.length;
    const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
  });

  it('refuse a seed that is not a safe non-negative integer', () => {
    expect(() => seedKey(-1)).toThrow(/seed/);
    expect(() => seedKey(1.5)).toThrow(/seed/);
    expect(() => seedKey(2 ** 53)).toThrow(/seed/);
    expect(seedKey(2 ** 32 + 5)).toEqual([5, 1]);
  });
});
