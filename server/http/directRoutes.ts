/**
 * Routes the web server (scripts/serve.ts) answers itself with their table-built handlers, bypassing Next's
 * request pipeline: the participant's hot path, where Next's per-request work was most of the cost of a
 * recruitment wave (docs/performance.md). Matching is pure; the Node ⇄ Fetch adapter is the only I/O.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_RESPONSE_HEADERS } from '../web/securityHeaders';
import type { BuiltHandler } from './handler';
import { MAX_JSON_BYTES } from './input';
import { pathPattern } from './methods';

export interface DirectMatch {
  handler: BuiltHandler;
  params: Record<string, string>;
}

/** A matcher over these handlers' table paths (`/api/p/{slug}/vote`): the handler and its decoded params, or null. */
export function directRouter(handlers: BuiltHandler[]): (method: string, pathname: string) => DirectMatch | null {
  const compiled = handlers.map((handler) => ({ handler, method: handler.spec.method, ...pathPattern(handler.spec) }));
  return (method, pathname) => {
    for (const route of compiled) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      try {
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      } catch {
        return null; // a malformed escape: Next answers it as it answers any other path
      }
      return { handler: route.handler, params };
    }
    return null;
  };
}

/** At most `max` bytes of the body (one more tells the handler's own limit check that it was too large). */
async function bodyBytes(req: IncomingMessage, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    total += chunk.length;
    if (total > max) break;
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Runs a Fetch-API handler for a Node request (GET or a JSON POST) and writes its response, with the API headers Next would add. */
export async function answerDirect(req: IncomingMessage, res: ServerResponse, match: DirectMatch, origin: string): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const body = method === 'GET' ? undefined : await bodyBytes(req, MAX_JSON_BYTES);
  const request = new Request(new URL(req.url ?? '/', origin), { method, headers, body });
  const response = await match.handler(request, { params: Promise.resolve(match.params) });
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(API_RESPONSE_HEADERS)) out[name.toLowerCase()] = value;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  const payload = Buffer.from(await response.arrayBuffer());
  out['content-length'] = String(payload.length);
  res.writeHead(response.status, out).end(payload);
}
