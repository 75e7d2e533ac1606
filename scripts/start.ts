// npm start: the whole app in one command — database (embedded unless DATABASE_URL), migrations, first admin,
// the demo study on an empty database, generation workers (one in this process, one more process per further
// core: each runs a single-threaded ONNX session, docs/sampler.md), the production build when the sources
// changed, then the Next.js server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ensureFirstAdmin } from '../server/auth/users';
import { watchGenerations } from '../server/generation/consoleProgress';
import { ensureDemoStudy } from '../server/generation/demo';
import { startWorker } from '../server/generation/runner';
import { disconnectDb } from '../server/db/client';
import { openDatabase, superviseEmbedded } from '../server/db/connect';
import { applyMigrations } from '../server/db/migrate';
import { dataDir, env } from '../server/env';
import { migrateLocalImages } from '../server/storage/localImages';
import { imageStore } from '../server/storage/store';
import { upgradeLegacyImages } from '../server/studies/legacyImages';
import { buildIsCurrent, markBuilt } from '../server/web/build';

const root = path.resolve(__dirname, '..');
const nextBin = path.join(root, 'node_modules', '.bin', 'next');
// Child processes run as node with tsx's loader (one process each, not tsx's wrapper around a second one), so a
// signal or a kill reaches the process that does the work.
const tsNode = (script: string, ...args: string[]) => [process.execPath, ['--import', 'tsx', ...profileFlags(), path.join(root, 'scripts', script), ...args]] as const;
// CPU_PROFILE_DIR: each child writes a V8 CPU profile there when it exits (docs/performance.md says how to read them).
const profileFlags = () => (process.env.CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROFILE_DIR}`] : []);

/** GENERATION_WORKERS (default: the cores this process may use) minus the one in this process. */
function extraWorkers(): ChildProcess[] {
  if (env().WORKER === '0') return [];
  const wanted = env().GENERATION_WORKERS ?? availableParallelism();
  return Array.from({ length: wanted - 1 }, () =>
    spawn(...tsNode('worker.ts', '--quiet', '--parent', String(process.pid)), { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: process.env }),
  );
}

async function main() {
  const settings = env();
  // 1. Database
  const database = await openDatabase({ databaseUrl: settings.DATABASE_URL, dataDir: dataDir() });
  process.env.DATABASE_URL = database.url;
  console.log(database.embedded ? `Database: embedded PostgreSQL in ${path.join(dataDir(), 'db')}` : 'Database: DATABASE_URL');
  // 2. Migrations
  const applied = await applyMigrations(database.url);
  if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
  const store = imageStore();
  await store.ping().catch((error) => {
    throw new Error(`the image store (${store.description}, IMAGE_STORE) cannot be reached: ${(error as Error).message}`);
  });
  const copied = await migrateLocalImages();
  if (copied) console.log(`Image store: ${copied} image(s) copied from ${path.join(dataDir(), 'images')} into ${store.description}`);
  const upgraded = await upgradeLegacyImages();
  if (upgraded.reencoded || upgraded.checks) console.log(`Blind encoding: ${upgraded.reencoded} image(s) re-encoded, ${upgraded.checks} attention check(s) given copies`);
  // 3. First admin
  const admin = await ensureFirstAdmin(settings.ADMIN_USERNAME, settings.ADMIN_PASSWORD);
  // 4. The demo study on an empty database, and a generation worker in this process
  if (settings.DEMO !== '0') {
    const demo = await ensureDemoStudy();
    if (demo.created) console.log('Demo study created: its images are generated now and it opens when they are done.');
  }
  const worker = settings.WORKER === '0' ? null : await startWorker({ log: () => {} });
  const workers = extraWorkers();
  if (worker) console.log(`Generation workers: ${workers.length + 1} (one single-threaded ONNX session each)`);
  const base = settings.PUBLIC_URL ?? `http://${settings.HOST === '0.0.0.0' ? 'localhost' : settings.HOST}:${settings.PORT}`;
  const stopWatching = worker ? watchGenerations(console.log, 5, (slug) => `${base}/s/${slug}`) : () => {};
  // 5. Production build, when missing or stale
  if (!buildIsCurrent(root)) {
    console.log('Building the web app (first start or changed sources)…');
    const build = spawnSync(nextBin, ['build'], { cwd: root, stdio: 'inherit', env: process.env });
    if (build.status !== 0) throw new Error('next build failed');
    markBuilt(root);
  }
  // 6. Server
  // Our own HTTP server around Next's handler (scripts/serve.ts), so the app knows each client's real address.
  const server = spawn(...tsNode('serve.ts'), { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  const url = base;
  console.log(`\nRAS Eval is starting at ${url}`);
  console.log(`Admin sign-in: ${url}/login  user: ${admin.username}`);
  if (admin.created && admin.generated) console.log(`  password (shown once, store it now): ${admin.password}`);
  else if (admin.created) console.log('  password: the ADMIN_PASSWORD you set');
  else console.log('  password: as set at the first start');
  const stopSupervising = superviseEmbedded(database, console.log);
  // SIGTERM: the web server drains its in-flight requests and exits; the workers hand their unfinished images
  // back to the queue; then the database stops cleanly.
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    stopSupervising();
    stopWatching();
    const serverGone = server.exitCode !== null ? Promise.resolve() : new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    workers.forEach((w) => w.kill('SIGTERM'));
    await Promise.race([serverGone, new Promise((r) => setTimeout(r, 20_000))]);
    await Promise.all(workers.map((w) => (w.exitCode !== null ? null : Promise.race([new Promise((r) => w.once('exit', r)), new Promise((r) => setTimeout(r, 10_000))]))));
    await worker?.stop().catch(() => {});
    await disconnectDb();
    await database.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  server.on('exit', (code) => void shutdown(code ?? 1));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
