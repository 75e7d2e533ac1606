import { db } from '../db/client';
import { badRequest, conflict, HttpError } from '../http/errors';
import { normalizeImage, storageKeyOf, storePng } from '../storage/images';
import { imageStore, PostgresImageStore } from '../storage/store';
import { makeCheckImages } from './checkImages';
import { createComparisons } from './comparisons';
import { ManifestError, parseManifest, type NumberedRow } from './manifest';
import { getStudy } from './studies';
import type { UploadBundle } from './zip';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export interface ImportResult {
  conditions: string[];
  prompts: number;
  images: number;
  comparisons: number;
}

/**
 * Adds an image set to a draft study. Everything is checked first (manifest rows, files present, images
 * readable, every prompt in every condition); any problem → an error listing all of them and nothing created.
 */
export async function importImageSet(studyId: string, bundle: UploadBundle): Promise<ImportResult> {
  const study = await getStudy(studyId);
  if (study.status !== 'DRAFT') throw conflict('Images can only be added while the study is a draft');
  let rows: NumberedRow[];
  try {
    rows = parseManifest(bundle.manifestText, bundle.manifestFormat);
  } catch (error) {
    if (error instanceof ManifestError) throw badRequest(error.message, { problems: error.problems });
    throw error;
  }
  const existingNames = study.conditions.map((c) => c.name);
  const conditionNames = [...existingNames, ...new Set(rows.map((r) => r.row.condition).filter((c) => !existingNames.includes(c)))];
  const problems = [...designProblems(rows, conditionNames)];
  const normalized = new Map<string, Awaited<ReturnType<typeof normalizeImage>>>();
  for (const { line, row } of rows) {
    const file = bundle.files.get(row.file);
    if (!file) problems.push(`manifest line ${line}: file ${row.file} is not in the upload`);
    else if (file.length > MAX_IMAGE_BYTES) problems.push(`file ${row.file}: larger than ${MAX_IMAGE_BYTES / 1048576} MB`);
    else if (!normalized.has(row.file)) {
      try {
        normalized.set(row.file, await normalizeImage(file));
      } catch (error) {
        problems.push(`file ${row.file}: ${(error as Error).message}`);
      }
    }
  }
  problems.push(...sizeProblems(rows, normalized));
  if (problems.length) throw new HttpError(400, `The upload was refused (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.join('\n')}`, { problems });

  // Images are stored (content-addressed) before the transaction; if anything after fails, the ones this import
  // stored that no row references are removed again, so a refused upload leaves nothing behind.
  const stored = new Set<string>();
  try {
    const keys = new Map<string, (typeof normalized extends Map<string, infer V> ? V : never) & { storageKey: string }>();
    for (const [file, img] of normalized) {
      const storageKey = await storeNew(img.png, stored);
      keys.set(file, { ...img, storageKey });
    }
    const firstConditionFiles = firstConditionRows(rows, conditionNames).map((r) => keys.get(r.file)!.storageKey);
    const checkImages = await makeCheckImages(firstConditionFiles);
    for (const copies of checkImages.values()) stored.add(copies.identical).add(copies.degraded);
    return await writeImageSet(studyId, study, rows, conditionNames, keys, checkImages);
  } catch (error) {
    await removeUnreferencedImages([...stored]).catch((e) => console.error('cleanup of a refused upload failed:', e));
    throw error;
  }
}

/** Stores a PNG and remembers its key when the store did not hold it before (so only those are cleaned up). */
async function storeNew(png: Buffer, stored: Set<string>): Promise<string> {
  const key = storageKeyOf(png);
  const existed = imageStore() instanceof PostgresImageStore ? (await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "ImageBlob" WHERE key = ${key}`)[0]!.n > 0n : true;
  await storePng(png);
  if (!existed) stored.add(key);
  return key;
}

/**
 * Deletes stored images of the given keys that no image row or attention check references (PostgreSQL store;
 * an object store keeps them: content-addressed, unreferenced, harmless, docs/security.md).
 */
export async function removeUnreferencedImages(keys: string[]): Promise<number> {
  if (keys.length === 0 || !(imageStore() instanceof PostgresImageStore)) return 0;
  return db().$executeRaw`
    DELETE FROM "ImageBlob" b WHERE b.key = ANY(${keys}::text[])
      AND NOT EXISTS (SELECT 1 FROM "Image" i WHERE i."storageKey" = b.key)
      AND NOT EXISTS (SELECT 1 FROM "Comparison" c WHERE c."checkImageKey" = b.key)`;
}

type StoredFiles = Map<string, { png: Buffer; width: number; height: number; storageKey: string }>;

async function writeImageSet(
  studyId: string,
  study: Awaited<ReturnType<typeof getStudy>>,
  rows: NumberedRow[],
  conditionNames: string[],
  keys: StoredFiles,
  checkImages: Awaited<ReturnType<typeof makeCheckImages>>,
): Promise<ImportResult> {
  return db().$transaction(async (tx) => {
    const conditionIds = new Map(study.conditions.map((c) => [c.name, c.id]));
    for (const [ordinal, name] of conditionNames.entries()) {
      if (!conditionIds.has(name)) {
        const created = await tx.condition.create({ data: { studyId, name, ordinal } });
        conditionIds.set(name, created.id);
      }
    }
    const promptIds = new Map<string, string>();
    for (const { row } of rows) {
      const key = JSON.stringify([row.prompt, row.seed]);
      if (promptIds.has(key)) continue;
      const prompt = await tx.prompt.upsert({
        where: { studyId_text_seed: { studyId, text: row.prompt, seed: row.seed } },
        create: { studyId, text: row.prompt, seed: row.seed, tags: row.tags },
        update: {},
      });
      promptIds.set(key, prompt.id);
    }
    for (const { row } of rows) {
      const stored = keys.get(row.file)!;
      const promptId = promptIds.get(JSON.stringify([row.prompt, row.seed]))!;
      const conditionId = conditionIds.get(row.condition)!;
      const exists = await tx.image.findUnique({ where: { promptId_conditionId: { promptId, conditionId } } });
      if (exists) throw badRequest(`The study already has an image for “${row.prompt}”, seed ${row.seed}, condition ${row.condition}`);
      await tx.image.create({
        data: {
          studyId,
          promptId,
          conditionId,
          storageKey: stored.storageKey,
          width: stored.width,
          height: stored.height,
          bytes: stored.png.length,
          generationMs: row.generation_ms ?? null,
          config: row.config as object,
        },
      });
    }
    const comparisons = await createComparisons(tx, studyId, [...new Set(promptIds.values())], checkImages);
    return { conditions: conditionNames, prompts: promptIds.size, images: rows.length, comparisons };
  }, { timeout: 60_000 });
}

/** A study needs ≥ 2 conditions and every prompt (text + seed) in every condition. */
export function designProblems(rows: NumberedRow[], conditionNames: string[]): string[] {
  if (conditionNames.length < 2) {
    return [`a study needs at least two conditions; the manifest names ${conditionNames.length}: ${conditionNames.join(', ') || 'none'}`];
  }
  const byPrompt = new Map<string, { line: number; conditions: Set<string> }>();
  for (const { line, row } of rows) {
    const key = JSON.stringify([row.prompt, row.seed]);
    const entry = byPrompt.get(key) ?? { line, conditions: new Set<string>() };
    entry.conditions.add(row.condition);
    byPrompt.set(key, entry);
  }
  const problems: string[] = [];
  for (const [key, { line, conditions }] of byPrompt) {
    const missing = conditionNames.filter((c) => !conditions.has(c));
    if (missing.length) {
      const [prompt, seed] = JSON.parse(key) as [string, number];
      problems.push(`manifest line ${line}: “${prompt}” (seed ${seed}) has no image for condition(s) ${missing.join(', ')}`);
    }
  }
  return problems;
}

/** Each prompt's row in the lowest-ordinal condition: the image its attention checks are made from. */
function firstConditionRows(rows: NumberedRow[], conditionNames: string[]) {
  const first = new Map<string, NumberedRow['row']>();
  for (const { row } of rows) {
    const key = JSON.stringify([row.prompt, row.seed]);
    const seen = first.get(key);
    if (!seen || conditionNames.indexOf(row.condition) < conditionNames.indexOf(seen.condition)) first.set(key, row);
  }
  return [...first.values()];
}

/**
 * The images of one prompt must have the same width and height: a difference would tell the conditions apart
 * on screen and in the file length (the blind encoding's length is a function of the dimensions).
 */
export function sizeProblems(rows: NumberedRow[], images: Map<string, { width: number; height: number }>): string[] {
  const byPrompt = new Map<string, { line: number; sizes: Map<string, string> }>();
  for (const { line, row } of rows) {
    const image = images.get(row.file);
    if (!image) continue;
    const key = JSON.stringify([row.prompt, row.seed]);
    const entry = byPrompt.get(key) ?? { line, sizes: new Map<string, string>() };
    entry.sizes.set(row.condition, `${image.width}×${image.height}`);
    byPrompt.set(key, entry);
  }
  const problems: string[] = [];
  for (const [key, { line, sizes }] of byPrompt) {
    if (new Set(sizes.values()).size > 1) {
      const [prompt, seed] = JSON.parse(key) as [string, number];
      const listed = [...sizes].map(([c, s]) => `${c} ${s}`).join(', ');
      problems.push(`manifest line ${line}: the images of “${prompt}” (seed ${seed}) differ in size (${listed}); every condition of a prompt needs the same width and height, or the size would reveal the condition`);
    }
  }
  return problems;
}
