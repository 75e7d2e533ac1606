/**
 * Equivalence of the mean score to 0 within ±margin: two one-sided one-sample t-tests (Schuirmann's TOST),
 *   H0₁: μ ≤ −margin  vs  μ > −margin   (t₁ = (x̄ + margin) / se, p₁ = P(T > t₁))
 *   H0₂: μ ≥ +margin  vs  μ < +margin   (t₂ = (x̄ − margin) / se, p₂ = P(T < t₂))
 * p = max(p₁, p₂); equivalence at level α when p < α, which is the same as the (1 − 2α) interval
 * x̄ ± t_{1−α, n−1}·se lying inside (−margin, margin). Reference: R t.test(x, mu = ∓margin, alternative =
 * "greater" / "less").
 *
 * No variation (all n ≥ 2 values equal m): the t statistics are ±∞ or 0/0, and the t-test's model (normal,
 * σ > 0) plainly does not hold, so each one-sided hypothesis is tested with the exact sign test instead
 * (H0₁: median ≤ −margin, H0₂: median ≥ +margin). All n values on the far side of a bound give p = 2⁻ⁿ, none
 * gives p = 1 (a value on the bound is a tie and counts as not beyond it). Hence p = 2⁻ⁿ when |m| < margin,
 * else 1; interval [m, m]; `degenerate: true`. See docs/statistics.md.
 */
import { notEnough, type Outcome } from './outcome';
import { pt, qt } from './special';

export interface TostResult {
  n: number;
  mean: number;
  sd: number;
  se: number;
  df: number;
  margin: number;
  /** t is null when every value is the same (degenerate), where it is ±∞ or undefined. */
  lower: { t: number | null; pValue: number };
  upper: { t: number | null; pValue: number };
  pValue: number;
  /** The (1 − 2α) confidence interval of the mean (90 % for α = 0.05); [m, m] when degenerate. */
  ci: [number, number];
  alpha: number;
  equivalent: boolean;
  /** Every value equals `mean`: p-values from the exact sign test, not the t-test. */
  degenerate: boolean;
}

/** TOST when every value equals m: exact one-sided sign tests against ∓margin. */
function degenerateTost(n: number, m: number, margin: number, alpha: number): TostResult {
  const allBeyond = 2 ** -n;
  const lower = { t: null, pValue: m > -margin ? allBeyond : 1 };
  const upper = { t: null, pValue: m < margin ? allBeyond : 1 };
  const pValue = Math.max(lower.pValue, upper.pValue);
  return { n, mean: m, sd: 0, se: 0, df: n - 1, margin, lower, upper, pValue, ci: [m, m], alpha, equivalent: pValue < alpha, degenerate: true };
}

export function tost(values: number[], margin: number, alpha = 0.05): Outcome<TostResult> {
  const n = values.length;
  if (n < 2) return notEnough(`${n} value${n === 1 ? '' : 's'}; the t-test needs at least 2`);
  if (values.every((x) => x === values[0])) return { ok: true, ...degenerateTost(n, values[0]!, margin, alpha) };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  const t1 = (mean + margin) / se;
  const t2 = (mean - margin) / se;
  const lower = { t: t1, pValue: pt(-t1, df) };
  const upper = { t: t2, pValue: pt(t2, df) };
  const pValue = Math.max(lower.pValue, upper.pValue);
  const q = qt(1 - alpha, df);
  return { ok: true, n, mean, sd, se, df, margin, lower, upper, pValue, ci: [mean - q * se, mean + q * se], alpha, equivalent: pValue < alpha, degenerate: false };
}
