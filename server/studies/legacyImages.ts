/**
 * Brings studies made before the blind encoding and the attention-check kinds up to date, once, at start:
 * re-encodes every stored image that is not in the blind encoding (same pixels, new storage key), gives the
 * old identical-pair checks their imperceptible copy, and adds a degraded check for each of their prompts.
 */
import { db } from '../db/client';
import { encodePng, decodeStoredImage, isBlindEncoded, readStoredImage, storePng } from '../storage/images';
import { makeCheckImages } from './checkImages';

export async function upgradeLegacyImages(): Promise<{ reencoded: number; checks: number }> {
  let reencoded = 0;
  for (const image of await db().image.findMany({ select: { id: true, storageKey: true, width: true, height: true } })) {
    if (isBlindEncoded(await readStoredImage(image.storageKey), image.width, image.height)) continue;
    const { rgb, width, height } = await decodeStoredImage(image.storageKey);
    const png = await encodePng(rgb, width, height);
    await db().image.update({ where: { id: image.id }, data: { storageKey: await storePng(png), bytes: png.length } });
    reencoded++;
  }
  const legacyChecks = await db().comparison.findMany({ where: { isAttentionCheck: true, checkImageKey: null }, include: { imageA: true } });
  const copies = await makeCheckImages(legacyChecks.map((c) => c.imageA.storageKey));
  for (const check of legacyChecks) {
    const keys = copies.get(check.imageA.storageKey)!;
    await db().$transaction([
      db().comparison.update({ where: { id: check.id }, data: { checkKind: 'IDENTICAL', checkImageKey: keys.identical } }),
      db().comparison.upsert({
        where: { imageAId_imageBId_checkKind: { imageAId: check.imageAId, imageBId: check.imageAId, checkKind: 'DEGRADED' } },
        create: { studyId: check.studyId, promptId: check.promptId, imageAId: check.imageAId, imageBId: check.imageAId, isAttentionCheck: true, checkKind: 'DEGRADED', checkImageKey: keys.degraded },
        update: {},
      }),
    ]);
  }
  return { reencoded, checks: legacyChecks.length };
}
