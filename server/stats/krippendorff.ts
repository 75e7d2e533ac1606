/**
 * Krippendorff's α with the ordinal metric, by the coincidence-matrix method (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"). Units are the comparisons (one prompt × condition pair); the values in a
 * unit are the scores its raters gave. Units with fewer than two values are not pairable and are dropped.
 *   o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1)          (coincidences, m_u = values in unit u)
 *   n_c  = Σ_k o_ck,   n = Σ_c n_c                         (pairable values)
 *   δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²           (ordinal metric, c ≤ k)
 *   α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck
 */
import { notEnough, type Outcome } from './outcome';

export interface KrippendorffResult {
  alpha: number;
  /** Units with at least two values. */
  units: number;
  /** Pairable values n. */
  pairable: number;
  observedDisagreement: number;
  expectedDisagreement: number;
}

export function krippendorffOrdinal(units: number[][]): Outcome<KrippendorffResult> {
  const pairableUnits = units.filter((u) => u.length >= 2);
  if (pairableUnits.length === 0) return notEnough('no comparison was rated by two or more participants');
  const categories = [...new Set(pairableUnits.flat())].sort((a, b) => a - b);
  const index = new Map(categories.map((c, i) => [c, i]));
  const k = categories.length;
  const o = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const unit of pairableUnits) {
    const counts = new Array<number>(k).fill(0);
    for (const v of unit) counts[index.get(v)!]!++;
    for (let c = 0; c < k; c++)
      for (let e = 0; e < k; e++) o[c]![e]! += (counts[c]! * (counts[e]! - (c === e ? 1 : 0))) / (unit.length - 1);
  }
  const nc = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = nc.reduce((a, b) => a + b, 0);
  const delta2 = (c: number, e: number) => {
    const [lo, hi] = c <= e ? [c, e] : [e, c];
    let s = 0;
    for (let g = lo; g <= hi; g++) s += nc[g]!;
    return (s - (nc[lo]! + nc[hi]!) / 2) ** 2;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++)
    for (let e = 0; e < k; e++) {
      const d = delta2(c, e);
      observed += o[c]![e]! * d;
      expected += nc[c]! * nc[e]! * d;
    }
  if (expected === 0) return notEnough(`every pairable value is ${categories[0]}; with no variation α is undefined`);
  const Do = observed / n;
  const De = expected / (n * (n - 1));
  return { ok: true, alpha: 1 - Do / De, units: pairableUnits.length, pairable: n, observedDisagreement: Do, expectedDisagreement: De };
}
