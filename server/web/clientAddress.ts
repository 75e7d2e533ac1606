import { env } from '../env';

/** Set by the web server (scripts/serve.ts) on every request; a client's own value is overwritten. */
export const CLIENT_ADDRESS_HEADER = 'x-ras-client-address';

/**
 * The client's address as the server saw it: the socket's peer, or behind a trusted reverse proxy
 * (TRUST_PROXY=1) the first X-Forwarded-For entry, the client that proxy saw.
 */
export function clientAddressOf(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  if (trustProxy && forwarded.length) return forwarded[0]!;
  return socketAddress ?? 'unknown';
}

/** The address a request came from (see CLIENT_ADDRESS_HEADER); 'unknown' when not served by scripts/serve.ts. */
export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? (env().TRUST_PROXY === '1' ? clientAddressOf(undefined, request.headers.get('x-forwarded-for') ?? undefined, true) : 'unknown');
}
