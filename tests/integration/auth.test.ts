import { beforeAll, describe, expect, it } from 'vitest';
import * as login from '../../app/api/auth/login/route';
import * as studies from '../../app/api/studies/route';
import * as study from '../../app/api/studies/[id]/route';
import * as images from '../../app/api/studies/[id]/images/route';
import * as status from '../../app/api/studies/[id]/status/route';
import * as preview from '../../app/api/studies/[id]/preview/route';
import * as summary from '../../app/api/studies/[id]/summary/route';
import * as exportRoute from '../../app/api/studies/[id]/export/[kind]/route';
import * as adminImage from '../../app/api/admin/images/[imageId]/route';
import { createUser, ensureFirstAdmin } from '../../server/auth/users';
import { freshDatabase } from './db';
import { studyWithImages } from './fixtures';

const base = 'http://test.local';
const req = (path: string, init: RequestInit & { token?: string } = {}) =>
  new Request(`${base}${path}`, { ...init, headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), 'content-type': 'application/json', ...(init.headers ?? {}) } });
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
const exportParams = (id: string, kind: string) => ({ params: Promise.resolve({ id, kind }) });

async function signIn(username: string, password: string) {
  const response = await login.POST(req('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) }));
  return { response, body: (await response.json()) as { token?: string; error?: string } };
}

describe('authentication and roles', () => {
  let studyId: string;
  let adminToken: string;
  let researcherToken: string;

  beforeAll(async () => {
    await freshDatabase();
    const admin = await ensureFirstAdmin('admin', 'correct-horse');
    expect(admin.created).toBe(true);
    await createUser('res', 'researcher-pass', 'RESEARCHER');
    adminToken = (await signIn('admin', 'correct-horse')).body.token!;
    researcherToken = (await signIn('res', 'researcher-pass')).body.token!;
    studyId = (await studyWithImages(2)).id;
  });

  it('refuses a wrong password with no token and no admin content', async () => {
    const { response, body } = await signIn('admin', 'wrong-password');
    expect(response.status).toBe(401);
    expect(body.token).toBeUndefined();
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/study|admin/i);
    expect((await signIn('nobody', 'whatever')).response.status).toBe(401);
  });

  const readRoutes = () => [
    ['list studies', () => studies.GET(req('/api/studies'))],
    ['study', () => study.GET(req(`/api/studies/${studyId}`), idParams(studyId))],
    ['preview', () => preview.GET(req(`/api/studies/${studyId}/preview`), idParams(studyId))],
    ['summary', () => summary.GET(req(`/api/studies/${studyId}/summary`), idParams(studyId))],
    ['export', () => exportRoute.GET(req(`/api/studies/${studyId}/export/votes`), exportParams(studyId, 'votes'))],
    ['stats', () => exportRoute.GET(req(`/api/studies/${studyId}/export/stats`), exportParams(studyId, 'stats'))],
    ['admin image', () => adminImage.GET(req('/api/admin/images/x'), { params: Promise.resolve({ imageId: 'x' }) })],
  ] as const;

  it('refuses anonymous requests to every admin and researcher API', async () => {
    const writes = [
      studies.POST(req('/api/studies', { method: 'POST', body: '{}' })),
      images.POST(req(`/api/studies/${studyId}/images`, { method: 'POST', body: '{}' }), idParams(studyId)),
      status.POST(req(`/api/studies/${studyId}/status`, { method: 'POST', body: '{"status":"OPEN"}' }), idParams(studyId)),
    ];
    for (const response of [...(await Promise.all(readRoutes().map(([, call]) => call()))), ...(await Promise.all(writes))]) {
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain(studyId);
    }
  });

  it('lets a researcher read and export but not change anything', async () => {
    const token = researcherToken;
    const list = await studies.GET(req('/api/studies', { token }));
    expect(list.status).toBe(200);
    const csv = await exportRoute.GET(req(`/api/studies/${studyId}/export/votes?format=csv`, { token }), exportParams(studyId, 'votes'));
    expect(csv.status).toBe(200);
    expect(await csv.text()).toMatch(/^study_id,/);
    const create = await studies.POST(req('/api/studies', { method: 'POST', token, body: '{}' }));
    expect(create.status).toBe(403);
    const open = await status.POST(req(`/api/studies/${studyId}/status`, { method: 'POST', token, body: '{"status":"OPEN"}' }), idParams(studyId));
    expect(open.status).toBe(403);
  });

  it('lets the admin create a study and refuses bad input with a clear message', async () => {
    const bad = await studies.POST(req('/api/studies', { method: 'POST', token: adminToken, body: JSON.stringify({ title: '', trialsPerParticipant: 0 }) }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/title is required/);
    const ok = await studies.POST(
      req('/api/studies', {
        method: 'POST',
        token: adminToken,
        body: JSON.stringify({ title: 'API study', instructions: 'i', consentText: 'c', trialsPerParticipant: 4, targetVotesPerComparison: 2, completionCode: 'X' }),
      }),
    );
    expect(ok.status).toBe(201);
  });

  it('refuses an upload larger than the limit before reading it', async () => {
    const response = await images.POST(
      req(`/api/studies/${studyId}/images`, { method: 'POST', token: adminToken, headers: { 'content-length': String(500 * 1024 * 1024), 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }),
      idParams(studyId),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatch(/Upload too large/);
  });

  it('refuses to open a draft study without two conditions', async () => {
    const empty = await studies.POST(
      req('/api/studies', { method: 'POST', token: adminToken, body: JSON.stringify({ title: 'Empty', instructions: 'i', consentText: 'c', trialsPerParticipant: 4, targetVotesPerComparison: 2, completionCode: 'X' }) }),
    );
    const { study: created } = (await empty.json()) as { study: { id: string } };
    const response = await status.POST(req(`/api/studies/${created.id}/status`, { method: 'POST', token: adminToken, body: '{"status":"OPEN"}' }), idParams(created.id));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/at least two conditions/);
  });
});
