import { route } from '@/server/http/errors';
import { participantView, startParticipant } from '@/server/participation/participants';
import { participantCookie } from '@/server/web/participantCookie';
import { z } from 'zod';

const startInput = z.object({ consent: z.literal(true, 'consent is required'), params: z.record(z.string(), z.string()).default({}) });

export const POST = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const body = startInput.parse(await request.json().catch(() => ({})));
  const { token, participantId } = await startParticipant(slug, body.params);
  return Response.json(await participantView(participantId), { headers: { 'Set-Cookie': participantCookie(slug, token), 'Cache-Control': 'no-store' } });
});
