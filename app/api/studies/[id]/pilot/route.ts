import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { isHttps } from '@/server/http/sameOrigin';
import { startPilot } from '@/server/studies/pilot';
import { participantCookie } from '@/server/web/participantCookie';

/** Starts a pilot participant for the signed-in admin or researcher in this browser; answers are never analysed. */
export const POST = handle(ROUTES.pilot, async ({ request, params }) => {
  const pilot = await startPilot(params.id!);
  return Response.json({ url: pilot.url }, { status: 201, headers: { 'Set-Cookie': participantCookie(pilot.slug, pilot.token, isHttps(request)), 'Cache-Control': 'no-store' } });
});
