import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { participantView, requireParticipant } from '@/server/participation/participants';
import { submitVote } from '@/server/participation/votes';
import { cookieValue, participantCookieName } from '@/server/web/participantCookie';

export const POST = handle(ROUTES.vote, async ({ request, params, body }) => {
  const slug = params.slug!;
  const participant = await requireParticipant(slug, cookieValue(request, participantCookieName(slug)));
  const result = await submitVote(participant.id, body);
  return Response.json({ ...result, view: await participantView(participant.id) }, { headers: { 'Cache-Control': 'no-store' } });
});
