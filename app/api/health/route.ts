import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

export const dynamic = 'force-dynamic';

/** Liveness: the process answers. Touches nothing else (see /api/ready). */
export const GET = handle(ROUTES.health, async () => ({ status: 'ok' }));
