/**
 * Which settings an analysis uses: the study's plan (frozen when it opened) unless a named exploratory
 * analysis is asked for. Every analysis, report and export carries the label this returns, so nobody can
 * mistake an exploratory result for the planned one.
 */
import type { SessionUser } from '../auth/sessions';
import { db } from '../db/client';
import { badRequest, conflict, notFound } from '../http/errors';
import { parseStudySettings, type StudySettings } from '../stats/settings';
import { planOf } from '../studies/plan';
import { z } from 'zod';

export type AnalysisLabel =
  | { kind: 'plan'; frozenAt: string | null; text: string }
  | { kind: 'exploratory'; id: string; name: string; createdBy: string; createdAt: string; text: string };

export interface ChosenAnalysis {
  label: AnalysisLabel;
  settings: StudySettings;
}

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function planLabel(frozenAt: Date | null): AnalysisLabel {
  return {
    kind: 'plan',
    frozenAt: frozenAt?.toISOString() ?? null,
    text: frozenAt ? `the analysis plan frozen when the study opened (${when(frozenAt)})` : 'the draft analysis plan (not frozen yet: the study has not opened)',
  };
}

export function exploratoryLabel(a: { id: string; name: string; createdBy: string; createdAt: Date }): AnalysisLabel {
  return {
    kind: 'exploratory',
    id: a.id,
    name: a.name,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    text: `EXPLORATORY analysis “${a.name}” (by ${a.createdBy}, ${when(a.createdAt)}), not the study's analysis plan`,
  };
}

/** Query parameters other than `analysis` used to change the settings ad hoc; that is no longer possible. */
const AD_HOC = ['margin', 'maxFailedChecks', 'fastMs', 'alpha', 'reference', 'replicates', 'seed'];

export async function chooseAnalysis(studyId: string, query: URLSearchParams): Promise<ChosenAnalysis> {
  const adHoc = AD_HOC.filter((k) => query.has(k));
  if (adHoc.length) {
    throw badRequest(
      `analysis settings (${adHoc.join(', ')}) cannot be passed ad hoc: the study's plan fixes them; save other settings as a named exploratory analysis (POST /api/studies/${studyId}/analyses) and pass ?analysis=<its id>`,
    );
  }
  const id = query.get('analysis');
  if (!id || id === 'plan') {
    const study = await db().study.findUnique({ where: { id: studyId }, select: { plan: true, planFrozenAt: true } });
    if (!study) throw notFound('Study not found');
    const plan = planOf(study);
    return { label: planLabel(plan.frozenAt), settings: plan.settings };
  }
  const exploratory = await db().exploratoryAnalysis.findFirst({ where: { id, studyId } });
  if (!exploratory) throw notFound(`No exploratory analysis ${id} in this study`);
  const parsed = parseStudySettings(exploratory.settings);
  if (!parsed.ok) throw new Error(`stored exploratory settings are invalid: ${parsed.reason}`);
  return { label: exploratoryLabel(exploratory), settings: parsed.settings };
}

export const exploratoryInput = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(100, 'name: at most 100 characters'),
  settings: z.unknown(),
});

/** Records a named exploratory analysis (any signed-in researcher or admin), with who and when. */
export async function createExploratoryAnalysis(studyId: string, input: unknown, user: SessionUser) {
  const { name, settings } = exploratoryInput.parse(input);
  const parsed = parseStudySettings(settings ?? {});
  if (!parsed.ok) throw badRequest(parsed.reason);
  const study = await db().study.findUnique({ where: { id: studyId }, select: { id: true } });
  if (!study) throw notFound('Study not found');
  const existing = await db().exploratoryAnalysis.findUnique({ where: { studyId_name: { studyId, name } } });
  if (existing) throw conflict(`An exploratory analysis named “${name}” exists already: choose another name`);
  const created = await db().exploratoryAnalysis.create({ data: { studyId, name, settings: parsed.settings as object, createdBy: user.username } });
  return { ...created, label: exploratoryLabel(created) };
}

export async function listExploratoryAnalyses(studyId: string) {
  const list = await db().exploratoryAnalysis.findMany({ where: { studyId }, orderBy: { createdAt: 'asc' } });
  return list.map((a) => ({ ...a, label: exploratoryLabel(a) }));
}
