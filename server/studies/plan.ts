/**
 * A study's analysis plan (server/stats/settings.ts): the admin sets it while the study is a draft; opening
 * the study freezes it, and from then on it can only be read. Other settings are exploratory analyses
 * (server/results/analysisChoice.ts), named and recorded.
 */
import { db, type Prisma } from '../db/client';
import { badRequest, conflict, notFound } from '../http/errors';
import { parseStudySettings, type StudySettings } from '../stats/settings';

export interface StudyPlan {
  settings: StudySettings;
  frozenAt: Date | null;
}

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The stored plan, parsed (a stored plan is always valid: it was validated when it was written). */
export function planOf(study: { plan: Prisma.JsonValue; planFrozenAt: Date | null }): StudyPlan {
  const parsed = parseStudySettings(study.plan ?? {});
  if (!parsed.ok) throw new Error(`stored analysis plan is invalid: ${parsed.reason}`);
  return { settings: parsed.settings, frozenAt: study.planFrozenAt };
}

export async function getPlan(studyId: string): Promise<StudyPlan> {
  const study = await db().study.findUnique({ where: { id: studyId }, select: { plan: true, planFrozenAt: true } });
  if (!study) throw notFound('Study not found');
  return planOf(study);
}

/** Replaces the plan of a draft study. Refused with 409 once frozen, with 400 and every bad field when invalid. */
export async function setPlan(studyId: string, input: unknown): Promise<StudyPlan> {
  const study = await db().study.findUnique({ where: { id: studyId }, select: { planFrozenAt: true } });
  if (!study) throw notFound('Study not found');
  if (study.planFrozenAt) throw frozenError(study.planFrozenAt);
  const parsed = parseStudySettings(input);
  if (!parsed.ok) throw badRequest(parsed.reason);
  // The freeze and this write are ordered by the row: an update that lost the race to opening changes nothing.
  const updated = await db().study.updateMany({ where: { id: studyId, planFrozenAt: null }, data: { plan: parsed.settings as object } });
  if (updated.count === 0) throw frozenError((await db().study.findUniqueOrThrow({ where: { id: studyId } })).planFrozenAt!);
  return { settings: parsed.settings, frozenAt: null };
}

export function frozenError(frozenAt: Date) {
  return conflict(
    `The analysis plan was frozen when the study opened (${when(frozenAt)}) and cannot change: save other settings as a named exploratory analysis instead`,
  );
}

/** Written as the study opens: the plan with every default filled in, and the time it was fixed. */
export function frozenPlanData(study: { plan: Prisma.JsonValue; planFrozenAt: Date | null }, now: Date) {
  if (study.planFrozenAt) return {};
  return { plan: planOf(study).settings as object, planFrozenAt: now };
}
