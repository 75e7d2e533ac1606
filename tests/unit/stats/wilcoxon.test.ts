// References (scripts/stats-reference/):
//  - exact: with ≤ 50 non-zero values, the permutation distribution written independently in Python
//    (signed_rank.py: tie-group convolution in integers, confirmed by brute-force enumeration of all 2ⁿ sign
//    vectors up to n = 22; scipy 1.10.1 mode='exact' where there are no zeros or ties) → expected-py.json
//    wilcoxon; and R coin 1.4.2 wilcoxsign_test(zero.method = "Pratt", distribution = "exact") →
//    expected-r.json coinWilcoxonExact;
//  - normal approximation: scipy.stats.wilcoxon(d, zero_method='pratt', correction=False|True, mode='approx')
//    → wilcoxonNormal / wilcoxonNormalContinuity; R coin (distribution = "asymptotic") → coinWilcoxon.
import { describe, expect, it } from 'vitest';
import { EXACT_MAX_NONZERO, midRanks, signedRankPermutationP, wilcoxonPratt } from '@/server/stats/wilcoxon';
import { PVAL, PY, R, STAT, data, near } from './helpers';

const cases = Object.entries(data.vectors.wilcoxon as Record<string, number[]>);
const nonZero = (d: number[]) => d.filter((x) => x !== 0).length;
const EXACT_P = 1e-12;

describe('Wilcoxon signed-rank test, Pratt zeros', () => {
  it('has every fixture vector and a reference for each', () => {
    expect(cases.map(([name]) => name)).toEqual([
      'ties_zeros', 'shifted', 'small_exact', 'exact_30', 'large_no_ties', 'few_zeros', 'issue_six_means',
      'means_ties_zeros', 'all_positive_tied', 'many_zeros', 'votes_20', 'nonzero_50', 'nonzero_51',
    ]);
    for (const key of ['wilcoxon', 'wilcoxonNormal', 'wilcoxonNormalContinuity']) expect(Object.keys(PY[key]).sort()).toEqual(cases.map(([n]) => n).sort());
    expect(Object.keys(R.coinWilcoxon).sort()).toEqual(cases.map(([n]) => n).sort());
    const exactNames = cases.filter(([, d]) => nonZero(d) <= EXACT_MAX_NONZERO).map(([n]) => n);
    expect(exactNames).toHaveLength(10);
    expect(Object.keys(R.coinWilcoxonExact).sort()).toEqual(exactNames.sort());
  });

  it.each(cases)('%s: method, statistic and p as the reference chooses them', (name, d) => {
    const ref = PY.wilcoxon[name];
    const w = wilcoxonPratt(d);
    if (!w.ok) throw new Error(w.reason);
    expect(w.method).toBe(ref.method);
    near(w.statistic, ref.statistic, STAT);
    if (ref.method === 'normal') {
      near(w.pValue, ref.pValue, PVAL);
      near(w.z, ref.z, STAT);
    } else {
      expect(w.z).toBeNull();
      near(w.pValue, ref.pValue, EXACT_P);
      near(w.pValue, R.coinWilcoxonExact[name].pValue, EXACT_P);
    }
  });

  it.each(cases)('%s: normal approximation (exact: false) matches scipy and R coin', (name, d) => {
    const w = wilcoxonPratt(d, { exact: false });
    if (!w.ok) throw new Error(w.reason);
    expect(w.method).toBe('normal');
    near(w.statistic, PY.wilcoxonNormal[name].statistic, STAT);
    near(w.z, PY.wilcoxonNormal[name].z, STAT);
    near(w.pValue, PY.wilcoxonNormal[name].pValue, PVAL);
    near(Math.abs(w.z!), Math.abs(R.coinWilcoxon[name].z), STAT);
    near(w.pValue, R.coinWilcoxon[name].pValue, PVAL);
    const c = wilcoxonPratt(d, { exact: false, continuity: true });
    if (!c.ok) throw new Error(c.reason);
    near(c.z, PY.wilcoxonNormalContinuity[name].z, STAT);
    near(c.pValue, PY.wilcoxonNormalContinuity[name].pValue, PVAL);
  });

  it('six tied participant means (issue #11): exact 0.0625, where the normal approximation said 0.044', () => {
    const d = data.vectors.wilcoxon.issue_six_means as number[];
    expect(d).toEqual([-0.25, 0.5, 0.5, 0.5, 1, 1.25]);
    const w = wilcoxonPratt(d);
    expect(w).toMatchObject({ ok: true, method: 'exact-permutation', wPlus: 20, wMinus: 1, statistic: 1, z: null, pValue: 0.0625 });
    const normal = wilcoxonPratt(d, { exact: false });
    expect(normal.ok && normal.pValue.toFixed(3)).toBe('0.044');
  });

  it(`exact up to ${EXACT_MAX_NONZERO} non-zero values, zeros not counted; normal beyond`, () => {
    const at = data.vectors.wilcoxon.nonzero_50 as number[];
    const over = data.vectors.wilcoxon.nonzero_51 as number[];
    expect([nonZero(at), at.length - nonZero(at)]).toEqual([50, 3]);
    expect([nonZero(over), over.length - nonZero(over)]).toEqual([51, 3]);
    expect(wilcoxonPratt(at)).toMatchObject({ ok: true, method: 'exact-permutation' });
    expect(wilcoxonPratt(over)).toMatchObject({ ok: true, method: 'normal' });
    const manyZeros = data.vectors.wilcoxon.many_zeros as number[];
    expect(manyZeros.length).toBe(35);
    expect(wilcoxonPratt(manyZeros)).toMatchObject({ ok: true, method: 'exact-permutation', zeros: 30 });
    expect(wilcoxonPratt([1.5, 2, 3])).toMatchObject({ ok: true, method: 'exact' });
  });

  it('the permutation p-value by hand: ranks 1, 2, 3', () => {
    // 8 sign patterns, W+ ∈ {0,1,2,3,3,4,5,6}, E = 3: P(|W+ − 3| ≥ 3) = 2/8, P(|W+ − 3| ≥ 2) = 4/8, P(≥ 0) = 1.
    expect(signedRankPermutationP([2, 4, 6], 12)).toBe(0.25);
    expect(signedRankPermutationP([2, 4, 6], 10)).toBe(0.5);
    expect(signedRankPermutationP([2, 4, 6], 6)).toBe(1);
    // Mid-ranks 1.5, 1.5 (doubled 3, 3): W+ ∈ {0, 1.5, 1.5, 3}; both positive → P(|W+ − 1.5| ≥ 1.5) = 2/4.
    expect(signedRankPermutationP([3, 3], 6)).toBe(0.5);
  });

  it('is symmetric in the sign of the data and a multiple of 2⁻ⁿ', () => {
    for (const [, d] of cases.filter(([, d]) => nonZero(d) <= EXACT_MAX_NONZERO)) {
      const w = wilcoxonPratt(d);
      const flipped = wilcoxonPratt(d.map((x) => -x));
      if (!w.ok || !flipped.ok) throw new Error('undefined');
      expect(flipped.pValue).toBe(w.pValue);
      const scaled = w.pValue * 2 ** nonZero(d);
      expect(scaled).toBe(Math.round(scaled));
    }
  });

  it('rank-biserial is (W+ − W−) / (W+ + W−)', () => {
    const w = wilcoxonPratt([1, 2, 3]);
    expect(w.ok && w.rankBiserial).toBe(1);
    const v = wilcoxonPratt([-0.25, 0.5, 0.5, 0.5, 1, 1.25]);
    expect(v.ok && v.rankBiserial).toBeCloseTo(19 / 21, 15);
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
