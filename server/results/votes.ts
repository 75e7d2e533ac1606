import { createHash } from 'node:crypto';
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
  /** The sampler configuration of each image, by id: the configurations export holds each one once. */
  condition_a_config_id: string;
  condition_b_config_id: string;
  /** The participant's device with this vote (empty for votes from before it was recorded). */
  device_class: string;
  viewport_width: number | null;
  viewport_height: number | null;
  screen_width: number | null;
  screen_height: number | null;
  /** Times the page lost focus or was hidden while the trial was shown, and for how long. */
  focus_losses: number | null;
  hidden_ms: number | null;
}

export const VOTE_COLUMNS: (keyof VoteRow)[] = [
  'study_id', 'study_title', 'participant_id', 'external_id_hash', 'prompt_id', 'prompt', 'seed', 'tags', 'condition_a', 'condition_b',
  'condition_left', 'condition_right', 'choice_shown', 'choice_label', 'score_a_over_b', 'preferred', 'response_ms', 'server_response_ms',
  'is_attention_check', 'attention_check_kind', 'attention_check_passed', 'trial_position', 'shown_at', 'voted_at', 'condition_a_config_id', 'condition_b_config_id',
  'device_class', 'viewport_width', 'viewport_height', 'screen_width', 'screen_height', 'focus_losses', 'hidden_ms',
];

/** A configuration's id: the first 12 hex digits of the sha256 of its JSON with sorted keys, the same in every export. */
export function configId(config: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sorted(x)])) : v;
  return createHash('sha256').update(JSON.stringify(sorted(config ?? {}))).digest('hex').slice(0, 12);
}

export interface ConfigurationRow {
  config_id: string;
  condition: string;
  images: number;
  config: string;
}

/** Each distinct sampler configuration of the study's images once, with its condition and how many images share it. */
export async function configurationRows(studyId: string): Promise<ConfigurationRow[]> {
  const images = await db().image.findMany({ where: { studyId }, select: { config: true, condition: { select: { name: true, ordinal: true } } } });
  const rows = new Map<string, ConfigurationRow & { ordinal: number }>();
  for (const image of images) {
    const id = configId(image.config);
    const key = `${image.condition.name}:${id}`;
    const row = rows.get(key) ?? { config_id: id, condition: image.condition.name, images: 0, config: JSON.stringify(image.config ?? {}), ordinal: image.condition.ordinal };
    row.images++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.ordinal - b.ordinal || (a.config_id < b.config_id ? -1 : 1)).map(({ ordinal: _, ...r }) => r);
}

/** Identical pair: "similar" expected. Degraded pair (A intact): A's side better, slightly or clearly. */
export function attentionCheckPassed(kind: 'IDENTICAL' | 'DEGRADED' | null, choice: number, scoreAOverB: number): boolean {
  return kind === 'DEGRADED' ? scoreAOverB > 0 : choice === 3;
}

export async function voteRows(studyId: string): Promise<VoteRow[]> {
  const votes = await db().vote.findMany({
    // Pilot participants (admins trying the study) never reach a statistic or an export.
    where: { trial: { participant: { studyId, pilot: false } } },
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
      condition_a_config_id: configId(comparison.imageA.config),
      condition_b_config_id: configId(comparison.imageB.config),
      device_class: v.deviceClass ?? '',
      viewport_width: v.viewportWidth,
      viewport_height: v.viewportHeight,
      screen_width: v.screenWidth,
      screen_height: v.screenHeight,
      focus_losses: v.focusLosses,
      hidden_ms: v.hiddenMs,
    };
  });
}
