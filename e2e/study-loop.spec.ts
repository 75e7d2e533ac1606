import { expect, test } from '@playwright/test';
import { makeImageSetZip, signIn } from './helpers';

test('admin builds a study, a participant completes it blind, the export holds exactly the votes', async ({ page, browser, baseURL }) => {
  // 1. Admin: sign in, create, upload, open
  await signIn(page);
  await page.getByLabel('Internal title').fill('E2E dense vs RAS');
  await page.getByLabel('Trials per participant').fill('4');
  await page.getByLabel('Target votes per comparison').fill('2');
  await page.getByLabel('Attention-check rate (0–0.5)').fill('0.25');
  await page.getByLabel('Completion code').fill('E2E-CODE-42');
  await page.getByLabel('Redirect URL after completion (optional)').fill(`${baseURL}/?finished=1`);
  await page.getByRole('button', { name: 'Create study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('draft');
  await page.getByLabel('Zip').setInputFiles(await makeImageSetZip(4));
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('comparison-count')).toHaveText('4 comparisons');
  await page.getByRole('button', { name: 'Open study' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, open the study' }).click();
  await expect(page.getByTestId('study-status')).toHaveText('open');
  const link = await page.getByTestId('participant-link').innerText();
  const studyId = page.url().split('/').pop()!;

  // 2. Participant, in a separate browser context, blind
  const participantContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const participant = await participantContext.newPage();
  // Every response the participant's browser receives is kept (bodies read in full before any check), with
  // its URL and headers, and searched at the end for anything that names the design.
  const received: Promise<{ url: string; headers: string; body: Buffer }>[] = [];
  participant.on('response', (response) => {
    received.push(response.body().then(
      (body) => ({ url: response.url(), headers: JSON.stringify(response.headers()), body }),
      () => ({ url: response.url(), headers: JSON.stringify(response.headers()), body: Buffer.alloc(0) }),
    ));
  });
  const pid = '5e1a2b3c4d5e6f7a8b9c0d1e';
  await participant.goto(`${link}?PROLIFIC_PID=${pid.toUpperCase()}&STUDY_ID=st-1&SESSION_ID=se-1`);
  await participant.getByRole('checkbox').check();
  await participant.getByRole('button', { name: 'Continue' }).click();
  await participant.getByRole('button', { name: 'Start' }).click();
  await expect(participant.getByTestId('trial-counter')).toHaveText('1 / 6');
  for (const src of await participant.locator('main img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src))) {
    expect(src).toMatch(/\/api\/img\/[A-Za-z0-9_-]{20,}$/);
  }

  // 3. Answer trial 1 with the keyboard, trial 2 with a button
  await expect(participant.getByRole('button', { name: /Similar/ })).toBeEnabled();
  await participant.keyboard.press('1');
  await expect(participant.getByTestId('trial-counter')).toHaveText('2 / 6');
  await expect(participant.getByRole('button', { name: /Right clearly better/ })).toBeEnabled();
  await participant.getByRole('button', { name: /Right clearly better/ }).click();
  await expect(participant.getByTestId('trial-counter')).toHaveText('3 / 6');

  // 4. A reload resumes at the same trial with the same images
  const before = await participant.locator('main img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
  await participant.reload();
  await expect(participant.getByTestId('trial-counter')).toHaveText('3 / 6');
  expect(await participant.locator('main img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src))).toEqual(before);

  // 5. A double-submitted vote is stored once
  const slug = new URL(link).pathname.split('/').pop();
  const state = await participant.evaluate(async (s) => (await fetch(`/api/p/${s}/state`)).json(), slug);
  const results = await participant.evaluate(
    async ({ s, trialId }) => {
      const body = JSON.stringify({ trialId, choice: 3, responseMs: 1234, idempotencyKey: 'e2e-double-submit' });
      const send = () => fetch(`/api/p/${s}/vote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json());
      return Promise.all([send(), send()]);
    },
    { s: slug, trialId: state.trial.trialId },
  );
  expect(results.filter((r: { duplicate: boolean }) => r.duplicate)).toHaveLength(1);
  await participant.reload();
  await expect(participant.getByTestId('trial-counter')).toHaveText('4 / 6');

  // 6. Finish: completion code, then the redirect keeps the Prolific parameters
  for (const expected of ['5 / 6', '6 / 6', null]) {
    await expect(participant.getByRole('button', { name: /Left slightly better/ })).toBeEnabled();
    await participant.keyboard.press('2');
    if (expected) await expect(participant.getByTestId('trial-counter')).toHaveText(expected);
  }
  await expect(participant.getByTestId('completion-code')).toHaveText('E2E-CODE-42');
  await participant.waitForURL(/finished=1/, { timeout: 15_000 });
  expect(participant.url()).toContain(`PROLIFIC_PID=${pid}`);
  expect(participant.url()).toContain('SESSION_ID=se-1');

  // Nothing the browser received (URLs, headers, bodies: pages, scripts, JSON, images) names a condition, a
  // prompt, a seed, an image, a condition id or a storage key of this study.
  const preview = (await (await page.request.get(`/api/studies/${studyId}/preview`)).json()) as {
    prompts: { id: string; text: string; images: { condition: string; url: string }[] }[];
  };
  const images = await (await page.request.get(`/api/studies/${studyId}`)).json();
  const secrets = [
    ...preview.prompts.flatMap((p) => [p.id, p.text, ...p.images.map((i) => i.url.split('/').pop()!)]),
    // condition names too, but "dense" is an ordinary word that framework code may contain: its id stands for it
    ...(images.study.conditions as { id: string; name: string }[]).flatMap((c) => (c.name === 'dense' ? [c.id] : [c.id, c.name])),
    'emoji number',
  ];
  const everything = await Promise.all(received);
  expect(everything.length).toBeGreaterThan(10);
  for (const { url, headers, body } of everything) {
    const text = `${url}\n${headers}\n${body.toString('latin1')}`;
    for (const secret of secrets) expect(text.includes(secret), `${secret} in ${url}`).toBe(false);
  }
  await participantContext.close();

  // 7. The export holds exactly the five answers, in condition terms
  const response = await page.request.get(`/api/studies/${studyId}/export/votes?format=json`);
  const rows = (await response.json()) as { choice_shown: number; condition_left: string; condition_right: string; score_a_over_b: number; is_attention_check: boolean; external_id_hash: string }[];
  expect(rows.map((r) => r.choice_shown)).toEqual([1, 5, 3, 2, 2, 2]);
  expect(rows.filter((r) => r.is_attention_check)).toHaveLength(2);
  for (const r of rows.filter((x) => !x.is_attention_check)) {
    const leftScore = 3 - r.choice_shown;
    expect(r.score_a_over_b).toBe(r.condition_left === 'dense' ? leftScore : -leftScore || 0);
  }
  expect(rows[0].external_id_hash).toMatch(/^[a-f0-9]{64}$/);
  const csv = await (await page.request.get(`/api/studies/${studyId}/export/votes?format=csv`)).text();
  expect(csv.trim().split('\n')).toHaveLength(7);

  // 8. The dashboard shows the counts: one participant started and completed
  await page.goto(`/results/${studyId}`);
  await expect(page.getByTestId('flow-started')).toHaveText('1');
  await expect(page.getByTestId('flow-completed')).toHaveText('1');
});

test('anonymous visitors get no admin or researcher content', async ({ page, request }) => {
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/results');
  await expect(page).toHaveURL(/\/login/);
  for (const url of ['/api/studies', '/api/studies/x/export/votes', '/api/studies/x/summary']) {
    expect((await request.get(url)).status()).toBe(401);
  }
  await page.goto('/login');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong user name or password')).toBeVisible();
  expect((await request.get('/api/openapi.json')).status()).toBe(200);
});
