import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createOpenStudy, makeImageSetZip, signIn, startParticipant } from './helpers';
import { readPdf } from './pdfText';

// Issue #12: a real recruitment. Draft edits, confirmations, upload messages, gallery; the decline path and
// the copy buttons; the grace period after closing; pilot answers kept out of every statistic and export;
// axe-core on the admin and results pages; the report printed to PDF with its per-prompt table.

async function expectNoSeriousViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${state}: serious or critical axe violations`).toEqual([]);
}

/** Answers every remaining trial with `key`, waiting for each pair to load. */
async function answerAll(page: Pick<Page, 'getByTestId' | 'getByRole'>, press: (key: string) => Promise<void>, key = '3') {
  const done = page.getByTestId('completion-code');
  for (let i = 0; i < 40 && !(await done.isVisible()); i++) {
    const similar = page.getByRole('button', { name: /Similar/ });
    await expect(similar.or(done)).toBeVisible();
    if (await done.isVisible()) break;
    await expect(similar).toBeEnabled();
    const counter = await page.getByTestId('trial-counter').innerText();
    await press(key);
    await expect(page.getByTestId('trial-counter').or(done)).not.toHaveText(counter);
  }
  await expect(done).toBeVisible();
}

async function participantPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], ...options });
  return context.newPage();
}

test('admin: create, upload errors and confirmation, warnings, draft edits saved, confirmations, gallery flip, frozen fields 409, delete', async ({ page }) => {
  await signIn(page);
  await page.getByLabel('Internal title').fill('E2E recruitment: dense vs RAS 50 %');
  await page.getByLabel('Participant title').fill('Compare two pictures');
  await page.getByLabel('Trials per participant').fill('5');
  await page.getByLabel('Attention-check rate (0–0.5)').fill('0');
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('draft');
  const studyId = page.url().split('/').pop()!;
  await expectNoSeriousViolations(page, 'admin study page, empty draft');

  // A file that is not a zip: a message, and nothing written (through the UI and the API).
  await page.getByLabel('Zip').setInputFiles({ name: 'set.zip', mimeType: 'application/zip', buffer: Buffer.from('this is not a zip archive') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('form-error')).toContainText('not a zip archive');
  const refused = await page.request.post(`/api/studies/${studyId}/images`, { multipart: { zip: { name: 'x.zip', mimeType: 'application/zip', buffer: Buffer.from('PK nope') } } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toContain('not a zip archive');
  expect(((await (await page.request.get(`/api/studies/${studyId}`)).json()) as { study: { conditions: unknown[] } }).study.conditions).toEqual([]);

  // A good upload: a confirmation with counts; comparisons counted at once; the trials warning.
  await page.getByLabel('Zip').setInputFiles(await makeImageSetZip(3));
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('upload-result')).toContainText('6 images of 3 prompts in 2 conditions (dense, ras-50), giving 3 new comparisons');
  await expect(page.getByTestId('comparison-count')).toHaveText('3 comparisons');
  await expect(page.getByTestId('design-warnings')).toContainText("Trials per participant (5) exceed the study's 3 comparisons");

  // Draft edits are saved.
  const form = page.getByTestId('study-form');
  await form.locator('textarea[name="consentText"]').fill('Corrected consent text, no typo.');
  await form.getByLabel('Question above each pair').fill('Which picture looks better?');
  await form.getByLabel('Answer label 3').fill('About the same');
  await form.getByLabel('Trials per participant').fill('3');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(form.locator('textarea[name="consentText"]')).toHaveValue('Corrected consent text, no typo.');
  await expect(form.getByLabel('Answer label 3')).toHaveValue('About the same');
  await expect(page.getByTestId('design-warnings')).toHaveCount(0);

  // The gallery: enlarge, flip between A and B.
  await page.getByRole('button', { name: /Enlarge “emoji number 0”/ }).click();
  const enlarged = page.getByTestId('gallery-enlarged');
  await expect(enlarged.getByTestId('enlarged-condition')).toHaveText(['dense', 'ras-50']);
  await enlarged.getByRole('button', { name: 'Flip A/B (F)' }).click();
  await expect(enlarged.getByTestId('enlarged-condition')).toHaveText(['dense']);
  await page.keyboard.press('f');
  await expect(enlarged.getByTestId('enlarged-condition')).toHaveText(['ras-50']);
  await enlarged.getByRole('button', { name: 'Close' }).click();
  await expect(enlarged).toBeHidden();

  // Open: a confirmation first; Cancel changes nothing.
  await page.getByRole('button', { name: 'Open study' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open this study?' });
  await expect(dialog).toContainText('The analysis plan is frozen');
  await expectNoSeriousViolations(page, 'open confirmation');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('draft');
  await page.getByRole('button', { name: 'Open study' }).click();
  await dialog.getByRole('button', { name: 'Yes, open the study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('open');

  // After opening: frozen fields greyed out, and refused by the API with the reason; editable ones saved.
  await expect(page.getByTestId('frozen-note')).toBeVisible();
  await expect(form.locator('textarea[name="consentText"]')).toBeDisabled();
  const frozen = await page.request.patch(`/api/studies/${studyId}`, { data: { consentText: 'Changed after opening' } });
  expect(frozen.status()).toBe(409);
  expect((await frozen.json()).error).toMatch(/consentText cannot change: the study has opened/);
  const after = (await (await page.request.get(`/api/studies/${studyId}`)).json()) as { study: { consentText: string; completionCode: string } };
  expect(after.study.consentText).toBe('Corrected consent text, no typo.');
  await form.getByLabel('Completion code').fill('NEW-CODE-7');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();
  expect(((await (await page.request.get(`/api/studies/${studyId}`)).json()) as typeof after).study.completionCode).toBe('NEW-CODE-7');
  await expectNoSeriousViolations(page, 'admin study page, open');

  // Close and delete, each confirmed.
  await page.getByRole('button', { name: 'Close study' }).click();
  const close = page.getByRole('dialog', { name: 'Close this study?' });
  await expect(close).toContainText('60-minute grace period');
  await close.getByRole('button', { name: 'Yes, close the study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('closed');
  await page.getByRole('button', { name: 'Delete study' }).click();
  await page.getByRole('dialog', { name: 'Delete this study?' }).getByRole('button', { name: 'Yes, delete it for good' }).click();
  await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible();
  expect((await page.request.get(`/api/studies/${studyId}`)).status()).toBe(404);
  await expectNoSeriousViolations(page, 'admin study list');
});

test('participant: the decline path with its code and redirect; the completion code copied; device and tab switches recorded', async ({ page, browser, baseURL }) => {
  await signIn(page);
  const study = await createOpenStudy(page, await makeImageSetZip(3), {
    title: 'E2E decline',
    trialsPerParticipant: 3,
    participantTitle: 'Picture study',
    declineCode: 'NO-CONSENT-1',
    declineRedirectUrl: `${baseURL}/login?declined=1`,
    completionCode: 'DONE-COPY-9',
  });

  const declining = await participantPage(browser);
  await declining.goto(`/s/${study.slug}`);
  await expect(declining.getByRole('heading', { name: 'Picture study' })).toBeVisible();
  await expect(declining.getByText('E2E decline')).toHaveCount(0);
  await declining.getByRole('button', { name: 'I do not agree' }).click();
  await expect(declining.getByRole('heading', { name: 'You chose not to take part' })).toBeFocused();
  await expect(declining.getByTestId('decline-code')).toHaveText('NO-CONSENT-1');
  await expectNoSeriousViolations(declining, 'declined');
  await declining.getByRole('button', { name: 'Copy code' }).click();
  await expect(declining.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await declining.evaluate(() => navigator.clipboard.readText())).toBe('NO-CONSENT-1');
  await declining.getByRole('link', { name: 'Return to where you found the study' }).click();
  await declining.waitForURL(/declined=1/);

  // A phone: device class, viewport and screen go with every vote, and one switch away from the page.
  const phone = await participantPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await startParticipant(phone, study.slug);
  await expect(phone.getByRole('button', { name: /Similar/ })).toBeEnabled();
  await phone.evaluate(() => {
    window.dispatchEvent(new Event('blur'));
    window.dispatchEvent(new Event('focus'));
  });
  await answerAll(phone, (k) => phone.keyboard.press(k));
  await expect(phone.getByTestId('completion-code')).toHaveText('DONE-COPY-9');
  await phone.getByRole('button', { name: 'Copy code' }).click();
  await expect(phone.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await phone.evaluate(() => navigator.clipboard.readText())).toBe('DONE-COPY-9');

  const votes = (await (await page.request.get(`/api/studies/${study.id}/export/votes?format=json`)).json()) as Record<string, unknown>[];
  expect(votes).toHaveLength(3);
  for (const v of votes) expect(v).toMatchObject({ device_class: 'phone', viewport_width: 390, viewport_height: 844, screen_width: 390, screen_height: 844 });
  expect(votes.map((v) => v.focus_losses)).toEqual([1, 0, 0]);
  const flow = ((await (await page.request.get(`/api/studies/${study.id}/analysis`)).json()) as { flow: { started: number } }).flow;
  expect(flow.started).toBe(1); // declining recorded nobody
});

test('grace period: a participant mid-way when the study closes finishes and sees the code; new starts are refused; after the grace answers are refused', async ({ page, browser }) => {
  await signIn(page);
  const study = await createOpenStudy(page, await makeImageSetZip(3), { title: 'E2E grace', trialsPerParticipant: 3, completionCode: 'GRACE-OK' });
  const early = await participantPage(browser);
  await startParticipant(early, study.slug);
  const late = await participantPage(browser);
  await startParticipant(late, study.slug);
  await expect(early.getByRole('button', { name: /Similar/ })).toBeEnabled();
  await early.keyboard.press('3');
  await expect(early.getByTestId('trial-counter')).toHaveText('2 / 3');

  expect((await page.request.post(`/api/studies/${study.id}/status`, { data: { status: 'CLOSED' } })).status()).toBe(200);
  await early.reload();
  await expect(early.getByTestId('trial-counter')).toHaveText('2 / 3');
  await answerAll(early, (k) => early.keyboard.press(k));
  await expect(early.getByTestId('completion-code')).toHaveText('GRACE-OK');
  await early.reload();
  await expect(early.getByTestId('completion-code')).toHaveText('GRACE-OK');

  const newcomer = await participantPage(browser);
  await newcomer.goto(`/s/${study.slug}`);
  await expect(newcomer.getByRole('heading', { name: 'This study is closed' })).toBeVisible();
  expect((await newcomer.request.post(`/api/p/${study.slug}/start`, { data: { consent: true, params: {} } })).status()).toBe(409);

  // The grace period over (set to 0 minutes): the late participant's answers are refused, the page says closed.
  expect((await page.request.patch(`/api/studies/${study.id}`, { data: { closeGraceMinutes: 0 } })).status()).toBe(200);
  const state = (await (await late.request.get(`/api/p/${study.slug}/state`)).json()) as { trial: { trialId: string } };
  const vote = await late.request.post(`/api/p/${study.slug}/vote`, { data: { trialId: state.trial.trialId, choice: 3, responseMs: 1000, idempotencyKey: 'late-after-grace' } });
  expect(vote.status()).toBe(409);
  expect((await vote.json()).error).toMatch(/grace period .* ended/);
  await late.reload();
  await expect(late.getByRole('heading', { name: 'This study is closed' })).toBeVisible();
});

/** Every export and figure of a study, with the moment of generation left out, to compare before and after. */
async function everything(page: Page, studyId: string) {
  const get = async (url: string) => (await (await page.request.get(url)).text()).replace(/"generatedAt": "[^"]+"/, '');
  const files: Record<string, string> = {};
  for (const kind of ['votes', 'comparisons', 'participants', 'configurations']) {
    for (const format of ['csv', 'json']) files[`${kind}.${format}`] = await get(`/api/studies/${studyId}/export/${kind}?format=${format}`);
  }
  files['stats.json'] = await get(`/api/studies/${studyId}/export/stats`);
  files.analysis = await get(`/api/studies/${studyId}/analysis`);
  const list = (await (await page.request.get('/api/studies')).json()) as { studies: { id: string; participants: number; votes: number; answers: number }[] };
  files.list = JSON.stringify(list.studies.filter((s) => s.id === studyId).map((s) => [s.participants, s.votes, s.answers]));
  await page.goto(`/results/${studyId}/report`);
  files.report = (await page.getByTestId('methods').innerText()) + (await page.getByTestId('findings').innerText());
  return files;
}

test('pilot mode: an admin takes the study blinded in a phone frame; its answers reach no statistic and no export', async ({ page }) => {
  await signIn(page);
  const zip = await makeImageSetZip(4);
  const study = await createOpenStudy(page, zip, { title: 'E2E pilot', trialsPerParticipant: 4, attentionCheckRate: 0.25 });
  execFileSync('node_modules/.bin/tsx', ['scripts/seed-votes.ts', study.id, '--scores=1,0,-1,2'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR!, DATABASE_URL: '' },
    stdio: 'inherit',
  });
  const before = await everything(page, study.id);

  await page.goto(`/admin/studies/${study.id}`);
  await page.getByRole('button', { name: 'Start a pilot run' }).click();
  // The phone-frame preview frames the participant page (390 × 844); the pilot itself is taken here at the
  // same size in the page's own tab, so this test does not depend on the frame-ancestors policy.
  await expect(page.getByTestId('phone-frame').locator('iframe')).toHaveAttribute('src', `/s/${study.slug}`);
  await expect(page.getByTestId('phone-frame').locator('iframe')).toHaveAttribute('width', '390');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/s/${study.slug}`);
  await expect(page.getByTestId('pilot-banner')).toBeVisible();
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('trial-counter')).toHaveText(/^1 \/ \d+$/);
  expect(await page.locator('body').innerText()).not.toMatch(/dense|ras-50|emoji number/);
  await answerAll(page, () => page.getByRole('button', { name: /Left clearly better/ }).click());
  await page.setViewportSize({ width: 1280, height: 720 });

  const after = await everything(page, study.id);
  for (const key of Object.keys(before)) expect(after[key], `${key} after the pilot`).toBe(before[key]);
  await page.goto(`/admin/studies/${study.id}`);
  await expect(page.getByText('1 pilot run so far.')).toBeVisible();

  // axe-core on the admin and results pages of a study with data; the results page fits a phone.
  await expectNoSeriousViolations(page, 'admin study page with a pilot');
  await page.goto('/results');
  await expectNoSeriousViolations(page, 'results list');
  await page.goto(`/results/${study.id}`);
  await expect(page.getByTestId('per-prompt-table').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'results page');
  await page.goto(`/results/${study.id}/report`);
  await expectNoSeriousViolations(page, 'report');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/results/${study.id}`);
  await expect(page.getByTestId('count-votes')).toBeVisible();
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      // Wide tables scroll inside their own box (overflow-x-auto); nothing else may stick out.
      .filter((el) => !el.closest('[role=region]') && el.getBoundingClientRect().right > 391 && ![...el.children].some((c) => c.getBoundingClientRect().right > 391))
      .slice(0, 5)
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
  );
  expect(wide, 'elements wider than the phone').toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousViolations(page, 'results page on a phone');
  const signedOut = await (await page.context().browser()!.newContext()).newPage();
  await signedOut.goto('/login');
  await expectNoSeriousViolations(signedOut, 'login');
});

test('the report prints to PDF: A4 pages with captions, the per-prompt table with n, mean, interval and Holm p', async ({ page }) => {
  await signIn(page);
  const study = await createOpenStudy(page, await makeImageSetZip(4), { title: 'E2E report', trialsPerParticipant: 4, attentionCheckRate: 0 });
  execFileSync('node_modules/.bin/tsx', ['scripts/seed-votes.ts', study.id, '--scores=1,0,-1,2,1,0'], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR!, DATABASE_URL: '' },
    stdio: 'inherit',
  });
  await page.goto(`/results/${study.id}/report`);
  await expect(page.getByTestId('per-prompt-table')).toBeVisible();
  const pdf = readPdf(await page.pdf({ preferCSSPageSize: true }));
  await test.info().attach('report.pdf', { body: await page.pdf({ preferCSSPageSize: true }), contentType: 'application/pdf' });
  expect(Math.abs(pdf.mediaBox[2]! - 595.3)).toBeLessThan(2); // A4: 210 × 297 mm in points
  expect(Math.abs(pdf.mediaBox[3]! - 841.9)).toBeLessThan(2);
  expect(pdf.pages).toBeGreaterThanOrEqual(2);
  expect(pdf.pages).toBeLessThanOrEqual(6);
  // Chromium splits words at kerning pairs ("T" "able"): compare without white space.
  const compact = (s: string) => s.replace(/\s+/g, '');
  for (const text of ['Participant flow', 'Methods', 'Figure 1.', 'Figure 2.', 'Figure 3.', 'Table 1.', 'Sign test p (Holm)', 'Wilcoxon p (Holm)', '95 % interval', "Krippendorff's α"]) {
    expect(compact(pdf.text), text).toContain(compact(text));
  }
  // One row per prompt: its text, n = 6 votes, the mean of the six scores (0.50), an interval.
  for (let p = 0; p < 4; p++) expect(pdf.text).toMatch(new RegExp(`emoji number ${p}\\n6\\n0\\.50\\n-?\\d\\.\\d\\d to \\d\\.\\d\\d`));
  // No axis tick like 100.00000000000001 %; the legend in scale order.
  expect(pdf.text).not.toMatch(/\d\.\d{6,}/);
  await expect(page.getByRole('list', { name: 'Legend, in scale order' }).first().getByRole('listitem')).toHaveText([
    'dense clearly better',
    'dense slightly better',
    'Similar',
    'ras-50 slightly better',
    'ras-50 clearly better',
  ]);
});
