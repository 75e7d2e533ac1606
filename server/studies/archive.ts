/**
 * A study in one file, to publish with a paper and re-analyse elsewhere: a zip holding README.md, archive.json
 * (format, version, counts, a sha256 of study.json), study.json (the study and every row that hangs off it:
 * plan, conditions, prompts, images, comparisons, participants, trials, votes, exploratory analyses, generation)
 * and images/<key>.png. Restoring checks everything before writing anything, then creates the rows in one
 * transaction under new ids (so an archive can be restored beside its original, or twice), with new
 * participant and image tokens (sessions do not travel) and the study as a draft-or-closed copy.
 */
import crypto from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { z } from 'zod';
import { randomToken, sha256 } from '../auth/tokens';
import { db, TRANSACTION_OPTIONS } from '../db/client';
import { badRequest, notFound } from '../http/errors';
import { readStoredImage, storageKeyOf } from '../storage/images';
import { putImage } from '../storage/store';

export const ARCHIVE_FORMAT = 'ras-eval-study-archive';
export const ARCHIVE_VERSION = 1;
const MAX_ARCHIVE_ENTRIES = 200_000;

type Row = Record<string, unknown>;

interface StudyDump {
  study: Row;
  conditions: Row[];
  prompts: Row[];
  images: Row[];
  comparisons: Row[];
  participants: Row[];
  trials: Row[];
  votes: Row[];
  exploratoryAnalyses: Row[];
  generation: Row | null;
  generationItems: Row[];
}

async function dumpStudy(studyId: string): Promise<StudyDump> {
  const study = await db().study.findUnique({ where: { id: studyId } });
  if (!study) throw notFound('Study not found');
  const participants = await db().participant.findMany({ where: { studyId } });
  const trials = await db().trial.findMany({ where: { participant: { studyId } } });
  const generation = await db().generation.findUnique({ where: { studyId } });
  return {
    study,
    conditions: await db().condition.findMany({ where: { studyId } }),
    prompts: await db().prompt.findMany({ where: { studyId } }),
    images: await db().image.findMany({ where: { studyId } }),
    comparisons: await db().comparison.findMany({ where: { studyId } }),
    participants,
    trials,
    votes: await db().vote.findMany({ where: { trial: { participant: { studyId } } } }),
    exploratoryAnalyses: await db().exploratoryAnalysis.findMany({ where: { studyId } }),
    generation,
    generationItems: generation ? await db().generationItem.findMany({ where: { generationId: generation.id } }) : [],
  };
}

const README = (title: string) => `# Study archive: ${title}

Made by the RAS evaluation platform (${ARCHIVE_FORMAT}, version ${ARCHIVE_VERSION}).

- study.json: the study (its frozen analysis plan included) and every row that belongs to it: conditions,
  prompts, images (with each image's sampler configuration), comparisons, participants (no tokens; PROLIFIC_PIDs
  only as the salted hash, or raw where the study opted in), trials, votes, exploratory analyses, generation.
- images/<key>.png: every image a participant could see, in the blind encoding; <key> is the first 40 hex digits
  of the sha256 of the file's base64 text.
- archive.json: format, version, row counts and the sha256 of study.json.

Restore into another installation with \`npm run study -- restore <this file>\`, then open /results/<new id>.
`;

export async function archiveStudy(studyId: string): Promise<{ name: string; bytes: Uint8Array }> {
  const dump = await dumpStudy(studyId);
  const keys = new Set<string>();
  for (const image of dump.images) keys.add(image.storageKey as string);
  for (const c of dump.comparisons) if (c.checkImageKey) keys.add(c.checkImageKey as string);
  const files: Record<string, Uint8Array> = {};
  for (const key of keys) files[`images/${key}.png`] = new Uint8Array(await readStoredImage(key));
  const studyJson = JSON.stringify(dump, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 1);
  const counts = Object.fromEntries(Object.entries(dump).map(([k, v]) => [k, Array.isArray(v) ? v.length : v ? 1 : 0]));
  files['study.json'] = strToU8(studyJson);
  files['archive.json'] = strToU8(JSON.stringify({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, createdAt: new Date().toISOString(), counts, studySha256: sha256(studyJson) }, null, 1));
  files['README.md'] = strToU8(README(String(dump.study.title)));
  return { name: `study-${studyId}.zip`, bytes: zipSync(files, { level: 6 }) };
}

const manifestSchema = z.object({ format: z.literal(ARCHIVE_FORMAT), version: z.literal(ARCHIVE_VERSION), studySha256: z.string().length(64) });
const rows = z.array(z.record(z.string(), z.unknown()));
const dumpSchema = z.object({
  study: z.record(z.string(), z.unknown()),
  conditions: rows,
  prompts: rows,
  images: rows,
  comparisons: rows,
  participants: rows,
  trials: rows,
  votes: rows,
  exploratoryAnalyses: rows,
  generation: z.record(z.string(), z.unknown()).nullable(),
  generationItems: rows,
});

/** Reads and checks an archive; every problem is a 400 with a message, before anything is written. */
export function readArchive(bytes: Uint8Array): { dump: StudyDump; images: Map<string, Buffer> } {
  let entries: Record<string, Uint8Array>;
  try {
    let count = 0;
    entries = unzipSync(bytes, { filter: () => ++count <= MAX_ARCHIVE_ENTRIES });
  } catch {
    throw badRequest('not a study archive: the file is not a readable zip');
  }
  const text = (name: string) => (entries[name] ? strFromU8(entries[name]!) : null);
  const manifestText = text('archive.json');
  const studyText = text('study.json');
  if (!manifestText || !studyText) throw badRequest(`not a study archive: archive.json and study.json are required (found ${Object.keys(entries).slice(0, 5).join(', ') || 'nothing'})`);
  let manifest: z.infer<typeof manifestSchema>;
  try {
    manifest = manifestSchema.parse(JSON.parse(manifestText));
  } catch {
    throw badRequest(`not a study archive of this platform: archive.json must say format ${ARCHIVE_FORMAT}, version ${ARCHIVE_VERSION}`);
  }
  if (sha256(studyText) !== manifest.studySha256) throw badRequest('corrupt archive: study.json does not match the checksum in archive.json');
  let dump: StudyDump;
  try {
    dump = dumpSchema.parse(JSON.parse(studyText)) as StudyDump;
  } catch {
    throw badRequest('corrupt archive: study.json is not a study dump');
  }
  const images = new Map<string, Buffer>();
  const needed = new Set([...dump.images.map((i) => i.storageKey as string), ...dump.comparisons.filter((c) => c.checkImageKey).map((c) => c.checkImageKey as string)]);
  for (const key of needed) {
    const file = entries[`images/${key}.png`];
    if (!file) throw badRequest(`corrupt archive: images/${key}.png is missing`);
    const png = Buffer.from(file);
    if (storageKeyOf(png) !== key) throw badRequest(`corrupt archive: images/${key}.png does not hold the image its name says`);
    images.set(key, png);
  }
  return { dump, images };
}

/** Restores an archive as a new study; returns its id. Nothing is written when anything is wrong. */
export async function restoreArchive(bytes: Uint8Array): Promise<{ studyId: string; title: string }> {
  const { dump, images } = readArchive(bytes);
  const ids = new Map<string, string>();
  const fresh = (old: unknown) => {
    const key = String(old);
    if (!ids.has(key)) ids.set(key, `r${crypto.randomBytes(12).toString('hex')}`);
    return ids.get(key)!;
  };
  const mapped = (old: unknown) => (old === null || old === undefined ? old : ids.get(String(old)) ?? fresh(old));
  const restoreTag = crypto.randomBytes(6).toString('hex');
  const studyId = fresh(dump.study.id);
  const study = { ...dump.study, id: studyId, slug: randomToken(12), status: dump.study.status === 'OPEN' ? 'CLOSED' : dump.study.status, closedAt: dump.study.closedAt ?? (dump.study.status === 'OPEN' ? new Date().toISOString() : null) };
  try {
    await db().$transaction(async (tx) => {
      await tx.study.create({ data: study as never });
      const with_ = (list: Row[], fks: string[], extra: (r: Row) => Row = () => ({})) => list.map((r) => ({ ...r, id: fresh(r.id), ...Object.fromEntries(fks.map((f) => [f, mapped(r[f])])), ...extra(r) }));
      await tx.condition.createMany({ data: with_(dump.conditions, ['studyId']) as never });
      await tx.prompt.createMany({ data: with_(dump.prompts, ['studyId']) as never });
      await tx.image.createMany({ data: with_(dump.images, ['studyId', 'promptId', 'conditionId']) as never });
      await tx.comparison.createMany({ data: with_(dump.comparisons, ['studyId', 'promptId', 'imageAId', 'imageBId']) as never });
      await tx.participant.createMany({ data: with_(dump.participants, ['studyId'], () => ({ tokenHash: sha256(randomToken()) })) as never });
      await tx.trial.createMany({ data: with_(dump.trials, ['participantId', 'comparisonId'], () => ({ leftToken: randomToken(18), rightToken: randomToken(18) })) as never });
      await tx.vote.createMany({ data: with_(dump.votes, ['trialId'], (r) => ({ idempotencyKey: `restored-${restoreTag}-${String(r.idempotencyKey)}` })) as never });
      await tx.exploratoryAnalysis.createMany({ data: with_(dump.exploratoryAnalyses, ['studyId']) as never });
      if (dump.generation) {
        await tx.generation.create({ data: { ...dump.generation, id: fresh(dump.generation.id), studyId } as never });
        await tx.generationItem.createMany({ data: with_(dump.generationItems, ['generationId', 'promptId', 'conditionId']) as never });
      }
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (error instanceof Error && /Unknown argument|Invalid value|Argument .* is missing|invalid input/i.test(error.message)) {
      throw badRequest(`archive does not fit this installation's schema: ${error.message.split('\n').filter(Boolean).at(-1)}`);
    }
    throw error;
  }
  for (const [key, png] of images) await putImage(key, png);
  return { studyId, title: String(dump.study.title) };
}
