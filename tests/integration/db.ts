import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { disconnectDb } from '../../server/db/client';
import { applyMigrations } from '../../server/db/migrate';

/** A fresh database with the committed migrations, and a fresh DATA_DIR; the app's modules are pointed at both. */
export async function freshDatabase(): Promise<string> {
  const serverUrl = inject('pgServerUrl');
  const name = `it_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  await disconnectDb();
  process.env.DATABASE_URL = url.toString();
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-data-'));
  return url.toString();
}
