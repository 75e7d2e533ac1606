// Reference: R 4.2.2 t.test(x, mu = -0.25, alternative = "greater") and t.test(x, mu = 0.25, alternative =
// "less") for the two one-sided tests, t.test(x, conf.level = 0.90)$conf.int for the interval
// (expected-r.json → tost); the TOST p-value cross-checked with statsmodels 0.13.5
// DescrStatsW(x).ttost_mean(-0.25, 0.25) (expected-py.json → tostStatsmodels). The no-variation case is
// the exact sign test by hand: all n values beyond a bound → p = 2⁻ⁿ (R binom.test(n, n, alternative = "greater")).
import { describe, expect, it } from 'vitest';
import { tost } from '@/server/stats/tost';
import { PVAL, PY, R, STAT, data, near } from './helpers';

const names = Object.keys(data.vectors.tost);

describe('TOST equivalence of the mean score', () => {
  it('has both fixture vectors and their references', () => {
    expect(names).toEqual(['normal_05', 'shifted_3']);
    expect(Object.keys(R.tost)).toEqual(names);
    expect(Object.keys(PY.tostStatsmodels)).toEqual(names);
  });

  it.each(names)('%s matches R t.test and statsmodels', (name) => {
    const x = data.vectors.tost[name] as number[];
    const ref = R.tost[name];
    const t = tost(x, 0.25);
    if (!t.ok) throw new Error(t.reason);
    expect([t.n, t.df, t.degenerate]).toEqual([ref.n, ref.n - 1, false]);
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
    const seen = new Set<boolean>();
    for (const margin of [0.1, 0.2, 0.3, 0.5]) {
      const t = tost(x, margin);
      if (!t.ok) throw new Error(t.reason);
      expect(t.equivalent).toBe(t.ci[0] > -margin && t.ci[1] < margin);
      seen.add(t.equivalent);
    }
    expect([...seen].sort()).toEqual([false, true]);
  });

  it('says why when undefined', () => {
    expect(tost([], 0.25)).toEqual({ ok: false, reason: 'not enough data: 0 values; the t-test needs at least 2' });
    expect(tost([1], 0.25)).toEqual({ ok: false, reason: 'not enough data: 1 value; the t-test needs at least 2' });
  });
});

describe('TOST when every value is the same (no variation)', () => {
  const base = { sd: 0, se: 0, margin: 0.25, alpha: 0.05, degenerate: true };

  it('inside the margin: exact sign tests, p = 2⁻ⁿ, equivalent once 2⁻ⁿ < α (n ≥ 5 at α = 0.05)', () => {
    expect(tost([0, 0, 0, 0, 0, 0], 0.25)).toEqual({
      ok: true, ...base, n: 6, mean: 0, df: 5,
      lower: { t: null, pValue: 1 / 64 }, upper: { t: null, pValue: 1 / 64 }, pValue: 1 / 64, ci: [0, 0], equivalent: true,
    });
    expect(tost([0.2, 0.2, 0.2, 0.2, 0.2], 0.25)).toMatchObject({ ok: true, mean: 0.2, pValue: 1 / 32, ci: [0.2, 0.2], equivalent: true });
    expect(tost([-0.125, -0.125, -0.125, -0.125], 0.25)).toMatchObject({ ok: true, mean: -0.125, pValue: 1 / 16, equivalent: false, degenerate: true });
    expect(tost([0, 0], 0.25)).toMatchObject({ ok: true, pValue: 0.25, equivalent: false });
    expect(tost([0, 0, 0, 0], 0.25, 0.1)).toMatchObject({ ok: true, pValue: 1 / 16, equivalent: true });
  });

  it('on or outside the margin: p = 1, not equivalent', () => {
    expect(tost([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 0.25)).toEqual({
      ok: true, ...base, n: 6, mean: 0.5, df: 5,
      lower: { t: null, pValue: 1 / 64 }, upper: { t: null, pValue: 1 }, pValue: 1, ci: [0.5, 0.5], equivalent: false,
    });
    expect(tost(new Array(10).fill(-1), 0.25)).toMatchObject({ ok: true, lower: { t: null, pValue: 1 }, upper: { t: null, pValue: 1 / 1024 }, pValue: 1, equivalent: false });
    expect(tost(new Array(10).fill(0.25), 0.25)).toMatchObject({ ok: true, upper: { t: null, pValue: 1 }, pValue: 1, equivalent: false });
    expect(tost(new Array(10).fill(-0.25), 0.25)).toMatchObject({ ok: true, lower: { t: null, pValue: 1 }, pValue: 1, equivalent: false });
  });

  it('is plain JSON (no Infinity, no NaN) and not triggered by values that merely differ slightly', () => {
    const flat = tost([1 / 3, 1 / 3, 1 / 3], 0.5);
    expect(JSON.parse(JSON.stringify(flat))).toEqual(flat);
    const almost = tost([0.1, 0.1, 0.1 + 1e-9], 0.25);
    expect(almost).toMatchObject({ ok: true, degenerate: false, equivalent: true });
  });
});
