import { db } from '../db/client';
import { CHOICE_LABELS } from '../participation/choices';

/** One row per vote: the tidy export. Columns are documented in docs/exports.md. */
export interface VoteRow {
  study_id: string;
  study_title: string;
  participant_id: string;
  external_id_hash: string;
  prompt_id: string;
  prompt: string;
  seed: number;
  tags: string;
  condition_a: string;
  condition_b: string;
  condition_left: string;
  condition_right: string;
  choice_shown: number;
  choice_label: string;
  score_a_over_b: number;
  preferred: string;
  /** As measured by the participant's browser. */
  response_ms: number;
  /** As measured by the server (null for votes from before server timing): what the fast-responder rule uses. */
  server_response_ms: number | null;
  is_attention_check: boolean;
  /** identical | degraded for an attention check, empty otherwise. */
  attention_check_kind: '' | 'identical' | 'degraded';
  attention_check_passed: boolean | null;
  trial_position: number;
  shown_at: string;
  voted_at: string;
  condition_a_config: string;
  condition_b_config: string;
}

export const VOTE_COLUMNS: (keyof VoteRow)[] = [
  'study_id', 'study_title', 'participant_id', 'external_id_hash', 'prompt_id', 'prompt', 'seed', 'tags', 'condition_a', 'condition_b',
  'condition_left', 'condition_right', 'choice_shown', 'choice_label', 'score_a_over_b', 'preferred', 'response_ms', 'server_response_ms',
  'is_attention_check', 'attention_check_kind', 'attention_check_passed', 'trial_position', 'shown_at', 'voted_at', 'condition_a_config', 'condition_b_config',
];

/** Identical pair: "similar" expected. Degraded pair (A intact): A's side better, slightly or clearly. */
export function attentionCheckPassed(kind: 'IDENTICAL' | 'DEGRADED' | null, choice: number, scoreAOverB: number): boolean {
  return kind === 'DEGRADED' ? scoreAOverB > 0 : choice === 3;
}

export async function voteRows(studyId: string): Promise<VoteRow[]> {
  const votes = await db().vote.findMany({
    where: { trial: { participant: { studyId } } },
    orderBy: { createdAt: 'asc' },
    include: {
      trial: {
        include: {
          participant: { include: { study: true } },
          comparison: { include: { prompt: true, imageA: { include: { condition: true } }, imageB: { include: { condition: true } } } },
        },
      },
    },
  });
  return votes.map((v) => {
    const { trial } = v;
    const { comparison, participant } = trial;
    const a = comparison.imageA.condition.name;
    const b = comparison.imageB.condition.name;
    const check = comparison.isAttentionCheck;
    return {
      study_id: participant.studyId,
      study_title: participant.study.title,
      participant_id: participant.id,
      external_id_hash: participant.externalIdHash ?? '',
      prompt_id: comparison.promptId,
      prompt: comparison.prompt.text,
      seed: comparison.prompt.seed,
      tags: comparison.prompt.tags.join(';'),
      condition_a: a,
      condition_b: b,
      condition_left: trial.leftIsA ? a : b,
      condition_right: trial.leftIsA ? b : a,
      choice_shown: v.choice,
      choice_label: CHOICE_LABELS[v.choice - 1],
      score_a_over_b: check ? 0 : v.scoreAOverB,
      preferred: check || v.scoreAOverB === 0 ? 'similar' : v.scoreAOverB > 0 ? a : b,
      response_ms: v.responseMs,
      server_response_ms: v.serverResponseMs,
      is_attention_check: check,
      attention_check_kind: check ? (comparison.checkKind === 'DEGRADED' ? 'degraded' : 'identical') : '',
      attention_check_passed: check ? attentionCheckPassed(comparison.checkKind, v.choice, v.scoreAOverB) : null,
      trial_position: trial.position + 1,
      shown_at: trial.shownAt?.toISOString() ?? '',
      voted_at: v.createdAt.toISOString(),
      condition_a_config: JSON.stringify(comparison.imageA.config ?? {}),
      condition_b_config: JSON.stringify(comparison.imageB.config ?? {}),
    };
  });
}
