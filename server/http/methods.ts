import type { RouteSpec } from './routeTable';

/**
 * The methods the route table allows on a request path, or null when no API route has that path (then Next
 * answers 404 itself). scripts/serve.ts answers any other method with a JSON 405 naming them, so a wrong method
 * gets the same error shape as everything else (Next's own 405 has no body).
 */
export function allowedMethods(routes: RouteSpec[], pathname: string): string[] | null {
  let found: string[] | null = null;
  for (const spec of routes) if (pathPattern(spec).pattern.test(pathname)) (found ??= []).push(spec.method);
  return found;
}

// Compiled once per route: this runs on every request the web server receives.
const patterns = new WeakMap<RouteSpec, { pattern: RegExp; names: string[] }>();

/** A table path (`/api/p/{slug}/vote`) as a regular expression with one capture group per parameter, in `names`' order. */
export function pathPattern(spec: RouteSpec): { pattern: RegExp; names: string[] } {
  let compiled = patterns.get(spec);
  if (!compiled) {
    const names: string[] = [];
    const source = spec.path
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? (names.push(part.slice(1, -1)), '([^/]+)') : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('');
    patterns.set(spec, (compiled = { pattern: new RegExp(`^${source}/?$`), names }));
  }
  return compiled;
}

/** The JSON 405 for a method the path does not allow; null when the method is fine (HEAD and OPTIONS go to Next). */
export function methodNotAllowed(routes: RouteSpec[], method: string, pathname: string): { status: 405; headers: Record<string, string>; body: string } | null {
  if (!pathname.startsWith('/api/')) return null;
  const allowed = allowedMethods(routes, pathname);
  if (!allowed || allowed.includes(method) || method === 'OPTIONS' || (method === 'HEAD' && allowed.includes('GET'))) return null;
  return {
    status: 405,
    headers: { 'content-type': 'application/json', allow: allowed.join(', '), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: JSON.stringify({ error: `${method.slice(0, 20)} is not allowed here; use ${allowed.join(' or ')}`, code: 'method_not_allowed' }),
  };
}
