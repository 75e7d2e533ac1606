import fs from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { latestSchemaSnapshot } from '../../server/db/migrate';
import { diffSchemas, SCHEMA_PATH } from '../../server/db/schemaEngine';
import { freshDatabase } from './db';

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = async (sql: string) => (await client.query(sql)).rows.map((r) => JSON.stringify(r)).sort();
  const result = {
    columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`),
    constraints: await q(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')`),
    enums: await q(`SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid`),
  };
  await client.end();
  return result;
}

describe('migrations match prisma/schema.prisma', () => {
  it('the latest migration was made from the current schema (else: npm run db:migration -- <name>)', () => {
    expect(latestSchemaSnapshot()).toBe(fs.readFileSync(SCHEMA_PATH, 'utf8'));
  });

  it('a database built by the migrations equals one built straight from the schema', async () => {
    const migrated = await freshDatabase();
    const direct = await freshDatabase();
    const client = new pg.Client({ connectionString: direct });
    await client.connect();
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await client.query(await diffSchemas(direct, null, fs.readFileSync(SCHEMA_PATH, 'utf8')));
    await client.end();
    const [a, b] = [await catalog(migrated), await catalog(direct)];
    expect(a.columns.length).toBeGreaterThan(20);
    for (const key of Object.keys(a) as (keyof typeof a)[]) {
      expect(a[key].filter((x) => !b[key].includes(x)), `${key} only in the migrated database`).toEqual([]);
      expect(b[key].filter((x) => !a[key].includes(x)), `${key} only in the schema-built database`).toEqual([]);
    }
  });
});
