import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `ras-e2e-${process.pid}`);
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
  globalTeardown: './e2e/teardown.ts',
  // START_RATE_LIMIT=0: every simulated participant of the suite starts from one address (127.0.0.1).
  webServer: {
    command: 'npm start',
    url: `http://127.0.0.1:${port}/login`,
    timeout: 400_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD: 'e2e-admin-password', DATABASE_URL: process.env.E2E_DATABASE_URL ?? '', DEMO: '0', GENERATION_SWEEP_SECONDS: '2', START_RATE_LIMIT: '0' },
  },
});
