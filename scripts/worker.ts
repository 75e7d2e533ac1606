// npm run worker: a generation worker process. Any number may run, on any machines sharing the database; each
// runs one single-threaded ONNX session (SAMPLER_THREADS), so run one per core (npm start does).
//   --quiet              no progress lines (npm start's extra workers; it prints progress itself)
//   --parent <pid>       exit when that process is gone (npm start's extra workers)
import { parseArgs } from 'node:util';
import { disconnectDb } from '../server/db/client';
import { openDatabase } from '../server/db/connect';
import { applyMigrations } from '../server/db/migrate';
import { dataDir, env } from '../server/env';
import { watchGenerations } from '../server/generation/consoleProgress';
import { startWorker } from '../server/generation/runner';

async function main() {
  const { values } = parseArgs({ options: { quiet: { type: 'boolean', default: false }, parent: { type: 'string' } } });
  const database = await openDatabase({ databaseUrl: env().DATABASE_URL, dataDir: dataDir() });
  process.env.DATABASE_URL = database.url;
  await applyMigrations(database.url);
  const log = values.quiet ? () => {} : (line: string) => console.log(`[worker ${process.pid}] ${line}`);
  const worker = await startWorker({ log });
  const stopWatching = values.quiet ? () => {} : watchGenerations(console.log);
  log('waiting for generation jobs');
  const stop = async () => {
    stopWatching();
    await worker.stop();
    await disconnectDb();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (values.parent) {
    const parent = Number(values.parent);
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        void stop();
      }
    }, 2000).unref();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
