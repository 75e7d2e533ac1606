/**
 * The 5-level and the 3-level (A better / similar / B better) distributions of the signed score, each share
 * with its Wilson score interval (no continuity correction; R prop.test(x, n, correct = FALSE)$conf.int).
 */
import { notEnough, type Outcome } from './outcome';
import { qnorm } from './special';

export interface Share {
  count: number;
  proportion: number;
  /** Wilson interval at the requested confidence. */
  ci: [number, number];
}

/** Wilson score interval for x successes out of n (n > 0). */
export function wilson(x: number, n: number, confidence = 0.95): [number, number] {
  const z = qnorm(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const p = x / n;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const share = (count: number, n: number, confidence: number): Share => ({ count, proportion: count / n, ci: wilson(count, n, confidence) });

/** Shares of the scores +2, +1, 0, −1, −2 (in that order: A clearly better … B clearly better). */
export function fiveLevel(scores: number[], confidence = 0.95): Outcome<{ n: number; levels: ({ score: number } & Share)[] }> {
  if (scores.length === 0) return notEnough('no votes');
  const levels = [2, 1, 0, -1, -2].map((score) => ({ score, ...share(scores.filter((s) => s === score).length, scores.length, confidence) }));
  return { ok: true, n: scores.length, levels };
}

/** Shares of A better (score > 0), similar (0) and B better (score < 0). */
export function threeLevel(scores: number[], confidence = 0.95): Outcome<{ n: number; aBetter: Share; similar: Share; bBetter: Share }> {
  const n = scores.length;
  if (n === 0) return notEnough('no votes');
  const count = (f: (s: number) => boolean) => share(scores.filter(f).length, n, confidence);
  return { ok: true, n, aBetter: count((s) => s > 0), similar: count((s) => s === 0), bBetter: count((s) => s < 0) };
}
