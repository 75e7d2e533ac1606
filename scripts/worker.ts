// npm run worker: a generation worker process. Any number may run, on any machines sharing the database.
import { disconnectDb } from '../server/db/client';
import { openDatabase } from '../server/db/connect';
import { applyMigrations } from '../server/db/migrate';
import { dataDir, env } from '../server/env';
import { watchGenerations } from '../server/generation/consoleProgress';
import { startWorker } from '../server/generation/runner';

async function main() {
  const database = await openDatabase({ databaseUrl: env().DATABASE_URL, dataDir: dataDir() });
  process.env.DATABASE_URL = database.url;
  await applyMigrations(database.url);
  const worker = await startWorker({ log: (line) => console.log(`[worker ${process.pid}] ${line}`) });
  const stopWatching = watchGenerations(console.log);
  console.log(`[worker ${process.pid}] waiting for generation jobs`);
  const stop = async () => {
    stopWatching();
    await worker.stop();
    await disconnectDb();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
