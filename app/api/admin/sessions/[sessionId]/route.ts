import { revokeSession } from '@/server/auth/sessions';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

/** Revokes a session (admin only): its cookie and bearer token stop working at once. */
export const DELETE = handle(ROUTES.revokeSession, async ({ params }) => {
  await revokeSession(params.sessionId!);
  return { ok: true };
});
