import { describe, expect, it } from 'vitest';
import { attentionCheckCount, cryptoRng, orderTrials, pickComparisons, shuffled } from '../../../server/participation/assignment';

const sequence = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

describe('pickComparisons', () => {
  it('takes the least-loaded comparisons first', () => {
    const picked = pickComparisons(
      [
        { id: 'a', load: 3 },
        { id: 'b', load: 1 },
        { id: 'c', load: 2 },
        { id: 'd', load: 1 },
      ],
      3,
      () => 0.5,
    );
    expect(picked.slice(0, 2).sort()).toEqual(['b', 'd']);
    expect(picked[2]).toBe('c');
  });

  it('breaks ties at random', () => {
    const candidates = [
      { id: 'a', load: 0 },
      { id: 'b', load: 0 },
    ];
    expect(pickComparisons(candidates, 1, sequence([0.9, 0.1]))).toEqual(['b']);
    expect(pickComparisons(candidates, 1, sequence([0.1, 0.9]))).toEqual(['a']);
  });

  it('returns fewer when there are fewer candidates than asked', () => {
    expect(pickComparisons([{ id: 'a', load: 5 }], 4, Math.random)).toEqual(['a']);
  });
});

describe('attention checks', () => {
  it('rounds the rate, gives at least one when the rate is positive, and none at rate 0', () => {
    expect(attentionCheckCount(14, 0.1, 14)).toBe(1);
    expect(attentionCheckCount(20, 0.25, 20)).toBe(5);
    expect(attentionCheckCount(3, 0.01, 3)).toBe(1);
    expect(attentionCheckCount(14, 0, 14)).toBe(0);
    expect(attentionCheckCount(14, 0.5, 2)).toBe(2);
  });

  it('never puts a check first', () => {
    const items = [{ isAttentionCheck: true }, { isAttentionCheck: false }, { isAttentionCheck: false }];
    for (let s = 0; s < 50; s++) {
      let x = s + 1;
      const rng = () => ((x = (x * 48271) % 2147483647) / 2147483647);
      expect(orderTrials(items, rng)[0].isAttentionCheck).toBe(false);
    }
  });
});

describe('shuffled', () => {
  it('is a permutation and leaves the input alone', () => {
    const input = [1, 2, 3, 4, 5];
    const out = shuffled(input, Math.random);
    expect([...out].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('cryptoRng', () => {
  it('gives uniform values in [0, 1) across refills of its pool', () => {
    const draws = Array.from({ length: 3 * 4096 + 7 }, () => cryptoRng());
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(draws.length - 5);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    // consecutive pools differ (a refill that did not draw anew would repeat the first)
    expect(draws.slice(4096, 4196)).not.toEqual(draws.slice(0, 100));
  });
});
