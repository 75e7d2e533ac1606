import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { setStudyStatus } from '@/server/studies/studies';

export const POST = handle(ROUTES.setStatus, async ({ params, body }) => ({ study: await setStudyStatus(params.id!, body.status) }));
