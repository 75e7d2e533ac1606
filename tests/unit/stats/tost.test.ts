// Reference: R 4.2.2 t.test(x, mu = -0.25, alternative = "greater") and t.test(x, mu = 0.25, alternative =
// "less") for the two one-sided tests, t.test(x, conf.level = 0.90)$conf.int for the interval
// (expected-r.json → tost); the TOST p-value cross-checked with statsmodels 0.13.5
// DescrStatsW(x).ttost_mean(-0.25, 0.25) (expected-py.json → tostStatsmodels).
import { describe, expect, it } from 'vitest';
import { tost } from '@/server/stats/tost';
import { PVAL, PY, R, STAT, data, near } from './helpers';

describe('TOST equivalence of the mean score', () => {
  it.each(Object.keys(data.vectors.tost))('%s matches R t.test and statsmodels', (name) => {
    const x = data.vectors.tost[name] as number[];
    const ref = R.tost[name];
    const t = tost(x, 0.25);
    if (!t.ok) throw new Error(t.reason);
    near(t.mean, ref.mean, STAT);
    near(t.sd, ref.sd, STAT);
    near(t.lower.t, ref.tLower, STAT);
    near(t.upper.t, ref.tUpper, STAT);
    near(t.lower.pValue, ref.pLower, PVAL);
    near(t.upper.pValue, ref.pUpper, PVAL);
    near(t.pValue, ref.pValue, PVAL);
    near(t.pValue, PY.tostStatsmodels[name], PVAL);
    near(t.ci[0], ref.ci90[0], STAT);
    near(t.ci[1], ref.ci90[1], STAT);
    expect(t.equivalent).toBe(ref.pValue < 0.05);
  });

  it('equivalence ⇔ the 90 % interval lies inside the margin', () => {
    const x = data.vectors.tost.normal_05 as number[];
    for (const margin of [0.1, 0.2, 0.3, 0.5]) {
      const t = tost(x, margin);
      if (!t.ok) throw new Error(t.reason);
      expect(t.equivalent).toBe(t.ci[0] > -margin && t.ci[1] < margin);
    }
  });

  it('says why when undefined', () => {
    expect(tost([], 0.25)).toEqual({ ok: false, reason: 'not enough data: 0 values; the t-test needs at least 2' });
    expect(tost([1], 0.25)).toEqual({ ok: false, reason: 'not enough data: 1 value; the t-test needs at least 2' });
    const flat = tost([0, 0, 0], 0.25);
    expect(!flat.ok && flat.reason).toMatch(/^not enough data: all 3 values equal 0; no variation/);
  });
});
