/**
 * Wilcoxon signed-rank test of "the scores are symmetric about 0", zeros handled by Pratt's method: ranks of
 * |d| are taken over all values, zeros included, and the zeros' ranks are then dropped. Matches
 * scipy.stats.wilcoxon(d, zero_method='pratt', correction=…, mode=…) — see docs/statistics.md:
 *  - exact null distribution when n ≤ 50 and there are neither zeros nor tied |d|;
 *  - otherwise the normal approximation with Cureton's (1967) adjustment for the zeros' ranks and the tie
 *    correction on the non-zero ranks. With a −2…+2 score there are always ties, so per-vote tests are normal.
 *  - Continuity correction off by default (scipy's default); `continuity: true` subtracts 0.5·sign(T − μ).
 * The statistic T is min(W+, W−) (scipy's two-sided convention); z is therefore ≤ 0.
 */
import { notEnough, type Outcome } from './outcome';
import { pnorm } from './special';

export interface WilcoxonResult {
  n: number;
  zeros: number;
  wPlus: number;
  wMinus: number;
  statistic: number;
  method: 'exact' | 'normal';
  /** Normal-approximation z of T (null for the exact method). */
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

/** Null distribution of W+ for n untied non-zero values: counts of each rank sum 0 … n(n+1)/2, over 2^n. */
function exactPmf(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  let counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    const next = counts.slice();
    for (let s = r; s <= max; s++) next[s]! += counts[s - r]!;
    counts = next;
  }
  const total = 2 ** n;
  return counts.map((c) => c / total);
}

const tieGroups = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()];
};

export function wilcoxonPratt(d: number[], options: { continuity?: boolean } = {}): Outcome<WilcoxonResult> {
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

  if (n <= 50 && zeros === 0 && ties.length === 0) {
    const pmf = exactPmf(n);
    const r = Math.round(wPlus);
    const lower = pmf.slice(0, r + 1).reduce((a, b) => a + b, 0);
    const upper = pmf.slice(r).reduce((a, b) => a + b, 0);
    const pValue = r === (pmf.length - 1) / 2 ? 1 : Math.min(1, 2 * Math.min(lower, upper));
    return { ok: true, ...base, method: 'exact', z: null, pValue };
  }

  const mean = (n * (n + 1)) / 4 - (zeros * (zeros + 1)) / 4;
  const tieTerm = ties.reduce((acc, t) => acc + t * (t * t - 1), 0);
  const variance = (n * (n + 1) * (2 * n + 1) - zeros * (zeros + 1) * (2 * zeros + 1) - 0.5 * tieTerm) / 24;
  const shift = options.continuity ? 0.5 * Math.sign(statistic - mean) : 0;
  const z = (statistic - mean - shift) / Math.sqrt(variance);
  return { ok: true, ...base, method: 'normal', z, pValue: Math.min(1, 2 * pnorm(-Math.abs(z))) };
}
