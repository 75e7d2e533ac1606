import { describe, expect, it } from 'vitest';
import { eulerStep } from '@/server/sampler/euler';
import { guide, usesGuidance } from '@/server/sampler/guidance';
import golden from './golden/euler.json';

describe('eulerStep', () => {
  it('matches the float32 diffusers step (golden)', () => {
    const out = eulerStep(Float32Array.from(golden.x), Float32Array.from(golden.v), golden.sigma, golden.sigma_next);
    expect(Array.from(out)).toEqual(golden.expected);
  });

  it('moves along the velocity by σ_{i+1} − σ_i and leaves its inputs alone', () => {
    const x = Float32Array.of(1, -2);
    const v = Float32Array.of(4, 8);
    expect(Array.from(eulerStep(x, v, 0.75, 0.5))).toEqual([0, -4]);
    expect(Array.from(x)).toEqual([1, -2]);
  });

  it('refuses mismatched lengths', () => {
    expect(() => eulerStep(new Float32Array(2), new Float32Array(3), 1, 0)).toThrow(/velocity/);
  });
});

describe('guide', () => {
  it('combines uncond (row 0) and cond (row 1) as v_u + g·(v_c − v_u)', () => {
    const out = guide(Float32Array.of(1, 2, 3, 6), 2, 2, 7);
    expect(Array.from(out)).toEqual([1 + 7 * 2, 2 + 7 * 4]);
  });

  it('returns the single row without guidance', () => {
    expect(Array.from(guide(Float32Array.of(5, 6), 1, 2, 1))).toEqual([5, 6]);
    expect(usesGuidance(1)).toBe(false);
    expect(usesGuidance(7)).toBe(true);
  });
});
