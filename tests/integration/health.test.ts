import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readiness } from '../../server/health';
import { S3ImageStore } from '../../server/storage/s3Store';
import { PostgresImageStore, setImageStore } from '../../server/storage/store';
import { freshDatabase } from './db';
import { db, disconnectDb } from '../../server/db/client';

describe('readiness', () => {
  beforeEach(async () => {
    await freshDatabase();
    setImageStore(new PostgresImageStore());
  });
  afterEach(() => setImageStore(new PostgresImageStore()));

  it('is ready with the database migrated and the store reachable', async () => {
    expect(await readiness()).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok', imageStore: 'ok' } });
  });

  it('names a migration that is not applied', async () => {
    const [last] = await db().$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`;
    await db().$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${last!.migration_name}`;
    const r = await readiness();
    expect(r.ready).toBe(false);
    expect(r.checks.migrations).toBe(`failing: 1 not applied (${last!.migration_name})`);
  });

  it('names an unreachable image store', async () => {
    process.env.S3_ENDPOINT = 'http://127.0.0.1:9';
    setImageStore(S3ImageStore.fromUrl('s3://offline-bucket/x'));
    const r = await readiness();
    expect(r.ready).toBe(false);
    expect(r.checks.imageStore).toMatch(/^failing: S3 bucket offline-bucket under x\/: /);
    delete process.env.S3_ENDPOINT;
  });

  it('says the database is unreachable', async () => {
    await disconnectDb();
    process.env.DATABASE_URL = 'postgresql://nobody:x@127.0.0.1:9/none';
    const r = await readiness();
    expect(r.ready).toBe(false);
    expect(r.checks.database).toMatch(/^failing: /);
    await disconnectDb();
  });
});
