import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { participantForToken, participantView } from '@/server/participation/participants';
import { cookieValue, participantCookieName } from '@/server/web/participantCookie';

export const GET = handle(ROUTES.state, async ({ request, params }) => {
  const slug = params.slug!;
  const participant = await participantForToken(slug, cookieValue(request, participantCookieName(slug)));
  const view = participant ? await participantView(participant.id) : { stage: 'consent' as const };
  return Response.json(view, { headers: { 'Cache-Control': 'no-store' } });
});
