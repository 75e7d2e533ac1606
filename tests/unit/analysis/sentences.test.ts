import { describe, expect, it } from 'vitest';
import type { VoteRow } from '@/server/results/votes';
import { analyzeStudy } from '@/server/stats/analyze';

const vote = (participant: string, prompt: string, score: number): VoteRow =>
  ({ participant_id: participant, prompt_id: prompt, prompt, condition_a: 'dense', condition_b: 'ras', condition_left: 'dense', score_a_over_b: score, response_ms: 3000, server_response_ms: 3000, is_attention_check: false, attention_check_kind: '', attention_check_passed: null }) as VoteRow;

describe('findings in words', () => {
  it('a study where every answer is "similar" gets a defined verdict, said plainly', () => {
    const rows = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].flatMap((p) => [vote(p, 'q1', 0), vote(p, 'q2', 0)]);
    const a = analyzeStudy(rows, { bootstrap: { replicates: 200, seed: 1 } });
    if (!a.ok) throw new Error(a.reason);
    expect(a.sentences).toContain(
      "Every participant's mean score of dense over ras was exactly 0.00: ras is equivalent to dense within ±0.25 (no variation, so the t-tests are replaced by exact sign tests: p = 0.016).",
    );
  });

  it('names the Wilcoxon method used', () => {
    const rows = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].flatMap((p, i) => [vote(p, 'q1', (i % 3) - 1), vote(p, 'q2', 1)]);
    const a = analyzeStudy(rows, { bootstrap: { replicates: 200, seed: 1 } });
    if (!a.ok) throw new Error(a.reason);
    expect(a.sentences.find((s) => s.startsWith('Wilcoxon'))).toMatch(/per vote p = [\d.]+ \(exact permutation distribution\), on participant means p = [\d.]+ \(exact permutation distribution\)/);
  });
});
