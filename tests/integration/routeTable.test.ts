import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, ensureFirstAdmin } from '../../server/auth/users';
import { db } from '../../server/db/client';
import { stopQueue } from '../../server/generation/queue';
import { generatedClient } from '../../server/http/client';
import type { BuiltHandler } from '../../server/http/handler';
import { openApiDocument } from '../../server/http/openapi';
import { ROUTE_LIST, ROUTES } from '../../server/http/routeTable';
import { discoverRoutes, METHODS } from './badInput/generator';
import { freshDatabase } from './db';
import { imageBundle } from './fixtures';

const root = path.resolve(__dirname, '../..');
const apiPath = (template: string) => template.replace(/\[([^\]]+)\]/g, '{$1}');

/** Routes a request to the handler of app/**\/route.ts whose path matches, as Next would. */
async function dispatcher() {
  const routes = await Promise.all(
    discoverRoutes(root).map(async (r) => ({
      pattern: new RegExp(`^${r.template.replace(/\[([^\]]+)\]/g, '(?<$1>[^/]+)').replace(/\./g, '\\.')}$`),
      mod: (await import(path.join(root, r.file))) as Record<string, BuiltHandler>,
    })),
  );
  return async (request: Request) => {
    const url = new URL(request.url);
    for (const { pattern, mod } of routes) {
      const m = pattern.exec(url.pathname);
      if (!m) continue;
      const handler = mod[request.method];
      if (!handler) return new Response(null, { status: 405 });
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      return handler(request, { params: Promise.resolve(params) });
    }
    return new Response(null, { status: 404 });
  };
}

describe('the route table', () => {
  it('holds every route.ts handler, and every handler is built from its entry', async () => {
    const seen = new Set<string>();
    for (const route of discoverRoutes(root)) {
      const mod = (await import(path.join(root, route.file))) as Record<string, BuiltHandler | undefined>;
      const methods = METHODS.filter((m) => typeof mod[m] === 'function');
      expect(methods.length, route.file).toBeGreaterThan(0);
      for (const method of methods) {
        const spec = mod[method]!.spec;
        expect(spec, `${method} in ${route.file} is not built from the route table (server/http/handler.ts handle())`).toBeDefined();
        expect(`${spec.method} ${spec.path}`).toBe(`${method} ${apiPath(route.template)}`);
        seen.add(`${method} ${apiPath(route.template)}`);
      }
    }
    expect([...seen].sort()).toEqual(ROUTE_LIST.map((s) => `${s.method} ${s.path}`).sort());
  });

  it('generates an OpenAPI 3.1 document that lists every route and validates', () => {
    const doc = openApiDocument() as ReturnType<typeof openApiDocument> & { paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, path: p, op })));
    expect(operations.map((o) => o.key).sort()).toEqual(ROUTE_LIST.map((s) => `${s.method} ${s.path}`).sort());
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const resolve = (ref: string) => ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
    for (const { key, path: p, op } of operations) {
      // Path parameters declared exactly as the template names them.
      const declared = ((op.parameters ?? []) as { name: string; in: string }[]).filter((x) => x.in === 'path').map((x) => x.name).sort();
      expect(declared, key).toEqual([...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort());
      const responses = op.responses as Record<string, { $ref?: string; content?: Record<string, { schema: object }> }>;
      expect(Object.keys(responses).some((s) => s.startsWith('2')), key).toBe(true);
      for (const response of Object.values(responses)) {
        const target = (response.$ref ? resolve(response.$ref) : response) as { description?: string; content?: Record<string, { schema: object }> };
        expect(target?.description, `${key}: ${response.$ref} resolves`).toBeTypeOf('string');
        for (const media of Object.values(target.content ?? {})) {
          const schema = JSON.parse(JSON.stringify(media.schema).replace(/"#\/components\/schemas\/Error"/g, '"#/$defs/Error"'));
          expect(() => ajv.compile({ ...schema, $defs: { Error: doc.components.schemas.Error } }), key).not.toThrow();
        }
      }
      const body = op.requestBody as { content: Record<string, { schema: object }> } | undefined;
      for (const media of Object.values(body?.content ?? {})) expect(() => ajv.compile(media.schema), `${key} request body`).not.toThrow();
    }
    // The documented body of the participant start is the handler's own schema (it had drifted).
    expect((doc.paths['/api/p/{slug}/start']!.post!.requestBody as { content: Record<string, { schema: { required: string[] } }> }).content['application/json']!.schema.required).toContain('consent');
  });
});

describe('a generated client call of each admin route', () => {
  let call: ReturnType<typeof generatedClient>;
  let researcherSession: string;

  beforeAll(async () => {
    await freshDatabase();
    await ensureFirstAdmin('admin', 'correct-horse');
    await createUser('res', 'researcher-pass', 'RESEARCHER');
    const dispatch = await dispatcher();
    const anonymous = generatedClient(openApiDocument() as never, 'http://app.test', dispatch);
    const { data } = await anonymous.login!({ body: { username: 'admin', password: 'correct-horse' } });
    await anonymous.login!({ body: { username: 'res', password: 'researcher-pass' } });
    researcherSession = (await db().session.findFirstOrThrow({ where: { user: { username: 'res' } } })).id;
    call = generatedClient(openApiDocument() as never, 'http://app.test', dispatch, (data as { token: string }).token);
  });
  afterAll(async () => {
    await stopQueue().catch(() => {});
  });

  it('works for every admin and staff operation', async () => {
    const called = new Set<string>();
    const ok = async (operationId: string, input: Parameters<(typeof call)[string]>[0] = {}, status = 200) => {
      called.add(operationId);
      const result = await call[operationId]!(input);
      expect(result.status, `${operationId}: ${JSON.stringify(result.data).slice(0, 300)}`).toBe(status);
      const spec = ROUTE_LIST.find((s) => s.operationId === operationId)!;
      if (!('file' in spec.response)) expect(() => (spec.response as { parse: (v: unknown) => unknown }).parse(result.data), operationId).not.toThrow();
      return result.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const studyBody = { title: 'Client study', instructions: 'Compare.', consentText: 'You agree.', trialsPerParticipant: 4, targetVotesPerComparison: 3, completionCode: 'DONE' };
    const { study } = await ok('createStudy', { body: studyBody }, 201);
    const id = { id: study.id as string };
    await ok('listStudies');
    await ok('getStudy', { params: id });
    await ok('updateStudy', { params: id, body: { title: 'Renamed' } });
    await ok('getPlan', { params: id });
    await ok('setPlan', { params: id, body: {} });
    const bundle = await imageBundle(2);
    const zip = zipSync({ 'manifest.csv': Buffer.from(bundle.manifestText), ...Object.fromEntries([...bundle.files].map(([k, v]) => [k, new Uint8Array(v)])) });
    const form = new FormData();
    form.set('zip', new File([zip], 'set.zip', { type: 'application/zip' }));
    await ok('uploadImages', { params: id, form }, 201);
    const prompt = await db().prompt.findFirstOrThrow({ where: { studyId: study.id } });
    await ok('excludePrompt', { params: { ...id, promptId: prompt.id }, body: { excluded: false } });
    await ok('preview', { params: id });
    const image = await db().image.findFirstOrThrow({ where: { studyId: study.id } });
    await ok('adminImage', { params: { imageId: image.id } });
    await ok('createAnalysis', { params: id, body: { name: 'strict', settings: { alpha: 0.01 } } }, 201);
    await ok('listAnalyses', { params: id });
    await ok('retryGeneration', { params: id, body: {} });
    await ok('generationProgress', { params: id });
    await ok('publish', { params: id });
    await ok('summary', { params: id });
    await ok('analysis', { params: id });
    await ok('exportFile', { params: { ...id, kind: 'votes' }, query: { format: 'csv' } });
    await ok('archive', { params: id });
    await ok('pilot', { params: id }, 201);
    await ok('setStatus', { params: id, body: { status: 'CLOSED' } });
    await ok('deleteStudy', { params: id });
    const generated = (await ok('createStudy', { body: { ...studyBody, title: 'Generated' } }, 201)).study;
    const prompts = () => {
      const f = new FormData();
      f.set('prompts', new File(['red heart\n'], 'prompts.txt', { type: 'text/plain' }));
      f.set('modelDir', 'models/fixture');
      f.set('steps', '4');
      f.set('equalTimeControl', 'false');
      return f;
    };
    await ok('checkGeneration', { params: { id: generated.id }, form: prompts() });
    await ok('createGeneration', { params: { id: generated.id }, form: prompts() }, 201);
    await ok('listSessions');
    await ok('revokeSession', { params: { sessionId: researcherSession } });
    const staffAndAdmin = ROUTE_LIST.filter((s) => s.access === 'admin' || s.access === 'staff').map((s) => s.operationId);
    expect(staffAndAdmin.filter((o) => !called.has(o))).toEqual([]);
    expect(ROUTES.createStudy.access).toBe('admin');
  });
});
