import PgBoss from 'pg-boss';
import { readEnv } from '../env';

// The only module that talks to the job queue (pg-boss: jobs in PostgreSQL, so any number of worker processes
// on any machines can share one database). One job per prompt; its handler is idempotent.

export const GENERATE_QUEUE = 'generate-prompt';

export interface GenerateJob {
  promptId: string;
}

const holder = globalThis as unknown as { __boss?: Promise<PgBoss> };

export interface QueueOptions {
  /** A job whose worker died is handed out again after this long. */
  expireInSeconds?: number;
  /** How often pg-boss expires and archives jobs. */
  superviseSeconds?: number;
}

const expireDefault = () => readEnv().GENERATION_JOB_EXPIRE_SECONDS;

export function queue(databaseUrl = process.env.DATABASE_URL!, options: QueueOptions = {}): Promise<PgBoss> {
  holder.__boss ??= (async () => {
    const boss = new PgBoss({
      connectionString: databaseUrl,
      max: 4,
      schedule: false,
      maintenanceIntervalSeconds: options.superviseSeconds ?? 60,
    });
    boss.on('error', (error) => console.error(`[queue] ${error.message}`));
    await boss.start();
    // 'short': at most one waiting job per prompt (singleton key), whatever runs already.
    await boss.createQueue(GENERATE_QUEUE, { name: GENERATE_QUEUE, policy: 'short', retryLimit: 5, retryDelay: 2, expireInSeconds: options.expireInSeconds ?? expireDefault() });
    return boss;
  })();
  return holder.__boss;
}

export async function enqueuePrompts(promptIds: string[]): Promise<void> {
  const boss = await queue();
  for (const promptId of promptIds) {
    // The singleton key keeps one live job per prompt, however often it is asked for.
    await boss.send(GENERATE_QUEUE, { promptId } satisfies GenerateJob, { singletonKey: promptId, expireInSeconds: expireDefault() });
  }
}

export async function workPrompts(handler: (job: GenerateJob) => Promise<void>): Promise<void> {
  const boss = await queue();
  await boss.work<GenerateJob>(GENERATE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => handler(job.data));
}

export async function stopQueue(): Promise<void> {
  const boss = await holder.__boss;
  holder.__boss = undefined;
  await boss?.stop({ graceful: false, wait: true });
}
