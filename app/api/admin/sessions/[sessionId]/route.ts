import { requireRole, revokeSession } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';

/** Revokes a session (admin only): its cookie and bearer token stop working at once. */
export const DELETE = route(async (request: Request, { params }: { params: Promise<{ sessionId: string }> }) => {
  await requireRole(request, ['ADMIN']);
  await revokeSession((await params).sessionId);
  return Response.json({ ok: true });
});
