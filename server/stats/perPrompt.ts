/**
 * Per-prompt results of one condition pair: the 3-level counts, the mean score, the sign test and the Pratt
 * Wilcoxon test on that prompt's votes, and each test's p-values Holm-adjusted across the prompts (R p.adjust
 * "holm"). A prompt whose test cannot run (e.g. all ties) gets a reason instead of a p-value and is left out
 * of that test's Holm family.
 */
import { signTest } from './binomial';
import { holm } from './holm';
import type { Outcome } from './outcome';
import type { PairVote } from './pairs';
import { qt } from './special';
import { wilcoxonPratt } from './wilcoxon';

export function meanInterval(s: number[], confidence = 0.95): [number, number] | null {
  if (s.length < 2) return null;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const sd = Math.sqrt(s.reduce((a, x) => a + (x - mean) ** 2, 0) / (s.length - 1));
  if (sd === 0) return null;
  const half = qt(1 - (1 - confidence) / 2, s.length - 1) * (sd / Math.sqrt(s.length));
  return [mean - half, mean + half];
}

export interface PromptResult {
  prompt: string;
  n: number;
  mean: number;
  /** 95 % t interval of the mean score (null with fewer than two votes or no spread): the per-prompt chart's bars. */
  ci: [number, number] | null;
  aBetter: number;
  similar: number;
  bBetter: number;
  signTest: Outcome<{ pValue: number; holm: number }>;
  wilcoxon: Outcome<{ pValue: number; holm: number }>;
}

function withHolm(outcomes: Outcome<{ pValue: number }>[]): Outcome<{ pValue: number; holm: number }>[] {
  const family = outcomes.flatMap((o, i) => (o.ok ? [{ i, p: o.pValue }] : []));
  const adjusted = holm(family.map((f) => f.p));
  const byIndex = new Map(family.map((f, k) => [f.i, adjusted[k]!]));
  return outcomes.map((o, i) => (o.ok ? { ok: true, pValue: o.pValue, holm: byIndex.get(i)! } : o));
}

export function perPrompt(votes: PairVote[]): PromptResult[] {
  const byPrompt = new Map<string, number[]>();
  for (const v of votes) {
    const own = byPrompt.get(v.prompt) ?? [];
    own.push(v.score);
    byPrompt.set(v.prompt, own);
  }
  const prompts = [...byPrompt.keys()].sort();
  const scores = prompts.map((p) => byPrompt.get(p)!);
  const sign = withHolm(scores.map((s) => signTest(s)));
  const wil = withHolm(scores.map((s) => wilcoxonPratt(s)));
  return prompts.map((prompt, k) => {
    const s = scores[k]!;
    return {
      prompt,
      n: s.length,
      mean: s.reduce((a, b) => a + b, 0) / s.length,
      ci: meanInterval(s),
      aBetter: s.filter((x) => x > 0).length,
      similar: s.filter((x) => x === 0).length,
      bBetter: s.filter((x) => x < 0).length,
      signTest: sign[k]!,
      wilcoxon: wil[k]!,
    };
  });
}
