/**
 * Hand-written statements on the process's one pg pool (the pool Prisma runs on too, server/db/client.ts). The
 * participant's hot path (start's lookup, state, vote, images) uses these: a prepared statement per name, no
 * query interpreter, one round trip each. Everything else goes through Prisma.
 */
import pg from 'pg';

const holder = globalThis as unknown as { __pgPool?: pg.Pool };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start sets it when it starts the embedded database)');
  return url;
}

/** DATABASE_POOL_SIZE (server/env.ts documents it); read here without the whole env so scripts need no other setting. */
function poolSize(): number {
  const n = Number(process.env.DATABASE_POOL_SIZE ?? 20);
  return Number.isInteger(n) && n >= 1 ? n : 20;
}

/** The process's pool; a burst beyond its connections waits for one (no timeout), never fails. */
export function pgPool(): pg.Pool {
  if (!holder.__pgPool) {
    holder.__pgPool = new pg.Pool({ connectionString: databaseUrl(), max: poolSize() });
    // An idle connection that dies (a database restart) is dropped from the pool; the next query opens a new one.
    holder.__pgPool.on('error', () => {});
  }
  return holder.__pgPool;
}

export async function closePgPool(): Promise<void> {
  const pool = holder.__pgPool;
  holder.__pgPool = undefined;
  await pool?.end();
}

// Prisma keeps DateTime columns as `timestamp(3)` holding UTC: read them as UTC whatever this process's time
// zone; counts (int8) as numbers.
const TIMESTAMP = 1114;
const INT8 = 20;
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMP) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    if (oid === INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** A timestamp parameter as Prisma stores it: write it as `$n::timestamp`. */
export const utc = (date: Date) => date.toISOString();

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Runs the statement `name` (prepared once per connection) and returns its rows. */
export async function sql<T>(name: string, text: string, values: unknown[], on: Queryable = pgPool()): Promise<T[]> {
  const result = await on.query<T & pg.QueryResultRow>({ name, text, values, types });
  return result.rows;
}

/** `fn` in one transaction on one connection: committed when it returns, rolled back when it throws. */
export async function transaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    const value = await fn(client);
    await client.query('COMMIT');
    client.release();
    return value;
  } catch (error) {
    // A broken connection is destroyed, not returned to the pool.
    const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
    client.release(rolledBack ? undefined : (error as Error));
    throw error;
  }
}
