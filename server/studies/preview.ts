import { db } from '../db/client';
import { notFound } from '../http/errors';
import { readStoredImage } from '../storage/images';
import { getStudy } from './studies';

export const adminImageUrl = (imageId: string) => `/api/admin/images/${imageId}`;

export interface PreviewImage {
  condition: string;
  url: string;
  generationMs: number | null;
  metrics: { speedup?: number | null; psnr?: number | null; ssim?: number; identical?: boolean };
}

/** The unblinded view of a study for admins and researchers: each prompt with its image in every condition. */
export async function studyPreview(studyId: string) {
  const study = await getStudy(studyId);
  const prompts = await db().prompt.findMany({
    where: { studyId },
    orderBy: [{ text: 'asc' }, { seed: 'asc' }],
    include: { images: { include: { condition: true } } },
  });
  const comparisons = await db().comparison.count({ where: { studyId, isAttentionCheck: false, prompt: { excluded: false } } });
  return {
    study: { id: study.id, title: study.title, status: study.status, conditions: study.conditions.map((c) => c.name) },
    comparisons,
    prompts: prompts.map((p) => ({
      id: p.id,
      text: p.text,
      seed: p.seed,
      excluded: p.excluded,
      images: p.images
        .sort((a, b) => a.condition.ordinal - b.condition.ordinal)
        .map((i): PreviewImage => ({ condition: i.condition.name, url: adminImageUrl(i.id), generationMs: i.generationMs, metrics: i.metrics as PreviewImage['metrics'] })),
    })),
  };
}

/** The stored PNG of one image, for the unblinded admin views. */
export async function adminImageFile(imageId: string): Promise<Buffer> {
  const image = await db().image.findUnique({ where: { id: imageId }, select: { storageKey: true } });
  if (!image) throw notFound('Image not found');
  return readStoredImage(image.storageKey);
}
