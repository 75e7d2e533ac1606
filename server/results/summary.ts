import type { VoteRow } from './votes';

/** Counts of the 5 levels in condition terms: [A clearly, A slightly, similar, B slightly, B clearly]. */
export type Distribution = [number, number, number, number, number];

export const LEVEL_LABELS = (a: string, b: string) => [`${a} clearly better`, `${a} slightly better`, 'Similar', `${b} slightly better`, `${b} clearly better`];

export function distribution(scores: number[]): Distribution {
  const d: Distribution = [0, 0, 0, 0, 0];
  for (const s of scores) d[2 - s]++;
  return d;
}

export interface PairSummary {
  conditionA: string;
  conditionB: string;
  votes: number;
  overall: Distribution;
  perPrompt: { promptId: string; prompt: string; seed: number; votes: number; distribution: Distribution }[];
}

export interface StudySummary {
  votes: number;
  realVotes: number;
  attentionChecks: { votes: number; passed: number };
  participants: { id: string; votes: number; attentionFailed: number; medianResponseMs: number }[];
  pairs: PairSummary[];
}

export const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Pure summary of the vote rows: what the researcher dashboard shows. */
export function summarize(rows: VoteRow[]): StudySummary {
  const real = rows.filter((r) => !r.is_attention_check);
  const checks = rows.filter((r) => r.is_attention_check);
  const pairs = new Map<string, VoteRow[]>();
  for (const r of real) {
    const key = JSON.stringify([r.condition_a, r.condition_b]);
    pairs.set(key, [...(pairs.get(key) ?? []), r]);
  }
  const byParticipant = new Map<string, VoteRow[]>();
  for (const r of rows) byParticipant.set(r.participant_id, [...(byParticipant.get(r.participant_id) ?? []), r]);
  return {
    votes: rows.length,
    realVotes: real.length,
    attentionChecks: { votes: checks.length, passed: checks.filter((r) => r.attention_check_passed).length },
    participants: [...byParticipant].map(([id, rs]) => ({
      id,
      votes: rs.length,
      attentionFailed: rs.filter((r) => r.attention_check_passed === false).length,
      medianResponseMs: median(rs.map((r) => r.response_ms)),
    })),
    pairs: [...pairs].map(([key, rs]) => {
      const [conditionA, conditionB] = JSON.parse(key) as [string, string];
      const prompts = new Map<string, VoteRow[]>();
      for (const r of rs) prompts.set(r.prompt_id, [...(prompts.get(r.prompt_id) ?? []), r]);
      return {
        conditionA,
        conditionB,
        votes: rs.length,
        overall: distribution(rs.map((r) => r.score_a_over_b)),
        perPrompt: [...prompts].map(([promptId, ps]) => ({
          promptId,
          prompt: ps[0].prompt,
          seed: ps[0].seed,
          votes: ps.length,
          distribution: distribution(ps.map((r) => r.score_a_over_b)),
        })),
      };
    }),
  };
}
