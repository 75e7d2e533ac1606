/**
 * From vote rows to the values the tests use: the condition pairs of a study, and each pair's votes as scores
 * of A over B, whichever way round a row stored them (a row stored as B-vs-A has its score negated).
 */
import type { VoteRow } from '../results/votes';

export interface Pair {
  a: string;
  b: string;
}

export interface PairVote {
  participant: string;
  prompt: string;
  /** Score of the pair's A over its B, −2 … +2. */
  score: number;
  /** Was the pair's A shown on the left? */
  leftIsA: boolean;
  responseMs: number;
}

/** Conditions in first-seen order. */
export function conditionsOf(rows: VoteRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) seen.add(r.condition_a).add(r.condition_b);
  return [...seen];
}

/** Every unordered pair of distinct conditions compared, oriented as first seen. */
export function pairsOf(rows: VoteRow[]): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const r of rows) {
    if (r.condition_a === r.condition_b) continue;
    const key = JSON.stringify([r.condition_a, r.condition_b].sort());
    if (!pairs.has(key)) pairs.set(key, { a: r.condition_a, b: r.condition_b });
  }
  return [...pairs.values()];
}

export function votesOf(rows: VoteRow[], pair: Pair): PairVote[] {
  const out: PairVote[] = [];
  for (const r of rows) {
    const same = r.condition_a === pair.a && r.condition_b === pair.b;
    const flipped = r.condition_a === pair.b && r.condition_b === pair.a;
    if (!same && !flipped) continue;
    out.push({
      participant: r.participant_id,
      prompt: r.prompt_id,
      score: same ? r.score_a_over_b : -r.score_a_over_b || 0,
      leftIsA: r.condition_left === pair.a,
      responseMs: r.response_ms,
    });
  }
  return out;
}

/** Mean score of each participant, in participant order. */
export function participantMeans(votes: PairVote[]): number[] {
  const sums = new Map<string, { s: number; n: number }>();
  for (const v of votes) {
    const cell = sums.get(v.participant) ?? { s: 0, n: 0 };
    cell.s += v.score;
    cell.n++;
    sums.set(v.participant, cell);
  }
  return [...sums.keys()].sort().map((k) => sums.get(k)!.s / sums.get(k)!.n);
}
