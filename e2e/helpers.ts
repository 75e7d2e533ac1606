import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { expect, type Page } from '@playwright/test';

export const ADMIN = { username: 'admin', password: 'e2e-admin-password' };

/** A zip with `prompts` prompts × 2 conditions of small distinct images; returns its path. */
export async function makeImageSetZip(prompts: number, conditions = ['dense', 'ras-50']): Promise<string> {
  const files: Record<string, Uint8Array> = {};
  const lines = ['prompt,seed,condition,file,tags'];
  for (let p = 0; p < prompts; p++) {
    for (const [ci, c] of conditions.entries()) {
      const png = await sharp({ create: { width: 24, height: 24, channels: 3, background: { r: 30 + p * 40, g: 60 + ci * 120, b: 90 } } }).png().toBuffer();
      files[`${c}_${p}.png`] = png;
      lines.push(`emoji number ${p},${100 + p},${c},${c}_${p}.png,e2e`);
    }
  }
  files['manifest.csv'] = Buffer.from(lines.join('\n'));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ras-zip-')), 'set.zip');
  fs.writeFileSync(file, zipSync(files));
  return file;
}

export async function signIn(page: Page) {
  await page.goto('/login?next=/admin');
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible();
}
