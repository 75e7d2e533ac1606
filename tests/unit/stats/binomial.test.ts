// Reference: R 4.2.2 binom.test(x, n, 0.5) — p.value and conf.int (Clopper–Pearson); prop.test(x, n,
// correct = FALSE)$conf.int for the Wilson interval (scripts/stats-reference/reference.R → expected-r.json).
import { describe, expect, it } from 'vitest';
import { binomTest, signTest } from '@/server/stats/binomial';
import { wilson } from '@/server/stats/distributions';
import { PVAL, R, STAT, data, near } from './helpers';

describe('exact binomial test (R binom.test)', () => {
  it('has every fixture case and one reference for each', () => {
    expect(data.vectors.binomial).toHaveLength(13);
    expect(R.binomial).toHaveLength(13);
    expect(data.vectors.wilson).toHaveLength(7);
    expect(R.wilson).toHaveLength(7);
  });

  it.each(data.vectors.binomial as [number, number][])('x = %i of n = %i', (x, n) => {
    const ref = R.binomial.find((r: { x: number; n: number }) => r.x === x && r.n === n);
    const t = binomTest(x, n);
    if (!t.ok) throw new Error(t.reason);
    near(t.pValue, ref.pValue, PVAL);
    near(t.ci[0], ref.ci[0], STAT);
    near(t.ci[1], ref.ci[1], STAT);
  });

  it('refuses zero trials in words', () => {
    expect(binomTest(0, 0)).toEqual({ ok: false, reason: 'not enough data: no trials' });
  });
});

describe('Wilson interval (R prop.test, correct = FALSE)', () => {
  it.each(data.vectors.wilson as [number, number][])('x = %i of n = %i', (x, n) => {
    const ref = R.wilson.find((r: { x: number; n: number }) => r.x === x && r.n === n);
    const [lo, hi] = wilson(x, n);
    near(lo, ref.ci[0], STAT);
    near(hi, ref.ci[1], STAT);
  });
});

describe('sign test on the non-tie votes', () => {
  it('counts A-better, B-better and ties and tests A-better among the non-ties', () => {
    const t = signTest([2, 1, 1, 0, 0, -1, 2, 0, 1, -2]);
    if (!t.ok) throw new Error(t.reason);
    expect([t.aBetter, t.bBetter, t.ties, t.trials]).toEqual([5, 2, 3, 7]);
    const ref = binomTest(5, 7);
    expect(ref.ok && t.pValue === ref.pValue).toBe(true);
  });

  it('says why when there is nothing to test', () => {
    expect(signTest([])).toEqual({ ok: false, reason: 'not enough data: no votes' });
    expect(signTest([0, 0, 0])).toEqual({ ok: false, reason: 'not enough data: all 3 votes are ties' });
  });
});
