import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded';

/**
 * A throwaway database: on the server named by `serverUrl` when given, else on a temporary embedded cluster.
 * Used by the migration writer and by tests.
 */
export async function withScratchDatabase<T>(fn: (url: string) => Promise<T>, serverUrl?: string): Promise<T> {
  let stopCluster: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!serverUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-pg-'));
    fs.chmodSync(tmp, 0o777);
    const cluster = await startEmbeddedPostgres(tmp);
    serverUrl = cluster.url;
    stopCluster = cluster.stop;
  }
  const name = `scratch_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.end();
    if (stopCluster) await stopCluster();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}
