/**
 * Equivalence of the mean score to 0 within ±margin: two one-sided one-sample t-tests (Schuirmann's TOST),
 *   H0₁: μ ≤ −margin  vs  μ > −margin   (t₁ = (x̄ + margin) / se, p₁ = P(T > t₁))
 *   H0₂: μ ≥ +margin  vs  μ < +margin   (t₂ = (x̄ − margin) / se, p₂ = P(T < t₂))
 * p = max(p₁, p₂); equivalence at level α when p < α, which is the same as the (1 − 2α) interval
 * x̄ ± t_{1−α, n−1}·se lying inside (−margin, margin). Reference: R t.test(x, mu = ∓margin, alternative =
 * "greater" / "less").
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
  lower: { t: number; pValue: number };
  upper: { t: number; pValue: number };
  pValue: number;
  /** The (1 − 2α) confidence interval of the mean (90 % for α = 0.05). */
  ci: [number, number];
  alpha: number;
  equivalent: boolean;
}

export function tost(values: number[], margin: number, alpha = 0.05): Outcome<TostResult> {
  const n = values.length;
  if (n < 2) return notEnough(`${n} value${n === 1 ? '' : 's'}; the t-test needs at least 2`);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) return notEnough(`all ${n} values equal ${mean}; no variation, the t statistic is undefined`);
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  const t1 = (mean + margin) / se;
  const t2 = (mean - margin) / se;
  const lower = { t: t1, pValue: pt(-t1, df) };
  const upper = { t: t2, pValue: pt(t2, df) };
  const pValue = Math.max(lower.pValue, upper.pValue);
  const q = qt(1 - alpha, df);
  return { ok: true, n, mean, sd, se, df, margin, lower, upper, pValue, ci: [mean - q * se, mean + q * se], alpha, equivalent: pValue < alpha };
}
