import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it. */
  close: () => Promise<void>;
}

const runningFile = (dataDir: string) => path.join(dataDir, 'db', 'running.json');

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * DATABASE_URL when set; else the embedded PostgreSQL under DATA_DIR/db — joined if another process of this
 * app (the server, a worker, the CLI) already runs it, started otherwise.
 */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, embedded: false, close: async () => {} };
  const file = runningFile(opts.dataDir);
  if (fs.existsSync(file)) {
    const { url } = JSON.parse(fs.readFileSync(file, 'utf8')) as { url: string };
    if (await reachable(url)) return { url, embedded: true, close: async () => {} };
  }
  const dir = path.join(opts.dataDir, 'db');
  fs.mkdirSync(dir, { recursive: true });
  const server = await startEmbeddedPostgres(dir);
  fs.writeFileSync(file, JSON.stringify({ url: server.url, pid: process.pid }), { mode: 0o600 });
  return {
    url: server.url,
    embedded: true,
    close: async () => {
      fs.rmSync(file, { force: true });
      await server.stop();
    },
  };
}
