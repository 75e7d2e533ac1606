/**
 * Shared by the HTTP benchmarks: the production build started by `npm start` on a temporary DATA_DIR (or an
 * app already running at `url`), an admin token, and an open study of two conditions from a zip of images.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { treeCpuSeconds } from './processCpu';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BenchApp {
  base: string;
  auth: { authorization: string };
  /** CPU seconds so far of the app's processes, when this benchmark started the app (null with --url). */
  cpu: () => { database: number; web: number; other: number } | null;
  stop: () => Promise<void>;
}

export async function benchApp(opts: { url?: string; port: string; password: string; tag: string }): Promise<BenchApp> {
  let server: ChildProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ras-${opts.tag}-`));
  const base = opts.url ?? `http://127.0.0.1:${opts.port}`;
  if (!opts.url) {
    // every simulated participant comes from this one address: no start limit
    server = spawn('npm', ['start'], {
      env: { ...process.env, PORT: opts.port, DATA_DIR: dataDir, ADMIN_PASSWORD: opts.password, DATABASE_URL: '', DEMO: '0', WORKER: '0', START_RATE_LIMIT: '0' },
      stdio: 'ignore',
      detached: true,
    });
    for (let i = 0; i < 600 && !(await fetch(`${base}/api/ready`).then((r) => r.ok, () => false)); i++) await sleep(1000);
  }
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: opts.password }) });
  if (!login.ok) throw new Error(`login: HTTP ${login.status}`);
  const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  return {
    base,
    auth,
    cpu: () => (server?.pid ? treeCpuSeconds(server.pid) : null),
    stop: async () => {
      if (server?.pid) process.kill(-server.pid, 'SIGTERM');
      await sleep(3000);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates, fills and opens a study; returns its id and slug. */
export async function openBenchStudy(app: BenchApp, settings: { title: string; trialsPerParticipant: number; targetVotesPerComparison: number }, zip: Uint8Array) {
  const created = await fetch(`${app.base}/api/studies`, {
    method: 'POST',
    headers: { ...app.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ ...settings, instructions: 'i', consentText: 'c', completionCode: 'BENCH' }),
  });
  const { study } = (await created.json()) as { study: { id: string; slug: string } };
  const form = new FormData();
  form.set('zip', new Blob([new Uint8Array(zip)]), 'set.zip');
  const upload = await fetch(`${app.base}/api/studies/${study.id}/images`, { method: 'POST', headers: app.auth, body: form });
  if (!upload.ok) throw new Error(`upload: HTTP ${upload.status} ${await upload.text()}`);
  const open = await fetch(`${app.base}/api/studies/${study.id}/status`, { method: 'POST', headers: { ...app.auth, 'content-type': 'application/json' }, body: '{"status":"OPEN"}' });
  if (!open.ok) throw new Error(`open: HTTP ${open.status} ${await open.text()}`);
  return study;
}

/** `prompts` prompts × two conditions of distinct 64×64 images, zipped with their manifest. */
export async function benchImageSet(prompts: number): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const lines = ['prompt,seed,condition,file'];
  for (let p = 0; p < prompts; p++) {
    for (const [i, c] of ['dense', 'ras-50'].entries()) {
      files[`${c}${p}.png`] = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: (p * 7) % 256, g: i ? 200 : 50, b: 9 } } }).png().toBuffer();
      lines.push(`prompt ${p},${p},${c},${c}${p}.png`);
    }
  }
  files['manifest.csv'] = Buffer.from(lines.join('\n'));
  return zipSync(files);
}
