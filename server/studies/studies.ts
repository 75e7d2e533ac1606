import { randomToken } from '../auth/tokens';
import { db, type StudyStatus } from '../db/client';
import { badRequest, conflict, notFound } from '../http/errors';
import { parseStudySettings } from '../stats/settings';
import { frozenPlanData } from './plan';
import { createStudyInput, EDITABLE_AFTER_OPENING, FROZEN_AFTER_OPENING, updateStudyInput, type CreateStudyInput, type StudyEdit } from './schemas';

export async function createStudy(input: CreateStudyInput | unknown) {
  const { plan, ...data } = createStudyInput.parse(input);
  const parsedPlan = parseStudySettings(plan ?? {});
  if (!parsedPlan.ok) throw badRequest(`analysis plan: ${parsedPlan.reason}`);
  return db().study.create({ data: { ...data, plan: parsedPlan.settings as object, slug: randomToken(12) } });
}

export async function getStudy(id: string) {
  const study = await db().study.findUnique({ where: { id }, include: { conditions: { orderBy: { ordinal: 'asc' } } } });
  if (!study) throw notFound('Study not found');
  return study;
}

/**
 * Every study with its counts: comparisons in the design (counted from the images, design.ts), participants,
 * votes (answers to real comparisons) and answers (votes plus attention checks). Pilot participants are not counted.
 */
export async function listStudies() {
  const studies = await db().study.findMany({ orderBy: { createdAt: 'desc' }, include: { conditions: { orderBy: { ordinal: 'asc' } } } });
  const counts = await db().$queryRaw<{ studyId: string; comparisons: bigint; participants: bigint; votes: bigint; answers: bigint }[]>`
    SELECT s.id AS "studyId",
      (SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (
        SELECT count(i.id) AS n FROM "Prompt" pr JOIN "Image" i ON i."promptId" = pr.id WHERE pr."studyId" = s.id AND NOT pr.excluded GROUP BY pr.id
      ) per_prompt) AS comparisons,
      (SELECT count(*) FROM "Participant" p WHERE p."studyId" = s.id AND NOT p.pilot) AS participants,
      (SELECT count(*) FROM "Vote" v JOIN "Trial" t ON t.id = v."trialId" JOIN "Participant" p ON p.id = t."participantId"
         JOIN "Comparison" c ON c.id = t."comparisonId" WHERE p."studyId" = s.id AND NOT p.pilot AND NOT c."isAttentionCheck") AS votes,
      (SELECT count(*) FROM "Vote" v JOIN "Trial" t ON t.id = v."trialId" JOIN "Participant" p ON p.id = t."participantId"
         WHERE p."studyId" = s.id AND NOT p.pilot) AS answers
    FROM "Study" s`;
  const byId = new Map(counts.map((c) => [c.studyId, c]));
  return studies.map((s) => ({
    ...s,
    comparisons: Number(byId.get(s.id)?.comparisons ?? 0),
    participants: Number(byId.get(s.id)?.participants ?? 0),
    votes: Number(byId.get(s.id)?.votes ?? 0),
    answers: Number(byId.get(s.id)?.answers ?? 0),
  }));
}

export { EDITABLE_AFTER_OPENING, FROZEN_AFTER_OPENING } from './schemas';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The frozen fields an edit would change (unchanged values sent back by a form are not changes). */
export function frozenChanges(study: Record<string, unknown>, edit: StudyEdit): string[] {
  return FROZEN_AFTER_OPENING.filter((key) => edit[key] !== undefined && !same(edit[key], study[key]));
}

export function frozenFieldsError(fields: string[], openedAt: Date | null) {
  const when = openedAt ? ` (${openedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : '';
  return conflict(
    `${fields.join(', ')} cannot change: the study has opened${when}, and what participants see and are assigned must stay the same for every answer in the data. Still editable: ${EDITABLE_AFTER_OPENING.join(', ')}. Nothing was saved.`,
  );
}

/** Edits a study: any field while a draft; after opening only EDITABLE_AFTER_OPENING (409 naming the others, nothing written). */
export async function updateStudy(id: string, input: unknown) {
  const edit = updateStudyInput.parse(input);
  const study = await getStudy(id);
  if (study.status === 'DRAFT') {
    // Ordered by the row: an edit that lost the race to opening must not change frozen fields.
    const updated = await db().study.updateMany({ where: { id, status: 'DRAFT' }, data: edit });
    if (updated.count === 1) return getStudy(id);
  }
  const current = await getStudy(id);
  const frozen = frozenChanges(current as unknown as Record<string, unknown>, edit);
  if (frozen.length) throw frozenFieldsError(frozen, current.openedAt);
  const allowed = Object.fromEntries(Object.entries(edit).filter(([k]) => !(FROZEN_AFTER_OPENING as readonly string[]).includes(k)));
  await db().study.update({ where: { id }, data: allowed });
  return getStudy(id);
}

/** Deletes a study with everything in it. An open study must be closed first. */
export async function deleteStudy(id: string) {
  const study = await getStudy(id);
  if (study.status === 'OPEN') throw conflict('An open study cannot be deleted: close it first');
  await db().study.delete({ where: { id } });
  return { deleted: id };
}

/** DRAFT → OPEN ↔ CLOSED. Opening needs a complete design: two conditions and at least one comparison; it freezes the analysis plan. */
export async function setStudyStatus(id: string, status: Exclude<StudyStatus, 'DRAFT'>) {
  const study = await getStudy(id);
  if (status === 'OPEN') {
    if (study.conditions.length < 2) throw badRequest('A study needs images in at least two conditions before it opens');
    const comparisons = await db().comparison.count({ where: { studyId: id, isAttentionCheck: false, prompt: { excluded: false } } });
    if (comparisons === 0) throw badRequest('A study needs at least one comparison before it opens');
  }
  if (study.status === status) return study;
  if (status === 'CLOSED' && study.status === 'DRAFT') throw conflict('A draft study cannot be closed; open it first');
  const now = new Date();
  return db().study.update({
    where: { id },
    data: { status, ...(status === 'OPEN' ? { openedAt: now, closedAt: null, ...frozenPlanData(study, now) } : { closedAt: now }) },
  });
}

export async function findOpenStudyBySlug(slug: string) {
  const study = await db().study.findUnique({ where: { slug } });
  if (!study) throw notFound('Study not found');
  return study;
}
