import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/db/embedded';

// One disposable PostgreSQL server for the integration suite; every test file makes its own database on it.
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-it-'));
  fs.chmodSync(dir, 0o777);
  const server = process.env.TEST_DATABASE_SERVER_URL ? null : await startEmbeddedPostgres(dir);
  project.provide('pgServerUrl', process.env.TEST_DATABASE_SERVER_URL ?? server!.url);
  return async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}
