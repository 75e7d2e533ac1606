/**
 * Shared by the stats tests: the fixtures (synthetic data from scripts/stats-reference/make_data.py and the
 * reference values that scripts/stats-reference/reference.R and reference.py computed from it) and a
 * tolerance check. Tolerances: 1e-6 for statistics, 1e-4 for p-values (absolute).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { VoteRow } from '@/server/results/votes';

const load = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

export interface CompactRow {
  participant: string;
  prompt: string;
  a: string;
  b: string;
  left: string;
  score: number;
  check: boolean;
  passed: boolean | null;
  ms: number;
}

export const data: { study2: CompactRow[]; study3: CompactRow[]; vectors: any } = load('data.json');
export const R: any = load('expected-r.json');
export const PY: any = load('expected-py.json');

export const STAT = 1e-6;
export const PVAL = 1e-4;

export function near(actual: number | null | undefined, expected: number, tol: number) {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tol);
}

export function toVoteRow(r: CompactRow): VoteRow {
  return {
    study_id: 'study',
    study_title: 'Study',
    participant_id: r.participant,
    external_id_hash: '',
    prompt_id: r.prompt,
    prompt: `prompt ${r.prompt}`,
    seed: 0,
    tags: '',
    condition_a: r.a,
    condition_b: r.b,
    condition_left: r.left,
    condition_right: r.left === r.a ? r.b : r.a,
    choice_shown: 3,
    choice_label: '',
    score_a_over_b: r.score,
    preferred: '',
    response_ms: r.ms,
    server_response_ms: null,
    is_attention_check: r.check,
    attention_check_kind: r.check ? 'identical' : '',
    attention_check_passed: r.passed,
    trial_position: 1,
    shown_at: '',
    voted_at: '',
    condition_a_config_id: '',
    condition_b_config_id: '',
    device_class: '',
    viewport_width: null,
    viewport_height: null,
    screen_width: null,
    screen_height: null,
    focus_losses: null,
    hidden_ms: null,
  };
}

/** A real (non-check) vote row for hand-made edge cases. */
export const vote = (participant: string, prompt: string, score: number, extra: Partial<CompactRow> = {}): VoteRow =>
  toVoteRow({ participant, prompt, a: 'dense', b: 'ras-50', left: 'dense', score, check: false, passed: null, ms: 2000, ...extra });

/** An attention-check row. */
export const check = (participant: string, passed: boolean): VoteRow =>
  toVoteRow({ participant, prompt: 'q00', a: 'dense', b: 'dense', left: 'dense', score: 0, check: true, passed, ms: 2000 });
