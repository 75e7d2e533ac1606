import { badRequest } from '../http/errors';
import { studySettingsSchema } from '../stats';
import { analysisOrRefusal, comparisonSummary, participantSummary, settingsFromQuery } from './analysis';
import { toCsv } from './csv';
import { VOTE_COLUMNS, voteRows } from './votes';

export const EXPORT_KINDS = ['votes', 'comparisons', 'participants', 'stats'] as const;

/** The researcher's downloads: votes, per-comparison and per-participant summaries (CSV or JSON), and the stats JSON. */
export async function exportFile(studyId: string, kind: string, format: 'csv' | 'json', query: URLSearchParams) {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw badRequest(`unknown export ${kind}: one of ${EXPORT_KINDS.join(', ')}`);
  const rows = await voteRows(studyId);
  const settingsInput = settingsFromQuery(query);
  const parsed = studySettingsSchema.safeParse(settingsInput);
  if (!parsed.success) throw badRequest(`invalid settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const settings = parsed.data;
  const name = `${kind}-${studyId}.${format}`;
  const json = (value: unknown) => ({ name, contentType: 'application/json', body: JSON.stringify(value, null, 2) });
  const csv = (body: string) => ({ name, contentType: 'text/csv; charset=utf-8', body });
  switch (kind) {
    case 'votes':
      return format === 'json' ? json(rows) : csv(toCsv(rows, VOTE_COLUMNS));
    case 'comparisons': {
      const summary = comparisonSummary(rows, settings.maxFailedChecks);
      return format === 'json' ? json(summary) : csv(toCsv(summary, COMPARISON_COLUMNS));
    }
    case 'participants': {
      const summary = participantSummary(rows, settings.maxFailedChecks, settings.fastMs);
      return format === 'json' ? json(summary) : csv(toCsv(summary, PARTICIPANT_COLUMNS));
    }
    default:
      if (format !== 'json') throw badRequest('the stats export is JSON');
      return json({ studyId, generatedAt: new Date().toISOString(), analysis: analysisOrRefusal(rows, settingsInput) });
  }
}

const COMPARISON_COLUMNS: (keyof ReturnType<typeof comparisonSummary>[number])[] = [
  'prompt_id', 'prompt', 'seed', 'condition_a', 'condition_b', 'votes', 'a_clearly_better', 'a_slightly_better', 'similar',
  'b_slightly_better', 'b_clearly_better', 'mean_score_a_over_b',
];
const PARTICIPANT_COLUMNS: (keyof ReturnType<typeof participantSummary>[number])[] = [
  'participant_id', 'external_id_hash', 'votes', 'attention_checks', 'attention_checks_failed', 'excluded', 'mean_score_a_over_b',
  'median_response_ms', 'fast', 'first_vote_at', 'last_vote_at',
];
