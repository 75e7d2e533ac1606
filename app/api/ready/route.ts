import { readiness } from '@/server/health';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

export const dynamic = 'force-dynamic';

/** Readiness: database reachable, migrations applied, image store reachable; 503 with the failing checks. */
export const GET = handle(ROUTES.ready, async () => {
  const result = await readiness();
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
});
