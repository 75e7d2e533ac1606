/**
 * Exact binomial test (R binom.test, two-sided: the sum of the probabilities of all outcomes no more likely than
 * the observed one, with R's relative tolerance 1 + 1e-7) and its Clopper–Pearson interval; the sign test on
 * the non-tie votes is this test with p = 1/2.
 */
import { notEnough, type Outcome } from './outcome';
import { dbinom, pbinom, pbinomUpper, qbeta } from './special';

export interface BinomialTest {
  successes: number;
  trials: number;
  estimate: number;
  pValue: number;
  /** Clopper–Pearson interval of the success probability. */
  ci: [number, number];
}

/** Two-sided exact p-value, as R's binom.test computes it. */
export function binomTwoSidedP(x: number, n: number, p = 0.5): number {
  const d = dbinom(x, n, p) * (1 + 1e-7);
  const m = n * p;
  if (x === m) return 1;
  let pval: number;
  if (x < m) {
    let y = 0;
    for (let i = Math.ceil(m); i <= n; i++) if (dbinom(i, n, p) <= d) y++;
    pval = pbinom(x, n, p) + pbinomUpper(n - y, n, p);
  } else {
    let y = 0;
    for (let i = 0; i <= Math.floor(m); i++) if (dbinom(i, n, p) <= d) y++;
    pval = pbinom(y - 1, n, p) + pbinomUpper(x - 1, n, p);
  }
  return Math.min(1, pval);
}

/** Clopper–Pearson interval (R binom.test's conf.int). */
export function clopperPearson(x: number, n: number, confidence = 0.95): [number, number] {
  const a = (1 - confidence) / 2;
  return [x === 0 ? 0 : qbeta(a, x, n - x + 1), x === n ? 1 : qbeta(1 - a, x + 1, n - x)];
}

export function binomTest(x: number, n: number, p = 0.5, confidence = 0.95): Outcome<BinomialTest> {
  if (n === 0) return notEnough('no trials');
  return { ok: true, successes: x, trials: n, estimate: x / n, pValue: binomTwoSidedP(x, n, p), ci: clopperPearson(x, n, confidence) };
}

/** Sign test: among the non-tie votes, is A preferred as often as B? */
export function signTest(scores: number[], confidence = 0.95): Outcome<{ aBetter: number; bBetter: number; ties: number } & BinomialTest> {
  const aBetter = scores.filter((s) => s > 0).length;
  const bBetter = scores.filter((s) => s < 0).length;
  const ties = scores.length - aBetter - bBetter;
  if (scores.length === 0) return notEnough('no votes');
  if (aBetter + bBetter === 0) return notEnough(`all ${ties} votes are ties`);
  const test = binomTest(aBetter, aBetter + bBetter, 0.5, confidence);
  return test.ok ? { ...test, aBetter, bBetter, ties } : test;
}
