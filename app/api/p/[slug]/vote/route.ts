import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { participantView, requireParticipant } from '@/server/participation/participants';
import { submitVote } from '@/server/participation/votes';
import { voteInput } from '@/server/studies/schemas';
import { cookieValue, participantCookieName } from '@/server/web/participantCookie';

export const POST = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const participant = await requireParticipant(slug, cookieValue(request, participantCookieName(slug)));
  const vote = voteInput.parse(await readJson(request));
  const result = await submitVote(participant.id, vote);
  return Response.json({ ...result, view: await participantView(participant.id) }, { headers: { 'Cache-Control': 'no-store' } });
});
