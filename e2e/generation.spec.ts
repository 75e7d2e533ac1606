import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('upload a prompt set, generate with the fixture model, review, publish, vote, export with both configs', async ({ page, browser }) => {
  const prompts = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ras-prompts-')), 'prompts.csv');
  fs.writeFileSync(prompts, 'prompt,seed,tags\nred heart,7,love\nsmiling cat face,8,animal\nthumbs up,9,hand\nfire wearing hat,10,\n');

  await signIn(page);
  await page.getByLabel('Internal title').fill('E2E generated study');
  await page.getByLabel('Trials per participant').fill('3');
  await page.getByLabel('Attention-check rate (0–0.5)').fill('0');
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('draft');

  // 1. Prompt set and settings; the check lists the words the model does not know before anything is made
  await page.getByLabel(/Prompt set/).setInputFiles(prompts);
  await page.locator('select[name=modelDir]').selectOption('models/fixture');
  await page.getByLabel('Steps (blank: preset)').fill('8');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('unknown-words')).toContainText('wearing (line 5); hat (line 5)');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled();
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('form-error')).toContainText('Words the model does not know');
  await page.getByLabel(/Generate anyway/).check();
  await page.getByRole('button', { name: 'Generate' }).click();

  // 2. Progress, then the review gallery with the pair figures
  await expect(page.getByTestId('generation-progress')).toContainText('8 / 8 images', { timeout: 90_000 });
  await expect(page.getByTestId('gallery-prompt')).toHaveCount(4, { timeout: 30_000 });
  await expect(page.getByTestId('gallery-prompt').first()).toContainText(/PSNR|identical/);
  await expect(page.getByTestId('gallery-prompt').first()).toContainText('SSIM');

  // 3. Exclude one prompt, publish
  const exclude = page.getByTestId('gallery-prompt').filter({ hasText: 'fire wearing hat' }).getByLabel('exclude');
  await exclude.click();
  await expect(exclude).toBeChecked();
  await page.getByRole('button', { name: 'Publish and open' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, publish and open' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('open');
  await expect(page.getByTestId('comparison-count')).toHaveText('3 comparisons');
  const link = await page.getByTestId('participant-link').innerText();
  const studyId = page.url().split('/').pop()!;

  // 4. A participant completes it
  const context = await browser.newContext();
  const participant = await context.newPage();
  await participant.goto(link);
  await participant.getByRole('checkbox').check();
  await participant.getByRole('button', { name: 'Continue' }).click();
  await participant.getByRole('button', { name: 'Start' }).click();
  for (const key of ['1', '3', '5']) {
    await expect(participant.getByRole('button', { name: /Similar/ })).toBeEnabled();
    await participant.keyboard.press(key);
  }
  await expect(participant.getByTestId('completion-code')).toBeVisible();
  await context.close();

  // 5. The export holds the three votes with both conditions' configurations (by id: each once in its own export)
  const rows = (await (await page.request.get(`/api/studies/${studyId}/export/votes?format=json`)).json()) as Record<string, string | number>[];
  const configs = (await (await page.request.get(`/api/studies/${studyId}/export/configurations?format=json`)).json()) as { config_id: string; config: string }[];
  const config = (id: unknown) => JSON.parse(configs.find((c) => c.config_id === id)!.config);
  expect(rows).toHaveLength(3);
  for (const row of rows) {
    expect(row.condition_a).toBe('dense');
    expect(row.condition_b).toBe('ras-50');
    const a = config(row.condition_a_config_id);
    const b = config(row.condition_b_config_id);
    expect(a.mode).toBe('dense');
    expect(b.mode).toBe('ras');
    expect(b.sampler.sample_ratio).toBe(0.5);
    expect(a.sampler.num_inference_steps).toBe(8);
    expect(a.seed).toBe(row.seed);
    expect(a.model.hash).toBe(b.model.hash);
    expect(row.prompt).not.toBe('fire wearing hat');
  }
});
