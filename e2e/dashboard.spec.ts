import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { makeImageSetZip, signIn } from './helpers';

// Seeded votes with known answers: participant 1 gives −2 everywhere and fails one attention check (excluded);
// the six others give 0, 0, +1, −1, +2, 0 to every comparison (scores of dense over ras-50). Expected values
// from R 4.2.2: binom.test(8, 12)$p.value = 0.3876953125; TOST on the participant means c(0,0,1,-1,2,0) with
// margin 0.25: max of the one-sided t.test p-values = 0.5744456607, 90 % interval [−0.516, 1.183].
test('the plan freezes at opening; the dashboard, report and downloads show it, and an exploratory analysis as such', async ({ page }) => {
  await signIn(page);
  const created = await page.request.post('/api/studies', {
    data: { title: 'E2E statistics', instructions: 'i', consentText: 'c', trialsPerParticipant: 4, targetVotesPerComparison: 10, attentionCheckRate: 0.25, completionCode: 'S' },
  });
  const { study } = (await created.json()) as { study: { id: string } };
  const upload = await page.request.post(`/api/studies/${study.id}/images`, {
    multipart: { zip: { name: 'set.zip', mimeType: 'application/zip', buffer: fs.readFileSync(await makeImageSetZip(4)) } },
  });
  expect(upload.status()).toBe(201);

  // 1. The plan, in draft: a bad value is refused with its message, a good one saved; the sample size shows.
  await page.goto(`/admin/studies/${study.id}`);
  const plan = page.getByTestId('plan-form');
  await expect(plan.getByTestId('plan-state')).toContainText('opening the study freezes this plan');
  await plan.getByLabel('Alpha').fill('0.7');
  await plan.getByRole('button', { name: 'Save plan' }).click();
  await expect(plan.getByTestId('form-error')).toContainText('alpha must be in (0, 0.5]');
  await plan.getByLabel('Alpha').fill('0.05');
  await plan.getByRole('button', { name: 'Save plan' }).click();
  await expect(plan.getByText('Saved.')).toBeVisible();
  await expect(page.getByTestId('sample-size-result')).toContainText(/\d+ participants \(power 0\.\d\d\), \d+ votes per comparison/);

  // 2. Opening freezes it: the form turns read-only and the API answers 409, changing nothing.
  await page.getByRole('button', { name: 'Open study' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, open the study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('open');
  await expect(plan.getByTestId('plan-state')).toContainText('Frozen when the study opened');
  await expect(plan.getByLabel('Equivalence margin (± on −2…+2)')).toBeDisabled();
  const refused = await page.request.put(`/api/studies/${study.id}/plan`, { data: { margin: 1.5 } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error).toContain('frozen when the study opened');
  expect(((await (await page.request.get(`/api/studies/${study.id}/plan`)).json()) as { plan: { settings: { margin: number } } }).plan.settings.margin).toBe(0.25);

  execFileSync('node_modules/.bin/tsx', ['scripts/seed-votes.ts', study.id, '--scores=-2,0,0,1,-1,2,0', '--fail-checks', '1'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR!, DATABASE_URL: '' },
    stdio: 'inherit',
  });

  // 3. The dashboard under the plan
  await page.goto(`/results/${study.id}`);
  await expect(page.getByTestId('analysis-label')).toContainText('the analysis plan frozen when the study opened');
  await expect(page.getByTestId('count-votes')).toHaveText('24');
  await expect(page.getByTestId('count-participants')).toHaveText('6');
  await expect(page.getByTestId('flow-started')).toHaveText('7');
  await expect(page.getByTestId('flow-excluded-checks')).toHaveText('1');
  const findings = page.getByTestId('findings');
  await expect(findings).toContainText('1 of 7 participants and 4 of 28 votes excluded');
  await expect(findings).toContainText('Of 24 votes, 50.0 % found both similar, 33.3 % preferred dense and 16.7 % preferred ras-50.');
  await expect(findings).toContainText('Among the 12 votes with a preference, dense was preferred in 66.7 %');
  await expect(findings).toContainText('exact sign test p = 0.388');
  await expect(findings).toContainText('Equivalence of ras-50 and dense within ±0.25 is not shown: TOST on participant means p = 0.574, 90 % CI of the mean score [−0.52, +1.18]');
  await expect(page.getByTestId('participants-table')).toContainText('excluded: failed attention checks');

  // 4. Another margin only as a named exploratory analysis: refused when invalid, labelled when shown.
  await page.getByRole('button', { name: 'New exploratory analysis…' }).click();
  await page.getByLabel('Name').fill('wide margin');
  const margin = page.getByLabel('Equivalence margin (±)');
  await margin.fill('0');
  await page.getByRole('button', { name: 'Save and show' }).click();
  await expect(page.getByTestId('form-error')).toContainText('margin must be greater than 0');
  await margin.fill('abc');
  await page.getByRole('button', { name: 'Save and show' }).click();
  await expect(page.getByTestId('form-error')).toContainText('margin must be a number, got "abc"');
  await margin.fill('1.5');
  await page.getByRole('button', { name: 'Save and show' }).click();
  await expect(findings).toContainText('ras-50 is equivalent to dense within ±1.5');
  await expect(page.getByTestId('analysis-label')).toContainText('EXPLORATORY analysis “wide margin” (by admin');

  // 5. Downloads say which analysis they used
  const { analyses } = (await (await page.request.get(`/api/studies/${study.id}/analyses`)).json()) as { analyses: { id: string; name: string }[] };
  const exploratory = analyses.find((a) => a.name === 'wide margin')!;
  const csv = await (await page.request.get(`/api/studies/${study.id}/export/votes?format=csv`)).text();
  const lines = csv.trim().split('\n');
  expect(lines).toHaveLength(1 + 7 * 6);
  expect(lines[0]!.endsWith(',kept,analysis')).toBe(true);
  expect(lines.slice(1).every((l) => l.includes('the analysis plan frozen when the study opened'))).toBe(true);
  const stats = (await (await page.request.get(`/api/studies/${study.id}/export/stats?analysis=${exploratory.id}`)).json()) as {
    analysisUsed: { kind: string; name: string };
    analysis: { settings: { margin: number; bootstrap: { seed: number } }; pairs: { signTest: { pValue: number } }[] };
  };
  expect(stats.analysisUsed).toMatchObject({ kind: 'exploratory', name: 'wide margin' });
  expect(stats.analysis.settings.margin).toBe(1.5);
  expect(stats.analysis.settings.bootstrap.seed).toBe(20250101);
  expect(stats.analysis.pairs[0].signTest.pValue).toBeCloseTo(0.3876953125, 4);
  const comparisons = (await (await page.request.get(`/api/studies/${study.id}/export/comparisons?format=json`)).json()) as { votes: number; similar: number }[];
  expect(comparisons).toHaveLength(4);
  expect(comparisons.reduce((s, c) => s + c.votes, 0)).toBe(24);
  expect(comparisons.reduce((s, c) => s + c.similar, 0)).toBe(12);
  const participants = await (await page.request.get(`/api/studies/${study.id}/export/participants?format=csv&analysis=${exploratory.id}`)).text();
  expect(participants.trim().split('\n')).toHaveLength(8);
  expect(participants).toContain('EXPLORATORY analysis “wide margin”');
  const adHoc = await page.request.get(`/api/studies/${study.id}/export/stats?margin=1.5`);
  expect(adHoc.status()).toBe(400);
  expect((await adHoc.json()).error).toContain('cannot be passed ad hoc');

  // 6. The report, under either
  await page.goto(`/results/${study.id}/report?analysis=${exploratory.id}`);
  await expect(page.getByTestId('analysis-label')).toContainText('EXPLORATORY analysis “wide margin”');
  await expect(page.getByTestId('methods')).toContainText('margin of ±1.5');
  await page.goto(`/results/${study.id}/report`);
  await expect(page.getByTestId('methods')).toContainText('The analysis follows the analysis plan frozen when the study opened');
  await expect(page.getByTestId('methods')).toContainText('7 participants started; 7 completed, 0 dropped out and 0 were still in progress; 1 were excluded');
  await expect(page.getByTestId('methods')).toContainText('each answered 4 comparisons');
  await expect(page.getByTestId('report-pair-votes')).toHaveText('24');
});
