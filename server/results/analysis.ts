import { analyzeStudy } from '../stats';
import { applyExclusions } from '../stats/exclusions';
import { badRequest } from '../http/errors';
import { median as medianOf } from './summary';
import type { VoteRow } from './votes';

const SETTING_KEYS = ['margin', 'maxFailedChecks', 'fastMs', 'alpha', 'reference'] as const;

/**
 * Analysis settings from URL query parameters (margin, maxFailedChecks, fastMs, alpha, reference, replicates,
 * seed). Numbers stay text when they do not read as numbers, so the schema can name the bad value.
 */
export function settingsFromQuery(params: URLSearchParams): Record<string, unknown> {
  const value = (raw: string) => (raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw);
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const raw = params.get(key);
    if (raw !== null) out[key] = key === 'reference' ? raw : value(raw);
  }
  const replicates = params.get('replicates');
  const seed = params.get('seed');
  if (replicates !== null || seed !== null) {
    out.bootstrap = { ...(replicates !== null && { replicates: value(replicates) }), ...(seed !== null && { seed: value(seed) }) };
  }
  return out;
}

/** The study's analysis; invalid settings → 400 with the schema's message. "Not enough data" is a result, not an error. */
export function analysisOrRefusal(rows: VoteRow[], settings: Record<string, unknown>) {
  const analysis = analyzeStudy(rows, settings);
  if (!analysis.ok && analysis.reason.startsWith('invalid settings')) throw badRequest(analysis.reason);
  return analysis;
}

/** One row per comparison (prompt × condition pair), over the votes kept after the exclusion rule. */
export function comparisonSummary(rows: VoteRow[], maxFailedChecks: number) {
  const { kept } = applyExclusions(rows, maxFailedChecks);
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

/** One row per participant: answers, attention checks, exclusion, response times. */
export function participantSummary(rows: VoteRow[], maxFailedChecks: number, fastMs: number) {
  const { report } = applyExclusions(rows, maxFailedChecks);
  const excluded = new Set(report.participants.excludedIds);
  const byParticipant = new Map<string, VoteRow[]>();
  for (const r of rows) byParticipant.set(r.participant_id, [...(byParticipant.get(r.participant_id) ?? []), r]);
  return [...byParticipant].map(([id, rs]) => {
    const real = rs.filter((r) => !r.is_attention_check);
    const checks = rs.filter((r) => r.is_attention_check);
    const median = real.length ? medianOf(real.map((r) => r.response_ms)) : null;
    return {
      participant_id: id,
      external_id_hash: rs[0].external_id_hash,
      votes: real.length,
      attention_checks: checks.length,
      attention_checks_failed: checks.filter((r) => r.attention_check_passed === false).length,
      excluded: excluded.has(id),
      mean_score_a_over_b: real.length ? real.reduce((s, r) => s + r.score_a_over_b, 0) / real.length : null,
      median_response_ms: median,
      fast: median !== null && median < fastMs,
      first_vote_at: rs[0].voted_at,
      last_vote_at: rs[rs.length - 1].voted_at,
    };
  });
}
