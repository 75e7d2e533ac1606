import { requeueUnfinished } from './generations';
import { closeModels } from './models';
import { stopQueue, workPrompts } from './queue';
import { generatePrompt, releaseClaims } from './worker';
import { readEnv } from '../env';

export interface RunningWorker {
  stop: () => Promise<void>;
}

/**
 * A worker: takes prompt jobs from the queue one at a time (sampling is CPU-bound) and, at start and every
 * `sweepSeconds`, queues again the prompts of unfinished items, so work a dead worker held is picked up.
 */
export async function startWorker(options: { log?: (line: string) => void; sweepSeconds?: number } = {}): Promise<RunningWorker> {
  const log = options.log ?? (() => {});
  await requeueUnfinished();
  await workPrompts(async ({ promptId }) => {
    await generatePrompt(promptId, log);
  });
  const sweep = setInterval(() => requeueUnfinished().catch((e) => log(`sweep failed: ${(e as Error).message}`)), (options.sweepSeconds ?? readEnv().GENERATION_SWEEP_SECONDS) * 1000);
  sweep.unref();
  return {
    stop: async () => {
      clearInterval(sweep);
      await stopQueue();
      const released = await releaseClaims().catch(() => 0);
      if (released) log(`returned ${released} unfinished image(s) to the queue`);
      await closeModels();
    },
  };
}
