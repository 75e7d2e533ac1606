import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { createGeneration } from '../../server/generation/generations';
import { generationProgress } from '../../server/generation/progress';
import { stopQueue } from '../../server/generation/queue';
import { createStudy } from '../../server/studies/studies';
import { freshDatabase } from './db';
import { studyInput } from './fixtures';

function startWorkerProcess(): ChildProcess {
  // One process (no tsx wrapper), so SIGKILL really kills the worker.
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, GENERATION_STALE_SECONDS: '2', GENERATION_SWEEP_SECONDS: '1', SAMPLER_THREADS: '1' },
    stdio: 'ignore',
  });
}

async function until(check: () => Promise<boolean>, seconds: number) {
  for (let i = 0; i < seconds * 5; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

describe('a worker killed mid-job', () => {
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    await freshDatabase();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await stopQueue();
  });

  it('is replaced by a restarted worker that finishes with exactly one image per (prompt, seed, condition)', async () => {
    const study = await createStudy(studyInput());
    const prompts = ['red heart', 'smiling cat face', 'thumbs up', 'dog face', 'star', 'sun with face'];
    await createGeneration(study.id, {
      promptFile: { bytes: new TextEncoder().encode(prompts.join('\n')), name: 'p.txt' },
      settings: { modelDir: 'models/fixture', steps: 120, seedsPerPrompt: 2, rasRatios: [0.5, 0.25] },
    });
    const total = prompts.length * 2 * 3;
    const first = startWorkerProcess();
    children.push(first);
    await until(async () => {
      const p = (await generationProgress(study.id))!;
      return p.done >= 3 && p.running >= 1;
    }, 120);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = (await generationProgress(study.id))!;
    expect(atKill.done).toBeLessThan(total);
    // Usually killed inside an image (one item left RUNNING); rarely between two images.
    expect(atKill.running).toBeLessThanOrEqual(1);

    const second = startWorkerProcess();
    children.push(second);
    await until(async () => (await generationProgress(study.id))!.done === total, 240);
    second.kill('SIGTERM');

    const items = await db().generationItem.findMany({ where: { generation: { studyId: study.id } } });
    expect(items.every((i) => i.status === 'DONE')).toBe(true);
    if (atKill.running === 1) expect(items.some((i) => i.attempts === 2)).toBe(true);
    const images = await db().image.groupBy({ by: ['promptId', 'conditionId'], where: { studyId: study.id }, _count: true });
    expect(images).toHaveLength(total);
    expect(images.every((g) => g._count === 1)).toBe(true);
  });
});
