import { describe, expect, it } from 'vitest';
import { flowMatchSigmas, linspace, sigmaMin } from '@/server/sampler/sigmas';
import golden from './golden/sigmas.json';

describe('flowMatchSigmas', () => {
  it('equals diffusers FlowMatchEulerDiscreteScheduler (golden, float32 exact)', () => {
    for (const c of golden.cases) {
      const { sigmas, timesteps } = flowMatchSigmas(c.steps, c.shift);
      expect(Array.from(sigmas)).toEqual(c.sigmas);
      expect(Array.from(timesteps)).toEqual(c.timesteps);
    }
  });

  it('starts at 1, ends with 0 and descends', () => {
    const { sigmas } = flowMatchSigmas(28, 3);
    expect(sigmas.length).toBe(29);
    expect(sigmas[0]).toBe(1);
    expect(sigmas[28]).toBe(0);
    for (let i = 1; i < sigmas.length; i++) expect(sigmas[i]!).toBeLessThan(sigmas[i - 1]!);
  });

  it('uses the already-shifted smallest training sigma (≈ 0.002994 for s = 3)', () => {
    expect(sigmaMin(3, 1000)).toBeCloseTo(0.002994, 6);
    expect(sigmaMin(1, 1000)).toBeCloseTo(0.001, 9);
  });

  it('refuses steps < 1 and a non-positive shift', () => {
    expect(() => flowMatchSigmas(0, 3)).toThrow(/steps/);
    expect(() => flowMatchSigmas(10, 0)).toThrow(/shift/);
  });

  it('linspace includes both ends', () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(3, 9, 1)).toEqual([3]);
  });
});
