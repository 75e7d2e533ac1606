import type { Prisma } from '../db/client';
import type { CheckImageKeys } from './checkImages';

/**
 * Creates the comparisons of the given prompts: every pair of conditions (A = the lower ordinal) and two
 * attention checks per prompt, one of each kind: the first condition's image against its copy (checkImages.ts).
 * The study's attentionCheckKinds decides which kinds participants get.
 */
export async function createComparisons(
  tx: Prisma.TransactionClient,
  studyId: string,
  promptIds: string[],
  checkImages: Map<string, CheckImageKeys>,
): Promise<number> {
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
    const copies = checkImages.get(own[0].storageKey);
    if (!copies) throw new Error(`no attention-check copies of image ${own[0].id}`);
    for (const [checkKind, checkImageKey] of [['IDENTICAL', copies.identical], ['DEGRADED', copies.degraded]] as const) {
      await tx.comparison.create({ data: { studyId, promptId, imageAId: own[0].id, imageBId: own[0].id, isAttentionCheck: true, checkKind, checkImageKey } });
    }
  }
  return created;
}

/** The storage keys whose check copies createComparisons needs: each prompt's first-condition image. */
export function checkSourceKeys(images: { promptId: string; storageKey: string; condition: { ordinal: number } }[]): string[] {
  const first = new Map<string, { storageKey: string; ordinal: number }>();
  for (const image of images) {
    const seen = first.get(image.promptId);
    if (!seen || image.condition.ordinal < seen.ordinal) first.set(image.promptId, { storageKey: image.storageKey, ordinal: image.condition.ordinal });
  }
  return [...first.values()].map((f) => f.storageKey);
}
