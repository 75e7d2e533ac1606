import { describe, expect, it } from 'vitest';
import { fixedCostFit, median, rotation } from '@/server/sampler/benchStats';

describe('bench statistics', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('recovers fixed and per-token cost from step times, robust to an outlier', () => {
    const steps = [64, 128, 256].flatMap((n) => [{ tokens: n, ms: 2 + 0.25 * n }, { tokens: n, ms: 2 + 0.25 * n }, { tokens: n, ms: 500 }]);
    const fit = fixedCostFit(steps);
    expect(fit.fixed).toBeCloseTo(2, 10);
    expect(fit.perToken).toBeCloseTo(0.25, 10);
    expect(() => fixedCostFit([{ tokens: 5, ms: 1 }])).toThrow();
  });

  it('rotates the order per repeat', () => {
    expect(rotation(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotation(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
  });
});
