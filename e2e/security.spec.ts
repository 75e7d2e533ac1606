import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, createOpenStudy, makeImageSetZip, signIn } from './helpers';

// Issue #14 in the browser and against the production server: the CSP the app passes (no violation while
// signing in, on the admin pages and through a participant's study), the headers, the open redirect after
// sign-in, and a CSRF attempt from a same-site page on another port.

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('pages pass their CSP; headers are set; the admin signs in and works', async ({ page }) => {
  const violations = watchCsp(page);
  const login = await page.goto('/login?next=/admin');
  const headers = login!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  await signIn(page);
  await expect(page.getByText('Signed-in sessions')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Revoke' }).first()).toBeVisible();
  const study = await createOpenStudy(page, await makeImageSetZip(2));
  await page.goto(`/admin/studies/${study.id}`);
  await expect(page.getByRole('heading').first()).toBeVisible();
  await page.goto(`/results/${study.id}`);
  await expect(page.getByRole('heading').first()).toBeVisible();
  const api = await page.request.get(`/api/studies/${study.id}`);
  expect(api.headers()['cache-control']).toBe('no-store');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  const participant = await page.context().browser()!.newPage();
  const participantViolations = watchCsp(participant);
  await participant.goto(`/s/${study.slug}`);
  await participant.getByRole('checkbox').check();
  await participant.getByRole('button', { name: 'Continue' }).click();
  await participant.getByRole('button', { name: 'Start' }).click();
  await expect(participant.getByTestId('trial-counter')).toHaveText(/^1 \/ \d+$/);
  await participant.close();
  expect([...violations, ...participantViolations]).toEqual([]);
});

test('sign-in never leaves the site, whatever `next` says', async ({ page, baseURL }) => {
  for (const next of ['/\\evil.example/', '/%09/evil.example/', '//evil.example/']) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${next}`);
    await page.getByLabel('User name').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Studies' })).toBeVisible({ timeout: 30_000 });
    expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
  }
});

test('a same-site page on another port cannot create a study with the admin cookie', async ({ page, baseURL }) => {
  await signIn(page);
  const before = ((await (await page.request.get('/api/studies')).json()) as { studies: unknown[] }).studies.length;
  const attack = `<form id="f" method="POST" action="${baseURL}/api/studies" enctype="text/plain"><input name='{"title":"csrf","instructions":"i","consentText":"c","trialsPerParticipant":4,"targetVotesPerComparison":2,"completionCode":"X","x":"' value='"}'></form>
<script>fetch(${JSON.stringify(`${baseURL}/api/studies`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{"title":"csrf2"}' }).finally(() => document.getElementById('f').submit());</script>`;
  const server = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attack));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const response = page.waitForResponse((r) => r.url().endsWith('/api/studies') && r.request().method() === 'POST' && r.request().resourceType() === 'document');
    await page.goto(`http://127.0.0.1:${port}/`);
    expect((await response).status()).toBe(403);
  } finally {
    server.close();
  }
  const after = ((await (await page.request.get('/api/studies')).json()) as { studies: unknown[] }).studies.length;
  expect(after).toBe(before);
  // A javascript: completion redirect is refused at input.
  const xss = await page.request.post('/api/studies', { data: { title: 't', instructions: 'i', consentText: 'c', trialsPerParticipant: 4, targetVotesPerComparison: 2, completionCode: 'X', redirectUrl: 'javascript:alert(document.domain)' } });
  expect(xss.status()).toBe(400);
  expect((await xss.json()).code).toBe('validation');
});

test('over HTTP: a wrong method is a JSON 405, an oversized body a JSON 413, a NUL a JSON 400', async ({ request }) => {
  const put = await request.put('/api/studies', { data: {} });
  expect(put.status()).toBe(405);
  expect(put.headers()['allow']).toBe('GET, POST');
  expect(await put.json()).toMatchObject({ code: 'method_not_allowed' });
  const big = await request.post('/api/p/no-such-study/start', { data: { consent: true, params: { x: 'y'.repeat(5 * 1024 * 1024) } } });
  expect(big.status()).toBe(413);
  expect(await big.json()).toMatchObject({ code: 'payload_too_large' });
  const nul = await request.post('/api/auth/login', { data: { username: 'ad\u0000min', password: 'x' } });
  expect(nul.status()).toBe(400);
  expect(await nul.json()).toMatchObject({ code: 'invalid_characters' });
  const cookie = await request.get('/api/studies', { headers: { cookie: 'ras_session=%E0%A4%A' } });
  expect(cookie.status()).toBe(401);
});
