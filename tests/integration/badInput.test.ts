import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, ensureFirstAdmin } from '../../server/auth/users';
import { randomToken, sha256 } from '../../server/auth/tokens';
import { db } from '../../server/db/client';
import { startParticipant } from '../../server/participation/participants';
import { setStudyStatus } from '../../server/studies/studies';
import { casesFor, discoverRoutes, METHODS, type Method } from './badInput/generator';
import { freshDatabase } from './db';
import { studyWithImages } from './fixtures';

// The bad-input suite (issue #14): ≥ 500 generated malformed requests across every route handler in app/,
// found on disk (a new route.ts is covered without touching this file). Each answer: no 5xx; an error is JSON
// with a message and a code; a refused request writes no row and stores no image.

vi.hoisted(() => {
  process.env.MAX_UPLOAD_MB = '2'; // so a streamed upload past the limit is a few MB, not hundreds
  process.env.START_RATE_LIMIT = '0';
});

const root = path.resolve(__dirname, '../..');
const base = 'http://app.test';

/** Rows of every table and stored images, in one statement. */
async function footprint(): Promise<string> {
  const tables = ['User', 'Study', 'Condition', 'Prompt', 'Image', 'ImageBlob', 'Comparison', 'Participant', 'Trial', 'Vote', 'Generation', 'GenerationItem', 'ExploratoryAnalysis'];
  const sql = `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}")::int AS "${t}"`).join(', ')}, (SELECT coalesce(sum(length(coalesce(status::text, ''))), 0) FROM "Study")::int AS "statuses"`;
  const [row] = await db().$queryRawUnsafe<Record<string, number>[]>(sql);
  return JSON.stringify(row);
}

describe('bad input: every route, hundreds of malformed requests', () => {
  let creds: Parameters<typeof casesFor>[2];
  let slug: string;

  beforeAll(async () => {
    await freshDatabase();
    const admin = await ensureFirstAdmin('admin', 'correct-horse');
    const adminId = (await db().user.findUniqueOrThrow({ where: { username: admin.username } })).id;
    await createUser('res', 'researcher-pass', 'RESEARCHER');
    const researcherId = (await db().user.findUniqueOrThrow({ where: { username: 'res' } })).id;
    const session = async (userId: string) => {
      const token = randomToken();
      await db().session.create({ data: { tokenHash: sha256(token), userId, expiresAt: new Date(Date.now() + 86_400_000) } });
      return token;
    };
    const study = await studyWithImages(2);
    await setStudyStatus(study.id, 'OPEN');
    slug = study.slug;
    const participant = await startParticipant(slug, {});
    const prompt = await db().prompt.findFirstOrThrow({ where: { studyId: study.id } });
    const image = await db().image.findFirstOrThrow({ where: { studyId: study.id } });
    const trial = await db().trial.findFirst({ where: { participant: { studyId: study.id } } });
    const researcher = await session(researcherId);
    creds = {
      admin: () => session(adminId),
      researcher,
      participantCookie: `ras_p_${slug}=${participant.token}`,
      validParams: { id: study.id, slug, promptId: prompt.id, imageId: image.id, kind: 'votes', token: trial?.leftToken ?? 'abcdefghijklmnop', sessionId: 'no-such-session' },
    };
  });

  it('finds the route files', () => {
    const routes = discoverRoutes(root);
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes.map((r) => r.template)).toContain('/api/studies/[id]/images');
  });

  it('answers every malformed request without a 5xx, with a JSON error, writing and storing nothing when refused', async () => {
    const failures: string[] = [];
    const accepted: string[] = [];
    let sent = 0;
    const routes = discoverRoutes(root);
    // DELETE handlers last: a delete that succeeds would leave the rest without their study.
    const plan: { template: string; handler: (r: Request, ctx: unknown) => Promise<Response>; c: ReturnType<typeof casesFor>[number] }[] = [];
    for (const route of routes) {
      const mod = (await import(path.join(root, route.file))) as Partial<Record<Method, (r: Request, ctx: unknown) => Promise<Response>>>;
      const exported = METHODS.filter((m) => typeof mod[m] === 'function');
      expect(exported.length, `${route.file} exports no handler`).toBeGreaterThan(0);
      for (const c of casesFor(route, exported, creds, slug)) plan.push({ template: route.template, handler: mod[c.method]!, c });
    }
    plan.sort((a, b) => Number(a.c.method === 'DELETE') - Number(b.c.method === 'DELETE'));
    for (const { template, handler, c } of plan) {
      const headers = await c.headers();
      const actual = headers['x-actual-method'] ?? c.method;
      delete headers['x-actual-method'];
      const url = `${base}${template.replace(/\[([^\]]+)\]/g, (_, n: string) => encodeURIComponent(c.params[n] ?? ''))}${c.query}`;
      let request: Request;
      try {
        const body = actual === 'GET' || actual === 'HEAD' ? undefined : c.body?.();
        request = new Request(url, { method: actual, headers: { host: 'app.test', ...headers }, body, duplex: 'half' } as RequestInit);
      } catch (error) {
        failures.push(`${actual} ${template} [${c.name}]: could not build the request (${(error as Error).message})`);
        continue;
      }
      const before = await footprint();
      const where = `${actual} ${template} [${c.name}]`;
      let response: Response;
      try {
        response = await handler(request, { params: Promise.resolve(c.params) });
      } catch (error) {
        failures.push(`${where}: threw ${(error as Error).message}`);
        continue;
      }
      sent += 1;
      const text = await response.text();
      if (response.status >= 500) {
        failures.push(`${where}: ${response.status} ${text.slice(0, 200)}`);
        continue;
      }
      if (response.status >= 400) {
        let body: { error?: unknown; code?: unknown } = {};
        try {
          body = JSON.parse(text);
        } catch {
          failures.push(`${where}: ${response.status} is not JSON: ${text.slice(0, 100)}`);
          continue;
        }
        if (typeof body.error !== 'string' || body.error.length === 0 || typeof body.code !== 'string') failures.push(`${where}: ${response.status} without { error, code }: ${text.slice(0, 200)}`);
        const after = await footprint();
        // The admin session made for the request is the only row a refused request may leave.
        if (after !== before) failures.push(`${where}: ${response.status} but rows or images changed: ${before} → ${after}`);
      } else accepted.push(`${where}: ${response.status}`);
    }
    expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(500);
    console.log(`bad input: ${sent} requests to ${routes.length} route files; ${accepted.length} accepted (2xx/3xx), the rest refused with a JSON error`);
  }, 600_000);
});
