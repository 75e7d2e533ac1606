import { env } from '../env';
import { HttpError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function firstHeaderValue(value: string | null): string | undefined {
  return value?.split(',')[0]?.trim() || undefined;
}

/** The hosts this app answers as: the Host header (X-Forwarded-Host behind a trusted proxy) and PUBLIC_URL's. */
export function ownHosts(request: Request): string[] {
  const hosts = new Set<string>();
  const host = request.headers.get('host');
  if (host) hosts.add(host.toLowerCase());
  if (env().TRUST_PROXY === '1') {
    const forwarded = firstHeaderValue(request.headers.get('x-forwarded-host'));
    if (forwarded) hosts.add(forwarded.toLowerCase());
  }
  const publicUrl = env().PUBLIC_URL;
  if (publicUrl) hosts.add(new URL(publicUrl).host.toLowerCase());
  if (!host) hosts.add(new URL(request.url).host.toLowerCase());
  return [...hosts];
}

/**
 * CSRF defence for every state-changing request that a browser could send with our cookies: the browser's
 * Sec-Fetch-Site must say same-origin (or none: typed by the user), and an Origin header, when sent, must name
 * this app. Requests with a bearer token carry no ambient credential and pass; so do clients that send
 * neither header (curl, scripts: no browser, no cookie jar an attacker could borrow).
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  if (request.headers.get('authorization')?.startsWith('Bearer ')) return;
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new HttpError(403, `Cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 40)}): send it from this app's own pages`, undefined, 'cross_site');
  }
  const origin = request.headers.get('origin');
  if (origin !== null) {
    let host: string | null = null;
    try {
      host = origin === 'null' ? null : new URL(origin).host.toLowerCase();
    } catch {
      host = null;
    }
    if (!host || !ownHosts(request).includes(host)) {
      throw new HttpError(403, `Cross-site request refused (Origin ${origin.slice(0, 100)} is not this app)`, undefined, 'cross_site');
    }
  }
}

/** Whether the client reached us over HTTPS: the request's own scheme, or X-Forwarded-Proto from a trusted proxy (TRUST_PROXY=1). */
export function isHttps(request: Request): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  return env().TRUST_PROXY === '1' && firstHeaderValue(request.headers.get('x-forwarded-proto'))?.toLowerCase() === 'https';
}
