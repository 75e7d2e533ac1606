// The web server: Next.js's request handler behind Node's own HTTP server, so that the app learns the real
// client address. `next start` only fills X-Forwarded-For when the client sent none, so a client could name
// any address it liked; here the socket's address (or, with TRUST_PROXY=1, the first X-Forwarded-For entry a
// trusted proxy wrote) is put in CLIENT_ADDRESS_HEADER and any value the client sent under that name is dropped.
// Started by npm start (scripts/start.ts); PORT and HOST as there.
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { env } from '../server/env';
import { answerDirect, directRouter } from '../server/http/directRoutes';
import { methodNotAllowed } from '../server/http/methods';
import { ROUTE_LIST } from '../server/http/routeTable';
import { imageRoute, startRoute, stateRoute, voteRoute } from '../server/participation/routes';
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from '../server/web/clientAddress';

async function main() {
  const settings = env();
  const app = next({ dev: false, dir: path.resolve(__dirname, '..'), hostname: settings.HOST, port: settings.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  // The participant's hot path is answered here with the same table-built handlers Next would run.
  const direct = settings.DIRECT_ROUTES === '1' ? directRouter([startRoute, stateRoute, voteRoute, imageRoute]) : () => null;
  const fail = (res: http.ServerResponse) => (error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":"Internal error"}');
  };
  const server = http.createServer((req, res) => {
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for'], settings.TRUST_PROXY === '1');
    const method = req.method ?? 'GET';
    const pathname = (req.url ?? '/').split('?')[0]!;
    // A method the route table does not allow on an API path: a JSON 405 like every other error (server/http/methods.ts).
    const wrongMethod = methodNotAllowed(ROUTE_LIST, method, pathname);
    if (wrongMethod) return void res.writeHead(wrongMethod.status, wrongMethod.headers).end(wrongMethod.body);
    const match = direct(method, pathname);
    const origin = match && originOf(req.headers.host);
    if (match && origin) return void answerDirect(req, res, match, origin).catch(fail(res));
    handle(req, res).catch(fail(res));
  });
  server.listen(settings.PORT, settings.HOST, () => console.log(`✓ Ready on http://${settings.HOST}:${settings.PORT}`));
  // Drain: stop accepting, let in-flight requests finish (at most 15 s), then exit.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The request's origin for a Fetch Request (Next builds it the same way); null for a Host header that is no host. */
function originOf(host: string | undefined): string | null {
  try {
    return new URL(`http://${host ?? 'localhost'}`).origin;
  } catch {
    return null;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
