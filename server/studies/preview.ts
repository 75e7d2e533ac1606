import { db } from '../db/client';
import { getStudy } from './studies';

export const adminImageUrl = (imageId: string) => `/api/admin/images/${imageId}`;

/** The unblinded view of a study's design for admins and researchers: every comparison with its images. */
export async function studyPreview(studyId: string) {
  const study = await getStudy(studyId);
  const comparisons = await db().comparison.findMany({
    where: { studyId, isAttentionCheck: false },
    orderBy: [{ prompt: { text: 'asc' } }, { createdAt: 'asc' }],
    include: { prompt: true, imageA: { include: { condition: true } }, imageB: { include: { condition: true } } },
  });
  return {
    study: { id: study.id, title: study.title, status: study.status, conditions: study.conditions.map((c) => c.name) },
    comparisons: comparisons.map((c) => ({
      id: c.id,
      prompt: c.prompt.text,
      seed: c.prompt.seed,
      excluded: c.prompt.excluded,
      a: { condition: c.imageA.condition.name, url: adminImageUrl(c.imageA.id), generationMs: c.imageA.generationMs },
      b: { condition: c.imageB.condition.name, url: adminImageUrl(c.imageB.id), generationMs: c.imageB.generationMs },
    })),
  };
}
