import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { closePgPool, databaseUrl, pgPool } from './sql';

export * from './generated/client';
export { databaseUrl };

// One client per process (Next's dev server reloads modules, hence the global).
const holder = globalThis as unknown as { __prisma?: PrismaClient };

/** Prisma's interactive transactions: waiting for a pooled connection under a burst is queueing, not failure. */
export const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 30_000 } as const;

export function db(): PrismaClient {
  holder.__prisma ??= new PrismaClient({ adapter: new PrismaPg(pgPool()) });
  return holder.__prisma;
}

export async function disconnectDb(): Promise<void> {
  await holder.__prisma?.$disconnect();
  holder.__prisma = undefined;
  await closePgPool();
}
