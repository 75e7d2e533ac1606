// More than one machine's worth of processes on one database: two web servers and a generation worker, each
// with its own empty DATA_DIR (nothing shared but PostgreSQL, where the images live). The worker generates a
// study created through server A; participants vote through A and through B; B's export holds every vote.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/db/embedded';
import { applyMigrations } from '../server/db/migrate';

const tsx = path.resolve('node_modules/.bin/tsx');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const emptyDir = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `ras-mp-${tag}-`));

async function waitReady(base: string) {
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${base}/api/ready`).then((r) => r.ok, () => false)) return;
    await sleep(500);
  }
  throw new Error(`${base} not ready`);
}

async function vote(base: string, slug: string): Promise<number> {
  const start = await fetch(`${base}/api/p/${slug}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"consent":true}' });
  expect(start.status).toBe(200);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  let view = (await start.json()) as { stage: string; trial?: { trialId: string; left: string; right: string } };
  let votes = 0;
  while (view.stage === 'trial') {
    for (const url of [view.trial!.left, view.trial!.right]) {
      const image = await fetch(`${base}${url}`, { headers: { cookie } });
      expect(image.status).toBe(200);
      expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const response = await fetch(`${base}/api/p/${slug}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ trialId: view.trial!.trialId, choice: 2, responseMs: 1500, idempotencyKey: crypto.randomUUID() }),
    });
    expect(response.status).toBe(200);
    votes++;
    view = ((await response.json()) as { view: typeof view }).view;
  }
  return votes;
}

test('two web servers and a worker with their own empty DATA_DIRs share one database', async () => {
  test.setTimeout(300_000);
  const processes: ChildProcess[] = [];
  let database: EmbeddedDatabase | undefined;
  try {
    database = await startEmbeddedPostgres(emptyDir('db'));
    await applyMigrations(database.url);
    const common: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, START_RATE_LIMIT: '0', NODE_ENV: 'production', HOST: '127.0.0.1' };
    execFileSync(tsx, ['scripts/study.ts', 'user-add', 'mpadmin', '--role', 'admin', '--password', 'multi-process-pw'], { env: { ...common, DATA_DIR: emptyDir('cli') } });
    const [a, b] = [3281, 3282].map((port) => `http://127.0.0.1:${port}`);
    for (const [port, dir] of [[3281, emptyDir('a')], [3282, emptyDir('b')]] as const) {
      processes.push(spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], { env: { ...common, PORT: String(port), DATA_DIR: dir }, stdio: 'ignore' }));
    }
    // single processes (node with tsx's loader, not tsx's wrapper), so the kill below reaches them
    processes.push(spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts', '--quiet'], { env: { ...common, DATA_DIR: emptyDir('worker'), GENERATION_SWEEP_SECONDS: '2' }, stdio: 'ignore' }));
    await waitReady(a!);
    await waitReady(b!);

    const login = await fetch(`${a}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mpadmin', password: 'multi-process-pw' }) });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const created = await fetch(`${a}/api/studies`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'multi-process', instructions: 'i', consentText: 'c', trialsPerParticipant: 3, targetVotesPerComparison: 10, completionCode: 'M' }),
    });
    const { study } = (await created.json()) as { study: { id: string; slug: string } };
    const form = new FormData();
    form.set('prompts', new Blob(['red heart\nthumbs up\nsmiling cat face\n']), 'prompts.txt');
    form.set('modelDir', 'models/fixture');
    form.set('preset', 'sd3Example');
    form.set('rasRatios', '0.5');
    form.set('steps', '6');
    form.set('seedsPerPrompt', '1');
    const generation = await fetch(`${a}/api/studies/${study.id}/generation`, { method: 'POST', headers: auth, body: form });
    expect(generation.status, await generation.clone().text()).toBe(201);
    // only the worker process generates (the web servers run none)
    type Progress = { done: number; total: number } | null;
    const finished = (p: Progress) => p !== null && p.total > 0 && p.done === p.total;
    let progress: Progress = null;
    for (let i = 0; i < 240 && !finished(progress); i++) {
      await sleep(500);
      progress = ((await (await fetch(`${b}/api/studies/${study.id}/generation`, { headers: auth })).json()) as { progress: Progress }).progress;
    }
    expect(progress).toMatchObject({ done: 6, total: 6 });
    expect((await fetch(`${b}/api/studies/${study.id}/publish`, { method: 'POST', headers: auth })).status).toBe(200);

    const throughA = await vote(a!, study.slug);
    const throughB = await vote(b!, study.slug);
    expect(throughA).toBe(3);
    expect(throughB).toBe(3);
    const exported = (await (await fetch(`${b}/api/studies/${study.id}/export/votes?format=json`, { headers: auth })).json()) as unknown[];
    expect(exported).toHaveLength(6);
    // the preview images, too, come from the shared store through either server
    const preview = (await (await fetch(`${a}/api/studies/${study.id}/preview`, { headers: auth })).json()) as { prompts: { images: { url: string }[] }[] };
    for (const url of preview.prompts.flatMap((p) => p.images.map((i) => i.url))) expect((await fetch(`${b}${url}`, { headers: auth })).status).toBe(200);
  } finally {
    for (const p of processes) p.kill('SIGKILL');
    await database?.stop().catch(() => {});
  }
});
