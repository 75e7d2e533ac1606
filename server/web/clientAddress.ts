import { env } from '../env';

/**
 * The address a request came from. `next start` appends the socket's address to X-Forwarded-For, so the last
 * entry is the one a client cannot forge; behind a trusted reverse proxy (TRUST_PROXY=1) the first entry is
 * the client the proxy saw.
 */
export function clientAddress(request: Request): string {
  const forwarded = (request.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (forwarded.length === 0) return request.headers.get('x-real-ip') ?? 'unknown';
  return env().TRUST_PROXY === '1' ? forwarded[0]! : forwarded[forwarded.length - 1]!;
}
