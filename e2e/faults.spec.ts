// Faults under load, against the production build: the app killed with SIGKILL mid-vote, the database
// restarted under load behind an external DATABASE_URL, and npm start's embedded PostgreSQL killed. Clients
// retry as the participant page does (same idempotency key); every acknowledged vote must be stored, once.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import pg from 'pg';
import sharp from 'sharp';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/db/embedded';
import { applyMigrations } from '../server/db/migrate';

const tsx = path.resolve('node_modules/.bin/tsx');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(url: string, ok: (status: number) => boolean, seconds: number) {
  for (let i = 0; i < seconds * 4; i++) {
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (ok(status)) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer as expected within ${seconds} s`);
}

/** What the web servers of a test printed, for the failure message. */
const serverLog: string[] = [];

function serve(port: number, env: Record<string, string>): ChildProcess {
  // One process (node with tsx's loader), not tsx's wrapper: SIGKILL must kill the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', START_RATE_LIMIT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => serverLog.push(String(d)));
  child.stderr!.on('data', (d) => serverLog.push(String(d)));
  return child;
}

/** A database of our own, migrated, with an open study of 8 comparisons (made through the admin CLI). */
async function setup(dir: string) {
  const database = await startEmbeddedPostgres(dir);
  await applyMigrations(database.url);
  const files: Record<string, Uint8Array> = {};
  const lines = ['prompt,seed,condition,file'];
  for (let p = 0; p < 8; p++) {
    for (const [i, c] of ['dense', 'ras'].entries()) {
      files[`${c}${p}.png`] = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: p * 30, g: i * 100, b: 50 } } }).png().toBuffer();
      lines.push(`p${p},${p},${c},${c}${p}.png`);
    }
  }
  files['manifest.csv'] = Buffer.from(lines.join('\n'));
  const zip = path.join(dir, 'set.zip');
  fs.writeFileSync(zip, zipSync(files));
  const cli = (...args: string[]) => execFileSync(tsx, ['scripts/study.ts', ...args], { env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' });
  const study = JSON.parse(cli('create', '--title', 'faults', '--instructions', 'i', '--consent', 'c', '--trials', '8', '--target', '1000', '--code', 'F')) as { id: string; slug: string };
  cli('upload', study.id, zip);
  cli('open', study.id);
  return { database, study };
}

/**
 * A request and its whole body, retried on network errors (a connection cut mid-body included) and 5xx, as a
 * participant's browser does (with the same body, so a vote keeps its idempotency key).
 */
async function retrying(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: Buffer }> {
  for (let attempt = 0; ; attempt++) {
    const result = await fetch(url, init)
      .then(async (r) => ({ status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) }))
      .catch(() => null);
    if (result && result.status < 500) return result;
    if (attempt > 1800) throw new Error(`${url}: gave up`);
    await sleep(100);
  }
}

/** Participants voting without pause; collects the idempotency keys the server acknowledged. */
async function participants(base: string, slug: string, count: number, acked: string[]) {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const start = await retrying(`${base}/api/p/${slug}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"consent":true}' });
      const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
      let view = JSON.parse(start.body.toString()) as { stage: string; trial?: { trialId: string; left: string; right: string } };
      while (view.stage === 'trial') {
        for (const img of [view.trial!.left, view.trial!.right]) expect((await retrying(`${base}${img}`, { headers: { cookie } })).status).toBe(200);
        const key = crypto.randomUUID();
        const body = JSON.stringify({ trialId: view.trial!.trialId, choice: 1 + Math.floor(Math.random() * 5), responseMs: 900, idempotencyKey: key });
        const vote = await retrying(`${base}/api/p/${slug}/vote`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });
        expect(vote.status, vote.body.toString()).toBe(200);
        acked.push(key);
        view = (JSON.parse(vote.body.toString()) as { view: typeof view }).view;
      }
    }),
  );
}

async function storedKeys(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ idempotencyKey: string }>('SELECT "idempotencyKey" FROM "Vote"');
  await client.end();
  return rows.map((r) => r.idempotencyKey);
}

/** Every one of the 12 participants' 8 votes acknowledged, and each acknowledged vote stored exactly once. */
async function expectEveryAckStoredOnce(url: string, acked: string[]) {
  const stored = await storedKeys(url);
  expect(acked).toHaveLength(12 * 8);
  expect(new Set(stored)).toEqual(new Set(acked));
  expect(stored).toHaveLength(acked.length);
}

test.describe('faults', () => {
  test.setTimeout(600_000);
  let database: EmbeddedDatabase | undefined;
  let server: ChildProcess | undefined;
  let group: number | undefined;
  test.afterEach(async ({}, info) => {
    if (info.status !== info.expectedStatus) await info.attach('web server output', { body: serverLog.join('').slice(-20_000) });
    serverLog.length = 0;
    server?.kill('SIGKILL');
    if (group) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
      group = undefined;
    }
    await database?.stop().catch(() => {});
  });

  test('the app killed with SIGKILL mid-vote: every acknowledged vote stored once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-fault-kill-'));
    const setupResult = await setup(dir);
    database = setupResult.database;
    const port = 3271;
    const env = { DATABASE_URL: database.url, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ras-fault-data-')) };
    server = serve(port, env);
    await waitFor(`http://127.0.0.1:${port}/api/ready`, (s) => s === 200, 180);
    const acked: string[] = [];
    const load = participants(`http://127.0.0.1:${port}`, setupResult.study.slug, 12, acked);
    while (acked.length < 12) await sleep(20); // mid-run: some votes acknowledged, most still to come
    const before = acked.length;
    server.kill('SIGKILL');
    await sleep(1000);
    server = serve(port, env);
    await load;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(12 * 8); // the kill happened mid-run
    await expectEveryAckStoredOnce(database.url, acked);
  });

  test('the database restarted under load (external DATABASE_URL): the app recovers without a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-fault-db-'));
    const setupResult = await setup(dir);
    database = setupResult.database;
    const port = 3272;
    server = serve(port, { DATABASE_URL: database.url, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ras-fault-data-')) });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/ready`, (s) => s === 200, 180);
    const pid = server.pid;
    const acked: string[] = [];
    const load = participants(base, setupResult.study.slug, 12, acked);
    await sleep(1500);
    const dbPort = Number(new URL(database.url).port);
    await database.stop();
    await waitFor(`${base}/api/ready`, (s) => s === 503, 20);
    await sleep(1500);
    database = await startEmbeddedPostgres(dir, { port: dbPort });
    await load;
    await waitFor(`${base}/api/ready`, (s) => s === 200, 60);
    expect(server.pid).toBe(pid);
    expect(server.exitCode).toBeNull();
    await expectEveryAckStoredOnce(database.url, acked);
  });

  test('npm start restarts its embedded PostgreSQL after a kill -9, and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-fault-start-'));
    const port = 3273;
    // its own process group, so that a failure can take npm start and all its children down (afterEach)
    server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', DEMO: '0', WORKER: '0', ADMIN_PASSWORD: 'fault-test-password' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    group = server.pid;
    const log: string[] = [];
    server.stdout!.on('data', (d) => log.push(String(d)));
    server.stderr!.on('data', (d) => log.push(String(d)));
    const ready = `http://127.0.0.1:${port}/api/ready`;
    await waitFor(ready, (s) => s === 200, 300).catch((error) => {
      throw new Error(`${(error as Error).message}\n--- npm start said:\n${log.join('').slice(-3000)}`);
    });
    const pidFile = path.join(dataDir, 'db', 'cluster', 'postmaster.pid');
    const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGKILL');
    await waitFor(ready, (s) => s === 503, 20);
    await waitFor(ready, (s) => s === 200, 60).catch((error) => {
      throw new Error(`${(error as Error).message}\n--- npm start said:\n${log.join('').slice(-3000)}`);
    });
    const restarted = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    expect(restarted).not.toBe(postmaster);
    const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await Promise.race([exited, sleep(40_000).then(() => 'timeout')])).toBe(0);
    expect(fs.existsSync(pidFile)).toBe(false); // PostgreSQL stopped cleanly
    server = undefined;
  });
});
