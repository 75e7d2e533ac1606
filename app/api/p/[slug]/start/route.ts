import { route } from '@/server/http/errors';
import { isHttps } from '@/server/http/sameOrigin';
import { readJson } from '@/server/http/input';
import { participantView, startParticipant } from '@/server/participation/participants';
import { limitStarts } from '@/server/participation/startLimit';
import { clientAddress } from '@/server/web/clientAddress';
import { cookieValue, participantCookie, participantCookieName } from '@/server/web/participantCookie';
import { z } from 'zod';

const startInput = z.object({ consent: z.literal(true, 'consent is required'), params: z.record(z.string(), z.string()).default({}) });

export const POST = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const body = startInput.parse(await readJson(request));
  const { token, participantId } = await startParticipant(slug, body.params, undefined, {
    existingToken: cookieValue(request, participantCookieName(slug)),
    beforeCreate: () => limitStarts(clientAddress(request)),
  });
  return Response.json(await participantView(participantId), { headers: { 'Set-Cookie': participantCookie(slug, token, isHttps(request)), 'Cache-Control': 'no-store' } });
});
