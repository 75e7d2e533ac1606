// Reference: scipy 1.10.1 scipy.stats.wilcoxon(d, zero_method='pratt', correction=False|True, mode=…) with mode
// 'exact' for n ≤ 50 without zeros or tied |d| and 'approx' otherwise (expected-py.json → wilcoxon,
// wilcoxonContinuity); cross-checked against R coin::wilcoxsign_test(zero.method = "Pratt", distribution =
// "asymptotic") whose |z| is the same normal approximation (expected-r.json → coinWilcoxon).
import { describe, expect, it } from 'vitest';
import { midRanks, wilcoxonPratt } from '@/server/stats/wilcoxon';
import { PVAL, PY, R, STAT, data, near } from './helpers';

const cases = Object.entries(data.vectors.wilcoxon as Record<string, number[]>);

describe('Wilcoxon signed-rank test, Pratt zeros', () => {
  it.each(cases)('%s matches scipy (no continuity correction)', (name, d) => {
    const ref = PY.wilcoxon[name];
    const w = wilcoxonPratt(d);
    if (!w.ok) throw new Error(w.reason);
    expect(w.method).toBe(ref.method);
    near(w.statistic, ref.statistic, STAT);
    near(w.pValue, ref.pValue, PVAL);
    if (ref.z !== null) near(w.z, ref.z, STAT);
  });

  it.each(cases)('%s matches scipy with continuity correction', (name, d) => {
    const ref = PY.wilcoxonContinuity[name];
    const w = wilcoxonPratt(d, { continuity: true });
    if (!w.ok) throw new Error(w.reason);
    near(w.pValue, ref.pValue, PVAL);
    if (ref.z !== null) near(w.z, ref.z, STAT);
  });

  it.each(cases.filter(([name]) => PY.wilcoxon[name].method === 'normal'))('%s: |z| equals R coin’s asymptotic Pratt test', (name, d) => {
    const w = wilcoxonPratt(d);
    if (!w.ok) throw new Error(w.reason);
    near(Math.abs(w.z!), Math.abs(R.coinWilcoxon[name].z), STAT);
    near(w.pValue, R.coinWilcoxon[name].pValue, PVAL);
  });

  it('per-vote scores always take the normal approximation (ties)', () => {
    const w = wilcoxonPratt([1, 2, -1, 1]);
    expect(w.ok && w.method).toBe('normal');
  });

  it('rank-biserial is (W+ − W−) / (W+ + W−)', () => {
    const w = wilcoxonPratt([1, 2, 3]);
    expect(w.ok && w.rankBiserial).toBe(1);
  });

  it('mid-ranks share tied positions', () => {
    expect(midRanks([0, 2, 1, 2, 0])).toEqual([1.5, 4.5, 3, 4.5, 1.5]);
  });

  it('says why when undefined', () => {
    expect(wilcoxonPratt([])).toEqual({ ok: false, reason: 'not enough data: no values' });
    const allZero = wilcoxonPratt([0, 0, 0, 0]);
    expect(allZero.ok).toBe(false);
    expect(!allZero.ok && allZero.reason).toMatch(/^not enough data: all 4 values are 0/);
  });
});
