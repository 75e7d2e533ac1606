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
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible({ timeout: 30_000 }); // the first sign-in hashes with argon2 on a possibly busy machine
}

/**
 * Like makeImageSetZip, with images of `size`×`size` px: a coloured disc on a tinted ground, so a screenshot
 * shows how they are scaled.
 */
export async function makeSizedImageSetZip(prompts: number, size: number, conditions = ['dense', 'ras-50']): Promise<string> {
  const files: Record<string, Uint8Array> = {};
  const lines = ['prompt,seed,condition,file,tags'];
  for (let p = 0; p < prompts; p++) {
    for (const [ci, c] of conditions.entries()) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="rgb(${200 - p * 30},${220 - ci * 40},240)"/><circle cx="${size / 2}" cy="${size / 2}" r="${size * (0.3 + 0.04 * ci)}" fill="rgb(${30 + p * 40},${60 + ci * 120},90)"/></svg>`;
      files[`${c}_${p}.png`] = await sharp(Buffer.from(svg)).png().toBuffer();
      lines.push(`shape number ${p},${100 + p},${c},${c}_${p}.png,e2e`);
    }
  }
  files['manifest.csv'] = Buffer.from(lines.join('\n'));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ras-zip-')), 'set.zip');
  fs.writeFileSync(file, zipSync(files));
  return file;
}

/** Through the HTTP API as a signed-in admin (`page`): creates a study, uploads `zip`, opens it. */
export async function createOpenStudy(
  page: Page,
  zip: string,
  settings: { title?: string; trialsPerParticipant?: number; targetVotesPerComparison?: number; attentionCheckRate?: number; completionCode?: string } & Record<string, unknown> = {},
): Promise<{ id: string; slug: string }> {
  const created = await page.request.post('/api/studies', {
    data: { title: 'E2E study', instructions: 'Compare the two images.', consentText: 'You agree to take part.', trialsPerParticipant: 4, targetVotesPerComparison: 100, attentionCheckRate: 0, completionCode: 'E2E-DONE', ...settings },
  });
  expect(created.status()).toBe(201);
  const { study } = (await created.json()) as { study: { id: string; slug: string } };
  const upload = await page.request.post(`/api/studies/${study.id}/images`, {
    multipart: { zip: { name: 'set.zip', mimeType: 'application/zip', buffer: fs.readFileSync(zip) } },
  });
  expect(upload.status()).toBe(201);
  expect((await page.request.post(`/api/studies/${study.id}/status`, { data: { status: 'OPEN' } })).status()).toBe(200);
  return study;
}

/** A participant page through consent and instructions to its first trial. */
export async function startParticipant(page: Page, slug: string) {
  await page.goto(`/s/${slug}`);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('trial-counter')).toHaveText(/^1 \/ \d+$/);
}
