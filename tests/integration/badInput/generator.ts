// The bad-input generator (issue #14): finds every app/**/route.ts, and for each exported handler builds
// malformed requests: types, encodings, NUL and control characters, sizes, nesting, missing and extra fields,
// wrong methods, broken cookies, broken multipart and zip. A new route is covered as soon as its file exists.
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export interface RouteFile {
  /** e.g. app/api/studies/[id]/route.ts */
  file: string;
  /** e.g. /api/studies/[id] */
  template: string;
  paramNames: string[];
}

/** Every route.ts under app/, as a path template with its [param] names. */
export function discoverRoutes(root: string): RouteFile[] {
  const out: RouteFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts' || entry.name === 'route.js') {
        const rel = path.relative(root, full).split(path.sep).join('/');
        const template = `/${rel.replace(/^app\//, '').replace(/\/route\.[jt]s$/, '')}`.replace(/\/\([^)]+\)/g, '');
        out.push({ file: rel, template, paramNames: [...template.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!) });
      }
    }
  };
  walk(path.join(root, 'app'));
  return out.sort((a, b) => a.template.localeCompare(b.template));
}

export interface Credentials {
  /** A fresh admin bearer token per request (a logout or revocation among the cases cannot end the suite's session). */
  admin: () => Promise<string>;
  researcher: string;
  /** The participant cookie of an open study's participant. */
  participantCookie: string;
  validParams: Record<string, string>;
}

export interface Case {
  name: string;
  method: Method;
  params: Record<string, string>;
  query: string;
  headers: () => Promise<Record<string, string>>;
  body?: () => BodyInit | undefined;
}

const NUL = '\u0000';
const LONG = 'x'.repeat(100_000);

/** Values a field may receive that no schema should accept silently or crash on. */
export const BAD_VALUES: unknown[] = [
  true, false, null, [], {}, [4], '3', ' 5 ', '0x2', -1, 1.5, 1e308, `a${NUL}b`, `line\u0007bell`, LONG, '\u202e\u0000', { __proto__: { polluted: 1 } }, 'javascript:alert(1)', '', '😀'.repeat(10),
];
/** Field names of the API's bodies (studies, votes, login, participant start, plan, analyses, generation, prompts). */
export const FIELDS = [
  'title', 'status', 'choice', 'consent', 'params', 'username', 'password', 'excluded', 'itemId', 'trialId', 'responseMs', 'idempotencyKey',
  'redirectUrl', 'trialsPerParticipant', 'plan', 'name', 'settings', 'scaleLabels', 'attentionCheckKinds', 'showPrompt', 'equalTimeControl',
];

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Raw JSON-ish bodies: broken syntax, wrong top-level types, encodings, sizes, nesting, NUL. */
export const RAW_BODIES: [string, () => BodyInit][] = [
  ['empty', () => ''],
  ['null', () => 'null'],
  ['true', () => 'true'],
  ['number', () => '12'],
  ['string', () => '"text"'],
  ['array', () => '[]'],
  ['truncated', () => '{"title":'],
  ['trailing garbage', () => '{} x'],
  ['invalid UTF-8', () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
  ['UTF-16 BOM', () => new Uint8Array([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d])],
  ['raw NUL', () => `{"title":"a${NUL}"}`],
  ['escaped NUL', () => '{"title":"a\\u0000b","username":"\\u0000","params":{"PROLIFIC_PID":"\\u0000"}}'],
  ['NUL key', () => '{"\\u0000":1}'],
  ['lone surrogate', () => '{"title":"\\ud800"}'],
  ['deep arrays 3000', () => nested(3000)],
  ['deep objects 3000', () => nestedObject(3000)],
  ['deep plan 100', () => `{"plan":${nestedObject(100)}}`],
  ['300 KB', () => JSON.stringify({ title: 'x'.repeat(300 * 1024) })],
  ['2 MB params', () => JSON.stringify({ consent: true, params: { PROLIFIC_PID: 'y'.repeat(2 * 1024 * 1024) } })],
  ['many keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])))],
  ['proto pollution', () => '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
];

const boundary = 'ras-bad-input';
const part = (name: string, filename: string | null, content: string | Uint8Array, type = 'application/octet-stream') => {
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n${filename ? `Content-Type: ${type}\r\n` : ''}\r\n`;
  return [strToU8(head), typeof content === 'string' ? strToU8(content) : content, strToU8('\r\n')];
};
const multipart = (...parts: Uint8Array[][]) => {
  const all = [...parts.flat(), strToU8(`--${boundary}--\r\n`)];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of all) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const PNG_1x1 = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64'));
const GIF = strToU8('GIF89a\x01\x00\x01\x00\x00\x00\x00;');
const SVG = strToU8('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(1)</script></svg>');
const manifest = (rows: string) => strToU8(`prompt,seed,condition,file\n${rows}`);
const goodZip = () => zipSync({ 'manifest.csv': manifest('p,1,a,a.png\np,1,b,b.png\n'), 'a.png': PNG_1x1, 'b.png': PNG_1x1 });

/** Multipart bodies: broken framing, broken zips, zip bombs, wrong image formats, NUL in manifests. */
export const MULTIPART_BODIES: [string, () => { body: BodyInit; type: string }][] = [
  ['no boundary', () => ({ body: 'abc', type: 'multipart/form-data' })],
  ['empty multipart', () => ({ body: '', type: `multipart/form-data; boundary=${boundary}` })],
  ['truncated multipart', () => ({ body: multipart(part('zip', 'set.zip', goodZip())).slice(0, 120), type: `multipart/form-data; boundary=${boundary}` })],
  ['not a zip', () => ({ body: multipart(part('zip', 'set.zip', 'this is not a zip')), type: `multipart/form-data; boundary=${boundary}` })],
  ['truncated zip', () => ({ body: multipart(part('zip', 'set.zip', goodZip().slice(0, 60))), type: `multipart/form-data; boundary=${boundary}` })],
  ['zip without manifest', () => ({ body: multipart(part('zip', 'set.zip', zipSync({ 'a.png': PNG_1x1 }))), type: `multipart/form-data; boundary=${boundary}` })],
  ['zip with NUL manifest', () => ({ body: multipart(part('zip', 'set.zip', zipSync({ 'manifest.csv': manifest(`p${NUL},1,a,a.png\np,1,b,a.png\n`), 'a.png': PNG_1x1 }))), type: `multipart/form-data; boundary=${boundary}` })],
  [
    'zip with config 3000 deep',
    () => ({ body: multipart(part('zip', 'set.zip', zipSync({ 'manifest.json': strToU8(`[{"prompt":"p","seed":1,"condition":"a","file":"a.png","config":${nestedObject(3000)}}]`), 'a.png': PNG_1x1 }))), type: `multipart/form-data; boundary=${boundary}` }),
  ],
  ['zip bomb (60 MB of zeros)', () => ({ body: multipart(part('zip', 'set.zip', zipSync({ 'manifest.csv': manifest(''), 'big.png': new Uint8Array(60 * 1024 * 1024) }, { level: 9 }))), type: `multipart/form-data; boundary=${boundary}` })],
  ['zip with 10 001 entries', () => ({ body: multipart(part('zip', 'set.zip', zipSync(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`f${i}`, new Uint8Array(0)]))))), type: `multipart/form-data; boundary=${boundary}` })],
  ['GIF and SVG images', () => ({ body: multipart(part('manifest', 'manifest.csv', manifest('p,1,a,a.gif\np,1,b,b.svg\n')), part('files', 'a.gif', GIF, 'image/gif'), part('files', 'b.svg', SVG, 'image/svg+xml')), type: `multipart/form-data; boundary=${boundary}` })],
  ['NUL file name', () => ({ body: multipart(part('manifest', 'manifest.csv', manifest('p,1,a,a.png\n')), part('files', `a${NUL}.png`, PNG_1x1)), type: `multipart/form-data; boundary=${boundary}` })],
  ['prompts file with NUL', () => ({ body: multipart(part('prompts', 'p.txt', `a cat${NUL}\n`), part('steps', null, 'two'), part('equalTimeControl', null, 'maybe')), type: `multipart/form-data; boundary=${boundary}` })],
  ['prompts file wrong settings', () => ({ body: multipart(part('prompts', 'p.txt', 'a cat\n'), part('steps', null, '1e9'), part('rasRatios', null, 'abc,-1'), part('seedsPerPrompt', null, '[3]')), type: `multipart/form-data; boundary=${boundary}` })],
  [
    'streamed 3 MB without Content-Length',
    () => ({
      body: new ReadableStream({
        start(c) {
          c.enqueue(strToU8(`--${boundary}\r\nContent-Disposition: form-data; name="zip"; filename="z.zip"\r\n\r\n`));
          for (let i = 0; i < 12; i++) c.enqueue(new Uint8Array(256 * 1024));
          c.close();
        },
      }),
      type: `multipart/form-data; boundary=${boundary}`,
    }),
  ],
];

/** Bad values for path parameters: NUL, controls, length, traversal, encodings, SQL. */
export const BAD_PARAMS = [`a${NUL}b`, 'a\u0001', 'x'.repeat(5000), '../../etc/passwd', '%zz', '%00', "' OR 1=1 --", '😀', ' ', 'null'];
export const BAD_QUERIES = ['?format=%00', '?format=xml', '?analysis=%27%3B', '?%ff%fe=1', `?a=${'x'.repeat(10_000)}`, '?format=csv&format=json', '?kind=\u0007'];

export function broken_cookies(slug: string): string[] {
  return [
    'ras_session=%E0%A4%A',
    'ras_session=%',
    `ras_session=${'x'.repeat(8000)}`,
    'ras_session=a; ras_session=b',
    `ras_p_${slug}=%zz%`,
    `ras_p_${slug}=${'y'.repeat(4000)}`,
    '=;;=; ;',
    'ras_session="quoted"',
  ];
}

const builtBodies = new Map<string, { body: BodyInit; type: string }>();

/**
 * Every case for one route: each exported method under broken cookies and roles, bad path params and queries,
 * raw and field-mutated bodies, multipart bodies, and each other method sent to it (a wrong method).
 */
export function casesFor(route: RouteFile, exported: Method[], creds: Credentials, slug: string): Case[] {
  const cases: Case[] = [];
  const valid = Object.fromEntries(route.paramNames.map((n) => [n, creds.validParams[n] ?? 'unknown-value']));
  const adminHeaders = async () => ({ authorization: `Bearer ${await creds.admin()}`, cookie: creds.participantCookie });
  const json = { 'content-type': 'application/json' };
  for (const method of exported) {
    const withBody = method !== 'GET';
    for (const cookie of broken_cookies(slug)) cases.push({ name: `cookie ${cookie.slice(0, 30)}`, method, params: valid, query: '', headers: async () => ({ cookie, ...json }), body: withBody ? () => '{}' : undefined });
    cases.push({ name: 'researcher', method, params: valid, query: '', headers: async () => ({ authorization: `Bearer ${creds.researcher}`, ...json }), body: withBody ? () => '{}' : undefined });
    cases.push({ name: 'bearer not a token', method, params: valid, query: '', headers: async () => ({ authorization: 'Bearer \u00ff\u00fe', ...json }), body: withBody ? () => '{}' : undefined });
    if (withBody) {
      cases.push({ name: 'cross-site cookie', method, params: valid, query: '', headers: async () => ({ cookie: `ras_session=${await creds.admin()}; ${creds.participantCookie}`, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }), body: () => '{}' });
    }
    for (const name of route.paramNames) {
      for (const bad of BAD_PARAMS) cases.push({ name: `param ${name}=${JSON.stringify(bad.slice(0, 20))}`, method, params: { ...valid, [name]: bad }, query: '', headers: adminHeaders, body: withBody ? () => '{}' : undefined });
    }
    for (const query of BAD_QUERIES) cases.push({ name: `query ${query.slice(0, 30)}`, method, params: valid, query, headers: adminHeaders, body: withBody ? () => '{}' : undefined });
    if (!withBody) continue;
    for (const [name, body] of RAW_BODIES) cases.push({ name: `body ${name}`, method, params: valid, query: '', headers: async () => ({ ...(await adminHeaders()), ...json }), body });
    cases.push({ name: 'body without content-type', method, params: valid, query: '', headers: adminHeaders, body: () => '{"title":1}' });
    for (const [i, field] of FIELDS.entries()) {
      // Each route gets every field with three of the bad values (rotating, so all values meet all fields across routes).
      for (let k = 0; k < 3; k++) {
        const value = BAD_VALUES[(i * 3 + k + route.template.length) % BAD_VALUES.length];
        cases.push({ name: `field ${field}=${JSON.stringify(value)?.slice(0, 20)}`, method, params: valid, query: '', headers: async () => ({ ...(await adminHeaders()), ...json }), body: () => JSON.stringify({ [field]: value, extra: { unexpected: [1, 2, 3] } }) });
      }
    }
    for (const [name, make] of MULTIPART_BODIES) {
      // Built once and reused (byte arrays), except streams, which are made afresh for each request.
      const get = () => {
        const cached = builtBodies.get(name) ?? make();
        if (!(cached.body instanceof ReadableStream)) builtBodies.set(name, cached);
        return cached;
      };
      let current: { body: BodyInit; type: string } | undefined;
      cases.push({
        name: `multipart ${name}`,
        method,
        params: valid,
        query: '',
        headers: async () => {
          current = get();
          return { ...(await adminHeaders()), 'content-type': current.type };
        },
        body: () => current!.body,
      });
    }
  }
  // Wrong methods: each handler sent requests of every other method.
  for (const handler of exported) {
    for (const method of METHODS) {
      if (method === handler) continue;
      cases.push({ name: `wrong method ${method} to ${handler}`, method: handler, params: valid, query: '', headers: async () => ({ ...(await adminHeaders()), ...json, 'x-actual-method': method }), body: handler !== 'GET' ? () => '{}' : undefined });
    }
  }
  return cases;
}
