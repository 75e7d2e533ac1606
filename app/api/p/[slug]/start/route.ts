import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { isHttps } from '@/server/http/sameOrigin';
import { participantView, startParticipant } from '@/server/participation/participants';
import { limitStarts } from '@/server/participation/startLimit';
import { clientAddress } from '@/server/web/clientAddress';
import { cookieValue, participantCookie, participantCookieName } from '@/server/web/participantCookie';

export const POST = handle(ROUTES.start, async ({ request, params, body }) => {
  const slug = params.slug!;
  const { token, participantId } = await startParticipant(slug, body.params, undefined, {
    existingToken: cookieValue(request, participantCookieName(slug)),
    beforeCreate: () => limitStarts(clientAddress(request)),
  });
  return Response.json(await participantView(participantId), { headers: { 'Set-Cookie': participantCookie(slug, token, isHttps(request)), 'Cache-Control': 'no-store' } });
});
