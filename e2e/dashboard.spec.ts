import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { makeImageSetZip, signIn } from './helpers';

// Seeded votes with known answers: participant 1 gives −2 everywhere and fails its attention check (excluded);
// the six others give 0, 0, +1, −1, +2, 0 to every comparison (scores of dense over ras-50). Expected values
// from R 4.2.2: binom.test(8, 12)$p.value = 0.3876953125; TOST on the participant means c(0,0,1,-1,2,0) with
// margin 0.25: max of the one-sided t.test p-values = 0.5744456607, 90 % interval [−0.516, 1.183].
test('a study with seeded votes shows the expected figures on the dashboard and in the downloads', async ({ page }) => {
  await signIn(page);
  const created = await page.request.post('/api/studies', {
    data: { title: 'E2E statistics', instructions: 'i', consentText: 'c', trialsPerParticipant: 4, targetVotesPerComparison: 10, attentionCheckRate: 0.25, completionCode: 'S' },
  });
  const { study } = (await created.json()) as { study: { id: string } };
  const upload = await page.request.post(`/api/studies/${study.id}/images`, {
    multipart: { zip: { name: 'set.zip', mimeType: 'application/zip', buffer: fs.readFileSync(await makeImageSetZip(4)) } },
  });
  expect(upload.status()).toBe(201);
  await page.request.post(`/api/studies/${study.id}/status`, { data: { status: 'OPEN' } });
  execFileSync('node_modules/.bin/tsx', ['scripts/seed-votes.ts', study.id, '--scores=-2,0,0,1,-1,2,0', '--fail-checks', '1'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR!, DATABASE_URL: '' },
    stdio: 'inherit',
  });

  await page.goto(`/results/${study.id}`);
  await expect(page.getByTestId('count-votes')).toHaveText('28');
  await expect(page.getByTestId('count-participants')).toHaveText('7');
  const findings = page.getByTestId('findings');
  await expect(findings).toContainText('1 of 7 participants and 4 of 28 votes excluded');
  await expect(findings).toContainText('Of 24 votes, 50.0 % found both similar, 33.3 % preferred dense and 16.7 % preferred ras-50.');
  await expect(findings).toContainText('Among the 12 votes with a preference, dense was preferred in 66.7 %');
  await expect(findings).toContainText('exact sign test p = 0.388');
  await expect(findings).toContainText('Equivalence of ras-50 and dense within ±0.25 is not shown: TOST on participant means p = 0.574, 90 % CI of the mean score [−0.52, +1.18]');
  await expect(page.getByTestId('participants-table')).toContainText('excluded');

  // A margin of 0 or a non-number is refused with a clear message; a valid one changes the conclusion
  const margin = page.getByLabel('Equivalence margin (±, on −2…+2)');
  await margin.fill('0');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('form-error')).toContainText('margin must be greater than 0');
  await margin.fill('abc');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('form-error')).toContainText('margin must be a number, got "abc"');
  await margin.fill('1.5');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(findings).toContainText('ras-50 is equivalent to dense within ±1.5');

  // Downloads
  const csv = await (await page.request.get(`/api/studies/${study.id}/export/votes?format=csv`)).text();
  expect(csv.trim().split('\n')).toHaveLength(1 + 7 * 5);
  const stats = (await (await page.request.get(`/api/studies/${study.id}/export/stats?margin=1.5`)).json()) as {
    analysis: { settings: { margin: number; bootstrap: { seed: number } }; pairs: { signTest: { pValue: number }; equivalence: { perParticipant: { pValue: number } } }[] };
  };
  expect(stats.analysis.settings.margin).toBe(1.5);
  expect(stats.analysis.settings.bootstrap.seed).toBe(20250101);
  expect(stats.analysis.pairs[0].signTest.pValue).toBeCloseTo(0.3876953125, 4);
  const comparisons = (await (await page.request.get(`/api/studies/${study.id}/export/comparisons?format=json`)).json()) as { votes: number; similar: number; a_clearly_better: number }[];
  expect(comparisons).toHaveLength(4);
  expect(comparisons.reduce((s, c) => s + c.votes, 0)).toBe(24);
  expect(comparisons.reduce((s, c) => s + c.similar, 0)).toBe(12);
  const participants = await (await page.request.get(`/api/studies/${study.id}/export/participants?format=csv`)).text();
  expect(participants.trim().split('\n')).toHaveLength(8);
  expect(participants.split('\n').filter((l) => l.includes(',true,')).length).toBe(1);
  const refused = await page.request.get(`/api/studies/${study.id}/export/stats?margin=-1`);
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toContain('margin must be greater than 0');

  await page.goto(`/results/${study.id}/report?margin=1.5`);
  await expect(page.getByTestId('methods')).toContainText('margin of ±1.5');
});
