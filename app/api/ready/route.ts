import { readiness } from '@/server/health';

export const dynamic = 'force-dynamic';

/** Readiness: database reachable, migrations applied, image store reachable; 503 with the failing checks. */
export async function GET() {
  const result = await readiness();
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
