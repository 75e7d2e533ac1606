// Dense/RAS pairs per minute through the real pipeline (database, queue, worker, sampler) on this machine, and
// the mean measured speedup of RAS over dense. npm run bench:generation -- [--prompts 6] [--model models/emoji-dit-64]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { db, disconnectDb } from '../server/db/client';
import { applyMigrations } from '../server/db/migrate';
import { withScratchDatabase } from '../server/db/scratch';
import { DEMO_PROMPTS } from '../server/generation/demo';
import { createGeneration } from '../server/generation/generations';
import { generationProgress } from '../server/generation/progress';
import { startWorker } from '../server/generation/runner';
import { DEFAULT_MODEL_DIR } from '../server/sampler/manifest';
import { createStudy } from '../server/studies/studies';

async function main() {
  const { values } = parseArgs({ options: { prompts: { type: 'string', default: '6' }, model: { type: 'string', default: DEFAULT_MODEL_DIR } } });
  const prompts = DEMO_PROMPTS.slice(0, Number(values.prompts));
  await withScratchDatabase(async (url) => {
    process.env.DATABASE_URL = url;
    const images = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-bench-images-'));
    process.env.DATA_DIR = images;
    await applyMigrations(url);
    const study = await createStudy({ title: 'bench', instructions: 'i', consentText: 'c', trialsPerParticipant: 1, targetVotesPerComparison: 1, completionCode: 'B' });
    const worker = await startWorker();
    const t0 = performance.now();
    await createGeneration(study.id, {
      promptFile: { bytes: new TextEncoder().encode(prompts.join('\n')), name: 'bench.txt' },
      settings: { modelDir: values.model, preset: 'sd3Example', rasRatios: [0.5] },
    });
    for (;;) {
      const p = (await generationProgress(study.id))!;
      if (p.done + p.failed === p.total) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const minutes = (performance.now() - t0) / 60_000;
    await worker.stop();
    const ras = await db().image.findMany({ where: { studyId: study.id, condition: { name: 'ras-50' } } });
    const speedups = ras.map((i) => (i.metrics as { speedup: number }).speedup);
    const psnr = ras.map((i) => (i.metrics as { psnr: number }).psnr);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`model ${values.model}, ${prompts.length} prompts, dense + RAS 50 % (SD3 example schedule), one worker`);
    console.log(`pairs_per_min=${(prompts.length / minutes).toFixed(2)} mean_speedup=${mean(speedups).toFixed(3)} min_speedup=${Math.min(...speedups).toFixed(3)} max_speedup=${Math.max(...speedups).toFixed(3)} mean_psnr=${mean(psnr).toFixed(2)}`);
    await disconnectDb();
    fs.rmSync(images, { recursive: true, force: true });
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
