import { listSessions } from '@/server/auth/sessions';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

/** Every signed-in session (admin only): who, since when, until when. */
export const GET = handle(ROUTES.listSessions, async () => ({ sessions: await listSessions() }));
