import path from 'node:path';
import { db } from './db/client';
import { readMigrations } from './db/migrate';
import { imageStore } from './storage/store';

export interface Readiness {
  ready: boolean;
  checks: { database: string; migrations: string; imageStore: string };
}

const fail = (error: unknown) => `failing: ${(error as Error).message.split('\n')[0]}`;

/**
 * Whether this process can serve: the database answers, every committed migration is applied, and the image
 * store answers. Each check says what failed, for a load balancer's log and a person reading it.
 */
export async function readiness(migrationsDir = path.join(process.cwd(), 'prisma', 'migrations')): Promise<Readiness> {
  const checks = { database: 'ok', migrations: 'ok', imageStore: 'ok' };
  try {
    await db().$queryRaw`SELECT 1`;
    const applied = await db().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const names = new Set(applied.map((r) => r.migration_name));
    const pending = readMigrations(migrationsDir).filter((m) => !names.has(m.name));
    if (pending.length) checks.migrations = `failing: ${pending.length} not applied (${pending.map((m) => m.name).join(', ')})`;
  } catch (error) {
    checks.database = fail(error);
    checks.migrations = 'unknown: no database';
  }
  const store = imageStore();
  try {
    await store.ping();
  } catch (error) {
    checks.imageStore = `failing: ${store.description}: ${(error as Error).message.split('\n')[0]}`;
  }
  return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}
