import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it. */
  close: () => Promise<void>;
  /** Only for an embedded server this process started: start it again after it died. */
  restart?: () => Promise<void>;
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
  let server = await startEmbeddedPostgres(dir);
  fs.writeFileSync(file, JSON.stringify({ url: server.url, pid: process.pid }), { mode: 0o600 });
  const port = Number(new URL(server.url).port);
  return {
    url: server.url,
    embedded: true,
    // Same directory and port, so every connection string in use stays valid; pools reconnect on their own.
    restart: async () => {
      // stop() waits for an exit that has already happened when the postmaster was killed: do not wait long.
      await Promise.race([server.stop().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      server = await startEmbeddedPostgres(dir, { port });
    },
    close: async () => {
      fs.rmSync(file, { force: true });
      await server.stop();
    },
  };
}

/**
 * Keeps the embedded PostgreSQL this process started alive: checks it every `everyMs` and, after two failed
 * checks in a row, starts it again (it restarts itself cleanly after a crash or a kill -9 of the postmaster).
 */
export function superviseEmbedded(database: DatabaseHandle, log: (line: string) => void, everyMs = 3000): () => void {
  if (!database.restart) return () => {};
  let failures = 0;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      if (await reachable(database.url)) failures = 0;
      else if (++failures >= 2) {
        log('Database: the embedded PostgreSQL is not answering; restarting it');
        await database.restart!();
        log('Database: embedded PostgreSQL restarted');
        failures = 0;
      }
    } catch (error) {
      log(`Database: restart failed (${(error as Error).message}); trying again`);
    } finally {
      busy = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
