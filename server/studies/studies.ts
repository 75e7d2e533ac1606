import { randomToken } from '../auth/tokens';
import { db, type StudyStatus } from '../db/client';
import { badRequest, conflict, notFound } from '../http/errors';
import { parseStudySettings } from '../stats/settings';
import { frozenPlanData } from './plan';
import { createStudyInput, type CreateStudyInput } from './schemas';

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

export async function listStudies() {
  const studies = await db().study.findMany({ orderBy: { createdAt: 'desc' }, include: { conditions: { orderBy: { ordinal: 'asc' } } } });
  const counts = await db().$queryRaw<{ studyId: string; comparisons: bigint; participants: bigint; votes: bigint }[]>`
    SELECT s.id AS "studyId",
      (SELECT count(*) FROM "Comparison" c WHERE c."studyId" = s.id AND NOT c."isAttentionCheck") AS comparisons,
      (SELECT count(*) FROM "Participant" p WHERE p."studyId" = s.id) AS participants,
      (SELECT count(*) FROM "Vote" v JOIN "Trial" t ON t.id = v."trialId" JOIN "Participant" p ON p.id = t."participantId" WHERE p."studyId" = s.id) AS votes
    FROM "Study" s`;
  const byId = new Map(counts.map((c) => [c.studyId, c]));
  return studies.map((s) => ({
    ...s,
    comparisons: Number(byId.get(s.id)?.comparisons ?? 0),
    participants: Number(byId.get(s.id)?.participants ?? 0),
    votes: Number(byId.get(s.id)?.votes ?? 0),
  }));
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
