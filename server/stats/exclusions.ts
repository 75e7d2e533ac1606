/**
 * Attention-check exclusion. Rule: a participant who failed more than `maxFailedChecks` of their attention
 * checks is excluded with all their votes (default 0: failing any check excludes). Participants who saw no
 * check are kept. Attention-check rows themselves are never analysed: they only feed this rule.
 */
import type { VoteRow } from '../results/votes';

export interface ExclusionReport {
  rule: string;
  maxFailedChecks: number;
  participants: { total: number; excluded: number; kept: number; excludedIds: string[] };
  /** Real (non-check) votes. */
  votes: { total: number; excluded: number; kept: number };
  attentionChecks: { shown: number; failed: number };
}

export function applyExclusions(rows: VoteRow[], maxFailedChecks: number): { kept: VoteRow[]; report: ExclusionReport } {
  const failed = new Map<string, number>();
  for (const r of rows) {
    if (!failed.has(r.participant_id)) failed.set(r.participant_id, 0);
    if (r.is_attention_check && r.attention_check_passed === false) failed.set(r.participant_id, failed.get(r.participant_id)! + 1);
  }
  const excludedIds = [...failed].filter(([, f]) => f > maxFailedChecks).map(([id]) => id).sort();
  const excluded = new Set(excludedIds);
  const real = rows.filter((r) => !r.is_attention_check);
  const kept = real.filter((r) => !excluded.has(r.participant_id));
  const checks = rows.filter((r) => r.is_attention_check);
  return {
    kept,
    report: {
      rule:
        maxFailedChecks === 0
          ? 'participants who failed any attention check are excluded'
          : `participants who failed more than ${maxFailedChecks} attention check${maxFailedChecks === 1 ? '' : 's'} are excluded`,
      maxFailedChecks,
      participants: { total: failed.size, excluded: excludedIds.length, kept: failed.size - excludedIds.length, excludedIds },
      votes: { total: real.length, excluded: real.length - kept.length, kept: kept.length },
      attentionChecks: { shown: checks.length, failed: checks.filter((r) => r.attention_check_passed === false).length },
    },
  };
}
