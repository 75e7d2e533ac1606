/**
 * The analysis plan: one zod schema, the single source of the defaults, recorded in every analysis. A study's
 * plan is set before it opens and frozen when it opens (server/studies/plan.ts); any other settings are a named
 * exploratory analysis.
 *  - margin: the equivalence bound on the mean −2…+2 score. ±0.25 is a quarter of one "slightly better" step:
 *    e.g. 25 % more "slightly better" votes for one side than for the other, every other vote "similar".
 *  - alpha: test level, in (0, 0.5]; Wilson, Clopper–Pearson and bootstrap intervals are 1 − α, the TOST
 *    interval 1 − 2α.
 *  - primaryTest: the test the study's conclusion rests on, named in advance: "tost" (equivalence of the
 *    conditions within ±margin, TOST on participant means) or "wilcoxon" (a difference between them, Wilcoxon
 *    signed-rank on participant means). Every other figure is reported as secondary.
 *  - exclusions: participant-level rules, each excluding all of a participant's votes:
 *      failedChecks.identical / .degraded: more than this many failed attention checks of that kind (0: any);
 *      fastMedianMs: a median server-measured response time below this (null: off). 1000 ms: a vote compares
 *        two full images, which takes at least a fixation or two on each (≈ 250 ms apiece) plus the decision
 *        and the click; the server's clock runs from the later of the pair being served and both images being
 *        delivered, so network time only makes participants look slower, never faster;
 *      minTrialsAnswered: fewer real comparisons answered than this (drop-outs with too little data);
 *      maxFocusLosses: more times than this the page lost focus or was hidden (a tab switch, another window)
 *        while real trials were shown, as the browser reported with each vote (null: off, the default).
 *  - fastMs: votes faster than this are flagged in the response-time summary (reported, not excluded).
 *  - bootstrap: replicates and seed of the two-way cluster bootstrap (same seed → same intervals).
 *  - reference: the condition the others are measured against in the strengths (default "dense" when present,
 *    else the first condition seen).
 */
import { z } from 'zod';

const shown = (x: unknown) => (typeof x === 'string' ? JSON.stringify(x) : String(x));
const num = (what: string) => z.number({ error: (issue) => `${what} must be a number, got ${shown(issue.input)}` });
const int = (what: string) => num(what).int(`${what} must be a whole number`);

export const EXCLUSION_RULES = ['failedChecks', 'fastMedianMs', 'minTrialsAnswered', 'maxFocusLosses'] as const;
export const PRIMARY_TESTS = ['tost', 'wilcoxon'] as const;

const unknownKeys = (where: string, known: readonly string[]) => (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `unknown ${where} ${issue.keys!.join(', ')}: the ${where}s are ${known.join(', ')}` : undefined;

const failedChecksSchema = z.strictObject(
  {
    identical: int('exclusions.failedChecks.identical').min(0, 'exclusions.failedChecks.identical must be 0 or more').default(0),
    degraded: int('exclusions.failedChecks.degraded').min(0, 'exclusions.failedChecks.degraded must be 0 or more').default(0),
  },
  { error: unknownKeys('attention-check kind', ['identical', 'degraded']) },
);

export const exclusionRulesSchema = z.strictObject(
  {
    failedChecks: failedChecksSchema.default({ identical: 0, degraded: 0 }),
    fastMedianMs: num('exclusions.fastMedianMs').positive('exclusions.fastMedianMs must be greater than 0 ms (or null: off)').nullable().default(1000),
    minTrialsAnswered: int('exclusions.minTrialsAnswered').min(1, 'exclusions.minTrialsAnswered must be at least 1').default(1),
    // Optional: more than this many times the page lost focus or was hidden (tab switches) during real trials (null: off).
    maxFocusLosses: int('exclusions.maxFocusLosses').min(0, 'exclusions.maxFocusLosses must be 0 or more (or null: off)').nullable().optional(),
  },
  { error: unknownKeys('exclusion rule', EXCLUSION_RULES) },
);
export type ExclusionRules = z.output<typeof exclusionRulesSchema>;

export const DEFAULT_EXCLUSIONS: ExclusionRules = { failedChecks: { identical: 0, degraded: 0 }, fastMedianMs: 1000, minTrialsAnswered: 1 };

export const studySettingsSchema = z.strictObject(
  {
    margin: num('margin')
      .refine((m) => m > 0, { error: (issue) => `margin must be greater than 0 (the equivalence bound ±margin on the −2…+2 score), got ${issue.input}` })
      .refine((m) => m < 2, { error: (issue) => `margin must be below 2, the top of the −2…+2 score; got ${issue.input}` })
      .default(0.25),
    alpha: num('alpha').gt(0, 'alpha must be in (0, 0.5]').lte(0.5, 'alpha must be in (0, 0.5]').default(0.05),
    primaryTest: z.enum(PRIMARY_TESTS, { error: (issue) => `primaryTest must be one of ${PRIMARY_TESTS.join(', ')}, got ${shown(issue.input)}` }).default('tost'),
    exclusions: exclusionRulesSchema.default(DEFAULT_EXCLUSIONS),
    fastMs: num('fastMs').positive('fastMs must be greater than 0 ms').default(1000),
    bootstrap: z
      .strictObject({
        replicates: int('bootstrap.replicates').min(200, 'bootstrap.replicates must be at least 200').max(100_000, 'bootstrap.replicates must be at most 100000').default(2000),
        seed: int('bootstrap.seed').min(0, 'bootstrap.seed must be 0 or more').default(20250101),
      })
      .default({ replicates: 2000, seed: 20250101 }),
    reference: z.string().min(1, 'reference must name a condition').max(40).optional(),
  },
  { error: unknownKeys('setting', ['margin', 'alpha', 'primaryTest', 'exclusions', 'fastMs', 'bootstrap', 'reference']) },
);

export type StudySettingsInput = z.input<typeof studySettingsSchema>;
export type StudySettings = z.output<typeof studySettingsSchema>;

/** Parses settings; on failure, one message naming every bad field. */
export function parseStudySettings(input: unknown): { ok: true; settings: StudySettings } | { ok: false; reason: string } {
  const parsed = studySettingsSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, reason: `invalid settings: ${parsed.error.issues.map((i) => i.message).join('; ')}` };
}
