import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as login from '../../app/api/auth/login/route';
import * as sessions from '../../app/api/admin/sessions/route';
import * as session from '../../app/api/admin/sessions/[sessionId]/route';
import * as studies from '../../app/api/studies/route';
import * as study from '../../app/api/studies/[id]/route';
import * as preview from '../../app/api/studies/[id]/preview/route';
import * as adminImage from '../../app/api/admin/images/[imageId]/route';
import * as publish from '../../app/api/studies/[id]/publish/route';
import * as prompts from '../../app/api/studies/[id]/prompts/[promptId]/route';
import * as status from '../../app/api/studies/[id]/status/route';
import * as start from '../../app/api/p/[slug]/start/route';
import * as check from '../../app/api/studies/[id]/generation/check/route';
import * as exportRoute from '../../app/api/studies/[id]/export/[kind]/route';
import { resetLoginThrottle } from '../../server/auth/loginThrottle';
import { createUser, ensureFirstAdmin } from '../../server/auth/users';
import { db } from '../../server/db/client';
import { simulateParticipant } from '../../server/participation/simulate';
import { importImageSet } from '../../server/studies/importImages';
import { createStudy } from '../../server/studies/studies';
import { freshDatabase } from './db';
import { imageBundle, solidPng, studyInput, studyWithImages } from './fixtures';

const base = 'http://app.test';
type Init = RequestInit & { token?: string; cookie?: string };
const req = (path: string, init: Init = {}, url = base) =>
  new Request(`${url}${path}`, {
    ...init,
    headers: { host: new URL(url).host, 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers ?? {}) },
  });
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });
const signIn = (username: string, password: string, url = base) => login.POST(req('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) }, url));
const blobCount = async () => Number((await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "ImageBlob"`)[0]!.n);

describe('security fixes (issue #14)', () => {
  let adminToken: string;
  let researcherToken: string;
  let studyId: string;

  beforeAll(async () => {
    await freshDatabase();
    await ensureFirstAdmin('admin', 'correct-horse');
    await createUser('res', 'researcher-pass', 'RESEARCHER');
    adminToken = ((await (await signIn('admin', 'correct-horse')).json()) as { token: string }).token;
    researcherToken = ((await (await signIn('res', 'researcher-pass')).json()) as { token: string }).token;
    studyId = (await studyWithImages(2)).id;
  });
  beforeEach(() => resetLoginThrottle());

  it('throttles failed sign-ins per account with backoff, refusing even the right password, and says why', async () => {
    for (let i = 0; i < 6; i++) expect((await signIn('admin', `wrong-${i}`)).status).toBe(401);
    const locked = await signIn('admin', 'correct-horse');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await locked.json()).toMatchObject({ code: 'too_many_requests', error: expect.stringMatching(/Too many failed sign-ins for this account: try again in \d+ s/) });
    resetLoginThrottle();
    expect((await signIn('admin', 'correct-horse')).status).toBe(200);
  });

  it('refuses cross-site state changes made with the cookie, but not bearer calls', async () => {
    const cookie = `ras_session=${adminToken}`;
    const body = JSON.stringify(studyInput({ title: 'CSRF' }));
    const before = await db().study.count();
    const evil = await studies.POST(req('/api/studies', { method: 'POST', cookie, body, headers: { origin: 'http://evil.example', 'content-type': 'text/plain' } }));
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ code: 'cross_site' });
    const sameSite = await studies.POST(req('/api/studies', { method: 'POST', cookie, body, headers: { origin: 'http://app.test:8081', 'sec-fetch-site': 'same-site' } }));
    expect(sameSite.status).toBe(403);
    expect(await db().study.count()).toBe(before);
    const own = await studies.POST(req('/api/studies', { method: 'POST', cookie, body, headers: { origin: 'http://app.test', 'sec-fetch-site': 'same-origin' } }));
    expect(own.status).toBe(201);
    const bearer = await studies.POST(req('/api/studies', { method: 'POST', token: adminToken, body, headers: { origin: 'http://evil.example' } }));
    expect(bearer.status).toBe(201);
  });

  it('marks cookies Secure over HTTPS only', async () => {
    expect((await signIn('admin', 'correct-horse', 'https://app.test')).headers.get('set-cookie')).toMatch(/; Secure/);
    expect((await signIn('admin', 'correct-horse')).headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('answers NUL characters with 400 before PostgreSQL sees them (login, participant start)', async () => {
    const nulLogin = await login.POST(req('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'ad\u0000min', password: 'x' }) }));
    expect(nulLogin.status).toBe(400);
    expect((await nulLogin.json()).error).toMatch(/NUL/);
    await status.POST(req(`/api/studies/${studyId}/status`, { method: 'POST', token: adminToken, body: '{"status":"OPEN"}' }), params({ id: studyId }));
    const slug = (await db().study.findUniqueOrThrow({ where: { id: studyId } })).slug;
    const participants = await db().participant.count();
    const nulStart = await start.POST(req(`/api/p/${slug}/start`, { method: 'POST', body: JSON.stringify({ consent: true, params: { PROLIFIC_PID: 'a\u0000b' } }) }), params({ slug }));
    expect(nulStart.status).toBe(400);
    expect(await db().participant.count()).toBe(participants);
    const big = await start.POST(req(`/api/p/${slug}/start`, { method: 'POST', body: JSON.stringify({ consent: true, params: { x: 'y'.repeat(2 * 1024 * 1024) } }) }), params({ slug }));
    expect(big.status).toBe(413);
    const nulPath = await study.GET(req('/api/studies/x%00', { token: adminToken }), params({ id: 'x\u0000' }));
    expect(nulPath.status).toBe(404);
  });

  it('treats a malformed session cookie as no session (401, not 500)', async () => {
    const response = await studies.GET(req('/api/studies', { cookie: 'ras_session=%E0%A4%A' }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('answers 404 for an unknown study on publish and prompts', async () => {
    const p = await publish.POST(req('/api/studies/nope/publish', { method: 'POST', token: adminToken }), params({ id: 'nope' }));
    expect(p.status).toBe(404);
    const q = await prompts.POST(req('/api/studies/nope/prompts/x', { method: 'POST', token: adminToken, body: '{"excluded":true}' }), params({ id: 'nope', promptId: 'x' }));
    expect(q.status).toBe(404);
  });

  it('keeps the unblinded preview and admin images to admins (README), and marks study JSON no-store', async () => {
    expect((await preview.GET(req(`/api/studies/${studyId}/preview`, { token: researcherToken }), params({ id: studyId }))).status).toBe(403);
    expect((await adminImage.GET(req('/api/admin/images/x', { token: researcherToken }), params({ imageId: 'x' }))).status).toBe(403);
    expect((await preview.GET(req(`/api/studies/${studyId}/preview`, { token: adminToken }), params({ id: studyId }))).status).toBe(200);
    const one = await study.GET(req(`/api/studies/${studyId}`, { token: researcherToken }), params({ id: studyId }));
    expect(one.headers.get('cache-control')).toBe('no-store');
  });

  it('lists sessions to the admin and revokes one at once', async () => {
    expect((await sessions.GET(req('/api/admin/sessions', { token: researcherToken }))).status).toBe(403);
    const list = (await (await sessions.GET(req('/api/admin/sessions', { token: adminToken }))).json()) as { sessions: { id: string; username: string }[] };
    const researcherSession = list.sessions.find((s) => s.username === 'res')!;
    expect(researcherSession).toBeDefined();
    expect(JSON.stringify(list)).not.toMatch(/tokenHash/);
    const revoked = await session.DELETE(req(`/api/admin/sessions/${researcherSession.id}`, { method: 'DELETE', token: adminToken }), params({ sessionId: researcherSession.id }));
    expect(revoked.status).toBe(200);
    expect((await studies.GET(req('/api/studies', { token: researcherToken }))).status).toBe(401);
    const again = await session.DELETE(req(`/api/admin/sessions/${researcherSession.id}`, { method: 'DELETE', token: adminToken }), params({ sessionId: researcherSession.id }));
    expect(again.status).toBe(404);
  });

  it('bounds a streamed multipart body without Content-Length', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(97);
    const body = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="prompts"; filename="p.txt"\r\n\r\n'));
        for (let i = 0; i < 12; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const response = await check.POST(
      new Request(`${base}/api/studies/${studyId}/generation/check`, { method: 'POST', body, duplex: 'half', headers: { host: 'app.test', authorization: `Bearer ${adminToken}`, 'content-type': 'multipart/form-data; boundary=b' } } as RequestInit),
      params({ id: studyId }),
    );
    expect(response.status).toBe(413);
  });

  it('leaves no stored image behind when an import is refused inside its transaction', async () => {
    const fresh = await createStudy(studyInput({ title: 'Refused' }));
    await importImageSet(fresh.id, await imageBundle(1));
    const blobs = await blobCount();
    // The same prompt and conditions again with new pixels: refused in the transaction, after the images were stored.
    const again = await imageBundle(1);
    for (const [name] of again.files) again.files.set(name, await solidPng(250, 3, 7 + name.length));
    await expect(importImageSet(fresh.id, again)).rejects.toThrow(/already has an image/);
    expect(await blobCount()).toBe(blobs);
  });

  it('writes formula-looking prompts into CSV exports as text', async () => {
    const s = await createStudy(studyInput({ title: 'Formula' }));
    const bundle = await imageBundle(1);
    bundle.manifestText = bundle.manifestText.replace(/prompt number 0/g, '=HYPERLINK(1) @SUM(A1)');
    await importImageSet(s.id, bundle);
    await status.POST(req(`/api/studies/${s.id}/status`, { method: 'POST', token: adminToken, body: '{"status":"OPEN"}' }), params({ id: s.id }));
    await simulateParticipant(s.slug, { score: 1 });
    const csv = await (await exportRoute.GET(req(`/api/studies/${s.id}/export/votes`, { token: adminToken }), params({ id: s.id, kind: 'votes' }))).text();
    expect(csv).toContain('HYPERLINK');
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv).toMatch(/'=HYPERLINK/);
  });
});
