import { listSessions, requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';

/** Every signed-in session (admin only): who, since when, until when. */
export const GET = route(async (request: Request) => {
  await requireRole(request, ['ADMIN']);
  return Response.json({ sessions: await listSessions() });
});
