import { db } from '../db/client';
import { badRequest, conflict } from '../http/errors';
import { toCsv } from './csv';
import { studyResults } from './studyResults';
import { configurationRows, VOTE_COLUMNS } from './votes';

export const EXPORT_KINDS = ['votes', 'comparisons', 'participants', 'configurations', 'stats'] as const;

/**
 * The researcher's downloads: votes, per-comparison and per-participant summaries (CSV or JSON), and the stats
 * JSON. All are computed under one analysis (the plan, or ?analysis=<exploratory id>) and every row says which
 * (`analysis` column), so a file can never be mistaken for another analysis's. Votes rows say whether the
 * vote is kept under it.
 */
export async function exportFile(studyId: string, kind: string, format: 'csv' | 'json', query: URLSearchParams) {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw badRequest(`unknown export ${kind}: one of ${EXPORT_KINDS.join(', ')}`);
  const results = await studyResults(studyId, query);
  const analysis = results.label.text;
  const suffix = results.label.kind === 'exploratory' ? `-exploratory-${results.label.id}` : '';
  const name = `${kind}-${studyId}${suffix}.${format}`;
  const json = (value: unknown) => ({ name, contentType: 'application/json', body: JSON.stringify(value, null, 2) });
  const csv = (body: string) => ({ name, contentType: 'text/csv; charset=utf-8', body });
  const out = <T extends object>(rows: T[], columns: (keyof T & string)[]) => {
    const labelled = rows.map((r) => ({ ...r, analysis }));
    return format === 'json' ? json(labelled) : csv(toCsv(labelled, [...columns, 'analysis'] as (keyof (T & { analysis: string }) & string)[]));
  };
  switch (kind) {
    case 'votes': {
      const excluded = new Set(results.exclusions.participants.excludedIds);
      const rows = results.rows.map((r) => ({ ...r, kept: !r.is_attention_check && !excluded.has(r.participant_id) }));
      return out(rows, [...VOTE_COLUMNS, 'kept']);
    }
    case 'comparisons':
      return out(results.comparisons, COMPARISON_COLUMNS);
    case 'participants':
      return out(results.participants, PARTICIPANT_COLUMNS);
    case 'configurations':
      return out(await configurationRows(studyId), ['config_id', 'condition', 'images', 'config']);
    default:
      if (format !== 'json') throw badRequest('the stats export is JSON');
      return json({
        studyId,
        generatedAt: new Date().toISOString(),
        analysisUsed: results.label,
        flow: results.flow,
        trialsAnswered: results.trialsAnswered,
        analysis: results.analysis,
      });
  }
}

type ComparisonRow = Awaited<ReturnType<typeof studyResults>>['comparisons'][number];
type ParticipantRow = Awaited<ReturnType<typeof studyResults>>['participants'][number];

const COMPARISON_COLUMNS: (keyof ComparisonRow)[] = [
  'prompt_id', 'prompt', 'seed', 'condition_a', 'condition_b', 'votes', 'a_clearly_better', 'a_slightly_better', 'similar',
  'b_slightly_better', 'b_clearly_better', 'mean_score_a_over_b',
];
const PARTICIPANT_COLUMNS: (keyof ParticipantRow)[] = [
  'participant_id', 'external_id_hash', 'votes', 'attention_checks', 'attention_checks_failed', 'identical_checks_failed', 'degraded_checks_failed',
  'excluded', 'exclusion_reasons', 'mean_score_a_over_b', 'median_response_ms', 'median_server_response_ms', 'fast', 'device_class', 'focus_losses',
  'first_vote_at', 'last_vote_at',
];

/**
 * Admin only, and only for a study that opted in (exportProlificIds) before it opened: each participant's raw
 * PROLIFIC_PID beside the opaque participant id, whether they completed and whether the plan excludes them,
 * to approve or reject submissions on Prolific. Pilots are left out.
 */
export async function prolificIdExport(studyId: string, format: 'csv' | 'json') {
  const results = await studyResults(studyId);
  if (!results.study.exportProlificIds) {
    throw conflict('This study does not keep raw Prolific IDs (only a salted hash): turn on “Keep raw PROLIFIC_PIDs for export” before opening a study to use this export');
  }
  const participants = await db().participant.findMany({ where: { studyId, pilot: false }, orderBy: { createdAt: 'asc' } });
  const excluded = new Set(results.exclusions.participants.excludedIds);
  const rows = participants.map((p) => ({
    participant_id: p.id,
    prolific_pid: p.externalId ?? '',
    started_at: p.createdAt.toISOString(),
    completed: p.completedAt !== null,
    completed_at: p.completedAt?.toISOString() ?? '',
    excluded_by_plan: excluded.has(p.id),
  }));
  const name = `prolific-ids-${studyId}.${format}`;
  return format === 'json'
    ? { name, contentType: 'application/json', body: JSON.stringify(rows, null, 2) }
    : { name, contentType: 'text/csv; charset=utf-8', body: toCsv(rows, ['participant_id', 'prolific_pid', 'started_at', 'completed', 'completed_at', 'excluded_by_plan']) };
}
