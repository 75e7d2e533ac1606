import type { Prisma } from '../db/client';

/**
 * Creates the comparisons of the given prompts: every pair of conditions (A = the lower ordinal) and one
 * attention check per prompt (the first condition's image against itself).
 */
export async function createComparisons(tx: Prisma.TransactionClient, studyId: string, promptIds: string[]): Promise<number> {
  const images = await tx.image.findMany({ where: { studyId, promptId: { in: promptIds } }, include: { condition: true } });
  let created = 0;
  for (const promptId of promptIds) {
    const own = images.filter((i) => i.promptId === promptId).sort((a, b) => a.condition.ordinal - b.condition.ordinal);
    if (own.length < 2) continue;
    for (let i = 0; i < own.length; i++) {
      for (let j = i + 1; j < own.length; j++) {
        await tx.comparison.create({ data: { studyId, promptId, imageAId: own[i].id, imageBId: own[j].id } });
        created++;
      }
    }
    await tx.comparison.create({ data: { studyId, promptId, imageAId: own[0].id, imageBId: own[0].id, isAttentionCheck: true } });
  }
  return created;
}
