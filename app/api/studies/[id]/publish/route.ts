import { publishStudy } from '@/server/generation/publish';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

export const POST = handle(ROUTES.publish, async ({ params }) => ({ study: await publishStudy(params.id!) }));
