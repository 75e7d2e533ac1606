import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export * from './generated/client';

// One client per process (Next's dev server reloads modules, hence the global).
const holder = globalThis as unknown as { __prisma?: PrismaClient };

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

export function db(): PrismaClient {
  holder.__prisma ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl(), max: poolSize() }) });
  return holder.__prisma;
}

export async function disconnectDb(): Promise<void> {
  await holder.__prisma?.$disconnect();
  holder.__prisma = undefined;
}
