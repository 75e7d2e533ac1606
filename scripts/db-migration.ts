// Writes a new migration: the SQL from the schema of the latest migration to prisma/schema.prisma.
// Usage: npm run db:migration -- <snake_case_name>   (uses DATABASE_URL's server if set, else a temporary one)
import fs from 'node:fs';
import path from 'node:path';
import { latestSchemaSnapshot, MIGRATIONS_DIR } from '../server/db/migrate';
import { diffSchemas, SCHEMA_PATH } from '../server/db/schemaEngine';
import { withScratchDatabase } from '../server/db/scratch';

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('Usage: npm run db:migration -- <snake_case_name>');
  const schema = fs.readFileSync(SCHEMA_PATH, 'utf8');
  const previous = latestSchemaSnapshot();
  const sql = await withScratchDatabase((url) => diffSchemas(url, previous, schema), process.env.DATABASE_URL);
  if (!sql) {
    console.log('schema.prisma matches the migrations: nothing to write.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
  fs.writeFileSync(path.join(dir, 'schema.prisma'), schema);
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
