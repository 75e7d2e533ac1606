/**
 * analyzeStudy: every figure of a study from its vote rows, as one JSON-serializable object that also records
 * the settings used. Stages:
 *   1. parse the settings (refused with a message when invalid);
 *   2. apply the attention-check exclusion rule;
 *   3. response times and left/right position bias over all kept votes;
 *   4. each condition pair: distributions, tests, equivalence, bootstrap, agreement, per-prompt results;
 *   5. with three or more conditions, Bradley–Terry-with-ties strengths;
 *   6. the plain-language sentences.
 */
import type { VoteRow } from '../results/votes';
import { applyExclusions, type ExclusionReport } from './exclusions';
import { notApplicable, notEnough, type Outcome } from './outcome';
import { analyzePair, type PairAnalysis } from './pairAnalysis';
import { conditionsOf, pairsOf, votesOf } from './pairs';
import { positionBias } from './position';
import { responseTimes } from './responseTimes';
import { pairSentences, studySentences } from './sentences';
import { parseStudySettings, type StudySettings } from './settings';
import { strengths, type StrengthsResult } from './strengths';

export interface StudyAnalysis {
  settings: StudySettings;
  exclusions: ExclusionReport;
  conditions: string[];
  responseTimes: ReturnType<typeof responseTimes>;
  positionBias: ReturnType<typeof positionBias>;
  pairs: (PairAnalysis & { sentences: string[] })[];
  strengths: Outcome<StrengthsResult>;
  sentences: string[];
}

export function analyzeStudy(rows: VoteRow[], settingsInput: unknown = {}): Outcome<StudyAnalysis> {
  // 1. Settings.
  const parsed = parseStudySettings(settingsInput);
  if (!parsed.ok) return parsed;
  const { settings } = parsed;
  if (rows.filter((r) => !r.is_attention_check).length === 0) return notEnough('no votes');

  // 2. Exclusions.
  const { kept, report } = applyExclusions(rows, settings.exclusions);
  if (kept.length === 0)
    return notEnough(`no votes left after exclusions (${report.participants.excluded} of ${report.participants.total} participants excluded: ${report.rule})`);

  // 3. Response times and position bias.
  const times = responseTimes(kept.map((r) => ({ participant: r.participant_id, responseMs: r.server_response_ms ?? r.response_ms })), settings.fastMs);
  const position = positionBias(kept.map((r) => ({ score: r.score_a_over_b, leftIsA: r.condition_left === r.condition_a })), 1 - settings.alpha);

  // 4. Condition pairs.
  const conditions = conditionsOf(kept);
  const pairs = pairsOf(kept).map((pair) => {
    const result = analyzePair(pair, votesOf(kept, pair), settings);
    return { ...result, sentences: pairSentences(result, settings) };
  });

  // 5. Strengths.
  const reference = settings.reference ?? (conditions.includes('dense') ? 'dense' : conditions[0]!);
  const strengthsResult: Outcome<StrengthsResult> =
    conditions.length < 3
      ? notApplicable(`${conditions.length} conditions; strengths are fitted for three or more`)
      : !conditions.includes(reference)
        ? notApplicable(`reference condition ${reference} is not in the study (${conditions.join(', ')})`)
        : strengths(
            kept.map((r) => ({ participant: r.participant_id, prompt: r.prompt_id, a: r.condition_a, b: r.condition_b, score: r.score_a_over_b })),
            conditions,
            reference,
            { ...settings.bootstrap, confidence: 1 - settings.alpha },
          );

  // 6. Sentences.
  const sentences = [
    ...studySentences(report, times, position, strengthsResult),
    ...pairs.flatMap((p) => p.sentences),
  ];
  return { ok: true, settings, exclusions: report, conditions, responseTimes: times, positionBias: position, pairs, strengths: strengthsResult, sentences };
}
