import { z } from 'zod';

// The study domain's input schemas: shared by the API handlers, the forms, the CLI, the tests and the OpenAPI
// document.

export const conditionName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'a condition name is 1–40 lower-case letters, digits, . _ -');

export const createStudyInput = z.object({
  title: z.string().trim().min(1, 'title is required').max(200),
  instructions: z.string().trim().min(1, 'instructions are required').max(10_000),
  consentText: z.string().trim().min(1, 'consent text is required').max(20_000),
  trialsPerParticipant: z.coerce.number().int().min(1).max(500),
  targetVotesPerComparison: z.coerce.number().int().min(1).max(100_000),
  attentionCheckRate: z.coerce.number().min(0).max(0.5).default(0),
  // Each participant gets at least one check of every kind chosen, so no single answer passes them all.
  attentionCheckKinds: z
    .array(z.enum(['identical', 'degraded'], 'attention-check kinds are identical and degraded'))
    .min(1, 'choose at least one attention-check kind')
    .max(2)
    .default(['identical', 'degraded'])
    .transform((kinds) => [...new Set(kinds)].map((k) => (k === 'identical' ? ('IDENTICAL' as const) : ('DEGRADED' as const)))),
  // The analysis plan (server/stats/settings.ts); defaults when absent. Frozen when the study opens.
  plan: z.unknown().optional(),
  completionCode: z.string().trim().min(1, 'completion code is required').max(100),
  redirectUrl: z
    .union([z.literal(''), z.string().trim().url('redirect URL must be a full URL (https://…)')])
    .optional()
    .transform((v) => v || undefined),
});
export type CreateStudyInput = z.input<typeof createStudyInput>;

export const studyStatusInput = z.object({ status: z.enum(['OPEN', 'CLOSED']) });

/** One row of an image-set manifest: which file holds which prompt, seed and condition. */
export const manifestRow = z.object({
  prompt: z.string().trim().min(1, 'empty').max(2000, 'longer than 2000 characters'),
  seed: z.coerce.number({ message: 'not an integer' }).int('not an integer').min(0, 'negative (must be ≥ 0)').max(2 ** 31 - 1, 'larger than 2147483647'),
  condition: conditionName,
  file: z.string().trim().min(1, 'empty').max(500),
  tags: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/[;|]/)).map((t) => t.trim()).filter(Boolean)),
  generation_ms: z.coerce.number().nonnegative().optional(),
  config: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return {};
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v) as Record<string, unknown>;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'config is not valid JSON' });
        return z.NEVER;
      }
    }),
});
export type ManifestRow = z.infer<typeof manifestRow>;

export const voteChoice = z.coerce.number().int().min(1).max(5);

export const voteInput = z.object({
  trialId: z.string().min(1).max(64),
  choice: voteChoice,
  responseMs: z.coerce.number().int().min(0).max(3_600_000),
  idempotencyKey: z.string().min(8).max(100),
});
export type VoteInput = z.infer<typeof voteInput>;

export const loginInput = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
