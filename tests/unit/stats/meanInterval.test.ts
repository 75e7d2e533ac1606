import { describe, expect, it } from 'vitest';
import { meanInterval } from '../../../server/stats/perPrompt';

// Expected values: R 4.2.2, t.test(x)$conf.int (one-sample t interval, 95 %).
describe('per-prompt mean interval', () => {
  it('matches R t.test', () => {
    const [lo, hi] = meanInterval([2, 1, 0, -1, 1, 2, 0, 1])!;
    expect(lo).toBeCloseTo(-0.115363867359476, 6);
    expect(hi).toBeCloseTo(1.615363867359476, 6);
    const [lo2, hi2] = meanInterval([-2, -1, 0, 0])!;
    expect(lo2).toBeCloseTo(-2.273480180828812, 6);
    expect(hi2).toBeCloseTo(0.773480180828812, 6);
  });
  it('has no interval for one vote or no spread', () => {
    expect(meanInterval([1])).toBeNull();
    expect(meanInterval([0, 0, 0])).toBeNull();
  });
});
