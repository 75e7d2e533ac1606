import { z } from 'zod';
import { jsonDepth } from '../http/text';
import { isHttpUrl } from '../web/safeUrl';

// The study domain's input schemas: shared by the API handlers, the forms, the CLI, the tests and the OpenAPI
// document.

export const conditionName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'a condition name is 1–40 lower-case letters, digits, . _ -');

/** What participants see by default: nothing that names the conditions or the hypothesis. */
export const DEFAULT_PARTICIPANT_TITLE = 'Image comparison';
export const DEFAULT_QUESTION = 'Which image has the better overall quality?';
/** The five answers, 1 … 5; {first} and {second} become the side names shown (Left/Right, or Top/Bottom when stacked). */
export const DEFAULT_SCALE_LABELS = ['{first} clearly better', '{first} slightly better', 'Similar', '{second} slightly better', '{second} clearly better'] as const;

const url = (what: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .refine(isHttpUrl, `${what} must be a full URL starting with https:// or http://`);
/** An optional URL: '' or null clears it. */
const optionalUrl = (what: string) => z.union([z.literal(''), z.null(), url(what)]).transform((v) => v || null);
const optionalText = (max: number) => z.union([z.null(), z.string().trim().max(max)]).transform((v) => v || null);
/**
 * A number: from JSON a number, from a form a plain decimal string ("12", "0.25"); never a boolean, an array,
 * hex, blank or anything else `Number()` would quietly turn into a number.
 */
export const numeric = (message = 'must be a number') =>
  z.union([z.number(message), z.string(message).trim().regex(/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i, message).transform(Number)], message).pipe(z.number(message));

/** A checkbox: true/false from JSON, 'on'/'true'/'false' from a form. */
const flag = z.union([z.boolean(), z.enum(['on', 'true', 'false'])]).transform((v) => v === true || v === 'on' || v === 'true');
const optionalPixels = (what: string) =>
  z
    .union([z.literal(''), z.null(), numeric(`${what} must be a whole number of pixels`).pipe(z.number().int(`${what} must be a whole number of pixels`).min(200, `${what} must be at least 200 px`).max(4000, `${what} must be at most 4000 px`))])
    .transform((v) => (v === '' ? null : v));
const checkKinds = z
  .array(z.enum(['identical', 'degraded'], 'attention-check kinds are identical and degraded'))
  .min(1, 'choose at least one attention-check kind')
  .max(2)
  .transform((kinds) => [...new Set(kinds)].map((k) => (k === 'identical' ? ('IDENTICAL' as const) : ('DEGRADED' as const))));

/**
 * Every field of a study an admin sets, without defaults: creation fills the defaults in, an edit changes only
 * the fields it names (studies.ts decides which may still change once the study has opened).
 */
const studyFields = {
  title: z.string().trim().min(1, 'title is required').max(200),
  participantTitle: z.string().trim().min(1, 'participant title is required').max(200),
  question: z.string().trim().min(1, 'question is required').max(500),
  scaleLabels: z
    .array(z.string().trim().min(1, 'a scale label is empty').max(80, 'a scale label is longer than 80 characters'))
    .refine((l) => l.length === 0 || l.length === 5, 'scaleLabels: give all five labels (or none for the defaults)'),
  showPrompt: flag,
  instructions: z.string().trim().min(1, 'instructions are required').max(10_000),
  consentText: z.string().trim().min(1, 'consent text is required').max(20_000),
  trialsPerParticipant: numeric().pipe(z.number().int().min(1).max(500)),
  targetVotesPerComparison: numeric().pipe(z.number().int().min(1).max(100_000)),
  attentionCheckRate: numeric().pipe(z.number().min(0).max(0.5)),
  // Each participant gets at least one check of every kind chosen, so no single answer passes them all.
  attentionCheckKinds: checkKinds,
  completionCode: z.string().trim().min(1, 'completion code is required').max(100),
  redirectUrl: optionalUrl('redirect URL'),
  declineCode: optionalText(100),
  declineRedirectUrl: optionalUrl('decline redirect URL'),
  minScreenWidth: optionalPixels('minimum screen width'),
  minScreenHeight: optionalPixels('minimum screen height'),
  closeGraceMinutes: numeric('grace period must be whole minutes').pipe(z.number().int('grace period must be whole minutes').min(0, 'grace period must be 0 or more minutes').max(10_080, 'grace period must be at most a week (10080 minutes)')),
  exportProlificIds: flag,
};

export const createStudyInput = z.object({
  ...studyFields,
  participantTitle: studyFields.participantTitle.default(DEFAULT_PARTICIPANT_TITLE),
  question: studyFields.question.default(DEFAULT_QUESTION),
  scaleLabels: studyFields.scaleLabels.default([]),
  showPrompt: flag.default(false),
  attentionCheckRate: studyFields.attentionCheckRate.default(0),
  attentionCheckKinds: checkKinds.default(['IDENTICAL', 'DEGRADED']),
  redirectUrl: studyFields.redirectUrl.optional(),
  declineCode: studyFields.declineCode.optional(),
  declineRedirectUrl: studyFields.declineRedirectUrl.optional(),
  minScreenWidth: studyFields.minScreenWidth.optional(),
  minScreenHeight: studyFields.minScreenHeight.optional(),
  closeGraceMinutes: studyFields.closeGraceMinutes.default(60),
  exportProlificIds: flag.default(false),
  // The analysis plan (server/stats/settings.ts); defaults when absent. Frozen when the study opens.
  plan: z.unknown().optional(),
});
export type CreateStudyInput = z.input<typeof createStudyInput>;

/** An edit: any of the study's fields, nothing else (the plan has its own endpoint). */
export const updateStudyInput = z.strictObject(studyFields).partial();
export type UpdateStudyInput = z.input<typeof updateStudyInput>;
export type StudyEdit = z.output<typeof updateStudyInput>;

/**
 * What may change once a study has opened. Frozen: everything participants see or are assigned (title shown to
 * them, question, labels, prompt shown, instructions, consent, screen gate, trials, attention checks) and the
 * raw-ID opt-in their consent covers, so every answer in the data was given under the same conditions.
 * Still editable: the internal title, the target, the codes and redirects, and the grace period.
 */
export const FROZEN_AFTER_OPENING = [
  'participantTitle', 'question', 'scaleLabels', 'showPrompt', 'instructions', 'consentText', 'trialsPerParticipant',
  'attentionCheckRate', 'attentionCheckKinds', 'minScreenWidth', 'minScreenHeight', 'exportProlificIds',
] as const satisfies readonly (keyof StudyEdit)[];
export const EDITABLE_AFTER_OPENING = ['title', 'targetVotesPerComparison', 'completionCode', 'redirectUrl', 'declineCode', 'declineRedirectUrl', 'closeGraceMinutes'] as const satisfies readonly (keyof StudyEdit)[];

export const studyStatusInput = z.object({ status: z.enum(['OPEN', 'CLOSED']) });

/** One row of an image-set manifest: which file holds which prompt, seed and condition. */
export const manifestRow = z.object({
  prompt: z.string().trim().min(1, 'empty').max(2000, 'longer than 2000 characters'),
  seed: numeric('not an integer').pipe(z.number().int('not an integer').min(0, 'negative (must be ≥ 0)').max(2 ** 31 - 1, 'larger than 2147483647')),
  condition: conditionName,
  file: z.string().trim().min(1, 'empty').max(500),
  tags: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/[;|]/)).map((t) => t.trim()).filter(Boolean)),
  generation_ms: numeric().pipe(z.number().nonnegative()).optional(),
  config: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return {};
      if (typeof v !== 'string') return v;
      try {
        const parsed = JSON.parse(v) as Record<string, unknown>;
        if (jsonDepth(parsed, 12) > 12) {
          ctx.addIssue({ code: 'custom', message: 'config is nested deeper than 12 levels' });
          return z.NEVER;
        }
        return parsed;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'config is not valid JSON' });
        return z.NEVER;
      }
    }),
});
export type ManifestRow = z.infer<typeof manifestRow>;

/** The answer: exactly an integer 1 … 5 (not "3", true, [4] or " 5 "). */
export const voteChoice = z.number('choice must be an integer from 1 to 5').int('choice must be an integer from 1 to 5').min(1, 'choice must be an integer from 1 to 5').max(5, 'choice must be an integer from 1 to 5');

export const DEVICE_CLASSES = ['phone', 'tablet', 'desktop'] as const;
const cssPixels = z.number().int().min(0).max(100_000).optional();

export const voteInput = z.object({
  trialId: z.string().min(1).max(64),
  choice: voteChoice,
  responseMs: z.number().int().min(0).max(3_600_000),
  idempotencyKey: z.string().min(8).max(100),
  // The device as the browser reports it (optional: clients that do not send it are recorded as unknown).
  deviceClass: z.enum(DEVICE_CLASSES).optional(),
  viewportWidth: cssPixels,
  viewportHeight: cssPixels,
  screenWidth: cssPixels,
  screenHeight: cssPixels,
  // Times the page lost focus or was hidden (tab switch, other window) while this trial was shown, and for how long.
  focusLosses: z.number().int().min(0).max(100_000).optional(),
  hiddenMs: z.number().int().min(0).max(86_400_000).optional(),
});
export type VoteInput = z.infer<typeof voteInput>;

export const loginInput = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
