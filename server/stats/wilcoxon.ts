/**
 * Wilcoxon signed-rank test of "the scores are symmetric about 0", zeros handled by Pratt's method: ranks of
 * |d| are taken over all values, zeros included (mid-ranks for ties), and the zeros' ranks are then dropped.
 * Two-sided; the statistic T is min(W+, W−) (scipy's convention). See docs/statistics.md.
 *  - Exact when there are at most EXACT_MAX_NONZERO non-zero values: the permutation (conditional) null
 *    distribution of W+ over the 2ⁿ sign patterns of the n non-zero values, each keeping its mid-rank.
 *    method 'exact' when there are neither zeros nor ties (the classical distribution), 'exact-permutation'
 *    otherwise. p = P(|W+ − E| ≥ |w − E|), E = Σ ranks / 2. Checked against a brute-force enumeration and R
 *    coin::wilcoxsign_test(zero.method = "Pratt", distribution = "exact").
 *  - Otherwise (or with `exact: false`) the normal approximation with Cureton's (1967) adjustment for the
 *    zeros' ranks and the tie correction on the non-zero ranks, as scipy.stats.wilcoxon(zero_method='pratt').
 *    Continuity correction off by default (scipy's default); `continuity: true` subtracts 0.5·sign(T − μ).
 */
import { notEnough, type Outcome } from './outcome';
import { pnorm } from './special';

/** Largest number of non-zero values for which the exact permutation distribution is used. */
export const EXACT_MAX_NONZERO = 50;
/** Largest permutation table (entries): bounds memory when a few non-zero values sit above very many zeros. */
const EXACT_MAX_TABLE = 1 << 24;

export interface WilcoxonResult {
  n: number;
  zeros: number;
  wPlus: number;
  wMinus: number;
  statistic: number;
  /** 'exact': no zeros, no ties; 'exact-permutation': the conditional distribution given the mid-ranks; 'normal'. */
  method: 'exact' | 'exact-permutation' | 'normal';
  /** Normal-approximation z of T (null for the exact methods). */
  z: number | null;
  pValue: number;
  /** Matched-pairs rank-biserial correlation (W+ − W−) / (W+ + W−), in [−1, 1]; positive = A better. */
  rankBiserial: number;
}

/** Mid-ranks (1-based) of the values, ties sharing their average rank. */
export function midRanks(values: number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/**
 * Two-sided permutation p-value of a signed-rank sum: `doubled` are twice the (mid-)ranks of the non-zero
 * values (integers), `observed` twice the observed W+. Each sign pattern has probability 2⁻ⁿ; a dynamic
 * programme over the sum builds the distribution in O(n · Σ doubled). Every entry is a count / 2ᵏ with
 * count < 2⁵³, so the table and the tail sum are exact in double precision for n ≤ 52.
 * p = P(|S − T/2| ≥ |observed − T/2|), T = Σ doubled; null when the table would be too large.
 */
export function signedRankPermutationP(doubled: number[], observed: number): number | null {
  const total = doubled.reduce((a, b) => a + b, 0);
  if (total + 1 > EXACT_MAX_TABLE) return null;
  const pmf = new Float64Array(total + 1);
  pmf[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    reach += r;
    for (let s = reach; s >= r; s--) pmf[s] = 0.5 * (pmf[s]! + pmf[s - r]!);
    for (let s = r - 1; s >= 0; s--) pmf[s] = 0.5 * pmf[s]!;
  }
  const distance = Math.abs(2 * observed - total);
  let p = 0;
  for (let s = 0; s <= total; s++) if (Math.abs(2 * s - total) >= distance) p += pmf[s]!;
  return Math.min(1, p);
}

const tieGroups = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()];
};

export function wilcoxonPratt(d: number[], options: { continuity?: boolean; exact?: boolean } = {}): Outcome<WilcoxonResult> {
  const n = d.length;
  if (n === 0) return notEnough('no values');
  const zeros = d.filter((x) => x === 0).length;
  if (zeros === n) return notEnough(`all ${n} values are 0 (ties), the signed-rank test is undefined`);
  const ranks = midRanks(d.map(Math.abs));
  let wPlus = 0;
  let wMinus = 0;
  d.forEach((x, i) => {
    if (x > 0) wPlus += ranks[i]!;
    else if (x < 0) wMinus += ranks[i]!;
  });
  const statistic = Math.min(wPlus, wMinus);
  const nonZeroRanks = ranks.filter((_, i) => d[i] !== 0);
  const ties = tieGroups(nonZeroRanks).filter((t) => t > 1);
  const base = { n, zeros, wPlus, wMinus, statistic, rankBiserial: (wPlus - wMinus) / (wPlus + wMinus) };

  if (options.exact !== false && nonZeroRanks.length <= EXACT_MAX_NONZERO) {
    const pValue = signedRankPermutationP(
      nonZeroRanks.map((r) => Math.round(2 * r)),
      Math.round(2 * wPlus),
    );
    if (pValue !== null) return { ok: true, ...base, method: zeros === 0 && ties.length === 0 ? 'exact' : 'exact-permutation', z: null, pValue };
  }

  const mean = (n * (n + 1)) / 4 - (zeros * (zeros + 1)) / 4;
  const tieTerm = ties.reduce((acc, t) => acc + t * (t * t - 1), 0);
  const variance = (n * (n + 1) * (2 * n + 1) - zeros * (zeros + 1) * (2 * zeros + 1) - 0.5 * tieTerm) / 24;
  const shift = options.continuity ? 0.5 * Math.sign(statistic - mean) : 0;
  const z = (statistic - mean - shift) / Math.sqrt(variance);
  return { ok: true, ...base, method: 'normal', z, pValue: Math.min(1, 2 * pnorm(-Math.abs(z))) };
}
