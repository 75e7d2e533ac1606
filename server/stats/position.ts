/**
 * Left/right position bias: among the non-tie votes, is the image shown on the left chosen more or less often
 * than half the time? Exact two-sided binomial test (R binom.test(left, nonTies, 0.5)).
 */
import { binomTest, type BinomialTest } from './binomial';
import { notEnough, type Outcome } from './outcome';

export function positionBias(votes: { score: number; leftIsA: boolean }[], confidence = 0.95): Outcome<{ left: number; right: number; ties: number } & BinomialTest> {
  let left = 0;
  let right = 0;
  for (const v of votes) {
    if (v.score === 0) continue;
    if (v.score > 0 === v.leftIsA) left++;
    else right++;
  }
  const ties = votes.length - left - right;
  if (votes.length === 0) return notEnough('no votes');
  if (left + right === 0) return notEnough(`all ${ties} votes are ties`);
  const test = binomTest(left, left + right, 0.5, confidence);
  return test.ok ? { ...test, left, right, ties } : test;
}
