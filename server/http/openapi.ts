import { z } from 'zod';
import { ERROR_CODES } from './errors';
import { ROUTE_LIST, type RouteSpec } from './routeTable';

// /api/openapi.json, generated from the route table (server/http/routeTable.ts) and its zod schemas: every
// route, its access, input (body, multipart, query, path parameters) and output, and the one error shape.

const ERROR_CODE_LIST = [...new Set([...Object.values(ERROR_CODES), 'cross_site', 'invalid_json', 'invalid_characters', 'validation'])];

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), as clients send it (input side). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

const errorSchema = {
  type: 'object',
  required: ['error', 'code'],
  properties: {
    error: { type: 'string', description: 'what went wrong, for people' },
    code: { type: 'string', enum: ERROR_CODE_LIST, description: 'stable, for programs' },
    details: { description: 'validation issues, problems of an upload, …' },
  },
};

const STATUS_TEXT: Record<number, string> = { 400: 'Bad input', 401: 'Sign in required', 403: 'Role not allowed, or a cross-site request', 404: 'Not found', 409: 'Conflict with the study’s state', 413: 'Body too large', 415: 'Not multipart', 429: 'Too many requests (Retry-After)', 503: 'Not ready' };

function operation(spec: RouteSpec) {
  const params = [...spec.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1]!, in: 'path', required: true, schema: { type: 'string' } }));
  const query = spec.query ? Object.entries((jsonSchema(spec.query, 'input').properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({ name, in: 'query', required: false, schema })) : [];
  const security = spec.access === 'staff' || spec.access === 'admin' ? [{ bearer: [] }, { cookie: [] }] : [];
  const success =
    'file' in spec.response
      ? { description: `a ${spec.response.file} file`, content: { [spec.response.file]: { schema: { type: 'string', format: 'binary' } } } }
      : { description: 'success', content: { 'application/json': { schema: jsonSchema(spec.response as z.ZodType, 'output') } } };
  const errorStatuses = [...new Set([400, 413, ...(security.length ? [401, 403] : []), ...(spec.operationId === 'login' || spec.operationId === 'start' ? [429] : []), ...(spec.errors ?? [])])].sort();
  const requestBody = spec.body
    ? { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } }
    : spec.multipart
      ? { required: true, content: { 'multipart/form-data': { schema: jsonSchema(spec.multipart, 'input') } } }
      : undefined;
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: `Access: ${spec.access === 'staff' ? 'admin or researcher' : spec.access}.`,
    tags: [spec.path.startsWith('/api/p/') || spec.path.startsWith('/api/img/') ? 'participant' : spec.access === 'public' ? 'public' : 'study'],
    ...(params.length || query.length ? { parameters: [...params, ...query] } : {}),
    ...(requestBody ? { requestBody } : {}),
    ...(security.length ? { security } : {}),
    responses: {
      [String(spec.status ?? 200)]: success,
      ...Object.fromEntries(errorStatuses.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }])),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of ROUTE_LIST) (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operation(spec);
  const statuses = [...new Set(ROUTE_LIST.flatMap((s) => [400, 401, 403, 413, 429, ...(s.errors ?? [])]))].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: 'RAS Eval API',
      version: '2.0.0',
      description:
        'Admin, researcher and participant API of the RAS human-evaluation platform. Every error is { error, code, details? } with a stable code. State-changing requests with the session cookie must come from this site (Origin / Sec-Fetch-Site); bearer-token calls are not affected. JSON bodies are at most 256 KB. docs/security.md.',
    },
    tags: [
      { name: 'public', description: 'sign-in, health' },
      { name: 'study', description: 'admins and researchers' },
      { name: 'participant', description: 'the participant cookie' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'token from POST /api/auth/login' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'ras_session' },
      },
      schemas: { Error: errorSchema },
      responses: Object.fromEntries(statuses.map((s) => [`E${s}`, { description: STATUS_TEXT[s] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }])),
    },
  };
}
