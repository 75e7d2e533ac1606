import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { isHttps } from '@/server/http/sameOrigin';
import { startPilot } from '@/server/studies/pilot';
import { participantCookie } from '@/server/web/participantCookie';

/** Starts a pilot participant for the signed-in admin or researcher in this browser; answers are never analysed. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const pilot = await startPilot((await params).id);
  return Response.json({ url: pilot.url }, { status: 201, headers: { 'Set-Cookie': participantCookie(pilot.slug, pilot.token, isHttps(request)), 'Cache-Control': 'no-store' } });
});
