import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { createGeneration, retryFailed } from '../../server/generation/generations';
import { generationProgress } from '../../server/generation/progress';
import { publishStudy, setPromptExcluded } from '../../server/generation/publish';
import { startWorker, type RunningWorker } from '../../server/generation/runner';
import { decodeStoredImage } from '../../server/storage/images';
import { createStudy } from '../../server/studies/studies';
import { freshDatabase } from './db';
import { studyInput } from './fixtures';

const FIXTURE = 'models/fixture';
const file = (text: string, name = 'prompts.txt') => ({ bytes: new TextEncoder().encode(text), name });

async function until(check: () => Promise<boolean>, seconds = 90) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('timed out');
}

interface PairMetrics {
  vs: string;
  speedup: number | null;
  psnr: number | null;
  identical: boolean;
  ssim: number;
}

/** PSNR of two 8-bit images from the definition, written here independently of server/sampler/fidelity.ts. */
function psnrFromPixels(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let squared = 0;
  for (let i = 0; i < a.length; i++) squared += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255 * a.length) / squared);
}

/**
 * Every non-reference image carries metrics against the dense image of its prompt and seed. Timing on a shared
 * CPU is too noisy for a speedup threshold (a RAS image of the fixture model ranges from 0.4× to 2× its dense
 * pair), so the recorded speedup is checked as what it claims to be: the ratio of the two recorded generation
 * times. PSNR recomputed from the two stored files agrees with the recorded value; the images differ (a sampler
 * that ignored its configuration would make them identical) yet are close, as the same prompt and seed should
 * be (the fixture model gives 29–40 dB and SSIM ≥ 0.995; the bounds leave room for a retrained fixture).
 */
type StoredImageRow = { promptId: string; condition: { name: string }; generationMs: number | null; storageKey: string; config: unknown; metrics: unknown };

async function checkPairMetrics(images: StoredImageRow[]) {
  const others = images.filter((i) => i.condition.name !== 'dense');
  expect(others).toHaveLength(8);
  for (const image of others) {
    const dense = images.find((i) => i.promptId === image.promptId && i.condition.name === 'dense')!;
    const m = image.metrics as PairMetrics;
    expect(m.vs).toBe('dense');
    expect(dense.generationMs).toBeGreaterThan(0);
    expect(m.speedup).toBeCloseTo(dense.generationMs! / image.generationMs!, 12);
    expect(m.identical).toBe(false);
    expect(m.ssim).toBeGreaterThan(0.9);
    expect(m.ssim).toBeLessThan(1);
    expect(m.psnr).toBeGreaterThan(20);
    expect(m.psnr).toBeLessThan(100);
    const [a, b] = await Promise.all([decodeStoredImage(image.storageKey), decodeStoredImage(dense.storageKey)]);
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    expect(Math.abs(m.psnr! - psnrFromPixels(a.rgb, b.rgb))).toBeLessThan(1e-9);
    const steps = (image.config as { sampler: { num_inference_steps: number } }).sampler.num_inference_steps;
    if (image.condition.name === 'ras-50') expect(steps).toBe(8);
    else expect(steps).toBeLessThan(8); // the equal-time control: dense with fewer steps
  }
}

describe('generation pipeline', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    await freshDatabase();
    worker = await startWorker({ sweepSeconds: 2 });
  });
  afterAll(async () => {
    await worker.stop();
  });

  it('generates dense and RAS images per prompt and seed, records them, and publishes', async () => {
    const study = await createStudy(studyInput({ trialsPerParticipant: 4 }));
    const created = await createGeneration(study.id, {
      promptFile: file('red heart\nsmiling cat face\nred heart\n'),
      settings: { modelDir: FIXTURE, steps: 8, seedsPerPrompt: 2, rasRatios: [0.5], equalTimeControl: true },
    });
    expect(created.duplicates).toEqual(['line 3 repeats line 1: “red heart”']);
    expect(created.conditions[0]).toBe('dense');
    expect(created.conditions[1]).toBe('ras-50');
    expect(created.conditions[2]).toMatch(/^dense-\d+steps$/);
    expect(created.images).toBe(2 * 2 * 3);
    await until(async () => (await generationProgress(study.id))!.done === 12);
    const images = await db().image.findMany({ include: { condition: true, prompt: true } });
    expect(images).toHaveLength(12);
    for (const image of images) {
      const config = image.config as { seed: number; model: { hash: string }; provider: string; sampler: { num_inference_steps: number } };
      expect(config.seed).toBe(image.prompt.seed);
      expect(config.model.hash).toMatch(/^[a-f0-9]{64}$/);
      expect(config.provider).toBe('cpu');
      expect(image.generationMs).toBeGreaterThan(0);
    }
    await checkPairMetrics(images);
    const progress = (await generationProgress(study.id))!;
    expect(progress).toMatchObject({ total: 12, done: 12, failed: 0 });
    const first = await db().prompt.findFirstOrThrow({ where: { studyId: study.id } });
    await setPromptExcluded(study.id, first.id, true);
    await publishStudy(study.id);
    expect(await db().comparison.count({ where: { studyId: study.id, isAttentionCheck: false } })).toBe(3 * 3);
    expect((await db().study.findUniqueOrThrow({ where: { id: study.id } })).status).toBe('OPEN');
  });

  it('refuses bad prompt sets and models with a clear message and creates nothing', async () => {
    const study = await createStudy(studyInput());
    const cases: [ReturnType<typeof file>, object, RegExp][] = [
      [file(''), {}, /the file is empty/],
      [{ bytes: Uint8Array.from([0x72, 0x65, 0x64, 0x0a, 0xff, 0xfe, 0x0a]), name: 'p.txt' }, {}, /line 2: not valid UTF-8/],
      [{ bytes: new Uint8Array(10 * 1024 * 1024).fill(0x61), name: 'big.txt' }, {}, /10\.0 MB; the limit is 1 MB/],
      [file(`red heart\n${'cat '.repeat(60)}\n`), {}, /line 2: the prompt has 239 characters; the limit is 200/],
      [file('prompt,seed\nred heart,1.5\ncat,-2\n', 'p.csv'), {}, /line 2: seed "1.5" is not a non-negative integer[\s\S]*line 3: seed "-2"/],
      [file('red heart\n'), { modelDir: 'models/nowhere' }, /Model directory models\/nowhere/],
      [file('red heart\nblue whale\n'), {}, /line\(s\) 2/],
      [file('red heart wearing hat\n'), {}, /Words the model does not know: wearing \(line 1\); hat \(line 1\)/],
    ];
    for (const [promptFile, settings, message] of cases) {
      await expect(createGeneration(study.id, { promptFile, settings: { modelDir: FIXTURE, ...settings } })).rejects.toThrow(message);
    }
    expect(await db().prompt.count({ where: { studyId: study.id } })).toBe(0);
    expect(await db().condition.count({ where: { studyId: study.id } })).toBe(0);
    expect(await db().generation.count({ where: { studyId: study.id } })).toBe(0);
  });

  it('accepts unknown words when the admin says so, and retries failed items', async () => {
    const study = await createStudy(studyInput());
    await createGeneration(study.id, { promptFile: file('red heart wearing hat\n'), settings: { modelDir: FIXTURE, steps: 4, ignoreUnknownWords: true } });
    await until(async () => (await generationProgress(study.id))!.done === 2);
    const item = await db().generationItem.findFirstOrThrow({ where: { generation: { studyId: study.id } } });
    await db().generationItem.update({ where: { id: item.id }, data: { status: 'FAILED', error: 'simulated' } });
    await db().image.deleteMany({ where: { promptId: item.promptId, conditionId: item.conditionId } });
    expect((await generationProgress(study.id))!.failures).toEqual([expect.objectContaining({ error: 'simulated' })]);
    expect(await retryFailed(study.id)).toEqual({ retried: 1 });
    await until(async () => (await generationProgress(study.id))!.done === 2);
    expect(await db().image.count({ where: { studyId: study.id } })).toBe(2);
  });
});
