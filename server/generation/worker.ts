import sharp from 'sharp';
import { db, type Prisma } from '../db/client';
import { fidelity } from '../sampler/fidelity';
import { generate, type GeneratedImage } from '../sampler';
import { encodePng, readStoredImage, storePng } from '../storage/images';
import { modelFor } from './models';
import { publishIfComplete } from './publish';
import type { ConditionPlan } from './settings';
import { readEnv } from '../env';

/** A RUNNING item older than this belongs to a worker that died: another worker may take it over. */
const staleSeconds = () => readEnv().GENERATION_STALE_SECONDS;

export interface ItemOutcome {
  itemId: string;
  status: 'done' | 'failed' | 'skipped';
  ms?: number;
}

/**
 * The job of one prompt: every condition's image, reference (dense) first. Idempotent: an item is taken
 * with an atomic claim, an image is written with its item's completion in one transaction, and the
 * (prompt, condition) uniqueness of images stops any duplicate, whoever crashed where.
 */
export async function generatePrompt(promptId: string, log: (line: string) => void = () => {}): Promise<ItemOutcome[]> {
  const items = await db().generationItem.findMany({
    where: { promptId },
    include: { condition: true, prompt: true, generation: true },
    orderBy: { condition: { ordinal: 'asc' } },
  });
  const outcomes: ItemOutcome[] = [];
  let reference: Reference | null = null;
  for (const item of items) {
    if (item.status === 'DONE') continue;
    if (!(await claim(item.id))) {
      outcomes.push({ itemId: item.id, status: 'skipped' });
      continue;
    }
    try {
      const model = await modelFor(item.generation.modelDir);
      const plan = item.condition.config as unknown as ConditionPlan;
      const settings = item.generation.settings as { ignoreUnknownWords?: boolean };
      const image = await generate(
        model,
        { prompt: item.prompt.text, seed: item.prompt.seed, config: { ...plan.config, error_reset_steps: [...plan.config.error_reset_steps] }, ignoreUnknownWords: settings.ignoreUnknownWords },
        plan.mode,
      );
      if (item.condition.ordinal === 0) reference = { name: item.condition.name, rgb: image.rgb, ms: image.ms };
      else reference ??= await storedReference(promptId);
      // Metrics are stored with the image, so an image marked done always has them when its reference exists.
      await saveImage(item, image, item.condition.ordinal > 0 && reference ? pairMetrics(image.rgb, image.ms, image.height, image.width, reference) : {});
      held.delete(item.id);
      outcomes.push({ itemId: item.id, status: 'done', ms: image.ms });
      log(`${item.condition.name} “${item.prompt.text}” seed ${item.prompt.seed}: ${image.ms.toFixed(0)} ms`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      held.delete(item.id);
      await db().generationItem.update({ where: { id: item.id }, data: { status: 'FAILED', error: message.slice(0, 2000), finishedAt: new Date() } });
      outcomes.push({ itemId: item.id, status: 'failed' });
      log(`FAILED ${item.condition.name} “${item.prompt.text}”: ${message}`);
    }
  }
  await updatePairMetrics(promptId);
  if (items[0]) await publishIfComplete(items[0].generation.studyId);
  return outcomes;
}

/** Items this process has claimed and not finished: what a clean shutdown hands back to the queue. */
const held = new Set<string>();

async function claim(itemId: string): Promise<boolean> {
  const stale = new Date(Date.now() - staleSeconds() * 1000);
  const claimed = await db().generationItem.updateMany({
    where: { id: itemId, OR: [{ status: 'PENDING' }, { status: 'RUNNING', startedAt: { lt: stale } }] },
    data: { status: 'RUNNING', startedAt: new Date(), attempts: { increment: 1 }, error: null },
  });
  if (claimed.count === 1) held.add(itemId);
  return claimed.count === 1;
}

/** On shutdown: the items still running here go back to PENDING at once, not after GENERATION_STALE_SECONDS. */
export async function releaseClaims(): Promise<number> {
  if (held.size === 0) return 0;
  const released = await db().generationItem.updateMany({ where: { id: { in: [...held] }, status: 'RUNNING' }, data: { status: 'PENDING', startedAt: null } });
  held.clear();
  return released.count;
}

const decode = async (storageKey: string) => new Uint8Array(await sharp(await readStoredImage(storageKey)).raw().toBuffer());

interface Reference {
  name: string;
  rgb: Uint8Array;
  ms: number;
}

async function storedReference(promptId: string): Promise<Reference | null> {
  const image = await db().image.findFirst({ where: { promptId, condition: { ordinal: 0 } }, include: { condition: true } });
  return image ? { name: image.condition.name, rgb: await decode(image.storageKey), ms: image.generationMs ?? 0 } : null;
}

function pairMetrics(rgb: Uint8Array, ms: number, height: number, width: number, reference: Reference) {
  const f = fidelity(rgb, reference.rgb, height, width, 3);
  const speedup = reference.ms && ms ? reference.ms / ms : null;
  return { vs: reference.name, speedup, psnr: Number.isFinite(f.psnr) ? f.psnr : null, identical: !Number.isFinite(f.psnr), ssim: f.ssim };
}

/** Backfill: metrics of images made before their reference existed (another worker held the reference item). */
export async function updatePairMetrics(promptId: string): Promise<void> {
  const images = await db().image.findMany({ where: { promptId, condition: { ordinal: { gt: 0 } } } });
  const missing = images.filter((i) => Object.keys(i.metrics as object).length === 0);
  if (missing.length === 0) return;
  const reference = await storedReference(promptId);
  if (!reference) return;
  for (const image of missing) {
    const metrics = pairMetrics(await decode(image.storageKey), image.generationMs ?? 0, image.height, image.width, reference);
    await db().image.update({ where: { id: image.id }, data: { metrics } });
  }
}

type ItemWithRelations = Prisma.GenerationItemGetPayload<{ include: { condition: true; prompt: true; generation: true } }>;

async function saveImage(item: ItemWithRelations, image: GeneratedImage, metrics: object) {
  const png = await encodePng(image.rgb, image.width, image.height);
  const storageKey = await storePng(png);
  const config = {
    sampler: image.config,
    mode: image.mode,
    seed: image.seed,
    prompt: image.prompt,
    words: image.words,
    unknownWords: image.unknownWords,
    model: { name: image.modelName, version: image.modelVersion, hash: image.modelHash },
    provider: image.provider,
    adapter: image.adapter,
    threads: image.threads,
    ms: image.ms,
    stepMs: image.stepMs,
    activeTokens: image.schedule.activeTokens,
  };
  await db().$transaction(async (tx) => {
    const existing = await tx.image.findUnique({ where: { promptId_conditionId: { promptId: item.promptId, conditionId: item.conditionId } } });
    if (!existing) {
      await tx.image.create({
        data: {
          studyId: item.generation.studyId,
          promptId: item.promptId,
          conditionId: item.conditionId,
          storageKey,
          width: image.width,
          height: image.height,
          bytes: png.length,
          generationMs: image.ms,
          config: JSON.parse(JSON.stringify(config)),
          metrics,
        },
      });
    }
    await tx.generationItem.update({ where: { id: item.id }, data: { status: 'DONE', finishedAt: new Date(), error: null } });
  });
}

