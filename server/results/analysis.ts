import type { ExclusionReport } from '../stats/exclusions';
import { median as medianOf } from './summary';
import type { VoteRow } from './votes';

/** One row per comparison (prompt × condition pair), over the kept votes. */
export function comparisonSummary(kept: VoteRow[]) {
  const groups = new Map<string, VoteRow[]>();
  for (const r of kept) {
    const key = JSON.stringify([r.prompt_id, r.condition_a, r.condition_b]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const count = (s: number) => rs.filter((r) => r.score_a_over_b === s).length;
    return {
      prompt_id: rs[0].prompt_id,
      prompt: rs[0].prompt,
      seed: rs[0].seed,
      condition_a: rs[0].condition_a,
      condition_b: rs[0].condition_b,
      votes: rs.length,
      a_clearly_better: count(2),
      a_slightly_better: count(1),
      similar: count(0),
      b_slightly_better: count(-1),
      b_clearly_better: count(-2),
      mean_score_a_over_b: rs.reduce((s, r) => s + r.score_a_over_b, 0) / rs.length,
    };
  });
}

/** One row per participant with votes: answers, attention checks by kind, exclusion and why, response times. */
export function participantSummary(rows: VoteRow[], report: ExclusionReport, fastMs: number) {
  const excluded = new Set(report.participants.excludedIds);
  const { byRule } = report.participants;
  const reasons = (id: string) =>
    [byRule.failedChecks.includes(id) && 'failed attention checks', byRule.fastResponders.includes(id) && 'fast responder', byRule.tooFewTrials.includes(id) && 'too few comparisons answered', byRule.focusLosses?.includes(id) && 'left the page too often']
      .filter(Boolean)
      .join('; ');
  const byParticipant = new Map<string, VoteRow[]>();
  for (const r of rows) byParticipant.set(r.participant_id, [...(byParticipant.get(r.participant_id) ?? []), r]);
  return [...byParticipant].map(([id, rs]) => {
    const real = rs.filter((r) => !r.is_attention_check);
    const checks = rs.filter((r) => r.is_attention_check);
    const median = real.length ? medianOf(real.map((r) => r.response_ms)) : null;
    const serverMedian = real.length ? medianOf(real.map((r) => r.server_response_ms ?? r.response_ms)) : null;
    const failedOf = (kind: string) => checks.filter((r) => r.attention_check_kind === kind && r.attention_check_passed === false).length;
    return {
      participant_id: id,
      external_id_hash: rs[0].external_id_hash,
      votes: real.length,
      attention_checks: checks.length,
      attention_checks_failed: checks.filter((r) => r.attention_check_passed === false).length,
      identical_checks_failed: failedOf('identical'),
      degraded_checks_failed: failedOf('degraded'),
      excluded: excluded.has(id),
      exclusion_reasons: reasons(id),
      mean_score_a_over_b: real.length ? real.reduce((s, r) => s + r.score_a_over_b, 0) / real.length : null,
      median_response_ms: median,
      median_server_response_ms: serverMedian,
      fast: serverMedian !== null && serverMedian < fastMs,
      device_class: [...new Set(rs.map((r) => r.device_class).filter(Boolean))].join(';'),
      focus_losses: real.reduce((n, r) => n + (r.focus_losses ?? 0), 0),
      first_vote_at: rs[0].voted_at,
      last_vote_at: rs[rs.length - 1].voted_at,
    };
  });
}
