import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../server/auth/loginThrottle';
import { readEnv } from '../../../server/env';
import { generationSettings } from '../../../server/generation/settings';
import { errorResponse, HttpError } from '../../../server/http/errors';
import { checkJsonValue, readBodyBytes, readJson } from '../../../server/http/input';
import { assertSameOrigin } from '../../../server/http/sameOrigin';
import { completionRedirect } from '../../../server/participation/blind';
import { neutralizeFormula, toCsv } from '../../../server/results/csv';
import { ManifestError, parseManifest } from '../../../server/studies/manifest';
import { createStudyInput, updateStudyInput, voteInput } from '../../../server/studies/schemas';
import { readZipBundle, ZIP_LIMITS } from '../../../server/studies/zip';
import { safeNextPath } from '../../../server/web/nextPath';
import { pageSecurityHeaders } from '../../../server/web/securityHeaders';

const study = { title: 't', instructions: 'i', consentText: 'c', trialsPerParticipant: 4, targetVotesPerComparison: 2, completionCode: 'X' };

describe('completion redirect: http(s) only (stored XSS)', () => {
  it.each(['javascript:alert(document.domain)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox(1)', ' javascript:alert(1)'])('refuses %s at input', (url) => {
    expect(createStudyInput.safeParse({ ...study, redirectUrl: url }).success).toBe(false);
    expect(updateStudyInput.safeParse({ declineRedirectUrl: url }).success).toBe(false);
  });
  it('accepts https and http', () => {
    expect(createStudyInput.parse({ ...study, redirectUrl: 'https://app.prolific.com/submissions/complete?cc=X' }).redirectUrl).toMatch(/^https:/);
    expect(createStudyInput.parse({ ...study, redirectUrl: 'http://localhost:8080/done' }).redirectUrl).toMatch(/^http:/);
  });
  it('drops a stored javascript: URL when redirecting', () => {
    expect(completionRedirect('javascript:alert(1)', { PROLIFIC_PID: 'p' })).toBeNull();
    expect(completionRedirect('https://x.example/done', { PROLIFIC_PID: 'p' })).toBe('https://x.example/done?PROLIFIC_PID=p');
  });
});

describe('sign-in `next`: same-origin paths only (open redirect)', () => {
  it.each(['/\\evil.example/', '/%09/evil.example/', '/\t/evil.example/', '//evil.example', '/\\/evil.example', 'https://evil.example', 'evil.example', '/%2F%2Fevil.example', '/%5Cevil.example', '/\n/evil.example', ' /admin', 'javascript:alert(1)', '/%00', ''])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/admin');
  });
  it('keeps ordinary paths', () => {
    expect(safeNextPath('/admin/studies/abc')).toBe('/admin/studies/abc');
    expect(safeNextPath('/results/x?analysis=y')).toBe('/results/x?analysis=y');
    expect(safeNextPath(undefined)).toBe('/admin');
  });
});

describe('login throttling with backoff', () => {
  it('locks an account after 5 failures with a growing wait, and says why', () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < 5; i++) {
      t.assertAllowed('admin', '10.0.0.1');
      t.recordFailure('admin', '10.0.0.1');
    }
    t.assertAllowed('admin', '10.0.0.1'); // 5 free failures
    t.recordFailure('admin', '10.0.0.1');
    expect(() => t.assertAllowed('admin', '10.0.0.2')).toThrow(/this account: try again in 2 s/);
    now += 2_000;
    t.assertAllowed('admin', '10.0.0.2');
    t.recordFailure('admin', '10.0.0.2');
    const error = (() => {
      try {
        t.assertAllowed('ADMIN', '10.0.0.3');
      } catch (e) {
        return e as HttpError;
      }
    })();
    expect(error?.status).toBe(429);
    expect(error?.message).toMatch(/try again in 4 s/);
    expect(error?.headers?.['Retry-After']).toBe('4');
  });
  it('locks an address that tries many accounts', () => {
    let now = 0;
    const t = new LoginThrottle(() => now);
    for (let i = 0; i < 21; i++) t.recordFailure(`user${i}`, '10.0.0.9');
    expect(() => t.assertAllowed('someone-else', '10.0.0.9')).toThrow(/from your network address/);
    now += 3_600_001;
    t.assertAllowed('someone-else', '10.0.0.9');
  });
});

describe('CSRF: same-origin rule for state-changing requests', () => {
  const post = (headers: Record<string, string>) => new Request('http://app.example/api/studies', { method: 'POST', headers: { host: 'app.example', cookie: 'ras_session=x', ...headers } });
  it('refuses another origin, a same-site page on another port and Origin null', () => {
    expect(() => assertSameOrigin(post({ origin: 'http://evil.example', 'content-type': 'text/plain' }))).toThrow(/Cross-site/);
    expect(() => assertSameOrigin(post({ origin: 'http://app.example:8081' }))).toThrow(/Cross-site/);
    expect(() => assertSameOrigin(post({ 'sec-fetch-site': 'same-site' }))).toThrow(/Cross-site/);
    expect(() => assertSameOrigin(post({ 'sec-fetch-site': 'cross-site' }))).toThrow(/Cross-site/);
    expect(() => assertSameOrigin(post({ origin: 'null' }))).toThrow(/Cross-site/);
  });
  it('lets the app itself, bearer-token clients, scripts and reads through', () => {
    assertSameOrigin(post({ origin: 'http://app.example', 'sec-fetch-site': 'same-origin' }));
    assertSameOrigin(post({ authorization: 'Bearer abc', origin: 'http://evil.example' }));
    assertSameOrigin(post({}));
    assertSameOrigin(new Request('http://app.example/api/studies', { headers: { host: 'app.example', origin: 'http://evil.example' } }));
  });
});

describe('CSV formula injection', () => {
  it.each(['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3', '\t=1', '\r=1'])('prefixes %j with a quote', (cell) => {
    expect(neutralizeFormula(cell)).toBe(`'${cell}`);
  });
  it('leaves numbers and text alone, in every CSV', () => {
    expect(neutralizeFormula('-0.5')).toBe('-0.5');
    expect(neutralizeFormula('a cat')).toBe('a cat');
    const csv = toCsv([{ prompt: '=1+1', tags: '=1+1', n: -3 }], ['prompt', 'tags', 'n']);
    expect(csv).toBe("prompt,tags,n\n'=1+1,'=1+1,-3\n");
  });
});

describe('strict input types', () => {
  const vote = { trialId: 't', responseMs: 100, idempotencyKey: '12345678' };
  it.each([true, '3', [4], ' 5 ', '0x2', 0, 6, 2.5, null])('vote choice %j is refused', (choice) => {
    expect(voteInput.safeParse({ ...vote, choice }).success).toBe(false);
  });
  it('vote choice 3 is accepted', () => expect(voteInput.parse({ ...vote, choice: 3 }).choice).toBe(3));
  it.each([true, [3], '0x10', ' ', '', null])('study trialsPerParticipant %j is refused', (n) => {
    expect(createStudyInput.safeParse({ ...study, trialsPerParticipant: n }).success).toBe(false);
  });
  it('study numbers from a form (decimal strings) still work', () => {
    expect(createStudyInput.parse({ ...study, trialsPerParticipant: '12', attentionCheckRate: '0.25' })).toMatchObject({ trialsPerParticipant: 12, attentionCheckRate: 0.25 });
  });
  it('generation booleans: "false" is false, junk is refused', () => {
    expect(generationSettings.parse({ equalTimeControl: 'false', ignoreUnknownWords: false })).toMatchObject({ equalTimeControl: false, ignoreUnknownWords: false });
    expect(generationSettings.parse({ equalTimeControl: true }).equalTimeControl).toBe(true);
    expect(generationSettings.safeParse({ equalTimeControl: 'yes please' }).success).toBe(false);
  });
});

describe('request bodies: size, depth, characters', () => {
  const streamed = (chunks: number, size: number) =>
    new Request('http://x/api', {
      method: 'POST',
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < chunks; i++) c.enqueue(new Uint8Array(size).fill(32));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
  it('stops a streamed body without Content-Length at the limit', async () => {
    await expect(readBodyBytes(streamed(100, 64 * 1024), 1024 * 1024)).rejects.toMatchObject({ status: 413 });
    expect((await readBodyBytes(streamed(2, 1024), 1024 * 1024)).byteLength).toBe(2048);
  });
  it('refuses a JSON body over 256 KB, invalid JSON, NUL characters and deep nesting with 400/413', async () => {
    const json = (body: string) => new Request('http://x/api', { method: 'POST', body });
    await expect(readJson(json(`{"a":"${'x'.repeat(300 * 1024)}"}`))).rejects.toMatchObject({ status: 413 });
    await expect(readJson(json('{"a":'))).rejects.toMatchObject({ status: 400, code: 'invalid_json' });
    await expect(readJson(json('{"username":"ad\\u0000min"}'))).rejects.toMatchObject({ status: 400, code: 'invalid_characters' });
    await expect(readJson(json(`${'['.repeat(3000)}${']'.repeat(3000)}`))).rejects.toMatchObject({ status: 400 });
    expect(await readJson(json(''))).toEqual({});
    expect(await readJson(json('{"text":"line\\nbreak\\ttab"}'))).toEqual({ text: 'line\nbreak\ttab' });
  });
  it('checks keys as well as values', () => {
    expect(() => checkJsonValue({ 'a\u0001': 1 })).toThrow(/control character/);
  });
});

describe('zip and manifest limits', () => {
  it('refuses a zip bomb by its declared uncompressed size before inflating', () => {
    const big = new Uint8Array(ZIP_LIMITS.maxEntryBytes + 1); // compresses to a few KB
    const zip = zipSync({ 'manifest.csv': strToU8('prompt,seed,condition,file\n'), 'a.png': big }, { level: 9 });
    expect(zip.byteLength).toBeLessThan(200_000);
    expect(() => readZipBundle(zip)).toThrow(HttpError);
    try {
      readZipBundle(zip);
    } catch (e) {
      expect((e as HttpError).status).toBe(413);
    }
    const several = zipSync({ 'manifest.csv': strToU8('x'), 'a.png': new Uint8Array(3000), 'b.png': new Uint8Array(3000) });
    expect(() => readZipBundle(several, 4000)).toThrow(/add up to more than/);
  });
  it('refuses a non-zip or a truncated zip with 400', () => {
    const zip = zipSync({ 'manifest.csv': strToU8('prompt,seed,condition,file\n') });
    for (const bytes of [strToU8('not a zip at all'), zip.slice(0, zip.length - 10)]) {
      try {
        readZipBundle(bytes);
        expect.unreachable();
      } catch (e) {
        expect((e as HttpError).status).toBe(400);
      }
    }
  });
  it('refuses a manifest config nested 3000 deep, and NUL characters', () => {
    const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
    expect(() => parseManifest(JSON.stringify([{ prompt: 'p', seed: 1, condition: 'a', file: 'a.png', config: JSON.parse(deep) }]), 'json')).toThrow(ManifestError);
    expect(() => parseManifest(`prompt,seed,condition,file,config\np,1,a,a.png,"${deep.replace(/"/g, '""')}"\n`, 'csv')).toThrow(/nested deeper/);
    expect(() => parseManifest('prompt,seed,condition,file\np\u0000,1,a,a.png\n', 'csv')).toThrow(/NUL or control/);
  });
});

describe('security headers', () => {
  it('no page may be framed by default; participant pages by this app (the pilot preview) and the FRAME_ANCESTORS allow-list only', () => {
    const admin = pageSecurityHeaders('/admin', 'n0nce', 'https://panel.example');
    expect(admin['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(admin['X-Frame-Options']).toBe('DENY');
    expect(admin['Content-Security-Policy']).toContain("script-src 'self' 'nonce-n0nce' 'strict-dynamic'");
    expect(admin['Content-Security-Policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    const participant = pageSecurityHeaders('/s/abc', 'n', 'https://panel.example');
    expect(participant['Content-Security-Policy']).toContain("frame-ancestors 'self' https://panel.example");
    expect(participant['X-Frame-Options']).toBeUndefined();
    const own = pageSecurityHeaders('/s/abc', 'n', '');
    expect(own['Content-Security-Policy']).toMatch(/frame-ancestors 'self'(;|$)/);
    expect(own['X-Frame-Options']).toBe('SAMEORIGIN');
  });
});

describe('errors: one shape with stable codes', () => {
  it('maps thrown values to { error, code } and never a stack', async () => {
    const cases: [unknown, number, string][] = [
      [new HttpError(404, 'Study not found'), 404, 'not_found'],
      [Object.assign(new Error('x'), { code: 'P2025' }), 404, 'not_found'],
      [Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }), 400, 'invalid_characters'],
      [new URIError('URI malformed'), 400, 'bad_request'],
    ];
    for (const [error, status, code] of cases) {
      const response = errorResponse(error);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ code, error: expect.any(String) });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('environment', () => {
  it.each([
    ['SAMPLER_THREADS', 'two'],
    ['GENERATION_WORKERS', '0'],
    ['GENERATION_STALE_SECONDS', 'soon'],
    ['GENERATION_SWEEP_SECONDS', '-1'],
    ['GENERATION_JOB_EXPIRE_SECONDS', 'x'],
    ['S3_FORCE_PATH_STYLE', 'yes'],
    ['S3_ENDPOINT', 'not a url'],
    ['WORKER', 'no'],
    ['DEMO', 'off'],
    ['FRAME_ANCESTORS', 'javascript:alert(1)'],
  ])('%s=%s stops the start naming the variable', (name, value) => {
    expect(() => readEnv({ [name]: value } as unknown as NodeJS.ProcessEnv)).toThrow(new RegExp(name));
  });
  it('defaults are valid', () => {
    expect(readEnv({} as unknown as NodeJS.ProcessEnv)).toMatchObject({ WORKER: '1', DEMO: '1', FRAME_ANCESTORS: '', GENERATION_SWEEP_SECONDS: 30 });
    expect(readEnv({ FRAME_ANCESTORS: 'https://panel.example https://*.survey.example' } as unknown as NodeJS.ProcessEnv).FRAME_ANCESTORS).toContain('panel');
  });
});

describe('wrong methods', () => {
  it('answers a method the route table does not allow with a JSON 405 naming the allowed ones', async () => {
    const { methodNotAllowed } = await import('../../../server/http/methods');
    const { ROUTE_LIST } = await import('../../../server/http/routeTable');
    const wrong = methodNotAllowed(ROUTE_LIST, 'PUT', '/api/studies/abc');
    expect(wrong?.status).toBe(405);
    expect(wrong?.headers.allow).toBe('GET, PATCH, DELETE');
    expect(JSON.parse(wrong!.body)).toMatchObject({ code: 'method_not_allowed', error: expect.stringMatching(/PUT is not allowed/) });
    expect(methodNotAllowed(ROUTE_LIST, 'GET', '/api/studies/abc')).toBeNull();
    expect(methodNotAllowed(ROUTE_LIST, 'HEAD', '/api/studies/abc')).toBeNull();
    expect(methodNotAllowed(ROUTE_LIST, 'DELETE', '/api/openapi.json')?.status).toBe(405);
    expect(methodNotAllowed(ROUTE_LIST, 'POST', '/api/nothing/here')).toBeNull();
    expect(methodNotAllowed(ROUTE_LIST, 'POST', '/admin')).toBeNull();
  });
});
