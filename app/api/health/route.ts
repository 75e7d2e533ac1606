export const dynamic = 'force-dynamic';

/** Liveness: the process answers. Touches nothing else (see /api/ready). */
export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
