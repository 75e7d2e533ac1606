/**
 * Participant exclusion, the plan's rules (settings.ts): failed attention checks counted per kind, fast
 * responders by their median server-measured response time, and too few real comparisons answered. An
 * excluded participant loses all their votes; attention-check rows are never analysed, they only feed the
 * rules. A number instead of rules is the attention-check rule alone with that threshold for every kind (the
 * form the reference implementations in scripts/stats-reference compute).
 */
import type { VoteRow } from '../results/votes';
import type { ExclusionRules } from './settings';

export type CheckKindName = 'identical' | 'degraded';

export interface ExclusionReport {
  rule: string;
  rules: ExclusionRules;
  participants: {
    total: number;
    excluded: number;
    kept: number;
    excludedIds: string[];
    /** Participants each rule excludes (one participant may meet several rules). */
    byRule: { failedChecks: string[]; fastResponders: string[]; tooFewTrials: string[]; focusLosses: string[] };
  };
  /** Real (non-check) votes. */
  votes: { total: number; excluded: number; kept: number };
  attentionChecks: { shown: number; failed: number };
  checksByKind: Record<CheckKindName, { shown: number; failed: number }>;
}

const kindOf = (r: VoteRow): CheckKindName => (r.attention_check_kind === 'degraded' ? 'degraded' : 'identical');
const msOf = (r: VoteRow) => r.server_response_ms ?? r.response_ms;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function ruleSentence(rules: ExclusionRules): string {
  const { identical, degraded } = rules.failedChecks;
  const checks =
    identical === degraded
      ? identical === 0
        ? 'participants who failed any attention check'
        : `participants who failed more than ${identical} attention check${identical === 1 ? '' : 's'} of one kind`
      : `participants who failed more than ${identical} identical-pair or more than ${degraded} degraded-pair check${degraded === 1 ? '' : 's'}`;
  const parts = [checks];
  if (rules.fastMedianMs !== null) parts.push(`participants whose median response time (measured by the server) was below ${rules.fastMedianMs} ms`);
  if (rules.minTrialsAnswered > 1) parts.push(`participants who answered fewer than ${rules.minTrialsAnswered} comparisons`);
  if (rules.maxFocusLosses != null) parts.push(`participants who left the page (tab switch or other window) more than ${rules.maxFocusLosses} time${rules.maxFocusLosses === 1 ? '' : 's'} during the comparisons`);
  return `${parts.join(', ').replace(/, ([^,]*)$/, parts.length > 2 ? ', and $1' : ' and $1')} are excluded`;
}

export function applyExclusions(rows: VoteRow[], rulesOrMaxFailed: ExclusionRules | number): { kept: VoteRow[]; report: ExclusionReport } {
  const legacy = typeof rulesOrMaxFailed === 'number';
  const rules: ExclusionRules = legacy
    ? { failedChecks: { identical: rulesOrMaxFailed, degraded: rulesOrMaxFailed }, fastMedianMs: null, minTrialsAnswered: 1, maxFocusLosses: null }
    : rulesOrMaxFailed;
  const byParticipant = new Map<string, VoteRow[]>();
  for (const r of rows) byParticipant.set(r.participant_id, [...(byParticipant.get(r.participant_id) ?? []), r]);
  const byRule = { failedChecks: [] as string[], fastResponders: [] as string[], tooFewTrials: [] as string[], focusLosses: [] as string[] };
  for (const [id, own] of byParticipant) {
    const failed = { identical: 0, degraded: 0 };
    for (const r of own) if (r.is_attention_check && r.attention_check_passed === false) failed[kindOf(r)]++;
    if (failed.identical > rules.failedChecks.identical || failed.degraded > rules.failedChecks.degraded) byRule.failedChecks.push(id);
    const real = own.filter((r) => !r.is_attention_check);
    if (rules.fastMedianMs !== null && real.length > 0 && median(real.map(msOf)) < rules.fastMedianMs) byRule.fastResponders.push(id);
    if (real.length < rules.minTrialsAnswered) byRule.tooFewTrials.push(id);
    const maxLosses = rules.maxFocusLosses ?? null;
    if (maxLosses !== null && real.reduce((n, r) => n + (r.focus_losses ?? 0), 0) > maxLosses) byRule.focusLosses.push(id);
  }
  for (const list of Object.values(byRule)) list.sort();
  const excludedIds = [...new Set(Object.values(byRule).flat())].sort();
  const excluded = new Set(excludedIds);
  const real = rows.filter((r) => !r.is_attention_check);
  const kept = real.filter((r) => !excluded.has(r.participant_id));
  const checks = rows.filter((r) => r.is_attention_check);
  const kindCounts = (kind: CheckKindName) => {
    const own = checks.filter((r) => kindOf(r) === kind);
    return { shown: own.length, failed: own.filter((r) => r.attention_check_passed === false).length };
  };
  const legacyRule =
    rulesOrMaxFailed === 0
      ? 'participants who failed any attention check are excluded'
      : `participants who failed more than ${rulesOrMaxFailed} attention check${rulesOrMaxFailed === 1 ? '' : 's'} are excluded`;
  return {
    kept,
    report: {
      rule: legacy ? legacyRule : ruleSentence(rules),
      rules,
      participants: { total: byParticipant.size, excluded: excludedIds.length, kept: byParticipant.size - excludedIds.length, excludedIds, byRule },
      votes: { total: real.length, excluded: real.length - kept.length, kept: kept.length },
      attentionChecks: { shown: checks.length, failed: checks.filter((r) => r.attention_check_passed === false).length },
      checksByKind: { identical: kindCounts('identical'), degraded: kindCounts('degraded') },
    },
  };
}
