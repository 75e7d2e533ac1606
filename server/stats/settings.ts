/**
 * Analysis settings: one zod schema, the single source of the defaults, recorded in every analysis.
 *  - margin: the equivalence bound on the mean −2…+2 score. ±0.25 is a quarter of one "slightly better" step:
 *    e.g. 25 % more "slightly better" votes for one side than for the other, every other vote "similar".
 *  - maxFailedChecks: exclude participants who failed more than this many attention checks (0 = any failure).
 *  - fastMs: flag votes faster than this. 1000 ms: a vote compares two full images, which takes at least a
 *    fixation or two on each (≈ 250 ms apiece) plus the decision and the click; faster votes are unlikely to
 *    rest on a comparison. It only flags (reported), it never excludes.
 *  - bootstrap: replicates and seed of the two-way cluster bootstrap (same seed → same intervals).
 *  - alpha: test level; Wilson, Clopper–Pearson and bootstrap intervals are 1 − α, the TOST interval 1 − 2α.
 *  - reference: the condition the others are measured against in the strengths (default "dense" when present,
 *    else the first condition seen).
 */
import { z } from 'zod';

const shown = (x: unknown) => (typeof x === 'string' ? JSON.stringify(x) : String(x));
const num = (what: string) => z.number({ error: (issue) => `${what} must be a number, got ${shown(issue.input)}` });
const int = (what: string) => num(what).int(`${what} must be a whole number`);

export const studySettingsSchema = z
  .object({
    margin: num('margin')
      .refine((m) => m > 0, { error: (issue) => `margin must be greater than 0 (the equivalence bound ±margin on the −2…+2 score), got ${issue.input}` })
      .refine((m) => m < 2, { error: (issue) => `margin must be below 2, the top of the −2…+2 score; got ${issue.input}` })
      .default(0.25),
    maxFailedChecks: int('maxFailedChecks').min(0, 'maxFailedChecks must be 0 or more').default(0),
    fastMs: num('fastMs').positive('fastMs must be greater than 0 ms').default(1000),
    bootstrap: z
      .object({
        replicates: int('bootstrap.replicates').min(200, 'bootstrap.replicates must be at least 200').max(100_000, 'bootstrap.replicates must be at most 100000').default(2000),
        seed: int('bootstrap.seed').min(0, 'bootstrap.seed must be 0 or more').default(20250101),
      })
      .strict()
      .default({ replicates: 2000, seed: 20250101 }),
    alpha: num('alpha').gt(0, 'alpha must be in (0, 0.5)').lt(0.5, 'alpha must be in (0, 0.5)').default(0.05),
    reference: z.string().min(1, 'reference must name a condition').optional(),
  })
  .strict();

export type StudySettingsInput = z.input<typeof studySettingsSchema>;
export type StudySettings = z.output<typeof studySettingsSchema>;

/** Parses settings; on failure, one message naming every bad field. */
export function parseStudySettings(input: unknown): { ok: true; settings: StudySettings } | { ok: false; reason: string } {
  const parsed = studySettingsSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, reason: `invalid settings: ${parsed.error.issues.map((i) => i.message).join('; ')}` };
}
