/**
 * The web server's direct routes (server/http/directRoutes.ts): which requests they take from Next, the params
 * they hand the handler, and the API headers they add, which must be the ones next.config.js adds to every other
 * API response.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuiltHandler } from '@/server/http/handler';
import { directRouter } from '@/server/http/directRoutes';
import { allowedMethods } from '@/server/http/methods';
import { ROUTE_LIST, ROUTES } from '@/server/http/routeTable';
import { imageRoute, startRoute, stateRoute, voteRoute } from '@/server/participation/routes';
import { API_RESPONSE_HEADERS } from '@/server/web/securityHeaders';

const fake = (spec: BuiltHandler['spec']) => Object.assign(async () => new Response(), { spec }) as BuiltHandler;

describe('direct router', () => {
  const route = directRouter([fake(ROUTES.vote), fake(ROUTES.image), fake(ROUTES.state)]);

  it('matches a table path with its method and decodes the params', () => {
    const vote = route('POST', '/api/p/my%20study/vote');
    expect(vote?.handler.spec).toBe(ROUTES.vote);
    expect(vote?.params).toEqual({ slug: 'my study' });
    expect(route('GET', '/api/img/AbC-123_xyz')?.params).toEqual({ token: 'AbC-123_xyz' });
    expect(route('GET', '/api/p/s1/state/')?.handler.spec).toBe(ROUTES.state);
  });

  it('leaves everything else to Next: other methods, deeper or other paths, malformed escapes', () => {
    expect(route('GET', '/api/p/s1/vote')).toBeNull();
    expect(route('HEAD', '/api/img/abc')).toBeNull();
    expect(route('POST', '/api/p/s1/start')).toBeNull(); // not in this router
    expect(route('GET', '/api/img/a/b')).toBeNull();
    expect(route('GET', '/api/imgX/abc')).toBeNull();
    expect(route('GET', '/xapi/img/abc')).toBeNull();
    expect(route('POST', '/api/p/%E0%A4%A/vote')).toBeNull();
  });

  it('serves exactly the participant routes, each a route of the table', () => {
    for (const handler of [startRoute, stateRoute, voteRoute, imageRoute]) {
      expect(ROUTE_LIST).toContain(handler.spec);
      expect(handler.spec.access).toBe('participant');
      expect(allowedMethods(ROUTE_LIST, handler.spec.path.replace(/\{[^}]+\}/g, 'x'))).toContain(handler.spec.method);
    }
  });
});

describe('API headers', () => {
  it('next.config.js adds to /api/:path* exactly the headers the direct routes add', async () => {
    const config = createRequire(import.meta.url)(path.resolve('next.config.js')) as { headers: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]> };
    const rules = await config.headers();
    const forApi = Object.fromEntries(rules.filter((r) => r.source === '/api/:path*' || r.source === '/:path*').flatMap((r) => r.headers.map((h) => [h.key, h.value])));
    expect(forApi).toEqual(API_RESPONSE_HEADERS);
  });
});
