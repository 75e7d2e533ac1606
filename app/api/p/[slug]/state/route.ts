import { route } from '@/server/http/errors';
import { participantForToken, participantView } from '@/server/participation/participants';
import { cookieValue, participantCookieName } from '@/server/web/participantCookie';

export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const participant = await participantForToken(slug, cookieValue(request, participantCookieName(slug)));
  const view = participant ? await participantView(participant.id) : { stage: 'consent' as const };
  return Response.json(view, { headers: { 'Cache-Control': 'no-store' } });
});
